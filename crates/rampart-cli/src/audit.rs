//! `rampart audit` and `rampart snapshot`: collect (or load) a snapshot, evaluate, report, and
//! turn the result into an exit code.

use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use rampart_checks::Selection;
use rampart_model::{Severity, Snapshot};
use rampart_report::Audit;

use crate::cli::{AuditArgs, Global};
use crate::{collect, config, output};

/// `--fail-on` when neither the flag nor `rampart.toml` sets it.
pub const DEFAULT_FAIL_ON: Severity = Severity::High;

pub fn audit(global: &Global, args: &AuditArgs) -> anyhow::Result<ExitCode> {
    let settings = config::load(args.config.as_deref())?;
    if global.verbose > 0 {
        if let Some(source) = &settings.source {
            eprintln!("settings: {}", source.display());
        }
    }
    let mut ignore = settings.ignore.clone();
    ignore.extend(args.ignore.iter().cloned());
    let selection =
        Selection::new(&args.select, &ignore).map_err(|e| anyhow!("--select/--ignore: {e}"))?;
    let snapshot = match &args.snapshot {
        Some(path) => load_snapshot(path)?,
        None => collect::collect(global)?,
    };
    let audit = Audit::evaluate(&snapshot, &settings.audit, &selection);
    output::write_audit(global, args, &audit)?;
    if audit.decided_nothing() {
        anyhow::bail!(
            "could not read the account: none of the {} checks could be decided{}",
            audit.checks.len(),
            first_missing(&audit)
                .map(|a| format!(" (missing permissions, such as `{a}`)"))
                .unwrap_or_default()
        );
    }
    let fail_on = args.fail_on.or(settings.fail_on).unwrap_or(DEFAULT_FAIL_ON);
    let unknown = audit.unknown_at_or_above(fail_on);
    if !unknown.is_empty() && !global.quiet {
        eprintln!(
            "{} check(s) at or above `{}` could not be decided, so the account is not known to pass them: {}",
            unknown.len(),
            fail_on.as_str(),
            unknown.join(", ")
        );
    }
    let failed = audit.fails_at_or_above(fail_on)
        || !unknown.is_empty()
        || (args.fail_on_unknown && audit.has_unknown());
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The first permission an unknown finding names, for the "could not read" error.
fn first_missing(audit: &Audit) -> Option<&str> {
    audit
        .findings
        .iter()
        .find_map(|f| f.missing_permission.as_deref())
}

pub fn snapshot(global: &Global) -> anyhow::Result<ExitCode> {
    let snapshot = collect::collect(global)?;
    let mut text = snapshot.to_json();
    text.push('\n');
    output::write(global.output.as_deref(), &text)?;
    if !global.quiet {
        if let Some(path) = &global.output {
            eprintln!(
                "snapshot of account {} written to {}",
                snapshot.account_id,
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a snapshot file; every error is one line that names the file.
pub fn load_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("{name}: cannot read the snapshot: {e}"))?;
    Snapshot::from_json(&text).map_err(|e| anyhow!("{name}: {e}"))
}
