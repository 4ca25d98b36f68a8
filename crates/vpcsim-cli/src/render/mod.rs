//! Output rendering: the only place that formats reports (human, JSON, SARIF, GitHub).

pub(crate) mod human;
