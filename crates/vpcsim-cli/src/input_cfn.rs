//! A CloudFormation template given to `check`, `reach`, `exposure`, `diagram`, …: detected by
//! content in [`crate::input`], imported with the template's parameter defaults, and resolved
//! with the template kept as the source text, so diagnostics carry the template's own lines
//! and columns (the importer sets them on subnets, routes, security-group rules and resources).
#![allow(clippy::print_stderr)]

use anyhow::Context;
use vpcsim_model::SourceFile;

/// A resolved template: the model, its diagnostics and what the importer could not carry over.
pub(crate) struct Loaded {
    pub(crate) model: vpcsim_model::Model,
    pub(crate) diagnostics: Vec<vpcsim_model::Diagnostic>,
    pub(crate) import_notes: Vec<String>,
}

/// Imports and resolves a template read into `source` (`input` wraps it as an `Attempt`, so
/// that this module never depends on `input`).
pub(crate) fn load(source: &SourceFile) -> anyhow::Result<Loaded> {
    let imported = vpcsim_import::import_cloudformation(
        &source.text,
        std::path::Path::new(&source.name),
        &vpcsim_import::CfnOptions::default(),
    )
    .with_context(|| format!("cannot import CloudFormation template `{}`", source.name))?;
    let import_notes = imported
        .warnings
        .iter()
        .map(|warning| {
            let line = format!("{}: {}", warning.level.as_str(), warning);
            crate::render::terminal::eprintln_safe!("vpcsim: {line}");
            line
        })
        .collect();
    let (model, diagnostics) = vpcsim_model::resolve(&imported.document);
    Ok(Loaded {
        model,
        diagnostics,
        import_notes,
    })
}

/// The `Metadata: {vpcsim: {ignore: [...]}}` of a template's resources as suppressions over
/// each resource's lines; none for a text that is not a template.
pub(crate) fn suppressions(text: &str) -> Vec<vpcsim_lint::Suppression> {
    if !vpcsim_import::is_cloudformation_template(text) {
        return Vec::new();
    }
    vpcsim_import::cloudformation_ignores(text)
        .into_iter()
        .map(|ignore| vpcsim_lint::Suppression {
            scope: vpcsim_lint::Scope::Lines(ignore.lines.0, ignore.lines.1),
            span: ignore.span,
            selectors: ignore.selectors,
            reason: Some(format!("Metadata of {}", ignore.resource)),
        })
        .collect()
}
