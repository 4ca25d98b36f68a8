//! vpcsim's network model: the design-file schema, loading, and resolution into a typed,
//! immutable [`Model`] with the validation AWS itself would enforce.
//!
//! One way in: YAML, JSON and every importer produce a [`schema::Document`]; [`resolve()`]
//! turns it into a model and reports every problem at once (it never stops at the first).
#![deny(missing_docs)]

pub mod addressing;
pub mod codes;
pub mod diagnostic;
pub mod filter;
pub mod ids;
pub mod load;
pub mod model;
mod resolve;
pub mod schema;
pub mod services;
mod shape;
pub mod span;
mod yaml_fast;

pub use diagnostic::{Diagnostic, Severity};
pub use filter::{IcmpMatch, NaclAction, NaclEntry, PortRange, Protocol, SgPeer, SgRule};
pub use ids::*;
pub use load::{SourceFile, parse_document};
pub use model::*;
pub use resolve::{Loaded, load, resolve};
pub use services::Service;
pub use span::{FileId, Loc, Span};
