//! Longest-prefix match in one route table (docs/semantics.md §2.5–2.6), for rules that ask "where
//! does this subnet send traffic for X".

use std::net::Ipv4Addr;

use ipnet::IpNet;
use vpcsim_model::{Model, Route, RouteDestination, RouteTableId, RouteTarget, SubnetId};

/// The public address standing for "the internet" (the reach engine uses the same one).
pub(crate) const INTERNET: Ipv4Addr = Ipv4Addr::new(8, 8, 8, 8);

/// The route a table picks for an IPv4 destination: the longest matching CIDR; a CIDR route
/// beats a prefix-list route of the same length (§2.6).
pub(crate) fn route_for(model: &Model, table: RouteTableId, address: Ipv4Addr) -> Option<&Route> {
    let mut best: Option<(u8, bool, &Route)> = None;
    for route in &model.route_table(table).routes {
        let (prefix_len, is_cidr) = match route.destination {
            RouteDestination::Cidr(IpNet::V4(net)) if net.contains(&address) => {
                (net.prefix_len(), true)
            }
            RouteDestination::PrefixList(list) => {
                match model
                    .prefix_list(list)
                    .cidrs
                    .iter()
                    .filter(|net| net.contains(&address))
                    .map(|net| net.prefix_len())
                    .max()
                {
                    Some(len) => (len, false),
                    None => continue,
                }
            }
            _ => continue,
        };
        let better = match best {
            None => true,
            Some((len, cidr, _)) => prefix_len > len || (prefix_len == len && is_cidr && !cidr),
        };
        if better {
            best = Some((prefix_len, is_cidr, route));
        }
    }
    best.map(|(_, _, route)| route)
}

/// Where a subnet sends traffic for a public destination.
pub(crate) fn internet_target(model: &Model, subnet: SubnetId) -> Option<RouteTarget> {
    route_for(model, model.subnet(subnet).route_table, INTERNET).map(|route| route.target)
}

/// Whether the subnet sends internet-bound traffic to an internet gateway (§3.2 item 2).
pub(crate) fn routes_internet_to_igw(model: &Model, subnet: SubnetId) -> bool {
    matches!(
        internet_target(model, subnet),
        Some(RouteTarget::InternetGateway(_))
    )
}

/// A route's destination as written: a CIDR or a prefix list's name.
pub(crate) fn describe_destination(model: &Model, destination: RouteDestination) -> String {
    match destination {
        RouteDestination::Cidr(net) => net.to_string(),
        RouteDestination::PrefixList(list) => {
            format!("prefix list `{}`", model.prefix_list(list).name)
        }
    }
}

/// The route tables with their ids, in declaration order.
pub(crate) fn tables(
    model: &Model,
) -> impl Iterator<Item = (RouteTableId, &vpcsim_model::RouteTable)> {
    model
        .route_tables
        .iter()
        .enumerate()
        .map(|(index, table)| (RouteTableId::from_index(index), table))
}
