//! Plain text in the published web layout: what a reader gets when copying a chapter from the
//! web page, and what the importer reads back (`import(export_txt(x)) == x`).
//!
//! # The layout
//!
//! Every line ends with `\n` (the file too). `⍽` below stands for a no-break space, U+00A0;
//! `{…}` for a value. Lines in brackets are left out when the condition fails.
//!
//! ```text
//! {title}                                         Nations in Transit 2024 - Kazakhstan
//!
//! {classification}                                "Not rated" when no category is rated
//! {headline percentage}                           [methodology has a percentage] e.g. 5
//! /⍽100                                           [methodology has a percentage]
//! Democracy Percentage {percentage}⍽/⍽100         [methodology has a percentage] 4.76
//! Democracy Score {score}⍽/⍽{scale max}           1.29 / 7
//! Last Year's Democracy Percentage & Status       [last year rated; "Score" if no percentage]
//! {headline}⍽/⍽100⍽{classification}               [last year rated] (score⍽/⍽7 if no percentage)
//! {methodology blurb}                             one line, see `methodology_blurb`
//! ⍽
//!
//! Authors
//!
//!   • {author}                                    one per author; "Anonymous" when anonymous
//!
//! Score changes in {edition}
//!
//!   • {score-change item}                         one per item
//!
//! Executive Summary
//!
//! {paragraph}                                     each paragraph followed by an empty line
//!
//! At-A-Glance
//!
//! {paragraph}                                     each paragraph followed by an empty line
//!
//! ⍽
//! {category name}⍽{min}-{max} pts                 per category, in published order: 1.00-7.00
//! {description} {rating}⍽/ {max}                  rating "x.xx", or "—" when unrated; 7.00
//!   • {bullet}                                    one per bullet, no empty lines between
//!
//! Footnotes
//!
//! {n}. {citation}                                 one per footnote, numbered 1..
//! ```
//!
//! The description is the methodology's (a reader ignores it: the rating is the text after the
//! last space before `⍽/ `). A citation is the footnote's text, then a space and its address
//! (when it has one), then ` (accessed YYYY-MM-DD)` (when it has a date).
//!
//! # Footnote markers
//!
//! Footnotes are numbered by [`super::Numbering`]: 1..n in order of first appearance in
//! reading order, then uncited ones. A marker `[^label]` is written as its bare number,
//! straight after the text before it, as the web copy shows it (`networks.[^1]` →
//! `networks.1`). Then:
//! - an ordinary space directly after a marker is written as `⍽` (`2.⍽The`), as on the web;
//! - two adjacent markers are separated by `⍽` (`[^36][^37]` → `36⍽37`);
//! - a marker never touches a digit: `⍽` goes between (`in 2019[^3]` → `in 2019⍽3`).
//!
//! So a reader finds a marker as: a run of digits equal to the next footnote number it
//! expects (or one it has seen), not preceded by a digit, followed by `⍽` or the end of the
//! line. A marker whose label names no footnote is written as it stands (`[^x]`).
//!
//! # What does not survive the trip
//!
//! The layout carries what the web page carries. Reading it back gives the canonical chapter:
//! ids and labels are fresh (labels 1..n), no white space separates adjacent markers, a
//! no-break space directly after a marker reads as a space, a line break inside a block is
//! written as a space, and per-category last-year ratings are not shown (a reader takes them
//! from the score-change items, "<Category> rating declined from A to B", else equal to this
//! year's).

use std::fmt::Write as _;

use super::{
    Numbering, Piece, card_lines, category_description, category_name, citation, last_year_status, methodology_blurb,
    pieces, scale_max, size_estimate, this_year,
};
use crate::method::Methodology;
use crate::model::{Authors, Chapter};
use crate::score::Figure;

/// U+00A0, the no-break space the web copy uses around figures and after markers.
pub const NBSP: char = '\u{a0}';

/// The chapter in the web layout.
#[must_use]
pub fn render(chapter: &Chapter, method: &Methodology) -> String {
    let numbering = Numbering::new(chapter);
    let card = card_lines(chapter, method);
    let max = scale_max(method);
    let mut out = String::with_capacity(size_estimate(chapter));
    let line = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push('\n');
    };

    // The score card, from its lines; the words are the web layout's (see the module doc).
    line(&mut out, &one_line(&chapter.title));
    line(&mut out, "");
    line(&mut out, this_year(&card, Figure::Classification).unwrap_or_default());
    if let (Some(headline), Some(percentage)) =
        (this_year(&card, Figure::Headline), this_year(&card, Figure::Percentage))
    {
        line(&mut out, headline);
        line(&mut out, &format!("/{NBSP}100"));
        line(&mut out, &format!("Democracy Percentage {percentage}{NBSP}/{NBSP}100"));
    }
    let score = this_year(&card, Figure::Score).unwrap_or_default();
    line(&mut out, &format!("Democracy Score {score}{NBSP}/{NBSP}{max}"));
    if let Some(last) = last_year_status(&card, method) {
        line(&mut out, &format!("Last Year's {} & Status", last.what));
        line(&mut out, &format!("{}{NBSP}/{NBSP}{}{NBSP}{}", last.figure, last.out_of, last.classification));
    }
    line(&mut out, &methodology_blurb(method));
    line(&mut out, &NBSP.to_string());
    line(&mut out, "");

    line(&mut out, "Authors");
    line(&mut out, "");
    match &chapter.authors {
        Authors::Anonymous => line(&mut out, "  \u{2022} Anonymous"),
        Authors::Named(names) => {
            for name in names {
                line(&mut out, &format!("  \u{2022} {}", one_line(name)));
            }
        }
    }
    line(&mut out, "");

    line(&mut out, &format!("Score changes in {}", chapter.edition));
    line(&mut out, "");
    for item in &chapter.score_changes {
        out.push_str("  \u{2022} ");
        push_text(&mut out, &item.text, &numbering);
        out.push('\n');
    }
    line(&mut out, "");

    line(&mut out, "Executive Summary");
    line(&mut out, "");
    for p in &chapter.executive_summary {
        push_text(&mut out, &p.text, &numbering);
        out.push_str("\n\n");
    }

    line(&mut out, "At-A-Glance");
    line(&mut out, "");
    for p in &chapter.at_a_glance {
        push_text(&mut out, &p.text, &numbering);
        out.push_str("\n\n");
    }
    line(&mut out, &NBSP.to_string());

    let range = format!("{}-{}", method.scale.min, method.scale.max);
    for entry in &chapter.categories {
        line(&mut out, &format!("{}{NBSP}{range} pts", category_name(method, &entry.code)));
        let rating = entry.rating.map_or_else(|| "\u{2014}".to_owned(), |r| r.to_string());
        let description = one_line(category_description(method, &entry.code));
        if description.is_empty() {
            line(&mut out, &format!("{rating}{NBSP}/ {}", method.scale.max));
        } else {
            line(&mut out, &format!("{description} {rating}{NBSP}/ {}", method.scale.max));
        }
        for b in &entry.bullets {
            out.push_str("  \u{2022} ");
            push_text(&mut out, &b.text, &numbering);
            out.push('\n');
        }
    }
    line(&mut out, "");

    line(&mut out, "Footnotes");
    line(&mut out, "");
    for n in numbering.notes() {
        let _ = writeln!(out, "{}. {}", n.number, one_line(&citation(n.footnote)));
    }
    out
}

/// `s` on one line: line breaks become spaces.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(s.replace("\r\n", " ").replace(['\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Appends a text block with its markers as bare numbers (see the module doc for the spacing).
fn push_text(out: &mut String, text: &str, numbering: &Numbering<'_>) {
    let text = one_line(text);
    let parts = pieces(&text, numbering);
    let mut after_marker = false;
    for piece in parts {
        match piece {
            Piece::Text(t) => {
                let t = if after_marker && let Some(rest) = t.strip_prefix(' ') {
                    out.push(NBSP);
                    rest
                } else if after_marker && t.starts_with(|c: char| c.is_ascii_digit()) {
                    out.push(NBSP);
                    t
                } else {
                    t
                };
                out.push_str(t);
                after_marker = false;
            }
            Piece::Note(n) => {
                if after_marker || out.ends_with(|c: char| c.is_ascii_digit()) {
                    out.push(NBSP);
                }
                let _ = write!(out, "{n}");
                after_marker = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Footnote;

    fn numbering_chapter() -> Chapter {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2024);
        for label in ["a", "b", "c"] {
            let id = c.new_id();
            c.footnotes.push(Footnote { id, label: label.into(), text: "T".into(), url: None, accessed: None });
        }
        c
    }

    fn rendered(text: &str) -> String {
        let mut c = numbering_chapter();
        let b = c.new_block(text);
        c.score_changes.push(b);
        let n = Numbering::new(&c);
        let mut out = String::new();
        push_text(&mut out, text, &n);
        out
    }

    #[test]
    fn markers_render_as_the_web_copy_shows_them() {
        assert_eq!(rendered("networks.[^a]"), "networks.1");
        assert_eq!(rendered("associates.[^a] The rest"), "associates.1\u{a0}The rest");
        assert_eq!(rendered("mines.[^a][^b] Facing"), "mines.1\u{a0}2\u{a0}Facing");
        assert_eq!(rendered("in 2019[^a], then[^b]2020"), "in 2019\u{a0}1, then2\u{a0}2020");
        assert_eq!(rendered("a[^zz] b"), "a[^zz] b");
        assert_eq!(rendered("line\nbreak[^c]"), "line break1");
    }
}
