//! Where each design resource came from: its logical address, as findings name it
//! (`vpc/V/sg/NAME`, vpcsim-lint's address.rs), → its inventory id (an AWS id, or
//! `tf:<address>` for a resource a plan creates). The Terraform importer turns these into
//! Terraform addresses, so findings on a plan name what a user edits.

use std::collections::BTreeMap;

use super::Builder;

impl Builder<'_> {
    pub(super) fn origins(&self) -> BTreeMap<String, String> {
        let inv = self.inv;
        let mut out = BTreeMap::new();
        for (vpc_id, names) in &self.vpc_names {
            let vpc = &names.name;
            out.insert(format!("vpc/{vpc}"), vpc_id.clone());
            let mut add = |kind: &str, map: &BTreeMap<String, String>| {
                for (id, name) in map {
                    out.insert(format!("vpc/{vpc}/{kind}/{name}"), id.clone());
                }
            };
            add("subnet", &names.subnets);
            add("route_table", &names.route_tables);
            add("sg", &names.security_groups);
            add("nacl", &names.network_acls);
            add("target_group", &names.target_groups);
            for (id, name) in &names.resources {
                let kind = if inv.nat_gateways.contains_key(id) {
                    "nat"
                } else if inv.instances.contains_key(id) {
                    "instance"
                } else if inv.load_balancers.contains_key(id) {
                    "lb"
                } else if inv.databases.contains_key(id) {
                    "database"
                } else if inv.caches.contains_key(id) {
                    "cache"
                } else if inv.network_interfaces.contains_key(id) {
                    "network_interface"
                } else {
                    continue;
                };
                out.insert(format!("vpc/{vpc}/{kind}/{name}"), id.clone());
            }
        }
        for (id, name) in &self.peering_names {
            out.insert(format!("peering/{name}"), id.clone());
        }
        for (id, name) in &self.tgw_names {
            out.insert(format!("transit_gateway/{name}"), id.clone());
        }
        out
    }
}
