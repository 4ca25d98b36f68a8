//! The fast path returns exactly what serde-saphyr returns, or declines: on every fixture,
//! hand-picked edge cases and mutated fixtures.

use super::*;
use crate::load::parse_yaml_reference;

/// The invariant: when the fast path accepts a text, its document (spans included) is the
/// reference parser's.
fn agrees(text: &str) -> bool {
    let Some(fast) = parse(text) else {
        return false;
    };
    let reference = parse_yaml_reference(text)
        .unwrap_or_else(|e| panic!("fast path accepted what the reference rejects: {e:?}\n{text}"));
    assert_eq!(format!("{fast:#?}"), format!("{reference:#?}"), "{text}");
    true
}

fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            // CloudFormation templates are importer input, not designs.
            && !path.to_string_lossy().contains("import/cloudformation")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_parses_the_same_or_is_declined() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    assert!(files.len() > 50, "fixtures found: {}", files.len());
    let mut declined = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if !agrees(&text) {
            declined.push(file.strip_prefix(&root).unwrap().display().to_string());
        }
    }
    // Invalid fixtures are declined by design; valid ones should all take the fast path.
    let valid_declined: Vec<_> = declined
        .iter()
        .filter(|f| !f.starts_with("invalid"))
        .collect();
    assert!(valid_declined.is_empty(), "declined: {valid_declined:#?}");
}

fn valid_fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    files
        .iter()
        .filter(|f| !f.to_string_lossy().contains("invalid"))
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

#[test]
fn hand_picked_edge_cases_agree_or_are_declined() {
    let base = "version: 1\nvpcs:\n  a:\n    cidr: 10.0.0.0/16\n";
    // (addition, whether the fast path takes it)
    for (extra, fast) in [
        (
            "    subnets:\n      s: { cidr: 10.0.0.0/24, az: x }\n",
            true,
        ),
        ("    subnets:\n      s: {cidr: 10.0.0.0/24,az: x}\n", true),
        (
            "    subnets:\n      s: { cidr: \"10.0.0.0/24\", az: 'x' }\n",
            true,
        ),
        (
            "    subnets:\n      \"s\": { cidr: 10.0.0.0/24, az: 'it''s' }\n",
            true,
        ),
        (
            "    subnets:\n      s:\n        cidr: 10.0.0.0/24\n        az: x # c\n",
            true,
        ),
        (
            "    subnets:\n      s: { cidr: 10.0.0.0/24,\n        az: x }\n",
            true,
        ),
        (
            "    security_groups:\n      g:\n        ingress:\n        - proto: tcp\n          ports: 80\n          from: 0.0.0.0/0\n",
            true,
        ),
        (
            "    security_groups:\n      g:\n        ingress:\n          - { proto: \"6\", ports: \"80\", from: 0.0.0.0/0 }\n",
            true,
        ),
        (
            "    security_groups:\n      g:\n        ingress:\n          - { proto: 6, ports: 080, from: 0.0.0.0/0 }\n",
            false,
        ),
        (
            "    security_groups:\n      g:\n        ingress:\n          - { proto: -1, from: 0.0.0.0/0 }\n",
            true,
        ),
        (
            "    security_groups:\n      g:\n        description: a, b [c] {d}\n",
            true,
        ),
        (
            "    security_groups:\n      g:\n        description: \"tab\\there\"\n",
            true,
        ),
        (
            "    security_groups:\n      g:\n        description: ~\n",
            true,
        ),
        (
            "    security_groups:\n      g:\n        description: yes\n",
            false,
        ),
        (
            "    security_groups:\n      g:\n        description: 12\n",
            false,
        ),
        (
            "    security_groups:\n      g:\n        description: héllo wörld\n        ingress: [ { proto: tcp, ports: 1, from: 0.0.0.0/0, description: ü } ]\n",
            true,
        ),
        ("    enable_dns_support: True\n", false),
        ("    enable_dns_support: false\n", true),
        ("    internet_gateway:\n", true),
        ("    internet_gateway: null\n", true),
        ("    cidr2: x\n", false),
        (
            "    instances:\n      i: { subnet: s, public_ip: true }\n      j: { subnet: s, public_ip: 3.3.3.3 }\n",
            true,
        ),
        (
            "    instances:\n      i: { subnet: s, security_groups: [a, 'b', \"c\"] }\n",
            true,
        ),
        (
            "    instances:\n      i: { subnet: s, security_groups: [] }\n",
            true,
        ),
        (
            "    instances:\n      i: { subnet: s }\n      i: { subnet: t }\n",
            false,
        ),
        ("    subnets: {}\n", true),
        (
            "  b:\n    cidr:\n    - 10.1.0.0/16\n    - 10.2.0.0/16\n",
            true,
        ),
        ("  b:\n    cidr: [10.1.0.0/16]\n", true),
        ("  b:\n    cidr: &x 10.1.0.0/16\n", false),
        ("  b:\n    cidr: !!str 10.1.0.0/16\n", false),
        ("  b:\n    cidr: |\n      10.1.0.0/16\n", false),
        (
            "  b:\n    cidr: 10.1.0.0/16\n      # indented comment\n",
            true,
        ),
        ("  b:\n    cidr: 10.1.0.0/16\n      continued\n", false),
        ("  b:\n   cidr: 10.1.0.0/16\n", true),
        (
            "expect:\n  - { from: a, to: b:80, reachable: true }\n  -\n    from: a\n    to: \"b:22\"\n    reachable: false\n",
            true,
        ),
        ("expect:\n- from: a\n  to: b:80\n  reachable: true\n", true),
        // Found by review: each of these was accepted although serde-saphyr rejects it
        // (or reads it differently); now declined.
        ("    internet_gateway: \"\u{1b}[0m\"\n", false),
        ("    internet_gateway: igw # \u{0}\n", false),
        ("    internet_gateway: \u{9f}x\n", false),
        ("  b:\n    cidr: -0x1\n", false),
        ("  b:\n    cidr: -.nan\n", false),
        ("  b:\n    cidr: [-]\n", false),
        ("  b:\n    cidr: [a, -,]\n", false),
        ("transit_gateways: {<<: {}}\n", false),
        ("...\n", false),
        ("---\nversion: 1\n", false),
    ] {
        let text = format!("{base}{extra}");
        assert_eq!(agrees(&text), fast, "{text}");
        agrees(&format!("---\n{text}"));
        agrees(&format!("# head\n\n{text}\n# tail\n"));
    }
}

#[test]
fn deep_nesting_is_declined_not_a_stack_overflow() {
    let deep = format!("vpcs: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(&deep).is_none());
    let mut nested = String::from("vpcs:\n");
    for level in 1..200 {
        nested.push_str(&" ".repeat(level));
        nested.push_str("a:\n");
    }
    assert!(parse(&nested).is_none());
}

#[test]
fn reference_parser_limits_are_declined() {
    // Found by review: serde-saphyr refuses keys over 1,024 characters, more than 32
    // comment lines between a key and its block value, and `-0` for an unsigned field.
    let long_key = format!("vpcs:\n  {}:\n    cidr: x\n", "k".repeat(1025));
    assert!(parse(&long_key).is_none());
    let comments = format!("vpcs:\n{}  a:\n    cidr: 10.0.0.0/16\n", "# c\n".repeat(33));
    assert!(parse(&comments).is_none());
    assert!(parse("version: -0\n").is_none());
    assert!(parse("version: 1\nregion: \"\u{1b}[0m\"\n").is_none());
    // Keys and comment blocks of ordinary size still take the fast path.
    let ordinary = format!("vpcs:\n{}  a:\n    cidr: 10.0.0.0/16\n", "# c\n".repeat(8));
    assert!(agrees(&ordinary));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
    /// Mutated fixtures: whatever the fast path accepts, the reference parser reads the same.
    #[test]
    fn mutated_fixtures_agree_or_are_declined(
        which in 0usize..1000,
        edits in proptest::collection::vec((0usize..100_000, 0usize..26), 1..4),
    ) {
        let fixtures = valid_fixtures();
        let mut text = fixtures[which % fixtures.len()].clone();
        const INSERTS: [&str; 12] = [" ", ":", "-", "#", "{", "}", "[", "]", ",", "'", "\"", "\n"];
        // Scalars YAML types specially, merge keys, control characters and escapes.
        const TOKENS: [&str; 10] = ["-0", "-0x1F", ".nan", "~", "<<: ", "\u{7}", "\\x41", "true", "1e3", "\u{85}"];
        for (at, op) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match op {
                0..=11 => text.insert_str(at, INSERTS[op]),
                12 => {
                    let end = text[at..].char_indices().nth(1).map_or(text.len(), |(i, _)| at + i);
                    text.replace_range(at..end, "");
                }
                13 => text.insert_str(at, "  "),
                14 => text.insert_str(at, "80"),
                15 => text.insert_str(at, "x: y\n"),
                _ => text.insert_str(at, TOKENS[op - 16]),
            }
        }
        agrees(&text);
    }
}

/// Regression: a byte-order mark inside the document was read into a name by the fast path,
/// while serde-saphyr reads the file otherwise, so adding an unused anchor (which sends the
/// file to serde-saphyr) changed the answer. Both now go to the reference parser.
#[test]
fn a_bom_anywhere_is_declined_so_anchors_cannot_change_the_answer() {
    let plain = "version: 1\nvpcs:\n  \u{feff}v:\n    cidr: 10.0.0.0/16\n";
    let anchored = plain.replace("version: 1", "version: &v 1");
    assert!(parse(plain).is_none());
    assert!(parse(&anchored).is_none());
    let reference = |text: &str| {
        parse_yaml_reference(text)
            .map(|doc| doc.vpcs.keys().map(|k| k.value.clone()).collect::<Vec<_>>())
            .map_err(|_| ())
    };
    assert_eq!(reference(plain), reference(&anchored));
}
