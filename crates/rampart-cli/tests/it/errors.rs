//! Bad input never panics: every case exits 2 with `error: …` on one line naming what was wrong.

use crate::test_support::{example, rampart_in, run, workdir};

/// Asserts exit code 2 and a single `error:` line on stderr containing every `needle`.
fn assert_one_line_error(args: &[&str], files: &[(&str, &str)], needles: &[&str]) {
    let dir = workdir();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    let mut cmd = rampart_in(dir.path());
    cmd.args(args);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    assert_eq!(stdout, "", "{args:?}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "{args:?}: one line expected, got:\n{stderr}"
    );
    assert!(lines[0].starts_with("error: "), "{stderr}");
    for n in needles {
        assert!(
            lines[0].contains(n),
            "{args:?}: `{n}` missing from: {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn corrupt_snapshot() {
    assert_one_line_error(
        &["audit", "--snapshot", "broken.json"],
        &[("broken.json", "{ \"format_version\": 1, \"account_id\": ")],
        &["broken.json", "not a rampart snapshot"],
    );
}

#[test]
fn snapshot_with_wrong_types() {
    assert_one_line_error(
        &["audit", "--snapshot", "wrong.json"],
        &[("wrong.json", r#"{"format_version": 1, "account_id": 5}"#)],
        &["wrong.json", "snapshot is corrupt"],
    );
    // Deep inside the document, the error names the field's path, not only a line.
    let text = std::fs::read_to_string(example("inherited")).expect("example");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    v["iam"]["authorization"]["known"]["policies"][0]["document"]["Statement"][0]["Action"] =
        serde_json::json!({"not": "an action"});
    assert_one_line_error(
        &["audit", "--snapshot", "deep.json"],
        &[("deep.json", &v.to_string())],
        &[
            "deep.json",
            "at `iam.authorization.known.policies[0].document.Statement[0].Action`",
        ],
    );
}

#[test]
fn future_format_version() {
    let text = std::fs::read_to_string(example("brand-new")).expect("example");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    v["format_version"] = 99.into();
    assert_one_line_error(
        &["audit", "--snapshot", "future.json"],
        &[("future.json", &v.to_string())],
        &[
            "future.json",
            "format_version 99 is newer",
            "upgrade rampart",
        ],
    );
}

#[test]
fn missing_snapshot_file() {
    assert_one_line_error(
        &["audit", "--snapshot", "nowhere.json"],
        &[],
        &["nowhere.json", "cannot read"],
    );
}

#[test]
fn unknown_check_in_select() {
    let snap = example("brand-new");
    let snap = snap.to_str().expect("UTF-8 path");
    assert_one_line_error(
        &["audit", "--snapshot", snap, "--select", "RMP1,RMP999"],
        &[],
        &["`RMP999`", "--select"],
    );
    assert_one_line_error(
        &["audit", "--snapshot", snap, "--ignore", "root-keys"],
        &[],
        &["`root-keys`"],
    );
}

#[test]
fn unknown_check_in_explain_suggests_a_name() {
    assert_one_line_error(
        &["explain", "RMP102x"],
        &[],
        &["no check is named `RMP102x`", "did you mean `RMP102`"],
    );
    assert_one_line_error(
        &["explain", "nothing-like-it-at-all"],
        &[],
        &["`rampart checks` lists them"],
    );
}

/// clap's usage errors exit 2 as well (its message spans several lines: usage and a tip).
#[test]
fn bad_flags_and_values() {
    for args in [
        &["audit", "--bogus"][..],
        &["audit", "--fail-on", "urgent"],
        &["audit", "--format", "xml"],
        &["explain"],
        &["frobnicate"],
    ] {
        let dir = workdir();
        let mut cmd = rampart_in(dir.path());
        cmd.args(args);
        let (code, stdout, stderr) = run(&mut cmd);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(stdout, "");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    }
}
