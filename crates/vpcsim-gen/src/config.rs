//! Estate sizes: the fixed benchmark tiers S, M and L, and a free-form [`GenConfig`] for tests.
//!
//! Every VPC has the same shape budget (10 subnets, 10 security groups, about 100 ENIs), so the
//! tiers differ only in VPC count and cost grows linearly from S to M to L.

use std::fmt;
use std::str::FromStr;

/// How many VPCs the generator can place: 10.0.0.0/8 holds 4,096 /20 VPC blocks.
pub const MAX_VPCS: u32 = 4096;

/// Knobs of one estate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenConfig {
    /// Number of VPCs (1..=[`MAX_VPCS`]; larger values are clamped).
    pub vpcs: u32,
    /// Target ENIs per VPC; the real count per VPC varies by ±10% around it, and never drops
    /// below the fixed infrastructure (NAT gateways, ALB nodes, databases) plus a few instances.
    pub enis_per_vpc: u32,
    /// Percentage of VPCs attached to the shared transit gateway.
    pub tgw_percent: u8,
    /// Percentage of VPCs peered with their successor (hub VPCs peer more, see `plan`).
    pub peering_percent: u8,
    /// Dual-stack: every VPC gets an Amazon-style /56, every subnet a /64 with
    /// `assign_ipv6_address_on_creation`, `::/0` routes (public → IGW, private → egress-only
    /// IGW), dual-stack ALBs and `::/0` rules beside the `0.0.0.0/0` ones (docs/semantics.md §16).
    pub dual_stack: bool,
}

impl GenConfig {
    /// A config with `vpcs` VPCs and the standard per-VPC shape.
    pub fn with_vpcs(vpcs: u32) -> Self {
        GenConfig {
            vpcs,
            ..GenConfig::default()
        }
    }
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            vpcs: 10,
            enis_per_vpc: 100,
            tgw_percent: 70,
            peering_percent: 30,
            dual_stack: false,
        }
    }
}

/// A benchmark tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tier {
    /// About 1,000 ENIs in 10 VPCs (smoke tests).
    S,
    /// About 10,000 ENIs in 100 VPCs.
    M,
    /// About 100,000 ENIs in 1,000 VPCs (10,000 subnets, 10,000 SGs, ≈210,000 SG rules).
    L,
    /// About 1,000,000 ENIs in 4,000 VPCs of 250 (40,000 subnets, ≈840,000 SG rules): the
    /// scale of a large organisation's whole estate; memory and whole-command targets.
    XL,
    /// Anything else.
    Custom(GenConfig),
}

impl Tier {
    /// The configuration this tier stands for.
    pub fn config(&self) -> GenConfig {
        match self {
            Tier::S => GenConfig::with_vpcs(10),
            Tier::M => GenConfig::with_vpcs(100),
            Tier::L => GenConfig::with_vpcs(1000),
            Tier::XL => GenConfig {
                vpcs: 4000,
                enis_per_vpc: 250,
                ..GenConfig::default()
            },
            Tier::Custom(config) => config.clone(),
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tier::S => f.write_str("S"),
            Tier::M => f.write_str("M"),
            Tier::L => f.write_str("L"),
            Tier::XL => f.write_str("XL"),
            Tier::Custom(config) => write!(f, "custom({} VPCs)", config.vpcs),
        }
    }
}

/// The text was not `S`, `M`, `L` or `XL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTier(pub String);

impl fmt::Display for UnknownTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown tier `{}` (expected S, M, L or XL)", self.0)
    }
}

impl std::error::Error for UnknownTier {}

impl FromStr for Tier {
    type Err = UnknownTier;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "S" | "s" => Ok(Tier::S),
            "M" | "m" => Ok(Tier::M),
            "L" | "l" => Ok(Tier::L),
            "XL" | "xl" => Ok(Tier::XL),
            other => Err(UnknownTier(other.to_owned())),
        }
    }
}
