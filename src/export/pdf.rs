//! The chapter typeset as a PDF by the typst engine, used as a library.
//!
//! We write typst markup for the chapter (title, classification, score card, then the sections
//! in the methodology's reading order: score changes and text sections, and the items with
//! their ratings and justifications under the headings of the methodology's groups) and let typst
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
//! Accessibility: the PDF is tagged and declared PDF/UA-1 (typst checks the standard as it
//! writes): the chapter's [`Language`](super::Language) is the document's, the title is the
//! document's title and its one level-1 heading, the sections are level-2 headings, or one
//! level below their group's heading (H1, H2, H3 … in the structure tree, in reading order,
//! never skipping a level, and the bookmarks, nested), footnotes are Note elements
//! whose label links to the note, and the score card's ratings are a Table with column and row
//! headers (TH). A chapter with text our fonts cannot show is written tagged but without the
//! PDF/UA claim (see [`render`]).
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
use typst::{Feature, Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::{
    CardView, EntryKind, ExportError, Language, Numbering, Part, Piece, card_lines, clean_controls, methodology_blurb,
    outline, pieces, shown_title, with_suffix,
};
use crate::method::Methodology;
use crate::model::{Chapter, Footnote};
use crate::score::CardLines;

/// Our fonts, the same files the editor shows text in.
const FONT_FILES: [&[u8]; 3] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansGeorgian-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf"),
];

/// The font families in fallback order: Latin, Greek and Cyrillic come from Noto Sans; Georgian
/// and Armenian from their own Noto fonts.
pub(super) const FAMILIES: &str = "(\"Noto Sans\", \"Noto Sans Georgian\", \"Noto Sans Armenian\")";

/// The fonts, parsed once per process.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// typst's standard library, built once per process (no `sys.inputs`: the chapter is in the
/// source), with its accessibility extras: `pdf.header-cell` makes each category's name the
/// header of its row in the score card's table.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    LazyHash::new(Library::builder().with_features([Feature::A11yExtras].into_iter().collect()).build())
});

/// The one source file's id (`/chapter.typ` in the project root).
pub(super) fn main_id() -> Result<FileId, ExportError> {
    let path = VirtualPath::new("/chapter.typ").map_err(|e| ExportError::Pdf(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// A closed world: one generated source, our fonts, nothing else.
pub(super) struct ChapterWorld {
    pub main: Source,
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

/// The most text a PDF is typeset from, in bytes: some 450 pages, fifty times a long chapter.
/// typst holds every glyph of the document in memory several times over (the laid-out lines,
/// the columns, the pages: some 350 bytes a letter at the peak), so a 4.25 MB chapter, legal
/// under the 16 MiB project limit, took 1.3 GB; this keeps an export under about 1 GiB.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The most footnote citations (markers) a PDF is typeset with: five times the 2,100 of the
/// fifteen-fold bench chapter, some seventy times a long chapter's. Each is a footnote typst
/// numbers and links, at some 25 KB of memory and a growing cost in a long paragraph: 100,000
/// markers in one bullet (400 KB, within the text limit) ran for minutes.
pub const MAX_CITATIONS: usize = 10_000;

/// The bytes of text a PDF of `chapter` typesets: title, byline, blocks and footnotes.
pub(super) fn text_bytes(chapter: &Chapter) -> usize {
    let blocks: usize = chapter.text_blocks().map(|(_, b)| b.text.len()).sum();
    let notes: usize = chapter.footnotes.iter().map(|f| f.text.len() + f.url.as_ref().map_or(0, String::len)).sum();
    chapter.title.len() + chapter.authors.byline().len() + blocks + notes
}

/// The chapter as PDF bytes; a chapter of more than [`MAX_TEXT_BYTES`] of text or with more than
/// [`MAX_CITATIONS`] citations is refused. The PDF is PDF/UA-1 when typst finds the document
/// meets it, else (text our fonts lack: emoji, Chinese) the same tagged PDF without the claim.
pub fn render(chapter: &Chapter, method: &Methodology) -> Result<Vec<u8>, ExportError> {
    let size = text_bytes(chapter);
    if size > MAX_TEXT_BYTES {
        return Err(ExportError::Pdf(format!(
            "the chapter holds {size} bytes of text, more than the {MAX_TEXT_BYTES} (some 450 pages) a PDF is \
             typeset from; export it to DOCX, HTML or Markdown instead"
        )));
    }
    let numbering = Numbering::of(chapter, method);
    let citations: usize = chapter
        .text_blocks()
        .map(|(_, b)| pieces(&b.text, &numbering).iter().filter(|p| matches!(p, Piece::Note(_))).count())
        .sum();
    if citations > MAX_CITATIONS {
        return Err(ExportError::Pdf(format!(
            "the chapter cites footnotes {citations} times, more than the {MAX_CITATIONS} times a PDF is typeset \
             with; export it to DOCX, HTML or Markdown instead"
        )));
    }
    // A stable identifier from the chapter itself (typst hashes it; it is not written).
    typeset(markup(chapter, method), &format!("rapporteur:{}:{}", chapter.country, chapter.edition))
}

/// Typesets `markup` (a whole document of ours) as PDF bytes: PDF/UA-1 when typst finds the
/// document meets it, else the same tagged PDF without the claim. `ident` is the document's
/// stable identifier (typst hashes it). A chapter's PDF and the edition's book both come here.
pub(super) fn typeset(markup: String, ident: &str) -> Result<Vec<u8>, ExportError> {
    let world = ChapterWorld { main: Source::new(main_id()?, markup) };
    let options = |standards: &[PdfStandard]| -> Result<PdfOptions, ExportError> {
        Ok(PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some("Rapporteur".to_owned())),
            timestamp: None,
            standards: PdfStandards::new(standards).map_err(|e| ExportError::Pdf(e.message().to_string()))?,
            ..PdfOptions::default()
        })
    };
    // PDF/UA-1: typst checks what the standard asks of the document (a title, a language,
    // headings in order without a skipped level, every character shown in a font that has it)
    // and declares it in the metadata, on top of the tagged structure it always writes.
    let accessible = options(&[PdfStandard::Ua_1])?;
    let tagged = options(&[])?;
    let pdf = unpanicking(|| {
        let document = typst::compile::<PagedDocument>(&world).output?;
        // Text our fonts lack (emoji, Chinese) shows as empty boxes, which PDF/UA forbids:
        // such a chapter is still written, tagged as every PDF of ours, without the claim.
        typst_pdf::pdf(&document, &accessible).or_else(|_| typst_pdf::pdf(&document, &tagged))
    });
    // typst memoizes layout across compilations; drop what the last ten did not use, as typst's
    // own watcher does, so an editor exporting all day (or a whole edition) stays bounded.
    typst::comemo::evict(10);
    let mut bytes = pdf?.map_err(|errors| ExportError::Pdf(describe(&errors)))?;
    drop_suspects_false(&mut bytes);
    Ok(bytes)
}

/// The catalog's mark information as typst writes it.
const MARK_INFO: &[u8] = b"/MarkInfo<</Marked true/Suspects false>>";

/// Removes `/Suspects false` from the catalog's mark information, blanking it with spaces so
/// that every byte offset (the cross-reference table's) stays where it was.
///
/// The entry is valid PDF and says what its absence says (no suspect tags), but poppler (22.12,
/// Debian 12's, and later releases) reads a `false` there as a wrong type and prints "Syntax Error: Suspects
/// object is wrong type (boolean)" for every file we write: `pdfinfo`, `pdftotext` and every
/// viewer built on poppler would report our PDF as damaged. The catalog is written as plain
/// text; anything else is left alone (a PDF holding the entry elsewhere, or not once, keeps it).
pub(super) fn drop_suspects_false(pdf: &mut [u8]) {
    let mut found = pdf.windows(MARK_INFO.len()).enumerate().filter(|(_, w)| *w == MARK_INFO).map(|(i, _)| i);
    if let (Some(at), None) = (found.next(), found.next()) {
        const KEPT: &[u8] = b"/MarkInfo<</Marked true>>";
        pdf[at..at + KEPT.len()].copy_from_slice(KEPT);
        pdf[at + KEPT.len()..at + MARK_INFO.len()].fill(b' ');
    }
}

/// Runs the typesetter, turning a panic inside it into an error. The engine is not ours, and
/// text we did not foresee once made it panic (a run of 32,768 "é": a byte range cut inside a
/// character in the PDF writer); an export must fail with a sentence, never take the editor or
/// the command down. Nothing `work` touches outlives it but typst's memo cache, which the
/// caller empties.
pub(super) fn unpanicking<T>(work: impl FnOnce() -> T) -> Result<T, ExportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".to_owned());
        ExportError::Pdf(format!(
            "the typesetting engine failed on this chapter ({reason}); the other formats still export it"
        ))
    })
}

/// typst's errors as one sentence (they concern our generated markup, so no position is shown).
pub(super) fn describe(errors: &[SourceDiagnostic]) -> String {
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    if messages.is_empty() { "typst gave no reason".to_owned() } else { messages.join("; ") }
}

/// Markup under construction: our own markup, and user text as string literals.
pub(super) struct Markup {
    pub out: String,
}

impl Markup {
    /// Our own markup, as written.
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// Text shown as it is: `#"…"`.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.out.push('#');
        push_literal(&mut self.out, s, Runs::Break);
        self
    }

    /// A typst string literal of `s` for an argument that is shown (a text's body).
    pub fn literal(&mut self, s: &str) -> &mut Self {
        push_literal(&mut self.out, s, Runs::Break);
        self
    }

    /// A typst string literal of `s` for an argument that is not shown as text (the document's
    /// metadata, a link's address): exactly as written.
    pub fn exact(&mut self, s: &str) -> &mut Self {
        push_literal(&mut self.out, s, Runs::Keep);
        self
    }

    /// A section's heading, level 2 under the title (a bookmark in the outline): `== #"…"`.
    pub fn heading(&mut self, s: &str) -> &mut Self {
        self.heading_at(s, 0)
    }

    /// The start of a heading `depth` groups deep: level 2 at the top, one level more for
    /// each group above it (`===` under Freedom in the World's "Political Rights").
    pub fn heading_start(&mut self, depth: usize) -> &mut Self {
        self.raw("\n").raw(&"=".repeat(depth + 2)).raw(" ")
    }

    /// A heading `depth` groups deep.
    pub fn heading_at(&mut self, s: &str, depth: usize) -> &mut Self {
        self.heading_start(depth).text(s).raw("\n\n")
    }
}

/// The longest run of characters without white space that is typeset as it is: a longer one
/// gets a zero-width space (a break opportunity, invisible) after every this many characters.
/// No word is this long, and this many of the widest letters fit on a line; a run of 32,768
/// "é" with no break made typst's PDF writer panic.
const MAX_RUN: usize = 64;

/// Whether [`push_literal`] breaks runs over [`MAX_RUN`] characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Runs {
    /// Text that is shown: a zero-width space after every [`MAX_RUN`] characters of a run.
    Break,
    /// Text that must stay exactly as written.
    Keep,
}

/// Writes `s` as a typst string literal: `\` and `"` escaped, line breaks and tabs as spaces,
/// other control characters as U+FFFD. Nothing else inside a literal has a meaning to typst.
/// With [`Runs::Break`], a zero-width space follows every [`MAX_RUN`] characters of a run
/// without white space, so that no line holds an unbounded unbreakable run.
fn push_literal(out: &mut String, s: &str, runs: Runs) {
    out.push('"');
    let mut run = 0;
    for c in clean_controls(s).chars() {
        if c.is_whitespace() || c == ZERO_WIDTH_SPACE {
            run = 0;
        } else if runs == Runs::Break {
            if run == MAX_RUN {
                out.push(ZERO_WIDTH_SPACE);
                run = 0;
            }
            run += 1;
        }
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

/// U+200B: a break opportunity that shows nothing.
const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// The page set-up and styles.
fn preamble(m: &mut Markup, chapter: &Chapter) {
    m.raw("#set document(title: ").exact(shown_title(chapter)).raw(", author: (), keywords: (");
    m.exact(&chapter.country).raw(",), date: none)\n");
    m.raw(
        "#set page(paper: \"a4\", margin: (x: 2.2cm, top: 2.3cm, bottom: 2.5cm), numbering: \"1\", number-align: center)\n",
    );
    // The language is checked to be letters (and digits for a region), so it needs no escaping.
    let language = Language::of(chapter);
    m.raw("#set text(font: ").raw(FAMILIES).raw(", size: 10pt, lang: \"").raw(&language.code).raw("\"");
    if let Some(region) = &language.region {
        m.raw(", region: \"").raw(region).raw("\"");
    }
    m.raw(", fallback: false)\n");
    m.raw(STYLES);
}

/// The paragraph, list, heading, footnote and link styles of every PDF of ours (a chapter's and
/// the edition's book).
pub(super) const STYLES: &str = "#set par(justify: true, leading: 0.6em, spacing: 0.9em)\n\
     #set list(indent: 0.3em, body-indent: 0.6em, spacing: 0.75em)\n\
     #show heading: set text(size: 13pt, weight: \"regular\", fill: rgb(\"#1d3557\"))\n\
     #show heading: set block(above: 1.5em, below: 0.8em)\n\
     #show heading.where(level: 1): set text(size: 20pt)\n\
     #show heading.where(level: 1): set block(above: 0em, below: 0.25em)\n\
     #set footnote.entry(separator: line(length: 30%, stroke: 0.5pt), gap: 0.45em, clearance: 1em)\n\
     #show footnote.entry: set text(size: 8pt)\n\
     #show footnote.entry: set par(justify: false)\n\
     #show link: set text(fill: rgb(\"#1d3557\"))\n\n";

/// The markup for the whole chapter.
fn markup(chapter: &Chapter, method: &Methodology) -> String {
    let mut m = Markup { out: String::with_capacity(super::size_estimate(chapter) * 3 / 2) };
    preamble(&mut m, chapter);
    body(&mut m, chapter, method, &Body::default());
    m.out
}

/// How a chapter's body is written: alone (a chapter's PDF), or as one chapter of a book.
#[derive(Clone, Debug, Default)]
pub(super) struct Body {
    /// Put before every label (`<fn-3>` becomes `<c2-fn-3>`), so that chapters of one book
    /// keep their own.
    pub label_prefix: String,
    /// Whether the title is in the outline and the bookmarks (a book's chapter) or not (the
    /// chapter alone, whose title is the document's).
    pub title_outlined: bool,
}

/// The chapter's markup from its title on: title, byline, score card, the sections, the
/// footnotes no text cites.
pub(super) fn body(m: &mut Markup, chapter: &Chapter, method: &Methodology, how: &Body) {
    let numbering = Numbering::of(chapter, method);
    let mut placed = vec![false; numbering.notes().len() + 1];

    // The title is the one level-1 heading (H1 in the structure tree), the sections are
    // level 2 under it; alone, it is no bookmark of its own, so the outline lists the sections.
    if how.title_outlined {
        m.raw("#heading(level: 1, ");
    } else {
        m.raw("#heading(level: 1, outlined: false, bookmarked: false, ");
    }
    m.literal(shown_title(chapter)).raw(")\n");
    m.raw("#text(fill: luma(70), ").literal(&format!("Authors: {}", chapter.authors.byline())).raw(")\n\n");
    let prefix = how.label_prefix.as_str();
    let lines = card_lines(chapter, method);
    score_card(m, &lines, method);

    // The sections in reading order, under the headings of the methodology's groups (one
    // level deeper for each group: no level is skipped).
    for part in outline(chapter, method, &lines, false) {
        match part {
            Part::Group { title, depth, score, .. } => {
                m.heading_start(depth).text(&title);
                if let Some(score) = score {
                    m.raw(" #h(1fr)").text(&score);
                }
                m.raw("\n\n");
            }
            Part::Section(entry) => {
                match &entry.kind {
                    EntryKind::Item(item) => {
                        // The space before the fill makes the bookmark read "Corruption 1.25 / 7".
                        m.heading_start(entry.depth).text(&entry.title).raw(" #h(1fr)");
                        m.text(&item.out_of_top()).raw("\n\n");
                        if !item.description.is_empty() {
                            m.raw("#text(fill: luma(70), size: 9pt, ").literal(&item.description).raw(")\n\n");
                        }
                    }
                    EntryKind::Group(items) => {
                        m.heading_at(&entry.title, entry.depth);
                        for item in items {
                            m.text(&format!("{}: ", item.title))
                                .raw("#strong(")
                                .literal(&item.out_of_top())
                                .raw(")\\\n");
                        }
                        m.raw("\n");
                    }
                    EntryKind::ScoreChanges | EntryKind::Text => {
                        m.heading_at(&entry.title, entry.depth);
                    }
                }
                for b in entry.blocks {
                    if entry.bullets {
                        bullet(m, &b.text, &numbering, &mut placed, prefix);
                    } else {
                        paragraph(m, &b.text, &numbering, &mut placed, prefix);
                    }
                }
            }
        }
    }

    let uncited = &numbering.notes()[numbering.cited()..];
    if !uncited.is_empty() {
        m.heading("Footnotes not cited in the text");
        m.raw("#set par(justify: false)\n#set text(size: 9pt)\n");
        for note in uncited {
            m.text(&format!("{}. ", note.number));
            citation(m, note.footnote);
            m.raw("\n\n");
        }
    }
}

/// The score card from its lines: status, headline, figures, last year, the ratings table
/// and the blurb.
fn score_card(m: &mut Markup, lines: &CardLines, method: &Methodology) {
    let card = CardView::new(lines, method);
    m.raw("#block(width: 100%, stroke: 0.6pt + luma(150), inset: 10pt, below: 1.2em)[\n");
    if let Some(status) = card.status {
        m.raw("#text(size: 13pt, fill: rgb(\"#1d3557\"), ").literal(status.this_year_shown()).raw(")\n\n");
    }
    for headline in &card.headlines {
        m.raw("#text(size: 22pt, ").literal(headline.this_year_shown()).raw(")");
        if let Some(suffix) = &headline.suffix {
            m.text(&format!(" {suffix}"));
        }
        m.raw("\n\n");
    }
    for figure in &card.figures {
        m.text(&format!("{} {}", figure.label, with_suffix(figure.this_year_shown(), figure.suffix.as_deref())))
            .raw("\n\n");
    }
    for class in &card.classes {
        m.text(&format!("{}: {}", class.label, class.this_year_shown())).raw("\n\n");
    }
    if let Some(last) = &card.last_year {
        m.text(&format!(
            "Last year's {} & Status: {} {}",
            last.what,
            with_suffix(last.figure, last.suffix),
            last.classification
        ))
        .raw("\n\n");
    }
    m.raw("#table(columns: (1fr, auto, auto), align: (left, right, right), stroke: 0.5pt + luma(170), inset: 5pt,\n");
    m.raw("table.header([Category], [Rating], [Last year]),\n");
    for line in &lines.categories {
        m.raw("pdf.header-cell(scope: \"row\")[").text(&line.label).raw("], ");
        for cell in [line.this_year_shown(), line.last_year_shown()] {
            m.raw("[").text(cell).raw("], ");
        }
        m.raw("\n");
    }
    m.raw(")\n\n#text(size: 8.5pt, fill: luma(70), ").literal(&methodology_blurb(method)).raw(")\n]\n");
}

/// Paragraphs longer than this (in bytes, some 700 words) are broken into lines first-fit
/// (`linebreaks: "simple"`) instead of by typst's optimal line breaking, which weighs every
/// break of a paragraph against the others: on one paragraph of 1 MB it took 3.5 times as
/// long as the same text in short paragraphs (a 4.25 MB bullet took 19 s). No real paragraph
/// is this long, so the chapters authors write are typeset as before.
const LONG_PARAGRAPH: usize = 4096;

/// A bullet: a paragraph of its own with a bullet hanging in the margin, not an item of a
/// typst list. A list of 150 bullets is one element spanning pages, laid out again in full
/// each time a footnote makes typst lay a page out again: eight times slower on a long chapter.
fn bullet(m: &mut Markup, block: &str, numbering: &Numbering<'_>, placed: &mut [bool], prefix: &str) {
    m.raw("#par(hanging-indent: 1.1em");
    if block.len() > LONG_PARAGRAPH {
        m.raw(", linebreaks: \"simple\"");
    }
    m.raw(")[#box(width: 1.1em)[•]");
    text(m, block, numbering, placed, prefix);
    m.raw("]\n\n");
}

/// A paragraph of prose (a text section's, or a justification written in paragraphs).
fn paragraph(m: &mut Markup, block: &str, numbering: &Numbering<'_>, placed: &mut [bool], prefix: &str) {
    let long = block.len() > LONG_PARAGRAPH;
    if long {
        m.raw("#par(linebreaks: \"simple\")[");
    }
    text(m, block, numbering, placed, prefix);
    m.raw(if long { "]\n\n" } else { "\n\n" });
}

/// A text block: its words as literals, each marker a footnote (placed at its first citation,
/// referred to afterwards).
fn text(m: &mut Markup, text: &str, numbering: &Numbering<'_>, placed: &mut [bool], prefix: &str) {
    for piece in pieces(text, numbering) {
        match piece {
            Piece::Text(t) => {
                m.text(t);
            }
            Piece::Note(n) => {
                if placed[n] {
                    m.raw(&format!("#footnote(<{prefix}fn-{n}>)"));
                } else {
                    placed[n] = true;
                    m.raw("#footnote[");
                    if let Some(note) = numbering.notes().get(n - 1) {
                        citation(m, note.footnote);
                    }
                    m.raw(&format!("]<{prefix}fn-{n}>"));
                }
            }
        }
    }
}

/// The longest address typst makes a link of (it refuses a longer one, and with it the whole
/// document); a longer address is shown as text.
const MAX_LINK_BYTES: usize = 8000;

/// A footnote's citation (text, address, date accessed), the address a link when it is a web
/// address of at most [`MAX_LINK_BYTES`].
fn citation(m: &mut Markup, f: &Footnote) {
    let url = f.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let linkable = url.filter(|u| {
        let lower = u.to_ascii_lowercase();
        (lower.starts_with("http://") || lower.starts_with("https://"))
            && !u.contains(char::is_whitespace)
            && u.len() <= MAX_LINK_BYTES
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
            // The address shown is the link's body, written out so that a long one breaks
            // like any other run; the destination stays exact.
            m.raw("#link(").exact(u).raw(")[").text(u).raw("]");
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
    fn suspects_false_is_blanked_in_place_once_and_only_once() {
        let mut pdf = b"1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>/Lang(en)>>\nendobj".to_vec();
        let before = pdf.len();
        drop_suspects_false(&mut pdf);
        assert_eq!(pdf.len(), before);
        assert_eq!(
            String::from_utf8_lossy(&pdf),
            "1 0 obj\n<</Type/Catalog/MarkInfo<</Marked true>>               /Lang(en)>>\nendobj"
        );
        // Twice, or not at all: left as it is.
        let twice = [MARK_INFO, b" ", MARK_INFO].concat();
        let mut copy = twice.clone();
        drop_suspects_false(&mut copy);
        assert_eq!(copy, twice);
        let mut none = b"/MarkInfo<</Marked true>>".to_vec();
        drop_suspects_false(&mut none);
        assert_eq!(none, b"/MarkInfo<</Marked true>>");
    }

    #[test]
    fn literals_escape_what_typst_reads() {
        let mut out = String::new();
        push_literal(&mut out, "a \"b\" \\ #c [d] <e> @f\nnext\u{7}", Runs::Break);
        assert_eq!(out, "\"a \\\"b\\\" \\\\ #c [d] <e> @f next\u{FFFD}\"");
    }

    #[test]
    fn a_panic_in_the_engine_is_an_error() {
        let e = unpanicking(|| -> u8 { panic!("byte index 3 is not a char boundary") }).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                "cannot typeset the PDF: the typesetting engine failed on this chapter (byte index 3 is not a char \
                 boundary); the other formats still export it"
            )
        );
        assert_eq!(unpanicking(|| 7).ok(), Some(7));
    }

    #[test]
    fn long_runs_get_a_break_opportunity_every_64_characters_and_exact_text_none() {
        let run = "é".repeat(150);
        let mut out = String::new();
        push_literal(&mut out, &format!("{run} ab"), Runs::Break);
        let z = ZERO_WIDTH_SPACE;
        let expected = format!("\"{}{z}{}{z}{} ab\"", "é".repeat(64), "é".repeat(64), "é".repeat(22));
        assert_eq!(out, expected);
        let mut out = String::new();
        push_literal(&mut out, &run, Runs::Keep);
        assert_eq!(out, format!("\"{run}\""));
        // White space starts a new run: 64 characters, a space, 64 more need no break.
        let mut out = String::new();
        let words = format!("{} {}", "a".repeat(64), "b".repeat(64));
        push_literal(&mut out, &words, Runs::Break);
        assert_eq!(out, format!("\"{words}\""));
    }

    #[test]
    fn only_paragraphs_over_4096_bytes_are_broken_first_fit() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2024);
        let long = "word ".repeat(LONG_PARAGRAPH / 5 + 1);
        let short = "word ".repeat(LONG_PARAGRAPH / 5 - 1);
        for text in [&long, &short] {
            let b = c.new_block(text.clone());
            c.categories[0].bullets.push(b);
            let p = c.new_block(text.clone());
            c.text_mut("executive_summary").push(p);
        }
        let out = markup(&c, &method);
        assert_eq!(out.matches("#par(hanging-indent: 1.1em, linebreaks: \"simple\")[").count(), 1);
        assert_eq!(out.matches("#par(hanging-indent: 1.1em)[").count(), 1);
        assert_eq!(out.matches("#par(linebreaks: \"simple\")[").count(), 1);
        assert!(out.contains(&format!("#par(linebreaks: \"simple\")[#\"{long}\"]\n\n#\"{short}\"\n\n")));
    }

    #[test]
    fn a_chapter_over_the_text_limit_is_refused_before_typesetting() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2024);
        c.title = "T".to_owned();
        c.authors = crate::model::Authors::Named(Vec::new());
        c.add_footnote("1", "ab", Some("cd".to_owned()));
        let b = c.new_block("x".repeat(MAX_TEXT_BYTES - 5));
        c.categories[0].bullets.push(b);
        assert_eq!(text_bytes(&c), MAX_TEXT_BYTES);
        c.categories[0].bullets[0].text.push('y');
        let e = render(&c, &method).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                "cannot typeset the PDF: the chapter holds 2097153 bytes of text, more than the 2097152 (some 450 \
                 pages) a PDF is typeset from; export it to DOCX, HTML or Markdown instead"
            )
        );
    }

    #[test]
    fn a_chapter_over_the_citation_limit_is_refused_before_typesetting() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2024);
        c.add_footnote("1", "A source.", None);
        // Markers naming no footnote are not citations: they stay in the text as written.
        let b = c.new_block(format!("Text{}[^9]", "[^1]".repeat(MAX_CITATIONS)));
        c.categories[0].bullets.push(b);
        let over = |c: &Chapter| render(c, &method).err().map(|e| e.to_string());
        let e = over(&c);
        assert!(e.as_deref().is_none_or(|e| !e.contains("cites footnotes")), "{e:?}");
        c.categories[0].bullets[0].text.push_str("[^1]");
        assert_eq!(
            over(&c).as_deref(),
            Some(
                "cannot typeset the PDF: the chapter cites footnotes 10001 times, more than the 10000 times a PDF \
                 is typeset with; export it to DOCX, HTML or Markdown instead"
            )
        );
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
