//! Small, total accessors over `serde_json::Value` for the loosely shaped inputs we read.
//!
//! Real exports vary by CLI version and provider version, so fields are read leniently: a
//! missing or mistyped field reads as `None` and the caller decides whether that is worth a
//! warning. Nothing here panics.

use serde_json::Value;

/// `value[key]` as a string (numbers are rendered, so `"6"` and `6` read alike).
pub(crate) fn str_of(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// `value[key]` as an integer (numeric strings are accepted).
pub(crate) fn int_of(value: &Value, key: &str) -> Option<i64> {
    match value.get(key)? {
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().map(|f| f as i64)),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// `value[key]` as a bool (`"true"`/`"false"` strings are accepted).
pub(crate) fn bool_of(value: &Value, key: &str) -> Option<bool> {
    match value.get(key)? {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// `value[key]` as an array slice (empty when absent or not an array).
pub(crate) fn arr_of<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    match value.get(key) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// `value[key]` as a list of strings, skipping non-strings.
pub(crate) fn strs_of(value: &Value, key: &str) -> Vec<String> {
    arr_of(value, key)
        .iter()
        .filter_map(|item| item.as_str().map(str::to_owned))
        .collect()
}

/// Every tag of an AWS `Tags`/`TagSet` list or a Terraform `tags` map (`tags_all` when
/// `tags` is absent), with string values; the design's `tags:` (docs/policies.md). `Name` is
/// left out: it already is the resource's name.
pub(crate) fn all_tags(value: &Value) -> std::collections::BTreeMap<String, String> {
    let mut tags = std::collections::BTreeMap::new();
    for key in ["Tags", "TagSet"] {
        for tag in arr_of(value, key) {
            if let (Some(k), Some(v)) = (str_of(tag, "Key"), str_of(tag, "Value")) {
                tags.entry(k).or_insert(v);
            }
        }
    }
    for key in ["tags", "tags_all"] {
        if let Some(Value::Object(map)) = value.get(key) {
            if !tags.is_empty() {
                break;
            }
            for (k, v) in map {
                if let Some(v) = v.as_str() {
                    tags.insert(k.clone(), v.to_owned());
                }
            }
        }
    }
    tags.remove("Name");
    tags
}

/// The value of the `Name` tag in an AWS `Tags`/`TagSet` list or a Terraform `tags` map.
pub(crate) fn name_tag(value: &Value) -> Option<String> {
    for key in ["Tags", "TagSet"] {
        for tag in arr_of(value, key) {
            if tag.get("Key").and_then(Value::as_str) == Some("Name") {
                let name = str_of(tag, "Value")?;
                return (!name.trim().is_empty()).then_some(name);
            }
        }
    }
    for key in ["tags", "tags_all"] {
        if let Some(name) = value.get(key).and_then(|tags| str_of(tags, "Name"))
            && !name.trim().is_empty()
        {
            return Some(name);
        }
    }
    None
}
