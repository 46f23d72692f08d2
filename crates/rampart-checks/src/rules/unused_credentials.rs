//! RMP110: console passwords or access keys unused for 45 days or more.

use rampart_model::credential_report::{CredentialRow, ReportDate};
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::users::{each_user, is_console_user};
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every IAM user in the credential report: a console password not used for
    /// `unused_credentials_days` (45 by default) or more — a password never used counts from the
    /// user's creation — and each active access key not used for as long, a key never used
    /// counting from its creation. One failure per such user; one pass for the account otherwise.
    ///
    /// ## Why it matters
    /// Credentials nobody uses are credentials nobody watches. They belong to people who left or
    /// to jobs that were retired, and they still work for whoever finds them.
    ///
    /// ## How to fix
    /// Confirm with the owner, then disable what is unused. In the IAM console open the user's
    /// **Security credentials** tab: **Manage console access → Disable**, and **Actions →
    /// Deactivate** for each stale key. With the CLI: `aws iam delete-login-profile --user-name
    /// NAME` and `aws iam update-access-key --user-name NAME --access-key-id KEY --status
    /// Inactive`. `rampart apply` does not disable credentials: this is a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.11
    /// - AWS Security Hub control IAM.22
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html>
    pub struct UnusedCredentials;

    static META: CheckMeta = CheckMeta {
        id: check_ids::UNUSED_CREDENTIALS,
        slug: "unused-credentials",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Medium,
        title: "Console passwords or access keys have not been used for 45 days or more",
        frameworks: &[("cis-aws-7.0", "2.11"), ("cis-aws-6.0", "2.11"), ("cis-aws-5.0", "1.11"), ("aws-fsbp", "IAM.22")],
        fix: Applicability::Manual,
    };
}

impl Check for UnusedCredentials {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let limit = cx.config.unused_credentials_days;
        let pass = format!("no user has a password or access key unused for {limit} days or more");
        each_user(cx, META.id, &pass, |row| {
            let unused = unused(cx, row, limit);
            if unused.is_empty() {
                return None;
            }
            let message = format!(
                "user `{}` has unused credentials: {}",
                row.user,
                unused.join(", ")
            );
            let f = Finding::fail(META.id, facts::user(&row.arn), message);
            Some(facts::put(f, "unused", unused).with("unused_credentials_days", limit))
        })
    }
}

/// Describes each credential of `row` unused for `limit` days or more.
fn unused(cx: &Context<'_>, row: &CredentialRow, limit: i64) -> Vec<String> {
    let mut out = Vec::new();
    // A credential never used is judged by how long it has existed.
    let idle = |used: &ReportDate, since: &ReportDate| match (used.at(), since.at()) {
        (Some(t), _) => Some((cx.days_since(t), true)),
        (None, Some(created)) => Some((cx.days_since(created), false)),
        (None, None) => None,
    };
    if is_console_user(row) {
        match idle(&row.password_last_used, &row.user_creation_time) {
            Some((d, true)) if d >= limit => {
                out.push(format!("console password last used {d} days ago"));
            }
            Some((d, false)) if d >= limit => {
                out.push(format!("console password never used in {d} days"));
            }
            _ => {}
        }
    }
    for (i, key) in row.access_keys.iter().enumerate().filter(|(_, k)| k.active) {
        match idle(&key.last_used_date, &key.last_rotated) {
            Some((d, true)) if d >= limit => {
                out.push(format!("access key {} last used {d} days ago", i + 1));
            }
            Some((d, false)) if d >= limit => {
                out.push(format!("access key {} never used in {d} days", i + 1));
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, edit_report, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_idle_passwords_and_keys() {
        let findings = run(&UnusedCredentials, &inherited());
        let by_user: Vec<(&str, &serde_json::Value)> = findings
            .iter()
            .map(|f| {
                (
                    f.resource.id.rsplit('/').next().unwrap_or(""),
                    &f.evidence["unused"],
                )
            })
            .collect();
        assert_eq!(
            by_user,
            [
                (
                    "dev-bob",
                    &serde_json::json!(["access key 2 last used 343 days ago"])
                ),
                (
                    "contractor-eve",
                    &serde_json::json!(["console password last used 178 days ago"])
                ),
                (
                    "jsmith",
                    &serde_json::json!(["access key 1 never used in 262 days"])
                ),
            ]
        );
    }

    #[test]
    fn a_password_never_used_counts_from_creation() {
        let mut snap = hardened();
        edit_report(&mut snap, |csv| {
            csv.replace("true,2026-11-26T15:22:09+00:00", "true,N/A")
        });
        let f = only(run(&UnusedCredentials, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(
            f.evidence["unused"][0],
            "console password never used in 528 days"
        );
    }

    #[test]
    fn passes_when_everything_is_in_use() {
        let f = only(run(&UnusedCredentials, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["users_examined"], 2);
    }

    #[test]
    fn unknown_without_the_credential_report() {
        let mut snap = hardened();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        assert_eq!(only(run(&UnusedCredentials, &snap)).status, Status::Unknown);
    }
}
