//! `rampart`: audits an AWS account against a four-step security baseline.
//!
//! This is the only place where errors become text and exit codes: 0 when the audit is clean,
//! 1 when a check at or above `--fail-on` fails or could not be decided, 2 for usage,
//! configuration or runtime errors (clap's own usage errors exit 2 as well), and 1 for every
//! error under `plan --detailed-exitcode`, where 2 means "changes pending". An error prints as
//! `error: …` on one line, followed by one `caused by: …` line per underlying cause.

mod apply;
mod audit;
mod audit_org;
mod aws_options;
mod baseline_config;
mod cli;
mod collect;
mod completion;
mod config;
mod diff;
mod events;
mod info;
mod init;
mod mfa;
mod org_args;
mod org_plan;
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
            eprintln!("{}", error_text(&e));
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

/// `error: <message>` then `caused by: <cause>` for each cause; each on one line. A
/// configuration file's problems are one `error:` line each, then their count.
pub(crate) fn error_text(e: &anyhow::Error) -> String {
    let one_line = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(config) = e.downcast_ref::<config::ConfigErrors>() {
        let mut lines: Vec<String> = config
            .errors
            .iter()
            .map(|e| format!("error: {}", one_line(e.to_string())))
            .collect();
        lines.push(format!("error: {}", config.count_line()));
        return lines.join("\n");
    }
    let mut chain = e.chain();
    let mut out = format!(
        "error: {}",
        one_line(chain.next().map(ToString::to_string).unwrap_or_default())
    );
    let mut previous = out.clone();
    for cause in chain {
        let text = one_line(cause.to_string());
        // A message that already ends with its cause's text (`…: {source}`) is not repeated.
        if previous.ends_with(&text) {
            continue;
        }
        out.push_str(&format!("\ncaused by: {text}"));
        previous = text;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn prints_the_whole_chain_one_line_each() {
        let io = std::io::Error::other("connection\nreset");
        let e = Err::<(), _>(io)
            .context("cannot collect")
            .expect_err("is an error");
        assert_eq!(
            error_text(&e),
            "error: cannot collect\ncaused by: connection reset"
        );
    }

    /// An error that prints its source in its own message, and also returns it as `source`.
    #[derive(Debug)]
    struct Repeats(std::io::Error);

    impl std::fmt::Display for Repeats {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot read the profile: {}", self.0)
        }
    }

    impl std::error::Error for Repeats {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_cause_already_in_its_message_is_not_printed_again() {
        let e = anyhow::Error::new(Repeats(std::io::Error::other("permission denied")))
            .context("--profile work");
        assert_eq!(
            error_text(&e),
            "error: --profile work\ncaused by: cannot read the profile: permission denied"
        );
    }

    #[test]
    fn a_collect_error_prints_each_cause_once() {
        let e = anyhow::Error::new(rampart_aws::CollectError::NoAccount)
            .context("cannot collect a snapshot of the account");
        assert_eq!(
            error_text(&e),
            "error: cannot collect a snapshot of the account\ncaused by: \
             sts:GetCallerIdentity answered without naming an account"
        );
    }
}
