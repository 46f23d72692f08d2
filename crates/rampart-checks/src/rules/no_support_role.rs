//! RMP119: no IAM role can manage AWS Support cases (`AWSSupportAccess`).

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::{Applicability, Check, Context, Subject};

/// The AWS managed policy for working with AWS Support cases.
pub(crate) const SUPPORT_ACCESS: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";

check! {
    /// ## What it checks
    /// Whether at least one IAM role has the AWS managed policy `AWSSupportAccess` attached
    /// (`iam:GetAccountAuthorizationDetails`), as CIS's audit asks: a role set aside for
    /// opening and following AWS Support cases. The pass names the roles.
    ///
    /// ## Why it matters
    /// During an incident, someone has to open a case with AWS Support, often while the usual
    /// administrators are locked out or under suspicion. A role made for that, assumable by
    /// the people on call, means nobody reaches for the root user or an administrator's
    /// credentials to do it, and CloudTrail shows who did.
    ///
    /// ## How to fix
    /// `rampart apply` creates a role named `Support` (`admin.support_role` in `rampart.toml`)
    /// with `AWSSupportAccess` only, which this account's principals may assume after signing
    /// in with MFA, when their own permissions allow it (the admin group's do). A role of that
    /// name that exists already is left to you, as a manual step. By hand: in the IAM console
    /// **Roles → Create role → AWS account** (this account, require MFA), attach
    /// `AWSSupportAccess`; with the CLI, `aws iam create-role --role-name Support
    /// --assume-role-policy-document file://trust.json`, then `aws iam attach-role-policy
    /// --role-name Support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess`.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 2.15 (v6.0.0 2.16, v5.0.0 1.16)
    /// - <https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html>
    pub struct NoSupportRole;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_SUPPORT_ROLE,
        slug: "no-support-role",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Low,
        title: "No IAM role can manage AWS Support cases",
        frameworks: &[("cis-aws-7.0", "2.15"), ("cis-aws-6.0", "2.16"), ("cis-aws-5.0", "1.16"), ("aws-fsbp", "IAM.18")],
        fix: Applicability::Automatic,
    };
}

impl Check for NoSupportRole {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let auth = match cx.snapshot.iam.authorization.as_result() {
            Ok(a) => a,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let roles: Vec<&str> = auth
            .roles
            .iter()
            .filter(|r| r.attached_policies.iter().any(|p| p.arn == SUPPORT_ACCESS))
            .map(|r| r.name.as_str())
            .collect();
        let finding = if roles.is_empty() {
            Finding::fail(
                META.id,
                facts::account(cx),
                "no role has `AWSSupportAccess` attached",
            )
        } else {
            Finding::pass(
                META.id,
                facts::account(cx),
                format!("`{}` can manage AWS Support cases", roles.join("`, `")),
            )
        };
        vec![finding
            .with("support_roles", roles)
            .with("roles_examined", auth.roles.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, only, run};
    use rampart_model::iam::AttachedPolicy;
    use rampart_model::{Observed, Status};

    #[test]
    fn fails_without_a_support_role() {
        let f = only(run(&NoSupportRole, &brand_new()));
        assert_eq!(f.status, Status::Fail);
    }

    #[test]
    fn passes_naming_the_support_roles() {
        let f = only(run(&NoSupportRole, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert_eq!(f.evidence["support_roles"], serde_json::json!(["support"]));
    }

    #[test]
    fn a_user_or_group_with_the_policy_is_not_a_role() {
        let mut snap = brand_new();
        let Observed::Known(auth) = &mut snap.iam.authorization else {
            panic!("brand-new has authorization details")
        };
        for g in &mut auth.groups {
            g.attached_policies.push(AttachedPolicy {
                name: "AWSSupportAccess".into(),
                arn: SUPPORT_ACCESS.into(),
            });
        }
        assert_eq!(only(run(&NoSupportRole, &snap)).status, Status::Fail);
    }

    #[test]
    fn unknown_without_authorization_details() {
        let mut snap = hardened();
        snap.iam.authorization = denied("iam:GetAccountAuthorizationDetails");
        assert_eq!(only(run(&NoSupportRole, &snap)).status, Status::Unknown);
    }
}
