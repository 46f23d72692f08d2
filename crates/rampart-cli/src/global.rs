//! The options every command takes (`--profile`, `--region`, `--format`, `-o`, …), with help
//! text taken from these doc comments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

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
