//! The search across Regions: one paced pager per Region, all Regions at once, the lookup
//! attribute sent to CloudTrail and the other filters applied to each returned record.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rampart_model::Unavailable;
use tokio::sync::mpsc::unbounded_channel;
use tokio::task::JoinSet;

use super::filter::EventFilter;
use super::limiter::{RegionLimiters, LOOKUP_PER_SECOND};
use super::pager::EventPager;
use super::record::Event;
use crate::clients::Clients;
use crate::Connection;

/// Retries of one throttled page before a Region is given up (about a minute of waiting).
const SEARCH_RETRIES: u32 = 10;

/// What to search for, where, and how much of it.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub regions: Vec<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub filter: EventFilter,
    /// At most this many events in all (the newest); `None` for every matching event.
    pub limit: Option<usize>,
    /// Requests per second per Region. CloudTrail allows [`LOOKUP_PER_SECOND`] and throttles
    /// more; only an endpoint with a higher limit (an emulator) warrants another value.
    pub per_second: u32,
}

impl SearchQuery {
    /// A query over `regions` and the window `start..end` at CloudTrail's pace, with no
    /// filter and no limit.
    pub fn new(regions: Vec<String>, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            regions,
            start,
            end,
            filter: EventFilter::default(),
            limit: None,
            per_second: LOOKUP_PER_SECOND,
        }
    }
}

/// Receives the search's progress, from several Regions' tasks at once.
pub trait SearchProgress: Send + Sync {
    /// A page of `region` was read; `matched` are its events that passed the filters.
    fn page(&self, region: &str, matched: &[Event]);
    /// `region` is finished: history exhausted, enough events found, or failed.
    fn region_done(&self, region: &str);
}

/// A Region whose history could not be read to the end.
#[derive(Debug, Clone)]
pub struct RegionFailure {
    pub region: String,
    pub error: Unavailable,
}

/// The result of a search.
#[derive(Debug, Clone, Default)]
pub struct SearchOutcome {
    /// Matching events, newest first, at most the query's limit.
    pub events: Vec<Event>,
    pub failures: Vec<RegionFailure>,
    /// Pages read, and pages sent again after throttling or a server error.
    pub pages: u64,
    pub retries: u64,
    /// `LookupEvents` requests sent.
    pub requests: u64,
}

/// Sorts newest first (ties in a stable Region and id order) and keeps the first `limit`.
pub fn newest_first(mut events: Vec<Event>, limit: Option<usize>) -> Vec<Event> {
    events.sort_by(|a, b| {
        b.time
            .cmp(&a.time)
            .then_with(|| a.region.cmp(&b.region))
            .then_with(|| a.event_id.cmp(&b.event_id))
    });
    if let Some(n) = limit {
        events.truncate(n);
    }
    events
}

struct RegionResult {
    region: String,
    events: Vec<Event>,
    pages: u64,
    retries: u64,
    error: Option<Unavailable>,
}

/// Searches every Region of `query` in parallel, each at CloudTrail's pace.
pub async fn search(
    conn: &Connection,
    query: &SearchQuery,
    progress: Arc<dyn SearchProgress>,
) -> SearchOutcome {
    let (sink, mut requests) = unbounded_channel::<String>();
    let clients = Clients::new(conn, sink);
    let limiters = RegionLimiters::with_rate(query.per_second);
    let mut tasks = JoinSet::new();
    for region in &query.regions {
        let mut pager = EventPager::new(
            clients.cloudtrail_lookup(region),
            region,
            limiters.for_region(region),
            query.start,
            query.end,
        )
        .with_retry_budget(SEARCH_RETRIES)
        .with_transient_retries(clients.transient_retries());
        if let Some((key, value)) = query.filter.lookup() {
            pager = pager.with_attribute(key.sdk(), &value);
        }
        let (filter, limit, progress) = (query.filter.clone(), query.limit, progress.clone());
        let region = region.clone();
        tasks.spawn(search_region(pager, region, filter, limit, progress));
    }
    let mut outcome = SearchOutcome::default();
    let mut found = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(r) => {
                outcome.pages += r.pages;
                outcome.retries += r.retries;
                found.extend(r.events);
                if let Some(error) = r.error {
                    outcome.failures.push(RegionFailure {
                        region: r.region,
                        error,
                    });
                }
            }
            Err(e) => outcome.failures.push(RegionFailure {
                region: "?".to_owned(),
                error: Unavailable::new(
                    rampart_model::UnavailableKind::Error,
                    None,
                    format!("internal failure: {e}"),
                ),
            }),
        }
    }
    drop(clients);
    while requests.try_recv().is_ok() {
        outcome.requests += 1;
    }
    outcome.failures.sort_by(|a, b| a.region.cmp(&b.region));
    outcome.events = newest_first(found, query.limit);
    outcome
}

async fn search_region(
    mut pager: EventPager,
    region: String,
    filter: EventFilter,
    limit: Option<usize>,
    progress: Arc<dyn SearchProgress>,
) -> RegionResult {
    let mut result = RegionResult {
        region,
        events: Vec::new(),
        pages: 0,
        retries: 0,
        error: None,
    };
    while let Some(page) = pager.next_page().await {
        match page {
            Ok(events) => {
                result.pages += 1;
                let room = limit.map_or(usize::MAX, |n| n.saturating_sub(result.events.len()));
                let matched: Vec<Event> = events
                    .into_iter()
                    .filter(|e| filter.matches(e))
                    .take(room)
                    .collect();
                progress.page(&result.region, &matched);
                result.events.extend(matched);
            }
            Err(u) => result.error = Some(u),
        }
        if limit.is_some_and(|n| result.events.len() >= n) {
            break;
        }
    }
    result.retries = u64::from(pager.retries());
    progress.region_done(&result.region);
    result
}
