//! The resolved network model: arenas of typed resources, cross-referenced by typed ids.
//!
//! A [`Model`] is built only by [`crate::resolve()`] and never mutated afterwards, so every id
//! in it is valid and every implicit AWS default (main route table, default NACL, default
//! security group, local routes, assigned private IPs) is already materialised. Consumers
//! (reach, lint, diagram) read it without re-deriving AWS rules.

use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use rustc_hash::FxHashMap;

use crate::filter::{NaclEntry, PortRange, Protocol, SgRule};
use crate::ids::*;
use crate::span::Span;

/// The whole resolved design.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// AWS Region (`region:`), empty when the design does not say.
    pub region: String,
    /// VPCs.
    pub vpcs: Vec<Vpc>,
    /// Subnets of all VPCs.
    pub subnets: Vec<Subnet>,
    /// Route tables of all VPCs.
    pub route_tables: Vec<RouteTable>,
    /// Internet gateways.
    pub internet_gateways: Vec<InternetGateway>,
    /// NAT gateways.
    pub nat_gateways: Vec<NatGateway>,
    /// Security groups.
    pub security_groups: Vec<SecurityGroup>,
    /// Network ACLs.
    pub network_acls: Vec<NetworkAcl>,
    /// EC2 instances.
    pub instances: Vec<Instance>,
    /// Network interfaces: instances', NAT gateways', load-balancer nodes', databases', …
    pub enis: Vec<Eni>,
    /// Load balancers.
    pub load_balancers: Vec<LoadBalancer>,
    /// Target groups.
    pub target_groups: Vec<TargetGroup>,
    /// RDS DB instances.
    pub databases: Vec<Database>,
    /// ElastiCache clusters.
    pub caches: Vec<Cache>,
    /// VPC endpoints.
    pub endpoints: Vec<Endpoint>,
    /// Elastic IP allocations (named ones and those made by `elastic_ip: true`).
    pub elastic_ips: Vec<ElasticIp>,
    /// VPC peering connections.
    pub peerings: Vec<Peering>,
    /// Transit gateways.
    pub transit_gateways: Vec<TransitGateway>,
    /// Transit gateway attachments.
    pub tgw_attachments: Vec<TgwAttachment>,
    /// Transit gateway route tables.
    pub tgw_route_tables: Vec<TgwRouteTable>,
    /// Transit gateway peering attachments (§15.4).
    pub tgw_peerings: Vec<TgwPeering>,
    /// Prefix lists (customer-managed, and AWS service lists of gateway endpoints).
    pub prefix_lists: Vec<PrefixList>,
    /// `expect:` assertions, unparsed endpoints (reach parses them).
    pub expectations: Vec<Expectation>,
    /// `policies:` as written; `vpcsim-policy` resolves their selectors and decides them.
    pub policies: Vec<crate::Loc<crate::schema::Policy>>,
    /// `tags:` of VPCs, subnets and resources, by what carries them (sorted keys).
    pub tags: std::collections::BTreeMap<Tagged, Vec<(String, String)>>,
    /// Private IPv4 → ENI, over all VPCs. Overlapping VPCs may reuse addresses; the first ENI
    /// declared wins here, and [`Model::eni_by_ip_in_vpc`] disambiguates.
    pub eni_by_private_ip: FxHashMap<Ipv4Addr, EniId>,
    /// Public IPv4 (auto-assigned or Elastic) → ENI.
    pub eni_by_public_ip: FxHashMap<Ipv4Addr, EniId>,
    /// IPv6 address → ENI (§16.1: IPv6 addresses are global, one owner each).
    pub eni_by_ipv6: FxHashMap<Ipv6Addr, EniId>,
}

/// A VPC.
#[derive(Debug, Clone)]
pub struct Vpc {
    /// Name (map key in the design).
    pub name: String,
    /// Where its name was written.
    pub span: Span,
    /// IPv4 blocks, primary first (§1.1, §1.5).
    pub cidrs: Vec<Ipv4Net>,
    /// AWS Region: its own `region`, else the design's; empty when neither says (§15.5).
    pub region: String,
    /// Owning account, when the design says (§15.6).
    pub account: Option<String>,
    /// Where the `cidr:` value was written.
    pub cidr_span: Span,
    /// Optional IPv6 block.
    pub ipv6_cidr: Option<Ipv6Net>,
    /// Attached internet gateway.
    pub internet_gateway: Option<IgwId>,
    /// Name of the attached egress-only internet gateway.
    pub egress_only_igw: Option<String>,
    /// Name of the attached virtual private gateway.
    pub vpn_gateway: Option<String>,
    /// What the VPN side of the gateway covers (docs/semantics.md §15.11); `None` when the
    /// design does not say (traffic beyond the gateway is then not modelled).
    pub vpn_routes: Option<Vec<IpNet>>,
    /// `enableDnsSupport`.
    pub dns_support: bool,
    /// `enableDnsHostnames`.
    pub dns_hostnames: bool,
    /// Subnets in declaration order.
    pub subnets: Vec<SubnetId>,
    /// Route tables (the main one included).
    pub route_tables: Vec<RouteTableId>,
    /// The main route table (§2.2).
    pub main_route_table: RouteTableId,
    /// Security groups (`default` included).
    pub security_groups: Vec<SgId>,
    /// The default security group (§5.7).
    pub default_security_group: SgId,
    /// Network ACLs (`default` included).
    pub network_acls: Vec<NaclId>,
    /// The default network ACL (§6.4).
    pub default_network_acl: NaclId,
}

impl Vpc {
    /// Whether an IPv4 address is inside one of the VPC's blocks.
    pub fn contains(&self, address: Ipv4Addr) -> bool {
        self.cidrs.iter().any(|cidr| cidr.contains(&address))
    }
}

/// A subnet.
#[derive(Debug, Clone)]
pub struct Subnet {
    /// Name.
    pub name: String,
    /// Where its name was written.
    pub span: Span,
    /// Its VPC.
    pub vpc: VpcId,
    /// IPv4 block.
    pub cidr: Ipv4Net,
    /// Where the CIDR was written.
    pub cidr_span: Span,
    /// IPv6 block.
    pub ipv6_cidr: Option<Ipv6Net>,
    /// AZ id (`use1-az4`) when the design gives it (§15.6).
    pub az_id: Option<String>,
    /// Availability Zone name.
    pub az: String,
    /// `MapPublicIpOnLaunch` (§3.6).
    pub public_ip_on_launch: bool,
    /// `AssignIpv6AddressOnCreation` (§16.1); never true without an IPv6 block.
    pub assign_ipv6_on_creation: bool,
    /// The route table in effect (explicit or the main table, §2.1).
    pub route_table: RouteTableId,
    /// Whether the association is explicit.
    pub route_table_explicit: bool,
    /// The NACL in effect (explicit or the default NACL, §6.4).
    pub network_acl: NaclId,
    /// ENIs in this subnet, in declaration order.
    pub enis: Vec<EniId>,
}

/// Where a route sends traffic (§2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteTarget {
    /// Deliver inside the VPC (§2.3).
    Local,
    /// An internet gateway.
    InternetGateway(IgwId),
    /// A NAT gateway.
    NatGateway(NatId),
    /// A network interface (an instance's primary ENI when the design names an instance).
    Eni(EniId),
    /// A VPC peering connection.
    Peering(PeeringId),
    /// A transit gateway.
    TransitGateway(TgwId),
    /// A gateway VPC endpoint.
    GatewayEndpoint(EndpointId),
    /// The VPC's virtual private gateway (VPN; leaves the modelled network).
    VpnGateway,
    /// The VPC's egress-only internet gateway (IPv6 only).
    EgressOnlyIgw,
    /// A route whose target is gone: matching traffic is dropped (§2.9).
    Blackhole,
}

/// What a route matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteDestination {
    /// A CIDR (IPv4 or IPv6).
    Cidr(IpNet),
    /// A prefix list's entries.
    PrefixList(PrefixListId),
}

/// One route of a route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Destination.
    pub destination: RouteDestination,
    /// Target.
    pub target: RouteTarget,
    /// Where it was written (unknown for implicit local routes).
    pub span: Span,
}

/// A route table.
#[derive(Debug, Clone)]
pub struct RouteTable {
    /// Name (`main` for the implicit main table).
    pub name: String,
    /// Where its name was written.
    pub span: Span,
    /// Its VPC.
    pub vpc: VpcId,
    /// Whether it is the VPC's main table.
    pub is_main: bool,
    /// Whether the design declared it (false for the implicit main table).
    pub declared: bool,
    /// Routes: the local route per VPC block first, then the declared routes.
    pub routes: Vec<Route>,
    /// Subnets using it (explicitly or as main).
    pub subnets: Vec<SubnetId>,
}

/// An internet gateway.
#[derive(Debug, Clone)]
pub struct InternetGateway {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Its VPC.
    pub vpc: VpcId,
}

/// NAT gateway connectivity (§4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NatConnectivity {
    /// With an Elastic IP, out through the IGW.
    Public,
    /// Private IP only, out through a TGW or VGW.
    Private,
}

/// A NAT gateway.
#[derive(Debug, Clone)]
pub struct NatGateway {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Its VPC.
    pub vpc: VpcId,
    /// Its subnet.
    pub subnet: SubnetId,
    /// Public or private.
    pub connectivity: NatConnectivity,
    /// Its network interface (private IP; the public one carries the EIP).
    pub eni: EniId,
}

/// A security group.
#[derive(Debug, Clone)]
pub struct SecurityGroup {
    /// Name.
    pub name: String,
    /// Where its name was written.
    pub span: Span,
    /// Its VPC.
    pub vpc: VpcId,
    /// Whether it is the VPC's default group.
    pub is_default: bool,
    /// Whether the design declared it.
    pub declared: bool,
    /// Inbound rules.
    pub ingress: Vec<SgRule>,
    /// Outbound rules.
    pub egress: Vec<SgRule>,
    /// ENIs carrying it (members, §5.5).
    pub members: Vec<EniId>,
}

/// A network ACL.
#[derive(Debug, Clone)]
pub struct NetworkAcl {
    /// Name.
    pub name: String,
    /// Where its name was written.
    pub span: Span,
    /// Its VPC.
    pub vpc: VpcId,
    /// Whether it is the VPC's default NACL.
    pub is_default: bool,
    /// Whether the design declared it.
    pub declared: bool,
    /// Inbound entries sorted by number; the implicit `*` deny is last (§6.1).
    pub ingress: Vec<NaclEntry>,
    /// Outbound entries, same order.
    pub egress: Vec<NaclEntry>,
    /// Subnets using it.
    pub subnets: Vec<SubnetId>,
}

/// Why an ENI exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EniOwner {
    /// An instance's interface.
    Instance(InstanceId),
    /// A standalone interface not attached to an instance.
    Standalone,
    /// A NAT gateway's interface.
    NatGateway(NatId),
    /// A load-balancer node in one subnet.
    LoadBalancer(LbId),
    /// An RDS instance.
    Database(DbId),
    /// An ElastiCache node.
    Cache(CacheId),
    /// An interface VPC endpoint.
    Endpoint(EndpointId),
}

/// How an ENI got its public IPv4 (§3.3, §10.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicIpKind {
    /// Auto-assigned at launch (`MapPublicIpOnLaunch` or per-instance override).
    AutoAssigned,
    /// An Elastic IP.
    Elastic,
    /// Given by the service (internet-facing load-balancer node, public RDS).
    Service,
}

/// A public IPv4 mapped 1:1 to an ENI's private IP by the internet gateway (§3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicIp {
    /// The public address.
    pub address: Ipv4Addr,
    /// How it was obtained.
    pub kind: PublicIpKind,
    /// Whether vpcsim made the address up (the design did not pin one).
    pub synthetic: bool,
}

/// A network interface: the unit that has addresses and security groups.
#[derive(Debug, Clone)]
pub struct Eni {
    /// Display name: the owner's name (`web@public-a` for a load-balancer node).
    pub name: String,
    /// Where its owner was written.
    pub span: Span,
    /// Owner.
    pub owner: EniOwner,
    /// VPC.
    pub vpc: VpcId,
    /// Subnet.
    pub subnet: SubnetId,
    /// Primary private IPv4.
    pub private_ip: Ipv4Addr,
    /// Whether the private IP was assigned by vpcsim.
    pub private_ip_assigned: bool,
    /// Public IPv4, if any.
    pub public_ip: Option<PublicIp>,
    /// IPv6 address, if any (global unicast: public as is, §16.1).
    pub ipv6: Option<Ipv6Addr>,
    /// Security groups (empty for NAT gateways and SG-less NLBs).
    pub security_groups: Vec<SgId>,
    /// Source/destination check (§4.9).
    pub source_dest_check: bool,
    /// Ephemeral source ports this ENI uses as a client (§6.8).
    pub ephemeral_ports: PortRange,
}

/// Guest OS family, for the client ephemeral range (§6.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Os {
    /// Linux (32768–60999).
    Linux,
    /// Windows (49152–65535).
    Windows,
}

/// An EC2 instance.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// VPC.
    pub vpc: VpcId,
    /// Primary ENI.
    pub primary_eni: EniId,
    /// All ENIs, primary first.
    pub enis: Vec<EniId>,
    /// OS family.
    pub os: Os,
}

/// Load balancer type (§7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LbKind {
    /// Application Load Balancer.
    Application,
    /// Network Load Balancer.
    Network,
}

/// Load balancer scheme (§7.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LbScheme {
    /// Nodes have public IPs.
    InternetFacing,
    /// Nodes have private IPs only.
    Internal,
}

/// A load balancer.
#[derive(Debug, Clone)]
pub struct LoadBalancer {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// VPC.
    pub vpc: VpcId,
    /// ALB or NLB.
    pub kind: LbKind,
    /// Scheme.
    pub scheme: LbScheme,
    /// Enabled subnets, one per AZ.
    pub subnets: Vec<SubnetId>,
    /// One node ENI per subnet, same order.
    pub nodes: Vec<EniId>,
    /// Security groups (may be empty for an NLB).
    pub security_groups: Vec<SgId>,
    /// Listeners.
    pub listeners: Vec<Listener>,
    /// Cross-zone load balancing.
    pub cross_zone: bool,
}

/// A listener and its default forward action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    /// Port.
    pub port: u16,
    /// Protocol name as written (`http`, `tcp`, …), lowercase.
    pub protocol: String,
    /// The IP protocol clients use (TCP, or UDP for `udp` listeners).
    pub ip_protocol: Protocol,
    /// Target group.
    pub target_group: TgId,
    /// Where it was written.
    pub span: Span,
}

/// The health-check port of a target group (§7.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HealthCheckPort {
    /// The port each target receives traffic on.
    TrafficPort,
    /// A fixed port.
    Port(u16),
}

/// A target group.
#[derive(Debug, Clone)]
pub struct TargetGroup {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// VPC.
    pub vpc: VpcId,
    /// Protocol as written, lowercase.
    pub protocol: String,
    /// Default port.
    pub port: u16,
    /// Whether targets are IPs (else instances).
    pub ip_targets: bool,
    /// Health-check port.
    pub health_check_port: HealthCheckPort,
    /// Health-check path, when HTTP.
    pub health_check_path: Option<String>,
    /// NLB client IP preservation (§7.10).
    pub preserve_client_ip: bool,
    /// Targets.
    pub targets: Vec<Target>,
    /// Load balancers forwarding to it.
    pub load_balancers: Vec<LbId>,
}

/// A registered target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The ENI receiving traffic (instance primary ENI, or the ENI owning an IP target; `None`
    /// for an IP target outside the model, e.g. on-premises).
    pub eni: Option<EniId>,
    /// The address traffic goes to.
    pub address: Ipv4Addr,
    /// Port.
    pub port: u16,
    /// Where it was written.
    pub span: Span,
}

impl TargetGroup {
    /// The health-check port used for a target.
    pub fn health_check_port_for(&self, target: &Target) -> u16 {
        match self.health_check_port {
            HealthCheckPort::TrafficPort => target.port,
            HealthCheckPort::Port(port) => port,
        }
    }
}

/// An RDS DB instance.
#[derive(Debug, Clone)]
pub struct Database {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// VPC.
    pub vpc: VpcId,
    /// Engine as written.
    pub engine: String,
    /// Port.
    pub port: u16,
    /// DB subnet group.
    pub subnets: Vec<SubnetId>,
    /// The instance's ENI (in the first subnet of the group).
    pub eni: EniId,
    /// `PubliclyAccessible` (§8.2).
    pub publicly_accessible: bool,
}

/// An ElastiCache cluster.
#[derive(Debug, Clone)]
pub struct Cache {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// VPC.
    pub vpc: VpcId,
    /// Engine as written.
    pub engine: String,
    /// Port.
    pub port: u16,
    /// Cache subnet group.
    pub subnets: Vec<SubnetId>,
    /// The node's ENI (never has a public IP, §8.4).
    pub eni: EniId,
}

/// VPC endpoint type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndpointKind {
    /// Gateway endpoint (S3, DynamoDB), a route target (§9.6).
    Gateway,
    /// Interface endpoint (PrivateLink), ENIs in subnets (§9.7).
    Interface,
}

/// A VPC endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// VPC.
    pub vpc: VpcId,
    /// Kind.
    pub kind: EndpointKind,
    /// Service short name.
    pub service: String,
    /// Gateway: route tables with the prefix-list route.
    pub route_tables: Vec<RouteTableId>,
    /// Interface: ENIs, one per subnet.
    pub enis: Vec<EniId>,
    /// Gateway: the service prefix list.
    pub prefix_list: Option<PrefixListId>,
}

/// An Elastic IP allocation.
#[derive(Debug, Clone)]
pub struct ElasticIp {
    /// Name (`<owner>-eip` for ones made by `elastic_ip: true`).
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// VPC the declaration sits in.
    pub vpc: VpcId,
    /// Address.
    pub address: Ipv4Addr,
    /// Associated ENI, if any.
    pub eni: Option<EniId>,
}

/// A VPC peering connection.
#[derive(Debug, Clone)]
pub struct Peering {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Requester VPC.
    pub requester: VpcId,
    /// Accepter VPC.
    pub accepter: VpcId,
    /// Status as written (`active` by default).
    pub status: String,
    /// Whether traffic flows (status `active`, §9.1).
    pub is_active: bool,
    /// Whether the accepter is in another Region (no SG references, §5.5).
    pub cross_region: bool,
}

impl Peering {
    /// The VPC on the other side from `vpc`, if `vpc` is an end of this peering.
    pub fn other_side(&self, vpc: VpcId) -> Option<VpcId> {
        if self.requester == vpc {
            Some(self.accepter)
        } else if self.accepter == vpc {
            Some(self.requester)
        } else {
            None
        }
    }
}

/// A transit gateway.
#[derive(Debug, Clone)]
pub struct TransitGateway {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Attachments.
    pub attachments: Vec<TgwAttachmentId>,
    /// Route tables.
    pub route_tables: Vec<TgwRouteTableId>,
    /// AWS Region: its own `region`, else the design's; empty when neither says (§15.5).
    pub region: String,
    /// Owning account, when the design says (§15.6).
    pub account: Option<String>,
}

/// A transit gateway VPC attachment.
#[derive(Debug, Clone)]
pub struct TgwAttachment {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Transit gateway.
    pub tgw: TgwId,
    /// VPC.
    pub vpc: VpcId,
    /// Subnets, one per served AZ (§9.5).
    pub subnets: Vec<SubnetId>,
    /// Associated TGW route table (at most one, §9.5).
    pub route_table: Option<TgwRouteTableId>,
}

/// A transit gateway peering attachment: two TGWs of any Region or account (§15.4). What enters
/// a TGW by it is routed by that side's associated table.
#[derive(Debug, Clone)]
pub struct TgwPeering {
    /// Name (the same on both TGWs).
    pub name: String,
    /// Where it was declared.
    pub span: Span,
    /// The two TGWs: the one it is declared under, then its `peer`.
    pub sides: [TgwId; 2],
    /// The table of each side that routes what enters that TGW by the peering.
    pub route_tables: [Option<TgwRouteTableId>; 2],
}

impl TgwPeering {
    /// The index of `tgw` in `sides`.
    pub fn side_of(&self, tgw: TgwId) -> Option<usize> {
        self.sides.iter().position(|side| *side == tgw)
    }
}

/// A transit gateway route target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TgwRouteTarget {
    /// Send to an attachment.
    Attachment(TgwAttachmentId),
    /// Send across a TGW peering attachment to the peer TGW (static routes only, §15.4).
    Peering(TgwPeeringId),
    /// Drop.
    Blackhole,
}

/// A transit gateway route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TgwRoute {
    /// Destination (IPv4 or IPv6, §16).
    pub destination: IpNet,
    /// Target.
    pub target: TgwRouteTarget,
    /// Whether it was propagated from an attachment (static routes win ties, §9.5 [U]).
    pub propagated: bool,
    /// Where it was written (the propagation or the static route).
    pub span: Span,
}

/// A transit gateway route table.
#[derive(Debug, Clone)]
pub struct TgwRouteTable {
    /// Name.
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Transit gateway.
    pub tgw: TgwId,
    /// Routes, static and propagated.
    pub routes: Vec<TgwRoute>,
}

/// A prefix list.
#[derive(Debug, Clone)]
pub struct PrefixList {
    /// Name (`com.amazonaws.<region>.<service>` for AWS service lists).
    pub name: String,
    /// Where it was written.
    pub span: Span,
    /// Entries (empty and `aws_managed` for service lists whose ranges vpcsim does not know).
    pub cidrs: Vec<Ipv4Net>,
    /// Whether AWS manages it (gateway endpoint service list).
    pub aws_managed: bool,
    /// Whether `cidrs` is vpcsim's stand-in for a service's ranges
    /// ([`crate::Service::stand_in_range`]), because the design lists no entries for it.
    pub stand_in: bool,
    /// Max entries (SG quota weight, §5.4).
    pub max_entries: u32,
}

/// One `expect:` assertion.
#[derive(Debug, Clone)]
pub struct Expectation {
    /// Source endpoint text.
    pub from: String,
    /// Destination endpoint text (may carry `:PORT`).
    pub to: String,
    /// Protocol text (default `tcp`).
    pub proto: Option<String>,
    /// Address family (4 or 6), when the design says (§16).
    pub family: Option<u8>,
    /// Expected verdict.
    pub reachable: bool,
    /// Where the assertion was written.
    pub span: Span,
}

/// What can carry `tags:` in a design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tagged {
    /// A VPC.
    Vpc(VpcId),
    /// A subnet.
    Subnet(SubnetId),
    /// A named resource.
    Resource(Resource),
}

/// A named thing a query can start from or go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Resource {
    /// An instance.
    Instance(InstanceId),
    /// A standalone network interface.
    Eni(EniId),
    /// A load balancer.
    LoadBalancer(LbId),
    /// A NAT gateway.
    NatGateway(NatId),
    /// A database.
    Database(DbId),
    /// A cache.
    Cache(CacheId),
    /// An interface endpoint.
    Endpoint(EndpointId),
}

impl Model {
    /// The VPC with this name.
    pub fn vpc_by_name(&self, name: &str) -> Option<VpcId> {
        self.vpcs
            .iter()
            .position(|vpc| vpc.name == name)
            .map(VpcId::from_index)
    }

    /// A VPC.
    pub fn vpc(&self, id: VpcId) -> &Vpc {
        &self.vpcs[id.index()]
    }
    /// A subnet.
    /// Whether two subnets are in the same AZ: by AZ id when both have one (AZ names are
    /// per-account aliases, §15.6), else by name.
    pub fn same_az(&self, a: SubnetId, b: SubnetId) -> bool {
        let (a, b) = (self.subnet(a), self.subnet(b));
        match (&a.az_id, &b.az_id) {
            (Some(x), Some(y)) => x == y,
            _ => a.az == b.az,
        }
    }
    /// A subnet.
    pub fn subnet(&self, id: SubnetId) -> &Subnet {
        &self.subnets[id.index()]
    }
    /// A route table.
    pub fn route_table(&self, id: RouteTableId) -> &RouteTable {
        &self.route_tables[id.index()]
    }
    /// A security group.
    pub fn security_group(&self, id: SgId) -> &SecurityGroup {
        &self.security_groups[id.index()]
    }
    /// A network ACL.
    pub fn network_acl(&self, id: NaclId) -> &NetworkAcl {
        &self.network_acls[id.index()]
    }
    /// A network interface.
    pub fn eni(&self, id: EniId) -> &Eni {
        &self.enis[id.index()]
    }
    /// An instance.
    pub fn instance(&self, id: InstanceId) -> &Instance {
        &self.instances[id.index()]
    }
    /// A NAT gateway.
    pub fn nat_gateway(&self, id: NatId) -> &NatGateway {
        &self.nat_gateways[id.index()]
    }
    /// An internet gateway.
    pub fn internet_gateway(&self, id: IgwId) -> &InternetGateway {
        &self.internet_gateways[id.index()]
    }
    /// A load balancer.
    pub fn load_balancer(&self, id: LbId) -> &LoadBalancer {
        &self.load_balancers[id.index()]
    }
    /// A target group.
    pub fn target_group(&self, id: TgId) -> &TargetGroup {
        &self.target_groups[id.index()]
    }
    /// A database.
    pub fn database(&self, id: DbId) -> &Database {
        &self.databases[id.index()]
    }
    /// A cache.
    pub fn cache(&self, id: CacheId) -> &Cache {
        &self.caches[id.index()]
    }
    /// An endpoint.
    pub fn endpoint(&self, id: EndpointId) -> &Endpoint {
        &self.endpoints[id.index()]
    }
    /// A peering.
    pub fn peering(&self, id: PeeringId) -> &Peering {
        &self.peerings[id.index()]
    }
    /// A transit gateway.
    pub fn transit_gateway(&self, id: TgwId) -> &TransitGateway {
        &self.transit_gateways[id.index()]
    }
    /// A transit gateway attachment.
    pub fn tgw_attachment(&self, id: TgwAttachmentId) -> &TgwAttachment {
        &self.tgw_attachments[id.index()]
    }
    /// A transit gateway route table.
    pub fn tgw_route_table(&self, id: TgwRouteTableId) -> &TgwRouteTable {
        &self.tgw_route_tables[id.index()]
    }
    /// A transit gateway peering attachment.
    pub fn tgw_peering(&self, id: TgwPeeringId) -> &TgwPeering {
        &self.tgw_peerings[id.index()]
    }
    /// A prefix list.
    pub fn prefix_list(&self, id: PrefixListId) -> &PrefixList {
        &self.prefix_lists[id.index()]
    }

    /// The ENI holding a private IP inside a given VPC.
    pub fn eni_by_ip_in_vpc(&self, vpc: VpcId, address: Ipv4Addr) -> Option<EniId> {
        let candidate = *self.eni_by_private_ip.get(&address)?;
        if self.eni(candidate).vpc == vpc {
            return Some(candidate);
        }
        // Overlapping VPCs: fall back to a scan of that VPC's subnets.
        self.vpc(vpc)
            .subnets
            .iter()
            .flat_map(|subnet| self.subnet(*subnet).enis.iter().copied())
            .find(|eni| self.eni(*eni).private_ip == address)
    }

    /// The subnet of a VPC containing an address.
    pub fn subnet_containing(&self, vpc: VpcId, address: Ipv4Addr) -> Option<SubnetId> {
        self.vpc(vpc)
            .subnets
            .iter()
            .copied()
            .find(|subnet| self.subnet(*subnet).cidr.contains(&address))
    }

    /// Whether the subnet's route table sends 0.0.0.0/0 (or any route) to an internet gateway:
    /// AWS's definition of a public subnet (§2.14).
    pub fn is_public_subnet(&self, subnet: SubnetId) -> bool {
        self.route_table(self.subnet(subnet).route_table)
            .routes
            .iter()
            .any(|route| matches!(route.target, RouteTarget::InternetGateway(_)))
    }

    /// Finds a named resource: `name` in any VPC, or `vpc/name`. Instances win over other kinds
    /// with the same name; `None` when the name is unknown or ambiguous across VPCs.
    pub fn resource_by_name(&self, name: &str) -> Option<Resource> {
        let (vpc_filter, name) = match name.split_once('/') {
            Some((vpc, rest)) => (Some(self.vpc_by_name(vpc)?), rest),
            None => (None, name),
        };
        let in_scope = |vpc: VpcId| vpc_filter.is_none_or(|wanted| wanted == vpc);
        // Every kind a query may name, with its name, VPC and id; instances first.
        fn matching<'a, T: 'a>(
            items: &'a [T],
            wanted: impl Fn(&T) -> bool + 'a,
            make: impl Fn(usize) -> Resource + 'a,
        ) -> impl Iterator<Item = Resource> + 'a {
            items
                .iter()
                .enumerate()
                .filter(move |(_, item)| wanted(item))
                .map(move |(index, _)| make(index))
        }
        let mut found: Vec<Resource> = Vec::new();
        found.extend(matching(
            &self.instances,
            |r| r.name == name && in_scope(r.vpc),
            |i| Resource::Instance(InstanceId::from_index(i)),
        ));
        found.extend(matching(
            &self.load_balancers,
            |r| r.name == name && in_scope(r.vpc),
            |i| Resource::LoadBalancer(LbId::from_index(i)),
        ));
        found.extend(matching(
            &self.databases,
            |r| r.name == name && in_scope(r.vpc),
            |i| Resource::Database(DbId::from_index(i)),
        ));
        found.extend(matching(
            &self.caches,
            |r| r.name == name && in_scope(r.vpc),
            |i| Resource::Cache(CacheId::from_index(i)),
        ));
        found.extend(matching(
            &self.nat_gateways,
            |r| r.name == name && in_scope(r.vpc),
            |i| Resource::NatGateway(NatId::from_index(i)),
        ));
        found.extend(matching(
            &self.enis,
            |r| r.owner == EniOwner::Standalone && r.name == name && in_scope(r.vpc),
            |i| Resource::Eni(EniId::from_index(i)),
        ));
        found.extend(matching(
            &self.endpoints,
            |r| r.kind == EndpointKind::Interface && r.name == name && in_scope(r.vpc),
            |i| Resource::Endpoint(EndpointId::from_index(i)),
        ));
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Every name a query may use, for "did you mean" suggestions.
    pub fn resource_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        names.extend(self.instances.iter().map(|r| r.name.as_str()));
        names.extend(self.load_balancers.iter().map(|r| r.name.as_str()));
        names.extend(self.databases.iter().map(|r| r.name.as_str()));
        names.extend(self.caches.iter().map(|r| r.name.as_str()));
        names.extend(self.nat_gateways.iter().map(|r| r.name.as_str()));
        names.extend(
            self.enis
                .iter()
                .filter(|r| r.owner == EniOwner::Standalone)
                .map(|r| r.name.as_str()),
        );
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The ENIs standing for a resource (an LB has one per node).
    pub fn resource_enis(&self, resource: Resource) -> Vec<EniId> {
        match resource {
            Resource::Instance(id) => self.instance(id).enis.clone(),
            Resource::Eni(id) => vec![id],
            Resource::LoadBalancer(id) => self.load_balancer(id).nodes.clone(),
            Resource::NatGateway(id) => vec![self.nat_gateway(id).eni],
            Resource::Database(id) => vec![self.database(id).eni],
            Resource::Cache(id) => vec![self.cache(id).eni],
            Resource::Endpoint(id) => self.endpoint(id).enis.clone(),
        }
    }

    /// The tags written on `item` (empty when none).
    pub fn tags_of(&self, item: Tagged) -> &[(String, String)] {
        self.tags.get(&item).map_or(&[], Vec::as_slice)
    }

    /// The resource's display name.
    pub fn resource_name(&self, resource: Resource) -> &str {
        match resource {
            Resource::Instance(id) => &self.instance(id).name,
            Resource::Eni(id) => &self.eni(id).name,
            Resource::LoadBalancer(id) => &self.load_balancer(id).name,
            Resource::NatGateway(id) => &self.nat_gateway(id).name,
            Resource::Database(id) => &self.database(id).name,
            Resource::Cache(id) => &self.cache(id).name,
            Resource::Endpoint(id) => &self.endpoint(id).name,
        }
    }
}
