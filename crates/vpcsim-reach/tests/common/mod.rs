//! Shared helpers for the reach integration tests: load a design fixture, ask one question,
//! get the named answer (tests never touch engine internals).

#![allow(dead_code)]

use std::path::PathBuf;

use vpcsim_model::{Model, Severity, SourceFile, load};
use vpcsim_reach::{AnswerView, Engine, parse_query};

/// The repository root (two levels above this crate).
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Loads a design file relative to the repository root; panics with the diagnostics on errors.
pub(crate) fn load_model(relative: &str) -> Model {
    let path = repo_root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let loaded = load(&SourceFile {
        name: relative.to_owned(),
        text,
    });
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{relative}: {errors:#?}");
    loaded.model.expect("parsed")
}

/// Asks `from → to` (`to` may carry `:PORT`) with protocol `proto` on a `fixtures/reach` design.
pub(crate) fn check(fixture: &str, from: &str, to: &str, proto: &str) -> AnswerView {
    let model = load_model(&format!("fixtures/reach/{fixture}.yaml"));
    ask(&model, from, to, proto)
}

/// Asks one question of a loaded model.
pub(crate) fn ask(model: &Model, from: &str, to: &str, proto: &str) -> AnswerView {
    let engine = Engine::new(model);
    let query = parse_query(model, from, to, Some(proto)).expect("query parses");
    let answer = engine.query(&query);
    AnswerView::new(model, &query, &answer)
}

/// Short summary: verdict and blocker codes with direction.
pub(crate) fn summary(view: &AnswerView) -> String {
    let mut out = view.verdict.to_owned();
    for blocker in &view.blocked_by {
        out.push_str(&format!(
            " {}({},{})",
            blocker.code, blocker.direction, blocker.component.name
        ));
    }
    out
}
