//! Failures during apply: a stale plan is refused, an error stops the run and says what was
//! and was not done, AccessDenied names the permission, and a rerun converges.

use rampart_aws::apply::StepError;
use rampart_plan::Baseline;
use rampart_testkit::Fault;

use crate::apply::test_support::{apply_plan, change_kinds, plan_for, with_alert_rules};

#[tokio::test]
async fn a_stale_plan_is_refused() {
    let account = rampart_testkit::new_account().await;
    let baseline = Baseline::default();
    let (first, _) = plan_for(&account, &baseline).await;
    // Someone sets a (weak) password policy between plan and apply.
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    iam.update_account_password_policy()
        .minimum_password_length(8)
        .send()
        .await
        .expect("policy");
    let (out, _) = apply_plan(&account, &first, None).await;
    let err = out.failed.expect("refused");
    assert!(matches!(err, StepError::Stale { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("the account changed since the plan"),
        "{err}"
    );
    assert!(out.done.is_empty());
    assert_eq!(out.not_done.len(), first.changes().count());
}

#[tokio::test]
async fn access_denied_names_the_permission_and_a_rerun_finishes() {
    let account = rampart_testkit::new_account().await;
    let baseline = Baseline::default();
    account.inject(Fault::AccessDenied {
        action: "cloudtrail:CreateTrail".into(),
    });
    let (first, snap) = plan_for(&account, &baseline).await;
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    let err = out.failed.as_ref().expect("fails at the trail");
    // The step names the action and the API; its source says why.
    let text = err.to_string();
    assert!(text.ends_with("cloudtrail:CreateTrail failed"), "{text}");
    let cause = std::error::Error::source(err).map(ToString::to_string);
    assert!(
        cause
            .as_deref()
            .is_some_and(|c| c.contains("access denied") && c.contains("`cloudtrail:CreateTrail`")),
        "{cause:?}"
    );
    assert_eq!(
        out.done.len(),
        8,
        "everything before the trail was done: {out:?}"
    );
    // The trail, its bucket's logging, the alert topic, fifteen alert rules, the export, EBS
    // encryption by default, the access analyzer.
    assert_eq!(out.not_done.len(), 21, "{out:?}");
    assert!(out.not_done[0].starts_with("trail"), "{out:?}");

    account.clear_faults();
    let (rest, snap) = plan_for(&account, &baseline).await;
    assert_eq!(
        change_kinds(&rest)
            .iter()
            .map(|k| k.split(' ').next().unwrap_or_default())
            .collect::<Vec<_>>(),
        with_alert_rules(
            &["trail", "bucket-logging", "alert-topic"],
            &[
                "billing-report",
                "ebs-default-encryption",
                "access-analyzer"
            ]
        ),
        "only what was not done is planned again"
    );
    let (out, _) = apply_plan(&account, &rest, Some(snap)).await;
    assert!(out.failed.is_none(), "{:?}", out.failed);
    assert!(
        out.passwords.is_empty(),
        "no second password for the same user"
    );
    let (last, _) = plan_for(&account, &baseline).await;
    assert!(!last.has_changes(), "{:?}", change_kinds(&last));
}

#[tokio::test]
async fn a_dropped_connection_mid_apply_is_finished_by_a_rerun_without_duplicates() {
    let account = rampart_testkit::new_account().await;
    let mut baseline = Baseline::default();
    baseline.alerts.emails = vec!["ops@example.com".into()];
    let (first, snap) = plan_for(&account, &baseline).await;
    // A few actions after the apply starts (each re-reads its fact, then acts).
    let seen = u32::try_from(account.requests()).expect("a test's requests fit");
    account.inject(Fault::DropConnection {
        after_n_requests: seen + 8,
    });
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    assert!(
        out.failed.is_some(),
        "the drop must stop the apply: {out:?}"
    );
    assert!(!out.not_done.is_empty());
    assert!(
        !out.done.is_empty(),
        "the drop comes after some actions are done: {out:?}"
    );
    account.clear_faults();
    // Applying the old plan again is refused if the interrupted action left things half-way;
    // a fresh plan picks up exactly what is left.
    let (rest, snap) = plan_for(&account, &baseline).await;
    for done in &out.done {
        assert!(
            !rest.changes().any(|a| &a.title == done),
            "`{done}` was done and is planned again"
        );
    }
    let (again, _) = apply_plan(&account, &rest, Some(snap)).await;
    assert!(again.failed.is_none(), "{:?}", again.failed);
    let (last, _) = plan_for(&account, &baseline).await;
    assert!(!last.has_changes(), "{:?}", change_kinds(&last));
    let conf = account.sdk_config("us-east-1").await;
    let trails = aws_sdk_cloudtrail::Client::new(&conf)
        .describe_trails()
        .send()
        .await
        .expect("trails");
    assert_eq!(trails.trail_list().len(), 1, "one trail, not two");
    let sns = aws_sdk_sns::Client::new(&conf);
    let subs = sns
        .list_subscriptions()
        .send()
        .await
        .expect("subscriptions");
    assert_eq!(subs.subscriptions().len(), 1, "one subscription, not two");
}

#[tokio::test]
async fn a_server_error_stops_the_apply_and_a_rerun_converges() {
    let account = rampart_testkit::new_account().await;
    let baseline = Baseline::default();
    let (first, snap) = plan_for(&account, &baseline).await;
    account.inject(Fault::ServerError {
        action: "s3:PutBucketPolicy".into(),
        times: 100,
    });
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    let err = out
        .failed
        .as_ref()
        .expect("the 5xx stops the apply")
        .to_string();
    assert!(err.contains("s3:PutBucketPolicy"), "{err}");
    assert!(
        out.not_done.first().is_some_and(|t| t.contains("bucket")),
        "{out:?}"
    );
    assert_eq!(
        out.passwords.len(),
        1,
        "the password made before the failure is still handed back"
    );
    account.clear_faults();
    let (rest, snap) = plan_for(&account, &baseline).await;
    assert!(
        !rest.changes().any(|a| a.kind == "admin-user"),
        "the user is not made twice"
    );
    let (again, _) = apply_plan(&account, &rest, Some(snap)).await;
    assert!(again.failed.is_none(), "{:?}", again.failed);
    let (last, _) = plan_for(&account, &baseline).await;
    assert!(!last.has_changes(), "{:?}", change_kinds(&last));
}

/// The service acted but its answer was lost: the retry meets "already exists". The generated
/// password is set again and returned (never lost), and the MFA policy gets no second version.
#[tokio::test]
async fn lost_answers_neither_lose_the_password_nor_duplicate_the_policy() {
    let account = rampart_testkit::new_account().await;
    let baseline = Baseline::default();
    for action in [
        "iam:CreateLoginProfile",
        "iam:CreatePolicy",
        "access-analyzer:CreateAnalyzer",
    ] {
        account.inject(Fault::LoseAnswer {
            action: action.into(),
            times: 1,
        });
    }
    let (first, snap) = plan_for(&account, &baseline).await;
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    assert!(out.failed.is_none(), "apply failed: {:?}", out.failed);
    let counts = account.request_counts();
    for action in [
        "iam:CreateLoginProfile",
        "iam:CreatePolicy",
        "access-analyzer:CreateAnalyzer",
    ] {
        assert!(
            counts.get(action).copied().unwrap_or(0) >= 2,
            "{action} was retried after its lost answer: {counts:?}"
        );
    }
    assert_eq!(out.passwords.len(), 1, "the password is shown: {out:?}");
    assert!(
        counts.get("iam:UpdateLoginProfile").copied().unwrap_or(0) >= 1,
        "the password that nobody saw is set again: {counts:?}"
    );
    assert_eq!(
        counts.get("iam:CreatePolicyVersion").copied().unwrap_or(0),
        0,
        "an identical document is not a new version: {counts:?}"
    );
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    let arn = format!(
        "arn:aws:iam::{}:policy/{}",
        account.account_id, baseline.mfa_policy_name
    );
    let versions = iam
        .list_policy_versions()
        .policy_arn(&arn)
        .send()
        .await
        .expect("versions");
    assert_eq!(versions.versions().len(), 1, "{versions:?}");
    // One analyzer in each Region, the one whose answer was lost included.
    for r in ["us-east-1", "eu-west-1", "ap-south-1"] {
        assert_eq!(
            account.analyzers(r),
            [("rampart-external-access".to_owned(), "ACCOUNT".to_owned())],
            "{r}"
        );
    }
    let (second, _) = plan_for(&account, &baseline).await;
    assert!(!second.has_changes(), "{:?}", change_kinds(&second));
}

/// A fact that cannot be re-read just before its action is not "already in place": apply
/// stops there and says so.
#[tokio::test]
async fn a_failed_re_read_is_an_error_not_already_in_place() {
    let account = rampart_testkit::new_account().await;
    let baseline = Baseline::default();
    let (first, snap) = plan_for(&account, &baseline).await;
    account.inject(Fault::AccessDenied {
        action: "iam:GetAccountPasswordPolicy".into(),
    });
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    let err = out.failed.expect("stops");
    assert!(matches!(err, StepError::Unreadable { .. }), "{err}");
    assert!(
        err.to_string().contains("iam:GetAccountPasswordPolicy"),
        "{err}"
    );
    assert!(
        !out.skipped.iter().any(|s| s.contains("password policy")),
        "{:?}",
        out.skipped
    );
}

/// `CreateKey` acted but its answer was lost: the key it made is found by its tag and given
/// the alias, and no second key is made (nor a first one left behind, costing money unseen).
#[tokio::test]
async fn a_lost_create_key_answer_leaves_no_orphan_key() {
    let account = rampart_testkit::new_account().await;
    let mut baseline = Baseline::default();
    baseline.trail.create_kms_key = true;
    account.inject(Fault::LoseAnswer {
        action: "kms:CreateKey".into(),
        times: 1,
    });
    let (first, snap) = plan_for(&account, &baseline).await;
    let (out, _) = apply_plan(&account, &first, Some(snap)).await;
    assert!(out.failed.is_none(), "apply failed: {:?}", out.failed);
    let counts = account.request_counts();
    assert_eq!(
        counts.get("kms:CreateKey").copied(),
        Some(1),
        "sent once: {counts:?}"
    );
    let kms = aws_sdk_kms::Client::new(&account.sdk_config("us-east-1").await);
    let keys = kms.list_keys().send().await.expect("keys");
    assert_eq!(keys.keys().len(), 1, "exactly one key: {:?}", keys.keys());
    kms.describe_key()
        .key_id(rampart_plan::TRAIL_KEY_ALIAS)
        .send()
        .await
        .expect("the alias names the key the lost call made");
    let (second, _) = plan_for(&account, &baseline).await;
    assert!(!second.has_changes(), "{:?}", change_kinds(&second));
}
