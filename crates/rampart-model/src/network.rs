//! Security groups and network ACLs, and what they let in from the internet.
//!
//! The semantics are AWS's: a security group allows the union of its rules (there are no
//! denies); a network ACL evaluates its inbound entries in rule-number order and the first
//! entry that matches the packet decides, with an implicit deny after the last. "From the
//! internet" means, as CIS words it, from `0.0.0.0/0` (IPv4) or `::/0` (IPv6): a rule for a
//! narrower range is not judged, even one that together with others covers every address.

use serde::{Deserialize, Serialize};

/// The remote administration ports CIS names: SSH and RDP.
pub const ADMIN_PORTS: &[u16] = &[22, 3389];

/// CIFS / SMB (CIS 6.1.2).
pub const CIFS_PORTS: &[u16] = &[445];

/// Which internet a rule is open to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `0.0.0.0/0`.
    Ipv4,
    /// `::/0`.
    Ipv6,
}

impl Family {
    pub fn everyone(self) -> &'static str {
        match self {
            Family::Ipv4 => "0.0.0.0/0",
            Family::Ipv6 => "::/0",
        }
    }
}

/// One rule of a security group, as `DescribeSecurityGroups` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SgRule {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (everything) or a protocol number.
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv4_ranges: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_ranges: Vec<String>,
    /// Other security groups, prefix lists: sources inside AWS, never "the internet".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_sources: Vec<String>,
}

/// Whether `protocol` (a security group's or a network ACL's) carries TCP, the protocol of
/// SSH and RDP (RDP also uses UDP, but never without TCP).
fn carries_tcp(protocol: &str) -> bool {
    matches!(protocol, "-1" | "tcp" | "6" | "all")
}

fn covers(from: Option<i32>, to: Option<i32>, port: u16) -> bool {
    match (from, to) {
        (Some(f), Some(t)) => f <= i32::from(port) && i32::from(port) <= t,
        // No range: every port (protocol -1, or a protocol without ports).
        _ => true,
    }
}

impl SgRule {
    /// It admits TCP to `port` from every address of `family`.
    pub fn admits(&self, family: Family, port: u16) -> bool {
        let ranges = match family {
            Family::Ipv4 => &self.ipv4_ranges,
            Family::Ipv6 => &self.ipv6_ranges,
        };
        carries_tcp(&self.protocol)
            && ranges.iter().any(|r| r == family.everyone())
            && (self.protocol == "-1" || covers(self.from_port, self.to_port, port))
    }
}

/// One security group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub ingress: Vec<SgRule>,
    #[serde(default)]
    pub egress: Vec<SgRule>,
}

impl SecurityGroup {
    /// The VPC's default security group, which AWS names `default`.
    pub fn is_default(&self) -> bool {
        self.name == "default"
    }

    /// The administration ports it opens to every address of `family`.
    pub fn open_admin_ports(&self, family: Family) -> Vec<u16> {
        self.open_ports(family, ADMIN_PORTS)
    }

    /// Those of `ports` (TCP) it opens to every address of `family`.
    pub fn open_ports(&self, family: Family, ports: &[u16]) -> Vec<u16> {
        ports
            .iter()
            .copied()
            .filter(|p| self.ingress.iter().any(|r| r.admits(family, *p)))
            .collect()
    }
}

/// One entry of a network ACL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclEntry {
    pub rule_number: i32,
    pub egress: bool,
    /// `-1` (everything) or a protocol number (`6` TCP, `17` UDP).
    pub protocol: String,
    /// `allow` or `deny`.
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4_range: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_range: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
}

impl AclEntry {
    /// It matches a TCP packet to `port` from every address of `family`: its range is the
    /// whole internet. (An entry for a narrower range matches only part of the internet, so
    /// it cannot decide for every address; see the module's note.)
    fn matches_everyone(&self, family: Family, port: u16) -> bool {
        let range = match family {
            Family::Ipv4 => self.ipv4_range.as_deref(),
            Family::Ipv6 => self.ipv6_range.as_deref(),
        };
        !self.egress
            && range == Some(family.everyone())
            && carries_tcp(&self.protocol)
            && (self.protocol == "-1" || covers(self.from_port, self.to_port, port))
    }
}

/// One network ACL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkAcl {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub is_default: bool,
    pub entries: Vec<AclEntry>,
}

impl NetworkAcl {
    /// The entry that lets TCP to `port` in from every address of `family`: the first
    /// inbound entry, in rule-number order, that matches such a packet, when it allows.
    pub fn admitting_entry(&self, family: Family, port: u16) -> Option<&AclEntry> {
        let mut inbound: Vec<&AclEntry> = self
            .entries
            .iter()
            .filter(|e| e.matches_everyone(family, port))
            .collect();
        inbound.sort_by_key(|e| e.rule_number);
        inbound
            .first()
            .copied()
            .filter(|e| e.action.eq_ignore_ascii_case("allow"))
    }

    /// The administration ports it lets in from every address of `family`.
    pub fn open_admin_ports(&self, family: Family) -> Vec<u16> {
        ADMIN_PORTS
            .iter()
            .copied()
            .filter(|p| self.admitting_entry(family, *p).is_some())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sg_rule(protocol: &str, ports: Option<(i32, i32)>, v4: &[&str], v6: &[&str]) -> SgRule {
        SgRule {
            protocol: protocol.into(),
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
            ipv4_ranges: v4.iter().map(|s| (*s).to_owned()).collect(),
            ipv6_ranges: v6.iter().map(|s| (*s).to_owned()).collect(),
            other_sources: vec![],
        }
    }

    fn group(rules: Vec<SgRule>) -> SecurityGroup {
        SecurityGroup {
            id: "sg-1".into(),
            name: "web".into(),
            vpc_id: None,
            ingress: rules,
            egress: vec![],
        }
    }

    #[test]
    fn a_security_group_rule_opens_a_port_only_to_the_whole_internet_over_tcp() {
        let open = |r: SgRule, f: Family| group(vec![r]).open_admin_ports(f);
        assert_eq!(
            open(
                sg_rule("tcp", Some((22, 22)), &["0.0.0.0/0"], &[]),
                Family::Ipv4
            ),
            [22]
        );
        assert_eq!(
            open(
                sg_rule("tcp", Some((0, 65535)), &["0.0.0.0/0"], &[]),
                Family::Ipv4
            ),
            [22, 3389]
        );
        assert_eq!(
            open(sg_rule("-1", None, &[], &["::/0"]), Family::Ipv6),
            [22, 3389]
        );
        assert_eq!(
            open(
                sg_rule("6", Some((3389, 3389)), &["0.0.0.0/0"], &[]),
                Family::Ipv4
            ),
            [3389]
        );
        // Not TCP, not the port, not everyone, not this family.
        assert!(open(
            sg_rule("udp", Some((0, 65535)), &["0.0.0.0/0"], &[]),
            Family::Ipv4
        )
        .is_empty());
        assert!(open(
            sg_rule("tcp", Some((80, 443)), &["0.0.0.0/0"], &[]),
            Family::Ipv4
        )
        .is_empty());
        assert!(open(
            sg_rule("tcp", Some((22, 22)), &["10.0.0.0/8"], &[]),
            Family::Ipv4
        )
        .is_empty());
        assert!(open(
            sg_rule("tcp", Some((22, 22)), &["0.0.0.0/0"], &[]),
            Family::Ipv6
        )
        .is_empty());
    }

    fn entry(
        n: i32,
        action: &str,
        protocol: &str,
        v4: &str,
        ports: Option<(i32, i32)>,
    ) -> AclEntry {
        AclEntry {
            rule_number: n,
            egress: false,
            protocol: protocol.into(),
            action: action.into(),
            ipv4_range: Some(v4.into()),
            ipv6_range: None,
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
        }
    }

    fn acl(entries: Vec<AclEntry>) -> NetworkAcl {
        NetworkAcl {
            id: "acl-1".into(),
            vpc_id: None,
            is_default: false,
            entries,
        }
    }

    #[test]
    fn a_network_acl_is_judged_by_its_first_matching_entry() {
        // AWS's default ACL: allow everything (100), then the implicit deny.
        let default = acl(vec![
            entry(100, "allow", "-1", "0.0.0.0/0", None),
            entry(32767, "deny", "-1", "0.0.0.0/0", None),
        ]);
        assert_eq!(default.open_admin_ports(Family::Ipv4), [22, 3389]);
        assert!(default.open_admin_ports(Family::Ipv6).is_empty());
        // A deny of SSH numbered before the allow wins; RDP stays open.
        let ssh_denied = acl(vec![
            entry(100, "allow", "-1", "0.0.0.0/0", None),
            entry(90, "deny", "6", "0.0.0.0/0", Some((22, 22))),
        ]);
        assert_eq!(ssh_denied.open_admin_ports(Family::Ipv4), [3389]);
        // A deny numbered after the allow changes nothing.
        let late_deny = acl(vec![
            entry(100, "allow", "6", "0.0.0.0/0", Some((0, 65535))),
            entry(110, "deny", "-1", "0.0.0.0/0", None),
        ]);
        assert_eq!(late_deny.open_admin_ports(Family::Ipv4), [22, 3389]);
        // Only from a private range, or only UDP, or outbound: closed to the internet.
        for e in [
            entry(100, "allow", "-1", "10.0.0.0/8", None),
            entry(100, "allow", "17", "0.0.0.0/0", Some((0, 65535))),
            AclEntry {
                egress: true,
                ..entry(100, "allow", "-1", "0.0.0.0/0", None)
            },
        ] {
            assert!(
                acl(vec![e.clone()])
                    .open_admin_ports(Family::Ipv4)
                    .is_empty(),
                "{e:?}"
            );
        }
    }
}
