//! Terraform plan (or state) JSON from `terraform show -json` → design.
//!
//! Reads `planned_values` (root and child modules; `values` for state JSON), skips resources the
//! plan only deletes, and resolves attributes that are unknown until apply through the plan's
//! `configuration` references (docs/import.md), so a plan for a network that does not exist
//! yet still becomes a complete design.

mod plan;
mod resources;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::build;
use crate::error::{ImportError, Imported};

/// Imports the text of `terraform show -json PLAN` (or of `terraform show -json` for state).
pub fn import_terraform(text: &str) -> Result<Imported, ImportError> {
    import_text(text, Path::new("<input>"))
}

/// Reads and imports a `terraform show -json` file.
pub fn import_terraform_file(path: impl AsRef<Path>) -> Result<Imported, ImportError> {
    let path = path.as_ref();
    if !path.exists() {
        return Err(ImportError::NotFound {
            path: path.to_path_buf(),
        });
    }
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    import_text(&text, path)
}

fn import_text(text: &str, path: &Path) -> Result<Imported, ImportError> {
    let not_a_plan = |reason: &str| ImportError::NotATerraformPlan {
        path: PathBuf::from(path),
        reason: reason.to_owned(),
    };
    let value: Value =
        serde_json::from_str(text).map_err(|error| ImportError::malformed(path, &error))?;
    if !value.is_object() {
        return Err(not_a_plan("the top level is not an object"));
    }
    if let Some(version) = value.get("format_version").and_then(Value::as_str)
        && version.split('.').next() != Some("1")
    {
        return Err(not_a_plan(&format!(
            "unsupported format_version `{version}` (only 1.x is known)"
        )));
    }
    let root = value
        .get("planned_values")
        .or_else(|| value.get("values"))
        .and_then(|v| v.get("root_module"))
        .ok_or_else(|| not_a_plan("no `planned_values.root_module` (nor `values.root_module`)"))?;
    let plan = plan::Plan::new(root, value.get("configuration"));
    let (inventory, warnings) = resources::read(&plan);
    let (document, warnings) = build::build(inventory, warnings);
    Ok(Imported { document, warnings })
}
