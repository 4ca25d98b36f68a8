//! A reach [`Answer`] drawn over a [`Diagram`]: the forward path as highlighted edges between
//! the nodes it passes, each labelled with the protocol/port and the rules that admitted it,
//! and the hop that drops the packet as a red dashed edge labelled with the blocker's code.
//!
//! A path visits components (ENIs, subnets, route tables, gateways …). Only nodes are path
//! points: subnets, VPCs and route tables contribute their rules to the next edge, and become
//! an edge's head only when the packet is dropped there (a NACL, a missing route). Rules AWS
//! creates by default (the default NACL's allow-all, a security group's default egress) are
//! left off the labels unless they are what blocks, so labels show what the design wrote.

use vpcsim_model::{EndpointKind, Model, RouteTarget};
use vpcsim_reach::view::rule_view;
use vpcsim_reach::{Answer, Blocker, Component, Direction, Header, Hop, RuleRef, Verdict};

use super::build::{
    INTERNET_ID, blackhole_id, eni_id, gateway_endpoint_id, igw_id, internet_node, peering_id,
    subnet_id, tgw_id, vpc_id,
};
use super::{Diagram, Edge, EdgeStyle, End, Item, Mark};

/// Draws the answer's forward path (and, when the reply is what fails, the return path up to
/// the drop) over the diagram.
pub(crate) fn overlay(diagram: &mut Diagram, model: &Model, answer: &Answer) {
    let uses_internet = answer
        .forward
        .iter()
        .chain(&answer.return_path)
        .any(|hop| hop.component == Component::Internet);
    if uses_internet && !diagram.contains(&End::Node(INTERNET_ID.to_owned())) {
        diagram.items.insert(0, Item::Node(internet_node()));
    }
    let forward_blockers: Vec<&Blocker> = answer
        .blocked_by
        .iter()
        .filter(|b| b.direction == Direction::Forward)
        .collect();
    draw(
        diagram,
        model,
        &answer.forward,
        &forward_blockers,
        EdgeStyle::Path,
    );
    let return_blockers: Vec<&Blocker> = answer
        .blocked_by
        .iter()
        .filter(|b| b.direction == Direction::Return)
        .collect();
    if answer.verdict == Verdict::Blocked && !return_blockers.is_empty() {
        draw(
            diagram,
            model,
            &answer.return_path,
            &return_blockers,
            EdgeStyle::ReturnPath,
        );
    }
}

/// Draws one direction's hops with `style`, stopping at the first blocked hop.
fn draw(
    diagram: &mut Diagram,
    model: &Model,
    hops: &[Hop],
    blockers: &[&Blocker],
    style: EdgeStyle,
) {
    let mut last: Option<End> = None;
    let mut pending: Vec<String> = Vec::new();
    let mut last_edge: Option<usize> = None;
    for hop in hops {
        if let Some(rule) = hop.rule
            && !hop.blocked
            && !is_implicit(model, rule)
        {
            pending.push(rule_label(model, rule));
        }
        let point = point_of(model, hop.component).filter(|(end, _)| diagram.contains(end));
        if hop.blocked {
            let mut label = vec![header_label(&hop.header)];
            label.append(&mut pending);
            // A blackhole route leads to the VPC's blackhole node rather than the VPC box.
            let point = blackhole_of(model, hop)
                .filter(|end| diagram.contains(end))
                .map(|end| (end, true))
                .or(point);
            // The blockers recorded at this component; all of the direction's when the engine
            // records them elsewhere (e.g. at the gateway that refused the translation).
            let here: Vec<&&Blocker> = blockers
                .iter()
                .filter(|b| b.component == hop.component)
                .collect();
            let shown: Vec<&&Blocker> = if here.is_empty() {
                blockers.iter().collect()
            } else {
                here
            };
            for blocker in shown {
                let mut line = format!("✗ {}", blocker.code.as_str());
                if let Some(rule) = blocker.rule {
                    line.push_str(&format!(" · {}", rule_label(model, rule)));
                }
                if !label.contains(&line) {
                    label.push(line);
                }
            }
            if let Some(rule) = hop.rule {
                let text = rule_label(model, rule);
                if !label.iter().any(|line| line.contains(&text)) {
                    label.insert(1, text);
                }
            }
            if label.len() == 1 {
                label.push("✗ dropped".to_owned());
            }
            let head = point.map(|(end, _)| end).or_else(|| last.clone());
            if let Some(head) = head {
                let tail = last.clone().unwrap_or_else(|| head.clone());
                diagram.set_mark(&head, Mark::Blocked);
                diagram.edges.push(Edge {
                    from: tail,
                    to: head,
                    label,
                    style: EdgeStyle::Blocked,
                });
            }
            return;
        }
        let Some((end, true)) = point else {
            continue;
        };
        if last.as_ref() == Some(&end) {
            continue;
        }
        diagram.set_mark(&end, Mark::OnPath);
        if let Some(from) = last.replace(end.clone()) {
            let mut label = vec![header_label(&hop.header)];
            label.append(&mut pending);
            last_edge = Some(diagram.edges.len());
            diagram.edges.push(Edge {
                from,
                to: end,
                label,
                style,
            });
        }
    }
    // Rules decided after the last arrival (the destination's own ingress rule when the engine
    // records it on a later hop) belong to the last edge.
    if let Some(index) = last_edge
        && let Some(edge) = diagram.edges.get_mut(index)
    {
        for line in pending {
            if !edge.label.contains(&line) {
                edge.label.push(line);
            }
        }
    }
}

/// Where a component is drawn, and whether it is a point of the path (a node) or only a box
/// that can head the edge of a drop.
fn point_of(model: &Model, component: Component) -> Option<(End, bool)> {
    Some(match component {
        Component::Internet => (End::Node(INTERNET_ID.to_owned()), true),
        Component::Eni(eni) => (End::Node(eni_id(eni)), true),
        Component::NatGateway(nat) => (End::Node(eni_id(model.nat_gateway(nat).eni)), true),
        Component::InternetGateway(igw) => (End::Node(igw_id(igw.index())), true),
        Component::Peering(peering) => (End::Node(peering_id(peering.index())), true),
        Component::TransitGateway(tgw) => (End::Node(tgw_id(tgw.index())), true),
        Component::TgwAttachment(attachment) => (
            End::Node(tgw_id(model.tgw_attachment(attachment).tgw.index())),
            true,
        ),
        Component::TgwRouteTable(table) => (
            End::Node(tgw_id(model.tgw_route_table(table).tgw.index())),
            true,
        ),
        Component::Endpoint(endpoint) => match model.endpoint(endpoint).kind {
            EndpointKind::Gateway => (End::Node(gateway_endpoint_id(endpoint.index())), true),
            // An interface endpoint's path runs through its ENIs, which are hops of their own.
            EndpointKind::Interface => return None,
        },
        Component::Subnet(subnet) => (End::Group(subnet_id(subnet)), false),
        Component::Vpc(vpc) => (End::Group(vpc_id(vpc)), false),
        Component::RouteTable(table) => {
            // A route lookup happens in the subnets using the table; a drop there (no route,
            // blackhole) is drawn at the VPC's box.
            (End::Group(vpc_id(model.route_table(table).vpc)), false)
        }
        // Load balancers and target groups act through their node and target interfaces.
        Component::LoadBalancer(_) | Component::TargetGroup(_) => return None,
        // The VPN gateway node is drawn only where a route targets it; the path overlay leaves
        // the VPN side out (the hop list of `reach` names it).
        Component::VpnGateway(_) | Component::OnPremises(_) => return None,
    })
}

/// The blackhole node a blocked route hop leads to, when its route is a blackhole.
fn blackhole_of(model: &Model, hop: &Hop) -> Option<End> {
    let Some(RuleRef::Route { table, index }) = hop.rule else {
        return None;
    };
    let table = model.route_table(table);
    let route = table.routes.get(index as usize)?;
    (route.target == RouteTarget::Blackhole).then(|| End::Node(blackhole_id(table.vpc.index())))
}

fn is_implicit(model: &Model, rule: RuleRef) -> bool {
    rule_view(model, rule).implicit
}

fn rule_label(model: &Model, rule: RuleRef) -> String {
    let view = rule_view(model, rule);
    let kind = match view.kind {
        "sg_rule" => "sg",
        "nacl_entry" => "nacl",
        "route" => "route",
        "tgw_route" => "tgw route",
        "listener" => "listener",
        "target" => "target",
        other => other,
    };
    format!("{kind} {}: {}", view.owner, view.text.replace("->", "→"))
}

fn header_label(header: &Header) -> String {
    match header {
        Header::Forward(packet) => {
            if packet.protocol.has_ports() {
                format!("{}/{}", packet.protocol, packet.dst_port)
            } else {
                packet.protocol.to_string()
            }
        }
        Header::Reply(reply) => {
            if reply.protocol.has_ports() {
                format!(
                    "reply {}/{}→{}",
                    reply.protocol, reply.src_port, reply.dst_ports
                )
            } else {
                format!("reply {}", reply.protocol)
            }
        }
    }
}
