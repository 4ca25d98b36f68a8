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
        End::Range(lo, hi) => Source::Range(lo, hi),
        End::Resource(resource) => Source::Resource(resource),
    }
}

fn destination(end: End) -> Destination {
    match end {
        End::Internet => Destination::Internet,
        End::Range(lo, _) => Destination::Address(std::net::Ipv4Addr::from(lo)),
        End::Resource(resource) => Destination::Resource(resource),
    }
}

fn endpoint(end: End, address: u32) -> QueryEndpoint {
    match end {
        End::Internet | End::Range(..) => QueryEndpoint::Address(std::net::Ipv4Addr::from(address)),
        End::Resource(resource) => QueryEndpoint::Resource(resource),
    }
}

/// Every header whose source is one of the end's addresses.
pub fn source_space(analyzer: &Analyzer<'_, '_>, end: End) -> FlowSet {
    let model = analyzer.model();
    let ranges: Vec<(u32, u32)> = match end {
        End::Internet => analyzer.internet_ranges().to_vec(),
        End::Range(lo, hi) => vec![(lo, hi)],
        End::Resource(resource) => model
            .resource_enis(resource)
            .iter()
            .map(|eni| {
                let ip = u32::from(model.eni(*eni).private_ip);
                (ip, ip)
            })
            .collect(),
    };
    let mut set = FlowSet::empty();
    for (lo, hi) in ranges {
        if let Some(b) = FlowBox::new((0, 255), (lo, hi), (0, 65535)) {
            set = set.union(&FlowSet::from_box(b));
        }
    }
    set
}

/// A representative header of a non-empty set: (protocol, source, port). TCP, then UDP, then
/// ICMP when the set has them (a reviewer recognises those), else the lowest protocol; within
/// it, the lowest source and port.
pub fn first_flow(set: &FlowSet) -> Option<(u8, u32, u16)> {
    let boxes = set.boxes();
    for wanted in [6u8, 17, 1] {
        let best = boxes
            .iter()
            .filter(|b| b.proto().0 <= wanted && wanted <= b.proto().1)
            .map(|b| (u32::from(b.src().0), b.port().0))
            .min();
        if let Some((src, port)) = best {
            return Some((wanted, src, port));
        }
    }
    boxes.iter().min().map(|b| {
        let (proto, _) = b.proto();
        let (src, _) = b.src();
        let (port, _) = b.port();
        (proto, u32::from(src), port)
    })
}

/// A witness a reviewer recognises: the destination's own service port (a database's, a
/// cache's, a listener's) when the set holds it over TCP, else [`first_flow`].
pub fn preferred_flow(
    model: &vpcsim_model::Model,
    to: End,
    set: &FlowSet,
) -> Option<(u8, u32, u16)> {
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
            .filter(|b| b.contains(6, u32::from(b.src().0), port))
            .min()
        {
            return Some((6, u32::from(b.src().0), port));
        }
    }
    first_flow(set)
}

/// The concrete query for header `flow` from `from` to `to`.
pub fn witness_query(from: End, to: End, flow: (u8, u32, u16)) -> Query {
    let (proto, src, port) = flow;
    Query {
        from: endpoint(from, src),
        to: match to {
            End::Internet => QueryEndpoint::Internet,
            End::Range(lo, _) => QueryEndpoint::Address(std::net::Ipv4Addr::from(lo)),
            End::Resource(resource) => QueryEndpoint::Resource(resource),
        },
        protocol: Protocol::Number(proto),
        port: Some(port),
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
            .intersect(&source_space(analyzer, from))
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
    analyzer
        .reach(source(from), destination(to), protocols, None)
        .set
}
