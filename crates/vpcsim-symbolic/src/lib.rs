//! Symbolic analysis: which sources, protocols and ports get through, for all headers at once.
//!
//! Reachability Analyzer answers one port per paid query; vpcsim answers "which flows from A
//! arrive at B", "what does the internet reach, and through what", "who reaches whom" and "what
//! did this change open". The header space (protocol × source address × destination port) is
//! cut into cells on which every filter decision is constant ([`cells`]), and the packet engine
//! decides one representative per cell, so symbolic answers come from exactly the same
//! semantics as concrete ones. Results are exact [`vpcsim_flow::FlowSet`]s.
#![deny(missing_docs)]

mod analyzer;
mod cells;
mod describe;
mod diff;
mod exposure;
mod matrix;

pub use analyzer::{Analyzer, Destination, Piece, Reachability, Source};
pub use describe::{FlowLine, SHOWN_CIDRS, describe};
pub use diff::{Change, ChangeKind, Evidence, diff};
pub use exposure::{Exposed, Exposure, UnreachableOpenRule, Via, named_resources};
pub use matrix::Pair;
