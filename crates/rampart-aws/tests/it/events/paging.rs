//! Paging, parallel Regions, pacing at AWS's real limit, throttling and server errors.

use std::time::{Duration, Instant};

use chrono::Utc;
use rampart_testkit::{Fault, LookupLimit};

use crate::events::test_support::*;

const LOOKUP: &str = "cloudtrail:LookupEvents";

#[tokio::test(flavor = "multi_thread")]
async fn reads_every_page_without_losing_or_repeating_events() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 200.0);
    let seeded = seed_calls(&account, "eu-west-1", 523, Utc::now());
    let (outcome, pages) = run(&account, &query(&["eu-west-1"], 100)).await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(outcome.events.len(), 523);
    assert_eq!(unique_ids(&outcome.events), ids_of_records(&seeded));
    assert!(newest_first(&outcome.events));
    assert!(outcome.events.iter().all(|e| e.region == "eu-west-1"));
    // 50 a page: ten full pages and one of 23.
    assert_eq!(outcome.pages, 11);
    assert_eq!(outcome.requests, 11);
    assert_eq!(outcome.retries, 0);
    assert_eq!(account.request_counts().get(LOOKUP), Some(&11));
    let sizes: Vec<usize> = pages
        .pages
        .lock()
        .expect("lock")
        .iter()
        .map(|p| p.1)
        .collect();
    assert_eq!(sizes.iter().sum::<usize>(), 523);
    assert_eq!(sizes.last(), Some(&23));
}

#[tokio::test(flavor = "multi_thread")]
async fn paces_at_two_requests_a_second_and_is_never_throttled() {
    // AWS's real limit on the endpoint (2 a second per Region) and rampart's own pace.
    let account = rampart_testkit::new_account().await;
    let seeded = seed_calls(&account, "us-east-1", 500, Utc::now());
    let started = Instant::now();
    let (outcome, _) = run(&account, &query(&["us-east-1"], 2)).await;
    let took = started.elapsed();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(unique_ids(&outcome.events), ids_of_records(&seeded));
    assert_eq!(
        (outcome.pages, outcome.requests, outcome.retries),
        (10, 10, 0)
    );
    // Nine gaps of half a second between ten requests: never faster than the limit. A lower
    // bound, which a busy machine cannot break; how close to that floor it stays is measured by
    // the events benchmark, not asserted here.
    assert!(took >= Duration::from_millis(4450), "{took:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn regions_are_searched_in_parallel_each_at_its_own_limit() {
    let account = rampart_testkit::new_account().await;
    let now = Utc::now();
    let regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
    let mut all = Vec::new();
    for (i, region) in regions.iter().enumerate() {
        // Interleaved times so that newest-first mixes the Regions.
        all.extend(seed_calls(
            &account,
            region,
            150,
            now - chrono::Duration::seconds(i as i64 * 20),
        ));
    }
    let started = Instant::now();
    let (outcome, pages) = run(&account, &query(&regions, 2)).await;
    let took = started.elapsed();
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(unique_ids(&outcome.events), ids_of_records(&all));
    assert!(newest_first(&outcome.events));
    assert_eq!(outcome.events[0].region, "us-east-1");
    assert_eq!(outcome.events[1].region, "eu-west-1");
    assert_eq!((outcome.pages, outcome.retries), (9, 0));
    // Three pages per Region take at least one second at 2 a second: a lower bound, which a
    // busy machine cannot break (pacing is about time, so this one stays).
    assert!(took >= Duration::from_millis(950), "{took:?}");
    // In parallel every Region reads its first page at once and its last a second later; one
    // Region after another would read a whole Region before the next one's first page.
    let order = pages.pages.lock().expect("lock").clone();
    let first = |r: &str| order.iter().position(|(region, _)| region == r).expect(r);
    let last = |r: &str| order.iter().rposition(|(region, _)| region == r).expect(r);
    for a in regions {
        for b in regions {
            assert!(
                first(a) < last(b),
                "{a} read its first page before {b} read its last: {order:?}"
            );
        }
    }
    let mut done = pages.done.lock().expect("lock").clone();
    done.sort();
    assert_eq!(done, ["ap-southeast-2", "eu-west-1", "us-east-1"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_answers_are_retried_and_lose_nothing() {
    // The endpoint allows 2 a second with no burst to spare; the client asks for 10.
    let account = rampart_testkit::new_account().await;
    account.set_lookup_limit(LookupLimit::TokenBucket {
        per_second: 2.0,
        burst: 1.0,
    });
    let seeded = seed_calls(&account, "eu-central-1", 300, Utc::now());
    let (outcome, _) = run(&account, &query(&["eu-central-1"], 10)).await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(unique_ids(&outcome.events), ids_of_records(&seeded));
    assert_eq!(outcome.pages, 6);
    assert!(outcome.retries > 0, "the endpoint never throttled");
    assert_eq!(outcome.requests, outcome.pages + outcome.retries);
}

#[tokio::test(flavor = "multi_thread")]
async fn injected_throttles_and_a_server_error_are_retried() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 200.0);
    let seeded = seed_calls(&account, "us-east-1", 120, Utc::now());
    account.inject(Fault::Throttle {
        action: LOOKUP.into(),
        times: 3,
    });
    account.inject(Fault::ServerError {
        action: LOOKUP.into(),
        times: 1,
    });
    let (outcome, _) = run(&account, &query(&["us-east-1"], 100)).await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(unique_ids(&outcome.events), ids_of_records(&seeded));
    assert_eq!(
        (outcome.pages, outcome.retries, outcome.requests),
        (3, 4, 7)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_region_that_cannot_be_read_is_reported() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 200.0);
    let kept = seed_calls(&account, "us-east-1", 10, Utc::now());
    seed_calls(&account, "eu-west-1", 10, Utc::now());
    account.inject(Fault::AccessDenied {
        action: LOOKUP.into(),
    });
    let (denied, _) = run(&account, &query(&["us-east-1"], 100)).await;
    assert_eq!(denied.failures.len(), 1);
    assert!(
        denied.failures[0]
            .error
            .to_string()
            .contains("LookupEvents"),
        "{:?}",
        denied.failures
    );
    assert!(denied.events.is_empty());
    account.clear_faults();
    let (ok, _) = run(&account, &query(&["us-east-1"], 100)).await;
    assert_eq!(unique_ids(&ok.events), ids_of_records(&kept));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_limit_keeps_the_newest_and_stops_reading() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 200.0);
    let now = Utc::now();
    let east = seed_calls(&account, "us-east-1", 200, now);
    let west = seed_calls(
        &account,
        "us-west-2",
        200,
        now - chrono::Duration::seconds(30),
    );
    let mut q = query(&["us-east-1", "us-west-2"], 100);
    q.limit = Some(7);
    let (outcome, _) = run(&account, &q).await;
    assert_eq!(outcome.events.len(), 7);
    // The seven newest alternate between the Regions, east first.
    let want: Vec<String> = (0..7)
        .map(|i| {
            let r = if i % 2 == 0 {
                &east[i / 2]
            } else {
                &west[i / 2]
            };
            r["eventID"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    let got: Vec<String> = outcome
        .events
        .iter()
        .filter_map(|e| e.event_id.clone())
        .collect();
    assert_eq!(got, want);
    // One page per Region was enough.
    assert_eq!(outcome.pages, 2);
}

/// A connection whose attempts time out after `attempt` and that makes `attempts` of them, as
/// `--max-attempts` and the attempt timeout configure every other command.
async fn impatient_connection(
    account: &rampart_testkit::TestAccount,
    attempt: Duration,
    attempts: u32,
) -> rampart_aws::Connection {
    let mut conn = connection(account).await;
    conn.sdk = conn
        .sdk
        .into_builder()
        .timeout_config(rampart_aws::timeout_config(attempt, attempts))
        .retry_config(aws_smithy_types::retry::RetryConfig::standard().with_max_attempts(attempts))
        .build();
    conn
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_that_goes_unanswered_or_loses_its_connection_is_sent_again() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 200.0);
    let seeded = seed_calls(&account, "us-east-1", 120, Utc::now());
    // Twice no answer within the attempt's time, the first of them also losing its
    // connection: two retries, within the three that four attempts allow.
    account.inject(Fault::Hang {
        action: LOOKUP.into(),
        times: 2,
        delay: Duration::from_secs(3),
    });
    account.inject(Fault::LoseAnswer {
        action: LOOKUP.into(),
        times: 1,
    });
    let conn = impatient_connection(&account, Duration::from_millis(700), 4).await;
    let outcome = rampart_aws::events::search(
        &conn,
        &query(&["us-east-1"], 100),
        std::sync::Arc::new(Pages::default()),
    )
    .await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(unique_ids(&outcome.events), ids_of_records(&seeded));
    assert_eq!(outcome.retries, 2, "{:?}", outcome.failures);
    // With one attempt configured, the first unanswered page ends the Region's search.
    account.inject(Fault::Hang {
        action: LOOKUP.into(),
        times: 1,
        delay: Duration::from_secs(3),
    });
    let conn = impatient_connection(&account, Duration::from_millis(700), 1).await;
    let outcome = rampart_aws::events::search(
        &conn,
        &query(&["us-east-1"], 100),
        std::sync::Arc::new(Pages::default()),
    )
    .await;
    assert_eq!(outcome.failures.len(), 1, "retries: {}", outcome.retries);
}
