//! Route selection by longest prefix match, precomputed per route table (docs/semantics.md §2).
//!
//! Each VPC route table becomes two lists, IPv4 and IPv6 prefixes, sorted most specific first,
//! so a lookup is one linear scan of the packet's family that stops at the first hit (tables
//! hold tens of routes, §2.2 quotas). Prefix-list destinations are expanded into their CIDRs; on
//! an equal prefix a CIDR route beats a prefix-list route (§2.6). IPv4 routes never match IPv6
//! packets and the reverse (§16.1). Transit gateway tables use the same structure with static
//! routes beating propagated ones.

use std::net::IpAddr;

use ipnet::IpNet;
use vpcsim_model::{Model, RouteDestination, RouteTarget, TgwRouteTarget};

/// One prefix of a table (`A` is `u32` for IPv4, `u128` for IPv6), pointing back at its route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LpmEntry<A, T> {
    /// Network bits.
    pub network: A,
    /// Mask.
    pub mask: A,
    /// Prefix length.
    pub len: u8,
    /// Index of the route in its table.
    pub route: u32,
    /// Where the route sends traffic.
    pub target: T,
}

/// What a lookup returns: the route index and target, whatever the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteHit<T> {
    /// Prefix length of the matching entry.
    pub len: u8,
    /// Index of the route in its table.
    pub route: u32,
    /// Where the route sends traffic.
    pub target: T,
}

/// A longest-prefix-match table: entries most specific first, one list per family.
#[derive(Debug, Clone)]
pub struct Lpm<T> {
    v4: Vec<LpmEntry<u32, T>>,
    v6: Vec<LpmEntry<u128, T>>,
}

impl<T> Default for Lpm<T> {
    fn default() -> Self {
        Lpm {
            v4: Vec::new(),
            v6: Vec::new(),
        }
    }
}

fn entry<A, T>(network: A, mask: A, len: u8, route: u32, target: T) -> LpmEntry<A, T>
where
    A: Copy + std::ops::BitAnd<Output = A>,
{
    LpmEntry {
        network: network & mask,
        mask,
        len,
        route,
        target,
    }
}

/// The first (most specific) entry of one family's list containing `address`.
#[inline]
fn first_match<A, T>(entries: &[LpmEntry<A, T>], address: A) -> Option<RouteHit<T>>
where
    A: Copy + Eq + std::ops::BitAnd<Output = A>,
    T: Copy,
{
    entries
        .iter()
        .find(|entry| address & entry.mask == entry.network)
        .map(|e| RouteHit {
            len: e.len,
            route: e.route,
            target: e.target,
        })
}

impl<T: Copy> Lpm<T> {
    /// Builds from `(prefix, tie-break rank, route index, target)`: lower rank wins ties.
    pub fn build<N: Into<IpNet>>(items: Vec<(N, u8, u32, T)>) -> Lpm<T> {
        let mut items: Vec<(IpNet, u8, u32, T)> = items
            .into_iter()
            .map(|(net, rank, route, target)| (net.into(), rank, route, target))
            .collect();
        items.sort_by(|a, b| {
            b.0.prefix_len()
                .cmp(&a.0.prefix_len())
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        let mut lpm = Lpm::default();
        for (net, _, route, target) in items {
            match net {
                IpNet::V4(net) => lpm.v4.push(entry(
                    u32::from(net.network()),
                    u32::from(net.netmask()),
                    net.prefix_len(),
                    route,
                    target,
                )),
                IpNet::V6(net) => lpm.v6.push(entry(
                    u128::from(net.network()),
                    u128::from(net.netmask()),
                    net.prefix_len(),
                    route,
                    target,
                )),
            }
        }
        lpm
    }

    /// The most specific entry containing `address`, in the address's own family.
    #[inline]
    pub fn lookup(&self, address: impl Into<IpAddr>) -> Option<RouteHit<T>> {
        match address.into() {
            IpAddr::V4(address) => first_match(&self.v4, u32::from(address)),
            IpAddr::V6(address) => first_match(&self.v6, u128::from(address)),
        }
    }

    /// The IPv4 entries, most specific first.
    pub fn entries(&self) -> &[LpmEntry<u32, T>] {
        &self.v4
    }

    /// The IPv6 entries, most specific first.
    pub fn entries_v6(&self) -> &[LpmEntry<u128, T>] {
        &self.v6
    }
}

/// Builds the LPM of every VPC route table, indexed like `Model::route_tables`.
pub fn build_route_tables(model: &Model) -> Vec<Lpm<RouteTarget>> {
    model
        .route_tables
        .iter()
        .map(|table| {
            let mut items = Vec::with_capacity(table.routes.len());
            for (index, route) in table.routes.iter().enumerate() {
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                match route.destination {
                    RouteDestination::Cidr(net) => {
                        items.push((net, 0, index, route.target));
                    }
                    // §2.6: a static CIDR route beats a prefix-list route on an equal prefix.
                    RouteDestination::PrefixList(list) => {
                        for net in &model.prefix_list(list).cidrs {
                            items.push((IpNet::V4(*net), 1, index, route.target));
                        }
                    }
                }
            }
            Lpm::build(items)
        })
        .collect()
}

/// Builds the LPM of every transit gateway route table, indexed like `Model::tgw_route_tables`.
/// Static routes win over propagated ones on an equal prefix (§9.5 [U], RA's
/// `TGW_RTB_HIGHER_PRIORITY_ROUTE`).
pub fn build_tgw_route_tables(model: &Model) -> Vec<Lpm<TgwRouteTarget>> {
    model
        .tgw_route_tables
        .iter()
        .map(|table| {
            let items = table
                .routes
                .iter()
                .enumerate()
                .map(|(index, route)| {
                    (
                        route.destination,
                        u8::from(route.propagated),
                        u32::try_from(index).unwrap_or(u32::MAX),
                        route.target,
                    )
                })
                .collect();
            Lpm::build(items)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins_then_rank() {
        let lpm = Lpm::build::<ipnet::Ipv4Net>(vec![
            ("0.0.0.0/0".parse().unwrap(), 0, 0, 'a'),
            ("10.0.0.0/16".parse().unwrap(), 1, 1, 'p'),
            ("10.0.0.0/16".parse().unwrap(), 0, 2, 'c'),
            ("10.0.1.0/24".parse().unwrap(), 0, 3, 'x'),
        ]);
        assert_eq!(
            lpm.lookup("10.0.1.7".parse::<std::net::Ipv4Addr>().unwrap())
                .unwrap()
                .target,
            'x'
        );
        assert_eq!(
            lpm.lookup("10.0.2.7".parse::<std::net::Ipv4Addr>().unwrap())
                .unwrap()
                .target,
            'c'
        );
        assert_eq!(
            lpm.lookup("8.8.8.8".parse::<std::net::Ipv4Addr>().unwrap())
                .unwrap()
                .target,
            'a'
        );
        let empty: Lpm<char> = Lpm::build::<IpNet>(vec![]);
        let v6 = Lpm::build::<IpNet>(vec![
            ("::/0".parse().unwrap(), 0, 0, 'e'),
            ("0.0.0.0/0".parse().unwrap(), 0, 1, 'a'),
            ("2600:1f18::/56".parse().unwrap(), 0, 2, 'l'),
        ]);
        // §16.1: an IPv4 default route never carries IPv6, and the reverse.
        assert_eq!(
            v6.lookup("2600:1f18::5".parse::<IpAddr>().unwrap())
                .unwrap()
                .target,
            'l'
        );
        assert_eq!(
            v6.lookup("2a00::1".parse::<IpAddr>().unwrap())
                .unwrap()
                .target,
            'e'
        );
        assert_eq!(
            v6.lookup("8.8.8.8".parse::<IpAddr>().unwrap())
                .unwrap()
                .target,
            'a'
        );
        assert!(
            empty
                .lookup("8.8.8.8".parse::<std::net::Ipv4Addr>().unwrap())
                .is_none()
        );
    }
}
