//! The named, serializable view of an [`Answer`]: the documented JSON shape of `vpcsim reach`
//! (`docs/reach.md`) and what snapshots record.
//!
//! The engine's [`Answer`] holds ids so the query path never formats; this module resolves
//! them once, after the fact: component names and resource addresses, the text of the
//! admitting rule (`tcp 8081-8082 from sg:alb`) with its source position, and for each blocker
//! a one-line message and a `help` line. Field names are snake_case and stable; new fields may
//! be added, existing ones are never renamed.

use serde::Serialize;
use vpcsim_model::{
    EniOwner, Model, NaclAction, NaclEntry, PortRange, Protocol, Resource, RouteDestination,
    RouteTarget, SgId, SgPeer, SgRule, Span, TgwRouteTarget, VpcId,
};

use crate::answer::{
    Answer, Blocker, Component, Direction, Flow, Header, Hop, RuleRef, Step, Verdict,
};
use crate::code::Code;
use crate::query::{Query, QueryEndpoint};

/// An answer with names resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerView {
    /// `reachable`, `exits_to_on_premises` or `blocked` (docs/reach.md, "Verdicts").
    pub verdict: &'static str,
    /// How a delivered path ends when it is not at an interface of the design: `internet`,
    /// `on_premises` (through the VPN gateway) or `gateway_endpoint` (a service reached by its
    /// endpoint route); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit: Option<&'static str>,
    /// The question.
    pub query: QueryView,
    /// Forward hops.
    pub forward: Vec<HopView>,
    /// Return hops.
    pub return_path: Vec<HopView>,
    /// Every blocking setting on the shown path.
    pub blocked_by: Vec<BlockerView>,
    /// Features on the path vpcsim does not evaluate.
    pub not_modelled: Vec<&'static str>,
    /// Candidate paths evaluated (source ENI × destination address; evaluation stops at the
    /// first that delivers).
    pub paths_considered: u32,
    /// What blocks the load balancer's health check of the delivering target on its own
    /// port (informational; see `Answer::health_check_blocked_by`).
    pub health_check_blocked_by: Vec<BlockerView>,
}

/// The question, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryView {
    /// Source endpoint.
    pub from: String,
    /// Destination endpoint.
    pub to: String,
    /// Protocol.
    pub protocol: String,
    /// Destination port, when given.
    pub port: Option<u16>,
    /// `ipv6` for an IPv6 question (§16); absent for IPv4.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<&'static str>,
    /// `single_packet` for an any-protocol question (`--proto 0`, or `all` with a port): one
    /// packet that only rules for every protocol match (docs/semantics.md §15.10); absent
    /// otherwise. The symbolic answer over every protocol says `every_protocol` instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any_protocol: Option<&'static str>,
}

/// A component with its name and logical address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentView {
    /// Kind: `internet`, `eni`, `subnet`, `route_table`, `vpc`, `internet_gateway`,
    /// `nat_gateway`, `load_balancer`, `target_group`, `peering`, `transit_gateway`,
    /// `tgw_attachment`, `tgw_route_table`, `endpoint`.
    pub kind: &'static str,
    /// Name as written in the design (`web@public-a` for a load-balancer node).
    pub name: String,
    /// Logical address, e.g. `vpc/devloop/subnet/public-a`.
    pub address: String,
}

/// A packet header as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderView {
    /// Protocol (`tcp`, `udp`, `icmp`, `all` or a number).
    pub protocol: String,
    /// Source address.
    pub src: String,
    /// Source port(s).
    pub src_ports: String,
    /// Destination address.
    pub dst: String,
    /// Destination port(s).
    pub dst_ports: String,
}

/// The item that decided a hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleView {
    /// `sg_rule`, `nacl_entry`, `route`, `tgw_route`, `listener`, `target`.
    pub kind: &'static str,
    /// The owner's name (security group, NACL, route table, load balancer, target group).
    pub owner: String,
    /// The rule as text, e.g. `tcp 8081-8082 from sg:alb` or `100 allow all from 0.0.0.0/0`.
    pub text: String,
    /// Whether AWS created it implicitly (default SG rules, local routes, the `*` NACL entry).
    pub implicit: bool,
    /// Line in the design file (absent when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Column in the design file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

/// One hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HopView {
    /// Where.
    pub component: ComponentView,
    /// What happened (snake_case [`Step`] name).
    pub step: &'static str,
    /// The header leaving the hop.
    pub packet: HeaderView,
    /// The header before a translation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<HeaderView>,
    /// The admitting (or blocking) item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleView>,
    /// Whether the hop blocked the packet.
    pub blocked: bool,
}

/// One blocker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockerView {
    /// Explanation code.
    pub code: &'static str,
    /// Whether Reachability Analyzer has this code (else it is vpcsim's).
    pub reachability_analyzer_code: bool,
    /// `forward` or `return`.
    pub direction: &'static str,
    /// The dropping component.
    pub component: ComponentView,
    /// The deciding item, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleView>,
    /// Refused ports of the client's ephemeral range (return-path NACLs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<String>,
    /// The dropped header.
    pub packet: HeaderView,
    /// What is wrong, one line.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl AnswerView {
    /// Resolves an answer against its model.
    pub fn new(model: &Model, query: &Query, answer: &Answer) -> AnswerView {
        AnswerView {
            verdict: match answer.verdict {
                Verdict::Reachable => "reachable",
                Verdict::ExitsToOnPremises => "exits_to_on_premises",
                Verdict::Blocked => "blocked",
            },
            exit: exit_of(answer),
            query: QueryView {
                from: endpoint_text(model, query.from),
                to: endpoint_text(model, query.to),
                protocol: protocol_text(query.protocol),
                port: query.port,
                any_protocol: matches!(query.protocol, Protocol::All | Protocol::Number(0))
                    .then_some("single_packet"),
                family: match crate::query::endpoint_family(query.from, query.to) {
                    Ok(Some(crate::Family::V6)) => Some("ipv6"),
                    Ok(None) if query.family == crate::Family::V6 => Some("ipv6"),
                    _ => None,
                },
            },
            forward: answer
                .forward
                .iter()
                .map(|hop| hop_view(model, hop))
                .collect(),
            return_path: answer
                .return_path
                .iter()
                .map(|hop| hop_view(model, hop))
                .collect(),
            blocked_by: answer
                .blocked_by
                .iter()
                .map(|blocker| blocker_view(model, blocker))
                .collect(),
            not_modelled: answer.not_modelled.iter().map(|n| n.as_str()).collect(),
            paths_considered: answer.paths_considered,
            health_check_blocked_by: answer
                .health_check_blocked_by
                .iter()
                .map(|blocker| blocker_view(model, blocker))
                .collect(),
        }
    }
}

/// How a delivered answer's forward path ends, when outside the design's interfaces.
fn exit_of(answer: &Answer) -> Option<&'static str> {
    if !answer.is_reachable() {
        return None;
    }
    match answer.forward.last().map(|hop| hop.step) {
        Some(Step::ToInternet) => Some("internet"),
        Some(Step::ToOnPremises) => Some("on_premises"),
        Some(Step::GatewayEndpoint) => Some("gateway_endpoint"),
        _ => None,
    }
}

fn endpoint_text(model: &Model, endpoint: QueryEndpoint) -> String {
    match endpoint {
        QueryEndpoint::Internet => "internet".to_owned(),
        QueryEndpoint::Service(service) => service.as_str().to_owned(),
        QueryEndpoint::Address(address) => address.to_string(),
        QueryEndpoint::Resource(resource) => model.resource_name(resource).to_owned(),
    }
}

fn protocol_text(protocol: Protocol) -> String {
    protocol.to_string()
}

fn vpc_name(model: &Model, vpc: VpcId) -> &str {
    &model.vpc(vpc).name
}

/// Name, kind and logical address of a component.
pub fn component_view(model: &Model, component: Component) -> ComponentView {
    let (kind, name, vpc, segment): (&'static str, String, Option<VpcId>, &'static str) =
        match component {
            Component::Internet => ("internet", "internet".to_owned(), None, ""),
            Component::Eni(id) => {
                let eni = model.eni(id);
                let segment = match eni.owner {
                    EniOwner::Instance(_) => "instance",
                    EniOwner::Standalone => "eni",
                    EniOwner::NatGateway(_) => "nat_gateway",
                    EniOwner::LoadBalancer(_) => "load_balancer_node",
                    EniOwner::Database(_) => "database",
                    EniOwner::Cache(_) => "cache",
                    EniOwner::Endpoint(_) => "endpoint",
                };
                ("eni", eni.name.clone(), Some(eni.vpc), segment)
            }
            Component::Subnet(id) => {
                let subnet = model.subnet(id);
                ("subnet", subnet.name.clone(), Some(subnet.vpc), "subnet")
            }
            Component::RouteTable(id) => {
                let table = model.route_table(id);
                (
                    "route_table",
                    table.name.clone(),
                    Some(table.vpc),
                    "route_table",
                )
            }
            Component::Vpc(id) => ("vpc", model.vpc(id).name.clone(), None, "vpc"),
            Component::InternetGateway(id) => {
                let igw = model.internet_gateway(id);
                (
                    "internet_gateway",
                    igw.name.clone(),
                    Some(igw.vpc),
                    "internet_gateway",
                )
            }
            Component::NatGateway(id) => {
                let nat = model.nat_gateway(id);
                (
                    "nat_gateway",
                    nat.name.clone(),
                    Some(nat.vpc),
                    "nat_gateway",
                )
            }
            Component::LoadBalancer(id) => {
                let lb = model.load_balancer(id);
                (
                    "load_balancer",
                    lb.name.clone(),
                    Some(lb.vpc),
                    "load_balancer",
                )
            }
            Component::TargetGroup(id) => {
                let tg = model.target_group(id);
                (
                    "target_group",
                    tg.name.clone(),
                    Some(tg.vpc),
                    "target_group",
                )
            }
            Component::Peering(id) => ("peering", model.peering(id).name.clone(), None, "peering"),
            Component::TransitGateway(id) => (
                "transit_gateway",
                model.transit_gateway(id).name.clone(),
                None,
                "transit_gateway",
            ),
            Component::TgwAttachment(id) => {
                let attachment = model.tgw_attachment(id);
                let tgw = &model.transit_gateway(attachment.tgw).name;
                return ComponentView {
                    kind: "tgw_attachment",
                    name: attachment.name.clone(),
                    address: format!("transit_gateway/{tgw}/attachment/{}", attachment.name),
                };
            }
            Component::TgwRouteTable(id) => {
                let table = model.tgw_route_table(id);
                let tgw = &model.transit_gateway(table.tgw).name;
                return ComponentView {
                    kind: "tgw_route_table",
                    name: table.name.clone(),
                    address: format!("transit_gateway/{tgw}/route_table/{}", table.name),
                };
            }
            Component::VpnGateway(vpc) => (
                "vpn_gateway",
                model
                    .vpc(vpc)
                    .vpn_gateway
                    .clone()
                    .unwrap_or_else(|| format!("{} vgw", model.vpc(vpc).name)),
                Some(vpc),
                "vpn_gateway",
            ),
            Component::OnPremises(vpc) => {
                let gateway = model.vpc(vpc).vpn_gateway.as_deref().unwrap_or("vgw");
                return ComponentView {
                    kind: "on_premises",
                    name: "on-premises".to_owned(),
                    address: format!(
                        "vpc/{}/vpn_gateway/{gateway}/on_premises",
                        model.vpc(vpc).name
                    ),
                };
            }
            Component::Endpoint(id) => {
                let endpoint = model.endpoint(id);
                (
                    "endpoint",
                    endpoint.name.clone(),
                    Some(endpoint.vpc),
                    "endpoint",
                )
            }
        };
    let address = match (component, vpc) {
        (Component::Internet, _) => "internet".to_owned(),
        (Component::Vpc(_), _) => format!("vpc/{name}"),
        (_, Some(vpc)) => format!("vpc/{}/{segment}/{name}", vpc_name(model, vpc)),
        (_, None) => format!("{segment}/{name}"),
    };
    ComponentView {
        kind,
        name,
        address,
    }
}

fn ports_text(ports: PortRange) -> String {
    ports.to_string()
}

fn header_view(header: Header) -> HeaderView {
    match header {
        Header::Forward(packet) => HeaderView {
            protocol: protocol_text(packet.protocol),
            src: packet.src.to_string(),
            src_ports: port_field(packet.protocol, packet.src_ports),
            dst: packet.dst.to_string(),
            dst_ports: port_field(packet.protocol, PortRange::single(packet.dst_port)),
        },
        Header::Reply(reply) => HeaderView {
            protocol: protocol_text(reply.protocol),
            src: reply.src.to_string(),
            src_ports: port_field(reply.protocol, PortRange::single(reply.src_port)),
            dst: reply.dst.to_string(),
            dst_ports: port_field(reply.protocol, reply.dst_ports),
        },
    }
}

fn port_field(protocol: Protocol, ports: PortRange) -> String {
    if protocol.has_ports() {
        ports_text(ports)
    } else {
        "-".to_owned()
    }
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Start => "start",
        Step::SecurityGroup(Flow::Ingress) => "security_group_ingress",
        Step::SecurityGroup(Flow::Egress) => "security_group_egress",
        Step::SecurityGroupStateful => "security_group_stateful",
        Step::NetworkAcl(Flow::Ingress) => "network_acl_ingress",
        Step::NetworkAcl(Flow::Egress) => "network_acl_egress",
        Step::SameSubnet => "same_subnet",
        Step::Route => "route",
        Step::Deliver => "deliver",
        Step::IgwSnat => "igw_snat",
        Step::IgwDnat => "igw_dnat",
        Step::IgwIpv6 => "igw_ipv6",
        Step::EgressOnlyIgw => "egress_only_igw",
        Step::NatSnat => "nat_snat",
        Step::NatUnsnat => "nat_unsnat",
        Step::Peering => "peering",
        Step::TgwRoute => "tgw_route",
        Step::Listener => "listener",
        Step::LbToTarget => "lb_to_target",
        Step::LbReply => "lb_reply",
        Step::GatewayEndpoint => "gateway_endpoint",
        Step::ToInternet => "to_internet",
        Step::ToOnPremises => "to_on_premises",
        Step::FromOnPremises => "from_on_premises",
        Step::FromInternet => "from_internet",
        Step::Arrive => "arrive",
    }
}

fn hop_view(model: &Model, hop: &Hop) -> HopView {
    HopView {
        component: component_view(model, hop.component),
        step: if hop.blocked && hop.step == Step::Arrive {
            "drop"
        } else {
            step_name(hop.step)
        },
        packet: header_view(hop.header),
        before: hop.before.map(header_view),
        rule: hop.rule.map(|rule| rule_view(model, rule)),
        blocked: hop.blocked,
    }
}

fn span_fields(span: Span) -> (Option<u32>, Option<u32>) {
    if span.is_known() {
        (Some(span.line), Some(span.column))
    } else {
        (None, None)
    }
}

fn filter_text(protocol: Protocol, ports: PortRange, icmp: vpcsim_model::IcmpMatch) -> String {
    if protocol.has_ports() {
        format!("{protocol} {ports}")
    } else if protocol == Protocol::ICMP {
        match icmp.icmp_type {
            Some(icmp_type) => format!("icmp type {icmp_type}"),
            None => "icmp".to_owned(),
        }
    } else {
        protocol.to_string()
    }
}

/// A security-group rule of group `sg` as a person reads it: `tcp 22 from 0.0.0.0/0`,
/// `tcp 8080 from sg:alb` (a group of another VPC as `sg:vpc/name`).
pub fn sg_rule_text(model: &Model, sg: SgId, rule: &SgRule, flow: Flow) -> String {
    let group = model.security_group(sg);
    let peer = match &rule.peer {
        SgPeer::Cidr(cidr) => cidr.to_string(),
        SgPeer::Group(other) => {
            let other_group = model.security_group(*other);
            if other_group.vpc == group.vpc {
                format!("sg:{}", other_group.name)
            } else {
                format!(
                    "sg:{}/{}",
                    vpc_name(model, other_group.vpc),
                    other_group.name
                )
            }
        }
        SgPeer::PrefixList(list) => format!("pl:{}", model.prefix_list(*list).name),
    };
    let direction = match flow {
        Flow::Ingress => "from",
        Flow::Egress => "to",
    };
    format!(
        "{} {direction} {peer}",
        filter_text(rule.protocol, rule.ports, rule.icmp)
    )
}

/// A NACL entry as a person reads it: `100 allow tcp 80 from 0.0.0.0/0` (`*` for the final
/// implicit entry).
pub fn nacl_entry_text(entry: &NaclEntry, flow: Flow) -> String {
    let number = entry
        .number
        .map_or_else(|| "*".to_owned(), |number| number.to_string());
    let action = match entry.action {
        NaclAction::Allow => "allow",
        NaclAction::Deny => "deny",
    };
    let direction = match flow {
        Flow::Ingress => "from",
        Flow::Egress => "to",
    };
    format!(
        "{number} {action} {} {direction} {}",
        filter_text(entry.protocol, entry.ports, entry.icmp),
        entry.cidr
    )
}

/// A route's destination as written: a CIDR or `pl:NAME` for a prefix list.
pub fn route_destination_text(model: &Model, destination: RouteDestination) -> String {
    match destination {
        RouteDestination::Cidr(cidr) => cidr.to_string(),
        RouteDestination::PrefixList(list) => format!("pl:{}", model.prefix_list(list).name),
    }
}

/// Resolves a rule reference to its owner, text and position.
pub fn rule_view(model: &Model, rule: RuleRef) -> RuleView {
    match rule {
        RuleRef::SgRule { sg, flow, index } => {
            let group = model.security_group(sg);
            let rules = match flow {
                Flow::Ingress => &group.ingress,
                Flow::Egress => &group.egress,
            };
            let Some(rule) = rules.get(index as usize) else {
                return missing("sg_rule", &group.name);
            };
            let (line, column) = span_fields(rule.span);
            RuleView {
                kind: "sg_rule",
                owner: group.name.clone(),
                text: sg_rule_text(model, sg, rule, flow),
                implicit: rule.implicit,
                line,
                column,
            }
        }
        RuleRef::NaclEntry { nacl, flow, index } => {
            let acl = model.network_acl(nacl);
            let entries = match flow {
                Flow::Ingress => &acl.ingress,
                Flow::Egress => &acl.egress,
            };
            let Some(entry) = entries.get(index as usize) else {
                return RuleView {
                    kind: "nacl_entry",
                    owner: acl.name.clone(),
                    text: "* deny all (no entry matched)".to_owned(),
                    implicit: true,
                    line: None,
                    column: None,
                };
            };
            let (line, column) = span_fields(entry.span);
            RuleView {
                kind: "nacl_entry",
                owner: acl.name.clone(),
                text: nacl_entry_text(entry, flow),
                implicit: entry.number.is_none() || !acl.declared,
                line,
                column,
            }
        }
        RuleRef::Route { table, index } => {
            let route_table = model.route_table(table);
            let Some(route) = route_table.routes.get(index as usize) else {
                return missing("route", &route_table.name);
            };
            let destination = route_destination_text(model, route.destination);
            let target = route_target_name(model, route.target, route_table.vpc);
            let (line, column) = span_fields(route.span);
            RuleView {
                kind: "route",
                owner: route_table.name.clone(),
                text: format!("{destination} -> {target}"),
                implicit: route.target == RouteTarget::Local && !route.span.is_known(),
                line,
                column,
            }
        }
        RuleRef::TgwRoute { table, index } => {
            let tgw_table = model.tgw_route_table(table);
            let Some(route) = tgw_table.routes.get(index as usize) else {
                return missing("tgw_route", &tgw_table.name);
            };
            let target = match route.target {
                TgwRouteTarget::Attachment(id) => model.tgw_attachment(id).name.clone(),
                TgwRouteTarget::Peering(id) => model.tgw_peering(id).name.clone(),
                TgwRouteTarget::Blackhole => "blackhole".to_owned(),
            };
            let (line, column) = span_fields(route.span);
            RuleView {
                kind: "tgw_route",
                owner: tgw_table.name.clone(),
                text: format!(
                    "{} -> {target}{}",
                    route.destination,
                    if route.propagated {
                        " (propagated)"
                    } else {
                        ""
                    }
                ),
                implicit: route.propagated,
                line,
                column,
            }
        }
        RuleRef::Listener { lb, index } => {
            let balancer = model.load_balancer(lb);
            let Some(listener) = balancer.listeners.get(index as usize) else {
                return missing("listener", &balancer.name);
            };
            let (line, column) = span_fields(listener.span);
            RuleView {
                kind: "listener",
                owner: balancer.name.clone(),
                text: format!(
                    "{} {} -> {}",
                    listener.protocol,
                    listener.port,
                    model.target_group(listener.target_group).name
                ),
                implicit: false,
                line,
                column,
            }
        }
        RuleRef::Target { tg, index } => {
            let group = model.target_group(tg);
            let Some(target) = group.targets.get(index as usize) else {
                return missing("target", &group.name);
            };
            let name = match target.eni.map(|eni| model.eni(eni).owner) {
                Some(EniOwner::Instance(id)) => model.instance(id).name.clone(),
                _ => target.address.to_string(),
            };
            let (line, column) = span_fields(target.span);
            RuleView {
                kind: "target",
                owner: group.name.clone(),
                text: format!("{name}:{}", target.port),
                implicit: false,
                line,
                column,
            }
        }
    }
}

fn missing(kind: &'static str, owner: &str) -> RuleView {
    RuleView {
        kind,
        owner: owner.to_owned(),
        text: "?".to_owned(),
        implicit: false,
        line: None,
        column: None,
    }
}

fn route_target_name(model: &Model, target: RouteTarget, vpc: VpcId) -> String {
    match target {
        RouteTarget::Local => "local".to_owned(),
        RouteTarget::InternetGateway(id) => model.internet_gateway(id).name.clone(),
        RouteTarget::NatGateway(id) => model.nat_gateway(id).name.clone(),
        RouteTarget::Eni(id) => model.eni(id).name.clone(),
        RouteTarget::Peering(id) => model.peering(id).name.clone(),
        RouteTarget::TransitGateway(id) => model.transit_gateway(id).name.clone(),
        RouteTarget::GatewayEndpoint(id) => model.endpoint(id).name.clone(),
        // The VPC's own gateways are attributes of the VPC: their names, when written.
        RouteTarget::VpnGateway => model
            .vpc(vpc)
            .vpn_gateway
            .clone()
            .unwrap_or_else(|| "vpn-gateway".to_owned()),
        RouteTarget::EgressOnlyIgw => model
            .vpc(vpc)
            .egress_only_igw
            .clone()
            .unwrap_or_else(|| "egress-only-igw".to_owned()),
        RouteTarget::Blackhole => "blackhole".to_owned(),
    }
}

fn blocker_view(model: &Model, blocker: &Blocker) -> BlockerView {
    let component = component_view(model, blocker.component);
    let packet = header_view(blocker.header);
    let rule = blocker.rule.map(|rule| rule_view(model, rule));
    let (message, help) = explain(model, blocker, &component, &packet);
    BlockerView {
        code: blocker.code.as_str(),
        reachability_analyzer_code: blocker.code.is_reachability_analyzer(),
        direction: match blocker.direction {
            Direction::Forward => "forward",
            Direction::Return => "return",
        },
        component,
        rule,
        ports: blocker.ports.map(ports_text),
        packet,
        message,
        help,
    }
}

/// The SG names on an ENI, for messages.
fn sg_names(model: &Model, component: Component) -> String {
    match component {
        Component::Eni(id) => model
            .eni(id)
            .security_groups
            .iter()
            .map(|sg| model.security_group(*sg).name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

/// One-line message and help for a blocker.
fn explain(
    model: &Model,
    blocker: &Blocker,
    component: &ComponentView,
    packet: &HeaderView,
) -> (String, String) {
    let name = &component.name;
    let flow_text = format!(
        "{} {}:{} -> {}:{}",
        packet.protocol, packet.src, packet.src_ports, packet.dst, packet.dst_ports
    );
    let side = match blocker.direction {
        Direction::Forward => "",
        Direction::Return => "the reply ",
    };
    match blocker.code {
        Code::EniSgRulesMismatch => {
            let groups = sg_names(model, blocker.component);
            let (direction, peer, port) = match blocker.header {
                Header::Forward(p) if eni_has_ip(model, blocker.component, p.dst) => {
                    ("inbound", format!("from {}", peer_suggestion(model, blocker.component, p.src)), p.dst_port)
                }
                Header::Forward(p) => ("outbound", format!("to {}", p.dst), p.dst_port),
                Header::Reply(r) => ("outbound", format!("to {}", r.dst), r.src_port),
            };
            (
                format!("no {direction} rule of security group(s) [{groups}] on `{name}` admits {flow_text}"),
                format!(
                    "add an {direction} rule to one of [{groups}]: {} {port} {peer}",
                    packet.protocol
                ),
            )
        }
        Code::SubnetAclRestriction => {
            let rule = blocker
                .rule
                .map(|rule| rule_view(model, rule).text)
                .unwrap_or_default();
            let ports = blocker
                .ports
                .map(|ports| format!(" (ports {ports} of the client's ephemeral range)"))
                .unwrap_or_default();
            (
                format!("the network ACL of subnet `{name}` drops {side}{flow_text}{ports}: entry `{rule}` decides"),
                match blocker.direction {
                    Direction::Forward => format!(
                        "add an allow entry numbered before `{rule}` for {} {} in the NACL of `{name}`",
                        packet.protocol, packet.dst_ports
                    ),
                    Direction::Return => format!(
                        "NACLs are stateless: allow the reply ports {} (ephemeral range) for {} in the NACL of `{name}`, before `{rule}`",
                        blocker.ports.map(ports_text).unwrap_or_else(|| packet.dst_ports.clone()),
                        packet.protocol
                    ),
                },
            )
        }
        Code::NoRouteToDestination => (
            format!("route table `{name}` has no route for {side}{}", packet.dst),
            format!("add a route to `{name}` covering {}", packet.dst),
        ),
        Code::BadStateRoute => (
            format!("the route for {} in `{name}` is a blackhole or its target is not active", packet.dst),
            "replace the blackhole route with a working target, or activate the peering".to_owned(),
        ),
        Code::AddressNotInSubnet => (
            format!("{} is inside VPC `{name}` but in none of its subnets", packet.dst),
            "send to an address of a subnet, or create a subnet covering it".to_owned(),
        ),
        Code::NoEniForAddress => (
            format!("{} is in subnet `{name}` but no network interface has it", packet.dst),
            "check the address: no instance, load balancer, database or cache owns it".to_owned(),
        ),
        Code::IgwPublicIpAssociationForEgress => (
            format!("{} has no public IP or Elastic IP, so the internet gateway drops its traffic", packet.src),
            "give the source a public IP or Elastic IP, or route it through a NAT gateway".to_owned(),
        ),
        Code::IgwPrivateIpAssociationForIngress => (
            format!("{} is not a public IP mapped to a network interface; the internet cannot reach it", packet.dst),
            "give the destination a public IP or Elastic IP, or put it behind an internet-facing load balancer".to_owned(),
        ),
        Code::IgwSourceAddressNotInRfc1918Ingress | Code::IgwSourceAddressNotInRfc6598Ingress => (
            format!("traffic from private source {} is dropped at the internet gateway (spoofed)", packet.src),
            "a private source cannot come from the internet; query from a public address".to_owned(),
        ),
        Code::IgwDestinationAddressNotInRfc1918Egress | Code::IgwDestinationAddressNotInRfc6598Egress => (
            format!("the internet gateway drops traffic to private destination {}", packet.dst),
            "route private destinations through peering, a transit gateway or a VPN instead".to_owned(),
        ),
        Code::SourceNotRoutable => (
            format!("{} is not an internet address (this-network, loopback, link-local, multicast or reserved space): no packet from the internet carries it", packet.src),
            "ask from a public address, or from `internet`".to_owned(),
        ),
        Code::DestinationNotRoutable => (
            format!("{} is not an internet address (this-network, loopback, link-local, multicast or reserved space): the internet gateway never routes to it", packet.dst),
            "ask about a public destination, or `internet`".to_owned(),
        ),
        Code::NoIpv6Address => (
            format!("`{name}` has no IPv6 address, so it sends and receives no IPv6"),
            "give it `ipv6_address: true` (its subnet needs an `ipv6_cidr`), or ask over IPv4".to_owned(),
        ),
        Code::EigwUnsolicitedInbound => (
            format!("the egress-only internet gateway of `{name}` lets only the inside open IPv6 connections; {} cannot be reached from the internet this way", packet.dst),
            "route `::/0` to the internet gateway (and keep the security group narrow) if this should be public".to_owned(),
        ),
        Code::VpnNoRouteToDestination => (
            format!("VPN gateway `{name}` has no VPN route covering {side}{}, so it drops the packet", packet.dst),
            format!("add {} to the VPC's `vpn_routes` (a static route of the VPN connection, or a route the customer gateway propagates), or route it elsewhere", packet.dst),
        ),
        Code::NgwIpv6RequiresNat64Prefix => (
            format!("NAT gateway `{name}` translates IPv6 only for 64:ff9b::/96 (NAT64); {} is dropped", packet.dst),
            "route IPv6 internet traffic to an egress-only internet gateway; keep NAT gateway routes for 64:ff9b::/96".to_owned(),
        ),
        Code::GatewayRejectsSpoofedTraffic => (
            format!("{} is not an address of a network interface in this VPC; the gateway drops it", packet.src),
            "only the owner of an address can send from it".to_owned(),
        ),
        Code::NoInternetGateway => (
            format!("VPC `{name}` has no internet gateway, so its public addresses are unreachable"),
            format!("attach an internet gateway to `{name}` (`internet_gateway:`) and route to it"),
        ),
        Code::NgwRequiresSourceInVpc => (
            format!("NAT gateway `{name}` only takes traffic from its own VPC (no transit over peering or TGW)"),
            "give the source VPC its own NAT gateway".to_owned(),
        ),
        Code::ProtocolRestriction => (
            format!("`{name}` forwards only TCP, UDP and ICMP; {} is dropped", packet.protocol),
            "use tcp, udp or icmp, or give the instance its own public IP".to_owned(),
        ),
        Code::NgwUnsolicitedInbound => (
            format!("NAT gateway `{name}` accepts no connection initiated towards it"),
            "a NAT gateway only lets the inside initiate; use a load balancer or a public IP for inbound".to_owned(),
        ),
        Code::RoutingLoop => (
            format!("routing loops at `{name}`"),
            "check that NAT gateway and appliance subnets route onward, not back".to_owned(),
        ),
        Code::EniSourceDestCheckRestriction => (
            format!("`{name}` has source/destination check on and drops traffic for {}", packet.dst),
            format!("set `source_dest_check: false` on `{name}` to use it as an appliance"),
        ),
        Code::PcxRequiresAddressInVpcCidr => (
            format!("peering `{name}` carries only traffic between the two VPCs' CIDRs (peering is not transitive)"),
            "peer the two VPCs directly, or use a transit gateway".to_owned(),
        ),
        Code::TgwNoAttachment => (
            format!("the VPC has no attachment to transit gateway `{name}`"),
            format!("attach the VPC to `{name}`"),
        ),
        Code::TgwRouteAzRestriction => (
            format!("attachment `{name}` has no subnet in the source's availability zone"),
            format!("add a subnet in that AZ to attachment `{name}`"),
        ),
        Code::TgwAttachMissingTgwRtbAssociation => (
            format!("attachment `{name}` is not associated with a TGW route table"),
            format!("associate `{name}` with a TGW route table"),
        ),
        Code::TgwRtbCannotRoute => (
            format!("TGW route table `{name}` has no route for {}", packet.dst),
            format!("propagate the destination VPC's attachment into `{name}` or add a static route"),
        ),
        Code::TgwRtbBadStateRoute => (
            format!("TGW route table `{name}` blackholes {}", packet.dst),
            "replace the blackhole TGW route".to_owned(),
        ),
        Code::VpceGatewayProtocolRestriction => (
            format!("gateway endpoint `{name}` carries only TCP and ICMP"),
            "use tcp".to_owned(),
        ),
        Code::Elbv2ListenerPortRestriction => (
            format!("load balancer `{name}` has no {} listener on port {}", packet.protocol, packet.dst_ports),
            format!("add a listener on {} to `{name}`, or query a listener port", packet.dst_ports),
        ),
        Code::Elbv2ListenerHasNoTg => (
            format!("target group `{name}` has no targets"),
            format!("register targets in `{name}`"),
        ),
        Code::ElbInstalledAzRestriction => (
            format!("a target of `{name}` is in an AZ the load balancer does not enable"),
            "enable a subnet of that AZ on the load balancer".to_owned(),
        ),
        Code::ElbNotCrosszone => (
            format!("cross-zone is off and the target of `{name}` is in another AZ than this node"),
            "turn cross-zone load balancing on, or add targets in every enabled AZ".to_owned(),
        ),
        Code::ReturnRouteAsymmetric => (
            format!("`{name}` sends {side}to {} where its client is not, or past the stateful hop the request came through (docs/semantics.md §15.1)", packet.dst),
            format!("route {} in `{name}` to the client's VPC, or back through the IGW, NAT gateway or load balancer the request came through", packet.dst),
        ),
        Code::NoPath => (
            format!("no path leads from {} to {}", packet.src, packet.dst),
            "check that source and destination are in the design and linked".to_owned(),
        ),
    }
}

/// What an inbound rule should name for a source: its security group when the source is an
/// ENI of the same VPC with groups (§5.5), else its address as a /32.
fn peer_suggestion(model: &Model, component: Component, source: std::net::IpAddr) -> String {
    let host = match source {
        std::net::IpAddr::V4(_) => format!("{source}/32"),
        std::net::IpAddr::V6(_) => format!("{source}/128"),
    };
    let Component::Eni(local) = component else {
        return host;
    };
    let vpc = model.eni(local).vpc;
    let sender = model
        .enis
        .iter()
        .find(|eni| eni.vpc == vpc && eni_addresses(eni).any(|ip| ip == source));
    match sender.and_then(|eni| eni.security_groups.first()) {
        Some(sg) => format!("sg:{}", model.security_group(*sg).name),
        None => host,
    }
}

/// An interface's own addresses: its private IPv4 and, if any, its IPv6 address.
fn eni_addresses(eni: &vpcsim_model::Eni) -> impl Iterator<Item = std::net::IpAddr> + '_ {
    std::iter::once(std::net::IpAddr::V4(eni.private_ip)).chain(eni.ipv6.map(std::net::IpAddr::V6))
}

fn eni_has_ip(model: &Model, component: Component, address: std::net::IpAddr) -> bool {
    match component {
        Component::Eni(id) => eni_addresses(model.eni(id)).any(|ip| ip == address),
        _ => false,
    }
}

/// Whether a resource is of a kind users query by name (used by renderers' listings).
pub fn resource_kind(resource: Resource) -> &'static str {
    match resource {
        Resource::Instance(_) => "instance",
        Resource::Eni(_) => "eni",
        Resource::LoadBalancer(_) => "load_balancer",
        Resource::NatGateway(_) => "nat_gateway",
        Resource::Database(_) => "database",
        Resource::Cache(_) => "cache",
        Resource::Endpoint(_) => "endpoint",
    }
}
