//! Review copies: a chapter with its open comments, for reviewers who work in Word or a browser,
//! and the comments they add there brought back into the chapter.
//!
//! A review copy is made on purpose; the plain exports ([`crate::export`]) never carry the
//! review. It is the chapter laid out as the plain export lays it out, plus:
//!
//! - every **open** comment (resolved ones stay behind), with its replies, on the text it is
//!   about: its quoted span when the span is still in the text, else the whole bullet, paragraph
//!   or footnote; a rating comment on the item's rating line; a chapter comment (or one whose
//!   block is gone) on the title;
//! - in the Word copy ([`docx`]), each bullet, paragraph and footnote inside a bookmark named
//!   after its id (`rap_b_123` for block `Id(123)`, `rap_f_45` for footnote `Id(45)`,
//!   `rap_r_LDG` for the LDG rating line, `rap_r_Add_20Q` for Freedom in the World's "Add Q": see
//!   [`Mark::Rating`]), and the reference of each footnote in the text inside
//!   one named after the footnote (`rap_n_45`), so that comments written in Word or
//!   `LibreOffice` can be anchored back ([`import`]); and a custom XML part (`customXml/item1.xml`, root element
//!   `review-copy` in the [`PART_NAMESPACE`]) that lists which Word comment is which Rapporteur
//!   comment or reply.
//!
//! Comments are signed in the copy as in the chapter, except that on an anonymous chapter an
//! author's comment is signed "Author" whatever the file says ([`word_author`]): nothing in a
//! review copy comes from the machine, and an anonymous chapter's copy names no author.

pub mod docx;
pub mod html;
pub mod import;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use crate::export::{ExportError, Format, Numbering, Piece};
use crate::method::Methodology;
use crate::model::review::{Anchor, AnchorStatus, Comment, Person, Review};
use crate::model::{Chapter, Id, markers};

pub use import::{
    ImportError, ImportSummary, ImportedComment, ImportedComments, ImportedReply, ReadFileError, read, read_file,
};

/// The formats a review copy can be made in.
pub const FORMATS: [Format; 2] = [Format::Docx, Format::Html];

/// The review copy of `chapter` in `format`, bytes ready to write; `None` for a format that has
/// no review copy (Markdown, plain text). Not gated on findings: a review copy is a draft.
#[must_use]
pub fn render(chapter: &Chapter, method: &Methodology, format: Format) -> Option<Result<Vec<u8>, ExportError>> {
    match format {
        Format::Docx => Some(docx::render(chapter, method)),
        Format::Html => Some(Ok(html::render(chapter, method).into_bytes())),
        Format::Markdown | Format::Text | Format::Pdf => None,
    }
}

/// The namespace of the custom XML part that marks a Word document as a review copy.
pub const PART_NAMESPACE: &str = "urn:x-rapporteur:review-copy:1";

/// What a review-copy bookmark marks, by the bookmark's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// A bullet, paragraph or score-change item: `rap_b_<id>`.
    Block(Id),
    /// A footnote: `rap_f_<id>`.
    Footnote(Id),
    /// An item's rating line: `rap_r_<code>`, the code's letters and digits as they are and
    /// any other byte as `_` and two hex digits (Freedom in the World's "Add Q" is `rap_r_Add_20Q`, BTI's
    /// "1.1" `rap_r_1_2E1`): a bookmark name is letters, digits and underscores.
    Rating(String),
    /// The reference to a footnote in the text (its number): `rap_n_<id>`. A comment on it is
    /// on the footnote; the review copy puts comments on footnotes there, since `LibreOffice`
    /// (7.4) refuses to open a Word document with a comment inside a footnote.
    Reference(Id),
}

impl Mark {
    /// The bookmark's name: `rap_b_123`, `rap_f_45`, `rap_r_LDG`.
    #[must_use]
    pub fn bookmark(&self) -> String {
        match self {
            Self::Block(id) => format!("rap_b_{}", id.0),
            Self::Footnote(id) => format!("rap_f_{}", id.0),
            Self::Rating(code) => {
                let mut name = String::from("rap_r_");
                for b in code.bytes() {
                    if b.is_ascii_alphanumeric() {
                        name.push(char::from(b));
                    } else {
                        let _ = write!(name, "_{b:02X}");
                    }
                }
                name
            }
            Self::Reference(id) => format!("rap_n_{}", id.0),
        }
    }

    /// The mark a bookmark name stands for, if it is one of ours.
    #[must_use]
    pub fn from_bookmark(name: &str) -> Option<Self> {
        let id = |s: &str| s.parse::<u32>().ok().map(Id);
        if let Some(n) = name.strip_prefix("rap_b_") {
            id(n).map(Self::Block)
        } else if let Some(n) = name.strip_prefix("rap_f_") {
            id(n).map(Self::Footnote)
        } else if let Some(n) = name.strip_prefix("rap_n_") {
            id(n).map(Self::Reference)
        } else {
            name.strip_prefix("rap_r_").and_then(unescape_code).map(Self::Rating)
        }
    }

    /// The anchor a comment on this mark has.
    #[must_use]
    pub fn anchor(&self) -> Anchor {
        match self {
            Self::Block(id) => Anchor::Block(*id),
            Self::Footnote(id) | Self::Reference(id) => Anchor::Footnote(*id),
            Self::Rating(code) => Anchor::Rating(code.clone()),
        }
    }
}

/// A rating bookmark's code: letters and digits as they are, `_` and two hex digits for any
/// other byte; `None` for an empty code, another character or bytes that are not UTF-8.
fn unescape_code(escaped: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(escaped.len());
    let mut rest = escaped.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b.is_ascii_alphanumeric() {
            bytes.push(b);
            rest = tail;
        } else if b == b'_' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            return None;
        }
    }
    String::from_utf8(bytes).ok().filter(|c| !c.is_empty())
}

/// The chapter's open comments, oldest first.
pub fn open_comments(chapter: &Chapter) -> impl Iterator<Item = &Comment> {
    chapter.review.comments.iter().filter(|c| c.resolved.is_none())
}

/// The name a person is signed with in a review copy: as in the chapter, except that on an
/// anonymous chapter an author is "Author" alone (see [`Person::signing`]).
#[must_use]
pub fn word_author(chapter: &Chapter, person: &Person) -> String {
    Person::signing(chapter, &person.name, person.role).name
}

/// Initials for Word's comment balloons: the first letter of each word, at most three ("AL").
#[must_use]
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).flat_map(char::to_uppercase).take(3).collect()
}

/// A comment's text as a review copy shows it: its text, then the suggested wording, if any,
/// on a line of its own.
#[must_use]
pub fn comment_text(comment: &Comment) -> String {
    match comment.suggestion.as_deref() {
        Some(s) if comment.outcome.is_none() => format!("{}\nSuggested wording: {s}", comment.text),
        _ => comment.text.clone(),
    }
}

/// Text as compared between a chapter and a Word document: line ends unified, each line's
/// trailing blanks and the whole text's outer blanks dropped.
#[must_use]
pub fn normalize_text(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified.lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_owned()
}

/// Where a comment goes in a review copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// On the chapter's title.
    Title,
    /// On a category's rating line.
    Rating(String),
    /// On a block, over this byte range of its text (the whole text when the quote is gone).
    Block(Id, Range<usize>),
    /// On a footnote, over this byte range of its text.
    Footnote(Id, Range<usize>),
}

/// Where `comment` goes in a review copy of `chapter`.
pub(crate) fn place(chapter: &Chapter, comment: &Comment) -> Place {
    let status = Review::resolve_anchor(chapter, comment);
    let range = |len: usize| match &status {
        AnchorStatus::Attached(Some(r)) => r.clone(),
        _ => 0..len,
    };
    match (&comment.anchor, &status) {
        (_, AnchorStatus::Detached) | (Anchor::Chapter, _) => Place::Title,
        (Anchor::Rating(code), _) => Place::Rating(code.clone()),
        (Anchor::Block(id), _) => {
            let len = chapter.block(*id).map_or(0, |(_, b)| b.text.len());
            Place::Block(*id, range(len))
        }
        (Anchor::Footnote(id), _) => {
            let len = chapter.footnote(*id).map_or(0, |f| f.text.len());
            Place::Footnote(*id, range(len))
        }
    }
}

/// A step in laying out a text with comment ranges over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// Plain text.
    Text(&'a str),
    /// A reference to the footnote with this published number.
    Note(usize),
    /// The range with this index (into the ranges passed in) starts here.
    Start(usize),
    /// The range with this index ends here.
    End(usize),
}

/// `text` cut into plain text and note references (as [`crate::export::pieces`] cuts it), with the start and end of each
/// of `ranges` (byte ranges of `text`) in their places. A range edge inside a footnote marker
/// moves out to include the marker; at one place ends come before starts; a range that is empty
/// or out of bounds covers the whole text.
pub(crate) fn steps<'a>(text: &'a str, numbering: Option<&Numbering<'_>>, ranges: &[Range<usize>]) -> Vec<Step<'a>> {
    // The pieces with their byte offsets in `text`: the same cut as [`pieces`] makes.
    let mut segments: Vec<(Range<usize>, Piece<'a>)> = Vec::new();
    let mut at = 0;
    if let Some(numbering) = numbering {
        for m in markers::markers(text) {
            if let Some(n) = numbering.number(m.label) {
                if m.range.start > at {
                    segments.push((at..m.range.start, Piece::Text(&text[at..m.range.start])));
                }
                segments.push((m.range.clone(), Piece::Note(n)));
                at = m.range.end;
            }
        }
    }
    if at < text.len() {
        segments.push((at..text.len(), Piece::Text(&text[at..])));
    }
    // A marker piece holding `p` strictly inside it, found by bisection (pieces are in order).
    let inside = |p: usize| {
        let i = segments.partition_point(|(s, _)| s.end <= p);
        segments.get(i).filter(|(s, piece)| matches!(piece, Piece::Note(_)) && s.start < p && p < s.end)
    };
    let ranges: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| {
            let r = if r.start < r.end && r.end <= text.len() { r.clone() } else { 0..text.len() };
            let start = inside(r.start).map_or(r.start, |(s, _)| s.start);
            let end = inside(r.end).map_or(r.end, |(s, _)| s.end);
            start..end
        })
        .collect();
    // The ranges starting and (when not empty) ending at each place, in index order.
    let mut starts: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut ends: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, r) in ranges.iter().enumerate() {
        starts.entry(r.start).or_default().push(k);
        if r.start < r.end {
            ends.entry(r.end).or_default().push(k);
        }
    }
    let mut out = Vec::new();
    let edges = |out: &mut Vec<Step<'a>>, at: usize| {
        for &k in ends.get(&at).into_iter().flatten().rev() {
            out.push(Step::End(k));
        }
        for &k in starts.get(&at).into_iter().flatten() {
            out.push(Step::Start(k));
            if ranges[k].end == at {
                out.push(Step::End(k));
            }
        }
    };
    // Cut points: segment edges and range edges.
    let mut cuts: Vec<usize> = segments.iter().flat_map(|(s, _)| [s.start, s.end]).collect();
    cuts.extend(ranges.iter().flat_map(|r| [r.start, r.end]));
    cuts.push(0);
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    // The pieces are in order and the cuts increase: the piece holding each cut span is found
    // by walking forward, not by searching from the start each time.
    let mut next = 0;
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        edges(&mut out, a);
        while next < segments.len() && segments[next].0.end < b {
            next += 1;
        }
        if let Some((s, piece)) = segments.get(next).filter(|(s, _)| s.start <= a && b <= s.end) {
            match piece {
                Piece::Text(_) if text.is_char_boundary(a) && text.is_char_boundary(b) => {
                    out.push(Step::Text(&text[a..b]));
                }
                Piece::Note(n) if s.start == a => out.push(Step::Note(*n)),
                _ => {}
            }
        }
    }
    edges(&mut out, text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmark_names_go_both_ways() {
        for mark in [
            Mark::Block(Id(123)),
            Mark::Footnote(Id(45)),
            Mark::Rating("LDG".into()),
            Mark::Rating("Add Q".into()),
            Mark::Rating("1.1".into()),
            Mark::Rating("É_1".into()),
            Mark::Reference(Id(45)),
        ] {
            assert_eq!(Mark::from_bookmark(&mark.bookmark()), Some(mark));
        }
        assert_eq!(Mark::Rating("Add Q".into()).bookmark(), "rap_r_Add_20Q");
        assert_eq!(Mark::Rating("1.1".into()).bookmark(), "rap_r_1_2E1");
        assert_eq!(Mark::Block(Id(123)).bookmark(), "rap_b_123");
        assert_eq!(Mark::Reference(Id(45)).bookmark(), "rap_n_45");
        assert_eq!(Mark::Reference(Id(45)).anchor(), Anchor::Footnote(Id(45)));
        for other in
            ["_GoBack", "rap_b_", "rap_b_x", "rap_r_", "rap_r_a b", "rap_f_-1", "rap_r_a_2", "rap_r_a_zz", "rap_r_a_FF"]
        {
            assert_eq!(Mark::from_bookmark(other), None, "{other}");
        }
    }

    #[test]
    fn initials_and_text() {
        assert_eq!(initials("Ann  lee"), "AL");
        assert_eq!(initials("Author"), "A");
        assert_eq!(initials(""), "");
        assert_eq!(normalize_text(" a \r\nb  \n\n"), "a\nb");
    }

    fn steps_of(text: &str, ranges: &[Range<usize>]) -> Vec<Step<'static>> {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2024);
        c.add_footnote("1", "Source.", None);
        let b = c.new_block(text);
        c.categories[0].bullets.push(b);
        let numbering = Numbering::of(&c, &m);
        let leaked: &'static str = Box::leak(text.to_owned().into_boxed_str());
        steps(leaked, Some(&numbering), ranges)
    }

    #[test]
    fn ranges_split_text_and_grow_over_markers() {
        use Step::{End, Note, Start, Text};
        assert_eq!(
            steps_of("One two[^1] three.", &[4..9, 0..18]),
            [Start(1), Text("One "), Start(0), Text("two"), Note(1), End(0), Text(" three."), End(1)]
        );
        assert_eq!(steps_of("Plain.", &[]), [Text("Plain.")]);
        assert_eq!(steps_of("Plain.", &[Range { start: 3, end: 3 }]), [Start(0), Text("Plain."), End(0)]);
        assert_eq!(steps_of("", &[Range { start: 0, end: 0 }]), [Start(0), End(0)]);
    }
}
