//! vpcsim-gen: a deterministic generator of large, valid AWS estates in the vpcsim design format.
//!
//! Benchmarks and tests need realistic estates at fixed sizes (tier S ≈ 1k ENIs, M ≈ 10k,
//! L ≈ 100k) that AWS would accept: non-overlapping /20 VPC blocks in 10.0.0.0/8, /24 subnets
//! over two or three AZs, IGW, NAT gateways, route tables, peerings, a transit gateway,
//! internet-facing ALBs with target groups, RDS, ElastiCache, and security groups with a mix of
//! world-open, public-CIDR, private-CIDR and SG-reference rules, all within AWS's quotas.
//! [`generate`] builds a [`vpcsim_model::schema::Document`] from a [`Tier`] and a seed with its
//! own PRNG, so the same seed gives byte-identical output everywhere; [`stats`] counts it;
//! [`output`] writes it as JSON or YAML.

mod config;
mod estate;
mod ipv4;
pub mod output;
mod plan;
mod rng;
mod security;
mod stats;
mod vpc;
mod yaml;

pub use config::{GenConfig, MAX_VPCS, Tier, UnknownTier};
pub use estate::generate;
pub use output::{Format, WriteError};
pub use stats::{EstateStats, stats};
