//! RMP203: IAM users with a console password and no MFA.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts::{self, report_date};
use crate::users::{each_user, is_console_user};
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every IAM user with a console password (credential report `password_enabled`),
    /// whether it has an MFA device (`mfa_active`). One failure per such user; one pass for the
    /// account otherwise.
    ///
    /// ## Why it matters
    /// A password alone is phished, reused and guessed. MFA is the single most effective control
    /// against account takeover, and the seed's step 2 asks for it on every user.
    ///
    /// ## How to fix
    /// The user signs in, opens **Security credentials** (top-right menu) and chooses **Assign
    /// MFA device**; an administrator can do the same from the user's page in the IAM console.
    /// With the CLI: `aws iam create-virtual-mfa-device` then `aws iam enable-mfa-device` with two
    /// consecutive codes, or `rampart mfa enroll --user NAME`, which shows the QR code on the
    /// terminal. `rampart apply` cannot hold the user's phone: it lists this as a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.9
    /// - AWS Security Hub control IAM.5
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html>
    pub struct ConsoleUserNoMfa;

    static META: CheckMeta = CheckMeta {
        id: check_ids::CONSOLE_USER_NO_MFA,
        slug: "console-user-no-mfa",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Mfa,
        severity: Severity::High,
        title: "IAM users with a console password have no MFA",
        frameworks: &[("cis-aws-7.0", "2.10"), ("cis-aws-6.0", "2.9"), ("cis-aws-5.0", "1.9"), ("aws-ssb", "ACCT.05"), ("aws-fsbp", "IAM.5")],
        fix: Applicability::NeedsPerson(Cow::Borrowed("each user enrols a device (`rampart mfa enroll --user NAME`)")),
    };
}

impl Check for ConsoleUserNoMfa {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        each_user(
            cx,
            META.id,
            "every user with a console password has MFA",
            |row| {
                (is_console_user(row) && !row.mfa_active).then(|| {
                    Finding::fail(
                        META.id,
                        facts::user(&row.arn),
                        format!("user `{}` signs in with a password and no MFA", row.user),
                    )
                    .with("password_last_used", report_date(&row.password_last_used))
                    .with("mfa_active", false)
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, edit_report, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_per_console_user_without_mfa() {
        let findings = run(&ConsoleUserNoMfa, &inherited());
        let users: Vec<&str> = findings
            .iter()
            .map(|f| f.resource.id.rsplit('/').next().unwrap_or(""))
            .collect();
        // `ci-deploy` has no password, so no console MFA is expected of it.
        assert_eq!(users, ["admin", "dev-bob", "contractor-eve", "jsmith"]);
    }

    #[test]
    fn passes_when_every_console_user_has_mfa() {
        let f = only(run(&ConsoleUserNoMfa, &hardened()));
        assert_eq!(f.status, Status::Pass);
        let mut snap = hardened();
        edit_report(&mut snap, |csv| {
            csv.replace("+00:00,N/A,true,false", "+00:00,N/A,false,false")
        });
        assert_eq!(only(run(&ConsoleUserNoMfa, &snap)).status, Status::Fail);
    }

    #[test]
    fn unknown_without_the_credential_report() {
        let mut snap = hardened();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        assert_eq!(only(run(&ConsoleUserNoMfa, &snap)).status, Status::Unknown);
    }
}
