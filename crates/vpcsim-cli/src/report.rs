//! What `vpcsim check` found, as the renderers consume it: one [`Checked`] per design, the
//! run's [`Summary`], and the `--fail-on` level. It belongs to neither the command nor the
//! renderers, so that `commands` → `render` → `report` and `commands` → `report` with no cycle.

use serde::Serialize;
use vpcsim_lint::Selection;
use vpcsim_model::{Diagnostic, Severity};

/// Code of a failed `expect:` assertion (not a lint rule: it always runs).
pub(crate) const EXPECT_CODE: &str = "EXPECT001";

/// Whether a code is a violated policy (`POL001`–`POL004`): like a failed expectation, it
/// fails `check` whatever `--fail-on` says.
pub(crate) fn is_policy_violation(code: &str) -> bool {
    matches!(code, "POL001" | "POL002" | "POL003" | "POL004")
}

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
    /// Policies that hold and that are violated (docs/policies.md).
    pub(crate) policies_passed: usize,
    pub(crate) policies_failed: usize,
    /// Findings dropped by `# vpcsim: ignore[…]` comments.
    pub(crate) suppressed: usize,
    /// The `expect:` assertions that hold, as `from -> to (reachable|blocked)`.
    pub(crate) expectations_held: Vec<String>,
    /// The rules that ran on this file.
    pub(crate) selection: Selection,
    /// The level at which this file's findings fail the run.
    pub(crate) fail_on: FailOn,
    /// What an importer could not carry over (`level: message`), for SARIF notifications.
    pub(crate) import_notes: Vec<String>,
    /// The configuration file whose options applied to this file (`vpcsim.toml`), if any.
    pub(crate) config: Option<std::path::PathBuf>,
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
    /// Policies that hold (docs/policies.md); omitted when no policy was checked.
    #[serde(skip_serializing_if = "is_zero")]
    pub(crate) policies_passed: usize,
    /// Policies violated.
    #[serde(skip_serializing_if = "is_zero")]
    pub(crate) policies_failed: usize,
    /// Findings dropped by suppression comments.
    pub(crate) suppressed: usize,
    /// Findings dropped because the `--baseline` file lists them.
    #[serde(skip_serializing_if = "is_zero")]
    pub(crate) baselined: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// FNV-1a over `parts`, each followed by a 0 byte: the stable identity of a finding.
pub(crate) fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0u8]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The file name as reports show it: `/` separators, no leading `./`.
pub(crate) fn report_path(name: &str) -> String {
    let path = name.replace('\\', "/");
    path.strip_prefix("./").unwrap_or(&path).to_owned()
}

/// The stable fingerprints of every finding of a file, in order: the rule, the file and the
/// finding's resource (its message when it names none), hashed, with `-2`, `-3`… for repeats.
/// Lines are left out, so a fingerprint survives edits elsewhere in the file (GitLab Code
/// Quality and `--baseline` use them).
pub(crate) fn fingerprints(file: &Checked) -> Vec<String> {
    let path = report_path(&file.source.name);
    let mut seen = std::collections::BTreeMap::<u64, u32>::new();
    file.diagnostics
        .iter()
        .map(|diagnostic| {
            let identity = diagnostic
                .resource
                .as_deref()
                .unwrap_or(diagnostic.message.as_str());
            let hash = fnv1a(&[diagnostic.code, &path, identity]);
            let repeat = seen.entry(hash).or_insert(0);
            *repeat += 1;
            if *repeat == 1 {
                format!("{hash:016x}")
            } else {
                format!("{hash:016x}-{repeat}")
            }
        })
        .collect()
}

/// The configuration files whose options applied to some checked file, in order, once each.
pub(crate) fn configs_used(checked: &[Checked]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    checked
        .iter()
        .filter_map(|file| file.config.as_ref())
        .map(|path| path.display().to_string())
        .filter(|path| seen.insert(path.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_values() {
        // FNV-1a test vector for the empty string (before the separator byte): the offset basis.
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(
            fnv1a(&["SG001", "a.yaml", "x"]),
            fnv1a(&["SG001", "a.yaml", "x"])
        );
        assert_ne!(fnv1a(&["SG001", "a.yaml"]), fnv1a(&["SG001a", ".yaml"]));
    }
}
