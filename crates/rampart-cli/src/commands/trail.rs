//! `rampart trail verify`: proves the trail's archive untampered from CloudTrail's signed
//! digest files, like `aws cloudtrail validate-logs`, with every digest and log file read
//! concurrently.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{anyhow, bail};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use rampart_aws::archive::verify::{self, Problem, VerifyQuery, VerifyReport};

use crate::global::{Global, ReportFormat};
use crate::output;
use crate::time::parse_time;

#[derive(Debug, Args)]
pub struct TrailArgs {
    #[command(subcommand)]
    pub command: TrailCommand,
}

#[derive(Debug, Subcommand)]
pub enum TrailCommand {
    /// Check the trail's log files against its signed digests: every digest's signature and
    /// place in the chain, every log file's hash, and files missing, changed or unlisted
    ///
    /// Needs log file validation on the trail (rampart's plan turns it on). Exit codes: 0 all
    /// valid, 1 something failed verification, 2 the archive could not be read.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Oldest digests to check: a span back from now (30d, 12h) or a date [default: 30d]
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Newest digests to check, in the same forms [default: now]
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Only this Region's digests (repeatable, comma lists ok) [default: every Region with digests]
    #[arg(long, value_name = "REGION", value_delimiter = ',')]
    pub region: Vec<String>,
}

pub fn run(global: &Global, args: &TrailArgs) -> anyhow::Result<ExitCode> {
    match &args.command {
        TrailCommand::Verify(v) => verify_trail(global, v),
    }
}

fn verify_trail(global: &Global, args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let start = parse_time("--since", args.since.as_deref().unwrap_or("30d"), now)
        .map_err(|e| anyhow!(e))?;
    let end = match &args.until {
        Some(u) => parse_time("--until", u, now).map_err(|e| anyhow!(e))?,
        None => now,
    }
    .min(now);
    if start >= end {
        bail!("--since must be earlier than --until");
    }
    for r in &args.region {
        rampart_aws::check_region(r, None).map_err(|e| anyhow!("--region: {e}"))?;
    }
    let json = match global.formats.first() {
        None | Some(ReportFormat::Table) => false,
        Some(ReportFormat::Json) => true,
        Some(other) => bail!(
            "--format {}: `rampart trail verify` writes table or json",
            other.name()
        ),
    };
    let runtime = crate::session::runtime()?;
    let opts = crate::session::connect_options(global);
    let (report, place) = runtime.block_on(async {
        let conn = rampart_aws::connect(&opts).await;
        let regions = if args.region.is_empty() {
            vec![conn.region.clone()]
        } else {
            args.region.clone()
        };
        let found = rampart_aws::archive::trail_archive(&conn, &regions)
            .await
            .map_err(|u| anyhow!("cannot find the trail's archive: {}", u.describe()))?;
        let place = format!(
            "s3://{}/{} (trail {})",
            found.bucket, found.base, found.trail
        );
        let query = VerifyQuery {
            start,
            end,
            account: found.account.clone(),
            regions: (!args.region.is_empty()).then(|| args.region.clone()),
            concurrency: 32,
        };
        let bucket = Arc::new(found.store);
        let digest_regions = verify::digest_regions(&bucket, &found.base, &query)
            .await
            .map_err(|u| anyhow!("cannot verify {place}: {}", u.describe()))?;
        let keys = rampart_aws::archive::public_keys(&conn, &digest_regions, start, end)
            .await
            .map_err(|u| anyhow!("cannot read CloudTrail's public keys: {}", u.describe()))?;
        let report = verify::verify(bucket, &found.base, &query, &keys)
            .await
            .map_err(|u| anyhow!("cannot verify {place}: {}", u.describe()))?;
        anyhow::Ok((report, place))
    })?;
    let text = if json {
        let mut t = serde_json::to_string_pretty(&report)?;
        t.push('\n');
        t
    } else {
        render(&report, &place, start, end)
    };
    output::write(global.output.as_deref(), &text)?;
    Ok(crate::exit::ExitStatus::from_findings(!report.problems.is_empty()).into())
}

fn render(r: &VerifyReport, place: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let day = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut out = format!(
        "Verified {place} from {} to {} in {}\n  {}/{} digest files valid\n  {}/{} log files valid\n",
        day(start),
        day(end),
        r.regions.join(", "),
        r.digests_valid,
        r.digests,
        r.log_files_valid,
        r.log_files
    );
    if r.problems.is_empty() {
        out.push_str("No problems: every log file is as CloudTrail delivered it.\n");
        return out;
    }
    out.push_str(&format!("{} problems:\n", r.problems.len()));
    for p in &r.problems {
        let line = match p {
            Problem::LogChanged { key, digest } => {
                format!("CHANGED     {key} (its hash differs from {digest})")
            }
            Problem::LogMissing { key, digest } => format!("MISSING     {key} (named by {digest})"),
            Problem::LogExtra { key } => format!("UNLISTED    {key} (no digest names it)"),
            Problem::DigestInvalid { key, why } => format!("BAD DIGEST  {key}: {why}"),
            Problem::DigestMissing { key, named_by } => {
                format!("NO DIGEST   {key} (named by {named_by})")
            }
            Problem::DigestUnchecked { key, why } => format!("UNCHECKED   {key}: {why}"),
            Problem::Gap { region, from, to } => format!(
                "GAP         {region}: no digest from {} to {}",
                day(*from),
                day(*to)
            ),
        };
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
    out
}
