//! The audit of a scope: one [`Audit`] per reachable account, the accounts that could not be
//! reached with the reason, and the organization's own checks' findings apart.
//!
//! Checks about the organization as a whole ([`Subject::Organization`], such as centralized
//! root access) are judged in the management account's snapshot, where their facts are
//! stored; their findings are taken out of that account's audit and reported once, for the
//! organization. An account audited on its own is a scope of one account and no organization,
//! and every renderer draws it in the single-account layout it has always had.

use chrono::{DateTime, Utc};
use rampart_checks::{AuditConfig, CheckMeta, Selection, Subject};
use rampart_model::organization::Reach;
use rampart_model::scope::Organization;
use rampart_model::{Finding, Scope, Severity, Status};

use crate::{Audit, CheckStatus};

/// The result of evaluating checks over a scope.
#[derive(Debug, Clone)]
pub struct ScopeAudit {
    /// The organization, when the scope is one.
    pub organization: Option<Organization>,
    pub taken_at: DateTime<Utc>,
    /// The organization-level checks that were evaluated.
    pub organization_checks: Vec<&'static CheckMeta>,
    /// Their findings (judged in the management account).
    pub organization_findings: Vec<Finding>,
    /// In the scope's order.
    pub accounts: Vec<AccountAudit>,
}

/// One account of the organization audit.
#[derive(Debug, Clone)]
pub struct AccountAudit {
    pub account_id: String,
    pub name: String,
    /// Organizations' state (`ACTIVE`, `SUSPENDED`).
    pub state: String,
    pub outcome: Outcome,
}

/// What became of an account.
#[derive(Debug, Clone)]
pub enum Outcome {
    Audited(Box<Audit>),
    Unreachable { reason: String },
}

impl AccountAudit {
    pub fn audit(&self) -> Option<&Audit> {
        match &self.outcome {
            Outcome::Audited(a) => Some(a),
            Outcome::Unreachable { .. } => None,
        }
    }

    /// `audited` or `unreachable`.
    pub fn status(&self) -> &'static str {
        match self.outcome {
            Outcome::Audited(_) => "audited",
            Outcome::Unreachable { .. } => "unreachable",
        }
    }
}

/// Whether a check is about the organization as a whole.
fn of_organization(m: &CheckMeta) -> bool {
    m.subject == Subject::Organization
}

/// An organization that is not one, for the organization layout drawn for a scope without
/// one (a scope of several accounts outside an organization).
static NO_ORGANIZATION: Organization = Organization {
    organization_id: String::new(),
    management_account_id: String::new(),
    caller_account_id: String::new(),
    role_name: String::new(),
};

impl ScopeAudit {
    /// Evaluates the selected checks over every audited account of `scope`.
    pub fn evaluate(scope: &Scope, config: &AuditConfig, selection: &Selection) -> Self {
        let organization_checks: Vec<&'static CheckMeta> = match scope.organization {
            Some(_) => rampart_checks::registry()
                .iter()
                .map(|c| c.meta())
                .filter(|m| of_organization(m) && selection.includes(m))
                .collect(),
            None => Vec::new(),
        };
        // The organization's own checks, judged once and reported apart; none outside an
        // organization, where an account's audit keeps every finding it has.
        let judged_once = |id: &str| organization_checks.iter().any(|m| m.id == id);
        let snapshot = scope;
        let mut organization_findings = vec![];
        let accounts = snapshot
            .accounts
            .iter()
            .map(|a| {
                let outcome = match &a.reach {
                    Reach::Audited { snapshot } => {
                        let mut audit = Audit::evaluate(snapshot, config, selection);
                        audit.checks.retain(|m| !judged_once(m.id));
                        let (org_level, own): (Vec<_>, Vec<_>) = audit
                            .findings
                            .into_iter()
                            .partition(|f| judged_once(&f.check_id));
                        audit.findings = own;
                        organization_findings.extend(org_level);
                        Outcome::Audited(Box::new(audit))
                    }
                    Reach::Unreachable { reason } => Outcome::Unreachable {
                        reason: reason.clone(),
                    },
                };
                AccountAudit {
                    account_id: a.account_id.clone(),
                    name: a.name.clone(),
                    state: a.state.clone(),
                    outcome,
                }
            })
            .collect();
        Self {
            organization: scope.organization.clone(),
            taken_at: scope.taken_at,
            organization_checks,
            organization_findings,
            accounts,
        }
    }

    /// The organization, or an empty one for a scope without one.
    pub fn organization(&self) -> &Organization {
        self.organization.as_ref().unwrap_or(&NO_ORGANIZATION)
    }

    /// The management account's id (empty outside an organization).
    pub fn management_account_id(&self) -> &str {
        &self.organization().management_account_id
    }

    /// The one account's audit, when this is an account audited on its own: the renderers
    /// then draw the single-account layout.
    pub fn single(&self) -> Option<&Audit> {
        match (&self.organization, self.accounts.as_slice()) {
            (None, [only]) => only.audit(),
            _ => None,
        }
    }

    /// Only the account `id`, when it is one of this audit's; organization-level findings are
    /// kept only when `id` is the management account, where they were judged.
    pub fn only_account(mut self, id: &str) -> Option<Self> {
        self.accounts.retain(|a| a.account_id == id);
        if self.accounts.is_empty() {
            return None;
        }
        if id != self.management_account_id() {
            self.organization_findings.clear();
            self.organization_checks.clear();
        }
        Some(self)
    }

    /// The accounts that could not be audited.
    pub fn unreachable(&self) -> impl Iterator<Item = &AccountAudit> {
        self.accounts.iter().filter(|a| a.audit().is_none())
    }

    /// The audited accounts' audits.
    pub fn audits(&self) -> impl Iterator<Item = &Audit> {
        self.accounts.iter().filter_map(AccountAudit::audit)
    }

    pub(crate) fn organization_severity(&self, check_id: &str) -> Option<Severity> {
        self.organization_checks
            .iter()
            .find(|m| m.id == check_id)
            .map(|m| m.severity)
    }

    /// Whether a failing finding of severity `threshold` or above is anywhere in the audit.
    pub fn fails_at_or_above(&self, threshold: Severity) -> bool {
        self.audits().any(|a| a.fails_at_or_above(threshold))
            || self.organization_findings.iter().any(|f| {
                f.status == Status::Fail
                    && self
                        .organization_severity(&f.check_id)
                        .is_some_and(|s| s >= threshold)
            })
    }

    /// Every check at `threshold` or above that could not be decided: its id for an account
    /// audited on its own, else `account: check` (`organization: check` for the
    /// organization's own).
    pub fn unknown_at_or_above(&self, threshold: Severity) -> Vec<String> {
        if let Some(one) = self.single() {
            return one
                .unknown_at_or_above(threshold)
                .into_iter()
                .map(str::to_owned)
                .collect();
        }
        let mut out: Vec<String> = self
            .accounts
            .iter()
            .filter_map(|a| a.audit().map(|audit| (a, audit)))
            .flat_map(|(a, audit)| {
                audit
                    .unknown_at_or_above(threshold)
                    .into_iter()
                    .map(move |id| format!("{}: {id}", a.account_id))
            })
            .collect();
        for m in &self.organization_checks {
            if m.severity >= threshold
                && self.organization_check_status(m.id) == CheckStatus::Unknown
            {
                out.push(format!("organization: {}", m.id));
            }
        }
        out
    }

    /// An organization-level check's verdict, from its findings.
    pub fn organization_check_status(&self, check_id: &str) -> CheckStatus {
        CheckStatus::of(
            self.organization_findings
                .iter()
                .filter(|f| f.check_id == check_id),
        )
    }

    /// Whether any finding anywhere is unknown.
    pub fn has_unknown(&self) -> bool {
        self.audits().any(Audit::has_unknown)
            || self
                .organization_findings
                .iter()
                .any(|f| f.status == Status::Unknown)
    }
}
