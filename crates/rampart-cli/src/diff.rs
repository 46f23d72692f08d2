//! `rampart diff OLD NEW`: what got better or worse between two audits of an account.
//!
//! Each side is a snapshot (`rampart snapshot`), evaluated with every check and the default
//! settings, or a JSON report (`rampart audit --format json`), read as it is. Exit codes: 0 when
//! nothing new fails, 1 when NEW has a failure OLD did not have, 2 when a file cannot be read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Args;
use rampart_checks::{AuditConfig, Selection};
use rampart_model::Snapshot;
use rampart_report::diff::{self, Entry};
use rampart_report::Audit;

use crate::cli::{Format, Global};
use crate::output;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier snapshot or JSON report
    pub old: PathBuf,
    /// The later snapshot or JSON report
    pub new: PathBuf,
}

pub fn diff(global: &Global, args: &DiffArgs) -> anyhow::Result<ExitCode> {
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
    Ok(if d.new_failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
        .and_then(|a| a.as_str())
        .map(str::to_owned);
    if value.get("rampart_version").is_some() && value.get("findings").is_some() {
        let entries = diff::entries_of_report(&value).map_err(|e| anyhow!("{name}: {e}"))?;
        return Ok((entries, account));
    }
    let snapshot = Snapshot::from_json(&text)
        .map_err(|e| anyhow!("{name}: neither a JSON report nor a snapshot: {e}"))?;
    let audit = Audit::evaluate(&snapshot, &AuditConfig::default(), &Selection::all());
    Ok((diff::entries_of_audit(&audit), account))
}
