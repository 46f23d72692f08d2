//! The shape shared by the per-user credential checks: one `fail` per offending user from the
//! credential report, or a single account-wide `pass` when no user offends.
//!
//! A pass per user would bury a 10,000-user account's report in noise; the pass carries how
//! many users were examined instead.

use rampart_model::credential_report::CredentialRow;
use rampart_model::Finding;

use crate::facts;
use crate::Context;

/// Runs `judge` over every IAM user row (root excluded). `judge` returns the failing finding
/// for a user, or `None` when the user is fine.
pub fn each_user(
    cx: &Context<'_>,
    check_id: &str,
    pass_message: &str,
    judge: impl Fn(&CredentialRow) -> Option<Finding>,
) -> Vec<Finding> {
    let report = match cx.credential_report() {
        Ok(r) => r,
        Err(u) => return vec![Finding::unknown(check_id, facts::account(cx), u)],
    };
    let mut examined = 0usize;
    let mut out: Vec<Finding> = report
        .users()
        .inspect(|_| examined += 1)
        .filter_map(judge)
        .collect();
    if out.is_empty() {
        out.push(
            Finding::pass(check_id, facts::account(cx), pass_message)
                .with("users_examined", examined)
                .with("credential_report.generated_time", report.generated_time),
        );
    }
    out
}

/// Whether `row` has a console password.
pub fn is_console_user(row: &CredentialRow) -> bool {
    !row.is_root() && row.password_enabled.is_true()
}
