//! LB003: an internal load balancer whose security group admits 0.0.0.0/0 (§7.9, §12.14).

use vpcsim_model::{Diagnostic, LbId, LbScheme};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::Flow;
use vpcsim_reach::security_group::is_world;
use vpcsim_reach::view::sg_rule_text;

declare_rule! {
    /// ## What it does
    /// Flags internal load balancers whose security groups admit `0.0.0.0/0` or `::/0`.
    ///
    /// ## Why is this bad?
    /// It is harmless on its own — an internal load balancer has no public address — but it
    /// says the intent was unclear: either the load balancer was meant to be internet-facing,
    /// or the rule admits every network routed into the VPC (peers, VPN, transit gateway)
    /// where the VPC CIDR or the client SG was meant.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   api-lb: { ingress: [ { proto: tcp, ports: 443, from: 0.0.0.0/0 } ] }
    /// load_balancers:
    ///   api: { type: application, scheme: internal, subnets: [a, b], security_groups: [api-lb] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   api-lb: { ingress: [ { proto: tcp, ports: 443, from: 10.0.0.0/16 } ] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.3, §7.9, §12.14
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
    pub(crate) struct InternalLbOpenToWorld {
        code: "LB003",
        name: "internal-lb-open-to-world",
        severity: Info,
        category: Lb,
        summary: "internal load balancer's security group admits 0.0.0.0/0",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, lb) in model.load_balancers.iter().enumerate() {
        if lb.scheme != LbScheme::Internal {
            continue;
        }
        for group_id in &lb.security_groups {
            let group = model.security_group(*group_id);
            for rule in group.ingress.iter().filter(|rule| is_world(&rule.peer)) {
                out.push(
                    ctx.report(
                        &InternalLbOpenToWorld::META,
                        rule.span,
                        format!(
                            "internal load balancer `{}` carries `{}`, which admits `{}`",
                            lb.name,
                            group.name,
                            sg_rule_text(model, *group_id, rule, Flow::Ingress)
                        ),
                    )
                    .with_related(lb.span, "internal load balancer declared here")
                    .with_resource(address::lb(model, LbId::from_index(index)))
                    .with_note("an internal load balancer has no public address, so the internet never reaches it (§7.3)")
                    .with_help("admit the VPC CIDR or the clients' security group instead"),
                );
            }
        }
    }
}
