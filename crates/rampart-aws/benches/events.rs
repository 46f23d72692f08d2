//! Benchmark of the event-history search at CloudTrail's real limit (2 requests per second per
//! Region, enforced by the test kit's gap endpoint in two readings: a token bucket, and a
//! strict "2 in any one second" window): 1,000 events (20 pages) from one Region, then 1,000
//! from each of four Regions at once, under each limit. Prints the wall time against the floor
//! the limit sets (19 half-second gaps between 20 requests: 9.5 s), as a ratio, with the
//! throttled requests retried; fails when an event is lost or repeated or a throttling error
//! reaches the caller.
//!
//! `cargo bench -p rampart-aws --bench events` (or `bench/events.sh`).

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use rampart_aws::events::{search, Event, SearchProgress, SearchQuery};
use rampart_aws::Connection;
use rampart_testkit::{events, LookupLimit, TestAccount};

const PER_REGION: usize = 1000;
const FLOOR: Duration = Duration::from_millis(9500);

struct Quiet;

impl SearchProgress for Quiet {
    fn page(&self, _: &str, _: &[Event]) {}
    fn region_done(&self, _: &str) {}
}

fn seed(account: &TestAccount, region: &str) -> BTreeSet<String> {
    let now = Utc::now();
    let records: Vec<_> = (0..PER_REGION)
        .map(|i| {
            events::user_api_call(
                &account.account_id,
                "alice",
                "AKIAALICE00000000001",
                region,
                "s3.amazonaws.com",
                "GetObject",
                now - chrono::Duration::seconds(i as i64 * 7),
            )
        })
        .collect();
    let ids = records
        .iter()
        .filter_map(|r| r["eventID"].as_str().map(str::to_owned))
        .collect();
    account.add_events(records);
    ids
}

/// Searches `regions` of a fresh account; returns a failure description or the report line.
async fn case(name: &str, limit: LookupLimit, regions: &[&str]) -> Result<String, String> {
    let account = rampart_testkit::new_account().await;
    account.set_lookup_limit(limit);
    let mut want = BTreeSet::new();
    for r in regions {
        want.extend(seed(&account, r));
    }
    let conn = Connection {
        sdk: account.sdk_config("us-east-1").await,
        region: "us-east-1".to_owned(),
        custom_endpoint: true,
    };
    let now = Utc::now();
    let query = SearchQuery::new(
        regions.iter().map(|r| (*r).to_owned()).collect(),
        now - chrono::Duration::days(90),
        now + chrono::Duration::minutes(1),
    );
    let started = Instant::now();
    let outcome = search(&conn, &query, Arc::new(Quiet)).await;
    let took = started.elapsed();
    if !outcome.failures.is_empty() {
        return Err(format!(
            "{name}: failures reached the caller: {:?}",
            outcome.failures
        ));
    }
    let got: Vec<String> = outcome
        .events
        .iter()
        .filter_map(|e| e.event_id.clone())
        .collect();
    let unique: BTreeSet<String> = got.iter().cloned().collect();
    if unique.len() != got.len() {
        return Err(format!(
            "{name}: {} events repeated",
            got.len() - unique.len()
        ));
    }
    if unique != want {
        return Err(format!(
            "{name}: {} of {} events missing",
            want.difference(&unique).count(),
            want.len()
        ));
    }
    let ratio = took.as_secs_f64() / FLOOR.as_secs_f64();
    Ok(format!(
        "{name:<40} {:>5} events  {:>3} requests ({:>2} retried)  {:>6.2} s  floor {:.2} s  {ratio:.3}x",
        got.len(),
        outcome.requests,
        outcome.retries,
        took.as_secs_f64(),
        FLOOR.as_secs_f64(),
    ))
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: both run it.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let four = ["us-east-1", "eu-west-1", "ap-northeast-1", "sa-east-1"];
    let limits = [
        ("token bucket", LookupLimit::default()),
        ("strict window", LookupLimit::strict_window(2)),
    ];
    let results = runtime.block_on(async {
        let mut results = Vec::new();
        for (kind, limit) in limits {
            let one = format!("{kind}, 1 Region, 20 pages");
            results.push(case(&one, limit, &["us-east-1"]).await);
            let all = format!("{kind}, 4 Regions, 20 pages each");
            results.push(case(&all, limit, &four).await);
        }
        results
    });
    let mut failed = false;
    for r in results {
        match r {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("FAILED {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
