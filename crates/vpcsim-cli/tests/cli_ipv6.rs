//! IPv6 end to end through the real binary (docs/semantics.md §16): the dual-stack fixture's
//! IPv4-restricted, IPv6-open bastion found by `exposure` and by lint, the egress-only subnet
//! (out yes, in no), NAT64, the dual-stack ALB, `--family` and dual-stack answers by name.

use insta_cmd::assert_cmd_snapshot;

mod common;

const DUAL: &str = "fixtures/ipv6/dual-stack.yaml";

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    let output = common::vpcsim(args).output().expect("vpcsim runs");
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (value, output.status.code().unwrap_or(-1))
}

#[test]
fn exposure_finds_the_bastion_over_ipv6_only() {
    let (report, code) = json(&["exposure", DUAL, "--format", "json"]);
    assert_eq!(code, 0);
    let exposed = report["exposed"].as_array().expect("exposed list");
    let bastion: Vec<&serde_json::Value> = exposed
        .iter()
        .filter(|e| e["resource"]["name"] == "bastion")
        .collect();
    assert_eq!(bastion.len(), 1, "{bastion:#?}");
    assert_eq!(bastion[0]["family"], "ipv6");
    assert_eq!(bastion[0]["via"], "direct");
    let flows = bastion[0]["flows"].as_array().unwrap();
    assert_eq!(flows[0]["protocol"], "tcp");
    assert_eq!(flows[0]["ports"], "22");
    assert_eq!(flows[0]["sources"][0], "any public IPv6 address");
    assert_eq!(flows[0]["family"], "ipv6");
    // The dual-stack ALB is exposed in both families; app only through it, never directly.
    let web: Vec<&str> = exposed
        .iter()
        .filter(|e| e["resource"]["name"] == "web")
        .map(|e| e["family"].as_str().unwrap())
        .collect();
    assert_eq!(web, ["ipv4", "ipv6"]);
    assert!(
        exposed
            .iter()
            .filter(|e| e["resource"]["name"] == "app")
            .all(|e| e["via"] == "load_balancer")
    );
}

#[test]
fn exposure_human_report() {
    assert_cmd_snapshot!(common::vpcsim(&["exposure", DUAL]));
}

#[test]
fn check_flags_the_ipv6_miss_and_every_expectation_holds() {
    let (report, code) = json(&["check", DUAL, "--format", "json"]);
    assert_eq!(code, 1, "EXP001/EXP002 are errors");
    let text = report.to_string();
    assert!(text.contains("EXP002"), "{text}");
    assert!(!text.contains("EXPECT001"), "every expect: holds: {text}");
}

#[test]
fn reach_over_ipv6_and_by_name_over_both_families() {
    assert_cmd_snapshot!(common::vpcsim(&[
        "reach",
        DUAL,
        "--from",
        "internet",
        "--to",
        "bastion:22"
    ]));
}

#[test]
fn egress_only_subnet_goes_out_and_is_not_reachable_in() {
    let (out, code) = json(&[
        "reach",
        DUAL,
        "--from",
        "app",
        "--to",
        "internet:443",
        "--family",
        "6",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out:#}");
    let steps: Vec<&str> = out["answers"][0]["forward"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hop| hop["step"].as_str().unwrap())
        .collect();
    assert!(steps.contains(&"egress_only_igw"), "{steps:?}");
    let (out, code) = json(&[
        "reach", DUAL, "--from", "internet", "--to", "app:8080", "--family", "6", "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        out["answers"][0]["blocked_by"][0]["code"],
        "EIGW_UNSOLICITED_INBOUND"
    );
}

#[test]
fn nat64_translates_to_the_embedded_ipv4_address() {
    let (out, code) = json(&[
        "reach",
        DUAL,
        "--from",
        "app",
        "--to",
        "[64:ff9b::808:808]:443",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out:#}");
    let text = out.to_string();
    assert!(
        text.contains("nat_snat") && text.contains("8.8.8.8"),
        "{text}"
    );
}

#[test]
fn family_conflicts_and_mixed_ends_are_clear_errors() {
    let output = common::vpcsim(&[
        "reach",
        DUAL,
        "--from",
        "8.8.8.8",
        "--to",
        "[2600:1f18:4a2:a00::10]:22",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("different families"));
    let output = common::vpcsim(&[
        "reach",
        DUAL,
        "--from",
        "internet",
        "--to",
        "[2600:1f18:4a2:a00::10]:22",
        "--family",
        "4",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("contradicts"));
}

#[test]
fn aws_export_imports_ipv6_addresses_routes_and_the_eigw() {
    let output = common::vpcsim(&["import", "aws", "fixtures/import/aws/dual-stack"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let design = String::from_utf8_lossy(&output.stdout);
    for wanted in [
        "ipv6_cidr: 2600:1f18:4a2:a00::/56",
        "egress_only_internet_gateway: shop-eigw",
        "assign_ipv6_address_on_creation: true",
        "ipv6_address: 2600:1f18:4a2:a00::10",
        "ip_address_type: dualstack",
        "2600:1f18:4a2:a00::77",
    ] {
        assert!(design.contains(wanted), "{wanted} missing from:\n{design}");
    }
    // The ALB node's real IPv6 address answers (it is not an invented one).
    let (out, code) = json(&[
        "reach",
        "fixtures/import/aws/dual-stack",
        "--from",
        "internet",
        "--to",
        "[2600:1f18:4a2:a00::77]:443",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out:#}");
    let (report, _) = json(&[
        "exposure",
        "fixtures/import/aws/dual-stack",
        "--format",
        "json",
    ]);
    assert!(report["exposed"].as_array().unwrap().iter().any(|e| {
        e["resource"]["name"] == "bastion" && e["family"] == "ipv6" && e["via"] == "direct"
    }));
}

#[test]
fn terraform_plan_ipv6_and_an_unknown_amazon_block_is_named() {
    let output = common::vpcsim(&[
        "check",
        "fixtures/import/terraform/dual-stack/plan.json",
        "--format",
        "json",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("EXP002") && stdout.contains("aws_security_group.bastion"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("aws_vpc.generated") && stderr.contains("IPv6 block assigned by AWS"),
        "{stderr}"
    );
}

#[test]
fn diff_names_the_ipv6_flow_a_change_closes_with_ipv6_evidence() {
    let dir = std::env::temp_dir().join(format!("vpcsim-ipv6-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let changed = dir.join("dual-stack.yaml");
    let text = std::fs::read_to_string(common::workspace_root().join(DUAL))
        .unwrap()
        .replace(
            r#"- { proto: tcp, ports: 22, from: "::/0" }"#,
            r#"- { proto: tcp, ports: 22, from: "2001:db8:1234::/48" }"#,
        );
    std::fs::write(&changed, text).unwrap();
    let output = common::vpcsim(&["diff", DUAL, changed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("closed: internet → shop/bastion\n  tcp 22 from any public IPv6 address"),
        "{text}"
    );
    assert!(
        text.contains("closed: shop/app → shop/bastion\n  tcp 22 (IPv6)"),
        "{text}"
    );
    assert!(
        text.contains("was admitted by sg rule bastion: tcp 22 from ::/0"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diagram_path_between_dual_stack_names_draws_the_family_that_delivers() {
    let output = common::vpcsim(&["diagram", DUAL, "--path", "internet", "bastion:22"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("class internet,igw_0") && l.ends_with("onpath")),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("class ") && l.ends_with(" blocked")),
        "{text}"
    );
}

#[test]
fn ipv6_crosses_a_transit_gateway_by_propagated_and_static_routes() {
    let output = common::vpcsim(&["check", "fixtures/ipv6/tgw.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("4/4 expectations hold"), "{text}");
}
