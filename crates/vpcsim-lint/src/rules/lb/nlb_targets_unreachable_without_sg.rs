//! LB008: an NLB without security groups whose targets admit its traffic only by SG reference
//! (§7.10, §12.17).

use std::collections::BTreeSet;

use vpcsim_model::{Diagnostic, LbKind, SgPeer, TgId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::security_group::rule_covers;

declare_rule! {
    /// ## What it does
    /// For network load balancers without security groups, flags targets whose security
    /// groups have no address-based rule (CIDR or prefix list) for the traffic port — only
    /// security-group references, or nothing at all.
    ///
    /// ## Why is this bad?
    /// An NLB created without security groups can never get one, and its traffic carries no
    /// SG identity: with client IP preservation the target sees the client's address, without
    /// it the NLB node's private address. An SG reference matches neither, so every client is
    /// dropped at the target.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   app: { ingress: [ { proto: tcp, ports: 80, from: sg:clients } ] }
    /// load_balancers:
    ///   nlb: { type: network, scheme: internal, subnets: [a], listeners: [ { port: 80, protocol: tcp, forward: tg } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   app: { ingress: [ { proto: tcp, ports: 80, from: 10.0.0.0/16 } ] }   # client CIDRs
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.10, §12.17
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#target-security-groups
    pub(crate) struct NlbTargetsUnreachableWithoutSg {
        code: "LB008",
        name: "nlb-targets-unreachable-without-sg",
        severity: Error,
        category: Lb,
        summary: "NLB without security groups; its targets admit the traffic port only by SG reference",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let mut reported: BTreeSet<(usize, usize)> = BTreeSet::new();
    for lb in &model.load_balancers {
        if lb.kind != LbKind::Network || !lb.security_groups.is_empty() {
            continue;
        }
        for listener in &lb.listeners {
            let group = model.target_group(listener.target_group);
            // One finding per target of a group, however many listeners forward to it.
            for (target_index, target) in group.targets.iter().enumerate() {
                let Some(eni_id) = target.eni else { continue };
                let eni = model.eni(eni_id);
                let rules: Vec<_> = eni
                    .security_groups
                    .iter()
                    .flat_map(|sg| model.security_group(*sg).ingress.iter())
                    .filter(|rule| rule_covers(rule, listener.ip_protocol, target.port))
                    .collect();
                if rules
                    .iter()
                    .any(|rule| !matches!(rule.peer, SgPeer::Group(_)))
                    || !reported.insert((listener.target_group.index(), target_index))
                {
                    continue;
                }
                let how = if rules.is_empty() {
                    "no rule of its security groups covers"
                } else {
                    "its security groups admit only security-group references on"
                };
                out.push(
                    ctx.report(
                        &NlbTargetsUnreachableWithoutSg::META,
                        target.span,
                        format!(
                            "network load balancer `{}` has no security group, and {how} port {} of target `{}`: its traffic is dropped",
                            lb.name, target.port, eni.name
                        ),
                    )
                    .with_related(lb.span, "load balancer declared here")
                    .with_resource(address::target_group(model, TgId::from_index(listener.target_group.index())))
                    .with_note(if group.preserve_client_ip {
                        "client IP preservation is on: the target sees the clients' addresses (§7.10)"
                    } else {
                        "client IP preservation is off: the target sees the NLB nodes' private addresses (§7.10)"
                    })
                    .with_help("admit the client CIDRs (or the NLB subnets' CIDRs when preservation is off) on the target port"),
                );
            }
        }
    }
}
