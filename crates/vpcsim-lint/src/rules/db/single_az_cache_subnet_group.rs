//! DB004: an ElastiCache subnet group covering one Availability Zone (§8.4).

use std::collections::BTreeSet;

use vpcsim_model::{CacheId, Diagnostic};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags ElastiCache clusters whose subnet group covers a single Availability Zone.
    ///
    /// ## Why is this bad?
    /// Every node — and every replica you add later — lands in that one AZ, so an AZ outage
    /// takes the cache down and Multi-AZ automatic fail-over cannot be enabled. Unlike RDS,
    /// AWS does not enforce two AZs for a cache subnet group, so the design is accepted.
    ///
    /// ## Example
    /// ```yaml
    /// caches:
    ///   redis: { engine: redis, subnets: [private-a] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// caches:
    ///   redis: { engine: redis, subnets: [private-a, private-c] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §8.4
    /// - https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/AutoFailover.html
    pub(crate) struct SingleAzCacheSubnetGroup {
        code: "DB004",
        name: "single-az-cache-subnet-group",
        severity: Warning,
        category: Db,
        summary: "ElastiCache subnet group covers one Availability Zone",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, cache) in model.caches.iter().enumerate() {
        let azs: BTreeSet<&str> = cache
            .subnets
            .iter()
            .map(|s| model.subnet(*s).az.as_str())
            .collect();
        if azs.len() != 1 {
            continue;
        }
        let az = azs.iter().next().copied().unwrap_or_default();
        out.push(
            ctx.report(
                &SingleAzCacheSubnetGroup::META,
                cache.span,
                format!("cache `{}` has subnets in {az} only: an AZ outage takes it down and Multi-AZ fail-over is impossible", cache.name),
            )
            .with_resource(address::cache(model, CacheId::from_index(index)))
            .with_help("add a subnet in a second Availability Zone to the cache's `subnets`"),
        );
    }
}
