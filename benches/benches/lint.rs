//! Lint of a whole generated estate (issue #8; target on the L tier: ≤ 2 s): every registered
//! rule over the model, including the path-aware rules that build the reachability engine.
//!
//! Each iteration calls `vpcsim_lint::lint`, which creates a fresh `LintContext`, so the lazily
//! built engine is part of the measured cost, as it is for one `vpcsim check`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use vpcsim_benches::{estate_json, load_clean, tier, tier_name};

fn lint_estate(c: &mut Criterion) {
    let tier = tier();
    let name = tier_name(&tier);
    let model = load_clean("estate.json", estate_json(tier));

    // Smoke check (also under `cargo test --benches`): every rule runs to completion, and the
    // findings are deterministic across two runs.
    let first = vpcsim_lint::lint(&model);
    let second = vpcsim_lint::lint(&model);
    assert_eq!(first.len(), second.len(), "lint is deterministic");
    assert!(
        first.iter().zip(&second).all(|(x, y)| x.code == y.code),
        "lint findings come in the same order"
    );
    assert!(!vpcsim_lint::rules().is_empty());

    let mut group = c.benchmark_group(format!("lint/{name}"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("all_rules", |bench| {
        bench.iter(|| black_box(vpcsim_lint::lint(&model).len()))
    });
    group.finish();
}

criterion_group!(benches, lint_estate);
criterion_main!(benches);
