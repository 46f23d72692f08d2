//! `rampart events` from the trail's archive: a downloaded copy (`--archive-dir`) and the
//! trail's bucket in the emulator, alone and beside the event history (`--source auto`).

use std::path::Path;

use chrono::{Duration, Utc};
use rampart_testkit::archive::{log_files, upload, write_to};

use crate::events::*;
use crate::test_support::workdir;

/// Runs `rampart events ARGS` with `--archive-dir DIR` (no AWS account reached).
fn offline(account: &TestAccount, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--archive-dir", dir.to_str().expect("utf-8 path")];
    all.extend(args);
    events_cmd(account, &all)
}

fn all_records(h: &History) -> Vec<Value> {
    vec![
        h.root_login.clone(),
        h.alice_get.clone(),
        h.bob_denied.clone(),
        h.bob_create.clone(),
        h.west_put.clone(),
    ]
}

/// The history's records, and one record 95 days old in each of its Regions: the copy then
/// covers the default 90-day window (a folder's oldest day is where its coverage starts), and
/// no default search shows them.
fn covering_records(h: &History) -> Vec<Value> {
    let mut records = all_records(h);
    for region in ["us-east-1", "eu-west-1"] {
        records.push(events::user_api_call(
            &h.account.account_id,
            "dave",
            "AKIADAVE00000000001",
            region,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            Utc::now() - Duration::days(95),
        ));
    }
    records
}

#[tokio::test(flavor = "multi_thread")]
async fn every_filter_gives_what_the_event_history_gives() {
    let h = history().await;
    let dir = workdir();
    write_to(dir.path(), &log_files(&covering_records(&h), None, 5));
    let cases: &[&[&str]] = &[
        &[],
        &["--user", "bob"],
        &[
            "--user",
            &format!("arn:aws:iam::{}:user/alice", h.account.account_id),
        ],
        &["--event-name", "CreateUser"],
        &["--event-source", "s3"],
        &["--resource-name", "arn:aws:s3:::audit-logs"],
        &["--resource-type", "AWS::S3::Bucket"],
        &[
            "--access-key",
            "AKIABOB0000000000001",
            "--read-only",
            "false",
        ],
        &["--read-only", "true"],
        &["--since", "1d"],
        &["--until", "2d"],
        &["--errors"],
        &["--root"],
        &["--console-logins"],
        &["--control", "5.3"],
        &["--limit", "2"],
        &["--region", "eu-west-1"],
        &["--user", "alice", "--region", "us-east-1,eu-west-1"],
        &[
            "--region",
            "eu-west-1",
            "--region",
            "us-east-1",
            "--limit",
            "3",
        ],
    ];
    for args in cases {
        // A copy has no configured Region: name the history's default one.
        let mut args = args.to_vec();
        if !args.contains(&"--region") {
            args.extend(["--region", "us-east-1"]);
        }
        for format in ["json", "csv", "table"] {
            let mut all = vec!["--format", format];
            all.extend(&args);
            let (code, history, stderr) = events_cmd(&h.account, &all);
            assert_eq!(code, 0, "history {all:?}: {stderr}");
            let (code, archive, stderr) = offline(&h.account, dir.path(), &all);
            assert_eq!(code, 0, "archive {all:?}: {stderr}");
            if format == "json" {
                // The archive prints each record as its log file holds it: the same records,
                // keys perhaps in another order.
                let values = |text: &str| -> Vec<Value> {
                    text.lines()
                        .map(|l| serde_json::from_str(l).expect("a JSON line"))
                        .collect()
                };
                assert_eq!(values(&archive), values(&history), "{all:?}");
            } else {
                assert_eq!(archive, history, "{all:?}");
            }
        }
    }
    // A log record names a resource by its ARN; a name finds it too.
    let (code, stdout, stderr) = offline(
        &h.account,
        dir.path(),
        &[
            "--resource-name",
            "audit-logs",
            "--region",
            "us-east-1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json_ids(&stdout), [id(&h.alice_get)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_copy_of_an_organization_trail_and_an_account_trail_shows_each_event_once() {
    let h = history().await;
    let dir = workdir();
    let records = covering_records(&h);
    write_to(dir.path(), &log_files(&records, None, 5));
    write_to(dir.path(), &log_files(&records, Some("o-a1b2c3d4e5"), 14));
    let (code, stdout, stderr) = offline(&h.account, dir.path(), &["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let ids = json_ids(&stdout);
    let want: Vec<String> = [
        &h.root_login,
        &h.alice_get,
        &h.bob_denied,
        &h.west_put,
        &h.bob_create,
    ]
    .into_iter()
    .map(id)
    .collect();
    assert_eq!(
        ids, want,
        "every Region of the copy, newest first, once each"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_window_the_archive_does_not_cover_is_named_and_fails() {
    let h = history().await;
    let dir = workdir();
    let acct = h.account.account_id.clone();
    let old = events::user_api_call(
        &acct,
        "carol",
        "AKIACAROL0000000001",
        "us-east-1",
        "iam.amazonaws.com",
        "DeleteRole",
        Utc::now() - Duration::days(150),
    );
    let mut records = all_records(&h);
    records.push(old.clone());
    write_to(dir.path(), &log_files(&records, None, 5));
    // Covered from 150 days back: a 120-day window is complete, beyond the history's 90.
    let (code, stdout, stderr) = offline(
        &h.account,
        dir.path(),
        &[
            "--since",
            "120d",
            "--user",
            "bob",
            "--region",
            "us-east-1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json_ids(&stdout), [id(&h.bob_denied), id(&h.bob_create)]);
    // 200 days: the events found are printed, the part before the oldest folder is named.
    let (code, stdout, stderr) = offline(
        &h.account,
        dir.path(),
        &[
            "--since",
            "200d",
            "--region",
            "us-east-1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(json_ids(&stdout).last(), Some(&id(&old)));
    assert!(
        stderr.contains(
            "does not cover part of the window (the events above are incomplete): us-east-1 ("
        ) && stderr.contains("(the events above are incomplete)"),
        "{stderr}"
    );
    // A Region of the copy with no file in the window at all is named too.
    let (code, _, stderr) = offline(
        &h.account,
        dir.path(),
        &["--since", "200d", "--region", "eu-west-1"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("eu-west-1 ("), "{stderr}");
    // `--limit` satisfied by newer events needs nothing older.
    let (code, stdout, stderr) = offline(
        &h.account,
        dir.path(),
        &["--since", "200d", "--limit", "1", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json_ids(&stdout), [id(&h.root_login)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_that_is_no_archive_is_a_clear_error() {
    let h = history().await;
    let dir = workdir();
    std::fs::create_dir_all(dir.path().join("something")).expect("folder");
    let (code, stdout, stderr) = offline(&h.account, dir.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: --archive-dir: no AWSLogs/ folder in "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (code, _, stderr) = offline(&h.account, &dir.path().join("missing"), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a folder"), "{stderr}");
    let (code, _, stderr) = offline(&h.account, dir.path(), &["--source", "history"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot be used with --source history"),
        "{stderr}"
    );
    // The gzip of a broken file is named, and the others are still read.
    let good = workdir();
    write_to(good.path(), &log_files(&covering_records(&h), None, 5));
    let broken = rampart_testkit::archive::LogFile {
        key: format!(
            "AWSLogs/{}/CloudTrail/us-east-1/{}/broken.json.gz",
            h.account.account_id,
            Utc::now().format("%Y/%m/%d")
        ),
        bytes: vec![0x1f, 0x8b, 0, 1, 2],
    };
    write_to(good.path(), &[broken]);
    let (code, stdout, stderr) = offline(&h.account, good.path(), &["--format", "json"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(json_ids(&stdout).len(), 5);
    assert!(
        stderr.contains("broken.json.gz: not a readable gzip file"),
        "{stderr}"
    );
}

/// A multi-Region trail delivering to a bucket of the account, with a key prefix.
pub async fn trail_with_bucket(account: &TestAccount, records: &[Value]) -> String {
    let config = account.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(true)
            .build(),
    );
    let bucket = format!("trail-archive-{}", account.account_id);
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    upload(&s3, &bucket, "logs/", &log_files(records, None, 5)).await;
    aws_sdk_cloudtrail::Client::new(&config)
        .create_trail()
        .name("main")
        .s3_bucket_name(&bucket)
        .s3_key_prefix("logs")
        .is_multi_region_trail(true)
        .send()
        .await
        .expect("trail");
    bucket
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_reads_the_history_then_the_trails_bucket() {
    let h = history().await;
    let acct = h.account.account_id.clone();
    let at = |days: i64| Utc::now() - Duration::days(days);
    let old = events::user_api_call(
        &acct,
        "bob",
        "AKIABOB0000000000001",
        "us-east-1",
        "iam.amazonaws.com",
        "DeleteUser",
        at(120),
    );
    let oldest = events::user_api_call(
        &acct,
        "carol",
        "AKIACAROL0000000001",
        "us-east-1",
        "iam.amazonaws.com",
        "GetUser",
        at(300),
    );
    // The bucket holds every event; the history only the last 90 days (as AWS keeps them).
    let mut archived = all_records(&h);
    archived.extend([old.clone(), oldest.clone()]);
    let bucket = trail_with_bucket(&h.account, &archived).await;
    let (code, stdout, stderr) = events_cmd(
        &h.account,
        &["--since", "200d", "--user", "bob", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        json_ids(&stdout),
        [id(&h.bob_denied), id(&h.bob_create), id(&old)],
        "the history's events, then the archive's older one, none twice"
    );
    assert!(stderr.contains("note: events before "), "{stderr}");
    let counts = h.account.request_counts();
    assert!(
        counts
            .get("cloudtrail:LookupEvents")
            .is_some_and(|n| *n > 0),
        "{counts:?}"
    );
    assert!(
        counts.get("s3:GetObject").is_some_and(|n| *n > 0),
        "{counts:?}"
    );
    // From the archive alone, over a window the history never had.
    let (code, stdout, stderr) = events_cmd(
        &h.account,
        &[
            "--source", "archive", "--since", "400d", "--until", "100d", "--format", "json",
        ],
    );
    assert_eq!(code, 2, "older than the bucket's first file: {stderr}");
    assert_eq!(json_ids(&stdout), [id(&old), id(&oldest)]);
    assert!(stderr.contains(&format!("s3://{bucket}/logs/")), "{stderr}");
    // The history alone says what it could not search.
    let (code, stdout, stderr) = events_cmd(
        &h.account,
        &[
            "--source", "history", "--since", "200d", "--user", "bob", "--format", "json",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(json_ids(&stdout), [id(&h.bob_denied), id(&h.bob_create)]);
    assert!(stderr.contains("no source was searched from "), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_trail_the_older_part_is_refused_by_name() {
    let h = history().await;
    let (code, stdout, stderr) = events_cmd(&h.account, &["--since", "200d"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("cannot find the trail's archive: ")
            && stderr.contains("no trail delivers"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_read_names_the_permission() {
    let h = history().await;
    let acct = h.account.account_id.clone();
    let old = events::user_api_call(
        &acct,
        "bob",
        "AKIABOB0000000000001",
        "us-east-1",
        "iam.amazonaws.com",
        "DeleteUser",
        Utc::now() - Duration::days(120),
    );
    trail_with_bucket(&h.account, &[old]).await;
    for (action, permission) in [
        ("s3:GetObject", "s3:GetObject"),
        ("s3:ListObjectsV2", "s3:ListBucket"),
    ] {
        h.account.clear_faults();
        h.account.inject(rampart_testkit::Fault::AccessDenied {
            action: action.to_owned(),
        });
        let (code, _, stderr) = events_cmd(
            &h.account,
            &["--source", "archive", "--since", "200d", "--until", "100d"],
        );
        assert_eq!(code, 2, "{action}: {stderr}");
        assert!(
            stderr.contains(&format!("access denied to `{permission}`")),
            "{action}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{action}: {stderr}");
    }
}
