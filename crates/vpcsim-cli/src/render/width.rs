//! Display width: how many terminal columns text takes. Hangul, CJK and other wide characters
//! take two columns and combining marks none, so tables and diagnostic carets pad by this,
//! never by `char` count or byte length (`format!("{:<w$}")` counts chars).

use unicode_width::UnicodeWidthStr;

/// Columns `text` takes on a terminal (ANSI colour codes must not be in it).
pub(crate) fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The width of a table column: its header and every value, in terminal columns.
pub(crate) fn column_width<'a>(header: &str, values: impl IntoIterator<Item = &'a str>) -> usize {
    values
        .into_iter()
        .map(display_width)
        .chain([display_width(header)])
        .max()
        .unwrap_or(0)
}

/// `text` followed by spaces up to `width` columns (nothing added when it is already wider).
pub(crate) fn pad_to(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + width);
    out.push_str(text);
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(display_width(text)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_is_two_columns() {
        assert_eq!(display_width("퍼블릭"), 6);
        assert_eq!(display_width("web-1"), 5);
        assert_eq!(pad_to("웹", 4), "웹  ");
        assert_eq!(pad_to("web", 4), "web ");
        assert_eq!(pad_to("toolong", 3), "toolong");
    }
}
