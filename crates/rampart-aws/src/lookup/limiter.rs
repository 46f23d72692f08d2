//! Pacing `LookupEvents`: one rate limiter per Region, shared by every search in the Region.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// Spaces requests so that at most `per_second` start each second. Clones share the pace.
#[derive(Clone, Debug)]
pub(crate) struct RateLimiter {
    pub(super) interval: Duration,
    pub(super) next: Arc<tokio::sync::Mutex<Instant>>,
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

/// CloudTrail's documented `LookupEvents` limit per account and Region.
pub const LOOKUP_PER_SECOND: u32 = 2;

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
        let mut map = self.limiters.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(region.to_owned())
            .or_insert_with(|| RateLimiter::per_second(rate))
            .clone()
    }
}
