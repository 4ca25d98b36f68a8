//! JUnit XML for `vpcsim check --format junit` (JUnit XML), read by GitLab
//! (`artifacts:reports:junit`), Jenkins and Azure.
//!
//! One `testsuite` per design file. Test cases: every finding (a `failure` when it reaches the
//! `--fail-on` level, else a passing case whose output is the finding), every `expect:`
//! assertion (failed ones are their `EXPECT001` finding), and every lint rule that ran and found
//! nothing, so trend graphs count passing checks too. An unusable file is one `error` case.

use std::fmt::Write as _;
use std::io::Write;

use vpcsim_model::Severity;

use crate::render::diagnostics::render_concise;
use crate::report::Checked;

/// Escapes text for XML attributes and content.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if ((c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t'))
                || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => escaped.push(c),
        }
    }
    escaped
}

enum Outcome {
    Pass(Option<String>),
    Failure {
        message: String,
        kind: &'static str,
        text: String,
    },
    Error {
        message: String,
        text: String,
    },
}

struct Case {
    classname: String,
    name: String,
    outcome: Outcome,
}

/// Writes the report; each file's findings fail at its own `--fail-on` level.
pub(crate) fn write(out: &mut dyn Write, checked: &[Checked]) -> anyhow::Result<()> {
    let mut suites = String::new();
    let (mut total_tests, mut total_failures, mut total_errors) = (0usize, 0usize, 0usize);
    for file in checked {
        let mut cases: Vec<Case> = Vec::new();
        for diagnostic in &file.diagnostics {
            let classname = format!("vpcsim.{}", diagnostic.code);
            let name = format!(
                "{} {}:{}",
                diagnostic
                    .resource
                    .as_deref()
                    .unwrap_or(&diagnostic.message),
                diagnostic.span.line,
                diagnostic.span.column
            );
            let text = render_concise(diagnostic, &file.source);
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let outcome = if !file.usable && diagnostic.severity == Severity::Error {
                Outcome::Error {
                    message: diagnostic.message.clone(),
                    text,
                }
            } else if file.fail_on.fails(diagnostic.severity)
                || diagnostic.code == crate::report::EXPECT_CODE
            {
                Outcome::Failure {
                    message: diagnostic.message.clone(),
                    kind: severity,
                    text,
                }
            } else {
                Outcome::Pass(Some(text))
            };
            cases.push(Case {
                classname,
                name,
                outcome,
            });
        }
        for query in &file.expectations_held {
            cases.push(Case {
                classname: "vpcsim.expect".into(),
                name: query.clone(),
                outcome: Outcome::Pass(None),
            });
        }
        if file.usable {
            for rule in vpcsim_lint::rules() {
                let meta = &rule.meta;
                if file.selection.is_enabled(meta)
                    && !file.diagnostics.iter().any(|d| d.code == meta.code)
                {
                    cases.push(Case {
                        classname: format!("vpcsim.{}", meta.code),
                        name: meta.name.to_owned(),
                        outcome: Outcome::Pass(None),
                    });
                }
            }
        }
        let failures = cases
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Failure { .. }))
            .count();
        let errors = cases
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Error { .. }))
            .count();
        total_tests += cases.len();
        total_failures += failures;
        total_errors += errors;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"0\">",
            escape(&file.source.name),
            cases.len()
        );
        // `file` lets GitLab and Jenkins link a case to its design; `time` is always 0 so the
        // report stays byte-identical between runs (vpcsim's checks take microseconds).
        let path = escape(&crate::report::report_path(&file.source.name));
        for case in &cases {
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{path}\" time=\"0\"",
                escape(&case.classname),
                escape(&case.name)
            );
            match &case.outcome {
                Outcome::Pass(None) => {
                    let _ = writeln!(suites, "{open}/>");
                }
                Outcome::Pass(Some(text)) => {
                    let _ = writeln!(
                        suites,
                        "{open}>\n      <system-out>{}</system-out>\n    </testcase>",
                        escape(text)
                    );
                }
                Outcome::Failure {
                    message,
                    kind,
                    text,
                } => {
                    let _ = writeln!(
                        suites,
                        "{open}>\n      <failure message=\"{}\" type=\"{kind}\">{}</failure>\n    </testcase>",
                        escape(message),
                        escape(text)
                    );
                }
                Outcome::Error { message, text } => {
                    let _ = writeln!(
                        suites,
                        "{open}>\n      <error message=\"{}\" type=\"unusable\">{}</error>\n    </testcase>",
                        escape(message),
                        escape(text)
                    );
                }
            }
        }
        suites.push_str("  </testsuite>\n");
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vpcsim check\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"{total_errors}\">\n{suites}</testsuites>\n"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\u{fffe}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }
}
