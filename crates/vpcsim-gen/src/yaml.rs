//! A small YAML emitter for generated documents, in the style people write design files:
//! block maps for structure, one-line flow maps and lists for leaves
//! (`- { proto: tcp, ports: 443, from: 0.0.0.0/0 }`, as in docs/design.md's examples).
//!
//! serde-saphyr's serializer writes every leaf in block style, which makes the L estate about a
//! third larger than this form, and YAML load time grows with bytes. The emitter works on the
//! `serde_json::Value` of the document (so field names and skipping rules come from the schema's
//! serde attributes) and quotes every string that YAML could read as anything but that string;
//! the round-trip tests load its output back through `vpcsim_model::parse_document`.

use serde_json::{Map, Value};

/// Longest flow collection kept on one line (past it, the value goes to block style).
const FLOW_LIMIT: usize = 110;

/// Where in the document a value sits: structural levels always use block style, so a small
/// estate still reads `vpcs:` / `NAME:` / `subnets:` on their own lines.
#[derive(Debug, Clone, Copy)]
struct Level {
    /// Map nesting depth (top-level fields are at 1).
    depth: usize,
    /// Inside the top-level `vpcs` map, where structure goes three levels deep.
    in_vpcs: bool,
}

impl Level {
    fn may_flow(self) -> bool {
        if self.in_vpcs {
            self.depth >= 4
        } else {
            self.depth >= 2
        }
    }

    fn child(self, key: &str) -> Level {
        Level {
            depth: self.depth + 1,
            in_vpcs: self.in_vpcs || (self.depth == 0 && key == "vpcs"),
        }
    }
}

/// Emits `value` (a map at top level) as block YAML.
pub(crate) fn emit(value: &Value, out: &mut String) {
    let root = Level {
        depth: 0,
        in_vpcs: false,
    };
    match value {
        Value::Object(map) => emit_map(map, 0, out, false, root),
        other => {
            scalar_or_flow(other, out);
            out.push('\n');
        }
    }
}

fn indent(out: &mut String, width: usize) {
    out.extend(std::iter::repeat_n(' ', width));
}

/// Block map at `width`; when `after_dash`, the first key continues a `- ` line.
fn emit_map(
    map: &Map<String, Value>,
    width: usize,
    out: &mut String,
    after_dash: bool,
    level: Level,
) {
    for (position, (key, value)) in map.iter().enumerate() {
        if position > 0 || !after_dash {
            indent(out, width);
        }
        string(key, out);
        out.push(':');
        emit_value(value, width, out, level.child(key));
    }
}

/// The part after `key:`: a one-line value, or a newline and an indented block.
fn emit_value(value: &Value, width: usize, out: &mut String, level: Level) {
    let mut line = String::new();
    let is_collection = matches!(value, Value::Object(_) | Value::Array(_));
    if (!is_collection || level.may_flow()) && flow(value, &mut line) {
        out.push(' ');
        out.push_str(&line);
        out.push('\n');
        return;
    }
    out.push('\n');
    match value {
        Value::Object(map) => emit_map(map, width + 2, out, false, level),
        Value::Array(items) => emit_list(items, width, out, level),
        // Scalars always fit on one line; `flow` only refuses long collections.
        other => {
            indent(out, width + 2);
            scalar_or_flow(other, out);
            out.push('\n');
        }
    }
}

/// Block list whose dashes sit at `width` (the compact style: `key:\n- item`).
fn emit_list(items: &[Value], width: usize, out: &mut String, level: Level) {
    for item in items {
        indent(out, width);
        out.push_str("- ");
        let mut line = String::new();
        if flow(item, &mut line) {
            out.push_str(&line);
            out.push('\n');
            continue;
        }
        match item {
            Value::Object(map) => emit_map(map, width + 2, out, true, level),
            Value::Array(inner) => {
                out.push('\n');
                emit_list(inner, width + 2, out, level);
            }
            other => {
                scalar_or_flow(other, out);
                out.push('\n');
            }
        }
    }
}

/// Writes `value` in flow style into `line`; false when it would exceed [`FLOW_LIMIT`].
fn flow(value: &Value, line: &mut String) -> bool {
    match value {
        Value::Object(map) if map.is_empty() => line.push_str("{}"),
        Value::Array(items) if items.is_empty() => line.push_str("[]"),
        Value::Object(map) => {
            line.push_str("{ ");
            for (position, (key, item)) in map.iter().enumerate() {
                if position > 0 {
                    line.push_str(", ");
                }
                string(key, line);
                line.push_str(": ");
                if !flow(item, line) {
                    return false;
                }
            }
            line.push_str(" }");
        }
        Value::Array(items) => {
            line.push('[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    line.push_str(", ");
                }
                if !flow(item, line) {
                    return false;
                }
            }
            line.push(']');
        }
        scalar => scalar_or_flow(scalar, line),
    }
    line.len() <= FLOW_LIMIT
}

fn scalar_or_flow(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => string(text, out),
        collection => {
            // Only reached for collections, which callers route through `flow`/block emitters;
            // JSON text is valid flow YAML, so this stays correct if that ever changes.
            out.push_str(&collection.to_string());
        }
    }
}

/// A string, plain when YAML reads it back as the same string, else double-quoted.
fn string(text: &str, out: &mut String) {
    if is_plain_safe(text) {
        out.push_str(text);
    } else {
        // A JSON string literal is a valid YAML double-quoted scalar with the same value.
        out.push_str(&Value::String(text.to_owned()).to_string());
    }
}

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().last().unwrap_or(first);
    first.is_ascii_alphanumeric()
        && last != ':'
        && last != ' '
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " ._/:-+()".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && text.parse::<f64>().is_err()
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "nan" | "inf"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_strings_are_quoted() {
        for (text, expected) in [
            ("10.0.0.0/20", "10.0.0.0/20"),
            ("sg:app-sg", "sg:app-sg"),
            ("8081-8082", "8081-8082"),
            ("temporary: open SSH", "\"temporary: open SSH\""),
            ("22", "\"22\""),
            ("1e3", "\"1e3\""),
            ("yes", "\"yes\""),
            ("", "\"\""),
            ("-x", "\"-x\""),
        ] {
            let mut out = String::new();
            string(text, &mut out);
            assert_eq!(out, expected);
        }
    }

    #[test]
    fn leaves_flow_and_structure_blocks() {
        let value: Value = serde_json::from_str(
            r#"{"vpcs":{"a":{"cidr":"10.0.0.0/20","rules":[{"proto":"tcp","ports":80},{"proto":"all"}]}}}"#,
        )
        .unwrap_or(Value::Null);
        let mut out = String::new();
        emit(&value, &mut out);
        assert_eq!(
            out,
            "vpcs:\n  a:\n    cidr: 10.0.0.0/20\n    rules:\n    - { proto: tcp, ports: 80 }\n    - { proto: all }\n"
        );
    }
}
