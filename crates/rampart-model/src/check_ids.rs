//! The permanent id of every check, as constants, so that the planner, the executor and the
//! binary name a check by a name the compiler checks: a typo in an id cannot build. The
//! registry in `rampart-checks` uses the same constants; a test there proves every check has
//! one and no constant is left over.

/// `root-used-recently`
pub const ROOT_USED_RECENTLY: &str = "RMP101";
/// `root-access-keys`
pub const ROOT_ACCESS_KEYS: &str = "RMP102";
/// `no-admin-group`
pub const NO_ADMIN_GROUP: &str = "RMP103";
/// `no-admin-user`
pub const NO_ADMIN_USER: &str = "RMP104";
/// `password-too-short`
pub const PASSWORD_TOO_SHORT: &str = "RMP105";
/// `password-reuse-allowed`
pub const PASSWORD_REUSE_ALLOWED: &str = "RMP106";
/// `password-policy-weak`
pub const PASSWORD_POLICY_WEAK: &str = "RMP107";
/// `user-direct-policies`
pub const USER_DIRECT_POLICIES: &str = "RMP108";
/// `admin-policy-outside-admin-group`
pub const ADMIN_POLICY_OUTSIDE_ADMIN_GROUP: &str = "RMP109";
/// `unused-credentials`
pub const UNUSED_CREDENTIALS: &str = "RMP110";
/// `stale-access-keys`
pub const STALE_ACCESS_KEYS: &str = "RMP111";
/// `multiple-active-keys`
pub const MULTIPLE_ACTIVE_KEYS: &str = "RMP112";
/// `initial-setup-access-keys`
pub const INITIAL_SETUP_ACCESS_KEYS: &str = "RMP113";
/// `no-security-contact`
pub const NO_SECURITY_CONTACT: &str = "RMP114";
/// `root-access-not-centralized`
pub const ROOT_ACCESS_NOT_CENTRALIZED: &str = "RMP115";
/// `member-root-credentials`
pub const MEMBER_ROOT_CREDENTIALS: &str = "RMP116";
/// `member-root-not-denied-by-scp`
pub const MEMBER_ROOT_NOT_DENIED_BY_SCP: &str = "RMP117";
/// `cloudshell-full-access`
pub const CLOUDSHELL_FULL_ACCESS: &str = "RMP118";
/// `no-support-role`
pub const NO_SUPPORT_ROLE: &str = "RMP119";
/// `expired-server-certificates`
pub const EXPIRED_SERVER_CERTIFICATES: &str = "RMP120";
/// `alternate-contacts-missing`
pub const ALTERNATE_CONTACTS_MISSING: &str = "RMP121";
/// `root-no-mfa`
pub const ROOT_NO_MFA: &str = "RMP201";
/// `root-virtual-mfa`
pub const ROOT_VIRTUAL_MFA: &str = "RMP202";
/// `console-user-no-mfa`
pub const CONSOLE_USER_NO_MFA: &str = "RMP203";
/// `admin-mfa-not-enforced`
pub const ADMIN_MFA_NOT_ENFORCED: &str = "RMP204";
/// `no-multi-region-trail`
pub const NO_MULTI_REGION_TRAIL: &str = "RMP301";
/// `trail-log-validation-off`
pub const TRAIL_LOG_VALIDATION_OFF: &str = "RMP302";
/// `trail-not-kms-encrypted`
pub const TRAIL_NOT_KMS_ENCRYPTED: &str = "RMP303";
/// `trail-bucket-unowned`
pub const TRAIL_BUCKET_UNOWNED: &str = "RMP304";
/// `trail-bucket-public`
pub const TRAIL_BUCKET_PUBLIC: &str = "RMP305";
/// `trail-bucket-allows-http`
pub const TRAIL_BUCKET_ALLOWS_HTTP: &str = "RMP306";
/// `trail-bucket-no-access-logging`
pub const TRAIL_BUCKET_NO_ACCESS_LOGGING: &str = "RMP307";
/// `no-root-activity-alert`
pub const NO_ROOT_ACTIVITY_ALERT: &str = "RMP308";
/// `no-unauthorized-call-alert`
pub const NO_UNAUTHORIZED_CALL_ALERT: &str = "RMP309";
/// `no-sign-in-without-mfa-alert`
pub const NO_SIGN_IN_WITHOUT_MFA_ALERT: &str = "RMP310";
/// `no-iam-policy-change-alert`
pub const NO_IAM_POLICY_CHANGE_ALERT: &str = "RMP311";
/// `no-cloudtrail-change-alert`
pub const NO_CLOUDTRAIL_CHANGE_ALERT: &str = "RMP312";
/// `no-sign-in-failure-alert`
pub const NO_SIGN_IN_FAILURE_ALERT: &str = "RMP313";
/// `no-kms-key-deletion-alert`
pub const NO_KMS_KEY_DELETION_ALERT: &str = "RMP314";
/// `no-bucket-policy-change-alert`
pub const NO_BUCKET_POLICY_CHANGE_ALERT: &str = "RMP315";
/// `no-config-change-alert`
pub const NO_CONFIG_CHANGE_ALERT: &str = "RMP316";
/// `no-security-group-change-alert`
pub const NO_SECURITY_GROUP_CHANGE_ALERT: &str = "RMP317";
/// `no-nacl-change-alert`
pub const NO_NACL_CHANGE_ALERT: &str = "RMP318";
/// `no-network-gateway-change-alert`
pub const NO_NETWORK_GATEWAY_CHANGE_ALERT: &str = "RMP319";
/// `no-route-table-change-alert`
pub const NO_ROUTE_TABLE_CHANGE_ALERT: &str = "RMP320";
/// `no-vpc-change-alert`
pub const NO_VPC_CHANGE_ALERT: &str = "RMP321";
/// `no-organizations-change-alert`
pub const NO_ORGANIZATIONS_CHANGE_ALERT: &str = "RMP322";
/// `no-billing-report`
pub const NO_BILLING_REPORT: &str = "RMP401";
/// `billing-bucket-unsafe`
pub const BILLING_BUCKET_UNSAFE: &str = "RMP402";
/// `billing-bucket-no-delivery-permission`
pub const BILLING_BUCKET_NO_DELIVERY_PERMISSION: &str = "RMP403";
/// `no-budget-alert`
pub const NO_BUDGET_ALERT: &str = "RMP404";
/// `no-cost-anomaly-alert`
pub const NO_COST_ANOMALY_ALERT: &str = "RMP405";
/// `account-public-access-block-off`
pub const ACCOUNT_PUBLIC_ACCESS_BLOCK_OFF: &str = "RMP501";
/// `ebs-default-encryption-off`
pub const EBS_DEFAULT_ENCRYPTION_OFF: &str = "RMP502";
/// `no-access-analyzer`
pub const NO_ACCESS_ANALYZER: &str = "RMP503";
/// `guardduty-off`
pub const GUARDDUTY_OFF: &str = "RMP504";
/// `config-not-recording`
pub const CONFIG_NOT_RECORDING: &str = "RMP505";
/// `security-hub-off`
pub const SECURITY_HUB_OFF: &str = "RMP506";
/// `security-group-open-to-internet`
pub const SECURITY_GROUP_OPEN_TO_INTERNET: &str = "RMP507";
/// `security-group-open-to-ipv6-internet`
pub const SECURITY_GROUP_OPEN_TO_IPV6_INTERNET: &str = "RMP508";
/// `network-acl-open-to-internet`
pub const NETWORK_ACL_OPEN_TO_INTERNET: &str = "RMP509";
/// `default-security-group-allows-traffic`
pub const DEFAULT_SECURITY_GROUP_ALLOWS_TRAFFIC: &str = "RMP510";
/// `kms-key-rotation-off`
pub const KMS_KEY_ROTATION_OFF: &str = "RMP511";
/// `default-vpc-present`
pub const DEFAULT_VPC_PRESENT: &str = "RMP512";
/// `regions-not-restricted-by-scp`
pub const REGIONS_NOT_RESTRICTED_BY_SCP: &str = "RMP513";
/// `resource-policy-allows-anyone`
pub const RESOURCE_POLICY_ALLOWS_ANYONE: &str = "RMP514";
/// `instance-metadata-v1-allowed`
pub const INSTANCE_METADATA_V1_ALLOWED: &str = "RMP515";
/// `cifs-open-to-internet`
pub const CIFS_OPEN_TO_INTERNET: &str = "RMP516";

/// Every id above, in registry order.
pub const ALL: &[&str] = &[
    ROOT_USED_RECENTLY,
    ROOT_ACCESS_KEYS,
    NO_ADMIN_GROUP,
    NO_ADMIN_USER,
    PASSWORD_TOO_SHORT,
    PASSWORD_REUSE_ALLOWED,
    PASSWORD_POLICY_WEAK,
    USER_DIRECT_POLICIES,
    ADMIN_POLICY_OUTSIDE_ADMIN_GROUP,
    UNUSED_CREDENTIALS,
    STALE_ACCESS_KEYS,
    MULTIPLE_ACTIVE_KEYS,
    INITIAL_SETUP_ACCESS_KEYS,
    NO_SECURITY_CONTACT,
    ROOT_ACCESS_NOT_CENTRALIZED,
    MEMBER_ROOT_CREDENTIALS,
    MEMBER_ROOT_NOT_DENIED_BY_SCP,
    CLOUDSHELL_FULL_ACCESS,
    NO_SUPPORT_ROLE,
    EXPIRED_SERVER_CERTIFICATES,
    ALTERNATE_CONTACTS_MISSING,
    ROOT_NO_MFA,
    ROOT_VIRTUAL_MFA,
    CONSOLE_USER_NO_MFA,
    ADMIN_MFA_NOT_ENFORCED,
    NO_MULTI_REGION_TRAIL,
    TRAIL_LOG_VALIDATION_OFF,
    TRAIL_NOT_KMS_ENCRYPTED,
    TRAIL_BUCKET_UNOWNED,
    TRAIL_BUCKET_PUBLIC,
    TRAIL_BUCKET_ALLOWS_HTTP,
    TRAIL_BUCKET_NO_ACCESS_LOGGING,
    NO_ROOT_ACTIVITY_ALERT,
    NO_UNAUTHORIZED_CALL_ALERT,
    NO_SIGN_IN_WITHOUT_MFA_ALERT,
    NO_IAM_POLICY_CHANGE_ALERT,
    NO_CLOUDTRAIL_CHANGE_ALERT,
    NO_SIGN_IN_FAILURE_ALERT,
    NO_KMS_KEY_DELETION_ALERT,
    NO_BUCKET_POLICY_CHANGE_ALERT,
    NO_CONFIG_CHANGE_ALERT,
    NO_SECURITY_GROUP_CHANGE_ALERT,
    NO_NACL_CHANGE_ALERT,
    NO_NETWORK_GATEWAY_CHANGE_ALERT,
    NO_ROUTE_TABLE_CHANGE_ALERT,
    NO_VPC_CHANGE_ALERT,
    NO_ORGANIZATIONS_CHANGE_ALERT,
    NO_BILLING_REPORT,
    BILLING_BUCKET_UNSAFE,
    BILLING_BUCKET_NO_DELIVERY_PERMISSION,
    NO_BUDGET_ALERT,
    NO_COST_ANOMALY_ALERT,
    ACCOUNT_PUBLIC_ACCESS_BLOCK_OFF,
    EBS_DEFAULT_ENCRYPTION_OFF,
    NO_ACCESS_ANALYZER,
    GUARDDUTY_OFF,
    CONFIG_NOT_RECORDING,
    SECURITY_HUB_OFF,
    SECURITY_GROUP_OPEN_TO_INTERNET,
    SECURITY_GROUP_OPEN_TO_IPV6_INTERNET,
    NETWORK_ACL_OPEN_TO_INTERNET,
    DEFAULT_SECURITY_GROUP_ALLOWS_TRAFFIC,
    KMS_KEY_ROTATION_OFF,
    DEFAULT_VPC_PRESENT,
    REGIONS_NOT_RESTRICTED_BY_SCP,
    RESOURCE_POLICY_ALLOWS_ANYONE,
    INSTANCE_METADATA_V1_ALLOWED,
    CIFS_OPEN_TO_INTERNET,
];

/// The checks of the billing reports (step 4): when every one is ignored, the billing facts
/// are neither read nor planned.
pub const BILLING: &[&str] = &[
    NO_BILLING_REPORT,
    BILLING_BUCKET_UNSAFE,
    BILLING_BUCKET_NO_DELIVERY_PERMISSION,
];

/// The CIS monitoring alerts: when every one is ignored, the alerting facts are neither read
/// nor planned.
pub const ALERTS: &[&str] = &[
    NO_ROOT_ACTIVITY_ALERT,
    NO_UNAUTHORIZED_CALL_ALERT,
    NO_SIGN_IN_WITHOUT_MFA_ALERT,
    NO_IAM_POLICY_CHANGE_ALERT,
    NO_CLOUDTRAIL_CHANGE_ALERT,
    NO_SIGN_IN_FAILURE_ALERT,
    NO_KMS_KEY_DELETION_ALERT,
    NO_BUCKET_POLICY_CHANGE_ALERT,
    NO_CONFIG_CHANGE_ALERT,
    NO_SECURITY_GROUP_CHANGE_ALERT,
    NO_NACL_CHANGE_ALERT,
    NO_NETWORK_GATEWAY_CHANGE_ALERT,
    NO_ROUTE_TABLE_CHANGE_ALERT,
    NO_VPC_CHANGE_ALERT,
    NO_ORGANIZATIONS_CHANGE_ALERT,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alert_checks_are_the_alert_controls_checks() {
        let mut from_data: Vec<&str> = crate::alert_controls::alert_controls()
            .iter()
            .map(|c| c.check.as_str())
            .collect();
        let mut listed = ALERTS.to_vec();
        from_data.sort_unstable();
        listed.sort_unstable();
        assert_eq!(listed, from_data);
        assert!(ALERTS.iter().chain(BILLING).all(|id| ALL.contains(id)));
    }
}
