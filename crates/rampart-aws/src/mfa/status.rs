//! Who has MFA: every IAM user with a console password or an active access key, their devices
//! and kinds, and the root user's MFA.
//!
//! Built from the facts the audit collects (credential report, virtual MFA devices, account
//! summary). The only per-user call is `ListMFADevices`, for users the report says have MFA:
//! IAM has no account-wide list of hardware tokens and security keys.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rampart_model::credential_report::CredentialRow;
use rampart_model::iam::VirtualMfaDevice;
use rampart_model::{Observed, Unavailable};

use super::{MfaClient, MfaError};
use crate::concurrent::join_all;
use crate::errors::unavailable;
use crate::{credential_report, iam, Connection};

/// What kind of device a serial number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Virtual,
    /// A hardware TOTP token.
    Hardware,
    /// A FIDO security key or passkey.
    SecurityKey,
}

impl DeviceKind {
    fn of(serial: &str, virtual_devices: &[VirtualMfaDevice]) -> Self {
        if virtual_devices.iter().any(|d| d.serial_number == serial) || serial.contains(":mfa/") {
            DeviceKind::Virtual
        } else if serial.contains(":u2f/") {
            DeviceKind::SecurityKey
        } else {
            DeviceKind::Hardware
        }
    }
}

/// One device of a user.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Device {
    pub serial_number: String,
    pub kind: DeviceKind,
    pub enable_date: Option<DateTime<Utc>>,
}

/// One user who can sign in or call APIs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UserMfa {
    pub name: String,
    pub arn: String,
    pub console_password: bool,
    pub active_access_keys: usize,
    /// The credential report's `mfa_active`.
    pub mfa_active: bool,
    /// The user's devices (empty when `devices_error` says why they could not be listed).
    pub devices: Vec<Device>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices_error: Option<String>,
}

/// The root user's MFA.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RootMfa {
    None,
    Virtual {
        serial_number: String,
    },
    /// A hardware token or a security key (the API does not say which).
    Hardware,
    Unknown {
        reason: String,
    },
}

/// `rampart mfa status`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MfaStatus {
    pub account_id: String,
    pub root: RootMfa,
    pub users: Vec<UserMfa>,
}

impl MfaStatus {
    /// Users who still lack an MFA device.
    pub fn missing(&self) -> impl Iterator<Item = &UserMfa> {
        self.users.iter().filter(|u| !u.mfa_active)
    }
}

/// Reads the MFA state of the account behind `conn`.
pub async fn status(conn: &Connection, report_timeout: Duration) -> Result<MfaStatus, MfaError> {
    let client = MfaClient::new(conn);
    let (me, report, virtual_devices, summary) = tokio::join!(
        client.sts.get_caller_identity().send(),
        credential_report::collect(&client.iam, report_timeout),
        iam::virtual_mfa_devices(&client.iam),
        iam::account_summary(&client.iam),
    );
    let account_id = me
        .map_err(|e| MfaError::Aws(unavailable("sts:GetCallerIdentity", &e)))?
        .account()
        .map(str::to_owned)
        .ok_or(MfaError::BadAnswer {
            action: "sts:GetCallerIdentity",
            what: "an account id",
        })?;
    let report = report.as_result().map_err(|u| MfaError::Aws(u.clone()))?;
    let virtual_devices = virtual_devices
        .as_result()
        .map_err(|u| MfaError::Aws(u.clone()))?;
    let root_arn = format!("arn:aws:iam::{account_id}:root");
    let root = root_mfa(&summary, report.root(), virtual_devices, &root_arn);

    let rows: Vec<&CredentialRow> = report
        .users()
        .filter(|r| r.has_console_password() || r.active_key_count() > 0)
        .collect();
    let lookups = rows
        .iter()
        .filter(|r| r.mfa_active)
        .map(|r| {
            let (client, name) = (client.clone(), r.user.clone());
            async move { (name.clone(), client.user_devices(&name).await) }
        })
        .collect();
    let mut listed = std::collections::BTreeMap::new();
    for joined in join_all(lookups).await {
        match joined {
            Ok((name, devices)) => listed.insert(name, devices.map_err(|e| e.to_string())),
            Err(u) => return Err(MfaError::Aws(u)),
        };
    }
    let users = rows
        .into_iter()
        .map(|r| {
            let (devices, devices_error) = match listed.remove(&r.user) {
                Some(Ok(found)) => (
                    found
                        .into_iter()
                        .map(|d| Device {
                            kind: DeviceKind::of(&d.serial_number, virtual_devices),
                            serial_number: d.serial_number,
                            enable_date: d.enable_date,
                        })
                        .collect(),
                    None,
                ),
                Some(Err(e)) => (Vec::new(), Some(e)),
                None => (Vec::new(), None),
            };
            UserMfa {
                name: r.user.clone(),
                arn: r.arn.clone(),
                console_password: r.has_console_password(),
                active_access_keys: r.active_key_count(),
                mfa_active: r.mfa_active,
                devices,
                devices_error,
            }
        })
        .collect();
    Ok(MfaStatus {
        account_id,
        root,
        users,
    })
}

/// Root MFA from the account summary (else the report's root row), and its kind from the
/// virtual devices assigned to exactly the root ARN.
fn root_mfa(
    summary: &Observed<std::collections::BTreeMap<String, i64>>,
    root_row: Option<&CredentialRow>,
    virtual_devices: &[VirtualMfaDevice],
    root_arn: &str,
) -> RootMfa {
    let enabled = match (summary, root_row) {
        (Observed::Known(m), _) if m.contains_key("AccountMFAEnabled") => {
            m.get("AccountMFAEnabled").is_some_and(|v| *v > 0)
        }
        (_, Some(row)) => row.mfa_active,
        (Observed::Unavailable(u), None) => return unknown(u),
        (Observed::Known(_), None) => {
            return RootMfa::Unknown {
                reason: "neither the account summary nor the credential report tells".into(),
            }
        }
    };
    if !enabled {
        return RootMfa::None;
    }
    match virtual_devices
        .iter()
        .find(|d| d.user_arn.as_deref() == Some(root_arn))
    {
        Some(d) => RootMfa::Virtual {
            serial_number: d.serial_number.clone(),
        },
        None => RootMfa::Hardware,
    }
}

fn unknown(u: &Unavailable) -> RootMfa {
    RootMfa::Unknown {
        reason: u.describe(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_serial_number() {
        let v = [VirtualMfaDevice {
            serial_number: "arn:aws:iam::1:mfa/alice".into(),
            user_arn: None,
            enable_date: None,
        }];
        assert_eq!(
            DeviceKind::of("arn:aws:iam::1:mfa/alice", &v),
            DeviceKind::Virtual
        );
        assert_eq!(DeviceKind::of("GAHT12345678", &v), DeviceKind::Hardware);
        assert_eq!(
            DeviceKind::of("arn:aws:iam::1:u2f/user/alice/key-ABC", &v),
            DeviceKind::SecurityKey
        );
    }

    #[test]
    fn root_mfa_kind_comes_from_the_root_arn_only() {
        let mut summary = std::collections::BTreeMap::new();
        summary.insert("AccountMFAEnabled".to_owned(), 1);
        let summary = Observed::Known(summary);
        let v = [VirtualMfaDevice {
            serial_number: "arn:aws:iam::1:mfa/root-ops".into(),
            user_arn: Some("arn:aws:iam::1:user/root-ops".into()),
            enable_date: None,
        }];
        assert_eq!(
            root_mfa(&summary, None, &v, "arn:aws:iam::1:root"),
            RootMfa::Hardware
        );
        let off = Observed::Known([("AccountMFAEnabled".to_owned(), 0)].into());
        assert_eq!(
            root_mfa(&off, None, &v, "arn:aws:iam::1:root"),
            RootMfa::None
        );
        let denied =
            Observed::Unavailable(Unavailable::access_denied("iam:GetAccountSummary", "no"));
        assert!(matches!(
            root_mfa(&denied, None, &v, "arn:aws:iam::1:root"),
            RootMfa::Unknown { .. }
        ));
    }
}
