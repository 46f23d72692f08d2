//! RMP106: the password policy lets users reuse recent passwords.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::password::judge_policy;
use crate::{Applicability, Subject, Check, Context};

/// How many previous passwords must be remembered.
const REMEMBERED: u32 = 24;

check! {
    /// ## What it checks
    /// Whether the account password policy prevents reuse of the last 24 passwords. An account
    /// without a password policy fails.
    ///
    /// ## Why it matters
    /// A user told to change a leaked password can otherwise switch back to it a moment later,
    /// and the leak is still usable.
    ///
    /// ## How to fix
    /// In the IAM console open **Account settings → Password policy → Edit**, choose **Custom**,
    /// tick **Prevent password reuse** and set it to 24. With the CLI:
    /// `aws iam update-account-password-policy --password-reuse-prevention 24 …` (pass every other
    /// setting too). `rampart apply` fixes this: it sets the baseline password policy.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.8
    /// - AWS Security Hub control IAM.16
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html>
    pub struct PasswordReuseAllowed;

    static META: CheckMeta = CheckMeta {
        id: check_ids::PASSWORD_REUSE_ALLOWED,
        slug: "password-reuse-allowed",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Medium,
        title: "The password policy lets users reuse recent passwords",
        frameworks: &[("cis-aws-7.0", "2.9"), ("cis-aws-6.0", "2.8"), ("cis-aws-5.0", "1.8"), ("aws-ssb", "ACCT.06"), ("aws-fsbp", "IAM.16")],
        fix: Applicability::Automatic,
    };
}

impl Check for PasswordReuseAllowed {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        judge_policy(cx, META.id, |p, resource| {
            let f = match p.password_reuse_prevention {
                Some(n) if n >= REMEMBERED => Finding::pass(
                    META.id,
                    resource,
                    format!("the last {n} passwords cannot be reused"),
                ),
                Some(n) => Finding::fail(
                    META.id,
                    resource,
                    format!("only the last {n} passwords are remembered ({REMEMBERED} required)"),
                ),
                None => Finding::fail(META.id, resource, "password reuse is not prevented"),
            };
            f.with("password_reuse_prevention", p.password_reuse_prevention)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::{Observed, Status};

    #[test]
    fn fails_without_a_policy_or_reuse_setting() {
        assert_eq!(
            only(run(&PasswordReuseAllowed, &brand_new())).status,
            Status::Fail
        );
        let mut snap = hardened();
        if let Observed::Known(Some(p)) = &mut snap.iam.password_policy {
            p.password_reuse_prevention = None;
        }
        let f = only(run(&PasswordReuseAllowed, &snap));
        assert_eq!(
            (f.status, f.message.as_str()),
            (Status::Fail, "password reuse is not prevented")
        );
    }

    #[test]
    fn passes_at_24_and_fails_below() {
        let mut snap = hardened();
        assert_eq!(only(run(&PasswordReuseAllowed, &snap)).status, Status::Pass);
        if let Observed::Known(Some(p)) = &mut snap.iam.password_policy {
            p.password_reuse_prevention = Some(5);
        }
        let f = only(run(&PasswordReuseAllowed, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["password_reuse_prevention"], 5);
    }

    #[test]
    fn unknown_when_the_policy_is_refused() {
        let mut snap = hardened();
        snap.iam.password_policy = denied("iam:GetAccountPasswordPolicy");
        let f = only(run(&PasswordReuseAllowed, &snap));
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:GetAccountPasswordPolicy")
        );
    }
}
