//! Findings about a user's file or network, as data.
//!
//! A [`Diagnostic`] is never an `Err`: loading returns the model *and* every problem found, and
//! lint rules push diagnostics. Every output format (human, JSON, SARIF, GitHub) is rendered
//! from this one type by the CLI.

use serde::Serialize;

use crate::span::Span;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS would reject the design, or the file cannot be used.
    Error,
    /// The design is accepted by AWS but probably wrong.
    Warning,
    /// Worth knowing; not a problem by itself.
    Info,
}

impl Severity {
    /// Lowercase name used in all output formats.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A secondary location with a label ("VPC block declared here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What it shows.
    pub label: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `VAL003` or `SG001`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// One-line message, lowercase start, no trailing period.
    pub message: String,
    /// Primary location.
    pub span: Span,
    /// Label under the primary location.
    pub label: Option<String>,
    /// Logical address of the resource concerned, e.g. `vpc/devloop/subnet/public-a`.
    pub resource: Option<String>,
    /// Secondary locations.
    pub related: Vec<Related>,
    /// Extra explanation lines.
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic with a message at a span.
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span,
            label: None,
            resource: None,
            related: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// An error.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic::new(code, Severity::Warning, span, message)
    }

    /// Sets the primary label.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the resource address.
    #[must_use]
    pub fn with_resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Adds a secondary location.
    #[must_use]
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        if span.is_known() {
            self.related.push(Related {
                span,
                label: label.into(),
            });
        }
        self
    }

    /// The deterministic order of output: position, then code, then message.
    pub fn sort_key(&self) -> (u32, u32, u32, &'static str, &str) {
        (
            self.span.file.0,
            self.span.line,
            self.span.column,
            self.code,
            &self.message,
        )
    }
}

/// Sorts diagnostics into the deterministic output order and drops exact duplicates.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let max = (word.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= max)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    let mut current = vec![0; b_chars.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b_chars.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b_chars.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("subnetz", ["subnets", "cidr"]),
            Some("subnets")
        );
        assert_eq!(
            did_you_mean("public-b", ["public-a", "private-a"]),
            Some("public-a")
        );
        assert_eq!(did_you_mean("zzz", ["subnets", "cidr"]), None);
    }
}
