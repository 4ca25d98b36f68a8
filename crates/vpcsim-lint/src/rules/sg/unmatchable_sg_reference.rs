//! SG003: a rule referencing a security group across a peering where references cannot work
//! (§5.5, §12.12).

use vpcsim_model::{Diagnostic, SgId, SgPeer};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::Flow;
use vpcsim_reach::view::sg_rule_text;

declare_rule! {
    /// ## What it does
    /// Flags security-group rules that reference a group in another VPC when the peering
    /// between the two VPCs is cross-Region or not active.
    ///
    /// ## Why is this bad?
    /// A reference matches the private addresses of the referenced group's members, and AWS
    /// resolves references only within a VPC or across an active, same-Region peering.
    /// Across Regions the reference is not allowed; after the peering is deleted (or before
    /// it is accepted) it is stale. Either way the rule matches nothing and the traffic it
    /// was meant to admit is dropped.
    ///
    /// ## Example
    /// ```yaml
    /// peerings:
    ///   a-b: { requester: a, accepter: b, accepter_region: us-east-1 }
    /// # in VPC a:
    /// ingress: [ { proto: tcp, ports: 5432, from: sg:b/app } ]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// ingress: [ { proto: tcp, ports: 5432, from: 10.1.0.0/16 } ]   # the peer's CIDR
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §5.5, §9.4, §12.12
    /// - https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
    pub(crate) struct UnmatchableSgReference {
        code: "SG003",
        name: "unmatchable-sg-reference",
        severity: Warning,
        category: Sg,
        summary: "security-group reference across a cross-Region or inactive peering never matches",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, group) in model.security_groups.iter().enumerate() {
        let rules = group
            .ingress
            .iter()
            .map(|r| (r, true))
            .chain(group.egress.iter().map(|r| (r, false)));
        for (rule, inbound) in rules {
            let SgPeer::Group(other) = rule.peer else {
                continue;
            };
            let other_vpc = model.security_group(other).vpc;
            if other_vpc == group.vpc {
                continue;
            }
            let peering = model
                .peerings
                .iter()
                .find(|p| p.other_side(group.vpc) == Some(other_vpc));
            let why = match peering {
                Some(p) if p.cross_region => format!(
                    "peering `{}` crosses Regions, where SG references are not supported",
                    p.name
                ),
                Some(p) if !p.is_active => format!(
                    "peering `{}` is `{}`, so the reference is stale",
                    p.name, p.status
                ),
                Some(_) => continue,
                None => "no peering joins the two VPCs".to_owned(),
            };
            out.push(
                ctx.report(
                    &UnmatchableSgReference::META,
                    rule.span,
                    format!(
                        "rule `{}` of `{}` can never match: {why}",
                        sg_rule_text(
                            model,
                            SgId::from_index(index),
                            rule,
                            if inbound { Flow::Ingress } else { Flow::Egress }
                        ),
                        group.name
                    ),
                )
                .with_resource(address::sg(model, SgId::from_index(index)))
                .with_help(format!(
                    "reference the peer VPC's CIDR ({}) instead",
                    model
                        .vpc(other_vpc)
                        .cidrs
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
}
