//! MFA enrolment through IAM: create a virtual device, enable it (or a hardware token) for one
//! user with two codes, delete a device left unassigned, and list one user's devices.
//!
//! The caller owns the flow (showing the QR code, reading codes, checking them with [`totp`])
//! and must call [`MfaClient::delete_virtual`] when an enrolment does not complete: a device
//! created here is unassigned until [`MfaClient::enable`] succeeds. [`status`] reports every
//! user's MFA from the facts the audit collects.

mod status;
pub mod totp;

use aws_sdk_iam::error::ProvideErrorMetadata;
use chrono::{DateTime, Utc};
use rampart_model::Unavailable;

use crate::errors::{has_code, unavailable};
use crate::sdk_values::to_chrono;
use crate::Connection;

pub use status::{status, Device, DeviceKind, MfaStatus, RootMfa, UserMfa};

/// The most MFA devices AWS allows per user.
pub const MAX_DEVICES_PER_USER: usize = 8;

/// Why an MFA operation failed.
#[derive(Debug, thiserror::Error)]
pub enum MfaError {
    #[error("there is no IAM user named `{0}`")]
    NoSuchUser(String),
    #[error("user `{user}` already has {count} MFA devices, the most AWS allows per user")]
    TooManyDevices { user: String, count: usize },
    /// AWS refused the codes themselves (`InvalidAuthenticationCode`, with AWS's message);
    /// other codes for the same device may pass.
    #[error("AWS refused the codes as invalid ({0})")]
    InvalidCodes(String),
    #[error("{0}")]
    Aws(Unavailable),
    #[error("`{action}` answered without {what}")]
    BadAnswer {
        action: &'static str,
        what: &'static str,
    },
}

/// A virtual MFA seed (base32). It never appears in `Debug` output, and its memory is
/// overwritten when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed(zeroize::Zeroizing<String>);

impl Seed {
    pub fn new(base32: impl Into<String>) -> Self {
        Seed(zeroize::Zeroizing::new(base32.into()))
    }

    /// The seed as AWS returned it, padding removed, for an `otpauth://` URI.
    pub fn base32(&self) -> &str {
        self.0.trim_end_matches('=')
    }

    /// The raw key bytes for computing codes, overwritten when dropped.
    pub fn key(&self) -> Result<zeroize::Zeroizing<Vec<u8>>, totp::Base32Error> {
        totp::decode_base32(&self.0).map(zeroize::Zeroizing::new)
    }
}

impl std::fmt::Debug for Seed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seed(<redacted>)")
    }
}

/// A virtual device just created, not yet assigned to anyone.
#[derive(Debug, Clone)]
pub struct NewVirtualDevice {
    pub serial_number: String,
    pub seed: Seed,
}

/// One of a user's MFA devices, as `ListMFADevices` returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct MfaDevice {
    pub serial_number: String,
    pub enable_date: Option<DateTime<Utc>>,
}

/// IAM and STS clients for MFA work.
#[derive(Debug, Clone)]
pub struct MfaClient {
    iam: aws_sdk_iam::Client,
    sts: aws_sdk_sts::Client,
}

impl MfaClient {
    pub fn new(conn: &Connection) -> Self {
        Self {
            iam: aws_sdk_iam::Client::new(&conn.sdk),
            sts: aws_sdk_sts::Client::new(&conn.sdk),
        }
    }

    /// The name an authenticator app shows for this account: its alias, else its id.
    pub async fn issuer(&self) -> Result<String, MfaError> {
        let aliases = self.iam.list_account_aliases().send().await;
        if let Some(alias) = aliases
            .map_err(|e| MfaError::Aws(unavailable("iam:ListAccountAliases", &e)))?
            .account_aliases()
            .first()
        {
            return Ok(alias.clone());
        }
        let me = self.sts.get_caller_identity().send().await;
        me.map_err(|e| MfaError::Aws(unavailable("sts:GetCallerIdentity", &e)))?
            .account()
            .map(str::to_owned)
            .ok_or(MfaError::BadAnswer {
                action: "sts:GetCallerIdentity",
                what: "an account id",
            })
    }

    /// The user's MFA devices (of every kind); also proves that the user exists.
    pub async fn user_devices(&self, user: &str) -> Result<Vec<MfaDevice>, MfaError> {
        let mut pages = self
            .iam
            .list_mfa_devices()
            .user_name(user)
            .into_paginator()
            .send();
        let mut devices = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| match has_code(&e, "NoSuchEntity") {
                true => MfaError::NoSuchUser(user.to_owned()),
                false => MfaError::Aws(unavailable("iam:ListMFADevices", &e)),
            })?;
            devices.extend(page.mfa_devices().iter().map(|d| MfaDevice {
                serial_number: d.serial_number().to_owned(),
                enable_date: to_chrono(d.enable_date()),
            }));
        }
        Ok(devices)
    }

    /// Creates a virtual device named after `user` (`user`, then `user-2`, `user-3`… when a
    /// device of that name exists), checking first that the user exists and has room.
    pub async fn create_virtual(&self, user: &str) -> Result<NewVirtualDevice, MfaError> {
        let count = self.user_devices(user).await?.len();
        if count >= MAX_DEVICES_PER_USER {
            return Err(MfaError::TooManyDevices {
                user: user.to_owned(),
                count,
            });
        }
        for n in 1..=MAX_DEVICES_PER_USER + 1 {
            let name = device_name(user, n);
            let out = self
                .iam
                .create_virtual_mfa_device()
                .virtual_mfa_device_name(&name)
                .send()
                .await;
            match out {
                Ok(out) => {
                    let device = out.virtual_mfa_device().ok_or(MfaError::BadAnswer {
                        action: "iam:CreateVirtualMFADevice",
                        what: "a device",
                    })?;
                    let seed = device
                        .base32_string_seed()
                        .map(|b| Seed::new(String::from_utf8_lossy(b.as_ref()).trim()));
                    let serial_number = device.serial_number().to_owned();
                    return match seed.filter(|s| s.key().is_ok_and(|k| !k.is_empty())) {
                        Some(seed) => Ok(NewVirtualDevice {
                            serial_number,
                            seed,
                        }),
                        None => {
                            // Unusable without a seed: do not leave it behind.
                            let _ = self.delete_virtual(&serial_number).await;
                            Err(MfaError::BadAnswer {
                                action: "iam:CreateVirtualMFADevice",
                                what: "a valid base32 seed",
                            })
                        }
                    };
                }
                Err(e) if e.code() == Some("EntityAlreadyExists") => continue,
                Err(e) => return Err(MfaError::Aws(unavailable("iam:CreateVirtualMFADevice", &e))),
            }
        }
        Err(MfaError::TooManyDevices {
            user: user.to_owned(),
            count: MAX_DEVICES_PER_USER,
        })
    }

    /// Assigns device `serial_number` (a virtual device's ARN or a hardware token's serial)
    /// to `user`, proving possession with two consecutive codes. Codes AWS refuses are
    /// [`MfaError::InvalidCodes`]; the device is left as it was.
    pub async fn enable(
        &self,
        user: &str,
        serial_number: &str,
        first: u32,
        second: u32,
    ) -> Result<(), MfaError> {
        self.iam
            .enable_mfa_device()
            .user_name(user)
            .serial_number(serial_number)
            .authentication_code1(format!("{first:06}"))
            .authentication_code2(format!("{second:06}"))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| match has_code(&e, "InvalidAuthenticationCode") {
                true => MfaError::InvalidCodes(
                    e.message()
                        .unwrap_or("the codes do not match the device")
                        .to_owned(),
                ),
                false => MfaError::Aws(unavailable("iam:EnableMFADevice", &e)),
            })
    }

    /// Deletes a virtual device that is not assigned to anyone.
    pub async fn delete_virtual(&self, serial_number: &str) -> Result<(), MfaError> {
        self.iam
            .delete_virtual_mfa_device()
            .serial_number(serial_number)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| MfaError::Aws(unavailable("iam:DeleteVirtualMFADevice", &e)))
    }
}

/// The `n`th device name for `user` (1-based): `user`, `user-2`, …
fn device_name(user: &str, n: usize) -> String {
    match n {
        0 | 1 => user.to_owned(),
        n => format!("{user}-{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_follow_the_user() {
        assert_eq!(device_name("alice", 1), "alice");
        assert_eq!(device_name("alice", 3), "alice-3");
    }

    #[test]
    fn seeds_never_show_in_debug_output() {
        let device = NewVirtualDevice {
            serial_number: "arn:aws:iam::123456789012:mfa/alice".into(),
            seed: Seed::new("JBSWY3DPEHPK3PXP===="),
        };
        let text = format!("{device:?}");
        assert!(!text.contains("JBSWY3DP"), "{text}");
        assert_eq!(device.seed.base32(), "JBSWY3DPEHPK3PXP");
    }
}
