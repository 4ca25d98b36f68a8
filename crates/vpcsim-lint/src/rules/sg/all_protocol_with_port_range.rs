//! SG001: a rule for every protocol written with a port range, which AWS ignores (§5.3, §12.11).

use vpcsim_model::{Diagnostic, PortRange, Protocol, SgId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags security-group rules with protocol `all` (AWS `-1`) that also give a port range
    /// narrower than every port.
    ///
    /// ## Why is this bad?
    /// With protocol `all` AWS ignores the range: every port of every protocol is allowed.
    /// The rule reads like "443 only" but opens everything to that peer.
    ///
    /// ## Example
    /// ```yaml
    /// ingress: [ { proto: all, ports: 443, from: 10.0.0.0/16 } ]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ingress: [ { proto: tcp, ports: 443, from: 10.0.0.0/16 } ]
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §5.3, §12.11
    /// - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
    pub(crate) struct AllProtocolWithPortRange {
        code: "SG001",
        name: "all-protocol-with-port-range",
        severity: Warning,
        category: Sg,
        summary: "protocol `all` with a port range: AWS ignores the range and opens every port",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, group) in model.security_groups.iter().enumerate() {
        let rules = group
            .ingress
            .iter()
            .map(|r| (r, "inbound"))
            .chain(group.egress.iter().map(|r| (r, "outbound")));
        for (rule, direction) in rules {
            let Some(written) = rule.ports_as_written else {
                continue;
            };
            if rule.protocol != Protocol::All || written == PortRange::ALL {
                continue;
            }
            out.push(
                ctx.report(
                    &AllProtocolWithPortRange::META,
                    rule.span,
                    format!(
                        "{direction} rule of `{}` gives ports {written} with protocol `all`: AWS ignores the range and allows every port",
                        group.name
                    ),
                )
                .with_resource(address::sg(model, SgId::from_index(index)))
                .with_help(format!("write `proto: tcp` (or udp) to allow only {written}")),
            );
        }
    }
}
