//! Every command reads an AWS describe-* folder or a Terraform plan directly, not only design
//! files: the importers run first, then the same model is used (issue #7).
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;
use common::workspace_root;

fn vpcsim(args: &[&str]) -> std::process::Output {
    common::vpcsim(args).output().unwrap()
}

#[test]
fn exposure_reads_an_aws_export_folder() {
    let dir = workspace_root().join("fixtures/conformance/batfish/public-subnet/aws_configs");
    assert!(
        dir.is_dir(),
        "conformance corpus missing at {}: it is part of the repository",
        dir.display()
    );
    let output = vpcsim(&["exposure", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The wizard's public instance with SSH open to the world is the one exposed resource.
    assert_eq!(report["exposed"].as_array().unwrap().len(), 1);
    assert_eq!(report["exposed"][0]["flows"][0]["ports"], "22");
}

#[test]
fn check_and_reach_read_a_terraform_plan() {
    let plan = "fixtures/import/terraform/webapp/plan.json";
    let output = vpcsim(&["check", plan, "--format", "json"]);
    assert_ne!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["unusable_files"], 0);
    let output = vpcsim(&["exposure", plan, "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_missing_folder_is_exit_2() {
    let output = vpcsim(&["reach", "no-such-dir/", "--from", "a", "--to", "b:22"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("vpcsim: error:"));
}
