//! What `vpcsim check` found, as the renderers consume it: one [`Checked`] per design, the
//! run's [`Summary`], and the `--fail-on` level. It belongs to neither the command nor the
//! renderers, so that `commands` → `render` → `report` and `commands` → `report` with no cycle.

use serde::Serialize;
use vpcsim_lint::Selection;
use vpcsim_model::{Diagnostic, Severity};

/// Code of a failed `expect:` assertion (not a lint rule: it always runs).
pub(crate) const EXPECT_CODE: &str = "EXPECT001";

/// The lowest severity that makes `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    /// Errors only (default): warnings and infos are reported but pass.
    Error,
    /// Errors and warnings.
    Warning,
    /// Any finding, infos included.
    Info,
}

impl FailOn {
    pub(crate) fn fails(self, severity: Severity) -> bool {
        let threshold = match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        };
        severity <= threshold
    }
}

/// One checked design and everything found in it.
pub(crate) struct Checked {
    pub(crate) source: vpcsim_model::SourceFile,
    pub(crate) usable: bool,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) expectations_passed: usize,
    pub(crate) expectations_failed: usize,
    /// Findings dropped by `# vpcsim: ignore[…]` comments.
    pub(crate) suppressed: usize,
    /// The `expect:` assertions that hold, as `from -> to (reachable|blocked)`.
    pub(crate) expectations_held: Vec<String>,
    /// The rules that ran on this file.
    pub(crate) selection: Selection,
    /// The level at which this file's findings fail the run.
    pub(crate) fail_on: FailOn,
}

/// Counts over all files, also printed by the human and GitHub formats.
#[derive(Serialize, Default, Clone, Copy)]
pub(crate) struct Summary {
    pub(crate) files: usize,
    pub(crate) unusable_files: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    pub(crate) expectations_passed: usize,
    pub(crate) expectations_failed: usize,
    /// Findings dropped by suppression comments.
    pub(crate) suppressed: usize,
}
