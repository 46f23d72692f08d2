//! `rampart mfa` against the local AWS emulator. The enrolment tests read the QR code off the
//! binary's standard output, decode it, compute the codes from the secret inside, and type them
//! on standard input, as a person with a phone would. moto accepts any codes in
//! `EnableMFADevice`, so the local check against the seed is what these codes must pass; AWS's
//! own refusal of codes (`InvalidAuthenticationCode`) comes from the test kit's gap endpoint
//! (`Fault::InvalidMfaCode`).

mod person;
use crate::test_support;

use std::process::Command;

use person::*;
use rampart_testkit::Fault;
use test_support::{rampart_in, run, workdir};

#[tokio::test(flavor = "multi_thread")]
async fn enrol_from_the_terminal_qr_code_then_the_audit_passes() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "alice", true).await;
    assert_eq!(console_mfa_status(&account), "fail");

    let mut enrol = spawn_enroll(&account, &["--user", "alice"]);
    let uri = enrol.read_qr();
    let id = &account.account_id;
    let secret = secret_of(&uri);
    assert_eq!(
        uri,
        format!("otpauth://totp/{id}:alice?secret={secret}&issuer={id}")
    );
    enrol.type_codes(&codes_for(&secret));
    let (code, stdout, stderr) = enrol.finish();
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("is assigned to `alice`"), "{stdout}");
    assert!(
        !stdout.contains(&secret) && !stderr.contains(&secret),
        "the secret leaked"
    );
    assert_eq!(console_mfa_status(&account), "pass");
    assert_eq!(
        virtual_devices(&iam).await,
        [format!("arn:aws:iam::{id}:mfa/alice")]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn show_secret_prints_the_same_secret_as_the_qr_code() {
    let account = rampart_testkit::new_account().await;
    user(&iam(&account).await, "sam", true).await;
    let mut enrol = spawn_enroll(&account, &["--user", "sam", "--show-secret"]);
    let secret = secret_of(&enrol.read_qr());
    enrol.type_codes(&codes_for(&secret));
    let (code, stdout, stderr) = enrol.finish();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("Secret key (for typing in by hand): {secret}\n")),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_code_is_refused_locally_and_leaves_no_device() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "bob", true).await;
    let dir = workdir();
    let mut cmd = rampart_for(&account, dir.path());
    let args = [
        "mfa", "enroll", "--user", "bob", "--code1", "000000", "--code2", "000001",
    ];
    let (code, _, stderr) = run(cmd.args(args));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("refused before reaching AWS"), "{stderr}");
    assert!(
        stderr.contains("Deleted the unassigned MFA device"),
        "{stderr}"
    );
    assert!(virtual_devices(&iam).await.is_empty());
    assert_eq!(account.request_counts().get("iam:EnableMFADevice"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mistyped_pair_is_typed_again_without_a_new_scan() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "ian", true).await;
    let mut enrol = spawn_enroll(&account, &["--user", "ian"]);
    let secret = secret_of(&enrol.read_qr());
    enrol.type_codes("000000\n000001\n");
    enrol.type_codes(&codes_for(&secret));
    let (code, stdout, stderr) = enrol.finish();
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stderr.contains("refused before reaching AWS")
            && stderr.contains("2 attempts left: type the next two codes from the same app entry"),
        "{stderr}"
    );
    assert!(!stderr.contains("Deleted"), "{stderr}");
    assert!(stdout.contains("is assigned to `ian`"), "{stdout}");
    let id = &account.account_id;
    assert_eq!(
        virtual_devices(&iam).await,
        [format!("arn:aws:iam::{id}:mfa/ian")]
    );
    assert_eq!(
        account.request_counts().get("iam:EnableMFADevice"),
        Some(&1)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_aws_refuses_as_invalid_are_asked_for_again() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "jo", true).await;
    // moto takes any codes; the gap endpoint refuses the first pair as AWS does wrong codes.
    account.inject(Fault::InvalidMfaCode { times: 1 });
    let mut enrol = spawn_enroll(&account, &["--user", "jo"]);
    let secret = secret_of(&enrol.read_qr());
    enrol.type_codes(&codes_for(&secret));
    enrol.type_codes(&codes_for(&secret));
    let (code, stdout, stderr) = enrol.finish();
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stderr.contains(
            "AWS refused the codes as invalid (Authentication code for device is not valid.). \
             2 attempts left"
        ),
        "{stderr}"
    );
    assert!(stdout.contains("is assigned to `jo`"), "{stdout}");
    assert_eq!(virtual_devices(&iam).await.len(), 1);
    assert_eq!(
        account.request_counts().get("iam:EnableMFADevice"),
        Some(&2)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn three_refused_pairs_delete_the_device() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "kim", true).await;
    account.inject(Fault::InvalidMfaCode { times: 1 });
    let mut enrol = spawn_enroll(&account, &["--user", "kim"]);
    let secret = secret_of(&enrol.read_qr());
    // Refused by AWS, then twice locally; a fourth pair is never read.
    enrol.type_codes(&codes_for(&secret));
    enrol.type_codes("000000\n000001\n111111\n111112\n");
    enrol.type_codes(&codes_for(&secret));
    let (code, _, stderr) = enrol.finish();
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("2 attempts left") && stderr.contains("1 attempt left"),
        "{stderr}"
    );
    assert!(
        stderr.contains("That was the last of 3 attempts."),
        "{stderr}"
    );
    assert!(
        stderr.contains("Deleted the unassigned MFA device"),
        "{stderr}"
    );
    assert!(virtual_devices(&iam).await.is_empty());
    assert_eq!(
        account.request_counts().get("iam:EnableMFADevice"),
        Some(&1)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn codes_from_a_wrong_clock_are_explained_and_leave_no_device() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "hal", true).await;
    let mut enrol = spawn_enroll(&account, &["--user", "hal"]);
    let secret = secret_of(&enrol.read_qr());
    enrol.type_codes(&codes_off_by(&secret, 600));
    let (code, _, stderr) = enrol.finish();
    assert_eq!(code, 2, "{stderr}");
    // 600 s is 20 steps; the clock may tick between computing and checking the codes.
    assert!(
        stderr.contains("clock ahead by about 10 minutes")
            || stderr.contains("clock ahead by about 9 minutes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Deleted the unassigned MFA device"),
        "{stderr}"
    );
    assert!(virtual_devices(&iam).await.is_empty());
    assert_eq!(account.request_counts().get("iam:EnableMFADevice"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_aws_failure_leaves_no_device() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "carol", true).await;
    account.inject(Fault::AccessDenied {
        action: "iam:EnableMFADevice".into(),
    });
    let mut enrol = spawn_enroll(&account, &["--user", "carol"]);
    let secret = secret_of(&enrol.read_qr());
    enrol.type_codes(&codes_for(&secret));
    let (code, _, stderr) = enrol.finish();
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("AWS did not enable the device"), "{stderr}");
    assert!(stderr.contains("iam:EnableMFADevice"), "{stderr}");
    assert!(
        stderr.contains("Deleted the unassigned MFA device"),
        "{stderr}"
    );
    account.clear_faults();
    assert!(virtual_devices(&iam).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_while_waiting_for_codes_deletes_the_device() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "dan", true).await;
    let mut enrol = spawn_enroll(&account, &["--user", "dan"]);
    enrol.read_qr();
    assert_eq!(
        virtual_devices(&iam).await.len(),
        1,
        "the device exists while waiting"
    );
    let pid = enrol.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let (code, _, stderr) = enrol.finish_open();
    assert_eq!(code, 130, "{stderr}");
    assert!(
        stderr.contains("Deleted the unassigned MFA device"),
        "{stderr}"
    );
    assert!(virtual_devices(&iam).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn hardware_tokens_and_status() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    user(&iam, "erin", true).await;
    user(&iam, "frank", true).await;
    let dir = workdir();
    let args = [
        "mfa",
        "enroll",
        "--user",
        "erin",
        "--hardware",
        "GAHT12345678",
    ];
    let mut cmd = rampart_for(&account, dir.path());
    let (code, stdout, stderr) = run(cmd.args(args).write_stdin("123456 654321\n"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("hardware token GAHT12345678 is assigned to `erin`"),
        "{stdout}"
    );

    let mut cmd = rampart_for(&account, dir.path());
    let (code, stdout, stderr) = run(cmd.args(["mfa", "status"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Root user: no MFA"), "{stdout}");
    assert!(
        stdout.contains("erin   yes       0     GAHT12345678 (hardware)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("frank  yes       0     none\n"), "{stdout}");
    assert!(stdout.contains("Without MFA: frank\n"), "{stdout}");

    let mut cmd = rampart_for(&account, dir.path());
    let (code, stdout, stderr) = run(cmd.args(["mfa", "status", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["users"][0]["devices"][0]["kind"], "hardware");
    assert_eq!(json["users"][1]["mfa_active"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn console_steps_for_what_the_api_cannot_do() {
    let dir = workdir();
    let (code, stdout, _) = run(rampart_in(dir.path()).args(["mfa", "enroll", "--root"]));
    assert_eq!(code, 0);
    assert!(stdout.contains("https://console.aws.amazon.com/iam/home#/security_credentials"));
    // Plain text for a terminal, not Markdown: no asterisks around console labels.
    assert!(!stdout.contains('*'), "{stdout}");
    assert!(stdout.contains("choose \"Root user\" and use"), "{stdout}");

    let account = rampart_testkit::new_account().await;
    let mut cmd = rampart_for(&account, dir.path());
    let (code, _, stderr) = run(cmd.args(["mfa", "enroll", "--user", "gina", "--security-key"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("there is no IAM user named `gina`"),
        "{stderr}"
    );
    user(&iam(&account).await, "gina", true).await;
    let mut cmd = rampart_for(&account, dir.path());
    let (code, stdout, stderr) =
        run(cmd.args(["mfa", "enroll", "--user", "gina", "--security-key"]));
    assert_eq!(code, 0, "{stderr}");
    let sign_in = format!(
        "https://{}.signin.aws.amazon.com/console",
        account.account_id
    );
    assert!(stdout.contains(&sign_in), "{stdout}");
    assert!(
        stdout.contains("#/users/details/gina?section=security_credentials"),
        "{stdout}"
    );
    assert!(!stdout.contains('*'), "{stdout}");
}
