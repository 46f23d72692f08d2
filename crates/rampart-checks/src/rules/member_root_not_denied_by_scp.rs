//! RMP117: no service control policy denies a member account's root user.

use rampart_engines::policy::{CompiledSet, Decision};
use rampart_model::{check_ids, Finding, Observed, ResourceRef, Severity, Status, Step};

use crate::scps::{everything_but_scps, Principal};
use crate::{Applicability, Subject, Check, Context};

check! {
    /// ## What it checks
    /// In an organization audit (`rampart audit --org`), whether the service control policies
    /// on a member account's path to the organization's root (the root's, each organizational
    /// unit's and the account's own, read from the management account) deny the member's root
    /// user. The SCPs are evaluated as AWS does — every level must allow, an explicit deny
    /// wins — for the member's root user (`aws:PrincipalArn` `arn:aws:iam::<account>:root`,
    /// `aws:PrincipalType` `Account`, the organization's `aws:PrincipalOrgID`) on a set of
    /// actions an attacker with the root password would take: `iam:CreateAccessKey`,
    /// `iam:CreateLoginProfile`, `iam:CreateUser`, `iam:AttachUserPolicy`, `ec2:RunInstances`,
    /// `s3:DeleteBucket`, `cloudtrail:StopLogging`, `organizations:LeaveOrganization`.
    /// "Denied" must hold in every request the question ranges over: in every Region of the
    /// commercial partition (`aws:RequestedRegion`), and whatever the values of the keys rampart
    /// cannot know (the source address, the time, tags), which are left open. It fails when any
    /// action is allowed somewhere, naming the action and a Region where it is ("in
    /// eu-west-1"), is `unknown` when a deny depends on an open key, and fails when SCPs are
    /// not enabled for the organization at all.
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
        subject: Subject::Member,
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

/// What the SCPs decide for one action of the root user, over every Region.
enum RegionsVerdict {
    /// Allowed in this Region (the first found).
    Allowed(&'static str),
    /// Undecided in this Region, and allowed in none.
    Undecided(&'static str),
    /// Denied everywhere, by these statements.
    Denied(Vec<String>),
}

fn root_in_every_region(
    compiled: &CompiledSet<'_>,
    root: &Principal<'_>,
    action: &str,
) -> RegionsVerdict {
    let mut undecided = None;
    let mut denying = Vec::new();
    for region in rampart_model::regions::commercial() {
        let evaluation = compiled.evaluate(&root.request(action, region));
        match evaluation.decision() {
            Some(Decision::Allowed) => return RegionsVerdict::Allowed(region),
            Some(_) => denying.extend(evaluation.denying.iter().map(ToString::to_string)),
            None => {
                undecided.get_or_insert(region);
            }
        }
    }
    match undecided {
        Some(region) => RegionsVerdict::Undecided(region),
        None => RegionsVerdict::Denied(denying),
    }
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
        let set = everything_but_scps("root user", facts);
        let compiled = CompiledSet::new(&set);
        let root_arn = snap.root_arn();
        let root = Principal {
            arn: &root_arn,
            account: &snap.account_id,
            kind: "Account",
            org_id: snap
                .organization
                .as_ref()
                .map_or("", |o| o.organization_id.as_str()),
            userid: Some(&snap.account_id),
        };
        let (mut allowed, mut undecided, mut denying) = (vec![], vec![], vec![]);
        for action in ACTIONS {
            match root_in_every_region(&compiled, &root, action) {
                RegionsVerdict::Allowed(region) => allowed.push(format!("{action} in {region}")),
                RegionsVerdict::Undecided(region) => {
                    undecided.push(format!("{action} in {region}"));
                }
                RegionsVerdict::Denied(by) => denying.extend(by),
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
    use crate::test_support::{scp, FULL_AWS_ACCESS as FULL, brand_new, denied, in_organization, only, run};
    use rampart_model::organization::{Scp, ScpFacts, ScpLevel};


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
    fn a_deny_outside_one_region_leaves_root_allowed_in_that_region() {
        let outside = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideIreland","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(levels(
                vec![scp("FullAWSAccess", FULL), scp("Region", outside)],
                vec![scp("FullAWSAccess", FULL)],
            )),
        ));
        assert_eq!(f.status, Status::Fail, "{}", f.message);
        assert!(f.message.contains("in eu-west-1"), "{}", f.message);
    }

    #[test]
    fn a_deny_on_a_key_rampart_cannot_know_is_unknown_not_a_pass() {
        let by_ip = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#;
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(levels(
                vec![scp("FullAWSAccess", FULL), scp("CorpOnly", by_ip)],
                vec![scp("FullAWSAccess", FULL)],
            )),
        ));
        assert_eq!(f.status, Status::Unknown, "{}", f.message);
        // Outside the organization: a deny on another organization id applies to root.
        let other_org = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-someoneelse"}}}]}"#;
        let f = only(run(
            &MemberRootNotDeniedByScp,
            &member(levels(
                vec![scp("FullAWSAccess", FULL), scp("OtherOrg", other_org)],
                vec![scp("FullAWSAccess", FULL)],
            )),
        ));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
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
