//! Every seed design in `fixtures/designs/` loads and resolves with no error and no warning.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::path::Path;

use vpcsim_model::{SourceFile, load};

fn designs() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/designs");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn seed_designs_load_cleanly() {
    let paths = designs();
    assert!(paths.len() >= 4, "the four seed designs are present");
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = load(&SourceFile {
            name: path.display().to_string(),
            text,
        });
        assert!(
            loaded.diagnostics.is_empty(),
            "{}: {:#?}",
            path.display(),
            loaded.diagnostics
        );
        let model = loaded.model.unwrap();
        assert!(
            !model.expectations.is_empty(),
            "{} has expect:",
            path.display()
        );
    }
}

#[test]
fn seed_001_resolves_the_alb_and_its_targets() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/designs/001-nat-alb.yaml"),
    )
    .unwrap();
    let model = load(&SourceFile {
        name: "001".into(),
        text,
    })
    .model
    .unwrap();
    let lb = &model.load_balancers[0];
    assert_eq!(lb.nodes.len(), 2, "one node per subnet");
    let tg = model.target_group(lb.listeners[0].target_group);
    let ports: Vec<u16> = tg.targets.iter().map(|t| t.port).collect();
    assert_eq!(ports, [8081, 8082]);
    let app = &model.instances[0];
    assert_eq!(
        model.eni(app.primary_eni).private_ip.to_string(),
        "10.0.10.10"
    );
    assert!(model.eni(app.primary_eni).public_ip.is_none());
    // Local route first, then 0.0.0.0/0 -> NAT in the private table.
    let subnet = model.subnet(model.eni(app.primary_eni).subnet);
    let table = model.route_table(subnet.route_table);
    assert_eq!(table.routes.len(), 2);
    // Assigned addresses skip the 4 reserved at the start of the subnet.
    let nat = &model.nat_gateways[0];
    assert_eq!(model.eni(nat.eni).private_ip.to_string(), "10.0.0.4");
    assert!(model.eni(nat.eni).public_ip.is_some());
}

#[test]
fn seed_003_default_sg_keeps_the_self_rule() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/designs/003-coupon-default-sg.yaml"),
    )
    .unwrap();
    let model = load(&SourceFile {
        name: "003".into(),
        text,
    })
    .model
    .unwrap();
    let vpc = &model.vpcs[0];
    let default = model.security_group(vpc.default_security_group);
    assert_eq!(
        default.ingress.len(),
        5,
        "self rule, home 22/8080/8081, Instance Connect 22"
    );
    assert_eq!(
        default.members.len(),
        5,
        "3 instances, the cache and the database"
    );
    assert_eq!(
        model.route_tables.len(),
        4,
        "three declared plus the implicit main"
    );
}

#[test]
fn instance_targets_carry_their_private_ip() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/designs/001-nat-alb.yaml"),
    )
    .unwrap();
    let model = load(&SourceFile {
        name: "001".into(),
        text,
    })
    .model
    .unwrap();
    for target in &model.target_groups[0].targets {
        assert_eq!(target.address.to_string(), "10.0.10.10");
    }
}
