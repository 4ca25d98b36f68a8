//! Differential test: on random designs, every path-aware lint rule's verdict agrees with the
//! reachability engine's answer to the same question (docs/semantics.md §13).
//!
//! Lint rules hold no AWS logic of their own (`src/paths.rs`); this test is what keeps it so.
//! The designs mix what naive copies of a filter get wrong: prefix-list and `::/0` peers, SG
//! references, ICMP and `all` rules, NACL deny/allow orderings over partial reply ranges,
//! routes that send only some destinations to the internet gateway, and load-balancer
//! health-check ports. A rule given its own SG, NACL or route evaluation back disagrees with
//! the engine on some of them and fails here.
//!
//! Questions checked, each in both directions unless said:
//! - EXP001: a world rule on SSH/RDP/all ports is an error exactly when a member of its group
//!   is reachable from the internet on that port (else a warning).
//! - DB001: a public database is an error exactly when a world rule covers its port and the
//!   internet reaches it.
//! - LB004: a target is reported on a port exactly when the engine, asked from some node of the
//!   load balancer, finds the target's security groups dropping it.
//! - LB005: reported exactly when the engine finds the load balancer's own groups dropping the
//!   connection to the target.
//! - NACL004 (one direction): every finding names a flow whose reply the engine finds dropped
//!   by that very network ACL.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use proptest::prelude::*;
use vpcsim_model::{
    Diagnostic, EniId, EniOwner, Model, Protocol, Resource, Severity, SgId, SourceFile, Span, load,
};
use vpcsim_reach::security_group::{is_world, rule_covers};
use vpcsim_reach::{Code, Component, Direction, Engine, Query, QueryEndpoint, RuleRef};

const PROTOS: [&str; 4] = ["tcp", "udp", "all", "icmp"];
const PORTS: [&str; 7] = ["22", "80", "8000-8100", "all", "5432", "8090", "3389"];
const PEERS: [&str; 10] = [
    "0.0.0.0/0",
    "::/0",
    "203.0.113.0/24",
    "10.0.0.0/16",
    "10.0.0.0/24",
    "8.8.8.0/24",
    "sg:one",
    "sg:two",
    "sg:lb",
    "pl:office",
];
const NACL_PROTOS: [&str; 4] = ["tcp", "udp", "all", "icmp"];
const NACL_PORTS: [&str; 6] = ["22", "80", "1024-65535", "32768-65535", "all", "5432"];
const NACL_CIDRS: [&str; 5] = [
    "0.0.0.0/0",
    "10.0.0.0/24",
    "10.0.2.0/24",
    "8.0.0.0/8",
    "10.0.0.0/16",
];
const TARGET_PORTS: [u16; 3] = [8080, 22, 80];

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

type Nacl = (Vec<NaclRule>, Vec<NaclRule>);

#[derive(Debug, Clone)]
struct Design {
    groups_in: [Vec<Rule>; 4],
    groups_out: [Option<Vec<Rule>>; 4],
    members: [u8; 3],
    public_ip: [bool; 2],
    /// Route table of `pub-a`: full internet route, only a partial route, or none.
    pub_a_routes: u8,
    nacl_pub: Option<Nacl>,
    nacl_priv: Option<Nacl>,
    internet_facing: bool,
    target_port: usize,
    health_differs: bool,
    db_public: bool,
    db_in_public: bool,
}

fn rule() -> impl Strategy<Value = Rule> {
    (0..PROTOS.len(), 0..PORTS.len(), 0..PEERS.len()).prop_map(|(proto, ports, peer)| Rule {
        proto,
        ports,
        peer,
    })
}

fn rules(max: usize) -> impl Strategy<Value = Vec<Rule>> {
    proptest::collection::vec(rule(), 0..max)
}

fn nacl_rule() -> impl Strategy<Value = NaclRule> {
    (
        1u16..200,
        any::<bool>(),
        0..NACL_PROTOS.len(),
        0..NACL_PORTS.len(),
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

fn nacl() -> impl Strategy<Value = Option<Nacl>> {
    proptest::option::of((
        proptest::collection::vec(nacl_rule(), 0..4),
        proptest::collection::vec(nacl_rule(), 0..4),
    ))
}

fn design() -> impl Strategy<Value = Design> {
    (
        [rules(4), rules(4), rules(3), rules(3)],
        [
            proptest::option::of(rules(3)),
            proptest::option::of(rules(3)),
            proptest::option::of(rules(3)),
            proptest::option::of(rules(2)),
        ],
        [1u8..4, 1u8..4, 1u8..4],
        [any::<bool>(), any::<bool>()],
        0u8..3,
        nacl(),
        nacl(),
        (
            any::<bool>(),
            0..TARGET_PORTS.len(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                groups_in,
                groups_out,
                members,
                public_ip,
                pub_a_routes,
                nacl_pub,
                nacl_priv,
                (internet_facing, target_port, health_differs, db_public, db_in_public),
            )| Design {
                groups_in,
                groups_out,
                members,
                public_ip,
                pub_a_routes,
                nacl_pub,
                nacl_priv,
                internet_facing,
                target_port,
                health_differs,
                db_public,
                db_in_public,
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
                "{{ rule: {}, action: {}, proto: {}, ports: {}, cidr: {} }}",
                r.number,
                if r.allow { "allow" } else { "deny" },
                NACL_PROTOS[r.proto],
                NACL_PORTS[r.ports],
                NACL_CIDRS[r.cidr]
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn members(mask: u8) -> &'static str {
    match mask {
        1 => "[one]",
        2 => "[two]",
        _ => "[one, two]",
    }
}

fn yaml(design: &Design) -> String {
    let mut text = String::from(
        "version: 1\nregion: eu-west-1\nprefix_lists:\n  office: { cidrs: [10.0.0.0/23, 198.51.100.0/24] }\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    internet_gateway: igw\n    subnets:\n",
    );
    let pub_a_table = ["public", "partial", "private"][usize::from(design.pub_a_routes)];
    text.push_str(&format!(
        "      pub-a: {{ cidr: 10.0.0.0/24, az: eu-west-1a, public_ip_on_launch: {}, route_table: {pub_a_table} }}\n",
        design.public_ip[0]
    ));
    text.push_str(&format!(
        "      pub-b: {{ cidr: 10.0.1.0/24, az: eu-west-1b, public_ip_on_launch: {}, route_table: public }}\n",
        design.public_ip[1]
    ));
    text.push_str("      priv: { cidr: 10.0.2.0/24, az: eu-west-1a, route_table: private }\n      priv-b: { cidr: 10.0.3.0/24, az: eu-west-1b, route_table: private }\n");
    text.push_str("    route_tables:\n      public: { routes: [ { to: 0.0.0.0/0, via: igw } ] }\n      partial: { routes: [ { to: 198.51.100.0/24, via: igw }, { to: 8.0.0.0/8, via: igw } ] }\n      private: { routes: [] }\n");
    text.push_str("    security_groups:\n");
    for (index, name) in ["one", "two", "lb", "db"].iter().enumerate() {
        let ingress = sg_rules(&design.groups_in[index], "from");
        match &design.groups_out[index] {
            Some(out) => text.push_str(&format!(
                "      {name}: {{ ingress: {ingress}, egress: {} }}\n",
                sg_rules(out, "to")
            )),
            None => text.push_str(&format!("      {name}: {{ ingress: {ingress} }}\n")),
        }
    }
    if design.nacl_pub.is_some() || design.nacl_priv.is_some() {
        text.push_str("    network_acls:\n");
    }
    for (acl, name, subnet) in [
        (&design.nacl_pub, "acl-pub", "pub-a"),
        (&design.nacl_priv, "acl-priv", "priv"),
    ] {
        if let Some((ingress, egress)) = acl {
            text.push_str(&format!(
                "      {name}: {{ subnets: [{subnet}], ingress: {}, egress: {} }}\n",
                nacl_rules(ingress),
                nacl_rules(egress)
            ));
        }
    }
    text.push_str(&format!(
        "    instances:\n      a: {{ subnet: pub-a, security_groups: {} }}\n      b: {{ subnet: pub-b, security_groups: {} }}\n      c: {{ subnet: priv, security_groups: {} }}\n",
        members(design.members[0]),
        members(design.members[1]),
        members(design.members[2])
    ));
    text.push_str(&format!(
        "    load_balancers:\n      web: {{ type: application, scheme: {}, subnets: [pub-a, pub-b], security_groups: [lb], listeners: [ {{ port: 80, protocol: http, forward: tg }} ] }}\n",
        if design.internet_facing { "internet-facing" } else { "internal" }
    ));
    let port = TARGET_PORTS[design.target_port];
    let health = if design.health_differs {
        "health_check: { port: 8090 }, "
    } else {
        ""
    };
    text.push_str(&format!(
        "    target_groups:\n      tg: {{ protocol: http, port: {port}, {health}targets: [ {{ instance: a }}, {{ instance: c }} ] }}\n"
    ));
    let db_subnets = if design.db_in_public {
        "[pub-a, pub-b]"
    } else {
        "[priv, priv-b]"
    };
    text.push_str(&format!(
        "    databases:\n      db: {{ engine: postgres, subnets: {db_subnets}, security_groups: [db], publicly_accessible: {} }}\n",
        design.db_public
    ));
    text
}

/// The findings of one rule at one place.
fn at<'d>(findings: &'d [Diagnostic], code: &str, span: Span) -> Vec<&'d Diagnostic> {
    findings
        .iter()
        .filter(|d| d.code == code && d.span.line == span.line && d.span.column == span.column)
        .collect()
}

/// The query endpoint of an interface's owner.
fn owner(model: &Model, eni: EniId) -> QueryEndpoint {
    match model.eni(eni).owner {
        EniOwner::Instance(id) => QueryEndpoint::Resource(Resource::Instance(id)),
        EniOwner::LoadBalancer(id) => QueryEndpoint::Resource(Resource::LoadBalancer(id)),
        EniOwner::Database(id) => QueryEndpoint::Resource(Resource::Database(id)),
        EniOwner::Cache(id) => QueryEndpoint::Resource(Resource::Cache(id)),
        EniOwner::Endpoint(id) => QueryEndpoint::Resource(Resource::Endpoint(id)),
        EniOwner::Standalone => QueryEndpoint::Resource(Resource::Eni(eni)),
        EniOwner::NatGateway(_) => QueryEndpoint::Address(model.eni(eni).private_ip.into()),
    }
}

fn internet_reaches(
    engine: &Engine<'_>,
    to: QueryEndpoint,
    port: u16,
    family: vpcsim_reach::Family,
) -> bool {
    engine
        .query(&Query {
            from: QueryEndpoint::Internet,
            to,
            protocol: Protocol::TCP,
            port: Some(port),
            family,
        })
        .is_reachable()
}

/// Whether the engine, asked `from` node `to` target on `port`, finds the SGs at `at` dropping
/// the forward packet.
fn sg_blocks(engine: &Engine<'_>, node: EniId, target: Resource, port: u16, at: EniId) -> bool {
    let model = engine.model();
    engine
        .query(&Query {
            from: QueryEndpoint::Address(model.eni(node).private_ip.into()),
            to: QueryEndpoint::Resource(target),
            protocol: Protocol::TCP,
            port: Some(port),
            family: vpcsim_reach::Family::V4,
        })
        .blocked_by
        .iter()
        .any(|b| {
            b.code == Code::EniSgRulesMismatch
                && b.direction == Direction::Forward
                && b.component == Component::Eni(at)
        })
}

fn check_exp001(model: &Model, engine: &Engine<'_>, findings: &[Diagnostic]) -> Result<(), String> {
    for (index, group) in model.security_groups.iter().enumerate() {
        for rule in &group.ingress {
            let found = at(findings, "EXP001", rule.span);
            let all_ports = rule.protocol == Protocol::All
                || (rule.protocol.has_ports() && rule.ports.is_all());
            let port = if all_ports {
                Some(22)
            } else {
                [22, 3389]
                    .into_iter()
                    .find(|port| rule_covers(rule, Protocol::TCP, *port))
            };
            let Some(port) = port.filter(|_| is_world(&rule.peer)) else {
                if !found.is_empty() {
                    return Err(format!(
                        "EXP001 on a rule that opens no admin port: {found:?}"
                    ));
                }
                continue;
            };
            // §16.1: a `::/0` rule is about the IPv6 internet.
            let family = match rule.peer {
                vpcsim_model::SgPeer::Cidr(ipnet::IpNet::V6(_)) => vpcsim_reach::Family::V6,
                _ => vpcsim_reach::Family::V4,
            };
            let exposed = group
                .members
                .iter()
                .any(|member| internet_reaches(engine, owner(model, *member), port, family));
            let want = if exposed {
                Severity::Error
            } else {
                Severity::Warning
            };
            if found.len() != 1 || found[0].severity != want {
                return Err(format!(
                    "EXP001 for group {} ({:?}) port {port}: engine says exposed={exposed}, lint says {found:?}",
                    group.name,
                    SgId::from_index(index)
                ));
            }
        }
    }
    Ok(())
}

fn check_db001(model: &Model, engine: &Engine<'_>, findings: &[Diagnostic]) -> Result<(), String> {
    for (index, db) in model.databases.iter().enumerate() {
        let found = at(findings, "DB001", db.span);
        if !db.publicly_accessible || !db.subnets.iter().all(|s| model.is_public_subnet(*s)) {
            if !found.is_empty() {
                return Err(format!("DB001 on a private database: {found:?}"));
            }
            continue;
        }
        let eni = model.eni(db.eni);
        let world = eni.security_groups.iter().any(|sg| {
            model
                .security_group(*sg)
                .ingress
                .iter()
                .any(|rule| is_world(&rule.peer) && rule_covers(rule, Protocol::TCP, db.port))
        });
        let to = QueryEndpoint::Resource(Resource::Database(vpcsim_model::DbId::from_index(index)));
        let exposed = world && internet_reaches(engine, to, db.port, vpcsim_reach::Family::V4);
        let want = if exposed {
            Severity::Error
        } else {
            Severity::Warning
        };
        if found.len() != 1 || found[0].severity != want {
            return Err(format!(
                "DB001: engine says exposed={exposed} (world rule {world}), lint says {found:?}"
            ));
        }
    }
    Ok(())
}

fn check_lb(model: &Model, engine: &Engine<'_>, findings: &[Diagnostic]) -> Result<(), String> {
    for lb in &model.load_balancers {
        for listener in &lb.listeners {
            let group = model.target_group(listener.target_group);
            for target in &group.targets {
                let eni = target.eni.unwrap();
                let EniOwner::Instance(instance) = model.eni(eni).owner else {
                    continue;
                };
                let resource = Resource::Instance(instance);
                let health = group.health_check_port_for(target);
                let mut ports = vec![target.port];
                if health != target.port {
                    ports.push(health);
                }
                for port in ports {
                    let says = |code: &str| {
                        at(findings, code, target.span)
                            .iter()
                            .any(|d| d.message.contains(&format!(" port {port}:")))
                    };
                    let target_blocks = lb
                        .nodes
                        .iter()
                        .any(|node| sg_blocks(engine, *node, resource, port, eni));
                    if says("LB004") != target_blocks {
                        return Err(format!(
                            "LB004 target {} port {port}: engine says the target SG drops a node: {target_blocks}; lint: {:?}",
                            model.eni(eni).name,
                            at(findings, "LB004", target.span)
                        ));
                    }
                    let node = lb.nodes[0];
                    let lb_blocks = sg_blocks(engine, node, resource, port, node);
                    if says("LB005") != lb_blocks {
                        return Err(format!(
                            "LB005 target {} port {port}: engine says the LB's SG drops it: {lb_blocks}; lint: {:?}",
                            model.eni(eni).name,
                            at(findings, "LB005", target.span)
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The text between the first pair of backticks after `marker`.
fn quoted_after<'t>(text: &'t str, marker: &str) -> Option<&'t str> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let start = rest.find('`')? + 1;
    let end = start + rest[start..].find('`')?;
    Some(&rest[start..end])
}

fn check_nacl004(
    model: &Model,
    engine: &Engine<'_>,
    findings: &[Diagnostic],
) -> Result<(), String> {
    for finding in findings.iter().filter(|d| d.code == "NACL004") {
        let acl_name = quoted_after(&finding.message, "network ACL ").unwrap();
        let Some(note) = finding.notes.iter().find(|n| n.starts_with("needed by ")) else {
            return Err(format!("NACL004 without its flow: {finding:?}"));
        };
        // Only flows between two interfaces name both ends: `a` -> `c` tcp 80 (kind).
        let Some((client, rest)) = note
            .strip_prefix("needed by `")
            .and_then(|rest| rest.split_once("` -> `"))
        else {
            continue;
        };
        let Some((server, rest)) = rest.split_once("` ") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let protocol = match words.next() {
            Some("tcp") => Protocol::TCP,
            Some("udp") => Protocol::UDP,
            _ => continue,
        };
        let port: u16 = words.next().unwrap().parse().unwrap();
        let eni_named = |name: &str| {
            model
                .enis
                .iter()
                .position(|e| e.name == name)
                .map(EniId::from_index)
                .unwrap()
        };
        let (client, server) = (eni_named(client), eni_named(server));
        let answer = engine.query(&Query {
            from: QueryEndpoint::Address(model.eni(client).private_ip.into()),
            to: QueryEndpoint::Address(model.eni(server).private_ip.into()),
            protocol,
            port: Some(port),
            family: vpcsim_reach::Family::V4,
        });
        let dropped_there = answer.blocked_by.iter().any(|b| {
            b.code == Code::SubnetAclRestriction
                && matches!(b.rule, Some(RuleRef::NaclEntry { nacl, .. }) if model.network_acl(nacl).name == acl_name)
        });
        if !dropped_there {
            return Err(format!(
                "NACL004 says `{acl_name}` drops replies of {note}, the engine finds no NACL block there: {:?}",
                answer.blocked_by
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
    #[test]
    fn path_aware_rules_agree_with_the_engine(design in design()) {
        let text = yaml(&design);
        let loaded = load(&SourceFile { name: "random.yaml".into(), text: text.clone() });
        prop_assert!(!loaded.has_errors(), "{text}\n{:#?}", loaded.diagnostics);
        let model = loaded.model.unwrap();
        let engine = Engine::new(&model);
        let findings = vpcsim_lint::lint(&model);
        for check in [check_exp001, check_db001, check_lb, check_nacl004] {
            if let Err(why) = check(&model, &engine, &findings) {
                prop_assert!(false, "{}\n{}", why, text);
            }
        }
    }
}
