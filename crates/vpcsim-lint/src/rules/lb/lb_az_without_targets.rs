//! LB007: cross-zone load balancing off and an enabled AZ without targets (§7.1, §7.4, §12.15).

use std::collections::BTreeSet;

use vpcsim_model::{Diagnostic, LbId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags load balancers with cross-zone load balancing off (the NLB default) where some
    /// enabled Availability Zone has no target of the groups the load balancer forwards to.
    ///
    /// ## Why is this bad?
    /// Without cross-zone load balancing each node sends only to targets in its own AZ. DNS
    /// still hands out the node of the empty AZ, so the share of clients routed to it gets
    /// connection failures (`ELBV2_NO_TARGETS_IN_AZ`).
    ///
    /// ## Example
    /// ```yaml
    /// load_balancers:
    ///   nlb: { type: network, scheme: internal, subnets: [a, b], listeners: [ { port: 80, protocol: tcp, forward: tg } ] }
    /// target_groups:
    ///   tg: { protocol: tcp, port: 80, targets: [ { instance: app-a } ] }   # nothing in b
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// target_groups:
    ///   tg: { protocol: tcp, port: 80, targets: [ { instance: app-a }, { instance: app-b } ] }
    /// # or `cross_zone: true` on the load balancer
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.1, §7.4, §12.15
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#cross-zone-load-balancing
    pub(crate) struct LbAzWithoutTargets {
        code: "LB007",
        name: "lb-az-without-targets",
        severity: Warning,
        category: Lb,
        summary: "cross-zone load balancing is off and an enabled AZ has no targets",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, lb) in model.load_balancers.iter().enumerate() {
        if lb.cross_zone || lb.listeners.is_empty() {
            continue;
        }
        let target_azs: BTreeSet<&str> = lb
            .listeners
            .iter()
            .flat_map(|listener| model.target_group(listener.target_group).targets.iter())
            .filter_map(|target| target.eni)
            .map(|eni| model.subnet(model.eni(eni).subnet).az.as_str())
            .collect();
        if target_azs.is_empty() {
            continue;
        }
        for subnet_id in &lb.subnets {
            let subnet = model.subnet(*subnet_id);
            if target_azs.contains(subnet.az.as_str()) {
                continue;
            }
            out.push(
                ctx.report(
                    &LbAzWithoutTargets::META,
                    lb.span,
                    format!(
                        "load balancer `{}` has cross-zone load balancing off and no targets in {} (subnet `{}`): clients sent to that node fail",
                        lb.name, subnet.az, subnet.name
                    ),
                )
                .with_resource(address::lb(model, LbId::from_index(index)))
                .with_help(format!("register a target in {}, or set `cross_zone: true`", subnet.az)),
            );
        }
    }
}
