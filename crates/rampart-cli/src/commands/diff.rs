//! `rampart diff OLD NEW`: what got better or worse between two audits of an account, or of an
//! organization account by account (an account that became unreachable fixed nothing).
//!
//! Each side is a snapshot (`rampart snapshot`), evaluated with every check and the default
//! settings, or a JSON report (`rampart audit --format json`), read as it is. Exit codes: 0 when
//! nothing new fails, 1 when NEW has a failure OLD did not have, 2 when a file cannot be read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Args;
use rampart_checks::{AuditConfig, Selection};
use rampart_model::Scope;
use rampart_report::diff::{self, Entry};
use rampart_report::ScopeAudit;

use crate::global::{Format, Global};
use crate::output;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier snapshot or JSON report
    pub old: PathBuf,
    /// The later snapshot or JSON report
    pub new: PathBuf,
}

pub fn run(global: &Global, args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let (old, old_account) = load(&args.old)?;
    let (new, new_account) = load(&args.new)?;
    if let (Some(a), Some(b), false) = (&old_account, &new_account, global.quiet) {
        if a != b {
            eprintln!("{}", other_account_warning(args, a, b));
        }
    }
    let d = diff::compare(&old, &new);
    let text = match global.format {
        Format::Json => diff::render_json(&d)?,
        Format::Table => diff::render_text(&d),
    };
    output::write(global.output.as_deref(), &text)?;
    Ok(crate::exit::ExitStatus::from_findings(!d.new_failures.is_empty()).into())
}

/// The warning for two files of different accounts: their differences are not changes.
fn other_account_warning(args: &DiffArgs, old: &str, new: &str) -> String {
    format!(
        "warning: {} is of account {old} and {} of account {new}: this compares two different \
         accounts, not one account over time",
        args.old.display(),
        args.new.display()
    )
}

/// A file's findings (a JSON report's as they are, a snapshot's evaluated) and the account
/// it is of, when it says.
fn load(path: &Path) -> anyhow::Result<(Vec<Entry>, Option<String>)> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read: {e}"))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| anyhow!("{name}: not JSON: {e}"))?;
    let account = value
        .get("account_id")
        .or_else(|| value.get("organization").and_then(|o| o.get("id")))
        .and_then(|a| a.as_str())
        .map(str::to_owned);
    if value.get("rampart_version").is_some() && value.get("accounts").is_some() {
        let entries = entries_of_org_report(&value).map_err(|e| anyhow!("{name}: {e}"))?;
        return Ok((entries, account));
    }
    if value.get("rampart_version").is_some() && value.get("findings").is_some() {
        let entries = diff::entries_of_report(&value).map_err(|e| anyhow!("{name}: {e}"))?;
        return Ok((entries, account));
    }
    let scope = Scope::from_json(&text)
        .map_err(|e| anyhow!("{name}: neither a JSON report nor a snapshot: {e}"))?;
    let audit = ScopeAudit::evaluate(&scope, &AuditConfig::default(), &Selection::all());
    let of = match &scope.organization {
        Some(org) => Some(org.organization_id.clone()),
        None => account,
    };
    Ok((diff::entries_of_scope(&audit), of))
}

/// The entries of an organization's JSON report: each account's findings with its account
/// (the organization's with the management account), and an `unreachable` entry for each
/// account that could not be audited.
fn entries_of_org_report(report: &serde_json::Value) -> Result<Vec<Entry>, diff::DiffError> {
    let bad = |what: &str| diff::DiffError::NotAReport(what.to_owned());
    let checks = report.get("checks").cloned().unwrap_or_default();
    let organization = report
        .get("organization")
        .ok_or_else(|| bad("no `organization`"))?;
    let management = organization
        .get("management_account_id")
        .and_then(|m| m.as_str())
        .map(str::to_owned);
    let accounts = report
        .get("accounts")
        .and_then(|a| a.as_array())
        .ok_or_else(|| bad("no `accounts` array"))?;
    let mut out = vec![];
    let none = serde_json::Value::Array(vec![]);
    let part = |account: Option<String>, findings: &serde_json::Value| {
        let part = serde_json::json!({ "checks": checks, "findings": findings });
        diff::entries_of_report(&part).map(|entries| {
            entries
                .into_iter()
                .map(|mut e| {
                    e.account_id.clone_from(&account);
                    e
                })
                .collect::<Vec<_>>()
        })
    };
    out.extend(part(
        management,
        organization.get("findings").unwrap_or(&none),
    )?);
    for a in accounts {
        let id = a
            .get("account_id")
            .and_then(|i| i.as_str())
            .unwrap_or_default()
            .to_owned();
        if a.get("status").and_then(|s| s.as_str()) == Some("unreachable") {
            out.push(Entry {
                account_id: Some(id.clone()),
                check_id: diff::UNREACHABLE.to_owned(),
                resource: id,
                status: rampart_model::Status::Unknown,
                severity: None,
                title: Some("The account could not be audited".to_owned()),
                message: a
                    .get("reason")
                    .and_then(|r| r.as_str())
                    .unwrap_or_default()
                    .to_owned(),
            });
            continue;
        }
        out.extend(part(Some(id), a.get("findings").unwrap_or(&none))?);
    }
    Ok(out)
}
