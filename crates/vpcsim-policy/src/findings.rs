//! Verdicts → findings: one `POL00N` diagnostic per violated policy at the policy's span, with
//! the offending flows, a witness flow, its path and the rules that admit it (or, for
//! `require`, what blocks it) — the same answer `vpcsim reach` shows for that flow.

use vpcsim_model::{Diagnostic, Model, Span};
use vpcsim_reach::AnswerView;
use vpcsim_reach::view::RuleView;
use vpcsim_symbolic::describe;

use crate::eval::{Verdict, Violation};
use crate::selector::{End, end_name};
use crate::spec::{Kind, Policy};

/// How many failing pairs a finding lists besides the witness's.
pub const LISTED_PAIRS: usize = 10;

/// A rule as `kind owner: text (line L:C)`, as `exposure` and `diff` print it.
pub fn rule_text(rule: &RuleView) -> String {
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

/// The flows of a violation in short form (`tcp 5432 from any public address`); between
/// resources the source is the resource itself, so only protocol and ports are shown.
pub fn flows_text(internet: &[(u128, u128)], violation: &Violation) -> Vec<String> {
    describe(&violation.flows, internet)
        .into_iter()
        .map(|line| match violation.from {
            End::Resource(_) => match &line.ports {
                Some(ports) => format!("{} {ports}", line.protocol),
                None => line.protocol.clone(),
            },
            _ => line.to_string(),
        })
        .collect()
}

/// The witness and its evidence as note lines.
pub fn evidence(model: &Model, violation: &Violation, kind: Kind) -> Vec<String> {
    let view = AnswerView::new(model, &violation.witness, &violation.answer);
    let mut notes = Vec::new();
    if let Some(hop) = view.forward.first() {
        let packet = &hop.packet;
        notes.push(format!(
            "witness: {} {}:{} -> {}:{} ({})",
            packet.protocol,
            packet.src,
            packet.src_ports,
            packet.dst,
            packet.dst_ports,
            view.verdict
        ));
    } else {
        notes.push(format!(
            "witness: {} {} -> {} port {} ({})",
            view.query.protocol,
            view.query.from,
            view.query.to,
            view.query.port.map_or("-".to_owned(), |p| p.to_string()),
            view.verdict
        ));
    }
    if kind == Kind::Require {
        for blocker in &view.blocked_by {
            let rule = blocker
                .rule
                .as_ref()
                .map(|r| format!(" [{}]", rule_text(r)))
                .unwrap_or_default();
            notes.push(format!(
                "blocked by {} ({}) at {}{rule}: {}",
                blocker.code, blocker.direction, blocker.component.name, blocker.message
            ));
        }
        return notes;
    }
    let mut path: Vec<String> = Vec::new();
    let mut rules: Vec<String> = Vec::new();
    for hop in &view.forward {
        let name = format!("{} `{}`", hop.component.kind, hop.component.name);
        if path.last() != Some(&name) {
            path.push(name);
        }
        if let Some(rule) = &hop.rule {
            let text = rule_text(rule);
            if !rules.contains(&text) {
                rules.push(text);
            }
        }
    }
    notes.push(format!("path: {}", path.join(" -> ")));
    for rule in rules {
        notes.push(format!("admitted by {rule}"));
    }
    notes
}

/// The finding of a violated policy; `None` when it holds. `origin` names where a policy from
/// a `--policy` file was written (its span is then not in the design, so the finding has none).
pub fn finding(
    model: &Model,
    internet: &[(u128, u128)],
    policy: &Policy,
    verdict: &Verdict,
    origin: Option<&str>,
) -> Option<Diagnostic> {
    let first = verdict.violations.first()?;
    let what = match policy.kind {
        Kind::Deny => "delivers flows it denies",
        Kind::AllowOnly => "delivers flows outside the allowed set",
        Kind::Require => "does not deliver required flows",
        Kind::Isolate => "connects isolated groups",
    };
    let pair = format!(
        "{} -> {}",
        end_name(model, first.from),
        end_name(model, first.to)
    );
    let span = if origin.is_some() {
        Span::UNKNOWN
    } else {
        policy.span
    };
    let count = verdict.violations.len();
    let mut diagnostic = Diagnostic::error(
        policy.kind.code(),
        span,
        format!(
            "policy `{}` ({} {}) violated: the design {what}: {pair}{}",
            policy.id,
            policy.kind.word(),
            policy.flows_text,
            if count > 1 {
                format!(" and {} more pair(s)", count - 1)
            } else {
                String::new()
            }
        ),
    )
    .with_label(format!("policy `{}`", policy.id))
    .with_resource(policy.id.clone());
    if let Some(origin) = origin {
        diagnostic = diagnostic.with_note(format!("policy `{}` is defined at {origin}", policy.id));
    }
    if let Some(description) = &policy.description {
        diagnostic = diagnostic.with_note(format!("intent: {description}"));
    }
    let label = if policy.kind == Kind::Require {
        "missing"
    } else {
        "offending"
    };
    for line in flows_text(internet, first) {
        diagnostic = diagnostic.with_note(format!("{label} flows {pair}: {line}"));
    }
    for note in evidence(model, first, policy.kind) {
        diagnostic = diagnostic.with_note(note);
    }
    for other in verdict.violations.iter().skip(1).take(LISTED_PAIRS) {
        let lines = flows_text(internet, other);
        diagnostic = diagnostic.with_note(format!(
            "also {} -> {}: {}",
            end_name(model, other.from),
            end_name(model, other.to),
            lines.join("; ")
        ));
    }
    if count > LISTED_PAIRS + 1 {
        diagnostic =
            diagnostic.with_note(format!("… and {} more pair(s)", count - LISTED_PAIRS - 1));
    }
    Some(diagnostic.with_help(match policy.kind {
        Kind::Require => "open the blocker named above for exactly this flow (`vpcsim fix` proposes the change)",
        _ => "narrow the rule that admits the witness, or change the policy (`vpcsim fix` proposes the change)",
    }))
}
