//! Exposure and reachable sets of the seed designs.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::path::Path;

use vpcsim_model::{Model, SourceFile, load};
use vpcsim_reach::Engine;
use vpcsim_symbolic::{Analyzer, Destination, Source, Via};

fn seed(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/designs")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = load(&SourceFile {
        name: name.into(),
        text,
    });
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.model.unwrap()
}

fn exposure_lines(model: &Model) -> Vec<String> {
    let engine = Engine::new(model);
    let analyzer = Analyzer::new(&engine);
    analyzer
        .exposure()
        .exposed
        .iter()
        .map(|e| {
            let via = match e.via {
                Via::Direct => "direct".to_owned(),
                Via::LoadBalancer {
                    lb,
                    listener_port,
                    target_port,
                } => format!(
                    "via {}:{listener_port} -> {target_port}",
                    model.load_balancer(lb).name
                ),
            };
            {
                let lines: Vec<String> =
                    vpcsim_symbolic::describe(&e.set, analyzer.internet_keys())
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                format!(
                    "{} {via}: {}",
                    model.resource_name(e.resource),
                    lines.join("; ")
                )
            }
        })
        .collect()
}

#[test]
fn seed_001_exposes_the_alb_and_the_ec2_only_through_it() {
    let model = seed("001-nat-alb.yaml");
    let lines = exposure_lines(&model);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("web direct: tcp 80 from any public address")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("app via web:80 -> 8081: tcp 8081 from any public address")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("app via web:80 -> 8082: tcp 8082 from any public address")),
        "{lines:#?}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("app direct")));
}

#[test]
fn seed_001_port_443_is_open_in_the_sg_but_has_no_listener() {
    let model = seed("001-nat-alb.yaml");
    let engine = Engine::new(&model);
    let exposure = Analyzer::new(&engine).exposure();
    let rules: Vec<(usize, &str)> = exposure
        .unreachable_open_rules
        .iter()
        .map(|r| (r.rule_index, model.security_group(r.sg).name.as_str()))
        .collect();
    assert_eq!(rules, vec![(1, "alb")], "the 443 rule of the ALB's group");
}

#[test]
fn seed_000_exposes_the_bastion_on_22_to_the_admin_ip_only() {
    let model = seed("000-devloop-bastion-nat.yaml");
    let lines = exposure_lines(&model);
    assert_eq!(
        lines,
        vec!["bastion direct: tcp 22 from 203.0.113.7/32".to_owned()]
    );
}

#[test]
fn seed_003_default_sg_members_reach_each_other_on_everything() {
    let model = seed("003-coupon-default-sg.yaml");
    let engine = Engine::new(&model);
    let analyzer = Analyzer::new(&engine);
    let api = model.resource_by_name("coupon-api").unwrap();
    let consumer = model.resource_by_name("coupon-consumer").unwrap();
    let reach = analyzer.reach(
        Source::Resource(api),
        Destination::Resource(consumer),
        (0, 255),
        None,
    );
    // Same subnet, default SG admits all from its members: every protocol and port.
    assert_eq!(reach.set.volume(), 256 * 65536, "{}", reach.set);
}

#[test]
fn print_exposures_for_review() {
    assert_eq!(
        exposure_lines(&seed("003-coupon-default-sg.yaml"))[0],
        "coupon-api direct: tcp 22 from 13.209.1.56/29, 203.0.113.10/32; tcp 8080-8081 from 203.0.113.10/32",
        "the instances' own public IPs are not internet sources"
    );
    for name in [
        "000-devloop-bastion-nat.yaml",
        "001-nat-alb.yaml",
        "002-course-notes.yaml",
        "003-coupon-default-sg.yaml",
    ] {
        let model = seed(name);
        println!("{name}:");
        for line in exposure_lines(&model) {
            println!("  {line}");
        }
    }
}
