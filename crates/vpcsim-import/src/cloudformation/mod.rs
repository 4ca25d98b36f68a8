//! CloudFormation templates (YAML with short-form tags, or JSON) → design.
//!
//! [`template`] reads the text into a node tree that keeps line and column; [`eval`] evaluates
//! the intrinsic functions the template determines (parameters with their defaults or
//! `--parameter` values, pseudo parameters, `Conditions`, `Mappings`, `Fn::Cidr`, …);
//! [`resources`] reads the `AWS::EC2::*`, ELBv2, RDS and ElastiCache resources into the shared
//! [`Inventory`](crate::ir::Inventory), keyed by logical id, with the template position of
//! each subnet, route, security-group rule and resource so findings land on the template's
//! own lines (docs/import.md, "CloudFormation").

mod eval;
mod resources;
mod template;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::build;
use crate::error::{ImportError, ImportWarning, Imported};
use eval::{Context, Val};
use template::Node;

/// What a template is evaluated with.
#[derive(Debug, Clone, Default)]
pub struct CfnOptions {
    /// `--parameter K=V` values, overriding the template's defaults.
    pub parameters: Vec<(String, String)>,
    /// The value of `AWS::Region`; else the template's `Metadata: {vpcsim: {region: …}}`;
    /// else `us-east-1`, with a note.
    pub region: Option<String>,
}

/// Whether a text is a CloudFormation template (`AWSTemplateFormatVersion`, or `Resources`
/// with `AWS::` types), judged on its content.
pub fn is_cloudformation_template(text: &str) -> bool {
    template::looks_like_template(text)
}

/// A resource's `Metadata: {vpcsim: {ignore: [CODE, …]}}`: the codes, and the lines the
/// resource spans in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CfnIgnore {
    /// The logical id.
    pub resource: String,
    /// Codes, prefixes or rule names, as in `# vpcsim: ignore[...]`.
    pub selectors: Vec<String>,
    /// First and last line of the resource (1-based, inclusive).
    pub lines: (u32, u32),
    /// Where the `ignore` list is written.
    pub span: vpcsim_model::Span,
}

/// The resource-level ignores of a template (none when it does not parse).
pub fn cloudformation_ignores(text: &str) -> Vec<CfnIgnore> {
    let Ok(root) = template::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, resource) in root.get("Resources").map(Node::entries).unwrap_or_default() {
        let Some(ignore) = resource
            .get("Metadata")
            .and_then(|m| m.get("vpcsim"))
            .and_then(|v| v.get("ignore"))
        else {
            continue;
        };
        let selectors: Vec<String> = match ignore {
            Node::Seq(items, _) => items
                .iter()
                .filter_map(Node::as_str)
                .map(str::to_owned)
                .collect(),
            other => other
                .as_str()
                .map(|s| vec![s.to_owned()])
                .unwrap_or_default(),
        };
        if selectors.is_empty() {
            continue;
        }
        // The resource starts on its logical id's line, just above its first key.
        let first = resource.pos().line.saturating_sub(1).max(1);
        out.push(CfnIgnore {
            resource: id.clone(),
            selectors,
            lines: (first, last_line(resource)),
            span: ignore.pos().span(),
        });
    }
    out
}

fn last_line(node: &Node) -> u32 {
    let own = node.pos().line;
    match node {
        Node::Seq(items, _) => items.iter().map(last_line).fold(own, u32::max),
        Node::Map(entries, _) => entries
            .iter()
            .map(|(_, v)| last_line(v))
            .fold(own, u32::max),
        _ => own,
    }
}

/// Reads and imports a template file.
pub fn import_cloudformation_file(
    path: impl AsRef<Path>,
    options: &CfnOptions,
) -> Result<Imported, ImportError> {
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
    import_cloudformation(&text, path, options)
}

/// Imports the text of a template; `path` names it in errors.
pub fn import_cloudformation(
    text: &str,
    path: &Path,
    options: &CfnOptions,
) -> Result<Imported, ImportError> {
    let not_a_template = |reason: String| ImportError::NotATemplate {
        path: PathBuf::from(path),
        reason,
    };
    let root = template::parse(text).map_err(|e| ImportError::MalformedTemplate {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let Some(resources) = root.get("Resources") else {
        return Err(not_a_template("no `Resources` section".to_owned()));
    };
    let Node::Map(entries, _) = resources else {
        return Err(not_a_template("`Resources` is not a mapping".to_owned()));
    };
    let mut warnings = Vec::new();
    let file = path.file_name().map_or_else(
        || "<template>".to_owned(),
        |f| f.to_string_lossy().into_owned(),
    );
    let from_metadata = root
        .get("Metadata")
        .and_then(|m| m.get("vpcsim"))
        .and_then(|v| v.get("region"))
        .and_then(Node::as_str)
        .map(str::to_owned);
    let region = match options.region.clone().or(from_metadata) {
        Some(region) => region,
        None => {
            warnings.push(ImportWarning::info(
                &file,
                "AWS::Region is not given (--region, or Metadata: {vpcsim: {region: …}}); us-east-1 assumed (Fn::GetAZs and AZ names follow it)",
            ));
            "us-east-1".to_owned()
        }
    };
    if let Some(transform) = root.get("Transform") {
        let names = match transform {
            Node::Seq(items, _) => items
                .iter()
                .filter_map(Node::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            other => other.as_str().unwrap_or("a macro").to_owned(),
        };
        warnings.push(ImportWarning::warn(
            &file,
            format!("Transform ({names}) is not expanded: resources it would generate are not in the design (for SAM, import the output of `sam build` or `aws cloudformation get-template --template-stage Processed`)"),
        ));
    }
    let params = parameters(&root, options, &file, &mut warnings);
    let resource_nodes: BTreeMap<String, &Node> =
        entries.iter().map(|(k, v)| (k.clone(), v)).collect();
    let ctx = Context::new(
        params,
        root.get("Mappings"),
        root.get("Conditions"),
        resource_nodes,
        region.clone(),
    );
    let (mut inventory, read_warnings) = resources::read(&ctx, entries);
    warnings.extend(read_warnings);
    if inventory.vpcs.is_empty() {
        return Err(not_a_template(
            "the template defines no AWS::EC2::VPC, so there is no network to check (a stack that only adds to an existing VPC needs that VPC's design)".to_owned(),
        ));
    }
    inventory.region = Some(region);
    let (document, warnings) = build::build(inventory, warnings);
    Ok(Imported { document, warnings })
}

/// Parameter values: `--parameter` first, then the template's `Default`.
fn parameters(
    root: &Node,
    options: &CfnOptions,
    file: &str,
    warnings: &mut Vec<ImportWarning>,
) -> BTreeMap<String, Val> {
    let mut out = BTreeMap::new();
    let declared = root.get("Parameters");
    for (name, _) in &options.parameters {
        if declared.and_then(|d| d.get(name)).is_none() {
            warnings.push(ImportWarning::warn(
                file,
                format!("--parameter {name}: the template declares no such parameter; ignored"),
            ));
        }
    }
    for (name, decl) in declared.map(Node::entries).unwrap_or_default() {
        let kind = decl.get("Type").and_then(Node::as_str).unwrap_or("String");
        let given = options
            .parameters
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone());
        let text = match given {
            Some(value) => Some(value),
            None if kind.starts_with("AWS::SSM::Parameter") => {
                out.insert(
                    name.clone(),
                    Val::Unknown(format!(
                        "parameter `{name}` is an SSM parameter ({kind}), read at deploy time; give --parameter {name}=VALUE"
                    )),
                );
                continue;
            }
            None => decl.get("Default").map(|d| match d {
                Node::Scalar { text, .. } => text.clone(),
                Node::Seq(items, _) => items
                    .iter()
                    .filter_map(Node::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                _ => String::new(),
            }),
        };
        let value = match text {
            None => Val::Unknown(format!(
                "parameter `{name}` has no default; give --parameter {name}=VALUE"
            )),
            Some(text)
                if kind.starts_with("List<")
                    || kind == "CommaDelimitedList"
                    || kind.contains("::List<") =>
            {
                Val::List(
                    text.split(',')
                        .map(|s| Val::Str(s.trim().to_owned()))
                        .collect(),
                )
            }
            Some(text) => Val::Str(text),
        };
        out.insert(name.clone(), value);
    }
    out
}
