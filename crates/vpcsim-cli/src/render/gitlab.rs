//! GitLab Code Quality report for `vpcsim check --format gitlab` (GitLab Code Quality): a JSON
//! array of Code Climate issues that the merge-request widget shows.
//!
//! GitLab shows one finding per fingerprint, so fingerprints must be unique; one that includes
//! the line churns whenever lines move. The fingerprint hashes the rule, the file and the
//! finding's logical resource (its message when it names none), with a counter for repeats.

use std::io::Write;

use serde::Serialize;
use vpcsim_model::Severity;

use crate::render::diagnostics::render_concise;
use crate::report::{Checked, fingerprints, report_path};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// 64-bit FNV-1a: stable across runs, platforms and Rust versions (unlike `DefaultHasher`).
pub(crate) fn write(out: &mut dyn Write, checked: &[Checked]) -> anyhow::Result<()> {
    let mut issues = Vec::new();
    for file in checked {
        let path = report_path(&file.source.name);
        for (diagnostic, fingerprint) in file.diagnostics.iter().zip(fingerprints(file)) {
            issues.push((
                path.clone(),
                diagnostic.code,
                render_concise(diagnostic, &file.source),
                fingerprint,
                diagnostic.severity,
                diagnostic.span.line.max(1),
            ));
        }
    }
    let issues: Vec<Issue<'_>> = issues
        .iter()
        .map(
            |(path, code, description, fingerprint, severity, line)| Issue {
                description: description.clone(),
                check_name: code,
                fingerprint: fingerprint.clone(),
                severity: match severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "info",
                },
                location: Location {
                    path,
                    lines: Lines { begin: *line },
                },
            },
        )
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)?;
    Ok(())
}
