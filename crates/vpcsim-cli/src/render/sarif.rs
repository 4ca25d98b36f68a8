//! SARIF 2.1.0 output of `vpcsim check --format sarif`: the subset GitHub code scanning reads
//! (SARIF 2.1.0). Rules come from the lint registry; codes outside it (validation,
//! `EXPECT001`) get a generic descriptor so every `ruleId` resolves.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use vpcsim_model::{Diagnostic, Severity, SourceFile};

use crate::report::Checked;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
struct Properties<'a> {
    resource: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    /// The resource the finding is about (`vpc/V/sg/web`, or the Terraform address on plan
    /// input), so a finding is identified independently of its line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub caps description texts at 1024 characters.
fn cap(text: &str) -> String {
    if text.chars().count() <= 1024 {
        return text.to_owned();
    }
    let mut capped: String = text.chars().take(1021).collect();
    capped.push_str("...");
    capped
}

/// The first paragraph under `## What it does`.
fn what_it_does(doc: &str) -> String {
    doc.split("## What it does")
        .nth(1)
        .and_then(|rest| rest.trim_start().split("\n\n").next())
        .unwrap_or_default()
        .replace('\n', " ")
}

fn registry_rules() -> Vec<Rule> {
    vpcsim_lint::rules()
        .iter()
        .map(|rule| {
            let meta = &rule.meta;
            let doc = meta.doc();
            Rule {
                id: meta.code.to_owned(),
                name: meta.name.to_owned(),
                short_description: Text {
                    text: cap(meta.summary),
                },
                full_description: Text {
                    text: cap(&what_it_does(&doc)),
                },
                help: Help {
                    text: cap(&doc),
                    markdown: doc,
                },
                default_configuration: Configuration {
                    level: level(meta.severity),
                },
            }
        })
        .collect()
}

fn other_rule(code: &str, severity: Severity) -> Rule {
    let (name, what) = if code == crate::report::EXPECT_CODE {
        (
            "failed-expectation",
            "An `expect:` assertion of the design does not hold.",
        )
    } else {
        (
            "design-validation",
            "The design breaks a rule AWS itself enforces, or cannot be read.",
        )
    };
    Rule {
        id: code.to_owned(),
        name: name.to_owned(),
        short_description: Text {
            text: what.to_owned(),
        },
        full_description: Text {
            text: what.to_owned(),
        },
        help: Help {
            text: format!("{what} See docs/lint.md."),
            markdown: format!("{what} See [docs/lint.md](docs/lint.md)."),
        },
        default_configuration: Configuration {
            level: level(severity),
        },
    }
}

/// A repository-relative URI with forward slashes.
fn uri(source: &SourceFile) -> String {
    let name = source.name.replace('\\', "/");
    name.strip_prefix("./").unwrap_or(&name).to_owned()
}

fn region(diagnostic: &Diagnostic, source: &SourceFile) -> Region {
    let span = diagnostic.span;
    let line = span.line.max(1);
    let column = span.column.max(1);
    let width = source
        .text
        .get(span.offset as usize..(span.offset + span.len) as usize)
        .filter(|text| !text.contains('\n') && !text.is_empty())
        .map_or(1, |text| u32::try_from(text.chars().count()).unwrap_or(1));
    Region {
        start_line: line,
        start_column: column,
        end_line: line,
        end_column: column + width,
    }
}

/// Writes one SARIF log covering every checked file.
pub(crate) fn write(out: &mut dyn Write, checked: &[Checked]) -> anyhow::Result<()> {
    let mut rules = registry_rules();
    let mut index: BTreeMap<String, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, rule)| (rule.id.clone(), i))
        .collect();
    let mut results = Vec::new();
    for file in checked {
        for diagnostic in &file.diagnostics {
            let rule_index = *index.entry(diagnostic.code.to_owned()).or_insert_with(|| {
                rules.push(other_rule(diagnostic.code, diagnostic.severity));
                rules.len() - 1
            });
            let mut text = diagnostic.message.clone();
            for note in &diagnostic.notes {
                text.push_str(&format!("\nnote: {note}"));
            }
            if let Some(help) = &diagnostic.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            results.push(SarifResult {
                rule_id: diagnostic.code,
                rule_index,
                level: level(diagnostic.severity),
                message: Text { text },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri(&file.source),
                        },
                        region: region(diagnostic, &file.source),
                    },
                    logical_locations: diagnostic
                        .resource
                        .as_deref()
                        .map(|name| LogicalLocation {
                            fully_qualified_name: name,
                            kind: "resource",
                        })
                        .into_iter()
                        .collect(),
                }],
                properties: diagnostic
                    .resource
                    .as_deref()
                    .map(|resource| Properties { resource }),
            });
        }
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "vpcsim",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    Ok(())
}
