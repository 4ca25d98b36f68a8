//! Every SARIF log `vpcsim check` writes is valid against the official OASIS SARIF 2.1.0 JSON
//! schema (vendored in `tests/data/`, see its NOTICE): one run over every fixture kind (designs,
//! lint and suppression fixtures, invalid designs, AWS exports, Terraform plans, CloudFormation
//! templates, an unreadable input), and the validator is shown to reject a broken log.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::vpcsim;

#[test]
fn sarif_of_every_fixture_kind_is_schema_valid() {
    let output = vpcsim(&[
        "check",
        "fixtures",
        "fixtures/conformance/batfish/public-subnet/aws_configs",
        "fixtures/import/aws/three-tier",
        "fixtures/import/aws/two-regions",
        "missing.yaml",
        "--format",
        "sarif",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let log = common::sarif_log(&output.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 100, "{}", results.len());
    // Findings of every kind of input and the per-file errors are all in the one log.
    let uris: std::collections::BTreeSet<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    for needle in [
        "fixtures/lint/",
        "fixtures/invalid/",
        "fixtures/import/terraform/",
        "fixtures/import/cloudformation/",
        "fixtures/import/aws/three-tier",
        "missing.yaml",
    ] {
        assert!(
            uris.iter().any(|uri| uri.contains(needle)),
            "no result for {needle}: {uris:?}"
        );
    }
    // Each option of the SARIF writer that changes its shape: a baseline, several formats.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.sarif");
    let spec = format!("sarif={}", file.display());
    let output = vpcsim(&[
        "check",
        "fixtures/lint",
        "--format",
        &spec,
        "--format",
        "json",
        "--select",
        "SG",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let log = common::sarif_log(&std::fs::read(&file).unwrap());
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// The validator is live: a log with a level SARIF does not define, or without its `version`,
/// is refused.
#[test]
fn the_schema_check_rejects_a_broken_log() {
    let output = vpcsim(&["check", "fixtures/lint/EXP001.yaml", "--format", "sarif"])
        .output()
        .unwrap();
    let mut log = common::sarif_log(&output.stdout);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    let bad_level = serde_json::to_vec(&log).unwrap();
    assert!(std::panic::catch_unwind(|| common::sarif_log(&bad_level)).is_err());
    let mut log = common::sarif_log(&output.stdout);
    log.as_object_mut().unwrap().remove("version");
    let no_version = serde_json::to_vec(&log).unwrap();
    assert!(std::panic::catch_unwind(|| common::sarif_log(&no_version)).is_err());
}
