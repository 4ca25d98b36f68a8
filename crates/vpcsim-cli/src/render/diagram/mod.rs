//! `vpcsim diagram`: the network drawn as nested boxes (VPC › AZ › subnet), gateways and
//! resources, with an optional reachability path drawn over it.
//!
//! The picture is built once as a layout-neutral [`Diagram`] (a tree of boxes holding nodes,
//! plus labelled edges between nodes or boxes) and only then written as Mermaid
//! ([`mermaid`]) or Graphviz DOT ([`dot`]), so the two formats never drift apart: they differ
//! only in syntax, escaping and styling. [`build`] turns a [`vpcsim_model::Model`] into the
//! tree and [`path`] lays a reach [`vpcsim_reach::Answer`] over it.
//!
//! Invariant: everything here iterates the model's arenas in declaration order or ordered
//! collections (`BTreeSet`), never a hash map, so the same design always gives the same bytes.

mod build;
pub(crate) mod dot;
pub(crate) mod mermaid;
mod path;

pub(crate) use build::{Scope, build};
pub(crate) use path::overlay;

/// A whole picture: top-level items (external nodes, then VPC boxes) and every edge.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub(crate) struct Diagram {
    /// Top-level boxes and nodes, in drawing order.
    pub(crate) items: Vec<Item>,
    /// Edges in drawing order (Mermaid numbers them in this order for `linkStyle`).
    pub(crate) edges: Vec<Edge>,
}

/// A box or a node.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Item {
    /// A box holding more items.
    Group(Group),
    /// A leaf.
    Node(Node),
}

/// A box: a VPC, an Availability Zone or a subnet.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Group {
    /// Identifier, `[A-Za-z0-9_]` only (valid in both formats without quoting).
    pub(crate) id: String,
    /// What it stands for (decides the style).
    pub(crate) kind: GroupKind,
    /// One-line caption.
    pub(crate) label: String,
    /// Contents, in drawing order.
    pub(crate) items: Vec<Item>,
    /// Path highlighting.
    pub(crate) mark: Mark,
}

/// Kinds of box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum GroupKind {
    /// A VPC.
    Vpc,
    /// An Availability Zone inside a VPC.
    Az,
    /// A subnet whose route table has a route to an internet gateway (AWS's definition).
    PublicSubnet,
    /// Any other subnet.
    PrivateSubnet,
}

/// A leaf of the picture.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Node {
    /// Identifier, `[A-Za-z0-9_]` only.
    pub(crate) id: String,
    /// What it stands for (decides the shape and style).
    pub(crate) kind: NodeKind,
    /// Caption lines: the name first, then what it is.
    pub(crate) label: Vec<String>,
    /// Path highlighting.
    pub(crate) mark: Mark,
}

/// Kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NodeKind {
    /// Any public address.
    Internet,
    /// An internet gateway.
    InternetGateway,
    /// An egress-only internet gateway (IPv6).
    EgressOnlyIgw,
    /// A virtual private gateway (VPN).
    VpnGateway,
    /// A gateway VPC endpoint (a route target, outside the subnets).
    GatewayEndpoint,
    /// A VPC peering connection.
    Peering,
    /// A transit gateway.
    TransitGateway,
    /// Where blackhole routes of a VPC lead.
    Blackhole,
    /// An EC2 instance's interface.
    Instance,
    /// A standalone network interface.
    Eni,
    /// One node of a load balancer (one per enabled subnet).
    LoadBalancer,
    /// A NAT gateway.
    NatGateway,
    /// An RDS instance.
    Database,
    /// An ElastiCache node.
    Cache,
    /// Another subnet of a database's or cache's subnet group (where it may fail over).
    Standby,
    /// An interface VPC endpoint's interface.
    InterfaceEndpoint,
}

/// One end of an edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub(crate) enum End {
    /// A node, by id.
    Node(String),
    /// A box, by id (DOT attaches the edge to an invisible anchor inside the cluster).
    Group(String),
}

impl End {
    /// The id of the node or box.
    pub(crate) fn id(&self) -> &str {
        match self {
            End::Node(id) | End::Group(id) => id,
        }
    }
}

/// A labelled edge.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Edge {
    /// Tail.
    pub(crate) from: End,
    /// Head.
    pub(crate) to: End,
    /// Caption lines (empty: no label).
    pub(crate) label: Vec<String>,
    /// What it stands for.
    pub(crate) style: EdgeStyle,
}

/// Kinds of edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EdgeStyle {
    /// A subnet's route table sends these prefixes to the head.
    Route,
    /// A blackhole route (its target is gone, traffic is dropped).
    BlackholeRoute,
    /// An attachment without direction: IGW to the internet, peering or TGW to a VPC.
    Link,
    /// A hop of the queried forward path.
    Path,
    /// A hop of the return path (only drawn when the return is where the path fails).
    ReturnPath,
    /// The hop where the packet is dropped.
    Blocked,
}

/// How a node or box takes part in a drawn path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Mark {
    /// Not on the path.
    #[default]
    None,
    /// The path passes here.
    OnPath,
    /// The packet is dropped here.
    Blocked,
}

impl Diagram {
    /// Visits every node and box, depth first, in drawing order.
    pub(crate) fn walk(&self, visit: &mut dyn FnMut(&Item)) {
        fn go(items: &[Item], visit: &mut dyn FnMut(&Item)) {
            for item in items {
                visit(item);
                if let Item::Group(group) = item {
                    go(&group.items, visit);
                }
            }
        }
        go(&self.items, visit);
    }

    /// Whether a node or box with this id is drawn.
    pub(crate) fn contains(&self, end: &End) -> bool {
        let mut found = false;
        self.walk(&mut |item| match (item, end) {
            (Item::Node(node), End::Node(id)) if node.id == *id => found = true,
            (Item::Group(group), End::Group(id)) if group.id == *id => found = true,
            _ => {}
        });
        found
    }

    /// Sets the mark of a node or box (a blocked mark is never downgraded to on-path).
    pub(crate) fn set_mark(&mut self, end: &End, mark: Mark) {
        fn go(items: &mut [Item], end: &End, mark: Mark) {
            for item in items {
                match (item, end) {
                    (Item::Node(node), End::Node(id))
                        if node.id == *id && node.mark != Mark::Blocked =>
                    {
                        node.mark = mark;
                    }
                    (Item::Group(group), end) => {
                        if let End::Group(id) = end
                            && group.id == *id
                            && group.mark != Mark::Blocked
                        {
                            group.mark = mark;
                        }
                        go(&mut group.items, end, mark);
                    }
                    _ => {}
                }
            }
        }
        go(&mut self.items, end, mark);
    }

    /// Counts of nodes, boxes and edges (for size checks and messages).
    pub(crate) fn counts(&self) -> (usize, usize, usize) {
        let (mut nodes, mut groups) = (0, 0);
        self.walk(&mut |item| match item {
            Item::Node(_) => nodes += 1,
            Item::Group(_) => groups += 1,
        });
        (nodes, groups, self.edges.len())
    }
}
