//! Top level of generation: plan the estate, build every VPC, then add the peerings and the
//! transit gateway that join them.

use indexmap::IndexMap;
use vpcsim_model::Loc;
use vpcsim_model::schema::{Document, Peering, TgwAttachment, TransitGateway};

use crate::config::Tier;
use crate::plan;
use crate::vpc::{self, REGION, TGW_NAME};

/// Generates the estate of `tier` for `seed`. The same tier and seed always give the same
/// document (and so byte-identical JSON/YAML); nothing depends on hash order, time or platform.
pub fn generate(tier: Tier, seed: u64) -> Document {
    let config = tier.config();
    let estate = plan::plan(&config, seed);

    let mut vpcs = IndexMap::with_capacity(estate.vpcs.len());
    let mut attachments = IndexMap::new();
    for vpc_plan in &estate.vpcs {
        let built = vpc::build_vpc(&config, seed, &estate, vpc_plan);
        if vpc_plan.tgw {
            attachments.insert(
                Loc::new(vpc::attachment_name(vpc_plan)),
                TgwAttachment {
                    vpc: Loc::new(vpc_plan.name.clone()),
                    subnets: built.attachment_subnets.into_iter().map(Loc::new).collect(),
                },
            );
        }
        vpcs.insert(Loc::new(vpc_plan.name.clone()), built.vpc);
    }

    let peerings = estate
        .peerings
        .iter()
        .map(|peering| {
            (
                Loc::new(peering.name.clone()),
                Peering {
                    requester: Loc::new(estate.vpcs[peering.requester].name.clone()),
                    accepter: Loc::new(estate.vpcs[peering.accepter].name.clone()),
                    ..Peering::default()
                },
            )
        })
        .collect();

    let mut transit_gateways = IndexMap::new();
    if !attachments.is_empty() {
        // `route_tables` omitted: AWS's default table, associated with and propagated from
        // every attachment (docs/semantics.md §9.5).
        transit_gateways.insert(
            Loc::new(TGW_NAME.to_owned()),
            TransitGateway {
                attachments,
                route_tables: None,
                ..TransitGateway::default()
            },
        );
    }

    Document {
        version: Some(Loc::new(1)),
        region: Some(Loc::new(REGION.to_owned())),
        vpcs,
        peerings,
        transit_gateways,
        prefix_lists: IndexMap::new(),
        expect: Vec::new(),
        policies: Vec::new(),
    }
}
