//! Reading each recognised top-level key of describe-* JSON into the [`Inventory`].
//!
//! Field names are those of the AWS CLI describe-* output (docs/import.md). Each element that is not an object, or lacks its id, is
//! reported with its JSON path (`Subnets.json: $.Subnets[3]`) and skipped. Things that need
//! another file to interpret (ENIs need the instances, target health needs target groups, cache
//! clusters need cache subnet groups) are kept aside and finished in [`finish`].

use serde_json::Value;

use crate::error::ImportWarning;
use crate::ir::{self, Inventory, Label, Peer, TargetKind};
use crate::json::{arr_of, bool_of, int_of, name_tag, str_of, strs_of};

/// Whether a top-level key was understood.
pub(super) enum Outcome {
    Read,
    Unknown,
}

/// Inputs kept until every file has been read.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    network_interfaces: Vec<(String, Value)>,
    target_health: Vec<(String, String, Value)>,
    cache_clusters: Vec<(String, Value)>,
    cache_subnet_groups: std::collections::BTreeMap<String, (Option<String>, Vec<String>)>,
}

/// Where we are: one top-level key of one file.
pub(super) struct Context<'a> {
    pub(super) file: &'a str,
    pub(super) key: &'a str,
    pub(super) inventory: &'a mut Inventory,
    pub(super) warnings: &'a mut Vec<ImportWarning>,
    pub(super) pending: &'a mut Pending,
    /// The TGW route table a per-table file is about (`get-transit-gateway-route-table-*` and
    /// `search-transit-gateway-routes` output names none): its top-level
    /// `TransitGatewayRouteTableId`, else a `tgw-rtb-…` token in the file name.
    pub(super) table_hint: Option<&'a str>,
    /// The Region and account the file's folder names (`…/us-west-2/`, `…/123456789012/…`).
    pub(super) region_hint: Option<&'a str>,
    pub(super) account_hint: Option<&'a str>,
}

impl Context<'_> {
    /// Reads `items` as the value of `self.key`.
    pub(super) fn read(&mut self, items: &Value) -> Outcome {
        let reader: fn(&mut Self, &Value, &str) = match self.key {
            "Vpcs" => Self::vpc,
            "Subnets" => Self::subnet,
            "RouteTables" => Self::route_table,
            "SecurityGroups" => Self::security_group,
            "NetworkAcls" => Self::network_acl,
            "InternetGateways" => Self::internet_gateway,
            "EgressOnlyInternetGateways" => Self::egress_only_gateway,
            "VpnGateways" => Self::vpn_gateway,
            "NatGateways" => Self::nat_gateway,
            "Reservations" => Self::reservation,
            "Instances" => Self::instance,
            "NetworkInterfaces" => Self::network_interface,
            "Addresses" => Self::address,
            "VpcPeeringConnections" => Self::peering,
            "TransitGateways" => Self::transit_gateway,
            "TransitGatewayAttachments" | "TransitGatewayVpcAttachments" => Self::tgw_attachment,
            "TransitGatewayRouteTables" => Self::tgw_route_table,
            "TransitGatewayPeeringAttachments" => Self::tgw_peering_attachment,
            "Associations" => Self::tgw_association,
            "TransitGatewayRouteTablePropagations" => Self::tgw_propagation,
            "TransitGatewayPropagations" => Self::tgw_propagations_batfish,
            "TransitGatewayStaticRoutes" => Self::tgw_routes_batfish,
            "Routes" => Self::tgw_route,
            "VpcEndpoints" => Self::endpoint,
            "PrefixLists" | "ManagedPrefixLists" => Self::prefix_list,
            "LoadBalancers" => Self::load_balancer,
            "TargetGroups" => Self::target_group,
            "Listeners" => Self::listener,
            "LoadBalancerListeners" => Self::lb_listeners,
            "LoadBalancerTargetHealth" => Self::lb_target_health,
            "TargetHealthDescriptions" => Self::bare_target_health,
            "DBInstances" => Self::db_instance,
            "CacheClusters" => Self::cache_cluster,
            "CacheSubnetGroups" => Self::cache_subnet_group,
            "SecurityGroupRules" => Self::flat_sg_rules,
            _ => return Outcome::Unknown,
        };
        let Value::Array(list) = items else {
            self.warn(
                self.file,
                format!("$.{}: expected an array; ignored", self.key),
            );
            return Outcome::Read;
        };
        for (index, item) in list.iter().enumerate() {
            let path = format!("$.{}[{index}]", self.key);
            if !item.is_object() {
                self.warn(self.file, format!("{path}: expected an object; skipped"));
                continue;
            }
            reader(self, item, &path);
        }
        Outcome::Read
    }

    pub(super) fn warn(&mut self, resource: &str, message: impl Into<String>) {
        self.warnings.push(ImportWarning::warn(resource, message));
    }

    pub(super) fn info(&mut self, resource: &str, message: impl Into<String>) {
        self.warnings.push(ImportWarning::info(resource, message));
    }

    /// The id field of an element, or a warning naming the file and JSON path.
    pub(super) fn id(&mut self, item: &Value, field: &str, path: &str) -> Option<String> {
        let id = str_of(item, field).filter(|id| !id.is_empty());
        if let Some(id) = &id {
            let tags = crate::json::all_tags(item);
            if !tags.is_empty() {
                self.inventory.tags.entry(id.clone()).or_insert(tags);
            }
        }
        if id.is_none() {
            self.warn(
                self.file,
                format!("{path}: missing string field `{field}`; skipped"),
            );
        }
        id
    }

    pub(super) fn vpc(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "VpcId", path) else {
            return;
        };
        let primary = str_of(item, "CidrBlock");
        let mut cidrs: Vec<String> = primary.clone().into_iter().collect();
        for association in arr_of(item, "CidrBlockAssociationSet") {
            let state = association
                .get("CidrBlockState")
                .and_then(|s| str_of(s, "State"));
            // docs/semantics.md §1.5: only associated blocks count; disassociated ones linger in
            // the API output for a while.
            if matches!(
                state.as_deref(),
                Some("disassociated" | "disassociating" | "failed")
            ) {
                continue;
            }
            if let Some(cidr) = str_of(association, "CidrBlock")
                && !cidrs.contains(&cidr)
            {
                cidrs.push(cidr);
            }
        }
        let ipv6_cidr = arr_of(item, "Ipv6CidrBlockAssociationSet")
            .iter()
            .find(|a| {
                a.get("Ipv6CidrBlockState")
                    .and_then(|s| str_of(s, "State"))
                    .as_deref()
                    != Some("disassociated")
            })
            .and_then(|a| str_of(a, "Ipv6CidrBlock"));
        self.place(&id, item);
        self.inventory.vpcs.entry(id.clone()).or_insert(ir::Vpc {
            label: Label::aws(&id, name_tag(item)),
            cidrs,
            ipv6_cidr,
            enable_dns_support: None,
            enable_dns_hostnames: None,
        });
    }

    /// Records the Region and account of a VPC or TGW (first seen wins, §15.5, §15.6).
    pub(super) fn place(&mut self, id: &str, item: &Value) {
        if let Some(region) = self.region_hint {
            self.inventory
                .regions
                .entry(id.to_owned())
                .or_insert_with(|| region.to_owned());
        }
        if let Some(account) =
            str_of(item, "OwnerId").or_else(|| self.account_hint.map(str::to_owned))
        {
            self.inventory
                .accounts
                .entry(id.to_owned())
                .or_insert(account);
        }
    }

    fn subnet(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "SubnetId", path) else {
            return;
        };
        let Some(cidr) = str_of(item, "CidrBlock") else {
            self.warn(
                &id,
                format!(
                    "{} {path}: no `CidrBlock` (IPv6-only subnets are not modelled); skipped",
                    self.file
                ),
            );
            return;
        };
        let ipv6_cidr = arr_of(item, "Ipv6CidrBlockAssociationSet")
            .iter()
            .find_map(|a| str_of(a, "Ipv6CidrBlock"));
        if let Some(az_id) = str_of(item, "AvailabilityZoneId") {
            self.inventory.az_ids.entry(id.clone()).or_insert(az_id);
        }
        self.inventory
            .subnets
            .entry(id.clone())
            .or_insert(ir::Subnet {
                label: Label::aws(&id, name_tag(item)),
                vpc: str_of(item, "VpcId"),
                cidr,
                az: str_of(item, "AvailabilityZone").unwrap_or_default(),
                ipv6_cidr,
                public_ip_on_launch: bool_of(item, "MapPublicIpOnLaunch"),
                assign_ipv6_on_creation: bool_of(item, "AssignIpv6AddressOnCreation"),
            });
    }

    fn route_table(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "RouteTableId", path) else {
            return;
        };
        let mut table = ir::RouteTable {
            label: Label::aws(&id, name_tag(item)),
            vpc: str_of(item, "VpcId"),
            ..ir::RouteTable::default()
        };
        for association in arr_of(item, "Associations") {
            let state = association
                .get("AssociationState")
                .and_then(|s| str_of(s, "State"));
            if matches!(
                state.as_deref(),
                Some("disassociated" | "disassociating" | "failed")
            ) {
                continue;
            }
            if bool_of(association, "Main") == Some(true) {
                table.main = true;
            }
            if let Some(subnet) = str_of(association, "SubnetId") {
                table.subnets.push(subnet);
            } else if let Some(gateway) = str_of(association, "GatewayId") {
                self.warn(
                    &id,
                    format!("edge association with gateway {gateway} (ingress routing) is not modelled; ignored"),
                );
            }
        }
        for route in arr_of(item, "Routes") {
            if str_of(route, "GatewayId").as_deref() == Some("local") {
                continue; // The local route is implicit in the design (docs/semantics.md §2.3).
            }
            let (to, to_prefix_list) = match (
                str_of(route, "DestinationCidrBlock"),
                str_of(route, "DestinationIpv6CidrBlock"),
                str_of(route, "DestinationPrefixListId"),
            ) {
                (Some(cidr), _, _) | (None, Some(cidr), _) => (cidr, false),
                (None, None, Some(list)) => (list, true),
                (None, None, None) => {
                    self.warn(&id, "route without a destination; skipped");
                    continue;
                }
            };
            let field = |name: &str| str_of(route, name);
            let mut targets: Vec<(TargetKind, String)> = Vec::new();
            for (name, kind) in [
                ("NatGatewayId", TargetKind::NatGateway),
                ("VpcPeeringConnectionId", TargetKind::Peering),
                ("TransitGatewayId", TargetKind::TransitGateway),
                ("EgressOnlyInternetGatewayId", TargetKind::EgressOnlyGateway),
                ("NetworkInterfaceId", TargetKind::NetworkInterface),
                ("InstanceId", TargetKind::Instance),
                ("GatewayId", TargetKind::Gateway),
                (
                    "CarrierGatewayId",
                    TargetKind::Unsupported("carrier gateway"),
                ),
                ("LocalGatewayId", TargetKind::Unsupported("local gateway")),
                (
                    "CoreNetworkArn",
                    TargetKind::Unsupported("Cloud WAN core network"),
                ),
            ] {
                if let Some(target) = field(name) {
                    targets.push((kind, target));
                }
            }
            let state = field("State");
            // §15.11: a route the VGW propagated was learned from the VPN: it covers `to`.
            if field("Origin").as_deref() == Some("EnableVgwRoutePropagation")
                && let Some(vgw) = field("GatewayId").filter(|g| g.starts_with("vgw-"))
            {
                self.inventory
                    .vpn_routes
                    .entry(vgw)
                    .or_default()
                    .push(to.clone());
            }
            let mut targets = targets.into_iter();
            table.routes.push(ir::Route {
                origin: to.clone(),
                to,
                to_prefix_list,
                target: targets.next(),
                alt_target: targets.next(),
                blackhole: state.as_deref() == Some("blackhole"),
            });
        }
        self.inventory.route_tables.entry(id).or_insert(table);
    }

    fn sg_rules(&mut self, id: &str, permissions: &[Value]) -> Vec<ir::SgRule> {
        let mut rules = Vec::new();
        for permission in permissions {
            let proto = str_of(permission, "IpProtocol").unwrap_or_else(|| "-1".to_owned());
            let from_port = int_of(permission, "FromPort");
            let to_port = int_of(permission, "ToPort");
            let mut push = |peer: Peer, description: Option<String>| {
                rules.push(ir::SgRule {
                    proto: proto.clone(),
                    from_port,
                    to_port,
                    peer,
                    description,
                });
            };
            for range in arr_of(permission, "IpRanges") {
                if let Some(cidr) = str_of(range, "CidrIp") {
                    push(Peer::Cidr(cidr), str_of(range, "Description"));
                }
            }
            for range in arr_of(permission, "Ipv6Ranges") {
                if let Some(cidr) = str_of(range, "CidrIpv6") {
                    push(Peer::Cidr(cidr), str_of(range, "Description"));
                }
            }
            for list in arr_of(permission, "PrefixListIds") {
                if let Some(list_id) = str_of(list, "PrefixListId") {
                    push(Peer::PrefixList(list_id), str_of(list, "Description"));
                }
            }
            for pair in arr_of(permission, "UserIdGroupPairs") {
                if let Some(group) = str_of(pair, "GroupId") {
                    push(Peer::SecurityGroup(group), str_of(pair, "Description"));
                } else {
                    self.warn(id, "rule references a security group by name only; skipped");
                }
            }
        }
        rules
    }

    fn security_group(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "GroupId", path) else {
            return;
        };
        let group_name = str_of(item, "GroupName");
        let ingress = self.sg_rules(&id, arr_of(item, "IpPermissions"));
        let egress = self.sg_rules(&id, arr_of(item, "IpPermissionsEgress"));
        self.inventory
            .security_groups
            .entry(id.clone())
            .or_insert(ir::SecurityGroup {
                label: Label::aws(&id, name_tag(item).or_else(|| group_name.clone())),
                vpc: str_of(item, "VpcId"),
                is_default: group_name.as_deref() == Some("default"),
                description: str_of(item, "Description"),
                ingress,
                egress,
            });
    }

    fn flat_sg_rules(&mut self, _item: &Value, _path: &str) {
        self.info(
            self.file,
            "`SecurityGroupRules` (describe-security-group-rules) is not read; rules come from describe-security-groups",
        );
    }

    fn network_acl(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "NetworkAclId", path) else {
            return;
        };
        let mut entries = Vec::new();
        for entry in arr_of(item, "Entries") {
            let (Some(rule), Some(cidr)) = (
                int_of(entry, "RuleNumber"),
                str_of(entry, "CidrBlock").or_else(|| str_of(entry, "Ipv6CidrBlock")),
            ) else {
                self.warn(&id, "entry without rule number or CIDR; skipped");
                continue;
            };
            let ports = entry
                .get("PortRange")
                .and_then(|range| Some((int_of(range, "From")?, int_of(range, "To")?)));
            let icmp = entry.get("IcmpTypeCode");
            entries.push(ir::NaclEntry {
                rule,
                egress: bool_of(entry, "Egress").unwrap_or(false),
                allow: str_of(entry, "RuleAction").as_deref() == Some("allow"),
                proto: str_of(entry, "Protocol").unwrap_or_else(|| "-1".to_owned()),
                ports,
                icmp_type: icmp.and_then(|i| int_of(i, "Type")),
                icmp_code: icmp.and_then(|i| int_of(i, "Code")),
                cidr,
            });
        }
        let subnets = arr_of(item, "Associations")
            .iter()
            .filter_map(|a| str_of(a, "SubnetId"))
            .collect();
        self.inventory
            .network_acls
            .entry(id.clone())
            .or_insert(ir::NetworkAcl {
                label: Label::aws(&id, name_tag(item)),
                vpc: str_of(item, "VpcId"),
                is_default: bool_of(item, "IsDefault").unwrap_or(false),
                subnets,
                entries,
            });
    }

    fn gateway(
        &mut self,
        item: &Value,
        path: &str,
        id_field: &str,
    ) -> Option<(String, ir::Gateway)> {
        let id = self.id(item, id_field, path)?;
        let vpc = arr_of(item, "Attachments")
            .iter()
            .filter(|a| {
                // An attached IGW reports `available`; VGWs report `attached` (docs/import.md).
                matches!(
                    str_of(a, "State").as_deref(),
                    None | Some("available" | "attached")
                )
            })
            .find_map(|a| str_of(a, "VpcId"));
        Some((
            id.clone(),
            ir::Gateway {
                label: Label::aws(&id, name_tag(item)),
                vpc,
            },
        ))
    }

    fn internet_gateway(&mut self, item: &Value, path: &str) {
        if let Some((id, gateway)) = self.gateway(item, path, "InternetGatewayId") {
            self.inventory
                .internet_gateways
                .entry(id)
                .or_insert(gateway);
        }
    }

    fn egress_only_gateway(&mut self, item: &Value, path: &str) {
        if let Some((id, gateway)) = self.gateway(item, path, "EgressOnlyInternetGatewayId") {
            self.inventory
                .egress_only_gateways
                .entry(id)
                .or_insert(gateway);
        }
    }

    fn vpn_gateway(&mut self, item: &Value, path: &str) {
        if let Some((id, gateway)) = self.gateway(item, path, "VpnGatewayId") {
            self.inventory.vpn_gateways.entry(id).or_insert(gateway);
        }
    }

    fn nat_gateway(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "NatGatewayId", path) else {
            return;
        };
        let state = str_of(item, "State");
        if matches!(state.as_deref(), Some("deleting" | "deleted" | "failed")) {
            self.info(
                &id,
                format!(
                    "NAT gateway in state `{}`; skipped",
                    state.unwrap_or_default()
                ),
            );
            return;
        }
        let addresses = arr_of(item, "NatGatewayAddresses");
        for eni in addresses
            .iter()
            .filter_map(|a| str_of(a, "NetworkInterfaceId"))
        {
            self.inventory
                .eni_owners
                .insert(eni, ir::ManagedOwner::NatGateway(id.clone()));
        }
        let primary = addresses
            .iter()
            .find(|a| bool_of(a, "IsPrimary") == Some(true))
            .or_else(|| addresses.first());
        self.inventory
            .nat_gateways
            .entry(id.clone())
            .or_insert(ir::NatGateway {
                label: Label::aws(&id, name_tag(item)),
                vpc: str_of(item, "VpcId"),
                subnet: str_of(item, "SubnetId"),
                connectivity: str_of(item, "ConnectivityType"),
                public_ip: primary.and_then(|a| str_of(a, "PublicIp")),
                allocation: primary.and_then(|a| str_of(a, "AllocationId")),
                private_ip: primary.and_then(|a| str_of(a, "PrivateIp")),
            });
    }

    fn reservation(&mut self, item: &Value, path: &str) {
        for (index, instance) in arr_of(item, "Instances").iter().enumerate() {
            self.instance(instance, &format!("{path}.Instances[{index}]"));
        }
    }

    fn instance(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "InstanceId", path) else {
            return;
        };
        let state = item.get("State").and_then(|s| str_of(s, "Name"));
        if matches!(state.as_deref(), Some("terminated" | "shutting-down")) {
            self.info(
                &id,
                format!("instance in state `{}`; skipped", state.unwrap_or_default()),
            );
            return;
        }
        let enis = arr_of(item, "NetworkInterfaces");
        let device_index =
            |eni: &Value| eni.get("Attachment").and_then(|a| int_of(a, "DeviceIndex"));
        let primary_eni = enis
            .iter()
            .find(|eni| device_index(eni) == Some(0))
            .and_then(|eni| str_of(eni, "NetworkInterfaceId"));
        // Secondary ENIs described inline become network interfaces attached to the instance.
        for eni in enis
            .iter()
            .filter(|eni| device_index(eni).is_some_and(|d| d != 0))
        {
            if let Some(eni_id) = str_of(eni, "NetworkInterfaceId") {
                let mut eni = eni.clone();
                if let Some(attachment) = eni.get_mut("Attachment").and_then(Value::as_object_mut) {
                    attachment.insert("InstanceId".to_owned(), Value::String(id.clone()));
                }
                self.pending.network_interfaces.push((eni_id, eni));
            }
        }
        // The instance's groups are its primary interface's (§15.8). describe-instances lists
        // them as `SecurityGroups`; when it does not, the inline primary ENI's `Groups` do, and
        // failing that a NetworkInterfaces.json record may (see `finish`).
        let mut security_groups = group_ids(item, "SecurityGroups");
        if security_groups.is_empty()
            && let Some(primary) = enis.iter().find(|eni| device_index(eni) == Some(0))
        {
            security_groups = group_ids(primary, "Groups");
        }
        let public_ip = str_of(item, "PublicIpAddress").map(Some);
        // §16.1: the primary interface's first IPv6 address (`Ipv6Address` on newer exports).
        let ipv6_address = str_of(item, "Ipv6Address")
            .or_else(|| {
                enis.iter()
                    .find(|eni| device_index(eni) == Some(0))
                    .and_then(first_ipv6)
            })
            .map(Some);
        self.inventory
            .instances
            .entry(id.clone())
            .or_insert(ir::Instance {
                label: Label::aws(&id, name_tag(item)),
                vpc: str_of(item, "VpcId"),
                subnet: str_of(item, "SubnetId"),
                private_ip: str_of(item, "PrivateIpAddress"),
                public_ip,
                no_public_ip: false,
                security_groups: (!security_groups.is_empty()).then_some(security_groups),
                source_dest_check: bool_of(item, "SourceDestCheck"),
                instance_type: str_of(item, "InstanceType"),
                primary_eni,
                ipv6_address,
            });
    }

    fn network_interface(&mut self, item: &Value, path: &str) {
        if let Some(id) = self.id(item, "NetworkInterfaceId", path) {
            self.pending.network_interfaces.push((id, item.clone()));
        }
    }

    fn address(&mut self, item: &Value, path: &str) {
        let Some(public_ip) = str_of(item, "PublicIp") else {
            self.warn(self.file, format!("{path}: missing `PublicIp`; skipped"));
            return;
        };
        let id = str_of(item, "AllocationId").unwrap_or_else(|| public_ip.clone());
        self.inventory
            .elastic_ips
            .entry(id)
            .or_insert(ir::ElasticIp {
                public_ip: Some(public_ip),
                instance: str_of(item, "InstanceId"),
                network_interface: str_of(item, "NetworkInterfaceId"),
            });
    }

    fn peering(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "VpcPeeringConnectionId", path) else {
            return;
        };
        let requester = item.get("RequesterVpcInfo");
        let accepter = item.get("AccepterVpcInfo");
        let requester_region = requester.and_then(|r| str_of(r, "Region"));
        let accepter_region = accepter.and_then(|a| str_of(a, "Region"));
        self.inventory
            .peerings
            .entry(id.clone())
            .or_insert(ir::Peering {
                label: Label::aws(&id, name_tag(item)),
                requester: requester.and_then(|r| str_of(r, "VpcId")),
                accepter: accepter.and_then(|a| str_of(a, "VpcId")),
                status: item.get("Status").and_then(|s| str_of(s, "Code")),
                accepter_region: accepter_region
                    .filter(|region| Some(region) != requester_region.as_ref()),
            });
    }

    fn endpoint(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "VpcEndpointId", path) else {
            return;
        };
        for eni in strs_of(item, "NetworkInterfaceIds") {
            self.inventory
                .eni_owners
                .insert(eni, ir::ManagedOwner::Endpoint(id.clone()));
        }
        let state = str_of(item, "State").map(|s| s.to_ascii_lowercase());
        if matches!(
            state.as_deref(),
            Some("deleted" | "deleting" | "rejected" | "failed" | "expired")
        ) {
            self.info(&id, "endpoint not in service; skipped");
            return;
        }
        self.inventory
            .endpoints
            .entry(id.clone())
            .or_insert(ir::Endpoint {
                label: Label::aws(&id, name_tag(item)),
                vpc: str_of(item, "VpcId"),
                kind: str_of(item, "VpcEndpointType").unwrap_or_else(|| "Gateway".to_owned()),
                service: str_of(item, "ServiceName").unwrap_or_default(),
                route_tables: strs_of(item, "RouteTableIds"),
                subnets: strs_of(item, "SubnetIds"),
                security_groups: Some(
                    arr_of(item, "Groups")
                        .iter()
                        .filter_map(|g| str_of(g, "GroupId"))
                        .collect(),
                ),
            });
    }

    fn prefix_list(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "PrefixListId", path) else {
            return;
        };
        let cidrs = strs_of(item, "Cidrs");
        if cidrs.is_empty() && self.key == "ManagedPrefixLists" {
            self.warn(
                &id,
                "entries are not part of describe-managed-prefix-lists; emitted with no CIDRs (add them from get-managed-prefix-list-entries)",
            );
        }
        self.inventory
            .prefix_lists
            .entry(id.clone())
            .or_insert(ir::PrefixList {
                label: Label::aws(&id, str_of(item, "PrefixListName")),
                cidrs,
                max_entries: int_of(item, "MaxEntries").and_then(|n| u32::try_from(n).ok()),
            });
    }

    fn load_balancer(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "LoadBalancerArn", path) else {
            return;
        };
        let kind = str_of(item, "Type").unwrap_or_else(|| "application".to_owned());
        if kind != "application" && kind != "network" {
            self.warn(
                &id,
                format!("`{kind}` load balancers are not modelled; skipped"),
            );
            return;
        }
        // Internal NLBs list their nodes' private addresses per subnet (§15.7); interfaces from
        // NetworkInterfaces.json, when present, take precedence (their ids sort first).
        if let Some((_, tail)) = id.split_once("loadbalancer/") {
            for zone in arr_of(item, "AvailabilityZones") {
                let subnet = str_of(zone, "SubnetId");
                for address in arr_of(zone, "LoadBalancerAddresses") {
                    if let Some(ip) = str_of(address, "PrivateIPv4Address") {
                        let key = format!("~{id}/{}", subnet.clone().unwrap_or_default());
                        self.inventory
                            .managed_enis
                            .entry(key)
                            .or_insert(ir::ManagedEni {
                                owner: ir::ManagedOwner::LoadBalancer(tail.to_owned()),
                                subnet: subnet.clone(),
                                private_ip: Some(ip),
                                ipv6: None,
                                groups: Vec::new(),
                            });
                    }
                }
            }
        }
        let name = str_of(item, "LoadBalancerName");
        let mut label = Label::aws(&id, name.clone());
        label.suffix = arn_tail(&id);
        self.inventory
            .load_balancers
            .entry(id.clone())
            .or_insert(ir::LoadBalancer {
                label,
                vpc: str_of(item, "VpcId"),
                kind,
                scheme: str_of(item, "Scheme").unwrap_or_else(|| "internet-facing".to_owned()),
                subnets: arr_of(item, "AvailabilityZones")
                    .iter()
                    .filter_map(|az| str_of(az, "SubnetId"))
                    .collect(),
                security_groups: item
                    .get("SecurityGroups")
                    .map(|_| strs_of(item, "SecurityGroups")),
                ip_address_type: str_of(item, "IpAddressType"),
            });
    }

    fn target_group(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "TargetGroupArn", path) else {
            return;
        };
        let mut label = Label::aws(&id, str_of(item, "TargetGroupName"));
        label.suffix = arn_tail(&id);
        self.inventory
            .target_groups
            .entry(id.clone())
            .or_insert(ir::TargetGroup {
                label,
                vpc: str_of(item, "VpcId"),
                protocol: str_of(item, "Protocol"),
                port: int_of(item, "Port"),
                target_type: str_of(item, "TargetType"),
                health_path: str_of(item, "HealthCheckPath"),
                health_port: str_of(item, "HealthCheckPort"),
                health_protocol: str_of(item, "HealthCheckProtocol"),
                targets: Vec::new(),
            });
    }

    fn listener(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "ListenerArn", path) else {
            return;
        };
        let mut listener = ir::Listener {
            load_balancer: str_of(item, "LoadBalancerArn"),
            port: int_of(item, "Port"),
            protocol: str_of(item, "Protocol"),
            ..ir::Listener::default()
        };
        for action in arr_of(item, "DefaultActions") {
            let kind = str_of(action, "Type").unwrap_or_default();
            if kind != "forward" {
                listener.other_action.get_or_insert(kind);
                continue;
            }
            if let Some(tg) = str_of(action, "TargetGroupArn") {
                listener.forward.push(tg);
            } else if let Some(config) = action.get("ForwardConfig") {
                listener.forward.extend(
                    arr_of(config, "TargetGroups")
                        .iter()
                        .filter_map(|t| str_of(t, "TargetGroupArn")),
                );
            }
        }
        self.inventory.listeners.entry(id).or_insert(listener);
    }

    fn lb_listeners(&mut self, item: &Value, path: &str) {
        let lb = str_of(item, "LoadBalancerArn");
        for (index, listener) in arr_of(item, "Listeners").iter().enumerate() {
            let mut listener = listener.clone();
            if let (Some(lb), Some(object)) = (&lb, listener.as_object_mut()) {
                object
                    .entry("LoadBalancerArn")
                    .or_insert_with(|| Value::String(lb.clone()));
            }
            self.listener(&listener, &format!("{path}.Listeners[{index}]"));
        }
    }

    fn lb_target_health(&mut self, item: &Value, path: &str) {
        let Some(tg) = self.id(item, "TargetGroupArn", path) else {
            return;
        };
        for description in arr_of(item, "TargetHealthDescriptions") {
            self.pending.target_health.push((
                self.file.to_owned(),
                tg.clone(),
                description.clone(),
            ));
        }
    }

    fn bare_target_health(&mut self, _item: &Value, path: &str) {
        self.warn(
            self.file,
            format!("{path}: describe-target-health output does not name its target group; wrap it as {{\"LoadBalancerTargetHealth\": [{{\"TargetGroupArn\": …, \"TargetHealthDescriptions\": […]}}]}}; skipped"),
        );
    }

    fn db_instance(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "DBInstanceIdentifier", path) else {
            return;
        };
        let group = item.get("DBSubnetGroup");
        let az = str_of(item, "AvailabilityZone");
        // The schema puts the instance in the first subnet; AWS says which AZ it is in.
        let mut subnets: Vec<(bool, String)> = group
            .map(|g| arr_of(g, "Subnets"))
            .unwrap_or_default()
            .iter()
            .filter_map(|s| {
                let subnet_az = s
                    .get("SubnetAvailabilityZone")
                    .and_then(|z| str_of(z, "Name"));
                Some((
                    subnet_az != az || az.is_none(),
                    str_of(s, "SubnetIdentifier")?,
                ))
            })
            .collect();
        subnets.sort();
        let label = Label {
            tag: None,
            fallback: id.clone(),
            suffix: id.clone(),
        };
        self.inventory.databases.entry(id).or_insert(ir::Database {
            label,
            vpc: group.and_then(|g| str_of(g, "VpcId")),
            engine: str_of(item, "Engine").unwrap_or_default(),
            port: item
                .get("Endpoint")
                .and_then(|e| int_of(e, "Port"))
                .or_else(|| int_of(item, "DbInstancePort").filter(|p| *p > 0)),
            subnets: subnets.into_iter().map(|(_, s)| s).collect(),
            security_groups: Some(
                arr_of(item, "VpcSecurityGroups")
                    .iter()
                    .filter_map(|g| str_of(g, "VpcSecurityGroupId"))
                    .collect(),
            ),
            publicly_accessible: bool_of(item, "PubliclyAccessible"),
        });
    }

    fn cache_cluster(&mut self, item: &Value, path: &str) {
        if let Some(id) = self.id(item, "CacheClusterId", path) {
            self.pending.cache_clusters.push((id, item.clone()));
        }
    }

    fn cache_subnet_group(&mut self, item: &Value, path: &str) {
        let Some(name) = self.id(item, "CacheSubnetGroupName", path) else {
            return;
        };
        let subnets = arr_of(item, "Subnets")
            .iter()
            .filter_map(|s| str_of(s, "SubnetIdentifier"))
            .collect();
        self.pending
            .cache_subnet_groups
            .entry(name)
            .or_insert((str_of(item, "VpcId"), subnets));
    }
}

/// The last path segment of an ARN's resource part (`…/app/web/50dc6c495c0c9188` →
/// `50dc6c495c0c9188`), used to tell apart resources with equal names.
fn arn_tail(arn: &str) -> String {
    arn.rsplit('/').next().unwrap_or(arn).to_owned()
}

/// Interprets what needed every file: ENIs, target health and cache clusters.
pub(super) fn finish(
    inventory: &mut Inventory,
    pending: Pending,
    warnings: &mut Vec<ImportWarning>,
) {
    let primary_enis: std::collections::BTreeSet<String> = inventory
        .instances
        .values()
        .filter_map(|instance| instance.primary_eni.clone())
        .collect();
    for (id, item) in pending.network_interfaces {
        let attachment = item.get("Attachment");
        let instance = attachment.and_then(|a| str_of(a, "InstanceId"));
        let device_index = attachment.and_then(|a| int_of(a, "DeviceIndex"));
        let is_primary =
            primary_enis.contains(&id) || (instance.is_some() && device_index == Some(0));
        if is_primary {
            // An instance's primary ENI, described by the instance itself; its `Groups` are the
            // instance's groups when the instance record has none.
            let owner = match &instance {
                Some(instance) if device_index == Some(0) => inventory.instances.get_mut(instance),
                _ => inventory
                    .instances
                    .values_mut()
                    .find(|owner| owner.primary_eni.as_deref() == Some(id.as_str())),
            };
            if let Some(owner) = owner
                && owner.security_groups.is_none()
            {
                let groups = group_ids(&item, "Groups");
                owner.security_groups = (!groups.is_empty()).then_some(groups);
            }
            continue;
        }
        if inventory.network_interfaces.contains_key(&id) {
            continue;
        }
        let interface_type =
            str_of(&item, "InterfaceType").unwrap_or_else(|| "interface".to_owned());
        let description = str_of(&item, "Description").unwrap_or_default();
        let requester = str_of(&item, "RequesterId").unwrap_or_default();
        let owner = match managed_owner(&interface_type, &requester, &description) {
            ir::ManagedOwner::Other => inventory
                .eni_owners
                .get(&id)
                .cloned()
                .unwrap_or(ir::ManagedOwner::Other),
            owner => owner,
        };
        let managed = owner != ir::ManagedOwner::Other
            || !matches!(
                interface_type.as_str(),
                "interface" | "efa" | "efa-only" | "trunk" | "branch"
            )
            || bool_of(&item, "RequesterManaged") == Some(true);
        if managed {
            // §15.7: the resource it belongs to (read from its own describe-* output) takes its
            // address; it never becomes an interface of its own.
            if owner == ir::ManagedOwner::Other
                && !matches!(
                    interface_type.as_str(),
                    // Read from their resource's own describe-* output (the NAT gateway names
                    // its interface in `NatGatewayAddresses`), or not modelled as a whole.
                    "nat_gateway"
                        | "network_load_balancer"
                        | "vpc_endpoint"
                        | "transit_gateway"
                        | "gateway_load_balancer"
                        | "gateway_load_balancer_endpoint"
                )
            {
                warnings.push(ImportWarning::warn(
                    &id,
                    format!(
                        "managed interface (`{interface_type}`, `{description}`) is not modelled; skipped, so its address {} answers NO_ENI_FOR_ADDRESS",
                        str_of(&item, "PrivateIpAddress").unwrap_or_else(|| "(none)".to_owned())
                    ),
                ));
            }
            inventory.managed_enis.insert(
                id.clone(),
                ir::ManagedEni {
                    owner,
                    subnet: str_of(&item, "SubnetId"),
                    private_ip: str_of(&item, "PrivateIpAddress"),
                    ipv6: first_ipv6(&item),
                    groups: group_ids(&item, "Groups"),
                },
            );
            continue;
        }
        let public_ip = item.get("Association").and_then(|a| str_of(a, "PublicIp"));
        inventory.network_interfaces.insert(
            id.clone(),
            ir::NetworkInterface {
                label: Label::aws(&id, name_tag(&item)),
                vpc: str_of(&item, "VpcId"),
                subnet: str_of(&item, "SubnetId"),
                instance,
                private_ip: str_of(&item, "PrivateIpAddress"),
                public_ip,
                security_groups: Some(
                    arr_of(&item, "Groups")
                        .iter()
                        .filter_map(|g| str_of(g, "GroupId"))
                        .collect(),
                ),
                source_dest_check: bool_of(&item, "SourceDestCheck"),
                ipv6_address: first_ipv6(&item),
            },
        );
    }
    for (id, instance) in &inventory.instances {
        if instance.security_groups.is_none() {
            warnings.push(ImportWarning::warn(
                id,
                "no `SecurityGroups` on the instance and no `Groups` on its primary network interface in the input; `security_groups` omitted, so the VPC's default group applies",
            ));
        }
    }
    for (file, tg, description) in pending.target_health {
        let Some(target) = description.get("Target") else {
            continue;
        };
        let Some(id) = str_of(target, "Id") else {
            continue;
        };
        match inventory.target_groups.get_mut(&tg) {
            Some(group) => group.targets.push(ir::TargetRef {
                id,
                port: int_of(target, "Port"),
            }),
            None => warnings.push(ImportWarning::warn(
                file,
                format!("target health for target group {tg} which is not in the input; skipped"),
            )),
        }
    }
    for (id, item) in pending.cache_clusters {
        let group_name = str_of(&item, "CacheSubnetGroupName");
        let group = group_name
            .as_ref()
            .and_then(|g| pending.cache_subnet_groups.get(g));
        if group.is_none() {
            warnings.push(ImportWarning::warn(
                &id,
                format!(
                    "cache subnet group {} not in the input (add describe-cache-subnet-groups); skipped",
                    group_name.unwrap_or_else(|| "(none)".to_owned())
                ),
            ));
            continue;
        }
        let (vpc, subnets) = group.cloned().unwrap_or_default();
        let port = arr_of(&item, "CacheNodes")
            .iter()
            .find_map(|node| node.get("Endpoint").and_then(|e| int_of(e, "Port")))
            .or_else(|| {
                item.get("ConfigurationEndpoint")
                    .and_then(|e| int_of(e, "Port"))
            });
        inventory.caches.insert(
            id.clone(),
            ir::Database {
                label: Label {
                    tag: None,
                    fallback: id.clone(),
                    suffix: id.clone(),
                },
                vpc,
                engine: str_of(&item, "Engine").unwrap_or_default(),
                port,
                subnets,
                security_groups: Some(
                    arr_of(&item, "SecurityGroups")
                        .iter()
                        .filter_map(|g| str_of(g, "SecurityGroupId"))
                        .collect(),
                ),
                publicly_accessible: None,
            },
        );
    }
}

/// Which managed resource an interface belongs to, from `InterfaceType`, `RequesterId` and
/// `Description` (docs/semantics.md §15.7). ALB nodes are type `interface` with requester
/// `amazon-elb`, so the description decides.
fn managed_owner(interface_type: &str, requester: &str, description: &str) -> ir::ManagedOwner {
    let token = |prefix: &str| {
        description
            .split_whitespace()
            .find(|word| word.starts_with(prefix))
            .map(str::to_owned)
    };
    if let Some(tail) = description.strip_prefix("ELB ") {
        return ir::ManagedOwner::LoadBalancer(tail.trim().to_owned());
    }
    if (interface_type == "vpc_endpoint" || description.starts_with("VPC Endpoint Interface"))
        && let Some(id) = token("vpce-")
    {
        return ir::ManagedOwner::Endpoint(id);
    }
    if (interface_type == "nat_gateway" || description.contains("NAT Gateway"))
        && let Some(id) = token("nat-")
    {
        return ir::ManagedOwner::NatGateway(id);
    }
    if description.starts_with("RDSNetworkInterface") || requester == "amazon-rds" {
        return ir::ManagedOwner::Rds;
    }
    if let Some(rest) = description.strip_prefix("ElastiCache") {
        return ir::ManagedOwner::Cache(rest.trim().to_owned());
    }
    ir::ManagedOwner::Other
}

/// The `GroupId`s of a `SecurityGroups` or `Groups` list.
fn group_ids(item: &Value, field: &str) -> Vec<String> {
    arr_of(item, field)
        .iter()
        .filter_map(|g| str_of(g, "GroupId"))
        .collect()
}

/// The first IPv6 address of a network interface record (`Ipv6Address`, else the first of
/// `Ipv6Addresses`, §16.1).
fn first_ipv6(item: &Value) -> Option<String> {
    str_of(item, "Ipv6Address").or_else(|| {
        arr_of(item, "Ipv6Addresses")
            .iter()
            .find_map(|a| str_of(a, "Ipv6Address"))
    })
}
