//! Addresses: Elastic IPs, private IP assignment and public IP assignment.
//!
//! Private and public addresses are chosen after every ENI exists, so that addresses the design
//! pins are reserved before automatic ones are drawn (docs/semantics.md §1.10, §3.6, §10.2).

use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::Ipv4Net;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Resolver;
use crate::ids::*;
use crate::model::*;
use crate::schema::{self, FlagOrText};
use crate::span::{Loc, Span};

/// Synthetic public addresses for auto-assigned IPs and EIPs the design does not pin. The block
/// is a real Amazon EC2 range (ap-northeast-2), so answers look like AWS's; docs say they are
/// synthetic and `public_ip:`/`elastic_ip:` pin real ones.
const SYNTHETIC_PUBLIC_POOL: Ipv4Net = match Ipv4Net::new(Ipv4Addr::new(54, 180, 0, 0), 14) {
    Ok(net) => net,
    Err(_) => panic!("constant prefix length is valid"),
};

impl<'d> Resolver<'d> {
    pub(super) fn next_synthetic_public(&mut self) -> Ipv4Addr {
        loop {
            let base = u32::from(SYNTHETIC_PUBLIC_POOL.network());
            let address = Ipv4Addr::from(base.wrapping_add(self.next_public));
            self.next_public = self.next_public.wrapping_add(1);
            if !self.pinned_public.contains(&address) {
                return address;
            }
        }
    }

    pub(super) fn elastic_ip_shells(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, eip) in &vpc.elastic_ips {
            let address = match &eip.address {
                Some(text) => match self.parse_ip(text, "Elastic IP") {
                    Some(address) => {
                        self.pinned_public.insert(address);
                        address
                    }
                    None => continue,
                },
                None => Ipv4Addr::UNSPECIFIED,
            };
            let index = self.model.elastic_ips.len();
            self.model.elastic_ips.push(ElasticIp {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                address,
                eni: None,
            });
            self.names[vpc_id.index()]
                .elastic_ips
                .insert(name.value.as_str(), index);
        }
    }

    /// Attaches an Elastic IP (`true`, an address, or the name of an `elastic_ips` entry).
    pub(super) fn attach_elastic_ip(&mut self, vpc_id: VpcId, eni: EniId, value: &Loc<FlagOrText>) {
        let owner_name = self.model.enis[eni.index()].name.clone();
        let index = match &value.value {
            FlagOrText::Flag(false) => return,
            FlagOrText::Flag(true) => None,
            FlagOrText::Text(text) => {
                if let Some(index) = self.names[vpc_id.index()].elastic_ips.get(text.as_str()) {
                    Some(*index)
                } else if let Ok(address) = text.parse::<Ipv4Addr>() {
                    self.pinned_public.insert(address);
                    match self
                        .model
                        .elastic_ips
                        .iter()
                        .position(|e| e.address == address)
                    {
                        Some(index) => Some(index),
                        None => {
                            self.model.elastic_ips.push(ElasticIp {
                                name: format!("{owner_name}-eip"),
                                span: value.span,
                                vpc: vpc_id,
                                address,
                                eni: None,
                            });
                            Some(self.model.elastic_ips.len() - 1)
                        }
                    }
                } else {
                    let mut candidates: Vec<String> = self.names[vpc_id.index()]
                        .elastic_ips
                        .keys()
                        .map(|k| k.to_string())
                        .collect();
                    candidates.sort();
                    let reference = Loc::at(text.clone(), value.span);
                    self.dangling(
                        &reference,
                        "Elastic IP",
                        candidates.iter().map(String::as_str),
                    );
                    return;
                }
            }
        };
        let index = index.unwrap_or_else(|| {
            self.model.elastic_ips.push(ElasticIp {
                name: format!("{owner_name}-eip"),
                span: value.span,
                vpc: vpc_id,
                address: Ipv4Addr::UNSPECIFIED,
                eni: None,
            });
            self.model.elastic_ips.len() - 1
        });
        if let Some(other) = self.model.elastic_ips[index].eni {
            let other_name = self.model.enis[other.index()].name.clone();
            self.error(
                "VAL010",
                value.span,
                format!(
                    "Elastic IP `{}` is already associated with `{other_name}`",
                    self.model.elastic_ips[index].name
                ),
            );
            return;
        }
        self.model.elastic_ips[index].eni = Some(eni);
        // §10.2: an EIP on the ENI replaces any auto-assigned public IP (dropped when public
        // IPs are assigned, see `assign_public_ips`).
        self.pending_public.push((eni, None, PublicIpKind::Elastic));
    }

    /// Explicit private IPs first (validated), then the rest from the usable range in
    /// declaration order (§1.10: the first four and the last address are reserved).
    pub(super) fn assign_private_ips(&mut self) {
        let pending = std::mem::take(&mut self.pending_ips);
        let mut taken: FxHashSet<(SubnetId, Ipv4Addr)> = FxHashSet::default();
        let mut owner_of: FxHashMap<(SubnetId, Ipv4Addr), Span> = FxHashMap::default();
        let mut automatic: Vec<EniId> = Vec::new();
        for item in &pending {
            let subnet_id = self.model.enis[item.eni.index()].subnet;
            let Some(requested) = &item.requested else {
                automatic.push(item.eni);
                continue;
            };
            let Some(address) = self.parse_ip(requested, "private IP") else {
                automatic.push(item.eni);
                continue;
            };
            let subnet = &self.model.subnets[subnet_id.index()];
            let (cidr, subnet_name) = (subnet.cidr, subnet.name.clone());
            if !cidr.contains(&address) {
                self.error(
                    "VAL010",
                    requested.span,
                    format!("private IP {address} is outside subnet `{subnet_name}` ({cidr})"),
                );
                automatic.push(item.eni);
                continue;
            }
            if let Some(role) = reserved_role(cidr, address) {
                self.error(
                    "VAL010",
                    requested.span,
                    format!("private IP {address} is reserved by AWS in {cidr} ({role})"),
                )
                .help = Some(format!(
                    "the first usable address is {}",
                    Ipv4Addr::from(u32::from(cidr.network()) + 4)
                ));
                automatic.push(item.eni);
                continue;
            }
            if let Some(first) = owner_of.get(&(subnet_id, address)) {
                let first = *first;
                self.error(
                    "VAL010",
                    requested.span,
                    format!("private IP {address} is used twice"),
                )
                .related
                .push(crate::diagnostic::Related {
                    span: first,
                    label: "first used here".into(),
                });
                automatic.push(item.eni);
                continue;
            }
            owner_of.insert((subnet_id, address), requested.span);
            taken.insert((subnet_id, address));
            self.model.enis[item.eni.index()].private_ip = address;
        }
        let mut cursor: FxHashMap<SubnetId, u32> = FxHashMap::default();
        let mut exhausted: FxHashSet<SubnetId> = FxHashSet::default();
        for eni in automatic {
            let subnet_id = self.model.enis[eni.index()].subnet;
            let cidr = self.model.subnets[subnet_id.index()].cidr;
            let first = u32::from(cidr.network()).saturating_add(4);
            let last = u32::from(cidr.broadcast()).saturating_sub(1);
            let next = cursor.entry(subnet_id).or_insert(first);
            while *next <= last && taken.contains(&(subnet_id, Ipv4Addr::from(*next))) {
                *next += 1;
            }
            if *next > last || cidr.prefix_len() > 28 {
                if exhausted.insert(subnet_id) {
                    let subnet = &self.model.subnets[subnet_id.index()];
                    let usable = (1u64 << (32 - u32::from(cidr.prefix_len()))).saturating_sub(5);
                    let (span, name) = (subnet.cidr_span, subnet.name.clone());
                    self.error(
                        "VAL011",
                        span,
                        format!("subnet `{name}` ({cidr}) has more network interfaces than its {usable} usable addresses"),
                    )
                    .help = Some("use a larger subnet or spread resources over more subnets".into());
                }
                continue;
            }
            let address = Ipv4Addr::from(*next);
            *next += 1;
            taken.insert((subnet_id, address));
            self.model.enis[eni.index()].private_ip = address;
        }
        for (index, eni) in self.model.enis.iter().enumerate() {
            self.model
                .eni_by_private_ip
                .entry(eni.private_ip)
                .or_insert(EniId::from_index(index));
        }
        // §7.6: instance targets receive traffic on their primary ENI's private IP, known only
        // now; IP targets that belong to a modelled ENI get that ENI.
        let Model {
            target_groups,
            enis,
            eni_by_private_ip,
            ..
        } = &mut self.model;
        for group in target_groups.iter_mut() {
            let vpc = group.vpc;
            for target in &mut group.targets {
                match target.eni {
                    Some(eni) => target.address = enis[eni.index()].private_ip,
                    None => {
                        target.eni = eni_by_private_ip
                            .get(&target.address)
                            .copied()
                            .filter(|eni| enis[eni.index()].vpc == vpc);
                    }
                }
            }
        }
    }

    pub(super) fn assign_public_ips(&mut self) {
        let mut pending = std::mem::take(&mut self.pending_public);
        // §10.2: an ENI with an Elastic IP gets no auto-assigned public IP.
        let with_eip: FxHashSet<EniId> = pending
            .iter()
            .filter(|(_, _, kind)| *kind == PublicIpKind::Elastic)
            .map(|(eni, _, _)| *eni)
            .collect();
        pending.retain(|(eni, _, kind)| *kind == PublicIpKind::Elastic || !with_eip.contains(eni));
        let eip_of: FxHashMap<EniId, usize> = self
            .model
            .elastic_ips
            .iter()
            .enumerate()
            .filter_map(|(index, eip)| eip.eni.map(|eni| (eni, index)))
            .collect();
        for (eni, pinned, kind) in pending {
            let (address, synthetic) = match kind {
                PublicIpKind::Elastic => {
                    let Some(index) = eip_of.get(&eni).copied() else {
                        continue;
                    };
                    if self.model.elastic_ips[index].address.is_unspecified() {
                        let address = self.next_synthetic_public();
                        self.model.elastic_ips[index].address = address;
                        (address, true)
                    } else {
                        (self.model.elastic_ips[index].address, false)
                    }
                }
                _ => match pinned {
                    Some(address) => (address, false),
                    None => (self.next_synthetic_public(), true),
                },
            };
            self.model.enis[eni.index()].public_ip = Some(PublicIp {
                address,
                kind,
                synthetic,
            });
            if let Some(previous) = self.model.eni_by_public_ip.insert(address, eni) {
                let span = self.model.enis[eni.index()].span;
                let other = self.model.enis[previous.index()].name.clone();
                self.error(
                    "VAL010",
                    span,
                    format!("public IP {address} is also used by `{other}`"),
                );
            }
        }
        // Unassociated EIPs still need an address.
        for index in 0..self.model.elastic_ips.len() {
            if self.model.elastic_ips[index].address.is_unspecified() {
                let address = self.next_synthetic_public();
                self.model.elastic_ips[index].address = address;
            }
        }
    }
}

impl Resolver<'_> {
    /// IPv6 addresses (§16.1): explicit ones first (inside the subnet's /64, not one of its
    /// reserved addresses, not used twice), then one per requesting ENI from the subnet's
    /// first usable address on. `None` requests follow the subnet's
    /// `assign_ipv6_address_on_creation`.
    pub(super) fn assign_ipv6_addresses(&mut self) {
        let pending = std::mem::take(&mut self.pending_ipv6);
        let mut owner_of: FxHashMap<Ipv6Addr, Span> = FxHashMap::default();
        let mut automatic: Vec<EniId> = Vec::new();
        for (eni, request) in pending {
            let subnet_id = self.model.enis[eni.index()].subnet;
            let subnet = &self.model.subnets[subnet_id.index()];
            let (block, subnet_name, default) = (
                subnet.ipv6_cidr,
                subnet.name.clone(),
                subnet.assign_ipv6_on_creation,
            );
            let text = match request {
                None if default => {
                    automatic.push(eni);
                    continue;
                }
                None => continue,
                Some(Loc {
                    value: FlagOrText::Flag(false),
                    ..
                }) => continue,
                Some(Loc {
                    value: FlagOrText::Flag(true),
                    span,
                }) => {
                    if block.is_none() {
                        self.error(
                            "VAL010",
                            span,
                            format!(
                                "`ipv6_address: true`, but subnet `{subnet_name}` has no IPv6 block"
                            ),
                        )
                        .help = Some(
                            "give the subnet an `ipv6_cidr` /64 inside the VPC's IPv6 block".into(),
                        );
                        continue;
                    }
                    automatic.push(eni);
                    continue;
                }
                Some(Loc {
                    value: FlagOrText::Text(text),
                    span,
                }) => Loc::at(text, span),
            };
            let Ok(address) = text.value.trim().parse::<Ipv6Addr>() else {
                self.error(
                    "VAL001",
                    text.span,
                    format!("IPv6 address `{}` is not an IPv6 address", text.value),
                );
                continue;
            };
            let Some(block) = block else {
                self.error(
                    "VAL010",
                    text.span,
                    format!("IPv6 address {address}, but subnet `{subnet_name}` has no IPv6 block"),
                );
                continue;
            };
            if !block.contains(&address) {
                self.error(
                    "VAL010",
                    text.span,
                    format!("IPv6 address {address} is outside subnet `{subnet_name}` ({block})"),
                );
                continue;
            }
            let offset = u128::from(address) - u128::from(block.network());
            if offset < 4 || address == block.broadcast() {
                self.error(
                    "VAL010",
                    text.span,
                    format!("IPv6 address {address} is reserved by AWS in {block} (the first four and the last address, §16.1)"),
                )
                .help = Some(format!(
                    "the first usable address is {}",
                    Ipv6Addr::from(u128::from(block.network()) + 4)
                ));
                continue;
            }
            if let Some(first) = owner_of.get(&address).copied() {
                self.error(
                    "VAL010",
                    text.span,
                    format!("IPv6 address {address} is used twice"),
                )
                .related
                .push(crate::diagnostic::Related {
                    span: first,
                    label: "first used here".into(),
                });
                continue;
            }
            owner_of.insert(address, text.span);
            self.model.enis[eni.index()].ipv6 = Some(address);
        }
        let mut cursor: FxHashMap<SubnetId, u128> = FxHashMap::default();
        for eni in automatic {
            let subnet_id = self.model.enis[eni.index()].subnet;
            let Some(block) = self.model.subnets[subnet_id.index()].ipv6_cidr else {
                continue;
            };
            let next = cursor
                .entry(subnet_id)
                .or_insert(u128::from(block.network()) + 4);
            while owner_of.contains_key(&Ipv6Addr::from(*next)) {
                *next += 1;
            }
            let address = Ipv6Addr::from(*next);
            *next += 1;
            owner_of.insert(address, Span::UNKNOWN);
            self.model.enis[eni.index()].ipv6 = Some(address);
        }
        for (index, eni) in self.model.enis.iter().enumerate() {
            if let Some(address) = eni.ipv6 {
                self.model
                    .eni_by_ipv6
                    .entry(address)
                    .or_insert(EniId::from_index(index));
            }
        }
    }
}

/// The role of a reserved address of a subnet, if `address` is one (§1.10).
fn reserved_role(cidr: Ipv4Net, address: Ipv4Addr) -> Option<&'static str> {
    let offset = u32::from(address).wrapping_sub(u32::from(cidr.network()));
    if address == cidr.broadcast() {
        return Some("broadcast address");
    }
    match offset {
        0 => Some("network address"),
        1 => Some("VPC router"),
        2 => Some("Amazon DNS"),
        3 => Some("reserved for future use"),
        _ => None,
    }
}
