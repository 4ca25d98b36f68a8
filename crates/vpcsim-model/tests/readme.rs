//! The design example in README.md loads cleanly, so the first thing a newcomer copies works.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::path::Path;

use vpcsim_model::{SourceFile, load};

#[test]
fn readme_design_example_loads_without_problems() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let start = readme.find("```yaml\n").expect("README has a yaml block") + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let loaded = load(&SourceFile {
        name: "README.md".into(),
        text: readme[start..end].to_owned(),
    });
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let model = loaded.model.unwrap();
    assert_eq!(model.expectations.len(), 2);
    assert_eq!(model.load_balancers[0].nodes.len(), 2);
}
