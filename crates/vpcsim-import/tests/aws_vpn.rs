//! Site-to-Site VPN in an AWS export (docs/semantics.md §15.11): a connection's static routes and
//! the routes its VPN gateway propagates into route tables become the VPC's `vpn_routes`; a
//! connection on a transit gateway stays a warning.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use vpcsim_import::import_aws_dir;

#[test]
fn static_and_propagated_vpn_routes_become_vpn_routes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("network.json"),
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
            "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "eu-west-1a"}],
            "VpnGateways": [{"VpnGatewayId": "vgw-1", "State": "available",
                             "VpcAttachments": [{"VpcId": "vpc-1", "State": "attached"}],
                             "Attachments": [{"VpcId": "vpc-1", "State": "attached"}]}],
            "RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
              "Associations": [{"Main": true}],
              "Routes": [
                {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
                {"DestinationCidrBlock": "192.168.0.0/16", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation", "State": "active"},
                {"DestinationCidrBlock": "172.16.0.0/12", "GatewayId": "vgw-1", "Origin": "CreateRoute", "State": "active"}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("VpnConnections.json"),
        r#"{"VpnConnections": [
              {"VpnConnectionId": "vpn-1", "VpnGatewayId": "vgw-1", "State": "available",
               "Routes": [{"DestinationCidrBlock": "10.100.0.0/16", "Source": "Static", "State": "available"},
                          {"DestinationCidrBlock": "10.200.0.0/16", "Source": "Static", "State": "deleted"}]},
              {"VpnConnectionId": "vpn-2", "TransitGatewayId": "tgw-1", "State": "available"}]}"#,
    )
    .unwrap();
    let imported = import_aws_dir(dir.path()).unwrap();
    let vpc = &imported.document.vpcs[0];
    let routes: Vec<&str> = vpc
        .vpn_routes
        .as_ref()
        .unwrap()
        .iter()
        .map(|route| route.value.as_str())
        .collect();
    // The static route and the propagated one; not the deleted route, nor the static subnet
    // route to the VGW (a route table entry says where to send, not what the VPN covers).
    assert_eq!(routes, ["10.100.0.0/16", "192.168.0.0/16"]);
    let warnings: Vec<String> = imported
        .warnings
        .iter()
        .filter(|w| w.resource.starts_with("vpn-"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("vpn-2: "), "{warnings:?}");
    let (_, diagnostics) = vpcsim_model::resolve(&imported.document);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}
