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
    let old = load(&args.old)?;
    let new = load(&args.new)?;
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

/// A file's findings: a JSON report's as they are, a snapshot's evaluated.
fn load(path: &Path) -> anyhow::Result<Vec<Entry>> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read: {e}"))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| anyhow!("{name}: not JSON: {e}"))?;
    if value.get("rampart_version").is_some() && value.get("findings").is_some() {
        return diff::entries_of_report(&value).map_err(|e| anyhow!("{name}: {e}"));
    }
    let snapshot = Snapshot::from_json(&text)
        .map_err(|e| anyhow!("{name}: neither a JSON report nor a snapshot: {e}"))?;
    let audit = Audit::evaluate(&snapshot, &AuditConfig::default(), &Selection::all());
    Ok(diff::entries_of_audit(&audit))
}
