//! The questions several rules put to the reachability engine, phrased once.
//!
//! There is no AWS logic here: every verdict comes from `vpcsim-reach` (its engine, or its
//! decision modules `security_group`, `network_acl`, `route`), so a lint finding can never
//! disagree with `reach`, `exposure` or symbolic analysis about what AWS does
//! (docs/semantics.md §13). The differential test `tests/differential.rs` holds rules to it.

use vpcsim_model::{EniId, EniOwner, Model, Protocol, Resource, RouteTable, RouteTableId};
use vpcsim_reach::{AnswerView, Engine, Family, Query, QueryEndpoint};

/// The query endpoint for the owner of an interface: the resource when a query can name it,
/// else the interface's address (a NAT gateway's public address, say).
fn endpoint_of(model: &Model, eni_id: EniId) -> QueryEndpoint {
    let eni = model.eni(eni_id);
    QueryEndpoint::Resource(match eni.owner {
        EniOwner::Instance(id) => Resource::Instance(id),
        EniOwner::Standalone => Resource::Eni(eni_id),
        EniOwner::LoadBalancer(id) => Resource::LoadBalancer(id),
        EniOwner::Database(id) => Resource::Database(id),
        EniOwner::Cache(id) => Resource::Cache(id),
        EniOwner::Endpoint(id) => Resource::Endpoint(id),
        EniOwner::NatGateway(_) => {
            return QueryEndpoint::Address(std::net::IpAddr::V4(
                eni.public_ip.map_or(eni.private_ip, |ip| ip.address),
            ));
        }
    })
}

/// Whether an internet client reaches the owner of `eni` with `protocol` on `port` and gets
/// its replies (a reachability query: SGs, NACLs both ways, routes, public addresses, §13).
/// `Err` carries the engine's explanation of the first setting that blocks it.
pub(crate) fn internet_reaches(
    engine: &Engine<'_>,
    eni: EniId,
    protocol: Protocol,
    port: u16,
) -> Result<(), String> {
    internet_reaches_over(engine, eni, protocol, port, Family::V4)
}

/// [`internet_reaches`] in one address family (§16.1: over IPv6 the interface's global
/// address, no NAT).
pub(crate) fn internet_reaches_over(
    engine: &Engine<'_>,
    eni: EniId,
    protocol: Protocol,
    port: u16,
    family: Family,
) -> Result<(), String> {
    let model = engine.model();
    let query = Query {
        from: QueryEndpoint::Internet,
        to: endpoint_of(model, eni),
        protocol,
        port: Some(port),
        family,
    };
    let answer = engine.query(&query);
    if answer.is_reachable() {
        return Ok(());
    }
    let view = AnswerView::new(model, &query, &answer);
    Err(view.blocked_by.into_iter().next().map_or_else(
        || "the reachability engine finds no path".to_owned(),
        |blocker| blocker.message,
    ))
}

/// The route tables with their ids, in declaration order.
pub(crate) fn tables(model: &Model) -> impl Iterator<Item = (RouteTableId, &RouteTable)> {
    model
        .route_tables
        .iter()
        .enumerate()
        .map(|(index, table)| (RouteTableId::from_index(index), table))
}
