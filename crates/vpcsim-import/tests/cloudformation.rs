//! CloudFormation template import: fixtures under `fixtures/import/cloudformation/`,
//! snapshotted as YAML (warnings appended as comments), plus error cases.

mod common;

use std::path::Path;

use common::{fixtures_dir, imported_yaml};
use vpcsim_import::{CfnOptions, ImportError, import_cloudformation};

fn options(region: &str) -> CfnOptions {
    CfnOptions {
        parameters: Vec::new(),
        region: Some(region.to_owned()),
    }
}

fn import(name: &str, options: &CfnOptions) -> vpcsim_import::Imported {
    let path = fixtures_dir().join("cloudformation").join(name);
    vpcsim_import::import_cloudformation_file(&path, options).expect("the fixture imports")
}

#[test]
fn seed_001_template_imports_with_evaluated_intrinsics() {
    let imported = import("seed-001-nat-alb.yaml", &options("ap-northeast-2"));
    insta::assert_snapshot!("cloudformation_seed_001", imported_yaml(&imported));
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("AppLogs: ")),
        "{warnings:#?}"
    );
}

#[test]
fn parameters_override_defaults() {
    let mut options = options("eu-west-1");
    options
        .parameters
        .push(("VpcCidr".to_owned(), "10.9.0.0/16".to_owned()));
    let imported = import("seed-001-nat-alb.yaml", &options);
    let yaml = imported_yaml(&imported);
    assert!(yaml.contains("cidr: 10.9.0.0/16"), "{yaml}");
    assert!(yaml.contains("cidr: 10.9.1.0/24"), "{yaml}");
    assert!(yaml.contains("az: eu-west-1c"), "{yaml}");
}

#[test]
fn template_positions_reach_the_document() {
    let imported = import("seed-001-nat-alb.yaml", &options("ap-northeast-2"));
    let vpc = imported.document.vpcs.values().next().unwrap();
    let (_, alb) = vpc
        .security_groups
        .iter()
        .find(|(name, _)| name.value == "alb")
        .unwrap();
    let rules = alb.ingress.as_ref().unwrap();
    assert_eq!(
        rules[0].span.line, 113,
        "the first inline ingress rule's line"
    );
    assert_eq!(rules[1].span.line, 114);
    let (_, subnet) = vpc
        .subnets
        .iter()
        .find(|(name, _)| name.value == "private-a")
        .unwrap();
    assert_eq!(subnet.cidr.span.line, 57);
}

#[test]
fn json_templates_import() {
    let text = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}},
    "Sub": {"Type": "AWS::EC2::Subnet", "Properties": {
      "VpcId": {"Ref": "Vpc"},
      "CidrBlock": {"Fn::Select": [0, {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 4, 8]}]},
      "AvailabilityZone": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}}},
    "Shared": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
      "GroupDescription": "x", "VpcId": {"Fn::ImportValue": "network-VpcId"}}},
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}}
  }
}"#;
    let imported = import_cloudformation(text, Path::new("t.json"), &options("us-east-1")).unwrap();
    let yaml = imported_yaml(&imported);
    assert!(yaml.contains("cidr: 10.1.0.0/24"), "{yaml}");
    assert!(yaml.contains("az: us-east-1a"), "{yaml}");
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Shared: VpcId: Fn::ImportValue `network-VpcId`")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Fn: AWS::Lambda::Function is not modelled")),
        "{warnings:#?}"
    );
}

#[test]
fn conditions_decide_which_resources_exist() {
    let text = "Parameters:\n  Nat: {Type: String, Default: 'no', AllowedValues: ['yes', 'no']}\nConditions:\n  WithNat: !Equals [!Ref Nat, 'yes']\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  S:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref V, CidrBlock: 10.0.0.0/24, AvailabilityZone: us-east-1a}\n  E:\n    Type: AWS::EC2::EIP\n    Condition: WithNat\n  N:\n    Type: AWS::EC2::NatGateway\n    Condition: WithNat\n    Properties: {SubnetId: !Ref S, AllocationId: !GetAtt E.AllocationId}\n";
    let without = import_cloudformation(text, Path::new("t.yaml"), &options("us-east-1")).unwrap();
    assert!(!imported_yaml(&without).contains("nat_gateways"));
    let mut with = options("us-east-1");
    with.parameters.push(("Nat".to_owned(), "yes".to_owned()));
    let with = import_cloudformation(text, Path::new("t.yaml"), &with).unwrap();
    assert!(imported_yaml(&with).contains("nat_gateways"));
}

#[test]
fn bad_templates_are_errors_with_positions() {
    let error = import_cloudformation(
        "Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: [10.0.0.0/16\n",
        Path::new("bad.yaml"),
        &CfnOptions::default(),
    )
    .unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error, ImportError::MalformedTemplate { .. }),
        "{text}"
    );
    assert!(text.starts_with("bad.yaml:"), "{text}");

    let error = import_cloudformation(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n",
        Path::new("s3.yaml"),
        &CfnOptions::default(),
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("defines no AWS::EC2::VPC"),
        "{error}"
    );

    let error = import_cloudformation(
        "AWSTemplateFormatVersion: x\n",
        Path::new("x.yaml"),
        &CfnOptions::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("no `Resources`"), "{error}");
}
