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
use crate::json::{arr_of, bool_of, int_of, name_tag, str_of, strs_of};

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

/// Reads every resource of the plan.
pub(super) fn read(plan: &Plan<'_>) -> (Inventory, Vec<ImportWarning>) {
    let mut reader = Reader {
        plan,
        inventory: Inventory::default(),
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
    reader.settle_azs();
    reader.existing_vpcs();
    reader.local_vpc_warnings();
    let mut warnings = reader.warnings;
    warnings.extend(reader.deferred.into_inner());
    (reader.inventory, warnings)
}

/// One inline block, from the planned values and/or its configuration expressions.
struct Block<'a> {
    values: Option<&'a Value>,
    config: Option<&'a Value>,
    /// The attribute's whole expression when the configuration records it as one expression
    /// rather than a list of blocks (Terraform 0.12's attributes-as-blocks, `route = [...]`):
    /// its references are those of every block together.
    whole: Option<&'a Value>,
}

impl Block<'_> {
    fn get(&self, key: &str) -> Option<Value> {
        let known = self
            .values
            .and_then(|v| v.get(key))
            .filter(|v| !v.is_null());
        if let Some(known) = known {
            return Some(known.clone());
        }
        self.config?.get(key)?.get("constant_value").cloned()
    }

    fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(text) if !text.is_empty() => Some(text),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.parse().ok(),
            _ => None,
        }
    }

    fn bool(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    fn strs(&self, key: &str) -> Vec<String> {
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

pub(super) struct Reader<'p, 'a> {
    pub(super) plan: &'p Plan<'a>,
    pub(super) inventory: Inventory,
    pub(super) warnings: Vec<ImportWarning>,
    /// Warnings found while reading a value inside an expression that borrows the inventory.
    pub(super) deferred: RefCell<Vec<ImportWarning>>,
    /// VPCs named but not created by the plan, by the identity resources use for them
    /// (super::existing).
    pub(super) existing: RefCell<BTreeMap<String, super::existing::ExistingVpc>>,
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
    fn warn(&mut self, resource: &Resource<'_>, message: impl Into<String>) {
        self.warnings
            .push(ImportWarning::warn(resource.address.clone(), message));
    }

    /// The security groups of an interface owner, from `attr`. Never `Some([])`: a design may
    /// not write `security_groups: []` (every interface has at least one group, §15.8), so when
    /// the plan gives none (an empty list, or a list unknown until apply that the configuration
    /// does not resolve) the key is omitted, which gives the VPC's default group, and unless
    /// groups are optional for this resource (NLBs, gateway endpoints) a warning names the
    /// resource's address.
    fn interface_groups(
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

    fn values(&self, resource: &Resource<'a>) -> &'a Value {
        resource.values
    }

    /// The inline blocks `attr` of a resource, paired with their configuration blocks.
    fn blocks(&self, resource: &Resource<'a>, attr: &str) -> Vec<Block<'a>> {
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
    fn block_ids(&self, resource: &Resource<'a>, block: &Block<'a>, key: &str) -> Vec<String> {
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
        self.inventory.subnets.insert(
            r.identity.clone(),
            ir::Subnet {
                label: label(r, None),
                vpc: self.vpc_ref(r, "vpc_id"),
                cidr,
                az: self.subnet_az(r),
                ipv6_cidr: str_of(v, "ipv6_cidr_block").filter(|c| !c.is_empty()),
                public_ip_on_launch: bool_of(v, "map_public_ip_on_launch"),
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

    fn instance(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        // `network_interface { network_interface_id = …, device_index = N }` blocks: index 0
        // is the primary ENI (its subnet, groups and address become the instance's, see
        // `fold_primary_enis`), the others are attached to the instance.
        let mut primary_eni = str_of(v, "primary_network_interface_id");
        let mut eni_launched = false;
        for block in self.blocks(r, "network_interface") {
            let Some(eni) = self
                .block_ids(r, &block, "network_interface_id")
                .into_iter()
                .next()
            else {
                continue;
            };
            if block.int("device_index").unwrap_or(0) == 0 {
                primary_eni = Some(eni);
                eni_launched = true;
            } else if let Some(attached) = self.inventory.network_interfaces.get_mut(&eni) {
                attached.instance = Some(r.identity.clone());
            }
        }
        let by_name = self.plan.ids(r, "security_groups");
        let security_groups =
            if self.plan.ids(r, "vpc_security_group_ids").is_empty() && !by_name.is_empty() {
                // With `subnet_id` set, the provider sends `security_groups` as group ids
                // (unknown until apply when the groups are new, so read from the configuration's
                // references); names are looked up among the plan's groups.
                let groups: Vec<String> = by_name
                    .into_iter()
                    .map(|group| self.security_group_by_name(&group).unwrap_or(group))
                    .collect();
                Some(groups)
            } else if eni_launched && self.plan.ids(r, "vpc_security_group_ids").is_empty() {
                // The primary ENI's groups (`fold_primary_enis`).
                None
            } else {
                self.interface_groups(r, "vpc_security_group_ids", false)
            };
        let public = bool_of(v, "associate_public_ip_address");
        let public_ip = str_of(v, "public_ip").filter(|ip| !ip.is_empty());
        self.inventory.instances.insert(
            r.identity.clone(),
            ir::Instance {
                label: label(r, None),
                vpc: None,
                subnet: self.plan.id(r, "subnet_id"),
                private_ip: str_of(v, "private_ip").filter(|ip| !ip.is_empty()),
                public_ip: match (public_ip, public) {
                    (Some(ip), _) => Some(Some(ip)),
                    (None, Some(true)) => Some(None),
                    _ => None,
                },
                no_public_ip: public == Some(false),
                security_groups,
                source_dest_check: bool_of(v, "source_dest_check"),
                instance_type: str_of(v, "instance_type"),
                primary_eni,
            },
        );
    }

    fn eni_sg_attachment(&mut self, r: &Resource<'a>) {
        let (Some(group), Some(eni)) = (
            self.plan.id(r, "security_group_id"),
            self.plan.id(r, "network_interface_id"),
        ) else {
            self.warn(
                r,
                "security group or network interface of the attachment unknown; skipped",
            );
            return;
        };
        let groups = if let Some(interface) = self.inventory.network_interfaces.get_mut(&eni) {
            &mut interface.security_groups
        } else if let Some(instance) = self
            .inventory
            .instances
            .values_mut()
            .find(|i| i.primary_eni.as_deref() == Some(eni.as_str()))
        {
            &mut instance.security_groups
        } else {
            self.warn(
                r,
                "network interface of the attachment not found in the plan; skipped",
            );
            return;
        };
        let groups = groups.get_or_insert_with(Vec::new);
        if !groups.contains(&group) {
            groups.push(group);
        }
    }

    fn eni_attachment(&mut self, r: &Resource<'a>) {
        let (Some(instance), Some(eni)) = (
            self.plan.id(r, "instance_id"),
            self.plan.id(r, "network_interface_id"),
        ) else {
            self.warn(
                r,
                "instance or network interface of the attachment unknown; skipped",
            );
            return;
        };
        match self.inventory.network_interfaces.get_mut(&eni) {
            Some(interface) => interface.instance = Some(instance),
            None => self.warn(
                r,
                "network interface of the attachment not found in the plan; skipped",
            ),
        }
    }

    /// An instance launched with `network_interface { device_index = 0 }` has no `subnet_id`:
    /// its subnet, groups and address are its primary ENI's, which then is not written as an
    /// extra interface.
    pub(super) fn fold_primary_enis(&mut self) {
        for instance in self.inventory.instances.values_mut() {
            if instance.subnet.is_some() {
                continue;
            }
            let Some(eni) = instance
                .primary_eni
                .as_ref()
                .and_then(|id| self.inventory.network_interfaces.remove(id))
            else {
                continue;
            };
            instance.subnet = eni.subnet;
            instance.private_ip = instance.private_ip.take().or(eni.private_ip);
            if eni.security_groups.is_some() {
                instance.security_groups = eni.security_groups;
            }
            instance.source_dest_check = instance.source_dest_check.or(eni.source_dest_check);
        }
    }

    /// The identity of the plan's security group whose identity or `name` is `group`.
    fn security_group_by_name(&self, group: &str) -> Option<String> {
        if self.plan.by_identity(group).is_some() {
            return Some(group.to_owned());
        }
        self.plan
            .resources
            .iter()
            .find(|sg| {
                sg.kind == "aws_security_group"
                    && str_of(sg.values, "name").as_deref() == Some(group)
            })
            .map(|sg| sg.identity.clone())
    }

    fn network_interface(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let attachment = arr_of(v, "attachment").first();
        let instance = attachment.and_then(|a| str_of(a, "instance")).or_else(|| {
            let block = self.blocks(r, "attachment").into_iter().next()?;
            self.block_ids(r, &block, "instance").into_iter().next()
        });
        let groups = self.interface_groups(r, "security_groups", false);
        self.inventory.network_interfaces.insert(
            r.identity.clone(),
            ir::NetworkInterface {
                label: label(r, None),
                vpc: None,
                subnet: self.plan.id(r, "subnet_id"),
                instance,
                private_ip: str_of(v, "private_ip")
                    .or_else(|| strs_of(v, "private_ips").into_iter().next())
                    .filter(|ip| !ip.is_empty()),
                public_ip: None,
                security_groups: groups,
                source_dest_check: bool_of(v, "source_dest_check"),
            },
        );
    }

    fn load_balancer(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let kind = str_of(v, "load_balancer_type").unwrap_or_else(|| "application".to_owned());
        if kind != "application" && kind != "network" {
            self.warn(
                r,
                format!("`{kind}` load balancers are not modelled; skipped"),
            );
            return;
        }
        let mut subnets = self.plan.ids(r, "subnets");
        for block in self.blocks(r, "subnet_mapping") {
            for id in self.block_ids(r, &block, "subnet_id") {
                if !subnets.contains(&id) {
                    subnets.push(id);
                }
            }
        }
        // §7.10: an NLB without groups has none; an ALB always has one.
        let groups = self.interface_groups(r, "security_groups", kind == "network");
        let scheme = match bool_of(v, "internal") {
            Some(true) => "internal",
            _ => "internet-facing",
        };
        self.inventory.load_balancers.insert(
            r.identity.clone(),
            ir::LoadBalancer {
                label: label(r, str_of(v, "name")),
                vpc: None,
                kind,
                scheme: scheme.to_owned(),
                subnets,
                security_groups: groups,
            },
        );
    }

    fn listener(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let mut listener = ir::Listener {
            load_balancer: self.plan.id(r, "load_balancer_arn"),
            port: int_of(v, "port"),
            protocol: str_of(v, "protocol"),
            ..ir::Listener::default()
        };
        for block in self.blocks(r, "default_action") {
            let kind = block.str("type").unwrap_or_else(|| "forward".to_owned());
            if kind != "forward" {
                listener.other_action.get_or_insert(kind);
                continue;
            }
            listener
                .forward
                .extend(self.block_ids(r, &block, "target_group_arn"));
            if listener.forward.is_empty() {
                // `forward { target_group { arn = … } }`: nested blocks, read from values only.
                if let Some(forward) = block.values.and_then(|b| arr_of(b, "forward").first()) {
                    listener.forward.extend(
                        arr_of(forward, "target_group")
                            .iter()
                            .filter_map(|t| str_of(t, "arn")),
                    );
                }
            }
        }
        self.inventory
            .listeners
            .insert(r.identity.clone(), listener);
    }

    fn target_group(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let health = arr_of(v, "health_check").first();
        self.inventory.target_groups.insert(
            r.identity.clone(),
            ir::TargetGroup {
                label: label(r, str_of(v, "name")),
                vpc: self.vpc_ref(r, "vpc_id"),
                protocol: str_of(v, "protocol"),
                port: int_of(v, "port"),
                target_type: str_of(v, "target_type"),
                health_path: health
                    .and_then(|h| str_of(h, "path"))
                    .filter(|p| !p.is_empty()),
                health_port: health.and_then(|h| str_of(h, "port")),
                health_protocol: health.and_then(|h| str_of(h, "protocol")),
                targets: Vec::new(),
            },
        );
    }

    fn tg_attachment(&mut self, r: &Resource<'a>) {
        let tg = self.plan.id(r, "target_group_arn");
        let target = self.plan.id(r, "target_id");
        let port = int_of(r.values, "port");
        match (
            tg.and_then(|t| self.inventory.target_groups.get_mut(&t)),
            target,
        ) {
            (Some(group), Some(id)) => group.targets.push(ir::TargetRef { id, port }),
            _ => self.warn(
                r,
                "target group or target of the attachment not found; skipped",
            ),
        }
    }

    /// Subnets of a DB/cache subnet group named by `attr`: the group resource by reference,
    /// else by its `name`.
    fn subnet_group(&self, r: &Resource<'a>, attr: &str, group_kind: &str) -> Option<Vec<String>> {
        let name = str_of(r.values, attr);
        let group = self
            .plan
            .id(r, attr)
            .and_then(|id| self.plan.by_identity(&id))
            .filter(|g| g.kind == group_kind)
            .or_else(|| {
                self.plan.resources.iter().find(|g| {
                    g.kind == group_kind && name.is_some() && str_of(g.values, "name") == name
                })
            })?;
        Some(self.plan.ids(group, "subnet_ids"))
    }

    fn db_instance(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let Some(subnets) = self.subnet_group(r, "db_subnet_group_name", "aws_db_subnet_group")
        else {
            self.warn(r, "DB subnet group not found in the plan (the default VPC's group is not modelled); skipped");
            return;
        };
        let groups = self.interface_groups(r, "vpc_security_group_ids", false);
        self.inventory.databases.insert(
            r.identity.clone(),
            ir::Database {
                label: label(r, str_of(v, "identifier")),
                vpc: None,
                engine: str_of(v, "engine").unwrap_or_default(),
                port: int_of(v, "port"),
                subnets,
                security_groups: groups,
                publicly_accessible: bool_of(v, "publicly_accessible"),
            },
        );
    }

    fn cache(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let Some(subnets) =
            self.subnet_group(r, "subnet_group_name", "aws_elasticache_subnet_group")
        else {
            self.warn(r, "cache subnet group not found in the plan; skipped");
            return;
        };
        let groups = self.interface_groups(r, "security_group_ids", false);
        let name = str_of(v, "cluster_id").or_else(|| str_of(v, "replication_group_id"));
        self.inventory.caches.insert(
            r.identity.clone(),
            ir::Database {
                label: label(r, name),
                vpc: None,
                engine: str_of(v, "engine").unwrap_or_else(|| "redis".to_owned()),
                port: int_of(v, "port"),
                subnets,
                security_groups: groups,
                publicly_accessible: None,
            },
        );
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
