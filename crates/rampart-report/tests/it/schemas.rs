//! Each machine format checked against its published schema, on every example account:
//! SARIF against the official SARIF 2.1.0 JSON schema (OASIS, `schemas/sarif-schema-2.1.0.json`),
//! JUnit against the Jenkins JUnit XSD (`schemas/junit-10.xsd`, validated with `xmllint`,
//! Debian package `libxml2-utils`), and CSV parsed back into the findings it came from.
//! The validators are also shown to reject broken documents, so a pass means something.

use std::process::Command;

use crate::test_support::{example, schema, EXAMPLES};
use rampart_report::{csv, junit, sarif};
use serde_json::Value;

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema("sarif-schema-2.1.0.json")).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema() {
    let v = sarif_validator();
    for name in EXAMPLES {
        let doc: Value =
            serde_json::from_str(&sarif::render(&example(name)).expect("renders")).expect("JSON");
        assert_eq!(errors(&v, &doc), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn the_sarif_schema_rejects_broken_logs() {
    let v = sarif_validator();
    let good: Value = serde_json::from_str(&sarif::render(&example("brand-new")).expect("renders"))
        .expect("JSON");
    let mut bad_level = good.clone();
    bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!errors(&v, &bad_level).is_empty());
    let mut no_message = good.clone();
    if let Some(r) = no_message["runs"][0]["results"][0].as_object_mut() {
        r.remove("message");
    }
    assert!(!errors(&v, &no_message).is_empty());
    let mut bad_version = good;
    bad_version["version"] = "2.0".into();
    assert!(!errors(&v, &bad_version).is_empty());
}

/// Validates `xml` against the JUnit XSD; Err carries xmllint's complaint.
fn xmllint(xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).expect("writes");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(schema("junit-10.xsd"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "xmllint is needed to validate the JUnit report ({e}); install it with \
                 `sudo apt-get install -y libxml2-utils` (`.ci/run` does this)"
            )
        });
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn junit_is_valid_against_the_xsd_and_counts_add_up() {
    for name in EXAMPLES {
        let a = example(name);
        let xml = junit::render(&a);
        xmllint(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let cases: Vec<_> = root
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let no_findings = a
            .checks
            .iter()
            .filter(|m| a.findings_of(m.id).next().is_none())
            .count();
        assert_eq!(
            cases.len(),
            a.findings.len() + no_findings,
            "{name}: one case per check and resource"
        );
        assert_eq!(
            root.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        let failures = cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
            .count();
        let fails = a
            .findings
            .iter()
            .filter(|f| f.status == rampart_model::Status::Fail)
            .count();
        assert_eq!(failures, fails, "{name}");
        assert_eq!(root.attribute("failures"), Some(fails.to_string().as_str()));
        for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
            let n = suite
                .children()
                .filter(|c| c.has_tag_name("testcase"))
                .count();
            assert_eq!(suite.attribute("tests"), Some(n.to_string().as_str()));
        }
    }
}

#[test]
fn the_xsd_rejects_broken_reports() {
    let xml = junit::render(&example("brand-new"));
    assert!(
        xmllint(&xml.replacen("<testcase classname", "<testcase nom", 1)).is_err(),
        "a case without a name"
    );
    assert!(
        xmllint(&xml.replacen("<testsuites ", "<testsuites skipped=\"x\" ", 1)).is_err(),
        "an unknown attribute"
    );
}

#[test]
fn csv_parses_back_into_the_findings() {
    for name in EXAMPLES {
        let a = example(name);
        let text = csv::render(&a).expect("renders");
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(header, csv::COLUMNS);
        let rows: Vec<::csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len(), a.findings.len(), "{name}: one row per finding");
        for (row, f) in rows.iter().zip(&a.findings) {
            assert_eq!(&row[1], f.check_id);
            assert_eq!(&row[7], f.resource.id);
            assert_eq!(&row[9], f.message);
            let ev: serde_json::Map<String, Value> =
                serde_json::from_str(&row[11]).expect("evidence is JSON");
            assert_eq!(ev.len(), f.evidence.len());
        }
    }
}
