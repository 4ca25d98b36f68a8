//! Findings on a Terraform plan in Terraform's terms (docs/import.md, "Findings on a plan"):
//! each finding about a plan-imported resource names its Terraform address (the `resource`
//! field of JSON and SARIF, and a note), points at the line of that address in the plan JSON
//! (so SARIF locations differ per resource), and says which of the values it depends on the
//! import assumed or dropped.

use std::collections::{BTreeMap, HashMap};

use vpcsim_model::{Diagnostic, Span};

/// What [`annotate`](PlanTrace::annotate) needs from one plan import.
#[derive(Debug, Default)]
pub(crate) struct PlanTrace {
    /// Logical address (`vpc/V/sg/web`) → Terraform address.
    addresses: BTreeMap<String, String>,
    /// Logical address → import warnings about it.
    assumed: BTreeMap<String, Vec<String>>,
    /// Text that, in a finding's message, names something the import assumed (a placeholder
    /// AZ name, "route table `public`") → the warnings about it.
    mentions: Vec<(String, Vec<String>)>,
    /// Terraform address → where `"address": "…"` first appears in the plan text.
    positions: HashMap<String, Span>,
}

impl PlanTrace {
    pub(crate) fn new(traced: &vpcsim_import::TracedImport, text: &str) -> PlanTrace {
        // A subnet's routes are its route table's: what was assumed about the table is
        // assumed about the subnet.
        let mut assumed = traced.assumed.clone();
        for (vpc_name, vpc) in &traced.imported.document.vpcs {
            for (subnet_name, subnet) in &vpc.subnets {
                let Some(table) = &subnet.route_table else {
                    continue;
                };
                let table = format!("vpc/{}/route_table/{}", vpc_name.value, table.value);
                if let Some(warnings) = traced.assumed.get(&table) {
                    let subnet = format!("vpc/{}/subnet/{}", vpc_name.value, subnet_name.value);
                    assumed.entry(subnet).or_default().extend(warnings.clone());
                }
            }
        }
        let mut mentions = Vec::new();
        for (logical, warnings) in &assumed {
            let parts: Vec<&str> = logical.split('/').collect();
            let noun = match parts.get(2) {
                Some(&"subnet") => "subnet",
                Some(&"route_table") => "route table",
                Some(&"sg") => "security group",
                Some(&"nacl") => "network ACL",
                _ => continue,
            };
            if let Some(name) = parts.get(3) {
                mentions.push((format!("{noun} `{name}`"), warnings.clone()));
            }
        }
        for (vpc_name, vpc) in &traced.imported.document.vpcs {
            for (subnet_name, subnet) in &vpc.subnets {
                let az = &subnet.az.value;
                if !(az.contains("-unknown-") || az.starts_with("unknown-")) {
                    continue;
                }
                let logical = format!("vpc/{}/subnet/{}", vpc_name.value, subnet_name.value);
                if let Some(warnings) = traced.assumed.get(&logical) {
                    mentions.push((az.clone(), warnings.clone()));
                }
            }
        }
        PlanTrace {
            addresses: traced.addresses.clone(),
            assumed,
            mentions,
            positions: address_positions(text),
        }
    }

    /// Names the Terraform address on each diagnostic about a plan resource, places it at
    /// the resource's entry in the plan when it has no position, and notes the assumptions.
    pub(crate) fn annotate(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics {
            let mut notes = Vec::new();
            if let Some(resource) = diagnostic.resource.clone() {
                if let Some(address) = self.addresses.get(&resource) {
                    if !diagnostic.span.is_known()
                        && let Some(span) = self.positions.get(address)
                    {
                        diagnostic.span = *span;
                    }
                    notes.push(format!("Terraform address: `{address}`"));
                    diagnostic.resource = Some(address.clone());
                }
                let vpc: String = resource.split('/').take(2).collect::<Vec<_>>().join("/");
                let mut keys = vec![resource.clone()];
                if vpc != resource {
                    keys.push(vpc);
                }
                for key in keys {
                    for warning in self.assumed.get(&key).into_iter().flatten() {
                        notes.push(format!("depends on what the import assumed: {warning}"));
                    }
                }
            }
            for (text, warnings) in &self.mentions {
                if diagnostic.message.contains(text.as_str()) {
                    for warning in warnings {
                        notes.push(format!("depends on what the import assumed: {warning}"));
                    }
                }
            }
            for note in notes {
                if !diagnostic.notes.contains(&note) {
                    diagnostic.notes.push(note);
                }
            }
        }
    }
}

/// The first position of each `"address": "…"` in a plan's text, in one pass (a minified
/// plan is one long line, so columns are counted incrementally).
fn address_positions(text: &str) -> HashMap<String, Span> {
    const KEY: &str = "\"address\"";
    let mut out = HashMap::new();
    let mut line: u32 = 1;
    // Characters between the start of the current line and `scanned`.
    let mut column_chars: usize = 0;
    let mut scanned = 0;
    for (position, _) in text.match_indices(KEY) {
        let segment = &text[scanned..position];
        match segment.rfind('\n') {
            Some(newline) => {
                let newlines = segment.bytes().filter(|b| *b == b'\n').count();
                line = line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
                column_chars = segment[newline + 1..].chars().count();
            }
            None => column_chars += segment.chars().count(),
        }
        scanned = position;
        let after_key = &text[position + KEY.len()..];
        let Some(value) = after_key.trim_start().strip_prefix(':') else {
            continue;
        };
        let value = value.trim_start();
        if !value.starts_with('"') {
            continue;
        }
        let mut strings = serde_json::Deserializer::from_str(value).into_iter::<String>();
        let Some(Ok(address)) = strings.next() else {
            continue;
        };
        let end = text.len() - value.len() + strings.byte_offset();
        out.entry(address).or_insert(Span {
            line,
            column: u32::try_from(column_chars + 1).unwrap_or(u32::MAX),
            offset: u32::try_from(position).unwrap_or(u32::MAX),
            len: u32::try_from(end - position).unwrap_or(0),
            ..Span::UNKNOWN
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_address_once_with_line_and_column() {
        let text = "{\n  \"a\": [\n    {\"address\": \"aws_vpc.main\"},\n    {\"address\" : \"aws_subnet.this[\\\"a\\\"]\"}\n  ],\n  \"x\": {\"address\": \"aws_vpc.main\"}\n}";
        let positions = address_positions(text);
        let vpc = positions["aws_vpc.main"];
        assert_eq!((vpc.line, vpc.column), (3, 6));
        assert_eq!(
            &text[vpc.offset as usize..(vpc.offset + vpc.len) as usize],
            "\"address\": \"aws_vpc.main\""
        );
        let subnet = positions["aws_subnet.this[\"a\"]"];
        assert_eq!((subnet.line, subnet.column), (4, 6));
        let minified = "{\"r\":[{\"address\":\"a.b\"},{\"address\":\"c.d\"}]}";
        let positions = address_positions(minified);
        assert_eq!((positions["c.d"].line, positions["c.d"].column), (1, 26));
    }
}
