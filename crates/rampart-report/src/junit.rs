//! The JUnit XML report, for CI dashboards: one test suite per step of the baseline, one test
//! case per check and resource. A failing finding is a `<failure>`; an undecided one is
//! `<skipped>` with the reason; a check with nothing to judge is one skipped case.
//!
//! The layout follows the widely used JUnit schema (Jenkins, GitLab, Azure DevOps):
//! `testsuites > testsuite > (properties?, testcase*)`, `testcase > (failure | skipped)?`.

use rampart_model::{Finding, Status, Step};

use crate::html::escape;
use crate::Audit;

struct Case {
    classname: String,
    name: String,
    outcome: Outcome,
}

enum Outcome {
    Pass,
    Fail {
        severity: &'static str,
        message: String,
        body: String,
    },
    Skipped(String),
}

fn evidence_text(f: &Finding) -> String {
    let mut lines = vec![format!("resource: {} {}", f.resource.kind, f.resource.id)];
    if let Some(r) = &f.resource.region {
        lines.push(format!("region: {r}"));
    }
    for (k, v) in &f.evidence {
        lines.push(format!("{k}: {v}"));
    }
    lines.join("\n")
}

fn cases(audit: &Audit, step: Step) -> Vec<Case> {
    let mut out = Vec::new();
    for m in audit.checks.iter().filter(|m| m.step == step) {
        let classname = format!("rampart.step{}.{}", step.number(), m.id);
        let mut any = false;
        for f in audit.findings_of(m.id) {
            any = true;
            let outcome = match f.status {
                Status::Pass => Outcome::Pass,
                Status::Fail => Outcome::Fail {
                    severity: m.severity.as_str(),
                    message: format!("{}: {}", m.title, f.message),
                    body: evidence_text(f),
                },
                Status::Unknown => Outcome::Skipped(match &f.missing_permission {
                    Some(p) => format!(
                        "could not be decided: {} (missing permission: {p})",
                        f.message
                    ),
                    None => format!("could not be decided: {}", f.message),
                }),
            };
            out.push(Case {
                classname: classname.clone(),
                name: format!("{} {} [{}]", m.id, m.slug, f.resource.id),
                outcome,
            });
        }
        if !any {
            out.push(Case {
                classname,
                name: format!("{} {}", m.id, m.slug),
                outcome: Outcome::Skipped("not applicable: nothing to judge".into()),
            });
        }
    }
    out
}

/// Renders the JUnit XML document.
pub fn render(audit: &Audit) -> String {
    let (suites, tests, failures) = suites(audit, "");
    document(
        &format!("rampart audit of {}", audit.account_id),
        &suites,
        tests,
        failures,
    )
}

/// The `<testsuites>` document around `suites`.
pub(crate) fn document(name: &str, suites: &str, tests: usize, failures: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"0\">\n{suites}</testsuites>\n",
        escape(name)
    )
}

/// One account's test suites (one per step, each name after `prefix`), with the number of
/// test cases and of failures.
pub(crate) fn suites(audit: &Audit, prefix: &str) -> (String, usize, usize) {
    let timestamp = audit.taken_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for step in Step::ALL {
        let cases = cases(audit, step);
        if cases.is_empty() {
            continue;
        }
        let f = cases
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Fail { .. }))
            .count();
        let s = cases
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Skipped(_)))
            .count();
        tests += cases.len();
        failures += f;
        suites.push_str(&format!(
            "  <testsuite name=\"{}Step {} · {}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"{s}\" time=\"0\" timestamp=\"{timestamp}\" hostname=\"{}\">\n",
            escape(prefix),
            step.number(),
            escape(step.title()),
            cases.len(),
            escape(&audit.account_id),
        ));
        suites.push_str(&format!(
            "    <properties>\n      <property name=\"account_id\" value=\"{}\"/>\n      <property name=\"step\" value=\"{}\"/>\n    </properties>\n",
            escape(&audit.account_id),
            step.number()
        ));
        for c in cases {
            suites.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
                escape(&c.classname),
                escape(&c.name)
            ));
            match c.outcome {
                Outcome::Pass => suites.push_str("/>\n"),
                Outcome::Fail { severity, message, body } => suites.push_str(&format!(
                    ">\n      <failure message=\"{}\" type=\"{severity}\">{}</failure>\n    </testcase>\n",
                    escape(&message),
                    escape(&body)
                )),
                Outcome::Skipped(message) => suites.push_str(&format!(
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    escape(&message)
                )),
            }
        }
        suites.push_str("  </testsuite>\n");
    }
    (suites, tests, failures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    #[test]
    fn counts_cases_per_check_and_resource() {
        let x = render(&test_support::audit());
        // 7 findings plus one case for the check with nothing to judge.
        assert_eq!(x.matches("<testcase ").count(), 8);
        assert_eq!(x.matches("<failure ").count(), 3);
        assert_eq!(x.matches("<skipped ").count(), 2);
        assert!(
            x.contains("tests=\"8\" failures=\"3\" errors=\"0\" time=\"0\">"),
            "{x}"
        );
        assert!(
            x.contains("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""),
            "step 1: {x}"
        );
    }
}
