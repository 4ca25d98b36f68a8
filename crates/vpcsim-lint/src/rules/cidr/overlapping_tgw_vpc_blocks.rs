//! CIDR002: VPCs attached to the same transit gateway with overlapping blocks (§9.5, §12.18).

use vpcsim_model::Diagnostic;

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags two VPCs attached to the same transit gateway whose IPv4 blocks overlap.
    ///
    /// ## Why is this bad?
    /// A transit gateway routes by destination prefix. With two attachments owning the same
    /// addresses, a propagated route table holds only one of them (or a static route picks one),
    /// so traffic for the overlapping range reaches one VPC and never the other, and replies can
    /// go to the wrong VPC. Peered overlaps are rejected by AWS (validation reports them); a
    /// transit gateway accepts them silently.
    ///
    /// ## Example
    /// ```yaml
    /// vpcs:
    ///   a: { cidr: 10.0.0.0/16, subnets: { s: { cidr: 10.0.0.0/24, az: eu-west-1a } } }
    ///   b: { cidr: 10.0.0.0/16, subnets: { s: { cidr: 10.0.1.0/24, az: eu-west-1a } } }
    /// transit_gateways:
    ///   hub: { attachments: { a: { vpc: a, subnets: [a/s] }, b: { vpc: b, subnets: [b/s] } } }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// vpcs:
    ///   a: { cidr: 10.0.0.0/16, subnets: { s: { cidr: 10.0.0.0/24, az: eu-west-1a } } }
    ///   b: { cidr: 10.1.0.0/16, subnets: { s: { cidr: 10.1.0.0/24, az: eu-west-1a } } }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §9.5, §12.18
    /// - https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
    pub(crate) struct OverlappingTgwVpcBlocks {
        code: "CIDR002",
        name: "overlapping-tgw-vpc-blocks",
        severity: Warning,
        category: Cidr,
        summary: "VPCs on the same transit gateway have overlapping blocks",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let meta = &OverlappingTgwVpcBlocks::META;
    for (tgw_index, tgw) in model.transit_gateways.iter().enumerate() {
        let attachments = &tgw.attachments;
        for (i, first) in attachments.iter().enumerate() {
            for second in &attachments[i + 1..] {
                let a = model.tgw_attachment(*first);
                let b = model.tgw_attachment(*second);
                if a.vpc == b.vpc {
                    continue;
                }
                let vpc_a = model.vpc(a.vpc);
                let vpc_b = model.vpc(b.vpc);
                let overlap = vpc_a.cidrs.iter().find_map(|x| {
                    vpc_b
                        .cidrs
                        .iter()
                        .find(|y| x.contains(&y.network()) || y.contains(&x.network()))
                        .map(|y| (*x, *y))
                });
                if let Some((x, y)) = overlap {
                    out.push(
                        ctx.report(
                            meta,
                            b.span,
                            format!(
                                "VPC `{}` ({y}) overlaps VPC `{}` ({x}) on transit gateway `{}`",
                                vpc_b.name, vpc_a.name, tgw.name
                            ),
                        )
                        .with_label("attachment of the overlapping VPC")
                        .with_related(a.span, format!("attachment of `{}`", vpc_a.name))
                        .with_resource(address::tgw(model, tgw_index))
                        .with_note("the transit gateway can route the overlapping range to one VPC only (§9.5)")
                        .with_help("renumber one VPC so that no block overlaps"),
                    );
                }
            }
        }
    }
}
