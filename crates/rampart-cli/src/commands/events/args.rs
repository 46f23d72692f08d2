//! The options of `rampart events`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Only events by this user: an IAM user name, a role session name, `root`, or an ARN
    #[arg(long, value_name = "NAME", conflicts_with = "root")]
    pub user: Option<String>,
    /// Only events with this name (e.g. CreateUser)
    #[arg(long, value_name = "NAME", conflicts_with = "console_logins")]
    pub event_name: Option<String>,
    /// Only events from this service (iam.amazonaws.com, or just iam)
    #[arg(long, value_name = "SERVICE")]
    pub event_source: Option<String>,
    /// Only events naming this resource (a name or ARN)
    #[arg(long, value_name = "NAME")]
    pub resource_name: Option<String>,
    /// Only events naming a resource of this type (e.g. AWS::S3::Bucket)
    #[arg(long, value_name = "TYPE")]
    pub resource_type: Option<String>,
    /// Only events made with this access key id
    #[arg(long, value_name = "KEY_ID")]
    pub access_key: Option<String>,
    /// Only read-only events (true) or only changes (false)
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub read_only: Option<bool>,
    /// Oldest events to show: a span back from now (30m, 24h, 7d, 2w) or a date
    /// (2026-11-01, 2026-11-01T08:00:00Z) [default: the 90 days the event history
    /// keeps, or 90 days before an older --until]
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Newest events to show, in the same forms as --since [default: now]
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Search this Region (repeatable, comma lists ok; `all` for every enabled Region)
    /// [default: the configured Region, plus us-east-1 with --root or --console-logins]
    #[arg(long, value_name = "REGION", value_delimiter = ',')]
    pub region: Vec<String>,
    /// Show at most N events (the newest)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Only the root user's activity (its console sign-ins are recorded in us-east-1)
    #[arg(long)]
    pub root: bool,
    /// Only console sign-ins, with whether MFA was used and whether they failed
    #[arg(long)]
    pub console_logins: bool,
    /// Only failed calls: AccessDenied and every other error code, failed sign-ins
    #[arg(long)]
    pub errors: bool,
    /// Where to read: the event history (90 days), the trail's archive, or auto (the history for
    /// the part of the window it keeps, the archive for the older part)
    #[arg(long, value_enum, value_name = "SOURCE", default_value_t = Source::Auto)]
    pub source: Source,
    /// Read the archive from this folder instead of S3: log files already downloaded in the
    /// bucket's layout (the folder that holds AWSLogs/); nothing is sent to AWS
    #[arg(long, value_name = "DIR")]
    pub archive_dir: Option<PathBuf>,
    /// With --source athena: first create the Athena table over the trail's bucket (once;
    /// partition projection by account, Region and day)
    #[arg(long)]
    pub athena_create_table: bool,
    /// Read the [athena] settings from FILE [default: ./rampart.toml when it exists]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only the events a CIS v7.0 monitoring control alerts on (5.1 to 5.15, or the check id,
    /// e.g. RMP311): what that alert would have caught
    #[arg(long, value_name = "CONTROL")]
    pub control: Option<String>,
}

/// Where `rampart events` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// The event history for the part of the window it keeps, the archive for the older part
    Auto,
    /// CloudTrail's event history (LookupEvents): the last 90 days of management events
    History,
    /// The trail's log files in S3 (or in --archive-dir): any window the trail covers
    Archive,
    /// The same search in Amazon Athena, over a table on the trail's bucket ([athena] in
    /// rampart.toml; create it once with --athena-create-table)
    Athena,
}
