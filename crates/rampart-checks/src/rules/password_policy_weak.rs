//! RMP107: the password policy does not require every character class or blocks self-service
//! password changes.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::password::judge_policy;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether the account password policy requires uppercase and lowercase letters, numbers and
    /// symbols, and lets users change their own password. An account without a password policy
    /// fails.
    ///
    /// ## Why it matters
    /// The seed's step 1 asks for a password policy. Mixed character classes stop the most
    /// common guessable passwords, and users who cannot change their own password cannot replace
    /// one they suspect has leaked.
    ///
    /// ## How to fix
    /// In the IAM console open **Account settings → Password policy → Edit**, choose **Custom** and
    /// tick the four character requirements and **Allow users to change their own password**.
    /// With the CLI: `aws iam update-account-password-policy --require-uppercase-characters
    /// --require-lowercase-characters --require-numbers --require-symbols
    /// --allow-users-to-change-password …`. `rampart apply` fixes this: it sets the baseline
    /// password policy.
    ///
    /// ## References
    /// - Step 1 of the account baseline (no CIS v5 control)
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html>
    pub struct PasswordPolicyWeak;

    static META: CheckMeta = CheckMeta {
        id: check_ids::PASSWORD_POLICY_WEAK,
        slug: "password-policy-weak",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Medium,
        title: "The password policy does not require every character class or self-service changes",
        frameworks: &[("aws-ssb", "ACCT.06")],
        fix: Applicability::Automatic,
    };
}

impl Check for PasswordPolicyWeak {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        judge_policy(cx, META.id, |p, resource| {
            let classes: Vec<&str> = [
                (p.require_uppercase_characters, "uppercase letters"),
                (p.require_lowercase_characters, "lowercase letters"),
                (p.require_numbers, "numbers"),
                (p.require_symbols, "symbols"),
            ]
            .into_iter()
            .filter(|(on, _)| !on)
            .map(|(_, what)| what)
            .collect();
            let mut problems = Vec::new();
            if let Some((last, rest)) = classes.split_last() {
                let list = if rest.is_empty() {
                    (*last).to_owned()
                } else {
                    format!("{} or {last}", rest.join(", "))
                };
                problems.push(format!("passwords need no {list}"));
            }
            if !p.allow_users_to_change_password {
                problems.push("users cannot change their own password".to_owned());
            }
            let f = if problems.is_empty() {
                Finding::pass(
                    META.id,
                    resource,
                    "passwords need every character class and users may change them",
                )
            } else {
                Finding::fail(META.id, resource, problems.join("; "))
            };
            let mut missing = classes;
            if !p.allow_users_to_change_password {
                missing.push("self-service password changes");
            }
            f.with("missing", missing)
                .with(
                    "require_uppercase_characters",
                    p.require_uppercase_characters,
                )
                .with(
                    "require_lowercase_characters",
                    p.require_lowercase_characters,
                )
                .with("require_numbers", p.require_numbers)
                .with("require_symbols", p.require_symbols)
                .with(
                    "allow_users_to_change_password",
                    p.allow_users_to_change_password,
                )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_a_policy() {
        assert_eq!(
            only(run(&PasswordPolicyWeak, &brand_new())).status,
            Status::Fail
        );
    }

    #[test]
    fn names_what_is_missing() {
        let f = only(run(&PasswordPolicyWeak, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.message, "passwords need no uppercase letters or symbols");
        assert_eq!(
            f.evidence["missing"],
            serde_json::json!(["uppercase letters", "symbols"])
        );
    }

    #[test]
    fn passes_on_the_baseline_policy_only_with_self_service_changes() {
        let mut snap = hardened();
        assert_eq!(only(run(&PasswordPolicyWeak, &snap)).status, Status::Pass);
        if let rampart_model::Observed::Known(Some(p)) = &mut snap.iam.password_policy {
            p.allow_users_to_change_password = false;
        }
        assert_eq!(
            only(run(&PasswordPolicyWeak, &snap)).message,
            "users cannot change their own password"
        );
    }

    #[test]
    fn unknown_when_the_policy_is_refused() {
        let mut snap = hardened();
        snap.iam.password_policy = denied("iam:GetAccountPasswordPolicy");
        assert_eq!(
            only(run(&PasswordPolicyWeak, &snap)).status,
            Status::Unknown
        );
    }
}
