//! Security-group decisions as small pure functions (docs/semantics.md §5).
//!
//! Security groups are allow-only and stateful; all rules of all groups on an ENI are unioned,
//! so the first admitting rule found (in group order, then rule order) is reported. Symbolic
//! analysis and lint rules call [`rule_matches`], [`rule_covers`], [`admits`] and
//! [`first_admitting`]; nothing else matches a security-group rule.

use std::net::IpAddr;

use vpcsim_model::{Eni, IcmpMatch, Model, Protocol, SgId, SgPeer, SgRule};

use crate::answer::Flow;

/// What a rule's peer is compared with: the remote address, and the security groups the remote
/// ENI carries *when its identity is visible* (§5.5: private IP of an ENI in the same VPC or a
/// same-Region active peer; never a public source, never across a middlebox, §5.6).
#[derive(Debug, Clone, Copy)]
pub struct Peer<'a> {
    /// The remote address as the packet carries it.
    pub address: IpAddr,
    /// The remote ENI's groups, or empty when SG references cannot match.
    pub groups: &'a [SgId],
}

/// The packet fields a rule looks at.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// IP protocol.
    pub protocol: Protocol,
    /// Destination port (tcp/udp).
    pub port: u16,
    /// ICMP type (ICMP only; echo request 8 forward, echo reply 0 back).
    pub icmp_type: u8,
}

/// Whether an ICMP restriction admits a type (codes: vpcsim probes code 0).
pub(crate) fn icmp_matches(icmp: IcmpMatch, icmp_type: u8) -> bool {
    icmp.icmp_type.is_none_or(|wanted| wanted == icmp_type)
        && icmp.icmp_code.is_none_or(|wanted| wanted == 0)
}

/// Whether the rule's protocol/port/ICMP part admits the probe (§5.3: with `-1` or a protocol
/// other than tcp/udp/icmp, every port matches).
pub fn rule_admits_probe(
    rule_protocol: Protocol,
    ports: vpcsim_model::PortRange,
    icmp: IcmpMatch,
    probe: Probe,
) -> bool {
    if !rule_protocol.matches(probe.protocol) {
        return false;
    }
    if rule_protocol.has_ports() {
        return ports.contains(probe.port);
    }
    if rule_protocol == Protocol::ICMP {
        return icmp_matches(icmp, probe.icmp_type);
    }
    true
}

/// Whether one rule admits the packet from/to `peer`.
pub fn rule_matches(model: &Model, rule: &SgRule, probe: Probe, peer: Peer<'_>) -> bool {
    if !rule_admits_probe(rule.protocol, rule.ports, rule.icmp, probe) {
        return false;
    }
    match &rule.peer {
        // §5.2, §16.3: IPv4 rules never match IPv6 packets and the reverse.
        SgPeer::Cidr(cidr) => cidr.contains(&peer.address),
        // §5.5: the rule matches the private IPs of ENIs carrying the group.
        SgPeer::Group(group) => peer.groups.contains(group),
        SgPeer::PrefixList(list) => match peer.address {
            IpAddr::V4(address) => model
                .prefix_list(*list)
                .cidrs
                .iter()
                .any(|cidr| cidr.contains(&address)),
            IpAddr::V6(_) => false,
        },
    }
}

/// The first rule (group order, then rule order) of the union of `groups` admitting the packet,
/// as `(group, rule index)`; `None` means the ENI's groups drop it (§5.1).
pub fn first_admitting(
    model: &Model,
    groups: &[SgId],
    flow: Flow,
    probe: Probe,
    peer: Peer<'_>,
) -> Option<(SgId, usize)> {
    groups.iter().find_map(|group| {
        let sg = model.security_group(*group);
        let rules = match flow {
            Flow::Ingress => &sg.ingress,
            Flow::Egress => &sg.egress,
        };
        rules
            .iter()
            .position(|rule| rule_matches(model, rule, probe, peer))
            .map(|index| (*group, index))
    })
}

/// The peer an interface presents to a rule when its identity is visible (same VPC or an
/// active same-Region peer, §5.5): its private address and its groups.
pub fn eni_peer(eni: &Eni) -> Peer<'_> {
    Peer {
        address: IpAddr::V4(eni.private_ip),
        groups: &eni.security_groups,
    }
}

/// The same for the interface's IPv6 address (§5.5: a group reference matches every address
/// of the member interfaces), if it has one.
pub fn eni_peer_v6(eni: &Eni) -> Option<Peer<'_>> {
    eni.ipv6.map(|address| Peer {
        address: IpAddr::V6(address),
        groups: &eni.security_groups,
    })
}

/// A tcp/udp (or other protocol) probe on one destination port; ICMP probes are echo requests.
pub fn port_probe(protocol: Protocol, port: u16) -> Probe {
    Probe {
        protocol,
        port,
        icmp_type: 8,
    }
}

/// Whether a rule's protocol and ports cover `protocol` on `port`, whatever its peer (§5.3).
pub fn rule_covers(rule: &SgRule, protocol: Protocol, port: u16) -> bool {
    rule_admits_probe(
        rule.protocol,
        rule.ports,
        rule.icmp,
        port_probe(protocol, port),
    )
}

/// Whether the peer is the whole internet (`0.0.0.0/0` or `::/0`, §5.11).
pub fn is_world(peer: &SgPeer) -> bool {
    matches!(peer, SgPeer::Cidr(net) if net.prefix_len() == 0)
}

/// Whether the union of `groups` admits the packet (§5.1): any rule of any group.
pub fn admits(model: &Model, groups: &[SgId], flow: Flow, probe: Probe, peer: Peer<'_>) -> bool {
    first_admitting(model, groups, flow, probe, peer).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpcsim_model::{PortRange, Span};

    fn rule(protocol: Protocol, ports: PortRange, peer: SgPeer) -> SgRule {
        SgRule {
            protocol,
            ports,
            ports_as_written: Some(ports),
            icmp: IcmpMatch::default(),
            peer,
            span: Span::UNKNOWN,
            implicit: false,
        }
    }

    fn tcp(port: u16) -> Probe {
        Probe {
            protocol: Protocol::TCP,
            port,
            icmp_type: 8,
        }
    }

    #[test]
    fn group_reference_matches_members_only() {
        let model = Model::default();
        let alb = SgId(3);
        let rule = rule(
            Protocol::TCP,
            PortRange {
                from: 8081,
                to: 8082,
            },
            SgPeer::Group(alb),
        );
        let address = "10.0.0.5".parse().unwrap();
        let member = Peer {
            address,
            groups: &[SgId(1), alb],
        };
        let outsider = Peer {
            address,
            groups: &[SgId(1)],
        };
        assert!(rule_matches(&model, &rule, tcp(8081), member));
        assert!(!rule_matches(&model, &rule, tcp(8083), member));
        assert!(!rule_matches(&model, &rule, tcp(8081), outsider));
    }

    #[test]
    fn protocol_all_ignores_ports_and_any_protocol_needs_all() {
        let model = Model::default();
        let everyone = SgPeer::Cidr("0.0.0.0/0".parse().unwrap());
        let all = rule(Protocol::All, PortRange::single(22), everyone.clone());
        let ssh = rule(Protocol::TCP, PortRange::single(22), everyone);
        let peer = Peer {
            address: "8.8.8.8".parse().unwrap(),
            groups: &[],
        };
        // §5.3: with `-1` every port matches whatever range is written.
        assert!(rule_matches(&model, &all, tcp(443), peer));
        // A packet of "any protocol" (Batfish's protocol 0) matches only `all` rules.
        let any = Probe {
            protocol: Protocol::All,
            port: 0,
            icmp_type: 8,
        };
        assert!(rule_matches(&model, &all, any, peer));
        assert!(!rule_matches(&model, &ssh, any, peer));
    }
}
