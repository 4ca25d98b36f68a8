//! Helpers shared by the CLI test files: the workspace root (fixtures are named relative to
//! it) and the real `vpcsim` binary run from there without colour.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::get_cargo_bin;

/// The workspace root: `crates/vpcsim-cli` is two levels below it.
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the crate sits two levels below the workspace root")
        .to_path_buf()
}

/// `vpcsim ARGS…` from the workspace root, without colour, in English.
#[allow(dead_code)] // ci_integrations calls the binary by name, through PATH
pub(crate) fn vpcsim(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("vpcsim"));
    cmd.args(args)
        .current_dir(workspace_root())
        .env("NO_COLOR", "1")
        // Teaching output follows a Korean locale; the tests pin English unless they ask.
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

/// The official OASIS SARIF 2.1.0 schema (errata 01), vendored: `tests/data/NOTICE` says where
/// it comes from and under which licence.
static SARIF_SCHEMA: &str = include_str!("../data/sarif-schema-2.1.0.json");

/// A SARIF log parsed from `bytes`, after validating it against the official SARIF 2.1.0 schema
/// with format checks on (a test fails naming every violation and where it is).
#[allow(dead_code)] // not every test file writes SARIF
pub(crate) fn sarif_log(bytes: &[u8]) -> serde_json::Value {
    use std::sync::OnceLock;
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(SARIF_SCHEMA).expect("the vendored SARIF schema is JSON");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("the vendored SARIF schema compiles")
    });
    let log: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "SARIF output is not JSON ({e}): {}",
            String::from_utf8_lossy(bytes)
        )
    });
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output violates the SARIF 2.1.0 schema:\n{}",
        errors.join("\n")
    );
    log
}
