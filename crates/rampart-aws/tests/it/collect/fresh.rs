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
