//! The intermediate inventory both importers fill: AWS resources keyed by id, with references
//! still as ids.
//!
//! Keeping the importers down to "read the input into this shape" means naming, reference
//! resolution and dangling-reference warnings live in one place ([`crate::build`]). Ids are
//! real AWS ids, or `tf:<address>` for resources a Terraform plan has not created yet. Every
//! collection is a `BTreeMap` so iteration order, and hence output, is deterministic.

use std::collections::BTreeMap;

/// How a resource may be named: its `Name` tag, else a fallback, plus a suffix used to tell
/// apart resources whose preferred names clash.
#[derive(Debug, Clone, Default)]
pub(crate) struct Label {
    /// The `Name` tag (or another user-given name), when present.
    pub(crate) tag: Option<String>,
    /// Used when there is no tag: the AWS id, or the Terraform resource name.
    pub(crate) fallback: String,
    /// Appended after a dash when the preferred name is not unique.
    pub(crate) suffix: String,
}

impl Label {
    /// A label for an AWS resource: the tag, else the id; the suffix is the id's last 8 chars.
    pub(crate) fn aws(id: &str, tag: Option<String>) -> Label {
        let hex = id.split_once('-').map_or(id, |(_, rest)| rest);
        let start = hex.len().saturating_sub(8);
        let suffix = hex.get(start..).unwrap_or(hex).to_owned();
        Label {
            tag,
            fallback: id.to_owned(),
            suffix,
        }
    }
}

/// The whole inventory.
#[derive(Debug, Default)]
pub(crate) struct Inventory {
    pub(crate) region: Option<String>,
    pub(crate) vpcs: BTreeMap<String, Vpc>,
    pub(crate) subnets: BTreeMap<String, Subnet>,
    pub(crate) route_tables: BTreeMap<String, RouteTable>,
    pub(crate) internet_gateways: BTreeMap<String, Gateway>,
    pub(crate) egress_only_gateways: BTreeMap<String, Gateway>,
    pub(crate) vpn_gateways: BTreeMap<String, Gateway>,
    /// What each VPN gateway's VPN covers (docs/semantics.md §15.11), by gateway id: the
    /// connections' static routes and the routes propagated into route tables.
    pub(crate) vpn_routes: BTreeMap<String, Vec<String>>,
    /// VPN connection id → the VPN gateway it terminates on (Terraform's
    /// `aws_vpn_connection_route` names the connection).
    pub(crate) vpn_connections: BTreeMap<String, String>,
    pub(crate) nat_gateways: BTreeMap<String, NatGateway>,
    pub(crate) security_groups: BTreeMap<String, SecurityGroup>,
    pub(crate) network_acls: BTreeMap<String, NetworkAcl>,
    pub(crate) instances: BTreeMap<String, Instance>,
    pub(crate) network_interfaces: BTreeMap<String, NetworkInterface>,
    pub(crate) elastic_ips: BTreeMap<String, ElasticIp>,
    pub(crate) peerings: BTreeMap<String, Peering>,
    pub(crate) transit_gateways: BTreeMap<String, TransitGateway>,
    pub(crate) tgw_attachments: BTreeMap<String, TgwAttachment>,
    pub(crate) endpoints: BTreeMap<String, Endpoint>,
    pub(crate) prefix_lists: BTreeMap<String, PrefixList>,
    pub(crate) load_balancers: BTreeMap<String, LoadBalancer>,
    pub(crate) listeners: BTreeMap<String, Listener>,
    pub(crate) target_groups: BTreeMap<String, TargetGroup>,
    pub(crate) databases: BTreeMap<String, Database>,
    pub(crate) caches: BTreeMap<String, Database>,
    /// Transit gateway route tables with what the input said of their associations,
    /// propagations and static routes (docs/semantics.md §15.2).
    pub(crate) tgw_route_tables: BTreeMap<String, TgwRouteTable>,
    /// TGWs whose attachments were listed with their `Association` field
    /// (describe-transit-gateway-attachments), so that an attachment without one is known to
    /// be unassociated.
    pub(crate) tgw_associations_listed: std::collections::BTreeSet<String>,
    /// Interfaces AWS created for a managed resource (describe-network-interfaces), by ENI id:
    /// their real addresses are given to the resource, never to a stray interface (§15.7).
    pub(crate) managed_enis: BTreeMap<String, ManagedEni>,
    /// Region of a VPC or TGW (by id), from the export folder it was read from (§15.5).
    pub(crate) regions: BTreeMap<String, String>,
    /// Owning account of a VPC or TGW (by id): `OwnerId`, else the export folder (§15.6).
    pub(crate) accounts: BTreeMap<String, String>,
    /// TGW peering attachments by id: (requester TGW, accepter TGW) (§15.4).
    pub(crate) tgw_peerings: BTreeMap<String, (String, String)>,
    /// `AvailabilityZoneId` of a subnet (by id), e.g. `use1-az4` (§15.6).
    pub(crate) az_ids: BTreeMap<String, String>,
    /// Tags of a resource (by id) as the input gave them (AWS `Tags`, Terraform `tags`),
    /// carried into the design's `tags:` for policy selectors.
    pub(crate) tags: BTreeMap<String, BTreeMap<String, String>>,
    /// Interface ids a resource names as its own (`VpcEndpoints[].NetworkInterfaceIds`,
    /// `NatGatewayAddresses[].NetworkInterfaceId`), for interfaces whose description says less.
    pub(crate) eni_owners: BTreeMap<String, ManagedOwner>,
    /// Source positions for findings, when the input has them (CloudFormation templates):
    /// `<id>` for a resource, `<id>#cidr` for a VPC's or subnet's CIDR, `<sg>#ingress#<n>` /
    /// `<sg>#egress#<n>` for the n-th rule of a group, `<rtb>#route#<n>` for a route.
    pub(crate) spans: BTreeMap<String, vpcsim_model::Span>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Vpc {
    pub(crate) label: Label,
    /// Associated IPv4 blocks, primary first.
    pub(crate) cidrs: Vec<String>,
    pub(crate) ipv6_cidr: Option<String>,
    pub(crate) enable_dns_support: Option<bool>,
    pub(crate) enable_dns_hostnames: Option<bool>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Subnet {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) cidr: String,
    pub(crate) az: String,
    pub(crate) ipv6_cidr: Option<String>,
    pub(crate) public_ip_on_launch: Option<bool>,
    /// `AssignIpv6AddressOnCreation` / `assign_ipv6_address_on_creation`.
    pub(crate) assign_ipv6_on_creation: Option<bool>,
}

/// What a route points at, by the field it came from; the builder looks the id up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// `GatewayId` / `gateway_id`: an internet gateway, VPN gateway or gateway endpoint.
    Gateway,
    EgressOnlyGateway,
    NatGateway,
    Peering,
    TransitGateway,
    Instance,
    NetworkInterface,
    Endpoint,
    /// A target vpcsim does not model (carrier/local gateway, Cloud WAN); the string says which.
    Unsupported(&'static str),
}

#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// A CIDR, or a prefix-list id when `to_prefix_list` is set.
    pub(crate) to: String,
    pub(crate) to_prefix_list: bool,
    /// `None` when no target could be read (an unknown Terraform value).
    pub(crate) target: Option<(TargetKind, String)>,
    /// A second id for the same target (AWS lists both `InstanceId` and `NetworkInterfaceId`).
    pub(crate) alt_target: Option<(TargetKind, String)>,
    /// AWS reported `State: blackhole`.
    pub(crate) blackhole: bool,
    /// Where the route came from, for warnings (e.g. `rtb-1 route 0.0.0.0/0`).
    pub(crate) origin: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RouteTable {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) main: bool,
    pub(crate) routes: Vec<Route>,
    /// Explicitly associated subnets.
    pub(crate) subnets: Vec<String>,
}

/// An internet, egress-only or VPN gateway with the VPC it is attached to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gateway {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NatGateway {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) subnet: Option<String>,
    pub(crate) connectivity: Option<String>,
    pub(crate) public_ip: Option<String>,
    /// Allocation id of the EIP (Terraform: resolved to the `aws_eip` resource).
    pub(crate) allocation: Option<String>,
    pub(crate) private_ip: Option<String>,
}

/// The peer of a security-group rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Peer {
    Cidr(String),
    SecurityGroup(String),
    PrefixList(String),
}

#[derive(Debug, Clone)]
pub(crate) struct SgRule {
    pub(crate) proto: String,
    pub(crate) from_port: Option<i64>,
    pub(crate) to_port: Option<i64>,
    pub(crate) peer: Peer,
    pub(crate) description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct SecurityGroup {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) is_default: bool,
    pub(crate) description: Option<String>,
    pub(crate) ingress: Vec<SgRule>,
    pub(crate) egress: Vec<SgRule>,
}

#[derive(Debug, Clone)]
pub(crate) struct NaclEntry {
    pub(crate) rule: i64,
    pub(crate) egress: bool,
    pub(crate) allow: bool,
    pub(crate) proto: String,
    pub(crate) ports: Option<(i64, i64)>,
    pub(crate) icmp_type: Option<i64>,
    pub(crate) icmp_code: Option<i64>,
    pub(crate) cidr: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NetworkAcl {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) is_default: bool,
    pub(crate) subnets: Vec<String>,
    pub(crate) entries: Vec<NaclEntry>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Instance {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) subnet: Option<String>,
    pub(crate) private_ip: Option<String>,
    /// `Some(None)`: a public IP is requested but not known yet (Terraform).
    pub(crate) public_ip: Option<Option<String>>,
    /// Explicitly no public IP (Terraform `associate_public_ip_address = false`).
    pub(crate) no_public_ip: bool,
    pub(crate) security_groups: Option<Vec<String>>,
    pub(crate) source_dest_check: Option<bool>,
    pub(crate) instance_type: Option<String>,
    pub(crate) primary_eni: Option<String>,
    /// IPv6 address of the primary interface; `Some(None)`: one is requested (a count or
    /// `ipv6_address_count`), its value chosen by AWS.
    pub(crate) ipv6_address: Option<Option<String>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NetworkInterface {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) subnet: Option<String>,
    pub(crate) instance: Option<String>,
    pub(crate) private_ip: Option<String>,
    pub(crate) public_ip: Option<String>,
    pub(crate) security_groups: Option<Vec<String>>,
    pub(crate) source_dest_check: Option<bool>,
    /// The interface's first IPv6 address (`Ipv6Addresses`, `ipv6_addresses`).
    pub(crate) ipv6_address: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ElasticIp {
    pub(crate) public_ip: Option<String>,
    pub(crate) instance: Option<String>,
    pub(crate) network_interface: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Peering {
    pub(crate) label: Label,
    pub(crate) requester: Option<String>,
    pub(crate) accepter: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) accepter_region: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct TransitGateway {
    pub(crate) label: Label,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct TgwAttachment {
    pub(crate) label: Label,
    pub(crate) transit_gateway: Option<String>,
    pub(crate) vpc: Option<String>,
    pub(crate) subnets: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Endpoint {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    /// `gateway`, `interface` or what AWS said (lowercased).
    pub(crate) kind: String,
    pub(crate) service: String,
    pub(crate) route_tables: Vec<String>,
    pub(crate) subnets: Vec<String>,
    pub(crate) security_groups: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PrefixList {
    pub(crate) label: Label,
    pub(crate) cidrs: Vec<String>,
    pub(crate) max_entries: Option<u32>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LoadBalancer {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) kind: String,
    pub(crate) scheme: String,
    pub(crate) subnets: Vec<String>,
    pub(crate) security_groups: Option<Vec<String>>,
    /// `IpAddressType`: `ipv4` or `dualstack`.
    pub(crate) ip_address_type: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Listener {
    pub(crate) load_balancer: Option<String>,
    pub(crate) port: Option<i64>,
    pub(crate) protocol: Option<String>,
    /// Target groups of the default forward action (first one is used).
    pub(crate) forward: Vec<String>,
    /// The default action's type when it is not `forward` (`redirect`, `fixed-response`).
    pub(crate) other_action: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct TargetRef {
    /// An instance id or an IP address.
    pub(crate) id: String,
    pub(crate) port: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct TargetGroup {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) protocol: Option<String>,
    pub(crate) port: Option<i64>,
    pub(crate) target_type: Option<String>,
    pub(crate) health_path: Option<String>,
    pub(crate) health_port: Option<String>,
    pub(crate) health_protocol: Option<String>,
    pub(crate) targets: Vec<TargetRef>,
}

/// An RDS instance or an ElastiCache cluster.
#[derive(Debug, Clone, Default)]
pub(crate) struct Database {
    pub(crate) label: Label,
    pub(crate) vpc: Option<String>,
    pub(crate) engine: String,
    pub(crate) port: Option<i64>,
    pub(crate) subnets: Vec<String>,
    pub(crate) security_groups: Option<Vec<String>>,
    pub(crate) publicly_accessible: Option<bool>,
}

/// A transit gateway route table as the input describes it.
#[derive(Debug, Clone, Default)]
pub(crate) struct TgwRouteTable {
    pub(crate) label: Label,
    pub(crate) transit_gateway: Option<String>,
    /// `DefaultAssociationRouteTable`: new attachments are associated with it.
    pub(crate) default_association: bool,
    /// `DefaultPropagationRouteTable`: new attachments propagate into it.
    pub(crate) default_propagation: bool,
    /// Associated attachment ids (an attachment is in at most one table).
    pub(crate) associations: Vec<String>,
    /// Whether any association record named this table (an empty list is then "none").
    pub(crate) associations_read: bool,
    /// Attachments whose own `Association` field (describe-transit-gateway-attachments) names
    /// this table; the per-table records above win when they disagree.
    pub(crate) field_associations: Vec<String>,
    /// Attachment ids propagating into the table.
    pub(crate) propagations: Vec<String>,
    /// Whether any propagation record named this table.
    pub(crate) propagations_read: bool,
    /// Static routes.
    pub(crate) routes: Vec<TgwStaticRoute>,
}

/// A static TGW route: to an attachment, or a blackhole (`attachment: None`).
#[derive(Debug, Clone, Default)]
pub(crate) struct TgwStaticRoute {
    pub(crate) cidr: String,
    pub(crate) attachment: Option<String>,
}

/// An AWS-managed network interface and the resource it belongs to (docs/semantics.md §15.7).
#[derive(Debug, Clone, Default)]
pub(crate) struct ManagedEni {
    pub(crate) owner: ManagedOwner,
    pub(crate) subnet: Option<String>,
    pub(crate) private_ip: Option<String>,
    /// Its first IPv6 address (a dual-stack load balancer node, §16.1).
    pub(crate) ipv6: Option<String>,
    pub(crate) groups: Vec<String>,
}

/// Whose interface it is, as `InterfaceType`, `RequesterId` and `Description` tell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum ManagedOwner {
    /// `ELB app/NAME/ID` or `ELB net/NAME/ID`: the tail of the load balancer's ARN.
    LoadBalancer(String),
    /// `VPC Endpoint Interface vpce-…`.
    Endpoint(String),
    /// `Interface for NAT Gateway nat-…`.
    NatGateway(String),
    /// `RDSNetworkInterface` (requester `amazon-rds`): the description names no instance.
    Rds,
    /// `ElastiCache …`: the rest of the description (names the cluster node).
    Cache(String),
    /// Anything else AWS manages (TGW, GWLB, Lambda, …): not modelled.
    #[default]
    Other,
}
