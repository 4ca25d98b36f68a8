//! `vpcsim exposure DESIGN`: every resource the internet reaches — sources × protocols ×
//! ports, the path (direct through the internet gateway, or through a load balancer to a
//! target port) and the rules responsible — plus security-group rules that look public but
//! that nothing on the internet can use. Exit 0 (a report, not a verdict).

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use vpcsim_reach::{AnswerView, Engine};
use vpcsim_symbolic::{Analyzer, Via};

use crate::input;
use crate::render::style::Style;
use crate::render::symbolic::{PieceView, blocker_lines, flow_lines, rule_text};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Readable report.
    Human,
    /// One JSON document (docs/symbolic.md).
    Json,
}

/// Arguments of `vpcsim exposure`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Design file (YAML or JSON); `-` reads stdin.
    #[arg(value_name = "DESIGN")]
    design: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Serialize)]
struct Report {
    version: u32,
    exposed: Vec<ExposedView>,
    unreachable_open_rules: Vec<OpenRuleView>,
}

#[derive(Serialize)]
struct ResourceView {
    /// `instance`, `eni`, `load_balancer`, `database`, `cache`.
    kind: &'static str,
    name: String,
    vpc: String,
}

#[derive(Serialize)]
struct ExposedView {
    resource: ResourceView,
    /// `direct` or `load_balancer`.
    via: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    load_balancer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    listener_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_port: Option<u16>,
    flows: Vec<vpcsim_symbolic::FlowLine>,
    paths: Vec<PieceView>,
}

#[derive(Serialize)]
struct OpenRuleView {
    resource: String,
    security_group: String,
    rule: String,
    why_not: AnswerView,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let design = input::load_design(&args.design)?;
    let model = &design.model;
    let engine = Engine::new(model);
    let analyzer = Analyzer::new(&engine);
    let exposure = analyzer.exposure();
    let internet = analyzer.internet_ranges();
    let report = Report {
        version: 1,
        exposed: exposure
            .exposed
            .iter()
            .map(|e| {
                let resource = ResourceView {
                    kind: vpcsim_reach::view::resource_kind(e.resource),
                    name: model.resource_name(e.resource).to_owned(),
                    vpc: model
                        .resource_enis(e.resource)
                        .first()
                        .map(|eni| model.vpc(model.eni(*eni).vpc).name.clone())
                        .unwrap_or_default(),
                };
                let (via, load_balancer, listener_port, target_port) = match e.via {
                    Via::Direct => ("direct", None, None, None),
                    Via::LoadBalancer {
                        lb,
                        listener_port,
                        target_port,
                    } => (
                        "load_balancer",
                        Some(model.load_balancer(lb).name.clone()),
                        Some(listener_port),
                        Some(target_port),
                    ),
                };
                ExposedView {
                    resource,
                    via,
                    load_balancer,
                    listener_port,
                    target_port,
                    flows: flow_lines(&e.set, internet),
                    paths: e
                        .pieces
                        .iter()
                        .map(|p| PieceView::new(model, internet, p))
                        .collect(),
                }
            })
            .collect(),
        unreachable_open_rules: exposure
            .unreachable_open_rules
            .iter()
            .map(|r| {
                let group = model.security_group(r.sg);
                let rule_view = vpcsim_reach::view::rule_view(
                    model,
                    vpcsim_reach::RuleRef::SgRule {
                        sg: r.sg,
                        flow: vpcsim_reach::Flow::Ingress,
                        index: u32::try_from(r.rule_index).unwrap_or(u32::MAX),
                    },
                );
                OpenRuleView {
                    resource: model.resource_name(r.resource).to_owned(),
                    security_group: group.name.clone(),
                    rule: rule_text(&rule_view),
                    why_not: AnswerView::new(model, &r.witness, &r.answer),
                }
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
            let mut text = String::new();
            if report.exposed.is_empty() {
                text.push_str("nothing is reachable from the internet\n");
            } else {
                text.push_str(&format!(
                    "{} reachable from the internet:\n",
                    style
                        .bold()
                        .paint(&format!("{} path(s)", report.exposed.len()))
                ));
            }
            for e in &report.exposed {
                let via = match (&e.load_balancer, e.listener_port, e.target_port) {
                    (Some(lb), Some(listener), Some(target)) => {
                        format!(
                            "through load balancer {lb} (listener {listener} → target port {target})"
                        )
                    }
                    _ => "directly (internet gateway → its public address)".to_owned(),
                };
                text.push_str(&format!(
                    "\n{} ({}) {via}\n",
                    style.warning().paint(&e.resource.name),
                    e.resource.kind
                ));
                if let (Some(lb), Some(listener)) = (&e.load_balancer, e.listener_port) {
                    text.push_str(&format!(
                        "  first connection: internet → {lb} listener {listener} (see {lb} below)\n"
                    ));
                }
                for path in &e.paths {
                    crate::render::symbolic::write_piece(&mut text, path, "  ");
                }
            }
            if !exposure.unreachable_open_rules.is_empty() {
                text.push_str(&format!(
                    "\n{}\n",
                    style.bold().paint("open to public addresses in a security group, but not reachable from the internet:")
                ));
                for (view, r) in report
                    .unreachable_open_rules
                    .iter()
                    .zip(&exposure.unreachable_open_rules)
                {
                    text.push_str(&format!("  {} on {}\n", view.rule, view.resource));
                    for line in blocker_lines(model, &r.witness, &r.answer, style) {
                        text.push_str(&format!("    {line}\n"));
                    }
                }
            }
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
