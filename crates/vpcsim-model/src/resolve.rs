//! Resolution: schema [`Document`] → [`Model`], with AWS validation (being written).

use crate::diagnostic::Diagnostic;
use crate::load::{SourceFile, parse_document};
use crate::model::Model;
use crate::schema::Document;

/// The result of loading one design file.
#[derive(Debug)]
pub struct Loaded {
    /// The model, when the file parsed (it may still carry error diagnostics).
    pub model: Option<Model>,
    /// Every problem found, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and resolves a design file.
pub fn load(source: &SourceFile) -> Loaded {
    match parse_document(source) {
        Ok(document) => {
            let (model, diagnostics) = resolve(&document);
            Loaded {
                model: Some(model),
                diagnostics,
            }
        }
        Err(diagnostics) => Loaded {
            model: None,
            diagnostics,
        },
    }
}

/// Resolves a document into a model, returning every problem found.
pub fn resolve(document: &Document) -> (Model, Vec<Diagnostic>) {
    let _ = document;
    (Model::default(), Vec::new())
}
