//! A brand-new account: everything is readable and almost everything is empty.

use rampart_aws::CollectOptions;
use rampart_model::Observed;
use rampart_testkit::new_account;

use super::test_support::{snapshot, unavailable_facts};

#[tokio::test]
async fn a_new_account_is_fully_known_and_empty() {
    let account = new_account().await;
    let snap = snapshot(&account, &CollectOptions::default()).await;

    assert_eq!(snap.account_id, account.account_id);
    assert!(
        snap.caller.arn.contains(&account.account_id),
        "{}",
        snap.caller.arn
    );
    assert!(!snap.caller.is_root);
    assert_eq!(
        unavailable_facts(&snap),
        vec![],
        "a new account has nothing unreadable"
    );

    // The root row comes from the gap endpoint, in AWS's format.
    let report = snap
        .iam
        .credential_report
        .known()
        .expect("credential report");
    let root = report.root().expect("root row");
    assert_eq!(
        root.arn,
        format!("arn:aws:iam::{}:root", account.account_id)
    );
    assert!(!root.mfa_active);
    assert_eq!(root.active_key_count(), 0);
    assert_eq!(report.users().count(), 0);

    assert_eq!(
        snap.iam.summary_value("AccountMFAEnabled"),
        Observed::Known(Some(0))
    );
    assert_eq!(
        snap.iam.summary_value("AccountAccessKeysPresent"),
        Observed::Known(Some(0))
    );
    assert_eq!(
        snap.iam.password_policy,
        Observed::Known(None),
        "no password policy is a fact, not an error"
    );
    let auth = snap
        .iam
        .authorization
        .known()
        .expect("authorization details");
    assert!(auth.users.is_empty() && auth.groups.is_empty());
    assert_eq!(snap.iam.virtual_mfa_devices, Observed::Known(vec![]));

    assert_eq!(snap.cloudtrail.trails, Observed::Known(vec![]));
    let activity = snap
        .cloudtrail
        .root_activity
        .known()
        .expect("root activity");
    assert_eq!(activity.last_event, None);
    assert!(activity.regions.iter().any(|r| r == "us-east-1"));

    assert_eq!(snap.s3.account_public_access_block, Observed::Known(None));
    assert!(snap.s3.buckets.is_empty());
    assert_eq!(snap.account.security_contact, Observed::Known(None));
    assert_eq!(snap.billing.cur_reports, Observed::Known(vec![]));
    assert_eq!(snap.billing.data_exports, Observed::Known(vec![]));
    assert_eq!(snap.alerting.event_rules, Observed::Known(vec![]));
}

/// The alternate contacts and IAM's server certificates, read from the emulator: a contact
/// that is registered and one that is not, and a stored certificate with its expiration
/// (moto answers every certificate with the same expiration, 2012-05-08).
#[tokio::test]
async fn alternate_contacts_and_server_certificates_are_read() {
    let account = new_account().await;
    let conf = account.sdk_config("us-east-1").await;
    aws_sdk_account::Client::new(&conf)
        .put_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Billing)
        .name("Billing")
        .email_address("billing@example.com")
        .phone_number("+1-555-0101")
        .title("Accounts")
        .send()
        .await
        .expect("billing contact");
    super::test_support::iam(&conf)
        .upload_server_certificate()
        .server_certificate_name("www")
        .certificate_body("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n")
        .private_key("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n")
        .send()
        .await
        .expect("server certificate");

    let snap = snapshot(&account, &CollectOptions::default()).await;
    let billing = snap.account.billing_contact.known().expect("read");
    assert_eq!(
        billing.as_ref().map(|c| c.email.as_str()),
        Some("billing@example.com")
    );
    assert_eq!(snap.account.operations_contact, Observed::Known(None));
    let certificates = snap.iam.server_certificates.known().expect("read");
    assert_eq!(certificates.len(), 1);
    assert_eq!(certificates[0].name, "www");
    assert!(certificates[0].expiration < snap.taken_at);
}
