//! Throttling, Regions that cannot be read, bad input, `--region all` and Ctrl-C.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::Utc;
use rampart_testkit::{events, Fault, LookupLimit};

use crate::events::*;
use crate::test_support::workdir;

#[tokio::test(flavor = "multi_thread")]
async fn throttling_never_reaches_the_user() {
    let h = history().await;
    h.account.inject(Fault::Throttle {
        action: "cloudtrail:LookupEvents".into(),
        times: 2,
    });
    let (code, stdout, stderr) = events_cmd(&h.account, &["--format", "json", "--stats"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json_ids(&stdout).len(), 4);
    assert!(
        stderr.contains("4 events from 1 Region: 1 page, 3 requests (2 retried)"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_search_is_an_error() {
    let h = history().await;
    h.account.inject(Fault::AccessDenied {
        action: "cloudtrail:LookupEvents".into(),
    });
    let (code, stdout, stderr) = events_cmd(&h.account, &["--format", "json"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: the event history could not be read to the end in 1 Region: ")
            && stderr.contains("cloudtrail:LookupEvents")
            && stderr.trim_end().ends_with(" in us-east-1"),
        "{stderr}"
    );
    // The table does not claim that nothing matched: nothing was read.
    let (code, stdout, stderr) = events_cmd(&h.account, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stdout.contains("No matching events"), "{stdout}");
    assert_eq!(stdout, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_failure_in_every_region_is_one_line() {
    let h = history().await;
    h.account.inject(Fault::AccessDenied {
        action: "cloudtrail:LookupEvents".into(),
    });
    let (code, stdout, stderr) = events_cmd(&h.account, &["--region", "all"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "", "no claim that nothing matched");
    let error = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line: {stderr}"));
    assert!(
        error.starts_with("error: the event history could not be read to the end in 17 Regions: "),
        "{error}"
    );
    // The denial is said once, with the 17 Regions it happened in.
    assert_eq!(
        error.matches("not authorized to perform").count(),
        1,
        "{error}"
    );
    let (_, regions) = error
        .split_once(" in 17 Regions: ")
        .unwrap_or_else(|| panic!("{error}"));
    let named: Vec<&str> = regions.split(", ").collect();
    assert_eq!(named.len(), 17, "{error}");
    assert!(
        named.contains(&"us-east-1") && named.contains(&"eu-west-1"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_cut_short_prints_what_it_read_then_fails() {
    let account = rampart_testkit::new_account().await;
    let now = Utc::now();
    account.add_events((0..120).map(|i| {
        events::user_api_call(
            &account.account_id,
            "alice",
            "AKIAALICE00000000001",
            "us-east-1",
            "s3.amazonaws.com",
            "GetObject",
            now - chrono::Duration::seconds(i),
        )
    }));
    // The first page is answered; the connection for the second is dropped.
    account.inject(Fault::DropConnection {
        after_n_requests: 1,
    });
    let (code, stdout, stderr) = events_cmd(&account, &["--format", "json"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(json_ids(&stdout).len(), 50);
    assert!(
        stderr.starts_with("error: the event history could not be read to the end in 1 Region (the events above are incomplete): ")
            && stderr.trim_end().ends_with(" in us-east-1"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2_with_a_clear_message() {
    let h = history().await;
    let cases: &[(&[&str], &str)] = &[
        (&["--since", "yesterday"], "error: --since: `yesterday` is neither a span back from now (30m, 24h, 7d, 2w) nor a date"),
        (&["--until", "7y"], "error: --until: `7y` is neither"),
        (&["--since", "1d", "--until", "2d"], "error: --since ("),
        (&["--source", "history", "--until", "100d"], "is older than the 90 days the event history keeps"),
        (&["--region", "us-east-1,mars-north-1"], "error: --region: unknown Region `mars-north-1`"),
        (&["--limit", "0"], "error: --limit: must be at least 1"),
        (&["--read-only", "maybe"], "invalid value 'maybe' for '--read-only <BOOL>'"),
        (&["--root", "--user", "alice"], "cannot be used with"),
    ];
    for (args, message) in cases {
        let (code, stdout, stderr) = events_cmd(&h.account, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    // Nothing was looked up for input refused before the search.
    assert_eq!(
        h.account.request_counts().get("cloudtrail:LookupEvents"),
        None
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn all_regions_are_searched_in_parallel() {
    let h = history().await;
    // Without `account:ListRegions`, `all` means the Regions every account has enabled.
    h.account.inject(Fault::AccessDenied {
        action: "account:ListRegions".into(),
    });
    let (code, stdout, stderr) = events_cmd(
        &h.account,
        &["--region", "all", "--format", "json", "--stats"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("note: could not list the account's Regions")
            && stderr.contains("access denied to `account:ListRegions`")
            && stderr.contains("searching the 17 Regions enabled by default"),
        "{stderr}"
    );
    assert!(
        stderr.contains("5 events from 17 Regions: 17 pages, 17 requests (0 retried)"),
        "{stderr}"
    );
    let found: BTreeSet<String> = json_ids(&stdout).into_iter().collect();
    assert!(found.contains(&id(&h.west_put)) && found.contains(&id(&h.root_login)));
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_prints_what_was_found_so_far() {
    // 40 pages at AWS's real 2 a second: about 20 seconds, interrupted after 3.
    let account = rampart_testkit::new_account().await;
    account.set_lookup_limit(LookupLimit::default());
    let now = Utc::now();
    let records: Vec<Value> = (0..2000)
        .map(|i| {
            events::user_api_call(
                &account.account_id,
                "alice",
                "AKIAALICE00000000001",
                "us-east-1",
                "s3.amazonaws.com",
                "GetObject",
                now - chrono::Duration::seconds(i),
            )
        })
        .collect();
    account.add_events(records.clone());
    let dir = workdir();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rampart"));
    cmd.current_dir(dir.path())
        .env_remove("AWS_PROFILE")
        .envs(account.env())
        .args(["events", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("rampart starts");
    std::thread::sleep(Duration::from_secs(3));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let out = child.wait_with_output().expect("rampart exits");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    let ids = json_ids(&stdout);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no event twice");
    // About six pages in three seconds, far from all 2,000: exactly the newest events.
    assert!((200..=500).contains(&ids.len()), "{}", ids.len());
    let newest: Vec<String> = records[..ids.len()].iter().map(id).collect();
    assert_eq!(ids, newest);
    assert!(
        stderr.contains(&format!(
            "interrupted: showing the {} events found so far",
            ids.len()
        )),
        "{stderr}"
    );
}
