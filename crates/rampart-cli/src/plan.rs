//! `rampart plan`: collect what the planner needs (one account, or an organization's accounts
//! with `--org`), plan against the baseline in `rampart.toml`, and show the plan (text or
//! JSON); `--out FILE` saves it for `apply FILE`, for one account or an organization alike.
//!
//! Exit codes: 0 planned, 2 error. With `--detailed-exitcode`, as OpenTofu has them: 0 nothing
//! would change, 1 error, 2 changes pending (manual steps are listed but never count). A plan
//! that could not read a fact some actions depend on is an error either way: it may lack those
//! actions, so it can say neither "no changes" nor "these changes".

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context};
use clap::Args;
use rampart_checks::Selection;
use rampart_model::{Scope, Snapshot, Status};
use rampart_plan::{Plan, PlanOptions, ScopePlan, StillFailing};

use crate::cli::{Format, Global};
use crate::exit::ExitStatus;
use crate::session::Session;
use crate::{config, output};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Read the baseline from FILE [default: ./rampart.toml when it exists]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also save the plan as JSON to FILE, for `rampart apply FILE` (the global `-o FILE` does
    /// the same for `plan`)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit 0 when nothing would change, 1 on error (a fact the plan needs could not be read
    /// included), 2 when changes are pending (manual steps do not count)
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Plan deleting the root user's access keys (only when running as root)
    #[arg(long)]
    pub delete_root_access_keys: bool,
    /// Add users with an active access key and no MFA device to the MFA-enforcing group
    /// anyway; their keys stop working until they enrol a device (without it, such a change is
    /// a manual step that names them)
    #[arg(long)]
    pub allow_mfa_lockout: bool,
    /// Plan against a saved snapshot (`rampart snapshot -o FILE`) instead of the live account,
    /// offline; `apply` of a plan saved this way still checks every action against the account
    #[arg(long, value_name = "FILE", conflicts_with = "org")]
    pub snapshot: Option<PathBuf>,
    /// With --org (or an organization snapshot): plan deleting member accounts' root
    /// credentials (each one is listed)
    #[arg(long)]
    pub delete_member_root_credentials: bool,
    #[command(flatten)]
    pub org: crate::org_args::OrgArgs,
}

/// Plans, then runs the checks on the same snapshot and lists in the plan those that fail and
/// that no action or manual step addresses — the audit's `audit.ignore` respected — so an
/// empty plan is never read as a clean audit.
pub fn make(
    settings: &config::Settings,
    snapshot: &Snapshot,
    opts: &PlanOptions,
) -> anyhow::Result<Plan> {
    let selection = ignoring(settings)?;
    // What the user ignores is not planned either.
    let opts = PlanOptions {
        ignored: crate::collect::left_out(&selection),
        ..opts.clone()
    };
    let mut plan = rampart_plan::plan(&settings.baseline, snapshot, &opts);
    let mut audit = settings.audit.clone();
    if audit.admin_group.is_none() {
        audit.admin_group = Some(settings.baseline.admin_group.clone());
    }
    let findings = rampart_checks::evaluate(snapshot, &audit, &selection);
    let resolved: BTreeSet<&str> = plan.resolved_checks().collect();
    let count = |status: Status| {
        let mut by_check: BTreeMap<&str, usize> = BTreeMap::new();
        for f in findings.iter().filter(|f| f.status == status) {
            if !resolved.contains(f.check_id.as_str()) {
                *by_check.entry(f.check_id.as_str()).or_default() += 1;
            }
        }
        by_check
    };
    let failing = count(Status::Fail);
    let listed = |by_check: BTreeMap<&str, usize>| -> Vec<StillFailing> {
        by_check
            .into_iter()
            .filter_map(|(id, findings)| {
                let check = rampart_checks::registry()
                    .iter()
                    .find(|c| c.meta().id == id)?;
                Some(StillFailing {
                    check: id.to_owned(),
                    title: check.meta().title.to_owned(),
                    findings,
                })
            })
            .collect()
    };
    // A check that fails somewhere is listed as failing; one that only could not be decided
    // is listed apart, so "No changes" never stands for an account that was not fully read.
    let mut undecided = count(Status::Unknown);
    undecided.retain(|id, _| !failing.contains_key(id));
    plan.undecided = listed(undecided);
    let still = listed(failing);
    plan.still_failing = still;
    Ok(plan)
}

/// The checks `audit.ignore` keeps: what is planned, and what is read for the plan.
pub fn ignoring(settings: &config::Settings) -> anyhow::Result<Selection> {
    Selection::new(&[], &settings.ignore).map_err(|e| anyhow!("audit.ignore: {e}"))
}

/// An error naming what could not be planned, when the plan is not whole: an incomplete plan
/// may lack actions, so neither `plan` nor `apply` may end green on it.
pub fn ensure_complete(plan: &Plan) -> anyhow::Result<()> {
    if plan.is_complete() {
        return Ok(());
    }
    anyhow::bail!(
        "could not plan everything, so the account may need changes this plan does not show: {}",
        plan.unreadable.join("; ")
    )
}

/// The plan in the chosen format; text is laid out for where it goes (`path`, or standard
/// output when `None`), with colour and the terminal's width as the audit's table has them.
pub fn render(plan: &Plan, global: &Global, path: Option<&Path>) -> anyhow::Result<String> {
    Ok(match global.format {
        Format::Json => {
            let mut t = serde_json::to_string_pretty(plan)
                .map_err(|e| anyhow!("cannot write the plan: {e}"))?;
            t.push('\n');
            t
        }
        Format::Table => crate::plan_style::style(
            &rampart_plan::render::text(plan),
            output::use_color(global.no_color, path),
            output::width(path),
        ),
    })
}

/// A scope's plan in the chosen format: one account's as [`render`] draws it; an
/// organization's as its plan file (JSON), or every account's plan under its name.
pub fn render_scope(
    plan: &ScopePlan,
    global: &Global,
    path: Option<&Path>,
) -> anyhow::Result<String> {
    if let Some(one) = plan.single() {
        return render(one, global, path);
    }
    if global.format == Format::Json {
        return Ok(plan.to_json()?);
    }
    let org = plan.organization.as_ref();
    let mut out = format!(
        "Plan for organization {} (management account {}): {} account(s)\n",
        org.map_or("", |o| o.organization_id.as_str()),
        org.map_or("", |o| o.management_account_id.as_str()),
        plan.accounts.len()
    );
    for a in &plan.accounts {
        out.push_str(&format!("\n━━ Account {} · {} ━━\n", a.account_id, a.name));
        match (a.plan(), a.unreachable_reason()) {
            (Some(p), _) => out.push_str(&render(p, global, path)?),
            (None, reason) => out.push_str(&format!(
                "unreachable, nothing planned: {}\n",
                reason.unwrap_or("unknown reason")
            )),
        }
    }
    Ok(out)
}

/// The scope `plan` and `apply` plan over, read live with the session's credentials: the
/// accounts of an organization with `--org`, else the credentials' account.
pub fn collect_scope(
    session: &Session,
    settings: &config::Settings,
    org: &crate::org_args::OrgArgs,
) -> anyhow::Result<Scope> {
    let collect = crate::collect::options_for(&ignoring(settings)?);
    if !org.org {
        return Ok(Scope::account(
            session.snapshot(&settings.baseline, &collect)?,
        ));
    }
    let opts = rampart_aws::OrgOptions {
        collect,
        ..org.options()
    };
    let snapshot = session.runtime.block_on(rampart_aws::collect_org(
        &session.conn,
        &opts,
        &session.counting,
    ));
    Ok(Scope::organization(snapshot.map_err(|e| {
        anyhow::Error::new(e).context("cannot collect the organization")
    })?))
}

/// What the flags ask the planner for; an organization's own changes are planned only for an
/// organization.
pub fn options(
    scope: &Scope,
    delete_root_access_keys: bool,
    allow_mfa_lockout: bool,
    delete_member_root_credentials: bool,
) -> PlanOptions {
    PlanOptions {
        delete_root_access_keys,
        allow_mfa_lockout,
        organization: scope.is_organization(),
        delete_member_root_credentials,
        ..PlanOptions::default()
    }
}

/// Every planned account's plan is whole, and every account could be planned.
pub fn ensure_scope_complete(plan: &ScopePlan) -> anyhow::Result<()> {
    for (a, p) in plan.plans() {
        let whole = ensure_complete(p);
        match &plan.organization {
            Some(_) => whole.map_err(|e| e.context(format!("account {}", a.account_id)))?,
            None => whole?,
        }
    }
    let unreachable: Vec<&str> = plan.unreachable().map(|a| a.account_id.as_str()).collect();
    if !unreachable.is_empty() {
        bail!(
            "could not plan {} account(s) that could not be reached: {}",
            unreachable.len(),
            unreachable.join(", ")
        );
    }
    Ok(())
}

/// Errors become exit code 1 under `--detailed-exitcode` in `main`.
pub fn plan(global: &Global, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    // A plan written to a file is one `rampart apply FILE` can read: `-o FILE` saves the plan
    // as `--out FILE` does, and the text still goes to the terminal.
    let save = match (&args.out, &global.output) {
        (Some(a), Some(b)) if a != b => {
            bail!(
                "-o {} and --out {}: both save the plan; give one",
                b.display(),
                a.display()
            )
        }
        (Some(path), _) | (None, Some(path)) => Some(path),
        (None, None) => None,
    };
    let settings = config::settings(args.config.as_deref(), global)?;
    let scope = match &args.snapshot {
        Some(path) => crate::audit::load_scope(path)?,
        None => {
            let session = Session::open(global)?;
            let scope = collect_scope(&session, &settings, &args.org);
            session.print_stats(global);
            scope?
        }
    };
    let opts = options(
        &scope,
        args.delete_root_access_keys,
        args.allow_mfa_lockout,
        args.delete_member_root_credentials,
    );
    let plan = ScopePlan::make(&scope, |snapshot| make(&settings, snapshot, &opts))?;
    if save.is_none() || global.format != Format::Json {
        output::write(None, &render_scope(&plan, global, None)?)?;
    }
    if let Some(path) = save {
        let text = plan.to_json()?;
        output::write(Some(path), &text)
            .with_context(|| format!("cannot save the plan to {}", path.display()))?;
        if !global.quiet {
            let org = if scope.is_organization() {
                " --org"
            } else {
                ""
            };
            eprintln!(
                "plan saved to {}; apply it with `rampart apply {}{org}`",
                path.display(),
                path.display()
            );
        }
    }
    ensure_scope_complete(&plan)?;
    Ok(ExitStatus::from_plan(args.detailed_exitcode, plan.has_changes()).into())
}
