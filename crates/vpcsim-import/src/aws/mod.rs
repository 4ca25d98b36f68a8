//! `aws ec2 describe-*` / `aws elbv2 describe-*` / `aws rds describe-db-instances` JSON → design.
//!
//! Input is a directory searched recursively for `*.json` (so Batfish's
//! `aws_configs/[accounts/<id>/]<region>/` layout works as is) or a single JSON file. Files are
//! recognised by their top-level key, never by name (docs/import.md). Files are read in sorted
//! path order; a resource seen twice keeps its first occurrence.

mod resources;
mod tgw;

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
    let mut skipped = Vec::new();
    if root.is_dir() {
        collect_json_files(root, &mut files, &mut skipped)?;
    } else {
        files.push(root.to_path_buf());
    }
    files.sort();
    skipped.sort();

    let mut inventory = Inventory::default();
    let mut pending = resources::Pending::default();
    let mut warnings: Vec<ImportWarning> = skipped
        .into_iter()
        .map(|(path, why)| {
            ImportWarning::warn(display_path(root, &path), format!("skipped: {why}"))
        })
        .collect();
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
        let (region_hint, account_hint) = folder_hints(root, file);
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
                region_hint: region_hint.as_deref(),
                account_hint: account_hint.as_deref(),
            };
            match context.read(items) {
                resources::Outcome::Read => recognised += 1,
                resources::Outcome::Unknown if key == "VpnConnections" => {
                    vpn_connections(items, &shown, &mut inventory, &mut warnings);
                    recognised += 1;
                }
                resources::Outcome::Unknown if IGNORED_KEYS.contains(&key.as_str()) => {
                    warnings.push(ImportWarning::info(
                        &shown,
                        format!("`{key}` is not used by vpcsim; ignored"),
                    ));
                }
                resources::Outcome::Unknown => warnings.push(ImportWarning::warn(
                    &shown,
                    format!(
                        "unknown top-level key `{key}`; ignored, so whatever it describes is missing from the design"
                    ),
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

/// The Region and account the folders between `root` and `file` name: the innermost folder
/// that looks like a Region (`us-east-2`, `eu-central-1`, `us-gov-west-1`), and the innermost
/// twelve-digit folder (Batfish's `accounts/<id>/<region>/`, or `<id>/<region>/`).
fn folder_hints(root: &Path, file: &Path) -> (Option<String>, Option<String>) {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let mut region = None;
    let mut account = None;
    for component in relative.parent().into_iter().flat_map(Path::components) {
        let name = component.as_os_str().to_string_lossy();
        if is_region(&name) {
            region = Some(name.to_string());
        } else if name.len() == 12 && name.bytes().all(|b| b.is_ascii_digit()) {
            account = Some(name.to_string());
        }
    }
    if region.is_none() {
        // The root itself may be the Region folder (`vpcsim import aws aws_configs/us-east-2`).
        region = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| is_region(n));
    }
    (region, account)
}

/// `xx-name-N` or `xx-gov-name-N`: the shape of every AWS Region code.
fn is_region(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    let letters = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    match parts.as_slice() {
        [geo, area, number] => {
            geo.len() == 2 && letters(geo) && letters(area) && number.parse::<u8>().is_ok()
        }
        [geo, "gov" | "iso" | "isob", area, number] => {
            geo.len() == 2 && letters(geo) && letters(area) && number.parse::<u8>().is_ok()
        }
        _ => false,
    }
}

/// The largest describe-* file read (larger ones are skipped with a warning).
const MAX_FILE_BYTES: u64 = 256 << 20;

/// The `*.json` files under `dir`, recursively. Entries are classified without following
/// symbolic links, so a link to `.` or `/` cannot make the walk loop or leave the export;
/// linked folders, FIFOs, devices, links to them and oversized files are skipped, each named in
/// `skipped` (a FIFO would block the read forever, `/dev/zero` never ends).
fn collect_json_files(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<(PathBuf, String)>,
) -> Result<(), ImportError> {
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
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let is_json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        if kind.is_dir() {
            collect_json_files(&path, out, skipped)?;
        } else if kind.is_symlink() {
            // Follow a link only to a regular file.
            match std::fs::metadata(&path) {
                Ok(target) if target.is_file() && is_json => {
                    if target.len() > MAX_FILE_BYTES {
                        skipped.push((path, format!("larger than {MAX_FILE_BYTES} bytes")));
                    } else {
                        out.push(path);
                    }
                }
                Ok(target) if target.is_dir() => {
                    skipped.push((path, "a symbolic link to a folder (not followed)".into()));
                }
                Ok(_) if is_json => {
                    skipped.push((
                        path,
                        "a link to something that is not a regular file".into(),
                    ));
                }
                Ok(_) => {}
                Err(_) => skipped.push((path, "a dangling symbolic link".into())),
            }
        } else if !kind.is_file() {
            if is_json {
                skipped.push((path, "not a regular file (FIFO, socket or device)".into()));
            }
        } else if is_json {
            match entry.metadata() {
                Ok(meta) if meta.len() > MAX_FILE_BYTES => {
                    skipped.push((path, format!("larger than {MAX_FILE_BYTES} bytes")));
                }
                _ => out.push(path),
            }
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

/// `describe-vpn-connections` (docs/semantics.md §15.11): a connection on a VPN gateway adds its
/// static routes (`Routes[].DestinationCidrBlock`, except deleted ones) to what that gateway's
/// VPN covers; routes learned by BGP are not in the export and come from the route tables'
/// propagated routes instead. A connection on a transit gateway is not modelled (a warning).
fn vpn_connections(
    items: &serde_json::Value,
    shown: &str,
    inventory: &mut crate::ir::Inventory,
    warnings: &mut Vec<ImportWarning>,
) {
    use crate::json::str_of;
    for connection in items.as_array().into_iter().flatten() {
        let id = str_of(connection, "VpnConnectionId").unwrap_or_else(|| shown.to_owned());
        if str_of(connection, "State").as_deref() == Some("deleted") {
            continue;
        }
        let Some(vgw) = str_of(connection, "VpnGatewayId") else {
            warnings.push(ImportWarning::warn(
                id,
                "a Site-to-Site VPN connection on a transit gateway is not modelled; traffic routed to its TGW attachment is dropped as by a blackhole",
            ));
            continue;
        };
        let routes = inventory.vpn_routes.entry(vgw.clone()).or_default();
        let mut found = 0usize;
        for route in connection
            .get("Routes")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
        {
            if str_of(route, "State").as_deref() == Some("deleted") {
                continue;
            }
            if let Some(cidr) = str_of(route, "DestinationCidrBlock") {
                routes.push(cidr);
                found += 1;
            }
        }
        if found == 0 {
            warnings.push(ImportWarning::info(
                id,
                format!("no static routes: what the VPN on {vgw} covers is read from the routes it propagates into route tables (BGP-learned routes are not in the export)"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_and_account_come_from_the_folders() {
        let root = Path::new("/x/aws_configs");
        let hints = |file: &str| folder_hints(root, &root.join(file));
        assert_eq!(
            hints("accounts/123456789012/us-east-2/Vpcs.json"),
            (Some("us-east-2".into()), Some("123456789012".into()))
        );
        assert_eq!(
            hints("us-gov-west-1/Vpcs.json"),
            (Some("us-gov-west-1".into()), None)
        );
        assert_eq!(hints("Vpcs.json"), (None, None));
        assert_eq!(hints("misc/Vpcs.json"), (None, None));
        let region_root = Path::new("/x/aws_configs/eu-central-1");
        assert_eq!(
            folder_hints(region_root, &region_root.join("Vpcs.json"))
                .0
                .as_deref(),
            Some("eu-central-1")
        );
        assert!(!is_region("us-east"));
        assert!(!is_region("accounts"));
        assert!(is_region("ap-southeast-3"));
    }

    #[test]
    fn table_id_comes_from_the_top_level_or_the_file_name() {
        let top: serde_json::Map<String, Value> =
            serde_json::from_str(r#"{"TransitGatewayRouteTableId": "tgw-rtb-1"}"#).unwrap();
        assert_eq!(
            table_hint(&top, Path::new("a.json")).as_deref(),
            Some("tgw-rtb-1")
        );
        let empty = serde_json::Map::new();
        assert_eq!(
            table_hint(&empty, Path::new("dir/routes-tgw-rtb-0abc12-x.json")).as_deref(),
            Some("tgw-rtb-0abc12")
        );
        assert_eq!(table_hint(&empty, Path::new("routes.json")), None);
    }
}
