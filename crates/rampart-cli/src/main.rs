//! `rampart`: audits an AWS account against a four-step security baseline.
//!
//! This is the top of the binary: it parses the command line, runs the command (each in its
//! room under `commands/`), and is the only place where an error becomes text and an exit
//! code (see `exit`): 2 for usage, configuration or runtime errors (clap's own usage errors
//! exit 2 as well), and 1 for every error under `plan --detailed-exitcode`, where 2 means
//! "changes pending". An error prints as `error: …` on one line, followed by one
//! `caused by: …` line per underlying cause.

mod aws_options;
mod commands;
mod completion;
mod config;
mod exit;
mod global;
mod org_args;
mod output;
mod plan_style;
mod planning;
mod progress;
mod scope;
mod selection;
mod session;
mod time;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::commands::Command;
use crate::exit::ExitStatus;
use crate::global::Global;

/// Audit an AWS account against a four-step security baseline: stop using the root user,
/// MFA everywhere, CloudTrail, billing reports.
///
/// Exit codes: 0 clean; 1 checks failing or undecided (unknown) at or above --fail-on, or an
/// account of `audit --org` that could not be audited; 2 usage,
/// configuration or runtime error, or nothing could be read. `plan --detailed-exitcode`: 0 no
/// changes, 1 error, 2 changes pending.
#[derive(Debug, Parser)]
#[command(
    name = "rampart",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("RAMPART_GIT_COMMIT"), ")"),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

fn main() -> ExitCode {
    // Under `plan --detailed-exitcode` 2 means "changes pending", so every error is 1 there,
    // bad flags included, as OpenTofu does it.
    let detailed = std::env::args_os().any(|a| a == "--detailed-exitcode");
    let error_code = ExitStatus::error_code(detailed);
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { error_code } else { 0 });
        }
    };
    cli.global.resolve();
    match commands::run(&cli.global, &cli.command, Cli::command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", exit::error_text(&e));
            ExitCode::from(error_code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::global::{Format, ReportFormat};

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn comma_lists_and_repeats_combine() {
        let cli = Cli::try_parse_from([
            "rampart",
            "audit",
            "--select",
            "RMP1,RMP2",
            "--select",
            "RMP301",
        ])
        .expect("parses");
        let Command::Audit(a) = cli.command else {
            panic!("not audit")
        };
        assert_eq!(a.select, ["RMP1", "RMP2", "RMP301"]);
    }

    #[test]
    fn report_formats_combine_and_resolve_for_table_and_json_commands() {
        let mut cli = Cli::try_parse_from([
            "rampart",
            "audit",
            "--format",
            "html,sarif",
            "--format",
            "csv",
        ])
        .expect("parses");
        cli.global.resolve();
        assert_eq!(
            cli.global.formats,
            [ReportFormat::Html, ReportFormat::Sarif, ReportFormat::Csv]
        );
        assert_eq!(cli.global.format, Format::Table);
        assert_eq!(cli.global.audit_only_formats().len(), 3);
        let mut cli =
            Cli::try_parse_from(["rampart", "checks", "--format", "json"]).expect("parses");
        cli.global.resolve();
        assert_eq!(cli.global.format, Format::Json);
        assert!(cli.global.audit_only_formats().is_empty());
        assert!(Cli::try_parse_from(["rampart", "audit", "--format", "pdf"]).is_err());
    }

    #[test]
    fn severities_parse_case_insensitively_and_reject_others() {
        let cli =
            Cli::try_parse_from(["rampart", "audit", "--fail-on", "CRITICAL"]).expect("parses");
        let Command::Audit(a) = cli.command else {
            panic!("not audit")
        };
        assert_eq!(a.fail_on, Some(rampart_model::Severity::Critical));
        assert!(Cli::try_parse_from(["rampart", "audit", "--fail-on", "urgent"]).is_err());
    }
}
