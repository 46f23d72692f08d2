//! Progress and request statistics reported by the collector.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Receives collection progress. Implementations must be cheap; they are called from tasks.
pub trait Progress: Send + Sync {
    /// A fact (e.g. `credential report`) started being collected.
    fn fact_started(&self, fact: &str);
    /// A fact finished (read or unavailable).
    fn fact_finished(&self, fact: &str);
    /// One request was sent to `api` (e.g. `iam:GetAccountAuthorizationDetails`).
    fn request(&self, api: &str);
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {
    fn fact_started(&self, _: &str) {}
    fn fact_finished(&self, _: &str) {}
    fn request(&self, _: &str) {}
}

/// Counts requests per API (for `--stats` and benchmarks).
#[derive(Default)]
pub struct RequestStats {
    counts: Mutex<BTreeMap<String, u64>>,
}

impl RequestStats {
    pub fn record(&self, api: &str) {
        let mut c = self
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *c.entry(api.to_owned()).or_default() += 1;
    }

    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub fn total(&self) -> u64 {
        self.snapshot().values().sum()
    }
}
