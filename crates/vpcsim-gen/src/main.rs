//! `vpcsim-gen`: writes a generated estate to a file or stdout and reports its size and timing
//! on stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use vpcsim_gen::{Format, GenConfig, MAX_VPCS, Tier};

/// Generate a deterministic AWS estate in the vpcsim design format.
#[derive(Debug, Parser)]
#[command(name = "vpcsim-gen", version)]
struct Args {
    /// Size tier: S (≈1k ENIs), M (≈10k), L (≈100k) or XL (≈1M).
    #[arg(long, default_value = "S")]
    tier: Tier,
    /// Override the tier's number of VPCs (custom estate).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_VPCS)))]
    vpcs: Option<u32>,
    /// Override the target ENIs per VPC (custom estate).
    #[arg(long)]
    enis_per_vpc: Option<u32>,
    /// Dual-stack estate: IPv6 blocks, addresses, routes and rules beside the IPv4 ones.
    #[arg(long)]
    dual_stack: bool,
    /// Seed; the same seed always gives the same estate.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output syntax: json or yaml.
    #[arg(long, default_value = "json")]
    format: Format,
    /// Output file (default: stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

fn run(args: Args) -> anyhow::Result<()> {
    let tier = if args.vpcs.is_some() || args.enis_per_vpc.is_some() || args.dual_stack {
        let mut config = args.tier.config();
        config.vpcs = args.vpcs.unwrap_or(config.vpcs);
        config.enis_per_vpc = args.enis_per_vpc.unwrap_or(config.enis_per_vpc);
        config.dual_stack = args.dual_stack;
        Tier::Custom(GenConfig { ..config })
    } else {
        args.tier
    };
    let label = tier.to_string();

    let started = Instant::now();
    let doc = vpcsim_gen::generate(tier, args.seed);
    let generated = started.elapsed();

    let started = Instant::now();
    match &args.output {
        Some(path) => {
            let file =
                File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            vpcsim_gen::output::write(&doc, args.format, &mut out)?;
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            vpcsim_gen::output::write(&doc, args.format, &mut out)?;
            out.flush().context("cannot write to stdout")?;
        }
    }
    let written = started.elapsed();

    eprintln!(
        "tier {label}, seed {}: {}",
        args.seed,
        vpcsim_gen::stats(&doc)
    );
    eprintln!(
        "generate {:.3} s, write {} {:.3} s",
        generated.as_secs_f64(),
        args.format,
        written.as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vpcsim-gen: error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
