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
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult<'a>>,
}

/// The run itself: whether every input was usable, and what importers could not carry over
/// (shown by GitHub as tool notifications, not as alerts).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    /// The configuration files whose options applied (`vpcsim.toml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<InvocationProperties>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct InvocationProperties {
    configs: Vec<String>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<NotificationLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: NotificationPhysical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationPhysical {
    artifact_location: ArtifactLocation,
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
    /// The rule's page in the repository; only when the package names one (`help_uri`).
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

/// The documentation page of lint rule `code` (`docs/rules/CODE.md`) in `repository`, the
/// package's `repository` URL from Cargo.toml. The workspace sets none today (the project has
/// no public address yet), so no `helpUri` is written and the rule help is embedded instead;
/// one appears as soon as an `https://` repository URL is set.
fn help_uri(repository: &str, code: &str) -> Option<String> {
    let repository = repository.trim().trim_end_matches('/');
    (repository.starts_with("https://")
        && repository.len() > "https://".len()
        && !repository.contains(char::is_whitespace))
    .then(|| format!("{repository}/blob/HEAD/docs/rules/{code}.md"))
}

/// GitHub code scanning reads `tags` and, for security alerts, `security-severity` (a CVSS-like
/// score: ≥ 7 high, ≥ 4 medium).
#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

/// Tags and security severity of a lint rule: rules about what the internet or other networks
/// can reach (exposure, security groups, NACLs, databases) are security rules.
fn rule_properties(category: vpcsim_lint::Category, severity: Severity) -> RuleProperties {
    use vpcsim_lint::Category;
    let security = matches!(
        category,
        Category::Exposure | Category::Sg | Category::Nacl | Category::Db
    );
    let area = match category {
        Category::Cidr => "addressing",
        Category::Route => "routing",
        Category::Sg => "security-group",
        Category::Nacl => "network-acl",
        Category::Lb => "load-balancer",
        Category::Db => "database",
        Category::Eip => "elastic-ip",
        Category::Exposure => "exposure",
    };
    let mut tags = vec!["aws", "network", area];
    if security {
        tags.insert(0, "security");
    } else {
        tags.insert(0, "correctness");
    }
    RuleProperties {
        tags,
        security_severity: security.then_some(match severity {
            Severity::Error => "8.0",
            Severity::Warning => "5.5",
            Severity::Info => "2.0",
        }),
    }
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
    /// Line-independent identity (rule, file, resource), so that results of one rule in one
    /// plan (all at line 1 before) never merge into one alert and survive edits elsewhere.
    partial_fingerprints: BTreeMap<&'static str, String>,
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
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
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
                help_uri: help_uri(env!("CARGO_PKG_REPOSITORY"), meta.code),
                default_configuration: Configuration {
                    level: level(meta.severity),
                },
                properties: rule_properties(meta.category, meta.severity),
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
    } else if crate::report::is_policy_violation(code) {
        (
            "policy-violation",
            "A network policy does not hold over every flow (docs/policies.md); the result names the policy id and a witness flow.",
        )
    } else if code.starts_with("POL") {
        (
            "policy-input",
            "A network policy cannot be read or selects nothing (docs/policies.md).",
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
        help_uri: None,
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties {
            tags: vec!["correctness", "aws", "network", "validation"],
            security_severity: None,
        },
    }
}

/// A result location: relative to `%SRCROOT%` (the checkout GitHub resolves it to; no absolute
/// base is written, so the log is the same from any directory) with forward slashes; an
/// absolute path inside the working directory is made relative, one outside it stays an
/// absolute `file://` URI.
fn artifact(source: &SourceFile) -> ArtifactLocation {
    let path = std::path::Path::new(&source.name);
    if path.is_absolute() {
        let relative = std::env::current_dir().ok().and_then(|cwd| {
            path.strip_prefix(cwd)
                .ok()
                .map(std::path::Path::to_path_buf)
        });
        return match relative {
            Some(relative) => ArtifactLocation {
                uri: relative.to_string_lossy().replace('\\', "/"),
                uri_base_id: Some("%SRCROOT%"),
            },
            None => ArtifactLocation {
                uri: format!("file://{}", source.name.replace('\\', "/")),
                uri_base_id: None,
            },
        };
    }
    ArtifactLocation {
        uri: crate::report::report_path(&source.name),
        uri_base_id: Some("%SRCROOT%"),
    }
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
    let mut notifications = Vec::new();
    for file in checked {
        for note in &file.import_notes {
            notifications.push(Notification {
                level: if note.starts_with("info") {
                    "note"
                } else {
                    "warning"
                },
                message: Text { text: note.clone() },
                locations: vec![NotificationLocation {
                    physical_location: NotificationPhysical {
                        artifact_location: artifact(&file.source),
                    },
                }],
            });
        }
        let fingerprints = crate::report::fingerprints(file);
        for (diagnostic, fingerprint) in file.diagnostics.iter().zip(fingerprints) {
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
                        artifact_location: artifact(&file.source),
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
                partial_fingerprints: BTreeMap::from([("vpcsimFindingId/v1", fingerprint)]),
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
            invocations: vec![Invocation {
                execution_successful: checked.iter().all(|file| file.usable),
                properties: {
                    let configs = crate::report::configs_used(checked);
                    (!configs.is_empty()).then_some(InvocationProperties { configs })
                },
                tool_execution_notifications: notifications,
            }],
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::help_uri;

    #[test]
    fn help_uri_only_for_a_real_repository_url() {
        assert_eq!(
            help_uri("https://github.com/acme/vpcsim/", "SG001").as_deref(),
            Some("https://github.com/acme/vpcsim/blob/HEAD/docs/rules/SG001.md")
        );
        for none in ["", "https://", "git@github.com:acme/vpcsim", "https://a b"] {
            assert_eq!(help_uri(none, "SG001"), None, "{none:?}");
        }
        // A build whose Cargo.toml names no repository (this one, today) writes no helpUri.
        if env!("CARGO_PKG_REPOSITORY").is_empty() {
            assert_eq!(help_uri(env!("CARGO_PKG_REPOSITORY"), "SG001"), None);
        }
    }
}
