//! `rampart apply --org`: every account's changes, after one confirmation.
//!
//! Each account's own changes are made through its member role (the caller's own account with
//! the caller's credentials); the organization's changes — centralized root access and, with
//! `--delete-member-root-credentials`, members' root credentials — as the caller, the
//! management account. Every action is checked against its account again just before it runs
//! (the executor re-reads the fact and re-plans, as for one account), so an account that
//! changed since the plan stops there and the others go on. Generated console passwords of
//! every account go, once, where `rampart apply` sends them: the terminal or `--password-file`.

use std::process::ExitCode;

use anyhow::{anyhow, bail};
use rampart_aws::apply::{ApplyEvent, ApplyOutcome};
use rampart_model::Scope;
use rampart_plan::{Plan, PlanOptions, ScopePlan};

use super::{
    confirm_changes, needing_confirmation, reveal, secrets_destination, show as show_event,
    ApplyArgs, SecretSink,
};
use crate::exit::ExitStatus;
use crate::global::{Format, Global};
use crate::planning::make;
use crate::session::Session;
use crate::{config, output};

/// `rampart apply --org`.
pub fn apply(
    session: &Session,
    global: &Global,
    args: &ApplyArgs,
    settings: &config::Settings,
    org: &Scope,
    plan: &ScopePlan,
    opts: &PlanOptions,
) -> anyhow::Result<ExitCode> {
    session.print_stats(global);
    output::write(None, &crate::planning::render_scope(plan, global, None)?)?;
    for a in &plan.accounts {
        match a.plan() {
            Some(p) => crate::planning::ensure_complete(p)
                .map_err(|e| e.context(format!("account {}: nothing was changed", a.account_id)))?,
            None if !global.quiet => eprintln!(
                "account {} is unreachable and is left as it is: {}",
                a.account_id,
                a.unreachable_reason().unwrap_or("unknown reason")
            ),
            None => {}
        }
    }
    let with_changes: Vec<(&str, &Plan)> = plan
        .plans()
        .map(|(a, p)| (a.account_id.as_str(), p))
        .filter(|(_, p)| p.has_changes())
        .collect();
    if with_changes.is_empty() {
        eprintln!("No changes in any account.");
        return Ok(unreachable_code(plan));
    }
    if !approved(args, with_changes.iter().map(|(a, p)| (*a, *p)))? {
        eprintln!("Apply cancelled; nothing was changed.");
        return Ok(ExitStatus::Cancelled.into());
    }
    // Where generated console passwords go is decided once, before anything changes.
    let plans: Vec<&Plan> = with_changes.iter().map(|(_, p)| *p).collect();
    let sink = SecretSink::new(secrets_destination(&plans, args)?);

    let quiet = global.quiet || (global.format == Format::Json && global.output.is_none());
    let mut passwords = ApplyOutcome::default();
    let (mut done, mut failed) = (0, vec![]);
    for (account, p) in with_changes {
        let snapshot = org.audited(account).cloned();
        let sink = &sink;
        let events = move |e: &ApplyEvent| {
            let e = labelled(account, e);
            if !sink.take(&e) {
                show_event(&e, quiet);
            }
        };
        match apply_account(session, org, &args.org, account, p, snapshot, opts, &events) {
            Ok(mut out) => {
                done += out.done.len();
                for mut pw in out.passwords.drain(..) {
                    pw.user = format!("{}` in account `{account}", pw.user);
                    passwords.passwords.push(pw);
                }
                if let Some(url) = out.sign_in_url.take() {
                    eprintln!("account {account}: sign in at {url}");
                }
                if let Some(e) = out.failed.take() {
                    eprintln!(
                        "account {account}: {}",
                        crate::exit::error_text(&anyhow::Error::new(e))
                    );
                    eprintln!("account {account}: not done: {}", out.not_done.join("; "));
                    failed.push(account);
                }
            }
            Err(why) => {
                eprintln!("account {account}: {}", crate::exit::error_text(&why));
                failed.push(account);
            }
        }
    }
    if opts.delete_member_root_credentials && failed.is_empty() {
        // The members whose plan waits for centralized root access, from the plans just shown.
        let waiting: Vec<&str> = plan
            .plans()
            .filter(|(_, p)| {
                p.actions
                    .iter()
                    .any(|x| x.resource.starts_with(AFTER_ROOT_ACCESS))
            })
            .map(|(a, _)| a.account_id.as_str())
            .collect();
        let (more, not) =
            delete_after_root_access(session, org, settings, args, opts, quiet, waiting)?;
        done += more;
        failed.extend(not);
    }
    session.print_stats(global);
    let shown = reveal(&passwords, sink);
    eprintln!("\nApply complete: {done} done.");
    shown?;
    if !failed.is_empty() {
        bail!(
            "not everything was applied in {} account(s): {}; run `rampart apply --org` again once the cause is fixed",
            failed.len(),
            failed.join(", ")
        );
    }
    Ok(unreachable_code(plan))
}

/// Whether the changes of these accounts' plans may go ahead: named and approved by
/// `--auto-approve`, or confirmed at the terminal.
fn approved<'p>(
    args: &ApplyArgs,
    plans: impl Iterator<Item = (&'p str, &'p Plan)>,
) -> anyhow::Result<bool> {
    let risky: Vec<String> = plans
        .flat_map(|(account, p)| {
            needing_confirmation(p)
                .into_iter()
                .map(move |r| format!("{account}: {r}"))
        })
        .collect();
    if args.auto_approve {
        for r in &risky {
            eprintln!("approved by flag: {r}");
        }
        return Ok(true);
    }
    confirm_changes(&risky)
}

/// The manual step a member's plan has while its root credentials wait for centralized root
/// access (see `rampart_plan`'s organization planning).
const AFTER_ROOT_ACCESS: &str = "member-root-credentials-after-root-access:";

/// The second half of `apply --org --delete-member-root-credentials` on an organization that
/// had centralized root access off: now that the first half turned it on, each `waiting`
/// member's root credentials are read, listed, and deleted in the same run. Returns the
/// actions done and the accounts where something failed.
fn delete_after_root_access<'o>(
    session: &Session,
    org: &'o Scope,
    settings: &config::Settings,
    args: &ApplyArgs,
    opts: &PlanOptions,
    quiet: bool,
    waiting: Vec<&'o str>,
) -> anyhow::Result<(usize, Vec<&'o str>)> {
    let mut deletions: Vec<(&'o str, Plan, rampart_model::Snapshot)> = Vec::new();
    let mut failed = Vec::new();
    for account in waiting {
        let Some(mut snap) = org.audited(account).cloned() else {
            continue;
        };
        let fresh = session
            .runtime
            .block_on(rampart_aws::organization::member_root_credentials(
                &session.conn,
                account,
            ));
        if let rampart_model::Observed::Unavailable(u) = &fresh {
            eprintln!(
                "account {account}: the root credentials still cannot be read: {}",
                u.describe()
            );
            failed.push(account);
            continue;
        }
        if let Some(m) = &mut snap.organization {
            m.root_credentials = Some(fresh);
        }
        let mut plan = make(settings, &snap, opts)?;
        plan.actions.retain(|a| a.kind == "member-root-credentials");
        if plan.has_changes() {
            deletions.push((account, plan, snap));
        }
    }
    if deletions.is_empty() {
        return Ok((0, failed));
    }
    eprintln!("\nCentralized root access is on; the member root credentials to delete now:");
    for (_, plan, _) in &deletions {
        eprint!("{}", rampart_plan::render::text(plan));
    }
    if !approved(args, deletions.iter().map(|(a, p, _)| (*a, p)))? {
        eprintln!("Deleting member root credentials cancelled; the rest was applied.");
        return Ok((0, failed));
    }
    let mut done = 0;
    for (account, plan, snap) in deletions {
        let events = move |e: &ApplyEvent| show_event(&labelled(account, e), quiet);
        match apply_account(
            session,
            org,
            &args.org,
            account,
            &plan,
            Some(snap),
            opts,
            &events,
        ) {
            Ok(mut out) => {
                done += out.done.len();
                if let Some(e) = out.failed.take() {
                    eprintln!(
                        "account {account}: {}",
                        crate::exit::error_text(&anyhow::Error::new(e))
                    );
                    failed.push(account);
                }
            }
            Err(why) => {
                eprintln!("account {account}: {}", crate::exit::error_text(&why));
                failed.push(account);
            }
        }
    }
    Ok((done, failed))
}

/// 1 when an account could not be reached (it was left as it is), else 0.
fn unreachable_code(plan: &ScopePlan) -> ExitCode {
    ExitStatus::from_findings(plan.unreachable().next().is_some()).into()
}

/// An executor event with the account in its title.
fn labelled(account: &str, e: &ApplyEvent) -> ApplyEvent {
    let title = |t: &str| format!("{account}: {t}");
    match e {
        ApplyEvent::Started { title: t } => ApplyEvent::Started { title: title(t) },
        ApplyEvent::Done { title: t } => ApplyEvent::Done { title: title(t) },
        ApplyEvent::Skipped { title: t, why } => ApplyEvent::Skipped {
            title: title(t),
            why: why.clone(),
        },
        ApplyEvent::PasswordSet { user, password } => ApplyEvent::PasswordSet {
            user: format!("{user}` in account `{account}"),
            password: password.clone(),
        },
    }
}

/// Applies one account's plan: its own changes through its member role (the caller's own
/// account with the caller's credentials), then the organization's changes as the caller.
/// Each action is checked against the account again just before it runs.
#[allow(clippy::too_many_arguments)]
fn apply_account(
    session: &Session,
    org: &Scope,
    org_args: &crate::org_args::OrgArgs,
    account: &str,
    plan: &Plan,
    snapshot: Option<rampart_model::Snapshot>,
    opts: &PlanOptions,
    events: &(dyn Fn(&ApplyEvent) + Sync),
) -> anyhow::Result<ApplyOutcome> {
    let split = |organization: bool| {
        let mut part = plan.clone();
        part.actions.retain(|a| a.by_management() == organization);
        part
    };
    let (own, organization) = (split(false), split(true));
    let mut out = ApplyOutcome::default();
    if own.has_changes() {
        let conn = if Some(account) == org.caller_account_id() {
            session.conn.clone()
        } else {
            session
                .runtime
                .block_on(rampart_aws::organization::connect_member(
                    &session.conn,
                    account,
                    &org_args.options(),
                    &session.progress,
                ))
                .map_err(|why| anyhow!("nothing was changed: {why}"))?
        };
        out = session.runtime.block_on(rampart_aws::apply::apply(
            &conn,
            &own,
            snapshot.clone(),
            opts,
            events,
            &session.progress,
        ))?;
        if out.failed.is_some() {
            out.not_done
                .extend(organization.changes().map(|a| a.title.clone()));
            return Ok(out);
        }
    }
    if organization.has_changes() {
        let mut more = session.runtime.block_on(rampart_aws::apply::apply(
            &session.conn,
            &organization,
            snapshot,
            opts,
            events,
            &session.progress,
        ))?;
        out.done.append(&mut more.done);
        out.skipped.append(&mut more.skipped);
        out.failed = more.failed;
        out.not_done = more.not_done;
    }
    Ok(out)
}
