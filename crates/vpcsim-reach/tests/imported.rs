//! AWS exports under `fixtures/import/aws/` imported, resolved and asked: the answers follow
//! the configuration the export describes (docs/semantics.md §15), not defaults.

mod common;

use vpcsim_model::{Model, Severity};

fn imported(scenario: &str) -> Model {
    let dir = common::repo_root()
        .join("fixtures/import/aws")
        .join(scenario)
        .join("aws_configs");
    let imported = vpcsim_import::import_aws_dir(&dir).expect("the fixture imports");
    let (model, diagnostics) = vpcsim_model::resolve(&imported.document);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{scenario}: {errors:#?}");
    model
}

fn verdict(model: &Model, from: &str, to: &str, proto: &str) -> String {
    let view = common::ask(model, from, to, proto);
    match view.blocked_by.first() {
        None => view.verdict.to_owned(),
        Some(blocker) => format!("{} {}", blocker.code, blocker.direction),
    }
}

#[test]
fn isolated_spokes_with_shared_services_as_exported() {
    let model = imported("tgw-isolated-shared");
    let cases = [
        // Spokes reach the services VPC and back, each direction by its own table.
        ("a1", "dns:443", "reachable"),
        ("b1", "dns:443", "reachable"),
        ("dns", "a1:22", "reachable"),
        // Spoke to spoke: `spokes` holds only the services' routes.
        ("a1", "b1:22", "TGW_RTB_CANNOT_ROUTE forward"),
        ("b1", "a1:22", "TGW_RTB_CANNOT_ROUTE forward"),
        // spoke-c propagates but is associated with no table.
        (
            "c1",
            "dns:443",
            "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION forward",
        ),
        (
            "dns",
            "c1:22",
            "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION return",
        ),
        // a2's AZ has no attachment subnet: neither its requests nor its replies enter.
        ("a2", "dns:443", "TGW_ROUTE_AZ_RESTRICTION forward"),
        ("dns", "a2:22", "TGW_ROUTE_AZ_RESTRICTION return"),
        // The static blackhole for the services' us-east-1b subnet.
        ("a1", "10.100.2.9:443", "TGW_RTB_BAD_STATE_ROUTE forward"),
    ];
    for (from, to, want) in cases {
        assert_eq!(verdict(&model, from, to, "tcp"), want, "{from} -> {to}");
    }
}

#[test]
fn managed_interfaces_answer_at_their_real_addresses() {
    let model = imported("managed-interfaces");
    let cases = [
        // The NLB's real node addresses answer as the NLB (cross-zone off: only the node in
        // the target's AZ delivers).
        ("client", "10.1.1.237:80", "reachable"),
        ("client", "10.1.2.201:80", "ELB_NOT_CROSSZONE forward"),
        ("client", "internal-nlb:80", "reachable"),
        ("client", "10.1.2.90:443", "reachable"),
        ("client", "10.1.1.55:443", "reachable"),
        ("client", "10.1.1.40:5432", "reachable"),
        ("client", "10.1.2.66:6379", "reachable"),
        // A managed interface vpcsim does not model owns no address in the model.
        ("client", "10.1.2.123:443", "NO_ENI_FOR_ADDRESS forward"),
    ];
    for (from, to, want) in cases {
        assert_eq!(verdict(&model, from, to, "tcp"), want, "{from} -> {to}");
    }
}

#[test]
fn two_regions_two_accounts_answer_across_regions_as_aws_does() {
    let model = imported("two-regions");
    let region = |name: &str| {
        model
            .vpcs
            .iter()
            .find(|v| v.name == name)
            .map(|v| (v.region.as_str(), v.account.as_deref()))
    };
    assert_eq!(region("shop"), Some(("us-east-2", Some("111111111111"))));
    assert_eq!(region("lab"), Some(("us-west-2", Some("222222222222"))));
    assert!(model.peerings[0].cross_region);
    let cases = [
        // The inter-Region peering is a private path.
        ("report", "10.10.1.10:443", "reachable"),
        ("report", "web:443", "reachable"),
        // Without one, only the public address works, over the internet (§15.5).
        ("box", "18.220.0.10:443", "reachable"),
        ("box", "web:443", "reachable"),
        (
            "box",
            "10.10.1.10:443",
            "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS forward",
        ),
        // No IGW in analytics: the internet is out of reach.
        ("report", "internet:443", "NO_ROUTE_TO_DESTINATION forward"),
    ];
    for (from, to, want) in cases {
        assert_eq!(verdict(&model, from, to, "tcp"), want, "{from} -> {to}");
    }
}

#[test]
fn peered_tgws_across_regions_and_accounts_route_both_ways() {
    let model = imported("tgw-peering");
    assert_eq!(verdict(&model, "a1", "b1:22", "tcp"), "reachable");
    assert_eq!(verdict(&model, "b1", "a1:22", "tcp"), "reachable");
    assert_eq!(
        verdict(&model, "b1", "10.1.9.9:22", "tcp"),
        "ADDRESS_NOT_IN_SUBNET forward"
    );
}

#[test]
fn moto_generated_isolated_spokes_answer_as_configured() {
    let model = imported("moto");
    let cases = [
        ("spoke-a-host", "services-host:443", "reachable"),
        ("services-host", "spoke-b-host:22", "reachable"),
        (
            "spoke-a-host",
            "spoke-b-host:22",
            "TGW_RTB_CANNOT_ROUTE forward",
        ),
        (
            "spoke-a-host",
            "10.100.9.9:443",
            "TGW_RTB_BAD_STATE_ROUTE forward",
        ),
        ("spoke-b-host", "internal-nlb:443", "reachable"),
    ];
    for (from, to, want) in cases {
        assert_eq!(verdict(&model, from, to, "tcp"), want, "{from} -> {to}");
    }
}
