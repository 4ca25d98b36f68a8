//! `vpcsim cidr`: the subnetting teaching view, and `split`, `plan`, `overlap`, `aggregate`.
//!
//! The teaching view reads what people type (`10.0.1.5/24` is a host in 10.0.1.0/24; dotted
//! netmasks and wildcards work); the carving subcommands parse strictly (`10.0.1.5/24` is
//! refused with a "did you mean" hint), so a typo is never silently corrected. The prefix
//! algebra is `vpcsim-cidr`; the AWS rules (reserved addresses, /16–/28) are
//! `vpcsim_model::addressing`; the output formats are `render::cidr`. Exit codes: 0 ok,
//! 1 overlaps found (`overlap`), 2 bad input.

use std::io::{BufRead, IsTerminal, Write};
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use vpcsim_cidr::special::classify;
use vpcsim_cidr::{
    HostInput, MaskForm, Prefix, aggregate, find_overlaps, parse_any, parse_host, range_to_cidrs,
};
use vpcsim_model::addressing::{self, SUBNET_MAX_PREFIX, SUBNET_MIN_PREFIX};

use crate::render::cidr::{
    self as render, AggregateReport, AwsVerdicts, ClassJson, Count, Entry, ExplainReport,
    Explained, HostJson, OverlapJson, OverlapReport, PlanReport, PlannedSubnet, ReservedJson,
    SplitReport, Style, SubnetJson, TierJson, Verdict, VlsmReport, VlsmSubnet,
};
use crate::render::lang::{self, Lang};

/// The most subnets `split` lists; more is a mistake, not a report.
const MAX_LISTED: u128 = 65_536;

/// Explain CIDR blocks the AWS way, or carve, plan, check and merge them.
///
/// With CIDRs and no subcommand, explains each block: network, broadcast, netmask, wildcard,
/// the address in binary (network | host bits), total addresses, AWS-usable hosts (2^n − 5),
/// the five addresses AWS reserves and their roles, and whether AWS accepts the block as a VPC
/// block and as a subnet block (/16–/28).
///
/// Exit status: 0 ok, 1 overlaps found (`overlap`), 2 bad input.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Examples:\n  vpcsim cidr 10.0.2.0/24\n  vpcsim cidr split 10.0.0.0/16 --prefix /24\n  vpcsim cidr plan 10.0.0.0/16 --azs 2 --tiers public,private,db\n  vpcsim cidr overlap 10.0.0.0/16 10.0.2.0/24\n  vpcsim cidr aggregate 10.0.0.0/24 10.0.1.0/24 10.0.2.0-10.0.2.9"
)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Option<Sub>,

    /// CIDR blocks to explain, e.g. 10.0.2.0/24 or 2001:db8::/64.
    #[arg(required = true, value_name = "CIDR")]
    cidrs: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    format: Format,

    /// Language of the teaching view and of split/plan/overlap tables [default: ko when
    /// LC_ALL, LC_MESSAGES or LANG is ko_*, else en]. JSON is always English.
    #[arg(long, value_enum, value_name = "LANG", global = true)]
    lang: Option<Lang>,
}

/// Output formats of `vpcsim cidr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For people; coloured on a terminal unless NO_COLOR is set.
    Human,
    /// Stable JSON, documented in docs/cidr.md.
    Json,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Split a block into equal sub-blocks: all /N (--prefix) or K equal parts (--parts).
    Split(SplitArgs),
    /// Carve a VPC block into subnets for AZs × tiers, leaving room to grow.
    Plan(PlanArgs),
    /// Find every overlapping pair among CIDRs (exit 1 when any).
    Overlap(ListArgs),
    /// Collapse CIDRs and FIRST-LAST ranges into the fewest CIDRs covering the same addresses.
    Aggregate(ListArgs),
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("size").required(true).args(["prefix", "parts", "hosts"])))]
struct SplitArgs {
    /// The block to split, e.g. 10.0.0.0/16.
    #[arg(value_name = "CIDR")]
    cidr: String,
    /// Length of the sub-blocks, e.g. /24 or 24.
    #[arg(long, value_name = "/N", value_parser = parse_prefix_arg)]
    prefix: Option<u8>,
    /// Number of equal parts (a power of two).
    #[arg(long, value_name = "K")]
    parts: Option<u64>,
    /// Host counts, one subnet each, sized the AWS way (VLSM): e.g. 500,200,50 or
    /// web=500,app=200,db=50.
    #[arg(long, value_name = "COUNTS", value_delimiter = ',')]
    hosts: Vec<String>,
}

#[derive(Debug, clap::Args)]
struct PlanArgs {
    /// The VPC block to carve (IPv4), e.g. 10.0.0.0/16.
    #[arg(value_name = "VPC_CIDR")]
    cidr: String,
    /// Number of availability zones [default: 2, or the number of --az-names].
    #[arg(long, value_name = "N")]
    azs: Option<u8>,
    /// Comma-separated tier names, one subnet per tier per AZ.
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        default_value = "public,private"
    )]
    tiers: Vec<String>,
    /// Comma-separated AZ names or letters, e.g. a,c or ap-northeast-2a,ap-northeast-2c
    /// [default: a,b,c,…].
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    az_names: Vec<String>,
    /// Region to prefix AZ letters with, e.g. ap-northeast-2 gives ap-northeast-2a.
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// Subnet length, e.g. /24 [default: the largest size that leaves at least half the block
    /// free for future subnets].
    #[arg(long, value_name = "/N", value_parser = parse_prefix_arg)]
    prefix: Option<u8>,
    /// Print the plan as a design-file skeleton (YAML) to edit and `vpcsim check`, instead of
    /// the table.
    #[arg(long)]
    emit_design: bool,
    /// With --emit-design: the VPC's name in the design.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "main",
        requires = "emit_design"
    )]
    vpc_name: String,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// CIDRs (aggregate also takes FIRST-LAST ranges). With none, or `-`, reads standard input.
    #[arg(value_name = "CIDR")]
    cidrs: Vec<String>,
    /// Also read CIDRs from a file: whitespace- or comma-separated, `#` starts a comment.
    #[arg(long, short, value_name = "FILE")]
    file: Option<PathBuf>,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let format = args.format;
    let lang = Lang::detect(args.lang);
    match args.command {
        None => explain(&args.cidrs, format, lang, out),
        Some(Sub::Split(split)) => run_split(&split, format, lang, out),
        Some(Sub::Plan(plan)) => run_plan(&plan, format, lang, out),
        Some(Sub::Overlap(list)) => run_overlap(&list, format, lang, out),
        Some(Sub::Aggregate(list)) => run_aggregate(&list, format, out),
    }
}

/// `24` or `/24` → 24 (range checked later, against the family).
fn parse_prefix_arg(text: &str) -> Result<u8, String> {
    let digits = text.strip_prefix('/').unwrap_or(text);
    digits
        .parse::<u8>()
        .ok()
        .filter(|len| *len <= 128 && digits.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("`{text}` is not a prefix length like /24"))
}

// ---------------------------------------------------------------- explain

fn explain(
    cidrs: &[String],
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    // Parse everything first: one bad argument means no partial report.
    let inputs = explain_inputs(cidrs)?;
    let report = ExplainReport {
        cidrs: inputs
            .into_iter()
            .map(|(text, host)| explained(&text, host))
            .collect(),
    };
    match format {
        Format::Json => render::json(out, &report)?,
        Format::Human => render::explain_human(out, &report, Style::detect(), lang)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The teaching view's arguments: `A/len`, `A/netmask`, `A/wildcard`, `"A MASK"`, or an
/// address followed by a dotted mask as the next argument (`10.0.0.0 255.255.0.0`, as ipcalc
/// takes it). Host bits are kept: `10.0.1.5/24` asks about a host in 10.0.1.0/24.
fn explain_inputs(args: &[String]) -> anyhow::Result<Vec<(String, HostInput)>> {
    let mut inputs = Vec::new();
    let mut idx = 0;
    while idx < args.len() {
        let text = args[idx].as_str();
        let bare_v4 = text.parse::<Ipv4Addr>().is_ok();
        if bare_v4
            && let Some(mask) = args.get(idx + 1)
            && mask.contains('.')
            && !mask.contains('/')
        {
            let joined = format!("{text} {mask}");
            inputs.push((joined.clone(), parse_host(&joined)?));
            idx += 2;
            continue;
        }
        inputs.push((text.to_owned(), parse_host(text)?));
        idx += 1;
    }
    Ok(inputs)
}

fn verdict(result: Result<(), addressing::Reason>) -> Verdict {
    match result {
        Ok(()) => Verdict {
            ok: true,
            reason: None,
            reason_ko: None,
        },
        Err(reason) => Verdict {
            ok: false,
            reason: Some(reason.to_string()),
            reason_ko: Some(lang::reason_text(&reason, Lang::Ko)),
        },
    }
}

fn explained(input: &str, host: HostInput) -> Explained {
    let net = host.network;
    let mut explained = explained_block(net);
    explained.input = input.to_owned();
    explained.mask_form = match host.form {
        MaskForm::Length => None,
        MaskForm::Netmask => Some("netmask"),
        MaskForm::Wildcard => Some("wildcard"),
    };
    if host.is_host() {
        explained.host = Some(host_json(net, host.address));
        explained.binary_address = Some(match host.address {
            std::net::IpAddr::V4(addr) => {
                let (network, hostpart) =
                    binary(u128::from(u32::from(addr)), 32, net.prefix_len(), 8, '.');
                format!("{network}|{hostpart}")
            }
            std::net::IpAddr::V6(addr) => {
                let (network, hostpart) = binary(u128::from(addr), 128, net.prefix_len(), 16, ':');
                format!("{network}|{hostpart}")
            }
        });
    }
    explained
}

/// The roles of a host address: AWS's (reserved or usable host #N) and the textbook's
/// (network, broadcast or host #N of 2^n − 2).
fn host_json(net: IpNet, address: std::net::IpAddr) -> HostJson {
    let role = addressing::host_role(net, address);
    let (aws_role, aws_index, aws_description) = match role {
        Some(addressing::HostRole::Reserved(role)) => {
            (role.as_str(), None, Some(role.description()))
        }
        Some(addressing::HostRole::Usable { index, .. }) => ("usable", Some(index), None),
        Some(addressing::HostRole::NoSubnet) | None => ("no-subnet", None, None),
    };
    let (offset, last) = match (net, address) {
        (IpNet::V4(net), std::net::IpAddr::V4(addr)) => (
            u128::from(u32::from(addr) - u32::from(net.network())),
            u128::from(u32::from(net.broadcast()) - u32::from(net.network())),
        ),
        (IpNet::V6(net), std::net::IpAddr::V6(addr)) => (
            u128::from(addr) - u128::from(net.network()),
            u128::from(net.broadcast()) - u128::from(net.network()),
        ),
        _ => (0, 0),
    };
    let (textbook_role, textbook_index) = if matches!(net, IpNet::V6(_)) {
        ("host", None)
    } else {
        match net.prefix_len() {
            32 => ("host", Some(1)),
            31 => ("host", Some(offset + 1)),
            _ if offset == 0 => ("network", None),
            _ if offset == last => ("broadcast", None),
            _ => ("host", Some(offset)),
        }
    };
    HostJson {
        address: address.to_string(),
        aws_role,
        aws_index,
        aws_description,
        textbook_role,
        textbook_index,
    }
}

/// Hosts by the textbook rule (network and broadcast reserved): 2^n − 2, except /31 (two
/// hosts on a point-to-point link, RFC 3021) and /32 (one). `None` for IPv6.
fn textbook_hosts(net: IpNet) -> Option<u128> {
    match net {
        IpNet::V4(net) => Some(match net.prefix_len() {
            32 => 1,
            31 => 2,
            len => (1u128 << (32 - len)) - 2,
        }),
        IpNet::V6(_) => None,
    }
}

fn class_json(net: IpNet) -> ClassJson {
    let class = classify(net);
    ClassJson {
        kind: class.kind.as_str(),
        name: class.name,
        range: class.range.map(|range| range.to_string()),
        contains: class.contains,
        aws: addressing::range_consequence_in(class.kind, matches!(net, IpNet::V6(_))),
    }
}

fn explained_block(net: IpNet) -> Explained {
    let aws = AwsVerdicts {
        vpc_block: verdict(addressing::check_vpc_block(net)),
        subnet_block: verdict(addressing::check_subnet_block(net)),
    };
    let net_any = net;
    let mut explained = match net {
        IpNet::V4(net) => {
            let len = net.prefix_len();
            let (binary_network, binary_host) =
                binary(u128::from(u32::from(net.network())), 32, len, 8, '.');
            let reserved = addressing::reserved_addresses(net)
                .map(|all| all.iter().map(reserved_json).collect())
                .unwrap_or_default();
            Explained {
                cidr: net.to_string(),
                family: "ipv4",
                network: net.network().to_string(),
                broadcast: Some(net.broadcast().to_string()),
                last_address: net.broadcast().to_string(),
                netmask: net.netmask().to_string(),
                wildcard: net.hostmask().to_string(),
                prefix_len: len,
                host_bits: 32 - len,
                binary: format!("{binary_network}|{binary_host}"),
                total: Count::Exact(1u128 << (32 - len)),
                usable: u128::from(addressing::usable_count(len)),
                first_usable: addressing::first_usable(net).map(|a| a.to_string()),
                last_usable: addressing::last_usable(net).map(|a| a.to_string()),
                reserved,
                aws,
                advisories: if len == 0 {
                    Vec::new()
                } else {
                    addressing::advisories(net)
                        .iter()
                        .map(ToString::to_string)
                        .collect()
                },
                advisories_human: human_advisories(net, Lang::En),
                advisories_ko: human_advisories(net, Lang::Ko),
                binary_network,
                binary_host,
                input: String::new(),
                mask_form: None,
                host: None,
                binary_address: None,
                binary_netmask: String::new(),
                textbook_usable: textbook_hosts(net_any),
                classification: class_json(net_any),
            }
        }
        IpNet::V6(net) => {
            let len = net.prefix_len();
            let (binary_network, binary_host) =
                binary(u128::from(net.network()), 128, len, 16, ':');
            let reserved = addressing::reserved_addresses_v6(net)
                .map(|all| all.iter().map(reserved_json).collect())
                .unwrap_or_default();
            let total = 1u128
                .checked_shl(u32::from(128 - len))
                .map_or(Count::Huge(TWO_TO_128), Count::Exact);
            Explained {
                cidr: net.to_string(),
                family: "ipv6",
                network: net.network().to_string(),
                broadcast: None,
                last_address: net.broadcast().to_string(),
                netmask: net.netmask().to_string(),
                wildcard: net.hostmask().to_string(),
                prefix_len: len,
                host_bits: 128 - len,
                binary: format!("{binary_network}|{binary_host}"),
                total,
                usable: addressing::usable_count_v6(len),
                first_usable: addressing::first_usable_v6(net).map(|a| a.to_string()),
                last_usable: addressing::last_usable_v6(net).map(|a| a.to_string()),
                reserved,
                aws,
                advisories: Vec::new(),
                advisories_human: Vec::new(),
                advisories_ko: Vec::new(),
                binary_network,
                binary_host,
                input: String::new(),
                mask_form: None,
                host: None,
                binary_address: None,
                binary_netmask: String::new(),
                textbook_usable: textbook_hosts(net_any),
                classification: class_json(net_any),
            }
        }
    };
    explained.binary_netmask = match net_any {
        IpNet::V4(net) => {
            let (ones, zeros) = binary(
                u128::from(u32::from(net.netmask())),
                32,
                net.prefix_len(),
                8,
                '.',
            );
            format!("{ones}|{zeros}")
        }
        IpNet::V6(net) => {
            let (ones, zeros) = binary(u128::from(net.netmask()), 128, net.prefix_len(), 16, ':');
            format!("{ones}|{zeros}")
        }
    };
    explained
}

/// The advisories the teaching view prints: none for /0, and not "outside RFC 1918" (the
/// range line says what such a block means).
fn human_advisories(net: Ipv4Net, lang: Lang) -> Vec<String> {
    if net.prefix_len() == 0 {
        return Vec::new();
    }
    addressing::advisories(net)
        .iter()
        .filter(|advice| !matches!(advice, addressing::Advisory::NotRfc1918 { .. }))
        .map(|advice| lang::advisory_text(advice, lang))
        .collect()
}

/// 2^128, the one count that does not fit in a u128 (`::/0`).
const TWO_TO_128: &str = "340282366920938463463374607431768211456";

fn reserved_json<A: ToString>(reserved: &addressing::ReservedAddress<A>) -> ReservedJson {
    ReservedJson {
        address: reserved.address.to_string(),
        role: reserved.role.as_str(),
        description: reserved.role.description(),
    }
}

/// The address bits split at the prefix boundary, with `sep` between groups of `group` bits
/// (a separator falling on the boundary is left out: the renderer puts `|` there).
fn binary(bits: u128, width: u32, prefix_len: u8, group: u32, sep: char) -> (String, String) {
    let boundary = u32::from(prefix_len);
    let mut network = String::new();
    let mut host = String::new();
    for idx in 0..width {
        let part = if idx < boundary {
            &mut network
        } else {
            &mut host
        };
        if idx > 0 && idx % group == 0 && idx != boundary {
            part.push(sep);
        }
        let bit = (bits >> (width - 1 - idx)) & 1;
        part.push(if bit == 1 { '1' } else { '0' });
    }
    (network, host)
}

// ---------------------------------------------------------------- split

fn subnet_json(net: IpNet) -> SubnetJson {
    match net {
        IpNet::V4(net) => SubnetJson {
            cidr: net.to_string(),
            usable: u128::from(addressing::usable_count(net.prefix_len())),
            first_usable: addressing::first_usable(net).map(|a| a.to_string()),
            last_usable: addressing::last_usable(net).map(|a| a.to_string()),
        },
        IpNet::V6(net) => SubnetJson {
            cidr: net.to_string(),
            usable: addressing::usable_count_v6(net.prefix_len()),
            first_usable: addressing::first_usable_v6(net).map(|a| a.to_string()),
            last_usable: addressing::last_usable_v6(net).map(|a| a.to_string()),
        },
    }
}

fn run_split(
    args: &SplitArgs,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    if !args.hosts.is_empty() {
        let report = vlsm(args)?;
        match format {
            Format::Json => render::json(out, &report)?,
            Format::Human => render::vlsm_human(out, &report, lang)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = match parse_any(&args.cidr)? {
        IpNet::V4(net) => split_report(net, args)?,
        IpNet::V6(net) => split_report(net, args)?,
    };
    match format {
        Format::Json => render::json(out, &report)?,
        Format::Human => render::split_human(out, &report, lang)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn split_report<P: Prefix + Into<IpNet>>(net: P, args: &SplitArgs) -> anyhow::Result<SplitReport> {
    let parts = match (args.prefix, args.parts) {
        (Some(len), _) => vpcsim_cidr::split(&net, len)?,
        (None, Some(parts)) => vpcsim_cidr::split_parts(&net, u128::from(parts))?,
        (None, None) => bail!("give --prefix /N or --parts K"),
    };
    let count = parts.total().unwrap_or(u128::MAX);
    if count > MAX_LISTED {
        bail!(
            "splitting {net} into /{} gives {count} blocks; vpcsim lists at most {MAX_LISTED} \
             (choose a shorter prefix)",
            parts.new_len()
        );
    }
    Ok(SplitReport {
        parent: net.to_string(),
        prefix_len: parts.new_len(),
        count,
        subnets: parts.map(|sub| subnet_json(sub.into())).collect(),
    })
}

// ---------------------------------------------------------------- split --hosts (VLSM)

/// `500` or `web=500`.
fn host_request(text: &str, idx: usize) -> anyhow::Result<(String, u64)> {
    let text = text.trim();
    let (name, count) = match text.split_once('=') {
        Some((name, count)) => (name.trim().to_owned(), count.trim()),
        None => (format!("#{}", idx + 1), text),
    };
    let hosts = count
        .parse::<u64>()
        .ok()
        .filter(|hosts| *hosts > 0 && count.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            anyhow!("--hosts: `{text}` is not a host count: expected a number like 500 or name=500")
        })?;
    if name.is_empty() {
        bail!("--hosts: `{text}` has an empty name before `=`");
    }
    Ok((name, hosts))
}

/// The textbook block for `hosts`: the smallest n with 2^(32−n) − 2 ≥ hosts.
fn textbook_prefix(hosts: u64) -> u8 {
    (0..=30u8)
        .rev()
        .find(|len| (1u64 << (32 - len)) - 2 >= hosts)
        .unwrap_or(0)
}

fn vlsm(args: &SplitArgs) -> anyhow::Result<VlsmReport> {
    let parent = match parse_any(&args.cidr)? {
        IpNet::V4(net) => net,
        IpNet::V6(net) => bail!(
            "--hosts sizes IPv4 subnets; {net} is IPv6, where every subnet is a /64 \
             (try `vpcsim cidr split {net} --prefix /64`)"
        ),
    };
    let requests = args
        .hosts
        .iter()
        .filter(|text| !text.trim().is_empty())
        .enumerate()
        .map(|(idx, text)| host_request(text, idx))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if requests.is_empty() {
        bail!("--hosts needs at least one count, e.g. --hosts 500,200,50");
    }
    let names: Vec<String> = requests.iter().map(|(name, _)| name.clone()).collect();
    ensure_unique(&names, "subnet name")?;
    let mut sized = Vec::new();
    for (order, (name, hosts)) in requests.iter().enumerate() {
        let len = addressing::prefix_for_hosts(*hosts).ok_or_else(|| {
            anyhow!(
                "{name} needs {hosts} hosts, more than the largest AWS subnet holds \
                 (a /{SUBNET_MIN_PREFIX} has {} usable addresses); split it over several subnets",
                addressing::usable_count(SUBNET_MIN_PREFIX)
            )
        })?;
        sized.push((order, name.clone(), *hosts, len));
    }
    // Largest first: then every block starts on its own boundary with no gaps.
    sized.sort_by_key(|(order, _, _, len)| (*len, *order));
    let start = u64::from(u32::from(parent.network()));
    let end = u64::from(u32::from(parent.broadcast()));
    let mut cursor = start;
    let mut subnets = Vec::new();
    let mut used = Vec::new();
    for (_, name, hosts, len) in &sized {
        let size = 1u64 << (32 - len);
        if *len < parent.prefix_len() || cursor + size - 1 > end {
            let needed: u64 = sized.iter().map(|(.., len)| 1u64 << (32 - len)).sum();
            bail!(
                "the subnets do not fit in {parent}: they need {needed} addresses (each block \
                 rounded up to a power of two, /28 at least), the block has {}",
                end - start + 1
            );
        }
        let net = Ipv4Net::new(Ipv4Addr::from(u32::try_from(cursor)?), *len)?;
        cursor += size;
        used.push(net);
        let summary = subnet_json(IpNet::V4(net));
        let textbook = textbook_prefix(*hosts);
        subnets.push(VlsmSubnet {
            name: name.clone(),
            hosts: *hosts,
            cidr: summary.cidr,
            prefix_len: *len,
            usable: summary.usable,
            first_usable: summary.first_usable,
            last_usable: summary.last_usable,
            textbook_prefix_len: textbook,
        });
    }
    let free = complement(parent, &used);
    let free_addresses = free
        .iter()
        .map(|net| 1u128 << (32 - net.prefix_len()))
        .sum();
    Ok(VlsmReport {
        parent: parent.to_string(),
        subnets,
        free: free.iter().map(ToString::to_string).collect(),
        free_addresses,
    })
}

// ---------------------------------------------------------------- plan

fn run_plan(
    args: &PlanArgs,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let report = plan(args)?;
    if args.emit_design {
        if format == Format::Json {
            bail!("--emit-design writes YAML; leave out --format json");
        }
        for name in report
            .tiers
            .iter()
            .map(|tier| &tier.name)
            .chain([&args.vpc_name])
        {
            if !is_plain_name(name) {
                bail!(
                    "`{name}` cannot be a name in a design skeleton: use letters, digits, `-` and `_`"
                );
            }
        }
        render::plan_design(
            out,
            &report,
            args.region.as_deref(),
            &args.vpc_name,
            &plan_command(args),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    match format {
        Format::Json => render::json(out, &report)?,
        Format::Human => render::plan_human(out, &report, lang)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A name a YAML key can be without quotes: letters (Hangul too), digits, `-`, `_`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with('-')
}

/// The command line that made a plan, for the skeleton's header comment.
fn plan_command(args: &PlanArgs) -> String {
    let mut words = vec![format!("vpcsim cidr plan {}", args.cidr)];
    if let Some(azs) = args.azs {
        words.push(format!("--azs {azs}"));
    }
    words.push(format!("--tiers {}", args.tiers.join(",")));
    if let Some(region) = &args.region {
        words.push(format!("--region {region}"));
    }
    if !args.az_names.is_empty() {
        words.push(format!("--az-names {}", args.az_names.join(",")));
    }
    if let Some(len) = args.prefix {
        words.push(format!("--prefix /{len}"));
    }
    words.push("--emit-design".to_owned());
    if args.vpc_name != "main" {
        words.push(format!("--vpc-name {}", args.vpc_name));
    }
    words.join(" ")
}

fn az_names(args: &PlanArgs) -> anyhow::Result<Vec<String>> {
    let given: Vec<String> = args
        .az_names
        .iter()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    let count = match (args.azs, given.len()) {
        (Some(azs), 0) => usize::from(azs),
        (None, 0) => 2,
        (Some(azs), n) if usize::from(azs) != n => {
            bail!("--azs {azs} but {n} --az-names given; give one name per AZ")
        }
        (_, n) => n,
    };
    if count == 0 {
        bail!("--azs must be at least 1");
    }
    if count > 26 && given.is_empty() {
        bail!("--azs {count}: no AWS Region has more than 26 availability zones");
    }
    let letters: Vec<String> = if given.is_empty() {
        (b'a'..=b'z')
            .take(count)
            .map(|letter| char::from(letter).to_string())
            .collect()
    } else {
        given
    };
    let names: Vec<String> = letters
        .into_iter()
        .map(|name| az_name(&name, args.region.as_deref()))
        .collect::<anyhow::Result<_>>()?;
    ensure_unique(&names, "AZ name")?;
    Ok(names)
}

/// One AZ name: a letter (`a`) gets the Region in front; so does the Region's number and a
/// letter (`2a` with ap-northeast-2, as the console's short labels read); anything else is
/// taken as written. `2a` without `--region` is refused rather than printed as an AZ name.
fn az_name(name: &str, region: Option<&str>) -> anyhow::Result<String> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    let letter = &name[digits.len()..];
    let short = letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_lowercase());
    match (region, short, digits.is_empty()) {
        (Some(region), true, true) => Ok(format!("{region}{letter}")),
        (Some(region), true, false) => {
            let number: String = region
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if number == digits {
                Ok(format!("{region}{letter}"))
            } else {
                bail!(
                    "AZ `{name}` does not belong to Region {region}: its AZs are {region}a, \
                     {region}b, … (give the letter, e.g. `{letter}`)"
                )
            }
        }
        (None, true, false) => bail!(
            "AZ `{name}` needs its Region: add --region (e.g. --region ap-northeast-{digits} \
             --az-names {letter}), or give full names like ap-northeast-{name}"
        ),
        _ => Ok(name.to_owned()),
    }
}

fn ensure_unique(names: &[String], what: &str) -> anyhow::Result<()> {
    for (idx, name) in names.iter().enumerate() {
        if names[..idx].contains(name) {
            bail!("{what} `{name}` is given twice");
        }
    }
    Ok(())
}

fn plan(args: &PlanArgs) -> anyhow::Result<PlanReport> {
    let vpc = match parse_any(&args.cidr)? {
        IpNet::V4(net) => net,
        IpNet::V6(net) => bail!(
            "plan carves IPv4 blocks; {net} is IPv6, where every subnet is a /64 \
             (try `vpcsim cidr split {net} --prefix /64`)"
        ),
    };
    addressing::check_vpc_block(IpNet::V4(vpc))
        .with_context(|| format!("{vpc} cannot be a VPC block"))?;
    let tiers: Vec<String> = args
        .tiers
        .iter()
        .map(|tier| tier.trim().to_owned())
        .filter(|tier| !tier.is_empty())
        .collect();
    if tiers.is_empty() {
        bail!("--tiers needs at least one name, e.g. public,private,db");
    }
    ensure_unique(&tiers, "tier")?;
    let azs = az_names(args)?;

    let az_bits = ceil_log2(azs.len());
    let tier_bits = ceil_log2(tiers.len());
    let vpc_len = vpc.prefix_len();
    let tight = u32::from(vpc_len) + az_bits + tier_bits;
    let subnet_len = match args.prefix {
        Some(len) => {
            if u32::from(len) < tight {
                bail!(
                    "{} AZs × {} tiers of /{len} do not fit in {vpc}; the largest that fits is /{tight}",
                    azs.len(),
                    tiers.len()
                );
            }
            len
        }
        // One spare bit: the plan fills at most half the block, the rest is room to grow.
        // When even that does not fit, pack tightly and let the size check explain.
        None => {
            let roomy = (tight + 1).max(u32::from(SUBNET_MIN_PREFIX));
            let chosen = if roomy <= u32::from(SUBNET_MAX_PREFIX) {
                roomy
            } else {
                tight
            };
            u8::try_from(chosen).unwrap_or(u8::MAX)
        }
    };
    if !(SUBNET_MIN_PREFIX..=SUBNET_MAX_PREFIX).contains(&subnet_len) {
        bail!(
            "{vpc} is too small for {} AZs × {} tiers: subnets would be /{subnet_len}, and AWS \
             subnets are /{SUBNET_MIN_PREFIX}–/{SUBNET_MAX_PREFIX}",
            azs.len(),
            tiers.len()
        );
    }

    let base = u32::from(vpc.network());
    let subnet_size = 1u32 << (32 - subnet_len);
    let tier_len = subnet_len - u8::try_from(az_bits).unwrap_or(0);
    let tier_size = 1u64 << (32 - tier_len);
    let mut subnets = Vec::new();
    let mut used = Vec::new();
    let mut tier_blocks = Vec::new();
    for (tier_idx, tier) in tiers.iter().enumerate() {
        let tier_base = u64::from(base) + tier_size * tier_idx as u64;
        let tier_base = u32::try_from(tier_base).context("tier block past the end of the VPC")?;
        tier_blocks.push(TierJson {
            name: tier.clone(),
            block: Ipv4Net::new(Ipv4Addr::from(tier_base), tier_len)?.to_string(),
        });
        for (az_idx, az) in azs.iter().enumerate() {
            let offset = subnet_size * u32::try_from(az_idx)?;
            let net = Ipv4Net::new(Ipv4Addr::from(tier_base + offset), subnet_len)?;
            used.push(net);
            let summary = subnet_json(IpNet::V4(net));
            subnets.push(PlannedSubnet {
                tier: tier.clone(),
                az: az.clone(),
                cidr: summary.cidr,
                usable: summary.usable,
                first_usable: summary.first_usable,
                last_usable: summary.last_usable,
            });
        }
    }
    let free = complement(vpc, &used);
    let free_addresses = free
        .iter()
        .map(|net| 1u128 << (32 - net.prefix_len()))
        .sum();
    Ok(PlanReport {
        vpc: vpc.to_string(),
        subnet_prefix_len: subnet_len,
        usable_per_subnet: u128::from(addressing::usable_count(subnet_len)),
        azs,
        tiers: tier_blocks,
        subnets,
        free: free.iter().map(ToString::to_string).collect(),
        free_addresses,
    })
}

fn ceil_log2(n: usize) -> u32 {
    n.max(1).next_power_of_two().trailing_zeros()
}

/// The addresses of `outer` not in `used`, as the fewest CIDRs.
fn complement(outer: Ipv4Net, used: &[Ipv4Net]) -> Vec<Ipv4Net> {
    let mut free = Vec::new();
    let mut cursor = Some(u32::from(outer.network()));
    let end = u32::from(outer.broadcast());
    for net in aggregate(used) {
        let (first, last) = (u32::from(net.network()), u32::from(net.broadcast()));
        if let Some(at) = cursor
            && at < first
            && let Ok(gap) = range_to_cidrs::<Ipv4Net>(at.into(), (first - 1).into())
        {
            free.extend(gap);
        }
        cursor = last.checked_add(1);
    }
    if let Some(at) = cursor
        && at <= end
        && let Ok(gap) = range_to_cidrs::<Ipv4Net>(at.into(), end.into())
    {
        free.extend(gap);
    }
    free
}

// ---------------------------------------------------------------- overlap / aggregate

/// One token of list input and where it came from, for error messages.
struct Token {
    text: String,
    origin: Option<String>,
}

fn read_list(args: &ListArgs) -> anyhow::Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut read_stdin = args.cidrs.is_empty() && args.file.is_none();
    for text in &args.cidrs {
        if text == "-" {
            read_stdin = true;
        } else {
            tokens.push(Token {
                text: text.trim().to_owned(),
                origin: None,
            });
        }
    }
    if let Some(path) = &args.file {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        read_lines(
            std::io::BufReader::new(file),
            &path.display().to_string(),
            &mut tokens,
        )
        .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if read_stdin {
        let stdin = std::io::stdin();
        if stdin.is_terminal() && args.cidrs.is_empty() {
            bail!("no CIDRs given: pass them as arguments, with --file, or on standard input");
        }
        read_lines(stdin.lock(), "<stdin>", &mut tokens).context("cannot read standard input")?;
    }
    Ok(tokens)
}

fn read_lines(reader: impl BufRead, name: &str, tokens: &mut Vec<Token>) -> std::io::Result<()> {
    for (line_idx, line) in reader.lines().enumerate() {
        let line = line?;
        let content = line.split('#').next().unwrap_or("");
        for word in content.split(|c: char| c.is_whitespace() || c == ',') {
            if !word.is_empty() {
                tokens.push(Token {
                    text: word.to_owned(),
                    origin: Some(format!("{name}:{}", line_idx + 1)),
                });
            }
        }
    }
    Ok(())
}

fn located(token: &Token, error: vpcsim_cidr::CidrError) -> anyhow::Error {
    match &token.origin {
        Some(origin) => anyhow!("{origin}: {error}"),
        None => anyhow::Error::new(error),
    }
}

fn run_overlap(
    args: &ListArgs,
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let tokens = read_list(args)?;
    let mut v4: Vec<(Ipv4Net, usize)> = Vec::new();
    let mut v6: Vec<(Ipv6Net, usize)> = Vec::new();
    for (idx, token) in tokens.iter().enumerate() {
        match parse_any(&token.text).map_err(|error| located(token, error))? {
            IpNet::V4(net) => v4.push((net, idx)),
            IpNet::V6(net) => v6.push((net, idx)),
        }
    }
    let mut overlaps = Vec::new();
    collect_overlaps(&v4, &mut overlaps);
    collect_overlaps(&v6, &mut overlaps);
    let report = OverlapReport {
        count: tokens.len(),
        overlaps,
    };
    match format {
        Format::Json => render::json(out, &report)?,
        Format::Human => render::overlap_human(out, &report, lang)?,
    }
    Ok(if report.overlaps.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn collect_overlaps<P: Prefix>(nets: &[(P, usize)], out: &mut Vec<OverlapJson>) {
    let plain: Vec<P> = nets.iter().map(|(net, _)| *net).collect();
    for pair in find_overlaps(&plain) {
        let (outer, outer_idx) = nets[pair.outer];
        let (inner, inner_idx) = nets[pair.inner];
        out.push(OverlapJson {
            outer: Entry {
                cidr: outer.to_string(),
                position: outer_idx + 1,
            },
            inner: Entry {
                cidr: inner.to_string(),
                position: inner_idx + 1,
            },
            relation: if outer == inner { "equal" } else { "contains" },
        });
    }
}

fn run_aggregate(args: &ListArgs, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let tokens = read_list(args)?;
    let mut v4: Vec<Ipv4Net> = Vec::new();
    let mut v6: Vec<Ipv6Net> = Vec::new();
    for token in &tokens {
        let text = token.text.as_str();
        if text.contains('-') {
            if vpcsim_cidr::parse::is_ipv6_text(text) {
                let (first, last) = vpcsim_cidr::parse_range::<Ipv6Net>(text)
                    .map_err(|error| located(token, error))?;
                v6.extend(range_cidrs::<Ipv6Net>(first, last)?);
            } else {
                let (first, last) = vpcsim_cidr::parse_range::<Ipv4Net>(text)
                    .map_err(|error| located(token, error))?;
                v4.extend(range_cidrs::<Ipv4Net>(first, last)?);
            }
            continue;
        }
        match parse_any(text).map_err(|error| located(token, error))? {
            IpNet::V4(net) => v4.push(net),
            IpNet::V6(net) => v6.push(net),
        }
    }
    let cidrs = aggregate(&v4)
        .iter()
        .map(ToString::to_string)
        .chain(aggregate(&v6).iter().map(ToString::to_string))
        .collect();
    let report = AggregateReport {
        input_count: tokens.len(),
        cidrs,
    };
    match format {
        Format::Json => render::json(out, &report)?,
        Format::Human => render::aggregate_human(out, &report)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn range_cidrs<P: Prefix>(first: P::Addr, last: P::Addr) -> anyhow::Result<Vec<P>> {
    Ok(range_to_cidrs::<P>(first, last)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_marks_the_prefix_boundary() {
        let (net, host) = binary(0x0A00_0200, 32, 24, 8, '.');
        assert_eq!(
            format!("{net}|{host}"),
            "00001010.00000000.00000010|00000000"
        );
        let (net, host) = binary(0x0A00_0000, 32, 20, 8, '.');
        assert_eq!(
            format!("{net}|{host}"),
            "00001010.00000000.0000|0000.00000000"
        );
        let (net, host) = binary(0, 32, 0, 8, '.');
        assert_eq!(net, "");
        assert_eq!(host.len(), 35);
    }

    #[test]
    fn complement_of_a_plan_is_minimal() {
        let vpc: Ipv4Net = "10.0.0.0/16".parse().unwrap();
        let used: Vec<Ipv4Net> = vec!["10.0.0.0/20".parse().unwrap()];
        let free: Vec<String> = complement(vpc, &used)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            free,
            [
                "10.0.16.0/20",
                "10.0.32.0/19",
                "10.0.64.0/18",
                "10.0.128.0/17"
            ]
        );
    }
}
