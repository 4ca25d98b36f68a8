//! Whether the internet can open a connection to an interface on a port, decided from the
//! model (docs/semantics.md §3.2, §3.4, §6.9, §13): a public IP, a route to the internet gateway
//! in the subnet's table (replies need it too), and the subnet NACL admitting the request and
//! the replies. The security group is the caller's question, so it is not re-checked here.
//!
//! [`engine_exposure`] asks the reachability engine instead and follows the whole path (both
//! directions, every hop); rules use it where the owner of the interface is a named resource.

use vpcsim_model::{EniId, EniOwner, Model, PortRange, Protocol, Resource};
use vpcsim_reach::{Engine, Query, QueryEndpoint};

use super::nacl_eval::{Way, denied_ports};
use super::route_lookup::{INTERNET, routes_internet_to_igw};

/// The verdict, with the reason a person can check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Exposure {
    /// Reachable from any internet address.
    Exposed,
    /// Not reachable; why.
    Unreachable(String),
}

/// Whether an internet client can reach `eni` with `protocol` on `port`, apart from SGs.
pub(crate) fn internet_exposure(
    model: &Model,
    eni_id: EniId,
    protocol: Protocol,
    port: u16,
) -> Exposure {
    let eni = model.eni(eni_id);
    let subnet = model.subnet(eni.subnet);
    if eni.public_ip.is_none() {
        return Exposure::Unreachable(format!("`{}` has no public IPv4 address (§3.2)", eni.name));
    }
    if !routes_internet_to_igw(model, eni.subnet) {
        return Exposure::Unreachable(format!(
            "subnet `{}` has no route to an internet gateway (§3.4)",
            subnet.name
        ));
    }
    let acl = model.network_acl(subnet.network_acl);
    let (denied_in, _) = denied_ports(acl, Way::In, protocol, INTERNET, PortRange::single(port));
    if !denied_in.is_empty() {
        return Exposure::Unreachable(format!(
            "network ACL `{}` of subnet `{}` denies it inbound (§6.1)",
            acl.name, subnet.name
        ));
    }
    // §6.9: an internet client's ephemeral port is unknown; any open reply port lets some in.
    let (denied_out, _) = denied_ports(acl, Way::Out, protocol, INTERNET, PortRange::AWS_EPHEMERAL);
    if denied_out.len() == 1 && denied_out[0] == PortRange::AWS_EPHEMERAL {
        return Exposure::Unreachable(format!(
            "network ACL `{}` of subnet `{}` denies every reply port outbound (§6.9)",
            acl.name, subnet.name
        ));
    }
    Exposure::Exposed
}

/// The resource a query can name for an interface's owner.
fn resource_of(model: &Model, eni_id: EniId) -> Option<Resource> {
    Some(match model.eni(eni_id).owner {
        EniOwner::Instance(id) => Resource::Instance(id),
        EniOwner::Standalone => Resource::Eni(eni_id),
        EniOwner::LoadBalancer(id) => Resource::LoadBalancer(id),
        EniOwner::Database(id) => Resource::Database(id),
        EniOwner::Cache(id) => Resource::Cache(id),
        EniOwner::Endpoint(id) => Resource::Endpoint(id),
        EniOwner::NatGateway(_) => return None,
    })
}

/// Whether the internet reaches the owner of `eni` on `port`, by a reachability query (§13):
/// security groups, NACLs both ways, routes, public addresses. Falls back to
/// [`internet_exposure`] for owners a query cannot name.
pub(crate) fn engine_exposure(
    engine: &Engine<'_>,
    eni_id: EniId,
    protocol: Protocol,
    port: u16,
) -> Exposure {
    let model = engine.model();
    let Some(resource) = resource_of(model, eni_id) else {
        return internet_exposure(model, eni_id, protocol, port);
    };
    let answer = engine.query(&Query {
        from: QueryEndpoint::Internet,
        to: QueryEndpoint::Resource(resource),
        protocol,
        port: Some(port),
    });
    if answer.is_reachable() {
        return Exposure::Exposed;
    }
    // Say why in the model's terms: the first blocker, else the simple model check.
    match internet_exposure(model, eni_id, protocol, port) {
        Exposure::Unreachable(reason) => Exposure::Unreachable(reason),
        Exposure::Exposed => Exposure::Unreachable(format!(
            "the reachability engine finds no path ({})",
            answer
                .blocked_by
                .first()
                .map_or("blocked", |blocker| blocker.code.as_str())
        )),
    }
}
