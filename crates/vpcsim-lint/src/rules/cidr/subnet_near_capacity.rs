//! CIDR003: a subnet whose interfaces plus load-balancer headroom nearly fill it (§1.10, §7.2).

use vpcsim_model::addressing;
use vpcsim_model::{Diagnostic, EniOwner, LbKind, SubnetId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Counts what a subnet must hold — every network interface, plus 8 free addresses per
    /// load-balancer node so the load balancer can scale — and flags the subnet when that
    /// leaves less than 10% of its AWS-usable addresses (2^(32−n) − 5) free.
    ///
    /// ## Why is this bad?
    /// AWS reserves 5 addresses per subnet. An ALB or NLB needs at least 8 free addresses in
    /// each of its subnets to scale or replace nodes; when they run out, scaling fails and the
    /// load balancer degrades under load. A nearly full subnet also blocks new instances,
    /// RDS fail-overs (which need a free address) and NAT gateway addresses.
    ///
    /// ## Example
    /// ```yaml
    /// subnets:
    ///   lb-a: { cidr: 10.0.0.0/28, az: eu-west-1a }   # 11 usable
    /// load_balancers:
    ///   web: { type: application, scheme: internal, subnets: [lb-a, lb-b] }
    /// instances:
    ///   a1: { subnet: lb-a }
    ///   a2: { subnet: lb-a }
    ///   a3: { subnet: lb-a }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// subnets:
    ///   lb-a: { cidr: 10.0.0.0/27, az: eu-west-1a }   # 27 usable
    /// ```
    ///
    /// ## Known limits
    /// Interfaces created outside the design (Lambda, EKS pods, ECS tasks) are not counted.
    ///
    /// ## References
    /// - docs/semantics.md §1.10, §7.2, §12.20
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
    pub(crate) struct SubnetNearCapacity {
        code: "CIDR003",
        name: "subnet-near-capacity",
        severity: Warning,
        category: Cidr,
        summary: "subnet's interfaces and load-balancer headroom nearly fill its usable addresses",
    }
}

/// Free addresses an ALB or NLB node needs in its subnet (§7.2).
const LB_FREE_ADDRESSES: u64 = 8;

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let meta = &SubnetNearCapacity::META;
    for (index, subnet) in model.subnets.iter().enumerate() {
        let usable = addressing::usable_count(subnet.cidr.prefix_len());
        let enis = subnet.enis.len() as u64;
        let lb_nodes = subnet
            .enis
            .iter()
            .filter(|eni| {
                matches!(model.eni(**eni).owner, EniOwner::LoadBalancer(lb)
                    if matches!(model.load_balancer(lb).kind, LbKind::Application | LbKind::Network))
            })
            .count() as u64;
        // Each node already holds one address; it needs 8 free on top.
        let needed = enis + lb_nodes * LB_FREE_ADDRESSES;
        let headroom = (usable / 10).max(1);
        if needed + headroom > usable && enis <= usable {
            let mut diagnostic = ctx
                .report(
                    meta,
                    subnet.cidr_span,
                    format!(
                        "subnet `{}` ({}) needs {needed} of its {usable} usable addresses",
                        subnet.name, subnet.cidr
                    ),
                )
                .with_label(format!(
                    "{usable} usable (2^{} − 5)",
                    32 - subnet.cidr.prefix_len()
                ))
                .with_resource(address::subnet(model, SubnetId::from_index(index)))
                .with_note(format!("{enis} network interface(s)"));
            if lb_nodes > 0 {
                diagnostic = diagnostic.with_note(format!(
                    "{lb_nodes} load-balancer node(s), each needing {LB_FREE_ADDRESSES} free addresses to scale (§7.2)"
                ));
            }
            out.push(
                diagnostic.with_help("use a larger block (one prefix length shorter doubles it)"),
            );
        }
    }
}
