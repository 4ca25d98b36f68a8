//! `vpcsim fix`: for every failed `expect:` and violated policy, the smallest design change that
//! makes it hold without changing anything else, verified before it is offered.
//!
//! Candidates come from the packet engine's own answer for a witness flow: a blocker names the
//! security group, NACL entry or route that stops it, an admitting hop names the rule that lets
//! it through. Each candidate is a text edit of the YAML ([`edit`]: comments and layout stay),
//! and is kept only if the edited design resolves, the target now holds, every expectation and
//! policy that held still holds, and the symbolic `diff` between the two designs shows no change
//! besides the intended flows (or their consequences through the same load balancer). The
//! candidates are tried narrowest first (a security-group reference, then one address, then a
//! subnet; the client's refused port range before 1024-65535 …), so the first verified one is
//! the smallest this search knows. What has no verified fix is reported with the reason.

pub mod edit;

use std::collections::BTreeSet;

use vpcsim_flow::{FlowBox, FlowSet};
use vpcsim_model::{
    EniId, Loc, Model, NaclAction, Protocol, Resource, RouteTarget, SgPeer, SourceFile, schema,
};
use vpcsim_reach::{
    Answer, Component, Direction, Engine, Flow, Header, Query, QueryEndpoint, RuleRef,
    check_expectations, parse_query,
};
use vpcsim_symbolic::{Analyzer, ChangeKind};

use crate::selector::{End, qualified_name};
use crate::spec::{Kind, Policy};

/// What has to change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// `expect:` entry `index`.
    Expectation(usize),
    /// The policy with this id.
    Policy(String),
}

/// One verified change.
#[derive(Debug, Clone)]
pub struct Step {
    /// What it fixes (`expectation `web -> app:8081``, `policy `x``).
    pub target: String,
    /// The edits, in words.
    pub changes: Vec<String>,
    /// Other flows it opens or closes that follow from the intended ones (through a load
    /// balancer).
    pub consequences: Vec<String>,
    /// Candidates tried before this one and refused, with why (the alternatives it beat).
    pub refused: Vec<String>,
    /// The design after this step.
    pub text: String,
}

/// One target's outcome.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Fixed by a verified change.
    Fixed(Step),
    /// No verified change was found.
    NoFix {
        /// What could not be fixed.
        target: String,
        /// Why: no candidate, or the candidates' conflicts.
        reasons: Vec<String>,
    },
}

/// Everything `fix` found.
#[derive(Debug, Clone)]
pub struct Report {
    /// The outcomes in the order targets were handled.
    pub outcomes: Vec<Outcome>,
    /// The design with every fixed step applied.
    pub text: String,
}

/// How many targets (and rounds of one target) a run handles.
const MAX_ROUNDS: usize = 32;
/// How many edits one fix may combine (an SG rule and a NACL entry and a route …).
const MAX_DEPTH: usize = 3;
/// How many refused candidates a "no fix" names.
const SHOWN_REASONS: usize = 3;
/// Candidates tried per blocker.
const BRANCH: usize = 4;

/// The state of one version of the design.
struct State {
    model: Model,
    expectations: Vec<bool>,
    policies: Vec<(Policy, bool)>,
}

fn load(name: &str, text: &str, external: &[Loc<schema::Policy>]) -> Result<State, String> {
    let loaded = vpcsim_model::load(&SourceFile {
        name: name.to_owned(),
        text: text.to_owned(),
    });
    if loaded.has_errors() {
        let first = loaded
            .diagnostics
            .iter()
            .find(|d| d.severity == vpcsim_model::Severity::Error)
            .map(|d| format!("{} {}", d.code, d.message))
            .unwrap_or_default();
        return Err(first);
    }
    let model = loaded.model.ok_or("no model")?;
    let engine = Engine::new(&model);
    let expectations = check_expectations(&engine)
        .iter()
        .map(vpcsim_reach::ExpectationResult::passed)
        .collect();
    let (mut policies, problems) = crate::compile(&model, &model.policies);
    let (theirs, more) = crate::compile(&model, external);
    policies.extend(theirs);
    if let Some(problem) = problems
        .iter()
        .chain(&more)
        .find(|d| d.severity == vpcsim_model::Severity::Error)
    {
        return Err(format!("{} {}", problem.code, problem.message));
    }
    let analyzer = Analyzer::new(&engine);
    let verdicts = crate::evaluate(&analyzer, &policies);
    let policies = policies
        .into_iter()
        .zip(verdicts)
        .map(|(p, v)| (p, v.holds()))
        .collect();
    drop(analyzer);
    drop(engine);
    Ok(State {
        model,
        expectations,
        policies,
    })
}

/// What a target needs: flows opened or closed between two named ends, with a witness.
struct Goal {
    label: String,
    open: bool,
    from: String,
    to: String,
    witness: Query,
    /// Every (sources, destinations, flows) the change may open or close, by `diff`'s names:
    /// the witness's pair, and for a policy each of its failing pairs.
    allowed: Vec<(Vec<String>, Vec<String>, FlowSet)>,
}

/// The names `diff` may give an end: `internet`, `vpc/name`, or for a CIDR the resources with
/// an address in it (and `internet` when it holds public addresses).
fn diff_names(model: &Model, end: End) -> Vec<String> {
    match end {
        End::Internet => vec!["internet".to_owned()],
        End::Resource(r) => vec![qualified_name(model, r)],
        End::Range(lo, hi) => {
            let mut names: Vec<String> = crate::selector::universe(model)
                .into_iter()
                .filter(|r| {
                    model.resource_enis(*r).iter().any(|e| {
                        let ip = u32::from(model.eni(*e).private_ip);
                        lo <= ip && ip <= hi
                    })
                })
                .map(|r| qualified_name(model, r))
                .collect();
            let first = std::net::Ipv4Addr::from(lo);
            if !(first.is_private() || first.is_loopback() || first.is_link_local()) {
                names.push("internet".to_owned());
            }
            names
        }
    }
}

fn endpoint_name(model: &Model, endpoint: QueryEndpoint) -> String {
    match endpoint {
        QueryEndpoint::Internet => "internet".to_owned(),
        QueryEndpoint::Resource(r) => qualified_name(model, r),
        QueryEndpoint::Address(std::net::IpAddr::V4(a))
            if !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || model.vpcs.iter().any(|v| v.contains(a))) =>
        {
            "internet".to_owned()
        }
        QueryEndpoint::Address(a) => a.to_string(),
        QueryEndpoint::Service(service) => service.as_str().to_owned(),
    }
}

fn one_flow(protocol: Protocol, port: Option<u16>) -> FlowSet {
    let p = match protocol {
        Protocol::Number(n) => (n, n),
        Protocol::All => (0, 255),
    };
    let ports = if protocol.has_ports() {
        let port = port.unwrap_or(0);
        (port, port)
    } else {
        (0, 65535)
    };
    FlowBox::with_keys(p, (0, u128::MAX), ports).map_or_else(FlowSet::empty, FlowSet::from_box)
}

fn goal_for(state: &State, target: &Target, external: &[Loc<schema::Policy>]) -> Option<Goal> {
    let model = &state.model;
    let _ = external;
    match target {
        Target::Expectation(index) => {
            let e = model.expectations.get(*index)?;
            let query = parse_query(model, &e.from, &e.to, e.proto.as_deref()).ok()?;
            Some(Goal {
                label: format!(
                    "expectation `{} -> {}` ({})",
                    e.from,
                    e.to,
                    if e.reachable { "reachable" } else { "blocked" }
                ),
                open: e.reachable,
                from: endpoint_name(model, query.from),
                to: endpoint_name(model, query.to),
                witness: query,
                allowed: vec![(
                    vec![endpoint_name(model, query.from)],
                    vec![endpoint_name(model, query.to)],
                    one_flow(query.protocol, query.port),
                )],
            })
        }
        Target::Policy(id) => {
            let (policy, _) = state.policies.iter().find(|(p, _)| &p.id == id)?;
            let engine = Engine::new(model);
            let analyzer = Analyzer::new(&engine);
            let verdict = crate::evaluate_one(&analyzer, 0, policy);
            let v = verdict.violations.first()?;
            let name = |end: End| crate::selector::end_name(model, end);
            Some(Goal {
                label: format!("policy `{}` ({})", policy.id, policy.kind.word()),
                open: policy.kind == Kind::Require,
                from: name(v.from),
                to: name(v.to),
                witness: v.witness,
                allowed: verdict
                    .violations
                    .iter()
                    .map(|v| {
                        let flows = if policy.kind == Kind::Require {
                            policy.flows.clone()
                        } else {
                            v.flows.clone()
                        };
                        (diff_names(model, v.from), diff_names(model, v.to), flows)
                    })
                    .collect(),
            })
        }
    }
}

fn target_holds(state: &State, target: &Target) -> bool {
    match target {
        Target::Expectation(i) => state.expectations.get(*i).copied().unwrap_or(false),
        Target::Policy(id) => state
            .policies
            .iter()
            .any(|(p, holds)| &p.id == id && *holds),
    }
}

fn failing(state: &State) -> Vec<Target> {
    let mut targets: Vec<Target> = state
        .expectations
        .iter()
        .enumerate()
        .filter(|(_, ok)| !**ok)
        .map(|(i, _)| Target::Expectation(i))
        .collect();
    targets.extend(
        state
            .policies
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(p, _)| Target::Policy(p.id.clone())),
    );
    targets
}

/// Proposes fixes for every failing target of the design `text`.
pub fn fix(name: &str, text: &str, external: &[Loc<schema::Policy>]) -> Result<Report, String> {
    let mut current = text.to_owned();
    let mut outcomes = Vec::new();
    let mut given_up: BTreeSet<Target> = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        let state = load(name, &current, external)?;
        let Some(target) = failing(&state).into_iter().find(|t| !given_up.contains(t)) else {
            break;
        };
        let Some(goal) = goal_for(&state, &target, external) else {
            outcomes.push(Outcome::NoFix {
                target: format!("{target:?}"),
                reasons: vec![
                    "the target cannot be evaluated (its endpoints do not parse)".to_owned(),
                ],
            });
            given_up.insert(target);
            continue;
        };
        let mut search = Search {
            name,
            external,
            base: &state,
            target: &target,
            goal: &goal,
            conflicts: Vec::new(),
        };
        match search.run(&current, 0, Vec::new()) {
            Some((text, changes, consequences)) => {
                let mut refused = search.conflicts.clone();
                refused.dedup();
                refused.truncate(SHOWN_REASONS);
                outcomes.push(Outcome::Fixed(Step {
                    target: goal.label.clone(),
                    changes,
                    consequences,
                    refused,
                    text: text.clone(),
                }));
                current = text;
            }
            None => {
                let mut reasons = search.conflicts;
                reasons.sort();
                reasons.dedup();
                let more = reasons.len().saturating_sub(SHOWN_REASONS);
                reasons.truncate(SHOWN_REASONS);
                if more > 0 {
                    reasons.push(format!("… and {more} more candidate(s) refused"));
                }
                if reasons.is_empty() {
                    reasons.push("no change of a security group rule, NACL entry or NAT route that vpcsim writes makes it hold".to_owned());
                } else {
                    reasons.insert(
                        0,
                        "no candidate makes it hold without changing other flows:".to_owned(),
                    );
                }
                reasons.extend(evidence(&state.model, &goal));
                outcomes.push(Outcome::NoFix {
                    target: goal.label.clone(),
                    reasons,
                });
                given_up.insert(target);
            }
        }
    }
    Ok(Report {
        outcomes,
        text: current,
    })
}

/// What decides the witness today: its blockers (to open) or the rules admitting it (to
/// close), so that a target without a fix says what a person has to change.
fn evidence(model: &Model, goal: &Goal) -> Vec<String> {
    let engine = Engine::new(model);
    let answer = engine.query(&goal.witness);
    let view = vpcsim_reach::AnswerView::new(model, &goal.witness, &answer);
    let mut out = Vec::new();
    if goal.open {
        for blocker in &view.blocked_by {
            out.push(format!(
                "the witness ({} {} -> {}) is blocked by {} at {}: {}",
                view.query.protocol,
                view.query.from,
                view.query.to,
                blocker.code,
                blocker.component.name,
                blocker.message
            ));
        }
    } else {
        let mut rules: Vec<String> = view
            .forward
            .iter()
            .filter_map(|hop| hop.rule.as_ref())
            .filter(|rule| rule.kind == "sg_rule" || rule.kind == "nacl_entry")
            .map(crate::findings::rule_text)
            .collect();
        rules.dedup();
        for rule in rules {
            out.push(format!("the witness is admitted by {rule}"));
        }
    }
    out
}

struct Search<'a> {
    name: &'a str,
    external: &'a [Loc<schema::Policy>],
    base: &'a State,
    target: &'a Target,
    goal: &'a Goal,
    conflicts: Vec<String>,
}

type Found = (String, Vec<String>, Vec<String>);

impl Search<'_> {
    fn run(&mut self, text: &str, depth: usize, changes: Vec<String>) -> Option<Found> {
        let Ok(state) = load(self.name, text, self.external) else {
            return None;
        };
        let engine = Engine::new(&state.model);
        let witness = self.rebind(&state.model)?;
        let answer = engine.query(&witness);
        let done = answer.is_reachable() == self.goal.open;
        if done && depth > 0 {
            return self
                .verify(&changes, &state)
                .map(|consequences| (text.to_owned(), changes, consequences));
        }
        if depth >= MAX_DEPTH {
            return None;
        }
        let candidates = candidates(&state.model, text, &witness, &answer, self.goal);
        drop(engine);
        let first_blocker = answer.blocked_by.first().map(|b| (b.component, b.rule));
        for (new_text, description) in candidates.into_iter().take(BRANCH * 3) {
            // Progress: the edit must move the first blocker (or the admitting path).
            if let Ok(next) = load(self.name, &new_text, self.external) {
                let engine = Engine::new(&next.model);
                if let Some(w) = self.rebind(&next.model) {
                    let a = engine.query(&w);
                    let moved = a.is_reachable() != answer.is_reachable()
                        || a.blocked_by.first().map(|b| (b.component, b.rule)) != first_blocker
                        || !self.goal.open;
                    if !moved {
                        continue;
                    }
                }
            } else {
                continue;
            }
            let mut next_changes = changes.clone();
            next_changes.push(description);
            if let Some(found) = self.run(&new_text, depth + 1, next_changes) {
                return Some(found);
            }
        }
        None
    }

    /// The witness in this version's ids (names are stable, ids may shift).
    fn rebind(&self, model: &Model) -> Option<Query> {
        let rebind = |endpoint: QueryEndpoint| -> Option<QueryEndpoint> {
            Some(match endpoint {
                QueryEndpoint::Resource(r) => {
                    let name = qualified_name(&self.base.model, r);
                    QueryEndpoint::Resource(model.resource_by_name(&name)?)
                }
                other => other,
            })
        };
        Some(Query {
            from: rebind(self.goal.witness.from)?,
            to: rebind(self.goal.witness.to)?,
            ..self.goal.witness
        })
    }

    /// Whether the edited design keeps every check that held and changes nothing unintended;
    /// returns the consequences to show.
    fn verify(&mut self, changes: &[String], state: &State) -> Option<Vec<String>> {
        if let Target::Expectation(_) = self.target
            && !target_holds(state, self.target)
        {
            return None;
        }
        for (i, held) in self.base.expectations.iter().enumerate() {
            if *held && !state.expectations.get(i).copied().unwrap_or(false) {
                let e = &self.base.model.expectations[i];
                self.conflicts.push(format!(
                    "`{}` makes it hold but breaks expectation `{} -> {}`",
                    changes.join("`, `"),
                    e.from,
                    e.to
                ));
                return None;
            }
        }
        for (policy, held) in &self.base.policies {
            let now = state.policies.iter().any(|(p, h)| p.id == policy.id && *h);
            if *held && !now {
                self.conflicts.push(format!(
                    "`{}` makes it hold but violates policy `{}` ({}): they conflict on {} -> {}",
                    changes.join("`, `"),
                    policy.id,
                    policy.kind.word(),
                    self.goal.from,
                    self.goal.to
                ));
                return None;
            }
        }
        let old_engine = Engine::new(&self.base.model);
        let new_engine = Engine::new(&state.model);
        let (old, new) = (Analyzer::new(&old_engine), Analyzer::new(&new_engine));
        let mut consequences = Vec::new();
        let lbs: Vec<String> = (0..self.base.model.load_balancers.len())
            .map(|i| {
                qualified_name(
                    &self.base.model,
                    Resource::LoadBalancer(vpcsim_model::LbId::from_index(i)),
                )
            })
            .collect();
        for change in vpcsim_symbolic::diff(&old, &new) {
            let wanted = if self.goal.open {
                ChangeKind::Opened
            } else {
                ChangeKind::Closed
            };
            let word = if change.kind == ChangeKind::Opened {
                "opens"
            } else {
                "closes"
            };
            let collapsed = collapse(&change.flows);
            let direct = change.kind == wanted
                && change.via.is_none()
                && self.goal.allowed.iter().any(|(from, to, flows)| {
                    from.contains(&change.from)
                        && to.contains(&change.to)
                        && collapsed.is_subset(&collapse(flows))
                });
            // A load balancer at either end: its listeners, its targets and the exposure
            // through it change with it (§7.8, two connections).
            let through_lb = change.kind == wanted
                && lbs.iter().any(|lb| {
                    (lb == &self.goal.from || lb == &self.goal.to)
                        && (&change.from == lb
                            || &change.to == lb
                            || change
                                .via
                                .as_ref()
                                .is_some_and(|via| via.starts_with(&format!("{lb}:"))))
                });
            if direct {
                continue;
            }
            let (via, lines) = change_text(&change, &new);
            if through_lb {
                consequences.push(format!(
                    "also {word} {} -> {}{via}: {}",
                    change.from,
                    change.to,
                    lines.join("; ")
                ));
                continue;
            }
            let verb = if change.kind == ChangeKind::Opened {
                "open"
            } else {
                "close"
            };
            self.conflicts.push(format!(
                "`{}` would also {verb} {} -> {}{via}: {}",
                changes.join("`, `"),
                change.from,
                change.to,
                lines.join("; ")
            ));
            return None;
        }
        Some(consequences)
    }
}

fn collapse(set: &FlowSet) -> FlowSet {
    set.boxes()
        .iter()
        .filter_map(|b| FlowBox::with_keys(b.proto(), (0, u128::MAX), b.port()))
        .fold(FlowSet::empty(), |acc, b| acc.union(&FlowSet::from_box(b)))
        .normalize()
}

fn proto_word(protocol: Protocol) -> String {
    match protocol {
        Protocol::All => "all".to_owned(),
        Protocol::Number(6) => "tcp".to_owned(),
        Protocol::Number(17) => "udp".to_owned(),
        Protocol::Number(1) => "icmp".to_owned(),
        Protocol::Number(n) => n.to_string(),
    }
}

fn ports_text(lo: u16, hi: u16) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}-{hi}")
    }
}

/// A changed flow's ` via LB` part and its flow lines, as messages print them.
fn change_text(
    change: &vpcsim_symbolic::Change,
    new: &vpcsim_symbolic::Analyzer<'_, '_>,
) -> (String, Vec<String>) {
    let lines = vpcsim_symbolic::describe(&change.flows, new.internet_keys())
        .iter()
        .map(ToString::to_string)
        .collect();
    let via = change
        .via
        .as_ref()
        .map(|v| format!(" via {v}"))
        .unwrap_or_default();
    (via, lines)
}

/// The subnet CIDR and the host route (`/32`, `/128`) of an address inside the model;
/// `0.0.0.0/0` (`::/0` over IPv6, §16) for the whole internet when the goal speaks of it.
fn peer_cidrs(model: &Model, address: std::net::IpAddr, goal_peer: &str) -> Vec<String> {
    let mut out = Vec::new();
    match address {
        std::net::IpAddr::V4(address) => {
            if goal_peer == "internet" && !model.vpcs.iter().any(|v| v.contains(address)) {
                out.push("0.0.0.0/0".to_owned());
                return out;
            }
            out.push(format!("{address}/32"));
            if let Some(subnet) = model.subnets.iter().find(|s| s.cidr.contains(&address)) {
                out.push(subnet.cidr.to_string());
            }
        }
        std::net::IpAddr::V6(address) => {
            let inside =
                |block: Option<ipnet::Ipv6Net>| block.is_some_and(|b| b.contains(&address));
            if goal_peer == "internet" && !model.vpcs.iter().any(|v| inside(v.ipv6_cidr)) {
                out.push("\"::/0\"".to_owned());
                return out;
            }
            out.push(format!("\"{address}/128\""));
            if let Some(block) = model
                .subnets
                .iter()
                .filter_map(|s| s.ipv6_cidr)
                .find(|block| block.contains(&address))
            {
                out.push(format!("\"{block}\""));
            }
        }
    }
    out
}

/// The ENI of an address in the model.
fn eni_at(model: &Model, address: std::net::IpAddr) -> Option<EniId> {
    match address {
        std::net::IpAddr::V4(address) => model
            .eni_by_private_ip
            .get(&address)
            .or_else(|| model.eni_by_public_ip.get(&address))
            .copied(),
        std::net::IpAddr::V6(address) => model.eni_by_ipv6.get(&address).copied(),
    }
}

/// Candidate edits for the witness, narrowest first, with their description.
fn candidates(
    model: &Model,
    text: &str,
    witness: &Query,
    answer: &Answer,
    goal: &Goal,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let uses_references = model.security_groups.iter().any(|g| {
        g.ingress
            .iter()
            .chain(&g.egress)
            .any(|r| matches!(r.peer, SgPeer::Group(_)) && !r.implicit)
    });
    if goal.open {
        for blocker in answer.blocked_by.iter().take(1) {
            match (blocker.component, blocker.rule, blocker.header) {
                (Component::Eni(eni), _, Header::Forward(packet))
                    if blocker.direction == Direction::Forward =>
                {
                    let e = model.eni(eni);
                    let inbound = e.private_ip == packet.dst
                        || e.public_ip.is_some_and(|p| p.address == packet.dst);
                    let (peer, key, word) = if inbound {
                        (packet.src, "ingress", "from")
                    } else {
                        (packet.dst, "egress", "to")
                    };
                    let peer_name = if inbound { &goal.from } else { &goal.to };
                    let ports = if packet.protocol.has_ports() {
                        format!(", ports: {}", packet.dst_port)
                    } else {
                        String::new()
                    };
                    let mut sources: Vec<String> = Vec::new();
                    // A reference when the design writes them, and always for a load balancer
                    // (its nodes are several addresses, and AWS recommends referencing its group).
                    let peer_is_lb = eni_at(model, peer).is_some_and(|p| {
                        matches!(model.eni(p).owner, vpcsim_model::EniOwner::LoadBalancer(_))
                    });
                    if (uses_references || peer_is_lb)
                        && let Some(peer_eni) = eni_at(model, peer)
                        && model.eni(peer_eni).vpc == e.vpc
                        && let Some(sg) = model.eni(peer_eni).security_groups.first()
                    {
                        sources.push(format!("sg:{}", model.security_group(*sg).name));
                    }
                    sources.extend(peer_cidrs(model, peer, peer_name));
                    for sg_id in &e.security_groups {
                        let sg = model.security_group(*sg_id);
                        if !sg.declared || !sg.span.is_known() {
                            continue;
                        }
                        // An omitted `egress:` already admits everything; adding a list would drop it.
                        if key == "egress" && sg.egress.iter().all(|r| r.implicit) {
                            continue;
                        }
                        for source in &sources {
                            let item = format!(
                                "{{ proto: {}{ports}, {word}: {source} }}",
                                proto_word(packet.protocol)
                            );
                            if let Some(new) = edit::insert_list_item(
                                text,
                                sg.span.line,
                                sg.span.column,
                                key,
                                &item,
                            ) {
                                out.push((
                                    new,
                                    format!(
                                        "add {key} rule `{item}` to security group `{}` (vpc {})",
                                        sg.name,
                                        model.vpc(sg.vpc).name
                                    ),
                                ));
                            }
                        }
                        break;
                    }
                }
                (Component::Subnet(_), Some(RuleRef::NaclEntry { nacl, flow, index }), header) => {
                    let acl = model.network_acl(nacl);
                    if !acl.declared || !acl.span.is_known() {
                        continue;
                    }
                    let entries = if flow == Flow::Ingress {
                        &acl.ingress
                    } else {
                        &acl.egress
                    };
                    let deciding = entries
                        .get(usize::try_from(index).unwrap_or(usize::MAX))
                        .and_then(|e| e.number)
                        .unwrap_or(32767);
                    let Some(number) =
                        free_number(entries.iter().filter_map(|e| e.number).collect(), deciding)
                    else {
                        continue;
                    };
                    let key = if flow == Flow::Ingress {
                        "ingress"
                    } else {
                        "egress"
                    };
                    let (protocol, peer, peer_name, port_options): (
                        Protocol,
                        std::net::IpAddr,
                        &str,
                        Vec<(u16, u16)>,
                    ) = match header {
                        Header::Forward(p) => {
                            let peer = if flow == Flow::Ingress { p.src } else { p.dst };
                            let name = if flow == Flow::Ingress {
                                &goal.from
                            } else {
                                &goal.to
                            };
                            (p.protocol, peer, name, vec![(p.dst_port, p.dst_port)])
                        }
                        Header::Reply(r) => {
                            let peer = if flow == Flow::Ingress { r.src } else { r.dst };
                            let name = if flow == Flow::Ingress {
                                &goal.to
                            } else {
                                &goal.from
                            };
                            let refused = blocker.ports.unwrap_or(r.dst_ports);
                            let mut options = vec![(refused.from, refused.to)];
                            if (refused.from, refused.to) != (1024, 65535) && refused.from >= 1024 {
                                options.insert(0, (1024, 65535));
                            }
                            (r.protocol, peer, name, options)
                        }
                    };
                    for cidr in peer_cidrs(model, peer, peer_name) {
                        for (lo, hi) in &port_options {
                            let ports = if protocol.has_ports() {
                                format!(", ports: {}", ports_text(*lo, *hi))
                            } else {
                                String::new()
                            };
                            let item = format!(
                                "{{ rule: {number}, action: allow, proto: {}{ports}, cidr: {cidr} }}",
                                proto_word(protocol)
                            );
                            if let Some(new) = edit::insert_list_item(
                                text,
                                acl.span.line,
                                acl.span.column,
                                key,
                                &item,
                            ) {
                                out.push((new, format!("add {key} entry `{item}` to network ACL `{}` (vpc {}), before entry {}", acl.name, model.vpc(acl.vpc).name, if deciding == 32767 { "*".to_owned() } else { deciding.to_string() })));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        out.extend(route_candidates(model, text, answer));
    } else {
        for hop in &answer.forward {
            match hop.rule {
                Some(RuleRef::SgRule { sg, flow, index }) => {
                    let group = model.security_group(sg);
                    let rules = if flow == Flow::Ingress {
                        &group.ingress
                    } else {
                        &group.egress
                    };
                    let Some(rule) = rules.get(usize::try_from(index).unwrap_or(usize::MAX)) else {
                        continue;
                    };
                    if rule.implicit || !rule.span.is_known() {
                        continue;
                    }
                    if let Some(new) = edit::remove_item(text, rule.span.line, rule.span.column) {
                        out.push((
                            new,
                            format!(
                                "remove the {} rule of security group `{}` at line {}:{}",
                                if flow == Flow::Ingress {
                                    "ingress"
                                } else {
                                    "egress"
                                },
                                group.name,
                                rule.span.line,
                                rule.span.column
                            ),
                        ));
                    }
                }
                Some(RuleRef::NaclEntry { nacl, flow, index }) => {
                    let acl = model.network_acl(nacl);
                    let entries = if flow == Flow::Ingress {
                        &acl.ingress
                    } else {
                        &acl.egress
                    };
                    let Some(entry) = entries.get(usize::try_from(index).unwrap_or(usize::MAX))
                    else {
                        continue;
                    };
                    if !acl.declared || entry.action != NaclAction::Allow {
                        continue;
                    }
                    let deciding = entry.number.unwrap_or(32767);
                    let Some(number) =
                        free_number(entries.iter().filter_map(|e| e.number).collect(), deciding)
                    else {
                        continue;
                    };
                    let Header::Forward(packet) = hop_packet(hop) else {
                        continue;
                    };
                    let peer = if flow == Flow::Ingress {
                        packet.src
                    } else {
                        packet.dst
                    };
                    let key = if flow == Flow::Ingress {
                        "ingress"
                    } else {
                        "egress"
                    };
                    let ports = if packet.protocol.has_ports() {
                        format!(", ports: {}", packet.dst_port)
                    } else {
                        String::new()
                    };
                    let item = format!(
                        "{{ rule: {number}, action: deny, proto: {}{ports}, cidr: {peer}/32 }}",
                        proto_word(packet.protocol)
                    );
                    if let Some(new) =
                        edit::insert_list_item(text, acl.span.line, acl.span.column, key, &item)
                    {
                        out.push((new, format!("add {key} entry `{item}` to network ACL `{}`, before entry {deciding}", acl.name)));
                    }
                }
                _ => {}
            }
        }
    }
    let _ = witness;
    out
}

fn hop_packet(hop: &vpcsim_reach::Hop) -> Header {
    hop.header
}

/// Route candidates: every route on the path that goes to a NAT gateway, pointed at each other
/// NAT gateway of its VPC (same AZ first) — the "route to the wrong NAT" mistake.
fn route_candidates(model: &Model, text: &str, answer: &Answer) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for hop in &answer.forward {
        let Some(RuleRef::Route { table, index }) = hop.rule else {
            continue;
        };
        let rt = model.route_table(table);
        let Some(route) = rt.routes.get(usize::try_from(index).unwrap_or(usize::MAX)) else {
            continue;
        };
        let RouteTarget::NatGateway(current) = route.target else {
            continue;
        };
        if !route.span.is_known() {
            continue;
        }
        let current_nat = model.nat_gateway(current);
        let mut others: Vec<&vpcsim_model::NatGateway> = model
            .nat_gateways
            .iter()
            .filter(|n| n.vpc == rt.vpc && n.name != current_nat.name)
            .collect();
        let az_of = |n: &vpcsim_model::NatGateway| model.subnet(n.subnet).az.clone();
        let home_az = rt.subnets.first().map(|s| model.subnet(*s).az.clone());
        others.sort_by_key(|n| (Some(az_of(n)) != home_az, n.name.clone()));
        for other in others {
            if let Some(new) = edit::replace_near(
                text,
                route.span.line,
                4,
                &format!("via: {}", current_nat.name),
                &format!("via: {}", other.name),
            ) {
                out.push((
                    new,
                    format!(
                        "route table `{}`: send {} to NAT gateway `{}` instead of `{}` (line {})",
                        rt.name,
                        route_text(route),
                        other.name,
                        current_nat.name,
                        route.span.line
                    ),
                ));
            }
        }
    }
    out
}

fn route_text(route: &vpcsim_model::Route) -> String {
    match &route.destination {
        vpcsim_model::RouteDestination::Cidr(net) => net.to_string(),
        other => format!("{other:?}"),
    }
}

/// The highest free entry number below `deciding` (the implicit `*` deny counts as 32767:
/// then the next multiple of 10 after the last entry, as people number them).
fn free_number(mut used: Vec<u16>, deciding: u16) -> Option<u16> {
    used.sort_unstable();
    if deciding == 32767 {
        let last = used
            .iter()
            .copied()
            .filter(|n| *n < 32767)
            .max()
            .unwrap_or(0);
        let next = (last / 10 + 1) * 10;
        return (next < 32767).then_some(next);
    }
    (1..deciding).rev().find(|n| !used.contains(n))
}
