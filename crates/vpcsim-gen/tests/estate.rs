//! Generator tests: determinism, tier sizes, round-trips through the loader, and an independent
//! validity checker (references resolve, CIDRs nest and never overlap, quotas hold).
// Helpers outside #[test] fns are test code too; clippy.toml's allow-unwrap-in-tests misses them.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use vpcsim_gen::{Format, GenConfig, Tier, generate, output, stats};
use vpcsim_model::schema::{Document, Vpc};
use vpcsim_model::{Severity, SourceFile, parse_document};

fn json(doc: &Document) -> String {
    output::to_string(doc, Format::Json).unwrap()
}

fn parse_cidr(text: &str) -> (u32, u32) {
    let (addr, len) = text
        .split_once('/')
        .unwrap_or_else(|| panic!("not a CIDR: {text}"));
    let addr = u32::from(addr.parse::<Ipv4Addr>().unwrap());
    let len: u32 = len.parse().unwrap();
    assert!(len <= 32, "{text}");
    let size = 1u64 << (32 - len);
    assert_eq!(u64::from(addr) % size, 0, "host bits set in {text}");
    (addr, len)
}

/// (first, last) address of a CIDR.
fn range(text: &str) -> (u64, u64) {
    let (addr, len) = parse_cidr(text);
    let first = u64::from(addr);
    (first, first + (1u64 << (32 - len)) - 1)
}

fn overlaps(a: (u64, u64), b: (u64, u64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Checks the document the way AWS (and the model's validation) would, independently of the
/// generator's code. Returns every problem found.
fn check_valid(doc: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let mut p = |msg: String| problems.push(msg);
    let vpc_names: BTreeSet<&str> = doc.vpcs.keys().map(|k| k.value.as_str()).collect();

    // Peerings: existing VPCs, one per pair.
    let mut peered: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut peering_of: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    let mut pairs = BTreeSet::new();
    for (name, peering) in &doc.peerings {
        let (a, b) = (peering.requester.as_str(), peering.accepter.as_str());
        if !vpc_names.contains(a) || !vpc_names.contains(b) || a == b {
            p(format!("peering {} joins unknown VPCs", name.value));
        }
        if !pairs.insert((a.min(b), a.max(b))) {
            p(format!("peering {} duplicates a pair", name.value));
        }
        peered.entry(a).or_default().insert(b);
        peered.entry(b).or_default().insert(a);
        peering_of.insert(name.as_str(), (a, b));
    }

    // TGW attachments.
    let mut tgw_of: BTreeMap<&str, &str> = BTreeMap::new();
    for (tgw_name, tgw) in &doc.transit_gateways {
        for (att_name, att) in &tgw.attachments {
            let Some(vpc) = doc.vpcs.get(att.vpc.as_str()) else {
                p(format!("attachment {} names unknown VPC", att_name.value));
                continue;
            };
            let mut azs = BTreeSet::new();
            for subnet in &att.subnets {
                match vpc.subnets.get(subnet.as_str()) {
                    Some(s) => {
                        if !azs.insert(s.az.as_str()) {
                            p(format!(
                                "attachment {} has two subnets in one AZ",
                                att_name.value
                            ));
                        }
                    }
                    None => p(format!(
                        "attachment {} names unknown subnet {}",
                        att_name.value, subnet.value
                    )),
                }
            }
            if tgw_of.insert(att.vpc.as_str(), tgw_name.as_str()).is_some() {
                p(format!("VPC {} attached twice", att.vpc.value));
            }
        }
    }

    // VPC blocks distinct and non-overlapping.
    let mut blocks: Vec<((u64, u64), &str)> = Vec::new();
    for (name, vpc) in &doc.vpcs {
        for cidr in vpc.cidr.as_slice() {
            let (_, len) = parse_cidr(cidr);
            if !(16..=28).contains(&len) {
                p(format!("VPC {} block {cidr} not /16–/28", name.value));
            }
            blocks.push((range(cidr), name.as_str()));
        }
    }
    blocks.sort();
    for pair in blocks.windows(2) {
        if overlaps(pair[0].0, pair[1].0) {
            p(format!("VPCs {} and {} overlap", pair[0].1, pair[1].1));
        }
    }

    for (vpc_name, vpc) in &doc.vpcs {
        let vpc_name = vpc_name.as_str();
        check_vpc(vpc_name, vpc, doc, &peered, &peering_of, &tgw_of, &mut p);
    }
    problems
}

#[allow(clippy::too_many_lines)]
fn check_vpc(
    vpc_name: &str,
    vpc: &Vpc,
    doc: &Document,
    peered: &BTreeMap<&str, BTreeSet<&str>>,
    peering_of: &BTreeMap<&str, (&str, &str)>,
    tgw_of: &BTreeMap<&str, &str>,
    p: &mut impl FnMut(String),
) {
    let vpc_range = range(&vpc.cidr.as_slice()[0]);

    // Subnets: inside the VPC, non-overlapping, ≤ 200.
    if vpc.subnets.len() > 200 {
        p(format!("{vpc_name}: more than 200 subnets"));
    }
    let mut subnet_ranges: Vec<((u64, u64), &str)> = Vec::new();
    for (name, subnet) in &vpc.subnets {
        let r = range(&subnet.cidr);
        let (_, len) = parse_cidr(&subnet.cidr);
        if !(16..=28).contains(&len) {
            p(format!("{vpc_name}/{}: not /16–/28", name.value));
        }
        if r.0 < vpc_range.0 || r.1 > vpc_range.1 {
            p(format!("{vpc_name}/{}: outside the VPC", name.value));
        }
        if !subnet
            .az
            .starts_with(doc.region.as_ref().map_or("", |r| r.as_str()))
        {
            p(format!("{vpc_name}/{}: AZ not in region", name.value));
        }
        if let Some(table) = &subnet.route_table
            && !vpc.route_tables.contains_key(table.as_str())
        {
            p(format!(
                "{vpc_name}/{}: unknown route table {}",
                name.value, table.value
            ));
        }
        subnet_ranges.push((r, name.as_str()));
    }
    subnet_ranges.sort();
    for pair in subnet_ranges.windows(2) {
        if overlaps(pair[0].0, pair[1].0) {
            p(format!(
                "{vpc_name}: subnets {} and {} overlap",
                pair[0].1, pair[1].1
            ));
        }
    }
    let subnet_az = |name: &str| vpc.subnets.get(name).map(|s| s.az.as_str());

    // Route targets.
    let igw = vpc.internet_gateway.as_ref().map(|g| g.as_str());
    for (table_name, table) in &vpc.route_tables {
        if table.routes.len() > 50 {
            p(format!(
                "{vpc_name}/{}: more than 50 routes",
                table_name.value
            ));
        }
        let mut destinations = BTreeSet::new();
        for route in &table.routes {
            parse_cidr(&route.to);
            if !destinations.insert(route.to.as_str()) {
                p(format!(
                    "{vpc_name}/{}: duplicate route {}",
                    table_name.value, route.to.value
                ));
            }
            let via = route.via.as_str();
            let ok = Some(via) == igw
                || vpc.nat_gateways.contains_key(via)
                || tgw_of.get(vpc_name) == Some(&via)
                || peering_of
                    .get(via)
                    .is_some_and(|(a, b)| *a == vpc_name || *b == vpc_name);
            if !ok {
                p(format!(
                    "{vpc_name}/{}: route via unknown target {via}",
                    table_name.value
                ));
            }
        }
    }
    for (name, nat) in &vpc.nat_gateways {
        if !vpc.subnets.contains_key(nat.subnet.as_str()) {
            p(format!("{vpc_name}/{}: unknown subnet", name.value));
        }
    }

    // Security groups: quotas, no duplicates, references resolve.
    for (sg_name, sg) in &vpc.security_groups {
        for (direction, rules) in [("ingress", &sg.ingress), ("egress", &sg.egress)] {
            let rules = rules.as_deref().unwrap_or_default();
            if rules.len() > 60 {
                p(format!(
                    "{vpc_name}/{}: {} {direction} rules",
                    sg_name.value,
                    rules.len()
                ));
            }
            let mut seen = BTreeSet::new();
            for rule in rules {
                let peer = if direction == "ingress" {
                    &rule.from
                } else {
                    &rule.to
                };
                let Some(peer) = peer else {
                    p(format!("{vpc_name}/{}: rule without peer", sg_name.value));
                    continue;
                };
                let key = format!(
                    "{:?}|{:?}|{}",
                    rule.proto.value,
                    rule.ports.as_ref().map(|x| &x.value),
                    peer.value
                );
                if !seen.insert(key) {
                    p(format!("{vpc_name}/{}: duplicate rule", sg_name.value));
                }
                if let Some(reference) = peer.strip_prefix("sg:") {
                    let found = match reference.split_once('/') {
                        Some((other, group)) => {
                            peered.get(vpc_name).is_some_and(|s| s.contains(other))
                                && doc
                                    .vpcs
                                    .get(other)
                                    .is_some_and(|v| v.security_groups.contains_key(group))
                        }
                        None => vpc.security_groups.contains_key(reference),
                    };
                    if !found {
                        p(format!(
                            "{vpc_name}/{}: unknown SG reference {}",
                            sg_name.value, peer.value
                        ));
                    }
                } else {
                    parse_cidr(peer);
                }
                if let Some(ports) = &rule.ports {
                    let text = ports.value.to_string();
                    let (lo, hi) = text.split_once('-').unwrap_or((&text, &text));
                    let (lo, hi): (u32, u32) = (lo.parse().unwrap(), hi.parse().unwrap());
                    if !(1..=65535).contains(&lo) || hi < lo || hi > 65535 {
                        p(format!("{vpc_name}/{}: bad ports {text}", sg_name.value));
                    }
                }
            }
        }
    }
    let check_sgs = |owner: &str,
                     sgs: &Option<vpcsim_model::Loc<Vec<vpcsim_model::Loc<String>>>>,
                     p: &mut dyn FnMut(String)| {
        if sgs.as_ref().is_some_and(|list| list.is_empty()) {
            p(format!("{vpc_name}/{owner}: `security_groups: []`"));
        }
        let sgs: &[vpcsim_model::Loc<String>] = sgs.as_deref().map_or(&[], Vec::as_slice);
        if sgs.len() > 5 {
            p(format!("{vpc_name}/{owner}: more than 5 SGs"));
        }
        for sg in sgs {
            if !vpc.security_groups.contains_key(sg.as_str()) {
                p(format!("{vpc_name}/{owner}: unknown SG {}", sg.value));
            }
        }
    };

    // NACLs: ≤ 20 entries per direction, unique numbers, each subnet in at most one NACL.
    let mut nacl_subnets = BTreeSet::new();
    for (name, acl) in &vpc.network_acls {
        for entries in [&acl.ingress, &acl.egress] {
            if entries.len() > 20 {
                p(format!("{vpc_name}/{}: more than 20 entries", name.value));
            }
            let numbers: BTreeSet<i64> = entries.iter().map(|e| e.rule.value).collect();
            if numbers.len() != entries.len() {
                p(format!("{vpc_name}/{}: duplicate rule numbers", name.value));
            }
            for entry in entries {
                parse_cidr(&entry.cidr);
            }
        }
        for subnet in &acl.subnets {
            if !vpc.subnets.contains_key(subnet.as_str()) || !nacl_subnets.insert(subnet.as_str()) {
                p(format!(
                    "{vpc_name}/{}: bad or repeated subnet {}",
                    name.value, subnet.value
                ));
            }
        }
    }

    // ENIs: per-subnet occupancy and explicit addresses.
    let mut per_subnet: BTreeMap<String, u64> = BTreeMap::new();
    let mut explicit = BTreeSet::new();
    let mut check_ip = |owner: &str, subnet: &str, ip: Option<&str>, p: &mut dyn FnMut(String)| {
        *per_subnet.entry(subnet.to_owned()).or_default() += 1;
        let Some(ip) = ip else { return };
        let address = u64::from(u32::from(ip.parse::<Ipv4Addr>().unwrap()));
        let Some(s) = vpc.subnets.get(subnet) else {
            return;
        };
        let (first, last) = range(&s.cidr);
        if address < first + 4 || address >= last {
            p(format!("{vpc_name}/{owner}: {ip} not usable in {subnet}"));
        }
        if !explicit.insert(address) {
            p(format!("{vpc_name}/{owner}: {ip} used twice"));
        }
    };
    for (name, instance) in &vpc.instances {
        if !vpc.subnets.contains_key(instance.subnet.as_str()) {
            p(format!("{vpc_name}/{}: unknown subnet", name.value));
        }
        check_sgs(&name.value, &instance.security_groups, p);
        check_ip(
            &name.value,
            &instance.subnet,
            instance.private_ip.as_ref().map(|i| i.as_str()),
            p,
        );
    }
    for (name, eni) in &vpc.network_interfaces {
        check_sgs(&name.value, &eni.security_groups, p);
        if let Some(instance) = &eni.instance {
            match vpc.instances.get(instance.as_str()) {
                Some(i) if subnet_az(&i.subnet) == subnet_az(&eni.subnet) => {}
                _ => p(format!("{vpc_name}/{}: bad instance or AZ", name.value)),
            }
        }
        check_ip(
            &name.value,
            &eni.subnet,
            eni.private_ip.as_ref().map(|i| i.as_str()),
            p,
        );
    }
    for nat in vpc.nat_gateways.values() {
        check_ip("nat", &nat.subnet, None, p);
    }

    // Load balancers: ≥ 2 AZs, one subnet per AZ, listeners → target groups → instances.
    let mut tg_owner: BTreeMap<&str, &str> = BTreeMap::new();
    let mut alb_subnets: BTreeMap<&str, u64> = BTreeMap::new();
    for (name, lb) in &vpc.load_balancers {
        check_sgs(&name.value, &lb.security_groups, p);
        let azs: BTreeSet<_> = lb.subnets.iter().filter_map(|s| subnet_az(s)).collect();
        if azs.len() != lb.subnets.len() || azs.len() < 2 {
            p(format!(
                "{vpc_name}/{}: needs one subnet in each of ≥ 2 AZs",
                name.value
            ));
        }
        for subnet in &lb.subnets {
            *alb_subnets.entry(subnet.as_str()).or_default() += 1;
            if lb.scheme.as_str() == "internet-facing"
                && vpc
                    .subnets
                    .get(subnet.as_str())
                    .and_then(|s| s.route_table.as_ref())
                    .is_none_or(|t| {
                        vpc.route_tables
                            .get(t.as_str())
                            .is_none_or(|t| !t.routes.iter().any(|r| Some(r.via.as_str()) == igw))
                    })
            {
                p(format!(
                    "{vpc_name}/{}: internet-facing in a non-public subnet",
                    name.value
                ));
            }
        }
        for listener in &lb.listeners {
            if !vpc.target_groups.contains_key(listener.forward.as_str()) {
                p(format!("{vpc_name}/{}: unknown target group", name.value));
            }
            if let Some(previous) = tg_owner.insert(listener.forward.as_str(), name.as_str())
                && previous != name.as_str()
            {
                p(format!("{vpc_name}: target group used by two LBs"));
            }
        }
    }
    for (name, tg) in &vpc.target_groups {
        let mut seen = BTreeSet::new();
        for target in &tg.targets {
            let instance = target
                .instance
                .as_ref()
                .map(|i| i.as_str())
                .unwrap_or_default();
            if !vpc.instances.contains_key(instance)
                || !seen.insert((instance, target.port.as_ref().map(|p| p.value)))
            {
                p(format!("{vpc_name}/{}: bad target {instance}", name.value));
            }
        }
    }

    // Databases and caches.
    for (name, db) in &vpc.databases {
        check_sgs(&name.value, &db.security_groups, p);
        let azs: BTreeSet<_> = db.subnets.iter().filter_map(|s| subnet_az(s)).collect();
        if azs.len() < 2
            || db
                .subnets
                .iter()
                .any(|s| !vpc.subnets.contains_key(s.as_str()))
        {
            p(format!(
                "{vpc_name}/{}: DB subnet group needs ≥ 2 AZs",
                name.value
            ));
        }
        check_ip(&name.value, &db.subnets[0], None, p);
    }
    for (name, cache) in &vpc.caches {
        check_sgs(&name.value, &cache.security_groups, p);
        if cache.subnets.is_empty()
            || cache
                .subnets
                .iter()
                .any(|s| !vpc.subnets.contains_key(s.as_str()))
        {
            p(format!("{vpc_name}/{}: bad cache subnets", name.value));
        }
        check_ip(&name.value, &cache.subnets[0], None, p);
    }
    for (subnet, enis) in &per_subnet {
        let (_, len) = parse_cidr(&vpc.subnets[subnet.as_str()].cidr);
        let usable = (1u64 << (32 - len)) - 5;
        let reserved_for_albs = 8 * alb_subnets.get(subnet.as_str()).copied().unwrap_or(0);
        if enis + reserved_for_albs > usable {
            p(format!("{vpc_name}/{subnet}: {enis} ENIs do not fit"));
        }
    }
}

#[test]
fn same_seed_gives_byte_identical_json() {
    let a = json(&generate(Tier::S, 42));
    let b = json(&generate(Tier::S, 42));
    assert_eq!(a, b);
    let c = json(&generate(Tier::S, 43));
    assert_ne!(a, c);
}

#[test]
fn same_seed_gives_byte_identical_yaml() {
    let a = output::to_string(&generate(Tier::S, 5), Format::Yaml).unwrap();
    let b = output::to_string(&generate(Tier::S, 5), Format::Yaml).unwrap();
    assert_eq!(a, b);
}

#[test]
fn tier_s_lands_near_its_targets() {
    let s = stats(&generate(Tier::S, 1));
    assert_eq!(s.vpcs, 10);
    assert_eq!(s.subnets, 100);
    assert_eq!(s.security_groups, 100);
    assert!((900..=1100).contains(&s.enis), "{s}");
    assert!((1890..=2310).contains(&s.sg_rules), "{s}");
    assert!(s.load_balancers >= 10 && s.databases >= 10, "{s}");
    assert!(s.peerings > 0 && s.tgw_attachments > 0, "{s}");
}

#[test]
fn tier_m_lands_near_its_targets() {
    let s = stats(&generate(Tier::M, 1));
    assert_eq!((s.vpcs, s.subnets, s.security_groups), (100, 1000, 1000));
    assert!((9_000..=11_000).contains(&s.enis), "{s}");
    assert!((18_900..=23_100).contains(&s.sg_rules), "{s}");
}

#[test]
fn tier_s_is_valid_for_several_seeds() {
    for seed in [1, 2, 3, 99, u64::MAX] {
        let problems = check_valid(&generate(Tier::S, seed));
        assert!(problems.is_empty(), "seed {seed}: {problems:#?}");
    }
}

#[test]
fn tier_m_is_valid() {
    let problems = check_valid(&generate(Tier::M, 7));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn tiny_custom_estates_are_valid() {
    for vpcs in [1, 2, 3] {
        for enis_per_vpc in [0, 20] {
            let config = GenConfig {
                vpcs,
                enis_per_vpc,
                ..GenConfig::default()
            };
            let doc = generate(Tier::Custom(config), 1);
            assert_eq!(doc.vpcs.len(), vpcs as usize);
            let problems = check_valid(&doc);
            assert!(problems.is_empty(), "{vpcs} VPCs: {problems:#?}");
        }
    }
}

#[test]
fn tier_s_round_trips_through_json() {
    let doc = generate(Tier::S, 1);
    let text = json(&doc);
    let parsed = parse_document(&SourceFile {
        name: "estate-S.json".into(),
        text: text.clone(),
    })
    .unwrap();
    assert_eq!(json(&parsed), text);
}

#[test]
fn tier_s_round_trips_through_yaml() {
    for seed in [1, 2, 3, 4, 5, 6] {
        let doc = generate(Tier::S, seed);
        let yaml = output::to_string(&doc, Format::Yaml).unwrap();
        let parsed = parse_document(&SourceFile {
            name: "estate-S.yaml".into(),
            text: yaml.clone(),
        })
        .unwrap_or_else(|errors| panic!("seed {seed}: {errors:#?}"));
        assert_eq!(json(&parsed), json(&doc), "seed {seed}");
        assert_eq!(output::to_string(&parsed, Format::Yaml).unwrap(), yaml);
    }
}

#[test]
fn tier_s_resolves_without_errors() {
    let doc = generate(Tier::S, 1);
    let (_model, diagnostics) = vpcsim_model::resolve(&doc);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {} {:?}", d.code, d.message, d.resource))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn tier_m_resolves_without_errors_and_the_model_counts_the_same_enis() {
    let doc = generate(Tier::M, 1);
    let (model, diagnostics) = vpcsim_model::resolve(&doc);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {} {:?}", d.code, d.message, d.resource))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(model.enis.len(), stats(&doc).enis);
}

#[test]
fn checker_and_resolver_catch_a_broken_estate() {
    let mut doc = generate(Tier::S, 1);
    let vpc = &mut doc.vpcs[0];
    vpc.subnets[0].route_table = Some("nope".into());
    vpc.subnets[1].cidr = "10.0.0.0/23".into();
    let problems = check_valid(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown route table nope")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("overlap")),
        "{problems:#?}"
    );
    let (_model, diagnostics) = vpcsim_model::resolve(&doc);
    assert!(
        diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
            >= 2
    );
}
