//! An organization audit: one [`Audit`] per reachable account, the accounts that could not be
//! reached with the reason, and the organization-level checks' findings apart.
//!
//! Organization-level checks (`check_ids::ORGANIZATION_LEVEL`, such as centralized root
//! access) are judged in the management account's snapshot, where their facts are stored; their
//! findings are taken out of that account's audit and reported once, for the organization.

mod formats;
mod html;
mod json;
mod table;

use chrono::{DateTime, Utc};
use rampart_checks::{AuditConfig, CheckMeta, Selection};
use rampart_model::check_ids::ORGANIZATION_LEVEL;
use rampart_model::organization::{OrgSnapshot, Reach};
use rampart_model::{Finding, Severity, Status};

pub use formats::{render_csv, render_junit, render_sarif};
pub use html::render as render_html;
pub use json::{render as render_json, render_to as render_json_to};
pub use table::render as render_table;

use crate::{Audit, CheckStatus};

/// The result of evaluating checks over an organization snapshot.
#[derive(Debug, Clone)]
pub struct OrgAudit {
    pub organization_id: String,
    pub management_account_id: String,
    pub caller_account_id: String,
    pub taken_at: DateTime<Utc>,
    /// The organization-level checks that were evaluated.
    pub organization_checks: Vec<&'static CheckMeta>,
    /// Their findings (judged in the management account).
    pub organization_findings: Vec<Finding>,
    /// In the snapshot's order.
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

impl OrgAudit {
    /// Evaluates the selected checks over every audited account of `snapshot`.
    pub fn evaluate(snapshot: &OrgSnapshot, config: &AuditConfig, selection: &Selection) -> Self {
        let organization_checks: Vec<&'static CheckMeta> = rampart_checks::registry()
            .iter()
            .map(|c| c.meta())
            .filter(|m| ORGANIZATION_LEVEL.contains(&m.id) && selection.includes(m))
            .collect();
        let mut organization_findings = vec![];
        let accounts = snapshot
            .accounts
            .iter()
            .map(|a| {
                let outcome = match &a.reach {
                    Reach::Audited { snapshot } => {
                        let mut audit = Audit::evaluate(snapshot, config, selection);
                        audit.checks.retain(|m| !ORGANIZATION_LEVEL.contains(&m.id));
                        let (org_level, own): (Vec<_>, Vec<_>) = audit
                            .findings
                            .into_iter()
                            .partition(|f| ORGANIZATION_LEVEL.contains(&f.check_id.as_str()));
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
            organization_id: snapshot.organization_id.clone(),
            management_account_id: snapshot.management_account_id.clone(),
            caller_account_id: snapshot.caller_account_id.clone(),
            taken_at: snapshot.taken_at,
            organization_checks,
            organization_findings,
            accounts,
        }
    }

    /// Only the account `id`, when it is one of this audit's; organization-level findings are
    /// kept only when `id` is the management account, where they were judged.
    pub fn only_account(mut self, id: &str) -> Option<Self> {
        self.accounts.retain(|a| a.account_id == id);
        if self.accounts.is_empty() {
            return None;
        }
        if id != self.management_account_id {
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

    fn organization_severity(&self, check_id: &str) -> Option<Severity> {
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

    /// `account: check` for every check at `threshold` or above that could not be decided.
    pub fn unknown_at_or_above(&self, threshold: Severity) -> Vec<String> {
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
