//! `rampart`: audits an AWS account against a four-step security baseline.
//!
//! This is the only place where errors become text and exit codes: 0 when the audit is clean,
//! 1 when a check at or above `--fail-on` fails or could not be decided, 2 for usage,
//! configuration or runtime errors (clap's own usage errors exit 2 as well), and 1 for every
//! error under `plan --detailed-exitcode`, where 2 means "changes pending". An error prints as
//! `error: …` on one line, followed by one `caused by: …` line per underlying cause.

mod apply;
mod audit;
mod aws_options;
mod baseline_config;
mod cli;
mod collect;
mod completion;
mod config;
mod diff;
mod events;
mod exit;
mod info;
mod init;
mod mfa;
mod org_args;
mod output;
mod plan;
mod plan_style;
mod session;
mod trail;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    // Under `plan --detailed-exitcode` 2 means "changes pending", so every error is 1 there,
    // bad flags included, as OpenTofu does it.
    let detailed = std::env::args_os().any(|a| a == "--detailed-exitcode");
    let error_code = if detailed { 1 } else { 2 };
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { error_code } else { 0 });
        }
    };
    cli.global.resolve();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", exit::error_text(&e));
            ExitCode::from(error_code)
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    let audit_only = g.audit_only_formats();
    if !audit_only.is_empty() && !matches!(cli.command, Command::Audit(_) | Command::Events(_)) {
        let names: Vec<&str> = audit_only.iter().map(|f| f.name()).collect();
        anyhow::bail!(
            "--format {}: only `rampart audit` writes this format (use table or json)",
            names.join(",")
        );
    }
    aws_options::check(g, &cli.command)?;
    match &cli.command {
        Command::Audit(args) => audit::audit(g, args),
        Command::Snapshot(args) => audit::snapshot(g, args),
        Command::Checks => info::checks(g),
        Command::Explain { id } => info::explain(g, id),
        Command::Events(args) => events::events(g, args),
        Command::Trail(args) => trail::run(g, args),
        Command::Mfa(args) => mfa::run(g, args),
        Command::Diff(args) => diff::diff(g, args),
        Command::Plan(args) => plan::plan(g, args),
        Command::Apply(args) => apply::apply(g, args),
        Command::Init(args) => init::init(g, args),
        Command::Completions { shell } => info::completions(g, *shell),
        Command::Man { dir } => info::man(g, dir.as_deref()),
    }
}
