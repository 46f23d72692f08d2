//! The command line: every command and option, with help text taken from these doc comments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

/// Options every command accepts.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// AWS profile from ~/.aws/config (default: the standard credential chain)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS Region for regional calls (default: the profile's, else us-east-1)
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Send every AWS request to this endpoint (a local emulator, for instance)
    #[arg(
        long,
        global = true,
        env = "AWS_ENDPOINT_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub endpoint_url: Option<String>,
    /// Give up on a request attempt after SECONDS without an answer (it is retried, then the
    /// fact it was reading is reported unknown) [default: 30]
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub request_timeout: Option<std::time::Duration>,
    /// Output format. `audit` also writes html, sarif, junit and csv, and several formats at
    /// once (a comma list) with --output-dir
    #[arg(
        long = "format",
        id = "format",
        global = true,
        value_enum,
        value_delimiter = ',',
        default_value = "table",
        value_name = "FORMAT"
    )]
    pub formats: Vec<ReportFormat>,
    /// The first of `formats` as the commands that only know table and JSON see it (html, sarif,
    /// junit and csv read as table); set by [`Global::resolve`].
    #[arg(skip)]
    pub format: Format,
    /// Write the output to FILE instead of standard output: a regular file is replaced whole,
    /// never half-written; a device, FIFO or process substitution is written in place; a
    /// symlink is followed; `-` is standard output
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Never colour the output (colour is also off when NO_COLOR is set or stdout is not a terminal)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Print nothing on standard error but errors (no progress)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Show more: every finding in the table, and which configuration file was read
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// After collecting, print the requests sent per API and the wall time on standard error
    #[arg(long, global = true)]
    pub stats: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Grouped by step, for people
    #[default]
    Table,
    /// One JSON document, for scripts
    Json,
}

/// Every `--format` value; html, sarif, junit and csv are reports of `rampart audit` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Grouped by step, for people
    Table,
    /// One JSON document, for scripts
    Json,
    /// One self-contained page to read and share (audit only)
    Html,
    /// SARIF 2.1.0, for GitHub code scanning (audit only)
    Sarif,
    /// JUnit XML, one test case per check and resource, for CI (audit only)
    Junit,
    /// One row per finding (audit), or per event (events)
    Csv,
}

impl ReportFormat {
    /// The name `--format` takes, e.g. `sarif`.
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Table => "table",
            ReportFormat::Json => "json",
            ReportFormat::Html => "html",
            ReportFormat::Sarif => "sarif",
            ReportFormat::Junit => "junit",
            ReportFormat::Csv => "csv",
        }
    }
}

impl Global {
    /// Fills [`Global::format`] from the first `--format` value.
    pub fn resolve(&mut self) {
        if self.output.as_deref() == Some(std::path::Path::new("-")) {
            self.output = None;
        }
        self.format = match self.formats.first() {
            Some(ReportFormat::Json) => Format::Json,
            _ => Format::Table,
        };
    }

    /// The audit-only formats asked for, for commands that cannot write them.
    pub fn audit_only_formats(&self) -> Vec<ReportFormat> {
        self.formats
            .iter()
            .copied()
            .filter(|f| !matches!(f, ReportFormat::Table | ReportFormat::Json))
            .collect()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the account (or a saved snapshot) against the baseline
    Audit(crate::audit::AuditArgs),
    /// Collect the account's facts and save them as a snapshot (JSON) for `audit --snapshot`
    ///
    /// The snapshot goes to --output FILE (written to a temporary file, then renamed into place)
    /// or to standard output. It holds no secrets: no keys, passwords or MFA seeds. With --org,
    /// one organization snapshot holds every selected account's.
    Snapshot(crate::audit::SnapshotArgs),
    /// List every check: id, step, severity, CIS v5 control, whether `rampart apply` fixes it
    Checks,
    /// Show a check's full documentation
    Explain {
        /// A check id (RMP102), slug (root-access-keys) or former id
        #[arg(value_parser = crate::completion::CHECK_NAME, hide_possible_values = true)]
        id: String,
    },
    /// Search CloudTrail's records across Regions, newest first: the event history (the last
    /// 90 days) and the trail's archive (older, or --archive-dir)
    ///
    /// Filters combine; the most selective one is sent to CloudTrail and the rest are applied
    /// to each full record. Each Region is read at CloudTrail's limit of two requests a second,
    /// all Regions at once; the archive is read a day at a time, newest first. Ctrl-C prints
    /// what was found so far.
    Events(crate::events::EventsArgs),
    /// The trail's archive: `rampart trail verify` proves its log files untampered
    Trail(crate::trail::TrailArgs),
    /// Enrol MFA devices (virtual, hardware; console steps for root and security keys) and
    /// show who has MFA
    Mfa(crate::mfa::MfaArgs),
    /// Compare two snapshots or two JSON reports: new failures, fixed ones, unchanged
    ///
    /// Exit codes: 0 when nothing new fails, 1 when NEW has a failure OLD did not have, 2 when
    /// a file cannot be read.
    Diff(crate::diff::DiffArgs),
    /// Show what `rampart apply` would change to bring the account to the baseline
    ///
    /// Legend: + create, ~ update, - delete (only with its flag), ! manual step (a person does
    /// it). `-o FILE` (or `--out FILE`) saves the plan for `rampart apply FILE`.
    /// With --detailed-exitcode: 0 no changes, 2 changes pending.
    Plan(crate::plan::PlanArgs),
    /// Bring the account to the baseline: plan now (or read a saved plan) and apply it
    ///
    /// Asks for `yes` unless --auto-approve. Nothing is ever deleted, except the root user's
    /// access keys with --delete-root-access-keys when running as root, and member accounts'
    /// root credentials with --org --delete-member-root-credentials.
    Apply(crate::apply::ApplyArgs),
    /// Write a commented rampart.toml with every setting at its default
    Init(crate::init::InitArgs),
    /// Print shell completions
    Completions {
        /// The shell to generate completions for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from this help: `rampart man > rampart.1`
    ///
    /// With --dir, write a page for every command instead (rampart.1, rampart-audit.1, ...),
    /// the pages the SUBCOMMANDS section refers to, and list the files written.
    Man {
        /// Write every command's page into DIR (created if missing)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// A positive number of seconds, fractions allowed (`--request-timeout 2.5`).
fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(0.001..=3600.0).contains(&secs) {
        return Err(format!(
            "must be between 0.001 and 3600 seconds, got {text}"
        ));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

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
