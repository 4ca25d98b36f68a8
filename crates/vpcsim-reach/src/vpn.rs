//! The virtual private gateway as an exit (docs/semantics.md §15.11) as pure functions.
//!
//! A route to the VGW hands the packet to the VPN: destinations its routes cover (the design's
//! `vpn_routes:`, i.e. the connections' static routes and what the customer side propagates)
//! leave the modelled network to on-premises; others are dropped at the gateway. AWS advertises
//! the VPC's CIDRs to the VPN, so a packet from an on-premises address covered by those routes
//! enters through the VGW towards any address of the VPC. One place decides coverage so that
//! the walk, the endpoint parser and symbolic cut points agree.

use std::net::IpAddr;

use ipnet::IpNet;
use vpcsim_model::{Model, Vpc, VpcId};

/// What the VPN of a VPC covers for `address`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// The design lists no `vpn_routes`: what lies beyond is unknown (not modelled).
    Unknown,
    /// A VPN route covers the address: the packet exits to on-premises.
    Covered,
    /// The VPN routes do not cover it: the gateway drops the packet.
    NotCovered,
}

/// Whether the VPC's VPN routes cover `address` (§15.11).
pub fn coverage(vpc: &Vpc, address: IpAddr) -> Coverage {
    match &vpc.vpn_routes {
        None => Coverage::Unknown,
        Some(routes) if routes.iter().any(|net| net.contains(&address)) => Coverage::Covered,
        Some(_) => Coverage::NotCovered,
    }
}

/// The VPC whose VPN covers an outside address, if any: such a source is on-premises and
/// enters through that VPC's VGW (first VPC in design order when several cover it).
pub fn on_premises_vpc(model: &Model, address: IpAddr) -> Option<VpcId> {
    model
        .vpcs
        .iter()
        .position(|vpc| vpc.vpn_gateway.is_some() && coverage(vpc, address) == Coverage::Covered)
        .map(VpcId::from_index)
}

/// The address standing for "the on-premises side" of a VPC's gateway: the first host of its
/// first VPN route (`None` when it lists none).
pub fn representative(vpc: &Vpc) -> Option<IpAddr> {
    let first = vpc.vpn_routes.as_ref()?.first()?;
    Some(match first {
        IpNet::V4(net) => IpAddr::V4(net.hosts().next().unwrap_or(net.network())),
        IpNet::V6(net) => {
            let next = std::net::Ipv6Addr::from(u128::from(net.network()).saturating_add(1));
            IpAddr::V6(if net.contains(&next) {
                next
            } else {
                net.network()
            })
        }
    })
}

/// Whether some address of `net` is not covered by the VPC's VPN routes (`false` when the
/// design lists none: coverage is then unknown). A route to the VGW for such a `net` drops part
/// of what it sends (§15.11); lint asks this instead of deciding coverage itself.
pub fn leaves_uncovered(vpc: &Vpc, net: IpNet) -> bool {
    let Some(routes) = &vpc.vpn_routes else {
        return false;
    };
    let key = |address: IpAddr| match address {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    };
    let same_family = |other: &IpNet| other.network().is_ipv4() == net.network().is_ipv4();
    let mut spans: Vec<(u128, u128)> = routes
        .iter()
        .filter(|route| same_family(route))
        .map(|route| (key(route.network()), key(route.broadcast())))
        .collect();
    spans.sort_unstable();
    // Walk the covered spans in order from the start of `net`.
    let (mut next, end) = (key(net.network()), key(net.broadcast()));
    for (lo, hi) in spans {
        if lo > next {
            break;
        }
        if hi >= next {
            if hi >= end {
                return false;
            }
            next = hi + 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vpc(routes: &[&str]) -> Vpc {
        let mut model = vpcsim_model::load(&vpcsim_model::SourceFile {
            name: "t.yaml".into(),
            text: "vpcs:\n  v:\n    cidr: 10.0.0.0/16\n    vpn_gateway: g\n".into(),
        })
        .model
        .unwrap_or_default();
        let mut vpc = model.vpcs.remove(0);
        vpc.vpn_routes = Some(
            routes
                .iter()
                .map(|r| r.parse().unwrap_or(IpNet::default()))
                .collect(),
        );
        vpc
    }

    #[test]
    fn coverage_is_the_union_of_the_routes() {
        let v = vpc(&["10.100.0.0/17", "10.100.128.0/17", "2001:db8::/32"]);
        let net = |text: &str| text.parse::<IpNet>().unwrap_or_default();
        assert!(!leaves_uncovered(&v, net("10.100.0.0/16")));
        assert!(!leaves_uncovered(&v, net("10.100.5.0/24")));
        assert!(leaves_uncovered(&v, net("10.0.0.0/8")));
        assert!(leaves_uncovered(&v, net("172.16.0.0/12")));
        assert!(!leaves_uncovered(&v, net("2001:db8:1::/48")));
        assert!(leaves_uncovered(&v, net("2001:db9::/32")));
        assert_eq!(
            coverage(
                &v,
                "10.100.200.1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
            ),
            Coverage::Covered
        );
    }
}
