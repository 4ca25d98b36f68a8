//! Hangul resource names: tables and diagnostic carets align by display width (a Hangul
//! syllable takes two terminal columns), not by character count (issue 19).

mod common;

use std::path::Path;

use unicode_width::UnicodeWidthStr;

const DESIGN: &str = "\
version: 1
region: ap-northeast-2
vpcs:
  서비스:
    cidr: 10.0.0.0/16
    internet_gateway: 게이트웨이
    subnets:
      퍼블릭-a: { cidr: 10.0.0.0/24, az: ap-northeast-2a, public_ip_on_launch: true, route_table: 퍼블릭 }
    route_tables:
      퍼블릭:
        routes: [ { to: 0.0.0.0/0, via: 게이트웨이 } ]
    security_groups:
      웹:
        ingress:
          - { proto: tcp, ports: 80, from: 0.0.0.0/0 }
    instances:
      웹서버: { subnet: 퍼블릭-a, security_groups: [웹] }
";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file is writable");
    path.display().to_string()
}

fn run(args: &[&str]) -> (Option<i32>, String) {
    let output = common::vpcsim(args).output().expect("vpcsim runs");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
    )
}

#[test]
fn ref001_caret_sits_under_a_hangul_name() {
    let dir = tempfile::tempdir().unwrap();
    let bad = DESIGN.replace("subnet: 퍼블릭-a, security", "subnet: 퍼블릭-b, security");
    let path = write(dir.path(), "bad.yaml", &bad);
    let (code, stdout) = run(&["check", &path]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stdout.contains("error[REF001]"), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let source = lines
        .iter()
        .position(|line| line.contains("웹서버: { subnet: 퍼블릭-b"))
        .expect("the offending line is quoted");
    let (source_line, caret_line) = (lines[source], lines[source + 1]);
    let name_at = source_line.find("퍼블릭-b").unwrap();
    let caret_at = caret_line.find('^').unwrap();
    // Both lines start with the same gutter; compare display columns.
    assert_eq!(
        UnicodeWidthStr::width(&source_line[..name_at]),
        UnicodeWidthStr::width(&caret_line[..caret_at]),
        "caret under the name:\n{source_line}\n{caret_line}"
    );
    let carets = caret_line[caret_at..]
        .chars()
        .take_while(|c| *c == '^')
        .count();
    assert_eq!(carets, UnicodeWidthStr::width("퍼블릭-b"), "{caret_line}");
}

#[test]
fn reach_hop_table_columns_align_under_hangul_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "design.yaml", DESIGN);
    let (code, stdout) = run(&["reach", &path, "--from", "internet", "--to", "웹서버:80"]);
    assert_eq!(code, Some(0), "{stdout}");
    // Every hop line's detail column (after label and component) starts at one display column.
    let starts: Vec<usize> = stdout
        .lines()
        .filter(|line| {
            line.contains("  sg in ") || line.contains("  nacl in ") || line.contains("  igw dnat ")
        })
        .map(|line| {
            let detail = ["sg 웹:", "nacl default:", "dst "]
                .iter()
                .find_map(|marker| line.find(marker))
                .expect("a detail");
            UnicodeWidthStr::width(&line[..detail])
        })
        .collect();
    assert_eq!(starts.len(), 3, "{stdout}");
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{stdout}"
    );
}

#[test]
fn plan_table_columns_align_under_hangul_tier_names() {
    let (code, stdout) = run(&[
        "cidr",
        "plan",
        "10.0.0.0/16",
        "--tiers",
        "퍼블릭,프라이빗,db",
        "--region",
        "ap-northeast-2",
        "--az-names",
        "a,c",
    ]);
    assert_eq!(code, Some(0), "{stdout}");
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("ap-northeast-2") && line.contains('/'))
        .collect();
    assert_eq!(rows.len(), 6, "{stdout}");
    let az_columns: Vec<usize> = rows
        .iter()
        .map(|row| UnicodeWidthStr::width(&row[..row.find("ap-northeast-2").unwrap()]))
        .collect();
    assert!(
        az_columns.windows(2).all(|w| w[0] == w[1]),
        "{az_columns:?}\n{stdout}"
    );
}
