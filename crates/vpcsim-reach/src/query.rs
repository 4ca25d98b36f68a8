//! Queries and their endpoints, parsed from the text users write (docs/reach.md, "Endpoints"):
//! `internet`, an address or CIDR, a resource name or `vpc/name`, a service (`s3`, `dynamodb`,
//! `pl:NAME`), a VPN gateway name or `on-premises:ADDRESS`, with optional `:PORT`
//! (`[IPv6]:PORT`). Text that fits none of them is refused with what was expected.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net};
use vpcsim_model::diagnostic::did_you_mean;
use vpcsim_model::{EndpointKind, Model, Protocol, Resource, Service};

/// One end of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryEndpoint {
    /// Any public address (a representative one is used, see [`INTERNET_ADDRESS`]).
    Internet,
    /// One IPv4 or IPv6 address, inside or outside the design.
    Address(IpAddr),
    /// A named resource (instance, load balancer, NAT gateway, database, cache, ENI, interface
    /// endpoint).
    Resource(Resource),
    /// An AWS service's public ranges in the asking VPC's Region (`s3`, `dynamodb`, a gateway
    /// endpoint's name or its `pl:` prefix list; docs/semantics.md §9.6a).
    Service(Service),
}

/// What an endpoint may be, said by every refusal.
pub const ENDPOINT_FORMS: &str = "expected `internet`, an IPv4 address or CIDR, an IPv6 address (`[2001:db8::1]:443` with a port), a resource name or `vpc/name`, `s3` or `dynamodb`, `pl:PREFIX-LIST`, a VPN gateway name or `on-premises:ADDRESS`, each optionally with `:PORT`";

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
    #[error(
        "`{text}` is not a port (expected 0-65535; an IPv6 address with a port is written `[ADDRESS]:PORT`)"
    )]
    BadPort {
        /// The text after the colon.
        text: String,
    },
    /// No resource has this name.
    #[error("unknown endpoint `{name}`{}", match suggestion { Some(s) => format!(" (did you mean `{s}`?)"), None => format!("; {ENDPOINT_FORMS}") })]
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
    /// Text with colons that is neither an IPv6 address nor `pl:` / `on-premises:`.
    #[error(
        "`{text}` is not an endpoint: it has colons but is not an IPv6 address; {ENDPOINT_FORMS}"
    )]
    Unparsed {
        /// The text.
        text: String,
    },
    /// `pl:NAME` names no prefix list of the design and no service.
    #[error("`pl:{name}` names no prefix list of the design{}; known: {known}", if name.contains('.') { "" } else { " and no gateway-endpoint service (s3, dynamodb)" })]
    UnknownPrefixList {
        /// The name written.
        name: String,
        /// The lists the design has, comma-separated (or `none`).
        known: String,
    },
    /// A prefix list with no entries, or a VPN gateway with no `vpn_routes`, as an endpoint.
    #[error("`{name}` has no address ranges to stand for ({why})")]
    NoRanges {
        /// The name written.
        name: String,
        /// What is missing.
        why: &'static str,
    },
    /// `on-premises:ADDRESS` with an address no VPN route of the design covers.
    #[error(
        "`{address}` is covered by no VPC's `vpn_routes`, so it is not on-premises here (docs/reach.md, Endpoints)"
    )]
    NotOnPremises {
        /// The address written.
        address: String,
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
    // `pl:NAME[:PORT]` (prefix-list names have no colon) and `on-premises:ADDRESS[:PORT]` are
    // read before the port, so neither is mistaken for IPv6.
    if let Some(rest) = strip_prefix_ignore_case(text, "pl:") {
        let (name, port) = split_port(rest)?;
        return Ok((prefix_list_endpoint(model, name)?, port));
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "on-premises:") {
        let (end, port) = parse_endpoint(model, rest)?;
        return match end {
            QueryEndpoint::Address(address)
                if crate::vpn::on_premises_vpc(model, address).is_some() =>
            {
                Ok((end, port))
            }
            _ => Err(EndpointError::NotOnPremises {
                address: rest.to_owned(),
            }),
        };
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
    // §9.6a: `s3` / `dynamodb` name the service, before any resource of that name.
    if let Some(service) = Service::parse(body) {
        return Ok((QueryEndpoint::Service(service), port));
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
    // A gateway endpoint has no interface: naming it means its service (§9.6a).
    let short = body.rsplit('/').next().unwrap_or(body);
    if let Some(service) = model
        .endpoints
        .iter()
        .filter(|endpoint| endpoint.kind == EndpointKind::Gateway && endpoint.name == short)
        .find_map(|endpoint| Service::parse(&endpoint.service))
    {
        return Ok((QueryEndpoint::Service(service), port));
    }
    // A VPN gateway's name stands for the on-premises side behind it (§15.11).
    if let Some(vpc) = model
        .vpcs
        .iter()
        .find(|vpc| vpc.vpn_gateway.as_deref() == Some(body))
    {
        return match crate::vpn::representative(vpc) {
            Some(address) => Ok((QueryEndpoint::Address(address), port)),
            None => Err(EndpointError::NoRanges {
                name: body.to_owned(),
                why: "the VPC lists no `vpn_routes`",
            }),
        };
    }
    if body.contains(':') {
        return Err(EndpointError::Unparsed {
            text: text.to_owned(),
        });
    }
    let names = model.resource_names();
    if names.contains(&short) {
        return Err(EndpointError::Ambiguous {
            name: body.to_owned(),
        });
    }
    let mut candidates = names.clone();
    candidates.extend(["internet", "s3", "dynamodb"]);
    candidates.extend(
        model
            .vpcs
            .iter()
            .filter_map(|vpc| vpc.vpn_gateway.as_deref()),
    );
    Err(EndpointError::Unknown {
        name: body.to_owned(),
        suggestion: did_you_mean(short, candidates).map(str::to_owned),
    })
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `NAME[:PORT]` where NAME has no colon.
fn split_port(text: &str) -> Result<(&str, Option<u16>), EndpointError> {
    match text.split_once(':') {
        None => Ok((text, None)),
        Some((name, port_text)) => port_text
            .parse::<u16>()
            .map(|port| (name, Some(port)))
            .map_err(|_| EndpointError::BadPort {
                text: port_text.to_owned(),
            }),
    }
}

/// `pl:NAME`: a service by its short name or its AWS prefix-list name, or a customer prefix
/// list of the design (its first address).
fn prefix_list_endpoint(model: &Model, name: &str) -> Result<QueryEndpoint, EndpointError> {
    if let Some(service) = Service::parse(name) {
        return Ok(QueryEndpoint::Service(service));
    }
    if let Some(service) = Service::ALL.into_iter().find(|service| {
        name.strip_prefix("com.amazonaws.")
            .and_then(|rest| rest.rsplit_once('.'))
            .is_some_and(|(_, short)| short == service.as_str())
    }) {
        return Ok(QueryEndpoint::Service(service));
    }
    let Some(list) = model.prefix_lists.iter().find(|list| list.name == name) else {
        let mut known: Vec<&str> = model
            .prefix_lists
            .iter()
            .map(|list| list.name.as_str())
            .collect();
        known.sort_unstable();
        known.dedup();
        return Err(EndpointError::UnknownPrefixList {
            name: name.to_owned(),
            known: if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            },
        });
    };
    match list.cidrs.first() {
        Some(net) => Ok(QueryEndpoint::Address(IpAddr::V4(
            net.hosts().next().unwrap_or(net.network()),
        ))),
        None => Err(EndpointError::NoRanges {
            name: format!("pl:{name}"),
            why: "the prefix list has no entries",
        }),
    }
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
        // §9.6: gateway endpoints and their prefix lists are IPv4 here.
        QueryEndpoint::Service(_) => false,
        QueryEndpoint::Address(address) => address.is_ipv6(),
        QueryEndpoint::Resource(resource) => model
            .resource_enis(resource)
            .iter()
            .any(|eni| model.eni(*eni).ipv6.is_some()),
    }
}
