//! Policies for `check`, `diff` and `fix`: the design's own `policies:` and those of `--policy`
//! files, compiled against one model and decided by `vpcsim-policy`. Positions of a design's
//! policies are the design's; a policy file's are named in a note (`defined at FILE:L:C`),
//! since a finding's snippet is always taken from the design.

use vpcsim_model::{Diagnostic, Model, Severity};
use vpcsim_policy::{Policy, Verdict};
use vpcsim_symbolic::Analyzer;

use crate::input_policy::PolicyFile;

/// One compiled policy and where it was written.
pub(crate) struct Sourced {
    pub(crate) policy: Policy,
    /// `None` for the design's own; `FILE:L:C` for a policy file's.
    pub(crate) origin: Option<String>,
}

/// The compiled policy set of one design, with the problems compiling found.
pub(crate) struct Compiled {
    pub(crate) policies: Vec<Sourced>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// Whether a policy could not be read (a bad kind, selector, port: exit 2).
    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Compiles the design's policies and every file's against `model`.
pub(crate) fn compile(model: &Model, files: &[PolicyFile]) -> Compiled {
    let (own, mut diagnostics) = vpcsim_policy::compile(model, &model.policies);
    let mut policies: Vec<Sourced> = own
        .into_iter()
        .map(|policy| Sourced {
            policy,
            origin: None,
        })
        .collect();
    for file in files {
        let (theirs, problems) = vpcsim_policy::compile(model, &file.policies);
        // Problems of a policy file are about that file: the message names the position.
        diagnostics.extend(problems.into_iter().map(|mut d| {
            d.message = format!("{}: {}", file.origin(d.span), d.message);
            d.span = vpcsim_model::Span::UNKNOWN;
            d.related.clear();
            d
        }));
        policies.extend(theirs.into_iter().map(|policy| Sourced {
            origin: Some(file.origin(policy.span)),
            policy,
        }));
    }
    // The same id from two sources is one policy named twice.
    let mut seen = std::collections::BTreeSet::new();
    for sourced in &policies {
        if !seen.insert(sourced.policy.id.clone()) {
            diagnostics.push(Diagnostic::error(
                vpcsim_policy::INVALID,
                vpcsim_model::Span::UNKNOWN,
                format!(
                    "policy id `{}` is defined twice (in the design and a --policy file, or in two files)",
                    sourced.policy.id
                ),
            ));
        }
    }
    Compiled {
        policies,
        diagnostics,
    }
}

/// Decides every policy of the set.
pub(crate) fn decide(analyzer: &Analyzer<'_, '_>, compiled: &Compiled) -> Vec<Verdict> {
    compiled
        .policies
        .iter()
        .enumerate()
        .map(|(index, sourced)| vpcsim_policy::evaluate_one(analyzer, index, &sourced.policy))
        .collect()
}

/// The finding of each violated policy, in policy order.
pub(crate) fn findings(
    analyzer: &Analyzer<'_, '_>,
    compiled: &Compiled,
    verdicts: &[Verdict],
) -> Vec<Diagnostic> {
    verdicts
        .iter()
        .filter_map(|verdict| {
            let sourced = &compiled.policies[verdict.policy];
            vpcsim_policy::finding(
                analyzer.model(),
                analyzer.internet_ranges(),
                &sourced.policy,
                verdict,
                sourced.origin.as_deref(),
            )
        })
        .collect()
}
