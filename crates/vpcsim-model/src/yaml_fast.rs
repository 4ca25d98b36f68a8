//! A fast path for the YAML that design files are almost always written in.
//!
//! serde-saphyr is a complete YAML 1.2 parser, but it reads about 7.5 MB/s; a 100k-ENI estate
//! (26 MB) took 3.5 s to parse (issue #8's target for load + resolve is 2.5 s). Design files use
//! a small part of YAML: block mappings and sequences, one-line flow collections, plain and
//! quoted one-line scalars, comments. This module parses exactly that part into a tree with
//! positions and deserializes the schema from it.
//!
//! Invariant: the fast path either returns the same [`Document`] serde-saphyr would (values
//! and spans alike) or declines. It declines on anything outside its subset (anchors, aliases,
//! tags, block scalars, multi-line scalars, tabs, complex keys, several documents, ...), on any
//! syntax or shape error, and on scalars whose YAML type it does not decide itself (`0x1F`,
//! `1e3`, `~` as a string, ...). The caller then runs serde-saphyr, so errors are reported, and
//! unusual documents resolved, by the reference parser. `tests/yaml_fast.rs` checks the
//! invariant on every fixture and on generated estates.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::schema::Document;
use crate::span::{FileId, LOC_TOKEN, Span, set_next_span, with_fast_spans};

/// Parses `text` with the fast path; `None` means "use the reference parser".
pub(crate) fn parse(text: &str) -> Option<Document> {
    let root = Parser::new(text).document().ok()?;
    with_fast_spans(|| Document::deserialize(NodeDe(&root))).ok()
}

/// The fast path declines (the reference parser will decide).
#[derive(Debug)]
struct Decline;

type Parsed<T> = Result<T, Decline>;

#[derive(Debug)]
enum Kind<'a> {
    /// A plain scalar, as written (trimmed).
    Plain(&'a str),
    /// A quoted scalar, unescaped.
    Quoted(Cow<'a, str>),
    /// No value (`key:` followed by nothing).
    Empty,
    Map(Vec<(Node<'a>, Node<'a>)>),
    Seq(Vec<Node<'a>>),
}

#[derive(Debug)]
struct Node<'a> {
    kind: Kind<'a>,
    span: Span,
}

impl Node<'_> {
    /// The key text, for duplicate detection.
    fn key_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Plain(text) => Some(text),
            Kind::Quoted(text) => Some(text),
            _ => None,
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
    /// Byte offset where the line of `pos` starts.
    line_start: usize,
    /// Collections open around `pos`; deeper than [`MAX_DEPTH`] is declined (the schema is a
    /// few levels deep, and recursion must not overflow the stack on hostile input).
    depth: usize,
    /// Comment lines the last `next_content_line` skipped (serde-saphyr buffers at most 32
    /// between a key or `-` and its block value).
    comments_skipped: usize,
    /// Bytes of comments so far (serde-saphyr refuses more than 64 MiB).
    comment_bytes: usize,
}

/// Nesting the fast path accepts; the schema needs about six levels.
const MAX_DEPTH: usize = 32;

/// Comment lines between a key (or `-`) and its block value past which the fast path declines
/// (serde-saphyr's limit is 32).
const MAX_PENDING_COMMENTS: usize = 16;

/// Longest key, in bytes from its start to its `:`, the fast path accepts (serde-saphyr looks
/// ahead at most 1,024 characters for a key's `:`).
const MAX_KEY_BYTES: usize = 1000;

/// Comment bytes past which the fast path declines (serde-saphyr's budget is 64 MiB).
const MAX_COMMENT_BYTES: usize = 60 << 20;

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            depth: 0,
            comments_skipped: 0,
            comment_bytes: 0,
        }
    }

    /// Runs `f` one collection deeper, declining past [`MAX_DEPTH`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Parsed<T>) -> Parsed<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Decline);
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    /// A span starting at `start` (on the current line) and `len` bytes long, positioned the way
    /// serde-saphyr positions values: 1-based line, 1-based column in characters.
    fn span(&self, start: usize, len: usize) -> Parsed<Span> {
        let prefix = self.text.get(self.line_start..start).ok_or(Decline)?;
        let column = if prefix.is_ascii() {
            prefix.len()
        } else {
            prefix.chars().count()
        };
        Ok(Span {
            file: FileId(0),
            line: self.line,
            column: u32::try_from(column + 1).map_err(|_| Decline)?,
            offset: u32::try_from(start).map_err(|_| Decline)?,
            len: u32::try_from(len).map_err(|_| Decline)?,
        })
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn newline(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
    }

    /// After a value: spaces, an optional comment, then the end of the line (consumed).
    fn end_line(&mut self) -> Parsed<()> {
        self.skip_spaces();
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.newline();
                Ok(())
            }
            // A comment needs a space before it (`a#b` is one scalar).
            Some(b'#') if self.pos == self.line_start || self.bytes[self.pos - 1] == b' ' => {
                self.skip_to_line_end();
                Ok(())
            }
            _ => Err(Decline),
        }
    }

    /// Skips a comment to the end of its line.
    fn skip_to_line_end(&mut self) {
        match memchr_newline(&self.bytes[self.pos..]) {
            Some(n) => {
                self.comment_bytes += n;
                self.pos += n;
                self.newline();
            }
            None => {
                self.comment_bytes += self.bytes.len() - self.pos;
                self.pos = self.bytes.len();
            }
        }
    }

    /// From the start of a line: skips blank and comment-only lines and returns the indent of
    /// the next content line, leaving `pos` at that line's start; `None` at the end of input.
    fn next_content_line(&mut self) -> Parsed<Option<usize>> {
        self.comments_skipped = 0;
        loop {
            if self.pos >= self.bytes.len() {
                return Ok(None);
            }
            debug_assert_eq!(self.pos, self.line_start);
            let mut indent = 0;
            while self.peek_at(indent) == Some(b' ') {
                indent += 1;
            }
            match self.peek_at(indent) {
                None => {
                    self.pos = self.bytes.len();
                    return Ok(None);
                }
                Some(b'\n') => {
                    self.pos += indent;
                    self.newline();
                }
                Some(b'#') => {
                    self.pos += indent;
                    self.comments_skipped += 1;
                    self.skip_to_line_end();
                    if self.comment_bytes > MAX_COMMENT_BYTES {
                        return Err(Decline);
                    }
                    if self.pos >= self.bytes.len() {
                        return Ok(None);
                    }
                }
                Some(_) => return Ok(Some(indent)),
            }
        }
    }

    fn document(&mut self) -> Parsed<Node<'a>> {
        // Outside the subset: byte-order marks anywhere (a BOM inside the text became part of a
        // name here while the reference parser reads it otherwise), carriage returns and tabs
        // (YAML's rules for them are subtle; the reference parser handles them).
        if self.text.contains('\u{feff}')
            || self
                .bytes
                .iter()
                .any(|b| (*b < 0x20 && *b != b'\n') || *b == 0x7f)
            || (!self.text.is_ascii() && self.text.chars().any(not_printable))
        {
            return Err(Decline);
        }
        let Some(mut indent) = self.next_content_line()? else {
            return Err(Decline); // empty: the reference parser says so
        };
        if indent == 0 && self.text[self.pos..].starts_with("---") {
            self.pos += 3;
            match self.peek() {
                None | Some(b'\n' | b' ') => self.end_line()?,
                _ => return Err(Decline),
            }
            indent = self.next_content_line()?.ok_or(Decline)?;
        }
        if indent != 0 || matches!(self.peek(), Some(b'%' | b'-' | b'.')) {
            return Err(Decline);
        }
        if !self.key_ahead() {
            return Err(Decline);
        }
        let root = self.block_mapping(0, false)?;
        if self.next_content_line()?.is_some() {
            return Err(Decline);
        }
        Ok(root)
    }

    /// Whether the current line, from `pos`, starts with `key:` (a block mapping entry).
    fn key_ahead(&self) -> bool {
        let rest = &self.bytes[self.pos..];
        let line = &rest[..memchr_newline(rest).unwrap_or(rest.len())];
        match line.first() {
            Some(b'"' | b'\'') => {
                let quote = line[0];
                let mut i = 1;
                while i < line.len() {
                    if line[i] == b'\\' && quote == b'"' {
                        i += 2;
                        continue;
                    }
                    if line[i] == quote {
                        if quote == b'\'' && line.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        return line.get(i + 1) == Some(&b':')
                            && matches!(line.get(i + 2), None | Some(b' '));
                    }
                    i += 1;
                }
                false
            }
            Some(b'{' | b'[') | None => false,
            Some(_) => {
                for (i, b) in line.iter().enumerate() {
                    match b {
                        b':' if matches!(line.get(i + 1), None | Some(b' ')) => return true,
                        b'#' if i > 0 && line[i - 1] == b' ' => return false,
                        _ => {}
                    }
                }
                false
            }
        }
    }

    /// A block mapping whose keys sit at column `indent`. `pos` is at the line start, or at the
    /// first key itself when `inline` (a mapping that starts after `- `).
    fn block_mapping(&mut self, indent: usize, inline: bool) -> Parsed<Node<'a>> {
        self.nested(|parser| parser.block_mapping_entries(indent, inline))
    }

    fn block_mapping_entries(&mut self, indent: usize, inline: bool) -> Parsed<Node<'a>> {
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        let mut first = inline;
        let mut span = None;
        loop {
            if !first {
                self.pos += indent;
            }
            first = false;
            if matches!(self.peek(), Some(b'-'))
                && matches!(self.peek_at(1), None | Some(b' ' | b'\n'))
            {
                return Err(Decline);
            }
            let key = self.key()?;
            if span.is_none() {
                span = Some(Span { len: 0, ..key.span });
            }
            let value = self.block_value(indent)?;
            entries.push((key, value));
            match self.next_content_line()? {
                Some(next) if next == indent => {
                    let is_item = self.peek_at(next) == Some(b'-')
                        && matches!(self.peek_at(next + 1), None | Some(b' ' | b'\n'));
                    if is_item {
                        return Err(Decline);
                    }
                }
                Some(next) if next > indent => return Err(Decline),
                _ => break,
            }
        }
        reject_duplicates(&entries)?;
        Ok(Node {
            kind: Kind::Map(entries),
            span: span.ok_or(Decline)?,
        })
    }

    /// A mapping key and its `:`.
    fn key(&mut self) -> Parsed<Node<'a>> {
        let key_start = self.pos;
        let key = match self.peek() {
            Some(b'"' | b'\'') => self.quoted()?,
            Some(b) if starts_plain(b, self.peek_at(1)) => {
                let start = self.pos;
                let rest = &self.bytes[start..];
                let mut end = None;
                for (i, b) in rest.iter().enumerate() {
                    match b {
                        b'\n' => break,
                        b':' if matches!(rest.get(i + 1), None | Some(b' ' | b'\n')) => {
                            end = Some(i);
                            break;
                        }
                        b'#' if i > 0 && rest[i - 1] == b' ' => break,
                        _ => {}
                    }
                }
                let end = end.ok_or(Decline)?;
                let text = self.text[start..start + end].trim_end_matches(' ');
                if text == "<<" {
                    return Err(Decline); // merge keys
                }
                let node = Node {
                    kind: Kind::Plain(text),
                    span: self.span(start, text.len())?,
                };
                self.pos = start + end;
                node
            }
            _ => return Err(Decline),
        };
        if self.peek() != Some(b':') || self.pos - key_start > MAX_KEY_BYTES {
            return Err(Decline);
        }
        self.pos += 1;
        Ok(key)
    }

    /// After `key:` or `-` (ending at `after_indicator`) with nothing more on the line: ends the
    /// line and finds the next line with content. Returns where an empty value would be and
    /// that line's indent.
    fn value_below(&mut self, after_indicator: usize) -> Parsed<(Span, Option<usize>)> {
        if self.peek() == Some(b'#') && self.pos == after_indicator {
            return Err(Decline); // `key:#x` is a plain scalar, not a comment
        }
        let empty_span = self.span(self.pos, 0)?;
        self.end_line()?;
        let next = self.next_content_line()?;
        if self.comments_skipped >= MAX_PENDING_COMMENTS {
            return Err(Decline);
        }
        Ok((empty_span, next))
    }

    /// The value after `key:` of a mapping whose keys sit at `indent`.
    fn block_value(&mut self, indent: usize) -> Parsed<Node<'a>> {
        let after_colon = self.pos;
        self.skip_spaces();
        match self.peek() {
            None | Some(b'\n' | b'#') => {
                let (empty_span, next) = self.value_below(after_colon)?;
                match next {
                    Some(next) if next > indent => self.node_on_own_line(next),
                    Some(next)
                        if next == indent
                            && self.peek_at(next) == Some(b'-')
                            && matches!(self.peek_at(next + 1), None | Some(b' ' | b'\n')) =>
                    {
                        // An indentless sequence: `key:` then `- item` at the key's column.
                        self.block_sequence(next, true)
                    }
                    _ => Ok(Node {
                        kind: Kind::Empty,
                        span: empty_span,
                    }),
                }
            }
            Some(_) if self.pos == after_colon => Err(Decline),
            Some(_) => self.inline_value(indent),
        }
    }

    /// A node that starts a line of its own at column `indent` (`pos` at the line start).
    fn node_on_own_line(&mut self, indent: usize) -> Parsed<Node<'a>> {
        self.pos += indent;
        if self.peek() == Some(b'-') && matches!(self.peek_at(1), None | Some(b' ' | b'\n')) {
            self.pos -= indent;
            return self.block_sequence(indent, false);
        }
        if self.key_ahead() {
            return self.block_mapping(indent, true);
        }
        // A scalar or flow collection alone on its line (rare in design files; its
        // continuation rules depend on the parent's indent): declined.
        Err(Decline)
    }

    /// A scalar or flow collection that starts at `pos` and ends its line; lines after it that
    /// are indented deeper than `indent` would continue it (multi-line scalars): declined.
    fn inline_value(&mut self, indent: usize) -> Parsed<Node<'a>> {
        let node = match self.peek() {
            Some(b'{' | b'[') => self.flow(indent)?,
            Some(b'"' | b'\'') => self.quoted()?,
            Some(b) if starts_plain(b, self.peek_at(1)) => {
                let start = self.pos;
                let rest = &self.bytes[start..];
                let mut end = rest.len();
                for (i, b) in rest.iter().enumerate() {
                    match b {
                        b'\n' => {
                            end = i;
                            break;
                        }
                        // `a: b: c` is an error in YAML; the reference parser reports it.
                        b':' if matches!(rest.get(i + 1), None | Some(b' ' | b'\n')) => {
                            return Err(Decline);
                        }
                        b'#' if rest[i - 1] == b' ' => {
                            end = i;
                            break;
                        }
                        _ => {}
                    }
                }
                let text = self.text[start..start + end].trim_end_matches(' ');
                self.pos = start + text.len();
                Node {
                    kind: Kind::Plain(text),
                    span: self.span(start, text.len())?,
                }
            }
            _ => return Err(Decline),
        };
        self.end_line()?;
        let line_start = self.pos;
        let (line, line_begin) = (self.line, self.line_start);
        if let Some(next) = self.next_content_line()?
            && next > indent
        {
            return Err(Decline);
        }
        // Leave the blank lines to the caller, which reads them again.
        self.pos = line_start;
        self.line = line;
        self.line_start = line_begin;
        Ok(node)
    }

    /// A block sequence whose `-` sit at column `indent`; `pos` at the first item's line start.
    /// serde-saphyr places a sequence at its first `-`, but an indentless one (`key:` then
    /// `- item` at the key's column) at its first item's content.
    fn block_sequence(&mut self, indent: usize, indentless: bool) -> Parsed<Node<'a>> {
        self.nested(|parser| parser.block_sequence_items(indent, indentless))
    }

    fn block_sequence_items(&mut self, indent: usize, indentless: bool) -> Parsed<Node<'a>> {
        let mut items = Vec::new();
        let mut span = if indentless {
            None
        } else {
            Some(self.span(self.pos + indent, 0)?)
        };
        loop {
            self.pos += indent;
            if self.peek() != Some(b'-') {
                return Err(Decline);
            }
            self.pos += 1;
            let after_dash = self.pos;
            self.skip_spaces();
            if span.is_none() {
                if matches!(self.peek(), None | Some(b'\n' | b'#')) {
                    return Err(Decline); // the first item starts on a later line
                }
                span = Some(self.span(self.pos, 0)?);
            }
            let item = match self.peek() {
                None | Some(b'\n' | b'#') => {
                    let (empty_span, next) = self.value_below(after_dash)?;
                    match next {
                        Some(next) if next > indent => self.node_on_own_line(next)?,
                        _ => Node {
                            kind: Kind::Empty,
                            span: empty_span,
                        },
                    }
                }
                Some(b'-') if matches!(self.peek_at(1), None | Some(b' ' | b'\n')) => {
                    return Err(Decline); // `- - a`: nested sequences on one line
                }
                Some(_) if self.key_ahead() => {
                    let column = self.pos - self.line_start;
                    self.block_mapping(column, true)?
                }
                Some(_) => self.inline_value(indent)?,
            };
            items.push(item);
            match self.next_content_line()? {
                Some(next) if next == indent => {
                    let is_item = self.peek_at(next) == Some(b'-')
                        && matches!(self.peek_at(next + 1), None | Some(b' ' | b'\n'));
                    if !is_item {
                        break;
                    }
                }
                Some(next) if next > indent => return Err(Decline),
                _ => break,
            }
        }
        Ok(Node {
            kind: Kind::Seq(items),
            span: span.ok_or(Decline)?,
        })
    }

    /// Spaces, newlines and comments inside a flow collection. Continuation lines must be
    /// indented deeper than the block the collection sits in.
    fn flow_space(&mut self, indent: usize) -> Parsed<()> {
        loop {
            let before = self.pos;
            self.skip_spaces();
            match self.peek() {
                Some(b'\n') => {
                    self.newline();
                    let mut spaces = 0;
                    while self.peek_at(spaces) == Some(b' ') {
                        spaces += 1;
                    }
                    if !matches!(self.peek_at(spaces), Some(b'\n' | b'#')) && spaces <= indent {
                        return Err(Decline);
                    }
                }
                Some(b'#') if self.pos > before || self.pos == self.line_start => {
                    self.skip_to_line_end();
                }
                None => return Err(Decline),
                _ => return Ok(()),
            }
        }
    }

    /// A flow mapping or sequence starting at `pos`.
    fn flow(&mut self, indent: usize) -> Parsed<Node<'a>> {
        self.nested(|parser| parser.flow_entries(indent))
    }

    fn flow_entries(&mut self, indent: usize) -> Parsed<Node<'a>> {
        let open = self.peek().ok_or(Decline)?;
        let span = self.span(self.pos, 1)?;
        self.pos += 1;
        let close = if open == b'{' { b'}' } else { b']' };
        let mut entries = Vec::new();
        let mut items = Vec::new();
        loop {
            self.flow_space(indent)?;
            if self.peek() == Some(close) {
                self.pos += 1;
                break;
            }
            if open == b'{' {
                let key_start = self.pos;
                let key = self.flow_scalar(indent)?;
                if matches!(key.kind, Kind::Plain("<<")) {
                    return Err(Decline); // merge keys
                }
                self.flow_space(indent)?;
                if self.peek() != Some(b':') || self.pos - key_start > MAX_KEY_BYTES {
                    return Err(Decline);
                }
                self.pos += 1;
                // `a:b` is one plain scalar; after a plain key the colon needs a space.
                if !matches!(self.peek(), Some(b' ' | b'\n' | b',' | b'}'))
                    && matches!(key.kind, Kind::Plain(_))
                {
                    return Err(Decline);
                }
                let value_span = self.span(self.pos, 0)?;
                self.flow_space(indent)?;
                let value = match self.peek() {
                    Some(b',' | b'}') => Node {
                        kind: Kind::Empty,
                        span: value_span,
                    },
                    _ => self.flow_value(indent)?,
                };
                entries.push((key, value));
            } else {
                let item = self.flow_value(indent)?;
                self.flow_space(indent)?;
                if self.peek() == Some(b':') {
                    return Err(Decline); // a one-pair mapping inside a flow sequence
                }
                items.push(item);
            }
            self.flow_space(indent)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b) if b == close => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(Decline),
            }
        }
        if open == b'{' {
            reject_duplicates(&entries)?;
            Ok(Node {
                kind: Kind::Map(entries),
                span,
            })
        } else {
            Ok(Node {
                kind: Kind::Seq(items),
                span,
            })
        }
    }

    fn flow_value(&mut self, indent: usize) -> Parsed<Node<'a>> {
        match self.peek() {
            Some(b'{' | b'[') => self.flow(indent),
            _ => self.flow_scalar(indent),
        }
    }

    /// A quoted scalar, or a plain scalar ending at a flow indicator, `: `, ` #` or the line end.
    fn flow_scalar(&mut self, _indent: usize) -> Parsed<Node<'a>> {
        if self.peek() == Some(b'-') && self.peek_at(1).is_some_and(is_flow_indicator) {
            return Err(Decline); // `[-]`: YAML forbids it, serde-saphyr says so
        }
        match self.peek() {
            Some(b'"' | b'\'') => self.quoted(),
            Some(b) if starts_plain(b, self.peek_at(1)) => {
                let start = self.pos;
                let rest = &self.bytes[start..];
                let mut end = rest.len();
                for (i, b) in rest.iter().enumerate() {
                    let stop = match b {
                        b'\n' => true,
                        b if is_flow_indicator(*b) => true,
                        b':' => {
                            matches!(rest.get(i + 1), None | Some(b' ' | b'\n'))
                                || rest.get(i + 1).is_some_and(|b| is_flow_indicator(*b))
                        }
                        b'#' => rest[i - 1] == b' ',
                        _ => false,
                    };
                    if stop {
                        end = i;
                        break;
                    }
                }
                let text = self.text[start..start + end].trim_end_matches(' ');
                if text.is_empty() {
                    return Err(Decline);
                }
                let node = Node {
                    kind: Kind::Plain(text),
                    span: self.span(start, text.len())?,
                };
                self.pos = start + text.len();
                Ok(node)
            }
            _ => Err(Decline),
        }
    }

    /// A single- or double-quoted scalar on one line. The span covers the quotes.
    fn quoted(&mut self) -> Parsed<Node<'a>> {
        let start = self.pos;
        let quote = self.peek().ok_or(Decline)?;
        let body_start = start + 1;
        let mut i = body_start;
        let mut owned: Option<String> = None;
        let mut copied_to = body_start;
        loop {
            let b = *self.bytes.get(i).ok_or(Decline)?;
            match b {
                b'\n' => return Err(Decline), // multi-line quoted scalars fold: declined
                b'\'' if quote == b'\'' => {
                    if self.bytes.get(i + 1) == Some(&b'\'') {
                        let text = owned.get_or_insert_with(String::new);
                        text.push_str(&self.text[copied_to..=i]);
                        i += 2;
                        copied_to = i;
                        continue;
                    }
                    break;
                }
                b'"' if quote == b'"' => break,
                b'\\' if quote == b'"' => {
                    let escaped = match self.bytes.get(i + 1) {
                        Some(b'\\') => '\\',
                        Some(b'"') => '"',
                        Some(b'/') => '/',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        _ => return Err(Decline),
                    };
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[copied_to..i]);
                    text.push(escaped);
                    i += 2;
                    copied_to = i;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        let value = match owned {
            Some(mut text) => {
                text.push_str(&self.text[copied_to..i]);
                Cow::Owned(text)
            }
            None => Cow::Borrowed(&self.text[body_start..i]),
        };
        let end = i + 1;
        let node = Node {
            kind: Kind::Quoted(value),
            span: self.span(start, end - start)?,
        };
        self.pos = end;
        Ok(node)
    }
}

/// Characters YAML does not allow in a stream (c-printable, YAML 1.2 §5.1): C0 and C1
/// controls except newline, tab, carriage return and NEL, DEL, and U+FFFE/U+FFFF.
fn not_printable(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}')
        || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}')
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == b'\n')
}

/// Whether a plain scalar may start with `b` (followed by `next`). Indicators that start other
/// constructs (anchors, tags, block scalars, directives, ...) are declined.
fn starts_plain(b: u8, next: Option<u8>) -> bool {
    match b {
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' | b'"' | b'\'' | b' ' | b'\n' => false,
        b'-' | b'?' | b':' => next.is_some_and(|n| !matches!(n, b' ' | b'\n')) && b == b'-',
        _ => true,
    }
}

/// Duplicate keys are an error the reference parser reports (YAML002).
fn reject_duplicates(entries: &[(Node<'_>, Node<'_>)]) -> Parsed<()> {
    if entries.len() <= 16 {
        for (i, (key, _)) in entries.iter().enumerate() {
            let text = key.key_text().ok_or(Decline)?;
            if entries[..i].iter().any(|(k, _)| k.key_text() == Some(text)) {
                return Err(Decline);
            }
        }
        return Ok(());
    }
    let mut seen = rustc_hash::FxHashSet::default();
    seen.reserve(entries.len());
    for (key, _) in entries {
        if !seen.insert(key.key_text().ok_or(Decline)?) {
            return Err(Decline);
        }
    }
    Ok(())
}

/// How a plain scalar resolves when its YAML type matters.
#[derive(Debug, PartialEq, Eq)]
enum Plain {
    Null,
    Bool(bool),
    Int(i128),
    Str,
    /// Something YAML might read as a number, boolean or null in a way this module does not
    /// decide (floats, hex, octal, `True`, `yes`, leading zeros, ...): declined.
    Unsure,
}

fn resolve_plain(text: &str) -> Plain {
    match text {
        "" | "~" | "null" => return Plain::Null,
        "true" => return Plain::Bool(true),
        "false" => return Plain::Bool(false),
        _ => {}
    }
    // Other spellings of null and booleans (YAML 1.1's `yes`, `On`, ...): the reference
    // parser's options decide them.
    if text.len() <= 5
        && ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
            .iter()
            .any(|word| text.eq_ignore_ascii_case(word))
    {
        return Plain::Unsure;
    }
    let Some(&first) = text.as_bytes().first() else {
        return Plain::Null;
    };
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Plain::Str;
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // Leading zeros (octal in YAML 1.1) and `-0` (not a valid unsigned) are left to
        // the reference parser.
        if (digits.len() > 1 && digits.starts_with('0')) || text == "-0" {
            return Plain::Unsure;
        }
        return match text.parse::<i128>() {
            Ok(n) => Plain::Int(n),
            Err(_) => Plain::Unsure,
        };
    }
    // Signs in front of hex, octal, binary, infinities and NaN too (`-0x1F` is -31 to YAML).
    let unsigned = text.trim_start_matches(['-', '+']);
    let lower_prefix = |prefix: &str| {
        unsigned
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if text.parse::<f64>().is_ok()
        || text.contains('_')
        || first == b'+'
        || ["0x", "0o", "0b", ".inf", ".nan"]
            .iter()
            .any(|prefix| lower_prefix(prefix))
    {
        return Plain::Unsure;
    }
    Plain::Str
}

/// The error of the fast deserializer: only ever means "decline".
#[derive(Debug)]
struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("declined by the YAML fast path")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Error
    }
}

struct NodeDe<'n, 'a>(&'n Node<'a>);

impl NodeDe<'_, '_> {
    /// The text of a scalar that stands for a string.
    fn string(&self) -> Result<&str, Error> {
        match &self.0.kind {
            Kind::Quoted(text) => Ok(text),
            Kind::Plain(text) if resolve_plain(text) == Plain::Str => Ok(text),
            _ => Err(Error),
        }
    }

    fn int(&self) -> Result<i128, Error> {
        match &self.0.kind {
            Kind::Plain(text) => match resolve_plain(text) {
                Plain::Int(n) => Ok(n),
                _ => Err(Error),
            },
            _ => Err(Error),
        }
    }
}

macro_rules! deserialize_int {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let n = self.int()?;
            match u64::try_from(n) {
                Ok(n) => visitor.visit_u64(n),
                Err(_) => visitor.visit_i64(i64::try_from(n).map_err(|_| Error)?),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Quoted(text) => visitor.visit_str(text),
            Kind::Plain(text) => match resolve_plain(text) {
                Plain::Str => visitor.visit_str(text),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(n) => match u64::try_from(n) {
                    Ok(n) => visitor.visit_u64(n),
                    Err(_) => visitor.visit_i64(i64::try_from(n).map_err(|_| Error)?),
                },
                Plain::Null | Plain::Unsure => Err(Error),
            },
            Kind::Empty => Err(Error),
            Kind::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                value: None,
            }),
            Kind::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Plain(text) => match resolve_plain(text) {
                Plain::Bool(b) => visitor.visit_bool(b),
                _ => Err(Error),
            },
            _ => Err(Error),
        }
    }

    deserialize_int! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Empty => visitor.visit_none(),
            Kind::Plain(text) if resolve_plain(text) == Plain::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == LOC_TOKEN {
            set_next_span(self.0.span);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
            }),
            _ => Err(Error),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(Error),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    // The schema has no other shapes; anything else declines.
    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Error> {
        Err(Error)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }
}

struct MapDe<'n, 'a> {
    entries: std::slice::Iter<'n, (Node<'a>, Node<'a>)>,
    value: Option<&'n Node<'a>>,
}

impl<'de> MapAccess<'de> for MapDe<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(NodeDe(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(NodeDe(self.value.take().ok_or(Error)?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct SeqDe<'n, 'a> {
    items: std::slice::Iter<'n, Node<'a>>,
}

impl<'de> SeqAccess<'de> for SeqDe<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(item) => seed.deserialize(NodeDe(item)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

#[cfg(test)]
mod tests;
