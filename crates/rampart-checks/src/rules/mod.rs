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
    no_billing_report::NoBillingReport,
    billing_bucket_unsafe::BillingBucketUnsafe,
    billing_bucket_no_delivery_permission::BillingBucketNoDeliveryPermission,
}
