//! The JSON document of an organization audit: the organization with its own findings, the
//! checks once, and an `accounts` list with each account's summary and findings. Every finding
//! carries the `account_id` it is about.

use chrono::{DateTime, Utc};
use rampart_model::{Caller, Finding, Severity};
use serde::Serialize;

use crate::json::{CheckJson, FindingJson, SummaryJson, RAMPART_VERSION};
use crate::scope::{AccountAudit, Outcome, ScopeAudit};
use crate::summary::SeverityCounts;

#[derive(Serialize)]
struct Report<'a> {
    rampart_version: &'static str,
    organization: Organization<'a>,
    /// Every evaluated check, once (an account's own statuses are in its summary).
    checks: Vec<CheckJson>,
    accounts: Vec<Account<'a>>,
}

#[derive(Serialize)]
struct Organization<'a> {
    id: &'a str,
    management_account_id: &'a str,
    caller_account_id: &'a str,
    taken_at: DateTime<Utc>,
    accounts: usize,
    audited: usize,
    unreachable: usize,
    /// Failing findings across the organization, by severity.
    failing_findings_by_severity: SeverityCounts,
    findings: Vec<AccountFinding<'a>>,
}

#[derive(Serialize)]
struct Account<'a> {
    account_id: &'a str,
    name: &'a str,
    state: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caller: Option<&'a Caller>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<SummaryJson>,
    findings: Vec<AccountFinding<'a>>,
}

#[derive(Serialize)]
struct AccountFinding<'a> {
    account_id: &'a str,
    #[serde(flatten)]
    finding: FindingJson<'a>,
}

fn findings<'a>(
    account_id: &'a str,
    findings: &'a [Finding],
    severity: impl Fn(&str) -> Option<Severity>,
) -> Vec<AccountFinding<'a>> {
    findings
        .iter()
        .map(|f| AccountFinding {
            account_id,
            finding: FindingJson::new(f, severity(&f.check_id)),
        })
        .collect()
}

fn account(a: &AccountAudit) -> Account<'_> {
    match &a.outcome {
        Outcome::Audited(audit) => {
            let severities = audit.severities();
            Account {
                account_id: &a.account_id,
                name: &a.name,
                state: &a.state,
                status: a.status(),
                reason: None,
                caller: Some(&audit.caller),
                summary: Some(SummaryJson::of(audit)),
                findings: findings(&a.account_id, &audit.findings, |id| {
                    severities.get(id).copied()
                }),
            }
        }
        Outcome::Unreachable { reason } => Account {
            account_id: &a.account_id,
            name: &a.name,
            state: &a.state,
            status: a.status(),
            reason: Some(reason),
            caller: None,
            summary: None,
            findings: vec![],
        },
    }
}

/// Streams the organization audit as pretty JSON, ending with a newline.
pub fn render_to(audit: &ScopeAudit, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut by_severity = SeverityCounts::default();
    for a in audit.audits() {
        by_severity.add(&crate::Summary::of(a).failures_by_severity);
    }
    for f in &audit.organization_findings {
        if f.status == rampart_model::Status::Fail {
            if let Some(s) = audit.organization_severity(&f.check_id) {
                by_severity.bump(s);
            }
        }
    }
    let mut checks: Vec<CheckJson> = audit
        .organization_checks
        .iter()
        .map(|m| CheckJson::of(m, None))
        .collect();
    if let Some(first) = audit.audits().next() {
        checks.extend(first.checks.iter().map(|m| CheckJson::of(m, None)));
    }
    let report = Report {
        rampart_version: RAMPART_VERSION,
        organization: Organization {
            id: &audit.organization().organization_id,
            management_account_id: &audit.organization().management_account_id,
            caller_account_id: &audit.organization().caller_account_id,
            taken_at: audit.taken_at,
            accounts: audit.accounts.len(),
            audited: audit.audits().count(),
            unreachable: audit.unreachable().count(),
            failing_findings_by_severity: by_severity,
            findings: findings(
                &audit.organization().management_account_id,
                &audit.organization_findings,
                |id| audit.organization_severity(id),
            ),
        },
        checks,
        accounts: audit.accounts.iter().map(account).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}
