//! Small helpers every check uses: resource references, evidence values and `unknown` findings
//! for facts that are absent rather than refused.

use rampart_model::cloudtrail::Trail;
use rampart_model::credential_report::ReportDate;
use rampart_model::{Finding, ResourceRef};

use crate::Context;

pub use rampart_model::Gap;

pub fn account(cx: &Context<'_>) -> ResourceRef {
    ResourceRef::account(&cx.snapshot.account_id)
}

pub fn root(cx: &Context<'_>) -> ResourceRef {
    ResourceRef::new("root", cx.snapshot.root_arn())
}

pub fn user(arn: &str) -> ResourceRef {
    ResourceRef::new("iam-user", arn)
}

pub fn group(arn: &str) -> ResourceRef {
    ResourceRef::new("iam-group", arn)
}

pub fn role(arn: &str) -> ResourceRef {
    ResourceRef::new("iam-role", arn)
}

pub fn trail(t: &Trail) -> ResourceRef {
    ResourceRef::new("trail", t.arn.as_str()).in_region(t.home_region.as_str())
}

pub fn bucket(name: &str) -> ResourceRef {
    ResourceRef::new("s3-bucket", format!("arn:aws:s3:::{name}"))
}

/// A credential-report date as the report writes it: a time, `N/A`, `no_information` or
/// `not_supported`.
pub fn report_date(d: &ReportDate) -> String {
    match d {
        ReportDate::At(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ReportDate::NotApplicable => "N/A".to_owned(),
        ReportDate::NoInformation => "no_information".to_owned(),
        ReportDate::NotSupported => "not_supported".to_owned(),
    }
}

/// At most this many names go into one piece of evidence; the count goes with them.
pub const EVIDENCE_NAMES: usize = 20;

/// The first [`EVIDENCE_NAMES`] of `names`, so a 100,000-member group does not become a
/// 100,000-line finding.
pub fn first_names<'a>(names: &[&'a str]) -> Vec<&'a str> {
    names.iter().take(EVIDENCE_NAMES).copied().collect()
}

/// Adds evidence by moving the value in. `Finding::with` serialises (and so copies) its
/// value; checks that emit a finding per user use this instead.
pub fn put(mut f: Finding, key: &str, value: impl Into<serde_json::Value>) -> Finding {
    f.evidence.insert(key.to_owned(), value.into());
    f
}
