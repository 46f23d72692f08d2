//! How far apart one Region's `LookupEvents` requests go, as arithmetic on instants the caller
//! supplies (so the tests need no clock and no sleeping).
//!
//! CloudTrail allows two requests per second per account and Region. Requests exactly 500 ms
//! apart satisfy a token bucket, but not a server that counts "2 in any one second" strictly:
//! a request that leaves on time can arrive a little late (a new connection, a busy machine),
//! bringing the one two places after it inside the same second. So the spacing adapts, AIMD
//! style: every throttling answer widens the interval by a fraction of itself, every accepted
//! request narrows it by a small fixed step, never below the nominal interval.
//!
//! A throttled request used none of the limit (a token bucket takes no token for it, a window
//! does not count it), so the retry is spaced from the request before it, at the wider
//! interval: a throttle costs the widening, not a whole interval. Should the endpoint count it
//! after all, the retry is throttled too and the pager backs off.

use std::time::Duration;

use tokio::time::Instant;

/// How much a throttling answer widens the interval: by this fraction of itself (15 ms at
/// 500 ms). Measured with `bench/events.sh` against 5% with 0.2% steps and 2% with 0.6%.
const WIDEN_BY: f64 = 0.03;
/// How much an accepted request narrows the interval: this fraction of the nominal interval
/// (5 ms at 500 ms), so one widening is undone after three accepted requests. A throttle costs
/// little (the retry goes one widened interval after the last request that counted), a wide
/// interval costs on every request, so the recovery leans towards the limit.
const NARROW_BY: f64 = 0.01;
/// The widest the interval gets, in nominal intervals.
const CEILING: u32 = 16;

/// The spacing of one Region's requests.
#[derive(Debug, Clone)]
pub(crate) struct Pace {
    nominal: Duration,
    interval: Duration,
    /// When the last request that counts against the limit was sent, and the one before it.
    last: Option<Instant>,
    before: Option<Instant>,
}

impl Pace {
    /// At most `per_second` requests a second (at least one).
    pub(crate) fn per_second(per_second: u32) -> Self {
        let nominal = Duration::from_secs(1) / per_second.max(1);
        Self {
            nominal,
            interval: nominal,
            last: None,
            before: None,
        }
    }

    /// The time between requests now.
    #[cfg(test)]
    pub(crate) fn interval(&self) -> Duration {
        self.interval
    }

    /// When the next request may be sent: `now`, or later.
    pub(crate) fn slot(&self, now: Instant) -> Instant {
        match self.last {
            Some(last) => (last + self.interval).max(now),
            None => now,
        }
    }

    /// A request was sent at `at`; the next one waits a full interval from then.
    pub(crate) fn sent(&mut self, at: Instant) {
        let at = self.last.map_or(at, |l| l.max(at));
        self.before = self.last.replace(at);
    }

    /// The endpoint throttled the request sent at `sent`: the spacing was too tight, widen it.
    /// That request did not count, so when it is still the last one sent, the next slot is
    /// reckoned from the one before it.
    pub(crate) fn throttled(&mut self, sent: Instant) {
        let ceiling = self.nominal * CEILING;
        self.interval = self.interval.mul_f64(1.0 + WIDEN_BY).min(ceiling);
        if self.last == Some(sent) {
            self.last = self.before;
        }
    }

    /// The endpoint accepted a request: narrow the spacing a little, back toward nominal.
    pub(crate) fn accepted(&mut self) {
        let step = self.nominal.mul_f64(NARROW_BY);
        self.interval = self.interval.saturating_sub(step).max(self.nominal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn requests_go_a_nominal_interval_apart() {
        let t0 = Instant::now();
        let mut pace = Pace::per_second(2);
        assert_eq!(pace.slot(t0), t0, "the first request goes at once");
        pace.sent(t0);
        assert_eq!(pace.slot(t0 + ms(10)), t0 + ms(500));
        // A request sent late pushes the next one back: the spacing is between real sends.
        pace.sent(t0 + ms(507));
        assert_eq!(pace.slot(t0 + ms(510)), t0 + ms(1007));
        // After a pause the next request goes at once.
        assert_eq!(pace.slot(t0 + ms(3000)), t0 + ms(3000));
    }

    #[test]
    fn a_throttle_widens_the_interval_from_the_request_before() {
        let t0 = Instant::now();
        let mut pace = Pace::per_second(2);
        pace.sent(t0);
        pace.sent(t0 + ms(500));
        pace.throttled(t0 + ms(500));
        assert_eq!(pace.interval(), ms(515));
        // The throttled request did not count: the retry goes 515 ms after the one before it.
        assert_eq!(pace.slot(t0 + ms(503)), t0 + ms(515));
        // Throttled again: wider still, still from the last request that counted.
        pace.sent(t0 + ms(515));
        pace.throttled(t0 + ms(515));
        let wider = ms(515).mul_f64(1.03);
        assert_eq!(pace.interval(), wider);
        assert_eq!(pace.slot(t0 + ms(530)), t0 + wider);
        // Accepted: the next one is spaced from it.
        pace.sent(t0 + wider);
        pace.accepted();
        assert_eq!(pace.slot(t0 + wider), t0 + wider + pace.interval());
    }

    #[test]
    fn a_late_throttle_does_not_undo_a_later_request() {
        // Two requests in flight at once: the first one's throttle leaves the second's slot.
        let t0 = Instant::now();
        let mut pace = Pace::per_second(2);
        pace.sent(t0);
        pace.sent(t0 + ms(500));
        pace.throttled(t0);
        assert_eq!(pace.slot(t0 + ms(501)), t0 + ms(1015));
    }

    #[test]
    fn successes_recover_slowly_and_never_below_nominal() {
        let mut pace = Pace::per_second(2);
        pace.throttled(Instant::now());
        pace.throttled(Instant::now());
        let widened = pace.interval();
        assert!(widened > ms(530), "{widened:?}");
        // One step per accepted request: 5 ms at 2 a second.
        pace.accepted();
        assert_eq!(pace.interval(), widened - ms(5));
        // A few pages later the interval is nominal again, and stays so.
        for _ in 0..6 {
            pace.accepted();
        }
        assert_eq!(pace.interval(), ms(500));
        pace.accepted();
        assert_eq!(pace.interval(), ms(500));
    }

    /// Sends `requests` requests to an endpoint that throttles a request sent less than `limit`
    /// after the last one it accepted; returns how many it throttled and how long the accepted
    /// ones took on average.
    fn against(pace: &mut Pace, limit: Duration, requests: u32) -> (u32, Duration) {
        let start = Instant::now();
        let (mut throttles, mut now, mut accepted) = (0, start, None::<Instant>);
        for _ in 0..requests {
            now = pace.slot(now);
            pace.sent(now);
            if accepted.is_some_and(|a| now - a < limit) {
                throttles += 1;
                pace.throttled(now);
            } else {
                accepted = Some(now);
                pace.accepted();
            }
        }
        let took = accepted.map_or(Duration::ZERO, |a| a - start);
        (throttles, took / (requests - throttles).max(1))
    }

    #[test]
    fn a_throttled_search_settles_just_above_the_limit() {
        // An endpoint that needs 530 ms between requests: the accepted requests come at most
        // a few percent slower than that, and most requests are accepted.
        let mut pace = Pace::per_second(2);
        let (throttles, spacing) = against(&mut pace, ms(530), 200);
        assert!(throttles < 100, "{throttles} throttles in 200 requests");
        assert!(spacing >= ms(520) && spacing < ms(550), "{spacing:?}");
        // An endpoint that takes the nominal rate never throttles it.
        let mut pace = Pace::per_second(2);
        assert_eq!(against(&mut pace, ms(500), 200), (0, ms(500) * 199 / 200));
        assert_eq!(pace.interval(), ms(500));
    }

    #[test]
    fn widening_stops_at_the_ceiling() {
        let mut pace = Pace::per_second(2);
        for _ in 0..200 {
            pace.throttled(Instant::now());
        }
        assert_eq!(pace.interval(), ms(8000));
    }

    #[test]
    fn zero_per_second_means_one() {
        assert_eq!(Pace::per_second(0).interval(), ms(1000));
    }
}
