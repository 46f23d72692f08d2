//! The JSON report: one document per audit, stable for scripts and CI.
//!
//! ```text
//! {
//!   "rampart_version": "0.1.0",
//!   "account_id": "123456789012",
//!   "account_alias": "acme-prod" | null,
//!   "taken_at": "2026-11-28T09:00:00Z",          // the snapshot's time, RFC 3339, UTC
//!   "caller": { "arn": "…", "user_id": "…", "is_root": false },
//!   "summary": {
//!     "checks":   { "evaluated": 21, "failing": 9, "unknown": 1, "passing": 8,
//!                   "not_applicable": 3 },
//!     "findings": { "fail": 15, "unknown": 1, "pass": 20 },
//!     "failures_by_severity": { "critical": 2, "high": 6, "medium": 5, "low": 2, "info": 0 },
//!     "steps": [ { "step": 1, "title": "Stop using the root user", "passing": 2,
//!                  "applicable": 9, "evaluated": 9, "failing": 6, "unknown": 1,
//!                  "not_applicable": 0 }, … ],     // score = passing / applicable
//!     "failing_checks": 9,                         // = checks.failing
//!     "failing_findings": 15,                      // = findings.fail
//!     "failing_findings_by_severity": { … }        // = failures_by_severity
//!   },
//!   "checks": [                                    // every evaluated check, registry order
//!     { "id": "RMP102", "slug": "root-access-keys", "aliases": [],
//!       "step": 1, "step_title": "Stop using the root user", "severity": "critical",
//!       "title": "The root user has access keys",
//!       "frameworks": [ { "framework": "cis-aws-5.0", "control": "1.3" } ],
//!       "fix": "automatic" | "needs_setting" | "needs_flag" | "needs_person" | "manual",
//!       "fix_hint": "fix: rampart apply",          // what to do, one line
//!       "status": "fail" | "unknown" | "pass" | "not_applicable" }
//!       // fail if any finding fails, else unknown if any is unknown, else pass;
//!       // not_applicable when the check had nothing to judge (no finding at all)
//!   ],
//!   "findings": [                                  // every finding, passes included
//!     { "check_id": "RMP102", "severity": "critical", "status": "fail",
//!       "resource": { "kind": "root", "id": "arn:aws:iam::123456789012:root",
//!                     "region": "us-east-1" },    // region only when the resource has one
//!       "message": "the root user has access keys",
//!       "evidence": { "…": … },                   // the values the verdict rests on; may be {}
//!       "missing_permission": "iam:GetCredentialReport" | null }
//!   ]
//! }
//! ```
//! `severity` is one of `critical`, `high`, `medium`, `low`, `info`; a finding's severity is
//! its check's. Fields are only ever added, never renamed or removed, within a major version.

use chrono::{DateTime, Utc};
use rampart_checks::{Applicability, CheckMeta};
use rampart_model::{Caller, ResourceRef, Severity, Status};
use serde::Serialize;

use crate::summary::{CheckStatus, SeverityCounts, Summary};
use crate::Audit;

/// The version written into every report.
pub const RAMPART_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Serialize)]
struct Report<'a> {
    rampart_version: &'static str,
    account_id: &'a str,
    account_alias: Option<&'a str>,
    taken_at: DateTime<Utc>,
    caller: &'a Caller,
    summary: SummaryJson,
    checks: Vec<CheckJson>,
    findings: Vec<FindingJson<'a>>,
}

/// The `summary` object: [`Summary`] as it always was, then totals whose names say whether they
/// count checks or findings (`checks.failing` and `failures_by_severity` were read as the same).
#[derive(Serialize)]
pub(crate) struct SummaryJson {
    #[serde(flatten)]
    summary: Summary,
    failing_checks: usize,
    failing_findings: usize,
    failing_findings_by_severity: SeverityCounts,
}

impl SummaryJson {
    pub(crate) fn of(audit: &Audit) -> Self {
        let summary = Summary::of(audit);
        Self {
            failing_checks: summary.checks.failing,
            failing_findings: summary.findings.fail,
            failing_findings_by_severity: summary.failures_by_severity,
            summary,
        }
    }
}

/// A check's metadata as the JSON report and `rampart checks --format json` show it.
#[derive(Debug, Serialize)]
pub struct CheckJson {
    pub id: &'static str,
    pub slug: &'static str,
    pub aliases: &'static [&'static str],
    pub step: u8,
    pub step_title: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub frameworks: Vec<FrameworkJson>,
    /// How a failure is fixed: the check's own value in the catalogue, refined by the plan
    /// for this account in an audit.
    pub fix: Applicability,
    /// The fix as one line of advice, naming the setting, flag or step it needs.
    pub fix_hint: String,
    /// The check's overall status; absent in the catalogue, where nothing was evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CheckStatus>,
}

#[derive(Debug, Serialize)]
pub struct FrameworkJson {
    pub framework: &'static str,
    pub control: &'static str,
}

#[derive(Serialize)]
pub(crate) struct FindingJson<'a> {
    check_id: &'a str,
    severity: Option<Severity>,
    status: Status,
    resource: &'a ResourceRef,
    message: &'a str,
    evidence: &'a rampart_model::Evidence,
    missing_permission: Option<&'a str>,
}

impl<'a> FindingJson<'a> {
    pub(crate) fn new(f: &'a rampart_model::Finding, severity: Option<Severity>) -> Self {
        Self {
            check_id: &f.check_id,
            severity,
            status: f.status,
            resource: &f.resource,
            message: &f.message,
            evidence: &f.evidence,
            missing_permission: f.missing_permission.as_deref(),
        }
    }
}

impl CheckJson {
    pub fn of(meta: &'static CheckMeta, status: Option<CheckStatus>) -> Self {
        Self {
            id: meta.id,
            slug: meta.slug,
            aliases: meta.aliases,
            step: meta.step.number(),
            step_title: meta.step.title(),
            severity: meta.severity,
            title: meta.title,
            frameworks: meta
                .frameworks
                .iter()
                .map(|(framework, control)| FrameworkJson { framework, control })
                .collect(),
            fix: meta.fix.clone(),
            fix_hint: meta.fix.hint(meta.id),
            status,
        }
    }

    /// The same, with how this account's failure is fixed.
    pub fn with_fix(mut self, fix: &Applicability) -> Self {
        self.fix_hint = fix.hint(self.id);
        self.fix = fix.clone();
        self
    }
}

/// Renders the report as pretty JSON, ending with a newline.
pub fn render(audit: &Audit) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    render_to(audit, &mut out).map_err(serde_json::Error::io)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// Writes the report as pretty JSON, ending with a newline, straight into `out` (a large
/// account's report is never held in memory whole).
pub fn render_to(audit: &Audit, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let severities = audit.severities();
    let report = Report {
        rampart_version: RAMPART_VERSION,
        account_id: &audit.account_id,
        account_alias: audit.account_alias.as_deref(),
        taken_at: audit.taken_at,
        caller: &audit.caller,
        summary: SummaryJson::of(audit),
        checks: audit
            .checks
            .iter()
            .map(|m| CheckJson::of(m, Some(audit.check_status(m.id))).with_fix(audit.fix_of(m)))
            .collect(),
        findings: audit
            .findings
            .iter()
            .map(|f| FindingJson::new(f, severities.get(f.check_id.as_str()).copied()))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    fn value() -> serde_json::Value {
        let text = render(&test_support::audit()).expect("renders");
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn snapshot() {
        let mut v = value();
        assert_eq!(v["rampart_version"], RAMPART_VERSION);
        v["rampart_version"] = "[version]".into();
        insta::assert_json_snapshot!(v);
    }

    #[test]
    fn carries_every_finding_with_its_check_severity() {
        let v = value();
        let findings = v["findings"].as_array().expect("array");
        assert_eq!(findings.len(), test_support::audit().findings.len());
        assert_eq!(findings[0]["severity"], "critical");
        assert_eq!(
            findings[0]["evidence"]["credential_report.root_active_keys"],
            2
        );
        assert_eq!(
            findings[2]["missing_permission"],
            "account:GetAlternateContact"
        );
        assert_eq!(v["taken_at"], "2026-11-28T09:00:00Z");
        assert_eq!(v["summary"]["checks"]["failing"], 2);
        assert_eq!(v["summary"]["failing_checks"], 2);
        assert_eq!(v["summary"]["findings"]["fail"], 3);
        assert_eq!(v["summary"]["failing_findings"], 3);
        assert_eq!(
            v["summary"]["failing_findings_by_severity"],
            v["summary"]["failures_by_severity"]
        );
        let ids: Vec<_> = v["checks"]
            .as_array()
            .expect("array")
            .iter()
            .map(|c| c["id"].clone())
            .collect();
        assert_eq!(
            ids,
            ["RMP102", "RMP105", "RMP114", "RMP203", "RMP301", "RMP305"]
        );
        assert_eq!(v["checks"][5]["status"], "not_applicable");
        assert_eq!(v["checks"][3]["status"], "fail");
        assert_eq!(v["checks"][0]["frameworks"][0]["framework"], "cis-aws-7.0");
        assert_eq!(v["checks"][0]["frameworks"][0]["control"], "2.4");
    }
}
