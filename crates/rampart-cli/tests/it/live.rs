//! The binary against the local AWS emulator (moto behind the testkit's gap endpoint): a
//! snapshot taken with `rampart snapshot` audits exactly like a live `rampart audit`, missing
//! permissions become `unknown`, `--stats` reports requests, and an unreachable endpoint is a
//! one-line runtime error that leaves no file behind.

use std::collections::BTreeSet;

use crate::test_support::{rampart_for, rampart_in, run, workdir};
use rampart_testkit::{Fault, RootState};

/// `rampart` aimed at `account` only (no profile files, no instance metadata).
/// (check id, status, resource id) of every finding in a JSON report.
fn verdicts(report: &serde_json::Value) -> BTreeSet<(String, String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |v: &serde_json::Value| v.as_str().expect("string").to_owned();
            (s(&f["check_id"]), s(&f["status"]), s(&f["resource"]["id"]))
        })
        .collect()
}

fn status_of(report: &serde_json::Value, id: &str) -> String {
    let check = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == id);
    check
        .and_then(|c| c["status"].as_str())
        .unwrap_or("missing")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn saved_snapshot_audits_like_the_live_account() {
    let account = rampart_testkit::new_account().await;
    account.set_root(RootState {
        access_keys_active: 1,
        access_keys_created: Some(chrono::Utc::now() - chrono::Duration::days(1)),
        ..RootState::default()
    });
    let dir = workdir();

    let (code, stdout, stderr) =
        run(rampart_for(&account, dir.path()).args(["snapshot", "-o", "snap.json"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        format!(
            "snapshot of account {} written to snap.json\n",
            account.account_id
        )
    );
    let text = std::fs::read_to_string(dir.path().join("snap.json")).expect("snapshot written");
    let snap = rampart_model::Snapshot::from_json(&text).expect("the written snapshot loads");
    assert_eq!(snap.account_id, account.account_id);

    let (offline_code, offline, _) = run(rampart_for(&account, dir.path()).args([
        "audit",
        "--snapshot",
        "snap.json",
        "--format",
        "json",
    ]));
    let (live_code, live, stderr) =
        run(rampart_for(&account, dir.path()).args(["audit", "--format", "json"]));
    assert_eq!(live_code, offline_code, "{stderr}");
    assert_eq!(stderr, "", "no progress when JSON goes down a pipe");
    let offline: serde_json::Value = serde_json::from_str(&offline).expect("JSON");
    let live: serde_json::Value = serde_json::from_str(&live).expect("JSON");
    assert_eq!(verdicts(&offline), verdicts(&live));
    assert_eq!(live["account_id"], account.account_id.as_str());
    assert_eq!(status_of(&live, "RMP102"), "fail", "root has an access key");
    assert_eq!(
        live_code, 1,
        "a critical failure trips the default --fail-on"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_permission_is_unknown_and_named() {
    let account = rampart_testkit::new_account().await;
    account.inject(Fault::AccessDenied {
        action: "account:GetAlternateContact".into(),
    });
    let dir = workdir();
    // RMP114 (low) cannot be decided; RMP105 (medium) can, and fails on a new account.
    let args = ["audit", "--format", "json", "--select", "RMP114,RMP105"];
    let (code, stdout, stderr) = run(rampart_for(&account, dir.path()).args(args));
    assert_eq!(
        code, 0,
        "nothing at or above high fails or is unknown: {stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let finding = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["check_id"] == "RMP114")
        .expect("RMP114 finding");
    assert_eq!(finding["status"], "unknown", "{finding}");
    assert_eq!(finding["missing_permission"], "account:GetAlternateContact");
    let (code, _, _) = run(rampart_for(&account, dir.path())
        .args(args)
        .arg("--fail-on-unknown"));
    assert_eq!(code, 1);
    let (code, _, stderr) =
        run(rampart_for(&account, dir.path()).args(["audit", "--select", "RMP114"]));
    assert_eq!(code, 2, "nothing at all could be decided: {stderr}");
    assert!(stderr.contains("could not read the account"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn stats_list_requests_per_api() {
    let account = rampart_testkit::new_account().await;
    let dir = workdir();
    let (_, _, stderr) =
        run(rampart_for(&account, dir.path()).args(["audit", "--format", "json", "--stats"]));
    let mut lines = stderr.lines();
    let head = lines.next().expect("a stats line");
    assert!(
        head.starts_with("requests: ") && head.ends_with('s'),
        "{stderr}"
    );
    let total: u64 = head["requests: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    let per_api: Vec<(String, u64)> = lines
        .map(|l| {
            let (api, n) = l.trim().rsplit_once(' ').expect("`api  n`");
            (api.trim().to_owned(), n.parse().expect("a number"))
        })
        .collect();
    assert_eq!(per_api.iter().map(|(_, n)| n).sum::<u64>(), total);
    assert!(
        per_api
            .iter()
            .any(|(api, _)| api == "iam:GetAccountAuthorizationDetails"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn quiet_snapshot_to_stdout() {
    let account = rampart_testkit::new_account().await;
    let dir = workdir();
    let (code, stdout, stderr) = run(rampart_for(&account, dir.path()).args(["snapshot", "-q"]));
    assert_eq!((code, stderr.as_str()), (0, ""));
    let snap = rampart_model::Snapshot::from_json(&stdout).expect("stdout is a snapshot");
    assert_eq!(snap.account_id, account.account_id);
    assert!(
        std::fs::read_dir(dir.path())
            .expect("lists")
            .next()
            .is_none(),
        "no file written"
    );
}

#[test]
fn an_unreachable_endpoint_fails_cleanly_and_leaves_no_file() {
    let dir = workdir();
    let mut cmd = rampart_in(dir.path());
    cmd.args([
        "snapshot",
        "-o",
        "snap.json",
        "--endpoint-url",
        "http://127.0.0.1:9",
    ])
    .envs([
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "example-only"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_CONFIG_FILE", "/dev/null"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0], "error: cannot collect a snapshot of the account",
        "{stderr}"
    );
    assert!(
        lines.len() > 1 && lines[1..].iter().all(|l| l.starts_with("caused by: ")),
        "the cause follows, one line each: {stderr}"
    );
    assert!(
        !stderr.contains("example-only"),
        "the secret key is never printed"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("lists").collect();
    assert!(left.is_empty(), "no file, not even a temporary one");
}

/// Credentials that may call nothing but `sts:GetCallerIdentity`: the audit cannot decide a
/// single check, the plan cannot be made, and apply changes nothing — none of them is green.
#[tokio::test(flavor = "multi_thread")]
async fn credentials_that_can_read_nothing_never_pass() {
    let account = rampart_testkit::new_account().await;
    for service in [
        "iam",
        "s3",
        "cloudtrail",
        "events",
        "sns",
        "logs",
        "cloudwatch",
        "cur",
        "bcm-data-exports",
        "account",
        "kms",
        "s3control",
        "budgets",
        "ce",
    ] {
        account.inject(Fault::AccessDenied {
            action: format!("{service}:*"),
        });
    }
    let dir = workdir();
    let (code, _, stderr) = run(rampart_for(&account, dir.path()).args(["audit"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("could not read the account"), "{stderr}");

    let (code, stdout, stderr) =
        run(rampart_for(&account, dir.path()).args(["plan", "--detailed-exitcode"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(!stdout.contains("No changes"), "{stdout}");
    assert!(stdout.contains("Could not plan ("), "{stdout}");

    let before = account.request_counts();
    let (code, _, stderr) = run(rampart_for(&account, dir.path()).args([
        "apply",
        "--auto-approve",
        "--password-file",
        "pw.txt",
    ]));
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("could not plan everything"), "{stderr}");
    let after = account.request_counts();
    let writes: Vec<_> = after
        .iter()
        .filter(|(api, n)| before.get(*api) != Some(n))
        .filter(|(api, _)| {
            let op = api.split(':').nth(1).unwrap_or_default();
            [
                "Create", "Put", "Update", "Delete", "Attach", "Add", "Start", "Enable",
            ]
            .iter()
            .any(|w| op.starts_with(w))
        })
        .collect();
    assert!(writes.is_empty(), "apply tried to write: {writes:?}");
}

/// The checks beyond the seed's steps read what a live account has: a new account fails
/// RMP501 (no Block Public Access) and RMP119 (no support role) and passes RMP118; once Block
/// Public Access is on, a support role exists and a user has CloudShell's full access, each
/// verdict turns.
#[tokio::test(flavor = "multi_thread")]
async fn guardrail_checks_follow_the_live_account() {
    let account = rampart_testkit::new_account().await;
    let dir = workdir();
    let audit = || {
        let (_, stdout, stderr) = run(rampart_for(&account, dir.path()).args([
            "audit",
            "--select",
            "RMP118,RMP119,RMP501",
            "--format",
            "json",
        ]));
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("{e}: {stdout}\n{stderr}");
        });
        ["RMP118", "RMP119", "RMP501"].map(|id| status_of(&report, id))
    };
    assert_eq!(audit(), ["pass", "fail", "fail"]);

    let config = account.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&config);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role()
        .role_name("support")
        .assume_role_policy_document(trust)
        .send()
        .await
        .expect("role");
    iam.attach_role_policy()
        .role_name("support")
        .policy_arn("arn:aws:iam::aws:policy/AWSSupportAccess")
        .send()
        .await
        .expect("attach support");
    iam.create_user()
        .user_name("dev")
        .send()
        .await
        .expect("user");
    iam.attach_user_policy()
        .user_name("dev")
        .policy_arn("arn:aws:iam::aws:policy/AWSCloudShellFullAccess")
        .send()
        .await
        .expect("attach cloudshell");
    account.block_public_access().await;
    assert_eq!(audit(), ["fail", "pass", "pass"]);
}
