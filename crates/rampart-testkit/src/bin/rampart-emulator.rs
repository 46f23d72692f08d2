//! `rampart-emulator`: an emulated AWS account to try rampart (or any AWS tool) on without AWS.
//!
//! Starts moto with the gap endpoint in front of it, sets up one account, prints the `export
//! AWS_...=...` lines that point a shell at that account, then serves until Ctrl-C (or SIGTERM)
//! and stops moto. The printed credentials exist only inside this emulator.
//!
//! With `--org N` the account is the management account of an organization of N member
//! accounts in mixed states (see [`org_preset`]): members with root passwords, keys, MFA or
//! certificates, one whose `OrganizationAccountAccessRole` cannot be assumed, and centralized
//! root access off. The members and their states are listed after the exports.
//!
//! With `--alerts broken` the account gets five root-activity alert routes that each deliver
//! to nobody (see `rampart_testkit::alerting`); with `--alerts cis`, the benchmark's metric
//! filter and alarm for each of the fifteen monitoring controls, all delivering.
//!
//! ```text
//! cargo run -p rampart-testkit --bin rampart-emulator --release -- \
//!     [--port N] [--account ID | --org N] [--root-state brand-new|hardened] [--alerts broken|cis]
//! ```
//!
//! Sending the process SIGUSR1 prints the account's requests per API (as the gap endpoint saw
//! them) on standard error and starts counting afresh; benchmarks use it to count the requests
//! of a tool that has no counter of its own.

use std::process::ExitCode;

use chrono::{Duration, Utc};
use rampart_testkit::alerting::{seed_alerts, AlertSeed};
use rampart_testkit::{events, Emulator, Organization, RootState, TestAccount};

/// The most member accounts `--org` creates.
const MAX_MEMBERS: usize = 50;

const USAGE: &str = "usage: rampart-emulator [--port N] [--account ID | --org N] \
[--root-state brand-new|hardened] [--alerts broken|cis]

  --port N          serve on 127.0.0.1:N (default: any free port)
  --account ID      the 12-digit account id to emulate (default: a random one)
  --org N           emulate the management account of an organization of N (1 to 50) member
                    accounts in mixed states, centralized root access off
  --root-state S    the root user's history: brand-new (default; signed in an hour ago, no MFA)
                    or hardened (hardware MFA, unused for 40 days)
  --alerts S        alert routes to seed: broken (five root-activity routes that each reach
                    nobody) or cis (the benchmark's filter and alarm for all fifteen controls)";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Preset {
    BrandNew,
    Hardened,
}

#[derive(Debug)]
struct Options {
    port: u16,
    account: Option<String>,
    /// `--org`: the number of member accounts.
    members: Option<usize>,
    preset: Preset,
    alerts: Option<AlertSeed>,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut opts = Options {
        port: 0,
        account: None,
        members: None,
        preset: Preset::BrandNew,
        alerts: None,
    };
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (flag, None),
        };
        let Some(value) = inline.or_else(|| args.next()) else {
            return Err(format!("{name} needs a value"));
        };
        match name.as_str() {
            "--port" => {
                opts.port = value
                    .parse()
                    .map_err(|_| format!("--port wants a port number, not {value:?}"))?;
            }
            "--account" => {
                if value.len() != 12 || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("--account wants 12 digits, not {value:?}"));
                }
                opts.account = Some(value);
            }
            "--org" => {
                let n = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_MEMBERS).contains(n));
                let Some(n) = n else {
                    return Err(format!(
                        "--org wants 1 to {MAX_MEMBERS} member accounts, not {value:?}"
                    ));
                };
                opts.members = Some(n);
            }
            "--root-state" => {
                opts.preset = match value.as_str() {
                    "brand-new" => Preset::BrandNew,
                    "hardened" => Preset::Hardened,
                    _ => {
                        return Err(format!(
                            "--root-state wants brand-new or hardened, not {value:?}"
                        ))
                    }
                };
            }
            "--alerts" => {
                opts.alerts = Some(match value.as_str() {
                    "broken" => AlertSeed::Broken,
                    "cis" => AlertSeed::Cis,
                    _ => return Err(format!("--alerts wants broken or cis, not {value:?}")),
                });
            }
            _ => return Err(format!("unknown option {name}")),
        }
    }
    if opts.account.is_some() && opts.members.is_some() {
        return Err(
            "--account and --org cannot be combined (an organization's accounts get \
                    fresh ids)"
                .to_owned(),
        );
    }
    Ok(opts)
}

/// The root user of member `n` of `count` under `--org`, and whether its role can be assumed:
/// the last member (of two or more) is unreachable; the others cycle through a root password
/// with an access key, a password with virtual MFA, no root credentials (as Organizations
/// creates members), and two keys with a signing certificate.
fn org_preset(n: usize, count: usize) -> (RootState, bool) {
    let now = Utc::now();
    let base = RootState {
        created: now - Duration::days(30),
        login_profile: false,
        ..RootState::default()
    };
    let root = match n % 4 {
        0 => RootState {
            login_profile: true,
            access_keys_active: 1,
            access_keys_created: Some(now - Duration::days(20)),
            password_last_used: Some(now - Duration::days(2)),
            ..base
        },
        1 => RootState {
            login_profile: true,
            mfa_enabled: true,
            mfa_virtual: true,
            ..base
        },
        2 => base,
        _ => RootState {
            access_keys_active: 2,
            access_keys_created: Some(now - Duration::days(90)),
            signing_certificates: 1,
            ..base
        },
    };
    (root, count < 2 || n + 1 < count)
}

/// What `root` holds, for the member list.
fn describe_root(root: &RootState) -> String {
    let mut parts = vec![];
    if root.login_profile {
        parts.push("root password".to_owned());
    }
    if root.access_keys_active > 0 {
        parts.push(format!("{} root access key(s)", root.access_keys_active));
    }
    if root.mfa_enabled {
        parts.push("root MFA".to_owned());
    }
    if root.signing_certificates > 0 {
        parts.push(format!(
            "{} root signing certificate(s)",
            root.signing_certificates
        ));
    }
    if parts.is_empty() {
        return "no root credentials".to_owned();
    }
    parts.join(", ")
}

/// Sets up the members of `org` and lists them on standard error.
fn apply_org(org: &Organization) {
    let count = org.members.len();
    let mut out = format!(
        "rampart-emulator: organization {} of {count} member account(s), centralized root \
         access off; reach a member with sts:AssumeRole into \
         arn:aws:iam::<member>:role/{}:\n",
        org.id,
        rampart_testkit::MEMBER_ROLE
    );
    for (n, member) in org.members.iter().enumerate() {
        let (root, reachable) = org_preset(n, count);
        let state = describe_root(&root);
        org.set_root(member, root);
        if !reachable {
            org.make_unreachable(member);
        }
        let reach = if reachable {
            ""
        } else {
            "; its role cannot be assumed"
        };
        out.push_str(&format!("  member {member}: {state}{reach}\n"));
    }
    eprint!("{out}");
}

/// Sets the root user's facts and sign-in history for `preset`.
fn apply(preset: Preset, account: &TestAccount) {
    let now = Utc::now();
    let id = account.account_id.clone();
    let (root, sign_in) = match preset {
        Preset::BrandNew => (
            RootState {
                created: now - Duration::days(1),
                password_last_used: Some(now - Duration::hours(1)),
                ..RootState::default()
            },
            events::root_console_login(&id, now - Duration::hours(1), false),
        ),
        Preset::Hardened => (
            RootState {
                created: now - Duration::days(120),
                mfa_enabled: true,
                mfa_virtual: false,
                password_last_used: Some(now - Duration::days(40)),
                ..RootState::default()
            },
            events::root_console_login(&id, now - Duration::days(40), true),
        ),
    };
    account.set_root(root);
    account.add_events([sign_in]);
}

/// Quotes `value` for a POSIX shell.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

fn print_requests(account: &TestAccount) {
    let counts = account.request_counts();
    account.reset_request_counts();
    let total: u64 = counts.values().sum();
    let width = counts.keys().map(String::len).max().unwrap_or(0);
    let mut out = format!("emulator requests: {total}\n");
    for (api, n) in counts {
        out.push_str(&format!("  {api:<width$}  {n}\n"));
    }
    eprint!("{out}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let opts = match parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(why) if why.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(why) => {
            eprintln!("rampart-emulator: {why}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let emulator = match Emulator::start_on(opts.port) {
        Ok(e) => e,
        Err(why) => {
            eprintln!("rampart-emulator: {why}");
            return ExitCode::from(2);
        }
    };
    let org = match opts.members {
        Some(n) => Some(emulator.new_organization(n).await),
        None => None,
    };
    let account = match (&org, &opts.account) {
        (Some(org), _) => org.management.clone(),
        (None, Some(id)) => emulator.account(id).await,
        (None, None) => emulator.new_account().await,
    };
    apply(opts.preset, &account);
    if let Some(seed) = opts.alerts {
        match seed_alerts(&account, seed).await {
            Ok(made) => {
                for line in made {
                    eprintln!("rampart-emulator: {line}");
                }
            }
            Err(why) => {
                eprintln!("rampart-emulator: could not seed the alert routes: {why}");
                return ExitCode::from(2);
            }
        }
    }
    for (name, value) in account.env() {
        println!("export {name}={}", shell_quote(&value));
    }
    if let Some(org) = &org {
        apply_org(org);
    }
    // Printed after the exports, so a script can wait for this line and then read them all.
    eprintln!(
        "rampart-emulator: account {} at {} (moto at {}); paste the lines above into a shell, \
         then run e.g. `rampart audit`. Ctrl-C stops the emulator.",
        account.account_id,
        emulator.gap_url(),
        emulator.moto_url()
    );
    serve(&account).await;
    eprintln!("rampart-emulator: stopping");
    ExitCode::SUCCESS
}

/// Waits for Ctrl-C or SIGTERM, printing the request log on each SIGUSR1.
#[cfg(unix)]
async fn serve(account: &TestAccount) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut usr1)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::user_defined1()),
    ) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return,
            _ = term.recv() => return,
            _ = usr1.recv() => print_requests(account),
        }
    }
}

#[cfg(not(unix))]
async fn serve(_account: &TestAccount) {
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_every_option() {
        let o = parse(args(&[
            "--port",
            "4566",
            "--account=111122223333",
            "--root-state",
            "hardened",
        ]))
        .expect("valid options");
        assert_eq!(o.port, 4566);
        assert_eq!(o.account.as_deref(), Some("111122223333"));
        assert_eq!(o.preset, Preset::Hardened);
        let o = parse(args(&["--alerts", "broken"])).expect("valid options");
        assert_eq!(o.alerts, Some(AlertSeed::Broken));
        let o = parse(args(&["--org", "3"])).expect("valid options");
        assert_eq!((o.members, o.account), (Some(3), None));
    }

    #[test]
    fn org_members_come_in_mixed_states_and_the_last_is_unreachable() {
        let states: Vec<(String, bool)> = (0..5)
            .map(|n| {
                let (root, reachable) = org_preset(n, 5);
                (describe_root(&root), reachable)
            })
            .collect();
        assert_eq!(states[0].0, "root password, 1 root access key(s)");
        assert_eq!(states[1].0, "root password, root MFA");
        assert_eq!(states[2].0, "no root credentials");
        assert_eq!(
            states[3].0,
            "2 root access key(s), 1 root signing certificate(s)"
        );
        let unreachable: Vec<bool> = states.iter().map(|s| s.1).collect();
        assert_eq!(unreachable, [true, true, true, true, false]);
        assert!(org_preset(0, 1).1, "a lone member stays reachable");
    }

    #[test]
    fn rejects_bad_values_with_a_reason() {
        let err = |a: &[&str]| parse(args(a)).expect_err("must be rejected");
        assert!(err(&["--port", "x"]).contains("port number"));
        assert!(err(&["--account", "12"]).contains("12 digits"));
        assert!(err(&["--root-state", "old"]).contains("brand-new or hardened"));
        assert!(err(&["--alerts", "all"]).contains("broken or cis"));
        assert!(err(&["--port"]).contains("needs a value"));
        assert!(err(&["--frobnicate", "1"]).contains("unknown option"));
        assert!(err(&["--org", "0"]).contains("1 to 50"));
        assert!(err(&["--org", "x"]).contains("1 to 50"));
        assert!(err(&["--org", "2", "--account", "111122223333"]).contains("cannot be combined"));
        assert_eq!(err(&["--help"]), "");
    }

    #[test]
    fn quotes_values_for_the_shell() {
        assert_eq!(shell_quote("http://127.0.0.1:1"), "'http://127.0.0.1:1'");
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
    }
}
