//! EIP001: an Elastic IP associated with nothing (§10.2).

use vpcsim_model::Diagnostic;

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags Elastic IPs declared under `elastic_ips:` that no instance, interface or NAT
    /// gateway uses.
    ///
    /// ## Why is this bad?
    /// An idle Elastic IP is billed every hour and counts against the Region's quota of 5. It
    /// often means the association was forgotten, so the instance meant to keep a stable
    /// address gets a changing auto-assigned one (or none).
    ///
    /// ## Example
    /// ```yaml
    /// elastic_ips:
    ///   bastion-ip: {}
    /// instances:
    ///   bastion: { subnet: public-a }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// elastic_ips:
    ///   bastion-ip: {}
    /// instances:
    ///   bastion: { subnet: public-a, elastic_ip: bastion-ip }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §10.2
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-eips.html
    pub(crate) struct UnusedElasticIp {
        code: "EIP001",
        name: "unused-elastic-ip",
        severity: Warning,
        category: Eip,
        summary: "Elastic IP is associated with nothing",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, eip) in model.elastic_ips.iter().enumerate() {
        if eip.eni.is_some() {
            continue;
        }
        out.push(
            ctx.report(
                &UnusedElasticIp::META,
                eip.span,
                format!(
                    "Elastic IP `{}` is associated with nothing (and billed while idle)",
                    eip.name
                ),
            )
            .with_resource(address::elastic_ip(model, index))
            .with_help(
                "associate it (`elastic_ip: NAME` on an instance or NAT gateway) or release it",
            ),
        );
    }
}
