//! A readable summary of a flow set: one line per protocol and port range, with its sources
//! as CIDRs, or "any public address" when they are the whole internet. IPv4 and IPv6 sources
//! never share a line (docs/semantics.md §16): IPv4 lines come first.

use std::collections::BTreeMap;

use ipnet::{Ipv4Net, Ipv6Net};
use serde::Serialize;
use vpcsim_flow::{FlowSet, V4_BASE, V4_LAST};

/// One line of a summary: protocol, ports and sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowLine {
    /// `tcp`, `udp`, `icmp`, `all`, `proto 47`, `proto 2-5`.
    pub protocol: String,
    /// `80`, `8081-8082`, `all`, or `null` for protocols without ports.
    pub ports: Option<String>,
    /// `any public address`, `any public IPv6 address`, `anywhere`, or the source CIDRs.
    pub sources: Vec<String>,
    /// Whether the sources are exactly the internet of their family (public IPv4 space, or
    /// global IPv6 space).
    pub any_public_source: bool,
    /// `ipv6` for a line of IPv6 sources; absent (IPv4) otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<&'static str>,
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

/// Source family of a line: IPv4 (0) sorts before IPv6 (1).
type FamilyKey = u8;

/// Splits a source-key range at the IPv4 block: `(family, lo, hi)` parts.
fn family_parts(lo: u128, hi: u128) -> Vec<(FamilyKey, u128, u128)> {
    let mut parts = Vec::with_capacity(1);
    if lo < V4_BASE {
        parts.push((1, lo, hi.min(V4_BASE - 1)));
    }
    if lo <= V4_LAST && hi >= V4_BASE {
        parts.push((0, lo.max(V4_BASE), hi.min(V4_LAST)));
    }
    if hi > V4_LAST {
        parts.push((1, lo.max(V4_LAST + 1), hi));
    }
    parts
}

/// Summarises a set. `internet` is what "any public address" means for this model, as source
/// keys of both families ([`crate::Analyzer::internet_keys`]). Every source CIDR is listed (the
/// human form, [`FlowLine`]'s `Display`, shows the first [`SHOWN_CIDRS`]); TCP, UDP, ICMP and
/// ICMPv6 always get lines of their own, with their ports; IPv6 sources get lines of their own.
pub fn describe(set: &FlowSet, internet: &[(u128, u128)]) -> Vec<FlowLine> {
    // Group source intervals by (family, protocol range, port range).
    let mut groups: BTreeMap<(FamilyKey, ProtocolRange, PortRange), Vec<(u128, u128)>> =
        BTreeMap::new();
    for flow_box in set.boxes() {
        let (lo, hi) = flow_box.src_keys();
        for proto in split_protocols(flow_box.proto()) {
            let has_ports = proto.0 == proto.1 && matches!(proto.0, 6 | 17);
            let ports = if has_ports {
                flow_box.port()
            } else {
                (0, 65535)
            };
            for (family, lo, hi) in family_parts(lo, hi) {
                groups
                    .entry((family, proto, ports))
                    .or_default()
                    .push((lo, hi));
            }
        }
    }
    let internet_v4: Vec<(u128, u128)> = internet
        .iter()
        .copied()
        .filter(|(lo, _)| *lo <= V4_LAST)
        .collect();
    let internet_v6: Vec<(u128, u128)> = internet
        .iter()
        .copied()
        .filter(|(lo, _)| *lo > V4_LAST)
        .collect();
    groups
        .into_iter()
        .map(|((family, proto, ports), mut ranges)| {
            ranges.sort_unstable();
            let merged = merge(ranges);
            let has_ports = proto.0 == proto.1 && matches!(proto.0, 6 | 17);
            let (internet, anywhere, public) = if family == 0 {
                (&internet_v4, (V4_BASE, V4_LAST), "any public address")
            } else {
                (
                    &internet_v6,
                    (V4_LAST + 1, u128::MAX),
                    "any public IPv6 address",
                )
            };
            let any_public_source = !internet.is_empty() && merged == *internet;
            let sources = if merged == [anywhere] {
                vec!["anywhere".to_owned()]
            } else if any_public_source {
                vec![public.to_owned()]
            } else {
                cidr_list(&merged)
            };
            FlowLine {
                protocol: protocol_text(proto),
                ports: has_ports.then(|| port_text(ports)),
                sources,
                any_public_source,
                family: (family == 1).then_some("ipv6"),
            }
        })
        .collect()
}

fn merge(ranges: Vec<(u128, u128)>) -> Vec<(u128, u128)> {
    let mut merged: Vec<(u128, u128)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        if let Some(last) = merged.last_mut()
            && (last.1 == u128::MAX || lo <= last.1 + 1)
        {
            last.1 = last.1.max(hi);
            continue;
        }
        merged.push((lo, hi));
    }
    merged
}

fn cidr_list(ranges: &[(u128, u128)]) -> Vec<String> {
    let mut cidrs: Vec<String> = Vec::new();
    for (lo, hi) in ranges {
        if (V4_BASE..=V4_LAST).contains(lo) {
            let nets: Vec<Ipv4Net> = vpcsim_cidr::range_to_cidrs(
                std::net::Ipv4Addr::from((lo - V4_BASE) as u32),
                std::net::Ipv4Addr::from((hi - V4_BASE) as u32),
            )
            .unwrap_or_default();
            cidrs.extend(nets.iter().map(ToString::to_string));
        } else {
            let nets: Vec<Ipv6Net> = vpcsim_cidr::range_to_cidrs(
                std::net::Ipv6Addr::from(*lo),
                std::net::Ipv6Addr::from(*hi),
            )
            .unwrap_or_default();
            cidrs.extend(nets.iter().map(ToString::to_string));
        }
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
            family: None,
        };
        assert_eq!(line.sources.len(), 10);
        assert!(line.to_string().ends_with("10.0.7.0/24, … 2 more"));
    }
}
