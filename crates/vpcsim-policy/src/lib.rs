//! Network policies: intent stated once and proved over every packet.
//!
//! `expect:` asks about one flow; a policy speaks of every protocol, source and port between
//! two groups of ends chosen by [`selector`]s (`internet`, `kind:database`, `tag:tier=db`,
//! `sg:app`, …): `deny`, `allow-only`, `require` and `isolate` (docs/policies.md). Each is
//! decided exhaustively by the symbolic engine ([`vpcsim_symbolic::Analyzer::reach`]), and every
//! violation carries a witness flow re-asked of the packet engine, so a verdict here is never a
//! second opinion on AWS: all decisions come from `vpcsim-reach`.
#![deny(missing_docs)]

pub mod eval;
pub mod findings;
pub mod fix;
pub mod selector;
pub mod spec;

pub use eval::{Verdict, Violation, evaluate, evaluate_one};
pub use findings::finding;
pub use selector::End;
pub use spec::{EMPTY_SELECTOR, INVALID, Kind, Policy, compile, validate};

#[cfg(test)]
mod tests;
