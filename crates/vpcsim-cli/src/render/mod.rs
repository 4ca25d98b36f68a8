//! Output rendering: the only place that formats reports (human, JSON, SARIF, GitHub).

pub(crate) mod cidr;
pub(crate) mod diagnostics;
pub(crate) mod diagram;
pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod human;
pub(crate) mod junit;
pub(crate) mod lang;
pub(crate) mod policy;
pub(crate) mod reach;
pub(crate) mod sarif;
pub(crate) mod style;
pub(crate) mod symbolic;
pub(crate) mod terminal;
pub(crate) mod width;
