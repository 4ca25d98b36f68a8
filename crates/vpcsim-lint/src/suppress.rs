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
//! `--ignore` takes: codes, code prefixes or rule names. Findings are matched by the line of
//! their primary span. Errors that make a design unusable and failed `expect:` assertions cannot
//! be suppressed: the first must be fixed, the second is the design's own intent.
//!
//! Problems with the comments themselves are findings too: `SUP001` (warning) for a selector
//! that names no rule or a malformed comment, `SUP002` (info) for a suppression that matched
//! nothing among the rules that ran.

use vpcsim_model::{Diagnostic, FileId, Severity, Span};

use crate::registry::rules;
use crate::select::{Selection, matches};

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
    for (index, line) in text.split('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim_start();
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
            '"' if !single => double = !double,
            '\'' if !double => single = !single,
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
    if rules().iter().any(|rule| matches(selector, &rule.meta)) {
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
/// make a design unusable, not failed expectations.
fn suppressible(diagnostic: &Diagnostic) -> bool {
    let lint = rules().iter().any(|rule| rule.meta.code == diagnostic.code);
    (lint || diagnostic.severity != Severity::Error)
        && !diagnostic.code.starts_with("EXPECT")
        && !diagnostic.code.starts_with("SUP")
}

/// Drops the findings the suppressions name, and reports suppressions that named no rule that
/// ran or matched nothing (`SUP002`, for selectors whose rules ran under `selection`).
pub fn apply_suppressions(
    diagnostics: Vec<Diagnostic>,
    suppressions: &[Suppression],
    selection: &Selection,
) -> Applied {
    let mut used = vec![vec![false; 0]; suppressions.len()];
    for (slot, suppression) in used.iter_mut().zip(suppressions) {
        *slot = vec![false; suppression.selectors.len()];
    }
    let mut applied = Applied::default();
    for diagnostic in diagnostics {
        let mut hit = false;
        if suppressible(&diagnostic) {
            for (index, suppression) in suppressions.iter().enumerate() {
                let applies = match suppression.scope {
                    Scope::File => true,
                    Scope::Line(line) => diagnostic.span.line == line,
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
    for (suppression, used) in suppressions.iter().zip(used) {
        for (selector, used) in suppression.selectors.iter().zip(used) {
            let ran = rules()
                .iter()
                .any(|rule| matches(selector, &rule.meta) && selection.is_enabled(&rule.meta));
            if !used && ran {
                let place = match suppression.scope {
                    Scope::File => "in this file".to_owned(),
                    Scope::Line(line) => format!("on line {line}"),
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
        let (found, _) = parse_suppressions("a: 1 # vpcsim: ignore-file[VAL001, EXPECT001]\n");
        let error = Diagnostic::error("VAL001", Span::UNKNOWN, "bad");
        let expect = Diagnostic::error("EXPECT001", Span::UNKNOWN, "failed");
        let applied = apply_suppressions(vec![error, expect], &found, &Selection::all());
        assert_eq!(applied.suppressed, 0);
        assert_eq!(applied.diagnostics.len(), 2);
    }
}
