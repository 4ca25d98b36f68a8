//! Every imported fixture and conformance scenario is a valid design: it resolves through
//! `vpcsim_model::resolve` without error diagnostics, and its YAML reloads to the same document
//! (export → load → export is lossless).
mod common;

use common::{conformance_dir, fixtures_dir};
use vpcsim_model::{Severity, SourceFile, parse_document, resolve};

fn all_imports() -> Vec<(String, vpcsim_import::Imported)> {
    let mut out = Vec::new();
    {
        let scenario = "three-tier";
        let path = fixtures_dir().join("aws").join(scenario);
        out.push((
            format!("aws/{scenario}"),
            vpcsim_import::import_aws_dir(path).expect("imports"),
        ));
    }
    {
        let scenario = "webapp";
        let path = fixtures_dir()
            .join("terraform")
            .join(scenario)
            .join("plan.json");
        out.push((
            format!("terraform/{scenario}"),
            vpcsim_import::import_terraform_file(path).expect("imports"),
        ));
    }
    let root = conformance_dir();
    for scenario in ["subnet", "public-subnet", "nat-gateway", "vpc-peering"] {
        let path = root.join("batfish").join(scenario).join("aws_configs");
        out.push((
            format!("conformance/{scenario}"),
            vpcsim_import::import_aws_dir(path).expect("imports"),
        ));
    }
    out
}

#[test]
fn every_import_resolves_without_errors() {
    for (name, imported) in all_imports() {
        let (_model, diagnostics) = resolve(&imported.document);
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn emitted_yaml_reloads_to_the_same_document() {
    for (name, imported) in all_imports() {
        let yaml = serde_saphyr::to_string(&imported.document).unwrap();
        let source = SourceFile {
            name: format!("{name}.yaml"),
            text: yaml.clone(),
        };
        let reloaded = parse_document(&source).unwrap_or_else(|d| panic!("{name}: {d:#?}"));
        assert_eq!(serde_saphyr::to_string(&reloaded).unwrap(), yaml, "{name}");
    }
}
