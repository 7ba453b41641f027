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
    check_sections(chapter, out);
    for (section, block) in chapter.text_blocks() {
        out.extend(check_block(&section, block));
    }
    check_justified(chapter, method, out);
}

/// The `section-empty` findings: an empty executive summary or at-a-glance.
pub(super) fn check_sections(chapter: &Chapter, out: &mut Vec<Finding>) {
    for (place, blocks, name) in [
        (Section::ExecutiveSummary, &chapter.executive_summary, "executive summary"),
        (Section::AtAGlance, &chapter.at_a_glance, "at-a-glance"),
    ] {
        if blank(blocks) {
            out.push(Finding::new(Code::SectionEmpty, Location::section(place), format!("the {name} is empty")));
        }
    }
}

/// The finding of one block on its own: empty, or a bullet citing nothing.
pub(super) fn check_block(section: &Section, block: &TextBlock) -> Option<Finding> {
    if block.text.trim().is_empty() {
        let what = match section {
            Section::ScoreChanges => "this score-change item is empty",
            Section::ExecutiveSummary | Section::AtAGlance => "this paragraph is empty",
            Section::Category(_) => "this bullet is empty",
        };
        Some(Finding::new(Code::BlockEmpty, Location::block(section.clone(), block.id), what))
    } else if let Section::Category(_) = section
        && markers::markers(&block.text).next().is_none()
    {
        Some(Finding::new(
            Code::BulletUncited,
            Location::block(section.clone(), block.id),
            "this bullet cites no footnote",
        ))
    } else {
        None
    }
}

fn blank(blocks: &[TextBlock]) -> bool {
    blocks.iter().all(|b| b.text.trim().is_empty())
}

/// The `bullets-missing` findings: a rated category with no bullets.
pub(super) fn check_justified(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    for entry in &chapter.categories {
        if entry.rating.is_some() && blank(&entry.bullets) {
            let name = super::category_name(method, &entry.code);
            out.push(Finding::new(
                Code::BulletsMissing,
                Location::section(Section::Category(entry.code.clone())),
                format!("{name} is rated but has no bullets justifying the rating"),
            ));
        }
    }
}
