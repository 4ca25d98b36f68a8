//! Terminal safety: names, descriptions and snippets from a design written by someone else never
//! put a raw control character on the terminal (an OSC sequence retitles it, `ESC [2J` clears
//! it); they are shown escaped, as `\u{1b}`.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::io::Write as _;

mod common;

/// A valid design whose names carry an OSC title sequence and a clear-screen sequence, and a
/// broken reference so that a diagnostic quotes the line.
const HOSTILE: &str = "version: 1\nregion: eu-west-1\nvpcs:\n  \"v\\e]0;pwned\\a\":\n    cidr: 10.0.0.0/16\n    internet_gateway: igw\n    subnets:\n      pub: { cidr: 10.0.0.0/24, az: eu-west-1a, public_ip_on_launch: true, route_table: public }\n    route_tables:\n      public: { routes: [ { to: 0.0.0.0/0, via: igw } ] }\n    security_groups:\n      \"open\\e[2J\": { ingress: [ { proto: tcp, ports: 22, from: 0.0.0.0/0 } ] }\n    instances:\n      \"web\\e[2J\\r\": { subnet: pub, security_groups: [\"open\\e[2J\"] }\n";

fn design(text: &str, name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("vpcsim-terminal-{}-{name}", std::process::id()));
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    path
}

fn assert_no_control(bytes: &[u8], what: &str) {
    let bad: Vec<u8> = bytes
        .iter()
        .copied()
        .filter(|b| (*b < 0x20 && *b != b'\n' && *b != b'\t') || *b == 0x7f)
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: raw control bytes {bad:?} in\n{}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn hostile_names_are_escaped_in_every_human_output() {
    let path = design(HOSTILE, "hostile.yaml");
    let file = path.to_str().unwrap();
    let runs: [&[&str]; 5] = [
        &["check", file],
        &["exposure", file],
        &[
            "reach",
            file,
            "--from",
            "internet",
            "--to",
            "web\u{1b}[2J\r:22",
        ],
        &["diagram", file],
        &["matrix", file],
    ];
    for args in runs {
        let output = common::vpcsim(args).output().unwrap();
        assert_no_control(&output.stdout, &format!("stdout of {args:?}"));
        assert_no_control(&output.stderr, &format!("stderr of {args:?}"));
    }
    // The names are shown, escaped.
    let output = common::vpcsim(&["check", file]).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("open\\u{1b}[2J"), "{text}");
    std::fs::remove_file(path).ok();
}

#[test]
fn hostile_snippets_in_diagnostics_are_escaped() {
    let broken = HOSTILE.replace(
        "security_groups: [\"open\\e[2J\"]",
        "security_groups: [\"nope\\e]0;x\\a\"]",
    );
    let path = design(&broken, "broken.yaml");
    let output = common::vpcsim(&["check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_no_control(&output.stdout, "stdout");
    assert_no_control(&output.stderr, "stderr");
    std::fs::remove_file(path).ok();
}
