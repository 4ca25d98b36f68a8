//! Security-group rule matching for rules that ask "does this group admit that interface on
//! that port" (docs/semantics.md §5.1, §5.3, §5.5): rules are unioned, allow-only.

use ipnet::IpNet;
use vpcsim_model::{Eni, Model, Protocol, SgId, SgPeer, SgRule};

/// Whether a rule's protocol and ports cover a packet (§5.3: `all` and non-tcp/udp protocols
/// ignore ports).
pub(crate) fn covers(rule: &SgRule, protocol: Protocol, port: u16) -> bool {
    rule.protocol.matches(protocol) && (!rule.protocol.has_ports() || rule.ports.contains(port))
}

/// Whether a rule's peer matches an interface of the model by its private IP or SG membership
/// (§5.5; references match private addresses only).
pub(crate) fn peer_matches(rule: &SgRule, eni: &Eni) -> bool {
    match &rule.peer {
        SgPeer::Cidr(IpNet::V4(net)) => net.contains(&eni.private_ip),
        SgPeer::Cidr(IpNet::V6(_)) => false,
        SgPeer::Group(group) => eni.security_groups.contains(group),
        SgPeer::PrefixList(_) => false,
    }
}

/// Whether the peer is the whole internet (`0.0.0.0/0` or `::/0`).
pub(crate) fn is_world(peer: &SgPeer) -> bool {
    matches!(peer, SgPeer::Cidr(net) if net.prefix_len() == 0)
}

/// Whether any of `groups` admits `source` inbound with `protocol` on `port`.
pub(crate) fn admits(
    model: &Model,
    groups: &[SgId],
    protocol: Protocol,
    port: u16,
    source: &Eni,
) -> bool {
    groups.iter().any(|group| {
        model
            .security_group(*group)
            .ingress
            .iter()
            .any(|rule| covers(rule, protocol, port) && peer_matches(rule, source))
    })
}

/// Whether any of `groups` lets traffic out to `destination` with `protocol` on `port`.
pub(crate) fn allows_out(
    model: &Model,
    groups: &[SgId],
    protocol: Protocol,
    port: u16,
    destination: &Eni,
) -> bool {
    groups.iter().any(|group| {
        model
            .security_group(*group)
            .egress
            .iter()
            .any(|rule| covers(rule, protocol, port) && peer_matches(rule, destination))
    })
}

/// A rule as a person reads it: `tcp 22 from 0.0.0.0/0`.
pub(crate) fn describe(model: &Model, rule: &SgRule, inbound: bool) -> String {
    let peer = match &rule.peer {
        SgPeer::Cidr(net) => net.to_string(),
        SgPeer::Group(group) => format!("sg:{}", model.security_group(*group).name),
        SgPeer::PrefixList(list) => format!("pl:{}", model.prefix_list(*list).name),
    };
    let ports = if rule.protocol.has_ports() {
        format!(" {}", rule.ports)
    } else {
        String::new()
    };
    let way = if inbound { "from" } else { "to" };
    format!("{}{ports} {way} {peer}", rule.protocol)
}
