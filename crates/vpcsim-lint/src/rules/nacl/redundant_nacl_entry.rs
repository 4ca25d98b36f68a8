//! NACL003: an entry an earlier entry with the same action fully covers (§6.1, §12.10).

use vpcsim_model::{Diagnostic, NaclId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::Flow;
use vpcsim_reach::network_acl::entry_shadows;
use vpcsim_reach::view::nacl_entry_text;

declare_rule! {
    /// ## What it does
    /// Flags NACL entries that can never match because an entry with a lower rule number and
    /// the same action already matches all of their traffic.
    ///
    /// ## Why is this bad?
    /// The entry has no effect, but it uses one of the 20 entries a direction holds by default
    /// and misleads readers into thinking it matters — for instance that removing the
    /// earlier, broader entry would still leave this port open.
    ///
    /// ## Example
    /// ```yaml
    /// ingress:
    ///   - { rule: 100, action: allow, proto: tcp, ports: 1024-65535, cidr: 0.0.0.0/0 }
    ///   - { rule: 110, action: allow, proto: tcp, ports: 8080, cidr: 10.0.0.0/16 }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ingress:
    ///   - { rule: 100, action: allow, proto: tcp, ports: 1024-65535, cidr: 0.0.0.0/0 }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §6.1, §6.6, §12.10
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    pub(crate) struct RedundantNaclEntry {
        code: "NACL003",
        name: "redundant-nacl-entry",
        severity: Info,
        category: Nacl,
        summary: "entry never matches because an earlier entry with the same action covers it",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, acl) in model.network_acls.iter().enumerate() {
        for (entries, direction, flow) in [
            (&acl.ingress, "inbound", Flow::Ingress),
            (&acl.egress, "outbound", Flow::Egress),
        ] {
            for (position, entry) in entries.iter().enumerate() {
                if entry.number.is_none() {
                    continue;
                }
                let Some(earlier) = entries[..position].iter().find(|earlier| {
                    earlier.action == entry.action && entry_shadows(earlier, entry)
                }) else {
                    continue;
                };
                out.push(
                    ctx.report(
                        &RedundantNaclEntry::META,
                        entry.span,
                        format!(
                            "{direction} entry `{}` of `{}` is redundant: entry `{}` already matches all of its traffic",
                            nacl_entry_text(entry, flow),
                            acl.name,
                            nacl_entry_text(earlier, flow)
                        ),
                    )
                    .with_related(earlier.span, "covered by this entry")
                    .with_resource(address::nacl(model, NaclId::from_index(index)))
                    .with_help("delete the entry"),
                );
            }
        }
    }
}
