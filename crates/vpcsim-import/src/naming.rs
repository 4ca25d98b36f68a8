//! Choosing design names for imported resources.
//!
//! A resource is named after its `Name` tag when that tag is unique among resources of its kind
//! in its namespace (usually its VPC), else `tag-<suffix>` (the suffix is the id's tail, or the
//! Terraform resource name), else its id. Every resource whose preferred name clashes is
//! renamed, not just the later ones, so adding a resource never renames an unrelated one by
//! position. Characters that have meaning in references (`:`, `/`, spaces) become `-`.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::Label;

/// Makes `text` usable as a design name: keeps letters, digits, `_`, `.` and `-`; replaces
/// runs of anything else with one `-`; trims dashes at the ends.
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() || ch == '_' || ch == '.' || ch == '-' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(ch);
        } else {
            pending_dash = true;
        }
    }
    out.trim_matches('-').to_owned()
}

/// Names already used in one namespace (plus names reserved for a special meaning).
#[derive(Debug, Default, Clone)]
pub(crate) struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names may not be chosen from tags.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Claims `name` outright (e.g. `default` for the default security group).
    pub(crate) fn claim(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Assigns names to a group of resources of one kind, in id order. Returns id → name.
    pub(crate) fn assign<'a>(
        &mut self,
        items: impl IntoIterator<Item = (&'a str, &'a Label)>,
    ) -> BTreeMap<String, String> {
        let items: Vec<(&str, &Label)> = items.into_iter().collect();
        let preferred: Vec<String> = items
            .iter()
            .map(|(_, label)| {
                let tag = label.tag.as_deref().map(sanitize).unwrap_or_default();
                if tag.is_empty() {
                    sanitize(&label.fallback)
                } else {
                    tag
                }
            })
            .collect();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for name in &preferred {
            *counts.entry(name.as_str()).or_default() += 1;
        }
        let mut out = BTreeMap::new();
        for ((id, label), name) in items.iter().zip(&preferred) {
            let unique_in_group = counts.get(name.as_str()).copied().unwrap_or(0) == 1;
            let mut candidates = Vec::new();
            if unique_in_group && !name.is_empty() {
                candidates.push(name.clone());
            }
            let suffix = sanitize(&label.suffix);
            if !suffix.is_empty() && !name.is_empty() && *name != suffix {
                candidates.push(format!("{name}-{suffix}"));
            }
            candidates.push(sanitize(&label.fallback));
            candidates.push(sanitize(id));
            let chosen = candidates
                .into_iter()
                .find(|candidate| !candidate.is_empty() && !self.taken.contains(candidate))
                .unwrap_or_else(|| self.numbered(id));
            self.taken.insert(chosen.clone());
            out.insert((*id).to_owned(), chosen);
        }
        out
    }

    /// Last resort: `<id>-2`, `<id>-3`, … until free.
    fn numbered(&self, id: &str) -> String {
        let base = match sanitize(id) {
            base if base.is_empty() => "resource".to_owned(),
            base => base,
        };
        (2u32..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(id: &str, tag: Option<&str>) -> Label {
        Label::aws(id, tag.map(str::to_owned))
    }

    #[test]
    fn sanitize_replaces_reference_characters() {
        assert_eq!(sanitize("VPC A"), "VPC-A");
        assert_eq!(sanitize(" web/app:80 "), "web-app-80");
        assert_eq!(sanitize("::"), "");
    }

    #[test]
    fn clashing_tags_are_all_disambiguated_by_id_suffix() {
        let a = label("rtb-0ddf14681733ed0b7", Some("public"));
        let b = label("rtb-02fe228b42de92a7c", Some("public"));
        let c = label("rtb-0e169c4a1e0b27b55", None);
        let names = Namespace::default().assign([
            ("rtb-0ddf14681733ed0b7", &a),
            ("rtb-02fe228b42de92a7c", &b),
            ("rtb-0e169c4a1e0b27b55", &c),
        ]);
        assert_eq!(names["rtb-0ddf14681733ed0b7"], "public-733ed0b7");
        assert_eq!(names["rtb-02fe228b42de92a7c"], "public-2de92a7c");
        assert_eq!(names["rtb-0e169c4a1e0b27b55"], "rtb-0e169c4a1e0b27b55");
    }

    #[test]
    fn reserved_names_are_not_taken_from_tags() {
        let a = label("acl-1", Some("default"));
        let names = Namespace::with_reserved(&["default"]).assign([("acl-1", &a)]);
        assert_eq!(names["acl-1"], "default-1");
    }
}
