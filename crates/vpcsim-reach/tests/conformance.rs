//! The Batfish conformance corpus (`fixtures/conformance/batfish`, Apache-2.0, see its NOTICE):
//! each AWS snapshot is imported with `vpcsim-import`, resolved, and every answer the corpus
//! README states is reproduced (verdict and the explanation code that blocks). A missing corpus
//! fails the tests.

mod common;

use vpcsim_model::{Model, Severity};

fn scenario(name: &str) -> Model {
    let root = common::repo_root().join("fixtures/conformance/batfish");
    assert!(
        root.join(name).is_dir(),
        "conformance scenario {name} missing at {}: it is part of the repository",
        root.display()
    );
    let imported = vpcsim_import::import_aws_dir(root.join(name).join("aws_configs"))
        .expect("the corpus imports");
    let (model, diagnostics) = vpcsim_model::resolve(&imported.document);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    model
}

/// Asserts the verdict and, when blocked, the first blocker's code and direction.
fn expect(model: &Model, case: &str, from: &str, to: &str, proto: &str, want: &str) {
    let view = common::ask(model, from, to, proto);
    let got = match view.blocked_by.first() {
        None => view.verdict.to_owned(),
        Some(blocker) => format!("{} {}", blocker.code, blocker.direction),
    };
    assert_eq!(
        got,
        want,
        "case {case}: {from} -> {to} ({proto}): {}",
        common::summary(&view)
    );
}

#[test]
fn subnet_scenario() {
    let model = scenario("subnet");
    // 1a: same subnet, no NACL; the destination SG (tcp/22 only) refuses "any protocol".
    let view = common::ask(&model, "10.10.1.228", "10.10.1.44", "all");
    assert_eq!(
        common::summary(&view),
        "blocked ENI_SG_RULES_MISMATCH(forward,i-07519d6ba3f9497e4)"
    );
    assert!(view.forward.iter().any(|hop| hop.step == "same_subnet"));
    assert!(
        !view
            .forward
            .iter()
            .any(|hop| hop.step.starts_with("network_acl"))
    );
    // 1b: inside the VPC CIDR, outside every subnet: dropped by the VPC router.
    expect(
        &model,
        "1b",
        "10.10.1.228",
        "10.10.0.1",
        "all",
        "ADDRESS_NOT_IN_SUBNET forward",
    );
    // 1d, 1e (derived).
    expect(
        &model,
        "1d",
        "10.10.1.228",
        "10.10.1.44:22",
        "tcp",
        "reachable",
    );
    expect(
        &model,
        "1e",
        "10.10.1.228",
        "10.10.1.44:80",
        "tcp",
        "ENI_SG_RULES_MISMATCH forward",
    );
}

#[test]
fn public_subnet_scenario() {
    let model = scenario("public-subnet");
    // 2a: DNAT 18.216.80.133 -> 10.0.0.91, then the SG refuses tcp/80.
    let view = common::ask(&model, "internet", "18.216.80.133:80", "tcp");
    assert_eq!(
        common::summary(&view),
        "blocked ENI_SG_RULES_MISMATCH(forward,i-06669a407b2ef3ae5)"
    );
    let dnat = view
        .forward
        .iter()
        .find(|hop| hop.step == "igw_dnat")
        .unwrap();
    assert_eq!(dnat.before.as_ref().unwrap().dst, "18.216.80.133");
    assert_eq!(dnat.packet.dst, "10.0.0.91");
    // 2b: a public address that is not in the snapshot.
    expect(
        &model,
        "2b",
        "internet",
        "54.191.107.23:80",
        "tcp",
        "NO_PATH forward",
    );
    // 2c: private addresses are not routable from the internet.
    expect(
        &model,
        "2c",
        "internet",
        "10.0.0.91:80",
        "tcp",
        "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS forward",
    );
    // 2e: out to the internet with SNAT 10.0.0.91 -> 18.216.80.133.
    let view = common::ask(&model, "10.0.0.91", "8.8.8.8", "all");
    assert_eq!(view.verdict, "reachable", "{}", common::summary(&view));
    let snat = view
        .forward
        .iter()
        .find(|hop| hop.step == "igw_snat")
        .unwrap();
    assert_eq!(snat.packet.src, "18.216.80.133");
    // 2g (derived).
    expect(
        &model,
        "2g",
        "internet",
        "18.216.80.133:22",
        "tcp",
        "reachable",
    );
}

#[test]
fn nat_gateway_scenario() {
    let model = scenario("nat-gateway");
    // 4a: forward exits through NAT and IGW; the return passes the stateless NACLs.
    let view = common::ask(&model, "10.1.1.98", "8.8.8.8:80", "tcp");
    assert_eq!(view.verdict, "reachable", "{}", common::summary(&view));
    assert!(view.return_path.iter().any(|hop| hop.step == "nat_unsnat"));
    // 4b: IP protocol 107 is refused by the NAT gateway.
    expect(
        &model,
        "4b",
        "10.1.1.98",
        "8.8.8.8",
        "107",
        "PROTOCOL_RESTRICTION forward",
    );
    // 4c: unsolicited inbound to the NAT's EIP.
    expect(
        &model,
        "4c",
        "internet",
        "3.135.127.225:80",
        "tcp",
        "NGW_UNSOLICITED_INBOUND forward",
    );
    // 4d: traffic addressed to the NAT gateway itself from its own subnet.
    expect(
        &model,
        "4d",
        "10.1.250.116",
        "10.1.250.210:80",
        "tcp",
        "NGW_UNSOLICITED_INBOUND forward",
    );
    // 4e (derived): subnet 20 uses the main table with only the local route.
    expect(
        &model,
        "4e",
        "10.1.20.173",
        "8.8.8.8:80",
        "tcp",
        "NO_ROUTE_TO_DESTINATION forward",
    );
    // 4f (derived): NACL rule 200 admits it.
    expect(
        &model,
        "4f",
        "internet",
        "18.216.129.140:22",
        "tcp",
        "reachable",
    );
}

#[test]
fn vpc_peering_scenario() {
    let model = scenario("vpc-peering");
    // 6a: the /24 route picks the right peer although B and C overlap; B's SG refuses.
    let view = common::ask(&model, "10.10.10.157", "192.168.1.106", "all");
    assert_eq!(view.blocked_by[0].code, "ENI_SG_RULES_MISMATCH");
    assert_eq!(view.blocked_by[0].component.name, "i-0b14080af811fda3d");
    expect(
        &model,
        "6b",
        "192.168.1.106",
        "10.10.10.157",
        "all",
        "ENI_SG_RULES_MISMATCH forward",
    );
    expect(
        &model,
        "6c",
        "10.10.10.157",
        "192.168.100.1",
        "all",
        "NO_ROUTE_TO_DESTINATION forward",
    );
    expect(
        &model,
        "6d",
        "192.168.1.106",
        "10.10.100.1",
        "all",
        "ADDRESS_NOT_IN_SUBNET forward",
    );
    expect(
        &model,
        "6e",
        "192.168.1.106",
        "10.10.10.11",
        "all",
        "NO_ENI_FOR_ADDRESS forward",
    );
    expect(
        &model,
        "6f",
        "10.10.10.157",
        "192.168.1.106:22",
        "tcp",
        "reachable",
    );
    expect(
        &model,
        "6f",
        "10.10.10.157",
        "192.168.2.229:22",
        "tcp",
        "reachable",
    );
    expect(
        &model,
        "6g",
        "192.168.1.106",
        "192.168.2.229:22",
        "tcp",
        "ADDRESS_NOT_IN_SUBNET forward",
    );
    expect(
        &model,
        "6h",
        "192.168.1.106",
        "8.8.8.8:80",
        "tcp",
        "BAD_STATE_ROUTE forward",
    );
}
