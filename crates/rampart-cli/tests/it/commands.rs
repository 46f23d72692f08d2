//! `rampart checks`, `explain`, `completions`, `man`, `--help`, `--version`, and how
//! `rampart.toml` is found.

use crate::test_support::{example, rampart_in, root, run, workdir};

fn output(args: &[&str]) -> (i32, String, String) {
    let dir = workdir();
    let mut cmd = rampart_in(dir.path());
    cmd.args(args);
    run(&mut cmd)
}

#[test]
fn checks_table() {
    let (code, stdout, stderr) = output(&["checks"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn checks_json_matches_the_table() {
    let (code, stdout, _) = output(&["checks", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let (_, table, _) = output(&["checks"]);
    let arr = v.as_array().expect("array");
    assert_eq!(
        arr.len() + 1,
        table.lines().count(),
        "one table row per check, plus the header"
    );
    for c in arr {
        let id = c["id"].as_str().expect("id");
        let row = table
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} not in table"));
        assert!(row.contains(c["title"].as_str().expect("title")), "{row}");
        assert!(matches!(
            c["fix"].as_str(),
            Some("automatic" | "needs_setting" | "needs_flag" | "needs_person" | "manual")
        ));
        assert!(c["fix_hint"]
            .as_str()
            .is_some_and(|h| h.starts_with("fix: ")));
        assert!((1..=5).contains(&c["step"].as_u64().expect("step")));
    }
}

#[test]
fn explain_rmp102() {
    let (code, stdout, stderr) = output(&["explain", "RMP102"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn explain_accepts_slugs_and_json() {
    let (code, by_slug, _) = output(&["explain", "root-access-keys"]);
    assert_eq!(code, 0);
    assert_eq!(by_slug, output(&["explain", "rmp102"]).1);
    let (_, json, _) = output(&["explain", "RMP102", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["id"], "RMP102");
    assert!(v["docs"]
        .as_str()
        .expect("docs")
        .contains("## Why it matters"));
}

#[test]
fn completions_for_bash_and_zsh() {
    let (code, bash, _) = output(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        bash.contains("_rampart()") && bash.contains("--snapshot"),
        "bash script lists audit flags"
    );
    let (code, zsh, _) = output(&["completions", "zsh"]);
    assert_eq!(code, 0);
    assert!(zsh.starts_with("#compdef rampart"));
    // Check ids, slugs and framework names complete, in every shell.
    for shell in ["bash", "zsh", "fish"] {
        let (code, script, _) = output(&["completions", shell]);
        assert_eq!(code, 0);
        for check in rampart_checks::registry() {
            let m = check.meta();
            assert!(
                script.contains(m.id) && script.contains(m.slug),
                "{shell}: {} / {} do not complete",
                m.id,
                m.slug
            );
        }
        for framework in ["cis-aws-5.0", "aws-fsbp"] {
            assert!(
                script.contains(framework),
                "{shell}: {framework} does not complete"
            );
        }
    }
}

#[test]
fn check_names_stay_out_of_help_and_prefixes_still_select() {
    let (_, help, _) = output(&["audit", "--help"]);
    assert!(!help.contains("possible values"), "{help}");
    let (code, stdout, stderr) = output(&[
        "audit",
        "--snapshot",
        example("brand-new").to_str().expect("utf-8"),
        "--select",
        "RMP1",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let ids: Vec<&str> = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|id| id.starts_with("RMP1")),
        "{ids:?}"
    );
}

#[test]
fn man_page_is_roff_naming_every_command() {
    let (code, page, stderr) = output(&["man"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // roff: after the two-line quote-character preamble, the title, then the NAME section.
    let first_macros: Vec<&str> = page
        .lines()
        .filter(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .take(2)
        .collect();
    assert!(
        first_macros[0].starts_with(".TH rampart 1 ") && first_macros[1] == ".SH NAME",
        "{page}"
    );
    for cmd in [
        "audit",
        "snapshot",
        "checks",
        "explain",
        "events",
        "mfa",
        "diff",
        "plan",
        "apply",
        "init",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!("rampart\\-{cmd}(1)")),
            "`{cmd}` in SUBCOMMANDS"
        );
    }
    assert!(
        page.contains("AWS_ENDPOINT_URL"),
        "environment variables are named"
    );
}

#[test]
fn man_dir_writes_a_page_for_every_command_it_names() {
    let dir = workdir();
    let pages = dir.path().join("man1");
    let mut cmd = rampart_in(dir.path());
    cmd.args(["man", "--dir"]).arg(&pages);
    let (code, listed, stderr) = run(&mut cmd);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let top = std::fs::read_to_string(pages.join("rampart.1")).expect("rampart.1 written");
    assert_eq!(
        top,
        output(&["man"]).1,
        "the same top page as `rampart man`"
    );
    // Every page the top page refers to exists, and every file written is listed.
    for name in ["audit", "plan", "apply", "mfa", "man"] {
        let file = pages.join(format!("rampart-{name}.1"));
        let text = std::fs::read_to_string(&file).expect("subcommand page written");
        assert!(text.contains(&format!(".TH rampart-{name} 1 ")), "{text}");
        assert!(listed.contains(&file.display().to_string()), "{listed}");
    }
    let written = std::fs::read_dir(&pages).expect("dir").count();
    assert_eq!(written, listed.lines().count(), "{listed}");
}

#[test]
fn help_and_version_exit_zero() {
    let (code, help, _) = output(&["--help"]);
    assert_eq!(code, 0);
    for cmd in ["audit", "snapshot", "checks", "explain", "completions"] {
        assert!(help.contains(cmd), "`{cmd}` in help");
    }
    let (code, audit_help, _) = output(&["audit", "--help"]);
    assert_eq!(code, 0);
    assert!(audit_help.contains("--fail-on-unknown") && audit_help.contains("--endpoint-url"));
}

#[test]
fn version_names_the_commit_on_one_line() {
    let (code, version, _) = output(&["--version"]);
    assert_eq!(code, 0);
    let line = version
        .strip_prefix(&format!("rampart {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|rest| rest.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("`rampart VERSION (COMMIT)` on one line: {version:?}"));
    let head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git runs (the tests build from a checkout)");
    let head = String::from_utf8(head.stdout).expect("UTF-8");
    assert!(
        line.len() >= 7 && head.trim().starts_with(line),
        "{line:?} is a prefix of HEAD {head:?}"
    );
}

#[test]
fn the_default_config_file_is_read_from_the_working_directory() {
    let dir = workdir();
    let snap = example("brand-new");
    let mut plain = rampart_in(dir.path());
    plain.arg("audit").arg("--snapshot").arg(&snap);
    assert_eq!(run(&mut plain).0, 1);
    // Ignoring every check leaves nothing to fail.
    std::fs::write(
        dir.path().join("rampart.toml"),
        "[audit]\nignore = [\"RMP\"]\n",
    )
    .expect("write");
    let mut configured = rampart_in(dir.path());
    configured
        .arg("audit")
        .arg("--snapshot")
        .arg(&snap)
        .args(["--format", "json", "-v"]);
    let (code, stdout, stderr) = run(&mut configured);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "settings: rampart.toml\n");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["summary"]["checks"]["evaluated"], 0);
}

#[test]
fn the_bundled_example_config_is_valid() {
    let dir = workdir();
    let mut cmd = rampart_in(dir.path());
    cmd.arg("audit")
        .arg("--snapshot")
        .arg(example("hardened"))
        .arg("--config")
        .arg(root().join("examples/rampart.toml"));
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!((code, stderr.as_str()), (0, ""));
}

/// Planning offline from a saved snapshot: the inherited example gets changes, manual steps
/// (including the other admins without MFA) and the list of checks left failing.
#[test]
fn plan_from_a_snapshot_lists_what_it_leaves_failing() {
    let snap = example("inherited");
    let snap = snap.to_str().expect("UTF-8 path");
    let (code, stdout, stderr) = output(&["plan", "--snapshot", snap, "--detailed-exitcode"]);
    assert_eq!(code, 2, "changes are pending: {stderr}");
    insta::assert_snapshot!(stdout);

    let (_, json, _) = output(&["plan", "--snapshot", snap, "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&json).expect("JSON plan");
    let left: Vec<&str> = plan["still_failing"]
        .as_array()
        .expect("still_failing")
        .iter()
        .filter_map(|f| f["check"].as_str())
        .collect();
    assert!(
        left.contains(&"RMP110") && !left.contains(&"RMP204"),
        "{left:?}"
    );

    let hardened = example("hardened");
    let (code, stdout, _) = output(&[
        "plan",
        "--snapshot",
        hardened.to_str().expect("UTF-8 path"),
        "--detailed-exitcode",
    ]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "No changes. The account matches the baseline.\n")
    );
}

#[test]
fn a_plan_written_with_o_is_a_plan_apply_reads() {
    let dir = workdir();
    let saved = dir.path().join("p.txt");
    let (code, stdout, stderr) = run(rampart_in(dir.path())
        .args(["plan", "--snapshot"])
        .arg(example("brand-new"))
        .arg("-o")
        .arg(&saved));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("rampart will make these changes"),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&saved).expect("plan file written");
    let plan = rampart_plan::Plan::from_json(&text).expect("the file is a plan");
    assert!(plan.has_changes());
    assert!(stderr.contains("apply it with `rampart apply"), "{stderr}");

    // A file that is not a plan says how to make one, before any credentials are looked for.
    let text_file = dir.path().join("notes.txt");
    std::fs::write(&text_file, "  + SNS topic\n").expect("write");
    let (code, _, stderr) = run(rampart_in(dir.path()).arg("apply").arg(&text_file));
    assert_ne!(code, 0);
    assert!(
        stderr.contains("not a rampart plan file (save one with `rampart plan -o"),
        "{stderr}"
    );
}

#[test]
fn plan_o_and_out_naming_two_files_is_an_error() {
    let dir = workdir();
    let (code, _, stderr) = run(rampart_in(dir.path())
        .args(["plan", "--snapshot"])
        .arg(example("brand-new"))
        .args(["-o", "a.json", "--out", "b.json"]));
    assert_ne!(code, 0);
    assert!(stderr.contains("both save the plan; give one"), "{stderr}");
    assert!(!dir.path().join("a.json").exists() && !dir.path().join("b.json").exists());
}

/// `rampart` at a terminal (util-linux `script` provides one); returns its exit code and what
/// the terminal showed.
fn at_a_terminal(args: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("rampart");
    let dir = workdir();
    let out = std::process::Command::new("script")
        .args(["-qec", &format!("'{}' {args}", bin.display()), "/dev/null"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("`script` from util-linux runs rampart at a terminal");
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn html_is_not_poured_into_a_terminal() {
    let brand_new = example("brand-new");
    let (code, shown) = at_a_terminal(&format!(
        "audit --snapshot '{}' --format html",
        brand_new.display()
    ));
    assert_eq!(code, 2, "{shown}");
    assert!(
        shown.contains("an HTML report is a page to open in a browser, not terminal output: write it to a file with `-o rampart-report.html`"),
        "{shown}"
    );
    assert!(!shown.contains("<html"), "{shown}");
    // Piped, it is written as asked.
    let (code, stdout, _) = output(&[
        "audit",
        "--snapshot",
        brand_new.to_str().expect("utf-8 path"),
        "--format",
        "html",
    ]);
    assert_eq!(code, 1, "the brand-new account fails");
    assert!(stdout.contains("<html"), "{stdout}");
}
