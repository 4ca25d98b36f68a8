//! `vpcsim completions SHELL` and `vpcsim man`: shell completion scripts and a roff man page,
//! generated from the same clap definition as `--help`, so they never drift from the binary.

use std::io::Write;
use std::process::ExitCode;

/// Arguments of `vpcsim completions`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    shell: clap_complete::Shell,
}

/// Arguments of `vpcsim man`.
#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {}

pub(crate) fn run(
    args: Args,
    mut command: clap::Command,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    clap_complete::generate(args.shell, &mut command, "vpcsim", out);
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn run_man(
    _args: ManArgs,
    command: clap::Command,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    clap_mangen::Man::new(command).render(out)?;
    Ok(ExitCode::SUCCESS)
}
