//! A whole collection with only read permissions, under moto's IAM permission enforcement.
//!
//! A dedicated emulator runs with `INITIAL_NO_AUTH_ACTION_COUNT`: the first requests (the setup
//! below, made with moto's base credentials) are not checked, every later one is checked
//! against the caller's IAM policies. The auditor user gets the AWS managed `SecurityAudit`
//! policy plus the few reads it lacks, and the collection runs with that user's keys.
//!
//! Limits of this proof, stated plainly: the APIs moto does not implement (`cur`,
//! `bcm-data-exports`, `cloudtrail:LookupEvents`, IAM Access Analyzer) are answered by the test
//! kit's gap endpoint, which does not evaluate IAM policies, so for them the test shows only
//! that the extra statement below names the right actions, not that AWS would accept them; and
//! GuardDuty's and Security Hub's reads fail moto's signature check under enforcement, so they
//! are not proven here at all.

use rampart_aws::CollectOptions;
use rampart_model::UnavailableKind;
use rampart_testkit::Emulator;

use super::test_support::{iam, s3, snapshot, unavailable_facts};

/// Requests made by `setup` with the base credentials, before enforcement starts.
const SETUP_REQUESTS: usize = 9;

const SECURITY_AUDIT: &str = "arn:aws:iam::aws:policy/SecurityAudit";

/// Reads the collector needs that `SecurityAudit` (as moto ships it) does not grant.
const EXTRA_READS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "BillingReportReads",
    "Effect": "Allow",
    "Action": ["cur:DescribeReportDefinitions", "bcm-data-exports:ListExports", "bcm-data-exports:GetExport"],
    "Resource": "*"
  }]
}"#;

#[tokio::test]
async fn a_read_only_auditor_can_read_every_fact() {
    let emulator =
        Emulator::start(&[("INITIAL_NO_AUTH_ACTION_COUNT", &SETUP_REQUESTS.to_string())]);
    let admin = emulator.default_account();
    let conf = admin.sdk_config("us-east-1").await;
    let iam = iam(&conf);

    // Setup: exactly SETUP_REQUESTS requests.
    iam.create_user()
        .user_name("auditor")
        .send()
        .await
        .expect("1 user");
    iam.attach_user_policy()
        .user_name("auditor")
        .policy_arn(SECURITY_AUDIT)
        .send()
        .await
        .expect("2 attach");
    iam.put_user_policy()
        .user_name("auditor")
        .policy_name("extra-reads")
        .policy_document(EXTRA_READS)
        .send()
        .await
        .expect("3 inline");
    let key = iam
        .create_access_key()
        .user_name("auditor")
        .send()
        .await
        .expect("4 key")
        .access_key;
    let key = key.expect("access key");
    let s3 = s3(&conf);
    s3.create_bucket()
        .bucket("audit-trail")
        .send()
        .await
        .expect("5 bucket");
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::audit-trail","arn:aws:s3:::audit-trail/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
    s3.put_bucket_policy()
        .bucket("audit-trail")
        .policy(policy)
        .send()
        .await
        .expect("6 bucket policy");
    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    ct.create_trail()
        .name("main")
        .s3_bucket_name("audit-trail")
        .is_multi_region_trail(true)
        .send()
        .await
        .expect("7 trail");
    ct.start_logging()
        .name("main")
        .send()
        .await
        .expect("8 start");
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .send()
        .await
        .expect("9 password policy");

    let auditor = admin.with_credentials(key.access_key_id(), key.secret_access_key(), None);
    let as_auditor = aws_sdk_iam::Client::new(&auditor.sdk_config("us-east-1").await);
    // Enforcement is on: the auditor may not write.
    let denied = as_auditor
        .create_user()
        .user_name("intruder")
        .send()
        .await
        .expect_err("writes are refused");
    assert_eq!(
        denied.raw_response().map(|r| r.status().as_u16()),
        Some(403),
        "{denied:?}"
    );

    let snap = snapshot(&auditor, &CollectOptions::default()).await;
    assert!(
        snap.caller.arn.ends_with(":user/auditor"),
        "{}",
        snap.caller.arn
    );
    let refused: Vec<_> = unavailable_facts(&snap)
        .into_iter()
        .filter(|(_, u)| u.kind == UnavailableKind::AccessDenied)
        .collect();
    // One refusal is moto's, not AWS's: moto checks S3 Control's `GetPublicAccessBlock` as the
    // action `s3:GetPublicAccessBlock` (service from the signature, operation name as is),
    // while AWS checks `s3:GetAccountPublicAccessBlock`, which `SecurityAudit` grants. The
    // policy is left as AWS needs it, so that refusal is expected here and nothing else.
    let [(path, why)] = refused.as_slice() else {
        panic!("only the S3 Control read may be refused under moto: {refused:#?}");
    };
    assert_eq!(path, "s3.account_public_access_block");
    assert_eq!(
        why.action.as_deref(),
        Some("s3:GetAccountPublicAccessBlock")
    );
    assert!(
        why.message.contains("s3:GetPublicAccessBlock"),
        "moto's action name: {}",
        why.message
    );
    // moto's enforcement cannot verify the signature of GuardDuty's, Security Hub's and
    // Lambda's REST-JSON requests (`SignatureDoesNotMatch` for every one, whoever signs), so
    // under it those reads fail before any policy is judged: expected, and only them.
    // `SecurityAudit` grants them all on AWS (`guardduty:List*`, `guardduty:Get*`,
    // `securityhub:Describe*`, `lambda:List*`, `lambda:GetPolicy`).
    let (unverifiable, other): (Vec<_>, Vec<_>) = unavailable_facts(&snap)
        .into_iter()
        .partition(|(_, u)| u.message.starts_with("SignatureDoesNotMatch"));
    assert!(
        unverifiable.iter().all(|(path, _)| {
            path.starts_with("guardrails.guardduty_detectors.")
                || path.starts_with("guardrails.security_hub.")
                || path.starts_with("guardrails.resource_policies.lambda.")
        }),
        "{unverifiable:#?}"
    );
    assert_eq!(other.len(), 1, "and nothing else failed: {other:#?}");
    assert_eq!(snap.cloudtrail.trails.known().map(Vec::len), Some(1));
    assert!(snap.s3.buckets.contains_key("audit-trail"));
}
