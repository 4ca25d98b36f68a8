//! The parts of `terraform show -json` we read: resource instances from `planned_values` (or
//! `values` for state JSON), their `after_unknown` masks, and the `configuration` expressions
//! that say which resource an unknown attribute points at (docs/import.md).
//!
//! A resource instance's identity is its real `id` when the plan knows it, else
//! `tf:<address>`. Resolving a reference yields identities, so a subnet planned in the same
//! run as its VPC still finds that VPC.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::json::str_of;

/// One resource instance in the planned values.
#[derive(Debug)]
pub(crate) struct Resource<'a> {
    /// Full address, e.g. `module.vpc.aws_subnet.public[0]`.
    pub(crate) address: String,
    /// Module path, e.g. `module.vpc` (empty at the root).
    pub(crate) module: String,
    pub(crate) kind: String,
    pub(crate) name: String,
    /// `count` index or `for_each` key.
    pub(crate) index: Option<Value>,
    pub(crate) values: &'a Value,
    /// The identity other resources use to refer to this one.
    pub(crate) identity: String,
}

impl Resource<'_> {
    /// The resource name with its index: `public_a`, `public_a-0`, `public_a-key`.
    pub(crate) fn local_name(&self) -> String {
        match &self.index {
            None => self.name.clone(),
            Some(Value::String(key)) => format!("{}-{key}", self.name),
            Some(other) => format!("{}-{other}", self.name),
        }
    }
}

/// A parsed plan with lookups by address and by module-local resource.
pub(crate) struct Plan<'a> {
    pub(crate) resources: Vec<Resource<'a>>,
    /// Data sources (`mode: data`) with values, from `prior_state` and the planned values:
    /// what the plan read about networks that already exist.
    pub(crate) data: Vec<Resource<'a>>,
    /// The plan's root `variables` (`name` → value).
    variables: BTreeMap<String, &'a Value>,
    /// The AWS provider's `region`, when the configuration sets it to a constant.
    pub(crate) provider_region: Option<String>,
    /// (module, `type.name`) → indices into `resources`.
    by_resource: BTreeMap<(String, String), Vec<usize>>,
    /// Module path → its configuration object.
    configs: BTreeMap<String, &'a Value>,
    /// Identity → index into `resources`.
    identities: std::collections::HashMap<String, usize>,
    /// (module, `type.name`) → the resource's configuration.
    config_resources: std::collections::HashMap<(String, String), &'a Value>,
    /// (module, type) → how many resources of that type the module has, and the first.
    by_kind: std::collections::HashMap<(String, String), (usize, usize)>,
}

/// A parsed reference: `aws_subnet.public[0].id` → resource `aws_subnet.public`, index `0`.
enum Reference {
    Resource { key: String, index: Option<Value> },
    Var(String),
    ModuleOutput { module: String, output: String },
    Other,
}

fn parse_reference(text: &str) -> Reference {
    let mut parts = text.splitn(3, '.');
    let first = parts.next().unwrap_or_default();
    let second = parts.next().unwrap_or_default();
    let rest = parts.next();
    match first {
        "var" => Reference::Var(second.to_owned()),
        "module" => {
            // Keeps the instance key (`module.vpc[0]`): the resources are that instance's.
            let module = second.to_owned();
            match rest {
                Some(rest) => Reference::ModuleOutput {
                    module,
                    output: rest.split(['.', '[']).next().unwrap_or(rest).to_owned(),
                },
                None => Reference::Other,
            }
        }
        "data" | "local" | "count" | "each" | "path" | "terraform" | "self" | "" => {
            Reference::Other
        }
        kind if kind.starts_with("aws_") => {
            let (name, index) = match second.split_once('[') {
                Some((name, index)) => {
                    let index = index.trim_end_matches(']');
                    let index = if let Some(key) = index.strip_prefix('"') {
                        Value::String(key.trim_end_matches('"').to_owned())
                    } else {
                        index
                            .parse::<i64>()
                            .map(Value::from)
                            .unwrap_or(Value::String(index.to_owned()))
                    };
                    (name, Some(index))
                }
                None => (second, None),
            };
            Reference::Resource {
                key: format!("{kind}.{name}"),
                index,
            }
        }
        _ => Reference::Other,
    }
}

/// A module instance's path without its `count`/`for_each` keys, as the configuration
/// (one entry per module call) names it: `module.a[0].module.b["x"]` → `module.a.module.b`.
fn config_path(module: &str) -> String {
    let mut out = String::with_capacity(module.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in module.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn child_path(module: &str, call: &str) -> String {
    if module.is_empty() {
        format!("module.{call}")
    } else {
        format!("{module}.module.{call}")
    }
}

fn parent_path(module: &str) -> Option<(String, String)> {
    let (parent, call) = module.rsplit_once("module.")?;
    Some((parent.trim_end_matches('.').to_owned(), call.to_owned()))
}

impl<'a> Plan<'a> {
    /// Reads the values tree (`planned_values.root_module` or `values.root_module`), the
    /// configuration, data sources (there and in `prior_state.values.root_module`, where
    /// Terraform puts what it read at plan time) and the root module's `variables`.
    pub(crate) fn new(
        root_values: &'a Value,
        configuration: Option<&'a Value>,
        prior_state: Option<&'a Value>,
        variables: Option<&'a Value>,
    ) -> Plan<'a> {
        let mut resources = Vec::new();
        let mut data = Vec::new();
        collect(root_values, &mut resources, &mut data);
        if let Some(prior) = prior_state {
            let mut ignored = Vec::new();
            collect(prior, &mut ignored, &mut data);
        }
        data.sort_by(|a, b| a.address.cmp(&b.address));
        data.dedup_by(|a, b| a.address == b.address);
        let variables = variables
            .and_then(Value::as_object)
            .map(|vars| {
                vars.iter()
                    .filter_map(|(name, v)| Some((name.clone(), v.get("value")?)))
                    .collect()
            })
            .unwrap_or_default();
        resources.sort_by(|a, b| a.address.cmp(&b.address));
        let mut by_resource: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (position, resource) in resources.iter().enumerate() {
            by_resource
                .entry((
                    resource.module.clone(),
                    format!("{}.{}", resource.kind, resource.name),
                ))
                .or_default()
                .push(position);
        }
        let mut configs = BTreeMap::new();
        if let Some(root) = configuration.and_then(|c| c.get("root_module")) {
            collect_configs(root, String::new(), &mut configs);
        }
        let provider_region = configuration
            .and_then(|c| c.get("provider_config"))
            .and_then(Value::as_object)
            .and_then(|providers| {
                providers
                    .iter()
                    .filter(|(key, _)| *key == "aws" || key.ends_with(":aws"))
                    .find_map(|(_, provider)| {
                        provider
                            .get("expressions")?
                            .get("region")?
                            .get("constant_value")?
                            .as_str()
                            .map(str::to_owned)
                    })
            });
        let mut config_resources = std::collections::HashMap::new();
        for (module, config) in &configs {
            for resource in config
                .get("resources")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(address) = str_of(resource, "address") {
                    config_resources
                        .entry((module.clone(), address))
                        .or_insert(resource);
                }
            }
        }
        let mut by_kind: std::collections::HashMap<(String, String), (usize, usize)> =
            std::collections::HashMap::new();
        for (position, resource) in resources.iter().enumerate() {
            by_kind
                .entry((resource.module.clone(), resource.kind.clone()))
                .or_insert((0, position))
                .0 += 1;
        }
        let identities = resources
            .iter()
            .enumerate()
            .map(|(position, r)| (r.identity.clone(), position))
            .collect();
        Plan {
            config_resources,
            by_kind,
            provider_region,
            identities,
            resources,
            data,
            variables,
            by_resource,
            configs,
        }
    }

    /// The value of root variable `name`, when the plan records it.
    pub(crate) fn variable(&self, name: &str) -> Option<&'a Value> {
        self.variables.get(name).copied()
    }

    /// The one resource of `kind` in `module`, if there is exactly one.
    pub(crate) fn only_resource(&self, module: &str, kind: &str) -> Option<&Resource<'a>> {
        match self.by_kind.get(&(module.to_owned(), kind.to_owned())) {
            Some((1, position)) => Some(&self.resources[*position]),
            _ => None,
        }
    }

    /// The references of an expression (`references` of a configuration expression).
    pub(crate) fn references(expression: &Value) -> Vec<&str> {
        expression
            .get("references")
            .and_then(Value::as_array)
            .map(|refs| refs.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    fn config_resource(&self, resource: &Resource<'_>) -> Option<&'a Value> {
        self.config_resources
            .get(&(
                config_path(&resource.module),
                format!("{}.{}", resource.kind, resource.name),
            ))
            .copied()
    }

    /// The configuration `expressions` object of `resource`, if any.
    pub(crate) fn expressions(&self, resource: &Resource<'_>) -> Option<&'a Value> {
        self.config_resource(resource)?.get("expressions")
    }

    /// The configuration expression of `attr` on `resource`, if any.
    pub(crate) fn expression(&self, resource: &Resource<'_>, attr: &str) -> Option<&'a Value> {
        self.config_resource(resource)?
            .get("expressions")?
            .get(attr)
    }

    /// Identities an expression's references point at, evaluated in `module` for a resource
    /// instance with `own_index`.
    pub(crate) fn resolve_refs(
        &self,
        module: &str,
        expression: &Value,
        own_index: Option<&Value>,
        depth: usize,
    ) -> Vec<String> {
        let references: Vec<&str> = expression
            .get("references")
            .and_then(Value::as_array)
            .map(|refs| refs.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if depth > 8 {
            return Vec::new();
        }
        let index_dependent = references
            .iter()
            .any(|r| r.starts_with("count.index") || r.starts_with("each."));
        // Group resource references by resource, keeping any explicit indices.
        let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
        let mut out: Vec<String> = Vec::new();
        for reference in &references {
            match parse_reference(reference) {
                Reference::Resource { key, index } => {
                    let position = match groups.iter().position(|(k, _)| *k == key) {
                        Some(position) => position,
                        None => {
                            groups.push((key, Vec::new()));
                            groups.len() - 1
                        }
                    };
                    if let Some(index) = index
                        && !groups[position].1.contains(&index)
                    {
                        groups[position].1.push(index);
                    }
                }
                Reference::Var(name) => {
                    if let Some((parent, call)) = parent_path(module) {
                        let call = call.split('[').next().unwrap_or(&call);
                        let expression = self
                            .configs
                            .get(&config_path(&parent))
                            .and_then(|c| c.get("module_calls"))
                            .and_then(|calls| calls.get(call))
                            .and_then(|call| call.get("expressions"))
                            .and_then(|e| e.get(&name));
                        if let Some(expression) = expression {
                            out.extend(self.resolve_refs(&parent, expression, None, depth + 1));
                        }
                    }
                }
                Reference::ModuleOutput {
                    module: call,
                    output,
                } => {
                    let child = child_path(module, &call);
                    let expression = self
                        .configs
                        .get(&config_path(&child))
                        .and_then(|c| c.get("outputs"))
                        .and_then(|outputs| outputs.get(&output))
                        .and_then(|o| o.get("expression"));
                    if let Some(expression) = expression {
                        out.extend(self.resolve_refs(&child, expression, None, depth + 1));
                    }
                }
                Reference::Other => {}
            }
        }
        for (key, indices) in groups {
            let Some(positions) = self.by_resource.get(&(module.to_owned(), key)) else {
                continue;
            };
            let targets: Vec<&Resource<'_>> =
                positions.iter().map(|p| &self.resources[*p]).collect();
            let chosen: Vec<&Resource<'_>> = if !indices.is_empty() {
                targets
                    .iter()
                    .copied()
                    .filter(|t| t.index.as_ref().is_some_and(|i| indices.contains(i)))
                    .collect()
            } else if let (Some(own), true, true) = (own_index, targets.len() > 1, index_dependent)
            {
                let same: Vec<&Resource<'_>> = targets
                    .iter()
                    .copied()
                    .filter(|t| t.index.as_ref() == Some(own))
                    .collect();
                match (same.is_empty(), own.as_u64()) {
                    // `element(x[*].id, count.index)` wraps around: an index past the end
                    // (which `x[count.index]` would have refused at plan time) takes
                    // `own % len` of the numbered instances.
                    (true, Some(own)) => {
                        let mut numbered: Vec<(u64, &Resource<'_>)> = targets
                            .iter()
                            .filter_map(|t| Some((t.index.as_ref()?.as_u64()?, *t)))
                            .collect();
                        numbered.sort_by_key(|(i, _)| *i);
                        let len = numbered.len() as u64;
                        if len == 0 {
                            Vec::new()
                        } else {
                            usize::try_from(own % len)
                                .ok()
                                .and_then(|i| numbered.get(i))
                                .map(|(_, t)| *t)
                                .into_iter()
                                .collect()
                        }
                    }
                    _ => same,
                }
            } else {
                targets
            };
            out.extend(chosen.into_iter().map(|t| t.identity.clone()));
        }
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|id| seen.insert(id.clone()));
        out
    }

    /// Identities for `attr` of `resource`: the known value(s), plus what the configuration's
    /// references say for unknown ones.
    pub(crate) fn ids(&self, resource: &Resource<'_>, attr: &str) -> Vec<String> {
        let mut known: Vec<String> = match resource.values.get(attr) {
            Some(Value::String(text)) if !text.is_empty() => return vec![text.clone()],
            Some(Value::Array(items)) => {
                let known: Vec<String> = items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_owned))
                    .collect();
                if known.len() == items.len() && !items.is_empty() {
                    return known;
                }
                known
            }
            _ => Vec::new(),
        };
        if let Some(expression) = self.expression(resource, attr) {
            for id in self.resolve_refs(&resource.module, expression, resource.index.as_ref(), 0) {
                if !known.contains(&id) {
                    known.push(id);
                }
            }
        }
        known
    }

    /// The single identity for `attr`, if exactly one was found.
    pub(crate) fn id(&self, resource: &Resource<'_>, attr: &str) -> Option<String> {
        self.ids(resource, attr).into_iter().next()
    }

    /// The resource whose identity is `id`.
    pub(crate) fn by_identity(&self, id: &str) -> Option<&Resource<'a>> {
        self.identities.get(id).map(|p| &self.resources[*p])
    }
}

fn collect<'a>(module: &'a Value, out: &mut Vec<Resource<'a>>, data: &mut Vec<Resource<'a>>) {
    let module_address = str_of(module, "address").unwrap_or_default();
    for resource in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let is_data = str_of(resource, "mode").as_deref() == Some("data");
        let (Some(address), Some(kind), Some(name)) = (
            str_of(resource, "address"),
            str_of(resource, "type"),
            str_of(resource, "name"),
        ) else {
            continue;
        };
        let Some(values) = resource.get("values").filter(|v| v.is_object()) else {
            continue;
        };
        let identity = match str_of(values, "id") {
            Some(id) if !id.is_empty() => id,
            _ => format!("tf:{address}"),
        };
        let resource = Resource {
            address,
            module: module_address.clone(),
            kind,
            name,
            index: resource.get("index").cloned(),
            values,
            identity,
        };
        if is_data {
            data.push(resource);
        } else {
            out.push(resource);
        }
    }
    for child in module
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(child, out, data);
    }
}

fn collect_configs<'a>(module: &'a Value, path: String, out: &mut BTreeMap<String, &'a Value>) {
    if let Some(calls) = module.get("module_calls").and_then(Value::as_object) {
        for (call, body) in calls {
            if let Some(child) = body.get("module") {
                collect_configs(child, child_path(&path, call), out);
            }
        }
    }
    out.insert(path, module);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parent_paths() {
        assert_eq!(
            parent_path("module.a.module.b"),
            Some(("module.a".to_owned(), "b".to_owned()))
        );
        assert_eq!(
            parent_path("module.vpc"),
            Some((String::new(), "vpc".to_owned()))
        );
        assert_eq!(parent_path(""), None);
        assert_eq!(
            config_path(r#"module.a[0].module.b["x.y[1]"]"#),
            "module.a.module.b"
        );
        assert_eq!(config_path("module.vpc"), "module.vpc");
    }
}
