//! Terminal colour: on only when the stream is a terminal and `NO_COLOR` is unset
//! (https://no-color.org), so pipes and CI logs get plain text.

use std::io::IsTerminal;

/// Whether to colour one output stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Style {
    enabled: bool,
}

/// One ANSI style (or none).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paint {
    code: Option<&'static str>,
}

impl Paint {
    /// Wraps `text` in the style's escape codes.
    pub(crate) fn paint(self, text: &str) -> String {
        match self.code {
            Some(code) => format!("\x1b[{code}m{text}\x1b[0m"),
            None => text.to_owned(),
        }
    }
}

impl Style {
    /// Colour for stdout.
    pub(crate) fn stdout() -> Style {
        Style::for_terminal(std::io::stdout().is_terminal())
    }

    /// Colour for stderr.
    pub(crate) fn stderr() -> Style {
        Style::for_terminal(std::io::stderr().is_terminal())
    }

    fn for_terminal(is_terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            enabled: is_terminal && !no_color,
        }
    }

    /// No colour at all (tests, JSON).
    #[allow(dead_code)]
    pub(crate) fn plain() -> Style {
        Style { enabled: false }
    }

    fn make(self, code: &'static str) -> Paint {
        Paint {
            code: self.enabled.then_some(code),
        }
    }

    /// Errors, blocked verdicts.
    pub(crate) fn error(self) -> Paint {
        self.make("1;31")
    }
    /// Warnings.
    pub(crate) fn warning(self) -> Paint {
        self.make("1;33")
    }
    /// Informational notes.
    pub(crate) fn info(self) -> Paint {
        self.make("1;36")
    }
    /// Success, reachable verdicts.
    pub(crate) fn success(self) -> Paint {
        self.make("1;32")
    }
    /// Headings.
    pub(crate) fn bold(self) -> Paint {
        self.make("1")
    }
    /// Gutters and secondary text.
    pub(crate) fn gutter(self) -> Paint {
        self.make("1;34")
    }
}
