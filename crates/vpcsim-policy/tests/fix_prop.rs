//! Property: on random small designs with a random expectation that fails, every change
//! `vpcsim fix` proposes makes it hold, keeps every expectation that held, and opens nothing but
//! the expected flow between the expected ends (checked here, independently of the search's own
//! verification, with the symbolic `diff` of the two designs); where it proposes none it says
//! why; and where only a security-group rule is missing it always finds one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use vpcsim_model::{Model, SourceFile};
use vpcsim_policy::fix::{Outcome, fix};
use vpcsim_reach::{Engine, check_expectations};
use vpcsim_symbolic::{Analyzer, ChangeKind, diff};

fn model(text: &str) -> Model {
    let loaded = vpcsim_model::load(&SourceFile {
        name: "p.yaml".into(),
        text: text.into(),
    });
    assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
    loaded.model.unwrap()
}

#[derive(Debug, Clone)]
struct Design {
    /// Per instance: (subnet 0 public / 1 private, ingress ports it admits from the VPC).
    instances: Vec<(usize, Vec<u16>)>,
    /// Whether the private subnet has a NACL without the ephemeral return range.
    strict_nacl: bool,
    /// The failing expectation: from instance, to instance, port.
    expect: (usize, usize, u16),
}

const PORTS: [u16; 4] = [22, 80, 443, 5432];

fn design() -> impl Strategy<Value = Design> {
    (
        prop::collection::vec(
            (
                0usize..2,
                prop::collection::vec(prop::sample::select(PORTS.to_vec()), 0..3),
            ),
            2..4,
        ),
        any::<bool>(),
        0usize..4,
        0usize..4,
        prop::sample::select(PORTS.to_vec()),
    )
        .prop_map(|(instances, strict_nacl, a, b, port)| {
            let n = instances.len();
            let from = a % n;
            let to = if b % n == from { (from + 1) % n } else { b % n };
            Design {
                instances,
                strict_nacl,
                expect: (from, to, port),
            }
        })
}

fn yaml(d: &Design) -> String {
    let mut s = String::from(
        "version: 1\nregion: ap-northeast-2\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    internet_gateway: igw\n    subnets:\n      pub: { cidr: 10.0.0.0/24, az: ap-northeast-2a, route_table: public }\n      priv: { cidr: 10.0.1.0/24, az: ap-northeast-2a }\n    route_tables:\n      public:\n        routes: [ { to: 0.0.0.0/0, via: igw } ]\n",
    );
    if d.strict_nacl {
        s.push_str("    network_acls:\n      tight:\n        subnets: [priv]\n        ingress:\n          - { rule: 100, action: allow, proto: tcp, ports: 0-65535, cidr: 10.0.0.0/16 }\n        egress:\n          - { rule: 100, action: allow, proto: tcp, ports: 0-1023, cidr: 10.0.0.0/16 }\n");
    }
    s.push_str("    security_groups:\n");
    for (i, (_, ports)) in d.instances.iter().enumerate() {
        s.push_str(&format!("      sg{i}:\n        ingress:\n"));
        if ports.is_empty() {
            s.push_str("          - { proto: icmp, from: 10.0.0.0/16 }\n");
        }
        for port in ports {
            s.push_str(&format!(
                "          - {{ proto: tcp, ports: {port}, from: 10.0.0.0/16 }}\n"
            ));
        }
    }
    s.push_str("    instances:\n");
    for (i, (subnet, _)) in d.instances.iter().enumerate() {
        let subnet = if *subnet == 0 { "pub" } else { "priv" };
        s.push_str(&format!(
            "      i{i}: {{ subnet: {subnet}, security_groups: [sg{i}] }}\n"
        ));
    }
    let (from, to, port) = d.expect;
    s.push_str(&format!(
        "expect:\n  - {{ from: i{from}, to: i{to}:{port}, reachable: true }}\n"
    ));
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn every_proposed_fix_holds_and_opens_nothing_else(d in design()) {
        let text = yaml(&d);
        let before = model(&text);
        let failing = {
            let engine = Engine::new(&before);
            !check_expectations(&engine)[0].passed()
        };
        prop_assume!(failing);
        let report = fix("p.yaml", &text, &[]).unwrap();
        for outcome in &report.outcomes {
            let step = match outcome {
                Outcome::Fixed(step) => step,
                // No fix is said with its reasons (a NACL return range also opens other ports).
                Outcome::NoFix { reasons, .. } => {
                    prop_assert!(!reasons.is_empty());
                    continue;
                }
            };
            let after = model(&step.text);
            let engine = Engine::new(&after);
            prop_assert!(check_expectations(&engine).iter().all(|r| r.passed()), "{}", step.text);
            let old_engine = Engine::new(&before);
            let (old, new) = (Analyzer::new(&old_engine), Analyzer::new(&engine));
            let (from, to, port) = d.expect;
            for change in diff(&old, &new) {
                prop_assert_eq!(change.kind, ChangeKind::Opened);
                prop_assert_eq!(&change.from, &format!("v/i{from}"));
                prop_assert_eq!(&change.to, &format!("v/i{to}"));
                for b in change.flows.boxes() {
                    prop_assert_eq!(b.proto(), (6, 6));
                    prop_assert_eq!(b.port(), (port, port));
                }
            }
        }
        // Without the strict NACL only a security-group rule is missing: a fix always exists.
        if !d.strict_nacl {
            prop_assert!(matches!(report.outcomes.as_slice(), [Outcome::Fixed(_)]), "{}\n{:?}", text, report.outcomes);
        }
    }
}
