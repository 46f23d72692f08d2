//! RMP109: full administrator access granted outside the intended admin group.

use rampart_model::iam_index::Judgement;
use rampart_model::{check_ids, Finding, ResourceRef, Severity, Step};

use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Every IAM group and role whose policies make it a full administrator, and every user whose
    /// own (attached or inline) policies take part in making it one — decided by evaluating the
    /// policies as AWS does (every action of every service on any resource, explicit denies
    /// included) — except the intended admin group: `[admin] group` in rampart.toml, or else the
    /// group that grants full admin to console users (the one RMP103 accepts, with or without MFA
    /// enforcement, which RMP204 judges). One failure per identity, naming the statements that
    /// grant it; one pass for the account when there is none.
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
        id: check_ids::ADMIN_POLICY_OUTSIDE_ADMIN_GROUP,
        slug: "admin-policy-outside-admin-group",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::High,
        title: "Full administrator access is granted outside the admin group",
        frameworks: &[("cis-aws-7.0", "2.14"), ("cis-aws-6.0", "2.15"), ("cis-aws-5.0", "1.15"), ("aws-fsbp", "IAM.1")],
        fix: Applicability::Manual,
    };
}

impl Check for AdminPolicyOutsideAdminGroup {
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
            if let Some(j) = iam.group_judgement(&g.name).filter(|j| j.is_admin()) {
                out.push(fail("group", &g.name, facts::group(&g.arn), j, None));
            }
        }
        for u in auth.users.iter().filter(|u| iam.user_has_direct_admin(u)) {
            if let Some(j) = iam.user_judgement(u) {
                let own = Some(j.own_admin_policies.as_slice());
                out.push(fail("user", &u.name, facts::user(&u.arn), j, own));
            }
        }
        for r in &auth.roles {
            if let Some(j) = iam.role_judgement(r).filter(|j| j.is_admin()) {
                out.push(fail("role", &r.name, facts::role(&r.arn), j, None));
            }
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

/// A failure naming the policies (for a user, its own ones) and statements that grant admin.
fn fail(
    kind: &str,
    name: &str,
    resource: ResourceRef,
    j: &Judgement,
    own: Option<&[String]>,
) -> Finding {
    let mut policies: Vec<&str> = match own {
        Some(own) => own.iter().map(String::as_str).collect(),
        None => j
            .admin
            .granted_by
            .iter()
            .map(|s| s.policy.as_str())
            .collect(),
    };
    policies.dedup();
    let first = policies.first().copied().unwrap_or("its policies");
    Finding::fail(
        META.id,
        resource,
        format!("{kind} `{name}` has full administrator access through `{first}`"),
    )
    .with("admin_policies", &policies)
    .with("granted_by", j.granted_by())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{auth_mut, denied, hardened, inherited, only, run, run_with};
    use rampart_model::iam::InlinePolicy;
    use rampart_model::Status;

    #[test]
    fn fails_for_each_admin_outside_the_admin_group() {
        // `Ops` grants admin to console users without MFA: it is the admin group RMP103
        // accepts (RMP204 reports its missing MFA), so it is not flagged here.
        let findings = run(&AdminPolicyOutsideAdminGroup, &inherited());
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "user `admin` has full administrator access through `AdministratorAccess`",
                "role `OrganizationAccountAccessRole` has full administrator access through `AdministratorAccess`",
            ]
        );
        assert_eq!(
            findings[0].evidence["granted_by"],
            serde_json::json!(["`AdministratorAccess` statement 1"])
        );
    }

    #[test]
    fn another_group_is_flagged_when_the_configured_one_is_named() {
        let config = crate::AuditConfig {
            admin_group: Some("Admins".into()),
            ..crate::AuditConfig::default()
        };
        let findings = run_with(&AdminPolicyOutsideAdminGroup, &inherited(), &config);
        assert_eq!(
            findings[0].message,
            "group `Ops` has full administrator access through `AdministratorAccess`"
        );
    }

    #[test]
    fn a_denied_admin_grant_is_not_admin() {
        let mut snap = inherited();
        let admin = auth_mut(&mut snap)
            .users
            .iter_mut()
            .find(|u| u.name == "admin")
            .expect("the inherited example has user `admin`");
        admin.inline_policies.push(crate::test_support::inline(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#,
        ));
        let findings = run(&AdminPolicyOutsideAdminGroup, &snap);
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            ["role `OrganizationAccountAccessRole` has full administrator access through `AdministratorAccess`"],
            "only the role is left once `admin`'s grant is denied"
        );
    }

    /// The inherited account's admin role with a permissions boundary of `document`.
    fn role_with_boundary(document: Option<&str>) -> rampart_model::Snapshot {
        let mut snap = inherited();
        let auth = auth_mut(&mut snap);
        let arn = "arn:aws:iam::111122223333:policy/Boundary".to_owned();
        auth.policies.push(rampart_model::iam::ManagedPolicy {
            name: "Boundary".into(),
            arn: arn.clone(),
            attachment_count: 1,
            document: document.map(|d| {
                rampart_engines::policy::PolicyDocument::parse(d).expect("boundary parses")
            }),
        });
        let role = auth
            .roles
            .iter_mut()
            .find(|r| r.name == "OrganizationAccountAccessRole")
            .expect("the inherited example has the role");
        role.permissions_boundary = Some(rampart_model::iam::AttachedPolicy {
            name: "Boundary".into(),
            arn,
        });
        snap
    }

    fn flags_the_role(snap: &rampart_model::Snapshot) -> bool {
        run(&AdminPolicyOutsideAdminGroup, snap)
            .iter()
            .any(|f| f.message.starts_with("role `OrganizationAccountAccessRole`"))
    }

    #[test]
    fn a_roles_permissions_boundary_caps_its_admin_policy() {
        let s3_only = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
        assert!(!flags_the_role(&role_with_boundary(Some(s3_only))));
        let deny_iam = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
        assert!(!flags_the_role(&role_with_boundary(Some(deny_iam))));
        let everything =
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        assert!(flags_the_role(&role_with_boundary(Some(everything))));
        // A boundary whose document was not returned caps nothing rampart can see.
        assert!(flags_the_role(&role_with_boundary(None)));
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
        let doc = rampart_engines::policy::PolicyDocument::parse(
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
