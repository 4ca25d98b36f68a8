//! Inline suppression comments in YAML designs, as linters do it (`# noqa`, `eslint-disable`):
//!
//! ```yaml
//! ingress:
//!   - { proto: tcp, ports: 22, from: 0.0.0.0/0 }  # vpcsim: ignore[SG001] bastion, reviewed
//! # vpcsim: ignore[NACL004]
//! app: { subnets: [a] }
//! # vpcsim: ignore-file[RT007] the VPN routes are managed elsewhere
//! ```
//!
//! A comment after a value applies to its own line; a comment alone on a line applies to the
//! next line with content; `ignore-file` applies to the whole file. Selectors are what
//! `--ignore` takes: codes, code prefixes or rule names, exact validation-warning codes, `ALL`.
//! A finding matches a comment on any line of the YAML node its primary span starts (a
//! sequence item written over several lines, a resource's block), found from indentation.
//! Errors that make a design unusable and failed `expect:` assertions cannot be suppressed: the
//! first must be fixed, the second is the design's own intent.
//!
//! Problems with the comments themselves are findings too: `SUP001` (warning) for a selector
//! that names no rule or a malformed comment, `SUP002` (info) for a suppression that matched
//! nothing among the rules that ran.

use vpcsim_model::{Diagnostic, FileId, Severity, Span};

use crate::registry::rules;
use crate::select::{Selection, is_other_code, matches};

/// Code of a malformed suppression comment or one naming no rule.
pub const SUP_INVALID: &str = "SUP001";
/// Code of a suppression that matched no finding.
pub const SUP_UNUSED: &str = "SUP002";

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One line (1-based).
    Line(u32),
    /// The whole file.
    File,
    /// A block of lines, first to last (1-based, inclusive): a CloudFormation resource whose
    /// `Metadata: {vpcsim: {ignore: [...]}}` names the codes.
    Lines(u32, u32),
}

/// One `# vpcsim: ignore[...]` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Where it applies.
    pub scope: Scope,
    /// The comment's own position (for its own findings).
    pub span: Span,
    /// Codes, prefixes or rule names.
    pub selectors: Vec<String>,
    /// The text after the brackets, if any.
    pub reason: Option<String>,
}

/// What applying the suppressions left.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings that remain, plus the suppression comments' own findings.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings the comments suppressed.
    pub suppressed: usize,
}

const MARKER: &str = "# vpcsim:";

/// Finds every suppression comment in a YAML text. Malformed comments come back as `SUP001`
/// findings.
pub fn parse_suppressions(text: &str) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    // Comment-only lines waiting for the next line with content.
    let mut pending: Vec<Suppression> = Vec::new();
    let mut offset = 0usize;
    // Inside a block scalar (`|`, `>`) started on a line with this indent: its lines are text.
    let mut block_scalar: Option<usize> = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(parent) = block_scalar {
            if trimmed.trim_end().is_empty() || indent > parent {
                offset += line.len() + 1;
                continue;
            }
            block_scalar = None;
        }
        if starts_block_scalar(line) {
            block_scalar = Some(indent);
        }
        let comment_only = trimmed.starts_with('#');
        if !comment_only && !trimmed.is_empty() {
            for mut suppression in pending.drain(..) {
                suppression.scope = Scope::Line(number);
                found.push(suppression);
            }
        }
        if let Some(at) = marker_position(line) {
            let span = Span {
                file: FileId(0),
                line: number,
                column: u32::try_from(line[..at].chars().count() + 1).unwrap_or(u32::MAX),
                offset: u32::try_from(offset + at).unwrap_or(u32::MAX),
                len: u32::try_from(line.len() - at).unwrap_or(u32::MAX),
            };
            match parse_comment(&line[at + MARKER.len()..]) {
                Ok((file_wide, selectors, reason)) => {
                    let suppression = Suppression {
                        scope: if file_wide {
                            Scope::File
                        } else {
                            Scope::Line(number)
                        },
                        span,
                        selectors,
                        reason,
                    };
                    for selector in &suppression.selectors {
                        if let Some(problem) = unknown_selector(selector, span) {
                            problems.push(problem);
                        }
                    }
                    if comment_only && !file_wide {
                        pending.push(suppression);
                    } else {
                        found.push(suppression);
                    }
                }
                Err(message) => {
                    problems.push(Diagnostic::warning(SUP_INVALID, span, message).with_help(
                        "write `# vpcsim: ignore[CODE, …] reason` (or `ignore-file[…]`)",
                    ))
                }
            }
        }
        offset += line.len() + 1;
    }
    // A comment on the last lines with nothing after it applies to nothing.
    for suppression in pending {
        problems.push(
            Diagnostic::warning(
                SUP_INVALID,
                suppression.span,
                "suppression comment is not followed by a line to apply to",
            )
            .with_help("put it on the line of the finding, or on the line just above it"),
        );
    }
    (found, problems)
}

/// Byte position of `# vpcsim:` when it starts a YAML comment: at the line start or after
/// white space, and not inside a one-line quoted scalar.
fn marker_position(line: &str) -> Option<usize> {
    let (mut single, mut double, mut escaped) = (false, false, false);
    for (at, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if double => escaped = true,
            // A quote opens a quoted scalar only where a value starts (`don't` is plain text).
            '"' if !single && (double || opens_value(line, at)) => double = !double,
            '\'' if !double && (single || opens_value(line, at)) => single = !single,
            '#' if !single
                && !double
                && (at == 0 || line[..at].ends_with([' ', '\t']))
                && line[at..].starts_with(MARKER) =>
            {
                return Some(at);
            }
            _ => {}
        }
    }
    None
}

/// Whether position `at` of a line is where a YAML value may start (after indentation, `- `,
/// `: `, `[`, `{` or `,`).
fn opens_value(line: &str, at: usize) -> bool {
    match line[..at].trim_end_matches(' ').chars().last() {
        None => true,
        Some(c) => matches!(c, ':' | '-' | '[' | '{' | ','),
    }
}

/// Whether a line ends with a block scalar indicator (`key: |`, `- >-`, `key: |2`), so the
/// more-indented lines after it are text, not comments.
fn starts_block_scalar(line: &str) -> bool {
    let code = match marker_position(line) {
        Some(at) => &line[..at],
        None => line,
    };
    let code = code.trim_end();
    let start = code.rfind([' ', '\t']).map_or(0, |i| i + 1);
    let token = &code[start..];
    let before = code[..start].trim_end();
    let mut chars = token.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && (before.is_empty() || before.ends_with(':') || before.ends_with('-'))
}

type Parsed = (bool, Vec<String>, Option<String>);

/// `ignore[SG001, NACL] reason` or `ignore-file[...] reason`.
fn parse_comment(rest: &str) -> Result<Parsed, String> {
    let rest = rest.trim_start();
    let (file_wide, after) = if let Some(after) = rest.strip_prefix("ignore-file") {
        (true, after)
    } else if let Some(after) = rest.strip_prefix("ignore") {
        (false, after)
    } else {
        let word: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
        return Err(format!(
            "unknown vpcsim directive `{word}`: expected `ignore[…]` or `ignore-file[…]`"
        ));
    };
    let after = after.trim_start();
    let Some(inside) = after.strip_prefix('[') else {
        return Err("a suppression needs the codes in brackets, e.g. `ignore[SG001]`".into());
    };
    let Some(close) = inside.find(']') else {
        return Err("unclosed `[` in suppression comment".into());
    };
    let selectors: Vec<String> = inside[..close]
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if selectors.is_empty() {
        return Err("a suppression must name at least one code, e.g. `ignore[SG001]`".into());
    }
    let reason = inside[close + 1..].trim();
    Ok((
        file_wide,
        selectors,
        (!reason.is_empty()).then(|| reason.to_owned()),
    ))
}

fn unknown_selector(selector: &str, span: Span) -> Option<Diagnostic> {
    if selector.eq_ignore_ascii_case("ALL")
        || is_other_code(selector)
        || rules().iter().any(|rule| matches(selector, &rule.meta))
    {
        return None;
    }
    let candidates = rules()
        .iter()
        .flat_map(|rule| [rule.meta.code, rule.meta.name]);
    let mut problem = Diagnostic::warning(
        SUP_INVALID,
        span,
        format!("`{selector}` in a suppression comment matches no rule code, prefix or name"),
    );
    if let Some(suggestion) = vpcsim_model::diagnostic::did_you_mean(selector, candidates) {
        problem = problem.with_help(format!("did you mean `{suggestion}`?"));
    }
    Some(problem)
}

/// Whether a finding may be suppressed: lint findings and validation warnings, not errors that
/// make a design unusable, not failed expectations. Violated policies (`POL001`–`POL004`) are
/// findings like lint's: a reviewed exception may be recorded next to the policy.
fn suppressible(diagnostic: &Diagnostic) -> bool {
    let lint = rules().iter().any(|rule| rule.meta.code == diagnostic.code);
    let policy = matches!(diagnostic.code, "POL001" | "POL002" | "POL003" | "POL004");
    (lint || policy || diagnostic.severity != Severity::Error)
        && !diagnostic.code.starts_with("EXPECT")
        && !diagnostic.code.starts_with("SUP")
}

/// Drops the findings the suppressions name, and reports suppressions that matched nothing
/// (`SUP002`) among the rules that ran under `selection`. `text` is the design's source (for
/// the extent of each finding's node); `linted` says whether lint ran (an unusable design gets
/// no `SUP002`: nothing could have matched).
pub fn apply_suppressions(
    diagnostics: Vec<Diagnostic>,
    suppressions: &[Suppression],
    selection: &Selection,
    text: &str,
    linted: bool,
) -> Applied {
    let lines = LineIndents::new(text);
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|suppression| vec![false; suppression.selectors.len()])
        .collect();
    let mut applied = Applied::default();
    for diagnostic in diagnostics {
        let mut hit = false;
        if suppressible(&diagnostic) {
            let (first, last) = lines.extent(diagnostic.span);
            for (index, suppression) in suppressions.iter().enumerate() {
                let applies = match suppression.scope {
                    Scope::File => true,
                    Scope::Line(line) => (first..=last).contains(&line),
                    Scope::Lines(from, to) => first <= to && last >= from,
                };
                if !applies {
                    continue;
                }
                for (which, selector) in suppression.selectors.iter().enumerate() {
                    if selector_matches(selector, diagnostic.code) {
                        used[index][which] = true;
                        hit = true;
                    }
                }
            }
        }
        if hit {
            applied.suppressed += 1;
        } else {
            applied.diagnostics.push(diagnostic);
        }
    }
    if !linted {
        return applied;
    }
    for (suppression, used) in suppressions.iter().zip(used) {
        for (selector, used) in suppression.selectors.iter().zip(used) {
            let ran = selector.eq_ignore_ascii_case("ALL")
                || is_other_code(selector)
                || rules()
                    .iter()
                    .any(|rule| matches(selector, &rule.meta) && selection.is_enabled(&rule.meta));
            if !used && ran {
                let place = match suppression.scope {
                    Scope::File => "in this file".to_owned(),
                    Scope::Line(_) => "here".to_owned(),
                    Scope::Lines(..) => "in this resource".to_owned(),
                };
                applied.diagnostics.push(
                    Diagnostic::new(
                        SUP_UNUSED,
                        Severity::Info,
                        suppression.span,
                        format!("suppression `{selector}` matched no finding {place}"),
                    )
                    .with_help("remove it, or move it to the line the finding points at"),
                );
            }
        }
    }
    applied
}

/// The indentation of every line, to find which lines the YAML node at a span covers.
struct LineIndents<'t> {
    /// Per line (0-based): the indent of a line with content, `None` for blank and
    /// comment-only lines (they belong to whatever surrounds them).
    indents: Vec<Option<usize>>,
    /// The same lines' text, for what precedes a span's column.
    lines: Vec<&'t str>,
}

impl<'t> LineIndents<'t> {
    fn new(text: &'t str) -> LineIndents<'t> {
        let lines: Vec<&str> = text.split('\n').collect();
        let indents = lines
            .iter()
            .map(|line| {
                let trimmed = line.trim_start_matches(' ');
                (!trimmed.trim().is_empty() && !trimmed.starts_with('#'))
                    .then(|| line.len() - trimmed.len())
            })
            .collect();
        LineIndents { indents, lines }
    }

    /// The first and last line (1-based) of the node a span starts. A node at a mapping key
    /// (`legacy:` and its block) covers the lines indented deeper than the key; a node that is
    /// the first key of a sequence item (`- proto: tcp` and the keys under it) or a flow
    /// collection opened after `- ` covers the lines indented at least as deep as its column.
    fn extent(&self, span: Span) -> (u32, u32) {
        let first = span.line;
        let Some(start) = (first as usize).checked_sub(1) else {
            return (first, first);
        };
        let Some(line) = self.lines.get(start) else {
            return (first, first);
        };
        let column = (span.column as usize).saturating_sub(1);
        let before: String = line.chars().take(column).collect();
        let item = before.trim_end().ends_with('-');
        let depth = before.len(); // bytes up to the column: the node's indentation
        let mut last = start;
        for (index, indent) in self.indents.iter().enumerate().skip(start + 1) {
            match indent {
                None => continue,
                Some(indent) if (item && *indent >= depth) || *indent > depth => last = index,
                Some(_) => break,
            }
        }
        (first, u32::try_from(last + 1).unwrap_or(first))
    }
}

/// A selector matches a finding's code by rule (code, prefix or name) or, for codes that are
/// not lint rules (`VAL007`), exactly.
fn selector_matches(selector: &str, code: &str) -> bool {
    match rules().iter().find(|rule| rule.meta.code == code) {
        Some(rule) => matches(selector, &rule.meta),
        None => selector.eq_ignore_ascii_case(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: &'static str, line: u32) -> Diagnostic {
        Diagnostic::warning(
            code,
            Span {
                line,
                column: 1,
                ..Span::UNKNOWN
            },
            "x",
        )
    }

    #[test]
    fn trailing_comments_cover_their_line_and_own_line_comments_the_next() {
        let text = "a: 1\nb: 2  # vpcsim: ignore[SG001] reviewed\n# vpcsim: ignore[NACL004, RT]\n\n# other comment\nc: 3\n";
        let (found, problems) = parse_suppressions(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].scope, Scope::Line(2));
        assert_eq!(found[0].reason.as_deref(), Some("reviewed"));
        assert_eq!(found[1].scope, Scope::Line(6));
        assert_eq!(found[1].selectors, vec!["NACL004", "RT"]);
    }

    #[test]
    fn findings_on_the_line_are_dropped_and_unused_ones_reported() {
        let text = "x: 1 # vpcsim: ignore[SG001]\ny: 2 # vpcsim: ignore[NACL004]\n";
        let (found, _) = parse_suppressions(text);
        let applied = apply_suppressions(
            vec![finding("SG001", 1), finding("SG001", 2)],
            &found,
            &Selection::all(),
            text,
            true,
        );
        assert_eq!(applied.suppressed, 1);
        let codes: Vec<&str> = applied.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["SG001", SUP_UNUSED]);
        assert_eq!(applied.diagnostics[0].span.line, 2);
    }

    #[test]
    fn file_wide_and_prefix_selectors() {
        let text = "# vpcsim: ignore-file[NACL]\na: 1\n";
        let (found, _) = parse_suppressions(text);
        let applied = apply_suppressions(
            vec![finding("NACL004", 9), finding("SG001", 9)],
            &found,
            &Selection::all(),
            text,
            true,
        );
        assert_eq!(applied.suppressed, 1);
        assert_eq!(applied.diagnostics.len(), 1);
    }

    #[test]
    fn malformed_and_unknown_selectors_are_warnings() {
        let text = "a: 1 # vpcsim: ignore SG001\nb: 2 # vpcsim: ignore[SG01]\nc: 3 # vpcsim: disable[SG001]\nd: 'x # vpcsim: ignore[SG001]'\n";
        let (found, problems) = parse_suppressions(text);
        // Line 2 is a suppression (with an unknown selector); line 4's marker is inside quotes.
        assert_eq!(found.len(), 1, "{found:?}");
        let messages: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(problems.iter().all(|p| p.code == SUP_INVALID));
        assert_eq!(problems[1].help.as_deref(), Some("did you mean `SG001`?"));
    }

    #[test]
    fn unusable_errors_and_expectations_stay() {
        let text = "a: 1 # vpcsim: ignore-file[VAL001, EXPECT001]\n";
        let (found, _) = parse_suppressions(text);
        let error = Diagnostic::error("VAL001", Span::UNKNOWN, "bad");
        let expect = Diagnostic::error("EXPECT001", Span::UNKNOWN, "failed");
        let applied =
            apply_suppressions(vec![error, expect], &found, &Selection::all(), text, false);
        assert_eq!(applied.suppressed, 0);
        assert_eq!(applied.diagnostics.len(), 2);
    }

    #[test]
    fn apostrophes_in_plain_text_and_block_scalars() {
        let text = "old: { description: don't use }  # vpcsim: ignore[SG004]\nd: |\n  # vpcsim: ignore-file[SG]\n  text\ne: 1\n";
        let (found, problems) = parse_suppressions(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].scope, Scope::Line(1));
    }

    #[test]
    fn a_comment_anywhere_in_the_node_of_a_finding_applies() {
        let text = "ingress:\n  - proto: tcp\n    ports: 22\n    from: 0.0.0.0/0   # vpcsim: ignore[EXP001] reviewed\n  - proto: tcp\n    ports: 23\n";
        let (found, _) = parse_suppressions(text);
        let at = |line, column| {
            Diagnostic::warning(
                "EXP001",
                Span {
                    line,
                    column,
                    ..Span::UNKNOWN
                },
                "x",
            )
        };
        // The first item's span is its first key (line 2, column 5); the second item's is not
        // covered by the comment on line 4.
        let applied = apply_suppressions(
            vec![at(2, 5), at(5, 5)],
            &found,
            &Selection::all(),
            text,
            true,
        );
        assert_eq!(applied.suppressed, 1);
        assert_eq!(applied.diagnostics.len(), 1);
        assert_eq!(applied.diagnostics[0].span.line, 5);
        // A key's node covers the lines under it, not its siblings.
        let text = "groups:\n  a:\n    ingress: []\n  b: {}   # vpcsim: ignore[SG004]\n";
        let (found, _) = parse_suppressions(text);
        let applied = apply_suppressions(vec![at(2, 3)], &found, &Selection::all(), text, true);
        assert_eq!(applied.suppressed, 0);
    }

    #[test]
    fn validation_codes_and_all_are_known_selectors() {
        let (_, problems) = parse_suppressions("a: 1 # vpcsim: ignore[VAL007, ALL]\n");
        assert!(problems.is_empty(), "{problems:?}");
    }
}
