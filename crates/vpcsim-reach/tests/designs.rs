//! The seed designs' `expect:` blocks must all pass.

mod common;

use vpcsim_reach::{AnswerView, Engine, check_expectations};

#[test]
fn seed_design_expectations_all_pass() {
    let mut failures = Vec::new();
    let mut count = 0;
    let dir = common::repo_root().join("fixtures/designs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let relative = format!(
            "fixtures/designs/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let model = common::load_model(&relative);
        let engine = Engine::new(&model);
        for result in check_expectations(&engine) {
            count += 1;
            if !result.passed() {
                let detail = match &result.outcome {
                    Ok((query, answer)) => {
                        let view = AnswerView::new(&model, query, answer);
                        serde_json::to_string_pretty(&view).unwrap()
                    }
                    Err(error) => error.to_string(),
                };
                failures.push(format!(
                    "{relative}:{}: expected reachable={} — {detail}",
                    result.span.line, result.expected_reachable
                ));
            }
        }
    }
    assert!(count > 10, "only {count} expectations");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
