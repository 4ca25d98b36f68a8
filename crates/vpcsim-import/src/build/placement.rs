//! Where each VPC and transit gateway lives: its Region and account (docs/semantics.md §15.5,
//! §15.6). An export may hold several Regions and accounts; each VPC keeps its own, so none is
//! dropped and AZs are checked against the right Region.

use std::collections::BTreeSet;

use vpcsim_model::Loc;
use vpcsim_model::schema;

use super::Builder;

impl Builder<'_> {
    /// The Region of a VPC: the export folder it was read from, else its subnets' AZs.
    pub(super) fn vpc_region(&self, vpc_id: &str) -> Option<String> {
        let inv = self.inv;
        inv.regions.get(vpc_id).cloned().or_else(|| {
            inv.subnets
                .values()
                .filter(|s| s.vpc.as_deref() == Some(vpc_id))
                .map(|s| region_of_az(&s.az))
                .find(|region| !region.is_empty())
        })
    }

    /// The Region of a TGW: its export folder, else the Region of a VPC attached to it.
    pub(super) fn tgw_region(&self, tgw_id: &str) -> Option<String> {
        let inv = self.inv;
        inv.regions.get(tgw_id).cloned().or_else(|| {
            inv.tgw_attachments
                .values()
                .filter(|a| a.transit_gateway.as_deref() == Some(tgw_id))
                .filter_map(|a| a.vpc.as_deref())
                .find_map(|vpc| self.vpc_region(vpc))
        })
    }

    /// Whether the input spans several accounts (then every VPC and TGW names its own).
    fn several_accounts(&self) -> bool {
        let accounts: BTreeSet<&String> = self.inv.accounts.values().collect();
        accounts.len() > 1
    }

    /// Writes `region` (when it differs from the design's) and `account` (when the input spans
    /// several accounts) on a VPC.
    pub(super) fn place_vpc(&self, vpc_id: &str, default: Option<&str>, vpc: &mut schema::Vpc) {
        if let Some(region) = self.vpc_region(vpc_id)
            && Some(region.as_str()) != default
        {
            vpc.region = Some(Loc::new(region));
        }
        if self.several_accounts() {
            vpc.account = self.inv.accounts.get(vpc_id).cloned().map(Loc::new);
            // AZ names are per-account aliases: with several accounts, compare AZ ids (§15.6).
            for (subnet_id, name) in &self.names(vpc_id).subnets {
                if let (Some(az_id), Some(subnet)) = (
                    self.inv.az_ids.get(subnet_id),
                    vpc.subnets.get_mut(name.as_str()),
                ) {
                    subnet.az_id = Some(Loc::new(az_id.clone()));
                }
            }
        }
    }

    /// The same for a transit gateway.
    pub(super) fn place_tgw(
        &self,
        tgw_id: &str,
        default: Option<&str>,
        tgw: &mut schema::TransitGateway,
    ) {
        if let Some(region) = self.tgw_region(tgw_id)
            && Some(region.as_str()) != default
        {
            tgw.region = Some(Loc::new(region));
        }
        if self.several_accounts() {
            tgw.account = self.inv.accounts.get(tgw_id).cloned().map(Loc::new);
        }
    }
}

/// `us-east-2b` → `us-east-2`.
pub(super) fn region_of_az(az: &str) -> String {
    az.trim_end_matches(|c: char| c.is_ascii_lowercase())
        .to_owned()
}
