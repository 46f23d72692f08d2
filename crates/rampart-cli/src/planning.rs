//! What `plan` and `apply` share: planning a scope against the baseline in `rampart.toml`
//! (each account's plan listing the checks it leaves failing or undecided), the options the
//! flags give the planner, whether a plan is whole, and a plan in text or JSON.
//!
//! A plan that could not read a fact some actions depend on is not whole: it may lack those
//! actions, so it can say neither "no changes" nor "these changes", and both commands end in
//! an error on it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{anyhow, bail};
use rampart_model::{Scope, Snapshot, Status};
use rampart_plan::{Plan, PlanOptions, ScopePlan, StillFailing};

use crate::global::{Format, Global};
use crate::{config, output};

/// Plans, then runs the checks on the same snapshot and lists in the plan those that fail and
/// that no action or manual step addresses — the audit's `audit.ignore` respected — so an
/// empty plan is never read as a clean audit.
pub fn make(
    settings: &config::Settings,
    snapshot: &Snapshot,
    opts: &PlanOptions,
) -> anyhow::Result<Plan> {
    let selection = crate::selection::kept(settings)?;
    // What the user ignores is not planned either.
    let opts = PlanOptions {
        ignored: crate::selection::left_out(&selection),
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

/// What the flags ask the planner for; an organization's own changes are planned only for an
/// organization.
pub fn options(
    scope: &Scope,
    delete_root_access_keys: bool,
    allow_mfa_lockout: bool,
    delete_member_root_credentials: bool,
    enable_key_rotation: bool,
    block_public_access: bool,
) -> PlanOptions {
    PlanOptions {
        enable_key_rotation,
        block_public_access,
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
