//! LB006: a target in an Availability Zone its load balancer does not enable (§7.4, §12.15).

use std::collections::BTreeSet;

use vpcsim_model::{Diagnostic, TgId};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags targets whose subnet is in an Availability Zone where the load balancer forwarding
    /// to them has no subnet.
    ///
    /// ## Why is this bad?
    /// A load balancer has nodes only in its enabled AZs and sends traffic and health checks
    /// only to targets in those AZs. A target elsewhere stays `unused` (`Target.NotInUse`):
    /// it gets no traffic, so the capacity you pay for does nothing and the AZ you meant to
    /// survive a failure is not served.
    ///
    /// ## Example
    /// ```yaml
    /// load_balancers:
    ///   web: { type: application, scheme: internet-facing, subnets: [public-a, public-b] }
    /// instances:
    ///   app-c: { subnet: private-c }       # eu-west-1c: not enabled on `web`
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// load_balancers:
    ///   web: { type: application, scheme: internet-facing, subnets: [public-a, public-b, public-c] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §7.4, §12.15
    /// - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
    pub(crate) struct TargetInDisabledAz {
        code: "LB006",
        name: "target-in-disabled-az",
        severity: Warning,
        category: Lb,
        summary: "target sits in an Availability Zone the load balancer does not enable",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    let mut reported: BTreeSet<(usize, u32)> = BTreeSet::new();
    for lb in &model.load_balancers {
        let azs: BTreeSet<&str> = lb
            .subnets
            .iter()
            .map(|s| model.subnet(*s).az.as_str())
            .collect();
        for listener in &lb.listeners {
            let group = model.target_group(listener.target_group);
            for target in &group.targets {
                let Some(eni_id) = target.eni else { continue };
                let eni = model.eni(eni_id);
                let az = model.subnet(eni.subnet).az.as_str();
                if azs.contains(az)
                    || !reported.insert((listener.target_group.index(), target.span.line))
                {
                    continue;
                }
                out.push(
                    ctx.report(
                        &TargetInDisabledAz::META,
                        target.span,
                        format!(
                            "target `{}` is in {az}, where load balancer `{}` has no subnet: it never receives traffic",
                            eni.name, lb.name
                        ),
                    )
                    .with_related(lb.span, format!("enabled AZs: {}", azs.iter().copied().collect::<Vec<_>>().join(", ")))
                    .with_resource(address::target_group(model, TgId::from_index(listener.target_group.index())))
                    .with_help(format!("add a subnet in {az} to the load balancer, or move the target")),
                );
            }
        }
    }
}
