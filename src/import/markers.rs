//! Bare-number footnote markers of web text, turned into `[^n]`.
//!
//! Copied from the web, a footnote marker is a bare number after the punctuation that closes
//! its sentence ("…networks.1", "…in 2022.11", "…mines.36 37"), often with non-breaking spaces
//! around it. Text has numbers of its own — years, "Article 41", "$3.3 billion", "6 and 7
//! percent", "2024-2027" — and nothing in a single number tells the two apart. The sequence
//! does: markers count up from 1 through the chapter, so a number is taken for a marker only
//! when it is the one expected next and it stands where a marker stands. A number right after a
//! decimal-looking "2022." must also be followed by the end of the text or a new sentence, so
//! "1.5 trillion" never becomes a marker even when 5 is due.
//!
//! A number already cited may be cited again (our own text export repeats the number of a
//! footnote cited twice): it is taken for a marker when it follows closing punctuation or
//! another marker directly and is followed by the end of the text, a no-break space or a new
//! sentence.
//!
//! A marker written out as `[^label]` is not web copy's: it is what our text export writes for
//! a marker whose label names no footnote. It is kept as it stands and moves the sequence on
//! only when it is the number expected next; any other (`[^99]` where 11 is due) is left
//! alone, so one dangling marker never makes every later marker text.
//!
//! The scanner keeps its state across the blocks of a chapter ([`MarkerSequence`]); what it
//! cannot place becomes a warning with the line it is on.

use std::fmt::Write as _;

/// How far ahead of the expected number a marker may be when some were lost in the copy.
const GAP: u32 = 5;

/// Characters after which a bare number can be a footnote marker.
fn is_marker_punctuation(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '’' | '”' | '"' | '\'' | '»' | '…')
}

/// Space as web copy puts it around markers: a plain or a non-breaking space.
fn is_gap_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

/// The state of the marker sequence through a chapter: the number expected next, and the
/// warnings about numbers that looked like markers but were out of place.
#[derive(Clone, Debug)]
pub struct MarkerSequence {
    /// The marker expected next (1 at the start of a chapter).
    pub expected: u32,
    /// Every marker label found, in order.
    pub found: Vec<u32>,
    /// Markers written out as `[^label]` that are not part of the sequence, with their line.
    pub literal: Vec<(usize, String)>,
    /// `(line, message)` for what could not be placed.
    pub warnings: Vec<(usize, String)>,
}

impl Default for MarkerSequence {
    fn default() -> Self {
        Self::new()
    }
}

/// What stands before a digit run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before {
    /// A marker just written, possibly with one space between ("36 37").
    Marker,
    /// Closing punctuation with nothing between ("networks.1").
    Punctuation,
    /// Closing punctuation right after a digit ("2022.11"): could be a decimal.
    DecimalPoint,
    /// Closing punctuation and one space ("prison. 45").
    SpacedPunctuation,
}

impl MarkerSequence {
    /// A sequence at the start of a chapter: marker 1 expected.
    #[must_use]
    pub fn new() -> Self {
        Self { expected: 1, found: Vec::new(), literal: Vec::new(), warnings: Vec::new() }
    }

    /// `text` (one paragraph, bullet or item, found at `line`) with its bare-number markers
    /// written as `[^n]`. Spaces between a marker and what it follows are dropped; a
    /// non-breaking space after a marker becomes a plain space. Markers already written as
    /// `[^label]` are kept; they move the sequence on only when they are the number expected.
    pub fn convert(&mut self, text: &str, line: usize) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len() + 16);
        // Where in `out` the last marker written ends, to know "36 37" follows a marker.
        let mut marker_end: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'['
                && bytes.get(i + 1) == Some(&b'^')
                && let Some(len) = self.existing_marker(&text[i..], line)
            {
                out.push_str(&text[i..i + len]);
                marker_end = Some(out.len());
                i += len;
                continue;
            }
            if !b.is_ascii_digit() {
                // Copy one whole character.
                let len = text[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[i..i + len]);
                i += len;
                continue;
            }
            let end = i + bytes[i..].iter().take_while(|d| d.is_ascii_digit()).count();
            let digits = &text[i..end];
            let after = &text[end..];
            if let Some((labels, trim)) = self.place(&out, marker_end, digits, after, line) {
                out.truncate(out.len() - trim);
                for label in labels {
                    let _ = write!(out, "[^{label}]");
                }
                marker_end = Some(out.len());
                i = end;
                // A non-breaking space after a marker is web copy's, not the author's.
                if text[i..].starts_with('\u{a0}') {
                    out.push(' ');
                    i += '\u{a0}'.len_utf8();
                }
            } else {
                out.push_str(digits);
                i = end;
            }
        }
        out
    }

    /// The length of a well-formed `[^label]` at the start of `text` (found at `line`),
    /// moving the sequence on when its label is the number expected next.
    fn existing_marker(&mut self, text: &str, line: usize) -> Option<usize> {
        let close = text[2..].find([']', '[', '\n', ' '])?;
        if text.as_bytes()[2 + close] != b']' || close == 0 {
            return None;
        }
        let label = &text[2..2 + close];
        if label.parse::<u32>().ok() == Some(self.expected) {
            self.accept(&[self.expected]);
        } else {
            self.literal.push((line, label.to_owned()));
        }
        Some(close + 3)
    }

    /// Decides whether the digit run `digits` (with `after` following it, and `out` the text
    /// written so far) is a marker. Returns the labels it stands for and how many bytes of
    /// space to drop from the end of `out`.
    fn place(
        &mut self,
        out: &str,
        marker_end: Option<usize>,
        digits: &str,
        after: &str,
        line: usize,
    ) -> Option<(Vec<u32>, usize)> {
        let trimmed = out.trim_end_matches(is_gap_space);
        let trim = out.len() - trimmed.len();
        if out[trimmed.len()..].chars().count() > 1 {
            return None;
        }
        let before = if marker_end == Some(trimmed.len()) {
            Before::Marker
        } else {
            let mut rev = trimmed.chars().rev();
            let p = rev.next()?;
            if !is_marker_punctuation(p) {
                return None;
            }
            if trim > 0 {
                Before::SpacedPunctuation
            } else if matches!(p, '.' | ',') && rev.next().is_some_and(|c| c.is_ascii_digit()) {
                Before::DecimalPoint
            } else {
                Before::Punctuation
            }
        };
        let follow = follow(after)?;
        let strong = follow == Follow::Strong;
        if digits.len() > 4 {
            return None;
        }
        let value: u32 = digits.parse().ok()?;
        let expected = self.expected;
        let close = matches!(before, Before::Marker | Before::Punctuation);
        if value == expected && (strong || close) {
            return Some((self.accept(&[value]), trim));
        }
        // A footnote cited again: its number, right after punctuation or a marker.
        if value < expected && close && (strong || after.starts_with('\u{a0}')) && self.found.contains(&value) {
            return Some((vec![value], trim));
        }
        if !strong {
            return None;
        }
        // "3637" for markers 36 and 37 written without a space.
        if before != Before::SpacedPunctuation
            && let Some(run) = split_run(digits, expected)
        {
            return Some((self.accept(&run), trim));
        }
        if before == Before::Punctuation && value > expected && value - expected <= GAP {
            let missing = if value - expected == 1 {
                format!("footnote marker {expected} was not found before marker {value}")
            } else {
                format!("footnote markers {expected} to {} were not found before marker {value}", value - 1)
            };
            self.warnings.push((line, missing));
            return Some((self.accept(&[value]), trim));
        }
        if before == Before::Punctuation && !self.found.is_empty() {
            self.warnings.push((
                line,
                format!(
                    "\"{digits}\" after punctuation looks like a footnote marker, but marker {expected} was \
                     expected next; left as text"
                ),
            ));
        }
        None
    }

    fn accept(&mut self, labels: &[u32]) -> Vec<u32> {
        for &n in labels {
            self.found.push(n);
            self.expected = n.saturating_add(1);
        }
        labels.to_vec()
    }
}

/// What follows a digit run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follow {
    /// The end of the text, or a space and what starts a sentence or another marker.
    Strong,
    /// A space and anything else.
    Weak,
}

/// How the text after a digit run bears on its being a marker; `None` when it cannot be one
/// (a letter, a digit, a decimal point, a dash, a percent sign …).
fn follow(after: &str) -> Option<Follow> {
    let mut chars = after.chars();
    let Some(first) = chars.next() else {
        return Some(Follow::Strong);
    };
    if after.starts_with("[^") {
        return Some(Follow::Strong);
    }
    if !first.is_whitespace() {
        return None;
    }
    let rest = after.trim_start();
    let Some(next) = rest.chars().next() else {
        return Some(Follow::Strong);
    };
    let starts_sentence = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '“' | '‘' | '"' | '\'' | '(' | '[' | '«' | '„' | '—' | '–' | '•');
    Some(if starts_sentence { Follow::Strong } else { Follow::Weak })
}

/// Splits "3637" into consecutive labels starting at `expected` ([36, 37]), if it is exactly
/// such a run of two or more.
fn split_run(digits: &str, expected: u32) -> Option<Vec<u32>> {
    let mut rest = digits;
    let mut next = expected;
    let mut run = Vec::new();
    while !rest.is_empty() {
        let label = next.to_string();
        rest = rest.strip_prefix(label.as_str())?;
        run.push(next);
        next += 1;
    }
    (run.len() >= 2).then_some(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_all(texts: &[&str]) -> (Vec<String>, MarkerSequence) {
        let mut seq = MarkerSequence::new();
        let out = texts.iter().enumerate().map(|(i, t)| seq.convert(t, i + 1)).collect();
        (out, seq)
    }

    #[test]
    fn markers_after_punctuation_in_sequence() {
        let (out, seq) = convert_all(&[
            "Ties run through family networks.1",
            "Assets were reclaimed.2\u{a0}Schools were built.",
            "He was jailed in 2022.3\u{a0}An inquiry followed.",
        ]);
        assert_eq!(out[0], "Ties run through family networks.[^1]");
        assert_eq!(out[1], "Assets were reclaimed.[^2] Schools were built.");
        assert_eq!(out[2], "He was jailed in 2022.[^3] An inquiry followed.");
        assert_eq!(seq.found, [1, 2, 3]);
        assert!(seq.warnings.is_empty());
    }

    #[test]
    fn text_numbers_stay_text() {
        let mut seq = MarkerSequence::new();
        seq.expected = 5;
        let text = "Under Article 41, 46 workers and 6 and 7 percent of 1.5 trillion tenge ($3.3 billion) \
                    for 2024-2027 grew 4.5 percent.";
        assert_eq!(seq.convert(text, 1), text);
        assert!(seq.found.is_empty());
        // A decimal whose fraction is the expected number, followed by lower case: text.
        seq.expected = 5;
        assert_eq!(seq.convert("It grew by 2.5 percent.", 2), "It grew by 2.5 percent.");
        assert!(seq.warnings.is_empty());
    }

    #[test]
    fn consecutive_markers_and_spaces() {
        let mut seq = MarkerSequence::new();
        seq.expected = 36;
        assert_eq!(
            seq.convert("at its mines.36\u{a0}37\u{a0}Facing pressure, she resigned.38", 4),
            "at its mines.[^36][^37] Facing pressure, she resigned.[^38]"
        );
        assert_eq!(seq.convert("of the funds.39 40", 5), "of the funds.[^39][^40]");
        assert_eq!(seq.convert("years in prison.\u{a0}41\u{a0}In 2022, he", 6), "years in prison.[^41] In 2022, he");
        assert_eq!(seq.convert("as reported.4243 Later", 7), "as reported.[^42][^43] Later");
        assert_eq!(seq.found, (36..=43).collect::<Vec<_>>());
    }

    #[test]
    fn gaps_and_strays_are_reported() {
        let mut seq = MarkerSequence::new();
        seq.expected = 10;
        assert_eq!(seq.convert("A sentence.12 Another.", 3), "A sentence.[^12] Another.");
        assert_eq!(seq.warnings, [(3, "footnote markers 10 to 11 were not found before marker 12".to_owned())]);
        assert_eq!(seq.convert("Something.2 Then", 4), "Something.2 Then");
        assert_eq!(seq.warnings.len(), 2);
        assert_eq!(seq.warnings[1].0, 4);
    }

    #[test]
    fn existing_markers_move_the_sequence() {
        let mut seq = MarkerSequence::new();
        assert_eq!(seq.convert("Already marked.[^1] Next one.2", 1), "Already marked.[^1] Next one.[^2]");
        assert_eq!(seq.found, [1, 2]);
        assert!(seq.literal.is_empty());
    }

    #[test]
    fn a_dangling_marker_does_not_derail_the_sequence() {
        let mut seq = MarkerSequence::new();
        seq.expected = 11;
        assert_eq!(
            seq.convert("after the 2022 unrest.[^99]11\u{a0}Samat Abish.12", 3),
            "after the 2022 unrest.[^99][^11] Samat Abish.[^12]"
        );
        assert_eq!(seq.convert("A later one.13", 4), "A later one.[^13]");
        assert_eq!(seq.found, [11, 12, 13]);
        assert_eq!(seq.literal, [(3, "99".to_owned())]);
        assert!(seq.warnings.is_empty());
    }

    #[test]
    fn a_footnote_cited_again() {
        let (out, seq) = convert_all(&["First.1\u{a0}Second.2", "Again.1\u{a0}and again.2 Then.3", "In 2.1 percent."]);
        assert_eq!(out[0], "First.[^1] Second.[^2]");
        assert_eq!(out[1], "Again.[^1] and again.[^2] Then.[^3]");
        // A decimal is no citation, even of a number cited before.
        assert_eq!(out[2], "In 2.1 percent.");
        assert_eq!(seq.found, [1, 2, 3]);
    }

    #[test]
    fn multibyte_text_is_copied_whole() {
        let mut seq = MarkerSequence::new();
        let text = "Қазақстан — «Ел».1 Façade ’s.";
        assert_eq!(seq.convert(text, 1), "Қазақстан — «Ел».[^1] Façade ’s.");
    }
}
