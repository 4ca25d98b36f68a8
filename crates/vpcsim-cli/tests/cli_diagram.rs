//! `vpcsim diagram` end to end (issue #9): the real binary, exit code + stdout + stderr
//! snapshotted for both formats and every seed design, plus structural checks that do not
//! depend on a snapshot: a DOT checker (balanced braces, clusters nested and named
//! `cluster_…`, every edge end declared, `ltail`/`lhead` naming an enclosing cluster; and
//! `dot -Tsvg` when Graphviz is installed) and a Mermaid checker (flowchart header, balanced
//! `subgraph`/`end`, every edge end declared, no unescaped special character in a label).

// Helpers here are test code too (clippy.toml's allow-unwrap-in-tests covers only `#[test]`
// bodies): a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use insta_cmd::assert_cmd_snapshot;

mod common;
use common::workspace_root;

/// `vpcsim diagram ARGS…` run from the workspace root (so paths in output stay relative).
fn vpcsim_diagram(args: &[&str]) -> Command {
    let mut cmd = common::vpcsim(&["diagram"]);
    cmd.args(args);
    cmd
}

fn run_ok(args: &[&str]) -> String {
    let output = vpcsim_diagram(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

const SEEDS: [&str; 4] = [
    "fixtures/designs/000-devloop-bastion-nat.yaml",
    "fixtures/designs/001-nat-alb.yaml",
    "fixtures/designs/002-course-notes.yaml",
    "fixtures/designs/003-coupon-default-sg.yaml",
];

fn seed_name(path: &str) -> &str {
    Path::new(path).file_stem().unwrap().to_str().unwrap()
}

// ---------------------------------------------------------------- snapshots

#[test]
fn every_seed_design_as_mermaid() {
    for seed in SEEDS {
        insta::with_settings!({snapshot_suffix => seed_name(seed)}, {
            assert_cmd_snapshot!("mermaid", vpcsim_diagram(&[seed, "--format", "mermaid"]));
        });
    }
}

#[test]
fn every_seed_design_as_dot() {
    for seed in SEEDS {
        insta::with_settings!({snapshot_suffix => seed_name(seed)}, {
            assert_cmd_snapshot!("dot", vpcsim_diagram(&[seed, "--format", "dot"]));
        });
    }
}

#[test]
fn seed_001_path_internet_to_alb_to_ec2_is_highlighted_in_mermaid() {
    assert_cmd_snapshot!(vpcsim_diagram(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--path",
        "internet",
        "web:80",
    ]));
}

#[test]
fn seed_001_path_internet_to_alb_to_ec2_is_highlighted_in_dot() {
    assert_cmd_snapshot!(vpcsim_diagram(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--format",
        "dot",
        "--path",
        "internet",
        "web:80",
    ]));
}

#[test]
fn seed_001_path_draws_alb_nodes_in_both_public_subnets_and_ec2_in_private() {
    let text = run_ok(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--path",
        "internet",
        "web:80",
    ]);
    let subnets = mermaid_subnet_contents(&text);
    let has = |subnet: &str, needle: &str| {
        subnets
            .iter()
            .any(|(label, body)| label.starts_with(subnet) && body.contains(needle))
    };
    assert!(has("public-a ", "web<br/>ALB"), "{text}");
    assert!(has("public-c ", "web<br/>ALB"), "{text}");
    assert!(has("private-a ", "app<br/>EC2"), "{text}");
    assert!(!has("public-a ", "app<br/>EC2"), "{text}");
    // The path: internet → ALB node (tcp/80) → EC2 (tcp/8081), highlighted with linkStyle.
    let path_edges: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("tcp/80") && line.contains("-->"))
        .collect();
    assert!(
        path_edges
            .iter()
            .any(|l| l.trim_start().starts_with("internet ")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("tcp/8081") && l.contains("-->")),
        "{text}"
    );
    assert!(text.contains("linkStyle "), "{text}");
    check_mermaid(&text);
}

#[test]
fn blocked_path_is_drawn_red_and_dashed() {
    assert_cmd_snapshot!(vpcsim_diagram(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--path",
        "internet",
        "app:8081",
    ]));
    let text = run_ok(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--format",
        "dot",
        "--path",
        "internet",
        "app:8081",
    ]);
    assert!(text.contains("style=dashed"), "{text}");
    assert!(text.contains("✗ "), "{text}");
    check_dot(&text);
}

/// Transit gateway, peering, blackhole route and a return path dropped by a NACL, drawn from
/// the reach fixtures (shared designs, read in place) with one of their queries each.
#[test]
fn gateways_blackholes_and_return_path_drops_are_drawn() {
    let cases: [(&str, &str, &str); 4] = [
        ("transit-gateway", "a2", "api:443"),
        ("peering-both-sides", "app", "db:5432"),
        ("blackhole-route", "web", "8.8.8.8:443"),
        ("nacl-ephemeral-return", "linux", "api:8080"),
    ];
    for (fixture, from, to) in cases {
        let design = format!("fixtures/reach/{fixture}.yaml");
        insta::with_settings!({snapshot_suffix => fixture}, {
            assert_cmd_snapshot!("reach_fixture", vpcsim_diagram(&[&design, "--path", from, to]));
        });
        check_mermaid(&run_ok(&[&design, "--path", from, to]));
        let dot = run_ok(&[&design, "--format", "dot", "--path", from, to]);
        check_dot(&dot);
        run_graphviz_if_installed(&dot);
    }
}

#[test]
fn vpc_and_subnet_scopes_draw_a_part() {
    assert_cmd_snapshot!(vpcsim_diagram(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--subnet",
        "private-a",
    ]));
    let text = run_ok(&["fixtures/designs/001-nat-alb.yaml", "--vpc", "toy"]);
    check_mermaid(&text);
}

#[test]
fn unknown_vpc_or_subnet_suggests_a_name_and_exits_2() {
    assert_cmd_snapshot!(vpcsim_diagram(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--vpc",
        "tot"
    ]));
    assert_cmd_snapshot!(vpcsim_diagram(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--subnet",
        "public-b"
    ]));
    assert_cmd_snapshot!(vpcsim_diagram(&[
        "fixtures/designs/001-nat-alb.yaml",
        "--path",
        "internet",
        "wbe:80"
    ]));
}

#[test]
fn missing_design_exits_2() {
    let output = vpcsim_diagram(&["fixtures/designs/no-such-design.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("vpcsim: error: cannot read"), "{stderr}");
}

// ---------------------------------------------------------------- structure

#[test]
fn every_seed_design_passes_the_structural_checks_of_both_formats() {
    for seed in SEEDS {
        check_mermaid(&run_ok(&[seed, "--format", "mermaid"]));
        let dot = run_ok(&[seed, "--format", "dot"]);
        check_dot(&dot);
        run_graphviz_if_installed(&dot);
    }
}

#[test]
fn output_is_deterministic() {
    let args = [SEEDS[1], "--format", "dot", "--path", "internet", "web:80"];
    assert_eq!(run_ok(&args), run_ok(&args));
}

#[test]
fn special_characters_in_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("odd.yaml");
    std::fs::write(
        &design,
        r#"version: 1
vpcs:
  main:
    cidr: 10.0.0.0/16
    internet_gateway: "igw#1"
    subnets:
      "pub<a>":  { cidr: 10.0.0.0/24, az: "zone \"a\" [x]", route_table: "rt|1" }
    route_tables:
      "rt|1":
        routes: [ { to: 0.0.0.0/0, via: "igw#1" } ]
    instances:
      "web{1}&`x`": { subnet: "pub<a>" }
"#,
    )
    .unwrap();
    let path = design.to_str().unwrap();
    let mermaid = run_ok(&[path]);
    check_mermaid(&mermaid);
    assert!(mermaid.contains("pub#lt;a#gt; 10.0.0.0/24"), "{mermaid}");
    assert!(
        mermaid.contains("zone #quot;a#quot; #91;x#93;"),
        "{mermaid}"
    );
    let dot = run_ok(&[path, "--format", "dot"]);
    check_dot(&dot);
    assert!(dot.contains(r#"label="zone \"a\" [x]""#), "{dot}");
    run_graphviz_if_installed(&dot);
}

/// docs/diagrams.md pastes the binary's output; it must not go stale.
#[test]
fn docs_diagrams_match_the_binary() {
    let docs = std::fs::read_to_string(workspace_root().join("docs/diagrams.md")).unwrap();
    let blocks: Vec<&str> = docs
        .split("```mermaid\n")
        .skip(1)
        .map(|rest| rest.split("\n```").next().unwrap())
        .collect();
    let mut expected: Vec<String> = SEEDS.iter().map(|seed| run_ok(&[seed])).collect();
    expected.push(run_ok(&[SEEDS[1], "--path", "internet", "web:80"]));
    expected.push(run_ok(&[SEEDS[1], "--path", "internet", "app:8081"]));
    assert_eq!(blocks.len(), expected.len());
    for (block, expected) in blocks.iter().zip(&expected) {
        assert_eq!(
            *block,
            expected.trim_end(),
            "docs/diagrams.md is stale: regenerate it with `vpcsim diagram`"
        );
    }
}

// ---------------------------------------------------------------- large estates

/// A generated estate (vpcsim-gen tier S: 10 VPCs, 100 subnets, about 1,000 ENIs) as JSON.
fn generated_estate(dir: &Path) -> PathBuf {
    let document = vpcsim_gen::generate(vpcsim_gen::Tier::S, 7);
    let text = vpcsim_gen::output::to_string(&document, vpcsim_gen::Format::Json).unwrap();
    let path = dir.join("estate-s.json");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn large_estate_is_drawn_as_dot_and_refused_by_mermaid() {
    let dir = tempfile::tempdir().unwrap();
    let estate = generated_estate(dir.path());
    let estate = estate.to_str().unwrap();

    let dot = run_ok(&[estate, "--format", "dot"]);
    let checked = check_dot(&dot);
    assert_eq!(checked.vpc_clusters, 10, "every VPC is a cluster");
    assert!(checked.nodes > 900, "{} nodes", checked.nodes);

    let output = vpcsim_diagram(&[estate, "--format", "mermaid"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("too large for Mermaid"), "{stderr}");
    assert!(stderr.contains("--format dot"), "{stderr}");
    assert!(stderr.contains("--vpc"), "{stderr}");

    // One VPC of it fits Mermaid.
    let first_vpc = first_vpc_name(&dot);
    let part = run_ok(&[estate, "--format", "mermaid", "--vpc", &first_vpc]);
    check_mermaid(&part);
}

fn first_vpc_name(dot: &str) -> String {
    let line = dot
        .lines()
        .find(|l| l.trim_start().starts_with("label=\"VPC "))
        .unwrap();
    let rest = line.trim_start().trim_start_matches("label=\"VPC ");
    rest.split(' ').next().unwrap().to_owned()
}

// ---------------------------------------------------------------- checkers

/// What [`check_dot`] counted.
struct DotFacts {
    nodes: usize,
    vpc_clusters: usize,
}

/// A minimal structural DOT checker for the subset vpcsim writes: one statement per line.
fn check_dot(text: &str) -> DotFacts {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("digraph vpcsim {"), "{text}");
    assert!(text.contains("compound=true;"), "{text}");
    // Stack of open clusters; every node remembers the clusters enclosing it.
    let mut stack: Vec<String> = Vec::new();
    let mut clusters: BTreeSet<String> = BTreeSet::new();
    let mut enclosing: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut edges: Vec<(String, String, String)> = Vec::new();
    let mut closed_graph = false;
    let mut vpc_clusters = 0;
    for line in lines {
        let line = line.trim();
        assert!(!closed_graph, "text after the closing brace: {line}");
        if line == "}" {
            if stack.pop().is_none() {
                closed_graph = true;
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("subgraph ") {
            let name = quoted(rest).0;
            assert!(name.starts_with("cluster_"), "{line}");
            assert!(rest.ends_with('{'), "{line}");
            assert!(
                clusters.insert(name.clone()),
                "cluster declared twice: {name}"
            );
            if name.starts_with("cluster_vpc_") && !name.contains("_az_") {
                assert!(stack.is_empty(), "a VPC inside a box: {line}");
                vpc_clusters += 1;
            }
            if name.contains("_az_") {
                assert!(
                    stack.last().is_some_and(|s| s.starts_with("cluster_vpc_")),
                    "an AZ outside a VPC: {line}"
                );
            }
            if name.starts_with("cluster_subnet_") {
                assert!(
                    stack.last().is_some_and(|s| s.contains("_az_")),
                    "a subnet outside an AZ: {line}"
                );
            }
            stack.push(name);
            continue;
        }
        if line.starts_with('"') {
            assert!(line.ends_with(';'), "statement without `;`: {line}");
            let (first, rest) = quoted(line);
            if let Some(rest) = rest.trim_start().strip_prefix("->") {
                let (second, attrs) = quoted(rest.trim_start());
                edges.push((first, second, attrs.to_owned()));
            } else {
                assert!(rest.trim_start().starts_with('['), "{line}");
                check_dot_attrs(rest);
                assert!(
                    enclosing.insert(first.clone(), stack.clone()).is_none(),
                    "node declared twice: {first}"
                );
            }
            continue;
        }
        // Graph, node and edge defaults and cluster attributes.
        assert!(line.ends_with(';'), "unexpected line: {line}");
    }
    assert!(closed_graph && stack.is_empty(), "unbalanced braces");
    for (from, to, attrs) in &edges {
        for (end, attr) in [(from, "ltail"), (to, "lhead")] {
            let Some(boxes) = enclosing.get(end) else {
                panic!("edge end `{end}` is not declared");
            };
            if let Some(cluster) = attr_value(attrs, attr) {
                assert!(
                    clusters.contains(&cluster),
                    "{attr} names no cluster: {cluster}"
                );
                assert!(
                    boxes.contains(&cluster),
                    "{attr}={cluster} does not enclose `{end}`"
                );
            }
        }
        check_dot_attrs(attrs);
    }
    DotFacts {
        nodes: enclosing
            .keys()
            .filter(|k| !k.ends_with("__anchor"))
            .count(),
        vpc_clusters,
    }
}

/// The first double-quoted string (with `\"` and `\\` escapes) and the text after it.
fn quoted(text: &str) -> (String, &str) {
    let text = text.trim_start();
    assert!(text.starts_with('"'), "expected a quoted id: {text}");
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, escaped) = chars.next().expect("dangling backslash");
                value.push('\\');
                value.push(escaped);
            }
            '"' => return (value, &text[index + 1..]),
            c => value.push(c),
        }
    }
    panic!("unterminated string: {text}");
}

/// Every `"` inside an attribute list opens and closes a string with escapes respected.
fn check_dot_attrs(attrs: &str) {
    let mut rest = attrs;
    while let Some(start) = rest.find('"') {
        let (_, after) = quoted(&rest[start..]);
        rest = after;
    }
    assert!(
        rest.contains(']') || !attrs.contains('['),
        "unterminated attribute list: {attrs}"
    );
}

fn attr_value(attrs: &str, name: &str) -> Option<String> {
    let at = attrs.find(&format!("{name}=\""))?;
    Some(quoted(&attrs[at + name.len() + 1..]).0)
}

/// Runs `dot -Tsvg` when Graphviz is installed; tests pass without it.
fn run_graphviz_if_installed(dot: &str) {
    use std::io::Write;
    let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let output: Output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "dot failed: {output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("syntax error"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));
}

/// A structural Mermaid checker for the subset vpcsim writes.
fn check_mermaid(text: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"), "{text}");
    let mut depth = 0usize;
    let mut declared: BTreeSet<String> = BTreeSet::new();
    let mut edge_ends: Vec<String> = Vec::new();
    let mut n_edges = 0usize;
    let mut link_styles: Vec<usize> = Vec::new();
    for line in lines {
        let line = line.trim();
        if line == "end" {
            depth = depth.checked_sub(1).expect("`end` without `subgraph`");
            continue;
        }
        if let Some(rest) = line.strip_prefix("subgraph ") {
            let (id, label) = rest.split_once('[').expect("subgraph without a label");
            check_id(id);
            check_label(label.strip_suffix(']').expect("label not closed"));
            assert!(declared.insert(id.to_owned()), "declared twice: {id}");
            depth += 1;
            continue;
        }
        if line.starts_with("direction ") || line.starts_with("classDef ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("class ") {
            let (ids, _class) = rest.split_once(' ').unwrap();
            edge_ends.extend(ids.split(',').map(str::to_owned));
            continue;
        }
        if let Some(rest) = line.strip_prefix("linkStyle ") {
            let (indexes, _style) = rest.split_once(' ').unwrap();
            link_styles.extend(indexes.split(',').map(|i| i.parse::<usize>().unwrap()));
            continue;
        }
        let split = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .expect("a line that is only an id");
        let (id, shape) = line.split_at(split);
        check_id(id);
        if let Some(rest) = shape.strip_prefix(' ') {
            // An edge: `from ARROW[|"label"|] to`.
            let (arrow, rest) = rest.split_once(['|', ' ']).unwrap();
            assert!(
                ["-->", "---", "-.->"].contains(&arrow),
                "arrow `{arrow}`: {line}"
            );
            let to = if rest.starts_with('"') {
                let (label, to) = rest.rsplit_once("| ").expect("edge label not closed");
                check_label(label);
                to
            } else {
                rest
            };
            check_id(to);
            edge_ends.push(id.to_owned());
            edge_ends.push(to.to_owned());
            n_edges += 1;
            continue;
        }
        // A node: id, then a shape wrapping a quoted label.
        let open = shape.find('"').expect("unquoted node label");
        let close = shape.rfind('"').unwrap();
        assert!(close > open, "{line}");
        check_label(&shape[open..=close]);
        assert!(declared.insert(id.to_owned()), "declared twice: {id}");
    }
    assert_eq!(depth, 0, "unbalanced subgraph/end");
    for end in &edge_ends {
        assert!(declared.contains(end), "`{end}` is used but not declared");
    }
    for index in link_styles {
        assert!(index < n_edges, "linkStyle {index} of {n_edges} edges");
    }
    assert!(n_edges <= 500);
    assert!(text.encode_utf16().count() <= 50_000);
}

fn check_id(id: &str) {
    assert!(!id.is_empty(), "empty id");
    assert!(
        id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "bad id `{id}`"
    );
    assert_ne!(id, "end", "bare `end` as an id");
}

/// A quoted label: no raw quote, bracket, brace, pipe, backtick or angle bracket inside
/// except the `<br/>` line breaks, and `#` only as the start of an entity (`#quot;`, `#35;`).
fn check_label(label: &str) {
    let inner = label
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or_else(|| panic!("label not quoted: {label}"));
    let inner = inner.replace("<br/>", "\n");
    for forbidden in ['"', '<', '>', '[', ']', '{', '}', '|', '`'] {
        assert!(
            !inner.contains(forbidden),
            "raw `{forbidden}` in label {label}"
        );
    }
    let mut rest = inner.as_str();
    while let Some(at) = rest.find('#') {
        let after = &rest[at + 1..];
        let end = after
            .find(';')
            .unwrap_or_else(|| panic!("bare # in {label}"));
        assert!(
            end > 0 && after[..end].chars().all(|c| c.is_ascii_alphanumeric()),
            "bare # in {label}"
        );
        rest = &after[end + 1..];
    }
}

/// For each subnet subgraph: its label and the lines inside it.
fn mermaid_subnet_contents(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("subgraph subnet_") {
            let label = rest.split_once("[\"").unwrap().1.trim_end_matches("\"]");
            current = Some((label.to_owned(), String::new()));
        } else if trimmed == "end" {
            if let Some(done) = current.take() {
                found.push(done);
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(trimmed);
            body.push('\n');
        }
    }
    found
}

#[test]
fn json_is_the_tree_the_drawings_come_from() {
    let design = "fixtures/designs/001-nat-alb.yaml";
    let tree: serde_json::Value = serde_json::from_str(&run_ok(&[
        design, "--format", "json", "--path", "internet", "web:80",
    ]))
    .unwrap();
    assert_eq!(tree["version"], 1);
    // Every node id of the tree is drawn in the Mermaid picture, and the edges match in number.
    let mut ids = Vec::new();
    fn collect(items: &serde_json::Value, ids: &mut Vec<String>) {
        for item in items.as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_owned());
            if item["type"] == "group" {
                collect(&item["items"], ids);
            }
        }
    }
    collect(&tree["items"], &mut ids);
    let mermaid = run_ok(&[design, "--path", "internet", "web:80"]);
    for id in &ids {
        assert!(mermaid.contains(id.as_str()), "{id} not drawn");
    }
    let edges = tree["edges"].as_array().unwrap();
    for edge in edges {
        for end in [&edge["from"], &edge["to"]] {
            assert!(ids.iter().any(|id| end["id"] == id.as_str()), "{edge}");
        }
    }
    assert!(edges.iter().any(|e| e["style"] == "path"));
    assert!(ids.contains(&"internet".to_owned()));
}
