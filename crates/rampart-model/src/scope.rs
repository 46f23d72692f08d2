//! The scope: what one run covers, and the unit every stage after collection works on.
//!
//! A scope is an optional organization (its id, its management account, the account whose
//! credentials ran the collection, the role assumed in members) and a list of accounts, each
//! audited (with its snapshot) or unreachable (with the reason). A single account audited on
//! its own is a scope of one account and no organization, so the checks, the planner and the
//! renderers have one path for both; only the way a scope is written back differs, so that
//! each kind of snapshot file keeps the format it has always had.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::organization::{OrgSnapshot, Reach, ScopeAccount, ORG_KIND};
use crate::snapshot::{Snapshot, SnapshotError};

/// Every account a run covers, and the organization they belong to when it is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// When collection started.
    pub taken_at: DateTime<Utc>,
    /// The organization, when the run covered one (`--org`, or an organization snapshot).
    pub organization: Option<Organization>,
    /// In the order they were listed; one for an account audited on its own.
    pub accounts: Vec<ScopeAccount>,
}

/// The organization a scope covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organization {
    /// `o-…`.
    pub organization_id: String,
    pub management_account_id: String,
    /// The account whose credentials ran the collection; its own changes need no role.
    pub caller_account_id: String,
    /// The role assumed in each member account.
    pub role_name: String,
}

impl Scope {
    /// The scope of one account audited on its own.
    pub fn account(snapshot: Snapshot) -> Self {
        let name = snapshot
            .iam
            .account_aliases
            .known()
            .and_then(|a| a.first().cloned())
            .unwrap_or_default();
        Self {
            taken_at: snapshot.taken_at,
            organization: None,
            accounts: vec![ScopeAccount {
                account_id: snapshot.account_id.clone(),
                name,
                state: "ACTIVE".to_owned(),
                reach: Reach::Audited {
                    snapshot: Box::new(snapshot),
                },
            }],
        }
    }

    /// The scope of an organization snapshot.
    pub fn organization(org: OrgSnapshot) -> Self {
        Self {
            taken_at: org.taken_at,
            organization: Some(Organization {
                organization_id: org.organization_id,
                management_account_id: org.management_account_id,
                caller_account_id: org.caller_account_id,
                role_name: org.role_name,
            }),
            accounts: org.accounts,
        }
    }

    /// Parses a snapshot file of either kind, told apart by its `kind`.
    pub fn from_json(text: &str) -> Result<Self, SnapshotError> {
        #[derive(Deserialize)]
        struct Kind {
            kind: Option<String>,
        }
        let kind: Kind = serde_json::from_str(text).map_err(SnapshotError::NotJson)?;
        match kind.kind.as_deref() {
            Some(ORG_KIND) => OrgSnapshot::from_json(text).map(Self::organization),
            _ => Snapshot::from_json(text).map(Self::account),
        }
    }

    /// The scope as the snapshot file it came from: an account's snapshot for an account
    /// audited on its own, else an organization snapshot.
    pub fn to_json(&self) -> String {
        match (&self.organization, self.single()) {
            (None, Some(snapshot)) => snapshot.to_json(),
            _ => self.to_org_snapshot().to_json(),
        }
    }

    fn to_org_snapshot(&self) -> OrgSnapshot {
        let org = self.organization.clone().unwrap_or_default();
        let mut file = OrgSnapshot::new(
            self.taken_at,
            org.organization_id,
            org.management_account_id,
            org.caller_account_id,
            org.role_name,
        );
        file.accounts.clone_from(&self.accounts);
        file
    }

    /// The one account's snapshot, when this is an account audited on its own.
    pub fn single(&self) -> Option<&Snapshot> {
        match (&self.organization, self.accounts.as_slice()) {
            (None, [only]) => only.snapshot(),
            _ => None,
        }
    }

    /// Whether the scope is an organization's.
    pub fn is_organization(&self) -> bool {
        self.organization.is_some()
    }

    /// The account `id`, when the scope has it.
    pub fn find(&self, id: &str) -> Option<&ScopeAccount> {
        self.accounts.iter().find(|a| a.account_id == id)
    }

    /// The snapshot of account `id`, when it was audited.
    pub fn audited(&self, id: &str) -> Option<&Snapshot> {
        self.find(id).and_then(ScopeAccount::snapshot)
    }

    /// The accounts that could not be audited.
    pub fn unreachable(&self) -> impl Iterator<Item = &ScopeAccount> {
        self.accounts.iter().filter(|a| a.snapshot().is_none())
    }

    /// The account whose credentials ran the collection: the organization's caller, or the
    /// one account.
    pub fn caller_account_id(&self) -> Option<&str> {
        match &self.organization {
            Some(org) => Some(&org.caller_account_id),
            None => self.accounts.first().map(|a| a.account_id.as_str()),
        }
    }

    /// What the scope is, in a few words: `account 111…` or `organization o-… (N accounts)`.
    pub fn describe(&self) -> String {
        match &self.organization {
            Some(org) => format!(
                "organization {} ({} accounts, {} unreachable)",
                org.organization_id,
                self.accounts.len(),
                self.unreachable().count()
            ),
            None => format!(
                "account {}",
                self.accounts
                    .first()
                    .map_or("(none)", |a| a.account_id.as_str())
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org_file() -> OrgSnapshot {
        let mut org = OrgSnapshot::new(
            Utc::now(),
            "o-abc".into(),
            "111111111111".into(),
            "111111111111".into(),
            "OrganizationAccountAccessRole".into(),
        );
        org.accounts.push(ScopeAccount {
            account_id: "222222222222".into(),
            name: "prod".into(),
            state: "ACTIVE".into(),
            reach: Reach::Unreachable {
                reason: "AccessDenied".into(),
            },
        });
        org
    }

    #[test]
    fn an_organization_snapshot_loads_and_writes_back_unchanged() {
        let text = org_file().to_json();
        let scope = Scope::from_json(&text).expect("loads");
        assert!(scope.is_organization() && scope.single().is_none());
        assert_eq!(scope.unreachable().count(), 1);
        assert_eq!(scope.to_json(), text);
        assert_eq!(scope.caller_account_id(), Some("111111111111"));
    }

    #[test]
    fn an_account_snapshot_is_a_scope_of_one_and_writes_back_unchanged() {
        let text = include_str!("../../../examples/brand-new.json");
        let scope = Scope::from_json(text).expect("loads");
        assert!(!scope.is_organization());
        let one = scope.single().expect("one account");
        assert_eq!(scope.accounts[0].account_id, one.account_id);
        assert_eq!(
            scope.to_json(),
            Snapshot::from_json(text).expect("loads").to_json()
        );
        assert_eq!(scope.describe(), format!("account {}", one.account_id));
    }

    #[test]
    fn a_too_new_file_of_either_kind_is_refused() {
        let err = Scope::from_json(r#"{"format_version": 99, "kind": "organization"}"#)
            .expect_err("too new");
        assert!(matches!(err, SnapshotError::TooNew { .. }), "{err}");
        let err = Scope::from_json(r#"{"format_version": 99}"#).expect_err("too new");
        assert!(matches!(err, SnapshotError::TooNew { .. }), "{err}");
        assert!(matches!(
            Scope::from_json("nope"),
            Err(SnapshotError::NotJson(_))
        ));
    }
}
