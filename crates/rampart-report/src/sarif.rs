//! The SARIF 2.1.0 log, for GitHub code scanning and other static-analysis dashboards.
//!
//! One run; the tool's rules are the evaluated checks (id, title, documentation, severity as
//! `security-severity`); one result per failing or undecided finding. A finding's resource is
//! its logical location. Code scanning also wants a physical location, and an AWS account has
//! no source file, so each result points at a stable pseudo-path, `aws/<account>/<kind>`.
//! `partialFingerprints` identify a finding across runs by check and resource, so an alert
//! stays the same alert from one audit to the next and closes when the finding is fixed.
//! Passing findings are left out: code scanning shows only what needs attention.

use rampart_checks::CheckMeta;
use rampart_model::{Finding, Severity, Status};
use serde_json::{json, Value};

use crate::docs;
use crate::json::RAMPART_VERSION;
use crate::Audit;

/// The SARIF level of a failure of a check with this severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity`: a CVSS-like score it maps back to critical/high/medium/low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn rule(m: &CheckMeta) -> Value {
    let text = m.docs();
    let what = docs::section(&text, "What it checks").unwrap_or_else(|| m.title.to_string());
    let fix = docs::section(&text, "How to fix").unwrap_or_default();
    let mut tags = vec![
        "security".to_string(),
        "aws".to_string(),
        format!("step-{}", m.step.number()),
    ];
    tags.extend(m.frameworks.iter().map(|(f, c)| format!("{f}/{c}")));
    let mut r = json!({
        "id": m.id,
        "name": m.slug,
        "shortDescription": { "text": m.title },
        "fullDescription": { "text": what },
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": {
            "tags": tags,
            "precision": "high",
            "problem.severity": match level(m.severity) {
                "error" => "error",
                "warning" => "warning",
                _ => "recommendation",
            },
            "security-severity": security_severity(m.severity),
            "rampart-severity": m.severity.as_str(),
        },
    });
    if let Some(url) = docs::aws_doc_link(&text) {
        r["helpUri"] = url.into();
    }
    if !text.is_empty() {
        r["help"] = json!({
            "text": if fix.is_empty() { text.clone() } else { fix },
            "markdown": text,
        });
    }
    r
}

fn result(audit: &Audit, index: usize, m: &CheckMeta, f: &Finding) -> Value {
    let (kind, lvl) = match f.status {
        Status::Fail => ("fail", level(m.severity)),
        // SARIF requires level "none" for any kind but "fail".
        _ => ("review", "none"),
    };
    let mut message = f.message.clone();
    if let Some(p) = &f.missing_permission {
        message.push_str(&format!(" (missing permission: {p})"));
    }
    let mut logical = json!({
        "name": f.resource.id.rsplit(['/', ':']).next().unwrap_or(&f.resource.id),
        "fullyQualifiedName": f.resource.id,
        "kind": f.resource.kind,
    });
    if f.resource.id.is_empty() {
        logical["name"] = f.resource.kind.clone().into();
    }
    let mut r = json!({
        "ruleId": m.id,
        "ruleIndex": index,
        "kind": kind,
        "level": lvl,
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {
                    "uri": format!("aws/{}/{}", audit.account_id, f.resource.kind),
                },
                "region": { "startLine": 1 },
            },
            "logicalLocations": [logical],
        }],
        "partialFingerprints": {
            "rampartFinding/v1": format!("{}:{}", m.id, f.resource.id),
        },
    });
    let mut props = serde_json::Map::new();
    if let Some(region) = &f.resource.region {
        props.insert("region".into(), region.clone().into());
    }
    if !f.evidence.is_empty() {
        props.insert("evidence".into(), json!(f.evidence));
    }
    if !props.is_empty() {
        r["properties"] = Value::Object(props);
    }
    r
}

/// Renders the SARIF log as pretty JSON, ending with a newline.
pub fn render(audit: &Audit) -> Result<String, serde_json::Error> {
    log(vec![run(audit)])
}

/// A SARIF log of these runs, as pretty JSON ending with a newline.
pub(crate) fn log(runs: Vec<Value>) -> Result<String, serde_json::Error> {
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": runs,
    });
    let mut s = serde_json::to_string_pretty(&log)?;
    s.push('\n');
    Ok(s)
}

/// The SARIF run of one account's audit.
pub(crate) fn run(audit: &Audit) -> Value {
    let rules: Vec<Value> = audit.checks.iter().map(|m| rule(m)).collect();
    let results: Vec<Value> = audit
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .filter_map(|f| {
            let index = audit.checks.iter().position(|m| m.id == f.check_id)?;
            Some(result(audit, index, audit.checks[index], f))
        })
        .collect();
    json!({
        "tool": { "driver": {
            "name": "rampart",
            "version": RAMPART_VERSION,
            "informationUri": "https://github.com/rampart-aws/rampart",
            "rules": rules,
        }},
        "automationDetails": { "id": format!("rampart/{}/", audit.account_id) },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "account_id": audit.account_id,
            "taken_at": audit.taken_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support;

    #[test]
    fn one_result_per_finding_that_needs_attention() {
        let v: Value =
            serde_json::from_str(&render(&test_support::audit()).expect("renders")).expect("JSON");
        let run = &v["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().map(Vec::len),
            Some(6)
        );
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), 4, "3 failures and 1 unknown");
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[0]["ruleIndex"], 0);
        let unknown = results
            .iter()
            .find(|r| r["ruleId"] == "RMP114")
            .expect("unknown");
        assert_eq!(
            (unknown["kind"].as_str(), unknown["level"].as_str()),
            (Some("review"), Some("none"))
        );
        assert_eq!(
            results[2]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "arn:aws:iam::123456789012:user/alice"
        );
        assert_eq!(
            results[2]["partialFingerprints"]["rampartFinding/v1"],
            "RMP203:arn:aws:iam::123456789012:user/alice"
        );
    }
}
