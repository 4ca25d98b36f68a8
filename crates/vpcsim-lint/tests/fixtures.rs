//! Every `fixtures/lint/<CODE>[_variant].yaml`: the lines marked `# error: CODE` /
//! `# warning: CODE` / `# info: CODE` are exactly the lines where rule CODE fires (with that
//! severity), lines marked `# ok` never fire, then the rendered findings are snapshotted.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod common;

use std::collections::BTreeSet;

use vpcsim_lint::{Selection, lint_selected};

/// (line, severity, code) markers of a fixture, and its `# ok` lines.
fn markers(text: &str) -> (BTreeSet<(u32, String, String)>, BTreeSet<u32>) {
    let mut expected = BTreeSet::new();
    let mut ok = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = u32::try_from(index + 1).unwrap();
        let Some((_, comment)) = line.split_once(" # ") else {
            continue;
        };
        let comment = comment.trim();
        if comment == "ok" || comment.starts_with("ok ") {
            ok.insert(line_no);
        }
        for part in comment.split(';') {
            let part = part.trim();
            for severity in ["error", "warning", "info"] {
                if let Some(codes) = part.strip_prefix(&format!("{severity}:")) {
                    for code in codes.split(',') {
                        let code = code.split_whitespace().next().unwrap_or_default();
                        expected.insert((line_no, severity.to_owned(), code.to_owned()));
                    }
                }
            }
        }
    }
    (expected, ok)
}

#[test]
fn lint_fixtures() {
    insta::glob!("../../../fixtures/lint", "*.yaml", |path| {
        let (source, model) = common::load_ok(path);
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let code = stem.split('_').next().unwrap().to_owned();
        assert!(
            vpcsim_lint::rule_by_code(&code).is_some(),
            "{stem}: no rule {code}"
        );
        assert!(
            source.text.starts_with('#'),
            "{stem}: a fixture opens with a comment saying what it tests"
        );
        let selection = Selection {
            select: vec![code.clone()],
            ignore: vec![],
        };
        let diagnostics = lint_selected(&model, &selection);
        let (expected, ok) = markers(&source.text);
        assert!(
            !expected.is_empty(),
            "{stem}: no `# error|warning|info: {code}` marker"
        );
        assert!(
            !ok.is_empty(),
            "{stem}: no `# ok` line (a case that must not fire)"
        );
        let actual: BTreeSet<(u32, String, String)> = diagnostics
            .iter()
            .map(|d| {
                (
                    d.span.line,
                    d.severity.as_str().to_owned(),
                    d.code.to_owned(),
                )
            })
            .collect();
        let expected: BTreeSet<_> = expected
            .into_iter()
            .filter(|(_, _, c)| *c == code)
            .collect();
        assert_eq!(
            actual,
            expected,
            "{stem}: findings (left) differ from markers (right)\n{}",
            common::render(&diagnostics, &source)
        );
        for line in ok {
            assert!(
                !actual.iter().any(|(l, _, _)| *l == line),
                "{stem}: line {line} is marked ok but fires"
            );
        }
        insta::assert_snapshot!(common::render(&diagnostics, &source));
    });
}
