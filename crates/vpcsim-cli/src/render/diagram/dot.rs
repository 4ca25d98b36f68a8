//! A [`Diagram`] as Graphviz DOT: `digraph` with nested `cluster_` subgraphs and
//! `compound=true`, for estates too large for Mermaid (`vpcsim diagram X --format dot | dot
//! -Tsvg > x.svg`).
//!
//! Every box gets an invisible point node (`<id>__anchor`) so an edge can start or end at the
//! box: the edge is drawn to the anchor and clipped at the cluster border by `ltail`/`lhead`.
//! Every id and label is a quoted string with `\` and `"` escaped, and label lines are joined
//! with `\n`, so no user-written name can break the syntax.

use std::fmt::Write as _;

use super::{Diagram, EdgeStyle, End, Group, GroupKind, Item, Mark, Node, NodeKind};

/// The DOT text of the diagram.
pub(crate) fn render(diagram: &Diagram) -> String {
    let mut out = String::from(
        "digraph vpcsim {\n  rankdir=LR;\n  compound=true;\n  newrank=true;\n  \
         fontname=\"Helvetica\";\n  \
         node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", \
         fillcolor=\"#ffffff\"];\n  \
         edge [fontname=\"Helvetica\", fontsize=9, color=\"#616161\"];\n",
    );
    for item in &diagram.items {
        write_item(&mut out, item, 1);
    }
    for edge in &diagram.edges {
        let mut attrs: Vec<String> = Vec::new();
        if !edge.label.is_empty() {
            attrs.push(format!("label=\"{}\"", lines(&edge.label)));
        }
        if let End::Group(id) = &edge.from {
            attrs.push(format!("ltail=\"cluster_{id}\""));
        }
        if let End::Group(id) = &edge.to {
            attrs.push(format!("lhead=\"cluster_{id}\""));
        }
        match edge.style {
            EdgeStyle::Route => {}
            EdgeStyle::Link => attrs.push("dir=none, style=bold".to_owned()),
            EdgeStyle::BlackholeRoute => {
                attrs.push("color=\"#c62828\", style=dashed, fontcolor=\"#c62828\"".to_owned());
            }
            EdgeStyle::Path => attrs.push(
                "color=\"#1565c0\", penwidth=3, fontcolor=\"#1565c0\", constraint=false".to_owned(),
            ),
            EdgeStyle::ReturnPath => attrs.push(
                "color=\"#6a1b9a\", penwidth=2, style=dashed, fontcolor=\"#6a1b9a\", \
                 constraint=false"
                    .to_owned(),
            ),
            EdgeStyle::Blocked => attrs.push(
                "color=\"#c62828\", penwidth=3, style=dashed, fontcolor=\"#c62828\", \
                 constraint=false"
                    .to_owned(),
            ),
        }
        let _ = write!(
            out,
            "  \"{}\" -> \"{}\"",
            point(&edge.from),
            point(&edge.to)
        );
        if attrs.is_empty() {
            out.push_str(";\n");
        } else {
            let _ = writeln!(out, " [{}];", attrs.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

/// The node an edge end is drawn to: the node itself, or the anchor inside a box.
fn point(end: &End) -> String {
    match end {
        End::Node(id) => id.clone(),
        End::Group(id) => format!("{id}__anchor"),
    }
}

fn write_item(out: &mut String, item: &Item, depth: usize) {
    match item {
        Item::Group(group) => write_group(out, group, depth),
        Item::Node(node) => write_node(out, node, depth),
    }
}

fn write_group(out: &mut String, group: &Group, depth: usize) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(out, "{indent}subgraph \"cluster_{}\" {{", group.id);
    let _ = writeln!(out, "{indent}  label=\"{}\";", escape(&group.label));
    let style = match group.kind {
        GroupKind::Vpc => {
            "style=\"rounded,filled\"; fillcolor=\"#fffaf0\"; color=\"#ff9900\"; penwidth=2;"
        }
        GroupKind::Az => "style=\"dashed\"; color=\"#999999\";",
        GroupKind::PublicSubnet => {
            "style=\"rounded,filled\"; fillcolor=\"#e8f5e9\"; color=\"#2e7d32\";"
        }
        GroupKind::PrivateSubnet => {
            "style=\"rounded,filled\"; fillcolor=\"#e3f2fd\"; color=\"#1565c0\";"
        }
    };
    let _ = writeln!(out, "{indent}  {style}");
    match group.mark {
        Mark::None => {}
        Mark::OnPath => {
            let _ = writeln!(out, "{indent}  color=\"#1565c0\"; penwidth=3;");
        }
        Mark::Blocked => {
            let _ = writeln!(
                out,
                "{indent}  color=\"#c62828\"; penwidth=3; style=\"rounded,filled,dashed\";"
            );
        }
    }
    let _ = writeln!(
        out,
        "{indent}  \"{}__anchor\" [shape=point, style=invis, width=0.01, label=\"\"];",
        group.id
    );
    for item in &group.items {
        write_item(out, item, depth + 1);
    }
    let _ = writeln!(out, "{indent}}}");
}

fn write_node(out: &mut String, node: &Node, depth: usize) {
    let indent = "  ".repeat(depth);
    let shape = match node.kind {
        NodeKind::Internet => "shape=ellipse, fillcolor=\"#f5f5f5\"",
        NodeKind::InternetGateway | NodeKind::EgressOnlyIgw | NodeKind::VpnGateway => {
            "shape=hexagon, fillcolor=\"#fff3e0\", color=\"#e65100\""
        }
        NodeKind::TransitGateway => "shape=doubleoctagon, fillcolor=\"#fff3e0\", color=\"#e65100\"",
        NodeKind::Peering => "shape=diamond, fillcolor=\"#f5f5f5\"",
        NodeKind::GatewayEndpoint => "shape=cds, fillcolor=\"#f5f5f5\"",
        NodeKind::Blackhole => "shape=octagon, fillcolor=\"#ffebee\", color=\"#c62828\"",
        NodeKind::NatGateway => {
            "shape=box3d, style=filled, fillcolor=\"#fff3e0\", color=\"#e65100\""
        }
        NodeKind::LoadBalancer => "shape=component, style=filled, fillcolor=\"#ffffff\"",
        NodeKind::Instance | NodeKind::Eni | NodeKind::InterfaceEndpoint => "",
        NodeKind::Database | NodeKind::Cache => {
            "shape=cylinder, style=filled, fillcolor=\"#f3e5f5\", color=\"#6a1b9a\""
        }
        NodeKind::Standby => {
            "shape=cylinder, style=\"dashed\", color=\"#9e9e9e\", fontcolor=\"#757575\""
        }
    };
    let mut attrs = vec![format!("label=\"{}\"", lines(&node.label))];
    if !shape.is_empty() {
        attrs.push(shape.to_owned());
    }
    match node.mark {
        Mark::None => {}
        Mark::OnPath => attrs.push("color=\"#1565c0\", penwidth=3".to_owned()),
        Mark::Blocked => attrs.push("color=\"#c62828\", penwidth=3".to_owned()),
    }
    let _ = writeln!(out, "{indent}\"{}\" [{}];", node.id, attrs.join(", "));
}

fn lines(label: &[String]) -> String {
    label
        .iter()
        .map(|line| escape(line))
        .collect::<Vec<_>>()
        .join("\\n")
}

/// Escapes text for a double-quoted DOT string. Newlines become spaces: line breaks are
/// written by [`lines`] only.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
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
    fn escapes_quotes_and_backslashes() {
        assert_eq!(escape(r#"a"b\c"#), r#"a\"b\\c"#);
        assert_eq!(escape("x\ny"), "x y");
    }
}
