//! RT015: a route to the VPN gateway for destinations the VPN does not cover (§15.11).

use ipnet::IpNet;
use vpcsim_model::{Diagnostic, RouteDestination, RouteTarget};

use crate::address;
use crate::context::LintContext;
use vpcsim_reach::view::route_destination_text;

use crate::paths::tables;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags routes to a VPC's virtual private gateway whose destination is not wholly covered
    /// by the VPC's `vpn_routes` (the VPN connections' static routes and the routes the customer
    /// gateway propagates), in route tables that subnets use.
    ///
    /// ## Why is this bad?
    /// The gateway forwards to the VPN only what the VPN routes cover and drops the rest
    /// (`VPN_NO_ROUTE_TO_DESTINATION` in `vpcsim reach`). A subnet route wider than the VPN
    /// (`10.0.0.0/8 -> vgw` for an office at `10.100.0.0/16`) silently black-holes the
    /// difference, typically after an on-premises range was removed from the VPN connection
    /// but not from the route tables.
    ///
    /// ## Example
    /// ```yaml
    /// vpn_gateway: vgw
    /// vpn_routes: [10.100.0.0/16]
    /// route_tables:
    ///   private: { routes: [ { to: 10.0.0.0/8, via: vgw } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// route_tables:
    ///   private: { routes: [ { to: 10.100.0.0/16, via: vgw } ] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §9.9, §15.11
    /// - https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
    pub(crate) struct VpnRouteNotCovered {
        code: "RT015",
        name: "vpn-route-not-covered",
        severity: Warning,
        category: Route,
        summary: "route to the VPN gateway covers destinations the VPN does not route",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (id, table) in tables(model) {
        let vpc = model.vpc(table.vpc);
        let Some(gateway) = &vpc.vpn_gateway else {
            continue;
        };
        for route in &table.routes {
            if route.target != RouteTarget::VpnGateway {
                continue;
            }
            let uncovered = match route.destination {
                RouteDestination::Cidr(net) => vpcsim_reach::vpn::leaves_uncovered(vpc, net),
                RouteDestination::PrefixList(list) => model
                    .prefix_list(list)
                    .cidrs
                    .iter()
                    .any(|net| vpcsim_reach::vpn::leaves_uncovered(vpc, IpNet::V4(*net))),
            };
            if !uncovered {
                continue;
            }
            out.push(
                ctx.report(
                    &VpnRouteNotCovered::META,
                    route.span,
                    format!(
                        "route to {} in table `{}` goes to VPN gateway `{gateway}`, whose VPN routes do not cover all of it: the gateway drops the rest",
                        route_destination_text(model, route.destination),
                        table.name
                    ),
                )
                .with_resource(address::route_table(model, id))
                .with_note("a VPN gateway forwards only what its VPN connections' static and propagated routes cover (§15.11)")
                .with_help("narrow the route to the on-premises ranges, or add the missing range to `vpn_routes` (a static route of the VPN connection)"),
            );
        }
    }
}
