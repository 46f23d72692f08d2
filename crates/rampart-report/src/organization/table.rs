//! The terminal view of an organization audit: an overview (the organization's own findings,
//! then one row per account with its step scores and failures by severity), then each
//! audited account's report as `rampart audit` draws it for one account.

use rampart_model::{Severity, Status};

use crate::paint::Paint;
use crate::scope::{Outcome, ScopeAudit};
use crate::summary::{CheckStatus, Summary};
use crate::table::TableOptions;
use crate::wrap::wrap;

/// Renders the overview and every account's details, ending with a newline.
pub fn render(audit: &ScopeAudit, opts: &TableOptions) -> String {
    let p = Paint { color: opts.color };
    let width = opts.width.max(40);
    let mut out: Vec<String> = Vec::new();
    let title = format!(
        "rampart audit of organization {} (management account {}) · snapshot taken {}",
        audit.organization().organization_id,
        audit.organization().management_account_id,
        audit.taken_at.format("%Y-%m-%d %H:%M:%S UTC")
    );
    out.extend(wrap(&title, width, "", "  "));
    let unreachable = audit.unreachable().count();
    out.push(format!(
        "{} account(s): {} audited, {}",
        audit.accounts.len(),
        audit.accounts.len() - unreachable,
        if unreachable == 0 {
            "none unreachable".to_owned()
        } else {
            p.red(&format!("{unreachable} unreachable"))
        }
    ));
    organization_findings(&mut out, audit, p, width);
    overview(&mut out, audit, p, width);
    for account in &audit.accounts {
        let Outcome::Audited(one) = &account.outcome else {
            continue;
        };
        out.push(String::new());
        let heading = format!("━━ Account {} · {} ━━", account.account_id, account.name);
        out.push(p.bold(&heading));
        out.push(String::new());
        out.push(crate::table::render(one, opts).trim_end().to_owned());
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The organization-level checks and their findings.
fn organization_findings(out: &mut Vec<String>, audit: &ScopeAudit, p: Paint, width: usize) {
    if audit.organization_checks.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(p.bold("Organization"));
    for meta in &audit.organization_checks {
        let findings: Vec<_> = audit
            .organization_findings
            .iter()
            .filter(|f| f.check_id == meta.id)
            .collect();
        let status = audit.organization_check_status(meta.id);
        let mark = match status {
            CheckStatus::Fail => p.red("✗ fail   "),
            CheckStatus::Unknown => p.yellow("? unknown"),
            CheckStatus::Pass => p.green("✓ pass   "),
            CheckStatus::NotApplicable => p.dim("– n/a    "),
        };
        out.push(format!(
            "  {mark} {} {}  {}",
            p.severity(meta.severity),
            meta.id,
            meta.title
        ));
        for f in findings.iter().filter(|f| f.status != Status::Pass) {
            out.extend(wrap(&f.message, width, "      ", "      "));
        }
        if status == CheckStatus::Fail {
            out.extend(wrap(&meta.fix.hint(meta.id), width, "      ", "      "));
        }
        if status == CheckStatus::NotApplicable {
            out.push(p.dim(&format!(
                "      judged in the management account {}, which this run did not audit",
                audit.organization().management_account_id
            )));
        }
    }
}

/// One row per account: step scores (passing/applicable) and failing findings by severity.
fn overview(out: &mut Vec<String>, audit: &ScopeAudit, p: Paint, width: usize) {
    out.push(String::new());
    out.push(p.bold("Accounts"));
    let name_width = audit
        .accounts
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 24);
    out.push(p.dim(&format!(
        "  {:<12}  {:<name_width$}  {:>6} {:>6} {:>6} {:>6}  {:>4} {:>4} {:>4} {:>4}",
        "account", "name", "step 1", "step 2", "step 3", "step 4", "crit", "high", "med", "low"
    )));
    for account in &audit.accounts {
        let name: String = account.name.chars().take(name_width).collect();
        match &account.outcome {
            Outcome::Audited(one) => {
                let summary = Summary::of(one);
                let steps: Vec<String> = summary
                    .steps
                    .iter()
                    .map(|s| format!("{:>6}", format!("{}/{}", s.passing, s.applicable)))
                    .collect();
                let counts = summary.failures_by_severity;
                let n = |s: Severity, v: usize| {
                    let text = format!("{v:>4}");
                    if v == 0 {
                        p.dim(&text)
                    } else if s >= Severity::High {
                        p.red(&text)
                    } else {
                        text
                    }
                };
                out.push(format!(
                    "  {:<12}  {:<name_width$}  {}  {} {} {} {}",
                    account.account_id,
                    name,
                    steps.join(" "),
                    n(Severity::Critical, counts.critical),
                    n(Severity::High, counts.high),
                    n(Severity::Medium, counts.medium),
                    n(Severity::Low, counts.low),
                ));
            }
            Outcome::Unreachable { reason } => {
                out.push(format!(
                    "  {:<12}  {:<name_width$}  {}",
                    account.account_id,
                    name,
                    p.red("unreachable")
                ));
                let indent = " ".repeat(16 + name_width);
                out.extend(wrap(reason, width, &indent, &indent));
            }
        }
    }
}
