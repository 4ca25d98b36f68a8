//! The return path of a walk that arrived (§13 step 7): each boundary the request crossed
//! is mirrored; SGs pass the reply (stateful, §5.1), NACLs are evaluated again over the
//! client's whole ephemeral range (§6.8–6.9), and route tables must route the reply back:
//! through the stateful hops the request crossed (IGW 1:1 NAT, NAT gateway, LB), and otherwise
//! by whatever routes apply to it (§15.1: peerings and TGWs keep no state).

use vpcsim_model::{RouteTarget, SubnetId};

use crate::answer::{
    Blocker, Component, Direction, Flow, Header, Hop, Packet, ReplyPacket, RuleRef, Step,
};
use crate::code::Code;
use crate::network_acl::{self, NaclProbe};
use crate::tgw;

use super::gateways::tgw_drop_component;
use super::{Arrival, Expect, ICMP_ECHO_REPLY, ReturnCheck, Walk, Walker};

impl Walker<'_, '_> {
    /// Evaluates the return path of a walk that arrived (§13 step 7).
    pub(super) fn complete(&self, walk: &mut Walk) {
        if walk.completed {
            return;
        }
        walk.completed = true;
        let Some(arrival) = walk.arrival else {
            return;
        };
        let (Some(first), Some(last)) =
            (walk.forward.first().copied(), walk.forward.last().copied())
        else {
            return;
        };
        walk.return_path.reserve(walk.returns.len() + 2);
        let start_component = match arrival {
            Arrival::Eni(eni) => Component::Eni(eni),
            Arrival::Internet => Component::Internet,
            Arrival::Service(endpoint) => Component::Endpoint(endpoint),
            Arrival::OnPremises(vpc) => Component::OnPremises(vpc),
        };
        walk.return_path.push(Hop {
            component: start_component,
            step: Step::Start,
            rule: None,
            header: reply_of(last.header),
            before: None,
            blocked: false,
        });
        let checks = std::mem::take(&mut walk.returns);
        for check in checks.iter().rev() {
            match *check {
                ReturnCheck::Mirror(hop) => walk.return_path.push(mirror(hop)),
                ReturnCheck::Nacl {
                    subnet,
                    flow,
                    packet,
                } => self.return_nacl(walk, subnet, flow, packet),
                ReturnCheck::Route {
                    subnet,
                    packet,
                    expect,
                } => self.return_route(walk, subnet, packet, expect),
            }
        }
        walk.returns = checks;
        walk.return_path.push(Hop {
            component: first.component,
            step: Step::Arrive,
            rule: None,
            header: reply_of(first.header),
            before: None,
            blocked: false,
        });
    }

    /// The reply crosses a NACL the other way, for every port of the client's range (§6.9).
    pub(super) fn return_nacl(
        &self,
        walk: &mut Walk,
        subnet: SubnetId,
        forward: Flow,
        packet: Packet,
    ) {
        let reply = packet.reply();
        let flow = match forward {
            Flow::Ingress => Flow::Egress,
            Flow::Egress => Flow::Ingress,
        };
        let nacl = self.model.subnet(subnet).network_acl;
        let peer = match flow {
            Flow::Ingress => reply.src,
            Flow::Egress => reply.dst,
        };
        let probe = NaclProbe {
            protocol: reply.protocol,
            peer,
            icmp_type: ICMP_ECHO_REPLY,
        };
        let decision = network_acl::evaluate(self.entries(nacl, flow), probe, reply.dst_ports);
        let blocked = !decision.is_allowed();
        let rule = decision.deciding_entry().map(|index| RuleRef::NaclEntry {
            nacl,
            flow,
            index: u32::try_from(index).unwrap_or(u32::MAX),
        });
        walk.return_path.push(Hop {
            component: Component::Subnet(subnet),
            step: Step::NetworkAcl(flow),
            rule,
            header: Header::Reply(reply),
            before: None,
            blocked,
        });
        if blocked {
            walk.blockers.push(Blocker {
                code: Code::SubnetAclRestriction,
                direction: Direction::Return,
                component: Component::Subnet(subnet),
                rule,
                ports: decision.denied_by.map(|(_, ports)| ports),
                header: Header::Reply(reply),
            });
        }
    }

    /// The reply leaves the destination subnet by its route table (§13 step 7 as corrected by
    /// §15.1): through the same IGW when the request came in by its 1:1 NAT (§3.4), locally
    /// towards a NAT gateway or LB node, and otherwise by whatever route, peering or TGW brings
    /// it to the client's VPC: stateless hops need no symmetric return.
    pub(super) fn return_route(
        &self,
        walk: &mut Walk,
        subnet: SubnetId,
        packet: Packet,
        expect: Expect,
    ) {
        if expect == Expect::Any {
            return;
        }
        let reply = packet.reply();
        let table = self.model.subnet(subnet).route_table;
        let entry = self.engine.routes[table.index()].lookup(reply.dst);
        let rule = entry.map(|entry| RuleRef::Route {
            table,
            index: entry.route,
        });
        let vpc = self.model.subnet(subnet).vpc;
        let route_hop = walk.return_path.len();
        walk.return_path.push(Hop {
            component: Component::RouteTable(table),
            step: Step::Route,
            rule,
            header: Header::Reply(reply),
            before: None,
            blocked: false,
        });
        let at_table = |code: Code| Some((code, Component::RouteTable(table), rule));
        let failure = match entry.map(|entry| entry.target) {
            None => at_table(Code::NoRouteToDestination),
            Some(RouteTarget::Blackhole) => at_table(Code::BadStateRoute),
            Some(target) => match (target, expect) {
                (RouteTarget::Local, Expect::Local) => None,
                (RouteTarget::InternetGateway(a), Expect::Igw(b)) if a == b => None,
                // §15.11: back through the VPN gateway the request came in by, for a
                // destination its VPN routes cover.
                (RouteTarget::VpnGateway, Expect::Vpn(gateway_vpc)) if gateway_vpc == vpc => {
                    match crate::vpn::coverage(self.model.vpc(vpc), reply.dst) {
                        crate::vpn::Coverage::Covered => None,
                        _ => Some((
                            Code::VpnNoRouteToDestination,
                            Component::VpnGateway(vpc),
                            rule,
                        )),
                    }
                }
                (RouteTarget::Peering(peering), Expect::Stateless { client }) => {
                    let connection = self.model.peering(peering);
                    match connection.other_side(vpc) {
                        _ if !connection.is_active => at_table(Code::BadStateRoute),
                        Some(other) if other == client => None,
                        _ => at_table(Code::ReturnRouteAsymmetric),
                    }
                }
                (RouteTarget::TransitGateway(tgw), Expect::Stateless { client }) => {
                    self.reply_over_tgw(walk, tgw, subnet, reply, client)
                }
                _ => at_table(Code::ReturnRouteAsymmetric),
            },
        };
        if let Some((code, component, rule)) = failure {
            if component == Component::RouteTable(table) {
                walk.return_path[route_hop].blocked = true;
            }
            walk.blockers.push(Blocker {
                code,
                direction: Direction::Return,
                component,
                rule,
                ports: None,
                header: Header::Reply(reply),
            });
        }
    }

    /// The reply routed into a TGW from `subnet` (§15.2–15.4): routed by the table of the
    /// attachment it enters by, from the AZ of the subnet it leaves, across any peerings, and
    /// it must come out in the client's VPC. Pushes one hop per TGW table; returns the failure.
    fn reply_over_tgw(
        &self,
        walk: &mut Walk,
        tgw: vpcsim_model::TgwId,
        subnet: SubnetId,
        reply: ReplyPacket,
        client: vpcsim_model::VpcId,
    ) -> Option<(Code, Component, Option<RuleRef>)> {
        let vpc = self.model.subnet(subnet).vpc;
        let tables = &self.engine.tgw_routes;
        let drop_hop = |walk: &mut Walk, at, drop: tgw::TgwDrop| {
            let (component, rule) = tgw_drop_component(at, drop);
            walk.return_path.push(Hop {
                component,
                step: Step::TgwRoute,
                rule,
                header: Header::Reply(reply),
                before: None,
                blocked: true,
            });
            Some((drop.code(), component, rule))
        };
        let dst = reply.dst;
        let first = match tgw::enter(
            self.model,
            tables,
            tgw,
            self.engine.attachment(vpc, tgw),
            Some(subnet),
            dst,
        ) {
            Ok(hop) => hop,
            Err(drop) => return drop_hop(walk, tgw, drop),
        };
        let result = tgw::follow(self.model, tables, first, dst, &mut |hop| {
            walk.return_path.push(Hop {
                component: Component::TgwRouteTable(hop.table),
                step: Step::TgwRoute,
                rule: Some(RuleRef::TgwRoute {
                    table: hop.table,
                    index: hop.route,
                }),
                header: Header::Reply(reply),
                before: None,
                blocked: false,
            });
        });
        match result {
            Ok((_, target)) if tgw::attachment_vpc(self.model, target) == client => None,
            Ok((last, _)) => {
                if let Some(hop) = walk.return_path.last_mut() {
                    hop.blocked = true;
                }
                let rule = Some(RuleRef::TgwRoute {
                    table: last.table,
                    index: last.route,
                });
                Some((
                    Code::ReturnRouteAsymmetric,
                    Component::TgwRouteTable(last.table),
                    rule,
                ))
            }
            Err((at, drop)) => drop_hop(walk, at, drop),
        }
    }
}

/// The reply header of a forward header.
pub(super) fn reply_of(header: Header) -> Header {
    match header {
        Header::Forward(packet) => Header::Reply(packet.reply()),
        reply @ Header::Reply(_) => reply,
    }
}

/// A forward hop as the reply sees it: SGs pass statefully, translations are undone.
pub(super) fn mirror(hop: Hop) -> Hop {
    let step = match hop.step {
        Step::SecurityGroup(_) => Step::SecurityGroupStateful,
        Step::IgwSnat => Step::IgwDnat,
        Step::IgwDnat => Step::IgwSnat,
        Step::NatSnat => Step::NatUnsnat,
        Step::LbToTarget => Step::LbReply,
        Step::ToOnPremises => Step::FromOnPremises,
        Step::FromOnPremises => Step::ToOnPremises,
        other => other,
    };
    let (header, before) = match hop.before {
        Some(before) => (reply_of(before), Some(reply_of(hop.header))),
        None => (reply_of(hop.header), None),
    };
    Hop {
        component: hop.component,
        step,
        rule: if matches!(step, Step::SecurityGroupStateful) {
            None
        } else {
            hop.rule
        },
        header,
        before,
        blocked: false,
    }
}
