//! A seeded account: users, an admin group, a password policy, a logging trail with a guarded
//! bucket, billing reports, a security contact and root activity all come back as facts.

use rampart_aws::CollectOptions;
use rampart_model::s3::BucketOwnership;
use rampart_model::Observed;
use rampart_testkit::new_account;

use super::seed::seed;
use super::test_support::{snapshot, unavailable_facts};

#[tokio::test]
async fn a_seeded_account_comes_back_as_facts() {
    let account = new_account().await;
    let bucket = seed(&account).await;
    let snap = snapshot(&account, &CollectOptions::default()).await;
    assert_eq!(unavailable_facts(&snap), vec![], "everything is readable");

    let auth = snap.iam.authorization.known().expect("authorization");
    let mut names: Vec<_> = auth.users.iter().map(|u| u.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["alice", "bob"]);
    let admins = auth.group("admins").expect("admins group");
    assert!(auth.group_grants_full_admin(admins));
    assert_eq!(
        auth.members_of("admins")
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>(),
        ["alice"]
    );

    let report = snap
        .iam
        .credential_report
        .known()
        .expect("credential report");
    assert!(report.root().expect("root row").mfa_active);
    let alice = report
        .users()
        .find(|r| r.user == "alice")
        .expect("alice row");
    assert!(alice.has_console_password());
    let bob = report.users().find(|r| r.user == "bob").expect("bob row");
    assert_eq!(bob.active_key_count(), 1);
    let root_arn = format!("arn:aws:iam::{}:root", account.account_id);
    let devices = snap.iam.virtual_mfa_devices.known().expect("devices");
    assert!(
        devices
            .iter()
            .any(|d| d.user_arn.as_deref() == Some(root_arn.as_str())),
        "{devices:?}"
    );

    let policy = snap
        .iam
        .password_policy
        .known()
        .cloned()
        .flatten()
        .expect("password policy");
    assert_eq!(
        (
            policy.minimum_password_length,
            policy.password_reuse_prevention
        ),
        (14, Some(24))
    );

    let trails = snap.cloudtrail.trails.known().expect("trails");
    assert_eq!(trails.len(), 1);
    let trail = &trails[0];
    assert_eq!(trail.name, "main");
    assert!(trail.is_multi_region && trail.log_file_validation);
    assert_eq!(trail.s3_bucket.as_deref(), Some(bucket.as_str()));
    assert!(trail.status.known().expect("status").is_logging);
    assert!(trail.selectors.is_known());

    let facts = snap
        .s3
        .buckets
        .get(&bucket)
        .expect("the trail bucket is read");
    assert_eq!(facts.ownership, Observed::Known(BucketOwnership::Account));
    let doc = facts
        .policy
        .known()
        .cloned()
        .flatten()
        .expect("bucket policy");
    assert_eq!(
        serde_json::to_value(&doc).expect("json")["Statement"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    assert_eq!(
        facts.versioning,
        Observed::Known(Some("Enabled".to_owned()))
    );
    assert!(facts
        .public_access_block
        .known()
        .copied()
        .flatten()
        .expect("bucket PAB")
        .all_on());
    let account_pab = snap
        .s3
        .account_public_access_block
        .known()
        .copied()
        .flatten()
        .expect("account PAB");
    assert!(account_pab.all_on());

    let reports = snap.billing.cur_reports.known().expect("CUR reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(
        (reports[0].name.as_str(), reports[0].time_unit.as_str()),
        ("daily-cur", "DAILY")
    );
    assert_eq!(reports[0].s3_bucket, bucket);
    let exports = snap.billing.data_exports.known().expect("data exports");
    assert_eq!(exports.len(), 1);
    assert!(exports[0].is_cur2(), "{:?}", exports[0]);
    assert_eq!(exports[0].time_granularity.as_deref(), Some("DAILY"));
    assert_eq!(exports[0].s3_bucket, bucket);

    let contact = snap
        .account
        .security_contact
        .known()
        .cloned()
        .flatten()
        .expect("contact");
    assert_eq!(contact.email, "security@example.com");

    let last = snap
        .cloudtrail
        .root_activity
        .known()
        .and_then(|a| a.last_event.clone())
        .expect("root event");
    assert_eq!(
        (last.event_name.as_str(), last.region.as_str()),
        ("ConsoleLogin", "us-east-1")
    );
}
