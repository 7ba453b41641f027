//! Footnote markers inside text: Pandoc's `[^label]`.
//!
//! One scanner serves every reader of markers — the checks, renumbering, export and the
//! editor's highlighting — so they all agree on what a marker is. A well-formed marker is `[^`,
//! a label of one or more characters with no white space and no brackets, and `]`.

use std::ops::Range;

/// What is wrong with a marker-like piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerProblem {
    /// `[^` with no closing `]`.
    Unclosed,
    /// `[^]`.
    EmptyLabel,
    /// `[^1 2]`: white space inside the label.
    Whitespace,
}

impl MarkerProblem {
    /// Plain words for the problem.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Unclosed => "a footnote marker \"[^\" has no closing \"]\"",
            Self::EmptyLabel => "a footnote marker \"[^]\" has an empty label",
            Self::Whitespace => "a footnote marker's label has spaces in it",
        }
    }
}

/// A marker found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Marker<'a> {
    /// The label between `[^` and `]` (as far as it goes, for a malformed marker).
    pub label: &'a str,
    /// The byte range of the whole marker in the text, `[^` to `]` inclusive.
    pub range: Range<usize>,
    /// What is wrong with it, if anything.
    pub problem: Option<MarkerProblem>,
}

/// Every marker and marker-like piece of text in `text`, in order, malformed ones included.
#[must_use]
pub fn scan(text: &str) -> Vec<Marker<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = find_opening(text, from) {
        let label_start = start + 2;
        let rest = &text[label_start..];
        // The label runs to the first `]`; a `[` or a line break first means it never closed.
        let end = rest.find([']', '[', '\n']);
        match end {
            Some(i) if rest.as_bytes()[i] == b']' => {
                let label = &rest[..i];
                let problem = if label.is_empty() {
                    Some(MarkerProblem::EmptyLabel)
                } else if label.chars().any(char::is_whitespace) {
                    Some(MarkerProblem::Whitespace)
                } else {
                    None
                };
                let range = start..label_start + i + 1;
                from = range.end;
                found.push(Marker { label, range, problem });
            }
            other => {
                let stop = other.unwrap_or(rest.len());
                let label = rest[..stop].split(char::is_whitespace).next().unwrap_or("");
                let range = start..label_start + label.len();
                from = label_start;
                found.push(Marker { label, range, problem: Some(MarkerProblem::Unclosed) });
            }
        }
    }
    found
}

/// The byte offset of the first `[^` at or after `from`. A byte search for `[`: far cheaper
/// than a substring search on the short texts of bullets, and run on every one at every edit.
fn find_opening(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(i) = bytes.get(at..)?.iter().position(|&b| b == b'[') {
        let open = at + i;
        if bytes.get(open + 1) == Some(&b'^') {
            return Some(open);
        }
        at = open + 1;
    }
    None
}

/// The well-formed markers in `text`, in order.
pub fn markers(text: &str) -> impl Iterator<Item = Marker<'_>> {
    scan(text).into_iter().filter(|m| m.problem.is_none())
}

/// The marker text for `label`: `[^label]`.
#[must_use]
pub fn marker(label: &str) -> String {
    format!("[^{label}]")
}

/// `text` with every well-formed marker's label replaced by `relabel(label)`, where that gives
/// one; other text (malformed markers included) is left as it is.
#[must_use]
pub fn relabel(text: &str, mut relabel: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in markers(text) {
        if let Some(new) = relabel(m.label) {
            out.push_str(&text[at..m.range.start]);
            out.push_str(&marker(&new));
            at = m.range.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The marker being typed just before byte `caret` of `text`: the range from its `[^` to the
/// caret, when everything typed after `[^` could still be a label (no space, no `]`, no
/// second `[`). This is what opens the editor's footnote completer.
#[must_use]
pub fn open_marker_before(text: &str, caret: usize) -> Option<std::ops::Range<usize>> {
    let caret = caret.min(text.len());
    if !text.is_char_boundary(caret) {
        return None;
    }
    let before = &text[..caret];
    let start = before.rfind("[^")?;
    let typed = &before[start + 2..];
    let label_so_far = typed.chars().all(|c| !c.is_whitespace() && c != ']' && c != '[' && c != '^');
    (label_so_far && typed.chars().count() <= 32).then_some(start..caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<(&str, Option<MarkerProblem>)> {
        scan(text).into_iter().map(|m| (m.label, m.problem)).collect()
    }

    #[test]
    fn finds_well_formed_markers_with_ranges() {
        let text = "Networks.[^1] Then[^note-a][^2]";
        let found = scan(text);
        assert_eq!(found.len(), 3);
        assert_eq!(&text[found[0].range.clone()], "[^1]");
        assert_eq!(&text[found[1].range.clone()], "[^note-a]");
        assert_eq!(found[2].label, "2");
        assert!(found.iter().all(|m| m.problem.is_none()));
    }

    #[test]
    fn names_malformed_markers() {
        assert_eq!(labels("a [^] b"), [("", Some(MarkerProblem::EmptyLabel))]);
        assert_eq!(labels("a [^1 2] b"), [("1 2", Some(MarkerProblem::Whitespace))]);
        assert_eq!(labels("a [^12 and on"), [("12", Some(MarkerProblem::Unclosed))]);
        assert_eq!(labels("a [^3 [^4]"), [("3", Some(MarkerProblem::Unclosed)), ("4", None)]);
        assert_eq!(labels("[^5\n]"), [("5", Some(MarkerProblem::Unclosed))]);
        assert_eq!(labels("plain [brackets] and ^carets"), []);
    }

    #[test]
    fn multibyte_text_keeps_byte_ranges_valid() {
        let text = "Қазақстан ə[^1] — ok";
        let m = &scan(text)[0];
        assert_eq!(&text[m.range.clone()], "[^1]");
    }

    #[test]
    fn relabel_rewrites_only_well_formed_markers() {
        let out = relabel("a[^1] b[^2] c[^ bad", |l| (l == "1").then(|| "9".to_owned()));
        assert_eq!(out, "a[^9] b[^2] c[^ bad");
    }

    #[test]
    fn the_marker_being_typed_is_found_before_the_caret() {
        assert_eq!(open_marker_before("Budgets passed.[^", 17), Some(15..17));
        assert_eq!(open_marker_before("Budgets passed.[^1", 18), Some(15..18));
        assert_eq!(open_marker_before("Budgets passed.[^12] and", 24), None);
        assert_eq!(open_marker_before("a [^ b", 6), None);
        assert_eq!(open_marker_before("Қазақ[^", "Қазақ[^".len()), Some(10..12));
        assert_eq!(open_marker_before("no marker", 9), None);
        assert_eq!(open_marker_before("[^x", 99), Some(0..3));
    }
}
