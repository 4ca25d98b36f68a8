//! Shared test helpers: where the conformance corpus and fixtures live, and rendering an import
//! (document plus warnings) as one YAML text for snapshots.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/conformance` relative to the repository root, if present.
pub(crate) fn conformance_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/conformance"
    ));
    dir.is_dir().then_some(dir)
}

/// `fixtures/import` in the repository.
pub(crate) fn fixtures_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/import"
    ))
}

/// The design YAML followed by the warnings as comment lines.
pub(crate) fn imported_yaml(imported: &vpcsim_import::Imported) -> String {
    let mut text = serde_saphyr::to_string(&imported.document).expect("documents serialize");
    for warning in &imported.warnings {
        text.push_str(&format!("# {}: {}\n", warning.level.as_str(), warning));
    }
    text
}
