//! `rampart events`: search CloudTrail's records across Regions — the event history for the last
//! 90 days, the trail's archive for any window it covers — and print the matching events newest
//! first. A search cut short by Ctrl-C prints what it found so far.

mod archive;
mod args;
mod athena;
mod failures;
mod progress;
mod render;
mod sources;

use std::collections::HashSet;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail};
use chrono::{DateTime, Utc};
use rampart_aws::archive::ArchiveQuery;
use rampart_aws::events::{self as ev, Event, EventFilter, SearchOutcome, SearchQuery};

use crate::time;
pub use args::EventsArgs;

use crate::global::{Global, ReportFormat};
use crate::output;
use archive::{ArchiveMeter, ArchiveSource};
use progress::EventsProgress;

/// How the events are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventsFormat {
    Table,
    Json,
    Csv,
}

pub fn run(global: &Global, args: &EventsArgs) -> anyhow::Result<ExitCode> {
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
    let parts = sources::plan(args, start, end, now)?;
    if let (Some(note), false) = (parts.note(), global.quiet) {
        eprintln!("note: {note}");
    }
    let runtime = crate::session::runtime()?;
    let opts = crate::session::connect_options(global);
    let started = Instant::now();
    let conn = match args.archive_dir {
        Some(_) => None,
        None => Some(runtime.block_on(rampart_aws::connect(&opts))),
    };
    let regions = match &conn {
        Some(conn) => runtime.block_on(requested_regions(conn, args, control, global.quiet))?,
        None => args.region.clone(),
    };
    if let (Some(window), Some(conn)) = (parts.athena, &conn) {
        let settings = crate::config::settings(args.config.as_deref(), global)?.athena;
        let search = athena::search(
            conn,
            &settings,
            &regions,
            window,
            &filter,
            args.limit,
            args.athena_create_table,
        );
        let found = runtime.block_on(async {
            tokio::select! {
                f = search => Some(f),
                _ = tokio::signal::ctrl_c() => None,
            }
        });
        let Some(found) = found else {
            eprintln!("interrupted: the search in Athena did not finish (it may still run there)");
            return Ok(crate::exit::ExitStatus::Interrupted.into());
        };
        let found = found?;
        let text = render_events(
            format,
            &found.events,
            args.console_logins,
            None,
            &regions,
            start,
            end,
        );
        output::write(global.output.as_deref(), &text)?;
        if !global.quiet {
            eprintln!("{}", found.note);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let history = match (parts.history, &conn) {
        (Some((from, to)), Some(conn)) => {
            let query = SearchQuery {
                filter: filter.clone(),
                limit: args.limit,
                ..SearchQuery::new(regions.clone(), from, to)
            };
            Some(runtime.block_on(search_history(
                conn,
                &query,
                crate::progress::visible(global),
            )))
        }
        _ => None,
    };
    let (mut shown, history_outcome) = match history {
        None => (Vec::new(), None),
        Some((found, None)) => (ev::newest_first(found, args.limit), None),
        Some((_, Some(o))) => (o.events.clone(), Some(o)),
    };
    let history_interrupted = parts.history.is_some() && history_outcome.is_none();
    let mut archive_outcome = None;
    let mut archive_interrupted = false;
    let room = args.limit.map(|l| l.saturating_sub(shown.len()));
    let logins = args.console_logins;
    let archive_query = match (parts.archive, history_interrupted, room) {
        (Some((from, to)), false, None | Some(1..)) => Some(ArchiveQuery {
            start: from,
            end: to,
            regions: (!regions.is_empty() && !regions.iter().any(|r| r == "all"))
                .then(|| regions.clone()),
            accounts: None,
            filter: filter.clone(),
            limit: room,
            concurrency: archive_concurrency(args.archive_dir.is_some()),
        }),
        _ => None,
    };
    let mut printed = shown.len();
    match archive_query {
        None => {
            let text = render_events(
                format,
                &shown,
                logins,
                history_outcome.as_ref(),
                &regions,
                start,
                end,
            );
            output::write(global.output.as_deref(), &text)?;
        }
        Some(query) => {
            let source = match (&args.archive_dir, &conn) {
                (Some(dir), _) => ArchiveSource::Dir(dir),
                (None, Some(conn)) => ArchiveSource::Trail(conn),
                (None, None) => bail!("internal error: no connection for the archive"),
            };
            let meter = Arc::new(ArchiveMeter::new(crate::progress::visible(global)));
            // The history's events, which the archive may hold too (the archive search drops
            // its own duplicates).
            let seen: HashSet<String> = shown.iter().filter_map(|e| e.event_id.clone()).collect();
            let fresh = move |batch: Vec<Event>| -> Vec<Event> {
                batch
                    .into_iter()
                    .filter(|e| e.event_id.as_ref().is_none_or(|id| !seen.contains(id)))
                    .collect()
            };
            let mut found = None;
            if format == EventsFormat::Table {
                // A table needs every row to align its columns.
                let mut older = Vec::new();
                let result =
                    runtime.block_on(archive::search(source, &query, meter.clone(), |b| {
                        older.extend(fresh(b));
                    }));
                meter.finish();
                // An archive that cannot be searched at all prints nothing but the error.
                let result = result?;
                shown.extend(older);
                printed = shown.len();
                let text = render_events(format, &shown, logins, None, &regions, start, end);
                output::write(global.output.as_deref(), &text)?;
                found = Some(Ok(result));
            } else {
                // JSON lines and CSV are written a day at a time, as the search hands days on.
                output::write_with(global.output.as_deref(), |out| {
                    let first = match format {
                        EventsFormat::Csv => render::csv(&shown, logins),
                        _ => render::json_lines(&shown),
                    };
                    out.write_all(first.as_bytes())?;
                    let mut failed: Option<std::io::Error> = None;
                    found = Some(runtime.block_on(archive::search(
                        source,
                        &query,
                        meter.clone(),
                        |b| {
                            let batch = fresh(b);
                            printed += batch.len();
                            if failed.is_some() {
                                return;
                            }
                            let text = match format {
                                EventsFormat::Csv => render::csv_rows(&batch, logins),
                                _ => render::json_lines(&batch),
                            };
                            if let Err(e) = out.write_all(text.as_bytes()) {
                                failed = Some(e);
                            }
                        },
                    )));
                    failed.map_or(Ok(()), Err)
                })?;
                meter.finish();
            }
            match found.transpose()? {
                Some(Some(f)) => archive_outcome = Some(f),
                _ => archive_interrupted = true,
            }
        }
    }
    if history_interrupted || archive_interrupted {
        eprintln!(
            "interrupted: showing the {} events found so far; the search did not finish",
            printed
        );
        return Ok(crate::exit::ExitStatus::Interrupted.into());
    }
    if !global.quiet && (global.stats || global.verbose > 0) {
        if let Some(o) = &history_outcome {
            eprintln!("{}", summary(o, regions.len(), started));
        }
        if let Some((o, _)) = &archive_outcome {
            eprintln!("{}", archive::summary(o, started));
        }
    }
    // Each problem: what is incomplete, and why.
    let mut problems: Vec<(String, String)> = Vec::new();
    if let Some(o) = history_outcome.as_ref().filter(|o| !o.failures.is_empty()) {
        problems.push((
            format!(
                "the event history could not be read to the end in {}",
                plural(o.failures.len(), "Region")
            ),
            failures::grouped(&o.failures).join("; "),
        ));
    }
    if let Some((o, place)) = &archive_outcome {
        if !o.failures.is_empty() {
            let first: Vec<String> = o
                .failures
                .iter()
                .take(3)
                .map(rampart_model::Unavailable::describe)
                .collect();
            problems.push((
                format!(
                    "{} of the archive {place} could not be read",
                    plural(o.failures.len(), "folder or file")
                ),
                first.join("; "),
            ));
        }
        let gaps = archive::gaps(&o.gaps, parts.archive.map_or(end, |(_, to)| to));
        let complete = args.limit.is_some_and(|l| printed >= l);
        if !gaps.is_empty() && !complete {
            problems.push((
                format!("the archive {place} does not cover part of the window"),
                gaps.join("; "),
            ));
        }
    }
    if let Some((from, to)) = parts.uncovered {
        problems.push((
            format!(
                "no source was searched from {} to {}",
                stamp(from),
                stamp(to)
            ),
            format!(
                "the event history keeps {} days; search the rest with --source archive or auto",
                ev::HISTORY_DAYS
            ),
        ));
    }
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let incomplete = if printed == 0 {
        ""
    } else {
        " (the events above are incomplete)"
    };
    let text: Vec<String> = problems
        .iter()
        .enumerate()
        .map(|(i, (what, why))| match i {
            0 => format!("{what}{incomplete}: {why}"),
            _ => format!("{what}: {why}"),
        })
        .collect();
    bail!("{}", text.join("; and "))
}

/// The Regions asked for, resolved (`all` to every enabled Region), with the defaults:
/// the configured Region, and `us-east-1` for events recorded there.
async fn requested_regions(
    conn: &rampart_aws::Connection,
    args: &EventsArgs,
    control: Option<&rampart_model::alert_controls::AlertControl>,
    quiet: bool,
) -> anyhow::Result<Vec<String>> {
    let mut requested = args.region.clone();
    if requested.is_empty() {
        let global_control =
            control.is_some_and(rampart_model::alert_controls::AlertControl::is_global);
        if args.root || args.console_logins || global_control {
            requested.push("us-east-1".to_owned());
        }
        requested.push(conn.region.clone());
    }
    let resolved = ev::resolve_regions(conn, &requested)
        .await
        .map_err(|e| anyhow!("--region: {e}"))?;
    if let (Some(note), false) = (&resolved.note, quiet) {
        eprintln!("note: {note}");
    }
    Ok(resolved.regions)
}

/// Searches the event history; the outcome is `None` when Ctrl-C stopped it (the events are
/// then those found so far).
async fn search_history(
    conn: &rampart_aws::Connection,
    query: &SearchQuery,
    visible: bool,
) -> (Vec<Event>, Option<SearchOutcome>) {
    let progress = Arc::new(EventsProgress::new(visible, query.regions.len()));
    let search = ev::search(conn, query, progress.clone());
    let outcome = tokio::select! {
        outcome = search => Some(outcome),
        _ = tokio::signal::ctrl_c() => None,
    };
    progress.finish();
    (progress.found(), outcome)
}

/// Files read at once: enough to hide S3's latency, or one per core from a local disk.
fn archive_concurrency(local: bool) -> usize {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    if local {
        cores
    } else {
        32
    }
}

/// The events in `format`; an empty table says what was searched to the end, when it knows.
fn render_events(
    format: EventsFormat,
    shown: &[Event],
    logins: bool,
    outcome: Option<&SearchOutcome>,
    regions: &[String],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    match format {
        EventsFormat::Table if shown.is_empty() => no_matches(outcome, regions, start, end),
        EventsFormat::Table => render::table(shown, logins),
        EventsFormat::Csv => render::csv(shown, logins),
        EventsFormat::Json => render::json_lines(shown),
    }
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

/// The time window from `--since` (default: the 90 days the event history keeps, or 90 days
/// before an older `--until`) and `--until` (default: now), the end no later than now.
fn window(args: &EventsArgs, now: DateTime<Utc>) -> anyhow::Result<(DateTime<Utc>, DateTime<Utc>)> {
    let end = match &args.until {
        Some(s) => time::parse_time("--until", s, now).map_err(|e| anyhow!(e))?,
        None => now,
    };
    let start = match &args.since {
        Some(s) => time::parse_time("--since", s, now).map_err(|e| anyhow!(e))?,
        // What the history keeps; for a window ending before that, 90 days back from its end.
        None => {
            let days = chrono::Duration::days(i64::from(ev::HISTORY_DAYS));
            if end > now - days {
                now - days
            } else {
                end - days
            }
        }
    };
    if start >= end {
        bail!(
            "--since ({}) must be earlier than --until ({})",
            stamp(start),
            stamp(end)
        );
    }
    Ok((start, end.min(now)))
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
