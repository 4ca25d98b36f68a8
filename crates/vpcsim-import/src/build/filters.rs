//! Security groups and their rules, network ACLs and their entries, with AWS protocol numbers
//! and port conventions normalised (`-1`, `6`, `17`, …).

use vpcsim_model::Loc;
use vpcsim_model::schema::{self, NaclRule, NumOrText};

use crate::ir::{self, Peer};
use crate::normalize;

use super::{Builder, DEFAULT, display_id, in_vpc};

impl Builder<'_> {
    pub(super) fn security_groups(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, sg) in in_vpc(&inv.security_groups, vpc_id, |s| s.vpc.as_ref()) {
            let ingress = sg
                .ingress
                .iter()
                .enumerate()
                .filter_map(|(n, rule)| {
                    let rule = self.sg_rule(vpc_id, id, rule, false)?;
                    Some(self.at(&format!("{id}#ingress#{n}"), rule.value))
                })
                .collect();
            let egress = sg
                .egress
                .iter()
                .enumerate()
                .filter_map(|(n, rule)| {
                    let rule = self.sg_rule(vpc_id, id, rule, true)?;
                    Some(self.at(&format!("{id}#egress#{n}"), rule.value))
                })
                .collect();
            let name = self.names(vpc_id).security_groups[id].clone();
            // The input lists every rule of the default group, AWS's own included, so they are
            // the whole group rather than additions to AWS's rules (§15.9).
            let default_rules = (name == DEFAULT).then(|| Loc::new(false));
            vpc.security_groups.insert(
                self.at(id, name),
                schema::SecurityGroup {
                    description: sg.description.clone(),
                    default_rules,
                    ingress: Some(ingress),
                    egress: Some(egress),
                },
            );
        }
    }

    pub(super) fn sg_rule(
        &mut self,
        vpc_id: &str,
        sg_id: &str,
        rule: &ir::SgRule,
        egress: bool,
    ) -> Option<Loc<schema::SgRule>> {
        let peer = match &rule.peer {
            Peer::Cidr(cidr) => cidr.clone(),
            Peer::PrefixList(id) => match self.prefix_list_names.get(id) {
                Some(name) => format!("pl:{name}"),
                None => {
                    self.warn(
                        sg_id,
                        format!("rule referencing prefix list {}: prefix list not found in the input; rule skipped", display_id(id)),
                    );
                    return None;
                }
            },
            Peer::SecurityGroup(group) => {
                let group_vpc = self
                    .inv
                    .security_groups
                    .get(group)
                    .and_then(|g| g.vpc.clone());
                match group_vpc {
                    Some(group_vpc) if group_vpc == vpc_id => {
                        format!("sg:{}", self.names(vpc_id).security_groups[group])
                    }
                    Some(group_vpc) => {
                        let names = self.names(&group_vpc);
                        format!("sg:{}/{}", names.name, names.security_groups[group])
                    }
                    None => {
                        self.warn(
                            sg_id,
                            format!(
                                "rule referencing security group {}: group not found in the input; rule skipped",
                                display_id(group)
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        let proto = normalize::protocol(&rule.proto);
        let (ports, icmp_type, icmp_code) = if normalize::has_ports(&proto) {
            (normalize::ports(rule.from_port, rule.to_port), None, None)
        } else if normalize::is_icmp(&proto) {
            (
                None,
                normalize::icmp_value(rule.from_port),
                normalize::icmp_value(rule.to_port),
            )
        } else {
            (None, None, None)
        };
        let peer = Some(Loc::new(peer));
        Some(Loc::new(schema::SgRule {
            proto: Loc::new(proto),
            ports: ports.map(Loc::new),
            icmp_type: icmp_type.map(Loc::new),
            icmp_code: icmp_code.map(Loc::new),
            from: if egress { None } else { peer.clone() },
            to: if egress { peer } else { None },
            description: rule.description.clone().filter(|d| !d.is_empty()),
        }))
    }

    pub(super) fn network_acls(&mut self, vpc_id: &str, vpc: &mut schema::Vpc) {
        let inv = self.inv;
        for (id, acl) in in_vpc(&inv.network_acls, vpc_id, |n| n.vpc.as_ref()) {
            let subnets = self.map_ids(
                id,
                "associated subnet",
                &acl.subnets,
                |n| &n.subnets,
                vpc_id,
            );
            let mut entries: Vec<&ir::NaclEntry> = acl
                .entries
                .iter()
                // 32767 (IPv4) and 32768 (IPv6) are AWS's implicit final deny (docs/semantics.md §6.1).
                .filter(|entry| entry.rule < 32767)
                .collect();
            entries.sort_by_key(|entry| (entry.egress, entry.rule, entry.cidr.clone()));
            let mut ingress = Vec::new();
            let mut egress = Vec::new();
            for entry in entries {
                let proto = normalize::protocol(&entry.proto);
                let (ports, icmp_type, icmp_code) = if normalize::has_ports(&proto) {
                    (
                        entry
                            .ports
                            .map_or(Some(NumOrText::Text("all".to_owned())), |(from, to)| {
                                normalize::ports(Some(from), Some(to))
                            }),
                        None,
                        None,
                    )
                } else if normalize::is_icmp(&proto) {
                    (
                        None,
                        normalize::icmp_value(entry.icmp_type),
                        normalize::icmp_value(entry.icmp_code),
                    )
                } else {
                    (None, None, None)
                };
                let rule = Loc::new(NaclRule {
                    rule: Loc::new(entry.rule),
                    action: Loc::new(if entry.allow { "allow" } else { "deny" }.to_owned()),
                    proto: Loc::new(proto),
                    ports: ports.map(Loc::new),
                    icmp_type: icmp_type.map(Loc::new),
                    icmp_code: icmp_code.map(Loc::new),
                    cidr: Loc::new(entry.cidr.clone()),
                });
                if entry.egress {
                    egress.push(rule);
                } else {
                    ingress.push(rule);
                }
            }
            let name = self.names(vpc_id).network_acls[id].clone();
            vpc.network_acls.insert(
                Loc::new(name),
                schema::NetworkAcl {
                    subnets,
                    ingress,
                    egress,
                },
            );
        }
    }
}
