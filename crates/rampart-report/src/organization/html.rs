//! The HTML page of an organization audit: the organization's own checks, a table with a row
//! per account that links to that account's section, and each account's failing and
//! undecided checks (passes collapsed), as the single-account page shows them. The page is
//! static: the single-account page's filters are left out, and every id is prefixed with its
//! account so that each anchor is unique.

use crate::html::{checks_with, escape, foot, group, head};
use crate::summary::{CheckStatus, Summary};

use crate::scope::{Outcome, ScopeAudit};

/// Renders the whole page.
pub fn render(audit: &ScopeAudit) -> String {
    let taken = audit.taken_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut h = head(&format!(
        "rampart audit · organization {}",
        audit.organization().organization_id
    ));
    let unreachable = audit.unreachable().count();
    h.push_str(&format!(
        "<header>\n<h1>rampart audit of organization <span id=\"organization\">{}</span></h1>\n<dl class=\"meta\"><dt>Management account</dt><dd><code>{}</code></dd><dt>Taken</dt><dd><time datetime=\"{}\">{}</time></dd><dt>Accounts</dt><dd>{} ({} audited, {} unreachable)</dd></dl>\n</header>\n<main>\n",
        escape(&audit.organization().organization_id),
        escape(&audit.organization().management_account_id),
        escape(&audit.taken_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        escape(&taken),
        audit.accounts.len(),
        audit.accounts.len() - unreachable,
        unreachable,
    ));
    organization_checks(&mut h, audit);
    accounts_table(&mut h, audit);
    for account in &audit.accounts {
        let id = format!("acct-{}", account.account_id);
        h.push_str(&format!(
            "<section class=\"account\" id=\"{}\">\n<h2>Account <code>{}</code> · {}</h2>\n",
            escape(&id),
            escape(&account.account_id),
            escape(&account.name)
        ));
        match &account.outcome {
            Outcome::Unreachable { reason } => h.push_str(&format!(
                "<p class=\"st-unknown\"><strong>Unreachable:</strong> {}</p>\n",
                escape(reason)
            )),
            Outcome::Audited(one) => {
                let mut part = String::new();
                let mut failing = checks_with(one, CheckStatus::Fail);
                failing.sort_by_key(|m| std::cmp::Reverse(m.severity));
                let mut unknown = checks_with(one, CheckStatus::Unknown);
                unknown.sort_by_key(|m| std::cmp::Reverse(m.severity));
                group(
                    &mut part,
                    &format!("{id}-failing"),
                    "Failing checks",
                    one,
                    &failing,
                );
                group(
                    &mut part,
                    &format!("{id}-unknown"),
                    "Checks that could not be decided",
                    one,
                    &unknown,
                );
                let passing = checks_with(one, CheckStatus::Pass);
                part.push_str(&format!(
                    "<details class=\"passes\"><summary>Passing checks ({})</summary>\n",
                    passing.len()
                ));
                group(
                    &mut part,
                    &format!("{id}-passing"),
                    "Passing checks",
                    one,
                    &passing,
                );
                part.push_str("</details>\n");
                // Each check's anchor names its account: the same check appears once per
                // account on this page.
                h.push_str(&part.replace(
                    "<article class=\"check\" id=\"",
                    &format!(
                        "<article class=\"check\" id=\"{}-",
                        escape(&account.account_id)
                    ),
                ));
            }
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n");
    h.push_str(&foot(None));
    h
}

/// The organization-level checks, judged in the management account.
fn organization_checks(h: &mut String, audit: &ScopeAudit) {
    if audit.organization_checks.is_empty() {
        return;
    }
    let Some((account, management)) = audit
        .accounts
        .iter()
        .find(|a| a.account_id == audit.organization().management_account_id)
        .and_then(|a| a.audit().map(|one| (a, one)))
    else {
        return;
    };
    let merged = audit.as_account(account, management);
    let mut part = String::new();
    group(
        &mut part,
        "organization-checks",
        "Organization",
        &merged,
        &audit.organization_checks,
    );
    h.push_str(&part.replace(
        "<article class=\"check\" id=\"",
        "<article class=\"check\" id=\"organization-",
    ));
}

/// One row per account: its step scores and failing findings by severity, linked to its
/// section.
fn accounts_table(h: &mut String, audit: &ScopeAudit) {
    h.push_str("<section aria-label=\"Accounts\">\n<h2>Accounts</h2>\n<table class=\"controls\">\n<thead><tr><th scope=\"col\">Account</th><th scope=\"col\">Name</th><th scope=\"col\">Steps 1–4 (passing / applicable)</th><th scope=\"col\">Failing findings</th></tr></thead>\n<tbody>\n");
    for account in &audit.accounts {
        let link = format!(
            "<a href=\"#acct-{0}\"><code>{0}</code></a>",
            escape(&account.account_id)
        );
        match &account.outcome {
            Outcome::Audited(one) => {
                let s = Summary::of(one);
                let steps: Vec<String> = s
                    .steps
                    .iter()
                    .map(|st| format!("{}/{}", st.passing, st.applicable))
                    .collect();
                let failures: Vec<String> = s
                    .failures_by_severity
                    .entries()
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(sev, n)| {
                        format!("<span class=\"sev sev-{0}\">{0}</span> {n}", sev.as_str())
                    })
                    .collect();
                h.push_str(&format!(
                    "<tr><td>{link}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    escape(&account.name),
                    steps.join(" · "),
                    if failures.is_empty() {
                        "none".to_owned()
                    } else {
                        failures.join(" ")
                    }
                ));
            }
            Outcome::Unreachable { reason } => h.push_str(&format!(
                "<tr><td>{link}</td><td>{}</td><td colspan=\"2\" class=\"st-unknown\">unreachable: {}</td></tr>\n",
                escape(&account.name),
                escape(reason)
            )),
        }
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}
