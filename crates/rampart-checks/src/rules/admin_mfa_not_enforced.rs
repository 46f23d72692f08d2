//! RMP204: full administrator access that does not require MFA.

use rampart_model::{Finding, Severity, Step};

use crate::facts;
use crate::{Check, CheckMeta, Context, Fix};

/// ## What it checks
/// Whether administrator access is conditioned on MFA. For every group that grants full
/// admin: the group carries an MFA-enforcing deny (like AWS's documented
/// `DenyAllExceptListedIfNoMFA`), or it has members and each is covered by such a deny
/// through their own policies or another group (an empty admin group without the deny fails:
/// whoever joins it next gets admin without MFA). For every user with full admin attached directly: such a deny
/// on the user or one of its groups. An account with no admin access at all fails too, since
/// then no admin access is conditioned on MFA.
///
/// ## Why it matters
/// An MFA device that is registered but not required protects nothing: a stolen password or
/// access key still works. The deny makes every request without MFA fail, except the few
/// calls needed to enrol a device; CLI users call `sts get-session-token` with a code first.
///
/// ## How to fix
/// Create a customer managed policy from AWS's example "allows MFA-authenticated IAM users to
/// manage their own credentials" (its `DenyAllExceptListedIfNoMFA` statement is what counts)
/// and attach it to the admin group: in the IAM console **Policies → Create policy**, paste the
/// JSON, then on the group **Permissions → Add permissions → Attach policies**. With the CLI:
/// `aws iam create-policy --policy-name RequireMFA --policy-document file://require-mfa.json`
/// and `aws iam attach-group-policy --group-name Admins --policy-arn …`. `rampart apply` fixes
/// this for the admin group: it creates and attaches that policy.
///
/// ## References
/// - Step 2 of the account baseline (no CIS control)
/// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html>
pub struct AdminMfaNotEnforced;

static META: CheckMeta = CheckMeta {
    id: "RMP204",
    slug: "admin-mfa-not-enforced",
    aliases: &[],
    step: Step::Mfa,
    severity: Severity::High,
    title: "Administrator access does not require MFA",
    frameworks: &[],
    fix: Fix::Auto,
    source: include_str!("admin_mfa_not_enforced.rs"),
};

impl Check for AdminMfaNotEnforced {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let iam = match cx.iam() {
            Ok(i) => i,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let mut out = Vec::new();
        for g in iam.admin_groups() {
            let resource = facts::group(&g.arn);
            let members = iam.members(&g.name);
            let f = if iam.group_enforces_mfa(&g.name) {
                Finding::pass(
                    META.id,
                    resource,
                    format!("group `{}` requires MFA for its admin access", g.name),
                )
                .with("enforced_by", "group policy")
            } else {
                let uncovered: Vec<&str> = members
                    .iter()
                    .filter(|u| !iam.mfa_required_for(u))
                    .map(|u| u.name.as_str())
                    .collect();
                if uncovered.is_empty() && !members.is_empty() {
                    Finding::pass(
                        META.id,
                        resource,
                        format!("every member of group `{}` is required to use MFA", g.name),
                    )
                    .with("enforced_by", "member policies")
                } else {
                    Finding::fail(
                        META.id,
                        resource,
                        format!("group `{}` grants full admin without requiring MFA", g.name),
                    )
                    .with(
                        "members_without_enforcement",
                        facts::first_names(&uncovered),
                    )
                    .with("members_without_enforcement_count", uncovered.len())
                }
            };
            out.push(f.with("members", members.len()));
        }
        for u in iam
            .auth
            .users
            .iter()
            .filter(|u| iam.user_has_direct_admin(u))
        {
            let resource = facts::user(&u.arn);
            out.push(if iam.mfa_required_for(u) {
                Finding::pass(
                    META.id,
                    resource,
                    format!(
                        "user `{}` is required to use MFA for its admin access",
                        u.name
                    ),
                )
            } else {
                Finding::fail(
                    META.id,
                    resource,
                    format!(
                        "user `{}` has full admin without being required to use MFA",
                        u.name
                    ),
                )
            });
        }
        if out.is_empty() {
            out.push(Finding::fail(
                META.id,
                facts::account(cx),
                "no admin access is conditioned on MFA: no group or user has full admin",
            ));
        }
        out
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{auth_mut, brand_new, denied, hardened, inherited, only, run};
    use rampart_model::iam::AttachedPolicy;
    use rampart_model::Status;

    #[test]
    fn fails_when_there_is_no_admin_at_all() {
        let f = only(run(&AdminMfaNotEnforced, &brand_new()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.resource.kind, "account");
    }

    #[test]
    fn fails_for_unenforced_groups_and_direct_admins() {
        let findings = run(&AdminMfaNotEnforced, &inherited());
        let got: Vec<(&str, Status)> = findings
            .iter()
            .map(|f| (f.resource.kind.as_str(), f.status))
            .collect();
        assert_eq!(
            got,
            [("iam-group", Status::Fail), ("iam-user", Status::Fail)]
        );
        assert_eq!(
            findings[0].evidence["members_without_enforcement"],
            serde_json::json!(["contractor-eve", "jsmith"])
        );
    }

    #[test]
    fn passes_when_the_group_enforces_and_when_members_do() {
        let f = only(run(&AdminMfaNotEnforced, &hardened()));
        assert_eq!(
            (f.status, &f.evidence["enforced_by"]),
            (Status::Pass, &serde_json::json!("group policy"))
        );

        let mut snap = hardened();
        let auth = auth_mut(&mut snap);
        let mfa = AttachedPolicy {
            name: "RequireMFA".into(),
            arn: "arn:aws:iam::111122223333:policy/RequireMFA".into(),
        };
        auth.groups[0]
            .attached_policies
            .retain(|p| p.name != "RequireMFA");
        assert_eq!(only(run(&AdminMfaNotEnforced, &snap)).status, Status::Fail);
        auth_mut(&mut snap)
            .users
            .iter_mut()
            .for_each(|u| u.attached_policies.push(mfa.clone()));
        let f = only(run(&AdminMfaNotEnforced, &snap));
        assert_eq!(
            (f.status, &f.evidence["enforced_by"]),
            (Status::Pass, &serde_json::json!("member policies"))
        );
    }

    #[test]
    fn an_empty_admin_group_without_the_deny_fails() {
        let mut snap = hardened();
        let auth = auth_mut(&mut snap);
        auth.groups[0]
            .attached_policies
            .retain(|p| p.name != "RequireMFA");
        auth.users.iter_mut().for_each(|u| u.groups.clear());
        let f = only(run(&AdminMfaNotEnforced, &snap));
        assert_eq!(
            (f.status, &f.evidence["members"]),
            (Status::Fail, &serde_json::json!(0))
        );
    }

    #[test]
    fn unknown_without_authorization_details() {
        let mut snap = hardened();
        snap.iam.authorization = denied("iam:GetAccountAuthorizationDetails");
        assert_eq!(
            only(run(&AdminMfaNotEnforced, &snap)).status,
            Status::Unknown
        );
    }
}
