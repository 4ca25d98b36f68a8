//! `vpcsim diff OLD NEW`: every flow whose outcome changed between two designs — newly open,
//! newly closed — with the rules responsible. The CI answer to "what does this change open?".
//! Exit 0 when nothing changed, 1 when something did, 2 on unusable input.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use vpcsim_model::Model;
use vpcsim_reach::{AnswerView, Engine};
use vpcsim_symbolic::{Analyzer, ChangeKind, Evidence, FlowLine, diff};

use crate::input;
use crate::render::style::Style;
use crate::render::symbolic::{blocker_lines, flow_lines, rule_text};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// One block per change.
    Human,
    /// One JSON document (docs/symbolic.md).
    Json,
}

/// Arguments of `vpcsim diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The design before the change.
    #[arg(value_name = "OLD")]
    old: String,
    /// The design after the change.
    #[arg(value_name = "NEW")]
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// A file holding only `policies:`, decided on both designs besides each design's own
    /// `policies:`; the report lists every policy whose verdict changes (docs/policies.md).
    #[arg(long = "policy", value_name = "FILE")]
    policy_files: Vec<String>,
}

#[derive(Serialize)]
struct Report {
    version: u32,
    changed: bool,
    changes: Vec<ChangeView>,
    /// Policies whose verdict differs between the two designs (omitted when none was given).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    policies: Vec<crate::policies::VerdictChange>,
}

#[derive(Serialize)]
struct ChangeView {
    /// `opened` or `closed`.
    kind: &'static str,
    from: String,
    to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<String>,
    flows: Vec<FlowLine>,
    /// A sample flow in the old design.
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<AnswerView>,
    /// The same sample in the new design.
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<AnswerView>,
}

fn view(model: &Model, evidence: &Option<Evidence>) -> Option<AnswerView> {
    evidence
        .as_ref()
        .map(|e| AnswerView::new(model, &e.query, &e.answer))
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let old_design = input::load_design(&args.old)?;
    let new_design = input::load_design(&args.new)?;
    let (old_model, new_model) = (&old_design.model, &new_design.model);
    let (old_engine, new_engine) = (Engine::new(old_model), Engine::new(new_model));
    let (old, new) = (Analyzer::new(&old_engine), Analyzer::new(&new_engine));
    let changes = diff(&old, &new);
    let policy_files = args
        .policy_files
        .iter()
        .map(|path| crate::input_policy::load(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let policies = crate::policies::verdict_changes(
        (&old, &old_design.source),
        (&new, &new_design.source),
        &policy_files,
    )?;
    let report = Report {
        version: 1,
        changed: !changes.is_empty() || !policies.is_empty(),
        policies,
        changes: changes
            .iter()
            .map(|change| ChangeView {
                kind: match change.kind {
                    ChangeKind::Opened => "opened",
                    ChangeKind::Closed => "closed",
                },
                from: change.from.clone(),
                to: change.to.clone(),
                via: change.via.clone(),
                flows: flow_lines(&change.flows, new.internet_keys()),
                old: view(old_model, &change.old),
                new: view(new_model, &change.new),
            })
            .collect(),
    };
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::Human => {
            let style = Style::stdout();
            if changes.is_empty() {
                writeln!(
                    out,
                    "no flow changed between `{}` and `{}`",
                    args.old, args.new
                )?;
            }

            for (change, change_view) in changes.iter().zip(&report.changes) {
                let (label, paint) = match change.kind {
                    ChangeKind::Opened => ("opened", style.warning()),
                    ChangeKind::Closed => ("closed", style.error()),
                };
                let via = change
                    .via
                    .as_ref()
                    .map(|v| format!(" via {v}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}: {} → {}{via}",
                    paint.paint(label),
                    change.from,
                    change.to
                )?;
                for line in &change_view.flows {
                    if change.from == "internet" {
                        writeln!(out, "  {line}")?;
                    } else {
                        // Between resources the source is the resource itself.
                        let ports = line
                            .ports
                            .as_ref()
                            .map(|p| format!(" {p}"))
                            .unwrap_or_default();
                        let family = if line.family == Some("ipv6") {
                            " (IPv6)"
                        } else {
                            ""
                        };
                        writeln!(out, "  {}{ports}{family}", line.protocol)?;
                    }
                }
                // The side where the sample gets through names the admitting rules; the other
                // side names what blocks it.
                let (open_side, open_model, shut_side, shut_model, shut_label) = match change.kind {
                    ChangeKind::Opened => (
                        &change.new,
                        new_model,
                        &change.old,
                        old_model,
                        "was blocked by",
                    ),
                    ChangeKind::Closed => (
                        &change.old,
                        old_model,
                        &change.new,
                        new_model,
                        "now blocked by",
                    ),
                };
                if let Some(evidence) = open_side {
                    let answer = AnswerView::new(open_model, &evidence.query, &evidence.answer);
                    let mut rules: Vec<String> = Vec::new();
                    for hop in &answer.forward {
                        if let Some(rule) = &hop.rule {
                            let text = rule_text(rule);
                            if !rules.contains(&text) {
                                rules.push(text);
                            }
                        }
                    }
                    let when = if change.kind == ChangeKind::Opened {
                        "now admitted by"
                    } else {
                        "was admitted by"
                    };
                    for rule in rules {
                        writeln!(out, "  {when} {rule}")?;
                    }
                }
                match shut_side {
                    Some(evidence) => {
                        for line in
                            blocker_lines(shut_model, &evidence.query, &evidence.answer, style)
                        {
                            writeln!(out, "  {shut_label} {line}")?;
                        }
                    }
                    None => writeln!(out, "  (the resource does not exist on the other side)")?,
                }
            }
            for change in &report.policies {
                crate::render::policy::write_change(out, change, style)?;
            }
        }
    }
    Ok(if report.changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
