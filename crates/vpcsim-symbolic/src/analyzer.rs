//! "Which flows from A arrive at B?": every cell of the header partition decided by the packet
//! engine, gathered into exact [`FlowSet`]s with the path of each piece.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use std::net::IpAddr;

use vpcsim_flow::{FlowBox, FlowSet, ip_key, key_ip, v4_key};
use vpcsim_model::{EniOwner, Model, Protocol, Resource, VpcId};
use vpcsim_reach::{Answer, Component, Engine, Family, Query, QueryEndpoint, RuleRef};

use crate::cells::{Cuts, cells_within, group_cells};

/// Where flows start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Any public address of the question's family (private and special ranges excluded,
    /// docs/semantics.md §3.5, §16.1).
    Internet,
    /// Every address in an inclusive range of source keys (`vpcsim_flow::ip_key`: a CIDR or
    /// a single address of one family; see [`Source::range`]).
    Range(u128, u128),
    /// A named resource: the source dimension is its addresses.
    Resource(Resource),
}

impl Source {
    /// The source of every address from `first` to `last` (one family).
    pub fn range(first: IpAddr, last: IpAddr) -> Source {
        Source::Range(ip_key(first), ip_key(last))
    }

    /// The source of one IPv4 range given as integers.
    pub fn v4_range(first: u32, last: u32) -> Source {
        Source::Range(v4_key(first), v4_key(last))
    }
}

/// Where flows go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Destination {
    /// Any public destination (`internet`).
    Internet,
    /// One address (IPv4 or IPv6).
    Address(IpAddr),
    /// A named resource.
    Resource(Resource),
}

/// The flows that take one path: its set and a representative concrete answer.
#[derive(Debug, Clone)]
pub struct Piece {
    /// The flows (protocol × source × destination port), shared: exposure hands the same set
    /// to every target behind a listener.
    pub set: std::sync::Arc<FlowSet>,
    /// A concrete query from this piece.
    pub witness: Query,
    /// The packet engine's answer for the witness: its hops name the rules that admit the piece.
    pub answer: Answer,
}

/// Everything that gets through, split by path.
#[derive(Debug, Clone)]
pub struct Reachability {
    /// All flows that arrive (and whose replies return).
    pub set: FlowSet,
    /// The same flows grouped by the path and rules that carry them.
    pub pieces: Vec<Piece>,
    /// How many cells the packet engine decided.
    pub cells: usize,
}

/// Symbolic analysis over one engine. Cut points are computed once per VPC and cached.
pub struct Analyzer<'e, 'm> {
    engine: &'e Engine<'m>,
    /// Finished cut points per pair of ends, computed once (exposure and repeated questions
    /// ask the same pairs; sorting the cut points dominated a query's cost).
    cut_cache: std::sync::Mutex<rustc_hash::FxHashMap<(Source, Destination), std::sync::Arc<Cuts>>>,
    global: Cuts,
    per_vpc: Vec<OnceLock<Cuts>>,
    /// The internet of both families as sorted source-key ranges (IPv4 first).
    internet_keys: Vec<(u128, u128)>,
}

/// How many pairs' cut points [`Analyzer::reach`] keeps (a few MB at most).
const CUT_CACHE_ENTRIES: usize = 4096;

/// A forward path's identity: its components and deciding rules.
type Signature = Vec<(Component, Option<RuleRef>)>;

impl<'e, 'm> Analyzer<'e, 'm> {
    /// An analyzer over `engine`.
    pub fn new(engine: &'e Engine<'m>) -> Analyzer<'e, 'm> {
        let vpcs = engine.model().vpcs.len();
        let mut internet_keys: Vec<(u128, u128)> = engine
            .internet_ranges()
            .iter()
            .map(|(lo, hi)| (v4_key(*lo), v4_key(*hi)))
            .collect();
        internet_keys.extend_from_slice(engine.internet_ranges_v6());
        Analyzer {
            engine,
            cut_cache: std::sync::Mutex::new(rustc_hash::FxHashMap::default()),
            global: Cuts::global(),
            per_vpc: (0..vpcs).map(|_| OnceLock::new()).collect(),
            internet_keys,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &'e Engine<'m> {
        self.engine
    }

    /// The model.
    pub fn model(&self) -> &'m Model {
        self.engine.model()
    }

    /// The internet as a source, both families, as sorted source-key ranges
    /// (`vpcsim_flow::ip_key`): public IPv4 space minus the model's own public addresses, then
    /// global IPv6 space minus special blocks and the model's VPC IPv6 blocks (§3.5, §16.1).
    pub fn internet_keys(&self) -> &[(u128, u128)] {
        &self.internet_keys
    }

    /// The internet of one family as source-key ranges.
    fn internet_of(&self, family: Family) -> &[(u128, u128)] {
        let split = self
            .internet_keys
            .partition_point(|(lo, _)| *lo <= vpcsim_flow::V4_LAST);
        match family {
            Family::V4 => &self.internet_keys[..split],
            Family::V6 => &self.internet_keys[split..],
        }
    }

    fn vpc_cuts(&self, vpc: VpcId) -> &Cuts {
        self.per_vpc[vpc.index()].get_or_init(|| Cuts::for_vpc(self.model(), vpc))
    }

    /// The VPCs an address belongs to (by block, or by a public IP of one of its ENIs).
    fn vpcs_of_address(&self, address: IpAddr) -> Vec<VpcId> {
        let model = self.model();
        match address {
            IpAddr::V4(address) => {
                let mut vpcs: Vec<VpcId> = model
                    .vpcs
                    .iter()
                    .enumerate()
                    .filter(|(_, vpc)| vpc.contains(address))
                    .map(|(index, _)| VpcId::from_index(index))
                    .collect();
                if let Some(eni) = model.eni_by_public_ip.get(&address) {
                    vpcs.push(model.eni(*eni).vpc);
                }
                vpcs
            }
            IpAddr::V6(address) => model
                .vpcs
                .iter()
                .enumerate()
                .filter(|(_, vpc)| vpc.ipv6_cidr.is_some_and(|block| block.contains(&address)))
                .map(|(index, _)| VpcId::from_index(index))
                .collect(),
        }
    }

    /// The cut points that can decide a flow between the two ends (see [`Cuts::add_resource`]):
    /// each end's own filters, the NAT gateways a resource's flows may leave through, and, for
    /// bare addresses (whose path vpcsim does not know in advance), the whole VPC they are in.
    fn cuts_for(&self, source: Source, destination: Destination) -> Cuts {
        let model = self.model();
        let mut cuts = self.global.clone();
        match source {
            Source::Resource(resource) => {
                cuts.add_resource(model, resource);
                if let Some(vpc) = resource_vpc(model, resource) {
                    for nat in model.nat_gateways.iter().filter(|nat| nat.vpc == vpc) {
                        cuts.add_eni(model, nat.eni);
                    }
                }
            }
            Source::Range(lo, _) => {
                for vpc in self.vpcs_of_address(key_ip(lo)) {
                    cuts.extend(self.vpc_cuts(vpc));
                }
            }
            Source::Internet => {}
        }
        match destination {
            Destination::Resource(resource) => cuts.add_resource(model, resource),
            Destination::Address(address) => {
                for vpc in self.vpcs_of_address(address) {
                    cuts.extend(self.vpc_cuts(vpc));
                }
            }
            Destination::Internet => {}
        }
        match source {
            // The source dimension is the resource's own addresses: its cut points are unused.
            Source::Resource(_) => {
                cuts.sources.clear();
                cuts.source_ranges.clear();
            }
            // Only public sources are asked about: boundaries inside private and special space
            // (most rule CIDRs of a VPC) cannot split an internet cell.
            Source::Internet => cuts.retain_public_sources(),
            Source::Range(..) => {}
        }
        cuts.finish()
    }

    /// The cut points of a pair: from the cache, else computed (and kept when `keep`).
    fn cuts(&self, source: Source, destination: Destination, keep: bool) -> std::sync::Arc<Cuts> {
        let key = (source, destination);
        if let Some(cuts) = self
            .cut_cache
            .lock()
            .ok()
            .and_then(|cache| cache.get(&key).cloned())
        {
            return cuts;
        }
        let cuts = std::sync::Arc::new(self.cuts_for(source, destination));
        if keep && let Ok(mut cache) = self.cut_cache.lock() {
            // Bounded: a cache entry per pair grew with the number of pairs (6.5 KB each, 8 GB
            // for a 1,000-resource matrix). Past the bound it starts over.
            if cache.len() >= CUT_CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key, cuts.clone());
        }
        cuts
    }

    /// Every flow from `source` that reaches `destination`, restricted to `protocols`
    /// (inclusive range; `(0, 255)` for all) and, when given, to one destination port. The
    /// family is an address end's own, else IPv4 (see [`Analyzer::reach_in`]).
    pub fn reach(
        &self,
        source: Source,
        destination: Destination,
        protocols: (u8, u8),
        port: Option<u16>,
    ) -> Reachability {
        let family = implied_family(source, destination).unwrap_or_default();
        self.reach_in(family, source, destination, protocols, port)
    }

    /// [`Analyzer::reach`] over one address family: `internet` and named resources take their
    /// addresses of that family (§16.1: an interface's IPv6 address, no NAT).
    pub fn reach_in(
        &self,
        family: Family,
        source: Source,
        destination: Destination,
        protocols: (u8, u8),
        port: Option<u16>,
    ) -> Reachability {
        let cuts = self.cuts(source, destination, true);
        self.reach_with_cuts(&cuts, family, source, destination, protocols, port)
    }

    /// How many pairs' cut points the cache holds (bounded by `CUT_CACHE_ENTRIES`).
    pub fn cached_pairs(&self) -> usize {
        self.cut_cache.lock().map_or(0, |cache| cache.len())
    }

    /// [`Analyzer::reach`] without filling the cut-point cache, for callers that ask each pair
    /// once (`matrix`, `exposure`): memory stays independent of the number of pairs.
    pub fn reach_once(
        &self,
        source: Source,
        destination: Destination,
        protocols: (u8, u8),
        port: Option<u16>,
    ) -> Reachability {
        let family = implied_family(source, destination).unwrap_or_default();
        self.reach_once_in(family, source, destination, protocols, port)
    }

    /// [`Analyzer::reach_once`] over one address family.
    pub fn reach_once_in(
        &self,
        family: Family,
        source: Source,
        destination: Destination,
        protocols: (u8, u8),
        port: Option<u16>,
    ) -> Reachability {
        let cuts = self.cuts(source, destination, false);
        self.reach_with_cuts(&cuts, family, source, destination, protocols, port)
    }

    fn reach_with_cuts(
        &self,
        cuts: &Cuts,
        family: Family,
        source: Source,
        destination: Destination,
        protocols: (u8, u8),
        port: Option<u16>,
    ) -> Reachability {
        let model = self.model();
        let protocol_cells = cells_within(
            &cuts.protocols,
            u32::from(protocols.0),
            u32::from(protocols.1),
        );
        // Cells with the same membership in every port range (every source range) decide alike,
        // so one query per group stands for all its cells (see `group_cells`).
        let port_groups: Vec<Vec<(u32, u32)>> = match port {
            Some(p) => vec![vec![(u32::from(p), u32::from(p))]],
            None => group_cells(&cells_within(&cuts.ports, 0, 65535), &cuts.port_ranges),
        };
        let portless: Vec<Vec<(u32, u32)>> = vec![vec![(0, 65535)]];
        // Source groups, each with the query endpoint that stands for it.
        let source_groups: Vec<(QueryEndpoint, Vec<(u128, u128)>)> = match source {
            Source::Resource(resource) => vec![(
                QueryEndpoint::Resource(resource),
                model
                    .resource_enis(resource)
                    .iter()
                    .filter_map(|eni| {
                        let eni = model.eni(*eni);
                        let key = match family {
                            Family::V4 => v4_key(u32::from(eni.private_ip)),
                            Family::V6 => u128::from(eni.ipv6?),
                        };
                        Some((key, key))
                    })
                    .collect(),
            )],
            Source::Range(lo, hi) => {
                group_cells(&cells_within(&cuts.sources, lo, hi), &cuts.source_ranges)
                    .into_iter()
                    .map(|group| (QueryEndpoint::Address(key_ip(group[0].0)), group))
                    .collect()
            }
            Source::Internet => {
                let cells: Vec<(u128, u128)> = self
                    .internet_of(family)
                    .iter()
                    .flat_map(|(lo, hi)| cells_within(&cuts.sources, *lo, *hi))
                    .collect();
                group_cells(&cells, &cuts.source_ranges)
                    .into_iter()
                    .map(|group| (QueryEndpoint::Address(key_ip(group[0].0)), group))
                    .collect()
            }
        };
        let to = match destination {
            Destination::Internet => QueryEndpoint::Internet,
            Destination::Address(address) => QueryEndpoint::Address(address),
            Destination::Resource(resource) => QueryEndpoint::Resource(resource),
        };
        let mut pieces: BTreeMap<Signature, (FlowSet, Query, Answer)> = BTreeMap::new();
        let mut set = FlowSet::empty();
        let mut cells = 0usize;
        for (from, source_ranges) in &source_groups {
            for &(protocol_lo, protocol_hi) in &protocol_cells {
                let protocol = Protocol::Number(narrow_u8(protocol_lo));
                let ported = protocol.has_ports();
                let groups = if ported { &port_groups } else { &portless };
                for port_group in groups {
                    cells += 1;
                    let query = Query {
                        from: *from,
                        to,
                        protocol,
                        port: Some(narrow_u16(port_group[0].0)),
                        family,
                    };
                    let answer = self.engine.query(&query);
                    if !answer.is_reachable() {
                        continue;
                    }
                    // The cells of a partition are disjoint: no set subtraction needed.
                    let boxes: Vec<FlowBox> = source_ranges
                        .iter()
                        .flat_map(|(src_lo, src_hi)| {
                            port_group.iter().filter_map(move |(port_lo, port_hi)| {
                                FlowBox::with_keys(
                                    (narrow_u8(protocol_lo), narrow_u8(protocol_hi)),
                                    (*src_lo, *src_hi),
                                    (narrow_u16(*port_lo), narrow_u16(*port_hi)),
                                )
                            })
                        })
                        .collect();
                    set.extend_disjoint(boxes.iter().copied());
                    let signature: Signature = answer
                        .forward
                        .iter()
                        .map(|hop| (hop.component, hop.rule))
                        .collect();
                    match pieces.get_mut(&signature) {
                        Some((piece_set, _, _)) => piece_set.extend_disjoint(boxes),
                        None => {
                            let mut piece_set = FlowSet::empty();
                            piece_set.extend_disjoint(boxes);
                            pieces.insert(signature, (piece_set, query, answer));
                        }
                    }
                }
            }
        }
        let mut pieces: Vec<Piece> = pieces
            .into_values()
            .map(|(piece_set, witness, answer)| Piece {
                set: std::sync::Arc::new(piece_set.normalize()),
                witness,
                answer,
            })
            .collect();
        pieces.sort_by(|a, b| a.set.boxes().cmp(b.set.boxes()));
        Reachability {
            set: set.normalize(),
            pieces,
            cells,
        }
    }
}

/// The family an address end fixes, if any.
fn implied_family(source: Source, destination: Destination) -> Option<Family> {
    match (source, destination) {
        (Source::Range(lo, _), _) => Some(Family::of(key_ip(lo))),
        (_, Destination::Address(address)) => Some(Family::of(address)),
        _ => None,
    }
}

/// The VPC a resource lives in.
pub(crate) fn resource_vpc(model: &Model, resource: Resource) -> Option<VpcId> {
    model
        .resource_enis(resource)
        .first()
        .map(|eni| model.eni(*eni).vpc)
        .or(match resource {
            Resource::LoadBalancer(id) => Some(model.load_balancer(id).vpc),
            Resource::Endpoint(id) => Some(model.endpoint(id).vpc),
            _ => None,
        })
}

/// The named resource an ENI stands for, if any.
pub(crate) fn eni_resource(model: &Model, eni: vpcsim_model::EniId) -> Option<Resource> {
    match model.eni(eni).owner {
        EniOwner::Instance(id) => Some(Resource::Instance(id)),
        EniOwner::Standalone => Some(Resource::Eni(eni)),
        EniOwner::NatGateway(id) => Some(Resource::NatGateway(id)),
        EniOwner::LoadBalancer(id) => Some(Resource::LoadBalancer(id)),
        EniOwner::Database(id) => Some(Resource::Database(id)),
        EniOwner::Cache(id) => Some(Resource::Cache(id)),
        EniOwner::Endpoint(id) => Some(Resource::Endpoint(id)),
    }
}

pub(crate) fn narrow_u8(v: u32) -> u8 {
    u8::try_from(v).unwrap_or(u8::MAX)
}

pub(crate) fn narrow_u16(v: u32) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}
