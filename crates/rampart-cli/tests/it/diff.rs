//! `rampart diff` of two files of different accounts warns that it is not comparing one
//! account over time.

use crate::test_support::{example, rampart_in, run, workdir};

/// `brand-new.json` with its account id replaced by `account`, written into `dir`.
fn snapshot_of(dir: &std::path::Path, account: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(example("brand-new")).expect("example");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    v["account_id"] = account.into();
    let path = dir.join(format!("{account}.json"));
    std::fs::write(&path, v.to_string()).expect("write");
    path
}

#[test]
fn snapshots_of_two_accounts_are_compared_with_a_warning() {
    let dir = workdir();
    let old = snapshot_of(dir.path(), "111122223333");
    let new = snapshot_of(dir.path(), "444455556666");
    let (code, stdout, stderr) = run(rampart_in(dir.path()).arg("diff").arg(&old).arg(&new));
    // Every resource names its account, so every failure of NEW looks new.
    assert_eq!(code, 1, "{stderr}");
    assert!(!stdout.is_empty());
    assert_eq!(
        stderr,
        format!(
            "warning: {} is of account 111122223333 and {} of account 444455556666: this \
             compares two different accounts, not one account over time\n",
            old.display(),
            new.display()
        )
    );
}

#[test]
fn a_report_and_a_snapshot_of_two_accounts_warn_too() {
    let dir = workdir();
    let other = snapshot_of(dir.path(), "444455556666");
    let (code, report, stderr) = run(rampart_in(dir.path())
        .args(["audit", "--format", "json", "--snapshot"])
        .arg(example("brand-new")));
    assert_eq!(code, 1, "{stderr}");
    let report_path = dir.path().join("report.json");
    std::fs::write(&report_path, report).expect("write");
    let (_, _, stderr) = run(rampart_in(dir.path())
        .arg("diff")
        .arg(&report_path)
        .arg(&other));
    assert!(
        stderr.starts_with("warning: ") && stderr.contains("two different accounts"),
        "{stderr}"
    );
}

#[test]
fn the_same_account_gives_no_warning_and_quiet_silences_it() {
    let dir = workdir();
    let (_, _, stderr) = run(rampart_in(dir.path())
        .arg("diff")
        .arg(example("hardened"))
        .arg(example("brand-new")));
    assert_eq!(stderr, "");
    let old = snapshot_of(dir.path(), "111122223333");
    let new = snapshot_of(dir.path(), "444455556666");
    let (_, _, stderr) = run(rampart_in(dir.path())
        .arg("-q")
        .arg("diff")
        .arg(&old)
        .arg(&new));
    assert_eq!(stderr, "");
}
