//! NACL005: a declared network ACL associated with no subnet (§6.5, §6.6).

use vpcsim_model::{Diagnostic, NaclId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags declared custom network ACLs that have no subnet in `subnets:`.
    ///
    /// ## Why is this bad?
    /// A NACL filters only the subnets associated with it. An unassociated one protects
    /// nothing, and the subnets it was written for use the default NACL, which allows all
    /// traffic.
    ///
    /// ## Example
    /// ```yaml
    /// network_acls:
    ///   db-acl:
    ///     ingress: [ { rule: 100, action: allow, proto: tcp, ports: 5432, cidr: 10.0.0.0/16 } ]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// network_acls:
    ///   db-acl:
    ///     subnets: [db-a, db-b]
    ///     ingress: [ { rule: 100, action: allow, proto: tcp, ports: 5432, cidr: 10.0.0.0/16 } ]
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §6.4, §6.5, §6.6
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    pub(crate) struct UnusedNetworkAcl {
        code: "NACL005",
        name: "unused-network-acl",
        severity: Warning,
        category: Nacl,
        summary: "network ACL is associated with no subnet",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, acl) in model.network_acls.iter().enumerate() {
        if acl.is_default || !acl.declared || !acl.subnets.is_empty() {
            continue;
        }
        out.push(
            ctx.report(
                &UnusedNetworkAcl::META,
                acl.span,
                format!("network ACL `{}` is associated with no subnet", acl.name),
            )
            .with_resource(address::nacl(model, NaclId::from_index(index)))
            .with_note("subnets without an association use the default NACL, which allows all traffic (§6.4)")
            .with_help("list the subnets it should protect under `subnets:`, or delete it"),
        );
    }
}
