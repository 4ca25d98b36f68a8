//! DB002: `publicly_accessible: true` on a database whose subnet group has private subnets
//! (§8.2, §12.13).

use vpcsim_model::{DbId, Diagnostic};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags RDS instances marked `publicly_accessible: true` when any subnet of their DB
    /// subnet group has no route to an internet gateway.
    ///
    /// ## Why is this bad?
    /// The flag and the placement contradict each other. In a private subnet the public
    /// address is unreachable, so clients outside the VPC that rely on it time out; and
    /// after a fail-over into a public subnet of the same group the database becomes
    /// exposed. RDS picks the subnet, so the outcome depends on chance.
    ///
    /// ## Example
    /// ```yaml
    /// databases:
    ///   main: { engine: mysql, subnets: [private-a, private-c], publicly_accessible: true }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// databases:
    ///   main: { engine: mysql, subnets: [private-a, private-c], publicly_accessible: false }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §8.1, §8.2, §12.13
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
    pub(crate) struct PublicDatabaseInPrivateSubnets {
        code: "DB002",
        name: "public-database-in-private-subnets",
        severity: Warning,
        category: Db,
        summary: "database is flagged publicly accessible but its subnet group has private subnets",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, db) in model.databases.iter().enumerate() {
        if !db.publicly_accessible {
            continue;
        }
        let private: Vec<&str> = db
            .subnets
            .iter()
            .filter(|s| !model.is_public_subnet(**s))
            .map(|s| model.subnet(*s).name.as_str())
            .collect();
        if private.is_empty() {
            continue;
        }
        let all = private.len() == db.subnets.len();
        let consequence = if all {
            "the public address is unreachable"
        } else {
            "it is exposed or not depending on the subnet RDS picks"
        };
        out.push(
            ctx.report(
                &PublicDatabaseInPrivateSubnets::META,
                db.span,
                format!(
                    "database `{}` is publicly accessible but subnet(s) `{}` are private: {consequence}",
                    db.name,
                    private.join("`, `")
                ),
            )
            .with_resource(address::database(model, DbId::from_index(index)))
            .with_note("real internet access needs every subnet of the group to be public (§8.2)")
            .with_help("set `publicly_accessible: false` (applications in the VPC do not need it)"),
        );
    }
}
