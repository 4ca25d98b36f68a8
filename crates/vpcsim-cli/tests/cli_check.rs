//! `vpcsim check`, `vpcsim rules` and `vpcsim explain` end to end: the real binary, exit code +
//! stdout + stderr snapshotted. Exit 0 on the seed designs, 1 on a lint fixture in every
//! format (JSON and SARIF parsed back with serde_json), 1 on a failed expectation, 2 on every
//! `fixtures/invalid/` file (naming the right line:col) and on unknown rules.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::path::Path;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

mod common;
use common::{vpcsim, workspace_root};

fn version_filter() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(env!("CARGO_PKG_VERSION"), "[VERSION]");
    settings
}

const SEEDS: [&str; 5] = [
    "fixtures/designs/000-devloop-bastion-nat.yaml",
    "fixtures/designs/001-nat-alb.yaml",
    "fixtures/designs/002-course-notes.yaml",
    "fixtures/designs/003-coupon-default-sg.yaml",
    "fixtures/designs/003-coupon-declared-default-sg.yaml",
];

const LINT_FIXTURE: &str = "fixtures/lint/EXP001.yaml";

#[test]
fn seed_designs_pass_exit_0() {
    for seed in SEEDS {
        let name = Path::new(seed)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        insta::with_settings!({ snapshot_suffix => name }, {
            assert_cmd_snapshot!(vpcsim(&["check", seed]));
        });
    }
}

#[test]
fn seed_designs_fail_with_deny_warnings_only_where_warned() {
    let output = vpcsim(&["check", SEEDS[2], "--deny-warnings"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "seed 002 has no warning");
    let output = vpcsim(&["check", SEEDS[3], "--fail-on", "warning"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "seed 003 warns about its one-AZ cache"
    );
}

#[test]
fn lint_fixture_human_exit_1() {
    assert_cmd_snapshot!(vpcsim(&["check", LINT_FIXTURE]));
}

#[test]
fn select_and_ignore_by_prefix() {
    assert_cmd_snapshot!(vpcsim(&[
        "check",
        "fixtures/lint/NACL004.yaml",
        "--select",
        "NACL",
        "--ignore",
        "NACL004"
    ]));
}

#[test]
fn unknown_selector_exit_2() {
    assert_cmd_snapshot!(vpcsim(&["check", SEEDS[0], "--select", "SG0001"]));
}

#[test]
fn lint_fixture_json_exit_1() {
    let output = vpcsim(&["check", LINT_FIXTURE, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2);
    assert_eq!(diagnostics[0]["code"], "EXP001");
    assert_eq!(diagnostics[0]["severity"], "error");
    assert_eq!(diagnostics[0]["line"], 18);
    assert_eq!(diagnostics[0]["resource"], "vpc/app/sg/bastion");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
    version_filter().bind(|| {
        assert_cmd_snapshot!(vpcsim(&["check", LINT_FIXTURE, "--format", "json"]));
    });
}

#[test]
fn lint_fixture_sarif_exit_1() {
    let output = vpcsim(&["check", LINT_FIXTURE, "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log = common::sarif_log(&output.stdout);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "vpcsim");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), vpcsim_rule_count());
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            let text = rule[field]["text"].as_str().unwrap();
            assert!(
                !text.is_empty() && text.chars().count() <= 1024,
                "{rule}: {field}"
            );
        }
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], LINT_FIXTURE);
        let region = &location["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["endColumn"].as_u64().unwrap() > region["startColumn"].as_u64().unwrap());
    }
    assert_eq!(results[0]["level"], "error");
    assert_eq!(results[1]["level"], "warning");
}

fn vpcsim_rule_count() -> usize {
    let output = vpcsim(&["rules", "--format", "json"]).output().unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    rules.as_array().unwrap().len()
}

#[test]
fn lint_fixture_github_exit_1() {
    assert_cmd_snapshot!(vpcsim(&["check", LINT_FIXTURE, "--format", "github"]));
}

#[test]
fn failed_expectation_explains_the_blocker_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(workspace_root().join(SEEDS[1]))
        .unwrap()
        .replace(
            "- { from: internet, to: app:8081, reachable: false }",
            "- { from: internet, to: app:8081, reachable: true }",
        );
    std::fs::write(dir.path().join("design.yaml"), text).unwrap();
    let mut cmd = Command::new(get_cargo_bin("vpcsim"));
    cmd.args(["check", "design.yaml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1");
    assert_cmd_snapshot!(cmd);
}

#[test]
fn invalid_designs_exit_2_at_the_right_place() {
    insta::glob!("../../../fixtures/invalid", "*.yaml", |path| {
        let relative = path
            .strip_prefix(workspace_root())
            .unwrap()
            .to_string_lossy()
            .to_string();
        let output = vpcsim(&["check", &relative]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{relative}");
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            text.starts_with("# Invalid:"),
            "{relative} opens with a comment"
        );
        assert_cmd_snapshot!(vpcsim(&["check", &relative]));
    });
}

#[test]
fn rules_lists_every_rule() {
    assert_cmd_snapshot!(vpcsim(&["rules"]));
}

#[test]
fn explain_prints_the_rule_doc() {
    assert_cmd_snapshot!(vpcsim(&["explain", "NACL004"]));
}

#[test]
fn explain_unknown_code_suggests_exit_2() {
    assert_cmd_snapshot!(vpcsim(&["explain", "NACL04"]));
}

#[test]
fn suppression_comments_drop_findings_and_report_their_own_problems() {
    assert_cmd_snapshot!(vpcsim(&["check", "fixtures/suppress/comments.yaml"]));
}

#[test]
fn suppressed_findings_are_counted_and_sup_codes_can_be_ignored() {
    let output = vpcsim(&[
        "check",
        "fixtures/suppress/comments.yaml",
        "--format",
        "json",
        "--ignore",
        "SUP002",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["suppressed"], 2);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["SG004", "SUP001", "SG004"]);
}

#[test]
fn ignore_accepts_validation_warning_codes() {
    let output = vpcsim(&[
        "check",
        "fixtures/designs/001-nat-alb.yaml",
        "--ignore",
        "VAL007",
    ])
    .output()
    .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn junit_report_has_a_suite_per_file_and_counts_its_cases() {
    let args = [
        "check",
        "fixtures/designs/001-nat-alb.yaml",
        "fixtures/suppress/comments.yaml",
        "--format",
        "junit",
        "--fail-on",
        "warning",
    ];
    assert_cmd_snapshot!(vpcsim(&args));
    let output = vpcsim(&args).output().unwrap();
    let xml = String::from_utf8(output.stdout).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    let cases = xml.matches("<testcase ").count();
    assert!(xml.contains(&format!(
        "<testsuites name=\"vpcsim check\" tests=\"{cases}\""
    )));
    // --fail-on warning: the warnings are failures, the SUP002 info is a passing case.
    let failures = xml.matches("<failure ").count();
    assert!(xml.contains(&format!(
        "failures=\"{failures}\" errors=\"0\">\n  <testsuite"
    )));
    assert_eq!(failures, 4, "{xml}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn gitlab_report_gives_every_finding_a_unique_fingerprint() {
    let args = [
        "check",
        "fixtures/suppress/comments.yaml",
        "--format",
        "gitlab",
    ];
    let output = vpcsim(&args).output().unwrap();
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(issues.len(), 4);
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len());
    assert_eq!(issues[0]["check_name"], "SG004");
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(
        issues[0]["location"]["path"],
        "fixtures/suppress/comments.yaml"
    );
    assert_eq!(issues[0]["location"]["lines"]["begin"], 23);
    // Same input, same fingerprints.
    assert_eq!(output.stdout, vpcsim(&args).output().unwrap().stdout);
}

/// A temporary project: a config file and a copy of the suppression fixture under `designs/`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vpcsim.toml"), config).unwrap();
    std::fs::create_dir(dir.path().join("designs")).unwrap();
    std::fs::copy(
        workspace_root().join("fixtures/suppress/comments.yaml"),
        dir.path().join("designs/app.yaml"),
    )
    .unwrap();
    dir
}

fn codes_in(dir: &Path, extra: &[&str]) -> (Vec<String>, i32) {
    let design = dir.join("designs/app.yaml");
    let mut args = vec!["check", design.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let output = vpcsim(&args).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    let codes = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    (codes, output.status.code().unwrap())
}

#[test]
fn config_file_sets_ignores_per_file_ignores_and_fail_level() {
    let dir = project(
        "[check]\nignore = [\"SUP\"]\nfail-on = \"warning\"\n\n[check.per-file-ignores]\n\"designs/*.yaml\" = [\"SUP001\"]\n",
    );
    // `SUP` is not a rule prefix: only exact codes of non-rule findings are accepted.
    let design = dir.path().join("designs/app.yaml");
    let output = vpcsim(&["check", design.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`SUP` matches no rule"));
    let dir = project(
        "[check]\nignore = [\"SUP002\"]\nfail-on = \"warning\"\n\n[check.per-file-ignores]\n\"designs/*.yaml\" = [\"SUP001\"]\n",
    );
    let (codes, code) = codes_in(dir.path(), &[]);
    assert_eq!(codes, vec!["SG004", "SG004"]);
    assert_eq!(code, 1, "fail-on = warning from the config");
    // Command-line options replace the file's.
    let (codes, code) = codes_in(dir.path(), &["--ignore", "SG004", "--fail-on", "error"]);
    assert_eq!(codes, vec!["SUP002"]);
    assert_eq!(code, 0);
    // --isolated reads no config at all.
    let (codes, _) = codes_in(dir.path(), &["--isolated"]);
    assert_eq!(codes, vec!["SG004", "SUP001", "SG004", "SUP002"]);
}

#[test]
fn a_bad_config_is_a_usage_error_with_its_position() {
    let dir = project("[check]\nselec = [\"SG\"]\n");
    let design = dir.path().join("designs/app.yaml");
    let output = vpcsim(&["check", design.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("vpcsim.toml:2:1: unknown field `selec`"),
        "{stderr}"
    );
}

#[test]
fn json_lines_prints_the_json_diagnostics_one_per_line() {
    let design = "fixtures/suppress/comments.yaml";
    let lines = vpcsim(&["check", design, "--format", "json-lines"])
        .output()
        .unwrap();
    let json = vpcsim(&["check", design, "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let parsed: Vec<serde_json::Value> = String::from_utf8(lines.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(&parsed, report["diagnostics"].as_array().unwrap());
    assert_eq!(lines.status.code(), json.status.code());
}

#[test]
fn explain_json_carries_the_rule_and_its_doc() {
    let output = vpcsim(&["explain", "blackhole-route", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let rule: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rule["code"], "RT001");
    assert_eq!(rule["name"], "blackhole-route");
    assert!(rule["doc"].as_str().unwrap().starts_with("## What it does"));
}

#[test]
fn a_design_after_ignore_is_a_design_not_a_code() {
    let output = vpcsim(&[
        "check",
        "--ignore",
        "RT007",
        "fixtures/designs/001-nat-alb.yaml",
        "--ignore",
        "SG004,EIP001",
    ])
    .output()
    .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Regression: a per-file-ignores glob nested 126 deep panicked inside the glob compiler
/// (exit 101) from any ancestor directory's config; now it is a config error, exit 2.
#[test]
fn deeply_nested_config_glob_is_an_error_not_a_panic() {
    let deep = format!("{}b{}", "{a,".repeat(126), "}".repeat(126));
    let dir = project(&format!(
        "[check]\nper-file-ignores = {{ \"{deep}\" = [\"RT007\"] }}\n"
    ));
    let design = dir.path().join("designs/app.yaml");
    let output = vpcsim(&["check", design.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nested 126 deep"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Regression: a JSON syntax error carried the code YAML001.
#[test]
fn json_syntax_errors_have_their_own_code() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("broken.json");
    std::fs::write(&design, "{\"version\": 1,\n").unwrap();
    let output = vpcsim(&["check", design.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(text.contains("JSON001"), "{text}");
    assert!(!text.contains("YAML001"), "{text}");
}

/// `check` takes folders of designs (walked recursively) and quoted globs, as linters do.
#[test]
fn folders_and_quoted_globs_are_expanded() {
    for argument in [
        "fixtures/designs",
        "fixtures/designs/",
        "fixtures/designs/*.yaml",
        "fixtures/de*/**/0*.y*ml",
    ] {
        let output = vpcsim(&["check", argument, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{argument}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["summary"]["files"], 5, "{argument}");
    }
    let output = vpcsim(&["check", "fixtures/nothing-here/*.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// Regression: one unreadable input made every machine-readable report 0 bytes; now the good
/// files' findings are still there, the bad one is an INPUT001 error, and the exit code is 2.
#[test]
fn one_unreadable_input_does_not_empty_the_report() {
    let output = vpcsim(&[
        "check",
        "missing.yaml",
        "fixtures/lint/RT007.yaml",
        "--format",
        "sarif",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let sarif = common::sarif_log(&output.stdout);
    let rules: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"INPUT001"), "{rules:?}");
    assert!(rules.contains(&"RT007"), "{rules:?}");
}

/// `--output-file` writes the report there; `--exit-zero` keeps findings from failing the run.
#[test]
fn output_file_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.sarif");
    let output = vpcsim(&[
        "check",
        "fixtures/lint/EXP001.yaml",
        "--format",
        "sarif",
        "--exit-zero",
        "-o",
        report.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let sarif = common::sarif_log(&std::fs::read(&report).unwrap());
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    let failing = vpcsim(&["check", "fixtures/lint/EXP001.yaml"])
        .output()
        .unwrap();
    assert_eq!(failing.status.code(), Some(1));
}

/// `check - -` read stdin twice; it is a usage error now.
#[test]
fn stdin_twice_is_refused() {
    let output = vpcsim(&["check", "-", "-"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("stdin"));
}

/// `--color always` colours even where output is not a terminal and NO_COLOR is set (CI logs);
/// `--color never` never does.
#[test]
fn color_can_be_forced_on_and_off() {
    let always = vpcsim(&["check", "fixtures/lint/EXP001.yaml", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&always.stdout).contains("\u{1b}[1;31merror"));
    let never = vpcsim(&["--color", "never", "check", "fixtures/lint/EXP001.yaml"])
        .output()
        .unwrap();
    assert!(!never.stdout.contains(&0x1b));
}

/// Completions and the man page come from the binary's own clap definition.
#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = vpcsim(&["completions", shell]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("exposure"),
            "{shell}"
        );
    }
    let man = vpcsim(&["man"]).output().unwrap();
    assert_eq!(man.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&man.stdout).starts_with(".ie"));
}

/// The pre-commit hook and the GitHub Action run `vpcsim check` with options that exist.
#[test]
fn hook_and_action_use_real_options() {
    let hooks = std::fs::read_to_string(workspace_root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains("entry: vpcsim check"));
    let action = std::fs::read_to_string(workspace_root().join("action.yml")).unwrap();
    let help = vpcsim(&["check", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for option in ["--format", "sarif=", "github"] {
        assert!(action.contains(option), "{option}");
        assert!(help.contains(option), "{option}");
    }
}

/// `--write-baseline` records today's findings; `--baseline` then reports only new ones.
#[test]
fn baseline_hides_known_findings_and_reports_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("d.yaml");
    let text = std::fs::read_to_string(workspace_root().join("fixtures/lint/EXP001.yaml")).unwrap();
    std::fs::write(&design, &text).unwrap();
    let baseline = dir.path().join("baseline.json");
    let design_arg = design.to_str().unwrap();
    let written = vpcsim(&[
        "check",
        design_arg,
        "--write-baseline",
        baseline.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert_eq!(written.status.code(), Some(0));
    let with = |args: &[&str]| {
        let mut all = vec![
            "check",
            design_arg,
            "--baseline",
            baseline.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        vpcsim(&all).output().unwrap()
    };
    let clean = with(&["--format", "json"]);
    assert_eq!(clean.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);
    assert!(report["summary"]["baselined"].as_u64().unwrap() >= 1);
    // A new world-open SSH group is a new finding, reported despite the baseline.
    let edited = text.replace("security_groups:\n", "security_groups:\n      extra: { ingress: [ { proto: tcp, ports: 22, from: 0.0.0.0/0 } ] }\n");
    assert_ne!(edited, text);
    std::fs::write(&design, edited).unwrap();
    let fresh = with(&["--statistics"]);
    let stdout = String::from_utf8_lossy(&fresh.stdout);
    assert!(stdout.contains("`extra`"), "{stdout}");
    assert!(
        stdout.contains("EXP001     admin-ports-open-to-world"),
        "{stdout}"
    );
    // Fixing a baselined finding leaves a stale entry, which is reported.
    let fixed = text.replace(
        "ports: 22, from: 0.0.0.0/0",
        "ports: 22, from: 203.0.113.7/32",
    );
    assert_ne!(fixed, text);
    std::fs::write(&design, fixed).unwrap();
    let stale = with(&[]);
    assert!(String::from_utf8_lossy(&stale.stderr).contains("no longer match"));
    let quiet = with(&["--quiet"]);
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("file checked"));
}

/// `vpcsim explain` knows the validation and check codes CI output shows, not only lint rules.
#[test]
fn explain_knows_validation_codes() {
    for code in ["VAL071", "schema001", "EXPECT001", "INPUT001", "SUP002"] {
        let output = vpcsim(&["explain", code]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{code}");
        assert!(String::from_utf8_lossy(&output.stdout).contains(&code.to_ascii_uppercase()));
    }
    // Every explanation code a `reach` answer can print (docs/reach.md) is explained too.
    for code in vpcsim_reach::Code::ALL {
        let output = vpcsim(&["explain", code.as_str()]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{code}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.starts_with(&format!("# {code}\n\n")) && text.len() > 80,
            "{code}: {text}"
        );
    }
    let typo = vpcsim(&["explain", "VAL07"]).output().unwrap();
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `VAL007`"));
}

/// SARIF carries what GitHub code scanning uses: a line-independent partial fingerprint per
/// result (unique, so results of one rule never merge), `%SRCROOT%`-relative locations, rule
/// tags and `security-severity` for security rules, and the run's invocation with the
/// importer's notifications.
#[test]
fn sarif_has_what_code_scanning_reads() {
    let run = |args: &[&str]| -> serde_json::Value {
        let output = vpcsim(args).output().unwrap();
        common::sarif_log(&output.stdout)
    };
    let log = run(&[
        "check",
        "fixtures/lint/EXP001.yaml",
        "fixtures/lint/NACL004.yaml",
        "--format",
        "sarif",
    ]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 2);
    let mut prints: Vec<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["vpcsimFindingId/v1"]
                .as_str()
                .unwrap()
        })
        .collect();
    let count = prints.len();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), count, "fingerprints must be unique");
    for result in results {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["uriBaseId"], "%SRCROOT%");
        assert!(location["uri"].as_str().unwrap().starts_with("fixtures/"));
    }
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    assert!(
        rule("EXP001")["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&"security".into())
    );
    assert!(rule("EXP001")["properties"]["security-severity"].is_string());
    assert!(rule("RT007")["properties"]["security-severity"].is_null());
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    // An AWS export whose importer drops something reports it as a notification; an unusable
    // input makes the invocation unsuccessful.
    let log = run(&[
        "check",
        "fixtures/conformance/batfish/public-subnet/aws_configs",
        "missing.yaml",
        "--format",
        "sarif",
    ]);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert!(!notes.is_empty());
    assert!(notes[0]["message"]["text"].as_str().unwrap().contains(':'));
}

/// A finding moved ten lines down (comments added above it) keeps its SARIF partial
/// fingerprint, so GitHub keeps the alert instead of closing one and opening another.
#[test]
fn partial_fingerprints_survive_moving_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("d.yaml");
    let text = std::fs::read_to_string(workspace_root().join("fixtures/lint/EXP001.yaml")).unwrap();
    let prints = |text: &str| -> Vec<(String, u64)> {
        std::fs::write(&design, text).unwrap();
        let output = vpcsim(&["check", design.to_str().unwrap(), "--format", "sarif"])
            .output()
            .unwrap();
        let log = common::sarif_log(&output.stdout);
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["vpcsimFindingId/v1"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = prints(&text);
    let moved = format!("{}{text}", "# moved\n".repeat(10));
    let after = prints(&moved);
    assert!(!before.is_empty());
    assert_eq!(before.len(), after.len());
    for ((print_before, line_before), (print_after, line_after)) in before.iter().zip(&after) {
        assert_eq!(print_before, print_after);
        assert_eq!(line_before + 10, *line_after);
    }
}

/// Several reports in one run: `--format sarif=FILE --format github` writes the SARIF file and
/// prints the annotations; two formats for stdout are a usage error.
#[test]
fn several_formats_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("a.sarif");
    let spec = format!("sarif={}", sarif.display());
    let output = vpcsim(&[
        "check",
        "fixtures/lint/EXP001.yaml",
        "--format",
        &spec,
        "--format",
        "github",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("::error"));
    let log = common::sarif_log(&std::fs::read(&sarif).unwrap());
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    let both = vpcsim(&[
        "check",
        "fixtures/lint/EXP001.yaml",
        "--format",
        "json",
        "--format",
        "github",
    ])
    .output()
    .unwrap();
    assert_eq!(both.status.code(), Some(2));
    let bad = vpcsim(&["check", "fixtures/lint/EXP001.yaml", "--format", "sarf"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown format `sarf`"));
}

/// `check` names the configuration file whose options changed the result, in the human report,
/// the JSON report and the SARIF invocation.
#[test]
fn the_config_file_used_is_named() {
    let dir = project("[check]\nignore = [\"RT007\"]\n");
    let design = dir.path().join("designs/app.yaml");
    let file = design.to_str().unwrap();
    let config = dir.path().join("vpcsim.toml").display().to_string();
    let human = vpcsim(&["check", file]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&human.stdout).contains(&format!("options from {config}")),
        "{}",
        String::from_utf8_lossy(&human.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(
        &vpcsim(&["check", file, "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["configs"][0], config.as_str());
    let sarif = common::sarif_log(
        &vpcsim(&["check", file, "--format", "sarif"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["properties"]["configs"][0],
        config.as_str()
    );
    let isolated = vpcsim(&["check", file, "--isolated"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&isolated.stdout).contains("options from"));
}
