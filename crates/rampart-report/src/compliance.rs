//! Compliance views: the findings grouped by a framework's controls, with a status per control.
//!
//! A framework is a data table under `src/frameworks/<name>.tsv` (embedded at build time): a
//! `# framework:` and `# title:` header, then one control a line, `control<TAB>checks<TAB>title`,
//! with the checks a comma list (`-` when rampart has none for it). CIS 6.0 or another
//! benchmark is a new file, not new code.
//!
//! The view is drawn as a terminal table ([`render_table`]), JSON ([`render_json`]), one
//! self-contained HTML page ([`render_html`]) or CSV ([`render_csv`]).
//!
//! A control's status: `fail` if one of its checks fails, else `unknown` if one could not be
//! decided, else `pass` if one passes, else `not_applicable` when its checks had nothing to
//! judge; `not_evaluated` when none of its checks ran (`--select`/`--ignore`), `manual` when
//! rampart has no check for it.

use rampart_model::{Finding, Status};
use serde::Serialize;

use crate::summary::CheckStatus;
use crate::Audit;

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
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub checks: Vec<String>,
}

/// Why a framework could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ComplianceError {
    #[error("unknown framework `{0}` (known: {1})")]
    Unknown(String, String),
    #[error("framework table `{0}`, line {1}: expected control<TAB>checks<TAB>title")]
    Malformed(String, usize),
}

/// Parses one table; `origin` names it in errors.
pub fn parse(origin: &str, text: &str) -> Result<Framework, ComplianceError> {
    let mut fw = Framework {
        name: String::new(),
        title: String::new(),
        controls: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(v) = c.strip_prefix("framework:") {
                fw.name = v.trim().to_string();
            } else if let Some(v) = c.strip_prefix("title:") {
                fw.title = v.trim().to_string();
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(checks), Some(title)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(ComplianceError::Malformed(origin.into(), i + 1));
        };
        let checks = checks
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty() && *c != "-")
            .map(String::from)
            .collect();
        fw.controls.push(Control {
            id: id.trim().into(),
            title: title.trim().into(),
            checks,
        });
    }
    if fw.name.is_empty() {
        return Err(ComplianceError::Malformed(origin.into(), 1));
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
                ControlStatus::NotEvaluated
            } else if has(CheckStatus::Fail) {
                ControlStatus::Fail
            } else if has(CheckStatus::Unknown) {
                ControlStatus::Unknown
            } else if has(CheckStatus::Pass) {
                ControlStatus::Pass
            } else {
                ControlStatus::NotApplicable
            };
            ControlResult {
                control: &c.id,
                title: &c.title,
                status,
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

/// The closing line of every view but JSON: how many controls have each status.
fn totals(results: &[ControlResult]) -> String {
    let count = |s: ControlStatus| results.iter().filter(|r| r.status == s).count();
    format!(
        "{} controls: {} failing, {} unknown, {} passing, {} not applicable, {} not evaluated, {} manual",
        results.len(),
        count(ControlStatus::Fail),
        count(ControlStatus::Unknown),
        count(ControlStatus::Pass),
        count(ControlStatus::NotApplicable),
        count(ControlStatus::NotEvaluated),
        count(ControlStatus::Manual),
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

/// The view as JSON: `{ framework, title, account_id, taken_at, controls: [ { control, title,
/// status, checks: [ { id, status } ], findings: [ { check_id, status, resource, message, … } ] } ] }`.
pub fn render_json(fw: &Framework, audit: &Audit) -> Result<String, serde_json::Error> {
    let v = serde_json::json!({
        "framework": fw.name,
        "title": fw.title,
        "account_id": audit.account_id,
        "taken_at": audit.taken_at,
        "controls": evaluate(fw, audit),
    });
    let mut s = serde_json::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests;
