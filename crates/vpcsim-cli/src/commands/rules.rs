//! `vpcsim rules`: list every lint rule (code, name, default severity, summary).

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

/// Output format of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// An aligned table (`explain`: the rule's documentation page).
    Human,
    /// JSON: an array of rules (`explain`: one rule with its `doc`).
    Json,
}

/// Arguments of `vpcsim rules`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// One rule in JSON (`rules --format json`; `explain --format json` adds `doc`).
#[derive(Serialize)]
pub(crate) struct JsonRule {
    code: &'static str,
    name: &'static str,
    category: &'static str,
    severity: &'static str,
    summary: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<String>,
}

impl JsonRule {
    pub(crate) fn new(meta: &vpcsim_lint::RuleMeta, with_doc: bool) -> JsonRule {
        JsonRule {
            code: meta.code,
            name: meta.name,
            category: meta.category.as_str(),
            severity: meta.severity.as_str(),
            summary: meta.summary,
            doc: with_doc.then(|| meta.doc()),
        }
    }
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let rules = vpcsim_lint::rules();
    match args.format {
        Format::Json => {
            let list: Vec<JsonRule> = rules
                .iter()
                .map(|rule| JsonRule::new(&rule.meta, false))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
        Format::Human => {
            let width = rules.iter().map(|r| r.meta.name.len()).max().unwrap_or(0);
            for rule in rules {
                writeln!(
                    out,
                    "{:<8} {:<width$}  {:<7}  {}",
                    rule.meta.code,
                    rule.meta.name,
                    rule.meta.severity.as_str(),
                    rule.meta.summary
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
