//! From a [`Model`] to a [`Diagram`]: VPC › AZ › subnet boxes with their resources, gateways
//! and the internet outside, and one route edge per (subnet, target) labelled with the
//! destination prefixes.
//!
//! Ids are the arena indexes (`subnet_3`, `eni_12`, `igw_0`), so they are short (Mermaid's
//! 50,000-character cap counts every byte), unique, free of characters either format would
//! need to escape, and stable for a given design.

use std::collections::BTreeSet;

use vpcsim_model::addressing::usable_count;
use vpcsim_model::{
    EndpointKind, EniId, EniOwner, LbKind, LbScheme, Model, NatConnectivity, PublicIpKind,
    RouteDestination, RouteTarget, SubnetId, VpcId,
};

use super::{Diagram, Edge, EdgeStyle, End, Group, GroupKind, Item, Mark, Node, NodeKind};

/// Which part of the estate to draw. Empty lists draw everything.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    /// Draw these VPCs whole.
    pub(crate) vpcs: Vec<VpcId>,
    /// Draw these subnets (plus the subnets holding the NAT gateways and interfaces their
    /// routes lead to, so every edge has both ends).
    pub(crate) subnets: Vec<SubnetId>,
}

/// Things drawn outside the VPC boxes, in drawing order (the derived `Ord` is that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum External {
    Internet,
    InternetGateway(usize),
    EgressOnlyIgw(usize),
    VpnGateway(usize),
    GatewayEndpoint(usize),
    Peering(usize),
    TransitGateway(usize),
    Blackhole(usize),
}

impl External {
    fn id(self) -> String {
        match self {
            External::Internet => "internet".to_owned(),
            External::InternetGateway(i) => format!("igw_{i}"),
            External::EgressOnlyIgw(vpc) => format!("eigw_{vpc}"),
            External::VpnGateway(vpc) => format!("vgw_{vpc}"),
            External::GatewayEndpoint(i) => format!("gwe_{i}"),
            External::Peering(i) => format!("pcx_{i}"),
            External::TransitGateway(i) => format!("tgw_{i}"),
            External::Blackhole(vpc) => format!("blackhole_{vpc}"),
        }
    }
}

/// The id of the box of a VPC.
pub(super) fn vpc_id(vpc: VpcId) -> String {
    format!("vpc_{}", vpc.index())
}

/// The id of the box of a subnet.
pub(super) fn subnet_id(subnet: SubnetId) -> String {
    format!("subnet_{}", subnet.index())
}

/// The id of the node of an interface (every resource inside a subnet is drawn per interface).
pub(super) fn eni_id(eni: EniId) -> String {
    format!("eni_{}", eni.index())
}

/// The id of the internet node.
pub(super) const INTERNET_ID: &str = "internet";

/// The id of an internet gateway node.
pub(super) fn igw_id(index: usize) -> String {
    External::InternetGateway(index).id()
}

/// The id of a peering node.
pub(super) fn peering_id(index: usize) -> String {
    External::Peering(index).id()
}

/// The id of a transit gateway node.
pub(super) fn tgw_id(index: usize) -> String {
    External::TransitGateway(index).id()
}

/// The id of the blackhole node of a VPC.
pub(super) fn blackhole_id(vpc_index: usize) -> String {
    External::Blackhole(vpc_index).id()
}

/// The id of a gateway endpoint node.
pub(super) fn gateway_endpoint_id(index: usize) -> String {
    External::GatewayEndpoint(index).id()
}

/// The internet node, shared by [`build`] and the path overlay.
pub(super) fn internet_node() -> Node {
    Node {
        id: INTERNET_ID.to_owned(),
        kind: NodeKind::Internet,
        label: vec!["internet".to_owned()],
        mark: Mark::None,
    }
}

/// Draws the scoped part of the model.
pub(crate) fn build(model: &Model, scope: &Scope) -> Diagram {
    let subnet_drawn = drawn_subnets(model, scope);
    let vpc_drawn: Vec<bool> = (0..model.vpcs.len())
        .map(|vpc| {
            let id = VpcId::from_index(vpc);
            (scope.vpcs.is_empty() && scope.subnets.is_empty())
                || scope.vpcs.contains(&id)
                || model.vpcs[vpc]
                    .subnets
                    .iter()
                    .any(|subnet| subnet_drawn[subnet.index()])
        })
        .collect();

    let mut externals: BTreeSet<External> = BTreeSet::new();
    let mut edges: Vec<Edge> = Vec::new();

    // Route edges, VPC by VPC and subnet by subnet in declaration order.
    for (vpc_index, vpc) in model.vpcs.iter().enumerate() {
        if !vpc_drawn[vpc_index] {
            continue;
        }
        for &subnet in &vpc.subnets {
            if !subnet_drawn[subnet.index()] {
                continue;
            }
            for (target, prefixes) in grouped_routes(model, subnet) {
                let (to, style) = match target {
                    RouteTarget::Local => continue,
                    RouteTarget::InternetGateway(igw) => {
                        externals.insert(External::InternetGateway(igw.index()));
                        (End::Node(igw_id(igw.index())), EdgeStyle::Route)
                    }
                    RouteTarget::NatGateway(nat) => (
                        End::Node(eni_id(model.nat_gateway(nat).eni)),
                        EdgeStyle::Route,
                    ),
                    RouteTarget::Eni(eni) => (End::Node(eni_id(eni)), EdgeStyle::Route),
                    RouteTarget::Peering(peering) => {
                        externals.insert(External::Peering(peering.index()));
                        (End::Node(peering_id(peering.index())), EdgeStyle::Route)
                    }
                    RouteTarget::TransitGateway(tgw) => {
                        externals.insert(External::TransitGateway(tgw.index()));
                        (End::Node(tgw_id(tgw.index())), EdgeStyle::Route)
                    }
                    RouteTarget::GatewayEndpoint(endpoint) => {
                        externals.insert(External::GatewayEndpoint(endpoint.index()));
                        (
                            End::Node(gateway_endpoint_id(endpoint.index())),
                            EdgeStyle::Route,
                        )
                    }
                    RouteTarget::VpnGateway => {
                        let external = External::VpnGateway(vpc_index);
                        externals.insert(external);
                        (End::Node(external.id()), EdgeStyle::Route)
                    }
                    RouteTarget::EgressOnlyIgw => {
                        let external = External::EgressOnlyIgw(vpc_index);
                        externals.insert(external);
                        (End::Node(external.id()), EdgeStyle::Route)
                    }
                    RouteTarget::Blackhole => {
                        let external = External::Blackhole(vpc_index);
                        externals.insert(external);
                        (End::Node(external.id()), EdgeStyle::BlackholeRoute)
                    }
                };
                edges.push(Edge {
                    from: End::Group(subnet_id(subnet)),
                    to,
                    label: vec![prefixes.join(", ")],
                    style,
                });
            }
        }
    }

    // Attached gateways of drawn VPCs appear even when no drawn route uses them.
    for (vpc_index, vpc) in model.vpcs.iter().enumerate() {
        if !vpc_drawn[vpc_index] {
            continue;
        }
        if let Some(igw) = vpc.internet_gateway {
            externals.insert(External::InternetGateway(igw.index()));
        }
    }
    for (index, peering) in model.peerings.iter().enumerate() {
        if vpc_drawn[peering.requester.index()] || vpc_drawn[peering.accepter.index()] {
            externals.insert(External::Peering(index));
        }
    }
    for attachment in &model.tgw_attachments {
        if vpc_drawn[attachment.vpc.index()] {
            externals.insert(External::TransitGateway(attachment.tgw.index()));
        }
    }
    if externals
        .iter()
        .any(|e| matches!(e, External::InternetGateway(_) | External::EgressOnlyIgw(_)))
    {
        externals.insert(External::Internet);
    }

    // Links of the gateways, in external order.
    for external in &externals {
        match *external {
            External::InternetGateway(_) | External::EgressOnlyIgw(_) => edges.push(Edge {
                from: End::Node(external.id()),
                to: End::Node(INTERNET_ID.to_owned()),
                label: Vec::new(),
                style: EdgeStyle::Link,
            }),
            External::Peering(index) => {
                let peering = &model.peerings[index];
                for vpc in [peering.requester, peering.accepter] {
                    if vpc_drawn[vpc.index()] {
                        edges.push(Edge {
                            from: End::Node(external.id()),
                            to: End::Group(vpc_id(vpc)),
                            label: Vec::new(),
                            style: EdgeStyle::Link,
                        });
                    }
                }
            }
            External::TransitGateway(index) => {
                for attachment in &model.tgw_attachments {
                    if attachment.tgw.index() == index && vpc_drawn[attachment.vpc.index()] {
                        edges.push(Edge {
                            from: End::Node(external.id()),
                            to: End::Group(vpc_id(attachment.vpc)),
                            label: vec![attachment.name.clone()],
                            style: EdgeStyle::Link,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    let mut items: Vec<Item> = externals
        .iter()
        .map(|external| Item::Node(external_node(model, *external)))
        .collect();
    let mut standbys = standby_nodes(model, &subnet_drawn);
    for (vpc_index, _) in model.vpcs.iter().enumerate() {
        if vpc_drawn[vpc_index] {
            items.push(Item::Group(vpc_group(
                model,
                VpcId::from_index(vpc_index),
                &subnet_drawn,
                &mut standbys,
            )));
        }
    }
    Diagram { items, edges }
}

/// Which subnets to draw: the scope, closed over the subnets holding route targets.
fn drawn_subnets(model: &Model, scope: &Scope) -> Vec<bool> {
    if scope.vpcs.is_empty() && scope.subnets.is_empty() {
        return vec![true; model.subnets.len()];
    }
    let mut drawn = vec![false; model.subnets.len()];
    for vpc in &scope.vpcs {
        for subnet in &model.vpc(*vpc).subnets {
            drawn[subnet.index()] = true;
        }
    }
    for subnet in &scope.subnets {
        drawn[subnet.index()] = true;
    }
    // A route to a NAT gateway or an interface needs that node drawn: add its subnet, until
    // nothing changes (each round adds a subnet or stops, so this ends).
    loop {
        let mut added = false;
        for index in 0..drawn.len() {
            if !drawn[index] {
                continue;
            }
            let table = model.route_table(model.subnets[index].route_table);
            for route in &table.routes {
                let holder = match route.target {
                    RouteTarget::NatGateway(nat) => Some(model.nat_gateway(nat).subnet),
                    RouteTarget::Eni(eni) => Some(model.eni(eni).subnet),
                    _ => None,
                };
                if let Some(holder) = holder
                    && !drawn[holder.index()]
                {
                    drawn[holder.index()] = true;
                    added = true;
                }
            }
        }
        if !added {
            return drawn;
        }
    }
}

/// A subnet's non-local routes grouped by target, in the order targets first appear.
fn grouped_routes(model: &Model, subnet: SubnetId) -> Vec<(RouteTarget, Vec<String>)> {
    let table = model.route_table(model.subnet(subnet).route_table);
    let mut groups: Vec<(RouteTarget, Vec<String>)> = Vec::new();
    for route in &table.routes {
        if route.target == RouteTarget::Local {
            continue;
        }
        let prefix = match route.destination {
            RouteDestination::Cidr(cidr) => cidr.to_string(),
            RouteDestination::PrefixList(list) => {
                let list = model.prefix_list(list);
                if list.aws_managed {
                    // `com.amazonaws.<region>.s3` → `pl:s3`: the service is what people read.
                    format!("pl:{}", list.name.rsplit('.').next().unwrap_or(&list.name))
                } else {
                    format!("pl:{}", list.name)
                }
            }
        };
        match groups
            .iter_mut()
            .find(|(target, _)| *target == route.target)
        {
            Some((_, prefixes)) => prefixes.push(prefix),
            None => groups.push((route.target, vec![prefix])),
        }
    }
    groups
}

fn external_node(model: &Model, external: External) -> Node {
    let (kind, label) = match external {
        External::Internet => return internet_node(),
        External::InternetGateway(i) => (
            NodeKind::InternetGateway,
            vec![
                model.internet_gateways[i].name.clone(),
                "internet gateway".to_owned(),
            ],
        ),
        External::EgressOnlyIgw(vpc) => (
            NodeKind::EgressOnlyIgw,
            vec![
                model.vpcs[vpc]
                    .egress_only_igw
                    .clone()
                    .unwrap_or_else(|| format!("{} eigw", model.vpcs[vpc].name)),
                "egress-only internet gateway".to_owned(),
            ],
        ),
        External::VpnGateway(vpc) => (
            NodeKind::VpnGateway,
            vec![
                model.vpcs[vpc]
                    .vpn_gateway
                    .clone()
                    .unwrap_or_else(|| format!("{} vgw", model.vpcs[vpc].name)),
                match &model.vpcs[vpc].vpn_routes {
                    Some(routes) if !routes.is_empty() => format!(
                        "VPN gateway to on-premises {}",
                        routes
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    _ => "VPN gateway (beyond: not modelled)".to_owned(),
                },
            ],
        ),
        External::GatewayEndpoint(i) => {
            let endpoint = &model.endpoints[i];
            (
                NodeKind::GatewayEndpoint,
                vec![
                    endpoint.name.clone(),
                    format!(
                        "gateway endpoint {} · {}",
                        endpoint.service,
                        model.vpc(endpoint.vpc).name
                    ),
                ],
            )
        }
        External::Peering(i) => {
            let peering = &model.peerings[i];
            let mut second = format!(
                "peering {} ↔ {}",
                model.vpc(peering.requester).name,
                model.vpc(peering.accepter).name
            );
            if !peering.is_active {
                second.push_str(&format!(" ({})", peering.status));
            }
            (NodeKind::Peering, vec![peering.name.clone(), second])
        }
        External::TransitGateway(i) => (
            NodeKind::TransitGateway,
            vec![
                model.transit_gateways[i].name.clone(),
                "transit gateway".to_owned(),
            ],
        ),
        External::Blackhole(vpc) => (
            NodeKind::Blackhole,
            vec![
                "blackhole".to_owned(),
                format!("dropped in {}", model.vpcs[vpc].name),
            ],
        ),
    };
    Node {
        id: external.id(),
        kind,
        label,
        mark: Mark::None,
    }
}

fn vpc_group(
    model: &Model,
    vpc: VpcId,
    subnet_drawn: &[bool],
    standbys: &mut [Vec<Item>],
) -> Group {
    let record = model.vpc(vpc);
    let cidrs: Vec<String> = record.cidrs.iter().map(ToString::to_string).collect();
    let mut label = format!("VPC {}", record.name);
    if !cidrs.is_empty() {
        label.push_str(&format!(" · {}", cidrs.join(", ")));
    }
    // AZs in the order their first subnet is declared.
    let mut azs: Vec<&str> = Vec::new();
    for subnet in &record.subnets {
        let az = model.subnet(*subnet).az.as_str();
        if subnet_drawn[subnet.index()] && !azs.contains(&az) {
            azs.push(az);
        }
    }
    let items = azs
        .iter()
        .enumerate()
        .map(|(az_index, az)| {
            let subnets = record
                .subnets
                .iter()
                .filter(|s| subnet_drawn[s.index()] && model.subnet(**s).az == *az)
                .map(|s| Item::Group(subnet_group(model, *s, &mut standbys[s.index()])))
                .collect();
            Item::Group(Group {
                id: format!("vpc_{}_az_{az_index}", vpc.index()),
                kind: GroupKind::Az,
                label: if az.is_empty() {
                    "(no AZ)".to_owned()
                } else {
                    (*az).to_owned()
                },
                items: subnets,
                mark: Mark::None,
            })
        })
        .collect();
    Group {
        id: vpc_id(vpc),
        kind: GroupKind::Vpc,
        label,
        items,
        mark: Mark::None,
    }
}

fn subnet_group(model: &Model, subnet: SubnetId, standbys: &mut Vec<Item>) -> Group {
    let record = model.subnet(subnet);
    let mut items: Vec<Item> = record
        .enis
        .iter()
        .map(|eni| Item::Node(eni_node(model, *eni)))
        .collect();
    items.append(standbys);
    let usable = usable_count(record.cidr.prefix_len());
    Group {
        id: subnet_id(subnet),
        kind: if model.is_public_subnet(subnet) {
            GroupKind::PublicSubnet
        } else {
            GroupKind::PrivateSubnet
        },
        label: format!("{} {} · {usable} usable", record.name, record.cidr),
        items,
        mark: Mark::None,
    }
}

/// Databases and caches are drawn where their interface is, and as a dashed "standby" in the
/// other subnets of their subnet group (where AWS may place them on failover). One pass over
/// databases and caches, indexed by subnet, so big estates stay linear.
fn standby_nodes(model: &Model, subnet_drawn: &[bool]) -> Vec<Vec<Item>> {
    let mut standbys: Vec<Vec<Item>> = vec![Vec::new(); model.subnets.len()];
    let databases = model.databases.iter().enumerate().map(|(index, db)| {
        let id = format!("db_{index}");
        (id, &db.name, &db.subnets, db.eni, "RDS subnet group")
    });
    let caches = model.caches.iter().enumerate().map(|(index, cache)| {
        let id = format!("cache_{index}");
        (
            id,
            &cache.name,
            &cache.subnets,
            cache.eni,
            "ElastiCache subnet group",
        )
    });
    for (id, name, subnets, eni, what) in databases.chain(caches) {
        for subnet in subnets {
            if subnet_drawn[subnet.index()] && model.eni(eni).subnet != *subnet {
                standbys[subnet.index()].push(standby(
                    format!("{id}_{}", subnet_id(*subnet)),
                    name,
                    what,
                ));
            }
        }
    }
    standbys
}

fn standby(id: String, name: &str, what: &str) -> Item {
    Item::Node(Node {
        id,
        kind: NodeKind::Standby,
        label: vec![name.to_owned(), what.to_owned()],
        mark: Mark::None,
    })
}

fn eni_node(model: &Model, eni: EniId) -> Node {
    let record = model.eni(eni);
    let public = match record.public_ip {
        Some(ip) => match ip.kind {
            PublicIpKind::Elastic => " + Elastic IP",
            PublicIpKind::AutoAssigned => " + public IP",
            PublicIpKind::Service => " + public",
        },
        None => "",
    };
    let (kind, name, what) = match record.owner {
        EniOwner::Instance(instance) => {
            let instance = model.instance(instance);
            let name = if instance.primary_eni == eni {
                instance.name.clone()
            } else {
                record.name.clone()
            };
            (
                NodeKind::Instance,
                name,
                format!("EC2 {}{public}", record.private_ip),
            )
        }
        EniOwner::Standalone => (
            NodeKind::Eni,
            record.name.clone(),
            format!("ENI {}{public}", record.private_ip),
        ),
        EniOwner::NatGateway(nat) => {
            let nat = model.nat_gateway(nat);
            let connectivity = match nat.connectivity {
                NatConnectivity::Public => "public",
                NatConnectivity::Private => "private",
            };
            (
                NodeKind::NatGateway,
                nat.name.clone(),
                format!("NAT gateway ({connectivity}) {}", record.private_ip),
            )
        }
        EniOwner::LoadBalancer(lb) => {
            let lb = model.load_balancer(lb);
            let kind = match lb.kind {
                LbKind::Application => "ALB",
                LbKind::Network => "NLB",
            };
            let scheme = match lb.scheme {
                LbScheme::InternetFacing => "internet-facing",
                LbScheme::Internal => "internal",
            };
            let ports: Vec<String> = lb
                .listeners
                .iter()
                .map(|listener| listener.port.to_string())
                .collect();
            let mut what = format!("{kind} {scheme}");
            if !ports.is_empty() {
                what.push_str(&format!(" :{}", ports.join(",")));
            }
            (NodeKind::LoadBalancer, lb.name.clone(), what)
        }
        EniOwner::Database(db) => {
            let db = model.database(db);
            (
                NodeKind::Database,
                db.name.clone(),
                format!(
                    "RDS {}:{} {}{public}",
                    db.engine, db.port, record.private_ip
                ),
            )
        }
        EniOwner::Cache(cache) => {
            let cache = model.cache(cache);
            (
                NodeKind::Cache,
                cache.name.clone(),
                format!(
                    "ElastiCache {}:{} {}",
                    cache.engine, cache.port, record.private_ip
                ),
            )
        }
        EniOwner::Endpoint(endpoint) => {
            let endpoint = model.endpoint(endpoint);
            let kind = match endpoint.kind {
                EndpointKind::Interface => "interface endpoint",
                EndpointKind::Gateway => "gateway endpoint",
            };
            (
                NodeKind::InterfaceEndpoint,
                endpoint.name.clone(),
                format!("{kind} {} {}", endpoint.service, record.private_ip),
            )
        }
    };
    Node {
        id: eni_id(eni),
        kind,
        label: vec![name, what],
        mark: Mark::None,
    }
}
