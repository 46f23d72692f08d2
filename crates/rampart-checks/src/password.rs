//! The shape shared by the password-policy checks: unknown when the policy could not be read,
//! a failure when the account has none, otherwise the check's own judgement.

use rampart_model::iam::PasswordPolicy;
use rampart_model::{Finding, Observed, ResourceRef};

use crate::facts;
use crate::Context;

/// Runs `judge` on the account's password policy. `judge` gets the resource to report on.
pub fn judge_policy(
    cx: &Context<'_>,
    check_id: &str,
    judge: impl Fn(&PasswordPolicy, ResourceRef) -> Finding,
) -> Vec<Finding> {
    let resource = facts::account(cx);
    vec![match &cx.snapshot.iam.password_policy {
        Observed::Unavailable(u) => Finding::unknown(check_id, resource, u),
        Observed::Known(None) => {
            Finding::fail(check_id, resource, "the account has no password policy")
                .with("password_policy", "none")
        }
        Observed::Known(Some(p)) => judge(p, resource),
    }]
}
