//! The root user's facts appear in IAM answers the way AWS gives them.

use chrono::{TimeZone, Utc};
use rampart_testkit::{new_account, KeyUse, RootState};

const COLUMNS: &str = "user,arn,user_creation_time,password_enabled,password_last_used,\
password_last_changed,password_next_rotation,mfa_active,access_key_1_active,\
access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,\
access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,\
cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

async fn report(iam: &aws_sdk_iam::Client) -> String {
    iam.generate_credential_report()
        .send()
        .await
        .expect("generate report");
    let out = iam
        .get_credential_report()
        .send()
        .await
        .expect("get report");
    let content = out.content.expect("report content");
    String::from_utf8(content.into_inner()).expect("CSV is UTF-8")
}

#[tokio::test]
async fn credential_report_has_the_root_row_in_aws_format() {
    let account = new_account().await;
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    iam.create_user()
        .user_name("bob")
        .send()
        .await
        .expect("create user");

    let csv = report(&iam).await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], COLUMNS);
    assert_eq!(lines.len(), 3, "header, root, bob: {csv}");
    let root: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(root.len(), 22);
    let created = account
        .root()
        .created
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let expected = format!(
        "<root_account>,arn:aws:iam::{}:root,{created},not_supported,no_information,\
         not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,\
         false,N/A",
        account.account_id
    );
    assert_eq!(lines[1], expected);
    assert!(lines[2].starts_with("bob,"), "{}", lines[2]);
}

#[tokio::test]
async fn root_state_changes_the_report_and_the_summary() {
    let account = new_account().await;
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    let summary = iam
        .get_account_summary()
        .send()
        .await
        .expect("summary")
        .summary_map
        .unwrap_or_default();
    use aws_sdk_iam::types::SummaryKeyType as K;
    assert_eq!(summary.get(&K::AccountMfaEnabled), Some(&0));
    assert_eq!(summary.get(&K::AccountAccessKeysPresent), Some(&0));

    let keys_made = Utc
        .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
        .single()
        .expect("date");
    let used = Utc
        .with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .expect("date");
    account.set_root(RootState {
        mfa_enabled: true,
        access_keys_active: 1,
        access_keys_created: Some(keys_made),
        password_last_used: Some(used),
        key_last_used: Some(KeyUse {
            at: used,
            region: "eu-west-1".into(),
            service: "s3".into(),
        }),
        ..account.root()
    });
    let summary = iam
        .get_account_summary()
        .send()
        .await
        .expect("summary")
        .summary_map
        .unwrap_or_default();
    assert_eq!(summary.get(&K::AccountMfaEnabled), Some(&1));
    assert_eq!(summary.get(&K::AccountAccessKeysPresent), Some(&1));

    let csv = report(&iam).await;
    let root: Vec<&str> = csv.lines().nth(1).expect("root row").split(',').collect();
    assert_eq!(root[0], "<root_account>");
    assert_eq!(root[4], "2026-06-01T12:00:00+00:00", "password_last_used");
    assert_eq!(root[7], "true", "mfa_active");
    assert_eq!(
        &root[8..13],
        [
            "true",
            "2026-01-02T03:04:05+00:00",
            "2026-06-01T12:00:00+00:00",
            "eu-west-1",
            "s3"
        ]
    );
    assert_eq!(root[13], "false", "second key");
}

#[tokio::test]
async fn root_virtual_mfa_is_listed_only_when_asked_for() {
    let account = new_account().await;
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    let root_arn = format!("arn:aws:iam::{}:root", account.account_id);
    let listed = |iam: aws_sdk_iam::Client| async move {
        let out = iam
            .list_virtual_mfa_devices()
            .send()
            .await
            .expect("list devices");
        out.virtual_mfa_devices
            .iter()
            .filter_map(|d| d.user.as_ref().map(|u| u.arn.clone()))
            .collect::<Vec<_>>()
    };
    account.set_root(RootState {
        mfa_enabled: true,
        ..account.root()
    });
    assert!(
        listed(iam.clone()).await.is_empty(),
        "hardware MFA has no virtual device"
    );
    account.set_root(RootState {
        mfa_enabled: true,
        mfa_virtual: true,
        ..account.root()
    });
    assert_eq!(listed(iam.clone()).await, vec![root_arn]);
    let unassigned = iam
        .list_virtual_mfa_devices()
        .assignment_status(aws_sdk_iam::types::AssignmentStatusType::Unassigned)
        .send()
        .await
        .expect("list unassigned");
    assert!(unassigned.virtual_mfa_devices.is_empty());
}

#[tokio::test]
async fn credential_report_generation_can_take_time() {
    use std::time::Duration;
    let account = new_account().await;
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&account, "us-east-1").await);
    account.set_credential_report_delay(Some(Duration::from_millis(2000)));
    let err = iam
        .get_credential_report()
        .send()
        .await
        .expect_err("nothing generated yet");
    assert!(err
        .into_service_error()
        .is_credential_report_not_present_exception());
    let started = iam
        .generate_credential_report()
        .send()
        .await
        .expect("generate");
    assert_eq!(
        started.state(),
        Some(&aws_sdk_iam::types::ReportStateType::Started)
    );
    let again = iam
        .generate_credential_report()
        .send()
        .await
        .expect("generate again");
    assert_eq!(
        again.state(),
        Some(&aws_sdk_iam::types::ReportStateType::Inprogress)
    );
    let err = iam
        .get_credential_report()
        .send()
        .await
        .expect_err("still building");
    assert!(err
        .into_service_error()
        .is_credential_report_not_ready_exception());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    iam.generate_credential_report()
        .send()
        .await
        .expect("generate when ready");
    let csv = report(&iam).await;
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("<root_account>,")),
        "{csv}"
    );
}
