//! `rampart apply [FILE]`: make the changes of a fresh plan, or exactly those of a saved one.
//!
//! A saved plan is checked, not trusted: rampart plans again from the live account and the
//! baseline in `rampart.toml`, and applies only when the saved plan asks for exactly the same
//! actions; otherwise it shows the difference and stops. An edited plan file therefore cannot
//! make rampart do anything it would not plan itself.
//!
//! The plan is shown first and applied only after the user types `yes` (or with
//! `--auto-approve`). Progress goes to standard error, one line per action. A generated console
//! password goes only to a person: the controlling terminal, or a new `0600` file named with
//! `--password-file` — never standard error, the plan, the output file or an error. Without
//! either, apply refuses to set one. When an action fails, or the plan could not be made
//! whole, what was done and what was not is listed and the exit status is 2; running
//! `rampart apply` again finishes the job.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::Args;
use rampart_aws::apply::{ApplyEvent, ApplyOutcome};
use rampart_plan::{Plan, PlanOptions, ScopePlan};

use crate::config;
use crate::exit::ExitStatus;
use crate::global::{Format, Global};
use crate::output;
use crate::planning::{ensure_complete, make, render};
use crate::session::Session;

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A plan saved with `rampart plan --out FILE`; applied only if planning now gives exactly
    /// the same actions [default: plan now]
    #[arg(value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Read the baseline from FILE [default: ./rampart.toml when it exists]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not ask for confirmation
    #[arg(long)]
    pub auto_approve: bool,
    /// Delete the root user's access keys (only when running as root; they are its emergency
    /// access, so be sure); needed for a saved plan that deletes them, too
    #[arg(long)]
    pub delete_root_access_keys: bool,
    /// Add users with an active access key and no MFA device to the MFA-enforcing group
    /// anyway; their keys stop working until they enrol a device (without it, such a change is
    /// a manual step that names them)
    #[arg(long)]
    pub allow_mfa_lockout: bool,
    /// Write generated console passwords to FILE (created with mode 0600; an existing file is
    /// never overwritten) instead of the terminal; needed when there is no terminal
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// With --org: delete member accounts' root passwords, access keys, signing certificates
    /// and MFA devices (each is listed before you confirm), through a root session from the
    /// management account
    #[arg(long, requires = "org")]
    pub delete_member_root_credentials: bool,
    /// Turn on automatic rotation of customer managed KMS keys that lack it (about 1 USD a
    /// month per key and rotation); needed for a saved plan that does, too
    #[arg(long)]
    pub enable_key_rotation: bool,
    /// Turn the account's S3 Block Public Access fully on, after naming each bucket whose
    /// public access it cuts (you confirm when the account has a bucket); needed for a saved
    /// plan that does, too
    #[arg(long)]
    pub block_public_access: bool,
    #[command(flatten)]
    pub org: crate::org_args::OrgArgs,
}

fn load(path: &PathBuf) -> anyhow::Result<ScopePlan> {
    let name = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read the plan: {e}"))?;
    let plan = ScopePlan::from_json(&text).map_err(|e| match e {
        rampart_plan::PlanFileError::NotJson(_) => {
            anyhow!("{name}: not a rampart plan file (save one with `rampart plan -o {name}`)")
        }
        e => anyhow!("{name}: {e}"),
    })?;
    // Fields a run reads are checked as strictly as the configuration is.
    if let Some(org) = &plan.organization {
        for (key, id) in [
            ("management_account_id", &org.management_account_id),
            ("caller_account_id", &org.caller_account_id),
        ] {
            crate::org_args::parse_account_id(id).map_err(|e| anyhow!("{name}: {key}: {e}"))?;
        }
    }
    for a in &plan.accounts {
        crate::org_args::parse_account_id(&a.account_id)
            .map_err(|e| anyhow!("{name}: account_id: {e}"))?;
        if let Some(p) = a.plan() {
            if p.account_id != a.account_id {
                anyhow::bail!(
                    "{name}: account {}: its plan is for account {}",
                    a.account_id,
                    p.account_id
                );
            }
            rampart_aws::check_region(&p.region, None)
                .map_err(|e| anyhow!("{name}: region: {e}"))?;
        }
    }
    Ok(plan)
}

/// The changes that delete something, lock someone out or cost money, each planned only because its flag
/// was given: named again right before the question, so a `yes` is given knowing them.
pub(crate) fn needing_confirmation(plan: &Plan) -> Vec<String> {
    plan.changes()
        .filter(|a| a.risk == rampart_plan::Risk::NeedsConfirmation)
        .map(|a| match a.notes.first() {
            Some(note) => format!("{} ({note})", a.title),
            None => a.title.clone(),
        })
        .collect()
}

fn confirm(plan: &Plan) -> anyhow::Result<bool> {
    confirm_changes(&needing_confirmation(plan))
}

/// Asks for `yes` at the terminal, after naming the `risky` changes.
pub(crate) fn confirm_changes(risky: &[String]) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("standard input is not a terminal, so nobody can confirm: pass --auto-approve to apply without asking");
    }
    if !risky.is_empty() {
        eprintln!("\nThese changes are planned only because a flag asked for them (each deletes, locks out or costs):");
        for r in risky {
            eprintln!("  ! {r}");
        }
    }
    eprint!("\nDo you want to make these changes? Only 'yes' will be accepted: ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the answer")?;
    Ok(line.trim() == "yes")
}

pub(crate) fn show(event: &ApplyEvent, quiet: bool) {
    if quiet {
        return;
    }
    match event {
        ApplyEvent::Started { title } => eprintln!("{title}: applying…"),
        ApplyEvent::Done { title } => eprintln!("{title}: done"),
        ApplyEvent::Skipped { title, why } => eprintln!("{title}: {why}"),
        // Never on standard error: it goes to the secret sink.
        ApplyEvent::PasswordSet { .. } => {}
    }
}

/// Where each generated password is written the moment it is set, so that a run cut short
/// afterwards does not lose it.
pub(crate) struct SecretSink {
    secrets: std::sync::Mutex<Secrets>,
    /// Users whose password was written, and the first write that failed.
    written: std::sync::Mutex<(Vec<String>, Option<String>)>,
}

impl SecretSink {
    pub(crate) fn new(secrets: Secrets) -> Self {
        Self {
            secrets: std::sync::Mutex::new(secrets),
            written: std::sync::Mutex::new((Vec::new(), None)),
        }
    }

    /// Writes a password if `event` carries one; returns whether it did.
    pub(crate) fn take(&self, event: &ApplyEvent) -> bool {
        let ApplyEvent::PasswordSet { user, password } = event else {
            return false;
        };
        self.write(user, password.reveal());
        true
    }

    fn write(&self, user: &str, password: &str) {
        let text = format!(
            "Console password for `{user}` (shown only now; it must be changed at first sign-in):\n    {password}\n"
        );
        let mut secrets = self
            .secrets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let r = match &mut *secrets {
            Secrets::Terminal(tty) => tty
                .write_all(format!("\n{text}").as_bytes())
                .and_then(|()| tty.flush()),
            Secrets::File(_, file) => file
                .write_all(text.as_bytes())
                .and_then(|()| file.sync_all()),
            Secrets::NotNeeded => Err(std::io::Error::other("no place to show it was opened")),
        };
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match r {
            Ok(()) => written.0.push(user.to_owned()),
            Err(e) => {
                written.1.get_or_insert_with(|| e.to_string());
            }
        }
    }
}

/// Where generated passwords go, decided before anything changes.
pub(crate) enum Secrets {
    /// The controlling terminal, opened for writing.
    Terminal(std::fs::File),
    /// A file the user named, created now (mode 0600); it did not exist before.
    File(PathBuf, std::fs::File),
    /// The plan sets no password.
    NotNeeded,
}

/// Opens where the plans' generated passwords will be shown, or explains why apply must not
/// set them, naming each user (with its account when there are several accounts). Standard
/// error is never used: it is often a log file.
pub(crate) fn secrets_destination(plans: &[&Plan], args: &ApplyArgs) -> anyhow::Result<Secrets> {
    let several = plans.len() > 1;
    let users: Vec<String> = plans
        .iter()
        .flat_map(|plan| {
            plan.changes().filter_map(move |a| match &a.call {
                rampart_plan::Call::EnsureUser {
                    name,
                    console_password: true,
                    ..
                } => Some(if several {
                    format!("`{name}` (account {})", plan.account_id)
                } else {
                    format!("`{name}`")
                }),
                _ => None,
            })
        })
        .collect();
    if users.is_empty() {
        return Ok(Secrets::NotNeeded);
    }
    if let Some(path) = &args.password_file {
        return secret_file(path).map(|f| Secrets::File(path.clone(), f));
    }
    match controlling_terminal() {
        Some(tty) => Ok(Secrets::Terminal(tty)),
        None => anyhow::bail!(
            "apply would set a console password for {}, and there is no terminal to show it on: \
             run it at a terminal, or pass --password-file FILE",
            users.join(", ")
        ),
    }
}

/// A new file readable by its owner only; an existing file is an error, never overwritten.
fn secret_file(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| {
        anyhow!(
            "--password-file {}: cannot create a new file: {e}",
            path.display()
        )
    })
}

/// The process's controlling terminal, if it has one.
fn controlling_terminal() -> Option<std::fs::File> {
    #[cfg(unix)]
    {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .ok()
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Finishes the one-time display of generated passwords: each was written as it was set
/// ([`SecretSink`]); any not written yet is written now, then where they went is said. A file
/// that received none is removed, so a rerun can name it again.
pub(crate) fn reveal(out: &ApplyOutcome, sink: SecretSink) -> anyhow::Result<()> {
    for pw in &out.passwords {
        let done = sink
            .written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0
            .contains(&pw.user);
        if !done {
            sink.write(&pw.user, pw.reveal());
        }
    }
    if let Some(url) = &out.sign_in_url {
        eprintln!("Sign in at {url}");
    }
    let (written, failed) = sink
        .written
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let secrets = sink
        .secrets
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Secrets::File(path, file) = secrets {
        drop(file);
        if written.is_empty() {
            let _ = std::fs::remove_file(&path);
        } else {
            eprintln!("Console passwords written to {}", path.display());
        }
    }
    match failed {
        None => Ok(()),
        Some(e) => {
            let lost: Vec<&str> = out
                .passwords
                .iter()
                .map(|p| p.user.as_str())
                .filter(|u| !written.iter().any(|w| w == u))
                .collect();
            Err(anyhow!(
                "cannot show the generated console password of {} ({e}): set a new one with `aws iam update-login-profile --user-name NAME --password-reset-required --password ...` or in the IAM console",
                lost.join(", ")
            ))
        }
    }
}

/// Why a saved plan differs from the plan made now, one line per difference. Every field of
/// every action and manual step counts, in any order; only what a run cannot reproduce is left
/// out: the snapshot's digest, and the findings, unreadable facts and manual steps of the
/// account as it is now (a manual step done in between is no reason to refuse approved
/// changes, but one rewritten is).
/// Why a saved scope's plan differs from the one made now: the accounts, the organization,
/// and each account's plan (see [`differences`]), each line naming its account when there
/// are several.
fn scope_differences(saved: &ScopePlan, now: &ScopePlan) -> Vec<String> {
    if let (Some(saved), Some(now)) = (saved.single(), now.single()) {
        return differences(saved, now);
    }
    let mut out = Vec::new();
    if saved.organization != now.organization {
        out.push(match (&saved.organization, &now.organization) {
            (Some(s), Some(n)) if s.organization_id != n.organization_id => format!(
                "the saved plan is for organization {}, these credentials are for {}",
                s.organization_id, n.organization_id
            ),
            (Some(_), Some(_)) => "the saved plan's organization (management account, caller or role) is not this run's".to_owned(),
            _ => "the saved plan and this run are not both of an organization".to_owned(),
        });
        return out;
    }
    let ids = |p: &ScopePlan| -> Vec<String> {
        p.accounts.iter().map(|a| a.account_id.clone()).collect()
    };
    if ids(saved) != ids(now) {
        out.push("the saved plan lists other accounts than the organization has now".to_owned());
    }
    for s in &saved.accounts {
        let Some(n) = now.accounts.iter().find(|n| n.account_id == s.account_id) else {
            continue;
        };
        match (s.plan(), n.plan()) {
            (Some(sp), Some(np)) => out.extend(
                differences(sp, np)
                    .into_iter()
                    .map(|d| format!("account {}: {d}", s.account_id)),
            ),
            (None, None) => {}
            (Some(_), None) => out.push(format!("account {}: cannot be reached now", s.account_id)),
            (None, Some(np)) => {
                if np.has_changes() {
                    out.push(format!(
                        "account {}: was unreachable when the plan was saved, has changes now",
                        s.account_id
                    ));
                }
            }
        }
        if s.name != n.name {
            out.push(format!(
                "account {}: its name was `{}`, is `{}` now",
                s.account_id, s.name, n.name
            ));
        }
    }
    out
}

fn differences(saved: &Plan, now: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    if saved.account_id != now.account_id {
        out.push(format!(
            "the saved plan is for account {}, these credentials are for account {}",
            saved.account_id, now.account_id
        ));
        return out;
    }
    if saved.format_version != now.format_version {
        out.push(format!(
            "the saved plan has format version {}, this rampart writes {}",
            saved.format_version, now.format_version
        ));
    }
    if saved.region != now.region {
        out.push(format!(
            "the saved plan is for Region `{}`, this run's is `{}`",
            saved.region, now.region
        ));
    }
    if saved.baseline != now.baseline {
        out.push("the saved plan was made with another baseline (rampart.toml or --config)".into());
    }
    let mut ids = std::collections::BTreeSet::new();
    for a in &saved.actions {
        if !ids.insert(a.id.as_str()) {
            out.push(format!("the saved plan lists `{}` twice", a.title));
        }
        // An id is its kind and resource's: one that is not was written by hand.
        if a.id != rampart_plan::action_id(&a.kind, &a.resource) {
            out.push(format!(
                "`{}`: its id does not match its kind and resource",
                a.title
            ));
        }
    }
    for a in &saved.actions {
        match (now.action(&a.id), a.op) {
            (None, rampart_plan::Op::Delete) => out.push(format!(
                "- {}: not planned now (pass --delete-root-access-keys to apply it)",
                a.title
            )),
            // A manual step done in between.
            (None, rampart_plan::Op::Manual) => {}
            (None, _) => out.push(format!("- {}: not planned now", a.title)),
            (Some(n), _) if n != a => out.push(format!("~ {}: planned differently now", n.title)),
            (Some(_), _) => {}
        }
    }
    for n in now.changes() {
        if saved.action(&n.id).is_none() {
            out.push(format!("+ {}: planned now, not in the saved plan", n.title));
        }
    }
    out
}

pub fn run(global: &Global, args: &ApplyArgs) -> anyhow::Result<ExitCode> {
    let saved = args.plan.as_ref().map(load).transpose()?;
    if let (Some(saved), Some(path)) = (&saved, &args.plan) {
        match (saved.organization.is_some(), args.org.org) {
            (true, false) => anyhow::bail!(
                "{}: an organization's plan; apply it with `rampart apply {} --org`",
                path.display(),
                path.display()
            ),
            (false, true) => anyhow::bail!(
                "{}: one account's plan; apply it without --org",
                path.display()
            ),
            _ => {}
        }
    }
    let settings = config::settings(args.config.as_deref(), global)?;
    let session = Session::open(global)?;
    let scope = crate::scope::collect_for_plan(&session, &settings, &args.org)?;
    let opts = crate::planning::options(
        &scope,
        args.delete_root_access_keys,
        args.allow_mfa_lockout,
        args.delete_member_root_credentials,
        args.enable_key_rotation,
        args.block_public_access,
    );
    let opts = PlanOptions {
        ignored: crate::selection::left_out(&crate::selection::kept(&settings)?),
        ..opts
    };
    let plan = ScopePlan::make(&scope, |snapshot| make(&settings, snapshot, &opts))?;
    if let (Some(saved), Some(path)) = (&saved, &args.plan) {
        let diff = scope_differences(saved, &plan);
        if !diff.is_empty() {
            session.print_stats(global);
            eprintln!("The saved plan does not match what rampart would do now:");
            for d in &diff {
                eprintln!("  {d}");
            }
            anyhow::bail!(
                "{}: not applied, because the account or the baseline changed since it was saved, or the file was edited; run `rampart plan --out {}` again",
                path.display(),
                path.display()
            );
        }
    }
    if scope.is_organization() {
        return organization::apply(&session, global, args, &settings, &scope, &plan, &opts);
    }
    let (Some(snap), Some(plan)) = (scope.single().cloned(), plan.single()) else {
        anyhow::bail!("nothing to apply: the account could not be planned");
    };
    let out = global.output.as_deref();
    output::write(out, &render(plan, global, out)?)?;
    if !plan.has_changes() {
        return ensure_complete(plan).map(|()| ExitCode::SUCCESS);
    }
    if args.auto_approve {
        // The flags that plan these changes are the consent; still say what they do.
        for r in needing_confirmation(plan) {
            eprintln!("approved by flag: {r}");
        }
    } else if !confirm(plan)? {
        eprintln!("Apply cancelled; nothing was changed.");
        return Ok(ExitStatus::Cancelled.into());
    }
    let sink = SecretSink::new(secrets_destination(&[plan], args)?);
    let quiet = global.quiet || (global.format == Format::Json && global.output.is_none());
    let events = |e: &ApplyEvent| {
        if !sink.take(e) {
            show(e, quiet);
        }
    };
    let result = session.runtime.block_on(rampart_aws::apply::apply(
        &session.conn,
        plan,
        Some(snap),
        &opts,
        &events,
        &session.progress,
    ));
    session.print_stats(global);
    let mut out = result.context("cannot collect a snapshot of the account")?;
    let shown = reveal(&out, sink);
    match out.failed.take() {
        None => {
            eprintln!(
                "\nApply complete: {} done, {} already in place.",
                out.done.len(),
                out.skipped.len()
            );
            shown?;
            ensure_complete(plan).map(|()| ExitCode::SUCCESS)
        }
        Some(e) => {
            eprintln!(
                "\nDone: {}",
                if out.done.is_empty() {
                    "nothing".to_owned()
                } else {
                    out.done.join("; ")
                }
            );
            eprintln!("Not done: {}", out.not_done.join("; "));
            eprintln!("Run `rampart apply` again to finish once the cause is fixed.");
            if let Err(not_shown) = shown {
                eprintln!("error: {not_shown}");
            }
            // The typed error, so its cause is printed as `caused by:`.
            Err(anyhow::Error::new(e))
        }
    }
}

mod organization;
#[cfg(test)]
mod tests;
