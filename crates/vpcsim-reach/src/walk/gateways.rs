//! The hops beyond a route: internet gateway both ways (§3), NAT gateway (§4), appliance
//! ENIs, VPC peering (§9.1–9.3), transit gateway (§9.5), gateway endpoint (§9.6) and the
//! load-balancer hop with its second connection to a target (§7, §13 step 5). Each is a
//! `Walker` method that records its hop and hands the packet on.

use std::net::IpAddr;

use vpcsim_model::{
    EndpointId, EniId, IgwId, LbId, PeeringId, Protocol, SubnetId, TgId, TgwId, VpcId,
};

use crate::answer::{Component, Flow, Header, Hop, NotModelled, Packet, RuleRef, Step};
use crate::code::Code;
use crate::tgw::{self, TgwDrop};
use crate::{igw, load_balancer, nat, vpn};

use super::{Arrival, Expect, ReturnCheck, State, Walk, Walker, better};

impl Walker<'_, '_> {
    /// Out through the internet gateway: §3.5's drop rules, then SNAT to the public IP (§3.3).
    pub(super) fn igw_out(&self, walk: &mut Walk, igw: IgwId, state: State) {
        let packet = state.packet;
        let component = Component::InternetGateway(igw);
        if let Err(code) = igw::check_egress_destination(packet.dst) {
            walk.block(code, component, None, packet);
            return;
        }
        let vpc = self.model.internet_gateway(igw).vpc;
        let Some(sender) = self.engine.eni_at(vpc, packet.src) else {
            walk.block(Code::GatewayRejectsSpoofedTraffic, component, None, packet);
            return;
        };
        if packet.src.is_ipv6() {
            // §16.1: an IPv6 address is global; the IGW forwards it unchanged.
            walk.stateful_hop(component, Step::IgwIpv6, packet, None);
            self.to_internet(walk, packet);
            return;
        }
        let Some(public) = self.model.eni(sender).public_ip else {
            walk.block(
                Code::IgwPublicIpAssociationForEgress,
                component,
                None,
                packet,
            );
            return;
        };
        let translated = Packet {
            src: IpAddr::V4(public.address),
            ..packet
        };
        walk.stateful_hop(component, Step::IgwSnat, translated, Some(packet));
        self.to_internet(walk, translated);
    }

    /// Out on the internet: a public address of the model comes back in through its VPC's
    /// IGW (§15.5); anything else arrives at the internet.
    fn to_internet(&self, walk: &mut Walk, packet: Packet) {
        let owned = match packet.dst {
            IpAddr::V4(v4) => self.model.eni_by_public_ip.contains_key(&v4),
            IpAddr::V6(v6) => self.model.eni_by_ipv6.contains_key(&v6),
        };
        if owned {
            let state = State {
                packet,
                identity: None,
                origin_vpc: None,
                origin_subnet: None,
                reply_via_lb: false,
            };
            self.internet_in(walk, state);
            return;
        }
        walk.hop(Component::Internet, Step::ToInternet, None, packet);
        walk.arrival = Some(Arrival::Internet);
    }

    /// Out through the VPC's egress-only internet gateway (§16.2): IPv6 only, stateful, no SG;
    /// the reply of a connection opened from inside comes back through it.
    pub(super) fn eigw_out(&self, walk: &mut Walk, vpc: VpcId, state: State) {
        let packet = state.packet;
        let component = Component::Vpc(vpc);
        if let Err(code) = igw::check_egress_destination(packet.dst) {
            walk.block(code, component, None, packet);
            return;
        }
        if !packet.src.is_ipv6() || self.engine.eni_at(vpc, packet.src).is_none() {
            walk.block(Code::GatewayRejectsSpoofedTraffic, component, None, packet);
            return;
        }
        walk.stateful_hop(component, Step::EgressOnlyIgw, packet, None);
        self.to_internet(walk, packet);
    }

    /// In from the internet: §3.5's drop rules, DNAT to the private IP (§3.3), delivery.
    pub(super) fn internet_in(&self, walk: &mut Walk, state: State) {
        let packet = state.packet;
        if let Err(code) = igw::check_ingress_source(packet.src) {
            walk.block(code, Component::Internet, None, packet);
            return;
        }
        let dst_v4 = match packet.dst {
            IpAddr::V4(v4) => v4,
            IpAddr::V6(v6) => {
                self.internet_in_v6(walk, state, v6);
                return;
            }
        };
        let Some(eni) = self.model.eni_by_public_ip.get(&dst_v4).copied() else {
            let component = match self.model.eni_by_private_ip.get(&dst_v4) {
                Some(eni) => Component::Eni(*eni),
                None => Component::Internet,
            };
            let code = if igw::is_public(dst_v4) && component == Component::Internet {
                // A public address outside the design: the packet never enters it.
                Code::NoPath
            } else {
                Code::IgwPrivateIpAssociationForIngress
            };
            walk.block(code, component, None, packet);
            return;
        };
        let target = self.model.eni(eni);
        let Some(igw) = self.model.vpc(target.vpc).internet_gateway else {
            walk.block(
                Code::NoInternetGateway,
                Component::Vpc(target.vpc),
                None,
                packet,
            );
            return;
        };
        let translated = Packet {
            dst: IpAddr::V4(target.private_ip),
            ..packet
        };
        walk.stateful_hop(
            Component::InternetGateway(igw),
            Step::IgwDnat,
            translated,
            Some(packet),
        );
        let state = State {
            packet: translated,
            identity: None,
            ..state
        };
        // §3.4: the reply must leave the destination subnet through this IGW.
        self.deliver(walk, target.vpc, state, None, Expect::Igw(igw));
    }

    /// In from the internet over IPv6 (§16.1): no translation; the IGW of the VPC owning the
    /// address carries it, and the reply must leave the subnet through that IGW (a subnet
    /// routing `::/0` to an egress-only gateway is not reachable, §16.2).
    fn internet_in_v6(&self, walk: &mut Walk, state: State, dst: std::net::Ipv6Addr) {
        let packet = state.packet;
        let Some(eni) = self.model.eni_by_ipv6.get(&dst).copied() else {
            let code = if igw::is_public_v6(dst) {
                Code::NoPath
            } else {
                Code::DestinationNotRoutable
            };
            walk.block(code, Component::Internet, None, packet);
            return;
        };
        let target = self.model.eni(eni);
        let vpc = self.model.vpc(target.vpc);
        let Some(igw) = vpc.internet_gateway else {
            let code = if vpc.egress_only_igw.is_some() {
                Code::EigwUnsolicitedInbound
            } else {
                Code::NoInternetGateway
            };
            walk.block(code, Component::Vpc(target.vpc), None, packet);
            return;
        };
        // An IGW is there, but the subnet answers through an egress-only gateway: that gateway
        // drops the reply of a connection it did not see open (§16.2).
        let table = self.model.subnet(target.subnet).route_table;
        if let Some((_, vpcsim_model::RouteTarget::EgressOnlyIgw)) =
            self.engine.route_for(table, packet.src)
        {
            walk.block(
                Code::EigwUnsolicitedInbound,
                Component::Vpc(target.vpc),
                None,
                packet,
            );
            return;
        }
        walk.stateful_hop(Component::InternetGateway(igw), Step::IgwIpv6, packet, None);
        let state = State {
            identity: None,
            ..state
        };
        self.deliver(walk, target.vpc, state, None, Expect::Igw(igw));
    }

    /// Routed to a NAT gateway: its subnet's NACL, §4's checks, SNAT, then its own routes.
    pub(super) fn to_nat(
        &self,
        walk: &mut Walk,
        nat: vpcsim_model::NatId,
        from: SubnetId,
        state: State,
    ) {
        let gateway = self.model.nat_gateway(nat);
        let component = Component::NatGateway(nat);
        // The reply from the NAT gateway to the client is routed locally.
        walk.returns.push(ReturnCheck::Route {
            subnet: gateway.subnet,
            packet: state.packet,
            expect: Expect::Local,
        });
        if from != gateway.subnet {
            // §4.5: the NACL of the NAT gateway's subnet applies in and out.
            self.network_acl(walk, gateway.subnet, Flow::Ingress, state.packet);
        }
        let source_vpc = state.origin_vpc.unwrap_or(VpcId(u32::MAX));
        if let Err(code) = nat::check_input(state.packet.protocol, source_vpc, gateway.vpc) {
            walk.block(code, component, None, state.packet);
            return;
        }
        let eni = self.model.eni(gateway.eni);
        // §16.4: IPv6 becomes IPv4 only for the NAT64 prefix, whose last 32 bits are the
        // IPv4 destination.
        let dst = match state.packet.dst {
            IpAddr::V4(v4) => v4,
            IpAddr::V6(v6) => match nat::nat64_destination(v6) {
                Some(v4) => v4,
                None => {
                    walk.block(
                        Code::NgwIpv6RequiresNat64Prefix,
                        component,
                        None,
                        state.packet,
                    );
                    return;
                }
            },
        };
        let translated = Packet {
            src: IpAddr::V4(eni.private_ip),
            dst: IpAddr::V4(dst),
            src_ports: nat::SOURCE_PORTS,
            ..state.packet
        };
        walk.stateful_hop(component, Step::NatSnat, translated, Some(state.packet));
        let state = State {
            packet: translated,
            identity: None,
            origin_vpc: Some(gateway.vpc),
            origin_subnet: Some(gateway.subnet),
            reply_via_lb: false,
        };
        self.send(walk, gateway.eni, state);
    }

    /// Routed to an appliance ENI (§13 step 4: its SG and source/dest check, then re-route).
    pub(super) fn to_appliance(&self, walk: &mut Walk, eni: EniId, from: SubnetId, state: State) {
        let appliance = self.model.eni(eni);
        if from != appliance.subnet {
            self.network_acl(walk, appliance.subnet, Flow::Ingress, state.packet);
        }
        self.security_group(walk, eni, Flow::Ingress, state);
        if appliance.source_dest_check
            && state.packet.dst != IpAddr::V4(appliance.private_ip)
            && Some(state.packet.dst) != appliance.ipv6.map(IpAddr::V6)
        {
            walk.block(
                Code::EniSourceDestCheckRestriction,
                Component::Eni(eni),
                None,
                state.packet,
            );
            return;
        }
        walk.note(NotModelled::ApplianceReturnPath);
        // §5.6: SG references do not survive a middlebox.
        let state = State {
            identity: None,
            origin_vpc: Some(appliance.vpc),
            ..state
        };
        self.send(walk, eni, state);
    }

    /// Across a VPC peering (§9.1–9.3).
    pub(super) fn peering(&self, walk: &mut Walk, peering: PeeringId, vpc: VpcId, state: State) {
        let connection = self.model.peering(peering);
        let component = Component::Peering(peering);
        // §2.9: a route to a peering that is not active is a blackhole.
        let Some(other) = connection.other_side(vpc).filter(|_| connection.is_active) else {
            walk.block(Code::BadStateRoute, component, None, state.packet);
            return;
        };
        // §9.3: non-transitive; RA's PCX_REQUIRES_ADDRESS_IN_VPC_CIDR (the IPv6 blocks for
        // IPv6, §16.1).
        if !vpc_contains(self.model.vpc(other), state.packet.dst)
            || !vpc_contains(self.model.vpc(vpc), state.packet.src)
        {
            walk.block(
                Code::PcxRequiresAddressInVpcCidr,
                component,
                None,
                state.packet,
            );
            return;
        }
        walk.hop(component, Step::Peering, None, state.packet);
        // §15.1: a peering keeps no state; the reply only has to be routable back to `vpc`.
        self.deliver(walk, other, state, None, Expect::Stateless { client: vpc });
    }

    /// Into a transit gateway (§9.5, §15.2–15.4): the decisions are `tgw::enter`'s and, across
    /// TGW peerings, `tgw::follow`'s; each TGW's table is a hop.
    pub(super) fn transit_gateway(&self, walk: &mut Walk, tgw: TgwId, vpc: VpcId, state: State) {
        let attachment = self.engine.attachment(vpc, tgw);
        let tables = &self.engine.tgw_routes;
        let packet = state.packet;
        let dst = packet.dst;
        let first = match tgw::enter(
            self.model,
            tables,
            tgw,
            attachment,
            state.origin_subnet,
            dst,
        ) {
            Ok(hop) => hop,
            Err(drop) => {
                let (component, rule) = tgw_drop_component(tgw, drop);
                walk.block(drop.code(), component, rule, packet);
                return;
            }
        };
        let result = tgw::follow(self.model, tables, first, dst, &mut |hop| {
            walk.hop(
                Component::TgwRouteTable(hop.table),
                Step::TgwRoute,
                Some(RuleRef::TgwRoute {
                    table: hop.table,
                    index: hop.route,
                }),
                packet,
            );
        });
        let target = match result {
            Ok((_, target)) => target,
            Err((at, drop)) => {
                let (component, rule) = tgw_drop_component(at, drop);
                walk.block(drop.code(), component, rule, packet);
                return;
            }
        };
        walk.note(NotModelled::TgwAttachmentSubnetNacl);
        let destination_vpc = tgw::attachment_vpc(self.model, target);
        // §15.1: the TGW keeps no state; the reply only has to be routable back to `vpc`.
        self.deliver(
            walk,
            destination_vpc,
            state,
            None,
            Expect::Stateless { client: vpc },
        );
    }

    /// Routed to the VPC's VPN gateway (§15.11): the gateway takes only the VPC's own
    /// interfaces as sources (§9.9), and sends on to on-premises what its VPN routes cover; it
    /// drops the rest. A design without `vpn_routes` does not say what lies beyond.
    pub(super) fn vpn_out(&self, walk: &mut Walk, vpc: VpcId, state: State) {
        let packet = state.packet;
        let component = Component::VpnGateway(vpc);
        let coverage = vpn::coverage(self.model.vpc(vpc), packet.dst);
        if coverage == vpn::Coverage::Unknown {
            walk.note(NotModelled::VpnBeyondGateway);
            return;
        }
        if self.engine.eni_at(vpc, packet.src).is_none() {
            walk.block(Code::GatewayRejectsSpoofedTraffic, component, None, packet);
            return;
        }
        if coverage == vpn::Coverage::NotCovered {
            walk.block(Code::VpnNoRouteToDestination, component, None, packet);
            return;
        }
        walk.stateful_hop(component, Step::ToOnPremises, packet, None);
        walk.note(NotModelled::OnPremisesNetwork);
        walk.arrival = Some(Arrival::OnPremises(vpc));
    }

    /// In from on-premises through the VPC's VPN gateway (§15.11): AWS advertises the VPC's
    /// CIDRs to the VPN, so the gateway delivers any address of the VPC; the reply must be
    /// routed back to the gateway. The gateway's own route table (edge association) is not
    /// modelled: delivery is by the VPC's local route.
    pub(super) fn vpn_in(&self, walk: &mut Walk, vpc: VpcId, state: State) {
        let packet = state.packet;
        if !vpc_contains(self.model.vpc(vpc), packet.dst) {
            // The VPN learns only the VPC's CIDRs: on-premises never sends this here.
            walk.block(Code::NoPath, Component::OnPremises(vpc), None, packet);
            return;
        }
        walk.stateful_hop(
            Component::VpnGateway(vpc),
            Step::FromOnPremises,
            packet,
            None,
        );
        self.deliver(walk, vpc, state, None, Expect::Vpn(vpc));
    }

    /// Into a gateway endpoint (§9.6): TCP and ICMP only; the service is the destination.
    pub(super) fn gateway_endpoint(&self, walk: &mut Walk, endpoint: EndpointId, state: State) {
        let component = Component::Endpoint(endpoint);
        if !matches!(state.packet.protocol, Protocol::TCP | Protocol::ICMP) {
            walk.block(
                Code::VpceGatewayProtocolRestriction,
                component,
                None,
                state.packet,
            );
            return;
        }
        walk.hop(component, Step::GatewayEndpoint, None, state.packet);
        walk.arrival = Some(Arrival::Service(endpoint));
    }

    /// The load-balancer hop (§7, §13 step 5): SG, listener, then one branch per target.
    pub(super) fn load_balancer(&self, walk: &mut Walk, lb: LbId, node: EniId, state: State) {
        let balancer = self.model.load_balancer(lb);
        self.security_group(walk, node, Flow::Ingress, state);
        let packet = state.packet;
        let Some(index) = load_balancer::listener_for(balancer, packet.protocol, packet.dst_port)
        else {
            walk.block(
                Code::Elbv2ListenerPortRestriction,
                Component::LoadBalancer(lb),
                None,
                packet,
            );
            return;
        };
        let listener = &balancer.listeners[index];
        walk.hop(
            Component::LoadBalancer(lb),
            Step::Listener,
            Some(RuleRef::Listener {
                lb,
                index: u32::try_from(index).unwrap_or(u32::MAX),
            }),
            packet,
        );
        walk.via_lb = Some(lb);
        let group = self.model.target_group(listener.target_group);
        if group.targets.is_empty() {
            walk.block(
                Code::Elbv2ListenerHasNoTg,
                Component::TargetGroup(listener.target_group),
                None,
                packet,
            );
            return;
        }
        // Branches only append to the walk, so the first is evaluated in place and rolled back
        // when it fails; a copy is kept only of failing branches (the common reachable case
        // clones nothing).
        let mark = walk.mark();
        let mut best: Option<Walk> = None;
        for target in 0..group.targets.len() {
            self.lb_target(walk, lb, node, listener.target_group, target, state);
            self.complete(walk);
            // The first target that delivers decides (see `Answer`): stop there.
            if walk.is_clean() {
                return;
            }
            best = Some(better(best, walk.clone()));
            walk.rollback(&mark);
        }
        if let Some(best) = best {
            *walk = best;
        }
    }

    /// The second connection: LB node → one target (§7.8, §7.10).
    pub(super) fn lb_target(
        &self,
        walk: &mut Walk,
        lb: LbId,
        node: EniId,
        tg: TgId,
        target_index: usize,
        state: State,
    ) {
        let balancer = self.model.load_balancer(lb);
        let group = self.model.target_group(tg);
        let target = &group.targets[target_index];
        let rule = Some(RuleRef::Target {
            tg,
            index: u32::try_from(target_index).unwrap_or(u32::MAX),
        });
        let Some(target_eni) = target.eni else {
            walk.note(NotModelled::TargetOutsideModel);
            walk.hop(
                Component::TargetGroup(tg),
                Step::LbToTarget,
                rule,
                state.packet,
            );
            return;
        };
        let node_eni = self.model.eni(node);
        let target_subnet = self.model.eni(target_eni).subnet;
        if let Err(code) =
            load_balancer::check_target_az(self.model, balancer, node_eni.subnet, target_subnet)
        {
            walk.block(code, Component::TargetGroup(tg), rule, state.packet);
            return;
        }
        let preserve = load_balancer::preserves_client_ip(balancer, group);
        // Instance targets receive traffic on the primary private IP of the primary ENI (§7.6).
        // The model leaves `Target::address` unspecified for instance targets, so fall back.
        let target_address = if target.address.is_unspecified() {
            self.model.eni(target_eni).private_ip
        } else {
            target.address
        };
        // Targets are reached over IPv4 here; an IPv6 client's address cannot be kept on an
        // IPv4 connection, so the node's address stands in (§7.10, §16.1).
        let preserve = preserve && state.packet.src.is_ipv4();
        let target_address = IpAddr::V4(target_address);
        let packet = Packet {
            protocol: state.packet.protocol,
            src: if preserve {
                state.packet.src
            } else {
                IpAddr::V4(node_eni.private_ip)
            },
            dst: target_address,
            src_ports: if preserve {
                state.packet.src_ports
            } else {
                load_balancer::SOURCE_PORTS
            },
            dst_port: load_balancer::target_port(target),
        };
        // §7.7: health checks come from the node on their own port; checked separately.
        let health_port = group.health_check_port_for(target);
        if health_port != packet.dst_port {
            walk.health_check = Some((node, target_address, health_port));
        }
        let hop = Hop {
            component: Component::TargetGroup(tg),
            step: Step::LbToTarget,
            rule,
            header: Header::Forward(packet),
            before: Some(Header::Forward(state.packet)),
            blocked: false,
        };
        walk.forward.push(hop);
        walk.returns.push(ReturnCheck::Mirror(hop));
        let state = State {
            packet,
            identity: if preserve { state.identity } else { Some(node) },
            origin_vpc: Some(balancer.vpc),
            origin_subnet: Some(node_eni.subnet),
            reply_via_lb: preserve,
        };
        self.send(walk, node, state);
    }
}

/// What a TGW drop points at: the TGW, the attachment or the table (with the route).
pub(super) fn tgw_drop_component(tgw: TgwId, drop: TgwDrop) -> (Component, Option<RuleRef>) {
    match drop {
        TgwDrop::NoAttachment | TgwDrop::PeeringNoAssociation(_) => {
            (Component::TransitGateway(tgw), None)
        }
        TgwDrop::AzNotServed(attachment) | TgwDrop::NoAssociation(attachment) => {
            (Component::TgwAttachment(attachment), None)
        }
        TgwDrop::NoRoute(table) | TgwDrop::Loop(table) => (Component::TgwRouteTable(table), None),
        TgwDrop::Blackhole(table, index) => (
            Component::TgwRouteTable(table),
            Some(RuleRef::TgwRoute { table, index }),
        ),
    }
}

/// Whether an address is inside a VPC's blocks: its IPv4 blocks, or its IPv6 block.
pub(super) fn vpc_contains(vpc: &vpcsim_model::Vpc, address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => vpc.contains(v4),
        IpAddr::V6(v6) => vpc.ipv6_cidr.is_some_and(|block| block.contains(&v6)),
    }
}
