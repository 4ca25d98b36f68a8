//! Running the registry over a model.

use vpcsim_model::diagnostic::sort_diagnostics;
use vpcsim_model::{Diagnostic, Model};

use crate::context::LintContext;
use crate::registry::rules;
use crate::select::Selection;

/// Runs every rule over a model; findings are sorted deterministically.
pub fn lint(model: &Model) -> Vec<Diagnostic> {
    lint_selected(model, &Selection::all())
}

/// Runs the selected rules over a model; findings are sorted deterministically.
pub fn lint_selected(model: &Model, selection: &Selection) -> Vec<Diagnostic> {
    let ctx = LintContext::new(model);
    let mut out = Vec::new();
    for rule in rules() {
        if selection.is_enabled(&rule.meta) {
            (rule.check)(&ctx, &mut out);
        }
    }
    sort_diagnostics(&mut out);
    out
}
