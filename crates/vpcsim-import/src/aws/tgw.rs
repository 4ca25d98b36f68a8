//! Transit gateways as the export configures them (docs/semantics.md §15.2): gateways,
//! VPC and peering attachments with their associations, route tables, per-table
//! associations/propagations/routes (describe/get/search shapes and Batfish's file names).

use serde_json::Value;

use crate::ir::{self, Label};
use crate::json::{arr_of, bool_of, name_tag, str_of, strs_of};

use super::resources::Context;

impl Context<'_> {
    pub(super) fn transit_gateway(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "TransitGatewayId", path) else {
            return;
        };
        self.place(&id, item);
        self.inventory
            .transit_gateways
            .entry(id.clone())
            .or_insert(ir::TransitGateway {
                label: Label::aws(&id, name_tag(item)),
            });
    }

    pub(super) fn tgw_attachment(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "TransitGatewayAttachmentId", path) else {
            return;
        };
        let resource_type = str_of(item, "ResourceType");
        self.tgw_attachment_association(&id, item);
        if resource_type.as_deref() == Some("peering") {
            // This side's view: its TGW, and the peer TGW as the resource (§15.4).
            if let (Some(tgw), Some(peer)) =
                (str_of(item, "TransitGatewayId"), str_of(item, "ResourceId"))
            {
                self.inventory
                    .tgw_peerings
                    .entry(id.clone())
                    .or_insert((tgw, peer));
            }
            return;
        }
        if resource_type.as_deref().is_some_and(|t| t != "vpc") {
            self.warn(
                &id,
                format!(
                    "`{}` transit gateway attachments are not modelled; skipped (TGW routes to it are imported as blackholes)",
                    resource_type.unwrap_or_default()
                ),
            );
            return;
        }
        let vpc = str_of(item, "VpcId").or_else(|| str_of(item, "ResourceId"));
        let subnets = strs_of(item, "SubnetIds");
        let entry = self
            .inventory
            .tgw_attachments
            .entry(id.clone())
            .or_insert(ir::TgwAttachment {
                label: Label::aws(&id, name_tag(item)),
                transit_gateway: str_of(item, "TransitGatewayId"),
                vpc: vpc.clone(),
                subnets: Vec::new(),
            });
        // describe-transit-gateway-attachments has no subnets; the -vpc-attachments call does.
        if entry.subnets.is_empty() {
            entry.subnets = subnets;
        }
        if entry.vpc.is_none() {
            entry.vpc = vpc;
        }
    }

    /// describe-transit-gateway-attachments names each attachment's table (§15.2); one without
    /// `Association` is unassociated.
    pub(super) fn tgw_attachment_association(&mut self, id: &str, item: &Value) {
        if self.key != "TransitGatewayAttachments" {
            return;
        }
        let Some(tgw) = str_of(item, "TransitGatewayId") else {
            return;
        };
        self.inventory.tgw_associations_listed.insert(tgw);
        if let Some(association) = item.get("Association")
            && let Some(table) = str_of(association, "TransitGatewayRouteTableId")
        {
            let state = str_of(association, "State").map(|s| s.to_ascii_lowercase());
            if matches!(state.as_deref(), None | Some("associated" | "associating")) {
                let entry = self.tgw_table(&table);
                if !entry.field_associations.iter().any(|a| a == id) {
                    entry.field_associations.push(id.to_owned());
                }
            }
        }
    }

    /// describe-transit-gateway-peering-attachments (§15.4).
    pub(super) fn tgw_peering_attachment(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "TransitGatewayAttachmentId", path) else {
            return;
        };
        let state = str_of(item, "State").map(|s| s.to_ascii_lowercase());
        if matches!(
            state.as_deref(),
            Some("deleted" | "deleting" | "rejected" | "failed" | "failing" | "rejecting")
        ) {
            self.info(&id, "TGW peering attachment not available; skipped");
            return;
        }
        let side = |field: &str| item.get(field).and_then(|t| str_of(t, "TransitGatewayId"));
        let (Some(requester), Some(accepter)) = (side("RequesterTgwInfo"), side("AccepterTgwInfo"))
        else {
            self.warn(&id, "TGW peering attachment without both TGW ids; skipped");
            return;
        };
        self.inventory
            .tgw_peerings
            .entry(id)
            .or_insert((requester, accepter));
    }

    pub(super) fn tgw_route_table(&mut self, item: &Value, path: &str) {
        let Some(id) = self.id(item, "TransitGatewayRouteTableId", path) else {
            return;
        };
        let state = str_of(item, "State").map(|s| s.to_ascii_lowercase());
        if matches!(state.as_deref(), Some("deleted" | "deleting")) {
            self.info(&id, "transit gateway route table is deleted; skipped");
            return;
        }
        let table = self.tgw_table(&id);
        table.label = Label::aws(&id, name_tag(item));
        table.transit_gateway = str_of(item, "TransitGatewayId");
        table.default_association = bool_of(item, "DefaultAssociationRouteTable").unwrap_or(false);
        table.default_propagation = bool_of(item, "DefaultPropagationRouteTable").unwrap_or(false);
    }

    /// The inventory entry of a TGW route table, created on first mention.
    pub(super) fn tgw_table(&mut self, id: &str) -> &mut ir::TgwRouteTable {
        self.inventory
            .tgw_route_tables
            .entry(id.to_owned())
            .or_insert_with(|| ir::TgwRouteTable {
                label: Label::aws(id, None),
                ..ir::TgwRouteTable::default()
            })
    }

    /// The table a per-table record belongs to: its own field, else the file's.
    pub(super) fn table_of(&mut self, item: &Value, path: &str) -> Option<String> {
        let id = str_of(item, "TransitGatewayRouteTableId")
            .or_else(|| self.table_hint.map(str::to_owned));
        if id.is_none() {
            self.warn(
                self.file,
                format!(
                    "{path}: no `TransitGatewayRouteTableId` in the element, at the top of the file or in its name (tgw-rtb-…); skipped"
                ),
            );
        }
        id
    }

    /// An element of a per-table listing: its table, its attachment and its lower-case state.
    fn table_member(
        &mut self,
        item: &Value,
        path: &str,
    ) -> Option<(String, String, Option<String>)> {
        let table = self.table_of(item, path)?;
        let attachment = self.id(item, "TransitGatewayAttachmentId", path)?;
        let state = str_of(item, "State").map(|s| s.to_ascii_lowercase());
        Some((table, attachment, state))
    }

    /// get-transit-gateway-route-table-associations: `Associations[]`.
    pub(super) fn tgw_association(&mut self, item: &Value, path: &str) {
        let Some((table, attachment, state)) = self.table_member(item, path) else {
            return;
        };
        let entry = self.tgw_table(&table);
        entry.associations_read = true;
        if matches!(state.as_deref(), None | Some("associated" | "associating"))
            && !entry.associations.contains(&attachment)
        {
            entry.associations.push(attachment);
        }
    }

    /// get-transit-gateway-route-table-propagations: `TransitGatewayRouteTablePropagations[]`.
    pub(super) fn tgw_propagation(&mut self, item: &Value, path: &str) {
        let Some((table, attachment, state)) = self.table_member(item, path) else {
            return;
        };
        let entry = self.tgw_table(&table);
        entry.propagations_read = true;
        if matches!(state.as_deref(), None | Some("enabled" | "enabling"))
            && !entry.propagations.contains(&attachment)
        {
            entry.propagations.push(attachment);
        }
    }

    /// Batfish's TransitGatewayPropagations.json: one element per table, wrapping the
    /// get-transit-gateway-route-table-propagations output.
    pub(super) fn tgw_propagations_batfish(&mut self, item: &Value, path: &str) {
        let Some(table) = self.id(item, "TransitGatewayRouteTableId", path) else {
            return;
        };
        self.tgw_table(&table).propagations_read = true;
        for (index, propagation) in arr_of(item, "TransitGatewayRouteTablePropagations")
            .iter()
            .enumerate()
        {
            let mut propagation = propagation.clone();
            if let Value::Object(map) = &mut propagation {
                map.entry("TransitGatewayRouteTableId")
                    .or_insert_with(|| Value::String(table.clone()));
            }
            let path = format!("{path}.TransitGatewayRouteTablePropagations[{index}]");
            self.tgw_propagation(&propagation, &path);
        }
    }

    /// Batfish's TransitGatewayStaticRoutes.json: one element per table, wrapping the
    /// search-transit-gateway-routes output.
    pub(super) fn tgw_routes_batfish(&mut self, item: &Value, path: &str) {
        let Some(table) = self.id(item, "TransitGatewayRouteTableId", path) else {
            return;
        };
        for (index, route) in arr_of(item, "Routes").iter().enumerate() {
            let path = format!("{path}.Routes[{index}]");
            self.tgw_route_in(&table, route, &path);
        }
    }

    /// search-transit-gateway-routes: `Routes[]` of one table.
    pub(super) fn tgw_route(&mut self, item: &Value, path: &str) {
        let Some(table) = self.table_of(item, path) else {
            return;
        };
        self.tgw_route_in(&table, item, path);
    }

    pub(super) fn tgw_route_in(&mut self, table: &str, item: &Value, path: &str) {
        let kind = str_of(item, "Type").map(|s| s.to_ascii_lowercase());
        let state = str_of(item, "State").map(|s| s.to_ascii_lowercase());
        let attachment = arr_of(item, "TransitGatewayAttachments")
            .iter()
            .find_map(|a| str_of(a, "TransitGatewayAttachmentId"));
        let Some(cidr) = str_of(item, "DestinationCidrBlock") else {
            let what = str_of(item, "PrefixListId").map_or_else(
                || "no `DestinationCidrBlock`".to_owned(),
                |list| format!("prefix-list destination {list}"),
            );
            self.warn(
                table,
                format!("{path}: TGW route with {what} is not modelled; skipped, traffic it would route falls to other routes of the table"),
            );
            return;
        };
        if matches!(state.as_deref(), Some("deleted" | "deleting" | "pending")) {
            return;
        }
        if kind.as_deref() == Some("propagated") {
            // The propagation is what the design states; the route follows from it.
            if let Some(attachment) = attachment {
                let entry = self.tgw_table(table);
                entry.propagations_read = true;
                if !entry.propagations.contains(&attachment) {
                    entry.propagations.push(attachment);
                }
            }
            return;
        }
        let attachment = if state.as_deref() == Some("blackhole") {
            None
        } else if attachment.is_none() {
            self.warn(
                table,
                format!("{path}: static TGW route to {cidr} names no attachment; imported as a blackhole"),
            );
            None
        } else {
            attachment
        };
        self.tgw_table(table)
            .routes
            .push(ir::TgwStaticRoute { cidr, attachment });
    }
}
