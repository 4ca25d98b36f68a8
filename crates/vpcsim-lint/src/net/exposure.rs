//! Whether the internet can open a connection to an interface on a port, decided from the
//! model (aws-semantics §3.2, §3.4, §6.9, §13): a public IP, a route to the internet gateway
//! in the subnet's table (replies need it too), and the subnet NACL admitting the request and
//! the replies. The security group is the caller's question, so it is not re-checked here.
//!
//! FIXME(#6): switch to `vpcsim_reach::Engine::query` once the reach engine's API is in, so
//! exposure through load balancers, peerings and edge route tables follows the full path.

use vpcsim_model::{EniId, Model, PortRange, Protocol};

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
