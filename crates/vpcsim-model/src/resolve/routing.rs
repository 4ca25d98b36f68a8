//! Route tables, their routes and the gateways routes point at (NAT gateways here; internet,
//! egress-only and VPN gateways are attributes of the VPC).
//!
//! Tables are created as shells with their local routes before subnets are resolved (a subnet
//! names its table); the routes themselves are resolved after every resource exists, because a
//! route may target any of them (docs/semantics.md §2, §4).

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};
use rustc_hash::FxHashMap;

use super::Resolver;
use crate::filter::PortRange;
use crate::ids::*;
use crate::model::*;
use crate::schema::{self, FlagOrText};
use crate::span::{Loc, Span};

impl<'d> Resolver<'d> {
    pub(super) fn route_table_shells(
        &mut self,
        vpc_id: VpcId,
        vpc_name: &Loc<String>,
        vpc: &'d schema::Vpc,
    ) {
        let mut main: Option<(RouteTableId, Span)> = None;
        for (name, table) in &vpc.route_tables {
            let id = RouteTableId::from_index(self.model.route_tables.len());
            let is_main = table.main.as_ref().is_some_and(|m| m.value)
                || (name.value == "main" && table.main.is_none());
            if is_main {
                if let Some((_, first)) = main {
                    self.error(
                        "VAL020",
                        table.main.as_ref().map_or(name.span, |m| m.span),
                        format!(
                            "VPC `{}` has two main route tables; a VPC has exactly one (§2.2)",
                            vpc_name.value
                        ),
                    )
                    .related
                    .push(crate::diagnostic::Related {
                        span: first,
                        label: "main table declared here".into(),
                    });
                } else {
                    main = Some((id, name.span));
                }
            }
            self.model.route_tables.push(RouteTable {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                is_main: false,
                declared: true,
                routes: self.local_routes(vpc_id),
                subnets: Vec::new(),
            });
            self.names[vpc_id.index()]
                .route_tables
                .insert(name.value.as_str(), id);
            self.model.vpcs[vpc_id.index()].route_tables.push(id);
        }
        let main_id = match main {
            Some((id, _)) => id,
            None => {
                // §2.2: the VPC always has a main table, with only local routes at first.
                let id = RouteTableId::from_index(self.model.route_tables.len());
                self.model.route_tables.push(RouteTable {
                    name: "main".into(),
                    span: vpc_name.span,
                    vpc: vpc_id,
                    is_main: true,
                    declared: false,
                    routes: self.local_routes(vpc_id),
                    subnets: Vec::new(),
                });
                self.names[vpc_id.index()].route_tables.insert("main", id);
                self.model.vpcs[vpc_id.index()].route_tables.push(id);
                id
            }
        };
        self.model.route_tables[main_id.index()].is_main = true;
        self.model.vpcs[vpc_id.index()].main_route_table = main_id;
    }

    /// §2.3: one local route per VPC block (and IPv6 block) in every table.
    pub(super) fn local_routes(&self, vpc_id: VpcId) -> Vec<Route> {
        let vpc = &self.model.vpcs[vpc_id.index()];
        let mut routes: Vec<Route> = vpc
            .cidrs
            .iter()
            .map(|cidr| Route {
                destination: RouteDestination::Cidr(IpNet::V4(*cidr)),
                target: RouteTarget::Local,
                span: Span::UNKNOWN,
            })
            .collect();
        if let Some(v6) = vpc.ipv6_cidr {
            routes.push(Route {
                destination: RouteDestination::Cidr(IpNet::V6(v6)),
                target: RouteTarget::Local,
                span: Span::UNKNOWN,
            });
        }
        routes
    }

    pub(super) fn nat_gateways(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, nat) in &vpc.nat_gateways {
            let Some(subnet) = self.subnet_ref(vpc_id, &nat.subnet) else {
                continue;
            };
            let connectivity = match nat
                .connectivity
                .as_ref()
                .map(|c| c.value.to_ascii_lowercase())
            {
                None => NatConnectivity::Public,
                Some(c) if c == "public" => NatConnectivity::Public,
                Some(c) if c == "private" => NatConnectivity::Private,
                Some(other) => {
                    let span = nat.connectivity.as_ref().map_or(name.span, |c| c.span);
                    self.error(
                        "VAL001",
                        span,
                        format!("NAT gateway connectivity `{other}` is neither public nor private"),
                    );
                    NatConnectivity::Public
                }
            };
            if connectivity == NatConnectivity::Public
                && self.model.vpcs[vpc_id.index()].internet_gateway.is_none()
            {
                // §4.7: AWS answers "Network vpc-… has no internet gateway attached".
                self.error(
                    "VAL051",
                    name.span,
                    format!("public NAT gateway `{}` in a VPC with no internet gateway; AWS refuses it (\"network has no internet gateway attached\")", name.value),
                )
                .help = Some("attach an internet gateway (`internet_gateway:` on the VPC) or use `connectivity: private`".into());
            }
            let id = NatId::from_index(self.model.nat_gateways.len());
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                EniOwner::NatGateway(id),
                vpc_id,
                subnet,
                nat.private_ip.as_ref(),
                Vec::new(),
                PortRange::AWS_EPHEMERAL,
            );
            self.model.enis[eni.index()].source_dest_check = false;
            if connectivity == NatConnectivity::Public {
                let address = match &nat.elastic_ip {
                    Some(text) => self.parse_ip(text, "NAT gateway Elastic IP"),
                    None => None,
                };
                let value = match address {
                    Some(address) => FlagOrText::Text(address.to_string()),
                    None => FlagOrText::Flag(true),
                };
                let span = nat.elastic_ip.as_ref().map_or(name.span, |e| e.span);
                self.attach_elastic_ip(vpc_id, eni, &Loc::at(value, span));
            } else if let Some(eip) = &nat.elastic_ip {
                self.error(
                    "VAL051",
                    eip.span,
                    "a private NAT gateway has no Elastic IP (§4.1)",
                );
            }
            self.model.nat_gateways.push(NatGateway {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                subnet,
                connectivity,
                eni,
            });
            self.names[vpc_id.index()]
                .nat_gateways
                .insert(name.value.as_str(), id);
        }
    }

    pub(super) fn routes(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, table) in &vpc.route_tables {
            let Some(table_id) = self.names[vpc_id.index()]
                .route_tables
                .get(name.value.as_str())
                .copied()
            else {
                continue;
            };
            let mut seen: FxHashMap<RouteDestination, Span> = FxHashMap::default();
            for route in &table.routes {
                let Some(destination) = self.route_destination(&route.to) else {
                    continue;
                };
                let Some(target) = self.route_target(vpc_id, &route.via) else {
                    continue;
                };
                if let Some(first) = seen.get(&destination) {
                    let first = *first;
                    self.error(
                        "VAL020",
                        route.to.span,
                        format!(
                            "route table `{}` has two routes to {}",
                            name.value, route.to.value
                        ),
                    )
                    .related
                    .push(crate::diagnostic::Related {
                        span: first,
                        label: "first route here".into(),
                    });
                    continue;
                }
                seen.insert(destination, route.to.span);
                self.check_route_rules(vpc_id, &route.value, destination, target);
                self.model.route_tables[table_id.index()]
                    .routes
                    .push(Route {
                        destination,
                        target,
                        span: route.span,
                    });
            }
        }
    }

    pub(super) fn route_destination(&mut self, to: &Loc<String>) -> Option<RouteDestination> {
        if let Some(list) = to.value.strip_prefix("pl:") {
            return match self.prefix_list_names.get(list) {
                Some(id) => Some(RouteDestination::PrefixList(*id)),
                None => {
                    let mut candidates: Vec<String> =
                        self.prefix_list_names.keys().cloned().collect();
                    candidates.sort();
                    self.dangling(
                        &Loc::at(list.to_owned(), to.span),
                        "prefix list",
                        candidates.iter().map(String::as_str),
                    );
                    None
                }
            };
        }
        self.parse_any_cidr(to, "route destination")
            .map(RouteDestination::Cidr)
    }

    pub(super) fn route_target(&mut self, vpc_id: VpcId, via: &Loc<String>) -> Option<RouteTarget> {
        let name = via.value.as_str();
        match name {
            "blackhole" => return Some(RouteTarget::Blackhole),
            "local" => return Some(RouteTarget::Local),
            _ => {}
        }
        let vpc = &self.model.vpcs[vpc_id.index()];
        let names = &self.names[vpc_id.index()];
        let mut found: Vec<RouteTarget> = Vec::new();
        if let Some(igw) = vpc.internet_gateway
            && self.model.internet_gateways[igw.index()].name == name
        {
            found.push(RouteTarget::InternetGateway(igw));
        }
        if vpc.egress_only_igw.as_deref() == Some(name) {
            found.push(RouteTarget::EgressOnlyIgw);
        }
        if vpc.vpn_gateway.as_deref() == Some(name) {
            found.push(RouteTarget::VpnGateway);
        }
        if let Some(nat) = names.nat_gateways.get(name) {
            found.push(RouteTarget::NatGateway(*nat));
        }
        if let Some(instance) = names.instances.get(name) {
            found.push(RouteTarget::Eni(
                self.model.instances[instance.index()].primary_eni,
            ));
        }
        if let Some(eni) = names.enis.get(name) {
            found.push(RouteTarget::Eni(*eni));
        }
        if let Some(endpoint) = names.endpoints.get(name) {
            found.push(RouteTarget::GatewayEndpoint(*endpoint));
        }
        let peering = self.peering_names.get(name).copied();
        if let Some(peering) = peering {
            found.push(RouteTarget::Peering(peering));
        }
        let tgw = self.tgw_names.get(name).copied();
        if let Some(tgw) = tgw {
            found.push(RouteTarget::TransitGateway(tgw));
        }
        match found.as_slice() {
            [RouteTarget::Peering(peering)] => {
                let peering = &self.model.peerings[peering.index()];
                if peering.other_side(vpc_id).is_none() {
                    let here = self.model.vpcs[vpc_id.index()].name.clone();
                    self.error("VAL021", via.span, format!("peering `{name}` does not involve VPC `{here}`; a route can only use a peering of its own VPC"));
                    return None;
                }
                Some(found[0])
            }
            [RouteTarget::TransitGateway(tgw)] => {
                let attached = self
                    .document
                    .transit_gateways
                    .get_index(tgw.index())
                    .is_some_and(|(_, t)| {
                        t.attachments
                            .values()
                            .any(|a| self.vpc_names.get(a.vpc.value.as_str()) == Some(&vpc_id))
                    });
                if !attached {
                    let here = self.model.vpcs[vpc_id.index()].name.clone();
                    self.error("VAL021", via.span, format!("transit gateway `{name}` has no attachment in VPC `{here}`; AWS refuses a route to it"));
                    return None;
                }
                Some(found[0])
            }
            [one] => Some(*one),
            [] => {
                if let Some((other_vpc, _)) = name.split_once('/') {
                    self.error(
                        "VAL021",
                        via.span,
                        format!("route target `{name}` is in VPC `{other_vpc}`; routes reach other VPCs only through a peering or a transit gateway"),
                    )
                    .help = Some("route to the peering connection (by its name) instead".into());
                    return None;
                }
                let elsewhere = (0..self.names.len())
                    .filter(|other| *other != vpc_id.index())
                    .find(|other| {
                        let names = &self.names[*other];
                        names.nat_gateways.contains_key(name)
                            || names.instances.contains_key(name)
                            || names.enis.contains_key(name)
                            || names.endpoints.contains_key(name)
                            || self.model.vpcs[*other].internet_gateway.is_some_and(|igw| {
                                self.model.internet_gateways[igw.index()].name == name
                            })
                    });
                if let Some(other) = elsewhere {
                    let there = self.model.vpcs[other].name.clone();
                    self.error(
                        "VAL021",
                        via.span,
                        format!("route target `{name}` is in VPC `{there}`; a route table can only send traffic to its own VPC's gateways and interfaces (§9.3: no edge-to-edge routing)"),
                    )
                    .help = Some("to reach that VPC, peer the two VPCs (or attach both to a transit gateway) and route to the peering".into());
                    return None;
                }
                let mut candidates: Vec<String> = Vec::new();
                candidates.extend(
                    vpc.internet_gateway
                        .map(|igw| self.model.internet_gateways[igw.index()].name.clone()),
                );
                candidates.extend(names.nat_gateways.keys().map(|k| k.to_string()));
                candidates.extend(names.instances.keys().map(|k| k.to_string()));
                candidates.extend(names.enis.keys().map(|k| k.to_string()));
                candidates.extend(self.peering_names.keys().cloned());
                candidates.extend(self.tgw_names.keys().cloned());
                candidates.sort();
                self.dangling(via, "route target", candidates.iter().map(String::as_str));
                None
            }
            _ => {
                self.error(
                    "REF003",
                    via.span,
                    format!("route target `{name}` is ambiguous: several resources have this name"),
                );
                None
            }
        }
    }

    /// AWS's route-table rules (§2.4, §2.12, §9.8).
    pub(super) fn check_route_rules(
        &mut self,
        vpc_id: VpcId,
        route: &schema::Route,
        destination: RouteDestination,
        target: RouteTarget,
    ) {
        let RouteDestination::Cidr(cidr) = destination else {
            return;
        };
        let span = route.to.span;
        match cidr {
            IpNet::V4(cidr) => {
                if matches!(target, RouteTarget::EgressOnlyIgw) {
                    self.error(
                        "VAL020",
                        route.via.span,
                        "an egress-only internet gateway carries IPv6 only (§9.8)",
                    );
                }
                // §2.12: nothing equal to or inside 169.254.168.0/22.
                if let Ok(forbidden) = Ipv4Net::new(Ipv4Addr::new(169, 254, 168, 0), 22)
                    && forbidden.contains(&cidr)
                {
                    self.error(
                        "VAL020",
                        span,
                        format!(
                            "AWS refuses routes to {cidr}: it is inside 169.254.168.0/22 (§2.12)"
                        ),
                    );
                }
                let vpc = &self.model.vpcs[vpc_id.index()];
                let Some(block) = vpc
                    .cidrs
                    .iter()
                    .find(|block| block.contains(&cidr))
                    .copied()
                else {
                    return;
                };
                if block == cidr && target != RouteTarget::Local {
                    // A route equal to a VPC block replaces the local target: only ENI/GWLB allowed (§2.3).
                    if !matches!(target, RouteTarget::Eni(_)) {
                        self.error("VAL020", span, format!("a route to the whole VPC block {cidr} must keep target local or point at a network interface (§2.3)"));
                    }
                    return;
                }
                if block != cidr {
                    // §2.4: more specific than local only for an exact subnet CIDR, to a NAT GW or ENI.
                    let is_subnet = vpc
                        .subnets
                        .iter()
                        .any(|s| self.model.subnets[s.index()].cidr == cidr);
                    let target_ok =
                        matches!(target, RouteTarget::NatGateway(_) | RouteTarget::Eni(_));
                    if !is_subnet || !target_ok {
                        self.error(
                            "VAL020",
                            span,
                            format!("route to {cidr} is more specific than the local route {block}; AWS allows that only for an exact subnet CIDR pointing at a NAT gateway or network interface (§2.4)"),
                        );
                    }
                }
            }
            IpNet::V6(v6) => {
                // §16.4: a NAT gateway translates IPv6 only for the NAT64 prefix.
                let nat64: ipnet::Ipv6Net = "64:ff9b::/96".parse().unwrap_or_default();
                if matches!(target, RouteTarget::NatGateway(_)) && !nat64.contains(&v6) {
                    self.warning(
                        "VAL020",
                        span,
                        format!("an IPv6 route to a NAT gateway translates only 64:ff9b::/96 (NAT64, §16.4); traffic to the rest of {v6} is dropped there"),
                    )
                    .help = Some("route IPv6 internet traffic (`::/0`) to an egress-only internet gateway".into());
                }
            }
        }
    }
}
