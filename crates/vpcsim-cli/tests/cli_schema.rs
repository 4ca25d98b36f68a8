//! `vpcsim schema` is what editors validate designs with: every design fixture vpcsim accepts
//! must validate, and values vpcsim refuses (`type: applicaton`, `proto: tcpp`, `ports: 99999`)
//! must not.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

fn validator() -> jsonschema::Validator {
    let output = common::vpcsim(&["schema"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn yaml(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap()
}

#[test]
fn every_accepted_fixture_validates() {
    let validator = validator();
    let root = common::workspace_root().join("fixtures");
    let mut checked = 0;
    for dir in ["designs", "lint", "reach", "suppress"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let value = yaml(&std::fs::read_to_string(&path).unwrap());
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} fixtures found");
}

#[test]
fn refused_values_do_not_validate_and_other_spellings_do() {
    let validator = validator();
    let design = |lb_type: &str, proto: &str, ports: &str| {
        yaml(&format!(
            "version: 1\nregion: eu-west-1\nvpcs:\n  v:\n    cidr: 10.0.0.0/16\n    subnets:\n      a: {{ cidr: 10.0.0.0/24, az: eu-west-1a }}\n      b: {{ cidr: 10.0.1.0/24, az: eu-west-1b }}\n    security_groups:\n      web: {{ ingress: [ {{ proto: {proto}, ports: {ports}, from: 0.0.0.0/0 }} ] }}\n    load_balancers:\n      lb: {{ type: {lb_type}, scheme: internal, subnets: [a, b], listeners: [] }}\n"
        ))
    };
    assert!(validator.is_valid(&design("application", "tcp", "443")));
    assert!(validator.is_valid(&design("ALB", "TCP", "8081-8082")));
    assert!(validator.is_valid(&design("network", "-1", "all")));
    assert!(validator.is_valid(&design("network", "6", "22")));
    assert!(!validator.is_valid(&design("applicaton", "tcp", "443")));
    assert!(!validator.is_valid(&design("application", "tcpp", "443")));
    assert!(!validator.is_valid(&design("application", "tcp", "99999")));
    assert!(!validator.is_valid(&design("application", "tcp", "80-")));
}
