//! Internet-gateway rules as pure functions (docs/semantics.md §3.2–3.5, copied from RA's model).
//!
//! The IGW is a 1:1 NAT: outbound it rewrites an ENI's private source to its public IP or EIP,
//! inbound the reverse. It drops private (RFC 1918) and shared (RFC 6598) addresses in the
//! direction where they cannot be legitimate, and it drops spoofed sources.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{Ipv4Net, Ipv6Net};

use crate::code::Code;

/// Whether an address is in RFC 1918 private space (10/8, 172.16/12, 192.168/16).
pub fn is_rfc1918(address: Ipv4Addr) -> bool {
    address.is_private()
}

/// Whether an address is in RFC 6598 shared space (100.64.0.0/10).
pub fn is_rfc6598(address: Ipv4Addr) -> bool {
    let octets = address.octets();
    octets[0] == 100 && (octets[1] & 0xC0) == 64
}

/// Whether an address could be a public internet address: outside every [`special_ranges`]
/// block. The one definition `reach` (both directions through the IGW) and symbolic analysis
/// (the internet as a source) share.
pub fn is_public(address: Ipv4Addr) -> bool {
    let address = u32::from(address);
    !special_ranges().iter().any(|net| {
        let mask = u32::from(net.netmask());
        address & mask == u32::from(net.network())
    })
}

/// IPv6 ranges that are never internet sources or destinations inside global unicast
/// 2000::/3: IETF protocol assignments 2001::/23 (Teredo, benchmarking, ORCHID), the
/// documentation blocks 2001:db8::/32 and 3fff::/20, and 6to4 2002::/16 (docs/semantics.md
/// §16.1). Everything outside 2000::/3 (loopback, link-local fe80::/10, unique local fc00::/7,
/// multicast ff00::/8, NAT64's 64:ff9b::/96) is not global either.
pub fn special_ranges_v6() -> [Ipv6Net; 4] {
    let net = |text: &str| text.parse::<Ipv6Net>().unwrap_or_default();
    [
        net("2001::/23"),
        net("2001:db8::/32"),
        net("2002::/16"),
        net("3fff::/20"),
    ]
}

/// Global unicast IPv6 space, 2000::/3 (§16.1).
const GLOBAL_UNICAST: (u128, u128) = (0x2000 << 112, (0x4000 << 112) - 1);

/// Whether an IPv6 address could be a public internet address: inside 2000::/3 and outside
/// [`special_ranges_v6`] (§16.1).
pub fn is_public_v6(address: Ipv6Addr) -> bool {
    let value = u128::from(address);
    (GLOBAL_UNICAST.0..=GLOBAL_UNICAST.1).contains(&value)
        && !special_ranges_v6().iter().any(|net| net.contains(&address))
}

/// Whether an address of either family could be a public internet address.
pub fn is_public_ip(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => is_public(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// Outbound through the IGW (§3.5, §16.1): the destination must not be private or shared
/// space, nor any other address the internet never routes ([`special_ranges`],
/// [`special_ranges_v6`]).
pub fn check_egress_destination(dst: IpAddr) -> Result<(), Code> {
    let dst = match dst {
        IpAddr::V4(v4) => v4,
        IpAddr::V6(v6) => {
            return if is_public_v6(v6) {
                Ok(())
            } else {
                Err(Code::DestinationNotRoutable)
            };
        }
    };
    if is_rfc1918(dst) {
        Err(Code::IgwDestinationAddressNotInRfc1918Egress)
    } else if is_rfc6598(dst) {
        Err(Code::IgwDestinationAddressNotInRfc6598Egress)
    } else if !is_public(dst) {
        Err(Code::DestinationNotRoutable)
    } else {
        Ok(())
    }
}

/// Inbound through the IGW (§3.5): private and shared sources are dropped, and so is every other
/// source the internet never carries ("this network", loopback, link-local, multicast and the
/// reserved 240/4, [`special_ranges`]) — the same space symbolic analysis leaves out of "the
/// internet", so `reach --from 127.0.0.1` and `exposure` agree.
pub fn check_ingress_source(src: IpAddr) -> Result<(), Code> {
    let src = match src {
        IpAddr::V4(v4) => v4,
        IpAddr::V6(v6) => {
            return if is_public_v6(v6) {
                Ok(())
            } else {
                Err(Code::SourceNotRoutable)
            };
        }
    };
    if is_rfc1918(src) {
        Err(Code::IgwSourceAddressNotInRfc1918Ingress)
    } else if is_rfc6598(src) {
        Err(Code::IgwSourceAddressNotInRfc6598Ingress)
    } else if !is_public(src) {
        Err(Code::SourceNotRoutable)
    } else {
        Ok(())
    }
}

fn net(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::new(a, b, c, d), len).unwrap_or_default()
}

/// Ranges that are never internet sources or destinations: "this network" 0/8, RFC 1918,
/// RFC 6598, loopback 127/8, link-local 169.254/16, and 224/3 (multicast 224/4, reserved 240/4
/// and the broadcast address) (docs/semantics.md §3.5).
pub fn special_ranges() -> [Ipv4Net; 8] {
    [
        net(0, 0, 0, 0, 8),
        net(10, 0, 0, 0, 8),
        net(100, 64, 0, 0, 10),
        net(127, 0, 0, 0, 8),
        net(169, 254, 0, 0, 16),
        net(172, 16, 0, 0, 12),
        net(192, 168, 0, 0, 16),
        net(224, 0, 0, 0, 3),
    ]
}

/// The public IPv4 space as inclusive ranges: everything outside [`special_ranges`].
pub fn public_ranges() -> Vec<(u32, u32)> {
    let mut special: Vec<(u32, u32)> = special_ranges()
        .iter()
        .map(|n| (u32::from(n.network()), u32::from(n.broadcast())))
        .collect();
    special.sort_unstable();
    let mut ranges = Vec::new();
    let mut next: u64 = 0;
    for (lo, hi) in special {
        if u64::from(lo) > next {
            ranges.push((next as u32, lo - 1));
        }
        next = next.max(u64::from(hi) + 1);
    }
    if next <= u64::from(u32::MAX) {
        ranges.push((next as u32, u32::MAX));
    }
    ranges
}

/// The internet as a source: the public IPv4 space minus the public addresses of the model's
/// own ENIs (a packet with such a source is that ENI's traffic, or spoofed and dropped by the
/// internet gateway, §3.5), as sorted inclusive ranges.
pub fn internet_ranges(model: &vpcsim_model::Model) -> Vec<(u32, u32)> {
    let mut owned: Vec<u32> = model
        .enis
        .iter()
        .filter_map(|eni| eni.public_ip.map(|p| u32::from(p.address)))
        .collect();
    owned.sort_unstable();
    owned.dedup();
    let mut ranges = Vec::new();
    for (lo, hi) in public_ranges() {
        let mut start = u64::from(lo);
        let first = owned.partition_point(|ip| *ip < lo);
        for ip in owned[first..].iter().take_while(|ip| **ip <= hi) {
            if u64::from(*ip) > start {
                ranges.push((start as u32, ip - 1));
            }
            start = u64::from(*ip) + 1;
        }
        if start <= u64::from(hi) {
            ranges.push((start as u32, hi));
        }
    }
    ranges
}

/// The internet as an IPv6 source: global unicast space minus [`special_ranges_v6`] and the
/// IPv6 blocks of the model's VPCs (§16.1: AWS gives each VPC its block; a packet from inside
/// one is that VPC's own traffic, or spoofed, §3.5 — and its reply would stay in the VPC), as
/// sorted inclusive ranges.
pub fn internet_ranges_v6(model: &vpcsim_model::Model) -> Vec<(u128, u128)> {
    let mut cut: Vec<(u128, u128)> = special_ranges_v6()
        .iter()
        .map(|n| (u128::from(n.network()), u128::from(n.broadcast())))
        .collect();
    cut.extend(model.vpcs.iter().filter_map(|vpc| {
        vpc.ipv6_cidr
            .map(|block| (u128::from(block.network()), u128::from(block.broadcast())))
    }));
    cut.sort_unstable();
    let mut ranges = Vec::new();
    let mut next = GLOBAL_UNICAST.0;
    let mut done = false;
    for (lo, hi) in cut {
        if done || hi < next {
            continue;
        }
        if lo > next {
            ranges.push((next, (lo - 1).min(GLOBAL_UNICAST.1)));
        }
        if hi >= GLOBAL_UNICAST.1 {
            done = true;
        } else {
            next = next.max(hi + 1);
        }
    }
    if !done && next <= GLOBAL_UNICAST.1 {
        ranges.push((next, GLOBAL_UNICAST.1));
    }
    ranges.retain(|(lo, hi)| lo <= hi && *lo >= GLOBAL_UNICAST.0);
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bogon_sources_and_destinations_are_refused_like_private_ones() {
        for text in [
            "127.0.0.1",
            "224.0.0.1",
            "240.0.0.1",
            "0.0.0.1",
            "169.254.1.1",
            "255.255.255.255",
        ] {
            let address: Ipv4Addr = text.parse().unwrap();
            assert!(!is_public(address), "{text}");
            assert_eq!(
                check_ingress_source(IpAddr::V4(address)),
                Err(Code::SourceNotRoutable),
                "{text}"
            );
            assert_eq!(
                check_egress_destination(IpAddr::V4(address)),
                Err(Code::DestinationNotRoutable),
                "{text}"
            );
        }
        assert_eq!(check_ingress_source("8.8.8.8".parse().unwrap()), Ok(()));
        // §16.1: IPv6 outside global unicast, or in documentation space, is never internet.
        for text in [
            "fe80::1",
            "fd00::1",
            "::1",
            "ff02::1",
            "2001:db8::1",
            "64:ff9b::a00:1",
        ] {
            let address: IpAddr = text.parse().unwrap();
            assert!(!is_public_ip(address), "{text}");
            assert_eq!(check_ingress_source(address), Err(Code::SourceNotRoutable));
        }
        assert!(is_public_ip("2600:1f18::1".parse().unwrap()));
        assert!(is_public("198.51.100.7".parse().unwrap()));
    }

    #[test]
    fn address_classes() {
        assert!(is_rfc1918("172.31.1.1".parse().unwrap()));
        assert!(is_rfc6598("100.64.0.1".parse().unwrap()));
        assert!(!is_rfc6598("100.128.0.1".parse().unwrap()));
        assert!(is_public("8.8.8.8".parse().unwrap()));
        assert!(!is_public("10.0.0.1".parse().unwrap()));
        assert_eq!(
            check_ingress_source("10.0.0.92".parse().unwrap()),
            Err(Code::IgwSourceAddressNotInRfc1918Ingress)
        );
    }

    #[test]
    fn public_space_excludes_private_ranges() {
        let ranges = public_ranges();
        let contains = |ip: Ipv4Addr| {
            let v = u32::from(ip);
            ranges.iter().any(|(lo, hi)| *lo <= v && v <= *hi)
        };
        assert!(contains(Ipv4Addr::new(8, 8, 8, 8)));
        assert!(contains(Ipv4Addr::new(203, 0, 113, 7)));
        assert!(!contains(Ipv4Addr::new(10, 1, 2, 3)));
        assert!(!contains(Ipv4Addr::new(100, 64, 0, 1)));
        assert!(!contains(Ipv4Addr::new(192, 168, 1, 1)));
        for (lo, hi) in &ranges {
            assert!(is_public(Ipv4Addr::from(*lo)) && is_public(Ipv4Addr::from(*hi)));
        }
    }

    #[test]
    fn internet_v6_excludes_special_and_own_addresses() {
        let ranges = internet_ranges_v6(&vpcsim_model::Model::default());
        let contains = |text: &str| {
            let v = u128::from(text.parse::<Ipv6Addr>().unwrap());
            ranges.iter().any(|(lo, hi)| *lo <= v && v <= *hi)
        };
        assert!(contains("2600:1f18::8888"));
        assert!(contains("2000::"));
        assert!(contains("3ffe::1"));
        assert!(!contains("2001:db8::1"));
        assert!(!contains("fe80::1"));
        assert!(!contains("4000::"));
        for (lo, hi) in &ranges {
            assert!(is_public_v6(Ipv6Addr::from(*lo)) && is_public_v6(Ipv6Addr::from(*hi)));
        }
    }
}
