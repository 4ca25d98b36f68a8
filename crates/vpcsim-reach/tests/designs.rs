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

/// Seed 003 as its author clicked it (a declared `default` group with only the added inbound
/// rules) answers every expectation as seed 003 does: declaring the default group adds to
/// AWS's rules (docs/semantics.md §15.9), and the in-VPC flows are admitted by AWS's self
/// rule, shown as an implicit AWS default.
#[test]
fn seed_003_with_a_declared_default_group_keeps_every_expectation() {
    let verdicts = |relative: &str| -> Vec<(bool, bool)> {
        let model = common::load_model(relative);
        let engine = Engine::new(&model);
        check_expectations(&engine)
            .iter()
            .map(|result| (result.expected_reachable, result.passed()))
            .collect()
    };
    let seed = verdicts("fixtures/designs/003-coupon-default-sg.yaml");
    let declared = verdicts("fixtures/designs/003-coupon-declared-default-sg.yaml");
    assert_eq!(seed.len(), 9);
    assert_eq!(declared, seed);
    assert!(declared.iter().all(|(_, passed)| *passed), "{declared:?}");

    let model = common::load_model("fixtures/designs/003-coupon-declared-default-sg.yaml");
    let view = common::ask(&model, "coupon-api", "coupon-consumer:8081", "tcp");
    assert_eq!(view.verdict, "reachable");
    let self_rule = view
        .forward
        .iter()
        .filter_map(|hop| hop.rule.as_ref())
        .find(|rule| rule.kind == "sg_rule" && rule.text.contains("from sg:default"))
        .expect("the default group's self rule admits the flow");
    assert!(self_rule.implicit, "{self_rule:?}");
    assert_eq!(self_rule.line, None, "AWS's rule is written nowhere");
}
