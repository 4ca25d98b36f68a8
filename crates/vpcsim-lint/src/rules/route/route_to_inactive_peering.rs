//! RT002: a route to a peering connection that is not active (§2.9, §9.1, §12.21).

use vpcsim_model::{Diagnostic, RouteTarget};

use crate::address;
use crate::context::LintContext;
use vpcsim_reach::view::route_destination_text;

use crate::paths::tables;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags routes whose target is a VPC peering connection whose status is not `active`
    /// (`pending-acceptance`, `rejected`, `expired`, `failed`, `deleted`, …).
    ///
    /// ## Why is this bad?
    /// Traffic crosses a peering only while it is active; until then the route is a
    /// blackhole and matching traffic is dropped (not sent to a shorter route).
    /// A request left pending expires after 7 days.
    ///
    /// ## Example
    /// ```yaml
    /// peerings:
    ///   a-b: { requester: a, accepter: b, status: pending-acceptance }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// peerings:
    ///   a-b: { requester: a, accepter: b }   # accepted: status active
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §2.9, §9.1, §12.21
    /// - https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
    pub(crate) struct RouteToInactivePeering {
        code: "RT002",
        name: "route-to-inactive-peering",
        severity: Warning,
        category: Route,
        summary: "route targets a peering connection that is not active",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (id, table) in tables(model) {
        for route in &table.routes {
            let RouteTarget::Peering(peering_id) = route.target else {
                continue;
            };
            let peering = model.peering(peering_id);
            if peering.is_active {
                continue;
            }
            out.push(
                ctx.report(
                    &RouteToInactivePeering::META,
                    route.span,
                    format!(
                        "route to {} uses peering `{}`, whose status is `{}`: traffic is dropped until it is active",
                        route_destination_text(model, route.destination),
                        peering.name,
                        peering.status
                    ),
                )
                .with_related(peering.span, "peering declared here")
                .with_resource(address::route_table(model, id))
                .with_help("accept the peering request (status active) or remove the route"),
            );
        }
    }
}
