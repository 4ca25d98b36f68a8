//! The topology graph: every component a packet can pass and the links between them, on
//! `petgraph`.
//!
//! The packet evaluator walks the model through precomputed indexes (faster than graph
//! traversal for one flow); this graph is the shared picture for consumers that need the shape
//! of the network as a whole: diagrams, "which VPCs are linked at all" (RA's
//! `DISCONNECTED_VPCS`), and the symbolic analysis of issue #5, which propagates packet sets
//! along its edges.

use petgraph::graph::{NodeIndex, UnGraph};
use rustc_hash::FxHashMap;
use vpcsim_model::{Model, RouteTarget, TgwRouteTarget};

use crate::answer::Component;

/// Why two components are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Link {
    /// An ENI sits in a subnet; a subnet in a VPC; an LB node belongs to its LB.
    Contains,
    /// A route of a subnet's table sends traffic to a target.
    Route,
    /// A gateway or attachment joins a VPC to something outside it.
    Attachment,
    /// A transit gateway route sends traffic to an attachment.
    TgwRoute,
}

/// The topology graph.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    graph: UnGraph<Component, Link>,
    nodes: FxHashMap<Component, NodeIndex>,
}

impl Topology {
    /// Builds the graph of a model.
    pub fn new(model: &Model) -> Topology {
        let mut topology = Topology::default();
        let internet = topology.node(Component::Internet);
        for (index, vpc) in model.vpcs.iter().enumerate() {
            let vpc_node = topology.node(Component::Vpc(vpcsim_model::VpcId::from_index(index)));
            if let Some(igw) = vpc.internet_gateway {
                let igw_node = topology.node(Component::InternetGateway(igw));
                topology
                    .graph
                    .add_edge(vpc_node, igw_node, Link::Attachment);
                topology
                    .graph
                    .add_edge(igw_node, internet, Link::Attachment);
            }
            for subnet in &vpc.subnets {
                let subnet_node = topology.node(Component::Subnet(*subnet));
                topology
                    .graph
                    .add_edge(vpc_node, subnet_node, Link::Contains);
                for eni in &model.subnet(*subnet).enis {
                    let eni_node = topology.node(Component::Eni(*eni));
                    topology
                        .graph
                        .add_edge(subnet_node, eni_node, Link::Contains);
                }
                for route in &model.route_table(model.subnet(*subnet).route_table).routes {
                    let target = match route.target {
                        RouteTarget::InternetGateway(id) => Component::InternetGateway(id),
                        RouteTarget::NatGateway(id) => Component::NatGateway(id),
                        RouteTarget::Eni(id) => Component::Eni(id),
                        RouteTarget::Peering(id) => Component::Peering(id),
                        RouteTarget::TransitGateway(id) => Component::TransitGateway(id),
                        RouteTarget::GatewayEndpoint(id) => Component::Endpoint(id),
                        RouteTarget::Local
                        | RouteTarget::VpnGateway
                        | RouteTarget::EgressOnlyIgw
                        | RouteTarget::Blackhole => continue,
                    };
                    let target_node = topology.node(target);
                    topology
                        .graph
                        .add_edge(subnet_node, target_node, Link::Route);
                }
            }
        }
        for (index, nat) in model.nat_gateways.iter().enumerate() {
            let nat_node = topology.node(Component::NatGateway(vpcsim_model::NatId::from_index(
                index,
            )));
            let eni_node = topology.node(Component::Eni(nat.eni));
            topology.graph.add_edge(nat_node, eni_node, Link::Contains);
        }
        for (index, lb) in model.load_balancers.iter().enumerate() {
            let lb_node = topology.node(Component::LoadBalancer(vpcsim_model::LbId::from_index(
                index,
            )));
            for node in &lb.nodes {
                let eni_node = topology.node(Component::Eni(*node));
                topology.graph.add_edge(lb_node, eni_node, Link::Contains);
            }
        }
        for (index, peering) in model.peerings.iter().enumerate() {
            let pcx = topology.node(Component::Peering(vpcsim_model::PeeringId::from_index(
                index,
            )));
            for vpc in [peering.requester, peering.accepter] {
                let vpc_node = topology.node(Component::Vpc(vpc));
                topology.graph.add_edge(vpc_node, pcx, Link::Attachment);
            }
        }
        for (index, attachment) in model.tgw_attachments.iter().enumerate() {
            let id = vpcsim_model::TgwAttachmentId::from_index(index);
            let att = topology.node(Component::TgwAttachment(id));
            let tgw = topology.node(Component::TransitGateway(attachment.tgw));
            let vpc_node = topology.node(Component::Vpc(attachment.vpc));
            topology.graph.add_edge(vpc_node, att, Link::Attachment);
            topology.graph.add_edge(att, tgw, Link::Attachment);
        }
        // A TGW peering joins the two TGWs (§15.4).
        for peering in &model.tgw_peerings {
            let a = topology.node(Component::TransitGateway(peering.sides[0]));
            let b = topology.node(Component::TransitGateway(peering.sides[1]));
            topology.graph.add_edge(a, b, Link::Attachment);
        }
        for (index, table) in model.tgw_route_tables.iter().enumerate() {
            let table_node = topology.node(Component::TgwRouteTable(
                vpcsim_model::TgwRouteTableId::from_index(index),
            ));
            let tgw = topology.node(Component::TransitGateway(table.tgw));
            topology.graph.add_edge(tgw, table_node, Link::Contains);
            for route in &table.routes {
                if let TgwRouteTarget::Attachment(attachment) = route.target {
                    let att = topology.node(Component::TgwAttachment(attachment));
                    topology.graph.add_edge(table_node, att, Link::TgwRoute);
                }
            }
        }
        topology
    }

    fn node(&mut self, component: Component) -> NodeIndex {
        if let Some(node) = self.nodes.get(&component) {
            return *node;
        }
        let node = self.graph.add_node(component);
        self.nodes.insert(component, node);
        node
    }

    /// The petgraph graph, undirected (nodes carry their [`Component`]; route edges are stored
    /// from the subnet to the target).
    pub fn graph(&self) -> &UnGraph<Component, Link> {
        &self.graph
    }

    /// The node of a component, if it is in the graph.
    pub fn node_of(&self, component: Component) -> Option<NodeIndex> {
        self.nodes.get(&component).copied()
    }

    /// Whether two components are linked at all, ignoring direction and every filter (a
    /// necessary condition for reachability; RA's `DISCONNECTED_VPCS` when false).
    pub fn is_linked(&self, a: Component, b: Component) -> bool {
        match (self.node_of(a), self.node_of(b)) {
            (Some(a), Some(b)) => petgraph::algo::has_path_connecting(&self.graph, a, b, None),
            _ => false,
        }
    }
}
