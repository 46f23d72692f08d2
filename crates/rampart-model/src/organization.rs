//! AWS Organizations: what one account's snapshot knows of its organization, and the
//! organization snapshot that holds every audited account.
//!
//! Facts only the management account (or a delegated administrator) can read — centralized
//! root access, a member's root credentials seen through `sts:AssumeRoot` — are stored in the
//! snapshot of the account they are about, under [`Snapshot::organization`], so that the
//! account's checks judge them like any other fact and a single-account snapshot (where the
//! field is absent) simply has nothing for those checks to judge.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::cloudtrail::Trail;
use crate::observed::Observed;
use crate::snapshot::{Snapshot, SnapshotError, FORMAT_VERSION};
use rampart_engines::policy::PolicyDocument;

/// What an account's snapshot knows of the organization it was audited in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// `o-…`.
    pub organization_id: String,
    pub management_account_id: String,
    /// Centralized root access, in the management account's snapshot only (it is a setting of
    /// the organization, judged once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_access: Option<Observed<RootAccess>>,
    /// The root user's credentials, read from the management account with `sts:AssumeRoot`;
    /// in member accounts' snapshots only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_credentials: Option<Observed<RootCredentials>>,
    /// The management account's organization trails (`IsOrganizationTrail`), as read there,
    /// which record every member's events too; in members' snapshots only, and only when the
    /// management account was audited in the same run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_trails: Option<Observed<Vec<Trail>>>,
    /// The management account's alerting facts (rules, metric filters, alarms, topics), as
    /// read there: a member's events reach its log groups through an organization trail. In
    /// members' snapshots only, beside `organization_trails`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_alerting: Option<crate::alerting::AlertingFacts>,
    /// The management account's billing reports, as read there: its cost and usage report
    /// covers every member's costs. In members' snapshots only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_billing: Option<crate::billing::BillingFacts>,
    /// The active organization-wide external-access analyzers (`ORGANIZATION`) found in the
    /// accounts audited in the same run, per Region, as `ACCOUNT/NAME`: their zone of trust is
    /// the whole organization, so they report on this account's resources too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_analyzers: Option<std::collections::BTreeMap<String, Vec<String>>>,
    /// The service control policies on the member's path to the organization's root; in
    /// members' snapshots only (SCPs never restrict the management account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_control_policies: Option<Observed<ScpFacts>>,
}

impl Membership {
    /// Membership of `organization_id`, managed by `management_account_id`, with nothing read
    /// from the organization yet.
    pub fn new(organization_id: &str, management_account_id: &str) -> Self {
        Self {
            organization_id: organization_id.to_owned(),
            management_account_id: management_account_id.to_owned(),
            root_access: None,
            root_credentials: None,
            organization_trails: None,
            organization_alerting: None,
            organization_billing: None,
            organization_analyzers: None,
            service_control_policies: None,
        }
    }
}

/// The service control policies that apply to one member account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScpFacts {
    /// SCPs are enabled on the organization's root; when they are not, none applies.
    pub enabled: bool,
    /// One level per target on the path, the root first and the account last; each level's
    /// policies must all allow an action for it to be allowed.
    pub levels: Vec<ScpLevel>,
}

/// The SCPs attached to one target (the root, an OU, the account).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScpLevel {
    /// `r-…`, `ou-…` or the account id.
    pub target_id: String,
    pub policies: Vec<Scp>,
}

/// One service control policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scp {
    /// `p-…`.
    pub id: String,
    pub name: String,
    pub document: PolicyDocument,
}

impl ScpFacts {
    /// The levels as the policy evaluator takes them (empty when SCPs are not enabled).
    pub fn policy_levels(&self) -> Vec<Vec<rampart_engines::policy::eval::NamedPolicy<'_>>> {
        if !self.enabled {
            return vec![];
        }
        self.levels
            .iter()
            .map(|level| {
                level
                    .policies
                    .iter()
                    .map(|p| rampart_engines::policy::eval::NamedPolicy {
                        name: &p.name,
                        document: &p.document,
                    })
                    .collect()
            })
            .collect()
    }
}

/// Centralized root access for member accounts: the two IAM features and IAM's trusted access
/// in Organizations, which they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootAccess {
    /// `iam.amazonaws.com` is among the services with trusted access.
    pub trusted_access: bool,
    /// `RootCredentialsManagement` is enabled (`iam:ListOrganizationsFeatures`).
    pub root_credentials_management: bool,
    /// `RootSessions` is enabled.
    pub root_sessions: bool,
}

/// A member account's root user credentials, as the `IAMAuditRootUserCredentials` root task
/// reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCredentials {
    /// The root user has a console password (a login profile).
    pub password: bool,
    /// Access key ids, active or not.
    pub access_keys: Vec<String>,
    /// MFA device serial numbers.
    pub mfa_devices: Vec<String>,
    /// Signing certificate ids.
    pub signing_certificates: Vec<String>,
}

impl RootCredentials {
    /// Whether the root user can sign in or call AWS: a password or an access key.
    pub fn can_sign_in(&self) -> bool {
        self.password || !self.access_keys.is_empty()
    }

    /// Whether nothing at all is left (MFA devices and certificates included).
    pub fn is_empty(&self) -> bool {
        !self.can_sign_in() && self.mfa_devices.is_empty() && self.signing_certificates.is_empty()
    }
}

/// Every audited account of an organization at one moment, and the ones that could not be
/// reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgSnapshot {
    pub format_version: u32,
    /// Always `organization`: tells an organization snapshot from an account's.
    pub kind: String,
    pub taken_at: DateTime<Utc>,
    pub organization_id: String,
    pub management_account_id: String,
    /// The account whose credentials ran the collection.
    pub caller_account_id: String,
    /// The role assumed in each member account.
    pub role_name: String,
    /// In the order Organizations listed them.
    pub accounts: Vec<ScopeAccount>,
}

/// The `kind` of an organization snapshot.
pub const ORG_KIND: &str = "organization";

/// One account of the organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeAccount {
    pub account_id: String,
    pub name: String,
    /// Organizations' status: `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`.
    pub state: String,
    pub reach: Reach,
}

/// Whether an account could be audited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Reach {
    Audited { snapshot: Box<Snapshot> },
    Unreachable { reason: String },
}

impl ScopeAccount {
    pub fn snapshot(&self) -> Option<&Snapshot> {
        match &self.reach {
            Reach::Audited { snapshot } => Some(snapshot),
            Reach::Unreachable { .. } => None,
        }
    }

    /// Why the account could not be audited.
    pub fn unreachable_reason(&self) -> Option<&str> {
        match &self.reach {
            Reach::Audited { .. } => None,
            Reach::Unreachable { reason } => Some(reason),
        }
    }
}

impl OrgSnapshot {
    /// The account `id`, when the snapshot has it.
    pub fn account(&self, id: &str) -> Option<&ScopeAccount> {
        self.accounts.iter().find(|a| a.account_id == id)
    }

    /// The snapshot of account `id`, when it was audited.
    pub fn audited(&self, id: &str) -> Option<&Snapshot> {
        self.account(id).and_then(ScopeAccount::snapshot)
    }

    /// Parses an organization snapshot, checking the format version and kind first.
    pub fn from_json(text: &str) -> Result<Self, SnapshotError> {
        crate::snapshot::check_version(text)?;
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| SnapshotError::Corrupt {
            path: e.path().to_string(),
            source: e.into_inner(),
        })
    }

    /// Serialises the snapshot as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a snapshot always serialises")
    }

    /// A new organization snapshot of this build's format.
    pub fn new(
        taken_at: DateTime<Utc>,
        organization_id: String,
        management_account_id: String,
        caller_account_id: String,
        role_name: String,
    ) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            kind: ORG_KIND.to_owned(),
            taken_at,
            organization_id,
            management_account_id,
            caller_account_id,
            role_name,
            accounts: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_credentials_that_can_sign_in() {
        let mut c = RootCredentials::default();
        assert!(c.is_empty() && !c.can_sign_in());
        c.mfa_devices
            .push("arn:aws:iam::111111111111:mfa/root".into());
        assert!(!c.is_empty() && !c.can_sign_in());
        c.access_keys.push("AKIA".into());
        assert!(c.can_sign_in());
        let password = RootCredentials {
            password: true,
            ..RootCredentials::default()
        };
        assert!(password.can_sign_in());
    }

    #[test]
    fn organization_snapshots_round_trip() {
        let org = OrgSnapshot::new(
            Utc::now(),
            "o-abc".into(),
            "111111111111".into(),
            "111111111111".into(),
            "OrganizationAccountAccessRole".into(),
        );
        let mut with_account = org.clone();
        with_account.accounts.push(ScopeAccount {
            account_id: "222222222222".into(),
            name: "prod".into(),
            state: "ACTIVE".into(),
            reach: Reach::Unreachable {
                reason: "AccessDenied".into(),
            },
        });
        let text = with_account.to_json();
        assert!(text.contains("\"status\": \"unreachable\""), "{text}");
        assert_eq!(OrgSnapshot::from_json(&text).expect("parses"), with_account);
    }
}
