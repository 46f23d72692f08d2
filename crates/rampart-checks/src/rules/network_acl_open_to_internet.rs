//! RMP509: a network ACL lets the internet reach SSH or RDP.

use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Every network ACL of every enabled Region (`ec2:DescribeNetworkAcls`), evaluated as
    /// AWS evaluates it: the inbound entries in rule-number order, the first that matches a
    /// TCP packet from `0.0.0.0/0` (or `::/0`) to port 22 or 3389 decides. One failure per ACL
    /// whose deciding entry allows, naming the ports and the entry; one unknown per Region
    /// not read. As CIS words it, only entries for the whole internet are judged.
    ///
    /// ## Why it matters
    /// A network ACL is the subnet's coarse filter, in front of the security groups. AWS's
    /// default ACL allows everything, so every default VPC fails this until its ACL denies
    /// the administration ports: one security group opened by mistake is then not enough to
    /// expose a server.
    ///
    /// ## How to fix
    /// Add inbound deny entries for TCP 22 and 3389 from `0.0.0.0/0` and `::/0`, numbered
    /// below the allow-all entry (**VPC → Network ACLs → the ACL → Inbound rules → Edit**;
    /// `aws ec2 create-network-acl-entry --network-acl-id ID --ingress --rule-number 90
    /// --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny`),
    /// or delete the default VPC of a Region you do not use. rampart never changes network
    /// ACLs itself.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 6.2 (v6.0.0 6.2, v5.0.0 5.2)
    /// - AWS Security Hub control EC2.21
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html>
    pub struct NetworkAclOpenToInternet;

    static META: CheckMeta = CheckMeta {
        id: check_ids::NETWORK_ACL_OPEN_TO_INTERNET,
        slug: "network-acl-open-to-internet",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::Medium,
        title: "A network ACL lets the internet reach SSH or RDP",
        frameworks: &[("cis-aws-7.0", "6.2"), ("cis-aws-6.0", "6.2"), ("cis-aws-5.0", "5.2"), ("aws-fsbp", "EC2.21")],
        fix: Applicability::Manual,
    };
}

impl Check for NetworkAclOpenToInternet {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        crate::network::open_network_acls(cx, META.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, only, run};
    use rampart_model::Status;

    #[test]
    fn fails_for_each_acl_that_admits_the_internet() {
        let findings = run(&NetworkAclOpenToInternet, &brand_new());
        assert!(findings.len() > 1, "every default VPC's ACL");
        assert!(findings.iter().all(|f| f.status == Status::Fail));
        assert!(findings[0].message.contains("default"), "{}", findings[0].message);
        assert_eq!(findings[0].evidence.get("rules"), Some(&serde_json::json!([100, 100])));
    }

    #[test]
    fn passes_when_every_acl_denies_the_ports_first() {
        let f = only(run(&NetworkAclOpenToInternet, &hardened()));
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&NetworkAclOpenToInternet, "ec2:DescribeNetworkAcls", |g, r| {
            g.network_acls.insert(r, denied("ec2:DescribeNetworkAcls"));
        });
    }
}
