//! Output of `vpcsim cidr`: the report types (their JSON field names are the stable format
//! documented in docs/cidr.md) and the human renderings.
//!
//! The command module computes these reports; this module only formats them, so the JSON and
//! human views cannot disagree about a number.

use std::io::{self, Write};

use serde::Serialize;

/// Whether to colour human output: only on a terminal and only without `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) color: bool,
}

impl Style {
    pub(crate) fn detect() -> Style {
        use std::io::IsTerminal;
        Style {
            color: crate::render::style::color_enabled(io::stdout().is_terminal()),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// `vpcsim cidr A B …` in JSON: `{"cidrs": [...]}`.
#[derive(Debug, Serialize)]
pub(crate) struct ExplainReport {
    pub(crate) cidrs: Vec<Explained>,
}

/// One explained block.
#[derive(Debug, Serialize)]
pub(crate) struct Explained {
    pub(crate) cidr: String,
    pub(crate) family: &'static str,
    pub(crate) network: String,
    /// IPv4 only: the last address. `null` for IPv6, which has no broadcast.
    pub(crate) broadcast: Option<String>,
    pub(crate) last_address: String,
    pub(crate) netmask: String,
    pub(crate) wildcard: String,
    pub(crate) prefix_len: u8,
    pub(crate) host_bits: u8,
    /// Address bits, network part `|` host part, octets (IPv4) or 16-bit groups (IPv6) separated.
    pub(crate) binary: String,
    pub(crate) total: Count,
    pub(crate) usable: u128,
    pub(crate) first_usable: Option<String>,
    pub(crate) last_usable: Option<String>,
    pub(crate) reserved: Vec<ReservedJson>,
    pub(crate) aws: AwsVerdicts,
    pub(crate) advisories: Vec<String>,
    // Not serialized: the pieces the human view colours separately.
    #[serde(skip)]
    pub(crate) binary_network: String,
    #[serde(skip)]
    pub(crate) binary_host: String,
}

/// An address count: a JSON number, except 2^128 (`::/0`), which no u128 holds and which is
/// given as a decimal string.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub(crate) enum Count {
    Exact(u128),
    Huge(&'static str),
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exact(count) => write!(f, "{count}"),
            Count::Huge(text) => f.write_str(text),
        }
    }
}

/// One reserved address.
#[derive(Debug, Serialize)]
pub(crate) struct ReservedJson {
    pub(crate) address: String,
    pub(crate) role: &'static str,
    pub(crate) description: &'static str,
}

/// Whether AWS accepts the block as a VPC block and as a subnet block.
#[derive(Debug, Serialize)]
pub(crate) struct AwsVerdicts {
    pub(crate) vpc_block: Verdict,
    pub(crate) subnet_block: Verdict,
}

/// `ok` and, when not ok, the reason.
#[derive(Debug, Serialize)]
pub(crate) struct Verdict {
    pub(crate) ok: bool,
    pub(crate) reason: Option<String>,
}

/// `vpcsim cidr split` in JSON.
#[derive(Debug, Serialize)]
pub(crate) struct SplitReport {
    pub(crate) parent: String,
    pub(crate) prefix_len: u8,
    pub(crate) count: u128,
    pub(crate) subnets: Vec<SubnetJson>,
}

/// One carved subnet with its AWS-usable range.
#[derive(Debug, Serialize)]
pub(crate) struct SubnetJson {
    pub(crate) cidr: String,
    pub(crate) usable: u128,
    pub(crate) first_usable: Option<String>,
    pub(crate) last_usable: Option<String>,
}

/// `vpcsim cidr plan` in JSON.
#[derive(Debug, Serialize)]
pub(crate) struct PlanReport {
    pub(crate) vpc: String,
    pub(crate) subnet_prefix_len: u8,
    pub(crate) usable_per_subnet: u128,
    pub(crate) azs: Vec<String>,
    pub(crate) tiers: Vec<TierJson>,
    pub(crate) subnets: Vec<PlannedSubnet>,
    /// Blocks left free for future subnets, aggregated.
    pub(crate) free: Vec<String>,
    pub(crate) free_addresses: u128,
}

/// A tier's summary block (all its subnets fit in it).
#[derive(Debug, Serialize)]
pub(crate) struct TierJson {
    pub(crate) name: String,
    pub(crate) block: String,
}

/// One subnet of a plan.
#[derive(Debug, Serialize)]
pub(crate) struct PlannedSubnet {
    pub(crate) tier: String,
    pub(crate) az: String,
    pub(crate) cidr: String,
    pub(crate) usable: u128,
    pub(crate) first_usable: Option<String>,
    pub(crate) last_usable: Option<String>,
}

/// `vpcsim cidr overlap` in JSON.
#[derive(Debug, Serialize)]
pub(crate) struct OverlapReport {
    pub(crate) count: usize,
    pub(crate) overlaps: Vec<OverlapJson>,
}

/// One overlapping pair; `outer` contains `inner`.
#[derive(Debug, Serialize)]
pub(crate) struct OverlapJson {
    pub(crate) outer: Entry,
    pub(crate) inner: Entry,
    /// `contains` or `equal`.
    pub(crate) relation: &'static str,
}

/// A CIDR and its 1-based position in the input.
#[derive(Debug, Serialize)]
pub(crate) struct Entry {
    pub(crate) cidr: String,
    pub(crate) position: usize,
}

/// `vpcsim cidr aggregate` in JSON.
#[derive(Debug, Serialize)]
pub(crate) struct AggregateReport {
    pub(crate) input_count: usize,
    pub(crate) cidrs: Vec<String>,
}

/// Writes any report as pretty JSON plus a newline.
pub(crate) fn json<T: Serialize>(out: &mut dyn Write, report: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)?;
    Ok(())
}

fn verdict_line(verdict: &Verdict, note: &str) -> String {
    match &verdict.reason {
        None => format!("yes ({note})"),
        Some(reason) => format!("no: {reason}"),
    }
}

pub(crate) fn explain_human(
    out: &mut dyn Write,
    report: &ExplainReport,
    style: Style,
) -> io::Result<()> {
    for (idx, block) in report.cidrs.iter().enumerate() {
        if idx > 0 {
            writeln!(out)?;
        }
        explain_one(out, block, style)?;
    }
    Ok(())
}

fn explain_one(out: &mut dyn Write, block: &Explained, style: Style) -> io::Result<()> {
    let label = |name: &str| format!("  {name:<13}");
    writeln!(out, "{}", style.bold(&block.cidr))?;
    writeln!(out, "{}{}", label("network"), block.network)?;
    match &block.broadcast {
        Some(broadcast) => writeln!(out, "{}{broadcast}", label("broadcast"))?,
        None => writeln!(
            out,
            "{}{} (IPv6 has no broadcast)",
            label("last address"),
            block.last_address
        )?,
    }
    writeln!(
        out,
        "{}{} (/{})",
        label("netmask"),
        block.netmask,
        block.prefix_len
    )?;
    writeln!(out, "{}{}", label("wildcard"), block.wildcard)?;
    let binary = format!(
        "{}|{}",
        style.paint("36", &block.binary_network),
        style.paint("33", &block.binary_host)
    );
    writeln!(out, "{}{binary}", label("binary"))?;
    writeln!(
        out,
        "{}{} network bits | {} host bits",
        label(""),
        block.prefix_len,
        block.host_bits
    )?;
    writeln!(
        out,
        "{}{} addresses (2^{})",
        label("total"),
        block.total,
        block.host_bits
    )?;
    if block.reserved.is_empty() {
        writeln!(
            out,
            "{}0 (AWS subnets are /16–/28 for IPv4; this block is too small to hold the 5 reserved addresses)",
            label("AWS usable")
        )?;
    } else {
        let caveat = if block.aws.subnet_block.ok {
            ""
        } else {
            ", but AWS refuses this size for a subnet"
        };
        writeln!(
            out,
            "{}{} (2^{} − 5 reserved{caveat})",
            label("AWS usable"),
            block.usable,
            block.host_bits
        )?;
    }
    if let (Some(first), Some(last)) = (&block.first_usable, &block.last_usable) {
        writeln!(out, "{}{first}", label("first usable"))?;
        writeln!(out, "{}{last}", label("last usable"))?;
    }
    let width = block
        .reserved
        .iter()
        .map(|reserved| reserved.address.len())
        .max()
        .unwrap_or(0);
    for (idx, reserved) in block.reserved.iter().enumerate() {
        let name = if idx == 0 { "reserved" } else { "" };
        writeln!(
            out,
            "{}{:<width$}  {}",
            label(name),
            reserved.address,
            reserved.description
        )?;
    }
    let bounds = if block.family == "ipv4" {
        "/16–/28"
    } else {
        "IPv6 VPC blocks are /56"
    };
    writeln!(
        out,
        "{}{}",
        label("VPC block"),
        verdict_line(&block.aws.vpc_block, bounds)
    )?;
    let bounds = if block.family == "ipv4" {
        "/16–/28, inside one VPC block"
    } else {
        "IPv6 subnets are /64"
    };
    writeln!(
        out,
        "{}{}",
        label("subnet block"),
        verdict_line(&block.aws.subnet_block, bounds)
    )?;
    for advisory in &block.advisories {
        writeln!(out, "{}{advisory}", label("note"))?;
    }
    Ok(())
}

pub(crate) fn split_human(out: &mut dyn Write, report: &SplitReport) -> io::Result<()> {
    let usable = report.subnets.first().map_or(0, |subnet| subnet.usable);
    writeln!(
        out,
        "{} split into {} × /{} ({} AWS-usable addresses each)",
        report.parent, report.count, report.prefix_len, usable
    )?;
    let width = report
        .subnets
        .iter()
        .map(|subnet| subnet.cidr.len())
        .max()
        .unwrap_or(0);
    for subnet in &report.subnets {
        match (&subnet.first_usable, &subnet.last_usable) {
            (Some(first), Some(last)) => {
                writeln!(out, "  {:<width$}  usable {first} – {last}", subnet.cidr)?
            }
            _ => writeln!(out, "  {}", subnet.cidr)?,
        }
    }
    Ok(())
}

pub(crate) fn plan_human(out: &mut dyn Write, report: &PlanReport) -> io::Result<()> {
    writeln!(
        out,
        "plan for {}: {} AZs × {} tiers = {} subnets of /{} ({} AWS-usable addresses each)",
        report.vpc,
        report.azs.len(),
        report.tiers.len(),
        report.subnets.len(),
        report.subnet_prefix_len,
        report.usable_per_subnet
    )?;
    writeln!(out)?;
    let tier_width = report
        .subnets
        .iter()
        .map(|subnet| subnet.tier.len())
        .chain([4])
        .max()
        .unwrap_or(4);
    let az_width = report
        .azs
        .iter()
        .map(String::len)
        .chain([2])
        .max()
        .unwrap_or(2);
    let cidr_width = report
        .subnets
        .iter()
        .map(|subnet| subnet.cidr.len())
        .chain([4])
        .max()
        .unwrap_or(4);
    writeln!(
        out,
        "  {:<tier_width$}  {:<az_width$}  {:<cidr_width$}  {:>7}  usable range",
        "tier", "az", "cidr", "usable"
    )?;
    for subnet in &report.subnets {
        let range = match (&subnet.first_usable, &subnet.last_usable) {
            (Some(first), Some(last)) => format!("{first} – {last}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {:<tier_width$}  {:<az_width$}  {:<cidr_width$}  {:>7}  {range}",
            subnet.tier, subnet.az, subnet.cidr, subnet.usable
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "tier blocks (one route or NACL entry covers a whole tier):"
    )?;
    for tier in &report.tiers {
        writeln!(out, "  {:<tier_width$}  {}", tier.name, tier.block)?;
    }
    writeln!(out)?;
    if report.free.is_empty() {
        writeln!(out, "free for future subnets: none")?;
    } else {
        writeln!(
            out,
            "free for future subnets: {} ({} addresses)",
            report.free.join(", "),
            report.free_addresses
        )?;
    }
    Ok(())
}

pub(crate) fn overlap_human(out: &mut dyn Write, report: &OverlapReport) -> io::Result<()> {
    if report.overlaps.is_empty() {
        return writeln!(out, "no overlaps among {} CIDRs", report.count);
    }
    let pairs = report.overlaps.len();
    writeln!(
        out,
        "{pairs} overlapping pair{} among {} CIDRs:",
        if pairs == 1 { "" } else { "s" },
        report.count
    )?;
    for pair in &report.overlaps {
        let verb = if pair.relation == "equal" {
            "duplicates"
        } else {
            "contains"
        };
        writeln!(
            out,
            "  {} (#{}) {verb} {} (#{})",
            pair.outer.cidr, pair.outer.position, pair.inner.cidr, pair.inner.position
        )?;
    }
    Ok(())
}

pub(crate) fn aggregate_human(out: &mut dyn Write, report: &AggregateReport) -> io::Result<()> {
    for cidr in &report.cidrs {
        writeln!(out, "{cidr}")?;
    }
    Ok(())
}
