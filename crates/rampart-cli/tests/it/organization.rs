//! `rampart audit --org` and `rampart snapshot --org` against an emulated organization: every
//! account reported (unreachable ones with the reason and a failing exit code), the
//! organization-level findings apart, every finding with its account, and an organization
//! snapshot that audits offline like the live run.

use crate::test_support::{json_masked, rampart_for, rampart_in, run, workdir};
use rampart_testkit::{new_organization, Organization, RootState};
use serde_json::Value;

fn account<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["account_id"] == id)
        .unwrap_or_else(|| panic!("account {id} missing"))
}

fn status(account: &Value, check: &str) -> Vec<String> {
    account["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["check_id"] == check)
        .map(|f| f["status"].as_str().expect("status").to_owned())
        .collect()
}

/// An organization with centralized root access on, a member whose root has a password, a
/// clean member, and a member whose role cannot be assumed.
async fn organization() -> Organization {
    let org = new_organization(3).await;
    org.set_root_access(true, true, true);
    org.set_root(
        &org.members[0],
        RootState {
            login_profile: true,
            ..RootState::default()
        },
    );
    org.make_unreachable(&org.members[2]);
    org
}

#[tokio::test(flavor = "multi_thread")]
async fn every_account_is_reported_and_an_unreachable_one_fails_the_run() {
    let org = organization().await;
    let dir = workdir();
    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "audit",
        "--org",
        "--format",
        "json",
        "--concurrency",
        "2",
    ]));
    assert_eq!(code, 1, "an unreachable account fails the run: {stderr}");
    assert!(
        stderr.contains(&format!(
            "could not be audited, so they are not known to pass anything: {}",
            org.members[2]
        )),
        "{stderr}"
    );
    let report = json_masked(stdout.as_bytes());
    assert_eq!(report["organization"]["id"], org.id.as_str());
    assert_eq!(report["organization"]["accounts"], 4);
    assert_eq!(report["organization"]["unreachable"], 1);

    // Organization-level: centralized root access, judged once and reported apart.
    let org_findings = report["organization"]["findings"]
        .as_array()
        .expect("findings");
    assert_eq!(org_findings.len(), 1, "{org_findings:#?}");
    assert_eq!(org_findings[0]["check_id"], "RMP115");
    assert_eq!(org_findings[0]["status"], "pass");
    assert_eq!(
        org_findings[0]["account_id"],
        org.management.account_id.as_str()
    );
    let management = account(&report, &org.management.account_id);
    assert_eq!(management["status"], "audited");
    assert!(
        status(management, "RMP115").is_empty(),
        "not repeated in the account"
    );

    // Members: root credentials read through AssumeRoot.
    let with_password = account(&report, &org.members[0]);
    assert_eq!(status(with_password, "RMP116"), ["fail"]);
    assert_eq!(
        status(account(&report, &org.members[1]), "RMP116"),
        ["pass"]
    );

    let unreachable = account(&report, &org.members[2]);
    assert_eq!(unreachable["status"], "unreachable");
    assert!(
        unreachable["reason"]
            .as_str()
            .is_some_and(|r| r.contains("AccessDenied")),
        "{unreachable}"
    );
    for a in report["accounts"].as_array().expect("accounts") {
        for f in a["findings"].as_array().expect("findings") {
            assert_eq!(f["account_id"], a["account_id"], "{f}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_starts_with_an_overview_and_account_narrows_it() {
    let org = organization().await;
    let dir = workdir();
    let (code, stdout, stderr) =
        run(rampart_for(&org.management, dir.path()).args(["audit", "--org", "--no-color"]));
    assert_eq!(code, 1, "{stderr}");
    let overview = stdout.split("━━ Account").next().expect("overview");
    assert!(
        overview.contains(&format!("organization {}", org.id)),
        "{overview}"
    );
    assert!(
        overview.contains("4 account(s): 3 audited, 1 unreachable"),
        "{overview}"
    );
    for member in &org.members {
        assert!(
            overview.contains(member.as_str()),
            "{member} not in {overview}"
        );
    }
    assert!(overview.contains("unreachable"), "{overview}");
    assert_eq!(
        stdout.matches("━━ Account").count(),
        3,
        "details of the audited accounts"
    );

    let member = &org.members[0];
    let (_, one, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "audit",
        "--org",
        "--no-color",
        "--account",
        member,
    ]));
    assert_eq!(one.matches("━━ Account").count(), 1, "{stderr}");
    assert!(one.contains(&format!("━━ Account {member}")), "{one}");
    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "audit",
        "--org",
        "--account",
        "000000000000",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--account 000000000000: not among"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organization_snapshot_audits_offline_like_the_live_run() {
    let org = organization().await;
    let dir = workdir();
    let (code, _, stderr) =
        run(rampart_for(&org.management, dir.path()).args(["snapshot", "--org", "-o", "org.json"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "snapshot of organization {} (4 accounts, 1 unreachable)",
            org.id
        )),
        "{stderr}"
    );
    let (code, offline, stderr) =
        run(rampart_in(dir.path()).args(["audit", "--snapshot", "org.json", "--format", "json"]));
    assert_eq!(code, 1, "{stderr}");
    let offline = json_masked(offline.as_bytes());
    assert_eq!(
        status(account(&offline, &org.members[0]), "RMP116"),
        ["fail"]
    );
    assert_eq!(account(&offline, &org.members[2])["status"], "unreachable");

    // `plan` of the organization snapshot plans every account offline; the unreachable one
    // makes it an error, as it cannot be planned.
    let (code, stdout, stderr) =
        run(rampart_in(dir.path()).args(["plan", "--snapshot", "org.json", "--no-color"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stdout.contains(&format!("Plan for organization {}", org.id)),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("━━ Account {}", org.members[0])),
        "{stdout}"
    );
    assert!(stderr.contains("could not plan 1 account(s)"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clean_reachable_organization_passes_the_organization_checks() {
    let org = new_organization(1).await;
    org.set_root_access(true, true, true);
    let dir = workdir();
    let (_, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "audit",
        "--org",
        "--format",
        "json",
        "--select",
        "RMP115,RMP116",
    ]));
    let report = json_masked(stdout.as_bytes());
    assert_eq!(report["organization"]["unreachable"], 0, "{stderr}");
    assert_eq!(report["organization"]["findings"][0]["status"], "pass");
    assert_eq!(
        status(account(&report, &org.members[0]), "RMP116"),
        ["pass"]
    );
}

#[test]
fn organization_flags_need_org() {
    let dir = workdir();
    let (code, _, stderr) =
        run(rampart_in(dir.path()).args(["audit", "--accounts", "123456789012"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--org"), "{stderr}");
    let (code, _, stderr) =
        run(rampart_in(dir.path()).args(["audit", "--org", "--accounts", "12"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("not an AWS account id"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_org_turns_on_centralized_root_access() {
    let org = new_organization(1).await;
    let dir = workdir();
    // Without a terminal or a password file, the refusal names each user with its account.
    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "--org",
        "--auto-approve",
        "--no-color",
    ]));
    assert_eq!(code, 2, "{stderr}");
    for account in [&org.members[0], &org.management.account_id] {
        assert!(
            stderr.contains(&format!("`admin` (account {account})")),
            "{stderr}"
        );
    }
    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "--org",
        "--auto-approve",
        "--no-color",
        "--password-file",
        "passwords.txt",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // Each account's own baseline is applied too, through its role; both accounts' generated
    // passwords go to the one file, each naming its account.
    let member = &org.members[0];
    assert!(
        stderr.contains(&format!("{member}: account password policy: done")),
        "{stderr}"
    );
    let passwords = std::fs::read_to_string(dir.path().join("passwords.txt")).expect("passwords");
    assert!(
        passwords.contains(&format!("in account `{member}`")),
        "{passwords}"
    );
    assert!(
        passwords.contains(&format!("in account `{}`", org.management.account_id)),
        "{passwords}"
    );
    assert!(
        stdout.contains("centralized root access for organization"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "approved by flag: {}: centralized root access",
            org.management.account_id
        )),
        "{stderr}"
    );
    let (_, stdout, _) = run(rampart_for(&org.management, dir.path())
        .args(["audit", "--org", "--format", "json", "--select", "RMP115"]));
    let report = json_masked(stdout.as_bytes());
    assert_eq!(report["organization"]["findings"][0]["status"], "pass");
    // Nothing left to do: a second run changes nothing.
    let (code, _, stderr) =
        run(rampart_for(&org.management, dir.path()).args(["apply", "--org", "--auto-approve"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("No changes in any account."), "{stderr}");
}

/// The one deletion of `--org`: each credential is listed, only with the flag, and afterwards
/// the member's root user has none left.
#[tokio::test(flavor = "multi_thread")]
async fn member_root_credentials_are_deleted_only_with_the_flag() {
    let org = new_organization(2).await;
    org.set_root_access(true, true, true);
    let member = org.members[0].clone();
    org.set_root(
        &member,
        RootState {
            login_profile: true,
            access_keys_active: 1,
            signing_certificates: 1,
            ..RootState::default()
        },
    );
    let dir = workdir();
    let (code, stdout, stderr) =
        run(rampart_for(&org.management, dir.path()).args(["plan", "--org", "--no-color"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stdout.contains("root user credentials of member account"),
        "{stdout}"
    );

    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "plan",
        "--org",
        "--delete-member-root-credentials",
        "--no-color",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!("root user credentials of member account {member}")),
        "{stdout}"
    );
    assert!(stdout.contains("the console password"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "access key {}",
            rampart_testkit::root_key_id(&member, 1)
        )),
        "{stdout}"
    );
    assert!(stdout.contains("signing certificate"), "{stdout}");
    assert_eq!(
        org.root(&member).access_keys_active,
        1,
        "planning deletes nothing"
    );

    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "--org",
        "--delete-member-root-credentials",
    ]));
    assert_eq!(code, 2, "no terminal, no --auto-approve: refused");
    assert!(stderr.contains("nobody can confirm"), "{stderr}");
    assert!(org.root(&member).login_profile);

    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "--org",
        "--delete-member-root-credentials",
        "--auto-approve",
        "--password-file",
        "passwords.txt",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "{member}: root user credentials of member account {member}: done"
        )),
        "{stderr}"
    );
    let root = org.root(&member);
    assert!(!root.login_profile, "{root:?}");
    assert_eq!(root.access_keys_active, 0, "{root:?}");
    assert_eq!(root.signing_certificates, 0, "{root:?}");

    let (_, stdout, _) = run(rampart_for(&org.management, dir.path())
        .args(["audit", "--org", "--format", "json", "--select", "RMP116"]));
    let report = json_masked(stdout.as_bytes());
    assert_eq!(status(account(&report, &member), "RMP116"), ["pass"]);
}

/// `diff` of two organization snapshots compares account by account: an account that became
/// unreachable is newly undecided, and none of its failures counts as fixed.
#[tokio::test(flavor = "multi_thread")]
async fn diff_compares_organizations_account_by_account() {
    let org = new_organization(1).await;
    let member = org.members[0].clone();
    let dir = workdir();
    let (code, _, stderr) =
        run(rampart_for(&org.management, dir.path()).args(["snapshot", "--org", "-o", "old.json"]));
    assert_eq!(code, 0, "{stderr}");
    org.make_unreachable(&member);
    let (code, _, stderr) =
        run(rampart_for(&org.management, dir.path()).args(["snapshot", "--org", "-o", "new.json"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) =
        run(rampart_in(dir.path()).args(["diff", "old.json", "new.json", "--format", "json"]));
    assert_eq!(code, 0, "nothing new fails: {stderr}");
    let d: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(d["fixed"], serde_json::json!([]), "{d:#}");
    let undecided = d["new_unknown"].as_array().expect("new_unknown");
    assert!(
        undecided
            .iter()
            .any(|e| e["check_id"] == "unreachable" && e["account_id"] == member.as_str()),
        "{d:#}"
    );
    // The JSON reports of the same two runs compare the same way.
    for (snap, report) in [
        ("old.json", "old-report.json"),
        ("new.json", "new-report.json"),
    ] {
        run(rampart_in(dir.path()).args([
            "audit",
            "--snapshot",
            snap,
            "--format",
            "json",
            "-o",
            report,
        ]));
    }
    let (code, stdout, stderr) = run(rampart_in(dir.path()).args([
        "diff",
        "old-report.json",
        "new-report.json",
        "--format",
        "json",
    ]));
    assert_eq!(code, 0, "{stderr}");
    let from_reports: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(from_reports["fixed"], serde_json::json!([]));
    assert_eq!(from_reports["new_unknown"], d["new_unknown"]);
}

/// The README's command on a new organization, whose centralized root access is off: one run
/// turns it on, then reads each member's root credentials, lists them and deletes them.
#[tokio::test(flavor = "multi_thread")]
async fn deleting_member_root_credentials_converges_on_a_new_organization_in_one_run() {
    let org = new_organization(2).await;
    let member = org.members[0].clone();
    org.set_root(
        &member,
        RootState {
            login_profile: true,
            access_keys_active: 1,
            ..RootState::default()
        },
    );
    let dir = workdir();
    // The plan says what the run will do, instead of failing on credentials it cannot read.
    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "plan",
        "--org",
        "--delete-member-root-credentials",
        "--no-color",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("centralized root access for organization"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "root user credentials of member account {member}, once centralized root access is on"
        )),
        "{stdout}"
    );
    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "--org",
        "--delete-member-root-credentials",
        "--auto-approve",
        "--password-file",
        "passwords.txt",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("the member root credentials to delete now"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "access key {}",
            rampart_testkit::root_key_id(&member, 1)
        )),
        "each credential is listed before it goes: {stderr}"
    );
    let root = org.root(&member);
    assert!(!root.login_profile, "{root:?}");
    assert_eq!(root.access_keys_active, 0, "{root:?}");
    // Converged: nothing left for a second run.
    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "--org",
        "--delete-member-root-credentials",
        "--auto-approve",
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("No changes in any account."), "{stderr}");
}

/// An organization's plan saves like one account's, and `apply FILE --org` applies it only
/// while it is still what rampart would plan; an edited one, or one given without `--org`, is
/// refused before anything changes.
#[tokio::test(flavor = "multi_thread")]
async fn an_organization_plan_is_saved_and_applied_from_its_file() {
    let org = new_organization(1).await;
    let member = org.members[0].clone();
    let dir = workdir();
    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "plan",
        "--org",
        "-o",
        "org-plan.json",
        "--no-color",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains(&format!("━━ Account {member}")), "{stdout}");
    assert!(
        stderr.contains("rampart apply org-plan.json --org"),
        "{stderr}"
    );
    let saved = std::fs::read_to_string(dir.path().join("org-plan.json")).expect("saved");
    let file: Value = serde_json::from_str(&saved).expect("JSON");
    assert_eq!(file["kind"], "organization");
    assert_eq!(
        file["accounts"].as_array().map(Vec::len),
        Some(2),
        "{saved}"
    );

    // Without --org, the file says what it is.
    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "org-plan.json",
        "--auto-approve",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("an organization's plan"), "{stderr}");

    // An account's action removed by hand: refused, and nothing changed.
    let mut edited = file.clone();
    let actions = edited["accounts"][1]["plan"]["actions"]
        .as_array_mut()
        .expect("actions");
    actions.remove(0);
    std::fs::write(dir.path().join("edited.json"), edited.to_string()).expect("write");
    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "edited.json",
        "--org",
        "--auto-approve",
        "--password-file",
        "p0.txt",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("does not match"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "account {}: + ",
            file["accounts"][1]["account_id"]
                .as_str()
                .unwrap_or_default()
        )),
        "{stderr}"
    );

    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "apply",
        "org-plan.json",
        "--org",
        "--auto-approve",
        "--password-file",
        "passwords.txt",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!("{member}: account password policy: done")),
        "{stderr}"
    );
    // Applied: the saved plan no longer matches, and a new plan has no changes.
    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "plan",
        "--org",
        "--detailed-exitcode",
    ]));
    assert_eq!(code, 0, "{stderr}");
}

/// `--compliance` of an organization: one view per account, the organization's own check in
/// the management account's, and an unreachable account that meets nothing.
#[tokio::test(flavor = "multi_thread")]
async fn compliance_views_cover_every_account_of_an_organization() {
    let org = organization().await;
    let dir = workdir();
    let (code, stdout, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "audit",
        "--org",
        "--compliance",
        "cis-aws-5.0",
        "--format",
        "json,csv,table,junit,sarif",
        "--output-dir",
        "out",
    ]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let junit =
        std::fs::read_to_string(dir.path().join("out/rampart-report.junit.xml")).expect("junit");
    assert_eq!(junit.matches("<testsuite ").count(), 4, "{junit}");
    assert!(junit.contains("type=\"unreachable\""), "{junit}");
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/rampart-report.sarif")).expect("sarif"),
    )
    .expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(
        results.iter().any(|r| r["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains(&org.members[2]) && t.contains("could not be audited"))),
        "{results:?}"
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/rampart-report.json")).expect("json"),
    )
    .expect("JSON");
    assert_eq!(json["framework"], "cis-aws-5.0");
    let accounts = json["accounts"].as_array().expect("accounts");
    assert_eq!(accounts.len(), 4);
    let unreachable = account(&json, &org.members[2]);
    assert_eq!(unreachable["status"], "unreachable");
    assert!(unreachable.get("controls").is_none());
    let member = account(&json, &org.members[0]);
    let contact = member["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .find(|c| c["control"] == "1.2")
        .expect("1.2");
    assert_eq!(contact["status"], "fail", "{contact}");
    let csv = std::fs::read_to_string(dir.path().join("out/rampart-report.csv")).expect("csv");
    assert!(csv.starts_with("account_id,framework,control"), "{csv}");
    assert!(
        csv.contains(&format!("{},cis-aws-5.0,,,unreachable", org.members[2])),
        "{csv}"
    );
    let table = std::fs::read_to_string(dir.path().join("out/rampart-report.txt")).expect("txt");
    for id in std::iter::once(&org.management.account_id).chain(&org.members) {
        assert!(table.contains(&format!("━━ Account {id}")), "{table}");
    }
}

/// The library says what the organization lacks; the binary names the flag that asked for it.
#[tokio::test(flavor = "multi_thread")]
async fn an_account_outside_the_organization_is_named_with_its_flag() {
    let org = new_organization(1).await;
    let dir = workdir();
    let (code, _, stderr) = run(rampart_for(&org.management, dir.path()).args([
        "audit",
        "--org",
        "--accounts",
        "999999999999",
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("error: --accounts"), "{stderr}");
    assert!(
        stderr.contains("999999999999 is not an account of the organization"),
        "{stderr}"
    );
}
