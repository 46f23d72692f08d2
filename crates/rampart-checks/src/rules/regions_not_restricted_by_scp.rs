//! RMP513: no service control policy restricts the Regions a member account can use.

use rampart_engines::policy::{CompiledSet, Decision};
use rampart_model::{check_ids, Finding, Observed, ResourceRef, Severity, Status, Step};
use serde_json::json;

use crate::scps::{everything_but_scps, Principal};
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In an organization audit, for each member account: whether its service control
    /// policies (the root's, each OU's and the account's, as AWS chains them) deny an
    /// administrator of the account `ec2:RunInstances` in at least one commercial Region,
    /// judged by rampart's policy evaluator with `aws:RequestedRegion` set to each Region in
    /// turn. It fails when every Region is allowed, and is unknown when the SCPs' conditions
    /// depend on keys rampart cannot know. The failure carries an SCP to start from
    /// (`suggested_scp`), allowing the Regions the audit was run for.
    ///
    /// ## Why it matters
    /// Stolen credentials are used where nobody looks: instances for mining started in a
    /// Region the company never uses, and billed. An SCP that denies every Region but the
    /// ones in use closes those Regions for everyone in the account, administrators
    /// included, and cannot be lifted from inside it.
    ///
    /// ## How to fix
    /// In the management account, create an SCP that denies every action outside your
    /// Regions except those of global services (**AWS Organizations → Policies → Service
    /// control policies → Create policy**), starting from the finding's `suggested_scp`, and
    /// attach it to the root or the OUs of your workloads. Test it on one OU first: a Region
    /// left out stops everything there. AWS documents the pattern as "Deny access to AWS based
    /// on the requested AWS Region". rampart never writes SCPs itself.
    ///
    /// ## References
    /// - AWS Startup Security Baseline, ACCT.17
    /// - <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html>
    pub struct RegionsNotRestrictedByScp;

    static META: CheckMeta = CheckMeta {
        id: check_ids::REGIONS_NOT_RESTRICTED_BY_SCP,
        slug: "regions-not-restricted-by-scp",
        aliases: &[],
        subject: Subject::Member,
        step: Step::Guardrails,
        severity: Severity::Low,
        title: "No service control policy restricts the Regions a member account can use",
        frameworks: &[("aws-ssb", "ACCT.17")],
        fix: Applicability::Manual,
    };
}

/// Services whose calls go to one Region whatever the caller's: left out of the deny.
const GLOBAL_ACTIONS: &[&str] = &[
    "account:*",
    "budgets:*",
    "ce:*",
    "cloudfront:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "organizations:*",
    "route53:*",
    "route53domains:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf:*",
];

/// An SCP that denies everything outside `regions` but the global services.
fn suggested_scp(regions: &[&str]) -> serde_json::Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyOutsideUsedRegions",
            "Effect": "Deny",
            "NotAction": GLOBAL_ACTIONS,
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": regions}}
        }]
    })
}

impl Check for RegionsNotRestrictedByScp {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        let snap = cx.snapshot;
        let Some(org) = snap.organization.as_ref() else {
            return vec![];
        };
        let Some(scps) = org.service_control_policies.as_ref() else {
            return vec![];
        };
        let resource = ResourceRef::account(&snap.account_id);
        let mut used = vec!["us-east-1", snap.region.as_str()];
        used.dedup();
        let facts = match scps {
            Observed::Known(f) => f,
            Observed::Unavailable(why) => return vec![Finding::unknown(META.id, resource, why)],
        };
        if !facts.enabled {
            return vec![Finding::fail(
                META.id,
                resource,
                "service control policies are not enabled for the organization, so every Region is open",
            )
            .with("suggested_scp", suggested_scp(&used))];
        }
        let set = everything_but_scps("administrator", facts);
        let compiled = CompiledSet::new(&set);
        let arn = format!("arn:aws:iam::{}:role/Administrator", snap.account_id);
        let administrator = Principal {
            arn: &arn,
            account: &snap.account_id,
            kind: "AssumedRole",
            org_id: &org.organization_id,
            userid: None,
        };
        let (mut denied, mut undecided) = (Vec::new(), Vec::new());
        for region in rampart_model::regions::commercial() {
            let request = administrator.request("ec2:RunInstances", region);
            match compiled.evaluate(&request).decision() {
                Some(Decision::Allowed) => {}
                Some(_) => denied.push(region),
                None => undecided.push(region),
            }
        }
        if !denied.is_empty() {
            return vec![Finding::pass(
                META.id,
                resource,
                format!(
                    "the SCPs deny {} of the {} commercial Regions to the account's administrators",
                    denied.len(),
                    rampart_model::regions::commercial().count()
                ),
            )
            .with("denied_regions", denied)];
        }
        if !undecided.is_empty() {
            return vec![Finding::new(
                META.id,
                Status::Unknown,
                resource,
                format!(
                    "whether the SCPs deny any Region depends on conditions rampart cannot evaluate (in {})",
                    undecided.join(", ")
                ),
            )];
        }
        vec![Finding::fail(
            META.id,
            resource,
            "the SCPs let the account's administrators work in every commercial Region",
        )
        .with("suggested_scp", suggested_scp(&used))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{scp, FULL_AWS_ACCESS as FULL, brand_new, denied, in_organization, only, run};
    use rampart_model::organization::{Scp, ScpFacts, ScpLevel};



    fn member(root: Vec<Scp>) -> rampart_model::Snapshot {
        let mut snap = in_organization(brand_new(), false);
        if let Some(org) = &mut snap.organization {
            org.service_control_policies = Some(Observed::Known(ScpFacts {
                enabled: true,
                levels: vec![
                    ScpLevel {
                        target_id: "r-abcd".into(),
                        policies: root,
                    },
                    ScpLevel {
                        target_id: "111122223333".into(),
                        policies: vec![scp("FullAWSAccess", FULL)],
                    },
                ],
            }));
        }
        snap
    }

    #[test]
    fn fails_when_every_region_is_open_and_suggests_an_scp() {
        let f = only(run(&RegionsNotRestrictedByScp, &member(vec![scp("FullAWSAccess", FULL)])));
        assert_eq!(f.status, Status::Fail);
        let suggested = f.evidence.get("suggested_scp").expect("an SCP to start from");
        let text = suggested.to_string();
        assert!(text.contains("aws:RequestedRegion") && text.contains("us-east-1"), "{text}");
        // The suggestion itself restricts Regions, judged by the same evaluator.
        let own = scp("Suggested", &text);
        let f = only(run(
            &RegionsNotRestrictedByScp,
            &member(vec![scp("FullAWSAccess", FULL), own]),
        ));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn passes_when_some_region_is_denied() {
        let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]}}}]}"#;
        let f = only(run(
            &RegionsNotRestrictedByScp,
            &member(vec![scp("FullAWSAccess", FULL), scp("Regions", deny)]),
        ));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
        let denied = f.evidence.get("denied_regions").expect("evidence");
        assert!(!denied.to_string().contains("eu-west-1"), "{denied}");
    }

    #[test]
    fn a_deny_that_exempts_everyone_or_depends_on_unknown_keys_is_not_a_pass() {
        // Exempts every role: the administrator is not restricted.
        let exempt = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1"]},"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}}]}"#;
        let f = only(run(
            &RegionsNotRestrictedByScp,
            &member(vec![scp("FullAWSAccess", FULL), scp("Exempt", exempt)]),
        ));
        assert_eq!(f.status, Status::Fail, "{}", f.message);
        // Depends on a tag rampart cannot know: unknown.
        let tagged = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1"],"aws:PrincipalTag/team":"platform"}}}]}"#;
        let f = only(run(
            &RegionsNotRestrictedByScp,
            &member(vec![scp("FullAWSAccess", FULL), scp("Tagged", tagged)]),
        ));
        assert_eq!(f.status, Status::Unknown, "{}", f.message);
    }

    #[test]
    fn unknown_when_the_scps_cannot_be_read_and_silent_outside_an_organization() {
        let mut snap = in_organization(brand_new(), false);
        if let Some(org) = &mut snap.organization {
            org.service_control_policies = Some(denied("organizations:ListPoliciesForTarget"));
        }
        let f = only(run(&RegionsNotRestrictedByScp, &snap));
        assert_eq!(f.status, Status::Unknown);
        assert!(run(&RegionsNotRestrictedByScp, &brand_new()).is_empty());
    }
}
