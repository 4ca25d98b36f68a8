//! Packet-filter vocabulary shared by security groups and network ACLs: protocols, port ranges,
//! ICMP matches, and the rules themselves.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::IpNet;

use crate::ids::{PrefixListId, SgId};
use crate::span::Span;

/// An IP protocol as AWS rules name it (docs/semantics.md §5.3, §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    /// `-1`: every protocol, every port.
    All,
    /// A protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, …).
    Number(u8),
}

impl Protocol {
    /// TCP.
    pub const TCP: Protocol = Protocol::Number(6);
    /// UDP.
    pub const UDP: Protocol = Protocol::Number(17);
    /// ICMP.
    pub const ICMP: Protocol = Protocol::Number(1);
    /// ICMPv6.
    pub const ICMPV6: Protocol = Protocol::Number(58);

    /// Whether rules with this protocol carry a port range (tcp/udp). For every other protocol
    /// AWS ignores the range and all ports match (§5.3, §6.3).
    pub fn has_ports(self) -> bool {
        matches!(self, Protocol::Number(6 | 17))
    }

    /// Whether a rule written with protocol `self` matches a packet of protocol `packet`.
    pub fn matches(self, packet: Protocol) -> bool {
        match self {
            Protocol::All => true,
            Protocol::Number(_) => self == packet,
        }
    }

    /// Parses `tcp`, `udp`, `icmp`, `icmpv6`, `all`, `-1` or a number 0–255.
    pub fn parse(text: &str) -> Option<Protocol> {
        let text = text.trim();
        let named = [
            ("all", Protocol::All),
            ("-1", Protocol::All),
            ("any", Protocol::All),
            ("tcp", Protocol::TCP),
            ("udp", Protocol::UDP),
            ("icmp", Protocol::ICMP),
            ("icmpv6", Protocol::ICMPV6),
        ];
        named
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map(|(_, protocol)| *protocol)
            .or_else(|| text.parse::<u8>().ok().map(Protocol::Number))
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Protocol::All => f.write_str("all"),
            Protocol::TCP => f.write_str("tcp"),
            Protocol::UDP => f.write_str("udp"),
            Protocol::ICMP => f.write_str("icmp"),
            Protocol::ICMPV6 => f.write_str("icmpv6"),
            Protocol::Number(n) => write!(f, "{n}"),
        }
    }
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortRange {
    /// First port.
    pub from: u16,
    /// Last port (inclusive).
    pub to: u16,
}

impl PortRange {
    /// 0–65535.
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };
    /// The ephemeral range used by NAT gateways and load balancers (§6.8).
    pub const AWS_EPHEMERAL: PortRange = PortRange {
        from: 1024,
        to: 65535,
    };
    /// Linux's default `ip_local_port_range` (§6.8).
    pub const LINUX_EPHEMERAL: PortRange = PortRange {
        from: 32768,
        to: 60999,
    };
    /// Windows Server 2008+ (§6.8).
    pub const WINDOWS_EPHEMERAL: PortRange = PortRange {
        from: 49152,
        to: 65535,
    };

    /// One port.
    pub fn single(port: u16) -> PortRange {
        PortRange {
            from: port,
            to: port,
        }
    }

    /// Whether `port` is inside.
    pub fn contains(self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }

    /// Whether the two ranges share a port.
    pub fn overlaps(self, other: PortRange) -> bool {
        self.from <= other.to && other.from <= self.to
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn covers(self, other: PortRange) -> bool {
        self.from <= other.from && other.to <= self.to
    }

    /// Whether this is every port.
    pub fn is_all(self) -> bool {
        self == PortRange::ALL
    }

    /// Parses `22`, `8081-8082` or `all`.
    pub fn parse(text: &str) -> Option<PortRange> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("all") || text == "-1" {
            return Some(PortRange::ALL);
        }
        match text.split_once('-') {
            Some((from, to)) => {
                let from = from.trim().parse().ok()?;
                let to = to.trim().parse().ok()?;
                (from <= to).then_some(PortRange { from, to })
            }
            None => text.parse().ok().map(PortRange::single),
        }
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_all() {
            f.write_str("all")
        } else if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// ICMP type/code restriction of a rule; `None` fields match every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IcmpMatch {
    /// ICMP type.
    pub icmp_type: Option<u8>,
    /// ICMP code.
    pub icmp_code: Option<u8>,
}

/// What a security-group rule's peer is (§5.3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SgPeer {
    /// A CIDR (IPv4 or IPv6).
    Cidr(IpNet),
    /// Members of a security group, by their private IPs (§5.5).
    Group(SgId),
    /// A prefix list.
    PrefixList(PrefixListId),
}

/// One security-group rule (ingress or egress).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SgRule {
    /// Protocol.
    pub protocol: Protocol,
    /// Ports (ALL when the protocol carries no ports, §5.3).
    pub ports: PortRange,
    /// The port range as written, even where AWS ignores it (lint: `all` with a port range).
    pub ports_as_written: Option<PortRange>,
    /// ICMP restriction (icmp rules only).
    pub icmp: IcmpMatch,
    /// Source (ingress) or destination (egress).
    pub peer: SgPeer,
    /// Where it was written (unknown for AWS's implicit default rules).
    pub span: Span,
    /// Whether AWS created it implicitly (default rules of §5.7/§5.8).
    pub implicit: bool,
}

/// NACL entry action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NaclAction {
    /// Allow.
    Allow,
    /// Deny.
    Deny,
}

impl fmt::Display for NaclAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NaclAction::Allow => "allow",
            NaclAction::Deny => "deny",
        })
    }
}

/// One numbered NACL entry (§6.1–6.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NaclEntry {
    /// Rule number 1–32766; `None` is the implicit `*` deny rule.
    pub number: Option<u16>,
    /// Allow or deny.
    pub action: NaclAction,
    /// Protocol.
    pub protocol: Protocol,
    /// Ports (ALL unless tcp/udp).
    pub ports: PortRange,
    /// ICMP restriction.
    pub icmp: IcmpMatch,
    /// The CIDR: source inbound, destination outbound.
    pub cidr: IpNet,
    /// Where it was written.
    pub span: Span,
}

impl NaclEntry {
    /// Whether this entry matches an IPv4 packet with `protocol`, remote address `peer` and
    /// local-side destination port `port` (§6.3: IPv4 rules never match IPv6 and vice versa).
    pub fn matches_v4(&self, protocol: Protocol, peer: Ipv4Addr, port: u16) -> bool {
        let IpNet::V4(cidr) = self.cidr else {
            return false;
        };
        self.protocol.matches(protocol)
            && cidr.contains(&peer)
            && (!self.protocol.has_ports() || self.ports.contains(port))
    }
}
