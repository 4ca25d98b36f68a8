//! Importers that turn what users already have into a vpcsim design [`Document`]: a folder of
//! `aws ec2 describe-*` JSON (also Batfish's `aws_configs/` layout), the JSON of
//! `terraform show -json PLAN`, and CloudFormation templates (YAML or JSON).
//!
//! Both importers first build one intermediate inventory keyed by AWS id (or, for resources a
//! plan has not created yet, by Terraform address) and then share one builder that chooses
//! names, turns id references into name references and reports every dangling reference as an
//! [`ImportWarning`]. The output is deterministic: the same input gives the same document.
//! The library never prints; callers decide how to show warnings.
//!
//! [`Document`]: vpcsim_model::schema::Document

mod aws;
mod build;
mod cloudformation;
mod error;
mod ir;
mod json;
mod naming;
mod normalize;
mod terraform;

pub use aws::import_aws_dir;
pub use cloudformation::{
    CfnIgnore, CfnOptions, cloudformation_ignores, import_cloudformation,
    import_cloudformation_file, is_cloudformation_template,
};
pub use error::{ImportError, ImportWarning, Imported, WarningLevel};
pub use terraform::{
    TerraformJson, TracedImport, decode_text, detect as detect_terraform_json, import_terraform,
    import_terraform_file, import_terraform_text, import_terraform_traced,
    import_terraform_with_context,
};
