//! RT007: subnets routed to a NAT gateway in another Availability Zone (§4.4, §12.6).

use vpcsim_model::{Diagnostic, RouteTarget};

use crate::address;
use crate::context::LintContext;
use crate::paths::tables;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags routes to a NAT gateway used by subnets in a different Availability Zone from
    /// the NAT gateway.
    ///
    /// ## Why is this bad?
    /// A NAT gateway lives in one AZ. If that AZ fails, subnets in other AZs routed to it
    /// lose internet egress although their own AZ is healthy, and every packet crossing
    /// AZs is billed as inter-AZ traffic on top of the NAT charge. AWS recommends one NAT
    /// gateway per AZ with each AZ's private table pointing at its local one.
    ///
    /// ## Example
    /// ```yaml
    /// subnets:
    ///   private-a: { cidr: 10.0.10.0/24, az: eu-west-1a, route_table: private }
    ///   private-b: { cidr: 10.0.11.0/24, az: eu-west-1b, route_table: private }
    /// nat_gateways:
    ///   nat-a: { subnet: public-a }
    /// route_tables:
    ///   private: { routes: [ { to: 0.0.0.0/0, via: nat-a } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// subnets:
    ///   private-a: { cidr: 10.0.10.0/24, az: eu-west-1a, route_table: private-a }
    ///   private-b: { cidr: 10.0.11.0/24, az: eu-west-1b, route_table: private-b }
    /// nat_gateways:
    ///   nat-a: { subnet: public-a }
    ///   nat-b: { subnet: public-b }
    /// route_tables:
    ///   private-a: { routes: [ { to: 0.0.0.0/0, via: nat-a } ] }
    ///   private-b: { routes: [ { to: 0.0.0.0/0, via: nat-b } ] }
    /// ```
    ///
    /// ## Known limits
    /// A single NAT gateway for cost reasons is a legitimate choice for development
    /// environments; ignore the rule there (`--ignore RT007`).
    ///
    /// ## References
    /// - docs/semantics.md §4.4, §12.6
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
    pub(crate) struct CrossAzNatRoute {
        code: "RT007",
        name: "cross-az-nat-route",
        severity: Warning,
        category: Route,
        summary: "subnets routed to a NAT gateway in another Availability Zone",
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
            let nat_az = &model.subnet(nat.subnet).az;
            let others: Vec<String> = table
                .subnets
                .iter()
                .map(|subnet| model.subnet(*subnet))
                .filter(|subnet| &subnet.az != nat_az)
                .map(|subnet| format!("`{}` ({})", subnet.name, subnet.az))
                .collect();
            if others.is_empty() {
                continue;
            }
            out.push(
                ctx.report(
                    &CrossAzNatRoute::META,
                    route.span,
                    format!(
                        "subnet(s) {} reach the internet through NAT gateway `{}` in {nat_az}",
                        others.join(", "),
                        nat.name
                    ),
                )
                .with_resource(address::route_table(model, id))
                .with_note(
                    "if that AZ fails they lose egress, and cross-AZ traffic is billed (§4.4)",
                )
                .with_help("add a NAT gateway per AZ and give each AZ its own private route table"),
            );
        }
    }
}
