//! Tests of the compliance views: the embedded tables parse, agree with the checks' own
//! framework metadata, and give each control the right status.

use super::*;
use crate::fixture;

#[test]
fn the_embedded_tables_agree_with_the_checks_metadata() {
    let all = frameworks().expect("tables parse");
    let names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"cis-aws-5.0") && names.contains(&"aws-fsbp"),
        "{names:?}"
    );
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "framework names are unique");
    for fw in &all {
        let mut from_table: Vec<(String, String)> = fw
            .controls
            .iter()
            .flat_map(|c| c.checks.iter().map(move |id| (id.clone(), c.id.clone())))
            .collect();
        let mut from_checks: Vec<(String, String)> = rampart_checks::registry()
            .iter()
            .flat_map(|c| {
                let m = c.meta();
                m.frameworks
                    .iter()
                    .filter(|(f, _)| *f == fw.name)
                    .map(move |(_, ctl)| (m.id.to_string(), ctl.to_string()))
            })
            .collect();
        from_table.sort();
        from_checks.sort();
        assert_eq!(from_table, from_checks, "{} table vs checks", fw.name);
    }
}

#[test]
fn parse_rejects_malformed_lines_and_names_the_line() {
    let e = parse("x", "# framework: x\n1.1\tRMP1\n").expect_err("malformed");
    assert_eq!(e, ComplianceError::Malformed("x".into(), 2));
    assert!(matches!(
        framework("cis-aws-9.9"),
        Err(ComplianceError::Unknown(..))
    ));
    let fw = parse("y", "# framework: y\n# title: Y\n1.1\t-\tManual control\n").expect("parses");
    assert!(fw.controls[0].checks.is_empty());
}

#[test]
fn each_control_gets_the_status_of_its_checks() {
    let fw = parse(
        "t",
        "# framework: cis-aws-5.0\n# title: T\n1.3\tRMP102\tkeys\n1.7\tRMP105\tpw\n1.2\tRMP114\tcontact\n2.1.4\tRMP305\tbucket\n9.9\tRMP999\tgone\n0.1\t-\tmanual\n1.9\tRMP203,RMP301\ttwo\n",
    )
    .expect("parses");
    let a = fixture::audit();
    let got: Vec<(&str, ControlStatus, usize)> = evaluate(&fw, &a)
        .iter()
        .map(|r| (r.control, r.status, r.findings.len()))
        .collect();
    assert_eq!(
        got,
        [
            ("1.3", ControlStatus::Fail, 1),
            ("1.7", ControlStatus::Pass, 0),
            ("1.2", ControlStatus::Unknown, 1),
            ("2.1.4", ControlStatus::NotApplicable, 0),
            ("9.9", ControlStatus::NotEvaluated, 0),
            ("0.1", ControlStatus::Manual, 0),
            ("1.9", ControlStatus::Fail, 2),
        ]
    );
    let text = render_table(&fw, &a, false);
    assert!(
        text.contains("1.3     fail            RMP102   keys\n"),
        "{text}"
    );
    assert!(text.contains(
        "7 controls: 2 failing, 1 unknown, 1 passing, 1 not applicable, 1 not evaluated, 1 manual"
    ));
    let v: serde_json::Value =
        serde_json::from_str(&render_json(&fw, &a).expect("renders")).expect("JSON");
    assert_eq!(v["controls"][0]["status"], "fail");
    assert_eq!(v["controls"][0]["findings"][0]["check_id"], "RMP102");
}
