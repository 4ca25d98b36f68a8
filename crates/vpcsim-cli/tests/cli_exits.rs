//! Exits from the design through the real binary: the VPN gateway to on-premises and back
//! (docs/semantics.md §15.11), service destinations reached by gateway endpoint or internet
//! (§9.6a), and the two any-protocol questions (§15.10), each answer naming which it is.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::process::{Command, Output};

use insta_cmd::assert_cmd_snapshot;

mod common;

const VPN: &str = "fixtures/reach/vpn-exit.yaml";
const SEED_002: &str = "fixtures/designs/002-course-notes.yaml";

fn reach(args: &[&str]) -> Command {
    let mut cmd = common::vpcsim(&["reach"]);
    cmd.args(args);
    cmd
}

/// Runs `reach ARGS… --format json`: the exit code and the first answer.
fn json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output: Output = reach(&all).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), value)
}

fn stderr_of(args: &[&str]) -> (Option<i32>, String) {
    let output = reach(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn routed_to_the_vgw_and_covered_exits_to_on_premises_exit_0() {
    assert_cmd_snapshot!(reach(&[VPN, "--from", "app", "--to", "10.100.0.5:443"]));
    let (code, report) = json(&[VPN, "--from", "app", "--to", "10.100.0.5:443"]);
    assert_eq!(code, Some(0));
    assert_eq!(report["verdict"], "exits_to_on_premises");
    let answer = &report["answers"][0];
    assert_eq!(answer["verdict"], "exits_to_on_premises");
    assert_eq!(answer["exit"], "on_premises");
    let last = answer["forward"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["step"], "to_on_premises");
    assert_eq!(last["component"]["kind"], "vpn_gateway");
    assert_eq!(last["component"]["name"], "office-vgw");
}

#[test]
fn routed_to_the_vgw_but_not_covered_is_dropped_exit_1() {
    let (code, report) = json(&[VPN, "--from", "app", "--to", "172.16.0.5:443"]);
    assert_eq!(code, Some(1));
    let answer = &report["answers"][0];
    assert_eq!(answer["verdict"], "blocked");
    assert_eq!(
        answer["blocked_by"][0]["code"],
        "VPN_NO_ROUTE_TO_DESTINATION"
    );
    assert_eq!(answer["blocked_by"][0]["reachability_analyzer_code"], false);
    assert!(answer.get("exit").is_none());
}

#[test]
fn from_the_vgw_side_enters_and_the_reply_must_route_back_to_it() {
    assert_cmd_snapshot!(reach(&[VPN, "--from", "office-vgw", "--to", "app:22"]));
    let (code, report) = json(&[VPN, "--from", "on-premises:10.100.7.7", "--to", "vault:22"]);
    assert_eq!(code, Some(1));
    let blocker = &report["answers"][0]["blocked_by"][0];
    assert_eq!(blocker["code"], "NO_ROUTE_TO_DESTINATION");
    assert_eq!(blocker["direction"], "return");
    // A plain address the VPN routes cover is on-premises too.
    let (code, report) = json(&[VPN, "--from", "10.100.3.3", "--to", "app:22"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        report["answers"][0]["forward"][0]["component"]["kind"],
        "on_premises"
    );
    assert_eq!(
        report["answers"][0]["forward"][1]["step"],
        "from_on_premises"
    );
}

#[test]
fn on_premises_endpoints_are_checked_exit_2() {
    let (code, stderr) = stderr_of(&[VPN, "--from", "on-premises:172.16.0.1", "--to", "app:22"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("covered by no VPC's `vpn_routes`"),
        "{stderr}"
    );
    // `pl:` names a prefix list or a service, nothing else.
    let (code, stderr) = stderr_of(&[SEED_002, "--from", "internet", "--to", "pl:nope:443"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`pl:nope` names no prefix list"),
        "{stderr}"
    );
}

#[test]
fn s3_through_the_gateway_endpoint_or_the_internet_says_which_exit_0() {
    assert_cmd_snapshot!(reach(&[SEED_002, "--from", "shop-db", "--to", "s3:443"]));
    let (code, report) = json(&[SEED_002, "--from", "shop-db", "--to", "s3:443"]);
    assert_eq!(code, Some(0));
    let answer = &report["answers"][0];
    assert_eq!(answer["exit"], "gateway_endpoint");
    assert_eq!(answer["query"]["to"], "s3");
    assert!(
        answer["not_modelled"][0]
            .as_str()
            .unwrap()
            .contains("stand-in"),
        "{answer}"
    );
    // The public subnet's table has no endpoint route: over the IGW.
    for to in [
        "s3:443",
        "pl:s3:443",
        "pl:com.amazonaws.ap-northeast-2.s3:443",
    ] {
        let (code, report) = json(&[SEED_002, "--from", "web", "--to", to]);
        assert_eq!(code, Some(0), "{to}");
        assert_eq!(report["answers"][0]["exit"], "internet", "{to}");
    }
    // DynamoDB has no endpoint here, and the private subnets have no other way out.
    let (code, _) = json(&[SEED_002, "--from", "shop-db", "--to", "dynamodb:443"]);
    assert_eq!(code, Some(1));
}

#[test]
fn colon_text_that_is_no_ipv6_address_is_refused_with_the_forms_exit_2() {
    let (code, stderr) = stderr_of(&[SEED_002, "--from", "web", "--to", "s3:x:443"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not an IPv6 address"), "{stderr}");
    assert!(stderr.contains("`s3` or `dynamodb`"), "{stderr}");
}

#[test]
fn any_protocol_answers_name_which_question_they_are() {
    // One packet of protocol 0: only rules for every protocol match it.
    let (code, report) = json(&[SEED_002, "--from", "web", "--to", "shop-db", "--proto", "0"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        report["answers"][0]["query"]["any_protocol"],
        "single_packet"
    );
    let output = reach(&[SEED_002, "--from", "web", "--to", "shop-db", "--proto", "0"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("question: one packet of any protocol")
    );
    // Every protocol and port: the symbolic set.
    let (code, report) = json(&[
        SEED_002, "--from", "web", "--to", "shop-db", "--proto", "all",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(report["query"]["any_protocol"], "every_protocol");
    let output = reach(&[
        SEED_002, "--from", "web", "--to", "shop-db", "--proto", "all",
    ])
    .output()
    .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("question: every protocol and port")
    );
    // A plain tcp question names neither.
    let (_, report) = json(&[SEED_002, "--from", "web", "--to", "shop-db"]);
    assert!(report["answers"][0]["query"].get("any_protocol").is_none());
}
