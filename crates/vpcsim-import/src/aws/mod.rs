//! `aws ec2 describe-*` / `aws elbv2 describe-*` / `aws rds describe-db-instances` JSON → design.
//!
//! Input is a directory searched recursively for `*.json` (so Batfish's
//! `aws_configs/[accounts/<id>/]<region>/` layout works as is) or a single JSON file. Files are
//! recognised by their top-level key, never by name (docs/import.md). Files are read in sorted
//! path order; a resource seen twice keeps its first occurrence.

mod resources;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::build;
use crate::error::{ImportError, ImportWarning, Imported};
use crate::ir::Inventory;

/// Top-level keys that hold nothing vpcsim models; reported as info, not as unknown.
const IGNORED_KEYS: &[&str] = &[
    "AvailabilityZones",
    "CustomerGateways",
    "VpnConnections",
    "DhcpOptions",
    "KeyPairs",
    "Images",
    "Volumes",
    "Snapshots",
    "NextToken",
    "AdditionalRoutesAvailable",
    "ResponseMetadata",
];

/// Imports a directory (searched recursively) or a single file of AWS describe-* JSON.
///
/// Fails only when the path is missing, a file cannot be read or is not JSON, or nothing with a
/// recognised top-level key was found. Everything else is a warning in [`Imported::warnings`].
pub fn import_aws_dir(path: impl AsRef<Path>) -> Result<Imported, ImportError> {
    let root = path.as_ref();
    if !root.exists() {
        return Err(ImportError::NotFound {
            path: root.to_path_buf(),
        });
    }
    let mut files = Vec::new();
    if root.is_dir() {
        collect_json_files(root, &mut files)?;
    } else {
        files.push(root.to_path_buf());
    }
    files.sort();

    let mut inventory = Inventory::default();
    let mut pending = resources::Pending::default();
    let mut warnings = Vec::new();
    let mut recognised = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|source| ImportError::Io {
            path: file.clone(),
            source,
        })?;
        let value: Value =
            serde_json::from_str(&text).map_err(|error| ImportError::malformed(file, &error))?;
        let shown = display_path(root, file);
        let Value::Object(top) = value else {
            warnings.push(ImportWarning::warn(
                shown,
                "top level is not a JSON object; file ignored",
            ));
            continue;
        };
        let table_hint = table_hint(&top, file);
        for (key, items) in &top {
            if key == "TransitGatewayRouteTableId" && items.is_string() {
                continue;
            }
            let mut context = resources::Context {
                file: &shown,
                key,
                inventory: &mut inventory,
                warnings: &mut warnings,
                pending: &mut pending,
                table_hint: table_hint.as_deref(),
            };
            match context.read(items) {
                resources::Outcome::Read => recognised += 1,
                resources::Outcome::Unknown if IGNORED_KEYS.contains(&key.as_str()) => {
                    warnings.push(ImportWarning::info(
                        &shown,
                        format!("`{key}` is not used by vpcsim; ignored"),
                    ));
                }
                resources::Outcome::Unknown => warnings.push(ImportWarning::info(
                    &shown,
                    format!("unknown top-level key `{key}`; ignored"),
                )),
            }
        }
    }
    if recognised == 0 {
        return Err(ImportError::NoRecognisedFiles {
            path: root.to_path_buf(),
        });
    }
    resources::finish(&mut inventory, pending, &mut warnings);
    let (document, warnings) = build::build(inventory, warnings);
    Ok(Imported { document, warnings })
}

/// The TGW route table a per-table file is about: its top-level `TransitGatewayRouteTableId`,
/// else the first `tgw-rtb-…` token of the file name (`tgw-rtb-` and the letters and digits
/// after it; docs/import.md).
fn table_hint(top: &serde_json::Map<String, Value>, file: &Path) -> Option<String> {
    if let Some(Value::String(id)) = top.get("TransitGatewayRouteTableId") {
        return Some(id.clone());
    }
    let name = file.file_stem()?.to_string_lossy();
    let start = name.find("tgw-rtb-")?;
    let id: String = name[start + "tgw-rtb-".len()..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    (!id.is_empty()).then(|| format!("tgw-rtb-{id}"))
}

fn collect_json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| ImportError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.is_dir() {
            collect_json_files(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// A file's path relative to the imported root, with `/` separators, for warnings that do not
/// depend on where the snapshot sits on disk.
fn display_path(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let text = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if text.is_empty() {
        file.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        text
    }
}
