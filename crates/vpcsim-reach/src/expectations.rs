//! `expect:` assertions: each is parsed into a query, answered, and compared with the
//! expected verdict. An endpoint that does not parse is a failed expectation carrying its
//! error, never a panic (lowercase, no trailing period).

use vpcsim_model::{Expectation, Span};

use crate::answer::Answer;
use crate::engine::Engine;
use crate::query::{EndpointError, Family, Query, endpoint_family, has_ipv6, parse_query};

/// The outcome of one `expect:` entry.
#[derive(Debug, Clone)]
pub struct ExpectationResult {
    /// Index in `Model::expectations`.
    pub index: usize,
    /// Where the expectation was written.
    pub span: Span,
    /// The verdict the design expects (`reachable: true|false`).
    pub expected_reachable: bool,
    /// The parsed query and its answer, or why the endpoints do not parse.
    pub outcome: Result<(Query, Answer), EndpointError>,
}

impl ExpectationResult {
    /// Whether the answer matches the expectation (an unparsable one never passes).
    pub fn passed(&self) -> bool {
        match &self.outcome {
            Ok((_, answer)) => answer.is_reachable() == self.expected_reachable,
            Err(_) => false,
        }
    }

    /// The actual verdict, when the query parsed.
    pub fn actual_reachable(&self) -> Option<bool> {
        self.outcome
            .as_ref()
            .ok()
            .map(|(_, answer)| answer.is_reachable())
    }
}

/// Evaluates every `expect:` entry of the engine's model, in file order.
pub fn check_expectations(engine: &Engine<'_>) -> Vec<ExpectationResult> {
    engine
        .model()
        .expectations
        .iter()
        .enumerate()
        .map(|(index, expectation)| check_one(engine, index, expectation))
        .collect()
}

fn check_one(engine: &Engine<'_>, index: usize, expectation: &Expectation) -> ExpectationResult {
    let outcome = parse_query(
        engine.model(),
        &expectation.from,
        &expectation.to,
        expectation.proto.as_deref(),
    )
    .and_then(|query| {
        let implied = endpoint_family(query.from, query.to).ok().flatten();
        let given = expectation
            .family
            .map(|f| if f == 6 { Family::V6 } else { Family::V4 });
        match (given, implied) {
            (Some(given), Some(implied)) if given != implied => Err(EndpointError::MixedFamilies {
                from: expectation.from.clone(),
                to: expectation.to.clone(),
            }),
            (Some(given), _) => {
                let query = Query {
                    family: given,
                    ..query
                };
                Ok((query, engine.query(&query)))
            }
            (None, None)
                if has_ipv6(engine.model(), query.from) && has_ipv6(engine.model(), query.to) =>
            {
                // §16: between names, a dual-stack pair is asked over both families; the
                // expectation holds the answer that delivers, IPv4 first.
                let v4 = engine.query(&query);
                if v4.is_reachable() {
                    return Ok((query, v4));
                }
                let v6_query = Query {
                    family: Family::V6,
                    ..query
                };
                let v6 = engine.query(&v6_query);
                Ok(if v6.is_reachable() {
                    (v6_query, v6)
                } else {
                    (query, v4)
                })
            }
            _ => Ok((query, engine.query(&query))),
        }
    });
    ExpectationResult {
        index,
        span: expectation.span,
        expected_reachable: expectation.reachable,
        outcome,
    }
}
