//! Output of symbolic analysis (`exposure`, `matrix`, `diff`, `reach` without a port): the
//! stable JSON shapes documented in docs/symbolic.md and their human rendering.

use serde::Serialize;
use vpcsim_flow::FlowSet;
use vpcsim_model::Model;
use vpcsim_reach::view::{ComponentView, RuleView};
use vpcsim_reach::{Answer, AnswerView, Query};
use vpcsim_symbolic::{FlowLine, Piece, describe};

use super::style::Style;

/// One piece of a flow set with its path.
#[derive(Debug, Serialize)]
pub(crate) struct PieceView {
    /// The flows on this path.
    pub(crate) flows: Vec<FlowLine>,
    /// Components of the forward path (from a representative flow).
    pub(crate) path: Vec<ComponentView>,
    /// The rules that admit it, in path order.
    pub(crate) rules: Vec<RuleView>,
}

impl PieceView {
    pub(crate) fn new(model: &Model, internet: &[(u128, u128)], piece: &Piece) -> PieceView {
        let view = AnswerView::new(model, &piece.witness, &piece.answer);
        let mut path: Vec<ComponentView> = Vec::new();
        let mut rules: Vec<RuleView> = Vec::new();
        for hop in view.forward {
            if path.last() != Some(&hop.component) {
                path.push(hop.component);
            }
            if let Some(rule) = hop.rule
                && !rules.contains(&rule)
            {
                rules.push(rule);
            }
        }
        PieceView {
            flows: describe(&piece.set, internet),
            path,
            rules,
        }
    }
}

/// Flow lines of a set.
pub(crate) fn flow_lines(set: &FlowSet, internet: &[(u128, u128)]) -> Vec<FlowLine> {
    describe(set, internet)
}

/// A rule as `owner: text (line:col)`.
pub(crate) fn rule_text(rule: &RuleView) -> String {
    let position = match (rule.line, rule.column) {
        (Some(line), Some(column)) => format!(" (line {line}:{column})"),
        _ if rule.implicit => " (AWS default)".to_owned(),
        _ => String::new(),
    };
    format!(
        "{} {}: {}{position}",
        rule.kind.replace('_', " "),
        rule.owner,
        rule.text
    )
}

/// Writes one piece for people.
pub(crate) fn write_piece(out: &mut String, piece: &PieceView, indent: &str) {
    for line in &piece.flows {
        out.push_str(&format!("{indent}{line}\n"));
    }
    let path: Vec<&str> = piece.path.iter().map(|c| c.name.as_str()).collect();
    out.push_str(&format!("{indent}  path: {}\n", path.join(" → ")));
    for rule in &piece.rules {
        out.push_str(&format!("{indent}  via {}\n", rule_text(rule)));
    }
}

/// The blockers of a blocked answer, one line each.
pub(crate) fn blocker_lines(
    model: &Model,
    query: &Query,
    answer: &Answer,
    style: Style,
) -> Vec<String> {
    let view = AnswerView::new(model, query, answer);
    view.blocked_by
        .iter()
        .map(|blocker| {
            let rule = blocker
                .rule
                .as_ref()
                .map(|r| format!(" [{}]", rule_text(r)))
                .unwrap_or_default();
            format!(
                "{} {} at {}{rule}: {}",
                style.error().paint(blocker.code),
                blocker.direction,
                blocker.component.name,
                blocker.message
            )
        })
        .collect()
}
