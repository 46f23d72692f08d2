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
    assert!(
        matches!(e, ComplianceError::Malformed(ref o, 2, _) if o == "x"),
        "{e}"
    );
    // A control rampart does not check whole needs a how-to; coverage agrees with the checks.
    for bad in [
        "1.1\t-\t-\tL1\tmanual\taccount\tT\t-",
        "1.1\tRMP102\tpartial\tL1\tmanual\taccount\tT\t-",
        "1.1\t-\tfull\tL1\tmanual\taccount\tT\thow",
        "1.1\tRMP102\t-\tL1\tmanual\taccount\tT\thow",
    ] {
        let e = parse("x", &format!("# framework: x\n{bad}\n")).expect_err(bad);
        assert!(
            matches!(e, ComplianceError::Malformed(_, 2, _)),
            "{bad}: {e}"
        );
    }
    assert!(matches!(
        framework("cis-aws-9.9"),
        Err(ComplianceError::Unknown(..))
    ));
    let fw = parse("y", "# framework: y\n# title: Y\n1.1\t-\t-\tL1\tautomated\taccount\tManual control\tcheck it by hand\n").expect("parses");
    assert!(fw.controls[0].checks.is_empty());
}

#[test]
fn each_control_gets_the_status_of_its_checks() {
    let fw = parse(
        "t",
        "# framework: cis-aws-5.0\n# title: T\n1.3\tRMP102\tfull\tL1\tautomated\taccount\tkeys\t-\n1.7\tRMP105\tfull\tL1\tautomated\taccount\tpw\t-\n1.2\tRMP114\tfull\tL1\tautomated\taccount\tcontact\t-\n2.1.4\tRMP305\tfull\tL1\tautomated\taccount\tbucket\t-\n9.9\tRMP999\tfull\tL1\tautomated\taccount\tgone\t-\n0.1\t-\t-\tL1\tautomated\taccount\tmanual\tcheck it by hand\n1.9\tRMP203,RMP301\tfull\tL1\tautomated\taccount\ttwo\t-\n8.1\tRMP102\tpartial\tL1\tautomated\taccount\tpart keys\tby hand\n8.2\tRMP105\tpartial\tL1\tautomated\taccount\tpart pw\tby hand\n",
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
            // Partial coverage: a failing check fails the control, a passing one cannot pass it.
            ("8.1", ControlStatus::Fail, 1),
            ("8.2", ControlStatus::Manual, 0),
        ]
    );
    let text = render_table(&fw, &a, &TableOptions::default());
    assert!(
        text.contains("1.3     fail            RMP102        keys\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "9 controls: 3 failing, 1 unknown, 1 passing, 1 not applicable, 1 not evaluated, 2 manual."
        ),
        "{text}"
    );
    assert!(text.contains("verify  check it by hand"), "{text}");
    let v: serde_json::Value =
        serde_json::from_str(&render_json(&fw, &a).expect("renders")).expect("JSON");
    assert_eq!(v["controls"][0]["status"], "fail");
    assert_eq!(
        v["summary"],
        serde_json::json!({"recommendations": 9, "checked_automatically": 5, "passing": 1})
    );
    assert_eq!(
        ViewSummary::of(&evaluate(&fw, &a)).line(),
        "5 of 9 recommendations checked automatically, 1 passing"
    );
    assert_eq!(v["controls"][0]["findings"][0]["check_id"], "RMP102");
}

fn long_titles() -> Framework {
    parse(
        "t",
        "# framework: t\n# title: T\n1.3\tRMP102\tfull\tL1\tautomated\taccount\tEnsure no root user account access key exists, for the root user can do anything at all\t-\n1.9\tRMP203,RMP301\tfull\tL1\tautomated\taccount\ttwo\t-\n0.1\t-\t-\tL1\tautomated\taccount\tmanual\tcheck it by hand\n",
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

/// The nine-control framework of `each_control_gets_the_status_of_its_checks`.
fn nine_controls() -> Framework {
    parse(
        "t",
        "# framework: cis-aws-5.0\n# title: T\n1.3\tRMP102\tfull\tL1\tautomated\taccount\tkeys\t-\n1.7\tRMP105\tfull\tL1\tautomated\taccount\tpw\t-\n1.2\tRMP114\tfull\tL1\tautomated\taccount\tcontact\t-\n2.1.4\tRMP305\tfull\tL1\tautomated\taccount\tbucket\t-\n9.9\tRMP999\tfull\tL1\tautomated\taccount\tgone\t-\n0.1\t-\t-\tL1\tautomated\taccount\tmanual\tcheck it by hand\n1.9\tRMP203,RMP301\tfull\tL1\tautomated\taccount\ttwo\t-\n8.1\tRMP102\tpartial\tL1\tautomated\taccount\tpart keys\tby hand\n8.2\tRMP105\tpartial\tL1\tautomated\taccount\tpart pw\tby hand\n",
    )
    .expect("parses")
}

#[test]
fn a_control_passes_only_on_all_its_checks() {
    let fw = parse(
        "t",
        "# framework: t\n# title: T\n1.1\tRMP105,RMP106\tfull\tL1\tautomated\taccount\tpw\t-\n1.2\tRMP105,RMP115\tfull\tL1\tautomated\taccount\tpw and org\t-\n",
    )
    .expect("parses");
    let a = test_support::audit();
    assert!(a.meta_of("RMP105").is_some() && a.meta_of("RMP106").is_none());
    let got: Vec<ControlStatus> = evaluate(&fw, &a).iter().map(|r| r.status).collect();
    // RMP106 left out: not evaluated; RMP115 is the organization's: a person's to verify here.
    assert_eq!(got, [ControlStatus::NotEvaluated, ControlStatus::Manual]);
}

#[test]
fn junit_has_a_case_per_recommendation_and_never_passes_an_undecided_one() {
    let a = test_support::audit();
    let x = ci::junit(
        &nine_controls(),
        &[
            ("123456789012", Ok(&a)),
            ("210987654321", Err("role refused")),
        ],
    );
    // Nine recommendations, then the unreachable account's one case.
    assert_eq!(x.matches("<testcase ").count(), 10, "{x}");
    assert_eq!(
        x.matches("<failure ").count(),
        4,
        "3 failing and the unreachable account: {x}"
    );
    // Unknown, not applicable, not evaluated and the two manual ones are skipped with a reason.
    assert_eq!(x.matches("<skipped ").count(), 5, "{x}");
    assert!(
        x.contains("skipped message=\"manual: check it by hand\""),
        "{x}"
    );
    assert!(x.contains("could not be decided:"), "{x}");
    assert!(
        x.contains("not known to meet any recommendation: role refused"),
        "{x}"
    );
    assert!(x.contains("tests=\"10\" failures=\"4\""), "{x}");
}

#[test]
fn sarif_has_a_rule_per_recommendation_and_a_result_per_problem() {
    let a = test_support::audit();
    let fw = nine_controls();
    let text = ci::sarif(&fw, &[("123456789012", Ok(&a))]).expect("renders");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let run = &v["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().map(Vec::len),
        Some(9)
    );
    let results: Vec<(&str, &str)> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap_or(""),
                r["level"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            ("1.3", "error"),
            ("1.2", "none"),
            ("1.9", "error"),
            ("8.1", "error")
        ]
    );
    assert_eq!(
        run["results"][0]["partialFingerprints"]["rampartCompliance/v1"],
        "cis-aws-5.0:123456789012:1.3"
    );
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
    assert!(rows[3][6..11].iter().all(String::is_empty));
    assert_eq!(rows[3][11], "check it by hand");
}

/// The number of recommendations per section (the part of the number before the first dot).
fn per_section(fw: &Framework) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for c in &fw.controls {
        let section = c.id.split('.').next().unwrap_or_default().to_owned();
        *out.entry(section).or_default() += 1;
    }
    out
}

fn count_assessed(fw: &Framework, assessment: &str) -> usize {
    fw.controls
        .iter()
        .filter(|c| c.assessment.as_deref() == Some(assessment))
        .count()
}

#[test]
fn every_framework_lists_every_recommendation() {
    let sections = |pairs: &[(&str, usize)]| -> std::collections::BTreeMap<String, usize> {
        pairs.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
    };
    let v7 = framework("cis-aws-7.0").expect("v7");
    assert_eq!(v7.controls.len(), 70);
    assert_eq!(
        per_section(&v7),
        sections(&[("2", 26), ("3", 9), ("4", 10), ("5", 16), ("6", 9)])
    );
    assert_eq!(
        (
            count_assessed(&v7, "automated"),
            count_assessed(&v7, "manual")
        ),
        (34, 36)
    );
    let v6 = framework("cis-aws-6.0").expect("v6");
    assert_eq!(
        per_section(&v6),
        sections(&[("2", 21), ("3", 9), ("4", 9), ("5", 16), ("6", 8)])
    );
    let v5 = framework("cis-aws-5.0").expect("v5");
    assert_eq!(
        per_section(&v5),
        sections(&[("1", 21), ("2", 9), ("3", 9), ("4", 16), ("5", 8)])
    );
    let ssb = framework("aws-ssb").expect("ssb");
    let ids: Vec<&str> = ssb.controls.iter().map(|c| c.id.as_str()).collect();
    let want: Vec<String> = (1..=17)
        .map(|n| format!("ACCT.{n:02}"))
        .chain((1..=15).map(|n| format!("WKLD.{n:02}")))
        .collect();
    assert_eq!(ids, want);
    for fw in [&v7, &v6, &v5, &ssb] {
        assert!(!fw.version.is_empty(), "{} pins its version", fw.name);
        for c in &fw.controls {
            for id in &c.checks {
                assert!(
                    rampart_checks::find(id).is_some_and(|k| k.meta().id == id),
                    "{} {}: no check {id}",
                    fw.name,
                    c.id
                );
            }
        }
    }
}

/// A title as the versions compare it: quotes and case do not count.
fn comparable(title: &str) -> String {
    title
        .chars()
        .filter(|c| !matches!(c, '"' | '\'' | '“' | '”'))
        .collect::<String>()
        .to_lowercase()
}

/// The v6 number of a v5 recommendation: every section moves up one.
fn v5_to_v6(id: &str) -> String {
    let (section, rest) = id.split_once('.').expect("a dotted number");
    let section: u32 = section.parse().expect("a section number");
    format!("{}.{rest}", section + 1)
}

/// The v7 number of a v6 recommendation, `None` for the two v7 dropped: in section 2,
/// 2.1–2.9 move down one, 2.11 stays, 2.13–2.21 move up one; the other sections keep theirs.
fn v6_to_v7(id: &str) -> Option<String> {
    let Some(rest) = id.strip_prefix("2.") else {
        return Some(id.to_owned());
    };
    let n: u32 = rest.parse().expect("a number in section 2");
    match n {
        1..=9 => Some(format!("2.{}", n + 1)),
        11 => Some("2.11".to_owned()),
        10 | 12 => None,
        13..=21 => Some(format!("2.{}", n - 1)),
        _ => panic!("v6 has no 2.{n}"),
    }
}

#[test]
fn the_renumbering_from_v5_to_v7_follows_the_titles_and_keeps_the_mappings() {
    let v5 = framework("cis-aws-5.0").expect("v5");
    let v6 = framework("cis-aws-6.0").expect("v6");
    let v7 = framework("cis-aws-7.0").expect("v7");
    let find = |fw: &Framework, id: &str| fw.controls.iter().find(|c| c.id == id).cloned();
    let same = |a: &Control, b: &Control, what: &str| {
        assert_eq!(
            (&a.checks, a.coverage, &a.level, &a.assessment),
            (&b.checks, b.coverage, &b.level, &b.assessment),
            "{what}: the same recommendation maps differently"
        );
    };
    for c in &v5.controls {
        let to = v5_to_v6(&c.id);
        let n = find(&v6, &to).unwrap_or_else(|| panic!("v5 {} has no v6 {to}", c.id));
        assert_eq!(
            comparable(&c.title),
            comparable(&n.title),
            "v5 {} → v6 {to}",
            c.id
        );
        same(c, &n, &format!("v5 {} / v6 {to}", c.id));
    }
    let mut carried = std::collections::BTreeSet::new();
    for c in &v6.controls {
        let Some(to) = v6_to_v7(&c.id) else {
            continue;
        };
        let n = find(&v7, &to).unwrap_or_else(|| panic!("v6 {} has no v7 {to}", c.id));
        // The one recommendation CIS reworded in v7.
        if c.id != "2.1" {
            assert_eq!(
                comparable(&c.title),
                comparable(&n.title),
                "v6 {} → v7 {to}",
                c.id
            );
        }
        same(c, &n, &format!("v6 {} / v7 {to}", c.id));
        carried.insert(to);
    }
    let added: Vec<&str> = v7
        .controls
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| !carried.contains(*id))
        .collect();
    assert_eq!(
        added,
        ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.21", "4.10", "6.8"]
    );
}
