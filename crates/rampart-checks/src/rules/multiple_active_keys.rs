//! RMP112: IAM users with more than one active access key.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts::{self, report_date};
use crate::users::each_user;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every IAM user in the credential report, whether both of its access keys are active.
    /// One failure per such user; one pass for the account otherwise.
    ///
    /// ## Why it matters
    /// Two keys are only needed for the moment of a rotation. A second key left active doubles
    /// what can leak and usually means an old key nobody remembers.
    ///
    /// ## How to fix
    /// Find which key is still in use (the credential report or the user's **Security
    /// credentials** tab shows *Last used*), then deactivate and delete the other: **Actions →
    /// Deactivate**, then **Delete**. With the CLI: `aws iam update-access-key --user-name NAME
    /// --access-key-id KEY --status Inactive`, then `aws iam delete-access-key …`. `rampart apply`
    /// does not touch access keys: this is a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.12
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>
    pub struct MultipleActiveKeys;

    static META: CheckMeta = CheckMeta {
        id: check_ids::MULTIPLE_ACTIVE_KEYS,
        slug: "multiple-active-keys",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Low,
        title: "IAM users have more than one active access key",
        frameworks: &[("cis-aws-6.0", "2.12"), ("cis-aws-5.0", "1.12")],
        fix: Applicability::Manual,
    };
}

impl Check for MultipleActiveKeys {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_user(
            cx,
            META.id,
            "no user has more than one active access key",
            |row| {
                let n = row.active_key_count();
                (n > 1).then(|| {
                    Finding::fail(
                        META.id,
                        facts::user(&row.arn),
                        format!("user `{}` has {n} active access keys", row.user),
                    )
                    .with(
                        "access_key_1_last_used_date",
                        report_date(&row.access_keys[0].last_used_date),
                    )
                    .with(
                        "access_key_2_last_used_date",
                        report_date(&row.access_keys[1].last_used_date),
                    )
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_a_user_with_two_active_keys() {
        let f = only(run(&MultipleActiveKeys, &inherited()));
        assert_eq!(
            (f.status, f.message.as_str()),
            (Status::Fail, "user `dev-bob` has 2 active access keys")
        );
        assert_eq!(
            f.evidence["access_key_2_last_used_date"],
            "2025-12-19T17:05:00Z"
        );
    }

    #[test]
    fn passes_with_one_key_each() {
        assert_eq!(
            only(run(&MultipleActiveKeys, &hardened())).status,
            Status::Pass
        );
    }

    #[test]
    fn unknown_without_the_credential_report() {
        let mut snap = hardened();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        assert_eq!(
            only(run(&MultipleActiveKeys, &snap)).status,
            Status::Unknown
        );
    }
}
