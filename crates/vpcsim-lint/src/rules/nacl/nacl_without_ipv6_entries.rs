//! NACL006: a custom network ACL without IPv6 entries on a dual-stack subnet (§6.4, §16.3).

use ipnet::IpNet;
use vpcsim_model::{Diagnostic, NaclId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags custom network ACLs associated with a subnet that has an IPv6 block, when a
    /// direction has no IPv6 entry at all.
    ///
    /// ## Why is this bad?
    /// IPv4 entries never match IPv6 packets. The default NACL of an IPv6 VPC carries its own
    /// `::/0` allow entries (rule 101); a custom one has only what is written, so every IPv6
    /// packet falls to the final `*` deny — usually unnoticed until a dual-stack client fails.
    ///
    /// ## Example
    /// ```yaml
    /// network_acls:
    ///   web: { subnets: [public-a], ingress: [ { rule: 100, action: allow, proto: tcp, ports: 443, cidr: 0.0.0.0/0 } ], egress: [ ... ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    ///     ingress:
    ///       - { rule: 100, action: allow, proto: tcp, ports: 443, cidr: 0.0.0.0/0 }
    ///       - { rule: 101, action: allow, proto: tcp, ports: 443, cidr: "::/0" }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §6.4, §16.3
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    pub(crate) struct NaclWithoutIpv6Entries {
        code: "NACL006",
        name: "nacl-without-ipv6-entries",
        severity: Warning,
        category: Nacl,
        summary: "custom network ACL on a dual-stack subnet has no IPv6 entries, so IPv6 is denied",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, acl) in model.network_acls.iter().enumerate() {
        if acl.is_default || !acl.declared {
            continue;
        }
        let dual: Vec<&str> = acl
            .subnets
            .iter()
            .map(|s| model.subnet(*s))
            .filter(|s| s.ipv6_cidr.is_some())
            .map(|s| s.name.as_str())
            .collect();
        if dual.is_empty() {
            continue;
        }
        let has_v6 = |entries: &[vpcsim_model::NaclEntry]| {
            entries
                .iter()
                .any(|e| e.number.is_some() && matches!(e.cidr, IpNet::V6(_)))
        };
        let which = match (has_v6(&acl.ingress), has_v6(&acl.egress)) {
            (true, true) => continue,
            (false, false) => "inbound or outbound",
            (false, true) => "inbound",
            (true, false) => "outbound",
        };
        out.push(
            ctx.report(
                &NaclWithoutIpv6Entries::META,
                acl.span,
                format!(
                    "network ACL `{}` has no {which} IPv6 entry: every IPv6 packet of dual-stack subnet(s) `{}` is denied there",
                    acl.name,
                    dual.join("`, `")
                ),
            )
            .with_resource(address::nacl(model, NaclId::from_index(index)))
            .with_note("IPv4 entries never match IPv6; a custom NACL has no default IPv6 entries (§16.3)")
            .with_help("add the IPv6 entries the subnets need (the same ports with `::/0` or your IPv6 ranges)"),
        );
    }
}
