//! The `rampart-emulator` binary: its printed `export` lines reach the emulated account through
//! the gap endpoint, SIGUSR1 reports the request log, and SIGTERM stops it cleanly.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} failed");
}

#[tokio::test]
async fn printed_exports_reach_the_chosen_account_and_sigterm_stops_it() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rampart-emulator"))
        .args(["--account", "777788889999", "--root-state", "hardened"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rampart-emulator");
    let stdout = child.stdout.take().expect("stdout");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));

    // The notice on stderr comes after every export line.
    let mut notice = String::new();
    stderr.read_line(&mut notice).expect("read notice");
    assert!(notice.contains("account 777788889999"), "{notice}");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut env = HashMap::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(500)) {
        let rest = line.strip_prefix("export ").expect("only export lines");
        let (name, value) = rest.split_once('=').expect("NAME=value");
        let value = value.trim_matches('\'').to_owned();
        env.insert(name.to_owned(), value);
    }
    assert_eq!(env["AWS_CONFIG_FILE"], "/dev/null");
    assert!(env["AWS_ENDPOINT_URL"].starts_with("http://127.0.0.1:"));

    let creds = aws_credential_types::Credentials::new(
        &env["AWS_ACCESS_KEY_ID"],
        &env["AWS_SECRET_ACCESS_KEY"],
        env.get("AWS_SESSION_TOKEN").cloned(),
        None,
        "test",
    );
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_types::region::Region::new(env["AWS_REGION"].clone()))
        .endpoint_url(&env["AWS_ENDPOINT_URL"])
        .credentials_provider(creds)
        .load()
        .await;
    let sts = aws_sdk_sts::Client::new(&conf);
    let me = sts.get_caller_identity().send().await.expect("caller");
    assert_eq!(me.account(), Some("777788889999"));
    // The hardened preset: root MFA on, as the gap endpoint reports it.
    let iam = aws_sdk_iam::Client::new(&conf);
    let summary = iam.get_account_summary().send().await.expect("summary");
    let map = summary.summary_map.unwrap_or_default();
    assert_eq!(
        map.get(&aws_sdk_iam::types::SummaryKeyType::AccountMfaEnabled),
        Some(&1)
    );

    let pid = child.id();
    signal(pid, "USR1");
    let mut header = String::new();
    stderr.read_line(&mut header).expect("request log");
    assert_eq!(header, "emulator requests: 2\n");
    signal(pid, "TERM");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).expect("rest of stderr");
    assert!(rest.contains("  sts:GetCallerIdentity  1\n"), "{rest}");
    assert!(rest.contains("  iam:GetAccountSummary  1\n"), "{rest}");
    assert!(rest.ends_with("rampart-emulator: stopping\n"), "{rest}");
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
}

#[test]
fn bad_options_exit_2_with_the_reason() {
    let out = Command::new(env!("CARGO_BIN_EXE_rampart-emulator"))
        .args(["--root-state", "ancient"])
        .output()
        .expect("run rampart-emulator");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("brand-new or hardened"), "{err}");
}
