//! EXP001: SSH, RDP or every port open to the world, with severity by real exposure
//! (§3.2, §5.11, §10.1, §12.11).

use vpcsim_model::{Diagnostic, Protocol, Severity, SgId};

use crate::address;
use crate::context::LintContext;
use vpcsim_reach::Flow;
use vpcsim_reach::security_group::{is_world, rule_covers};
use vpcsim_reach::view::sg_rule_text;

use crate::paths::internet_reaches_over;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags inbound security-group rules that admit `0.0.0.0/0` or `::/0` on SSH (22), RDP
    /// (3389) or every port, then follows the path to decide how bad it is:
    ///
    /// - **error** when a member of the group is reachable from the internet on that port
    ///   right now (public IP, internet-gateway route, NACL allowing the request and replies);
    /// - **warning** when no member is reachable — the message says why (no public address,
    ///   private subnet, NACL) — because one route or address change would expose it.
    ///
    /// ## Why is this bad?
    /// Internet-wide scanners find an open SSH or RDP port within minutes and start
    /// credential-stuffing it; a single weak key, password or unpatched daemon is then a
    /// foothold inside the VPC. Administrative access belongs behind known CIDRs, a bastion
    /// security group, or SSM Session Manager (no inbound port at all).
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   bastion: { ingress: [ { proto: tcp, ports: 22, from: 0.0.0.0/0 } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   bastion: { ingress: [ { proto: tcp, ports: 22, from: 203.0.113.7/32 } ] }
    /// ```
    ///
    /// Exposure is a reachability query from the internet to each member (vpcsim-reach:
    /// security groups, NACLs both ways, routes, public addresses).
    ///
    /// ## Known limits
    /// A port forwarded by an internet-facing load balancer to a member is reached through the
    /// load balancer's listener port, which this rule does not query.
    ///
    /// ## References
    /// - docs/semantics.md §3.2, §5.11, §10.1, §12.11
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    pub(crate) struct AdminPortsOpenToWorld {
        code: "EXP001",
        name: "admin-ports-open-to-world",
        severity: Warning,
        category: Exposure,
        summary: "SSH, RDP or all ports open to 0.0.0.0/0 (error when a member is actually reachable)",
    }
}

/// The administrative ports the rule looks for (§5.11).
const ADMIN_PORTS: [(u16, &str); 2] = [(22, "SSH"), (3389, "RDP")];

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let meta = &AdminPortsOpenToWorld::META;
    for (index, group) in model.security_groups.iter().enumerate() {
        for rule in &group.ingress {
            if !is_world(&rule.peer) {
                continue;
            }
            let all_ports = rule.protocol == Protocol::All
                || (rule.protocol.has_ports() && rule.ports.is_all());
            let (port, what) = if all_ports {
                (22, "every port")
            } else {
                match ADMIN_PORTS
                    .iter()
                    .find(|(port, _)| rule_covers(rule, Protocol::TCP, *port))
                {
                    Some((port, name)) => (*port, *name),
                    None => continue,
                }
            };
            // §16.1: `::/0` is asked over IPv6, where the member's global address needs no NAT.
            let family = match rule.peer {
                vpcsim_model::SgPeer::Cidr(ipnet::IpNet::V6(_)) => vpcsim_reach::Family::V6,
                _ => vpcsim_reach::Family::V4,
            };
            let mut exposed: Vec<&str> = Vec::new();
            let mut reasons: Vec<String> = Vec::new();
            for member in &group.members {
                match internet_reaches_over(ctx.engine(), *member, Protocol::TCP, port, family) {
                    Ok(()) => exposed.push(model.eni(*member).name.as_str()),
                    Err(reason) => reasons.push(format!("`{}`: {reason}", model.eni(*member).name)),
                }
            }
            let rule_text = sg_rule_text(model, SgId::from_index(index), rule, Flow::Ingress);
            let diagnostic = if !exposed.is_empty() {
                ctx.report_at(
                    meta,
                    Severity::Error,
                    rule.span,
                    format!(
                        "`{}` opens {what} to the internet ({rule_text}) and `{}` is reachable from the internet on port {port}",
                        group.name,
                        exposed.join("`, `")
                    ),
                )
                .with_note("a reachability query from the internet succeeds: public IP, internet-gateway route, NACLs and SGs all let it through (§3.2)")
            } else {
                let why = if reasons.is_empty() {
                    "the group has no members yet".to_owned()
                } else {
                    reasons.join("; ")
                };
                ctx.report(
                    meta,
                    rule.span,
                    format!("`{}` opens {what} to the world ({rule_text}); not reachable from the internet today: {why}", group.name),
                )
                .with_note("one public IP or route change would expose it")
            };
            out.push(
                diagnostic
                    .with_resource(address::sg(model, SgId::from_index(index)))
                    .with_help("admit known CIDRs or a bastion security group instead, or use SSM Session Manager"),
            );
        }
    }
}
