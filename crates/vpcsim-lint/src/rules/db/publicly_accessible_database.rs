//! DB001: an RDS instance with `publicly_accessible: true` in public subnets (§8.2, §12.13).

use vpcsim_model::{DbId, Diagnostic, Protocol, Severity};

use crate::address;
use crate::context::LintContext;
use vpcsim_reach::security_group::{is_world, rule_covers};

use crate::paths::internet_reaches;
use crate::rule::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags RDS instances marked `publicly_accessible: true` whose subnets are all public.
    /// The finding is an error when a security group also admits `0.0.0.0/0` on the database
    /// port and the subnet's NACL lets it through (the database is exposed now), a warning
    /// otherwise.
    ///
    /// ## Why is this bad?
    /// The instance gets a public IP and its endpoint resolves to it from outside the VPC, so
    /// the only thing between the internet and the database is its security group. One
    /// broadened rule exposes it to credential stuffing and engine exploits. Applications in
    /// the VPC do not need the flag.
    ///
    /// ## Example
    /// ```yaml
    /// databases:
    ///   main: { engine: postgres, subnets: [public-a, public-b], publicly_accessible: true }
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// databases:
    ///   main: { engine: postgres, subnets: [db-a, db-b], publicly_accessible: false }
    /// ```
    ///
    /// ## References
    /// - docs/semantics.md §8.2, §12.13
    /// - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html
    pub(crate) struct PubliclyAccessibleDatabase {
        code: "DB001",
        name: "publicly-accessible-database",
        severity: Warning,
        category: Db,
        summary: "RDS instance is publicly accessible from public subnets",
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let model = ctx.model;
    for (index, db) in model.databases.iter().enumerate() {
        if !db.publicly_accessible || !db.subnets.iter().all(|s| model.is_public_subnet(*s)) {
            continue;
        }
        let eni = model.eni(db.eni);
        let world_rule = eni.security_groups.iter().any(|sg| {
            model
                .security_group(*sg)
                .ingress
                .iter()
                .any(|rule| is_world(&rule.peer) && rule_covers(rule, Protocol::TCP, db.port))
        });
        let exposed =
            world_rule && internet_reaches(ctx.engine(), db.eni, Protocol::TCP, db.port).is_ok();
        let (severity, message) = if exposed {
            (
                Severity::Error,
                format!(
                    "database `{}` is reachable from the internet on port {}: publicly accessible, in public subnets, and its security group admits 0.0.0.0/0",
                    db.name, db.port
                ),
            )
        } else {
            (
                Severity::Warning,
                format!(
                    "database `{}` is publicly accessible in public subnets: only its security group keeps the internet out of port {}",
                    db.name, db.port
                ),
            )
        };
        out.push(
            ctx.report_at(
                &PubliclyAccessibleDatabase::META,
                severity,
                db.span,
                message,
            )
            .with_resource(address::database(model, DbId::from_index(index)))
            .with_help(
                "set `publicly_accessible: false` and place the database in private subnets",
            ),
        );
    }
}
