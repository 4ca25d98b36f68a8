//! NACL004: a network ACL that drops the reply ports of a flow the design uses (§6.8, §6.9,
//! §7.8, §12.8).

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::IpNet;
use vpcsim_model::{
    Diagnostic, Eni, EniId, EniOwner, Model, NaclId, NatConnectivity, PortRange, Protocol,
    RouteTarget, Severity, SgPeer, Span, SubnetId,
};

use crate::address;
use crate::context::LintContext;
use crate::rule::declare_rule;
use vpcsim_reach::network_acl::{NaclProbe, denied_ranges};
use vpcsim_reach::security_group::is_world;
use vpcsim_reach::view::nacl_entry_text;
use vpcsim_reach::{Flow, INTERNET_ADDRESS as INTERNET};

declare_rule! {
    /// ## What it does
    /// Works out the flows the design actually uses, then checks that every network ACL on
    /// their way back admits the replies on the client's ephemeral ports:
    ///
    /// - flows a security group admits from another group or from a CIDR inside the VPC
    ///   (client subnet inbound and server subnet outbound);
    /// - load balancer to target (1024-65535, §7.8), and internet clients of internet-facing
    ///   load balancers and public instances (1024-65535, since the client is unknown);
    /// - instances reaching the internet through a NAT gateway or their own public IP
    ///   (their subnet inbound, and the NAT gateway's subnet on 1024-65535).
    ///
    /// The client's range comes from the interface: Linux 32768-60999, Windows 49152-65535,
    /// load balancers and NAT gateways 1024-65535. A finding is an error when the whole reply
    /// range is denied and a warning when part of it is.
    ///
    /// ## Why is this bad?
    /// NACLs are stateless: a reply is a new packet to the client's ephemeral port and must be
    /// allowed explicitly. When it is not, the request arrives, the server answers, and the
    /// answer is dropped — connections hang, ALB targets fail health checks or return 504s,
    /// and only some clients fail when the range is cut in part.
    ///
    /// ## Example
    /// ```yaml
    /// network_acls:
    ///   private-acl:
    ///     subnets: [private-a]
    ///     ingress: [ { rule: 100, action: allow, proto: tcp, ports: 8080, cidr: 10.0.0.0/16 } ]
    ///     egress:  [ { rule: 100, action: allow, proto: tcp, ports: 49152-65535, cidr: 10.0.0.0/16 } ]
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// network_acls:
    ///   private-acl:
    ///     subnets: [private-a]
    ///     ingress: [ { rule: 100, action: allow, proto: tcp, ports: 8080, cidr: 10.0.0.0/16 } ]
    ///     egress:  [ { rule: 100, action: allow, proto: tcp, ports: 1024-65535, cidr: 10.0.0.0/16 } ]
    /// ```
    ///
    /// ## Known limits
    /// Flows are derived from security-group rules, load balancers and NAT routes; traffic
    /// over peerings and transit gateways is not derived. Only TCP and UDP replies are checked.
    ///
    /// ## References
    /// - docs/semantics.md §6.8, §6.9, §7.8, §12.8
    /// - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html#nacl-ephemeral-ports
    pub(crate) struct NaclBlocksReturnTraffic {
        code: "NACL004",
        name: "nacl-blocks-return-traffic",
        severity: Warning,
        category: Nacl,
        summary: "network ACL drops the reply ports of a flow the design uses",
    }
}

/// One required crossing: replies must pass `subnet`'s NACL `way` to/from `peer` on `ports`.
/// Which way the packet crosses the subnet boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Entering the subnet (`ingress` entries; the peer is the source).
    In,
    /// Leaving the subnet (`egress` entries; the peer is the destination).
    Out,
}

impl Way {
    fn flow(self) -> Flow {
        match self {
            Way::In => Flow::Ingress,
            Way::Out => Flow::Egress,
        }
    }
}

/// Renders ranges as `1024-32767, 61000-65535`.
fn format_ranges(ranges: &[PortRange]) -> String {
    ranges
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

struct Need {
    subnet: SubnetId,
    way: Way,
    protocol: Protocol,
    peer: Ipv4Addr,
    peer_name: String,
    ports: PortRange,
    flow: String,
}

/// Findings merged per (NACL, direction, denied ranges), so one bad entry is one finding.
#[derive(Default)]
struct Findings {
    by_key: BTreeMap<(usize, bool, Vec<PortRange>), (Diagnostic, usize)>,
}

impl Findings {
    fn check(&mut self, ctx: &LintContext<'_>, need: Need) {
        let model = ctx.model;
        let subnet = model.subnet(need.subnet);
        let acl = model.network_acl(subnet.network_acl);
        let entries = match need.way {
            Way::In => &acl.ingress,
            Way::Out => &acl.egress,
        };
        let probe = NaclProbe {
            protocol: need.protocol,
            peer: std::net::IpAddr::V4(need.peer),
            icmp_type: 0,
        };
        // The implicit `*` entry has no number and no place in the file: `None` then.
        let (denied, denier) = denied_ranges(entries, probe, need.ports);
        let denier = denier.map(|index| &entries[index]);
        if denied.is_empty() {
            return;
        }
        let key = (
            subnet.network_acl.index(),
            need.way == Way::In,
            denied.clone(),
        );
        if let Some((_, count)) = self.by_key.get_mut(&key) {
            *count += 1;
            return;
        }
        let fully = denied.len() == 1 && denied[0] == need.ports;
        let severity = if fully {
            Severity::Error
        } else {
            Severity::Warning
        };
        let span = denier
            .map(|e| e.span)
            .filter(Span::is_known)
            .unwrap_or(acl.span);
        let (direction, preposition) = match need.way {
            Way::In => ("inbound", "from"),
            Way::Out => ("outbound", "to"),
        };
        let what = if fully {
            "every reply port"
        } else {
            "part of the reply range"
        };
        let mut diagnostic = ctx
            .report_at(
                &NaclBlocksReturnTraffic::META,
                severity,
                span,
                format!(
                    "network ACL `{}` of subnet `{}` drops {what} {direction} {preposition} {}: {} {} denied of {}",
                    acl.name,
                    subnet.name,
                    need.peer_name,
                    need.protocol,
                    format_ranges(&denied),
                    need.ports
                ),
            )
            .with_resource(address::nacl(model, NaclId::from_index(subnet.network_acl.index())))
            .with_note(format!("needed by {}", need.flow));
        if let Some(entry) = denier {
            diagnostic = diagnostic.with_label(format!(
                "entry `{}` matches first",
                nacl_entry_text(entry, need.way.flow())
            ));
        } else {
            diagnostic = diagnostic.with_label("no entry allows them: the final `*` rule denies");
        }
        let help = format!(
            "allow {} {} {preposition} {} {direction} before any deny (§6.9)",
            need.protocol, need.ports, need.peer
        );
        self.by_key.insert(key, (diagnostic.with_help(help), 1));
    }

    fn finish(self, out: &mut Vec<Diagnostic>) {
        for (_, (mut diagnostic, count)) in self.by_key {
            if count > 1 {
                diagnostic =
                    diagnostic.with_note(format!("and {} more flow(s) like it", count - 1));
            }
            out.push(diagnostic);
        }
    }
}

fn is_workload(eni: &Eni) -> bool {
    matches!(eni.owner, EniOwner::Instance(_) | EniOwner::Standalone)
}

/// Both reply crossings of a flow from `client` to `server` in different subnets.
fn reply_needs(
    findings: &mut Findings,
    ctx: &LintContext<'_>,
    client: &Eni,
    server: &Eni,
    protocol: Protocol,
    port: u16,
    kind: &str,
) {
    if client.subnet == server.subnet || !protocol.has_ports() {
        return;
    }
    let flow = format!(
        "`{}` -> `{}` {protocol} {port} ({kind})",
        client.name, server.name
    );
    findings.check(
        ctx,
        Need {
            subnet: server.subnet,
            way: Way::Out,
            protocol,
            peer: client.private_ip,
            peer_name: format!("`{}` ({})", client.name, client.private_ip),
            ports: client.ephemeral_ports,
            flow: flow.clone(),
        },
    );
    findings.check(
        ctx,
        Need {
            subnet: client.subnet,
            way: Way::In,
            protocol,
            peer: server.private_ip,
            peer_name: format!("`{}` ({})", server.name, server.private_ip),
            ports: client.ephemeral_ports,
            flow,
        },
    );
}

/// One representative interface per subnet among `enis` (NACLs apply per subnet).
fn per_subnet(model: &Model, enis: impl Iterator<Item = EniId>) -> Vec<&Eni> {
    let mut seen: BTreeMap<usize, &Eni> = BTreeMap::new();
    for id in enis {
        let eni = model.eni(id);
        seen.entry(eni.subnet.index()).or_insert(eni);
    }
    seen.into_values().collect()
}

fn sg_flows(findings: &mut Findings, ctx: &LintContext<'_>) {
    let model = ctx.model;
    for group in &model.security_groups {
        if group.members.is_empty() {
            continue;
        }
        for rule in &group.ingress {
            let protocol = if rule.protocol == Protocol::All {
                Protocol::TCP
            } else {
                rule.protocol
            };
            let port = rule.ports.from.max(1);
            // A load balancer accepts connections on its listener ports only (§7.5): an SG
            // rule admitting another port to its nodes carries no flow.
            let accepts = |eni: &EniId| match model.eni(*eni).owner {
                EniOwner::LoadBalancer(lb) => model
                    .load_balancer(lb)
                    .listeners
                    .iter()
                    .any(|listener| listener.port == port && listener.ip_protocol == protocol),
                _ => true,
            };
            let servers = per_subnet(model, group.members.iter().copied().filter(accepts));
            let clients: Vec<&Eni> = match &rule.peer {
                SgPeer::Group(peer) => {
                    per_subnet(model, model.security_group(*peer).members.iter().copied())
                }
                SgPeer::Cidr(IpNet::V4(net)) if net.prefix_len() > 0 => {
                    let vpc = model.vpc(group.vpc);
                    let candidates = vpc
                        .subnets
                        .iter()
                        .flat_map(|s| model.subnet(*s).enis.iter().copied());
                    per_subnet(
                        model,
                        candidates.filter(|e| net.contains(&model.eni(*e).private_ip)),
                    )
                }
                _ => continue,
            };
            for client in &clients {
                for server in &servers {
                    reply_needs(
                        findings,
                        ctx,
                        client,
                        server,
                        protocol,
                        port,
                        "security group rule",
                    );
                }
            }
        }
    }
}

fn lb_flows(findings: &mut Findings, ctx: &LintContext<'_>) {
    let model = ctx.model;
    for lb in &model.load_balancers {
        let internet_facing = lb.scheme == vpcsim_model::LbScheme::InternetFacing;
        for node_id in &lb.nodes {
            let node = model.eni(*node_id);
            if internet_facing {
                for listener in &lb.listeners {
                    findings.check(
                        ctx,
                        Need {
                            subnet: node.subnet,
                            way: Way::Out,
                            protocol: Protocol::TCP,
                            peer: INTERNET,
                            peer_name: "the internet".to_owned(),
                            ports: PortRange::AWS_EPHEMERAL,
                            flow: format!(
                                "internet clients of `{}` on port {}",
                                lb.name, listener.port
                            ),
                        },
                    );
                }
            }
            for listener in &lb.listeners {
                let group = model.target_group(listener.target_group);
                for target in &group.targets {
                    let Some(target_eni) = target.eni else {
                        continue;
                    };
                    let server = model.eni(target_eni);
                    reply_needs(
                        findings,
                        ctx,
                        node,
                        server,
                        Protocol::TCP,
                        target.port,
                        "load balancer to target",
                    );
                    let health = group.health_check_port_for(target);
                    if health != target.port {
                        reply_needs(
                            findings,
                            ctx,
                            node,
                            server,
                            Protocol::TCP,
                            health,
                            "health check",
                        );
                    }
                }
            }
        }
    }
}

fn internet_flows(findings: &mut Findings, ctx: &LintContext<'_>) {
    let model = ctx.model;
    for (index, subnet) in model.subnets.iter().enumerate() {
        let subnet_id = SubnetId::from_index(index);
        let Some(client) = subnet
            .enis
            .iter()
            .map(|e| model.eni(*e))
            .find(|e| is_workload(e))
        else {
            continue;
        };
        match ctx.engine().internet_route(subnet_id) {
            Some(RouteTarget::NatGateway(nat_id)) => {
                let nat = model.nat_gateway(nat_id);
                if nat.connectivity != NatConnectivity::Public {
                    continue;
                }
                let flow = format!(
                    "`{}` -> internet through NAT gateway `{}`",
                    client.name, nat.name
                );
                findings.check(
                    ctx,
                    Need {
                        subnet: subnet_id,
                        way: Way::In,
                        protocol: Protocol::TCP,
                        peer: INTERNET,
                        peer_name: "the internet".to_owned(),
                        ports: client.ephemeral_ports,
                        flow: flow.clone(),
                    },
                );
                findings.check(
                    ctx,
                    Need {
                        subnet: nat.subnet,
                        way: Way::In,
                        protocol: Protocol::TCP,
                        peer: INTERNET,
                        peer_name: "the internet".to_owned(),
                        ports: PortRange::AWS_EPHEMERAL,
                        flow: flow.clone(),
                    },
                );
                if nat.subnet != subnet_id {
                    findings.check(
                        ctx,
                        Need {
                            subnet: nat.subnet,
                            way: Way::Out,
                            protocol: Protocol::TCP,
                            peer: client.private_ip,
                            peer_name: format!("`{}` ({})", client.name, client.private_ip),
                            ports: client.ephemeral_ports,
                            flow,
                        },
                    );
                }
            }
            Some(RouteTarget::InternetGateway(_)) => {
                for eni in subnet
                    .enis
                    .iter()
                    .map(|e| model.eni(*e))
                    .filter(|e| is_workload(e) && e.public_ip.is_some())
                {
                    let opens_world = eni.security_groups.iter().any(|sg| {
                        model
                            .security_group(*sg)
                            .ingress
                            .iter()
                            .any(|rule| is_world(&rule.peer))
                    });
                    if opens_world {
                        findings.check(
                            ctx,
                            Need {
                                subnet: subnet_id,
                                way: Way::Out,
                                protocol: Protocol::TCP,
                                peer: INTERNET,
                                peer_name: "the internet".to_owned(),
                                ports: PortRange::AWS_EPHEMERAL,
                                flow: format!("internet clients of `{}`", eni.name),
                            },
                        );
                    }
                    findings.check(
                        ctx,
                        Need {
                            subnet: subnet_id,
                            way: Way::In,
                            protocol: Protocol::TCP,
                            peer: INTERNET,
                            peer_name: "the internet".to_owned(),
                            ports: eni.ephemeral_ports,
                            flow: format!("`{}` -> internet through its public IP", eni.name),
                        },
                    );
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn check(ctx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // Default NACLs allowing everything cannot block anything: skip the flow walk entirely.
    if ctx
        .model
        .network_acls
        .iter()
        .all(|acl| acl.is_default && !acl.declared)
    {
        return;
    }
    let mut findings = Findings::default();
    sg_flows(&mut findings, ctx);
    lb_flows(&mut findings, ctx);
    internet_flows(&mut findings, ctx);
    findings.finish(out);
}
