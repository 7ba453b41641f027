//! Plain text in the published web layout: what a reader gets when copying a chapter from the
//! web page, and what the importer reads back (`import(export_txt(x)) == x`).
//!
//! # The layout
//!
//! Every line ends with `\n` (the file too). `⍽` below stands for a no-break space, U+00A0;
//! `{…}` for a value. Lines in brackets are left out when the condition fails. Everything
//! named (figures, classifications, sections, items, scales) comes from the methodology; the
//! examples are Nations in Transit's (NIT) and Freedom in the World's (`fiw`).
//!
//! ```text
//! {title}                                      Nations in Transit 2024 - Kazakhstan
//!
//! {first classification}                       empty without one; "Not rated" when undecided
//! {headline}                                   per figure with a headline: NIT's 5
//! {suffix}                                     [the figure has a suffix] /⍽100
//! {label} {value}⍽{suffix}                     per figure, the lead figure first (see below);
//!                                              "⍽{suffix}" only where it has one:
//!                                              Democracy Percentage 4.76⍽/⍽100
//! {label} {class}                              per further classification: Electoral democracy Yes
//! Last Year's {lead label} & Status            [last year rated]
//! {value}⍽{suffix}⍽{first classification}      [last year rated] 5⍽/⍽100⍽Consolidated …
//! {methodology blurb}                          one line, see `methodology_blurb`
//! ⍽
//!
//! Authors
//!
//!   • {author}                                 one per author; "Anonymous" when anonymous
//!
//! then the sections in the methodology's reading order; a score-change or text section is
//!
//! {title}                                      Score changes in {edition}; Executive Summary
//!
//!   • {score-change item}                      one per item, then an empty line; or
//! {paragraph}                                  per paragraph of a text section, each followed
//!                                              by an empty line
//!
//! and a run of rated items (after the prose sections before it) is
//!
//! ⍽
//! {group title} {figure}⍽{suffix}              where a group of the outline begins ("⍽{…}"
//!                                              when it has a figure): Political Rights 22⍽/⍽40,
//!                                              A. Electoral Process 8⍽/⍽12
//! {item}⍽{min}-{max} pts                       per item: its name (NIT: Corruption⍽1.00-7.00
//!                                              pts), or its code where the methodology numbers
//!                                              its items (fiw: A1⍽0-4 pts)
//! {description} {rating}⍽/ {max}               rating as its scale shows it, "—" when unrated
//!   • {bullet}                                 per justification bullet, no empty lines; or
//! {paragraph}                                  per justification paragraph, no empty lines
//!
//! (a group narrated on its own, a BTI criterion, is its title, then an item's two lines for
//! each of its items, then its paragraphs), closed by an empty line.
//!
//! Footnotes
//!
//! {n}. {citation}                              one per footnote, numbered 1..
//! ```
//!
//! The lead figure is the one with a headline (NIT's percentage), else the first whose
//! changes the methodology asks to explain, else the one no other figure or classification
//! reads (Freedom in the World's total score). An optional item the chapter leaves out
//! (unrated both years, no text: Freedom in the World's question Q) is not written.
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
//! written as a space, and per-item last-year ratings are not shown (a reader takes them
//! from the score-change items, "<Category> rating declined from A to B", else equal to this
//! year's).

use std::fmt::Write as _;

use super::{
    CardView, EntryKind, Numbering, Part, Piece, card_lines, citation, methodology_blurb, outline, pieces,
    size_estimate,
};
use crate::method::Methodology;
use crate::model::{Authors, Chapter};

/// U+00A0, the no-break space the web copy uses around figures and after markers.
pub const NBSP: char = '\u{a0}';

/// A value and its suffix as the web copy joins them: `1.29⍽/⍽7`, `Not Free`.
fn joined(value: &str, suffix: Option<&str>) -> String {
    match suffix {
        Some(s) if !s.is_empty() => format!("{value}{NBSP}{}", s.replace(' ', &NBSP.to_string())),
        _ => value.to_owned(),
    }
}

/// The chapter in the web layout.
#[must_use]
pub fn render(chapter: &Chapter, method: &Methodology) -> String {
    let numbering = Numbering::of(chapter, method);
    let lines = card_lines(chapter, method);
    let mut out = String::with_capacity(size_estimate(chapter));
    let line = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push('\n');
    };

    push_card(&mut out, chapter, &lines, method);

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

    // The sections in reading order: prose sections with an empty line after each block;
    // the rated items between a no-break-space line and an empty one.
    let mut in_items = false;
    for part in outline(chapter, method, &lines, false) {
        let is_item = match &part {
            Part::Group { .. } => true,
            Part::Section(e) => matches!(e.kind, EntryKind::Item(_) | EntryKind::Group(_)),
        };
        if is_item && !in_items {
            line(&mut out, &NBSP.to_string());
        } else if !is_item && in_items {
            line(&mut out, "");
        }
        in_items = is_item;
        match part {
            Part::Group { title, score, .. } => {
                let title = one_line(&title);
                match score {
                    Some(score) => line(&mut out, &format!("{title} {}", score.replace(' ', &NBSP.to_string()))),
                    None => line(&mut out, &title),
                }
            }
            Part::Section(entry) => {
                let rated = |out: &mut String, item: &super::ItemRating| {
                    let _ = writeln!(out, "{}{NBSP}{}-{} pts", one_line(&item.short), item.range.0, item.range.1);
                    let description = one_line(&item.description);
                    if description.is_empty() {
                        let _ = writeln!(out, "{}{NBSP}/ {}", item.rating, item.range.1);
                    } else {
                        let _ = writeln!(out, "{description} {}{NBSP}/ {}", item.rating, item.range.1);
                    }
                };
                match &entry.kind {
                    EntryKind::ScoreChanges | EntryKind::Text => {
                        line(&mut out, &one_line(&entry.title));
                        line(&mut out, "");
                    }
                    EntryKind::Item(item) => rated(&mut out, item),
                    EntryKind::Group(items) => {
                        line(&mut out, &one_line(&entry.title));
                        for item in items {
                            rated(&mut out, item);
                        }
                    }
                }
                for b in entry.blocks {
                    if entry.bullets {
                        out.push_str("  \u{2022} ");
                    }
                    push_text(&mut out, &b.text, &numbering);
                    out.push('\n');
                    if !is_item && !entry.bullets {
                        out.push('\n');
                    }
                }
                if !is_item && entry.bullets {
                    line(&mut out, "");
                }
            }
        }
    }
    if in_items {
        line(&mut out, "");
    }

    line(&mut out, "Footnotes");
    line(&mut out, "");
    for n in numbering.notes() {
        let _ = writeln!(out, "{}. {}", n.number, one_line(&citation(n.footnote)));
    }
    out
}

/// The title and the score card, from its lines; the words are the web layout's (see the
/// module doc).
fn push_card(out: &mut String, chapter: &Chapter, lines: &crate::score::CardLines, method: &Methodology) {
    let card = CardView::new(lines, method);
    let line = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line(out, &one_line(&chapter.title));
    line(out, "");
    line(out, card.status.map_or("", |l| l.this_year_shown()));
    for headline in &card.headlines {
        line(out, headline.this_year_shown());
        if let Some(suffix) = &headline.suffix {
            line(out, &suffix.replace(' ', &NBSP.to_string()));
        }
    }
    for figure in &card.figures {
        line(out, &format!("{} {}", figure.label, joined(figure.this_year_shown(), figure.suffix.as_deref())));
    }
    for class in &card.classes {
        line(out, &format!("{} {}", class.label, class.this_year_shown()));
    }
    if let Some(last) = &card.last_year {
        line(out, &format!("Last Year's {} & Status", last.what));
        line(out, &format!("{}{NBSP}{}", joined(last.figure, last.suffix), last.classification));
    }
    line(out, &methodology_blurb(method));
    line(out, &NBSP.to_string());
    line(out, "");
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
        let n = Numbering::of(&c, &Methodology::nit_2020());
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
