//! The engine: a model plus the indexes that make one query cheap.
//!
//! [`Engine::new`] precomputes, once per model: the longest-prefix-match list of every route
//! table and TGW route table, a sorted subnet list per VPC (address → subnet by binary search),
//! an `(VPC, private IP) → ENI` map that stays exact when VPCs overlap, peering and TGW
//! attachment lookups by VPC pair, and the topology graph. [`Engine::query`] then answers
//! without allocating beyond the answer's hop lists.

use std::net::IpAddr;

use rustc_hash::FxHashMap;
use vpcsim_model::{
    EniId, Model, PeeringId, RouteTableId, RouteTarget, SubnetId, TgwAttachmentId, TgwId,
    TgwRouteTarget, VpcId,
};

use crate::graph::Topology;
use crate::route::{Lpm, build_route_tables, build_tgw_route_tables};

/// A model with its query indexes. Cheap to query from many threads (`Sync`).
#[derive(Debug)]
pub struct Engine<'m> {
    pub(crate) model: &'m Model,
    pub(crate) routes: Vec<Lpm<RouteTarget>>,
    pub(crate) tgw_routes: Vec<Lpm<TgwRouteTarget>>,
    // Invariant: per VPC, `(first, last, subnet)` sorted by `first`, non-overlapping when the
    // model is valid (overlaps are load errors; lookups then return one of them).
    subnets_by_vpc: Vec<Vec<(u32, u32, SubnetId)>>,
    // Invariant: the same per VPC for the subnets' IPv6 /64s (§16.1).
    subnets_v6_by_vpc: Vec<Vec<(u128, u128, SubnetId)>>,
    // Private IPv4 and IPv6 addresses per VPC (IPv6 addresses are global, but keyed by VPC too
    // so one lookup serves both families).
    enis_by_ip: FxHashMap<(VpcId, IpAddr), EniId>,
    peering_by_pair: FxHashMap<(VpcId, VpcId), PeeringId>,
    attachment_by_vpc_tgw: FxHashMap<(VpcId, TgwId), TgwAttachmentId>,
    // Invariant: per VPC, the transit gateways it is attached to (sorted, deduplicated).
    tgws_by_vpc: Vec<Vec<TgwId>>,
    // Invariant: per VPC, the peered VPCs whose SG references are visible (active, same Region).
    sg_peers: Vec<Vec<VpcId>>,
    topology: Topology,
    // Invariant: sorted, disjoint inclusive ranges: public IPv4 space minus the model's own
    // public addresses (`igw::internet_ranges`), computed once because every symbolic question
    // from the internet starts from it.
    internet: Vec<(u32, u32)>,
    // Invariant: the same for IPv6: global unicast space minus special blocks and the model's
    // VPC IPv6 blocks (`igw::internet_ranges_v6`, §16.1).
    internet_v6: Vec<(u128, u128)>,
    // Invariant: the VPCs with a VPN gateway and `vpn_routes`, in model order (§15.11), so that
    // asking whether an outside source is on-premises costs nothing in designs without VPNs.
    vpn_vpcs: Vec<VpcId>,
}

impl Engine<'_> {
    /// The VPC whose VPN covers an outside address (§15.11): the first in model order, as
    /// [`crate::vpn::on_premises_vpc`] says, over the indexed VPN VPCs only.
    pub(crate) fn on_premises_vpc(&self, address: IpAddr) -> Option<VpcId> {
        self.vpn_vpcs.iter().copied().find(|vpc| {
            crate::vpn::coverage(self.model.vpc(*vpc), address) == crate::vpn::Coverage::Covered
        })
    }
}

impl<'m> Engine<'m> {
    /// Builds the indexes of a model.
    pub fn new(model: &'m Model) -> Engine<'m> {
        let mut subnets_by_vpc: Vec<Vec<(u32, u32, SubnetId)>> = vec![Vec::new(); model.vpcs.len()];
        let mut subnets_v6_by_vpc: Vec<Vec<(u128, u128, SubnetId)>> =
            vec![Vec::new(); model.vpcs.len()];
        for (index, subnet) in model.subnets.iter().enumerate() {
            if let (Some(block), Some(list)) = (
                subnet.ipv6_cidr,
                subnets_v6_by_vpc.get_mut(subnet.vpc.index()),
            ) {
                list.push((
                    u128::from(block.network()),
                    u128::from(block.broadcast()),
                    SubnetId::from_index(index),
                ));
            }
            if let Some(list) = subnets_by_vpc.get_mut(subnet.vpc.index()) {
                list.push((
                    u32::from(subnet.cidr.network()),
                    u32::from(subnet.cidr.broadcast()),
                    SubnetId::from_index(index),
                ));
            }
        }
        for list in &mut subnets_by_vpc {
            list.sort_unstable();
        }
        for list in &mut subnets_v6_by_vpc {
            list.sort_unstable();
        }
        let mut enis_by_ip = FxHashMap::default();
        enis_by_ip.reserve(model.enis.len());
        for (index, eni) in model.enis.iter().enumerate() {
            enis_by_ip
                .entry((eni.vpc, IpAddr::V4(eni.private_ip)))
                .or_insert(EniId::from_index(index));
            if let Some(v6) = eni.ipv6 {
                enis_by_ip
                    .entry((eni.vpc, IpAddr::V6(v6)))
                    .or_insert(EniId::from_index(index));
            }
        }
        let mut peering_by_pair = FxHashMap::default();
        let mut sg_peers = vec![Vec::new(); model.vpcs.len()];
        for (index, peering) in model.peerings.iter().enumerate() {
            let id = PeeringId::from_index(index);
            // §9.1: at most one peering per VPC pair; prefer an active one if the design has two.
            for key in [
                (peering.requester, peering.accepter),
                (peering.accepter, peering.requester),
            ] {
                let keep = peering_by_pair
                    .get(&key)
                    .is_some_and(|old: &PeeringId| model.peering(*old).is_active);
                if !keep {
                    peering_by_pair.insert(key, id);
                }
            }
            // §5.5: SG references work across active, same-Region peerings only.
            if peering.is_active && !peering.cross_region {
                if let Some(list) = sg_peers.get_mut(peering.requester.index()) {
                    list.push(peering.accepter);
                }
                if let Some(list) = sg_peers.get_mut(peering.accepter.index()) {
                    list.push(peering.requester);
                }
            }
        }
        let mut attachment_by_vpc_tgw = FxHashMap::default();
        let mut tgws_by_vpc: Vec<Vec<TgwId>> = vec![Vec::new(); model.vpcs.len()];
        for (index, attachment) in model.tgw_attachments.iter().enumerate() {
            attachment_by_vpc_tgw
                .entry((attachment.vpc, attachment.tgw))
                .or_insert(TgwAttachmentId::from_index(index));
            if let Some(list) = tgws_by_vpc.get_mut(attachment.vpc.index()) {
                list.push(attachment.tgw);
            }
        }
        for list in &mut tgws_by_vpc {
            list.sort_unstable();
            list.dedup();
        }
        let vpn_vpcs = model
            .vpcs
            .iter()
            .enumerate()
            .filter(|(_, vpc)| vpc.vpn_gateway.is_some() && vpc.vpn_routes.is_some())
            .map(|(index, _)| VpcId::from_index(index))
            .collect();
        Engine {
            vpn_vpcs,
            model,
            routes: build_route_tables(model),
            tgw_routes: build_tgw_route_tables(model),
            subnets_by_vpc,
            subnets_v6_by_vpc,
            enis_by_ip,
            peering_by_pair,
            attachment_by_vpc_tgw,
            tgws_by_vpc,
            sg_peers,
            topology: Topology::new(model),
            internet: crate::igw::internet_ranges(model),
            internet_v6: crate::igw::internet_ranges_v6(model),
        }
    }

    /// The internet as a source: public IPv4 space minus the model's own public addresses
    /// (docs/semantics.md §3.5; see [`crate::igw::internet_ranges`]), as sorted inclusive ranges.
    pub fn internet_ranges(&self) -> &[(u32, u32)] {
        &self.internet
    }

    /// The internet as an IPv6 source (docs/semantics.md §16.1; see
    /// [`crate::igw::internet_ranges_v6`]), as sorted inclusive ranges.
    pub fn internet_ranges_v6(&self) -> &[(u128, u128)] {
        &self.internet_v6
    }

    /// The model.
    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// The topology graph.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// The route a VPC route table picks for a destination (§2.5–2.6: longest prefix, a CIDR
    /// route before a prefix-list route of the same length; only routes of the address's
    /// family, §16.1), as its index in `RouteTable::routes` and its target. The same lookup
    /// every query makes.
    #[inline]
    pub fn route_for(
        &self,
        table: RouteTableId,
        address: impl Into<IpAddr>,
    ) -> Option<(u32, RouteTarget)> {
        self.routes
            .get(table.index())?
            .lookup(address)
            .map(|entry| (entry.route, entry.target))
    }

    /// Where a subnet's route table sends traffic for the internet (the public address queries
    /// use for it, [`crate::INTERNET_ADDRESS`]).
    pub fn internet_route(&self, subnet: SubnetId) -> Option<RouteTarget> {
        let table = self.model.subnet(subnet).route_table;
        self.route_for(table, crate::query::INTERNET_ADDRESS)
            .map(|(_, target)| target)
    }

    /// Where a subnet's route table sends IPv6 traffic for the internet
    /// ([`crate::INTERNET_ADDRESS_V6`], §16.1).
    pub fn internet_route_v6(&self, subnet: SubnetId) -> Option<RouteTarget> {
        let table = self.model.subnet(subnet).route_table;
        self.route_for(table, crate::query::INTERNET_ADDRESS_V6)
            .map(|(_, target)| target)
    }

    /// The subnet of `vpc` containing `address` (its IPv4 block, or its IPv6 /64).
    #[inline]
    pub fn subnet_of(&self, vpc: VpcId, address: impl Into<IpAddr>) -> Option<SubnetId> {
        match address.into() {
            IpAddr::V4(address) => {
                let list = self.subnets_by_vpc.get(vpc.index())?;
                let address = u32::from(address);
                let after = list.partition_point(|(first, _, _)| *first <= address);
                let (_, last, subnet) = *list.get(after.checked_sub(1)?)?;
                (address <= last).then_some(subnet)
            }
            IpAddr::V6(address) => {
                let list = self.subnets_v6_by_vpc.get(vpc.index())?;
                let address = u128::from(address);
                let after = list.partition_point(|(first, _, _)| *first <= address);
                let (_, last, subnet) = *list.get(after.checked_sub(1)?)?;
                (address <= last).then_some(subnet)
            }
        }
    }

    /// The ENI of `vpc` whose private IPv4 (or IPv6) address is `address`.
    #[inline]
    pub fn eni_at(&self, vpc: VpcId, address: impl Into<IpAddr>) -> Option<EniId> {
        self.enis_by_ip.get(&(vpc, address.into())).copied()
    }

    /// The peering between two VPCs, if any (active or not).
    pub fn peering_between(&self, a: VpcId, b: VpcId) -> Option<PeeringId> {
        self.peering_by_pair.get(&(a, b)).copied()
    }

    /// The attachment of a VPC to a transit gateway.
    pub fn attachment(&self, vpc: VpcId, tgw: TgwId) -> Option<TgwAttachmentId> {
        self.attachment_by_vpc_tgw.get(&(vpc, tgw)).copied()
    }

    /// Whether an ENI in `remote` is visible to SG references written in `local` (§5.5).
    pub fn sg_reference_visible(&self, local: VpcId, remote: VpcId) -> bool {
        local == remote
            || self
                .sg_peers
                .get(local.index())
                .is_some_and(|peers| peers.contains(&remote))
    }

    /// The ENI owning a private address as seen from `vpc`: in `vpc`, else in a VPC whose SG
    /// references `vpc` can see (§5.5).
    pub fn eni_seen_from(&self, vpc: VpcId, address: IpAddr) -> Option<EniId> {
        if let Some(eni) = self.eni_at(vpc, address) {
            return Some(eni);
        }
        let peers = self.sg_peers.get(vpc.index())?;
        peers.iter().find_map(|peer| {
            let inside = match address {
                IpAddr::V4(v4) => self.model.vpc(*peer).contains(v4),
                IpAddr::V6(v6) => self
                    .model
                    .vpc(*peer)
                    .ipv6_cidr
                    .is_some_and(|block| block.contains(&v6)),
            };
            if inside {
                self.eni_at(*peer, address)
            } else {
                None
            }
        })
    }

    /// Whether two VPCs share any link a private address could cross (peering, a TGW, or TGWs
    /// joined by a peering).
    pub fn vpcs_linked_privately(&self, a: VpcId, b: VpcId) -> bool {
        a == b
            || self.peering_between(a, b).is_some()
            || self.tgws_by_vpc.get(a.index()).is_some_and(|tgws_a| {
                self.tgws_by_vpc.get(b.index()).is_some_and(|tgws_b| {
                    // The same TGW, or two joined by a TGW peering (§15.4, §15.5).
                    tgws_a.iter().any(|x| {
                        tgws_b
                            .iter()
                            .any(|y| crate::tgw::tgws_joined(self.model, *x, *y))
                    })
                })
            })
    }
}
