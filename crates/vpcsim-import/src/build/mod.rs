//! Turning an [`Inventory`] (resources keyed by id, references as ids) into a design
//! [`Document`] (resources keyed by name, references as names).
//!
//! This is where names are chosen (see [`crate::naming`]) and where every reference is checked:
//! a reference to something absent from the input becomes an [`ImportWarning`] naming the
//! resource, and the reference is dropped or replaced by the closest safe equivalent (a route to
//! a missing gateway becomes a `blackhole` route, which is what AWS itself shows for a route
//! whose target was deleted). Output order is by id, so the same input always gives the same
//! document.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use vpcsim_model::Loc;
use vpcsim_model::schema::{self, Document, OneOrMany};

use crate::error::ImportWarning;
use crate::ir::{self, Inventory, Label, TargetKind};
use crate::naming::Namespace;

mod filters;
mod intervpc;
mod managed;
mod placement;
mod routing;
mod trace;
mod workloads;

/// The name of the default security group and default network ACL in a design.
const DEFAULT: &str = "default";

/// How a warning shows an id: Terraform synthetic ids lose their `tf:` prefix.
pub(crate) fn display_id(id: &str) -> &str {
    id.strip_prefix("tf:").unwrap_or(id)
}

/// Names chosen for one VPC's resources, by id.
#[derive(Default)]
struct VpcNames {
    name: String,
    subnets: BTreeMap<String, String>,
    route_tables: BTreeMap<String, String>,
    security_groups: BTreeMap<String, String>,
    network_acls: BTreeMap<String, String>,
    target_groups: BTreeMap<String, String>,
    /// Internet/egress-only/VPN gateways, NAT gateways, instances, ENIs, endpoints, load
    /// balancers, databases and caches share one namespace: they are route targets or query
    /// endpoints, where a name must mean one thing.
    resources: BTreeMap<String, String>,
}

struct Builder<'a> {
    inv: &'a Inventory,
    warnings: Vec<ImportWarning>,
    vpc_names: BTreeMap<String, VpcNames>,
    peering_names: BTreeMap<String, String>,
    tgw_names: BTreeMap<String, String>,
    prefix_list_names: BTreeMap<String, String>,
    /// Instance id → EIP address; ENI id → EIP address.
    eip_by_instance: BTreeMap<String, String>,
    eip_by_eni: BTreeMap<String, String>,
}

/// Builds the document. Warnings are sorted and deduplicated.
pub(crate) fn build(
    inv: Inventory,
    warnings: Vec<ImportWarning>,
) -> (Document, Vec<ImportWarning>) {
    let (document, warnings, _) = build_traced(inv, warnings);
    (document, warnings)
}

/// [`build`], also returning where each design resource came from: its logical address
/// (`vpc/V/sg/NAME`, as findings name it) → its inventory id (trace.rs).
pub(crate) fn build_traced(
    mut inv: Inventory,
    mut warnings: Vec<ImportWarning>,
) -> (Document, Vec<ImportWarning>, BTreeMap<String, String>) {
    fill_vpcs(&mut inv, &mut warnings);
    let mut builder = Builder {
        inv: &inv,
        warnings,
        vpc_names: BTreeMap::new(),
        peering_names: BTreeMap::new(),
        tgw_names: BTreeMap::new(),
        prefix_list_names: BTreeMap::new(),
        eip_by_instance: BTreeMap::new(),
        eip_by_eni: BTreeMap::new(),
    };
    builder.assign_names();
    builder.index_eips();
    let document = builder.document();
    let origins = builder.origins();
    let mut warnings = builder.warnings;
    warnings.sort();
    warnings.dedup();
    (document, warnings, origins)
}

/// Fills in missing VPC ids from subnets, and drops resources whose VPC is unknown.
fn fill_vpcs(inv: &mut Inventory, warnings: &mut Vec<ImportWarning>) {
    let subnet_vpc: BTreeMap<String, String> = inv
        .subnets
        .iter()
        .filter_map(|(id, subnet)| subnet.vpc.clone().map(|vpc| (id.clone(), vpc)))
        .collect();
    let from_subnets = |subnets: &[String]| -> Option<String> {
        subnets.iter().find_map(|id| subnet_vpc.get(id).cloned())
    };
    for instance in inv.instances.values_mut() {
        if instance.vpc.is_none() {
            instance.vpc = instance
                .subnet
                .as_ref()
                .and_then(|s| subnet_vpc.get(s).cloned());
        }
    }
    for eni in inv.network_interfaces.values_mut() {
        if eni.vpc.is_none() {
            eni.vpc = eni.subnet.as_ref().and_then(|s| subnet_vpc.get(s).cloned());
        }
    }
    for nat in inv.nat_gateways.values_mut() {
        if nat.vpc.is_none() {
            nat.vpc = nat.subnet.as_ref().and_then(|s| subnet_vpc.get(s).cloned());
        }
    }
    for lb in inv.load_balancers.values_mut() {
        if lb.vpc.is_none() {
            lb.vpc = from_subnets(&lb.subnets);
        }
    }
    for db in inv.databases.values_mut().chain(inv.caches.values_mut()) {
        if db.vpc.is_none() {
            db.vpc = from_subnets(&db.subnets);
        }
    }
    for endpoint in inv.endpoints.values_mut() {
        if endpoint.vpc.is_none() {
            endpoint.vpc = from_subnets(&endpoint.subnets);
        }
    }
    for attachment in inv.tgw_attachments.values_mut() {
        if attachment.vpc.is_none() {
            attachment.vpc = from_subnets(&attachment.subnets);
        }
    }
    // A target group without a VPC takes the VPC of a load balancer that forwards to it.
    let mut tg_vpc = BTreeMap::new();
    for listener in inv.listeners.values() {
        let lb_vpc = listener
            .load_balancer
            .as_ref()
            .and_then(|lb| inv.load_balancers.get(lb))
            .and_then(|lb| lb.vpc.clone());
        if let Some(vpc) = lb_vpc {
            for tg in &listener.forward {
                tg_vpc.entry(tg.clone()).or_insert_with(|| vpc.clone());
            }
        }
    }
    for (id, tg) in &mut inv.target_groups {
        if tg.vpc.is_none() {
            tg.vpc = tg_vpc.get(id).cloned();
        }
    }

    let vpcs: BTreeSet<String> = inv.vpcs.keys().cloned().collect();
    macro_rules! keep_known {
        ($map:expr, $kind:literal) => {
            $map.retain(|id, item| match &item.vpc {
                Some(vpc) if vpcs.contains(vpc) => true,
                Some(vpc) => {
                    warnings.push(ImportWarning::warn(
                        display_id(id),
                        format!(
                            "{} is in VPC {} which is not in the input; skipped",
                            $kind,
                            display_id(vpc)
                        ),
                    ));
                    false
                }
                None => {
                    warnings.push(ImportWarning::warn(
                        display_id(id),
                        format!("cannot tell which VPC this {} is in; skipped", $kind),
                    ));
                    false
                }
            });
        };
    }
    keep_known!(inv.subnets, "subnet");
    keep_known!(inv.route_tables, "route table");
    keep_known!(inv.nat_gateways, "NAT gateway");
    keep_known!(inv.security_groups, "security group");
    keep_known!(inv.network_acls, "network ACL");
    keep_known!(inv.instances, "instance");
    keep_known!(inv.network_interfaces, "network interface");
    keep_known!(inv.endpoints, "VPC endpoint");
    keep_known!(inv.load_balancers, "load balancer");
    keep_known!(inv.target_groups, "target group");
    keep_known!(inv.databases, "database");
    keep_known!(inv.caches, "cache cluster");
    keep_known!(inv.tgw_attachments, "transit gateway attachment");
    for (kind, gateways) in [
        ("internet gateway", &mut inv.internet_gateways),
        (
            "egress-only internet gateway",
            &mut inv.egress_only_gateways,
        ),
        ("VPN gateway", &mut inv.vpn_gateways),
    ] {
        gateways.retain(|id, gateway| match &gateway.vpc {
            Some(vpc) if vpcs.contains(vpc) => true,
            _ => {
                warnings.push(ImportWarning::info(
                    display_id(id),
                    format!("{kind} is not attached to a VPC in the input; skipped"),
                ));
                false
            }
        });
    }
}

/// Resources of one kind in one VPC, in id order.
fn in_vpc<'m, T>(
    map: &'m BTreeMap<String, T>,
    vpc: &'m str,
    vpc_of: impl Fn(&T) -> Option<&String> + 'm,
) -> impl Iterator<Item = (&'m String, &'m T)> + 'm {
    map.iter()
        .filter(move |(_, item)| vpc_of(item).map(String::as_str) == Some(vpc))
}

impl Builder<'_> {
    /// A value at the input position recorded under `key` (see [`Inventory::spans`]), or
    /// with no position.
    pub(super) fn at<T>(&self, key: &str, value: T) -> Loc<T> {
        match self.inv.spans.get(key) {
            Some(span) => Loc::at(value, *span),
            None => Loc::new(value),
        }
    }

    /// The tags the input gave resource `id` (AWS `Tags`, Terraform `tags`), for `tags:`.
    pub(super) fn tags_of(&self, id: &str) -> IndexMap<String, String> {
        self.inv
            .tags
            .get(id)
            .map(|tags| tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    fn warn(&mut self, id: &str, message: impl Into<String>) {
        self.warnings
            .push(ImportWarning::warn(display_id(id), message));
    }

    fn assign_names(&mut self) {
        let inv = self.inv;
        let vpc_names =
            Namespace::default().assign(inv.vpcs.iter().map(|(id, v)| (id.as_str(), &v.label)));
        let mut global_targets = Namespace::default();
        self.peering_names =
            global_targets.assign(inv.peerings.iter().map(|(id, p)| (id.as_str(), &p.label)));
        self.tgw_names = global_targets.assign(
            inv.transit_gateways
                .iter()
                .map(|(id, t)| (id.as_str(), &t.label)),
        );
        self.prefix_list_names = Namespace::default().assign(
            inv.prefix_lists
                .iter()
                .map(|(id, p)| (id.as_str(), &p.label)),
        );

        for (vpc_id, vpc_name) in vpc_names {
            let vpc = vpc_id.as_str();
            let mut names = VpcNames {
                name: vpc_name,
                ..VpcNames::default()
            };
            names.subnets = Namespace::default().assign(
                in_vpc(&inv.subnets, vpc, |s| s.vpc.as_ref())
                    .map(labelled(|s: &ir::Subnet| &s.label)),
            );
            // A table named `main` is the main table in the schema, so only the main table
            // may take that name.
            let (main, other): (Vec<_>, Vec<_>) =
                in_vpc(&inv.route_tables, vpc, |r| r.vpc.as_ref()).partition(|(_, rt)| rt.main);
            let mut rt_space = Namespace::with_reserved(&["main"]);
            let mut route_tables = Namespace::default().assign(
                main.into_iter()
                    .map(labelled(|r: &ir::RouteTable| &r.label)),
            );
            for name in route_tables.values() {
                rt_space.claim(name);
            }
            route_tables.extend(
                rt_space.assign(
                    other
                        .into_iter()
                        .map(labelled(|r: &ir::RouteTable| &r.label)),
                ),
            );
            names.route_tables = route_tables;

            let (defaults, other): (Vec<_>, Vec<_>) =
                in_vpc(&inv.security_groups, vpc, |s| s.vpc.as_ref())
                    .partition(|(_, sg)| sg.is_default);
            let mut sg_space = Namespace::with_reserved(&[DEFAULT]);
            for (index, (id, _)) in defaults.iter().enumerate() {
                if index == 0 {
                    names
                        .security_groups
                        .insert((*id).clone(), DEFAULT.to_owned());
                } else {
                    self.warnings.push(ImportWarning::warn(
                        display_id(id),
                        "a second default security group in one VPC; named by its id",
                    ));
                    sg_space.claim(id);
                    names.security_groups.insert((*id).clone(), (*id).clone());
                }
            }
            names.security_groups.extend(
                sg_space.assign(
                    other
                        .into_iter()
                        .map(labelled(|s: &ir::SecurityGroup| &s.label)),
                ),
            );

            let (defaults, other): (Vec<_>, Vec<_>) =
                in_vpc(&inv.network_acls, vpc, |n| n.vpc.as_ref())
                    .partition(|(_, acl)| acl.is_default);
            let mut acl_space = Namespace::with_reserved(&[DEFAULT]);
            for (index, (id, _)) in defaults.iter().enumerate() {
                let name = if index == 0 {
                    DEFAULT.to_owned()
                } else {
                    (*id).clone()
                };
                acl_space.claim(&name);
                names.network_acls.insert((*id).clone(), name);
            }
            names.network_acls.extend(
                acl_space.assign(
                    other
                        .into_iter()
                        .map(labelled(|n: &ir::NetworkAcl| &n.label)),
                ),
            );
            names.target_groups = Namespace::default().assign(
                in_vpc(&inv.target_groups, vpc, |t| t.vpc.as_ref())
                    .map(labelled(|t: &ir::TargetGroup| &t.label)),
            );

            let mut resources = global_targets.clone();
            let mut out = BTreeMap::new();
            for group in [
                gateways_in(&inv.internet_gateways, vpc),
                gateways_in(&inv.egress_only_gateways, vpc),
                gateways_in(&inv.vpn_gateways, vpc),
                in_vpc(&inv.nat_gateways, vpc, |n| n.vpc.as_ref())
                    .map(labelled(|n: &ir::NatGateway| &n.label))
                    .collect(),
                in_vpc(&inv.instances, vpc, |n| n.vpc.as_ref())
                    .map(labelled(|n: &ir::Instance| &n.label))
                    .collect(),
                in_vpc(&inv.network_interfaces, vpc, |n| n.vpc.as_ref())
                    .map(labelled(|n: &ir::NetworkInterface| &n.label))
                    .collect(),
                in_vpc(&inv.endpoints, vpc, |n| n.vpc.as_ref())
                    .map(labelled(|n: &ir::Endpoint| &n.label))
                    .collect(),
                in_vpc(&inv.load_balancers, vpc, |n| n.vpc.as_ref())
                    .map(labelled(|n: &ir::LoadBalancer| &n.label))
                    .collect(),
                in_vpc(&inv.databases, vpc, |n| n.vpc.as_ref())
                    .map(labelled(|n: &ir::Database| &n.label))
                    .collect(),
                in_vpc(&inv.caches, vpc, |n| n.vpc.as_ref())
                    .map(labelled(|n: &ir::Database| &n.label))
                    .collect(),
            ] {
                out.extend(resources.assign(group));
            }
            names.resources = out;
            self.vpc_names.insert(vpc_id, names);
        }
    }

    fn index_eips(&mut self) {
        for eip in self.inv.elastic_ips.values() {
            let Some(address) = eip.public_ip.clone() else {
                continue;
            };
            if let Some(instance) = &eip.instance {
                self.eip_by_instance
                    .insert(instance.clone(), address.clone());
            }
            if let Some(eni) = &eip.network_interface {
                self.eip_by_eni.insert(eni.clone(), address);
            }
        }
    }

    fn document(&mut self) -> Document {
        let inv = self.inv;
        let region = inv.region.clone().or_else(|| {
            inv.subnets
                .values()
                // A placeholder for an AZ unknown until apply says nothing of the region.
                .filter(|subnet| !subnet.az.starts_with("unknown-"))
                .map(|subnet| {
                    subnet
                        .az
                        .trim_end_matches(|c: char| c.is_ascii_lowercase())
                        .to_owned()
                })
                .find(|region| !region.is_empty())
        });
        // Peerings first: one whose peer VPC is missing is dropped, and routes to it must
        // then become blackholes rather than dangling names.
        let peerings = self.peerings();
        let mut transit_gateways = self.transit_gateways();
        let prefix_lists = self.prefix_lists();
        self.orphan_managed_enis();
        // §15.5: every VPC and TGW keeps its Region (and account); none is dropped.
        for (tgw_id, name) in &self.tgw_names {
            if let Some(tgw) = transit_gateways.get_mut(name.as_str()) {
                self.place_tgw(tgw_id, region.as_deref(), tgw);
            }
        }
        let mut vpcs = IndexMap::new();
        let vpc_ids: Vec<String> = self.vpc_names.keys().cloned().collect();
        for vpc_id in vpc_ids {
            let mut vpc = self.vpc(&vpc_id);
            self.place_vpc(&vpc_id, region.as_deref(), &mut vpc);
            let name = self.vpc_names[&vpc_id].name.clone();
            vpcs.insert(self.at(&vpc_id, name), vpc);
        }
        Document {
            version: Some(Loc::new(1)),
            region: region.map(Loc::new),
            vpcs,
            peerings,
            transit_gateways,
            prefix_lists,
            expect: Vec::new(),
            policies: Vec::new(),
        }
    }

    fn names(&self, vpc: &str) -> &VpcNames {
        // Invariant: `vpc_names` has an entry for every VPC id the builder iterates over.
        &self.vpc_names[vpc]
    }

    /// Maps ids to names through `table`, warning about (and dropping) unknown ones.
    fn map_ids(
        &mut self,
        owner: &str,
        what: &str,
        ids: &[String],
        table: impl Fn(&VpcNames) -> &BTreeMap<String, String>,
        vpc: &str,
    ) -> Vec<Loc<String>> {
        let mut out = Vec::new();
        for id in ids {
            match table(self.names(vpc)).get(id) {
                Some(name) => {
                    if !out.iter().any(|n: &Loc<String>| n.value == *name) {
                        out.push(Loc::new(name.clone()));
                    }
                }
                None => self.warn(
                    owner,
                    format!(
                        "{what} {} not found in this VPC in the input; reference dropped",
                        display_id(id)
                    ),
                ),
            }
        }
        out
    }

    /// The `security_groups:` of an interface owner. Never `[]`: a design may not write it
    /// (`VAL071`, every interface has at least one group, §15.8), so an empty list (none in the
    /// input, or every one dropped) is omitted, which gives the VPC's default group, with a
    /// warning. NLBs are the exception: one without groups has none, and omitting says that.
    fn sg_names(
        &mut self,
        owner: &str,
        ids: &Option<Vec<String>>,
        vpc: &str,
        groups_optional: bool,
    ) -> Option<Loc<Vec<Loc<String>>>> {
        let ids = ids.as_ref()?;
        let names = self.map_ids(owner, "security group", ids, |n| &n.security_groups, vpc);
        if names.is_empty() {
            if !groups_optional {
                self.warn(
                    owner,
                    "no security group in the input; `security_groups` omitted, so the VPC's default group applies (an interface always has one, §15.8)",
                );
            }
            return None;
        }
        Some(Loc::new(names))
    }

    fn subnet_name(
        &mut self,
        owner: &str,
        subnet: &Option<String>,
        vpc: &str,
    ) -> Option<Loc<String>> {
        let Some(subnet) = subnet else {
            self.warn(owner, "no subnet given; skipped");
            return None;
        };
        match self.names(vpc).subnets.get(subnet) {
            Some(name) => Some(Loc::new(name.clone())),
            None => {
                self.warn(
                    owner,
                    format!(
                        "subnet {} not found in the input; skipped",
                        display_id(subnet)
                    ),
                );
                None
            }
        }
    }

    fn vpc(&mut self, vpc_id: &str) -> schema::Vpc {
        let inv = self.inv;
        let source = &inv.vpcs[vpc_id];
        if source.cidrs.is_empty() {
            self.warn(
                vpc_id,
                "no IPv4 CIDR block known; emitted with an empty `cidr`",
            );
        }
        let cidr = match source.cidrs.as_slice() {
            [one] => OneOrMany::One(one.clone()),
            many => OneOrMany::Many(many.to_vec()),
        };
        let mut vpc = schema::Vpc {
            cidr: self.at(&format!("{vpc_id}#cidr"), cidr),
            ipv6_cidr: source.ipv6_cidr.clone().map(Loc::new),
            enable_dns_support: source.enable_dns_support,
            enable_dns_hostnames: source.enable_dns_hostnames,
            tags: self.tags_of(vpc_id),
            ..schema::Vpc::default()
        };
        vpc.internet_gateway =
            self.gateway_name(vpc_id, &inv.internet_gateways, "internet gateway");
        vpc.egress_only_internet_gateway = self.gateway_name(
            vpc_id,
            &inv.egress_only_gateways,
            "egress-only internet gateway",
        );
        vpc.vpn_gateway = self.gateway_name(vpc_id, &inv.vpn_gateways, "VPN gateway");
        // §15.11: what the gateway's VPN covers, when the export says.
        vpc.vpn_routes = in_vpc(&inv.vpn_gateways, vpc_id, |g| g.vpc.as_ref())
            .next()
            .and_then(|(id, _)| inv.vpn_routes.get(id))
            .map(|routes| {
                let mut routes = routes.clone();
                routes.sort();
                routes.dedup();
                routes.into_iter().map(Loc::new).collect()
            });

        let associations = self.subnet_associations(vpc_id);
        for (id, subnet) in in_vpc(&inv.subnets, vpc_id, |s| s.vpc.as_ref()) {
            let name = self.names(vpc_id).subnets[id].clone();
            vpc.subnets.insert(
                self.at(id, name),
                schema::Subnet {
                    cidr: self.at(&format!("{id}#cidr"), subnet.cidr.clone()),
                    az: Loc::new(subnet.az.clone()),
                    az_id: None,
                    ipv6_cidr: subnet.ipv6_cidr.clone().map(Loc::new),
                    assign_ipv6_address_on_creation: subnet
                        .assign_ipv6_on_creation
                        .filter(|on| *on && subnet.ipv6_cidr.is_some())
                        .map(Loc::new),
                    public_ip_on_launch: subnet.public_ip_on_launch.filter(|on| *on).map(Loc::new),
                    route_table: associations.get(id).cloned().map(Loc::new),
                    tags: self.tags_of(id),
                },
            );
        }
        self.route_tables(vpc_id, &mut vpc);
        self.nat_gateways(vpc_id, &mut vpc);
        self.security_groups(vpc_id, &mut vpc);
        self.network_acls(vpc_id, &mut vpc);
        self.instances(vpc_id, &mut vpc);
        self.network_interfaces(vpc_id, &mut vpc);
        self.load_balancers(vpc_id, &mut vpc);
        self.target_groups(vpc_id, &mut vpc);
        self.databases(vpc_id, &mut vpc);
        self.endpoints(vpc_id, &mut vpc);
        vpc
    }
}

/// Adapts a map entry to the `(id, label)` pair [`Namespace::assign`] takes.
fn labelled<'a, T: 'a>(
    label: impl Fn(&'a T) -> &'a Label,
) -> impl Fn((&'a String, &'a T)) -> (&'a str, &'a Label) {
    move |(id, item)| (id.as_str(), label(item))
}

fn gateways_in<'a>(
    map: &'a BTreeMap<String, ir::Gateway>,
    vpc: &'a str,
) -> Vec<(&'a str, &'a Label)> {
    in_vpc(map, vpc, |g| g.vpc.as_ref())
        .map(labelled(|g: &ir::Gateway| &g.label))
        .collect()
}

/// What a missing route target is, for a warning: from the field, refined by the id's prefix.
fn kind_noun(kind: &TargetKind, id: &str) -> &'static str {
    let id = display_id(id);
    match kind {
        TargetKind::Gateway if id.starts_with("igw-") || id.contains("aws_internet_gateway") => {
            "internet gateway"
        }
        TargetKind::Gateway if id.starts_with("vgw-") || id.contains("aws_vpn_gateway") => {
            "VPN gateway"
        }
        TargetKind::Gateway if id.starts_with("vpce-") || id.contains("aws_vpc_endpoint") => {
            "VPC endpoint"
        }
        TargetKind::Gateway => "gateway",
        TargetKind::EgressOnlyGateway => "egress-only internet gateway",
        TargetKind::NatGateway => "NAT gateway",
        TargetKind::Peering => "peering connection",
        TargetKind::TransitGateway => "transit gateway",
        TargetKind::Instance => "instance",
        TargetKind::NetworkInterface => "network interface",
        TargetKind::Endpoint => "VPC endpoint",
        TargetKind::Unsupported(what) => what,
    }
}

/// `com.amazonaws.us-east-1.s3` → `s3`; other names are kept as given.
fn service_short_name(service: &str) -> String {
    let parts: Vec<&str> = service.split('.').collect();
    match parts.as_slice() {
        ["com", "amazonaws", _region, rest @ ..] if !rest.is_empty() => rest.join("."),
        _ => service.to_owned(),
    }
}
