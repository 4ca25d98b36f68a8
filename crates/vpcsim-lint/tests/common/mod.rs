//! Shared test helpers: loading fixtures and rendering diagnostics for snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use vpcsim_model::{Diagnostic, Model, SourceFile, load};

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Every `*.yaml` in a fixtures sub-directory, sorted.
pub(crate) fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures").join(dir))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

/// Loads a design, asserting validation accepted it.
pub(crate) fn load_ok(path: &Path) -> (SourceFile, Model) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path
        .strip_prefix(root())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string());
    let source = SourceFile { name, text };
    let loaded = load(&source);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == vpcsim_model::Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "{}: validation errors {errors:#?}",
        source.name
    );
    let model = loaded.model.expect("a model");
    (source, model)
}

/// A plain rustc-style rendering (the CLI's renderer is tested in vpcsim-cli).
pub(crate) fn render(diagnostics: &[Diagnostic], source: &SourceFile) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        let line_no = d.span.line as usize;
        let gutter = " ".repeat(line_no.to_string().len());
        let _ = writeln!(
            out,
            "{gutter}--> {}:{}:{}",
            source.name, d.span.line, d.span.column
        );
        if let Some(line) = source.text.lines().nth(line_no.wrapping_sub(1)) {
            let column = (d.span.column as usize).max(1);
            let start = d.span.offset as usize;
            let width = source
                .text
                .get(start..start + d.span.len as usize)
                .filter(|t| !t.contains('\n') && !t.is_empty())
                .map_or(1, |t| t.chars().count());
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{line_no} | {line}");
            let label = d
                .label
                .as_deref()
                .map(|l| format!(" {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{gutter} | {}{}{label}",
                " ".repeat(column - 1),
                "^".repeat(width)
            );
        }
        for related in &d.related {
            let _ = writeln!(
                out,
                "{gutter} :: {}:{}: {}",
                related.span.line, related.span.column, related.label
            );
        }
        if let Some(resource) = &d.resource {
            let _ = writeln!(out, "{gutter} = resource: {resource}");
        }
        for note in &d.notes {
            let _ = writeln!(out, "{gutter} = note: {note}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{gutter} = help: {help}");
        }
        out.push('\n');
    }
    out
}
