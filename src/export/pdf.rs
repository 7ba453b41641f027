//! The chapter typeset as a PDF by the typst engine, used as a library.
//!
//! We write typst markup for the chapter (title, regime label, score card, score changes,
//! executive summary, at-a-glance, the categories with their ratings and bullets) and let typst
//! lay it out: line breaking, footnotes at the foot of each page, page numbers, a bookmark per
//! section heading, and the fonts from `assets/fonts` subset and embedded, so the text is
//! selectable and searchable in every script our users write in.
//!
//! Safety of user text: every string from the chapter or the methodology enters the markup as a
//! typst *string literal* (`#"…"`, with `\` and `"` escaped and control characters replaced),
//! never as markup, so nothing a user types can become a typst command, a label or formatting.
//!
//! Footnotes are numbered as every format numbers them ([`Numbering`]): the first citation of
//! a footnote places it (`#footnote[…]<fn-N>`), later citations refer to it
//! (`#footnote(<fn-N>)`) and show the same number. Since typst counts footnotes in the order
//! they are laid out, which is the reading order [`Numbering`] uses, the two agree. Footnotes no
//! text cites are listed at the end under their numbers, as in the Word document.
//!
//! The [`World`] typst compiles in is ours and closed: one generated source, our three fonts,
//! no files, no packages, no clock (`today` is a fixed date). The document's metadata holds the
//! title and the country only — no author (named or not), no date, nothing from the machine —
//! so the same chapter always gives the same bytes.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::{
    ExportError, Numbering, Piece, card_lines, category_description, category_name, clean_controls, last_year_status,
    methodology_blurb, pieces, scale_max, show_rating, this_year,
};
use crate::method::Methodology;
use crate::model::{Chapter, Footnote};
use crate::score::Figure;

/// Our fonts, the same files the editor shows text in.
const FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansGeorgian-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf"),
];

/// The font families in fallback order: Latin, Greek and Cyrillic come from Noto Sans; Georgian
/// and Armenian from their own Noto fonts.
const FAMILIES: &str = "(\"Noto Sans\", \"Noto Sans Georgian\", \"Noto Sans Armenian\")";

/// The fonts, parsed once per process.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// typst's standard library, built once per process (no `sys.inputs`: the chapter is in the
/// source).
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The one source file's id (`/chapter.typ` in the project root).
fn main_id() -> Result<FileId, ExportError> {
    let path = VirtualPath::new("/chapter.typ").map_err(|e| ExportError::Pdf(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// A closed world: one generated source, our fonts, nothing else.
struct ChapterWorld {
    main: Source,
}

impl World for ChapterWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.text().to_owned()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Fixed, never the clock: nothing in the chapter asks for the date anyway.
        Datetime::from_ymd(2000, 1, 1)
    }
}

/// The chapter as PDF bytes.
pub fn render(chapter: &Chapter, method: &Methodology) -> Result<Vec<u8>, ExportError> {
    let markup = markup(chapter, method);
    let world = ChapterWorld { main: Source::new(main_id()?, markup) };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    let options = PdfOptions {
        // A stable identifier from the chapter itself (typst hashes it; it is not written).
        ident: Smart::Custom(format!("rapporteur:{}:{}", chapter.country, chapter.edition)),
        creator: Smart::Custom(Some("Rapporteur".to_owned())),
        timestamp: None,
        ..PdfOptions::default()
    };
    let pdf = compiled.and_then(|document| typst_pdf::pdf(&document, &options));
    // typst memoises layout across compilations; an export is one-off, so give the memory back
    // (and keep every export as costly, and as deterministic, as the first).
    typst::comemo::evict(0);
    pdf.map_err(|errors| ExportError::Pdf(describe(&errors)))
}

/// typst's errors as one sentence (they concern our generated markup, so no position is shown).
fn describe(errors: &[SourceDiagnostic]) -> String {
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    if messages.is_empty() { "typst gave no reason".to_owned() } else { messages.join("; ") }
}

/// Markup under construction: our own markup, and user text as string literals.
struct Markup {
    out: String,
}

impl Markup {
    /// Our own markup, as written.
    fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// Text shown as it is: `#"…"`.
    fn text(&mut self, s: &str) -> &mut Self {
        self.out.push('#');
        push_literal(&mut self.out, s);
        self
    }

    /// A typst string literal of `s` (for an argument).
    fn literal(&mut self, s: &str) -> &mut Self {
        push_literal(&mut self.out, s);
        self
    }

    /// A level-1 heading (a bookmark in the outline): `= #"…"`.
    fn heading(&mut self, s: &str) -> &mut Self {
        self.raw("\n= ").text(s).raw("\n\n")
    }
}

/// Writes `s` as a typst string literal: `\` and `"` escaped, line breaks and tabs as spaces,
/// other control characters as U+FFFD. Nothing else inside a literal has a meaning to typst.
fn push_literal(out: &mut String, s: &str) {
    out.push('"');
    for c in clean_controls(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The page set-up and styles.
fn preamble(m: &mut Markup, chapter: &Chapter) {
    m.raw("#set document(title: ").literal(&chapter.title).raw(", author: (), keywords: (");
    m.literal(&chapter.country).raw(",), date: none)\n");
    m.raw(
        "#set page(paper: \"a4\", margin: (x: 2.2cm, top: 2.3cm, bottom: 2.5cm), numbering: \"1\", number-align: center)\n",
    );
    m.raw("#set text(font: ").raw(FAMILIES).raw(", size: 10pt, lang: \"en\", fallback: false)\n");
    m.raw(
        "#set par(justify: true, leading: 0.6em, spacing: 0.9em)\n\
         #set list(indent: 0.3em, body-indent: 0.6em, spacing: 0.75em)\n\
         #show heading: set text(size: 13pt, weight: \"regular\", fill: rgb(\"#1d3557\"))\n\
         #show heading: set block(above: 1.5em, below: 0.8em)\n\
         #set footnote.entry(separator: line(length: 30%, stroke: 0.5pt), gap: 0.45em, clearance: 1em)\n\
         #show footnote.entry: set text(size: 8pt)\n\
         #show footnote.entry: set par(justify: false)\n\
         #show link: set text(fill: rgb(\"#1d3557\"))\n\n",
    );
}

/// The markup for the whole chapter.
fn markup(chapter: &Chapter, method: &Methodology) -> String {
    let numbering = Numbering::new(chapter);
    let mut m = Markup { out: String::with_capacity(super::size_estimate(chapter) * 3 / 2) };
    let mut placed = vec![false; numbering.notes().len() + 1];
    preamble(&mut m, chapter);

    m.raw("#block(below: 0.5em, text(size: 20pt, fill: rgb(\"#1d3557\"), ").literal(&chapter.title).raw("))\n");
    m.raw("#text(fill: luma(70), ").literal(&format!("Authors: {}", chapter.authors.byline())).raw(")\n\n");
    score_card(&mut m, chapter, method);

    m.heading(&format!("Score changes in {}", chapter.edition));
    for item in &chapter.score_changes {
        bullet(&mut m, &item.text, &numbering, &mut placed);
    }
    for (heading, paragraphs) in
        [("Executive Summary", &chapter.executive_summary), ("At-A-Glance", &chapter.at_a_glance)]
    {
        m.heading(heading);
        for p in paragraphs {
            text(&mut m, &p.text, &numbering, &mut placed);
            m.raw("\n\n");
        }
    }
    for entry in &chapter.categories {
        // The space before the fill makes the bookmark read "Corruption 1.25 / 7".
        m.raw("\n= ").text(category_name(method, &entry.code)).raw(" #h(1fr)");
        m.text(&format!("{} / {}", show_rating(entry.rating), scale_max(method))).raw("\n\n");
        let description = category_description(method, &entry.code);
        if !description.is_empty() {
            m.raw("#text(fill: luma(70), size: 9pt, ").literal(description).raw(")\n\n");
        }
        for b in &entry.bullets {
            bullet(&mut m, &b.text, &numbering, &mut placed);
        }
    }

    let uncited = &numbering.notes()[numbering.cited()..];
    if !uncited.is_empty() {
        m.heading("Footnotes not cited in the text");
        m.raw("#set par(justify: false)\n#set text(size: 9pt)\n");
        for note in uncited {
            m.text(&format!("{}. ", note.number));
            citation(&mut m, note.footnote);
            m.raw("\n\n");
        }
    }
    m.out
}

/// The score card from its lines: regime, headline, figures, last year, the ratings table and
/// the blurb.
fn score_card(m: &mut Markup, chapter: &Chapter, method: &Methodology) {
    let lines = card_lines(chapter, method);
    m.raw("#block(width: 100%, stroke: 0.6pt + luma(150), inset: 10pt, below: 1.2em)[\n");
    if let Some(status) = this_year(&lines, Figure::Classification) {
        m.raw("#text(size: 13pt, fill: rgb(\"#1d3557\"), ").literal(status).raw(")\n\n");
    }
    if let (Some(headline), Some(percentage)) = (this_year(&lines, Figure::Headline), lines.figure(Figure::Percentage))
    {
        m.raw("#text(size: 22pt, ").literal(headline).raw(")").text(" / 100").raw("\n\n");
        m.text(&format!("{} {} / 100", percentage.label, percentage.this_year_shown())).raw("\n\n");
    }
    if let Some(score) = lines.figure(Figure::Score) {
        m.text(&format!("{} {} / {}", score.label, score.this_year_shown(), scale_max(method))).raw("\n\n");
    }
    if let Some(last) = last_year_status(&lines, method) {
        m.text(&format!(
            "Last year's {} & Status: {} / {} {}",
            last.what, last.figure, last.out_of, last.classification
        ))
        .raw("\n\n");
    }
    m.raw("#table(columns: (1fr, auto, auto), align: (left, right, right), stroke: 0.5pt + luma(170), inset: 5pt,\n");
    m.raw("table.header([Category], [Rating], [Last year]),\n");
    for line in &lines.categories {
        for cell in [line.label.as_str(), line.this_year_shown(), line.last_year_shown()] {
            m.raw("[").text(cell).raw("], ");
        }
        m.raw("\n");
    }
    m.raw(")\n\n#text(size: 8.5pt, fill: luma(70), ").literal(&methodology_blurb(method)).raw(")\n]\n");
}

/// A bullet: a paragraph of its own with a bullet hanging in the margin, not an item of a
/// typst list. A list of 150 bullets is one element spanning pages, laid out again in full
/// each time a footnote makes typst lay a page out again: eight times slower on a long chapter.
fn bullet(m: &mut Markup, block: &str, numbering: &Numbering<'_>, placed: &mut [bool]) {
    m.raw("#par(hanging-indent: 1.1em)[#box(width: 1.1em)[•]");
    text(m, block, numbering, placed);
    m.raw("]\n\n");
}

/// A text block: its words as literals, each marker a footnote (placed at its first citation,
/// referred to afterwards).
fn text(m: &mut Markup, text: &str, numbering: &Numbering<'_>, placed: &mut [bool]) {
    for piece in pieces(text, numbering) {
        match piece {
            Piece::Text(t) => {
                m.text(t);
            }
            Piece::Note(n) => {
                if placed[n] {
                    m.raw(&format!("#footnote(<fn-{n}>)"));
                } else {
                    placed[n] = true;
                    m.raw("#footnote[");
                    if let Some(note) = numbering.notes().get(n - 1) {
                        citation(m, note.footnote);
                    }
                    m.raw(&format!("]<fn-{n}>"));
                }
            }
        }
    }
}

/// A footnote's citation (text, address, date accessed), the address a link when it is a web
/// address.
fn citation(m: &mut Markup, f: &Footnote) {
    let url = f.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let linkable = url.filter(|u| {
        let lower = u.to_ascii_lowercase();
        (lower.starts_with("http://") || lower.starts_with("https://")) && !u.contains(char::is_whitespace)
    });
    match linkable {
        None => {
            m.text(&super::citation(f));
        }
        Some(u) => {
            let without = Footnote { url: None, accessed: None, ..f.clone() };
            let words = super::citation(&without);
            if !words.is_empty() {
                m.text(&format!("{words} "));
            }
            m.raw("#link(").literal(u).raw(")");
            if let Some(date) = f.accessed {
                m.text(&format!(" (accessed {})", date.format("%Y-%m-%d")));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_typst_reads() {
        let mut out = String::new();
        push_literal(&mut out, "a \"b\" \\ #c [d] <e> @f\nnext\u{7}");
        assert_eq!(out, "\"a \\\"b\\\" \\\\ #c [d] <e> @f next\u{FFFD}\"");
    }

    #[test]
    fn repeated_citations_refer_to_the_first() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2024);
        c.add_footnote("a".to_owned(), "Source A.".to_owned(), None);
        let b = c.new_block("One[^a] and two[^a].");
        c.categories[0].bullets.push(b);
        let out = markup(&c, &method);
        assert!(
            out.contains("[•]#\"One\"#footnote[#\"Source A.\"]<fn-1>#\" and two\"#footnote(<fn-1>)#\".\"]"),
            "{out}"
        );
    }
}
