//! The design-file schema: serde DTOs mirroring the YAML/JSON a user writes.
//!
//! These types are the one way into a [`crate::Model`]: the YAML loader, the JSON loader and
//! every importer build a [`Document`], and [`crate::resolve`] turns it into a model. They keep
//! user text as written (CIDRs and references are strings with spans) so that resolution can
//! report a bad value at its exact place. Field names are the contract documented in
//! `docs/yaml-reference.md`; keep the two in step.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::span::Loc;

/// A name-keyed map whose keys remember where they were written.
pub type NamedMap<T> = IndexMap<Loc<String>, T>;

/// A whole design file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Schema version; only `1` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Loc<u32>>,
    /// AWS Region, e.g. `ap-northeast-2`: the Region of every VPC and TGW that names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Loc<String>>,
    /// VPCs by name.
    #[serde(default)]
    pub vpcs: NamedMap<Vpc>,
    /// VPC peering connections by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub peerings: NamedMap<Peering>,
    /// Transit gateways by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub transit_gateways: NamedMap<TransitGateway>,
    /// Customer-managed prefix lists by name, referenced as `pl:NAME`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub prefix_lists: NamedMap<PrefixList>,
    /// Intent assertions checked by `vpcsim check`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<Loc<Expectation>>,
    /// Network policies decided over every flow by `vpcsim check` (docs/policies.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Loc<Policy>>,
}

/// One or several values: `cidr: 10.0.0.0/16` or `cidr: [10.0.0.0/16, 10.1.0.0/16]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// A list, first item primary.
    Many(Vec<T>),
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    /// The values as a slice, in order.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(value) => std::slice::from_ref(value),
            OneOrMany::Many(values) => values,
        }
    }
}

/// A scalar written either as a number or as a string (`ports: 22`, `ports: "8081-8082"`).
///
/// Deserialized by hand rather than `#[serde(untagged)]`: untagged enums buffer every value
/// before trying each variant, which cost a third of the load time of a 210k-rule estate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum NumOrText {
    /// A number.
    Num(i64),
    /// Text.
    Text(String),
}

impl std::fmt::Display for NumOrText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NumOrText::Num(n) => write!(f, "{n}"),
            NumOrText::Text(t) => f.write_str(t),
        }
    }
}

/// A flag or a value: `elastic_ip: true` or `elastic_ip: 3.34.1.1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FlagOrText {
    /// On or off.
    Flag(bool),
    /// An explicit value.
    Text(String),
}

impl<'de> Deserialize<'de> for NumOrText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = NumOrText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumOrText, E> {
                Ok(NumOrText::Num(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumOrText, E> {
                i64::try_from(v)
                    .map(NumOrText::Num)
                    .map_err(|_| E::custom(format!("{v} is too large")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumOrText, E> {
                Ok(NumOrText::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<NumOrText, E> {
                Ok(NumOrText::Text(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumOrText, E> {
                // YAML reads `080` (a leading zero) and `8.0` as floats.
                Err(E::custom(format!(
                    "`{v:?}` is not a whole number: YAML reads a leading zero (`080`) or a decimal point as a fraction; write the number without them (`{}`)",
                    v.trunc()
                )))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for FlagOrText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = FlagOrText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("true, false or a string")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<FlagOrText, E> {
                Ok(FlagOrText::Flag(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FlagOrText, E> {
                Ok(FlagOrText::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<FlagOrText, E> {
                Ok(FlagOrText::Text(v))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A VPC.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    /// IPv4 block(s): primary first, then secondary blocks (docs/semantics.md §1.1, §1.5).
    pub cidr: Loc<OneOrMany<String>>,
    /// AWS Region of this VPC; default: the design's `region` (§15.5). Its AZ names must start
    /// with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Loc<String>>,
    /// AWS account id owning this VPC (informational, §15.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Loc<String>>,
    /// Optional IPv6 block (Amazon-provided blocks are /56, §1.11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr: Option<Loc<String>>,
    /// Name of the internet gateway attached to this VPC (at most one, §3.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_gateway: Option<Loc<String>>,
    /// Name of the egress-only internet gateway (IPv6, §9.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress_only_internet_gateway: Option<Loc<String>>,
    /// Name of the virtual private gateway (VPN, §9.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateway: Option<Loc<String>>,
    /// Destinations the VPN side of `vpn_gateway` covers (its connections' static routes and
    /// the routes it propagates, docs/semantics.md §15.11): traffic routed to the gateway for
    /// these leaves the design to on-premises; for others it is dropped. Absent: the coverage
    /// is unknown and answers say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_routes: Option<Vec<Loc<String>>>,
    /// `enableDnsSupport` (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_dns_support: Option<bool>,
    /// `enableDnsHostnames` (default false for a custom VPC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_dns_hostnames: Option<bool>,
    /// Subnets by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub subnets: NamedMap<Subnet>,
    /// Route tables by name. A table named `main`, or one with `main: true`, is the main table;
    /// otherwise an implicit `main` table with only local routes exists (§2.2).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub route_tables: NamedMap<RouteTable>,
    /// NAT gateways by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub nat_gateways: NamedMap<NatGateway>,
    /// Elastic IPs by name (instances may also say `elastic_ip: true`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub elastic_ips: NamedMap<ElasticIp>,
    /// Security groups by name; `default` exists implicitly (§5.7).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub security_groups: NamedMap<SecurityGroup>,
    /// Network ACLs by name; `default` exists implicitly and allows all (§6.4).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub network_acls: NamedMap<NetworkAcl>,
    /// EC2 instances by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub instances: NamedMap<Instance>,
    /// Extra network interfaces by name (secondary ENIs, appliance ENIs).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub network_interfaces: NamedMap<NetworkInterface>,
    /// Load balancers by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub load_balancers: NamedMap<LoadBalancer>,
    /// Target groups by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub target_groups: NamedMap<TargetGroup>,
    /// RDS DB instances by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub databases: NamedMap<Database>,
    /// ElastiCache clusters by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub caches: NamedMap<Cache>,
    /// VPC endpoints (gateway and interface) by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub endpoints: NamedMap<Endpoint>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// A subnet.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    /// IPv4 block, /16–/28 inside a VPC block (§1.9).
    pub cidr: Loc<String>,
    /// Availability Zone, e.g. `ap-northeast-2a`.
    pub az: Loc<String>,
    /// Availability Zone id, e.g. `apne2-az1`. AZ names are per-account aliases; when both
    /// subnets compared have one, AZ decisions compare ids (§15.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az_id: Option<Loc<String>>,
    /// Optional IPv6 /64 inside the VPC's IPv6 block (§16.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr: Option<Loc<String>>,
    /// `AssignIpv6AddressOnCreation`: interfaces launched here get an IPv6 address unless
    /// they say otherwise (default false, §16.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_ipv6_address_on_creation: Option<Loc<bool>>,
    /// `MapPublicIpOnLaunch` (default false on non-default subnets, §3.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip_on_launch: Option<Loc<bool>>,
    /// Explicitly associated route table; omitted means the main table (§2.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table: Option<Loc<String>>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// A route table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    /// Make this the VPC's main route table (§2.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main: Option<Loc<bool>>,
    /// Routes besides the implicit `local` route(s) (§2.3).
    #[serde(default)]
    pub routes: Vec<Loc<Route>>,
}

/// One route.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Destination: a CIDR or `pl:NAME`.
    pub to: Loc<String>,
    /// Target by name: an internet gateway, NAT gateway, instance, network interface, peering,
    /// transit gateway, VPN gateway, egress-only IGW or gateway endpoint; or `blackhole`.
    pub via: Loc<String>,
}

/// A NAT gateway.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    /// The subnet it lives in (a public subnet for public connectivity, §4.1).
    pub subnet: Loc<String>,
    /// `public` (default) or `private`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connectivity: Option<Loc<String>>,
    /// The Elastic IP address (public NAT only); assigned synthetically when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elastic_ip: Option<Loc<String>>,
    /// Private IP in the subnet; assigned when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Loc<String>>,
}

/// An Elastic IP allocation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElasticIp {
    /// The public address; assigned synthetically when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Loc<String>>,
}

/// A security group.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `default` group only. Omitted or `true`: AWS's rules (all inbound from the group itself,
    /// all outbound) are kept and the listed rules added to them, as editing the default group
    /// in the console or API does (§15.9). `false`: the listed rules are the whole group (what
    /// the importers write, since describe-* and Terraform give every rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_rules: Option<Loc<bool>>,
    /// Inbound rules. Omitted: none. For `default`, listed rules are added to AWS's rule
    /// admitting all traffic from the group itself (§5.7, §15.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Vec<Loc<SgRule>>>,
    /// Outbound rules. Omitted: all traffic to 0.0.0.0/0 (§5.8); `[]`: none. For `default`,
    /// listed rules are added to AWS's all-outbound rule (§15.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Vec<Loc<SgRule>>>,
}

/// A security-group rule. Ingress rules name `from`, egress rules name `to`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SgRule {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `all` (or `-1`) or a protocol number.
    #[schemars(schema_with = "values::protocol")]
    pub proto: Loc<NumOrText>,
    /// `22`, `8081-8082` or `all`; required for tcp/udp, ignored for `all` (§5.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "values::ports")]
    pub ports: Option<Loc<NumOrText>>,
    /// ICMP type (icmp only; omitted = all types).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<Loc<i64>>,
    /// ICMP code (icmp only; omitted = all codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_code: Option<Loc<i64>>,
    /// Source of an ingress rule: a CIDR, `sg:NAME` (`sg:vpc/NAME` across a peering) or `pl:NAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Loc<String>>,
    /// Destination of an egress rule, same forms as `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Loc<String>>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A network ACL.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkAcl {
    /// Subnets explicitly associated (each subnet has exactly one NACL, §6.6).
    #[serde(default)]
    pub subnets: Vec<Loc<String>>,
    /// Inbound entries; a new custom NACL with none denies everything (§6.5).
    #[serde(default)]
    pub ingress: Vec<Loc<NaclRule>>,
    /// Outbound entries.
    #[serde(default)]
    pub egress: Vec<Loc<NaclRule>>,
}

/// One numbered NACL entry.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NaclRule {
    /// Rule number 1–32766; lowest first, first match decides (§6.1, §6.2).
    pub rule: Loc<i64>,
    /// `allow` or `deny`.
    #[schemars(schema_with = "values::nacl_action")]
    pub action: Loc<String>,
    /// Protocol, as for security groups.
    #[schemars(schema_with = "values::protocol")]
    pub proto: Loc<NumOrText>,
    /// Port range for tcp/udp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Loc<NumOrText>>,
    /// ICMP type (omitted = all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<Loc<i64>>,
    /// ICMP code (omitted = all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_code: Option<Loc<i64>>,
    /// The one CIDR (source inbound, destination outbound).
    pub cidr: Loc<String>,
}

/// An EC2 instance (its primary network interface is described inline).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Subnet of the primary ENI.
    pub subnet: Loc<String>,
    /// Security groups of the primary ENI; omitted means the VPC's `default` group (§5.7).
    /// `[]` is an error (`VAL071`): an ENI always has at least one group (§15.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Loc<Vec<Loc<String>>>>,
    /// Primary private IPv4; assigned deterministically from the usable range when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Loc<String>>,
    /// Auto-assigned public IP: overrides the subnet's `public_ip_on_launch`; `true`/`false`
    /// or a fixed address (§3.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Loc<FlagOrText>>,
    /// IPv6 address of the primary ENI: `true` (one from the subnet's /64), an address, or
    /// `false`; omitted means the subnet's `assign_ipv6_address_on_creation` (§16.1). A global
    /// IPv6 address is public: no NAT stands between it and the internet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_address: Option<Loc<FlagOrText>>,
    /// Elastic IP: `true` (allocate one), an address, or the name of an `elastic_ips` entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elastic_ip: Option<Loc<FlagOrText>>,
    /// Source/destination check (default true; NAT instances turn it off, §4.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<Loc<bool>>,
    /// `linux` (default) or `windows`: picks the client ephemeral port range (§6.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<Loc<String>>,
    /// Instance type, informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// A standalone or secondary network interface.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkInterface {
    /// Subnet.
    pub subnet: Loc<String>,
    /// Instance it is attached to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<Loc<String>>,
    /// Security groups; omitted means `default`; `[]` is an error (`VAL071`, §15.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Loc<Vec<Loc<String>>>>,
    /// Private IPv4; assigned when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Loc<String>>,
    /// IPv6 address, as for instances (§16.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_address: Option<Loc<FlagOrText>>,
    /// Elastic IP, as for instances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elastic_ip: Option<Loc<FlagOrText>>,
    /// Source/destination check (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<Loc<bool>>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// An Elastic Load Balancing v2 load balancer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    /// `application` or `network` (§7.1).
    #[serde(rename = "type")]
    #[schemars(schema_with = "values::lb_type")]
    pub kind: Loc<String>,
    /// `internet-facing` or `internal` (§7.3).
    #[schemars(schema_with = "values::lb_scheme")]
    pub scheme: Loc<String>,
    /// One subnet per enabled AZ.
    pub subnets: Vec<Loc<String>>,
    /// Security groups (ALB: default group when omitted, `[]` is an error (`VAL071`, §15.8);
    /// NLB: none when omitted or `[]`, §7.10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Loc<Vec<Loc<String>>>>,
    /// Listeners.
    #[serde(default)]
    pub listeners: Vec<Loc<Listener>>,
    /// Cross-zone load balancing (ALB default on, NLB default off, §7.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_zone: Option<Loc<bool>>,
    /// `ipv4` (default) or `dualstack`: dual-stack nodes also get an IPv6 address in every
    /// subnet that has an IPv6 block and answer IPv6 clients (§16.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "values::ip_address_type")]
    pub ip_address_type: Option<Loc<String>>,
    /// A dual-stack node's IPv6 address per subnet (`{ SUBNET: IPv6 }`), as AWS assigned it
    /// (§15.7, §16.1); dual-stack nodes in subnets not listed get an assigned address.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub ipv6_ips: NamedMap<Loc<String>>,
    /// The node's private address per subnet (`{ SUBNET: IP }`), as AWS assigned it
    /// (§15.7); subnets not listed get an assigned address.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub private_ips: NamedMap<Loc<String>>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// A listener with its default `forward` action.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Listener {
    /// Port 1–65535.
    pub port: Loc<i64>,
    /// `http`, `https` (ALB) or `tcp`, `tls`, `udp`, `tcp_udp` (NLB).
    #[schemars(schema_with = "values::listener_protocol")]
    pub protocol: Loc<String>,
    /// Target group of the default forward action.
    pub forward: Loc<String>,
}

/// A target group.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    /// Protocol to targets.
    pub protocol: Loc<String>,
    /// Default target port.
    pub port: Loc<i64>,
    /// `instance` (default) or `ip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<Loc<String>>,
    /// Health check settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<Loc<HealthCheck>>,
    /// NLB client IP preservation (defaults per §7.10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_client_ip: Option<Loc<bool>>,
    /// Registered targets.
    #[serde(default)]
    pub targets: Vec<Loc<Target>>,
}

/// Health check settings of a target group (§7.7).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealthCheck {
    /// HTTP path (default `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// `traffic-port` (default) or a port number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Loc<NumOrText>>,
    /// Protocol (default: the target group's, TCP for NLB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Loc<String>>,
}

/// A registered target: an instance or an IP, with an optional port override.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Instance name (instance target groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<Loc<String>>,
    /// Private IP (ip target groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<Loc<String>>,
    /// Port override (default: the target group's port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Loc<i64>>,
}

/// An RDS DB instance.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Database {
    /// Engine, e.g. `mysql`, `postgres`, `mariadb`, `oracle`, `sqlserver`, `aurora-mysql`.
    #[schemars(schema_with = "values::db_engine")]
    pub engine: Loc<String>,
    /// Port (default by engine, §8.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Loc<i64>>,
    /// DB subnet group: subnets in at least two AZs (§8.1). The instance lives in the first.
    pub subnets: Vec<Loc<String>>,
    /// Security groups (default group when omitted; `[]` is an error, `VAL071`, §15.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Loc<Vec<Loc<String>>>>,
    /// `PubliclyAccessible` (default false, §8.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<Loc<bool>>,
    /// Private IP; assigned when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Loc<String>>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// An ElastiCache cluster (one node modelled).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    /// `redis`, `valkey` or `memcached`.
    #[schemars(schema_with = "values::cache_engine")]
    pub engine: Loc<String>,
    /// Port (default by engine, §8.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Loc<i64>>,
    /// Cache subnet group; the node lives in the first.
    pub subnets: Vec<Loc<String>>,
    /// Security groups (default group when omitted; `[]` is an error, `VAL071`, §15.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Loc<Vec<Loc<String>>>>,
    /// Private IP; assigned when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Loc<String>>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// A VPC endpoint.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// `gateway` or `interface`.
    #[serde(rename = "type")]
    #[schemars(schema_with = "values::endpoint_type")]
    pub kind: Loc<String>,
    /// Service short name, e.g. `s3`, `dynamodb`, `ssm`.
    pub service: Loc<String>,
    /// Gateway endpoints: route tables that get the prefix-list route (§9.6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<Loc<String>>,
    /// Interface endpoints: one subnet per AZ (§9.7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Loc<String>>,
    /// Interface endpoints: security groups (default group when omitted; `[]` is an error,
    /// `VAL071`, §15.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<Loc<Vec<Loc<String>>>>,
    /// Interface endpoints: the ENI's private address per subnet (`{ SUBNET: IP }`), as AWS
    /// assigned it (§15.7); subnets not listed get an assigned address.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub private_ips: NamedMap<Loc<String>>,
    /// Tags (`{ tier: db }`): what policy selectors `tag:KEY=VALUE` match (docs/policies.md).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tags: IndexMap<String, String>,
}

/// A VPC peering connection.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Peering {
    /// Requester VPC name.
    pub requester: Loc<String>,
    /// Accepter VPC name.
    pub accepter: Loc<String>,
    /// `active` (default), `pending-acceptance`, `rejected`, `deleted`, … (§9.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Loc<String>>,
    /// Region of the accepter when it differs from the document's (SG references then fail, §5.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepter_region: Option<Loc<String>>,
}

/// A transit gateway.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitGateway {
    /// AWS Region of this TGW; default: the design's `region`. A TGW attaches VPCs of its own
    /// Region only (§15.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Loc<String>>,
    /// AWS account id owning this TGW (informational, §15.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Loc<String>>,
    /// VPC attachments by name.
    #[serde(default)]
    pub attachments: NamedMap<TgwAttachment>,
    /// Peering attachments to other TGWs by name (§15.4); the name is usable in the route
    /// tables of both TGWs.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub peerings: NamedMap<TgwPeeringAttachment>,
    /// TGW route tables by name. Omitted: one default table that every attachment is
    /// associated with and propagates to (AWS's default, §9.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_tables: Option<NamedMap<TgwRouteTable>>,
}

/// A transit gateway VPC attachment.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TgwAttachment {
    /// Attached VPC.
    pub vpc: Loc<String>,
    /// One subnet per AZ served (§9.5: the attachment serves only these AZs).
    pub subnets: Vec<Loc<String>>,
}

/// A transit gateway peering attachment.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TgwPeeringAttachment {
    /// The peer transit gateway's name (any Region or account).
    pub peer: Loc<String>,
}

/// A transit gateway route table.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TgwRouteTable {
    /// Attachments associated with this table (each attachment with at most one).
    #[serde(default)]
    pub associations: Vec<Loc<String>>,
    /// Attachments whose VPC CIDRs propagate into this table.
    #[serde(default)]
    pub propagations: Vec<Loc<String>>,
    /// Static routes: `via` an attachment name or `blackhole`.
    #[serde(default)]
    pub routes: Vec<Loc<Route>>,
}

/// A customer-managed prefix list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrefixList {
    /// Entries.
    pub cidrs: Vec<Loc<String>>,
    /// Max entries (counts against SG rule quotas, §5.4); default: the number of entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_entries: Option<u32>,
}

/// An intent assertion: `{ from: internet, to: web:80, reachable: true }`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// Source endpoint (see docs/reach.md).
    pub from: Loc<String>,
    /// Destination endpoint, optionally `:PORT`.
    pub to: Loc<String>,
    /// `tcp` (default), `udp` or `icmp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proto: Option<Loc<String>>,
    /// Address family, `4` or `6`. Omitted: an address end's own; between names and
    /// `internet`, IPv4, and IPv6 as well when both ends have IPv6 addresses (reachable when
    /// either family is, §16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<Loc<u8>>,
    /// The expected verdict.
    pub reachable: Loc<bool>,
}

/// A network policy: `{ id: no-db-from-internet, kind: deny, from: internet, to: "kind:database" }`
/// (docs/policies.md). Decided exhaustively over every protocol, source and port.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Identifier, unique in the set: named by findings, `vpcsim diff` and suppressions.
    pub id: Loc<String>,
    /// `deny`, `allow-only`, `require` or `isolate`.
    #[schemars(schema_with = "values::policy_kind")]
    pub kind: Loc<String>,
    /// Source selector(s): a resource name or `vpc/name`, `internet`, `*`, `kind:K`,
    /// `tag:K=V`, `subnet:S`, `vpc:V`, `region:R`, `account:A`, `sg:G`, a CIDR; `!SEL`
    /// subtracts.
    pub from: Loc<OneOrMany<String>>,
    /// Destination selector(s), as `from`.
    pub to: Loc<OneOrMany<String>>,
    /// Protocol(s) the policy speaks of: `tcp`, `udp`, `icmp`, `all` or a number; default all
    /// (`require`: tcp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proto: Option<Loc<OneOrMany<String>>>,
    /// Destination port(s) or ranges (`5432`, `8081-8082`, `[80, 443]`); default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Loc<OneOrMany<NumOrText>>>,
    /// Why the policy exists (shown with its findings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// JSON Schema for fields whose values are a closed set (editor completion and validation):
/// the canonical spellings as `enum` (what editors offer), and a case-insensitive pattern so that
/// every spelling vpcsim accepts also validates (the resolver compares case-insensitively).
mod values {
    use schemars::{Schema, SchemaGenerator, json_schema};

    /// A regex matching `word` in any case: `[Aa][Ll][Bb]`.
    fn any_case(word: &str) -> String {
        word.chars()
            .map(|c| {
                if c.is_ascii_alphabetic() {
                    format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                } else if c.is_ascii_alphanumeric() {
                    c.to_string()
                } else {
                    format!("\\{c}")
                }
            })
            .collect()
    }

    fn one_of_words(words: &[&str]) -> Schema {
        let pattern = format!(
            "^({})$",
            words
                .iter()
                .map(|w| any_case(w))
                .collect::<Vec<_>>()
                .join("|")
        );
        json_schema!({
            "type": "string",
            "anyOf": [ { "enum": words }, { "pattern": pattern } ]
        })
    }

    pub(super) fn lb_type(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["application", "network", "alb", "nlb"])
    }

    pub(super) fn policy_kind(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["deny", "allow-only", "require", "isolate"])
    }

    pub(super) fn lb_scheme(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["internet-facing", "internal"])
    }

    pub(super) fn ip_address_type(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["ipv4", "dualstack"])
    }

    pub(super) fn listener_protocol(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["http", "https", "tcp", "tls", "udp", "tcp_udp"])
    }

    pub(super) fn nacl_action(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["allow", "deny"])
    }

    pub(super) fn cache_engine(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["redis", "valkey", "memcached"])
    }

    pub(super) fn endpoint_type(_: &mut SchemaGenerator) -> Schema {
        one_of_words(&["gateway", "interface"])
    }

    /// RDS engines are matched by family (`aurora-postgresql` is PostgreSQL, §8.3): examples,
    /// not a closed list.
    pub(super) fn db_engine(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "examples": ["postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql", "oracle-ee", "sqlserver-se"]
        })
    }

    /// `tcp`, `udp`, `icmp`, `icmpv6`, `all` (`-1`, `any`) or an IP protocol number 0–255.
    pub(super) fn protocol(_: &mut SchemaGenerator) -> Schema {
        let names = ["tcp", "udp", "icmp", "icmpv6", "all", "any"];
        let pattern = format!(
            "^({}|-1|[0-9]{{1,3}})$",
            names
                .iter()
                .map(|w| any_case(w))
                .collect::<Vec<_>>()
                .join("|")
        );
        json_schema!({
            "anyOf": [
                { "type": "string", "enum": names },
                { "type": "string", "pattern": pattern },
                { "type": "integer", "minimum": -1, "maximum": 255 }
            ]
        })
    }

    /// A port (`22`), a range (`8081-8082`), `all` (or `-1`).
    pub(super) fn ports(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "integer", "minimum": -1, "maximum": 65535 },
                { "type": "string", "pattern": "^\\s*([Aa][Ll][Ll]|-1|[0-9]{1,5}(\\s*-\\s*[0-9]{1,5})?)\\s*$" }
            ]
        })
    }
}
