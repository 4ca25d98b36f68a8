//! Rendering [`Diagnostic`]s: rustc-style snippets for people, a stable JSON shape for tools.
//!
//! Every command that reports problems in a user's file goes through here, so all of them show
//! `file:line:col`, the offending line and a caret under the value.

use std::fmt::Write as _;

use serde::Serialize;
use vpcsim_model::{Diagnostic, Severity, SourceFile, Span};

use super::style::Style;
use super::width::display_width;

/// Renders one diagnostic as rustc does:
///
/// ```text
/// error[VAL004]: subnet `a` block 10.1.1.0/24 is outside every block of its VPC (10.0.0.0/16)
///  --> design.yaml:6:13
///   |
/// 6 |       cidr: 10.1.1.0/24
///   |             ^^^^^^^^^^^ not inside 10.0.0.0/16
///   |
///   = help: pick a block inside 10.0.0.0/16, e.g. 10.0.1.0/24
/// ```
pub(crate) fn render_human(diagnostic: &Diagnostic, source: &SourceFile, style: Style) -> String {
    let mut out = String::new();
    let (level, level_style) = match diagnostic.severity {
        Severity::Error => ("error", style.error()),
        Severity::Warning => ("warning", style.warning()),
        Severity::Info => ("info", style.info()),
    };
    let _ = writeln!(
        out,
        "{}{}",
        level_style.paint(&format!("{level}[{}]", diagnostic.code)),
        style.bold().paint(&format!(": {}", diagnostic.message))
    );
    let span = diagnostic.span;
    let gutter_width = span.line.max(1).to_string().len();
    let pad = " ".repeat(gutter_width);
    if span.is_known() {
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}",
            style.gutter().paint("-->"),
            source.name,
            span.line,
            span.column
        );
        snippet(
            &mut out,
            source,
            span,
            diagnostic.label.as_deref(),
            &pad,
            level_style,
            style,
        );
    } else {
        let _ = writeln!(out, "{pad}{} {}", style.gutter().paint("-->"), source.name);
    }
    for related in &diagnostic.related {
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}: {}",
            style.gutter().paint("::"),
            source.name,
            related.span.line,
            related.span.column,
            related.label
        );
    }
    for note in &diagnostic.notes {
        let _ = writeln!(out, "{pad} {} note: {note}", style.gutter().paint("="));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} {} help: {help}", style.gutter().paint("="));
    }
    out
}

fn snippet(
    out: &mut String,
    source: &SourceFile,
    span: Span,
    label: Option<&str>,
    pad: &str,
    level_style: super::style::Paint,
    style: Style,
) {
    let Some(line_text) = line_of(source, span) else {
        return;
    };
    let gutter = style.gutter().paint("|");
    let column = (span.column as usize).max(1);
    let rest: String = line_text.chars().skip(column - 1).collect();
    let width = underline_width(&rest, span, source);
    // A very long line (minified JSON, a generated flow list) is shown as a window around the
    // column, so one diagnostic never prints megabytes.
    let chars = line_text.chars().count();
    let (shown, caret_column, width) = if chars > SNIPPET_WIDTH {
        let start = (column - 1).saturating_sub(SNIPPET_CONTEXT);
        let window: String = line_text.chars().skip(start).take(SNIPPET_WIDTH).collect();
        let lead = if start > 0 { "…" } else { "" };
        let tail = if start + SNIPPET_WIDTH < chars {
            "…"
        } else {
            ""
        };
        let caret = column - start + usize::from(start > 0);
        let width = width.min(SNIPPET_WIDTH - (column - 1 - start)).max(1);
        (format!("{lead}{window}{tail}"), caret, width)
    } else {
        (line_text.to_owned(), column, width)
    };
    let _ = writeln!(out, "{pad} {gutter}");
    let _ = writeln!(
        out,
        "{} {gutter} {}",
        style.gutter().paint(&span.line.to_string()),
        shown
    );
    // Columns, not characters: Hangul and other wide characters take two (render::width).
    let before: String = shown.chars().take(caret_column - 1).collect();
    let under: String = shown.chars().skip(caret_column - 1).take(width).collect();
    let _ = writeln!(
        out,
        "{pad} {gutter} {}{}{}",
        " ".repeat(display_width(&before)),
        level_style.paint(&"^".repeat(display_width(&under).max(1))),
        label
            .map(|l| format!(" {}", level_style.paint(l)))
            .unwrap_or_default()
    );
}

/// Lines longer than this many characters are shown as a window around the column.
const SNIPPET_WIDTH: usize = 120;
/// Characters of the window before the column.
const SNIPPET_CONTEXT: usize = 40;

/// The text of the span's line. With a byte offset this looks only around it (rendering
/// thousands of findings in a 30 MB estate must not rescan the file for each); without one it
/// counts lines.
fn line_of(source: &SourceFile, span: Span) -> Option<&str> {
    let text = source.text.as_str();
    let offset = span.offset as usize;
    if (span.offset > 0 || span.len > 0) && offset <= text.len() && text.is_char_boundary(offset) {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        return Some(text[start..end].trim_end_matches('\r'));
    }
    text.lines().nth((span.line as usize).checked_sub(1)?)
}

/// How many characters to underline: the span's length when known and on one line, else the
/// token starting at the column (up to a YAML delimiter).
fn underline_width(rest: &str, span: Span, source: &SourceFile) -> usize {
    if span.len > 0 {
        let start = span.offset as usize;
        let end = start + span.len as usize;
        if let Some(text) = source.text.get(start..end)
            && !text.contains('\n')
        {
            return text.chars().count().max(1);
        }
    }
    let token = rest
        .chars()
        .take_while(|c| !matches!(c, ',' | '}' | ']' | '#') && !c.is_whitespace())
        .count();
    token.max(1)
}

/// The one-line form used by `--format github` messages and concise logs.
pub(crate) fn render_concise(diagnostic: &Diagnostic, source: &SourceFile) -> String {
    format!(
        "{}:{}:{}: {}[{}]: {}",
        source.name,
        diagnostic.span.line,
        diagnostic.span.column,
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    )
}

/// The stable JSON shape of a diagnostic (documented in docs/lint.md).
#[derive(Debug, Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    pub(crate) code: &'a str,
    pub(crate) severity: &'a str,
    pub(crate) message: &'a str,
    pub(crate) file: &'a str,
    /// 1-based; null when the position is unknown (JSON inputs).
    pub(crate) line: Option<u32>,
    /// 1-based, in characters.
    pub(crate) column: Option<u32>,
    pub(crate) label: Option<&'a str>,
    pub(crate) resource: Option<&'a str>,
    pub(crate) notes: &'a [String],
    pub(crate) help: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    pub(crate) fn new(diagnostic: &'a Diagnostic, file: &'a str) -> Self {
        let known = diagnostic.span.is_known();
        JsonDiagnostic {
            code: diagnostic.code,
            severity: diagnostic.severity.as_str(),
            message: &diagnostic.message,
            file,
            line: known.then_some(diagnostic.span.line),
            column: known.then_some(diagnostic.span.column),
            label: diagnostic.label.as_deref(),
            resource: diagnostic.resource.as_deref(),
            notes: &diagnostic.notes,
            help: diagnostic.help.as_deref(),
        }
    }
}
