//! NACL002: a deny entry that an earlier allow entry fully covers (§6.1, §12.10).

use vpcsim_model::{Diagnostic, NaclAction, NaclId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::Flow;
use vpcsim_reach::network_acl::entry_shadows;
use vpcsim_reach::view::nacl_entry_text;

declare_rule! {
    /// ## What it does
    /// Flags NACL deny entries for which an entry with a lower rule number allows every
    /// packet the deny would match.
    ///
    /// ## Why is this bad?
    /// NACL entries are evaluated in ascending rule number and the first match decides. A
    /// deny numbered after a broader allow never takes effect: the traffic it was written to
    /// block (a known-bad range, an admin port) passes.
    ///
    /// ## Example
    /// ```yaml
    /// ingress:
    ///   - { rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0 }
    ///   - { rule: 200, action: deny, proto: tcp, ports: 22, cidr: 0.0.0.0/0 }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ingress:
    ///   - { rule: 50, action: deny, proto: tcp, ports: 22, cidr: 0.0.0.0/0 }
    ///   - { rule: 100, action: allow, proto: all, cidr: 0.0.0.0/0 }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §6.1, §12.10
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    pub(crate) struct ShadowedNaclDeny {
        code: "NACL002",
        name: "shadowed-nacl-deny",
        severity: Warning,
        category: Nacl,
        summary: "deny entry never applies because an earlier allow matches all of its traffic",
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
                if entry.number.is_none() || entry.action != NaclAction::Deny {
                    continue;
                }
                let Some(shadow) = entries[..position].iter().find(|earlier| {
                    earlier.action == NaclAction::Allow && entry_shadows(earlier, entry)
                }) else {
                    continue;
                };
                out.push(
                    ctx.report(
                        &ShadowedNaclDeny::META,
                        entry.span,
                        format!(
                            "{direction} entry `{}` of `{}` never applies: entry `{}` matches all of its traffic first",
                            nacl_entry_text(entry, flow),
                            acl.name,
                            nacl_entry_text(shadow, flow)
                        ),
                    )
                    .with_related(shadow.span, "this earlier allow wins")
                    .with_resource(address::nacl(model, NaclId::from_index(index)))
                    .with_help("give the deny a lower rule number than the allow"),
                );
            }
        }
    }
}
