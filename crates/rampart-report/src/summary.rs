//! The numbers both renderers show: checks and findings by status, failures by severity, and a
//! score per step of the baseline.
//!
//! A step's score is the checks that pass over the checks that applied: a check that found
//! nothing to look at (no trail, so no trail bucket to judge) is counted as not applicable,
//! never as a pass.

use rampart_model::{Severity, Status, Step};
use serde::Serialize;

use crate::Audit;

/// Counts over an [`Audit`]. Serialised, with a few clearer totals, as the `summary` object of
/// the JSON report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub checks: CheckCounts,
    pub findings: FindingCounts,
    /// Failing findings, by the severity of their check.
    pub failures_by_severity: SeverityCounts,
    /// One entry per step that has at least one evaluated check, in step order.
    pub steps: Vec<StepScore>,
}

/// A check's overall verdict, from its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// At least one finding fails.
    Fail,
    /// None fails, at least one could not be decided.
    Unknown,
    /// Every finding passes.
    Pass,
    /// The check produced no finding: there was nothing for it to judge.
    NotApplicable,
}

impl CheckStatus {
    /// The verdict of a check with these findings: `fail` if any fails, else `unknown` if any
    /// is unknown, else `pass`; no finding at all is `not_applicable`.
    pub fn of<'a>(findings: impl Iterator<Item = &'a rampart_model::Finding>) -> Self {
        match findings.map(|f| f.status).min() {
            Some(rampart_model::Status::Fail) => CheckStatus::Fail,
            Some(rampart_model::Status::Unknown) => CheckStatus::Unknown,
            Some(rampart_model::Status::Pass) => CheckStatus::Pass,
            None => CheckStatus::NotApplicable,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Fail => "fail",
            CheckStatus::Unknown => "unknown",
            CheckStatus::Pass => "pass",
            CheckStatus::NotApplicable => "not_applicable",
        }
    }
}

/// Checks by overall status (a check passes when all its findings pass).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CheckCounts {
    pub evaluated: usize,
    pub failing: usize,
    pub unknown: usize,
    pub passing: usize,
    pub not_applicable: usize,
}

/// Findings by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    pub fail: usize,
    pub unknown: usize,
    pub pass: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl SeverityCounts {
    /// Adds `other`'s counts to these.
    pub(crate) fn add(&mut self, other: &SeverityCounts) {
        for (s, n) in other.entries() {
            for _ in 0..n {
                self.bump(s);
            }
        }
    }

    pub(crate) fn bump(&mut self, s: Severity) {
        let slot = match s {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        };
        *slot += 1;
    }

    /// Most severe first, with their names.
    pub fn entries(&self) -> [(Severity, usize); 5] {
        [
            (Severity::Critical, self.critical),
            (Severity::High, self.high),
            (Severity::Medium, self.medium),
            (Severity::Low, self.low),
            (Severity::Info, self.info),
        ]
    }
}

/// The score line of one step, e.g. `Step 2 · MFA  1/4` (`passing`/`applicable`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepScore {
    /// 1 to 4.
    pub step: u8,
    pub title: &'static str,
    /// Checks of this step that pass.
    pub passing: usize,
    /// Checks of this step that had something to judge (evaluated minus not applicable).
    pub applicable: usize,
    /// Checks of this step that were run.
    pub evaluated: usize,
    pub failing: usize,
    pub unknown: usize,
    pub not_applicable: usize,
}

impl Summary {
    pub fn of(audit: &Audit) -> Self {
        let mut checks = CheckCounts::default();
        let mut steps: Vec<StepScore> = Vec::new();
        for step in Step::ALL {
            let mut score = StepScore {
                step: step.number(),
                title: step.title(),
                passing: 0,
                applicable: 0,
                evaluated: 0,
                failing: 0,
                unknown: 0,
                not_applicable: 0,
            };
            for meta in audit.checks.iter().filter(|m| m.step == step) {
                score.evaluated += 1;
                match audit.check_status(meta.id) {
                    CheckStatus::Fail => score.failing += 1,
                    CheckStatus::Unknown => score.unknown += 1,
                    CheckStatus::Pass => score.passing += 1,
                    CheckStatus::NotApplicable => score.not_applicable += 1,
                }
            }
            score.applicable = score.evaluated - score.not_applicable;
            checks.evaluated += score.evaluated;
            checks.failing += score.failing;
            checks.unknown += score.unknown;
            checks.passing += score.passing;
            checks.not_applicable += score.not_applicable;
            if score.evaluated > 0 {
                steps.push(score);
            }
        }
        let severities = audit.severities();
        let mut findings = FindingCounts::default();
        let mut failures_by_severity = SeverityCounts::default();
        for f in &audit.findings {
            match f.status {
                Status::Fail => {
                    findings.fail += 1;
                    if let Some(s) = severities.get(f.check_id.as_str()) {
                        failures_by_severity.bump(*s);
                    }
                }
                Status::Unknown => findings.unknown += 1,
                Status::Pass => findings.pass += 1,
            }
        }
        Self {
            checks,
            findings,
            failures_by_severity,
            steps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    #[test]
    fn counts_checks_findings_and_steps() {
        let s = Summary::of(&test_support::audit());
        assert_eq!(
            s.checks,
            CheckCounts {
                evaluated: 6,
                failing: 2,
                unknown: 1,
                passing: 2,
                not_applicable: 1
            }
        );
        assert_eq!(
            s.findings,
            FindingCounts {
                fail: 3,
                unknown: 1,
                pass: 3
            }
        );
        assert_eq!(
            s.failures_by_severity,
            SeverityCounts {
                critical: 1,
                high: 2,
                ..Default::default()
            }
        );
        let scores: Vec<_> = s
            .steps
            .iter()
            .map(|p| (p.step, p.passing, p.applicable, p.evaluated))
            .collect();
        // Step 3's bucket check found no bucket: evaluated, but not applicable.
        // Step 4 has no evaluated check, so it has no score line.
        assert_eq!(scores, vec![(1, 1, 3, 3), (2, 0, 1, 1), (3, 1, 1, 2)]);
    }

    #[test]
    fn a_check_fails_on_one_failure_and_without_findings_does_not_apply() {
        let a = test_support::audit();
        assert_eq!(a.check_status("RMP203"), CheckStatus::Fail);
        assert_eq!(a.check_status("RMP114"), CheckStatus::Unknown);
        assert_eq!(a.check_status("RMP301"), CheckStatus::Pass);
        assert_eq!(a.check_status("RMP305"), CheckStatus::NotApplicable);
    }

    #[test]
    fn thresholds_count_failures_only() {
        let mut a = test_support::audit();
        assert!(a.fails_at_or_above(Severity::Critical));
        a.findings.retain(|f| f.check_id != "RMP102");
        assert!(!a.fails_at_or_above(Severity::Critical));
        assert!(a.fails_at_or_above(Severity::High));
        a.findings
            .retain(|f| f.status != rampart_model::Status::Fail);
        // The unknown low-severity finding is left: it never trips a threshold.
        assert!(!a.fails_at_or_above(Severity::Info));
        assert!(a.has_unknown());
    }
}
