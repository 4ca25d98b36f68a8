//! CloudFormation templates end to end: `vpcsim import cloudformation`, and `check`, `reach`,
//! `exposure` reading a template directly (detected by content), with findings on the
//! template's own lines.

mod common;

use common::{vpcsim, workspace_root};
use insta_cmd::assert_cmd_snapshot;

const SEED: &str = "fixtures/import/cloudformation/seed-001-nat-alb.yaml";
const OPEN_SSH: &str = "fixtures/import/cloudformation/open-ssh.yaml";

#[test]
fn import_cloudformation_prints_the_design_and_warnings() {
    assert_cmd_snapshot!(vpcsim(&[
        "import",
        "cloudformation",
        SEED,
        "--region",
        "ap-northeast-2",
        "--parameter",
        "AppPort=8081",
    ]));
}

#[test]
fn import_rejects_a_parameter_without_equals_sign() {
    let output = vpcsim(&["import", "cloudformation", SEED, "--parameter", "AppPort"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("KEY=VALUE"));
}

#[test]
fn reach_answers_on_the_seed_001_template() {
    let output = vpcsim(&["reach", SEED, "--from", "web", "--to", "app:8081"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("reachable: web -> app:8081"), "{stdout}");
    // The deciding SG rule is shown at its line in the template (AppFromAlb).
    assert!(stdout.contains("seed-001-nat-alb.yaml:126:5"), "{stdout}");
    let output = vpcsim(&["reach", SEED, "--from", "internet", "--to", "app:8081"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("not reachable: internet -> app:8081"),
        "{stdout}"
    );
    let output = vpcsim(&["check", SEED]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn sarif_result_sits_at_the_line_of_the_offending_sg_rule() {
    let output = vpcsim(&["check", "--format", "sarif", OPEN_SSH])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let sarif = common::sarif_log(&output.stdout);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let result = results
        .iter()
        .find(|r| r["ruleId"] == "EXP001")
        .expect("an EXP001 result");
    let location = &result["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("open-ssh.yaml"),
        "{location}"
    );
    let line = location["region"]["startLine"].as_u64().expect("a line") as usize;
    let text = std::fs::read_to_string(workspace_root().join(OPEN_SSH)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The rule `- IpProtocol: tcp / FromPort: 22 / … / CidrIp: 0.0.0.0/0` starts on this line.
    assert_eq!(line, 44, "{result}");
    assert!(
        lines[line - 1]
            .trim_start()
            .starts_with("- IpProtocol: tcp")
    );
    assert!(lines[line].contains("FromPort: 22"));
}

#[test]
fn ignore_comment_in_the_template_suppresses_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(workspace_root().join(OPEN_SSH)).unwrap();
    let text = text.replace(
        "CidrIp: 0.0.0.0/0",
        "CidrIp: 0.0.0.0/0  # vpcsim: ignore[EXP001] reviewed bastion",
    );
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, text).unwrap();
    let output = vpcsim(&["check", path.to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 suppressed"));
}

#[test]
fn template_without_a_vpc_is_an_error_not_ok() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bucket.yaml");
    std::fs::write(
        &path,
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n",
    )
    .unwrap();
    for command in ["check", "exposure"] {
        let output = vpcsim(&[command, path.to_str().unwrap()])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{command}: {output:?}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(all.contains("defines no AWS::EC2::VPC"), "{all}");
    }
}

#[test]
fn malformed_template_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Bogus 10.0.0.0/16\n",
    )
    .unwrap();
    let output = vpcsim(&["check", path.to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(all.contains("bad.yaml:6:25: malformed template"), "{all}");
    assert!(all.contains("!Bogus"), "{all}");
}

#[test]
fn exposure_of_the_seed_001_template() {
    assert_cmd_snapshot!(vpcsim(&["exposure", SEED]));
}

#[test]
fn check_output_on_the_three_tier_template() {
    assert_cmd_snapshot!(vpcsim(&[
        "check",
        "fixtures/import/cloudformation/three-tier.yaml"
    ]));
}

#[test]
fn metadata_ignore_on_a_resource_suppresses_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(workspace_root().join(OPEN_SSH)).unwrap();
    let text = text.replace(
        "  BastionSg:\n    Type: AWS::EC2::SecurityGroup\n",
        "  BastionSg:\n    Type: AWS::EC2::SecurityGroup\n    Metadata:\n      vpcsim:\n        ignore: [EXP001]\n",
    );
    assert!(text.contains("ignore: [EXP001]"));
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, &text).unwrap();
    let output = vpcsim(&["check", path.to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 suppressed"));

    // On another resource it does not apply, and says it matched nothing.
    let elsewhere = text.replace("ignore: [EXP001]", "ignore: [SG004]");
    std::fs::write(&path, elsewhere).unwrap();
    let output = vpcsim(&["check", path.to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("EXP001"), "{stdout}");
    assert!(
        stdout.contains("matched no finding in this resource"),
        "{stdout}"
    );
}
