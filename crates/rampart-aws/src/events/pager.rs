//! Paging through one Region's CloudTrail event history (`LookupEvents`), newest first: each
//! request waits for the Region's [`RateLimiter`] and tells it how the endpoint answered, and a
//! throttled or failed page is retried here with backoff (the SDK client used for it does not
//! retry on its own). Both `rampart events` ([`super::search`]) and the audit's root search
//! ([`super::root`]) read through it.

use std::time::Duration;

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use chrono::{DateTime, Utc};
use rampart_model::{Unavailable, UnavailableKind};

use super::limiter::RateLimiter;
use super::record::Event;
use crate::errors::{status_of, unavailable};

pub(crate) const ACTION: &str = "cloudtrail:LookupEvents";
/// Retries of one page after throttling or a server error.
const PAGE_RETRIES: u32 = 6;
/// Throttled retries of one page that go at the Region's next slot, before backing off.
const QUICK_RETRIES: u32 = 3;
const FIRST_RETRY_DELAY: Duration = Duration::from_millis(500);
/// The longest wait before retrying a page.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(8);

/// Pages through `LookupEvents` for one Region, newest first.
pub(crate) struct EventPager {
    client: aws_sdk_cloudtrail::Client,
    region: String,
    limiter: RateLimiter,
    attribute: Option<LookupAttribute>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    next_token: Option<String>,
    tokens: crate::paging::Tokens,
    finished: bool,
    retry_budget: u32,
    /// Retries of a page that failed in passing: a server error, no answer in time, a dropped
    /// connection.
    transient_budget: u32,
    retries: u32,
}

impl EventPager {
    /// `client` should not retry by itself (see [`crate::clients::Clients::cloudtrail_lookup`]).
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
            tokens: crate::paging::Tokens::default(),
            finished: false,
            retry_budget: PAGE_RETRIES,
            transient_budget: 1,
            retries: 0,
        }
    }

    /// Allows `retries` retries of a page that failed in passing (a server error, a request
    /// that timed out or whose connection dropped), with the backoff of throttled retries: the
    /// same number every other request of rampart gets (its attempts, less one).
    pub(crate) fn with_transient_retries(mut self, retries: u32) -> Self {
        self.transient_budget = retries;
        self
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

    /// Allows `retries` retries of a throttled page instead of the default six: the first
    /// three at the Region's next slot, each later one after a wait twice as long as the last
    /// (from half a second up to [`MAX_RETRY_DELAY`]).
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
        let (mut throttles, mut transient) = (0, 0);
        loop {
            let sent = self.limiter.acquire().await;
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
                    self.limiter.accepted().await;
                    self.next_token = match self.tokens.next(ACTION, out.next_token()) {
                        Ok(t) => t,
                        Err(u) => {
                            self.finished = true;
                            return Some(Err(u));
                        }
                    };
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
                    // A server error, no answer in time, or no answer at all (a dropped
                    // connection): the page is read-only, so sending it again is safe.
                    let passing = match u.kind {
                        UnavailableKind::TimedOut => true,
                        UnavailableKind::Error => status_of(&e).is_none_or(|s| s >= 500),
                        _ => false,
                    };
                    // Throttling gets the whole budget; other passing failures the attempts
                    // every request gets.
                    let (retry, wait) = if u.kind == UnavailableKind::Throttled {
                        self.limiter.throttled(sent).await;
                        throttles += 1;
                        // The first retries go at the Region's next, each time wider, slot; only
                        // throttling that goes on backs off further.
                        (throttles <= self.retry_budget, throttles > QUICK_RETRIES)
                    } else if passing {
                        transient += 1;
                        (transient <= self.transient_budget, true)
                    } else {
                        (false, false)
                    };
                    if !retry {
                        self.finished = true;
                        return Some(Err(u));
                    }
                    self.retries += 1;
                    if wait {
                        tokio::time::sleep(delay).await;
                        delay = (delay * 2).min(MAX_RETRY_DELAY);
                    }
                }
            }
        }
    }
}
