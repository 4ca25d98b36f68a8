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

/// How many source CIDRs a human-readable line lists before "… N more" (machine output lists
/// them all).
pub const SHOWN_CIDRS: usize = 8;

impl std::fmt::Display for FlowLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.protocol)?;
        if let Some(ports) = &self.ports {
            write!(f, " {ports}")?;
        }
        let shown = self.sources.len().min(SHOWN_CIDRS);
        write!(f, " from {}", self.sources[..shown].join(", "))?;
        if self.sources.len() > shown {
            write!(f, ", … {} more", self.sources.len() - shown)?;
        }
        Ok(())
    }
}

/// The protocol numbers that get a line of their own (ICMP, TCP, UDP, ICMPv6), so a range such
/// as 0-16 never hides TCP inside "proto 0-16".
const NAMED_PROTOCOLS: [u8; 4] = [1, 6, 17, 58];

/// Splits a protocol range around the named protocols; "all" (0-255) stays whole.
fn split_protocols((lo, hi): ProtocolRange) -> Vec<ProtocolRange> {
    if (lo, hi) == (0, 255) || lo == hi {
        return vec![(lo, hi)];
    }
    let mut parts = Vec::new();
    let mut start = lo;
    for named in NAMED_PROTOCOLS {
        if named < start || named > hi {
            continue;
        }
        if named > start {
            parts.push((start, named - 1));
        }
        parts.push((named, named));
        if named == u8::MAX {
            return parts;
        }
        start = named + 1;
    }
    if start <= hi {
        parts.push((start, hi));
    }
    parts
}

/// Inclusive protocol-number range.
type ProtocolRange = (u8, u8);
/// Inclusive port range.
type PortRange = (u16, u16);

/// Summarises a set. `internet` is what "any public address" means for this model
/// ([`crate::Analyzer::internet_ranges`]). Every source CIDR is listed (the human form,
/// [`FlowLine`]'s `Display`, shows the first [`SHOWN_CIDRS`]); TCP, UDP, ICMP and ICMPv6 always
/// get lines of their own, with their ports.
pub fn describe(set: &FlowSet, internet: &[(u32, u32)]) -> Vec<FlowLine> {
    // Group source intervals by (protocol range, port range).
    let mut groups: BTreeMap<(ProtocolRange, PortRange), Vec<(u32, u32)>> = BTreeMap::new();
    for flow_box in set.boxes() {
        let (lo, hi) = flow_box.src();
        for proto in split_protocols(flow_box.proto()) {
            let has_ports = proto.0 == proto.1 && matches!(proto.0, 6 | 17);
            let ports = if has_ports {
                flow_box.port()
            } else {
                (0, 65535)
            };
            groups
                .entry((proto, ports))
                .or_default()
                .push((u32::from(lo), u32::from(hi)));
        }
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
                cidr_list(&merged)
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

fn cidr_list(ranges: &[(u32, u32)]) -> Vec<String> {
    let mut cidrs: Vec<String> = Vec::new();
    for (lo, hi) in ranges {
        let nets: Vec<Ipv4Net> = vpcsim_cidr::range_to_cidrs(
            std::net::Ipv4Addr::from(*lo),
            std::net::Ipv4Addr::from(*hi),
        )
        .unwrap_or_default();
        cidrs.extend(nets.iter().map(ToString::to_string));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_protocols_are_split_out_of_ranges() {
        assert_eq!(
            split_protocols((0, 16)),
            vec![(0, 0), (1, 1), (2, 5), (6, 6), (7, 16)]
        );
        assert_eq!(split_protocols((0, 255)), vec![(0, 255)]);
        assert_eq!(split_protocols((6, 17)), vec![(6, 6), (7, 16), (17, 17)]);
        assert_eq!(split_protocols((59, 255)), vec![(59, 255)]);
        assert_eq!(split_protocols((47, 47)), vec![(47, 47)]);
    }

    #[test]
    fn human_lines_shorten_long_source_lists_machine_data_does_not() {
        let line = FlowLine {
            protocol: "tcp".into(),
            ports: Some("22".into()),
            sources: (0..10).map(|i| format!("10.0.{i}.0/24")).collect(),
            any_public_source: false,
        };
        assert_eq!(line.sources.len(), 10);
        assert!(line.to_string().ends_with("10.0.7.0/24, … 2 more"));
    }
}
