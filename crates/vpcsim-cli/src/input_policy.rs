//! Reading a `--policy FILE`: a YAML (or JSON) file holding only `policies:`, so one policy set
//! governs many designs and imports (docs/policies.md). It is parsed with the design loader
//! (same positions, same `SCHEMA`/`YAML` diagnostics); its problems are printed here,
//! rustc-style, and make the command fail with exit 2.
#![allow(clippy::print_stderr)]

use vpcsim_model::{Diagnostic, Loc, Severity, SourceFile, Span, schema};

use crate::render::diagnostics::render_human;
use crate::render::style::Style;

/// A loaded policy file.
#[derive(Debug, Clone)]
pub(crate) struct PolicyFile {
    /// The file as read.
    pub(crate) source: SourceFile,
    /// Its policies, with positions in it.
    pub(crate) policies: Vec<Loc<schema::Policy>>,
}

impl PolicyFile {
    /// `FILE:LINE:COL` of a position in this file.
    pub(crate) fn origin(&self, span: Span) -> String {
        if span.is_known() {
            format!("{}:{}:{}", self.source.name, span.line, span.column)
        } else {
            self.source.name.clone()
        }
    }
}

/// Prints problems found in a design's or a policy file's policies to stderr.
pub(crate) fn print_all(source: &SourceFile, diagnostics: &[Diagnostic]) {
    let style = Style::stderr();
    for diagnostic in diagnostics {
        eprint!(
            "{}",
            crate::render::terminal::safe(&render_human(diagnostic, source, style))
        );
    }
}

/// Reads and parses a policy file; any problem is printed and returned as an error.
pub(crate) fn load(path: &str) -> anyhow::Result<PolicyFile> {
    let source = crate::input::read_source(path)?;
    let document = match vpcsim_model::parse_document(&source) {
        Ok(document) => document,
        Err(diagnostics) => {
            print_all(&source, &diagnostics);
            anyhow::bail!("`{path}` is not a usable policy file");
        }
    };
    let mut problems = Vec::new();
    let others = [
        ("vpcs", !document.vpcs.is_empty()),
        ("peerings", !document.peerings.is_empty()),
        ("transit_gateways", !document.transit_gateways.is_empty()),
        ("prefix_lists", !document.prefix_lists.is_empty()),
        ("expect", !document.expect.is_empty()),
    ];
    for (key, present) in others {
        if present {
            problems.push(
                Diagnostic::error(
                    "POL012",
                    Span::UNKNOWN,
                    format!("`{path}` is given as a policy file but has `{key}:`"),
                )
                .with_help("a policy file holds only `policies:`; pass a design as DESIGN"),
            );
        }
    }
    if document.policies.is_empty() {
        problems.push(
            Diagnostic::error(
                "POL012",
                Span::UNKNOWN,
                format!("`{path}` has no `policies:`"),
            )
            .with_help("write `policies:` with a list of policies (docs/policies.md)"),
        );
    }
    problems.extend(vpcsim_policy::validate(&document.policies));
    if problems.iter().any(|d| d.severity == Severity::Error) {
        print_all(&source, &problems);
        anyhow::bail!("`{path}` is not a usable policy file");
    }
    Ok(PolicyFile {
        source,
        policies: document.policies,
    })
}
