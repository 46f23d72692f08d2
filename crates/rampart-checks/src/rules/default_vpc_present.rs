//! RMP512: a default VPC is left in an enabled Region.

use rampart_model::{check_ids, Finding, ResourceRef, Severity, Step};

use crate::regional;
use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// In every Region the account has enabled, whether a default VPC is there
    /// (`ec2:DescribeVpcs` with the `is-default` filter). One failure per default VPC, one
    /// unknown per Region not read. It judges the default VPCs only, the part of the Startup
    /// Security Baseline's "delete unused VPCs, subnets and security groups" that every new
    /// account has; the rest is yours to look at.
    ///
    /// ## Why it matters
    /// AWS gives every Region a default VPC whose subnets hand out public IP addresses and
    /// whose network ACL and default security group let traffic through (RMP509, RMP510). An
    /// instance launched there by mistake, in a Region nobody watches, is on the internet at
    /// once. A Region you do not use needs no network at all.
    ///
    /// ## How to fix
    /// In each Region you do not use, check that nothing runs in the default VPC (**VPC →
    /// Network interfaces**, filtered by the VPC's id, lists what does), then delete it
    /// (**VPC → Your VPCs → the default VPC → Actions → Delete VPC**, which deletes its subnets,
    /// gateway, ACL and default security group with it). With the CLI, its internet gateway
    /// is detached and deleted, then its subnets, then `aws ec2 delete-vpc --vpc-id ID --region
    /// REGION`. A default VPC can be recreated later with `aws ec2 create-default-vpc`. rampart
    /// never deletes a VPC itself.
    ///
    /// ## References
    /// - AWS Startup Security Baseline, ACCT.09
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html>
    pub struct DefaultVpcPresent;

    static META: CheckMeta = CheckMeta {
        id: check_ids::DEFAULT_VPC_PRESENT,
        slug: "default-vpc-present",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Low,
        title: "A default VPC is left in an enabled Region",
        frameworks: &[("aws-ssb", "ACCT.09")],
        fix: Applicability::Manual,
    };
}

impl Check for DefaultVpcPresent {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        regional::judge_resources(
            cx,
            META.id,
            cx.snapshot.guardrails.default_vpcs_by_region(),
            |r, vpcs| {
                vpcs.iter()
                    .map(|v| {
                        Finding::fail(
                            META.id,
                            ResourceRef::new("vpc", v).in_region(r),
                            format!("the default VPC {v} is still in {r}"),
                        )
                    })
                    .collect()
            },
            |n| format!("no default VPC is left in the {n} enabled Regions"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, only, run,
    };
    use rampart_model::Status;

    #[test]
    fn fails_for_each_default_vpc() {
        let findings = run(&DefaultVpcPresent, &brand_new());
        assert!(findings.len() > 1);
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert_eq!(findings[0].resource.kind, "vpc");
    }

    #[test]
    fn passes_when_none_is_left() {
        let f = only(run(&DefaultVpcPresent, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&DefaultVpcPresent, "ec2:DescribeVpcs", |g, r| {
            g.default_vpcs.insert(r, denied("ec2:DescribeVpcs"));
        });
    }
}
