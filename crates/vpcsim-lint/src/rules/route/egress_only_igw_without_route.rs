//! RT014: an egress-only internet gateway that no route table uses (§16.2).

use vpcsim_model::{Diagnostic, RouteTarget, VpcId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags VPCs with an egress-only internet gateway that no route of any of their route
    /// tables points at.
    ///
    /// ## Why is this bad?
    /// The gateway does nothing without a route: IPv6 instances in private subnets meant to
    /// reach the internet through it (package updates, APIs) get no route and fail, or use
    /// another route the design did not intend.
    ///
    /// ## Example
    /// ```yaml
    /// egress_only_internet_gateway: eigw
    /// route_tables:
    ///   private: { routes: [ { to: 0.0.0.0/0, via: nat } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// route_tables:
    ///   private: { routes: [ { to: 0.0.0.0/0, via: nat }, { to: "::/0", via: eigw } ] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §16.2
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
    pub(crate) struct EgressOnlyIgwWithoutRoute {
        code: "RT014",
        name: "egress-only-igw-without-route",
        severity: Warning,
        category: Route,
        summary: "egress-only internet gateway has no route pointing at it",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, vpc) in model.vpcs.iter().enumerate() {
        let Some(name) = &vpc.egress_only_igw else {
            continue;
        };
        let used = vpc.route_tables.iter().any(|table| {
            model
                .route_table(*table)
                .routes
                .iter()
                .any(|route| route.target == RouteTarget::EgressOnlyIgw)
        });
        if used {
            continue;
        }
        out.push(
            ctx.report(
                &EgressOnlyIgwWithoutRoute::META,
                vpc.span,
                format!("egress-only internet gateway `{name}` of VPC `{}` has no route pointing at it", vpc.name),
            )
            .with_resource(address::vpc(model, VpcId::from_index(index)))
            .with_help("add `{ to: \"::/0\", via: <gateway> }` to the route tables of the private subnets with IPv6"),
        );
    }
}
