//! RMP516: a security group lets the internet reach CIFS (TCP 445).

use rampart_model::network::{Family, CIFS_PORTS};
use rampart_model::{check_ids, Finding, Severity, Step};

use crate::{Applicability, Check, Context, Subject};

check! {
    /// ## What it checks
    /// Every security group of every enabled Region (`ec2:DescribeSecurityGroups`): whether
    /// an inbound rule lets `0.0.0.0/0` or `::/0` reach TCP port 445 (CIFS/SMB, Windows file
    /// sharing), with the same rule semantics as RMP507 ("all traffic" and port ranges count,
    /// UDP does not). One failure per such group, one unknown per Region not read. Network
    /// ACLs are not judged here: CIS 6.1.2 asks for both, so a passing RMP516 leaves that
    /// recommendation to a person.
    ///
    /// ## Why it matters
    /// SMB on the internet is how WannaCry and NotPetya spread: worms scan for port 445 and
    /// exploit the file server behind it. No file share needs to be reachable from every
    /// address; one that is will be found within hours.
    ///
    /// ## How to fix
    /// For each group named: remove the rule or narrow its source to the networks that use the
    /// share (`aws ec2 revoke-security-group-ingress --group-id ID --ip-permissions
    /// 'IpProtocol=tcp,FromPort=445,ToPort=445,IpRanges=[{CidrIp=0.0.0.0/0}]'`), and reach it
    /// over a VPN or AWS Client VPN instead. rampart never changes security groups itself.
    ///
    /// ## References
    /// - CIS AWS Foundations Benchmark v7.0.0, 6.1.2 (v6.0.0 6.1.2, v5.0.0 5.1.2)
    /// - <https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html>
    pub struct CifsOpenToInternet;

    static META: CheckMeta = CheckMeta {
        id: check_ids::CIFS_OPEN_TO_INTERNET,
        slug: "cifs-open-to-internet",
        aliases: &[],
        subject: Subject::Account,
        step: Step::Guardrails,
        severity: Severity::High,
        title: "A security group lets the internet reach CIFS (port 445)",
        frameworks: &[("cis-aws-7.0", "6.1.2"), ("cis-aws-6.0", "6.1.2"), ("cis-aws-5.0", "5.1.2")],
        fix: Applicability::Manual,
    };
}

impl Check for CifsOpenToInternet {
    fn evaluate(&self, cx: &Context<'_>) -> Vec<Finding> {
        crate::network::groups_open_on(cx, META.id, &[Family::Ipv4, Family::Ipv6], CIFS_PORTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{
        assert_unknown_when_refused_in_one_region, brand_new, denied, hardened, inherited, only,
        run,
    };
    use rampart_model::network::{SecurityGroup, SgRule};
    use rampart_model::{Observed, Status};

    #[test]
    fn fails_for_a_group_open_to_everyone_on_445() {
        let f = only(run(&CifsOpenToInternet, &inherited()));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.resource.id, "sg-0feedfacecafe0002");
        assert!(f.message.contains("0.0.0.0/0") && f.message.contains("445"), "{}", f.message);
    }

    #[test]
    fn all_traffic_counts_and_udp_does_not() {
        let mut snap = hardened();
        let first = snap.guardrails.regions.known().expect("regions")[0].clone();
        let group = |protocol: &str, from: Option<i32>, to: Option<i32>| SecurityGroup {
            id: format!("sg-{protocol}"),
            name: protocol.into(),
            vpc_id: None,
            ingress: vec![SgRule {
                protocol: protocol.into(),
                from_port: from,
                to_port: to,
                ipv4_ranges: vec![],
                ipv6_ranges: vec!["::/0".into()],
                other_sources: vec![],
            }],
            egress: vec![],
        };
        snap.guardrails.security_groups.insert(
            first,
            Observed::Known(vec![group("-1", None, None), group("udp", Some(445), Some(445))]),
        );
        let f = only(run(&CifsOpenToInternet, &snap));
        assert_eq!((f.status, f.resource.id.as_str()), (Status::Fail, "sg--1"));
    }

    #[test]
    fn passes_without_such_a_group() {
        for snap in [hardened(), brand_new()] {
            let f = only(run(&CifsOpenToInternet, &snap));
            assert_eq!(f.status, Status::Pass, "{}", f.message);
        }
    }

    #[test]
    fn a_region_not_read_is_unknown() {
        assert_unknown_when_refused_in_one_region(&CifsOpenToInternet, "ec2:DescribeSecurityGroups", |g, r| {
            g.security_groups.insert(r, denied("ec2:DescribeSecurityGroups"));
        });
    }
}
