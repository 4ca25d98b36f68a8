//! A `policies:` entry as written → a [`Policy`] over one model: kind, resolved ends and the
//! exact set of flows it speaks of. Every problem is a `POL010` diagnostic at the text's span
//! (never a panic); a selector that matches nothing is a `POL011` warning, because a policy over
//! nothing holds vacuously and would hide a typo.

use vpcsim_flow::{FlowBox, FlowSet};
use vpcsim_model::schema::{self, NumOrText};
use vpcsim_model::{Diagnostic, Loc, Model, Protocol, Span};

use crate::selector::{self, End};

/// Code of an invalid policy.
pub const INVALID: &str = "POL010";
/// Code of a selector that matches nothing.
pub const EMPTY_SELECTOR: &str = "POL011";

/// What a policy asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// No flow of the set from A to B is delivered.
    Deny,
    /// Every flow delivered from A to B is in the set.
    AllowOnly,
    /// Every flow of the set from A to B is delivered, with its return.
    Require,
    /// No flow of the set either way between A and B.
    Isolate,
}

impl Kind {
    /// The word written in `kind:`.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Deny => "deny",
            Kind::AllowOnly => "allow-only",
            Kind::Require => "require",
            Kind::Isolate => "isolate",
        }
    }

    /// The finding code of a violation.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Deny => "POL001",
            Kind::AllowOnly => "POL002",
            Kind::Require => "POL003",
            Kind::Isolate => "POL004",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "deny" => Some(Kind::Deny),
            "allow-only" | "allowonly" | "only" => Some(Kind::AllowOnly),
            "require" => Some(Kind::Require),
            "isolate" => Some(Kind::Isolate),
            _ => None,
        }
    }
}

/// One policy, resolved against a model.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Its `id`.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Source ends (sorted).
    pub from: Vec<End>,
    /// Destination ends (sorted).
    pub to: Vec<End>,
    /// The flows the policy speaks of: protocol × every source × destination ports.
    pub flows: FlowSet,
    /// The protocols and ports as written, for messages (`tcp 8081-8082`, `all traffic`).
    pub flows_text: String,
    /// Where the policy was written (in the design, or in a `--policy` file).
    pub span: Span,
    /// Its `description`.
    pub description: Option<String>,
    /// The selectors as written, for messages.
    pub from_text: String,
    /// The destination selectors as written.
    pub to_text: String,
}

/// The checks that need no design (ids, kinds, protocols, ports), for a `--policy` file read
/// before any design: its mistakes are reported once, at their place in that file.
pub fn validate(specs: &[Loc<schema::Policy>]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut seen: std::collections::BTreeMap<&str, Span> = std::collections::BTreeMap::new();
    for spec in specs {
        let p = &spec.value;
        let id = p.id.value.trim();
        if id.is_empty() {
            diagnostics.push(Diagnostic::error(
                INVALID,
                p.id.span,
                "a policy needs a non-empty `id`",
            ));
            continue;
        }
        if let Some(first) = seen.get(id) {
            diagnostics.push(
                Diagnostic::error(
                    INVALID,
                    p.id.span,
                    format!("policy id `{id}` is used twice"),
                )
                .with_related(*first, "first used here"),
            );
            continue;
        }
        seen.insert(id, p.id.span);
        match Kind::parse(&p.kind.value) {
            None => diagnostics.push(
                Diagnostic::error(
                    INVALID,
                    p.kind.span,
                    format!("unknown policy kind `{}`", p.kind.value),
                )
                .with_help("use deny, allow-only, require or isolate (docs/policies.md)"),
            ),
            Some(kind) => {
                let _ = flow_set(id, kind, p, &mut diagnostics);
            }
        }
    }
    diagnostics
}

/// Resolves every policy; returns the usable ones (in order) and the diagnostics.
pub fn compile(model: &Model, specs: &[Loc<schema::Policy>]) -> (Vec<Policy>, Vec<Diagnostic>) {
    let mut policies = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen: std::collections::BTreeMap<&str, Span> = std::collections::BTreeMap::new();
    for spec in specs {
        let id = spec.value.id.value.trim();
        if id.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    INVALID,
                    spec.value.id.span,
                    "a policy needs a non-empty `id`",
                )
                .with_help("give every policy an id such as `no-internet-to-db`"),
            );
            continue;
        }
        if let Some(first) = seen.get(id) {
            diagnostics.push(
                Diagnostic::error(
                    INVALID,
                    spec.value.id.span,
                    format!("policy id `{id}` is used twice"),
                )
                .with_related(*first, "first used here")
                .with_help("policy ids name findings and suppressions: make them unique"),
            );
            continue;
        }
        seen.insert(id, spec.value.id.span);
        match compile_one(model, spec, &mut diagnostics) {
            Some(policy) => policies.push(policy),
            None => continue,
        }
    }
    (policies, diagnostics)
}

fn compile_one(
    model: &Model,
    spec: &Loc<schema::Policy>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Policy> {
    let p = &spec.value;
    let id = p.id.value.trim().to_owned();
    let Some(kind) = Kind::parse(&p.kind.value) else {
        diagnostics.push(
            Diagnostic::error(
                INVALID,
                p.kind.span,
                format!("unknown policy kind `{}`", p.kind.value),
            )
            .with_help("use deny, allow-only, require or isolate (docs/policies.md)"),
        );
        return None;
    };
    let mut ends = |field: &Loc<schema::OneOrMany<String>>, name: &str| -> Option<Vec<End>> {
        let texts = field.value.as_slice().to_vec();
        if texts.is_empty() {
            diagnostics.push(Diagnostic::error(
                INVALID,
                field.span,
                format!("policy `{id}`: `{name}` selects nothing (an empty list)"),
            ));
            return None;
        }
        match selector::resolve(model, &texts) {
            Ok(ends) => {
                if ends.is_empty() {
                    diagnostics.push(
                        Diagnostic::warning(
                            EMPTY_SELECTOR,
                            field.span,
                            format!(
                                "policy `{id}`: `{name}: {}` matches nothing in this design; the policy is not evaluated",
                                texts.join(", ")
                            ),
                        )
                        .with_help("check the names and tags, or remove the policy"),
                    );
                    return None;
                }
                Some(ends)
            }
            Err((index, error)) => {
                diagnostics.push(
                    Diagnostic::error(
                        INVALID,
                        field.span,
                        format!("policy `{id}`: `{}`: {error}", texts[index]),
                    )
                    .with_help(
                        "selectors: a name or vpc/name, internet, *, kind:K, tag:K=V, subnet:S, vpc:V, region:R, account:A, sg:G, a CIDR; not:SEL (or \"!SEL\") subtracts",
                    ),
                );
                None
            }
        }
    };
    let from = ends(&p.from, "from");
    let to = ends(&p.to, "to");
    let (from, to) = (from?, to?);
    if let Some(End::Range(lo, hi)) = to
        .iter()
        .find(|e| matches!(e, End::Range(lo, hi) if lo != hi))
    {
        diagnostics.push(
            Diagnostic::error(
                INVALID,
                p.to.span,
                format!(
                    "policy `{id}`: a destination CIDR must be one address ({} addresses given)",
                    u64::from(*hi) - u64::from(*lo) + 1
                ),
            )
            .with_help("select the resources instead: `subnet:NAME`, `vpc:NAME`, `tag:K=V`"),
        );
        return None;
    }
    let (flows, flows_text) = flow_set(&id, kind, p, diagnostics)?;
    Some(Policy {
        id,
        kind,
        from,
        to,
        flows,
        flows_text,
        span: spec.span,
        description: p.description.clone(),
        from_text: p.from.value.as_slice().join(", "),
        to_text: p.to.value.as_slice().join(", "),
    })
}

/// The set of flows of `proto` × `ports` (every source address).
fn flow_set(
    id: &str,
    kind: Kind,
    p: &schema::Policy,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(FlowSet, String)> {
    let mut protocols: Vec<(u8, u8)> = Vec::new();
    let written: Vec<String> = p
        .proto
        .as_ref()
        .map(|l| l.value.as_slice().to_vec())
        .unwrap_or_default();
    for text in &written {
        match Protocol::parse(text) {
            Some(Protocol::All) => protocols.push((0, 255)),
            Some(Protocol::Number(n)) => protocols.push((n, n)),
            None => {
                diagnostics.push(
                    Diagnostic::error(
                        INVALID,
                        p.proto.as_ref().map_or(Span::UNKNOWN, |l| l.span),
                        format!("policy `{id}`: unknown protocol `{text}`"),
                    )
                    .with_help("use tcp, udp, icmp, all or a protocol number"),
                );
                return None;
            }
        }
    }
    let mut ports: Vec<(u16, u16)> = Vec::new();
    let ports_span = p.ports.as_ref().map_or(Span::UNKNOWN, |l| l.span);
    for value in p
        .ports
        .as_ref()
        .map(|l| l.value.as_slice().to_vec())
        .unwrap_or_default()
    {
        match parse_ports(&value) {
            Some(range) => ports.push(range),
            None => {
                diagnostics.push(
                    Diagnostic::error(
                        INVALID,
                        ports_span,
                        format!("policy `{id}`: `{value}` is not a port or a port range"),
                    )
                    .with_help("write `5432`, `8081-8082` or a list `[80, 443]` (0-65535)"),
                );
                return None;
            }
        }
    }
    if protocols.is_empty() {
        protocols = if kind == Kind::Require {
            vec![(6, 6)]
        } else if ports.is_empty() {
            vec![(0, 255)]
        } else {
            // A port only means something for tcp and udp.
            vec![(6, 6), (17, 17)]
        };
    }
    let ported = |proto: (u8, u8)| proto.0 <= 17 && proto.1 >= 6;
    if kind == Kind::Require && ports.is_empty() && protocols.iter().any(|p| ported(*p)) {
        diagnostics.push(
            Diagnostic::error(
                INVALID,
                p.kind.span,
                format!("policy `{id}`: `require` over tcp or udp needs `ports`"),
            )
            .with_help("say which flow must get through: `ports: 443`"),
        );
        return None;
    }
    let mut set = FlowSet::empty();
    for &proto in &protocols {
        // tcp and udp use the port list; every other protocol has no ports (§5.3).
        let mut pieces: Vec<(u8, u8)> = Vec::new();
        let (lo, hi) = proto;
        let mut cursor = u16::from(lo);
        for special in [6u16, 17] {
            if special < cursor || special > u16::from(hi) {
                continue;
            }
            if special > cursor {
                pieces.push((narrow(cursor), narrow(special - 1)));
            }
            let p = narrow(special);
            let port_ranges: Vec<(u16, u16)> = if ports.is_empty() {
                vec![(0, 65535)]
            } else {
                ports.clone()
            };
            for range in port_ranges {
                if let Some(b) = FlowBox::with_keys((p, p), (0, u128::MAX), range) {
                    set = set.union(&FlowSet::from_box(b));
                }
            }
            cursor = special + 1;
        }
        if cursor <= u16::from(hi) {
            pieces.push((narrow(cursor), hi));
        }
        for piece in pieces {
            if let Some(b) = FlowBox::with_keys(piece, (0, u128::MAX), (0, 65535)) {
                set = set.union(&FlowSet::from_box(b));
            }
        }
    }
    let proto_text = if !written.is_empty() {
        written.join("/")
    } else if kind == Kind::Require {
        "tcp".to_owned()
    } else if !ports.is_empty() {
        "tcp/udp".to_owned()
    } else {
        "all traffic".to_owned()
    };
    let ports_text: Vec<String> = ports
        .iter()
        .map(|(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}-{hi}")
            }
        })
        .collect();
    let text = if ports_text.is_empty() {
        proto_text
    } else {
        format!("{proto_text} {}", ports_text.join(","))
    };
    Some((set.normalize(), text))
}

fn narrow(v: u16) -> u8 {
    u8::try_from(v).unwrap_or(u8::MAX)
}

/// `22`, `"8081-8082"`.
fn parse_ports(value: &NumOrText) -> Option<(u16, u16)> {
    match value {
        NumOrText::Num(n) => u16::try_from(*n).ok().map(|p| (p, p)),
        NumOrText::Text(text) => {
            let text = text.trim();
            match text.split_once('-') {
                Some((lo, hi)) => {
                    let (lo, hi) = (lo.trim().parse().ok()?, hi.trim().parse().ok()?);
                    (lo <= hi).then_some((lo, hi))
                }
                None => text.parse().ok().map(|p| (p, p)),
            }
        }
    }
}
