//! The `vpcsim` binary: parse arguments, run one command, map the outcome to an exit code.
//!
//! Exit codes (README.md): 0 clean / reachable, 1 findings / not reachable / changed,
//! 2 unusable input, usage error or internal failure. A closed stdout (`| head`) exits 0.
#![allow(clippy::print_stderr)]

mod commands;
mod config;
mod discover;
mod input;
mod input_cfn;
mod input_policy;
mod plan_terms;
mod policies;
mod render;
mod report;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: loading a 100k-ENI estate allocates millions of
/// small strings and vectors, and measured 18% faster from JSON and 21% from YAML with it
/// (`cargo bench --bench load`, docs/benchmarks.md), as ruff and others do for the same reason.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Offline AWS VPC network simulator, reachability checker and network-YAML linter.
///
/// vpcsim reads a design file (YAML or JSON, see docs/yaml-reference.md) and answers network
/// questions without talking to AWS: what a CIDR holds, whether a path is reachable and which
/// rule decides it, and what the design exposes.
#[derive(Debug, Parser)]
#[command(
    name = "vpcsim",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Examples:\n  \
      vpcsim cidr 10.0.2.0/24\n  \
      vpcsim check design.yaml\n  \
      vpcsim reach design.yaml --from internet --to web:80\n  \
      vpcsim exposure design.yaml\n  \
      vpcsim diff main.yaml branch.yaml\n\n\
      Exit codes: 0 clean / reachable, 1 findings / not reachable / changed, 2 unusable input.\n\
      Docs: docs/guide.md"
)]
struct Cli {
    /// When to colour the output: auto (a terminal without NO_COLOR or TERM=dumb), always, never.
    #[arg(long, global = true, value_enum, default_value_t = render::style::ColorChoice::Auto)]
    color: render::style::ColorChoice,
    /// Refuse input files larger than this many bytes (before reading them).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = discover::DEFAULT_MAX_INPUT)]
    max_input_size: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Teach and plan subnetting: network, broadcast, AWS-usable hosts, reserved addresses.
    Cidr(commands::cidr::Args),
    /// Validate designs: AWS's own rules, lint findings and `expect:` assertions (the CI command).
    Check(commands::check::Args),
    /// Ask one question: can A reach B, and which rules decide it.
    Reach(commands::reach::Args),
    /// Everything the internet reaches: sources, protocols, ports, path and rules.
    Exposure(commands::exposure::Args),
    /// Who reaches whom, on which protocols and ports, for every pair of named resources.
    Matrix(commands::matrix::Args),
    /// Every flow whose outcome changed between two designs (exit 1 when any did).
    Diff(commands::diff::Args),
    /// Propose the smallest verified change that makes every failed expectation and violated
    /// policy hold, as a diff of the YAML (`--apply` writes it).
    Fix(commands::fix::Args),
    /// Draw the network: VPC › AZ › subnet, gateways and resources (Mermaid or Graphviz DOT).
    Diagram(commands::diagram::Args),
    /// Convert AWS describe-* JSON or a Terraform plan into a design file.
    Import(commands::import::Args),
    /// List the lint rules: code, name, default severity, summary.
    Rules(commands::rules::Args),
    /// Explain a code: a lint rule's documentation, or what a validation, check, policy or
    /// reach explanation code means.
    Explain(commands::explain::Args),
    /// Print the JSON Schema of the design file (for editor completion and validation).
    Schema(commands::schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(commands::completions::Args),
    /// Print the man page (roff), e.g. `vpcsim man > ~/.local/share/man/man1/vpcsim.1`.
    Man(commands::completions::ManArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            // --help and --version are not errors.
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    // Buffered: reports on large estates are hundreds of megabytes, and a locked stdout
    // writes (one system call) per line.
    render::style::set_color_choice(cli.color);
    discover::set_max_input_size(cli.max_input_size);
    let stdout = std::io::stdout();
    // Terminal-safe: names and snippets from other people's files cannot inject control sequences.
    let mut out =
        std::io::BufWriter::with_capacity(1 << 16, render::terminal::Safe::new(stdout.lock()));
    let result = match cli.command {
        Command::Cidr(args) => commands::cidr::run(args, &mut out),
        Command::Check(args) => commands::check::run(args, &mut out),
        Command::Diagram(args) => commands::diagram::run(args, &mut out),
        Command::Import(args) => commands::import::run(args, &mut out),
        Command::Reach(args) => commands::reach::run(args, &mut out),
        Command::Exposure(args) => commands::exposure::run(args, &mut out),
        Command::Matrix(args) => commands::matrix::run(args, &mut out),
        Command::Diff(args) => commands::diff::run(args, &mut out),
        Command::Fix(args) => commands::fix::run(args, &mut out),
        Command::Schema(args) => commands::schema::run(args, &mut out),
        Command::Rules(args) => commands::rules::run(args, &mut out),
        Command::Explain(args) => commands::explain::run(args, &mut out),
        Command::Completions(args) => {
            commands::completions::run(args, <Cli as clap::CommandFactory>::command(), &mut out)
        }
        Command::Man(args) => {
            commands::completions::run_man(args, <Cli as clap::CommandFactory>::command(), &mut out)
        }
    };
    let flushed = std::io::Write::flush(&mut out);
    match (result, flushed) {
        (Ok(code), Ok(())) => code,
        (Err(error), _) => report(&error),
        (Ok(_), Err(error)) => report(&anyhow::Error::from(error)),
    }
}

/// The one place that prints a failure: `vpcsim: error: …` and its cause chain.
fn report(error: &anyhow::Error) -> ExitCode {
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|json| json.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    render::terminal::eprintln_safe!("vpcsim: error: {error}");
    for cause in error.chain().skip(1) {
        render::terminal::eprintln_safe!("  caused by: {cause}");
    }
    ExitCode::from(2)
}
