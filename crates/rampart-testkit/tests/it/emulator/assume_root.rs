//! `sts:AssumeRoot` through the real STS client, and what its root sessions may do in the
//! member account through the real IAM client.

use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_sdk_sts::types::PolicyDescriptorType;
use rampart_testkit::{
    mfa_serial, new_organization, root_cert_id, root_key_id, Organization, RootState, TestAccount,
};

const AUDIT: &str = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";
const DELETE: &str = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials";

type RootError = aws_sdk_sts::error::SdkError<aws_sdk_sts::operation::assume_root::AssumeRootError>;

/// Opens a root session in `member` for the task `policy`, as the organization's management
/// account (or whoever `org.management` is).
async fn assume_root(
    org: &Organization,
    member: &str,
    policy: &str,
) -> Result<TestAccount, RootError> {
    let sts = aws_sdk_sts::Client::new(&super::no_retry(&org.management, "us-east-1").await);
    let out = sts
        .assume_root()
        .target_principal(member)
        .task_policy_arn(PolicyDescriptorType::builder().arn(policy).build())
        .duration_seconds(900)
        .send()
        .await?;
    let creds = out.credentials.expect("credentials");
    assert!(creds.expiration.secs() > 0);
    Ok(org.management.reached_with(
        member,
        &creds.access_key_id,
        &creds.secret_access_key,
        Some(creds.session_token),
    ))
}

fn loaded_root() -> RootState {
    RootState {
        login_profile: true,
        access_keys_active: 2,
        mfa_enabled: true,
        mfa_virtual: true,
        signing_certificates: 1,
        ..RootState::default()
    }
}

#[tokio::test]
async fn assume_root_needs_root_sessions_and_a_member_target() {
    let org = new_organization(1).await;
    let member = org.members[0].clone();
    let denied = |e: RootError| {
        let e = e.into_service_error();
        assert_eq!(e.code(), Some("AccessDenied"), "{e:?}");
        e.message().unwrap_or_default().to_owned()
    };
    let why = denied(
        assume_root(&org, &member, AUDIT)
            .await
            .expect_err("feature off"),
    );
    assert!(why.contains("RootSessions"), "{why}");

    org.set_root_access(true, true, false);
    let why = denied(
        assume_root(&org, &member, AUDIT)
            .await
            .expect_err("sessions off"),
    );
    assert!(why.contains("RootSessions"), "{why}");

    org.set_root_access(true, false, true);
    let outsider = rampart_testkit::new_account().await.account_id;
    let why = denied(
        assume_root(&org, &outsider, AUDIT)
            .await
            .expect_err("not a member"),
    );
    assert!(why.contains("not a member"), "{why}");
    let bad = assume_root(&org, &member, "arn:aws:iam::aws:policy/AdministratorAccess").await;
    let bad = bad.expect_err("not a task policy").into_service_error();
    assert_eq!(bad.code(), Some("ValidationError"));

    // A member cannot open root sessions, not even into itself.
    let from_member = Organization {
        management: org.member(&member).await.expect("assume"),
        ..org.clone()
    };
    let why = denied(
        assume_root(&from_member, &member, AUDIT)
            .await
            .expect_err("member"),
    );
    assert!(why.contains("not the management account"), "{why}");

    let session = assume_root(&org, &member, AUDIT)
        .await
        .expect("root session");
    let at_moto = Organization {
        management: org
            .management
            .at_endpoint(&rampart_testkit::shared().moto_url()),
        ..org.clone()
    };
    let lacks = assume_root(&at_moto, &member, AUDIT).await;
    assert!(lacks.is_err(), "moto 5.2 lacks AssumeRoot");
    let sts = aws_sdk_sts::Client::new(&session.sdk_config("us-east-1").await);
    let me = sts.get_caller_identity().send().await.expect("caller");
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws:iam::{member}:root").as_str())
    );
}

#[tokio::test]
async fn an_audit_session_reads_the_root_credentials_and_may_not_delete_them() {
    let org = new_organization(2).await;
    org.set_root_access(true, true, true);
    let (loaded, bare) = (&org.members[0], &org.members[1]);
    org.set_root(loaded, loaded_root());

    let session = assume_root(&org, loaded, AUDIT)
        .await
        .expect("audit session");
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&session, "us-east-1").await);
    let profile = iam.get_login_profile().send().await.expect("login profile");
    assert!(profile.login_profile().is_some());
    let keys = iam.list_access_keys().send().await.expect("keys");
    let ids: Vec<&str> = keys
        .access_key_metadata()
        .iter()
        .filter_map(|k| k.access_key_id())
        .collect();
    assert_eq!(ids, [root_key_id(loaded, 1), root_key_id(loaded, 2)]);
    let mfa = iam.list_mfa_devices().send().await.expect("mfa");
    let serials: Vec<&str> = mfa
        .mfa_devices()
        .iter()
        .map(aws_sdk_iam::types::MfaDevice::serial_number)
        .collect();
    assert_eq!(serials, [mfa_serial(loaded, true)]);
    let certs = iam.list_signing_certificates().send().await.expect("certs");
    let certs: Vec<&str> = certs
        .certificates()
        .iter()
        .map(aws_sdk_iam::types::SigningCertificate::certificate_id)
        .collect();
    assert_eq!(certs, [root_cert_id(loaded, 1)]);

    let err = iam
        .delete_login_profile()
        .send()
        .await
        .expect_err("audit cannot delete");
    assert_eq!(err.code(), Some("AccessDenied"));
    assert!(err
        .message()
        .unwrap_or_default()
        .contains("iam:DeleteLoginProfile"));
    let err = iam
        .list_users()
        .send()
        .await
        .expect_err("outside the task policy");
    assert_eq!(err.code(), Some("AccessDenied"));
    let err = iam
        .list_access_keys()
        .user_name("someone")
        .send()
        .await
        .expect_err("an IAM user is not the root user");
    assert_eq!(err.code(), Some("AccessDenied"));
    assert!(org.root(loaded).login_profile, "nothing was deleted");

    // A member as Organizations created it has no root credentials at all.
    let session = assume_root(&org, bare, AUDIT).await.expect("audit session");
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&session, "us-east-1").await);
    let err = iam
        .get_login_profile()
        .send()
        .await
        .expect_err("no password");
    assert!(err.into_service_error().is_no_such_entity_exception());
    let keys = iam.list_access_keys().send().await.expect("keys");
    assert!(keys.access_key_metadata().is_empty());
    let mfa = iam.list_mfa_devices().send().await.expect("mfa");
    assert!(mfa.mfa_devices().is_empty());
}

#[tokio::test]
async fn a_delete_session_removes_every_root_credential() {
    let org = new_organization(1).await;
    org.set_root_access(true, true, true);
    let member = &org.members[0];
    org.set_root(member, loaded_root());
    let session = assume_root(&org, member, DELETE)
        .await
        .expect("delete session");
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&session, "us-east-1").await);

    iam.delete_login_profile()
        .send()
        .await
        .expect("delete password");
    let err = iam
        .delete_login_profile()
        .send()
        .await
        .expect_err("already gone");
    assert!(err.into_service_error().is_no_such_entity_exception());
    for n in [1, 2] {
        iam.delete_access_key()
            .access_key_id(root_key_id(member, n))
            .send()
            .await
            .expect("delete key");
    }
    let err = iam
        .delete_access_key()
        .access_key_id(root_key_id(member, 1))
        .send()
        .await
        .expect_err("already gone");
    assert!(err.into_service_error().is_no_such_entity_exception());
    let err = iam
        .deactivate_mfa_device()
        .serial_number("arn:aws:iam::000000000000:mfa/other")
        .send()
        .await
        .expect_err("not the root device");
    assert!(err.into_service_error().is_no_such_entity_exception());
    iam.deactivate_mfa_device()
        .serial_number(mfa_serial(member, true))
        .send()
        .await
        .expect("deactivate MFA");
    iam.delete_signing_certificate()
        .certificate_id(root_cert_id(member, 1))
        .send()
        .await
        .expect("delete certificate");

    let root = org.root(member);
    assert!(!root.login_profile && !root.mfa_enabled);
    assert_eq!((root.access_keys_active, root.signing_certificates), (0, 0));
    assert!(iam
        .list_access_keys()
        .send()
        .await
        .expect("keys")
        .access_key_metadata()
        .is_empty());
    let certs = iam.list_signing_certificates().send().await.expect("certs");
    assert!(certs.certificates().is_empty());
    let counts = session.request_counts();
    assert_eq!(
        counts.get("iam:DeleteAccessKey"),
        Some(&3),
        "logged in the member: {counts:?}"
    );
}
