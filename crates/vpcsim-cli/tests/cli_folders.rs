//! `vpcsim check FOLDER` as CI runs it: nested `.yml`/`.yaml`/`.json` designs are all found,
//! what `.gitignore` excludes is left out (unless `--no-ignore`), an unreadable file is a
//! per-file error in every format while the good files' findings stay, and exit 2; and
//! `check - --stdin-filename NAME` (editors) names stdin and applies that name's config.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::{vpcsim, workspace_root};

/// `d/a.yaml`, `d/nested/b.yml`, `d/nested/deeper/c.json` (findings each), `d/ignored/x.yaml`
/// (excluded by `d/.gitignore`), `d/broken.json` (a design by its content, not UTF-8: unreadable).
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir_all(d.join("nested/deeper")).unwrap();
    std::fs::create_dir_all(d.join("ignored")).unwrap();
    let fixture = |name: &str| std::fs::read_to_string(workspace_root().join(name)).unwrap();
    std::fs::write(d.join("a.yaml"), fixture("fixtures/lint/EXP001.yaml")).unwrap();
    std::fs::write(d.join("nested/b.yml"), fixture("fixtures/lint/RT007.yaml")).unwrap();
    let value: serde_json::Value =
        serde_saphyr::from_str(&fixture("fixtures/lint/EXP001.yaml")).unwrap();
    std::fs::write(
        d.join("nested/deeper/c.json"),
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    std::fs::write(
        d.join("ignored/x.yaml"),
        fixture("fixtures/lint/EXP001.yaml"),
    )
    .unwrap();
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(d.join("broken.json"), b"{\"vpcs\": {\"\xff\xfe\xff\": 1}}").unwrap();
    dir
}

#[test]
fn a_folder_gives_every_good_file_and_the_per_file_error_in_every_format() {
    let dir = tree();
    for format in [
        "human",
        "json",
        "json-lines",
        "sarif",
        "github",
        "gitlab",
        "junit",
    ] {
        let output = vpcsim(&["check", "d", "--format", format, "--isolated"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "--format {format}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        for name in ["d/a.yaml", "d/nested/b.yml", "d/nested/deeper/c.json"] {
            assert!(
                stdout.contains(name),
                "--format {format}: no {name} in {stdout}"
            );
        }
        assert!(stdout.contains("EXP001"), "--format {format}: {stdout}");
        assert!(stdout.contains("RT007"), "--format {format}: {stdout}");
        assert!(
            stdout.contains("d/broken.json") && stdout.contains("INPUT001"),
            "--format {format}: no per-file error in {stdout}"
        );
        assert!(!stdout.contains("ignored/x.yaml"), "--format {format}");
        if format == "sarif" {
            let log = common::sarif_log(&output.stdout);
            assert_eq!(
                log["runs"][0]["invocations"][0]["executionSuccessful"],
                false
            );
        }
    }
    // --no-ignore reads the git-ignored file too.
    let output = vpcsim(&[
        "check",
        "d",
        "--format",
        "json",
        "--isolated",
        "--no-ignore",
    ])
    .current_dir(dir.path())
    .output()
    .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("d/ignored/x.yaml"));
}

#[test]
fn stdin_filename_names_stdin_and_applies_its_per_file_ignores() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vpcsim.toml"),
        "[check.per-file-ignores]\n\"designs/*.yaml\" = [\"RT007\"]\n",
    )
    .unwrap();
    let design = std::fs::read(workspace_root().join("fixtures/lint/RT007.yaml")).unwrap();
    let run = |args: &[&str]| -> serde_json::Value {
        use std::io::Write;
        let mut child = vpcsim(args)
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&design).unwrap();
        let output = child.wait_with_output().unwrap();
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let codes = |report: &serde_json::Value| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    // Plain stdin: `<stdin>`, no per-file ignore applies.
    let plain = run(&["check", "-", "--format", "json"]);
    assert!(codes(&plain).contains(&"RT007".to_owned()));
    assert_eq!(plain["diagnostics"][0]["file"], "<stdin>");
    // Named: the config's `designs/*.yaml` ignore applies, and reports name the file.
    let named = run(&[
        "check",
        "-",
        "--stdin-filename",
        "designs/app.yaml",
        "--format",
        "json",
    ]);
    assert!(!codes(&named).contains(&"RT007".to_owned()), "{named}");
    let other = run(&[
        "check",
        "-",
        "--stdin-filename",
        "other/app.yaml",
        "--format",
        "sarif",
    ]);
    let uri = &other["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "other/app.yaml");
    // Without `-` the option has nothing to name: a usage error.
    let output = vpcsim(&["check", "x.yaml", "--stdin-filename", "a.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--stdin-filename"));
}

/// `[check] exclude` leaves files out of walks and globs (and named ones with
/// `--only-designs`, as pre-commit passes them); a file named outright is still checked.
#[test]
fn config_exclude_leaves_files_out_of_walks() {
    let dir = tree();
    std::fs::remove_file(dir.path().join("d/broken.json")).unwrap();
    std::fs::write(
        dir.path().join("vpcsim.toml"),
        "[check]\nexclude = [\"d/nested/**\"]\n",
    )
    .unwrap();
    let files = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let output = vpcsim(&all).current_dir(dir.path()).output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut files: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap().to_owned())
            .collect();
        files.dedup();
        files
    };
    assert_eq!(files(&["d"]), ["d/a.yaml"]);
    assert_eq!(files(&["d/**/*.yml"]), Vec::<String>::new());
    assert_eq!(files(&["d/nested/b.yml"]), ["d/nested/b.yml"]);
    assert_eq!(
        files(&["--only-designs", "d/a.yaml", "d/nested/b.yml"]),
        ["d/a.yaml"]
    );
    assert_eq!(files(&["d", "--isolated"]).len(), 3);
    // A bad glob names the file and the key.
    std::fs::write(
        dir.path().join("vpcsim.toml"),
        "[check]\nexclude = [\"a[\"]\n",
    )
    .unwrap();
    let output = vpcsim(&["check", "d"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad glob `a[` in exclude"), "{stderr}");
}
