//! `vpcsim reach` end to end: the real binary, exit code + stdout + stderr snapshotted for
//! exits 0, 1 and 2, human and `--format json` (parsed back with serde_json).

use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

mod common;

/// `vpcsim reach ARGS…` from the workspace root, without colour.
fn reach(args: &[&str]) -> Command {
    let mut cmd = common::vpcsim(&["reach"]);
    cmd.args(args);
    cmd
}

const SEED_001: &str = "fixtures/designs/001-nat-alb.yaml";

#[test]
fn internet_reaches_alb_then_ec2_exit_0() {
    assert_cmd_snapshot!(reach(&[SEED_001, "--from", "internet", "--to", "web:80"]));
}

#[test]
fn missing_target_sg_rule_names_the_sg_exit_1() {
    assert_cmd_snapshot!(reach(&[
        "fixtures/reach/alb-target-sg-missing.yaml",
        "--from",
        "web",
        "--to",
        "app:8081"
    ]));
}

#[test]
fn nacl_without_ephemeral_rule_blocks_the_return_path() {
    assert_cmd_snapshot!(reach(&[
        "fixtures/reach/nacl-ephemeral-return.yaml",
        "--from",
        "linux",
        "--to",
        "api:8080"
    ]));
}

#[test]
fn private_ec2_reaches_internet_through_nat() {
    assert_cmd_snapshot!(reach(&[SEED_001, "--from", "app", "--to", "internet:443"]));
}

#[test]
fn via_bastion_chains_two_questions() {
    assert_cmd_snapshot!(reach(&[
        "fixtures/designs/000-devloop-bastion-nat.yaml",
        "--from",
        "203.0.113.7",
        "--to",
        "spring-app:8080",
        "--via",
        "bastion"
    ]));
}

#[test]
fn unknown_endpoint_suggests_a_name_exit_2() {
    assert_cmd_snapshot!(reach(&[SEED_001, "--from", "internet", "--to", "wbe:80"]));
}

#[test]
fn bad_design_prints_diagnostics_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "version: 1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    subnets:\n      s: { cidr: 10.1.0.0/24, az: us-east-1a }\n",
    )
    .unwrap();
    let output = reach(&[
        path.to_str().unwrap(),
        "--from",
        "internet",
        "--to",
        "8.8.8.8:80",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error"), "{stderr}");
}

#[test]
fn json_format_parses_and_matches_exit_code() {
    let output = reach(&[
        SEED_001, "--from", "internet", "--to", "app:8081", "--format", "json",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["verdict"], "blocked");
    let answer = &json["answers"][0];
    assert_eq!(answer["verdict"], "blocked");
    assert_eq!(
        answer["blocked_by"][0]["code"],
        "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
    );
    assert_eq!(answer["blocked_by"][0]["direction"], "forward");

    let output = reach(&[
        SEED_001, "--from", "web", "--to", "app:8082", "--format", "json",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let answer = &json["answers"][0];
    assert_eq!(answer["verdict"], "reachable");
    let admitting = answer["forward"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hop| hop["step"] == "security_group_ingress")
        .unwrap();
    assert_eq!(admitting["rule"]["text"], "tcp 8081-8082 from sg:alb");
    assert_eq!(admitting["rule"]["owner"], "app");
    assert!(admitting["rule"]["line"].as_u64().unwrap() > 0);
}

#[test]
fn json_snapshot_of_a_blocked_answer() {
    assert_cmd_snapshot!(reach(&[
        "fixtures/reach/same-subnet-skips-nacl.yaml",
        "--from",
        "a",
        "--to",
        "c:22",
        "--format",
        "json"
    ]));
}

/// Bogon sources are not the internet (docs/semantics.md §3.5): `reach` refuses them as
/// `exposure` leaves them out, while a public source gets through.
#[test]
fn bogon_sources_are_refused_like_exposure_does_exit_1() {
    for source in ["127.0.0.1", "224.0.0.1", "240.0.0.1", "0.0.0.1"] {
        let output = reach(&[
            SEED_001, "--from", source, "--to", "web:80", "--format", "json",
        ])
        .output()
        .unwrap();
        assert_eq!(output.status.code(), Some(1), "{source}");
        let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(answer["verdict"], "blocked", "{source}");
        assert_eq!(
            answer["answers"][0]["blocked_by"][0]["code"], "SOURCE_NOT_ROUTABLE",
            "{source}"
        );
    }
    let output = reach(&[SEED_001, "--from", "8.8.4.4", "--to", "web:80"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
}

/// Regression: `--proto -1` (AWS's "all protocols") was taken for an option unless written
/// `--proto=-1`.
#[test]
fn proto_minus_one_is_a_value_not_an_option() {
    let output = reach(&[
        SEED_001, "--from", "internet", "--to", "web:80", "--proto", "-1",
    ])
    .output()
    .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("(all)"));
}

/// `--lang ko` (or a Korean locale) translates the explanation lines: verdict, section
/// headings, hop labels, component kinds and what each blocker code means; names, rule texts,
/// the engine's own sentence and JSON stay as they are.
#[test]
fn explanation_lines_in_korean() {
    assert_cmd_snapshot!(
        "korean_blocked_by_a_security_group",
        reach(&[
            SEED_001, "--from", "web", "--to", "app:8083", "--lang", "ko"
        ])
    );
    assert_cmd_snapshot!(
        "korean_internet_to_alb",
        reach(&[
            SEED_001, "--from", "internet", "--to", "web:80", "--lang", "ko"
        ])
    );
    let korean = reach(&[SEED_001, "--from", "internet", "--to", "app:8081"])
        .env("LANG", "ko_KR.UTF-8")
        .output()
        .unwrap();
    assert_eq!(korean.status.code(), Some(1));
    let text = String::from_utf8(korean.stdout).unwrap();
    assert!(
        text.starts_with("닿지 않음: internet -> app:8081 (tcp)"),
        "{text}"
    );
    assert!(text.contains("설명: 목적지가 퍼블릭 IP가 아님"), "{text}");
    let english = reach(&[
        SEED_001, "--from", "internet", "--to", "app:8081", "--lang", "en",
    ])
    .env("LANG", "ko_KR.UTF-8")
    .output()
    .unwrap();
    assert!(
        String::from_utf8(english.stdout)
            .unwrap()
            .starts_with("not reachable:")
    );
    let json = |lang: &str| {
        let output = reach(&[
            SEED_001, "--from", "web", "--to", "app:8083", "--format", "json", "--lang", lang,
        ])
        .output()
        .unwrap();
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        output.stdout
    };
    assert_eq!(json("ko"), json("en"), "JSON is the same in every language");
    let ports = reach(&[SEED_001, "--from", "web", "--to", "app", "--lang", "ko"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(ports.stdout)
            .unwrap()
            .starts_with("닿음: web에서 app(으)로 가는 트래픽:")
    );
}

#[test]
fn export_nlb_real_address_answers_as_the_nlb_exit_0() {
    // docs/semantics.md §15.7: the node keeps the address of its `ELB net/…` interface.
    assert_cmd_snapshot!(reach(&[
        "fixtures/import/aws/managed-interfaces",
        "--from",
        "client",
        "--to",
        "10.1.1.237:80"
    ]));
}

#[test]
fn reply_over_another_transit_gateway_is_delivered_exit_0() {
    // docs/semantics.md §15.1: one TGW per direction.
    assert_cmd_snapshot!(reach(&[
        "fixtures/reach/tgw-asymmetric-return.yaml",
        "--from",
        "a1",
        "--to",
        "b1:22"
    ]));
}

#[test]
fn reply_from_an_uncovered_az_is_blocked_at_the_tgw_exit_1() {
    // docs/semantics.md §15.3: the AZ coverage rule applies to the reply.
    assert_cmd_snapshot!(reach(&[
        "fixtures/reach/tgw-reply-az-coverage.yaml",
        "--from",
        "b1",
        "--to",
        "a2:22"
    ]));
}
