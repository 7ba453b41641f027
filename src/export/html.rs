//! One self-contained, print-ready HTML5 page: inline CSS, no script, no external request.
//!
//! Made to be read with a screen reader as well as seen: the page declares the chapter's
//! [`Language`]; the title is its one `h1`, every section an `h2`, or one level below the
//! heading of the methodology's group it is in (Freedom in the World's "Political Rights" `h2`
//! ▸ "A. Electoral Process" `h3` ▸ "A1 …" `h4`: no level is skipped); the title and byline
//! are the page's `header` and everything else its `main`; the score card's ratings are a
//! table with a caption and column and row headers; note references and the links back from
//! the notes say what they are (`doc-noteref` "Footnote 3", `doc-backlink` "Back to reference
//! 3") and the notes are a `doc-endnotes` section named by its heading. The colours keep a
//! contrast of at least 4.5:1. `tests/accessible_exports.rs` checks the page with axe-core.
//!
//! The score card comes first (the classification, every figure with its suffix, last year's,
//! then a table of ratings), then the sections in the methodology's reading order (each item
//! with its rating out of its scale's top), then the numbered notes. A marker becomes a superscript link to its note
//! (`#fn-N`), and each note links back to the first place that cites it (`#fnref-N`). Every
//! string from the chapter or the methodology is escaped; a footnote address becomes a link
//! only when it is `http:` or `https:`.

use std::fmt::Write as _;

use super::{
    CardView, EntryKind, ItemRating, Language, Numbering, Part, Piece, card_lines, citation, clean_controls,
    methodology_blurb, outline, pieces, shown_title, with_suffix,
};
use crate::method::Methodology;
use crate::model::{Authors, Chapter, Footnote};
use crate::score::CardLines;

const STYLE: &str = "\
body{font-family:Georgia,'Times New Roman',serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#111}\
h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #999}\
.byline{color:#444}.card{border:1px solid #999;padding:.6em 1em;margin:1em 0}\
.card .status{font-weight:bold;font-size:1.1em}.card .headline{font-size:2em;font-weight:bold}\
.card p{margin:.2em 0}.blurb{font-size:.85em;color:#444}\
table{border-collapse:collapse;margin:.6em 0}caption{text-align:left;font-weight:bold;padding:.2em 0}th,td{border:1px solid #bbb;padding:.2em .6em;text-align:left}\
td.num{text-align:right}.rating{font-weight:bold}.description{font-style:italic;color:#333}\
sup a{text-decoration:none}.notes li{font-size:.9em;word-wrap:break-word}\
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}}";

/// Writes `s` with `&`, `<`, `>`, `"` and `'` escaped, and forbidden control characters replaced.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in clean_controls(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `s` escaped for HTML text or a quoted attribute.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// A link of a page's navigation (a published edition's chapter page: back to the index, the
/// previous and next chapters).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NavLink {
    /// Where it goes (relative to the page).
    pub href: String,
    /// What it says.
    pub label: String,
    /// Its relation (`prev`, `next`, `index`), if any.
    pub rel: Option<&'static str>,
}

/// What a page carries besides the chapter: navigation links above it (none for an export).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// The links, in order; the page has no navigation when there are none.
    pub nav: Vec<NavLink>,
}

const NAV_STYLE: &str = "\
nav.pages ul{list-style:none;padding:0;margin:0 0 1em;display:flex;flex-wrap:wrap;gap:.4em 1.4em;font-size:.95em}\
nav.pages a{color:#1d3557}@media print{nav.pages{display:none}}";

/// The page.
#[must_use]
pub fn render(chapter: &Chapter, method: &Methodology) -> String {
    render_with(chapter, method, &Page::default())
}

/// The page, with `page`'s navigation above the chapter.
#[must_use]
pub fn render_with(chapter: &Chapter, method: &Methodology, page: &Page) -> String {
    let numbering = Numbering::of(chapter, method);
    let mut refs = RefIds::new(numbering.notes().len());
    let mut out = String::with_capacity(super::size_estimate(chapter) * 5 / 4);
    let title = escape(shown_title(chapter));

    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
        Language::of(chapter).tag()
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{title}</title>");
    if let Authors::Named(names) = &chapter.authors
        && !names.is_empty()
    {
        let _ = writeln!(out, "<meta name=\"author\" content=\"{}\">", escape(&names.join(", ")));
    }
    out.push_str("<meta name=\"generator\" content=\"Rapporteur\">\n");
    let nav_style = if page.nav.is_empty() { "" } else { NAV_STYLE };
    let _ = writeln!(out, "<style>{STYLE}{nav_style}</style>\n</head>\n<body>");
    if !page.nav.is_empty() {
        out.push_str("<nav class=\"pages\" aria-label=\"Edition\">\n<ul>\n");
        for link in &page.nav {
            let rel = link.rel.map(|r| format!(" rel=\"{r}\"")).unwrap_or_default();
            let _ = writeln!(out, "<li><a href=\"{}\"{rel}>{}</a></li>", escape(&link.href), escape(&link.label));
        }
        out.push_str("</ul>\n</nav>\n");
    }
    let _ = writeln!(out, "<header>\n<h1>{title}</h1>");
    let _ = writeln!(out, "<p class=\"byline\">Authors: {}</p>\n</header>\n<main>", escape(&chapter.authors.byline()));

    let lines = card_lines(chapter, method);
    push_score_card(&mut out, &lines, method);

    // The sections in reading order, each group of the methodology's outline a heading over
    // its sections (h2, h3, … under the title: no level is skipped).
    for part in outline(chapter, method, &lines, false) {
        match part {
            Part::Group { title, depth, score, .. } => {
                let level = heading_level(depth);
                let _ = write!(out, "<h{level}>{}", escape(&title));
                if let Some(score) = score {
                    let _ = write!(out, " <span class=\"rating\">{}</span>", escape(&score));
                }
                let _ = writeln!(out, "</h{level}>");
            }
            Part::Section(entry) => {
                let level = heading_level(entry.depth);
                let _ = write!(out, "<section>\n<h{level}>{}", escape(&entry.title));
                if let EntryKind::Item(item) = &entry.kind {
                    let _ = write!(out, " <span class=\"rating\">{}</span>", escape(&item.out_of()));
                }
                let _ = writeln!(out, "</h{level}>");
                match &entry.kind {
                    EntryKind::Item(item) if !item.description.is_empty() => {
                        let _ = writeln!(out, "<p class=\"description\">{}</p>", escape(&item.description));
                    }
                    EntryKind::Group(items) => push_item_ratings(&mut out, items),
                    _ => {}
                }
                let list = entry.bullets && (matches!(entry.kind, EntryKind::ScoreChanges) || !entry.blocks.is_empty());
                if list {
                    out.push_str("<ul>\n");
                }
                for b in entry.blocks {
                    out.push_str(if entry.bullets { "<li>" } else { "<p>" });
                    push_text(&mut out, &b.text, &numbering, &mut refs);
                    out.push_str(if entry.bullets { "</li>\n" } else { "</p>\n" });
                }
                if list {
                    out.push_str("</ul>\n");
                }
                out.push_str("</section>\n");
            }
        }
    }

    push_notes(&mut out, &numbering);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The numbered notes, each linking back to the first place that cites it.
fn push_notes(out: &mut String, numbering: &Numbering<'_>) {
    if !numbering.notes().is_empty() {
        out.push_str(
            "<section class=\"notes\" role=\"doc-endnotes\" aria-labelledby=\"notes-heading\">\n\
             <h2 id=\"notes-heading\">Footnotes</h2>\n<ol>\n",
        );
        for note in numbering.notes() {
            let _ = write!(out, "<li id=\"fn-{}\">", note.number);
            push_citation(out, note.footnote);
            if note.cited {
                let _ = write!(
                    out,
                    " <a href=\"#fnref-{n}\" class=\"back\" role=\"doc-backlink\" aria-label=\"Back to reference {n}\">\u{21a9}\u{fe0e}</a>",
                    n = note.number
                );
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
}

/// The heading level of a section or group `depth` groups deep: h2 at the top, under the
/// title's h1; HTML has six levels.
fn heading_level(depth: usize) -> usize {
    (depth + 2).min(6)
}

/// The ratings of a narrated group's items, as a list.
fn push_item_ratings(out: &mut String, items: &[ItemRating]) {
    if items.is_empty() {
        return;
    }
    out.push_str("<ul class=\"ratings\">\n");
    for item in items {
        let _ =
            writeln!(out, "<li>{} <span class=\"rating\">{}</span></li>", escape(&item.title), escape(&item.out_of()));
    }
    out.push_str("</ul>\n");
}

/// The score card from its lines: status, figures, last year, the ratings table and the blurb.
fn push_score_card(out: &mut String, lines: &CardLines, method: &Methodology) {
    let card = CardView::new(lines, method);
    out.push_str("<section class=\"card\" aria-label=\"Score card\">\n");
    if let Some(status) = card.status {
        let _ = writeln!(out, "<p class=\"status\">{}</p>", escape(status.this_year_shown()));
    }
    for headline in &card.headlines {
        let _ = write!(out, "<p><span class=\"headline\">{}</span>", escape(headline.this_year_shown()));
        if let Some(suffix) = &headline.suffix {
            let _ = write!(out, " {}", escape(suffix));
        }
        out.push_str("</p>\n");
    }
    for figure in &card.figures {
        let _ = writeln!(
            out,
            "<p>{} {}</p>",
            escape(&figure.label),
            escape(&with_suffix(figure.this_year_shown(), figure.suffix.as_deref()))
        );
    }
    for class in &card.classes {
        let _ = writeln!(out, "<p>{}: {}</p>", escape(&class.label), escape(class.this_year_shown()));
    }
    if let Some(last) = &card.last_year {
        let _ = writeln!(
            out,
            "<p>Last year's {} &amp; Status: {} {}</p>",
            escape(last.what),
            escape(&with_suffix(last.figure, last.suffix)),
            escape(last.classification)
        );
    }
    out.push_str("<table>\n<caption>Ratings by category</caption>\n<thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Rating</th><th scope=\"col\">Last year</th></tr></thead>\n<tbody>\n");
    for line in &lines.categories {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&line.label),
            escape(line.this_year_shown()),
            escape(line.last_year_shown())
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(out, "<p class=\"blurb\">{}</p>\n</section>", escape(&methodology_blurb(method)));
}

/// Ids for the references to each note: the first is `fnref-N`, later ones `fnref-N-K`.
struct RefIds {
    seen: Vec<u32>,
}

impl RefIds {
    fn new(notes: usize) -> Self {
        Self { seen: vec![0; notes + 1] }
    }

    fn next(&mut self, n: usize) -> String {
        let k = &mut self.seen[n];
        *k += 1;
        if *k == 1 { format!("fnref-{n}") } else { format!("fnref-{n}-{k}") }
    }
}

fn push_text(out: &mut String, text: &str, numbering: &Numbering<'_>, refs: &mut RefIds) {
    for piece in pieces(text, numbering) {
        match piece {
            Piece::Text(t) => escape_into(out, t),
            Piece::Note(n) => {
                let id = refs.next(n);
                let _ = write!(
                    out,
                    "<sup><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\" aria-label=\"Footnote {n}\">{n}</a></sup>"
                );
            }
        }
    }
}

/// The citation, its address a link when it is a web address.
fn push_citation(out: &mut String, f: &Footnote) {
    let url = f.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let linkable = url.filter(|u| {
        let lower = u.to_ascii_lowercase();
        (lower.starts_with("http://") || lower.starts_with("https://")) && !u.contains(char::is_whitespace)
    });
    match linkable {
        None => escape_into(out, &citation(f)),
        Some(u) => {
            let without = Footnote { url: None, accessed: None, ..f.clone() };
            let text = citation(&without);
            escape_into(out, &text);
            if !text.is_empty() {
                out.push(' ');
            }
            let u = escape(u);
            let _ = write!(out, "<a href=\"{u}\">{u}</a>");
            if let Some(date) = f.accessed {
                let _ = write!(out, " (accessed {})", date.format("%Y-%m-%d"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape("<script>alert(\"x\" & 'y')</script>\u{7}"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;\u{FFFD}"
        );
    }

    #[test]
    fn only_web_addresses_become_links() {
        let f = |url: &str| Footnote {
            id: crate::Id(1),
            label: "1".into(),
            text: "Report.".into(),
            url: Some(url.into()),
            accessed: None,
        };
        let mut out = String::new();
        push_citation(&mut out, &f("javascript:alert(1)"));
        assert_eq!(out, "Report. javascript:alert(1)");
        out.clear();
        push_citation(&mut out, &f("https://example.org/a?b=1&c=\"2\""));
        assert_eq!(
            out,
            "Report. <a href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\">https://example.org/a?b=1&amp;c=&quot;2&quot;</a>"
        );
    }
}
