//! Every command, each in its own room: its arguments, its run function and its own helpers.
//! A command uses the shared modules below it (`global`, `exit`, `output`, `progress`,
//! `session`, `scope`, `planning`, `config`) and never another command.

mod apply;
mod audit;
mod checks;
mod completions;
mod diff;
mod events;
mod init;
mod mfa;
mod plan;
mod snapshot;
mod trail;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::global::{Global, ReportFormat};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the account (or a saved snapshot) against the baseline
    Audit(audit::AuditArgs),
    /// Collect the account's facts and save them as a snapshot (JSON) for `audit --snapshot`
    ///
    /// The snapshot goes to --output FILE (written to a temporary file, then renamed into place)
    /// or to standard output. It holds no secrets: no keys, passwords or MFA seeds. With --org,
    /// one organization snapshot holds every selected account's.
    Snapshot(snapshot::SnapshotArgs),
    /// List every check: id, step, severity, CIS v7 control, whether `rampart apply` fixes it
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
    Events(events::EventsArgs),
    /// The trail's archive: `rampart trail verify` proves its log files untampered
    Trail(trail::TrailArgs),
    /// Enrol MFA devices (virtual, hardware; console steps for root and security keys) and
    /// show who has MFA
    Mfa(mfa::MfaArgs),
    /// Compare two snapshots or two JSON reports: new failures, fixed ones, unchanged
    ///
    /// Exit codes: 0 when nothing new fails, 1 when NEW has a failure OLD did not have, 2 when
    /// a file cannot be read.
    Diff(diff::DiffArgs),
    /// Show what `rampart apply` would change to bring the account to the baseline
    ///
    /// Legend: + create, ~ update, - delete (only with its flag), ! manual step (a person does
    /// it). `-o FILE` (or `--out FILE`) saves the plan for `rampart apply FILE`.
    /// With --detailed-exitcode: 0 no changes, 2 changes pending.
    Plan(plan::PlanArgs),
    /// Bring the account to the baseline: plan now (or read a saved plan) and apply it
    ///
    /// Asks for `yes` unless --auto-approve. Nothing is ever deleted, except the root user's
    /// access keys with --delete-root-access-keys when running as root, and member accounts'
    /// root credentials with --org --delete-member-root-credentials.
    Apply(apply::ApplyArgs),
    /// Write a commented rampart.toml with every setting at its default
    Init(init::InitArgs),
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
impl Command {
    /// Whether the command talks to AWS (and so needs a working profile).
    fn connects(&self) -> bool {
        match self {
            Command::Audit(a) => a.snapshot.is_none(),
            Command::Plan(p) => p.snapshot.is_none(),
            Command::Snapshot(_)
            | Command::Events(_)
            | Command::Trail(_)
            | Command::Mfa(_)
            | Command::Apply(_) => true,
            Command::Checks
            | Command::Explain { .. }
            | Command::Diff(_)
            | Command::Init(_)
            | Command::Completions { .. }
            | Command::Man { .. } => false,
        }
    }

    /// Whether the command reads `--region` as a list of its own (`all` allowed), which clap
    /// also hands to the global option; it checks each Region itself.
    fn own_regions(&self) -> bool {
        matches!(self, Command::Events(_) | Command::Trail(_))
    }

    /// Whether the command writes the report formats beyond table and JSON.
    fn writes_reports(&self) -> bool {
        matches!(self, Command::Audit(_) | Command::Events(_))
    }
}

/// Runs `command`; `app` is the whole command line's definition, for completions and manual
/// pages.
pub fn run(
    global: &Global,
    command: &Command,
    app: impl FnOnce() -> clap::Command,
) -> anyhow::Result<ExitCode> {
    let audit_only: Vec<ReportFormat> = global.audit_only_formats();
    if !audit_only.is_empty() && !command.writes_reports() {
        let names: Vec<&str> = audit_only.iter().map(|f| f.name()).collect();
        anyhow::bail!(
            "--format {}: only `rampart audit` writes this format (use table or json)",
            names.join(",")
        );
    }
    crate::aws_options::check(global, command.own_regions(), command.connects())?;
    match command {
        Command::Audit(args) => audit::run(global, args),
        Command::Snapshot(args) => snapshot::run(global, args),
        Command::Checks => checks::checks(global),
        Command::Explain { id } => checks::explain(global, id),
        Command::Events(args) => events::run(global, args),
        Command::Trail(args) => trail::run(global, args),
        Command::Mfa(args) => mfa::run(global, args),
        Command::Diff(args) => diff::run(global, args),
        Command::Plan(args) => plan::run(global, args),
        Command::Apply(args) => apply::run(global, args),
        Command::Init(args) => init::run(global, args),
        Command::Completions { shell } => completions::completions(global, app(), *shell),
        Command::Man { dir } => completions::man(global, app(), dir.as_deref()),
    }
}
