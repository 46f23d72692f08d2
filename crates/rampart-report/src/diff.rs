//! What changed between two audits of the same account: failures that appeared, failures that
//! were fixed, and failures still there, matched by check and resource.
//!
//! Either side is a list of [`Entry`], taken from an [`Audit`] or from a JSON report
//! (`rampart audit --format json`), so a saved report can be compared with a fresh snapshot.

use std::collections::BTreeMap;

use rampart_model::Status;
use serde::Serialize;

use crate::Audit;

/// One finding, reduced to what a comparison needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The account, in an organization's audit; `None` for one account's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub check_id: String,
    pub resource: String,
    pub status: Status,
    pub severity: Option<String>,
    pub title: Option<String>,
    pub message: String,
}

/// Why a JSON report could not be read as one side of a diff.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiffError {
    #[error("not a rampart JSON report: {0}")]
    NotAReport(String),
}

/// The entries of an evaluated audit.
pub fn entries_of_audit(audit: &Audit) -> Vec<Entry> {
    audit
        .findings
        .iter()
        .map(|f| {
            let meta = audit.meta_of(&f.check_id);
            Entry {
                account_id: None,
                check_id: f.check_id.clone(),
                resource: f.resource.id.clone(),
                status: f.status,
                severity: meta.map(|m| m.severity.as_str().to_string()),
                title: meta.map(|m| m.title.to_string()),
                message: f.message.clone(),
            }
        })
        .collect()
}

/// The entries of a JSON report (`findings[]` with `check_id`, `status`, `resource.id`).
pub fn entries_of_report(report: &serde_json::Value) -> Result<Vec<Entry>, DiffError> {
    let findings = report
        .get("findings")
        .and_then(|f| f.as_array())
        .ok_or_else(|| DiffError::NotAReport("no `findings` array".into()))?;
    let titles: BTreeMap<&str, &str> = report
        .get("checks")
        .and_then(|c| c.as_array())
        .map(|cs| {
            cs.iter()
                .filter_map(|c| Some((c.get("id")?.as_str()?, c.get("title")?.as_str()?)))
                .collect()
        })
        .unwrap_or_default();
    findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let text = |key: &str| f.get(key).and_then(|v| v.as_str());
            let bad = |what: &str| DiffError::NotAReport(format!("finding {i}: {what}"));
            let check_id = text("check_id").ok_or_else(|| bad("no `check_id`"))?;
            let status: Status = f
                .get("status")
                .cloned()
                .and_then(|s| serde_json::from_value(s).ok())
                .ok_or_else(|| bad("no valid `status`"))?;
            let resource = f
                .get("resource")
                .and_then(|r| r.get("id"))
                .and_then(|v| v.as_str())
                .ok_or_else(|| bad("no `resource.id`"))?;
            Ok(Entry {
                account_id: None,
                check_id: check_id.into(),
                resource: resource.into(),
                status,
                severity: text("severity").map(String::from),
                title: titles.get(check_id).map(std::string::ToString::to_string),
                message: text("message").unwrap_or_default().into(),
            })
        })
        .collect()
}

/// The comparison. Each list is sorted by check, then resource.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Diff {
    /// Failing now, not failing before (or not there before).
    pub new_failures: Vec<Entry>,
    /// Failing before, passing now or gone.
    pub fixed: Vec<Entry>,
    /// Failing in both.
    pub still_failing: Vec<Entry>,
    /// Not failing now but could not be decided, where it was decided before.
    pub new_unknown: Vec<Entry>,
}

/// The `check_id` of the entry that stands for an account of an organization that could not be
/// audited.
pub const UNREACHABLE: &str = "unreachable";

/// Compares `old` with `new`. A failure that is gone counts as fixed only when its account was
/// audited in `new`: an account that became unreachable, or was left out, fixed nothing.
pub fn compare(old: &[Entry], new: &[Entry]) -> Diff {
    let key = |e: &Entry| (e.account_id.clone(), e.check_id.clone(), e.resource.clone());
    let old_by: BTreeMap<_, &Entry> = old.iter().map(|e| (key(e), e)).collect();
    let new_by: BTreeMap<_, &Entry> = new.iter().map(|e| (key(e), e)).collect();
    let audited_now: std::collections::BTreeSet<&Option<String>> = new
        .iter()
        .filter(|e| e.check_id != UNREACHABLE)
        .map(|e| &e.account_id)
        .collect();
    let mut d = Diff::default();
    for (k, n) in &new_by {
        let before = old_by.get(k).map(|o| o.status);
        match (before, n.status) {
            (Some(Status::Fail), Status::Fail) => d.still_failing.push((*n).clone()),
            (_, Status::Fail) => d.new_failures.push((*n).clone()),
            (Some(Status::Fail), Status::Pass) => d.fixed.push((*n).clone()),
            (Some(Status::Pass) | None, Status::Unknown) => d.new_unknown.push((*n).clone()),
            _ => {}
        }
    }
    for (k, o) in &old_by {
        let audited = o.account_id.is_none() || audited_now.contains(&o.account_id);
        if o.status == Status::Fail && !new_by.contains_key(k) && audited {
            d.fixed.push((*o).clone());
        }
    }
    d.fixed.sort_by_key(key);
    d
}

/// The diff for people.
pub fn render_text(d: &Diff) -> String {
    let mut out = String::new();
    let section = |out: &mut String, title: &str, list: &[Entry]| {
        out.push_str(&format!("{title} ({})\n", list.len()));
        for e in list {
            out.push_str(&format!(
                "  {:<7} {:<9} {}{}  {}\n",
                e.check_id,
                e.severity.as_deref().unwrap_or("-"),
                e.account_id
                    .as_deref()
                    .map(|a| format!("{a}: "))
                    .unwrap_or_default(),
                e.resource,
                e.message
            ));
        }
    };
    section(&mut out, "New failures", &d.new_failures);
    section(&mut out, "Fixed", &d.fixed);
    section(&mut out, "Still failing", &d.still_failing);
    if !d.new_unknown.is_empty() {
        section(&mut out, "Newly undecided", &d.new_unknown);
    }
    out.push_str(&format!(
        "\n{} new, {} fixed, {} unchanged\n",
        d.new_failures.len(),
        d.fixed.len(),
        d.still_failing.len()
    ));
    out
}

/// The diff as JSON: `{ "new_failures": [Entry], "fixed": […], "still_failing": […],
/// "new_unknown": […] }`, each entry `{ check_id, resource, status, severity, title, message }`.
pub fn render_json(d: &Diff) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(d)?;
    s.push('\n');
    Ok(s)
}

/// The entries of a scope's audit: one account's findings as they are; for several, every
/// account's findings with its account, the organization-level findings with the management
/// account, and one `unreachable` entry (unknown) for each account that could not be audited.
pub fn entries_of_scope(audit: &crate::ScopeAudit) -> Vec<Entry> {
    if let Some(one) = audit.single() {
        return entries_of_audit(one);
    }
    let mut out = vec![];
    let with = |account: &str, mut e: Entry| {
        e.account_id = Some(account.to_owned());
        e
    };
    for a in &audit.accounts {
        match &a.outcome {
            crate::Outcome::Audited(one) => {
                out.extend(
                    entries_of_audit(one)
                        .into_iter()
                        .map(|e| with(&a.account_id, e)),
                );
            }
            crate::Outcome::Unreachable { reason } => out.push(Entry {
                account_id: Some(a.account_id.clone()),
                check_id: UNREACHABLE.to_owned(),
                resource: a.account_id.clone(),
                status: Status::Unknown,
                severity: None,
                title: Some("The account could not be audited".to_owned()),
                message: reason.clone(),
            }),
        }
    }
    for f in &audit.organization_findings {
        let meta = audit
            .organization_checks
            .iter()
            .find(|m| m.id == f.check_id);
        out.push(Entry {
            account_id: Some(audit.management_account_id().to_owned()),
            check_id: f.check_id.clone(),
            resource: f.resource.id.clone(),
            status: f.status,
            severity: meta.map(|m| m.severity.as_str().to_owned()),
            title: meta.map(|m| m.title.to_owned()),
            message: f.message.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_that_became_unreachable_fixed_nothing() {
        let mut failing = e("RMP102", "root", Status::Fail);
        failing.account_id = Some("222233334444".into());
        let mut other = e("RMP102", "root", Status::Fail);
        other.account_id = Some("333344445555".into());
        let mut gone = e(UNREACHABLE, "222233334444", Status::Unknown);
        gone.account_id = Some("222233334444".into());
        let mut passing = e("RMP102", "root", Status::Pass);
        passing.account_id = Some("333344445555".into());
        let d = compare(&[failing, other], &[gone.clone(), passing]);
        assert_eq!(d.fixed.len(), 1, "{d:#?}");
        assert_eq!(d.fixed[0].account_id.as_deref(), Some("333344445555"));
        assert_eq!(d.new_unknown, vec![gone]);
    }

    fn e(check: &str, res: &str, status: Status) -> Entry {
        Entry {
            account_id: None,
            check_id: check.into(),
            resource: res.into(),
            status,
            severity: Some("high".into()),
            title: None,
            message: format!("{check} on {res}"),
        }
    }

    #[test]
    fn sorts_changes_into_new_fixed_and_unchanged() {
        let old = [
            e("RMP102", "root", Status::Fail),
            e("RMP202", "alice", Status::Fail),
            e("RMP202", "bob", Status::Pass),
            e("RMP301", "trail", Status::Fail),
            e("RMP109", "acct", Status::Pass),
        ];
        let new = [
            e("RMP102", "root", Status::Fail),
            e("RMP202", "alice", Status::Pass),
            e("RMP202", "bob", Status::Fail),
            e("RMP202", "carol", Status::Fail),
            e("RMP109", "acct", Status::Unknown),
        ];
        let d = compare(&old, &new);
        let ids = |l: &[Entry]| {
            l.iter()
                .map(|e| format!("{}/{}", e.check_id, e.resource))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&d.new_failures), ["RMP202/bob", "RMP202/carol"]);
        assert_eq!(ids(&d.fixed), ["RMP202/alice", "RMP301/trail"]);
        assert_eq!(ids(&d.still_failing), ["RMP102/root"]);
        assert_eq!(ids(&d.new_unknown), ["RMP109/acct"]);
        assert!(render_text(&d).ends_with("\n2 new, 2 fixed, 1 unchanged\n"));
    }

    #[test]
    fn reads_reports_and_rejects_other_json() {
        let r = serde_json::json!({
            "checks": [{"id": "RMP102", "title": "Root keys"}],
            "findings": [{"check_id": "RMP102", "status": "fail", "severity": "critical",
                          "resource": {"kind": "root", "id": "arn:root"}, "message": "m"}]
        });
        let got = entries_of_report(&r).expect("reads");
        assert_eq!(got[0].title.as_deref(), Some("Root keys"));
        assert_eq!(got[0].status, Status::Fail);
        assert!(entries_of_report(&serde_json::json!({"a": 1})).is_err());
        let bad = serde_json::json!({"findings": [{"check_id": "X", "status": "maybe"}]});
        assert_eq!(
            entries_of_report(&bad),
            Err(DiffError::NotAReport("finding 0: no valid `status`".into()))
        );
    }
}
