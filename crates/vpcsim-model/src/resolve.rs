//! Resolution: schema [`Document`] → [`Model`], with the validation AWS itself would enforce.
//!
//! This is the one way into a model (YAML, JSON and every importer go through it). It resolves
//! names to typed ids, materialises AWS's implicit defaults as the console creates them (main
//! route table, local routes, default NACL, default security group, assigned private IPs), and
//! reports *every* problem it finds instead of stopping at the first. It never panics: a bad
//! reference produces a diagnostic and the referring item is skipped or defaulted.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostic::{Diagnostic, did_you_mean, sort_diagnostics};
use crate::filter::{
    IcmpMatch, NaclAction, NaclEntry, PortRange, Protocol, SgPeer, SgRule as ModelSgRule,
};
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

/// Synthetic public addresses for auto-assigned IPs and EIPs the design does not pin. The block
/// is a real Amazon EC2 range (ap-northeast-2), so answers look like AWS's; docs say they are
/// synthetic and `public_ip:`/`elastic_ip:` pin real ones.
const SYNTHETIC_PUBLIC_POOL: Ipv4Net = match Ipv4Net::new(Ipv4Addr::new(54, 180, 0, 0), 14) {
    Ok(net) => net,
    Err(_) => panic!("constant prefix length is valid"),
};

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
        self.expectations();
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
            NumOrText::Num(-1) => Some(PortRange::ALL),
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

    fn next_synthetic_public(&mut self) -> Ipv4Addr {
        loop {
            let base = u32::from(SYNTHETIC_PUBLIC_POOL.network());
            let address = Ipv4Addr::from(base.wrapping_add(self.next_public));
            self.next_public = self.next_public.wrapping_add(1);
            if !self.pinned_public.contains(&address) {
                return address;
            }
        }
    }

    // ----- top level -----------------------------------------------------------------------

    fn prefix_lists(&mut self) {
        let document = self.document;
        for (name, list) in &document.prefix_lists {
            let cidrs: Vec<Ipv4Net> = list
                .cidrs
                .iter()
                .filter_map(|cidr| self.parse_v4_cidr(cidr, "prefix-list entry"))
                .collect();
            let id = PrefixListId::from_index(self.model.prefix_lists.len());
            let max_entries = list
                .max_entries
                .unwrap_or(u32::try_from(cidrs.len()).unwrap_or(u32::MAX));
            self.model.prefix_lists.push(PrefixList {
                name: name.value.clone(),
                span: name.span,
                cidrs,
                aws_managed: false,
                max_entries,
            });
            self.prefix_list_names.insert(name.value.clone(), id);
        }
    }

    fn vpcs_first_pass(&mut self) {
        let document = self.document;
        let mut igw_owner: FxHashMap<String, (VpcId, Span)> = FxHashMap::default();
        for (index, (name, vpc)) in document.vpcs.iter().enumerate() {
            let id = VpcId::from_index(index);
            self.vpc_names.insert(name.value.clone(), id);
            self.names.push(Names::default());
            let mut cidrs: Vec<Ipv4Net> = Vec::new();
            if vpc.cidr.as_slice().is_empty() {
                self.error(
                    "VAL001",
                    vpc.cidr.span,
                    format!("VPC `{}` has no CIDR block", name.value),
                );
            }
            for (position, raw) in vpc.cidr.as_slice().iter().enumerate() {
                let text = Loc::at(raw.clone(), vpc.cidr.span);
                let Some(block) = self.parse_v4_cidr(&text, "VPC block") else {
                    continue;
                };
                // §1.1/§1.5: every block, primary or secondary, is /16–/28.
                if !(16..=28).contains(&block.prefix_len()) {
                    let why = if block.prefix_len() < 16 {
                        "larger"
                    } else {
                        "smaller"
                    };
                    self.error(
                        "VAL003",
                        text.span,
                        format!(
                            "VPC block {block} is {why} than AWS allows: VPC blocks must be /16 to /28"
                        ),
                    )
                    .help = Some("pick a prefix between /16 (65,536 addresses) and /28 (16)".into());
                }
                // §1.4: link-local space is never usable.
                if Ipv4Net::new(Ipv4Addr::new(169, 254, 0, 0), 16)
                    .map(|ll| ll.contains(&block.network()) || block.contains(&ll.network()))
                    .unwrap_or(false)
                {
                    self.error(
                        "VAL003",
                        text.span,
                        format!(
                            "VPC block {block} overlaps 169.254.0.0/16, which AWS never allows"
                        ),
                    );
                }
                // §1.5: a secondary block must not overlap any block already on the VPC.
                if let Some(existing) = cidrs.iter().find(|other| {
                    other.contains(&block.network()) || block.contains(&other.network())
                }) {
                    self.error(
                        "VAL005",
                        text.span,
                        format!("VPC block {block} overlaps block {existing} of the same VPC"),
                    );
                    continue;
                }
                if position > 0
                    && let Some(primary) = cidrs.first()
                    && let Some(reason) = rfc1918_mix_reason(*primary, block)
                {
                    // §1.7 is [U]: AWS may have relaxed the rule, so this is a warning.
                    self.warning("VAL007", text.span, format!("secondary block {block} {reason}"))
                        .notes
                        .push("docs/semantics.md §1.7: AWS documented this restriction in 2021–2023; whether it still applies is unconfirmed".into());
                }
                cidrs.push(block);
            }
            let ipv6_cidr = vpc
                .ipv6_cidr
                .as_ref()
                .and_then(|text| self.parse_v6_cidr(text, "VPC IPv6 block"));
            let internet_gateway = vpc.internet_gateway.as_ref().map(|igw_name| {
                if let Some((other, other_span)) = igw_owner.get(&igw_name.value) {
                    let other_name = document
                        .vpcs
                        .get_index(other.index())
                        .map(|(n, _)| n.value.clone())
                        .unwrap_or_default();
                    self.error(
                        "VAL060",
                        igw_name.span,
                        format!(
                            "internet gateway `{}` is already attached to VPC `{other_name}`; an internet gateway attaches to one VPC (§3.1)",
                            igw_name.value
                        ),
                    )
                    .related
                    .push(crate::diagnostic::Related {
                        span: *other_span,
                        label: "first attached here".into(),
                    });
                } else {
                    igw_owner.insert(igw_name.value.clone(), (id, igw_name.span));
                }
                let igw = IgwId::from_index(self.model.internet_gateways.len());
                self.model.internet_gateways.push(InternetGateway {
                    name: igw_name.value.clone(),
                    span: igw_name.span,
                    vpc: id,
                });
                igw
            });
            self.model.vpcs.push(Vpc {
                name: name.value.clone(),
                span: name.span,
                cidr_span: vpc.cidr.span,
                cidrs,
                ipv6_cidr,
                internet_gateway,
                egress_only_igw: vpc
                    .egress_only_internet_gateway
                    .as_ref()
                    .map(|n| n.value.clone()),
                vpn_gateway: vpc.vpn_gateway.as_ref().map(|n| n.value.clone()),
                dns_support: vpc.enable_dns_support.unwrap_or(true),
                dns_hostnames: vpc.enable_dns_hostnames.unwrap_or(false),
                subnets: Vec::new(),
                route_tables: Vec::new(),
                main_route_table: RouteTableId(0),
                security_groups: Vec::new(),
                default_security_group: SgId(0),
                network_acls: Vec::new(),
                default_network_acl: NaclId(0),
            });
        }
    }

    fn vpc_ref(&mut self, reference: &Loc<String>) -> Option<VpcId> {
        if let Some(id) = self.vpc_names.get(reference.value.as_str()) {
            return Some(*id);
        }
        let mut candidates: Vec<String> = self.vpc_names.keys().cloned().collect();
        candidates.sort();
        self.dangling(reference, "VPC", candidates.iter().map(String::as_str));
        None
    }

    fn peerings(&mut self) {
        let document = self.document;
        for (name, peering) in &document.peerings {
            let requester = self.vpc_ref(&peering.requester);
            let accepter = self.vpc_ref(&peering.accepter);
            let (Some(requester), Some(accepter)) = (requester, accepter) else {
                continue;
            };
            if requester == accepter {
                self.error(
                    "VAL050",
                    peering.accepter.span,
                    "a VPC cannot be peered with itself",
                );
                continue;
            }
            // §9.2: any overlapping pair of blocks makes AWS refuse the peering.
            let overlap = self.model.vpcs[requester.index()]
                .cidrs
                .iter()
                .find_map(|a| {
                    self.model.vpcs[accepter.index()]
                        .cidrs
                        .iter()
                        .find(|b| a.contains(&b.network()) || b.contains(&a.network()))
                        .map(|b| (*a, *b))
                });
            if let Some((a, b)) = overlap {
                self.error(
                    "VAL050",
                    name.span,
                    format!(
                        "peering `{}` joins overlapping blocks {a} and {b}; AWS refuses peerings between VPCs with overlapping CIDRs (§9.2)",
                        name.value
                    ),
                );
            }
            if self
                .model
                .peerings
                .iter()
                .any(|other| other.other_side(requester) == Some(accepter))
            {
                self.error(
                    "VAL050",
                    name.span,
                    "these VPCs are already peered; AWS allows one peering per VPC pair (§9.1)",
                );
            }
            let status = peering
                .status
                .as_ref()
                .map(|s| s.value.to_ascii_lowercase())
                .unwrap_or_else(|| "active".into());
            let cross_region = match (&peering.accepter_region, &self.document.region) {
                (Some(accepter_region), Some(region)) => accepter_region.value != region.value,
                (Some(_), None) => true,
                _ => false,
            };
            let id = PeeringId::from_index(self.model.peerings.len());
            self.peering_names.insert(name.value.clone(), id);
            self.model.peerings.push(Peering {
                name: name.value.clone(),
                span: name.span,
                requester,
                accepter,
                is_active: status == "active",
                status,
                cross_region,
            });
        }
    }

    fn transit_gateway_names(&mut self) {
        let document = self.document;
        for (name, _) in &document.transit_gateways {
            let id = TgwId::from_index(self.model.transit_gateways.len());
            self.tgw_names.insert(name.value.clone(), id);
            self.model.transit_gateways.push(TransitGateway {
                name: name.value.clone(),
                span: name.span,
                attachments: Vec::new(),
                route_tables: Vec::new(),
            });
        }
    }

    // ----- per VPC: resources --------------------------------------------------------------

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

    fn route_table_shells(&mut self, vpc_id: VpcId, vpc_name: &Loc<String>, vpc: &'d schema::Vpc) {
        let mut main: Option<(RouteTableId, Span)> = None;
        for (name, table) in &vpc.route_tables {
            let id = RouteTableId::from_index(self.model.route_tables.len());
            let is_main = table.main.as_ref().is_some_and(|m| m.value)
                || (name.value == "main" && table.main.is_none());
            if is_main {
                if let Some((_, first)) = main {
                    self.error(
                        "VAL020",
                        table.main.as_ref().map_or(name.span, |m| m.span),
                        format!(
                            "VPC `{}` has two main route tables; a VPC has exactly one (§2.2)",
                            vpc_name.value
                        ),
                    )
                    .related
                    .push(crate::diagnostic::Related {
                        span: first,
                        label: "main table declared here".into(),
                    });
                } else {
                    main = Some((id, name.span));
                }
            }
            self.model.route_tables.push(RouteTable {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                is_main: false,
                declared: true,
                routes: self.local_routes(vpc_id),
                subnets: Vec::new(),
            });
            self.names[vpc_id.index()]
                .route_tables
                .insert(name.value.as_str(), id);
            self.model.vpcs[vpc_id.index()].route_tables.push(id);
        }
        let main_id = match main {
            Some((id, _)) => id,
            None => {
                // §2.2: the VPC always has a main table, with only local routes at first.
                let id = RouteTableId::from_index(self.model.route_tables.len());
                self.model.route_tables.push(RouteTable {
                    name: "main".into(),
                    span: vpc_name.span,
                    vpc: vpc_id,
                    is_main: true,
                    declared: false,
                    routes: self.local_routes(vpc_id),
                    subnets: Vec::new(),
                });
                self.names[vpc_id.index()].route_tables.insert("main", id);
                self.model.vpcs[vpc_id.index()].route_tables.push(id);
                id
            }
        };
        self.model.route_tables[main_id.index()].is_main = true;
        self.model.vpcs[vpc_id.index()].main_route_table = main_id;
    }

    /// §2.3: one local route per VPC block (and IPv6 block) in every table.
    fn local_routes(&self, vpc_id: VpcId) -> Vec<Route> {
        let vpc = &self.model.vpcs[vpc_id.index()];
        let mut routes: Vec<Route> = vpc
            .cidrs
            .iter()
            .map(|cidr| Route {
                destination: RouteDestination::Cidr(IpNet::V4(*cidr)),
                target: RouteTarget::Local,
                span: Span::UNKNOWN,
            })
            .collect();
        if let Some(v6) = vpc.ipv6_cidr {
            routes.push(Route {
                destination: RouteDestination::Cidr(IpNet::V6(v6)),
                target: RouteTarget::Local,
                span: Span::UNKNOWN,
            });
        }
        routes
    }

    fn subnets(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        let region = self.document.region.as_ref().map(|r| r.value.clone());
        for (name, subnet) in &vpc.subnets {
            let Some(cidr) = self.parse_v4_cidr(&subnet.cidr, "subnet block") else {
                // Keep the name resolvable so references to it do not cascade into more errors.
                self.placeholder_subnet(vpc_id, name, subnet);
                continue;
            };
            // §1.9: /16–/28, inside one VPC block.
            if !(16..=28).contains(&cidr.prefix_len()) {
                let why = if cidr.prefix_len() < 16 {
                    "larger"
                } else {
                    "smaller"
                };
                self.error(
                    "VAL003",
                    subnet.cidr.span,
                    format!("subnet block {cidr} is {why} than AWS allows: subnet blocks must be /16 to /28"),
                );
            }
            let vpc_cidrs = self.model.vpcs[vpc_id.index()].cidrs.clone();
            if !vpc_cidrs.is_empty() && !vpc_cidrs.iter().any(|block| block.contains(&cidr)) {
                let blocks: Vec<String> = vpc_cidrs.iter().map(ToString::to_string).collect();
                let diagnostic = self.error(
                    "VAL004",
                    subnet.cidr.span,
                    format!(
                        "subnet `{}` block {cidr} is outside every block of its VPC ({})",
                        name.value,
                        blocks.join(", ")
                    ),
                );
                diagnostic.label = Some(format!("not inside {}", blocks.join(" or ")));
                if let Some(block) = vpc_cidrs.first()
                    && cidr.prefix_len() >= block.prefix_len()
                {
                    let host_bits = u32::from(cidr.network()) & !u32::from(block.netmask());
                    let moved = Ipv4Addr::from(u32::from(block.network()) | host_bits);
                    if let Ok(suggestion) = Ipv4Net::new(moved, cidr.prefix_len()) {
                        diagnostic.help = Some(format!(
                            "pick a block inside {block}, e.g. {}",
                            suggestion.trunc()
                        ));
                    }
                }
            }
            if let Some(region) = &region
                && !subnet.az.value.starts_with(region.as_str())
            {
                self.error(
                    "VAL006",
                    subnet.az.span,
                    format!(
                        "Availability Zone `{}` is not in region `{region}`",
                        subnet.az.value
                    ),
                )
                .help = Some(format!("AZ names look like `{region}a`"));
            }
            let ipv6_cidr = subnet
                .ipv6_cidr
                .as_ref()
                .and_then(|text| self.parse_v6_cidr(text, "subnet IPv6 block"));
            self.push_subnet(vpc_id, name, subnet, cidr, ipv6_cidr);
        }
    }

    fn placeholder_subnet(
        &mut self,
        vpc_id: VpcId,
        name: &'d Loc<String>,
        subnet: &schema::Subnet,
    ) {
        let cidr = Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 32).unwrap_or_default();
        self.push_subnet(vpc_id, name, subnet, cidr, None);
    }

    fn push_subnet(
        &mut self,
        vpc_id: VpcId,
        name: &'d Loc<String>,
        subnet: &schema::Subnet,
        cidr: Ipv4Net,
        ipv6_cidr: Option<Ipv6Net>,
    ) {
        let id = SubnetId::from_index(self.model.subnets.len());
        let main = self.model.vpcs[vpc_id.index()].main_route_table;
        let route_table = match &subnet.route_table {
            Some(reference) => self
                .lookup(vpc_id, reference, "route table", |n| &n.route_tables)
                .map(|rt| (rt, true))
                .unwrap_or((main, false)),
            None => (main, false),
        };
        self.model.subnets.push(Subnet {
            name: name.value.clone(),
            span: name.span,
            vpc: vpc_id,
            cidr,
            cidr_span: subnet.cidr.span,
            ipv6_cidr,
            az: subnet.az.value.clone(),
            public_ip_on_launch: subnet.public_ip_on_launch.as_ref().is_some_and(|p| p.value),
            route_table: route_table.0,
            route_table_explicit: route_table.1,
            network_acl: NaclId(0),
            enis: Vec::new(),
        });
        self.model.route_tables[route_table.0.index()]
            .subnets
            .push(id);
        self.names[vpc_id.index()]
            .subnets
            .insert(name.value.as_str(), id);
        self.model.vpcs[vpc_id.index()].subnets.push(id);
    }

    fn subnet_ref(&mut self, vpc_id: VpcId, reference: &Loc<String>) -> Option<SubnetId> {
        self.lookup(vpc_id, reference, "subnet", |n| &n.subnets)
    }

    fn network_acls(&mut self, vpc_id: VpcId, vpc_name: &Loc<String>, vpc: &'d schema::Vpc) {
        let has_v6 = self.model.vpcs[vpc_id.index()].ipv6_cidr.is_some();
        // §6.4: the default NACL; declared `default` entries replace its rules when given.
        let declared_default = vpc
            .network_acls
            .iter()
            .find(|(name, _)| name.value == "default");
        let default_id = NaclId::from_index(self.model.network_acls.len());
        let (default_span, default_ingress, default_egress) = match declared_default {
            Some((name, acl)) if !(acl.ingress.is_empty() && acl.egress.is_empty()) => (
                name.span,
                self.nacl_entries(&acl.ingress, has_v6),
                self.nacl_entries(&acl.egress, has_v6),
            ),
            Some((name, _)) => (
                name.span,
                default_nacl_entries(has_v6),
                default_nacl_entries(has_v6),
            ),
            None => (
                vpc_name.span,
                default_nacl_entries(has_v6),
                default_nacl_entries(has_v6),
            ),
        };
        self.model.network_acls.push(NetworkAcl {
            name: "default".into(),
            span: default_span,
            vpc: vpc_id,
            is_default: true,
            declared: declared_default.is_some(),
            ingress: default_ingress,
            egress: default_egress,
            subnets: Vec::new(),
        });
        self.names[vpc_id.index()]
            .network_acls
            .insert("default", default_id);
        self.model.vpcs[vpc_id.index()]
            .network_acls
            .push(default_id);
        self.model.vpcs[vpc_id.index()].default_network_acl = default_id;

        let subnet_ids = self.model.vpcs[vpc_id.index()].subnets.clone();
        for subnet in &subnet_ids {
            self.model.subnets[subnet.index()].network_acl = default_id;
        }
        let mut associated: FxHashMap<SubnetId, Span> = FxHashMap::default();
        for (name, acl) in &vpc.network_acls {
            let id = if name.value == "default" {
                default_id
            } else {
                // §6.5: a custom NACL starts as deny-all; listed entries are all it has.
                let id = NaclId::from_index(self.model.network_acls.len());
                let ingress = self.nacl_entries(&acl.ingress, has_v6);
                let egress = self.nacl_entries(&acl.egress, has_v6);
                self.model.network_acls.push(NetworkAcl {
                    name: name.value.clone(),
                    span: name.span,
                    vpc: vpc_id,
                    is_default: false,
                    declared: true,
                    ingress,
                    egress,
                    subnets: Vec::new(),
                });
                self.names[vpc_id.index()]
                    .network_acls
                    .insert(name.value.as_str(), id);
                self.model.vpcs[vpc_id.index()].network_acls.push(id);
                id
            };
            for reference in &acl.subnets {
                let Some(subnet) = self.subnet_ref(vpc_id, reference) else {
                    continue;
                };
                // §6.6: one NACL per subnet.
                if let Some(first) = associated.get(&subnet) {
                    let first = *first;
                    self.error(
                        "VAL030",
                        reference.span,
                        format!("subnet `{}` is associated with two network ACLs; a subnet has exactly one (§6.6)", reference.value),
                    )
                    .related
                    .push(crate::diagnostic::Related { span: first, label: "first associated here".into() });
                    continue;
                }
                associated.insert(subnet, reference.span);
                self.model.subnets[subnet.index()].network_acl = id;
            }
        }
        for subnet in subnet_ids {
            let acl = self.model.subnets[subnet.index()].network_acl;
            self.model.network_acls[acl.index()].subnets.push(subnet);
        }
    }

    fn nacl_entries(&mut self, rules: &[Loc<schema::NaclRule>], has_v6: bool) -> Vec<NaclEntry> {
        let mut entries: Vec<NaclEntry> = Vec::new();
        let mut seen: FxHashMap<u16, Span> = FxHashMap::default();
        for rule in rules {
            let number = match u16::try_from(rule.rule.value) {
                // §6.2: 1–32766; 32767+ are reserved for the `*` rules.
                Ok(n) if (1..=32766).contains(&n) => n,
                _ => {
                    self.error(
                        "VAL030",
                        rule.rule.span,
                        format!("NACL rule number {} is outside 1–32766", rule.rule.value),
                    );
                    continue;
                }
            };
            if let Some(first) = seen.get(&number) {
                let first = *first;
                self.error(
                    "VAL030",
                    rule.rule.span,
                    format!("NACL rule number {number} is used twice in the same direction; AWS keeps one entry per number (§6.2)"),
                )
                .related
                .push(crate::diagnostic::Related { span: first, label: "first used here".into() });
                continue;
            }
            seen.insert(number, rule.rule.span);
            let action = match rule.action.value.to_ascii_lowercase().as_str() {
                "allow" => NaclAction::Allow,
                "deny" => NaclAction::Deny,
                _ => {
                    self.error(
                        "VAL001",
                        rule.action.span,
                        format!(
                            "NACL action `{}` is neither allow nor deny",
                            rule.action.value
                        ),
                    );
                    continue;
                }
            };
            let Some(protocol) = self.parse_protocol(&rule.proto) else {
                continue;
            };
            let ports = if protocol.has_ports() {
                match &rule.ports {
                    Some(ports) => match self.parse_ports(ports) {
                        Some(p) => p,
                        None => continue,
                    },
                    None => {
                        self.error(
                            "SCHEMA002",
                            rule.span,
                            format!("a {protocol} NACL rule needs `ports`"),
                        );
                        continue;
                    }
                }
            } else {
                PortRange::ALL
            };
            let icmp = self.parse_icmp(&rule.icmp_type, &rule.icmp_code);
            let Some(cidr) = self.parse_any_cidr(&rule.cidr, "NACL rule CIDR") else {
                continue;
            };
            entries.push(NaclEntry {
                number: Some(number),
                action,
                protocol,
                ports,
                icmp,
                cidr,
                span: rule.span,
            });
        }
        entries.sort_by_key(|entry| entry.number);
        entries.extend(star_rules(has_v6));
        entries
    }

    fn security_group_shells(
        &mut self,
        vpc_id: VpcId,
        vpc_name: &Loc<String>,
        vpc: &'d schema::Vpc,
    ) {
        let default_id = SgId::from_index(self.model.security_groups.len());
        let default_span = vpc
            .security_groups
            .keys()
            .find(|name| name.value == "default")
            .map_or(vpc_name.span, |name| name.span);
        self.model.security_groups.push(SecurityGroup {
            name: "default".into(),
            span: default_span,
            vpc: vpc_id,
            is_default: true,
            declared: vpc.security_groups.keys().any(|n| n.value == "default"),
            ingress: Vec::new(),
            egress: Vec::new(),
            members: Vec::new(),
        });
        self.names[vpc_id.index()]
            .security_groups
            .insert("default", default_id);
        self.model.vpcs[vpc_id.index()]
            .security_groups
            .push(default_id);
        self.model.vpcs[vpc_id.index()].default_security_group = default_id;
        for name in vpc.security_groups.keys() {
            if name.value == "default" {
                continue;
            }
            if name.value.starts_with("sg-") {
                // §5.2: a group name cannot start with `sg-`.
                self.error(
                    "VAL031",
                    name.span,
                    format!(
                        "security group name `{}` starts with `sg-`, which AWS reserves for ids",
                        name.value
                    ),
                );
            }
            let id = SgId::from_index(self.model.security_groups.len());
            self.model.security_groups.push(SecurityGroup {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                is_default: false,
                declared: true,
                ingress: Vec::new(),
                egress: Vec::new(),
                members: Vec::new(),
            });
            self.names[vpc_id.index()]
                .security_groups
                .insert(name.value.as_str(), id);
            self.model.vpcs[vpc_id.index()].security_groups.push(id);
        }
    }

    fn security_groups_of(
        &mut self,
        vpc_id: VpcId,
        groups: &Option<Vec<Loc<String>>>,
        span: Span,
    ) -> Vec<SgId> {
        let default = self.model.vpcs[vpc_id.index()].default_security_group;
        let Some(groups) = groups else {
            // §5.7: resources launched without a group get the default group.
            return vec![default];
        };
        let mut ids: Vec<SgId> = Vec::new();
        for reference in groups {
            if let Some(id) =
                self.lookup(vpc_id, reference, "security group", |n| &n.security_groups)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        // §5.2: 5 groups per ENI by default, adjustable up to 16.
        if ids.len() > 16 {
            self.error(
                "VAL070",
                span,
                format!(
                    "{} security groups on one network interface; AWS allows at most 16 (§5.2)",
                    ids.len()
                ),
            );
        } else if ids.len() > 5 {
            self.warning(
                "VAL070",
                span,
                format!(
                    "{} security groups on one network interface; the default quota is 5 (§5.2)",
                    ids.len()
                ),
            );
        }
        ids
    }

    fn elastic_ip_shells(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, eip) in &vpc.elastic_ips {
            let address = match &eip.address {
                Some(text) => match self.parse_ip(text, "Elastic IP") {
                    Some(address) => {
                        self.pinned_public.insert(address);
                        address
                    }
                    None => continue,
                },
                None => Ipv4Addr::UNSPECIFIED,
            };
            let index = self.model.elastic_ips.len();
            self.model.elastic_ips.push(ElasticIp {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                address,
                eni: None,
            });
            self.names[vpc_id.index()]
                .elastic_ips
                .insert(name.value.as_str(), index);
        }
    }

    /// Creates an ENI; its private IP is chosen later (explicit ones are reserved first).
    #[allow(clippy::too_many_arguments)]
    fn new_eni(
        &mut self,
        name: String,
        span: Span,
        owner: EniOwner,
        vpc: VpcId,
        subnet: SubnetId,
        requested_ip: Option<&Loc<String>>,
        security_groups: Vec<SgId>,
        ephemeral_ports: PortRange,
    ) -> EniId {
        let id = EniId::from_index(self.model.enis.len());
        for sg in &security_groups {
            self.model.security_groups[sg.index()].members.push(id);
        }
        self.model.enis.push(Eni {
            name,
            span,
            owner,
            vpc,
            subnet,
            private_ip: Ipv4Addr::UNSPECIFIED,
            private_ip_assigned: requested_ip.is_none(),
            public_ip: None,
            security_groups,
            source_dest_check: true,
            ephemeral_ports,
        });
        self.model.subnets[subnet.index()].enis.push(id);
        self.pending_ips.push(PendingIp {
            eni: id,
            requested: requested_ip.cloned(),
        });
        id
    }

    /// Attaches an Elastic IP (`true`, an address, or the name of an `elastic_ips` entry).
    fn attach_elastic_ip(&mut self, vpc_id: VpcId, eni: EniId, value: &Loc<FlagOrText>) {
        let owner_name = self.model.enis[eni.index()].name.clone();
        let index = match &value.value {
            FlagOrText::Flag(false) => return,
            FlagOrText::Flag(true) => None,
            FlagOrText::Text(text) => {
                if let Some(index) = self.names[vpc_id.index()].elastic_ips.get(text.as_str()) {
                    Some(*index)
                } else if let Ok(address) = text.parse::<Ipv4Addr>() {
                    self.pinned_public.insert(address);
                    match self
                        .model
                        .elastic_ips
                        .iter()
                        .position(|e| e.address == address)
                    {
                        Some(index) => Some(index),
                        None => {
                            self.model.elastic_ips.push(ElasticIp {
                                name: format!("{owner_name}-eip"),
                                span: value.span,
                                vpc: vpc_id,
                                address,
                                eni: None,
                            });
                            Some(self.model.elastic_ips.len() - 1)
                        }
                    }
                } else {
                    let mut candidates: Vec<String> = self.names[vpc_id.index()]
                        .elastic_ips
                        .keys()
                        .map(|k| k.to_string())
                        .collect();
                    candidates.sort();
                    let reference = Loc::at(text.clone(), value.span);
                    self.dangling(
                        &reference,
                        "Elastic IP",
                        candidates.iter().map(String::as_str),
                    );
                    return;
                }
            }
        };
        let index = index.unwrap_or_else(|| {
            self.model.elastic_ips.push(ElasticIp {
                name: format!("{owner_name}-eip"),
                span: value.span,
                vpc: vpc_id,
                address: Ipv4Addr::UNSPECIFIED,
                eni: None,
            });
            self.model.elastic_ips.len() - 1
        });
        if let Some(other) = self.model.elastic_ips[index].eni {
            let other_name = self.model.enis[other.index()].name.clone();
            self.error(
                "VAL010",
                value.span,
                format!(
                    "Elastic IP `{}` is already associated with `{other_name}`",
                    self.model.elastic_ips[index].name
                ),
            );
            return;
        }
        self.model.elastic_ips[index].eni = Some(eni);
        // §10.2: an EIP on the ENI replaces any auto-assigned public IP (dropped when public
        // IPs are assigned, see `assign_public_ips`).
        self.pending_public.push((eni, None, PublicIpKind::Elastic));
    }

    fn nat_gateways(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, nat) in &vpc.nat_gateways {
            let Some(subnet) = self.subnet_ref(vpc_id, &nat.subnet) else {
                continue;
            };
            let connectivity = match nat
                .connectivity
                .as_ref()
                .map(|c| c.value.to_ascii_lowercase())
            {
                None => NatConnectivity::Public,
                Some(c) if c == "public" => NatConnectivity::Public,
                Some(c) if c == "private" => NatConnectivity::Private,
                Some(other) => {
                    let span = nat.connectivity.as_ref().map_or(name.span, |c| c.span);
                    self.error(
                        "VAL001",
                        span,
                        format!("NAT gateway connectivity `{other}` is neither public nor private"),
                    );
                    NatConnectivity::Public
                }
            };
            if connectivity == NatConnectivity::Public
                && self.model.vpcs[vpc_id.index()].internet_gateway.is_none()
            {
                // §4.7: AWS answers "Network vpc-… has no internet gateway attached".
                self.error(
                    "VAL051",
                    name.span,
                    format!("public NAT gateway `{}` in a VPC with no internet gateway; AWS refuses it (\"network has no internet gateway attached\")", name.value),
                )
                .help = Some("attach an internet gateway (`internet_gateway:` on the VPC) or use `connectivity: private`".into());
            }
            let id = NatId::from_index(self.model.nat_gateways.len());
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                EniOwner::NatGateway(id),
                vpc_id,
                subnet,
                nat.private_ip.as_ref(),
                Vec::new(),
                PortRange::AWS_EPHEMERAL,
            );
            self.model.enis[eni.index()].source_dest_check = false;
            if connectivity == NatConnectivity::Public {
                let address = match &nat.elastic_ip {
                    Some(text) => self.parse_ip(text, "NAT gateway Elastic IP"),
                    None => None,
                };
                let value = match address {
                    Some(address) => FlagOrText::Text(address.to_string()),
                    None => FlagOrText::Flag(true),
                };
                let span = nat.elastic_ip.as_ref().map_or(name.span, |e| e.span);
                self.attach_elastic_ip(vpc_id, eni, &Loc::at(value, span));
            } else if let Some(eip) = &nat.elastic_ip {
                self.error(
                    "VAL051",
                    eip.span,
                    "a private NAT gateway has no Elastic IP (§4.1)",
                );
            }
            self.model.nat_gateways.push(NatGateway {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                subnet,
                connectivity,
                eni,
            });
            self.names[vpc_id.index()]
                .nat_gateways
                .insert(name.value.as_str(), id);
        }
    }

    fn instances(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, instance) in &vpc.instances {
            let Some(subnet) = self.subnet_ref(vpc_id, &instance.subnet) else {
                continue;
            };
            let os = match instance.os.as_ref().map(|o| o.value.to_ascii_lowercase()) {
                None => Os::Linux,
                Some(o) if o == "linux" => Os::Linux,
                Some(o) if o == "windows" => Os::Windows,
                Some(other) => {
                    let span = instance.os.as_ref().map_or(name.span, |o| o.span);
                    self.error(
                        "VAL001",
                        span,
                        format!("os `{other}` is neither linux nor windows"),
                    );
                    Os::Linux
                }
            };
            let ephemeral = match os {
                Os::Linux => PortRange::LINUX_EPHEMERAL,
                Os::Windows => PortRange::WINDOWS_EPHEMERAL,
            };
            let groups = self.security_groups_of(vpc_id, &instance.security_groups, name.span);
            let id = InstanceId::from_index(self.model.instances.len());
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                EniOwner::Instance(id),
                vpc_id,
                subnet,
                instance.private_ip.as_ref(),
                groups,
                ephemeral,
            );
            if let Some(check) = &instance.source_dest_check {
                self.model.enis[eni.index()].source_dest_check = check.value;
            }
            // §3.6: the subnet's MapPublicIpOnLaunch, overridable per launch; it maps to the
            // primary private IP of the primary ENI (§3.3).
            let subnet_default = self.model.subnets[subnet.index()].public_ip_on_launch;
            let public = match &instance.public_ip {
                None => subnet_default.then_some(None),
                Some(value) => match &value.value {
                    FlagOrText::Flag(true) => Some(None),
                    FlagOrText::Flag(false) => None,
                    FlagOrText::Text(text) => {
                        match self.parse_ip(&Loc::at(text.clone(), value.span), "public IP") {
                            Some(address) => {
                                self.pinned_public.insert(address);
                                Some(Some(address))
                            }
                            None => None,
                        }
                    }
                },
            };
            if let Some(pinned) = public {
                self.pending_public
                    .push((eni, pinned, PublicIpKind::AutoAssigned));
            }
            if let Some(eip) = &instance.elastic_ip {
                self.attach_elastic_ip(vpc_id, eni, eip);
            }
            self.model.instances.push(Instance {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                primary_eni: eni,
                enis: vec![eni],
                os,
            });
            self.names[vpc_id.index()]
                .instances
                .insert(name.value.as_str(), id);
        }
    }

    fn network_interfaces(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, interface) in &vpc.network_interfaces {
            let Some(subnet) = self.subnet_ref(vpc_id, &interface.subnet) else {
                continue;
            };
            let instance = match &interface.instance {
                Some(reference) => self.lookup(vpc_id, reference, "instance", |n| &n.instances),
                None => None,
            };
            let groups = self.security_groups_of(vpc_id, &interface.security_groups, name.span);
            let (owner, ephemeral) = match instance {
                Some(id) => (
                    EniOwner::Instance(id),
                    self.model.enis[self.model.instances[id.index()].primary_eni.index()]
                        .ephemeral_ports,
                ),
                None => (EniOwner::Standalone, PortRange::LINUX_EPHEMERAL),
            };
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                owner,
                vpc_id,
                subnet,
                interface.private_ip.as_ref(),
                groups,
                ephemeral,
            );
            if let Some(check) = &interface.source_dest_check {
                self.model.enis[eni.index()].source_dest_check = check.value;
            }
            if let Some(eip) = &interface.elastic_ip {
                self.attach_elastic_ip(vpc_id, eni, eip);
            }
            if let Some(instance) = instance {
                self.model.instances[instance.index()].enis.push(eni);
            }
            self.names[vpc_id.index()]
                .enis
                .insert(name.value.as_str(), eni);
        }
    }

    fn target_group_shells(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, group) in &vpc.target_groups {
            let id = TgId::from_index(self.model.target_groups.len());
            let port = self
                .parse_port(&group.port, "target group port")
                .unwrap_or(1);
            let ip_targets = match group
                .target_type
                .as_ref()
                .map(|t| t.value.to_ascii_lowercase())
            {
                None => false,
                Some(t) if t == "instance" => false,
                Some(t) if t == "ip" => true,
                Some(other) => {
                    let span = group.target_type.as_ref().map_or(name.span, |t| t.span);
                    self.error(
                        "VAL001",
                        span,
                        format!("target type `{other}` is not supported (instance or ip)"),
                    );
                    false
                }
            };
            let health_check = group.health_check.as_ref();
            let health_check_port = match health_check.and_then(|h| h.port.as_ref()) {
                None => HealthCheckPort::TrafficPort,
                Some(port) => match &port.value {
                    NumOrText::Text(text) if text == "traffic-port" => HealthCheckPort::TrafficPort,
                    NumOrText::Num(n) => match u16::try_from(*n) {
                        Ok(p) if p >= 1 => HealthCheckPort::Port(p),
                        _ => {
                            self.error(
                                "VAL001",
                                port.span,
                                format!("health-check port {n} is not a port"),
                            );
                            HealthCheckPort::TrafficPort
                        }
                    },
                    NumOrText::Text(text) => {
                        match text.parse::<u16>() {
                            Ok(p) if p >= 1 => HealthCheckPort::Port(p),
                            _ => {
                                self.error("VAL001", port.span, format!("health-check port `{text}` is neither traffic-port nor a port"));
                                HealthCheckPort::TrafficPort
                            }
                        }
                    }
                },
            };
            self.model.target_groups.push(TargetGroup {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                protocol: group.protocol.value.to_ascii_lowercase(),
                port,
                ip_targets,
                health_check_port,
                health_check_path: health_check.and_then(|h| h.value.path.clone()),
                // §7.10 defaults: on for instance targets, off for ip targets (TCP/TLS).
                preserve_client_ip: group.preserve_client_ip.as_ref().map_or(
                    !ip_targets || group.protocol.value.eq_ignore_ascii_case("udp"),
                    |p| p.value,
                ),
                targets: Vec::new(),
                load_balancers: Vec::new(),
            });
            self.names[vpc_id.index()]
                .target_groups
                .insert(name.value.as_str(), id);
        }
    }

    fn load_balancers(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, balancer) in &vpc.load_balancers {
            let id = LbId::from_index(self.model.load_balancers.len());
            let kind = match balancer.kind.value.to_ascii_lowercase().as_str() {
                "application" | "alb" => LbKind::Application,
                "network" | "nlb" => LbKind::Network,
                other => {
                    self.error(
                        "VAL001",
                        balancer.kind.span,
                        format!(
                            "load balancer type `{other}` is not supported (application or network)"
                        ),
                    );
                    LbKind::Application
                }
            };
            let scheme = match balancer.scheme.value.to_ascii_lowercase().as_str() {
                "internet-facing" => LbScheme::InternetFacing,
                "internal" => LbScheme::Internal,
                other => {
                    self.error(
                        "VAL001",
                        balancer.scheme.span,
                        format!("scheme `{other}` is neither internet-facing nor internal"),
                    );
                    LbScheme::Internal
                }
            };
            let mut subnets: Vec<SubnetId> = Vec::new();
            let mut azs: FxHashMap<String, Span> = FxHashMap::default();
            for reference in &balancer.subnets {
                let Some(subnet) = self.subnet_ref(vpc_id, reference) else {
                    continue;
                };
                let az = self.model.subnets[subnet.index()].az.clone();
                if let Some(first) = azs.get(&az) {
                    let first = *first;
                    // §7.2: one subnet per AZ.
                    self.error("VAL040", reference.span, format!("load balancer `{}` has two subnets in {az}; AWS takes one subnet per Availability Zone", name.value))
                        .related
                        .push(crate::diagnostic::Related { span: first, label: "first subnet in this AZ".into() });
                    continue;
                }
                azs.insert(az, reference.span);
                subnets.push(subnet);
            }
            if kind == LbKind::Application && azs.len() < 2 && !balancer.subnets.is_empty() {
                // §7.2: an ALB needs subnets in at least two AZs.
                let span = balancer.subnets.first().map_or(name.span, |s| s.span);
                self.error(
                    "VAL040",
                    span,
                    format!("application load balancer `{}` has subnets in {} Availability Zone(s); AWS requires at least two", name.value, azs.len()),
                )
                .help = Some("add a subnet in a second AZ".into());
            }
            if balancer.subnets.is_empty() {
                self.error(
                    "VAL040",
                    name.span,
                    format!("load balancer `{}` has no subnets", name.value),
                );
            }
            let groups = match (&balancer.security_groups, kind) {
                (None, LbKind::Network) => Vec::new(),
                (groups, _) => self.security_groups_of(vpc_id, groups, name.span),
            };
            let mut listeners: Vec<Listener> = Vec::new();
            let mut ports_seen: FxHashSet<u16> = FxHashSet::default();
            for listener in &balancer.listeners {
                let Some(port) = self.parse_port(&listener.port, "listener port") else {
                    continue;
                };
                let protocol = listener.protocol.value.to_ascii_lowercase();
                let valid = match kind {
                    LbKind::Application => matches!(protocol.as_str(), "http" | "https"),
                    LbKind::Network => {
                        matches!(protocol.as_str(), "tcp" | "tls" | "udp" | "tcp_udp")
                    }
                };
                if !valid {
                    let allowed = match kind {
                        LbKind::Application => "http or https",
                        LbKind::Network => "tcp, tls, udp or tcp_udp",
                    };
                    self.error(
                        "VAL040",
                        listener.protocol.span,
                        format!(
                            "listener protocol `{protocol}` is not valid here ({allowed}, §7.1)"
                        ),
                    );
                }
                if !ports_seen.insert(port) {
                    self.error(
                        "VAL040",
                        listener.port.span,
                        format!("two listeners on port {port}"),
                    );
                }
                let Some(target_group) =
                    self.lookup(vpc_id, &listener.forward, "target group", |n| {
                        &n.target_groups
                    })
                else {
                    continue;
                };
                // §7.5: one load balancer per target group.
                let already = self.model.target_groups[target_group.index()]
                    .load_balancers
                    .clone();
                if already.iter().any(|other| *other != id) {
                    self.error("VAL040", listener.forward.span, format!("target group `{}` is already used by another load balancer; AWS allows one load balancer per target group (§7.5)", listener.forward.value));
                }
                if !already.contains(&id) {
                    self.model.target_groups[target_group.index()]
                        .load_balancers
                        .push(id);
                }
                listeners.push(Listener {
                    port,
                    ip_protocol: if protocol == "udp" {
                        Protocol::UDP
                    } else {
                        Protocol::TCP
                    },
                    protocol,
                    target_group,
                    span: listener.span,
                });
            }
            let mut nodes: Vec<EniId> = Vec::new();
            for subnet in &subnets {
                let subnet_name = self.model.subnets[subnet.index()].name.clone();
                let node = self.new_eni(
                    format!("{}@{subnet_name}", name.value),
                    name.span,
                    EniOwner::LoadBalancer(id),
                    vpc_id,
                    *subnet,
                    None,
                    groups.clone(),
                    PortRange::AWS_EPHEMERAL,
                );
                if scheme == LbScheme::InternetFacing {
                    self.pending_public
                        .push((node, None, PublicIpKind::Service));
                }
                nodes.push(node);
            }
            self.model.load_balancers.push(LoadBalancer {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                kind,
                scheme,
                subnets,
                nodes,
                security_groups: groups,
                listeners,
                cross_zone: balancer
                    .cross_zone
                    .as_ref()
                    .map_or(kind == LbKind::Application, |c| c.value),
            });
            self.names[vpc_id.index()]
                .load_balancers
                .insert(name.value.as_str(), id);
        }
    }

    fn databases(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, database) in &vpc.databases {
            let subnets: Vec<SubnetId> = database
                .subnets
                .iter()
                .filter_map(|reference| self.subnet_ref(vpc_id, reference))
                .collect();
            let azs: FxHashSet<&str> = subnets
                .iter()
                .map(|s| self.model.subnets[s.index()].az.as_str())
                .collect();
            if azs.len() < 2 && subnets.len() == database.subnets.len() {
                // §8.1: a DB subnet group covers at least two AZs.
                let span = database.subnets.first().map_or(name.span, |s| s.span);
                self.error(
                    "VAL041",
                    span,
                    format!("DB subnet group of `{}` covers {} Availability Zone(s); AWS requires at least two", name.value, azs.len()),
                )
                .help = Some("add a subnet in a second AZ to `subnets`".into());
            }
            let Some(first) = subnets.first().copied() else {
                continue;
            };
            let port = match &database.port {
                Some(port) => self.parse_port(port, "database port").unwrap_or(3306),
                None => default_db_port(&database.engine.value).unwrap_or_else(|| {
                    self.error(
                        "VAL001",
                        database.engine.span,
                        format!(
                            "unknown engine `{}`; set `port:` explicitly",
                            database.engine.value
                        ),
                    );
                    3306
                }),
            };
            let groups = self.security_groups_of(vpc_id, &database.security_groups, name.span);
            let id = DbId::from_index(self.model.databases.len());
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                EniOwner::Database(id),
                vpc_id,
                first,
                database.private_ip.as_ref(),
                groups,
                PortRange::LINUX_EPHEMERAL,
            );
            let publicly_accessible = database
                .publicly_accessible
                .as_ref()
                .is_some_and(|p| p.value);
            if publicly_accessible {
                // §8.2: a publicly accessible instance gets a public IP as well.
                self.pending_public.push((eni, None, PublicIpKind::Service));
            }
            self.model.databases.push(Database {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                engine: database.engine.value.clone(),
                port,
                subnets,
                eni,
                publicly_accessible,
            });
        }
    }

    fn caches(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, cache) in &vpc.caches {
            let subnets: Vec<SubnetId> = cache
                .subnets
                .iter()
                .filter_map(|reference| self.subnet_ref(vpc_id, reference))
                .collect();
            let Some(first) = subnets.first().copied() else {
                if cache.subnets.is_empty() {
                    self.error(
                        "VAL041",
                        name.span,
                        format!("cache `{}` has no subnets", name.value),
                    );
                }
                continue;
            };
            let port = match &cache.port {
                Some(port) => self.parse_port(port, "cache port").unwrap_or(6379),
                None => match cache.engine.value.to_ascii_lowercase().as_str() {
                    "memcached" => 11211,
                    "redis" | "valkey" => 6379,
                    other => {
                        self.error(
                            "VAL001",
                            cache.engine.span,
                            format!("unknown cache engine `{other}` (redis, valkey or memcached)"),
                        );
                        6379
                    }
                },
            };
            let groups = self.security_groups_of(vpc_id, &cache.security_groups, name.span);
            let id = CacheId::from_index(self.model.caches.len());
            let eni = self.new_eni(
                name.value.clone(),
                name.span,
                EniOwner::Cache(id),
                vpc_id,
                first,
                cache.private_ip.as_ref(),
                groups,
                PortRange::LINUX_EPHEMERAL,
            );
            self.model.caches.push(Cache {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                engine: cache.engine.value.clone(),
                port,
                subnets,
                eni,
            });
        }
    }

    fn endpoints(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, endpoint) in &vpc.endpoints {
            let id = EndpointId::from_index(self.model.endpoints.len());
            let kind = match endpoint.kind.value.to_ascii_lowercase().as_str() {
                "gateway" => EndpointKind::Gateway,
                "interface" => EndpointKind::Interface,
                other => {
                    self.error(
                        "VAL001",
                        endpoint.kind.span,
                        format!("endpoint type `{other}` is neither gateway nor interface"),
                    );
                    continue;
                }
            };
            let service = endpoint.service.value.clone();
            let mut prefix_list = None;
            let mut enis: Vec<EniId> = Vec::new();
            match kind {
                EndpointKind::Gateway => {
                    // §9.6: gateway endpoints exist for S3 and DynamoDB only.
                    if !matches!(service.as_str(), "s3" | "dynamodb") {
                        self.error(
                            "VAL001",
                            endpoint.service.span,
                            format!(
                                "gateway endpoints exist only for s3 and dynamodb, not `{service}`"
                            ),
                        );
                    }
                    let list_name = format!(
                        "com.amazonaws.{}.{service}",
                        if self.model.region.is_empty() {
                            "region"
                        } else {
                            &self.model.region
                        }
                    );
                    let list = match self.prefix_list_names.get(&list_name) {
                        Some(list) => *list,
                        None => {
                            let list = PrefixListId::from_index(self.model.prefix_lists.len());
                            self.model.prefix_lists.push(PrefixList {
                                name: list_name.clone(),
                                span: endpoint.service.span,
                                cidrs: Vec::new(),
                                aws_managed: true,
                                max_entries: 0,
                            });
                            self.prefix_list_names.insert(list_name, list);
                            self.prefix_list_names.insert(service.clone(), list);
                            list
                        }
                    };
                    prefix_list = Some(list);
                }
                EndpointKind::Interface => {
                    let groups =
                        self.security_groups_of(vpc_id, &endpoint.security_groups, name.span);
                    for reference in &endpoint.subnets {
                        let Some(subnet) = self.subnet_ref(vpc_id, reference) else {
                            continue;
                        };
                        let subnet_name = self.model.subnets[subnet.index()].name.clone();
                        enis.push(self.new_eni(
                            format!("{}@{subnet_name}", name.value),
                            name.span,
                            EniOwner::Endpoint(id),
                            vpc_id,
                            subnet,
                            None,
                            groups.clone(),
                            PortRange::AWS_EPHEMERAL,
                        ));
                    }
                }
            }
            self.model.endpoints.push(Endpoint {
                name: name.value.clone(),
                span: name.span,
                vpc: vpc_id,
                kind,
                service,
                route_tables: Vec::new(),
                enis,
                prefix_list,
            });
            self.names[vpc_id.index()]
                .endpoints
                .insert(name.value.as_str(), id);
        }
    }

    // ----- per VPC: references that need every resource ------------------------------------

    fn vpc_references(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        self.routes(vpc_id, vpc);
        self.gateway_endpoint_routes(vpc_id, vpc);
        self.security_group_rules(vpc_id, vpc);
        self.targets(vpc_id, vpc);
    }

    fn routes(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, table) in &vpc.route_tables {
            let Some(table_id) = self.names[vpc_id.index()]
                .route_tables
                .get(name.value.as_str())
                .copied()
            else {
                continue;
            };
            let mut seen: FxHashMap<RouteDestination, Span> = FxHashMap::default();
            for route in &table.routes {
                let Some(destination) = self.route_destination(&route.to) else {
                    continue;
                };
                let Some(target) = self.route_target(vpc_id, &route.via) else {
                    continue;
                };
                if let Some(first) = seen.get(&destination) {
                    let first = *first;
                    self.error(
                        "VAL020",
                        route.to.span,
                        format!(
                            "route table `{}` has two routes to {}",
                            name.value, route.to.value
                        ),
                    )
                    .related
                    .push(crate::diagnostic::Related {
                        span: first,
                        label: "first route here".into(),
                    });
                    continue;
                }
                seen.insert(destination, route.to.span);
                self.check_route_rules(vpc_id, &route.value, destination, target);
                self.model.route_tables[table_id.index()]
                    .routes
                    .push(Route {
                        destination,
                        target,
                        span: route.span,
                    });
            }
        }
    }

    fn route_destination(&mut self, to: &Loc<String>) -> Option<RouteDestination> {
        if let Some(list) = to.value.strip_prefix("pl:") {
            return match self.prefix_list_names.get(list) {
                Some(id) => Some(RouteDestination::PrefixList(*id)),
                None => {
                    let mut candidates: Vec<String> =
                        self.prefix_list_names.keys().cloned().collect();
                    candidates.sort();
                    self.dangling(
                        &Loc::at(list.to_owned(), to.span),
                        "prefix list",
                        candidates.iter().map(String::as_str),
                    );
                    None
                }
            };
        }
        self.parse_any_cidr(to, "route destination")
            .map(RouteDestination::Cidr)
    }

    fn route_target(&mut self, vpc_id: VpcId, via: &Loc<String>) -> Option<RouteTarget> {
        let name = via.value.as_str();
        match name {
            "blackhole" => return Some(RouteTarget::Blackhole),
            "local" => return Some(RouteTarget::Local),
            _ => {}
        }
        let vpc = &self.model.vpcs[vpc_id.index()];
        let names = &self.names[vpc_id.index()];
        let mut found: Vec<RouteTarget> = Vec::new();
        if let Some(igw) = vpc.internet_gateway
            && self.model.internet_gateways[igw.index()].name == name
        {
            found.push(RouteTarget::InternetGateway(igw));
        }
        if vpc.egress_only_igw.as_deref() == Some(name) {
            found.push(RouteTarget::EgressOnlyIgw);
        }
        if vpc.vpn_gateway.as_deref() == Some(name) {
            found.push(RouteTarget::VpnGateway);
        }
        if let Some(nat) = names.nat_gateways.get(name) {
            found.push(RouteTarget::NatGateway(*nat));
        }
        if let Some(instance) = names.instances.get(name) {
            found.push(RouteTarget::Eni(
                self.model.instances[instance.index()].primary_eni,
            ));
        }
        if let Some(eni) = names.enis.get(name) {
            found.push(RouteTarget::Eni(*eni));
        }
        if let Some(endpoint) = names.endpoints.get(name) {
            found.push(RouteTarget::GatewayEndpoint(*endpoint));
        }
        let peering = self.peering_names.get(name).copied();
        if let Some(peering) = peering {
            found.push(RouteTarget::Peering(peering));
        }
        let tgw = self.tgw_names.get(name).copied();
        if let Some(tgw) = tgw {
            found.push(RouteTarget::TransitGateway(tgw));
        }
        match found.as_slice() {
            [RouteTarget::Peering(peering)] => {
                let peering = &self.model.peerings[peering.index()];
                if peering.other_side(vpc_id).is_none() {
                    let here = self.model.vpcs[vpc_id.index()].name.clone();
                    self.error("VAL021", via.span, format!("peering `{name}` does not involve VPC `{here}`; a route can only use a peering of its own VPC"));
                    return None;
                }
                Some(found[0])
            }
            [RouteTarget::TransitGateway(tgw)] => {
                let attached = self
                    .document
                    .transit_gateways
                    .get_index(tgw.index())
                    .is_some_and(|(_, t)| {
                        t.attachments
                            .values()
                            .any(|a| self.vpc_names.get(a.vpc.value.as_str()) == Some(&vpc_id))
                    });
                if !attached {
                    let here = self.model.vpcs[vpc_id.index()].name.clone();
                    self.error("VAL021", via.span, format!("transit gateway `{name}` has no attachment in VPC `{here}`; AWS refuses a route to it"));
                    return None;
                }
                Some(found[0])
            }
            [one] => Some(*one),
            [] => {
                if let Some((other_vpc, _)) = name.split_once('/') {
                    self.error(
                        "VAL021",
                        via.span,
                        format!("route target `{name}` is in VPC `{other_vpc}`; routes reach other VPCs only through a peering or a transit gateway"),
                    )
                    .help = Some("route to the peering connection (by its name) instead".into());
                    return None;
                }
                let elsewhere = (0..self.names.len())
                    .filter(|other| *other != vpc_id.index())
                    .find(|other| {
                        let names = &self.names[*other];
                        names.nat_gateways.contains_key(name)
                            || names.instances.contains_key(name)
                            || names.enis.contains_key(name)
                            || names.endpoints.contains_key(name)
                            || self.model.vpcs[*other].internet_gateway.is_some_and(|igw| {
                                self.model.internet_gateways[igw.index()].name == name
                            })
                    });
                if let Some(other) = elsewhere {
                    let there = self.model.vpcs[other].name.clone();
                    self.error(
                        "VAL021",
                        via.span,
                        format!("route target `{name}` is in VPC `{there}`; a route table can only send traffic to its own VPC's gateways and interfaces (§9.3: no edge-to-edge routing)"),
                    )
                    .help = Some("to reach that VPC, peer the two VPCs (or attach both to a transit gateway) and route to the peering".into());
                    return None;
                }
                let mut candidates: Vec<String> = Vec::new();
                candidates.extend(
                    vpc.internet_gateway
                        .map(|igw| self.model.internet_gateways[igw.index()].name.clone()),
                );
                candidates.extend(names.nat_gateways.keys().map(|k| k.to_string()));
                candidates.extend(names.instances.keys().map(|k| k.to_string()));
                candidates.extend(names.enis.keys().map(|k| k.to_string()));
                candidates.extend(self.peering_names.keys().cloned());
                candidates.extend(self.tgw_names.keys().cloned());
                candidates.sort();
                self.dangling(via, "route target", candidates.iter().map(String::as_str));
                None
            }
            _ => {
                self.error(
                    "REF003",
                    via.span,
                    format!("route target `{name}` is ambiguous: several resources have this name"),
                );
                None
            }
        }
    }

    /// AWS's route-table rules (§2.4, §2.12, §9.8).
    fn check_route_rules(
        &mut self,
        vpc_id: VpcId,
        route: &schema::Route,
        destination: RouteDestination,
        target: RouteTarget,
    ) {
        let RouteDestination::Cidr(cidr) = destination else {
            return;
        };
        let span = route.to.span;
        match cidr {
            IpNet::V4(cidr) => {
                if matches!(target, RouteTarget::EgressOnlyIgw) {
                    self.error(
                        "VAL020",
                        route.via.span,
                        "an egress-only internet gateway carries IPv6 only (§9.8)",
                    );
                }
                // §2.12: nothing equal to or inside 169.254.168.0/22.
                if let Ok(forbidden) = Ipv4Net::new(Ipv4Addr::new(169, 254, 168, 0), 22)
                    && forbidden.contains(&cidr)
                {
                    self.error(
                        "VAL020",
                        span,
                        format!(
                            "AWS refuses routes to {cidr}: it is inside 169.254.168.0/22 (§2.12)"
                        ),
                    );
                }
                let vpc = &self.model.vpcs[vpc_id.index()];
                let Some(block) = vpc
                    .cidrs
                    .iter()
                    .find(|block| block.contains(&cidr))
                    .copied()
                else {
                    return;
                };
                if block == cidr && target != RouteTarget::Local {
                    // A route equal to a VPC block replaces the local target: only ENI/GWLB allowed (§2.3).
                    if !matches!(target, RouteTarget::Eni(_)) {
                        self.error("VAL020", span, format!("a route to the whole VPC block {cidr} must keep target local or point at a network interface (§2.3)"));
                    }
                    return;
                }
                if block != cidr {
                    // §2.4: more specific than local only for an exact subnet CIDR, to a NAT GW or ENI.
                    let is_subnet = vpc
                        .subnets
                        .iter()
                        .any(|s| self.model.subnets[s.index()].cidr == cidr);
                    let target_ok =
                        matches!(target, RouteTarget::NatGateway(_) | RouteTarget::Eni(_));
                    if !is_subnet || !target_ok {
                        self.error(
                            "VAL020",
                            span,
                            format!("route to {cidr} is more specific than the local route {block}; AWS allows that only for an exact subnet CIDR pointing at a NAT gateway or network interface (§2.4)"),
                        );
                    }
                }
            }
            IpNet::V6(_) => {
                if matches!(target, RouteTarget::NatGateway(_)) {
                    self.warning(
                        "VAL020",
                        span,
                        "an IPv6 route to a NAT gateway needs NAT64 (not modelled)",
                    );
                }
            }
        }
    }

    fn gateway_endpoint_routes(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, endpoint) in &vpc.endpoints {
            let Some(id) = self.names[vpc_id.index()]
                .endpoints
                .get(name.value.as_str())
                .copied()
            else {
                continue;
            };
            let Some(list) = self.model.endpoints[id.index()].prefix_list else {
                continue;
            };
            for reference in &endpoint.route_tables {
                let Some(table) =
                    self.lookup(vpc_id, reference, "route table", |n| &n.route_tables)
                else {
                    continue;
                };
                // §9.6: each selected table gets `service prefix list → vpce`.
                self.model.endpoints[id.index()].route_tables.push(table);
                self.model.route_tables[table.index()].routes.push(Route {
                    destination: RouteDestination::PrefixList(list),
                    target: RouteTarget::GatewayEndpoint(id),
                    span: reference.span,
                });
            }
        }
    }

    fn security_group_rules(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        let has_v6 = self.model.vpcs[vpc_id.index()].ipv6_cidr.is_some();
        let default = self.model.vpcs[vpc_id.index()].default_security_group;
        let declared_default = vpc
            .security_groups
            .iter()
            .find(|(name, _)| name.value == "default")
            .map(|(_, g)| g);
        // §5.7: default group: all from itself inbound, all out.
        let ingress = match declared_default.and_then(|g| g.ingress.as_ref()) {
            Some(rules) => self.sg_rules(vpc_id, rules, true),
            None => vec![implicit_rule(SgPeer::Group(default))],
        };
        let egress = match declared_default.and_then(|g| g.egress.as_ref()) {
            Some(rules) => self.sg_rules(vpc_id, rules, false),
            None => default_egress(has_v6),
        };
        self.model.security_groups[default.index()].ingress = ingress;
        self.model.security_groups[default.index()].egress = egress;
        for (name, group) in &vpc.security_groups {
            if name.value == "default" {
                continue;
            }
            let Some(id) = self.names[vpc_id.index()]
                .security_groups
                .get(name.value.as_str())
                .copied()
            else {
                continue;
            };
            let ingress = match &group.ingress {
                Some(rules) => self.sg_rules(vpc_id, rules, true),
                None => Vec::new(),
            };
            // §5.8: a new group has one outbound rule, all traffic to 0.0.0.0/0.
            let egress = match &group.egress {
                Some(rules) => self.sg_rules(vpc_id, rules, false),
                None => vec![implicit_rule(SgPeer::Cidr(IpNet::V4(Ipv4Net::default())))],
            };
            // §5.2: 60 inbound and 60 outbound rules per group by default.
            for (rules, direction) in [(&ingress, "inbound"), (&egress, "outbound")] {
                if rules.len() > 60 {
                    self.warning("VAL070", name.span, format!("security group `{}` has {} {direction} rules; the default quota is 60 (§5.2)", name.value, rules.len()));
                }
            }
            self.model.security_groups[id.index()].ingress = ingress;
            self.model.security_groups[id.index()].egress = egress;
        }
    }

    fn sg_rules(
        &mut self,
        vpc_id: VpcId,
        rules: &[Loc<schema::SgRule>],
        ingress: bool,
    ) -> Vec<ModelSgRule> {
        let mut resolved: Vec<ModelSgRule> = Vec::new();
        for rule in rules {
            let (peer_text, wrong) = if ingress {
                (&rule.from, &rule.to)
            } else {
                (&rule.to, &rule.from)
            };
            if let Some(wrong) = wrong {
                let (expected, got) = if ingress {
                    ("from", "to")
                } else {
                    ("to", "from")
                };
                self.error(
                    "VAL031",
                    wrong.span,
                    format!(
                        "{} rules name their peer with `{expected}`, not `{got}`",
                        if ingress { "ingress" } else { "egress" }
                    ),
                )
                .help = Some(format!("rename `{got}:` to `{expected}:`"));
                continue;
            }
            let Some(peer_text) = peer_text else {
                self.error(
                    "SCHEMA002",
                    rule.span,
                    format!(
                        "{} rule needs `{}`",
                        if ingress { "an ingress" } else { "an egress" },
                        if ingress { "from" } else { "to" }
                    ),
                );
                continue;
            };
            let Some(protocol) = self.parse_protocol(&rule.proto) else {
                continue;
            };
            let ports_as_written = match &rule.ports {
                Some(ports) => match self.parse_ports(ports) {
                    Some(p) => Some(p),
                    None => continue,
                },
                None => None,
            };
            let ports = if protocol.has_ports() {
                match ports_as_written {
                    Some(p) => p,
                    None => {
                        // §5.3: tcp and udp rules need a port range.
                        self.error(
                            "SCHEMA002",
                            rule.span,
                            format!("a {protocol} rule needs `ports` (a port, a range, or all)"),
                        );
                        continue;
                    }
                }
            } else {
                PortRange::ALL
            };
            let icmp = self.parse_icmp(&rule.icmp_type, &rule.icmp_code);
            let Some(peer) = self.sg_peer(vpc_id, peer_text) else {
                continue;
            };
            resolved.push(ModelSgRule {
                protocol,
                ports,
                ports_as_written,
                icmp,
                peer,
                span: rule.span,
                implicit: false,
            });
        }
        resolved
    }

    fn sg_peer(&mut self, vpc_id: VpcId, text: &Loc<String>) -> Option<SgPeer> {
        if let Some(group) = text.value.strip_prefix("sg:") {
            let (target_vpc, group_name) = match group.split_once('/') {
                Some((vpc_name, group_name)) => {
                    let reference = Loc::at(vpc_name.to_owned(), text.span);
                    (self.vpc_ref(&reference)?, group_name)
                }
                None => (vpc_id, group),
            };
            if target_vpc != vpc_id {
                // §5.5: only groups in a same-Region peered VPC can be referenced.
                let peered = self
                    .model
                    .peerings
                    .iter()
                    .any(|p| p.other_side(vpc_id) == Some(target_vpc));
                if !peered {
                    let (here, there) = (
                        self.model.vpcs[vpc_id.index()].name.clone(),
                        self.model.vpcs[target_vpc.index()].name.clone(),
                    );
                    self.error("VAL031", text.span, format!("security group `{group}` is in VPC `{there}`, which is not peered with `{here}`; AWS rejects the reference (§5.5)"));
                    return None;
                }
            }
            let reference = Loc::at(group_name.to_owned(), text.span);
            return self
                .lookup(target_vpc, &reference, "security group", |n| {
                    &n.security_groups
                })
                .map(SgPeer::Group);
        }
        if let Some(list) = text.value.strip_prefix("pl:") {
            return match self.prefix_list_names.get(list) {
                Some(id) => Some(SgPeer::PrefixList(*id)),
                None => {
                    let mut candidates: Vec<String> =
                        self.prefix_list_names.keys().cloned().collect();
                    candidates.sort();
                    self.dangling(
                        &Loc::at(list.to_owned(), text.span),
                        "prefix list",
                        candidates.iter().map(String::as_str),
                    );
                    None
                }
            };
        }
        self.parse_any_cidr(text, "rule peer").map(SgPeer::Cidr)
    }

    fn targets(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        for (name, group) in &vpc.target_groups {
            let Some(id) = self.names[vpc_id.index()]
                .target_groups
                .get(name.value.as_str())
                .copied()
            else {
                continue;
            };
            let ip_targets = self.model.target_groups[id.index()].ip_targets;
            let default_port = self.model.target_groups[id.index()].port;
            let mut targets: Vec<Target> = Vec::new();
            for target in &group.targets {
                let port = match &target.port {
                    Some(port) => match self.parse_port(port, "target port") {
                        Some(p) => p,
                        None => continue,
                    },
                    None => default_port,
                };
                let (eni, address) = match (&target.instance, &target.ip) {
                    (Some(instance), None) => {
                        if ip_targets {
                            self.error(
                                "VAL040",
                                instance.span,
                                format!(
                                    "target group `{}` has target type ip; register an `ip:`",
                                    name.value
                                ),
                            );
                            continue;
                        }
                        let Some(instance) =
                            self.lookup(vpc_id, instance, "instance", |n| &n.instances)
                        else {
                            continue;
                        };
                        // §7.6: instance targets receive traffic on the primary ENI's primary IP.
                        let eni = self.model.instances[instance.index()].primary_eni;
                        (Some(eni), Ipv4Addr::UNSPECIFIED)
                    }
                    (None, Some(ip)) => {
                        if !ip_targets {
                            self.error("VAL040", ip.span, format!("target group `{}` has target type instance; register an `instance:`", name.value));
                            continue;
                        }
                        let Some(address) = self.parse_ip(ip, "target IP") else {
                            continue;
                        };
                        // §7.6: IP targets must be private addresses.
                        if !is_private_target_range(address) {
                            self.error("VAL040", ip.span, format!("IP target {address} is publicly routable; AWS accepts only 10/8, 172.16/12, 192.168/16 and 100.64/10 targets (§7.6)"));
                            continue;
                        }
                        (None, address)
                    }
                    _ => {
                        self.error(
                            "SCHEMA002",
                            target.span,
                            "a target names exactly one of `instance` or `ip`",
                        );
                        continue;
                    }
                };
                targets.push(Target {
                    eni,
                    address,
                    port,
                    span: target.span,
                });
            }
            self.model.target_groups[id.index()].targets = targets;
        }
    }

    // ----- transit gateways ----------------------------------------------------------------

    fn transit_gateways(&mut self) {
        let document = self.document;
        for (tgw_index, (tgw_name, tgw)) in document.transit_gateways.iter().enumerate() {
            let tgw_id = TgwId::from_index(tgw_index);
            let mut attachment_names: FxHashMap<String, TgwAttachmentId> = FxHashMap::default();
            for (name, attachment) in &tgw.attachments {
                let Some(vpc) = self.vpc_ref(&attachment.vpc) else {
                    continue;
                };
                let mut subnets: Vec<SubnetId> = Vec::new();
                let mut azs: FxHashSet<String> = FxHashSet::default();
                for reference in &attachment.subnets {
                    let Some(subnet) = self.subnet_ref(vpc, reference) else {
                        continue;
                    };
                    if !azs.insert(self.model.subnets[subnet.index()].az.clone()) {
                        self.error("VAL040", reference.span, "a transit gateway attachment takes one subnet per Availability Zone (§9.5)");
                        continue;
                    }
                    subnets.push(subnet);
                }
                let id = TgwAttachmentId::from_index(self.model.tgw_attachments.len());
                self.model.tgw_attachments.push(TgwAttachment {
                    name: name.value.clone(),
                    span: name.span,
                    tgw: tgw_id,
                    vpc,
                    subnets,
                    route_table: None,
                });
                self.model.transit_gateways[tgw_index].attachments.push(id);
                attachment_names.insert(name.value.clone(), id);
            }
            let attachment_ref =
                |resolver: &mut Self, reference: &Loc<String>| -> Option<TgwAttachmentId> {
                    match attachment_names.get(reference.value.as_str()) {
                        Some(id) => Some(*id),
                        None => {
                            let mut candidates: Vec<&str> =
                                attachment_names.keys().map(String::as_str).collect();
                            candidates.sort_unstable();
                            resolver.dangling(reference, "transit gateway attachment", candidates);
                            None
                        }
                    }
                };
            match &tgw.route_tables {
                None => {
                    // §9.5: by default one table, every attachment associated and propagating.
                    let table_id = TgwRouteTableId::from_index(self.model.tgw_route_tables.len());
                    let attachments = self.model.transit_gateways[tgw_index].attachments.clone();
                    let mut routes: Vec<TgwRoute> = Vec::new();
                    for attachment in &attachments {
                        self.model.tgw_attachments[attachment.index()].route_table = Some(table_id);
                        routes.extend(self.propagated_routes(*attachment));
                    }
                    self.model.tgw_route_tables.push(TgwRouteTable {
                        name: "default".into(),
                        span: tgw_name.span,
                        tgw: tgw_id,
                        routes,
                    });
                    self.model.transit_gateways[tgw_index]
                        .route_tables
                        .push(table_id);
                }
                Some(tables) => {
                    for (name, table) in tables {
                        let table_id =
                            TgwRouteTableId::from_index(self.model.tgw_route_tables.len());
                        let mut routes: Vec<TgwRoute> = Vec::new();
                        for reference in &table.associations {
                            let Some(attachment) = attachment_ref(self, reference) else {
                                continue;
                            };
                            if self.model.tgw_attachments[attachment.index()]
                                .route_table
                                .is_some()
                            {
                                self.error("VAL040", reference.span, format!("attachment `{}` is associated with two TGW route tables; each attachment has one (§9.5)", reference.value));
                                continue;
                            }
                            self.model.tgw_attachments[attachment.index()].route_table =
                                Some(table_id);
                        }
                        for reference in &table.propagations {
                            if let Some(attachment) = attachment_ref(self, reference) {
                                let mut propagated = self.propagated_routes(attachment);
                                for route in &mut propagated {
                                    route.span = reference.span;
                                }
                                routes.extend(propagated);
                            }
                        }
                        for route in &table.routes {
                            let Some(destination) =
                                self.parse_v4_cidr(&route.to, "TGW route destination")
                            else {
                                continue;
                            };
                            let target = if route.via.value == "blackhole" {
                                TgwRouteTarget::Blackhole
                            } else {
                                match attachment_ref(self, &route.via) {
                                    Some(attachment) => TgwRouteTarget::Attachment(attachment),
                                    None => continue,
                                }
                            };
                            routes.push(TgwRoute {
                                destination,
                                target,
                                propagated: false,
                                span: route.span,
                            });
                        }
                        self.model.tgw_route_tables.push(TgwRouteTable {
                            name: name.value.clone(),
                            span: name.span,
                            tgw: tgw_id,
                            routes,
                        });
                        self.model.transit_gateways[tgw_index]
                            .route_tables
                            .push(table_id);
                    }
                }
            }
        }
    }

    fn propagated_routes(&self, attachment: TgwAttachmentId) -> Vec<TgwRoute> {
        let attachment_ref = &self.model.tgw_attachments[attachment.index()];
        self.model.vpcs[attachment_ref.vpc.index()]
            .cidrs
            .iter()
            .map(|cidr| TgwRoute {
                destination: *cidr,
                target: TgwRouteTarget::Attachment(attachment),
                propagated: true,
                span: attachment_ref.span,
            })
            .collect()
    }

    // ----- addresses -----------------------------------------------------------------------

    /// Explicit private IPs first (validated), then the rest from the usable range in
    /// declaration order (§1.10: the first four and the last address are reserved).
    fn assign_private_ips(&mut self) {
        let pending = std::mem::take(&mut self.pending_ips);
        let mut taken: FxHashSet<(SubnetId, Ipv4Addr)> = FxHashSet::default();
        let mut owner_of: FxHashMap<(SubnetId, Ipv4Addr), Span> = FxHashMap::default();
        let mut automatic: Vec<EniId> = Vec::new();
        for item in &pending {
            let subnet_id = self.model.enis[item.eni.index()].subnet;
            let Some(requested) = &item.requested else {
                automatic.push(item.eni);
                continue;
            };
            let Some(address) = self.parse_ip(requested, "private IP") else {
                automatic.push(item.eni);
                continue;
            };
            let subnet = &self.model.subnets[subnet_id.index()];
            let (cidr, subnet_name) = (subnet.cidr, subnet.name.clone());
            if !cidr.contains(&address) {
                self.error(
                    "VAL010",
                    requested.span,
                    format!("private IP {address} is outside subnet `{subnet_name}` ({cidr})"),
                );
                automatic.push(item.eni);
                continue;
            }
            if let Some(role) = reserved_role(cidr, address) {
                self.error(
                    "VAL010",
                    requested.span,
                    format!("private IP {address} is reserved by AWS in {cidr} ({role})"),
                )
                .help = Some(format!(
                    "the first usable address is {}",
                    Ipv4Addr::from(u32::from(cidr.network()) + 4)
                ));
                automatic.push(item.eni);
                continue;
            }
            if let Some(first) = owner_of.get(&(subnet_id, address)) {
                let first = *first;
                self.error(
                    "VAL010",
                    requested.span,
                    format!("private IP {address} is used twice"),
                )
                .related
                .push(crate::diagnostic::Related {
                    span: first,
                    label: "first used here".into(),
                });
                automatic.push(item.eni);
                continue;
            }
            owner_of.insert((subnet_id, address), requested.span);
            taken.insert((subnet_id, address));
            self.model.enis[item.eni.index()].private_ip = address;
        }
        let mut cursor: FxHashMap<SubnetId, u32> = FxHashMap::default();
        let mut exhausted: FxHashSet<SubnetId> = FxHashSet::default();
        for eni in automatic {
            let subnet_id = self.model.enis[eni.index()].subnet;
            let cidr = self.model.subnets[subnet_id.index()].cidr;
            let first = u32::from(cidr.network()).saturating_add(4);
            let last = u32::from(cidr.broadcast()).saturating_sub(1);
            let next = cursor.entry(subnet_id).or_insert(first);
            while *next <= last && taken.contains(&(subnet_id, Ipv4Addr::from(*next))) {
                *next += 1;
            }
            if *next > last || cidr.prefix_len() > 28 {
                if exhausted.insert(subnet_id) {
                    let subnet = &self.model.subnets[subnet_id.index()];
                    let usable = (1u64 << (32 - u32::from(cidr.prefix_len()))).saturating_sub(5);
                    let (span, name) = (subnet.cidr_span, subnet.name.clone());
                    self.error(
                        "VAL011",
                        span,
                        format!("subnet `{name}` ({cidr}) has more network interfaces than its {usable} usable addresses"),
                    )
                    .help = Some("use a larger subnet or spread resources over more subnets".into());
                }
                continue;
            }
            let address = Ipv4Addr::from(*next);
            *next += 1;
            taken.insert((subnet_id, address));
            self.model.enis[eni.index()].private_ip = address;
        }
        for (index, eni) in self.model.enis.iter().enumerate() {
            self.model
                .eni_by_private_ip
                .entry(eni.private_ip)
                .or_insert(EniId::from_index(index));
        }
        // §7.6: instance targets receive traffic on their primary ENI's private IP, known only
        // now; IP targets that belong to a modelled ENI get that ENI.
        let Model {
            target_groups,
            enis,
            eni_by_private_ip,
            ..
        } = &mut self.model;
        for group in target_groups.iter_mut() {
            let vpc = group.vpc;
            for target in &mut group.targets {
                match target.eni {
                    Some(eni) => target.address = enis[eni.index()].private_ip,
                    None => {
                        target.eni = eni_by_private_ip
                            .get(&target.address)
                            .copied()
                            .filter(|eni| enis[eni.index()].vpc == vpc);
                    }
                }
            }
        }
    }

    fn assign_public_ips(&mut self) {
        let mut pending = std::mem::take(&mut self.pending_public);
        // §10.2: an ENI with an Elastic IP gets no auto-assigned public IP.
        let with_eip: FxHashSet<EniId> = pending
            .iter()
            .filter(|(_, _, kind)| *kind == PublicIpKind::Elastic)
            .map(|(eni, _, _)| *eni)
            .collect();
        pending.retain(|(eni, _, kind)| *kind == PublicIpKind::Elastic || !with_eip.contains(eni));
        let eip_of: FxHashMap<EniId, usize> = self
            .model
            .elastic_ips
            .iter()
            .enumerate()
            .filter_map(|(index, eip)| eip.eni.map(|eni| (eni, index)))
            .collect();
        for (eni, pinned, kind) in pending {
            let (address, synthetic) = match kind {
                PublicIpKind::Elastic => {
                    let Some(index) = eip_of.get(&eni).copied() else {
                        continue;
                    };
                    if self.model.elastic_ips[index].address.is_unspecified() {
                        let address = self.next_synthetic_public();
                        self.model.elastic_ips[index].address = address;
                        (address, true)
                    } else {
                        (self.model.elastic_ips[index].address, false)
                    }
                }
                _ => match pinned {
                    Some(address) => (address, false),
                    None => (self.next_synthetic_public(), true),
                },
            };
            self.model.enis[eni.index()].public_ip = Some(PublicIp {
                address,
                kind,
                synthetic,
            });
            if let Some(previous) = self.model.eni_by_public_ip.insert(address, eni) {
                let span = self.model.enis[eni.index()].span;
                let other = self.model.enis[previous.index()].name.clone();
                self.error(
                    "VAL010",
                    span,
                    format!("public IP {address} is also used by `{other}`"),
                );
            }
        }
        // Unassociated EIPs still need an address.
        for index in 0..self.model.elastic_ips.len() {
            if self.model.elastic_ips[index].address.is_unspecified() {
                let address = self.next_synthetic_public();
                self.model.elastic_ips[index].address = address;
            }
        }
    }

    // ----- the rest --------------------------------------------------------------------------

    fn expectations(&mut self) {
        for expectation in &self.document.expect {
            self.model.expectations.push(Expectation {
                from: expectation.from.value.clone(),
                to: expectation.to.value.clone(),
                proto: expectation.proto.as_ref().map(|p| p.value.clone()),
                reachable: expectation.reachable.value,
                span: expectation.span,
            });
        }
    }

    fn cross_checks(&mut self) {
        // §1.9: subnets of a VPC must not overlap. Sort by start, sweep keeping the widest
        // open block: O(n log n), reports each overlapping pair against its cover.
        for vpc_index in 0..self.model.vpcs.len() {
            let mut subnets: Vec<SubnetId> = self.model.vpcs[vpc_index]
                .subnets
                .iter()
                .copied()
                .filter(|s| {
                    self.model.subnets[s.index()].cidr.prefix_len() < 32
                        || !self.model.subnets[s.index()]
                            .cidr
                            .network()
                            .is_unspecified()
                })
                .collect();
            subnets.sort_by_key(|s| {
                let cidr = self.model.subnets[s.index()].cidr;
                (u32::from(cidr.network()), cidr.prefix_len())
            });
            let mut open: Option<SubnetId> = None;
            for subnet in subnets {
                let cidr = self.model.subnets[subnet.index()].cidr;
                if let Some(cover) = open {
                    let cover_cidr = self.model.subnets[cover.index()].cidr;
                    if u32::from(cidr.network()) <= u32::from(cover_cidr.broadcast()) {
                        let (cover_name, cover_span) = (
                            self.model.subnets[cover.index()].name.clone(),
                            self.model.subnets[cover.index()].cidr_span,
                        );
                        let (name, span) = (
                            self.model.subnets[subnet.index()].name.clone(),
                            self.model.subnets[subnet.index()].cidr_span,
                        );
                        self.error("VAL005", span, format!("subnet `{name}` ({cidr}) overlaps subnet `{cover_name}` ({cover_cidr})"))
                            .related
                            .push(crate::diagnostic::Related { span: cover_span, label: format!("`{cover_name}` declared here") });
                        if u32::from(cidr.broadcast()) > u32::from(cover_cidr.broadcast()) {
                            open = Some(subnet);
                        }
                        continue;
                    }
                }
                open = Some(subnet);
            }
        }
    }
}

/// §1.7: which secondary blocks cannot be added next to a primary block.
fn rfc1918_mix_reason(primary: Ipv4Net, new: Ipv4Net) -> Option<String> {
    let range =
        |a: u8, b: u8, len: u8| Ipv4Net::new(Ipv4Addr::new(a, b, 0, 0), len).unwrap_or_default();
    let ten = range(10, 0, 8);
    let one72 = range(172, 16, 12);
    let one92 = range(192, 168, 16);
    let family = |net: Ipv4Net| [ten, one72, one92].into_iter().find(|f| f.contains(&net));
    match (family(primary), family(new)) {
        (Some(a), Some(b)) if a != b => Some(format!(
            "is in {b} while the primary block is in {a}; AWS does not mix RFC 1918 ranges in one VPC"
        )),
        _ => None,
    }
}

/// The role of a reserved address of a subnet, if `address` is one (§1.10).
fn reserved_role(cidr: Ipv4Net, address: Ipv4Addr) -> Option<&'static str> {
    let offset = u32::from(address).wrapping_sub(u32::from(cidr.network()));
    if address == cidr.broadcast() {
        return Some("broadcast address");
    }
    match offset {
        0 => Some("network address"),
        1 => Some("VPC router"),
        2 => Some("Amazon DNS"),
        3 => Some("reserved for future use"),
        _ => None,
    }
}

/// §7.6: IP targets must be in RFC 1918 or 100.64/10 space.
fn is_private_target_range(address: Ipv4Addr) -> bool {
    let shared = Ipv4Net::new(Ipv4Addr::new(100, 64, 0, 0), 10).unwrap_or_default();
    address.is_private() || shared.contains(&address)
}

/// §8.3: default ports by engine.
fn default_db_port(engine: &str) -> Option<u16> {
    let engine = engine.to_ascii_lowercase();
    if engine.contains("postgres") {
        Some(5432)
    } else if engine.contains("mysql") || engine.contains("mariadb") {
        Some(3306)
    } else if engine.contains("oracle") {
        Some(1521)
    } else if engine.contains("sqlserver") {
        Some(1433)
    } else {
        None
    }
}

fn implicit_rule(peer: SgPeer) -> ModelSgRule {
    ModelSgRule {
        protocol: Protocol::All,
        ports: PortRange::ALL,
        ports_as_written: None,
        icmp: IcmpMatch::default(),
        peer,
        span: Span::UNKNOWN,
        implicit: true,
    }
}

fn default_egress(has_v6: bool) -> Vec<ModelSgRule> {
    let mut rules = vec![implicit_rule(SgPeer::Cidr(IpNet::V4(Ipv4Net::default())))];
    if has_v6 {
        rules.push(implicit_rule(SgPeer::Cidr(IpNet::V6(Ipv6Net::default()))));
    }
    rules
}

/// §6.1: the unchangeable `*` deny rules (32767 IPv4, 32768 IPv6).
fn star_rules(has_v6: bool) -> Vec<NaclEntry> {
    let star = |cidr: IpNet| NaclEntry {
        number: None,
        action: NaclAction::Deny,
        protocol: Protocol::All,
        ports: PortRange::ALL,
        icmp: IcmpMatch::default(),
        cidr,
        span: Span::UNKNOWN,
    };
    let mut rules = vec![star(IpNet::V4(Ipv4Net::default()))];
    if has_v6 {
        rules.push(star(IpNet::V6(Ipv6Net::default())));
    }
    rules
}

/// §6.4: rule 100 allow all (101 for IPv6), then `*` deny.
fn default_nacl_entries(has_v6: bool) -> Vec<NaclEntry> {
    let allow = |number: u16, cidr: IpNet| NaclEntry {
        number: Some(number),
        action: NaclAction::Allow,
        protocol: Protocol::All,
        ports: PortRange::ALL,
        icmp: IcmpMatch::default(),
        cidr,
        span: Span::UNKNOWN,
    };
    let mut rules = vec![allow(100, IpNet::V4(Ipv4Net::default()))];
    if has_v6 {
        rules.push(allow(101, IpNet::V6(Ipv6Net::default())));
    }
    rules.extend(star_rules(has_v6));
    rules
}
