//! What owns an interface: instances, network interfaces, load balancers with their target
//! groups, databases and VPC endpoints.

use vpcsim_model::Loc;
use vpcsim_model::schema::{self, FlagOrText, HealthCheck, NumOrText};

use crate::error::ImportWarning;
use crate::ir::{self};

use super::{Builder, display_id, in_vpc, service_short_name};

impl Builder<'_> {
    pub(super) fn instances(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
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
                self.at(id, name),
                schema::Instance {
                    subnet,
                    security_groups,
                    private_ip: instance.private_ip.clone().map(Loc::new),
                    public_ip: public_ip.map(Loc::new),
                    elastic_ip: eip.map(|address| Loc::new(FlagOrText::Text(address))),
                    source_dest_check: instance.source_dest_check.filter(|on| !on).map(Loc::new),
                    os: None,
                    instance_type: instance.instance_type.clone(),
                    ipv6_address: match &instance.ipv6_address {
                        Some(Some(address)) => Some(Loc::new(FlagOrText::Text(address.clone()))),
                        Some(None) => Some(Loc::new(FlagOrText::Flag(true))),
                        None => None,
                    },
                    tags: self.tags_of(id),
                },
            );
        }
    }

    pub(super) fn network_interfaces(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
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
                self.at(id, name),
                schema::NetworkInterface {
                    subnet,
                    instance,
                    security_groups,
                    private_ip: eni.private_ip.clone().map(Loc::new),
                    elastic_ip: eip.map(|address| Loc::new(FlagOrText::Text(address))),
                    source_dest_check: eni.source_dest_check.filter(|on| !on).map(Loc::new),
                    ipv6_address: eni
                        .ipv6_address
                        .clone()
                        .map(|address| Loc::new(FlagOrText::Text(address))),
                    tags: self.tags_of(id),
                },
            );
        }
    }

    pub(super) fn load_balancers(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
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
            // §15.7: each node keeps the address AWS gave it.
            let private_ips = self.managed_ips(
                vpc_id,
                |o| Self::lb_owns(id, o),
                &subnets,
                |eni| eni.private_ip.as_ref(),
            );
            // §16.1: a dual-stack node keeps its real IPv6 address too.
            let ipv6_ips = self.managed_ips(
                vpc_id,
                |o| Self::lb_owns(id, o),
                &subnets,
                |eni| eni.ipv6.as_ref(),
            );
            vpc.load_balancers.insert(
                self.at(id, name),
                schema::LoadBalancer {
                    kind: Loc::new(lb.kind.clone()),
                    scheme: Loc::new(lb.scheme.clone()),
                    subnets,
                    security_groups,
                    listeners: out,
                    cross_zone: None,
                    ip_address_type: lb
                        .ip_address_type
                        .clone()
                        .filter(|t| t.eq_ignore_ascii_case("dualstack"))
                        .map(|t| Loc::new(t.to_ascii_lowercase())),
                    private_ips,
                    ipv6_ips,
                    tags: self.tags_of(id),
                },
            );
        }
    }

    pub(super) fn target_groups(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
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
                self.at(id, name),
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

    pub(super) fn databases(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        let mut claimed = std::collections::BTreeSet::new();
        for (is_cache, map) in [(false, &inv.databases), (true, &inv.caches)] {
            for (id, db) in in_vpc(map, vpc_id, |d| d.vpc.as_ref()) {
                // §15.7: the database lives in the subnet of its real interface, at its address.
                let real = self.managed_db_eni(id, db, is_cache, &mut claimed);
                let mut ordered = db.subnets.clone();
                if let Some((subnet, _)) = &real
                    && let Some(index) = ordered.iter().position(|s| s == subnet)
                {
                    let subnet = ordered.remove(index);
                    ordered.insert(0, subnet);
                }
                let private_ip = real.map(|(_, ip)| Loc::new(ip));
                let subnets = self.map_ids(id, "subnet", &ordered, |n| &n.subnets, vpc_id);
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
                            private_ip,
                            tags: self.tags_of(id),
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
                            private_ip,
                            tags: self.tags_of(id),
                        },
                    );
                }
            }
        }
    }

    pub(super) fn endpoints(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
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
            // §15.7: each endpoint interface keeps the address AWS gave it.
            let private_ips = if kind == "interface" {
                self.managed_ips(
                    vpc_id,
                    |o| matches!(o, ir::ManagedOwner::Endpoint(e) if e == id),
                    &subnets,
                    |eni| eni.private_ip.as_ref(),
                )
            } else {
                Default::default()
            };
            vpc.endpoints.insert(
                self.at(id, name),
                schema::Endpoint {
                    kind: Loc::new(kind),
                    service: Loc::new(service_short_name(&endpoint.service)),
                    route_tables,
                    subnets,
                    security_groups,
                    private_ips,
                    tags: self.tags_of(id),
                },
            );
        }
    }
}
