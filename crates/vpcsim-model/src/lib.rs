//! vpcsim's network model: the design-file schema, loading, and (soon) resolution into a typed,
//! immutable [`Model`] with AWS validation.
//!
//! One way in: YAML, JSON and every importer produce a [`schema::Document`]; resolution turns
//! it into a model and reports every problem at once.
#![deny(missing_docs)]

pub mod addressing;
pub mod diagnostic;
pub mod load;
pub mod schema;
pub mod span;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{SourceFile, parse_document};
pub use span::{FileId, Loc, Span};
