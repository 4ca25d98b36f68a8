//! `vpcsim fix DESIGN`: for every failed `expect:` and violated policy, the smallest change the
//! search in `vpcsim_policy::fix` could verify, printed as a unified diff of the YAML (comments
//! and layout kept); `--apply` writes it back (docs/fix.md).
//!
//! Exit codes: 0 when everything already holds, or `--apply` fixed all of it; 1 when changes
//! are proposed (not applied) or something has no fix; 2 on unusable input.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use vpcsim_policy::fix::Outcome;

use crate::render::style::Style;

/// Arguments of `vpcsim fix`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The design file (YAML).
    #[arg(value_name = "DESIGN")]
    design: String,
    /// A file holding only `policies:`, kept besides the design's own (docs/policies.md).
    #[arg(long = "policy", value_name = "FILE")]
    policy_files: Vec<String>,
    /// Write the fixed design back to DESIGN.
    #[arg(long)]
    apply: bool,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    // Unusable designs are reported (and refused) as every command does.
    let design = crate::input::load_design(&args.design)?;
    if vpcsim_model::load::Syntax::detect(&design.source.name, &design.source.text)
        != vpcsim_model::load::Syntax::Yaml
    {
        anyhow::bail!(
            "`{}`: `vpcsim fix` edits YAML designs (import other inputs to YAML first)",
            args.design
        );
    }
    let files = args
        .policy_files
        .iter()
        .map(|path| crate::input_policy::load(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let external: Vec<_> = files.iter().flat_map(|f| f.policies.clone()).collect();
    let report = vpcsim_policy::fix::fix(&design.source.name, &design.source.text, &external)
        .map_err(|e| anyhow::anyhow!("`{}`: {e}", args.design))?;
    let style = Style::stdout();
    if report.outcomes.is_empty() {
        writeln!(
            out,
            "nothing to fix: every expectation and policy of `{}` holds",
            args.design
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut unfixed = 0;
    for outcome in &report.outcomes {
        match outcome {
            Outcome::Fixed(step) => {
                writeln!(out, "{} {}", style.success().paint("fix for"), step.target)?;
                for change in &step.changes {
                    writeln!(out, "  {change}")?;
                }
                for consequence in &step.consequences {
                    writeln!(out, "  {consequence}")?;
                }
                for refused in &step.refused {
                    writeln!(out, "  rather than: {refused}")?;
                }
            }
            Outcome::NoFix { target, reasons } => {
                unfixed += 1;
                writeln!(out, "{} {target}", style.error().paint("no fix for"))?;
                for reason in reasons {
                    writeln!(out, "  {reason}")?;
                }
            }
        }
    }
    let changed = report.text != design.source.text;
    if changed {
        writeln!(out)?;
        let diff = similar::TextDiff::from_lines(&design.source.text, &report.text);
        write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(2)
                .header(&format!("a/{}", args.design), &format!("b/{}", args.design))
        )?;
    }
    if args.apply && changed {
        std::fs::write(&args.design, &report.text)
            .with_context(|| format!("cannot write `{}`", args.design))?;
        writeln!(out, "applied to {}", args.design)?;
    }
    Ok(if unfixed == 0 && (args.apply || !changed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
