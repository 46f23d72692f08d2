//! The CloudTrail event history (`LookupEvents`): a paced, retrying paginator, and the search
//! for the root user's most recent activity built on it.
//!
//! CloudTrail allows two `LookupEvents` requests per second per Region and throttles the rest,
//! so every page waits for its Region's [`RateLimiter`] first, and a throttled or failed page is
//! retried here with backoff (the SDK client used for it does not retry on its own). The root
//! search reads newest-first and stops at the first page that holds a root event, so it costs
//! one request per Region in the common case and a bounded number at worst. `rampart events`
//! (see [`crate::events`]) searches with the same pager.

use std::time::Duration;

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use chrono::{DateTime, Utc};
use rampart_model::cloudtrail::{RootActivity, RootEvent};
use rampart_model::{Observed, Unavailable, UnavailableKind};

mod limiter;

pub use limiter::LOOKUP_PER_SECOND;
pub(crate) use limiter::{RateLimiter, RegionLimiters};

use crate::clients::Clients;
use crate::errors::{status_of, unavailable};
use crate::events::Event;
use crate::util::join_all;

const ACTION: &str = "cloudtrail:LookupEvents";
/// How far back the event history goes.
pub(crate) const HISTORY_DAYS: u32 = 90;
/// Pages read per Region before the root search gives up.
const ROOT_SEARCH_PAGES: u32 = 5;
/// Retries of one page after throttling or a server error.
const PAGE_RETRIES: u32 = 4;
const FIRST_RETRY_DELAY: Duration = Duration::from_millis(500);
/// The longest wait before retrying a page.
pub(crate) const MAX_RETRY_DELAY: Duration = Duration::from_secs(8);

/// Pages through `LookupEvents` for one Region, newest first.
pub(crate) struct EventPager {
    client: aws_sdk_cloudtrail::Client,
    region: String,
    limiter: RateLimiter,
    attribute: Option<LookupAttribute>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    next_token: Option<String>,
    finished: bool,
    retry_budget: u32,
    retries: u32,
}

impl EventPager {
    /// `client` should not retry by itself (see [`Clients::cloudtrail_lookup`]).
    pub(crate) fn new(
        client: aws_sdk_cloudtrail::Client,
        region: &str,
        limiter: RateLimiter,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Self {
        Self {
            client,
            region: region.to_owned(),
            limiter,
            attribute: None,
            start,
            end,
            next_token: None,
            finished: false,
            retry_budget: PAGE_RETRIES,
            retries: 0,
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

    /// Allows `retries` retries of a throttled page (each waiting twice as long as the last,
    /// up to [`MAX_RETRY_DELAY`]) instead of the default four.
    pub(crate) fn with_retry_budget(mut self, retries: u32) -> Self {
        self.retry_budget = retries;
        self
    }

    /// Retries made so far (throttled or failed pages sent again).
    pub(crate) fn retries(&self) -> u32 {
        self.retries
    }

    /// True when a further call to [`next_page`](Self::next_page) may return events.
    pub(crate) fn has_more(&self) -> bool {
        !self.finished
    }

    /// The next page, `None` when the history is exhausted.
    pub(crate) async fn next_page(&mut self) -> Option<Result<Vec<Event>, Unavailable>> {
        if self.finished {
            return None;
        }
        let mut delay = FIRST_RETRY_DELAY;
        let (mut throttles, mut server_errors) = (0, 0);
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
                        .map(|e| Event::from_sdk(&self.region, e))
                        .collect();
                    return Some(Ok(events));
                }
                Err(e) => {
                    let u = unavailable(ACTION, &e);
                    let server_error =
                        u.kind == UnavailableKind::Error && status_of(&e).is_some_and(|s| s >= 500);
                    // Throttling gets the whole budget; a server error one retry per page.
                    let retry = if u.kind == UnavailableKind::Throttled {
                        throttles += 1;
                        throttles <= self.retry_budget
                    } else if server_error {
                        server_errors += 1;
                        server_errors <= 1
                    } else {
                        false
                    };
                    if !retry {
                        self.finished = true;
                        return Some(Err(u));
                    }
                    self.retries += 1;
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(MAX_RETRY_DELAY);
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
                region,
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
        let newest = page?.iter().filter_map(root_event).max_by_key(|e| e.time);
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
fn root_event(event: &Event) -> Option<RootEvent> {
    if !event.is_root() {
        return None;
    }
    let text = |key: &str| {
        event
            .record
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    Some(RootEvent {
        time: event.time?,
        event_name: event.event_name.clone().unwrap_or_default(),
        region: text("awsRegion").unwrap_or_else(|| event.region.clone()),
        source_ip: event.source_ip().map(str::to_owned),
    })
}

#[cfg(test)]
mod tests;
