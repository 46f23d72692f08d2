//! IAM account-level facts: the account summary, the password policy, virtual MFA devices and
//! account aliases. Each is one call or one paginated sweep, whatever the number of users.

use std::collections::BTreeMap;

use rampart_model::iam::{PasswordPolicy, VirtualMfaDevice};
use rampart_model::Observed;

use crate::errors::unavailable;
use crate::sdk_values::to_chrono;

/// `GetAccountSummary`'s `SummaryMap`.
pub(crate) async fn account_summary(iam: &aws_sdk_iam::Client) -> Observed<BTreeMap<String, i64>> {
    match iam.get_account_summary().send().await {
        Ok(out) => Observed::Known(
            out.summary_map()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.as_str().to_owned(), i64::from(*v)))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Err(e) => Observed::Unavailable(unavailable("iam:GetAccountSummary", &e)),
    }
}

/// The password policy; `None` when the account has none (`NoSuchEntity`).
pub(crate) async fn password_policy(iam: &aws_sdk_iam::Client) -> Observed<Option<PasswordPolicy>> {
    match iam.get_account_password_policy().send().await {
        Ok(out) => Observed::Known(out.password_policy().map(|p| PasswordPolicy {
            minimum_password_length: non_negative(p.minimum_password_length()).unwrap_or(0),
            require_symbols: p.require_symbols(),
            require_numbers: p.require_numbers(),
            require_uppercase_characters: p.require_uppercase_characters(),
            require_lowercase_characters: p.require_lowercase_characters(),
            allow_users_to_change_password: p.allow_users_to_change_password(),
            max_password_age: non_negative(p.max_password_age()),
            password_reuse_prevention: non_negative(p.password_reuse_prevention()),
            hard_expiry: p.hard_expiry().unwrap_or(false),
        })),
        Err(e)
            if e.as_service_error()
                .is_some_and(aws_sdk_iam::operation::get_account_password_policy::GetAccountPasswordPolicyError::is_no_such_entity_exception) =>
        {
            Observed::Known(None)
        }
        Err(e) => Observed::Unavailable(unavailable("iam:GetAccountPasswordPolicy", &e)),
    }
}

fn non_negative(v: Option<i32>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok())
}

/// Every virtual MFA device, assigned or not.
pub(crate) async fn virtual_mfa_devices(
    iam: &aws_sdk_iam::Client,
) -> Observed<Vec<VirtualMfaDevice>> {
    let mut pages = iam.list_virtual_mfa_devices().into_paginator().send();
    let mut devices = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => devices.extend(page.virtual_mfa_devices().iter().map(|d| {
                VirtualMfaDevice {
                    serial_number: d.serial_number().to_owned(),
                    user_arn: d
                        .user()
                        .map(|u| u.arn().to_owned())
                        .filter(|a| !a.is_empty()),
                    enable_date: d.enable_date().and_then(to_chrono),
                }
            })),
            Err(e) => return Observed::Unavailable(unavailable("iam:ListVirtualMFADevices", &e)),
        }
    }
    Observed::Known(devices)
}

/// The account's aliases (at most one in practice).
pub(crate) async fn account_aliases(iam: &aws_sdk_iam::Client) -> Observed<Vec<String>> {
    let mut pages = iam.list_account_aliases().into_paginator().send();
    let mut aliases = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => aliases.extend(page.account_aliases().iter().cloned()),
            Err(e) => return Observed::Unavailable(unavailable("iam:ListAccountAliases", &e)),
        }
    }
    Observed::Known(aliases)
}

/// Every server certificate stored in IAM, with its expiration.
pub(crate) async fn server_certificates(
    iam: &aws_sdk_iam::Client,
) -> Observed<Vec<rampart_model::iam::ServerCertificate>> {
    let mut pages = iam.list_server_certificates().into_paginator().send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => {
                for c in page.server_certificate_metadata_list() {
                    let Some(expiration) = c.expiration().and_then(crate::sdk_values::to_chrono)
                    else {
                        return Observed::Unavailable(crate::errors::bad_answer(
                            "iam:ListServerCertificates",
                            format!(
                                "certificate `{}` has no expiration date",
                                c.server_certificate_name()
                            ),
                        ));
                    };
                    out.push(rampart_model::iam::ServerCertificate {
                        name: c.server_certificate_name().to_owned(),
                        arn: c.arn().to_owned(),
                        expiration,
                    });
                }
            }
            Err(e) => return Observed::Unavailable(unavailable("iam:ListServerCertificates", &e)),
        }
    }
    Observed::Known(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_numbers_are_absent() {
        assert_eq!(non_negative(Some(14)), Some(14));
        assert_eq!(non_negative(Some(-1)), None);
        assert_eq!(non_negative(None), None);
    }
}
