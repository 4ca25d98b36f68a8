//! Shared helpers for vpcsim benchmarks: which estate tier to use and how to load it.
//!
//! `cargo bench` passes `--bench` to the harness; `cargo test --benches` does not. Benchmarks use
//! the large tier only under `cargo bench`, so the normal test suite runs every benchmark once on
//! the small tier as a smoke check (correctness only, no timing).

use vpcsim_gen::Tier;
use vpcsim_model::{Model, SourceFile, load};

/// Whether the harness runs as a real benchmark (`cargo bench`) rather than a smoke test.
pub fn is_bench_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// The tier to measure: `VPCSIM_BENCH_TIER` (S, M, L or XL) if set, else L under `cargo bench` and
/// S under `cargo test`.
pub fn tier() -> Tier {
    match std::env::var("VPCSIM_BENCH_TIER").ok().as_deref() {
        Some("M" | "m") => Tier::M,
        Some("L" | "l") => Tier::L,
        Some("XL" | "xl") => Tier::XL,
        Some("S" | "s") => Tier::S,
        _ if is_bench_run() => Tier::L,
        _ => Tier::S,
    }
}

/// The tier named by a profiling example's first argument (`S`, `M`, `L` or `XL`; M otherwise).
pub fn tier_from_arg(arg: Option<&str>) -> Tier {
    match arg {
        Some("L" | "l") => Tier::L,
        Some("XL" | "xl") => Tier::XL,
        Some("S" | "s") => Tier::S,
        _ => Tier::M,
    }
}

/// A short name for the tier, for benchmark ids.
pub fn tier_name(tier: &Tier) -> &'static str {
    match tier {
        Tier::S => "S",
        Tier::M => "M",
        Tier::L => "L",
        Tier::XL => "XL",
        Tier::Custom(_) => "custom",
    }
}

/// The same tier, dual-stack (IPv6 blocks, addresses, routes and rules beside the IPv4 ones,
/// docs/semantics.md §16): the side-by-side IPv6 benchmarks use it.
pub fn dual_stack(tier: &Tier) -> Tier {
    let mut config = tier.config();
    config.dual_stack = true;
    Tier::Custom(config)
}

/// Generates an estate and returns its JSON text.
pub fn estate_json(tier: Tier) -> String {
    let document = vpcsim_gen::generate(tier, 1);
    vpcsim_gen::output::to_string(&document, vpcsim_gen::Format::Json)
        .expect("a generated estate serializes")
}

/// Generates an estate and returns its YAML text.
pub fn estate_yaml(tier: Tier) -> String {
    let document = vpcsim_gen::generate(tier, 1);
    vpcsim_gen::output::to_string(&document, vpcsim_gen::Format::Yaml)
        .expect("a generated estate serializes")
}

/// Loads a design text and asserts it resolved without errors (benchmarks measure valid input).
pub fn load_clean(name: &str, text: String) -> Model {
    let loaded = load(&SourceFile {
        name: name.to_owned(),
        text,
    });
    assert!(
        !loaded.has_errors(),
        "generated estate has errors: {:?}",
        loaded.diagnostics.iter().take(5).collect::<Vec<_>>()
    );
    loaded.model.expect("a clean load has a model")
}

/// The allocator the `vpcsim` binary uses (see `crates/vpcsim-cli/src/main.rs`), so benchmarks
/// measure what the command does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
