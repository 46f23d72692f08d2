//! Security groups and network ACLs of one Region, every page, as the model holds them.

use aws_sdk_ec2::types::IpPermission;
use rampart_model::network::{AclEntry, NetworkAcl, SecurityGroup, SgRule};
use rampart_model::Observed;

use crate::clients::Clients;
use crate::paging::all_pages;

fn rule(p: &IpPermission) -> SgRule {
    SgRule {
        protocol: p.ip_protocol().unwrap_or("-1").to_owned(),
        from_port: p.from_port(),
        to_port: p.to_port(),
        ipv4_ranges: p
            .ip_ranges()
            .iter()
            .filter_map(|r| r.cidr_ip().map(str::to_owned))
            .collect(),
        ipv6_ranges: p
            .ipv6_ranges()
            .iter()
            .filter_map(|r| r.cidr_ipv6().map(str::to_owned))
            .collect(),
        other_sources: p
            .user_id_group_pairs()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_owned))
            .chain(
                p.prefix_list_ids()
                    .iter()
                    .filter_map(|l| l.prefix_list_id().map(str::to_owned)),
            )
            .collect(),
    }
}

/// Every security group of the Region (`ec2:DescribeSecurityGroups`).
pub(crate) async fn security_groups(
    clients: &Clients,
    region: &str,
) -> Observed<Vec<SecurityGroup>> {
    let client = clients.ec2(region);
    let pages = all_pages(
        "ec2:DescribeSecurityGroups",
        |token| {
            client
                .describe_security_groups()
                .max_results(1000)
                .set_next_token(token)
                .send()
        },
        aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput::next_token,
    )
    .await;
    let mut out: Vec<SecurityGroup> = match pages {
        Ok(pages) => pages
            .iter()
            .flat_map(aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput::security_groups)
            .map(|g| SecurityGroup {
                id: g.group_id().unwrap_or_default().to_owned(),
                name: g.group_name().unwrap_or_default().to_owned(),
                vpc_id: g.vpc_id().map(str::to_owned),
                ingress: g.ip_permissions().iter().map(rule).collect(),
                egress: g.ip_permissions_egress().iter().map(rule).collect(),
            })
            .collect(),
        Err(u) => return Observed::Unavailable(u),
    };
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Observed::Known(out)
}

fn entry(e: &aws_sdk_ec2::types::NetworkAclEntry) -> AclEntry {
    AclEntry {
        rule_number: e.rule_number().unwrap_or(i32::MAX),
        egress: e.egress().unwrap_or(false),
        protocol: e.protocol().unwrap_or("-1").to_owned(),
        action: e.rule_action().map_or("deny", |a| a.as_str()).to_owned(),
        ipv4_range: e.cidr_block().map(str::to_owned),
        ipv6_range: e.ipv6_cidr_block().map(str::to_owned),
        from_port: e.port_range().and_then(aws_sdk_ec2::types::PortRange::from),
        to_port: e.port_range().and_then(aws_sdk_ec2::types::PortRange::to),
    }
}

/// Every network ACL of the Region (`ec2:DescribeNetworkAcls`).
pub(crate) async fn network_acls(clients: &Clients, region: &str) -> Observed<Vec<NetworkAcl>> {
    let client = clients.ec2(region);
    let pages = all_pages(
        "ec2:DescribeNetworkAcls",
        |token| {
            client
                .describe_network_acls()
                .max_results(1000)
                .set_next_token(token)
                .send()
        },
        aws_sdk_ec2::operation::describe_network_acls::DescribeNetworkAclsOutput::next_token,
    )
    .await;
    let mut out: Vec<NetworkAcl> = match pages {
        Ok(pages) => pages
            .iter()
            .flat_map(aws_sdk_ec2::operation::describe_network_acls::DescribeNetworkAclsOutput::network_acls)
            .map(|a| NetworkAcl {
                id: a.network_acl_id().unwrap_or_default().to_owned(),
                vpc_id: a.vpc_id().map(str::to_owned),
                is_default: a.is_default().unwrap_or(false),
                entries: a.entries().iter().map(entry).collect(),
            })
            .collect(),
        Err(u) => return Observed::Unavailable(u),
    };
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Observed::Known(out)
}

/// The ids of the Region's default VPCs (`ec2:DescribeVpcs` filtered on `is-default`).
pub(crate) async fn default_vpcs(clients: &Clients, region: &str) -> Observed<Vec<String>> {
    let client = clients.ec2(region);
    let filter = aws_sdk_ec2::types::Filter::builder()
        .name("is-default")
        .values("true")
        .build();
    let pages = all_pages(
        "ec2:DescribeVpcs",
        |token| {
            client
                .describe_vpcs()
                .filters(filter.clone())
                .set_next_token(token)
                .send()
        },
        aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput::next_token,
    )
    .await;
    match pages {
        Ok(pages) => {
            let mut ids: Vec<String> = pages
                .iter()
                .flat_map(aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput::vpcs)
                .filter(|v| v.is_default() == Some(true))
                .filter_map(|v| v.vpc_id().map(str::to_owned))
                .collect();
            ids.sort();
            Observed::Known(ids)
        }
        Err(u) => Observed::Unavailable(u),
    }
}

/// The Region's instances that are not terminated, with their metadata service options
/// (`ec2:DescribeInstances`, one request per page of reservations).
pub(crate) async fn instances(
    clients: &Clients,
    region: &str,
) -> Observed<Vec<rampart_model::guardrails::Instance>> {
    use aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput as Out;
    let client = clients.ec2(region);
    let pages = all_pages(
        "ec2:DescribeInstances",
        |token| client.describe_instances().set_next_token(token).send(),
        Out::next_token,
    )
    .await;
    match pages {
        Ok(pages) => {
            let text = |v: Option<&str>, default: &str| v.unwrap_or(default).to_owned();
            let mut out: Vec<_> = pages
                .iter()
                .flat_map(Out::reservations)
                .flat_map(aws_sdk_ec2::types::Reservation::instances)
                .map(|i| {
                    let options = i.metadata_options();
                    rampart_model::guardrails::Instance {
                        id: text(i.instance_id(), ""),
                        state: text(
                            i.state()
                                .and_then(|s| s.name())
                                .map(aws_sdk_ec2::types::InstanceStateName::as_str),
                            "",
                        ),
                        // AWS's defaults when the answer leaves them out.
                        http_tokens: text(
                            options
                                .and_then(|o| o.http_tokens())
                                .map(aws_sdk_ec2::types::HttpTokensState::as_str),
                            "optional",
                        ),
                        http_endpoint: text(
                            options
                                .and_then(|o| o.http_endpoint())
                                .map(aws_sdk_ec2::types::InstanceMetadataEndpointState::as_str),
                            "enabled",
                        ),
                    }
                })
                .filter(|i| i.state != "terminated" && i.state != "shutting-down")
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            Observed::Known(out)
        }
        Err(u) => Observed::Unavailable(u),
    }
}
