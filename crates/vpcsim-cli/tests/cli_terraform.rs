//! Terraform plans as people have them, through the real binary: every plan format and
//! encoding, plans for existing VPCs and modules, and no empty pass when a plan yields no
//! network (issue 15; docs/import.md, "Exporting from Terraform").
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;
use common::workspace_root;

fn vpcsim(args: &[&str]) -> std::process::Output {
    common::vpcsim(args).output().unwrap()
}

fn fixture(scenario: &str) -> String {
    format!("fixtures/import/terraform/{scenario}/plan.json")
}

fn json_report(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// `jq -S`: every object's keys sorted.
fn sorted(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            serde_json::Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&map[k])))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(sorted).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn a_plan_with_no_network_fails_check_with_exit_2_in_every_format() {
    let plan = fixture("no-network");
    for format in [
        "human",
        "json",
        "json-lines",
        "sarif",
        "github",
        "gitlab",
        "junit",
    ] {
        let output = vpcsim(&["check", &plan, "--format", format]);
        assert_eq!(output.status.code(), Some(2), "--format {format}");
        if format == "sarif" {
            common::sarif_log(&output.stdout);
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("IMPORT001") && stdout.contains("nothing to check"),
            "--format {format}: {stdout}"
        );
        assert!(!stdout.starts_with("ok"), "--format {format}: {stdout}");
    }
    let output = vpcsim(&["check", &plan, "--format", "json"]);
    let report = json_report(&output);
    assert_eq!(report["summary"]["unusable_files"], 1);
    assert_eq!(report["diagnostics"][0]["line"], 1);
    // The import command fails the same way.
    let output = vpcsim(&["import", "terraform", &plan]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nothing to check"));
}

#[test]
fn a_plan_json_stream_is_refused_at_1_1_with_the_command_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(
        &path,
        concat!(
            r#"{"@level":"info","@message":"Terraform 1.6.6","@module":"terraform.ui","terraform":"1.6.6","type":"version","ui":"1.2"}"#,
            "\n",
            r#"{"@level":"info","@message":"Plan: 1 to add, 0 to change, 0 to destroy.","@module":"terraform.ui","type":"change_summary","changes":{"add":1,"change":0,"remove":0,"operation":"plan"}}"#,
            "\n"
        ),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let output = vpcsim(&["check", path]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("{path}:1:1")), "{stdout}");
    assert!(
        stdout.contains("streaming output of `terraform plan -json`"),
        "{stdout}"
    );
    assert!(stdout.contains("terraform show -json plan.out"), "{stdout}");
    let output = vpcsim(&["import", "terraform", path]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{path}:1:1: this is the streaming output")),
        "{stderr}"
    );
}

#[test]
fn sorted_bom_and_utf16_plans_check_like_the_original() {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join(fixture("webapp"))).unwrap();
    let expected = vpcsim(&["check", &fixture("webapp"), "--format", "json"]);
    let expected_report = json_report(&expected);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let jq_sorted = serde_json::to_string_pretty(&sorted(&value)).unwrap();
    assert!(
        jq_sorted.find("\"format_version\"").unwrap() > 4096,
        "the test needs `format_version` beyond the first 4 KiB"
    );
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("sorted.json", jq_sorted.into_bytes()),
        ("bom.json", bom),
        ("utf16.json", utf16),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = vpcsim(&["check", path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(output.status.code(), expected.status.code(), "{name}");
        let report = json_report(&output);
        assert_eq!(
            report["diagnostics"].as_array().unwrap().len(),
            expected_report["diagnostics"].as_array().unwrap().len(),
            "{name}"
        );
        assert_eq!(report["summary"], expected_report["summary"], "{name}");
    }
}

#[test]
fn a_public_bastion_in_a_terraform_0_12_plan_is_reported_exposed() {
    let output = vpcsim(&["check", &fixture("bastion-0.12"), "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json_report(&output);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let exposed = diagnostics
        .iter()
        .find(|d| d["code"] == "EXP001")
        .expect("the bastion's SSH is reported");
    assert_eq!(exposed["severity"], "error");
    assert!(
        exposed["message"]
            .as_str()
            .unwrap()
            .contains("reachable from the internet on port 22"),
        "{exposed}"
    );
    // The inline routes survive, so no false "NAT gateway without an internet route", and
    // the unknown AZs give no false VAL040/VAL006.
    for code in ["RT005", "VAL040", "VAL006"] {
        assert!(
            diagnostics.iter().all(|d| d["code"] != code),
            "{code}: {diagnostics:#?}"
        );
    }
}

#[test]
fn plans_for_existing_vpcs_and_modules_are_checked_not_passed_empty() {
    for scenario in ["existing-vpc", "existing-var", "module-vpc"] {
        let output = vpcsim(&["check", &fixture(scenario), "--format", "json"]);
        assert_ne!(output.status.code(), Some(2), "{scenario}");
        let report = json_report(&output);
        assert_eq!(report["summary"]["unusable_files"], 0, "{scenario}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        if scenario.starts_with("existing") {
            assert!(stderr.contains("placeholder VPC"), "{scenario}: {stderr}");
        }
    }
    // The existing VPC's security group opening SSH to the world is found.
    let output = vpcsim(&["check", &fixture("existing-vpc"), "--format", "json"]);
    let report = json_report(&output);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "EXP001"),
        "{report:#}"
    );
}

/// The 1-based line of `"address": "ADDRESS"` in a fixture.
fn address_line(plan: &str, address: &str) -> u64 {
    let text = std::fs::read_to_string(workspace_root().join(plan)).unwrap();
    let needle = format!("\"address\": {}", serde_json::to_string(address).unwrap());
    let offset = text.find(&needle).expect("the address is in the plan");
    text[..offset].matches('\n').count() as u64 + 1
}

#[test]
fn findings_on_a_plan_name_the_terraform_address_at_its_line() {
    let plan = fixture("bastion-0.12");
    let output = vpcsim(&["check", &plan, "--format", "sarif"]);
    let log = common::sarif_log(&output.stdout);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let exposed = results.iter().find(|r| r["ruleId"] == "EXP001").unwrap();
    let location = &exposed["locations"][0];
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "aws_security_group.bastion"
    );
    assert_eq!(
        location["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap(),
        address_line(&plan, "aws_security_group.bastion")
    );
    let lines: std::collections::BTreeSet<u64> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert!(lines.len() > 1 && !lines.contains(&1), "{lines:?}");
    let report = json_report(&vpcsim(&["check", &plan, "--format", "json"]));
    let exposed = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EXP001")
        .unwrap();
    assert_eq!(exposed["resource"], "aws_security_group.bastion");
    assert_eq!(
        exposed["line"],
        address_line(&plan, "aws_security_group.bastion")
    );
    // Module resources carry their module path and index.
    let report = json_report(&vpcsim(&[
        "check",
        &fixture("module-vpc"),
        "--format",
        "json",
    ]));
    let resources: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["resource"].as_str())
        .collect();
    assert!(
        resources.iter().any(|r| r.starts_with("module.vpc.aws_")),
        "{resources:?}"
    );
}

#[test]
fn findings_that_depend_on_dropped_routes_or_unknown_azs_say_so() {
    // The 0.12 plan with the public table's inline routes wholly unknown until apply.
    let text = std::fs::read_to_string(workspace_root().join(fixture("bastion-0.12"))).unwrap();
    let mut plan: serde_json::Value = serde_json::from_str(&text).unwrap();
    for resource in plan["planned_values"]["root_module"]["resources"]
        .as_array_mut()
        .unwrap()
    {
        if resource["address"] == "aws_route_table.public" {
            resource["values"].as_object_mut().unwrap().remove("route");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    let output = vpcsim(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("aws_route_table.public: inline `route` blocks unknown until apply")
    );
    let report = json_report(&output);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let notes = |code: &str| -> String {
        diagnostics
            .iter()
            .filter(|d| d["code"] == code)
            .flat_map(|d| d["notes"].as_array().unwrap().iter())
            .filter_map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    for code in ["RT005", "LB002"] {
        assert!(
            notes(code).contains("depends on what the import assumed: aws_route_table.public"),
            "{code}: {}",
            notes(code)
        );
    }
    // The NAT gateway's AZ is unknown, so the cross-AZ finding says it is assumed.
    let report = json_report(&vpcsim(&[
        "check",
        &fixture("bastion-0.12"),
        "--format",
        "json",
    ]));
    let rt007 = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "RT007")
        .expect("the private subnet's NAT is in another (assumed) AZ");
    assert!(
        rt007["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("aws_subnet.public[0]: Availability Zone unknown until apply")),
        "{rt007:#}"
    );
}

#[test]
fn scenario_plans_check_findings() {
    for scenario in [
        "bastion-0.12",
        "existing-vpc",
        "existing-var",
        "module-vpc",
        "webapp",
    ] {
        insta::with_settings!({ snapshot_suffix => scenario }, {
            insta_cmd::assert_cmd_snapshot!(common::vpcsim(&["check", &fixture(scenario)]));
        });
    }
}

#[test]
fn an_existing_vpc_plan_with_its_state_as_context_checks_like_the_complete_plan() {
    let dir = "fixtures/import/terraform/existing-vpc";
    let findings = |output: &std::process::Output| -> Vec<(String, String)> {
        json_report(output)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let with_context = vpcsim(&[
        "check",
        &format!("{dir}/plan.json"),
        "--context",
        &format!("{dir}/state.json"),
        "--format",
        "json",
    ]);
    let complete = vpcsim(&["check", &format!("{dir}/complete.json"), "--format", "json"]);
    assert_eq!(with_context.status.code(), complete.status.code());
    assert_eq!(findings(&with_context), findings(&complete));
    // Without the context the placeholder's unknown routes give other findings, marked.
    let alone = vpcsim(&["check", &format!("{dir}/plan.json"), "--format", "json"]);
    assert_ne!(findings(&alone), findings(&complete));
    assert!(!String::from_utf8_lossy(&with_context.stderr).contains("placeholder"));
    // `import terraform --context` writes the existing VPC's gateway and main table.
    let output = vpcsim(&[
        "import",
        "terraform",
        &format!("{dir}/plan.json"),
        "--context",
        &format!("{dir}/state.json"),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let yaml = String::from_utf8_lossy(&output.stdout);
    assert!(yaml.contains("internet_gateway: shared"), "{yaml}");
}
