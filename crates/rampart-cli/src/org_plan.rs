//! `rampart plan --org` and `rampart apply --org`: one plan per account of the organization,
//! shown grouped by account, and the organization's own changes applied as the management
//! account after one confirmation.
//!
//! What `apply --org` changes is what only the management account can: centralized root access
//! and, with `--delete-member-root-credentials`, members' root credentials. Each account's
//! action is checked again just before it runs (the executor re-reads the fact and re-plans, as
//! for one account), so a credential added or removed since the plan stops that account's
//! action. Each account's own baseline changes are shown by `plan --org` and applied with
//! `rampart apply` in that account.

use std::process::ExitCode;

use anyhow::{anyhow, bail};
use rampart_model::organization::OrgSnapshot;
use rampart_plan::{Plan, PlanOptions, ORGANIZATION_KINDS};
use serde::Serialize;

use crate::apply::{confirm_changes, needing_confirmation, show, ApplyArgs};
use crate::cli::{Format, Global};
use crate::plan::{make, PlanArgs};
use crate::session::Session;
use crate::{config, output};

/// One account's part of an organization plan.
#[derive(Serialize)]
struct AccountPlan<'a> {
    account_id: &'a str,
    name: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<Plan>,
}

#[derive(Serialize)]
struct OrgPlan<'a> {
    organization_id: &'a str,
    management_account_id: &'a str,
    accounts: Vec<AccountPlan<'a>>,
}

/// Collects the organization with the session's connection.
fn collect(
    session: &Session,
    global: &Global,
    org: &crate::org_args::OrgArgs,
) -> anyhow::Result<OrgSnapshot> {
    let snapshot = session.runtime.block_on(rampart_aws::collect_org(
        &session.conn,
        &org.options(),
        &session.counting,
    ));
    session.print_stats(global);
    snapshot.map_err(|e| anyhow::Error::new(e).context("cannot collect the organization"))
}

/// Every reachable account's plan, in the snapshot's order.
fn plans<'a>(
    settings: &config::Settings,
    org: &'a OrgSnapshot,
    opts: &PlanOptions,
) -> anyhow::Result<OrgPlan<'a>> {
    let mut accounts = vec![];
    for a in &org.accounts {
        let (status, reason, plan) = match a.snapshot() {
            Some(snap) => ("audited", None, Some(make(settings, snap, opts)?)),
            None => ("unreachable", a.unreachable_reason(), None),
        };
        accounts.push(AccountPlan {
            account_id: &a.account_id,
            name: &a.name,
            status,
            reason,
            plan,
        });
    }
    Ok(OrgPlan {
        organization_id: &org.organization_id,
        management_account_id: &org.management_account_id,
        accounts,
    })
}

fn render(plan: &OrgPlan<'_>, global: &Global) -> anyhow::Result<String> {
    if global.format == Format::Json {
        let mut t = serde_json::to_string_pretty(plan)
            .map_err(|e| anyhow!("cannot write the plan: {e}"))?;
        t.push('\n');
        return Ok(t);
    }
    let mut out = format!(
        "Plan for organization {} (management account {}): {} account(s)\n",
        plan.organization_id,
        plan.management_account_id,
        plan.accounts.len()
    );
    for a in &plan.accounts {
        out.push_str(&format!("\n━━ Account {} · {} ━━\n", a.account_id, a.name));
        match (&a.plan, a.reason) {
            (Some(p), _) => out.push_str(&crate::plan::render(p, global, None)?),
            (None, reason) => out.push_str(&format!(
                "unreachable, nothing planned: {}\n",
                reason.unwrap_or("unknown reason")
            )),
        }
    }
    Ok(out)
}

fn options(allow_mfa_lockout: bool, delete_member_root_credentials: bool) -> PlanOptions {
    PlanOptions {
        allow_mfa_lockout,
        organization: true,
        delete_member_root_credentials,
        ..PlanOptions::default()
    }
}

/// `rampart plan --org`.
pub fn plan(global: &Global, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    if args.out.is_some() || global.output.is_some() {
        bail!("--org: an organization plan cannot be saved yet; `rampart apply --org` plans again");
    }
    let settings = config::settings(args.config.as_deref(), global)?;
    let session = Session::open(global)?;
    let org = collect(&session, global, &args.org)?;
    let opts = options(args.allow_mfa_lockout, args.delete_member_root_credentials);
    let plan = plans(&settings, &org, &opts)?;
    output::write(None, &render(&plan, global)?)?;
    let unreachable: Vec<&str> = plan
        .accounts
        .iter()
        .filter(|a| a.plan.is_none())
        .map(|a| a.account_id)
        .collect();
    for a in &plan.accounts {
        if let Some(p) = &a.plan {
            crate::plan::ensure_complete(p)
                .map_err(|e| e.context(format!("account {}", a.account_id)))?;
        }
    }
    if !unreachable.is_empty() {
        bail!(
            "could not plan {} account(s) that could not be reached: {}",
            unreachable.len(),
            unreachable.join(", ")
        );
    }
    let changes = plan
        .accounts
        .iter()
        .filter_map(|a| a.plan.as_ref())
        .any(Plan::has_changes);
    Ok(if args.detailed_exitcode && changes {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `rampart apply --org`.
pub fn apply(global: &Global, args: &ApplyArgs) -> anyhow::Result<ExitCode> {
    if args.plan.is_some() {
        bail!("--org: a saved plan is for one account; `rampart apply --org` plans again and shows what it will do");
    }
    let settings = config::settings(args.config.as_deref(), global)?;
    let session = Session::open(global)?;
    let org = collect(&session, global, &args.org)?;
    let opts = options(args.allow_mfa_lockout, args.delete_member_root_credentials);
    let mut plan = plans(&settings, &org, &opts)?;
    // Only the organization's own actions run here, as the management account.
    let mut others = vec![];
    for a in &mut plan.accounts {
        if let Some(p) = &mut a.plan {
            let before = p.changes().count();
            p.actions
                .retain(|x| ORGANIZATION_KINDS.contains(&x.kind.as_str()));
            p.still_failing.clear();
            p.undecided.clear();
            let left = before - p.changes().count();
            if left > 0 {
                others.push(format!("{} ({left})", a.account_id));
            }
        }
    }
    output::write(None, &render(&plan, global)?)?;
    if !others.is_empty() && !global.quiet {
        eprintln!(
            "Each account's own baseline changes are not made by --org: see `rampart plan --org`, then run `rampart apply` with that account's credentials: {}",
            others.join(", ")
        );
    }
    let with_changes: Vec<(&str, &Plan)> = plan
        .accounts
        .iter()
        .filter_map(|a| a.plan.as_ref().map(|p| (a.account_id, p)))
        .filter(|(_, p)| p.has_changes())
        .collect();
    if with_changes.is_empty() {
        eprintln!("No organization changes.");
        return Ok(ExitCode::SUCCESS);
    }
    let risky: Vec<String> = with_changes
        .iter()
        .flat_map(|(_, p)| needing_confirmation(p))
        .collect();
    if args.auto_approve {
        for r in &risky {
            eprintln!("approved by flag: {r}");
        }
    } else if !confirm_changes(&risky)? {
        eprintln!("Apply cancelled; nothing was changed.");
        return Ok(ExitCode::from(2));
    }
    let quiet = global.quiet || (global.format == Format::Json && global.output.is_none());
    let events = move |e: &rampart_aws::apply::ApplyEvent| show(e, quiet);
    let (mut done, mut failed) = (0, vec![]);
    for (account, p) in with_changes {
        let snapshot = org
            .accounts
            .iter()
            .find(|a| a.account_id == account)
            .and_then(|a| a.snapshot().cloned());
        let outcome = session.runtime.block_on(rampart_aws::apply::apply(
            &session.conn,
            p,
            snapshot,
            &opts,
            &events,
            &session.counting,
        ))?;
        done += outcome.done.len();
        if let Some(e) = outcome.failed {
            eprintln!(
                "account {account}: {}",
                crate::error_text(&anyhow::Error::new(e))
            );
            failed.push(account);
        }
    }
    eprintln!("\nApply complete: {done} done.");
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        bail!(
            "not everything was applied in {} account(s): {}; run `rampart apply --org` again once the cause is fixed",
            failed.len(),
            failed.join(", ")
        )
    }
}
