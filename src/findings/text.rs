//! Header and text checks: a country and an author, the standard title, no empty sections or
//! blocks, every rated category justified by bullets, and bullets that cite their sources.

use super::{Code, Finding, Location, Place};
use crate::method::Methodology;
use crate::model::{Authors, Chapter, Section, TextBlock, markers};

/// Adds the header findings of `chapter` to `out`.
pub(super) fn check_header(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    let at = || Location::section(Place::Header);
    if chapter.country.trim().is_empty() {
        out.push(Finding::new(Code::CountryMissing, at(), "the chapter names no country"));
    } else {
        let title = method.chapter_title(chapter.country.trim(), chapter.edition);
        if chapter.title.trim() != title {
            out.push(Finding::new(
                Code::TitleMismatch,
                at(),
                format!("the title is \"{}\"; for this country and edition it would be \"{title}\"", chapter.title),
            ));
        }
    }
    if let Authors::Named(names) = &chapter.authors
        && names.iter().all(|n| n.trim().is_empty())
    {
        out.push(Finding::new(
            Code::AuthorMissing,
            at(),
            "no author is named; add one, or mark the chapter as anonymous",
        ));
    }
}

/// Adds the text findings of `chapter` to `out`.
pub(super) fn check_text(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    check_sections(chapter, method, out);
    for (section, block) in chapter.text_blocks() {
        out.extend(check_block(&section, block, method));
    }
    check_justified(chapter, method, out);
}

/// The `section-empty` findings: a text section of the methodology (an executive summary, an
/// overview) with no text.
pub(super) fn check_sections(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    for (id, title) in method.text_sections() {
        if blank(chapter.text(id)) {
            out.push(Finding::new(
                Code::SectionEmpty,
                Location::section(Section::Text(id.to_owned())),
                format!("the {title} section is empty"),
            ));
        }
    }
}

/// The finding of one block on its own: empty, or a justification citing nothing.
pub(super) fn check_block(section: &Section, block: &TextBlock, method: &Methodology) -> Option<Finding> {
    let noun = section.block_noun(method);
    if block.text.trim().is_empty() {
        let what = match section {
            Section::ScoreChanges => "this score-change item is empty".to_owned(),
            Section::Text(_) | Section::Category(_) => format!("this {noun} is empty"),
        };
        Some(Finding::new(Code::BlockEmpty, Location::block(section.clone(), block.id), what))
    } else if let Section::Category(_) = section
        && markers::markers(&block.text).next().is_none()
    {
        Some(Finding::new(
            Code::BulletUncited,
            Location::block(section.clone(), block.id),
            format!("this {noun} cites no footnote"),
        ))
    } else {
        None
    }
}

fn blank(blocks: &[TextBlock]) -> bool {
    blocks.iter().all(|b| b.text.trim().is_empty())
}

/// The `bullets-missing` findings: a rated item with no justification (bullets or paragraphs,
/// as the methodology writes them). Under a methodology that justifies groups rather than
/// items (the BTI's narrative per criterion), a group none of whose items has a section of its
/// own must have text once any of its items is rated.
pub(super) fn check_justified(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    let noun = method.justification_noun();
    let own_sections = method.entry_codes();
    for entry in &chapter.categories {
        let rated = if method.is_item(&entry.code) {
            entry.rating.is_some()
        } else {
            // A narrated group: rated once any item in it is.
            let name = method.category(&entry.code).map(|d| d.name.as_str());
            chapter.categories.iter().any(|c| {
                c.rating.is_some()
                    && method.category(&c.code).is_some_and(|d| name.is_some_and(|n| d.groups.iter().any(|g| g == n)))
            })
        };
        if method.is_item(&entry.code) && !own_sections.contains(&entry.code) {
            continue; // justified in its group's section
        }
        if rated && blank(&entry.bullets) {
            let name = super::category_name(method, &entry.code);
            out.push(Finding::new(
                Code::BulletsMissing,
                Location::section(Section::Category(entry.code.clone())),
                format!("{name} is rated but has no {noun}s justifying the rating"),
            ));
        }
    }
}
