//! NACL001: a custom network ACL with no rules in a direction, associated with subnets
//! (§6.5, §12.9).

use vpcsim_model::{Diagnostic, NaclId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags custom network ACLs associated with subnets whose inbound or outbound list has no
    /// rule besides the implicit final `*` deny.
    ///
    /// ## Why is this bad?
    /// A new custom NACL denies everything in both directions. NACLs are stateless, so an
    /// empty list in either direction cuts every connection of the associated subnets —
    /// requests one way, replies the other.
    ///
    /// ## Example
    /// ```yaml
    /// network_acls:
    ///   private-acl: { subnets: [private-a] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// network_acls:
    ///   private-acl:
    ///     subnets: [private-a]
    ///     ingress: [ { rule: 100, action: allow, proto: all, cidr: 10.0.0.0/16 } ]
    ///     egress:  [ { rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0 } ]
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §6.1, §6.5, §12.9
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    pub(crate) struct EmptyCustomNacl {
        code: "NACL001",
        name: "empty-custom-nacl",
        severity: Error,
        category: Nacl,
        summary: "custom network ACL has no rules in a direction and denies all traffic",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, acl) in model.network_acls.iter().enumerate() {
        if acl.is_default || !acl.declared || acl.subnets.is_empty() {
            continue;
        }
        let empty_in = acl.ingress.iter().all(|e| e.number.is_none());
        let empty_out = acl.egress.iter().all(|e| e.number.is_none());
        let which = match (empty_in, empty_out) {
            (true, true) => "inbound and outbound",
            (true, false) => "inbound",
            (false, true) => "outbound",
            (false, false) => continue,
        };
        let subnets: Vec<&str> = acl
            .subnets
            .iter()
            .map(|s| model.subnet(*s).name.as_str())
            .collect();
        out.push(
            ctx.report(
                &EmptyCustomNacl::META,
                acl.span,
                format!(
                    "network ACL `{}` has no {which} rules: it denies all traffic of subnet(s) `{}`",
                    acl.name,
                    subnets.join("`, `")
                ),
            )
            .with_resource(address::nacl(model, NaclId::from_index(index)))
            .with_note("NACLs are stateless: replies need rules in the other direction too (§6.9)")
            .with_help("add allow rules for the traffic the subnets carry, including reply ports 1024-65535"),
        );
    }
}
