//! RT009: an active peering routed from one side only (§9.1, §12.18).

use vpcsim_model::{Diagnostic, PeeringId, RouteTarget, VpcId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags active VPC peerings where route tables of one VPC send traffic to the peering
    /// but no route table of the other VPC routes back through it.
    ///
    /// ## Why is this bad?
    /// Peering traffic needs routes on both sides. With a route on one side only, requests
    /// arrive but replies follow the other VPC's default route (to a NAT or internet gateway,
    /// or nowhere) and never come back, so connections hang in both directions.
    ///
    /// ## Example
    /// ```yaml
    /// vpcs:
    ///   a: { route_tables: { main: { main: true, routes: [ { to: 10.1.0.0/16, via: a-b } ] } } }
    ///   b: { }                     # no route to 10.0.0.0/16 via a-b
    /// peerings:
    ///   a-b: { requester: a, accepter: b }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// vpcs:
    ///   b: { route_tables: { main: { main: true, routes: [ { to: 10.0.0.0/16, via: a-b } ] } } }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §9.1, §12.18
    /// - https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
    pub(crate) struct OneSidedPeeringRoutes {
        code: "RT009",
        name: "one-sided-peering-routes",
        severity: Warning,
        category: Route,
        summary: "peering has routes on one side only, so replies never return",
    }
}

fn routes_through(ctx: &LintContext<'_>, vpc: VpcId, peering: PeeringId) -> bool {
    ctx.model.vpc(vpc).route_tables.iter().any(|table| {
        let table = ctx.model.route_table(*table);
        !table.subnets.is_empty()
            && table
                .routes
                .iter()
                .any(|route| route.target == RouteTarget::Peering(peering))
    })
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, peering) in model.peerings.iter().enumerate() {
        if !peering.is_active {
            continue;
        }
        let id = PeeringId::from_index(index);
        let requester = routes_through(ctx, peering.requester, id);
        let accepter = routes_through(ctx, peering.accepter, id);
        let (with, without) = match (requester, accepter) {
            (true, false) => (peering.requester, peering.accepter),
            (false, true) => (peering.accepter, peering.requester),
            _ => continue,
        };
        out.push(
            ctx.report(
                &OneSidedPeeringRoutes::META,
                peering.span,
                format!(
                    "peering `{}` is routed from VPC `{}` but no route table of VPC `{}` routes back through it",
                    peering.name,
                    model.vpc(with).name,
                    model.vpc(without).name
                ),
            )
            .with_resource(address::peering(model, index))
            .with_note("replies follow the other VPC's own routes and never return (§9.1)")
            .with_help(format!(
                "add a route to {} via `{}` in the route tables of `{}`'s subnets",
                model
                    .vpc(with)
                    .cidrs
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                peering.name,
                model.vpc(without).name
            )),
        );
    }
}
