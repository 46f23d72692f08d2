//! The `rampart-emulator` binary: its printed `export` lines reach the emulated account through
//! the gap endpoint, SIGUSR1 reports the request log, SIGTERM stops it cleanly, and `--org`
//! serves an organization with an unreachable member.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{name} failed");
}

/// Starts the emulator with `args`, its standard output and error piped.
fn start(args: &[&str]) -> (Child, ChildStdout, BufReader<ChildStderr>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rampart-emulator"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rampart-emulator");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    (child, stdout, stderr)
}

#[tokio::test]
async fn printed_exports_reach_the_chosen_account_and_sigterm_stops_it() {
    let (mut child, stdout, mut stderr) =
        start(&["--account", "777788889999", "--root-state", "hardened"]);

    // The notice on stderr comes after every export line.
    let mut notice = String::new();
    stderr.read_line(&mut notice).expect("read notice");
    assert!(notice.contains("account 777788889999"), "{notice}");
    let env = read_exports(stdout);
    assert_eq!(env["AWS_CONFIG_FILE"], "/dev/null");
    assert!(env["AWS_ENDPOINT_URL"].starts_with("http://127.0.0.1:"));

    let conf = sdk_config(&env).await;
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

/// The `export` lines of a running emulator, read until its stdout falls quiet.
fn read_exports(stdout: ChildStdout) -> HashMap<String, String> {
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
        env.insert(name.to_owned(), value.trim_matches('\'').to_owned());
    }
    env
}

/// A non-retrying SDK configuration from the printed variables.
async fn sdk_config(env: &HashMap<String, String>) -> aws_types::SdkConfig {
    let creds = aws_credential_types::Credentials::new(
        &env["AWS_ACCESS_KEY_ID"],
        &env["AWS_SECRET_ACCESS_KEY"],
        env.get("AWS_SESSION_TOKEN").cloned(),
        None,
        "test",
    );
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_types::region::Region::new(env["AWS_REGION"].clone()))
        .endpoint_url(&env["AWS_ENDPOINT_URL"])
        .credentials_provider(creds)
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await
}

#[tokio::test]
async fn org_mode_serves_an_organization_with_an_unreachable_member() {
    let (mut child, stdout, mut stderr) = start(&["--org", "3"]);
    let mut members = vec![];
    loop {
        let mut line = String::new();
        stderr.read_line(&mut line).expect("read stderr");
        assert!(!line.is_empty(), "the emulator stopped early");
        if let Some(rest) = line.trim().strip_prefix("member ") {
            let (id, state) = rest.split_once(": ").expect("id: state");
            members.push((id.to_owned(), state.to_owned()));
        }
        if line.contains("paste the lines above") {
            break;
        }
    }
    assert_eq!(members.len(), 3, "{members:?}");
    assert_eq!(members[0].1, "root password, 1 root access key(s)");
    assert!(
        members[2].1.ends_with("its role cannot be assumed"),
        "{members:?}"
    );
    let env = read_exports(stdout);

    let conf = sdk_config(&env).await;
    let sts = aws_sdk_sts::Client::new(&conf);
    let assume = |id: &str| {
        sts.assume_role()
            .role_arn(format!(
                "arn:aws:iam::{id}:role/OrganizationAccountAccessRole"
            ))
            .role_session_name("audit")
            .send()
    };
    assume(&members[0].0).await.expect("a reachable member");
    let err = assume(&members[2].0)
        .await
        .expect_err("the unreachable member");
    assert!(format!("{:?}", err.into_service_error()).contains("AccessDenied"));
    let iam = aws_sdk_iam::Client::new(&conf);
    let err = iam
        .list_organizations_features()
        .send()
        .await
        .expect_err("centralized root access is off");
    assert!(err
        .into_service_error()
        .is_service_access_not_enabled_exception());

    signal(child.id(), "TERM");
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
