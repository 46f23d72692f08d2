//! Reaching a member account: `sts:AssumeRole` into its member role for the audit, and
//! `sts:AssumeRoot` with the audit task policy for its root user's credentials.

use std::time::{Duration, SystemTime};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_sdk_sts::types::PolicyDescriptorType;
use rampart_model::organization::RootCredentials;
use rampart_model::{Observed, Unavailable};

use super::{MemberError, OrgOptions};
use crate::clients::Clients;
use crate::errors::{bad_answer, unavailable};
use crate::Connection;

/// The root task policy that may only read the root user's credentials.
pub(crate) const AUDIT_ROOT_TASK: &str =
    "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";

/// The session name rampart's role sessions carry, so that CloudTrail shows who was there.
const SESSION_NAME: &str = "rampart-audit";

/// A connection as the member role of `account`, or why the role could not be assumed (one
/// line, for the report).
pub(crate) async fn assume_role(
    clients: Clients,
    account: &str,
    opts: &OrgOptions,
) -> Result<Connection, MemberError> {
    let role_arn = format!("arn:aws:iam::{account}:role/{}", opts.role_name);
    let sts = clients.sts(clients.region());
    let out = sts
        .assume_role()
        .role_arn(&role_arn)
        .role_session_name(SESSION_NAME)
        .set_external_id(opts.external_id.clone())
        .send()
        .await
        .map_err(|e| MemberError::Refused {
            role_arn: role_arn.clone(),
            message: unavailable("sts:AssumeRole", &e).message,
        })?;
    let creds = out
        .credentials()
        .ok_or_else(|| MemberError::NoCredentials {
            role_arn: role_arn.clone(),
        })?;
    Ok(as_identity(
        clients.connection(),
        creds,
        "rampart-assume-role",
    ))
}

/// `conn` with the temporary credentials `creds` instead of its own.
fn as_identity(
    conn: &Connection,
    creds: &aws_sdk_sts::types::Credentials,
    provider: &'static str,
) -> Connection {
    let expiry = SystemTime::UNIX_EPOCH
        + Duration::from_secs(u64::try_from(creds.expiration().secs()).unwrap_or(0));
    let credentials = Credentials::new(
        creds.access_key_id(),
        creds.secret_access_key(),
        Some(creds.session_token().to_owned()),
        Some(expiry),
        provider,
    );
    let sdk = conn
        .sdk
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build();
    Connection {
        sdk,
        region: conn.region.clone(),
        custom_endpoint: conn.custom_endpoint,
    }
}

/// The root task policy that may delete the root user's credentials.
pub(crate) const DELETE_ROOT_TASK: &str =
    "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials";

/// Clients acting as member `account`'s root user, in a root session limited to the task
/// policy `task` (at most 15 minutes).
pub(crate) async fn root_session(
    clients: &Clients,
    account: &str,
    task: &str,
) -> Result<Clients, Unavailable> {
    const ASSUME: &str = "sts:AssumeRoot";
    let task = PolicyDescriptorType::builder().arn(task).build();
    let sts = clients.sts(clients.region());
    let out = sts
        .assume_root()
        .target_principal(account)
        .task_policy_arn(task)
        .duration_seconds(900)
        .send()
        .await
        .map_err(|e| unavailable(ASSUME, &e))?;
    let creds = out
        .credentials()
        .ok_or_else(|| bad_answer(ASSUME, "answered no credentials"))?;
    Ok(clients.as_identity(&as_identity(
        clients.connection(),
        creds,
        "rampart-assume-root",
    )))
}

/// Why a member's root credentials were not read: centralized root access is off, so no root
/// session into the member can be opened yet.
pub(crate) fn root_access_is_off() -> Unavailable {
    Unavailable::new(
        rampart_model::UnavailableKind::Dependency,
        Some("sts:AssumeRoot"),
        "centralized root access is off in the organization, so the member's root credentials can be read only once it is on",
    )
}

/// The root user's credentials in member `account`, read in a root session that may only
/// audit them.
pub(crate) async fn read_root_credentials(
    clients: &Clients,
    account: &str,
) -> Observed<RootCredentials> {
    let root = match root_session(clients, account, AUDIT_ROOT_TASK).await {
        Ok(r) => r,
        Err(why) => return Observed::Unavailable(why),
    };
    let iam = root.iam(root.region());
    match read_root(&iam).await {
        Ok(c) => Observed::Known(c),
        Err(why) => Observed::Unavailable(why),
    }
}

/// The login profile, access keys, MFA devices and signing certificates of the root session's
/// user (no user name: the session's own).
async fn read_root(iam: &aws_sdk_iam::Client) -> Result<RootCredentials, Unavailable> {
    let (profile, keys, mfa, certs) = tokio::join!(
        iam.get_login_profile().send(),
        iam.list_access_keys().send(),
        iam.list_mfa_devices().send(),
        iam.list_signing_certificates().send(),
    );
    let password = match profile {
        Ok(_) => true,
        Err(e)
            if e
                .as_service_error()
                .is_some_and(aws_sdk_iam::operation::get_login_profile::GetLoginProfileError::is_no_such_entity_exception) =>
        {
            false
        }
        Err(e) => return Err(unavailable("iam:GetLoginProfile", &e)),
    };
    let keys = keys.map_err(|e| unavailable("iam:ListAccessKeys", &e))?;
    let mfa = mfa.map_err(|e| unavailable("iam:ListMFADevices", &e))?;
    let certs = certs.map_err(|e| unavailable("iam:ListSigningCertificates", &e))?;
    Ok(RootCredentials {
        password,
        access_keys: keys
            .access_key_metadata()
            .iter()
            .filter_map(|k| k.access_key_id().map(str::to_owned))
            .collect(),
        mfa_devices: mfa
            .mfa_devices()
            .iter()
            .map(|d| d.serial_number().to_owned())
            .collect(),
        signing_certificates: certs
            .certificates()
            .iter()
            .map(|c| c.certificate_id().to_owned())
            .collect(),
    })
}
