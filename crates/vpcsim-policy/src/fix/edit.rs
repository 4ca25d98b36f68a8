//! Text-level edits of a YAML design that keep its comments and layout: a list item inserted
//! at the indentation of its neighbours (block lists) or appended inside a one-line flow list,
//! a word replaced on one line, a one-line item removed. Positions come from the model's spans
//! (the owner's key, the item's first character); an edit that cannot be placed safely returns
//! `None`, and every edit is re-parsed and re-resolved by the caller before it is offered.

/// The text's lines, each with its line ending.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The text of a line without its comment and line ending (comments only after ` #`).
fn code_of(line: &str) -> &str {
    let line = line.trim_end_matches(['\n', '\r']);
    match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Inserts `item` (a one-line flow mapping) into list `key` of the mapping whose key is at
/// 1-based `line`, `column`. Block lists get a `- item` line after their last item; one-line flow
/// lists (`key: [ … ]`) get `, item` before the closing bracket; a missing key is added.
pub fn insert_list_item(
    text: &str,
    line: u32,
    column: u32,
    key: &str,
    item: &str,
) -> Option<String> {
    let all = lines(text);
    let owner = usize::try_from(line).ok()?.checked_sub(1)?;
    let owner_indent = usize::try_from(column).ok()?.checked_sub(1)?;
    let header = *all.get(owner)?;
    let after_colon = code_of(header)
        .get(owner_indent..)?
        .split_once(':')?
        .1
        .trim();
    if !after_colon.is_empty() {
        // `name: { … }` on one line.
        return flow_insert(text, &all, owner, key, item, true);
    }
    // The owner's block: following lines indented deeper (blank and comment lines included).
    let mut end = owner + 1;
    let mut child_indent = None;
    let mut key_line = None;
    while end < all.len() {
        let l = all[end];
        if is_blank_or_comment(l) {
            end += 1;
            continue;
        }
        let i = indent(l);
        if i <= owner_indent {
            break;
        }
        let child = *child_indent.get_or_insert(i);
        if i == child && code_of(l).trim_start().starts_with(&format!("{key}:")) {
            key_line = Some(end);
        }
        end += 1;
    }
    // Trailing blank or comment lines belong to what follows.
    while end > owner + 1 && is_blank_or_comment(all[end - 1]) {
        end -= 1;
    }
    let child = child_indent.unwrap_or(owner_indent + 2);
    let newline = if header.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let Some(k) = key_line else {
        let insertion = format!(
            "{pad}{key}:{newline}{pad}  - {item}{newline}",
            pad = " ".repeat(child)
        );
        return Some(splice(&all, end, 0, &insertion));
    };
    let rest = code_of(all[k]).trim_start()[key.len() + 1..].trim();
    if rest.starts_with('[') {
        return flow_insert(text, &all, k, key, item, false);
    }
    if !rest.is_empty() {
        return None;
    }
    // A block list: items are `- ` lines at one indentation, from the key's to the block end.
    let key_indent = indent(all[k]);
    let mut last_item: Option<(usize, usize)> = None;
    let mut j = k + 1;
    while j < end {
        let l = all[j];
        if !is_blank_or_comment(l) {
            let i = indent(l);
            if i < key_indent || (i == key_indent && !l.trim_start().starts_with("- ")) {
                break;
            }
            if l.trim_start().starts_with("- ") && last_item.is_none_or(|(_, li)| i <= li) {
                last_item = Some((j, i));
            }
        }
        j += 1;
    }
    let (first_of_last, item_indent) = last_item?;
    let mut after = first_of_last + 1;
    while after < j && (is_blank_or_comment(all[after]) || indent(all[after]) > item_indent) {
        after += 1;
    }
    while after > first_of_last + 1 && is_blank_or_comment(all[after - 1]) {
        after -= 1;
    }
    let insertion = format!("{}- {item}{newline}", " ".repeat(item_indent));
    Some(splice(&all, after, 0, &insertion))
}

/// Appends `item` to the one-line flow list `key: [ … ]` on line `index` (or, when `add_key`
/// and the key is absent, adds `key: [ item ]` before the line's last `}`).
fn flow_insert(
    text: &str,
    all: &[&str],
    index: usize,
    key: &str,
    item: &str,
    add_key: bool,
) -> Option<String> {
    let line = all[index];
    let code = code_of(line);
    let needle = format!("{key}: [");
    match code.find(&needle) {
        Some(start) => {
            let open = start + needle.len() - 1;
            let close = matching(code, open, '[', ']')?;
            let inside = code[open + 1..close].trim();
            let new_line = if inside.is_empty() {
                format!("{}[ {item} ]{}", &line[..open], &line[close + 1..])
            } else {
                let before = code[..close].trim_end();
                format!("{before}, {item} {}", &line[close..])
            };
            let _ = text;
            Some(splice(all, index, 1, &new_line))
        }
        None if add_key => {
            let close = code.rfind('}')?;
            let before = code[..close].trim_end();
            let sep = if before.ends_with('{') { " " } else { ", " };
            let new_line = format!("{before}{sep}{key}: [ {item} ] {}", &line[close..]);
            Some(splice(all, index, 1, &new_line))
        }
        None => None,
    }
}

fn matching(code: &str, open: usize, left: char, right: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in code.char_indices().skip_while(|(i, _)| *i < open) {
        if c == left {
            depth += 1;
        } else if c == right {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

fn splice(all: &[&str], at: usize, remove: usize, insertion: &str) -> String {
    let mut out = String::new();
    for l in &all[..at] {
        out.push_str(l);
    }
    out.push_str(insertion);
    for l in &all[(at + remove).min(all.len())..] {
        out.push_str(l);
    }
    out
}

/// Replaces the first `from` on lines `line`..`line+span_lines` (1-based) with `to`.
pub fn replace_near(
    text: &str,
    line: u32,
    span_lines: usize,
    from: &str,
    to: &str,
) -> Option<String> {
    let all = lines(text);
    let start = usize::try_from(line).ok()?.checked_sub(1)?;
    for index in start..(start + span_lines).min(all.len()) {
        let code = code_of(all[index]);
        if let Some(at) = code.find(from) {
            let l = all[index];
            let new_line = format!("{}{to}{}", &l[..at], &l[at + from.len()..]);
            return Some(splice(&all, index, 1, &new_line));
        }
    }
    None
}

/// Removes the one-line list item starting at 1-based `line`, `column` (`- { … }` alone on its
/// line, or `{ … }` inside a one-line flow list).
pub fn remove_item(text: &str, line: u32, column: u32) -> Option<String> {
    let all = lines(text);
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let l = *all.get(index)?;
    let code = code_of(l);
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let trimmed = code.trim_start();
    if trimmed.starts_with("- {") && code.trim_end().ends_with('}') {
        return Some(splice(&all, index, 1, ""));
    }
    // Inside a flow list: `[ {a}, {b} ]`.
    if code.get(col..)?.starts_with('{') {
        let close = matching(code, col, '{', '}')?;
        let before = code[..col].trim_end();
        let after = code[close + 1..].trim_start();
        let new_line = if before.ends_with('[') && after.starts_with(']') {
            format!("{before}]{}{}", &after[1..], &l[code.len()..])
        } else if let Some(rest) = after.strip_prefix(',') {
            format!("{}{}{}", l.get(..col)?, rest.trim_start(), &l[code.len()..])
        } else if let Some(stripped) = before.strip_suffix(',') {
            format!("{stripped} {after}{}", &l[code.len()..])
        } else {
            format!("{before} {after}{}", &l[code.len()..])
        };
        return Some(splice(&all, index, 1, &new_line));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_list_gets_a_line_at_its_items_indentation() {
        let text = "sgs:\n  app:\n    ingress:\n      - { proto: tcp, ports: 22, from: 10.0.0.0/8 }  # ssh\n    egress: []\nnext: 1\n";
        let out = insert_list_item(
            text,
            2,
            3,
            "ingress",
            "{ proto: tcp, ports: 80, from: sg:alb }",
        )
        .unwrap();
        assert_eq!(
            out,
            "sgs:\n  app:\n    ingress:\n      - { proto: tcp, ports: 22, from: 10.0.0.0/8 }  # ssh\n      - { proto: tcp, ports: 80, from: sg:alb }\n    egress: []\nnext: 1\n"
        );
    }

    #[test]
    fn flow_list_and_missing_key() {
        let text = "a:\n  app:\n    ingress: [ { proto: tcp, ports: 22, from: x } ]   # c\n";
        let out = insert_list_item(text, 2, 3, "ingress", "{ y }").unwrap();
        assert_eq!(
            out,
            "a:\n  app:\n    ingress: [ { proto: tcp, ports: 22, from: x }, { y } ]   # c\n"
        );
        let out = insert_list_item(
            "a:\n  app:\n    description: d\n\nb: 1\n",
            2,
            3,
            "ingress",
            "{ y }",
        )
        .unwrap();
        assert_eq!(
            out,
            "a:\n  app:\n    description: d\n    ingress:\n      - { y }\n\nb: 1\n"
        );
        let out =
            insert_list_item("a:\n  app: { description: d }\n", 2, 3, "ingress", "{ y }").unwrap();
        assert_eq!(out, "a:\n  app: { description: d, ingress: [ { y } ] }\n");
        let out =
            insert_list_item("a:\n  app:\n    ingress: []\n", 2, 3, "ingress", "{ y }").unwrap();
        assert_eq!(out, "a:\n  app:\n    ingress: [ { y } ]\n");
    }

    #[test]
    fn replace_and_remove() {
        let text = "r:\n  - { to: 0.0.0.0/0, via: nat-a }\n";
        assert_eq!(
            replace_near(text, 2, 1, "via: nat-a", "via: nat-b").unwrap(),
            "r:\n  - { to: 0.0.0.0/0, via: nat-b }\n"
        );
        assert_eq!(
            remove_item("x:\n  - { a: 1 }\n  - { b: 2 }\n", 2, 5).unwrap(),
            "x:\n  - { b: 2 }\n"
        );
        assert_eq!(
            remove_item("x: [ { a: 1 }, { b: 2 } ]\n", 1, 6).unwrap(),
            "x: [ { b: 2 } ]\n"
        );
        assert_eq!(
            remove_item("x: [ { a: 1 }, { b: 2 } ]\n", 1, 16).unwrap(),
            "x: [ { a: 1 } ]\n"
        );
        assert_eq!(
            remove_item("x: [ { a: 1 } ]  # c\n", 1, 6).unwrap(),
            "x: []  # c\n"
        );
    }
}
