//! `vpcsim exposure`, `matrix` and `diff` end to end: the real binary, exit code + stdout +
//! stderr snapshotted, and the JSON forms parsed back.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use insta_cmd::assert_cmd_snapshot;

mod common;
use common::vpcsim;

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    let output = vpcsim(args).output().unwrap();
    let value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    (value, output.status.code().unwrap())
}

const SEED_000: &str = "fixtures/designs/000-devloop-bastion-nat.yaml";
const SEED_001: &str = "fixtures/designs/001-nat-alb.yaml";
const CHANGED_001: &str = "fixtures/diff/001-changed.yaml";

#[test]
fn exposure_of_seed_001_human() {
    assert_cmd_snapshot!(vpcsim(&["exposure", SEED_001]));
}

#[test]
fn exposure_of_seed_000_is_the_bastion_for_the_admin_only() {
    assert_cmd_snapshot!(vpcsim(&["exposure", SEED_000]));
}

#[test]
fn exposure_json_names_every_exposed_resource() {
    let (report, code) = json(&["exposure", SEED_001, "--format", "json"]);
    assert_eq!(code, 0);
    let exposed: Vec<(String, String, Option<u64>)> = report["exposed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["resource"]["name"].as_str().unwrap().to_owned(),
                e["via"].as_str().unwrap().to_owned(),
                e["target_port"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        exposed,
        vec![
            ("app".into(), "load_balancer".into(), Some(8081)),
            ("app".into(), "load_balancer".into(), Some(8082)),
            ("web".into(), "direct".into(), None),
        ]
    );
    assert_eq!(report["exposed"][2]["flows"][0]["any_public_source"], true);
    assert_eq!(
        report["unreachable_open_rules"][0]["why_not"]["verdict"],
        "blocked"
    );
}

#[test]
fn exposure_summary_of_seed_001_human() {
    assert_cmd_snapshot!(vpcsim(&["exposure", SEED_001, "--summary"]));
}

#[test]
fn exposure_summary_json_counts_what_the_full_report_lists() {
    for seed in [SEED_000, SEED_001] {
        let (full, _) = json(&["exposure", seed, "--format", "json"]);
        let (summary, code) = json(&["exposure", seed, "--summary", "--format", "json"]);
        assert_eq!(code, 0);
        let summary = &summary["summary"];
        let exposed = full["exposed"].as_array().unwrap();
        assert_eq!(summary["paths"].as_u64().unwrap() as usize, exposed.len());
        let mut names: Vec<&str> = exposed
            .iter()
            .map(|e| e["resource"]["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(summary["resources"].as_u64().unwrap() as usize, names.len());
        assert_eq!(
            summary["unreachable_open_rules"].as_u64().unwrap() as usize,
            full["unreachable_open_rules"].as_array().unwrap().len()
        );
        // Every exposed (protocol, ports) line of the full report is counted in the summary.
        for e in exposed {
            for flow in e["flows"].as_array().unwrap() {
                let counted = summary["ports"].as_array().unwrap().iter().any(|p| {
                    p["protocol"] == flow["protocol"]
                        && p["ports"] == flow["ports"]
                        && p["resources"].as_u64().unwrap() >= 1
                });
                assert!(counted, "{flow} missing from {summary}");
            }
        }
    }
}

#[test]
fn matrix_of_seed_001() {
    assert_cmd_snapshot!(vpcsim(&["matrix", SEED_001]));
    let (report, code) = json(&["matrix", SEED_001, "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(report["pairs"][1]["to"], "toy/app");
    assert_eq!(report["pairs"][1]["flows"][0]["ports"], "8081-8082");
}

#[test]
fn matrix_unknown_vpc_is_exit_2_with_a_suggestion() {
    assert_cmd_snapshot!(vpcsim(&["matrix", SEED_001, "--vpc", "tyo"]));
}

#[test]
fn diff_lists_opened_and_closed_flows_exit_1() {
    assert_cmd_snapshot!(vpcsim(&["diff", SEED_001, CHANGED_001]));
    let (report, code) = json(&["diff", SEED_001, CHANGED_001, "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(report["changed"], true);
    let kinds: Vec<&str> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"opened") && kinds.contains(&"closed"));
}

#[test]
fn diff_of_a_design_with_itself_is_exit_0() {
    assert_cmd_snapshot!(vpcsim(&["diff", SEED_001, SEED_001]));
}

#[test]
fn diff_with_a_broken_design_is_exit_2() {
    assert_cmd_snapshot!(vpcsim(&["diff", SEED_001, "fixtures/does-not-exist.yaml"]));
}

#[test]
fn reach_without_a_port_lists_the_ports_that_get_through() {
    assert_cmd_snapshot!(vpcsim(&["reach", SEED_001, "--from", "web", "--to", "app"]));
}

#[test]
fn reach_without_a_port_all_protocols_from_the_home_ip() {
    let (report, code) = json(&[
        "reach",
        "fixtures/designs/003-coupon-default-sg.yaml",
        "--from",
        "203.0.113.10",
        "--to",
        "coupon-api",
        "--proto",
        "all",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let ports: Vec<&str> = report["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["ports"].as_str().unwrap())
        .collect();
    assert_eq!(ports, ["22", "8080-8081"]);
}

#[test]
fn reach_without_a_port_and_nothing_through_is_exit_1() {
    assert_cmd_snapshot!(vpcsim(&[
        "reach", SEED_001, "--from", "internet", "--to", "app"
    ]));
}

/// Regression: when a set split the protocol space (everything but UDP), TCP was folded into
/// "proto 0-16" and `--summary` never said TCP was open; JSON source lists were cut at 8.
#[test]
fn exposure_names_tcp_when_only_udp_is_denied() {
    let design = "fixtures/reach/nacl-denies-only-udp.yaml";
    let output = vpcsim(&["exposure", design, "--summary"]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("tcp all: 1 resource(s)"), "{text}");
    assert!(!text.contains("proto 0-16"), "{text}");
    let (report, _) = json(&["exposure", design, "--format", "json"]);
    let rendered = report.to_string();
    assert!(rendered.contains("\"protocol\":\"tcp\""), "{rendered}");
    assert!(!rendered.contains("more\""), "{rendered}");
}
