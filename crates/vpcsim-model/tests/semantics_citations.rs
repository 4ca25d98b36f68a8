//! Every `§N` / `§N.M` citation in the repository resolves to a section or numbered item of
//! `docs/semantics.md`, the project's AWS semantics reference. Citations of another document
//! (`guide.md §3.2`, `import.md §4`) are recognised by the `*.md` name written right before
//! them and skipped. Fails when `docs/semantics.md` is missing.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

/// Section and item numbers defined by the reference: `## N. Title` and `### N.M Title`.
fn defined_sections(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let rest = if let Some(rest) = line.strip_prefix("### ") {
            rest
        } else if let Some(rest) = line.strip_prefix("## ") {
            rest
        } else {
            continue;
        };
        let number: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let number = number.trim_end_matches('.');
        if !number.is_empty() {
            out.insert(number.to_owned());
        }
    }
    out
}

/// The numbers cited in one `§`-token: `§6.9`, `§6.8–6.9` (both ends), `§1.1/§1.5`.
fn numbers_in(token: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in token.split('§').skip(1) {
        let mut chars = piece.chars().peekable();
        let mut first = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() || c == '.' {
                first.push(c);
                chars.next();
            } else {
                break;
            }
        }
        let first = first.trim_end_matches('.').to_owned();
        if first.is_empty() {
            continue;
        }
        if matches!(chars.peek(), Some('–' | '-')) {
            chars.next();
            let end: String = chars
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let end = end.trim_end_matches('.');
            if !end.is_empty() {
                out.push(end.to_owned());
            }
        }
        out.push(first);
    }
    out
}

/// Citations of docs/semantics.md in one line. A `§` run directly after `other.md` belongs to
/// that other document; a run after `semantics.md`, or with no document named, to ours.
fn citations_in_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut foreign = false;
    for raw in line.split_whitespace() {
        let token = raw.trim_matches(|c: char| "()[],;:`*\"'".contains(c));
        if token.contains('§') {
            if !foreign {
                out.extend(numbers_in(token));
            }
            // A run of citations stays with the document named before it.
        } else if let Some(name) = token.strip_suffix(".md") {
            foreign = !name.ends_with("semantics");
        } else if token == "step"
            || token == "and"
            || token == "or"
            || token.chars().all(|c| c.is_ascii_digit())
        {
            // `§13 step 5`, `§6.1 and §6.2`: still the same run.
        } else {
            foreign = false;
        }
    }
    out
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                collect_files(&path, out);
            }
        } else if ["rs", "md", "yaml", "yml", "json", "toml"]
            .iter()
            .any(|ext| path.extension().is_some_and(|e| e == *ext))
        {
            out.push(path);
        }
    }
}

#[test]
fn every_section_citation_resolves_in_docs_semantics() {
    let root = repo_root();
    let reference = root.join("docs/semantics.md");
    let text = std::fs::read_to_string(&reference).unwrap_or_else(|e| {
        panic!(
            "{} is missing or unreadable ({e}); it is the reference every `§N.M` citation points at",
            reference.display()
        )
    });
    let defined = defined_sections(&text);
    assert!(
        (1..=16).all(|n| defined.contains(&n.to_string())),
        "docs/semantics.md must keep sections §1–§16, found {defined:?}"
    );

    let mut files = Vec::new();
    for top in ["crates", "docs", "fixtures", "benches"] {
        collect_files(&root.join(top), &mut files);
    }
    files.push(root.join("README.md"));
    files.push(root.join("ARCHITECTURE.md"));

    let mut cited = 0;
    let mut missing = Vec::new();
    for file in &files {
        let Ok(content) = std::fs::read_to_string(file) else {
            continue;
        };
        for (index, line) in content.lines().enumerate() {
            for number in citations_in_line(line) {
                cited += 1;
                if !defined.contains(&number) {
                    missing.push(format!(
                        "{}:{}: §{number}",
                        file.strip_prefix(&root).unwrap_or(file).display(),
                        index + 1
                    ));
                }
            }
        }
    }
    assert!(
        cited > 100,
        "found only {cited} citations; is the scan looking in the right place?"
    );
    assert!(
        missing.is_empty(),
        "citations that docs/semantics.md does not define:\n{}",
        missing.join("\n")
    );
}

#[test]
fn nothing_cites_the_old_external_reference() {
    let root = repo_root();
    let mut files = Vec::new();
    for top in ["crates", "docs", "fixtures", "benches"] {
        collect_files(&root.join(top), &mut files);
    }
    files.push(root.join("README.md"));
    files.push(root.join("ARCHITECTURE.md"));
    // Spelled in two halves so that this file does not match itself.
    // The first wave's planning documents (product, style, ecosystem) never were in the
    // repository either.
    let needles = [
        concat!("aws-", "semantics"),
        concat!("../", "shared"),
        concat!("product", ".md"),
        concat!("style", ".md"),
        concat!("ecosystem", ".md"),
    ];
    let mut hits = Vec::new();
    for file in &files {
        let Ok(content) = std::fs::read_to_string(file) else {
            continue;
        };
        for (index, line) in content.lines().enumerate() {
            if needles.iter().any(|n| line.contains(n)) {
                hits.push(format!(
                    "{}:{}",
                    file.strip_prefix(&root).unwrap_or(file).display(),
                    index + 1
                ));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "references to files outside the repository:\n{}",
        hits.join("\n")
    );
}

#[test]
fn citation_parsing() {
    assert_eq!(citations_in_line("(docs/semantics.md §6.9)"), ["6.9"]);
    assert_eq!(citations_in_line("(§6.8–6.9)"), ["6.9", "6.8"]);
    assert_eq!(citations_in_line("(§13 step 5, §7.8)"), ["13", "7.8"]);
    assert_eq!(citations_in_line("// §1.1/§1.5: sizes"), ["1.1", "1.5"]);
    assert!(citations_in_line("(guide.md §3.8, §3.9)").is_empty());
    assert_eq!(citations_in_line("(import.md §4) then §2.1"), ["2.1"]);
}
