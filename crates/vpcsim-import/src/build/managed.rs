//! AWS-managed interfaces (docs/semantics.md §15.7): the addresses AWS gave load-balancer nodes,
//! interface endpoints, NAT gateways, RDS instances and ElastiCache nodes, read from
//! describe-network-interfaces and handed to the resource they belong to, per subnet.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use vpcsim_model::Loc;

use crate::ir::{self, ManagedOwner};

use super::{Builder, display_id};

impl Builder<'_> {
    /// `{ SUBNET-NAME: IP }` of the managed interfaces `owns` accepts, limited to `subnets` (the
    /// design names of the owner's subnets); the first interface per subnet (by ENI id) wins.
    pub(super) fn managed_ips(
        &self,
        vpc_id: &str,
        owns: impl Fn(&ManagedOwner) -> bool,
        subnets: &[Loc<String>],
        pick: impl Fn(&crate::ir::ManagedEni) -> Option<&String>,
    ) -> IndexMap<Loc<String>, Loc<String>> {
        let mut out = IndexMap::new();
        for eni in self.inv.managed_enis.values() {
            if !owns(&eni.owner) {
                continue;
            }
            let (Some(subnet), Some(ip)) = (&eni.subnet, pick(eni)) else {
                continue;
            };
            let Some(name) = self.names(vpc_id).subnets.get(subnet) else {
                continue;
            };
            if subnets.iter().any(|s| &s.value == name) {
                out.entry(Loc::new(name.clone()))
                    .or_insert_with(|| Loc::new(ip.clone()));
            }
        }
        out
    }

    /// The load balancer an `ELB app/NAME/ID` interface belongs to: its ARN ends with that tail.
    pub(super) fn lb_owns(arn: &str, owner: &ManagedOwner) -> bool {
        matches!(owner, ManagedOwner::LoadBalancer(tail)
            if arn.strip_suffix(tail.as_str()).is_some_and(|head| head.ends_with("loadbalancer/")))
    }

    /// The address of a NAT gateway's interface (`Interface for NAT Gateway nat-…`).
    pub(super) fn managed_nat_ip(&self, nat: &str) -> Option<String> {
        self.inv
            .managed_enis
            .values()
            .find_map(|eni| match &eni.owner {
                ManagedOwner::NatGateway(id) if id == nat => eni.private_ip.clone(),
                _ => None,
            })
    }

    /// The interface of an RDS instance or a cache node: `RDSNetworkInterface` names no instance,
    /// so an RDS interface matches when it sits in one of the database's subnets with exactly the
    /// database's security groups and no other database claims it; a cache interface matches
    /// when its description names the cluster. Returns (subnet id, address), or a warning when
    /// several interfaces fit.
    pub(super) fn managed_db_eni(
        &mut self,
        id: &str,
        db: &ir::Database,
        is_cache: bool,
        claimed: &mut BTreeSet<String>,
    ) -> Option<(String, String)> {
        let groups: BTreeSet<&String> = db.security_groups.iter().flatten().collect();
        let candidates: Vec<(&String, &ir::ManagedEni)> = self
            .inv
            .managed_enis
            .iter()
            .filter(|(eni_id, eni)| {
                !claimed.contains(*eni_id)
                    && eni.private_ip.is_some()
                    && eni.subnet.as_ref().is_some_and(|s| db.subnets.contains(s))
                    && match &eni.owner {
                        ManagedOwner::Rds if !is_cache => {
                            eni.groups.iter().collect::<BTreeSet<_>>() == groups
                        }
                        ManagedOwner::Cache(text) if is_cache => text
                            .split(|c: char| c.is_whitespace() || c == ',')
                            .any(|word| word == id || word.starts_with(&format!("{id}-"))),
                        _ => false,
                    }
            })
            .collect();
        match candidates.as_slice() {
            [] => None,
            [(eni_id, eni)] => {
                claimed.insert((*eni_id).clone());
                Some((eni.subnet.clone()?, eni.private_ip.clone()?))
            }
            several => {
                let list = several
                    .iter()
                    .map(|(eni_id, _)| display_id(eni_id).to_owned())
                    .collect::<Vec<_>>()
                    .join(", ");
                self.warn(
                    id,
                    format!("several managed interfaces fit ({list}); the address is assigned, not the real one"),
                );
                None
            }
        }
    }

    /// Warnings for managed interfaces whose load balancer, endpoint or NAT gateway is not in
    /// the input: their addresses answer `NO_ENI_FOR_ADDRESS`.
    pub(super) fn orphan_managed_enis(&mut self) {
        let inv = self.inv;
        let mut orphans: BTreeMap<&String, String> = BTreeMap::new();
        for (eni_id, eni) in &inv.managed_enis {
            let missing = match &eni.owner {
                ManagedOwner::LoadBalancer(tail) => (!inv
                    .load_balancers
                    .keys()
                    .any(|arn| Self::lb_owns(arn, &eni.owner)))
                .then(|| format!("load balancer {tail}")),
                ManagedOwner::Endpoint(id) => {
                    (!inv.endpoints.contains_key(id)).then(|| format!("endpoint {id}"))
                }
                ManagedOwner::NatGateway(id) => {
                    (!inv.nat_gateways.contains_key(id)).then(|| format!("NAT gateway {id}"))
                }
                _ => None,
            };
            if let Some(missing) = missing {
                orphans.insert(eni_id, missing);
            }
        }
        for (eni_id, missing) in orphans {
            let address = inv.managed_enis[eni_id]
                .private_ip
                .clone()
                .unwrap_or_else(|| "(none)".to_owned());
            self.warn(
                eni_id,
                format!("interface of {missing}, which is not in the input (or not modelled); skipped, so {address} answers NO_ENI_FOR_ADDRESS"),
            );
        }
    }
}
