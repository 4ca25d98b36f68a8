//! Every `vpcsim …` command shown in a ```console block of `docs/` and `docs/ko/` still runs
//! and still prints what the page shows (issue 19: the docs must not rot).
//!
//! A block is `$ vpcsim ARGS` lines, each followed by the output the page shows. Shown lines
//! must appear in the real output (stdout, then stderr) in order; `...` stands for any lines
//! left out, and a block without `...` must match the whole output. A shown `vpcsim: error:`
//! means exit 2 is expected; otherwise 0 or 1 (`overlap` and `check` exit 1 on findings).
//! Commands over design files or folders that are not in the repository (`designs/prod.yaml`,
//! globs) and commands with shell redirections are illustrations and are skipped; `# …` shell
//! comments are dropped; every other command runs from the workspace root.

mod common;

use std::path::{Path, PathBuf};

/// A command from a page and the output shown under it.
struct Example {
    page: PathBuf,
    line: usize,
    command: String,
    shown: Vec<String>,
}

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("docs/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            pages(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
}

fn examples(page: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(page).expect("a page is UTF-8");
    let mut found = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    for (idx, line) in text.lines().enumerate() {
        if !in_console {
            in_console = line.trim_start() == "```console";
            continue;
        }
        if line.trim_start().starts_with("```") {
            in_console = false;
            found.extend(current.take());
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            found.extend(current.take());
            current = Some(Example {
                page: page.to_path_buf(),
                line: idx + 1,
                command: command.to_owned(),
                shown: Vec::new(),
            });
        } else if let Some(example) = current.as_mut() {
            example.shown.push(line.trim_end().to_owned());
        }
    }
    found
}

/// Splits a command line like a POSIX shell does for the simple cases docs use: whitespace,
/// single and double quotes.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            // A shell comment: `#` starting a word.
            (None, '#') if word.is_empty() && !any => break,
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// The shown lines, in order, inside the actual ones; `...` skips any number of lines.
fn matches(shown: &[String], actual: &[String]) -> Result<(), String> {
    let shown: Vec<&String> = {
        // Trailing blank lines of a block are layout, not output.
        let mut end = shown.len();
        while end > 0 && shown[end - 1].is_empty() {
            end -= 1;
        }
        shown[..end].iter().collect()
    };
    if !shown.iter().any(|line| line.trim() == "...") {
        let actual: Vec<&String> = {
            let mut end = actual.len();
            while end > 0 && actual[end - 1].is_empty() {
                end -= 1;
            }
            actual[..end].iter().collect()
        };
        return if shown == actual {
            Ok(())
        } else {
            Err("the page shows the whole output, and it differs".to_owned())
        };
    }
    let mut at = 0;
    for line in shown {
        if line.trim() == "..." {
            continue;
        }
        match actual[at..].iter().position(|candidate| candidate == line) {
            Some(offset) => at += offset + 1,
            None => return Err(format!("not in the output (in this order): {line:?}")),
        }
    }
    Ok(())
}

#[test]
fn every_command_in_the_docs_runs_and_prints_what_the_page_shows() {
    let root = common::workspace_root();
    let mut all = Vec::new();
    pages(&root.join("docs"), &mut all);
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in &all {
        for example in examples(page) {
            let args = words(&example.command);
            if args.first().map(String::as_str) != Some("vpcsim") {
                continue;
            }
            let illustration = args[1..].iter().any(|arg| {
                let file_like = arg.ends_with(".yaml")
                    || arg.ends_with(".yml")
                    || arg.ends_with(".json")
                    || arg.ends_with('/');
                let shell = matches!(arg.as_str(), ">" | ">>" | "<" | "|") || arg.starts_with('~');
                shell || arg.contains('*') || (file_like && !root.join(arg).exists())
            });
            if illustration {
                continue;
            }
            checked += 1;
            let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
            let output = common::vpcsim(&args)
                .env_remove("LANG")
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .output()
                .expect("vpcsim runs");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            let actual: Vec<String> = stdout
                .lines()
                .chain(stderr.lines())
                .map(|line| line.trim_end().to_owned())
                .collect();
            let wants_error = example
                .shown
                .iter()
                .any(|line| line.starts_with("vpcsim: error:"));
            let code = output.status.code();
            let code_ok = if wants_error {
                code == Some(2)
            } else {
                matches!(code, Some(0 | 1))
            };
            let place = format!(
                "{}:{}: `{}`",
                example
                    .page
                    .strip_prefix(&root)
                    .unwrap_or(&example.page)
                    .display(),
                example.line,
                example.command
            );
            if !code_ok {
                failures.push(format!("{place}: exit {code:?}\n{stdout}{stderr}"));
                continue;
            }
            if let Err(why) = matches(&example.shown, &actual) {
                let head: Vec<&str> = actual.iter().take(40).map(String::as_str).collect();
                failures.push(format!(
                    "{place}: {why}\n--- actual (first 40 lines) ---\n{}",
                    head.join("\n")
                ));
            }
        }
    }
    assert!(checked >= 10, "only {checked} commands found in docs/");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_splitter_and_matcher_do_what_the_test_relies_on() {
    assert_eq!(
        words("vpcsim check a.yaml   # a comment"),
        ["vpcsim", "check", "a.yaml"]
    );
    assert_eq!(
        words("vpcsim cidr '10.0.0.0 255.255.0.0' --to \"웹:80\""),
        ["vpcsim", "cidr", "10.0.0.0 255.255.0.0", "--to", "웹:80"]
    );
    let actual: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_owned()).collect();
    let shown = |lines: &[&str]| lines.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert!(matches(&shown(&["a", "...", "c"]), &actual).is_ok());
    assert!(matches(&shown(&["c", "...", "a"]), &actual).is_err());
    assert!(matches(&shown(&["a", "b"]), &actual).is_err());
    assert!(matches(&shown(&["a", "b", "c", ""]), &actual).is_ok());
}

fn property_names(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                out.extend(properties.keys().cloned());
            }
            for child in map.values() {
                property_names(child, out);
            }
        }
        serde_json::Value::Array(items) => {
            for child in items {
                property_names(child, out);
            }
        }
        _ => {}
    }
}

/// The console-label table of the Korean glossary names real design-file keys: every
/// `key` (or `a.b.key`) in its "설계 파일" column is a property of `vpcsim schema`.
#[test]
fn glossary_console_table_names_real_design_keys() {
    let root = common::workspace_root();
    let glossary = std::fs::read_to_string(root.join("docs/ko/glossary.md")).unwrap();
    let output = common::vpcsim(&["schema"]).output().unwrap();
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut keys = std::collections::BTreeSet::new();
    property_names(&schema, &mut keys);
    let table = glossary
        .split("## 1.")
        .nth(1)
        .and_then(|rest| rest.split("## 2.").next())
        .expect("section 1 of the glossary");
    let mut checked = 0;
    let mut unknown = Vec::new();
    for row in table.lines().filter(|line| line.starts_with("| ")) {
        let columns: Vec<&str> = row.trim_matches('|').split('|').collect();
        let Some(design) = columns.get(2) else {
            continue;
        };
        for token in design.split('`').skip(1).step_by(2) {
            let key = token
                .rsplit('.')
                .next()
                .unwrap_or(token)
                .trim_end_matches(':');
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                continue;
            }
            checked += 1;
            if !keys.contains(key) {
                unknown.push(key.to_owned());
            }
        }
    }
    assert!(
        checked >= 30,
        "only {checked} keys found in the glossary table"
    );
    assert!(unknown.is_empty(), "not design-file keys: {unknown:?}");
}
