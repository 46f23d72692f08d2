//! The compliance view as one self-contained HTML page: a row per control with its status,
//! checks and title, its failing and undecided findings inside the row. The page is built on
//! the audit report's own head, so it carries the same Content-Security-Policy (nothing is
//! fetched, only the inline style runs) and the same style sheet.

use chrono::{DateTime, Utc};
use rampart_model::Status;

use super::{check_list, evaluate, totals, ControlStatus, Framework};
use crate::html::{breakable, escape, foot, head, inline};
use crate::short_form::resource;
use crate::Audit;

/// Renders the whole page.
pub fn render_html(fw: &Framework, audit: &Audit) -> String {
    let mut h = head(&format!("{} · {}", fw.title, audit.account_id));
    h.push_str(&format!(
        "<header>\n<h1>{} <small>({})</small></h1>\n<dl class=\"meta\"><dt>Account</dt><dd>{}</dd><dt>Taken</dt><dd><time datetime=\"{}\">{}</time></dd></dl>\n</header>\n<main>\n",
        escape(&fw.title),
        escape(&fw.name),
        escape(&audit.account_id),
        escape(&audit.taken_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        audit.taken_at.format("%Y-%m-%d %H:%M UTC"),
    ));
    h.push_str(&section(fw, audit));
    h.push_str("</main>\n");
    h.push_str(&foot(None));
    h
}

/// One page with a section per account of an organization: `sections` holds each account's
/// heading and its view, or the reason it could not be audited.
pub(crate) fn page_of_accounts(
    fw: &Framework,
    organization_id: &str,
    taken_at: DateTime<Utc>,
    sections: &[(String, Result<String, String>)],
) -> String {
    let mut h = head(&format!("{} · {organization_id}", fw.title));
    h.push_str(&format!(
        "<header>\n<h1>{} <small>({})</small></h1>\n<dl class=\"meta\"><dt>Organization</dt><dd>{}</dd><dt>Taken</dt><dd><time datetime=\"{}\">{}</time></dd></dl>\n</header>\n<main>\n",
        escape(&fw.title),
        escape(&fw.name),
        escape(organization_id),
        escape(&taken_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        taken_at.format("%Y-%m-%d %H:%M UTC"),
    ));
    for (heading, body) in sections {
        h.push_str(&format!(
            "<section class=\"account\">\n<h2>{}</h2>\n",
            escape(heading)
        ));
        match body {
            Ok(view) => h.push_str(view),
            Err(reason) => h.push_str(&format!(
                "<p class=\"totals\"><span class=\"st st-unknown\">unreachable</span> not known to meet any control: {}</p>\n",
                escape(reason)
            )),
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n");
    h.push_str(&foot(None));
    h
}

/// The totals line and the table of controls.
pub(crate) fn section(fw: &Framework, audit: &Audit) -> String {
    let results = evaluate(fw, audit);
    let mut h = String::new();
    h.push_str(&format!(
        "<p class=\"totals\">{}</p>\n<table class=\"controls\">\n<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Status</th><th scope=\"col\">Checks</th><th scope=\"col\">Title and findings</th></tr></thead>\n<tbody>\n",
        escape(&totals(&results))
    ));
    for r in &results {
        let st = r.status.as_str();
        h.push_str(&format!(
            "<tr class=\"control\" data-status=\"{st}\"><th scope=\"row\">{}</th><td class=\"status\"><span class=\"st st-{st}\">{st}</span></td><td class=\"checks\"><code>{}</code></td><td>{}",
            escape(r.control),
            breakable(&check_list(r), ','),
            escape(r.title)
        ));
        if let (ControlStatus::Manual, Some(how)) = (r.status, r.how_to) {
            h.push_str(&format!("<p class=\"how\">Verify: {}</p>", inline(how)));
        }
        if !r.findings.is_empty() {
            h.push_str("<ul class=\"findings\">");
            for f in &r.findings {
                let tag = if f.status == Status::Fail {
                    "fail"
                } else {
                    "unknown"
                };
                h.push_str(&format!(
                    "<li class=\"finding\"><span class=\"st st-{tag}\">{tag}</span> <code>{}</code> {}: {}</li>",
                    escape(&f.check_id),
                    escape(&resource(&f.resource)),
                    inline(&f.message)
                ));
            }
            h.push_str("</ul>");
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    h
}
