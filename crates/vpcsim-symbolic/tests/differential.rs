//! Differential test (issue #5): on random designs and random flows, the symbolic set contains
//! a concrete flow exactly when the packet engine says it is delivered.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use proptest::prelude::*;
use vpcsim_model::{Protocol, SourceFile, load};
use vpcsim_reach::{Engine, Query, QueryEndpoint};
use vpcsim_symbolic::{Analyzer, Destination, Source};

const PROTOS: [&str; 4] = ["tcp", "udp", "all", "icmp"];
const PORTS: [&str; 4] = ["22", "80", "8000-8100", "all"];
const PEERS: [&str; 6] = [
    "0.0.0.0/0",
    "203.0.113.0/24",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "sg:one",
    "sg:two",
];
const NACL_CIDRS: [&str; 4] = ["0.0.0.0/0", "203.0.113.0/24", "10.0.0.0/24", "8.0.0.0/8"];

#[derive(Debug, Clone)]
struct Rule {
    proto: usize,
    ports: usize,
    peer: usize,
}

#[derive(Debug, Clone)]
struct NaclRule {
    number: u16,
    allow: bool,
    proto: usize,
    ports: usize,
    cidr: usize,
}

#[derive(Debug, Clone)]
struct Design {
    one_in: Vec<Rule>,
    two_in: Vec<Rule>,
    two_out: Option<Vec<Rule>>,
    groups: [u8; 3],
    nat: bool,
    nacl: Option<(Vec<NaclRule>, Vec<NaclRule>)>,
}

fn rule() -> impl Strategy<Value = Rule> {
    (0..4usize, 0..4usize, 0..6usize).prop_map(|(proto, ports, peer)| Rule { proto, ports, peer })
}

fn nacl_rule() -> impl Strategy<Value = NaclRule> {
    (1u16..200, any::<bool>(), 0..4usize, 0..4usize, 0..4usize).prop_map(
        |(number, allow, proto, ports, cidr)| NaclRule {
            number,
            allow,
            proto,
            ports,
            cidr,
        },
    )
}

fn design() -> impl Strategy<Value = Design> {
    (
        proptest::collection::vec(rule(), 0..4),
        proptest::collection::vec(rule(), 0..4),
        proptest::option::of(proptest::collection::vec(rule(), 0..3)),
        [1u8..4, 1u8..4, 1u8..4],
        any::<bool>(),
        proptest::option::of((
            proptest::collection::vec(nacl_rule(), 0..4),
            proptest::collection::vec(nacl_rule(), 0..4),
        )),
    )
        .prop_map(|(one_in, two_in, two_out, groups, nat, nacl)| Design {
            one_in,
            two_in,
            two_out,
            groups,
            nat,
            nacl,
        })
}

fn sg_rules(rules: &[Rule], key: &str) -> String {
    let items: Vec<String> = rules
        .iter()
        .map(|r| {
            format!(
                "{{ proto: {}, ports: {}, {key}: \"{}\" }}",
                PROTOS[r.proto], PORTS[r.ports], PEERS[r.peer]
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn nacl_rules(rules: &[NaclRule]) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let items: Vec<String> = rules
        .iter()
        .filter(|r| seen.insert(r.number))
        .map(|r| {
            format!(
                "{{ rule: {}, action: {}, proto: {}, ports: {}, cidr: {} }}",
                r.number,
                if r.allow { "allow" } else { "deny" },
                PROTOS[r.proto],
                PORTS[r.ports],
                NACL_CIDRS[r.cidr]
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn groups(mask: u8) -> &'static str {
    match mask {
        1 => "[one]",
        2 => "[two]",
        _ => "[one, two]",
    }
}

fn yaml(design: &Design) -> String {
    let mut text = String::from(
        "vpcs:\n  v:\n    cidr: 10.0.0.0/16\n    internet_gateway: igw\n    subnets:\n      pub: { cidr: 10.0.0.0/24, az: x-1a, public_ip_on_launch: true, route_table: public }\n      priv: { cidr: 10.0.1.0/24, az: x-1a, route_table: private }\n    route_tables:\n      public: { routes: [ { to: 0.0.0.0/0, via: igw } ] }\n",
    );
    if design.nat {
        text.push_str("      private: { routes: [ { to: 0.0.0.0/0, via: nat } ] }\n    nat_gateways:\n      nat: { subnet: pub }\n");
    } else {
        text.push_str("      private: { routes: [] }\n");
    }
    text.push_str("    security_groups:\n");
    text.push_str(&format!(
        "      one: {{ ingress: {} }}\n",
        sg_rules(&design.one_in, "from")
    ));
    match &design.two_out {
        Some(out) => text.push_str(&format!(
            "      two: {{ ingress: {}, egress: {} }}\n",
            sg_rules(&design.two_in, "from"),
            sg_rules(out, "to")
        )),
        None => text.push_str(&format!(
            "      two: {{ ingress: {} }}\n",
            sg_rules(&design.two_in, "from")
        )),
    }
    if design.nacl.is_some() || design.nat {
        text.push_str("    network_acls:\n");
    }
    if design.nat {
        // The NAT gateway's subnet denies one port no other rule mentions, so only its own cut
        // points can split that port off: flows leaving through the NAT gateway see its NACL.
        text.push_str("      nat-acl: { subnets: [pub], ingress: [ { rule: 1, action: deny, proto: tcp, ports: 443, cidr: 0.0.0.0/0 }, { rule: 2, action: allow, proto: all, cidr: 0.0.0.0/0 } ], egress: [ { rule: 1, action: allow, proto: all, cidr: 0.0.0.0/0 } ] }\n");
    }
    if let Some((ingress, egress)) = &design.nacl {
        text.push_str(&format!(
            "      acl: {{ subnets: [priv], ingress: {}, egress: {} }}\n",
            nacl_rules(ingress),
            nacl_rules(egress)
        ));
    }
    text.push_str(&format!(
        "    instances:\n      a: {{ subnet: pub, security_groups: {} }}\n      b: {{ subnet: pub, security_groups: {} }}\n      c: {{ subnet: priv, security_groups: {} }}\n",
        groups(design.groups[0]),
        groups(design.groups[1]),
        groups(design.groups[2])
    ));
    text
}

const FLOW_PROTOS: [u8; 4] = [6, 17, 1, 47];
const FLOW_PORTS: [u16; 6] = [22, 80, 8050, 443, 1, 65535];
// Internet sources, bogons included: `reach` must refuse what symbolic analysis leaves out of
// "the internet" (docs/semantics.md §3.5).
const INTERNET: [[u8; 4]; 8] = [
    [8, 8, 8, 8],
    [203, 0, 113, 5],
    [198, 51, 100, 1],
    [127, 0, 0, 1],
    [224, 0, 0, 1],
    [240, 0, 0, 1],
    [0, 0, 0, 1],
    [169, 254, 1, 1],
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
    #[test]
    fn symbolic_contains_a_flow_exactly_when_the_engine_delivers_it(
        design in design(),
        flows in proptest::collection::vec((0..11usize, 0..3usize, 0..4usize, 0..6usize), 1..8),
    ) {
        let text = yaml(&design);
        let loaded = load(&SourceFile { name: "random.yaml".into(), text: text.clone() });
        prop_assert!(!loaded.has_errors(), "{text}\n{:#?}", loaded.diagnostics);
        let model = loaded.model.unwrap();
        let engine = Engine::new(&model);
        let analyzer = Analyzer::new(&engine);
        let names = ["a", "b", "c"];
        for (from_index, to_index, proto_index, port_index) in flows {
            let to = model.resource_by_name(names[to_index]).unwrap();
            let protocol = FLOW_PROTOS[proto_index];
            let port = FLOW_PORTS[port_index];
            let (source, from_endpoint, src_ip) = if from_index < INTERNET.len() {
                let address = std::net::Ipv4Addr::from(INTERNET[from_index]);
                (Source::Internet, QueryEndpoint::Address(address), u32::from(address))
            } else {
                let from = model.resource_by_name(names[from_index - INTERNET.len()]).unwrap();
                let ip = model.eni(model.resource_enis(from)[0]).private_ip;
                (Source::Resource(from), QueryEndpoint::Resource(from), u32::from(ip))
            };
            if from_endpoint == QueryEndpoint::Resource(to) {
                continue;
            }
            let concrete = engine
                .query(&Query { from: from_endpoint, to: QueryEndpoint::Resource(to), protocol: Protocol::Number(protocol), port: Some(port) })
                .is_reachable();
            let symbolic = analyzer
                .reach(source, Destination::Resource(to), (protocol, protocol), None)
                .set
                .contains(protocol, src_ip, port);
            prop_assert_eq!(symbolic, concrete, "{}\nflow {:?} -> {} proto {} port {}", text, from_endpoint, names[to_index], protocol, port);
            // The same resource sources towards the internet (through the IGW or the NAT
            // gateway, whose subnet's NACL sees the destination port).
            if let QueryEndpoint::Resource(from) = from_endpoint {
                let concrete = engine
                    .query(&Query { from: from_endpoint, to: QueryEndpoint::Internet, protocol: Protocol::Number(protocol), port: Some(port) })
                    .is_reachable();
                let symbolic = analyzer
                    .reach(Source::Resource(from), Destination::Internet, (protocol, protocol), None)
                    .set
                    .contains(protocol, src_ip, port);
                prop_assert_eq!(symbolic, concrete, "{}\nflow {:?} -> internet proto {} port {}", text, from_endpoint, protocol, port);
            }
        }
    }
}
