//! Template resources → [`Inventory`], keyed by logical id.
//!
//! Two passes, as for Terraform: the first creates VPCs, subnets, tables, groups and
//! workloads; the second attaches what refers to them (routes, associations, standalone rules,
//! listeners, databases). Every property whose value the template does not determine is a
//! warning naming the logical id, and so is every resource type vpcsim does not model.

use std::collections::BTreeMap;

use crate::error::ImportWarning;
use crate::ir::{self, Inventory, Label, Peer, TargetKind};

use super::eval::{Context, Val};
use super::template::Node;

/// Types with no effect on reachability: reported as info, not warning.
const IRRELEVANT_PREFIXES: &[&str] = &[
    "AWS::IAM::",
    "AWS::Logs::",
    "AWS::S3::",
    "AWS::SNS::",
    "AWS::SQS::",
    "AWS::CloudWatch::",
    "AWS::KMS::",
    "AWS::SecretsManager::",
    "AWS::SSM::",
    "AWS::CloudFormation::WaitCondition",
    "AWS::CloudFormation::Interface",
    "AWS::EC2::DHCPOptions",
    "AWS::EC2::VPCDHCPOptionsAssociation",
    "AWS::EC2::FlowLog",
    "AWS::EC2::KeyPair",
    "AWS::EC2::LaunchTemplate",
    "AWS::Lambda::Permission",
    "AWS::Events::",
    "AWS::Route53::",
];

/// Types read in the second pass.
const SECOND_PASS: &[&str] = &[
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::EIP",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::RDS::DBInstance",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::EC2::TransitGatewayAttachment",
    "AWS::EC2::TransitGatewayVpcAttachment",
];

/// One resource, its properties evaluated.
struct Res<'t> {
    id: String,
    kind: String,
    node: &'t Node,
    props: Val,
}

impl Res<'_> {
    /// The template node of a property (for its position).
    fn prop_node(&self, key: &str) -> Option<&Node> {
        self.node.get("Properties").and_then(|p| p.get(key))
    }
}

struct Reader<'c, 't> {
    ctx: &'c Context<'t>,
    inv: Inventory,
    warnings: Vec<ImportWarning>,
    /// DB / cache subnet groups: logical id → subnets.
    subnet_groups: BTreeMap<String, Vec<String>>,
}

pub(super) fn read(
    ctx: &Context<'_>,
    entries: &[(String, Node)],
) -> (Inventory, Vec<ImportWarning>) {
    let mut reader = Reader {
        ctx,
        inv: Inventory::default(),
        warnings: Vec::new(),
        subnet_groups: BTreeMap::new(),
    };
    let mut resources = Vec::new();
    for (id, node) in entries {
        let Some(kind) = node.get("Type").and_then(Node::as_str) else {
            reader.warn(id, "resource without a `Type`; skipped");
            continue;
        };
        if let Some(condition) = node.get("Condition").and_then(Node::as_str) {
            match ctx.condition(condition) {
                Ok(true) => {}
                Ok(false) => {
                    reader.warnings.push(ImportWarning::info(
                        id,
                        format!("not created: condition `{condition}` is false"),
                    ));
                    continue;
                }
                Err(other) => {
                    let reason = match other {
                        Val::Unknown(reason) => reason,
                        _ => "not a boolean".to_owned(),
                    };
                    reader.warn(
                        id,
                        format!("condition `{condition}` cannot be decided ({reason}); the resource is imported as if created"),
                    );
                }
            }
        }
        let props = match node.get("Properties") {
            Some(p) => ctx.eval(p),
            None => Val::Map(Vec::new()),
        };
        resources.push(Res {
            id: id.clone(),
            kind: kind.to_owned(),
            node,
            props,
        });
    }
    for pass in 0..3 {
        for r in &resources {
            if pass_of(&r.kind) == pass {
                reader.resource(r);
            }
        }
    }
    (reader.inv, reader.warnings)
}

/// 0: containers and standalone resources; 1: instances (they take in their primary
/// network interface); 2: what refers to the others.
fn pass_of(kind: &str) -> usize {
    if SECOND_PASS.contains(&kind) {
        2
    } else if kind == "AWS::EC2::Instance" {
        1
    } else {
        0
    }
}

fn pos_span(node: Option<&Node>) -> Option<vpcsim_model::Span> {
    node.map(|n| n.pos().span())
}

impl<'c, 't> Reader<'c, 't> {
    fn warn(&mut self, id: &str, message: impl Into<String>) {
        self.warnings.push(ImportWarning::warn(id, message));
    }

    fn span(&mut self, key: String, node: Option<&Node>) {
        if let Some(span) = pos_span(node) {
            self.inv.spans.insert(key, span);
        }
    }

    /// A property's value; `None` (with a warning) when the template does not determine it.
    fn val(&mut self, r: &Res<'_>, key: &str) -> Option<Val> {
        self.val_in(&r.id, &r.props, key)
    }

    fn val_in(&mut self, id: &str, map: &Val, key: &str) -> Option<Val> {
        match map.get(key)? {
            Val::Unknown(reason) => {
                let reason = reason.clone();
                self.warn(id, format!("{key}: {reason}; not imported"));
                None
            }
            Val::Null | Val::NoValue => None,
            Val::List(items) if items.iter().any(|i| matches!(i, Val::Unknown(_))) => {
                let reason = items
                    .iter()
                    .find_map(|i| match i {
                        Val::Unknown(r) => Some(r.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                self.warn(
                    id,
                    format!(
                        "{key}: an item is not determined ({reason}); that item is not imported"
                    ),
                );
                Some(Val::List(
                    items
                        .iter()
                        .filter(|i| !matches!(i, Val::Unknown(_)))
                        .cloned()
                        .collect(),
                ))
            }
            other => Some(other.clone()),
        }
    }

    fn str_in(&mut self, id: &str, map: &Val, key: &str) -> Option<String> {
        match self.val_in(id, map, key)? {
            Val::Str(s) if !s.is_empty() => Some(s),
            Val::Str(_) => None,
            other => {
                self.warn(
                    id,
                    format!("{key}: expected a string, found {other:?}; ignored"),
                );
                None
            }
        }
    }

    fn str(&mut self, r: &Res<'_>, key: &str) -> Option<String> {
        self.str_in(&r.id, &r.props, key)
    }

    fn int_in(&mut self, id: &str, map: &Val, key: &str) -> Option<i64> {
        let text = self.str_in(id, map, key)?;
        match text.trim().parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.warn(id, format!("{key}: `{text}` is not a number; ignored"));
                None
            }
        }
    }

    fn int(&mut self, r: &Res<'_>, key: &str) -> Option<i64> {
        self.int_in(&r.id, &r.props, key)
    }

    fn bool_in(&mut self, id: &str, map: &Val, key: &str) -> Option<bool> {
        let text = self.str_in(id, map, key)?;
        match text.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.warn(id, format!("{key}: `{text}` is not a boolean; ignored"));
                None
            }
        }
    }

    fn bool(&mut self, r: &Res<'_>, key: &str) -> Option<bool> {
        self.bool_in(&r.id, &r.props, key)
    }

    fn strs_in(&mut self, id: &str, map: &Val, key: &str) -> Vec<String> {
        match self.val_in(id, map, key) {
            Some(Val::List(items)) => items
                .into_iter()
                .filter_map(|i| match i {
                    Val::Str(s) if !s.is_empty() => Some(s),
                    _ => None,
                })
                .collect(),
            Some(Val::Str(s)) if !s.is_empty() => vec![s],
            _ => Vec::new(),
        }
    }

    fn strs(&mut self, r: &Res<'_>, key: &str) -> Vec<String> {
        self.strs_in(&r.id, &r.props, key)
    }

    fn list(&mut self, r: &Res<'_>, key: &str) -> Vec<Val> {
        match self.val(r, key) {
            Some(Val::List(items)) => items,
            _ => Vec::new(),
        }
    }

    fn label(&self, r: &Res<'_>) -> Label {
        let tag = match r.props.get("Tags") {
            Some(Val::List(tags)) => tags.iter().find_map(|t| {
                (t.get("Key") == Some(&Val::Str("Name".to_owned())))
                    .then(|| match t.get("Value") {
                        Some(Val::Str(s)) if !s.is_empty() => Some(s.clone()),
                        _ => None,
                    })
                    .flatten()
            }),
            _ => None,
        };
        Label {
            tag,
            fallback: r.id.clone(),
            suffix: r.id.clone(),
        }
    }

    fn resource(&mut self, r: &Res<'_>) {
        self.span(r.id.clone(), Some(r.node));
        match r.kind.as_str() {
            "AWS::EC2::VPC" => self.vpc(r),
            "AWS::EC2::VPCCidrBlock" => self.cidr_block(r),
            "AWS::EC2::Subnet" => self.subnet(r),
            "AWS::EC2::RouteTable" => {
                let vpc = self.str(r, "VpcId");
                let label = self.label(r);
                self.inv.route_tables.insert(
                    r.id.clone(),
                    ir::RouteTable {
                        label,
                        vpc,
                        ..Default::default()
                    },
                );
            }
            "AWS::EC2::Route" => self.route(r),
            "AWS::EC2::SubnetRouteTableAssociation" => {
                let subnet = self.str(r, "SubnetId");
                let table = self.str(r, "RouteTableId");
                match (
                    subnet,
                    table
                        .as_ref()
                        .and_then(|t| self.inv.route_tables.get_mut(t)),
                ) {
                    (Some(subnet), Some(table)) => table.subnets.push(subnet),
                    _ => self.warn(
                        &r.id,
                        "subnet or route table of the association not in the template; skipped",
                    ),
                }
            }
            "AWS::EC2::InternetGateway" => {
                let label = self.label(r);
                self.inv
                    .internet_gateways
                    .insert(r.id.clone(), ir::Gateway { label, vpc: None });
            }
            "AWS::EC2::VPNGateway" => {
                let label = self.label(r);
                self.inv
                    .vpn_gateways
                    .insert(r.id.clone(), ir::Gateway { label, vpc: None });
            }
            "AWS::EC2::EgressOnlyInternetGateway" => {
                let label = self.label(r);
                let vpc = self.str(r, "VpcId");
                self.inv
                    .egress_only_gateways
                    .insert(r.id.clone(), ir::Gateway { label, vpc });
            }
            "AWS::EC2::VPCGatewayAttachment" => {
                let vpc = self.str(r, "VpcId");
                let igw = self.str(r, "InternetGatewayId");
                let vgw = self.str(r, "VpnGatewayId");
                let gateway = match (&igw, &vgw) {
                    (Some(g), _) => self.inv.internet_gateways.get_mut(g),
                    (None, Some(g)) => self.inv.vpn_gateways.get_mut(g),
                    _ => None,
                };
                match (gateway, vpc) {
                    (Some(gateway), Some(vpc)) => gateway.vpc = Some(vpc),
                    _ => self.warn(
                        &r.id,
                        "gateway or VPC of the attachment not in the template; skipped",
                    ),
                }
            }
            "AWS::EC2::NatGateway" => {
                let nat = ir::NatGateway {
                    label: self.label(r),
                    vpc: None,
                    subnet: self.str(r, "SubnetId"),
                    connectivity: self
                        .str(r, "ConnectivityType")
                        .map(|c| c.to_ascii_lowercase()),
                    public_ip: None,
                    allocation: self.str(r, "AllocationId"),
                    private_ip: self.str(r, "PrivateIpAddress"),
                };
                self.inv.nat_gateways.insert(r.id.clone(), nat);
            }
            "AWS::EC2::EIP" => {
                let instance = self.str(r, "InstanceId");
                if let Some(instance) = &instance {
                    self.eip_to_instance(instance);
                }
                self.inv.elastic_ips.insert(
                    r.id.clone(),
                    ir::ElasticIp {
                        public_ip: None,
                        instance,
                        network_interface: None,
                    },
                );
            }
            "AWS::EC2::EIPAssociation" => {
                let instance = self.str(r, "InstanceId");
                let eni = self.str(r, "NetworkInterfaceId");
                match (instance, eni) {
                    (Some(instance), _) => self.eip_to_instance(&instance),
                    (None, Some(eni)) => {
                        let owner = self
                            .inv
                            .instances
                            .iter()
                            .find(|(_, i)| i.primary_eni.as_deref() == Some(eni.as_str()))
                            .map(|(id, _)| id.clone());
                        match owner {
                            Some(instance) => self.eip_to_instance(&instance),
                            None => self.warn(&r.id, format!("elastic IP on network interface `{eni}`, which is not an instance's primary interface in the template: its public address is not imported")),
                        }
                    }
                    _ => self.warn(
                        &r.id,
                        "instance or network interface of the association not determined; skipped",
                    ),
                }
            }
            "AWS::EC2::SecurityGroup" => self.security_group(r),
            "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
                self.sg_rule_resource(r)
            }
            "AWS::EC2::NetworkAcl" => {
                let vpc = self.str(r, "VpcId");
                let label = self.label(r);
                self.inv.network_acls.insert(
                    r.id.clone(),
                    ir::NetworkAcl {
                        label,
                        vpc,
                        ..Default::default()
                    },
                );
            }
            "AWS::EC2::NetworkAclEntry" => self.nacl_entry(r),
            "AWS::EC2::SubnetNetworkAclAssociation" => {
                let subnet = self.str(r, "SubnetId");
                let acl = self.str(r, "NetworkAclId");
                match (
                    subnet,
                    acl.as_ref().and_then(|a| self.inv.network_acls.get_mut(a)),
                ) {
                    (Some(subnet), Some(acl)) => acl.subnets.push(subnet),
                    _ => self.warn(
                        &r.id,
                        "subnet or network ACL of the association not in the template; skipped",
                    ),
                }
            }
            "AWS::EC2::Instance" => self.instance(r),
            "AWS::EC2::NetworkInterface" => {
                let mut private_ip = self.str(r, "PrivateIpAddress");
                for address in self.list(r, "PrivateIpAddresses") {
                    if private_ip.is_none()
                        && self.bool_in(&r.id, &address, "Primary") == Some(true)
                    {
                        private_ip = self.str_in(&r.id, &address, "PrivateIpAddress");
                    }
                }
                let eni = ir::NetworkInterface {
                    label: self.label(r),
                    vpc: None,
                    subnet: self.str(r, "SubnetId"),
                    instance: None,
                    private_ip,
                    public_ip: None,
                    security_groups: Some(self.strs(r, "GroupSet")),
                    source_dest_check: self.bool(r, "SourceDestCheck"),
                    ipv6_address: None,
                };
                self.inv.network_interfaces.insert(r.id.clone(), eni);
            }
            "AWS::EC2::NetworkInterfaceAttachment" => {
                let instance = self.str(r, "InstanceId");
                let eni = self.str(r, "NetworkInterfaceId");
                match eni
                    .as_ref()
                    .and_then(|e| self.inv.network_interfaces.get_mut(e))
                {
                    Some(eni) => eni.instance = instance,
                    None => self.warn(
                        &r.id,
                        "network interface of the attachment not in the template; skipped",
                    ),
                }
            }
            "AWS::EC2::VPCEndpoint" => {
                let kind = self
                    .str(r, "VpcEndpointType")
                    .unwrap_or_else(|| "Gateway".to_owned())
                    .to_ascii_lowercase();
                let Some(service) = self.str(r, "ServiceName") else {
                    self.warn(&r.id, "endpoint service name not determined; skipped");
                    return;
                };
                let security_groups = self.strs(r, "SecurityGroupIds");
                let endpoint = ir::Endpoint {
                    label: self.label(r),
                    vpc: self.str(r, "VpcId"),
                    kind,
                    service,
                    route_tables: self.strs(r, "RouteTableIds"),
                    subnets: self.strs(r, "SubnetIds"),
                    security_groups: (!security_groups.is_empty()).then_some(security_groups),
                };
                self.inv.endpoints.insert(r.id.clone(), endpoint);
            }
            "AWS::EC2::VPCPeeringConnection" => {
                if self.str(r, "PeerOwnerId").is_some() {
                    self.warn(
                        &r.id,
                        "peering with another account: its acceptance is not known; assumed active",
                    );
                }
                let peering = ir::Peering {
                    label: self.label(r),
                    requester: self.str(r, "VpcId"),
                    accepter: self.str(r, "PeerVpcId"),
                    status: None,
                    accepter_region: self.str(r, "PeerRegion"),
                };
                self.inv.peerings.insert(r.id.clone(), peering);
            }
            "AWS::EC2::TransitGateway" => {
                let label = self.label(r);
                self.inv
                    .transit_gateways
                    .insert(r.id.clone(), ir::TransitGateway { label });
            }
            "AWS::EC2::TransitGatewayAttachment" | "AWS::EC2::TransitGatewayVpcAttachment" => {
                let attachment = ir::TgwAttachment {
                    label: self.label(r),
                    transit_gateway: self.str(r, "TransitGatewayId"),
                    vpc: self.str(r, "VpcId"),
                    subnets: self.strs(r, "SubnetIds"),
                };
                self.inv.tgw_attachments.insert(r.id.clone(), attachment);
            }
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => self.load_balancer(r),
            "AWS::ElasticLoadBalancingV2::Listener" => self.listener(r),
            "AWS::ElasticLoadBalancingV2::TargetGroup" => self.target_group(r),
            "AWS::RDS::DBSubnetGroup" | "AWS::ElastiCache::SubnetGroup" => {
                let subnets = self.strs(r, "SubnetIds");
                self.subnet_groups.insert(r.id.clone(), subnets);
            }
            "AWS::RDS::DBInstance" => self.database(r, false),
            "AWS::ElastiCache::CacheCluster" | "AWS::ElastiCache::ReplicationGroup" => {
                self.database(r, true)
            }
            kind if kind == "AWS::CloudFormation::CustomResource"
                || kind.starts_with("Custom::") =>
            {
                self.warn(&r.id, format!("custom resource ({kind}): what it creates and returns is not determined by the template; not modelled"));
            }
            "AWS::CloudFormation::Stack" => {
                self.warn(
                    &r.id,
                    "nested stack: its template is not read; its resources are not in the design",
                );
            }
            kind if kind.starts_with("AWS::AutoScaling::") || kind == "AWS::ECS::Service" => {
                self.warn(&r.id, format!("{kind} is not modelled: the instances or tasks it launches are not in the design"));
            }
            kind if IRRELEVANT_PREFIXES.iter().any(|p| kind.starts_with(p)) => {
                self.warnings.push(ImportWarning::info(
                    &r.id,
                    format!("{kind} is not modelled (no effect on reachability)"),
                ));
            }
            kind => self.warn(
                &r.id,
                format!(
                    "{kind} is not modelled; anything it adds to the network is not in the design"
                ),
            ),
        }
    }

    fn eip_to_instance(&mut self, instance: &str) {
        if let Some(instance) = self.inv.instances.get_mut(instance) {
            instance.public_ip.get_or_insert(None);
            instance.no_public_ip = false;
        }
    }

    fn vpc(&mut self, r: &Res<'_>) {
        let cidr = self.str(r, "CidrBlock");
        if cidr.is_none() {
            self.warn(&r.id, "CIDR block not determined by the template (IPAM pool?); the VPC cannot be imported");
            return;
        }
        self.span(format!("{}#cidr", r.id), r.prop_node("CidrBlock"));
        let vpc = ir::Vpc {
            label: self.label(r),
            cidrs: cidr.into_iter().collect(),
            ipv6_cidr: None,
            enable_dns_support: self.bool(r, "EnableDnsSupport"),
            enable_dns_hostnames: self.bool(r, "EnableDnsHostnames"),
        };
        self.inv.vpcs.insert(r.id.clone(), vpc);
    }

    fn cidr_block(&mut self, r: &Res<'_>) {
        let vpc = self.str(r, "VpcId");
        if self.bool(r, "AmazonProvidedIpv6CidrBlock") == Some(true)
            || self.str(r, "Ipv6CidrBlock").is_some()
        {
            self.warn(&r.id, "IPv6 block: its address is chosen by AWS at deploy time; not imported, so the design has no IPv6 addresses in this VPC (IPv6 routes and rules are kept, IPv6 answers are not)");
            return;
        }
        let cidr = self.str(r, "CidrBlock");
        match (vpc.as_ref().and_then(|v| self.inv.vpcs.get_mut(v)), cidr) {
            (Some(vpc), Some(cidr)) => vpc.cidrs.push(cidr),
            _ => self.warn(
                &r.id,
                "VPC or CIDR of the secondary block not determined; skipped",
            ),
        }
    }

    fn subnet(&mut self, r: &Res<'_>) {
        let Some(cidr) = self.str(r, "CidrBlock") else {
            self.warn(
                &r.id,
                "subnet CIDR not determined by the template; the subnet is skipped",
            );
            return;
        };
        let az = match self.str(r, "AvailabilityZone") {
            Some(az) => az,
            None => {
                let az = format!("{}a", self.ctx.region);
                self.warn(
                    &r.id,
                    format!("no AvailabilityZone; AWS picks one at deploy time, {az} assumed"),
                );
                az
            }
        };
        self.span(format!("{}#cidr", r.id), r.prop_node("CidrBlock"));
        let subnet = ir::Subnet {
            label: self.label(r),
            vpc: self.str(r, "VpcId"),
            cidr,
            az,
            ipv6_cidr: match r.props.get("Ipv6CidrBlock") {
                None => None,
                Some(Val::Str(literal)) => Some(literal.clone()),
                Some(_) => {
                    self.warn(&r.id, "Ipv6CidrBlock is derived from the VPC's AWS-assigned IPv6 block, which is not known before deployment; the subnet is imported IPv4-only");
                    None
                }
            },
            public_ip_on_launch: self.bool(r, "MapPublicIpOnLaunch"),
            assign_ipv6_on_creation: self.bool(r, "AssignIpv6AddressOnCreation"),
        };
        self.inv.subnets.insert(r.id.clone(), subnet);
    }

    fn route(&mut self, r: &Res<'_>) {
        let table = self.str(r, "RouteTableId");
        let (to, prefix_list) = match (
            self.str(r, "DestinationCidrBlock"),
            self.str(r, "DestinationIpv6CidrBlock"),
            self.str(r, "DestinationPrefixListId"),
        ) {
            (Some(c), _, _) | (None, Some(c), _) => (c, false),
            (None, None, Some(p)) => (p, true),
            _ => {
                self.warn(&r.id, "route destination not determined; skipped");
                return;
            }
        };
        let targets: [(&str, TargetKind); 10] = [
            ("GatewayId", TargetKind::Gateway),
            ("NatGatewayId", TargetKind::NatGateway),
            ("EgressOnlyInternetGatewayId", TargetKind::EgressOnlyGateway),
            ("VpcPeeringConnectionId", TargetKind::Peering),
            ("TransitGatewayId", TargetKind::TransitGateway),
            ("InstanceId", TargetKind::Instance),
            ("NetworkInterfaceId", TargetKind::NetworkInterface),
            ("VpcEndpointId", TargetKind::Endpoint),
            (
                "CarrierGatewayId",
                TargetKind::Unsupported("carrier gateway"),
            ),
            ("LocalGatewayId", TargetKind::Unsupported("local gateway")),
        ];
        let mut target = None;
        for (key, kind) in targets {
            if let Some(id) = self.str(r, key) {
                target = Some((kind, id));
                break;
            }
        }
        if target.is_none() && self.str(r, "CoreNetworkArn").is_some() {
            target = Some((
                TargetKind::Unsupported("Cloud WAN core network"),
                r.id.clone(),
            ));
        }
        if target.is_none() {
            self.warn(
                &r.id,
                format!("route to {to}: target not determined by the template; route skipped"),
            );
            return;
        }
        let Some(table_id) = table else {
            self.warn(&r.id, "route table not determined; route skipped");
            return;
        };
        let Some(rt) = self.inv.route_tables.get_mut(&table_id) else {
            self.warn(
                &r.id,
                format!("route table `{table_id}` is not in the template; route skipped"),
            );
            return;
        };
        let index = rt.routes.len();
        rt.routes.push(ir::Route {
            to: to.clone(),
            to_prefix_list: prefix_list,
            target,
            alt_target: None,
            blackhole: false,
            origin: format!("{} ({to})", r.id),
        });
        self.span(format!("{table_id}#route#{index}"), Some(r.node));
    }

    fn rule(&mut self, id: &str, rule: &Val, egress: bool) -> Option<ir::SgRule> {
        let proto = match self.str_in(id, rule, "IpProtocol") {
            Some(p) => p,
            None => {
                self.warn(
                    id,
                    "security group rule without a determined IpProtocol; rule skipped",
                );
                return None;
            }
        };
        let from_port = self.int_in(id, rule, "FromPort");
        let to_port = self.int_in(id, rule, "ToPort");
        let (sg_key, pl_key) = if egress {
            ("DestinationSecurityGroupId", "DestinationPrefixListId")
        } else {
            ("SourceSecurityGroupId", "SourcePrefixListId")
        };
        let peer = if let Some(cidr) = self.str_in(id, rule, "CidrIp") {
            Peer::Cidr(cidr)
        } else if let Some(cidr) = self.str_in(id, rule, "CidrIpv6") {
            Peer::Cidr(cidr)
        } else if let Some(sg) = self.str_in(id, rule, sg_key) {
            Peer::SecurityGroup(sg)
        } else if let Some(pl) = self.str_in(id, rule, pl_key) {
            Peer::PrefixList(pl)
        } else {
            let by_name = if egress {
                None
            } else {
                self.str_in(id, rule, "SourceSecurityGroupName")
            };
            match by_name {
                Some(name) => self.warn(id, format!("rule with SourceSecurityGroupName `{name}` (a group name, default VPC only); rule skipped")),
                None => self.warn(id, "security group rule without a determined peer (CidrIp, CidrIpv6, security group or prefix list); rule skipped"),
            }
            return None;
        };
        Some(ir::SgRule {
            proto,
            from_port,
            to_port,
            peer,
            description: self.str_in(id, rule, "Description"),
        })
    }

    fn security_group(&mut self, r: &Res<'_>) {
        let vpc = self.str(r, "VpcId");
        if vpc.is_none() && r.props.get("VpcId").is_none() {
            self.warn(&r.id, "security group without VpcId: it is created in the default VPC, which is not in the template; skipped");
            return;
        }
        let mut group = ir::SecurityGroup {
            label: self.label(r),
            vpc,
            is_default: false,
            description: self.str(r, "GroupDescription"),
            ingress: Vec::new(),
            egress: Vec::new(),
        };
        for (key, egress) in [
            ("SecurityGroupIngress", false),
            ("SecurityGroupEgress", true),
        ] {
            let rules = self.list(r, key);
            let nodes: Vec<Option<&Node>> = match r.prop_node(key) {
                Some(Node::Seq(items, _)) if items.len() == rules.len() => {
                    items.iter().map(Some).collect()
                }
                other => vec![other; rules.len()],
            };
            for (rule, node) in rules.iter().zip(nodes) {
                let Some(rule) = self.rule(&r.id, rule, egress) else {
                    continue;
                };
                let list = if egress {
                    &mut group.egress
                } else {
                    &mut group.ingress
                };
                let key = format!(
                    "{}#{}#{}",
                    r.id,
                    if egress { "egress" } else { "ingress" },
                    list.len()
                );
                list.push(rule);
                self.span(key, node);
            }
        }
        let explicit_egress = match r.props.get("SecurityGroupEgress") {
            None => false,
            Some(Val::List(items)) if items.is_empty() => {
                self.warnings.push(ImportWarning::info(
                    &r.id,
                    "SecurityGroupEgress is empty: CloudFormation then keeps AWS's default allow-all egress rule (to remove it, give one narrow rule, e.g. to 127.0.0.1/32)",
                ));
                false
            }
            Some(_) => true,
        };
        if !explicit_egress {
            // AWS adds an allow-all IPv4 egress rule when the template gives none
            // (docs/semantics.md §5.8).
            group.egress.push(ir::SgRule {
                proto: "-1".to_owned(),
                from_port: None,
                to_port: None,
                peer: Peer::Cidr("0.0.0.0/0".to_owned()),
                description: Some("default egress rule AWS adds".to_owned()),
            });
            self.span(
                format!("{}#egress#{}", r.id, group.egress.len() - 1),
                Some(r.node),
            );
        }
        self.inv.security_groups.insert(r.id.clone(), group);
    }

    fn sg_rule_resource(&mut self, r: &Res<'_>) {
        let egress = r.kind.ends_with("Egress");
        let Some(group_id) = self.str(r, "GroupId") else {
            let by_name = self.str(r, "GroupName");
            self.warn(
                &r.id,
                match by_name {
                    Some(name) => {
                        format!("rule on group name `{name}` (default VPC only); skipped")
                    }
                    None => "security group of the rule not determined; skipped".to_owned(),
                },
            );
            return;
        };
        let props = r.props.clone();
        let Some(rule) = self.rule(&r.id, &props, egress) else {
            return;
        };
        let Some(group) = self.inv.security_groups.get_mut(&group_id) else {
            self.warn(
                &r.id,
                format!("security group `{group_id}` is not in the template; rule skipped"),
            );
            return;
        };
        let list = if egress {
            &mut group.egress
        } else {
            &mut group.ingress
        };
        let key = format!(
            "{group_id}#{}#{}",
            if egress { "egress" } else { "ingress" },
            list.len()
        );
        list.push(rule);
        self.span(key, Some(r.node));
    }

    fn nacl_entry(&mut self, r: &Res<'_>) {
        let acl = self.str(r, "NetworkAclId");
        let (Some(rule), Some(action), Some(proto)) = (
            self.int(r, "RuleNumber"),
            self.str(r, "RuleAction"),
            self.str(r, "Protocol"),
        ) else {
            self.warn(
                &r.id,
                "rule number, action or protocol not determined; skipped",
            );
            return;
        };
        let Some(cidr) = self
            .str(r, "CidrBlock")
            .or_else(|| self.str(r, "Ipv6CidrBlock"))
        else {
            self.warn(&r.id, "entry CIDR not determined; skipped");
            return;
        };
        let ports = match r.props.get("PortRange") {
            Some(range @ Val::Map(_)) => {
                match (
                    self.int_in(&r.id, range, "From"),
                    self.int_in(&r.id, range, "To"),
                ) {
                    (Some(from), Some(to)) => Some((from, to)),
                    _ => None,
                }
            }
            _ => None,
        };
        let (icmp_type, icmp_code) = match r.props.get("Icmp") {
            Some(icmp @ Val::Map(_)) => (
                self.int_in(&r.id, icmp, "Type"),
                self.int_in(&r.id, icmp, "Code"),
            ),
            _ => (None, None),
        };
        let entry = ir::NaclEntry {
            rule,
            egress: self.bool(r, "Egress").unwrap_or(false),
            allow: action.eq_ignore_ascii_case("allow"),
            proto,
            ports,
            icmp_type,
            icmp_code,
            cidr,
        };
        match acl.as_ref().and_then(|a| self.inv.network_acls.get_mut(a)) {
            Some(acl) => acl.entries.push(entry),
            None => self.warn(
                &r.id,
                "network ACL of the entry not in the template; skipped",
            ),
        }
    }

    fn instance(&mut self, r: &Res<'_>) {
        let mut instance = ir::Instance {
            label: self.label(r),
            subnet: self.str(r, "SubnetId"),
            private_ip: self.str(r, "PrivateIpAddress"),
            instance_type: self.str(r, "InstanceType"),
            source_dest_check: self.bool(r, "SourceDestCheck"),
            ..Default::default()
        };
        let mut groups = self.strs(r, "SecurityGroupIds");
        let by_name = self.strs(r, "SecurityGroups");
        if !by_name.is_empty() {
            self.warn(
                &r.id,
                "SecurityGroups names groups (default VPC only; EC2 rejects names with a subnet of another VPC): read as SecurityGroupIds; use SecurityGroupIds",
            );
            // In a VPC, `SecurityGroups` names groups; a `!Ref` to a template group gives
            // its id, which is what templates usually mean.
            groups.extend(by_name);
        }
        let interfaces = self.list(r, "NetworkInterfaces");
        for (n, interface) in interfaces.iter().enumerate() {
            let device = self
                .str_in(&r.id, interface, "DeviceIndex")
                .unwrap_or_else(|| n.to_string());
            if device != "0" {
                self.warn(&r.id, format!("network interface at DeviceIndex {device} is not modelled; only the primary interface is imported"));
                continue;
            }
            if let Some(eni) = self.str_in(&r.id, interface, "NetworkInterfaceId") {
                instance.primary_eni = Some(eni);
            }
            if let Some(subnet) = self.str_in(&r.id, interface, "SubnetId") {
                instance.subnet = Some(subnet);
            }
            if let Some(ip) = self.str_in(&r.id, interface, "PrivateIpAddress") {
                instance.private_ip = Some(ip);
            }
            groups.extend(self.strs_in(&r.id, interface, "GroupSet"));
            match self.bool_in(&r.id, interface, "AssociatePublicIpAddress") {
                Some(true) => instance.public_ip = Some(None),
                Some(false) => instance.no_public_ip = true,
                None => {}
            }
        }
        if let Some(eni) = instance.primary_eni.clone()
            && instance.subnet.is_none()
            && let Some(interface) = self.inv.network_interfaces.remove(&eni)
        {
            instance.subnet = interface.subnet;
            instance.private_ip = interface.private_ip;
            groups.extend(interface.security_groups.unwrap_or_default());
            instance.source_dest_check = interface.source_dest_check;
        }
        if instance.subnet.is_none() {
            self.warn(
                &r.id,
                "instance without a determined subnet (default VPC?); skipped",
            );
            return;
        }
        instance.security_groups = Some(groups);
        self.inv.instances.insert(r.id.clone(), instance);
    }

    fn load_balancer(&mut self, r: &Res<'_>) {
        let mut subnets = self.strs(r, "Subnets");
        for mapping in self.list(r, "SubnetMappings") {
            if let Some(subnet) = self.str_in(&r.id, &mapping, "SubnetId") {
                subnets.push(subnet);
            }
        }
        let kind = self
            .str(r, "Type")
            .unwrap_or_else(|| "application".to_owned());
        let security_groups = self.strs(r, "SecurityGroups");
        let lb = ir::LoadBalancer {
            label: self.label(r),
            vpc: None,
            kind: kind.to_ascii_lowercase(),
            scheme: self
                .str(r, "Scheme")
                .unwrap_or_else(|| "internet-facing".to_owned()),
            subnets,
            security_groups: (kind != "network" || !security_groups.is_empty())
                .then_some(security_groups),
            ip_address_type: self.str(r, "IpAddressType"),
        };
        self.inv.load_balancers.insert(r.id.clone(), lb);
    }

    fn listener(&mut self, r: &Res<'_>) {
        let mut listener = ir::Listener {
            load_balancer: self.str(r, "LoadBalancerArn"),
            port: self.int(r, "Port"),
            protocol: self.str(r, "Protocol"),
            ..Default::default()
        };
        let actions = self.list(r, "DefaultActions");
        if let Some(action) = actions.first() {
            let kind = self
                .str_in(&r.id, action, "Type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            if kind == "forward" {
                if let Some(tg) = self.str_in(&r.id, action, "TargetGroupArn") {
                    listener.forward.push(tg);
                }
                if let Some(config) = action.get("ForwardConfig").cloned()
                    && let Some(Val::List(groups)) = config.get("TargetGroups")
                {
                    for group in groups.clone() {
                        if let Some(tg) = self.str_in(&r.id, &group, "TargetGroupArn") {
                            listener.forward.push(tg);
                        }
                    }
                }
            } else {
                listener.other_action = Some(kind);
            }
        }
        self.inv.listeners.insert(r.id.clone(), listener);
    }

    fn target_group(&mut self, r: &Res<'_>) {
        let mut targets = Vec::new();
        for target in self.list(r, "Targets") {
            if let Some(id) = self.str_in(&r.id, &target, "Id") {
                let port = self.int_in(&r.id, &target, "Port");
                targets.push(ir::TargetRef { id, port });
            }
        }
        let tg = ir::TargetGroup {
            label: self.label(r),
            vpc: self.str(r, "VpcId"),
            protocol: self.str(r, "Protocol"),
            port: self.int(r, "Port"),
            target_type: self.str(r, "TargetType"),
            health_path: self.str(r, "HealthCheckPath"),
            health_port: self.str(r, "HealthCheckPort"),
            health_protocol: self.str(r, "HealthCheckProtocol"),
            targets,
        };
        self.inv.target_groups.insert(r.id.clone(), tg);
    }

    fn database(&mut self, r: &Res<'_>, cache: bool) {
        let (group_key, sg_keys): (&str, &[&str]) = if cache {
            (
                "CacheSubnetGroupName",
                &["VpcSecurityGroupIds", "SecurityGroupIds"],
            )
        } else {
            ("DBSubnetGroupName", &["VPCSecurityGroups"])
        };
        let subnets = match self.str(r, group_key) {
            Some(group) => match self.subnet_groups.get(&group) {
                Some(subnets) => subnets.clone(),
                None => {
                    self.warn(
                        &r.id,
                        format!("subnet group `{group}` is not in the template; skipped"),
                    );
                    return;
                }
            },
            None => {
                self.warn(&r.id, format!("no {group_key}: placed in the default VPC, which is not in the template; skipped"));
                return;
            }
        };
        let mut groups = Vec::new();
        for key in sg_keys {
            groups.extend(self.strs(r, key));
        }
        let engine = self
            .str(r, "Engine")
            .unwrap_or_else(|| if cache { "redis" } else { "mysql" }.to_owned());
        let db = ir::Database {
            label: self.label(r),
            vpc: None,
            engine,
            port: self.int(r, "Port"),
            subnets,
            security_groups: Some(groups),
            publicly_accessible: if cache {
                None
            } else {
                self.bool(r, "PubliclyAccessible")
            },
        };
        if cache {
            self.inv.caches.insert(r.id.clone(), db);
        } else {
            self.inv.databases.insert(r.id.clone(), db);
        }
    }
}
