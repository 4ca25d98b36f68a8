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
