//! EXP002: a port restricted over IPv4 but open to `::/0` over IPv6, the classic dual-stack
//! miss (§16.1, §16.3, §16.5).

use ipnet::IpNet;
use vpcsim_model::{Diagnostic, Protocol, Severity, SgId, SgPeer};

use crate::address;
use crate::context::LintContext;
use crate::paths::internet_reaches_over;
use crate::rule::declare_rule;
use vpcsim_reach::security_group::{is_world, rule_covers};
use vpcsim_reach::view::sg_rule_text;
use vpcsim_reach::{Family, Flow};

declare_rule! {
    /// ## What it does
    /// Flags an inbound rule that admits `::/0` on a port where the same security group admits
    /// only narrower IPv4 sources (an office range, a VPN, a bastion): IPv4 was restricted,
    /// IPv6 was left open. The finding is an **error** when a member is reachable from the
    /// IPv6 internet on that port right now (an IPv6 address in a subnet routing `::/0` to
    /// the internet gateway), a **warning** otherwise.
    ///
    /// ## Why is this bad?
    /// An IPv6 address is public as is: no public IPv4, no Elastic IP and no NAT stand
    /// between it and the internet. A review that checks the `0.0.0.0/0` rules sees a tight
    /// group while every IPv6 host on the internet can connect.
    ///
    /// ## Example
    /// ```yaml
    /// bastion:
    ///   ingress:
    ///     - { proto: tcp, ports: 22, from: 203.0.113.0/24 }
    ///     - { proto: tcp, ports: 22, from: "::/0" }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// bastion:
    ///   ingress:
    ///     - { proto: tcp, ports: 22, from: 203.0.113.0/24 }
    ///     - { proto: tcp, ports: 22, from: "2001:db8:1234::/48" }   # the office's IPv6 range
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §16.1, §16.3, §16.5
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    pub(crate) struct Ipv6OpenWhereIpv4Restricted {
        code: "EXP002",
        name: "ipv6-open-where-ipv4-restricted",
        severity: Warning,
        category: Exposure,
        summary: "port restricted to some IPv4 sources but open to ::/0 over IPv6",
    }
}

/// The port a rule stands for: its first port, or 22 for every port.
fn probe_port(rule: &vpcsim_model::SgRule) -> Option<(Protocol, u16)> {
    match rule.protocol {
        Protocol::All => Some((Protocol::TCP, 22)),
        p if p.has_ports() => Some((p, rule.ports.from.max(1))),
        _ => None,
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let meta = &Ipv6OpenWhereIpv4Restricted::META;
    for (index, group) in model.security_groups.iter().enumerate() {
        for rule in &group.ingress {
            let SgPeer::Cidr(IpNet::V6(net)) = rule.peer else {
                continue;
            };
            if net.prefix_len() != 0 {
                continue;
            }
            let Some((protocol, port)) = probe_port(rule) else {
                continue;
            };
            // The IPv4 rules of the group on the same port: restricted when some exist and
            // none is open to 0.0.0.0/0.
            let v4: Vec<&vpcsim_model::SgRule> = group
                .ingress
                .iter()
                .filter(|r| matches!(r.peer, SgPeer::Cidr(IpNet::V4(_))))
                .filter(|r| rule_covers(r, protocol, port))
                .collect();
            if v4.is_empty() || v4.iter().any(|r| is_world(&r.peer)) {
                continue;
            }
            let exposed: Vec<&str> = group
                .members
                .iter()
                .filter(|m| {
                    internet_reaches_over(ctx.engine(), **m, protocol, port, Family::V6).is_ok()
                })
                .map(|m| model.eni(*m).name.as_str())
                .collect();
            let id = SgId::from_index(index);
            let restricted: Vec<String> = v4
                .iter()
                .map(|r| sg_rule_text(model, id, r, Flow::Ingress))
                .collect();
            let text = sg_rule_text(model, id, rule, Flow::Ingress);
            let diagnostic = if exposed.is_empty() {
                ctx.report(
                    meta,
                    rule.span,
                    format!(
                        "`{}` restricts {protocol} {port} over IPv4 ({}) but {text} opens it to every IPv6 address; no member is reachable over IPv6 today",
                        group.name,
                        restricted.join("; ")
                    ),
                )
            } else {
                ctx.report_at(
                    meta,
                    Severity::Error,
                    rule.span,
                    format!(
                        "`{}` restricts {protocol} {port} over IPv4 ({}) but {text} opens it to every IPv6 address, and `{}` is reachable from the IPv6 internet on it",
                        group.name,
                        restricted.join("; "),
                        exposed.join("`, `")
                    ),
                )
            };
            out.push(
                diagnostic
                    .with_resource(address::sg(model, id))
                    .with_note("an IPv6 address is public as is: no public IP or NAT is needed to reach it (§16.1)")
                    .with_help("admit the same sources' IPv6 ranges instead of ::/0, or drop the IPv6 rule"),
            );
        }
    }
}
