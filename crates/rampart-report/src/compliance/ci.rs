//! The compliance view for CI dashboards and code scanning: JUnit XML, one test case per
//! recommendation, and SARIF 2.1.0, one rule per recommendation and one result per
//! recommendation that fails or could not be decided.
//!
//! In JUnit, a failing recommendation is a `<failure>` listing its failing findings; one that
//! could not be decided, is left to a person (`manual`), has nothing to judge or was not
//! evaluated is `<skipped>` with the reason — never a pass. In SARIF, a failing recommendation
//! is a result of level `error`, an undecided one a `review` result; passing and manual ones
//! are left out, as code scanning shows only what needs attention. Both take several accounts:
//! one test suite, or one set of results, per account; an account that could not be reached
//! is one failure (a failing test case, an `error` result) with its reason.

use rampart_model::Status;
use serde_json::{json, Value};

use super::{evaluate, ControlResult, ControlStatus, Framework};
use crate::html::escape;
use crate::json::RAMPART_VERSION;
use crate::Audit;

/// One account for the CI formats: its id, and its audit or why it could not be audited.
pub(crate) type Account<'a> = (&'a str, Result<&'a Audit, &'a str>);

/// The failing and undecided findings of a recommendation, one a line.
fn findings_text(r: &ControlResult<'_>) -> String {
    r.findings
        .iter()
        .map(|f| {
            let status = if f.status == Status::Fail {
                "fail"
            } else {
                "unknown"
            };
            format!(
                "{status} {} {} {}: {}",
                f.check_id, f.resource.kind, f.resource.id, f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a recommendation is skipped rather than passed or failed, if it is.
fn skipped(r: &ControlResult<'_>) -> Option<String> {
    match r.status {
        ControlStatus::Fail | ControlStatus::Pass => None,
        ControlStatus::Unknown => Some(format!("could not be decided:\n{}", findings_text(r))),
        ControlStatus::Manual => Some(format!(
            "manual: {}",
            r.how_to.unwrap_or("rampart has no check for it")
        )),
        ControlStatus::NotApplicable => Some("not applicable: nothing to judge".into()),
        ControlStatus::NotEvaluated => Some("not evaluated: its checks were left out".into()),
    }
}

/// The JUnit XML document of `fw` for `accounts`.
pub(crate) fn junit(fw: &Framework, accounts: &[Account<'_>]) -> String {
    let (mut suites, mut tests, mut failures) = (String::new(), 0, 0);
    for (account, audit) in accounts {
        let classname = format!("rampart.{}", fw.name);
        let mut cases = String::new();
        let (mut n, mut failed, mut skips) = (0, 0, 0);
        let mut case = |name: &str, outcome: String| {
            n += 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"{outcome}",
                escape(&classname),
                escape(name)
            ));
        };
        match audit {
            Ok(audit) => {
                for r in evaluate(fw, audit) {
                    let name = format!("{} {}", r.control, r.title);
                    let outcome = match (r.status, skipped(&r)) {
                        (ControlStatus::Fail, _) => {
                            failed += 1;
                            format!(
                                ">\n      <failure message=\"{}\" type=\"fail\">{}</failure>\n    </testcase>\n",
                                escape(&format!("{} fails: {} finding(s)", r.control, r.findings.len())),
                                escape(&findings_text(&r))
                            )
                        }
                        (_, Some(why)) => {
                            skips += 1;
                            format!(
                                ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                                escape(&why)
                            )
                        }
                        (_, None) => "/>\n".to_owned(),
                    };
                    case(&name, outcome);
                }
            }
            Err(reason) => {
                failed += 1;
                case(
                    "unreachable",
                    format!(
                        ">\n      <failure message=\"{}\" type=\"unreachable\"/>\n    </testcase>\n",
                        escape(&format!("not known to meet any recommendation: {reason}"))
                    ),
                );
            }
        }
        tests += n;
        failures += failed;
        suites.push_str(&format!(
            "  <testsuite name=\"{} · {}\" tests=\"{n}\" failures=\"{failed}\" errors=\"0\" skipped=\"{skips}\" time=\"0\" hostname=\"{}\">\n{cases}  </testsuite>\n",
            escape(&fw.name),
            escape(account),
            escape(account),
        ));
    }
    crate::junit::document(
        &format!("rampart {} compliance", fw.name),
        &suites,
        tests,
        failures,
    )
}

/// The SARIF log of `fw` for `accounts`: one run, the recommendations as rules.
pub(crate) fn sarif(fw: &Framework, accounts: &[Account<'_>]) -> Result<String, serde_json::Error> {
    let rules: Vec<Value> = fw
        .controls
        .iter()
        .map(|c| {
            let mut r = json!({
                "id": c.id,
                "name": format!("{}/{}", fw.name, c.id),
                "shortDescription": { "text": c.title },
                "properties": { "tags": ["security", "aws", "compliance", fw.name], "checks": c.checks },
            });
            if let Some(how) = &c.how_to {
                r["help"] = json!({ "text": how });
            }
            r
        })
        .collect();
    let mut results = Vec::new();
    for (account, audit) in accounts {
        let location = json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": format!("aws/{account}/compliance/{}", fw.name) },
                "region": { "startLine": 1 },
            },
            "logicalLocations": [{ "name": account, "kind": "account" }],
        }]);
        let audit = match audit {
            Ok(a) => a,
            Err(reason) => {
                results.push(json!({
                    "ruleId": fw.controls.first().map_or("", |c| c.id.as_str()),
                    "kind": "fail",
                    "level": "error",
                    "message": { "text": format!("account {account} could not be audited, so it is not known to meet any recommendation: {reason}") },
                    "locations": location,
                    "partialFingerprints": { "rampartCompliance/v1": format!("{}:{account}:unreachable", fw.name) },
                }));
                continue;
            }
        };
        for r in evaluate(fw, audit) {
            let (kind, level) = match r.status {
                ControlStatus::Fail => ("fail", "error"),
                ControlStatus::Unknown => ("review", "none"),
                _ => continue,
            };
            let index = fw.controls.iter().position(|c| c.id == r.control);
            results.push(json!({
                "ruleId": r.control,
                "ruleIndex": index,
                "kind": kind,
                "level": level,
                "message": { "text": format!("{} {}: {}\n{}", r.control, r.title, r.status.as_str(), findings_text(&r)) },
                "locations": location,
                "partialFingerprints": { "rampartCompliance/v1": format!("{}:{account}:{}", fw.name, r.control) },
            }));
        }
    }
    let run = json!({
        "tool": { "driver": {
            "name": "rampart",
            "version": RAMPART_VERSION,
            "informationUri": "https://github.com/rampart-aws/rampart",
            "rules": rules,
        }},
        "automationDetails": { "id": format!("rampart/compliance/{}/", fw.name) },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": { "framework": fw.name, "title": fw.title, "version": fw.version },
    });
    crate::sarif::log(vec![run])
}
