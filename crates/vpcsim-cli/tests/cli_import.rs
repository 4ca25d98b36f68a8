//! `vpcsim import` end to end: the real binary, exit code + stdout + stderr snapshotted, run
//! from the repository root so paths in the output are relative and stable.

use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn vpcsim_import() -> Command {
    let mut cmd = Command::new(get_cargo_bin("vpcsim"));
    cmd.arg("import")
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    cmd
}

#[test]
fn aws_fixture_prints_yaml_and_warnings_on_stderr() {
    assert_cmd_snapshot!(vpcsim_import().args(["aws", "fixtures/import/aws/three-tier"]));
}

#[test]
fn terraform_plan_prints_json_with_format_json() {
    let output = vpcsim_import()
        .args([
            "terraform",
            "fixtures/import/terraform/webapp/plan.json",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let design: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON design");
    assert_eq!(design["vpcs"]["webapp"]["cidr"], "10.0.0.0/16");
}

#[test]
fn output_file_is_written_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("design.yaml");
    let output = vpcsim_import()
        .args([
            "terraform",
            "fixtures/import/terraform/webapp/plan.json",
            "-o",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert!(output.stdout.is_empty());
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(
        text.starts_with("# vpcsim design imported from Terraform plan"),
        "{text}"
    );
}

#[test]
fn missing_directory_exits_2() {
    assert_cmd_snapshot!(vpcsim_import().args(["aws", "fixtures/import/aws/no-such-dir"]));
}

#[test]
fn malformed_json_exits_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("plan.json"), "{\n  \"planned_values\": [\n").expect("written");
    let output = vpcsim_import()
        .args(["terraform"])
        .arg(dir.path().join("plan.json"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("plan.json:3:0: malformed JSON: EOF while parsing"),
        "{stderr}"
    );
}

#[test]
fn strict_turns_import_warnings_into_exit_2() {
    assert_cmd_snapshot!(vpcsim_import().args([
        "aws",
        "fixtures/import/aws/tgw-isolated-shared",
        "--strict"
    ]));
}

#[test]
fn strict_accepts_an_export_without_warnings() {
    let output = vpcsim_import()
        .args([
            "aws",
            "fixtures/conformance/batfish/subnet/aws_configs",
            "--strict",
        ])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("vpcsim: warning"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
