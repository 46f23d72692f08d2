//! What moto 5.2 does for Organizations, and what the gap endpoint adds: trusted access for
//! IAM, learnt member credentials and members that cannot be reached.

use aws_sdk_sts::error::ProvideErrorMetadata;
use rampart_testkit::{new_organization, RootState, MEMBER_ROLE};
use serde_json::json;

#[tokio::test]
async fn moto_runs_the_organization_its_members_and_their_roles() {
    let org = new_organization(2).await;
    assert!(org.id.starts_with("o-"), "{}", org.id);
    assert_eq!(org.members.len(), 2);
    let described = org
        .call("DescribeOrganization", json!({}))
        .await
        .expect("describe");
    assert_eq!(described["Organization"]["Id"], org.id.as_str());
    assert_eq!(
        described["Organization"]["MasterAccountId"],
        org.management.account_id.as_str()
    );
    let listed = org.call("ListAccounts", json!({})).await.expect("list");
    let ids: Vec<&str> = listed["Accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["Id"].as_str())
        .collect();
    assert_eq!(ids.len(), 3, "management and two members: {ids:?}");
    assert!(org.members.iter().all(|m| ids.contains(&m.as_str())));

    // Cross-account AssumeRole into the role Organizations created works on moto, and the
    // credentials reach the member (the role exists there).
    let member = org
        .member(&org.members[0])
        .await
        .expect("assume the member role");
    let conf = member.sdk_config("us-east-1").await;
    let me = aws_sdk_sts::Client::new(&conf)
        .get_caller_identity()
        .send()
        .await
        .expect("caller");
    assert_eq!(me.account(), Some(org.members[0].as_str()));
    let role = aws_sdk_iam::Client::new(&conf)
        .get_role()
        .role_name(MEMBER_ROLE)
        .send()
        .await
        .expect("the member has the role");
    let trust = role
        .role()
        .map(|r| r.assume_role_policy_document().unwrap_or_default());
    // IAM answers policy documents URL-encoded.
    let trust = percent_encoding::percent_decode_str(trust.unwrap_or_default()).decode_utf8_lossy();
    assert!(
        trust.contains(&format!("arn:aws:iam::{}:root", org.management.account_id)),
        "{trust}"
    );
}

#[tokio::test]
async fn a_member_reached_through_its_role_has_its_own_root_state() {
    let org = new_organization(1).await;
    let id = &org.members[0];
    assert!(
        !org.root(id).login_profile,
        "Organizations creates members without a password"
    );
    org.set_root(
        id,
        RootState {
            mfa_enabled: true,
            ..org.root(id)
        },
    );
    let member = org.member(id).await.expect("assume");
    let iam = aws_sdk_iam::Client::new(&member.sdk_config("us-east-1").await);
    let summary = iam.get_account_summary().send().await.expect("summary");
    let map = summary.summary_map.unwrap_or_default();
    assert_eq!(
        map.get(&aws_sdk_iam::types::SummaryKeyType::AccountMfaEnabled),
        Some(&1)
    );
    assert_eq!(
        member.request_counts().get("iam:GetAccountSummary"),
        Some(&1)
    );
}

#[tokio::test]
async fn an_unreachable_member_refuses_assume_role_as_aws_does() {
    let org = new_organization(2).await;
    let (blocked, open) = (&org.members[0], &org.members[1]);
    org.make_unreachable(blocked);
    let sts = aws_sdk_sts::Client::new(&super::no_retry(&org.management, "us-east-1").await);
    let err = sts
        .assume_role()
        .role_arn(format!("arn:aws:iam::{blocked}:role/{MEMBER_ROLE}"))
        .role_session_name("audit")
        .send()
        .await
        .expect_err("denied");
    assert_eq!(err.code(), Some("AccessDenied"));
    let message = err.message().unwrap_or_default();
    assert!(
        message.contains("sts:AssumeRole") && message.contains(blocked.as_str()),
        "{message}"
    );
    assert!(
        org.member(open).await.is_ok(),
        "only the chosen member is unreachable"
    );
}

#[tokio::test]
async fn moto_suspends_a_closed_member() {
    let org = new_organization(2).await;
    org.suspend(&org.members[1]).await;
    let listed = org.call("ListAccounts", json!({})).await.expect("list");
    let status = |id: &str| {
        listed["Accounts"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["Id"] == id))
            .map(|a| a["Status"].clone())
    };
    assert_eq!(status(&org.members[1]), Some(json!("SUSPENDED")));
    assert_eq!(status(&org.members[0]), Some(json!("ACTIVE")));
}

#[tokio::test]
async fn trusted_access_for_iam_is_served_and_listed() {
    let org = new_organization(1).await;
    let iam = json!({"ServicePrincipal": "iam.amazonaws.com"});
    let listed = |v: serde_json::Value| -> Vec<String> {
        v["EnabledServicePrincipals"]
            .as_array()
            .expect("principals")
            .iter()
            .filter_map(|p| p["ServicePrincipal"].as_str().map(str::to_owned))
            .collect()
    };
    let before = org
        .call("ListAWSServiceAccessForOrganization", json!({}))
        .await;
    assert!(listed(before.expect("list")).is_empty());

    // moto itself refuses IAM as a trusted service; the gap endpoint serves it.
    let at_moto = org
        .management
        .at_endpoint(&rampart_testkit::shared().moto_url());
    let err = at_moto
        .call_organizations("EnableAWSServiceAccess", iam.clone())
        .await
        .expect_err("moto lacks trusted access for IAM");
    assert!(err.contains("unrecognized service principal"), "{err}");
    org.call("EnableAWSServiceAccess", iam.clone())
        .await
        .expect("enable IAM");
    // Other services still go to moto, which knows them.
    let config = json!({"ServicePrincipal": "config.amazonaws.com"});
    org.call("EnableAWSServiceAccess", config)
        .await
        .expect("enable Config");
    let after = org
        .call("ListAWSServiceAccessForOrganization", json!({}))
        .await;
    assert_eq!(
        listed(after.expect("list")),
        ["config.amazonaws.com", "iam.amazonaws.com"]
    );

    org.call("DisableAWSServiceAccess", iam.clone())
        .await
        .expect("disable IAM");
    let after = org
        .call("ListAWSServiceAccessForOrganization", json!({}))
        .await;
    assert_eq!(listed(after.expect("list")), ["config.amazonaws.com"]);

    // A member may not change trusted access; an account outside any organization neither.
    let member = org.member(&org.members[0]).await.expect("assume");
    let err = member
        .call_organizations("EnableAWSServiceAccess", iam.clone())
        .await
        .expect_err("member refused");
    assert!(err.contains("AccessDeniedException"), "{err}");
    let loner = rampart_testkit::new_account().await;
    let err = loner
        .call_organizations("EnableAWSServiceAccess", iam)
        .await
        .expect_err("no organization");
    assert!(err.contains("AWSOrganizationsNotInUseException"), "{err}");
}
