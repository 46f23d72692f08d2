//! RMP510: a VPC's default security group has rules.

use rampart_model::{check_ids, Finding, ResourceRef, Severity, Step};

use crate::regional;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// The default security group of every VPC in every enabled Region
    /// (`ec2:DescribeSecurityGroups`, the group named `default`): whether it has any inbound
    /// or outbound rule. One failure per such group, with its rule counts; one unknown per
    /// Region not read.
    ///
    /// ## Why it matters
    /// Anything launched without a security group of its own lands in the default one. AWS
    /// creates it allowing all traffic between its members and all traffic out, so a
    /// forgotten instance can talk to every other forgotten instance and to the internet.
    /// Emptied, the default group makes every launch choose its rules on purpose.
    ///
    /// ## How to fix
    /// First move whatever uses the group to a group of its own (**EC2 → Network interfaces**,
    /// filtered by the group's id, lists them). Then remove every inbound and outbound rule
    /// of the default group (**VPC → Security groups → default → Edit inbound / outbound
    /// rules → Delete**). The group itself cannot be deleted. rampart never changes security
    /// groups itself: removing rules something relies on cuts it off.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 6.5 (v6.0.0 6.5, v5.0.0 5.5)
    /// - AWS Security Hub control EC2.2
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html>
    pub struct DefaultSecurityGroupAllowsTraffic;

    static META: CheckMeta = CheckMeta {
        id: check_ids::DEFAULT_SECURITY_GROUP_ALLOWS_TRAFFIC,
        slug: "default-security-group-allows-traffic",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Low,
        title: "A VPC's default security group allows traffic",
        frameworks: &[("cis-aws-7.0", "6.5"), ("cis-aws-6.0", "6.5"), ("cis-aws-5.0", "5.5"), ("aws-fsbp", "EC2.2")],
        fix: Applicability::Manual,
    };
}

impl Check for DefaultSecurityGroupAllowsTraffic {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge_resources(
            cx,
            META.id,
            cx.snapshot.guardrails.security_groups_by_region(),
            |r, groups| {
                groups
                    .iter()
                    .filter(|g| g.is_default() && (!g.ingress.is_empty() || !g.egress.is_empty()))
                    .map(|g| {
                        Finding::fail(
                            META.id,
                            ResourceRef::new("security-group", &g.id).in_region(r),
                            format!(
                                "the default security group {} of {} has {} inbound and {} outbound rules",
                                g.id,
                                g.vpc_id.as_deref().unwrap_or("its VPC"),
                                g.ingress.len(),
                                g.egress.len()
                            ),
                        )
                        .with("inbound_rules", g.ingress.len())
                        .with("outbound_rules", g.egress.len())
                    })
                    .collect()
            },
            |n| format!("every default security group is empty in the {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_each_default_group_with_rules() {
        let findings = run(&DefaultSecurityGroupAllowsTraffic, &brand_new());
        assert!(findings.len() > 1, "one per default VPC");
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert!(findings[0].message.contains("1 inbound and 1 outbound"), "{}", findings[0].message);
    }

    #[test]
    fn passes_when_every_default_group_is_empty() {
        let f = only(run(&DefaultSecurityGroupAllowsTraffic, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&DefaultSecurityGroupAllowsTraffic, "ec2:DescribeSecurityGroups", |g, r| {
            g.security_groups.insert(r, denied("ec2:DescribeSecurityGroups"));
        });
    }
}
