//! LB001: an application load balancer in a subnet smaller than /27 (§7.2, §12.14).

use vpcsim_model::{Diagnostic, LbId, LbKind};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags application load balancers with a subnet smaller than /27.
    ///
    /// ## Why is this bad?
    /// AWS asks for subnets of at least /27 with at least 8 free addresses for an ALB. The ALB
    /// adds nodes as load grows (up to about 100 addresses across its subnets); in a small
    /// subnet it cannot scale or replace nodes, and requests fail under load.
    ///
    /// ## Example
    /// ```yaml
    /// subnets:
    ///   public-a: { cidr: 10.0.0.0/28, az: eu-west-1a, route_table: public }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// subnets:
    ///   public-a: { cidr: 10.0.0.0/27, az: eu-west-1a, route_table: public }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.2, §12.14
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer
    pub(crate) struct AlbSubnetTooSmall {
        code: "LB001",
        name: "alb-subnet-too-small",
        severity: Warning,
        category: Lb,
        summary: "application load balancer subnet is smaller than /27",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, lb) in model.load_balancers.iter().enumerate() {
        if lb.kind != LbKind::Application {
            continue;
        }
        for subnet_id in &lb.subnets {
            let subnet = model.subnet(*subnet_id);
            if subnet.cidr.prefix_len() <= 27 {
                continue;
            }
            out.push(
                ctx.report(
                    &AlbSubnetTooSmall::META,
                    subnet.cidr_span,
                    format!(
                        "subnet `{}` ({}) of load balancer `{}` is smaller than the /27 AWS requires for an ALB",
                        subnet.name, subnet.cidr, lb.name
                    ),
                )
                .with_related(lb.span, "load balancer declared here")
                .with_resource(address::lb(model, LbId::from_index(index)))
                .with_help("give the load balancer subnets of /27 or larger"),
            );
        }
    }
}
