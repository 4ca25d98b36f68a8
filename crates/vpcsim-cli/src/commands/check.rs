//! `vpcsim check DESIGN…`: load and validate designs (lint and `expect:` run here too once
//! available), the CI command. Exit 0 clean, 1 findings, 2 unusable input.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;
use vpcsim_model::Severity;

use crate::input;
use crate::render::diagnostics::{JsonDiagnostic, render_human};
use crate::render::style::Style;

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// rustc-style snippets for people.
    Human,
    /// One JSON document (see docs/cli.md).
    Json,
}

/// Arguments of `vpcsim check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Design files (YAML or JSON); `-` reads stdin.
    #[arg(required = true, value_name = "DESIGN")]
    designs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    unusable_files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut attempts = Vec::new();
    for path in &args.designs {
        attempts.push(input::attempt(path)?);
    }
    let mut summary = Summary {
        files: attempts.len(),
        ..Summary::default()
    };
    for attempt in &attempts {
        if !attempt.is_usable() {
            summary.unusable_files += 1;
        }
        for diagnostic in &attempt.diagnostics {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
    }
    match args.format {
        Format::Human => {
            let style = Style::stdout();
            for attempt in &attempts {
                for diagnostic in &attempt.diagnostics {
                    writeln!(out, "{}", render_human(diagnostic, &attempt.source, style))?;
                }
            }
            let verdict = if summary.errors + summary.warnings == 0 {
                style.success().paint("ok")
            } else {
                style.error().paint("problems found")
            };
            writeln!(
                out,
                "{verdict}: {} file{} checked, {} error{}, {} warning{}",
                summary.files,
                plural(summary.files),
                summary.errors,
                plural(summary.errors),
                summary.warnings,
                plural(summary.warnings),
            )?;
        }
        Format::Json => {
            let diagnostics = attempts
                .iter()
                .flat_map(|attempt| {
                    attempt
                        .diagnostics
                        .iter()
                        .map(|d| JsonDiagnostic::new(d, &attempt.source.name))
                })
                .collect();
            let report = JsonReport {
                version: 1,
                tool: Tool {
                    name: "vpcsim",
                    version: env!("CARGO_PKG_VERSION"),
                },
                diagnostics,
                summary,
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
            return Ok(exit_code(&report.summary));
        }
    }
    Ok(exit_code(&summary))
}

fn exit_code(summary: &Summary) -> ExitCode {
    if summary.unusable_files > 0 {
        ExitCode::from(2)
    } else if summary.errors + summary.warnings > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
