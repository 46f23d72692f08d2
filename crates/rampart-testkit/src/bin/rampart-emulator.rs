//! `rampart-emulator`: an emulated AWS account to try rampart (or any AWS tool) on without AWS.
//!
//! Starts moto with the gap endpoint in front of it, sets up one account, prints the `export
//! AWS_...=...` lines that point a shell at that account, then serves until Ctrl-C (or SIGTERM)
//! and stops moto. The printed credentials exist only inside this emulator.
//!
//! ```text
//! cargo run -p rampart-testkit --bin rampart-emulator --release -- \
//!     [--port N] [--account ID] [--root-state brand-new|hardened]
//! ```
//!
//! Sending the process SIGUSR1 prints the account's requests per API (as the gap endpoint saw
//! them) on standard error and starts counting afresh; benchmarks use it to count the requests
//! of a tool that has no counter of its own.

use std::process::ExitCode;

use chrono::{Duration, Utc};
use rampart_testkit::{events, Emulator, RootState, TestAccount};

const USAGE: &str = "usage: rampart-emulator [--port N] [--account ID] \
[--root-state brand-new|hardened]

  --port N          serve on 127.0.0.1:N (default: any free port)
  --account ID      the 12-digit account id to emulate (default: a random one)
  --root-state S    the root user's history: brand-new (default; signed in an hour ago, no MFA)
                    or hardened (hardware MFA, unused for 40 days)";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Preset {
    BrandNew,
    Hardened,
}

#[derive(Debug)]
struct Options {
    port: u16,
    account: Option<String>,
    preset: Preset,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut opts = Options {
        port: 0,
        account: None,
        preset: Preset::BrandNew,
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
            _ => return Err(format!("unknown option {name}")),
        }
    }
    Ok(opts)
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
    let account = match &opts.account {
        Some(id) => emulator.account(id).await,
        None => emulator.new_account().await,
    };
    apply(opts.preset, &account);
    for (name, value) in account.env() {
        println!("export {name}={}", shell_quote(&value));
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
    }

    #[test]
    fn rejects_bad_values_with_a_reason() {
        let err = |a: &[&str]| parse(args(a)).expect_err("must be rejected");
        assert!(err(&["--port", "x"]).contains("port number"));
        assert!(err(&["--account", "12"]).contains("12 digits"));
        assert!(err(&["--root-state", "old"]).contains("brand-new or hardened"));
        assert!(err(&["--port"]).contains("needs a value"));
        assert!(err(&["--frobnicate", "1"]).contains("unknown option"));
        assert_eq!(err(&["--help"]), "");
    }

    #[test]
    fn quotes_values_for_the_shell() {
        assert_eq!(shell_quote("http://127.0.0.1:1"), "'http://127.0.0.1:1'");
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
    }
}
