//! RMP118: `AWSCloudShellFullAccess` is attached to a user, group or role.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::{Applicability, Check, Context, Subject};

/// The AWS managed policy that gives CloudShell with file upload and download.
pub(crate) const CLOUDSHELL_FULL_ACCESS: &str = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess";

check! {
    /// ## What it checks
    /// Whether the AWS managed policy `AWSCloudShellFullAccess` is attached to any IAM user,
    /// group or role (`iam:GetAccountAuthorizationDetails`). One failure per principal it is
    /// attached to; one pass for the account when it is attached to none.
    ///
    /// ## Why it matters
    /// CloudShell is a shell in the browser with the signed-in principal's credentials.
    /// `AWSCloudShellFullAccess` also lets that principal upload and download files up to 1 GB
    /// and reach the internet from the shell: a way to move data out of the account that no
    /// network control sees. CIS asks that it be granted to nobody by default.
    ///
    /// ## How to fix
    /// Detach the policy and, where someone needs CloudShell, grant a custom policy that denies
    /// `cloudshell:GetFileDownloadUrls` and `cloudshell:GetFileUploadUrls`. In the IAM console
    /// open **Policies → AWSCloudShellFullAccess → Entities attached** and **Detach** each; with
    /// the CLI: `aws iam detach-user-policy` (or `detach-group-policy`, `detach-role-policy`)
    /// `--policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess`. `rampart apply` does not
    /// change permissions: this is a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 2.20 (v6.0.0 2.21, v5.0.0 1.21)
    /// - <https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html>
    pub struct CloudshellFullAccess;

    static META: CheckMeta = CheckMeta {
        id: check_ids::CLOUDSHELL_FULL_ACCESS,
        slug: "cloudshell-full-access",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Medium,
        title: "AWSCloudShellFullAccess is attached to a user, group or role",
        frameworks: &[("cis-aws-7.0", "2.20"), ("cis-aws-6.0", "2.21"), ("cis-aws-5.0", "1.21")],
        fix: Applicability::Manual,
    };
}

impl Check for CloudshellFullAccess {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let auth = match cx.snapshot.iam.authorization.as_result() {
            Ok(a) => a,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let has = |policies: &[rampart_model::iam::AttachedPolicy]| {
            policies.iter().any(|p| p.arn == CLOUDSHELL_FULL_ACCESS)
        };
        let fail = |kind: &str, name: &str, resource| {
            Finding::fail(
                META.id,
                resource,
                format!("{kind} `{name}` has `AWSCloudShellFullAccess` attached"),
            )
        };
        let mut out: Vec<Finding> = Vec::new();
        for u in auth.users.iter().filter(|u| has(&u.attached_policies)) {
            out.push(fail("user", &u.name, facts::user(&u.arn)));
        }
        for g in auth.groups.iter().filter(|g| has(&g.attached_policies)) {
            out.push(fail("group", &g.name, facts::group(&g.arn)));
        }
        for r in auth.roles.iter().filter(|r| has(&r.attached_policies)) {
            out.push(fail("role", &r.name, facts::role(&r.arn)));
        }
        if out.is_empty() {
            out.push(
                Finding::pass(
                    META.id,
                    facts::account(cx),
                    "`AWSCloudShellFullAccess` is attached to no user, group or role",
                )
                .with(
                    "principals_examined",
                    auth.users.len() + auth.groups.len() + auth.roles.len(),
                ),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, only, run, statuses};
    use rampart_model::iam::AttachedPolicy;
    use rampart_model::{Observed, Status};

    fn attached() -> AttachedPolicy {
        AttachedPolicy {
            name: "AWSCloudShellFullAccess".into(),
            arn: CLOUDSHELL_FULL_ACCESS.into(),
        }
    }

    #[test]
    fn fails_for_each_principal_it_is_attached_to() {
        let mut snap = hardened();
        let Observed::Known(auth) = &mut snap.iam.authorization else {
            panic!("hardened has authorization details")
        };
        auth.groups[0].attached_policies.push(attached());
        auth.roles[0].attached_policies.push(attached());
        let findings = run(&CloudshellFullAccess, &snap);
        assert_eq!(statuses(&findings), [Status::Fail, Status::Fail]);
        assert_eq!(findings[0].resource.kind, "iam-group");
        assert!(findings[1].message.starts_with("role `"), "{}", findings[1].message);
    }

    #[test]
    fn passes_when_nobody_has_it() {
        let f = only(run(&CloudshellFullAccess, &hardened()));
        assert_eq!(f.status, Status::Pass);
    }

    #[test]
    fn a_policy_of_the_same_name_elsewhere_is_not_it() {
        let mut snap = hardened();
        let Observed::Known(auth) = &mut snap.iam.authorization else {
            panic!("hardened has authorization details")
        };
        auth.groups[0].attached_policies.push(AttachedPolicy {
            name: "AWSCloudShellFullAccess".into(),
            arn: "arn:aws:iam::111122223333:policy/AWSCloudShellFullAccess".into(),
        });
        assert_eq!(only(run(&CloudshellFullAccess, &snap)).status, Status::Pass);
    }

    #[test]
    fn unknown_without_authorization_details() {
        let mut snap = hardened();
        snap.iam.authorization = denied("iam:GetAccountAuthorizationDetails");
        let f = only(run(&CloudshellFullAccess, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:GetAccountAuthorizationDetails")
        );
    }
}
