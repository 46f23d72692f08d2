//! RMP507: a security group lets any IPv4 address reach SSH or RDP.

use rampart_model::network::Family;
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Every security group of every enabled Region (`ec2:DescribeSecurityGroups`): whether
    /// an inbound rule lets `0.0.0.0/0` reach TCP port 22 (SSH) or 3389 (RDP), by a port range
    /// that covers them or by allowing all traffic. One failure per such group, naming the
    /// ports; one unknown per Region not read.
    ///
    /// ## Why it matters
    /// Within minutes of opening, SSH and RDP on a public address are found and tried with
    /// leaked and guessed passwords by the whole internet. Administration should come
    /// through Systems Manager Session Manager, a VPN or a bastion that only your addresses
    /// reach.
    ///
    /// ## How to fix
    /// For each group named: remove the rule, or narrow its source to your own addresses or
    /// another security group (**EC2 → Security Groups → the group → Inbound rules → Edit**;
    /// `aws ec2 revoke-security-group-ingress --group-id ID --protocol tcp --port 22 --cidr
    /// 0.0.0.0/0`). rampart never changes security groups itself: what depends on a rule is
    /// yours to judge.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 6.3 (v6.0.0 6.3, v5.0.0 5.3)
    /// - AWS Security Hub control EC2.53
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>
    pub struct SecurityGroupOpenToInternet;

    static META: CheckMeta = CheckMeta {
        id: check_ids::SECURITY_GROUP_OPEN_TO_INTERNET,
        slug: "security-group-open-to-internet",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::High,
        title: "A security group lets the IPv4 internet reach SSH or RDP",
        frameworks: &[("cis-aws-7.0", "6.3"), ("cis-aws-6.0", "6.3"), ("cis-aws-5.0", "5.3"), ("aws-fsbp", "EC2.53")],
        fix: Applicability::Manual,
    };
}

impl Check for SecurityGroupOpenToInternet {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        crate::network::open_security_groups(cx, META.id, Family::Ipv4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_each_group_open_to_everyone() {
        let findings = run(&SecurityGroupOpenToInternet, &inherited());
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert_eq!(findings[0].resource.kind, "security-group");
        assert!(findings[0].message.contains("port 22"), "{}", findings[0].message);
    }

    #[test]
    fn passes_when_no_group_is_open() {
        for snap in [brand_new(), hardened()] {
            let f = only(run(&SecurityGroupOpenToInternet, &snap));
            assert_eq!(f.status, Status::Pass, "{}", f.message);
        }
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&SecurityGroupOpenToInternet, "ec2:DescribeSecurityGroups", |g, r| {
            g.security_groups.insert(r, denied("ec2:DescribeSecurityGroups"));
        });
    }
}
