//! Shared test helpers: where the conformance corpus and fixtures live, and rendering an import
//! (document plus warnings) as one YAML text for snapshots.
#![allow(dead_code)]

use std::path::PathBuf;

/// `fixtures/conformance` in the repository (the Batfish corpus, see its README and NOTICE).
/// Panics when it is missing: a conformance test without its data must fail, not pass.
pub(crate) fn conformance_dir() -> PathBuf {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/conformance"
    ));
    assert!(
        dir.join("batfish").is_dir(),
        "conformance corpus missing at {}: it is part of the repository (fixtures/conformance/batfish)",
        dir.display()
    );
    dir
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
