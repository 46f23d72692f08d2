//! The shared emulator starts once and hands out isolated accounts.

use rampart_testkit::{new_account, shared};

#[tokio::test]
async fn moto_answers_and_an_account_is_who_it_says() {
    let moto = shared().moto_url();
    assert!(moto.starts_with("http://127.0.0.1:"), "{moto}");
    assert_ne!(
        shared().gap_url(),
        moto,
        "clients must talk to the gap endpoint, not moto"
    );

    let account = new_account().await;
    assert_eq!(account.account_id.len(), 12);
    assert!(account.account_id.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(account.endpoint_url, shared().gap_url());

    let sts = aws_sdk_sts::Client::new(&account.sdk_config("us-east-1").await);
    let me = sts
        .get_caller_identity()
        .send()
        .await
        .expect("GetCallerIdentity through the gap");
    assert_eq!(me.account(), Some(account.account_id.as_str()));
}

#[tokio::test]
async fn two_accounts_do_not_share_state() {
    let (a, b) = (new_account().await, new_account().await);
    assert_ne!(a.account_id, b.account_id);
    let iam_a = aws_sdk_iam::Client::new(&a.sdk_config("us-east-1").await);
    let iam_b = aws_sdk_iam::Client::new(&b.sdk_config("us-east-1").await);
    iam_a
        .create_user()
        .user_name("alice")
        .send()
        .await
        .expect("create user in A");

    let in_a = iam_a.list_users().send().await.expect("list A").users;
    let in_b = iam_b.list_users().send().await.expect("list B").users;
    assert_eq!(in_a.len(), 1);
    assert_eq!(
        in_a[0].arn,
        format!("arn:aws:iam::{}:user/alice", a.account_id)
    );
    assert!(in_b.is_empty(), "account B sees A's users: {in_b:?}");
}

#[tokio::test]
async fn env_points_only_at_the_gap_endpoint() {
    let account = new_account().await;
    let env: std::collections::HashMap<_, _> = account.env().into_iter().collect();
    assert_eq!(env["AWS_ENDPOINT_URL"], account.endpoint_url);
    assert_eq!(env["AWS_ACCESS_KEY_ID"], account.access_key_id);
    assert_eq!(env["AWS_SECRET_ACCESS_KEY"], account.secret_access_key);
    assert_eq!(
        Some(&env["AWS_SESSION_TOKEN"]),
        account.session_token.as_ref()
    );
    assert_eq!(env["AWS_CONFIG_FILE"], "/dev/null");
    assert_eq!(env["AWS_SHARED_CREDENTIALS_FILE"], "/dev/null");
    assert!(env.contains_key("AWS_REGION"));
    assert!(
        !format!("{account:?}").contains(&account.secret_access_key),
        "Debug leaks the secret"
    );
}

#[tokio::test]
async fn the_request_log_counts_each_api() {
    let account = new_account().await;
    let conf = account.sdk_config("eu-west-1").await;
    let iam = aws_sdk_iam::Client::new(&conf);
    for _ in 0..3 {
        iam.list_users().send().await.expect("list users");
    }
    aws_sdk_cloudtrail::Client::new(&conf)
        .describe_trails()
        .send()
        .await
        .expect("trails");
    let counts = account.request_counts();
    assert_eq!(counts.get("iam:ListUsers"), Some(&3), "{counts:?}");
    assert_eq!(
        counts.get("cloudtrail:DescribeTrails"),
        Some(&1),
        "{counts:?}"
    );
    account.reset_request_counts();
    assert!(account.request_counts().is_empty());
}

#[tokio::test]
async fn a_dedicated_emulator_takes_extra_env_and_stops_when_dropped() {
    let emulator = rampart_testkit::Emulator::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]);
    assert_ne!(emulator.moto_url(), shared().moto_url());
    let account = emulator.default_account();
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&account, "us-east-1").await);
    // With enforcement from the first request, moto's base key is not a known IAM key.
    let err = iam.list_users().send().await.expect_err("enforced");
    assert_eq!(
        err.raw_response().map(|r| r.status().as_u16()),
        Some(403),
        "{err:?}"
    );

    let moto_addr = emulator.moto_url().trim_start_matches("http://").to_owned();
    let gap_addr = emulator.gap_url().trim_start_matches("http://").to_owned();
    drop(emulator);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        std::net::TcpStream::connect(&moto_addr).is_err(),
        "moto still listens"
    );
    assert!(
        std::net::TcpStream::connect(&gap_addr).is_err(),
        "the gap endpoint still listens"
    );
}

#[tokio::test]
async fn a_chosen_account_id_is_the_same_account_every_time() {
    let first = shared().account("444455556666").await;
    let again = shared().account("444455556666").await;
    assert_eq!(first.account_id, "444455556666");
    let sts = aws_sdk_sts::Client::new(&again.sdk_config("us-east-1").await);
    let me = sts.get_caller_identity().send().await.expect("caller");
    assert_eq!(me.account(), Some("444455556666"));

    let iam_first = aws_sdk_iam::Client::new(&first.sdk_config("us-east-1").await);
    iam_first
        .create_user()
        .user_name("chosen")
        .send()
        .await
        .expect("create user");
    let iam_again = aws_sdk_iam::Client::new(&again.sdk_config("us-east-1").await);
    let users = iam_again.list_users().send().await.expect("list").users;
    assert!(users.iter().any(|u| u.user_name == "chosen"), "{users:?}");
}

#[tokio::test]
async fn moto_default_account_is_reached_with_the_base_credentials() {
    let account = shared().account(rampart_testkit::DEFAULT_ACCOUNT).await;
    assert_eq!(account.access_key_id, rampart_testkit::BASE_ACCESS_KEY);
    assert_eq!(account.session_token, None);
}

#[test]
fn a_taken_port_is_an_error_not_a_panic() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    assert!(rampart_testkit::Gap::start_on(1, port).is_err());
}

/// `rampart-emulator` where python3 cannot be found: one line saying how to install moto, exit
/// status 2, no panic.
#[test]
fn the_emulator_without_python_says_how_to_install_moto() {
    let empty = std::env::temp_dir().join(format!("rampart-no-python-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("an empty directory");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rampart-emulator"))
        .env("PATH", &empty)
        .output()
        .expect("the emulator runs");
    let _ = std::fs::remove_dir(&empty);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("pip install 'moto[server]'"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "no export lines without an emulator");
}
