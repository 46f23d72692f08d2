//! The report options of `rampart audit` end to end: several formats at once into
//! `--output-dir`, each file what its format promises; `--compliance`; the errors for
//! combinations that make no sense; and `rampart diff` on snapshots and JSON reports, with its
//! exit codes (0 nothing new fails, 1 something new fails, 2 unreadable input).

use crate::test_support::{example, json_masked, rampart_in, run, workdir};

/// A format given twice, apart, is written once.
#[test]
fn a_repeated_format_is_written_once() {
    let dir = workdir();
    let out = dir.path().join("reports");
    let (code, _, stderr) = run(rampart_in(dir.path())
        .args(["audit", "--format", "json,table,json", "--output-dir"])
        .arg(&out)
        .arg("--snapshot")
        .arg(example("brand-new")));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr.matches("json report written to").count(),
        1,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("table report written to").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn output_dir_writes_one_file_per_format() {
    let dir = workdir();
    let out = dir.path().join("reports");
    let (code, stdout, stderr) = run(rampart_in(dir.path())
        .args([
            "audit",
            "--format",
            "html,sarif,junit,csv,json,table",
            "--output-dir",
        ])
        .arg(&out)
        .arg("--snapshot")
        .arg(example("brand-new")));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "", "nothing goes to standard output");
    for (format, file) in [
        ("html", "rampart-report.html"),
        ("sarif", "rampart-report.sarif"),
        ("junit", "rampart-report.junit.xml"),
        ("csv", "rampart-report.csv"),
        ("json", "rampart-report.json"),
        ("table", "rampart-report.txt"),
    ] {
        assert!(
            stderr.contains(&format!(
                "{format} report written to {}",
                out.join(file).display()
            )),
            "{stderr}"
        );
    }
    let read = |f: &str| std::fs::read_to_string(out.join(f)).expect("written");
    assert!(read("rampart-report.html").starts_with("<!DOCTYPE html>"));
    let sarif: serde_json::Value =
        serde_json::from_str(&read("rampart-report.sarif")).expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(read("rampart-report.junit.xml").starts_with("<?xml"));
    assert!(read("rampart-report.csv").starts_with("account_id,check_id,"));
    let json = json_masked(read("rampart-report.json").as_bytes());
    assert_eq!(
        read("rampart-report.csv").lines().count() - 1,
        json["findings"].as_array().expect("findings").len()
    );
    assert!(
        !read("rampart-report.txt").contains('\u{1b}'),
        "no colour in files"
    );
}

#[test]
fn several_formats_need_an_output_dir_and_other_commands_refuse_report_formats() {
    let dir = workdir();
    let (code, _, stderr) = run(rampart_in(dir.path())
        .args(["audit", "--format", "html,csv", "--snapshot"])
        .arg(example("brand-new")));
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --format: several formats need --output-dir DIR\n"
    );
    let (code, _, stderr) = run(rampart_in(dir.path()).args(["checks", "--format", "sarif"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("only `rampart audit` writes this format"),
        "{stderr}"
    );
    // The CI formats take a compliance view too: a failing brand-new account exits 1.
    let (code, stdout, stderr) = run(rampart_in(dir.path())
        .args([
            "audit",
            "--format",
            "sarif",
            "--compliance",
            "cis-aws-5.0",
            "--snapshot",
        ])
        .arg(example("brand-new")));
    assert_eq!(code, 1, "{stderr}");
    let sarif: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF");
    assert_eq!(sarif["runs"][0]["properties"]["framework"], "cis-aws-5.0");
    assert!(!sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .is_empty());
    let (code, _, stderr) = run(rampart_in(dir.path())
        .args(["audit", "--compliance", "cis-aws-9.9", "--snapshot"])
        .arg(example("brand-new")));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown framework `cis-aws-9.9` (known: aws-fsbp, aws-ssb, cis-aws-5.0, cis-aws-6.0, cis-aws-7.0)"),
        "{stderr}"
    );
}

#[test]
fn compliance_groups_findings_by_control() {
    let dir = workdir();
    let (code, stdout, stderr) = run(rampart_in(dir.path())
        .args([
            "audit",
            "--compliance",
            "cis-aws-5.0",
            "--format",
            "json",
            "--snapshot",
        ])
        .arg(example("brand-new")));
    assert_eq!(code, 1, "the exit code still follows --fail-on: {stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["framework"], "cis-aws-5.0");
    let root_keys = v["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .find(|c| c["control"] == "1.3")
        .expect("control 1.3");
    assert_eq!(root_keys["status"], "fail");
    assert_eq!(root_keys["findings"][0]["check_id"], "RMP102");
    let (_, text, _) = run(rampart_in(dir.path())
        .args([
            "audit",
            "--compliance",
            "aws-fsbp",
            "--no-color",
            "--snapshot",
        ])
        .arg(example("hardened")));
    insta::assert_snapshot!(text);
}

#[test]
fn compliance_wraps_to_the_terminal_and_writes_html_and_csv() {
    let dir = workdir();
    let (_, text, stderr) = run(rampart_in(dir.path())
        .env("COLUMNS", "60")
        .args(["audit", "--compliance", "cis-aws-5.0", "--snapshot"])
        .arg(example("inherited")));
    assert!(text.contains("\n1.9     fail"), "{stderr}");
    for line in text.lines() {
        let n = line.chars().count();
        assert!(
            n <= 60 || line.split_whitespace().count() == 1,
            "{n} columns: {line}"
        );
    }
    let out = dir.path().join("reports");
    let (code, _, stderr) = run(rampart_in(dir.path())
        .args([
            "audit",
            "--compliance",
            "cis-aws-5.0",
            "--format",
            "html,csv",
            "--snapshot",
        ])
        .arg(example("inherited"))
        .arg("--output-dir")
        .arg(&out));
    assert_eq!(code, 1, "{stderr}");
    let page = std::fs::read_to_string(out.join("rampart-report.html")).expect("the page");
    assert!(page.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"
    ));
    assert!(page.contains("<th scope=\"row\">1.9</th>"));
    let csv = std::fs::read_to_string(out.join("rampart-report.csv")).expect("the CSV");
    assert!(csv.starts_with("framework,control,title,status,checks,check_id,finding_status,"));
    assert!(
        csv.lines().any(|l| l.starts_with("cis-aws-5.0,1.9,")
            && l.contains(",fail,RMP203,RMP203,fail,iam-user,")),
        "{csv}"
    );
}

fn diff(
    dir: &std::path::Path,
    old: &std::path::Path,
    new: &std::path::Path,
    extra: &[&str],
) -> (i32, String, String) {
    run(rampart_in(dir).arg("diff").arg(old).arg(new).args(extra))
}

#[test]
fn diff_between_snapshots_and_reports() {
    let dir = workdir();
    // Hardened, then brand-new: everything failing is new; the other way round, all fixed.
    let (code, stdout, stderr) = diff(dir.path(), &example("hardened"), &example("brand-new"), &[]);
    assert_eq!(code, 1, "new failures exit 1: {stderr}");
    insta::assert_snapshot!("diff_hardened_to_brand_new", stdout);
    let (code, stdout, _) = diff(
        dir.path(),
        &example("brand-new"),
        &example("hardened"),
        &["--format", "json"],
    );
    assert_eq!(code, 0, "only fixes exit 0");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["new_failures"].as_array().map(Vec::len), Some(0));
    let fixed = v["fixed"].as_array().expect("fixed");
    assert!(fixed.iter().any(|e| e["check_id"] == "RMP102"), "{stdout}");

    // A saved JSON report against its own snapshot: nothing changed.
    let report = dir.path().join("brand-new.report.json");
    let (_, _, _) = run(rampart_in(dir.path())
        .args(["audit", "--format", "json", "-o"])
        .arg(&report)
        .arg("--snapshot")
        .arg(example("brand-new")));
    let (code, stdout, _) = diff(dir.path(), &report, &example("brand-new"), &[]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("New failures (0)\nFixed (0)\nStill failing ("),
        "{stdout}"
    );

    // Unreadable input exits 2 and names the file.
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").expect("writes");
    let (code, _, stderr) = diff(dir.path(), &junk, &report, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!(
            "error: {}: neither a JSON report nor a snapshot",
            junk.display()
        )),
        "{stderr}"
    );
}

/// `--compliance` alone is today's benchmark, CIS v7.0: every recommendation listed, the ones
/// rampart has no check for as `manual` with how to verify them, and the summary.
#[test]
fn compliance_without_a_framework_is_cis_v7_complete() {
    let dir = workdir();
    let (code, stdout, stderr) = run(rampart_in(dir.path()).args([
        "audit",
        "--snapshot",
        example("hardened").to_str().expect("path"),
        "--compliance",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["framework"], "cis-aws-7.0");
    let controls = v["controls"].as_array().expect("controls");
    assert_eq!(controls.len(), 70);
    assert_eq!(v["summary"]["recommendations"], 70);
    let control = |id: &str| {
        controls
            .iter()
            .find(|c| c["control"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // No check: manual, with how to verify it.
    assert_eq!(control("2.16")["status"], "manual");
    assert!(control("2.16")["how_to"].as_str().is_some());
    // The organization's own control, in an account audited alone: a person's to verify.
    assert_eq!(control("2.1.1")["status"], "manual");
    // Checks that judge the trail's bucket only never pass "every bucket".
    assert_eq!(control("3.1.1")["coverage"], "partial");
    assert_eq!(control("3.1.1")["status"], "manual");
    assert_eq!(control("2.4")["status"], "pass");
    let automatic = v["summary"]["checked_automatically"].as_u64().expect("n");
    let passing = v["summary"]["passing"].as_u64().expect("n");
    assert!(automatic >= passing && passing > 0, "{}", v["summary"]);

    let (_, table, _) = run(rampart_in(dir.path()).args([
        "audit",
        "--snapshot",
        example("hardened").to_str().expect("path"),
        "--compliance",
        "--no-color",
    ]));
    let flat = table.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!(
            "{automatic} of 70 recommendations checked automatically, {passing} passing"
        )),
        "{table}"
    );
}
