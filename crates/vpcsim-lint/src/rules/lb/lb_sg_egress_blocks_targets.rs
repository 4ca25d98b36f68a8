//! LB005: a load balancer whose own security groups do not let it out to its targets
//! (§7.8, §7.9, §7.10, §12.16).

use std::collections::BTreeSet;

use vpcsim_model::{Diagnostic, LbId, Protocol};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::Flow;
use vpcsim_reach::security_group::{admits, eni_peer, port_probe};

declare_rule! {
    /// ## What it does
    /// For load balancers with security groups, checks that their outbound rules allow every
    /// target on its traffic port and its health-check port.
    ///
    /// ## Why is this bad?
    /// The load balancer's connections to targets and its health checks leave through its own
    /// security groups. A restricted egress list that forgets the target port or a distinct
    /// health-check port makes every request fail, or every target unhealthy.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   alb:
    ///     ingress: [ { proto: tcp, ports: 443, from: 0.0.0.0/0 } ]
    ///     egress:  [ { proto: tcp, ports: 8080, to: sg:app } ]   # health check is on 8090
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   alb:
    ///     ingress: [ { proto: tcp, ports: 443, from: 0.0.0.0/0 } ]
    ///     egress:  [ { proto: tcp, ports: 8080, to: sg:app }, { proto: tcp, ports: 8090, to: sg:app } ]
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.8, §7.9, §7.10, §12.16
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
    pub(crate) struct LbSgEgressBlocksTargets {
        code: "LB005",
        name: "lb-sg-egress-blocks-targets",
        severity: Error,
        category: Lb,
        summary: "load balancer's security groups do not allow outbound traffic to its targets",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, lb) in model.load_balancers.iter().enumerate() {
        if lb.security_groups.is_empty() {
            continue;
        }
        let mut reported: BTreeSet<(usize, usize, u16)> = BTreeSet::new();
        for listener in &lb.listeners {
            let group = model.target_group(listener.target_group);
            // One finding per target of a group, however many listeners forward to it.
            for (target_index, target) in group.targets.iter().enumerate() {
                let Some(eni_id) = target.eni else { continue };
                let eni = model.eni(eni_id);
                let health = group.health_check_port_for(target);
                let mut ports = vec![(target.port, "traffic")];
                if health != target.port {
                    ports.push((health, "health-check"));
                }
                for (port, what) in ports {
                    if admits(
                        model,
                        &lb.security_groups,
                        Flow::Egress,
                        port_probe(Protocol::TCP, port),
                        eni_peer(eni),
                    ) || !reported.insert((listener.target_group.index(), target_index, port))
                    {
                        continue;
                    }
                    let groups: Vec<&str> = lb
                        .security_groups
                        .iter()
                        .map(|g| model.security_group(*g).name.as_str())
                        .collect();
                    let first = model.security_group(lb.security_groups[0]);
                    out.push(
                        ctx.report(
                            &LbSgEgressBlocksTargets::META,
                            target.span,
                            format!(
                                "load balancer `{}` cannot reach target `{}` on its {what} port {port}: security group(s) `{}` allow no outbound tcp {port} to it",
                                lb.name,
                                eni.name,
                                groups.join("`, `")
                            ),
                        )
                        .with_related(first.span, "load balancer security group declared here")
                        .with_resource(address::lb(model, LbId::from_index(index)))
                        .with_help(format!("add `{{ proto: tcp, ports: {port}, to: sg:{} }}` to the egress of `{}`", eni.security_groups.first().map(|g| model.security_group(*g).name.as_str()).unwrap_or("TARGET"), first.name)),
                    );
                }
            }
        }
    }
}
