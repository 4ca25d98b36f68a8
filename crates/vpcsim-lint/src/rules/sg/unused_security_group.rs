//! SG004: a declared security group attached to nothing (docs/semantics.md §5.2).

use vpcsim_model::{Diagnostic, SgId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags declared security groups (other than `default`) that no instance, interface,
    /// load balancer, database, cache or endpoint carries.
    ///
    /// ## Why is this bad?
    /// An unattached group filters nothing. Often a resource was meant to carry it and fell
    /// back to the VPC's `default` group instead, which admits all traffic from its other
    /// members; rules referencing the unused group (`sg:NAME`) match nobody.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   web: { ingress: [ { proto: tcp, ports: 443, from: 0.0.0.0/0 } ] }
    /// instances:
    ///   web: { subnet: public-a }            # carries `default`, not `web`
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// instances:
    ///   web: { subnet: public-a, security_groups: [web] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §5.2, §5.7
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/security-groups.html
    pub(crate) struct UnusedSecurityGroup {
        code: "SG004",
        name: "unused-security-group",
        severity: Warning,
        category: Sg,
        summary: "security group is attached to no resource",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, group) in model.security_groups.iter().enumerate() {
        if !group.declared || group.is_default || !group.members.is_empty() {
            continue;
        }
        out.push(
            ctx.report(
                &UnusedSecurityGroup::META,
                group.span,
                format!("security group `{}` is attached to no resource", group.name),
            )
            .with_resource(address::sg(model, SgId::from_index(index)))
            .with_help("attach it (`security_groups:` on the resource) or delete it"),
        );
    }
}
