//! One fixture per semantic rule (`fixtures/reach/*.yaml`): every `expect:` entry must hold,
//! and the named answer of each is snapshotted (review with `cargo insta review`).

mod common;

use serde::Serialize;
use vpcsim_reach::{AnswerView, Engine, check_expectations};

/// One snapshotted question and its answer.
#[derive(Serialize)]
struct Case {
    from: String,
    to: String,
    proto: Option<String>,
    expected_reachable: bool,
    answer: AnswerView,
}

#[test]
fn reach_fixtures() {
    insta::glob!("../../../fixtures/reach", "*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let model = common::load_model(&format!("fixtures/reach/{name}"));
        assert!(
            !model.expectations.is_empty(),
            "{name} has no expect: entries"
        );
        let engine = Engine::new(&model);
        let mut cases = Vec::new();
        for result in check_expectations(&engine) {
            let expectation = &model.expectations[result.index];
            let (query, answer) = result
                .outcome
                .as_ref()
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let view = AnswerView::new(&model, query, answer);
            assert!(
                result.passed(),
                "{name}:{}: {} -> {} expected reachable={}, got {}",
                result.span.line,
                expectation.from,
                expectation.to,
                result.expected_reachable,
                common::summary(&view)
            );
            cases.push(Case {
                from: expectation.from.clone(),
                to: expectation.to.clone(),
                proto: expectation.proto.clone(),
                expected_reachable: expectation.reachable,
                answer: view,
            });
        }
        insta::assert_yaml_snapshot!(cases);
    });
}

#[test]
fn blocked_health_check_port_is_reported_without_changing_the_verdict() {
    let view = common::check("alb-health-check-port", "internet", "web:80", "tcp");
    assert_eq!(view.verdict, "reachable");
    let codes: Vec<_> = view
        .health_check_blocked_by
        .iter()
        .map(|b| {
            (
                b.code,
                b.component.name.as_str(),
                b.packet.dst_ports.as_str(),
            )
        })
        .collect();
    assert_eq!(codes, [("ENI_SG_RULES_MISMATCH", "app", "9000")]);
    // Same traffic and health-check port: nothing to report.
    let view = common::check("alb-targets", "internet", "web:80", "tcp");
    assert!(view.health_check_blocked_by.is_empty());
}
