//! RT008: internet-bound routes through a private NAT gateway whose subnet uses an internet
//! gateway (§4.1, §12.7).

use vpcsim_model::{Diagnostic, NatConnectivity, RouteDestination, RouteTarget};

use crate::address;
use crate::context::LintContext;
use vpcsim_reach::INTERNET_ADDRESS;
use vpcsim_reach::view::route_destination_text;

use crate::paths::tables;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags routes that send internet traffic (a destination covering public addresses) to
    /// a NAT gateway with `connectivity: private` whose own subnet routes that traffic to an
    /// internet gateway.
    ///
    /// ## Why is this bad?
    /// A private NAT gateway has no Elastic IP. It translates to its private address, and the
    /// internet gateway drops traffic from addresses without a public mapping, so nothing
    /// behind it reaches the internet. Private NAT gateways are meant for other VPCs and
    /// on-premises networks through a transit gateway or VPN gateway.
    ///
    /// ## Example
    /// ```yaml
    /// nat_gateways:
    ///   nat-a: { subnet: public-a, connectivity: private }
    /// route_tables:
    ///   private: { routes: [ { to: 0.0.0.0/0, via: nat-a } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// nat_gateways:
    ///   nat-a: { subnet: public-a }   # public connectivity, with an Elastic IP
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §4.1, §12.7
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
    pub(crate) struct PrivateNatRoutedToIgw {
        code: "RT008",
        name: "private-nat-routed-to-igw",
        severity: Error,
        category: Route,
        summary: "internet traffic sent through a private NAT gateway, which the internet gateway drops",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (id, table) in tables(model) {
        for route in &table.routes {
            let RouteTarget::NatGateway(nat_id) = route.target else {
                continue;
            };
            let nat = model.nat_gateway(nat_id);
            if nat.connectivity != NatConnectivity::Private {
                continue;
            }
            let covers_internet = match route.destination {
                RouteDestination::Cidr(ipnet::IpNet::V4(net)) => net.contains(&INTERNET_ADDRESS),
                _ => false,
            };
            if !covers_internet
                || !matches!(
                    ctx.engine().internet_route(nat.subnet),
                    Some(RouteTarget::InternetGateway(_))
                )
            {
                continue;
            }
            out.push(
                ctx.report(
                    &PrivateNatRoutedToIgw::META,
                    route.span,
                    format!(
                        "route to {} uses private NAT gateway `{}`, whose traffic the internet gateway drops",
                        route_destination_text(model, route.destination),
                        nat.name
                    ),
                )
                .with_related(nat.span, "private NAT gateway declared here")
                .with_resource(address::route_table(model, id))
                .with_note("a private NAT gateway has no Elastic IP to translate to (§4.1)")
                .with_help("use a public NAT gateway for internet egress"),
            );
        }
    }
}
