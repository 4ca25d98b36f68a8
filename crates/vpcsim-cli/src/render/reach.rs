//! Rendering of `vpcsim reach` answers: a hop-by-hop human view and the JSON document.
//!
//! Human output shows the verdict, the forward and return paths with the rule that admitted
//! each hop (`sg app: tcp 8081-8082 from sg:alb (design.yaml:23:9)`) and every address or port
//! translation, then each blocker with its code, component, deciding rule and a `help:` line.

use std::io::Write;

use serde::Serialize;
use vpcsim_reach::AnswerView;
use vpcsim_reach::view::{BlockerView, HeaderView, HopView, RuleView};

use crate::render::style::Style;
use crate::render::width::pad_to;

/// The JSON document of `vpcsim reach --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    design: &'a str,
    /// `reachable` when every answer is (one, or two with `--via`), else `blocked`.
    verdict: &'static str,
    answers: &'a [AnswerView],
}

/// Writes the JSON document.
pub(crate) fn json(out: &mut dyn Write, design: &str, views: &[AnswerView]) -> anyhow::Result<()> {
    let report = JsonReport {
        version: 1,
        design,
        verdict: if views.iter().all(|view| view.verdict == "reachable") {
            "reachable"
        } else {
            "blocked"
        },
        answers: views,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}

/// Writes the human report.
pub(crate) fn human(
    out: &mut dyn Write,
    design: &str,
    views: &[AnswerView],
    style: Style,
) -> anyhow::Result<()> {
    for (index, view) in views.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        answer(out, design, view, style)?;
    }
    if views.len() > 1 {
        let all = views.iter().all(|view| view.verdict == "reachable");
        writeln!(out)?;
        let verdict = if all {
            style.success().paint("reachable")
        } else {
            style.error().paint("not reachable")
        };
        writeln!(
            out,
            "{verdict} through `{}`: {} of {} legs reachable",
            views[0].query.to,
            views
                .iter()
                .filter(|view| view.verdict == "reachable")
                .count(),
            views.len()
        )?;
    }
    Ok(())
}

fn query_text(view: &AnswerView) -> String {
    let port = view.query.port.map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{} -> {}{port} ({})",
        view.query.from, view.query.to, view.query.protocol
    )
}

fn answer(
    out: &mut dyn Write,
    design: &str,
    view: &AnswerView,
    style: Style,
) -> anyhow::Result<()> {
    let verdict = if view.verdict == "reachable" {
        style.success().paint("reachable")
    } else {
        style.error().paint("not reachable")
    };
    writeln!(out, "{verdict}: {}", style.bold().paint(&query_text(view)))?;
    if view.paths_considered > 1 && view.verdict != "reachable" {
        writeln!(
            out,
            "  none of {} candidate paths delivers; showing the one with the fewest blockers",
            view.paths_considered
        )?;
    }
    if !view.forward.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold().paint("forward path:"))?;
        hops(out, design, &view.forward, style)?;
    }
    if !view.return_path.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold().paint("return path:"))?;
        hops(out, design, &view.return_path, style)?;
    }
    if !view.blocked_by.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.bold().paint(&format!(
                "blocked by {} setting{}:",
                view.blocked_by.len(),
                if view.blocked_by.len() == 1 { "" } else { "s" }
            ))
        )?;
        for blocker in &view.blocked_by {
            blocked(out, design, blocker, style)?;
        }
    }
    if !view.health_check_blocked_by.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.warning().paint(
                "warning: the load balancer's health check of this target is blocked (the target would be unhealthy):"
            )
        )?;
        for blocker in &view.health_check_blocked_by {
            blocked(out, design, blocker, style)?;
        }
    }
    for note in &view.not_modelled {
        writeln!(out, "{}: {note}", style.info().paint("not modelled"))?;
    }
    Ok(())
}

fn step_label(step: &str) -> &'static str {
    match step {
        "start" => "start",
        "security_group_egress" => "sg out",
        "security_group_ingress" => "sg in",
        "security_group_stateful" => "sg stateful",
        "network_acl_egress" => "nacl out",
        "network_acl_ingress" => "nacl in",
        "same_subnet" => "same subnet",
        "route" => "route",
        "igw_snat" => "igw snat",
        "igw_dnat" => "igw dnat",
        "nat_snat" => "nat snat",
        "nat_unsnat" => "nat un-snat",
        "peering" => "peering",
        "tgw_route" => "tgw route",
        "listener" => "listener",
        "lb_to_target" => "lb -> target",
        "lb_reply" => "lb reply",
        "gateway_endpoint" => "gw endpoint",
        "to_internet" => "internet",
        "from_internet" => "internet",
        "arrive" => "arrive",
        "drop" => "drop",
        _ => "?",
    }
}

fn header_text(header: &HeaderView) -> String {
    if header.src_ports == "-" {
        format!("{} {} -> {}", header.protocol, header.src, header.dst)
    } else {
        format!(
            "{} {}:{} -> {}:{}",
            header.protocol, header.src, header.src_ports, header.dst, header.dst_ports
        )
    }
}

/// Only the fields a translation changed: `dst 54.180.0.1:80 => 10.0.0.5:80`.
fn translation_text(before: &HeaderView, after: &HeaderView) -> String {
    let end = |address: &str, ports: &str| {
        if ports == "-" {
            address.to_owned()
        } else {
            format!("{address}:{ports}")
        }
    };
    let mut parts = Vec::new();
    if before.src != after.src || before.src_ports != after.src_ports {
        parts.push(format!(
            "src {} => {}",
            end(&before.src, &before.src_ports),
            end(&after.src, &after.src_ports)
        ));
    }
    if before.dst != after.dst || before.dst_ports != after.dst_ports {
        parts.push(format!(
            "dst {} => {}",
            end(&before.dst, &before.dst_ports),
            end(&after.dst, &after.dst_ports)
        ));
    }
    parts.join(", ")
}

/// `sg app: tcp 8081-8082 from sg:alb (design.yaml:23:9)`.
pub(crate) fn rule_text(design: &str, rule: &RuleView) -> String {
    let owner = match rule.kind {
        "sg_rule" => "sg",
        "nacl_entry" => "nacl",
        "route" => "route table",
        "tgw_route" => "tgw route table",
        "listener" => "listener of",
        "target" => "target group",
        _ => "",
    };
    let location = match (rule.line, rule.column) {
        (Some(line), Some(column)) => format!(" ({design}:{line}:{column})"),
        _ if rule.implicit => " (implicit AWS default)".to_owned(),
        _ => String::new(),
    };
    format!("{owner} {}: {}{location}", rule.owner, rule.text)
}

fn hops(out: &mut dyn Write, design: &str, hops: &[HopView], style: Style) -> anyhow::Result<()> {
    for (index, hop) in hops.iter().enumerate() {
        let label = step_label(hop.step);
        let mark = if hop.blocked {
            style.error().paint("x")
        } else {
            " ".to_owned()
        };
        let component = format!(
            "{} {}",
            hop.component.kind.replace('_', " "),
            hop.component.name
        );
        let mut detail = String::new();
        if let Some(rule) = &hop.rule {
            detail = rule_text(design, rule);
        }
        if let Some(before) = &hop.before {
            let translation = translation_text(before, &hop.packet);
            detail = if detail.is_empty() {
                translation
            } else {
                format!("{detail}; {translation}")
            };
        } else if hop.step == "start" {
            detail = header_text(&hop.packet);
        } else if hop.step == "security_group_stateful" {
            detail = "reply of an admitted connection (stateful)".to_owned();
        } else if hop.step == "same_subnet" {
            detail = "same subnet: no route lookup, no NACL".to_owned();
        }
        writeln!(
            out,
            "  {mark}{:>2}  {} {} {detail}",
            index + 1,
            pad_to(label, 12),
            pad_to(&component, 28)
        )?;
    }
    Ok(())
}

fn blocked(
    out: &mut dyn Write,
    design: &str,
    blocker: &BlockerView,
    style: Style,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "  {}[{}] {} at {} `{}` ({})",
        style.error().paint("blocked"),
        blocker.code,
        blocker.direction,
        blocker.component.kind.replace('_', " "),
        blocker.component.name,
        blocker.component.address
    )?;
    writeln!(out, "    {}", blocker.message)?;
    writeln!(out, "    packet: {}", header_text(&blocker.packet))?;
    if let Some(rule) = &blocker.rule {
        writeln!(out, "    rule: {}", rule_text(design, rule))?;
    }
    writeln!(out, "    {}: {}", style.info().paint("help"), blocker.help)?;
    Ok(())
}
