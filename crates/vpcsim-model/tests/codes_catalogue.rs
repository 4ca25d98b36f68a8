//! Every diagnostic code written in the source (`"VAL071"`, `"INPUT001"`, …) that is not a lint
//! rule is documented in `vpcsim_model::codes::CODES` (what `vpcsim explain` prints) and listed
//! in docs/yaml-reference.md; and every catalogue entry is still used.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `"PREFIX123"` literals of the non-rule families.
fn literals(text: &str) -> BTreeSet<String> {
    const FAMILIES: [&str; 9] = [
        "YAML", "JSON", "SCHEMA", "REF", "VAL", "SUP", "EXPECT", "INPUT", "POL",
    ];
    let mut found = BTreeSet::new();
    for piece in text.split('"').skip(1).step_by(2) {
        let Some(family) = FAMILIES.iter().find(|f| piece.starts_with(**f)) else {
            continue;
        };
        let digits = &piece[family.len()..];
        if digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
            found.insert(piece.to_owned());
        }
    }
    found
}

#[test]
fn every_code_in_the_source_is_documented_and_every_documented_code_is_used() {
    let root = repo_root();
    let mut files = Vec::new();
    for krate in std::fs::read_dir(root.join("crates")).unwrap().flatten() {
        let src = krate.path().join("src");
        if src.is_dir() {
            sources(&src, &mut files);
        }
    }
    assert!(files.len() > 50, "the crates' sources were not found");
    let mut used = BTreeSet::new();
    for file in &files {
        if file.ends_with("codes.rs") {
            continue;
        }
        used.extend(literals(&std::fs::read_to_string(file).unwrap()));
    }
    let documented: BTreeSet<String> = vpcsim_model::codes::CODES
        .iter()
        .map(|d| d.code.to_owned())
        .collect();
    let missing: Vec<&String> = used.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "codes without documentation in codes.rs: {missing:?}"
    );
    let unused: Vec<&String> = documented.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "documented codes no source emits: {unused:?}"
    );
    let reference = std::fs::read_to_string(root.join("docs/yaml-reference.md")).unwrap();
    let undocumented: Vec<&String> = documented
        .iter()
        .filter(|code| !reference.contains(&format!("`{code}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/yaml-reference.md: {undocumented:?}"
    );
}
