//! Tests of the compliance views: the embedded tables parse, agree with the checks' own
//! framework metadata, and give each control the right status.

use super::*;
use crate::html::{content_security_policy, STYLE};
use crate::table::TableOptions;
use crate::test_support;

#[test]
fn the_embedded_tables_agree_with_the_checks_metadata() {
    let all = frameworks().expect("tables parse");
    let names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"cis-aws-5.0") && names.contains(&"aws-fsbp"),
        "{names:?}"
    );
    assert_eq!(
        repeated(&names),
        Vec::<&str>::new(),
        "framework names are unique"
    );
    for fw in &all {
        let ids: Vec<&str> = fw.controls.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            repeated(&ids),
            Vec::<&str>::new(),
            "{}: control ids are unique",
            fw.name
        );
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

/// The values that occur more than once, wherever they stand.
fn repeated<'a>(values: &[&'a str]) -> Vec<&'a str> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut twice: Vec<&str> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    twice.dedup();
    twice
}

#[test]
fn repeated_finds_duplicates_that_are_not_neighbours() {
    assert_eq!(repeated(&["b", "a", "c", "b", "b"]), ["b"]);
    assert!(repeated(&["a", "b", "c"]).is_empty());
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
    let a = test_support::audit();
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
    let text = render_table(&fw, &a, &TableOptions::default());
    assert!(
        text.contains("1.3     fail            RMP102        keys\n"),
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

fn long_titles() -> Framework {
    parse(
        "t",
        "# framework: t\n# title: T\n1.3\tRMP102\tEnsure no root user account access key exists, for the root user can do anything at all\n1.9\tRMP203,RMP301\ttwo\n0.1\t-\tmanual\n",
    )
    .expect("parses")
}

#[test]
fn the_table_wraps_to_the_width_under_its_columns() {
    let a = test_support::audit();
    let opts = TableOptions {
        width: 60,
        ..Default::default()
    };
    let text = render_table(&long_titles(), &a, &opts);
    for line in text.lines() {
        let n = line.chars().count();
        assert!(
            n <= 60 || line.split_whitespace().count() <= 2,
            "{n} columns: {line}"
        );
    }
    // The title goes on under the title column; a finding's message under its check.
    assert!(
        text.contains(concat!(
            "1.3     fail            RMP102        Ensure no root user\n",
            "                                      account access key\n",
        )),
        "{text}"
    );
    assert!(
        text.contains("1.9     fail            RMP203,RMP301 two\n"),
        "{text}"
    );
    assert!(
        text.contains(concat!(
            "          fail    RMP203 iam-user\n",
            "                  carol-with-a-rather-long-name-for-wrapping:\n",
        )),
        "{text}"
    );
    // Too narrow for a title column beside the others: the title wraps under them.
    let narrow = render_table(&long_titles(), &a, &TableOptions { width: 40, ..opts });
    assert!(
        narrow.contains("RMP102\n        Ensure no root user account\n"),
        "{narrow}"
    );
    assert!(narrow
        .lines()
        .all(|l| l.chars().count() <= 40 || l.split_whitespace().count() == 1));
    let wide = render_table(&long_titles(), &a, &TableOptions { width: 200, ..opts });
    assert!(wide.contains("access key exists, for the root user can do anything at all\n"));
}

#[test]
fn the_page_is_self_contained_under_the_reports_policy() {
    let page = render_html(&long_titles(), &test_support::audit());
    assert!(page.contains(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        crate::html::escape(&content_security_policy())
    )));
    assert!(page.contains(&format!("<style>{STYLE}</style>")));
    for banned in [" src=", " style=", "<script", "<link", "<img"] {
        assert!(!page.contains(banned), "{banned} in the page");
    }
    assert!(page.contains("<th scope=\"row\">1.3</th><td class=\"status\"><span class=\"st st-fail\">fail</span></td><td class=\"checks\"><code>RMP102</code></td>"));
    assert!(page.contains("<code>RMP203,<wbr>RMP301</code>"));
    assert!(page.contains(
        "3 controls: 2 failing, 0 unknown, 0 passing, 0 not applicable, 0 not evaluated, 1 manual"
    ));
    assert!(page.contains("<code>RMP203</code> iam-user alice: <code>alice</code> signs in"));
}

#[test]
fn the_csv_has_a_row_per_control_and_finding() {
    let text = render_csv(&long_titles(), &test_support::audit()).expect("renders");
    let mut r = ::csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, csv::COLUMNS);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|row| row.expect("row").iter().map(String::from).collect())
        .collect();
    let brief: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[3].as_str(), r[4].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        brief,
        [
            ("1.3", "fail", "RMP102", "RMP102"),
            ("1.9", "fail", "RMP203,RMP301", "RMP203"),
            ("1.9", "fail", "RMP203,RMP301", "RMP203"),
            ("0.1", "manual", "-", ""),
        ]
    );
    assert_eq!(rows[0][0], "t");
    assert_eq!(rows[1][8], "arn:aws:iam::123456789012:user/alice");
    assert!(rows[3][6..].iter().all(String::is_empty));
}
