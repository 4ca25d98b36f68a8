//! RT011: a route to an instance or interface that still has source/destination check on
//! (§4.9, §12.23).

use vpcsim_model::{Diagnostic, RouteTarget};

use crate::address;
use crate::context::LintContext;
use vpcsim_reach::view::route_destination_text;

use crate::paths::tables;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags routes whose target is an instance or network interface (a NAT instance,
    /// firewall or other appliance) with source/destination check still enabled.
    ///
    /// ## Why is this bad?
    /// With the check on, an interface drops every packet whose destination (inbound) or
    /// source (outbound) is not one of its own addresses — exactly the traffic an appliance
    /// forwards. Everything routed through it is dropped.
    ///
    /// ## Example
    /// ```yaml
    /// instances:
    ///   nat-box: { subnet: public-a, elastic_ip: true }
    /// route_tables:
    ///   private: { routes: [ { to: 0.0.0.0/0, via: nat-box } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// instances:
    ///   nat-box: { subnet: public-a, elastic_ip: true, source_dest_check: false }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §4.9, §12.23
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
    pub(crate) struct SourceDestCheckOnRouteTarget {
        code: "RT011",
        name: "source-dest-check-on-route-target",
        severity: Error,
        category: Route,
        summary: "route targets an interface whose source/destination check drops forwarded traffic",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (id, table) in tables(model) {
        for route in &table.routes {
            let RouteTarget::Eni(eni_id) = route.target else {
                continue;
            };
            let eni = model.eni(eni_id);
            if !eni.source_dest_check {
                continue;
            }
            out.push(
                ctx.report(
                    &SourceDestCheckOnRouteTarget::META,
                    route.span,
                    format!(
                        "route to {} goes through `{}`, whose source/destination check drops forwarded traffic",
                        route_destination_text(model, route.destination),
                        eni.name
                    ),
                )
                .with_related(eni.span, "declared here")
                .with_resource(address::route_table(model, id))
                .with_help(format!("set `source_dest_check: false` on `{}`", eni.name)),
            );
        }
    }
}
