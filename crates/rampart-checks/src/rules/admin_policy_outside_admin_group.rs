//! RMP109: full administrator access granted outside the intended admin group.

use rampart_model::iam::{AttachedPolicy, InlinePolicy};
use rampart_model::{Finding, ResourceRef, Severity, Step};

use crate::facts;
use crate::iam_index::IamIndex;
use crate::{Check, CheckMeta, Context, Fix};

/// ## What it checks
/// Every IAM user, group and role whose attached or inline policies allow `*` on `*`
/// (`AdministratorAccess` or an equivalent), except the intended admin group: the configured
/// `admin_group`, or else the group that grants full admin and enforces MFA. One failure per
/// identity; one pass for the account when there is none.
///
/// ## Why it matters
/// Full admin should come from one reviewed place that also demands MFA. Admin rights
/// scattered over users, roles and other groups are easy to forget and escape the MFA
/// requirement.
///
/// ## How to fix
/// Give the identity only what it needs, or, for people, make them members of the admin
/// group. In the IAM console open the user, group or role, **Permissions** tab, and remove
/// `AdministratorAccess` (or the statement allowing `*` on `*`). With the CLI:
/// `aws iam detach-user-policy` / `detach-group-policy` / `detach-role-policy` with
/// `--policy-arn arn:aws:iam::aws:policy/AdministratorAccess`. `rampart apply` does not remove
/// permissions: this is a manual step. A role that must stay admin (such as
/// `OrganizationAccountAccessRole`) can be muted with `--ignore` after review.
///
/// ## References
/// - CIS AWS Foundations Benchmark v5.0.0, 1.15
/// - AWS Security Hub control IAM.1
/// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
pub struct AdminPolicyOutsideAdminGroup;

static META: CheckMeta = CheckMeta {
    id: "RMP109",
    slug: "admin-policy-outside-admin-group",
    aliases: &[],
    step: Step::Root,
    severity: Severity::High,
    title: "Full administrator access is granted outside the admin group",
    frameworks: &[("cis-aws-5.0", "1.15"), ("aws-fsbp", "IAM.1")],
    fix: Fix::Manual,
    source: include_str!("admin_policy_outside_admin_group.rs"),
};

impl Check for AdminPolicyOutsideAdminGroup {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let (iam, intended) = match cx.iam().and_then(|i| Ok((i, cx.admin_group()?))) {
            Ok(v) => v,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let intended = intended.map(|g| g.name.as_str());
        let auth = iam.auth;
        let mut out = Vec::new();
        for g in auth
            .groups
            .iter()
            .filter(|g| Some(g.name.as_str()) != intended)
        {
            judge(
                iam,
                &mut out,
                "group",
                &g.name,
                facts::group(&g.arn),
                &g.attached_policies,
                &g.inline_policies,
            );
        }
        for u in &auth.users {
            judge(
                iam,
                &mut out,
                "user",
                &u.name,
                facts::user(&u.arn),
                &u.attached_policies,
                &u.inline_policies,
            );
        }
        for r in &auth.roles {
            judge(
                iam,
                &mut out,
                "role",
                &r.name,
                facts::role(&r.arn),
                &r.attached_policies,
                &r.inline_policies,
            );
        }
        if out.is_empty() {
            let message = match intended {
                Some(g) => format!("full administrator access is granted only through group `{g}`"),
                None => "no user, group or role has full administrator access".to_owned(),
            };
            out.push(
                Finding::pass(META.id, facts::account(cx), message).with("admin_group", intended),
            );
        }
        out
    }
}

/// Adds a failure when the identity's own policies grant full admin.
fn judge(
    iam: &IamIndex<'_>,
    out: &mut Vec<Finding>,
    kind: &str,
    name: &str,
    resource: ResourceRef,
    attached: &[AttachedPolicy],
    inline: &[InlinePolicy],
) {
    let policies = iam.admin_policy_names(attached, inline);
    if let Some(first) = policies.first() {
        out.push(
            Finding::fail(
                META.id,
                resource,
                format!("{kind} `{name}` has full administrator access through `{first}`"),
            )
            .with("admin_policies", &policies),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{auth_mut, denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_each_admin_outside_the_admin_group() {
        let findings = run(&AdminPolicyOutsideAdminGroup, &inherited());
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "group `Ops` has full administrator access through `AdministratorAccess`",
                "user `admin` has full administrator access through `AdministratorAccess`",
                "role `OrganizationAccountAccessRole` has full administrator access through `AdministratorAccess`",
            ]
        );
    }

    #[test]
    fn the_intended_admin_group_passes() {
        let f = only(run(&AdminPolicyOutsideAdminGroup, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["admin_group"], "Admins");
    }

    #[test]
    fn an_inline_star_policy_counts() {
        let mut snap = hardened();
        let doc = rampart_model::policy::PolicyDocument::parse(
            r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        )
        .unwrap();
        auth_mut(&mut snap).users[1]
            .inline_policies
            .push(InlinePolicy {
                name: "break-glass".into(),
                document: doc,
            });
        let f = only(run(&AdminPolicyOutsideAdminGroup, &snap));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(
            f.evidence["admin_policies"],
            serde_json::json!(["break-glass"])
        );
    }

    #[test]
    fn unknown_without_authorization_details() {
        let mut snap = hardened();
        snap.iam.authorization = denied("iam:GetAccountAuthorizationDetails");
        assert_eq!(
            only(run(&AdminPolicyOutsideAdminGroup, &snap)).status,
            Status::Unknown
        );
    }
}
