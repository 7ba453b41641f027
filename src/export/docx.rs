//! A Word document (DOCX) with real footnotes, built with the `docx-rs` crate.
//!
//! The title is the one paragraph in Word's "heading 1" style (set large, as a title), every
//! section and item heading is in "heading 2" under it, or one level below the heading of the
//! methodology's group it is in ("heading 3", "heading 4" …), so Word's navigation pane, the
//! `LibreOffice` navigator, pandoc and a screen reader see the same outline as in the PDF and
//! the web page; the score card is a table whose first row is its header row (`w:tblHeader`:
//! repeated on every page, and read as column headers); the chapter's [`Language`] is the
//! document's (`w:lang` in the default run properties).
//! The first marker citing a note is a real Word footnote (a `w:footnoteReference` run in
//! `word/document.xml`, its text in `word/footnotes.xml`); a later marker citing the same note
//! shows the note's number as superscript text, since a Word footnote has one reference. Notes
//! no text cites are listed at the end under their numbers.
//!
//! Small patches on top of `docx-rs` 0.4 (which has footnotes but no footnote-number field, no
//! way to set the creator, no header rows and no language):
//! - each footnote's first run becomes `<w:footnoteRef/>`, the field that shows the note's
//!   number at the foot of the page;
//! - `docProps/core.xml` is written here: title, creator and last-modified-by are the byline
//!   ("Anonymous" for an anonymous chapter), and there are no dates. Together with the ZIP
//!   entries' fixed timestamps (1980-01-01, checked by the tests) the file depends on the
//!   chapter alone: nothing about the machine, the user or the clock is in it;
//! - the first row of every table gets `<w:tblHeader/>` ([`patch_table_headers`]) and the
//!   default run properties `<w:lang>` ([`patch_language`]).

use std::io::Cursor;

use docx_rs as dx;

use super::{
    CardView, EntryKind, ExportError, ItemRating, Language, Numbering, Piece, card_lines, citation, clean_controls,
    methodology_blurb, outline, pieces, with_suffix,
};
use crate::method::Methodology;
use crate::model::{Authors, Chapter};
use crate::score::CardLines;

/// The text of the run that [`patch_footnote_refs`] turns into `<w:footnoteRef/>`.
pub(crate) const FOOTNOTE_REF_PLACEHOLDER: &str = "#";
/// The numbering used for bullets (`docx-rs` defines a decimal list as number 1 already).
pub(crate) const BULLETS: usize = 2;

pub(crate) fn text_run(s: &str) -> dx::Run {
    dx::Run::new().add_text(clean_controls(s))
}

pub(crate) fn superscript(run: dx::Run) -> dx::Run {
    let mut run = run.style("FootnoteReference");
    run.run_property = run.run_property.vert_align(dx::VertAlignType::SuperScript);
    run
}

pub(crate) fn styles(doc: dx::Docx) -> dx::Docx {
    use dx::{Style, StyleType};
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .size(size)
            .bold()
            .outline_lvl(level)
    };
    let mut footnote_reference = Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    footnote_reference.run_property = footnote_reference.run_property.vert_align(dx::VertAlignType::SuperScript);
    // The title is "heading 1", as large as Word's Title style; sections are "heading 2".
    // Groups of a methodology's outline (Freedom in the World's "Political Rights" ▸ "A. Electoral Process")
    // put their sections at levels 3 and below.
    doc.add_style(heading("Heading1", "heading 1", 40, 0))
        .add_style(heading("Heading2", "heading 2", 30, 1))
        .add_style(heading("Heading3", "heading 3", 26, 2))
        .add_style(heading("Heading4", "heading 4", 24, 3))
        .add_style(heading("Heading5", "heading 5", 22, 4))
        .add_style(heading("Heading6", "heading 6", 22, 5))
        .add_style(Style::new("FootnoteText", StyleType::Paragraph).name("footnote text").based_on("Normal").size(18))
        .add_style(footnote_reference)
        .add_abstract_numbering(
            dx::AbstractNumbering::new(BULLETS).add_level(
                dx::Level::new(
                    0,
                    dx::Start::new(1),
                    dx::NumberFormat::new("bullet"),
                    dx::LevelText::new("\u{2022}"),
                    dx::LevelJc::new("left"),
                )
                .indent(Some(720), Some(dx::SpecialIndentType::Hanging(360)), None, None),
            ),
        )
        .add_numbering(dx::Numbering::new(BULLETS, BULLETS))
}

/// Builds paragraphs whose footnote references become real Word footnotes the first time.
struct Writer<'n, 'c> {
    numbering: &'n Numbering<'c>,
    placed: Vec<bool>,
}

impl Writer<'_, '_> {
    fn paragraph(&mut self, text: &str) -> dx::Paragraph {
        let mut p = dx::Paragraph::new();
        for piece in pieces(text, self.numbering) {
            p = match piece {
                Piece::Text(t) => p.add_run(text_run(t)),
                Piece::Note(n) if !self.placed[n] => {
                    self.placed[n] = true;
                    let note = &self.numbering.notes()[n - 1];
                    let body = dx::Paragraph::new()
                        .style("FootnoteText")
                        .add_run(dx::Run::new().style("FootnoteReference").add_text(FOOTNOTE_REF_PLACEHOLDER))
                        .add_run(dx::Run::new().add_text(" "))
                        .add_run(text_run(&citation(note.footnote)));
                    let footnote = dx::Footnote { id: n, content: vec![body] };
                    p.add_run(superscript(dx::Run::new()).add_footnote_reference(footnote))
                }
                Piece::Note(n) => p.add_run(superscript(dx::Run::new().add_text(n.to_string()))),
            };
        }
        p
    }
}

/// The title's paragraph, empty: the one "heading 1".
pub(crate) fn title() -> dx::Paragraph {
    dx::Paragraph::new().style("Heading1")
}

/// A section's heading: "heading 2", under the title.
pub(crate) fn heading(text: &str) -> dx::Paragraph {
    heading_at(text, 0)
}

/// A heading `depth` groups deep: "heading 2" at the top, "heading 3" under a group, … (Word
/// has nine levels; ours go to six).
pub(crate) fn heading_at(text: &str, depth: usize) -> dx::Paragraph {
    dx::Paragraph::new().style(&format!("Heading{}", (depth + 2).min(6))).add_run(text_run(text))
}

/// A heading for a part of the outline: a group's with its figure ("Electoral Process 9 /
/// 12"), a rated item's with its rating in the rating line below it.
pub(crate) fn group_heading(title: &str, depth: usize, score: Option<&str>) -> dx::Paragraph {
    match score {
        Some(score) => heading_at(&format!("{title} {score}"), depth),
        None => heading_at(title, depth),
    }
}

/// The ratings of a narrated group's items, one paragraph each.
pub(crate) fn item_ratings(mut doc: dx::Docx, items: &[ItemRating]) -> dx::Docx {
    for item in items {
        doc = doc.add_paragraph(
            dx::Paragraph::new()
                .add_run(text_run(&format!("{}: ", item.title)))
                .add_run(text_run(&item.out_of()).bold()),
        );
    }
    doc
}

pub(crate) fn plain(text: &str) -> dx::Paragraph {
    dx::Paragraph::new().add_run(text_run(text))
}

fn cell(text: &str, bold: bool) -> dx::TableCell {
    let run = if bold { text_run(text).bold() } else { text_run(text) };
    dx::TableCell::new().add_paragraph(dx::Paragraph::new().add_run(run))
}

/// The score card, from its lines: status, figures, last year, the ratings table and the blurb.
pub(crate) fn score_card(mut doc: dx::Docx, card: &CardLines, method: &Methodology) -> dx::Docx {
    let view = CardView::new(card, method);
    if let Some(status) = view.status {
        doc = doc.add_paragraph(dx::Paragraph::new().add_run(text_run(status.this_year_shown()).bold().size(28)));
    }
    for headline in &view.headlines {
        let mut p = dx::Paragraph::new().add_run(text_run(headline.this_year_shown()).bold().size(44));
        if let Some(suffix) = &headline.suffix {
            p = p.add_run(text_run(&format!(" {suffix}")));
        }
        doc = doc.add_paragraph(p);
    }
    for figure in &view.figures {
        doc = doc.add_paragraph(plain(&format!(
            "{} {}",
            figure.label,
            with_suffix(figure.this_year_shown(), figure.suffix.as_deref())
        )));
    }
    for class in &view.classes {
        doc = doc.add_paragraph(plain(&format!("{}: {}", class.label, class.this_year_shown())));
    }
    if let Some(last) = &view.last_year {
        doc = doc.add_paragraph(plain(&format!(
            "Last year's {} & Status: {} {}",
            last.what,
            with_suffix(last.figure, last.suffix),
            last.classification
        )));
    }
    let mut rows = vec![dx::TableRow::new(vec![cell("Category", true), cell("Rating", true), cell("Last year", true)])];
    for line in &card.categories {
        rows.push(dx::TableRow::new(vec![
            cell(&line.label, false),
            cell(line.this_year_shown(), false),
            cell(line.last_year_shown(), false),
        ]));
    }
    doc = doc.add_table(dx::Table::new(rows).set_grid(vec![5200, 1600, 1600]));
    doc = doc.add_paragraph(dx::Paragraph::new().add_run(text_run(&methodology_blurb(method)).italic().size(18)));
    doc
}

/// The document, as the bytes of a `.docx` file.
pub fn render(chapter: &Chapter, method: &Methodology) -> Result<Vec<u8>, ExportError> {
    let numbering = Numbering::of(chapter, method);
    let mut w = Writer { numbering: &numbering, placed: vec![false; numbering.notes().len() + 1] };
    let mut doc = styles(dx::Docx::new());

    doc = doc.add_paragraph(title().add_run(text_run(super::shown_title(chapter))));
    doc = doc.add_paragraph(plain(&format!("Authors: {}", chapter.authors.byline())));

    let card = card_lines(chapter, method);
    doc = score_card(doc, &card, method);

    // The sections in reading order, under the headings of the methodology's groups.
    let bullet = |p: dx::Paragraph| p.numbering(dx::NumberingId::new(BULLETS), dx::IndentLevel::new(0));
    for part in outline(chapter, method, &card, false) {
        match part {
            super::Part::Group { title, depth, score, .. } => {
                doc = doc.add_paragraph(group_heading(&title, depth, score.as_deref()));
            }
            super::Part::Section(entry) => {
                doc = doc.add_paragraph(heading_at(&entry.title, entry.depth));
                match &entry.kind {
                    EntryKind::Item(item) => {
                        doc = doc.add_paragraph(
                            dx::Paragraph::new().add_run(text_run(&format!("Rating: {}", item.out_of())).bold()),
                        );
                        if !item.description.is_empty() {
                            doc = doc.add_paragraph(dx::Paragraph::new().add_run(text_run(&item.description).italic()));
                        }
                    }
                    EntryKind::Group(items) => doc = item_ratings(doc, items),
                    EntryKind::ScoreChanges | EntryKind::Text => {}
                }
                for b in entry.blocks {
                    let p = w.paragraph(&b.text);
                    doc = doc.add_paragraph(if entry.bullets { bullet(p) } else { p });
                }
            }
        }
    }
    let uncited: Vec<_> = numbering.notes().iter().filter(|n| !n.cited).collect();
    if !uncited.is_empty() {
        doc = doc.add_paragraph(heading("Footnotes not cited in the text"));
        for note in uncited {
            doc = doc.add_paragraph(dx::Paragraph::new().style("FootnoteText").add_run(text_run(&format!(
                "{}. {}",
                note.number,
                citation(note.footnote)
            ))));
        }
    }

    let mut xml = doc.build();
    xml.doc_props.core = core_properties(chapter).into_bytes();
    xml.footnotes = patch_footnote_refs(&xml.footnotes)?;
    accessible(&mut xml, chapter)?;
    let mut out = Cursor::new(Vec::with_capacity(super::size_estimate(chapter) * 3));
    xml.pack(&mut out).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// `docProps/core.xml`: title, creator and last-modified-by only — no dates, nothing from the
/// machine. An anonymous chapter's creator is "Anonymous".
pub(crate) fn core_properties(chapter: &Chapter) -> String {
    let by = match &chapter.authors {
        Authors::Anonymous => "Anonymous".to_owned(),
        Authors::Named(names) => names.join("; "),
    };
    let by = super::html::escape(&by);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{by}</dc:creator><cp:lastModifiedBy>{by}</cp:lastModifiedBy>\
         <cp:revision>1</cp:revision></cp:coreProperties>",
        super::html::escape(&chapter.title)
    )
}

/// What `docx-rs` cannot say of a document: its language, and which table rows are headers.
pub(crate) fn accessible(xml: &mut dx::XMLDocx, chapter: &Chapter) -> Result<(), ExportError> {
    xml.styles = patch_language(&xml.styles, &Language::of(chapter).tag())?;
    xml.document = patch_table_headers(&xml.document)?;
    Ok(())
}

/// Writes `event`, or says which part could not be written.
fn put(
    writer: &mut quick_xml::Writer<Vec<u8>>,
    event: quick_xml::events::Event<'_>,
    part: &str,
) -> Result<(), ExportError> {
    writer.write_event(event).map_err(|e| ExportError::Docx(format!("the {part} part cannot be patched: {e}")))
}

/// Sets the document's language: `<w:lang w:val="tag"/>`, last in the run properties of the
/// document defaults (`w:docDefaults/w:rPrDefault/w:rPr`, where the schema puts it after the
/// size and fonts `docx-rs` may write there). Everything else is written back as it was read.
pub(crate) fn patch_language(styles: &[u8], tag: &str) -> Result<Vec<u8>, ExportError> {
    use quick_xml::events::{BytesEnd, BytesStart, Event};

    let bad = |what: String| ExportError::Docx(format!("the styles part cannot be patched: {what}"));
    let text = std::str::from_utf8(styles).map_err(|e| bad(format!("it is not UTF-8: {e}")))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(styles.len() + 64));
    let lang = BytesStart::new("w:lang").with_attributes([("w:val", tag)]);
    let (mut in_default, mut done) = (false, false);
    loop {
        let event = reader.read_event().map_err(|e| bad(format!("at byte {}: {e}", reader.error_position())))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:rPrDefault" => in_default = true,
            Event::End(e) if e.name().as_ref() == b"w:rPrDefault" => in_default = false,
            Event::Empty(e) if in_default && !done && e.name().as_ref() == b"w:rPr" => {
                put(&mut writer, Event::Start(BytesStart::new("w:rPr")), "styles")?;
                put(&mut writer, Event::Empty(lang.clone()), "styles")?;
                put(&mut writer, Event::End(BytesEnd::new("w:rPr")), "styles")?;
                done = true;
                continue;
            }
            Event::End(e) if in_default && !done && e.name().as_ref() == b"w:rPr" => {
                put(&mut writer, Event::Empty(lang.clone()), "styles")?;
                done = true;
            }
            _ => {}
        }
        put(&mut writer, event, "styles")?;
    }
    if !done {
        return Err(bad("it has no default run properties".to_owned()));
    }
    Ok(writer.into_inner())
}

/// Makes the first row of every table its header row: `<w:tblHeader/>` in the row's
/// properties, so that Word repeats it on each page and assistive technology (and
/// `LibreOffice`'s tagged PDF, as TH cells) reads its cells as the column headers. Everything
/// else is written back as it was read; our tables hold no tables.
pub(crate) fn patch_table_headers(document: &[u8]) -> Result<Vec<u8>, ExportError> {
    use quick_xml::events::{BytesEnd, BytesStart, Event};

    let bad = |what: String| ExportError::Docx(format!("the document part cannot be patched: {what}"));
    let text = std::str::from_utf8(document).map_err(|e| bad(format!("it is not UTF-8: {e}")))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(document.len() + 256));
    let header = || Event::Empty(BytesStart::new("w:tblHeader"));
    // A table seen whose first row has no header mark yet; inside that row.
    let (mut first_row_due, mut in_first_row) = (false, false);
    loop {
        let event = reader.read_event().map_err(|e| bad(format!("at byte {}: {e}", reader.error_position())))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:tbl" => first_row_due = true,
            Event::Start(e) if first_row_due && e.name().as_ref() == b"w:tr" => {
                first_row_due = false;
                in_first_row = true;
            }
            Event::Empty(e) if in_first_row && e.name().as_ref() == b"w:trPr" => {
                put(&mut writer, Event::Start(BytesStart::new("w:trPr")), "document")?;
                put(&mut writer, header(), "document")?;
                put(&mut writer, Event::End(BytesEnd::new("w:trPr")), "document")?;
                in_first_row = false;
                continue;
            }
            Event::Start(e) if in_first_row && e.name().as_ref() == b"w:trPr" => {
                put(&mut writer, event.clone(), "document")?;
                put(&mut writer, header(), "document")?;
                in_first_row = false;
                continue;
            }
            Event::Start(_) | Event::Empty(_) if in_first_row => {
                // A row without properties: they come first in a row.
                put(&mut writer, Event::Start(BytesStart::new("w:trPr")), "document")?;
                put(&mut writer, header(), "document")?;
                put(&mut writer, Event::End(BytesEnd::new("w:trPr")), "document")?;
                in_first_row = false;
            }
            _ => {}
        }
        put(&mut writer, event, "document")?;
    }
    Ok(writer.into_inner())
}

/// Turns the first run's placeholder text of every footnote into `<w:footnoteRef/>`.
///
/// The part is read as XML events (`quick-xml`), not searched as a string: in each
/// `<w:footnote>` the first `<w:t>` element must hold only the placeholder, and it is replaced
/// by the empty `<w:footnoteRef/>`; everything else is written back as it was read. Footnotes
/// of a `w:type` (Word's separators) are left alone.
pub(crate) fn patch_footnote_refs(xml: &[u8]) -> Result<Vec<u8>, ExportError> {
    use quick_xml::events::{BytesStart, Event};

    let bad = |what: String| ExportError::Docx(format!("the footnotes part cannot be patched: {what}"));
    let text = std::str::from_utf8(xml).map_err(|e| bad(format!("it is not UTF-8: {e}")))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len() + 64));
    // Inside a footnote that still needs its number field: the depth of elements within it.
    let mut pending: Option<usize> = None;
    loop {
        let event = reader.read_event().map_err(|e| bad(format!("at byte {}: {e}", reader.error_position())))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:footnote" && pending.is_none() => {
                let typed = e.try_get_attribute("w:type").map_err(|e| bad(e.to_string()))?.is_some();
                if !typed {
                    pending = Some(0);
                }
            }
            Event::Start(e) if e.name().as_ref() == b"w:t" && pending.is_some() => {
                // The placeholder's text, then its end tag.
                let inner = reader.read_text(e.name()).map_err(|e| bad(e.to_string()))?;
                if &*inner != FOOTNOTE_REF_PLACEHOLDER.as_bytes() {
                    return Err(ExportError::Docx("a footnote does not start with its number field".to_owned()));
                }
                writer.write_event(Event::Empty(BytesStart::new("w:footnoteRef"))).map_err(|e| bad(e.to_string()))?;
                pending = None;
                continue;
            }
            Event::Start(_) => pending = pending.map(|depth| depth + 1),
            Event::End(_) => {
                pending = match pending {
                    Some(0) => {
                        return Err(ExportError::Docx("a footnote does not start with its number field".to_owned()));
                    }
                    Some(depth) => Some(depth - 1),
                    None => None,
                };
            }
            _ => {}
        }
        writer.write_event(event).map_err(|e| bad(e.to_string()))?;
    }
    if pending.is_some() {
        return Err(ExportError::Docx("a footnote does not start with its number field".to_owned()));
    }
    Ok(writer.into_inner())
}

/// Gives every relationship of a `.rels` part an `Id` of its own.
///
/// `docx-rs` 0.4 numbers the custom XML parts' relationships from `rId8`, the id it also gives
/// the footnotes part, so a document with both has two relationships named `rId8`; the
/// packaging rules forbid that (Word reports unreadable content). Each relationship whose `Id`
/// an earlier one already has gets the lowest `rIdN` no relationship uses; nothing refers to the
/// renamed ones by id (custom XML parts are found by their relationship's type). The part is
/// read as XML events (`quick-xml`) and everything else is written back as it was read.
pub(crate) fn unique_relationship_ids(xml: &[u8]) -> Result<Vec<u8>, ExportError> {
    use std::collections::HashSet;

    use quick_xml::events::{BytesStart, Event};

    let bad = |what: String| ExportError::Docx(format!("the relationships part cannot be patched: {what}"));
    let text = std::str::from_utf8(xml).map_err(|e| bad(format!("it is not UTF-8: {e}")))?;
    let id_of = |e: &BytesStart<'_>| -> Result<Option<String>, ExportError> {
        let attr = e.try_get_attribute("Id").map_err(|e| bad(e.to_string()))?;
        attr.map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(std::borrow::Cow::into_owned)
                .map_err(|e| bad(e.to_string()))
        })
        .transpose()
    };
    let is_relationship = |e: &BytesStart<'_>| e.local_name().as_ref() == b"Relationship";
    // Every id in use, so that a new one is none of them.
    let mut used: HashSet<String> = HashSet::new();
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event().map_err(|e| bad(format!("at byte {}: {e}", reader.error_position())))? {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if is_relationship(&e) => {
                used.extend(id_of(&e)?);
            }
            _ => {}
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut next = 1usize;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len() + 16));
    loop {
        let event = reader.read_event().map_err(|e| bad(format!("at byte {}: {e}", reader.error_position())))?;
        let event = match event {
            Event::Eof => break,
            Event::Empty(e) if is_relationship(&e) => match id_of(&e)? {
                Some(id) if !seen.insert(id.clone()) => {
                    while used.contains(&format!("rId{next}")) {
                        next += 1;
                    }
                    let fresh = format!("rId{next}");
                    used.insert(fresh.clone());
                    seen.insert(fresh.clone());
                    let mut renamed = BytesStart::new("Relationship");
                    for a in e.attributes() {
                        let a = a.map_err(|e| bad(e.to_string()))?;
                        if a.key.as_ref() == b"Id" {
                            renamed.push_attribute(("Id", fresh.as_str()));
                        } else {
                            renamed.push_attribute(a);
                        }
                    }
                    Event::Empty(renamed)
                }
                _ => Event::Empty(e),
            },
            other => other,
        };
        writer.write_event(event).map_err(|e| bad(e.to_string()))?;
    }
    Ok(writer.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: Result<Vec<u8>, ExportError>) -> String {
        bytes.map_or_else(|e| e.to_string(), |b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn the_language_goes_last_in_the_default_run_properties() {
        let empty = "<w:styles><w:docDefaults><w:rPrDefault><w:rPr /></w:rPrDefault><w:pPrDefault><w:pPr><w:rPr /></w:pPr></w:pPrDefault></w:docDefaults><w:style><w:rPr /></w:style></w:styles>";
        assert_eq!(
            text(patch_language(empty.as_bytes(), "de-DE")),
            "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val=\"de-DE\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:rPr /></w:pPr></w:pPrDefault></w:docDefaults><w:style><w:rPr /></w:style></w:styles>"
        );
        let sized = "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"20\" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
        assert_eq!(
            text(patch_language(sized.as_bytes(), "en")),
            "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"20\" /><w:lang w:val=\"en\"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>"
        );
        assert_eq!(
            text(patch_language(b"<w:styles><w:style><w:rPr /></w:style></w:styles>", "en")),
            "cannot assemble the Word document: the styles part cannot be patched: it has no default run properties"
        );
    }

    #[test]
    fn only_the_first_row_of_each_table_becomes_a_header_row() {
        let rows = "<w:tr><w:trPr /><w:tc /></w:tr><w:tr><w:trPr /><w:tc /></w:tr>";
        let doc = format!("<w:body><w:tbl><w:tblPr /><w:tblGrid />{rows}</w:tbl><w:p /><w:tbl>{rows}</w:tbl></w:body>");
        let header = "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc /></w:tr><w:tr><w:trPr /><w:tc /></w:tr>";
        assert_eq!(
            text(patch_table_headers(doc.as_bytes())),
            format!("<w:body><w:tbl><w:tblPr /><w:tblGrid />{header}</w:tbl><w:p /><w:tbl>{header}</w:tbl></w:body>")
        );
        // Properties with something in them, and a row with none.
        assert_eq!(
            text(patch_table_headers(b"<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>")),
            "<w:tbl><w:tr><w:trPr><w:tblHeader/><w:cantSplit /></w:trPr></w:tr></w:tbl>"
        );
        assert_eq!(
            text(patch_table_headers(b"<w:tbl><w:tr><w:tc><w:p /></w:tc></w:tr></w:tbl>")),
            "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p /></w:tc></w:tr></w:tbl>"
        );
    }

    fn patched(xml: &str) -> Result<String, String> {
        patch_footnote_refs(xml.as_bytes())
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
    }

    #[test]
    fn patches_only_the_first_text_of_each_footnote() {
        let xml = "<w:footnotes><w:footnote w:id=\"1\"><w:p><w:r><w:t xml:space=\"preserve\">#</w:t></w:r><w:r><w:t xml:space=\"preserve\">#</w:t></w:r></w:p></w:footnote></w:footnotes>";
        assert_eq!(
            patched(xml).as_deref(),
            Ok(
                "<w:footnotes><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\">#</w:t></w:r></w:p></w:footnote></w:footnotes>"
            )
        );
        assert_eq!(
            patched(
                "<w:footnotes><w:footnote w:id=\"1\"><w:p><w:r><w:t xml:space=\"preserve\">x</w:t></w:r></w:p></w:footnote></w:footnotes>"
            ),
            Err("cannot assemble the Word document: a footnote does not start with its number field".to_owned())
        );
        assert_eq!(
            patched("<w:footnotes><w:footnote w:id=\"1\"><w:p/></w:footnote></w:footnotes>"),
            Err("cannot assemble the Word document: a footnote does not start with its number field".to_owned())
        );
    }

    /// String splitting took `<w:tabs>`, `<w:tab/>` and `<w:tbl>` for the `<w:t` of the
    /// placeholder; as XML events they are other elements.
    #[test]
    fn elements_that_start_like_w_t_are_not_text() {
        let xml = "<w:footnotes><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
                   <w:footnote w:id=\"1\"><w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"360\"/></w:tabs></w:pPr>\
                   <w:r><w:tab/><w:t xml:space=\"preserve\">#</w:t></w:r><w:r><w:t>A&amp;B \tC</w:t></w:r></w:p></w:footnote></w:footnotes>";
        let expected = xml.replacen("<w:t xml:space=\"preserve\">#</w:t>", "<w:footnoteRef/>", 1);
        assert_eq!(patched(xml), Ok(expected));
    }

    /// On what `docx-rs` writes, the patch changes the placeholder runs and nothing else.
    #[test]
    fn on_a_real_document_only_the_placeholders_change() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2024);
        for (label, text) in [("1", "First\tsource & <co>."), ("2", "Second \"source\".")] {
            c.add_footnote(label, text, None);
        }
        let b = c.new_block("A bullet\twith a tab.[^1] And a table-like <w:tbl> text.[^2]");
        c.categories[0].bullets.push(b);
        let numbering = Numbering::of(&c, &m);
        let mut w = Writer { numbering: &numbering, placed: vec![false; 3] };
        let doc = dx::Docx::new().add_paragraph(w.paragraph(&c.categories[0].bullets[0].text));
        let xml = doc.build().footnotes;
        let raw = String::from_utf8(xml.clone()).unwrap_or_else(|e| panic!("{e}"));
        let expected =
            raw.replace(&format!("<w:t xml:space=\"preserve\">{FOOTNOTE_REF_PLACEHOLDER}</w:t>"), "<w:footnoteRef/>");
        assert_eq!(patched(&raw), Ok(expected));
        assert_eq!(raw.matches("<w:footnote ").count(), 2);
    }

    /// `docx-rs` gives the footnotes and the first custom XML part both `rId8`.
    #[test]
    fn a_relationship_id_used_twice_is_renamed() {
        let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                    <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                    <Relationship Id=\"rId1\" Type=\"t/styles\" Target=\"styles.xml\" />\
                    <Relationship Id=\"rId8\" Type=\"t/footnotes\" Target=\"footnotes.xml\" />\
                    <Relationship Id=\"rId8\" Type=\"t/customXml\" Target=\"../customXml/item1.xml\" />\
                    <Relationship Id=\"rId2\" Type=\"t/fontTable\" Target=\"fontTable.xml\" />\
                    </Relationships>";
        let patch = |xml: &str| {
            unique_relationship_ids(xml.as_bytes())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| e.to_string())
        };
        let patched = patch(rels);
        let expected = rels.replacen(
            "<Relationship Id=\"rId8\" Type=\"t/customXml\" Target=\"../customXml/item1.xml\" />",
            "<Relationship Id=\"rId3\" Type=\"t/customXml\" Target=\"../customXml/item1.xml\"/>",
            1,
        );
        assert_eq!(patched, Ok(expected));
        // Ids that are all different are left as they are.
        let fine = rels.replacen("Id=\"rId8\" Type=\"t/customXml\"", "Id=\"rId9\" Type=\"t/customXml\"", 1);
        assert_eq!(patch(&fine), Ok(fine.clone()));
    }
}
