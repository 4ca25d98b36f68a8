//! [`LintContext`]: what a rule sees — the model, lazily built shared analyses, and the
//! helper that stamps a finding with the rule's code and severity.

use std::sync::OnceLock;

use vpcsim_model::{Diagnostic, Model, Severity, Span};
use vpcsim_reach::Engine;

use crate::rule::RuleMeta;

/// The input of every rule. Rules read it and never mutate anything.
#[derive(Debug)]
pub struct LintContext<'m> {
    /// The resolved design.
    pub model: &'m Model,
    /// The reachability engine, built on first use by a path-aware rule.
    engine: OnceLock<Engine<'m>>,
}

impl<'m> LintContext<'m> {
    /// A context over a model.
    pub fn new(model: &'m Model) -> Self {
        LintContext {
            model,
            engine: OnceLock::new(),
        }
    }

    /// The reachability engine over the model (built once, on first use).
    pub fn engine(&self) -> &Engine<'m> {
        self.engine.get_or_init(|| Engine::new(self.model))
    }

    /// A finding of rule `meta` at its default severity.
    pub(crate) fn report(
        &self,
        meta: &RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(meta.code, meta.severity, span, message)
    }

    /// A finding of rule `meta` at an explicit severity (rules whose severity depends on the
    /// design, e.g. real internet exposure, document it in their doc).
    pub(crate) fn report_at(
        &self,
        meta: &RuleMeta,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(meta.code, severity, span, message)
    }
}
