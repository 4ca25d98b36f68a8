//! `vpcsim reach DESIGN --from A --to B[:PORT]`: one question — can A reach B, and which rules
//! decide it. Exit 0 reachable, 1 not reachable, 2 unusable design or endpoint.
//!
//! `--via NAME[:PORT]` asks two chained questions (A → NAME, then NAME → B), the bastion hop;
//! the first leg uses port 22 unless the via endpoint names one. Reachable only if both are.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use vpcsim_model::Protocol;
use vpcsim_reach::{AnswerView, Engine, NotModelled, Query, parse_endpoint, parse_protocol};

use crate::input;
use crate::render::reach as render;
use crate::render::style::Style;

/// Output format of `reach`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// The verdict and both paths, hop by hop, for people.
    Human,
    /// One JSON document (docs/reach.md).
    Json,
}

/// Arguments of `vpcsim reach`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Design file (YAML or JSON); `-` reads stdin.
    #[arg(value_name = "DESIGN")]
    design: String,
    /// Source: `internet`, an address, or a resource name (`vpc/name` when ambiguous).
    #[arg(long, value_name = "ENDPOINT")]
    from: String,
    /// Destination, same forms, optionally with `:PORT` (e.g. `web:80`, `internet:443`).
    #[arg(long, value_name = "ENDPOINT[:PORT]")]
    to: String,
    /// IP protocol: tcp, udp, icmp, all, or a protocol number.
    #[arg(long, default_value = "tcp", value_name = "PROTO")]
    proto: String,
    /// Hop through this resource (a bastion): A → VIA (port 22 unless given), then VIA → B.
    #[arg(long, value_name = "NAME[:PORT]")]
    via: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// The port of the first leg of `--via` when the via endpoint gives none: SSH to a bastion.
const VIA_DEFAULT_PORT: u16 = 22;

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let design = input::load_design(&args.design)?;
    let model = &design.model;
    let protocol = parse_protocol(&args.proto).context("bad `--proto`")?;
    let (from, _) = parse_endpoint(model, &args.from).context("bad `--from`")?;
    let (to, port) = parse_endpoint(model, &args.to).context("bad `--to`")?;
    let mut queries = Vec::new();
    match &args.via {
        None => queries.push(Query {
            from,
            to,
            protocol,
            port,
        }),
        Some(via_text) => {
            let (via, via_port) = parse_endpoint(model, via_text).context("bad `--via`")?;
            queries.push(Query {
                from,
                to: via,
                protocol: Protocol::TCP,
                port: Some(via_port.unwrap_or(VIA_DEFAULT_PORT)),
            });
            queries.push(Query {
                from: via,
                to,
                protocol,
                port,
            });
        }
    }
    let engine = Engine::new(model);
    let mut views: Vec<AnswerView> = Vec::with_capacity(queries.len());
    for query in &queries {
        let answer = engine.query(query);
        if answer.not_modelled.contains(&NotModelled::PortlessQuery) {
            anyhow::bail!(
                "`{}` needs a port for {}: write `{}:PORT`",
                args.to,
                args.proto,
                args.to
            );
        }
        views.push(AnswerView::new(model, query, &answer));
    }
    let reachable = views.iter().all(|view| view.verdict == "reachable");
    match args.format {
        Format::Human => render::human(out, &design.source.name, &views, Style::stdout())?,
        Format::Json => render::json(out, &design.source.name, &views)?,
    }
    Ok(if reachable {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
