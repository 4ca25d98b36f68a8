//! LB002: an internet-facing load balancer in a subnet without a route to an internet gateway
//! (§7.3, §12.14).

use vpcsim_model::{Diagnostic, LbId, LbScheme, RouteTarget};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags internet-facing load balancers with a subnet whose route table does not send
    /// internet traffic to an internet gateway.
    ///
    /// ## Why is this bad?
    /// An internet-facing load balancer's nodes get public addresses, which work only through
    /// the internet gateway. A node in a private subnet cannot receive internet clients or
    /// answer them, so the clients DNS sends to that AZ's node time out.
    ///
    /// ## Example
    /// ```yaml
    /// load_balancers:
    ///   web: { type: application, scheme: internet-facing, subnets: [private-a, private-c] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// load_balancers:
    ///   web: { type: application, scheme: internet-facing, subnets: [public-a, public-c] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.3, §12.14
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
    pub(crate) struct InternetFacingLbInPrivateSubnet {
        code: "LB002",
        name: "internet-facing-lb-in-private-subnet",
        severity: Error,
        category: Lb,
        summary: "internet-facing load balancer has a subnet with no route to an internet gateway",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, lb) in model.load_balancers.iter().enumerate() {
        if lb.scheme != LbScheme::InternetFacing {
            continue;
        }
        for subnet_id in &lb.subnets {
            if matches!(
                ctx.engine().internet_route(*subnet_id),
                Some(RouteTarget::InternetGateway(_))
            ) {
                continue;
            }
            let subnet = model.subnet(*subnet_id);
            out.push(
                ctx.report(
                    &InternetFacingLbInPrivateSubnet::META,
                    lb.span,
                    format!(
                        "internet-facing load balancer `{}` uses subnet `{}`, which has no route to an internet gateway",
                        lb.name, subnet.name
                    ),
                )
                .with_related(subnet.span, "private subnet declared here")
                .with_resource(address::lb(model, LbId::from_index(index)))
                .with_note(format!("clients sent to the node in {} cannot reach it (§7.3)", subnet.az))
                .with_help("use public subnets (0.0.0.0/0 -> internet gateway), or make the load balancer internal"),
            );
        }
    }
}
