//! A seeded account: users, an admin group, a password policy, a logging trail with a guarded
//! bucket, billing reports, a security contact and root activity all come back as facts.

use aws_sdk_s3::types::{
    BucketVersioningStatus, PublicAccessBlockConfiguration, VersioningConfiguration,
};
use aws_sdk_s3control::types::PublicAccessBlockConfiguration as AccountPab;
use chrono::Utc;
use rampart_aws::CollectOptions;
use rampart_model::s3::BucketOwnership;
use rampart_model::Observed;
use rampart_testkit::{events, new_account, RootState, TestAccount};

use super::support::{iam, s3, snapshot, unavailable_facts};

const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

fn trail_bucket_policy(bucket: &str, account: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            { "Sid": "AWSCloudTrailAclCheck", "Effect": "Allow",
              "Principal": { "Service": "cloudtrail.amazonaws.com" },
              "Action": "s3:GetBucketAcl", "Resource": format!("arn:aws:s3:::{bucket}") },
            { "Sid": "AWSCloudTrailWrite", "Effect": "Allow",
              "Principal": { "Service": "cloudtrail.amazonaws.com" },
              "Action": "s3:PutObject", "Resource": format!("arn:aws:s3:::{bucket}/AWSLogs/{account}/*"),
              "Condition": { "StringEquals": { "s3:x-amz-acl": "bucket-owner-full-control" } } },
            { "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
              "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
              "Condition": { "Bool": { "aws:SecureTransport": "false" } } }
        ]
    })
    .to_string()
}

async fn seed(account: &TestAccount) -> String {
    let conf = account.sdk_config("us-east-1").await;
    let iam = iam(&conf);
    iam.create_group()
        .group_name("admins")
        .send()
        .await
        .expect("group");
    iam.attach_group_policy()
        .group_name("admins")
        .policy_arn(ADMIN)
        .send()
        .await
        .expect("attach admin");
    for user in ["alice", "bob"] {
        iam.create_user()
            .user_name(user)
            .send()
            .await
            .expect("user");
    }
    iam.add_user_to_group()
        .group_name("admins")
        .user_name("alice")
        .send()
        .await
        .expect("membership");
    iam.create_login_profile()
        .user_name("alice")
        .password("Correct-Horse-9!")
        .send()
        .await
        .expect("login");
    iam.create_access_key()
        .user_name("bob")
        .send()
        .await
        .expect("key");
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .password_reuse_prevention(24)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .allow_users_to_change_password(true)
        .send()
        .await
        .expect("password policy");

    let bucket = format!("trail-{}", account.account_id);
    let s3 = s3(&conf);
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    s3.put_bucket_policy()
        .bucket(&bucket)
        .policy(trail_bucket_policy(&bucket, &account.account_id))
        .send()
        .await
        .expect("policy");
    s3.put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .expect("versioning");
    let pab = PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build();
    s3.put_public_access_block()
        .bucket(&bucket)
        .public_access_block_configuration(pab)
        .send()
        .await
        .expect("bucket PAB");
    let control = aws_sdk_s3control::Client::new(&conf);
    let account_pab = AccountPab::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build();
    // The account id label S3 Control puts in front of the host cannot resolve locally; moto
    // answers S3 Control on the plain endpoint, so the label is left out for the seeding call.
    let label = format!("{}.", account.account_id);
    let put = control
        .put_public_access_block()
        .account_id(&account.account_id)
        .public_access_block_configuration(account_pab)
        .customize()
        .mutate_request(move |req| {
            let uri = req.uri().replacen(&label, "", 1);
            let _ = req.set_uri(uri);
        })
        .send()
        .await;
    put.expect("account PAB");

    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    ct.create_trail()
        .name("main")
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .send()
        .await
        .expect("trail");
    ct.start_logging()
        .name("main")
        .send()
        .await
        .expect("start logging");

    let contact = aws_sdk_account::Client::new(&conf);
    contact
        .put_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Security)
        .name("Security Team")
        .email_address("security@example.com")
        .phone_number("+1-555-0100")
        .title("CISO")
        .send()
        .await
        .expect("security contact");

    account.set_root(RootState {
        mfa_enabled: true,
        mfa_virtual: true,
        ..account.root()
    });
    let id = account.account_id.clone();
    account.add_events([
        events::root_console_login(&id, Utc::now() - chrono::Duration::days(10), true),
        events::user_api_call(
            &id,
            "bob",
            "AKIABOB",
            "us-east-1",
            "s3.amazonaws.com",
            "ListBuckets",
            Utc::now(),
        ),
    ]);
    bucket
}

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
        .cloned()
        .flatten()
        .expect("bucket PAB")
        .all_on());
    let account_pab = snap
        .s3
        .account_public_access_block
        .known()
        .cloned()
        .flatten()
        .expect("account PAB");
    assert!(account_pab.all_on());

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
