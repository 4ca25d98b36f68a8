//! `vpcsim check DESIGN…`: load and validate designs, run the lint rules and the `expect:`
//! assertions — the CI command (docs/lint.md).
//!
//! Exit codes (README.md): 0 when nothing reaches the `--fail-on` level (default `error`) and
//! every expectation holds; 1 on such findings or a failed expectation; 2 when a design is
//! unusable (parse or validation errors), a selector is unknown, or a file cannot be read.

use std::io::Write;

use anyhow::Context;
use std::process::ExitCode;

use serde::Serialize;
use vpcsim_lint::Selection;
use vpcsim_model::diagnostic::sort_diagnostics;
use vpcsim_model::{Diagnostic, Model, Severity};
use vpcsim_reach::{AnswerView, Engine, check_expectations};

use crate::input;
use crate::render::diagnostics::{JsonDiagnostic, render_human};
use crate::render::style::Style;
use crate::report::{Checked, EXPECT_CODE, FailOn, Summary};

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// rustc-style snippets for people.
    Human,
    /// One JSON document (docs/lint.md).
    Json,
    /// One JSON diagnostic per line (the `diagnostics` entries of `json`), for streaming.
    JsonLines,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// GitLab Code Quality JSON (the merge-request widget).
    Gitlab,
    /// JUnit XML (GitLab test reports, Jenkins, Azure).
    Junit,
}

/// Arguments of `vpcsim check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Design files (YAML or JSON), Terraform plans, AWS export folders, folders of designs
    /// (walked recursively) or quoted globs (`'designs/**/*.yaml'`); `-` reads stdin.
    #[arg(required = true, value_name = "DESIGN")]
    designs: Vec<String>,
    /// Output format: human, json, json-lines, sarif, github, gitlab or junit. Repeat with
    /// `FORMAT=PATH` to write several reports in one run (`--format sarif=vpcsim.sarif
    /// --format github`); a format without `=PATH` goes to stdout (or `--output-file`).
    #[arg(long = "format", value_name = "FORMAT[=PATH]", value_parser = parse_format_spec)]
    formats: Vec<(Format, Option<std::path::PathBuf>)>,
    /// Run only these rules: codes, code prefixes (`SG`, `NACL00`) or rule names;
    /// `policy:ID` decides only the policies named; comma-separated or repeated.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules (codes, prefixes or names; also validation codes such as `VAL007`, and
    /// `policy:ID` for one policy); comma-separated or repeated.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit 1 when a finding of this severity or worse is reported [default: error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Same as `--fail-on warning`.
    #[arg(long)]
    deny_warnings: bool,
    /// Read options from this file instead of the nearest `vpcsim.toml` / `.vpcsim.toml`.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    config: Option<String>,
    /// Ignore configuration files.
    #[arg(long)]
    isolated: bool,
    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    output_file: Option<std::path::PathBuf>,
    /// Exit 0 even when findings reach the `--fail-on` level (unusable inputs still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Leave out findings recorded in this baseline file (written by `--write-baseline`): adopt
    /// vpcsim on an existing estate and fail only on new findings.
    #[arg(long, value_name = "PATH", conflicts_with = "write_baseline")]
    baseline: Option<std::path::PathBuf>,
    /// Record every current finding in this baseline file and exit 0 (errors that make a design
    /// unusable are never recorded).
    #[arg(long, value_name = "PATH")]
    write_baseline: Option<std::path::PathBuf>,
    /// Human format: also print how many findings each rule produced.
    #[arg(long)]
    statistics: bool,
    /// Human format: print the findings only, without the summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Walk folders and globs without leaving out what `.gitignore`, `.ignore` and
    /// `.git/info/exclude` exclude.
    #[arg(long)]
    no_ignore: bool,
    /// Skip named files that are not designs, Terraform plans or CloudFormation templates by
    /// their content (as folder walks do), saying which: for pre-commit, which passes every
    /// staged YAML and JSON file (CI workflows, `package.json`).
    #[arg(long)]
    only_designs: bool,
    /// The file name that `-` (stdin) stands for: reports name it, its extension decides YAML
    /// or JSON, and the configuration file and `per-file-ignores` that apply to it apply.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// A YAML file holding only `policies:`, decided on every design besides the design's own
    /// `policies:` (docs/policies.md); repeatable.
    #[arg(long = "policy", value_name = "FILE")]
    policy_files: Vec<String>,
    /// For Terraform plans: `terraform show -json` of the state that manages the existing
    /// network they attach to (docs/import.md, "--context").
    #[arg(long, value_name = "STATE_JSON")]
    context: Option<String>,
}

/// A baseline file: the fingerprints of accepted findings (docs/lint.md "Baseline").
#[derive(serde::Serialize, serde::Deserialize)]
struct Baseline {
    version: u32,
    findings: Vec<BaselineEntry>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct BaselineEntry {
    file: String,
    code: String,
    fingerprint: String,
    /// For people reading the file; not compared.
    #[serde(default)]
    message: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    /// The configuration files whose options applied (`vpcsim.toml`), when any did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    configs: Vec<String>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    // Command-line options first, then the design's config file, then the defaults.
    let mut configs = crate::config::Configs::new(args.config.as_deref(), args.isolated)?;
    let mut checked = Vec::new();
    let policy_files = args
        .policy_files
        .iter()
        .map(|path| crate::input_policy::load(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Walked files and, with `--only-designs`, named ones are filtered: `exclude` in the
    // config, and (named ones) their content.
    let mut designs = Vec::new();
    let mut skipped = Vec::new();
    for (design, walked) in crate::discover::expand_marked(&args.designs, !args.no_ignore)? {
        let path = std::path::Path::new(&design);
        if (walked || args.only_designs)
            && design != "-"
            && configs
                .for_design(&design)?
                .is_some_and(|config| config.excludes(path))
        {
            continue;
        }
        if args.only_designs
            && !walked
            && design != "-"
            && path.is_file()
            && !crate::discover::is_design(path)
        {
            skipped.push(design);
            continue;
        }
        designs.push(design);
    }
    if !skipped.is_empty() {
        crate::render::terminal::eprintln_safe!(
            "vpcsim: skipped {} file(s) that are not designs, plans or templates (--only-designs): {}",
            skipped.len(),
            skipped.join(", ")
        );
    }
    if let Some(name) = &args.stdin_filename {
        if !designs.iter().any(|d| d == "-") {
            anyhow::bail!("--stdin-filename names stdin: give `-` as a design to read it");
        }
        input::set_stdin_name(name);
    }
    for path in &designs {
        // What configuration and per-file-ignores see: stdin under its `--stdin-filename`.
        let named = match (path.as_str(), &args.stdin_filename) {
            ("-", Some(name)) => name.as_str(),
            _ => path.as_str(),
        };
        let config = configs.for_design(named)?;
        let mut selection = Selection {
            select: if args.select.is_empty() {
                config
                    .as_ref()
                    .and_then(|c| c.select.clone())
                    .unwrap_or_default()
            } else {
                args.select.clone()
            },
            ignore: if args.ignore.is_empty() {
                config
                    .as_ref()
                    .and_then(|c| c.ignore.clone())
                    .unwrap_or_default()
            } else {
                args.ignore.clone()
            },
        };
        let policy_filter = crate::policies::Filter::take(&mut selection);
        if let Some(config) = &config {
            selection
                .ignore
                .extend(config.ignores_for(std::path::Path::new(named)));
            selection
                .validate()
                .with_context(|| format!("in config {}", config.path.display()))?;
        } else {
            selection.validate()?;
        }
        let fail_on = if args.deny_warnings {
            FailOn::Warning
        } else {
            args.fail_on
                .or(config.as_ref().and_then(|c| c.fail_on))
                .unwrap_or(FailOn::Error)
        };
        // One unreadable input is an error of that file, not of the run: the other files'
        // findings still reach every report (a CI upload never gets an empty SARIF for it).
        let mut file = match check_one(
            path,
            args.context.as_deref(),
            (&policy_files, &policy_filter),
            selection.clone(),
            fail_on,
        ) {
            Ok(file) => file,
            Err(error) => unreadable(
                if path == "-" {
                    input::stdin_name()
                } else {
                    path
                },
                &error,
                selection,
                fail_on,
            ),
        };
        file.config = config.as_ref().map(|c| c.path.clone());
        checked.push(file);
    }
    if let Some(path) = &args.write_baseline {
        let findings = checked
            .iter()
            .filter(|file| file.usable)
            .flat_map(|file| {
                let name = crate::report::report_path(&file.source.name);
                file.diagnostics
                    .iter()
                    .zip(crate::report::fingerprints(file))
                    .map(move |(d, fingerprint)| BaselineEntry {
                        file: name.clone(),
                        code: d.code.to_owned(),
                        fingerprint,
                        message: d.message.clone(),
                    })
            })
            .collect::<Vec<_>>();
        let count = findings.len();
        let text = serde_json::to_string_pretty(&Baseline {
            version: 1,
            findings,
        })?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        eprintln!(
            "vpcsim: baseline of {count} finding(s) written to {}",
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut baselined = 0;
    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline `{}`", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .with_context(|| format!("`{}` is not a vpcsim baseline", path.display()))?;
        let known: std::collections::BTreeSet<(String, String, String)> = baseline
            .findings
            .into_iter()
            .map(|e| (e.file, e.code, e.fingerprint))
            .collect();
        let mut matched = std::collections::BTreeSet::new();
        for file in &mut checked {
            if !file.usable {
                continue;
            }
            let name = crate::report::report_path(&file.source.name);
            let prints = crate::report::fingerprints(file);
            let before = file.diagnostics.len();
            let mut prints = prints.into_iter();
            file.diagnostics.retain(|d| {
                let key = (
                    name.clone(),
                    d.code.to_owned(),
                    prints.next().unwrap_or_default(),
                );
                let known_finding = known.contains(&key);
                if known_finding {
                    matched.insert(key);
                }
                !known_finding
            });
            baselined += before - file.diagnostics.len();
        }
        // Entries of the checked files that no longer match: fixed findings, to drop from the
        // baseline (entries of files not checked in this run are left alone).
        let checked_files: std::collections::BTreeSet<String> = checked
            .iter()
            .map(|file| crate::report::report_path(&file.source.name))
            .collect();
        let stale = known
            .iter()
            .filter(|key| checked_files.contains(&key.0) && !matched.contains(*key))
            .count();
        if stale > 0 {
            eprintln!(
                "vpcsim: {stale} baseline entr{} no longer match a finding (fixed?); rewrite the baseline with --write-baseline",
                if stale == 1 { "y" } else { "ies" }
            );
        }
    }
    let mut summary = Summary {
        files: checked.len(),
        baselined,
        ..Summary::default()
    };
    let mut failing = false;
    for file in &checked {
        if !file.usable {
            summary.unusable_files += 1;
        }
        summary.expectations_passed += file.expectations_passed;
        summary.expectations_failed += file.expectations_failed;
        summary.policies_passed += file.policies_passed;
        summary.policies_failed += file.policies_failed;
        summary.suppressed += file.suppressed;
        for diagnostic in &file.diagnostics {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
            failing |= file.fail_on.fails(diagnostic.severity)
                || diagnostic.code == EXPECT_CODE
                || crate::report::is_policy_violation(diagnostic.code);
        }
    }
    let mut formats = args.formats.clone();
    if formats.is_empty() {
        formats.push((Format::Human, None));
    }
    if formats.iter().filter(|(_, path)| path.is_none()).count() > 1 {
        anyhow::bail!(
            "only one --format can go to stdout; give the others a file: --format sarif=vpcsim.sarif"
        );
    }
    let mut file_out;
    let out: &mut dyn Write = match &args.output_file {
        Some(path) => {
            file_out = std::io::BufWriter::new(crate::render::terminal::Safe::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write `{}`", path.display()))?,
            ));
            &mut file_out
        }
        None => out,
    };
    for (format, path) in formats {
        match path {
            Some(path) => {
                let mut file = std::io::BufWriter::new(crate::render::terminal::Safe::new(
                    std::fs::File::create(&path)
                        .with_context(|| format!("cannot write `{}`", path.display()))?,
                ));
                report(&mut file, format, &args, &checked, summary, failing)?;
                file.flush()?;
            }
            None => report(out, format, &args, &checked, summary, failing)?,
        }
    }
    out.flush()?;
    Ok(if summary.unusable_files > 0 {
        ExitCode::from(2)
    } else if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--format NAME` or `--format NAME=PATH`.
fn parse_format_spec(text: &str) -> Result<(Format, Option<std::path::PathBuf>), String> {
    let (name, path) = match text.split_once('=') {
        Some((name, path)) if !path.is_empty() => (name, Some(std::path::PathBuf::from(path))),
        Some((name, _)) => return Err(format!("`{name}=` needs a file after `=`")),
        None => (text, None),
    };
    let format = <Format as clap::ValueEnum>::from_str(name, true).map_err(|_| {
        format!("unknown format `{name}` (human, json, json-lines, sarif, github, gitlab, junit)")
    })?;
    Ok((format, path))
}

/// Writes one report in one format.
fn report(
    out: &mut dyn Write,
    format: Format,
    args: &Args,
    checked: &[Checked],
    summary: Summary,
    failing: bool,
) -> anyhow::Result<()> {
    match format {
        Format::Human => {
            human(out, checked, summary, failing, args.quiet)?;
            if args.statistics {
                statistics(out, checked)?;
            }
        }
        Format::Json => {
            let diagnostics = checked
                .iter()
                .flat_map(|file| {
                    file.diagnostics
                        .iter()
                        .map(|d| JsonDiagnostic::new(d, &file.source.name))
                })
                .collect();
            let report = JsonReport {
                version: 1,
                tool: Tool {
                    name: "vpcsim",
                    version: env!("CARGO_PKG_VERSION"),
                },
                configs: crate::report::configs_used(checked),
                diagnostics,
                summary,
            };
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        Format::JsonLines => {
            for file in checked {
                for diagnostic in &file.diagnostics {
                    serde_json::to_writer(
                        &mut *out,
                        &JsonDiagnostic::new(diagnostic, &file.source.name),
                    )?;
                    writeln!(out)?;
                }
            }
        }
        Format::Sarif => crate::render::sarif::write(out, checked)?,
        Format::Github => crate::render::github::write(out, checked, summary)?,
        Format::Gitlab => crate::render::gitlab::write(out, checked)?,
        Format::Junit => crate::render::junit::write(out, checked)?,
    }
    Ok(())
}

/// The report entry of an input that could not be read or imported: one `INPUT001` error
/// naming the file and why, so that the file counts as unusable (exit 2) in every format.
fn unreadable(path: &str, error: &anyhow::Error, selection: Selection, fail_on: FailOn) -> Checked {
    let why: Vec<String> = error.chain().map(ToString::to_string).collect();
    Checked {
        source: vpcsim_model::SourceFile {
            name: path.to_owned(),
            text: String::new(),
        },
        usable: false,
        diagnostics: vec![
            Diagnostic::error("INPUT001", vpcsim_model::Span::UNKNOWN, why.join(": "))
                .with_help("check the path and the file's format; the other inputs were checked"),
        ],
        expectations_passed: 0,
        expectations_failed: 0,
        policies_passed: 0,
        policies_failed: 0,
        suppressed: 0,
        expectations_held: Vec::new(),
        selection,
        fail_on,
        import_notes: Vec::new(),
        config: None,
    }
}

/// Loads, validates, lints and runs the expectations of one design.
fn check_one(
    path: &str,
    context: Option<&str>,
    (policy_files, policy_filter): (&[crate::input_policy::PolicyFile], &crate::policies::Filter),
    selection: Selection,
    fail_on: FailOn,
) -> anyhow::Result<Checked> {
    let attempt = input::attempt_with_context(path, context)?;
    let mut usable = attempt.is_usable();
    // `--ignore` drops validation warnings, never the errors that make a design unusable.
    let mut diagnostics: Vec<Diagnostic> = attempt
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error || selection.is_code_enabled(d.code))
        .collect();
    let (mut passed, mut failed) = (0, 0);
    let (mut policies_passed, mut policies_failed) = (0, 0);
    let mut expectations_held = Vec::new();
    if let (true, Some(model)) = (usable, attempt.model.as_ref()) {
        diagnostics.extend(vpcsim_lint::lint_selected(model, &selection));
        for (index, diagnostic) in expectations(model).into_iter().enumerate() {
            match diagnostic {
                Some(diagnostic) => {
                    failed += 1;
                    diagnostics.push(diagnostic);
                }
                None => {
                    passed += 1;
                    let expectation = &model.expectations[index];
                    expectations_held.push(format!(
                        "{} -> {} ({})",
                        expectation.from,
                        expectation.to,
                        if expectation.reachable {
                            "reachable"
                        } else {
                            "blocked"
                        }
                    ));
                }
            }
        }
        // Policies (docs/policies.md): one that cannot be read makes the design unusable.
        let mut compiled = crate::policies::compile(model, policy_files);
        policy_filter.apply(&mut compiled);
        if compiled.has_errors() {
            usable = false;
        }
        if !compiled.policies.is_empty() && usable {
            let engine = Engine::new(model);
            let analyzer = vpcsim_symbolic::Analyzer::new(&engine);
            let verdicts = crate::policies::decide(&analyzer, &compiled);
            policies_failed = verdicts.iter().filter(|v| !v.holds()).count();
            policies_passed = verdicts.len() - policies_failed;
            diagnostics.extend(
                crate::policies::findings(&analyzer, &compiled, &verdicts)
                    .into_iter()
                    .filter(|d| selection.is_code_enabled(d.code)),
            );
        }
        diagnostics.extend(
            compiled
                .diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error || selection.is_code_enabled(d.code)),
        );
    }
    if let Some(plan) = &attempt.plan {
        plan.annotate(&mut diagnostics);
    }
    // `# vpcsim: ignore[…]` comments (docs/lint.md); YAML only, JSON has no comments. A
    // CloudFormation template adds its resources' `Metadata: {vpcsim: {ignore: […]}}`.
    let mut suppressed = 0;
    let is_yaml = vpcsim_model::load::Syntax::detect(&attempt.source.name, &attempt.source.text)
        == vpcsim_model::load::Syntax::Yaml;
    let template_ignores = crate::input_cfn::suppressions(&attempt.source.text);
    if is_yaml || !template_ignores.is_empty() {
        let (mut suppressions, problems) = if is_yaml {
            vpcsim_lint::parse_suppressions(&attempt.source.text)
        } else {
            (Vec::new(), Vec::new())
        };
        suppressions.extend(template_ignores);
        if !suppressions.is_empty() || !problems.is_empty() {
            let applied = vpcsim_lint::apply_suppressions(
                diagnostics,
                &suppressions,
                &selection,
                &attempt.source.text,
                usable,
            );
            suppressed = applied.suppressed;
            diagnostics = applied.diagnostics;
            diagnostics.extend(
                problems
                    .into_iter()
                    .filter(|d| selection.is_code_enabled(d.code)),
            );
            diagnostics
                .retain(|d| d.code != vpcsim_lint::SUP_UNUSED || selection.is_code_enabled(d.code));
        }
    }
    sort_diagnostics(&mut diagnostics);
    Ok(Checked {
        config: None,
        import_notes: attempt.import_notes,
        source: attempt.source,
        usable,
        diagnostics,
        expectations_passed: passed,
        expectations_failed: failed,
        policies_passed,
        policies_failed,
        suppressed,
        expectations_held,
        selection,
        fail_on,
    })
}

/// One entry per `expect:` assertion: `None` when it holds, else a finding at its span with
/// the reachability explanation (verdict, blockers or the path that should not exist).
fn expectations(model: &Model) -> Vec<Option<Diagnostic>> {
    if model.expectations.is_empty() {
        return Vec::new();
    }
    let engine = Engine::new(model);
    check_expectations(&engine)
        .into_iter()
        .map(|result| {
            if result.passed() {
                return None;
            }
            let expectation = &model.expectations[result.index];
            let wanted = if result.expected_reachable {
                "reachable"
            } else {
                "blocked"
            };
            let query = format!("{} -> {}", expectation.from, expectation.to);
            let diagnostic = match &result.outcome {
                Err(error) => Diagnostic::error(
                    EXPECT_CODE,
                    result.span,
                    format!("expectation `{query}` cannot be evaluated: {error}"),
                ),
                Ok((parsed, answer)) => {
                    let view = AnswerView::new(model, parsed, answer);
                    let mut diagnostic = Diagnostic::error(
                        EXPECT_CODE,
                        result.span,
                        format!(
                            "expectation failed: `{query}` is {}, expected {wanted}",
                            view.verdict
                        ),
                    );
                    for blocker in &view.blocked_by {
                        diagnostic = diagnostic.with_note(format!(
                            "blocked by {} ({}): {}",
                            blocker.code, blocker.direction, blocker.message
                        ));
                    }
                    if answer.is_reachable() {
                        let path: Vec<String> = view
                            .forward
                            .iter()
                            .map(|hop| format!("{} `{}`", hop.component.kind, hop.component.name))
                            .collect();
                        diagnostic = diagnostic
                            .with_note(format!("path: {}", path.join(" -> ")))
                            .with_help(
                                "tighten the rule that admits this path, or change the expectation",
                            );
                    } else if let Some(blocker) = view.blocked_by.first() {
                        diagnostic = diagnostic.with_help(blocker.help.clone());
                    }
                    diagnostic
                }
            };
            Some(diagnostic.with_label(format!("expects {wanted}")))
        })
        .collect()
}

/// `--statistics`: findings per code, most frequent first.
fn statistics(out: &mut dyn Write, checked: &[Checked]) -> anyhow::Result<()> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for diagnostic in checked.iter().flat_map(|file| &file.diagnostics) {
        *counts.entry(diagnostic.code).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (code, count) in counts {
        let name = vpcsim_lint::rule_by_code(code).map_or("", |rule| rule.meta.name);
        writeln!(out, "{count:>6}  {code:<10} {name}")?;
    }
    Ok(())
}

fn human(
    out: &mut dyn Write,
    checked: &[Checked],
    summary: Summary,
    failing: bool,
    quiet: bool,
) -> anyhow::Result<()> {
    let style = Style::stdout();
    for file in checked {
        for diagnostic in &file.diagnostics {
            writeln!(out, "{}", render_human(diagnostic, &file.source, style))?;
        }
    }
    if quiet {
        return Ok(());
    }
    let verdict = if summary.unusable_files > 0 {
        style.error().paint("unusable input")
    } else if failing {
        style.error().paint("problems found")
    } else {
        style.success().paint("ok")
    };
    let expectations = summary.expectations_passed + summary.expectations_failed;
    let mut dropped = Vec::new();
    if summary.suppressed > 0 {
        dropped.push(format!("{} suppressed", summary.suppressed));
    }
    if summary.baselined > 0 {
        dropped.push(format!("{} in the baseline", summary.baselined));
    }
    let suppressed = if dropped.is_empty() {
        String::new()
    } else {
        format!(" ({})", dropped.join(", "))
    };
    writeln!(
        out,
        "{verdict}: {} file{} checked, {} error{}, {} warning{}, {} info{}{suppressed}; {}/{expectations} expectation{} hold",
        summary.files,
        plural(summary.files),
        summary.errors,
        plural(summary.errors),
        summary.warnings,
        plural(summary.warnings),
        summary.infos,
        plural(summary.infos),
        summary.expectations_passed,
        plural(expectations),
    )?;
    let policies = summary.policies_passed + summary.policies_failed;
    if policies > 0 {
        writeln!(
            out,
            "{}/{policies} {} hold",
            summary.policies_passed,
            if policies == 1 { "policy" } else { "policies" }
        )?;
    }
    let configs = crate::report::configs_used(checked);
    if !configs.is_empty() {
        writeln!(out, "options from {}", configs.join(", "))?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
