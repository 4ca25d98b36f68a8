//! [`LintContext`]: what a rule sees — the model and lazily built shared analyses. The helpers
//! that stamp a finding with its rule's code and severity live with [`crate::rule::RuleMeta`],
//! so that `rule` depends on `context` and never the reverse.

use std::sync::OnceLock;

use vpcsim_model::Model;
use vpcsim_reach::Engine;

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
}
