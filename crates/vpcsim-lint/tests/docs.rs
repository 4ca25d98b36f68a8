//! `docs/rules/<CODE>.md` and `docs/rules/README.md` are generated from the rules' doc comments;
//! this test fails when they are stale. Regenerate with `VPCSIM_BLESS=1 cargo test -p
//! vpcsim-lint --test docs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::fmt::Write as _;

use vpcsim_lint::rules;

fn index() -> String {
    let mut out = String::from(
        "# Lint rules\n\nGenerated from the rules' doc comments by `VPCSIM_BLESS=1 cargo test -p vpcsim-lint --test docs`; do not edit.\nSee [../lint.md](../lint.md) for running `vpcsim check` in CI.\n\n| Code | Name | Default severity | Summary |\n|---|---|---|---|\n",
    );
    for rule in rules() {
        let meta = &rule.meta;
        let _ = writeln!(
            out,
            "| [{code}]({code}.md) | `{}` | {} | {} |",
            meta.name,
            meta.severity.as_str(),
            meta.summary,
            code = meta.code
        );
    }
    out
}

#[test]
fn rule_docs_are_fresh() {
    let dir = common::root().join("docs/rules");
    let bless = std::env::var_os("VPCSIM_BLESS").is_some();
    let mut expected: Vec<(String, String)> = rules()
        .iter()
        .map(|rule| (format!("{}.md", rule.meta.code), rule.meta.doc_page()))
        .collect();
    expected.push(("README.md".to_owned(), index()));
    if bless {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::remove_file(path).unwrap();
            }
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".md") && !expected.iter().any(|(name, _)| name == n))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is stale ({stale:?}, extra {extra:?}); run VPCSIM_BLESS=1 cargo test -p vpcsim-lint --test docs"
    );
}
