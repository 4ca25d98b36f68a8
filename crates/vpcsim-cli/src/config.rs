//! `vpcsim.toml`: per-repository defaults for `vpcsim check` (like ruff.toml or .tflint.hcl), so that the CI
//! command and a developer's run agree without repeating options.
//!
//! ```toml
//! [check]
//! select = ["ALL"]
//! ignore = ["RT007"]
//! fail-on = "warning"
//!
//! exclude = ["designs/generated/**"]
//!
//! [check.per-file-ignores]
//! "designs/legacy/*.yaml" = ["SG004", "unused-route-table"]
//! ```
//!
//! The file is `vpcsim.toml` or `.vpcsim.toml` in the design's directory or the nearest
//! ancestor, stopping at the repository root (a directory with `.git`); `--config PATH` names
//! one, `--isolated` ignores them. Options given on the command line replace the file's.
//! Per-file and `exclude` globs are relative to the config file's directory; `exclude` leaves
//! files out of folder walks and globs (and named files with `--only-designs`).

use std::path::{Path, PathBuf};

use anyhow::Context;
use indexmap::IndexMap;
use serde::Deserialize;

use crate::report::FailOn;

/// Names looked for, in order, in each directory.
const NAMES: [&str; 2] = ["vpcsim.toml", ".vpcsim.toml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    check: CheckSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CheckSection {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    fail_on: Option<FailOnName>,
    #[serde(default)]
    per_file_ignores: IndexMap<String, Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum FailOnName {
    Error,
    Warning,
    Info,
}

/// A loaded configuration file.
#[derive(Debug)]
pub(crate) struct Config {
    /// Where it was read from (for messages).
    pub(crate) path: PathBuf,
    pub(crate) select: Option<Vec<String>>,
    pub(crate) ignore: Option<Vec<String>>,
    pub(crate) fail_on: Option<FailOn>,
    per_file: Vec<(globset::GlobSet, Vec<String>)>,
    /// Files left out of walks (`exclude`).
    exclude: globset::GlobSet,
    /// The directory per-file and `exclude` globs are relative to.
    base: PathBuf,
}

impl Config {
    /// Reads and checks one configuration file; problems name the file, line and column.
    pub(crate) fn load(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config `{}`", path.display()))?;
        let file: File = toml::from_str(&text).map_err(|error| {
            let place = error
                .span()
                .map(|span| {
                    let before = text.get(..span.start).unwrap_or(&text);
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    format!(":{line}:{column}")
                })
                .unwrap_or_default();
            anyhow::anyhow!(
                "invalid config {}{place}: {}",
                path.display(),
                error.message()
            )
        })?;
        // Every code is checked now, not only when a design happens to match its glob.
        let every_code = vpcsim_lint::Selection {
            select: file.check.select.clone().unwrap_or_default(),
            ignore: file
                .check
                .ignore
                .iter()
                .flatten()
                .chain(file.check.per_file_ignores.values().flatten())
                .cloned()
                .collect(),
        };
        every_code
            .validate()
            .map_err(|error| anyhow::anyhow!("invalid config {}: {error}", path.display()))?;
        let mut per_file = Vec::new();
        for (pattern, codes) in file.check.per_file_ignores {
            per_file.push((glob_set(path, "per-file-ignores", &[pattern])?, codes));
        }
        let exclude = glob_set(path, "exclude", &file.check.exclude)?;
        Ok(Config {
            path: path.to_path_buf(),
            select: file.check.select,
            ignore: file.check.ignore,
            fail_on: file.check.fail_on.map(|name| match name {
                FailOnName::Error => FailOn::Error,
                FailOnName::Warning => FailOn::Warning,
                FailOnName::Info => FailOn::Info,
            }),
            per_file,
            exclude,
            base: path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        })
    }

    /// The selectors `per-file-ignores` adds for one design.
    pub(crate) fn ignores_for(&self, design: &Path) -> Vec<String> {
        let relative = self.relative(design);
        self.per_file
            .iter()
            .filter(|(glob, _)| glob.is_match(&relative))
            .flat_map(|(_, codes)| codes.iter().cloned())
            .collect()
    }

    /// Whether `exclude` leaves this file out.
    pub(crate) fn excludes(&self, design: &Path) -> bool {
        self.exclude.is_match(self.relative(design))
    }

    /// The design's path relative to the config file's directory (as written, when outside).
    fn relative(&self, design: &Path) -> PathBuf {
        let absolute = absolute(design);
        let base = absolute_dir(&self.base);
        absolute
            .strip_prefix(&base)
            .map_or_else(|_| absolute.clone(), Path::to_path_buf)
    }
}

/// The configuration that applies to each design of a run: `--config`'s, none with
/// `--isolated`, else the nearest file's (each read once).
pub(crate) struct Configs {
    explicit: Option<std::rc::Rc<Config>>,
    isolated: bool,
    found: std::collections::BTreeMap<PathBuf, std::rc::Rc<Config>>,
}

impl Configs {
    pub(crate) fn new(explicit: Option<&str>, isolated: bool) -> anyhow::Result<Configs> {
        Ok(Configs {
            explicit: match explicit {
                Some(path) => Some(std::rc::Rc::new(Config::load(Path::new(path))?)),
                None => None,
            },
            isolated,
            found: std::collections::BTreeMap::new(),
        })
    }

    /// The configuration for a design named `design` (a path, or stdin's name).
    pub(crate) fn for_design(
        &mut self,
        design: &str,
    ) -> anyhow::Result<Option<std::rc::Rc<Config>>> {
        if self.isolated {
            return Ok(None);
        }
        if let Some(config) = &self.explicit {
            return Ok(Some(config.clone()));
        }
        let Some(path) = find(design) else {
            return Ok(None);
        };
        if let Some(config) = self.found.get(&path) {
            return Ok(Some(config.clone()));
        }
        let config = std::rc::Rc::new(Config::load(&path)?);
        self.found.insert(path, config.clone());
        Ok(Some(config))
    }
}

/// The globs of one config key, checked and compiled; an error names the file, key and glob.
fn glob_set(path: &Path, key: &str, patterns: &[String]) -> anyhow::Result<globset::GlobSet> {
    let mut set = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let bad = |why: String| {
            anyhow::anyhow!(
                "invalid config {}: bad glob `{pattern}` in {key}: {why}",
                path.display()
            )
        };
        check_glob_limits(pattern).map_err(bad)?;
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|error| bad(error.kind().to_string()))?;
        // `GlobSet::build` reports a pattern its regex engine cannot compile;
        // `Glob::compile_matcher` would panic on it. One set per pattern, so the error names it.
        globset::GlobSetBuilder::new()
            .add(glob.clone())
            .build()
            .map_err(|error| bad(error.to_string()))?;
        set.add(glob);
    }
    set.build()
        .map_err(|error| anyhow::anyhow!("invalid config {}: {key}: {error}", path.display()))
}

/// The path made absolute as written: symbolic links are not followed, so a design linked
/// into a repository gets the repository's config.
fn absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // `a/../b` lexically, as the user means it (globs and ancestors compare components).
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

fn absolute_dir(dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        return absolute(Path::new("."));
    }
    absolute(dir)
}

/// The configuration file that applies to a design: in its directory or the nearest ancestor,
/// not above the repository root.
pub(crate) fn find(design: &str) -> Option<PathBuf> {
    let start = if design == "-" {
        absolute(Path::new("."))
    } else {
        let path = absolute(Path::new(design));
        if path.is_dir() {
            path
        } else {
            path.parent()?.to_path_buf()
        }
    };
    for dir in start.ancestors() {
        for name in NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The longest per-file glob accepted, in bytes.
const MAX_GLOB_LEN: usize = 1024;
/// The deepest nesting of `{…}` alternatives accepted in a glob.
const MAX_GLOB_NESTING: usize = 8;

/// Refuses globs too long or too deeply nested to compile safely (a 126-deep `{a,{a,…}}`
/// made the glob compiler panic), before compiling them.
fn check_glob_limits(pattern: &str) -> Result<(), String> {
    if pattern.len() > MAX_GLOB_LEN {
        return Err(format!(
            "{} bytes long (at most {MAX_GLOB_LEN})",
            pattern.len()
        ));
    }
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut escaped = false;
    for c in pattern.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_GLOB_NESTING {
        return Err(format!(
            "`{{…}}` nested {deepest} deep (at most {MAX_GLOB_NESTING})"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_or_long_globs_are_refused_not_panicked_on() {
        let deep = format!("{}b{}", "{a,".repeat(126), "}".repeat(126));
        assert!(
            check_glob_limits(&deep)
                .unwrap_err()
                .contains("nested 126 deep")
        );
        assert!(check_glob_limits(&"a".repeat(2000)).is_err());
        assert!(check_glob_limits("designs/{prod,stage}/**/*.yaml").is_ok());
    }

    #[test]
    fn reads_the_check_section_and_matches_per_file_globs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vpcsim.toml");
        std::fs::write(
            &path,
            "[check]\nignore = [\"RT007\"]\nfail-on = \"warning\"\n[check.per-file-ignores]\n\"legacy/*.yaml\" = [\"SG004\"]\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.ignore, Some(vec!["RT007".to_owned()]));
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        std::fs::create_dir(dir.path().join("legacy")).unwrap();
        let design = dir.path().join("legacy/a.yaml");
        std::fs::write(&design, "").unwrap();
        assert_eq!(config.ignores_for(&design), vec!["SG004".to_owned()]);
        assert!(config.ignores_for(&dir.path().join("b.yaml")).is_empty());
        assert_eq!(find(design.to_str().unwrap()), Some(path));
    }

    #[test]
    fn unknown_keys_are_reported_with_their_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vpcsim.toml");
        std::fs::write(&path, "[check]\nselec = [\"SG\"]\n").unwrap();
        let error = Config::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("vpcsim.toml:2:1: unknown field `selec`"),
            "{error}"
        );
    }

    #[test]
    fn every_code_is_checked_when_the_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vpcsim.toml");
        std::fs::write(
            &path,
            "[check.per-file-ignores]\n\"nothing/matches/*.yaml\" = [\"SG04\"]\n",
        )
        .unwrap();
        let error = Config::load(&path).unwrap_err().to_string();
        assert!(error.contains("`SG04` matches no rule"), "{error}");
    }
}
