//! One entry point per report format, for the audit of any scope.
//!
//! An account audited on its own (a scope of one account and no organization) is drawn in the
//! single-account layout of [`crate::table`], [`crate::json`] and the others, byte for byte;
//! any other scope in the organization layout of [`crate::organization`]. A compliance view
//! is drawn per account, the management account's with the organization's own checks, so an
//! organization's view is every account's view under its name.

use crate::compliance::{self, Framework};
use crate::csv::CsvError;
use crate::scope::{Outcome, ScopeAudit};
use crate::table::TableOptions;
use crate::{organization, Audit};

/// The terminal table.
pub fn table(audit: &ScopeAudit, opts: &TableOptions) -> String {
    match audit.single() {
        Some(one) => crate::table::render(one, opts),
        None => organization::render_table(audit, opts),
    }
}

/// The JSON report, streamed to `out`.
pub fn json_to(audit: &ScopeAudit, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match audit.single() {
        Some(one) => crate::json::render_to(one, out),
        None => organization::render_json_to(audit, out),
    }
}

/// The JSON report as a string.
pub fn json(audit: &ScopeAudit) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    json_to(audit, &mut out).map_err(serde_json::Error::io)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// One self-contained HTML page.
pub fn html(audit: &ScopeAudit) -> String {
    match audit.single() {
        Some(one) => crate::html::render(one),
        None => organization::render_html(audit),
    }
}

/// SARIF 2.1.0.
pub fn sarif(audit: &ScopeAudit) -> Result<String, serde_json::Error> {
    match audit.single() {
        Some(one) => crate::sarif::render(one),
        None => organization::render_sarif(audit),
    }
}

/// JUnit XML.
pub fn junit(audit: &ScopeAudit) -> String {
    match audit.single() {
        Some(one) => crate::junit::render(one),
        None => organization::render_junit(audit),
    }
}

/// CSV, one row per finding.
pub fn csv(audit: &ScopeAudit) -> Result<String, CsvError> {
    match audit.single() {
        Some(one) => crate::csv::render(one),
        None => organization::render_csv(audit),
    }
}

/// Each audited account's audit as the single-account views see it (the management
/// account's with the organization's own checks), or the reason it could not be audited.
fn per_account(audit: &ScopeAudit) -> Vec<(&crate::scope::AccountAudit, Result<Audit, &str>)> {
    audit
        .accounts
        .iter()
        .map(|a| {
            let one = match &a.outcome {
                Outcome::Audited(one) => Ok(audit.as_account(a, one)),
                Outcome::Unreachable { reason } => Err(reason.as_str()),
            };
            (a, one)
        })
        .collect()
}

/// The heading of one account's part of a several-account view.
fn heading(a: &crate::scope::AccountAudit) -> String {
    if a.name.is_empty() {
        format!("━━ Account {} ━━", a.account_id)
    } else {
        format!("━━ Account {} · {} ━━", a.account_id, a.name)
    }
}

/// The compliance view in the terminal.
pub fn compliance_table(fw: &Framework, audit: &ScopeAudit, opts: &TableOptions) -> String {
    if let Some(one) = audit.single() {
        return compliance::render_table(fw, one, opts);
    }
    let mut out = String::new();
    for (a, one) in per_account(audit) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&heading(a));
        out.push('\n');
        match one {
            Ok(one) => out.push_str(&compliance::render_table(fw, &one, opts)),
            Err(reason) => out.push_str(&format!(
                "unreachable, so not known to meet any control: {reason}\n"
            )),
        }
    }
    out
}

/// The compliance view as JSON; for several accounts, `{ framework, title, organization_id,
/// taken_at, accounts: [ { account_id, name, status, reason?, controls? } ] }`.
pub fn compliance_json(fw: &Framework, audit: &ScopeAudit) -> Result<String, serde_json::Error> {
    if let Some(one) = audit.single() {
        return compliance::render_json(fw, one);
    }
    let mut accounts = Vec::new();
    for (a, one) in per_account(audit) {
        let mut v = serde_json::json!({
            "account_id": a.account_id,
            "name": a.name,
            "status": a.status(),
        });
        match one {
            Ok(one) => v["controls"] = serde_json::to_value(compliance::evaluate(fw, &one))?,
            Err(reason) => v["reason"] = reason.into(),
        }
        accounts.push(v);
    }
    let v = serde_json::json!({
        "framework": fw.name,
        "title": fw.title,
        "organization_id": audit.organization().organization_id,
        "taken_at": audit.taken_at,
        "accounts": accounts,
    });
    let mut s = serde_json::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s)
}

/// The compliance view as CSV; for several accounts, an `account_id` column first and an
/// unreachable account as one row with status `unreachable`.
pub fn compliance_csv(fw: &Framework, audit: &ScopeAudit) -> Result<String, CsvError> {
    if let Some(one) = audit.single() {
        return compliance::render_csv(fw, one);
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec!["account_id"];
    header.extend(compliance::csv::COLUMNS);
    w.write_record(&header)?;
    for (a, one) in per_account(audit) {
        match one {
            Ok(one) => {
                for row in compliance::csv::rows(fw, &one) {
                    let mut record = vec![a.account_id.clone()];
                    record.extend(row);
                    w.write_record(&record)?;
                }
            }
            Err(reason) => {
                let mut record = vec![a.account_id.clone()];
                record.extend(compliance::csv::COLUMNS.iter().map(|column| match *column {
                    "framework" => fw.name.clone(),
                    "status" => "unreachable".to_owned(),
                    "message" => reason.to_owned(),
                    _ => String::new(),
                }));
                w.write_record(&record)?;
            }
        }
    }
    crate::csv::finish(w)
}

/// The compliance view as JUnit XML: one test suite per account, one test case per
/// recommendation.
pub fn compliance_junit(fw: &Framework, audit: &ScopeAudit) -> String {
    with_ci_accounts(audit, |accounts| compliance::ci::junit(fw, accounts))
}

/// The compliance view as SARIF: the recommendations as rules, a result per recommendation
/// that fails or could not be decided, in each account.
pub fn compliance_sarif(fw: &Framework, audit: &ScopeAudit) -> Result<String, serde_json::Error> {
    with_ci_accounts(audit, |accounts| compliance::ci::sarif(fw, accounts))
}

/// Calls `render` with every account of the scope, as the CI formats take them.
fn with_ci_accounts<T>(
    audit: &ScopeAudit,
    render: impl FnOnce(&[compliance::ci::Account<'_>]) -> T,
) -> T {
    if let Some(one) = audit.single() {
        return render(&[(one.account_id.as_str(), Ok(one))]);
    }
    let per = per_account(audit);
    let accounts: Vec<compliance::ci::Account<'_>> = per
        .iter()
        .map(|(a, one)| (a.account_id.as_str(), one.as_ref().map_err(|r| *r)))
        .collect();
    render(&accounts)
}

/// The compliance view as one HTML page; for several accounts, one section per account.
pub fn compliance_html(fw: &Framework, audit: &ScopeAudit) -> String {
    if let Some(one) = audit.single() {
        return compliance::render_html(fw, one);
    }
    let sections: Vec<(String, Result<String, String>)> = per_account(audit)
        .into_iter()
        .map(|(a, one)| {
            let body = match one {
                Ok(one) => Ok(compliance::html::section(fw, &one)),
                Err(reason) => Err(reason.to_owned()),
            };
            (
                heading(a).trim_matches(|c| c == '━' || c == ' ').to_owned(),
                body,
            )
        })
        .collect();
    compliance::html::page_of_accounts(
        fw,
        &audit.organization().organization_id,
        audit.taken_at,
        &sections,
    )
}
