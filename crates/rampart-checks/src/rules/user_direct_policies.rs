//! RMP108: IAM users with policies attached directly instead of through groups.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// For every IAM user, whether managed policies are attached to it or inline policies are
    /// embedded in it, rather than granted through group membership. One failure per such user;
    /// one pass for the account when there is none.
    ///
    /// ## Why it matters
    /// Permissions granted user by user drift apart and are hard to review: nobody can tell what
    /// "a developer" may do, and a leaver's access is easy to miss. Groups make the grant visible
    /// in one place.
    ///
    /// ## How to fix
    /// Put the user in a group that carries the permissions it needs, then remove the direct
    /// grants: in the IAM console open the user's **Permissions** tab, and **Remove** each policy
    /// listed as *Attached directly* or *Customer inline*. With the CLI:
    /// `aws iam detach-user-policy --user-name NAME --policy-arn ARN` and
    /// `aws iam delete-user-policy --user-name NAME --policy-name POLICY`. `rampart apply` does
    /// not change user permissions: this is a manual step.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v5.0.0, 1.14
    /// - AWS Security Hub control IAM.2
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html>
    pub struct UserDirectPolicies;

    static META: CheckMeta = CheckMeta {
        id: check_ids::USER_DIRECT_POLICIES,
        slug: "user-direct-policies",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::Low,
        title: "IAM users have policies attached directly instead of through groups",
        frameworks: &[("cis-aws-7.0", "2.13"), ("cis-aws-6.0", "2.14"), ("cis-aws-5.0", "1.14"), ("aws-fsbp", "IAM.2")],
        fix: Applicability::Manual,
    };
}

impl Check for UserDirectPolicies {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let auth = match cx.snapshot.iam.authorization.as_result() {
            Ok(a) => a,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let mut out: Vec<Finding> = auth
            .users
            .iter()
            .filter(|u| !u.attached_policies.is_empty() || !u.inline_policies.is_empty())
            .map(|u| {
                let attached: Vec<&str> = u
                    .attached_policies
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect();
                let inline: Vec<&str> = u.inline_policies.iter().map(|p| p.name.as_str()).collect();
                let n = attached.len() + inline.len();
                let noun = if n == 1 { "policy" } else { "policies" };
                Finding::fail(
                    META.id,
                    facts::user(&u.arn),
                    format!("user `{}` has {n} {noun} of its own", u.name),
                )
                .with("attached_policies", attached)
                .with("inline_policies", inline)
                .with("groups", &u.groups)
            })
            .collect();
        if out.is_empty() {
            out.push(
                Finding::pass(
                    META.id,
                    facts::account(cx),
                    "every user gets its permissions through groups",
                )
                .with("users_examined", auth.users.len()),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{denied, hardened, inherited, only, run, statuses};
    use rampart_model::Status;

    #[test]
    fn fails_per_user_with_direct_policies() {
        let findings = run(&UserDirectPolicies, &inherited());
        let users: Vec<&str> = findings
            .iter()
            .map(|f| f.resource.id.rsplit('/').next().unwrap_or(""))
            .collect();
        assert_eq!(users, ["admin", "ci-deploy"]);
        assert_eq!(statuses(&findings), [Status::Fail, Status::Fail]);
        assert_eq!(
            findings[1].evidence["inline_policies"],
            serde_json::json!(["deploy"])
        );
        assert_eq!(
            findings[1].message,
            "user `ci-deploy` has 1 policy of its own"
        );
    }

    #[test]
    fn passes_when_users_only_use_groups() {
        let f = only(run(&UserDirectPolicies, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["users_examined"], 2);
    }

    #[test]
    fn unknown_without_authorization_details() {
        let mut snap = hardened();
        snap.iam.authorization = denied("iam:GetAccountAuthorizationDetails");
        assert_eq!(
            only(run(&UserDirectPolicies, &snap)).status,
            Status::Unknown
        );
    }
}
