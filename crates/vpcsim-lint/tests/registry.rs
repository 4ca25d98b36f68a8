//! Registry meta-tests (one file per rule, one registry): every rule has docs in the fixed section order, a
//! conforming name, a unique round-tripping code with its category's prefix, a fixture and a
//! snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::collections::BTreeSet;

use vpcsim_lint::{RESERVED, rule_by_code, rule_by_name, rules};

#[test]
fn codes_are_unique_prefixed_and_round_trip() {
    let mut seen = BTreeSet::new();
    for rule in rules() {
        let meta = &rule.meta;
        assert!(seen.insert(meta.code), "duplicate code {}", meta.code);
        let prefix = meta.category.prefix();
        let digits = meta.code.strip_prefix(prefix).unwrap_or_else(|| {
            panic!(
                "{} does not start with its category prefix {prefix}",
                meta.code
            )
        });
        assert!(
            digits.len() == 3 && digits.chars().all(|c| c.is_ascii_digit()),
            "{}: a prefix plus 3 digits",
            meta.code
        );
        assert!(!RESERVED.contains(&meta.code), "{} is reserved", meta.code);
        assert_eq!(rule_by_code(meta.code).unwrap().meta.code, meta.code);
        assert_eq!(
            rule_by_code(&meta.code.to_ascii_lowercase())
                .unwrap()
                .meta
                .code,
            meta.code
        );
        assert_eq!(rule_by_name(meta.name).unwrap().meta.code, meta.code);
    }
}

#[test]
fn names_are_kebab_case_problems() {
    let mut seen = BTreeSet::new();
    for rule in rules() {
        let name = rule.meta.name;
        assert!(seen.insert(name), "duplicate name {name}");
        assert!(
            !name.is_empty()
                && name.split('-').all(|part| !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{name} is not kebab-case"
        );
        for banned in ["no-", "use-", "avoid-", "prefer-"] {
            assert!(
                !name.starts_with(banned),
                "{name}: names describe the problem"
            );
        }
        assert!(!rule.meta.summary.is_empty() && !rule.meta.summary.ends_with('.'));
    }
}

#[test]
fn docs_have_the_sections_in_order() {
    let required = [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "Use instead:",
        "## References",
    ];
    for rule in rules() {
        let doc = rule.meta.doc();
        let headings: Vec<&str> = doc
            .lines()
            .filter(|line| line.starts_with("## ") || *line == "Use instead:")
            .collect();
        let without_limits: Vec<&str> = headings
            .iter()
            .copied()
            .filter(|h| *h != "## Known limits")
            .collect();
        assert_eq!(
            without_limits, required,
            "{}: sections {headings:?}",
            rule.meta.code
        );
        if let Some(limits) = headings.iter().position(|h| *h == "## Known limits") {
            assert_eq!(
                headings.get(limits + 1),
                Some(&"## References"),
                "{}: Known limits comes right before References",
                rule.meta.code
            );
        }
        assert!(
            doc.contains("docs/semantics.md §"),
            "{}: references cite the docs/semantics.md section",
            rule.meta.code
        );
        assert!(
            doc.contains("https://docs.aws.amazon.com/"),
            "{}: references cite an AWS doc",
            rule.meta.code
        );
        assert_eq!(
            doc.matches("```yaml").count(),
            2,
            "{}: one example and one fix, in YAML",
            rule.meta.code
        );
    }
}

#[test]
fn every_rule_has_a_fixture_and_a_snapshot() {
    let fixtures: BTreeSet<String> = common::fixtures("lint")
        .iter()
        .map(|path| path.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    let snapshots = common::root().join("crates/vpcsim-lint/tests/snapshots");
    for rule in rules() {
        let code = rule.meta.code;
        let mine: Vec<&String> = fixtures
            .iter()
            .filter(|stem| stem.as_str() == code || stem.starts_with(&format!("{code}_")))
            .collect();
        assert!(!mine.is_empty(), "{code}: add fixtures/lint/{code}.yaml");
        for stem in mine {
            let snapshot = snapshots.join(format!("fixtures__lint_fixtures@{stem}.yaml.snap"));
            assert!(
                snapshot.exists(),
                "{code}: no snapshot {}",
                snapshot.display()
            );
        }
    }
    for stem in &fixtures {
        let code = stem.split('_').next().unwrap();
        assert!(rule_by_code(code).is_some(), "fixture {stem} names no rule");
    }
}
