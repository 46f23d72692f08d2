//! IAM facts: users, groups, roles and policies (from `GetAccountAuthorizationDetails`), the
//! password policy, virtual MFA devices, the account summary and aliases.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::credential_report::CredentialReport;
use crate::observed::Observed;
use rampart_engines::policy::PolicyDocument;

/// Everything IAM-related in a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamFacts {
    pub credential_report: Observed<CredentialReport>,
    /// `GetAccountSummary`'s `SummaryMap` (`AccountMFAEnabled`, `AccountAccessKeysPresent`, …).
    pub account_summary: Observed<BTreeMap<String, i64>>,
    /// `None` when the account has no password policy (`NoSuchEntity`): a fact, not an error.
    pub password_policy: Observed<Option<PasswordPolicy>>,
    pub authorization: Observed<AuthorizationDetails>,
    pub virtual_mfa_devices: Observed<Vec<VirtualMfaDevice>>,
    pub account_aliases: Observed<Vec<String>>,
    /// SSL/TLS certificates stored in IAM (`ListServerCertificates`).
    #[serde(default = "crate::observed::absent")]
    pub server_certificates: Observed<Vec<ServerCertificate>>,
}

/// A server certificate stored in IAM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerCertificate {
    pub name: String,
    pub arn: String,
    pub expiration: DateTime<Utc>,
}

impl IamFacts {
    /// A summary value such as `AccountMFAEnabled`, if the summary was read and has it.
    pub fn summary_value(&self, key: &str) -> Observed<Option<i64>> {
        match &self.account_summary {
            Observed::Known(m) => Observed::Known(m.get(key).copied()),
            Observed::Unavailable(u) => Observed::Unavailable(u.clone()),
        }
    }
}

/// The account password policy, as `GetAccountPasswordPolicy` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    pub minimum_password_length: u32,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase_characters: bool,
    pub require_lowercase_characters: bool,
    pub allow_users_to_change_password: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_password_age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reuse_prevention: Option<u32>,
    #[serde(default)]
    pub hard_expiry: bool,
}

/// Users, groups, roles and customer/AWS managed policies in use.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AuthorizationDetails {
    pub users: Vec<IamUser>,
    pub groups: Vec<IamGroup>,
    pub roles: Vec<IamRole>,
    /// Managed policies with their default version's document.
    pub policies: Vec<ManagedPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachedPolicy {
    pub name: String,
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InlinePolicy {
    pub name: String,
    pub document: PolicyDocument,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamUser {
    pub name: String,
    pub arn: String,
    #[serde(default)]
    pub path: String,
    pub create_date: DateTime<Utc>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
    /// The managed policy set as the user's permissions boundary, if any: the user may do
    /// only what both its policies and the boundary allow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<AttachedPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamGroup {
    pub name: String,
    pub arn: String,
    #[serde(default)]
    pub path: String,
    pub create_date: DateTime<Utc>,
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamRole {
    pub name: String,
    pub arn: String,
    #[serde(default)]
    pub path: String,
    pub create_date: DateTime<Utc>,
    #[serde(default)]
    pub attached_policies: Vec<AttachedPolicy>,
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
    /// The managed policy that caps the role's permissions, as for a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<AttachedPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagedPolicy {
    pub name: String,
    pub arn: String,
    pub attachment_count: u32,
    /// The default version's document; `None` if IAM did not return it.
    pub document: Option<PolicyDocument>,
}

impl ManagedPolicy {
    pub fn is_aws_managed(&self) -> bool {
        self.arn.starts_with("arn:aws:iam::aws:") || self.arn.contains(":iam::aws:policy/")
    }
}

/// A virtual MFA device and the user it is assigned to, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VirtualMfaDevice {
    pub serial_number: String,
    /// ARN of the assigned user (`arn:aws:iam::<account>:root` for root), `None` if unassigned.
    #[serde(default)]
    pub user_arn: Option<String>,
    #[serde(default)]
    pub enable_date: Option<DateTime<Utc>>,
}

impl AuthorizationDetails {
    pub fn policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.policies.iter().find(|p| p.arn == arn)
    }

    /// The group called `name`. IAM names are unique regardless of case, so `Admins` finds a
    /// group called `admins`: creating `Admins` next to it would fail.
    pub fn group(&self, name: &str) -> Option<&IamGroup> {
        let groups = || self.groups.iter();
        groups()
            .find(|g| g.name == name)
            .or_else(|| groups().find(|g| g.name.eq_ignore_ascii_case(name)))
    }

    /// The user called `name`, regardless of case (see [`Self::group`]).
    pub fn user(&self, name: &str) -> Option<&IamUser> {
        let users = || self.users.iter();
        users()
            .find(|u| u.name == name)
            .or_else(|| users().find(|u| u.name.eq_ignore_ascii_case(name)))
    }

    /// Whether the group's own policies make its members full administrators, by
    /// evaluation (see [`crate::iam_index::IamIndex`], which answers it for many groups).
    pub fn group_grants_full_admin(&self, group: &IamGroup) -> bool {
        crate::iam_index::IamIndex::new(self).group_is_admin(&group.name)
    }

    /// Members of a group, by name.
    pub fn members_of<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a IamUser> + 'a {
        self.users
            .iter()
            .filter(move |u| u.groups.iter().any(|g| g == group))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_regardless_of_case() {
        let details: AuthorizationDetails = match serde_json::from_value(serde_json::json!({
            "users": [{"name": "Admin", "arn": "arn:aws:iam::111122223333:user/Admin",
                       "create_date": "2026-01-01T00:00:00Z"}],
            "groups": [{"name": "admins", "arn": "arn:aws:iam::111122223333:group/admins",
                        "create_date": "2026-01-01T00:00:00Z"}],
            "roles": [],
            "policies": []
        })) {
            Ok(d) => d,
            Err(e) => panic!("sample details do not parse: {e}"),
        };
        assert_eq!(
            details.group("Admins").map(|g| g.name.as_str()),
            Some("admins")
        );
        assert_eq!(
            details.user("admin").map(|u| u.name.as_str()),
            Some("Admin")
        );
        assert!(details.group("admin").is_none());
        // An exact match wins over one differing in case.
        let mut both = details.clone();
        let mut exact = both.groups[0].clone();
        exact.name = "Admins".into();
        both.groups.push(exact);
        assert_eq!(
            both.group("Admins").map(|g| g.name.as_str()),
            Some("Admins")
        );
        assert_eq!(
            both.group("admins").map(|g| g.name.as_str()),
            Some("admins")
        );
    }
}
