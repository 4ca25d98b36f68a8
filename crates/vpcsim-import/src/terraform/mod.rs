//! Terraform plan JSON (being built).
use crate::error::{ImportError, Imported};
use std::path::Path;
/// Imports the text of `terraform show -json PLAN`.
pub fn import_terraform(_text: &str) -> Result<Imported, ImportError> {
    todo!()
}
/// Imports a file.
pub fn import_terraform_file(_path: impl AsRef<Path>) -> Result<Imported, ImportError> {
    todo!()
}
