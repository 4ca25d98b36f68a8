//! vpcsim-lint: the rule registry of `vpcsim check`.
//!
//! One file per rule under `rules/<category>/` (one file per rule, one registry), each declaring a stable code, a
//! kebab-case problem name, a default severity and its documentation, and a pure
//! `check(ctx, out)` function that reads the [`vpcsim_model::Model`] (and the reachability
//! engine for path-aware rules) and pushes [`vpcsim_model::Diagnostic`]s. Nothing here prints,
//! reads files or formats a report: the CLI renders the diagnostics.

mod address;
mod context;
mod lint;
mod paths;
mod registry;
mod rule;
mod rules;
mod select;
mod suppress;

pub use context::LintContext;
pub use lint::{lint, lint_selected};
pub use registry::{RESERVED, rule_by_code, rule_by_name, rules};
pub use rule::{Category, Rule, RuleMeta};
pub use select::{Selection, SelectionError};
pub use suppress::{
    Applied, SUP_INVALID, SUP_UNUSED, Scope, Suppression, apply_suppressions, parse_suppressions,
};
