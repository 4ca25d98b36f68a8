//! Hostile inputs are refused before they are read: special files (a FIFO blocks forever, a
//! link to /dev/zero never ends) and files over `--max-input-size`, each fast and with exit 2.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use std::time::{Duration, Instant};

fn run_quickly(args: &[&str]) -> std::process::Output {
    let start = Instant::now();
    let output = common::vpcsim(args).output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{args:?} took {:?}",
        start.elapsed()
    );
    output
}

#[cfg(unix)]
#[test]
fn fifos_and_device_links_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("design.json");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let zero = dir.path().join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [&fifo, &zero] {
        let file = path.to_str().unwrap();
        for args in [
            vec!["check", file],
            vec!["reach", file, "--from", "internet", "--to", "x"],
            vec!["exposure", file],
        ] {
            let output = run_quickly(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let text = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            assert!(text.contains("not a regular file"), "{text}");
        }
    }
}

#[test]
fn inputs_over_the_size_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    // Sparse: 1 GiB that takes no disk space and is never read.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let file = big.to_str().unwrap();
    let start = Instant::now();
    let output = run_quickly(&["check", file]);
    assert!(start.elapsed() < Duration::from_millis(1000));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stdout).contains("over the input limit"));
    // The limit can be lowered (and raised) per run.
    let small = dir.path().join("small.yaml");
    std::fs::copy(
        common::workspace_root().join("fixtures/designs/001-nat-alb.yaml"),
        &small,
    )
    .unwrap();
    let limited = run_quickly(&["check", small.to_str().unwrap(), "--max-input-size", "100"]);
    assert_eq!(limited.status.code(), Some(2));
    let fine = run_quickly(&["check", small.to_str().unwrap()]);
    assert_eq!(fine.status.code(), Some(0));
}

/// Regression: two links to `.` made the export walk 2^40 paths, a FIFO named `*.json` blocked
/// it and a link to /dev/zero was read until memory ran out. Now each is skipped with a warning
/// and the export imports at once.
#[cfg(unix)]
#[test]
fn export_folders_with_loops_fifos_and_devices_import_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    let source =
        common::workspace_root().join("fixtures/conformance/batfish/public-subnet/aws_configs");
    for entry in std::fs::read_dir(&source).unwrap().flatten() {
        std::fs::copy(entry.path(), export.join(entry.file_name())).unwrap();
    }
    std::os::unix::fs::symlink(".", export.join("a")).unwrap();
    std::os::unix::fs::symlink(".", export.join("b")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", export.join("zero.json")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(export.join("fifo.json"))
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let output = common::vpcsim(&["import", "aws", export.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in ["a:", "b:", "zero.json:", "fifo.json:"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.contains("skipped")),
            "{name} not reported in\n{stderr}"
        );
    }
    assert!(String::from_utf8_lossy(&output.stdout).contains("vpcs:"));
}

/// Regression: `import -o` overwrote any file, its own input included, and wrote through
/// symbolic links; a newline in the input's path started a line of YAML in the design.
#[cfg(unix)]
#[test]
fn import_output_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::copy(
        common::workspace_root().join("fixtures/import/terraform/webapp/plan.json"),
        &plan,
    )
    .unwrap();
    let plan_arg = plan.to_str().unwrap();
    let import = |out: &std::path::Path, force: bool| {
        let mut args = vec!["import", "terraform", plan_arg, "-o", out.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        common::vpcsim(&args).output().unwrap()
    };
    // Its own input: refused, even with --force; the plan is untouched.
    let before = std::fs::read(&plan).unwrap();
    assert_eq!(import(&plan, true).status.code(), Some(2));
    assert_eq!(std::fs::read(&plan).unwrap(), before);
    // A new file is written; writing it again needs --force.
    let design = dir.path().join("design.yaml");
    assert_eq!(import(&design, false).status.code(), Some(0));
    let again = import(&design, false);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(import(&design, true).status.code(), Some(0));
    // A symbolic link is replaced, never written through.
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_eq!(import(&link, false).status.code(), Some(2));
    assert_eq!(import(&link, true).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(
        !std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
