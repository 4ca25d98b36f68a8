//! `vpcsim cidr`: the subnetting teaching view (being built).

use std::io::Write;
use std::process::ExitCode;

/// Arguments of `vpcsim cidr`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// CIDR blocks to explain, e.g. 10.0.0.0/24.
    cidrs: Vec<String>,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    for cidr in &args.cidrs {
        writeln!(out, "{cidr}")?;
    }
    Ok(ExitCode::SUCCESS)
}
