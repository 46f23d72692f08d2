//! `rampart audit --org` (or of an organization snapshot): evaluate every audited account,
//! report the organization, and turn it into an exit code. An account that could not be
//! reached makes the run fail like an undecided check: it is not known to pass anything.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use rampart_checks::Selection;
use rampart_model::organization::OrgSnapshot;
use rampart_report::organization::{OrgAudit, Outcome};
use rampart_report::table::TableOptions;

use crate::audit::{fixes, AuditArgs};
use crate::cli::{Global, ReportFormat};
use crate::config::Settings;
use crate::output;

pub fn audit_org(
    global: &Global,
    args: &AuditArgs,
    settings: &Settings,
    selection: &Selection,
    snapshot: &OrgSnapshot,
) -> anyhow::Result<ExitCode> {
    if args.compliance.is_some() {
        bail!("--compliance: not yet for an organization; audit one account's snapshot for it");
    }
    let mut audit = OrgAudit::evaluate(snapshot, &settings.audit, selection);
    for (account, taken) in audit.accounts.iter_mut().zip(&snapshot.accounts) {
        if let (Outcome::Audited(one), Some(snap)) = (&mut account.outcome, taken.snapshot()) {
            one.fixes = fixes(&settings.baseline, snap, one);
        }
    }
    if let Some(id) = &args.account {
        audit = audit.only_account(id).ok_or_else(|| {
            anyhow!(
                "--account {id}: not among the {} accounts of this organization audit",
                snapshot.accounts.len()
            )
        })?;
    }
    write(global, args, &audit)?;

    let fail_on = args.fail_on.unwrap_or(settings.fail_on);
    let unknown = audit.unknown_at_or_above(fail_on);
    let unreachable: Vec<String> = audit.unreachable().map(|a| a.account_id.clone()).collect();
    if !global.quiet {
        if !unreachable.is_empty() {
            eprintln!(
                "{} account(s) could not be audited, so they are not known to pass anything: {}",
                unreachable.len(),
                unreachable.join(", ")
            );
        }
        if !unknown.is_empty() {
            eprintln!(
                "{} check(s) at or above `{}` could not be decided: {}",
                unknown.len(),
                fail_on.as_str(),
                unknown.join(", ")
            );
        }
    }
    let failed = audit.fails_at_or_above(fail_on)
        || !unknown.is_empty()
        || !unreachable.is_empty()
        || (args.fail_on_unknown && audit.has_unknown());
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes the organization report in every `--format`.
fn write(global: &Global, args: &AuditArgs, audit: &OrgAudit) -> anyhow::Result<()> {
    let mut formats = global.formats.clone();
    formats.dedup();
    if formats.contains(&ReportFormat::Html) && path_is_terminal(args, global) {
        bail!(
            "--format html: a page, not for a terminal; write it with -o FILE or --output-dir DIR"
        );
    }
    match &args.output_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow!("{}: cannot create the directory: {e}", dir.display()))?;
            for format in formats {
                let path = dir.join(output::file_name(format));
                emit(global, audit, format, Some(&path))?;
                if !global.quiet {
                    eprintln!("{} report written to {}", format.name(), path.display());
                }
            }
            Ok(())
        }
        None => emit(
            global,
            audit,
            formats.first().copied().unwrap_or(ReportFormat::Table),
            global.output.as_deref(),
        ),
    }
}

/// Whether the report would go to a terminal (HTML is refused there, as for one account).
fn path_is_terminal(args: &AuditArgs, global: &Global) -> bool {
    use std::io::IsTerminal;
    args.output_dir.is_none() && global.output.is_none() && std::io::stdout().is_terminal()
}

fn emit(
    global: &Global,
    audit: &OrgAudit,
    format: ReportFormat,
    path: Option<&Path>,
) -> anyhow::Result<()> {
    use rampart_report::organization as report;
    let text = match format {
        ReportFormat::Json => {
            return output::write_with(path, |out| report::render_json_to(audit, out));
        }
        ReportFormat::Sarif => report::render_sarif(audit)?,
        ReportFormat::Junit => report::render_junit(audit),
        ReportFormat::Csv => report::render_csv(audit)?,
        ReportFormat::Html => report::render_html(audit),
        ReportFormat::Table => {
            let table = TableOptions {
                color: output::use_color(global.no_color, path),
                width: output::width(path),
                verbose: global.verbose > 0,
            };
            report::render_table(audit, &table)
        }
    };
    output::write(path, &text)
}
