//! MFA enrolment and status against the moto emulator behind the test kit's gap endpoint.
//!
//! moto accepts any codes in `EnableMFADevice`, so every test computes real codes from the
//! seed IAM returned and checks them with `totp` first, as `rampart mfa enroll` does.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rampart_aws::mfa::totp::{self, PairCheck};
use rampart_aws::mfa::{DeviceKind, MfaClient, MfaError, RootMfa};
use rampart_aws::{collect, CollectOptions, Connection, NoProgress};
use rampart_checks::{AuditConfig, Selection};
use rampart_model::{Status, UnavailableKind};
use rampart_testkit::{Fault, RootState, TestAccount};

async fn connection(account: &TestAccount) -> Connection {
    crate::test_support::connection_with_retries(account, 2, Duration::from_millis(10)).await
}

async fn iam(account: &TestAccount) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await)
}

/// A user with a console password (and, with `keys`, an access key).
async fn console_user(iam: &aws_sdk_iam::Client, name: &str, password: bool, keys: bool) {
    iam.create_user()
        .user_name(name)
        .send()
        .await
        .expect("create user");
    if password {
        iam.create_login_profile()
            .user_name(name)
            .password("Correct-Horse-9-Battery!")
            .send()
            .await
            .expect("login profile");
    }
    if keys {
        iam.create_access_key()
            .user_name(name)
            .send()
            .await
            .expect("access key");
    }
}

fn now_step() -> u64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    totp::step_at(secs)
}

/// Two consecutive codes for `key`, starting now.
fn codes(key: &[u8]) -> (u32, u32) {
    let s = now_step();
    (
        totp::code(key, s, totp::DIGITS),
        totp::code(key, s + 1, totp::DIGITS),
    )
}

/// RMP203's findings for `user` on a fresh snapshot.
async fn console_mfa_findings(account: &TestAccount) -> Vec<rampart_model::Finding> {
    let opts = CollectOptions {
        root_activity: false,
        ..CollectOptions::default()
    };
    let snapshot = collect(&connection(account).await, &opts, &NoProgress)
        .await
        .expect("collect");
    let selection = Selection::new(&["RMP203".to_owned()], &[]).expect("selection");
    rampart_checks::evaluate(&snapshot, &AuditConfig::default(), &selection)
}

async fn virtual_serials(iam: &aws_sdk_iam::Client) -> Vec<(String, Option<String>)> {
    let out = iam
        .list_virtual_mfa_devices()
        .send()
        .await
        .expect("list virtual devices");
    out.virtual_mfa_devices()
        .iter()
        .map(|d| {
            (
                d.serial_number().to_owned(),
                d.user().map(|u| u.user_name().to_owned()),
            )
        })
        .collect()
}

#[tokio::test]
async fn enrolment_with_real_codes_makes_the_console_mfa_check_pass() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    console_user(&iam, "alice", true, false).await;
    let before = console_mfa_findings(&account).await;
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].status, Status::Fail);
    assert!(
        before[0].resource.id.ends_with("user/alice"),
        "{:?}",
        before[0].resource
    );

    let client = MfaClient::new(&connection(&account).await);
    let device = client.create_virtual("alice").await.expect("create");
    assert_eq!(
        device.serial_number,
        format!("arn:aws:iam::{}:mfa/alice", account.account_id)
    );
    let key = device.seed.key().expect("base32 seed");
    let (a, b) = codes(&key);
    assert_eq!(totp::check_pair(&key, a, b, now_step()), PairCheck::Valid);
    client
        .enable("alice", &device.serial_number, a, b)
        .await
        .expect("enable");

    let after = console_mfa_findings(&account).await;
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].status, Status::Pass, "{:?}", after[0]);
    assert_eq!(
        virtual_serials(&iam).await,
        [(device.serial_number.clone(), Some("alice".to_owned()))]
    );

    // A second device for the same user gets the next name.
    let second = client.create_virtual("alice").await.expect("second device");
    assert!(
        second.serial_number.ends_with(":mfa/alice-2"),
        "{}",
        second.serial_number
    );
    let (a, b) = codes(&second.seed.key().expect("seed"));
    client
        .enable("alice", &second.serial_number, a, b)
        .await
        .expect("enable second");
    assert_eq!(client.user_devices("alice").await.expect("list").len(), 2);
}

#[tokio::test]
async fn codes_aws_refuses_as_invalid_are_told_apart_and_the_device_stays_usable() {
    // moto accepts any codes: the refusal comes from the test kit's gap endpoint, in IAM's
    // words (`InvalidAuthenticationCode`).
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    console_user(&iam, "ivy", true, false).await;
    let client = MfaClient::new(&connection(&account).await);
    let device = client.create_virtual("ivy").await.expect("create");
    account.inject(Fault::InvalidMfaCode { times: 1 });
    let (a, b) = codes(&device.seed.key().expect("seed"));
    let err = client
        .enable("ivy", &device.serial_number, a, b)
        .await
        .expect_err("refused");
    let MfaError::InvalidCodes(message) = &err else {
        panic!("not told apart: {err:?}")
    };
    assert_eq!(message, "Authentication code for device is not valid.");
    // The same device takes the next codes.
    client
        .enable("ivy", &device.serial_number, a, b)
        .await
        .expect("enabled on the second try");
    assert_eq!(client.user_devices("ivy").await.expect("list").len(), 1);
}

#[tokio::test]
async fn an_aws_refusal_leaves_the_device_for_deletion_and_deletion_works() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    console_user(&iam, "bob", true, false).await;
    let client = MfaClient::new(&connection(&account).await);
    let device = client.create_virtual("bob").await.expect("create");
    account.inject(Fault::AccessDenied {
        action: "iam:EnableMFADevice".into(),
    });
    let (a, b) = codes(&device.seed.key().expect("seed"));
    let err = client
        .enable("bob", &device.serial_number, a, b)
        .await
        .expect_err("refused");
    let MfaError::Aws(u) = &err else {
        panic!("not an AWS error: {err:?}")
    };
    assert_eq!(u.kind, UnavailableKind::AccessDenied);
    assert_eq!(u.action.as_deref(), Some("iam:EnableMFADevice"));
    account.clear_faults();
    assert_eq!(
        virtual_serials(&iam).await,
        [(device.serial_number.clone(), None)]
    );
    client
        .delete_virtual(&device.serial_number)
        .await
        .expect("delete");
    assert!(virtual_serials(&iam).await.is_empty());
    assert!(client.user_devices("bob").await.expect("list").is_empty());
}

#[tokio::test]
async fn unknown_users_and_full_users_are_refused_before_creating_anything() {
    let account = rampart_testkit::new_account().await;
    let iam = iam(&account).await;
    let client = MfaClient::new(&connection(&account).await);
    let err = client
        .create_virtual("nobody")
        .await
        .expect_err("no such user");
    assert!(
        matches!(err, MfaError::NoSuchUser(ref u) if u == "nobody"),
        "{err:?}"
    );

    console_user(&iam, "carol", true, false).await;
    for i in 0..8 {
        client
            .enable("carol", &format!("GAHT{i:08}"), 123456, 654321)
            .await
            .expect("hardware");
    }
    let err = client
        .create_virtual("carol")
        .await
        .expect_err("eight already");
    assert!(
        matches!(err, MfaError::TooManyDevices { count: 8, .. }),
        "{err:?}"
    );
    assert!(virtual_serials(&iam).await.is_empty());
}

#[tokio::test]
async fn status_lists_users_devices_kinds_and_root() {
    let account = rampart_testkit::new_account().await;
    account.set_root(RootState {
        mfa_enabled: true,
        mfa_virtual: false,
        ..RootState::default()
    });
    let iam = iam(&account).await;
    console_user(&iam, "alice", true, false).await;
    console_user(&iam, "bob", true, true).await;
    console_user(&iam, "ci", false, true).await;
    console_user(&iam, "dave", true, false).await;
    console_user(&iam, "nokeys", false, false).await;
    let client = MfaClient::new(&connection(&account).await);
    let device = client.create_virtual("alice").await.expect("create");
    let (a, b) = codes(&device.seed.key().expect("seed"));
    client
        .enable("alice", &device.serial_number, a, b)
        .await
        .expect("enable");
    client
        .enable("dave", "GAHT00000042", 111111, 222222)
        .await
        .expect("hardware");

    account.reset_request_counts();
    let status = rampart_aws::mfa::status(&connection(&account).await, Duration::from_secs(30))
        .await
        .expect("status");
    assert_eq!(status.account_id, account.account_id);
    assert_eq!(status.root, RootMfa::Hardware);
    let names: Vec<&str> = status.users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        ["alice", "bob", "ci", "dave"],
        "users without credentials are left out"
    );
    let kinds = |name: &str| -> Vec<(String, DeviceKind)> {
        let user = status
            .users
            .iter()
            .find(|u| u.name == name)
            .expect("listed");
        user.devices
            .iter()
            .map(|d| (d.serial_number.clone(), d.kind))
            .collect()
    };
    assert_eq!(
        kinds("alice"),
        [(device.serial_number.clone(), DeviceKind::Virtual)]
    );
    assert_eq!(
        kinds("dave"),
        [("GAHT00000042".to_owned(), DeviceKind::Hardware)]
    );
    assert!(kinds("bob").is_empty());
    let missing: Vec<&str> = status.missing().map(|u| u.name.as_str()).collect();
    assert_eq!(missing, ["bob", "ci"]);
    // Per-user calls only for the two users the credential report shows with MFA.
    assert_eq!(account.request_counts().get("iam:ListMFADevices"), Some(&2));
}
