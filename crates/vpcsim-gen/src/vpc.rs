//! Builds one VPC from its plan: subnets per AZ and tier, gateways, route tables, instances,
//! load balancers, databases and caches.
//!
//! Layout (docs/semantics.md §1.9, §1.10): the VPC is a /20 of 10.0.0.0/8 and every subnet a /24 at a
//! fixed slot (public 0–2, app 4–5/6, worker 6–7, data 8–10, management 12–13), so subnets never
//! overlap and each has 251 usable addresses, far more than the ≈30 ENIs placed in it. Instances
//! with an explicit `private_ip` take addresses from .128 upward; the rest are left for the
//! model to assign from the bottom of the range, so the two never collide.

use indexmap::IndexMap;
use vpcsim_model::Loc;
use vpcsim_model::schema::{
    Cache, Database, FlagOrText, HealthCheck, Instance, Listener, LoadBalancer, NamedMap,
    NatGateway, NetworkInterface, NumOrText, OneOrMany, Route, RouteTable, Subnet, Target,
    TargetGroup, Vpc,
};

use crate::config::GenConfig;
use crate::ipv4;
use crate::plan::{EstatePlan, Profile, VpcPlan};
use crate::rng::Rng;
use crate::security::{self, SgInputs};

/// The AWS Region every estate lives in.
pub(crate) const REGION: &str = "ap-northeast-2";
/// Name of the shared transit gateway.
pub(crate) const TGW_NAME: &str = "tgw-core";
/// First host offset used for explicit private IPs in a /24.
const EXPLICIT_IP_START: u32 = 128;
/// Last host offset an explicit private IP may take (.254 is the last usable, §1.10).
const EXPLICIT_IP_END: u32 = 250;

const INSTANCE_TYPES: &[&str] = &[
    "t3.medium",
    "m6i.large",
    "c6i.xlarge",
    "r6i.large",
    "m7g.large",
];

/// One subnet as the builder tracks it.
struct SubnetSlot {
    base: u32,
    next_explicit: u32,
}

impl SubnetSlot {
    /// The next explicit address, or `None` when the explicit range is used up.
    fn take_explicit(&mut self) -> Option<String> {
        if self.next_explicit > EXPLICIT_IP_END {
            return None;
        }
        let address = self.base + self.next_explicit;
        self.next_explicit += 1;
        Some(ipv4::addr(address))
    }
}

/// A `security_groups:` list; never `[]`, which a design may not write (`VAL071`).
fn names(list: &[&str]) -> Option<Loc<Vec<Loc<String>>>> {
    (!list.is_empty()).then(|| {
        Loc::new(
            list.iter()
                .map(|name| Loc::new((*name).to_owned()))
                .collect(),
        )
    })
}

fn route(to: &str, via: &str) -> Loc<Route> {
    Loc::new(Route {
        to: to.into(),
        via: via.into(),
    })
}

/// The internet gateway's name for a VPC (globally unique, so routes can never be ambiguous).
/// The egress-only internet gateway of a dual-stack VPC.
const EIGW: &str = "eigw";

/// A subnet's /64 in its VPC's /56 (`2600:1f18:<vpc>:<slot>::/64`, Amazon-style, §16.1).
fn ipv6_subnet(vpc_index: u32, slot: u32) -> String {
    format!("2600:1f18:{vpc_index:x}:{:x}::/64", slot & 0xff)
}

pub(crate) fn igw_name(vpc: &VpcPlan) -> String {
    format!("{}-igw", vpc.name)
}

/// The transit gateway attachment's name for a VPC.
pub(crate) fn attachment_name(vpc: &VpcPlan) -> String {
    format!("{}-att", vpc.name)
}

/// What the estate builder needs back from a VPC besides the VPC itself.
pub(crate) struct BuiltVpc {
    /// The VPC.
    pub(crate) vpc: Vpc,
    /// Subnets for the TGW attachment (one per AZ), when attached.
    pub(crate) attachment_subnets: Vec<String>,
}

/// Builds VPC `plan` of `estate`.
pub(crate) fn build_vpc(
    config: &GenConfig,
    seed: u64,
    estate: &EstatePlan,
    plan: &VpcPlan,
) -> BuiltVpc {
    let mut rng = Rng::derive(seed, u64::from(plan.index));
    let base = ipv4::vpc_base(plan.index);
    let vpc_cidr = ipv4::cidr(base, ipv4::VPC_PREFIX);
    let letters = plan.profile.az_letters();
    let n_az = letters.len() as u32;
    let az = |letter: &str| format!("{REGION}{letter}");

    let nat_per_az = rng.chance(50);
    let api_alb = rng.chance(35);
    let custom_nacls = rng.chance(30);
    let open_ssh = rng.chance(5);
    let cache = rng.chance(40);
    let reporting_db = rng.chance(25);
    let main_engine = *rng
        .pick(&["mysql", "postgres", "aurora-mysql", "mariadb", "postgres"])
        .unwrap_or(&"mysql");
    let mut db_ports = vec![if main_engine == "postgres" {
        5432
    } else {
        3306
    }];
    if reporting_db && !db_ports.contains(&5432) {
        db_ports.push(5432);
    }

    // Subnets: (tier, slot of the first AZ) per profile.
    let tiers: &[(&str, u32)] = match plan.profile {
        Profile::ThreeAz => &[("public", 0), ("app", 4), ("data", 8)],
        Profile::TwoAz => &[("public", 0), ("app", 4), ("worker", 6), ("data", 8)],
    };
    let mgmt_letters: &[&str] = match plan.profile {
        Profile::ThreeAz => &["a"],
        Profile::TwoAz => &["a", "c"],
    };
    let private_table = |letter: &str| {
        if nat_per_az {
            format!("private-{letter}-rt")
        } else {
            "private-rt".to_owned()
        }
    };
    let mgmt_on_main = rng.chance(20);

    let mut subnets: NamedMap<Subnet> = IndexMap::new();
    let mut slots: IndexMap<String, SubnetSlot> = IndexMap::new();
    let mut add_subnet =
        |name: String, slot: u32, letter: &str, table: Option<String>, public: bool| {
            let subnet_base = base + slot * 256;
            subnets.insert(
                Loc::new(name.clone()),
                Subnet {
                    cidr: Loc::new(ipv4::cidr(subnet_base, ipv4::SUBNET_PREFIX)),
                    az: Loc::new(az(letter)),
                    az_id: None,
                    ipv6_cidr: config
                        .dual_stack
                        .then(|| Loc::new(ipv6_subnet(plan.index, slot))),
                    assign_ipv6_address_on_creation: config.dual_stack.then(|| Loc::new(true)),
                    public_ip_on_launch: public.then(|| Loc::new(true)),
                    route_table: table.map(Loc::new),
                    tags: Default::default(),
                },
            );
            slots.insert(
                name,
                SubnetSlot {
                    base: subnet_base,
                    next_explicit: EXPLICIT_IP_START,
                },
            );
        };
    for &(tier, first_slot) in tiers {
        for (offset, letter) in (0u32..).zip(letters) {
            let table = match tier {
                "public" => "public-rt".to_owned(),
                "data" => "data-rt".to_owned(),
                _ => private_table(letter),
            };
            add_subnet(
                format!("{tier}-{letter}"),
                first_slot + offset,
                letter,
                Some(table),
                tier == "public",
            );
        }
    }
    for (offset, letter) in (0u32..).zip(mgmt_letters) {
        let table = (!mgmt_on_main).then(|| private_table(letter));
        add_subnet(format!("mgmt-{letter}"), 12 + offset, letter, table, false);
    }
    let subnet_names = |tier: &str| -> Vec<String> {
        letters
            .iter()
            .map(|letter| format!("{tier}-{letter}"))
            .collect()
    };
    let public_subnets = subnet_names("public");
    let app_subnets = subnet_names("app");
    let data_subnets = subnet_names("data");
    let worker_subnets = if plan.profile == Profile::TwoAz {
        subnet_names("worker")
    } else {
        Vec::new()
    };

    // NAT gateways in the public subnets (docs/semantics.md §4.1).
    let mut nat_gateways: NamedMap<NatGateway> = IndexMap::new();
    let nat_letters: &[&str] = if nat_per_az { letters } else { &letters[..1] };
    for letter in nat_letters {
        nat_gateways.insert(
            Loc::new(format!("nat-{letter}")),
            NatGateway {
                subnet: Loc::new(format!("public-{letter}")),
                ..NatGateway::default()
            },
        );
    }

    // Route tables: public → IGW; private → NAT (+ TGW + peers); data → TGW + peers only.
    let igw = igw_name(plan);
    let mut inter_vpc_routes = Vec::new();
    if plan.tgw {
        inter_vpc_routes.push(route("10.0.0.0/8", TGW_NAME));
    }
    for link in &plan.peers {
        if let Some(peer) = estate.vpcs.get(link.peer) {
            let peer_cidr = ipv4::cidr(ipv4::vpc_base(peer.index), ipv4::VPC_PREFIX);
            inter_vpc_routes.push(route(&peer_cidr, &link.peering));
        }
    }
    let mut route_tables: NamedMap<RouteTable> = IndexMap::new();
    route_tables.insert(
        "public-rt".into(),
        RouteTable {
            main: None,
            routes: if config.dual_stack {
                vec![route("0.0.0.0/0", &igw), route("::/0", &igw)]
            } else {
                vec![route("0.0.0.0/0", &igw)]
            },
        },
    );
    for letter in nat_letters {
        let mut routes = vec![route("0.0.0.0/0", &format!("nat-{letter}"))];
        if config.dual_stack {
            routes.push(route("::/0", EIGW));
        }
        routes.extend(inter_vpc_routes.iter().cloned());
        route_tables.insert(
            Loc::new(private_table(letter)),
            RouteTable { main: None, routes },
        );
    }
    route_tables.insert(
        "data-rt".into(),
        RouteTable {
            main: None,
            routes: inter_vpc_routes.clone(),
        },
    );

    let security_groups = security::security_groups(
        &mut rng,
        estate,
        plan,
        &SgInputs {
            vpc_cidr: vpc_cidr.clone(),
            db_ports: db_ports.clone(),
            api_alb,
            open_ssh,
            dual_stack: config.dual_stack,
        },
    );
    let network_acls = if custom_nacls {
        security::network_acls(
            &mut rng,
            &vpc_cidr,
            &public_subnets,
            &data_subnets,
            &db_ports,
        )
    } else {
        IndexMap::new()
    };

    // ENI budget: fixed infrastructure first, instances fill the rest (±10%).
    let extra_enis = rng.between(1, 3) as u32;
    let mgmt_hosts = 2u32;
    let fixed = nat_letters.len() as u32
        + n_az * (1 + u32::from(api_alb))
        + 1
        + u32::from(reporting_db)
        + u32::from(cache)
        + extra_enis
        + 1
        + mgmt_hosts;
    let wanted = config.enis_per_vpc.saturating_sub(fixed).max(4);
    let jitter = (wanted / 10).max(1);
    let workload = (wanted - jitter) + rng.below(u64::from(2 * jitter + 1)) as u32;

    let mut instances: NamedMap<Instance> = IndexMap::new();
    let mut place = |instances: &mut NamedMap<Instance>,
                     rng: &mut Rng,
                     name: String,
                     subnet: &str,
                     sgs: &[&str],
                     explicit_percent: u64| {
        let private_ip = if rng.chance(explicit_percent) {
            slots
                .get_mut(subnet)
                .and_then(SubnetSlot::take_explicit)
                .map(Loc::new)
        } else {
            None
        };
        let os = rng.chance(5).then(|| Loc::new("windows".to_owned()));
        instances.insert(
            Loc::new(name),
            Instance {
                subnet: Loc::new(subnet.to_owned()),
                security_groups: names(sgs),
                private_ip,
                os,
                instance_type: rng.pick(INSTANCE_TYPES).map(|t| (*t).to_owned()),
                ..Instance::default()
            },
        );
    };

    instances.insert(
        "bastion-1".into(),
        Instance {
            subnet: Loc::new("public-a".to_owned()),
            security_groups: names(&["bastion-sg", "admin-sg"]),
            elastic_ip: Some(Loc::new(FlagOrText::Flag(true))),
            instance_type: Some("t3.micro".to_owned()),
            ..Instance::default()
        },
    );
    for (index, letter) in (1..=mgmt_hosts).zip(mgmt_letters.iter().cycle()) {
        place(
            &mut instances,
            &mut rng,
            format!("mgmt-{index}"),
            &format!("mgmt-{letter}"),
            &["mgmt-sg", "monitoring-sg", "admin-sg"],
            100,
        );
    }
    let n_workers = if worker_subnets.is_empty() {
        0
    } else {
        workload * 2 / 5
    };
    let n_apps = workload - n_workers;
    let mut app_names = Vec::with_capacity(n_apps as usize);
    for index in 0..n_apps {
        let name = format!("app-{:03}", index + 1);
        let subnet = &app_subnets[index as usize % app_subnets.len()];
        let sgs: &[&str] = if index % 7 == 3 {
            &["app-sg", "mgmt-sg"]
        } else {
            &["app-sg"]
        };
        place(&mut instances, &mut rng, name.clone(), subnet, sgs, 50);
        app_names.push(name);
    }
    for index in 0..n_workers {
        let subnet = &worker_subnets[index as usize % worker_subnets.len()];
        place(
            &mut instances,
            &mut rng,
            format!("worker-{:03}", index + 1),
            subnet,
            &["worker-sg"],
            50,
        );
    }

    // Secondary ENIs on some app instances (same subnet as the primary).
    let mut network_interfaces: NamedMap<NetworkInterface> = IndexMap::new();
    let extra_sg = if plan.profile == Profile::ThreeAz {
        "partner-sg"
    } else {
        "app-sg"
    };
    for (instance, index) in app_names.iter().zip(0..extra_enis) {
        let subnet = app_subnets[index as usize % app_subnets.len()].clone();
        network_interfaces.insert(
            Loc::new(format!("{instance}-eth1")),
            NetworkInterface {
                subnet: Loc::new(subnet),
                instance: Some(Loc::new(instance.clone())),
                security_groups: names(&[extra_sg]),
                ..NetworkInterface::default()
            },
        );
    }

    // Internet-facing ALBs in every public subnet (≥ 2 AZs, §7.2) with instance target groups.
    let mut load_balancers: NamedMap<LoadBalancer> = IndexMap::new();
    let mut target_groups: NamedMap<TargetGroup> = IndexMap::new();
    let public_locs: Vec<Loc<String>> =
        public_subnets.iter().map(|s| Loc::new(s.clone())).collect();
    let listener = |port: i64, protocol: &str, forward: &str| {
        Loc::new(Listener {
            port: Loc::new(port),
            protocol: protocol.into(),
            forward: forward.into(),
        })
    };
    load_balancers.insert(
        "web-alb".into(),
        LoadBalancer {
            kind: "application".into(),
            scheme: "internet-facing".into(),
            subnets: public_locs.clone(),
            security_groups: names(&["alb-sg"]),
            listeners: vec![
                listener(80, "http", "web-tg"),
                listener(443, "https", "web-tg"),
            ],
            cross_zone: None,
            ip_address_type: config.dual_stack.then(|| Loc::new("dualstack".to_owned())),
            private_ips: Default::default(),
            ipv6_ips: Default::default(),
            tags: Default::default(),
        },
    );
    let web_targets = app_names.len().min(12);
    target_groups.insert(
        "web-tg".into(),
        TargetGroup {
            protocol: "http".into(),
            port: Loc::new(8080),
            health_check: Some(Loc::new(HealthCheck {
                path: Some("/healthz".to_owned()),
                port: Some(Loc::new(NumOrText::Text("traffic-port".to_owned()))),
                protocol: None,
            })),
            targets: app_names[..web_targets]
                .iter()
                .map(|name| {
                    Loc::new(Target {
                        instance: Some(Loc::new(name.clone())),
                        ..Target::default()
                    })
                })
                .collect(),
            ..TargetGroup::default()
        },
    );
    if api_alb {
        load_balancers.insert(
            "api-alb".into(),
            LoadBalancer {
                kind: "application".into(),
                scheme: "internet-facing".into(),
                subnets: public_locs,
                security_groups: names(&["alb-sg"]),
                listeners: vec![listener(443, "https", "api-tg")],
                cross_zone: None,
                ip_address_type: None,
                private_ips: Default::default(),
                ipv6_ips: Default::default(),
                tags: Default::default(),
            },
        );
        let api_targets = app_names.iter().rev().take(8);
        target_groups.insert(
            "api-tg".into(),
            TargetGroup {
                protocol: "http".into(),
                port: Loc::new(8081),
                health_check: Some(Loc::new(HealthCheck {
                    path: Some("/ping".to_owned()),
                    ..HealthCheck::default()
                })),
                targets: api_targets
                    .map(|name| {
                        Loc::new(Target {
                            instance: Some(Loc::new(name.clone())),
                            ..Target::default()
                        })
                    })
                    .collect(),
                ..TargetGroup::default()
            },
        );
    }

    // RDS in the data subnets (a DB subnet group spans ≥ 2 AZs, §8.1).
    let data_locs: Vec<Loc<String>> = data_subnets.iter().map(|s| Loc::new(s.clone())).collect();
    let mut databases: NamedMap<Database> = IndexMap::new();
    databases.insert(
        "main-db".into(),
        Database {
            engine: Loc::new(main_engine.to_owned()),
            subnets: data_locs.clone(),
            security_groups: names(&["db-sg"]),
            publicly_accessible: Some(Loc::new(false)),
            ..Database::default()
        },
    );
    if reporting_db {
        let mut rotated = data_locs.clone();
        rotated.rotate_left(1);
        databases.insert(
            "reporting-db".into(),
            Database {
                engine: "postgres".into(),
                port: Some(Loc::new(5432)),
                subnets: rotated,
                security_groups: names(&["db-sg"]),
                ..Database::default()
            },
        );
    }
    let mut caches: NamedMap<Cache> = IndexMap::new();
    if cache {
        caches.insert(
            "sessions-cache".into(),
            Cache {
                engine: "redis".into(),
                subnets: data_locs[..2.min(data_locs.len())].to_vec(),
                security_groups: names(&["cache-sg"]),
                ..Cache::default()
            },
        );
    }

    let attachment_subnets = if plan.tgw {
        app_subnets.clone()
    } else {
        Vec::new()
    };
    BuiltVpc {
        vpc: Vpc {
            cidr: Loc::new(OneOrMany::One(vpc_cidr)),
            ipv6_cidr: config
                .dual_stack
                .then(|| Loc::new(format!("2600:1f18:{:x}::/56", plan.index))),
            egress_only_internet_gateway: config.dual_stack.then(|| Loc::new(EIGW.to_owned())),
            internet_gateway: Some(Loc::new(igw)),
            enable_dns_support: Some(true),
            enable_dns_hostnames: Some(true),
            subnets,
            route_tables,
            nat_gateways,
            security_groups,
            network_acls,
            instances,
            network_interfaces,
            load_balancers,
            target_groups,
            databases,
            caches,
            ..Vpc::default()
        },
        attachment_subnets,
    }
}
