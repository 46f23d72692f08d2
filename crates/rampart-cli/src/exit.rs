//! The one place where an outcome becomes an exit code.
//!
//! 0: done, nothing to report (a clean audit, a plan or apply that ran, an apply the user
//! cancelled: nothing was changed and nothing went wrong). 1: checks fail or could not be
//! decided at or above `--fail-on`, or an account could not be audited. 2: a usage,
//! configuration or runtime error — and, under `plan --detailed-exitcode`, changes pending,
//! where every error is 1 instead (as OpenTofu has it; see `main`). 130: interrupted.

use std::process::ExitCode;

/// How a command ended, when it did not fail with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done; nothing fails.
    Success,
    /// Findings fail the run: checks at or above `--fail-on`, an account that could not be
    /// audited, a new failure in `diff`, a file that failed `trail verify`.
    Findings,
    /// `plan --detailed-exitcode`: changes are pending.
    ChangesPending,
    /// The user answered something other than `yes`: nothing was changed.
    Cancelled,
    /// Interrupted (Ctrl-C) in an interactive command: 130, as a shell reports SIGINT.
    Interrupted,
}

impl ExitStatus {
    /// `Findings` when `failed`, else `Success`.
    pub fn from_findings(failed: bool) -> Self {
        if failed {
            Self::Findings
        } else {
            Self::Success
        }
    }

    /// `ChangesPending` when `detailed` and `changes`, else `Success`.
    pub fn from_plan(detailed: bool, changes: bool) -> Self {
        if detailed && changes {
            Self::ChangesPending
        } else {
            Self::Success
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Self::Success | Self::Cancelled => 0,
            Self::Findings => 1,
            Self::ChangesPending => 2,
            Self::Interrupted => 130,
        }
    }

    /// The code of an error: 1 under `plan --detailed-exitcode` (where 2 is "changes
    /// pending"), else 2.
    pub fn error_code(detailed_exitcode: bool) -> u8 {
        if detailed_exitcode {
            1
        } else {
            2
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// `error: <message>` then `caused by: <cause>` for each cause; each on one line. A
/// configuration file's problems are one `error:` line each, then their count.
pub fn error_text(e: &anyhow::Error) -> String {
    let one_line = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(config) = e.downcast_ref::<crate::config::ConfigErrors>() {
        let mut lines: Vec<String> = config
            .errors
            .iter()
            .map(|e| format!("error: {}", one_line(e.to_string())))
            .collect();
        lines.push(format!("error: {}", config.count_line()));
        return lines.join("\n");
    }
    let mut chain = e.chain();
    let mut out = format!(
        "error: {}",
        one_line(chain.next().map(ToString::to_string).unwrap_or_default())
    );
    let mut previous = out.clone();
    for cause in chain {
        let text = one_line(cause.to_string());
        // A message that already ends with its cause's text (`…: {source}`) is not repeated.
        if previous.ends_with(&text) {
            continue;
        }
        out.push_str(&format!("\ncaused by: {text}"));
        previous = text;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_one_code() {
        assert_eq!(ExitStatus::from_findings(false).code(), 0);
        assert_eq!(ExitStatus::from_findings(true).code(), 1);
        assert_eq!(ExitStatus::from_plan(true, true).code(), 2);
        assert_eq!(ExitStatus::from_plan(false, true).code(), 0);
        assert_eq!(ExitStatus::from_plan(true, false).code(), 0);
        // Nothing was changed and nothing went wrong.
        assert_eq!(ExitStatus::Cancelled.code(), 0);
        assert_eq!(ExitStatus::error_code(true), 1);
        assert_eq!(ExitStatus::error_code(false), 2);
    }

    use anyhow::Context;

    #[test]
    fn prints_the_whole_chain_one_line_each() {
        let io = std::io::Error::other("connection\nreset");
        let e = Err::<(), _>(io)
            .context("cannot collect")
            .expect_err("is an error");
        assert_eq!(
            error_text(&e),
            "error: cannot collect\ncaused by: connection reset"
        );
    }

    /// An error that prints its source in its own message, and also returns it as `source`.
    #[derive(Debug)]
    struct Repeats(std::io::Error);

    impl std::fmt::Display for Repeats {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot read the profile: {}", self.0)
        }
    }

    impl std::error::Error for Repeats {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_cause_already_in_its_message_is_not_printed_again() {
        let e = anyhow::Error::new(Repeats(std::io::Error::other("permission denied")))
            .context("--profile work");
        assert_eq!(
            error_text(&e),
            "error: --profile work\ncaused by: cannot read the profile: permission denied"
        );
    }

    #[test]
    fn a_collect_error_prints_each_cause_once() {
        let e = anyhow::Error::new(rampart_aws::CollectError::NoAccount)
            .context("cannot collect a snapshot of the account");
        assert_eq!(
            error_text(&e),
            "error: cannot collect a snapshot of the account\ncaused by: \
             sts:GetCallerIdentity answered without naming an account"
        );
    }
}
