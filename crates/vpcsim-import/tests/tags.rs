//! Tags reach the design: AWS `Tags` lists and Terraform `tags` maps become `tags:` on the VPC,
//! subnet and instance (`Name` stays the name), so policy selectors `tag:K=V` work on imports.
#![allow(clippy::unwrap_used)]

#[test]
fn aws_tags_become_design_tags() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vpcs.json"),
        r#"{"Vpcs":[{"VpcId":"vpc-0000000000000001","CidrBlock":"10.0.0.0/16","Tags":[{"Key":"Name","Value":"prod"},{"Key":"env","Value":"prod"}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("subnets.json"),
        r#"{"Subnets":[{"SubnetId":"subnet-0000000000000001","VpcId":"vpc-0000000000000001","CidrBlock":"10.0.1.0/24","AvailabilityZone":"us-east-1a","Tags":[{"Key":"tier","Value":"db"}]}]}"#,
    )
    .unwrap();
    let imported = vpcsim_import::import_aws_dir(dir.path()).unwrap();
    let vpc = &imported.document.vpcs[0];
    assert_eq!(vpc.tags.get("env").map(String::as_str), Some("prod"));
    assert!(!vpc.tags.contains_key("Name"));
    let subnet = &vpc.subnets[0];
    assert_eq!(subnet.tags.get("tier").map(String::as_str), Some("db"));
}

#[test]
fn terraform_tags_become_design_tags() {
    let plan = r#"{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": { "root_module": { "resources": [
    { "address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
      "values": { "cidr_block": "10.0.0.0/16", "tags": { "Name": "webapp", "env": "prod" } } },
    { "address": "aws_subnet.db", "mode": "managed", "type": "aws_subnet", "name": "db",
      "values": { "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a", "tags": { "tier": "db" } } }
  ] } },
  "configuration": { "root_module": { "resources": [
    { "address": "aws_subnet.db", "mode": "managed", "type": "aws_subnet", "name": "db",
      "expressions": { "vpc_id": { "references": ["aws_vpc.main.id", "aws_vpc.main"] } } }
  ] } }
}"#;
    let imported = vpcsim_import::import_terraform(plan).unwrap();
    let vpc = &imported.document.vpcs[0];
    assert_eq!(vpc.tags.get("env").map(String::as_str), Some("prod"));
    let subnet = &vpc.subnets[0];
    assert_eq!(subnet.tags.get("tier").map(String::as_str), Some("db"));
}
