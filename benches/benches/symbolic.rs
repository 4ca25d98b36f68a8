//! Symbolic analysis on a generated estate (issue #8): "who reaches X" — every protocol,
//! source and port from the internet to one internet-facing load balancer, and from one
//! instance to another — and the full exposure report over all ENIs × all protocols and ports.
//! Baseline in the same run: the port-by-port loop a Reachability-Analyzer-style tool would do
//! (65,536 concrete TCP queries for the same pair).

// The harness reports the single-run exposure time on stderr.
#![allow(clippy::print_stderr)]

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};
use vpcsim_benches::{estate_json, is_bench_run, load_clean, tier, tier_name};
use vpcsim_model::{Protocol, Resource};
use vpcsim_reach::{Engine, Query, QueryEndpoint};
use vpcsim_symbolic::{Analyzer, Destination, Source};

/// Above this time per run, the exposure report is measured by one timed run, not criterion.
const SLOW_RUN: Duration = Duration::from_secs(10);

fn symbolic(c: &mut Criterion) {
    let tier = tier();
    let name = tier_name(&tier);
    let model = load_clean("estate.json", estate_json(tier.clone()));
    let engine = Engine::new(&model);
    let analyzer = Analyzer::new(&engine);

    // X: the first internet-facing load balancer; the pair: the first two instances of VPC 0.
    let lb = (0..model.load_balancers.len())
        .map(|i| Resource::LoadBalancer(vpcsim_model::LbId::from_index(i)))
        .find(|r| matches!(r, Resource::LoadBalancer(id) if model.load_balancer(*id).scheme == vpcsim_model::LbScheme::InternetFacing))
        .expect("the estate has an internet-facing load balancer");
    let instances: Vec<Resource> = (0..model.instances.len())
        .map(|i| Resource::Instance(vpcsim_model::InstanceId::from_index(i)))
        .filter(|r| matches!(r, Resource::Instance(id) if model.instance(*id).vpc == vpcsim_model::VpcId(0)))
        .take(2)
        .collect();
    let (a, b) = (instances[0], instances[1]);

    // Smoke check (also under `cargo test --benches`): the ALB is reachable from the internet,
    // and the symbolic answer agrees with the packet engine on a sample of ports.
    let from_internet = analyzer.reach(Source::Internet, Destination::Resource(lb), (0, 255), None);
    assert!(
        !from_internet.set.is_empty(),
        "the internet reaches the load balancer"
    );
    let pair = analyzer.reach(
        Source::Resource(a),
        Destination::Resource(b),
        (0, 255),
        None,
    );
    let src = u32::from(model.eni(model.resource_enis(a)[0]).private_ip);
    for port in [22u16, 80, 443, 3306, 8080, 8443, 65535] {
        let concrete = engine
            .query(&Query {
                from: QueryEndpoint::Resource(a),
                to: QueryEndpoint::Resource(b),
                protocol: Protocol::TCP,
                port: Some(port),
                family: vpcsim_reach::Family::V4,
            })
            .is_reachable();
        assert_eq!(pair.set.contains(6, src, port), concrete, "port {port}");
    }

    let mut group = c.benchmark_group(format!("symbolic/{name}"));
    // Cold: a fresh analyzer, so the cut points of this pair are computed inside the timing
    // (the warm variant below reuses them, as exposure and repeated questions do). The
    // internet's address ranges belong to the engine (`Engine::new`, measured in `reach-setup`),
    // built once per loaded model like its other indexes.
    group.bench_function("who_reaches_alb_from_internet_cold", |bench| {
        bench.iter(|| {
            let fresh = Analyzer::new(&engine);
            black_box(
                fresh
                    .reach(Source::Internet, Destination::Resource(lb), (0, 255), None)
                    .set
                    .volume(),
            )
        })
    });
    group.bench_function("who_reaches_alb_from_internet", |bench| {
        bench.iter(|| {
            black_box(
                analyzer
                    .reach(Source::Internet, Destination::Resource(lb), (0, 255), None)
                    .set
                    .volume(),
            )
        })
    });
    group.bench_function("instance_to_instance_all_ports", |bench| {
        bench.iter(|| {
            black_box(
                analyzer
                    .reach(
                        Source::Resource(a),
                        Destination::Resource(b),
                        (0, 255),
                        None,
                    )
                    .set
                    .volume(),
            )
        })
    });
    group.sample_size(10);
    group.bench_function("baseline_port_by_port_tcp_65536", |bench| {
        bench.iter(|| {
            let mut open = 0u32;
            for port in 0..=u16::MAX {
                let query = Query {
                    from: QueryEndpoint::Resource(a),
                    to: QueryEndpoint::Resource(b),
                    protocol: Protocol::TCP,
                    port: Some(port),
                    family: vpcsim_reach::Family::V4,
                };
                open += u32::from(engine.query(&query).is_reachable());
            }
            black_box(open)
        })
    });
    group.finish();

    // The full exposure report. One timed run first (also the smoke check); when one run takes
    // longer than `SLOW_RUN`, criterion's minimum of 10 samples plus warm-up would take too long
    // (the L tier measured minutes per run), so the single run is the reported measurement.
    let started = Instant::now();
    let exposed = Analyzer::new(&engine).exposure().exposed.len();
    let single_run = started.elapsed();
    assert!(exposed > 0, "the estate exposes something to the internet");
    eprintln!(
        "symbolic/{name}/exposure_all_enis: one run {:.3} s, {exposed} exposed entries",
        single_run.as_secs_f64()
    );
    // The same tier dual-stack, in the same run (issue 17: ≤ 1.5× the IPv4-only time).
    {
        let document = vpcsim_gen::generate(vpcsim_benches::dual_stack(&tier), 1);
        let (dual, _) = vpcsim_model::resolve(&document);
        drop(document);
        let dual_engine = Engine::new(&dual);
        let started = Instant::now();
        let exposure = Analyzer::new(&dual_engine).exposure();
        let dual_run = started.elapsed();
        let ipv6 = exposure
            .exposed
            .iter()
            .filter(|e| e.families.has_ipv6())
            .count();
        assert!(
            ipv6 > 0,
            "the dual-stack estate exposes something over IPv6"
        );
        eprintln!(
            "symbolic/{name}/exposure_all_enis_dual_stack: one run {:.3} s, {} exposed entries ({ipv6} over IPv6), {:.2}× the IPv4-only run",
            dual_run.as_secs_f64(),
            exposure.exposed.len(),
            dual_run.as_secs_f64() / single_run.as_secs_f64().max(1e-9)
        );
    }
    if !is_bench_run() {
        return;
    }
    if single_run > SLOW_RUN {
        eprintln!(
            "symbolic/{name}/exposure_all_enis: slower than {} s per run; reporting the single run above instead of criterion samples",
            SLOW_RUN.as_secs()
        );
        return;
    }
    let mut exposure = c.benchmark_group(format!("symbolic/{name}"));
    exposure.sample_size(10);
    exposure.sampling_mode(SamplingMode::Flat);
    exposure.bench_function("exposure_all_enis", |bench| {
        bench.iter(|| {
            let fresh = Analyzer::new(&engine);
            black_box(fresh.exposure().exposed.len())
        })
    });
    exposure.finish();
}

criterion_group!(benches, symbolic);
criterion_main!(benches);
