//! LB004: a target whose security groups do not admit its load balancer on the traffic or
//! health-check port (§7.7, §7.8, §7.10, §12.16).

use std::collections::BTreeSet;

use vpcsim_model::{Diagnostic, LbKind, Protocol, TgId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::Flow;
use vpcsim_reach::security_group::{admits, eni_peer, port_probe};

declare_rule! {
    /// ## What it does
    /// For every target a load balancer forwards to, checks that the target's security groups
    /// admit every load-balancer node — by the load balancer's security group or the nodes'
    /// addresses — on the target's traffic port and on the health-check port.
    /// For a network load balancer without security groups and with client IP preservation,
    /// only the health-check port is checked here (client traffic is LB008's question).
    ///
    /// ## Why is this bad?
    /// The load balancer opens a new connection from its own nodes to the target. If the
    /// target SG does not admit them on the traffic port, every request fails (502/504).
    /// If it does not admit the health-check port — which can differ from the traffic port,
    /// or be a per-target port override — targets are marked unhealthy and taken out of
    /// service although they work.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   app: { ingress: [ { proto: tcp, ports: 8081, from: sg:alb } ] }
    /// target_groups:
    ///   api:
    ///     protocol: http
    ///     port: 8081
    ///     health_check: { port: 8090 }
    ///     targets: [ { instance: app } ]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   app:
    ///     ingress:
    ///       - { proto: tcp, ports: 8081, from: sg:alb }
    ///       - { proto: tcp, ports: 8090, from: sg:alb }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.7, §7.8, §7.10, §12.16
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-register-targets.html#target-security-groups
    pub(crate) struct TargetSgBlocksLb {
        code: "LB004",
        name: "target-sg-blocks-lb",
        severity: Error,
        category: Lb,
        summary: "target's security groups do not admit the load balancer on the traffic or health-check port",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let mut reported: BTreeSet<(usize, usize, u16)> = BTreeSet::new();
    for lb in &model.load_balancers {
        for listener in &lb.listeners {
            let tg_id = listener.target_group;
            let group = model.target_group(tg_id);
            let sg_less_nlb = lb.kind == LbKind::Network && lb.security_groups.is_empty();
            // One finding per target of a group, however many listeners forward to it.
            for (target_index, target) in group.targets.iter().enumerate() {
                let Some(eni_id) = target.eni else { continue };
                let eni = model.eni(eni_id);
                let health = group.health_check_port_for(target);
                let mut ports: Vec<(u16, &str)> = Vec::new();
                if !(sg_less_nlb && group.preserve_client_ip) {
                    ports.push((target.port, "traffic"));
                }
                if health != target.port || ports.is_empty() {
                    ports.push((health, "health-check"));
                } else {
                    ports[0].1 = "traffic and health-check";
                }
                for (port, what) in ports {
                    let blocked: Vec<&str> = lb
                        .nodes
                        .iter()
                        .map(|node| model.eni(*node))
                        .filter(|node| {
                            !admits(
                                model,
                                &eni.security_groups,
                                Flow::Ingress,
                                port_probe(Protocol::TCP, port),
                                eni_peer(node),
                            )
                        })
                        .map(|node| model.subnet(node.subnet).name.as_str())
                        .collect();
                    if blocked.is_empty() || !reported.insert((tg_id.index(), target_index, port)) {
                        continue;
                    }
                    let groups: Vec<&str> = eni
                        .security_groups
                        .iter()
                        .map(|g| model.security_group(*g).name.as_str())
                        .collect();
                    let lb_groups: Vec<String> = lb
                        .security_groups
                        .iter()
                        .map(|g| format!("sg:{}", model.security_group(*g).name))
                        .collect();
                    out.push(
                        ctx.report(
                            &TargetSgBlocksLb::META,
                            target.span,
                            format!(
                                "target `{}` does not admit load balancer `{}` on its {what} port {port}: security group(s) `{}` allow no tcp {port} from the nodes in `{}`",
                                eni.name,
                                lb.name,
                                groups.join("`, `"),
                                blocked.join("`, `")
                            ),
                        )
                        .with_related(listener.span, "listener forwarding here")
                        .with_resource(address::target_group(model, TgId::from_index(tg_id.index())))
                        .with_note("the load balancer connects from its own nodes, so the target SG must admit them (§7.8)")
                        .with_help(format!("add `{{ proto: tcp, ports: {port}, from: {} }}` to the target's security group", lb_groups.first().cloned().unwrap_or_else(|| lb.subnets.first().map(|s| model.subnet(*s).cidr.to_string()).unwrap_or_default()))),
                    );
                }
            }
        }
    }
}
