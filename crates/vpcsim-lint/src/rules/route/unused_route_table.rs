//! RT012: a declared route table no subnet uses (§2.1, §2.3).

use vpcsim_model::Diagnostic;

use crate::address;
use crate::context::LintContext;
use crate::paths::tables;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags declared route tables that are not the main table and have no subnet associated.
    ///
    /// ## Why is this bad?
    /// An unassociated table routes nothing. It usually means a subnet's `route_table:` was
    /// forgotten, so that subnet silently uses the main table instead — often without the
    /// internet or NAT route the unused table was written for.
    ///
    /// ## Example
    /// ```yaml
    /// subnets:
    ///   public-a: { cidr: 10.0.0.0/24, az: eu-west-1a }        # uses the main table
    /// route_tables:
    ///   public: { routes: [ { to: 0.0.0.0/0, via: igw } ] }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// subnets:
    ///   public-a: { cidr: 10.0.0.0/24, az: eu-west-1a, route_table: public }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §2.1
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
    pub(crate) struct UnusedRouteTable {
        code: "RT012",
        name: "unused-route-table",
        severity: Warning,
        category: Route,
        summary: "route table has no subnet associated",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (id, table) in tables(model) {
        if !table.declared || table.is_main || !table.subnets.is_empty() {
            continue;
        }
        out.push(
            ctx.report(
                &UnusedRouteTable::META,
                table.span,
                format!(
                    "route table `{}` is not associated with any subnet",
                    table.name
                ),
            )
            .with_resource(address::route_table(model, id))
            .with_help("associate it (`route_table:` on a subnet) or delete it"),
        );
    }
}
