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
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
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

/// `--select policy:ID` / `--ignore policy:ID`: which policies are decided (lint selectors
/// are unaffected).
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Filter {
    /// Moves the `policy:ID` selectors out of a rule selection.
    pub(crate) fn take(selection: &mut vpcsim_lint::Selection) -> Filter {
        fn split(list: &mut Vec<String>) -> Vec<String> {
            let ids = list
                .iter()
                .filter_map(|s| s.strip_prefix("policy:").map(str::to_owned))
                .collect();
            list.retain(|s| !s.starts_with("policy:"));
            ids
        }
        Filter {
            select: split(&mut selection.select),
            ignore: split(&mut selection.ignore),
        }
    }

    /// Keeps the selected policies; an id that names no policy is a `POL013` warning (a
    /// filter that matches nothing would silently check, or skip, something else).
    pub(crate) fn apply(&self, compiled: &mut Compiled) {
        for id in self.select.iter().chain(&self.ignore) {
            if !compiled.policies.iter().any(|s| &s.policy.id == id) {
                compiled.diagnostics.push(
                    Diagnostic::warning(
                        "POL013",
                        vpcsim_model::Span::UNKNOWN,
                        format!("`policy:{id}` names no policy of this design"),
                    )
                    .with_help(
                        "policy ids are the `id:` of the design's and --policy files' policies",
                    ),
                );
            }
        }
        compiled.policies.retain(|s| {
            (self.select.is_empty() || self.select.contains(&s.policy.id))
                && !self.ignore.contains(&s.policy.id)
        });
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
                analyzer.internet_keys(),
                &sourced.policy,
                verdict,
                sourced.origin.as_deref(),
            )
        })
        .collect()
}

/// A policy whose verdict differs between two designs (`vpcsim diff`).
#[derive(Debug, serde::Serialize)]
pub(crate) struct VerdictChange {
    pub(crate) id: String,
    /// `deny`, `allow-only`, `require` or `isolate`.
    pub(crate) kind: &'static str,
    /// `holds`, `violated` or `absent` (not defined, or selecting nothing, on that side).
    pub(crate) old: &'static str,
    pub(crate) new: &'static str,
    /// The finding's message and notes on the side where it is violated (witness, path, rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) evidence: Vec<String>,
}

/// Each side's verdicts by policy id, in the order policies are defined.
fn verdicts_by_id(
    analyzer: &Analyzer<'_, '_>,
    source: &vpcsim_model::SourceFile,
    files: &[PolicyFile],
) -> anyhow::Result<Vec<(String, &'static str, Option<Diagnostic>)>> {
    let compiled = compile(analyzer.model(), files);
    if compiled.has_errors() {
        crate::input_policy::print_all(source, &compiled.diagnostics);
        anyhow::bail!("the policies of `{}` cannot be read", source.name);
    }
    let verdicts = decide(analyzer, &compiled);
    let findings = findings(analyzer, &compiled, &verdicts);
    let mut findings = findings.into_iter();
    Ok(verdicts
        .iter()
        .map(|verdict| {
            let policy = &compiled.policies[verdict.policy].policy;
            let finding = if verdict.holds() {
                None
            } else {
                findings.next()
            };
            (policy.id.clone(), policy.kind.word(), finding)
        })
        .collect())
}

/// The policies whose verdict changes from `old` to `new`.
pub(crate) fn verdict_changes(
    old: (&Analyzer<'_, '_>, &vpcsim_model::SourceFile),
    new: (&Analyzer<'_, '_>, &vpcsim_model::SourceFile),
    files: &[PolicyFile],
) -> anyhow::Result<Vec<VerdictChange>> {
    let before = verdicts_by_id(old.0, old.1, files)?;
    let after = verdicts_by_id(new.0, new.1, files)?;
    let word = |entry: Option<&(String, &'static str, Option<Diagnostic>)>| match entry {
        None => "absent",
        Some((_, _, None)) => "holds",
        Some((_, _, Some(_))) => "violated",
    };
    let mut ids: Vec<(&str, &'static str)> = after
        .iter()
        .map(|(id, kind, _)| (id.as_str(), *kind))
        .collect();
    for (id, kind, _) in &before {
        if !ids.iter().any(|(seen, _)| seen == id) {
            ids.push((id.as_str(), kind));
        }
    }
    let mut changes = Vec::new();
    for (id, kind) in ids {
        let was = before.iter().find(|(i, _, _)| i == id);
        let now = after.iter().find(|(i, _, _)| i == id);
        let (old_word, new_word) = (word(was), word(now));
        if old_word == new_word {
            continue;
        }
        let finding = now
            .and_then(|(_, _, f)| f.as_ref())
            .or_else(|| was.and_then(|(_, _, f)| f.as_ref()));
        let evidence = finding
            .map(|d| {
                std::iter::once(d.message.clone())
                    .chain(d.notes.iter().cloned())
                    .collect()
            })
            .unwrap_or_default();
        changes.push(VerdictChange {
            id: id.to_owned(),
            kind,
            old: old_word,
            new: new_word,
            evidence,
        });
    }
    Ok(changes)
}
