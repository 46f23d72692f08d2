//! `rampart apply [FILE]`: make the changes of a fresh plan, or exactly those of a saved one.
//!
//! The plan is shown first and applied only after the user types `yes` (or with
//! `--auto-approve`). Progress goes to standard error, one line per action. A generated console
//! password is shown once, on standard error, at the end — never in the plan, the output file
//! or an error. When an action fails, what was done and what was not is listed and the exit
//! status is 2; running `rampart apply` again finishes the job.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::Args;
use rampart_aws::apply::{ApplyEvent, ApplyOutcome};
use rampart_plan::{Plan, PlanOptions};

use crate::cli::{Format, Global};
use crate::output;
use crate::plan::{make, render, settings, Session};

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A plan saved with `rampart plan --out FILE`; applied exactly, or refused if the account
    /// changed since [default: plan now]
    #[arg(value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Read the baseline from FILE when planning now [default: ./rampart.toml when it exists]
    #[arg(long, value_name = "FILE", conflicts_with = "plan")]
    pub config: Option<PathBuf>,
    /// Do not ask for confirmation
    #[arg(long)]
    pub auto_approve: bool,
    /// Delete the root user's access keys (only when running as root; they are its emergency
    /// access, so be sure)
    #[arg(long, conflicts_with = "plan")]
    pub delete_root_access_keys: bool,
}

fn load(path: &PathBuf) -> anyhow::Result<Plan> {
    let name = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read the plan: {e}"))?;
    Plan::from_json(&text).map_err(|e| anyhow!("{name}: {e}"))
}

fn confirm() -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("standard input is not a terminal, so nobody can confirm: pass --auto-approve to apply without asking");
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

fn show(event: &ApplyEvent, quiet: bool) {
    if quiet {
        return;
    }
    match event {
        ApplyEvent::Started { title } => eprintln!("{title}: applying…"),
        ApplyEvent::Done { title } => eprintln!("{title}: done"),
        ApplyEvent::Skipped { title, why } => eprintln!("{title}: {why}"),
    }
}

/// The one-time display of generated passwords, on the terminal (standard error).
fn reveal(out: &ApplyOutcome) {
    for pw in &out.passwords {
        eprintln!(
            "\nConsole password for `{}` (shown only now; it must be changed at first sign-in):\n    {}",
            pw.user,
            pw.reveal()
        );
    }
    if let Some(url) = &out.sign_in_url {
        eprintln!("Sign in at {url}");
    }
}

pub fn apply(global: &Global, args: &ApplyArgs) -> anyhow::Result<ExitCode> {
    let session = Session::open(global)?;
    let opts = PlanOptions {
        delete_root_access_keys: args.delete_root_access_keys,
    };
    let (plan, snapshot) = match &args.plan {
        Some(path) => (load(path)?, None),
        None => {
            let settings = settings(args.config.as_deref(), global)?;
            let snap = session.snapshot(&settings.baseline)?;
            (make(&settings, &snap, &opts), Some(snap))
        }
    };
    output::write(global.output.as_deref(), &render(&plan, global.format)?)?;
    if !plan.has_changes() {
        session.print_stats(global);
        return Ok(ExitCode::SUCCESS);
    }
    if !args.auto_approve && !confirm()? {
        eprintln!("Apply cancelled; nothing was changed.");
        return Ok(ExitCode::from(2));
    }
    let quiet = global.quiet || (global.format == Format::Json && global.output.is_none());
    let events = move |e: &ApplyEvent| show(e, quiet);
    let result = session.runtime.block_on(rampart_aws::apply::apply(
        &session.conn,
        &plan,
        snapshot,
        &opts,
        &events,
        &session.counting,
    ));
    session.print_stats(global);
    let out = result.context("cannot collect a snapshot of the account")?;
    reveal(&out);
    match &out.failed {
        None => {
            eprintln!(
                "\nApply complete: {} done, {} already in place.",
                out.done.len(),
                out.skipped.len()
            );
            Ok(ExitCode::SUCCESS)
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
            Err(anyhow!("{e}"))
        }
    }
}
