//! One port-specific reachability query with its explanation on a generated estate (issue #4;
//! target on the L tier, ≈100k ENIs: median ≤ 2 µs). The query is instance → database on the
//! database port inside one VPC (SG reference rules, NACLs, routes, return path), the first
//! such pair of the estate that is reachable; a second measurement asks internet → an ALB
//! listener (two connections, one branch per target). Building the named view (strings) is
//! measured separately: it is rendering, not the query.

// The bench harness reports the estate size it measured on stderr.
#![allow(clippy::print_stderr)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use vpcsim_benches::{tier, tier_name};
use vpcsim_model::{Model, Resource};
use vpcsim_reach::{AnswerView, Engine, Query, QueryEndpoint};

fn instance_to_database(engine: &Engine<'_>, model: &Model) -> Option<Query> {
    for (db_index, db) in model.databases.iter().enumerate() {
        for (instance_index, instance) in model.instances.iter().enumerate() {
            if instance.vpc != db.vpc {
                continue;
            }
            let query = Query {
                from: QueryEndpoint::Resource(Resource::Instance(
                    vpcsim_model::InstanceId::from_index(instance_index),
                )),
                to: QueryEndpoint::Resource(Resource::Database(vpcsim_model::DbId::from_index(
                    db_index,
                ))),
                protocol: vpcsim_model::Protocol::TCP,
                port: Some(db.port),
                family: vpcsim_reach::Family::V4,
            };
            if engine.query(&query).is_reachable() {
                return Some(query);
            }
        }
    }
    None
}

fn internet_to_alb(engine: &Engine<'_>, model: &Model) -> Option<Query> {
    model
        .load_balancers
        .iter()
        .enumerate()
        .find_map(|(index, lb)| {
            let listener = lb.listeners.first()?;
            let query = Query {
                from: QueryEndpoint::Internet,
                to: QueryEndpoint::Resource(Resource::LoadBalancer(
                    vpcsim_model::LbId::from_index(index),
                )),
                protocol: vpcsim_model::Protocol::TCP,
                port: Some(listener.port),
                family: vpcsim_reach::Family::V4,
            };
            engine.query(&query).is_reachable().then_some(query)
        })
}

fn reach(c: &mut Criterion) {
    let tier = tier();
    let name = tier_name(&tier);
    let document = vpcsim_gen::generate(tier, 1);
    let (model, diagnostics) = vpcsim_model::resolve(&document);
    assert!(
        !diagnostics
            .iter()
            .any(|d| d.severity == vpcsim_model::Severity::Error),
        "generated estate has errors"
    );
    let engine = Engine::new(&model);
    let private = instance_to_database(&engine, &model).expect("a reachable instance → database");
    let public = internet_to_alb(&engine, &model).expect("a reachable internet → ALB");
    eprintln!(
        "reach bench on tier {name}: {} ENIs, {} VPCs",
        model.enis.len(),
        model.vpcs.len()
    );

    let mut group = c.benchmark_group(format!("reach/{name}"));
    group.bench_function("instance_to_database", |b| {
        b.iter(|| black_box(engine.query(black_box(&private))))
    });
    group.bench_function("internet_to_alb", |b| {
        b.iter(|| black_box(engine.query(black_box(&public))))
    });
    let answer = engine.query(&private);
    group.bench_function("instance_to_database_view", |b| {
        b.iter(|| black_box(AnswerView::new(&model, &private, black_box(&answer))))
    });
    group.finish();

    let mut setup = c.benchmark_group(format!("reach-setup/{name}"));
    setup.sample_size(10);
    setup.bench_function("engine_new", |b| b.iter(|| black_box(Engine::new(&model))));
    setup.finish();
}

/// IPv6 on a dual-stack estate of the same tier, side by side with the IPv4 question on the
/// same model (issue 17: one IPv6 query ≤ 2 µs on L).
fn reach_dual_stack(c: &mut Criterion) {
    let tier = tier();
    let name = tier_name(&tier);
    let document = vpcsim_gen::generate(vpcsim_benches::dual_stack(&tier), 1);
    let (model, diagnostics) = vpcsim_model::resolve(&document);
    assert!(
        !diagnostics
            .iter()
            .any(|d| d.severity == vpcsim_model::Severity::Error),
        "generated dual-stack estate has errors"
    );
    let engine = Engine::new(&model);
    let v4 = internet_to_alb(&engine, &model).expect("a reachable internet → ALB");
    let v6 = Query {
        family: vpcsim_reach::Family::V6,
        ..v4
    };
    assert!(
        engine.query(&v6).is_reachable(),
        "the dual-stack ALB is reachable over IPv6"
    );
    let mut group = c.benchmark_group(format!("reach-dual-stack/{name}"));
    group.bench_function("internet_to_alb_ipv4", |b| {
        b.iter(|| black_box(engine.query(black_box(&v4))))
    });
    group.bench_function("internet_to_alb_ipv6", |b| {
        b.iter(|| black_box(engine.query(black_box(&v6))))
    });
    group.finish();
}

criterion_group!(benches, reach, reach_dual_stack);
criterion_main!(benches);
