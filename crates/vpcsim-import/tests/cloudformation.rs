//! CloudFormation template import: fixtures under `fixtures/import/cloudformation/`,
//! snapshotted as YAML (warnings appended as comments), plus error cases.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

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
        rules[0].span.line, 116,
        "the first inline ingress rule's line"
    );
    assert_eq!(rules[1].span.line, 117);
    let (_, subnet) = vpc
        .subnets
        .iter()
        .find(|(name, _)| name.value == "private-a")
        .unwrap();
    assert_eq!(subnet.cidr.span.line, 60);
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

/// Types the importer reads into the design; every other type must be named in a warning.
const MODELLED: &[&str] = &[
    "AWS::EC2::VPC",
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::Subnet",
    "AWS::EC2::RouteTable",
    "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::VPNGateway",
    "AWS::EC2::EgressOnlyInternetGateway",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::NatGateway",
    "AWS::EC2::EIP",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::Instance",
    "AWS::EC2::NetworkInterface",
    "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::VPCPeeringConnection",
    "AWS::EC2::TransitGateway",
    "AWS::EC2::TransitGatewayAttachment",
    "AWS::EC2::TransitGatewayVpcAttachment",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBSubnetGroup",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::SubnetGroup",
];

/// (logical id, type) of a template's resources, read without the importer: JSON through
/// serde_json, YAML by its `Resources:` block (two-space indented ids, `Type:` below).
fn resource_types(text: &str) -> Vec<(String, String)> {
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        return value["Resources"]
            .as_object()
            .map(|r| {
                r.iter()
                    .filter_map(|(id, v)| Some((id.clone(), v["Type"].as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
    }
    let mut out = Vec::new();
    let mut in_resources = false;
    let mut current: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.starts_with('#') && !line.trim().is_empty() {
            in_resources = line.starts_with("Resources:");
            continue;
        }
        if !in_resources {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if indent == 2 && trimmed.ends_with(':') && !trimmed.starts_with('#') {
            current = Some(trimmed.trim_end_matches(':').to_owned());
        } else if let (Some(id), Some(kind)) = (&current, trimmed.strip_prefix("Type:")) {
            out.push((id.clone(), kind.trim().trim_matches(['"', '\'']).to_owned()));
            current = None;
        }
    }
    out
}

/// Imports every template under `dir`: each is a design or a clear error (never a panic),
/// and every resource of a type not modelled is named in a warning.
fn check_corpus(dir: &Path) -> Vec<String> {
    let mut report = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json" | "template")
            )
        })
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match import_cloudformation(&text, &path, &CfnOptions::default()) {
            Ok(imported) => {
                for (id, kind) in resource_types(&text) {
                    if !MODELLED.contains(&kind.as_str()) {
                        assert!(
                            imported.warnings.iter().any(|w| w.resource == id),
                            "{name}: {id} ({kind}) is not modelled but no warning names it: {:#?}",
                            imported.warnings
                        );
                    }
                }
                report.push(format!(
                    "{name}: {} VPC(s), {} warning(s)",
                    imported.document.vpcs.len(),
                    imported.warnings.len()
                ));
            }
            Err(
                error @ (ImportError::NotATemplate { .. } | ImportError::MalformedTemplate { .. }),
            ) => {
                report.push(format!("{name}: error: {error}"));
            }
            Err(other) => panic!("{name}: unexpected error kind: {other}"),
        }
    }
    report
}

#[test]
fn fixture_templates_warn_about_every_unmodelled_resource() {
    let report = check_corpus(&fixtures_dir().join("cloudformation"));
    assert_eq!(report.len(), 3, "{report:#?}");
}

/// Real templates from public repositories (fixtures/import/cloudformation/real/SOURCES.md):
/// `VPCSIM_CFN_CORPUS=DIR cargo test -p vpcsim-import --test cloudformation -- --ignored`.
#[test]
#[ignore = "needs VPCSIM_CFN_CORPUS, a folder of downloaded templates"]
fn real_corpus_imports_with_every_unmodelled_resource_warned() {
    let dir = std::env::var_os("VPCSIM_CFN_CORPUS").expect("VPCSIM_CFN_CORPUS is set");
    let report = check_corpus(Path::new(&dir));
    assert!(!report.is_empty());
    for line in report {
        eprintln!("{line}");
    }
}

#[test]
fn three_tier_template_maps_every_resource_kind() {
    let imported = import("three-tier.yaml", &CfnOptions::default());
    insta::assert_snapshot!("cloudformation_three_tier", imported_yaml(&imported));
}

#[test]
fn truncated_and_mangled_templates_never_panic() {
    let text =
        std::fs::read_to_string(fixtures_dir().join("cloudformation/three-tier.yaml")).unwrap();
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            let _ =
                import_cloudformation(&text[..cut], Path::new("t.yaml"), &CfnOptions::default());
            // The same prefix with its tags swapped around.
            let mangled = text[..cut]
                .replace("!Select", "!Sub")
                .replace("!Ref", "!Cidr");
            let _ = import_cloudformation(&mangled, Path::new("t.yaml"), &CfnOptions::default());
        }
        cut += 37;
    }
}

#[test]
fn aws_assigned_ipv6_is_warned_not_silently_dropped() {
    let text = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  V6:\n    Type: AWS::EC2::VPCCidrBlock\n    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}\n  Sub:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.0.0/24\n      AvailabilityZone: us-east-1a\n      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 256, 64]]\n";
    let imported =
        import_cloudformation(text, Path::new("v6.yaml"), &options("us-east-1")).unwrap();
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("V6: IPv6 block")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("Sub: Ipv6CidrBlock")),
        "{warnings:#?}"
    );
}
