//! The estate-wide plan: which VPCs exist, their blocks and shapes, who peers with whom and
//! who joins the transit gateway.
//!
//! Decisions that involve more than one VPC are made here, before any VPC is built, so that each
//! VPC builder sees its peers' names and CIDRs and can write routes and rules on both sides.

use std::collections::BTreeSet;

use crate::config::{GenConfig, MAX_VPCS};
use crate::rng::Rng;

/// Application names used to build VPC names (`payments-prod-0007`).
const APPS: &[&str] = &[
    "payments",
    "orders",
    "search",
    "identity",
    "catalog",
    "ledger",
    "billing",
    "media",
    "analytics",
    "notify",
    "checkout",
    "inventory",
    "shipping",
    "profile",
    "reco",
    "chat",
];
/// Environment names.
const ENVS: &[&str] = &["prod", "stage", "dev", "qa"];

/// Every `HUB_EVERY`-th VPC is a shared-services hub that peers with several later VPCs.
const HUB_EVERY: usize = 25;
/// How many later VPCs a hub peers with (at most; fewer near the end of the estate).
const HUB_FANOUT: usize = 5;

/// The per-VPC layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Three AZs × (public, app, data) plus one management subnet.
    ThreeAz,
    /// Two AZs × (public, app, worker, data) plus two management subnets.
    TwoAz,
}

impl Profile {
    /// AZ letters used by the profile.
    pub(crate) fn az_letters(self) -> &'static [&'static str] {
        match self {
            Profile::ThreeAz => &["a", "b", "c"],
            Profile::TwoAz => &["a", "c"],
        }
    }
}

/// A peering as seen from one side.
#[derive(Debug, Clone)]
pub(crate) struct PeerLink {
    /// Name of the peering connection (the route target).
    pub(crate) peering: String,
    /// Index of the VPC on the other side.
    pub(crate) peer: usize,
}

/// Everything decided about one VPC before it is built.
#[derive(Debug, Clone)]
pub(crate) struct VpcPlan {
    /// Position in the estate; also selects the /20 block.
    pub(crate) index: u32,
    /// VPC name.
    pub(crate) name: String,
    /// Layout.
    pub(crate) profile: Profile,
    /// Attached to the shared transit gateway.
    pub(crate) tgw: bool,
    /// Peerings, in creation order.
    pub(crate) peers: Vec<PeerLink>,
}

/// One peering connection.
#[derive(Debug, Clone)]
pub(crate) struct PeeringPlan {
    /// Name.
    pub(crate) name: String,
    /// Requester VPC index.
    pub(crate) requester: usize,
    /// Accepter VPC index.
    pub(crate) accepter: usize,
}

/// The whole plan.
#[derive(Debug, Clone)]
pub(crate) struct EstatePlan {
    /// VPCs in output order.
    pub(crate) vpcs: Vec<VpcPlan>,
    /// Peerings in output order.
    pub(crate) peerings: Vec<PeeringPlan>,
}

/// Draws the plan for `config` from `seed`.
pub(crate) fn plan(config: &GenConfig, seed: u64) -> EstatePlan {
    let count = config.vpcs.clamp(1, MAX_VPCS);
    let mut rng = Rng::derive(seed, u64::MAX);
    let mut vpcs: Vec<VpcPlan> = (0..count)
        .map(|index| {
            let app = rng.pick(APPS).copied().unwrap_or("app");
            let env = rng.pick(ENVS).copied().unwrap_or("dev");
            VpcPlan {
                index,
                name: format!("{app}-{env}-{index:04}"),
                profile: if rng.chance(60) {
                    Profile::ThreeAz
                } else {
                    Profile::TwoAz
                },
                tgw: rng.chance(u64::from(config.tgw_percent)),
                peers: Vec::new(),
            }
        })
        .collect();

    // Pairs (lower index first) so that no VPC pair is peered twice (docs/semantics.md §9.1).
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    let n = vpcs.len();
    for i in 0..n {
        if i + 1 < n && rng.chance(u64::from(config.peering_percent)) {
            pairs.insert((i, i + 1));
        }
        if i % HUB_EVERY == 0 {
            for j in (i + 2)..n.min(i + 2 + HUB_FANOUT) {
                pairs.insert((i, j));
            }
        }
    }
    let mut peerings = Vec::with_capacity(pairs.len());
    for (requester, accepter) in pairs {
        let name = format!("pcx-{requester:04}-{accepter:04}");
        vpcs[requester].peers.push(PeerLink {
            peering: name.clone(),
            peer: accepter,
        });
        vpcs[accepter].peers.push(PeerLink {
            peering: name.clone(),
            peer: requester,
        });
        peerings.push(PeeringPlan {
            name,
            requester,
            accepter,
        });
    }
    EstatePlan { vpcs, peerings }
}
