//! CloudTrail event history: AWS's shape, paging, filters and rate limit.

use std::time::{Duration, Instant};

use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use chrono::{Duration as Days, Utc};
use rampart_testkit::{events, new_account, LookupLimit};

use super::no_retry;

fn unlimited() -> LookupLimit {
    LookupLimit::TokenBucket {
        per_second: 1000.0,
        burst: 1000.0,
    }
}

#[tokio::test]
async fn events_page_newest_first_and_stay_in_their_region() {
    let account = new_account().await;
    account.set_lookup_limit(unlimited());
    let id = account.account_id.clone();
    let now = Utc::now();
    account.add_events((0..120).map(|i| {
        events::user_api_call(
            &id,
            "ops",
            "AKIAOPS",
            "us-east-1",
            "iam.amazonaws.com",
            "ListUsers",
            now - Days::minutes(i),
        )
    }));
    account.add_events([events::root_api_call(
        &id,
        "eu-west-1",
        "s3.amazonaws.com",
        "PutBucketPolicy",
        now,
    )]);

    let ct = aws_sdk_cloudtrail::Client::new(&account.sdk_config("us-east-1").await);
    let mut token = None;
    let mut sizes = vec![];
    let mut times = vec![];
    loop {
        let page = ct
            .lookup_events()
            .set_next_token(token)
            .send()
            .await
            .expect("lookup page");
        sizes.push(page.events().len());
        times.extend(
            page.events()
                .iter()
                .map(|e| e.event_time.expect("EventTime").secs()),
        );
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(sizes, [50, 50, 20]);
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");

    let eu = aws_sdk_cloudtrail::Client::new(&account.sdk_config("eu-west-1").await);
    let page = eu.lookup_events().send().await.expect("eu lookup");
    assert_eq!(page.events().len(), 1);
    let event = &page.events()[0];
    assert_eq!(event.event_name(), Some("PutBucketPolicy"));
    assert_eq!(event.username(), Some("root"));
    assert_eq!(event.read_only(), Some("false"));
    assert_eq!(event.event_source(), Some("s3.amazonaws.com"));
    let record: serde_json::Value =
        serde_json::from_str(event.cloud_trail_event().expect("record")).expect("JSON");
    assert_eq!(record["userIdentity"]["type"], "Root");
    assert_eq!(record["eventID"].as_str(), event.event_id());
}

#[tokio::test]
async fn filters_by_attribute_and_time() {
    let account = new_account().await;
    account.set_lookup_limit(unlimited());
    let id = account.account_id.clone();
    let now = Utc::now();
    account.add_events([
        events::root_console_login(&id, now - Days::days(3), false),
        events::root_console_login(&id, now - Days::days(100), false),
        events::user_api_call(
            &id,
            "ops",
            "AKIAOPS",
            "us-east-1",
            "iam.amazonaws.com",
            "GetUser",
            now,
        ),
        events::with_error(
            events::user_api_call(
                &id,
                "ops",
                "AKIAOPS",
                "us-east-1",
                "s3.amazonaws.com",
                "GetBucketPolicy",
                now - Days::days(1),
            ),
            "AccessDenied",
            "Access Denied",
        ),
        events::with_resource(
            events::root_api_call(
                &id,
                "us-east-1",
                "s3.amazonaws.com",
                "CreateBucket",
                now - Days::days(10),
            ),
            "AWS::S3::Bucket",
            "logs-bucket",
        ),
    ]);
    let ct = aws_sdk_cloudtrail::Client::new(&account.sdk_config("us-east-1").await);
    let by = |key: LookupAttributeKey, value: &str| {
        ct.lookup_events().lookup_attributes(
            LookupAttribute::builder()
                .attribute_key(key)
                .attribute_value(value)
                .build()
                .expect("attribute"),
        )
    };
    let root = by(LookupAttributeKey::Username, "root")
        .send()
        .await
        .expect("by user");
    let names: Vec<_> = root
        .events()
        .iter()
        .filter_map(|e| e.event_name())
        .collect();
    assert_eq!(
        names,
        ["ConsoleLogin", "CreateBucket"],
        "the 100-day-old login is outside the 90 days"
    );

    let login = by(LookupAttributeKey::EventName, "ConsoleLogin")
        .send()
        .await
        .expect("by name");
    assert_eq!(login.events().len(), 1);
    let reads = by(LookupAttributeKey::ReadOnly, "true")
        .send()
        .await
        .expect("by readOnly");
    assert_eq!(reads.events().len(), 2);
    let bucket = by(LookupAttributeKey::ResourceName, "logs-bucket")
        .send()
        .await
        .expect("by resource");
    assert_eq!(
        bucket.events()[0].resources()[0].resource_type(),
        Some("AWS::S3::Bucket")
    );
    let key = by(LookupAttributeKey::AccessKeyId, "AKIAOPS")
        .send()
        .await
        .expect("by key");
    assert_eq!(key.events().len(), 2);

    let recent = ct
        .lookup_events()
        .start_time(aws_sdk_cloudtrail::primitives::DateTime::from_secs(
            (now - Days::hours(36)).timestamp(),
        ))
        .send()
        .await
        .expect("by time");
    assert_eq!(recent.events().len(), 2);

    let too_many = ct
        .lookup_events()
        .max_results(51)
        .send()
        .await
        .expect_err("51 is over the limit");
    assert_eq!(
        too_many.into_service_error().meta().code(),
        Some("InvalidMaxResultsException")
    );
    let two = ct
        .lookup_events()
        .lookup_attributes(
            LookupAttribute::builder()
                .attribute_key(LookupAttributeKey::Username)
                .attribute_value("root")
                .build()
                .expect("a"),
        )
        .lookup_attributes(
            LookupAttribute::builder()
                .attribute_key(LookupAttributeKey::EventName)
                .attribute_value("x")
                .build()
                .expect("a"),
        )
        .send()
        .await
        .expect_err("one attribute only");
    assert_eq!(
        two.into_service_error().meta().code(),
        Some("InvalidLookupAttributesException")
    );
}

#[tokio::test]
async fn lookup_is_throttled_at_two_requests_a_second() {
    let account = new_account().await;
    let ct = aws_sdk_cloudtrail::Client::new(&no_retry(&account, "us-east-1").await);
    let other = aws_sdk_cloudtrail::Client::new(&no_retry(&account, "eu-west-1").await);
    let started = Instant::now();
    let mut ok = 0;
    let mut throttled = false;
    // Calls back to back until one is throttled: the two-token bucket lets two through, plus
    // one for every half second the calls took (a slow machine refills the bucket meanwhile).
    // The time taken only widens what is allowed; it is never asserted on.
    while !throttled && ok < 40 {
        match ct.lookup_events().send().await {
            Ok(_) => ok += 1,
            Err(e) => {
                let e = e.into_service_error();
                assert_eq!(e.meta().code(), Some("ThrottlingException"), "{e:?}");
                throttled = true;
            }
        }
    }
    let elapsed = started.elapsed();
    assert!(
        throttled,
        "{ok} calls in {elapsed:?} and none was throttled"
    );
    let refills = (elapsed.as_secs_f64() * 2.0).ceil() as usize;
    assert!(
        ok >= 2 && ok <= 2 + refills,
        "{ok} calls got through before the first throttle, refills={refills}"
    );
    other
        .lookup_events()
        .send()
        .await
        .expect("another Region has its own limit");

    tokio::time::sleep(Duration::from_millis(600)).await;
    ct.lookup_events()
        .send()
        .await
        .expect("a token is back after half a second");

    // With the SDK's standard retries a paced caller gets through every time.
    let patient = aws_sdk_cloudtrail::Client::new(&account.sdk_config("us-east-1").await);
    tokio::time::sleep(Duration::from_secs(1)).await;
    for _ in 0..4 {
        patient
            .lookup_events()
            .send()
            .await
            .expect("paced at 2 TPS");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn a_strict_window_refuses_what_a_bucket_would_allow() {
    let account = new_account().await;
    account.set_lookup_limit(LookupLimit::strict_window(2));
    let ct = aws_sdk_cloudtrail::Client::new(&no_retry(&account, "us-east-1").await);
    let started = Instant::now();
    let mut answers = Vec::new();
    for _ in 0..3 {
        answers.push(ct.lookup_events().send().await.is_ok());
    }
    // Three calls back to back: the third lands inside the first one's second unless the calls
    // took a whole second (then it may pass). The time only widens what is allowed.
    if started.elapsed() < Duration::from_secs(1) {
        assert_eq!(answers, [true, true, false]);
    } else {
        assert_eq!(answers[..2], [true, true]);
    }
    // Back to the bucket: two at once are fine again.
    account.set_lookup_limit(LookupLimit::default());
    ct.lookup_events().send().await.expect("a fresh bucket");
    ct.lookup_events().send().await.expect("its second token");
}
