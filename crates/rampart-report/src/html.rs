//! The HTML report: one self-contained page to look at and share.
//!
//! Everything is inline (style, script, SVG score rings); a Content-Security-Policy meta tag
//! forbids every fetch, and allows exactly the page's own style and script by their SHA-256
//! hashes. Failures come first, most severe first, with evidence, how to fix and links to the
//! AWS documentation; passes sit in a collapsed `<details>`. Filters by step, severity and
//! status work from disk and can be set by the URL's hash: `#step=1&severity=high&status=fail`.
//! Each group's heading counts the checks the filters leave shown. Long tokens (links, ARNs,
//! evidence keys) wrap, so the page never scrolls sideways on a phone. Without JavaScript every
//! check is shown and the filters stay hidden.

mod check;
mod markdown;

use base64::Engine;
use rampart_checks::CheckMeta;
use rampart_model::{Severity, Step};
use sha2::{Digest, Sha256};

use crate::summary::{CheckStatus, StepScore, Summary};
use crate::Audit;
pub use markdown::escape;
pub(crate) use markdown::inline;

/// The page's style sheet, inlined.
pub const STYLE: &str = include_str!("html/style.css");
/// The page's filter script, inlined.
pub const SCRIPT: &str = include_str!("html/app.js");

/// The Content-Security-Policy of the page: nothing may be fetched, only the inline style and
/// script with these exact contents may run.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
        hash(STYLE),
        hash(SCRIPT)
    )
}

fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Renders the whole page.
pub fn render(audit: &Audit) -> String {
    let summary = Summary::of(audit);
    let account = match &audit.account_alias {
        Some(alias) => format!("{} ({})", audit.account_id, alias),
        None => audit.account_id.clone(),
    };
    let taken = audit.taken_at.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut h = head(&format!("rampart audit · {account}"));
    h.push_str(&format!(
        "<header>\n<h1>rampart audit of account <span id=\"account\">{}</span></h1>\n<dl class=\"meta\"><dt>Taken</dt><dd><time datetime=\"{}\">{}</time></dd><dt>As</dt><dd><code>{}</code></dd></dl>\n</header>\n",
        escape(&account),
        escape(&audit.taken_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        escape(&taken),
        escape(&audit.caller.arn)
    ));
    h.push_str(&overview(&summary));
    h.push_str(&filters(audit));
    h.push_str("<main>\n");
    let mut failing = checks_with(audit, CheckStatus::Fail);
    failing.sort_by_key(|m| std::cmp::Reverse(m.severity));
    let mut unknown = checks_with(audit, CheckStatus::Unknown);
    unknown.sort_by_key(|m| std::cmp::Reverse(m.severity));
    group(&mut h, "failing", "Failing checks", audit, &failing);
    group(
        &mut h,
        "unknown",
        "Checks that could not be decided",
        audit,
        &unknown,
    );
    let passing = checks_with(audit, CheckStatus::Pass);
    let na = checks_with(audit, CheckStatus::NotApplicable);
    h.push_str(&format!(
        "<details class=\"passes\" id=\"passes\"><summary>Passing and not applicable checks (<span class=\"count\">{}</span>)</summary>\n",
        passing.len() + na.len()
    ));
    group(&mut h, "passing", "Passing checks", audit, &passing);
    group(
        &mut h,
        "not-applicable",
        "Not applicable (nothing to judge)",
        audit,
        &na,
    );
    h.push_str("</details>\n</main>\n");
    h.push_str(&foot(Some(SCRIPT)));
    h
}

/// `text` escaped, with a line-break opportunity (`<wbr>`) after each `after` and `_`, so a
/// long name such as `account_summary.AccountAccessKeysPresent` wraps between its parts on a
/// narrow screen instead of widening the page.
pub(crate) fn breakable(text: &str, after: char) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        if c == after || c == '_' {
            out.push_str("<wbr>");
        }
    }
    out
}

/// A page's start, up to and including `<body>`: the Content-Security-Policy, the viewport, the
/// inline style sheet and `title`. Every page rampart writes starts so.
pub(crate) fn head(title: &str) -> String {
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        escape(&content_security_policy())
    ));
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"color-scheme\" content=\"light dark\">\n");
    h.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(title)
    ));
    h
}

/// A page's end after `</main>`: the footer, then `script` (which the policy must allow).
pub(crate) fn foot(script: Option<&str>) -> String {
    let mut h = String::from("<footer>Generated by rampart from the snapshot taken at the time above. This page loads nothing from the network.</footer>\n");
    if let Some(script) = script {
        h.push_str(&format!("<script>{script}</script>\n"));
    }
    h.push_str("</body>\n</html>\n");
    h
}

pub(crate) fn checks_with(audit: &Audit, status: CheckStatus) -> Vec<&'static CheckMeta> {
    audit
        .checks
        .iter()
        .copied()
        .filter(|m| audit.check_status(m.id) == status)
        .collect()
}

fn overview(summary: &Summary) -> String {
    let mut h = String::from("<section aria-label=\"Scores\">\n<div class=\"steps\">\n");
    for s in &summary.steps {
        h.push_str(&step_card(s));
    }
    h.push_str("</div>\n<ul class=\"chips\" aria-label=\"Failing findings by severity\"><li class=\"label\">Failing findings by severity</li>");
    for (sev, n) in summary.failures_by_severity.entries() {
        h.push_str(&format!(
            "<li><span class=\"sev sev-{0}\">{0}</span> <span id=\"count-{0}\">{n}</span></li>",
            sev.as_str()
        ));
    }
    let (c, f) = (&summary.checks, &summary.findings);
    h.push_str(&format!(
        "</ul>\n<p class=\"totals\"><span id=\"check-totals\">Checks: {} failing checks, {} unknown, {} passing, {} not applicable</span> · <span id=\"finding-totals\">Findings: {} failing findings, {} unknown, {} passing</span></p>\n</section>\n",
        c.failing, c.unknown, c.passing, c.not_applicable, f.fail, f.unknown, f.pass
    ));
    h
}

fn step_card(s: &StepScore) -> String {
    // A step with nothing to judge has nothing left to do.
    let pct = (s.passing * 100).checked_div(s.applicable).unwrap_or(100);
    let class = match pct {
        100 => "good",
        50..=99 => "mid",
        _ => "bad",
    };
    format!(
        "<section class=\"step {class}\" id=\"step-{n}\" data-step=\"{n}\">\
<svg class=\"ring\" viewBox=\"0 0 36 36\" role=\"img\" aria-label=\"{p} of {a} checks pass\">\
<circle class=\"track\" cx=\"18\" cy=\"18\" r=\"15.5\" pathLength=\"100\"/>\
{value}</svg>\
<div><h3>Step {n} · {t}</h3><p class=\"score\"><span class=\"passing\">{p}</span>/<span class=\"applicable\">{a}</span> <small>checks pass</small></p>\
<meter min=\"0\" max=\"{max}\" value=\"{p}\" title=\"{pct}%\"></meter>\
<p class=\"tags\">checks: {f} failing · {u} unknown · {na} not applicable</p></div></section>\n",
        n = s.step,
        value = if pct == 0 {
            String::new()
        } else {
            format!("<circle class=\"value\" cx=\"18\" cy=\"18\" r=\"15.5\" pathLength=\"100\" stroke-dasharray=\"{pct} 100\"/>")
        },
        t = escape(s.title),
        p = s.passing,
        a = s.applicable,
        max = s.applicable.max(1),
        f = s.failing,
        u = s.unknown,
        na = s.not_applicable,
    )
}

fn filters(audit: &Audit) -> String {
    let mut h = String::from(
        "<div class=\"filters\" id=\"filters\" role=\"search\" hidden>\n<label>Step<select id=\"f-step\"><option value=\"\">all</option>",
    );
    for step in Step::ALL {
        if audit.checks.iter().any(|m| m.step == step) {
            h.push_str(&format!(
                "<option value=\"{0}\">{0} · {1}</option>",
                step.number(),
                escape(step.title())
            ));
        }
    }
    h.push_str("</select></label>\n<label>Severity<select id=\"f-severity\"><option value=\"\">all</option>");
    for sev in Severity::ALL.iter().rev() {
        h.push_str(&format!("<option value=\"{0}\">{0}</option>", sev.as_str()));
    }
    h.push_str(
        "</select></label>\n<label>Status<select id=\"f-status\"><option value=\"\">all</option>",
    );
    for (v, label) in [
        ("fail", "failing"),
        ("unknown", "unknown"),
        ("pass", "passing"),
        ("not_applicable", "not applicable"),
    ] {
        h.push_str(&format!("<option value=\"{v}\">{label}</option>"));
    }
    h.push_str("</select></label>\n<button type=\"button\" id=\"f-reset\">Show all</button> <output id=\"shown\"></output>\n</div>\n");
    h
}

pub(crate) fn group(
    h: &mut String,
    id: &str,
    title: &str,
    audit: &Audit,
    checks: &[&'static CheckMeta],
) {
    if checks.is_empty() {
        return;
    }
    h.push_str(&format!(
        "<section class=\"group\" id=\"{id}\">\n<h2>{} (<span class=\"count\">{}</span>)</h2>\n",
        escape(title),
        checks.len()
    ));
    for m in checks {
        h.push_str(&check::render(audit, m));
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    #[test]
    fn the_policy_allows_exactly_the_inline_assets() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none';"), "{csp}");
        assert_eq!(csp.matches("sha256-").count(), 2);
        let page = render(&test_support::audit());
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(
            !page.contains(" src="),
            "no external resource is referenced"
        );
        assert!(
            !page.contains(" style="),
            "inline style attributes would break the policy"
        );
    }

    #[test]
    fn long_names_may_break_after_their_separators() {
        assert_eq!(breakable("a_b.c<d>", '.'), "a_<wbr>b.<wbr>c&lt;d&gt;");
        assert_eq!(breakable("RMP1,RMP2", ','), "RMP1,<wbr>RMP2");
    }

    #[test]
    fn totals_say_whether_they_count_checks_or_findings() {
        let page = render(&test_support::audit());
        assert!(page.contains("<li class=\"label\">Failing findings by severity</li>"));
        assert!(page.contains(
            "Checks: 2 failing checks, 1 unknown, 2 passing, 1 not applicable</span> · "
        ));
        assert!(page.contains("Findings: 3 failing findings, 1 unknown, 3 passing</span>"));
        assert!(page.contains("checks: 0 failing · 0 unknown · 1 not applicable"));
    }

    #[test]
    fn failures_come_first_most_severe_first_and_passes_are_collapsed() {
        let page = render(&test_support::audit());
        let pos = |needle: &str| {
            page.find(needle)
                .unwrap_or_else(|| panic!("{needle} in page"))
        };
        assert!(
            pos("id=\"RMP102\"") < pos("id=\"RMP203\""),
            "critical before high"
        );
        assert!(
            pos("id=\"RMP203\"") < pos("id=\"RMP114\""),
            "fail before unknown"
        );
        assert!(pos("<details class=\"passes\"") < pos("id=\"RMP105\""));
        assert!(page.contains("Missing permission: <code>account:GetAlternateContact</code>"));
        assert!(page.contains(
            "<th scope=\"row\">credential_<wbr>report.<wbr>root_<wbr>active_<wbr>keys</th><td><code>2</code></td>"
        ));
    }
}
