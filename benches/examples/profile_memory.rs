//! Resident memory after each stage of `vpcsim check` on a design file, for finding where the
//! peak goes: `cargo run --release -p vpcsim-benches --example profile_memory -- FILE`.
//! Reads `VmRSS`/`VmHWM` from `/proc/self/status` (Linux only).
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use vpcsim_model::{SourceFile, parse_document, resolve};

fn status(stage: &str, start: Instant) {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_owned())
            .unwrap_or_default()
    };
    println!(
        "{stage:<24} {:>8.3} s  rss {:>12}  peak {:>12}",
        start.elapsed().as_secs_f64(),
        field("VmRSS:"),
        field("VmHWM:")
    );
}

fn main() {
    let path = std::env::args().nth(1).expect("a design file");
    let start = Instant::now();
    let source = SourceFile {
        name: path.clone(),
        text: std::fs::read_to_string(&path).expect("readable"),
    };
    status("read", start);
    let document = parse_document(&source).expect("parses");
    status("parse", start);
    let (model, diagnostics) = resolve(&document);
    status("resolve", start);
    drop(document);
    status("drop document", start);
    let engine = vpcsim_reach::Engine::new(&model);
    status("engine", start);
    drop(engine);
    let findings = vpcsim_lint::lint(&model);
    status("lint (own engine)", start);
    println!(
        "{} diagnostics, {} findings",
        diagnostics.len(),
        findings.len()
    );
}
