//! Which files `vpcsim check` reads: the arguments as given, with folders walked and quoted globs
//! expanded the way linters do it (`check designs/`, `check 'designs/**/*.yaml'`, what
//! pre-commit and Windows shells pass).
//!
//! - A folder that holds AWS describe-* JSON (directly, in `aws_configs/`, or in Batfish's
//!   `[aws_configs/][accounts/]<account>/<region>/` folders below it) is one AWS export, as
//!   before. Any other folder is walked: `*.yaml`, `*.yml` and `*.json` files that are
//!   designs (a top-level `vpcs:` key), Terraform plans or CloudFormation templates, in sorted
//!   order. Hidden folders, `target/` and `node_modules/` are skipped; symbolic links to
//!   folders are not followed (no loops), and only regular files are read.
//! - Walks (of folders and of globs) leave out what `.gitignore`, `.ignore` and
//!   `.git/info/exclude` files in the walked folders and their parents exclude, as ripgrep and
//!   ruff do, whether or not the folder is in a git repository; never the user's global git
//!   excludes (the same tree gives the same files on every machine). `--no-ignore` turns this
//!   off. A file named as an argument is always read.
//! - An argument that names no file but contains `*`, `?`, `[` or `{` is a glob (`**` crosses
//!   folders), matched the same way under its literal leading folder.
//! - `-` is stdin, at most once.
//!
//! Each file is marked with whether a walk or glob found it: `check` leaves those out when the
//! configuration's `[check] exclude` matches them (`config.rs`).

use std::path::{Path, PathBuf};

use anyhow::bail;

/// The glob metacharacters that make an argument a pattern.
const GLOB_CHARS: [char; 4] = ['*', '?', '[', '{'];

/// Folders a walk never enters.
const SKIPPED_DIRS: [&str; 2] = ["target", "node_modules"];

/// The default `--max-input-size`: far above any real design, plan or export file.
pub(crate) const DEFAULT_MAX_INPUT: u64 = 256 << 20;

static MAX_INPUT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();

/// Sets `--max-input-size` for the run (once, from `main`).
pub(crate) fn set_max_input_size(bytes: u64) {
    MAX_INPUT.set(bytes).ok();
}

/// Refuses, before reading, what is not a regular file (a FIFO would block forever, a link to
/// `/dev/zero` never ends) or is larger than `--max-input-size`.
pub(crate) fn check_readable(path: &Path) -> anyhow::Result<()> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| anyhow::anyhow!("cannot read `{}`: {error}", path.display()))?;
    if !metadata.is_file() {
        bail!(
            "`{}` is not a regular file (a folder, FIFO, socket or device); vpcsim reads design files",
            path.display()
        );
    }
    let limit = MAX_INPUT.get().copied().unwrap_or(DEFAULT_MAX_INPUT);
    if metadata.len() > limit {
        bail!(
            "`{}` is {} bytes, over the input limit of {limit} bytes; raise it with --max-input-size",
            path.display(),
            metadata.len()
        );
    }
    Ok(())
}

/// What the arguments expand to, in order, without duplicates; `respect_ignore` makes walks
/// leave out what ignore files exclude (off with `--no-ignore`).
#[cfg(test)]
fn expand(arguments: &[String], respect_ignore: bool) -> anyhow::Result<Vec<String>> {
    Ok(expand_marked(arguments, respect_ignore)?
        .into_iter()
        .map(|(file, _)| file)
        .collect())
}

/// [`expand`], each file marked `true` when a walk or glob found it (`false` when it was named).
pub(crate) fn expand_marked(
    arguments: &[String],
    respect_ignore: bool,
) -> anyhow::Result<Vec<(String, bool)>> {
    let mut files: Vec<(String, bool)> = Vec::new();
    let mut stdin = false;
    for argument in arguments {
        if argument == "-" {
            if stdin {
                bail!("`-` (stdin) is given twice; stdin can be read once");
            }
            stdin = true;
            files.push((argument.clone(), false));
            continue;
        }
        let path = Path::new(argument);
        if path.is_dir() {
            if is_aws_export(path) {
                files.push((argument.clone(), false));
            } else {
                let found = walk(path, respect_ignore, &|_| true);
                if found.is_empty() {
                    bail!(
                        "no design files (*.yaml, *.yml, *.json with a top-level `vpcs:`, Terraform plans or CloudFormation templates) under `{argument}`"
                    );
                }
                files.extend(found.into_iter().map(|p| (p.display().to_string(), true)));
            }
        } else if !path.exists() && argument.contains(GLOB_CHARS) {
            let found = glob(argument, respect_ignore)?;
            if found.is_empty() {
                bail!("no design files match `{argument}`");
            }
            files.extend(found.into_iter().map(|f| (f, true)));
        } else {
            files.push((argument.clone(), false));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    files.retain(|(file, _)| seen.insert(file.clone()));
    Ok(files)
}

/// Whether a folder is an AWS describe-* export: a JSON file keyed by a describe key in it, in
/// its `aws_configs/`, or in the account and Region folders of Batfish's layout below them.
fn is_aws_export(dir: &Path) -> bool {
    const KEYS: [&str; 6] = [
        "\"Vpcs\"",
        "\"Subnets\"",
        "\"Reservations\"",
        "\"SecurityGroups\"",
        "\"RouteTables\"",
        "\"NetworkInterfaces\"",
    ];
    let is_describe_file = |path: &Path| {
        path.extension().is_some_and(|e| e == "json")
            && head(path).is_some_and(|text| {
                let text = text.trim_start().trim_start_matches('{').trim_start();
                KEYS.iter().any(|key| text.starts_with(key))
            })
    };
    // `dir`, then at most four folders deep (`aws_configs/accounts/<id>/<region>/`), only
    // through folders whose names belong to an export's layout.
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((current, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_file() && is_describe_file(&path) {
                return true;
            }
            if kind.is_dir() && depth < 4 && is_export_folder(&entry.file_name().to_string_lossy())
            {
                stack.push((path, depth + 1));
            }
        }
    }
    false
}

/// A folder name of an export's layout: `aws_configs`, `accounts`, a twelve-digit account id
/// or a Region code (`us-east-2`, `us-gov-west-1`).
fn is_export_folder(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    let letters = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    let region = match parts.as_slice() {
        [geo, area, number] | [geo, "gov" | "iso" | "isob", area, number] => {
            geo.len() == 2 && letters(geo) && letters(area) && number.parse::<u8>().is_ok()
        }
        _ => false,
    };
    region
        || name == "aws_configs"
        || name == "accounts"
        || (name.len() == 12 && name.bytes().all(|b| b.is_ascii_digit()))
}

/// The first `limit` bytes of a file, as text.
fn head_n(path: &Path, limit: u64) -> Option<String> {
    use std::io::Read;
    let mut buffer = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(limit)
        .read_to_end(&mut buffer)
        .ok()?;
    Some(String::from_utf8_lossy(&buffer).into_owned())
}

/// The first 4 KiB of a file, as text.
fn head(path: &Path) -> Option<String> {
    head_n(path, 4096)
}

/// Whether a file found by a walk or a glob is a design or a Terraform plan, by its content.
pub(crate) fn is_design(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("yaml" | "yml" | "template") => std::fs::read_to_string(path).is_ok_and(|text| {
            text.lines().any(|line| line.starts_with("vpcs:"))
                || vpcsim_import::is_cloudformation_template(&text)
        }),
        // A key-sorted plan (`jq -S`) starts with its whole `configuration`: look further.
        Some("json") => head_n(path, 1 << 20).is_some_and(|text| {
            text.contains("\"vpcs\"")
                || text.contains("\"AWSTemplateFormatVersion\"")
                || (text.contains("\"format_version\"")
                    && (text.contains("\"planned_values\"")
                        || text.contains("\"resource_changes\"")))
        }),
        _ => false,
    }
}

/// Design files under `dir` (sorted), keeping those `keep` accepts; with `respect_ignore`,
/// without what ignore files exclude (module documentation).
fn walk(dir: &Path, respect_ignore: bool, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(false)
        .git_ignore(respect_ignore)
        .git_exclude(respect_ignore)
        .ignore(respect_ignore)
        .parents(respect_ignore)
        .require_git(false)
        // Symbolic links are not followed: linked folders are never entered (no loops).
        .follow_links(false)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0
                || !is_dir
                || !(name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref()))
        });
    let mut found: Vec<PathBuf> = builder
        .build()
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| keep(path) && is_design(path))
        .collect();
    found.sort();
    found
}

/// Files matching a glob pattern, under its literal leading folder.
fn glob(pattern: &str, respect_ignore: bool) -> anyhow::Result<Vec<String>> {
    let literal: Vec<&str> = pattern
        .split('/')
        .take_while(|part| !part.contains(GLOB_CHARS))
        .collect();
    let base = if literal.is_empty() {
        PathBuf::from(".")
    } else if pattern.starts_with('/') && literal.len() == 1 {
        PathBuf::from("/")
    } else {
        PathBuf::from(literal.join("/"))
    };
    let matcher = globset::GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map_err(|error| anyhow::anyhow!("bad glob `{pattern}`: {}", error.kind()))?
        .compile_matcher();
    let relative_to_dot = literal.is_empty();
    let found = walk(&base, respect_ignore, &|path| {
        let shown = if relative_to_dot {
            path.strip_prefix("./").unwrap_or(path)
        } else {
            path
        };
        matcher.is_match(shown)
    });
    Ok(found
        .into_iter()
        .map(|path| {
            if relative_to_dot {
                path.strip_prefix("./")
                    .unwrap_or(&path)
                    .display()
                    .to_string()
            } else {
                path.display().to_string()
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("designs/prod")).unwrap();
        std::fs::create_dir_all(root.join("designs/.hidden")).unwrap();
        std::fs::write(root.join("designs/a.yaml"), "version: 1\nvpcs: {}\n").unwrap();
        std::fs::write(root.join("designs/prod/b.yml"), "vpcs:\n  v: {}\n").unwrap();
        std::fs::write(root.join("designs/prod/c.json"), "{\"vpcs\": {}}").unwrap();
        std::fs::write(root.join("designs/ci.yaml"), "on: push\n").unwrap();
        std::fs::write(root.join("designs/package.json"), "{\"name\": \"x\"}").unwrap();
        std::fs::write(root.join("designs/.hidden/d.yaml"), "vpcs: {}\n").unwrap();
        dir
    }

    #[test]
    fn folders_are_walked_for_designs_only() {
        let dir = tree();
        let designs = dir.path().join("designs").display().to_string();
        let found = expand(std::slice::from_ref(&designs), true).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|f| f.trim_start_matches(&designs).to_owned())
            .collect();
        assert_eq!(names, ["/a.yaml", "/prod/b.yml", "/prod/c.json"]);
    }

    #[test]
    fn quoted_globs_are_expanded_recursively() {
        let dir = tree();
        let pattern = format!("{}/designs/**/*.yaml", dir.path().display());
        let found = expand(&[pattern], true).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].ends_with("designs/a.yaml"));
        let pattern = format!("{}/designs/**/*.{{yaml,yml,json}}", dir.path().display());
        assert_eq!(expand(&[pattern], true).unwrap().len(), 3);
        let none = format!("{}/nothing/*.yaml", dir.path().display());
        assert!(expand(&[none], true).is_err());
    }

    #[test]
    fn stdin_once_and_duplicates_dropped() {
        assert!(expand(&["-".into(), "-".into()], true).is_err());
        assert_eq!(
            expand(&["x.yaml".into(), "x.yaml".into()], true).unwrap(),
            ["x.yaml"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_not_followed() {
        let dir = tree();
        let designs = dir.path().join("designs");
        std::os::unix::fs::symlink(&designs, designs.join("loop")).unwrap();
        std::os::unix::fs::symlink(&designs, designs.join("prod/loop2")).unwrap();
        let found = expand(&[designs.display().to_string()], true).unwrap();
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn gitignored_files_are_left_out_unless_no_ignore() {
        let dir = tree();
        let designs = dir.path().join("designs");
        std::fs::write(designs.join(".gitignore"), "prod/c.json\n").unwrap();
        std::fs::create_dir_all(designs.join("build")).unwrap();
        std::fs::write(designs.join("build/e.yaml"), "vpcs: {}\n").unwrap();
        std::fs::write(designs.join("prod/.ignore"), "*.yml\n").unwrap();
        std::fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
        let root = designs.display().to_string();
        let names = |respect: bool| -> Vec<String> {
            expand(std::slice::from_ref(&root), respect)
                .unwrap()
                .iter()
                .map(|f| f.trim_start_matches(&root).to_owned())
                .collect()
        };
        // `.gitignore` here, `.ignore` below, and the parent folder's `.gitignore`.
        assert_eq!(names(true), ["/a.yaml"]);
        assert_eq!(
            names(false),
            ["/a.yaml", "/build/e.yaml", "/prod/b.yml", "/prod/c.json"]
        );
        // A glob's walk leaves them out too; a file named outright is always read.
        let pattern = format!("{root}/**/*.json");
        assert!(expand(&[pattern], true).is_err());
        let named = format!("{root}/prod/c.json");
        assert_eq!(expand(std::slice::from_ref(&named), true).unwrap(), [named]);
    }

    #[test]
    fn nested_account_and_region_folders_are_one_export() {
        let dir = tempfile::tempdir().unwrap();
        let region = dir
            .path()
            .join("aws_configs/accounts/111122223333/eu-west-1");
        std::fs::create_dir_all(&region).unwrap();
        std::fs::write(region.join("Vpcs.json"), "{\"Vpcs\": []}").unwrap();
        let root = dir.path().display().to_string();
        assert_eq!(expand(std::slice::from_ref(&root), true).unwrap(), [root]);
        // A describe file in a folder that is not part of the layout does not make an export.
        let other = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(other.path().join("notes")).unwrap();
        std::fs::write(other.path().join("notes/Vpcs.json"), "{\"Vpcs\": []}").unwrap();
        assert!(expand(&[other.path().display().to_string()], true).is_err());
    }
}
