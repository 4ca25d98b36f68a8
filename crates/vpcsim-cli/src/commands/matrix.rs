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
    /// Only counts: resources, pairs that get through, and pairs per source (no flow lists).
    #[arg(long)]
    summary: bool,
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
    let resources = analyzer.matrix_resources(scope.as_deref()).len();
    let ordered = resources * resources.saturating_sub(1);
    // The report is streamed one source row at a time: memory holds one row, however many
    // pairs the estate has (a 1,000-resource estate has a million pairs).
    let mut reaching = 0usize;
    let mut first = true;
    let style = Style::stdout();
    match (args.format, args.summary) {
        (Format::Json, false) => write!(
            out,
            "{{\n  \"version\": 1,\n  \"resources\": {resources},\n  \"pairs\": ["
        )?,
        (Format::Json, true) => write!(
            out,
            "{{\n  \"version\": 1,\n  \"resources\": {resources},\n  \"ordered_pairs\": {ordered},\n  \"by_source\": ["
        )?,
        (Format::Human, _) => {}
    }
    for row in analyzer.matrix_rows(scope.as_deref()) {
        if row.is_empty() {
            continue;
        }
        reaching += row.len();
        if args.summary {
            let from = qualified(model, row[0].from);
            match args.format {
                Format::Json => {
                    let item = serde_json::json!({ "from": from, "reaches": row.len() });
                    write!(out, "{}\n    {item}", if first { "" } else { "," })?;
                }
                Format::Human => writeln!(
                    out,
                    "{from}: reaches {} of {}",
                    row.len(),
                    resources.saturating_sub(1)
                )?,
            }
            first = false;
            continue;
        }
        for pair in &row {
            let view = PairView {
                from: qualified(model, pair.from),
                to: qualified(model, pair.to),
                flows: flow_lines(&pair.set, analyzer.internet_keys()),
            };
            match args.format {
                Format::Json => {
                    let text = serde_json::to_string_pretty(&view)?;
                    write!(
                        out,
                        "{}\n    {}",
                        if first { "" } else { "," },
                        text.replace('\n', "\n    ")
                    )?;
                }
                Format::Human => {
                    writeln!(
                        out,
                        "{} → {}",
                        style.bold().paint(&view.from),
                        style.bold().paint(&view.to)
                    )?;
                    for line in &view.flows {
                        // The source is always the resource itself here.
                        let family = if line.family == Some("ipv6") {
                            " (IPv6)"
                        } else {
                            ""
                        };
                        match &line.ports {
                            Some(ports) => {
                                writeln!(out, "  {} {ports}{family}", line.protocol)?;
                            }
                            None => writeln!(out, "  {}{family}", line.protocol)?,
                        }
                    }
                    writeln!(out)?;
                }
            }
            first = false;
        }
    }
    match args.format {
        Format::Json => {
            let close = if first { "]" } else { "\n  ]" };
            if args.summary {
                writeln!(out, "{close},\n  \"reaching_pairs\": {reaching}\n}}")?;
            } else {
                writeln!(out, "{close}\n}}")?;
            }
        }
        Format::Human => writeln!(
            out,
            "{reaching} of {ordered} ordered pairs of {resources} resources get through"
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
