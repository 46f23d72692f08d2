//! An organization's reports, in every format that writes one: every account present with its
//! id (the unreachable one too), the organization-level findings once, and the machine formats
//! valid against their schemas.

use std::process::Command;

use crate::test_support::{organization as example_organization, schema};
use rampart_checks::{AuditConfig, Selection};
use rampart_report::table::TableOptions;
use rampart_report::{report, ScopeAudit};
use serde_json::Value;

fn audit() -> ScopeAudit {
    ScopeAudit::evaluate(
        &rampart_model::Scope::organization(example_organization()),
        &AuditConfig::default(),
        &Selection::all(),
    )
}

const UNREACHABLE: &str = "444455556666";

#[test]
fn organization_level_findings_are_apart_and_judged_once() {
    let a = audit();
    assert_eq!(a.organization_findings.len(), 1);
    assert_eq!(a.organization_findings[0].check_id, "RMP115");
    for one in a.audits() {
        assert!(one.findings.iter().all(|f| f.check_id != "RMP115"));
        assert!(one.checks.iter().all(|m| m.id != "RMP115"));
    }
    let members: Vec<_> = a
        .accounts
        .iter()
        .filter_map(|acc| acc.audit().map(|one| (acc.account_id.as_str(), one)))
        .filter(|(id, _)| *id != a.management_account_id())
        .map(|(id, one)| (id, one.check_status("RMP116")))
        .collect();
    assert_eq!(
        members,
        [
            ("222233334444", rampart_report::CheckStatus::Fail),
            ("333344445555", rampart_report::CheckStatus::Pass),
        ]
    );
    assert_eq!(a.unreachable().count(), 1);
}

#[test]
fn json_lists_every_account_and_every_finding_names_it() {
    let v: Value = serde_json::from_str(&report::json(&audit()).expect("renders")).expect("JSON");
    assert_eq!(v["organization"]["accounts"], 4);
    assert_eq!(v["organization"]["unreachable"], 1);
    assert_eq!(v["organization"]["findings"][0]["check_id"], "RMP115");
    let accounts = v["accounts"].as_array().expect("accounts");
    assert_eq!(accounts.len(), 4);
    for a in accounts {
        for f in a["findings"].as_array().expect("findings") {
            assert_eq!(f["account_id"], a["account_id"]);
        }
    }
    let gone = &accounts[3];
    assert_eq!(gone["status"], "unreachable");
    assert!(gone["reason"]
        .as_str()
        .is_some_and(|r| r.contains("AccessDenied")));
    assert!(gone.get("summary").is_none());
}

#[test]
fn sarif_has_a_run_per_account_and_is_valid() {
    let text = report::sarif(&audit()).expect("renders");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let schema_text =
        std::fs::read_to_string(schema("sarif-schema-2.1.0.json")).expect("schema file");
    let schema: Value = serde_json::from_str(&schema_text).expect("schema");
    let v = jsonschema::validator_for(&schema).expect("compiles");
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert_eq!(errors, Vec::<String>::new());
    let runs = doc["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 4);
    let ids: Vec<&str> = runs
        .iter()
        .map(|r| r["automationDetails"]["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "rampart/111122223333/",
            "rampart/222233334444/",
            "rampart/333344445555/",
            "rampart/444455556666/"
        ]
    );
    assert!(runs[0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .any(|r| r["ruleId"] == "RMP115"));
    assert_eq!(runs[3]["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn junit_names_each_account_and_fails_the_unreachable_one() {
    let xml = report::junit(&audit());
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("org.xml");
    std::fs::write(&file, &xml).expect("writes");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema("junit-10.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint runs (scripts/test installs libxml2-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let suites: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    assert!(
        suites
            .iter()
            .any(|s| s.starts_with("222233334444 · Step 1")),
        "{suites:?}"
    );
    assert!(suites.contains(&"444455556666 · unreachable"), "{suites:?}");
    let root = doc.root_element();
    let failures: usize = root
        .attribute("failures")
        .expect("failures")
        .parse()
        .expect("n");
    let failing_cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, failing_cases);
}

#[test]
fn csv_rows_carry_the_account_and_the_unreachable_one_is_a_row() {
    let a = audit();
    let text = report::csv(&a).expect("renders");
    let mut r = ::csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<::csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    let findings: usize =
        a.audits().map(|x| x.findings.len()).sum::<usize>() + a.organization_findings.len();
    assert_eq!(rows.len(), findings + 1);
    let gone: Vec<_> = rows.iter().filter(|row| &row[0] == UNREACHABLE).collect();
    assert_eq!(gone.len(), 1);
    assert_eq!(&gone[0][5], "unreachable");
    assert!(rows
        .iter()
        .any(|row| &row[1] == "RMP115" && &row[0] == "111122223333"));
}

#[test]
fn the_table_gives_an_overview_then_each_account() {
    let text = report::table(&audit(), &TableOptions::default());
    let (overview, details) = text.split_once("━━ Account").expect("details follow");
    assert!(
        overview.contains("4 account(s): 3 audited, 1 unreachable"),
        "{overview}"
    );
    assert!(overview.contains("RMP115"), "{overview}");
    assert!(
        overview.contains(UNREACHABLE) && overview.contains("AccessDenied"),
        "{overview}"
    );
    assert_eq!(details.matches("rampart audit of account").count(), 3);
}

#[test]
fn html_links_each_account_to_its_section_and_every_id_is_unique() {
    let page = report::html(&audit());
    for id in ["111122223333", "222233334444", "333344445555", UNREACHABLE] {
        assert!(
            page.contains(&format!("href=\"#acct-{id}\"")),
            "link to {id}"
        );
        assert!(
            page.contains(&format!("id=\"acct-{id}\"")),
            "section of {id}"
        );
    }
    assert!(
        page.contains("id=\"organization-RMP115\""),
        "organization check"
    );
    assert!(
        page.contains("id=\"222233334444-RMP116\""),
        "member check named after its account"
    );
    assert!(
        page.contains("unreachable: cannot assume"),
        "the reason is shown"
    );
    let mut ids = std::collections::BTreeSet::new();
    for part in page.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap_or_default();
        assert!(ids.insert(id.to_owned()), "id `{id}` is used twice");
    }
    assert!(!page.contains("<script"), "the organization page is static");
    assert!(
        !page.contains(" style="),
        "inline styles would break the policy"
    );
}
