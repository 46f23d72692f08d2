//! Compliance views: the findings grouped by a framework's controls, with a status per control.
//!
//! A framework is a data table under `src/frameworks/<name>.tsv` (embedded at build time): a
//! `# framework:`, `# title:` and `# version:` header, then every recommendation of the
//! framework, one a line: `control<TAB>checks<TAB>coverage<TAB>level<TAB>assessment<TAB>applies
//! to<TAB>title<TAB>how to verify by hand`, with the checks a comma list (`-` when rampart has
//! none for it). Another benchmark version is a new file, not new code.
//!
//! The view is drawn as a terminal table ([`render_table`]), JSON ([`render_json`]), one
//! self-contained HTML page ([`render_html`]), CSV ([`render_csv`]), or JUnit XML and SARIF
//! for CI dashboards and code scanning (`ci`).
//!
//! A control's status: `fail` if one of its checks fails, else `unknown` if one could not be
//! decided, else `pass` if one passes, else `not_applicable` when its checks had nothing to
//! judge; `not_evaluated` when one of its checks did not run (`--select`/`--ignore`) and none
//! failed or was undecided, `manual` when rampart has no check for it (or a check of an
//! organization that an account's own view does not judge). A control whose checks judge only part of it (coverage
//! `partial`: CIS's "every bucket denies HTTP" against a check of the trail's bucket) can fail
//! or be undecided by them, but never pass: what they do not judge is left to a person, so
//! it is `manual` there. Every view ends with how many recommendations were checked
//! automatically and how many of those pass.

use rampart_checks::Subject;
use rampart_model::{Finding, Status};
use serde::Serialize;

use crate::summary::CheckStatus;
use crate::Audit;

pub(crate) mod ci;
pub(crate) mod csv;
pub(crate) mod html;
mod table;

pub use csv::render_csv;
pub use html::render_html;
pub use table::render_table;

include!(concat!(env!("OUT_DIR"), "/frameworks.rs"));

/// One framework's mapping table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    pub name: String,
    pub title: String,
    /// The version and date of the list encoded, as the table's header gives it.
    pub version: String,
    pub controls: Vec<Control>,
}

/// One recommendation of a framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub checks: Vec<String>,
    pub coverage: Coverage,
    /// The profile level (`L1`, `L2`), when the framework has levels.
    pub level: Option<String>,
    /// The framework's own assessment status (`automated`, `manual`), when it has one.
    pub assessment: Option<String>,
    /// `account`, `organization`, or the kind of resource the control is about (`rds`, …).
    pub applies_to: String,
    /// How a person verifies it, for a control rampart does not check (or checks in part).
    pub how_to: Option<String>,
}

/// How much of a control its checks judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// rampart has no check for it.
    None,
    /// The checks judge part of it: they can fail it, never pass it.
    Partial,
    /// The checks judge all of it.
    Full,
}

/// Why a framework could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ComplianceError {
    #[error("unknown framework `{0}` (known: {1})")]
    Unknown(String, String),
    #[error("framework table `{0}`, line {1}: {2}")]
    Malformed(String, usize, &'static str),
}

/// Parses one table; `origin` names it in errors.
pub fn parse(origin: &str, text: &str) -> Result<Framework, ComplianceError> {
    let mut fw = Framework {
        name: String::new(),
        title: String::new(),
        version: String::new(),
        controls: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(v) = c.strip_prefix("framework:") {
                fw.name = v.trim().to_string();
            } else if let Some(v) = c.strip_prefix("title:") {
                fw.title = v.trim().to_string();
            } else if let Some(v) = c.strip_prefix("version:") {
                fw.version = v.trim().to_string();
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let bad = |why| ComplianceError::Malformed(origin.into(), i + 1, why);
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [id, checks, coverage, level, assessment, applies_to, title, how_to] = cols[..] else {
            return Err(bad(
                "expected control, checks, coverage, level, assessment, applies to, title and how to, separated by tabs",
            ));
        };
        let optional = |v: &str| (v != "-" && !v.is_empty()).then(|| v.to_string());
        let checks: Vec<String> = checks
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty() && *c != "-")
            .map(String::from)
            .collect();
        let coverage = match (coverage, checks.is_empty()) {
            ("-", true) => Coverage::None,
            ("full", false) => Coverage::Full,
            ("partial", false) => Coverage::Partial,
            _ => {
                return Err(bad(
                    "coverage is `full` or `partial` with checks, `-` without",
                ))
            }
        };
        let how_to = optional(how_to);
        if coverage != Coverage::Full && how_to.is_none() {
            return Err(bad("a control rampart does not check whole needs a how-to"));
        }
        if id.is_empty() || title.is_empty() || applies_to.is_empty() {
            return Err(bad("control, applies to and title are required"));
        }
        fw.controls.push(Control {
            id: id.into(),
            title: title.into(),
            checks,
            coverage,
            level: optional(level),
            assessment: optional(assessment),
            applies_to: applies_to.into(),
            how_to,
        });
    }
    if fw.name.is_empty() {
        return Err(ComplianceError::Malformed(
            origin.into(),
            1,
            "no `# framework:` line",
        ));
    }
    Ok(fw)
}

/// Every embedded framework, by name.
pub fn frameworks() -> Result<Vec<Framework>, ComplianceError> {
    TABLES
        .iter()
        .enumerate()
        .map(|(i, t)| parse(&format!("#{i}"), t))
        .collect()
}

/// The framework called `name` (case-insensitive).
pub fn framework(name: &str) -> Result<Framework, ComplianceError> {
    let all = frameworks()?;
    let names: Vec<String> = all.iter().map(|f| f.name.clone()).collect();
    all.into_iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| ComplianceError::Unknown(name.into(), names.join(", ")))
}

/// A control's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Fail,
    Unknown,
    Pass,
    NotApplicable,
    NotEvaluated,
    Manual,
}

impl ControlStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fail => "fail",
            Self::Unknown => "unknown",
            Self::Pass => "pass",
            Self::NotApplicable => "not_applicable",
            Self::NotEvaluated => "not_evaluated",
            Self::Manual => "manual",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ControlResult<'a> {
    pub control: &'a str,
    pub title: &'a str,
    pub status: ControlStatus,
    pub coverage: Coverage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<&'a str>,
    pub applies_to: &'a str,
    /// How a person verifies it, when rampart does not check it whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how_to: Option<&'a str>,
    /// Each mapped check and its status (`not_evaluated` when it did not run).
    pub checks: Vec<MappedCheck<'a>>,
    /// The failing and undecided findings of the control's checks.
    pub findings: Vec<&'a Finding>,
}

/// A check a control maps to, with its status in this audit.
#[derive(Debug, Serialize)]
pub struct MappedCheck<'a> {
    pub id: &'a str,
    pub status: &'static str,
}

/// Evaluates every control of `fw` against the audit.
pub fn evaluate<'a>(fw: &'a Framework, audit: &'a Audit) -> Vec<ControlResult<'a>> {
    fw.controls
        .iter()
        .map(|c| {
            let ran: Vec<(&str, Option<CheckStatus>)> = c
                .checks
                .iter()
                .map(|id| {
                    let st = audit.meta_of(id).map(|m| audit.check_status(m.id));
                    (id.as_str(), st)
                })
                .collect();
            let has = |s: CheckStatus| ran.iter().any(|(_, st)| *st == Some(s));
            let status = if c.checks.is_empty() {
                ControlStatus::Manual
            } else if ran.iter().all(|(_, st)| st.is_none()) {
                // Checks of an organization are judged in its management account's view; in
                // an account's own view the control is a person's to verify there.
                let of_organization = c.checks.iter().all(|id| {
                    rampart_checks::find(id).is_some_and(|k| k.meta().subject != Subject::Account)
                });
                if of_organization {
                    ControlStatus::Manual
                } else {
                    ControlStatus::NotEvaluated
                }
            } else if has(CheckStatus::Fail) {
                ControlStatus::Fail
            } else if has(CheckStatus::Unknown) {
                ControlStatus::Unknown
            } else if let Some(missing) = ran.iter().find(|(_, st)| st.is_none()) {
                // A control passes only on all its checks. One left out (`--select`,
                // `--ignore`) leaves it not evaluated; one of an organization, not judged in
                // an account's own view, leaves it to a person.
                let of_account = rampart_checks::find(missing.0)
                    .is_some_and(|k| k.meta().subject == Subject::Account);
                if of_account {
                    ControlStatus::NotEvaluated
                } else {
                    ControlStatus::Manual
                }
            } else if c.coverage == Coverage::Partial {
                // What the checks do not judge is a person's to verify.
                ControlStatus::Manual
            } else if has(CheckStatus::Pass) {
                ControlStatus::Pass
            } else {
                ControlStatus::NotApplicable
            };
            ControlResult {
                control: &c.id,
                title: &c.title,
                status,
                coverage: c.coverage,
                level: c.level.as_deref(),
                assessment: c.assessment.as_deref(),
                applies_to: &c.applies_to,
                how_to: c.how_to.as_deref(),
                checks: ran
                    .iter()
                    .map(|(id, st)| MappedCheck {
                        id,
                        status: st.map_or("not_evaluated", |s| s.as_str()),
                    })
                    .collect(),
                findings: audit
                    .findings
                    .iter()
                    .filter(|f| f.status != Status::Pass && c.checks.contains(&f.check_id))
                    .collect(),
            }
        })
        .collect()
}

/// How many recommendations a view has, how many rampart checked automatically (its checks
/// judge all of it and ran), and how many pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ViewSummary {
    pub recommendations: usize,
    pub checked_automatically: usize,
    pub passing: usize,
}

impl ViewSummary {
    pub fn of(results: &[ControlResult]) -> Self {
        let automatic = |r: &&ControlResult| {
            r.coverage == Coverage::Full
                && !matches!(
                    r.status,
                    ControlStatus::NotEvaluated | ControlStatus::Manual
                )
        };
        Self {
            recommendations: results.len(),
            checked_automatically: results.iter().filter(automatic).count(),
            passing: results
                .iter()
                .filter(|r| r.status == ControlStatus::Pass)
                .count(),
        }
    }

    /// `N of M recommendations checked automatically, K passing`.
    pub fn line(&self) -> String {
        format!(
            "{} of {} recommendations checked automatically, {} passing",
            self.checked_automatically, self.recommendations, self.passing
        )
    }
}

/// The closing line of every view but JSON: how many controls have each status, and how many
/// were checked automatically.
fn totals(results: &[ControlResult]) -> String {
    let count = |s: ControlStatus| results.iter().filter(|r| r.status == s).count();
    format!(
        "{} controls: {} failing, {} unknown, {} passing, {} not applicable, {} not evaluated, {} manual. {}",
        results.len(),
        count(ControlStatus::Fail),
        count(ControlStatus::Unknown),
        count(ControlStatus::Pass),
        count(ControlStatus::NotApplicable),
        count(ControlStatus::NotEvaluated),
        count(ControlStatus::Manual),
        ViewSummary::of(results).line(),
    )
}

/// The ids of a control's checks as a comma list, `-` when rampart has none for it.
fn check_list(r: &ControlResult) -> String {
    if r.checks.is_empty() {
        return "-".to_string();
    }
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id).collect();
    ids.join(",")
}

/// The view as JSON: `{ framework, title, version, account_id, taken_at, summary: {
/// recommendations, checked_automatically, passing }, controls: [ { control, title, status,
/// coverage, level, assessment, applies_to, how_to, checks: [ { id, status } ], findings: [ {
/// check_id, status, resource, message, … } ] } ] }`.
pub fn render_json(fw: &Framework, audit: &Audit) -> Result<String, serde_json::Error> {
    let controls = evaluate(fw, audit);
    let v = serde_json::json!({
        "framework": fw.name,
        "title": fw.title,
        "version": fw.version,
        "account_id": audit.account_id,
        "taken_at": audit.taken_at,
        "summary": ViewSummary::of(&controls),
        "controls": controls,
    });
    let mut s = serde_json::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests;
