//! A plan over a scope: each account's [`Plan`] (or why it has none) and the organization the
//! accounts belong to, with one file format for both.
//!
//! An account planned on its own is saved as the plan file it has always been; an
//! organization's plan as `{ format_version, kind: "organization", organization_id,
//! management_account_id, caller_account_id, role_name, accounts: [ { account_id, name,
//! status: "audited", plan } | { account_id, name, status: "unreachable", reason } ] }`.
//! Every action knows which credentials run it ([`Action::by_management`]): the organization's
//! own changes run as the caller, the management account; every other change through the
//! member's role, or with the caller's credentials in the caller's own account.

use rampart_model::scope::Organization;
use rampart_model::Scope;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::action::{Action, Plan, PlanFileError, PLAN_FORMAT_VERSION};

/// The `kind` of an organization's plan file.
pub const ORGANIZATION_PLAN_KIND: &str = "organization";

/// Every account's plan of a scope.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopePlan {
    pub organization: Option<Organization>,
    /// In the scope's order.
    pub accounts: Vec<AccountPlan>,
}

/// One account's part of a scope's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountPlan {
    pub account_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(flatten)]
    pub outcome: Planned,
}

/// Whether an account could be planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Planned {
    Audited { plan: Box<Plan> },
    Unreachable { reason: String },
}

impl AccountPlan {
    pub fn plan(&self) -> Option<&Plan> {
        match &self.outcome {
            Planned::Audited { plan } => Some(plan),
            Planned::Unreachable { .. } => None,
        }
    }

    /// Why the account could not be planned.
    pub fn unreachable_reason(&self) -> Option<&str> {
        match &self.outcome {
            Planned::Audited { .. } => None,
            Planned::Unreachable { reason } => Some(reason),
        }
    }
}

/// The organization plan file, as written.
#[derive(Serialize, Deserialize)]
struct OrganizationFile {
    format_version: u32,
    kind: String,
    organization_id: String,
    management_account_id: String,
    caller_account_id: String,
    role_name: String,
    accounts: Vec<AccountPlan>,
}

impl ScopePlan {
    /// Plans every audited account of `scope` with `plan_account`, in the scope's order; an
    /// unreachable account is carried with its reason.
    pub fn make<E>(
        scope: &Scope,
        mut plan_account: impl FnMut(&rampart_model::Snapshot) -> Result<Plan, E>,
    ) -> Result<Self, E> {
        let mut accounts = Vec::with_capacity(scope.accounts.len());
        for a in &scope.accounts {
            let outcome = match (a.snapshot(), a.unreachable_reason()) {
                (Some(snapshot), _) => Planned::Audited {
                    plan: Box::new(plan_account(snapshot)?),
                },
                (None, reason) => Planned::Unreachable {
                    reason: reason.unwrap_or("not audited").to_owned(),
                },
            };
            accounts.push(AccountPlan {
                account_id: a.account_id.clone(),
                name: a.name.clone(),
                outcome,
            });
        }
        Ok(Self {
            organization: scope.organization.clone(),
            accounts,
        })
    }

    /// The plan of an account planned on its own.
    pub fn single(&self) -> Option<&Plan> {
        match (&self.organization, self.accounts.as_slice()) {
            (None, [only]) => only.plan(),
            _ => None,
        }
    }

    /// The planned accounts and their plans.
    pub fn plans(&self) -> impl Iterator<Item = (&AccountPlan, &Plan)> {
        self.accounts
            .iter()
            .filter_map(|a| a.plan().map(|p| (a, p)))
    }

    /// The accounts that could not be planned.
    pub fn unreachable(&self) -> impl Iterator<Item = &AccountPlan> {
        self.accounts.iter().filter(|a| a.plan().is_none())
    }

    /// Whether some account's plan changes something (manual steps never count).
    pub fn has_changes(&self) -> bool {
        self.plans().any(|(_, p)| p.has_changes())
    }

    /// The plan file's text: one account's plan file, or an organization's.
    pub fn to_json(&self) -> Result<String, PlanFileError> {
        if let Some(plan) = self.single() {
            return plan.to_json();
        }
        let org = self.organization.clone().unwrap_or_default();
        let file = OrganizationFile {
            format_version: PLAN_FORMAT_VERSION,
            kind: ORGANIZATION_PLAN_KIND.to_owned(),
            organization_id: org.organization_id,
            management_account_id: org.management_account_id,
            caller_account_id: org.caller_account_id,
            role_name: org.role_name,
            accounts: self.accounts.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(PlanFileError::Write)?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a plan file of either kind, checking its format version first.
    pub fn from_json(text: &str) -> Result<Self, PlanFileError> {
        let value: Value = serde_json::from_str(text).map_err(PlanFileError::NotJson)?;
        if value.get("kind").and_then(Value::as_str) != Some(ORGANIZATION_PLAN_KIND) {
            let plan = Plan::from_json(text)?;
            return Ok(Self {
                organization: None,
                accounts: vec![AccountPlan {
                    account_id: plan.account_id.clone(),
                    name: String::new(),
                    outcome: Planned::Audited {
                        plan: Box::new(plan),
                    },
                }],
            });
        }
        crate::action::check_version(&value)?;
        let file: OrganizationFile =
            serde_json::from_value(value).map_err(PlanFileError::Corrupt)?;
        Ok(Self {
            organization: Some(Organization {
                organization_id: file.organization_id,
                management_account_id: file.management_account_id,
                caller_account_id: file.caller_account_id,
                role_name: file.role_name,
            }),
            accounts: file.accounts,
        })
    }
}

impl Action {
    /// Whether the action runs as the management account (the organization's own changes)
    /// rather than in the account whose plan holds it.
    pub fn by_management(&self) -> bool {
        crate::ORGANIZATION_KINDS.contains(&self.kind.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use rampart_model::organization::{Reach, ScopeAccount};
    use rampart_model::OrgSnapshot;

    fn plan_of(snapshot: &rampart_model::Snapshot) -> Result<Plan, ()> {
        Ok(crate::plan(
            &crate::Baseline::default(),
            snapshot,
            &crate::PlanOptions::default(),
        ))
    }

    fn brand_new() -> rampart_model::Snapshot {
        rampart_model::Snapshot::from_json(include_str!("../../../examples/brand-new.json"))
            .expect("loads")
    }

    #[test]
    fn one_account_is_saved_as_the_plan_file_it_has_always_been() {
        let scope = Scope::account(brand_new());
        let plan = ScopePlan::make(&scope, plan_of).expect("plans");
        let single = plan.single().expect("one account");
        assert_eq!(plan.to_json().unwrap(), single.to_json().unwrap());
        assert_eq!(ScopePlan::from_json(&plan.to_json().unwrap()).unwrap(), {
            let mut p = plan.clone();
            p.accounts[0].name = String::new();
            p
        });
    }

    #[test]
    fn an_organization_plan_round_trips_with_its_unreachable_accounts() {
        let mut org = OrgSnapshot::new(
            Utc::now(),
            "o-abc".into(),
            "111111111111".into(),
            "111111111111".into(),
            "OrganizationAccountAccessRole".into(),
        );
        let mut snap = brand_new();
        snap.account_id = "111111111111".into();
        org.accounts.push(ScopeAccount {
            account_id: "111111111111".into(),
            name: "management".into(),
            state: "ACTIVE".into(),
            reach: Reach::Audited {
                snapshot: Box::new(snap),
            },
        });
        org.accounts.push(ScopeAccount {
            account_id: "222222222222".into(),
            name: "prod".into(),
            state: "ACTIVE".into(),
            reach: Reach::Unreachable {
                reason: "AccessDenied".into(),
            },
        });
        let plan = ScopePlan::make(&Scope::organization(org), plan_of).expect("plans");
        assert!(plan.single().is_none());
        assert_eq!(plan.unreachable().count(), 1);
        let text = plan.to_json().unwrap();
        assert!(text.contains("\"kind\": \"organization\""), "{text}");
        assert_eq!(ScopePlan::from_json(&text).unwrap(), plan);
        let newer = text.replacen(
            &format!("\"format_version\": {PLAN_FORMAT_VERSION}"),
            "\"format_version\": 99",
            1,
        );
        assert!(matches!(
            ScopePlan::from_json(&newer),
            Err(PlanFileError::Version { found: 99 })
        ));
    }
}
