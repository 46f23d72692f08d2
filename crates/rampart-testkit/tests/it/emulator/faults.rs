//! Injected faults reach the SDK as the services' own errors.

use std::time::{Duration, Instant};

use aws_sdk_iam::error::ProvideErrorMetadata;
use rampart_testkit::{new_account, Fault};

use super::no_retry;

#[tokio::test]
async fn access_denied_in_query_and_json_protocols() {
    let account = new_account().await;
    account.inject(Fault::AccessDenied {
        action: "iam:GetCredentialReport".into(),
    });
    account.inject(Fault::AccessDenied {
        action: "cloudtrail:*".into(),
    });
    let conf = account.sdk_config("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&conf);
    let err = iam
        .get_credential_report()
        .send()
        .await
        .expect_err("denied");
    assert_eq!(err.code(), Some("AccessDenied"));
    assert!(
        err.message()
            .unwrap_or_default()
            .contains("iam:GetCredentialReport"),
        "{err:?}"
    );
    iam.list_users()
        .send()
        .await
        .expect("other IAM calls still work");

    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    let err = ct.describe_trails().send().await.expect_err("denied");
    assert_eq!(err.code(), Some("AccessDeniedException"));

    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&conf)
            .force_path_style(true)
            .build(),
    );
    s3.create_bucket()
        .bucket("faulty-bucket")
        .send()
        .await
        .expect("create bucket");
    account.inject(Fault::AccessDenied {
        action: "s3:GetBucketPolicy".into(),
    });
    let err = s3
        .get_bucket_policy()
        .bucket("faulty-bucket")
        .send()
        .await
        .expect_err("denied");
    assert_eq!(err.code(), Some("AccessDenied"));
    let counts = account.request_counts();
    assert_eq!(counts.get("s3:CreateBucket"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("s3:GetBucketPolicy"), Some(&1), "{counts:?}");

    account.clear_faults();
    iam.generate_credential_report()
        .send()
        .await
        .expect("generate");
    iam.get_credential_report()
        .send()
        .await
        .expect("allowed again");
}

#[tokio::test]
async fn throttle_and_server_error_happen_the_given_number_of_times() {
    let account = new_account().await;
    let iam = aws_sdk_iam::Client::new(&no_retry(&account, "us-east-1").await);
    account.inject(Fault::Throttle {
        action: "iam:ListUsers".into(),
        times: 2,
    });
    account.inject(Fault::ServerError {
        action: "iam:ListGroups".into(),
        times: 1,
    });
    for _ in 0..2 {
        let err = iam.list_users().send().await.expect_err("throttled");
        assert_eq!(err.code(), Some("Throttling"));
    }
    iam.list_users().send().await.expect("third call passes");
    let err = iam.list_groups().send().await.expect_err("500");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(500));
    iam.list_groups().send().await.expect("second call passes");

    // The SDK's standard retries ride over a short burst of throttling.
    account.inject(Fault::Throttle {
        action: "iam:ListRoles".into(),
        times: 2,
    });
    let patient = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    patient.list_roles().send().await.expect("retried");
    assert_eq!(account.request_counts().get("iam:ListRoles"), Some(&3));
}

#[tokio::test]
async fn slow_and_dropped_connections() {
    let account = new_account().await;
    let iam = aws_sdk_iam::Client::new(&no_retry(&account, "us-east-1").await);
    account.inject(Fault::Slow {
        action: "iam:ListUsers".into(),
        delay: Duration::from_millis(700),
    });
    let started = Instant::now();
    iam.list_users().send().await.expect("slow but fine");
    // The injected delay is the behaviour under test; a lower bound a busy machine cannot break.
    assert!(started.elapsed() >= Duration::from_millis(700));

    account.clear_faults();
    account.reset_request_counts();
    account.inject(Fault::DropConnection {
        after_n_requests: 1,
    });
    iam.list_users().send().await.expect("first request passes");
    let err = iam
        .list_users()
        .send()
        .await
        .expect_err("connection dropped");
    assert!(
        matches!(
            err,
            aws_sdk_iam::error::SdkError::DispatchFailure(_)
                | aws_sdk_iam::error::SdkError::ResponseError(_)
        ),
        "{err:?}"
    );
}
