//! End to end, on a scratch git repository: the pre-commit hook of `.pre-commit-hooks.yaml`
//! called the way pre-commit calls it, and the `run:` steps of the composite GitHub Action
//! (`action.yml`) run as a script against the built binary (what `act` would do, without a
//! container). Both definitions are read from the repository root, so a change to either is
//! tested as written.
#![cfg(unix)]
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::workspace_root;

/// The directory of the built `vpcsim`, to put first on `PATH` (hooks and the action call it
/// by name).
fn bin_dir() -> PathBuf {
    insta_cmd::get_cargo_bin("vpcsim")
        .parent()
        .unwrap()
        .to_path_buf()
}

fn path_with_vpcsim() -> String {
    format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn git(repo: &Path, args: &[&str]) -> Output {
    let output = Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A scratch repository: a clean design, a CI workflow and a `package.json` (YAML and JSON that
/// are not designs), and a README.
fn scratch_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(repo.join("designs")).unwrap();
    std::fs::create_dir_all(repo.join(".github/workflows")).unwrap();
    std::fs::copy(
        workspace_root().join("fixtures/designs/001-nat-alb.yaml"),
        repo.join("designs/app.yaml"),
    )
    .unwrap();
    std::fs::write(
        repo.join(".github/workflows/ci.yml"),
        "on: push\njobs: {}\n",
    )
    .unwrap();
    std::fs::write(repo.join("package.json"), "{\"name\": \"x\"}\n").unwrap();
    std::fs::write(repo.join("README.md"), "# scratch\n").unwrap();
    dir
}

fn yaml_file(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(workspace_root().join(name)).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// The hook, run as pre-commit runs it: the staged files, filtered by the hook's `types_or`
/// (by extension, as pre-commit's `identify` does for these types) and `files`/`exclude` when
/// set, appended to `entry` in one call (`require_serial`), with exit status 0 = pass.
fn run_hook(repo: &Path, hook: &serde_json::Value) -> (Output, Vec<String>) {
    let staged = git(
        repo,
        &["diff", "--cached", "--name-only", "--diff-filter=ACMR"],
    );
    let types: Vec<&str> = hook["types_or"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let files: Vec<String> = String::from_utf8(staged.stdout)
        .unwrap()
        .lines()
        .filter(|file| {
            let extension = Path::new(file)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("");
            types.iter().any(|t| match *t {
                "yaml" => extension == "yaml" || extension == "yml",
                "json" => extension == "json",
                other => panic!("the test does not know the pre-commit type `{other}`"),
            })
        })
        .map(str::to_owned)
        .collect();
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    let output = Command::new(entry[0])
        .args(&entry[1..])
        .args(&files)
        .current_dir(repo)
        .env("PATH", path_with_vpcsim())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (output, files)
}

#[test]
fn pre_commit_hook_passes_clean_commits_and_fails_on_findings() {
    let hooks = yaml_file(".pre-commit-hooks.yaml");
    let hook = hooks
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "vpcsim-check")
        .expect("the hook `vpcsim-check` is defined");
    assert_eq!(hook["language"], "rust", "pre-commit builds it with cargo");
    assert!(hook["entry"].as_str().unwrap().starts_with("vpcsim check"));
    assert_ne!(hook["pass_filenames"], false, "the hook is given the files");
    assert_eq!(hook["require_serial"], true, "one call sees every file");
    assert!(hook.get("files").is_none() && hook.get("exclude").is_none());

    let dir = scratch_repo();
    let repo = dir.path();
    git(repo, &["add", "-A"]);
    let (output, files) = run_hook(repo, hook);
    assert!(files.contains(&"designs/app.yaml".to_owned()), "{files:?}");
    assert!(
        files.contains(&".github/workflows/ci.yml".to_owned()),
        "{files:?}"
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "a clean design and non-design YAML/JSON pass: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(".github/workflows/ci.yml") && stderr.contains("package.json"));
    git(repo, &["commit", "-q", "-m", "clean"]);

    // A commit that only touches what is not a design passes.
    std::fs::write(repo.join("package.json"), "{\"name\": \"y\"}\n").unwrap();
    git(repo, &["add", "package.json"]);
    let (output, files) = run_hook(repo, hook);
    assert_eq!(files, ["package.json"]);
    assert_eq!(output.status.code(), Some(0));
    git(repo, &["commit", "-q", "-m", "package"]);

    // A staged design with a world-open SSH rule fails the commit, naming the file and rule.
    std::fs::create_dir_all(repo.join("designs/prod")).unwrap();
    std::fs::copy(
        workspace_root().join("fixtures/lint/EXP001.yaml"),
        repo.join("designs/prod/bastion.yml"),
    )
    .unwrap();
    git(repo, &["add", "designs/prod/bastion.yml"]);
    let (output, files) = run_hook(repo, hook);
    assert_eq!(files, ["designs/prod/bastion.yml"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("EXP001") && stdout.contains("designs/prod/bastion.yml"),
        "{stdout}"
    );

    // A design that does not load fails too (exit 2), and pre-commit shows why.
    std::fs::write(
        repo.join("designs/broken.yaml"),
        "vpcs:\n  app:\n    cidr: 10.0.0.0/16\n    subnetz: {}\n",
    )
    .unwrap();
    git(repo, &["add", "designs/broken.yaml"]);
    let (output, _) = run_hook(repo, hook);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stdout).contains("SCHEMA001"));
}

/// `${{ … }}` expressions of the action's `run:` scripts replaced as GitHub does, from `values`;
/// any expression the test does not know fails it (a new input needs a test).
fn expand_expressions(script: &str, values: &[(&str, String)]) -> String {
    let mut out = String::new();
    let mut rest = script;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed expression") + start;
        let expression = rest[start + 3..end].trim();
        let value = values
            .iter()
            .find(|(name, _)| *name == expression)
            .unwrap_or_else(|| panic!("unknown expression `{expression}` in action.yml"));
        out.push_str(&value.1);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Runs the action's steps in `repo` (the workspace) with these inputs; the install step is
/// checked but not run (the binary under test is on `PATH`); `uses:` steps are checked, not
/// run. Returns each run step's exit code by step name, and the SARIF file's path.
fn run_action(repo: &Path, designs: &str, args: &str) -> (Vec<(String, i32)>, PathBuf) {
    let action = yaml_file("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = &action["inputs"];
    let sarif = inputs["sarif"]["default"].as_str().unwrap().to_owned();
    let output_file = repo.join("github_output");
    std::fs::write(&output_file, "").unwrap();
    let mut codes = Vec::new();
    for step in action["runs"]["steps"].as_array().unwrap() {
        let name = step["name"].as_str().unwrap_or("").to_owned();
        if let Some(uses) = step["uses"].as_str() {
            assert!(
                uses.starts_with("github/codeql-action/upload-sarif@"),
                "{uses}"
            );
            assert_eq!(step["with"]["sarif_file"], "${{ inputs.sarif }}");
            continue;
        }
        let script = step["run"].as_str().unwrap();
        assert_eq!(step["shell"], "bash", "{name}");
        if script.starts_with("cargo install") {
            // Installs from the action's own checkout: the crate it names is this binary's.
            assert!(script.contains("\"${{ github.action_path }}/crates/vpcsim-cli\""));
            assert!(
                workspace_root()
                    .join("crates/vpcsim-cli/Cargo.toml")
                    .is_file()
            );
            continue;
        }
        let status = std::fs::read_to_string(&output_file)
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("status=").map(str::to_owned))
            .unwrap_or_default();
        let values = [
            ("inputs.designs", designs.to_owned()),
            ("inputs.args", args.to_owned()),
            ("inputs.sarif", sarif.clone()),
            ("inputs.upload", "true".to_owned()),
            ("github.action_path", workspace_root().display().to_string()),
            ("steps.check.outputs.status", status),
        ];
        let script = expand_expressions(script, &values);
        // How GitHub runs `shell: bash`.
        let output = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(repo)
            .env("PATH", path_with_vpcsim())
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_ACTIONS", "true")
            .output()
            .unwrap();
        codes.push((name, output.status.code().unwrap_or(-1)));
    }
    (codes, repo.join(sarif))
}

#[test]
fn the_actions_steps_report_sarif_and_fail_on_findings() {
    let dir = scratch_repo();
    let repo = dir.path();
    // A design without errors: every step passes and the SARIF is valid, with no error.
    let (codes, sarif) = run_action(repo, "designs/", "");
    assert_eq!(
        codes,
        [
            ("vpcsim check".to_owned(), 0),
            ("Fail on findings".to_owned(), 0)
        ]
    );
    let log = common::sarif_log(&std::fs::read(&sarif).unwrap());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["level"] != "error"), "{results:?}");

    // A finding: the check step itself passes (the upload must still run), the last step fails
    // with vpcsim's exit code, and the SARIF holds the finding at its file.
    std::fs::copy(
        workspace_root().join("fixtures/lint/EXP001.yaml"),
        repo.join("designs/bastion.yaml"),
    )
    .unwrap();
    let (codes, sarif) = run_action(repo, "designs/", "--fail-on warning");
    assert_eq!(
        codes,
        [
            ("vpcsim check".to_owned(), 0),
            ("Fail on findings".to_owned(), 1)
        ]
    );
    let log = common::sarif_log(&std::fs::read(&sarif).unwrap());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "EXP001"
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "designs/bastion.yaml"));

    // An input that cannot be read: exit 2 at the last step, and a SARIF file all the same.
    let (codes, sarif) = run_action(repo, "designs/ missing.yaml", "");
    assert_eq!(codes.last().unwrap().1, 2);
    let log = common::sarif_log(&std::fs::read(&sarif).unwrap());
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}
