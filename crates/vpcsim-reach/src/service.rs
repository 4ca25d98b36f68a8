//! Service destinations (`--to s3:443`, `--to dynamodb`; docs/semantics.md §9.6a): the
//! service's public ranges in the Region of the asking VPC, stood for by one address.
//!
//! The ranges are the service's managed prefix list (`com.amazonaws.<region>.<service>`): the
//! one the design lists, or vpcsim's stand-in (`vpcsim_model::services`). The packet to that
//! address is then routed like any other: by the gateway-endpoint route when the subnet's table
//! has one (the prefix list is its destination), else by the default route to the IGW or NAT
//! gateway and the internet. Keeping the choice of address here, and the path to the route
//! table, means the walk, symbolic analysis and `expect:` all see one answer.

use std::net::{IpAddr, Ipv4Addr};

use vpcsim_model::{Model, PrefixList, Service};

/// The address standing for `service` seen from `region`, and whether it comes from
/// vpcsim's stand-in range rather than ranges the design lists.
pub fn address(model: &Model, service: Service, region: &str) -> (IpAddr, bool) {
    let first_host = |list: &PrefixList| {
        list.cidrs
            .first()
            .map(|net| net.hosts().next().unwrap_or(net.network()))
    };
    let exact = model
        .prefix_lists
        .iter()
        .find(|list| service.is_prefix_list_of(&list.name, region) && !list.cidrs.is_empty());
    if let Some(list) = exact
        && let Some(host) = first_host(list)
    {
        return (IpAddr::V4(host), list.stand_in);
    }
    let range = service.stand_in_range();
    let host: Ipv4Addr = range.hosts().next().unwrap_or(range.network());
    (IpAddr::V4(host), true)
}
