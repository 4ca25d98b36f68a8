//! Route tables, their routes and associations, and NAT gateways: ids of gateways become
//! design names, a route to a gateway absent from the input becomes `blackhole` (as AWS shows it).

use std::collections::BTreeMap;

use vpcsim_model::Loc;
use vpcsim_model::schema::{self};

use crate::ir::{self, TargetKind};

use super::{Builder, display_id, in_vpc, kind_noun};

impl Builder<'_> {
    pub(super) fn gateway_name(
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
    pub(super) fn subnet_associations(&mut self, vpc_id: &str) -> BTreeMap<String, String> {
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

    pub(super) fn route_tables(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
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
            for (n, route) in rt.routes.iter().enumerate() {
                if let Some(route) = self.route(vpc_id, rt_id, route) {
                    routes.push(self.at(&format!("{rt_id}#route#{n}"), route));
                }
            }
            vpc.route_tables
                .insert(self.at(rt_id, name), schema::RouteTable { main, routes });
        }
    }

    pub(super) fn route(
        &mut self,
        vpc_id: &str,
        rt_id: &str,
        route: &ir::Route,
    ) -> Option<schema::Route> {
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
    pub(super) fn target_name(&self, vpc_id: &str, kind: &TargetKind, id: &str) -> Option<String> {
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

    pub(super) fn nat_gateways(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
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
                self.at(id, name),
                schema::NatGateway {
                    subnet,
                    connectivity: nat.connectivity.clone().map(Loc::new),
                    elastic_ip: elastic_ip.map(Loc::new),
                    private_ip: nat
                        .private_ip
                        .clone()
                        .or_else(|| self.managed_nat_ip(id))
                        .map(Loc::new),
                },
            );
        }
    }
}
