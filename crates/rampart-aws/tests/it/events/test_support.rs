//! Seeding an account's event history and running searches on it.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use rampart_aws::events::{search, Event, SearchOutcome, SearchProgress, SearchQuery};
use rampart_aws::Connection;
use rampart_testkit::{events, LookupLimit, TestAccount};
use serde_json::Value;

pub async fn connection(account: &TestAccount) -> Connection {
    Connection {
        sdk: account.sdk_config("us-east-1").await,
        region: "us-east-1".to_owned(),
        custom_endpoint: true,
    }
}

/// Lets the endpoint answer `per_second` lookups a second (AWS: 2).
pub fn fast_endpoint(account: &TestAccount, per_second: f64) {
    account.set_lookup_limit(LookupLimit::TokenBucket {
        per_second,
        burst: per_second,
    });
}

/// `n` API calls by `alice` in `region`, one a minute back from `newest`; returns the records.
pub fn seed_calls(
    account: &TestAccount,
    region: &str,
    n: usize,
    newest: DateTime<Utc>,
) -> Vec<Value> {
    let records: Vec<Value> = (0..n)
        .map(|i| {
            events::user_api_call(
                &account.account_id,
                "alice",
                "AKIAALICEEXAMPLE0001",
                region,
                "s3.amazonaws.com",
                "GetObject",
                newest - Duration::minutes(i as i64),
            )
        })
        .collect();
    account.add_events(records.clone());
    records
}

pub fn ids_of_records(records: &[Value]) -> BTreeSet<String> {
    records
        .iter()
        .filter_map(|r| r["eventID"].as_str().map(str::to_owned))
        .collect()
}

/// The event ids of `events`, failing on a duplicate.
pub fn unique_ids(events: &[Event]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for e in events {
        let id = e.event_id.clone().expect("every event has an id");
        assert!(ids.insert(id.clone()), "event {id} returned twice");
    }
    ids
}

/// Records every page the search reports.
#[derive(Default)]
pub struct Pages {
    pub pages: Mutex<Vec<(String, usize)>>,
    pub done: Mutex<Vec<String>>,
}

impl SearchProgress for Pages {
    fn page(&self, region: &str, matched: &[Event]) {
        self.pages
            .lock()
            .expect("lock")
            .push((region.to_owned(), matched.len()));
    }
    fn region_done(&self, region: &str) {
        self.done.lock().expect("lock").push(region.to_owned());
    }
}

/// A query over the whole history of `regions`, at `per_second` requests a second.
pub fn query(regions: &[&str], per_second: u32) -> SearchQuery {
    let now = Utc::now();
    SearchQuery {
        per_second,
        ..SearchQuery::new(
            regions.iter().map(|r| (*r).to_owned()).collect(),
            now - Duration::days(90),
            now + Duration::minutes(1),
        )
    }
}

pub async fn run(account: &TestAccount, q: &SearchQuery) -> (SearchOutcome, Arc<Pages>) {
    let pages = Arc::new(Pages::default());
    let outcome = search(&connection(account).await, q, pages.clone()).await;
    (outcome, pages)
}

/// True when `events` are newest first.
pub fn newest_first(events: &[Event]) -> bool {
    events.windows(2).all(|w| w[0].time >= w[1].time)
}
