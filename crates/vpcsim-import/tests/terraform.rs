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
