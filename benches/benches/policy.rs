//! Policies on a generated estate (issue 20): a 50-policy set over the first VPCs — deny from the
//! internet to the data and app subnets, allow-only from the app group to the data subnet,
//! isolate the data subnets of neighbouring VPCs, require HTTPS to the load balancers — decided
//! exhaustively by `vpcsim-policy`. In the same run, the naive approach for comparison: the same
//! pairs asked port by port with concrete queries (every TCP port, as a Reachability-Analyzer-
//! style tool would), measured on the first policies and extrapolated per pair.
//!
//! One timed run each (an L-tier run takes seconds, criterion's sampling would take minutes);
//! under `cargo test --benches` it runs on the S tier and checks the symbolic verdicts against
//! the naive ones.

#![allow(clippy::print_stderr, clippy::print_stdout)]

use std::time::Instant;

use vpcsim_benches::{estate_json, is_bench_run, load_clean, tier, tier_name};
use vpcsim_model::{Loc, Model, Protocol, schema};
use vpcsim_policy::{End, Kind, compile, evaluate};
use vpcsim_reach::{Engine, Query, QueryEndpoint};
use vpcsim_symbolic::Analyzer;

fn policy(
    id: String,
    kind: &str,
    from: &str,
    to: &str,
    ports: Option<&str>,
) -> Loc<schema::Policy> {
    Loc::new(schema::Policy {
        id: Loc::new(id),
        kind: Loc::new(kind.to_owned()),
        from: Loc::new(schema::OneOrMany::One(from.to_owned())),
        to: Loc::new(schema::OneOrMany::One(to.to_owned())),
        proto: ports.map(|_| Loc::new(schema::OneOrMany::One("tcp".to_owned()))),
        ports: ports.map(|p| {
            Loc::new(schema::OneOrMany::Many(
                p.split(',')
                    .map(|port| schema::NumOrText::Text(port.to_owned()))
                    .collect(),
            ))
        }),
        description: None,
    })
}

/// Fifty policies over the estate's first VPCs, five kinds of intent in turn.
fn policies(model: &Model) -> Vec<Loc<schema::Policy>> {
    let names: Vec<&str> = model.vpcs.iter().map(|v| v.name.as_str()).collect();
    let mut out = Vec::new();
    for i in 0..50 {
        let vpc = names[i % names.len()];
        let next = names[(i + 1) % names.len()];
        let id = format!("p{i:02}");
        out.push(match i % 5 {
            0 => policy(
                id,
                "deny",
                "internet",
                &format!("subnet:{vpc}/data-a"),
                None,
            ),
            1 => policy(
                id,
                "deny",
                "internet",
                &format!("subnet:{vpc}/app-a"),
                Some("22"),
            ),
            2 => policy(
                id,
                "allow-only",
                &format!("sg:{vpc}/app-sg"),
                &format!("subnet:{vpc}/data-a"),
                Some("3306,5432,6379"),
            ),
            3 => policy(
                id,
                "isolate",
                &format!("subnet:{vpc}/data-a"),
                &format!("subnet:{next}/data-a"),
                None,
            ),
            _ => policy(
                id,
                "deny",
                &format!("subnet:{vpc}/public-a"),
                &format!("subnet:{vpc}/app-a"),
                Some("22"),
            ),
        });
    }
    out
}

/// The naive verdict of one ordered pair: every TCP port asked concretely. Returns whether any
/// flow of the policy's set is delivered (deny, isolate), and the number of queries.
fn naive_pair(
    engine: &Engine<'_>,
    policy: &vpcsim_policy::Policy,
    from: End,
    to: End,
) -> (bool, u64) {
    let endpoint = |end: End| match end {
        End::Internet => QueryEndpoint::Address(std::net::Ipv4Addr::new(8, 8, 8, 8).into()),
        End::Range(lo, _) => QueryEndpoint::Address(std::net::Ipv4Addr::from(lo).into()),
        End::Resource(r) => QueryEndpoint::Resource(r),
    };
    let mut delivered = false;
    let mut queries = 0;
    for port in 0..=65535u16 {
        if !policy.flows.boxes().iter().any(|b| {
            b.proto().0 <= 6 && 6 <= b.proto().1 && b.port().0 <= port && port <= b.port().1
        }) {
            continue;
        }
        queries += 1;
        let answer = engine.query(&Query {
            from: endpoint(from),
            to: endpoint(to),
            protocol: Protocol::TCP,
            port: Some(port),
            family: vpcsim_reach::Family::V4,
        });
        delivered |= answer.is_reachable();
    }
    (delivered, queries)
}

fn main() {
    let tier = tier();
    let name = tier_name(&tier);
    let started = Instant::now();
    let model = load_clean("estate.json", estate_json(tier));
    let load = started.elapsed();
    let engine = Engine::new(&model);
    let analyzer = Analyzer::new(&engine);
    let specs = policies(&model);
    let (compiled, problems) = compile(&model, &specs);
    assert!(
        problems
            .iter()
            .all(|d| d.severity != vpcsim_model::Severity::Error),
        "{problems:?}"
    );
    let pairs: usize = compiled
        .iter()
        .map(|p| vpcsim_policy::eval::pairs(p).len())
        .sum();

    let started = Instant::now();
    let verdicts = evaluate(&analyzer, &compiled);
    let symbolic = started.elapsed();
    let violated = verdicts.iter().filter(|v| !v.holds()).count();

    // Naive: the first policies of the deny/isolate kinds, every TCP port of their set per pair.
    let sample: Vec<usize> = (0..compiled.len())
        .filter(|i| matches!(compiled[*i].kind, Kind::Deny | Kind::Isolate))
        .take(if is_bench_run() { 3 } else { 4 })
        .collect();
    let started = Instant::now();
    let (mut naive_pairs, mut queries) = (0usize, 0u64);
    for &i in &sample {
        let policy = &compiled[i];
        let mut any = false;
        for (from, to) in vpcsim_policy::eval::pairs(policy) {
            let (delivered, n) = naive_pair(&engine, policy, from, to);
            any |= delivered;
            queries += n;
            naive_pairs += 1;
        }
        // Over TCP the naive answer must agree with the exhaustive one (which also covers
        // every other protocol, so it can only find more).
        let symbolic_tcp = verdicts[i].violations.iter().any(|v| {
            v.flows
                .boxes()
                .iter()
                .any(|b| b.proto().0 <= 6 && 6 <= b.proto().1)
        });
        assert_eq!(
            any, symbolic_tcp,
            "policy {} disagrees with the port-by-port answer",
            policy.id
        );
    }
    let naive = started.elapsed();
    let per_pair_naive = naive.as_secs_f64() / naive_pairs.max(1) as f64;
    println!(
        "policy/{name}: load {:.2} s; 50 policies, {pairs} ordered pairs, decided in {:.3} s ({violated} violated)",
        load.as_secs_f64(),
        symbolic.as_secs_f64()
    );
    println!(
        "policy/{name}: naive port-by-port on {} policies ({naive_pairs} pairs, {queries} tcp queries): {:.3} s, {:.4} s per pair → about {:.1} s for all {pairs} pairs (tcp only)",
        sample.len(),
        naive.as_secs_f64(),
        per_pair_naive,
        per_pair_naive * pairs as f64
    );
}
