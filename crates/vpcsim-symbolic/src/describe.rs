//! A readable summary of a flow set: one line per protocol and port range, with its sources
//! as CIDRs, or "any public address" when they are the whole internet.

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use serde::Serialize;
use vpcsim_flow::FlowSet;

/// One line of a summary: protocol, ports and sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowLine {
    /// `tcp`, `udp`, `icmp`, `all`, `proto 47`, `proto 2-5`.
    pub protocol: String,
    /// `80`, `8081-8082`, `all`, or `null` for protocols without ports.
    pub ports: Option<String>,
    /// `any public address`, `anywhere`, or the source CIDRs.
    pub sources: Vec<String>,
    /// Whether the sources are exactly the public IPv4 space.
    pub any_public_source: bool,
}

impl std::fmt::Display for FlowLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.protocol)?;
        if let Some(ports) = &self.ports {
            write!(f, " {ports}")?;
        }
        write!(f, " from {}", self.sources.join(", "))
    }
}

/// Inclusive protocol-number range.
type ProtocolRange = (u8, u8);
/// Inclusive port range.
type PortRange = (u16, u16);

/// Summarises a set. `internet` is what "any public address" means for this model
/// ([`crate::Analyzer::internet_ranges`]); `max_cidrs` bounds the CIDRs listed per line.
pub fn describe(set: &FlowSet, internet: &[(u32, u32)], max_cidrs: usize) -> Vec<FlowLine> {
    // Group source intervals by (protocol range, port range).
    let mut groups: BTreeMap<(ProtocolRange, PortRange), Vec<(u32, u32)>> = BTreeMap::new();
    for flow_box in set.boxes() {
        let (proto, ports) = (flow_box.proto(), flow_box.port());
        let has_ports = proto.0 == proto.1 && matches!(proto.0, 6 | 17);
        let ports = if has_ports { ports } else { (0, 65535) };
        let (lo, hi) = flow_box.src();
        groups
            .entry((proto, ports))
            .or_default()
            .push((u32::from(lo), u32::from(hi)));
    }
    groups
        .into_iter()
        .map(|((proto, ports), mut ranges)| {
            ranges.sort_unstable();
            let merged = merge(ranges);
            let has_ports = proto.0 == proto.1 && matches!(proto.0, 6 | 17);
            let any_public_source = merged.as_slice() == internet;
            let sources = if merged == [(0, u32::MAX)] {
                vec!["anywhere".to_owned()]
            } else if any_public_source {
                vec!["any public address".to_owned()]
            } else {
                cidr_list(&merged, max_cidrs)
            };
            FlowLine {
                protocol: protocol_text(proto),
                ports: has_ports.then(|| port_text(ports)),
                sources,
                any_public_source,
            }
        })
        .collect()
}

fn merge(ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        if let Some(last) = merged.last_mut()
            && (u64::from(lo) <= u64::from(last.1) + 1)
        {
            last.1 = last.1.max(hi);
            continue;
        }
        merged.push((lo, hi));
    }
    merged
}

fn cidr_list(ranges: &[(u32, u32)], max_cidrs: usize) -> Vec<String> {
    let mut cidrs: Vec<String> = Vec::new();
    let mut total = 0usize;
    for (lo, hi) in ranges {
        let nets: Vec<Ipv4Net> = vpcsim_cidr::range_to_cidrs(
            std::net::Ipv4Addr::from(*lo),
            std::net::Ipv4Addr::from(*hi),
        )
        .unwrap_or_default();
        total += nets.len();
        for net in nets {
            if cidrs.len() < max_cidrs {
                cidrs.push(net.to_string());
            }
        }
    }
    if total > cidrs.len() {
        cidrs.push(format!("… {} more", total - cidrs.len()));
    }
    cidrs
}

fn protocol_text((lo, hi): (u8, u8)) -> String {
    match (lo, hi) {
        (0, 255) => "all".to_owned(),
        (6, 6) => "tcp".to_owned(),
        (17, 17) => "udp".to_owned(),
        (1, 1) => "icmp".to_owned(),
        (58, 58) => "icmpv6".to_owned(),
        (a, b) if a == b => format!("proto {a}"),
        (a, b) => format!("proto {a}-{b}"),
    }
}

fn port_text((lo, hi): (u16, u16)) -> String {
    match (lo, hi) {
        (0, 65535) => "all".to_owned(),
        (a, b) if a == b => a.to_string(),
        (a, b) => format!("{a}-{b}"),
    }
}
