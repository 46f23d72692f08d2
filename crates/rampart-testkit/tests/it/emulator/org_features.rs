//! Centralized root access on the IAM side, through the real IAM client: the features list, the
//! switches, and the errors AWS gives before trusted access is on or to the wrong caller.

use aws_sdk_iam::operation::enable_organizations_root_sessions::EnableOrganizationsRootSessionsError as EnableError;
use aws_sdk_iam::operation::list_organizations_features::ListOrganizationsFeaturesError as ListError;
use aws_sdk_iam::types::FeatureType;
use rampart_testkit::{new_account, new_organization};
use serde_json::json;

/// The errors of `ListOrganizationsFeatures` and `EnableOrganizationsRootSessions`, both
/// expected to fail.
async fn refusals(iam: &aws_sdk_iam::Client) -> (ListError, EnableError) {
    let list = iam.list_organizations_features().send().await;
    let enable = iam.enable_organizations_root_sessions().send().await;
    (
        list.expect_err("listing refused").into_service_error(),
        enable.expect_err("enabling refused").into_service_error(),
    )
}

#[tokio::test]
async fn features_need_trusted_access_then_switch_on_and_off() {
    let org = new_organization(1).await;
    let at_moto = org
        .management
        .at_endpoint(&rampart_testkit::shared().moto_url());
    let moto = aws_sdk_iam::Client::new(&super::no_retry(&at_moto, "us-east-1").await);
    let lacks = moto.list_organizations_features().send().await;
    assert!(
        lacks.is_err(),
        "moto 5.2 lacks ListOrganizationsFeatures: {lacks:?}"
    );
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&org.management, "us-east-1").await);

    let (list, enable) = refusals(&iam).await;
    assert!(list.is_service_access_not_enabled_exception());
    assert!(enable.is_service_access_not_enabled_exception());

    org.call(
        "EnableAWSServiceAccess",
        json!({"ServicePrincipal": "iam.amazonaws.com"}),
    )
    .await
    .expect("trusted access");
    let listed = iam
        .list_organizations_features()
        .send()
        .await
        .expect("list");
    assert_eq!(listed.organization_id(), Some(org.id.as_str()));
    assert!(listed.enabled_features().is_empty());

    let on = iam
        .enable_organizations_root_credentials_management()
        .send()
        .await
        .expect("enable credentials management");
    assert_eq!(
        on.enabled_features(),
        [FeatureType::RootCredentialsManagement]
    );
    let on = iam
        .enable_organizations_root_sessions()
        .send()
        .await
        .expect("enable sessions");
    assert_eq!(on.organization_id(), Some(org.id.as_str()));
    assert_eq!(
        on.enabled_features(),
        [
            FeatureType::RootCredentialsManagement,
            FeatureType::RootSessions
        ]
    );
    let listed = iam
        .list_organizations_features()
        .send()
        .await
        .expect("list");
    assert_eq!(listed.enabled_features().len(), 2);

    let off = iam
        .disable_organizations_root_credentials_management()
        .send()
        .await
        .expect("disable credentials management");
    assert_eq!(off.enabled_features(), [FeatureType::RootSessions]);
    iam.disable_organizations_root_sessions()
        .send()
        .await
        .expect("disable sessions");
    let listed = iam
        .list_organizations_features()
        .send()
        .await
        .expect("list");
    assert!(listed.enabled_features().is_empty());
}

#[tokio::test]
async fn members_and_loners_get_the_errors_aws_gives() {
    let org = new_organization(1).await;
    org.set_root_access(true, true, false);
    let member = org.member(&org.members[0]).await.expect("assume");
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&member, "us-east-1").await);
    let (list, enable) = refusals(&iam).await;
    assert!(list.is_account_not_management_or_delegated_administrator_exception());
    assert!(enable.is_caller_is_not_management_account_exception());

    let loner = new_account().await;
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&loner, "us-east-1").await);
    let err = iam
        .list_organizations_features()
        .send()
        .await
        .expect_err("no organization");
    assert!(err
        .into_service_error()
        .is_organization_not_found_exception());

    // The helper set the features the management account lists.
    let iam = aws_sdk_iam::Client::new(&org.management.sdk_config("us-east-1").await);
    let listed = iam
        .list_organizations_features()
        .send()
        .await
        .expect("list");
    assert_eq!(
        listed.enabled_features(),
        [FeatureType::RootCredentialsManagement]
    );
}

#[tokio::test]
async fn consolidated_billing_organizations_lack_the_features() {
    let management = new_account().await;
    management
        .call_organizations(
            "CreateOrganization",
            json!({"FeatureSet": "CONSOLIDATED_BILLING"}),
        )
        .await
        .expect("create");
    let iam = aws_sdk_iam::Client::new(&super::no_retry(&management, "us-east-1").await);
    let err = iam
        .list_organizations_features()
        .send()
        .await
        .expect_err("not all features");
    assert!(err
        .into_service_error()
        .is_organization_not_in_all_features_mode_exception());
}
