//! Mapping each supported `aws_*` resource type of a plan into the [`Inventory`].
//!
//! Attribute names follow the Terraform AWS provider (provider hashicorp/aws 5.x/6.x). References are
//! read through [`Plan::ids`], which returns known ids or resolves unknown ones through the
//! configuration. Inline blocks (`ingress`, `route`, …) are read from the planned values and,
//! where an element is unknown, from the matching configuration block.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::Value;

use super::plan::{Plan, Resource};
use crate::error::ImportWarning;
use crate::ir::{self, Inventory, Label, Peer, TargetKind};
use crate::json::{arr_of, bool_of, name_tag, str_of};

/// Types read only as part of another resource, or irrelevant to the network.
const SILENT: &[&str] = &[
    "aws_db_subnet_group",
    "aws_elasticache_subnet_group",
    "aws_eip_association",
    "aws_vpc_peering_connection_accepter",
];

/// Types read in the second pass, because they amend resources read in the first.
const SECOND_PASS: &[&str] = &[
    "aws_vpc_ipv4_cidr_block_association",
    "aws_internet_gateway_attachment",
    "aws_vpn_gateway_attachment",
    "aws_vpn_connection_route",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_lb_target_group_attachment",
    "aws_alb_target_group_attachment",
    "aws_network_interface_sg_attachment",
    "aws_network_interface_attachment",
];

/// The resources of a state given as context (`--context state.json`): what exists, to stand
/// in for what a plan names but does not create. Resources whose address the plan changes
/// (`resource_changes`) are the plan's, so they are skipped here.
pub(super) fn read_context(
    state: &Plan<'_>,
    plan_changes: &std::collections::BTreeSet<String>,
) -> (Inventory, Vec<ImportWarning>) {
    let mut reader = Reader {
        plan: state,
        inventory: Inventory::default(),
        warnings: Vec::new(),
        deferred: RefCell::new(Vec::new()),
        existing: RefCell::new(BTreeMap::new()),
        locals: RefCell::new(BTreeMap::new()),
    };
    for pass in 0..2 {
        for resource in &state.resources {
            if !plan_changes.contains(&resource.address) {
                reader.resource(resource, pass);
            }
        }
    }
    reader.settle_azs();
    let mut warnings = reader.warnings;
    warnings.extend(reader.deferred.into_inner());
    (reader.inventory, warnings)
}

/// Reads every resource of the plan; what it names but does not create is looked up in
/// `context` (a state's inventory) before a placeholder is written.
pub(super) fn read_with_context(
    plan: &Plan<'_>,
    context: Option<Inventory>,
) -> (Inventory, Vec<ImportWarning>) {
    // The context first: the plan's resources replace any with the same id, and its
    // associations and rules find the existing tables and groups they amend.
    let mut reader = Reader {
        plan,
        inventory: context.unwrap_or_default(),
        warnings: Vec::new(),
        deferred: RefCell::new(Vec::new()),
        existing: RefCell::new(BTreeMap::new()),
        locals: RefCell::new(BTreeMap::new()),
    };
    // What the plan read about existing networks: subnets the plan's resources may name.
    for data in &plan.data {
        if data.kind == "aws_subnet" {
            reader.data_subnet(data);
        }
    }
    // Resources that amend others (associations, standalone rules) come after the ones they
    // amend, whatever their address order.
    for pass in 0..2 {
        for resource in &plan.resources {
            reader.resource(resource, pass);
        }
    }
    reader.fold_primary_enis();
    reader.existing_subnets();
    reader.settle_azs();
    reader.existing_vpcs();
    reader.settle_existing_subnets();
    reader.local_vpc_warnings();
    let mut warnings = reader.warnings;
    warnings.extend(reader.deferred.into_inner());
    (reader.inventory, warnings)
}

/// One inline block, from the planned values and/or its configuration expressions.
pub(super) struct Block<'a> {
    pub(super) values: Option<&'a Value>,
    config: Option<&'a Value>,
    /// The attribute's whole expression when the configuration records it as one expression
    /// rather than a list of blocks (Terraform 0.12's attributes-as-blocks, `route = [...]`):
    /// its references are those of every block together.
    whole: Option<&'a Value>,
}

impl Block<'_> {
    pub(super) fn get(&self, key: &str) -> Option<Value> {
        let known = self
            .values
            .and_then(|v| v.get(key))
            .filter(|v| !v.is_null());
        if let Some(known) = known {
            return Some(known.clone());
        }
        self.config?.get(key)?.get("constant_value").cloned()
    }

    pub(super) fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(text) if !text.is_empty() => Some(text),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    pub(super) fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.parse().ok(),
            _ => None,
        }
    }

    pub(super) fn bool(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    pub(super) fn strs(&self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().filter(|s| !s.is_empty()).map(str::to_owned))
                .collect(),
            Some(Value::String(one)) if !one.is_empty() => vec![one],
            _ => Vec::new(),
        }
    }
}

/// A VPC the plan attaches resources to without creating it (filled and turned into a
/// placeholder by `existing.rs`; declared here, with the reader that holds it, so that `existing`
/// depends on `resources` and never the reverse).
#[derive(Debug, Default)]
pub(crate) struct ExistingVpc {
    /// How the configuration names it: the id, or the reference (`var.vpc_id`).
    pub(super) named_as: String,
    /// Addresses of the plan's resources that name it.
    pub(super) addresses: Vec<String>,
}

pub(super) struct Reader<'p, 'a> {
    pub(super) plan: &'p Plan<'a>,
    pub(super) inventory: Inventory,
    pub(super) warnings: Vec<ImportWarning>,
    /// Warnings found while reading a value inside an expression that borrows the inventory.
    pub(super) deferred: RefCell<Vec<ImportWarning>>,
    /// VPCs named but not created by the plan, by the identity resources use for them
    /// (super::existing).
    pub(super) existing: RefCell<BTreeMap<String, ExistingVpc>>,
    /// (`module.m.local.x`, VPC address) → addresses whose `vpc_id` was taken to be it.
    pub(super) locals: RefCell<BTreeMap<(String, String), Vec<String>>>,
}

pub(super) fn label(resource: &Resource<'_>, name: Option<String>) -> Label {
    let local = resource.local_name();
    Label {
        tag: name_tag(resource.values).or(name),
        fallback: local.clone(),
        suffix: local,
    }
}

/// Whether two JSON scalars are equal, treating `6` and `"6"` alike.
fn same_scalar(a: &Value, b: &Value) -> bool {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match (text(a), text(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

impl<'a> Reader<'_, 'a> {
    pub(super) fn warn(&mut self, resource: &Resource<'_>, message: impl Into<String>) {
        self.warnings
            .push(ImportWarning::warn(resource.address.clone(), message));
    }

    /// The security groups of an interface owner, from `attr`. Never `Some([])`: a design may
    /// not write `security_groups: []` (every interface has at least one group, §15.8), so when
    /// the plan gives none (an empty list, or a list unknown until apply that the configuration
    /// does not resolve) the key is omitted, which gives the VPC's default group, and unless
    /// groups are optional for this resource (NLBs, gateway endpoints) a warning names the
    /// resource's address.
    pub(super) fn interface_groups(
        &mut self,
        r: &Resource<'a>,
        attr: &str,
        optional: bool,
    ) -> Option<Vec<String>> {
        let groups = self.plan.ids(r, attr);
        if !groups.is_empty() {
            return Some(groups);
        }
        if !optional {
            let message = match r.values.get(attr) {
                Some(Value::Array(items)) if items.is_empty() => format!(
                    "`{attr}` is empty in the plan; omitted, so the VPC's default group applies (an interface always has one, §15.8)"
                ),
                _ if self.plan.expression(r, attr).is_some() => format!(
                    "`{attr}` is unknown until apply and its configuration names no security group in the plan; omitted, so the VPC's default group applies"
                ),
                _ => format!(
                    "`{attr}` is not configured, so unknown until apply (AWS assigns the VPC's default group); omitted, so the default group applies"
                ),
            };
            self.warn(r, message);
        }
        None
    }

    pub(super) fn values(&self, resource: &Resource<'a>) -> &'a Value {
        resource.values
    }

    /// The inline blocks `attr` of a resource, paired with their configuration blocks.
    pub(super) fn blocks(&self, resource: &Resource<'a>, attr: &str) -> Vec<Block<'a>> {
        let expression = self.plan.expression(resource, attr);
        let config_blocks: Vec<&'a Value> = expression
            .and_then(Value::as_array)
            .map(|blocks| blocks.iter().collect())
            .unwrap_or_default();
        let whole = expression.filter(|e| e.is_object());
        let value_blocks = arr_of(resource.values, attr);
        if value_blocks.is_empty() {
            // Wholly unknown (or absent): the configuration is all we have.
            if resource.values.get(attr).is_some_and(Value::is_array) {
                return Vec::new();
            }
            return config_blocks
                .into_iter()
                .map(|config| Block {
                    values: None,
                    config: Some(config),
                    whole: None,
                })
                .collect();
        }
        let mut used = vec![false; config_blocks.len()];
        value_blocks
            .iter()
            .map(|values| {
                let matching = config_blocks.iter().enumerate().position(|(i, config)| {
                    !used[i]
                        && config.as_object().is_some_and(|fields| {
                            fields.iter().all(|(key, expression)| {
                                match (expression.get("constant_value"), values.get(key)) {
                                    (Some(constant), Some(value)) if !value.is_null() => {
                                        same_scalar(constant, value)
                                    }
                                    _ => true,
                                }
                            })
                        })
                });
                let config = matching.map(|i| {
                    used[i] = true;
                    config_blocks[i]
                });
                Block {
                    values: Some(values),
                    config,
                    whole,
                }
            })
            .collect()
    }

    /// Whether `attr` of `resource` is wholly unknown until apply while its configuration sets
    /// it (Terraform 0.12 plans inline `route`/`ingress` sets with an unknown id this way).
    fn blocks_unknown(&self, resource: &Resource<'a>, attr: &str) -> bool {
        !resource.values.get(attr).is_some_and(Value::is_array)
            && self
                .plan
                .expression(resource, attr)
                .is_some_and(|e| e.is_object())
    }

    /// Ids a block's attribute names: known values plus resolved configuration references.
    pub(super) fn block_ids(
        &self,
        resource: &Resource<'a>,
        block: &Block<'a>,
        key: &str,
    ) -> Vec<String> {
        let mut ids = block.strs(key);
        if let Some(expression) = block.config.and_then(|c| c.get(key)) {
            for id in
                self.plan
                    .resolve_refs(&resource.module, expression, resource.index.as_ref(), 0)
            {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    fn resource(&mut self, resource: &Resource<'a>, pass: usize) {
        let first = pass == 0;
        if first {
            let tags = crate::json::all_tags(resource.values);
            if !tags.is_empty() {
                self.inventory.tags.insert(resource.identity.clone(), tags);
            }
        }
        match resource.kind.as_str() {
            "aws_vpc" if first => self.vpc(resource),
            "aws_vpc_ipv4_cidr_block_association" if !first => self.cidr_association(resource),
            "aws_subnet" if first => self.subnet(resource),
            "aws_internet_gateway" | "aws_egress_only_internet_gateway" | "aws_vpn_gateway"
                if first =>
            {
                self.gateway(resource)
            }
            "aws_internet_gateway_attachment" | "aws_vpn_gateway_attachment" if !first => {
                self.gateway_attachment(resource)
            }
            "aws_vpn_connection" if first => self.vpn_connection(resource),
            "aws_vpn_connection_route" if !first => self.vpn_connection_route(resource),
            "aws_nat_gateway" if first => self.nat_gateway(resource),
            "aws_eip" if first => self.eip(resource),
            "aws_eip_association" if !first => self.eip_association(resource),
            "aws_route_table" | "aws_default_route_table" if first => self.route_table(resource),
            "aws_route" if !first => self.route(resource),
            "aws_route_table_association" if !first => self.route_table_association(resource),
            "aws_main_route_table_association" if !first => self.main_association(resource),
            "aws_security_group" | "aws_default_security_group" if first => {
                self.security_group(resource)
            }
            "aws_security_group_rule" if !first => self.sg_rule_resource(resource),
            "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule"
                if !first =>
            {
                self.vpc_sg_rule(resource)
            }
            "aws_network_acl" | "aws_default_network_acl" if first => self.network_acl(resource),
            "aws_network_acl_rule" if !first => self.nacl_rule(resource),
            "aws_network_acl_association" if !first => self.nacl_association(resource),
            "aws_instance" if first => self.instance(resource),
            "aws_network_interface" if first => self.network_interface(resource),
            "aws_network_interface_sg_attachment" if !first => self.eni_sg_attachment(resource),
            "aws_network_interface_attachment" if !first => self.eni_attachment(resource),
            "aws_lb" | "aws_alb" if first => self.load_balancer(resource),
            "aws_lb_listener" | "aws_alb_listener" if first => self.listener(resource),
            "aws_lb_target_group" | "aws_alb_target_group" if first => self.target_group(resource),
            "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment" if !first => {
                self.tg_attachment(resource)
            }
            "aws_db_instance" if first => self.db_instance(resource),
            "aws_elasticache_cluster" | "aws_elasticache_replication_group" if first => {
                self.cache(resource)
            }
            "aws_vpc_peering_connection" if first => self.peering(resource),
            "aws_vpc_endpoint" if first => self.endpoint(resource),
            "aws_ec2_transit_gateway" if first => {
                self.inventory.transit_gateways.insert(
                    resource.identity.clone(),
                    ir::TransitGateway {
                        label: label(resource, None),
                    },
                );
            }
            "aws_ec2_transit_gateway_vpc_attachment" if first => self.tgw_attachment(resource),
            kind if !first || SILENT.contains(&kind) || SECOND_PASS.contains(&kind) => {}
            kind if is_network_kind(kind) => {
                self.warnings.push(ImportWarning::warn(
                    resource.address.clone(),
                    format!("unsupported resource type `{kind}`; skipped"),
                ));
            }
            kind => {
                self.warnings.push(ImportWarning::info(
                    resource.address.clone(),
                    format!("resource type `{kind}` has no network meaning for vpcsim; ignored"),
                ));
            }
        }
    }

    fn vpc(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let cidrs = str_of(v, "cidr_block").into_iter().collect();
        // §16.1: an Amazon-provided IPv6 block is chosen at apply time, so a plan cannot say
        // which addresses will be public; say what the answers lack instead of hiding it.
        if bool_of(v, "assign_generated_ipv6_cidr_block") == Some(true)
            && str_of(v, "ipv6_cidr_block").is_none_or(|c| c.is_empty())
        {
            self.warn(
                r,
                "IPv6 block assigned by AWS at apply time: not known in the plan, so the VPC and its subnets are imported IPv4-only and IPv6 exposure (::/0 rules and routes) is not answered; import the applied state or an AWS export to check it",
            );
        }
        self.inventory.vpcs.insert(
            r.identity.clone(),
            ir::Vpc {
                label: label(r, None),
                cidrs,
                ipv6_cidr: str_of(v, "ipv6_cidr_block").filter(|c| !c.is_empty()),
                enable_dns_support: bool_of(v, "enable_dns_support"),
                enable_dns_hostnames: bool_of(v, "enable_dns_hostnames"),
            },
        );
    }

    fn cidr_association(&mut self, r: &Resource<'a>) {
        let vpc = self.vpc_ref(r, "vpc_id");
        let cidr = str_of(r.values, "cidr_block");
        match (vpc.and_then(|vpc| self.inventory.vpcs.get_mut(&vpc)), cidr) {
            (Some(vpc), Some(cidr)) => vpc.cidrs.push(cidr),
            _ => self.warn(r, "VPC or CIDR of the secondary block unknown; skipped"),
        }
    }

    fn subnet(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let Some(cidr) = str_of(v, "cidr_block") else {
            self.warn(
                r,
                "subnet CIDR unknown (IPAM-allocated CIDRs are not resolved); skipped",
            );
            return;
        };
        let ipv6_cidr = str_of(v, "ipv6_cidr_block").filter(|c| !c.is_empty());
        if ipv6_cidr.is_none()
            && (bool_of(v, "assign_ipv6_address_on_creation") == Some(true)
                || bool_of(v, "ipv6_native") == Some(true))
        {
            self.warn(
                r,
                "IPv6 /64 not known in the plan (derived from the VPC's AWS-assigned block): the subnet is imported IPv4-only and its interfaces get no IPv6 address, so IPv6 exposure is not answered here",
            );
        }
        self.inventory.subnets.insert(
            r.identity.clone(),
            ir::Subnet {
                label: label(r, None),
                vpc: self.vpc_ref(r, "vpc_id"),
                cidr,
                az: self.subnet_az(r),
                ipv6_cidr,
                public_ip_on_launch: bool_of(v, "map_public_ip_on_launch"),
                assign_ipv6_on_creation: bool_of(v, "assign_ipv6_address_on_creation"),
            },
        );
    }

    fn gateway(&mut self, r: &Resource<'a>) {
        let gateway = ir::Gateway {
            label: label(r, None),
            vpc: self.vpc_ref(r, "vpc_id"),
        };
        let map = match r.kind.as_str() {
            "aws_internet_gateway" => &mut self.inventory.internet_gateways,
            "aws_egress_only_internet_gateway" => &mut self.inventory.egress_only_gateways,
            _ => &mut self.inventory.vpn_gateways,
        };
        map.insert(r.identity.clone(), gateway);
    }

    /// `aws_vpn_connection` on a VPN gateway (docs/semantics.md §15.11): remembered so that its
    /// `aws_vpn_connection_route`s add to what the gateway's VPN covers; one on a transit
    /// gateway is not modelled.
    fn vpn_connection(&mut self, r: &Resource<'a>) {
        match self.plan.id(r, "vpn_gateway_id") {
            Some(vgw) => {
                self.inventory.vpn_routes.entry(vgw.clone()).or_default();
                self.inventory
                    .vpn_connections
                    .insert(r.identity.clone(), vgw);
            }
            None => self.warn(
                r,
                "a VPN connection without a VPN gateway (on a transit gateway) is not modelled; skipped",
            ),
        }
    }

    /// `aws_vpn_connection_route`: a static route of the connection's VPN (§15.11).
    fn vpn_connection_route(&mut self, r: &Resource<'a>) {
        let connection = self.plan.id(r, "vpn_connection_id");
        let vgw = connection
            .as_ref()
            .and_then(|c| self.inventory.vpn_connections.get(c))
            .cloned();
        match (vgw, str_of(self.values(r), "destination_cidr_block")) {
            (Some(vgw), Some(cidr)) => self
                .inventory
                .vpn_routes
                .entry(vgw)
                .or_default()
                .push(cidr),
            _ => self.warn(
                r,
                "VPN connection or destination of the route not found; skipped, so the VPN covers less in the design",
            ),
        }
    }

    fn gateway_attachment(&mut self, r: &Resource<'a>) {
        let gateway = self
            .plan
            .id(r, "internet_gateway_id")
            .or_else(|| self.plan.id(r, "vpn_gateway_id"));
        let vpc = self.vpc_ref(r, "vpc_id");
        let found = gateway.as_ref().and_then(|g| {
            self.inventory
                .internet_gateways
                .get_mut(g)
                .or_else(|| self.inventory.vpn_gateways.get_mut(g))
        });
        match (found, vpc) {
            (Some(gateway), Some(vpc)) => gateway.vpc = Some(vpc),
            _ => self.warn(r, "gateway or VPC of the attachment not found; skipped"),
        }
    }

    fn nat_gateway(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        self.inventory.nat_gateways.insert(
            r.identity.clone(),
            ir::NatGateway {
                label: label(r, None),
                vpc: None,
                subnet: self.plan.id(r, "subnet_id"),
                connectivity: str_of(v, "connectivity_type"),
                public_ip: str_of(v, "public_ip").filter(|ip| !ip.is_empty()),
                allocation: self.plan.id(r, "allocation_id"),
                private_ip: str_of(v, "private_ip").filter(|ip| !ip.is_empty()),
            },
        );
    }

    fn eip(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let instance = self.plan.id(r, "instance");
        let network_interface = self.plan.id(r, "network_interface");
        self.inventory.elastic_ips.insert(
            r.identity.clone(),
            ir::ElasticIp {
                public_ip: str_of(v, "public_ip").filter(|ip| !ip.is_empty()),
                instance,
                network_interface,
            },
        );
    }

    fn eip_association(&mut self, r: &Resource<'a>) {
        let allocation = self.plan.id(r, "allocation_id");
        let instance = self.plan.id(r, "instance_id");
        let eni = self.plan.id(r, "network_interface_id");
        match allocation.and_then(|a| self.inventory.elastic_ips.get_mut(&a)) {
            Some(eip) => {
                eip.instance = eip.instance.take().or(instance);
                eip.network_interface = eip.network_interface.take().or(eni);
            }
            None => self.warn(r, "elastic IP of the association not found; skipped"),
        }
    }

    /// A route's target, from the first target attribute that is set or referenced.
    fn route_target(&self, r: &Resource<'a>, block: &Block<'a>) -> Option<(TargetKind, String)> {
        for (key, kind) in [
            ("nat_gateway_id", TargetKind::NatGateway),
            ("vpc_peering_connection_id", TargetKind::Peering),
            ("transit_gateway_id", TargetKind::TransitGateway),
            ("egress_only_gateway_id", TargetKind::EgressOnlyGateway),
            ("network_interface_id", TargetKind::NetworkInterface),
            ("instance_id", TargetKind::Instance),
            ("vpc_endpoint_id", TargetKind::Endpoint),
            ("gateway_id", TargetKind::Gateway),
            (
                "carrier_gateway_id",
                TargetKind::Unsupported("carrier gateway"),
            ),
            ("local_gateway_id", TargetKind::Unsupported("local gateway")),
            (
                "core_network_arn",
                TargetKind::Unsupported("Cloud WAN core network"),
            ),
        ] {
            if let Some(id) = self.block_ids(r, block, key).into_iter().next() {
                return Some((kind, id));
            }
        }
        // Terraform 0.12: the block's unknown target is `null` (unset ones are `""`) and the
        // configuration has one expression for every block: take the referenced resource of
        // the kind the key allows, when there is exactly one.
        let values = block.values?;
        let whole = block.whole?;
        for (key, kind, kinds) in [
            (
                "nat_gateway_id",
                TargetKind::NatGateway,
                &["aws_nat_gateway"][..],
            ),
            (
                "vpc_peering_connection_id",
                TargetKind::Peering,
                &["aws_vpc_peering_connection"][..],
            ),
            (
                "transit_gateway_id",
                TargetKind::TransitGateway,
                &["aws_ec2_transit_gateway"][..],
            ),
            (
                "egress_only_gateway_id",
                TargetKind::EgressOnlyGateway,
                &["aws_egress_only_internet_gateway"][..],
            ),
            (
                "network_interface_id",
                TargetKind::NetworkInterface,
                &["aws_network_interface"][..],
            ),
            ("instance_id", TargetKind::Instance, &["aws_instance"][..]),
            (
                "vpc_endpoint_id",
                TargetKind::Endpoint,
                &["aws_vpc_endpoint"][..],
            ),
            (
                "gateway_id",
                TargetKind::Gateway,
                &[
                    "aws_internet_gateway",
                    "aws_vpn_gateway",
                    "aws_vpc_endpoint",
                ][..],
            ),
        ] {
            if !values.get(key).is_some_and(Value::is_null) {
                continue;
            }
            let candidates: Vec<String> = self
                .plan
                .resolve_refs(&r.module, whole, r.index.as_ref(), 0)
                .into_iter()
                .filter(|id| {
                    self.plan
                        .by_identity(id)
                        .is_some_and(|t| kinds.contains(&t.kind.as_str()))
                })
                .collect();
            if let [one] = candidates.as_slice() {
                return Some((kind, one.clone()));
            }
        }
        None
    }

    fn ir_route(
        &self,
        r: &Resource<'a>,
        block: &Block<'a>,
        cidr_keys: [&str; 3],
    ) -> Option<ir::Route> {
        let (to, to_prefix_list) = if let Some(cidr) = block.str(cidr_keys[0]) {
            (cidr, false)
        } else if let Some(cidr) = block.str(cidr_keys[1]) {
            (cidr, false)
        } else {
            let list = self.block_ids(r, block, cidr_keys[2]).into_iter().next()?;
            (list, true)
        };
        Some(ir::Route {
            origin: format!("{to} of {}", r.address),
            target: self.route_target(r, block),
            alt_target: None,
            blackhole: false,
            to,
            to_prefix_list,
        })
    }

    fn route_table(&mut self, r: &Resource<'a>) {
        let is_default = r.kind == "aws_default_route_table";
        let vpc = if is_default {
            // `default_route_table_id = aws_vpc.x.default_route_table_id` resolves to the VPC.
            self.plan
                .id(r, "vpc_id")
                .filter(|id| !id.starts_with("rtb-"))
                .or_else(|| {
                    self.plan
                        .id(r, "default_route_table_id")
                        .filter(|id| self.inventory.vpcs.contains_key(id) || id.starts_with("tf:"))
                })
        } else {
            self.vpc_ref(r, "vpc_id")
        };
        let mut routes = Vec::new();
        if self.blocks_unknown(r, "route") {
            self.warn(
                r,
                "inline `route` blocks unknown until apply (the plan gives neither their destinations nor targets); the table is written without them, so findings about its routes are assumed",
            );
        }
        for block in self.blocks(r, "route") {
            match self.ir_route(
                r,
                &block,
                [
                    "cidr_block",
                    "ipv6_cidr_block",
                    "destination_prefix_list_id",
                ],
            ) {
                Some(route) => routes.push(route),
                None => self.warn(r, "inline route without a known destination; skipped"),
            }
        }
        self.inventory.route_tables.insert(
            r.identity.clone(),
            ir::RouteTable {
                label: label(r, None),
                vpc,
                main: is_default,
                routes,
                subnets: Vec::new(),
            },
        );
    }

    fn route(&mut self, r: &Resource<'a>) {
        let block = Block {
            values: Some(r.values),
            config: self.plan.expressions(r),
            whole: None,
        };
        let table = self.plan.id(r, "route_table_id");
        let route = self.ir_route(
            r,
            &block,
            [
                "destination_cidr_block",
                "destination_ipv6_cidr_block",
                "destination_prefix_list_id",
            ],
        );
        match (
            table.and_then(|t| self.inventory.route_tables.get_mut(&t)),
            route,
        ) {
            (Some(table), Some(route)) => table.routes.push(route),
            (None, _) => self.warn(
                r,
                "route table of this route not found in the plan; skipped",
            ),
            (_, None) => self.warn(r, "route destination unknown; skipped"),
        }
    }

    fn route_table_association(&mut self, r: &Resource<'a>) {
        let table = self.plan.id(r, "route_table_id");
        let subnet = self.plan.id(r, "subnet_id");
        let Some(subnet) = subnet else {
            self.warn(r, "gateway (edge) associations are not modelled; skipped");
            return;
        };
        match table.and_then(|t| self.inventory.route_tables.get_mut(&t)) {
            Some(table) => table.subnets.push(subnet),
            None => self.warn(
                r,
                "route table of the association not found in the plan; skipped",
            ),
        }
    }

    fn main_association(&mut self, r: &Resource<'a>) {
        let table = self.plan.id(r, "route_table_id");
        match table.and_then(|t| self.inventory.route_tables.get_mut(&t)) {
            Some(table) => table.main = true,
            None => self.warn(
                r,
                "route table of the main association not found in the plan; skipped",
            ),
        }
    }

    /// Rules of one inline SG block or standalone rule: one per CIDR / group / prefix list.
    fn sg_rules(
        &self,
        r: &Resource<'a>,
        block: &Block<'a>,
        own_sg: &str,
        keys: SgKeys,
    ) -> Vec<ir::SgRule> {
        let proto = block.str(keys.protocol).unwrap_or_else(|| "-1".to_owned());
        let from_port = block.int("from_port");
        let to_port = block.int("to_port");
        let description = block.str("description");
        let mut peers = Vec::new();
        for key in keys.cidrs {
            peers.extend(block.strs(key).into_iter().map(Peer::Cidr));
        }
        for key in keys.prefix_lists {
            peers.extend(
                self.block_ids(r, block, key)
                    .into_iter()
                    .map(Peer::PrefixList),
            );
        }
        for key in keys.groups {
            peers.extend(
                self.block_ids(r, block, key)
                    .into_iter()
                    .map(Peer::SecurityGroup),
            );
        }
        if block.bool("self") == Some(true) {
            peers.push(Peer::SecurityGroup(own_sg.to_owned()));
        }
        peers
            .into_iter()
            .map(|peer| ir::SgRule {
                proto: proto.clone(),
                from_port,
                to_port,
                peer,
                description: description.clone(),
            })
            .collect()
    }

    fn security_group(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let is_default = r.kind == "aws_default_security_group";
        for attr in ["ingress", "egress"] {
            if self.blocks_unknown(r, attr) {
                self.warn(r, format!("inline `{attr}` rules unknown until apply; the group is written without them, so findings about its {attr} are assumed"));
            }
        }
        let mut ingress = Vec::new();
        for block in self.blocks(r, "ingress") {
            ingress.extend(self.sg_rules(r, &block, &r.identity, SgKeys::INLINE));
        }
        let mut egress = Vec::new();
        for block in self.blocks(r, "egress") {
            egress.extend(self.sg_rules(r, &block, &r.identity, SgKeys::INLINE));
        }
        self.inventory.security_groups.insert(
            r.identity.clone(),
            ir::SecurityGroup {
                label: label(r, str_of(v, "name").filter(|_| !is_default)),
                vpc: self.vpc_ref(r, "vpc_id"),
                is_default,
                description: str_of(v, "description"),
                ingress,
                egress,
            },
        );
    }

    fn sg_rule_resource(&mut self, r: &Resource<'a>) {
        let block = Block {
            values: Some(r.values),
            config: self.plan.expressions(r),
            whole: None,
        };
        let Some(sg) = self.plan.id(r, "security_group_id") else {
            self.warn(r, "security group of this rule unknown; skipped");
            return;
        };
        let egress = str_of(r.values, "type").as_deref() == Some("egress");
        let rules = self.sg_rules(r, &block, &sg, SgKeys::STANDALONE);
        self.add_sg_rules(r, &sg, egress, rules);
    }

    fn vpc_sg_rule(&mut self, r: &Resource<'a>) {
        let block = Block {
            values: Some(r.values),
            config: self.plan.expressions(r),
            whole: None,
        };
        let Some(sg) = self.plan.id(r, "security_group_id") else {
            self.warn(r, "security group of this rule unknown; skipped");
            return;
        };
        let egress = r.kind.ends_with("egress_rule");
        let rules = self.sg_rules(r, &block, &sg, SgKeys::VPC_RULE);
        self.add_sg_rules(r, &sg, egress, rules);
    }

    fn add_sg_rules(&mut self, r: &Resource<'a>, sg: &str, egress: bool, rules: Vec<ir::SgRule>) {
        if rules.is_empty() {
            self.warn(r, "rule has no known source or destination; skipped");
            return;
        }
        match self.inventory.security_groups.get_mut(sg) {
            Some(group) if egress => group.egress.extend(rules),
            Some(group) => group.ingress.extend(rules),
            None => self.warn(
                r,
                "security group of this rule not found in the plan; skipped",
            ),
        }
    }

    fn nacl_entry(
        block: &Block<'_>,
        egress: bool,
        number_key: &str,
        action_key: &str,
    ) -> Option<ir::NaclEntry> {
        Some(ir::NaclEntry {
            rule: block.int(number_key)?,
            egress,
            allow: block.str(action_key)?.eq_ignore_ascii_case("allow"),
            proto: block.str("protocol").unwrap_or_else(|| "-1".to_owned()),
            ports: match (block.int("from_port"), block.int("to_port")) {
                (Some(from), Some(to)) => Some((from, to)),
                _ => None,
            },
            icmp_type: block.int("icmp_type"),
            icmp_code: block.int("icmp_code"),
            cidr: block
                .str("cidr_block")
                .or_else(|| block.str("ipv6_cidr_block"))?,
        })
    }

    fn network_acl(&mut self, r: &Resource<'a>) {
        let is_default = r.kind == "aws_default_network_acl";
        let mut entries = Vec::new();
        for attr in ["ingress", "egress"] {
            if self.blocks_unknown(r, attr) {
                self.warn(r, format!("inline `{attr}` entries unknown until apply; the ACL is written without them, so findings about its {attr} are assumed"));
            }
        }
        for (attr, egress) in [("ingress", false), ("egress", true)] {
            for block in self.blocks(r, attr) {
                match Self::nacl_entry(&block, egress, "rule_no", "action") {
                    Some(entry) => entries.push(entry),
                    None => self.warn(
                        r,
                        format!("{attr} entry with unknown rule number, action or CIDR; skipped"),
                    ),
                }
            }
        }
        let vpc = if is_default {
            self.plan
                .id(r, "vpc_id")
                .filter(|id| !id.starts_with("acl-"))
                .or_else(|| self.plan.id(r, "default_network_acl_id"))
        } else {
            self.vpc_ref(r, "vpc_id")
        };
        self.inventory.network_acls.insert(
            r.identity.clone(),
            ir::NetworkAcl {
                label: label(r, None),
                vpc,
                is_default,
                subnets: self.plan.ids(r, "subnet_ids"),
                entries,
            },
        );
    }

    fn nacl_rule(&mut self, r: &Resource<'a>) {
        let block = Block {
            values: Some(r.values),
            config: self.plan.expressions(r),
            whole: None,
        };
        let acl = self.plan.id(r, "network_acl_id");
        let egress = block.bool("egress").unwrap_or(false);
        let entry = Self::nacl_entry(&block, egress, "rule_number", "rule_action");
        match (
            acl.and_then(|a| self.inventory.network_acls.get_mut(&a)),
            entry,
        ) {
            (Some(acl), Some(entry)) => acl.entries.push(entry),
            (None, _) => self.warn(r, "network ACL of this rule not found in the plan; skipped"),
            (_, None) => self.warn(r, "rule number, action or CIDR unknown; skipped"),
        }
    }

    fn nacl_association(&mut self, r: &Resource<'a>) {
        let acl = self.plan.id(r, "network_acl_id");
        let subnet = self.plan.id(r, "subnet_id");
        match (
            acl.and_then(|a| self.inventory.network_acls.get_mut(&a)),
            subnet,
        ) {
            (Some(acl), Some(subnet)) => acl.subnets.push(subnet),
            _ => self.warn(
                r,
                "network ACL or subnet of the association not found; skipped",
            ),
        }
    }

    fn peering(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let accepted = bool_of(v, "auto_accept") == Some(true)
            || self.plan.resources.iter().any(|other| {
                other.kind == "aws_vpc_peering_connection_accepter"
                    && self.plan.id(other, "vpc_peering_connection_id").as_deref()
                        == Some(r.identity.as_str())
            });
        let status = str_of(v, "accept_status").unwrap_or_else(|| {
            if accepted {
                "active"
            } else {
                "pending-acceptance"
            }
            .to_owned()
        });
        self.inventory.peerings.insert(
            r.identity.clone(),
            ir::Peering {
                label: label(r, None),
                requester: self.vpc_ref(r, "vpc_id"),
                accepter: self.plan.id(r, "peer_vpc_id"),
                status: Some(status),
                accepter_region: str_of(v, "peer_region").filter(|s| !s.is_empty()),
            },
        );
    }

    fn endpoint(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let kind = str_of(v, "vpc_endpoint_type").unwrap_or_else(|| "Gateway".to_owned());
        // Only interface endpoints have network interfaces, and so security groups.
        let is_interface = kind.eq_ignore_ascii_case("interface");
        let groups = self.interface_groups(r, "security_group_ids", !is_interface);
        self.inventory.endpoints.insert(
            r.identity.clone(),
            ir::Endpoint {
                label: label(r, None),
                vpc: self.vpc_ref(r, "vpc_id"),
                kind,
                service: str_of(v, "service_name").unwrap_or_default(),
                route_tables: self.plan.ids(r, "route_table_ids"),
                subnets: self.plan.ids(r, "subnet_ids"),
                security_groups: groups,
            },
        );
    }

    fn tgw_attachment(&mut self, r: &Resource<'a>) {
        self.inventory.tgw_attachments.insert(
            r.identity.clone(),
            ir::TgwAttachment {
                label: label(r, None),
                transit_gateway: self.plan.id(r, "transit_gateway_id"),
                vpc: self.vpc_ref(r, "vpc_id"),
                subnets: self.plan.ids(r, "subnet_ids"),
            },
        );
    }
}

/// Attribute names of SG rules in the three Terraform spellings.
#[derive(Clone, Copy)]
struct SgKeys {
    protocol: &'static str,
    cidrs: &'static [&'static str],
    prefix_lists: &'static [&'static str],
    groups: &'static [&'static str],
}

impl SgKeys {
    const INLINE: SgKeys = SgKeys {
        protocol: "protocol",
        cidrs: &["cidr_blocks", "ipv6_cidr_blocks"],
        prefix_lists: &["prefix_list_ids"],
        groups: &["security_groups"],
    };
    const STANDALONE: SgKeys = SgKeys {
        protocol: "protocol",
        cidrs: &["cidr_blocks", "ipv6_cidr_blocks"],
        prefix_lists: &["prefix_list_ids"],
        groups: &["source_security_group_id"],
    };
    const VPC_RULE: SgKeys = SgKeys {
        protocol: "ip_protocol",
        cidrs: &["cidr_ipv4", "cidr_ipv6"],
        prefix_lists: &["prefix_list_id"],
        groups: &["referenced_security_group_id"],
    };
}

/// Resource types that affect the network but are not modelled: worth a warning, unlike
/// IAM roles or S3 buckets.
fn is_network_kind(kind: &str) -> bool {
    [
        "aws_vpc",
        "aws_subnet",
        "aws_route",
        "aws_network",
        "aws_security",
        "aws_ec2_",
        "aws_nat",
        "aws_lb",
        "aws_alb",
        "aws_elb",
        "aws_rds_cluster",
        "aws_eks_",
        "aws_autoscaling_group",
        "aws_launch_template",
        "aws_launch_configuration",
        "aws_redshift_cluster",
        "aws_msk_cluster",
        "aws_ecs_service",
        "aws_vpn",
        "aws_customer_gateway",
        "aws_dx_",
        "aws_networkfirewall",
        "aws_globalaccelerator",
        "aws_default_",
    ]
    .iter()
    .any(|prefix| kind.starts_with(prefix))
}
