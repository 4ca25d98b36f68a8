//! Queries and their endpoints, parsed from the text users write (docs/reach.md, "Endpoints"): `internet`, an address or CIDR, a resource name or `vpc/name`, optional `:PORT`.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use vpcsim_model::diagnostic::did_you_mean;
use vpcsim_model::{Model, Protocol, Resource};

/// One end of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryEndpoint {
    /// Any public address (a representative one is used, see [`INTERNET_ADDRESS`]).
    Internet,
    /// One IPv4 address, inside or outside the design.
    Address(Ipv4Addr),
    /// A named resource (instance, load balancer, NAT gateway, database, cache, ENI, endpoint).
    Resource(Resource),
}

/// The public address standing for "the internet" on either end (as Batfish's tests use).
pub const INTERNET_ADDRESS: Ipv4Addr = Ipv4Addr::new(8, 8, 8, 8);

/// One question: can `from` reach `to` with this protocol and port?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Query {
    /// Source.
    pub from: QueryEndpoint,
    /// Destination.
    pub to: QueryEndpoint,
    /// IP protocol (`Protocol::All` = any protocol: only rules for every protocol match).
    pub protocol: Protocol,
    /// Destination port (tcp/udp). `None`: the destination's own port (database, cache, a
    /// load balancer's only listener); otherwise the answer says it is not modelled.
    pub port: Option<u16>,
}

/// Why an endpoint text does not name anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// Nothing was written.
    #[error("empty endpoint")]
    Empty,
    /// The `:PORT` part is not a port.
    #[error("`{text}` is not a port (expected 0-65535)")]
    BadPort {
        /// The text after the colon.
        text: String,
    },
    /// No resource has this name.
    #[error("unknown endpoint `{name}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    Unknown {
        /// The name written.
        name: String,
        /// The closest known name.
        suggestion: Option<String>,
    },
    /// The name exists in several VPCs or kinds.
    #[error("`{name}` names several resources; write `vpc/{name}`")]
    Ambiguous {
        /// The name written.
        name: String,
    },
    /// An IPv6 address (IPv6 paths are not modelled).
    #[error("`{text}` is IPv6; vpcsim does not model IPv6 paths")]
    Ipv6 {
        /// The text.
        text: String,
    },
    /// An unknown protocol.
    #[error("unknown protocol `{text}` (expected tcp, udp, icmp, all or a number)")]
    BadProtocol {
        /// The text.
        text: String,
    },
}

/// Parses `internet`, `8.8.8.8`, `10.0.0.0/24`, `app`, `devloop/app`, each with optional `:PORT`.
pub fn parse_endpoint(
    model: &Model,
    text: &str,
) -> Result<(QueryEndpoint, Option<u16>), EndpointError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EndpointError::Empty);
    }
    let (body, port) = match text.rsplit_once(':') {
        Some((body, port_text)) if !body.contains(':') => {
            let port = port_text
                .parse::<u16>()
                .map_err(|_| EndpointError::BadPort {
                    text: port_text.to_owned(),
                })?;
            (body, Some(port))
        }
        Some(_) => {
            return Err(EndpointError::Ipv6 {
                text: text.to_owned(),
            });
        }
        None => (text, None),
    };
    if body.eq_ignore_ascii_case("internet") {
        return Ok((QueryEndpoint::Internet, port));
    }
    if let Ok(address) = body.parse::<Ipv4Addr>() {
        return Ok((QueryEndpoint::Address(address), port));
    }
    if let Ok(net) = body.parse::<Ipv4Net>() {
        // A CIDR stands for its first host (the network address for /31 and /32).
        let address = net.hosts().next().unwrap_or(net.network());
        return Ok((QueryEndpoint::Address(address), port));
    }
    if let Some(resource) = model.resource_by_name(body) {
        return Ok((QueryEndpoint::Resource(resource), port));
    }
    let names = model.resource_names();
    let short = body.rsplit('/').next().unwrap_or(body);
    if names.contains(&short) {
        return Err(EndpointError::Ambiguous {
            name: body.to_owned(),
        });
    }
    let mut candidates = names.clone();
    candidates.push("internet");
    Err(EndpointError::Unknown {
        name: body.to_owned(),
        suggestion: did_you_mean(short, candidates).map(str::to_owned),
    })
}

/// Parses a query protocol: `tcp`, `udp`, `icmp`, `all` or a number.
pub fn parse_protocol(text: &str) -> Result<Protocol, EndpointError> {
    Protocol::parse(text).ok_or_else(|| EndpointError::BadProtocol {
        text: text.to_owned(),
    })
}

/// Builds a query from endpoint texts as `vpcsim reach` and `expect:` write them.
pub fn parse_query(
    model: &Model,
    from: &str,
    to: &str,
    protocol: Option<&str>,
) -> Result<Query, EndpointError> {
    let (from, _) = parse_endpoint(model, from)?;
    let (to, port) = parse_endpoint(model, to)?;
    let protocol = match protocol {
        Some(text) => parse_protocol(text)?,
        None => Protocol::TCP,
    };
    Ok(Query {
        from,
        to,
        protocol,
        port,
    })
}
