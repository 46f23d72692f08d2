//! `rampart audit --snapshot` on the bundled example accounts: the table and JSON reports
//! (insta snapshots), and the exit codes `--fail-on` and `--fail-on-unknown` give.

use crate::test_support::{example, json_masked, rampart_in, run, workdir};
use rampart_model::Severity;

fn audit(name: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = workdir();
    let snap = example(name);
    let mut cmd = rampart_in(dir.path());
    cmd.arg("audit").arg("--snapshot").arg(&snap).args(extra);
    run(&mut cmd)
}

#[test]
fn brand_new_table() {
    let (code, stdout, stderr) = audit("brand-new", &["--no-color"]);
    assert_eq!(
        code, 1,
        "a brand-new account fails high and critical checks"
    );
    assert_eq!(stderr, "");
    assert!(!stdout.contains('\u{1b}'));
    insta::assert_snapshot!(stdout);
}

#[test]
fn brand_new_json() {
    let (code, stdout, _) = audit("brand-new", &["--format", "json"]);
    assert_eq!(code, 1);
    insta::assert_json_snapshot!(json_masked(stdout.as_bytes()));
}

#[test]
fn hardened_table() {
    let (code, stdout, stderr) = audit("hardened", &["--no-color"]);
    assert_eq!(code, 0, "the hardened account passes:\n{stdout}");
    assert_eq!(stderr, "");
    insta::assert_snapshot!(stdout);
}

#[test]
fn hardened_json() {
    let (code, stdout, _) = audit("hardened", &["--format", "json"]);
    assert_eq!(code, 0);
    let v = json_masked(stdout.as_bytes());
    assert_eq!(
        v["summary"]["findings"]["fail"], 0,
        "no failing finding in the hardened account"
    );
    insta::assert_json_snapshot!(v);
}

#[test]
fn inherited_table() {
    let (_, stdout, stderr) = audit("inherited", &["--no-color"]);
    assert_eq!(stderr, "");
    insta::assert_snapshot!(stdout);
}

#[test]
fn inherited_json() {
    let (_, stdout, _) = audit("inherited", &["--format", "json"]);
    insta::assert_json_snapshot!(json_masked(stdout.as_bytes()));
}

/// For every example and every threshold, the exit code is 1 exactly when a failing finding
/// of that severity or above is in the JSON report; unknown findings never count.
#[test]
fn exit_code_follows_fail_on_for_every_threshold() {
    for name in ["brand-new", "hardened", "inherited"] {
        let (_, stdout, _) = audit(name, &["--format", "json"]);
        let v = json_masked(stdout.as_bytes());
        let failing: Vec<Severity> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["status"] == "fail")
            .map(|f| {
                f["severity"]
                    .as_str()
                    .expect("severity")
                    .parse()
                    .expect("known severity")
            })
            .collect();
        for threshold in Severity::ALL {
            let (code, _, _) = audit(name, &["--format", "json", "--fail-on", threshold.as_str()]);
            let expected = i32::from(failing.iter().any(|s| *s >= threshold));
            assert_eq!(
                code,
                expected,
                "{name} with --fail-on {}",
                threshold.as_str()
            );
        }
        let (default_code, _, _) = audit(name, &["--format", "json"]);
        let high = i32::from(failing.iter().any(|s| *s >= Severity::High));
        assert_eq!(default_code, high, "{name}: the default threshold is high");
    }
}

#[test]
fn fail_on_critical_tolerates_high_failures() {
    // Step 1 of the brand-new account without the root-key check: high failures only.
    let args = ["--select", "RMP1", "--ignore", "RMP102"];
    let (code, _, _) = audit("brand-new", &args);
    assert_eq!(code, 1, "high failures trip the default threshold");
    let (code, stdout, _) = audit(
        "brand-new",
        &[&args[..], &["--fail-on", "critical"]].concat(),
    );
    assert_eq!(code, 0, "no critical failure is left:\n{stdout}");
    assert!(
        stdout.contains("RMP101"),
        "the high failures are still reported:\n{stdout}"
    );
    assert!(!stdout.contains("RMP102"), "{stdout}");
}

/// `example` with the facts at `pointers` replaced by an access-denied `Unavailable`, saved as
/// `name` in `dir`.
fn denied(dir: &std::path::Path, example_name: &str, pointers: &[&str], name: &str) {
    let text = std::fs::read_to_string(example(example_name)).expect("example");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    for p in pointers {
        *v.pointer_mut(p).unwrap_or_else(|| panic!("{p} exists")) = serde_json::json!({
            "unavailable": {
                "kind": "access_denied",
                "action": "test:Denied",
                "message": "User is not authorized to perform test:Denied"
            }
        });
    }
    std::fs::write(dir.join(name), v.to_string()).expect("write");
}

#[test]
fn an_undecided_high_check_is_not_green() {
    let dir = workdir();
    denied(
        dir.path(),
        "hardened",
        &["/iam/authorization"],
        "denied.json",
    );
    let (code, stdout, stderr) =
        run(rampart_in(dir.path()).args(["audit", "--snapshot", "denied.json"]));
    assert_eq!(
        code, 1,
        "unknown at or above --fail-on fails:\n{stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("could not be decided") && stderr.contains("RMP103"),
        "{stderr}"
    );
    let summary = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("checks "))
        .expect("summary line");
    assert!(
        summary
            .trim_start()
            .trim_start_matches("checks")
            .trim_start()
            .split(' ')
            .nth(1)
            == Some("unknown"),
        "the unknown count comes first: {summary}"
    );
}

/// The JSON pointer of every observed fact under `v`: an object whose one key is `known`.
fn facts(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    let Some(map) = v.as_object() else {
        return;
    };
    if map.len() == 1 && map.contains_key("known") {
        out.push(at);
        return;
    }
    for (k, child) in map {
        facts(child, format!("{at}/{k}"), out);
    }
}

#[test]
fn an_account_of_which_nothing_could_be_read_is_an_error() {
    let dir = workdir();
    // Every fact of the snapshot, found by its shape (`{"known": …}`), so a fact added later
    // is refused here too.
    let text = std::fs::read_to_string(example("brand-new")).expect("example");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut found = Vec::new();
    facts(&v, String::new(), &mut found);
    assert!(found.len() >= 18, "{found:?}");
    let pointers: Vec<&str> = found.iter().map(String::as_str).collect();
    denied(dir.path(), "brand-new", &pointers, "nothing.json");
    let (code, stdout, stderr) =
        run(rampart_in(dir.path()).args(["audit", "--snapshot", "nothing.json"]));
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("error: could not read the account"),
        "{stderr}"
    );
    assert!(
        stderr.contains("test:Denied"),
        "names a missing permission: {stderr}"
    );
    assert!(
        stdout.contains("Summary"),
        "the report is still written:\n{stdout}"
    );
}

#[test]
fn unknown_findings_below_fail_on_fail_only_with_fail_on_unknown() {
    let dir = workdir();
    let text = std::fs::read_to_string(example("hardened")).expect("example");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    v["account"]["security_contact"] = serde_json::json!({"unavailable": {
        "kind": "access_denied",
        "action": "account:GetAlternateContact",
        "message": "User is not authorized to perform account:GetAlternateContact"
    }});
    std::fs::write(dir.path().join("denied.json"), v.to_string()).expect("write");
    let mut cmd = rampart_in(dir.path());
    cmd.args(["audit", "--snapshot", "denied.json"]);
    let (code, stdout, _) = run(&mut cmd);
    assert_eq!(
        code, 0,
        "an unknown low check is below the default --fail-on"
    );
    assert!(
        stdout.contains("missing permission: account:GetAlternateContact"),
        "{stdout}"
    );
    let mut cmd = rampart_in(dir.path());
    cmd.args(["audit", "--snapshot", "denied.json", "--fail-on-unknown"]);
    assert_eq!(run(&mut cmd).0, 1);
}

/// The ids of the checks a JSON report says it ran.
fn check_ids(report: &serde_json::Value) -> Vec<&str> {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect()
}

#[test]
fn select_and_ignore_narrow_the_report() {
    let (_, stdout, _) = audit(
        "brand-new",
        &[
            "--format",
            "json",
            "--select",
            "RMP101,RMP102",
            "--select",
            "RMP2",
        ],
    );
    let v = json_masked(stdout.as_bytes());
    let ids = check_ids(&v);
    assert!(
        ids.contains(&"RMP101")
            && ids.contains(&"RMP102")
            && ids.iter().any(|id| id.starts_with("RMP2")),
        "{ids:?}"
    );
    assert!(
        ids.iter()
            .all(|id| *id == "RMP101" || *id == "RMP102" || id.starts_with("RMP2")),
        "{ids:?}"
    );
    let findings = v["findings"].as_array().expect("findings");
    assert!(findings
        .iter()
        .all(|f| ids.contains(&f["check_id"].as_str().expect("id"))));
    let (_, stdout, _) = audit(
        "brand-new",
        &["--format", "json", "--ignore", "root-access-keys"],
    );
    let v = json_masked(stdout.as_bytes());
    let ids = check_ids(&v);
    assert!(ids.contains(&"RMP101"), "the others still run: {ids:?}");
    assert!(!stdout.contains("\"RMP102\""), "{stdout}");
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let dir = workdir();
    let mut cmd = rampart_in(dir.path());
    cmd.arg("audit")
        .arg("--snapshot")
        .arg(example("hardened"))
        .args(["--format", "json", "-o", "report.json"]);
    let (code, stdout, _) = run(&mut cmd);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let written = std::fs::read(dir.path().join("report.json")).expect("report written");
    let report = json_masked(&written);
    let snap: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("hardened")).expect("example"))
            .expect("JSON");
    assert_eq!(report["account_id"], snap["account_id"]);
    assert_eq!(report["taken_at"], snap["taken_at"]);
    assert!(report["summary"]["checks"]["evaluated"]
        .as_u64()
        .is_some_and(|n| n > 0));
}
