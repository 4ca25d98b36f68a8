//! `vpcsim diagram DESIGN --format mermaid|dot`: draw the network (VPC › AZ › subnet, gateways
//! and resources), optionally a part of it (`--vpc`, `--subnet`) and one reach answer over it
//! (`--path FROM TO[:PORT]`). Exit 0 when drawn, 2 on bad input or a design too large for
//! Mermaid.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use vpcsim_model::diagnostic::did_you_mean;
use vpcsim_model::{Model, SubnetId, VpcId};
use vpcsim_reach::{Engine, parse_query};

use crate::input;
use crate::render::diagram::{self, Scope, dot, mermaid};

/// Output format of `diagram`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Mermaid flowchart (renders on GitHub; at most 500 edges and 50,000 characters).
    Mermaid,
    /// Graphviz DOT with clusters (any size): `| dot -Tsvg > network.svg`.
    Dot,
    /// The layout-neutral tree both are drawn from (boxes, nodes, edges), for other renderers.
    Json,
}

/// Arguments of `vpcsim diagram`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Design file (YAML or JSON); `-` reads stdin.
    #[arg(value_name = "DESIGN")]
    design: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Mermaid)]
    format: Format,
    /// Draw one reach answer over the picture: source and destination as `vpcsim reach`
    /// takes them (`internet`, an address, a resource name or `vpc/name`, optional `:PORT`).
    #[arg(long, num_args = 2, value_names = ["FROM", "TO[:PORT]"])]
    path: Option<Vec<String>>,
    /// Protocol of the --path query: tcp, udp, icmp, all or a number.
    #[arg(
        long,
        value_name = "PROTO",
        requires = "path",
        allow_hyphen_values = true
    )]
    proto: Option<String>,
    /// Draw only this VPC (repeat for several).
    #[arg(long = "vpc", value_name = "NAME")]
    vpcs: Vec<String>,
    /// Draw only this subnet, as `NAME` or `VPC/NAME` (repeat for several).
    #[arg(long = "subnet", value_name = "NAME")]
    subnets: Vec<String>,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let design = input::load_design(&args.design)?;
    let model = &design.model;
    let scope = Scope {
        vpcs: args
            .vpcs
            .iter()
            .map(|name| find_vpc(model, name))
            .collect::<anyhow::Result<_>>()?,
        subnets: args
            .subnets
            .iter()
            .map(|name| find_subnet(model, name))
            .collect::<anyhow::Result<_>>()?,
    };
    let mut picture = diagram::build(model, &scope);
    if let Some([from, to]) = args.path.as_deref() {
        let query = parse_query(model, from, to, args.proto.as_deref())
            .context("cannot draw the --path query")?;
        let engine = Engine::new(model);
        let mut answer = engine.query(&query);
        // §16: between dual-stack names, draw the family that delivers (IPv4 first), as
        // `reach` answers both.
        if !answer.is_reachable()
            && vpcsim_reach::endpoint_family(query.from, query.to)
                .ok()
                .flatten()
                .is_none()
            && vpcsim_reach::query::has_ipv6(model, query.from)
            && vpcsim_reach::query::has_ipv6(model, query.to)
        {
            let v6 = engine.query(&vpcsim_reach::Query {
                family: vpcsim_reach::Family::V6,
                ..query
            });
            if v6.is_reachable() {
                answer = v6;
            }
        }
        diagram::overlay(&mut picture, model, &answer);
    }
    let text = match args.format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Report<'d> {
                version: u32,
                #[serde(flatten)]
                diagram: &'d diagram::Diagram,
            }
            let mut text = serde_json::to_string_pretty(&Report {
                version: 1,
                diagram: &picture,
            })?;
            text.push('\n');
            text
        }
        Format::Dot => dot::render(&picture),
        Format::Mermaid => match mermaid::render(&picture) {
            Ok(text) => text,
            Err(too_large) => {
                let (nodes, _, _) = picture.counts();
                bail!(
                    "the diagram is too large for Mermaid ({} edges, {} characters, {nodes} \
                     nodes; mermaid.js draws at most {} edges and {} characters): use \
                     `--format dot`, or draw a part with `--vpc NAME` or `--subnet NAME`",
                    too_large.edges,
                    too_large.chars,
                    mermaid::MAX_EDGES,
                    mermaid::MAX_TEXT,
                )
            }
        },
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A VPC by name, or an error with the closest name.
fn find_vpc(model: &Model, name: &str) -> anyhow::Result<VpcId> {
    if let Some(vpc) = model.vpc_by_name(name) {
        return Ok(vpc);
    }
    let names = model.vpcs.iter().map(|vpc| vpc.name.as_str());
    match did_you_mean(name, names) {
        Some(suggestion) => bail!("unknown VPC `{name}` (did you mean `{suggestion}`?)"),
        None => bail!("unknown VPC `{name}`"),
    }
}

/// A subnet by `name` (unique over all VPCs) or `vpc/name`, or an error with the closest name.
fn find_subnet(model: &Model, text: &str) -> anyhow::Result<SubnetId> {
    let (vpc, name) = match text.split_once('/') {
        Some((vpc, name)) => (Some(find_vpc(model, vpc)?), name),
        None => (None, text),
    };
    let candidates: Vec<SubnetId> = (0..model.subnets.len())
        .map(SubnetId::from_index)
        .filter(|id| vpc.is_none_or(|vpc| model.subnet(*id).vpc == vpc))
        .collect();
    let found: Vec<SubnetId> = candidates
        .iter()
        .copied()
        .filter(|id| model.subnet(*id).name == name)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            let names = candidates.iter().map(|id| model.subnet(*id).name.as_str());
            match did_you_mean(name, names) {
                Some(suggestion) => {
                    bail!("unknown subnet `{text}` (did you mean `{suggestion}`?)")
                }
                None => bail!("unknown subnet `{text}`"),
            }
        }
        several => {
            let vpcs: Vec<&str> = several
                .iter()
                .map(|id| model.vpc(model.subnet(*id).vpc).name.as_str())
                .collect();
            bail!(
                "subnet `{name}` exists in several VPCs ({}); write `VPC/{name}`",
                vpcs.join(", ")
            )
        }
    }
}
