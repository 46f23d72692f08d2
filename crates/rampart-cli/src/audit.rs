//! `rampart audit` and `rampart snapshot`: collect (or load) a snapshot, evaluate, report, and
//! turn the result into an exit code.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Args;
use rampart_aws::CollectOptions;
use rampart_checks::{Applicability, Selection};
use rampart_model::{AnySnapshot, Severity, Snapshot, Status};
use rampart_report::Audit;

use crate::cli::Global;
use crate::completion::{CHECK_NAME, FRAMEWORK_NAME};
use crate::org_args::OrgArgs;
use crate::{collect, config, output};

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Evaluate this saved snapshot offline instead of collecting from AWS (an account's, or
    /// an organization's from `snapshot --org`)
    #[arg(long, value_name = "FILE", conflicts_with = "org")]
    pub snapshot: Option<PathBuf>,
    /// Of an organization, report only this account (with --org or an organization snapshot)
    #[arg(long, value_name = "ID", value_parser = crate::org_args::parse_account_id)]
    pub account: Option<String>,
    /// Run only these checks (ids, slugs or id prefixes such as RMP2; repeatable, comma lists ok)
    #[arg(long, value_name = "IDS", value_delimiter = ',', value_parser = CHECK_NAME, hide_possible_values = true)]
    pub select: Vec<String>,
    /// Skip these checks (ids, slugs or id prefixes; repeatable, comma lists ok)
    #[arg(long, value_name = "IDS", value_delimiter = ',', value_parser = CHECK_NAME, hide_possible_values = true)]
    pub ignore: Vec<String>,
    /// Exit 1 when a check of this severity or above fails or could not be decided ("unknown":
    /// a fact could not be read) [default: high, or rampart.toml's audit.fail_on]
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Also exit 1 when a check below the --fail-on severity could not be decided
    #[arg(long)]
    pub fail_on_unknown: bool,
    /// Read audit settings from FILE [default: ./rampart.toml when it exists]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write one report per --format into DIR (created if missing), named rampart-report.<ext>
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,
    /// Group the findings by the controls of FRAMEWORK (cis-aws-5.0, aws-fsbp), one status per
    /// control; with --format table, json, html or csv
    #[arg(long, value_name = "FRAMEWORK", value_parser = FRAMEWORK_NAME, hide_possible_values = true)]
    pub compliance: Option<String>,
    #[command(flatten)]
    pub org: OrgArgs,
}

/// `rampart snapshot`'s options.
#[derive(Debug, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub org: OrgArgs,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

/// How this account's failing checks are fixed, where the plan made for it (with
/// `rampart.toml`'s baseline and no flags, as `rampart plan` would) says otherwise than the
/// checks declare: the fix hints then say what `rampart apply` would really do here.
pub(crate) fn fixes(
    baseline: &rampart_plan::Baseline,
    snapshot: &Snapshot,
    audit: &Audit,
) -> HashMap<String, Applicability> {
    let failing: Vec<_> = audit
        .checks
        .iter()
        .filter(|m| audit.findings_of(m.id).any(|f| f.status == Status::Fail))
        .collect();
    if failing.is_empty() {
        return HashMap::new();
    }
    let plan = rampart_plan::plan(baseline, snapshot, &rampart_plan::PlanOptions::default());
    failing
        .into_iter()
        .filter_map(|m| {
            let fix = plan.applicability(m.id, &m.fix);
            (fix != m.fix).then(|| (m.id.to_owned(), fix))
        })
        .collect()
}

pub fn audit(global: &Global, args: &AuditArgs) -> anyhow::Result<ExitCode> {
    let settings = config::settings(args.config.as_deref(), global)?;
    let mut ignore = settings.ignore.clone();
    ignore.extend(args.ignore.iter().cloned());
    let selection =
        Selection::new(&args.select, &ignore).map_err(|e| anyhow!("--select/--ignore: {e}"))?;
    let snapshot = match &args.snapshot {
        Some(path) => load_any(path)?,
        None if args.org.org => AnySnapshot::Organization(collect::collect_org(
            global,
            &args.org,
            &collect::options_for(&selection),
        )?),
        None => AnySnapshot::Account(Box::new(collect::collect(
            global,
            &collect::options_for(&selection),
        )?)),
    };
    let snapshot = match snapshot {
        AnySnapshot::Organization(org) => {
            return crate::audit_org::audit_org(global, args, &settings, &selection, &org)
        }
        AnySnapshot::Account(s) => *s,
    };
    if let Some(id) = args
        .account
        .as_ref()
        .filter(|id| **id != snapshot.account_id)
    {
        anyhow::bail!(
            "--account {id}: this is an audit of account {} alone",
            snapshot.account_id
        );
    }
    let mut audit = Audit::evaluate(&snapshot, &settings.audit, &selection);
    audit.fixes = fixes(&settings.baseline, &snapshot, &audit);
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
    let fail_on = args.fail_on.unwrap_or(settings.fail_on);
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

pub fn snapshot(global: &Global, args: &SnapshotArgs) -> anyhow::Result<ExitCode> {
    let (mut text, what) = if args.org.org {
        let org = collect::collect_org(global, &args.org, &CollectOptions::default())?;
        let unreachable = org
            .accounts
            .iter()
            .filter(|a| a.snapshot().is_none())
            .count();
        let what = format!(
            "snapshot of organization {} ({} accounts, {unreachable} unreachable)",
            org.organization_id,
            org.accounts.len()
        );
        (org.to_json(), what)
    } else {
        let snapshot = collect::collect(global, &CollectOptions::default())?;
        let what = format!("snapshot of account {}", snapshot.account_id);
        (snapshot.to_json(), what)
    };
    text.push('\n');
    output::write(global.output.as_deref(), &text)?;
    if !global.quiet {
        if let Some(path) = &global.output {
            eprintln!("{what} written to {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a snapshot file of either kind; every error is one line that names the file.
pub fn load_any(path: &Path) -> anyhow::Result<AnySnapshot> {
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("{name}: cannot read the snapshot: {e}"))?;
    AnySnapshot::from_json(&text).map_err(|e| anyhow!("{name}: {e}"))
}
