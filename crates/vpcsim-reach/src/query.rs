//! Queries and their endpoints, parsed from the text users write (docs/reach.md, "Endpoints"): `internet`, an address or CIDR, a resource name or `vpc/name`, optional `:PORT`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net};
use vpcsim_model::diagnostic::did_you_mean;
use vpcsim_model::{Model, Protocol, Resource};

/// One end of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryEndpoint {
    /// Any public address (a representative one is used, see [`INTERNET_ADDRESS`]).
    Internet,
    /// One IPv4 or IPv6 address, inside or outside the design.
    Address(IpAddr),
    /// A named resource (instance, load balancer, NAT gateway, database, cache, ENI, endpoint).
    Resource(Resource),
}

/// The public address standing for "the internet" on either end (as Batfish's tests use).
pub const INTERNET_ADDRESS: Ipv4Addr = Ipv4Addr::new(8, 8, 8, 8);

/// The public IPv6 address standing for "the internet" in IPv6 questions (a global unicast
/// address outside every special-purpose block, §16.1).
pub const INTERNET_ADDRESS_V6: Ipv6Addr = Ipv6Addr::new(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888);

/// An address family: which addresses a question uses (`--family`, §16).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// IPv4: private addresses inside, public IPv4 (1:1 NAT at the IGW) outside.
    #[default]
    V4,
    /// IPv6: the interfaces' global IPv6 addresses, unchanged end to end (§16.1).
    V6,
}

impl Family {
    /// The family of an address.
    pub fn of(address: IpAddr) -> Family {
        match address {
            IpAddr::V4(_) => Family::V4,
            IpAddr::V6(_) => Family::V6,
        }
    }

    /// The address standing for the internet in this family.
    pub fn internet_address(self) -> IpAddr {
        match self {
            Family::V4 => IpAddr::V4(INTERNET_ADDRESS),
            Family::V6 => IpAddr::V6(INTERNET_ADDRESS_V6),
        }
    }

    /// `IPv4` or `IPv6`.
    pub fn label(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }
}

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
    /// Address family of the packet: `internet` and named resources take their address in
    /// this family; an address endpoint of the other family is blocked (§16).
    pub family: Family,
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
    /// The two ends are addresses of different families.
    #[error("`{from}` and `{to}` are of different address families (IPv4 and IPv6)")]
    MixedFamilies {
        /// The source text.
        from: String,
        /// The destination text.
        to: String,
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
    // IPv6 with a port is written `[2001:db8::1]:443`; a bare IPv6 address has no port.
    let (body, port) = if let Some(rest) = text.strip_prefix('[') {
        let Some((address, tail)) = rest.split_once(']') else {
            return Err(EndpointError::BadPort {
                text: text.to_owned(),
            });
        };
        let port = match tail.strip_prefix(':') {
            Some(port_text) => {
                Some(
                    port_text
                        .parse::<u16>()
                        .map_err(|_| EndpointError::BadPort {
                            text: port_text.to_owned(),
                        })?,
                )
            }
            None if tail.is_empty() => None,
            None => {
                return Err(EndpointError::BadPort {
                    text: tail.to_owned(),
                });
            }
        };
        (address, port)
    } else {
        match text.rsplit_once(':') {
            Some((body, port_text)) if !body.contains(':') => {
                let port = port_text
                    .parse::<u16>()
                    .map_err(|_| EndpointError::BadPort {
                        text: port_text.to_owned(),
                    })?;
                (body, Some(port))
            }
            _ => (text, None),
        }
    };
    if body.eq_ignore_ascii_case("internet") {
        return Ok((QueryEndpoint::Internet, port));
    }
    if let Ok(address) = body.parse::<IpAddr>() {
        return Ok((QueryEndpoint::Address(address), port));
    }
    if let Ok(net) = body.parse::<Ipv4Net>() {
        // A CIDR stands for its first host (the network address for /31 and /32).
        let address = net.hosts().next().unwrap_or(net.network());
        return Ok((QueryEndpoint::Address(IpAddr::V4(address)), port));
    }
    if let Ok(IpNet::V6(net)) = body.parse::<IpNet>() {
        // An IPv6 prefix stands for its first address after the subnet's reserved four.
        let address = Ipv6Addr::from(u128::from(net.network()).saturating_add(4));
        let address = if net.contains(&address) {
            address
        } else {
            net.network()
        };
        return Ok((QueryEndpoint::Address(IpAddr::V6(address)), port));
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
    let (from_end, _) = parse_endpoint(model, from)?;
    let (to_end, port) = parse_endpoint(model, to)?;
    let protocol = match protocol {
        Some(text) => parse_protocol(text)?,
        None => Protocol::TCP,
    };
    let family = endpoint_family(from_end, to_end).map_err(|_| EndpointError::MixedFamilies {
        from: from.to_owned(),
        to: to.to_owned(),
    })?;
    Ok(Query {
        from: from_end,
        to: to_end,
        protocol,
        port,
        family: family.unwrap_or_default(),
    })
}

/// Two address endpoints of different families (§16): no packet has both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the two ends are addresses of different families (IPv4 and IPv6)")]
pub struct MixedFamilies;

/// The family two endpoints fix: an address's own, `None` when neither is an address, an
/// error when they are addresses of different families.
pub fn endpoint_family(
    from: QueryEndpoint,
    to: QueryEndpoint,
) -> Result<Option<Family>, MixedFamilies> {
    let of = |end: QueryEndpoint| match end {
        QueryEndpoint::Address(address) => Some(Family::of(address)),
        _ => None,
    };
    match (of(from), of(to)) {
        (Some(a), Some(b)) if a != b => Err(MixedFamilies),
        (a, b) => Ok(a.or(b)),
    }
}

/// Whether an endpoint can take part in an IPv6 question: `internet`, an IPv6 address, or a
/// resource one of whose interfaces has an IPv6 address (§16.1).
pub fn has_ipv6(model: &Model, end: QueryEndpoint) -> bool {
    match end {
        QueryEndpoint::Internet => true,
        QueryEndpoint::Address(address) => address.is_ipv6(),
        QueryEndpoint::Resource(resource) => model
            .resource_enis(resource)
            .iter()
            .any(|eni| model.eni(*eni).ipv6.is_some()),
    }
}
