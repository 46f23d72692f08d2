//! CSV, SARIF and JUnit for an organization: each format's single-account rendering for every
//! audited account (the management account's with the organization-level findings, which were
//! judged there), and an unreachable account as a result of its own, so that it cannot be
//! mistaken for a clean one. Every row, run or suite names its account.

use serde_json::{json, Value};

use crate::csv::CsvError;
use crate::json::RAMPART_VERSION;
use crate::scope::{AccountAudit, Outcome, ScopeAudit};
use crate::Audit;

impl ScopeAudit {
    /// An account's audit as the single-account formats see it: the management account's gets
    /// the organization-level checks and findings back.
    pub(crate) fn as_account(&self, account: &AccountAudit, audit: &Audit) -> Audit {
        let mut audit = audit.clone();
        if account.account_id == self.organization().management_account_id {
            audit
                .checks
                .extend(self.organization_checks.iter().copied());
            audit
                .findings
                .extend(self.organization_findings.iter().cloned());
        }
        audit
    }
}

/// One CSV with every account's findings; an unreachable account is one row with status
/// `unreachable` and the reason as its message.
pub fn render_csv(audit: &ScopeAudit) -> Result<String, CsvError> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(crate::csv::COLUMNS)?;
    for account in &audit.accounts {
        match &account.outcome {
            Outcome::Audited(one) => {
                crate::csv::write_rows(&mut w, &audit.as_account(account, one))?;
            }
            Outcome::Unreachable { reason } => {
                let id = account.account_id.as_str();
                w.write_record([
                    id,
                    "",
                    "",
                    "",
                    "",
                    "unreachable",
                    "account",
                    id,
                    "",
                    reason,
                    "",
                    "{}",
                ])?;
            }
        }
    }
    crate::csv::finish(w)
}

/// A SARIF log with one run per account (each with its own `automationDetails.id`); an
/// unreachable account's run reports a failed execution with the reason.
pub fn render_sarif(audit: &ScopeAudit) -> Result<String, serde_json::Error> {
    let runs: Vec<Value> = audit
        .accounts
        .iter()
        .map(|account| match &account.outcome {
            Outcome::Audited(one) => crate::sarif::run(&audit.as_account(account, one)),
            Outcome::Unreachable { reason } => json!({
                "tool": { "driver": {
                    "name": "rampart",
                    "version": RAMPART_VERSION,
                    "informationUri": "https://github.com/rampart-aws/rampart",
                    "rules": [],
                }},
                "automationDetails": { "id": format!("rampart/{}/", account.account_id) },
                "invocations": [{
                    "executionSuccessful": false,
                    "toolExecutionNotifications": [{
                        "level": "error",
                        "message": { "text": format!("account {} could not be audited: {reason}", account.account_id) },
                    }],
                }],
                "results": [],
                "properties": { "account_id": account.account_id, "status": "unreachable" },
            }),
        })
        .collect();
    crate::sarif::log(runs)
}

/// One JUnit document: each account's suites, named after the account; an unreachable
/// account is a suite with one failing case.
pub fn render_junit(audit: &ScopeAudit) -> String {
    let (mut all, mut tests, mut failures) = (String::new(), 0, 0);
    for account in &audit.accounts {
        let id = crate::html::escape(&account.account_id);
        match &account.outcome {
            Outcome::Audited(one) => {
                let prefix = format!("{} · ", account.account_id);
                let (suites, t, f) = crate::junit::suites(&audit.as_account(account, one), &prefix);
                all.push_str(&suites);
                tests += t;
                failures += f;
            }
            Outcome::Unreachable { reason } => {
                tests += 1;
                failures += 1;
                all.push_str(&format!(
                    "  <testsuite name=\"{id} · unreachable\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0\" hostname=\"{id}\">\n    <properties>\n      <property name=\"account_id\" value=\"{id}\"/>\n    </properties>\n    <testcase classname=\"rampart.account\" name=\"{id}\" time=\"0\">\n      <failure message=\"{}\" type=\"unreachable\"/>\n    </testcase>\n  </testsuite>\n",
                    crate::html::escape(&format!("could not be audited: {reason}"))
                ));
            }
        }
    }
    crate::junit::document(
        &format!(
            "rampart audit of organization {}",
            audit.organization().organization_id
        ),
        &all,
        tests,
        failures,
    )
}
