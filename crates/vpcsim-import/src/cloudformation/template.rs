//! A CloudFormation template read into a small value tree that keeps the line and column of
//! every node, from YAML (with the short-form tags `!Ref`, `!GetAtt`, `!Sub`, …) or JSON.
//!
//! serde's YAML deserialisers drop tags, so the template is read from the event stream of
//! `granit-parser` (the parser under serde-saphyr) and every short-form tag is rewritten to
//! its long form as CloudFormation does: `!Ref X` → `{Ref: X}`, `!GetAtt A.B` →
//! `{Fn::GetAtt: [A, B]}`, `!Sub s` → `{Fn::Sub: s}`. JSON is a subset of YAML's flow style,
//! so both formats go through the same reader.

use std::collections::BTreeMap;

use granit_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};

/// Where a node was written: 1-based line and column, byte offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) offset: u32,
    pub(crate) len: u32,
}

impl Pos {
    fn of(span: &YamlSpan) -> Pos {
        let start = span.start.byte_offset().unwrap_or(0);
        let end = span.end.byte_offset().unwrap_or(start);
        Pos {
            line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
            column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
            offset: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(end.saturating_sub(start)).unwrap_or(0),
        }
    }

    /// A model span in the template (file 0 of the load).
    pub(crate) fn span(self) -> vpcsim_model::Span {
        vpcsim_model::Span {
            file: vpcsim_model::span::FileId(0),
            line: self.line,
            column: self.column,
            offset: self.offset,
            len: self.len,
        }
    }
}

/// A node of the template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `null`, `~` or an empty plain scalar.
    Null(Pos),
    /// Any other scalar, as written (numbers and booleans stay text; CloudFormation
    /// converts them to strings anyway). `plain` is false for quoted scalars.
    Scalar {
        text: String,
        plain: bool,
        pos: Pos,
    },
    Seq(Vec<Node>, Pos),
    /// Keys in template order.
    Map(Vec<(String, Node)>, Pos),
}

impl Node {
    pub(crate) fn pos(&self) -> Pos {
        match self {
            Node::Null(pos) | Node::Seq(_, pos) | Node::Map(_, pos) => *pos,
            Node::Scalar { pos, .. } => *pos,
        }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries, _) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub(crate) fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Map(entries, _) => entries,
            _ => &[],
        }
    }
}

/// A syntax error, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// The long form of a short-form tag (`Ref`, `Fn::Sub`, `Condition`), if it is one.
fn long_form(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "GetAtt" => "Fn::GetAtt",
        "Sub" => "Fn::Sub",
        "Join" => "Fn::Join",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "If" => "Fn::If",
        "Equals" => "Fn::Equals",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "Not" => "Fn::Not",
        "FindInMap" => "Fn::FindInMap",
        "GetAZs" => "Fn::GetAZs",
        "Cidr" => "Fn::Cidr",
        "ImportValue" => "Fn::ImportValue",
        "Base64" => "Fn::Base64",
        "Transform" => "Fn::Transform",
        "Length" => "Fn::Length",
        "ToJsonString" => "Fn::ToJsonString",
        "ForEach" => "Fn::ForEach",
        _ => return None,
    })
}

struct Reader<'a> {
    events: Parser<'a, granit_parser::StrInput<'a>>,
    anchors: BTreeMap<usize, Node>,
    /// Nodes copied by aliases so far, against "billion laughs" documents.
    expanded: usize,
}

/// The most nodes aliases may copy in one template.
const MAX_ALIAS_EXPANSION: usize = 1_000_000;

/// The number of nodes in `node`, counting at most up to `limit`.
fn size(node: &Node, limit: usize) -> usize {
    let mut count = 1;
    let children: Box<dyn Iterator<Item = &Node>> = match node {
        Node::Seq(items, _) => Box::new(items.iter()),
        Node::Map(entries, _) => Box::new(entries.iter().map(|(_, v)| v)),
        _ => return 1,
    };
    for child in children {
        if count > limit {
            break;
        }
        count += size(child, limit - count);
    }
    count
}

fn error_at(pos: Pos, message: impl Into<String>) -> SyntaxError {
    SyntaxError {
        line: pos.line as usize,
        column: pos.column as usize,
        message: message.into(),
    }
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<Option<(Event<'a>, Pos)>, SyntaxError> {
        loop {
            match self.events.next() {
                None => return Ok(None),
                Some(Err(error)) => {
                    let mark = error.marker();
                    return Err(SyntaxError {
                        line: mark.line(),
                        column: mark.col() + 1,
                        message: error.info(),
                    });
                }
                Some(Ok((event, span))) => {
                    let pos = Pos::of(&span);
                    match event {
                        Event::StreamStart
                        | Event::StreamEnd
                        | Event::DocumentStart(..)
                        | Event::DocumentEnd
                        | Event::SequenceEnd
                        | Event::MappingEnd
                        | Event::Scalar(..)
                        | Event::SequenceStart(..)
                        | Event::MappingStart(..)
                        | Event::Alias(..) => return Ok(Some((event, pos))),
                        _ => {} // comments, anchor metadata
                    }
                }
            }
        }
    }

    /// Reads the node that starts with `first`.
    fn node(&mut self, first: Event<'a>, pos: Pos, depth: usize) -> Result<Node, SyntaxError> {
        if depth > 200 {
            return Err(error_at(pos, "template nested more than 200 levels deep"));
        }
        let (node, anchor, tag) = match first {
            Event::Alias(id) => {
                let node = self
                    .anchors
                    .get(&id)
                    .ok_or_else(|| error_at(pos, "alias to an unknown anchor"))?;
                self.expanded += size(node, MAX_ALIAS_EXPANSION);
                if self.expanded > MAX_ALIAS_EXPANSION {
                    return Err(error_at(
                        pos,
                        format!("aliases expand to more than {MAX_ALIAS_EXPANSION} nodes"),
                    ));
                }
                return Ok(node.clone());
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                let node = if plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Node::Null(pos)
                } else {
                    Node::Scalar {
                        text: text.into_owned(),
                        plain,
                        pos,
                    }
                };
                (node, anchor, tag.map(|t| t.into_owned()))
            }
            Event::SequenceStart(_, anchor, tag) => {
                let mut items = Vec::new();
                loop {
                    let Some((event, item_pos)) = self.next()? else {
                        return Err(error_at(pos, "unterminated sequence"));
                    };
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, item_pos, depth + 1)?);
                }
                (Node::Seq(items, pos), anchor, tag.map(|t| t.into_owned()))
            }
            Event::MappingStart(_, anchor, tag) => {
                let mut entries: Vec<(String, Node)> = Vec::new();
                loop {
                    let Some((event, key_pos)) = self.next()? else {
                        return Err(error_at(pos, "unterminated mapping"));
                    };
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = match self.node(event, key_pos, depth + 1)? {
                        Node::Scalar { text, .. } => text,
                        Node::Null(_) => String::new(),
                        _ => return Err(error_at(key_pos, "a mapping key must be a scalar")),
                    };
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(error_at(key_pos, format!("duplicate key `{key}`")));
                    }
                    let Some((event, value_pos)) = self.next()? else {
                        return Err(error_at(key_pos, "mapping key without a value"));
                    };
                    let value = self.node(event, value_pos, depth + 1)?;
                    entries.push((key, value));
                }
                (Node::Map(entries, pos), anchor, tag.map(|t| t.into_owned()))
            }
            _ => return Err(error_at(pos, "unexpected YAML event")),
        };
        let node = match tag {
            Some(tag) if tag.handle() == "!" => match long_form(tag.suffix()) {
                Some(long) => {
                    let node = if long == "Fn::GetAtt" {
                        match node {
                            Node::Scalar { text, plain, pos } => {
                                let (resource, attribute) =
                                    text.split_once('.').unwrap_or((text.as_str(), ""));
                                Node::Seq(
                                    vec![
                                        Node::Scalar {
                                            text: resource.to_owned(),
                                            plain,
                                            pos,
                                        },
                                        Node::Scalar {
                                            text: attribute.to_owned(),
                                            plain,
                                            pos,
                                        },
                                    ],
                                    pos,
                                )
                            }
                            other => other,
                        }
                    } else {
                        node
                    };
                    let pos = node.pos();
                    Node::Map(vec![(long.to_owned(), node)], pos)
                }
                None => {
                    return Err(error_at(
                        pos,
                        format!(
                            "unknown tag `!{}` (not a CloudFormation intrinsic function)",
                            tag.suffix()
                        ),
                    ));
                }
            },
            _ => node,
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

/// Parses a template (YAML or JSON) into its root node.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut reader = Reader {
        events: Parser::new_from_str(text),
        anchors: BTreeMap::new(),
        expanded: 0,
    };
    let mut root = None;
    while let Some((event, pos)) = reader.next()? {
        match event {
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) => {
                if root.is_some() {
                    return Err(error_at(pos, "more than one YAML document in the template"));
                }
                root = Some(reader.node(event, pos, 0)?);
            }
            Event::Alias(_) => return Err(error_at(pos, "the template is an alias")),
            _ => {}
        }
    }
    root.ok_or_else(|| SyntaxError {
        line: 1,
        column: 1,
        message: "the template is empty".to_owned(),
    })
}

/// Whether a text looks like a CloudFormation template: `AWSTemplateFormatVersion` or a
/// `Resources` section with `AWS::` types, checked on the text without parsing it.
pub(crate) fn looks_like_template(text: &str) -> bool {
    let head: String = text.chars().take(64 * 1024).collect();
    // As a key: at the start of a YAML line, or a JSON key (not inside an escaped string, as
    // in a Terraform plan's `template_body`).
    let yaml_key = head
        .lines()
        .any(|l| l.starts_with("AWSTemplateFormatVersion:"));
    let json_key = head
        .match_indices("\"AWSTemplateFormatVersion\"")
        .any(|(at, m)| {
            !head[..at].ends_with('\\') && head[at + m.len()..].trim_start().starts_with(':')
        });
    if yaml_key || json_key {
        return true;
    }
    let has_resources = head
        .lines()
        .any(|l| l.starts_with("Resources:") || l.contains("\"Resources\""));
    let has_type = head.match_indices("Type").any(|(at, _)| {
        let rest = head[at + 4..].trim_start_matches(['"', '\'', ':', ' ', '\t']);
        rest.starts_with("AWS::") || rest.starts_with("Custom::")
    });
    has_resources && has_type
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_keys(node: &Node) -> Vec<&str> {
        node.entries().iter().map(|(k, _)| k.as_str()).collect()
    }

    #[test]
    fn short_form_tags_become_long_form() {
        let root = parse(
            "A: !Ref X\nB: !GetAtt R.Attr\nC: !GetAtt [R, Attr]\nD: !Sub 'x-${AWS::Region}'\nE: !If [C, !Ref A, !Ref AWS::NoValue]\n",
        )
        .unwrap();
        assert_eq!(map_keys(root.get("A").unwrap()), ["Ref"]);
        let b = root.get("B").unwrap().get("Fn::GetAtt").unwrap();
        let c = root.get("C").unwrap().get("Fn::GetAtt").unwrap();
        let strip = |n: &Node| match n {
            Node::Seq(items, _) => items
                .iter()
                .map(|i| i.as_str().unwrap().to_owned())
                .collect::<Vec<_>>(),
            _ => vec![],
        };
        assert_eq!(strip(b), ["R", "Attr"]);
        assert_eq!(strip(c), ["R", "Attr"]);
        assert_eq!(map_keys(root.get("D").unwrap()), ["Fn::Sub"]);
        assert_eq!(map_keys(root.get("E").unwrap()), ["Fn::If"]);
    }

    #[test]
    fn positions_are_one_based() {
        let root = parse("Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n").unwrap();
        let ty = root
            .get("Resources")
            .unwrap()
            .get("SG")
            .unwrap()
            .get("Type")
            .unwrap();
        assert_eq!((ty.pos().line, ty.pos().column), (3, 11));
    }

    #[test]
    fn json_templates_parse() {
        let root = parse("{\n  \"Resources\": {\"V\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": {\"Ref\": \"P\"}}}}\n}").unwrap();
        let v = root.get("Resources").unwrap().get("V").unwrap();
        assert_eq!(v.get("Type").unwrap().as_str(), Some("AWS::EC2::VPC"));
        assert_eq!(v.pos().line, 2);
    }

    #[test]
    fn errors_have_positions() {
        let error = parse("A: !Bogus x\n").unwrap_err();
        assert_eq!(error.line, 1);
        assert!(error.message.contains("!Bogus"));
        let error = parse("A: 1\nA: 2\n").unwrap_err();
        assert_eq!(error.line, 2);
        let error = parse("A: [1, 2\n").unwrap_err();
        assert!(error.line >= 1, "{error:?}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let prev = format!("*a{}", level - 1);
            let items = [prev.as_str(); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("aliases expand"), "{error:?}");
        // Ordinary anchors still work.
        let root = parse("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(root.get("b").unwrap().get("k").unwrap().as_str(), Some("v"));
    }

    #[test]
    fn detection_by_content() {
        assert!(looks_like_template(
            "AWSTemplateFormatVersion: '2010-09-09'\n"
        ));
        assert!(looks_like_template(
            "Resources:\n  V:\n    Type: AWS::EC2::VPC\n"
        ));
        assert!(looks_like_template(
            "{\"Resources\": {\"V\": {\n \"Type\": \"AWS::EC2::VPC\"}}}"
        ));
        assert!(!looks_like_template(
            "vpcs:\n  prod:\n    cidr: 10.0.0.0/16\n"
        ));
        assert!(looks_like_template(
            "{\"AWSTemplateFormatVersion\" : \"2010-09-09\"}"
        ));
        // A Terraform plan holding a template in a string is not a template.
        assert!(!looks_like_template(
            r#"{"format_version": "1.2", "planned_values": {"template_body": "{\"AWSTemplateFormatVersion\": \"2010-09-09\"}"}}"#
        ));
        assert!(!looks_like_template(
            "description: see AWSTemplateFormatVersion docs\nvpcs: {}\n"
        ));
    }
}
