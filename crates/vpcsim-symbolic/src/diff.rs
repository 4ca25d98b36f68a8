//! `diff`: every flow whose outcome changed between two designs, with the rules responsible.
//!
//! Resources are matched by `vpc/name`. Matrix flows are compared on protocol × destination
//! port (source addresses are the resource's own and may be re-assigned between versions);
//! exposure flows keep their internet source ranges.

use std::collections::BTreeMap;

use vpcsim_flow::{FlowBox, FlowSet};
use vpcsim_model::{Model, Protocol, Resource};
use vpcsim_reach::{Answer, Query, QueryEndpoint};

use crate::analyzer::Analyzer;
use crate::exposure::Via;

/// Whether a flow became possible or impossible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Reachable in the new design only.
    Opened,
    /// Reachable in the old design only.
    Closed,
}

/// One side's concrete evidence for a change.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The concrete query (ids of that side's model).
    pub query: Query,
    /// The packet engine's answer there.
    pub answer: Answer,
}

/// One changed group of flows.
#[derive(Debug, Clone)]
pub struct Change {
    /// Opened or closed.
    pub kind: ChangeKind,
    /// Source (`internet` or `vpc/name`).
    pub from: String,
    /// Destination `vpc/name`.
    pub to: String,
    /// For exposure through a load balancer: `vpc/lb:listener_port`.
    pub via: Option<String>,
    /// The flows whose outcome changed.
    pub flows: FlowSet,
    /// A sample flow evaluated in the old design (absent when the resource did not exist).
    pub old: Option<Evidence>,
    /// The same sample in the new design.
    pub new: Option<Evidence>,
}

/// A flow set keyed by (from, to, via).
type Keyed = BTreeMap<(String, String, Option<String>), FlowSet>;

fn qualified(model: &Model, resource: Resource) -> String {
    let vpc = crate::analyzer::resource_vpc(model, resource)
        .map(|v| model.vpc(v).name.as_str())
        .unwrap_or("");
    format!("{vpc}/{}", model.resource_name(resource))
}

/// A pair's flows with their sources forgotten (they are the source resource's own addresses)
/// but their family kept (§16): IPv4 sources become all of IPv4, IPv6 ones all of IPv6, so the
/// evidence of a change is asked over the family that changed.
fn collapse_sources(set: &FlowSet) -> FlowSet {
    set.boxes()
        .iter()
        .filter_map(|b| {
            let (plo, phi) = b.proto();
            let (qlo, qhi) = b.port();
            let sources = if b.is_v4() {
                (vpcsim_flow::V4_BASE, vpcsim_flow::V4_LAST)
            } else {
                (vpcsim_flow::V4_LAST + 1, u128::MAX)
            };
            FlowBox::with_keys((plo, phi), sources, (qlo, qhi))
        })
        .fold(FlowSet::empty(), |acc, b| acc.union(&FlowSet::from_box(b)))
        .normalize()
}

fn collect(analyzer: &Analyzer<'_, '_>) -> Keyed {
    let model = analyzer.model();
    let mut keyed = Keyed::new();
    for exposed in analyzer.exposure().exposed {
        let via = match exposed.via {
            Via::Direct => None,
            Via::LoadBalancer {
                lb, listener_port, ..
            } => Some(format!(
                "{}:{listener_port}",
                qualified(model, Resource::LoadBalancer(lb))
            )),
        };
        let key = (
            "internet".to_owned(),
            qualified(model, exposed.resource),
            via,
        );
        let entry = keyed.entry(key).or_default();
        entry.union_with(&exposed.set);
    }
    for pair in analyzer.matrix(None) {
        let key = (qualified(model, pair.from), qualified(model, pair.to), None);
        keyed
            .entry(key)
            .or_default()
            .union_with(&collapse_sources(&pair.set));
    }
    keyed
}

fn evidence(
    analyzer: &Analyzer<'_, '_>,
    from: &str,
    to: &str,
    sample: &FlowBox,
) -> Option<Evidence> {
    let model = analyzer.model();
    let to_resource = model.resource_by_name(to)?;
    let from_endpoint = if from == "internet" {
        QueryEndpoint::Address(sample.src().0)
    } else {
        QueryEndpoint::Resource(model.resource_by_name(from)?)
    };
    let query = Query {
        from: from_endpoint,
        to: QueryEndpoint::Resource(to_resource),
        protocol: Protocol::Number(sample.proto().0),
        port: Some(sample.port().0),
        family: vpcsim_reach::Family::of(sample.src().0),
    };
    let answer = analyzer.engine().query(&query);
    Some(Evidence { query, answer })
}

/// Evidence for a change through a load balancer (`via` = `vpc/lb:listener_port`): the second
/// connection (load balancer → target port) when its verdict changed, else the first
/// (client → listener), which is then where the change is.
fn via_evidence(
    old: &Analyzer<'_, '_>,
    new: &Analyzer<'_, '_>,
    via: &str,
    to: &str,
    sample: &FlowBox,
) -> (Option<Evidence>, Option<Evidence>) {
    let Some((lb, listener_port)) = via.rsplit_once(':') else {
        return (None, None);
    };
    let second = |analyzer: &Analyzer<'_, '_>| evidence(analyzer, lb, to, sample);
    let (old_second, new_second) = (second(old), second(new));
    let verdict = |e: &Option<Evidence>| e.as_ref().map(|e| e.answer.is_reachable());
    if verdict(&old_second) != verdict(&new_second) {
        return (old_second, new_second);
    }
    let port: u16 = listener_port.parse().unwrap_or(0);
    let first_sample = FlowBox::with_keys(sample.proto(), sample.src_keys(), (port, port));
    match first_sample {
        Some(first) => (
            evidence(old, "internet", lb, &first),
            evidence(new, "internet", lb, &first),
        ),
        None => (old_second, new_second),
    }
}

/// Every changed flow between `old` and `new`, opened before closed, then by source and
/// destination.
pub fn diff(old: &Analyzer<'_, '_>, new: &Analyzer<'_, '_>) -> Vec<Change> {
    let before = collect(old);
    let after = collect(new);
    let mut keys: Vec<&(String, String, Option<String>)> =
        before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    let empty = FlowSet::empty();
    let mut changes = Vec::new();
    for key in keys {
        let old_set = before.get(key).unwrap_or(&empty);
        let new_set = after.get(key).unwrap_or(&empty);
        for (kind, flows) in [
            (ChangeKind::Opened, new_set.difference(old_set).normalize()),
            (ChangeKind::Closed, old_set.difference(new_set).normalize()),
        ] {
            let Some(sample) = flows.boxes().first().copied() else {
                continue;
            };
            let (from, to, via) = key;
            let (old_evidence, new_evidence) = match via {
                Some(via) => via_evidence(old, new, via, to, &sample),
                None => (
                    evidence(old, from, to, &sample),
                    evidence(new, from, to, &sample),
                ),
            };
            changes.push(Change {
                kind,
                from: from.clone(),
                to: to.clone(),
                via: via.clone(),
                old: old_evidence,
                new: new_evidence,
                flows,
            });
        }
    }
    changes.sort_by(|a, b| (a.kind, &a.from, &a.to, &a.via).cmp(&(b.kind, &b.from, &b.to, &b.via)));
    changes
}
