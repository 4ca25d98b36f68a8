//! VPCs, their CIDR blocks, subnets and Availability Zones.
//!
//! The first thing resolved: every other resource hangs off a VPC or a subnet, so block sizes,
//! overlaps and the subnet-inside-VPC rules (docs/semantics.md §1) are checked here, once.

use std::net::Ipv4Addr;

use ipnet::{Ipv4Net, Ipv6Net};
use rustc_hash::FxHashMap;

use super::{Names, Resolver};
use crate::ids::*;
use crate::model::*;
use crate::schema;
use crate::span::{Loc, Span};

impl<'d> Resolver<'d> {
    pub(super) fn vpcs_first_pass(&mut self) {
        let document = self.document;
        let mut igw_owner: FxHashMap<String, (VpcId, Span)> = FxHashMap::default();
        for (index, (name, vpc)) in document.vpcs.iter().enumerate() {
            let id = VpcId::from_index(index);
            self.vpc_names.insert(name.value.clone(), id);
            self.names.push(Names::default());
            let mut cidrs: Vec<Ipv4Net> = Vec::new();
            if vpc.cidr.as_slice().is_empty() {
                self.error(
                    "VAL001",
                    vpc.cidr.span,
                    format!("VPC `{}` has no CIDR block", name.value),
                );
            }
            for (position, raw) in vpc.cidr.as_slice().iter().enumerate() {
                let text = Loc::at(raw.clone(), vpc.cidr.span);
                let Some(block) = self.parse_v4_cidr(&text, "VPC block") else {
                    continue;
                };
                // §1.1/§1.5: every block, primary or secondary, is /16–/28.
                if !(16..=28).contains(&block.prefix_len()) {
                    let why = if block.prefix_len() < 16 {
                        "larger"
                    } else {
                        "smaller"
                    };
                    self.error(
                        "VAL003",
                        text.span,
                        format!(
                            "VPC block {block} is {why} than AWS allows: VPC blocks must be /16 to /28"
                        ),
                    )
                    .help = Some("pick a prefix between /16 (65,536 addresses) and /28 (16)".into());
                }
                // §1.4: link-local space is never usable.
                if Ipv4Net::new(Ipv4Addr::new(169, 254, 0, 0), 16)
                    .map(|ll| ll.contains(&block.network()) || block.contains(&ll.network()))
                    .unwrap_or(false)
                {
                    self.error(
                        "VAL003",
                        text.span,
                        format!(
                            "VPC block {block} overlaps 169.254.0.0/16, which AWS never allows"
                        ),
                    );
                }
                // §1.5: a secondary block must not overlap any block already on the VPC.
                if let Some(existing) = cidrs.iter().find(|other| {
                    other.contains(&block.network()) || block.contains(&other.network())
                }) {
                    self.error(
                        "VAL005",
                        text.span,
                        format!("VPC block {block} overlaps block {existing} of the same VPC"),
                    );
                    continue;
                }
                if position > 0
                    && let Some(primary) = cidrs.first()
                    && let Some(reason) = rfc1918_mix_reason(*primary, block)
                {
                    // §1.7 is [U]: AWS may have relaxed the rule, so this is a warning.
                    self.warning("VAL007", text.span, format!("secondary block {block} {reason}"))
                        .notes
                        .push("docs/semantics.md §1.7: AWS documented this restriction in 2021–2023; whether it still applies is unconfirmed".into());
                }
                cidrs.push(block);
            }
            let ipv6_cidr = vpc
                .ipv6_cidr
                .as_ref()
                .and_then(|text| self.parse_v6_cidr(text, "VPC IPv6 block"));
            let vpn_routes = self.vpn_routes(name, vpc);
            let internet_gateway = vpc.internet_gateway.as_ref().map(|igw_name| {
                if let Some((other, other_span)) = igw_owner.get(&igw_name.value) {
                    let other_name = document
                        .vpcs
                        .get_index(other.index())
                        .map(|(n, _)| n.value.clone())
                        .unwrap_or_default();
                    self.error(
                        "VAL060",
                        igw_name.span,
                        format!(
                            "internet gateway `{}` is already attached to VPC `{other_name}`; an internet gateway attaches to one VPC (§3.1)",
                            igw_name.value
                        ),
                    )
                    .related
                    .push(crate::diagnostic::Related {
                        span: *other_span,
                        label: "first attached here".into(),
                    });
                } else {
                    igw_owner.insert(igw_name.value.clone(), (id, igw_name.span));
                }
                let igw = IgwId::from_index(self.model.internet_gateways.len());
                self.model.internet_gateways.push(InternetGateway {
                    name: igw_name.value.clone(),
                    span: igw_name.span,
                    vpc: id,
                });
                igw
            });
            self.model.vpcs.push(Vpc {
                name: name.value.clone(),
                span: name.span,
                cidr_span: vpc.cidr.span,
                cidrs,
                region: vpc
                    .region
                    .as_ref()
                    .or(document.region.as_ref())
                    .map(|r| r.value.clone())
                    .unwrap_or_default(),
                account: vpc.account.as_ref().map(|a| a.value.clone()),
                ipv6_cidr,
                internet_gateway,
                egress_only_igw: vpc
                    .egress_only_internet_gateway
                    .as_ref()
                    .map(|n| n.value.clone()),
                vpn_gateway: vpc.vpn_gateway.as_ref().map(|n| n.value.clone()),
                vpn_routes,
                dns_support: vpc.enable_dns_support.unwrap_or(true),
                dns_hostnames: vpc.enable_dns_hostnames.unwrap_or(false),
                subnets: Vec::new(),
                route_tables: Vec::new(),
                main_route_table: RouteTableId(0),
                security_groups: Vec::new(),
                default_security_group: SgId(0),
                network_acls: Vec::new(),
                default_network_acl: NaclId(0),
            });
        }
    }

    /// `vpn_routes:` (docs/semantics.md §15.11): the destinations the VPN side covers, IPv4 or
    /// IPv6 CIDRs; they need a `vpn_gateway` to be reached through (VAL080).
    fn vpn_routes(&mut self, name: &Loc<String>, vpc: &schema::Vpc) -> Option<Vec<ipnet::IpNet>> {
        let entries = vpc.vpn_routes.as_ref()?;
        if vpc.vpn_gateway.is_none() {
            let span = entries.first().map_or(name.span, |entry| entry.span);
            self.error(
                "VAL080",
                span,
                format!(
                    "VPC `{}` lists `vpn_routes` but has no `vpn_gateway` to send them through (§15.11)",
                    name.value
                ),
            )
            .help = Some("name the virtual private gateway: `vpn_gateway: NAME`".into());
        }
        let mut routes = Vec::with_capacity(entries.len());
        for entry in entries {
            if entry.value.contains(':') {
                if let Some(net) = self.parse_v6_cidr(entry, "VPN route") {
                    routes.push(ipnet::IpNet::V6(net));
                }
            } else if let Some(net) = self.parse_v4_cidr(entry, "VPN route") {
                routes.push(ipnet::IpNet::V4(net));
            }
        }
        Some(routes)
    }

    pub(super) fn subnets(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        // §15.5: AZs belong to the Region of their VPC.
        let region = vpc
            .region
            .as_ref()
            .or(self.document.region.as_ref())
            .map(|r| r.value.clone());
        for (name, subnet) in &vpc.subnets {
            let Some(cidr) = self.parse_v4_cidr(&subnet.cidr, "subnet block") else {
                // Keep the name resolvable so references to it do not cascade into more errors.
                self.placeholder_subnet(vpc_id, name, subnet);
                continue;
            };
            // §1.9: /16–/28, inside one VPC block.
            if !(16..=28).contains(&cidr.prefix_len()) {
                let why = if cidr.prefix_len() < 16 {
                    "larger"
                } else {
                    "smaller"
                };
                self.error(
                    "VAL003",
                    subnet.cidr.span,
                    format!("subnet block {cidr} is {why} than AWS allows: subnet blocks must be /16 to /28"),
                );
            }
            let vpc_cidrs = self.model.vpcs[vpc_id.index()].cidrs.clone();
            if !vpc_cidrs.is_empty() && !vpc_cidrs.iter().any(|block| block.contains(&cidr)) {
                let blocks: Vec<String> = vpc_cidrs.iter().map(ToString::to_string).collect();
                let diagnostic = self.error(
                    "VAL004",
                    subnet.cidr.span,
                    format!(
                        "subnet `{}` block {cidr} is outside every block of its VPC ({})",
                        name.value,
                        blocks.join(", ")
                    ),
                );
                diagnostic.label = Some(format!("not inside {}", blocks.join(" or ")));
                if let Some(block) = vpc_cidrs.first()
                    && cidr.prefix_len() >= block.prefix_len()
                {
                    let host_bits = u32::from(cidr.network()) & !u32::from(block.netmask());
                    let moved = Ipv4Addr::from(u32::from(block.network()) | host_bits);
                    if let Ok(suggestion) = Ipv4Net::new(moved, cidr.prefix_len()) {
                        diagnostic.help = Some(format!(
                            "pick a block inside {block}, e.g. {}",
                            suggestion.trunc()
                        ));
                    }
                }
            }
            if let Some(region) = &region
                && !subnet.az.value.starts_with(region.as_str())
            {
                self.error(
                    "VAL006",
                    subnet.az.span,
                    format!(
                        "Availability Zone `{}` is not in region `{region}`",
                        subnet.az.value
                    ),
                )
                .help = Some(format!("AZ names look like `{region}a`"));
            }
            let ipv6_cidr = subnet
                .ipv6_cidr
                .as_ref()
                .and_then(|text| self.parse_v6_cidr(text, "subnet IPv6 block"));
            self.push_subnet(vpc_id, name, subnet, cidr, ipv6_cidr);
        }
    }

    pub(super) fn placeholder_subnet(
        &mut self,
        vpc_id: VpcId,
        name: &'d Loc<String>,
        subnet: &schema::Subnet,
    ) {
        let cidr = Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 32).unwrap_or_default();
        self.push_subnet(vpc_id, name, subnet, cidr, None);
    }

    pub(super) fn push_subnet(
        &mut self,
        vpc_id: VpcId,
        name: &'d Loc<String>,
        subnet: &schema::Subnet,
        cidr: Ipv4Net,
        ipv6_cidr: Option<Ipv6Net>,
    ) {
        let id = SubnetId::from_index(self.model.subnets.len());
        let main = self.model.vpcs[vpc_id.index()].main_route_table;
        let route_table = match &subnet.route_table {
            Some(reference) => self
                .lookup(vpc_id, reference, "route table", |n| &n.route_tables)
                .map(|rt| (rt, true))
                .unwrap_or((main, false)),
            None => (main, false),
        };
        self.model.subnets.push(Subnet {
            name: name.value.clone(),
            span: name.span,
            vpc: vpc_id,
            cidr,
            cidr_span: subnet.cidr.span,
            ipv6_cidr,
            az: subnet.az.value.clone(),
            az_id: subnet.az_id.as_ref().map(|id| id.value.clone()),
            public_ip_on_launch: subnet.public_ip_on_launch.as_ref().is_some_and(|p| p.value),
            assign_ipv6_on_creation: ipv6_cidr.is_some()
                && subnet
                    .assign_ipv6_address_on_creation
                    .as_ref()
                    .is_some_and(|p| p.value),
            route_table: route_table.0,
            route_table_explicit: route_table.1,
            network_acl: NaclId(0),
            enis: Vec::new(),
        });
        self.model.route_tables[route_table.0.index()]
            .subnets
            .push(id);
        self.names[vpc_id.index()]
            .subnets
            .insert(name.value.as_str(), id);
        self.model.vpcs[vpc_id.index()].subnets.push(id);
    }

    pub(super) fn cross_checks(&mut self) {
        // §1.9: subnets of a VPC must not overlap. Sort by start, sweep keeping the widest
        // open block: O(n log n), reports each overlapping pair against its cover.
        for vpc_index in 0..self.model.vpcs.len() {
            let mut subnets: Vec<SubnetId> = self.model.vpcs[vpc_index]
                .subnets
                .iter()
                .copied()
                .filter(|s| {
                    self.model.subnets[s.index()].cidr.prefix_len() < 32
                        || !self.model.subnets[s.index()]
                            .cidr
                            .network()
                            .is_unspecified()
                })
                .collect();
            subnets.sort_by_key(|s| {
                let cidr = self.model.subnets[s.index()].cidr;
                (u32::from(cidr.network()), cidr.prefix_len())
            });
            let mut open: Option<SubnetId> = None;
            for subnet in subnets {
                let cidr = self.model.subnets[subnet.index()].cidr;
                if let Some(cover) = open {
                    let cover_cidr = self.model.subnets[cover.index()].cidr;
                    if u32::from(cidr.network()) <= u32::from(cover_cidr.broadcast()) {
                        let (cover_name, cover_span) = (
                            self.model.subnets[cover.index()].name.clone(),
                            self.model.subnets[cover.index()].cidr_span,
                        );
                        let (name, span) = (
                            self.model.subnets[subnet.index()].name.clone(),
                            self.model.subnets[subnet.index()].cidr_span,
                        );
                        self.error("VAL005", span, format!("subnet `{name}` ({cidr}) overlaps subnet `{cover_name}` ({cover_cidr})"))
                            .related
                            .push(crate::diagnostic::Related { span: cover_span, label: format!("`{cover_name}` declared here") });
                        if u32::from(cidr.broadcast()) > u32::from(cover_cidr.broadcast()) {
                            open = Some(subnet);
                        }
                        continue;
                    }
                }
                open = Some(subnet);
            }
        }
    }
}

/// §1.7: which secondary blocks cannot be added next to a primary block.
fn rfc1918_mix_reason(primary: Ipv4Net, new: Ipv4Net) -> Option<String> {
    let range =
        |a: u8, b: u8, len: u8| Ipv4Net::new(Ipv4Addr::new(a, b, 0, 0), len).unwrap_or_default();
    let ten = range(10, 0, 8);
    let one72 = range(172, 16, 12);
    let one92 = range(192, 168, 16);
    let family = |net: Ipv4Net| [ten, one72, one92].into_iter().find(|f| f.contains(&net));
    match (family(primary), family(new)) {
        (Some(a), Some(b)) if a != b => Some(format!(
            "is in {b} while the primary block is in {a}; AWS does not mix RFC 1918 ranges in one VPC"
        )),
        _ => None,
    }
}
