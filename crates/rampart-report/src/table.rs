//! The terminal view of an audit.
//!
//! Checks are grouped by the baseline's four steps, each under a score line such as
//! `Step 2 · MFA  1/4` (checks passing / checks that applied). Inside a step, failing checks come
//! first (most severe first), then checks that could not be decided, then passing checks on one
//! compact line each, and last the checks that found nothing to judge. A failing check shows its severity, id and title, then each failing
//! resource with the message and the key evidence, then a one-line fix hint. A summary closes
//! the report. Colour is used only when the caller asks for it.

use rampart_checks::CheckMeta;
use rampart_model::{Finding, Status, Step};

use crate::paint::Paint;
use crate::short_form;
use crate::summary::{CheckStatus, Summary};
use crate::wrap::{wrap, wrap_items, wrap_painted};
use crate::Audit;

/// How to draw the table.
#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    pub color: bool,
    /// Columns available; text is wrapped to fit (never below 40).
    pub width: usize,
    /// Show every finding (all failing resources, and passing ones) instead of a bounded view.
    pub verbose: bool,
}

impl Default for TableOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 100,
            verbose: false,
        }
    }
}

/// Failing resources shown per check unless `verbose`.
const SHOWN_PER_CHECK: usize = 10;
/// Evidence entries shown per finding.
const EVIDENCE_MAX: usize = 6;

/// Renders the whole report, ending with a newline.
pub fn render(audit: &Audit, opts: &TableOptions) -> String {
    let p = Paint { color: opts.color };
    let width = opts.width.max(40);
    let summary = Summary::of(audit);
    let mut out: Vec<String> = Vec::new();
    let title = format!(
        "rampart audit of account {} · snapshot taken {}",
        account_label(audit),
        audit.taken_at.format("%Y-%m-%d %H:%M:%S UTC")
    );
    out.extend(wrap(&title, width, "", "  "));
    for score in &summary.steps {
        out.push(String::new());
        let header = format!(
            "Step {} · {}  {}/{}",
            score.step, score.title, score.passing, score.applicable
        );
        let na = match score.not_applicable {
            0 => String::new(),
            n => p.dim(&format!("  ({n} not applicable)")),
        };
        out.push(format!("{}{na}", p.bold(&header)));
        let step = Step::ALL[usize::from(score.step - 1)];
        let mut metas: Vec<(usize, &CheckMeta, CheckStatus)> = audit
            .checks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.step == step)
            .map(|(i, m)| (i, *m, audit.check_status(m.id)))
            .collect();
        // Failures, then unknowns (most severe first), then passes in registry order.
        metas.sort_by_key(|(i, m, s)| {
            let decided = matches!(s, CheckStatus::Pass | CheckStatus::NotApplicable);
            let severity = if decided { None } else { Some(m.severity) };
            (*s, std::cmp::Reverse(severity), *i)
        });
        for (_, meta, status) in metas {
            match status {
                CheckStatus::Pass | CheckStatus::NotApplicable => {
                    passing(&mut out, audit, meta, opts.verbose, width, p);
                }
                CheckStatus::Fail | CheckStatus::Unknown => undecided(
                    &mut out,
                    audit,
                    meta,
                    status == CheckStatus::Fail,
                    opts.verbose,
                    width,
                    p,
                ),
            }
        }
    }
    out.push(String::new());
    summary_lines(&mut out, audit, &summary, width, p);
    let mut s = out.join("\n");
    s.push('\n');
    s
}

fn account_label(audit: &Audit) -> String {
    match &audit.account_alias {
        Some(alias) => format!("{} ({alias})", audit.account_id),
        None => audit.account_id.clone(),
    }
}

/// A failing or unknown check: header, its non-passing findings, the fix hint.
fn undecided(
    out: &mut Vec<String>,
    audit: &Audit,
    meta: &CheckMeta,
    failed: bool,
    verbose: bool,
    width: usize,
    p: Paint,
) {
    let mark = if failed { p.red("✗") } else { p.yellow("?") };
    let first = format!(
        "  {mark} {}  {}  ",
        p.severity(meta.severity),
        p.bold(meta.id)
    );
    out.extend(wrap_painted(&first, meta.title, width, &" ".repeat(22)));
    let findings: Vec<&Finding> = audit.findings_of(meta.id).collect();
    let mut shown: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| f.status == Status::Fail)
        .collect();
    shown.extend(
        findings
            .iter()
            .copied()
            .filter(|f| f.status == Status::Unknown),
    );
    let limit = if verbose { usize::MAX } else { SHOWN_PER_CHECK };
    for f in shown.iter().take(limit) {
        let lead = if failed && f.status == Status::Unknown {
            "? "
        } else {
            ""
        };
        let first = format!("      {lead}{}: ", short_form::resource(&f.resource));
        out.extend(wrap(&f.message, width, &first, "        "));
        if !f.evidence.is_empty() {
            let items = short_form::evidence(&f.evidence, EVIDENCE_MAX);
            let lines = wrap_items(&items, width, "        evidence: ", "          ");
            out.extend(lines.into_iter().map(|l| p.dim(&l)));
        }
        if let Some(action) = &f.missing_permission {
            out.push(p.dim(&format!("        missing permission: {action}")));
        }
    }
    if shown.len() > limit {
        out.push(p.dim(&format!(
            "      … and {} more (-v or --format json shows all)",
            shown.len() - limit
        )));
    }
    let passes = findings.iter().filter(|f| f.status == Status::Pass).count();
    if passes > 0 {
        out.push(p.dim(&format!("      + {passes} passing")));
    }
    if failed {
        let hint = audit.fix_of(meta).hint(meta.id);
        out.extend(
            wrap(&hint, width, "      ", "        ")
                .into_iter()
                .map(|l| p.dim(&l)),
        );
    }
}

/// A passing (or not applicable) check on one line, or one line per finding when verbose.
fn passing(
    out: &mut Vec<String>,
    audit: &Audit,
    meta: &CheckMeta,
    verbose: bool,
    width: usize,
    p: Paint,
) {
    let findings: Vec<&Finding> = audit.findings_of(meta.id).collect();
    let (mark, what) = match findings.as_slice() {
        [] => (p.dim("–"), "not applicable (nothing to judge)".to_owned()),
        [one] => (p.green("✓"), one.message.clone()),
        many => (p.green("✓"), format!("all {} resources pass", many.len())),
    };
    let first = format!("  {mark} {}  {}: ", meta.id, meta.slug);
    out.extend(wrap_painted(&first, &what, width, "        "));
    if verbose && findings.len() > 1 {
        for f in findings {
            let first = format!("      {}: ", short_form::resource(&f.resource));
            out.extend(wrap(&f.message, width, &first, "        "));
        }
    }
}

fn summary_lines(out: &mut Vec<String>, audit: &Audit, s: &Summary, width: usize, p: Paint) {
    out.push(p.bold("Summary"));
    let c = &s.checks;
    // Checks and findings are both named on their failing counts, so neither is read as the
    // other. Unknown first: a check that could not be decided must never read as a pass.
    let checks = [
        format!("{} unknown", c.unknown),
        format!("{} failing checks", c.failing),
        format!("{} passing", c.passing),
        format!("{} not applicable", c.not_applicable),
        format!("{} evaluated", c.evaluated),
    ];
    let rest = " ".repeat(12);
    out.extend(wrap_items(&checks, width, "  checks    ", &rest));
    let f = &s.findings;
    let findings = [
        format!("{} failing findings", f.fail),
        format!("{} unknown", f.unknown),
        format!("{} passing", f.pass),
    ];
    out.extend(wrap_items(&findings, width, "  findings  ", &rest));
    let sev: Vec<String> = s
        .failures_by_severity
        .entries()
        .iter()
        .map(|(sv, n)| format!("{n} {}", sv.as_str()))
        .collect();
    out.extend(wrap_items(
        &sev,
        width,
        "  failing findings by severity: ",
        &rest,
    ));
    out.push(format!("  account   {}", account_label(audit)));
    out.push(format!("  caller    {}", audit.caller.arn));
    out.push(format!(
        "  taken at  {}",
        audit.taken_at.format("%Y-%m-%d %H:%M:%S UTC")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    #[test]
    fn snapshot_plain() {
        let s = render(&test_support::audit(), &TableOptions::default());
        insta::assert_snapshot!(s);
    }

    #[test]
    fn failures_come_before_unknowns_and_passes() {
        let s = render(&test_support::audit(), &TableOptions::default());
        let pos = |needle: &str| {
            s.find(needle)
                .unwrap_or_else(|| panic!("`{needle}` missing:\n{s}"))
        };
        assert!(pos("Step 1 · Stop using the root user  1/3") < pos("✗ critical  RMP102"));
        assert!(pos("RMP102") < pos("? low       RMP114"));
        assert!(pos("RMP114") < pos("✓ RMP105"));
        assert!(s.contains("Step 3 · CloudTrail  1/1  (1 not applicable)"));
        assert!(
            pos("✓ RMP301")
                < pos("– RMP305  trail-bucket-public: not applicable (nothing to judge)")
        );
        assert!(s.contains("Step 2 · MFA  0/1"));
        assert!(!s.contains("Step 4"), "no step without evaluated checks");
        assert!(s.contains(
            "fix: rampart apply --delete-root-access-keys — the flag consents to what it changes"
        ));
        assert!(s.contains("missing permission: account:GetAlternateContact"));
        assert!(s.contains("+ 1 passing"));
    }

    #[test]
    fn the_summary_names_checks_and_findings_apart() {
        let s = render(&test_support::audit(), &TableOptions::default());
        let summary = &s[s.find("\nSummary\n").expect("a summary")..];
        assert!(summary.contains(
            "  checks    1 unknown · 2 failing checks · 2 passing · 1 not applicable · 6 evaluated\n"
        ));
        assert!(summary.contains("  findings  3 failing findings · 1 unknown · 3 passing\n"));
        assert!(summary.contains(
            "  failing findings by severity: 1 critical · 2 high · 0 medium · 0 low · 0 info\n"
        ));
        assert!(!summary.contains("failures"), "{summary}");
    }

    #[test]
    fn lines_fit_the_width_unless_a_word_is_longer() {
        let s = render(
            &test_support::audit(),
            &TableOptions {
                width: 60,
                ..Default::default()
            },
        );
        for line in s.lines() {
            let n = line.chars().count();
            let one_word = line.split_whitespace().count() <= 2;
            assert!(n <= 60 || one_word, "{n} columns: {line}");
        }
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = render(&test_support::audit(), &TableOptions::default());
        assert!(!plain.contains('\u{1b}'));
        let colored = render(
            &test_support::audit(),
            &TableOptions {
                color: true,
                ..Default::default()
            },
        );
        assert!(colored.contains('\u{1b}'));
        assert_eq!(
            crate::wrap::visible_len(&colored.replace('\n', "")),
            crate::wrap::visible_len(&plain.replace('\n', ""))
        );
    }

    #[test]
    fn evidence_is_cut_between_whole_values() {
        let mut a = test_support::audit();
        let classes: Vec<String> = (1..=20).map(|i| format!("character-class-{i}")).collect();
        a.findings[0]
            .evidence
            .insert("missing".to_owned(), serde_json::json!(classes));
        let s = render(&a, &TableOptions::default());
        let line = s
            .lines()
            .find(|l| l.contains("missing="))
            .unwrap_or_else(|| panic!("the evidence is shown:\n{s}"));
        assert!(
            line.ends_with(r#"missing=["character-class-1","character-class-2", … and 18 more]"#),
            "{line}"
        );
    }

    #[test]
    fn verbose_lists_passing_resources_and_quiet_bounds_failures() {
        let mut a = test_support::audit();
        let template = a.findings[3].clone();
        for i in 0..15 {
            let mut f = template.clone();
            f.resource.id = format!("arn:aws:iam::123456789012:user/u{i}");
            a.findings.push(f);
        }
        let short = render(&a, &TableOptions::default());
        assert!(short.contains("… and 7 more"), "{short}");
        let long = render(
            &a,
            &TableOptions {
                verbose: true,
                ..Default::default()
            },
        );
        assert!(long.contains("iam-user u14") && !long.contains("… and"));
    }
}
