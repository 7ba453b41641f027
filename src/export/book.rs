//! A whole edition as one PDF, typeset by typst like a chapter's PDF ([`super::pdf`]): a
//! cover (the edition's name, its methodology and publisher), the contents, the overview
//! (a table of every country and the headline chart), then every chapter as its PDF has it,
//! each starting on a new page with its own footnote numbering (from 1 again), running heads
//! (the country, the edition's name) and page numbers through the book.
//!
//! The chart enters as an SVG image written into the markup as a string (`image(bytes("…"),
//! format: "svg")`), so the world typst compiles in stays closed: one generated source, our
//! fonts, nothing read from disk. Each chapter's footnote labels carry the chapter's number
//! (`<c3-fn-1>`), so that chapters citing their first note do not collide. Like a chapter's
//! PDF, nothing from the machine and no author of an anonymous chapter is written, and the
//! same book gives the same bytes.

use super::pdf::{Body, FAMILIES, Markup, STYLES, body, typeset};
use super::{ExportError, Language};
use crate::method::Methodology;
use crate::model::Chapter;

/// A table for the book: a caption, its header, which columns are numbers, its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// What it shows.
    pub caption: String,
    /// The column headings.
    pub header: Vec<String>,
    /// Whether each column holds numbers (right-aligned).
    pub numeric: Vec<bool>,
    /// The rows, each as many cells as the header (the first cell is the row's header).
    pub rows: Vec<Vec<String>>,
}

/// What goes into the book.
#[derive(Clone, Debug)]
pub struct Book<'a> {
    /// The edition's name: the cover's title, the document's title, the running head.
    pub title: &'a str,
    /// Lines under the title on the cover (the methodology, its publisher, how many chapters).
    pub cover: Vec<String>,
    /// The overview table.
    pub overview: Table,
    /// The headline chart as an SVG document, if there is one, and what it shows in words.
    pub chart: Option<(String, String)>,
    /// The chapters, in published order.
    pub chapters: Vec<&'a Chapter>,
    /// Their methodology.
    pub method: &'a Methodology,
}

/// The book as PDF bytes: PDF/UA-1 when typst finds the document meets it, else the same
/// tagged PDF without the claim (as a chapter's PDF).
pub fn render(book: &Book<'_>) -> Result<Vec<u8>, ExportError> {
    for chapter in &book.chapters {
        let size = super::pdf::text_bytes(chapter);
        if size > super::pdf::MAX_TEXT_BYTES {
            return Err(ExportError::Pdf(format!(
                "{}: the chapter holds {size} bytes of text, more than the {} a PDF is typeset from",
                chapter.country,
                super::pdf::MAX_TEXT_BYTES
            )));
        }
    }
    typeset(markup(book), &format!("rapporteur:book:{}", book.title))
}

/// The book's markup.
fn markup(book: &Book<'_>) -> String {
    let size: usize = book.chapters.iter().map(|c| super::size_estimate(c) * 3 / 2).sum();
    let mut m = Markup { out: String::with_capacity(size + 16 * 1024) };
    preamble(&mut m, book);
    cover(&mut m, book);
    m.raw("#outline(title: \"Contents\", depth: 1)\n\n");
    overview(&mut m, book);
    for (i, chapter) in book.chapters.iter().enumerate() {
        // A new page, footnotes numbered from 1 again, the chapter's language for its text,
        // and a mark the running head finds the country by.
        m.raw("#pagebreak(weak: true)\n#counter(footnote).update(0)\n#[\n");
        let language = Language::of(chapter);
        m.raw("#set text(lang: \"").raw(&language.code).raw("\"");
        if let Some(region) = &language.region {
            m.raw(", region: \"").raw(region).raw("\"");
        }
        m.raw(")\n#metadata(").exact(&chapter.country).raw(")<chapter-start>\n");
        let how = Body { label_prefix: format!("c{}-", i + 1), title_outlined: true };
        body(&mut m, chapter, book.method, &how);
        m.raw("\n]\n");
    }
    m.out
}

/// The page set-up: A4, page numbers, the running head (the country of the chapter the page
/// is in, and the edition's name; none on a chapter's first page or before the first
/// chapter), and the chapter PDF's styles.
fn preamble(m: &mut Markup, book: &Book<'_>) {
    m.raw("#set document(title: ").exact(book.title).raw(", author: (), date: none)\n");
    m.raw(
        "#set page(paper: \"a4\", margin: (x: 2.2cm, top: 2.5cm, bottom: 2.5cm), numbering: \"1\", \
         number-align: center, header: context {\n\
         let page = here().page()\n\
         let starts = query(<chapter-start>).filter(s => s.location().page() == page)\n\
         let before = query(selector(<chapter-start>).before(here()))\n\
         if starts.len() == 0 and before.len() > 0 {\n\
         set text(size: 8pt, fill: luma(80))\n\
         before.last().value\n\
         h(1fr)\n",
    );
    m.literal(book.title).raw("\nv(-0.4em)\nline(length: 100%, stroke: 0.4pt + luma(160))\n}\n})\n");
    m.raw("#set text(font: ").raw(FAMILIES).raw(", size: 10pt, lang: \"en\", fallback: false)\n");
    m.raw("#show outline.entry.where(level: 1): set block(above: 0.9em)\n").raw(STYLES);
}

/// The cover: the edition's name and the lines under it, on a page of its own without a number.
fn cover(m: &mut Markup, book: &Book<'_>) {
    m.raw("#page(numbering: none)[\n#v(28%)\n#text(size: 30pt, fill: rgb(\"#1d3557\"), ")
        .literal(book.title)
        .raw(")\n\n#v(1.2em)\n");
    for line in &book.cover {
        m.raw("#text(size: 13pt, ").literal(line).raw(")\n\n");
    }
    m.raw("]\n#counter(page).update(1)\n\n");
}

/// The overview: the table of every country, then the headline chart.
fn overview(m: &mut Markup, book: &Book<'_>) {
    let table = &book.overview;
    m.raw("#pagebreak(weak: true)\n#heading(level: 1, \"Overview\")\n\n");
    if !table.header.is_empty() {
        let columns = vec!["auto"; table.header.len()];
        let align: Vec<&str> = table.numeric.iter().map(|&n| if n { "right" } else { "left" }).collect();
        m.raw("#figure(kind: table, caption: ").literal(&table.caption).raw(",\n");
        m.raw("text(size: 8.5pt, table(columns: (").raw(&columns.join(", ")).raw(",), align: (");
        m.raw(&align.join(", ")).raw(",), stroke: 0.5pt + luma(170), inset: 4pt,\n");
        m.raw("table.header(");
        for h in &table.header {
            m.raw("[").text(h).raw("], ");
        }
        m.raw("),\n");
        for row in &table.rows {
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    m.raw("pdf.header-cell(scope: \"row\")[").text(cell).raw("], ");
                } else {
                    m.raw("[").text(cell).raw("], ");
                }
            }
            m.raw("\n");
        }
        m.raw(")))\n\n");
    }
    if let Some((svg, alt)) = &book.chart {
        m.raw("#figure(image(bytes(").exact(svg).raw("), format: \"svg\", width: 100%, alt: ").exact(alt);
        m.raw("), caption: ").literal(alt).raw(")\n\n");
    }
}
