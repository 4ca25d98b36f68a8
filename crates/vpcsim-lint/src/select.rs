//! Rule selection as ruff does it: `--select` and `--ignore` take codes or code prefixes
//! (`SG`, `NACL00`) or rule names; ignore wins over select.

use crate::registry::rules;
use crate::rule::RuleMeta;

/// Which rules run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Codes, prefixes or names to run; empty means every rule.
    pub select: Vec<String>,
    /// Codes, prefixes or names to skip.
    pub ignore: Vec<String>,
}

/// A selector that matches no rule (a typo, most likely).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{selector}` matches no rule code, prefix or name{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
pub struct SelectionError {
    /// What was written.
    pub selector: String,
    /// The closest code or name.
    pub suggestion: Option<String>,
}

pub(crate) fn matches(selector: &str, meta: &RuleMeta) -> bool {
    let upper = selector.to_ascii_uppercase();
    meta.code.starts_with(&upper) || meta.name == selector
}

/// `VAL007`, `REF003`, `SUP002`, `POL001`: a code of a finding produced outside the rule
/// registry.
pub(crate) fn is_other_code(selector: &str) -> bool {
    let upper = selector.to_ascii_uppercase();
    ["VAL", "REF", "SUP", "POL"].iter().any(|prefix| {
        upper
            .strip_prefix(prefix)
            .is_some_and(|digits| digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()))
    })
}

impl Selection {
    /// Every rule.
    pub fn all() -> Self {
        Selection::default()
    }

    /// Checks that every selector matches at least one rule.
    pub fn validate(&self) -> Result<(), SelectionError> {
        for selector in self.select.iter().chain(&self.ignore) {
            if selector.eq_ignore_ascii_case("ALL") {
                continue;
            }
            // `--ignore` also takes exact codes of findings that are not lint rules: validation
            // warnings (`VAL007`, `REF003`) and suppression-comment findings (`SUP002`).
            if self.ignore.contains(selector) && is_other_code(selector) {
                continue;
            }
            if !rules().iter().any(|rule| matches(selector, &rule.meta)) {
                let candidates = rules()
                    .iter()
                    .flat_map(|rule| [rule.meta.code, rule.meta.name]);
                let suggestion =
                    vpcsim_model::diagnostic::did_you_mean(selector, candidates).map(str::to_owned);
                return Err(SelectionError {
                    selector: selector.clone(),
                    suggestion,
                });
            }
        }
        Ok(())
    }

    /// Whether the rule with this code runs.
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        let selected = self.select.is_empty()
            || self
                .select
                .iter()
                .any(|s| s.eq_ignore_ascii_case("ALL") || matches(s, meta));
        let ignored = self
            .ignore
            .iter()
            .any(|s| s.eq_ignore_ascii_case("ALL") || matches(s, meta));
        selected && !ignored
    }

    /// Whether a diagnostic code (lint, validation or expectation) is reported. Codes of other
    /// producers (`VAL…`, `REF…`) are filtered by `--ignore` only when named exactly.
    pub fn is_code_enabled(&self, code: &str) -> bool {
        match rules().iter().find(|rule| rule.meta.code == code) {
            Some(rule) => self.is_enabled(&rule.meta),
            None => !self.ignore.iter().any(|s| s.eq_ignore_ascii_case(code)),
        }
    }
}
