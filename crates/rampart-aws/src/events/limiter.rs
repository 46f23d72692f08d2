//! Pacing `LookupEvents`: one rate limiter per Region, shared by every search in the Region,
//! spacing requests by the Region's adaptive [`Pace`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::time::Instant;

use super::pace::Pace;

/// CloudTrail's documented `LookupEvents` limit per account and Region.
pub const LOOKUP_PER_SECOND: u32 = 2;

/// Spaces one Region's requests, at most `per_second` a second and wider after throttling.
/// Clones share the pace.
#[derive(Clone, Debug)]
pub(crate) struct RateLimiter {
    pace: Arc<tokio::sync::Mutex<Pace>>,
}

impl RateLimiter {
    pub(crate) fn per_second(per_second: u32) -> Self {
        Self {
            pace: Arc::new(tokio::sync::Mutex::new(Pace::per_second(per_second))),
        }
    }

    /// Waits for the next free slot; the caller sends its request right away. Returns when
    /// the request was counted as sent, for [`throttled`](Self::throttled).
    pub(crate) async fn acquire(&self) -> Instant {
        // Held while waiting, so that waiters go one at a time, in turn.
        let mut pace = self.pace.lock().await;
        let slot = pace.slot(Instant::now());
        tokio::time::sleep_until(slot).await;
        let sent = Instant::now();
        pace.sent(sent);
        sent
    }

    /// The endpoint throttled the request sent at `sent`: widens the spacing.
    pub(crate) async fn throttled(&self, sent: Instant) {
        self.pace.lock().await.throttled(sent);
    }

    /// The endpoint answered a request: narrows the spacing a little.
    pub(crate) async fn accepted(&self) {
        self.pace.lock().await.accepted();
    }

    #[cfg(test)]
    pub(crate) async fn interval(&self) -> std::time::Duration {
        self.pace.lock().await.interval()
    }

    #[cfg(test)]
    pub(crate) fn shares_pace_with(&self, other: &RateLimiter) -> bool {
        Arc::ptr_eq(&self.pace, &other.pace)
    }
}

/// One [`RateLimiter`] per Region, at CloudTrail's documented 2 requests per second unless
/// built [`with_rate`](Self::with_rate).
#[derive(Clone, Debug, Default)]
pub(crate) struct RegionLimiters {
    limiters: Arc<Mutex<HashMap<String, RateLimiter>>>,
    per_second: Option<u32>,
}

impl RegionLimiters {
    pub(crate) fn with_rate(per_second: u32) -> Self {
        Self {
            per_second: Some(per_second),
            ..Self::default()
        }
    }

    pub(crate) fn for_region(&self, region: &str) -> RateLimiter {
        let rate = self.per_second.unwrap_or(LOOKUP_PER_SECOND);
        let mut map = self
            .limiters
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(region.to_owned())
            .or_insert_with(|| RateLimiter::per_second(rate))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn limiters_are_shared_per_region() {
        let limiters = RegionLimiters::default();
        let a = limiters.for_region("us-east-1");
        let b = limiters.for_region("us-east-1");
        let c = limiters.for_region("eu-west-1");
        assert!(a.shares_pace_with(&b));
        assert!(!a.shares_pace_with(&c));
        assert_eq!(a.interval().await, Duration::from_millis(500));
        // A throttle seen through one handle widens the Region's pace for all of them.
        a.throttled(Instant::now()).await;
        assert!(b.interval().await > Duration::from_millis(500));
        assert_eq!(c.interval().await, Duration::from_millis(500));
    }
}
