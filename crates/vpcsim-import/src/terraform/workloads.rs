//! Workloads of a plan: instances (with `network_interface` blocks and their primary ENI),
//! network interfaces and their attachments, load balancers, listeners, target groups,
//! databases and caches with their subnet groups (docs/import.md, "What is mapped").

use super::plan::Resource;
use super::resources::{Reader, label};
use crate::ir;
use crate::json::{arr_of, bool_of, int_of, str_of, strs_of};

impl<'a> Reader<'_, 'a> {
    pub(super) fn instance(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        // `network_interface { network_interface_id = …, device_index = N }` blocks: index 0
        // is the primary ENI (its subnet, groups and address become the instance's, see
        // `fold_primary_enis`), the others are attached to the instance.
        let mut primary_eni = str_of(v, "primary_network_interface_id");
        let mut eni_launched = false;
        for block in self.blocks(r, "network_interface") {
            let Some(eni) = self
                .block_ids(r, &block, "network_interface_id")
                .into_iter()
                .next()
            else {
                continue;
            };
            if block.int("device_index").unwrap_or(0) == 0 {
                primary_eni = Some(eni);
                eni_launched = true;
            } else if let Some(attached) = self.inventory.network_interfaces.get_mut(&eni) {
                attached.instance = Some(r.identity.clone());
            }
        }
        let by_name = self.plan.ids(r, "security_groups");
        let security_groups =
            if self.plan.ids(r, "vpc_security_group_ids").is_empty() && !by_name.is_empty() {
                // With `subnet_id` set, the provider sends `security_groups` as group ids
                // (unknown until apply when the groups are new, so read from the configuration's
                // references); names are looked up among the plan's groups.
                let groups: Vec<String> = by_name
                    .into_iter()
                    .map(|group| self.security_group_by_name(&group).unwrap_or(group))
                    .collect();
                Some(groups)
            } else if eni_launched && self.plan.ids(r, "vpc_security_group_ids").is_empty() {
                // The primary ENI's groups (`fold_primary_enis`).
                None
            } else {
                self.interface_groups(r, "vpc_security_group_ids", false)
            };
        let public = bool_of(v, "associate_public_ip_address");
        let public_ip = str_of(v, "public_ip").filter(|ip| !ip.is_empty());
        self.inventory.instances.insert(
            r.identity.clone(),
            ir::Instance {
                label: label(r, None),
                vpc: None,
                subnet: self.plan.id(r, "subnet_id"),
                private_ip: str_of(v, "private_ip").filter(|ip| !ip.is_empty()),
                public_ip: match (public_ip, public) {
                    (Some(ip), _) => Some(Some(ip)),
                    (None, Some(true)) => Some(None),
                    _ => None,
                },
                no_public_ip: public == Some(false),
                security_groups,
                source_dest_check: bool_of(v, "source_dest_check"),
                instance_type: str_of(v, "instance_type"),
                primary_eni,
                ipv6_address: terraform_ipv6(v),
            },
        );
    }

    pub(super) fn eni_sg_attachment(&mut self, r: &Resource<'a>) {
        let (Some(group), Some(eni)) = (
            self.plan.id(r, "security_group_id"),
            self.plan.id(r, "network_interface_id"),
        ) else {
            self.warn(
                r,
                "security group or network interface of the attachment unknown; skipped",
            );
            return;
        };
        let groups = if let Some(interface) = self.inventory.network_interfaces.get_mut(&eni) {
            &mut interface.security_groups
        } else if let Some(instance) = self
            .inventory
            .instances
            .values_mut()
            .find(|i| i.primary_eni.as_deref() == Some(eni.as_str()))
        {
            &mut instance.security_groups
        } else {
            self.warn(
                r,
                "network interface of the attachment not found in the plan; skipped",
            );
            return;
        };
        let groups = groups.get_or_insert_with(Vec::new);
        if !groups.contains(&group) {
            groups.push(group);
        }
    }

    pub(super) fn eni_attachment(&mut self, r: &Resource<'a>) {
        let (Some(instance), Some(eni)) = (
            self.plan.id(r, "instance_id"),
            self.plan.id(r, "network_interface_id"),
        ) else {
            self.warn(
                r,
                "instance or network interface of the attachment unknown; skipped",
            );
            return;
        };
        match self.inventory.network_interfaces.get_mut(&eni) {
            Some(interface) => interface.instance = Some(instance),
            None => self.warn(
                r,
                "network interface of the attachment not found in the plan; skipped",
            ),
        }
    }

    /// An instance launched with `network_interface { device_index = 0 }` has no `subnet_id`:
    /// its subnet, groups and address are its primary ENI's, which then is not written as an
    /// extra interface.
    pub(super) fn fold_primary_enis(&mut self) {
        for instance in self.inventory.instances.values_mut() {
            if instance.subnet.is_some() {
                continue;
            }
            let Some(eni) = instance
                .primary_eni
                .as_ref()
                .and_then(|id| self.inventory.network_interfaces.remove(id))
            else {
                continue;
            };
            instance.subnet = eni.subnet;
            instance.private_ip = instance.private_ip.take().or(eni.private_ip);
            if eni.security_groups.is_some() {
                instance.security_groups = eni.security_groups;
            }
            instance.source_dest_check = instance.source_dest_check.or(eni.source_dest_check);
        }
    }

    /// The identity of the plan's security group whose identity or `name` is `group`.
    pub(super) fn security_group_by_name(&self, group: &str) -> Option<String> {
        if self.plan.by_identity(group).is_some() {
            return Some(group.to_owned());
        }
        self.plan
            .resources
            .iter()
            .find(|sg| {
                sg.kind == "aws_security_group"
                    && str_of(sg.values, "name").as_deref() == Some(group)
            })
            .map(|sg| sg.identity.clone())
    }

    pub(super) fn network_interface(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let attachment = arr_of(v, "attachment").first();
        let instance = attachment.and_then(|a| str_of(a, "instance")).or_else(|| {
            let block = self.blocks(r, "attachment").into_iter().next()?;
            self.block_ids(r, &block, "instance").into_iter().next()
        });
        let groups = self.interface_groups(r, "security_groups", false);
        self.inventory.network_interfaces.insert(
            r.identity.clone(),
            ir::NetworkInterface {
                label: label(r, None),
                vpc: None,
                subnet: self.plan.id(r, "subnet_id"),
                instance,
                private_ip: str_of(v, "private_ip")
                    .or_else(|| strs_of(v, "private_ips").into_iter().next())
                    .filter(|ip| !ip.is_empty()),
                public_ip: None,
                security_groups: groups,
                source_dest_check: bool_of(v, "source_dest_check"),
                ipv6_address: terraform_ipv6(v).flatten(),
            },
        );
    }

    pub(super) fn load_balancer(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let kind = str_of(v, "load_balancer_type").unwrap_or_else(|| "application".to_owned());
        if kind != "application" && kind != "network" {
            self.warn(
                r,
                format!("`{kind}` load balancers are not modelled; skipped"),
            );
            return;
        }
        let mut subnets = self.plan.ids(r, "subnets");
        for block in self.blocks(r, "subnet_mapping") {
            for id in self.block_ids(r, &block, "subnet_id") {
                if !subnets.contains(&id) {
                    subnets.push(id);
                }
            }
        }
        // §7.10: an NLB without groups has none; an ALB always has one.
        let groups = self.interface_groups(r, "security_groups", kind == "network");
        let scheme = match bool_of(v, "internal") {
            Some(true) => "internal",
            _ => "internet-facing",
        };
        self.inventory.load_balancers.insert(
            r.identity.clone(),
            ir::LoadBalancer {
                label: label(r, str_of(v, "name")),
                vpc: None,
                kind,
                scheme: scheme.to_owned(),
                subnets,
                security_groups: groups,
                ip_address_type: str_of(v, "ip_address_type"),
            },
        );
    }

    pub(super) fn listener(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let mut listener = ir::Listener {
            load_balancer: self.plan.id(r, "load_balancer_arn"),
            port: int_of(v, "port"),
            protocol: str_of(v, "protocol"),
            ..ir::Listener::default()
        };
        for block in self.blocks(r, "default_action") {
            let kind = block.str("type").unwrap_or_else(|| "forward".to_owned());
            if kind != "forward" {
                listener.other_action.get_or_insert(kind);
                continue;
            }
            listener
                .forward
                .extend(self.block_ids(r, &block, "target_group_arn"));
            if listener.forward.is_empty() {
                // `forward { target_group { arn = … } }`: nested blocks, read from values only.
                if let Some(forward) = block.values.and_then(|b| arr_of(b, "forward").first()) {
                    listener.forward.extend(
                        arr_of(forward, "target_group")
                            .iter()
                            .filter_map(|t| str_of(t, "arn")),
                    );
                }
            }
        }
        self.inventory
            .listeners
            .insert(r.identity.clone(), listener);
    }

    pub(super) fn target_group(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let health = arr_of(v, "health_check").first();
        self.inventory.target_groups.insert(
            r.identity.clone(),
            ir::TargetGroup {
                label: label(r, str_of(v, "name")),
                vpc: self.vpc_ref(r, "vpc_id"),
                protocol: str_of(v, "protocol"),
                port: int_of(v, "port"),
                target_type: str_of(v, "target_type"),
                health_path: health
                    .and_then(|h| str_of(h, "path"))
                    .filter(|p| !p.is_empty()),
                health_port: health.and_then(|h| str_of(h, "port")),
                health_protocol: health.and_then(|h| str_of(h, "protocol")),
                targets: Vec::new(),
            },
        );
    }

    pub(super) fn tg_attachment(&mut self, r: &Resource<'a>) {
        let tg = self.plan.id(r, "target_group_arn");
        let target = self.plan.id(r, "target_id");
        let port = int_of(r.values, "port");
        match (
            tg.and_then(|t| self.inventory.target_groups.get_mut(&t)),
            target,
        ) {
            (Some(group), Some(id)) => group.targets.push(ir::TargetRef { id, port }),
            _ => self.warn(
                r,
                "target group or target of the attachment not found; skipped",
            ),
        }
    }

    /// Subnets of a DB/cache subnet group named by `attr`: the group resource by reference,
    /// else by its `name`.
    pub(super) fn subnet_group(
        &self,
        r: &Resource<'a>,
        attr: &str,
        group_kind: &str,
    ) -> Option<Vec<String>> {
        let name = str_of(r.values, attr);
        let group = self
            .plan
            .id(r, attr)
            .and_then(|id| self.plan.by_identity(&id))
            .filter(|g| g.kind == group_kind)
            .or_else(|| {
                self.plan.resources.iter().find(|g| {
                    g.kind == group_kind && name.is_some() && str_of(g.values, "name") == name
                })
            })?;
        Some(self.plan.ids(group, "subnet_ids"))
    }

    pub(super) fn db_instance(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let Some(subnets) = self.subnet_group(r, "db_subnet_group_name", "aws_db_subnet_group")
        else {
            self.warn(r, "DB subnet group not found in the plan (the default VPC's group is not modelled); skipped");
            return;
        };
        let groups = self.interface_groups(r, "vpc_security_group_ids", false);
        self.inventory.databases.insert(
            r.identity.clone(),
            ir::Database {
                label: label(r, str_of(v, "identifier")),
                vpc: None,
                engine: str_of(v, "engine").unwrap_or_default(),
                port: int_of(v, "port"),
                subnets,
                security_groups: groups,
                publicly_accessible: bool_of(v, "publicly_accessible"),
            },
        );
    }

    pub(super) fn cache(&mut self, r: &Resource<'a>) {
        let v = self.values(r);
        let Some(subnets) =
            self.subnet_group(r, "subnet_group_name", "aws_elasticache_subnet_group")
        else {
            self.warn(r, "cache subnet group not found in the plan; skipped");
            return;
        };
        let groups = self.interface_groups(r, "security_group_ids", false);
        let name = str_of(v, "cluster_id").or_else(|| str_of(v, "replication_group_id"));
        self.inventory.caches.insert(
            r.identity.clone(),
            ir::Database {
                label: label(r, name),
                vpc: None,
                engine: str_of(v, "engine").unwrap_or_else(|| "redis".to_owned()),
                port: int_of(v, "port"),
                subnets,
                security_groups: groups,
                publicly_accessible: None,
            },
        );
    }
}

/// `ipv6_addresses` (the first) or `ipv6_address_count` ≥ 1 (`Some(None)`: AWS picks it),
/// on `aws_instance` and `aws_network_interface` (§16.1).
fn terraform_ipv6(v: &serde_json::Value) -> Option<Option<String>> {
    if let Some(address) = crate::json::strs_of(v, "ipv6_addresses")
        .into_iter()
        .find(|a| !a.is_empty())
    {
        return Some(Some(address));
    }
    crate::json::int_of(v, "ipv6_address_count")
        .filter(|count| *count >= 1)
        .map(|_| None)
}
