//! Every filter, the three formats, and the empty result, from the command line.

use crate::events::*;
use crate::test_support::{run, workdir};

#[tokio::test(flavor = "multi_thread")]
async fn every_filter_from_the_command_line() {
    let h = history().await;
    let cases: Vec<(Vec<&str>, Vec<&Value>)> = vec![
        (
            vec![],
            vec![&h.root_login, &h.alice_get, &h.bob_denied, &h.bob_create],
        ),
        (vec!["--user", "bob"], vec![&h.bob_denied, &h.bob_create]),
        (vec!["--event-name", "CreateUser"], vec![&h.bob_create]),
        (vec!["--event-source", "s3"], vec![&h.alice_get]),
        (
            vec!["--resource-name", "arn:aws:s3:::audit-logs"],
            vec![&h.alice_get],
        ),
        (
            vec!["--resource-type", "AWS::S3::Bucket"],
            vec![&h.alice_get],
        ),
        (
            vec![
                "--access-key",
                "AKIABOB0000000000001",
                "--read-only",
                "false",
            ],
            vec![&h.bob_denied, &h.bob_create],
        ),
        (vec!["--read-only", "true"], vec![&h.alice_get]),
        (
            vec!["--since", "1d"],
            vec![&h.root_login, &h.alice_get, &h.bob_denied],
        ),
        (vec!["--until", "2d"], vec![&h.bob_create]),
        (vec!["--errors"], vec![&h.bob_denied]),
        (vec!["--root"], vec![&h.root_login]),
        (vec!["--limit", "2"], vec![&h.root_login, &h.alice_get]),
        (vec!["--region", "eu-west-1"], vec![&h.west_put]),
        (
            vec!["--user", "alice", "--region", "us-east-1,eu-west-1"],
            vec![&h.alice_get, &h.west_put],
        ),
        (
            vec![
                "--region",
                "eu-west-1",
                "--region",
                "us-east-1",
                "--limit",
                "3",
            ],
            vec![&h.root_login, &h.alice_get, &h.bob_denied],
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["--format", "json"];
        all.extend(&args);
        let (code, stdout, stderr) = events_cmd(&h.account, &all);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let want: Vec<String> = want.into_iter().map(id).collect();
        assert_eq!(json_ids(&stdout), want, "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn root_sign_ins_as_a_table_and_csv() {
    let h = history().await;
    let (code, stdout, stderr) = events_cmd(&h.account, &["--root", "--console-logins"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let head: Vec<&str> = lines[0]
        .split("  ")
        .filter(|c| !c.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(
        head,
        [
            "TIME",
            "REGION",
            "WHO",
            "EVENT",
            "MFA",
            "RESULT",
            "SOURCE",
            "RESOURCES",
            "SOURCE IP",
            "ERROR"
        ]
    );
    let row: Vec<&str> = lines[1]
        .split("  ")
        .filter(|c| !c.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(
        row[1..],
        [
            "us-east-1",
            "root",
            "ConsoleLogin",
            "no",
            "Success",
            "signin",
            "-",
            "203.0.113.10",
            "-"
        ]
    );

    let (code, stdout, _) = events_cmd(&h.account, &["--errors", "--format", "csv"]);
    assert_eq!(code, 0);
    let mut rows = stdout.split("\r\n");
    assert_eq!(
        rows.next(),
        Some("time,region,who,event,source,resources,source_ip,error")
    );
    let bob = rows.next().expect("one row");
    assert!(
        bob.ends_with(",us-east-1,bob,DeleteUser,iam,,198.51.100.23,AccessDenied"),
        "{bob}"
    );
    assert_eq!(rows.collect::<Vec<_>>(), [""]);
}

#[tokio::test(flavor = "multi_thread")]
async fn json_lines_carry_the_full_records_and_follow_the_global_format() {
    let h = history().await;
    let dir = workdir();
    let mut cmd = rampart_for(&h.account, dir.path());
    cmd.args(["--format", "json", "events", "--event-name", "ConsoleLogin"]);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    let record: Value = serde_json::from_str(stdout.trim_end()).expect("one JSON line");
    assert_eq!(record, h.root_login);
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_found_says_where_it_looked() {
    let h = history().await;
    let (code, stdout, _) = events_cmd(
        &h.account,
        &["--user", "nobody", "--region", "us-east-1,eu-west-1"],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("No matching events in us-east-1, eu-west-1 between "),
        "{stdout}"
    );
}
