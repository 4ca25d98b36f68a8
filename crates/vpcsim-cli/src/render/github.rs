//! GitHub Actions workflow-command annotations for `vpcsim check --format github`
//! (GitHub Actions workflow commands): `::error file=…,line=…,col=…,endColumn=…,title=vpcsim (CODE)::message`.
//!
//! Stdout carries only annotation lines, errors first (GitHub shows 10 per severity per step);
//! the one-line summary goes to stderr so the payload stays clean.
#![allow(clippy::print_stderr)]

use std::io::Write;

use vpcsim_model::Severity;

use crate::render::diagnostics::render_concise;
use crate::report::{Checked, Summary};

/// Escapes a message: `%`, CR and LF.
pub(crate) fn escape_message(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: the message escapes plus `:` and `,`.
pub(crate) fn escape_property(text: &str) -> String {
    escape_message(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes every finding as an annotation, errors first, then the summary to stderr.
pub(crate) fn write(
    out: &mut dyn Write,
    checked: &[Checked],
    summary: Summary,
) -> anyhow::Result<()> {
    for wanted in [Severity::Error, Severity::Warning, Severity::Info] {
        for file in checked {
            let path = file.source.name.replace('\\', "/");
            let path = path.strip_prefix("./").unwrap_or(&path);
            for diagnostic in file.diagnostics.iter().filter(|d| d.severity == wanted) {
                let command = match wanted {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                let span = diagnostic.span;
                let mut message = render_concise(diagnostic, &file.source);
                if let Some(help) = &diagnostic.help {
                    message.push_str(&format!("\nhelp: {help}"));
                }
                writeln!(
                    out,
                    "::{command} file={},line={},col={},title={}::{}",
                    escape_property(path),
                    span.line.max(1),
                    span.column.max(1),
                    escape_property(&format!("vpcsim ({})", diagnostic.code)),
                    escape_message(&message)
                )?;
            }
        }
    }
    eprintln!(
        "vpcsim: {} file(s), {} error(s), {} warning(s), {} info(s), {} failed expectation(s)",
        summary.files, summary.errors, summary.warnings, summary.infos, summary.expectations_failed
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_message("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
