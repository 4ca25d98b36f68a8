//! Route selection by longest prefix match, precomputed per route table (docs/semantics.md §2).
//!
//! Each VPC route table becomes a list of IPv4 prefixes sorted most specific first, so a lookup
//! is one linear scan that stops at the first hit (tables hold tens of routes, §2.2 quotas).
//! Prefix-list destinations are expanded into their CIDRs; on an equal prefix a CIDR route
//! beats a prefix-list route (§2.6). IPv6 routes are skipped: IPv6 paths are not modelled.
//! Transit gateway tables use the same structure with static routes beating propagated ones.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};
use vpcsim_model::{Model, RouteDestination, RouteTarget, TgwRouteTarget};

/// One IPv4 prefix of a table, pointing back at its route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LpmEntry<T> {
    /// Network bits.
    pub network: u32,
    /// Mask.
    pub mask: u32,
    /// Prefix length.
    pub len: u8,
    /// Index of the route in its table.
    pub route: u32,
    /// Where the route sends traffic.
    pub target: T,
}

/// A longest-prefix-match table: entries most specific first.
#[derive(Debug, Clone, Default)]
pub struct Lpm<T> {
    entries: Vec<LpmEntry<T>>,
}

impl<T: Copy> Lpm<T> {
    /// Builds from `(prefix, tie-break rank, route index, target)`: lower rank wins ties.
    pub fn build(mut items: Vec<(Ipv4Net, u8, u32, T)>) -> Lpm<T> {
        items.sort_by(|a, b| {
            b.0.prefix_len()
                .cmp(&a.0.prefix_len())
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        let entries = items
            .into_iter()
            .map(|(net, _, route, target)| {
                let mask = u32::from(net.netmask());
                LpmEntry {
                    network: u32::from(net.network()) & mask,
                    mask,
                    len: net.prefix_len(),
                    route,
                    target,
                }
            })
            .collect();
        Lpm { entries }
    }

    /// The most specific entry containing `address`.
    #[inline]
    pub fn lookup(&self, address: Ipv4Addr) -> Option<&LpmEntry<T>> {
        let address = u32::from(address);
        self.entries
            .iter()
            .find(|entry| address & entry.mask == entry.network)
    }

    /// All entries, most specific first.
    pub fn entries(&self) -> &[LpmEntry<T>] {
        &self.entries
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
                    RouteDestination::Cidr(IpNet::V4(net)) => {
                        items.push((net, 0, index, route.target));
                    }
                    RouteDestination::Cidr(IpNet::V6(_)) => {}
                    // §2.6: a static CIDR route beats a prefix-list route on an equal prefix.
                    RouteDestination::PrefixList(list) => {
                        for net in &model.prefix_list(list).cidrs {
                            items.push((*net, 1, index, route.target));
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
        let lpm = Lpm::build(vec![
            ("0.0.0.0/0".parse().unwrap(), 0, 0, 'a'),
            ("10.0.0.0/16".parse().unwrap(), 1, 1, 'p'),
            ("10.0.0.0/16".parse().unwrap(), 0, 2, 'c'),
            ("10.0.1.0/24".parse().unwrap(), 0, 3, 'x'),
        ]);
        assert_eq!(lpm.lookup("10.0.1.7".parse().unwrap()).unwrap().target, 'x');
        assert_eq!(lpm.lookup("10.0.2.7".parse().unwrap()).unwrap().target, 'c');
        assert_eq!(lpm.lookup("8.8.8.8".parse().unwrap()).unwrap().target, 'a');
        let empty: Lpm<char> = Lpm::build(vec![]);
        assert!(empty.lookup("8.8.8.8".parse().unwrap()).is_none());
    }
}
