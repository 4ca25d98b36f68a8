//! Load + resolve of a generated estate from JSON and from YAML (issue #8; target on the L tier:
//! ≤ 0.5 s from JSON, ≤ 2.5 s from YAML).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vpcsim_benches::{estate_json, estate_yaml, load_clean, tier, tier_name};
use vpcsim_model::{SourceFile, load};

fn load_and_resolve(c: &mut Criterion) {
    let tier = tier();
    let name = tier_name(&tier);
    let json = estate_json(tier.clone());
    let yaml = estate_yaml(tier);
    // Smoke check (also under `cargo test --benches`): both forms load cleanly and agree.
    let from_json = load_clean("estate.json", json.clone());
    let from_yaml = load_clean("estate.yaml", yaml.clone());
    assert_eq!(from_json.enis.len(), from_yaml.enis.len());
    assert!(!from_json.enis.is_empty());
    if !vpcsim_benches::is_bench_run() {
        // The YAML fast path reads the generated estate exactly as serde-saphyr does.
        let source = SourceFile {
            name: "estate.yaml".into(),
            text: yaml.clone(),
        };
        let fast = vpcsim_model::parse_document(&source).expect("generated YAML parses");
        let reference = vpcsim_model::load::parse_yaml_reference(&yaml).expect("reference parses");
        assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
    }

    let mut group = c.benchmark_group(format!("load/{name}"));
    group.sample_size(10);
    group.bench_function("json", |b| {
        b.iter(|| {
            let loaded = load(&SourceFile {
                name: "estate.json".into(),
                text: json.clone(),
            });
            black_box(loaded.model.map(|m| m.enis.len()))
        })
    });
    group.bench_function("yaml", |b| {
        b.iter(|| {
            let loaded = load(&SourceFile {
                name: "estate.yaml".into(),
                text: yaml.clone(),
            });
            black_box(loaded.model.map(|m| m.enis.len()))
        })
    });
    // The two halves separately: parsing into a schema Document, and resolving it.
    let source_json = SourceFile {
        name: "estate.json".into(),
        text: json.clone(),
    };
    let document = vpcsim_model::parse_document(&source_json).expect("generated JSON parses");
    group.bench_function("parse_json_only", |b| {
        b.iter(|| black_box(vpcsim_model::parse_document(&source_json).map(|d| d.vpcs.len())))
    });
    group.bench_function("resolve_only", |b| {
        b.iter(|| black_box(vpcsim_model::resolve(&document).0.enis.len()))
    });
    group.finish();
}

criterion_group!(benches, load_and_resolve);
criterion_main!(benches);
