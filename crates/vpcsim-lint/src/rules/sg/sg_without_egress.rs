//! SG002: a security group with no outbound rules (§5.8, §12.11).

use vpcsim_model::{Diagnostic, SgId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags security groups whose outbound rule list is empty (`egress: []`).
    ///
    /// ## Why is this bad?
    /// An SG with no outbound rules lets its members start no connection at all: no DNS-less
    /// API calls, no package installs, no database connections, and for a load balancer no
    /// traffic to targets or health checks. Replies to inbound connections still pass
    /// (SGs are stateful), which hides the problem until the member tries to call out.
    /// A new SG has one outbound rule allowing everything; removing it is rarely intended.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   app: { ingress: [ { proto: tcp, ports: 8080, from: sg:alb } ], egress: [] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   app:
    ///     ingress: [ { proto: tcp, ports: 8080, from: sg:alb } ]
    ///     egress: [ { proto: tcp, ports: 443, to: 0.0.0.0/0 } ]
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §5.8, §12.11
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    pub(crate) struct SgWithoutEgress {
        code: "SG002",
        name: "sg-without-egress",
        severity: Warning,
        category: Sg,
        summary: "security group has no outbound rules, so members cannot open connections",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, group) in model.security_groups.iter().enumerate() {
        if !group.declared || !group.egress.is_empty() {
            continue;
        }
        out.push(
            ctx.report(
                &SgWithoutEgress::META,
                group.span,
                format!("security group `{}` has no outbound rules: its members cannot open any connection", group.name),
            )
            .with_resource(address::sg(model, SgId::from_index(index)))
            .with_note("replies to inbound connections still pass, because SGs are stateful (§5.1)")
            .with_help("allow the outbound traffic the members need (a new SG allows all outbound)"),
        );
    }
}
