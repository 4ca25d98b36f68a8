//! One module per subcommand. Each has `Args` (clap) and `run(args, out) -> Result<ExitCode>`.

pub(crate) mod cidr;
