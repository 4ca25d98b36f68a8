//! What joins VPCs: peering connections, transit gateways with their attachments, and
//! customer-managed prefix lists.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use vpcsim_model::Loc;
use vpcsim_model::schema::{self};

use crate::ir::{self};
use crate::naming::Namespace;

use super::{Builder, display_id};

impl Builder<'_> {
    pub(super) fn peerings(&mut self) -> IndexMap<Loc<String>, schema::Peering> {
        let inv = self.inv;
        let mut out = IndexMap::new();
        for (id, peering) in &inv.peerings {
            let requester = peering
                .requester
                .as_ref()
                .and_then(|vpc| self.vpc_names.get(vpc));
            let accepter = peering
                .accepter
                .as_ref()
                .and_then(|vpc| self.vpc_names.get(vpc));
            let (Some(requester), Some(accepter)) = (requester, accepter) else {
                let missing = [&peering.requester, &peering.accepter]
                    .into_iter()
                    .flatten()
                    .filter(|vpc| !self.vpc_names.contains_key(*vpc))
                    .map(|vpc| display_id(vpc).to_owned())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.warn(
                    id,
                    format!("peer VPC {} not in the input; peering skipped (routes to it become blackhole)",
                        if missing.is_empty() { "unknown".to_owned() } else { missing }),
                );
                continue;
            };
            out.insert(
                Loc::new(self.peering_names[id].clone()),
                schema::Peering {
                    requester: Loc::new(requester.name.clone()),
                    accepter: Loc::new(accepter.name.clone()),
                    status: peering.status.clone().map(Loc::new),
                    accepter_region: peering.accepter_region.clone().map(Loc::new),
                },
            );
        }
        // Peerings not emitted must not be route targets.
        let emitted: BTreeSet<String> = out.keys().map(|k| k.value.clone()).collect();
        self.peering_names.retain(|_, name| emitted.contains(name));
        out
    }

    pub(super) fn transit_gateways(&mut self) -> IndexMap<Loc<String>, schema::TransitGateway> {
        let inv = self.inv;
        let mut out = IndexMap::new();
        for tgw_id in inv.transit_gateways.keys() {
            let mut names = Namespace::default();
            let attachments: Vec<(&String, &ir::TgwAttachment)> = inv
                .tgw_attachments
                .iter()
                .filter(|(_, a)| a.transit_gateway.as_deref() == Some(tgw_id.as_str()))
                .collect();
            let attachment_names =
                names.assign(attachments.iter().map(|(id, a)| (id.as_str(), &a.label)));
            let mut map = IndexMap::new();
            for (id, attachment) in attachments {
                let Some(vpc) = attachment.vpc.clone() else {
                    continue;
                };
                let subnets = self.map_ids(id, "subnet", &attachment.subnets, |n| &n.subnets, &vpc);
                map.insert(
                    Loc::new(attachment_names[id].clone()),
                    schema::TgwAttachment {
                        vpc: Loc::new(self.names(&vpc).name.clone()),
                        subnets,
                    },
                );
            }
            out.insert(
                Loc::new(self.tgw_names[tgw_id].clone()),
                schema::TransitGateway {
                    attachments: map,
                    route_tables: None,
                },
            );
        }
        for (id, attachment) in &inv.tgw_attachments {
            let known = attachment
                .transit_gateway
                .as_ref()
                .is_some_and(|tgw| inv.transit_gateways.contains_key(tgw));
            if !known {
                self.warn(
                    id,
                    "transit gateway of this attachment not found in the input; skipped",
                );
            }
        }
        out
    }

    pub(super) fn prefix_lists(&mut self) -> IndexMap<Loc<String>, schema::PrefixList> {
        let inv = self.inv;
        let mut out = IndexMap::new();
        for (id, list) in &inv.prefix_lists {
            out.insert(
                Loc::new(self.prefix_list_names[id].clone()),
                schema::PrefixList {
                    cidrs: list.cidrs.iter().cloned().map(Loc::new).collect(),
                    max_entries: list.max_entries,
                },
            );
        }
        out
    }
}
