//! plan → apply → plan is empty, from a brand-new, a half-done and a messy account; what was
//! written is read back field by field.

use rampart_engines::policy::PolicyDocument;
use rampart_plan::{documents, Baseline};

use crate::apply::test_support::{
    apply_plan, assert_every_control_passes, bucket_policy, change_kinds, plan_for, s3, sids,
    with_alert_rules,
};

#[tokio::test]
async fn a_brand_new_account_converges_in_one_apply() {
    let account = rampart_testkit::new_account().await;
    let mut baseline = Baseline::default();
    baseline.alerts.emails = vec!["security@example.com".into()];
    baseline.billing.monthly_budget_usd = Some(100);
    let contact = |who: &str| rampart_model::snapshot::AlternateContact {
        name: format!("{who} team"),
        email: format!("{who}@example.com"),
        phone: Some("+1 555 0100".into()),
        title: Some("Team".into()),
    };
    baseline.contacts.security = Some(contact("security"));
    baseline.contacts.billing = Some(contact("billing"));
    baseline.contacts.operations = Some(contact("operations"));
    let (first, snap) = plan_for(&account, &baseline).await;
    assert_eq!(
        change_kinds(&first)
            .iter()
            .map(|k| k.split(' ').next().unwrap_or_default())
            .collect::<Vec<_>>(),
        with_alert_rules(
            &[
                "password-policy",
                "mfa-policy",
                "admin-group",
                "admin-user",
                "support-role",
                "bucket",
                "bucket",
                "bucket",
                "trail",
                "bucket-logging",
                "alert-topic"
            ],
            &[
                "billing-report",
                "budget",
                "cost-anomaly-alert",
                "ebs-default-encryption",
                "access-analyzer",
                "alternate-contact",
                "alternate-contact",
                "alternate-contact"
            ]
        )
    );
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    assert!(out.failed.is_none(), "apply failed: {:?}", out.failed);
    // The executor re-plans before each action: once 5.2's rule exists it also carries 5.6's
    // failed sign-ins, so 5.6's own rule may be skipped as no longer needed.
    assert_eq!(out.done.len() + out.skipped.len(), 34, "{out:?}");
    assert_eq!(out.passwords.len(), 1);
    assert_eq!(out.passwords[0].user, "admin");

    let (second, after) = plan_for(&account, &baseline).await;
    assert!(
        !second.has_changes(),
        "second plan not empty: {:#?}",
        change_kinds(&second)
    );
    // What apply made passes every monitoring control, judged from the account as read back
    // (moto confirms e-mail subscriptions at once).
    assert_every_control_passes(&after);
    // The support role exists with AWSSupportAccess only, assumable with MFA.
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    let attached = iam
        .list_attached_role_policies()
        .role_name("Support")
        .send()
        .await
        .expect("the support role");
    assert_eq!(
        attached
            .attached_policies()
            .iter()
            .filter_map(|p| p.policy_arn())
            .collect::<Vec<_>>(),
        ["arn:aws:iam::aws:policy/AWSSupportAccess"]
    );
    // The three alternate contacts are registered, as read back.
    for (kind, read) in [
        ("security", &after.account.security_contact),
        ("billing", &after.account.billing_contact),
        ("operations", &after.account.operations_contact),
    ] {
        assert_eq!(
            read.known()
                .and_then(Option::as_ref)
                .map(|c| c.email.as_str()),
            Some(format!("{kind}@example.com").as_str())
        );
    }
    // EBS encryption by default is on, and an external-access analyzer is active, in every
    // enabled Region, as read back.
    let regions = after
        .guardrails
        .regions
        .known()
        .expect("the enabled Regions");
    assert!(regions.len() > 1, "{regions:?}");
    for r in regions {
        assert_eq!(
            after.guardrails.ebs_encryption_by_default.get(r),
            Some(&rampart_model::Observed::Known(true)),
            "{r}"
        );
        let analyzers = after
            .guardrails
            .access_analyzers
            .get(r)
            .and_then(|a| a.known());
        assert_eq!(
            analyzers.map(|a| a
                .iter()
                .map(|a| (a.name.as_str(), a.kind.as_str(), a.status.as_str()))
                .collect::<Vec<_>>()),
            Some(vec![("rampart-external-access", "ACCOUNT", "ACTIVE")]),
            "{r}"
        );
    }

    // Read back with the SDK: the trail bucket's logging and policy, the trail, the password
    // policy.
    let s3 = s3(&account).await;
    let bucket = baseline.trail_bucket(&account.account_id, "us-east-1");
    let logging = s3
        .get_bucket_logging()
        .bucket(&bucket)
        .send()
        .await
        .expect("logging");
    let target = logging.logging_enabled().expect("access logging is on");
    assert_eq!(
        (target.target_bucket(), target.target_prefix()),
        (
            baseline
                .access_log_bucket(&account.account_id, "us-east-1")
                .as_str(),
            format!("{bucket}/").as_str()
        )
    );
    let doc = bucket_policy(&s3, &bucket).await;
    let sids = sids(&doc);
    assert_eq!(
        sids,
        [
            documents::SID_TRAIL_ACL,
            documents::SID_TRAIL_WRITE,
            documents::SID_DENY_HTTP
        ]
    );
    let trail_arn = format!(
        "arn:aws:cloudtrail:us-east-1:{}:trail/{}",
        account.account_id, baseline.trail.name
    );
    assert_eq!(
        doc.statements[0].condition_values("aws:SourceArn"),
        std::slice::from_ref(&trail_arn)
    );
    let pab = s3
        .get_public_access_block()
        .bucket(&bucket)
        .send()
        .await
        .expect("bpa");
    let c = pab.public_access_block_configuration().expect("configured");
    assert_eq!(
        (
            c.block_public_acls(),
            c.ignore_public_acls(),
            c.block_public_policy(),
            c.restrict_public_buckets()
        ),
        (Some(true), Some(true), Some(true), Some(true))
    );
    let conf = account.sdk_config("us-east-1").await;
    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    let trails = ct.describe_trails().send().await.expect("trails");
    let t = trails
        .trail_list()
        .iter()
        .find(|t| t.name() == Some(baseline.trail.name.as_str()))
        .expect("trail exists");
    assert_eq!(
        (
            t.is_multi_region_trail(),
            t.log_file_validation_enabled(),
            t.s3_bucket_name()
        ),
        (Some(true), Some(true), Some(bucket.as_str()))
    );
    let status = ct
        .get_trail_status()
        .name(&baseline.trail.name)
        .send()
        .await
        .expect("status");
    assert_eq!(status.is_logging(), Some(true));
    let iam = aws_sdk_iam::Client::new(&conf);
    let p = iam
        .get_account_password_policy()
        .send()
        .await
        .expect("policy");
    let p = p.password_policy().expect("present");
    assert_eq!(
        (
            p.minimum_password_length(),
            p.password_reuse_prevention(),
            p.require_symbols()
        ),
        (Some(14), Some(24), true)
    );
    let keys = iam
        .list_access_keys()
        .user_name("admin")
        .send()
        .await
        .expect("keys");
    assert!(
        keys.access_key_metadata().is_empty(),
        "the admin user must have no access keys"
    );
}

#[tokio::test]
async fn an_existing_bucket_policy_is_merged_not_replaced() {
    let account = rampart_testkit::new_account().await;
    let baseline = Baseline::default();
    let s3 = s3(&account).await;
    let bucket = baseline.trail_bucket(&account.account_id, "us-east-1");
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    let theirs = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"TheirAuditor","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{}:root"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*"}}]}}"#,
        account.account_id
    );
    s3.put_bucket_policy()
        .bucket(&bucket)
        .policy(theirs)
        .send()
        .await
        .expect("policy");
    let (first, snap) = plan_for(&account, &baseline).await;
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    assert!(out.failed.is_none(), "{:?}", out.failed);
    let doc = bucket_policy(&s3, &bucket).await;
    let sids = sids(&doc);
    assert_eq!(
        sids,
        [
            "TheirAuditor",
            documents::SID_TRAIL_ACL,
            documents::SID_TRAIL_WRITE,
            documents::SID_DENY_HTTP
        ]
    );
    let (second, _) = plan_for(&account, &baseline).await;
    assert!(!second.has_changes(), "{:?}", change_kinds(&second));
}

/// `trail.kms = true`: one key, found by its alias on every later run, with CloudTrail's key
/// policy, used by the trail; the trail check's KMS requirement is then met.
#[tokio::test]
async fn a_trail_key_is_created_once_and_used() {
    let account = rampart_testkit::new_account().await;
    let mut baseline = Baseline::default();
    baseline.trail.create_kms_key = true;
    let (first, snap) = plan_for(&account, &baseline).await;
    let kinds: Vec<String> = change_kinds(&first)
        .iter()
        .map(|k| k.split(' ').next().unwrap_or_default().to_owned())
        .collect();
    let key_at = kinds
        .iter()
        .position(|k| k == "kms-key")
        .expect("a key is planned");
    let trail_at = kinds
        .iter()
        .position(|k| k == "trail")
        .expect("a trail is planned");
    assert!(
        key_at < trail_at,
        "the key comes before the trail: {kinds:?}"
    );
    assert!(
        !first.actions.iter().any(|a| a.resource == "trail-kms"),
        "no manual KMS step when rampart makes the key"
    );

    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    assert!(out.failed.is_none(), "apply failed: {:?}", out.failed);
    let (second, _) = plan_for(&account, &baseline).await;
    assert!(!second.has_changes(), "{:#?}", change_kinds(&second));
    // The old plan again: everything is in place, no second key.
    let (again, _) = apply_plan(&account, &first, None).await;
    assert!(again.done.is_empty() && again.failed.is_none(), "{again:?}");
    // In a box: the read-back's SDK futures would otherwise sit on the test thread's stack.
    Box::pin(the_key_and_the_trail_are_as_planned(&account, &baseline)).await;
}

async fn the_key_and_the_trail_are_as_planned(
    account: &rampart_testkit::TestAccount,
    baseline: &Baseline,
) {
    let kms = aws_sdk_kms::Client::new(&account.sdk_config("us-east-1").await);
    let keys = kms.list_keys().send().await.expect("keys");
    assert_eq!(keys.keys().len(), 1, "exactly one key: {:?}", keys.keys());
    let key = kms
        .describe_key()
        .key_id(rampart_plan::TRAIL_KEY_ALIAS)
        .send()
        .await
        .expect("the alias names the key");
    let key_id = key
        .key_metadata()
        .map(|m| m.key_id().to_owned())
        .expect("key id");
    let policy = kms
        .get_key_policy()
        .key_id(&key_id)
        .policy_name("default")
        .send()
        .await
        .expect("key policy");
    let doc = PolicyDocument::parse(policy.policy().unwrap_or_default()).expect("parses");
    assert_eq!(
        doc,
        documents::trail_key_policy(&account.account_id),
        "the key policy is the documented one"
    );
    let rotation = kms
        .get_key_rotation_status()
        .key_id(&key_id)
        .send()
        .await
        .expect("rotation status");
    assert!(rotation.key_rotation_enabled(), "the key rotates (RMP511)");

    let ct = aws_sdk_cloudtrail::Client::new(&account.sdk_config("us-east-1").await);
    let trails = ct.describe_trails().send().await.expect("trails");
    let trail = trails
        .trail_list()
        .iter()
        .find(|t| t.name() == Some(baseline.trail.name.as_str()))
        .expect("the trail");
    assert!(trail.kms_key_id().is_some(), "{trail:?}");
    let snap = crate::apply::test_support::snapshot(account, baseline).await;
    let findings = rampart_checks::evaluate(
        &snap,
        &rampart_checks::AuditConfig::default(),
        &rampart_checks::Selection::new(&["RMP303".to_owned(), "RMP511".to_owned()], &[])
            .expect("selection"),
    );
    assert!(
        !findings.is_empty()
            && findings
                .iter()
                .all(|f| f.status == rampart_model::Status::Pass),
        "{findings:#?}"
    );
}

/// Run for a second Region, apply gives it its own alert topic and a rule for every control
/// whose events happen there, and the next plan is empty with every control passing.
#[tokio::test]
async fn alerting_converges_across_two_regions() {
    use crate::apply::test_support::{apply_plan_in, plan_in};
    let account = rampart_testkit::new_account().await;
    let mut baseline = Baseline::default();
    baseline.alerts.emails = vec!["security@example.com".into()];
    let (first, snap) = plan_in(&account, &baseline, "eu-west-1").await;
    let topics: Vec<&str> = first
        .changes()
        .filter(|a| a.kind == "alert-topic")
        .map(|a| a.resource.as_str())
        .collect();
    assert_eq!(topics.len(), 2, "{topics:?}");
    assert!(
        topics.iter().any(|t| t.contains(":eu-west-1:")),
        "{topics:?}"
    );
    let (out, _) = apply_plan_in(&account, &first, Some(snap), "eu-west-1").await;
    assert!(out.failed.is_none(), "apply failed: {:?}", out.failed);
    let (second, after) = plan_in(&account, &baseline, "eu-west-1").await;
    assert!(
        !second.has_changes(),
        "second plan not empty: {:#?}",
        change_kinds(&second)
    );
    assert_every_control_passes(&after);
}

#[tokio::test]
async fn paid_services_are_turned_on_only_when_configured_and_then_converge() {
    let account = rampart_testkit::new_account().await;
    let baseline = Baseline::default();
    let (first, _) = plan_for(&account, &baseline).await;
    assert!(
        first
            .actions
            .iter()
            .all(|a| a.kind != "guardduty" && a.kind != "security-hub"),
        "nothing paid without the setting: {:?}",
        change_kinds(&first)
    );
    // A detector left disabled in one Region is enabled, not duplicated.
    let conf = account.sdk_config("eu-west-1").await;
    let gd = aws_sdk_guardduty::Client::new(&conf);
    let disabled = gd
        .create_detector()
        .enable(false)
        .send()
        .await
        .expect("detector")
        .detector_id()
        .expect("id")
        .to_owned();

    let mut baseline = Baseline::default();
    baseline.services.guardduty = true;
    baseline.services.security_hub = true;
    let (plan, snap) = plan_for(&account, &baseline).await;
    let (out, _) = apply_plan(&account, &plan, Some(snap)).await;
    assert!(out.failed.is_none(), "apply failed: {:?}", out.failed);
    let (second, after) = plan_for(&account, &baseline).await;
    assert!(!second.has_changes(), "{:?}", change_kinds(&second));
    let regions = after.guardrails.regions.known().expect("regions");
    for r in regions {
        let detectors = after
            .guardrails
            .guardduty_detectors
            .get(r)
            .and_then(|d| d.known())
            .expect("read");
        assert_eq!(detectors.len(), 1, "{r}: {detectors:?}");
        assert!(detectors[0].is_enabled(), "{r}");
        assert_eq!(
            after.guardrails.security_hub.get(r),
            Some(&rampart_model::Observed::Known(true)),
            "{r}"
        );
    }
    let eu = after.guardrails.guardduty_detectors["eu-west-1"]
        .known()
        .expect("read");
    assert_eq!(eu[0].id, disabled);
}
