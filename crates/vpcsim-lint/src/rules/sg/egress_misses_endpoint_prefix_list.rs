//! SG005: restricted SG egress that does not allow a gateway endpoint's prefix list (§9.6, §12.25).

use vpcsim_model::{Diagnostic, EndpointKind, Protocol, SgId, SgPeer};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// For each gateway endpoint, flags security groups whose members sit in subnets routed to
    /// the endpoint, whose outbound rules are restricted, and that allow neither HTTPS to the
    /// endpoint's prefix list nor HTTPS to `0.0.0.0/0`.
    ///
    /// ## Why is this bad?
    /// The route sends S3 or DynamoDB traffic to the endpoint, but the SG still has to let it
    /// out. Its destinations are the service's public ranges, which a narrow egress list
    /// (say, only the VPC CIDR) does not cover, so calls to the service time out.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   app: { egress: [ { proto: tcp, ports: 5432, to: 10.0.0.0/16 } ] }
    /// endpoints:
    ///   s3: { type: gateway, service: s3, route_tables: [private] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   app:
    ///     egress:
    ///       - { proto: tcp, ports: 5432, to: 10.0.0.0/16 }
    ///       - { proto: tcp, ports: 443, to: pl:com.amazonaws.eu-west-1.s3 }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §9.6, §12.25
    /// - https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
    pub(crate) struct EgressMissesEndpointPrefixList {
        code: "SG005",
        name: "egress-misses-endpoint-prefix-list",
        severity: Warning,
        category: Sg,
        summary: "restricted SG egress does not allow the gateway endpoint's prefix list",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for endpoint in &model.endpoints {
        let (EndpointKind::Gateway, Some(list)) = (endpoint.kind, endpoint.prefix_list) else {
            continue;
        };
        for (index, group) in model.security_groups.iter().enumerate() {
            if group.vpc != endpoint.vpc || group.egress.is_empty() {
                continue;
            }
            let routed = group.members.iter().any(|eni| {
                let table = model.subnet(model.eni(*eni).subnet).route_table;
                endpoint.route_tables.contains(&table)
            });
            if !routed {
                continue;
            }
            let allowed = group.egress.iter().any(|rule| {
                rule.protocol.matches(Protocol::TCP)
                    && (!rule.protocol.has_ports() || rule.ports.contains(443))
                    && match &rule.peer {
                        SgPeer::PrefixList(p) => *p == list,
                        SgPeer::Cidr(net) => net.prefix_len() == 0,
                        SgPeer::Group(_) => false,
                    }
            });
            if allowed {
                continue;
            }
            out.push(
                ctx.report(
                    &EgressMissesEndpointPrefixList::META,
                    group.span,
                    format!(
                        "security group `{}` restricts outbound traffic and does not allow HTTPS to `{}`: its members cannot reach {} through endpoint `{}`",
                        group.name,
                        model.prefix_list(list).name,
                        endpoint.service,
                        endpoint.name
                    ),
                )
                .with_related(endpoint.span, "gateway endpoint declared here")
                .with_resource(address::sg(model, SgId::from_index(index)))
                .with_help(format!("add `{{ proto: tcp, ports: 443, to: pl:{} }}` to its egress", model.prefix_list(list).name)),
            );
        }
    }
}
