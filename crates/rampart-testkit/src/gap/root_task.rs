//! Requests signed with the credentials of an `sts:AssumeRoot` session: they act as the member
//! account's root user, limited to the actions of the session's task policy.
//!
//! moto lacks this: moto has no root sessions, so these requests never reach it. The endpoint
//! answers them over the root user's credentials it keeps ([`super::state::RootState`]): the
//! login profile, access keys, MFA device and signing certificates, named without a `UserName`
//! (a `UserName` names an IAM user, which a root task policy does not cover). Actions outside
//! the task policy are `AccessDenied`; actions inside it that the endpoint does not model answer
//! `NotImplemented`, so a test never mistakes them for success.

use chrono::{DateTime, SecondsFormat, Utc};
use hyper::StatusCode;

use super::errors::{error, Reply};
use super::request::{form_value, RequestInfo};
use super::root_session::{delete_root_key, list_root_keys, root_caller_identity, xml};
use super::state::AccountState;

/// What `IAMAuditRootUserCredentials` allows: reading the root user's credentials.
const AUDIT: &[&str] = &[
    "iam:GetAccessKeyLastUsed",
    "iam:GetLoginProfile",
    "iam:GetUser",
    "iam:ListAccessKeys",
    "iam:ListMFADevices",
    "iam:ListSigningCertificates",
];

/// The AWS managed task policies `AssumeRoot` accepts, with the actions each allows besides
/// [`AUDIT`] for the two that include it.
const TASKS: [(&str, bool, &[&str]); 5] = [
    ("IAMAuditRootUserCredentials", true, &[]),
    (
        "IAMDeleteRootUserCredentials",
        true,
        &[
            "iam:DeactivateMFADevice",
            "iam:DeleteAccessKey",
            "iam:DeleteLoginProfile",
            "iam:DeleteSigningCertificate",
        ],
    ),
    (
        "IAMCreateRootUserPassword",
        false,
        &[
            "iam:CreateLoginProfile",
            "iam:GetLoginProfile",
            "iam:GetUser",
        ],
    ),
    (
        "S3UnlockBucketPolicy",
        false,
        &[
            "s3:DeleteBucketPolicy",
            "s3:GetBucketPolicy",
            "s3:ListAllMyBuckets",
        ],
    ),
    (
        "SQSUnlockQueuePolicy",
        false,
        &[
            "sqs:GetQueueAttributes",
            "sqs:ListQueues",
            "sqs:SetQueueAttributes",
        ],
    ),
];

/// The ARN prefix of the task policies.
pub(crate) const TASK_POLICY_PREFIX: &str = "arn:aws:iam::aws:policy/root-task/";

/// What a root session may do, and until when.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RootTask {
    /// The task policy's name (`IAMDeleteRootUserCredentials`).
    pub policy: &'static str,
    pub expires: DateTime<Utc>,
}

impl RootTask {
    /// The task of `policy_arn`, or `None` when it names no root task policy.
    pub(crate) fn new(policy_arn: &str, expires: DateTime<Utc>) -> Option<RootTask> {
        let name = policy_arn.strip_prefix(TASK_POLICY_PREFIX)?;
        let (policy, _, _) = TASKS.iter().find(|(n, _, _)| *n == name)?;
        Some(RootTask { policy, expires })
    }

    fn allows(&self, api: &str) -> bool {
        TASKS.iter().any(|(n, audit, actions)| {
            *n == self.policy && ((*audit && AUDIT.contains(&api)) || actions.contains(&api))
        })
    }
}

/// Answers a request of a root session in `account`.
pub(crate) fn answer(
    state: &mut AccountState,
    account: &str,
    task: &RootTask,
    info: &RequestInfo,
    body: &[u8],
) -> Reply {
    if Utc::now() >= task.expires {
        return error(
            info,
            StatusCode::BAD_REQUEST,
            "ExpiredToken",
            "The security token included in the request is expired",
        );
    }
    let api = info.api();
    if api == "sts:GetCallerIdentity" {
        return root_caller_identity(account);
    }
    let form = std::str::from_utf8(body).unwrap_or_default();
    if !task.allows(&api) || form_value(form, "UserName").is_some() {
        return denied(info, account, task);
    }
    let created = state
        .root
        .created
        .to_rfc3339_opts(SecondsFormat::Secs, true);
    match info.operation.as_str() {
        "ListAccessKeys" => list_root_keys(state, account),
        "DeleteAccessKey" => delete_root_key(state, account, info, form),
        "GetLoginProfile" | "DeleteLoginProfile" if !state.root.login_profile => {
            no_such_entity(info, "Login Profile for the root user cannot be found.")
        }
        "GetLoginProfile" => xml("GetLoginProfile", &login_profile(&created)),
        "DeleteLoginProfile" => {
            state.root.login_profile = false;
            xml("DeleteLoginProfile", "")
        }
        "CreateLoginProfile" if state.root.login_profile => error(
            info,
            StatusCode::CONFLICT,
            "EntityAlreadyExists",
            "Login Profile for the root user already exists.",
        ),
        "CreateLoginProfile" => {
            state.root.login_profile = true;
            let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
            xml("CreateLoginProfile", &login_profile(&now))
        }
        "ListMFADevices" => {
            let member = if state.root.mfa_enabled {
                format!(
                    "<member><UserName></UserName><SerialNumber>{}</SerialNumber>\
                     <EnableDate>{created}</EnableDate></member>",
                    mfa_serial(account, state.root.mfa_virtual)
                )
            } else {
                String::new()
            };
            xml(
                "ListMFADevices",
                &format!("<MFADevices>{member}</MFADevices><IsTruncated>false</IsTruncated>"),
            )
        }
        "DeactivateMFADevice" => {
            let serial = form_value(form, "SerialNumber").unwrap_or_default();
            if !state.root.mfa_enabled || serial != mfa_serial(account, state.root.mfa_virtual) {
                return no_such_entity(info, &format!("MFA device {serial} cannot be found."));
            }
            state.root.mfa_enabled = false;
            xml("DeactivateMFADevice", "")
        }
        "ListSigningCertificates" => {
            let members: String = root_certs(state)
                .map(|n| {
                    format!(
                        "<member><UserName></UserName><CertificateId>{}</CertificateId>\
                         <CertificateBody>-----BEGIN CERTIFICATE-----\nMIIemulated\n\
                         -----END CERTIFICATE-----</CertificateBody><Status>Active</Status>\
                         <UploadDate>{created}</UploadDate></member>",
                        root_cert_id(account, n)
                    )
                })
                .collect();
            xml(
                "ListSigningCertificates",
                &format!("<Certificates>{members}</Certificates><IsTruncated>false</IsTruncated>"),
            )
        }
        "DeleteSigningCertificate" => {
            let id = form_value(form, "CertificateId").unwrap_or_default();
            let Some(n) = root_certs(state).find(|n| id == root_cert_id(account, *n)) else {
                return no_such_entity(
                    info,
                    &format!("The Certificate with id {id} cannot be found."),
                );
            };
            state.root_certs_deleted.push(n);
            state.root.signing_certificates -= 1;
            xml("DeleteSigningCertificate", "")
        }
        _ => error(
            info,
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            &format!("the emulator does not serve {api} in a root session"),
        ),
    }
}

fn denied(info: &RequestInfo, account: &str, task: &RootTask) -> Reply {
    let api = info.api();
    error(
        info,
        StatusCode::FORBIDDEN,
        "AccessDenied",
        &format!(
            "User: arn:aws:sts::{account}:root is not authorized to perform: {api} on resource: \
             arn:aws:iam::{account}:root because no session policy allows the {api} action \
             (task policy {})",
            task.policy
        ),
    )
}

fn no_such_entity(info: &RequestInfo, message: &str) -> Reply {
    error(info, StatusCode::NOT_FOUND, "NoSuchEntity", message)
}

fn login_profile(created: &str) -> String {
    format!(
        "<LoginProfile><UserName></UserName><CreateDate>{created}</CreateDate>\
         <PasswordResetRequired>false</PasswordResetRequired></LoginProfile>"
    )
}

/// The serial number of the root user's MFA device: a virtual device's ARN, or a hardware
/// token's serial.
pub fn mfa_serial(account: &str, virtual_device: bool) -> String {
    if virtual_device {
        format!("arn:aws:iam::{account}:mfa/root-account-mfa-device")
    } else {
        format!("GAHT{account}")
    }
}

/// The id the gap endpoint gives the root user's `n`th signing certificate (1 or 2).
pub fn root_cert_id(account: &str, n: u8) -> String {
    format!("ROOTCERT{account}{n:02}")
}

/// The numbers of the root certificates that exist, skipping the deleted ones.
fn root_certs(state: &AccountState) -> impl Iterator<Item = u8> + '_ {
    let made = state.root.signing_certificates as usize + state.root_certs_deleted.len();
    (1..=u8::try_from(made).unwrap_or(u8::MAX)).filter(|n| !state.root_certs_deleted.contains(n))
}
