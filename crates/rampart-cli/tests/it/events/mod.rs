//! `rampart events` against the test kit's gap endpoint (CloudTrail event history in AWS's
//! shape, throttled like AWS): every option, the three formats, several Regions, throttling,
//! failures, bad input, `--region all` from the account's enabled Regions, and Ctrl-C.

mod archive;
mod athena;
mod failures;
mod filters;
mod regions;
use crate::test_support;
mod verify;

use chrono::Utc;
use rampart_testkit::{events, TestAccount};
use serde_json::Value;
pub use test_support::rampart_for;
use test_support::{run, workdir};

/// Runs `rampart events ARGS` for `account`; returns (exit code, stdout, stderr).
pub fn events_cmd(account: &TestAccount, args: &[&str]) -> (i32, String, String) {
    let dir = workdir();
    let mut cmd = rampart_for(account, dir.path());
    cmd.arg("events").args(args);
    run(&mut cmd)
}

/// The `eventID`s of JSON-lines output.
pub fn json_ids(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("each line is a JSON record");
            v["eventID"].as_str().expect("eventID").to_owned()
        })
        .collect()
}

pub fn id(record: &Value) -> String {
    record["eventID"].as_str().unwrap_or_default().to_owned()
}

/// A varied history in us-east-1 and eu-west-1.
pub struct History {
    pub account: TestAccount,
    pub root_login: Value,
    pub alice_get: Value,
    pub bob_denied: Value,
    pub bob_create: Value,
    pub west_put: Value,
}

pub async fn history() -> History {
    let account = rampart_testkit::new_account().await;
    let acct = account.account_id.clone();
    let now = Utc::now();
    let at = |m: i64| now - chrono::Duration::minutes(m);
    let h = History {
        root_login: events::root_console_login(&acct, at(1), false),
        alice_get: events::with_resource(
            events::user_api_call(
                &acct,
                "alice",
                "AKIAALICE00000000001",
                "us-east-1",
                "s3.amazonaws.com",
                "GetBucketAcl",
                at(2),
            ),
            "AWS::S3::Bucket",
            "arn:aws:s3:::audit-logs",
        ),
        bob_denied: events::with_error(
            events::user_api_call(
                &acct,
                "bob",
                "AKIABOB0000000000001",
                "us-east-1",
                "iam.amazonaws.com",
                "DeleteUser",
                at(3),
            ),
            "AccessDenied",
            "not authorized",
        ),
        bob_create: events::user_api_call(
            &acct,
            "bob",
            "AKIABOB0000000000001",
            "us-east-1",
            "iam.amazonaws.com",
            "CreateUser",
            now - chrono::Duration::days(3),
        ),
        west_put: events::user_api_call(
            &acct,
            "alice",
            "AKIAALICE00000000001",
            "eu-west-1",
            "s3.amazonaws.com",
            "PutObject",
            at(4),
        ),
        account,
    };
    h.account.add_events([
        h.root_login.clone(),
        h.alice_get.clone(),
        h.bob_denied.clone(),
        h.bob_create.clone(),
        h.west_put.clone(),
    ]);
    h
}
