//! Terraform plan import: fixtures under `fixtures/import/terraform/<scenario>/plan.json`,
//! snapshotted as YAML (warnings appended as comments), plus error cases.

mod common;

use common::{fixtures_dir, imported_yaml};

fn check(scenario: &str) -> (vpcsim_import::Imported, String) {
    let path = fixtures_dir()
        .join("terraform")
        .join(scenario)
        .join("plan.json");
    let imported = vpcsim_import::import_terraform_file(&path).expect("the fixture imports");
    let yaml = imported_yaml(&imported);
    (imported, yaml)
}

#[test]
fn webapp_plan_resolves_unknown_ids_through_configuration() {
    let (_imported, yaml) = check("webapp");
    insta::assert_snapshot!("terraform_webapp", yaml);
}
