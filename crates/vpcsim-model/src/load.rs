//! Parsing design files (YAML or JSON) into a [`Document`].
//!
//! The parser sits behind this one module so it can be swapped. YAML goes through serde-saphyr
//! (values keep line:column); JSON through serde_json (about 20x faster, no value spans), which is
//! why large generated estates should be stored as JSON.

use crate::diagnostic::Diagnostic;
use crate::schema::Document;
use crate::span::{FileId, Span};

/// A source file as read: its display name and full text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Name shown in diagnostics (the path as the user gave it).
    pub name: String,
    /// Full text.
    pub text: String,
}

/// Which syntax a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML (also accepts JSON, which is YAML, but slower).
    Yaml,
    /// JSON.
    Json,
}

impl Syntax {
    /// Guesses the syntax from the file name, then from the first non-blank character.
    pub fn detect(name: &str, text: &str) -> Syntax {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            return Syntax::Json;
        }
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            return Syntax::Yaml;
        }
        match text.trim_start().chars().next() {
            Some('{') => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// Parses a design file. On failure returns every problem found: a syntax error alone, or every
/// shape problem (unknown keys, wrong kinds, missing keys; `shape.rs`) at once.
pub fn parse_document(source: &SourceFile) -> Result<Document, Vec<Diagnostic>> {
    match Syntax::detect(&source.name, &source.text) {
        Syntax::Json => parse_json(&source.text),
        Syntax::Yaml => parse_yaml(&source.text),
    }
}

fn parse_yaml(text: &str) -> Result<Document, Vec<Diagnostic>> {
    // Most design files are in the subset the fast path reads; it returns exactly what
    // serde-saphyr would, or declines (see `yaml_fast`).
    if let Some(document) = crate::yaml_fast::parse(text) {
        return Ok(document);
    }
    parse_yaml_reference(text)
}

/// Parses YAML with the reference parser (serde-saphyr) only, bypassing the fast path; for
/// tests and benchmarks that check the two agree.
#[doc(hidden)]
pub fn parse_yaml_reference(text: &str) -> Result<Document, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("YAML001", Span::UNKNOWN, "the design file is empty")
                .with_help("start from `version: 1` and a `vpcs:` map; see docs/yaml-reference.md"),
        ]);
    }
    serde_saphyr::from_str_with_options::<Document>(text, saphyr_options()).map_err(|error| {
        let span = error
            .location()
            .map(|location| Span {
                file: FileId(0),
                line: u32::try_from(location.line()).unwrap_or(0),
                column: u32::try_from(location.column()).unwrap_or(0),
                offset: location
                    .span()
                    .byte_offset()
                    .and_then(|o| u32::try_from(o).ok())
                    .unwrap_or(0),
                len: location
                    .span()
                    .byte_len()
                    .and_then(|l| u32::try_from(l).ok())
                    .unwrap_or(0),
            })
            .unwrap_or(Span::UNKNOWN);
        let message = strip_location_prefix(&error.to_string());
        // serde stops at the first problem: the other shape problems come from the node tree.
        let others = serde_saphyr::from_str_with_options::<crate::span::Loc<crate::shape::Node>>(
            text,
            saphyr_options(),
        )
        .map(|root| crate::shape::problems(&root, text))
        .unwrap_or_default();
        merge_shape_problems(crate::shape::shape_error(message, span), others)
    })
}

/// serde's first error together with the other shape problems, in document order: serde's own
/// is dropped when one of the others is on its line (the same problem, better said).
fn merge_shape_problems(first: Diagnostic, others: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut all = others;
    if !all.iter().any(|d| d.span.line == first.span.line) {
        all.push(first);
    }
    all.sort_by_key(|d| (d.span.line, d.span.column));
    all
}

/// The serde-saphyr options of every design parse.
pub(crate) fn saphyr_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        reject_unsupported_tags: true,
        with_snippet: false,
        // A 100k-ENI estate is ~35 MB and several million events; the defaults (1M events,
        // 250k nodes) would refuse it. Alias expansion keeps its default limits (billion laughs).
        budget: serde_saphyr::budget! {
            max_events: 1_000_000_000,
            max_nodes: 1_000_000_000,
            max_total_scalar_bytes: 2_000_000_000,
            max_reader_input_bytes: Some(2_000_000_000),
        },
    }
}

fn parse_json(text: &str) -> Result<Document, Vec<Diagnostic>> {
    crate::span::without_spans(|| serde_json::from_str::<Document>(text)).map_err(|error| {
        let span = Span {
            file: FileId(0),
            line: u32::try_from(error.line()).unwrap_or(0),
            column: u32::try_from(error.column()).unwrap_or(0),
            offset: 0,
            len: 0,
        };
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_owned(),
            None => message,
        };
        // A JSON syntax error is not a YAML one: its own code (it carried YAML001).
        match error.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                vec![Diagnostic::error("JSON001", span, message).with_help(
                    "the file is not valid JSON; check the brackets and commas near this position",
                )]
            }
            _ => {
                // serde stops at the first problem; the JSON value tree gives the others (their
                // positions unknown: JSON designs carry none; each message names its path).
                let mut others = serde_json::from_str::<serde_json::Value>(text)
                    .map(|value| crate::shape::problems(&crate::shape::from_json(value), ""))
                    .unwrap_or_default();
                let first = crate::shape::shape_error(message, span);
                // Both read in document order: serde's first problem is the tree's first one
                // when they agree on its kind, which then takes serde's position.
                match others.first_mut() {
                    Some(same) if same.code == first.code => {
                        same.span = first.span;
                        others
                    }
                    _ => {
                        others.insert(0, first);
                        others
                    }
                }
            }
        }
    })
}

/// serde-saphyr puts "line L column C: " before some messages and " at line L, column C" after
/// others; vpcsim renders positions itself, so both are cut.
fn strip_location_prefix(message: &str) -> String {
    let mut text = message.lines().next().unwrap_or(message);
    if let Some(rest) = text.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        text = &rest[idx + 2..];
    }
    if let Some(idx) = text.rfind(" at line ")
        && text[idx..].contains("column")
    {
        text = &text[..idx];
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Result<Document, Vec<Diagnostic>> {
        parse_document(&SourceFile {
            name: "t.yaml".into(),
            text: text.into(),
        })
    }

    #[test]
    fn values_keep_their_positions() {
        let doc = yaml("version: 1\nvpcs:\n  main:\n    cidr: 10.0.0.0/16\n").unwrap();
        let (name, vpc) = doc.vpcs.iter().next().unwrap();
        assert_eq!(name.value, "main");
        assert_eq!((name.span.line, name.span.column), (3, 3));
        assert_eq!((vpc.cidr.span.line, vpc.cidr.span.column), (4, 11));
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let errors = yaml("vpcs:\n  main:\n    cidr: 10.0.0.0/16\n    subnetz: {}\n").unwrap_err();
        assert_eq!(errors[0].code, "SCHEMA001");
        assert_eq!(errors[0].span.line, 4);
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `subnets`?"));
    }

    #[test]
    fn json_loads_the_same_schema() {
        let doc = parse_document(&SourceFile {
            name: "t.json".into(),
            text: r#"{"vpcs":{"main":{"cidr":["10.0.0.0/16","10.1.0.0/16"]}}}"#.into(),
        })
        .unwrap();
        assert_eq!(doc.vpcs[0].cidr.as_slice().len(), 2);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for text in [
            "",
            "- a\n- b",
            "vpcs: 3",
            ":::",
            "vpcs:\n  a:\n    cidr: [\n",
        ] {
            assert!(yaml(text).is_err(), "{text:?}");
        }
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn large_designs_are_not_refused_by_the_parser_budget() {
        // ~1.5M parser events: over serde-saphyr's default budget of 1M.
        let mut text = String::from(
            "vpcs:\n  big:\n    cidr: 10.0.0.0/16\n    security_groups:\n      sg:\n        ingress:\n",
        );
        for i in 0..130_000 {
            text.push_str(&format!(
                "          - {{ proto: tcp, ports: {}, from: 10.0.0.0/16 }}\n",
                i % 65535 + 1
            ));
        }
        let parsed = parse_document(&SourceFile {
            name: "big.yaml".into(),
            text,
        });
        assert!(parsed.is_ok(), "{:?}", parsed.err());
    }
}
