//! The seed designs (`fixtures/designs/*.yaml`) get no error-severity lint finding, and their
//! warnings are snapshotted so that every new one is reviewed like code.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use vpcsim_model::Severity;

#[test]
fn seed_designs_have_no_lint_errors() {
    let paths = common::fixtures("designs");
    assert!(paths.len() >= 4);
    for path in paths {
        let (source, model) = common::load_ok(&path);
        let findings = vpcsim_lint::lint(&model);
        let errors: Vec<_> = findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            source.name,
            common::render(&findings, &source)
        );
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(name, common::render(&findings, &source));
    }
}
