//! The CSV report: one row per finding (passes included), for spreadsheets.
//!
//! Columns, in order: `account_id, check_id, slug, step, severity, status, resource_kind,
//! resource_id, region, message, missing_permission, evidence` — `evidence` is the finding's
//! evidence as compact JSON (`{}` when there is none); empty cells mean "none".

use crate::Audit;

/// The header row.
pub const COLUMNS: [&str; 12] = [
    "account_id",
    "check_id",
    "slug",
    "step",
    "severity",
    "status",
    "resource_kind",
    "resource_id",
    "region",
    "message",
    "missing_permission",
    "evidence",
];

/// Why the CSV could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot serialise evidence: {0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV output is not UTF-8")]
    Utf8,
}

/// Renders the findings as CSV with a header row.
pub fn render(audit: &Audit) -> Result<String, CsvError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    write_rows(&mut w, audit)?;
    finish(w)
}

/// The header-less rows of one account's findings.
pub(crate) fn write_rows(w: &mut ::csv::Writer<Vec<u8>>, audit: &Audit) -> Result<(), CsvError> {
    for f in &audit.findings {
        let meta = audit.meta_of(&f.check_id);
        let step = meta
            .map(|m| m.step.number().to_string())
            .unwrap_or_default();
        let status = match f.status {
            rampart_model::Status::Fail => "fail",
            rampart_model::Status::Unknown => "unknown",
            rampart_model::Status::Pass => "pass",
        };
        let evidence = serde_json::to_string(&f.evidence)?;
        w.write_record([
            audit.account_id.as_str(),
            &f.check_id,
            meta.map_or("", |m| m.slug),
            &step,
            meta.map_or("", |m| m.severity.as_str()),
            status,
            &f.resource.kind,
            &f.resource.id,
            f.resource.region.as_deref().unwrap_or(""),
            &f.message,
            f.missing_permission.as_deref().unwrap_or(""),
            &evidence,
        ])?;
    }
    Ok(())
}

/// The CSV text written so far.
pub(crate) fn finish(w: ::csv::Writer<Vec<u8>>) -> Result<String, CsvError> {
    let bytes = w
        .into_inner()
        .map_err(|e| CsvError::Csv(e.into_error().into()))?;
    String::from_utf8(bytes).map_err(|_| CsvError::Utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    #[test]
    fn one_row_per_finding_that_parses_back() {
        let a = test_support::audit();
        let text = render(&a).expect("renders");
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, COLUMNS);
        let rows: Vec<::csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), a.findings.len());
        assert_eq!(&rows[0][1], "RMP102");
        assert_eq!(&rows[0][5], "fail");
        let ev: serde_json::Value = serde_json::from_str(&rows[0][11]).expect("evidence JSON");
        assert_eq!(ev["credential_report.root_active_keys"], 2);
        assert_eq!(&rows[2][10], "account:GetAlternateContact");
    }
}
