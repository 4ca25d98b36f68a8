//! Managed data stores in a VPC: RDS databases and ElastiCache clusters, each modelled as one
//! ENI in the first subnet of its subnet group (docs/semantics.md §8).

use rustc_hash::FxHashSet;

use super::Resolver;
use crate::filter::PortRange;
use crate::ids::*;
use crate::model::*;
use crate::schema;

impl<'d> Resolver<'d> {
    pub(super) fn databases(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
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
            let groups = self.security_groups_of(
                vpc_id,
                &database.security_groups,
                &format!("database `{}`", name.value),
                name.span,
            );
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

    pub(super) fn caches(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
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
            let groups = self.security_groups_of(
                vpc_id,
                &cache.security_groups,
                &format!("cache `{}`", name.value),
                name.span,
            );
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
