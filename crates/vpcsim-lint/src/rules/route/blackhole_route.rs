//! RT001: a route whose target is gone, so matching traffic is dropped (§2.9, §12.21).

use vpcsim_model::{Diagnostic, RouteTarget};

use crate::address;
use crate::context::LintContext;
use vpcsim_reach::view::route_destination_text;

use crate::paths::tables;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags routes in state `blackhole` (written `via: blackhole`, or imported from AWS with
    /// that state) in route tables that subnets use.
    ///
    /// ## Why is this bad?
    /// Traffic matching a blackhole route is dropped. The router does not fall back to a
    /// shorter prefix, so a blackholed `10.1.0.0/16` cuts that range off even when
    /// `0.0.0.0/0` would have carried it. Blackholes are left behind when a NAT gateway,
    /// peering, interface or gateway is deleted.
    ///
    /// ## Example
    /// ```yaml
    /// route_tables:
    ///   private:
    ///     routes: [ { to: 0.0.0.0/0, via: blackhole } ]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// route_tables:
    ///   private:
    ///     routes: [ { to: 0.0.0.0/0, via: nat-a } ]
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §2.9, §12.21
    /// - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
    pub(crate) struct BlackholeRoute {
        code: "RT001",
        name: "blackhole-route",
        severity: Warning,
        category: Route,
        summary: "route points at a deleted target and drops matching traffic",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (id, table) in tables(model) {
        for route in &table.routes {
            if route.target != RouteTarget::Blackhole {
                continue;
            }
            out.push(
                ctx.report(
                    &BlackholeRoute::META,
                    route.span,
                    format!(
                        "route to {} in table `{}` is a blackhole: matching traffic is dropped",
                        route_destination_text(model, route.destination),
                        table.name
                    ),
                )
                .with_resource(address::route_table(model, id))
                .with_note("the router does not fall back to a shorter prefix (§2.9)")
                .with_help("point the route at a live target or delete it"),
            );
        }
    }
}
