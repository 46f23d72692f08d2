//! The `LookupEvents` rate limit the gap endpoint enforces per account and Region, in either of
//! two readings of "2 requests per second": a token bucket (how AWS describes its API limits,
//! which forgives a request that comes a little early after a pause) or a strict sliding window
//! (never more than N accepted requests in any window, which forgives nothing). A caller that
//! paces itself should get through both with few throttling answers.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How the gap endpoint limits `LookupEvents` per account and Region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LookupLimit {
    /// `per_second` tokens a second, held up to `burst`; each request takes one.
    TokenBucket { per_second: f64, burst: f64 },
    /// At most `requests` accepted in any `window`, counted from the arrival times of the
    /// requests accepted (a throttled request does not count).
    SlidingWindow { requests: u32, window: Duration },
}

impl Default for LookupLimit {
    /// AWS's documented limit, 2 requests per second per account per Region, as a token bucket.
    fn default() -> Self {
        LookupLimit::TokenBucket {
            per_second: 2.0,
            burst: 2.0,
        }
    }
}

impl LookupLimit {
    /// `per_second` requests in any one-second window, strictly.
    pub fn strict_window(per_second: u32) -> Self {
        LookupLimit::SlidingWindow {
            requests: per_second,
            window: Duration::from_secs(1),
        }
    }
}

/// What one Region's limit remembers between requests.
#[derive(Debug)]
pub(crate) enum Meter {
    Bucket {
        tokens: f64,
        at: Instant,
    },
    /// Arrival times of the accepted requests still inside the window, oldest first.
    Window(VecDeque<Instant>),
}

impl Meter {
    /// A meter with nothing used yet (a full bucket, an empty window).
    pub fn new(limit: LookupLimit, now: Instant) -> Self {
        match limit {
            LookupLimit::TokenBucket { burst, .. } => Meter::Bucket {
                tokens: burst,
                at: now,
            },
            LookupLimit::SlidingWindow { .. } => Meter::Window(VecDeque::new()),
        }
    }

    /// Accepts (and counts) a request arriving at `now`, or refuses it.
    pub fn admit(&mut self, limit: LookupLimit, now: Instant) -> bool {
        match (self, limit) {
            (Meter::Bucket { tokens, at }, LookupLimit::TokenBucket { per_second, burst }) => {
                let refill = now.saturating_duration_since(*at).as_secs_f64() * per_second;
                *tokens = (*tokens + refill).min(burst);
                *at = now;
                if *tokens >= 1.0 {
                    *tokens -= 1.0;
                    true
                } else {
                    false
                }
            }
            (Meter::Window(accepted), LookupLimit::SlidingWindow { requests, window }) => {
                while accepted
                    .front()
                    .is_some_and(|t| now.saturating_duration_since(*t) >= window)
                {
                    accepted.pop_front();
                }
                if accepted.len() < requests as usize {
                    accepted.push_back(now);
                    true
                } else {
                    false
                }
            }
            (meter, limit) => {
                // The limit changed kind: start afresh under the new one.
                *meter = Meter::new(limit, now);
                meter.admit(limit, now)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Which of the requests arriving at `arrivals` (ms after a start) are accepted.
    fn admitted(limit: LookupLimit, arrivals: &[u64]) -> Vec<bool> {
        let start = Instant::now();
        let mut meter = Meter::new(limit, start);
        arrivals
            .iter()
            .map(|t| meter.admit(limit, start + ms(*t)))
            .collect()
    }

    #[test]
    fn a_token_bucket_forgives_a_request_a_little_early() {
        let limit = LookupLimit::default();
        // Two at once (the burst), then one a little early: half a token short.
        assert_eq!(admitted(limit, &[0, 0, 250]), [true, true, false]);
        // Every 500 ms, with one 10 ms early: the bucket had a token to spare.
        assert_eq!(
            admitted(limit, &[0, 500, 990, 1500]),
            [true, true, true, true]
        );
    }

    #[test]
    fn a_strict_window_forgives_nothing() {
        let limit = LookupLimit::strict_window(2);
        // The third request 1 ms inside the first one's second is refused.
        assert_eq!(admitted(limit, &[0, 500, 999]), [true, true, false]);
        // A full second after the first it is accepted.
        assert_eq!(admitted(limit, &[0, 500, 1000]), [true, true, true]);
        // A refused request does not count: right after it the window has room again.
        assert_eq!(
            admitted(limit, &[0, 500, 999, 1000, 1499, 1500]),
            [true, true, false, true, false, true]
        );
    }

    #[test]
    fn changing_the_kind_of_limit_starts_afresh() {
        let start = Instant::now();
        let bucket = LookupLimit::default();
        let mut meter = Meter::new(bucket, start);
        assert!(meter.admit(bucket, start));
        assert!(meter.admit(bucket, start));
        assert!(!meter.admit(bucket, start));
        let window = LookupLimit::strict_window(1);
        assert!(meter.admit(window, start));
        assert!(!meter.admit(window, start + ms(999)));
    }
}
