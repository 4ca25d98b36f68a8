//! The partition of header space into cells on which every filter decision is constant.
//!
//! Each dimension (protocol, source address, destination port) is cut at every boundary any
//! rule of the relevant VPCs draws: security-group and NACL rule ranges, route prefixes, VPC
//! blocks, ENI addresses (security-group references), listener and service ports, and the
//! address ranges the internet gateway treats specially (docs/semantics.md §3.5). Inside one cell
//! every SG rule, NACL entry, route lookup and gateway check answers the same, so one concrete
//! query of the packet engine decides the whole cell: symbolic results come from the same code
//! as concrete ones (issue #5: one source of truth).
//!
//! Source cut points are source keys of both families (`vpcsim_flow::v4_key`, IPv6 as is,
//! docs/semantics.md §16): IPv4 rules cut the IPv4 part, IPv6 rules the IPv6 part.

use ipnet::IpNet;
use vpcsim_flow::{V4_LAST, ip_key, v4_key};
use vpcsim_model::{Model, RouteDestination, SgPeer, VpcId};
use vpcsim_reach::igw::{special_ranges, special_ranges_v6};

/// Sorted, de-duplicated cut points of one dimension; a cell starts at each cut point and ends
/// just before the next (the last ends at the dimension's maximum).
#[derive(Debug, Clone, Default)]
pub(crate) struct Cuts {
    pub(crate) protocols: Vec<u32>,
    pub(crate) sources: Vec<u128>,
    pub(crate) ports: Vec<u32>,
    /// The source-address ranges the cut points come from (each rule CIDR, route prefix,
    /// address), as source keys: every address-dependent decision is membership in one of them.
    pub(crate) source_ranges: Vec<(u128, u128)>,
    /// The same for destination ports (rule port ranges, listener and service ports).
    pub(crate) port_ranges: Vec<(u32, u32)>,
    /// Security groups, subnets and VPCs already added: the ENIs at one end (a load balancer's
    /// targets, say) mostly share them, and adding each once keeps the points to sort small.
    added_groups: Vec<vpcsim_model::SgId>,
    added_subnets: Vec<vpcsim_model::SubnetId>,
    added_vpcs: Vec<VpcId>,
    added_vpn_routes: bool,
}

impl Cuts {
    fn add_source_range(&mut self, lo: u128, hi: u128) {
        self.sources.push(lo);
        if hi < u128::MAX {
            self.sources.push(hi + 1);
        }
        self.source_ranges.push((lo, hi));
    }

    fn add_port_range(&mut self, lo: u32, hi: u32) {
        Self::add_range(&mut self.ports, lo, hi, 65535);
        self.port_ranges.push((lo, hi));
    }

    fn add_range(points: &mut Vec<u32>, lo: u32, hi: u32, max: u32) {
        points.push(lo);
        if hi < max {
            points.push(hi + 1);
        }
    }

    fn add_net(&mut self, net: impl Into<IpNet>) {
        let net: IpNet = net.into();
        self.add_source_range(ip_key(net.network()), ip_key(net.broadcast()));
    }

    fn add_protocol(&mut self, protocol: vpcsim_model::Protocol) {
        if let vpcsim_model::Protocol::Number(n) = protocol {
            Self::add_range(&mut self.protocols, u32::from(n), u32::from(n), 255);
        }
    }

    fn add_ports(&mut self, protocol: vpcsim_model::Protocol, ports: vpcsim_model::PortRange) {
        if protocol.has_ports() {
            self.add_port_range(u32::from(ports.from), u32::from(ports.to));
        }
    }

    fn add_port(&mut self, port: u16) {
        self.add_port_range(u32::from(port), u32::from(port));
    }

    fn add_address(&mut self, address: impl Into<std::net::IpAddr>) {
        let key = ip_key(address.into());
        self.add_source_range(key, key);
    }

    /// An interface's own addresses: private IPv4, public IPv4 and IPv6 (§16.1).
    fn add_eni_addresses(&mut self, eni: &vpcsim_model::Eni) {
        self.add_address(eni.private_ip);
        if let Some(public) = eni.public_ip {
            self.add_address(public.address);
        }
        if let Some(v6) = eni.ipv6 {
            self.add_address(v6);
        }
    }

    /// Every boundary one security group draws: protocols, ports, CIDRs, and the addresses of
    /// the members of groups it references (§5.5).
    fn add_security_group(&mut self, model: &Model, sg: vpcsim_model::SgId) {
        if self.added_groups.contains(&sg) {
            return;
        }
        self.added_groups.push(sg);
        let group = model.security_group(sg);
        for rule in group.ingress.iter().chain(&group.egress) {
            self.add_protocol(rule.protocol);
            self.add_ports(rule.protocol, rule.ports);
            match &rule.peer {
                SgPeer::Cidr(net) => self.add_net(*net),
                SgPeer::Group(group) => {
                    for member in &model.security_group(*group).members {
                        let member = model.eni(*member);
                        self.add_address(member.private_ip);
                        if let Some(v6) = member.ipv6 {
                            self.add_address(v6);
                        }
                    }
                }
                SgPeer::PrefixList(list) => {
                    for net in &model.prefix_list(*list).cidrs {
                        self.add_net(*net);
                    }
                }
            }
        }
    }

    /// Every boundary a subnet draws: its block, its NACL's entries, its route table's routes.
    fn add_subnet(&mut self, model: &Model, subnet: vpcsim_model::SubnetId) {
        if self.added_subnets.contains(&subnet) {
            return;
        }
        self.added_subnets.push(subnet);
        let s = model.subnet(subnet);
        self.add_net(s.cidr);
        if let Some(v6) = s.ipv6_cidr {
            self.add_net(v6);
        }
        let acl = model.network_acl(s.network_acl);
        for entry in acl.ingress.iter().chain(&acl.egress) {
            self.add_protocol(entry.protocol);
            self.add_ports(entry.protocol, entry.ports);
            self.add_net(entry.cidr);
        }
        for route in &model.route_table(s.route_table).routes {
            match route.destination {
                RouteDestination::Cidr(net) => self.add_net(net),
                RouteDestination::PrefixList(list) => {
                    for net in &model.prefix_list(list).cidrs {
                        self.add_net(*net);
                    }
                }
            }
        }
    }

    /// The VPN routes of every VPC (§15.11): an outside source they cover is on-premises and
    /// enters by that VPC's VPN gateway (the first VPC covering it, whichever end is asked),
    /// and a reply to it must be covered too.
    fn add_vpn_routes(&mut self, model: &Model) {
        if self.added_vpn_routes {
            return;
        }
        self.added_vpn_routes = true;
        for vpc in &model.vpcs {
            for net in vpc.vpn_routes.iter().flatten() {
                self.add_net(*net);
            }
        }
    }

    /// Every boundary the filters on and around one ENI draw: its groups, its subnet (NACL,
    /// routes), its VPC's blocks, every VPC's VPN routes and its own addresses.
    pub(crate) fn add_eni(&mut self, model: &Model, eni: vpcsim_model::EniId) {
        self.add_vpn_routes(model);
        let e = model.eni(eni);
        for sg in &e.security_groups {
            self.add_security_group(model, *sg);
        }
        self.add_subnet(model, e.subnet);
        if !self.added_vpcs.contains(&e.vpc) {
            self.added_vpcs.push(e.vpc);
            for cidr in &model.vpc(e.vpc).cidrs {
                self.add_net(*cidr);
            }
            if let Some(v6) = model.vpc(e.vpc).ipv6_cidr {
                self.add_net(v6);
            }
        }
        self.add_eni_addresses(e);
    }

    /// Cut points of one end of a flow: the resource's ENIs and, for a load balancer, its
    /// listener ports and its targets' ENIs (an NLB may show targets the client's address,
    /// §7.10). Ports only matter at security groups, NACL entries and listeners, and addresses
    /// only there and in route tables, so these cover every decision on the path that depends
    /// on the varying header fields; the NAT gateways of the VPC are added by the caller for
    /// flows leaving it (their subnet's NACL sees the destination port).
    pub(crate) fn add_resource(&mut self, model: &Model, resource: vpcsim_model::Resource) {
        for eni in model.resource_enis(resource) {
            self.add_eni(model, eni);
        }
        if let vpcsim_model::Resource::LoadBalancer(lb) = resource {
            let balancer = model.load_balancer(lb);
            for listener in &balancer.listeners {
                self.add_port(listener.port);
                for target in &model.target_group(listener.target_group).targets {
                    if let Some(eni) = target.eni {
                        self.add_eni(model, eni);
                    }
                }
            }
        }
    }

    /// Cut points of everything in one VPC (for address ranges, whose path is not known).
    pub(crate) fn for_vpc(model: &Model, vpc: VpcId) -> Cuts {
        let mut cuts = Cuts::default();
        cuts.add_vpn_routes(model);
        let v = model.vpc(vpc);
        for cidr in &v.cidrs {
            cuts.add_net(*cidr);
        }
        if let Some(v6) = v.ipv6_cidr {
            cuts.add_net(v6);
        }
        for sg in &v.security_groups {
            cuts.add_security_group(model, *sg);
        }
        for subnet in &v.subnets {
            cuts.add_subnet(model, *subnet);
            for eni in &model.subnet(*subnet).enis {
                cuts.add_eni_addresses(model.eni(*eni));
            }
        }
        for lb in &model.load_balancers {
            if lb.vpc == vpc {
                for listener in &lb.listeners {
                    cuts.add_port(listener.port);
                }
            }
        }
        for database in &model.databases {
            if database.vpc == vpc {
                cuts.add_port(database.port);
            }
        }
        for cache in &model.caches {
            if cache.vpc == vpc {
                cuts.add_port(cache.port);
            }
        }
        cuts
    }

    /// Cut points every analysis needs: the protocols NAT gateways treat specially (§4.3) and
    /// the address ranges the internet gateway drops or never routes (§3.5).
    pub(crate) fn global() -> Cuts {
        let mut cuts = Cuts::default();
        for protocol in [1u32, 6, 17] {
            Self::add_range(&mut cuts.protocols, protocol, protocol, 255);
        }
        for net in special_ranges() {
            cuts.add_net(net);
        }
        for net in special_ranges_v6() {
            cuts.add_net(net);
        }
        // The family boundaries: IPv4 keys are `::ffff:0:0/96` (§16).
        cuts.sources.push(vpcsim_flow::V4_BASE);
        cuts.sources.push(V4_LAST + 1);
        cuts
    }

    /// Merges other cut points into these.
    pub(crate) fn extend(&mut self, other: &Cuts) {
        self.protocols.extend_from_slice(&other.protocols);
        self.sources.extend_from_slice(&other.sources);
        self.ports.extend_from_slice(&other.ports);
        self.source_ranges.extend_from_slice(&other.source_ranges);
        self.port_ranges.extend_from_slice(&other.port_ranges);
    }

    /// Drops source cut points and ranges that lie wholly inside special (never internet)
    /// space: when the sources are the internet, they cannot split a cell (§3.5).
    pub(crate) fn retain_public_sources(&mut self) {
        let mut special: Vec<(u128, u128)> = special_ranges()
            .iter()
            .map(|net| {
                (
                    v4_key(u32::from(net.network())),
                    v4_key(u32::from(net.broadcast())),
                )
            })
            .collect();
        special.extend(
            special_ranges_v6()
                .iter()
                .map(|net| (u128::from(net.network()), u128::from(net.broadcast()))),
        );
        // A point starts a cell; inside special space (but not at its start, where a public
        // cell may end) it only splits non-public cells.
        let inside = |lo: u128, hi: u128| special.iter().any(|(s, e)| *s < lo && hi <= *e);
        self.sources.retain(|point| !inside(*point, *point));
        self.source_ranges
            .retain(|(lo, hi)| !special.iter().any(|(s, e)| *s <= *lo && *hi <= *e));
    }

    /// Sorts and de-duplicates, and makes sure each dimension starts at 0.
    pub(crate) fn finish(mut self) -> Cuts {
        for points in [&mut self.protocols, &mut self.ports] {
            points.push(0);
            points.sort_unstable();
            points.dedup();
        }
        self.sources.push(0);
        self.sources.sort_unstable();
        self.sources.dedup();
        self.source_ranges.sort_unstable();
        self.source_ranges.dedup();
        self.port_ranges.sort_unstable();
        self.port_ranges.dedup();
        self
    }
}

/// A cut-point coordinate: `u32` for protocols and ports, `u128` source keys.
pub(crate) trait Coord: Copy + Ord + Eq + std::hash::Hash {
    /// The coordinate just before this one (never called on 0: 0 is always a cut point).
    fn before(self) -> Self;
}

impl Coord for u32 {
    fn before(self) -> Self {
        self - 1
    }
}

impl Coord for u128 {
    fn before(self) -> Self {
        self - 1
    }
}

/// The cells of one dimension within `[lo, hi]`: `(start, end)` inclusive pairs.
pub(crate) fn cells_within<C: Coord>(points: &[C], lo: C, hi: C) -> Vec<(C, C)> {
    let mut cells = Vec::new();
    let first = points.partition_point(|p| *p <= lo);
    let mut start = lo;
    for point in &points[first..] {
        if *point > hi {
            break;
        }
        cells.push((start, point.before()));
        start = *point;
    }
    cells.push((start, hi));
    cells
}

/// Groups cells by their membership in every range. Each range is one rule CIDR, route prefix,
/// address or port range; every decision that depends on this dimension is a membership test on
/// one of them, and a cell lies wholly inside or outside each range (ranges are cut points), so
/// cells with the same memberships behave identically and one of them stands for all.
/// Groups come in order of their first cell.
pub(crate) fn group_cells<C: Coord>(cells: &[(C, C)], ranges: &[(C, C)]) -> Vec<Vec<(C, C)>> {
    let words = ranges.len().div_ceil(64).max(1);
    let mut index: rustc_hash::FxHashMap<Box<[u64]>, usize> = rustc_hash::FxHashMap::default();
    let mut groups: Vec<Vec<(C, C)>> = Vec::new();
    // One buffer for every cell's signature; a key is allocated only for a new group.
    let mut signature = vec![0u64; words];
    for cell in cells {
        signature.fill(0);
        for (bit, (lo, hi)) in ranges.iter().enumerate() {
            if *lo <= cell.0 && cell.0 <= *hi {
                signature[bit / 64] |= 1 << (bit % 64);
            }
        }
        match index.get(signature.as_slice()) {
            Some(group) => groups[*group].push(*cell),
            None => {
                index.insert(signature.clone().into_boxed_slice(), groups.len());
                groups.push(vec![*cell]);
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cover_the_range_exactly() {
        let cells = cells_within(&[0u32, 10, 20, 30], 5, 25);
        assert_eq!(cells, vec![(5, 9), (10, 19), (20, 25)]);
        assert_eq!(cells_within(&[0u32], 0, 65535), vec![(0, 65535)]);
    }
}
