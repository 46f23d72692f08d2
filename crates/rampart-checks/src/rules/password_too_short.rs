//! RMP105: the password policy allows passwords shorter than 14 characters.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::password::judge_policy;
use crate::{Applicability, Subject, Check, Context};

/// The shortest minimum length that passes.
const MIN_LENGTH: u32 = 14;

check! {
    /// ## What it checks
    /// Whether the account password policy requires at least 14 characters. An account without a
    /// password policy fails.
    ///
    /// ## Why it matters
    /// Length is what makes a password hard to guess or crack. Without a policy, IAM accepts
    /// passwords of 8 characters from any character class.
    ///
    /// ## How to fix
    /// In the IAM console open **Account settings → Password policy → Edit**, choose **Custom** and
    /// set **Password minimum length** to 14 or more. With the CLI:
    /// `aws iam update-account-password-policy --minimum-password-length 14 …` (the call replaces
    /// the whole policy, so pass every setting you want to keep). `rampart apply` fixes this: it
    /// sets the baseline policy (14 characters, 24 remembered, all character classes).
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.7
    /// - AWS Security Hub control IAM.15
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html>
    pub struct PasswordTooShort;

    static META: CheckMeta = CheckMeta {
        id: check_ids::PASSWORD_TOO_SHORT,
        slug: "password-too-short",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Medium,
        title: "The password policy allows passwords shorter than 14 characters",
        frameworks: &[("cis-aws-7.0", "2.8"), ("cis-aws-6.0", "2.7"), ("cis-aws-5.0", "1.7"), ("aws-ssb", "ACCT.06"), ("aws-fsbp", "IAM.15")],
        fix: Applicability::Automatic,
    };
}

impl Check for PasswordTooShort {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        judge_policy(cx, META.id, |p, resource| {
            let n = p.minimum_password_length;
            let f = if n >= MIN_LENGTH {
                Finding::pass(
                    META.id,
                    resource,
                    format!("passwords need at least {n} characters"),
                )
            } else {
                Finding::fail(
                    META.id,
                    resource,
                    format!("passwords need only {n} characters (at least {MIN_LENGTH} required)"),
                )
            };
            f.with("minimum_password_length", n)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_a_policy() {
        let f = only(run(&PasswordTooShort, &brand_new()));
        assert_eq!(
            (f.status, f.message.as_str()),
            (Status::Fail, "the account has no password policy")
        );
    }

    #[test]
    fn passes_at_14_and_fails_at_13() {
        let mut snap = hardened();
        assert_eq!(only(run(&PasswordTooShort, &snap)).status, Status::Pass);
        if let rampart_model::Observed::Known(Some(p)) = &mut snap.iam.password_policy {
            p.minimum_password_length = 13;
        }
        let f = only(run(&PasswordTooShort, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["minimum_password_length"], 13);
    }

    #[test]
    fn unknown_when_the_policy_is_refused() {
        let mut snap = hardened();
        snap.iam.password_policy = denied("iam:GetAccountPasswordPolicy");
        assert_eq!(only(run(&PasswordTooShort, &snap)).status, Status::Unknown);
    }
}
