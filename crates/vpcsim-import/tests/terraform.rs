//! Terraform plan import: fixtures under `fixtures/import/terraform/<scenario>/plan.json`,
//! snapshotted as YAML (warnings appended as comments), plus error cases.

mod common;

use common::{fixtures_dir, imported_yaml};

fn check(scenario: &str) -> (vpcsim_import::Imported, String) {
    let path = fixtures_dir()
        .join("terraform")
        .join(scenario)
        .join("plan.json");
    let imported = vpcsim_import::import_terraform_file(&path).expect("the fixture imports");
    let yaml = imported_yaml(&imported);
    (imported, yaml)
}

#[test]
fn webapp_plan_resolves_unknown_ids_through_configuration() {
    let (_imported, yaml) = check("webapp");
    insta::assert_snapshot!("terraform_webapp", yaml);
}

#[test]
fn empty_or_unknown_security_group_lists_are_omitted_with_a_warning_naming_the_address() {
    let resource = |kind: &str, name: &str, values: &str| {
        format!(
            r#"{{"address": "{kind}.{name}", "mode": "managed", "type": "{kind}", "name": "{name}", "values": {values}}}"#
        )
    };
    let config = |kind: &str, name: &str, expressions: &str| {
        format!(
            r#"{{"address": "{kind}.{name}", "mode": "managed", "type": "{kind}", "name": "{name}", "expressions": {expressions}}}"#
        )
    };
    let subnet_ref = r#""subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}"#;
    let planned = [
        resource("aws_vpc", "main", r#"{"cidr_block": "10.0.0.0/16"}"#),
        resource(
            "aws_subnet",
            "a",
            r#"{"cidr_block": "10.0.0.0/24", "availability_zone": "us-east-1a"}"#,
        ),
        // A list the plan knows is empty.
        resource("aws_instance", "empty", r#"{"vpc_security_group_ids": []}"#),
        // Unknown until apply, pointing at a group that is not in the plan.
        resource("aws_instance", "unknown", "{}"),
        // Not configured: AWS will assign the default group.
        resource("aws_instance", "unset", "{}"),
    ];
    let configured = [
        config(
            "aws_subnet",
            "a",
            r#"{"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}"#,
        ),
        config("aws_instance", "empty", &format!("{{{subnet_ref}}}")),
        config(
            "aws_instance",
            "unknown",
            &format!(
                r#"{{{subnet_ref}, "vpc_security_group_ids": {{"references": ["data.aws_security_group.shared.id"]}}}}"#
            ),
        ),
        config("aws_instance", "unset", &format!("{{{subnet_ref}}}")),
    ];
    let plan = format!(
        r#"{{"format_version": "1.2", "planned_values": {{"root_module": {{"resources": [{}]}}}},
            "configuration": {{"root_module": {{"resources": [{}]}}}}}}"#,
        planned.join(","),
        configured.join(",")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, plan).unwrap();
    let imported = vpcsim_import::import_terraform_file(&path).expect("the plan imports");
    let instances = &imported.document.vpcs[0].instances;
    assert_eq!(instances.len(), 3);
    assert!(
        instances.values().all(|i| i.security_groups.is_none()),
        "never `security_groups: []`"
    );
    let messages: Vec<String> = imported
        .warnings
        .iter()
        .filter(|w| w.resource.starts_with("aws_instance."))
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    aws_instance.empty: `vpc_security_group_ids` is empty in the plan; omitted, so the VPC's default group applies (an interface always has one, §15.8)
    aws_instance.unknown: `vpc_security_group_ids` is unknown until apply and its configuration names no security group in the plan; omitted, so the VPC's default group applies
    aws_instance.unset: `vpc_security_group_ids` is not configured, so unknown until apply (AWS assigns the VPC's default group); omitted, so the default group applies
    ");
    let (_, diagnostics) = vpcsim_model::resolve(&imported.document);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

/// The plan text of a fixture.
fn fixture_text(scenario: &str) -> String {
    std::fs::read_to_string(
        fixtures_dir()
            .join("terraform")
            .join(scenario)
            .join("plan.json"),
    )
    .expect("the fixture exists")
}

fn import_bytes(bytes: &[u8]) -> Result<vpcsim_import::Imported, vpcsim_import::ImportError> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("plan.json");
    std::fs::write(&path, bytes).expect("the plan is written");
    vpcsim_import::import_terraform_file(&path)
}

#[test]
fn terraform_0_12_plan_keeps_inline_routes_bastion_groups_and_unknown_azs() {
    let (imported, yaml) = check("bastion-0.12");
    let vpc = &imported.document.vpcs[0];
    // The inline routes' targets are null in the values and resolved through the one
    // expression the 0.12 configuration has for all `route` blocks.
    assert_eq!(vpc.route_tables.len(), 2, "{yaml}");
    assert!(
        vpc.route_tables.values().all(|t| t.routes.len() == 1),
        "{yaml}"
    );
    // `security_groups = [aws_security_group.bastion.id]` on an instance with a subnet.
    let bastion = vpc.instances.values().next().unwrap();
    assert_eq!(
        bastion
            .security_groups
            .as_ref()
            .map(|g| g.iter().map(|g| g.value.clone()).collect::<Vec<_>>()),
        Some(vec!["bastion".to_owned()]),
        "{yaml}"
    );
    // No `az: ""`: a region-prefixed placeholder, warned.
    assert!(
        vpc.subnets.values().all(|s| !s.az.value.is_empty()),
        "{yaml}"
    );
    insta::assert_snapshot!("terraform_bastion_0_12", yaml);
    let (_, diagnostics) = vpcsim_model::resolve(&imported.document);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn resources_added_to_an_existing_vpc_get_a_placeholder_vpc() {
    // `data "aws_vpc"` read at plan time: the CIDR comes from `prior_state`.
    let (imported, yaml) = check("existing-vpc");
    assert_eq!(imported.document.vpcs.len(), 1);
    let (name, vpc) = imported.document.vpcs.iter().next().unwrap();
    assert_eq!(name.value, "shared", "the data source's Name tag");
    assert_eq!(vpc.subnets.len(), 2);
    assert_eq!(vpc.load_balancers.len(), 1);
    insta::assert_snapshot!("terraform_existing_vpc", yaml);
    // `var.vpc_id` with no data source: the CIDR is the smallest block covering the subnets.
    let (imported, yaml) = check("existing-var");
    let vpc = &imported.document.vpcs[0];
    assert_eq!(format!("{:?}", vpc.cidr.value), "One(\"172.31.96.0/19\")");
    assert_eq!(vpc.databases.len(), 1);
    assert!(
        imported.warnings.iter().any(|w| w
            .message
            .contains("inferred as the smallest block covering its subnets")
            && w.message.contains("`aws_subnet.db[0]`")),
        "{yaml}"
    );
    insta::assert_snapshot!("terraform_existing_var", yaml);
}

#[test]
fn an_unrecorded_vpc_reference_becomes_a_placeholder_named_after_it() {
    // The data source depends on something unknown, so the plan has no values for it.
    let plan = r#"{"format_version": "1.2", "terraform_version": "1.6.0",
      "planned_values": {"root_module": {"resources": [
        {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
         "values": {"name": "web", "ingress": [], "egress": []}}]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
         "expressions": {"vpc_id": {"references": ["data.aws_vpc.shared.id", "data.aws_vpc.shared"]}}}]}}}"#;
    let imported = import_bytes(plan.as_bytes()).expect("imports");
    let (name, vpc) = imported.document.vpcs.iter().next().unwrap();
    assert_eq!(name.value, "existing-shared");
    assert_eq!(vpc.security_groups.len(), 1);
    let messages: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"), @"data.aws_vpc.shared: VPC not created by this plan (named by `aws_security_group.web`); written as a placeholder VPC, CIDR unknown (no subnet of it in the plan), assumed 10.0.0.0/16: findings about addresses in it are assumed; its own gateways, route tables and ACLs are not in the plan, so findings about its routes (no internet-gateway route, LB002, RT004) are assumed");
}

#[test]
fn terraform_aws_modules_vpc_keeps_subnets_route_tables_and_nat_gateways() {
    let (imported, yaml) = check("module-vpc");
    let vpc = &imported.document.vpcs[0];
    assert_eq!(vpc.subnets.len(), 4, "{yaml}");
    assert_eq!(vpc.route_tables.len(), 2, "{yaml}");
    assert_eq!(vpc.nat_gateways.len(), 1, "{yaml}");
    assert!(vpc.internet_gateway.is_some(), "{yaml}");
    assert!(
        vpc.subnets.values().all(|s| s.route_table.is_some()),
        "every association survives: {yaml}"
    );
    // The root's instance is placed through `module.vpc.private_subnets[0]`.
    assert_eq!(vpc.instances.len(), 1, "{yaml}");
    insta::assert_snapshot!("terraform_module_vpc", yaml);
}

#[test]
fn every_plan_format_version_terraform_writes_is_read() {
    let text = fixture_text("webapp");
    let reference = import_bytes(text.as_bytes()).expect("imports");
    let expected = serde_json::to_string(&reference.document).unwrap();
    for version in ["0.1", "0.2", "1.0", "1.1", "1.2"] {
        let changed = text.replacen(
            r#""format_version": "1.2""#,
            &format!(r#""format_version": "{version}""#),
            1,
        );
        assert_ne!(
            changed,
            text.replace("1.2", "x"),
            "the fixture names its version"
        );
        let imported = import_bytes(changed.as_bytes())
            .unwrap_or_else(|error| panic!("format {version}: {error}"));
        assert_eq!(
            serde_json::to_string(&imported.document).unwrap(),
            expected,
            "format {version}"
        );
    }
    let error = import_bytes(
        text.replacen(
            r#""format_version": "1.2""#,
            r#""format_version": "2.0""#,
            1,
        )
        .as_bytes(),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("unsupported format_version `2.0`"),
        "{error}"
    );
}

#[test]
fn bom_and_utf16_plans_import_like_plain_utf8() {
    let text = fixture_text("webapp");
    let expected = serde_json::to_string(&import_bytes(text.as_bytes()).unwrap().document).unwrap();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.as_bytes());
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for (name, bytes) in [("UTF-8 BOM", bom), ("UTF-16LE", le), ("UTF-16BE", be)] {
        let imported = import_bytes(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            serde_json::to_string(&imported.document).unwrap(),
            expected,
            "{name}"
        );
    }
}

#[test]
fn plan_json_streams_and_raw_state_are_refused_with_the_command_to_run() {
    let stream = concat!(
        r#"{"@level":"info","@message":"Terraform 1.6.6","@module":"terraform.ui","@timestamp":"2024-01-01T00:00:00Z","terraform":"1.6.6","type":"version","ui":"1.2"}"#,
        "\n",
        r#"{"@level":"info","@message":"aws_vpc.main: Plan to create","@module":"terraform.ui","type":"planned_change","change":{"resource":{"addr":"aws_vpc.main"},"action":"create"}}"#,
        "\n"
    );
    let error = import_bytes(stream.as_bytes()).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("plan.json:1:1: this is the streaming output of `terraform plan -json`"),
        "{text}"
    );
    assert!(
        text.contains("terraform show -json plan.out > plan.json"),
        "{text}"
    );
    let raw = r#"{"version": 4, "terraform_version": "1.6.6", "serial": 7, "lineage": "0f", "outputs": {}, "resources": []}"#;
    let text = import_bytes(raw.as_bytes()).unwrap_err().to_string();
    assert!(text.contains("raw Terraform state file"), "{text}");
    assert!(text.contains("terraform show -json"), "{text}");
}

#[test]
fn a_plan_with_no_network_is_an_error_not_an_empty_design() {
    let path = fixtures_dir().join("terraform/no-network/plan.json");
    let error = vpcsim_import::import_terraform_file(&path).unwrap_err();
    assert!(
        matches!(error, vpcsim_import::ImportError::NoNetwork { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("nothing to check"), "{error}");
    let empty = r#"{"format_version": "1.2", "planned_values": {"root_module": {}}}"#;
    let error = import_bytes(empty.as_bytes()).unwrap_err();
    assert!(
        error.to_string().contains("no managed resources"),
        "{error}"
    );
}

#[test]
fn a_module_with_count_resolves_through_its_instance() {
    // `module "vpc" { count = 1 }`: addresses and references carry `[0]`, the configuration
    // has one `module_calls.vpc`.
    let text = fixture_text("module-vpc")
        .replace("\"module.vpc.", "\"module.vpc[0].")
        .replace(
            "\"address\": \"module.vpc\"",
            "\"address\": \"module.vpc[0]\"",
        );
    assert!(text.contains("module.vpc[0].aws_subnet.public[0]"));
    let counted = import_bytes(text.as_bytes()).expect("imports");
    let (plain, _) = check("module-vpc");
    assert_eq!(
        serde_json::to_string(&counted.document).unwrap(),
        serde_json::to_string(&plain.document).unwrap()
    );
}

#[test]
fn instances_launched_on_an_eni_take_its_subnet_and_groups() {
    let plan = r#"{"format_version": "1.2", "terraform_version": "1.6.0",
      "planned_values": {"root_module": {"resources": [
        {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"cidr_block": "10.0.0.0/16"}},
        {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": {"cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a"}},
        {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web", "values": {"name": "web", "ingress": [], "egress": []}},
        {"address": "aws_security_group.extra", "mode": "managed", "type": "aws_security_group", "name": "extra", "values": {"name": "extra", "ingress": [], "egress": []}},
        {"address": "aws_network_interface.web", "mode": "managed", "type": "aws_network_interface", "name": "web", "values": {"private_ips": ["10.0.1.10"]}},
        {"address": "aws_network_interface_sg_attachment.extra", "mode": "managed", "type": "aws_network_interface_sg_attachment", "name": "extra", "values": {}},
        {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web", "values": {"instance_type": "t3.micro", "network_interface": [{"device_index": 0, "network_interface_id": null, "delete_on_termination": false}]}},
        {"address": "aws_elb.classic", "mode": "managed", "type": "aws_elb", "name": "classic", "values": {"name": "classic"}}]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
        {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
        {"address": "aws_security_group.extra", "mode": "managed", "type": "aws_security_group", "name": "extra", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
        {"address": "aws_network_interface.web", "mode": "managed", "type": "aws_network_interface", "name": "web", "expressions": {"subnet_id": {"references": ["aws_subnet.a.id", "aws_subnet.a"]}, "security_groups": {"references": ["aws_security_group.web.id", "aws_security_group.web"]}}},
        {"address": "aws_network_interface_sg_attachment.extra", "mode": "managed", "type": "aws_network_interface_sg_attachment", "name": "extra", "expressions": {"network_interface_id": {"references": ["aws_network_interface.web.id", "aws_network_interface.web"]}, "security_group_id": {"references": ["aws_security_group.extra.id", "aws_security_group.extra"]}}},
        {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web", "expressions": {"network_interface": [{"device_index": {"constant_value": 0}, "network_interface_id": {"references": ["aws_network_interface.web.id", "aws_network_interface.web"]}}]}}]}}}"#;
    let imported = import_bytes(plan.as_bytes()).expect("imports");
    let vpc = &imported.document.vpcs[0];
    assert!(
        vpc.network_interfaces.is_empty(),
        "the primary ENI is the instance's"
    );
    let web = &vpc.instances[0];
    assert_eq!(web.subnet.value, "a");
    let groups: Vec<&str> = web
        .security_groups
        .iter()
        .flat_map(|list| list.value.iter())
        .map(|g| g.value.as_str())
        .collect();
    assert_eq!(groups, ["web", "extra"]);
    let messages: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"), @"aws_elb.classic: unsupported resource type `aws_elb`; skipped");
}

#[test]
fn an_instance_in_an_existing_subnet_gets_a_placeholder_subnet() {
    let (imported, yaml) = check("existing-subnet");
    let vpc = &imported.document.vpcs[0];
    assert_eq!(vpc.instances.len(), 1, "the bastion is kept: {yaml}");
    let subnet = &vpc.subnets[0];
    assert_eq!(subnet.cidr.value, "10.0.0.0/24", "{yaml}");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.resource == "subnet-0aaaabbbbccccdddd"
                && w.message.contains("placeholder subnet")
                && w.message.contains("`aws_instance.bastion`")),
        "{yaml}"
    );
    let (_, diagnostics) = vpcsim_model::resolve(&imported.document);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn vpn_connection_routes_become_the_vpcs_vpn_routes() {
    // docs/semantics.md §15.11: `aws_vpn_connection_route`s of a connection on the VPC's VPN
    // gateway are what its VPN covers.
    let plan = r#"{"format_version": "1.2",
      "planned_values": {"root_module": {"resources": [
        {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"cidr_block": "10.0.0.0/16"}},
        {"address": "aws_vpn_gateway.office", "mode": "managed", "type": "aws_vpn_gateway", "name": "office", "values": {}},
        {"address": "aws_vpn_connection.office", "mode": "managed", "type": "aws_vpn_connection", "name": "office", "values": {"static_routes_only": true}},
        {"address": "aws_vpn_connection_route.hq", "mode": "managed", "type": "aws_vpn_connection_route", "name": "hq", "values": {"destination_cidr_block": "10.100.0.0/16"}}]}},
      "configuration": {"root_module": {"resources": [
        {"address": "aws_vpn_gateway.office", "mode": "managed", "type": "aws_vpn_gateway", "name": "office",
         "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
        {"address": "aws_vpn_connection.office", "mode": "managed", "type": "aws_vpn_connection", "name": "office",
         "expressions": {"vpn_gateway_id": {"references": ["aws_vpn_gateway.office.id", "aws_vpn_gateway.office"]}}},
        {"address": "aws_vpn_connection_route.hq", "mode": "managed", "type": "aws_vpn_connection_route", "name": "hq",
         "expressions": {"vpn_connection_id": {"references": ["aws_vpn_connection.office.id", "aws_vpn_connection.office"]}}}]}}}"#;
    let imported = import_bytes(plan.as_bytes()).expect("imports");
    let vpc = &imported.document.vpcs[0];
    assert!(vpc.vpn_gateway.is_some());
    let routes: Vec<&str> = vpc
        .vpn_routes
        .iter()
        .flatten()
        .map(|route| route.value.as_str())
        .collect();
    assert_eq!(routes, ["10.100.0.0/16"]);
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| !w.resource.starts_with("aws_vpn")),
        "{:?}",
        imported.warnings
    );
}
