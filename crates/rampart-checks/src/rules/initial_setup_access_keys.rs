//! RMP113: console users with an access key created along with the user and never used.

use rampart_model::credential_report::CredentialRow;
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts::{self, report_date};
use crate::users::{each_user, is_console_user};
use crate::{Applicability, Subject, Check, Context};

/// A key created this close to its user was created by the user-creation wizard.
const SAME_MINUTE_SECONDS: i64 = 60;

check! {
    /// ## What it checks
    /// For every IAM user with a console password, whether an active access key was created
    /// within a minute of the user and has never been used. One failure per such user; one pass
    /// for the account otherwise.
    ///
    /// ## Why it matters
    /// The console used to offer an access key for every new user by default. Keys created "just
    /// in case" at setup are never needed by a person who works in the console, yet they are
    /// long-lived credentials that can leak.
    ///
    /// ## How to fix
    /// Delete the unused key: in the IAM console open the user's **Security credentials** tab and
    /// choose **Actions → Deactivate**, then **Delete**, for the key whose *Last used* is *Never*.
    /// With the CLI: `aws iam delete-access-key --user-name NAME --access-key-id KEY`. Create keys
    /// later, only when a program needs them. `rampart apply` does not delete keys: this is a
    /// manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.10
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>
    pub struct InitialSetupAccessKeys;

    static META: CheckMeta = CheckMeta {
        id: check_ids::INITIAL_SETUP_ACCESS_KEYS,
        slug: "initial-setup-access-keys",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Low,
        title: "Console users have an unused access key created at setup",
        frameworks: &[("cis-aws-6.0", "2.10"), ("cis-aws-5.0", "1.10")],
        fix: Applicability::Manual,
    };
}

impl Check for InitialSetupAccessKeys {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_user(
            cx,
            META.id,
            "no console user has an unused access key from its initial setup",
            |row| {
                let keys = setup_keys(row);
                let first = *keys.first()?;
                Some(
                    Finding::fail(
                        META.id,
                        facts::user(&row.arn),
                        format!(
                            "user `{}` has an access key created at setup and never used",
                            row.user
                        ),
                    )
                    .with("keys", &keys)
                    .with("user_creation_time", report_date(&row.user_creation_time))
                    .with(
                        "last_rotated",
                        report_date(&row.access_keys[first - 1].last_rotated),
                    ),
                )
            },
        )
    }
}

/// The numbers (1 or 2) of active, never-used keys created within a minute of the user.
fn setup_keys(row: &CredentialRow) -> Vec<usize> {
    let Some(created) = row.user_creation_time.at() else {
        return Vec::new();
    };
    if !is_console_user(row) {
        return Vec::new();
    }
    row.access_keys
        .iter()
        .enumerate()
        .filter(|(_, k)| k.active && k.last_used_date.at().is_none())
        .filter(|(_, k)| {
            k.last_rotated
                .at()
                .is_some_and(|t| (t - created).num_seconds().abs() < SAME_MINUTE_SECONDS)
        })
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, edit_report, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_a_setup_key_never_used() {
        let f = only(run(&InitialSetupAccessKeys, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert!(f.resource.id.ends_with("user/jsmith"));
        assert_eq!(f.evidence["keys"], serde_json::json!([1]));
    }

    #[test]
    fn a_used_or_later_key_passes() {
        assert_eq!(
            only(run(&InitialSetupAccessKeys, &hardened())).status,
            Status::Pass
        );
        let mut snap = inherited();
        edit_report(&mut snap, |csv| {
            csv.replace(
                "2026-03-10T14:02:40+00:00,N/A",
                "2026-03-10T14:02:40+00:00,2026-03-11T09:00:00+00:00",
            )
        });
        assert_eq!(
            only(run(&InitialSetupAccessKeys, &snap)).status,
            Status::Pass
        );
    }

    #[test]
    fn unknown_without_the_credential_report() {
        let mut snap = hardened();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        assert_eq!(
            only(run(&InitialSetupAccessKeys, &snap)).status,
            Status::Unknown
        );
    }
}
