//! One check of the HTML report: severity, title and tags, its findings with their evidence,
//! and the parts of its documentation a reader acts on (how to fix, why, AWS links).

use rampart_checks::CheckMeta;
use rampart_model::{Finding, Status};

use super::breakable;
use super::markdown::{block, escape, inline, link};
use crate::docs;
use crate::summary::CheckStatus;
use crate::Audit;

/// One check: its header, its findings (failures first), how to fix and its AWS links.
pub fn render(audit: &Audit, m: &'static CheckMeta) -> String {
    let status = audit.check_status(m.id);
    let frameworks: Vec<String> = m
        .frameworks
        .iter()
        .map(|(f, c)| format!("{} {}", escape(f), escape(c)))
        .collect();
    let mut h = format!(
        "<article class=\"check\" id=\"{id}\" data-step=\"{step}\" data-severity=\"{sev}\" data-status=\"{st}\">\n\
<header><span class=\"sev sev-{sev}\">{sev}</span><h3><code>{id}</code> {title}</h3></header>\n\
<p class=\"tags\">Step {step} · {step_title} · {slug} · fix: {fix}{fw}</p>\n",
        id = escape(m.id),
        step = m.step.number(),
        step_title = escape(m.step.title()),
        sev = m.severity.as_str(),
        st = status.as_str(),
        title = escape(m.title),
        slug = escape(m.slug),
        fix = escape(&audit.fix_of(m).sentence()),
        fw = if frameworks.is_empty() {
            String::new()
        } else {
            format!(" · {}", frameworks.join(", "))
        },
    );
    let mut findings: Vec<&Finding> = audit.findings_of(m.id).collect();
    findings.sort_by_key(|f| f.status);
    if !findings.is_empty() {
        h.push_str("<ul class=\"findings\">\n");
        for f in findings {
            h.push_str(&finding(f));
        }
        h.push_str("</ul>\n");
    }
    h.push_str(&documentation(m, status));
    h.push_str("</article>\n");
    h
}

fn finding(f: &Finding) -> String {
    let st = match f.status {
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::Pass => "pass",
    };
    let region = f
        .resource
        .region
        .as_deref()
        .filter(|r| *r != f.resource.id)
        .map(|r| format!(" <small>({})</small>", escape(r)))
        .unwrap_or_default();
    let mut h = format!(
        "<li class=\"finding\" data-status=\"{st}\"><span class=\"st st-{st}\">{st}</span> {} <code>{}</code>{region}<br>{}",
        escape(&f.resource.kind),
        escape(&f.resource.id),
        inline(&f.message)
    );
    if let Some(p) = &f.missing_permission {
        h.push_str(&format!(
            "<br>Missing permission: <code>{}</code>",
            escape(p)
        ));
    }
    if !f.evidence.is_empty() {
        h.push_str("<table class=\"evidence\"><caption hidden>Evidence</caption>");
        for (k, v) in &f.evidence {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            h.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td><code>{}</code></td></tr>",
                breakable(k, '.'),
                escape(&text)
            ));
        }
        h.push_str("</table>");
    }
    h.push_str("</li>\n");
    h
}

fn documentation(m: &CheckMeta, status: CheckStatus) -> String {
    let text = m.docs();
    let mut h = String::new();
    let open = if matches!(status, CheckStatus::Fail | CheckStatus::Unknown) {
        " open"
    } else {
        ""
    };
    if let Some(fix) = docs::section(&text, "How to fix") {
        h.push_str(&format!(
            "<details class=\"doc fix\"{open}><summary>How to fix</summary>{}</details>\n",
            block(&fix)
        ));
    }
    if let Some(why) = docs::section(&text, "Why it matters") {
        h.push_str(&format!(
            "<details class=\"doc why\"><summary>Why it matters</summary>{}</details>\n",
            block(&why)
        ));
    }
    let aws: Vec<String> = docs::links(&text)
        .into_iter()
        .filter(|u| u.starts_with("https://docs.aws.amazon.com/"))
        .collect();
    if !aws.is_empty() {
        let links: Vec<String> = aws.iter().map(|u| link(u, u)).collect();
        h.push_str(&format!(
            "<p class=\"tags refs\">AWS documentation: {}</p>\n",
            links.join(" · ")
        ));
    }
    h
}
