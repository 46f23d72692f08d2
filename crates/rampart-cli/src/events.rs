//! `rampart events`: search the CloudTrail event history across Regions and print the matching
//! events newest first. A search cut short by Ctrl-C prints what it found so far.

mod args;
mod failures;
mod progress;
mod render;
mod time;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail};
use chrono::{DateTime, Utc};
use rampart_aws::events::{self as ev, EventFilter, SearchOutcome, SearchQuery};

pub use args::EventsArgs;

use crate::cli::{Global, ReportFormat};
use crate::output;
use progress::EventsProgress;

/// How the events are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventsFormat {
    Table,
    Json,
    Csv,
}

/// Exit code of a search interrupted by Ctrl-C (128 + SIGINT, as shells report it).
const INTERRUPTED: u8 = 130;

pub fn events(global: &Global, args: &EventsArgs) -> anyhow::Result<ExitCode> {
    let now = Utc::now();
    let (start, end) = window(args, now)?;
    let control = match args.control.as_deref() {
        None => None,
        Some(key) => Some(rampart_model::alert_controls::find_control(key).ok_or_else(|| {
            anyhow!("--control {key}: not a monitoring control; use 5.1 to 5.15 (CIS AWS Foundations v7.0) or a check id such as RMP311")
        })?),
    };
    let filter = EventFilter {
        user: args.user.clone(),
        event_name: args.event_name.clone(),
        event_source: args.event_source.clone(),
        resource_name: args.resource_name.clone(),
        resource_type: args.resource_type.clone(),
        access_key: args.access_key.clone(),
        read_only: args.read_only,
        root: args.root,
        console_logins: args.console_logins,
        errors: args.errors,
        control,
    };
    if args.limit == Some(0) {
        bail!("--limit: must be at least 1");
    }
    let format = match global.formats.first() {
        None | Some(ReportFormat::Table) => EventsFormat::Table,
        Some(ReportFormat::Json) => EventsFormat::Json,
        Some(ReportFormat::Csv) => EventsFormat::Csv,
        Some(other) => bail!(
            "--format {}: `rampart events` writes table, json (JSON lines of the full records) or csv",
            other.name()
        ),
    };
    let runtime = crate::collect::runtime()?;
    let opts = crate::collect::connect_options(global);
    let started = Instant::now();
    let (found, outcome, regions) = runtime.block_on(async {
        let conn = rampart_aws::connect(&opts).await;
        let mut requested = args.region.clone();
        if requested.is_empty() {
            let global_control =
                control.is_some_and(rampart_model::alert_controls::AlertControl::is_global);
            if args.root || args.console_logins || global_control {
                requested.push("us-east-1".to_owned());
            }
            requested.push(conn.region.clone());
        }
        let resolved = ev::resolve_regions(&conn, &requested)
            .await
            .map_err(|e| anyhow!("--region: {e}"))?;
        if let (Some(note), false) = (&resolved.note, global.quiet) {
            eprintln!("note: {note}");
        }
        let query = SearchQuery {
            filter,
            limit: args.limit,
            ..SearchQuery::new(resolved.regions.clone(), start, end)
        };
        let progress = Arc::new(EventsProgress::new(
            show_progress(global),
            query.regions.len(),
        ));
        let search = ev::search(&conn, &query, progress.clone());
        let outcome = tokio::select! {
            outcome = search => Some(outcome),
            _ = tokio::signal::ctrl_c() => None,
        };
        progress.finish();
        anyhow::Ok((progress.found(), outcome, resolved.regions))
    })?;
    let logins = args.console_logins;
    let shown = match &outcome {
        Some(o) => o.events.clone(),
        None => ev::newest_first(found, args.limit),
    };
    let text = match format {
        EventsFormat::Table if shown.is_empty() => {
            no_matches(outcome.as_ref(), &regions, start, end)
        }
        EventsFormat::Table => render::table(&shown, logins),
        EventsFormat::Csv => render::csv(&shown, logins),
        EventsFormat::Json => render::json_lines(&shown),
    };
    output::write(global.output.as_deref(), &text)?;
    let Some(outcome) = outcome else {
        eprintln!(
            "interrupted: showing the {} events found so far; the search did not finish",
            shown.len()
        );
        return Ok(ExitCode::from(INTERRUPTED));
    };
    if !global.quiet && (global.stats || global.verbose > 0) {
        eprintln!("{}", summary(&outcome, regions.len(), started));
    }
    if !outcome.failures.is_empty() {
        let incomplete = match shown.is_empty() {
            true => "",
            false => " (the events above are incomplete)",
        };
        bail!(
            "the event history could not be read to the end in {}{incomplete}: {}",
            plural(outcome.failures.len(), "Region"),
            failures::grouped(&outcome.failures).join("; ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The table's text when nothing matched: a line naming the Regions searched to the end, or
/// nothing when none was (a failed or interrupted search has not shown that nothing matches).
fn no_matches(
    outcome: Option<&SearchOutcome>,
    regions: &[String],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    let Some(outcome) = outcome else {
        return String::new();
    };
    let read: Vec<&str> = regions
        .iter()
        .filter(|r| !outcome.failures.iter().any(|f| &f.region == *r))
        .map(String::as_str)
        .collect();
    if read.is_empty() {
        return String::new();
    }
    let span = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    format!(
        "No matching events in {} between {} and {}.\n",
        read.join(", "),
        span(start),
        span(end)
    )
}

/// The time window from `--since` and `--until`.
fn window(args: &EventsArgs, now: DateTime<Utc>) -> anyhow::Result<(DateTime<Utc>, DateTime<Utc>)> {
    let oldest = now - chrono::Duration::days(i64::from(ev::HISTORY_DAYS));
    let start = match &args.since {
        Some(s) => time::parse_time("--since", s, now).map_err(|e| anyhow!(e))?,
        None => oldest,
    };
    let end = match &args.until {
        Some(s) => time::parse_time("--until", s, now).map_err(|e| anyhow!(e))?,
        None => now,
    };
    if end <= oldest {
        bail!(
            "--until ({}) is older than the {} days the event history keeps",
            stamp(end),
            ev::HISTORY_DAYS
        );
    }
    if start >= end {
        bail!(
            "--since ({}) must be earlier than --until ({})",
            stamp(start),
            stamp(end)
        );
    }
    Ok((start.max(oldest), end.min(now)))
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `N events from R Regions: P pages, Q requests (T retried) in S s`.
fn summary(o: &SearchOutcome, regions: usize, started: Instant) -> String {
    format!(
        "{} from {}: {}, {} ({} retried) in {:.2}s",
        plural(o.events.len(), "event"),
        plural(regions, "Region"),
        plural(o.pages as usize, "page"),
        plural(o.requests as usize, "request"),
        o.retries,
        started.elapsed().as_secs_f64()
    )
}

/// A progress line only for a person watching standard error, never with `-q`.
fn show_progress(global: &Global) -> bool {
    !global.quiet && std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use rampart_aws::events::RegionFailure;
    use rampart_model::Unavailable;

    use super::*;

    fn failed(regions: &[&str]) -> SearchOutcome {
        SearchOutcome {
            failures: regions
                .iter()
                .map(|r| RegionFailure {
                    region: (*r).to_owned(),
                    error: Unavailable::access_denied("cloudtrail:LookupEvents", "denied"),
                })
                .collect(),
            ..SearchOutcome::default()
        }
    }

    #[test]
    fn no_matches_is_claimed_only_for_regions_read_to_the_end() {
        let regions = vec!["eu-west-1".to_owned(), "us-east-1".to_owned()];
        let end = Utc::now();
        let start = end - chrono::Duration::days(1);
        let line = no_matches(Some(&failed(&[])), &regions, start, end);
        assert!(line.starts_with("No matching events in eu-west-1, us-east-1 between "));
        let line = no_matches(Some(&failed(&["us-east-1"])), &regions, start, end);
        assert!(
            line.starts_with("No matching events in eu-west-1 between "),
            "{line}"
        );
        let all = failed(&["eu-west-1", "us-east-1"]);
        assert_eq!(no_matches(Some(&all), &regions, start, end), "");
        // Interrupted: nothing was read to the end.
        assert_eq!(no_matches(None, &regions, start, end), "");
    }
}
