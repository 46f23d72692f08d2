//! The search of an archive: find the account and Region folders, list only the days the window
//! needs, read and decode files concurrently, and hand events to the caller newest first, a day
//! at a time, so that neither the archive nor the answer has to fit in memory.
//!
//! Days are read newest first, each by a task of its own, the next one already reading while
//! the caller writes the last. Once key day `D` is read, no older folder can hold an event at or
//! after the start of `D` (a file is delivered after its events), so those events are final:
//! they are sorted, freed of duplicates (two trails delivering the same event), and passed on.
//! `--limit N` stops as soon as N final events have been passed on.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::stream::{self, StreamExt};
use rampart_model::{Unavailable, UnavailableKind};

use super::decode::{decode, needles, Decoded};
use super::layout::{day_of, day_start, is_account_id, is_organization_id, key_days, LogRoot};
use super::store::{FileRef, Store};
use crate::events::{newest_first, Event, EventFilter};

/// What to look for in an archive.
#[derive(Debug, Clone)]
pub struct ArchiveQuery {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Only these Regions' folders; `None` for every Region found.
    pub regions: Option<Vec<String>>,
    /// Only these accounts' folders; `None` for every account found.
    pub accounts: Option<Vec<String>>,
    pub filter: EventFilter,
    pub limit: Option<usize>,
    /// Files read and decoded at once.
    pub concurrency: usize,
}

/// Receives the search's progress, from several tasks at once.
pub trait ArchiveProgress: Send + Sync {
    /// A file of `bytes` bytes was read; `matched` of its events passed the filters.
    fn file(&self, bytes: u64, matched: usize);
}

/// Counters of one search.
#[derive(Debug, Default)]
pub struct ArchiveStats {
    pub files: AtomicU64,
    /// Bytes read (compressed).
    pub bytes: AtomicU64,
    /// Bytes after inflating.
    pub inflated: AtomicU64,
    pub records: AtomicU64,
    /// Listings and reads sent to the store.
    pub requests: AtomicU64,
}

/// A part of the window an account and Region's folder does not cover: the folder's oldest day
/// starts after the window does, or the folder has no day in it at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub account: String,
    pub region: String,
    pub from: DateTime<Utc>,
    /// The start of the oldest day the folder has; `None` when it has none.
    pub until: Option<DateTime<Utc>>,
}

/// The result of a search (the events went to the sink).
#[derive(Debug, Default)]
pub struct ArchiveOutcome {
    pub roots: Vec<LogRoot>,
    pub gaps: Vec<Gap>,
    /// Folders or files that could not be read: the events passed on are incomplete.
    pub failures: Vec<Unavailable>,
    pub events: u64,
    pub stats: ArchiveStats,
}

pub(super) fn counted<T>(stats: &ArchiveStats, r: T) -> T {
    stats.requests.fetch_add(1, Ordering::Relaxed);
    r
}

/// Every account and Region folder of log files under `base` (a key prefix ending in `/`, or
/// empty) that the query asks for. An archive without `AWSLogs/` under `base` is an error.
pub async fn discover<S: Store>(
    store: &S,
    base: &str,
    query: &ArchiveQuery,
    stats: &ArchiveStats,
) -> Result<Vec<LogRoot>, Unavailable> {
    discover_folders(
        store,
        base,
        "CloudTrail",
        query.accounts.as_deref(),
        query.regions.as_deref(),
        stats,
    )
    .await
}

/// Every account and Region folder of `kind` (`CloudTrail` for log files, `CloudTrail-Digest`
/// for digests) under `base`, among `accounts` and `regions` when given.
pub async fn discover_folders<S: Store>(
    store: &S,
    base: &str,
    kind: &str,
    only_accounts: Option<&[String]>,
    only_regions: Option<&[String]>,
    stats: &ArchiveStats,
) -> Result<Vec<LogRoot>, Unavailable> {
    let top = counted(stats, store.folders(base).await)?;
    if !top.iter().any(|f| f == "AWSLogs") {
        return Err(Unavailable::new(
            UnavailableKind::Error,
            None,
            format!(
                "no AWSLogs/ folder in {}{}{base}: not a CloudTrail archive (or not its top folder)",
                store.describe(),
                if base.is_empty() { "" } else { "/" }
            ),
        ));
    }
    let logs = format!("{base}AWSLogs/");
    let mut accounts = Vec::new();
    for name in counted(stats, store.folders(&logs).await)? {
        if is_account_id(&name) {
            accounts.push((None, format!("{logs}{name}/"), name));
        } else if is_organization_id(&name) {
            let org = format!("{logs}{name}/");
            for acct in counted(stats, store.folders(&org).await)? {
                if is_account_id(&acct) {
                    accounts.push((Some(name.clone()), format!("{org}{acct}/"), acct));
                }
            }
        }
    }
    let mut roots = Vec::new();
    for (organization, prefix, account) in accounts {
        if only_accounts.is_some_and(|a| !a.contains(&account)) {
            continue;
        }
        let trail = format!("{prefix}{kind}/");
        for region in counted(stats, store.folders(&trail).await)? {
            if only_regions.is_some_and(|r| !r.contains(&region)) {
                continue;
            }
            roots.push(LogRoot {
                prefix: format!("{trail}{region}/"),
                account: account.clone(),
                region,
                organization: organization.clone(),
            });
        }
    }
    roots.sort();
    Ok(roots)
}

/// The days a folder has within `wanted` (key days), and its oldest day overall.
async fn days_of<S: Store>(
    store: &S,
    root: &LogRoot,
    wanted: &BTreeSet<NaiveDate>,
    stats: &ArchiveStats,
) -> Result<(BTreeSet<NaiveDate>, Option<NaiveDate>), Unavailable> {
    let (Some(first), Some(last)) = (wanted.first(), wanted.last()) else {
        return Ok((BTreeSet::new(), None));
    };
    let mut years: Vec<String> = counted(stats, store.folders(&root.prefix).await)?;
    years.retain(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    years.sort();
    let mut found = BTreeSet::new();
    let mut oldest = None;
    for (yi, year) in years.iter().enumerate() {
        let y: i32 = year.parse().unwrap_or(0);
        let in_window = y >= chrono::Datelike::year(first) && y <= chrono::Datelike::year(last);
        if !in_window && yi > 0 {
            continue;
        }
        let mut months = counted(
            stats,
            store.folders(&format!("{}{year}/", root.prefix)).await,
        )?;
        months.sort();
        for (mi, month) in months.iter().enumerate() {
            let first_of_month = day_of(year, month, "01");
            let Some(fm) = first_of_month else { continue };
            let month_end = fm
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX);
            let overlaps = fm <= *last && month_end > *first;
            let needed_for_oldest = oldest.is_none() && yi == 0 && mi == 0;
            if !overlaps && !needed_for_oldest {
                continue;
            }
            let prefix = format!("{}{year}/{month}/", root.prefix);
            let mut days: Vec<NaiveDate> = counted(stats, store.folders(&prefix).await)?
                .iter()
                .filter_map(|d| day_of(year, month, d))
                .collect();
            days.sort();
            if oldest.is_none() {
                oldest = days.first().copied();
            }
            found.extend(days.into_iter().filter(|d| wanted.contains(d)));
        }
    }
    Ok((found, oldest))
}

/// Searches the archive under `base`, passing events to `sink` newest first, a batch at a time.
pub async fn scan<S: Store>(
    store: Arc<S>,
    base: &str,
    query: &ArchiveQuery,
    progress: Arc<dyn ArchiveProgress>,
    mut sink: impl FnMut(Vec<Event>),
) -> Result<ArchiveOutcome, Unavailable> {
    let mut outcome = ArchiveOutcome::default();
    let stats = &outcome.stats;
    let roots = discover(store.as_ref(), base, query, stats).await?;
    let days = key_days(query.start, query.end);
    let wanted: BTreeSet<NaiveDate> = days.iter().copied().collect();
    let mut present: Vec<BTreeSet<NaiveDate>> = Vec::with_capacity(roots.len());
    let mut gaps = Vec::new();
    for root in &roots {
        let (found, oldest) = match days_of(store.as_ref(), root, &wanted, stats).await {
            Ok(r) => r,
            Err(u) => {
                outcome.failures.push(u);
                (BTreeSet::new(), None)
            }
        };
        let until = oldest.map(day_start);
        if until.is_none_or(|u| u > query.start) {
            gaps.push(Gap {
                account: root.account.clone(),
                region: root.region.clone(),
                from: query.start,
                until,
            });
        }
        present.push(found);
    }
    let shared = Arc::new(DayReader {
        store,
        needles: needles(&query.filter),
        filter: query.filter.clone(),
        progress,
        start: query.start,
        end: query.end,
        concurrency: query.concurrency.max(1),
    });
    let mut pending: Vec<Event> = Vec::new();
    let mut emitted = 0u64;
    // Days are read by tasks of their own, a few ahead of the one being handed on, so that
    // reading and decoding go on while the caller writes.
    let mut ahead: VecDeque<tokio::task::JoinHandle<DayRead>> = VecDeque::new();
    let mut next = 0;
    let mut i = 0;
    loop {
        while ahead.len() < DAYS_AHEAD && next < days.len() {
            let prefixes: Vec<(String, String)> = roots
                .iter()
                .zip(&present)
                .filter(|(_, found)| found.contains(&days[next]))
                .map(|(root, _)| (root.region.clone(), root.day_prefix(days[next])))
                .collect();
            ahead.push_back(tokio::spawn(shared.clone().read_day(prefixes)));
            next += 1;
        }
        let Some(task) = ahead.pop_front() else {
            break;
        };
        let read = task.await.unwrap_or_else(|e| DayRead {
            failures: vec![Unavailable::new(
                UnavailableKind::Error,
                None,
                e.to_string(),
            )],
            ..DayRead::default()
        });
        let stats = &outcome.stats;
        stats.requests.fetch_add(read.requests, Ordering::Relaxed);
        stats.files.fetch_add(read.files, Ordering::Relaxed);
        stats.bytes.fetch_add(read.bytes, Ordering::Relaxed);
        stats.inflated.fetch_add(read.inflated, Ordering::Relaxed);
        stats.records.fetch_add(read.records, Ordering::Relaxed);
        outcome.failures.extend(read.failures);
        pending.extend(read.events);
        // After the oldest key day every pending event is final.
        let boundary = if i + 1 == days.len() {
            DateTime::<Utc>::MIN_UTC
        } else {
            day_start(days[i])
        };
        i += 1;
        let (done, rest): (Vec<Event>, Vec<Event>) = pending
            .drain(..)
            .partition(|e| e.time.is_some_and(|t| t >= boundary));
        pending = rest;
        let mut batch = dedupe(newest_first(done, None));
        if let Some(limit) = query.limit {
            let room = (limit as u64).saturating_sub(emitted);
            batch.truncate(usize::try_from(room).unwrap_or(usize::MAX));
        }
        emitted += batch.len() as u64;
        if !batch.is_empty() {
            sink(batch);
        }
        if query.limit.is_some_and(|l| emitted >= l as u64) {
            for task in ahead.drain(..) {
                task.abort();
            }
            break;
        }
    }
    outcome.roots = roots;
    outcome.gaps = gaps;
    outcome.events = emitted;
    Ok(outcome)
}

/// Days read at once: the one being handed on and the next ones.
const DAYS_AHEAD: usize = 2;

/// What reading one day needs, shared by the day tasks.
struct DayReader<S> {
    store: Arc<S>,
    needles: Vec<String>,
    filter: EventFilter,
    progress: Arc<dyn ArchiveProgress>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    concurrency: usize,
}

/// One day's matching events, what reading them took, and what could not be read.
#[derive(Default)]
struct DayRead {
    events: Vec<Event>,
    failures: Vec<Unavailable>,
    requests: u64,
    files: u64,
    bytes: u64,
    inflated: u64,
    records: u64,
}

impl<S: Store> DayReader<S> {
    /// Lists the day's folders (`(region, prefix)`) and reads and decodes their files.
    async fn read_day(self: Arc<Self>, prefixes: Vec<(String, String)>) -> DayRead {
        let mut out = DayRead::default();
        let mut files: Vec<(String, FileRef)> = Vec::new();
        for (region, prefix) in prefixes {
            out.requests += 1;
            match self.store.files(&prefix).await {
                Ok(f) => files.extend(f.into_iter().map(|f| (region.clone(), f))),
                Err(u) => out.failures.push(u),
            }
        }
        let reads = stream::iter(files)
            .map(|(region, file)| {
                let this = self.clone();
                async move {
                    let bytes = this.store.read(&file.key).await?;
                    let size = bytes.len() as u64;
                    let key = file.key.clone();
                    let worker = this.clone();
                    let decoded = tokio::task::spawn_blocking(move || {
                        decode(
                            &bytes,
                            &region,
                            worker.start,
                            worker.end,
                            &worker.filter,
                            &worker.needles,
                        )
                    })
                    .await
                    .map_err(|e| Unavailable::new(UnavailableKind::Error, None, e.to_string()))?
                    .map_err(|e| {
                        Unavailable::new(UnavailableKind::Error, None, format!("{key}: {e}"))
                    })?;
                    this.progress.file(size, decoded.events.len());
                    Ok::<(u64, Decoded), Unavailable>((size, decoded))
                }
            })
            .buffer_unordered(self.concurrency);
        tokio::pin!(reads);
        while let Some(read) = reads.next().await {
            out.requests += 1;
            match read {
                Ok((size, d)) => {
                    out.files += 1;
                    out.bytes += size;
                    out.inflated += d.inflated;
                    out.records += d.records;
                    out.events.extend(d.events);
                }
                Err(u) => out.failures.push(u),
            }
        }
        out
    }
}

/// Drops the second copy of an event (same `eventID`) from a sorted batch.
fn dedupe(events: Vec<Event>) -> Vec<Event> {
    let keep: Vec<bool> = {
        let mut seen = HashSet::with_capacity(events.len());
        events
            .iter()
            .map(|e| e.event_id.as_deref().is_none_or(|id| seen.insert(id)))
            .collect()
    };
    events
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect()
}
