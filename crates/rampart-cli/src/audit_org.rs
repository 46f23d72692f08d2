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

/// Writes the organization report in every `--format`, as one account's is written.
fn write(global: &Global, args: &AuditArgs, audit: &OrgAudit) -> anyhow::Result<()> {
    output::write_reports(global, args, |format, path| {
        emit(global, audit, format, path)
    })
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
