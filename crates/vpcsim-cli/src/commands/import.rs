//! `vpcsim import aws DIR` / `vpcsim import terraform PLAN.json` / `vpcsim import
//! cloudformation TEMPLATE`: turn what users already have into an editable design file.
//!
//! The importers live in `vpcsim-import`; this module only picks the importer, renders the
//! document (YAML with a provenance header, or JSON) and reports warnings on stderr as
//! `vpcsim: warning: <resource>: <message>`. Unusable input (missing path, no recognised JSON,
//! malformed JSON) is an error and exits 2 through `main`'s one reporting layer.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use vpcsim_import::{ImportWarning, Imported};

/// Arguments of `vpcsim import`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(Debug, clap::Subcommand)]
enum Source {
    /// Import a folder of `aws ec2 describe-*` / `aws elbv2 describe-*` / `aws rds
    /// describe-db-instances` JSON (searched recursively; Batfish's `aws_configs/` layout works).
    Aws {
        /// Directory (or single JSON file) of describe-* outputs.
        dir: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import the JSON of `terraform show -json PLAN` (or of `terraform show -json` for state).
    Terraform {
        /// The plan JSON file.
        plan: PathBuf,
        /// `terraform show -json` of the state that manages the existing network the plan
        /// attaches to (its VPCs, subnets, route tables, gateways, groups stand in for
        /// placeholders).
        #[arg(long, value_name = "STATE_JSON")]
        context: Option<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import a CloudFormation template (YAML with short-form tags, or JSON), e.g. the output
    /// of `cdk synth`. Intrinsics the template determines are evaluated; the rest is warned.
    #[command(name = "cloudformation", visible_alias = "cfn")]
    Cloudformation {
        /// The template file.
        template: PathBuf,
        /// A parameter value, overriding its default (repeatable).
        #[arg(long = "parameter", value_name = "KEY=VALUE")]
        parameters: Vec<String>,
        /// The value of `AWS::Region` (default us-east-1, with a note).
        #[arg(long)]
        region: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, clap::Args)]
struct OutputArgs {
    /// Write the design to this file instead of stdout (never the input itself; an existing
    /// file or a symbolic link only with `--force`).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Replace OUT if it exists (a symbolic link is replaced, never written through).
    #[arg(long, requires = "output")]
    force: bool,
    /// Output syntax of the design.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    format: Format,
    /// Treat every warning (something the design cannot represent, so answers would lack it)
    /// as an error: print them and exit 2 without writing a design.
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Yaml,
    Json,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let input = match &args.source {
        Source::Aws { dir, .. } => dir.clone(),
        Source::Terraform { plan, .. } => plan.clone(),
        Source::Cloudformation { template, .. } => template.clone(),
    };
    let (imported, origin, output) = match args.source {
        Source::Aws { dir, output } => {
            let imported = vpcsim_import::import_aws_dir(&dir).with_context(|| {
                format!("cannot import AWS describe-* JSON from `{}`", dir.display())
            })?;
            (
                imported,
                format!("AWS describe-* JSON in {}", dir.display()),
                output,
            )
        }
        Source::Terraform {
            plan,
            context,
            output,
        } => {
            let imported = match &context {
                None => vpcsim_import::import_terraform_file(&plan),
                Some(context) => {
                    let text = crate::input::read_source(&plan.to_string_lossy())?.text;
                    let context_text = crate::input::read_source(&context.to_string_lossy())?.text;
                    vpcsim_import::import_terraform_with_context(
                        &text,
                        &plan,
                        &context_text,
                        context,
                    )
                    .map(|traced| traced.imported)
                }
            }
            .with_context(|| format!("cannot import Terraform plan `{}`", plan.display()))?;
            (
                imported,
                format!("Terraform plan {}", plan.display()),
                output,
            )
        }
        Source::Cloudformation {
            template,
            parameters,
            region,
            output,
        } => {
            let mut options = vpcsim_import::CfnOptions {
                parameters: Vec::new(),
                region,
            };
            for parameter in parameters {
                let Some((key, value)) = parameter.split_once('=') else {
                    anyhow::bail!("--parameter `{parameter}` is not KEY=VALUE");
                };
                options
                    .parameters
                    .push((key.trim().to_owned(), value.to_owned()));
            }
            let imported = vpcsim_import::import_cloudformation_file(&template, &options)
                .with_context(|| {
                    format!(
                        "cannot import CloudFormation template `{}`",
                        template.display()
                    )
                })?;
            (
                imported,
                format!("CloudFormation template {}", template.display()),
                output,
            )
        }
    };
    report_warnings(&imported.warnings)?;
    let serious = imported
        .warnings
        .iter()
        .filter(|w| w.level == vpcsim_import::WarningLevel::Warning)
        .count();
    if output.strict && serious > 0 {
        anyhow::bail!(
            "--strict: {serious} import warning{} above name what the design cannot represent; no design written",
            if serious == 1 { "" } else { "s" }
        );
    }
    // The origin goes into a YAML comment: a newline in a path must not start a line of YAML.
    let origin = crate::render::terminal::safe(&origin);
    let text = render(&imported, &origin, output.format)?;
    match &output.output {
        Some(path) => write_file(path, &input, output.force, &text)?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn render(imported: &Imported, origin: &str, format: Format) -> anyhow::Result<String> {
    match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&imported.document)
                .context("cannot render the design as JSON")?;
            text.push('\n');
            Ok(text)
        }
        Format::Yaml => {
            let body = serde_saphyr::to_string(&imported.document)
                .context("cannot render the design as YAML")?;
            let n_warnings = imported.warnings.len();
            let mut text = format!("# vpcsim design imported from {origin}\n");
            if n_warnings > 0 {
                text.push_str(&format!(
                    "# {n_warnings} import warning{} reported on stderr\n",
                    if n_warnings == 1 { " was" } else { "s were" }
                ));
            }
            text.push_str(&body);
            Ok(text)
        }
    }
}

/// Writes the design to `path`: never over the input (or into an imported folder), never
/// through a symbolic link, and over an existing file only with `--force`.
fn write_file(path: &Path, input: &Path, force: bool, text: &str) -> anyhow::Result<()> {
    if let (Ok(out), Ok(input)) = (std::fs::canonicalize(path), std::fs::canonicalize(input))
        && (out == input || out.starts_with(&input))
    {
        anyhow::bail!(
            "`{}` is the import's own input; write the design elsewhere",
            path.display()
        );
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !force => anyhow::bail!(
            "`{}` exists{}; pass --force to replace it",
            path.display(),
            if meta.file_type().is_symlink() {
                " (a symbolic link)"
            } else {
                ""
            }
        ),
        Ok(meta) if meta.file_type().is_symlink() => std::fs::remove_file(path)
            .with_context(|| format!("cannot replace `{}`", path.display()))?,
        Ok(meta) if !meta.is_file() => {
            anyhow::bail!("`{}` is not a regular file", path.display())
        }
        _ => {}
    }
    std::fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}

/// Warnings go to stderr, one line each, so stdout stays a clean design file.
fn report_warnings(warnings: &[ImportWarning]) -> anyhow::Result<()> {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for warning in warnings {
        let line = format!("vpcsim: {}: {}", warning.level.as_str(), warning);
        writeln!(err, "{}", crate::render::terminal::safe(&line))?;
    }
    Ok(())
}
