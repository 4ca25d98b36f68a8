//! Every shape problem of a design at once: unknown keys (`SCHEMA001`), values of the wrong
//! kind and missing required keys (`SCHEMA002`), each at its `line:col` with the offending text
//! and what was expected.
//!
//! serde stops at the first problem, so when deserializing a [`crate::schema::Document`] fails,
//! `load` reads the same text again into a plain node tree (with serde-saphyr's positions, or
//! from JSON without positions) and checks it here against the design's own JSON Schema (the
//! one `vpcsim schema` prints, generated from the same serde types). Only what serde surely
//! refuses is reported: keys a `deny_unknown_fields` struct does not have, a map or a list
//! where the schema allows neither (or a scalar where it wants one), text that is not a number
//! where only a number goes, and required keys that are missing. Enumerations, patterns and
//! ranges are left to resolution, which reports them with their own codes. This runs only on
//! input serde already refused; it never makes a design load.

use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::span::{Loc, Span};

/// A YAML or JSON node as written.
#[derive(Debug)]
pub(crate) enum Node {
    /// A map, entries in order.
    Map(Vec<(Loc<Node>, Loc<Node>)>),
    /// A sequence.
    Seq(Vec<Loc<Node>>),
    /// A string (quoted or plain, not a number, boolean or null).
    Text(String),
    /// A number, as written.
    Num(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`, `~` or nothing.
    Null,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Num(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Num(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Node, E> {
                // `{:?}` keeps the decimal point (`80.0`), so `fits` can tell a fraction.
                Ok(Node::Num(format!("{v:?}")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Node, E> {
                Ok(Node::Text(v))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Loc<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Loc<Node>, Loc<Node>>()? {
                    entries.push(entry);
                }
                Ok(Node::Map(entries))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A JSON value as a node tree without positions.
pub(crate) fn from_json(value: Value) -> Loc<Node> {
    Loc::new(match value {
        Value::Null => Node::Null,
        Value::Bool(b) => Node::Bool(b),
        Value::Number(n) => Node::Num(n.to_string()),
        Value::String(s) => Node::Text(s),
        Value::Array(items) => Node::Seq(items.into_iter().map(from_json).collect()),
        Value::Object(map) => Node::Map(
            map.into_iter()
                .map(|(k, v)| (Loc::new(Node::Text(k)), from_json(v)))
                .collect(),
        ),
    })
}

/// The shape problems of a design's node tree, in document order; `text` is the source (to
/// quote what a position points at), empty for JSON.
pub(crate) fn problems(root: &Loc<Node>, text: &str) -> Vec<Diagnostic> {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<crate::schema::Document>();
    let schema = schema.as_value();
    let mut checker = Checker {
        root: schema,
        text,
        out: Vec::new(),
    };
    checker.check(root, schema, "");
    checker.out
}

struct Checker<'a> {
    root: &'a Value,
    text: &'a str,
    out: Vec<Diagnostic>,
}

/// How many `$ref`s a chain may follow (the design schema's own are one deep).
const MAX_REF_DEPTH: usize = 16;

impl<'a> Checker<'a> {
    /// `schema` with its `$ref` chain followed (`#/definitions/NAME`).
    fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..MAX_REF_DEPTH {
            let Some(target) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(found) = target
                .strip_prefix("#/definitions/")
                .and_then(|name| self.root.get("definitions")?.get(name))
            else {
                break;
            };
            schema = found;
        }
        schema
    }

    fn check(&mut self, node: &Loc<Node>, schema: &'a Value, path: &str) {
        let schema = self.resolve(schema);
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(node, part, path);
        }
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            // A fraction where a number-or-text scalar takes integers (`ports: 080`): serde
            // reads it as a float, which no branch accepts, though the text branch alone would.
            if matches!(&node.value, Node::Num(text) if text.contains(['.', 'e', 'E'])) {
                let mut expected = Vec::new();
                for branch in branches {
                    self.expected_kinds(branch, &mut expected, 0);
                }
                if !fits(&node.value, &expected) {
                    self.wrong_kind(node, &expected, path);
                    if let Some(last) = self.out.last_mut() {
                        last.help = Some("YAML reads a leading zero (`080`) or a decimal point as a fraction: write the whole number (`80`)".into());
                    }
                    return;
                }
            }
            // The branch that fits best: none of its problems, else the fewest.
            let mut best: Option<Vec<Diagnostic>> = None;
            for branch in branches {
                if !self.kind_fits(node, branch, 0) {
                    continue;
                }
                let mut sub = Checker {
                    root: self.root,
                    text: self.text,
                    out: Vec::new(),
                };
                sub.check(node, branch, path);
                if best.as_ref().is_none_or(|b| sub.out.len() < b.len()) {
                    best = Some(sub.out);
                }
                if best.as_ref().is_some_and(Vec::is_empty) {
                    break;
                }
            }
            match best {
                Some(problems) => self.out.extend(problems),
                None => {
                    let mut expected = Vec::new();
                    for branch in branches {
                        self.expected_kinds(branch, &mut expected, 0);
                    }
                    self.wrong_kind(node, &expected, path);
                    return;
                }
            }
        }
        if let Some(types) = types_of(schema)
            && !fits(&node.value, &types)
        {
            self.wrong_kind(node, &types, path);
            return;
        }
        match &node.value {
            Node::Map(entries) => self.check_map(node, entries, schema, path),
            Node::Seq(items) => {
                if let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) {
                    for (index, item) in items.iter().enumerate() {
                        self.check(item, item_schema, &format!("{path}[{index}]"));
                    }
                }
            }
            _ => {}
        }
    }

    fn check_map(
        &mut self,
        node: &Loc<Node>,
        entries: &[(Loc<Node>, Loc<Node>)],
        schema: &'a Value,
        path: &str,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        for (key, value) in entries {
            let name = match &key.value {
                Node::Text(text) | Node::Num(text) => text.clone(),
                Node::Bool(flag) => flag.to_string(),
                Node::Null => "null".to_owned(),
                Node::Map(_) | Node::Seq(_) => continue,
            };
            let child = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            if let Some(property) = properties.and_then(|p| p.get(&name)) {
                self.check(value, property, &child);
            } else if additional == Some(&Value::Bool(false)) {
                let known: Vec<String> = properties
                    .into_iter()
                    .flat_map(|p| p.keys())
                    .map(|k| format!("`{k}`"))
                    .collect();
                self.out.push(shape_error(
                    format!(
                        "unknown field `{name}` {}, expected one of {}",
                        place(path),
                        known.join(", ")
                    ),
                    key.span,
                ));
            } else if let Some(other) = additional.filter(|a| a.is_object()) {
                self.check(value, other, &child);
            }
        }
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let present = entries.iter().any(|(key, _)| {
                matches!(&key.value, Node::Text(text) | Node::Num(text) if text == required)
            });
            if !present {
                self.out.push(shape_error(
                    format!("missing field `{required}` {}", place(path)),
                    node.span,
                ));
            }
        }
    }

    /// Whether the node's kind fits `schema` at all (its `type`, through `$ref`, `anyOf`,
    /// `allOf`); a schema that names no type fits everything.
    fn kind_fits(&self, node: &Loc<Node>, schema: &'a Value, depth: usize) -> bool {
        if depth > MAX_REF_DEPTH {
            return true;
        }
        let schema = self.resolve(schema);
        if let Some(types) = types_of(schema)
            && !fits(&node.value, &types)
        {
            return false;
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array)
            && !parts.iter().all(|p| self.kind_fits(node, p, depth + 1))
        {
            return false;
        }
        match schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            Some(branches) => branches.iter().any(|b| self.kind_fits(node, b, depth + 1)),
            None => true,
        }
    }

    /// The `type`s a schema allows, through `$ref`, `anyOf` and `allOf`, in order, once each.
    fn expected_kinds(&self, schema: &'a Value, out: &mut Vec<String>, depth: usize) {
        if depth > MAX_REF_DEPTH {
            return;
        }
        let schema = self.resolve(schema);
        for kind in types_of(schema).unwrap_or_default() {
            if !out.contains(&kind) {
                out.push(kind);
            }
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for branch in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.expected_kinds(branch, out, depth + 1);
            }
        }
    }

    fn wrong_kind(&mut self, node: &Loc<Node>, expected: &[String], path: &str) {
        let expected: Vec<&str> = expected
            .iter()
            .filter(|kind| *kind != "null")
            .map(|kind| kind_name(kind))
            .collect();
        let expected = match expected.as_slice() {
            [] => "another kind of value".to_owned(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        };
        let found = match &node.value {
            Node::Map(_) => self.quoted("a map", node.span),
            Node::Seq(_) => self.quoted("a list", node.span),
            Node::Text(text) => format!("the string `{}`", shorten(text)),
            Node::Num(text) => format!("the number `{text}`"),
            Node::Bool(flag) => format!("`{flag}`"),
            Node::Null => "null".to_owned(),
        };
        let at = if path.is_empty() {
            "the top level".to_owned()
        } else {
            format!("`{path}`")
        };
        self.out.push(shape_error(
            format!("invalid type: {found} at {at}, expected {expected}"),
            node.span,
        ));
    }

    /// `what` and the source text at `span` (a flow collection to its closing bracket, else to
    /// the end of the line), shortened; `what` alone without positions (JSON).
    fn quoted(&self, what: &str, span: Span) -> String {
        let line = usize::try_from(span.line).unwrap_or(0);
        let column = usize::try_from(span.column).unwrap_or(0);
        let Some(text) = line.checked_sub(1).and_then(|l| self.text.lines().nth(l)) else {
            return what.to_owned();
        };
        if column == 0 {
            return what.to_owned();
        }
        let rest: String = text.chars().skip(column - 1).collect();
        let mut depth = 0usize;
        let mut end = rest.len();
        for (index, c) in rest.char_indices() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = index + c.len_utf8();
                        break;
                    }
                }
                _ => {}
            }
            if depth == 0 {
                // A block collection: its first line.
                break;
            }
        }
        let quote = if rest.starts_with(['[', '{']) {
            &rest[..end]
        } else {
            rest.as_str()
        };
        format!("{what} `{}`", shorten(quote.trim_end()))
    }
}

/// `in `vpcs.app`` or `at the top level`.
fn place(path: &str) -> String {
    if path.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("in `{path}`")
    }
}

/// At most 40 characters of `text`, with an ellipsis when cut.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// A schema's `type` as a list (`"string"` or `["string", "null"]`).
fn types_of(schema: &Value) -> Option<Vec<String>> {
    match schema.get("type")? {
        Value::String(kind) => Some(vec![kind.clone()]),
        Value::Array(kinds) => Some(
            kinds
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        _ => None,
    }
}

/// Whether a node surely fits one of these JSON-Schema types as serde reads them: YAML scalars
/// are read as text by string fields, so only what no reading accepts is a misfit.
fn fits(node: &Node, types: &[String]) -> bool {
    let has = |kind: &str| types.iter().any(|t| t == kind);
    let numeric = has("integer") || has("number");
    match node {
        Node::Null => true,
        Node::Map(_) => has("object"),
        Node::Seq(_) => has("array"),
        Node::Text(text) => {
            has("string")
                || (numeric && text.trim().parse::<f64>().is_ok())
                || (has("boolean") && (text == "true" || text == "false"))
        }
        // A field that takes integers reads a YAML fraction (`080`, `8.0`) as a float and
        // refuses it, even where it also takes text (ports, rule numbers).
        Node::Num(text) if text.contains(['.', 'e', 'E']) => {
            has("number") || (has("string") && !has("integer"))
        }
        Node::Num(_) => has("string") || numeric,
        Node::Bool(_) => has("string") || has("boolean"),
    }
}

/// How a JSON-Schema type is said to people.
fn kind_name(kind: &str) -> &'static str {
    match kind {
        "object" => "a map",
        "array" => "a list",
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        _ => "a value",
    }
}

/// Turns a serde message into a diagnostic, adding "did you mean" for unknown fields/variants.
pub(crate) fn shape_error(message: String, span: Span) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return Diagnostic::error(
            "YAML002",
            span,
            format!("`{key}` is defined twice in the same map"),
        )
        .with_help("names are ids: give the second one another name, or merge the two");
    }
    let mut diagnostic = if message.contains("unknown field") {
        Diagnostic::error("SCHEMA001", span, message.clone())
    } else if message.contains("missing field") || message.contains("invalid type") {
        Diagnostic::error("SCHEMA002", span, message.clone())
    } else {
        Diagnostic::error("YAML001", span, message.clone())
    };
    if let Some(unknown) = between(&message, "unknown field `", "`")
        && let Some(list) = message
            .split("expected one of ")
            .nth(1)
            .or_else(|| message.split("expected ").nth(1))
    {
        let candidates: Vec<&str> = list
            .split(',')
            .map(|item| item.trim().trim_matches('`').trim_end_matches('.'))
            .filter(|item| !item.is_empty())
            .collect();
        if let Some(suggestion) =
            crate::diagnostic::did_you_mean(unknown, candidates.iter().copied())
        {
            diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
        }
    }
    diagnostic
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

#[cfg(test)]
mod tests {
    use crate::load::{SourceFile, parse_document, parse_yaml_reference};

    fn errors(name: &str, text: &str) -> Vec<(String, u32, u32)> {
        parse_document(&SourceFile {
            name: name.into(),
            text: text.into(),
        })
        .unwrap_err()
        .into_iter()
        .map(|d| (d.code.to_owned(), d.span.line, d.span.column))
        .collect()
    }

    #[test]
    fn independent_shape_errors_come_together_in_order() {
        let text = "version: 1\nvpcs:\n  app:\n    cidr: 10.0.0.0/16\n    subnetz: {}\n    subnets: [a]\n    security_groups:\n      web:\n        ingress:\n          - { ports: 80, from: 0.0.0.0/0 }\n";
        assert_eq!(
            errors("d.yaml", text),
            [
                ("SCHEMA001".into(), 5, 5),
                ("SCHEMA002".into(), 6, 14),
                ("SCHEMA002".into(), 10, 13),
            ]
        );
        // JSON: the same problems, serde's first one with its position, the others named by
        // their path.
        let json = r#"{"vpcs": {"app": {"cidr": "10.0.0.0/16", "subnetz": {}, "subnets": ["a"]}}}"#;
        let found = parse_document(&SourceFile {
            name: "d.json".into(),
            text: json.into(),
        })
        .unwrap_err();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].code, "SCHEMA001");
        assert_eq!(found[0].span.line, 1);
        assert!(found[1].message.contains("`vpcs.app.subnets`"), "{found:?}");
    }

    #[test]
    fn a_syntax_error_stays_alone() {
        let found = errors("d.yaml", "vpcs:\n  app:\n    cidr: [\n    bogus: 1\n");
        assert_eq!(found.len(), 1, "{found:?}");
    }

    /// Deep nesting under a wrong key is refused by the parsers' depth limits, never a stack
    /// overflow in the second read.
    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let yaml = format!(
            "vpcs:\n  a:\n    bogus: {}{}\n",
            "[".repeat(5000),
            "]".repeat(5000)
        );
        assert!(!errors("d.yaml", &yaml).is_empty());
        let json = format!(
            "{{\"vpcs\": {{\"a\": {{\"bogus\": {}{}}}}}}}",
            "[".repeat(120),
            "]".repeat(120)
        );
        assert!(!errors("d.json", &json).is_empty());
    }

    /// The check reports only what serde refuses: on every design vpcsim loads, it finds
    /// nothing (a false problem here would be shown next to a real one).
    #[test]
    fn no_problem_is_found_in_any_design_that_loads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut checked = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                if !text.lines().any(|l| l.starts_with("vpcs:"))
                    || parse_yaml_reference(&text).is_err()
                {
                    continue;
                }
                let tree: crate::span::Loc<super::Node> =
                    serde_saphyr::from_str_with_options(&text, crate::load::saphyr_options())
                        .unwrap();
                let problems = super::problems(&tree, &text);
                assert!(problems.is_empty(), "{}: {problems:?}", path.display());
                checked += 1;
            }
        }
        assert!(checked > 30, "{checked}");
    }
}
