//! Differential test (issue #5): on random dual-stack designs and random flows of both address
//! families, the symbolic set contains a concrete flow exactly when the packet engine says it
//! is delivered (docs/semantics.md §16: IPv6 rules, routes and gateways cut the IPv6 part).
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use proptest::prelude::*;
use vpcsim_flow::{ip_key, v4_key};
use vpcsim_model::{Protocol, SourceFile, load};
use vpcsim_reach::{Engine, Family, Query, QueryEndpoint};
use vpcsim_symbolic::{Analyzer, Destination, Source};

const PROTOS: [&str; 4] = ["tcp", "udp", "all", "icmp"];
const PORTS: [&str; 4] = ["22", "80", "8000-8100", "all"];
// IPv6 peers and NACL ranges are listed twice so that random designs often admit IPv6.
const PEERS: [&str; 11] = [
    "0.0.0.0/0",
    "203.0.113.0/24",
    "10.0.0.0/16",
    "10.0.1.0/24",
    "sg:one",
    "sg:two",
    "::/0",
    "2600:1f00::/24",
    "2600:1f18:1:1::/64",
    "::/0",
    "2a00::/12",
];
const NACL_CIDRS: [&str; 9] = [
    "0.0.0.0/0",
    "203.0.113.0/24",
    "10.0.0.0/24",
    "8.0.0.0/8",
    "::/0",
    "2600:1f00::/24",
    "2a00::/12",
    "::/0",
    "2a00::/12",
];

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
    /// The custom NACL's entries, and whether it is on the public subnet (else the private one).
    nacl: Option<(Vec<NaclRule>, Vec<NaclRule>, bool)>,
    /// Which instances (a, b, c) get an IPv6 address.
    ipv6: [bool; 3],
    /// Whether the private subnet routes `::/0` to the egress-only gateway (§16.2).
    eigw: bool,
    /// Whether the VPC has a VPN gateway whose routes cover 203.0.113.0/25, routed from the
    /// private subnet as 203.0.113.0/24 (§15.11): internet sources in the /25 are on-premises.
    vpn: bool,
}

fn rule() -> impl Strategy<Value = Rule> {
    (0..4usize, 0..4usize, 0..PEERS.len()).prop_map(|(proto, ports, peer)| Rule {
        proto,
        ports,
        peer,
    })
}

fn nacl_rule() -> impl Strategy<Value = NaclRule> {
    (
        1u16..200,
        any::<bool>(),
        0..4usize,
        0..4usize,
        0..NACL_CIDRS.len(),
    )
        .prop_map(|(number, allow, proto, ports, cidr)| NaclRule {
            number,
            allow,
            proto,
            ports,
            cidr,
        })
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
            any::<bool>(),
        )),
        [any::<bool>(), any::<bool>(), any::<bool>()],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(one_in, two_in, two_out, groups, nat, nacl, ipv6, eigw, vpn)| Design {
                one_in,
                two_in,
                two_out,
                groups,
                nat,
                nacl,
                ipv6,
                eigw,
                vpn,
            },
        )
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
                "{{ rule: {}, action: {}, proto: {}, ports: {}, cidr: \"{}\" }}",
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
        "vpcs:\n  v:\n    cidr: 10.0.0.0/16\n    ipv6_cidr: 2600:1f18:1::/56\n    internet_gateway: igw\n    egress_only_internet_gateway: eigw\n    subnets:\n      pub: { cidr: 10.0.0.0/24, ipv6_cidr: \"2600:1f18:1::/64\", az: x-1a, public_ip_on_launch: true, route_table: public }\n      priv: { cidr: 10.0.1.0/24, ipv6_cidr: \"2600:1f18:1:1::/64\", az: x-1a, route_table: private }\n    route_tables:\n      public: { routes: [ { to: 0.0.0.0/0, via: igw }, { to: \"::/0\", via: igw } ] }\n",
    );
    let eigw = match (design.eigw, design.vpn) {
        (true, true) => ", { to: \"::/0\", via: eigw }, { to: 203.0.113.0/24, via: vgw }",
        (true, false) => ", { to: \"::/0\", via: eigw }",
        (false, true) => ", { to: 203.0.113.0/24, via: vgw }",
        (false, false) => "",
    };

    if design.nat {
        text.push_str(&format!("      private: {{ routes: [ {{ to: 0.0.0.0/0, via: nat }}, {{ to: \"64:ff9b::/96\", via: nat }}{eigw} ] }}\n    nat_gateways:\n      nat: {{ subnet: pub }}\n"));
    } else {
        text.push_str(&format!(
            "      private: {{ routes: [ {} ] }}\n",
            eigw.trim_start_matches(", ")
        ));
    }
    if design.vpn {
        text.push_str("    vpn_gateway: vgw\n    vpn_routes: [203.0.113.0/25]\n");
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
    if let Some((ingress, egress, on_pub)) = &design.nacl {
        // With the NAT gateway's NACL on `pub`, this one stays on `priv`.
        let subnet = if *on_pub && !design.nat {
            "pub"
        } else {
            "priv"
        };
        text.push_str(&format!(
            "      acl: {{ subnets: [{subnet}], ingress: {}, egress: {} }}\n",
            nacl_rules(ingress),
            nacl_rules(egress)
        ));
    }
    let v6 = |on: bool| if on { ", ipv6_address: true" } else { "" };
    text.push_str(&format!(
        "    instances:\n      a: {{ subnet: pub, security_groups: {}{} }}\n      b: {{ subnet: pub, security_groups: {}{} }}\n      c: {{ subnet: priv, security_groups: {}{} }}\n",
        groups(design.groups[0]),
        v6(design.ipv6[0]),
        groups(design.groups[1]),
        v6(design.ipv6[1]),
        groups(design.groups[2]),
        v6(design.ipv6[2]),
    ));
    text
}

const FLOW_PROTOS: [u8; 4] = [6, 17, 1, 47];
const FLOW_PORTS: [u16; 6] = [22, 80, 8050, 443, 1, 65535];
// Internet sources, bogons included: `reach` must refuse what symbolic analysis leaves out of
// "the internet" (docs/semantics.md §3.5).
const INTERNET: [[u8; 4]; 9] = [
    [8, 8, 8, 8],
    [203, 0, 113, 5],
    [203, 0, 113, 200],
    [198, 51, 100, 1],
    [127, 0, 0, 1],
    [224, 0, 0, 1],
    [240, 0, 0, 1],
    [0, 0, 0, 1],
    [169, 254, 1, 1],
];
// IPv6 internet sources: global, inside an SG/NACL range, documentation and link-local space
// (never internet), and one inside the VPC's own block (its reply stays in the VPC).
const INTERNET_V6: [&str; 7] = [
    "2001:4860:4860::8888",
    "2600:1f00::5",
    "2a00::1",
    "fe80::1",
    "2001:db8::1",
    "2600:1f18:1:1::99",
    "3fff:8000::1",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
    #[test]
    fn symbolic_contains_a_flow_exactly_when_the_engine_delivers_it(
        design in design(),
        flows in proptest::collection::vec(
            (0..(INTERNET.len() + INTERNET_V6.len() + 3), 0..3usize, 0..4usize, 0..6usize, any::<bool>()),
            1..8,
        ),
    ) {
        let text = yaml(&design);
        let loaded = load(&SourceFile { name: "random.yaml".into(), text: text.clone() });
        prop_assert!(!loaded.has_errors(), "{text}\n{:#?}", loaded.diagnostics);
        let model = loaded.model.unwrap();
        let engine = Engine::new(&model);
        let analyzer = Analyzer::new(&engine);
        let names = ["a", "b", "c"];
        for (from_index, to_index, proto_index, port_index, v6) in flows {
            let to = model.resource_by_name(names[to_index]).unwrap();
            let protocol = FLOW_PROTOS[proto_index];
            let port = FLOW_PORTS[port_index];
            let v6_start = INTERNET.len();
            let resource_start = v6_start + INTERNET_V6.len();
            let (source, from_endpoint, src_key, family) = if from_index < v6_start {
                let address = std::net::Ipv4Addr::from(INTERNET[from_index]);
                (Source::Internet, QueryEndpoint::Address(address.into()), v4_key(u32::from(address)), Family::V4)
            } else if from_index < resource_start {
                let address: std::net::IpAddr = INTERNET_V6[from_index - v6_start].parse().unwrap();
                (Source::Internet, QueryEndpoint::Address(address), ip_key(address), Family::V6)
            } else {
                let from = model.resource_by_name(names[from_index - resource_start]).unwrap();
                let eni = model.eni(model.resource_enis(from)[0]);
                match (v6, eni.ipv6) {
                    (true, Some(ip)) => (Source::Resource(from), QueryEndpoint::Resource(from), ip_key(ip.into()), Family::V6),
                    _ => (Source::Resource(from), QueryEndpoint::Resource(from), v4_key(u32::from(eni.private_ip)), Family::V4),
                }
            };
            if from_endpoint == QueryEndpoint::Resource(to) {
                continue;
            }
            let concrete = engine
                .query(&Query { from: from_endpoint, to: QueryEndpoint::Resource(to), protocol: Protocol::Number(protocol), port: Some(port), family })
                .is_reachable();
            let symbolic = analyzer
                .reach_in(family, source, Destination::Resource(to), (protocol, protocol), None)
                .set
                .contains_key(protocol, src_key, port);
            prop_assert_eq!(symbolic, concrete, "{}\nflow {:?} -> {} proto {} port {} {:?}", text, from_endpoint, names[to_index], protocol, port, family);
            // The same resource sources towards the internet (through the IGW or the NAT
            // gateway, whose subnet's NACL sees the destination port).
            if let QueryEndpoint::Resource(from) = from_endpoint {
                let concrete = engine
                    .query(&Query { from: from_endpoint, to: QueryEndpoint::Internet, protocol: Protocol::Number(protocol), port: Some(port), family })
                    .is_reachable();
                let symbolic = analyzer
                    .reach_in(family, Source::Resource(from), Destination::Internet, (protocol, protocol), None)
                    .set
                    .contains_key(protocol, src_key, port);
                prop_assert_eq!(symbolic, concrete, "{}\nflow {:?} -> internet proto {} port {}", text, from_endpoint, protocol, port);
            }
        }
    }
}

/// Dual-stack designs where IPv6 internet flows meet a custom NACL and random IPv6 rules: every
/// instance has an IPv6 address, the NACL sits on the public subnet and lets every reply out,
/// so removing any IPv6 cut point (SG or NACL range) makes some internet cell wrong.
fn ipv6_design() -> impl Strategy<Value = Design> {
    (design(), proptest::collection::vec(nacl_rule(), 1..5)).prop_map(|(mut design, ingress)| {
        design.nat = false;
        design.ipv6 = [true; 3];
        let egress = vec![NaclRule {
            number: 1,
            allow: true,
            proto: 2,
            ports: 3,
            cidr: 4,
        }];
        design.nacl = Some((ingress, egress, true));
        design
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]
    #[test]
    fn ipv6_internet_cells_agree_with_the_engine(
        design in ipv6_design(),
        flows in proptest::collection::vec((0..INTERNET_V6.len(), 0..2usize, 0..4usize, 0..6usize), 4..12),
    ) {
        let text = yaml(&design);
        let loaded = load(&SourceFile { name: "random.yaml".into(), text: text.clone() });
        prop_assert!(!loaded.has_errors(), "{text}\n{:#?}", loaded.diagnostics);
        let model = loaded.model.unwrap();
        let engine = Engine::new(&model);
        let analyzer = Analyzer::new(&engine);
        for (source_index, to_index, proto_index, port_index) in flows {
            let to = model.resource_by_name(["a", "b"][to_index]).unwrap();
            let address: std::net::IpAddr = INTERNET_V6[source_index].parse().unwrap();
            let (protocol, port) = (FLOW_PROTOS[proto_index], FLOW_PORTS[port_index]);
            let concrete = engine
                .query(&Query { from: QueryEndpoint::Address(address), to: QueryEndpoint::Resource(to), protocol: Protocol::Number(protocol), port: Some(port), family: Family::V6 })
                .is_reachable();
            let symbolic = analyzer
                .reach_in(Family::V6, Source::Internet, Destination::Resource(to), (protocol, protocol), None)
                .set
                .contains_key(protocol, ip_key(address), port);
            prop_assert_eq!(symbolic, concrete, "{}\nflow {} -> {:?} proto {} port {}", text, address, to, protocol, port);
        }
    }
}
