//! What a rule is: its metadata ([`RuleMeta`]) and its check function ([`Rule`]).
//!
//! A rule's documentation is its doc comment, captured by [`declare_rule!`] into
//! [`RuleMeta::doc`] so that `vpcsim explain`, `docs/rules/<CODE>.md` and the rustdoc page can
//! never drift apart.

use vpcsim_model::{Diagnostic, Severity, Span};

use crate::context::LintContext;

/// The family a rule belongs to; its code starts with the family's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Address blocks and capacity (`CIDR`).
    Cidr,
    /// Route tables, gateways and peerings (`RT`).
    Route,
    /// Security groups (`SG`).
    Sg,
    /// Network ACLs (`NACL`).
    Nacl,
    /// Load balancers and target groups (`LB`).
    Lb,
    /// RDS and ElastiCache (`DB`).
    Db,
    /// Elastic IPs (`EIP`).
    Eip,
    /// Path-aware findings about what the internet reaches (`EXP`).
    Exposure,
}

impl Category {
    /// The code prefix of the category.
    pub fn prefix(self) -> &'static str {
        match self {
            Category::Cidr => "CIDR",
            Category::Route => "RT",
            Category::Sg => "SG",
            Category::Nacl => "NACL",
            Category::Lb => "LB",
            Category::Db => "DB",
            Category::Eip => "EIP",
            Category::Exposure => "EXP",
        }
    }

    /// Lowercase name (the folder under `rules/`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Cidr => "cidr",
            Category::Route => "route",
            Category::Sg => "sg",
            Category::Nacl => "nacl",
            Category::Lb => "lb",
            Category::Db => "db",
            Category::Eip => "eip",
            Category::Exposure => "exposure",
        }
    }
}

/// Everything about a rule except its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `SG001`. Never reused.
    pub code: &'static str,
    /// Kebab-case name of the problem, e.g. `blackhole-route`.
    pub name: &'static str,
    /// Default severity (a rule may report some findings at another severity, and says so).
    pub severity: Severity,
    /// Category.
    pub category: Category,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The doc comment as captured: every line keeps rustdoc's leading space.
    pub raw_doc: &'static str,
}

impl RuleMeta {
    /// The rule's documentation as Markdown (sections `## What it does`, `## Why is this bad?`,
    /// `## Example`, "Use instead:", optional `## Known limits`, `## References`).
    pub fn doc(&self) -> String {
        let mut doc = String::with_capacity(self.raw_doc.len());
        for line in self.raw_doc.lines() {
            doc.push_str(line.strip_prefix(' ').unwrap_or(line));
            doc.push('\n');
        }
        doc
    }

    /// The page of `docs/rules/<CODE>.md`: a title, the metadata, then [`RuleMeta::doc`].
    pub fn doc_page(&self) -> String {
        format!(
            "# {} ({})\n\n{}\n\n- Category: `{}`\n- Default severity: `{}`\n\n{}",
            self.name,
            self.code,
            self.summary,
            self.category.as_str(),
            self.severity.as_str(),
            self.doc()
        )
    }
}

/// A rule: metadata plus a pure check.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Metadata.
    pub meta: RuleMeta,
    /// Pushes this rule's findings for the model in `ctx`.
    pub check: fn(&LintContext<'_>, &mut Vec<Diagnostic>),
}

/// Declares a rule's unit struct, keeping its doc comment as [`RuleMeta::raw_doc`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub(crate) struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            severity: $severity:ident,
            category: $category:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        pub(crate) struct $name;

        impl $name {
            /// This rule's metadata.
            pub(crate) const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $kebab,
                severity: vpcsim_model::Severity::$severity,
                category: $crate::rule::Category::$category,
                summary: $summary,
                raw_doc: concat!($($doc, "\n"),+),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Finding constructors, here beside [`RuleMeta`] (`context` does not know rules).
impl LintContext<'_> {
    /// A finding of rule `meta` at its default severity.
    pub(crate) fn report(
        &self,
        meta: &RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(meta.code, meta.severity, span, message)
    }

    /// A finding of rule `meta` at an explicit severity (rules whose severity depends on the
    /// design, e.g. real internet exposure, document it in their doc).
    pub(crate) fn report_at(
        &self,
        meta: &RuleMeta,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(meta.code, severity, span, message)
    }
}
