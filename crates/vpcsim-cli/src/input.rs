//! Reading design inputs for every command: a YAML or JSON design file, `-` for stdin, a folder
//! of `aws ec2 describe-*` JSON, a `terraform show -json` plan, or a CloudFormation template
//! ([`crate::input_cfn`]) — the last three through the importers, so "validate before provisioning" works on the plan people already have.
//!
//! Loading problems are printed here, rustc-style, to stderr; a design with error-severity
//! problems is unusable and the command fails with exit 2 (README.md, "Exit codes").
#![allow(clippy::print_stderr)]

use std::io::Read;

use anyhow::Context;
use vpcsim_model::{Diagnostic, Model, Severity, SourceFile, load};

use crate::render::diagnostics::render_human;
use crate::render::style::Style;

/// A loaded, usable design.
#[derive(Debug)]
pub(crate) struct Design {
    /// The file as read.
    pub(crate) source: SourceFile,
    /// The resolved model (its warnings were printed while loading).
    pub(crate) model: Model,
}

/// Reads a file (or stdin for `-`) into a [`SourceFile`].
pub(crate) fn read_source(path: &str) -> anyhow::Result<SourceFile> {
    let text = if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the design from stdin")?;
        text
    } else {
        crate::discover::check_readable(std::path::Path::new(path))?;
        std::fs::read_to_string(path).with_context(|| format!("cannot read `{path}`"))?
    };
    let name = if path == "-" { "<stdin>" } else { path };
    Ok(SourceFile {
        name: name.to_owned(),
        text,
    })
}

/// What loading a file produced, before deciding whether it is usable.
#[derive(Debug)]
pub(crate) struct Attempt {
    pub(crate) source: SourceFile,
    pub(crate) model: Option<Model>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Attempt {
    /// Whether the design can be used (parsed, and no error-severity problem).
    pub(crate) fn is_usable(&self) -> bool {
        self.model.is_some()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
    }
}

/// Whether a JSON text is a Terraform plan (`terraform show -json`) rather than a design.
fn is_terraform_plan(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.trim_start().starts_with('{')
        && head.contains("\"format_version\"")
        && (head.contains("\"terraform_version\"") || head.contains("\"planned_values\""))
}

/// Resolves an imported document; import warnings go to stderr as `import aws` prints them.
fn from_import(name: &str, imported: vpcsim_import::Imported) -> Attempt {
    for warning in &imported.warnings {
        crate::render::terminal::eprintln_safe!("vpcsim: {}: {}", warning.level.as_str(), warning);
    }
    let (model, diagnostics) = vpcsim_model::resolve(&imported.document);
    Attempt {
        source: SourceFile {
            name: name.to_owned(),
            text: String::new(),
        },
        model: Some(model),
        diagnostics,
    }
}

/// Reads and resolves a design, keeping every diagnostic.
pub(crate) fn attempt(path: &str) -> anyhow::Result<Attempt> {
    if path != "-" && std::path::Path::new(path).is_dir() {
        let imported = vpcsim_import::import_aws_dir(std::path::Path::new(path))
            .with_context(|| format!("cannot import AWS describe-* JSON from `{path}`"))?;
        return Ok(from_import(path, imported));
    }
    let source = read_source(path)?;
    if is_terraform_plan(&source.text) {
        let imported = vpcsim_import::import_terraform(&source.text)
            .with_context(|| format!("cannot import Terraform plan `{path}`"))?;
        return Ok(from_import(path, imported));
    }
    if vpcsim_import::is_cloudformation_template(&source.text) {
        return crate::input_cfn::attempt(source);
    }
    let mut source = source;
    if vpcsim_model::load::Syntax::detect(&source.name, &source.text)
        == vpcsim_model::load::Syntax::Json
    {
        // A parsed JSON design carries no positions (its spans are unknown), so its text is
        // never quoted again: free it before resolving, when memory peaks (a 1M-ENI estate
        // is 160 MB of JSON). Syntax errors are rendered from the text, so it stays for those.
        return Ok(match vpcsim_model::parse_document(&source) {
            Ok(document) => {
                source.text = String::new();
                let (model, diagnostics) = vpcsim_model::resolve(&document);
                drop(document);
                Attempt {
                    source,
                    model: Some(model),
                    diagnostics,
                }
            }
            Err(diagnostics) => Attempt {
                source,
                model: None,
                diagnostics,
            },
        });
    }
    let loaded = load(&source);
    Ok(Attempt {
        source,
        model: loaded.model,
        diagnostics: loaded.diagnostics,
    })
}

/// Loads a design for a command that needs a usable model. Problems go to stderr; errors make
/// it fail (exit 2) with a one-line summary.
pub(crate) fn load_design(path: &str) -> anyhow::Result<Design> {
    let attempt = attempt(path)?;
    let style = Style::stderr();
    for diagnostic in &attempt.diagnostics {
        eprint!(
            "{}",
            crate::render::terminal::safe(&render_human(diagnostic, &attempt.source, style))
        );
    }
    let errors = attempt
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    match attempt.model {
        Some(model) if errors == 0 => Ok(Design {
            source: attempt.source,
            model,
        }),
        _ => anyhow::bail!(
            "`{}` is not a usable design ({} error{})",
            attempt.source.name,
            errors.max(1),
            if errors == 1 { "" } else { "s" }
        ),
    }
}
