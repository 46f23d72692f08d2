//! `rampart.toml` errors as a person sees them: every problem of the file at once, one
//! `error:` line each with file, line:column and key, then their count, and exit 2.

use crate::test_support::{example, rampart_in, run, workdir};

/// Runs `audit --snapshot brand-new.json` plus `args` in a directory holding `files`, and
/// returns stderr after checking exit code 2 and an empty stdout.
fn config_errors(args: &[&str], files: &[(&str, &str)]) -> String {
    let dir = workdir();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    let mut cmd = rampart_in(dir.path());
    cmd.args(["audit", "--snapshot"])
        .arg(example("brand-new"))
        .args(args);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn every_error_is_listed_then_counted() {
    let stderr = config_errors(
        &["--config", "bad.toml"],
        &[(
            "bad.toml",
            "[audit]\nunused_credentials_days = 0\nfail_onn = \"high\"\n\n[alerts]\nemails = [\"bob\"]\n",
        )],
    );
    assert_eq!(
        stderr,
        "error: bad.toml:2:27: audit.unused_credentials_days: must be between 1 and 365, got 0\n\
         error: bad.toml:3:1: audit.fail_onn: unknown key; did you mean `fail_on`?\n\
         error: bad.toml:6:11: alerts.emails: \"bob\" is not an e-mail address\n\
         error: bad.toml: 3 errors, nothing was done\n"
    );
}

#[test]
fn the_default_file_is_read_strictly_too() {
    let stderr = config_errors(&[], &[("rampart.toml", "[audit]\nfail_on = \"urgent\"\n")]);
    assert!(
        stderr.starts_with("error: rampart.toml:2:11: audit.fail_on: unknown severity `urgent`"),
        "{stderr}"
    );
    assert!(stderr.ends_with("error: rampart.toml: 1 error, nothing was done\n"));
}

#[test]
fn the_old_admin_group_key_points_to_the_new_one() {
    let stderr = config_errors(
        &[],
        &[("rampart.toml", "[audit]\nadmin_group = \"Admins\"\n")],
    );
    assert!(
        stderr.contains("rampart.toml:2:1: audit.admin_group: this setting is `admin.group` now")
            && stderr.contains("write `group = \"Admins\"` under [admin] instead"),
        "{stderr}"
    );
}

#[test]
fn a_missing_file_is_one_error() {
    let stderr = config_errors(&["--config", "absent.toml"], &[]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("error: absent.toml: cannot read it"),
        "{stderr}"
    );
    assert_eq!(lines.len(), 2, "{stderr}");
}
