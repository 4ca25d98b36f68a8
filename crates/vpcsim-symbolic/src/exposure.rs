//! `exposure`: every resource the internet reaches, directly or through a load balancer, and
//! the security-group rules that look public but are not reachable. Each finding is for one
//! address family: over IPv6 an interface's global address is reachable as is, with no public
//! IPv4 and no NAT in sight (docs/semantics.md §16.1, §16.5).

use rayon::prelude::*;
use vpcsim_flow::{FlowBox, FlowSet, ip_key};
use vpcsim_model::{LbScheme, Model, Resource, SgPeer};
use vpcsim_reach::{Answer, Family, Query, QueryEndpoint};

use crate::analyzer::{Analyzer, Destination, Piece, Source, eni_resource};

/// How the internet gets to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// Through the internet gateway to the resource's own public address (§3.3).
    Direct,
    /// Through a load balancer listener, then a second connection to the target (§7.8).
    LoadBalancer {
        /// The load balancer.
        lb: vpcsim_model::LbId,
        /// Listener port clients connect to.
        listener_port: u16,
        /// Port the target receives on.
        target_port: u16,
    },
}

/// Which address families an entry's internet clients use; ordered IPv4, both, IPv6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Families {
    /// IPv4 clients.
    pub ipv4: bool,
    /// IPv6 clients.
    pub ipv6: bool,
}

impl Ord for Families {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |f: &Families| (!f.ipv4, f.ipv6);
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Families {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Families {
    /// One family.
    pub fn of(family: Family) -> Families {
        Families {
            ipv4: family == Family::V4,
            ipv6: family == Family::V6,
        }
    }

    /// `ipv4`, `ipv6` or `ipv4+ipv6`.
    pub fn label(self) -> &'static str {
        match (self.ipv4, self.ipv6) {
            (true, true) => "ipv4+ipv6",
            (false, true) => "ipv6",
            _ => "ipv4",
        }
    }

    /// Whether IPv6 clients are among them.
    pub fn has_ipv6(self) -> bool {
        self.ipv6
    }
}

/// One exposed resource and path.
#[derive(Debug, Clone)]
pub struct Exposed {
    /// The resource.
    pub resource: Resource,
    /// The path kind.
    pub via: Via,
    /// The address families of the internet clients (§16.1): one for a direct entry; through
    /// a dual-stack load balancer both, since its second connection is the same IPv4 one.
    pub families: Families,
    /// Internet flows that arrive: protocol × source × port (for `LoadBalancer`, the port is
    /// the target port and the sources are the clients the listener admits). Shared with the
    /// pieces and, behind a load balancer, with every target on the same port.
    pub set: std::sync::Arc<FlowSet>,
    /// The flows split by path, with a concrete answer naming the admitting rules.
    pub pieces: Vec<Piece>,
}

/// A security-group rule open to public addresses that the internet cannot actually use.
#[derive(Debug, Clone)]
pub struct UnreachableOpenRule {
    /// The resource carrying the group.
    pub resource: Resource,
    /// The group.
    pub sg: vpcsim_model::SgId,
    /// Index in the group's ingress list.
    pub rule_index: usize,
    /// Why not: a concrete internet query the rule would admit, and its blocked answer.
    pub witness: Query,
    /// The engine's answer.
    pub answer: Answer,
}

/// The exposure report.
#[derive(Debug, Clone, Default)]
pub struct Exposure {
    /// Exposed resources, in model order.
    pub exposed: Vec<Exposed>,
    /// Public-looking rules that nothing on the internet can use.
    pub unreachable_open_rules: Vec<UnreachableOpenRule>,
}

/// Named resources that can be reached or exposed, in model order.
pub fn named_resources(model: &Model) -> Vec<Resource> {
    let mut resources: Vec<Resource> = Vec::new();
    resources.extend(
        (0..model.instances.len())
            .map(|i| Resource::Instance(vpcsim_model::InstanceId::from_index(i))),
    );
    resources.extend(
        model
            .enis
            .iter()
            .enumerate()
            .filter(|(_, eni)| eni.owner == vpcsim_model::EniOwner::Standalone)
            .map(|(i, _)| Resource::Eni(vpcsim_model::EniId::from_index(i))),
    );
    resources.extend(
        (0..model.load_balancers.len())
            .map(|i| Resource::LoadBalancer(vpcsim_model::LbId::from_index(i))),
    );
    resources.extend(
        (0..model.databases.len()).map(|i| Resource::Database(vpcsim_model::DbId::from_index(i))),
    );
    resources.extend(
        (0..model.caches.len()).map(|i| Resource::Cache(vpcsim_model::CacheId::from_index(i))),
    );
    resources
}

/// Whether the internet can address a resource directly: one of its ENIs has a public IP, or
/// it is an internet-facing load balancer. The internet gateway accepts inbound traffic only
/// for public IPs mapped to an ENI (§3.5), so other resources are exposed only through a
/// load balancer; skipping their direct analysis is exact, not an approximation.
/// Over IPv6 every global address is public (§16.1), but the internet gets a reply only from a
/// subnet whose route table sends some IPv6 destination to the VPC's internet gateway (the reply
/// must leave through the IGW the request came by, §3.4, §16.2): a resource is addressable when
/// one of its interfaces has an IPv6 address in such a subnet (for a load balancer: also
/// internet-facing). The test is exact — every other interface answers "blocked" for every
/// internet source — and keeps exposure from analysing every dual-stack instance.
fn directly_addressable(model: &Model, resource: Resource, family: Family) -> bool {
    let ipv6_reachable = |eni: &vpcsim_model::EniId| {
        let eni = model.eni(*eni);
        let Some(igw) = model.vpc(eni.vpc).internet_gateway else {
            return false;
        };
        eni.ipv6.is_some()
            && model
                .route_table(model.subnet(eni.subnet).route_table)
                .routes
                .iter()
                .any(|route| {
                    route.target == vpcsim_model::RouteTarget::InternetGateway(igw)
                        && matches!(
                            route.destination,
                            vpcsim_model::RouteDestination::Cidr(ipnet::IpNet::V6(_))
                        )
                })
    };
    match (resource, family) {
        (Resource::LoadBalancer(id), Family::V4) => {
            model.load_balancer(id).scheme == LbScheme::InternetFacing
        }
        (Resource::LoadBalancer(id), Family::V6) => {
            let lb = model.load_balancer(id);
            lb.scheme == LbScheme::InternetFacing && lb.nodes.iter().any(ipv6_reachable)
        }
        (_, Family::V4) => model
            .resource_enis(resource)
            .iter()
            .any(|eni| model.eni(*eni).public_ip.is_some()),
        (_, Family::V6) => model.resource_enis(resource).iter().any(ipv6_reachable),
    }
}

impl Analyzer<'_, '_> {
    /// The full exposure report over every TCP/UDP/ICMP and other protocol and every port.
    pub fn exposure(&self) -> Exposure {
        let model = self.model();
        let resources = named_resources(model);
        let candidates: Vec<(Resource, Family)> = resources
            .iter()
            .flat_map(|resource| [(*resource, Family::V4), (*resource, Family::V6)])
            .filter(|(resource, family)| directly_addressable(model, *resource, *family))
            .collect();
        let direct: Vec<Exposed> = candidates
            .par_iter()
            .map(|(resource, family)| {
                let reach = self.reach_once_in(
                    *family,
                    Source::Internet,
                    Destination::Resource(*resource),
                    (0, 255),
                    None,
                );
                // One piece is the whole set: share it.
                let set = match reach.pieces.as_slice() {
                    [only] => std::sync::Arc::clone(&only.set),
                    _ => std::sync::Arc::new(reach.set),
                };
                Exposed {
                    resource: *resource,
                    via: Via::Direct,
                    families: Families::of(*family),
                    set,
                    pieces: reach.pieces,
                }
            })
            .filter(|exposed| !exposed.set.is_empty())
            .collect();
        // Through load balancers: the clients a listener admits reach each target the load
        // balancer itself reaches on the target port (§7.8, two connections).
        // A dual-stack load balancer's IPv4 and IPv6 clients take the same second connection:
        // one entry per target, with both families' clients (§16.1).
        let mut clients: std::collections::BTreeMap<vpcsim_model::LbId, (FlowSet, Families)> =
            std::collections::BTreeMap::new();
        for entry in &direct {
            if let Resource::LoadBalancer(lb) = entry.resource {
                let (set, families) = clients.entry(lb).or_insert((
                    FlowSet::empty(),
                    Families {
                        ipv4: false,
                        ipv6: false,
                    },
                ));
                // The families' source keys never overlap.
                set.extend_disjoint(entry.set.boxes().iter().copied());
                families.ipv4 |= entry.families.ipv4;
                families.ipv6 |= entry.families.ipv6;
            }
        }
        let clients: Vec<(vpcsim_model::LbId, FlowSet, Families)> = clients
            .into_iter()
            .map(|(lb, (set, families))| (lb, set, families))
            .collect();
        let through_balancers: Vec<Exposed> = clients
            .par_iter()
            .flat_map_iter(|(lb, set, families)| self.through_load_balancer(*lb, set, *families))
            .collect();
        let mut exposed = direct;
        exposed.extend(through_balancers);
        exposed.sort_by(|a, b| {
            (resource_order(a.resource), a.via, a.families).cmp(&(
                resource_order(b.resource),
                b.via,
                b.families,
            ))
        });
        let unreachable_open_rules = self.unreachable_open_rules(&resources, &exposed);
        Exposure {
            exposed,
            unreachable_open_rules,
        }
    }

    /// The targets an internet-exposed load balancer passes its clients to, one entry per
    /// listener and target the load balancer reaches on the target port (§7.8).
    fn through_load_balancer(
        &self,
        lb_id: vpcsim_model::LbId,
        admitted: &FlowSet,
        families: Families,
    ) -> Vec<Exposed> {
        let model = self.model();
        let mut exposed = Vec::new();
        let lb = model.load_balancer(lb_id);
        for listener in &lb.listeners {
            let clients = admitted.intersect(&FlowSet::from_box(
                FlowBox::with_keys((0, 255), (0, u128::MAX), (listener.port, listener.port))
                    .expect("valid box"),
            ));
            if clients.is_empty() {
                continue;
            }
            let group = model.target_group(listener.target_group);
            // One set per target port, shared by every target on it.
            let mut by_port: Vec<(u16, std::sync::Arc<FlowSet>)> = Vec::new();
            for target in &group.targets {
                let Some(target_resource) = target.eni.and_then(|eni| eni_resource(model, eni))
                else {
                    continue;
                };
                // The second connection is the node's own, over IPv4 (§7.8, §16.1).
                let witness = Query {
                    from: QueryEndpoint::Resource(Resource::LoadBalancer(lb_id)),
                    to: QueryEndpoint::Resource(target_resource),
                    protocol: listener.ip_protocol,
                    port: Some(target.port),
                    family: Family::V4,
                };
                let answer = self.engine().query(&witness);
                if !answer.is_reachable() {
                    continue;
                }
                let set = match by_port.iter().find(|(port, _)| *port == target.port) {
                    Some((_, set)) => std::sync::Arc::clone(set),
                    None => {
                        let set = std::sync::Arc::new(retarget_port(&clients, target.port));
                        by_port.push((target.port, std::sync::Arc::clone(&set)));
                        set
                    }
                };
                exposed.push(Exposed {
                    resource: target_resource,
                    via: Via::LoadBalancer {
                        lb: lb_id,
                        listener_port: listener.port,
                        target_port: target.port,
                    },
                    families,
                    pieces: vec![Piece {
                        set: std::sync::Arc::clone(&set),
                        witness,
                        answer,
                    }],
                    set,
                });
            }
        }
        exposed
    }

    fn unreachable_open_rules(
        &self,
        resources: &[Resource],
        exposed: &[Exposed],
    ) -> Vec<UnreachableOpenRule> {
        let model = self.model();
        let public = public_set(self.internet_keys());
        // The public part of every CIDR ingress rule, once per group (resources share groups;
        // deciding it per resource repeated the same set algebra millions of times on L).
        let opened_by_group: Vec<Vec<OpenedRule>> = model
            .security_groups
            .par_iter()
            .map(|group| {
                group
                    .ingress
                    .iter()
                    .enumerate()
                    .filter_map(|(rule_index, rule)| opened_rule(rule_index, rule, &public))
                    .collect()
            })
            .collect();
        let mut direct_by_resource: rustc_hash::FxHashMap<Resource, FlowSet> =
            rustc_hash::FxHashMap::default();
        for e in exposed.iter().filter(|e| e.via == Via::Direct) {
            direct_by_resource
                .entry(e.resource)
                .or_default()
                .union_with(&e.set);
        }
        // Per resource on both cores; `collect` keeps the resources' order.
        resources
            .par_iter()
            .flat_map_iter(|resource| {
                let mut found = Vec::new();
                let direct = direct_by_resource.get(resource);
                let mut groups: Vec<vpcsim_model::SgId> = model
                    .resource_enis(*resource)
                    .iter()
                    .flat_map(|eni| model.eni(*eni).security_groups.iter().copied())
                    .collect();
                groups.sort_unstable();
                groups.dedup();
                for sg in groups {
                    for opened in &opened_by_group[sg.index()] {
                        if direct.is_some_and(|direct| opened.set.intersects(direct)) {
                            continue; // the internet really uses it
                        }
                        let witness = Query {
                            from: QueryEndpoint::Address(opened.sample_source),
                            to: QueryEndpoint::Resource(*resource),
                            protocol: opened.protocol,
                            port: Some(opened.port),
                            family: Family::of(opened.sample_source),
                        };
                        let answer = self.engine().query(&witness);
                        found.push(UnreachableOpenRule {
                            resource: *resource,
                            sg,
                            rule_index: opened.rule_index,
                            witness,
                            answer,
                        });
                    }
                }
                found
            })
            .collect()
    }
}

/// The part of an ingress rule open to public addresses, and the concrete header that stands
/// for it in a witness query.
struct OpenedRule {
    rule_index: usize,
    set: FlowSet,
    sample_source: std::net::IpAddr,
    protocol: vpcsim_model::Protocol,
    port: u16,
}

/// The public part of one ingress rule, if it has any (only CIDR peers can admit the internet).
fn opened_rule(
    rule_index: usize,
    rule: &vpcsim_model::SgRule,
    public: &FlowSet,
) -> Option<OpenedRule> {
    let SgPeer::Cidr(cidr) = rule.peer else {
        return None;
    };
    let (protocol_lo, protocol_hi) = match rule.protocol {
        vpcsim_model::Protocol::All => (0, 255),
        vpcsim_model::Protocol::Number(n) => (n, n),
    };
    let rule_box = FlowBox::with_keys(
        (protocol_lo, protocol_hi),
        (ip_key(cidr.network()), ip_key(cidr.broadcast())),
        (rule.ports.from, rule.ports.to),
    )?;
    let set = FlowSet::from_box(rule_box).intersect(public);
    let sample = *set.boxes().first()?; // none: not open to any public address
    Some(OpenedRule {
        rule_index,
        sample_source: sample.src().0,
        protocol: if rule.protocol == vpcsim_model::Protocol::All {
            vpcsim_model::Protocol::TCP
        } else {
            vpcsim_model::Protocol::Number(sample.proto().0)
        },
        port: if rule.ports.from == 0 {
            22
        } else {
            rule.ports.from
        },
        set,
    })
}

fn resource_order(resource: Resource) -> (u8, usize) {
    match resource {
        Resource::Instance(id) => (0, id.index()),
        Resource::Eni(id) => (1, id.index()),
        Resource::LoadBalancer(id) => (2, id.index()),
        Resource::Database(id) => (3, id.index()),
        Resource::Cache(id) => (4, id.index()),
        Resource::NatGateway(id) => (5, id.index()),
        Resource::Endpoint(id) => (6, id.index()),
    }
}

/// Every header whose source is an internet address (both families, source keys). The ranges
/// are sorted and disjoint, so their boxes are too.
fn public_set(internet: &[(u128, u128)]) -> FlowSet {
    let mut set = FlowSet::empty();
    set.extend_disjoint(
        internet
            .iter()
            .filter_map(|(lo, hi)| FlowBox::with_keys((0, 255), (*lo, *hi), (0, 65535))),
    );
    set
}

/// The same protocol × source set, on another single destination port. `set` holds one port
/// only (the listener's), so its disjoint boxes have disjoint protocol × source parts and stay
/// disjoint on the new port: no set union needed (a union per box was quadratic in the number
/// of source ranges, which the IPv6 internet's holes make large).
fn retarget_port(set: &FlowSet, port: u16) -> FlowSet {
    debug_assert!(
        set.boxes()
            .iter()
            .all(|b| b.port().0 == b.port().1 && b.port() == set.boxes()[0].port())
    );
    let mut boxes: Vec<FlowBox> = set
        .boxes()
        .iter()
        .filter_map(|b| FlowBox::with_keys(b.proto(), b.src_keys(), (port, port)))
        .collect();
    // The print order; no merging needed beyond what the clients' set already had.
    boxes.sort_unstable();
    let mut retargeted = FlowSet::empty();
    retargeted.extend_disjoint(boxes);
    retargeted
}
