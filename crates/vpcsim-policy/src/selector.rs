//! Selectors: the text a policy writes for its ends (`internet`, `kind:database`, `tag:tier=db`,
//! `subnet:app`, `sg:alb`, …) and the set of ends each one picks out of a model.
//!
//! A selector only names things; it decides nothing about AWS. Resolution is exact and
//! deterministic (ends come out in model order), and a selector that matches nothing is reported
//! by the caller rather than silently turning a policy into a vacuous truth.

use std::collections::BTreeSet;

use ipnet::Ipv4Net;
use vpcsim_model::diagnostic::did_you_mean;
use vpcsim_model::{
    CacheId, DbId, EndpointId, EndpointKind, EniId, EniOwner, InstanceId, LbId, Model, NatId,
    Resource, SgId, SubnetId, Tagged, VpcId,
};

/// One end of a policy: where flows start or arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum End {
    /// Every public address (docs/semantics.md §3.5).
    Internet,
    /// Every address of an inclusive range (a CIDR selector).
    Range(u32, u32),
    /// A named resource.
    Resource(Resource),
}

/// Why a selector text names nothing vpcsim knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectorError {
    /// Nothing was written.
    #[error("empty selector")]
    Empty,
    /// `kind:` with an unknown kind.
    #[error(
        "unknown kind `{0}` (expected instance, network_interface, load_balancer, nat_gateway, database, cache or endpoint)"
    )]
    Kind(String),
    /// `tag:` without a key.
    #[error("`tag:` needs a key: `tag:KEY=VALUE` or `tag:KEY`")]
    Tag,
    /// A prefix vpcsim does not know.
    #[error("unknown selector `{text}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    Unknown {
        /// The text.
        text: String,
        /// The closest known name.
        suggestion: Option<String>,
    },
    /// A name (`subnet:`, `vpc:`, `sg:`) that names nothing, or several things.
    #[error("{what} `{name}` {problem}")]
    Name {
        /// What kind of thing was named.
        what: &'static str,
        /// The name written.
        name: String,
        /// `does not exist (did you mean …)` or `is ambiguous; write vpc/name`.
        problem: String,
    },
    /// An IPv6 CIDR (paths are IPv4).
    #[error("`{0}` is IPv6; policies are decided over IPv4 flows")]
    Ipv6(String),
}

/// The kinds `kind:` accepts, with their aliases.
const KINDS: &[(&str, &[&str])] = &[
    ("instance", &["instance", "instances", "ec2"]),
    (
        "network_interface",
        &["network_interface", "eni", "network_interfaces"],
    ),
    (
        "load_balancer",
        &["load_balancer", "lb", "alb", "nlb", "load_balancers"],
    ),
    ("nat_gateway", &["nat_gateway", "nat", "nat_gateways"]),
    ("database", &["database", "db", "rds", "databases"]),
    ("cache", &["cache", "elasticache", "caches"]),
    ("endpoint", &["endpoint", "vpc_endpoint", "endpoints"]),
];

/// Every resource a selector other than `kind:nat_gateway` or a name may pick, in model order:
/// instances, standalone interfaces, load balancers, databases, caches, interface endpoints.
/// NAT gateways forward other resources' flows and originate none of their own, so `*`,
/// `subnet:` and the like leave them out (as `matrix` does); name them to speak of them.
pub fn universe(model: &Model) -> Vec<Resource> {
    with_nat_gateways(model)
        .into_iter()
        .filter(|r| !matches!(r, Resource::NatGateway(_)))
        .collect()
}

/// [`universe`] and the NAT gateways.
pub fn with_nat_gateways(model: &Model) -> Vec<Resource> {
    let mut all: Vec<Resource> = Vec::new();
    all.extend((0..model.instances.len()).map(|i| Resource::Instance(InstanceId::from_index(i))));
    all.extend(
        model
            .enis
            .iter()
            .enumerate()
            .filter(|(_, eni)| eni.owner == EniOwner::Standalone)
            .map(|(i, _)| Resource::Eni(EniId::from_index(i))),
    );
    all.extend(
        (0..model.load_balancers.len()).map(|i| Resource::LoadBalancer(LbId::from_index(i))),
    );
    all.extend((0..model.nat_gateways.len()).map(|i| Resource::NatGateway(NatId::from_index(i))));
    all.extend((0..model.databases.len()).map(|i| Resource::Database(DbId::from_index(i))));
    all.extend((0..model.caches.len()).map(|i| Resource::Cache(CacheId::from_index(i))));
    all.extend(
        model
            .endpoints
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == EndpointKind::Interface)
            .map(|(i, _)| Resource::Endpoint(EndpointId::from_index(i))),
    );
    all
}

/// The kind word of a resource, as `kind:` writes it.
pub fn kind_of(resource: Resource) -> &'static str {
    match resource {
        Resource::Instance(_) => "instance",
        Resource::Eni(_) => "network_interface",
        Resource::LoadBalancer(_) => "load_balancer",
        Resource::NatGateway(_) => "nat_gateway",
        Resource::Database(_) => "database",
        Resource::Cache(_) => "cache",
        Resource::Endpoint(_) => "endpoint",
    }
}

/// The VPC of a resource.
pub fn vpc_of(model: &Model, resource: Resource) -> VpcId {
    match resource {
        Resource::Instance(id) => model.instance(id).vpc,
        Resource::Eni(id) => model.eni(id).vpc,
        Resource::LoadBalancer(id) => model.load_balancer(id).vpc,
        Resource::NatGateway(id) => model.nat_gateway(id).vpc,
        Resource::Database(id) => model.database(id).vpc,
        Resource::Cache(id) => model.cache(id).vpc,
        Resource::Endpoint(id) => model.endpoint(id).vpc,
    }
}

/// `vpc/name` of a resource, as findings and `matrix` name it.
pub fn qualified_name(model: &Model, resource: Resource) -> String {
    format!(
        "{}/{}",
        model.vpc(vpc_of(model, resource)).name,
        model.resource_name(resource)
    )
}

/// How an end is shown: `internet`, a CIDR, or `vpc/name`.
pub fn end_name(model: &Model, end: End) -> String {
    match end {
        End::Internet => "internet".to_owned(),
        End::Range(lo, hi) => {
            let nets: Vec<Ipv4Net> = vpcsim_cidr::range_to_cidrs::<Ipv4Net>(
                std::net::Ipv4Addr::from(lo),
                std::net::Ipv4Addr::from(hi),
            )
            .unwrap_or_default();
            nets.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        End::Resource(resource) => qualified_name(model, resource),
    }
}

/// One parsed selector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selector {
    Everything,
    Internet,
    Cidr(u32, u32),
    Resources(BTreeSet<Resource>),
}

/// Resolves a list of selector texts into ends: the union of the positive selectors, minus
/// those written `!SEL` or `not:SEL` (only negatives: everything minus them). Ends are sorted.
pub fn resolve(model: &Model, texts: &[String]) -> Result<Vec<End>, (usize, SelectorError)> {
    let mut positive: BTreeSet<End> = BTreeSet::new();
    let mut negative: BTreeSet<End> = BTreeSet::new();
    let mut any_positive = false;
    for (index, text) in texts.iter().enumerate() {
        // `!SEL` or `not:SEL` (YAML reads an unquoted `!` as a tag, so `not:` needs no quotes).
        let trimmed = text.trim();
        let (negated, body) = match trimmed
            .strip_prefix('!')
            .or_else(|| trimmed.strip_prefix("not:"))
        {
            Some(rest) => (true, rest.trim()),
            None => (false, trimmed),
        };
        let ends = ends_of(model, parse(model, body).map_err(|e| (index, e))?);
        if negated {
            negative.extend(ends);
        } else {
            any_positive = true;
            positive.extend(ends);
        }
    }
    if !any_positive {
        positive = ends_of(model, Selector::Everything).into_iter().collect();
    }
    Ok(positive.difference(&negative).copied().collect())
}

fn ends_of(model: &Model, selector: Selector) -> Vec<End> {
    match selector {
        Selector::Everything => std::iter::once(End::Internet)
            .chain(universe(model).into_iter().map(End::Resource))
            .collect(),
        Selector::Internet => vec![End::Internet],
        Selector::Cidr(lo, hi) => vec![End::Range(lo, hi)],
        Selector::Resources(set) => set.into_iter().map(End::Resource).collect(),
    }
}

fn resources_where(model: &Model, wanted: impl Fn(Resource) -> bool) -> Selector {
    Selector::Resources(universe(model).into_iter().filter(|r| wanted(*r)).collect())
}

/// Whether a resource carries tag `key` (with `value`, when given), itself or through its
/// subnet or VPC (docs/policies.md, "Selectors").
fn has_tag(model: &Model, resource: Resource, key: &str, value: Option<&str>) -> bool {
    let matches = |tags: &[(String, String)]| {
        tags.iter()
            .any(|(k, v)| k == key && value.is_none_or(|want| want == v))
    };
    if matches(model.tags_of(Tagged::Resource(resource))) {
        return true;
    }
    let enis = model.resource_enis(resource);
    if enis
        .iter()
        .any(|eni| matches(model.tags_of(Tagged::Subnet(model.eni(*eni).subnet))))
    {
        return true;
    }
    matches(model.tags_of(Tagged::Vpc(vpc_of(model, resource))))
}

/// The subnets (`subnet:NAME` or `subnet:VPC/NAME`) with this name.
fn subnets_named(model: &Model, text: &str) -> Result<Vec<SubnetId>, SelectorError> {
    let (vpc, name) = split_qualified(model, text, "subnet")?;
    let found: Vec<SubnetId> = model
        .subnets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.name == name && vpc.is_none_or(|v| v == s.vpc))
        .map(|(i, _)| SubnetId::from_index(i))
        .collect();
    if found.is_empty() {
        let names: Vec<&str> = model
            .subnets
            .iter()
            .filter(|s| vpc.is_none_or(|v| v == s.vpc))
            .map(|s| s.name.as_str())
            .collect();
        return Err(unknown_name("subnet", text, name, names));
    }
    Ok(found)
}

fn groups_named(model: &Model, text: &str) -> Result<Vec<SgId>, SelectorError> {
    let (vpc, name) = split_qualified(model, text, "security group")?;
    let found: Vec<SgId> = model
        .security_groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.name == name && vpc.is_none_or(|v| v == g.vpc))
        .map(|(i, _)| SgId::from_index(i))
        .collect();
    if found.is_empty() {
        let names: Vec<&str> = model
            .security_groups
            .iter()
            .filter(|g| vpc.is_none_or(|v| v == g.vpc))
            .map(|g| g.name.as_str())
            .collect();
        return Err(unknown_name("security group", text, name, names));
    }
    Ok(found)
}

fn split_qualified<'t>(
    model: &Model,
    text: &'t str,
    what: &'static str,
) -> Result<(Option<VpcId>, &'t str), SelectorError> {
    match text.split_once('/') {
        Some((vpc, name)) => match model.vpc_by_name(vpc) {
            Some(id) => Ok((Some(id), name)),
            None => Err(SelectorError::Name {
                what,
                name: text.to_owned(),
                problem: format!("names VPC `{vpc}`, which does not exist"),
            }),
        },
        None => Ok((None, text)),
    }
}

fn unknown_name(what: &'static str, text: &str, name: &str, names: Vec<&str>) -> SelectorError {
    SelectorError::Name {
        what,
        name: text.to_owned(),
        problem: match did_you_mean(name, names) {
            Some(s) => format!("does not exist (did you mean `{s}`?)"),
            None => "does not exist".to_owned(),
        },
    }
}

fn parse(model: &Model, text: &str) -> Result<Selector, SelectorError> {
    if text.is_empty() {
        return Err(SelectorError::Empty);
    }
    if text == "*" || text.eq_ignore_ascii_case("any") {
        return Ok(Selector::Everything);
    }
    if text.eq_ignore_ascii_case("internet") {
        return Ok(Selector::Internet);
    }
    if text.parse::<ipnet::Ipv6Net>().is_ok() || text.parse::<std::net::Ipv6Addr>().is_ok() {
        return Err(SelectorError::Ipv6(text.to_owned()));
    }
    if let Some((prefix, rest)) = text.split_once(':') {
        let rest = rest.trim();
        return match prefix.trim().to_ascii_lowercase().as_str() {
            "kind" => {
                let word = rest.to_ascii_lowercase();
                let kind = KINDS
                    .iter()
                    .find(|(_, aliases)| aliases.contains(&word.as_str()))
                    .map(|(kind, _)| *kind)
                    .ok_or_else(|| SelectorError::Kind(rest.to_owned()))?;
                Ok(Selector::Resources(
                    with_nat_gateways(model)
                        .into_iter()
                        .filter(|r| kind_of(*r) == kind)
                        .collect(),
                ))
            }
            "tag" => {
                let (key, value) = match rest.split_once('=') {
                    Some((k, v)) => (k.trim(), Some(v.trim())),
                    None => (rest, None),
                };
                if key.is_empty() {
                    return Err(SelectorError::Tag);
                }
                Ok(resources_where(model, |r| has_tag(model, r, key, value)))
            }
            "subnet" => {
                let subnets = subnets_named(model, rest)?;
                Ok(resources_where(model, |r| {
                    model
                        .resource_enis(r)
                        .iter()
                        .any(|eni| subnets.contains(&model.eni(*eni).subnet))
                }))
            }
            "sg" | "security_group" => {
                let groups = groups_named(model, rest)?;
                Ok(resources_where(model, |r| {
                    model.resource_enis(r).iter().any(|eni| {
                        model
                            .eni(*eni)
                            .security_groups
                            .iter()
                            .any(|g| groups.contains(g))
                    })
                }))
            }
            "vpc" => {
                let vpc = model.vpc_by_name(rest).ok_or_else(|| {
                    unknown_name(
                        "VPC",
                        rest,
                        rest,
                        model.vpcs.iter().map(|v| v.name.as_str()).collect(),
                    )
                })?;
                Ok(resources_where(model, |r| vpc_of(model, r) == vpc))
            }
            "region" => {
                if !model.vpcs.iter().any(|v| v.region == rest) {
                    return Err(unknown_name(
                        "Region",
                        rest,
                        rest,
                        model.vpcs.iter().map(|v| v.region.as_str()).collect(),
                    ));
                }
                Ok(resources_where(model, |r| {
                    model.vpc(vpc_of(model, r)).region == rest
                }))
            }
            "account" => {
                if !model
                    .vpcs
                    .iter()
                    .any(|v| v.account.as_deref() == Some(rest))
                {
                    return Err(unknown_name(
                        "account",
                        rest,
                        rest,
                        model
                            .vpcs
                            .iter()
                            .filter_map(|v| v.account.as_deref())
                            .collect(),
                    ));
                }
                Ok(resources_where(model, |r| {
                    model.vpc(vpc_of(model, r)).account.as_deref() == Some(rest)
                }))
            }
            _ => Err(SelectorError::Unknown {
                text: text.to_owned(),
                suggestion: did_you_mean(
                    prefix,
                    vec!["kind", "tag", "subnet", "sg", "vpc", "region", "account"],
                )
                .map(|s| format!("{s}:{rest}")),
            }),
        };
    }
    if let Ok(address) = text.parse::<std::net::Ipv4Addr>() {
        let a = u32::from(address);
        return Ok(Selector::Cidr(a, a));
    }
    if let Ok(net) = text.parse::<Ipv4Net>() {
        let net = net.trunc();
        return Ok(Selector::Cidr(
            u32::from(net.network()),
            u32::from(net.broadcast()),
        ));
    }
    if let Some(resource) = model.resource_by_name(text) {
        return Ok(Selector::Resources(BTreeSet::from([resource])));
    }
    // `resource_by_name` refuses a name several VPCs (or kinds) use; a policy may mean them all
    // only when written so (`vpc/name`, `kind:`), so say which.
    let short = text.rsplit('/').next().unwrap_or(text);
    let universe = with_nat_gateways(model);
    let same: Vec<Resource> = universe
        .iter()
        .copied()
        .filter(|r| model.resource_name(*r) == short)
        .collect();
    if !same.is_empty() {
        return Err(SelectorError::Name {
            what: "resource",
            name: text.to_owned(),
            problem: "names several resources; write `vpc/name`".to_owned(),
        });
    }
    let mut names: Vec<&str> = universe.iter().map(|r| model.resource_name(*r)).collect();
    names.extend(["internet", "kind:", "tag:", "subnet:", "sg:", "vpc:"]);
    Err(SelectorError::Unknown {
        text: text.to_owned(),
        suggestion: did_you_mean(short, names).map(str::to_owned),
    })
}
