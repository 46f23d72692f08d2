//! Renderers for an audit: a terminal table for people and a stable JSON document for machines.
//!
//! An [`Audit`] is what the renderers read: the evaluated checks' metadata, their findings, and
//! the snapshot's account, caller and time. [`summary`] derives the counts and per-step scores
//! both renderers show, [`table`] draws the grouped, width-aware terminal view (colour only when
//! the caller asks for it), [`json`] writes the documented JSON, and [`catalog`] lists the checks
//! themselves for `rampart checks`.
//!
//! The reports to share and ingest build on the same [`Audit`]: [`html`] (one self-contained
//! page), [`sarif`] (SARIF 2.1.0 for code scanning), [`junit`] (CI dashboards), [`csv`] (one row
//! per finding) and [`compliance`] (findings by framework control, from data tables); [`diff`]
//! compares two audits.

pub mod catalog;
pub mod compliance;
pub mod csv;
pub mod diff;
mod docs;
pub mod html;
pub mod json;
pub mod junit;
mod organization;
pub mod paint;
pub mod report;
pub mod sarif;
pub mod scope;
mod short_form;
pub mod summary;
pub mod table;
pub mod wrap;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rampart_checks::{AuditConfig, CheckMeta, Selection};
use rampart_model::{Caller, Finding, Severity, Snapshot, Status};

pub use scope::{AccountAudit, Outcome, ScopeAudit};
pub use summary::{CheckStatus, Summary};

/// The result of evaluating checks over one snapshot: everything a renderer needs.
#[derive(Debug, Clone)]
pub struct Audit {
    pub account_id: String,
    /// The first account alias, when the snapshot read one.
    pub account_alias: Option<String>,
    pub taken_at: DateTime<Utc>,
    pub caller: Caller,
    /// The evaluated checks, in registry order.
    pub checks: Vec<&'static CheckMeta>,
    /// Every finding of the evaluated checks, in registry order.
    pub findings: Vec<Finding>,
    /// How this account's failures are fixed, where the plan made for it refines what a
    /// check declares (by check id); see [`Audit::fix_of`].
    pub fixes: HashMap<String, rampart_checks::Applicability>,
}

impl Audit {
    /// Evaluates the selected checks over `snapshot`.
    pub fn evaluate(snapshot: &Snapshot, config: &AuditConfig, selection: &Selection) -> Self {
        // An account audited on its own has no organization facts: the checks that judge
        // only those are left out rather than listed as having nothing to judge.
        let alone = snapshot.organization.is_none();
        let checks = rampart_checks::registry()
            .iter()
            .map(|c| c.meta())
            .filter(|m| selection.includes(m) && (!alone || m.subject.applies_alone()))
            .collect();
        Self {
            account_id: snapshot.account_id.clone(),
            account_alias: snapshot
                .iam
                .account_aliases
                .known()
                .and_then(|a| a.first().cloned()),
            taken_at: snapshot.taken_at,
            caller: snapshot.caller.clone(),
            checks,
            findings: rampart_checks::evaluate(snapshot, config, selection),
            fixes: HashMap::new(),
        }
    }

    /// How a failure of the check is fixed on this account: the plan's refinement when there
    /// is one, else what the check declares.
    pub fn fix_of<'a>(&'a self, meta: &'a CheckMeta) -> &'a rampart_checks::Applicability {
        self.fixes.get(meta.id).unwrap_or(&meta.fix)
    }

    /// The metadata of the check that produced `finding`, when it was evaluated.
    pub fn meta_of(&self, check_id: &str) -> Option<&'static CheckMeta> {
        self.checks.iter().copied().find(|m| m.id == check_id)
    }

    /// The findings of one check, in the order the check gave them.
    pub fn findings_of<'a>(&'a self, check_id: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.check_id == check_id)
    }

    /// A check's overall status: `fail` if any finding fails, else `unknown` if any is unknown,
    /// else `pass`; a check with no findings had nothing to look at and is `not_applicable`.
    pub fn check_status(&self, check_id: &str) -> CheckStatus {
        CheckStatus::of(self.findings_of(check_id))
    }

    /// The severity of each evaluated check, by id.
    pub(crate) fn severities(&self) -> HashMap<&'static str, Severity> {
        self.checks.iter().map(|m| (m.id, m.severity)).collect()
    }

    /// Whether any *failing* finding belongs to a check of severity `threshold` or above.
    /// `unknown` findings never count here; see [`Audit::has_unknown`].
    pub fn fails_at_or_above(&self, threshold: Severity) -> bool {
        let sev = self.severities();
        self.findings
            .iter()
            .filter(|f| f.status == Status::Fail)
            .any(|f| {
                sev.get(f.check_id.as_str())
                    .is_some_and(|s| *s >= threshold)
            })
    }

    /// Whether any finding is `unknown`.
    pub fn has_unknown(&self) -> bool {
        self.findings.iter().any(|f| f.status == Status::Unknown)
    }

    /// Checks of severity `threshold` or above that could not be decided: none of their
    /// findings fails and at least one is `unknown`. Unknown is never green, so these count
    /// towards a failing exit code like failures do.
    pub fn unknown_at_or_above(&self, threshold: Severity) -> Vec<&'static str> {
        self.checks
            .iter()
            .filter(|m| m.severity >= threshold)
            .filter(|m| self.check_status(m.id) == CheckStatus::Unknown)
            .map(|m| m.id)
            .collect()
    }

    /// Whether the audit decided nothing: every evaluated check that had something to judge is
    /// `unknown` (for instance, credentials that may read nothing but their own identity).
    pub fn decided_nothing(&self) -> bool {
        let mut applicable = self
            .checks
            .iter()
            .map(|m| self.check_status(m.id))
            .filter(|s| *s != CheckStatus::NotApplicable)
            .peekable();
        applicable.peek().is_some() && applicable.all(|s| s == CheckStatus::Unknown)
    }
}

#[cfg(test)]
pub(crate) mod test_support;
