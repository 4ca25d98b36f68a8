//! The return path of a walk that arrived (§13 step 7): each boundary the request crossed
//! is mirrored; SGs pass the reply (stateful, §5.1), NACLs are evaluated again over the
//! client's whole ephemeral range (§6.8–6.9), and route tables must send the reply back the
//! way the request came.

use vpcsim_model::{RouteTarget, SubnetId, TgwAttachmentId, TgwRouteTarget};

use crate::answer::{Blocker, Component, Direction, Flow, Header, Hop, Packet, RuleRef, Step};
use crate::code::Code;
use crate::network_acl::{self, NaclProbe};

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
                ReturnCheck::TgwRoute {
                    attachment,
                    packet,
                    back_to,
                } => self.return_tgw_route(walk, attachment, packet, back_to),
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

    /// The reply must route back the way the request came (§3.4, §9.1, §13 step 7).
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
        let code = match entry.map(|entry| entry.target) {
            None => Some(Code::NoRouteToDestination),
            Some(RouteTarget::Blackhole) => Some(Code::BadStateRoute),
            Some(target) => {
                let ok = match (target, expect) {
                    (RouteTarget::Local, Expect::Local) => true,
                    (RouteTarget::InternetGateway(a), Expect::Igw(b)) => a == b,
                    (RouteTarget::Peering(a), Expect::Peering(b)) => a == b,
                    (RouteTarget::TransitGateway(a), Expect::Tgw(b)) => a == b,
                    _ => false,
                };
                (!ok).then_some(Code::ReturnRouteAsymmetric)
            }
        };
        walk.return_path.push(Hop {
            component: Component::RouteTable(table),
            step: Step::Route,
            rule,
            header: Header::Reply(reply),
            before: None,
            blocked: code.is_some(),
        });
        if let Some(code) = code {
            walk.blockers.push(Blocker {
                code,
                direction: Direction::Return,
                component: Component::RouteTable(table),
                rule,
                ports: None,
                header: Header::Reply(reply),
            });
        }
    }

    /// The reply's TGW route: from the destination's attachment back to the source's (§9.5).
    pub(super) fn return_tgw_route(
        &self,
        walk: &mut Walk,
        attachment: TgwAttachmentId,
        packet: Packet,
        back_to: TgwAttachmentId,
    ) {
        let reply = packet.reply();
        let Some(table) = self.model.tgw_attachment(attachment).route_table else {
            walk.blockers.push(Blocker {
                code: Code::TgwAttachMissingTgwRtbAssociation,
                direction: Direction::Return,
                component: Component::TgwAttachment(attachment),
                rule: None,
                ports: None,
                header: Header::Reply(reply),
            });
            return;
        };
        let entry = self.engine.tgw_routes[table.index()].lookup(reply.dst);
        let rule = entry.map(|entry| RuleRef::TgwRoute {
            table,
            index: entry.route,
        });
        let code = match entry.map(|entry| entry.target) {
            None => Some(Code::TgwRtbCannotRoute),
            Some(TgwRouteTarget::Blackhole) => Some(Code::TgwRtbBadStateRoute),
            Some(TgwRouteTarget::Attachment(target)) => {
                (target != back_to).then_some(Code::ReturnRouteAsymmetric)
            }
        };
        walk.return_path.push(Hop {
            component: Component::TgwRouteTable(table),
            step: Step::TgwRoute,
            rule,
            header: Header::Reply(reply),
            before: None,
            blocked: code.is_some(),
        });
        if let Some(code) = code {
            walk.blockers.push(Blocker {
                code,
                direction: Direction::Return,
                component: Component::TgwRouteTable(table),
                rule,
                ports: None,
                header: Header::Reply(reply),
            });
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
