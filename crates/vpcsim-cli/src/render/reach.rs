//! Rendering of `vpcsim reach` answers: a hop-by-hop human view and the JSON document.
//!
//! Human output shows the verdict, the forward and return paths with the rule that admitted
//! each hop (`sg app: tcp 8081-8082 from sg:alb (design.yaml:23:9)`) and every address or port
//! translation, then each blocker with its code, component, deciding rule and a `help:` line.

use std::io::Write;

use serde::Serialize;
use vpcsim_reach::AnswerView;
use vpcsim_reach::view::{BlockerView, HeaderView, HopView, RuleView};

use crate::render::lang::{self, Lang, Msg, say};
use crate::render::style::Style;
use crate::render::width::pad_to;

/// The JSON document of `vpcsim reach --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    design: &'a str,
    /// `reachable` when every answer is (one, or two with `--via`), `exits_to_on_premises`
    /// when every answer delivers and one leaves through a VPN gateway, else `blocked`.
    verdict: &'static str,
    answers: &'a [AnswerView],
}

/// Whether an answer counts as delivered: reachable, or out to on-premises through a VPN
/// gateway (docs/reach.md, "Verdicts").
pub(crate) fn delivered(view: &AnswerView) -> bool {
    matches!(view.verdict, "reachable" | "exits_to_on_premises")
}

/// The verdict over several answers that must all deliver: `blocked` when one does not,
/// `exits_to_on_premises` when one leaves to on-premises, else `reachable`.
fn overall(views: &[AnswerView]) -> &'static str {
    if !views.iter().all(delivered) {
        "blocked"
    } else if views
        .iter()
        .any(|view| view.verdict == "exits_to_on_premises")
    {
        "exits_to_on_premises"
    } else {
        "reachable"
    }
}

/// Writes the JSON document.
pub(crate) fn json(out: &mut dyn Write, design: &str, views: &[AnswerView]) -> anyhow::Result<()> {
    let report = JsonReport {
        version: 1,
        design,
        verdict: overall(views),
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
    lang: Lang,
) -> anyhow::Result<()> {
    answers(out, design, views, style, lang)?;
    if views.len() > 1 {
        let all = views.iter().all(delivered);
        writeln!(out)?;
        let verdict = reachable_word(all, style, lang);
        let reachable = views.iter().filter(|view| delivered(view)).count();
        writeln!(
            out,
            "{}",
            say(
                Msg::R_LEGS,
                lang,
                &[&verdict, &views[0].query.to, &reachable, &views.len()]
            )
        )?;
    }
    Ok(())
}

fn query_text(view: &AnswerView) -> String {
    let port = view.query.port.map(|p| format!(":{p}")).unwrap_or_default();
    let family = if view.query.family == Some("ipv6") {
        ", IPv6"
    } else {
        ""
    };
    format!(
        "{} -> {}{port} ({}{family})",
        view.query.from, view.query.to, view.query.protocol
    )
}

/// Writes the JSON document of a dual-stack question (§16): one answer per family, reachable
/// when either is.
pub(crate) fn json_families(
    out: &mut dyn Write,
    design: &str,
    views: &[AnswerView],
) -> anyhow::Result<()> {
    let report = JsonReport {
        version: 1,
        design,
        verdict: if views.iter().any(delivered) {
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

/// Writes the human report of a dual-stack question: the IPv4 answer, then the IPv6 one.
pub(crate) fn human_families(
    out: &mut dyn Write,
    design: &str,
    views: &[AnswerView],
    style: Style,
    lang: Lang,
) -> anyhow::Result<()> {
    answers(out, design, views, style, lang)?;
    // One line over both: which family delivers (§16).
    let word = |view: &AnswerView| reachable_word(delivered(view), style, lang);
    if let [v4, v6] = views {
        writeln!(out)?;
        writeln!(out, "IPv4: {}; IPv6: {}", word(v4), word(v6))?;
    }
    Ok(())
}

/// `reachable` or `not reachable`, coloured.
fn reachable_word(reachable: bool, style: Style, lang: Lang) -> String {
    if reachable {
        style.success().paint(Msg::R_REACHABLE.text(lang))
    } else {
        style.error().paint(Msg::R_NOT_REACHABLE.text(lang))
    }
}

/// Every answer, a blank line between them.
fn answers(
    out: &mut dyn Write,
    design: &str,
    views: &[AnswerView],
    style: Style,
    lang: Lang,
) -> anyhow::Result<()> {
    for (index, view) in views.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        answer(out, design, view, style, lang)?;
    }
    Ok(())
}

fn answer(
    out: &mut dyn Write,
    design: &str,
    view: &AnswerView,
    style: Style,
    lang: Lang,
) -> anyhow::Result<()> {
    let verdict = match view.verdict {
        "reachable" => style.success().paint(Msg::R_REACHABLE.text(lang)),
        "exits_to_on_premises" => style.success().paint(Msg::R_EXITS_ON_PREMISES.text(lang)),
        _ => style.error().paint(Msg::R_NOT_REACHABLE.text(lang)),
    };
    writeln!(out, "{verdict}: {}", style.bold().paint(&query_text(view)))?;
    if view.query.any_protocol.is_some() {
        writeln!(out, "{}", Msg::R_ANY_PACKET.text(lang))?;
    }
    // How the path ends, when it leaves the design's interfaces other than to the internet
    // (or reaches a service, which may be either way).
    let last = view
        .forward
        .last()
        .map_or("", |hop| hop.component.name.as_str());
    let service = vpcsim_model::Service::parse(&view.query.to).is_some();
    match view.exit {
        Some("on_premises") => writeln!(out, "{}", say(Msg::R_EXIT_ON_PREMISES, lang, &[&last]))?,
        Some("gateway_endpoint") => {
            writeln!(out, "{}", say(Msg::R_EXIT_ENDPOINT, lang, &[&last]))?;
        }
        Some("internet") if service => writeln!(out, "{}", Msg::R_SERVICE_INTERNET.text(lang))?,
        _ => {}
    }
    if view.paths_considered > 1 && view.verdict != "reachable" {
        writeln!(
            out,
            "{}",
            say(Msg::R_CANDIDATES, lang, &[&view.paths_considered])
        )?;
    }
    if !view.forward.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.bold().paint(Msg::R_FORWARD_PATH.text(lang))
        )?;
        hops(out, design, &view.forward, style, lang)?;
    }
    if !view.return_path.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold().paint(Msg::R_RETURN_PATH.text(lang)))?;
        hops(out, design, &view.return_path, style, lang)?;
    }
    if !view.blocked_by.is_empty() {
        writeln!(out)?;
        let heading = if view.blocked_by.len() == 1 {
            Msg::R_BLOCKED_BY_ONE.text(lang).to_owned()
        } else {
            say(Msg::R_BLOCKED_BY_MANY, lang, &[&view.blocked_by.len()])
        };
        writeln!(out, "{}", style.bold().paint(&heading))?;
        for blocker in &view.blocked_by {
            blocked(out, design, blocker, style, lang)?;
        }
    }
    if !view.health_check_blocked_by.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.warning().paint(Msg::R_HEALTH_BLOCKED.text(lang))
        )?;
        for blocker in &view.health_check_blocked_by {
            blocked(out, design, blocker, style, lang)?;
        }
    }
    for note in &view.not_modelled {
        writeln!(
            out,
            "{}: {note}",
            style.info().paint(Msg::R_NOT_MODELLED.text(lang))
        )?;
    }
    Ok(())
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

fn hops(
    out: &mut dyn Write,
    design: &str,
    hops: &[HopView],
    style: Style,
    lang: Lang,
) -> anyhow::Result<()> {
    for (index, hop) in hops.iter().enumerate() {
        let label = lang::step_label(hop.step).map_or("?", |msg| msg.text(lang));
        let mark = if hop.blocked {
            style.error().paint("x")
        } else {
            " ".to_owned()
        };
        let component = format!(
            "{} {}",
            lang::component_kind(hop.component.kind, lang),
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
            detail = Msg::R_STATEFUL_REPLY.text(lang).to_owned();
        } else if hop.step == "same_subnet" {
            detail = Msg::R_SAME_SUBNET.text(lang).to_owned();
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
    lang: Lang,
) -> anyhow::Result<()> {
    let direction = match (blocker.direction, lang) {
        ("forward", _) => Msg::R_FORWARD.text(lang),
        ("return", _) => Msg::R_RETURN.text(lang),
        (other, _) => other,
    };
    writeln!(
        out,
        "  {}",
        say(
            Msg::R_BLOCKER_AT,
            lang,
            &[
                &style.error().paint(Msg::R_BLOCKED.text(lang)),
                &blocker.code,
                &direction,
                &lang::component_kind(blocker.component.kind, lang),
                &blocker.component.name,
                &blocker.component.address,
            ]
        )
    )?;
    // In Korean, what the code means comes first; the engine's own sentence (names, rule
    // texts, addresses) follows as it is.
    if lang == Lang::Ko
        && let Some(meaning) = lang::blocker_meaning(blocker.code)
    {
        writeln!(out, "    {}: {}", Msg::R_WHY.text(lang), meaning.text(lang))?;
    }
    writeln!(out, "    {}", blocker.message)?;
    writeln!(
        out,
        "    {}: {}",
        Msg::R_PACKET.text(lang),
        header_text(&blocker.packet)
    )?;
    if let Some(rule) = &blocker.rule {
        writeln!(
            out,
            "    {}: {}",
            Msg::R_RULE.text(lang),
            rule_text(design, rule)
        )?;
    }
    writeln!(
        out,
        "    {}: {}",
        style.info().paint(Msg::R_HELP.text(lang)),
        blocker.help
    )?;
    Ok(())
}
