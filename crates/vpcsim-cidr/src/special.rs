//! What a block of addresses is for, by the IETF's special-purpose registries (RFC 6890 and
//! the RFCs it collects): private, shared, loopback, link-local, documentation, multicast…
//!
//! This is internet addressing, not AWS: what AWS does with each kind is
//! `vpcsim_model::addressing`'s business.

use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::ops::{contains, overlaps};

/// The purpose of an address range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `0.0.0.0/0` or `::/0`: every address. As a route destination, the default route.
    Anywhere,
    /// 0.0.0.0/8, "this network" (RFC 1122); `::/128` unspecified.
    ThisNetwork,
    /// RFC 1918 private space: 10/8, 172.16/12, 192.168/16.
    Private,
    /// 100.64.0.0/10, shared address space for carrier-grade NAT (RFC 6598).
    Shared,
    /// 127.0.0.0/8 and `::1/128` (RFC 1122, RFC 4291).
    Loopback,
    /// 169.254.0.0/16 (RFC 3927) and fe80::/10 (RFC 4291).
    LinkLocal,
    /// 192.0.0.0/24, IETF protocol assignments (RFC 6890).
    IetfProtocol,
    /// TEST-NET-1/2/3 (RFC 5737) and 2001:db8::/32 (RFC 3849): for examples only.
    Documentation,
    /// 198.18.0.0/15, network benchmarking (RFC 2544).
    Benchmarking,
    /// 224.0.0.0/4 (RFC 5771) and ff00::/8.
    Multicast,
    /// 240.0.0.0/4, reserved for future use (RFC 1112), including the limited broadcast
    /// 255.255.255.255.
    Reserved,
    /// fc00::/7, IPv6 unique local addresses (RFC 4193), the IPv6 cousin of RFC 1918.
    UniqueLocal,
    /// Globally routable unicast: none of the above.
    Public,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 13] = [
        Kind::Anywhere,
        Kind::ThisNetwork,
        Kind::Private,
        Kind::Shared,
        Kind::Loopback,
        Kind::LinkLocal,
        Kind::IetfProtocol,
        Kind::Documentation,
        Kind::Benchmarking,
        Kind::Multicast,
        Kind::Reserved,
        Kind::UniqueLocal,
        Kind::Public,
    ];

    /// A stable kebab-case name, used in JSON.
    ///
    /// ```
    /// use vpcsim_cidr::special::Kind;
    /// assert_eq!(Kind::LinkLocal.as_str(), "link-local");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Anywhere => "anywhere",
            Kind::ThisNetwork => "this-network",
            Kind::Private => "private",
            Kind::Shared => "shared",
            Kind::Loopback => "loopback",
            Kind::LinkLocal => "link-local",
            Kind::IetfProtocol => "ietf-protocol",
            Kind::Documentation => "documentation",
            Kind::Benchmarking => "benchmarking",
            Kind::Multicast => "multicast",
            Kind::Reserved => "reserved",
            Kind::UniqueLocal => "unique-local",
            Kind::Public => "public",
        }
    }
}

/// The registry range a block falls in, with its name and defining RFC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// What the range is for.
    pub kind: Kind,
    /// The registry range the block lies in (`None` for [`Kind::Public`] and for blocks that
    /// span several ranges).
    pub range: Option<IpNet>,
    /// A short name for people: `RFC 1918 private`, `TEST-NET-2 (documentation)`, …
    pub name: &'static str,
    /// Special ranges inside the block when the block is wider than one of them (e.g. a /7
    /// holding 10/8). Empty otherwise.
    pub contains: Vec<&'static str>,
}

const fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len)
}

/// The IPv4 special-purpose ranges, each with its kind and name.
const V4_TABLE: &[(Ipv4Net, Kind, &str)] = &[
    (
        v4(0, 0, 0, 0, 8),
        Kind::ThisNetwork,
        "\"this network\" (RFC 1122)",
    ),
    (v4(10, 0, 0, 0, 8), Kind::Private, "RFC 1918 private"),
    (
        v4(100, 64, 0, 0, 10),
        Kind::Shared,
        "shared address space (RFC 6598, carrier-grade NAT)",
    ),
    (v4(127, 0, 0, 0, 8), Kind::Loopback, "loopback (RFC 1122)"),
    (
        v4(169, 254, 0, 0, 16),
        Kind::LinkLocal,
        "link-local (RFC 3927)",
    ),
    (v4(172, 16, 0, 0, 12), Kind::Private, "RFC 1918 private"),
    (
        v4(192, 0, 0, 0, 24),
        Kind::IetfProtocol,
        "IETF protocol assignments (RFC 6890)",
    ),
    (
        v4(192, 0, 2, 0, 24),
        Kind::Documentation,
        "TEST-NET-1, documentation (RFC 5737)",
    ),
    (v4(192, 168, 0, 0, 16), Kind::Private, "RFC 1918 private"),
    (
        v4(198, 18, 0, 0, 15),
        Kind::Benchmarking,
        "benchmarking (RFC 2544)",
    ),
    (
        v4(198, 51, 100, 0, 24),
        Kind::Documentation,
        "TEST-NET-2, documentation (RFC 5737)",
    ),
    (
        v4(203, 0, 113, 0, 24),
        Kind::Documentation,
        "TEST-NET-3, documentation (RFC 5737)",
    ),
    (v4(224, 0, 0, 0, 4), Kind::Multicast, "multicast (RFC 5771)"),
    (
        v4(240, 0, 0, 0, 4),
        Kind::Reserved,
        "reserved for future use (RFC 1112)",
    ),
];

const fn v6(segments: [u16; 8], len: u8) -> Ipv6Net {
    let [a, b, c, d, e, f, g, h] = segments;
    Ipv6Net::new_assert(Ipv6Addr::new(a, b, c, d, e, f, g, h), len)
}

/// The IPv6 special-purpose ranges vpcsim names.
const V6_TABLE: &[(Ipv6Net, Kind, &str)] = &[
    (
        v6([0, 0, 0, 0, 0, 0, 0, 0], 128),
        Kind::ThisNetwork,
        "unspecified address (RFC 4291)",
    ),
    (
        v6([0, 0, 0, 0, 0, 0, 0, 1], 128),
        Kind::Loopback,
        "loopback (RFC 4291)",
    ),
    (
        v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32),
        Kind::Documentation,
        "documentation (RFC 3849)",
    ),
    (
        v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),
        Kind::UniqueLocal,
        "unique local (RFC 4193)",
    ),
    (
        v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),
        Kind::LinkLocal,
        "link-local (RFC 4291)",
    ),
    (
        v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8),
        Kind::Multicast,
        "multicast (RFC 4291)",
    ),
];

/// Every name [`classify`] can give, for callers that translate them.
///
/// ```
/// assert!(vpcsim_cidr::special::names().any(|name| name == "RFC 1918 private"));
/// ```
pub fn names() -> impl Iterator<Item = &'static str> {
    V4_TABLE
        .iter()
        .map(|(.., name)| *name)
        .chain(V6_TABLE.iter().map(|(.., name)| *name))
        .chain([ANYWHERE_NAME, PUBLIC_NAME, MIXED_NAME])
}

const ANYWHERE_NAME: &str = "every address";
const PUBLIC_NAME: &str = "public (globally routed)";
const MIXED_NAME: &str = "mostly public, with special ranges inside";

/// Classifies a block: the special range that contains it; `Anywhere` for /0; `Public`
/// (possibly with the special ranges it contains listed) otherwise.
///
/// ```
/// use vpcsim_cidr::special::{Kind, classify};
/// assert_eq!(classify("10.1.0.0/16".parse().unwrap()).kind, Kind::Private);
/// assert_eq!(classify("100.64.0.0/16".parse().unwrap()).kind, Kind::Shared);
/// assert_eq!(classify("198.51.100.0/24".parse().unwrap()).kind, Kind::Documentation);
/// assert_eq!(classify("0.0.0.0/0".parse().unwrap()).kind, Kind::Anywhere);
/// assert_eq!(classify("13.124.0.0/16".parse().unwrap()).kind, Kind::Public);
/// let wide = classify("10.0.0.0/7".parse().unwrap());
/// assert_eq!(wide.kind, Kind::Public);
/// assert_eq!(wide.contains, ["RFC 1918 private"]);
/// ```
pub fn classify(block: IpNet) -> Class {
    match block {
        IpNet::V4(net) => classify_in(net.trunc(), V4_TABLE),
        IpNet::V6(net) => classify_in(net.trunc(), V6_TABLE),
    }
}

fn classify_in<P: crate::Prefix + Into<IpNet>>(net: P, table: &[(P, Kind, &'static str)]) -> Class {
    if net.to_parts().1 == 0 {
        return Class {
            kind: Kind::Anywhere,
            range: None,
            name: ANYWHERE_NAME,
            contains: Vec::new(),
        };
    }
    if let Some((range, kind, name)) = table.iter().find(|(range, ..)| contains(range, &net)) {
        return Class {
            kind: *kind,
            range: Some((*range).into()),
            name,
            contains: Vec::new(),
        };
    }
    let mut inside: Vec<&'static str> = Vec::new();
    for (range, _, name) in table {
        if overlaps(range, &net) && !inside.contains(name) {
            inside.push(name);
        }
    }
    Class {
        kind: Kind::Public,
        range: None,
        name: if inside.is_empty() {
            PUBLIC_NAME
        } else {
            MIXED_NAME
        },
        contains: inside,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        classify(text.parse().unwrap()).kind
    }

    #[test]
    fn every_table_range_classifies_as_itself() {
        for (range, expected, _) in V4_TABLE {
            assert_eq!(classify(IpNet::V4(*range)).kind, *expected, "{range}");
        }
        for (range, expected, _) in V6_TABLE {
            assert_eq!(classify(IpNet::V6(*range)).kind, *expected, "{range}");
        }
    }

    #[test]
    fn common_questions() {
        assert_eq!(kind("172.31.0.0/16"), Kind::Private);
        assert_eq!(kind("172.32.0.0/16"), Kind::Public);
        assert_eq!(kind("169.254.169.254/32"), Kind::LinkLocal);
        assert_eq!(kind("192.0.2.0/24"), Kind::Documentation);
        assert_eq!(kind("203.0.113.7/32"), Kind::Documentation);
        assert_eq!(kind("255.255.255.255/32"), Kind::Reserved);
        assert_eq!(kind("::/0"), Kind::Anywhere);
        assert_eq!(kind("2001:db8:0:1::/64"), Kind::Documentation);
        assert_eq!(kind("fd00:ec2::/32"), Kind::UniqueLocal);
        assert_eq!(kind("2600:1f00::/24"), Kind::Public);
    }

    #[test]
    fn a_block_spanning_ranges_lists_them_once() {
        let class = classify("192.0.0.0/8".parse().unwrap());
        assert_eq!(class.kind, Kind::Public);
        assert!(class.contains.len() >= 3, "{:?}", class.contains);
        let class = classify("0.0.0.0/1".parse().unwrap());
        assert!(class.contains.contains(&"RFC 1918 private"));
    }
}
