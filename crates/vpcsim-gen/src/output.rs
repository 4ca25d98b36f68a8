//! Writing a generated document as JSON or YAML.
//!
//! JSON goes through serde_json. YAML goes through the small emitter in `yaml` (block structure,
//! flow leaves, as people write design files); tests load it back through the model's loader.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use vpcsim_model::schema::Document;

/// Output syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Compact JSON (fast to load; preferred for large estates).
    Json,
    /// Block-style YAML, as a person would write it.
    Yaml,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "json" => Ok(Format::Json),
            "yaml" | "yml" => Ok(Format::Yaml),
            other => Err(format!("unknown format `{other}` (expected json or yaml)")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        })
    }
}

/// Serializing or writing failed.
#[derive(Debug)]
pub enum WriteError {
    /// serde_json failed (including IO errors of the writer, and turning the document into
    /// the value tree the YAML emitter walks).
    Json(serde_json::Error),
    /// Writing the text failed.
    Io(std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Json(error) => write!(f, "cannot write JSON: {error}"),
            WriteError::Io(error) => write!(f, "cannot write output: {error}"),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Json(error) => Some(error),
            WriteError::Io(error) => Some(error),
        }
    }
}

/// The document as text in `format`. JSON ends without a newline; YAML ends with one.
pub fn to_string(doc: &Document, format: Format) -> Result<String, WriteError> {
    match format {
        Format::Json => serde_json::to_string(doc).map_err(WriteError::Json),
        Format::Yaml => yaml_string(doc),
    }
}

fn yaml_string(doc: &Document) -> Result<String, WriteError> {
    let value = serde_json::to_value(doc).map_err(WriteError::Json)?;
    let mut text = String::new();
    crate::yaml::emit(&value, &mut text);
    Ok(text)
}

/// Writes the document in `format` to `out` (buffer it; many small writes happen).
pub fn write(doc: &Document, format: Format, out: &mut impl Write) -> Result<(), WriteError> {
    match format {
        Format::Json => {
            serde_json::to_writer(&mut *out, doc).map_err(WriteError::Json)?;
            out.write_all(b"\n").map_err(WriteError::Io)
        }
        Format::Yaml => out
            .write_all(yaml_string(doc)?.as_bytes())
            .map_err(WriteError::Io),
    }
}
