//! Size statistics of a design document, counted the way the model counts ENIs.
//!
//! Benchmarks report these next to their timings, and tests check that each tier lands near
//! its targets. ENIs: one per instance, per `network_interfaces` entry, per NAT gateway, per
//! load-balancer subnet, per database and per cache.

use vpcsim_model::schema::Document;

/// Counts of the main resource kinds in a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EstateStats {
    /// VPCs.
    pub vpcs: usize,
    /// Subnets.
    pub subnets: usize,
    /// Elastic network interfaces (see the module doc for what counts).
    pub enis: usize,
    /// Declared security groups (the implicit `default` group of each VPC is not counted).
    pub security_groups: usize,
    /// Written security-group rules, inbound plus outbound.
    pub sg_rules: usize,
    /// Declared (custom) network ACLs.
    pub nacls: usize,
    /// Declared route tables (implicit main tables are not counted).
    pub route_tables: usize,
    /// Load balancers.
    pub load_balancers: usize,
    /// RDS databases.
    pub databases: usize,
    /// ElastiCache clusters.
    pub caches: usize,
    /// EC2 instances.
    pub instances: usize,
    /// VPC peering connections.
    pub peerings: usize,
    /// Transit gateway VPC attachments.
    pub tgw_attachments: usize,
}

impl std::fmt::Display for EstateStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "vpcs={} subnets={} enis={} instances={} security_groups={} sg_rules={} nacls={} \
             route_tables={} load_balancers={} databases={} caches={} peerings={} tgw_attachments={}",
            self.vpcs,
            self.subnets,
            self.enis,
            self.instances,
            self.security_groups,
            self.sg_rules,
            self.nacls,
            self.route_tables,
            self.load_balancers,
            self.databases,
            self.caches,
            self.peerings,
            self.tgw_attachments
        )
    }
}

/// Counts `doc`.
pub fn stats(doc: &Document) -> EstateStats {
    let mut stats = EstateStats {
        vpcs: doc.vpcs.len(),
        peerings: doc.peerings.len(),
        tgw_attachments: doc
            .transit_gateways
            .values()
            .map(|tgw| tgw.attachments.len())
            .sum(),
        ..EstateStats::default()
    };
    for vpc in doc.vpcs.values() {
        stats.subnets += vpc.subnets.len();
        stats.security_groups += vpc.security_groups.len();
        stats.sg_rules += vpc
            .security_groups
            .values()
            .map(|sg| {
                sg.ingress.as_ref().map_or(0, Vec::len) + sg.egress.as_ref().map_or(0, Vec::len)
            })
            .sum::<usize>();
        stats.nacls += vpc.network_acls.len();
        stats.route_tables += vpc.route_tables.len();
        stats.load_balancers += vpc.load_balancers.len();
        stats.databases += vpc.databases.len();
        stats.caches += vpc.caches.len();
        stats.instances += vpc.instances.len();
        stats.enis += vpc.instances.len()
            + vpc.network_interfaces.len()
            + vpc.nat_gateways.len()
            + vpc
                .load_balancers
                .values()
                .map(|lb| lb.subnets.len())
                .sum::<usize>()
            + vpc.databases.len()
            + vpc.caches.len();
    }
    stats
}
