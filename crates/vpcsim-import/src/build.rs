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
use vpcsim_model::schema::{
    self, Document, FlagOrText, HealthCheck, NaclRule, NumOrText, OneOrMany,
};

use crate::error::ImportWarning;
use crate::ir::{self, Inventory, Label, Peer, TargetKind};
use crate::naming::Namespace;
use crate::normalize;

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
    mut inv: Inventory,
    mut warnings: Vec<ImportWarning>,
) -> (Document, Vec<ImportWarning>) {
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
    let mut warnings = builder.warnings;
    warnings.sort();
    warnings.dedup();
    (document, warnings)
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
        let transit_gateways = self.transit_gateways();
        let prefix_lists = self.prefix_lists();
        let mut vpcs = IndexMap::new();
        let vpc_ids: Vec<String> = self.vpc_names.keys().cloned().collect();
        for vpc_id in vpc_ids {
            let vpc = self.vpc(&vpc_id);
            let name = self.vpc_names[&vpc_id].name.clone();
            vpcs.insert(Loc::new(name), vpc);
        }
        Document {
            version: Some(Loc::new(1)),
            region: region.map(Loc::new),
            vpcs,
            peerings,
            transit_gateways,
            prefix_lists,
            expect: Vec::new(),
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
            cidr: Loc::new(cidr),
            ipv6_cidr: source.ipv6_cidr.clone().map(Loc::new),
            enable_dns_support: source.enable_dns_support,
            enable_dns_hostnames: source.enable_dns_hostnames,
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

        let associations = self.subnet_associations(vpc_id);
        for (id, subnet) in in_vpc(&inv.subnets, vpc_id, |s| s.vpc.as_ref()) {
            let name = self.names(vpc_id).subnets[id].clone();
            vpc.subnets.insert(
                Loc::new(name),
                schema::Subnet {
                    cidr: Loc::new(subnet.cidr.clone()),
                    az: Loc::new(subnet.az.clone()),
                    ipv6_cidr: subnet.ipv6_cidr.clone().map(Loc::new),
                    public_ip_on_launch: subnet.public_ip_on_launch.filter(|on| *on).map(Loc::new),
                    route_table: associations.get(id).cloned().map(Loc::new),
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

    fn gateway_name(
        &mut self,
        vpc_id: &str,
        gateways: &BTreeMap<String, ir::Gateway>,
        kind: &str,
    ) -> Option<Loc<String>> {
        let attached: Vec<&String> = in_vpc(gateways, vpc_id, |g| g.vpc.as_ref())
            .map(|(id, _)| id)
            .collect();
        let first = attached.first()?;
        for extra in attached.iter().skip(1) {
            self.warn(
                extra,
                format!("a second {kind} attached to one VPC; ignored"),
            );
        }
        self.names(vpc_id)
            .resources
            .get(*first)
            .cloned()
            .map(Loc::new)
    }

    /// Subnet id → route table name, from the route tables' explicit associations.
    fn subnet_associations(&mut self, vpc_id: &str) -> BTreeMap<String, String> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        for (rt_id, rt) in in_vpc(&self.inv.route_tables, vpc_id, |r| r.vpc.as_ref()) {
            let rt_name = self.names(vpc_id).route_tables[rt_id].clone();
            for subnet in &rt.subnets {
                if let Some(previous) = out.get(subnet) {
                    let message = format!(
                        "subnet {} is associated with more than one route table (kept {previous})",
                        display_id(subnet)
                    );
                    self.warn(rt_id, message);
                    continue;
                }
                if !self.names(vpc_id).subnets.contains_key(subnet) {
                    let message = format!(
                        "associated subnet {} not found in the input; association dropped",
                        display_id(subnet)
                    );
                    self.warn(rt_id, message);
                    continue;
                }
                out.insert(subnet.clone(), rt_name.clone());
            }
        }
        out
    }

    fn route_tables(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        let mut seen_main = false;
        for (rt_id, rt) in in_vpc(&inv.route_tables, vpc_id, |r| r.vpc.as_ref()) {
            let name = self.names(vpc_id).route_tables[rt_id].clone();
            let mut main = None;
            if rt.main {
                if seen_main {
                    self.warn(
                        rt_id,
                        "a second main route table in one VPC; not marked main",
                    );
                } else {
                    main = Some(Loc::new(true));
                    seen_main = true;
                }
            }
            let mut routes = Vec::new();
            for route in &rt.routes {
                if let Some(route) = self.route(vpc_id, rt_id, route) {
                    routes.push(Loc::new(route));
                }
            }
            vpc.route_tables
                .insert(Loc::new(name), schema::RouteTable { main, routes });
        }
    }

    fn route(&mut self, vpc_id: &str, rt_id: &str, route: &ir::Route) -> Option<schema::Route> {
        let inv = self.inv;
        let to = if route.to_prefix_list {
            // A gateway endpoint's prefix-list route is implied by the endpoint's route tables.
            if let Some((_, target)) = &route.target
                && inv.endpoints.contains_key(target)
            {
                return None;
            }
            match self.prefix_list_names.get(&route.to) {
                Some(name) => format!("pl:{name}"),
                None => {
                    self.warn(
                        rt_id,
                        format!(
                            "route to prefix list {}: prefix list not found in the input; route skipped",
                            display_id(&route.to)
                        ),
                    );
                    return None;
                }
            }
        } else {
            route.to.clone()
        };
        let via = if route.blackhole {
            if let Some((kind, target)) = &route.target
                && self.target_name(vpc_id, kind, target).is_none()
            {
                self.warn(
                        rt_id,
                        format!(
                            "route {} → {}: {} not found in the input; route state is blackhole, emitted as blackhole",
                            route.to,
                            display_id(target),
                            kind_noun(kind, target)
                        ),
                    );
            }
            "blackhole".to_owned()
        } else {
            let candidates: Vec<&(TargetKind, String)> =
                route.target.iter().chain(route.alt_target.iter()).collect();
            let Some((kind, target)) = candidates.first().map(|c| (&c.0, &c.1)) else {
                self.warn(
                    rt_id,
                    format!("route {}: target unknown (not known until apply and not resolvable); route skipped", route.origin),
                );
                return None;
            };
            if let TargetKind::Unsupported(what) = kind {
                self.warn(
                    rt_id,
                    format!(
                        "route {} → {}: {what} targets are not modelled; route skipped",
                        route.to,
                        display_id(target)
                    ),
                );
                return None;
            }
            match candidates
                .iter()
                .find_map(|(kind, target)| self.target_name(vpc_id, kind, target))
            {
                Some(name) => name,
                None => {
                    self.warn(
                        rt_id,
                        format!(
                            "route {} → {}: {} not found in the input; emitted as blackhole",
                            route.to,
                            display_id(target),
                            kind_noun(kind, target)
                        ),
                    );
                    "blackhole".to_owned()
                }
            }
        };
        Some(schema::Route {
            to: Loc::new(to),
            via: Loc::new(via),
        })
    }

    /// The design name of a route target, if it is in the input (and, for VPC-local targets,
    /// in this VPC).
    fn target_name(&self, vpc_id: &str, kind: &TargetKind, id: &str) -> Option<String> {
        let inv = self.inv;
        let local = |present: bool| -> Option<String> {
            if present {
                self.names(vpc_id).resources.get(id).cloned()
            } else {
                None
            }
        };
        match kind {
            TargetKind::Gateway => local(
                inv.internet_gateways.contains_key(id)
                    || inv.vpn_gateways.contains_key(id)
                    || inv.endpoints.contains_key(id)
                    || inv.egress_only_gateways.contains_key(id),
            ),
            TargetKind::EgressOnlyGateway => local(inv.egress_only_gateways.contains_key(id)),
            TargetKind::NatGateway => local(inv.nat_gateways.contains_key(id)),
            TargetKind::Endpoint => local(inv.endpoints.contains_key(id)),
            TargetKind::Instance => local(inv.instances.contains_key(id)),
            TargetKind::NetworkInterface => {
                if inv.network_interfaces.contains_key(id) {
                    return local(true);
                }
                // A route to an instance's primary ENI names the instance.
                let instance = inv
                    .instances
                    .iter()
                    .find(|(_, instance)| instance.primary_eni.as_deref() == Some(id))
                    .map(|(instance_id, _)| instance_id)?;
                self.names(vpc_id).resources.get(instance).cloned()
            }
            TargetKind::Peering => self.peering_names.get(id).cloned(),
            TargetKind::TransitGateway => self.tgw_names.get(id).cloned(),
            TargetKind::Unsupported(_) => None,
        }
    }

    fn nat_gateways(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, nat) in in_vpc(&inv.nat_gateways, vpc_id, |n| n.vpc.as_ref()) {
            let Some(subnet) = self.subnet_name(id, &nat.subnet, vpc_id) else {
                continue;
            };
            let elastic_ip = nat.public_ip.clone().or_else(|| {
                let allocation = nat.allocation.as_ref()?;
                inv.elastic_ips.get(allocation)?.public_ip.clone()
            });
            let name = self.names(vpc_id).resources[id].clone();
            vpc.nat_gateways.insert(
                Loc::new(name),
                schema::NatGateway {
                    subnet,
                    connectivity: nat.connectivity.clone().map(Loc::new),
                    elastic_ip: elastic_ip.map(Loc::new),
                    private_ip: nat.private_ip.clone().map(Loc::new),
                },
            );
        }
    }

    fn security_groups(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, sg) in in_vpc(&inv.security_groups, vpc_id, |s| s.vpc.as_ref()) {
            let ingress = sg
                .ingress
                .iter()
                .filter_map(|rule| self.sg_rule(vpc_id, id, rule, false))
                .collect();
            let egress = sg
                .egress
                .iter()
                .filter_map(|rule| self.sg_rule(vpc_id, id, rule, true))
                .collect();
            let name = self.names(vpc_id).security_groups[id].clone();
            // The input lists every rule of the default group, AWS's own included, so they are
            // the whole group rather than additions to AWS's rules (§15.9).
            let default_rules = (name == DEFAULT).then(|| Loc::new(false));
            vpc.security_groups.insert(
                Loc::new(name),
                schema::SecurityGroup {
                    description: sg.description.clone(),
                    default_rules,
                    ingress: Some(ingress),
                    egress: Some(egress),
                },
            );
        }
    }

    fn sg_rule(
        &mut self,
        vpc_id: &str,
        sg_id: &str,
        rule: &ir::SgRule,
        egress: bool,
    ) -> Option<Loc<schema::SgRule>> {
        let peer = match &rule.peer {
            Peer::Cidr(cidr) => cidr.clone(),
            Peer::PrefixList(id) => match self.prefix_list_names.get(id) {
                Some(name) => format!("pl:{name}"),
                None => {
                    self.warn(
                        sg_id,
                        format!("rule referencing prefix list {}: prefix list not found in the input; rule skipped", display_id(id)),
                    );
                    return None;
                }
            },
            Peer::SecurityGroup(group) => {
                let group_vpc = self
                    .inv
                    .security_groups
                    .get(group)
                    .and_then(|g| g.vpc.clone());
                match group_vpc {
                    Some(group_vpc) if group_vpc == vpc_id => {
                        format!("sg:{}", self.names(vpc_id).security_groups[group])
                    }
                    Some(group_vpc) => {
                        let names = self.names(&group_vpc);
                        format!("sg:{}/{}", names.name, names.security_groups[group])
                    }
                    None => {
                        self.warn(
                            sg_id,
                            format!(
                                "rule referencing security group {}: group not found in the input; rule skipped",
                                display_id(group)
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        let proto = normalize::protocol(&rule.proto);
        let (ports, icmp_type, icmp_code) = if normalize::has_ports(&proto) {
            (normalize::ports(rule.from_port, rule.to_port), None, None)
        } else if normalize::is_icmp(&proto) {
            (
                None,
                normalize::icmp_value(rule.from_port),
                normalize::icmp_value(rule.to_port),
            )
        } else {
            (None, None, None)
        };
        let peer = Some(Loc::new(peer));
        Some(Loc::new(schema::SgRule {
            proto: Loc::new(proto),
            ports: ports.map(Loc::new),
            icmp_type: icmp_type.map(Loc::new),
            icmp_code: icmp_code.map(Loc::new),
            from: if egress { None } else { peer.clone() },
            to: if egress { peer } else { None },
            description: rule.description.clone().filter(|d| !d.is_empty()),
        }))
    }

    fn network_acls(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, acl) in in_vpc(&inv.network_acls, vpc_id, |n| n.vpc.as_ref()) {
            let subnets = self.map_ids(
                id,
                "associated subnet",
                &acl.subnets,
                |n| &n.subnets,
                vpc_id,
            );
            let mut entries: Vec<&ir::NaclEntry> = acl
                .entries
                .iter()
                // 32767 (IPv4) and 32768 (IPv6) are AWS's implicit final deny (docs/semantics.md §6.1).
                .filter(|entry| entry.rule < 32767)
                .collect();
            entries.sort_by_key(|entry| (entry.egress, entry.rule, entry.cidr.clone()));
            let mut ingress = Vec::new();
            let mut egress = Vec::new();
            for entry in entries {
                let proto = normalize::protocol(&entry.proto);
                let (ports, icmp_type, icmp_code) = if normalize::has_ports(&proto) {
                    (
                        entry
                            .ports
                            .map_or(Some(NumOrText::Text("all".to_owned())), |(from, to)| {
                                normalize::ports(Some(from), Some(to))
                            }),
                        None,
                        None,
                    )
                } else if normalize::is_icmp(&proto) {
                    (
                        None,
                        normalize::icmp_value(entry.icmp_type),
                        normalize::icmp_value(entry.icmp_code),
                    )
                } else {
                    (None, None, None)
                };
                let rule = Loc::new(NaclRule {
                    rule: Loc::new(entry.rule),
                    action: Loc::new(if entry.allow { "allow" } else { "deny" }.to_owned()),
                    proto: Loc::new(proto),
                    ports: ports.map(Loc::new),
                    icmp_type: icmp_type.map(Loc::new),
                    icmp_code: icmp_code.map(Loc::new),
                    cidr: Loc::new(entry.cidr.clone()),
                });
                if entry.egress {
                    egress.push(rule);
                } else {
                    ingress.push(rule);
                }
            }
            let name = self.names(vpc_id).network_acls[id].clone();
            vpc.network_acls.insert(
                Loc::new(name),
                schema::NetworkAcl {
                    subnets,
                    ingress,
                    egress,
                },
            );
        }
    }

    fn instances(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, instance) in in_vpc(&inv.instances, vpc_id, |i| i.vpc.as_ref()) {
            let Some(subnet) = self.subnet_name(id, &instance.subnet, vpc_id) else {
                continue;
            };
            let security_groups = self.sg_names(id, &instance.security_groups, vpc_id, false);
            let eip = self.eip_by_instance.get(id).cloned().or_else(|| {
                instance
                    .primary_eni
                    .as_ref()
                    .and_then(|eni| self.eip_by_eni.get(eni).cloned())
            });
            let public_ip = match (&instance.public_ip, &eip) {
                (Some(Some(address)), Some(eip)) if address == eip => None,
                (Some(Some(address)), _) => Some(FlagOrText::Text(address.clone())),
                (Some(None), _) => Some(FlagOrText::Flag(true)),
                (None, _) if instance.no_public_ip => Some(FlagOrText::Flag(false)),
                (None, _) => None,
            };
            let name = self.names(vpc_id).resources[id].clone();
            vpc.instances.insert(
                Loc::new(name),
                schema::Instance {
                    subnet,
                    security_groups,
                    private_ip: instance.private_ip.clone().map(Loc::new),
                    public_ip: public_ip.map(Loc::new),
                    elastic_ip: eip.map(|address| Loc::new(FlagOrText::Text(address))),
                    source_dest_check: instance.source_dest_check.filter(|on| !on).map(Loc::new),
                    os: None,
                    instance_type: instance.instance_type.clone(),
                },
            );
        }
    }

    fn network_interfaces(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, eni) in in_vpc(&inv.network_interfaces, vpc_id, |i| i.vpc.as_ref()) {
            let Some(subnet) = self.subnet_name(id, &eni.subnet, vpc_id) else {
                continue;
            };
            let security_groups = self.sg_names(id, &eni.security_groups, vpc_id, false);
            let instance = match &eni.instance {
                Some(instance) => {
                    match self.names(vpc_id).resources.get(instance) {
                        Some(name) if inv.instances.contains_key(instance) => {
                            Some(Loc::new(name.clone()))
                        }
                        _ => {
                            self.warn(
                            id,
                            format!("attached instance {} not found in the input; attachment dropped", display_id(instance)),
                        );
                            None
                        }
                    }
                }
                None => None,
            };
            let eip = self
                .eip_by_eni
                .get(id)
                .cloned()
                .or_else(|| eni.public_ip.clone());
            if eni.public_ip.is_some() && !self.eip_by_eni.contains_key(id) {
                self.warnings.push(ImportWarning::info(
                    display_id(id),
                    "public IP of a secondary interface emitted as its elastic_ip",
                ));
            }
            let name = self.names(vpc_id).resources[id].clone();
            vpc.network_interfaces.insert(
                Loc::new(name),
                schema::NetworkInterface {
                    subnet,
                    instance,
                    security_groups,
                    private_ip: eni.private_ip.clone().map(Loc::new),
                    elastic_ip: eip.map(|address| Loc::new(FlagOrText::Text(address))),
                    source_dest_check: eni.source_dest_check.filter(|on| !on).map(Loc::new),
                },
            );
        }
    }

    fn load_balancers(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, lb) in in_vpc(&inv.load_balancers, vpc_id, |l| l.vpc.as_ref()) {
            let subnets = self.map_ids(id, "subnet", &lb.subnets, |n| &n.subnets, vpc_id);
            let security_groups =
                self.sg_names(id, &lb.security_groups, vpc_id, lb.kind == "network");
            let mut listeners: Vec<(&String, &ir::Listener)> = inv
                .listeners
                .iter()
                .filter(|(_, l)| l.load_balancer.as_deref() == Some(id.as_str()))
                .collect();
            listeners.sort_by_key(|(listener_id, l)| (l.port, (*listener_id).clone()));
            let mut out = Vec::new();
            for (listener_id, listener) in listeners {
                let Some(port) = listener.port else {
                    self.warn(listener_id, "listener port unknown; listener skipped");
                    continue;
                };
                let Some(tg) = listener.forward.first() else {
                    let action = listener
                        .other_action
                        .clone()
                        .unwrap_or_else(|| "unknown".to_owned());
                    self.warn(
                        listener_id,
                        format!("listener on port {port}: default action `{action}` is not a forward (not modelled); listener skipped"),
                    );
                    continue;
                };
                if listener.forward.len() > 1 {
                    self.warn(
                        listener_id,
                        "weighted forward to several target groups; only the first is kept",
                    );
                }
                let Some(tg_name) = self.names(vpc_id).target_groups.get(tg).cloned() else {
                    self.warn(
                        listener_id,
                        format!(
                            "target group {} not found in this VPC in the input; listener skipped",
                            display_id(tg)
                        ),
                    );
                    continue;
                };
                let protocol = listener
                    .protocol
                    .clone()
                    .unwrap_or_else(|| if lb.kind == "network" { "tcp" } else { "http" }.to_owned())
                    .to_ascii_lowercase();
                out.push(Loc::new(schema::Listener {
                    port: Loc::new(port),
                    protocol: Loc::new(protocol),
                    forward: Loc::new(tg_name),
                }));
            }
            let name = self.names(vpc_id).resources[id].clone();
            vpc.load_balancers.insert(
                Loc::new(name),
                schema::LoadBalancer {
                    kind: Loc::new(lb.kind.clone()),
                    scheme: Loc::new(lb.scheme.clone()),
                    subnets,
                    security_groups,
                    listeners: out,
                    cross_zone: None,
                },
            );
        }
    }

    fn target_groups(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, tg) in in_vpc(&inv.target_groups, vpc_id, |t| t.vpc.as_ref()) {
            let target_type = tg.target_type.clone().map(|t| t.to_ascii_lowercase());
            if matches!(target_type.as_deref(), Some("lambda" | "alb")) {
                self.warn(
                    id,
                    format!(
                        "`{}` target groups are not modelled; skipped",
                        target_type.unwrap_or_default()
                    ),
                );
                continue;
            }
            let (Some(protocol), Some(port)) = (tg.protocol.clone(), tg.port) else {
                self.warn(id, "target group protocol or port unknown; skipped");
                continue;
            };
            let mut targets = Vec::new();
            for target in &tg.targets {
                if let Some(name) = self
                    .names(vpc_id)
                    .resources
                    .get(&target.id)
                    .filter(|_| inv.instances.contains_key(&target.id))
                {
                    targets.push(Loc::new(schema::Target {
                        instance: Some(Loc::new(name.clone())),
                        ip: None,
                        port: target.port.map(Loc::new),
                    }));
                } else if target.id.parse::<std::net::IpAddr>().is_ok() {
                    targets.push(Loc::new(schema::Target {
                        instance: None,
                        ip: Some(Loc::new(target.id.clone())),
                        port: target.port.map(Loc::new),
                    }));
                } else {
                    self.warn(
                        id,
                        format!(
                            "target {} not found in this VPC in the input; target skipped",
                            display_id(&target.id)
                        ),
                    );
                }
            }
            let health_check = if tg.health_path.is_some()
                || tg.health_port.is_some()
                || tg.health_protocol.is_some()
            {
                Some(Loc::new(HealthCheck {
                    path: tg.health_path.clone(),
                    port: tg.health_port.clone().map(|port| {
                        Loc::new(match port.parse::<i64>() {
                            Ok(number) => NumOrText::Num(number),
                            Err(_) => NumOrText::Text(port),
                        })
                    }),
                    protocol: tg
                        .health_protocol
                        .clone()
                        .map(|p| Loc::new(p.to_ascii_lowercase())),
                }))
            } else {
                None
            };
            let name = self.names(vpc_id).target_groups[id].clone();
            vpc.target_groups.insert(
                Loc::new(name),
                schema::TargetGroup {
                    protocol: Loc::new(protocol.to_ascii_lowercase()),
                    port: Loc::new(port),
                    target_type: target_type.map(Loc::new),
                    health_check,
                    preserve_client_ip: None,
                    targets,
                },
            );
        }
    }

    fn databases(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (is_cache, map) in [(false, &inv.databases), (true, &inv.caches)] {
            for (id, db) in in_vpc(map, vpc_id, |d| d.vpc.as_ref()) {
                let subnets = self.map_ids(id, "subnet", &db.subnets, |n| &n.subnets, vpc_id);
                let security_groups = self.sg_names(id, &db.security_groups, vpc_id, false);
                let name = Loc::new(self.names(vpc_id).resources[id].clone());
                if is_cache {
                    vpc.caches.insert(
                        name,
                        schema::Cache {
                            engine: Loc::new(db.engine.clone()),
                            port: db.port.map(Loc::new),
                            subnets,
                            security_groups,
                            private_ip: None,
                        },
                    );
                } else {
                    vpc.databases.insert(
                        name,
                        schema::Database {
                            engine: Loc::new(db.engine.clone()),
                            port: db.port.map(Loc::new),
                            subnets,
                            security_groups,
                            publicly_accessible: db.publicly_accessible.map(Loc::new),
                            private_ip: None,
                        },
                    );
                }
            }
        }
    }

    fn endpoints(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, endpoint) in in_vpc(&inv.endpoints, vpc_id, |e| e.vpc.as_ref()) {
            let kind = endpoint.kind.to_ascii_lowercase();
            if kind != "gateway" && kind != "interface" {
                self.warn(
                    id,
                    format!("`{}` endpoints are not modelled; skipped", endpoint.kind),
                );
                continue;
            }
            let route_tables = self.map_ids(
                id,
                "route table",
                &endpoint.route_tables,
                |n| &n.route_tables,
                vpc_id,
            );
            let subnets = self.map_ids(id, "subnet", &endpoint.subnets, |n| &n.subnets, vpc_id);
            let security_groups = if kind == "interface" {
                self.sg_names(id, &endpoint.security_groups, vpc_id, false)
            } else {
                None
            };
            let name = self.names(vpc_id).resources[id].clone();
            vpc.endpoints.insert(
                Loc::new(name),
                schema::Endpoint {
                    kind: Loc::new(kind),
                    service: Loc::new(service_short_name(&endpoint.service)),
                    route_tables,
                    subnets,
                    security_groups,
                },
            );
        }
    }

    fn peerings(&mut self) -> IndexMap<Loc<String>, schema::Peering> {
        let inv = self.inv;
        let mut out = IndexMap::new();
        for (id, peering) in &inv.peerings {
            let requester = peering
                .requester
                .as_ref()
                .and_then(|vpc| self.vpc_names.get(vpc));
            let accepter = peering
                .accepter
                .as_ref()
                .and_then(|vpc| self.vpc_names.get(vpc));
            let (Some(requester), Some(accepter)) = (requester, accepter) else {
                let missing = [&peering.requester, &peering.accepter]
                    .into_iter()
                    .flatten()
                    .filter(|vpc| !self.vpc_names.contains_key(*vpc))
                    .map(|vpc| display_id(vpc).to_owned())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.warn(
                    id,
                    format!("peer VPC {} not in the input; peering skipped (routes to it become blackhole)",
                        if missing.is_empty() { "unknown".to_owned() } else { missing }),
                );
                continue;
            };
            out.insert(
                Loc::new(self.peering_names[id].clone()),
                schema::Peering {
                    requester: Loc::new(requester.name.clone()),
                    accepter: Loc::new(accepter.name.clone()),
                    status: peering.status.clone().map(Loc::new),
                    accepter_region: peering.accepter_region.clone().map(Loc::new),
                },
            );
        }
        // Peerings not emitted must not be route targets.
        let emitted: BTreeSet<String> = out.keys().map(|k| k.value.clone()).collect();
        self.peering_names.retain(|_, name| emitted.contains(name));
        out
    }

    fn transit_gateways(&mut self) -> IndexMap<Loc<String>, schema::TransitGateway> {
        let inv = self.inv;
        let mut out = IndexMap::new();
        for tgw_id in inv.transit_gateways.keys() {
            let mut names = Namespace::default();
            let attachments: Vec<(&String, &ir::TgwAttachment)> = inv
                .tgw_attachments
                .iter()
                .filter(|(_, a)| a.transit_gateway.as_deref() == Some(tgw_id.as_str()))
                .collect();
            let attachment_names =
                names.assign(attachments.iter().map(|(id, a)| (id.as_str(), &a.label)));
            let mut map = IndexMap::new();
            for (id, attachment) in attachments {
                let Some(vpc) = attachment.vpc.clone() else {
                    continue;
                };
                let subnets = self.map_ids(id, "subnet", &attachment.subnets, |n| &n.subnets, &vpc);
                map.insert(
                    Loc::new(attachment_names[id].clone()),
                    schema::TgwAttachment {
                        vpc: Loc::new(self.names(&vpc).name.clone()),
                        subnets,
                    },
                );
            }
            out.insert(
                Loc::new(self.tgw_names[tgw_id].clone()),
                schema::TransitGateway {
                    attachments: map,
                    route_tables: None,
                },
            );
        }
        for (id, attachment) in &inv.tgw_attachments {
            let known = attachment
                .transit_gateway
                .as_ref()
                .is_some_and(|tgw| inv.transit_gateways.contains_key(tgw));
            if !known {
                self.warn(
                    id,
                    "transit gateway of this attachment not found in the input; skipped",
                );
            }
        }
        out
    }

    fn prefix_lists(&mut self) -> IndexMap<Loc<String>, schema::PrefixList> {
        let inv = self.inv;
        let mut out = IndexMap::new();
        for (id, list) in &inv.prefix_lists {
            out.insert(
                Loc::new(self.prefix_list_names[id].clone()),
                schema::PrefixList {
                    cidrs: list.cidrs.iter().cloned().map(Loc::new).collect(),
                    max_entries: list.max_entries,
                },
            );
        }
        out
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
