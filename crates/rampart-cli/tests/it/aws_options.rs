//! The global AWS options checked before any command runs: a profile that does not exist or
//! has no credentials, an endpoint URL without a scheme, a Region that is not one. Each is one
//! `error:` line naming the option, exit 2, and no request is sent.

use std::path::Path;

use crate::test_support::{example, rampart_in, run, workdir};
use assert_cmd::Command;

const CONFIG: &str = "[profile fresh]\nregion = eu-west-1\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = keys\n\n[profile bare]\nregion = eu-west-1\n";
const CREDENTIALS: &str =
    "[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n";

/// `rampart` in `dir` with AWS config files of its own and no credentials in the environment.
fn rampart_with_profiles(dir: &Path) -> Command {
    std::fs::write(dir.join("config"), CONFIG).expect("write config");
    std::fs::write(dir.join("credentials"), CREDENTIALS).expect("write credentials");
    let mut cmd = rampart_in(dir);
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// Exit 2, nothing on stdout, and exactly `expected` on stderr.
fn assert_error(cmd: &mut Command, expected: &str) {
    let (code, stdout, stderr) = run(cmd);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(stderr, format!("{expected}\n"));
}

#[test]
fn a_mistyped_profile_lists_the_profiles_and_suggests_the_near_one() {
    let dir = workdir();
    let files = format!(
        "{} and {}",
        dir.path().join("config").display(),
        dir.path().join("credentials").display()
    );
    let expected = format!(
        "the AWS profile `fresj` does not exist (profiles in {files}: `bare`, `fresh`, \
         `keys`); did you mean `fresh`?"
    );
    assert_error(
        rampart_with_profiles(dir.path()).args(["snapshot", "--profile", "fresj"]),
        &format!("error: --profile: {expected}"),
    );
    assert_error(
        rampart_with_profiles(dir.path())
            .env("AWS_PROFILE", "fresj")
            .args(["plan"]),
        &format!("error: AWS_PROFILE: {expected}"),
    );
}

#[test]
fn a_profile_without_credentials_says_so() {
    let dir = workdir();
    let (code, _, stderr) =
        run(rampart_with_profiles(dir.path()).args(["audit", "--profile", "bare"]));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "error: --profile: the AWS profile `bare` has no credentials: give it access keys"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn the_profile_is_not_checked_by_commands_that_stay_offline() {
    let dir = workdir();
    let (code, _, stderr) = run(rampart_with_profiles(dir.path())
        .args(["audit", "--profile", "fresj", "--snapshot"])
        .arg(example("brand-new")));
    assert_eq!(code, 1, "the audit ran: {stderr}");
}

#[test]
fn an_endpoint_url_without_a_scheme_is_one_line() {
    let dir = workdir();
    let hint = "`localhost:5301` has no scheme: write `http://localhost:5301` (or \
                `https://localhost:5301`)";
    assert_error(
        rampart_in(dir.path()).args(["snapshot", "--endpoint-url", "localhost:5301"]),
        &format!("error: --endpoint-url: {hint}"),
    );
    assert_error(
        rampart_in(dir.path())
            .env("AWS_ENDPOINT_URL", "localhost:5301")
            .arg("snapshot"),
        &format!("error: AWS_ENDPOINT_URL: {hint}"),
    );
}

/// `events --region` takes a list and checks it with the same function (its tests show it).
#[test]
fn every_command_refuses_a_region_that_is_not_one() {
    let dir = workdir();
    let snapshot = example("brand-new");
    let snapshot = snapshot.to_str().expect("UTF-8 path");
    for args in [
        &["audit", "--region", "mars-1"][..],
        &["audit", "--snapshot", snapshot, "--region", "mars-1"],
        &["snapshot", "--region", "mars-1"],
        &["plan", "--region", "mars-1"],
        &["mfa", "status", "--region", "mars-1"],
    ] {
        assert_error(
            rampart_in(dir.path()).args(args),
            "error: --region: unknown Region `mars-1` (Regions look like `us-east-1` or `eu-west-2`)",
        );
    }
    assert_error(
        rampart_in(dir.path()).args(["audit", "--region", "eu-west-22"]),
        "error: --region: unknown Region `eu-west-22` (Regions look like `us-east-1` or \
         `eu-west-2`); did you mean `eu-west-2`?",
    );
}

#[test]
fn no_credentials_at_all_print_each_cause_once() {
    let dir = workdir();
    let mut cmd = rampart_with_profiles(dir.path());
    cmd.env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .args(["snapshot", "-q"]);
    assert_error(
        &mut cmd,
        "error: cannot collect a snapshot of the account\n\
         caused by: no AWS credentials found (set AWS_PROFILE, run `aws configure` or `aws sso login`)\n\
         caused by: no credential source is configured",
    );
}

#[test]
fn an_unreachable_endpoint_prints_each_layer_of_the_cause_on_its_own_line() {
    let dir = workdir();
    let mut cmd = rampart_with_profiles(dir.path());
    cmd.env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "example")
        .args(["snapshot", "-q", "--endpoint-url", "http://127.0.0.1:9"]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 2, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "error: cannot collect a snapshot of the account",
            "caused by: could not identify the caller with sts:GetCallerIdentity"
        ],
        "{stderr}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|l| l.contains("Connection refused")),
        "{stderr}"
    );
    assert!(
        !stderr.contains("dispatch failure") && !stderr.contains("Request {"),
        "the SDK's wrappers and request dumps stay out: {stderr}"
    );
    let mut seen = std::collections::BTreeSet::new();
    assert!(
        lines.iter().all(|l| seen.insert(*l)),
        "no line twice: {stderr}"
    );
}
