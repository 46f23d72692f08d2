//! RMP111: active access keys not rotated for more than 90 days.

use rampart_model::credential_report::ReportDate;
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts::{self, report_date};
use crate::users::each_user;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every IAM user in the credential report, whether an active access key was last rotated
    /// (created) more than `access_key_max_age_days` (90 by default) ago. One failure per such
    /// user; one pass for the account otherwise.
    ///
    /// ## Why it matters
    /// Long-lived keys end up in laptops, CI settings, old containers and chat logs. Rotating
    /// them bounds how long a copied key stays useful.
    ///
    /// ## How to fix
    /// Create a second key, move every consumer to it, then deactivate and delete the old one. In
    /// the IAM console: the user's **Security credentials** tab, **Create access key**, then
    /// **Actions → Deactivate** and **Delete** on the old key. With the CLI:
    /// `aws iam create-access-key --user-name NAME`, then `aws iam update-access-key --user-name NAME
    /// --access-key-id OLD --status Inactive` and `aws iam delete-access-key …`. Better still,
    /// replace keys with roles or IAM Identity Center. `rampart apply` does not rotate keys: this
    /// is a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.13
    /// - AWS Security Hub control IAM.3
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>
    pub struct StaleAccessKeys;

    static META: CheckMeta = CheckMeta {
        id: check_ids::STALE_ACCESS_KEYS,
        slug: "stale-access-keys",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Medium,
        title: "Active access keys have not been rotated for more than 90 days",
        frameworks: &[("cis-aws-7.0", "2.12"), ("cis-aws-6.0", "2.13"), ("cis-aws-5.0", "1.13"), ("aws-fsbp", "IAM.3")],
        fix: Applicability::Manual,
    };
}

impl Check for StaleAccessKeys {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let max = cx.config.access_key_max_age_days;
        let pass = format!("every active access key was rotated in the last {max} days");
        each_user(cx, META.id, &pass, |row| {
            let stale: Vec<(usize, i64, &ReportDate)> = row
                .access_keys
                .iter()
                .enumerate()
                .filter(|(_, k)| k.active)
                .filter_map(|(i, k)| {
                    k.last_rotated
                        .at()
                        .map(|t| (i + 1, cx.days_since(t), &k.last_rotated))
                })
                .filter(|(_, age, _)| *age > max)
                .collect();
            let &(_, oldest, rotated) = stale.iter().max_by_key(|(_, age, _)| *age)?;
            let keys = if stale.len() == 1 {
                "an access key"
            } else {
                "access keys"
            };
            let message = format!(
                "user `{}` has {keys} last rotated {oldest} days ago",
                row.user
            );
            let numbers: Vec<u64> = stale.iter().map(|(n, _, _)| *n as u64).collect();
            let f = Finding::fail(META.id, facts::user(&row.arn), message);
            Some(
                facts::put(f, "stale_keys", numbers)
                    .with("oldest_last_rotated", report_date(rotated))
                    .with("oldest_age_days", oldest)
                    .with("access_key_max_age_days", max),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, edit_report, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_old_active_keys() {
        let findings = run(&StaleAccessKeys, &inherited());
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "user `admin` has an access key last rotated 1021 days ago",
                "user `dev-bob` has an access key last rotated 544 days ago",
                "user `ci-deploy` has an access key last rotated 681 days ago",
                "user `jsmith` has an access key last rotated 262 days ago",
            ]
        );
    }

    #[test]
    fn inactive_old_keys_do_not_count() {
        let mut snap = hardened();
        edit_report(&mut snap, |csv| {
            csv.replace(
                "true,2026-10-01T10:12:00+00:00",
                "false,2024-10-01T10:12:00+00:00",
            )
        });
        assert_eq!(only(run(&StaleAccessKeys, &snap)).status, Status::Pass);
        let mut snap = hardened();
        edit_report(&mut snap, |csv| {
            csv.replace(
                "true,2026-10-01T10:12:00+00:00",
                "true,2024-10-01T10:12:00+00:00",
            )
        });
        assert_eq!(only(run(&StaleAccessKeys, &snap)).status, Status::Fail);
    }

    #[test]
    fn passes_with_recent_keys() {
        assert_eq!(
            only(run(&StaleAccessKeys, &hardened())).status,
            Status::Pass
        );
    }

    #[test]
    fn unknown_without_the_credential_report() {
        let mut snap = hardened();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        assert_eq!(only(run(&StaleAccessKeys, &snap)).status, Status::Unknown);
    }
}
