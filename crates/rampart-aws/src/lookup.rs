//! The CloudTrail event history (`LookupEvents`): a paced, retrying paginator, and the search
//! for the root user's most recent activity built on it.
//!
//! CloudTrail allows two `LookupEvents` requests per second per Region and throttles the rest,
//! so every page waits for its Region's [`RateLimiter`] first, and a throttled or failed page is
//! retried here with backoff (the SDK client used for it does not retry on its own). The root
//! search reads newest-first and stops at the first page that holds a root event, so it costs
//! one request per Region in the common case and a bounded number at worst.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use chrono::{DateTime, Utc};
use rampart_model::cloudtrail::{RootActivity, RootEvent};
use rampart_model::{Observed, Unavailable, UnavailableKind};
use tokio::time::Instant;

use crate::clients::Clients;
use crate::errors::{code_of, status_of, unavailable};
use crate::util::{join_all, to_chrono};

const ACTION: &str = "cloudtrail:LookupEvents";
/// How far back the event history goes.
pub(crate) const HISTORY_DAYS: u32 = 90;
/// Pages read per Region before the root search gives up.
const ROOT_SEARCH_PAGES: u32 = 5;
/// Retries of one page after throttling or a server error.
const PAGE_RETRIES: u32 = 4;
const FIRST_RETRY_DELAY: Duration = Duration::from_millis(500);

/// Spaces requests so that at most `per_second` start each second. Clones share the pace.
#[derive(Clone, Debug)]
pub(crate) struct RateLimiter {
    interval: Duration,
    next: Arc<tokio::sync::Mutex<Instant>>,
}

impl RateLimiter {
    pub(crate) fn per_second(per_second: u32) -> Self {
        let interval = Duration::from_secs(1) / per_second.max(1);
        Self {
            interval,
            next: Arc::new(tokio::sync::Mutex::new(Instant::now())),
        }
    }

    /// Waits for the next free slot.
    pub(crate) async fn acquire(&self) {
        let mut next = self.next.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep_until(*next).await;
        }
        *next = (*next).max(now) + self.interval;
    }
}

/// One [`RateLimiter`] per Region, at CloudTrail's documented 2 requests per second.
#[derive(Clone, Debug, Default)]
pub(crate) struct RegionLimiters {
    limiters: Arc<Mutex<HashMap<String, RateLimiter>>>,
}

impl RegionLimiters {
    pub(crate) fn for_region(&self, region: &str) -> RateLimiter {
        let mut map = self.limiters.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(region.to_owned())
            .or_insert_with(|| RateLimiter::per_second(2))
            .clone()
    }
}

/// One event of the history, with its full CloudTrail record.
#[derive(Debug, Clone)]
pub(crate) struct HistoryEvent {
    pub(crate) event_name: Option<String>,
    pub(crate) time: Option<DateTime<Utc>>,
    /// The `CloudTrailEvent` JSON string.
    pub(crate) record: Option<String>,
}

/// Pages through `LookupEvents` for one Region, newest first.
pub(crate) struct EventPager {
    client: aws_sdk_cloudtrail::Client,
    limiter: RateLimiter,
    attribute: Option<LookupAttribute>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    next_token: Option<String>,
    finished: bool,
}

impl EventPager {
    /// `client` should not retry by itself (see [`Clients::cloudtrail_lookup`]).
    pub(crate) fn new(
        client: aws_sdk_cloudtrail::Client,
        limiter: RateLimiter,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Self {
        Self {
            client,
            limiter,
            attribute: None,
            start,
            end,
            next_token: None,
            finished: false,
        }
    }

    /// Restricts the search to one lookup attribute (CloudTrail allows only one).
    pub(crate) fn with_attribute(mut self, key: LookupAttributeKey, value: &str) -> Self {
        self.attribute = LookupAttribute::builder()
            .attribute_key(key)
            .attribute_value(value)
            .build()
            .ok();
        self
    }

    /// True when a further call to [`next_page`](Self::next_page) may return events.
    pub(crate) fn has_more(&self) -> bool {
        !self.finished
    }

    /// The next page, `None` when the history is exhausted.
    pub(crate) async fn next_page(&mut self) -> Option<Result<Vec<HistoryEvent>, Unavailable>> {
        if self.finished {
            return None;
        }
        let mut delay = FIRST_RETRY_DELAY;
        let mut attempt = 0;
        loop {
            self.limiter.acquire().await;
            let mut request = self
                .client
                .lookup_events()
                .start_time(aws_smithy_types::DateTime::from_secs(
                    self.start.timestamp(),
                ))
                .end_time(aws_smithy_types::DateTime::from_secs(self.end.timestamp()))
                .max_results(50)
                .set_next_token(self.next_token.clone());
            if let Some(a) = &self.attribute {
                request = request.lookup_attributes(a.clone());
            }
            match request.send().await {
                Ok(out) => {
                    self.next_token = out
                        .next_token()
                        .map(str::to_owned)
                        .filter(|t| !t.is_empty());
                    self.finished = self.next_token.is_none();
                    let events = out
                        .events()
                        .iter()
                        .map(|e| HistoryEvent {
                            event_name: e.event_name().map(str::to_owned),
                            time: e.event_time().and_then(to_chrono),
                            record: e.cloud_trail_event().map(str::to_owned),
                        })
                        .collect();
                    return Some(Ok(events));
                }
                Err(e) => {
                    let u = unavailable(ACTION, &e);
                    let server_error =
                        code_of(&e).is_none() && status_of(&e).is_some_and(|s| s >= 500);
                    let retryable = u.kind == UnavailableKind::Throttled || server_error;
                    // Server errors get one retry; throttling gets the whole budget.
                    let budget = if u.kind == UnavailableKind::Throttled {
                        PAGE_RETRIES
                    } else {
                        1
                    };
                    if !retryable || attempt >= budget {
                        self.finished = true;
                        return Some(Err(u));
                    }
                    attempt += 1;
                    tokio::time::sleep(delay).await;
                    delay *= 2;
                }
            }
        }
    }
}

/// Searches `us-east-1` and the collection Region for the most recent root event.
pub(crate) async fn root_activity(
    clients: &Clients,
    limiters: &RegionLimiters,
    now: DateTime<Utc>,
) -> Observed<RootActivity> {
    let regions = clients.home_regions();
    let start = now - chrono::Duration::days(i64::from(HISTORY_DAYS));
    let searches: Vec<_> = regions
        .iter()
        .map(|region| {
            let pager = EventPager::new(
                clients.cloudtrail_lookup(region),
                limiters.for_region(region),
                start,
                now,
            )
            .with_attribute(LookupAttributeKey::Username, "root");
            search_region(pager, region.clone())
        })
        .collect();
    let mut last_event: Option<RootEvent> = None;
    for result in join_all(searches).await {
        match result.and_then(|r| r) {
            Ok(Some(e)) if last_event.as_ref().is_none_or(|l| e.time > l.time) => {
                last_event = Some(e)
            }
            Ok(_) => {}
            Err(u) => return Observed::Unavailable(u),
        }
    }
    Observed::Known(RootActivity {
        window_days: HISTORY_DAYS,
        regions,
        last_event,
    })
}

async fn search_region(
    mut pager: EventPager,
    region: String,
) -> Result<Option<RootEvent>, Unavailable> {
    for _ in 0..ROOT_SEARCH_PAGES {
        let Some(page) = pager.next_page().await else {
            return Ok(None);
        };
        let newest = page?
            .iter()
            .filter_map(|e| root_event(e.record.as_deref()?, e, &region))
            .max_by_key(|e| e.time);
        if newest.is_some() {
            return Ok(newest);
        }
    }
    if pager.has_more() {
        return Err(Unavailable::new(
            UnavailableKind::TimedOut,
            Some(ACTION),
            format!("no root event in the first {ROOT_SEARCH_PAGES} pages of `Username=root` events in {region}; stopped searching"),
        ));
    }
    Ok(None)
}

/// The event as a [`RootEvent`] when its record says `userIdentity.type` is `Root`.
fn root_event(record: &str, event: &HistoryEvent, region: &str) -> Option<RootEvent> {
    let json: serde_json::Value = serde_json::from_str(record).ok()?;
    if json.pointer("/userIdentity/type").and_then(|v| v.as_str()) != Some("Root") {
        return None;
    }
    let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let time = text("eventTime")
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
        .or(event.time)?;
    Some(RootEvent {
        time,
        event_name: text("eventName")
            .or_else(|| event.event_name.clone())
            .unwrap_or_default(),
        region: text("awsRegion").unwrap_or_else(|| region.to_owned()),
        source_ip: text("sourceIPAddress"),
    })
}

#[cfg(test)]
mod tests;
