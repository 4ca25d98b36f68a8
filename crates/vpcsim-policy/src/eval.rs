//! Deciding a policy: for every pair of ends, [`Analyzer::reach`] gives every flow delivered
//! (with its return, docs/semantics.md §13), and set algebra against the policy's flows gives
//! what violates it. A violation carries a witness: a concrete flow out of the offending (or
//! missing) set, re-asked of the packet engine with [`vpcsim_reach::Engine::query`] so that its path, rules
//! and blockers are the same answer `vpcsim reach` prints. No AWS decision is made here.

use rayon::prelude::*;
use vpcsim_flow::{FlowBox, FlowSet};
use vpcsim_model::Protocol;
use vpcsim_reach::{Answer, Query, QueryEndpoint};
use vpcsim_symbolic::{Analyzer, Destination, Source};

use crate::selector::End;
use crate::spec::{Kind, Policy};

/// One pair of ends on which a policy fails.
#[derive(Debug, Clone)]
pub struct Violation {
    /// Where the flows start.
    pub from: End,
    /// Where they arrive.
    pub to: End,
    /// The offending flows (`require`: the missing ones).
    pub flows: FlowSet,
    /// A concrete flow out of `flows`.
    pub witness: Query,
    /// The packet engine's answer for it: delivered (path and admitting rules) for
    /// deny/allow-only/isolate, blocked (blockers) for require.
    pub answer: Answer,
}

/// The outcome of one policy.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// Index into the evaluated policies.
    pub policy: usize,
    /// Every failing pair, in (from, to) order; empty when the policy holds.
    pub violations: Vec<Violation>,
    /// Ordered pairs of ends decided.
    pub pairs: usize,
}

impl Verdict {
    /// Whether the policy holds.
    pub fn holds(&self) -> bool {
        self.violations.is_empty()
    }
}

/// The ordered pairs a policy speaks of (both directions for `isolate`), without a resource
/// paired with itself and without internet → internet.
pub fn pairs(policy: &Policy) -> Vec<(End, End)> {
    let mut pairs = Vec::new();
    for from in &policy.from {
        for to in &policy.to {
            if from == to || (*from == End::Internet && *to == End::Internet) {
                continue;
            }
            pairs.push((*from, *to));
            if policy.kind == Kind::Isolate && !matches!(to, End::Range(..)) {
                pairs.push((*to, *from));
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

/// Decides every policy.
pub fn evaluate(analyzer: &Analyzer<'_, '_>, policies: &[Policy]) -> Vec<Verdict> {
    policies
        .iter()
        .enumerate()
        .map(|(index, policy)| evaluate_one(analyzer, index, policy))
        .collect()
}

/// Decides one policy over all its pairs (in parallel; the result is in pair order).
pub fn evaluate_one(analyzer: &Analyzer<'_, '_>, index: usize, policy: &Policy) -> Verdict {
    let pairs = pairs(policy);
    let violations: Vec<Violation> = pairs
        .par_iter()
        .filter_map(|(from, to)| decide(analyzer, policy, *from, *to))
        .collect();
    Verdict {
        policy: index,
        violations,
        pairs: pairs.len(),
    }
}

fn source(end: End) -> Source {
    match end {
        End::Internet => Source::Internet,
        End::Range(lo, hi) => Source::v4_range(lo, hi),
        End::Resource(resource) => Source::Resource(resource),
    }
}

fn destination(end: End) -> Destination {
    match end {
        End::Internet => Destination::Internet,
        End::Range(lo, _) => Destination::Address(std::net::Ipv4Addr::from(lo).into()),
        End::Resource(resource) => Destination::Resource(resource),
    }
}

fn endpoint(end: End, key: u128) -> QueryEndpoint {
    match end {
        End::Internet | End::Range(..) => QueryEndpoint::Address(vpcsim_flow::key_ip(key)),
        End::Resource(resource) => QueryEndpoint::Resource(resource),
    }
}

/// Whether an end takes part in IPv6 flows (`internet`, or a resource with an IPv6 address;
/// policy CIDRs are IPv4), docs/semantics.md §16.
fn has_ipv6(analyzer: &Analyzer<'_, '_>, end: End) -> bool {
    match end {
        End::Internet => true,
        End::Range(..) => false,
        End::Resource(resource) => {
            vpcsim_reach::query::has_ipv6(analyzer.model(), QueryEndpoint::Resource(resource))
        }
    }
}

/// Every header whose source is one of the end's addresses (both families, source keys).
pub fn source_space(analyzer: &Analyzer<'_, '_>, end: End) -> FlowSet {
    let model = analyzer.model();
    let ranges: Vec<(u128, u128)> = match end {
        End::Internet => analyzer.internet_keys().to_vec(),
        End::Range(lo, hi) => vec![(vpcsim_flow::v4_key(lo), vpcsim_flow::v4_key(hi))],
        End::Resource(resource) => model
            .resource_enis(resource)
            .iter()
            .flat_map(|eni| {
                let eni = model.eni(*eni);
                let v4 = vpcsim_flow::v4_key(u32::from(eni.private_ip));
                std::iter::once((v4, v4)).chain(eni.ipv6.map(|v6| {
                    let key = u128::from(v6);
                    (key, key)
                }))
            })
            .collect(),
    };
    let mut set = FlowSet::empty();
    for (lo, hi) in ranges {
        if let Some(b) = FlowBox::with_keys((0, 255), (lo, hi), (0, 65535)) {
            set = set.union(&FlowSet::from_box(b));
        }
    }
    set
}

/// The sources a pair can use: [`source_space`], without IPv6 unless both ends have IPv6
/// (§16: an IPv4-only destination is not expected to answer IPv6).
fn pair_source_space(analyzer: &Analyzer<'_, '_>, from: End, to: End) -> FlowSet {
    let space = source_space(analyzer, from);
    if has_ipv6(analyzer, from) && has_ipv6(analyzer, to) {
        space
    } else {
        space.v4_part()
    }
}

/// A representative header of a non-empty set: (protocol, source key, port). TCP, then UDP,
/// then ICMP when the set has them (a reviewer recognises those), else the lowest protocol;
/// within it, the lowest source and port (IPv4 sources before IPv6 ones).
pub fn first_flow(set: &FlowSet) -> Option<(u8, u128, u16)> {
    let boxes = set.boxes();
    for wanted in [6u8, 17, 1] {
        let best = boxes
            .iter()
            .filter(|b| b.proto().0 <= wanted && wanted <= b.proto().1)
            .map(|b| (b.src_keys().0, b.port().0))
            .min();
        if let Some((src, port)) = best {
            return Some((wanted, src, port));
        }
    }
    boxes.iter().min().map(|b| {
        let (proto, _) = b.proto();
        let (src, _) = b.src_keys();
        let (port, _) = b.port();
        (proto, src, port)
    })
}

/// A witness a reviewer recognises: the destination's own service port (a database's, a
/// cache's, a listener's) when the set holds it over TCP, else [`first_flow`].
pub fn preferred_flow(
    model: &vpcsim_model::Model,
    to: End,
    set: &FlowSet,
) -> Option<(u8, u128, u16)> {
    let ports: Vec<u16> = match to {
        End::Resource(vpcsim_model::Resource::Database(id)) => vec![model.database(id).port],
        End::Resource(vpcsim_model::Resource::Cache(id)) => vec![model.cache(id).port],
        End::Resource(vpcsim_model::Resource::LoadBalancer(id)) => model
            .load_balancer(id)
            .listeners
            .iter()
            .map(|l| l.port)
            .collect(),
        _ => Vec::new(),
    };
    for port in ports {
        if let Some(b) = set
            .boxes()
            .iter()
            .filter(|b| b.contains_key(6, b.src_keys().0, port))
            .min()
        {
            return Some((6, b.src_keys().0, port));
        }
    }
    first_flow(set)
}

/// The concrete query for header `flow` from `from` to `to`.
pub fn witness_query(from: End, to: End, flow: (u8, u128, u16)) -> Query {
    let (proto, src, port) = flow;
    Query {
        from: endpoint(from, src),
        to: match to {
            End::Internet => QueryEndpoint::Internet,
            End::Range(lo, _) => QueryEndpoint::Address(std::net::Ipv4Addr::from(lo).into()),
            End::Resource(resource) => QueryEndpoint::Resource(resource),
        },
        protocol: Protocol::Number(proto),
        port: Some(port),
        // The witness's source key says its family (§16).
        family: vpcsim_reach::Family::of(vpcsim_flow::key_ip(src)),
    }
}

/// The bounding protocol range of a set (fewer cells to decide).
fn protocol_bounds(set: &FlowSet) -> (u8, u8) {
    let lo = set.boxes().iter().map(|b| b.proto().0).min().unwrap_or(0);
    let hi = set.boxes().iter().map(|b| b.proto().1).max().unwrap_or(255);
    (lo, hi)
}

/// What violates `policy` from `from` to `to`, if anything.
fn decide(analyzer: &Analyzer<'_, '_>, policy: &Policy, from: End, to: End) -> Option<Violation> {
    let delivered = delivered(analyzer, policy, from, to);
    let offending = match policy.kind {
        Kind::Deny | Kind::Isolate => delivered.intersect(&policy.flows),
        Kind::AllowOnly => delivered.difference(&policy.flows),
        Kind::Require => policy
            .flows
            .intersect(&pair_source_space(analyzer, from, to))
            .difference(&delivered),
    }
    .normalize();
    let flow = preferred_flow(analyzer.model(), to, &offending)?;
    let witness = witness_query(from, to, flow);
    let answer = analyzer.engine().query(&witness);
    Some(Violation {
        from,
        to,
        flows: offending,
        witness,
        answer,
    })
}

/// Every flow of interest delivered from `from` to `to` (allow-only looks at all protocols).
pub fn delivered(analyzer: &Analyzer<'_, '_>, policy: &Policy, from: End, to: End) -> FlowSet {
    let protocols = match policy.kind {
        Kind::AllowOnly => (0, 255),
        _ => protocol_bounds(&policy.flows),
    };
    let (source, destination) = (source(from), destination(to));
    let v4 = analyzer.reach(source, destination, protocols, None).set;
    // §16: between ends that both have IPv6, IPv6 flows count too.
    if has_ipv6(analyzer, from) && has_ipv6(analyzer, to) {
        let v6 = analyzer
            .reach_in(
                vpcsim_reach::Family::V6,
                source,
                destination,
                protocols,
                None,
            )
            .set;
        return v4.union(&v6);
    }
    v4
}
