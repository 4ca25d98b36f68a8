//! `vpcsim cidr` end to end: the real binary, exit code + stdout + stderr snapshotted.
//!
//! Covers the issue #2 "must show" list: 251 usable in a /24 with the five reserved addresses
//! named, /28 → 11, /29 and /15 refused as VPC blocks with the reason, host bits → "did you
//! mean" and exit 2, garbage → exit 2, JSON that parses, and every subcommand.

use std::io::Write;
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn vpcsim_cidr() -> Command {
    let mut cmd = Command::new(get_cargo_bin("vpcsim"));
    cmd.arg("cidr")
        .env_remove("NO_COLOR")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let output = vpcsim_cidr().args(args).output().expect("vpcsim runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn slash_24_has_251_usable_and_names_the_reserved_addresses() {
    assert_cmd_snapshot!(vpcsim_cidr().arg("10.0.2.0/24"));
}

#[test]
fn slash_28_has_11_usable() {
    let out = vpcsim_cidr().arg("10.0.0.16/28").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("AWS usable   11 "), "{stdout}");
    assert_cmd_snapshot!(vpcsim_cidr().arg("10.0.0.16/28"));
}

#[test]
fn slash_29_and_slash_15_are_refused_as_vpc_blocks() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["10.0.0.0/29", "10.0.0.0/15"]));
}

#[test]
fn ipv6_subnet_explained() {
    assert_cmd_snapshot!(vpcsim_cidr().arg("2001:db8:0:1::/64"));
}

#[test]
fn host_in_network_names_its_network_and_role() {
    assert_cmd_snapshot!(vpcsim_cidr().arg("10.0.1.5/24"));
    let value = json_of(&[
        "--format",
        "json",
        "10.0.1.5/24",
        "10.0.1.1/24",
        "10.0.1.2/24",
        "10.0.1.3/24",
        "10.0.1.255/24",
        "10.0.1.0/24",
        "10.0.1.4/24",
    ]);
    let host = &value["cidrs"][0]["host"];
    assert_eq!(value["cidrs"][0]["cidr"], "10.0.1.0/24");
    assert_eq!(value["cidrs"][0]["input"], "10.0.1.5/24");
    assert_eq!(host["address"], "10.0.1.5");
    assert_eq!(host["aws_role"], "usable");
    assert_eq!(host["aws_index"], 2);
    assert_eq!(host["textbook_role"], "host");
    assert_eq!(host["textbook_index"], 5);
    let roles: Vec<&str> = (1..5)
        .map(|idx| value["cidrs"][idx]["host"]["aws_role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["vpc-router", "amazon-dns", "future-use", "broadcast"]
    );
    assert_eq!(value["cidrs"][4]["host"]["textbook_role"], "broadcast");
    assert!(
        value["cidrs"][5]["host"].is_null(),
        "a network is not a host"
    );
    assert_eq!(value["cidrs"][6]["host"]["aws_index"], 1);
    // The other subcommands stay strict: a split of a host is a typo.
    let out = vpcsim_cidr()
        .args(["split", "10.0.1.5/24", "--parts", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `10.0.1.0/24`?"));
}

#[test]
fn reserved_host_is_named_and_textbook_counts_stand_beside_aws() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["10.0.1.1/24", "192.168.0.1/31", "10.0.0.1/32"]));
    let value = json_of(&[
        "--format",
        "json",
        "10.0.2.0/24",
        "10.0.0.0/31",
        "10.0.0.0/32",
    ]);
    assert_eq!(value["cidrs"][0]["textbook_usable"], 254);
    assert_eq!(value["cidrs"][0]["usable"], 251);
    assert_eq!(value["cidrs"][1]["textbook_usable"], 2);
    assert_eq!(value["cidrs"][2]["textbook_usable"], 1);
    assert_eq!(
        value["cidrs"][0]["binary_netmask"],
        "11111111.11111111.11111111|00000000"
    );
}

#[test]
fn dotted_netmask_and_wildcard_inputs() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["10.0.0.0", "255.255.0.0", "10.0.4.0/0.0.3.255"]));
    for form in [
        vec!["10.0.0.0/255.255.0.0"],
        vec!["10.0.0.0 255.255.0.0"],
        vec!["10.0.0.0", "255.255.0.0"],
        vec!["10.0.0.0/0.0.255.255"],
        vec!["10.0.0.0/16"],
    ] {
        let mut args = vec!["--format", "json"];
        args.extend(form.iter().copied());
        let value = json_of(&args);
        assert_eq!(value["cidrs"].as_array().unwrap().len(), 1, "{form:?}");
        assert_eq!(value["cidrs"][0]["cidr"], "10.0.0.0/16", "{form:?}");
    }
    let value = json_of(&[
        "--format",
        "json",
        "10.0.0.0/255.255.0.0",
        "10.0.0.0/0.0.255.255",
    ]);
    assert_eq!(value["cidrs"][0]["mask_form"], "netmask");
    assert_eq!(value["cidrs"][1]["mask_form"], "wildcard");
    // A host with a dotted mask.
    let value = json_of(&["--format", "json", "172.16.5.9", "255.255.240.0"]);
    assert_eq!(value["cidrs"][0]["cidr"], "172.16.0.0/20");
    assert_eq!(value["cidrs"][0]["host"]["aws_index"], 1286);
}

#[test]
fn bad_masks_exit_2_naming_the_mask() {
    for (input, expected) in [
        (
            "10.0.0.0/255.0.255.0",
            "`255.0.255.0` is not a contiguous mask",
        ),
        ("10.0.0.0/0.0.255.0", "`0.0.255.0` is not a contiguous mask"),
        (
            "10.0.0.0/255.255.0",
            "`255.255.0` is neither a prefix length",
        ),
        ("10.0.0.0 255.255.0.0 1", "is neither a prefix length"),
        ("10.0.0.0/ 8", "is neither a prefix length"),
        ("10.0.0.0/", "is neither a prefix length"),
        (
            "10.0.0.256/255.0.0.0",
            "`10.0.0.256` is not a valid ipv4 address",
        ),
        ("2001:db8::/ffff::", "prefix length `ffff::`"),
    ] {
        let output = vpcsim_cidr().arg(input).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{input:?}: {output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(expected), "{input:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{input:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{input:?}");
    }
}

#[test]
fn ranges_are_classified_with_the_aws_consequence() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["0.0.0.0/0", "169.254.0.0/16", "100.64.0.0/16"]));
    let value = json_of(&[
        "--format",
        "json",
        "10.0.0.0/16",
        "100.64.0.0/16",
        "169.254.0.0/16",
        "198.51.100.0/24",
        "13.124.0.0/16",
        "0.0.0.0/0",
        "172.31.0.0/16",
        "2001:db8::/64",
    ]);
    let kinds: Vec<&str> = value["cidrs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|block| block["classification"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "private",
            "shared",
            "link-local",
            "documentation",
            "public",
            "anywhere",
            "private",
            "documentation"
        ]
    );
    // 169.254.0.0/16 is refused for its range, not its size.
    let reason = value["cidrs"][2]["aws"]["vpc_block"]["reason"]
        .as_str()
        .unwrap();
    assert!(
        reason.contains("link-local") && reason.contains("whatever the block's size"),
        "{reason}"
    );
    let out = vpcsim_cidr().arg("169.254.0.0/16").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("this size"), "{stdout}");
    // 0.0.0.0/0 is "anywhere", not a 4-billion-host subnet.
    let out = vpcsim_cidr().arg("0.0.0.0/0").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("0.0.0.0/0 (anywhere: the default route)"),
        "{stdout}"
    );
    assert!(!stdout.contains("first usable"), "{stdout}");
}

#[test]
fn counts_are_singular_when_one() {
    let out = vpcsim_cidr().arg("10.0.0.1/32").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("total        1 address (2^0)"), "{stdout}");
    assert!(stdout.contains("1 host (a single host)"), "{stdout}");
    let out = vpcsim_cidr()
        .args(["plan", "10.0.0.0/24", "--azs", "1", "--tiers", "app"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("plan for 10.0.0.0/24: 1 AZ × 1 tier = 1 subnet of /25"),
        "{stdout}"
    );
}

#[test]
fn split_into_slash_29_says_aws_refuses_it() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["split", "10.0.0.0/28", "--prefix", "/29"]));
}

#[test]
fn plan_az_names_take_the_region_number() {
    let value = json_of(&[
        "plan",
        "10.0.0.0/16",
        "--region",
        "ap-northeast-2",
        "--az-names",
        "2a,2c",
        "--format",
        "json",
    ]);
    assert_eq!(
        value["azs"],
        serde_json::json!(["ap-northeast-2a", "ap-northeast-2c"])
    );
    assert_eq!(value["subnets"][1]["az"], "ap-northeast-2c");
    assert_cmd_snapshot!(
        "plan_az_names_without_region",
        vpcsim_cidr().args(["plan", "10.0.0.0/16", "--az-names", "2a,2c"])
    );
    let out = vpcsim_cidr()
        .args([
            "plan",
            "10.0.0.0/16",
            "--region",
            "ap-northeast-2",
            "--az-names",
            "1a,2c",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not belong to Region ap-northeast-2")
    );
}

#[test]
fn garbage_exits_2_without_panicking() {
    for garbage in [
        "foo",
        "10.0.0.0/33",
        "300.1.1.1/8",
        "",
        "10.0.0.1",
        "::/129",
        "10.0.0.0/24/1",
        "-1",
        "10.0.0.0/ 8",
        "\u{1F600}",
    ] {
        let output = vpcsim_cidr().arg(garbage).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{garbage:?}: {output:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{garbage:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{garbage:?}");
    }
    assert_cmd_snapshot!("garbage_foo", vpcsim_cidr().arg("foo"));
    assert_cmd_snapshot!("garbage_len_33", vpcsim_cidr().arg("10.0.0.0/33"));
    assert_cmd_snapshot!("garbage_octet_300", vpcsim_cidr().arg("300.1.1.1/8"));
    assert_cmd_snapshot!("garbage_empty", vpcsim_cidr().arg(""));
    assert_cmd_snapshot!("garbage_no_args", &mut vpcsim_cidr());
}

#[test]
fn json_explain_has_the_documented_fields() {
    let value = json_of(&["--format", "json", "10.0.2.0/24", "10.0.0.0/29"]);
    let first = &value["cidrs"][0];
    assert_eq!(first["network"], "10.0.2.0");
    assert_eq!(first["broadcast"], "10.0.2.255");
    assert_eq!(first["netmask"], "255.255.255.0");
    assert_eq!(first["wildcard"], "0.0.0.255");
    assert_eq!(first["prefix_len"], 24);
    assert_eq!(first["total"], 256);
    assert_eq!(first["usable"], 251);
    assert_eq!(first["first_usable"], "10.0.2.4");
    assert_eq!(first["last_usable"], "10.0.2.254");
    assert_eq!(first["reserved"][1]["address"], "10.0.2.1");
    assert_eq!(first["reserved"][1]["role"], "vpc-router");
    assert_eq!(first["reserved"][4]["role"], "broadcast");
    assert_eq!(first["aws"]["vpc_block"]["ok"], true);
    assert_eq!(first["aws"]["vpc_block"]["reason"], serde_json::Value::Null);
    let second = &value["cidrs"][1];
    assert_eq!(second["aws"]["vpc_block"]["ok"], false);
    assert_eq!(
        second["aws"]["vpc_block"]["reason"],
        "/29 is smaller than AWS allows for a VPC block (/16–/28)"
    );
    // The format flag also works after the positional arguments.
    let after = json_of(&["10.0.2.0/24", "--format", "json"]);
    assert_eq!(after["cidrs"][0]["usable"], 251);
}

#[test]
fn json_explain_snapshot() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["--format", "json", "10.0.2.0/24"]));
}

#[test]
fn split_by_prefix_and_by_parts() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["split", "10.0.0.0/22", "--prefix", "/24"]));
    assert_cmd_snapshot!(
        "split_parts",
        vpcsim_cidr().args(["split", "10.0.0.0/16", "--parts", "4"])
    );
    let value = json_of(&["split", "10.0.0.0/16", "--prefix", "24", "--format", "json"]);
    assert_eq!(value["count"], 256);
    assert_eq!(value["subnets"][2]["cidr"], "10.0.2.0/24");
    assert_eq!(value["subnets"][2]["usable"], 251);
}

#[test]
fn split_refusals_exit_2() {
    assert_cmd_snapshot!(
        "split_three_parts",
        vpcsim_cidr().args(["split", "10.0.0.0/16", "--parts", "3"])
    );
    assert_cmd_snapshot!(
        "split_shorter_prefix",
        vpcsim_cidr().args(["split", "10.0.0.0/16", "--prefix", "/8"])
    );
    assert_cmd_snapshot!(
        "split_too_many",
        vpcsim_cidr().args(["split", "10.0.0.0/8", "--prefix", "/32"])
    );
    assert_cmd_snapshot!("split_no_size", vpcsim_cidr().args(["split", "10.0.0.0/8"]));
}

#[test]
fn plan_two_azs_three_tiers() {
    assert_cmd_snapshot!(vpcsim_cidr().args([
        "plan",
        "10.0.0.0/16",
        "--azs",
        "2",
        "--tiers",
        "public,private,db",
        "--region",
        "ap-northeast-2",
        "--az-names",
        "a,c",
    ]));
    let value = json_of(&[
        "plan",
        "10.0.0.0/16",
        "--azs",
        "2",
        "--tiers",
        "public,private,db",
        "--prefix",
        "/24",
        "--format",
        "json",
    ]);
    assert_eq!(value["subnet_prefix_len"], 24);
    assert_eq!(value["usable_per_subnet"], 251);
    assert_eq!(value["subnets"][0]["cidr"], "10.0.0.0/24");
    assert_eq!(value["subnets"][1]["cidr"], "10.0.1.0/24");
    assert_eq!(value["subnets"][2]["cidr"], "10.0.2.0/24");
    assert_eq!(value["subnets"].as_array().unwrap().len(), 6);
}

#[test]
fn plan_refuses_what_does_not_fit() {
    assert_cmd_snapshot!(
        "plan_vpc_too_large",
        vpcsim_cidr().args(["plan", "10.0.0.0/15", "--tiers", "a,b"])
    );
    assert_cmd_snapshot!(
        "plan_vpc_too_small",
        vpcsim_cidr().args([
            "plan",
            "10.0.0.0/27",
            "--azs",
            "3",
            "--tiers",
            "public,private"
        ])
    );
}

#[test]
fn overlap_exits_1_and_lists_every_pair() {
    assert_cmd_snapshot!(vpcsim_cidr().args([
        "overlap",
        "10.0.0.0/16",
        "10.1.0.0/16",
        "10.0.2.0/24",
        "10.0.2.0/24",
    ]));
}

#[test]
fn overlap_exits_0_when_disjoint() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["overlap", "10.0.0.0/24", "10.0.1.0/24"]));
}

#[test]
fn overlap_reads_stdin_and_files() {
    assert_cmd_snapshot!(
        "overlap_stdin",
        vpcsim_cidr()
            .arg("overlap")
            .pass_stdin("# VPC blocks\n10.0.0.0/16\n10.0.0.0/24, 10.0.1.0/24\n")
    );
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, "10.0.0.0/16\n\n10.0.1.5/24").unwrap();
    let output = vpcsim_cidr()
        .args(["overlap", "--file"])
        .arg(file.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(":3: `10.0.1.5/24` has host bits set"),
        "{stderr}"
    );
    let value = {
        let output = vpcsim_cidr()
            .args(["overlap", "--format", "json", "10.0.0.0/16", "10.0.9.0/24"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    assert_eq!(value["overlaps"][0]["outer"]["cidr"], "10.0.0.0/16");
    assert_eq!(value["overlaps"][0]["inner"]["position"], 2);
    assert_eq!(value["overlaps"][0]["relation"], "contains");
}

#[test]
fn aggregate_collapses_lists_and_ranges() {
    assert_cmd_snapshot!(vpcsim_cidr().args([
        "aggregate",
        "10.0.1.0/24",
        "10.0.0.0/24",
        "10.0.0.128/25",
        "10.0.2.0-10.0.2.9",
        "2001:db8::/65",
        "2001:db8:0:0:8000::/65",
    ]));
    let value = json_of(&["aggregate", "--format", "json", "10.0.0.5-10.0.0.9"]);
    assert_eq!(
        value["cidrs"],
        serde_json::json!(["10.0.0.5/32", "10.0.0.6/31", "10.0.0.8/31"])
    );
    assert_cmd_snapshot!(
        "aggregate_reversed_range",
        vpcsim_cidr().args(["aggregate", "10.0.0.9-10.0.0.5"])
    );
}

#[test]
fn help_lists_the_subcommands() {
    assert_cmd_snapshot!(vpcsim_cidr().arg("--help"));
}

#[test]
fn split_by_host_counts_sizes_the_aws_way() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["split", "10.0.0.0/16", "--hosts", "500,200,50"]));
    assert_cmd_snapshot!(
        "split_hosts_plus_five_and_floor",
        vpcsim_cidr().args(["split", "10.0.0.0/22", "--hosts", "db=3,web=252,app=10"])
    );
    let value = json_of(&[
        "split",
        "10.0.0.0/22",
        "--hosts",
        "db=3,web=252,app=10",
        "--format",
        "json",
    ]);
    let subnets = value["subnets"].as_array().unwrap();
    // Largest first; 252 hosts need a /23 in AWS (a /24 holds 251); 3 hosts still get a /28.
    assert_eq!(subnets[0]["name"], "web");
    assert_eq!(subnets[0]["cidr"], "10.0.0.0/23");
    assert_eq!(subnets[0]["textbook_prefix_len"], 24);
    // Equal sizes keep the order given.
    assert_eq!(subnets[1]["name"], "db");
    assert_eq!(subnets[1]["prefix_len"], 28);
    assert_eq!(subnets[1]["textbook_prefix_len"], 29);
    assert_eq!(subnets[2]["name"], "app");
    for (args, expected) in [
        (
            vec!["10.0.0.0/24", "--hosts", "500"],
            "do not fit in 10.0.0.0/24",
        ),
        (
            vec!["10.0.0.0/16", "--hosts", "70000"],
            "more than the largest AWS subnet",
        ),
        (
            vec!["10.0.0.0/16", "--hosts", "0"],
            "`0` is not a host count",
        ),
        (
            vec!["10.0.0.0/16", "--hosts", "a=1,a=2"],
            "`a` is given twice",
        ),
        (vec!["2001:db8::/56", "--hosts", "5"], "is IPv6"),
    ] {
        let mut full = vec!["split"];
        full.extend(args.iter().copied());
        let out = vpcsim_cidr().args(&full).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{full:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{full:?}: {stderr}");
    }
}

#[test]
fn teaching_view_in_korean_with_lang_ko() {
    assert_cmd_snapshot!(vpcsim_cidr().args(["10.0.1.5/24", "--lang", "ko"]));
    assert_cmd_snapshot!(
        "teaching_view_in_korean_ranges_and_masks",
        vpcsim_cidr().args([
            "--lang",
            "ko",
            "0.0.0.0/0",
            "169.254.0.0/16",
            "10.0.0.0/29",
            "172.17.0.0",
            "255.255.0.0",
            "2001:db8:0:1::/64",
            "10.0.0.1/32",
        ])
    );
}

#[test]
fn korean_locale_is_detected_and_lang_en_overrides_it() {
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = vpcsim_cidr();
        for (name, value) in envs {
            cmd.env(name, value);
        }
        let out = cmd.args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let korean = run(&[("LANG", "ko_KR.UTF-8")], &["10.0.1.5/24"]);
    assert!(
        korean.contains("AWS에서 쓸 수 있는 251개 중 2번째 호스트"),
        "{korean}"
    );
    let english = run(&[("LANG", "ko_KR.UTF-8")], &["10.0.1.5/24", "--lang", "en"]);
    assert!(english.contains("usable host #2 of 251"), "{english}");
    // POSIX precedence: LC_ALL wins over LANG.
    let english = run(
        &[("LANG", "ko_KR.UTF-8"), ("LC_ALL", "C")],
        &["10.0.1.5/24"],
    );
    assert!(english.contains("usable host #2 of 251"), "{english}");
    let korean = run(&[("LC_MESSAGES", "ko_KR.UTF-8")], &["10.0.1.5/24"]);
    assert!(korean.contains("호스트"), "{korean}");
    // Machine-readable output stays English.
    let json_ko = run(
        &[("LANG", "ko_KR.UTF-8")],
        &["--format", "json", "--lang", "ko", "169.254.0.0/16"],
    );
    let json_en = run(&[], &["--format", "json", "169.254.0.0/16"]);
    assert_eq!(json_ko, json_en);
    // Errors are English whatever the language (they name the offending text).
    let out = vpcsim_cidr()
        .args(["--lang", "ko", "10.0.0.0/255.0.255.0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = vpcsim_cidr()
        .args(["--lang", "fr", "10.0.0.0/16"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn plan_emit_design_writes_a_skeleton_that_checks_clean() {
    let args = [
        "plan",
        "10.0.0.0/16",
        "--tiers",
        "public,private,db",
        "--region",
        "ap-northeast-2",
        "--az-names",
        "a,c",
        "--emit-design",
        "--vpc-name",
        "hello-vpc",
    ];
    assert_cmd_snapshot!(vpcsim_cidr().args(args));
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("plan.yaml", args.to_vec()),
        (
            "hangul.yaml",
            vec![
                "plan",
                "10.0.0.0/20",
                "--tiers",
                "퍼블릭,프라이빗",
                "--azs",
                "3",
                "--emit-design",
            ],
        ),
    ] {
        let out = vpcsim_cidr().args(&args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let path = dir.path().join(name);
        std::fs::write(&path, &out.stdout).unwrap();
        let check = Command::new(get_cargo_bin("vpcsim"))
            .arg("check")
            .arg(&path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert_eq!(check.status.code(), Some(0), "{name}:\n{report}");
        assert!(report.contains("0 errors, 0 warnings"), "{name}:\n{report}");
    }
    for (args, expected) in [
        (
            vec![
                "plan",
                "10.0.0.0/16",
                "--tiers",
                "web tier",
                "--emit-design",
            ],
            "cannot be a name in a design skeleton",
        ),
        (
            vec!["plan", "10.0.0.0/16", "--emit-design", "--format", "json"],
            "--emit-design writes YAML",
        ),
    ] {
        let out = vpcsim_cidr().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "{out:?}"
        );
    }
}

#[test]
fn carving_views_in_korean() {
    assert_cmd_snapshot!(
        "korean_plan",
        vpcsim_cidr().args([
            "plan",
            "10.0.0.0/16",
            "--tiers",
            "퍼블릭,프라이빗,db",
            "--region",
            "ap-northeast-2",
            "--az-names",
            "a,c",
            "--lang",
            "ko",
        ])
    );
    assert_cmd_snapshot!(
        "korean_split_hosts",
        vpcsim_cidr().args([
            "split",
            "10.0.0.0/22",
            "--hosts",
            "웹=252,db=3",
            "--lang",
            "ko"
        ])
    );
    assert_cmd_snapshot!(
        "korean_split_slash_29",
        vpcsim_cidr().args(["split", "10.0.0.0/28", "--prefix", "/29", "--lang", "ko"])
    );
    assert_cmd_snapshot!(
        "korean_overlap",
        vpcsim_cidr().args([
            "overlap",
            "10.0.0.0/16",
            "10.0.2.0/24",
            "10.0.2.0/24",
            "--lang",
            "ko"
        ])
    );
    // The Korean plan table lines its columns up by display width too.
    let out = vpcsim_cidr()
        .args([
            "plan",
            "10.0.0.0/16",
            "--tiers",
            "퍼블릭,프라이빗",
            "--lang",
            "ko",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let columns: Vec<usize> = stdout
        .lines()
        .filter(|line| line.contains("10.0.") && line.contains(" – "))
        .map(|line| unicode_width::UnicodeWidthStr::width(&line[..line.find("10.0.").unwrap()]))
        .collect();
    assert_eq!(columns.len(), 4, "{stdout}");
    assert!(
        columns.windows(2).all(|w| w[0] == w[1]),
        "{columns:?}\n{stdout}"
    );
    // --emit-design and aggregate stay as they are (a design file and a CIDR list).
    let en = vpcsim_cidr()
        .args(["aggregate", "10.0.0.0/24", "10.0.1.0/24"])
        .output()
        .unwrap();
    let ko = vpcsim_cidr()
        .args(["aggregate", "10.0.0.0/24", "10.0.1.0/24", "--lang", "ko"])
        .output()
        .unwrap();
    assert_eq!(en.stdout, ko.stdout);
}
