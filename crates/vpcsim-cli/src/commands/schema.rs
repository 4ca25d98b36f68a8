//! `vpcsim schema`: the JSON Schema (draft-07) of the design file, for editors.
//!
//! Put `# yaml-language-server: $schema=./vpcsim.schema.json` at the top of a design and
//! yaml-language-server (VS Code's YAML extension, Neovim, …) completes and validates keys.

use std::io::Write;
use std::process::ExitCode;

/// Arguments of `vpcsim schema`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<vpcsim_model::schema::Document>();
    serde_json::to_writer_pretty(&mut *out, &schema)?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}
