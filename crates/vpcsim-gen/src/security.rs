//! Security groups and network ACLs with realistic rule mixes.
//!
//! Each VPC gets ten security groups whose rules mix the four kinds of peers the issue asks
//! for: world-open (`0.0.0.0/0` on ALB ports, the odd SSH mistake for lint to find), public
//! CIDRs (admin `/32`s and partner blocks drawn from the RFC 5737 documentation ranges, so no
//! real network is named), private CIDRs (other VPCs' blocks: a service mesh over the transit
//! gateway and peerings) and security-group references (`sg:alb-sg` → app → db, and
//! `sg:VPC/app-sg` across a peering, docs/semantics.md §5.5). Every group stays within AWS's 60
//! inbound + 60 outbound rules (§5.2) and has no duplicate rule. NACLs stay within 20 entries
//! per direction (§6.5) and allow the ephemeral return range 1024–65535 (§6.8).

use std::collections::BTreeSet;

use indexmap::IndexMap;
use vpcsim_model::Loc;
use vpcsim_model::schema::{NaclRule, NetworkAcl, NumOrText, SecurityGroup, SgRule};

use crate::ipv4;
use crate::plan::{EstatePlan, Profile, VpcPlan};
use crate::rng::Rng;

/// AWS quota: rules per direction per security group (docs/semantics.md §5.2).
const MAX_SG_RULES: usize = 60;

/// RFC 5737 documentation networks, used as "public" admin and partner addresses.
const PUBLIC_NETS: &[u32] = &[
    (192 << 24) | (2 << 8),                // 192.0.2.0/24
    (198 << 24) | (51 << 16) | (100 << 8), // 198.51.100.0/24
    (203 << 24) | (113 << 8),              // 203.0.113.0/24
];

/// Ports a service mesh exposes between VPCs.
const MESH_PORTS: &[Port] = &[
    Port::One(443),
    Port::One(8080),
    Port::One(8443),
    Port::Range(9000, 9010),
    Port::One(50051),
    Port::One(8500),
    Port::Range(7000, 7001),
    Port::One(6443),
    Port::One(9200),
    Port::One(5672),
    Port::One(2181),
    Port::Range(30000, 32767),
];

/// Ports admins reach from their public addresses.
const ADMIN_PORTS: &[Port] = &[
    Port::One(22),
    Port::One(443),
    Port::One(3389),
    Port::One(8443),
    Port::One(3000),
];

/// Prometheus exporter ports the monitoring hosts scrape.
const EXPORTER_PORTS: &[Port] = &[
    Port::One(9100),
    Port::Range(9090, 9091),
    Port::One(9113),
    Port::One(9187),
    Port::One(9121),
    Port::One(9256),
];

/// A port or an inclusive port range.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Port {
    /// One port.
    One(u16),
    /// `lo-hi`.
    Range(u16, u16),
}

impl Port {
    fn to_value(self) -> NumOrText {
        match self {
            Port::One(port) => NumOrText::Num(i64::from(port)),
            Port::Range(lo, hi) => NumOrText::Text(format!("{lo}-{hi}")),
        }
    }
}

/// What the security-group builder needs to know about the VPC.
#[derive(Debug, Clone)]
pub(crate) struct SgInputs {
    /// The VPC's own block.
    pub(crate) vpc_cidr: String,
    /// Database ports (one per engine in use).
    pub(crate) db_ports: Vec<u16>,
    /// Whether the VPC has the second, API-facing ALB.
    pub(crate) api_alb: bool,
    /// Whether the bastion SG carries the world-open SSH mistake.
    pub(crate) open_ssh: bool,
    /// Whether the estate is dual-stack (world-open rules get a `::/0` twin).
    pub(crate) dual_stack: bool,
}

/// One direction's rule list, refusing duplicates and anything past the quota.
struct Rules {
    ingress: bool,
    rules: Vec<Loc<SgRule>>,
    seen: BTreeSet<String>,
}

impl Rules {
    fn new(ingress: bool) -> Self {
        Rules {
            ingress,
            rules: Vec::new(),
            seen: BTreeSet::new(),
        }
    }

    fn is_full(&self) -> bool {
        self.rules.len() >= MAX_SG_RULES
    }

    /// Adds a rule unless it duplicates one or the group is full; returns whether it was added.
    fn add(
        &mut self,
        proto: &str,
        port: Option<Port>,
        peer: &str,
        description: Option<&str>,
    ) -> bool {
        if self.is_full() {
            return false;
        }
        let ports = port.map(Port::to_value);
        let key = format!(
            "{proto}|{}|{peer}",
            ports.as_ref().map(ToString::to_string).unwrap_or_default()
        );
        if !self.seen.insert(key) {
            return false;
        }
        let peer = Some(Loc::new(peer.to_owned()));
        let (from, to) = if self.ingress {
            (peer, None)
        } else {
            (None, peer)
        };
        self.rules.push(Loc::new(SgRule {
            proto: Loc::new(NumOrText::Text(proto.to_owned())),
            ports: ports.map(Loc::new),
            icmp_type: None,
            icmp_code: None,
            from,
            to,
            description: description.map(str::to_owned),
        }));
        true
    }

    fn tcp(&mut self, port: Port, peer: &str) -> bool {
        self.add("tcp", Some(port), peer, None)
    }

    /// Adds up to `count` rules drawn by `draw`, giving up after a bounded number of attempts
    /// (small estates have few distinct peers to draw from).
    fn fill(
        &mut self,
        count: u64,
        rng: &mut Rng,
        mut draw: impl FnMut(&mut Rng) -> (Port, String),
    ) {
        let mut added = 0;
        let mut attempts = 0;
        while added < count && attempts < count * 4 && !self.is_full() {
            attempts += 1;
            let (port, peer) = draw(rng);
            if self.tcp(port, &peer) {
                added += 1;
            }
        }
    }

    fn finish(self) -> Option<Vec<Loc<SgRule>>> {
        Some(self.rules)
    }
}

fn group(description: &str, ingress: Rules, egress: Rules) -> SecurityGroup {
    SecurityGroup {
        description: Some(description.to_owned()),
        ingress: ingress.finish(),
        egress: egress.finish(),
        default_rules: None,
    }
}

/// A random admin address, `/32`, in a documentation network.
fn admin_ip(rng: &mut Rng) -> String {
    let net = rng.pick(PUBLIC_NETS).copied().unwrap_or(PUBLIC_NETS[0]);
    ipv4::cidr(net + rng.below(256) as u32, 32)
}

/// A random partner block (/24 to /32) in a documentation network.
fn partner_cidr(rng: &mut Rng) -> String {
    let net = rng.pick(PUBLIC_NETS).copied().unwrap_or(PUBLIC_NETS[0]);
    let len = rng.pick(&[24u8, 26, 27, 28, 29, 32]).copied().unwrap_or(32);
    let host_mask = (1u32 << (32 - len)) - 1;
    let offset = (rng.below(256) as u32) & !host_mask & 0xff;
    ipv4::cidr(net + offset, len)
}

/// Another VPC's block (or one of its app subnets), for mesh rules.
fn other_vpc_cidr(rng: &mut Rng, estate: &EstatePlan, me: &VpcPlan) -> String {
    let n = estate.vpcs.len() as u64;
    let mut index = rng.below(n) as u32;
    if index == me.index && n > 1 {
        index = (index + 1) % n as u32;
    }
    let base = ipv4::vpc_base(index);
    if rng.chance(30) {
        ipv4::cidr(base + 256 * rng.between(4, 5) as u32, ipv4::SUBNET_PREFIX)
    } else {
        ipv4::cidr(base, ipv4::VPC_PREFIX)
    }
}

/// The VPC's security groups, in a fixed order.
pub(crate) fn security_groups(
    rng: &mut Rng,
    estate: &EstatePlan,
    vpc: &VpcPlan,
    inputs: &SgInputs,
) -> IndexMap<Loc<String>, SecurityGroup> {
    let mut groups = IndexMap::new();
    let world = "0.0.0.0/0";
    let vpc_cidr = inputs.vpc_cidr.as_str();
    let has_worker = vpc.profile == Profile::TwoAz;

    // ALB: world-open HTTP(S) in, app ports out (docs/semantics.md §7.9).
    let mut ingress = Rules::new(true);
    let mut egress = Rules::new(false);
    ingress.tcp(Port::One(80), world);
    ingress.tcp(Port::One(443), world);
    if inputs.dual_stack {
        ingress.tcp(Port::One(80), "::/0");
        ingress.tcp(Port::One(443), "::/0");
    }
    if inputs.api_alb && rng.chance(50) {
        ingress.tcp(Port::One(8443), world);
    }
    egress.tcp(Port::One(8080), "sg:app-sg");
    if inputs.api_alb {
        egress.tcp(Port::One(8081), "sg:app-sg");
    }
    groups.insert(
        "alb-sg".into(),
        group("internet-facing load balancers", ingress, egress),
    );

    // App: from the ALB, bastion, monitoring, peers and the mesh.
    let mut ingress = Rules::new(true);
    let mut egress = Rules::new(false);
    ingress.add(
        "tcp",
        Some(Port::One(8080)),
        "sg:alb-sg",
        Some("web traffic from the ALB"),
    );
    if inputs.api_alb {
        ingress.tcp(Port::One(8081), "sg:alb-sg");
    }
    ingress.tcp(Port::One(22), "sg:bastion-sg");
    ingress.tcp(Port::One(9100), "sg:monitoring-sg");
    ingress.add("icmp", None, vpc_cidr, Some("ping inside the VPC"));
    for link in &vpc.peers {
        if let Some(peer) = estate.vpcs.get(link.peer) {
            ingress.tcp(Port::One(8080), &format!("sg:{}/app-sg", peer.name));
            ingress.tcp(
                Port::One(443),
                &ipv4::cidr(ipv4::vpc_base(peer.index), ipv4::VPC_PREFIX),
            );
        }
    }
    let mesh_in = rng.between(35, 55);
    ingress.fill(mesh_in, rng, |rng| {
        let port = rng.pick(MESH_PORTS).copied().unwrap_or(Port::One(443));
        (port, other_vpc_cidr(rng, estate, vpc))
    });
    egress.tcp(Port::One(443), world);
    egress.tcp(Port::One(80), world);
    for &port in &inputs.db_ports {
        egress.tcp(Port::One(port), "sg:db-sg");
    }
    egress.tcp(Port::One(6379), "sg:cache-sg");
    egress.add("udp", Some(Port::One(53)), vpc_cidr, Some("DNS"));
    let mesh_out = rng.between(10, 22);
    egress.fill(mesh_out, rng, |rng| {
        let port = rng.pick(MESH_PORTS).copied().unwrap_or(Port::One(443));
        (port, other_vpc_cidr(rng, estate, vpc))
    });
    groups.insert(
        "app-sg".into(),
        group("application servers", ingress, egress),
    );

    if has_worker {
        let mut ingress = Rules::new(true);
        let mut egress = Rules::new(false);
        ingress.tcp(Port::One(22), "sg:bastion-sg");
        ingress.tcp(Port::One(9100), "sg:monitoring-sg");
        ingress.tcp(Port::Range(7000, 7001), "sg:app-sg");
        egress.tcp(Port::One(443), world);
        for &port in &inputs.db_ports {
            egress.tcp(Port::One(port), "sg:db-sg");
        }
        egress.tcp(Port::One(6379), "sg:cache-sg");
        let mesh_out = rng.between(6, 14);
        egress.fill(mesh_out, rng, |rng| {
            let port = rng.pick(MESH_PORTS).copied().unwrap_or(Port::One(443));
            (port, other_vpc_cidr(rng, estate, vpc))
        });
        groups.insert(
            "worker-sg".into(),
            group("background workers", ingress, egress),
        );
    }

    // Databases: from app (and worker, mgmt), from peers, and from reporting VPCs.
    let mut ingress = Rules::new(true);
    let mut egress = Rules::new(false);
    for &port in &inputs.db_ports {
        ingress.tcp(Port::One(port), "sg:app-sg");
        if has_worker {
            ingress.tcp(Port::One(port), "sg:worker-sg");
        }
        ingress.tcp(Port::One(port), "sg:mgmt-sg");
        for link in &vpc.peers {
            if let Some(peer) = estate.vpcs.get(link.peer) {
                ingress.tcp(
                    Port::One(port),
                    &ipv4::cidr(ipv4::vpc_base(peer.index), ipv4::VPC_PREFIX),
                );
            }
        }
    }
    let reporting = rng.between(4, 10);
    let db_port = inputs.db_ports.first().copied().unwrap_or(3306);
    ingress.fill(reporting, rng, |rng| {
        (Port::One(db_port), other_vpc_cidr(rng, estate, vpc))
    });
    egress.add("all", None, vpc_cidr, Some("replication inside the VPC"));
    groups.insert("db-sg".into(), group("RDS databases", ingress, egress));

    // Cache: only from app tiers; no egress at all.
    let mut ingress = Rules::new(true);
    ingress.tcp(Port::One(6379), "sg:app-sg");
    if has_worker {
        ingress.tcp(Port::One(6379), "sg:worker-sg");
    }
    groups.insert(
        "cache-sg".into(),
        group("ElastiCache", ingress, Rules::new(false)),
    );

    // Bastion: SSH from admin /32s, and now and then from the whole internet (a lint finding).
    let mut ingress = Rules::new(true);
    let mut egress = Rules::new(false);
    if inputs.open_ssh {
        ingress.add(
            "tcp",
            Some(Port::One(22)),
            world,
            Some("temporary: open SSH"),
        );
    }
    let admins = rng.between(4, 12);
    ingress.fill(admins, rng, |rng| (Port::One(22), admin_ip(rng)));
    egress.tcp(Port::One(22), vpc_cidr);
    egress.tcp(Port::One(3389), vpc_cidr);
    egress.tcp(Port::One(443), world);
    groups.insert("bastion-sg".into(), group("SSH bastion", ingress, egress));

    // Management hosts.
    let mut ingress = Rules::new(true);
    let mut egress = Rules::new(false);
    ingress.tcp(Port::One(22), "sg:bastion-sg");
    ingress.tcp(Port::One(3389), "sg:bastion-sg");
    ingress.tcp(Port::Range(5985, 5986), "10.0.0.0/8");
    ingress.add("icmp", None, "10.0.0.0/8", None);
    egress.add("all", None, world, None);
    groups.insert("mgmt-sg".into(), group("management hosts", ingress, egress));

    // Monitoring: dashboards from admins, scraping out to every VPC.
    let mut ingress = Rules::new(true);
    let mut egress = Rules::new(false);
    ingress.tcp(Port::Range(9090, 9091), "10.0.0.0/8");
    let viewers = rng.between(8, 16);
    ingress.fill(viewers, rng, |rng| (Port::One(3000), admin_ip(rng)));
    for &port in EXPORTER_PORTS {
        egress.tcp(port, "10.0.0.0/8");
        egress.tcp(port, vpc_cidr);
    }
    egress.tcp(Port::One(443), world);
    groups.insert(
        "monitoring-sg".into(),
        group("Prometheus and Grafana", ingress, egress),
    );

    // Interface endpoints: HTTPS from the VPC; no egress.
    let mut ingress = Rules::new(true);
    ingress.tcp(Port::One(443), vpc_cidr);
    groups.insert(
        "endpoints-sg".into(),
        group("interface endpoints", ingress, Rules::new(false)),
    );

    // Admin access from office and VPN addresses.
    let mut ingress = Rules::new(true);
    let mut egress = Rules::new(false);
    let admin_rules = rng.between(25, 55);
    ingress.fill(admin_rules, rng, |rng| {
        let port = rng.pick(ADMIN_PORTS).copied().unwrap_or(Port::One(22));
        (port, admin_ip(rng))
    });
    egress.add("all", None, world, None);
    groups.insert(
        "admin-sg".into(),
        group("admin access from offices", ingress, egress),
    );

    if !has_worker {
        // Partner integrations: HTTPS from partner blocks.
        let mut ingress = Rules::new(true);
        let mut egress = Rules::new(false);
        let partners = rng.between(25, 55);
        ingress.fill(partners, rng, |rng| {
            let port = if rng.chance(80) {
                Port::One(443)
            } else {
                Port::One(8443)
            };
            (port, partner_cidr(rng))
        });
        let callbacks = rng.between(5, 15);
        egress.fill(callbacks, rng, |rng| (Port::One(443), partner_cidr(rng)));
        groups.insert(
            "partner-sg".into(),
            group("partner integrations", ingress, egress),
        );
    }
    groups
}

fn nacl_rule(
    rule: i64,
    action: &str,
    proto: &str,
    port: Option<Port>,
    cidr: &str,
) -> Loc<NaclRule> {
    Loc::new(NaclRule {
        rule: Loc::new(rule),
        action: action.into(),
        proto: Loc::new(NumOrText::Text(proto.to_owned())),
        ports: port.map(|port| Loc::new(port.to_value())),
        icmp_type: None,
        icmp_code: None,
        cidr: cidr.into(),
    })
}

/// Custom NACLs for the public and data tiers (most VPCs keep the default NACL instead).
pub(crate) fn network_acls(
    rng: &mut Rng,
    vpc_cidr: &str,
    public_subnets: &[String],
    data_subnets: &[String],
    db_ports: &[u16],
) -> IndexMap<Loc<String>, NetworkAcl> {
    let world = "0.0.0.0/0";
    let mut acls = IndexMap::new();

    let mut ingress = vec![
        nacl_rule(90, "deny", "tcp", Some(Port::One(3389)), world),
        nacl_rule(100, "allow", "tcp", Some(Port::One(80)), world),
        nacl_rule(110, "allow", "tcp", Some(Port::One(443)), world),
    ];
    let mut number = 120;
    for _ in 0..rng.between(1, 4) {
        ingress.push(nacl_rule(
            number,
            "allow",
            "tcp",
            Some(Port::One(22)),
            &admin_ip(rng),
        ));
        number += 10;
    }
    ingress.push(nacl_rule(number, "allow", "all", None, vpc_cidr));
    // Replies to outbound connections (NAT gateway, ALB to targets) come back on ephemeral ports.
    ingress.push(nacl_rule(
        number + 10,
        "allow",
        "tcp",
        Some(Port::Range(1024, 65535)),
        world,
    ));
    let egress = vec![nacl_rule(100, "allow", "all", None, world)];
    acls.insert(
        "public-acl".into(),
        NetworkAcl {
            subnets: public_subnets
                .iter()
                .map(|name| Loc::new(name.clone()))
                .collect(),
            ingress,
            egress,
        },
    );

    let mut ingress = Vec::new();
    let mut number = 100;
    for &port in db_ports {
        ingress.push(nacl_rule(
            number,
            "allow",
            "tcp",
            Some(Port::One(port)),
            vpc_cidr,
        ));
        ingress.push(nacl_rule(
            number + 1,
            "allow",
            "tcp",
            Some(Port::One(port)),
            "10.0.0.0/8",
        ));
        number += 10;
    }
    ingress.push(nacl_rule(
        number,
        "allow",
        "tcp",
        Some(Port::One(6379)),
        vpc_cidr,
    ));
    ingress.push(nacl_rule(
        number + 10,
        "allow",
        "tcp",
        Some(Port::Range(1024, 65535)),
        vpc_cidr,
    ));
    let egress = vec![
        nacl_rule(
            100,
            "allow",
            "tcp",
            Some(Port::Range(1024, 65535)),
            "10.0.0.0/8",
        ),
        nacl_rule(110, "allow", "all", None, vpc_cidr),
    ];
    acls.insert(
        "data-acl".into(),
        NetworkAcl {
            subnets: data_subnets
                .iter()
                .map(|name| Loc::new(name.clone()))
                .collect(),
            ingress,
            egress,
        },
    );
    acls
}
