//! Network-ACL decisions as small pure functions (docs/semantics.md §6).
//!
//! NACLs are stateless: entries are read in rule-number order and the first entry matching
//! protocol, CIDR and port decides; the implicit `*` entry (last, `number: None`) denies. A
//! reply is checked for a whole *range* of destination ports (the client's ephemeral range,
//! §6.8–6.9), so [`evaluate`] splits the range into runs decided by different entries without
//! allocating. Everything else that asks a NACL (lint rules, symbolic analysis) calls [`runs`],
//! [`evaluate`], [`denied_ranges`] or [`entry_shadows`]; nothing re-implements first match.

use std::net::IpAddr;

use ipnet::IpNet;
use vpcsim_model::{NaclAction, NaclEntry, PortRange, Protocol};

use crate::security_group::icmp_matches;

/// The packet fields an entry looks at, except ports.
#[derive(Debug, Clone, Copy)]
pub struct NaclProbe {
    /// IP protocol.
    pub protocol: Protocol,
    /// The remote address (source inbound, destination outbound, §6.3).
    pub peer: IpAddr,
    /// ICMP type (ICMP only).
    pub icmp_type: u8,
}

/// Whether an entry matches protocol and address, ignoring ports (§6.3: IPv4 entries never
/// match IPv6 and the reverse).
pub fn entry_matches(entry: &NaclEntry, probe: NaclProbe) -> bool {
    // `IpNet::contains` is false across families (§6.3, §16.3).
    if !entry.protocol.matches(probe.protocol) || !entry.cidr.contains(&probe.peer) {
        return false;
    }
    if entry.protocol == Protocol::ICMP {
        return icmp_matches(entry.icmp, probe.icmp_type);
    }
    true
}

/// The ports an entry covers for this probe (all ports unless the entry is tcp/udp, §6.3).
pub fn entry_ports(entry: &NaclEntry) -> PortRange {
    if entry.protocol.has_ports() {
        entry.ports
    } else {
        PortRange::ALL
    }
}

/// The outcome of a NACL list over a port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NaclDecision {
    /// The first entry allowing some of the ports, by index.
    pub allowed_by: Option<usize>,
    /// The first entry denying some of the ports, by index, with the first run it denies.
    pub denied_by: Option<(usize, PortRange)>,
}

impl NaclDecision {
    /// Whether every port of the range is allowed.
    pub fn is_allowed(&self) -> bool {
        self.denied_by.is_none() && self.allowed_by.is_some()
    }

    /// The entry that decided: the deny when one applied, else the allow (`None`: the implicit
    /// final deny).
    pub fn deciding_entry(&self) -> Option<usize> {
        match self.denied_by {
            Some((index, _)) => Some(index),
            None => self.allowed_by,
        }
    }
}

/// The runs of `ports` in ascending order, each with the entry that decides it (by index;
/// `None` when no entry matches, which only hand-built lists without the implicit `*` entry
/// allow). For protocols without ports one run covers the whole range. This is the one place
/// first-match NACL evaluation happens (§6.1–6.3); [`evaluate`] and [`denied_ranges`] fold it.
pub fn runs(
    entries: &[NaclEntry],
    probe: NaclProbe,
    ports: PortRange,
) -> impl Iterator<Item = (PortRange, Option<usize>)> + '_ {
    let ported = probe.protocol.has_ports();
    let last = u32::from(ports.to);
    let mut port = u32::from(ports.from);
    let mut done = false;
    std::iter::from_fn(move || {
        if done || port > last {
            return None;
        }
        // Find the first entry matching this port; the run it decides ends where its range
        // ends or where an earlier (skipped) entry starts covering ports again.
        let mut run_end = last;
        let mut decided: Option<usize> = None;
        for (index, entry) in entries.iter().enumerate() {
            if !entry_matches(entry, probe) {
                continue;
            }
            let range = if ported {
                entry_ports(entry)
            } else {
                PortRange::ALL
            };
            if range.contains(port as u16) {
                run_end = run_end.min(u32::from(range.to));
                decided = Some(index);
                break;
            }
            if u32::from(range.from) > port {
                run_end = run_end.min(u32::from(range.from) - 1);
            }
        }
        let run = if ported {
            port_range(port, run_end)
        } else {
            done = true;
            ports
        };
        port = run_end + 1;
        Some((run, decided))
    })
}

/// Evaluates `entries` (number-sorted, implicit deny last) for every port in `ports`.
/// For protocols without ports the range is irrelevant and one entry decides.
pub fn evaluate(entries: &[NaclEntry], probe: NaclProbe, ports: PortRange) -> NaclDecision {
    let mut decision = NaclDecision {
        allowed_by: None,
        denied_by: None,
    };
    for (run, decided) in runs(entries, probe, ports) {
        match decided {
            Some(index) if entries[index].action == NaclAction::Allow => {
                decision.allowed_by.get_or_insert(index);
            }
            // A deny entry, or a list without the implicit entry (hand-built models): deny.
            other => {
                if decision.denied_by.is_none() {
                    decision.denied_by = Some((other.unwrap_or(entries.len()), run));
                }
            }
        }
    }
    decision
}

/// The ports of `ports` that `entries` deny for this probe, as ascending, merged ranges, with
/// the entry deciding the lowest denied port (`None`: nothing denied, or only the final `*`
/// rule / no entry). Lint rules about reply ranges (§6.8–6.9) ask this.
pub fn denied_ranges(
    entries: &[NaclEntry],
    probe: NaclProbe,
    ports: PortRange,
) -> (Vec<PortRange>, Option<usize>) {
    let mut denied: Vec<PortRange> = Vec::new();
    let mut first: Option<Option<usize>> = None;
    for (run, decided) in runs(entries, probe, ports) {
        if decided.is_some_and(|index| entries[index].action == NaclAction::Allow) {
            continue;
        }
        first.get_or_insert(decided.filter(|index| entries[*index].number.is_some()));
        match denied.last_mut() {
            Some(previous) if u32::from(previous.to) + 1 == u32::from(run.from) => {
                previous.to = run.to;
            }
            _ => denied.push(run),
        }
    }
    (denied, first.flatten())
}

/// Whether entry `earlier` matches every packet `later` matches, so that `later` is never
/// reached for any packet (first match wins, §6.1).
pub fn entry_shadows(earlier: &NaclEntry, later: &NaclEntry) -> bool {
    let protocol_covers = earlier.protocol == Protocol::All || earlier.protocol == later.protocol;
    if !protocol_covers {
        return false;
    }
    let ports_cover = !earlier.protocol.has_ports() || earlier.ports.covers(later.ports);
    let icmp_covers = (earlier.icmp.icmp_type.is_none()
        || earlier.icmp.icmp_type == later.icmp.icmp_type)
        && (earlier.icmp.icmp_code.is_none() || earlier.icmp.icmp_code == later.icmp.icmp_code);
    let cidr_covers = match (earlier.cidr, later.cidr) {
        (IpNet::V4(a), IpNet::V4(b)) => a.contains(&b),
        (IpNet::V6(a), IpNet::V6(b)) => a.contains(&b),
        _ => false,
    };
    ports_cover && icmp_covers && cidr_covers
}

fn port_range(from: u32, to: u32) -> PortRange {
    PortRange {
        from: u16::try_from(from).unwrap_or(u16::MAX),
        to: u16::try_from(to).unwrap_or(u16::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcsim_model::{IcmpMatch, Span};

    fn entry(number: Option<u16>, action: NaclAction, ports: PortRange) -> NaclEntry {
        NaclEntry {
            number,
            action,
            protocol: if number.is_some() {
                Protocol::TCP
            } else {
                Protocol::All
            },
            ports,
            icmp: IcmpMatch::default(),
            cidr: "0.0.0.0/0".parse().unwrap(),
            span: Span::UNKNOWN,
        }
    }

    fn probe() -> NaclProbe {
        NaclProbe {
            protocol: Protocol::TCP,
            peer: "10.0.0.1".parse().unwrap(),
            icmp_type: 0,
        }
    }

    #[test]
    fn deny_before_allow_wins() {
        let entries = [
            entry(Some(90), NaclAction::Deny, PortRange::single(22)),
            entry(Some(100), NaclAction::Allow, PortRange::ALL),
            entry(None, NaclAction::Deny, PortRange::ALL),
        ];
        let decision = evaluate(&entries, probe(), PortRange::single(22));
        assert_eq!(decision.denied_by, Some((0, PortRange::single(22))));
        assert!(evaluate(&entries, probe(), PortRange::single(80)).is_allowed());
    }

    #[test]
    fn ephemeral_range_partly_allowed_is_refused_with_the_gap() {
        let entries = [
            entry(
                Some(100),
                NaclAction::Allow,
                PortRange {
                    from: 32768,
                    to: 65535,
                },
            ),
            entry(None, NaclAction::Deny, PortRange::ALL),
        ];
        let decision = evaluate(&entries, probe(), PortRange::AWS_EPHEMERAL);
        assert_eq!(decision.allowed_by, Some(0));
        assert_eq!(
            decision.denied_by,
            Some((
                1,
                PortRange {
                    from: 1024,
                    to: 32767
                }
            ))
        );
        assert!(evaluate(&entries, probe(), PortRange::LINUX_EPHEMERAL).is_allowed());
    }
}
