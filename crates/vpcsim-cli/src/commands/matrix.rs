//! `vpcsim matrix DESIGN`: who reaches whom, on which protocols and ports, for every ordered
//! pair of named resources (instances, ENIs, load balancers, databases, caches). Exit 0.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use vpcsim_model::{Model, Resource};
use vpcsim_reach::Engine;
use vpcsim_symbolic::{Analyzer, FlowLine, named_resources};

use crate::input;
use crate::render::style::Style;
use crate::render::symbolic::flow_lines;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// One block per pair.
    Human,
    /// One JSON document (docs/symbolic.md).
    Json,
}

/// Arguments of `vpcsim matrix`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Design file (YAML or JSON); `-` reads stdin.
    #[arg(value_name = "DESIGN")]
    design: String,
    /// Only resources in this VPC (repeatable).
    #[arg(long = "vpc", value_name = "NAME")]
    vpcs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Serialize)]
struct Report {
    version: u32,
    resources: usize,
    pairs: Vec<PairView>,
}

#[derive(Serialize)]
struct PairView {
    from: String,
    to: String,
    flows: Vec<FlowLine>,
}

fn qualified(model: &Model, resource: Resource) -> String {
    let vpc = model
        .resource_enis(resource)
        .first()
        .map(|eni| model.vpc(model.eni(*eni).vpc).name.clone())
        .unwrap_or_default();
    format!("{vpc}/{}", model.resource_name(resource))
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let design = input::load_design(&args.design)?;
    let model = &design.model;
    let mut vpc_ids = Vec::new();
    for name in &args.vpcs {
        match model.vpc_by_name(name) {
            Some(id) => vpc_ids.push(id),
            None => {
                let names: Vec<&str> = model.vpcs.iter().map(|v| v.name.as_str()).collect();
                let hint = vpcsim_model::diagnostic::did_you_mean(name, names)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                anyhow::bail!("unknown VPC `{name}`{hint}");
            }
        }
    }
    let scope: Option<Vec<Resource>> = (!vpc_ids.is_empty()).then(|| {
        named_resources(model)
            .into_iter()
            .filter(|r| {
                model
                    .resource_enis(*r)
                    .first()
                    .is_some_and(|eni| vpc_ids.contains(&model.eni(*eni).vpc))
            })
            .collect()
    });
    let engine = Engine::new(model);
    let analyzer = Analyzer::new(&engine);
    let pairs = analyzer.matrix(scope.as_deref());
    let resources = scope
        .as_ref()
        .map_or_else(|| named_resources(model).len(), Vec::len);
    let report = Report {
        version: 1,
        resources,
        pairs: pairs
            .iter()
            .map(|pair| PairView {
                from: qualified(model, pair.from),
                to: qualified(model, pair.to),
                flows: flow_lines(&pair.set, analyzer.internet_ranges()),
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
            writeln!(
                out,
                "{} of {} ordered pairs of {} resources get through:",
                report.pairs.len(),
                report.resources * report.resources.saturating_sub(1),
                report.resources
            )?;
            for pair in &report.pairs {
                writeln!(
                    out,
                    "\n{} → {}",
                    style.bold().paint(&pair.from),
                    style.bold().paint(&pair.to)
                )?;
                for line in &pair.flows {
                    // The source is always the resource itself here.
                    match &line.ports {
                        Some(ports) => writeln!(out, "  {} {ports}", line.protocol)?,
                        None => writeln!(out, "  {}", line.protocol)?,
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
