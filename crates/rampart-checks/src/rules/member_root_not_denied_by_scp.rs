//! RMP117: no service control policy denies a member account's root user.

use std::sync::OnceLock;

use rampart_model::policy::{
    CompiledSet, Decision, NamedPolicy, PolicyDocument, PolicySet, RequestContext,
    RequestResource,
};
use rampart_model::{check_ids, Finding, Observed, ResourceRef, Severity, Status, Step};

use crate::{Applicability, Check, Context};

check! {
    /// ## What it checks
    /// In an organization audit (`rampart audit --org`), whether the service control policies
    /// on a member account's path to the organization's root (the root's, each organizational
    /// unit's and the account's own, read from the management account) deny the member's root
    /// user. The SCPs are evaluated as AWS does — every level must allow, an explicit deny
    /// wins — for the member's root user (`aws:PrincipalArn` `arn:aws:iam::<account>:root`,
    /// `aws:PrincipalType` `Account`) on a set of actions an attacker with the root password
    /// would take: `iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:CreateUser`,
    /// `iam:AttachUserPolicy`, `ec2:RunInstances`, `s3:DeleteBucket`,
    /// `cloudtrail:StopLogging`, `organizations:LeaveOrganization`. It fails when any of them
    /// is allowed, naming them, and when SCPs are not enabled for the organization at all.
    ///
    /// ## Why it matters
    /// A member account's root user cannot be limited by IAM policies, only by SCPs. Until its
    /// credentials are removed (RMP116) — and as a guardrail after, since anyone who controls
    /// the account's e-mail address can recover a password — an SCP that denies the root user
    /// keeps it from doing anything in the account.
    ///
    /// ## How to fix
    /// In the management account, enable service control policies (**AWS Organizations →
    /// Policies → Service control policies → Enable**), create an SCP that denies every action
    /// when `aws:PrincipalArn` is like `arn:aws:iam::*:root`, and attach it to the root or to
    /// the organizational units of the member accounts. Test it on one OU first.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html>
    /// - <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html>
    pub struct MemberRootNotDeniedByScp;

    static META: CheckMeta = CheckMeta {
        id: check_ids::MEMBER_ROOT_NOT_DENIED_BY_SCP,
        slug: "member-root-not-denied-by-scp",
        aliases: &[],
        step: Step::Root,
        severity: Severity::Medium,
        title: "No service control policy denies a member account's root user",
        frameworks: &[],
        fix: Applicability::Manual,
    };
}

/// The actions asked about, for the member's root user.
const ACTIONS: [&str; 8] = [
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateUser",
    "iam:AttachUserPolicy",
    "ec2:RunInstances",
    "s3:DeleteBucket",
    "cloudtrail:StopLogging",
    "organizations:LeaveOrganization",
];

/// The root user's own permissions: everything (no IAM policy applies to it).
fn everything() -> &'static PolicyDocument {
    static DOC: OnceLock<PolicyDocument> = OnceLock::new();
    DOC.get_or_init(|| {
        PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        )
        .expect("the allow-everything document parses")
    })
}

impl Check for MemberRootNotDeniedByScp {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let snap = cx.snapshot;
        let Some(scps) = snap
            .organization
            .as_ref()
            .and_then(|o| o.service_control_policies.as_ref())
        else {
            return vec![];
        };
        let resource = ResourceRef::new("root", snap.root_arn());
        let facts = match scps {
            Observed::Known(f) => f,
            Observed::Unavailable(why) => return vec![Finding::unknown(META.id, resource, why)],
        };
        if !facts.enabled {
            return vec![Finding::fail(
                META.id,
                resource,
                "service control policies are not enabled for the organization, so nothing restricts the member's root user",
            )
            .with("scps_enabled", false)];
        }
        let set = PolicySet {
            identity: vec![NamedPolicy {
                name: "root user",
                document: everything(),
            }],
            boundary: None,
            scps: facts.policy_levels(),
        };
        let compiled = CompiledSet::new(&set);
        let (mut allowed, mut undecided, mut denying) = (vec![], vec![], vec![]);
        for action in ACTIONS {
            let ctx = RequestContext::new(action, RequestResource::Generic)
                .with("aws:PrincipalArn", snap.root_arn())
                .with("aws:PrincipalAccount", snap.account_id.clone())
                .with("aws:PrincipalType", "Account");
            let evaluation = compiled.evaluate(&ctx);
            match evaluation.decision() {
                Some(Decision::Allowed) => allowed.push(action),
                Some(_) => denying.extend(evaluation.denying.iter().map(ToString::to_string)),
                None => undecided.push(action),
            }
        }
        denying.sort();
        denying.dedup();
        let levels: Vec<&str> = facts.levels.iter().map(|l| l.target_id.as_str()).collect();
        let finding = if !allowed.is_empty() {
            Finding::fail(
                META.id,
                resource,
                format!(
                    "the SCPs let the member's root user call {}",
                    allowed.join(", ")
                ),
            )
        } else if !undecided.is_empty() {
            Finding::new(
                META.id,
                Status::Unknown,
                resource,
                format!(
                    "whether the SCPs deny the member's root user {} depends on conditions rampart cannot evaluate",
                    undecided.join(", ")
                ),
            )
        } else {
            Finding::pass(
                META.id,
                resource,
                "the SCPs deny the member's root user every action asked about",
            )
        };
        vec![finding
            .with("allowed_actions", &allowed)
            .with("denied_by", &denying)
            .with("scp_levels", &levels)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, in_organization, only, run};
    use rampart_model::organization::{Scp, ScpFacts, ScpLevel};

    fn scp(name: &str, json: &str) -> Scp {
        Scp {
            id: format!("p-{name}"),
            name: name.into(),
            document: PolicyDocument::parse(json).expect("policy parses"),
        }
    }

    const FULL: &str =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    const DENY_ROOT: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyRoot","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}"#;

    fn member(facts: Observed<ScpFacts>) -> rampart_model::Snapshot {
        let mut snap = in_organization(brand_new(), false);
        if let Some(org) = &mut snap.organization {
            org.service_control_policies = Some(facts);
        }
        snap
    }

    fn levels(root: Vec<Scp>, account: Vec<Scp>) -> Observed<ScpFacts> {
        Observed::Known(ScpFacts {
            enabled: true,
            levels: vec![
                ScpLevel {
                    target_id: "r-abcd".into(),
                    policies: root,
                },
                ScpLevel {
                    target_id: "111122223333".into(),
                    policies: account,
                },
            ],
        })
    }

    #[test]
    fn fails_with_only_full_access_or_without_scps() {
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(levels(vec![scp("FullAWSAccess", FULL)], vec![scp("FullAWSAccess", FULL)])),
        ));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.contains("iam:CreateAccessKey"), "{}", f.message);
        let off = Observed::Known(ScpFacts {
            enabled: false,
            levels: vec![],
        });
        let f = only(run(&MemberRootNotDeniedByScp, &member(off)));
        assert_eq!(f.status, Status::Fail);
        assert!(f.message.contains("not enabled"), "{}", f.message);
    }

    #[test]
    fn passes_with_a_deny_root_scp_at_any_level() {
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(levels(
                vec![scp("FullAWSAccess", FULL), scp("DenyRoot", DENY_ROOT)],
                vec![scp("FullAWSAccess", FULL)],
            )),
        ));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        assert_eq!(f.evidence["denied_by"][0], "`DenyRoot` statement `DenyRoot`");
    }

    #[test]
    fn a_level_without_any_allow_denies_everything() {
        // The account level has no SCP allowing anything: every request is implicitly denied.
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(levels(vec![scp("FullAWSAccess", FULL)], vec![])),
        ));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_deny_for_other_principals_does_not_count() {
        let deny_users = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/*"}}}]}"#;
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(levels(
                vec![scp("FullAWSAccess", FULL), scp("DenyUsers", deny_users)],
                vec![scp("FullAWSAccess", FULL)],
            )),
        ));
        assert_eq!(f.status, Status::Fail);
    }

    #[test]
    fn unknown_when_the_scps_cannot_be_read_and_silent_alone() {
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(denied("organizations:ListPoliciesForTarget")),
        ));
        assert_eq!(f.status, Status::Unknown);
        assert!(run(&MemberRootNotDeniedByScp, &brand_new()).is_empty());
    }
}
