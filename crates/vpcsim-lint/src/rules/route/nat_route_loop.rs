//! RT006: a NAT gateway's own subnet routes internet traffic to a NAT gateway (§4.7, §12.5).

use vpcsim_model::{Diagnostic, NatId, RouteTarget};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::INTERNET_ADDRESS;

declare_rule! {
    /// ## What it does
    /// Flags NAT gateways whose own subnet sends internet traffic to a NAT gateway — itself
    /// or another one — instead of an internet gateway.
    ///
    /// ## Why is this bad?
    /// The NAT gateway forwards by its subnet's route table. Routing that table to a NAT
    /// gateway makes a loop with no exit: packets bounce between NAT gateways until they are
    /// dropped, and nothing behind them reaches the internet. It usually happens when the
    /// NAT gateway is put in a private subnet that shares the private route table.
    ///
    /// ## Example
    /// ```yaml
    /// subnets:
    ///   private-a: { cidr: 10.0.1.0/24, az: eu-west-1a, route_table: private }
    /// nat_gateways:
    ///   nat-a: { subnet: private-a }
    /// route_tables:
    ///   private: { routes: [ { to: 0.0.0.0/0, via: nat-a } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// nat_gateways:
    ///   nat-a: { subnet: public-a }   # public-a routes 0.0.0.0/0 -> igw
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §4.7, §12.5
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
    pub(crate) struct NatRouteLoop {
        code: "RT006",
        name: "nat-route-loop",
        severity: Error,
        category: Route,
        summary: "NAT gateway's subnet routes internet traffic to a NAT gateway (a loop)",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, nat) in model.nat_gateways.iter().enumerate() {
        let subnet = model.subnet(nat.subnet);
        let Some((route_index, RouteTarget::NatGateway(next))) =
            ctx.engine().route_for(subnet.route_table, INTERNET_ADDRESS)
        else {
            continue;
        };
        let route = &model.route_table(subnet.route_table).routes[route_index as usize];
        let next_name = &model.nat_gateway(next).name;
        let what = if next.index() == index {
            "itself".to_owned()
        } else {
            format!("NAT gateway `{next_name}`")
        };
        out.push(
            ctx.report(
                &NatRouteLoop::META,
                route.span,
                format!(
                    "NAT gateway `{}` sits in subnet `{}`, whose table sends internet traffic to {what}: a loop with no exit",
                    nat.name, subnet.name
                ),
            )
            .with_related(nat.span, "NAT gateway declared here")
            .with_resource(address::nat(model, NatId::from_index(index)))
            .with_help("put NAT gateways in a public subnet whose table routes 0.0.0.0/0 to the internet gateway"),
        );
    }
}
