//! Resolution: schema [`Document`] → [`Model`], with the validation AWS itself would enforce.
//!
//! This is the one way into a model (YAML, JSON and every importer go through it). It resolves
//! names to typed ids, materialises AWS's implicit defaults as the console creates them (main
//! route table, local routes, default NACL, default security group, assigned private IPs), and
//! reports *every* problem it finds instead of stopping at the first. It never panics: a bad
//! reference produces a diagnostic and the referring item is skipped or defaulted.
//!
//! This file holds the entry points, the [`Resolver`] state, the order of the passes (`run`)
//! and the helpers every pass shares (CIDR, port and protocol parsing, name lookups with
//! "did you mean"). Each child module adds one concern's `impl Resolver` block. Children call
//! the helpers here and, in one direction only, each other:
//! `vpc`, `filters` and `addresses` use only this file; `enis` uses `filters` and `addresses`;
//! `load_balancers`, `databases` and `intervpc` use `enis` and `filters`; `routing` uses `enis`
//! and `addresses`. Nothing uses `routing`, `load_balancers`, `databases` or `intervpc` but
//! this file.

mod addresses;
mod databases;
mod enis;
mod filters;
mod intervpc;
mod load_balancers;
mod routing;
mod vpc;

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostic::{Diagnostic, did_you_mean, sort_diagnostics};
use crate::filter::{IcmpMatch, PortRange, Protocol};
use crate::ids::*;
use crate::load::{SourceFile, parse_document};
use crate::model::*;
use crate::schema::{self, Document, FlagOrText, NumOrText};
use crate::span::{Loc, Span};

/// The result of loading one design file.
#[derive(Debug)]
pub struct Loaded {
    /// The model, when the file parsed (it may still carry error diagnostics).
    pub model: Option<Model>,
    /// Every problem found, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::Severity::Error)
    }
}

/// Parses and resolves a design file.
pub fn load(source: &SourceFile) -> Loaded {
    match parse_document(source) {
        Ok(document) => {
            let (model, diagnostics) = resolve(&document);
            Loaded {
                model: Some(model),
                diagnostics,
            }
        }
        Err(diagnostics) => Loaded {
            model: None,
            diagnostics,
        },
    }
}

/// Resolves a document into a model, returning every problem found (sorted by position).
pub fn resolve(document: &Document) -> (Model, Vec<Diagnostic>) {
    let mut resolver = Resolver::new(document);
    resolver.run();
    let mut diagnostics = resolver.diagnostics;
    sort_diagnostics(&mut diagnostics);
    (resolver.model, diagnostics)
}

/// Per-VPC name tables, built once and used by every reference.
#[derive(Default)]
struct Names<'d> {
    subnets: FxHashMap<&'d str, SubnetId>,
    route_tables: FxHashMap<&'d str, RouteTableId>,
    security_groups: FxHashMap<&'d str, SgId>,
    network_acls: FxHashMap<&'d str, NaclId>,
    nat_gateways: FxHashMap<&'d str, NatId>,
    instances: FxHashMap<&'d str, InstanceId>,
    enis: FxHashMap<&'d str, EniId>,
    load_balancers: FxHashMap<&'d str, LbId>,
    target_groups: FxHashMap<&'d str, TgId>,
    endpoints: FxHashMap<&'d str, EndpointId>,
    elastic_ips: FxHashMap<&'d str, usize>,
}

/// An ENI whose private IP is still to be chosen.
struct PendingIp {
    eni: EniId,
    requested: Option<Loc<String>>,
}

struct Resolver<'d> {
    document: &'d Document,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    vpc_names: FxHashMap<String, VpcId>,
    names: Vec<Names<'d>>,
    peering_names: FxHashMap<String, PeeringId>,
    tgw_names: FxHashMap<String, TgwId>,
    prefix_list_names: FxHashMap<String, PrefixListId>,
    pending_ips: Vec<PendingIp>,
    /// Public IPs pinned by the design (reserved before synthetic ones are drawn).
    pinned_public: FxHashSet<Ipv4Addr>,
    next_public: u32,
    /// ENIs that should get an auto-assigned public IP, with the pinned address if any.
    pending_public: Vec<(EniId, Option<Ipv4Addr>, PublicIpKind)>,
    /// IPv6 requests per ENI (§16.1): `None` follows the subnet's
    /// `assign_ipv6_address_on_creation`; ENIs never listed get no IPv6 address.
    pending_ipv6: Vec<(EniId, Option<Loc<FlagOrText>>)>,
}

impl<'d> Resolver<'d> {
    fn new(document: &'d Document) -> Self {
        Resolver {
            document,
            model: Model {
                region: document
                    .region
                    .as_ref()
                    .map(|r| r.value.clone())
                    .unwrap_or_default(),
                ..Model::default()
            },
            diagnostics: Vec::new(),
            vpc_names: FxHashMap::default(),
            names: Vec::new(),
            peering_names: FxHashMap::default(),
            tgw_names: FxHashMap::default(),
            prefix_list_names: FxHashMap::default(),
            pending_ips: Vec::new(),
            pinned_public: FxHashSet::default(),
            next_public: 0,
            pending_public: Vec::new(),
            pending_ipv6: Vec::new(),
        }
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::error(code, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn warning(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::warning(code, span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn run(&mut self) {
        let document = self.document;
        self.reserve();
        if let Some(version) = &document.version
            && version.value != 1
        {
            self.error(
                "VAL001",
                version.span,
                format!("unsupported design version {}", version.value),
            )
            .help = Some("this vpcsim reads `version: 1`".into());
        }
        self.prefix_lists();
        self.vpcs_first_pass();
        self.peerings();
        self.transit_gateway_names();
        for (index, (name, vpc)) in document.vpcs.iter().enumerate() {
            self.vpc_resources(VpcId::from_index(index), name, vpc);
        }
        for (index, (_, vpc)) in document.vpcs.iter().enumerate() {
            self.vpc_references(VpcId::from_index(index), vpc);
        }
        self.transit_gateways();
        self.assign_private_ips();
        self.assign_public_ips();
        self.assign_ipv6_addresses();
        self.expectations();
        self.tags();
        self.cross_checks();
    }

    /// Sizes the model's tables from the document up front: on a 100k-ENI estate, growing them
    /// by doubling copied hundreds of megabytes.
    fn reserve(&mut self) {
        let vpcs = &self.document.vpcs;
        let count = |f: fn(&schema::Vpc) -> usize| vpcs.values().map(f).sum::<usize>();
        let instances = count(|v| v.instances.len());
        let enis = instances
            + count(|v| v.network_interfaces.len())
            + count(|v| v.nat_gateways.len())
            + count(|v| v.databases.len())
            + count(|v| v.caches.len())
            + count(|v| v.endpoints.len())
            + count(|v| v.load_balancers.values().map(|lb| lb.subnets.len()).sum());
        let model = &mut self.model;
        model.vpcs.reserve(vpcs.len());
        model.subnets.reserve(count(|v| v.subnets.len()));
        // Each VPC also has an implicit default group, NACL and main table.
        model
            .security_groups
            .reserve(count(|v| v.security_groups.len()) + vpcs.len());
        model
            .network_acls
            .reserve(count(|v| v.network_acls.len()) + vpcs.len());
        model
            .route_tables
            .reserve(count(|v| v.route_tables.len()) + vpcs.len());
        model.instances.reserve(instances);
        model.enis.reserve(enis);
        model.eni_by_private_ip.reserve(enis);
        self.pending_ips.reserve(enis);
    }

    // ----- helpers -------------------------------------------------------------------------

    /// Parses an IPv4 CIDR. Host bits are zeroed with a warning, as AWS's API does (§1.2).
    fn parse_v4_cidr(&mut self, text: &Loc<String>, what: &str) -> Option<Ipv4Net> {
        let raw = text.value.trim();
        match raw.parse::<Ipv4Net>() {
            Ok(net) => {
                if net.trunc() != net {
                    let fixed = net.trunc();
                    self.warning(
                        "VAL002",
                        text.span,
                        format!("{what} `{raw}` has host bits set; AWS stores it as `{fixed}`"),
                    )
                    .help = Some(format!("did you mean `{fixed}`?"));
                }
                Some(net.trunc())
            }
            Err(_) => {
                let diagnostic = self.error(
                    "VAL001",
                    text.span,
                    format!("{what} `{raw}` is not an IPv4 CIDR"),
                );
                diagnostic.label = Some("expected a block like 10.0.0.0/16".into());
                if let Ok(address) = raw.parse::<Ipv4Addr>() {
                    diagnostic.help = Some(format!("did you mean `{address}/32`?"));
                }
                None
            }
        }
    }

    /// Parses an IPv4 or IPv6 CIDR (rule peers and route destinations).
    fn parse_any_cidr(&mut self, text: &Loc<String>, what: &str) -> Option<IpNet> {
        let raw = text.value.trim();
        if raw.contains(':') {
            return match raw.parse::<Ipv6Net>() {
                Ok(net) => Some(IpNet::V6(net.trunc())),
                Err(_) => {
                    self.error("VAL001", text.span, format!("{what} `{raw}` is not a CIDR"));
                    None
                }
            };
        }
        self.parse_v4_cidr(text, what).map(IpNet::V4)
    }

    fn parse_v6_cidr(&mut self, text: &Loc<String>, what: &str) -> Option<Ipv6Net> {
        match text.value.trim().parse::<Ipv6Net>() {
            Ok(net) => Some(net.trunc()),
            Err(_) => {
                self.error(
                    "VAL001",
                    text.span,
                    format!("{what} `{}` is not an IPv6 CIDR", text.value),
                );
                None
            }
        }
    }

    fn parse_ip(&mut self, text: &Loc<String>, what: &str) -> Option<Ipv4Addr> {
        match text.value.trim().parse::<Ipv4Addr>() {
            Ok(address) => Some(address),
            Err(_) => {
                self.error(
                    "VAL001",
                    text.span,
                    format!("{what} `{}` is not an IPv4 address", text.value),
                );
                None
            }
        }
    }

    fn parse_port(&mut self, value: &Loc<i64>, what: &str) -> Option<u16> {
        match u16::try_from(value.value) {
            Ok(port) if port >= 1 => Some(port),
            _ => {
                self.error(
                    "VAL001",
                    value.span,
                    format!("{what} {} is not a port (1–65535)", value.value),
                );
                None
            }
        }
    }

    /// Reports a dangling reference with "did you mean".
    fn dangling<'a>(
        &mut self,
        reference: &Loc<String>,
        kind: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) {
        let suggestion = did_you_mean(&reference.value, candidates).map(str::to_owned);
        let diagnostic = self.error(
            "REF001",
            reference.span,
            format!("unknown {kind} `{}`", reference.value),
        );
        diagnostic.label = Some(format!("no {kind} with this name"));
        if let Some(suggestion) = suggestion {
            diagnostic.help = Some(format!("did you mean `{suggestion}`?"));
        }
    }

    /// Looks a name up in one VPC's table; `other/name` is refused with a clear message because
    /// the resource must be in the same VPC.
    fn lookup<T: Copy>(
        &mut self,
        vpc: VpcId,
        reference: &Loc<String>,
        kind: &str,
        table: impl for<'x> Fn(&'x Names<'d>) -> &'x FxHashMap<&'d str, T>,
    ) -> Option<T> {
        let names = &self.names[vpc.index()];
        if let Some(found) = table(names).get(reference.value.as_str()) {
            return Some(*found);
        }
        if let Some((qualifier, name)) = reference.value.split_once('/')
            && qualifier == self.model.vpcs[vpc.index()].name
        {
            // `vpc/name` naming this very VPC is just the qualified form.
            let plain = Loc::at(name.to_owned(), reference.span);
            return self.lookup(vpc, &plain, kind, table);
        }
        if let Some((other_vpc, _)) = reference.value.split_once('/') {
            let here = self.model.vpcs[vpc.index()].name.clone();
            self.error(
                "REF002",
                reference.span,
                format!(
                    "{kind} `{}` must be in VPC `{here}`, not in `{other_vpc}`",
                    reference.value
                ),
            )
            .help = Some(format!("AWS requires a {kind} from the same VPC"));
            return None;
        }
        let owner = (0..self.names.len())
            .filter(|other| *other != vpc.index())
            .find(|other| table(&self.names[*other]).contains_key(reference.value.as_str()));
        if let Some(owner) = owner {
            let here = self.model.vpcs[vpc.index()].name.clone();
            let there = self.model.vpcs[owner].name.clone();
            self.error(
                "REF002",
                reference.span,
                format!(
                    "{kind} `{}` is in VPC `{there}`, not in `{here}`",
                    reference.value
                ),
            )
            .help = Some(format!("AWS requires a {kind} from the same VPC"));
            return None;
        }
        let mut candidates: Vec<String> = table(&self.names[vpc.index()])
            .keys()
            .map(|k| k.to_string())
            .collect();
        candidates.sort();
        self.dangling(reference, kind, candidates.iter().map(String::as_str));
        None
    }

    fn parse_protocol(&mut self, value: &Loc<NumOrText>) -> Option<Protocol> {
        let parsed = match &value.value {
            NumOrText::Num(-1) => Some(Protocol::All),
            NumOrText::Num(n) => u8::try_from(*n).ok().map(Protocol::Number),
            NumOrText::Text(text) => Protocol::parse(text),
        };
        if parsed.is_none() {
            self.error(
                "VAL001",
                value.span,
                format!("`{}` is not a protocol", value.value),
            )
            .label = Some("expected tcp, udp, icmp, icmpv6, all (-1) or a number 0–255".into());
        }
        parsed
    }

    fn parse_ports(&mut self, value: &Loc<NumOrText>) -> Option<PortRange> {
        let parsed = match &value.value {
            // Only tcp/udp rules read ports (§5.3, §6.3), and AWS refuses -1 there: -1 is the
            // "every type" of ICMP and the port of protocol -1, not a tcp/udp range.
            NumOrText::Num(-1) => {
                self.error(
                    "VAL001",
                    value.span,
                    "`-1` is not a tcp/udp port range: AWS accepts -1 only for protocol `all` (-1) and ICMP types",
                )
                .help = Some("write `ports: all` (0-65535) for every port".into());
                return Some(PortRange::ALL);
            }
            NumOrText::Num(n) => u16::try_from(*n).ok().map(PortRange::single),
            NumOrText::Text(text) => PortRange::parse(text),
        };
        if parsed.is_none() {
            self.error(
                "VAL001",
                value.span,
                format!("`{}` is not a port range", value.value),
            )
            .label = Some("expected a port like 22, a range like 8081-8082, or all".into());
        }
        parsed
    }

    fn parse_icmp(
        &mut self,
        icmp_type: &Option<Loc<i64>>,
        icmp_code: &Option<Loc<i64>>,
    ) -> IcmpMatch {
        let mut field = |value: &Option<Loc<i64>>, what: &str| -> Option<u8> {
            let value = value.as_ref()?;
            if value.value == -1 {
                return None;
            }
            match u8::try_from(value.value) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.error(
                        "VAL001",
                        value.span,
                        format!("ICMP {what} {} is out of range 0–255", value.value),
                    );
                    None
                }
            }
        };
        IcmpMatch {
            icmp_type: field(icmp_type, "type"),
            icmp_code: field(icmp_code, "code"),
        }
    }

    /// Resolves a VPC name (peerings, transit gateway attachments, cross-VPC group references).
    fn vpc_ref(&mut self, reference: &Loc<String>) -> Option<VpcId> {
        if let Some(id) = self.vpc_names.get(reference.value.as_str()) {
            return Some(*id);
        }
        let mut candidates: Vec<String> = self.vpc_names.keys().cloned().collect();
        candidates.sort();
        self.dangling(reference, "VPC", candidates.iter().map(String::as_str));
        None
    }

    // ----- per VPC ---------------------------------------------------------------------------

    /// Creates every resource of one VPC, in dependency order: a later step may name what an
    /// earlier one created (a subnet names its route table, an instance its groups).
    fn vpc_resources(&mut self, vpc_id: VpcId, vpc_name: &Loc<String>, vpc: &'d schema::Vpc) {
        self.route_table_shells(vpc_id, vpc_name, vpc);
        self.subnets(vpc_id, vpc);
        self.network_acls(vpc_id, vpc_name, vpc);
        self.security_group_shells(vpc_id, vpc_name, vpc);
        self.elastic_ip_shells(vpc_id, vpc);
        self.nat_gateways(vpc_id, vpc);
        self.instances(vpc_id, vpc);
        self.network_interfaces(vpc_id, vpc);
        self.target_group_shells(vpc_id, vpc);
        self.load_balancers(vpc_id, vpc);
        self.databases(vpc_id, vpc);
        self.caches(vpc_id, vpc);
        self.endpoints(vpc_id, vpc);
    }

    /// Resolves a subnet name within one VPC.
    fn subnet_ref(&mut self, vpc_id: VpcId, reference: &Loc<String>) -> Option<SubnetId> {
        self.lookup(vpc_id, reference, "subnet", |n| &n.subnets)
    }

    /// Resolves what may name any resource of any VPC: routes, rules and targets.
    fn vpc_references(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        self.routes(vpc_id, vpc);
        self.gateway_endpoint_routes(vpc_id, vpc);
        self.security_group_rules(vpc_id, vpc);
        self.targets(vpc_id, vpc);
    }

    /// Copies `expect:` into the model; the reach crate evaluates them.
    fn expectations(&mut self) {
        for expectation in &self.document.expect {
            let family = match &expectation.family {
                None => None,
                Some(family) if matches!(family.value, 4 | 6) => Some(family.value),
                Some(family) => {
                    self.error(
                        "VAL001",
                        family.span,
                        format!("family `{}` is neither 4 nor 6", family.value),
                    );
                    None
                }
            };
            self.model.expectations.push(Expectation {
                family,
                from: expectation.from.value.clone(),
                to: expectation.to.value.clone(),
                proto: expectation.proto.as_ref().map(|p| p.value.clone()),
                reachable: expectation.reachable.value,
                span: expectation.span,
            });
        }
        self.model.policies = self.document.policies.clone();
    }

    /// Copies `tags:` into the model, keyed by what carries them (docs/policies.md).
    fn tags(&mut self) {
        fn sorted(tags: &indexmap::IndexMap<String, String>) -> Vec<(String, String)> {
            let mut tags: Vec<(String, String)> =
                tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            tags.sort();
            tags
        }
        let mut found: Vec<(Tagged, Vec<(String, String)>)> = Vec::new();
        for (index, (_, vpc)) in self.document.vpcs.iter().enumerate() {
            let vpc_id = VpcId::from_index(index);
            if !vpc.tags.is_empty() {
                found.push((Tagged::Vpc(vpc_id), sorted(&vpc.tags)));
            }
            let Some(names) = self.names.get(index) else {
                continue;
            };
            for (name, subnet) in &vpc.subnets {
                if let (false, Some(id)) = (
                    subnet.tags.is_empty(),
                    names.subnets.get(name.value.as_str()),
                ) {
                    found.push((Tagged::Subnet(*id), sorted(&subnet.tags)));
                }
            }
            for (name, item) in &vpc.instances {
                if let (false, Some(id)) = (
                    item.tags.is_empty(),
                    names.instances.get(name.value.as_str()),
                ) {
                    found.push((
                        Tagged::Resource(Resource::Instance(*id)),
                        sorted(&item.tags),
                    ));
                }
            }
            for (name, item) in &vpc.network_interfaces {
                if let (false, Some(id)) =
                    (item.tags.is_empty(), names.enis.get(name.value.as_str()))
                {
                    found.push((Tagged::Resource(Resource::Eni(*id)), sorted(&item.tags)));
                }
            }
            for (name, item) in &vpc.load_balancers {
                if let (false, Some(id)) = (
                    item.tags.is_empty(),
                    names.load_balancers.get(name.value.as_str()),
                ) {
                    found.push((
                        Tagged::Resource(Resource::LoadBalancer(*id)),
                        sorted(&item.tags),
                    ));
                }
            }
            for (name, item) in &vpc.endpoints {
                if let (false, Some(id)) = (
                    item.tags.is_empty(),
                    names.endpoints.get(name.value.as_str()),
                ) {
                    found.push((
                        Tagged::Resource(Resource::Endpoint(*id)),
                        sorted(&item.tags),
                    ));
                }
            }
            for (name, item) in &vpc.databases {
                let id = self
                    .model
                    .databases
                    .iter()
                    .position(|d| d.vpc == vpc_id && d.name == name.value);
                if let (false, Some(id)) = (item.tags.is_empty(), id) {
                    found.push((
                        Tagged::Resource(Resource::Database(DbId::from_index(id))),
                        sorted(&item.tags),
                    ));
                }
            }
            for (name, item) in &vpc.caches {
                let id = self
                    .model
                    .caches
                    .iter()
                    .position(|d| d.vpc == vpc_id && d.name == name.value);
                if let (false, Some(id)) = (item.tags.is_empty(), id) {
                    found.push((
                        Tagged::Resource(Resource::Cache(CacheId::from_index(id))),
                        sorted(&item.tags),
                    ));
                }
            }
        }
        self.model.tags.extend(found);
    }
}
