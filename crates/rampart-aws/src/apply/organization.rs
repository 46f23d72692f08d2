//! The organization's own changes, run as the management account: turning on centralized root
//! access, and deleting a member's root credentials in a root session scoped to that task.

use rampart_model::organization::RootCredentials;
use rampart_model::Snapshot;

use super::CallError;
use crate::clients::{Clients, US_EAST_1};
use crate::organization::listing::IAM_PRINCIPAL;
use crate::organization::member::{root_session, DELETE_ROOT_TASK};

/// Enables the parts of centralized root access that are off, trusted access first (IAM's
/// features need it).
pub(crate) async fn enable_root_access(
    clients: &Clients,
    trusted_access: bool,
    root_credentials_management: bool,
    root_sessions: bool,
) -> Result<(), CallError> {
    if trusted_access {
        clients
            .organizations(US_EAST_1)
            .enable_aws_service_access()
            .service_principal(IAM_PRINCIPAL)
            .send()
            .await
            .map_err(|e| CallError::sdk("organizations:EnableAWSServiceAccess", &e))?;
    }
    let iam = clients.iam(clients.region());
    if root_credentials_management {
        iam.enable_organizations_root_credentials_management()
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:EnableOrganizationsRootCredentialsManagement", &e))?;
    }
    if root_sessions {
        iam.enable_organizations_root_sessions()
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:EnableOrganizationsRootSessions", &e))?;
    }
    Ok(())
}

/// Deletes exactly the credentials `planned` lists of member `account`'s root user: access
/// keys and signing certificates, then MFA devices, then the password. The executor has
/// re-read them just before (a credential added since the plan makes the action stale).
pub(crate) async fn delete_member_root_credentials(
    clients: &Clients,
    snap: &Snapshot,
    account: &str,
    planned: &RootCredentials,
) -> Result<(), CallError> {
    if snap.account_id != account {
        return Err(CallError::other(
            "sts:AssumeRoot",
            format!("the plan is for member {account}, not {}", snap.account_id),
        ));
    }
    let root = root_session(clients, account, DELETE_ROOT_TASK)
        .await
        .map_err(|why| CallError::other("sts:AssumeRoot", why.describe()))?;
    let iam = root.iam(root.region());
    for key in &planned.access_keys {
        iam.delete_access_key()
            .access_key_id(key)
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:DeleteAccessKey", &e))?;
    }
    for cert in &planned.signing_certificates {
        iam.delete_signing_certificate()
            .certificate_id(cert)
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:DeleteSigningCertificate", &e))?;
    }
    for serial in &planned.mfa_devices {
        iam.deactivate_mfa_device()
            .serial_number(serial)
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:DeactivateMFADevice", &e))?;
    }
    if planned.password {
        iam.delete_login_profile()
            .send()
            .await
            .map_err(|e| CallError::sdk("iam:DeleteLoginProfile", &e))?;
    }
    Ok(())
}
