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
        Style {
            enabled: color_enabled(is_terminal),
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

/// `--color`: when output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set or `TERM=dumb`.
    #[default]
    Auto,
    /// Always colour (CI logs that render ANSI colours).
    Always,
    /// Never colour.
    Never,
}

static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Sets the `--color` choice for the whole run (once, from `main`).
pub(crate) fn set_color_choice(choice: ColorChoice) {
    COLOR.set(choice).ok();
}

/// Whether a stream that is (or is not) a terminal gets colour, by `--color`, `NO_COLOR`
/// (<https://no-color.org>) and `TERM=dumb`.
pub(crate) fn color_enabled(is_terminal: bool) -> bool {
    match COLOR.get().copied().unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            is_terminal && !no_color && !dumb
        }
    }
}
