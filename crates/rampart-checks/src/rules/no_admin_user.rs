//! RMP104: no IAM user with a console password is in the admin group.

use std::collections::HashSet;

use rampart_model::iam::IamGroup;
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::users::is_console_user;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether some IAM user with a console password (credential report `password_enabled`) is a
    /// member of the admin group: `[admin] group` in rampart.toml (when it grants full admin), else
    /// the group whose policies grant full admin (by evaluation) to console users, else any group
    /// that grants full admin.
    ///
    /// ## Why it matters
    /// Until a person can sign in as an IAM administrator, every administrative task still needs
    /// the root user. This is the user you sign in with instead of root from now on.
    ///
    /// ## How to fix
    /// In the IAM console open **Users → Create user**, tick **Provide user access to the AWS
    /// Management Console**, and add the user to the admin group. With the CLI:
    /// `aws iam create-user --user-name alice`,
    /// `aws iam create-login-profile --user-name alice --password-reset-required --password …` and
    /// `aws iam add-user-to-group --user-name alice --group-name Admins`.
    /// `rampart apply` fixes this: it creates the user with a generated password (shown once on the
    /// terminal) and adds it to the group.
    ///
    /// ## References
    /// - Step 1 of the account baseline (no CIS control)
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/getting-started-workloads.html>
    pub struct NoAdminUser;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_ADMIN_USER,
        slug: "no-admin-user",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::High,
        title: "No IAM user with a console password is in the admin group",
        frameworks: &[],
        fix: Applicability::Automatic,
    };
}

impl Check for NoAdminUser {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::account(cx);
        let (iam, intended) = match cx.iam().and_then(|i| Ok((i, cx.admin_group()?))) {
            Ok(v) => v,
            Err(u) => return vec![Finding::unknown(META.id, resource, u)],
        };
        let groups: Vec<&IamGroup> = match intended {
            Some(g) if iam.group_is_admin(&g.name) => vec![g],
            _ => iam.admin_groups().collect(),
        };
        let group_names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        if groups.is_empty() {
            return vec![Finding::fail(
                META.id,
                resource,
                "no admin group exists, so no IAM user is an administrator",
            )
            .with("admin_groups", group_names)];
        }
        let members: HashSet<&str> = groups
            .iter()
            .flat_map(|g| iam.members(&g.name))
            .map(|u| u.name.as_str())
            .collect();
        let report = match cx.credential_report() {
            Ok(r) => r,
            Err(u) => return vec![Finding::unknown(META.id, resource, u)],
        };
        let console: Vec<&str> = report
            .users()
            .filter(|r| is_console_user(r) && members.contains(r.user.as_str()))
            .map(|r| r.user.as_str())
            .collect();
        let groups_text = group_names
            .iter()
            .map(|g| format!("`{g}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let finding = match console.as_slice() {
            [] if members.is_empty() => Finding::fail(
                META.id,
                resource,
                format!("admin group {groups_text} has no members"),
            ),
            [] => Finding::fail(
                META.id,
                resource,
                format!("no member of admin group {groups_text} has a console password"),
            ),
            [one] => Finding::pass(
                META.id,
                resource,
                format!("`{one}` signs in to the console as an administrator"),
            ),
            many => Finding::pass(
                META.id,
                resource,
                format!(
                    "{} users sign in to the console as administrators",
                    many.len()
                ),
            ),
        };
        vec![finding
            .with("admin_groups", group_names)
            .with("admin_group_members", members.len())
            .with("console_admin_count", console.len())
            .with("console_admins", facts::first_names(&console))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{auth_mut, brand_new, denied, edit_report, hardened, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_without_an_admin_group() {
        let f = only(run(&NoAdminUser, &brand_new()));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.contains("no admin group"), "{}", f.message);
    }

    #[test]
    fn passes_with_console_admins() {
        let f = only(run(&NoAdminUser, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(
            f.evidence["console_admins"],
            serde_json::json!(["alice", "bob"])
        );
    }

    #[test]
    fn members_without_a_password_do_not_count() {
        let mut snap = hardened();
        edit_report(&mut snap, |csv| {
            csv.replace("+00:00,true,2026-11-", "+00:00,false,2026-11-")
        });
        let f = only(run(&NoAdminUser, &snap));
        assert_eq!(f.status, Status::Fail, "{}", f.message);
        assert!(f.message.contains("console password"), "{}", f.message);
    }

    #[test]
    fn an_empty_admin_group_fails() {
        let mut snap = hardened();
        auth_mut(&mut snap)
            .users
            .iter_mut()
            .for_each(|u| u.groups.clear());
        let f = only(run(&NoAdminUser, &snap));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.contains("has no members"), "{}", f.message);
    }

    #[test]
    fn unknown_without_the_credential_report() {
        let mut snap = hardened();
        snap.iam.credential_report = denied("iam:GetCredentialReport");
        let f = only(run(&NoAdminUser, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:GetCredentialReport")
        );
    }
}
