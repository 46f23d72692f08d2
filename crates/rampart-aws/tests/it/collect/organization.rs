//! An organization: every account collected, members through their role, root credentials
//! through `sts:AssumeRoot`, unreachable members kept with the reason.

use rampart_aws::{collect_org, NoProgress, OrgError, OrgOptions};
use rampart_model::organization::{OrgSnapshot, Reach};
use rampart_model::Observed;
use rampart_testkit::{new_organization, Organization, RootState};

use super::test_support::connection;

async fn audit(org: &Organization, opts: &OrgOptions) -> Result<OrgSnapshot, OrgError> {
    let conn = connection(&org.management).await;
    collect_org(&conn, opts, &NoProgress).await
}

fn options() -> OrgOptions {
    let mut opts = OrgOptions::default();
    opts.collect.root_activity = false;
    opts
}

#[tokio::test]
async fn every_account_is_collected_and_unreachable_ones_are_kept() {
    let org = new_organization(3).await;
    org.set_root_access(true, true, true);
    let with_password = &org.members[0];
    org.set_root(
        with_password,
        RootState {
            login_profile: true,
            access_keys_active: 1,
            ..RootState::default()
        },
    );
    org.make_unreachable(&org.members[2]);

    let snap = audit(&org, &options())
        .await
        .expect("organization collected");
    assert_eq!(snap.organization_id, org.id);
    assert_eq!(snap.management_account_id, org.management.account_id);
    assert_eq!(
        snap.accounts.len(),
        4,
        "management account and three members"
    );

    let by_id = |id: &str| {
        snap.accounts
            .iter()
            .find(|a| a.account_id == id)
            .unwrap_or_else(|| panic!("{id} missing from {:#?}", snap.accounts))
    };
    // The management account: its own credentials, and the organization's root access.
    let management = by_id(&org.management.account_id)
        .snapshot()
        .expect("audited");
    assert_eq!(management.account_id, org.management.account_id);
    let membership = management.organization.as_ref().expect("membership");
    let access = membership.root_access.as_ref().expect("root access read");
    assert!(
        matches!(access, Observed::Known(a) if a.trusted_access && a.root_sessions && a.root_credentials_management),
        "{access:?}"
    );
    assert!(membership.root_credentials.is_none());

    // A member: reached through its role, its root read through AssumeRoot.
    let member = by_id(with_password).snapshot().expect("audited");
    assert_eq!(&member.account_id, with_password);
    assert!(
        member.caller.arn.contains("OrganizationAccountAccessRole"),
        "{}",
        member.caller.arn
    );
    let root = member
        .organization
        .as_ref()
        .and_then(|o| o.root_credentials.as_ref());
    match root {
        Some(Observed::Known(c)) => {
            assert!(c.password);
            assert_eq!(c.access_keys.len(), 1);
        }
        other => panic!("root credentials not read: {other:?}"),
    }
    let clean = by_id(&org.members[1]).snapshot().expect("audited");
    match clean
        .organization
        .as_ref()
        .and_then(|o| o.root_credentials.as_ref())
    {
        Some(Observed::Known(c)) => assert!(c.is_empty(), "{c:?}"),
        other => panic!("root credentials not read: {other:?}"),
    }

    // The member whose role cannot be assumed: kept, with the reason.
    match &by_id(&org.members[2]).reach {
        Reach::Unreachable { reason } => {
            assert!(reason.contains("AccessDenied"), "{reason}");
            assert!(reason.contains("OrganizationAccountAccessRole"), "{reason}");
        }
        Reach::Audited { .. } => panic!("an account whose role is refused was audited"),
    }
}

#[tokio::test]
async fn without_root_sessions_root_credentials_are_unknown() {
    let org = new_organization(1).await;
    let snap = audit(&org, &options()).await.expect("collected");
    let management = snap
        .audited(&org.management.account_id)
        .expect("management audited");
    let access = management
        .organization
        .as_ref()
        .and_then(|o| o.root_access.clone());
    assert!(
        matches!(access, Some(Observed::Known(a)) if !a.trusted_access && !a.root_sessions),
        "{access:?}"
    );
    let member = snap.audited(&org.members[0]).expect("member audited");
    match member
        .organization
        .as_ref()
        .and_then(|o| o.root_credentials.as_ref())
    {
        Some(Observed::Unavailable(u)) => {
            assert_eq!(u.action.as_deref(), Some("sts:AssumeRoot"), "{u:?}");
        }
        other => panic!("expected an unreadable root: {other:?}"),
    }
}

#[tokio::test]
async fn accounts_narrow_the_run_and_suspended_ones_are_reported() {
    let org = new_organization(3).await;
    org.suspend(&org.members[1]).await;
    let all = audit(&org, &options()).await.expect("collected");
    assert!(
        all.accounts.iter().all(|a| a.account_id != org.members[1]),
        "a closed account is not audited by default"
    );
    assert_eq!(all.accounts.len(), 3);

    let mut opts = options();
    opts.accounts = vec![org.members[0].clone(), org.members[1].clone()];
    let some = audit(&org, &opts).await.expect("collected");
    let ids: Vec<_> = some
        .accounts
        .iter()
        .map(|a| a.account_id.as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let suspended = some
        .accounts
        .iter()
        .find(|a| a.account_id == org.members[1])
        .expect("named account kept");
    assert!(
        suspended
            .unreachable_reason()
            .is_some_and(|r| r.contains("SUSPENDED")),
        "{suspended:?}"
    );

    opts.accounts = vec!["000000000000".into()];
    let err = audit(&org, &opts).await.expect_err("not a member");
    assert!(
        matches!(err, OrgError::UnknownAccount(ref id) if id == "000000000000"),
        "{err}"
    );
}

#[tokio::test]
async fn an_account_outside_any_organization_is_told_so() {
    let account = rampart_testkit::new_account().await;
    let conn = connection(&account).await;
    let err = collect_org(&conn, &options(), &NoProgress)
        .await
        .expect_err("no org");
    assert!(matches!(err, OrgError::NotInOrganization(_)), "{err}");
}

/// An organization trail in the management account covers the members: they get it from the
/// organization audit, and the multi-Region trail check passes for them, naming it.
#[tokio::test]
async fn the_organization_trail_covers_the_members() {
    let org = new_organization(1).await;
    let conf = org.management.sdk_config("us-east-1").await;
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&conf)
            .force_path_style(true)
            .build(),
    );
    let bucket = format!("org-trail-{}", org.management.account_id);
    s3.create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .expect("bucket");
    let ct = aws_sdk_cloudtrail::Client::new(&conf);
    ct.create_trail()
        .name("org-trail")
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .is_organization_trail(true)
        .send()
        .await
        .expect("trail");
    ct.start_logging()
        .name("org-trail")
        .send()
        .await
        .expect("logging");

    let snap = audit(&org, &options()).await.expect("collected");
    let member = snap.audited(&org.members[0]).expect("member audited");
    let shared = member
        .organization
        .as_ref()
        .and_then(|o| o.organization_trails.as_ref())
        .and_then(Observed::known)
        .expect("organization trails given to the member");
    assert_eq!(shared.len(), 1);
    assert!(shared[0].is_organization_trail);
    // The management account's alerting and billing facts go with them.
    let org_facts = member.organization.as_ref().expect("membership");
    assert!(org_facts.organization_alerting.is_some());
    assert_eq!(
        org_facts.organization_billing.as_ref(),
        snap.audited(&org.management.account_id).map(|m| &m.billing)
    );

    let selection = rampart_checks::Selection::new(&["RMP301".to_owned()], &[]).expect("id");
    let findings =
        rampart_checks::evaluate(member, &rampart_checks::AuditConfig::default(), &selection);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].status,
        rampart_model::Status::Pass,
        "{findings:#?}"
    );
    assert!(
        findings[0]
            .message
            .contains("organization trail `org-trail`"),
        "{}",
        findings[0].message
    );
}

/// A member's root credentials are checked again right before they are deleted: one added
/// since the plan stops the deletion, and nothing is deleted.
#[tokio::test]
async fn a_root_credential_added_since_the_plan_stops_the_deletion() {
    let org = new_organization(1).await;
    org.set_root_access(true, true, true);
    let member = org.members[0].clone();
    org.set_root(
        &member,
        RootState {
            login_profile: true,
            ..RootState::default()
        },
    );
    let snap = audit(&org, &options()).await.expect("collected");
    let member_snapshot = snap.audited(&member).cloned().expect("member audited");
    let opts = rampart_plan::PlanOptions {
        organization: true,
        delete_member_root_credentials: true,
        ..rampart_plan::PlanOptions::default()
    };
    let mut plan = rampart_plan::plan(&rampart_plan::Baseline::default(), &member_snapshot, &opts);
    plan.actions.retain(|a| a.kind == "member-root-credentials");
    assert_eq!(plan.actions.len(), 1, "{:#?}", plan.actions);

    // Someone adds a root access key after the plan was shown.
    org.set_root(
        &member,
        RootState {
            login_profile: true,
            access_keys_active: 1,
            ..RootState::default()
        },
    );
    let conn = connection(&org.management).await;
    let out = rampart_aws::apply::apply(
        &conn,
        &plan,
        Some(member_snapshot),
        &opts,
        &|_| {},
        &NoProgress,
    )
    .await
    .expect("applies");
    assert!(
        matches!(
            out.failed,
            Some(rampart_aws::apply::StepError::Stale { .. })
        ),
        "{:?}",
        out.failed
    );
    let root = org.root(&member);
    assert!(
        root.login_profile && root.access_keys_active == 1,
        "nothing deleted: {root:?}"
    );
}

/// A member's SCPs are read level by level from the root; with a deny-root SCP attached to the
/// root, the member's root user is judged denied.
#[tokio::test]
async fn service_control_policies_are_read_and_judged() {
    let org = new_organization(1).await;
    let member = org.members[0].clone();
    let roots = org
        .call("ListRoots", serde_json::json!({}))
        .await
        .expect("roots");
    let root_id = roots["Roots"][0]["Id"]
        .as_str()
        .expect("root id")
        .to_owned();
    let _ = org
        .call(
            "EnablePolicyType",
            serde_json::json!({"RootId": root_id, "PolicyType": "SERVICE_CONTROL_POLICY"}),
        )
        .await;
    let verdict = |snap: &rampart_model::organization::OrgSnapshot| {
        let member = snap.audited(&member).cloned().expect("member audited");
        let selection = rampart_checks::Selection::new(&["RMP117".to_owned()], &[]).expect("id");
        let findings =
            rampart_checks::evaluate(&member, &rampart_checks::AuditConfig::default(), &selection);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        (member, findings[0].clone())
    };
    let (snap, finding) = verdict(&audit(&org, &options()).await.expect("collected"));
    let scps = snap
        .organization
        .as_ref()
        .and_then(|o| o.service_control_policies.as_ref())
        .and_then(Observed::known)
        .expect("SCPs read");
    assert!(scps.enabled);
    assert_eq!(
        scps.levels.first().map(|l| l.target_id.as_str()),
        Some(root_id.as_str())
    );
    assert_eq!(
        scps.levels.last().map(|l| l.target_id.as_str()),
        Some(member.as_str())
    );
    assert_eq!(
        finding.status,
        rampart_model::Status::Fail,
        "{}",
        finding.message
    );

    let deny_root = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyRoot", "Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}
        }]
    });
    let created = org
        .call(
            "CreatePolicy",
            serde_json::json!({
                "Name": "deny-root", "Description": "deny root", "Type": "SERVICE_CONTROL_POLICY",
                "Content": deny_root.to_string(),
            }),
        )
        .await
        .expect("policy created");
    let policy_id = created["Policy"]["PolicySummary"]["Id"]
        .as_str()
        .expect("id")
        .to_owned();
    org.call(
        "AttachPolicy",
        serde_json::json!({"PolicyId": policy_id, "TargetId": root_id}),
    )
    .await
    .expect("attached");
    let (_, finding) = verdict(&audit(&org, &options()).await.expect("collected"));
    assert_eq!(
        finding.status,
        rampart_model::Status::Pass,
        "{}",
        finding.message
    );
}

#[tokio::test]
async fn an_organization_analyzer_in_a_member_covers_every_account_in_its_region() {
    let org = new_organization(2).await;
    let delegated = org.member(&org.members[0]).await.expect("member");
    delegated.add_analyzer("eu-west-1", "org-external", "ORGANIZATION", "ACTIVE");
    let snap = audit(&org, &options()).await.expect("collected");
    let expected = format!("{}/org-external", delegated.account_id);
    for account in &snap.accounts {
        let s = account.snapshot().expect("audited");
        let shared = s
            .organization
            .as_ref()
            .and_then(|o| o.organization_analyzers.as_ref())
            .and_then(|a| a.get("eu-west-1"))
            .cloned();
        assert_eq!(
            shared,
            Some(vec![expected.clone()]),
            "{}",
            account.account_id
        );
        let fails_in: Vec<String> = rampart_checks::evaluate(
            s,
            &rampart_checks::AuditConfig::default(),
            &rampart_checks::Selection::default(),
        )
        .into_iter()
        .filter(|f| f.check_id == "RMP503" && f.status == rampart_model::Status::Fail)
        .filter_map(|f| f.resource.region)
        .collect();
        assert!(!fails_in.is_empty(), "other Regions still lack one");
        assert!(!fails_in.contains(&"eu-west-1".to_owned()), "{fails_in:?}");
    }
}
