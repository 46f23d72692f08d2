//! Every filter against a seeded history: whatever attribute goes to CloudTrail, the result is
//! exactly the seeded records that pass all filters.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use rampart_aws::events::EventFilter;
use rampart_testkit::{events, TestAccount};
use serde_json::Value;

use crate::events::test_support::*;

pub const REGION: &str = "eu-west-1";

/// A small, varied history; returns the records, named for the assertions.
pub struct History {
    pub alice_get: Value,
    pub alice_put: Value,
    pub bob_create_user: Value,
    pub bob_denied: Value,
    pub root_login_no_mfa: Value,
    pub bob_login_failed: Value,
    pub root_create_key: Value,
    pub old_alice_list: Value,
}

pub fn seed(account: &TestAccount) -> History {
    let acct = account.account_id.as_str();
    let now = Utc::now();
    let at = |minutes: i64| now - Duration::minutes(minutes);
    let bucket = |r| events::with_resource(r, "AWS::S3::Bucket", "arn:aws:s3:::team-logs");
    let mut bob_login = events::root_console_login(acct, at(6), true);
    bob_login["userIdentity"] = serde_json::json!({
        "type": "IAMUser", "userName": "bob", "accountId": acct,
        "arn": format!("arn:aws:iam::{acct}:user/bob"),
    });
    bob_login["awsRegion"] = REGION.into();
    bob_login["responseElements"]["ConsoleLogin"] = "Failure".into();
    bob_login["errorMessage"] = "Failed authentication".into();
    let mut root_login = events::root_console_login(acct, at(5), false);
    root_login["awsRegion"] = REGION.into();
    let h = History {
        alice_get: bucket(events::user_api_call(
            acct,
            "alice",
            "AKIAALICE00000000001",
            REGION,
            "s3.amazonaws.com",
            "GetBucketPolicy",
            at(1),
        )),
        alice_put: bucket(events::user_api_call(
            acct,
            "alice",
            "AKIAALICE00000000001",
            REGION,
            "s3.amazonaws.com",
            "PutBucketPolicy",
            at(2),
        )),
        bob_create_user: events::with_resource(
            events::user_api_call(
                acct,
                "bob",
                "AKIABOB0000000000001",
                REGION,
                "iam.amazonaws.com",
                "CreateUser",
                at(3),
            ),
            "AWS::IAM::User",
            "carol",
        ),
        bob_denied: events::with_error(
            events::user_api_call(
                acct,
                "bob",
                "AKIABOB0000000000002",
                REGION,
                "iam.amazonaws.com",
                "ListUsers",
                at(4),
            ),
            "AccessDenied",
            "User: bob is not authorized to perform: iam:ListUsers",
        ),
        root_login_no_mfa: root_login,
        bob_login_failed: bob_login,
        root_create_key: events::root_api_call(
            acct,
            REGION,
            "iam.amazonaws.com",
            "CreateAccessKey",
            at(7),
        ),
        old_alice_list: events::user_api_call(
            acct,
            "alice",
            "AKIAALICE00000000001",
            REGION,
            "s3.amazonaws.com",
            "ListBuckets",
            now - Duration::days(10),
        ),
    };
    account.add_events([
        h.alice_get.clone(),
        h.alice_put.clone(),
        h.bob_create_user.clone(),
        h.bob_denied.clone(),
        h.root_login_no_mfa.clone(),
        h.bob_login_failed.clone(),
        h.root_create_key.clone(),
        h.old_alice_list.clone(),
    ]);
    h
}

pub fn ids(records: &[&Value]) -> BTreeSet<String> {
    records
        .iter()
        .filter_map(|r| r["eventID"].as_str().map(str::to_owned))
        .collect()
}

pub async fn found(account: &TestAccount, filter: EventFilter) -> BTreeSet<String> {
    let mut q = query(&[REGION], 50);
    q.filter = filter;
    let (outcome, _) = run(account, &q).await;
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    unique_ids(&outcome.events)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_filter_alone_and_combined() {
    let account = rampart_testkit::new_account().await;
    fast_endpoint(&account, 500.0);
    let h = seed(&account);
    let f = EventFilter::default;
    let alice = || Some("alice".to_owned());

    assert_eq!(found(&account, f()).await.len(), 8);
    assert_eq!(
        found(
            &account,
            EventFilter {
                user: alice(),
                ..f()
            }
        )
        .await,
        ids(&[&h.alice_get, &h.alice_put, &h.old_alice_list])
    );
    let arn = format!("arn:aws:iam::{}:user/bob", account.account_id);
    assert_eq!(
        found(
            &account,
            EventFilter {
                user: Some(arn),
                ..f()
            }
        )
        .await,
        ids(&[&h.bob_create_user, &h.bob_denied, &h.bob_login_failed])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                event_name: Some("CreateUser".into()),
                ..f()
            }
        )
        .await,
        ids(&[&h.bob_create_user])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                event_source: Some("iam".into()),
                ..f()
            }
        )
        .await,
        ids(&[&h.bob_create_user, &h.bob_denied, &h.root_create_key])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                resource_name: Some("arn:aws:s3:::team-logs".into()),
                ..f()
            }
        )
        .await,
        ids(&[&h.alice_get, &h.alice_put])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                resource_type: Some("AWS::IAM::User".into()),
                ..f()
            }
        )
        .await,
        ids(&[&h.bob_create_user])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                access_key: Some("AKIABOB0000000000002".into()),
                ..f()
            }
        )
        .await,
        ids(&[&h.bob_denied])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                read_only: Some(true),
                ..f()
            }
        )
        .await,
        ids(&[&h.alice_get, &h.bob_denied, &h.old_alice_list])
    );
    // Combined: Username goes to the API, the rest is applied to the records.
    assert_eq!(
        found(
            &account,
            EventFilter {
                user: alice(),
                read_only: Some(false),
                ..f()
            }
        )
        .await,
        ids(&[&h.alice_put])
    );
    assert_eq!(
        found(
            &account,
            EventFilter {
                event_source: Some("s3.amazonaws.com".into()),
                event_name: Some("GetBucketPolicy".into()),
                ..f()
            }
        )
        .await,
        ids(&[&h.alice_get])
    );
    assert!(found(
        &account,
        EventFilter {
            user: alice(),
            event_source: Some("iam".into()),
            ..f()
        }
    )
    .await
    .is_empty());
}
