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

static STDIN_NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Names stdin `name` for the run (`check --stdin-filename`; once, before reading it).
pub(crate) fn set_stdin_name(name: &str) {
    STDIN_NAME.set(name.to_owned()).ok();
}

/// What reports call stdin: its `--stdin-filename`, else `<stdin>`.
pub(crate) fn stdin_name() -> &'static str {
    STDIN_NAME.get().map_or("<stdin>", String::as_str)
}

/// Reads a file (or stdin for `-`) into a [`SourceFile`].
pub(crate) fn read_source(path: &str) -> anyhow::Result<SourceFile> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read the design from stdin")?;
        bytes
    } else {
        crate::discover::check_readable(std::path::Path::new(path))?;
        std::fs::read(path).with_context(|| format!("cannot read `{path}`"))?
    };
    let name = if path == "-" { stdin_name() } else { path };
    // UTF-8 with or without a BOM, or UTF-16 as PowerShell's `>` writes it.
    let text = vpcsim_import::decode_text(&bytes)
        .map_err(|reason| anyhow::anyhow!("cannot read `{name}`: {reason}"))?;
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
    /// For a Terraform plan: how to name its resources in Terraform's terms.
    pub(crate) plan: Option<crate::plan_terms::PlanTrace>,
    /// What an importer could not carry over (`level: message`), also printed to stderr; SARIF
    /// reports them as tool notifications.
    pub(crate) import_notes: Vec<String>,
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

/// Whether a JSON text is Terraform's rather than a design: `terraform show -json` (read), or
/// the `terraform plan -json` stream or a raw state (refused by the importer with the command
/// to run). Any key order.
fn is_terraform_json(text: &str) -> bool {
    vpcsim_import::detect_terraform_json(text).is_some()
}

/// Resolves an imported document; import warnings go to stderr as `import aws` prints them.
fn from_import(name: &str, imported: vpcsim_import::Imported) -> Attempt {
    let import_notes = notes(&imported.warnings);
    let (model, diagnostics) = vpcsim_model::resolve(&imported.document);
    Attempt {
        source: SourceFile {
            name: name.to_owned(),
            text: String::new(),
        },
        model: Some(model),
        diagnostics,
        plan: None,
        import_notes,
    }
}

/// Prints an importer's warnings to stderr and keeps them for the reports.
fn notes(warnings: &[vpcsim_import::ImportWarning]) -> Vec<String> {
    warnings
        .iter()
        .map(|warning| {
            let line = format!("{}: {}", warning.level.as_str(), warning);
            crate::render::terminal::eprintln_safe!("vpcsim: {line}");
            line
        })
        .collect()
}

/// Resolves an imported plan, keeping its text (findings point into it) and its trace.
fn from_plan(source: SourceFile, traced: &vpcsim_import::TracedImport) -> Attempt {
    let import_notes = notes(&traced.imported.warnings);
    let (model, mut diagnostics) = vpcsim_model::resolve(&traced.imported.document);
    let plan = crate::plan_terms::PlanTrace::new(traced, &source.text);
    plan.annotate(&mut diagnostics);
    Attempt {
        source,
        model: Some(model),
        diagnostics,
        plan: Some(plan),
        import_notes,
    }
}

/// A plan that cannot be imported, or yields nothing to check, as an unusable design with one
/// `IMPORT001` error at the position the importer gives: so `check` exits 2 and every report
/// format carries the reason, rather than an empty pass.
fn import_failure(source: SourceFile, error: &vpcsim_import::ImportError) -> Attempt {
    use vpcsim_import::ImportError;
    let (line, column, message) = match error {
        ImportError::MalformedJson {
            line,
            column,
            message,
            ..
        } => (*line, *column, format!("malformed JSON: {message}")),
        ImportError::WrongTerraformOutput {
            line,
            column,
            message,
            ..
        } => (*line, *column, message.clone()),
        ImportError::NoNetwork { reason, .. } => (1, 1, format!("nothing to check: {reason}")),
        ImportError::NotATerraformPlan { reason, .. } => (
            1,
            1,
            format!("not the JSON of `terraform show -json`: {reason}"),
        ),
        other => (1, 1, other.to_string()),
    };
    let offset: usize = source
        .text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let span = vpcsim_model::Span {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset: u32::try_from(offset + column.saturating_sub(1)).unwrap_or(0),
        ..vpcsim_model::Span::UNKNOWN
    };
    let diagnostic = Diagnostic::error("IMPORT001", span, message).with_help(
        "vpcsim reads `terraform show -json PLANFILE` (or `terraform show -json` for a state); see docs/import.md",
    );
    Attempt {
        source,
        model: None,
        diagnostics: vec![diagnostic],
        plan: None,
        import_notes: Vec::new(),
    }
}

/// Reads and resolves a design, keeping every diagnostic.
pub(crate) fn attempt(path: &str) -> anyhow::Result<Attempt> {
    attempt_with_context(path, None)
}

/// [`attempt`], resolving what a Terraform plan names but does not create from `context` (the
/// `terraform show -json` of a state).
pub(crate) fn attempt_with_context(path: &str, context: Option<&str>) -> anyhow::Result<Attempt> {
    if path != "-" && std::path::Path::new(path).is_dir() {
        let imported = vpcsim_import::import_aws_dir(std::path::Path::new(path))
            .with_context(|| format!("cannot import AWS describe-* JSON from `{path}`"))?;
        return Ok(from_import(path, imported));
    }
    let source = read_source(path)?;
    if is_terraform_json(&source.text) {
        let plan_path = std::path::Path::new(&source.name);
        let imported = match context {
            None => vpcsim_import::import_terraform_traced(&source.text, plan_path),
            Some(context) => vpcsim_import::import_terraform_with_context(
                &source.text,
                plan_path,
                &read_source(context)?.text,
                std::path::Path::new(context),
            ),
        };
        return Ok(match imported {
            Ok(traced) => from_plan(source, &traced),
            Err(error) => import_failure(source, &error),
        });
    }
    if vpcsim_import::is_cloudformation_template(&source.text) {
        let loaded = crate::input_cfn::load(&source)?;
        return Ok(Attempt {
            source,
            model: Some(loaded.model),
            diagnostics: loaded.diagnostics,
            plan: None,
            import_notes: loaded.import_notes,
        });
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
                    plan: None,
                    import_notes: Vec::new(),
                }
            }
            Err(diagnostics) => Attempt {
                source,
                model: None,
                diagnostics,
                plan: None,
                import_notes: Vec::new(),
            },
        });
    }
    let loaded = load(&source);
    Ok(Attempt {
        source,
        model: loaded.model,
        diagnostics: loaded.diagnostics,
        plan: None,
        import_notes: Vec::new(),
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
