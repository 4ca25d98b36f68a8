//! One module per subcommand. Each has `Args` (clap) and `run(args, out) -> Result<ExitCode>`.

pub(crate) mod check;
pub(crate) mod cidr;
pub(crate) mod completions;
pub(crate) mod diagram;
pub(crate) mod diff;
pub(crate) mod explain;
pub(crate) mod exposure;
pub(crate) mod fix;
pub(crate) mod import;
pub(crate) mod matrix;
pub(crate) mod reach;
pub(crate) mod rules;
pub(crate) mod schema;
