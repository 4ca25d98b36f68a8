//! What joins VPCs: peering connections, transit gateways with their attachments, and
//! customer-managed prefix lists.

use std::collections::{BTreeMap, BTreeSet};

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
            let mut emitted: BTreeMap<String, String> = BTreeMap::new();
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
                emitted.insert(id.clone(), attachment_names[id].clone());
            }
            // §15.4: peering attachments, declared under the requester, named by their id so
            // that both TGWs' tables can name them.
            let mut peerings = IndexMap::new();
            let mut peering_names: BTreeMap<String, String> = BTreeMap::new();
            for (id, (requester, accepter)) in &inv.tgw_peerings {
                let peer = if requester == tgw_id {
                    accepter
                } else if accepter == tgw_id {
                    requester
                } else {
                    continue;
                };
                if !inv.transit_gateways.contains_key(peer) {
                    if requester == tgw_id {
                        self.warn(
                            id,
                            format!("peer transit gateway {} not in the input; peering skipped (TGW routes to it are imported as blackholes)", display_id(peer)),
                        );
                    }
                    continue;
                }
                peering_names.insert(id.clone(), display_id(id).to_owned());
                if requester == tgw_id {
                    peerings.insert(
                        Loc::new(display_id(id).to_owned()),
                        schema::TgwPeeringAttachment {
                            peer: Loc::new(self.tgw_names[peer].clone()),
                        },
                    );
                }
            }
            let route_tables = self.tgw_route_tables(tgw_id, &emitted, &peering_names);
            out.insert(
                Loc::new(self.tgw_names[tgw_id].clone()),
                schema::TransitGateway {
                    attachments: map,
                    peerings,
                    route_tables,
                    ..schema::TransitGateway::default()
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

    /// The route tables of one TGW as the input configured them (docs/semantics.md §15.2), or
    /// `None` (AWS's default: one table, every attachment associated and propagating) when the
    /// input lists none, with a warning. `attachments`: attachment id → design name, for the
    /// VPC attachments emitted. When the input says nothing of associations (or propagations),
    /// the table flagged `DefaultAssociationRouteTable` (`DefaultPropagationRouteTable`) takes
    /// every attachment, as AWS does for new attachments, with a warning.
    fn tgw_route_tables(
        &mut self,
        tgw_id: &str,
        vpc_attachments: &BTreeMap<String, String>,
        peerings: &BTreeMap<String, String>,
    ) -> Option<IndexMap<Loc<String>, schema::TgwRouteTable>> {
        let inv = self.inv;
        let mut attachments = vpc_attachments.clone();
        attachments.extend(peerings.iter().map(|(k, v)| (k.clone(), v.clone())));
        let attachments = &attachments;
        let tables: Vec<(&String, &ir::TgwRouteTable)> = inv
            .tgw_route_tables
            .iter()
            .filter(|(_, t)| t.transit_gateway.as_deref() == Some(tgw_id))
            .collect();
        if tables.is_empty() {
            self.warn(
                tgw_id,
                "no route tables of this transit gateway in the input (describe-transit-gateway-route-tables); assuming AWS's default: one table, every attachment associated and propagating",
            );
            return None;
        }
        let names =
            Namespace::default().assign(tables.iter().map(|(id, t)| (id.as_str(), &t.label)));
        let associations_known = inv.tgw_associations_listed.contains(tgw_id)
            || tables.iter().any(|(_, t)| t.associations_read);
        let propagations_known = tables.iter().any(|(_, t)| t.propagations_read);
        let pick_default = |flag: fn(&ir::TgwRouteTable) -> bool| -> Option<&String> {
            match tables.iter().find(|(_, t)| flag(t)) {
                Some((id, _)) => Some(*id),
                None if tables.len() == 1 => Some(tables[0].0),
                None => None,
            }
        };
        let default_association = (!associations_known)
            .then(|| pick_default(|t| t.default_association))
            .flatten();
        let default_propagation = (!propagations_known)
            .then(|| pick_default(|t| t.default_propagation))
            .flatten();
        if !associations_known {
            let message = match default_association {
                Some(table) => format!(
                    "no route-table associations in the input (describe-transit-gateway-attachments `Association`, get-transit-gateway-route-table-associations); every attachment assumed associated with the default table {}",
                    display_id(table)
                ),
                None => "no route-table associations in the input and no default association table; every attachment is unassociated and drops what enters by it".to_owned(),
            };
            self.warn(tgw_id, message);
        }
        if !propagations_known {
            let message = match default_propagation {
                Some(table) => format!(
                    "no route-table propagations in the input (get-transit-gateway-route-table-propagations, search-transit-gateway-routes); every attachment assumed propagating into the default table {}",
                    display_id(table)
                ),
                None => "no route-table propagations in the input and no default propagation table; only static routes are imported".to_owned(),
            };
            self.warn(tgw_id, message);
        }
        // Per-table association records (get-transit-gateway-route-table-associations) are the
        // table's own answer; an attachment's `Association` field counts only for attachments
        // no per-table record places.
        let placed: BTreeMap<&String, &String> = tables
            .iter()
            .filter(|(_, t)| t.associations_read)
            .flat_map(|(id, t)| t.associations.iter().map(move |a| (a, *id)))
            .collect();
        let mut field_tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (table_id, table) in &tables {
            for attachment in &table.field_associations {
                match placed.get(attachment) {
                    Some(other) if *other != *table_id => self.warn(
                        attachment,
                        format!(
                            "describe-transit-gateway-attachments associates it with {} but get-transit-gateway-route-table-associations with {}; the per-table answer is used",
                            display_id(table_id),
                            display_id(other)
                        ),
                    ),
                    Some(_) => {}
                    None => field_tables
                        .entry((*table_id).clone())
                        .or_default()
                        .push(attachment.clone()),
                }
            }
        }
        let mut associated: BTreeMap<String, String> = BTreeMap::new();
        let mut out = IndexMap::new();
        for (table_id, table) in &tables {
            let mut design = schema::TgwRouteTable::default();
            // AWS associates and propagates new VPC attachments by default, never peerings.
            let all: Vec<String> = vpc_attachments.keys().cloned().collect();
            let mut from_records: Vec<String> = table.associations.clone();
            for attachment in field_tables.get(*table_id).into_iter().flatten() {
                if !from_records.contains(attachment) {
                    from_records.push(attachment.clone());
                }
            }
            let associations = if default_association == Some(*table_id) {
                &all
            } else {
                &from_records
            };
            for attachment in associations {
                let Some(name) =
                    self.tgw_attachment_name(table_id, attachment, attachments, "association")
                else {
                    continue;
                };
                if let Some(other) = associated.get(attachment).cloned() {
                    self.warn(
                        attachment,
                        format!(
                            "associated with two TGW route tables ({} and {}); AWS allows one, the first is kept",
                            display_id(&other),
                            display_id(table_id)
                        ),
                    );
                    continue;
                }
                associated.insert(attachment.clone(), (*table_id).clone());
                design.associations.push(Loc::new(name));
            }
            let propagations = if default_propagation == Some(*table_id) {
                &all
            } else {
                &table.propagations
            };
            for attachment in propagations {
                if peerings.contains_key(attachment) {
                    self.warn(
                        table_id,
                        format!("propagation of peering attachment {} skipped: TGW peering carries static routes only (§15.4)", display_id(attachment)),
                    );
                    continue;
                }
                if let Some(name) =
                    self.tgw_attachment_name(table_id, attachment, attachments, "propagation")
                {
                    design.propagations.push(Loc::new(name));
                }
            }
            for route in &table.routes {
                let via = match &route.attachment {
                    None => "blackhole".to_owned(),
                    Some(attachment) => match attachments.get(attachment) {
                        Some(name) => name.clone(),
                        None => {
                            self.warn(
                                table_id,
                                format!(
                                    "static route {} targets attachment {}, which is not a VPC attachment in the input (VPN, Direct Connect, peering and Connect attachments are not modelled); imported as a blackhole, so traffic to it is reported dropped",
                                    route.cidr,
                                    display_id(attachment)
                                ),
                            );
                            "blackhole".to_owned()
                        }
                    },
                };
                design.routes.push(Loc::new(schema::Route {
                    to: Loc::new(route.cidr.clone()),
                    via: Loc::new(via),
                }));
            }
            out.insert(Loc::new(names[table_id.as_str()].clone()), design);
        }
        for (id, name) in attachments {
            if !associated.contains_key(id.as_str()) && associations_known {
                self.warn(
                    id,
                    format!("attachment `{name}` is associated with no TGW route table; what enters the TGW by it is dropped (TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION)"),
                );
            }
        }
        Some(out)
    }

    /// The design name of an attachment a TGW table refers to, or a warning.
    fn tgw_attachment_name(
        &mut self,
        table: &str,
        attachment: &str,
        attachments: &BTreeMap<String, String>,
        what: &str,
    ) -> Option<String> {
        let name = attachments.get(attachment).cloned();
        if name.is_none() {
            self.warn(
                table,
                format!(
                    "{what} of attachment {}, which is not a VPC attachment of this TGW in the input (other attachment kinds are not modelled); skipped",
                    display_id(attachment)
                ),
            );
        }
        name
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
