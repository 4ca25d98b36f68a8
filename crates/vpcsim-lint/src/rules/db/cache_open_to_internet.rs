//! DB003: an ElastiCache security group admitting 0.0.0.0/0 (§8.4, §12.24).

use vpcsim_model::{CacheId, Diagnostic, Protocol};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::Flow;
use vpcsim_reach::security_group::{is_world, rule_covers};
use vpcsim_reach::view::sg_rule_text;

declare_rule! {
    /// ## What it does
    /// Flags security-group rules on ElastiCache clusters that admit `0.0.0.0/0` or `::/0` on
    /// the cache port, and explains what they really admit.
    ///
    /// ## Why is this bad?
    /// ElastiCache nodes have no public address: the internet never reaches them, whatever
    /// the rule says. A world-open rule is therefore usually written in the belief that it is
    /// needed (it is not) or that the cache is public (it is not), and it admits every address
    /// routed into the VPC — peered VPCs, VPN and transit-gateway networks — to an engine that
    /// often runs without authentication.
    ///
    /// ## Example
    /// ```yaml
    /// security_groups:
    ///   cache: { ingress: [ { proto: tcp, ports: 6379, from: 0.0.0.0/0 } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// security_groups:
    ///   cache: { ingress: [ { proto: tcp, ports: 6379, from: sg:app } ] }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §8.4, §12.24
    /// - https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/accessing-elasticache.html
    pub(crate) struct CacheOpenToInternet {
        code: "DB003",
        name: "cache-open-to-internet",
        severity: Info,
        category: Db,
        summary: "ElastiCache security group admits 0.0.0.0/0, though caches are never internet-reachable",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, cache) in model.caches.iter().enumerate() {
        let eni = model.eni(cache.eni);
        for group_id in &eni.security_groups {
            let group = model.security_group(*group_id);
            for rule in &group.ingress {
                if !is_world(&rule.peer) || !rule_covers(rule, Protocol::TCP, cache.port) {
                    continue;
                }
                out.push(
                    ctx.report(
                        &CacheOpenToInternet::META,
                        rule.span,
                        format!(
                            "`{}` admits `{}` to cache `{}`, but ElastiCache is never reachable from the internet: the rule only opens it to every network routed into the VPC",
                            group.name,
                            sg_rule_text(model, *group_id, rule, Flow::Ingress),
                            cache.name
                        ),
                    )
                    .with_related(cache.span, "cache declared here")
                    .with_resource(address::cache(model, CacheId::from_index(index)))
                    .with_note("ElastiCache nodes have no public IP (§8.4)")
                    .with_help("admit the application's security group instead"),
                );
            }
        }
    }
}
