//! The bytes of a file as people have them: UTF-8 with or without a byte-order mark, or UTF-16
//! (LE/BE) as PowerShell's `>` writes, and what kind of Terraform JSON the text is
//! (docs/import.md, "Exporting from Terraform").

use serde_json::Value;

/// Decodes a text file: UTF-8 (a leading BOM is dropped), or UTF-16 LE/BE with a BOM, or
/// UTF-16 without one when the first character is ASCII (`{` then a NUL byte). The error says
/// what the bytes are.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes, "UTF-16BE");
    }
    match bytes {
        [first, 0, ..] if *first != 0 && first.is_ascii() => {
            utf16(bytes, u16::from_le_bytes, "UTF-16LE")
        }
        [0, second, ..] if *second != 0 && second.is_ascii() => {
            utf16(bytes, u16::from_be_bytes, "UTF-16BE")
        }
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|error| {
        format!(
            "not UTF-8 or UTF-16 text (invalid UTF-8 at byte {})",
            error.utf8_error().valid_up_to()
        )
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, name: &str) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(format!("{name} text with an odd number of bytes"));
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|error| format!("invalid {name} text: {error}"))
}

/// What a JSON text produced by Terraform is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerraformJson {
    /// `terraform show -json PLANFILE` (or `terraform show -json` of a state): read.
    Show,
    /// The machine-readable UI of `terraform plan -json` / `apply -json`: JSON lines with
    /// `@level`, `@message` and `type`. Refused with the command to run instead.
    Stream,
    /// A raw state file (`terraform.tfstate`: `version`, `terraform_version`, `resources` with
    /// `instances`). Refused with the command to run instead.
    RawState,
}

/// Whether `text` is JSON that Terraform wrote, and which kind; `None` for anything else (a
/// design in JSON, say). Independent of key order, so a `jq -S`-sorted plan is still a plan.
pub fn detect(text: &str) -> Option<TerraformJson> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('{') {
        return None;
    }
    if is_stream(text) {
        return Some(TerraformJson::Stream);
    }
    let maybe_show = text.contains("\"format_version\"");
    let maybe_state = text.contains("\"terraform_version\"") && text.contains("\"serial\"");
    if !maybe_show && !maybe_state {
        return None;
    }
    // Only the top-level keys matter: read them without building the values.
    let keys: std::collections::BTreeMap<String, serde::de::IgnoredAny> =
        serde_json::from_str(text).ok()?;
    let has = |key: &str| keys.contains_key(key);
    if has("format_version")
        && (has("planned_values")
            || has("values")
            || has("terraform_version")
            || has("resource_changes")
            || has("configuration"))
    {
        Some(TerraformJson::Show)
    } else if has("terraform_version") && has("resources") && has("serial") {
        Some(TerraformJson::RawState)
    } else {
        None
    }
}

/// The first line is a JSON object with Terraform's UI keys.
pub(crate) fn is_stream(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    // The stream's first line is a short `version` message; a minified plan is one long line
    // that must not be parsed here.
    if first.len() > 64 * 1024 || !first.contains("\"@level\"") {
        return false;
    }
    let Ok(Value::Object(line)) = serde_json::from_str::<Value>(first) else {
        return false;
    };
    line.contains_key("@level") && line.contains_key("@message") && line.contains_key("type")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn decodes_every_encoding_terraform_output_ends_up_in() {
        let text = r#"{"format_version": "1.2", "é": "ü"}"#;
        assert_eq!(decode_text(text.as_bytes()).unwrap(), text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(text.as_bytes());
        assert_eq!(decode_text(&bom).unwrap(), text);
        assert_eq!(decode_text(&utf16le(text, true)).unwrap(), text);
        assert_eq!(decode_text(&utf16le(text, false)).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_text(&be).unwrap(), text);
        let error = decode_text(&[b'{', 0xC3, 0x28]).unwrap_err();
        assert!(error.contains("byte 1"), "{error}");
        assert!(decode_text(&[0xFF, 0xFE, b'{']).is_err());
    }

    #[test]
    fn detection_does_not_depend_on_key_order() {
        let filler = format!("\"{}\"", "x".repeat(10_000));
        let sorted = format!(
            r#"{{"configuration": {{"root_module": {{}}, "pad": {filler}}}, "format_version": "0.1", "planned_values": {{}}, "terraform_version": "0.12.31"}}"#
        );
        assert_eq!(detect(&sorted), Some(TerraformJson::Show));
        let state = r#"{"format_version": "1.0", "terraform_version": "1.5.0", "values": {}}"#;
        assert_eq!(detect(state), Some(TerraformJson::Show));
        let raw = r#"{"version": 4, "terraform_version": "1.5.0", "serial": 3, "lineage": "x", "resources": []}"#;
        assert_eq!(detect(raw), Some(TerraformJson::RawState));
        let stream = "{\"@level\":\"info\",\"@message\":\"Terraform 1.6.0\",\"@module\":\"terraform.ui\",\"type\":\"version\",\"terraform\":\"1.6.0\"}\n{\"@level\":\"info\"}\n";
        assert_eq!(detect(stream), Some(TerraformJson::Stream));
        assert_eq!(detect("{\"vpcs\": {}}"), None);
        assert_eq!(detect("vpcs: {}\n# format_version"), None);
        assert_eq!(detect("{\"format_version\": \"1.0\"}"), None);
        assert_eq!(
            detect("\u{feff}{\"format_version\": \"1.0\", \"planned_values\": {}}"),
            Some(TerraformJson::Show)
        );
    }
}
