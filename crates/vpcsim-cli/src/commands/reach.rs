//! `vpcsim reach DESIGN --from A --to B[:PORT]`: one question — can A reach B, and which rules
//! decide it. Exit 0 reachable, 1 not reachable, 2 unusable design or endpoint.
//!
//! Without a port (and when the destination has no port of its own) the answer is the *set*
//! of ports that get through, from symbolic analysis (docs/symbolic.md); `--proto all` widens
//! it to every protocol.
//!
//! `--via NAME[:PORT]` asks two chained questions (A → NAME, then NAME → B), the bastion hop;
//! the first leg uses port 22 unless the via endpoint names one. Reachable only if both are.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use vpcsim_model::Protocol;
use vpcsim_reach::{
    AnswerView, Engine, Family, NotModelled, Query, QueryEndpoint, endpoint_family, parse_endpoint,
    parse_protocol,
};

use crate::input;
use crate::render::lang::{Lang, Msg, say};
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
    #[arg(
        long,
        default_value = "tcp",
        value_name = "PROTO",
        allow_hyphen_values = true
    )]
    proto: String,
    /// Address family: `4` or `6` [default: the family of an address endpoint; between named
    /// resources and `internet`, IPv4, and IPv6 as well when both ends have IPv6 addresses].
    #[arg(long, value_name = "4|6", value_parser = parse_family)]
    family: Option<Family>,
    /// Hop through this resource (a bastion): A → VIA (port 22 unless given), then VIA → B.
    #[arg(long, value_name = "NAME[:PORT]")]
    via: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Language of the explanation lines (verdict, hop labels, blocker meanings) [default: ko
    /// when LC_ALL, LC_MESSAGES or LANG is ko_*, else en]. Names, rule texts and JSON stay as
    /// written.
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<Lang>,
}

fn parse_family(text: &str) -> Result<Family, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "4" | "ipv4" | "v4" => Ok(Family::V4),
        "6" | "ipv6" | "v6" => Ok(Family::V6),
        other => Err(format!(
            "`{other}` is not an address family (expected 4 or 6)"
        )),
    }
}

/// The port of the first leg of `--via` when the via endpoint gives none: SSH to a bastion.
const VIA_DEFAULT_PORT: u16 = 22;

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let design = input::load_design(&args.design)?;
    let model = &design.model;
    let protocol = parse_protocol(&args.proto).context("bad `--proto`")?;
    let (from, _) = parse_endpoint(model, &args.from).context("bad `--from`")?;
    let (to, port) = parse_endpoint(model, &args.to).context("bad `--to`")?;
    let implied = match endpoint_family(from, to) {
        Ok(implied) => implied,
        Err(_) => anyhow::bail!(
            "`--from {}` and `--to {}` are addresses of different families (IPv4 and IPv6)",
            args.from,
            args.to
        ),
    };
    if let (Some(given), Some(implied)) = (args.family, implied)
        && given != implied
    {
        anyhow::bail!(
            "`--family {}` contradicts the {} address given as an endpoint",
            if given == Family::V6 { 6 } else { 4 },
            implied.label()
        );
    }
    let family = args.family.or(implied).unwrap_or_default();
    // §16: between names (and `internet`), a dual-stack pair is asked over both families.
    let both = args.family.is_none()
        && implied.is_none()
        && args.via.is_none()
        && (from != QueryEndpoint::Internet || to != QueryEndpoint::Internet)
        && vpcsim_reach::query::has_ipv6(model, from)
        && vpcsim_reach::query::has_ipv6(model, to);
    let mut queries = Vec::new();
    match &args.via {
        None => {
            queries.push(Query {
                from,
                to,
                protocol,
                port,
                family,
            });
        }
        Some(via_text) => {
            let (via, via_port) = parse_endpoint(model, via_text).context("bad `--via`")?;
            queries.push(Query {
                from,
                to: via,
                protocol: Protocol::TCP,
                port: Some(via_port.unwrap_or(VIA_DEFAULT_PORT)),
                family,
            });
            queries.push(Query {
                from: via,
                to,
                protocol,
                port,
                family,
            });
        }
    }
    let engine = Engine::new(model);
    let portless = args.via.is_none()
        && ((port.is_none() && protocol == Protocol::All)
            || engine
                .query(&queries[0])
                .not_modelled
                .contains(&NotModelled::PortlessQuery));
    if portless {
        return port_set(&args, &design, &engine, &queries[0], both, out);
    }
    if both {
        // The IPv6 answer is a second, separate answer: reachable when either family is.
        let v4 = engine.query(&queries[0]);
        let v6_query = Query {
            family: Family::V6,
            ..queries[0]
        };
        let v6 = engine.query(&v6_query);
        let views = [
            AnswerView::new(model, &queries[0], &v4),
            AnswerView::new(model, &v6_query, &v6),
        ];
        let reachable = v4.is_reachable() || v6.is_reachable();
        match args.format {
            Format::Human => render::human_families(
                out,
                &design.source.name,
                &views,
                Style::stdout(),
                Lang::detect(args.lang),
            )?,
            Format::Json => render::json_families(out, &design.source.name, &views)?,
        }
        return Ok(if reachable {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
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
    // Exit 0 when every answer delivers, an exit to on-premises included (docs/reach.md).
    let reachable = views.iter().all(render::delivered);
    match args.format {
        Format::Human => render::human(
            out,
            &design.source.name,
            &views,
            Style::stdout(),
            Lang::detect(args.lang),
        )?,
        Format::Json => render::json(out, &design.source.name, &views)?,
    }
    Ok(if reachable {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(serde::Serialize)]
struct PortSetReport<'a> {
    version: u32,
    file: &'a str,
    query: PortSetQuery<'a>,
    /// `reachable` when any flow gets through, else `blocked`.
    verdict: &'static str,
    flows: Vec<vpcsim_symbolic::FlowLine>,
    paths: Vec<crate::render::symbolic::PieceView>,
}

#[derive(serde::Serialize)]
struct PortSetQuery<'a> {
    from: &'a str,
    to: &'a str,
    protocol: &'a str,
    /// `every_protocol` for `--proto all` without a port: the set of every protocol and port
    /// that gets through (docs/semantics.md §15.10); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    any_protocol: Option<&'static str>,
}

/// `reach` without a port: every flow (protocol × port, and sources for an address range)
/// from A that arrives at B, with the path and rules of each piece.
fn port_set(
    args: &Args,
    design: &input::Design,
    engine: &Engine<'_>,
    query: &Query,
    both: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    use vpcsim_symbolic::{Analyzer, Destination, Source};
    let model = &design.model;
    // §9.6a: a service stands for its address in the design's Region.
    let service_address = |service| {
        let region = model.vpcs.first().map_or("", |vpc| vpc.region.as_str());
        vpcsim_reach::service::address(model, service, region).0
    };
    let source = match query.from {
        QueryEndpoint::Internet => Source::Internet,
        QueryEndpoint::Service(service) => {
            let address = service_address(service);
            Source::range(address, address)
        }
        QueryEndpoint::Address(address) => Source::range(address, address),
        QueryEndpoint::Resource(resource) => Source::Resource(resource),
    };
    let destination = match query.to {
        QueryEndpoint::Internet => Destination::Internet,
        QueryEndpoint::Service(service) => Destination::Address(service_address(service)),
        QueryEndpoint::Address(address) => Destination::Address(address),
        QueryEndpoint::Resource(resource) => Destination::Resource(resource),
    };
    let protocols = match query.protocol {
        Protocol::All => (0, 255),
        Protocol::Number(n) => (n, n),
    };
    let analyzer = Analyzer::new(engine);
    let mut reach = analyzer.reach_in(query.family, source, destination, protocols, None);
    if both {
        // §16: a dual-stack pair answers for both families; IPv6 pieces follow IPv4 ones.
        let v6 = analyzer.reach_in(Family::V6, source, destination, protocols, None);
        reach.set = reach.set.union(&v6.set).normalize();
        reach.pieces.extend(v6.pieces);
        reach.cells += v6.cells;
    }
    let internet = analyzer.internet_keys();
    let report = PortSetReport {
        version: 1,
        file: &design.source.name,
        query: PortSetQuery {
            from: &args.from,
            to: &args.to,
            protocol: &args.proto,
            any_protocol: (query.protocol == Protocol::All).then_some("every_protocol"),
        },
        verdict: if reach.set.is_empty() {
            "blocked"
        } else {
            "reachable"
        },
        flows: crate::render::symbolic::flow_lines(&reach.set, internet),
        paths: reach
            .pieces
            .iter()
            .map(|piece| crate::render::symbolic::PieceView::new(model, internet, piece))
            .collect(),
    };
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::Human => {
            let style = Style::stdout();
            let lang = Lang::detect(args.lang);
            if query.protocol == Protocol::All {
                writeln!(out, "{}", Msg::R_ANY_SET.text(lang))?;
            }
            if reach.set.is_empty() {
                let blocked = style.error().paint(Msg::R_BLOCKED.text(lang));
                writeln!(
                    out,
                    "{}",
                    say(
                        Msg::R_PORTS_NOTHING,
                        lang,
                        &[&blocked, &args.from, &args.to, &args.proto]
                    )
                )?;
            } else {
                let reachable = style.success().paint(Msg::R_REACHABLE.text(lang));
                writeln!(
                    out,
                    "{}",
                    say(
                        Msg::R_PORTS_REACH,
                        lang,
                        &[&reachable, &args.from, &args.to]
                    )
                )?;
                let mut text = String::new();
                for path in &report.paths {
                    crate::render::symbolic::write_piece(&mut text, path, "  ");
                }
                out.write_all(text.as_bytes())?;
            }
        }
    }
    Ok(if reach.set.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
