//! Permissions boundaries are read for roles as for users, and cap the role's judgement.

use rampart_aws::CollectOptions;
use rampart_model::iam_index::IamIndex;

use crate::collect::test_support::snapshot;

#[tokio::test]
async fn a_roles_boundary_is_read_and_caps_its_admin_policy() {
    let account = rampart_testkit::new_account().await;
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    let boundary = iam
        .create_policy()
        .policy_name("S3Only")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        )
        .send()
        .await
        .expect("policy")
        .policy()
        .and_then(|p| p.arn())
        .expect("policy ARN")
        .to_owned();
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    for (name, capped) in [("capped", true), ("uncapped", false)] {
        let mut create = iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(trust);
        if capped {
            create = create.permissions_boundary(&boundary);
        }
        create.send().await.expect("role");
        iam.attach_role_policy()
            .role_name(name)
            .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
            .send()
            .await
            .expect("attach");
    }
    let snap = snapshot(&account, &CollectOptions::default()).await;
    let auth = snap.iam.authorization.known().expect("authorization read");
    let index = IamIndex::with_scps(auth, vec![]);
    let role = |name: &str| auth.roles.iter().find(|r| r.name == name).expect("role");
    assert_eq!(
        role("capped")
            .permissions_boundary
            .as_ref()
            .map(|b| b.arn.as_str()),
        Some(boundary.as_str())
    );
    let admin = |name: &str| {
        index
            .role_judgement(role(name))
            .is_some_and(rampart_model::iam_index::Judgement::is_admin)
    };
    assert!(!admin("capped"), "the boundary allows only s3:*");
    assert!(admin("uncapped"));
}
