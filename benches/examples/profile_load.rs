//! Loads a generated estate repeatedly, for profilers (`perf record`, callgrind):
//! `cargo run --release -p vpcsim-benches --example profile_load -- M json 10`.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use vpcsim_model::{SourceFile, parse_document, resolve};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tier = vpcsim_benches::tier_from_arg(args.get(1).map(String::as_str));
    let yaml = args.get(2).is_some_and(|f| f == "yaml");
    let rounds: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(10);
    let text = if yaml {
        vpcsim_benches::estate_yaml(tier)
    } else {
        vpcsim_benches::estate_json(tier)
    };
    let source = SourceFile {
        name: if yaml {
            "e.yaml".into()
        } else {
            "e.json".into()
        },
        text,
    };
    if std::env::var_os("RESOLVE_ONLY").is_some() {
        let document = parse_document(&source).expect("parses");
        for _ in 0..rounds {
            let start = Instant::now();
            let (model, _) = resolve(&document);
            println!("resolve {:?} enis {}", start.elapsed(), model.enis.len());
        }
        return;
    }
    for _ in 0..rounds {
        let start = Instant::now();
        let document = parse_document(&source).expect("parses");
        let parsed = start.elapsed();
        let (model, _) = resolve(&document);
        let resolved = start.elapsed();
        let enis = model.enis.len();
        drop(document);
        let dropped_document = start.elapsed();
        drop(model);
        println!(
            "parse {parsed:?} resolve {:?} drop document {:?} drop model {:?} enis {enis}",
            resolved - parsed,
            dropped_document - resolved,
            start.elapsed() - dropped_document
        );
    }
}
