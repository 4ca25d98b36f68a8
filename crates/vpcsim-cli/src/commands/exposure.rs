//! `vpcsim exposure DESIGN`: every resource the internet reaches — sources × protocols ×
//! ports, the path (direct through the internet gateway, or through a load balancer to a
//! target port) and the rules responsible — plus security-group rules that look public but
//! that nothing on the internet can use. Exit 0 (a report, not a verdict).

use std::collections::BTreeMap;
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
    /// Print counts instead of every path: exposed resources by kind and path, the most exposed
    /// ports, and the unusable public rules by reason (for estates with thousands of entries).
    #[arg(long)]
    summary: bool,
}

/// Serializes what an iterator yields, one item at a time: a report on a 100k-ENI estate is
/// hundreds of megabytes, and building every view first doubled the command's memory.
struct Streamed<F>(F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct Report<E, O> {
    version: u32,
    exposed: E,
    unreachable_open_rules: O,
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
    /// `ipv4`, `ipv6`, or `ipv4+ipv6` through a dual-stack load balancer: the families of the
    /// internet clients (docs/semantics.md §16).
    family: &'static str,
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
    let internet = analyzer.internet_keys();
    if args.summary {
        let summary = Summary::new(internet, &exposure);
        match args.format {
            Format::Json => {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &SummaryReport {
                        version: 1,
                        summary,
                    },
                )?;
                writeln!(out)?;
            }
            Format::Human => out.write_all(summary.render(Style::stdout()).as_bytes())?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        Format::Json => {
            let report = Report {
                version: 1,
                exposed: Streamed(|| {
                    exposure
                        .exposed
                        .iter()
                        .map(|e| exposed_view(model, internet, e))
                }),
                unreachable_open_rules: Streamed(|| {
                    exposure
                        .unreachable_open_rules
                        .iter()
                        .map(|r| open_rule_view(model, r))
                }),
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::Human => {
            let style = Style::stdout();
            if exposure.exposed.is_empty() {
                writeln!(out, "nothing is reachable from the internet")?;
            } else {
                writeln!(
                    out,
                    "{} reachable from the internet:",
                    style
                        .bold()
                        .paint(&format!("{} path(s)", exposure.exposed.len()))
                )?;
            }
            let mut text = String::new();
            for exposed in &exposure.exposed {
                let e = exposed_view(model, internet, exposed);
                text.clear();
                let v6 = e.family == "ipv6";
                let via = match (&e.load_balancer, e.listener_port, e.target_port) {
                    (Some(lb), Some(listener), Some(target)) => {
                        let over = match e.family {
                            "ipv6" => " over IPv6",
                            "ipv4+ipv6" => " over IPv4 and IPv6",
                            _ => "",
                        };
                        format!(
                            "through load balancer {lb}{over} (listener {listener} → target port {target})"
                        )
                    }
                    _ if v6 => "directly over IPv6 (internet gateway → its IPv6 address, no NAT)"
                        .to_owned(),
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
                out.write_all(text.as_bytes())?;
            }
            if !exposure.unreachable_open_rules.is_empty() {
                writeln!(
                    out,
                    "\n{}",
                    style.bold().paint("open to public addresses in a security group, but not reachable from the internet:")
                )?;
                for r in &exposure.unreachable_open_rules {
                    writeln!(
                        out,
                        "  {} on {}",
                        open_rule_text(model, r),
                        model.resource_name(r.resource)
                    )?;
                    for line in blocker_lines(model, &r.witness, &r.answer, style) {
                        writeln!(out, "    {line}")?;
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn resource_view(model: &vpcsim_model::Model, resource: vpcsim_model::Resource) -> ResourceView {
    ResourceView {
        kind: vpcsim_reach::view::resource_kind(resource),
        name: model.resource_name(resource).to_owned(),
        vpc: model
            .resource_enis(resource)
            .first()
            .map(|eni| model.vpc(model.eni(*eni).vpc).name.clone())
            .unwrap_or_default(),
    }
}

fn exposed_view(
    model: &vpcsim_model::Model,
    internet: &[(u128, u128)],
    e: &vpcsim_symbolic::Exposed,
) -> ExposedView {
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
        resource: resource_view(model, e.resource),
        via,
        family: e.families.label(),
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
}

fn open_rule_text(model: &vpcsim_model::Model, r: &vpcsim_symbolic::UnreachableOpenRule) -> String {
    let rule_view = vpcsim_reach::view::rule_view(
        model,
        vpcsim_reach::RuleRef::SgRule {
            sg: r.sg,
            flow: vpcsim_reach::Flow::Ingress,
            index: u32::try_from(r.rule_index).unwrap_or(u32::MAX),
        },
    );
    rule_text(&rule_view)
}

fn open_rule_view(
    model: &vpcsim_model::Model,
    r: &vpcsim_symbolic::UnreachableOpenRule,
) -> OpenRuleView {
    OpenRuleView {
        resource: model.resource_name(r.resource).to_owned(),
        security_group: model.security_group(r.sg).name.clone(),
        rule: open_rule_text(model, r),
        why_not: AnswerView::new(model, &r.witness, &r.answer),
    }
}

#[derive(Serialize)]
struct SummaryReport {
    version: u32,
    summary: Summary,
}

/// Counts over the exposure report (`--summary`).
#[derive(Serialize)]
struct Summary {
    /// Exposed (resource, path) entries: what the full report lists.
    paths: usize,
    /// Distinct exposed resources.
    resources: usize,
    /// Resources the internet addresses directly, by kind.
    direct: BTreeMap<&'static str, usize>,
    /// Resources reached only through a load balancer, by kind.
    through_load_balancer_only: BTreeMap<&'static str, usize>,
    /// Load balancers that pass internet clients to at least one target.
    load_balancers_forwarding: usize,
    /// Exposed protocol and port ranges, most exposed first, with how many resources each
    /// reaches and how many of those from every public address.
    ports: Vec<PortCount>,
    /// Security-group rules open to public addresses that nothing on the internet can use.
    unreachable_open_rules: usize,
    /// The same, by the code of the first blocker of the witness flow.
    unreachable_by_reason: BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct PortCount {
    protocol: String,
    ports: Option<String>,
    resources: usize,
    from_any_public_address: usize,
}

/// The resources one protocol/port line reaches, and those it reaches from every public address.
type ResourceCounts = (
    std::collections::BTreeSet<vpcsim_model::Resource>,
    std::collections::BTreeSet<vpcsim_model::Resource>,
);

/// How many port lines `--summary` prints (JSON lists them all).
const SUMMARY_PORTS: usize = 20;

impl Summary {
    fn new(internet: &[(u128, u128)], exposure: &vpcsim_symbolic::Exposure) -> Summary {
        use std::collections::BTreeSet;
        let mut resources = BTreeSet::new();
        let mut direct = BTreeSet::new();
        let mut load_balancers = BTreeSet::new();
        // (protocol, ports) -> (resources, resources open to every public address)
        let mut ports: BTreeMap<(String, Option<String>), ResourceCounts> = BTreeMap::new();
        for e in &exposure.exposed {
            resources.insert(e.resource);
            match e.via {
                Via::Direct => {
                    direct.insert(e.resource);
                }
                Via::LoadBalancer { lb, .. } => {
                    load_balancers.insert(lb);
                }
            }
            for line in flow_lines(&e.set, internet) {
                let entry = ports.entry((line.protocol, line.ports)).or_default();
                entry.0.insert(e.resource);
                if line.any_public_source {
                    entry.1.insert(e.resource);
                }
            }
        }
        let by_kind = |set: &mut dyn Iterator<Item = &vpcsim_model::Resource>| {
            let mut counts = BTreeMap::new();
            for resource in set {
                *counts
                    .entry(vpcsim_reach::view::resource_kind(*resource))
                    .or_insert(0) += 1;
            }
            counts
        };
        let mut ports: Vec<PortCount> = ports
            .into_iter()
            .map(|((protocol, ports), (all, public))| PortCount {
                protocol,
                ports,
                resources: all.len(),
                from_any_public_address: public.len(),
            })
            .collect();
        // Most exposed first; ties in protocol and port order (the map's order, kept by the
        // stable sort).
        ports.sort_by_key(|port| std::cmp::Reverse(port.resources));
        let mut unreachable_by_reason = BTreeMap::new();
        for rule in &exposure.unreachable_open_rules {
            let reason = rule
                .answer
                .blocked_by
                .first()
                .map_or_else(|| "UNKNOWN".to_owned(), |b| b.code.to_string());
            *unreachable_by_reason.entry(reason).or_insert(0) += 1;
        }
        Summary {
            paths: exposure.exposed.len(),
            resources: resources.len(),
            direct: by_kind(&mut direct.iter()),
            through_load_balancer_only: by_kind(&mut resources.difference(&direct)),
            load_balancers_forwarding: load_balancers.len(),
            ports,
            unreachable_open_rules: exposure.unreachable_open_rules.len(),
            unreachable_by_reason,
        }
    }

    fn render(&self, style: Style) -> String {
        let kinds = |counts: &BTreeMap<&'static str, usize>| {
            if counts.is_empty() {
                return "none".to_owned();
            }
            counts
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut text = format!(
            "{} to {} resource(s) reachable from the internet\n",
            style.bold().paint(&format!("{} path(s)", self.paths)),
            self.resources
        );
        text.push_str(&format!("  directly: {}\n", kinds(&self.direct)));
        text.push_str(&format!(
            "  only through a load balancer: {} (behind {} load balancer(s))\n",
            kinds(&self.through_load_balancer_only),
            self.load_balancers_forwarding
        ));
        if !self.ports.is_empty() {
            text.push_str("  most exposed ports:\n");
            for port in self.ports.iter().take(SUMMARY_PORTS) {
                let ports = port
                    .ports
                    .as_deref()
                    .map(|p| format!(" {p}"))
                    .unwrap_or_default();
                text.push_str(&format!(
                    "    {}{ports}: {} resource(s), {} from any public address\n",
                    port.protocol, port.resources, port.from_any_public_address
                ));
            }
            if self.ports.len() > SUMMARY_PORTS {
                text.push_str(&format!(
                    "    … {} more (see --format json)\n",
                    self.ports.len() - SUMMARY_PORTS
                ));
            }
        }
        text.push_str(&format!(
            "{} open to public addresses in a security group but not reachable from the internet\n",
            style
                .bold()
                .paint(&format!("{} rule(s)", self.unreachable_open_rules))
        ));
        for (reason, n) in &self.unreachable_by_reason {
            text.push_str(&format!("  {reason}: {n}\n"));
        }
        text
    }
}
