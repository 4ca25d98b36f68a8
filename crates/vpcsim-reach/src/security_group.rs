//! Security-group decisions as small pure functions (aws-semantics §5).
//!
//! Security groups are allow-only and stateful; all rules of all groups on an ENI are unioned,
//! so the first admitting rule found (in group order, then rule order) is reported. The symbolic
//! evaluator of issue #5 reuses [`rule_matches`] per rule instead of re-implementing it.

use std::net::Ipv4Addr;

use ipnet::IpNet;
use vpcsim_model::{IcmpMatch, Model, Protocol, SgId, SgPeer, SgRule};

use crate::answer::Flow;

/// What a rule's peer is compared with: the remote address, and the security groups the remote
/// ENI carries *when its identity is visible* (§5.5: private IP of an ENI in the same VPC or a
/// same-Region active peer; never a public source, never across a middlebox, §5.6).
#[derive(Debug, Clone, Copy)]
pub struct Peer<'a> {
    /// The remote address as the packet carries it.
    pub address: Ipv4Addr,
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
        SgPeer::Cidr(IpNet::V4(cidr)) => cidr.contains(&peer.address),
        SgPeer::Cidr(IpNet::V6(_)) => false,
        // §5.5: the rule matches the private IPs of ENIs carrying the group.
        SgPeer::Group(group) => peer.groups.contains(group),
        SgPeer::PrefixList(list) => model
            .prefix_list(*list)
            .cidrs
            .iter()
            .any(|cidr| cidr.contains(&peer.address)),
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
