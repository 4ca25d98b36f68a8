//! Packet filters: network ACLs and security groups, with AWS's default NACL and default
//! security group materialised (docs/semantics.md §5, §6).
//!
//! Groups are created as shells first so that resources can join them; rules are resolved after
//! every group exists because a rule may name any group of the VPC (or of a peered VPC).

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use rustc_hash::FxHashMap;

use super::Resolver;
use crate::filter::{
    IcmpMatch, NaclAction, NaclEntry, PortRange, Protocol, SgPeer, SgRule as ModelSgRule,
};
use crate::ids::*;
use crate::model::*;
use crate::schema;
use crate::span::{Loc, Span};

impl<'d> Resolver<'d> {
    pub(super) fn network_acls(
        &mut self,
        vpc_id: VpcId,
        vpc_name: &Loc<String>,
        vpc: &'d schema::Vpc,
    ) {
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

    pub(super) fn nacl_entries(
        &mut self,
        rules: &[Loc<schema::NaclRule>],
        has_v6: bool,
    ) -> Vec<NaclEntry> {
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

    pub(super) fn security_group_shells(
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

    /// The security groups of one network interface of `owner` (e.g. "instance `web`").
    ///
    /// §5.7, §15.8: an interface always has at least one group. When the design omits the key,
    /// AWS assigns the VPC's default group, and so does this. An explicit `[]` is an error
    /// (`VAL071`), as are names that resolve to nothing (`REF001`); either way the interface
    /// falls back to the default group rather than being left without any filter.
    pub(super) fn security_groups_of(
        &mut self,
        vpc_id: VpcId,
        groups: &Option<Loc<Vec<Loc<String>>>>,
        owner: &str,
        span: Span,
    ) -> Vec<SgId> {
        let default = self.model.vpcs[vpc_id.index()].default_security_group;
        let Some(groups) = groups else {
            return vec![default];
        };
        if groups.is_empty() {
            let at = if groups.span.is_known() {
                groups.span
            } else {
                span
            };
            let diagnostic = self.error(
                "VAL071",
                at,
                format!(
                    "{owner} has `security_groups: []`, but every network interface has at least one security group (§15.8)"
                ),
            );
            diagnostic.label = Some("no security group".into());
            diagnostic.help = Some(
                "omit the key to get the VPC's default group (AWS assigns it when none is given), or name a group".into(),
            );
            return vec![default];
        }
        let mut ids: Vec<SgId> = Vec::new();
        for reference in groups.iter() {
            if let Some(id) =
                self.lookup(vpc_id, reference, "security group", |n| &n.security_groups)
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        if ids.is_empty() {
            // Every name was dangling (reported above): keep the interface filtered.
            return vec![default];
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

    pub(super) fn security_group_rules(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
        let has_v6 = self.model.vpcs[vpc_id.index()].ipv6_cidr.is_some();
        let default = self.model.vpcs[vpc_id.index()].default_security_group;
        let declared_default = vpc
            .security_groups
            .iter()
            .find(|(name, _)| name.value == "default")
            .map(|(_, g)| g);
        // §5.7: the default group admits all traffic from its own members and sends all out.
        // §15.9: declaring it edits that group, so the listed rules are added to AWS's rules
        // unless the design removes them with `default_rules: false`.
        let keep_aws_rules = declared_default
            .and_then(|g| g.default_rules.as_ref())
            .is_none_or(|keep| keep.value);
        let (mut ingress, mut egress) = if keep_aws_rules {
            (
                vec![implicit_rule(SgPeer::Group(default))],
                default_egress(has_v6),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        if let Some(rules) = declared_default.and_then(|g| g.ingress.as_ref()) {
            let declared = self.sg_rules(vpc_id, rules, true);
            add_to_default_rules(&mut ingress, declared);
        }
        if let Some(rules) = declared_default.and_then(|g| g.egress.as_ref()) {
            let declared = self.sg_rules(vpc_id, rules, false);
            add_to_default_rules(&mut egress, declared);
        }
        self.model.security_groups[default.index()].ingress = ingress;
        self.model.security_groups[default.index()].egress = egress;
        for (name, group) in &vpc.security_groups {
            if name.value == "default" {
                continue;
            }
            if let Some(flag) = &group.default_rules {
                self.warning(
                    "VAL031",
                    flag.span,
                    format!(
                        "`default_rules` applies only to the VPC's `default` group; it has no effect on `{}`",
                        name.value
                    ),
                )
                .help = Some("a new group's only AWS rule is all outbound, kept unless `egress:` is listed (§5.8)".into());
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
            // §5.8: a new group has one outbound rule, all traffic to 0.0.0.0/0, and in a VPC
            // with an IPv6 block a second one to ::/0 (§16.3).
            let egress = match &group.egress {
                Some(rules) => self.sg_rules(vpc_id, rules, false),
                None => default_egress(has_v6),
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

    pub(super) fn sg_rules(
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

    pub(super) fn sg_peer(&mut self, vpc_id: VpcId, text: &Loc<String>) -> Option<SgPeer> {
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
}

/// Adds declared rules to the default group's AWS rules (§15.9). A declared rule that matches
/// exactly what an AWS rule matches (seed 003 writes `{ proto: all, from: sg:default }`) takes
/// that rule's place instead of doubling it, so explanations cite the line the user wrote.
fn add_to_default_rules(rules: &mut Vec<ModelSgRule>, declared: Vec<ModelSgRule>) {
    for rule in declared {
        let same = rules.iter().position(|existing| {
            existing.implicit
                && existing.protocol == rule.protocol
                && existing.ports == rule.ports
                && existing.icmp == rule.icmp
                && existing.peer == rule.peer
        });
        match same {
            Some(index) => rules[index] = rule,
            None => rules.push(rule),
        }
    }
}

/// A rule AWS creates by itself (§5.7, §5.8): all traffic, marked `implicit` so explanations
/// can say it is an AWS default.
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

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::filter::SgPeer;
    use crate::load::SourceFile;
    use crate::model::{EniOwner, Model};
    use crate::{Protocol, Severity, load};

    const VPC: &str = "version: 1\nvpcs:\n  app:\n    cidr: 10.0.0.0/16\n    subnets:\n      a: { cidr: 10.0.0.0/24, az: eu-west-1a }\n      b: { cidr: 10.0.1.0/24, az: eu-west-1b }\n";

    fn check(rest: &str) -> (Model, Vec<Diagnostic>) {
        let loaded = load(&SourceFile {
            name: "t.yaml".into(),
            text: format!("{VPC}{rest}"),
        });
        (loaded.model.expect("the design parses"), loaded.diagnostics)
    }

    fn codes(diagnostics: &[Diagnostic]) -> Vec<&str> {
        diagnostics.iter().map(|d| d.code).collect()
    }

    /// The group names of every ENI, by ENI name.
    fn groups(model: &Model) -> Vec<(String, Vec<String>)> {
        model
            .enis
            .iter()
            .map(|eni| {
                let names = eni
                    .security_groups
                    .iter()
                    .map(|sg| model.security_groups[sg.index()].name.clone())
                    .collect();
                (eni.name.clone(), names)
            })
            .collect()
    }

    const EVERY_KIND: &str = "    instances:\n      web: { subnet: a }\n    network_interfaces:\n      extra: { subnet: a }\n    target_groups:\n      tg: { protocol: http, port: 80 }\n    load_balancers:\n      alb: { type: application, scheme: internal, subnets: [a, b], listeners: [ { port: 80, protocol: http, forward: tg } ] }\n      nlb: { type: network, scheme: internal, subnets: [a] }\n    databases:\n      db: { engine: mysql, subnets: [a, b] }\n    caches:\n      cache: { engine: redis, subnets: [a] }\n    endpoints:\n      sqs: { type: interface, service: sqs, subnets: [a] }\n";

    #[test]
    fn omitted_security_groups_mean_the_vpc_default_group_for_every_eni_owner() {
        let (model, diagnostics) = check(EVERY_KIND);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        for (eni, names) in groups(&model) {
            if eni.starts_with("nlb@") {
                // §7.10: an NLB created without groups has none.
                assert!(names.is_empty(), "{eni}: {names:?}");
            } else {
                assert_eq!(names, ["default"], "{eni}");
            }
        }
    }

    #[test]
    fn empty_security_groups_list_is_an_error_at_the_list() {
        let (model, diagnostics) =
            check("    instances:\n      web: { subnet: a, security_groups: [] }\n");
        assert_eq!(codes(&diagnostics), ["VAL071"]);
        let diagnostic = &diagnostics[0];
        assert_eq!(diagnostic.severity, Severity::Error);
        assert_eq!((diagnostic.span.line, diagnostic.span.column), (9, 42));
        assert!(
            diagnostic
                .message
                .contains("every network interface has at least one security group"),
            "{}",
            diagnostic.message
        );
        assert!(
            diagnostic
                .help
                .as_deref()
                .is_some_and(|h| h.contains("omit the key to get the VPC's default group")),
            "{:?}",
            diagnostic.help
        );
        // The interface still gets a filter: never "no group, so everything passes".
        assert_eq!(
            groups(&model),
            [("web".to_owned(), vec!["default".to_owned()])]
        );
    }

    #[test]
    fn empty_security_groups_list_is_an_error_for_every_kind_that_takes_groups() {
        let design = EVERY_KIND
            .replace(
                "web: { subnet: a }",
                "web: { subnet: a, security_groups: [] }",
            )
            .replace(
                "extra: { subnet: a }",
                "extra: { subnet: a, security_groups: [] }",
            )
            .replace(
                "subnets: [a, b], listeners",
                "subnets: [a, b], security_groups: [], listeners",
            )
            .replace(
                "subnets: [a] }\n    databases",
                "subnets: [a], security_groups: [] }\n    databases",
            )
            .replace(
                "db: { engine: mysql, subnets: [a, b] }",
                "db: { engine: mysql, subnets: [a, b], security_groups: [] }",
            )
            .replace(
                "cache: { engine: redis, subnets: [a] }",
                "cache: { engine: redis, subnets: [a], security_groups: [] }",
            )
            .replace(
                "service: sqs, subnets: [a] }",
                "service: sqs, subnets: [a], security_groups: [] }",
            );
        assert_eq!(design.matches("security_groups: []").count(), 7, "{design}");
        let (model, diagnostics) = check(&design);
        let owners: Vec<&str> = diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.code, "VAL071", "{d:#?}");
                d.message.split(" has ").next().unwrap_or_default()
            })
            .collect();
        // The NLB's `[]` is what AWS does for an NLB created without groups: no error.
        assert_eq!(
            owners,
            [
                "instance `web`",
                "network interface `extra`",
                "load balancer `alb`",
                "database `db`",
                "cache `cache`",
                "interface endpoint `sqs`",
            ]
        );
        for (eni, names) in groups(&model) {
            if !eni.starts_with("nlb@") {
                assert_eq!(names, ["default"], "{eni}");
            }
        }
    }

    #[test]
    fn groups_that_all_fail_to_resolve_fall_back_to_the_default_group() {
        let (model, diagnostics) =
            check("    instances:\n      web: { subnet: a, security_groups: [nope] }\n");
        assert_eq!(codes(&diagnostics), ["REF001"]);
        assert_eq!(
            groups(&model),
            [("web".to_owned(), vec!["default".to_owned()])]
        );
    }

    fn default_group(model: &Model) -> &crate::model::SecurityGroup {
        let vpc = &model.vpcs[0];
        &model.security_groups[vpc.default_security_group.index()]
    }

    #[test]
    fn declared_default_group_keeps_aws_rules_and_adds_the_listed_ones() {
        let (model, diagnostics) = check(
            "    security_groups:\n      default:\n        ingress:\n          - { proto: tcp, ports: 22, from: 203.0.113.10/32 }\n        egress:\n          - { proto: tcp, ports: 443, to: 192.0.2.0/24 }\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let group = default_group(&model);
        assert!(group.declared);
        let default = model.vpcs[0].default_security_group;
        assert_eq!(group.ingress.len(), 2);
        assert!(group.ingress[0].implicit);
        assert_eq!(group.ingress[0].peer, SgPeer::Group(default));
        assert_eq!(group.ingress[0].protocol, Protocol::All);
        assert!(!group.ingress[1].implicit);
        assert_eq!(group.ingress[1].span.line, 11);
        assert_eq!(group.egress.len(), 2);
        assert!(group.egress[0].implicit);
        assert!(!group.egress[1].implicit);
    }

    #[test]
    fn declared_self_rule_takes_the_place_of_aws_rule_instead_of_doubling_it() {
        let (model, diagnostics) = check(
            "    security_groups:\n      default:\n        ingress:\n          - { proto: all, from: sg:default }\n          - { proto: tcp, ports: 22, from: 203.0.113.10/32 }\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let group = default_group(&model);
        assert_eq!(group.ingress.len(), 2);
        assert!(group.ingress.iter().all(|rule| !rule.implicit));
        assert_eq!(group.ingress[0].span.line, 11, "the written self rule");
    }

    #[test]
    fn default_rules_false_makes_the_listed_rules_the_whole_default_group() {
        let (model, diagnostics) = check(
            "    security_groups:\n      default:\n        default_rules: false\n        ingress:\n          - { proto: tcp, ports: 22, from: 203.0.113.10/32 }\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let group = default_group(&model);
        assert_eq!(group.ingress.len(), 1);
        assert!(!group.ingress[0].implicit);
        assert!(group.egress.is_empty(), "no egress listed, none kept");
    }

    #[test]
    fn undeclared_default_group_has_exactly_aws_rules() {
        let (model, _) = check("");
        let group = default_group(&model);
        assert!(!group.declared);
        assert_eq!(group.ingress.len(), 1);
        assert_eq!(
            group.egress.len(),
            1,
            "IPv4 only: the VPC has no IPv6 block"
        );
        assert!(
            group
                .ingress
                .iter()
                .chain(&group.egress)
                .all(|r| r.implicit)
        );
    }

    #[test]
    fn default_rules_on_another_group_is_a_warning() {
        let (_, diagnostics) =
            check("    security_groups:\n      web:\n        default_rules: false\n");
        assert_eq!(codes(&diagnostics), ["VAL031"]);
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert_eq!(diagnostics[0].span.line, 10);
    }

    #[test]
    fn nat_gateway_interfaces_have_no_groups() {
        // §4: NAT gateways take no security groups; the "at least one" rule is about the
        // interfaces a design can give groups to.
        let (model, _) =
            check("    internet_gateway: igw\n    nat_gateways:\n      nat: { subnet: a }\n");
        assert!(model.enis[0].security_groups.is_empty());
        assert!(matches!(model.enis[0].owner, EniOwner::NatGateway(_)));
    }
}
