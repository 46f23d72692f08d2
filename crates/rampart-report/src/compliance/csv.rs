//! The compliance view as CSV, for spreadsheets: one row per control and problem finding.
//!
//! Columns, in order: `framework, control, title, status, checks, check_id, finding_status,
//! resource_kind, resource_id, region, message, how_to` (how to verify by hand, on the rows of
//! a `manual` control). A control without failing or undecided
//! findings has one row with the finding cells empty; `checks` is the comma list of its checks
//! (`-` when rampart has none for it).

use rampart_model::Status;

use super::{check_list, evaluate, ControlStatus, Framework};
use crate::csv::CsvError;
use crate::Audit;

/// The header row.
pub const COLUMNS: [&str; 12] = [
    "framework",
    "control",
    "title",
    "status",
    "checks",
    "check_id",
    "finding_status",
    "resource_kind",
    "resource_id",
    "region",
    "message",
    "how_to",
];

/// Renders the view as CSV with a header row.
pub fn render_csv(fw: &Framework, audit: &Audit) -> Result<String, CsvError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for row in rows(fw, audit) {
        w.write_record(&row)?;
    }
    crate::csv::finish(w)
}

/// The view's rows, without the header: a control without failing or undecided findings is
/// one row with the finding cells empty, else one row per such finding.
pub(crate) fn rows(fw: &Framework, audit: &Audit) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for r in evaluate(fw, audit) {
        let checks = check_list(&r);
        let control = [
            fw.name.as_str(),
            r.control,
            r.title,
            r.status.as_str(),
            &checks,
        ];
        let how = match r.status {
            ControlStatus::Manual => r.how_to.unwrap_or(""),
            _ => "",
        };
        let row = |finding: [&str; 6]| -> Vec<String> {
            control
                .iter()
                .chain(&finding)
                .chain(std::iter::once(&how))
                .map(|c| (*c).to_owned())
                .collect()
        };
        if r.findings.is_empty() {
            out.push(row([""; 6]));
        }
        for f in &r.findings {
            // Only failing and undecided findings are listed under a control.
            let status = if f.status == Status::Fail {
                "fail"
            } else {
                "unknown"
            };
            out.push(row([
                f.check_id.as_str(),
                status,
                &f.resource.kind,
                &f.resource.id,
                f.resource.region.as_deref().unwrap_or(""),
                &f.message,
            ]));
        }
    }
    out
}
