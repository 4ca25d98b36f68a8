//! Transit gateway decisions (docs/semantics.md §9.5, §15.2, §15.3): one packet entering a TGW
//! from a VPC, request or reply alike.
//!
//! The packet enters by its VPC's attachment to the TGW; the attachment must serve the AZ of
//! the subnet the packet leaves (§15.3, `TGW_ROUTE_AZ_RESTRICTION`, for replies too); it is
//! routed by the table associated with that attachment (§15.2; none: dropped,
//! `TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION`); the longest prefix wins, a static route beats a
//! propagated one on an equal prefix, a blackhole drops. TGWs keep no flow state (§15.1), so
//! the reply is decided by the same function on the attachment *it* enters by.

use std::net::IpAddr;

use vpcsim_model::{
    Model, SubnetId, TgwAttachmentId, TgwId, TgwPeeringId, TgwRouteTableId, TgwRouteTarget, VpcId,
};

use crate::code::Code;
use crate::route::Lpm;

/// Where a TGW sends a packet: out by a VPC attachment, or across a peering to the peer TGW.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TgwExit {
    /// Out by this VPC attachment.
    Attachment(TgwAttachmentId),
    /// Across this peering attachment (§15.4).
    Peering(TgwPeeringId),
}

/// One TGW's decision: which table and route decided, and where the packet goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TgwHop {
    /// The TGW.
    pub tgw: TgwId,
    /// The table associated with what the packet entered by.
    pub table: TgwRouteTableId,
    /// Index of the deciding route in `TgwRouteTable::routes`.
    pub route: u32,
    /// Where it goes.
    pub exit: TgwExit,
}

/// Why a TGW dropped a packet, with what to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TgwDrop {
    /// The VPC has no attachment to this TGW.
    NoAttachment,
    /// The subnet the packet leaves is in an AZ the attachment does not serve (§15.3).
    AzNotServed(TgwAttachmentId),
    /// The attachment is associated with no route table (§15.2).
    NoAssociation(TgwAttachmentId),
    /// This side of a peering attachment is associated with no route table (§15.4).
    PeeringNoAssociation(TgwPeeringId),
    /// The table has no route for the destination.
    NoRoute(TgwRouteTableId),
    /// The deciding route is a blackhole (§2.9, §15.2).
    Blackhole(TgwRouteTableId, u32),
    /// More TGW peering crossings than any sane design makes.
    Loop(TgwRouteTableId),
}

impl TgwDrop {
    /// The RA-named code of the drop.
    pub fn code(self) -> Code {
        match self {
            TgwDrop::NoAttachment => Code::TgwNoAttachment,
            TgwDrop::AzNotServed(_) => Code::TgwRouteAzRestriction,
            TgwDrop::NoAssociation(_) | TgwDrop::PeeringNoAssociation(_) => {
                Code::TgwAttachMissingTgwRtbAssociation
            }
            TgwDrop::NoRoute(_) => Code::TgwRtbCannotRoute,
            TgwDrop::Blackhole(..) => Code::TgwRtbBadStateRoute,
            TgwDrop::Loop(_) => Code::RoutingLoop,
        }
    }
}

/// TGW peering crossings one packet may make (A → B → C is two).
pub const MAX_PEERING_CROSSINGS: usize = 4;

/// Whether `attachment` has a subnet in the AZ of `subnet` (§9.5, §15.3).
pub fn serves_az(model: &Model, attachment: TgwAttachmentId, subnet: SubnetId) -> bool {
    model
        .tgw_attachment(attachment)
        .subnets
        .iter()
        .any(|served| model.same_az(*served, subnet))
}

/// The route `table` gives `dst`.
fn route_in(
    tables: &[Lpm<TgwRouteTarget>],
    tgw: TgwId,
    table: TgwRouteTableId,
    dst: IpAddr,
) -> Result<TgwHop, TgwDrop> {
    let entry = tables[table.index()]
        .lookup(dst)
        .ok_or(TgwDrop::NoRoute(table))?;
    let exit = match entry.target {
        TgwRouteTarget::Attachment(target) => TgwExit::Attachment(target),
        TgwRouteTarget::Peering(peering) => TgwExit::Peering(peering),
        TgwRouteTarget::Blackhole => return Err(TgwDrop::Blackhole(table, entry.route)),
    };
    Ok(TgwHop {
        tgw,
        table,
        route: entry.route,
        exit,
    })
}

/// A packet to `dst` entering `tgw` by the VPC attachment `attachment` (the VPC's attachment
/// to that TGW, if any), having left `from_subnet` (`None` when the sender's subnet is not
/// known): the TGW's decision.
pub fn enter(
    model: &Model,
    tables: &[Lpm<TgwRouteTarget>],
    tgw: TgwId,
    attachment: Option<TgwAttachmentId>,
    from_subnet: Option<SubnetId>,
    dst: IpAddr,
) -> Result<TgwHop, TgwDrop> {
    let entered = attachment.ok_or(TgwDrop::NoAttachment)?;
    if let Some(subnet) = from_subnet
        && !serves_az(model, entered, subnet)
    {
        return Err(TgwDrop::AzNotServed(entered));
    }
    let table = model
        .tgw_attachment(entered)
        .route_table
        .ok_or(TgwDrop::NoAssociation(entered))?;
    route_in(tables, tgw, table, dst)
}

/// A packet that `hop` sent across a peering enters the peer TGW by that peering and is routed
/// by the peer side's associated table (§15.4).
pub fn cross(
    model: &Model,
    tables: &[Lpm<TgwRouteTarget>],
    hop: TgwHop,
    peering: TgwPeeringId,
    dst: IpAddr,
) -> Result<TgwHop, TgwDrop> {
    let link = model.tgw_peering(peering);
    let side = match link.side_of(hop.tgw) {
        Some(0) => 1,
        _ => 0,
    };
    let peer = link.sides[side];
    let table = link.route_tables[side].ok_or(TgwDrop::PeeringNoAssociation(peering))?;
    route_in(tables, peer, table, dst)
}

/// Follows `first` across peerings until a VPC attachment takes the packet, calling `visit` on
/// every TGW decision (the first included). Errors name the TGW that dropped the packet.
pub fn follow(
    model: &Model,
    tables: &[Lpm<TgwRouteTarget>],
    first: TgwHop,
    dst: IpAddr,
    visit: &mut impl FnMut(&TgwHop),
) -> Result<(TgwHop, TgwAttachmentId), (TgwId, TgwDrop)> {
    let mut hop = first;
    for _ in 0..=MAX_PEERING_CROSSINGS {
        visit(&hop);
        match hop.exit {
            TgwExit::Attachment(attachment) => return Ok((hop, attachment)),
            TgwExit::Peering(peering) => {
                let peer = {
                    let link = model.tgw_peering(peering);
                    link.sides[usize::from(link.side_of(hop.tgw) == Some(0))]
                };
                hop = cross(model, tables, hop, peering, dst).map_err(|drop| (peer, drop))?;
            }
        }
    }
    Err((hop.tgw, TgwDrop::Loop(hop.table)))
}

/// The VPC an attachment leads to.
pub fn attachment_vpc(model: &Model, attachment: TgwAttachmentId) -> VpcId {
    model.tgw_attachment(attachment).vpc
}

/// Whether two TGWs are the same or joined by a peering attachment (a private path, §15.5).
pub fn tgws_joined(model: &Model, a: TgwId, b: TgwId) -> bool {
    a == b
        || model
            .tgw_peerings
            .iter()
            .any(|p| p.sides == [a, b] || p.sides == [b, a])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::build_tgw_route_tables;

    fn model(yaml: &str) -> Model {
        let loaded = vpcsim_model::load(&vpcsim_model::SourceFile {
            name: "t.yaml".into(),
            text: yaml.into(),
        });
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.model.expect("model")
    }

    const DESIGN: &str = "
version: 1
region: us-east-1
vpcs:
  a:
    cidr: 10.1.0.0/16
    subnets:
      a-1a: { cidr: 10.1.1.0/24, az: us-east-1a }
      a-1b: { cidr: 10.1.2.0/24, az: us-east-1b }
  b:
    cidr: 10.2.0.0/16
    subnets:
      b-1a: { cidr: 10.2.1.0/24, az: us-east-1a }
  c:
    cidr: 10.3.0.0/16
    subnets:
      c-1a: { cidr: 10.3.1.0/24, az: us-east-1a }
transit_gateways:
  hub:
    attachments:
      a-att: { vpc: a, subnets: [a-1a] }
      b-att: { vpc: b, subnets: [b-1a] }
      c-att: { vpc: c, subnets: [c-1a] }
    route_tables:
      spokes:
        associations: [a-att]
        propagations: [b-att]
        routes: [ { to: 10.2.9.0/24, via: blackhole } ]
      shared:
        associations: [b-att]
        propagations: [a-att]
";

    fn ids(model: &Model) -> (TgwAttachmentId, TgwAttachmentId, TgwAttachmentId) {
        let att = |name: &str| {
            TgwAttachmentId::from_index(
                model
                    .tgw_attachments
                    .iter()
                    .position(|a| a.name == name)
                    .unwrap(),
            )
        };
        (att("a-att"), att("b-att"), att("c-att"))
    }

    fn subnet(model: &Model, name: &str) -> SubnetId {
        SubnetId::from_index(model.subnets.iter().position(|s| s.name == name).unwrap())
    }

    #[test]
    fn routes_by_the_entering_attachments_table() {
        let model = model(DESIGN);
        let tables = build_tgw_route_tables(&model);
        let (a, b, c) = ids(&model);
        let hop = enter(
            &model,
            &tables,
            TgwId(0),
            Some(a),
            Some(subnet(&model, "a-1a")),
            "10.2.1.5".parse().unwrap(),
        )
        .unwrap();
        assert_eq!(hop.exit, TgwExit::Attachment(b));
        let _ = a;
        // The reply enters by b's attachment, routed by b's table back to a.
        let reply = enter(
            &model,
            &tables,
            TgwId(0),
            Some(b),
            Some(subnet(&model, "b-1a")),
            "10.1.1.5".parse().unwrap(),
        )
        .unwrap();
        assert_eq!(reply.exit, TgwExit::Attachment(a));
        // a's table has no route to c (isolated), and c is associated with nothing.
        let to_c = enter(
            &model,
            &tables,
            TgwId(0),
            Some(a),
            None,
            "10.3.1.5".parse().unwrap(),
        );
        assert!(matches!(to_c, Err(TgwDrop::NoRoute(_))));
        let from_c = enter(
            &model,
            &tables,
            TgwId(0),
            Some(c),
            None,
            "10.1.1.5".parse().unwrap(),
        );
        assert_eq!(from_c, Err(TgwDrop::NoAssociation(c)));
        assert_eq!(
            from_c.unwrap_err().code(),
            Code::TgwAttachMissingTgwRtbAssociation
        );
    }

    #[test]
    fn static_blackhole_beats_the_propagated_route_it_narrows() {
        let model = model(DESIGN);
        let tables = build_tgw_route_tables(&model);
        let (a, _, _) = ids(&model);
        let dropped = enter(
            &model,
            &tables,
            TgwId(0),
            Some(a),
            None,
            "10.2.9.1".parse().unwrap(),
        );
        assert!(matches!(dropped, Err(TgwDrop::Blackhole(..))));
    }

    #[test]
    fn az_coverage_applies_to_whatever_enters() {
        let model = model(DESIGN);
        let tables = build_tgw_route_tables(&model);
        let (a, _, _) = ids(&model);
        let uncovered = subnet(&model, "a-1b");
        assert!(!serves_az(&model, a, uncovered));
        let result = enter(
            &model,
            &tables,
            TgwId(0),
            Some(a),
            Some(uncovered),
            "10.2.1.5".parse().unwrap(),
        );
        assert_eq!(result, Err(TgwDrop::AzNotServed(a)));
        assert_eq!(
            enter(
                &model,
                &tables,
                TgwId(0),
                None,
                None,
                "10.2.1.5".parse().unwrap()
            ),
            Err(TgwDrop::NoAttachment)
        );
    }
}
