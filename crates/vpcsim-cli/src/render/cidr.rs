//! Output of `vpcsim cidr`: the report types (their JSON field names are the stable format
//! documented in docs/cidr.md) and the human renderings.
//!
//! The command module computes these reports; this module only formats them, so the JSON and
//! human views cannot disagree about a number.

use std::io::{self, Write};

use serde::Serialize;

use super::lang::{self, Lang, Msg, say};
use super::width::{column_width, display_width, pad_to};

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
    /// The argument as written (`10.0.1.5/24`, `10.0.0.0 255.255.0.0`).
    pub(crate) input: String,
    /// `netmask` or `wildcard` when the length was written as a dotted mask, else null.
    pub(crate) mask_form: Option<&'static str>,
    /// The host the input named, when its address is not the network address.
    pub(crate) host: Option<HostJson>,
    /// The host address in binary, `|` at the prefix boundary (only with `host`).
    pub(crate) binary_address: Option<String>,
    /// The netmask in binary, `|` at the prefix boundary.
    pub(crate) binary_netmask: String,
    /// Hosts by the textbook rule, 2^n − 2 (/31: 2, /32: 1); null for IPv6.
    pub(crate) textbook_usable: Option<u128>,
    /// What the range is for (IETF registries) and what AWS makes of it.
    pub(crate) classification: ClassJson,
    // Not serialized: the pieces the human view colours separately.
    #[serde(skip)]
    pub(crate) binary_network: String,
    #[serde(skip)]
    pub(crate) binary_host: String,
    /// The advisories the human view prints (the range line covers "not RFC 1918").
    #[serde(skip)]
    pub(crate) advisories_human: Vec<String>,
    /// The same in Korean.
    #[serde(skip)]
    pub(crate) advisories_ko: Vec<String>,
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

/// The host an input like `10.0.1.5/24` names, and its roles.
#[derive(Debug, Serialize)]
pub(crate) struct HostJson {
    pub(crate) address: String,
    /// `usable`, a reserved role (`network`, `vpc-router`, `amazon-dns`, `aws-reserved`,
    /// `future-use`, `broadcast`, `last-address`), or `no-subnet` for blocks AWS has no
    /// subnet of (IPv4 /30 and longer).
    pub(crate) aws_role: &'static str,
    /// With `usable`: 1 for the first usable address (base + 4).
    pub(crate) aws_index: Option<u128>,
    /// With a reserved role: the role's description.
    pub(crate) aws_description: Option<&'static str>,
    /// `network`, `broadcast` or `host`.
    pub(crate) textbook_role: &'static str,
    /// With `host` (IPv4): 1 for base + 1 (/31: base + 0).
    pub(crate) textbook_index: Option<u128>,
}

/// A block's range by the IETF registries, and AWS's consequence.
#[derive(Debug, Serialize)]
pub(crate) struct ClassJson {
    /// `anywhere`, `private`, `shared`, `link-local`, `documentation`, `public`, …
    pub(crate) kind: &'static str,
    pub(crate) name: &'static str,
    /// The registry range the block lies in, when it lies in one.
    pub(crate) range: Option<String>,
    /// Registry ranges inside a block wider than them.
    pub(crate) contains: Vec<&'static str>,
    /// What AWS makes of it.
    pub(crate) aws: &'static str,
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
    /// The reason in Korean, for `--lang ko` (JSON stays English).
    #[serde(skip)]
    pub(crate) reason_ko: Option<String>,
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

/// `vpcsim cidr split --hosts` in JSON.
#[derive(Debug, Serialize)]
pub(crate) struct VlsmReport {
    pub(crate) parent: String,
    /// Largest first, the order they are laid out in.
    pub(crate) subnets: Vec<VlsmSubnet>,
    pub(crate) free: Vec<String>,
    pub(crate) free_addresses: u128,
}

/// One subnet sized for a host count.
#[derive(Debug, Serialize)]
pub(crate) struct VlsmSubnet {
    pub(crate) name: String,
    pub(crate) hosts: u64,
    pub(crate) cidr: String,
    pub(crate) prefix_len: u8,
    pub(crate) usable: u128,
    pub(crate) first_usable: Option<String>,
    pub(crate) last_usable: Option<String>,
    /// The prefix the textbook rule (2^n − 2) would pick, for comparison.
    pub(crate) textbook_prefix_len: u8,
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

pub(crate) fn explain_human(
    out: &mut dyn Write,
    report: &ExplainReport,
    style: Style,
    lang: Lang,
) -> io::Result<()> {
    for (idx, block) in report.cidrs.iter().enumerate() {
        if idx > 0 {
            writeln!(out)?;
        }
        explain_one(out, block, style, lang)?;
    }
    Ok(())
}

/// Words of `text` in lines of at most `width` display columns (a longer word gets its own
/// line).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && display_width(&line) + 1 + display_width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn host_line(block: &Explained, host: &HostJson, lang: Lang) -> String {
    let textbook = match (
        host.textbook_role,
        host.textbook_index,
        block.textbook_usable,
    ) {
        ("network", ..) => Msg::TEXTBOOK_NETWORK.text(lang).to_owned(),
        ("broadcast", ..) => Msg::TEXTBOOK_BROADCAST.text(lang).to_owned(),
        (_, Some(index), Some(of)) => say(Msg::TEXTBOOK_HOST, lang, &[&index, &of]),
        _ => String::new(),
    };
    match (host.aws_role, host.aws_index, host.aws_description) {
        ("usable", Some(index), _) => say(
            Msg::HOST_USABLE,
            lang,
            &[
                &host.address,
                &index,
                &block.usable,
                &block.first_usable.as_deref().unwrap_or("?"),
                &textbook,
            ],
        ),
        ("no-subnet", ..) => say(
            Msg::HOST_NO_SUBNET,
            lang,
            &[&host.address, &block.cidr, &textbook],
        ),
        (role, _, Some(description)) => {
            let description = match lang {
                Lang::En => description,
                Lang::Ko => lang::role_text(role, lang).unwrap_or(description),
            };
            say(
                Msg::HOST_RESERVED,
                lang,
                &[&host.address, &description, &textbook],
            )
        }
        _ => host.address.clone(),
    }
}

fn verdict_line(verdict: &Verdict, bounds: Msg, lang: Lang) -> String {
    let reason = match lang {
        Lang::En => verdict.reason.as_ref(),
        Lang::Ko => verdict.reason_ko.as_ref().or(verdict.reason.as_ref()),
    };
    match reason {
        None => say(Msg::VERDICT_YES, lang, &[&bounds.text(lang)]),
        Some(reason) => say(Msg::VERDICT_NO, lang, &[reason]),
    }
}

fn explain_one(out: &mut dyn Write, block: &Explained, style: Style, lang: Lang) -> io::Result<()> {
    // The label column: as wide as the widest label of the language, plus one space.
    let labels = [
        Msg::L_INPUT,
        Msg::L_HOST,
        Msg::L_NETWORK,
        Msg::L_BROADCAST,
        Msg::L_LAST_ADDRESS,
        Msg::L_NETMASK,
        Msg::L_WILDCARD,
        Msg::L_BINARY,
        Msg::L_TOTAL,
        Msg::L_TEXTBOOK,
        Msg::L_AWS_USABLE,
        Msg::L_FIRST_USABLE,
        Msg::L_LAST_USABLE,
        Msg::L_RESERVED,
        Msg::L_RANGE,
        Msg::L_VPC_BLOCK,
        Msg::L_SUBNET_BLOCK,
        Msg::L_NOTE,
    ];
    let column = labels
        .iter()
        .map(|msg| display_width(msg.text(lang)))
        .max()
        .unwrap_or(12)
        + 1;
    let label = |name: Option<Msg>| {
        format!(
            "  {}",
            pad_to(name.map_or("", |msg| msg.text(lang)), column)
        )
    };
    let anywhere = block.classification.kind == "anywhere";
    let heading = match (&block.host, anywhere) {
        (Some(_), _) => say(Msg::HEADING_HOST, lang, &[&block.input, &block.cidr]),
        (None, true) => say(Msg::HEADING_ANYWHERE, lang, &[&block.cidr]),
        (None, false) => block.cidr.clone(),
    };
    writeln!(out, "{}", style.bold(&heading))?;
    if let Some(form) = block.mask_form {
        let form = if form == "wildcard" {
            Msg::FORM_WILDCARD
        } else {
            Msg::FORM_NETMASK
        };
        writeln!(
            out,
            "{}{}",
            label(Some(Msg::L_INPUT)),
            say(
                Msg::INPUT_READ_AS,
                lang,
                &[&block.input, &form.text(lang), &block.prefix_len]
            )
        )?;
    }
    if let Some(host) = &block.host {
        writeln!(
            out,
            "{}{}",
            label(Some(Msg::L_HOST)),
            host_line(block, host, lang)
        )?;
    }
    writeln!(out, "{}{}", label(Some(Msg::L_NETWORK)), block.network)?;
    match &block.broadcast {
        Some(broadcast) => writeln!(out, "{}{broadcast}", label(Some(Msg::L_BROADCAST)))?,
        None => writeln!(
            out,
            "{}{}",
            label(Some(Msg::L_LAST_ADDRESS)),
            say(Msg::NO_BROADCAST_V6, lang, &[&block.last_address])
        )?,
    }
    writeln!(
        out,
        "{}{} (/{})",
        label(Some(Msg::L_NETMASK)),
        block.netmask,
        block.prefix_len
    )?;
    writeln!(out, "{}{}", label(Some(Msg::L_WILDCARD)), block.wildcard)?;
    let painted = |bits: &str| {
        let (network, host) = bits.split_once('|').unwrap_or((bits, ""));
        format!("{}|{}", style.paint("36", network), style.paint("33", host))
    };
    let mut first = true;
    let mut binary_line = |out: &mut dyn Write, bits: &str, what: &str| {
        let name = if first { Some(Msg::L_BINARY) } else { None };
        first = false;
        writeln!(out, "{}{}  {what}", label(name), painted(bits))
    };
    if let (Some(address), Some(host)) = (&block.binary_address, &block.host) {
        binary_line(
            out,
            address,
            &say(Msg::BINARY_ADDRESS, lang, &[&host.address]),
        )?;
    }
    binary_line(out, &block.binary_netmask, Msg::BINARY_NETMASK.text(lang))?;
    let network_note = if block.host.is_some() {
        Msg::BINARY_NETWORK_AND
    } else {
        Msg::BINARY_NETWORK
    };
    binary_line(
        out,
        &format!("{}|{}", block.binary_network, block.binary_host),
        network_note.text(lang),
    )?;
    let bits = match (block.prefix_len == 1, block.host_bits == 1) {
        (true, true) => Msg::BITS_ONE_ONE,
        (true, false) => Msg::BITS_ONE_MANY,
        (false, true) => Msg::BITS_MANY_ONE,
        (false, false) => Msg::BITS_MANY_MANY,
    };
    writeln!(
        out,
        "{}{}",
        label(None),
        say(bits, lang, &[&block.prefix_len, &block.host_bits])
    )?;
    let total = if block.total.to_string() == "1" {
        say(Msg::TOTAL_ONE, lang, &[&block.host_bits])
    } else {
        say(Msg::TOTAL_MANY, lang, &[&block.total, &block.host_bits])
    };
    writeln!(out, "{}{total}", label(Some(Msg::L_TOTAL)))?;
    if let Some(textbook) = block.textbook_usable {
        let rule = match block.prefix_len {
            32 => Msg::RULE_SINGLE.text(lang).to_owned(),
            31 => Msg::RULE_P2P.text(lang).to_owned(),
            _ => say(Msg::RULE_MINUS_TWO, lang, &[&block.host_bits]),
        };
        let line = if textbook == 1 {
            say(Msg::TEXTBOOK_ONE, lang, &[&rule])
        } else {
            say(Msg::TEXTBOOK_MANY, lang, &[&textbook, &rule])
        };
        writeln!(out, "{}{line}", label(Some(Msg::L_TEXTBOOK)))?;
    }
    let usable = if anywhere {
        Msg::USABLE_ANYWHERE.text(lang).to_owned()
    } else if block.reserved.is_empty() {
        Msg::USABLE_TOO_SMALL.text(lang).to_owned()
    } else {
        let reason = match lang {
            Lang::En => block.aws.subnet_block.reason.as_ref(),
            Lang::Ko => block.aws.subnet_block.reason_ko.as_ref().or(block
                .aws
                .subnet_block
                .reason
                .as_ref()),
        };
        let caveat = reason.map_or_else(String::new, |reason| {
            say(Msg::USABLE_REFUSED, lang, &[reason])
        });
        say(
            Msg::USABLE,
            lang,
            &[&block.usable, &block.host_bits, &caveat],
        )
    };
    writeln!(out, "{}{usable}", label(Some(Msg::L_AWS_USABLE)))?;
    if let (Some(first), Some(last), false) = (&block.first_usable, &block.last_usable, anywhere) {
        writeln!(out, "{}{first}", label(Some(Msg::L_FIRST_USABLE)))?;
        writeln!(out, "{}{last}", label(Some(Msg::L_LAST_USABLE)))?;
    }
    let reserved: &[ReservedJson] = if anywhere { &[] } else { &block.reserved };
    let width = reserved
        .iter()
        .map(|reserved| reserved.address.len())
        .max()
        .unwrap_or(0);
    for (idx, reserved) in reserved.iter().enumerate() {
        let name = if idx == 0 {
            Some(Msg::L_RESERVED)
        } else {
            None
        };
        let description = match lang {
            Lang::En => reserved.description,
            Lang::Ko => lang::role_text(reserved.role, lang).unwrap_or(reserved.description),
        };
        writeln!(
            out,
            "{}{:<width$}  {description}",
            label(name),
            reserved.address
        )?;
    }
    let class = &block.classification;
    let name = lang::range_name(class.name, lang);
    let range = match (&class.range, class.contains.is_empty()) {
        (Some(range), _) => say(Msg::RANGE_IN, lang, &[range, &name]),
        (None, false) => {
            let inside: Vec<String> = class
                .contains
                .iter()
                .map(|name| lang::range_name(name, lang))
                .collect();
            say(Msg::RANGE_CONTAINS, lang, &[&name, &inside.join(", ")])
        }
        (None, true) => name,
    };
    writeln!(out, "{}{range}", label(Some(Msg::L_RANGE)))?;
    let consequence = match lang {
        Lang::En => class.aws,
        Lang::Ko if class.aws == vpcsim_model::addressing::IPV6_GLOBAL_CONSEQUENCE => {
            Msg::AWS_PUBLIC_V6.text(lang)
        }
        Lang::Ko => lang::consequence_text(class.kind, lang).unwrap_or(class.aws),
    };
    for line in wrap(consequence, 84) {
        writeln!(out, "{}{line}", label(None))?;
    }
    let v4 = block.family == "ipv4";
    let bounds = if v4 {
        Msg::BOUNDS_VPC_V4
    } else {
        Msg::BOUNDS_VPC_V6
    };
    writeln!(
        out,
        "{}{}",
        label(Some(Msg::L_VPC_BLOCK)),
        verdict_line(&block.aws.vpc_block, bounds, lang)
    )?;
    let bounds = if v4 {
        Msg::BOUNDS_SUBNET_V4
    } else {
        Msg::BOUNDS_SUBNET_V6
    };
    writeln!(
        out,
        "{}{}",
        label(Some(Msg::L_SUBNET_BLOCK)),
        verdict_line(&block.aws.subnet_block, bounds, lang)
    )?;
    let advisories = match lang {
        Lang::En => &block.advisories_human,
        Lang::Ko => &block.advisories_ko,
    };
    for advisory in advisories {
        writeln!(out, "{}{advisory}", label(Some(Msg::L_NOTE)))?;
    }
    Ok(())
}

/// `1 address` / `3 addresses` (English) or `주소 3개` (Korean): a count phrase from a pair of
/// messages, the singular one without an argument.
fn count(n: impl std::fmt::Display, one: Msg, many: Msg, lang: Lang) -> String {
    let text = n.to_string();
    if text == "1" {
        one.text(lang).to_owned()
    } else {
        say(many, lang, &[&text])
    }
}

/// Spaces before `text` up to `width` display columns.
fn pad_left(text: &str, width: usize) -> String {
    let mut out = " ".repeat(width.saturating_sub(display_width(text)));
    out.push_str(text);
    out
}

fn usable_range(first: Option<&String>, last: Option<&String>) -> String {
    match (first, last) {
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => String::new(),
    }
}

fn free_line(out: &mut dyn Write, free: &[String], addresses: u128, lang: Lang) -> io::Result<()> {
    if free.is_empty() {
        writeln!(out, "{}", Msg::C_FREE_NONE.text(lang))
    } else {
        let amount = count(addresses, Msg::N_ADDRESS_ONE, Msg::N_ADDRESS_MANY, lang);
        writeln!(
            out,
            "{}",
            say(Msg::C_FREE, lang, &[&free.join(", "), &amount])
        )
    }
}

pub(crate) fn split_human(out: &mut dyn Write, report: &SplitReport, lang: Lang) -> io::Result<()> {
    let usable = report.subnets.first().map_or(0, |subnet| subnet.usable);
    let ipv4 = !report.parent.contains(':');
    let refused = ipv4 && !(16..=28).contains(&report.prefix_len);
    let addresses = count(usable, Msg::N_USABLE_ONE, Msg::N_USABLE_MANY, lang);
    let each = if refused {
        say(
            Msg::C_SPLIT_REFUSED,
            lang,
            &[&addresses, &report.prefix_len],
        )
    } else {
        say(Msg::C_SPLIT_EACH, lang, &[&addresses])
    };
    writeln!(
        out,
        "{}",
        say(
            Msg::C_SPLIT_HEADING,
            lang,
            &[&report.parent, &report.count, &report.prefix_len, &each]
        )
    )?;
    let width = report
        .subnets
        .iter()
        .map(|subnet| subnet.cidr.len())
        .max()
        .unwrap_or(0);
    for subnet in &report.subnets {
        match (&subnet.first_usable, &subnet.last_usable) {
            (Some(first), Some(last)) => writeln!(
                out,
                "  {:<width$}  {}",
                subnet.cidr,
                say(Msg::C_USABLE_FROM_TO, lang, &[first, last])
            )?,
            _ => writeln!(out, "  {}", subnet.cidr)?,
        }
    }
    Ok(())
}

pub(crate) fn plan_human(out: &mut dyn Write, report: &PlanReport, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        say(
            Msg::C_PLAN_HEADING,
            lang,
            &[
                &report.vpc,
                &count(report.azs.len(), Msg::N_AZ_ONE, Msg::N_AZ_MANY, lang),
                &count(report.tiers.len(), Msg::N_TIER_ONE, Msg::N_TIER_MANY, lang),
                &count(
                    report.subnets.len(),
                    Msg::N_SUBNET_ONE,
                    Msg::N_SUBNET_MANY,
                    lang
                ),
                &report.subnet_prefix_len,
                &count(
                    report.usable_per_subnet,
                    Msg::N_USABLE_ONE,
                    Msg::N_USABLE_MANY,
                    lang
                ),
            ]
        )
    )?;
    writeln!(out)?;
    let (h_tier, h_az, h_cidr, h_usable, h_range) = (
        Msg::H_TIER.text(lang),
        Msg::H_AZ.text(lang),
        Msg::H_CIDR.text(lang),
        Msg::H_USABLE.text(lang),
        Msg::H_USABLE_RANGE.text(lang),
    );
    let tier_width = column_width(
        h_tier,
        report.subnets.iter().map(|subnet| subnet.tier.as_str()),
    );
    let az_width = column_width(h_az, report.azs.iter().map(String::as_str));
    let cidr_width = column_width(
        h_cidr,
        report.subnets.iter().map(|subnet| subnet.cidr.as_str()),
    );
    let usable_width = display_width(h_usable).max(7);
    writeln!(
        out,
        "  {}  {}  {}  {}  {h_range}",
        pad_to(h_tier, tier_width),
        pad_to(h_az, az_width),
        pad_to(h_cidr, cidr_width),
        pad_left(h_usable, usable_width),
    )?;
    for subnet in &report.subnets {
        let range = usable_range(subnet.first_usable.as_ref(), subnet.last_usable.as_ref());
        writeln!(
            out,
            "  {}  {}  {:<cidr_width$}  {}  {range}",
            pad_to(&subnet.tier, tier_width),
            pad_to(&subnet.az, az_width),
            subnet.cidr,
            pad_left(&subnet.usable.to_string(), usable_width)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}", Msg::C_TIER_BLOCKS.text(lang))?;
    for tier in &report.tiers {
        writeln!(out, "  {}  {}", pad_to(&tier.name, tier_width), tier.block)?;
    }
    writeln!(out)?;
    free_line(out, &report.free, report.free_addresses, lang)
}

pub(crate) fn vlsm_human(out: &mut dyn Write, report: &VlsmReport, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        say(
            Msg::C_VLSM_HEADING,
            lang,
            &[
                &report.parent,
                &count(
                    report.subnets.len(),
                    Msg::N_HOST_COUNT_ONE,
                    Msg::N_HOST_COUNT_MANY,
                    lang
                )
            ]
        )
    )?;
    writeln!(out)?;
    let (h_name, h_hosts, h_cidr, h_usable, h_range) = (
        Msg::H_NAME.text(lang),
        Msg::H_HOSTS.text(lang),
        Msg::H_CIDR.text(lang),
        Msg::H_USABLE.text(lang),
        Msg::H_USABLE_RANGE.text(lang),
    );
    let name_width = column_width(
        h_name,
        report.subnets.iter().map(|subnet| subnet.name.as_str()),
    );
    let cidr_width = column_width(
        h_cidr,
        report.subnets.iter().map(|subnet| subnet.cidr.as_str()),
    );
    let hosts_width = display_width(h_hosts).max(7);
    let usable_width = display_width(h_usable).max(7);
    writeln!(
        out,
        "  {}  {}  {}  {}  {h_range}",
        pad_to(h_name, name_width),
        pad_left(h_hosts, hosts_width),
        pad_to(h_cidr, cidr_width),
        pad_left(h_usable, usable_width),
    )?;
    for subnet in &report.subnets {
        let range = usable_range(subnet.first_usable.as_ref(), subnet.last_usable.as_ref());
        writeln!(
            out,
            "  {}  {}  {:<cidr_width$}  {}  {range}",
            pad_to(&subnet.name, name_width),
            pad_left(&subnet.hosts.to_string(), hosts_width),
            subnet.cidr,
            pad_left(&subnet.usable.to_string(), usable_width)
        )?;
    }
    let mut notes = Vec::new();
    for subnet in &report.subnets {
        let hosts = count(subnet.hosts, Msg::N_HOST_ONE, Msg::N_HOST_MANY, lang);
        if subnet.prefix_len == 28 && subnet.textbook_prefix_len > 28 {
            notes.push(say(
                Msg::C_VLSM_FLOOR,
                lang,
                &[&subnet.name, &hosts, &subnet.textbook_prefix_len],
            ));
        } else if subnet.prefix_len < subnet.textbook_prefix_len {
            notes.push(say(
                Msg::C_VLSM_PLUS_FIVE,
                lang,
                &[
                    &subnet.name,
                    &hosts,
                    &subnet.textbook_prefix_len,
                    &subnet.prefix_len,
                ],
            ));
        }
    }
    if !notes.is_empty() {
        writeln!(out)?;
        for note in notes {
            writeln!(out, "{}: {note}", Msg::L_NOTE.text(lang))?;
        }
    }
    writeln!(out)?;
    free_line(out, &report.free, report.free_addresses, lang)
}

/// A plan as a design-file skeleton: the VPC, one subnet per tier per AZ, an internet gateway
/// and a public route table for tiers whose name contains `public` or `퍼블릭` (or is `pub`), an empty route table for
/// every other tier. The caller has checked that every name is a plain YAML key.
pub(crate) fn plan_design(
    out: &mut dyn Write,
    report: &PlanReport,
    region: Option<&str>,
    vpc: &str,
    command: &str,
) -> io::Result<()> {
    let is_public = |tier: &str| {
        let lower = tier.to_lowercase();
        lower.contains("public") || lower.contains("퍼블릭") || lower == "pub"
    };
    let any_public = report.tiers.iter().any(|tier| is_public(&tier.name));
    // Subnet names: tier-LETTER when the AZs end in distinct letters, else tier-1, tier-2, …
    let letters: Vec<String> = report
        .azs
        .iter()
        .map(|az| az.chars().last().map(String::from).unwrap_or_default())
        .collect();
    let distinct = letters
        .iter()
        .enumerate()
        .all(|(idx, letter)| !letter.is_empty() && !letters[..idx].contains(letter));
    let suffix = |az_idx: usize| {
        if distinct {
            letters[az_idx].clone()
        } else {
            (az_idx + 1).to_string()
        }
    };
    writeln!(out, "# Generated by `{command}`.")?;
    writeln!(
        out,
        "# A skeleton: add instances, security groups and NAT gateways, then run `vpcsim check` on it."
    )?;
    writeln!(out, "version: 1")?;
    if let Some(region) = region {
        writeln!(out, "region: {region}")?;
    }
    writeln!(out, "vpcs:")?;
    writeln!(out, "  {vpc}:")?;
    writeln!(out, "    cidr: {}", report.vpc)?;
    if any_public {
        writeln!(out, "    internet_gateway: {vpc}-igw")?;
    }
    writeln!(out, "    subnets:")?;
    let per_tier = report.azs.len();
    for (idx, subnet) in report.subnets.iter().enumerate() {
        let public = if is_public(&subnet.tier) {
            ", public_ip_on_launch: true"
        } else {
            ""
        };
        writeln!(
            out,
            "      {}-{}: {{ cidr: {}, az: {}{public}, route_table: {} }}",
            subnet.tier,
            suffix(idx % per_tier),
            subnet.cidr,
            subnet.az,
            subnet.tier
        )?;
    }
    writeln!(out, "    route_tables:")?;
    for tier in &report.tiers {
        if is_public(&tier.name) {
            writeln!(out, "      {}:", tier.name)?;
            writeln!(
                out,
                "        routes: [ {{ to: 0.0.0.0/0, via: {vpc}-igw }} ]"
            )?;
        } else {
            writeln!(
                out,
                "      {}: {{ routes: [] }}   # e.g. {{ to: 0.0.0.0/0, via: NAT_GATEWAY }} for egress",
                tier.name
            )?;
        }
    }
    writeln!(
        out,
        "# Tier blocks (one route, NACL entry or SG rule covers a tier): {}",
        report
            .tiers
            .iter()
            .map(|tier| format!("{} {}", tier.name, tier.block))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    if report.free.is_empty() {
        writeln!(out, "# Free for future subnets: none")?;
    } else {
        writeln!(out, "# Free for future subnets: {}", report.free.join(", "))?;
    }
    Ok(())
}

pub(crate) fn overlap_human(
    out: &mut dyn Write,
    report: &OverlapReport,
    lang: Lang,
) -> io::Result<()> {
    let cidrs = count(report.count, Msg::N_CIDR_ONE, Msg::N_CIDR_MANY, lang);
    if report.overlaps.is_empty() {
        return writeln!(out, "{}", say(Msg::C_NO_OVERLAPS, lang, &[&cidrs]));
    }
    let pairs = count(
        report.overlaps.len(),
        Msg::N_PAIR_ONE,
        Msg::N_PAIR_MANY,
        lang,
    );
    writeln!(out, "{}", say(Msg::C_OVERLAPS, lang, &[&pairs, &cidrs]))?;
    for pair in &report.overlaps {
        let msg = if pair.relation == "equal" {
            Msg::C_DUPLICATES
        } else {
            Msg::C_CONTAINS
        };
        writeln!(
            out,
            "  {}",
            say(
                msg,
                lang,
                &[
                    &pair.outer.cidr,
                    &pair.outer.position,
                    &pair.inner.cidr,
                    &pair.inner.position
                ]
            )
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
