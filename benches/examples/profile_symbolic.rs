//! Runs the symbolic benchmarks' work in a loop, for profilers (`perf record`):
//! `cargo run --release -p vpcsim-benches --example profile_symbolic -- L exposure 3`
//! (the second argument is `exposure`, `cold` or `warm`, the third the number of rounds; a
//! fourth, `dual`, makes the estate dual-stack).
#![allow(clippy::print_stdout)]

use std::time::Instant;

use vpcsim_model::Resource;
use vpcsim_reach::Engine;
use vpcsim_symbolic::{Analyzer, Destination, Source};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tier = vpcsim_benches::tier_from_arg(args.get(1).map(String::as_str));
    let what = args.get(2).map_or("exposure", String::as_str);
    let rounds: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(3);
    let tier = if args.get(4).map(String::as_str) == Some("dual") {
        vpcsim_benches::dual_stack(&tier)
    } else {
        tier
    };
    let model = vpcsim_benches::load_clean("estate.json", vpcsim_benches::estate_json(tier));
    let engine = Engine::new(&model);
    let lb = (0..model.load_balancers.len())
        .map(vpcsim_model::LbId::from_index)
        .find(|id| model.load_balancer(*id).scheme == vpcsim_model::LbScheme::InternetFacing)
        .map(Resource::LoadBalancer)
        .expect("an internet-facing load balancer");
    for _ in 0..rounds {
        let start = Instant::now();
        match what {
            "cold" => {
                let mut volume = 0u128;
                for _ in 0..1000 {
                    let fresh = Analyzer::new(&engine);
                    volume += fresh
                        .reach(Source::Internet, Destination::Resource(lb), (0, 255), None)
                        .set
                        .volume();
                }
                println!("1000 cold queries {:?} ({volume})", start.elapsed());
            }
            "warm" => {
                let analyzer = Analyzer::new(&engine);
                let mut volume = 0u128;
                for _ in 0..1000 {
                    volume += analyzer
                        .reach(Source::Internet, Destination::Resource(lb), (0, 255), None)
                        .set
                        .volume();
                }
                let cells = analyzer
                    .reach(Source::Internet, Destination::Resource(lb), (0, 255), None)
                    .cells;
                println!(
                    "1000 warm queries {:?} ({volume}, {cells} cells)",
                    start.elapsed()
                );
            }
            _ => {
                let exposed = Analyzer::new(&engine).exposure().exposed.len();
                println!("exposure {:?}, {exposed} entries", start.elapsed());
            }
        }
    }
}
