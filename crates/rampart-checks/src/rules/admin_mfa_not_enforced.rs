//! RMP204: full administrator access that does not require MFA.

use rampart_model::iam_index::{IamIndex, Judgement};
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::facts;
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// Whether administrator access requires MFA, decided by evaluating the policies in the two
    /// request contexts AWS documents for a caller without MFA: a console session signed in
    /// without MFA (`aws:MultiFactorAuthPresent` is `false`) and a call with a long-term access
    /// key (the key is absent). Admin access requires MFA only when every admin action is denied
    /// in both, whatever else the request says (a deny narrowed to one source network is not
    /// enough; `Bool` instead of `BoolIfExists` misses access keys). A grant that is itself
    /// conditioned on MFA counts. For every group that grants full admin: its policies require
    /// MFA, or it has members and each one's whole policy set does. For every user with full
    /// admin from its own policies: its policy set requires MFA. An account with no admin access
    /// at all fails too. When the enforcing policy also denies the actions a user needs to enrol
    /// a device without MFA, the finding says so (`mfa_bootstrap_denied`): users without a device
    /// would be locked out.
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
        id: check_ids::ADMIN_MFA_NOT_ENFORCED,
        slug: "admin-mfa-not-enforced",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Mfa,
        severity: Severity::High,
        title: "Administrator access does not require MFA",
        frameworks: &[],
        fix: Applicability::Automatic,
    };
}

impl Check for AdminMfaNotEnforced {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let iam = match cx.iam() {
            Ok(i) => i,
            Err(u) => return vec![Finding::unknown(META.id, facts::account(cx), u)],
        };
        let mut out = Vec::new();
        for g in iam.admin_groups() {
            let resource = facts::group(&g.arn);
            let members = iam.members(&g.name);
            let Some(j) = iam.group_judgement(&g.name) else {
                continue;
            };
            let f = if j.requires_mfa() {
                with_lockout(
                    Finding::pass(
                        META.id,
                        resource,
                        format!("group `{}` requires MFA for its admin access", g.name),
                    )
                    .with("enforced_by", "group policy")
                    .with("enforcing_statements", IamIndex::enforcing_statements(j)),
                    j,
                )
            } else {
                let uncovered: Vec<&str> = members
                    .iter()
                    .filter(|u| !iam.user_requires_mfa(u))
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
                    .with("allowed_without_mfa", gaps(j))
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
            let Some(j) = iam.user_judgement(u) else {
                continue;
            };
            out.push(if j.requires_mfa() {
                with_lockout(
                    Finding::pass(
                        META.id,
                        resource,
                        format!(
                            "user `{}` is required to use MFA for its admin access",
                            u.name
                        ),
                    )
                    .with("enforcing_statements", IamIndex::enforcing_statements(j)),
                    j,
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
                .with("allowed_without_mfa", gaps(j))
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

/// Where admin actions get through without MFA: the context, an example action and the
/// statements that allow it.
fn gaps(j: &Judgement) -> Vec<serde_json::Value> {
    j.mfa
        .iter()
        .flat_map(|m| &m.gaps)
        .map(|g| {
            serde_json::json!({
                "context": g.context,
                "action": g.action,
                "allowed_by": g.allowed_by.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Names the exemptions the enforcement makes, and says so when it also denies enrolling an
/// MFA device without MFA.
fn with_lockout(f: Finding, j: &Judgement) -> Finding {
    let f = match j.mfa.as_ref() {
        Some(m) => f.with("mfa_exemptions", &m.left_open),
        None => f,
    };
    match j.mfa.as_ref().filter(|m| m.locks_out) {
        Some(m) => {
            let message = format!(
                "{}; it also denies enrolling an MFA device without MFA, so a user without one is locked out",
                f.message
            );
            Finding { message, ..f }.with("mfa_bootstrap_denied", &m.bootstrap_denied)
        }
        None => f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{auth_mut, brand_new, denied, hardened, inherited, only, run};
    use rampart_model::iam::AttachedPolicy;
    use rampart_model::{Snapshot, Status};

    #[test]
    fn a_pass_names_the_exemptions_it_saw_all_within_the_documented_set() {
        let f = only(run(&AdminMfaNotEnforced, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        let seen = f.evidence["mfa_exemptions"].as_array().expect("list");
        assert!(seen.iter().any(|a| a == "iam:EnableMFADevice"), "{seen:?}");
        let documented = rampart_engines::policy::mfa_bootstrap_actions();
        assert!(seen
            .iter()
            .all(|a| a.as_str().is_some_and(|a| documented.contains(&a))));
    }

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

    /// The hardened account with its MFA policy replaced by a deny under `condition`.
    fn deny_when(condition: &str) -> Snapshot {
        let mut snap = hardened();
        let g = &mut auth_mut(&mut snap).groups[0];
        g.attached_policies.retain(|p| p.name != "RequireMFA");
        g.inline_policies.push(crate::test_support::inline(&format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Sid":"NoMfa","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:ListMFADevices","sts:GetSessionToken"],"Resource":"*","Condition":{condition}}}}}"#
        )));
        snap
    }

    #[test]
    fn enforcement_is_judged_by_evaluation() {
        for (condition, status) in [
            (
                r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#,
                Status::Pass,
            ),
            (
                r#"{"Bool":{"aws:MultiFactorAuthPresent":"false"}}"#,
                Status::Fail,
            ),
            (
                r#"{"Null":{"aws:MultiFactorAuthAge":"true"}}"#,
                Status::Pass,
            ),
            (
                r#"{"Null":{"aws:MultiFactorAuthPresent":"true"}}"#,
                Status::Fail,
            ),
            (
                r#"{"NumericGreaterThanIfExists":{"aws:MultiFactorAuthAge":"3600"}}"#,
                Status::Pass,
            ),
            (
                r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
                Status::Fail,
            ),
        ] {
            let f = only(run(&AdminMfaNotEnforced, &deny_when(condition)));
            assert_eq!(f.status, status, "{condition}: {}", f.message);
            if status == Status::Pass {
                assert_eq!(
                    f.evidence["enforcing_statements"],
                    serde_json::json!(["`admin` statement `NoMfa`"])
                );
            } else {
                assert!(
                    f.evidence["allowed_without_mfa"][0]["action"].is_string(),
                    "{condition}"
                );
            }
        }
    }

    #[test]
    fn an_admin_grant_that_requires_mfa_passes_and_warns_of_lockout() {
        let mut snap = hardened();
        let g = &mut auth_mut(&mut snap).groups[0];
        g.attached_policies.clear();
        g.inline_policies.push(crate::test_support::inline(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}"#,
        ));
        let f = only(run(&AdminMfaNotEnforced, &snap));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert!(f.message.contains("locked out"), "{}", f.message);
        assert!(f.evidence["mfa_bootstrap_denied"]
            .as_array()
            .is_some_and(|a| a.contains(&serde_json::json!("iam:EnableMFADevice"))));
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
