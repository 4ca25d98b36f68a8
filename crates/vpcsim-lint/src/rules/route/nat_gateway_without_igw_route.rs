//! RT005: a public NAT gateway whose own subnet has no route to an internet gateway (§4.7, §12.4).

use vpcsim_model::{Diagnostic, NatConnectivity, NatId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags public NAT gateways placed in a subnet whose route table does not send internet
    /// traffic (`0.0.0.0/0`) to an internet gateway.
    ///
    /// ## Why is this bad?
    /// A public NAT gateway forwards translated traffic according to its own subnet's route
    /// table. In a private subnet that traffic has nowhere to go, so every instance routed to
    /// the NAT gateway silently loses internet egress (package installs and API calls time out).
    ///
    /// ## Example
    /// ```yaml
    /// nat_gateways:
    ///   nat-a: { subnet: private-a }      # private-a routes 0.0.0.0/0 -> nat-a
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// nat_gateways:
    ///   nat-a: { subnet: public-a }       # public-a routes 0.0.0.0/0 -> igw
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §4.1, §4.7, §12.4
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
    pub(crate) struct NatGatewayWithoutIgwRoute {
        code: "RT005",
        name: "nat-gateway-without-igw-route",
        severity: Error,
        category: Route,
        summary: "public NAT gateway sits in a subnet with no route to an internet gateway",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, nat) in model.nat_gateways.iter().enumerate() {
        if nat.connectivity != NatConnectivity::Public {
            continue;
        }
        let target = ctx.engine().internet_route(nat.subnet);
        if matches!(target, Some(vpcsim_model::RouteTarget::InternetGateway(_))) {
            continue;
        }
        // A NAT gateway routed to a NAT gateway is RT006's finding.
        if matches!(target, Some(vpcsim_model::RouteTarget::NatGateway(_))) {
            continue;
        }
        let subnet = model.subnet(nat.subnet);
        out.push(
            ctx.report(
                &NatGatewayWithoutIgwRoute::META,
                nat.span,
                format!(
                    "public NAT gateway `{}` is in subnet `{}`, whose route table `{}` has no route to an internet gateway: egress through it fails",
                    nat.name,
                    subnet.name,
                    model.route_table(subnet.route_table).name
                ),
            )
            .with_related(subnet.span, "subnet declared here")
            .with_resource(address::nat(model, NatId::from_index(index)))
            .with_help("move the NAT gateway to a public subnet (0.0.0.0/0 -> internet gateway)"),
        );
    }
}
