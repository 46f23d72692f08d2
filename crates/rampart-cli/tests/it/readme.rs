//! The README shows real output: its sample is exactly what the brand-new example prints, and
//! its table of checks matches `rampart checks`. When a check changes, these tests name what
//! to update.

use crate::test_support::{example, rampart_in, root, run, workdir};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md exists")
}

/// The first fenced block after `heading`.
fn block_after(text: &str, heading: &str) -> String {
    let at = text
        .find(heading)
        .unwrap_or_else(|| panic!("README has no `{heading}`"));
    let rest = &text[at..];
    let start = rest.find("```text\n").expect("a ```text block") + "```text\n".len();
    let len = rest[start..].find("```").expect("the block ends");
    rest[start..start + len].to_owned()
}

#[test]
fn the_sample_output_is_current() {
    let dir = workdir();
    let mut cmd = rampart_in(dir.path());
    cmd.arg("audit")
        .arg("--snapshot")
        .arg(example("brand-new"))
        .arg("--no-color");
    let (_, stdout, _) = run(&mut cmd);
    let sample = block_after(&readme(), "## Sample output");
    assert!(
        sample == stdout,
        "README.md's sample is out of date; replace it with the output of\n\
         `cargo run -- audit --snapshot examples/brand-new.json --no-color`:\n{stdout}"
    );
}

#[test]
fn the_checks_table_lists_every_check() {
    let dir = workdir();
    let (_, stdout, _) = run(rampart_in(dir.path()).args(["checks", "--format", "json"]));
    let checks: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let text = readme();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| RMP")).collect();
    let checks = checks.as_array().expect("array");
    assert_eq!(rows.len(), checks.len(), "one README row per check");
    for (row, c) in rows.iter().zip(checks) {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let cis = c["frameworks"]
            .as_array()
            .expect("frameworks")
            .iter()
            .find(|f| f["framework"] == "cis-aws-7.0")
            .and_then(|f| f["control"].as_str())
            .unwrap_or("–");
        let expected = [
            c["id"].as_str().expect("id").to_owned(),
            c["step"].to_string(),
            c["severity"].as_str().expect("severity").to_owned(),
            cis.to_owned(),
            c["fix"].as_str().expect("fix").replace('_', " "),
            c["title"].as_str().expect("title").to_owned(),
        ];
        assert_eq!(
            cells, expected,
            "README row for {} is out of date",
            expected[0]
        );
    }
}
