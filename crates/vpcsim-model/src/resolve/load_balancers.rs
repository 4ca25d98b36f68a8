//! Load balancers (ALB/NLB), their listeners, target groups and registered targets.
//!
//! Target groups are shells before load balancers (a listener forwards to one); targets are
//! registered after every instance exists (docs/semantics.md §7).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Resolver;
use crate::filter::{PortRange, Protocol};
use crate::ids::*;
use crate::model::*;
use crate::schema::{self, FlagOrText, NumOrText};
use crate::span::{Loc, Span};

impl<'d> Resolver<'d> {
    pub(super) fn target_group_shells(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, group) in &vpc.target_groups {
            let id = TgId::from_index(self.model.target_groups.len());
            let port = self
                .parse_port(&group.port, "target group port")
                .unwrap_or(1);
            let ip_targets = match group
                .target_type
                .as_ref()
                .map(|t| t.value.to_ascii_lowercase())
            {
                None => false,
                Some(t) if t == "instance" => false,
                Some(t) if t == "ip" => true,
                Some(other) => {
                    let span = group.target_type.as_ref().map_or(name.span, |t| t.span);
                    self.error(
                        "VAL001",
                        span,
                        format!("target type `{other}` is not supported (instance or ip)"),
                    );
                    false
                }
            };
            let health_check = group.health_check.as_ref();
            let health_check_port = match health_check.and_then(|h| h.port.as_ref()) {
                None => HealthCheckPort::TrafficPort,
                Some(port) => match &port.value {
                    NumOrText::Text(text) if text == "traffic-port" => HealthCheckPort::TrafficPort,
                    NumOrText::Num(n) => match u16::try_from(*n) {
                        Ok(p) if p >= 1 => HealthCheckPort::Port(p),
                        _ => {
                            self.error(
                                "VAL001",
                                port.span,
                                format!("health-check port {n} is not a port"),
                            );
                            HealthCheckPort::TrafficPort
                        }
                    },
                    NumOrText::Text(text) => {
                        match text.parse::<u16>() {
                            Ok(p) if p >= 1 => HealthCheckPort::Port(p),
                            _ => {
                                self.error("VAL001", port.span, format!("health-check port `{text}` is neither traffic-port nor a port"));
                                HealthCheckPort::TrafficPort
                            }
                        }
                    }
                },
            };
            self.model.target_groups.push(TargetGroup {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                protocol: group.protocol.value.to_ascii_lowercase(),
                port,
                ip_targets,
                health_check_port,
                health_check_path: health_check.and_then(|h| h.value.path.clone()),
                // §7.10 defaults: on for instance targets, off for ip targets (TCP/TLS).
                preserve_client_ip: group.preserve_client_ip.as_ref().map_or(
                    !ip_targets || group.protocol.value.eq_ignore_ascii_case("udp"),
                    |p| p.value,
                ),
                targets: Vec::new(),
                load_balancers: Vec::new(),
            });
            self.names[vpc_id.index()]
                .target_groups
                .insert(name.value.as_str(), id);
        }
    }

    pub(super) fn load_balancers(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, balancer) in &vpc.load_balancers {
            let id = LbId::from_index(self.model.load_balancers.len());
            let kind = match balancer.kind.value.to_ascii_lowercase().as_str() {
                "application" | "alb" => LbKind::Application,
                "network" | "nlb" => LbKind::Network,
                other => {
                    self.error(
                        "VAL001",
                        balancer.kind.span,
                        format!(
                            "load balancer type `{other}` is not supported (application or network)"
                        ),
                    );
                    LbKind::Application
                }
            };
            let scheme = match balancer.scheme.value.to_ascii_lowercase().as_str() {
                "internet-facing" => LbScheme::InternetFacing,
                "internal" => LbScheme::Internal,
                other => {
                    self.error(
                        "VAL001",
                        balancer.scheme.span,
                        format!("scheme `{other}` is neither internet-facing nor internal"),
                    );
                    LbScheme::Internal
                }
            };
            let mut subnets: Vec<SubnetId> = Vec::new();
            let mut azs: FxHashMap<String, Span> = FxHashMap::default();
            for reference in &balancer.subnets {
                let Some(subnet) = self.subnet_ref(vpc_id, reference) else {
                    continue;
                };
                let az = self.model.subnets[subnet.index()].az.clone();
                if let Some(first) = azs.get(&az) {
                    let first = *first;
                    // §7.2: one subnet per AZ.
                    self.error("VAL040", reference.span, format!("load balancer `{}` has two subnets in {az}; AWS takes one subnet per Availability Zone", name.value))
                        .related
                        .push(crate::diagnostic::Related { span: first, label: "first subnet in this AZ".into() });
                    continue;
                }
                azs.insert(az, reference.span);
                subnets.push(subnet);
            }
            if kind == LbKind::Application && azs.len() < 2 && !balancer.subnets.is_empty() {
                // §7.2: an ALB needs subnets in at least two AZs.
                let span = balancer.subnets.first().map_or(name.span, |s| s.span);
                self.error(
                    "VAL040",
                    span,
                    format!("application load balancer `{}` has subnets in {} Availability Zone(s); AWS requires at least two", name.value, azs.len()),
                )
                .help = Some("add a subnet in a second AZ".into());
            }
            if balancer.subnets.is_empty() {
                self.error(
                    "VAL040",
                    name.span,
                    format!("load balancer `{}` has no subnets", name.value),
                );
            }
            let groups = match (&balancer.security_groups, kind) {
                // §7.10: an NLB created without groups has none, and its nodes filter nothing;
                // `[]` says the same thing, so it is not the error it is for other interfaces.
                (None, LbKind::Network) => Vec::new(),
                (Some(groups), LbKind::Network) if groups.is_empty() => Vec::new(),
                (groups, _) => self.security_groups_of(
                    vpc_id,
                    groups,
                    &format!("load balancer `{}`", name.value),
                    name.span,
                ),
            };
            let dualstack = match balancer.ip_address_type.as_ref() {
                None => false,
                Some(t) if t.value.eq_ignore_ascii_case("ipv4") => false,
                Some(t) if t.value.eq_ignore_ascii_case("dualstack") => true,
                Some(t) => {
                    self.error(
                        "VAL040",
                        t.span,
                        format!(
                            "ip_address_type `{}` is neither ipv4 nor dualstack",
                            t.value
                        ),
                    );
                    false
                }
            };
            let mut listeners: Vec<Listener> = Vec::new();
            let mut ports_seen: FxHashSet<u16> = FxHashSet::default();
            for listener in &balancer.listeners {
                let Some(port) = self.parse_port(&listener.port, "listener port") else {
                    continue;
                };
                let protocol = listener.protocol.value.to_ascii_lowercase();
                let valid = match kind {
                    LbKind::Application => matches!(protocol.as_str(), "http" | "https"),
                    LbKind::Network => {
                        matches!(protocol.as_str(), "tcp" | "tls" | "udp" | "tcp_udp")
                    }
                };
                if !valid {
                    let allowed = match kind {
                        LbKind::Application => "http or https",
                        LbKind::Network => "tcp, tls, udp or tcp_udp",
                    };
                    self.error(
                        "VAL040",
                        listener.protocol.span,
                        format!(
                            "listener protocol `{protocol}` is not valid here ({allowed}, §7.1)"
                        ),
                    );
                }
                if !ports_seen.insert(port) {
                    self.error(
                        "VAL040",
                        listener.port.span,
                        format!("two listeners on port {port}"),
                    );
                }
                let Some(target_group) =
                    self.lookup(vpc_id, &listener.forward, "target group", |n| {
                        &n.target_groups
                    })
                else {
                    continue;
                };
                // §7.5: one load balancer per target group.
                let already = self.model.target_groups[target_group.index()]
                    .load_balancers
                    .clone();
                if already.iter().any(|other| *other != id) {
                    self.error("VAL040", listener.forward.span, format!("target group `{}` is already used by another load balancer; AWS allows one load balancer per target group (§7.5)", listener.forward.value));
                }
                if !already.contains(&id) {
                    self.model.target_groups[target_group.index()]
                        .load_balancers
                        .push(id);
                }
                listeners.push(Listener {
                    port,
                    ip_protocol: if protocol == "udp" {
                        Protocol::UDP
                    } else {
                        Protocol::TCP
                    },
                    protocol,
                    target_group,
                    span: listener.span,
                });
            }
            self.check_pinned_ips(
                &balancer.private_ips,
                &subnets,
                &format!("load balancer `{}`", name.value),
            );
            self.check_pinned_ips(
                &balancer.ipv6_ips,
                &subnets,
                &format!("load balancer `{}`", name.value),
            );
            let mut nodes: Vec<EniId> = Vec::new();
            for subnet in &subnets {
                let subnet_name = self.model.subnets[subnet.index()].name.clone();
                // §15.7: a node keeps the address AWS gave it when the design pins it.
                let pinned = balancer
                    .private_ips
                    .iter()
                    .find(|(key, _)| key.value == subnet_name)
                    .map(|(_, ip)| ip);
                let node = self.new_eni(
                    format!("{}@{subnet_name}", name.value),
                    name.span,
                    EniOwner::LoadBalancer(id),
                    vpc_id,
                    *subnet,
                    pinned,
                    groups.clone(),
                    PortRange::AWS_EPHEMERAL,
                );
                if scheme == LbScheme::InternetFacing {
                    self.pending_public
                        .push((node, None, PublicIpKind::Service));
                }
                // §16.1: a dual-stack node gets an IPv6 address where its subnet has a block,
                // the one AWS gave it when the design pins it (§15.7).
                if dualstack && self.model.subnets[subnet.index()].ipv6_cidr.is_some() {
                    let pinned = balancer
                        .ipv6_ips
                        .iter()
                        .find(|(key, _)| key.value == subnet_name)
                        .map(|(_, ip)| Loc::at(FlagOrText::Text(ip.value.clone()), ip.span));
                    self.pending_ipv6.push((
                        node,
                        Some(pinned.unwrap_or(Loc::at(FlagOrText::Flag(true), name.span))),
                    ));
                }
                nodes.push(node);
            }
            self.model.load_balancers.push(LoadBalancer {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                kind,
                scheme,
                subnets,
                nodes,
                security_groups: groups,
                listeners,
                cross_zone: balancer
                    .cross_zone
                    .as_ref()
                    .map_or(kind == LbKind::Application, |c| c.value),
            });
            self.names[vpc_id.index()]
                .load_balancers
                .insert(name.value.as_str(), id);
        }
    }

    pub(super) fn targets(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, group) in &vpc.target_groups {
            let Some(id) = self.names[vpc_id.index()]
                .target_groups
                .get(name.value.as_str())
                .copied()
            else {
                continue;
            };
            let ip_targets = self.model.target_groups[id.index()].ip_targets;
            let default_port = self.model.target_groups[id.index()].port;
            let mut targets: Vec<Target> = Vec::new();
            for target in &group.targets {
                let port = match &target.port {
                    Some(port) => match self.parse_port(port, "target port") {
                        Some(p) => p,
                        None => continue,
                    },
                    None => default_port,
                };
                let (eni, address) = match (&target.instance, &target.ip) {
                    (Some(instance), None) => {
                        if ip_targets {
                            self.error(
                                "VAL040",
                                instance.span,
                                format!(
                                    "target group `{}` has target type ip; register an `ip:`",
                                    name.value
                                ),
                            );
                            continue;
                        }
                        let Some(instance) =
                            self.lookup(vpc_id, instance, "instance", |n| &n.instances)
                        else {
                            continue;
                        };
                        // §7.6: instance targets receive traffic on the primary ENI's primary IP.
                        let eni = self.model.instances[instance.index()].primary_eni;
                        (Some(eni), Ipv4Addr::UNSPECIFIED)
                    }
                    (None, Some(ip)) => {
                        if !ip_targets {
                            self.error("VAL040", ip.span, format!("target group `{}` has target type instance; register an `instance:`", name.value));
                            continue;
                        }
                        let Some(address) = self.parse_ip(ip, "target IP") else {
                            continue;
                        };
                        // §7.6: IP targets must be private addresses.
                        if !is_private_target_range(address) {
                            self.error("VAL040", ip.span, format!("IP target {address} is publicly routable; AWS accepts only 10/8, 172.16/12, 192.168/16 and 100.64/10 targets (§7.6)"));
                            continue;
                        }
                        (None, address)
                    }
                    _ => {
                        self.error(
                            "SCHEMA002",
                            target.span,
                            "a target names exactly one of `instance` or `ip`",
                        );
                        continue;
                    }
                };
                targets.push(Target {
                    eni,
                    address,
                    port,
                    span: target.span,
                });
            }
            self.model.target_groups[id.index()].targets = targets;
        }
    }
}

/// §7.6: IP targets must be in RFC 1918 or 100.64/10 space.
fn is_private_target_range(address: Ipv4Addr) -> bool {
    let shared = Ipv4Net::new(Ipv4Addr::new(100, 64, 0, 0), 10).unwrap_or_default();
    address.is_private() || shared.contains(&address)
}
