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
