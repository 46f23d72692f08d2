//! RMP116: a member account's root user still has a password or access keys.

use std::borrow::Cow;

use rampart_model::{check_ids, Finding, Observed, ResourceRef, Severity, Step};

use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// In an organization audit (`rampart audit --org`), whether each member account's root
    /// user still has a console password or access keys. The management account reads them
    /// with `sts:AssumeRoot` and the `IAMAuditRootUserCredentials` task policy, which needs
    /// centralized root access (RMP115). MFA devices and signing certificates are shown as
    /// evidence. The management account's own root user is judged by the other root checks.
    ///
    /// ## Why it matters
    /// With centralized root access a member account does not need root credentials at all:
    /// the few root-only tasks run as short sessions from the management account. A password
    /// or key that is still there can be phished, leaked or recovered through the account's
    /// e-mail address, and gives unrestricted power over the account.
    ///
    /// ## How to fix
    /// `rampart apply --org --delete-member-root-credentials`, run as the management account,
    /// lists each credential it will delete, asks for confirmation, checks each member again
    /// and deletes them in a root session limited to that task. In the console: in the
    /// management account, open **IAM → Root access management**, select the member
    /// account and choose **Delete root user credentials**. With the AWS CLI: `aws sts
    /// assume-root --target-principal ACCOUNT_ID --task-policy-arn
    /// arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials`, then with those
    /// credentials `aws iam delete-login-profile` and `aws iam delete-access-key
    /// --access-key-id KEY` for each key.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 2.1.1
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html>
    pub struct MemberRootCredentials;

    static META: CheckMeta = CheckMeta {
        id: check_ids::MEMBER_ROOT_CREDENTIALS,
        slug: "member-root-credentials",
        aliases: &[],
        subject: Subject::Member,
        step: Step::Root,
        severity: Severity::High,
        title: "A member account's root user has a password or access keys",
        frameworks: &[],
        fix: Applicability::NeedsFlag(Cow::Borrowed("--org --delete-member-root-credentials")),
    };
}

impl Check for MemberRootCredentials {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let snap = cx.snapshot;
        let Some(credentials) = snap
            .organization
            .as_ref()
            .and_then(|o| o.root_credentials.as_ref())
        else {
            return vec![];
        };
        let resource = ResourceRef::new("root", snap.root_arn());
        let c = match credentials {
            Observed::Known(c) => c,
            Observed::Unavailable(why) => return vec![Finding::unknown(META.id, resource, why)],
        };
        let mut kinds = vec![];
        if c.password {
            kinds.push("a password".to_owned());
        }
        match c.access_keys.len() {
            0 => {}
            1 => kinds.push("an access key".to_owned()),
            n => kinds.push(format!("{n} access keys")),
        }
        let finding = if kinds.is_empty() {
            Finding::pass(
                META.id,
                resource,
                "the member account's root user has no password and no access keys",
            )
        } else {
            Finding::fail(
                META.id,
                resource,
                format!(
                    "the member account's root user has {}",
                    kinds.join(" and ")
                ),
            )
        };
        vec![finding
            .with("root.password", c.password)
            .with("root.access_keys", &c.access_keys)
            .with("root.mfa_devices", &c.mfa_devices)
            .with("root.signing_certificates", &c.signing_certificates)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, in_organization, only, run};
    use rampart_model::organization::RootCredentials;
    use rampart_model::Status;

    fn member(credentials: Observed<RootCredentials>) -> rampart_model::Snapshot {
        let mut snap = in_organization(brand_new(), false);
        if let Some(org) = &mut snap.organization {
            org.root_credentials = Some(credentials);
        }
        snap
    }

    #[test]
    fn fails_with_a_password_or_keys() {
        let c = RootCredentials {
            password: true,
            access_keys: vec!["AKIAEXAMPLE1".into(), "AKIAEXAMPLE2".into()],
            ..RootCredentials::default()
        };
        let f = only(run(&MemberRootCredentials, &member(Observed::Known(c))));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(
            f.message,
            "the member account's root user has a password and 2 access keys"
        );
        assert_eq!(f.evidence["root.access_keys"][1], "AKIAEXAMPLE2");
        let key_only = RootCredentials {
            access_keys: vec!["AKIAEXAMPLE1".into()],
            ..RootCredentials::default()
        };
        let f = only(run(&MemberRootCredentials, &member(Observed::Known(key_only))));
        assert_eq!(f.status, Status::Fail);
    }

    #[test]
    fn passes_without_them_even_with_an_mfa_device() {
        let c = RootCredentials {
            mfa_devices: vec!["arn:aws:iam::111122223333:mfa/root".into()],
            ..RootCredentials::default()
        };
        let f = only(run(&MemberRootCredentials, &member(Observed::Known(c))));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["root.mfa_devices"][0], "arn:aws:iam::111122223333:mfa/root");
    }

    #[test]
    fn unknown_when_the_root_session_is_refused() {
        let f = only(run(&MemberRootCredentials, &member(denied("sts:AssumeRoot"))));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(f.missing_permission.as_deref(), Some("sts:AssumeRoot"));
    }

    #[test]
    fn nothing_to_judge_alone_or_in_the_management_account() {
        assert!(run(&MemberRootCredentials, &brand_new()).is_empty());
        let management = in_organization(brand_new(), true);
        assert!(run(&MemberRootCredentials, &management).is_empty());
    }
}
