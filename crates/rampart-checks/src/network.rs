//! What the network checks share: security groups and network ACLs that let the internet
//! reach the administration ports, judged with the model's semantics, one failure per group
//! or ACL that names the ports.

use rampart_model::network::{Family, ADMIN_PORTS};
use rampart_model::{Finding, ResourceRef};

use crate::regional;
use crate::Context;

fn ports(list: &[u16]) -> String {
    list.iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Security groups that open an administration port to every address of `family`.
pub(crate) fn open_security_groups(cx: &Context<'_>, id: &str, family: Family) -> Vec<Finding> {
    groups_open_on(cx, id, &[family], ADMIN_PORTS)
}

/// Security groups that open one of `ports` (TCP) to every address of one of `families`: one
/// failure per group, naming the ports and who reaches them.
pub(crate) fn groups_open_on(
    cx: &Context<'_>,
    id: &str,
    families: &[Family],
    wanted: &[u16],
) -> Vec<Finding> {
    regional::judge_resources(
        cx,
        id,
        cx.snapshot.guardrails.security_groups_by_region(),
        |r, groups| {
            groups
                .iter()
                .filter_map(|g| {
                    let open: Vec<(Family, Vec<u16>)> = families
                        .iter()
                        .map(|f| (*f, g.open_ports(*f, wanted)))
                        .filter(|(_, p)| !p.is_empty())
                        .collect();
                    (!open.is_empty()).then(|| {
                        let what: Vec<String> = open
                            .iter()
                            .map(|(f, p)| format!("{} reach port {}", f.everyone(), ports(p)))
                            .collect();
                        let mut all: Vec<u16> = open.iter().flat_map(|(_, p)| p.clone()).collect();
                        all.sort_unstable();
                        all.dedup();
                        Finding::fail(
                            id,
                            ResourceRef::new("security-group", &g.id).in_region(r),
                            format!(
                                "security group `{}` ({}) lets {}",
                                g.name,
                                g.id,
                                what.join(" and ")
                            ),
                        )
                        .with("ports", all)
                        .with("vpc", g.vpc_id.clone().unwrap_or_default())
                    })
                })
                .collect()
        },
        |n| {
            let who: Vec<&str> = families.iter().map(|f| f.everyone()).collect();
            let on: Vec<String> = wanted.iter().map(u16::to_string).collect();
            format!(
                "no security group lets {} reach port {} in the {n} enabled Regions",
                who.join(" or "),
                on.join(" or ")
            )
        },
    )
}

/// Network ACLs that let every IPv4 or IPv6 address reach an administration port.
pub(crate) fn open_network_acls(cx: &Context<'_>, id: &str) -> Vec<Finding> {
    regional::judge_resources(
        cx,
        id,
        cx.snapshot.guardrails.network_acls_by_region(),
        |r, acls| {
            acls.iter()
                .filter_map(|acl| {
                    let open: Vec<(Family, Vec<u16>)> = [Family::Ipv4, Family::Ipv6]
                        .into_iter()
                        .map(|f| (f, acl.open_admin_ports(f)))
                        .filter(|(_, p)| !p.is_empty())
                        .collect();
                    (!open.is_empty()).then(|| {
                        let what: Vec<String> = open
                            .iter()
                            .map(|(f, p)| format!("{} to port {}", f.everyone(), ports(p)))
                            .collect();
                        let rules: Vec<i32> = open
                            .iter()
                            .flat_map(|(f, p)| {
                                p.iter().filter_map(|port| {
                                    acl.admitting_entry(*f, *port).map(|e| e.rule_number)
                                })
                            })
                            .collect();
                        Finding::fail(
                            id,
                            ResourceRef::new("network-acl", &acl.id).in_region(r),
                            format!(
                                "network ACL {}{} lets in {}",
                                acl.id,
                                if acl.is_default {
                                    " (the VPC's default)"
                                } else {
                                    ""
                                },
                                what.join(", ")
                            ),
                        )
                        .with("rules", rules)
                        .with("vpc", acl.vpc_id.clone().unwrap_or_default())
                    })
                })
                .collect()
        },
        |n| {
            format!(
                "no network ACL lets the internet reach port 22 or 3389 in the {n} enabled Regions"
            )
        },
    )
}
