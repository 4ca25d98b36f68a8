//! AWS describe-* import: fixtures under `fixtures/import/aws/<scenario>/`, snapshotted as YAML
//! (warnings appended as comments), plus the error cases (exit-2 inputs of the CLI).

mod common;

use common::{fixtures_dir, imported_yaml};
use vpcsim_import::{ImportError, import_aws_dir};

fn check(scenario: &str) -> (vpcsim_import::Imported, String) {
    let imported =
        import_aws_dir(fixtures_dir().join("aws").join(scenario)).expect("the fixture imports");
    let yaml = imported_yaml(&imported);
    (imported, yaml)
}

#[test]
fn three_tier_snapshot_imports_every_kind() {
    let (_imported, yaml) = check("three-tier");
    insta::assert_snapshot!("aws_three_tier", yaml);
}

#[test]
fn three_tier_dangling_ids_are_warnings_naming_the_resource() {
    let (imported, _) = check("three-tier");
    let has = |resource: &str, text: &str| {
        imported
            .warnings
            .iter()
            .any(|w| w.resource == resource && w.message.contains(text))
    };
    assert!(has(
        "rtb-000000000000app01",
        "igw-0000000000000gone: internet gateway not found"
    ));
    assert!(has("sg-00000000000000app", "sg-0000000000000other"));
    assert!(has("i-00000000000000old", "terminated"));
}

#[test]
fn import_is_deterministic() {
    let (_, first) = check("three-tier");
    let (_, second) = check("three-tier");
    assert_eq!(first, second);
}

#[test]
fn missing_directory_is_an_error_naming_the_path() {
    let error = import_aws_dir("/nonexistent/vpcsim-import").unwrap_err();
    assert!(matches!(error, ImportError::NotFound { .. }));
    assert_eq!(
        error.to_string(),
        "`/nonexistent/vpcsim-import` does not exist"
    );
}

#[test]
fn malformed_json_reports_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Vpcs.json"),
        "{\n \"Vpcs\": [\n  {\"VpcId\": }\n ]\n}\n",
    )
    .unwrap();
    let error = import_aws_dir(dir.path()).unwrap_err();
    let ImportError::MalformedJson {
        path, line, column, ..
    } = &error
    else {
        panic!("unexpected error {error:?}");
    };
    assert!(path.ends_with("Vpcs.json"));
    assert_eq!((*line, *column), (3, 13));
}

#[test]
fn directory_without_recognised_keys_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("zones.json"),
        r#"{"AvailabilityZones": []}"#,
    )
    .unwrap();
    let error = import_aws_dir(dir.path()).unwrap_err();
    assert!(
        matches!(error, ImportError::NoRecognisedFiles { .. }),
        "{error:?}"
    );
}

#[test]
fn wrong_shapes_are_warnings_with_json_paths_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, 7, {"CidrBlock": 3}],
            "Subnets": {"not": "a list"},
            "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"GatewayId": 5}, {}]}]}"#,
    )
    .unwrap();
    let imported = import_aws_dir(dir.path()).unwrap();
    let messages: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(messages.join("\n"), @r"
    a.json: $.Subnets: expected an array; ignored
    a.json: $.Vpcs[1]: expected an object; skipped
    a.json: $.Vpcs[2]: missing string field `VpcId`; skipped
    rtb-1: route without a destination; skipped
    ");
}

/// The `security_groups:` each imported instance gets, by instance name.
fn instance_groups(imported: &vpcsim_import::Imported) -> Vec<(String, Option<Vec<String>>)> {
    imported.document.vpcs[0]
        .instances
        .iter()
        .map(|(name, instance)| {
            let groups = instance
                .security_groups
                .as_ref()
                .map(|list| list.iter().map(|g| g.value.clone()).collect());
            (name.value.clone(), groups)
        })
        .collect()
}

#[test]
fn instance_without_security_groups_takes_its_primary_interface_groups() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("network.json"),
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
            "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "eu-west-1a"}],
            "SecurityGroups": [
              {"GroupId": "sg-web", "GroupName": "web", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []},
              {"GroupId": "sg-db", "GroupName": "db", "VpcId": "vpc-1", "IpPermissions": [], "IpPermissionsEgress": []}]}"#,
    )
    .unwrap();
    // i-inline: no `SecurityGroups`, but its inline primary ENI (DeviceIndex 0) has `Groups`;
    // the secondary ENI's groups are not the instance's. i-file: the primary ENI is only in
    // NetworkInterfaces.json. i-none: no groups anywhere.
    std::fs::write(
        dir.path().join("Instances.json"),
        r#"{"Reservations": [{"Instances": [
              {"InstanceId": "i-inline", "VpcId": "vpc-1", "SubnetId": "subnet-1",
               "NetworkInterfaces": [
                 {"NetworkInterfaceId": "eni-2", "Attachment": {"DeviceIndex": 1}, "Groups": [{"GroupId": "sg-db"}],
                  "SubnetId": "subnet-1", "VpcId": "vpc-1"},
                 {"NetworkInterfaceId": "eni-1", "Attachment": {"DeviceIndex": 0}, "Groups": [{"GroupId": "sg-web"}]}]},
              {"InstanceId": "i-file", "VpcId": "vpc-1", "SubnetId": "subnet-1", "SecurityGroups": []},
              {"InstanceId": "i-none", "VpcId": "vpc-1", "SubnetId": "subnet-1"}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("NetworkInterfaces.json"),
        r#"{"NetworkInterfaces": [
              {"NetworkInterfaceId": "eni-3", "VpcId": "vpc-1", "SubnetId": "subnet-1",
               "Attachment": {"InstanceId": "i-file", "DeviceIndex": 0},
               "Groups": [{"GroupId": "sg-db"}, {"GroupId": "sg-web"}]}]}"#,
    )
    .unwrap();
    let imported = import_aws_dir(dir.path()).unwrap();
    assert_eq!(
        instance_groups(&imported),
        [
            (
                "i-file".to_owned(),
                Some(vec!["db".to_owned(), "web".to_owned()])
            ),
            ("i-inline".to_owned(), Some(vec!["web".to_owned()])),
            ("i-none".to_owned(), None),
        ]
    );
    let messages: Vec<String> = imported
        .warnings
        .iter()
        .filter(|w| w.resource.starts_with("i-"))
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(messages.join("\n"), @"i-none: no `SecurityGroups` on the instance and no `Groups` on its primary network interface in the input; `security_groups` omitted, so the VPC's default group applies");
    // The design resolves: every instance has a group, none is `security_groups: []`.
    let (model, diagnostics) = vpcsim_model::resolve(&imported.document);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(model.enis.iter().all(|eni| !eni.security_groups.is_empty()));
}

#[test]
fn tgw_route_tables_associations_propagations_and_static_routes_are_imported() {
    let (imported, yaml) = check("tgw-isolated-shared");
    insta::assert_snapshot!("aws_tgw_isolated_shared", yaml);
    let hub = &imported.document.transit_gateways[0];
    let tables = hub.route_tables.as_ref().expect("tables as configured");
    let names = |list: &[vpcsim_model::Loc<String>]| {
        list.iter().map(|n| n.value.clone()).collect::<Vec<_>>()
    };
    let (_, spokes) = tables.iter().find(|(k, _)| k.value == "spokes").unwrap();
    assert_eq!(names(&spokes.associations), ["spoke-a-att", "spoke-b-att"]);
    assert_eq!(names(&spokes.propagations), ["services-att"]);
    assert_eq!(spokes.routes.len(), 1);
    assert_eq!(spokes.routes[0].via.value, "blackhole");
    let (_, shared) = tables.iter().find(|(k, _)| k.value == "shared").unwrap();
    assert_eq!(names(&shared.associations), ["services-att"]);
    assert_eq!(
        names(&shared.propagations),
        ["spoke-a-att", "spoke-b-att", "spoke-c-att"]
    );
    let warned = |resource: &str, text: &str| {
        imported
            .warnings
            .iter()
            .any(|w| w.resource == resource && w.message.contains(text))
    };
    assert!(warned(
        "tgw-attach-00000000000000c01",
        "associated with no TGW route table"
    ));
    assert!(warned(
        "tgw-rtb-0000000000shared",
        "imported as a blackhole"
    ));
}

#[test]
fn tgw_without_association_data_uses_the_default_association_table_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixtures_dir().join("aws/tgw-isolated-shared/aws_configs/us-east-1");
    for file in [
        "Vpcs.json",
        "Subnets.json",
        "TransitGateways.json",
        "TransitGatewayVpcAttachments.json",
    ] {
        std::fs::copy(source.join(file), dir.path().join(file)).unwrap();
    }
    std::fs::write(
        dir.path().join("TransitGatewayRouteTables.json"),
        r#"{"TransitGatewayRouteTables": [
            {"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-0000000000000hub1",
             "DefaultAssociationRouteTable": true, "DefaultPropagationRouteTable": true},
            {"TransitGatewayRouteTableId": "tgw-rtb-2", "TransitGatewayId": "tgw-0000000000000hub1"}]}"#,
    )
    .unwrap();
    let imported = import_aws_dir(dir.path()).unwrap();
    let tables = imported.document.transit_gateways[0]
        .route_tables
        .as_ref()
        .unwrap();
    let first = &tables[0];
    assert_eq!(first.associations.len(), 4);
    assert_eq!(first.propagations.len(), 4);
    assert!(tables[1].associations.is_empty());
    assert!(imported.warnings.iter().any(|w| {
        w.message
            .contains("assumed associated with the default table tgw-rtb-1")
    }));
}

#[test]
fn per_table_file_without_a_table_id_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("routes.json"),
        r#"{"Routes": [{"DestinationCidrBlock": "10.0.0.0/8", "Type": "static", "State": "blackhole"}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("more.json"),
        r#"{"TransitGatewayRouteTableId": "tgw-rtb-9", "Associations": [{"TransitGatewayAttachmentId": "tgw-attach-1", "State": "associated"}]}"#,
    )
    .unwrap();
    let imported = import_aws_dir(dir.path()).unwrap();
    assert!(
        imported.warnings.iter().any(|w| w.resource == "routes.json"
            && w.message.contains("no `TransitGatewayRouteTableId`"))
    );
    // The top-level id names the table; the unknown TGW of that table is never emitted.
    assert!(!imported.warnings.iter().any(|w| w.resource == "more.json"));
}

#[test]
fn managed_interfaces_give_their_addresses_to_their_resources() {
    let (imported, yaml) = check("managed-interfaces");
    insta::assert_snapshot!("aws_managed_interfaces", yaml);
    let vpc = &imported.document.vpcs[0];
    assert!(vpc.network_interfaces.is_empty(), "no stray interfaces");
    let pins = |map: &indexmap::IndexMap<vpcsim_model::Loc<String>, vpcsim_model::Loc<String>>| {
        map.iter()
            .map(|(k, v)| format!("{}={}", k.value, v.value))
            .collect::<Vec<_>>()
    };
    let lb = |name: &str| {
        vpc.load_balancers
            .iter()
            .find(|(k, _)| k.value == name)
            .unwrap()
            .1
    };
    assert_eq!(
        pins(&lb("internal-nlb").private_ips),
        ["app-a=10.1.1.237", "app-b=10.1.2.201"]
    );
    assert_eq!(
        pins(&lb("internal-alb").private_ips),
        ["app-a=10.1.1.90", "app-b=10.1.2.90"]
    );
    let endpoint = &vpc.endpoints[0];
    assert_eq!(
        pins(&endpoint.private_ips),
        ["app-a=10.1.1.55", "app-b=10.1.2.55"]
    );
    let ip = |value: &Option<vpcsim_model::Loc<String>>| value.as_ref().map(|v| v.value.clone());
    assert_eq!(
        ip(&vpc.nat_gateways[0].private_ip).as_deref(),
        Some("10.1.1.77")
    );
    assert_eq!(
        ip(&vpc.databases[0].private_ip).as_deref(),
        Some("10.1.1.40")
    );
    assert_eq!(ip(&vpc.caches[0].private_ip).as_deref(), Some("10.1.2.66"));
    let warned = |resource: &str| imported.warnings.iter().any(|w| w.resource == resource);
    assert!(warned("eni-0000000000lambda"));
    assert!(warned("eni-0000000000gone01"));
}

#[test]
fn every_region_and_account_folder_is_imported_into_one_design() {
    let (imported, yaml) = check("two-regions");
    insta::assert_snapshot!("aws_two_regions", yaml);
    let document = &imported.document;
    assert_eq!(document.vpcs.len(), 3, "no Region dropped");
    let place = |name: &str| {
        let vpc = document
            .vpcs
            .iter()
            .find(|(k, _)| k.value == name)
            .unwrap()
            .1;
        (
            vpc.region.as_ref().map(|r| r.value.clone()),
            vpc.account.as_ref().map(|a| a.value.clone()),
        )
    };
    let default = document.region.as_ref().unwrap().value.clone();
    let (shop_region, shop_account) = place("shop");
    assert_eq!(shop_region.unwrap_or_else(|| default.clone()), "us-east-2");
    assert_eq!(shop_account.as_deref(), Some("111111111111"));
    let (lab_region, lab_account) = place("lab");
    assert_eq!(lab_region.unwrap_or(default), "us-west-2");
    assert_eq!(lab_account.as_deref(), Some("222222222222"));
    // The peering listed by both accounts is one peering.
    assert_eq!(document.peerings.len(), 1);
    // Several accounts: AZ ids are written, since AZ names are per-account aliases (§15.6).
    let shop = &document
        .vpcs
        .iter()
        .find(|(k, _)| k.value == "shop")
        .unwrap()
        .1;
    assert_eq!(
        shop.subnets[0].az_id.as_ref().map(|z| z.value.as_str()),
        Some("use2-az1")
    );
    let (model, diagnostics) = vpcsim_model::resolve(document);
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity != vpcsim_model::Severity::Error),
        "{diagnostics:#?}"
    );
    assert_eq!(model.vpcs.len(), 3);
}

#[test]
fn tgw_peering_attachments_are_imported_from_both_sides() {
    let (imported, yaml) = check("tgw-peering");
    insta::assert_snapshot!("aws_tgw_peering", yaml);
    let tgws = &imported.document.transit_gateways;
    assert_eq!(tgws.len(), 2);
    assert_eq!(
        tgws[0].peerings.len(),
        1,
        "declared once, under the requester"
    );
    assert!(tgws[1].peerings.is_empty());
    for tgw in tgws.values() {
        let table = &tgw.route_tables.as_ref().unwrap()[0];
        assert!(
            table
                .associations
                .iter()
                .any(|a| a.value == "tgw-attach-000000000peer01")
        );
        assert_eq!(table.routes[0].via.value, "tgw-attach-000000000peer01");
    }
}

#[test]
fn moto_generated_export_imports_with_its_tgw_tables() {
    // Shapes written by boto3 against moto (fixtures/import/aws/moto/gen.py), not by us.
    let (imported, yaml) = check("moto");
    insta::assert_snapshot!("aws_moto", yaml);
    let tables = imported.document.transit_gateways[0]
        .route_tables
        .as_ref()
        .unwrap();
    let spokes = tables.iter().find(|(k, _)| k.value == "spokes").unwrap().1;
    assert_eq!(spokes.associations.len(), 2);
    assert_eq!(spokes.propagations.len(), 1);
    // moto's stale `Association` fields lose to the per-table answers, with a warning each.
    let stale = imported
        .warnings
        .iter()
        .filter(|w| w.message.contains("the per-table answer is used"))
        .count();
    assert_eq!(stale, 3);
}

#[test]
fn managed_addresses_come_from_lb_addresses_and_owner_interface_lists_too() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "Vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16"}]}"#,
    );
    write(
        "Subnets.json",
        r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "us-east-1a"}]}"#,
    );
    write(
        "LoadBalancers.json",
        r#"{"LoadBalancers": [{"LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/n/1",
            "LoadBalancerName": "n", "Type": "network", "Scheme": "internal", "VpcId": "vpc-1",
            "AvailabilityZones": [{"SubnetId": "subnet-1", "LoadBalancerAddresses": [{"PrivateIPv4Address": "10.1.1.200"}]}]}]}"#,
    );
    write(
        "VpcEndpoints.json",
        r#"{"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "VpcId": "vpc-1",
            "ServiceName": "com.amazonaws.us-east-1.ssm", "State": "available", "SubnetIds": ["subnet-1"],
            "Groups": [], "NetworkInterfaceIds": ["eni-e1"]}]}"#,
    );
    // An endpoint interface whose description says nothing; the endpoint names it.
    write(
        "NetworkInterfaces.json",
        r#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-e1", "SubnetId": "subnet-1", "VpcId": "vpc-1",
            "PrivateIpAddress": "10.1.1.44", "InterfaceType": "vpc_endpoint", "RequesterManaged": true}]}"#,
    );
    let imported = import_aws_dir(dir.path()).unwrap();
    let vpc = &imported.document.vpcs[0];
    assert!(vpc.network_interfaces.is_empty());
    let lb = &vpc.load_balancers[0];
    assert_eq!(lb.private_ips[0].value, "10.1.1.200");
    assert_eq!(vpc.endpoints[0].private_ips[0].value, "10.1.1.44");
}
