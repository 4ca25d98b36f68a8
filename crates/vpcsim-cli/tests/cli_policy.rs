//! Policies and `vpcsim fix` end to end (docs/policies.md, docs/fix.md): the real binary on the
//! seeds' intents written as policies, on a fixture exercising every kind and selector, on bad
//! policy input (exit 2 at file:line:col), through `diff`, SARIF and suppressions; and `fix` on
//! the held-out broken designs, whose proposed change, once applied, makes `check` pass.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use insta_cmd::assert_cmd_snapshot;

mod common;
use common::{vpcsim, workspace_root};

#[test]
fn seed_001_intent_holds() {
    assert_cmd_snapshot!(vpcsim(&[
        "check",
        "fixtures/designs/001-nat-alb.yaml",
        "--policy",
        "fixtures/policies/seed-001.policies.yaml",
        "-q",
    ]));
}

#[test]
fn seed_003_intent_is_violated_with_a_witness() {
    assert_cmd_snapshot!(vpcsim(&[
        "check",
        "fixtures/designs/003-coupon-default-sg.yaml",
        "--policy",
        "fixtures/policies/seed-003.policies.yaml",
    ]));
}

#[test]
fn every_kind_and_selector() {
    assert_cmd_snapshot!(vpcsim(&["check", "fixtures/policies/selectors.yaml"]));
}

#[test]
fn bad_policy_input_is_exit_2_at_its_place() {
    assert_cmd_snapshot!(vpcsim(&[
        "check",
        "fixtures/designs/001-nat-alb.yaml",
        "--policy",
        "fixtures/policies/invalid-kind.policies.yaml",
    ]));
    assert_cmd_snapshot!(vpcsim(&[
        "check",
        "fixtures/policies/invalid-selector.yaml"
    ]));
    let output = vpcsim(&[
        "check",
        "fixtures/designs/001-nat-alb.yaml",
        "--policy",
        "fixtures/designs/003-coupon-default-sg.yaml",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("POL012"));
}

#[test]
fn sarif_names_the_policy_rule_and_json_the_verdicts() {
    let output = vpcsim(&[
        "check",
        "fixtures/policies/selectors.yaml",
        "--format",
        "sarif",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .filter(|id| id.starts_with("POL"))
        .collect();
    assert_eq!(ids, ["POL001", "POL001", "POL003", "POL004", "POL004"]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "POL004" && r["name"] == "policy-violation")
    );
    let output = vpcsim(&[
        "check",
        "fixtures/policies/selectors.yaml",
        "--format",
        "json",
    ])
    .output()
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["policies_passed"], 4);
    assert_eq!(json["summary"]["policies_failed"], 5);
}

#[test]
fn ignore_and_suppression_drop_policy_findings() {
    let output = vpcsim(&[
        "check",
        "fixtures/policies/selectors.yaml",
        "--ignore",
        "POL001,POL003,POL004",
    ])
    .output()
    .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_cmd_snapshot!(vpcsim(&["check", "fixtures/policies/suppressed.yaml"]));
    // Policy ids select and skip policies; an id that names none is said.
    let output = vpcsim(&[
        "check",
        "fixtures/policies/selectors.yaml",
        "--select",
        "policy:alb-serves-http,policy:prod-dev-isolated",
        "--ignore",
        "policy:prod-dev-isolated,policy:nope",
        "--format",
        "json",
    ])
    .output()
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["policies_failed"], 1);
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|c| c.starts_with("POL"))
        .collect();
    assert_eq!(codes, ["POL013", "POL003"]);
}

#[test]
fn diff_reports_policies_whose_verdict_changes() {
    assert_cmd_snapshot!(vpcsim(&[
        "diff",
        "fixtures/designs/001-nat-alb.yaml",
        "fixtures/diff/001-changed.yaml",
        "--policy",
        "fixtures/policies/seed-001.policies.yaml",
        "--format",
        "json",
    ]));
}

#[test]
fn fix_proposes_what_a_reviewer_writes() {
    for name in [
        "alb-missing-sg-rule",
        "nacl-no-ephemeral",
        "wrong-nat",
        "shared-source-group",
    ] {
        insta::with_settings!({ snapshot_suffix => name }, {
            assert_cmd_snapshot!(vpcsim(&["fix", &format!("fixtures/fix/{name}.yaml")]));
        });
    }
    assert_cmd_snapshot!(vpcsim(&["fix", "fixtures/policies/selectors.yaml"]));
    // Two policies that contradict: no fix, and the conflict named with the refused change.
    assert_cmd_snapshot!(vpcsim(&["fix", "fixtures/fix/contradicting-policies.yaml"]));
}

#[test]
fn fix_apply_makes_check_pass_and_keeps_comments() {
    for name in [
        "alb-missing-sg-rule",
        "nacl-no-ephemeral",
        "wrong-nat",
        "shared-source-group",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{name}.yaml"));
        let original =
            std::fs::read_to_string(workspace_root().join(format!("fixtures/fix/{name}.yaml")))
                .unwrap();
        std::fs::write(&path, &original).unwrap();
        let path = path.to_str().unwrap();
        let before = vpcsim(&["check", path]).output().unwrap();
        assert!(
            String::from_utf8_lossy(&before.stdout).contains("EXPECT001"),
            "{name} starts broken"
        );
        let applied = vpcsim(&["fix", path, "--apply"]).output().unwrap();
        assert_eq!(
            applied.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&applied.stdout)
        );
        let after = vpcsim(&["check", path]).output().unwrap();
        let report = String::from_utf8_lossy(&after.stdout);
        assert!(
            !report.contains("EXPECT001") && report.contains(" expectation"),
            "{name}: {report}"
        );
        let fixed = std::fs::read_to_string(path).unwrap();
        for line in original.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(fixed.contains(line), "{name}: comment kept: {line}");
        }
        let again = vpcsim(&["fix", path]).output().unwrap();
        assert_eq!(again.status.code(), Some(0), "{name}: nothing left to fix");
    }
}

#[test]
fn fix_of_a_design_that_holds_is_exit_0() {
    assert_cmd_snapshot!(vpcsim(&["fix", "fixtures/designs/001-nat-alb.yaml"]));
}
