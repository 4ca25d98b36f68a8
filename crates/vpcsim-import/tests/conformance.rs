//! Imports the Batfish conformance corpus (`fixtures/conformance/batfish`, Apache-2.0, see its
//! NOTICE) and checks the facts its README states, plus a YAML snapshot per scenario. A missing
//! corpus fails the tests.

mod common;

use common::{conformance_dir, imported_yaml};
use vpcsim_model::schema::{Document, FlagOrText, Instance, Vpc};

fn scenario(name: &str) -> (vpcsim_import::Imported, String) {
    let root = conformance_dir();
    let imported =
        vpcsim_import::import_aws_dir(root.join("batfish").join(name).join("aws_configs"))
            .expect("the corpus imports");
    let yaml = imported_yaml(&imported);
    (imported, yaml)
}

/// The VPC whose primary CIDR is `cidr`.
fn vpc<'d>(document: &'d Document, cidr: &str) -> &'d Vpc {
    document
        .vpcs
        .values()
        .find(|vpc| vpc.cidr.as_slice().first().map(String::as_str) == Some(cidr))
        .unwrap_or_else(|| panic!("no VPC with CIDR {cidr}"))
}

/// The instance with private IP `ip`.
fn instance<'d>(vpc: &'d Vpc, ip: &str) -> &'d Instance {
    vpc.instances
        .values()
        .find(|instance| instance.private_ip.as_deref().map(String::as_str) == Some(ip))
        .unwrap_or_else(|| panic!("no instance with IP {ip}"))
}

/// The name of the subnet with `cidr`.
fn subnet_name<'d>(vpc: &'d Vpc, cidr: &str) -> &'d str {
    vpc.subnets
        .iter()
        .find(|(_, subnet)| subnet.cidr.value == cidr)
        .map(|(name, _)| name.value.as_str())
        .unwrap_or_else(|| panic!("no subnet {cidr}"))
}

/// `proto ports from` of each ingress rule of a group.
fn ingress(vpc: &Vpc, group: &str) -> Vec<String> {
    vpc.security_groups[group]
        .ingress
        .iter()
        .flatten()
        .map(|rule| {
            let ports = rule
                .ports
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default();
            let icmp = rule
                .icmp_type
                .as_ref()
                .map(|t| format!("type {}", t.value))
                .unwrap_or_default();
            let from = rule
                .from
                .as_ref()
                .map(|f| f.value.clone())
                .unwrap_or_default();
            format!("{} {ports}{icmp} {from}", rule.proto.value)
        })
        .collect()
}

/// `to via` of each route of the table a subnet uses (explicit or main).
fn routes_of(vpc: &Vpc, subnet_cidr: &str) -> Vec<String> {
    let subnet = &vpc.subnets[subnet_name(vpc, subnet_cidr)];
    let table = match &subnet.route_table {
        Some(name) => &vpc.route_tables[name.value.as_str()],
        None => vpc
            .route_tables
            .values()
            .find(|table| table.main.as_ref().is_some_and(|m| m.value))
            .expect("a main table"),
    };
    table
        .routes
        .iter()
        .map(|r| format!("{} {}", r.to.value, r.via.value))
        .collect()
}

#[test]
fn subnet_scenario_imports() {
    let (imported, yaml) = scenario("subnet");
    insta::assert_snapshot!("conformance_subnet", yaml);
    let vpc = vpc(&imported.document, "10.10.0.0/16");
    assert_eq!(vpc.subnets.len(), 1);
    assert_eq!(
        vpc.subnets[subnet_name(vpc, "10.10.1.0/24")].az.value,
        "us-east-2b"
    );
    assert!(
        routes_of(vpc, "10.10.1.0/24").is_empty(),
        "main table has only the local route"
    );
    let first = instance(vpc, "10.10.1.228");
    let second = instance(vpc, "10.10.1.44");
    assert_eq!(
        first.security_groups.as_ref().unwrap()[0].value,
        "launch-wizard-2"
    );
    assert_eq!(
        second.security_groups.as_ref().unwrap()[0].value,
        "launch-wizard-1"
    );
    assert_eq!(ingress(vpc, "launch-wizard-1"), ["tcp 22 0.0.0.0/0"]);
    assert_eq!(ingress(vpc, "launch-wizard-2"), ["tcp 22 0.0.0.0/0"]);
    let acl = &vpc.network_acls["default"];
    assert_eq!(acl.ingress.len(), 1);
    assert_eq!(acl.ingress[0].action.value, "allow");
}

#[test]
fn public_subnet_scenario_imports() {
    let (imported, yaml) = scenario("public-subnet");
    insta::assert_snapshot!("conformance_public_subnet", yaml);
    let vpc = vpc(&imported.document, "10.0.0.0/16");
    let igw = vpc
        .internet_gateway
        .as_ref()
        .expect("IGW attached")
        .value
        .clone();
    assert_eq!(routes_of(vpc, "10.0.0.0/24"), [format!("0.0.0.0/0 {igw}")]);
    let host = instance(vpc, "10.0.0.91");
    assert_eq!(
        host.public_ip.as_ref().map(|p| p.value.clone()),
        Some(FlagOrText::Text("18.216.80.133".into()))
    );
    assert!(host.elastic_ip.is_none(), "the public IP is not an EIP");
    assert_eq!(ingress(vpc, "launch-wizard-1"), ["tcp 22 0.0.0.0/0"]);
}

#[test]
fn nat_gateway_scenario_imports() {
    let (imported, yaml) = scenario("nat-gateway");
    insta::assert_snapshot!("conformance_nat_gateway", yaml);
    let vpc = vpc(&imported.document, "10.1.0.0/16");
    let (nat_name, nat) = vpc.nat_gateways.iter().next().expect("one NAT gateway");
    assert_eq!(nat.subnet.value, subnet_name(vpc, "10.1.250.0/24"));
    assert_eq!(nat.private_ip.as_ref().unwrap().value, "10.1.250.210");
    assert_eq!(nat.elastic_ip.as_ref().unwrap().value, "3.135.127.225");
    assert_eq!(
        routes_of(vpc, "10.1.1.0/24"),
        [format!("0.0.0.0/0 {}", nat_name.value)]
    );
    assert!(routes_of(vpc, "10.1.20.0/24").is_empty());
    let igw = vpc
        .internet_gateway
        .as_ref()
        .expect("IGW attached")
        .value
        .clone();
    assert_eq!(
        routes_of(vpc, "10.1.250.0/24"),
        [format!("0.0.0.0/0 {igw}")]
    );
    // The public subnet's custom NACL: ICMP from 10.1.1.0/24 at 100, all at 200.
    let public = subnet_name(vpc, "10.1.250.0/24");
    let acl = vpc
        .network_acls
        .values()
        .find(|acl| acl.subnets.iter().any(|s| s.value == public))
        .expect("custom NACL");
    let entries: Vec<String> = acl
        .ingress
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e.rule.value, e.action.value, e.proto.value, e.cidr.value
            )
        })
        .collect();
    assert_eq!(
        entries,
        ["100 allow icmp 10.1.1.0/24", "200 allow all 0.0.0.0/0"]
    );
    for ip in ["10.1.1.98", "10.1.20.173", "10.1.250.116"] {
        let group = &instance(vpc, ip).security_groups.as_ref().unwrap()[0].value;
        assert_eq!(
            ingress(vpc, group),
            ["tcp 22 0.0.0.0/0", "icmp type 8 0.0.0.0/0"]
        );
    }
    assert_eq!(
        instance(vpc, "10.1.250.116")
            .public_ip
            .as_ref()
            .map(|p| p.value.clone()),
        Some(FlagOrText::Text("18.216.129.140".into()))
    );
}

#[test]
fn vpc_peering_scenario_imports() {
    let (imported, yaml) = scenario("vpc-peering");
    insta::assert_snapshot!("conformance_vpc_peering", yaml);
    let document = &imported.document;
    let a = vpc(document, "10.10.0.0/16");
    assert_eq!(
        a.cidr.as_slice(),
        ["10.10.0.0/16"],
        "disassociated 10.11.0.0/16 is skipped"
    );
    let b_c: Vec<&Vpc> = document
        .vpcs
        .values()
        .filter(|v| v.cidr.as_slice() == ["192.168.0.0/16"])
        .collect();
    assert_eq!(b_c.len(), 2, "B and C both keep 192.168.0.0/16");
    assert_eq!(document.peerings.len(), 2);
    assert!(
        document
            .peerings
            .values()
            .all(|p| p.status.as_ref().unwrap().value == "active")
    );
    let a_routes = routes_of(a, "10.10.10.0/24");
    assert_eq!(a_routes.len(), 2);
    assert!(
        a_routes[0].starts_with("192.168.1.0/24 ") && a_routes[1].starts_with("192.168.2.0/24 ")
    );
    instance(a, "10.10.10.157");
    let b = document
        .vpcs
        .values()
        .find(|v| v.subnets.values().any(|s| s.cidr.value == "192.168.1.0/24"))
        .unwrap();
    instance(b, "192.168.1.106");
    assert!(routes_of(b, "192.168.1.0/24").contains(&"0.0.0.0/0 blackhole".to_owned()));
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("igw-0a2c9ae201b441bff")),
        "the dangling IGW is a warning, not a crash"
    );
}
