//! Where things stand in a methodology file: a light RON scanner that records every scalar
//! (string, number, identifier) with the fields and brackets around it, so a problem found
//! in the parsed value can be reported at its line and column.
//!
//! ron reports positions only for its own syntax errors; this is how the semantic checks find
//! "the second item with code A1" or "the third row of figure PR's table" in the text.

use crate::io::Position;

/// A bracket the scanner is inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The identifier right before the bracket (`Item` in `Item(`), if any.
    pub name: Option<String>,
    /// The field being written inside it (`code` after `code:`), if any.
    pub key: Option<String>,
    /// Byte offset of that field's name.
    pub key_at: usize,
    /// Byte offset of the opening bracket.
    pub open: usize,
}

/// A scalar in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lit {
    /// Byte offset of its first character.
    pub offset: usize,
    /// Its text: a string's contents (escapes as written), a number or identifier as written.
    pub text: String,
    /// Whether it is a string literal.
    pub is_str: bool,
    /// The brackets around it, outermost first.
    pub frames: Vec<Frame>,
}

impl Lit {
    /// The field it is the value of (the innermost bracket's current field).
    #[must_use]
    pub fn key(&self) -> Option<&str> {
        self.frames.last().and_then(|f| f.key.as_deref())
    }

    /// Whether any enclosing bracket is inside the field `field`.
    #[must_use]
    pub fn within(&self, field: &str) -> bool {
        self.frames.iter().any(|f| f.key.as_deref() == Some(field))
    }

    /// The innermost named bracket's name (`Item` for the code of `Item(code: …)` and of
    /// `Item((code: …))`).
    #[must_use]
    pub fn in_named(&self) -> Option<&str> {
        self.frames.iter().rev().find_map(|f| f.name.as_deref())
    }

    /// Whether it lies inside the bracket opened at `open`.
    #[must_use]
    pub fn inside(&self, open: usize) -> bool {
        self.frames.iter().any(|f| f.open == open)
    }

    /// The offset of its innermost bracket.
    #[must_use]
    pub fn frame_open(&self) -> usize {
        self.frames.last().map_or(0, |f| f.open)
    }
}

/// Every scalar of a RON text, in order.
#[derive(Debug)]
pub struct Scan<'t> {
    text: &'t str,
    /// The scalars.
    pub lits: Vec<Lit>,
}

impl<'t> Scan<'t> {
    /// Scans `text`. Never fails: whatever is not understood is skipped.
    #[must_use]
    #[allow(clippy::too_many_lines)] // one loop over RON's token kinds reads best in one piece
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut lits = Vec::new();
        let mut frames: Vec<Frame> = Vec::new();
        let mut last_ident: Option<(String, usize)> = None; // identifier and the offset after it
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let mut depth = 0;
                    while i < bytes.len() {
                        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                            depth += 1;
                            i += 2;
                        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                            depth -= 1;
                            i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            i += 1;
                        }
                    }
                }
                b'"' => {
                    let start = i;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    let end = i.min(bytes.len());
                    i = end + 1;
                    lits.push(Lit {
                        offset: start,
                        text: text.get(start + 1..end).unwrap_or_default().to_owned(),
                        is_str: true,
                        frames: frames.clone(),
                    });
                    last_ident = None;
                }
                b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                    // A raw string r"…" or r#"…"#.
                    let start = i;
                    let mut j = i + 1;
                    let mut hashes = 0;
                    while bytes.get(j) == Some(&b'#') {
                        hashes += 1;
                        j += 1;
                    }
                    if bytes.get(j) != Some(&b'"') {
                        i = j;
                        continue;
                    }
                    let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                    let body = j + 1;
                    let end = text[body..].find(&close).map_or(bytes.len(), |e| body + e);
                    lits.push(Lit {
                        offset: start,
                        text: text[body..end].to_owned(),
                        is_str: true,
                        frames: frames.clone(),
                    });
                    i = (end + close.len()).min(bytes.len());
                    last_ident = None;
                }
                b'(' | b'[' | b'{' => {
                    let name = last_ident.take().filter(|(_, after)| text[*after..i].trim().is_empty()).map(|(n, _)| n);
                    frames.push(Frame { name, key: None, key_at: i, open: i });
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    frames.pop();
                    last_ident = None;
                    i += 1;
                }
                b':' => {
                    if let (Some((name, after)), Some(frame)) = (last_ident.take(), frames.last_mut()) {
                        // A field name is not a value: take it back off the scalars.
                        if lits.last().is_some_and(|l: &Lit| !l.is_str && l.offset + name.len() == after) {
                            lits.pop();
                        }
                        frame.key_at = after - name.len();
                        frame.key = Some(name);
                    }
                    i += 1;
                }
                b'\'' => {
                    // A character literal: skip it.
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                _ if b.is_ascii_alphabetic() || b == b'_' => {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                        i += 1;
                    }
                    let word = text[start..i].to_owned();
                    if word != "Some" && word != "None" {
                        lits.push(Lit { offset: start, text: word.clone(), is_str: false, frames: frames.clone() });
                    }
                    last_ident = Some((word, i));
                }
                _ if b.is_ascii_digit() || b == b'-' || b == b'+' || b == b'.' => {
                    let start = i;
                    i += 1;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'_' | b'+' | b'-'))
                    {
                        i += 1;
                    }
                    lits.push(Lit {
                        offset: start,
                        text: text[start..i].to_owned(),
                        is_str: false,
                        frames: frames.clone(),
                    });
                    last_ident = None;
                }
                _ => {
                    // `,`, `#`, `!`, `;` and anything else: move on (a UTF-8 byte outside a
                    // string cannot start a token).
                    if b == b',' {
                        last_ident = None;
                    }
                    i += 1;
                }
            }
        }
        Self { text, lits }
    }

    /// The line and column of a byte offset (both from 1; the column in characters).
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Position { line, column }
    }

    /// The scalars matching `pred`, in order.
    pub fn find(&self, pred: impl Fn(&Lit) -> bool) -> std::vec::IntoIter<&Lit> {
        self.lits.iter().filter(|l| pred(l)).collect::<Vec<_>>().into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_know_their_field_and_brackets() {
        let text = "Index(\n  outline: [\n    Item(code: \"A1\", scale: \"p\"),\n    Group((code: \"A\", children: [])),\n  ],\n  // a comment with code: \"A1\"\n  figures: [(id: \"S\", compute: Sum([\"A1\", r#\"B\"#]))],\n)";
        let scan = Scan::new(text);
        let codes: Vec<_> = scan.find(|l| l.key() == Some("code")).map(|l| (l.text.as_str(), l.in_named())).collect();
        assert_eq!(codes, [("A1", Some("Item")), ("A", Some("Group"))]);
        let refs: Vec<_> = scan.find(|l| l.is_str && l.within("compute")).map(|l| l.text.as_str()).collect();
        assert_eq!(refs, ["A1", "B"]);
        let s = scan.find(|l| l.text == "S").next().map(|l| scan.position(l.offset));
        assert_eq!(s, Some(Position { line: 7, column: 18 }));
    }
}
