//! The compliance view in the terminal: one row per control (control, status, checks, title),
//! its failing and undecided findings below it, all wrapped to the terminal's width the way
//! the audit table is.

use rampart_model::Status;

use super::{check_list, evaluate, totals, ControlResult, ControlStatus, Framework};
use crate::paint::Paint;
use crate::short_form::resource;
use crate::table::TableOptions;
use crate::wrap::{wrap, wrap_painted};
use crate::Audit;

/// Columns of the status cell: the longest status, `not_applicable`, and a space.
const STATUS_WIDTH: usize = 15;
/// The fewest columns the title may wrap in beside the others; below that it wraps under them.
const TITLE_MIN: usize = 20;

/// Renders the view, ending with a newline. `opts.verbose` is not used: every problem finding
/// of a control is listed.
pub fn render_table(fw: &Framework, audit: &Audit, opts: &TableOptions) -> String {
    let p = Paint { color: opts.color };
    let width = opts.width.max(40);
    let results = evaluate(fw, audit);
    let title = format!(
        "{} ({}) · account {} · {}",
        fw.title,
        fw.name,
        audit.account_id,
        audit.taken_at.format("%Y-%m-%d %H:%M UTC")
    );
    let mut out = wrap(&title, width, "", "  ");
    out.push(String::new());
    let cw = column(&results, "CONTROL", |r| r.control.chars().count());
    let kw = column(&results, "CHECKS", |r| check_list(r).chars().count()).max(8);
    let title_at = cw + 1 + STATUS_WIDTH + 1 + kw + 1;
    let beside = width.saturating_sub(title_at) >= TITLE_MIN;
    let title_rest = " ".repeat(if beside { title_at } else { cw + 1 });
    let header = format!(
        "{:<cw$} {:<STATUS_WIDTH$} {:<kw$} ",
        "CONTROL", "STATUS", "CHECKS"
    );
    if beside {
        out.push(p.bold(&format!("{header}TITLE")));
    } else {
        out.push(p.bold(header.trim_end()));
        out.push(p.bold(&format!("{title_rest}TITLE")));
    }
    let finding_rest = " ".repeat(cw + 3 + 8);
    for r in &results {
        let first = format!(
            "{:<cw$} {} {:<kw$} ",
            r.control,
            status(p, r.status),
            check_list(r)
        );
        out.extend(wrap_painted(&first, r.title, width, &title_rest));
        for f in &r.findings {
            let tag = if f.status == Status::Fail {
                "fail"
            } else {
                "unknown"
            };
            let text = format!("{} {}: {}", f.check_id, resource(&f.resource), f.message);
            let first = format!("{:cw$}   {tag:<7} ", "");
            out.extend(wrap(&text, width, &first, &finding_rest));
        }
        if let (ControlStatus::Manual, Some(how)) = (r.status, r.how_to) {
            let first = format!("{:cw$}   {:<7} ", "", "verify");
            out.extend(wrap(how, width, &first, &finding_rest));
        }
    }
    out.push(String::new());
    out.extend(wrap(&totals(&results), width, "", "  "));
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// The width of a column: its widest cell or its heading.
fn column(
    results: &[ControlResult],
    heading: &str,
    cell: impl Fn(&ControlResult) -> usize,
) -> usize {
    results
        .iter()
        .map(cell)
        .max()
        .unwrap_or(0)
        .max(heading.len())
}

fn status(p: Paint, s: ControlStatus) -> String {
    let padded = format!("{:<STATUS_WIDTH$}", s.as_str());
    match s {
        ControlStatus::Fail => p.red(&padded),
        ControlStatus::Unknown => p.yellow(&padded),
        ControlStatus::Pass => p.green(&padded),
        _ => p.dim(&padded),
    }
}
