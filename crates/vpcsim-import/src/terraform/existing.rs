//! Networks the plan attaches resources to without creating them (docs/import.md, "Plans for
//! an existing VPC"), and values unknown until apply that the plan still determines.
//!
//! A plan that adds subnets, security groups or load balancers to an existing VPC names that
//! VPC by id (`vpc_id = var.vpc_id` with the variable's value, a `data "aws_vpc"`), or by a
//! reference the plan does not record (`local.vpc_id`). Rather than dropping every resource
//! in it, the importer writes a placeholder VPC: its CIDR from the data source's values when
//! the plan read them, else the smallest block covering its subnets, and says so in a warning
//! naming the addresses of the resources in it. So the resources are checked, and a finding
//! that depends on the assumed VPC is known to.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde_json::Value;

use super::plan::{Plan, Resource};
use super::resources::{ExistingVpc, Reader};
use crate::error::ImportWarning;
use crate::ir::{self, Label};
use crate::json::{arr_of, name_tag, str_of};

/// Prefix of the identities of VPCs the configuration names through something the plan does
/// not record (`var.*` without a value, `local.*`, a data source without values).
const EXISTING: &str = "tf:existing:";

/// Marks an AZ unknown until apply (then the subnet's local name), settled by
/// [`Reader::settle_azs`].
const AZ_UNKNOWN: &str = "\u{0}unknown:";
/// Marks an AZ given only as its id (`use1-az1`).
const AZ_ID: &str = "\u{0}id:";

/// `data.aws_vpc.main.id` → `data.aws_vpc.main`; `var.vpc_id` → `var.vpc_id`; module
/// qualified.
fn reference_base(module: &str, reference: &str) -> String {
    let parts: Vec<&str> = reference.split('.').collect();
    let keep = if parts.first() == Some(&"data") { 3 } else { 2 };
    let base = parts[..keep.min(parts.len())].join(".");
    if module.is_empty() {
        base
    } else {
        format!("{module}.{base}")
    }
}

/// The smallest IPv4 block covering every block of `cidrs`, if they parse.
pub(crate) fn covering_block(cidrs: &[String]) -> Option<Ipv4Net> {
    let nets: Vec<Ipv4Net> = cidrs.iter().filter_map(|c| c.parse().ok()).collect();
    let first = *nets.first()?;
    (0..=first.prefix_len()).rev().find_map(|prefix| {
        let candidate = Ipv4Net::new(first.addr(), prefix).ok()?.trunc();
        nets.iter()
            .all(|net| candidate.contains(net))
            .then_some(candidate)
    })
}

/// The VPC blocks standing for an unknown VPC whose subnets are `cidrs`: the covering block
/// when AWS allows it (/16 to /28), else one /16 per /16 the subnets fall in.
fn inferred_blocks(cidrs: &[String]) -> Vec<String> {
    match covering_block(cidrs) {
        Some(block) if block.prefix_len() >= 16 => vec![block.to_string()],
        Some(_) => {
            let mut blocks: Vec<String> = cidrs
                .iter()
                .filter_map(|c| c.parse::<Ipv4Net>().ok())
                .filter_map(|net| Ipv4Net::new(net.addr(), 16).ok())
                .map(|net| net.trunc().to_string())
                .collect();
            blocks.sort();
            blocks.dedup();
            blocks
        }
        None => Vec::new(),
    }
}

/// A placeholder's CIDR when nothing in the plan says where it is.
const UNKNOWN_VPC_CIDR: Ipv4Net = match Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 16) {
    Ok(net) => net,
    Err(_) => panic!("a valid block"),
};

fn list(addresses: &[String]) -> String {
    const SHOWN: usize = 4;
    let mut text = addresses
        .iter()
        .take(SHOWN)
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if addresses.len() > SHOWN {
        text.push_str(&format!(" and {} more", addresses.len() - SHOWN));
    }
    text
}

impl<'a> Reader<'_, 'a> {
    /// The VPC `attr` of `r` names: a resource of the plan, a known id, or, when the plan
    /// records neither, the module's only `aws_vpc` (for `local.*`, with a warning) or a
    /// placeholder identity for the reference.
    pub(super) fn vpc_ref(&self, r: &Resource<'a>, attr: &str) -> Option<String> {
        if let Some(id) = self.plan.id(r, attr) {
            if self.plan.by_identity(&id).is_none() {
                self.note_existing(&id, &id, r);
            }
            return Some(id);
        }
        let expression = self.plan.expression(r, attr)?;
        let references = Plan::references(expression);
        let first = references.first()?;
        if references
            .iter()
            .any(|reference| reference.starts_with("local."))
            && let Some(vpc) = self.plan.only_resource(&r.module, "aws_vpc")
        {
            self.locals
                .borrow_mut()
                .entry((reference_base(&r.module, first), vpc.address.clone()))
                .or_default()
                .push(r.address.clone());
            return Some(vpc.identity.clone());
        }
        let base = reference_base(&r.module, first);
        // A data source the plan read: its id.
        if let Some(data) = self.plan.data.iter().find(|d| {
            d.kind == "aws_vpc" && (d.address == base || d.address.starts_with(&format!("{base}[")))
        }) && let Some(id) = str_of(data.values, "id")
        {
            self.note_existing(&id, &id, r);
            return Some(id);
        }
        let identity = format!("{EXISTING}{base}");
        self.note_existing(&identity, &base, r);
        Some(identity)
    }

    fn note_existing(&self, identity: &str, named_as: &str, r: &Resource<'a>) {
        let mut existing = self.existing.borrow_mut();
        let entry = existing
            .entry(identity.to_owned())
            .or_insert_with(|| ExistingVpc {
                named_as: named_as.to_owned(),
                addresses: Vec::new(),
            });
        if !entry.addresses.contains(&r.address) {
            entry.addresses.push(r.address.clone());
        }
    }

    /// A `data "aws_subnet"` the plan read: an existing subnet the plan's resources may use.
    pub(super) fn data_subnet(&mut self, d: &Resource<'a>) {
        let v = d.values;
        let (Some(id), Some(cidr)) = (str_of(v, "id"), str_of(v, "cidr_block")) else {
            return;
        };
        let vpc = str_of(v, "vpc_id");
        if let Some(vpc) = &vpc {
            self.note_existing(vpc, vpc, d);
        }
        self.inventory.subnets.insert(
            id.clone(),
            ir::Subnet {
                label: Label::aws(&id, name_tag(v)),
                vpc,
                cidr,
                az: str_of(v, "availability_zone")
                    .or_else(|| str_of(v, "availability_zone_id"))
                    .unwrap_or_default(),
                ipv6_cidr: str_of(v, "ipv6_cidr_block").filter(|c| !c.is_empty()),
                public_ip_on_launch: crate::json::bool_of(v, "map_public_ip_on_launch"),
                assign_ipv6_on_creation: crate::json::bool_of(v, "assign_ipv6_address_on_creation"),
            },
        );
    }

    /// Instances, ENIs and NAT gateways placed in a subnet the plan does not create and did not
    /// read (`subnet_id = var.subnet_id`): a placeholder subnet in the VPC of their security
    /// groups, so they are kept and checked, with a warning. Its CIDR is settled by
    /// [`Reader::settle_existing_subnets`] once the VPC's is known.
    pub(super) fn existing_subnets(&mut self) {
        let inv = &self.inventory;
        let sg_vpc = |groups: &Option<Vec<String>>| -> Option<String> {
            groups
                .iter()
                .flatten()
                .find_map(|g| inv.security_groups.get(g).and_then(|sg| sg.vpc.clone()))
        };
        let mut wanted: BTreeMap<String, (Option<String>, Vec<String>)> = BTreeMap::new();
        let mut want = |subnet: &Option<String>, vpc: Option<String>, owner: &str| {
            if let Some(subnet) = subnet
                && !inv.subnets.contains_key(subnet)
            {
                let entry = wanted.entry(subnet.clone()).or_default();
                entry.0 = entry.0.take().or(vpc);
                entry.1.push(owner.to_owned());
            }
        };
        for (id, instance) in &inv.instances {
            want(&instance.subnet, sg_vpc(&instance.security_groups), id);
        }
        for (id, eni) in &inv.network_interfaces {
            want(&eni.subnet, sg_vpc(&eni.security_groups), id);
        }
        for (id, nat) in &inv.nat_gateways {
            want(&nat.subnet, None, id);
        }
        for (subnet, (vpc, owners)) in wanted {
            let addresses: Vec<String> = owners
                .iter()
                .map(|o| {
                    self.plan
                        .by_identity(o)
                        .map_or_else(|| o.clone(), |r| r.address.clone())
                })
                .collect();
            let Some(vpc) = vpc else {
                continue;
            };
            let named_as = subnet.strip_prefix(EXISTING).unwrap_or(&subnet).to_owned();
            self.warnings.push(ImportWarning::warn(
                named_as.clone(),
                format!(
                    "subnet not created by this plan (used by {}); written as a placeholder subnet in the VPC of their security groups, its CIDR and AZ assumed, its route table the VPC's main table: findings about their routes and addresses are assumed",
                    list(&addresses)
                ),
            ));
            self.inventory.subnets.insert(
                subnet.clone(),
                ir::Subnet {
                    label: Label::aws(&subnet, None),
                    vpc: Some(vpc),
                    cidr: String::new(),
                    az: format!(
                        "{AZ_UNKNOWN}{}",
                        named_as.rsplit('.').next().unwrap_or(&named_as)
                    ),
                    ipv6_cidr: None,
                    public_ip_on_launch: None,
                    assign_ipv6_on_creation: None,
                },
            );
        }
    }

    /// Gives each placeholder subnet a CIDR: the first /24 (else /28) of its VPC's blocks that
    /// no other subnet overlaps; a placeholder with no room left is dropped with a warning.
    pub(super) fn settle_existing_subnets(&mut self) {
        let placeholders: Vec<String> = self
            .inventory
            .subnets
            .iter()
            .filter(|(_, s)| s.cidr.is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        for id in placeholders {
            let Some(vpc) = self.inventory.subnets[&id].vpc.clone() else {
                continue;
            };
            let blocks: Vec<Ipv4Net> = self
                .inventory
                .vpcs
                .get(&vpc)
                .map(|v| v.cidrs.iter().filter_map(|c| c.parse().ok()).collect())
                .unwrap_or_default();
            let taken: Vec<Ipv4Net> = self
                .inventory
                .subnets
                .values()
                .filter(|s| s.vpc.as_deref() == Some(vpc.as_str()))
                .filter_map(|s| s.cidr.parse().ok())
                .collect();
            let free = blocks.iter().find_map(|block| {
                [24u8, 28].iter().find_map(|&len| {
                    block
                        .subnets(len.max(block.prefix_len()))
                        .ok()?
                        .find(|candidate| {
                            !taken
                                .iter()
                                .any(|t| t.contains(candidate) || candidate.contains(t))
                        })
                })
            });
            match free {
                Some(cidr) => {
                    if let Some(subnet) = self.inventory.subnets.get_mut(&id) {
                        subnet.cidr = cidr.to_string();
                    }
                }
                None => {
                    self.inventory.subnets.remove(&id);
                    self.warnings.push(ImportWarning::warn(
                        id.strip_prefix(EXISTING).unwrap_or(&id).to_owned(),
                        "no free block left in its VPC for a placeholder subnet; its resources are skipped",
                    ));
                }
            }
        }
    }

    /// One warning per `local.*` that was taken to be the module's only VPC.
    pub(super) fn local_vpc_warnings(&mut self) {
        let locals = std::mem::take(&mut *self.locals.borrow_mut());
        for ((local, vpc), addresses) in locals {
            self.warnings.push(ImportWarning::warn(
                local,
                format!(
                    "the plan does not record the value of locals; taken to be the module's only VPC `{vpc}` where {} use it as `vpc_id`",
                    list(&addresses)
                ),
            ));
        }
    }

    /// Writes a placeholder for every VPC that resources name but the plan does not create.
    pub(super) fn existing_vpcs(&mut self) {
        let existing = std::mem::take(&mut *self.existing.borrow_mut());
        for (identity, vpc) in existing {
            if self.inventory.vpcs.contains_key(&identity) {
                continue;
            }
            let data = self.plan.data.iter().find(|d| {
                d.kind == "aws_vpc"
                    && (str_of(d.values, "id").as_deref() == Some(identity.as_str())
                        || d.address == vpc.named_as)
            });
            let who = list(&vpc.addresses);
            let (cidrs, tag, how) = if let Some(data) = data
                && let Some(primary) = str_of(data.values, "cidr_block")
            {
                let mut cidrs = vec![primary];
                for association in arr_of(data.values, "cidr_block_associations") {
                    if let Some(cidr) = str_of(association, "cidr_block")
                        && !cidrs.contains(&cidr)
                    {
                        cidrs.push(cidr);
                    }
                }
                let how = format!("its CIDR from the plan's `{}`", data.address);
                (cidrs, name_tag(data.values), how)
            } else {
                let subnets: Vec<String> = self
                    .inventory
                    .subnets
                    .values()
                    .filter(|s| s.vpc.as_deref() == Some(identity.as_str()))
                    .map(|s| s.cidr.clone())
                    .collect();
                let blocks = inferred_blocks(&subnets);
                if blocks.is_empty() {
                    (
                        vec![UNKNOWN_VPC_CIDR.to_string()],
                        None,
                        format!(
                            "CIDR unknown (no subnet of it in the plan), assumed {UNKNOWN_VPC_CIDR}: findings about addresses in it are assumed"
                        ),
                    )
                } else {
                    let how = format!(
                        "CIDR {} inferred as the smallest block covering its subnets: findings about addresses outside them are assumed",
                        blocks.join(", ")
                    );
                    (blocks, None, how)
                }
            };
            let placeholder_name = vpc
                .named_as
                .rsplit('.')
                .next()
                .unwrap_or(&vpc.named_as)
                .to_owned();
            let fallback = if identity.starts_with(EXISTING) {
                format!("existing-{placeholder_name}")
            } else {
                identity.clone()
            };
            let named = data.map_or_else(|| vpc.named_as.clone(), |d| d.address.clone());
            self.warnings.push(ImportWarning::warn(
                named,
                format!(
                    "VPC not created by this plan (named by {who}); written as a placeholder VPC, {how}; its own gateways, route tables and ACLs are not in the plan, so findings about its routes (no internet-gateway route, LB002, RT004) are assumed"
                ),
            ));
            self.inventory.vpcs.insert(
                identity.clone(),
                ir::Vpc {
                    label: Label {
                        tag,
                        fallback: fallback.clone(),
                        suffix: fallback,
                    },
                    cidrs,
                    ..ir::Vpc::default()
                },
            );
        }
    }

    /// A subnet's Availability Zone: the planned value, else `availability_zone_id`, else the
    /// configuration (`var.azs[count.index]`, `element(var.azs, count.index)` with the plan's
    /// variables), else a placeholder distinct from every other subnet's, with a warning, so
    /// the one-subnet-per-AZ checks neither fail nor pass on a value nobody knows.
    pub(super) fn subnet_az(&self, r: &Resource<'a>) -> String {
        let v = r.values;
        if let Some(az) = str_of(v, "availability_zone").filter(|az| !az.is_empty()) {
            return az;
        }
        if let Some(id) = str_of(v, "availability_zone_id").filter(|az| !az.is_empty()) {
            return format!("{AZ_ID}{id}");
        }
        for attr in ["availability_zone", "availability_zone_id"] {
            if let Some(az) = self
                .plan
                .expression(r, attr)
                .and_then(|e| self.az_from_variable_list(r, e))
            {
                return az;
            }
        }
        format!("{AZ_UNKNOWN}{}", r.local_name())
    }

    /// Turns the AZ markers of [`Reader::subnet_az`] into names in the plan's region (the AZ
    /// of another subnet, else the provider's `region`), so that they pass the region check
    /// (VAL006) and differ from every real AZ: `eu-west-1-unknown-public-0` for an unknown
    /// AZ, with a warning, and `use1-az1` as `us-east-1-use1-az1`.
    pub(super) fn settle_azs(&mut self) {
        let region = self
            .inventory
            .subnets
            .values()
            .filter(|s| !s.az.starts_with(AZ_UNKNOWN) && !s.az.starts_with(AZ_ID))
            .map(|s| {
                s.az.trim_end_matches(|c: char| c.is_ascii_lowercase())
                    .to_owned()
            })
            .find(|region| !region.is_empty())
            .or_else(|| self.plan.provider_region.clone());
        let prefix = region.as_ref().map_or(String::new(), |r| format!("{r}-"));
        if self.inventory.region.is_none() {
            self.inventory.region.clone_from(&region);
        }
        for (identity, subnet) in &mut self.inventory.subnets {
            if let Some(id) = subnet.az.strip_prefix(AZ_ID) {
                subnet.az = format!("{prefix}{id}");
            } else if let Some(name) = subnet.az.strip_prefix(AZ_UNKNOWN) {
                let az = format!("{prefix}unknown-{name}");
                subnet.az.clone_from(&az);
                // A placeholder subnet's own warning already says its AZ is assumed.
                let Some(address) = self.plan.by_identity(identity).map(|r| r.address.clone())
                else {
                    continue;
                };
                self.warnings.push(ImportWarning::warn(
                    address,
                    format!(
                        "Availability Zone unknown until apply (AWS picks it); written as `{az}`, distinct from every other subnet's, so a finding that compares AZs (VAL040, RT007) assumes it differs"
                    ),
                ));
                subnet.az = az;
            }
        }
    }

    /// `var.azs[count.index]`-style: a list variable of the root module (or a module input
    /// that is one) indexed by the resource's own index.
    fn az_from_variable_list(&self, r: &Resource<'a>, expression: &Value) -> Option<String> {
        let references = Plan::references(expression);
        let variable = references
            .iter()
            .find_map(|reference| reference.strip_prefix("var."))?;
        let name = variable.split(['.', '[']).next()?;
        let value = if r.module.is_empty() {
            self.plan.variable(name)?
        } else {
            return None;
        };
        let items = value.as_array()?;
        let index = match &r.index {
            Some(Value::Number(n)) => usize::try_from(n.as_u64()?).ok()?,
            None if items.len() == 1 => 0,
            _ => return None,
        };
        // `element()` wraps around; indexing does not, but then the plan would have failed.
        let item = items.get(index % items.len().max(1))?;
        item.as_str().map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covering_block_is_the_smallest_containing_every_subnet() {
        let cidrs = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            covering_block(&cidrs(&["10.1.1.0/24", "10.1.2.0/24"])).map(|n| n.to_string()),
            Some("10.1.0.0/22".to_owned())
        );
        assert_eq!(
            inferred_blocks(&cidrs(&["10.1.0.0/24"])),
            vec!["10.1.0.0/24".to_owned()]
        );
        assert_eq!(
            inferred_blocks(&cidrs(&["10.1.0.0/24", "10.9.0.0/24"])),
            vec!["10.1.0.0/16".to_owned(), "10.9.0.0/16".to_owned()]
        );
        assert!(inferred_blocks(&[]).is_empty());
        assert_eq!(
            reference_base("module.app", "data.aws_vpc.main.id"),
            "module.app.data.aws_vpc.main"
        );
        assert_eq!(reference_base("", "var.vpc_id"), "var.vpc_id");
    }
}
