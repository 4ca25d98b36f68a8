//! What connects VPCs to each other and to AWS services: peerings, transit gateways (with
//! their route tables), VPC endpoints and prefix lists (docs/semantics.md §9).

use ipnet::Ipv4Net;
use rustc_hash::{FxHashMap, FxHashSet};

use super::Resolver;
use crate::filter::PortRange;
use crate::ids::*;
use crate::model::*;
use crate::schema;
use crate::span::Loc;

impl<'d> Resolver<'d> {
    pub(super) fn prefix_lists(&mut self) {
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
                stand_in: false,
                max_entries,
            });
            self.prefix_list_names.insert(name.value.clone(), id);
        }
    }

    pub(super) fn peerings(&mut self) {
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
            // §9.4, §15.5: the VPCs' own Regions, or `accepter_region` when it says more.
            let requester_region = self.model.vpcs[requester.index()].region.clone();
            let accepter_vpc_region = self.model.vpcs[accepter.index()].region.clone();
            let cross_region = match &peering.accepter_region {
                Some(accepter_region) => {
                    requester_region.is_empty() || accepter_region.value != requester_region
                }
                None => requester_region != accepter_vpc_region,
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

    pub(super) fn transit_gateway_names(&mut self) {
        let document = self.document;
        for (name, tgw) in &document.transit_gateways {
            let id = TgwId::from_index(self.model.transit_gateways.len());
            self.tgw_names.insert(name.value.clone(), id);
            self.model.transit_gateways.push(TransitGateway {
                name: name.value.clone(),
                span: name.span,
                attachments: Vec::new(),
                route_tables: Vec::new(),
                region: tgw
                    .region
                    .as_ref()
                    .or(document.region.as_ref())
                    .map(|r| r.value.clone())
                    .unwrap_or_default(),
                account: tgw.account.as_ref().map(|a| a.value.clone()),
            });
        }
    }

    pub(super) fn endpoints(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
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
                    if let Some((key, _)) = endpoint.private_ips.first() {
                        self.error(
                            "VAL040",
                            key.span,
                            "`private_ips` is for interface endpoints; a gateway endpoint has no network interface (§9.6)",
                        );
                    }
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
                    let vpc_region = &self.model.vpcs[vpc_id.index()].region;
                    let known = crate::Service::parse(&service);
                    let list_name = match known {
                        Some(known) => known.prefix_list_name(vpc_region),
                        None => format!(
                            "com.amazonaws.{}.{service}",
                            if vpc_region.is_empty() {
                                "region"
                            } else {
                                vpc_region
                            }
                        ),
                    };
                    let list = match self.prefix_list_names.get(&list_name) {
                        Some(list) => *list,
                        None => {
                            let list = PrefixListId::from_index(self.model.prefix_lists.len());
                            self.model.prefix_lists.push(PrefixList {
                                name: list_name.clone(),
                                span: endpoint.service.span,
                                // §9.6: the service's ranges; vpcsim's stand-in when the
                                // design does not list them (crate::services).
                                cidrs: known
                                    .map(|known| vec![known.stand_in_range()])
                                    .unwrap_or_default(),
                                aws_managed: true,
                                stand_in: known.is_some(),
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
                    let groups = self.security_groups_of(
                        vpc_id,
                        &endpoint.security_groups,
                        &format!("interface endpoint `{}`", name.value),
                        name.span,
                    );
                    let mut subnets: Vec<SubnetId> = Vec::new();
                    for reference in &endpoint.subnets {
                        let Some(subnet) = self.subnet_ref(vpc_id, reference) else {
                            continue;
                        };
                        subnets.push(subnet);
                        let subnet_name = self.model.subnets[subnet.index()].name.clone();
                        // §15.7: the endpoint ENI keeps the address AWS gave it when pinned.
                        let pinned = endpoint
                            .private_ips
                            .iter()
                            .find(|(key, _)| key.value == subnet_name)
                            .map(|(_, ip)| ip);
                        enis.push(self.new_eni(
                            format!("{}@{subnet_name}", name.value),
                            name.span,
                            EniOwner::Endpoint(id),
                            vpc_id,
                            subnet,
                            pinned,
                            groups.clone(),
                            PortRange::AWS_EPHEMERAL,
                        ));
                    }
                    self.check_pinned_ips(
                        &endpoint.private_ips,
                        &subnets,
                        &format!("interface endpoint `{}`", name.value),
                    );
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

    pub(super) fn gateway_endpoint_routes(&mut self, vpc_id: VpcId, vpc: &'d schema::Vpc) {
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

    /// TGW peering attachments (§15.4), by (TGW, name) for both sides.
    fn tgw_peerings(&mut self) -> FxHashMap<(TgwId, String), TgwPeeringId> {
        let document = self.document;
        let mut by_name: FxHashMap<(TgwId, String), TgwPeeringId> = FxHashMap::default();
        for (tgw_index, (tgw_name, tgw)) in document.transit_gateways.iter().enumerate() {
            let tgw_id = TgwId::from_index(tgw_index);
            for (name, peering) in &tgw.peerings {
                let Some(peer) = self.tgw_names.get(peering.peer.value.as_str()).copied() else {
                    let mut candidates: Vec<&str> = document
                        .transit_gateways
                        .keys()
                        .map(|k| k.value.as_str())
                        .collect();
                    candidates.sort_unstable();
                    self.dangling(&peering.peer, "transit gateway", candidates);
                    continue;
                };
                if peer == tgw_id {
                    self.error(
                        "VAL040",
                        peering.peer.span,
                        format!(
                            "transit gateway `{}` cannot peer with itself",
                            tgw_name.value
                        ),
                    );
                    continue;
                }
                let clash = [tgw_id, peer].into_iter().any(|side| {
                    by_name.contains_key(&(side, name.value.clone()))
                        || document.transit_gateways[side.index()]
                            .attachments
                            .keys()
                            .any(|k| k.value == name.value)
                });
                if clash {
                    self.error(
                        "VAL040",
                        name.span,
                        format!(
                            "`{}` already names an attachment of one of these transit gateways; a peering attachment needs its own name on both",
                            name.value
                        ),
                    );
                    continue;
                }
                let id = TgwPeeringId::from_index(self.model.tgw_peerings.len());
                self.model.tgw_peerings.push(TgwPeering {
                    name: name.value.clone(),
                    span: name.span,
                    sides: [tgw_id, peer],
                    route_tables: [None, None],
                });
                by_name.insert((tgw_id, name.value.clone()), id);
                by_name.insert((peer, name.value.clone()), id);
            }
        }
        by_name
    }

    pub(super) fn transit_gateways(&mut self) {
        let document = self.document;
        let peerings = self.tgw_peerings();
        for (tgw_index, (tgw_name, tgw)) in document.transit_gateways.iter().enumerate() {
            let tgw_id = TgwId::from_index(tgw_index);
            let mut attachment_names: FxHashMap<String, TgwAttachmentId> = FxHashMap::default();
            for (name, attachment) in &tgw.attachments {
                let Some(vpc) = self.vpc_ref(&attachment.vpc) else {
                    continue;
                };
                // §15.5: a TGW is regional; other Regions are reached by TGW peering.
                let (vpc_region, tgw_region) = (
                    &self.model.vpcs[vpc.index()].region,
                    &self.model.transit_gateways[tgw_index].region,
                );
                if vpc_region != tgw_region {
                    let message = format!(
                        "VPC `{}` is in Region `{vpc_region}` but transit gateway `{}` is in `{tgw_region}`; a TGW attaches VPCs of its own Region only (§15.5)",
                        attachment.vpc.value, tgw_name.value
                    );
                    self.error("VAL040", attachment.vpc.span, message);
                    continue;
                }
                let mut subnets: Vec<SubnetId> = Vec::new();
                let mut azs: FxHashSet<String> = FxHashSet::default();
                for reference in &attachment.subnets {
                    let Some(subnet) = self.subnet_ref(vpc, reference) else {
                        continue;
                    };
                    // §15.6: by AZ id when the design gives one.
                    let zone = {
                        let s = &self.model.subnets[subnet.index()];
                        s.az_id.clone().unwrap_or_else(|| s.az.clone())
                    };
                    if !azs.insert(zone) {
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
                            if let Some(peering) =
                                peerings.get(&(tgw_id, reference.value.clone())).copied()
                            {
                                let side = self.model.tgw_peerings[peering.index()]
                                    .side_of(tgw_id)
                                    .unwrap_or(0);
                                let slot = &mut self.model.tgw_peerings[peering.index()]
                                    .route_tables[side];
                                if slot.is_some() {
                                    self.error("VAL040", reference.span, format!("peering attachment `{}` is associated with two TGW route tables of this TGW; each side has one (§15.2)", reference.value));
                                } else {
                                    *slot = Some(table_id);
                                }
                                continue;
                            }
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
                            if peerings.contains_key(&(tgw_id, reference.value.clone())) {
                                self.error("VAL040", reference.span, format!("peering attachment `{}` cannot propagate: TGW peering carries static routes only (§15.4)", reference.value));
                                continue;
                            }
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
                                self.parse_any_cidr(&route.to, "TGW route destination")
                            else {
                                continue;
                            };
                            let target = if route.via.value == "blackhole" {
                                TgwRouteTarget::Blackhole
                            } else if let Some(peering) =
                                peerings.get(&(tgw_id, route.via.value.clone())).copied()
                            {
                                TgwRouteTarget::Peering(peering)
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

    pub(super) fn propagated_routes(&self, attachment: TgwAttachmentId) -> Vec<TgwRoute> {
        let attachment_ref = &self.model.tgw_attachments[attachment.index()];
        let vpc = &self.model.vpcs[attachment_ref.vpc.index()];
        // §9.5, §16: an attachment propagates its VPC's IPv4 blocks and its IPv6 block.
        vpc.cidrs
            .iter()
            .map(|cidr| ipnet::IpNet::V4(*cidr))
            .chain(vpc.ipv6_cidr.map(ipnet::IpNet::V6))
            .map(|destination| TgwRoute {
                destination,
                target: TgwRouteTarget::Attachment(attachment),
                propagated: true,
                span: attachment_ref.span,
            })
            .collect()
    }
}
