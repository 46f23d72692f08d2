//! `rampart audit` and `rampart snapshot`: collect (or load) a scope — one account, or an
//! organization's accounts — evaluate it, report, and turn the result into an exit code. An
//! account that could not be reached makes the run fail like an undecided check: it is not
//! known to pass anything.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;
use clap::Args;
use rampart_checks::{Applicability, Selection};
use rampart_model::{Severity, Snapshot, Status};
use rampart_report::{Audit, Outcome, ScopeAudit};

use crate::completion::{CHECK_NAME, FRAMEWORK_NAME};
use crate::config;
use crate::exit::ExitStatus;
use crate::global::Global;
use crate::org_args::OrgArgs;
use crate::session::Session;

mod reports;

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
    /// Group the findings by the recommendations of FRAMEWORK, one status per recommendation
    /// (`manual` with how to verify it where rampart has no check): cis-aws-7.0 (without a
    /// value), cis-aws-6.0, cis-aws-5.0, aws-ssb (AWS Startup Security Baseline) or aws-fsbp;
    /// with --format table, json, html or csv
    #[arg(
        long,
        value_name = "FRAMEWORK",
        value_parser = FRAMEWORK_NAME,
        hide_possible_values = true,
        num_args = 0..=1,
        default_missing_value = "cis-aws-7.0",
        require_equals = false
    )]
    pub compliance: Option<String>,
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

pub fn run(global: &Global, args: &AuditArgs) -> anyhow::Result<ExitCode> {
    let settings = config::settings(args.config.as_deref(), global)?;
    let mut ignore = settings.ignore.clone();
    ignore.extend(args.ignore.iter().cloned());
    let selection =
        Selection::new(&args.select, &ignore).map_err(|e| anyhow!("--select/--ignore: {e}"))?;
    let scope = match &args.snapshot {
        Some(path) => crate::scope::load(path)?,
        None => {
            let session = Session::open(global)?;
            let scope = crate::scope::collect(
                &session,
                &args.org,
                &crate::selection::collect_options(&selection),
            );
            session.print_stats(global);
            scope?
        }
    };
    let mut audit = ScopeAudit::evaluate(&scope, &settings.audit, &selection);
    for (account, taken) in audit.accounts.iter_mut().zip(&scope.accounts) {
        if let (Outcome::Audited(one), Some(snap)) = (&mut account.outcome, taken.snapshot()) {
            one.fixes = fixes(&settings.baseline, snap, one);
        }
    }
    if let Some(id) = &args.account {
        audit = match audit.single() {
            Some(one) if one.account_id != *id => anyhow::bail!(
                "--account {id}: this is an audit of account {} alone",
                one.account_id
            ),
            Some(_) => audit,
            None => {
                let accounts = audit.accounts.len();
                audit.only_account(id).ok_or_else(|| {
                    anyhow!("--account {id}: not among the {accounts} accounts of this organization audit")
                })?
            }
        };
    }
    reports::write(global, args, &audit)?;
    if let Some(one) = audit.single().filter(|one| one.decided_nothing()) {
        anyhow::bail!(
            "could not read the account: none of the {} checks could be decided{}",
            one.checks.len(),
            first_missing(one)
                .map(|a| format!(" (missing permissions, such as `{a}`)"))
                .unwrap_or_default()
        );
    }
    let fail_on = args.fail_on.unwrap_or(settings.fail_on);
    let unknown = audit.unknown_at_or_above(fail_on);
    let unreachable: Vec<&str> = audit.unreachable().map(|a| a.account_id.as_str()).collect();
    if !global.quiet {
        if !unreachable.is_empty() {
            eprintln!(
                "{} account(s) could not be audited, so they are not known to pass anything: {}",
                unreachable.len(),
                unreachable.join(", ")
            );
        }
        if !unknown.is_empty() {
            let who = if audit.single().is_some() {
                ", so the account is not known to pass them"
            } else {
                ""
            };
            eprintln!(
                "{} check(s) at or above `{}` could not be decided{who}: {}",
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
    Ok(ExitStatus::from_findings(failed).into())
}

/// The first permission an unknown finding names, for the "could not read" error.
fn first_missing(audit: &Audit) -> Option<&str> {
    audit
        .findings
        .iter()
        .find_map(|f| f.missing_permission.as_deref())
}
