//! The HTML review copy: one self-contained page (inline CSS, no script, no external request)
//! with the chapter's text on the left and its open comments in the margin beside the text
//! they are on, each quoted span highlighted (`<mark>`). Every string from the chapter is
//! escaped as in the plain HTML export. Like that export, the page declares the chapter's
//! language, has a `header` (title, byline) and a `main`, one `h1`, a captioned ratings table
//! with headers, and colours with a contrast of at least 4.5:1.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use super::{Mark, Place, Step, comment_text, open_comments, place, steps, word_author};
use crate::export::html::{escape, escape_into};
use crate::export::{EntryKind, Language, Numbering, Part, card_lines, citation, outline};
use crate::method::Methodology;
use crate::model::review::{Comment, Signed};
use crate::model::{Authors, Chapter, Id};
use crate::score::CardLines;

const STYLE: &str = "\
body{font-family:Georgia,'Times New Roman',serif;max-width:72em;margin:2em auto;padding:0 1em;line-height:1.5;color:#111}\
h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #999}\
.byline,.note{color:#444}.row{display:grid;grid-template-columns:minmax(0,1fr) 22em;gap:1.5em;align-items:start}\
.row>.text{margin:.4em 0}.margin{font-family:system-ui,sans-serif;font-size:.85em}\
.comment{border-left:3px solid #c90;background:#fff8e6;padding:.3em .6em;margin:.4em 0}\
.comment .who{color:#555;font-size:.9em;margin:0}.comment p{margin:.2em 0;white-space:pre-wrap}\
.comment .quote{font-style:italic;color:#555}.reply{border-left:2px solid #bbb;margin:.3em 0 0 .4em;padding-left:.5em}\
mark{background:#ffe58a}table{border-collapse:collapse;margin:.6em 0}caption{text-align:left;font-weight:bold;padding:.2em 0}th,td{border:1px solid #bbb;padding:.2em .6em;text-align:left}\
.rating{font-weight:bold}sup{font-size:.75em}\
@media print{body{max-width:none}.row{grid-template-columns:minmax(0,1fr) 16em}}";

/// The page.
#[must_use]
pub fn render(chapter: &Chapter, method: &Methodology) -> String {
    let numbering = Numbering::of(chapter, method);
    let placed: Vec<(Place, &Comment)> = open_comments(chapter).map(|c| (place(chapter, c), c)).collect();
    let on = |pick: &dyn Fn(&Place) -> Option<Range<usize>>| -> Vec<(Range<usize>, &Comment)> {
        placed.iter().filter_map(|(p, c)| pick(p).map(|r| (r, *c))).collect()
    };
    let mut out = String::with_capacity(crate::export::size_estimate(chapter) * 2);
    push_head(&mut out, chapter);

    let title_threads = on(&|p| (*p == Place::Title).then_some(0..chapter.title.len()));
    row(&mut out, chapter, "<h1>", "</h1>", &chapter.title, None, None, &title_threads);
    let byline = match &chapter.authors {
        Authors::Anonymous => "Anonymous".to_owned(),
        Authors::Named(_) => chapter.authors.byline(),
    };
    let _ = writeln!(out, "<p class=\"byline\">Authors: {}</p>", escape(&byline));
    let _ = writeln!(
        out,
        "<p class=\"note\">Review copy: {} open comment{} in the margin.</p>",
        placed.len(),
        if placed.len() == 1 { "" } else { "s" }
    );
    out.push_str("</header>\n<main>\n");

    let lines = card_lines(chapter, method);
    ratings_table(&mut out, &lines);

    let block = |out: &mut String, id: Id, text: &str| {
        let threads = on(&|p| match p {
            Place::Block(b, r) if *b == id => Some(r.clone()),
            _ => None,
        });
        row(
            out,
            chapter,
            "<p class=\"text\">",
            "</p>",
            text,
            Some(&Mark::Block(id).bookmark()),
            Some(&numbering),
            &threads,
        );
    };
    // An item's rating line with the comments on it; its id (the bookmark's name) the first
    // time the item's rating is shown, as an id is used once.
    let mut rated: HashSet<String> = HashSet::new();
    let rating_row = |out: &mut String, rated: &mut HashSet<String>, code: &str, open: &str, line: &str| {
        let threads = on(&|p| matches!(p, Place::Rating(c) if c == code).then(|| 0..line.len()));
        let id = rated.insert(code.to_owned()).then(|| Mark::Rating(code.to_owned()).bookmark());
        let threads = if id.is_some() { threads } else { Vec::new() };
        row(out, chapter, open, "</p>", line, id.as_deref(), None, &threads);
    };
    // The sections in reading order, as the plain export lays them out.
    for part in outline(chapter, method, &lines, true) {
        match part {
            Part::Group { title, depth, score, .. } => {
                let level = (depth + 2).min(6);
                let heading = score.map_or_else(|| title.clone(), |s| format!("{title} {s}"));
                let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(&heading));
            }
            Part::Section(entry) => {
                let level = (entry.depth + 2).min(6);
                let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(&entry.title));
                match &entry.kind {
                    EntryKind::Item(item) => {
                        let line = format!("Rating: {}", item.out_of());
                        rating_row(&mut out, &mut rated, &item.code, "<p class=\"text rating\">", &line);
                    }
                    EntryKind::Group(items) => {
                        // Each item's rating in a row of its own, where comments on it go.
                        for item in items {
                            let line = format!("{}: {}", item.title, item.out_of());
                            rating_row(&mut out, &mut rated, &item.code, "<p class=\"text\">", &line);
                        }
                    }
                    EntryKind::ScoreChanges | EntryKind::Text => {}
                }
                for b in entry.blocks {
                    block(&mut out, b.id, &b.text);
                }
            }
        }
    }
    if !numbering.notes().is_empty() {
        out.push_str("<section aria-labelledby=\"notes-heading\">\n<h2 id=\"notes-heading\">Footnotes</h2>\n");
        for note in numbering.notes() {
            let f = note.footnote;
            let text = citation(f);
            let lead = f.text.len() - f.text.trim_start().len();
            let visible = f.text.trim().len();
            let threads = on(&|p| match p {
                Place::Footnote(id, r) if *id == f.id => {
                    let (start, end) =
                        (r.start.saturating_sub(lead).min(visible), r.end.saturating_sub(lead).min(visible));
                    Some(if start < end { start..end } else { 0..text.len() })
                }
                _ => None,
            });
            let open = format!("<p class=\"text\">{}. ", note.number);
            row(&mut out, chapter, &open, "</p>", &text, Some(&Mark::Footnote(f.id).bookmark()), None, &threads);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The page's head (language, title, style), up to the opening of its banner.
fn push_head(out: &mut String, chapter: &Chapter) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        Language::of(chapter).tag()
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>Review copy: {}</title>", escape(&chapter.title));
    out.push_str("<meta name=\"generator\" content=\"Rapporteur\">\n");
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<header>");
}

/// The ratings, as a captioned table with column and row headers.
fn ratings_table(out: &mut String, lines: &CardLines) {
    out.push_str("<table>\n<caption>Ratings by category</caption>\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Rating</th><th scope=\"col\">Last year</th></tr></thead>\n<tbody>\n");
    for line in &lines.categories {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            escape(&line.label),
            escape(line.this_year_shown()),
            escape(line.last_year_shown())
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// One row: the text (in `open`…`close`, with the quoted spans marked) and its comments.
#[allow(clippy::too_many_arguments)] // One call shape for every kind of row; a struct would only rename them.
fn row(
    out: &mut String,
    chapter: &Chapter,
    open: &str,
    close: &str,
    text: &str,
    id: Option<&str>,
    numbering: Option<&Numbering<'_>>,
    threads: &[(Range<usize>, &Comment)],
) {
    match id {
        Some(id) => {
            let _ = write!(out, "<div class=\"row\" id=\"{}\">", escape(id));
        }
        None => out.push_str("<div class=\"row\">"),
    }
    out.push_str("<div>");
    out.push_str(open);
    let ranges: Vec<Range<usize>> =
        threads.iter().map(|(r, c)| if c.quote.is_some() { r.clone() } else { 0..0 }).collect();
    // Only quoted spans are highlighted; a comment on the whole text is not.
    let marked: Vec<bool> = threads.iter().map(|(_, c)| c.quote.is_some()).collect();
    let mut depth = 0usize;
    for step in steps(text, numbering, &ranges) {
        match step {
            Step::Text(t) if depth > 0 => {
                out.push_str("<mark>");
                escape_into(out, t);
                out.push_str("</mark>");
            }
            Step::Text(t) => escape_into(out, t),
            Step::Note(n) => {
                let _ = write!(out, "<sup>{n}</sup>");
            }
            Step::Start(k) if marked[k] => depth += 1,
            Step::End(k) if marked[k] => depth = depth.saturating_sub(1),
            Step::Start(_) | Step::End(_) => {}
        }
    }
    out.push_str(close);
    out.push_str("</div>");
    // The margin is a plain block, not an `aside`: a complementary landmark per row would
    // bury the page's landmarks under hundreds of empty ones.
    if threads.is_empty() {
        out.push_str("<div class=\"margin\"></div>");
    } else {
        out.push_str("<div class=\"margin\">");
        for (_, c) in threads {
            let _ = write!(out, "<div class=\"comment\" id=\"rap_c_{}\">", c.id.0);
            signed_line(out, chapter, &c.signed);
            if let Some(q) = &c.quote {
                out.push_str("<p class=\"quote\">On \u{201c}");
                escape_into(out, q);
                out.push_str("\u{201d}</p>");
            }
            out.push_str("<p>");
            escape_into(out, &comment_text(c));
            out.push_str("</p>");
            for r in &c.replies {
                out.push_str("<div class=\"reply\">");
                signed_line(out, chapter, &r.signed);
                out.push_str("<p>");
                escape_into(out, &r.text);
                out.push_str("</p></div>");
            }
            out.push_str("</div>");
        }
        out.push_str("</div>");
    }
    out.push_str("</div>\n");
}

fn signed_line(out: &mut String, chapter: &Chapter, signed: &Signed) {
    let name = word_author(chapter, &signed.by);
    let who = crate::model::review::Person { name, role: signed.by.role }.display();
    let _ = write!(out, "<p class=\"who\">{} \u{00b7} {}</p>", escape(&who), signed.at.format("%Y-%m-%d %H:%M UTC"));
}
