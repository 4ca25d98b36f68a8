//! First-match NACL evaluation over a whole destination-port range (docs/semantics.md §6.1–6.3):
//! which ports of a range a NACL lets through for one peer address. Needed because replies
//! arrive on the client's whole ephemeral range (§6.8–6.9), not on one port.

use std::net::Ipv4Addr;

use vpcsim_model::{NaclAction, NaclEntry, NetworkAcl, PortRange, Protocol};

/// Which way the packet crosses the subnet boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Way {
    /// Entering the subnet (`ingress` entries; the peer is the source).
    In,
    /// Leaving the subnet (`egress` entries; the peer is the destination).
    Out,
}

/// The sub-ranges of `ports` that `acl` denies (explicitly or by the final `*` rule) for a
/// packet of `protocol` to/from `peer`, and the entry that decided the first denied port.
pub(crate) fn denied_ports(
    acl: &NetworkAcl,
    way: Way,
    protocol: Protocol,
    peer: Ipv4Addr,
    ports: PortRange,
) -> (Vec<PortRange>, Option<&NaclEntry>) {
    let entries = match way {
        Way::In => &acl.ingress,
        Way::Out => &acl.egress,
    };
    // Ports not yet decided, in ascending order.
    let mut open: Vec<PortRange> = vec![ports];
    let mut denied: Vec<PortRange> = Vec::new();
    let mut first_denier: Option<&NaclEntry> = None;
    for entry in entries {
        if open.is_empty() {
            break;
        }
        let ipnet::IpNet::V4(cidr) = entry.cidr else {
            continue;
        };
        if !entry.protocol.matches(protocol) || !cidr.contains(&peer) {
            continue;
        }
        let entry_ports = if entry.protocol.has_ports() {
            entry.ports
        } else {
            PortRange::ALL
        };
        let mut still_open = Vec::new();
        for range in open {
            if !range.overlaps(entry_ports) {
                still_open.push(range);
                continue;
            }
            let hit = PortRange {
                from: range.from.max(entry_ports.from),
                to: range.to.min(entry_ports.to),
            };
            if range.from < hit.from {
                still_open.push(PortRange {
                    from: range.from,
                    to: hit.from - 1,
                });
            }
            if hit.to < range.to {
                still_open.push(PortRange {
                    from: hit.to + 1,
                    to: range.to,
                });
            }
            if entry.action == NaclAction::Deny {
                first_denier.get_or_insert(entry);
                denied.push(hit);
            }
        }
        open = still_open;
    }
    // Anything left falls through to the implicit `*` deny (normally present as the last entry).
    denied.extend(open);
    denied.sort();
    (denied, first_denier)
}

/// Renders ranges as `1024-32767, 61000-65535`.
pub(crate) fn format_ranges(ranges: &[PortRange]) -> String {
    ranges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether entry `earlier` matches every packet `later` matches, so `later` is never reached
/// for any packet (first match wins, §6.1).
pub(crate) fn covers(earlier: &NaclEntry, later: &NaclEntry) -> bool {
    let protocol_covers = earlier.protocol == Protocol::All || earlier.protocol == later.protocol;
    if !protocol_covers {
        return false;
    }
    let ports_cover = !earlier.protocol.has_ports() || earlier.ports.covers(later.ports);
    let icmp_covers = (earlier.icmp.icmp_type.is_none()
        || earlier.icmp.icmp_type == later.icmp.icmp_type)
        && (earlier.icmp.icmp_code.is_none() || earlier.icmp.icmp_code == later.icmp.icmp_code);
    let cidr_covers = match (earlier.cidr, later.cidr) {
        (ipnet::IpNet::V4(a), ipnet::IpNet::V4(b)) => a.contains(&b),
        (ipnet::IpNet::V6(a), ipnet::IpNet::V6(b)) => a.contains(&b),
        _ => false,
    };
    ports_cover && icmp_covers && cidr_covers
}

/// An entry as a person reads it: `rule 100 allow tcp 80 0.0.0.0/0`.
pub(crate) fn describe(entry: &NaclEntry) -> String {
    let number = entry
        .number
        .map_or_else(|| "*".to_owned(), |n| n.to_string());
    let ports = if entry.protocol.has_ports() {
        format!(" {}", entry.ports)
    } else {
        String::new()
    };
    format!(
        "rule {number} {} {}{ports} {}",
        entry.action, entry.protocol, entry.cidr
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipnet::IpNet;
    use vpcsim_model::{IcmpMatch, Span};

    fn entry(number: u16, action: NaclAction, ports: PortRange) -> NaclEntry {
        NaclEntry {
            number: Some(number),
            action,
            protocol: Protocol::TCP,
            ports,
            icmp: IcmpMatch::default(),
            cidr: "0.0.0.0/0".parse::<IpNet>().unwrap(),
            span: Span::UNKNOWN,
        }
    }

    #[test]
    fn reply_range_partly_denied_by_first_match() {
        let acl = NetworkAcl {
            name: "x".into(),
            span: Span::UNKNOWN,
            vpc: vpcsim_model::VpcId(0),
            is_default: false,
            declared: true,
            ingress: vec![
                entry(
                    100,
                    NaclAction::Allow,
                    PortRange {
                        from: 49152,
                        to: 65535,
                    },
                ),
                entry(200, NaclAction::Deny, PortRange::ALL),
            ],
            egress: vec![],
            subnets: vec![],
        };
        let (denied, _) = denied_ports(
            &acl,
            Way::In,
            Protocol::TCP,
            Ipv4Addr::new(8, 8, 8, 8),
            PortRange::LINUX_EPHEMERAL,
        );
        assert_eq!(
            denied,
            vec![PortRange {
                from: 32768,
                to: 49151
            }]
        );
    }
}
