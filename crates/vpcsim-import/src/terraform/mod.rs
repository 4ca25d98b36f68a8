//! Terraform plan (or state) JSON from `terraform show -json` → design.
//!
//! Reads `planned_values` (root and child modules; `values` for state JSON), skips resources the
//! plan only deletes, and resolves attributes that are unknown until apply through the plan's
//! `configuration` references (docs/import.md), so a plan for a network that does not exist
//! yet still becomes a complete design.

mod existing;
mod plan;
mod resources;
mod text;
mod workloads;

pub use text::{TerraformJson, decode_text, detect};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::build;
use crate::error::{ImportError, Imported};

/// Imports the text of `terraform show -json PLAN` (or of `terraform show -json` for state).
pub fn import_terraform(text: &str) -> Result<Imported, ImportError> {
    import_text(text, Path::new("<input>")).map(|traced| traced.imported)
}

/// Like [`import_terraform`], naming `path` in errors (the text was read by the caller, e.g.
/// through [`decode_text`]).
pub fn import_terraform_text(text: &str, path: &Path) -> Result<Imported, ImportError> {
    import_text(text, path).map(|traced| traced.imported)
}

/// A plan import with what findings need to speak Terraform's terms (docs/import.md,
/// "Findings on a plan").
#[derive(Debug, Clone)]
pub struct TracedImport {
    /// The design and the import warnings.
    pub imported: Imported,
    /// Logical address of a design resource, as findings name it (`vpc/V/sg/web`) → the
    /// Terraform address it came from (`module.app.aws_security_group.web`), or for what
    /// the plan does not create, the id or reference that names it (`data.aws_vpc.main`).
    pub addresses: BTreeMap<String, String>,
    /// Logical address → the import warnings about that resource: values that were assumed
    /// or dropped, on which a finding about it depends.
    pub assumed: BTreeMap<String, Vec<String>>,
}

/// Like [`import_terraform_text`], with the Terraform address of every design resource.
pub fn import_terraform_traced(text: &str, path: &Path) -> Result<TracedImport, ImportError> {
    import_text(text, path)
}

/// Like [`import_terraform_traced`], resolving what the plan names but does not create (an
/// existing VPC, subnet, route table or group) from `context`: the text of `terraform show
/// -json` of the state that manages the existing network (docs/import.md, "--context").
pub fn import_terraform_with_context(
    text: &str,
    path: &Path,
    context: &str,
    context_path: &Path,
) -> Result<TracedImport, ImportError> {
    let context_text = context.strip_prefix('\u{feff}').unwrap_or(context);
    let value: Value = serde_json::from_str(context_text)
        .map_err(|error| ImportError::malformed(context_path, &error))?;
    let root = value
        .get("values")
        .or_else(|| value.get("planned_values"))
        .and_then(|v| v.get("root_module"))
        .ok_or_else(|| ImportError::NotATerraformPlan {
            path: context_path.to_path_buf(),
            reason: "a context must be `terraform show -json` of a state (no `values.root_module`)"
                .to_owned(),
        })?;
    let state = plan::Plan::new(root, None, None, None);
    let changed = changed_addresses(text);
    let (inventory, _) = resources::read_context(&state, &changed);
    import_text_with(text, path, Some(inventory))
}

/// Addresses in a plan's `resource_changes` (what the plan creates, updates or deletes).
fn changed_addresses(text: &str) -> std::collections::BTreeSet<String> {
    let Ok(value) = serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(text))
    else {
        return std::collections::BTreeSet::new();
    };
    value
        .get("resource_changes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|change| crate::json::str_of(change, "address"))
        .collect()
}

/// Reads and imports a `terraform show -json` file.
pub fn import_terraform_file(path: impl AsRef<Path>) -> Result<Imported, ImportError> {
    let path = path.as_ref();
    if !path.exists() {
        return Err(ImportError::NotFound {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode_text(&bytes).map_err(|reason| ImportError::NotATerraformPlan {
        path: path.to_path_buf(),
        reason,
    })?;
    import_text(&text, path).map(|traced| traced.imported)
}

fn import_text(text: &str, path: &Path) -> Result<TracedImport, ImportError> {
    import_text_with(text, path, None)
}

fn import_text_with(
    text: &str,
    path: &Path,
    context: Option<crate::ir::Inventory>,
) -> Result<TracedImport, ImportError> {
    let not_a_plan = |reason: &str| ImportError::NotATerraformPlan {
        path: PathBuf::from(path),
        reason: reason.to_owned(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let wrong_output = |message: String| ImportError::WrongTerraformOutput {
        path: PathBuf::from(path),
        line: 1,
        column: 1,
        message,
    };
    if text::is_stream(text.trim_start()) {
        return Err(wrong_output(
            "this is the streaming output of `terraform plan -json` (JSON lines with `@level` and `type`), not a plan; save the plan and convert it: `terraform plan -out plan.out && terraform show -json plan.out > plan.json`".to_owned(),
        ));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|error| ImportError::malformed(path, &error))?;
    if !value.is_object() {
        return Err(not_a_plan("the top level is not an object"));
    }
    if value.get("format_version").is_none()
        && value.get("serial").is_some()
        && value.get("resources").is_some()
    {
        return Err(wrong_output(
            "this is a raw Terraform state file (`terraform.tfstate`), whose format is internal to Terraform; convert it: `terraform show -json > state.json` (in the configuration's directory) or `terraform show -json terraform.tfstate > state.json`".to_owned(),
        ));
    }
    // Terraform 0.12–0.15 wrote 0.1 and 0.2; 1.0 and later write 1.x. The parts vpcsim reads
    // (`planned_values`, `values`, `configuration`, `prior_state`) have the same shape in all.
    if let Some(version) = value.get("format_version").and_then(Value::as_str)
        && !matches!(version.split('.').next(), Some("0" | "1"))
    {
        return Err(not_a_plan(&format!(
            "unsupported format_version `{version}` (0.1, 0.2 and 1.x are known)"
        )));
    }
    let root = value
        .get("planned_values")
        .or_else(|| value.get("values"))
        .and_then(|v| v.get("root_module"))
        .ok_or_else(|| not_a_plan("no `planned_values.root_module` (nor `values.root_module`)"))?;
    let prior_state = value
        .get("prior_state")
        .and_then(|p| p.get("values"))
        .and_then(|v| v.get("root_module"));
    let plan = plan::Plan::new(
        root,
        value.get("configuration"),
        prior_state,
        value.get("variables"),
    );
    let (inventory, warnings) = resources::read_with_context(&plan, context);
    let (document, warnings, origins) = build::build_traced(inventory, warnings);
    if document.vpcs.is_empty() {
        return Err(ImportError::NoNetwork {
            path: PathBuf::from(path),
            reason: nothing_to_check(&plan, &warnings),
        });
    }
    let addresses: BTreeMap<String, String> = origins
        .into_iter()
        .map(|(logical, id)| {
            let address = plan
                .by_identity(&id)
                .or_else(|| {
                    plan.data
                        .iter()
                        .find(|d| crate::json::str_of(d.values, "id").as_deref() == Some(&id))
                })
                .map_or_else(
                    || id.strip_prefix("tf:existing:").unwrap_or(&id).to_owned(),
                    |r| r.address.clone(),
                );
            (logical, address)
        })
        .collect();
    let mut by_address: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (logical, address) in &addresses {
        by_address.entry(address).or_default().push(logical);
    }
    let mut assumed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for warning in warnings
        .iter()
        .filter(|w| w.level == crate::WarningLevel::Warning)
    {
        for logical in by_address
            .get(warning.resource.as_str())
            .into_iter()
            .flatten()
        {
            assumed
                .entry((*logical).to_owned())
                .or_default()
                .push(warning.to_string());
        }
    }
    Ok(TracedImport {
        imported: Imported { document, warnings },
        addresses,
        assumed,
    })
}

/// Why a plan gave no VPC: what it holds, and the first warnings that dropped resources.
fn nothing_to_check(plan: &plan::Plan<'_>, warnings: &[crate::ImportWarning]) -> String {
    if plan.resources.is_empty() {
        return "the plan has no managed resources in `planned_values` (an empty plan, or only data sources)".to_owned();
    }
    let dropped: Vec<String> = warnings
        .iter()
        .filter(|w| w.level == crate::WarningLevel::Warning)
        .take(3)
        .map(ToString::to_string)
        .collect();
    let mut reason = format!(
        "none of its {} resources is a VPC or names one, so no network can be checked",
        plan.resources.len()
    );
    if !dropped.is_empty() {
        reason.push_str(&format!(" (dropped: {})", dropped.join("; ")));
    }
    reason
}
