//! A [`Diagram`] as a Mermaid `flowchart` (GitHub renders it in Markdown, issues and PRs).
//!
//! Boxes are `subgraph id["label"] … end`; nodes carry quoted labels with every character
//! Mermaid gives a meaning to written as an entity (`#quot;`, `#35;`, `#lt;` …); styles are
//! `classDef`s applied with `class`, and path edges are coloured with `linkStyle` by their
//! index. mermaid.js refuses diagrams above 500 edges or 50,000 characters (its `maxEdges`
//! and `maxTextSize`, which a diagram cannot raise), so [`render`] checks both and fails with
//! [`TooLarge`] instead of writing text that will not render.

use std::fmt::Write as _;

use super::{Diagram, EdgeStyle, End, Group, GroupKind, Item, Mark, Node, NodeKind};

/// mermaid.js `maxEdges`.
pub(crate) const MAX_EDGES: usize = 500;
/// mermaid.js `maxTextSize` (UTF-16 code units).
pub(crate) const MAX_TEXT: usize = 50_000;

/// The diagram exceeds a hard limit of mermaid.js.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TooLarge {
    /// Edges drawn.
    pub(crate) edges: usize,
    /// Characters (UTF-16 code units) of the text.
    pub(crate) chars: usize,
}

/// The text of the diagram, or why Mermaid cannot draw it.
pub(crate) fn render(diagram: &Diagram) -> Result<String, TooLarge> {
    let mut out = String::from("flowchart LR\n");
    let mut classes = Classes::default();
    for item in &diagram.items {
        write_item(&mut out, item, 1, &mut classes);
    }
    let mut path_links: Vec<usize> = Vec::new();
    let mut return_links: Vec<usize> = Vec::new();
    let mut blocked_links: Vec<usize> = Vec::new();
    let mut blackhole_links: Vec<usize> = Vec::new();
    for (index, edge) in diagram.edges.iter().enumerate() {
        let arrow = match edge.style {
            EdgeStyle::Route | EdgeStyle::Path | EdgeStyle::ReturnPath => "-->",
            EdgeStyle::Link => "---",
            EdgeStyle::BlackholeRoute | EdgeStyle::Blocked => "-.->",
        };
        match edge.style {
            EdgeStyle::Path => path_links.push(index),
            EdgeStyle::ReturnPath => return_links.push(index),
            EdgeStyle::Blocked => blocked_links.push(index),
            EdgeStyle::BlackholeRoute => blackhole_links.push(index),
            EdgeStyle::Route | EdgeStyle::Link => {}
        }
        let _ = write!(out, "  {} {arrow}", edge.from.id());
        if !edge.label.is_empty() {
            let _ = write!(out, "|\"{}\"|", lines(&edge.label));
        }
        let _ = writeln!(out, " {}", end_id(&edge.to));
    }
    out.push_str(CLASS_DEFS);
    for (class, ids) in classes.in_order() {
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {class}", ids.join(","));
        }
    }
    for (links, style) in [
        (&blackhole_links, "stroke:#c62828,stroke-dasharray:4"),
        (&path_links, "stroke:#1565c0,stroke-width:3px,color:#1565c0"),
        (
            &return_links,
            "stroke:#6a1b9a,stroke-width:2px,stroke-dasharray:6,color:#6a1b9a",
        ),
        (
            &blocked_links,
            "stroke:#c62828,stroke-width:3px,stroke-dasharray:4,color:#c62828",
        ),
    ] {
        if !links.is_empty() {
            let list: Vec<String> = links.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "  linkStyle {} {style}", list.join(","));
        }
    }
    let chars = out.encode_utf16().count();
    if diagram.edges.len() > MAX_EDGES || chars > MAX_TEXT {
        return Err(TooLarge {
            edges: diagram.edges.len(),
            chars,
        });
    }
    Ok(out)
}

fn end_id(end: &End) -> &str {
    end.id()
}

const CLASS_DEFS: &str = "  classDef vpc fill:#fffaf0,stroke:#ff9900,stroke-width:2px
  classDef az fill:#ffffff,stroke:#999999,stroke-dasharray:4
  classDef public fill:#e8f5e9,stroke:#2e7d32
  classDef private fill:#e3f2fd,stroke:#1565c0
  classDef external fill:#f5f5f5,stroke:#616161
  classDef gateway fill:#fff3e0,stroke:#e65100
  classDef resource fill:#ffffff,stroke:#424242
  classDef data fill:#f3e5f5,stroke:#6a1b9a
  classDef standby fill:#ffffff,stroke:#9e9e9e,stroke-dasharray:3,color:#757575
  classDef blackhole fill:#ffebee,stroke:#c62828
  classDef onpath stroke:#1565c0,stroke-width:4px
  classDef blocked stroke:#c62828,stroke-width:4px,stroke-dasharray:4
";

/// Ids per class, filled while writing so the `class` lines follow drawing order.
#[derive(Default)]
struct Classes {
    vpc: Vec<String>,
    az: Vec<String>,
    public: Vec<String>,
    private: Vec<String>,
    external: Vec<String>,
    gateway: Vec<String>,
    resource: Vec<String>,
    data: Vec<String>,
    standby: Vec<String>,
    blackhole: Vec<String>,
    onpath: Vec<String>,
    blocked: Vec<String>,
}

impl Classes {
    fn in_order(&self) -> [(&'static str, &Vec<String>); 12] {
        [
            ("vpc", &self.vpc),
            ("az", &self.az),
            ("public", &self.public),
            ("private", &self.private),
            ("external", &self.external),
            ("gateway", &self.gateway),
            ("resource", &self.resource),
            ("data", &self.data),
            ("standby", &self.standby),
            ("blackhole", &self.blackhole),
            // Last, so the path's colours win over the kind's.
            ("onpath", &self.onpath),
            ("blocked", &self.blocked),
        ]
    }

    fn mark(&mut self, id: &str, mark: Mark) {
        match mark {
            Mark::None => {}
            Mark::OnPath => self.onpath.push(id.to_owned()),
            Mark::Blocked => self.blocked.push(id.to_owned()),
        }
    }
}

fn write_item(out: &mut String, item: &Item, depth: usize, classes: &mut Classes) {
    match item {
        Item::Group(group) => write_group(out, group, depth, classes),
        Item::Node(node) => write_node(out, node, depth, classes),
    }
}

fn write_group(out: &mut String, group: &Group, depth: usize, classes: &mut Classes) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{indent}subgraph {}[\"{}\"]",
        group.id,
        escape(&group.label)
    );
    let _ = writeln!(out, "{indent}  direction TB");
    for item in &group.items {
        write_item(out, item, depth + 1, classes);
    }
    let _ = writeln!(out, "{indent}end");
    let list = match group.kind {
        GroupKind::Vpc => &mut classes.vpc,
        GroupKind::Az => &mut classes.az,
        GroupKind::PublicSubnet => &mut classes.public,
        GroupKind::PrivateSubnet => &mut classes.private,
    };
    list.push(group.id.clone());
    classes.mark(&group.id, group.mark);
}

fn write_node(out: &mut String, node: &Node, depth: usize, classes: &mut Classes) {
    let indent = "  ".repeat(depth);
    let text = lines(&node.label);
    // Shapes: circle for the internet, hexagons for gateways, cylinders for data stores.
    let (open, close, list) = match node.kind {
        NodeKind::Internet => ("((\"", "\"))", &mut classes.external),
        NodeKind::InternetGateway
        | NodeKind::EgressOnlyIgw
        | NodeKind::VpnGateway
        | NodeKind::TransitGateway => ("{{\"", "\"}}", &mut classes.gateway),
        NodeKind::Peering | NodeKind::GatewayEndpoint => ("{{\"", "\"}}", &mut classes.external),
        NodeKind::Blackhole => ("[\"", "\"]", &mut classes.blackhole),
        NodeKind::NatGateway => ("[[\"", "\"]]", &mut classes.gateway),
        NodeKind::LoadBalancer => ("[/\"", "\"/]", &mut classes.resource),
        NodeKind::Instance | NodeKind::Eni | NodeKind::InterfaceEndpoint => {
            ("[\"", "\"]", &mut classes.resource)
        }
        NodeKind::Database | NodeKind::Cache => ("[(\"", "\")]", &mut classes.data),
        NodeKind::Standby => ("[(\"", "\")]", &mut classes.standby),
    };
    let _ = writeln!(out, "{indent}{}{open}{text}{close}", node.id);
    list.push(node.id.clone());
    classes.mark(&node.id, node.mark);
}

/// Label lines, each escaped, joined by Mermaid's line break.
fn lines(label: &[String]) -> String {
    label
        .iter()
        .map(|line| escape(line))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// Escapes text for a quoted Mermaid label: every character with a meaning in Mermaid's
/// grammar or in the HTML it renders becomes an entity code, so user names cannot break out
/// of the label or inject markup.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"a"b#c<d>e[f]g{h}i|j`k&l"#),
            "a#quot;b#35;c#lt;d#gt;e#91;f#93;g#123;h#125;i#124;j#96;k#amp;l"
        );
        assert_eq!(
            escape("public-a 10.0.0.0/24 · 251 usable"),
            "public-a 10.0.0.0/24 · 251 usable"
        );
    }
}
