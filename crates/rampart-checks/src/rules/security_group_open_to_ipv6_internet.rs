//! RMP508: a security group lets any IPv6 address reach SSH or RDP.

use rampart_model::network::Family;
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Every security group of every enabled Region (`ec2:DescribeSecurityGroups`): whether
    /// an inbound rule lets `::/0` reach TCP port 22 (SSH) or 3389 (RDP). One failure per such
    /// group, naming the ports; one unknown per Region not read. RMP507 judges `0.0.0.0/0`.
    ///
    /// ## Why it matters
    /// An IPv6 rule is as public as an IPv4 one, and easier to forget: a group closed to
    /// `0.0.0.0/0` is still open to every IPv6 address when `::/0` is allowed.
    ///
    /// ## How to fix
    /// For each group named: remove the `::/0` rule or narrow its source (`aws ec2
    /// revoke-security-group-ingress --group-id ID --ip-permissions
    /// 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'`). rampart never
    /// changes security groups itself.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 6.4 (v6.0.0 6.4, v5.0.0 5.4)
    /// - AWS Security Hub control EC2.54
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>
    pub struct SecurityGroupOpenToIpv6Internet;

    static META: CheckMeta = CheckMeta {
        id: check_ids::SECURITY_GROUP_OPEN_TO_IPV6_INTERNET,
        slug: "security-group-open-to-ipv6-internet",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::High,
        title: "A security group lets the IPv6 internet reach SSH or RDP",
        frameworks: &[("cis-aws-7.0", "6.4"), ("cis-aws-6.0", "6.4"), ("cis-aws-5.0", "5.4"), ("aws-fsbp", "EC2.54")],
        fix: Applicability::Manual,
    };
}

impl Check for SecurityGroupOpenToIpv6Internet {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        crate::network::open_security_groups(cx, META.id, Family::Ipv6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{brand_new, denied, hardened, inherited, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_each_group_open_to_every_ipv6_address() {
        let findings = run(&SecurityGroupOpenToIpv6Internet, &inherited());
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert!(findings[0].message.contains("::/0"), "{}", findings[0].message);
    }

    #[test]
    fn passes_when_no_group_is_open() {
        for snap in [brand_new(), hardened()] {
            let f = only(run(&SecurityGroupOpenToIpv6Internet, &snap));
            assert_eq!(f.status, Status::Pass, "{}", f.message);
        }
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        let mut snap = hardened();
        snap.guardrails.regions = denied("account:ListRegions");
        let f = only(run(&SecurityGroupOpenToIpv6Internet, &snap));
        assert_eq!(f.status, Status::Unknown);
    }
}
