//! Errors (the input cannot be used at all) and warnings (something was skipped or guessed).
//!
//! An importer fails only when there is nothing usable: a missing directory, no recognised
//! JSON, a file that is not JSON. Everything else — an unknown resource kind, a dangling id, a
//! field of the wrong shape — becomes an [`ImportWarning`] that names the resource, and the
//! import carries on.

use std::path::PathBuf;

use vpcsim_model::schema::Document;

/// The result of an import: the design plus everything that was skipped or guessed.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The design, in the same schema the YAML loader produces.
    pub document: Document,
    /// Warnings in a deterministic order (by resource, then message).
    pub warnings: Vec<ImportWarning>,
}

/// How much a warning matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningLevel {
    /// Something was dropped or changed that may change an answer.
    Warning,
    /// Something irrelevant to the network was ignored (e.g. `AvailabilityZones.json`).
    Info,
}

impl WarningLevel {
    /// Lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningLevel::Warning => "warning",
            WarningLevel::Info => "info",
        }
    }
}

/// A non-fatal problem found while importing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ImportWarning {
    /// The resource concerned: an AWS id (`rtb-0abc`), a Terraform address
    /// (`module.vpc.aws_route.private[0]`) or a file name for file-level problems.
    pub resource: String,
    /// What was skipped or guessed, lowercase, no trailing period.
    pub message: String,
    /// Warning or info.
    pub level: WarningLevel,
}

impl ImportWarning {
    pub(crate) fn warn(resource: impl Into<String>, message: impl Into<String>) -> Self {
        ImportWarning {
            resource: resource.into(),
            message: message.into(),
            level: WarningLevel::Warning,
        }
    }

    pub(crate) fn info(resource: impl Into<String>, message: impl Into<String>) -> Self {
        ImportWarning {
            resource: resource.into(),
            message: message.into(),
            level: WarningLevel::Info,
        }
    }
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.resource, self.message)
    }
}

/// Why an import could not produce a design at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file or directory could not be read.
    #[error("cannot read `{}`", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The AWS input path is neither a directory nor a JSON file.
    #[error("`{}` does not exist", path.display())]
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// A file is not valid JSON.
    #[error("{}:{line}:{column}: malformed JSON: {message}", path.display())]
    MalformedJson {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// serde_json's description, without its position.
        message: String,
    },
    /// A directory held no file with a recognised top-level key.
    #[error(
        "no AWS describe-* JSON found under `{}` (looked for files with a top-level key such as `Vpcs`, `Subnets` or `RouteTables`)",
        path.display()
    )]
    NoRecognisedFiles {
        /// The directory.
        path: PathBuf,
    },
    /// The JSON is another output of Terraform (the `plan -json` stream, a raw state file):
    /// the message names the command that produces the right file.
    #[error("{}:{line}:{column}: {message}", path.display())]
    WrongTerraformOutput {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the file is and what to run instead.
        message: String,
    },
    /// The plan yields no network to check: no VPC is created or named by any resource.
    /// Never an empty pass (docs/import.md, "Plans for an existing VPC").
    #[error("`{}`: nothing to check: {reason}", path.display())]
    NoNetwork {
        /// The file.
        path: PathBuf,
        /// What the plan holds instead.
        reason: String,
    },
    /// A CloudFormation template is not valid YAML or JSON.
    #[error("{}:{line}:{column}: malformed template: {message}", path.display())]
    MalformedTemplate {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is not a usable CloudFormation template.
    #[error("`{}` is not a usable CloudFormation template: {reason}", path.display())]
    NotATemplate {
        /// The file.
        path: PathBuf,
        /// What is missing or wrong.
        reason: String,
    },
    /// The JSON is not a Terraform plan or state.
    #[error("`{}` is not the JSON of `terraform show -json`: {reason}", path.display())]
    NotATerraformPlan {
        /// The file (`<input>` when given as text).
        path: PathBuf,
        /// What is missing or wrong.
        reason: String,
    },
}

impl ImportError {
    /// A `MalformedJson` error from serde_json, keeping the position in its own fields.
    pub(crate) fn malformed(path: &std::path::Path, error: &serde_json::Error) -> ImportError {
        let text = error.to_string();
        let message = match text.rfind(" at line ") {
            Some(position) => text[..position].to_owned(),
            None => text,
        };
        ImportError::MalformedJson {
            path: path.to_path_buf(),
            line: error.line(),
            column: error.column(),
            message,
        }
    }
}
