//! RT010: a route table without the gateway endpoint's prefix-list route, for subnets that have
//! no other way to the service (§9.6, §12.25).

use vpcsim_model::{Diagnostic, EndpointKind, EniOwner};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::INTERNET_ADDRESS;

declare_rule! {
    /// ## What it does
    /// For each gateway endpoint (S3, DynamoDB), flags route tables of the same VPC that
    /// serve subnets with instances, lack the endpoint's prefix-list route, and have no
    /// internet route either.
    ///
    /// ## Why is this bad?
    /// A gateway endpoint works only from subnets whose route table carries its
    /// `pl-… -> vpce-…` route. Subnets on another table with no NAT or internet route cannot
    /// reach the service at all: S3 uploads and DynamoDB calls time out.
    ///
    /// ## Example
    /// ```yaml
    /// route_tables:
    ///   private: { routes: [] }
    ///   data: { routes: [] }
    /// endpoints:
    ///   s3: { type: gateway, service: s3, route_tables: [private] }   # `data` forgotten
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// endpoints:
    ///   s3: { type: gateway, service: s3, route_tables: [private, data] }
    /// ```
    ///
    /// ## Known limits
    /// Tables with an internet route are not flagged: their traffic reaches the service over
    /// the NAT or internet gateway (working, but billed per GB through a NAT gateway).
    ///
    /// ## References
    /// - docs/semantics.md §9.6, §12.25
    /// - https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
    pub(crate) struct MissingGatewayEndpointRoute {
        code: "RT010",
        name: "missing-gateway-endpoint-route",
        severity: Warning,
        category: Route,
        summary: "route table lacks the gateway endpoint route and has no other way to the service",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for endpoint in &model.endpoints {
        if endpoint.kind != EndpointKind::Gateway {
            continue;
        }
        for table_id in &model.vpc(endpoint.vpc).route_tables {
            if endpoint.route_tables.contains(table_id) {
                continue;
            }
            let table = model.route_table(*table_id);
            let has_instances = table.subnets.iter().any(|subnet| {
                model.subnet(*subnet).enis.iter().any(|eni| {
                    matches!(
                        model.eni(*eni).owner,
                        EniOwner::Instance(_) | EniOwner::Standalone
                    )
                })
            });
            if !has_instances
                || ctx
                    .engine()
                    .route_for(*table_id, INTERNET_ADDRESS)
                    .is_some()
            {
                continue;
            }
            out.push(
                ctx.report(
                    &MissingGatewayEndpointRoute::META,
                    table.span,
                    format!(
                        "route table `{}` has no route to gateway endpoint `{}` ({}) and no internet route: its subnets cannot reach {}",
                        table.name, endpoint.name, endpoint.service, endpoint.service
                    ),
                )
                .with_related(endpoint.span, "endpoint declared here")
                .with_resource(address::route_table(model, *table_id))
                .with_help(format!("add `{}` to the endpoint's `route_tables`", table.name)),
            );
        }
    }
}
