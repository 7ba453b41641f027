//! A Word document (DOCX) with real footnotes, built with the `docx-rs` crate.
//!
//! The title is in Word's Title style, every section and category heading in "heading 1", so
//! Word's navigation pane and the `LibreOffice` navigator list them; the score card is a table.
//! The first marker citing a note is a real Word footnote (a `w:footnoteReference` run in
//! `word/document.xml`, its text in `word/footnotes.xml`); a later marker citing the same note
//! shows the note's number as superscript text, since a Word footnote has one reference. Notes
//! no text cites are listed at the end under their numbers.
//!
//! Two small patches on top of `docx-rs` 0.4 (which has footnotes but no footnote-number
//! field and no way to set the creator):
//! - each footnote's first run becomes `<w:footnoteRef/>`, the field that shows the note's
//!   number at the foot of the page;
//! - `docProps/core.xml` is written here: title, creator and last-modified-by are the byline
//!   ("Anonymous" for an anonymous chapter), and there are no dates. Together with the ZIP
//!   entries' fixed timestamps (1980-01-01, checked by the tests) the file depends on the
//!   chapter alone: nothing about the machine, the user or the clock is in it.

use std::io::Cursor;

use docx_rs as dx;

use super::{
    ExportError, Numbering, Piece, category_description, category_name, citation, clean_controls, methodology_blurb,
    pieces, scale_max, show_rating, shown,
};
use crate::method::Methodology;
use crate::model::{Authors, Chapter};
use crate::score::ScoreCard;

/// The text of the run that [`patch_footnote_refs`] turns into `<w:footnoteRef/>`.
const FOOTNOTE_REF_PLACEHOLDER: &str = "#";
/// The numbering used for bullets (`docx-rs` defines a decimal list as number 1 already).
const BULLETS: usize = 2;

fn text_run(s: &str) -> dx::Run {
    dx::Run::new().add_text(clean_controls(s))
}

fn superscript(run: dx::Run) -> dx::Run {
    let mut run = run.style("FootnoteReference");
    run.run_property = run.run_property.vert_align(dx::VertAlignType::SuperScript);
    run
}

fn styles(doc: dx::Docx) -> dx::Docx {
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
    doc.add_style(
        Style::new("Title", StyleType::Paragraph).name("Title").based_on("Normal").next("Normal").size(40).bold(),
    )
    .add_style(heading("Heading1", "heading 1", 30, 0))
    .add_style(heading("Heading2", "heading 2", 26, 1))
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

fn heading(text: &str) -> dx::Paragraph {
    dx::Paragraph::new().style("Heading1").add_run(text_run(text))
}

fn plain(text: &str) -> dx::Paragraph {
    dx::Paragraph::new().add_run(text_run(text))
}

fn cell(text: &str, bold: bool) -> dx::TableCell {
    let run = if bold { text_run(text).bold() } else { text_run(text) };
    dx::TableCell::new().add_paragraph(dx::Paragraph::new().add_run(run))
}

/// The document, as the bytes of a `.docx` file.
pub fn render(chapter: &Chapter, method: &Methodology) -> Result<Vec<u8>, ExportError> {
    let numbering = Numbering::new(chapter);
    let card = ScoreCard::compute(chapter, method);
    let mut w = Writer { numbering: &numbering, placed: vec![false; numbering.notes().len() + 1] };
    let mut doc = styles(dx::Docx::new());

    doc = doc.add_paragraph(dx::Paragraph::new().style("Title").add_run(text_run(&chapter.title)));
    doc = doc.add_paragraph(plain(&format!("Authors: {}", chapter.authors.byline())));

    // The score card.
    let now = shown(card.this_year.as_ref());
    let max = scale_max(method);
    doc = doc.add_paragraph(dx::Paragraph::new().add_run(text_run(&now.classification).bold().size(28)));
    if method.percentage.is_some() {
        doc = doc.add_paragraph(
            dx::Paragraph::new().add_run(text_run(&now.headline).bold().size(44)).add_run(text_run(" / 100")),
        );
        doc = doc.add_paragraph(plain(&format!("Democracy Percentage {} / 100", now.percentage)));
    }
    doc = doc.add_paragraph(plain(&format!("Democracy Score {} / {max}", now.score)));
    if let Some(last) = card.last_year.as_ref() {
        let last = shown(Some(last));
        let line = if method.percentage.is_some() {
            format!("Last year's Democracy Percentage & Status: {} / 100 {}", last.headline, last.classification)
        } else {
            format!("Last year's Democracy Score & Status: {} / {max} {}", last.score, last.classification)
        };
        doc = doc.add_paragraph(plain(&line));
    }
    let mut rows = vec![dx::TableRow::new(vec![cell("Category", true), cell("Rating", true), cell("Last year", true)])];
    for entry in &chapter.categories {
        rows.push(dx::TableRow::new(vec![
            cell(category_name(method, &entry.code), false),
            cell(&show_rating(entry.rating), false),
            cell(&show_rating(entry.last_year), false),
        ]));
    }
    doc = doc.add_table(dx::Table::new(rows).set_grid(vec![5200, 1600, 1600]));
    doc = doc.add_paragraph(dx::Paragraph::new().add_run(text_run(&methodology_blurb(method)).italic().size(18)));

    // The sections.
    let bullet = |p: dx::Paragraph| p.numbering(dx::NumberingId::new(BULLETS), dx::IndentLevel::new(0));
    doc = doc.add_paragraph(heading(&format!("Score changes in {}", chapter.edition)));
    for item in &chapter.score_changes {
        doc = doc.add_paragraph(bullet(w.paragraph(&item.text)));
    }
    for (title, paragraphs) in
        [("Executive Summary", &chapter.executive_summary), ("At-A-Glance", &chapter.at_a_glance)]
    {
        doc = doc.add_paragraph(heading(title));
        for p in paragraphs {
            doc = doc.add_paragraph(w.paragraph(&p.text));
        }
    }
    for entry in &chapter.categories {
        doc = doc.add_paragraph(heading(category_name(method, &entry.code)));
        doc = doc.add_paragraph(
            dx::Paragraph::new()
                .add_run(text_run(&format!("Rating: {} / {}", show_rating(entry.rating), method.scale.max)).bold()),
        );
        let description = category_description(method, &entry.code);
        if !description.is_empty() {
            doc = doc.add_paragraph(dx::Paragraph::new().add_run(text_run(description).italic()));
        }
        for b in &entry.bullets {
            doc = doc.add_paragraph(bullet(w.paragraph(&b.text)));
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
    let mut out = Cursor::new(Vec::with_capacity(super::size_estimate(chapter) * 3));
    xml.pack(&mut out).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// `docProps/core.xml`: title, creator and last-modified-by only — no dates, nothing from the
/// machine. An anonymous chapter's creator is "Anonymous".
fn core_properties(chapter: &Chapter) -> String {
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

/// Turns the first run's placeholder text of every footnote into `<w:footnoteRef/>`.
fn patch_footnote_refs(xml: &[u8]) -> Result<Vec<u8>, ExportError> {
    let xml = std::str::from_utf8(xml).map_err(|e| ExportError::Docx(format!("footnotes are not UTF-8: {e}")))?;
    let placeholder = format!("<w:t xml:space=\"preserve\">{FOOTNOTE_REF_PLACEHOLDER}</w:t>");
    let mut out = String::with_capacity(xml.len() + 64);
    let mut parts = xml.split("<w:footnote ");
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        out.push_str("<w:footnote ");
        // The placeholder run is the first run of the note, so its text is the first `<w:t`.
        let first_text = part.find("<w:t").filter(|&i| part[i..].starts_with(&placeholder));
        let Some(at) = first_text else {
            return Err(ExportError::Docx("a footnote does not start with its number field".to_owned()));
        };
        out.push_str(&part[..at]);
        out.push_str("<w:footnoteRef/>");
        out.push_str(&part[at + placeholder.len()..]);
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_only_the_first_text_of_each_footnote() {
        let xml = "<w:footnotes><w:footnote w:id=\"1\"><w:p><w:r><w:t xml:space=\"preserve\">#</w:t></w:r><w:r><w:t xml:space=\"preserve\">#</w:t></w:r></w:p></w:footnote></w:footnotes>";
        let out = patch_footnote_refs(xml.as_bytes()).map(String::from_utf8);
        assert_eq!(
            out.ok().and_then(Result::ok).as_deref(),
            Some(
                "<w:footnotes><w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\">#</w:t></w:r></w:p></w:footnote></w:footnotes>"
            )
        );
        assert!(patch_footnote_refs(b"<w:footnote w:id=\"1\"><w:t xml:space=\"preserve\">x</w:t>").is_err());
    }
}
