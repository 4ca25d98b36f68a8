//! The path evaluator: one packet walked through the model in docs/semantics.md §13's order.
//!
//! Forward: source SG egress (§5) → same-subnet shortcut (§2.11, §6.7) → source-subnet NACL
//! egress (§6) → route lookup (§2) → per target: local delivery, IGW 1:1 NAT (§3), NAT gateway
//! (§4), appliance ENI, peering (§9.1–9.3), transit gateway (§9.5), gateway endpoint (§9.6),
//! VPN gateway (§15.11: out to on-premises, or in from there) →
//! destination-subnet NACL ingress → destination SG ingress, or the load-balancer hop (§7,
//! §13 step 5) that opens a second connection from the node to each target.
//!
//! Filters that block (SG, NACL) are recorded and the walk **continues as if they admitted**,
//! so one answer lists every setting to fix; structural failures (no route, blackhole, IGW
//! rules) stop the walk because there is no next hop. While walking forward, each boundary the
//! packet crosses is recorded; [`complete`] then mirrors them for the return path (§13 step 7):
//! SGs are stateful and pass the reply, NACLs are evaluated again with the client's whole
//! ephemeral range as destination ports, and route tables must route the reply back: through
//! the stateful hops the request crossed (the same IGW, local towards the NAT gateway or load
//! balancer), and otherwise by whatever peering or TGW routes apply to the reply (§15.1).

use std::net::IpAddr;

use vpcsim_model::{
    EndpointId, EniId, EniOwner, IgwId, LbId, Model, NaclId, PortRange, Protocol, Resource,
    RouteTarget, SubnetId, VpcId,
};

use crate::answer::{
    Answer, Blocker, Component, Direction, Flow, Header, Hop, NotModelled, Packet, RuleRef, Step,
    Verdict,
};
use crate::code::Code;
use crate::engine::Engine;
use crate::load_balancer;
use crate::network_acl::{self, NaclProbe};
use crate::query::{Family, Query, QueryEndpoint};
use crate::security_group::{self, Peer, Probe};

mod gateways;
mod return_path;

/// ICMP type vpcsim probes with: echo request forward, echo reply back.
const ICMP_ECHO_REQUEST: u8 = 8;
const ICMP_ECHO_REPLY: u8 = 0;

/// Route lookups one walk may make before it is declared a loop (NAT → NAT, appliances).
const ROUTE_BUDGET: u8 = 16;

/// What the current segment of the walk knows besides the header.
#[derive(Debug, Clone, Copy)]
struct State {
    packet: Packet,
    /// The ENI whose SGs references may match as the source (§5.5); `None` once the source is
    /// public, translated, or came through a middlebox (§5.6).
    identity: Option<EniId>,
    /// The VPC of the segment's sender (`None` for the internet).
    origin_vpc: Option<VpcId>,
    /// The subnet the packet last left (TGW AZ coverage, §9.5).
    origin_subnet: Option<SubnetId>,
    /// The reply returns through a stateful LB that keeps the client address (NLB client IP
    /// preservation, §7.10), so the target subnet needs no route back to the client.
    reply_via_lb: bool,
}

/// How the reply must leave the destination subnet (§15.1): through the stateful hop the
/// request came by (local towards a NAT gateway or LB node, the same IGW for its 1:1 NAT), or,
/// when the request came over stateless hops (peering, TGW), by any route that brings it to
/// the client's VPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Local,
    Igw(IgwId),
    Stateless {
        client: VpcId,
    },
    /// The request came from on-premises through this VPC's VPN gateway: the reply must be
    /// routed back to it, for a destination its VPN routes cover (§15.11).
    Vpn(VpcId),
    Any,
}

/// A boundary crossed forward, replayed in reverse for the reply.
#[derive(Debug, Clone, Copy)]
enum ReturnCheck {
    /// A hop shown mirrored (SG → stateful, translations undone).
    Mirror(Hop),
    /// A NACL crossed forward; the reply crosses it the other way.
    Nacl {
        subnet: SubnetId,
        flow: Flow,
        packet: Packet,
    },
    /// The reply leaves `subnet` and must be routed as `expect` says.
    Route {
        subnet: SubnetId,
        packet: Packet,
        expect: Expect,
    },
}

/// Where a walk ended successfully.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    Eni(EniId),
    Internet,
    Service(EndpointId),
    /// Out through this VPC's VPN gateway to a destination its routes cover (§15.11).
    OnPremises(VpcId),
}

/// One candidate path being walked.
#[derive(Debug, Clone, Default)]
struct Walk {
    forward: Vec<Hop>,
    return_path: Vec<Hop>,
    blockers: Vec<Blocker>,
    not_modelled: Vec<NotModelled>,
    returns: Vec<ReturnCheck>,
    arrival: Option<Arrival>,
    via_lb: Option<LbId>,
    /// The LB node, target address and health-check port of the target this walk reached,
    /// when the health-check port differs from the traffic port (§7.7).
    health_check: Option<(EniId, std::net::IpAddr, u16)>,
    routes_used: u8,
    completed: bool,
}

/// The lengths and scalars of a walk before a branch, to undo it.
#[derive(Debug, Clone, Copy)]
struct Mark {
    forward: usize,
    returns: usize,
    blockers: usize,
    not_modelled: usize,
    arrival: Option<Arrival>,
    via_lb: Option<LbId>,
    health_check: Option<(EniId, std::net::IpAddr, u16)>,
    routes_used: u8,
}

impl Walk {
    fn mark(&self) -> Mark {
        Mark {
            forward: self.forward.len(),
            returns: self.returns.len(),
            blockers: self.blockers.len(),
            not_modelled: self.not_modelled.len(),
            arrival: self.arrival,
            via_lb: self.via_lb,
            health_check: self.health_check,
            routes_used: self.routes_used,
        }
    }

    /// Undoes everything since `mark` (a branch appends only; `complete` fills the return path).
    fn rollback(&mut self, mark: &Mark) {
        self.forward.truncate(mark.forward);
        self.returns.truncate(mark.returns);
        self.blockers.truncate(mark.blockers);
        self.not_modelled.truncate(mark.not_modelled);
        self.return_path.clear();
        self.completed = false;
        self.arrival = mark.arrival;
        self.via_lb = mark.via_lb;
        self.health_check = mark.health_check;
        self.routes_used = mark.routes_used;
    }

    fn is_clean(&self) -> bool {
        self.arrival.is_some() && self.blockers.is_empty()
    }

    fn hop(&mut self, component: Component, step: Step, rule: Option<RuleRef>, packet: Packet) {
        self.forward.push(Hop {
            component,
            step,
            rule,
            header: Header::Forward(packet),
            before: None,
            blocked: false,
        });
    }

    /// A hop through a stateful component (IGW, EIGW, NAT gateway, VPN gateway): shown forward
    /// with its translation (`before` is the header it received, if it rewrote it), and
    /// re-crossed mirrored by the reply (§15.1).
    fn stateful_hop(
        &mut self,
        component: Component,
        step: Step,
        packet: Packet,
        before: Option<Packet>,
    ) {
        let hop = Hop {
            component,
            step,
            rule: None,
            header: Header::Forward(packet),
            before: before.map(Header::Forward),
            blocked: false,
        };
        self.forward.push(hop);
        self.returns.push(ReturnCheck::Mirror(hop));
    }

    /// Records a forward blocker and marks the last hop (or a new one) as blocked.
    fn block(&mut self, code: Code, component: Component, rule: Option<RuleRef>, packet: Packet) {
        self.forward.push(Hop {
            component,
            step: Step::Arrive,
            rule,
            header: Header::Forward(packet),
            before: None,
            blocked: true,
        });
        self.blockers.push(Blocker {
            code,
            direction: Direction::Forward,
            component,
            rule,
            ports: None,
            header: Header::Forward(packet),
        });
    }

    fn note(&mut self, what: NotModelled) {
        if !self.not_modelled.contains(&what) {
            self.not_modelled.push(what);
        }
    }
}

/// The walk of a candidate whose interface has no IPv6 address in an IPv6 question (§16.1).
fn no_ipv6(eni: EniId, query: &Query) -> Walk {
    let packet = Packet {
        protocol: query.protocol,
        src: IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
        dst: IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED),
        src_ports: PortRange::AWS_EPHEMERAL,
        dst_port: query.port.unwrap_or(0),
    };
    let mut walk = Walk::default();
    walk.block(Code::NoIpv6Address, Component::Eni(eni), None, packet);
    walk
}

/// Keeps the better of two candidate walks: clean first, then fewer blockers, then the first.
fn better(best: Option<Walk>, candidate: Walk) -> Walk {
    match best {
        None => candidate,
        Some(best) => {
            let key = |w: &Walk| (!w.is_clean(), w.blockers.len(), w.arrival.is_none());
            if key(&candidate) < key(&best) {
                candidate
            } else {
                best
            }
        }
    }
}

struct Walker<'a, 'm> {
    engine: &'a Engine<'m>,
    model: &'m Model,
}

/// The ENIs standing for a resource, without allocating.
enum EniList<'m> {
    Slice(&'m [EniId]),
    One([EniId; 1]),
}

impl EniList<'_> {
    fn as_slice(&self) -> &[EniId] {
        match self {
            EniList::Slice(slice) => slice,
            EniList::One(one) => one,
        }
    }
}

fn resource_enis(model: &Model, resource: Resource) -> EniList<'_> {
    match resource {
        Resource::Instance(id) => EniList::Slice(&model.instance(id).enis),
        Resource::Eni(id) => EniList::One([id]),
        Resource::LoadBalancer(id) => EniList::Slice(&model.load_balancer(id).nodes),
        Resource::NatGateway(id) => EniList::One([model.nat_gateway(id).eni]),
        Resource::Database(id) => EniList::One([model.database(id).eni]),
        Resource::Cache(id) => EniList::One([model.cache(id).eni]),
        Resource::Endpoint(id) => EniList::Slice(&model.endpoint(id).enis),
    }
}

/// Where a query starts.
#[derive(Debug, Clone, Copy)]
enum Origin {
    Eni(EniId),
    External(std::net::IpAddr),
}

/// The port a query without `:PORT` means: the destination's own port when it has one.
fn natural_port(model: &Model, to: QueryEndpoint) -> Option<u16> {
    match to {
        QueryEndpoint::Resource(Resource::Database(id)) => Some(model.database(id).port),
        QueryEndpoint::Resource(Resource::Cache(id)) => Some(model.cache(id).port),
        QueryEndpoint::Resource(Resource::LoadBalancer(id)) => {
            match model.load_balancer(id).listeners.as_slice() {
                [only] => Some(only.port),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Answers one query: every candidate (source ENI × destination address) is walked, and the
/// best is shown (see [`Answer`] for how candidates combine).
impl Engine<'_> {
    /// Answers one query. Never fails: unusable endpoints give a blocked answer that says why.
    ///
    /// Lives here rather than in `engine.rs` so that the indexes (`engine`) know nothing of the
    /// walk that reads them: `walk` depends on `engine`, never the reverse.
    pub fn query(&self, query: &Query) -> Answer {
        answer(self, query)
    }
}

fn answer(engine: &Engine<'_>, query: &Query) -> Answer {
    let model = engine.model;
    let walker = Walker { engine, model };
    let port = match query.port {
        Some(port) => port,
        None => match natural_port(model, query.to) {
            Some(port) => port,
            None if !query.protocol.has_ports() => 0,
            None => {
                return Answer {
                    verdict: Verdict::Blocked,
                    forward: Vec::new(),
                    return_path: Vec::new(),
                    blocked_by: Vec::new(),
                    not_modelled: vec![NotModelled::PortlessQuery],
                    paths_considered: 0,
                    health_check_blocked_by: Vec::new(),
                };
            }
        },
    };
    // §16: an address endpoint fixes the family; otherwise the query says which.
    let family = match crate::query::endpoint_family(query.from, query.to) {
        // §9.6: the service ranges (gateway endpoints, prefix lists) are IPv4 here.
        _ if matches!(query.to, QueryEndpoint::Service(_)) => Family::V4,
        Ok(Some(family)) => family,
        Ok(None) => query.family,
        Err(_) => {
            return Answer {
                verdict: Verdict::Blocked,
                forward: Vec::new(),
                return_path: Vec::new(),
                blocked_by: Vec::new(),
                not_modelled: vec![NotModelled::MixedFamilies],
                paths_considered: 0,
                health_check_blocked_by: Vec::new(),
            };
        }
    };
    let internet = family.internet_address();
    let sources: EniList<'_>;
    let external;
    match query.from {
        QueryEndpoint::Internet => {
            sources = EniList::Slice(&[]);
            external = Some(internet);
        }
        QueryEndpoint::Service(service) => {
            // A service never opens connections into a VPC: its address stands as an outside
            // (internet) source, which the IGW rules then judge.
            sources = EniList::Slice(&[]);
            external = Some(crate::service::address(model, service, model_region(model)).0);
        }
        QueryEndpoint::Address(address) => {
            let owner = match address {
                IpAddr::V4(v4) => model
                    .eni_by_private_ip
                    .get(&v4)
                    .or_else(|| model.eni_by_public_ip.get(&v4)),
                IpAddr::V6(v6) => model.eni_by_ipv6.get(&v6),
            };
            match owner {
                Some(eni) => {
                    sources = EniList::One([*eni]);
                    external = None;
                }
                None => {
                    sources = EniList::Slice(&[]);
                    external = Some(address);
                }
            }
        }
        QueryEndpoint::Resource(resource) => {
            sources = resource_enis(model, resource);
            external = None;
        }
    }
    let origins = sources
        .as_slice()
        .iter()
        .map(|eni| Origin::Eni(*eni))
        .chain(external.map(Origin::External));
    let destinations: EniList<'_> = match query.to {
        QueryEndpoint::Resource(resource) => resource_enis(model, resource),
        _ => EniList::Slice(&[]),
    };
    let single_destination = match query.to {
        QueryEndpoint::Internet => Some(internet),
        QueryEndpoint::Address(address) => Some(address),
        // Replaced per source by the service's address in the source's Region (below).
        QueryEndpoint::Service(service) => {
            Some(crate::service::address(model, service, model_region(model)).0)
        }
        QueryEndpoint::Resource(_) => None,
    };
    let n_destinations = match single_destination {
        Some(_) => 1,
        None => destinations.as_slice().len(),
    };

    let mut best: Option<Walk> = None;
    let mut considered = 0u32;
    'candidates: for origin in origins {
        let (src, src_ports, src_vpc) = match origin {
            Origin::Eni(id) => {
                let eni = model.eni(id);
                let src = match family {
                    Family::V4 => IpAddr::V4(eni.private_ip),
                    Family::V6 => match eni.ipv6 {
                        Some(v6) => IpAddr::V6(v6),
                        None => {
                            considered += 1;
                            best = Some(better(best, no_ipv6(id, query)));
                            continue;
                        }
                    },
                };
                (src, eni.ephemeral_ports, Some(eni.vpc))
            }
            // §6.9: an internet client's range is unknown, so all of 1024–65535 must pass.
            Origin::External(address) => (address, PortRange::AWS_EPHEMERAL, None),
        };
        for destination_index in 0..n_destinations {
            let mut stand_in = false;
            let dst = match single_destination {
                Some(_) if let QueryEndpoint::Service(service) = query.to => {
                    let region = src_vpc.map_or(model_region(model), |vpc| &model.vpc(vpc).region);
                    let (address, is_stand_in) = crate::service::address(model, service, region);
                    stand_in = is_stand_in;
                    address
                }
                Some(address) => address,
                None => {
                    let target = destinations.as_slice()[destination_index];
                    match walker.address_for(src_vpc, target, family) {
                        Some(address) => address,
                        None => {
                            considered += 1;
                            best = Some(better(best, no_ipv6(target, query)));
                            continue;
                        }
                    }
                }
            };
            considered += 1;
            let packet = Packet {
                protocol: query.protocol,
                src,
                dst,
                src_ports,
                dst_port: port,
            };
            let mut walk = Walk {
                forward: Vec::with_capacity(16),
                returns: Vec::with_capacity(16),
                ..Walk::default()
            };
            match origin {
                Origin::Eni(eni) => {
                    walk.hop(Component::Eni(eni), Step::Start, None, packet);
                    let state = State {
                        packet,
                        identity: Some(eni),
                        origin_vpc: src_vpc,
                        origin_subnet: None,
                        reply_via_lb: false,
                    };
                    walker.send(&mut walk, eni, state);
                }
                Origin::External(address) => {
                    let state = State {
                        packet,
                        identity: None,
                        origin_vpc: None,
                        origin_subnet: None,
                        reply_via_lb: false,
                    };
                    // §15.11: an outside address the VPN routes cover is on-premises and
                    // enters through that VPC's VPN gateway; any other comes from the internet.
                    match engine.on_premises_vpc(address) {
                        Some(vpc) => {
                            walk.hop(Component::OnPremises(vpc), Step::Start, None, packet);
                            walker.vpn_in(&mut walk, vpc, state);
                        }
                        None => {
                            walk.hop(Component::Internet, Step::Start, None, packet);
                            walker.internet_in(&mut walk, state);
                        }
                    }
                }
            }
            if stand_in {
                walk.note(NotModelled::ServiceRangeStandIn);
            }
            walker.complete(&mut walk);
            if walk.arrival.is_some() && !walker.goal_met(&walk, query.to, dst, internet) {
                walk.blockers.push(Blocker {
                    code: Code::NoPath,
                    direction: Direction::Forward,
                    component: walk
                        .forward
                        .last()
                        .map_or(Component::Internet, |hop| hop.component),
                    rule: None,
                    ports: None,
                    header: Header::Forward(packet),
                });
            }
            let clean = walk.is_clean();
            best = Some(better(best, walk));
            // The first candidate that delivers decides (see `Answer`): stop there.
            if clean {
                break 'candidates;
            }
        }
    }
    let walk = best.unwrap_or_default();
    let health_check_blocked_by = match walk.health_check {
        Some((node, target, port)) if walk.is_clean() => walker.health_check(node, target, port),
        _ => Vec::new(),
    };
    Answer {
        verdict: match walk.arrival {
            _ if !walk.is_clean() => Verdict::Blocked,
            Some(Arrival::OnPremises(_)) => Verdict::ExitsToOnPremises,
            _ => Verdict::Reachable,
        },
        forward: walk.forward,
        return_path: walk.return_path,
        blocked_by: walk.blockers,
        not_modelled: walk.not_modelled,
        paths_considered: considered,
        health_check_blocked_by,
    }
}

/// The design's Region (its first VPC's, the top-level `region` by default): where a service
/// asked for without a source VPC is looked up.
fn model_region(model: &Model) -> &str {
    model.vpcs.first().map_or("", |vpc| vpc.region.as_str())
}

impl Walker<'_, '_> {
    /// The health check of a target from an LB node on its own port (§7.7: target SGs and
    /// NACLs must admit it like the traffic port): the blockers of that TCP flow, if any.
    fn health_check(&self, node: EniId, target: std::net::IpAddr, port: u16) -> Vec<Blocker> {
        let packet = Packet {
            protocol: Protocol::TCP,
            src: IpAddr::V4(self.model.eni(node).private_ip),
            dst: target,
            src_ports: load_balancer::SOURCE_PORTS,
            dst_port: port,
        };
        let mut walk = Walk::default();
        let state = State {
            packet,
            identity: Some(node),
            origin_vpc: Some(self.model.eni(node).vpc),
            origin_subnet: None,
            reply_via_lb: false,
        };
        self.send(&mut walk, node, state);
        self.complete(&mut walk);
        walk.blockers
    }

    /// The address a source in `src_vpc` uses for `eni`: over IPv4 its private IP when the VPCs
    /// are the same or linked by peering/TGW, else its public IP when it has one (through the
    /// internet); over IPv6 its one global address (§16.1), `None` when it has none.
    fn address_for(&self, src_vpc: Option<VpcId>, eni: EniId, family: Family) -> Option<IpAddr> {
        let target = self.model.eni(eni);
        if family == Family::V6 {
            return target.ipv6.map(IpAddr::V6);
        }
        let private = match src_vpc {
            Some(vpc) => self.engine.vpcs_linked_privately(vpc, target.vpc),
            None => false,
        };
        Some(IpAddr::V4(match (private, target.public_ip) {
            (false, Some(public)) => public.address,
            _ => target.private_ip,
        }))
    }

    /// Whether the walk arrived where the query asked.
    fn goal_met(&self, walk: &Walk, to: QueryEndpoint, dst: IpAddr, internet: IpAddr) -> bool {
        match (to, walk.arrival) {
            (QueryEndpoint::Internet, Some(Arrival::Internet)) => true,
            (QueryEndpoint::Resource(Resource::LoadBalancer(lb)), Some(Arrival::Eni(_))) => {
                walk.via_lb == Some(lb)
            }
            (QueryEndpoint::Resource(resource), Some(Arrival::Eni(eni))) => {
                resource_enis(self.model, resource)
                    .as_slice()
                    .contains(&eni)
            }
            (QueryEndpoint::Address(address), Some(Arrival::Eni(eni))) => {
                let eni = self.model.eni(eni);
                walk.via_lb.is_some()
                    || IpAddr::V4(eni.private_ip) == address
                    || eni.ipv6.map(IpAddr::V6) == Some(address)
                    || eni
                        .public_ip
                        .is_some_and(|public| IpAddr::V4(public.address) == address)
            }
            (
                QueryEndpoint::Address(_),
                Some(Arrival::Internet | Arrival::Service(_) | Arrival::OnPremises(_)),
            ) => true,
            // §9.6a: a service is reached by its gateway endpoint or over the internet.
            (QueryEndpoint::Service(service), Some(Arrival::Service(endpoint))) => {
                self.model.endpoint(endpoint).service == service.as_str()
            }
            (QueryEndpoint::Service(_), Some(Arrival::Internet)) => true,
            _ => dst == internet && walk.arrival == Some(Arrival::Internet),
        }
    }

    /// A packet leaves an ENI (the source, or a NAT/LB/appliance re-originating it).
    fn send(&self, walk: &mut Walk, eni: EniId, state: State) {
        let sender = self.model.eni(eni);
        self.security_group(walk, eni, Flow::Egress, state);
        let dst = state.packet.dst;
        // §2.11, §6.7: another ENI in the same subnet is reached at layer 2, no route, no NACL.
        if let Some(target) = self.engine.eni_at(sender.vpc, dst)
            && target != eni
            && self.model.eni(target).subnet == sender.subnet
        {
            walk.hop(
                Component::Subnet(sender.subnet),
                Step::SameSubnet,
                None,
                state.packet,
            );
            self.arrive(walk, target, state);
            return;
        }
        self.network_acl(walk, sender.subnet, Flow::Egress, state.packet);
        let state = State {
            origin_subnet: Some(sender.subnet),
            ..state
        };
        self.route(walk, sender.subnet, state);
    }

    /// Route lookup in the subnet's table and dispatch on the target (§2, §13 step 4).
    fn route(&self, walk: &mut Walk, subnet: SubnetId, state: State) {
        walk.routes_used += 1;
        if walk.routes_used > ROUTE_BUDGET {
            walk.block(
                Code::RoutingLoop,
                Component::Subnet(subnet),
                None,
                state.packet,
            );
            return;
        }
        let table = self.model.subnet(subnet).route_table;
        let Some(entry) = self.engine.routes[table.index()].lookup(state.packet.dst) else {
            walk.block(
                Code::NoRouteToDestination,
                Component::RouteTable(table),
                None,
                state.packet,
            );
            return;
        };
        let rule = Some(RuleRef::Route {
            table,
            index: entry.route,
        });
        let vpc = self.model.subnet(subnet).vpc;
        // §2.9: a blackhole drops; the router does not fall back to a shorter prefix.
        if entry.target == RouteTarget::Blackhole {
            walk.block(
                Code::BadStateRoute,
                Component::RouteTable(table),
                rule,
                state.packet,
            );
            return;
        }
        // Every other target: the route is a hop, then the target takes the packet.
        walk.hop(
            Component::RouteTable(table),
            Step::Route,
            rule,
            state.packet,
        );
        match entry.target {
            RouteTarget::Blackhole => {}
            RouteTarget::Local => {
                self.deliver(walk, vpc, state, Some(subnet), Expect::Local);
            }
            RouteTarget::InternetGateway(igw) => {
                self.igw_out(walk, igw, state);
            }
            RouteTarget::NatGateway(nat) => {
                self.to_nat(walk, nat, subnet, state);
            }
            RouteTarget::Eni(eni) => {
                self.to_appliance(walk, eni, subnet, state);
            }
            RouteTarget::Peering(peering) => {
                self.peering(walk, peering, vpc, state);
            }
            RouteTarget::TransitGateway(tgw) => {
                self.transit_gateway(walk, tgw, vpc, state);
            }
            RouteTarget::GatewayEndpoint(endpoint) => {
                self.gateway_endpoint(walk, endpoint, state);
            }
            RouteTarget::VpnGateway => {
                self.vpn_out(walk, vpc, state);
            }
            RouteTarget::EgressOnlyIgw => {
                self.eigw_out(walk, vpc, state);
            }
        }
    }

    /// The VPC router delivers to the subnet and ENI owning the destination (local route,
    /// peering or TGW arrival, IGW DNAT).
    fn deliver(
        &self,
        walk: &mut Walk,
        vpc: VpcId,
        state: State,
        from_subnet: Option<SubnetId>,
        expect: Expect,
    ) {
        let dst = state.packet.dst;
        let Some(subnet) = self.engine.subnet_of(vpc, dst) else {
            walk.block(
                Code::AddressNotInSubnet,
                Component::Vpc(vpc),
                None,
                state.packet,
            );
            return;
        };
        let Some(eni) = self.engine.eni_at(vpc, dst) else {
            walk.block(
                Code::NoEniForAddress,
                Component::Subnet(subnet),
                None,
                state.packet,
            );
            return;
        };
        let expect = if state.reply_via_lb {
            Expect::Any
        } else {
            expect
        };
        walk.returns.push(ReturnCheck::Route {
            subnet,
            packet: state.packet,
            expect,
        });
        if from_subnet != Some(subnet) {
            self.network_acl(walk, subnet, Flow::Ingress, state.packet);
        }
        self.arrive(walk, eni, state);
    }

    /// The packet reaches the ENI owning its destination (§13 step 6).
    fn arrive(&self, walk: &mut Walk, eni: EniId, state: State) {
        match self.model.eni(eni).owner {
            // §4.2: only the inside initiates through a NAT gateway; nothing is accepted
            // addressed to the gateway itself.
            EniOwner::NatGateway(nat) => {
                walk.block(
                    Code::NgwUnsolicitedInbound,
                    Component::NatGateway(nat),
                    None,
                    state.packet,
                );
            }
            EniOwner::LoadBalancer(lb) => self.load_balancer(walk, lb, eni, state),
            owner => {
                self.security_group(walk, eni, Flow::Ingress, state);
                walk.hop(Component::Eni(eni), Step::Arrive, None, state.packet);
                walk.arrival = Some(Arrival::Eni(eni));
                if matches!(owner, EniOwner::Endpoint(_)) {
                    walk.note(NotModelled::InterfaceEndpointService);
                }
            }
        }
    }

    /// Union of the ENI's SGs (§5.1), with SG references matched per §5.5.
    fn security_group(&self, walk: &mut Walk, eni: EniId, flow: Flow, state: State) {
        let local = self.model.eni(eni);
        if local.security_groups.is_empty() {
            // NAT gateways and NLBs without SGs have no SG to pass (§4.5, §7.10).
            return;
        }
        let packet = state.packet;
        let (address, remote) = match flow {
            Flow::Ingress => (packet.src, state.identity),
            Flow::Egress => (packet.dst, self.engine.eni_seen_from(local.vpc, packet.dst)),
        };
        let groups: &[vpcsim_model::SgId] = match remote {
            Some(remote) => {
                let remote = self.model.eni(remote);
                // §5.5: a group reference matches the member's private IPv4 and its IPv6
                // address (§16.3), seen directly (not translated).
                let own = IpAddr::V4(remote.private_ip) == address
                    || remote.ipv6.map(IpAddr::V6) == Some(address);
                if own && self.engine.sg_reference_visible(local.vpc, remote.vpc) {
                    &remote.security_groups
                } else {
                    &[]
                }
            }
            None => &[],
        };
        let probe = Probe {
            protocol: packet.protocol,
            port: packet.dst_port,
            icmp_type: ICMP_ECHO_REQUEST,
        };
        let admitted = security_group::first_admitting(
            self.model,
            &local.security_groups,
            flow,
            probe,
            Peer { address, groups },
        );
        let hop = match admitted {
            Some((sg, index)) => Hop {
                component: Component::Eni(eni),
                step: Step::SecurityGroup(flow),
                rule: Some(RuleRef::SgRule {
                    sg,
                    flow,
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                }),
                header: Header::Forward(packet),
                before: None,
                blocked: false,
            },
            None => {
                walk.blockers.push(Blocker {
                    code: Code::EniSgRulesMismatch,
                    direction: Direction::Forward,
                    component: Component::Eni(eni),
                    rule: None,
                    ports: None,
                    header: Header::Forward(packet),
                });
                Hop {
                    component: Component::Eni(eni),
                    step: Step::SecurityGroup(flow),
                    rule: None,
                    header: Header::Forward(packet),
                    before: None,
                    blocked: true,
                }
            }
        };
        walk.forward.push(hop);
        walk.returns.push(ReturnCheck::Mirror(hop));
    }

    /// A NACL as the packet crosses a subnet boundary (§6.1, §6.7).
    fn network_acl(&self, walk: &mut Walk, subnet: SubnetId, flow: Flow, packet: Packet) {
        let nacl = self.model.subnet(subnet).network_acl;
        let peer = match flow {
            Flow::Ingress => packet.src,
            Flow::Egress => packet.dst,
        };
        let probe = NaclProbe {
            protocol: packet.protocol,
            peer,
            icmp_type: ICMP_ECHO_REQUEST,
        };
        let decision = network_acl::evaluate(
            self.entries(nacl, flow),
            probe,
            PortRange::single(packet.dst_port),
        );
        let blocked = !decision.is_allowed();
        let rule = decision.deciding_entry().map(|index| RuleRef::NaclEntry {
            nacl,
            flow,
            index: u32::try_from(index).unwrap_or(u32::MAX),
        });
        walk.forward.push(Hop {
            component: Component::Subnet(subnet),
            step: Step::NetworkAcl(flow),
            rule,
            header: Header::Forward(packet),
            before: None,
            blocked,
        });
        if blocked {
            walk.blockers.push(Blocker {
                code: Code::SubnetAclRestriction,
                direction: Direction::Forward,
                component: Component::Subnet(subnet),
                rule,
                ports: None,
                header: Header::Forward(packet),
            });
        }
        walk.returns.push(ReturnCheck::Nacl {
            subnet,
            flow,
            packet,
        });
    }

    fn entries(&self, nacl: NaclId, flow: Flow) -> &[vpcsim_model::NaclEntry] {
        let acl = self.model.network_acl(nacl);
        match flow {
            Flow::Ingress => &acl.ingress,
            Flow::Egress => &acl.egress,
        }
    }
}
