//! Shared helpers for the binary's tests: a `rampart` command in a clean environment, the
//! bundled example snapshots, and JSON output with the version masked.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The workspace root, where `examples/` lives.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An example snapshot's absolute path, e.g. `example("brand-new")`.
pub fn example(name: &str) -> PathBuf {
    root().join("examples").join(format!("{name}.json"))
}

/// `rampart` run in `dir`, with no colour, terminal width or AWS settings leaking in.
pub fn rampart_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("rampart").expect("the rampart binary is built");
    cmd.current_dir(dir);
    for var in [
        "NO_COLOR",
        "COLUMNS",
        "AWS_ENDPOINT_URL",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// `rampart` run in `dir` against the emulated `account` (its `AWS_*` variables only).
pub fn rampart_for(account: &rampart_testkit::TestAccount, dir: &Path) -> Command {
    let mut cmd = rampart_in(dir);
    cmd.envs(account.env());
    cmd
}

/// The ids of the checks `rampart apply` can fix.
pub fn auto_fixable_checks() -> Vec<&'static str> {
    rampart_checks::registry()
        .iter()
        .filter(|c| c.meta().fix.is_automatic())
        .map(|c| c.meta().id)
        .collect()
}

/// Asserts that each of `ids` has at least one finding among `findings` (a JSON report's).
pub fn assert_every_check_reports(findings: &[serde_json::Value], ids: &[&str]) {
    for id in ids {
        assert!(
            findings.iter().any(|f| f["check_id"] == *id),
            "{id} has no finding"
        );
    }
}

/// A fresh, empty working directory (so no `rampart.toml` is picked up by accident).
pub fn workdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Parses JSON output and masks the one field that changes between releases.
pub fn json_masked(stdout: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(stdout).expect("stdout is JSON");
    if v.get("rampart_version").is_some() {
        assert_eq!(v["rampart_version"], env!("CARGO_PKG_VERSION"));
        v["rampart_version"] = "[version]".into();
    }
    v
}

/// Runs and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("rampart runs");
    (
        out.status.code().expect("exited, not killed"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}
