//! The checks, one per file. Adding a check: write the file, add it to `checks!` below.

macro_rules! checks {
    ($($module:ident :: $ty:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every check, in report order.
        pub static ALL: &[&dyn crate::Check] = &[$(&$module::$ty),*];
    };
}

checks! {
    root_used_recently::RootUsedRecently,
    root_access_keys::RootAccessKeys,
    no_admin_group::NoAdminGroup,
    no_admin_user::NoAdminUser,
    password_too_short::PasswordTooShort,
    password_reuse_allowed::PasswordReuseAllowed,
    password_policy_weak::PasswordPolicyWeak,
    user_direct_policies::UserDirectPolicies,
    admin_policy_outside_admin_group::AdminPolicyOutsideAdminGroup,
    unused_credentials::UnusedCredentials,
    stale_access_keys::StaleAccessKeys,
    multiple_active_keys::MultipleActiveKeys,
    initial_setup_access_keys::InitialSetupAccessKeys,
    no_security_contact::NoSecurityContact,
    root_access_not_centralized::RootAccessNotCentralized,
    member_root_credentials::MemberRootCredentials,
    member_root_not_denied_by_scp::MemberRootNotDeniedByScp,
    cloudshell_full_access::CloudshellFullAccess,
    no_support_role::NoSupportRole,
    expired_server_certificates::ExpiredServerCertificates,
    alternate_contacts_missing::AlternateContactsMissing,
    root_no_mfa::RootNoMfa,
    root_virtual_mfa::RootVirtualMfa,
    console_user_no_mfa::ConsoleUserNoMfa,
    admin_mfa_not_enforced::AdminMfaNotEnforced,
    no_multi_region_trail::NoMultiRegionTrail,
    trail_log_validation_off::TrailLogValidationOff,
    trail_not_kms_encrypted::TrailNotKmsEncrypted,
    trail_bucket_unowned::TrailBucketUnowned,
    trail_bucket_public::TrailBucketPublic,
    trail_bucket_allows_http::TrailBucketAllowsHttp,
    trail_bucket_no_access_logging::TrailBucketNoAccessLogging,
    no_root_activity_alert::NoRootActivityAlert,
    no_unauthorized_call_alert::NoUnauthorizedCallAlert,
    no_sign_in_without_mfa_alert::NoSignInWithoutMfaAlert,
    no_iam_policy_change_alert::NoIamPolicyChangeAlert,
    no_cloudtrail_change_alert::NoCloudtrailChangeAlert,
    no_sign_in_failure_alert::NoSignInFailureAlert,
    no_kms_key_deletion_alert::NoKmsKeyDeletionAlert,
    no_bucket_policy_change_alert::NoBucketPolicyChangeAlert,
    no_config_change_alert::NoConfigChangeAlert,
    no_security_group_change_alert::NoSecurityGroupChangeAlert,
    no_nacl_change_alert::NoNaclChangeAlert,
    no_network_gateway_change_alert::NoNetworkGatewayChangeAlert,
    no_route_table_change_alert::NoRouteTableChangeAlert,
    no_vpc_change_alert::NoVpcChangeAlert,
    no_organizations_change_alert::NoOrganizationsChangeAlert,
    no_billing_report::NoBillingReport,
    billing_bucket_unsafe::BillingBucketUnsafe,
    billing_bucket_no_delivery_permission::BillingBucketNoDeliveryPermission,
    account_public_access_block_off::AccountPublicAccessBlockOff,
    ebs_default_encryption_off::EbsDefaultEncryptionOff,
}
