//! RMP103: no IAM group grants full administrator access.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether some IAM group grants full administrator access, decided by evaluating the group's
    /// attached and inline policies as AWS does: its members are allowed every action of every
    /// service (rampart's catalog of all IAM actions) on any resource, with no explicit deny
    /// taking it back. `AdministratorAccess` counts, and so do `NotAction`/`NotResource` forms
    /// that leave out nothing real; `AdministratorAccess` next to a `Deny * *` does not.
    ///
    /// ## Why it matters
    /// The first step away from the root user is an administrators group that people join, so
    /// that admin rights are granted, reviewed and removed in one place instead of user by user.
    /// Without one, administration falls back to the root user or to ad-hoc user policies.
    ///
    /// ## How to fix
    /// In the IAM console open **User groups → Create group**, name it (for example `Admins`) and
    /// attach **AdministratorAccess**. With the CLI:
    /// `aws iam create-group --group-name Admins` then
    /// `aws iam attach-group-policy --group-name Admins --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`.
    /// `rampart apply` fixes this: it creates the group with `AdministratorAccess` and an
    /// MFA-enforcing policy.
    ///
    /// ## References
    /// - Step 1 of the account baseline (no CIS control)
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_create.html>
    pub struct NoAdminGroup;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NO_ADMIN_GROUP,
        slug: "no-admin-group",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Root,
        severity: Severity::High,
        title: "No IAM group grants full administrator access",
        frameworks: &[],
        fix: Applicability::Automatic,
    };
}

impl Check for NoAdminGroup {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let resource = facts::account(cx);
        let (iam, intended) = match cx.iam().and_then(|i| Ok((i, cx.admin_group()?))) {
            Ok(v) => v,
            Err(u) => return vec![Finding::unknown(META.id, resource, u)],
        };
        let admin: Vec<&str> = iam.admin_groups().map(|g| g.name.as_str()).collect();
        let intended = intended.filter(|g| iam.group_is_admin(&g.name));
        let finding = match (intended, admin.len()) {
            (None, 0) => Finding::fail(
                META.id,
                resource,
                "no IAM group grants full administrator access",
            ),
            (None, n) => Finding::pass(
                META.id,
                resource,
                format!("{n} groups grant full administrator access"),
            ),
            (Some(g), 1) => Finding::pass(
                META.id,
                resource,
                format!("group `{}` grants full administrator access", g.name),
            ),
            (Some(g), n) => Finding::pass(
                META.id,
                resource,
                format!(
                    "group `{}` grants full administrator access ({n} groups do)",
                    g.name
                ),
            ),
        };
        let granted_by = intended
            .and_then(|g| iam.group_judgement(&g.name))
            .map(rampart_model::iam_index::Judgement::granted_by)
            .unwrap_or_default();
        vec![finding
            .with("admin_group", intended.map(|g| g.name.as_str()))
            .with("granted_by", granted_by)
            .with("admin_groups", &admin)
            .with("groups_examined", iam.auth.groups.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{auth_mut, brand_new, denied, hardened, inline, only, run};
    use rampart_model::Status;

    /// In an organization audit the member's SCPs apply: an SCP that denies IAM leaves no
    /// group with full administrator access, while SCPs that allow everything change nothing.
    #[test]
    fn service_control_policies_are_applied() {
        use rampart_model::organization::{Scp, ScpFacts, ScpLevel};
        use rampart_engines::policy::PolicyDocument;
        let with_scps = |json: &str| {
            let mut snap = crate::test_support::in_organization(hardened(), false);
            let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
            let policies = [("FullAWSAccess", full), ("guardrail", json)]
                .into_iter()
                .map(|(name, doc)| Scp {
                    id: format!("p-{name}"),
                    name: name.into(),
                    document: PolicyDocument::parse(doc).expect("parses"),
                })
                .collect();
            if let Some(org) = &mut snap.organization {
                org.service_control_policies = Some(rampart_model::Observed::Known(ScpFacts {
                    enabled: true,
                    levels: vec![ScpLevel {
                        target_id: "r-abcd".into(),
                        policies,
                    }],
                }));
            }
            snap
        };
        let deny_iam = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#;
        assert_eq!(only(run(&NoAdminGroup, &with_scps(deny_iam))).status, Status::Fail);
        let allow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        assert_eq!(only(run(&NoAdminGroup, &with_scps(allow))).status, Status::Pass);
    }

    #[test]
    fn fails_without_groups() {
        let f = only(run(&NoAdminGroup, &brand_new()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.evidence["groups_examined"], 0);
    }

    #[test]
    fn passes_with_an_admin_group() {
        let f = only(run(&NoAdminGroup, &hardened()));
        assert_eq!(f.status, Status::Pass);
        assert_eq!(f.evidence["admin_groups"], serde_json::json!(["Admins"]));
    }

    #[test]
    fn a_group_with_only_the_mfa_policy_is_not_admin() {
        let mut snap = hardened();
        auth_mut(&mut snap).groups[0]
            .attached_policies
            .retain(|p| p.name != "AdministratorAccess");
        assert_eq!(only(run(&NoAdminGroup, &snap)).status, Status::Fail);
    }

    #[test]
    fn a_deny_all_cancels_administrator_access() {
        let mut snap = hardened();
        auth_mut(&mut snap).groups[0].inline_policies.push(inline(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}"#,
        ));
        assert_eq!(only(run(&NoAdminGroup, &snap)).status, Status::Fail);
    }

    #[test]
    fn admin_without_a_literal_star_counts() {
        for doc in [
            r#"{"Version":"2012-10-17","Statement":{"Sid":"All","Effect":"Allow","NotAction":"iam:NoSuchAction","Resource":"*"}}"#,
            r#"{"Version":"2012-10-17","Statement":{"Sid":"All","Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::one-bucket"}}"#,
        ] {
            let mut snap = hardened();
            let g = &mut auth_mut(&mut snap).groups[0];
            g.attached_policies
                .retain(|p| p.name != "AdministratorAccess");
            g.inline_policies.push(inline(doc));
            let f = only(run(&NoAdminGroup, &snap));
            assert_eq!(f.status, Status::Pass, "{doc}");
            assert_eq!(
                f.evidence["granted_by"],
                serde_json::json!(["`admin` statement `All`"])
            );
        }
    }

    #[test]
    fn unknown_without_authorization_details() {
        let mut snap = hardened();
        snap.iam.authorization = denied("iam:GetAccountAuthorizationDetails");
        let f = only(run(&NoAdminGroup, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert_eq!(
            f.missing_permission.as_deref(),
            Some("iam:GetAccountAuthorizationDetails")
        );
    }
}
