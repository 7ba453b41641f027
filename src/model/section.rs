//! Which section of a chapter a text block is in: the one type that the checks and their
//! findings, the editor's lists, live findings, word counts, diff, merge and the comparison
//! all name a section by.
//!
//! The sections are fixed by the chapter's shape today: the score-change items, the executive
//! summary, the at-a-glance, then one list of bullets per category (see [`Chapter`]'s fields).
//! When the sections come from a methodology file (an outline) instead, this module is the one
//! place to change: the variants of [`Section`], the reading order ([`Chapter::sections`],
//! [`Section::position`]), where each section's blocks live ([`Section::blocks`],
//! [`Section::blocks_mut`]), its stable key ([`Section::key`]) and its title
//! ([`Section::title`]).

use serde::{Serialize, Serializer};

use super::{Chapter, TextBlock};
use crate::method::Methodology;

/// A section of a chapter: a list of text blocks. The one type that says which section a
/// block is in; [`crate::findings::Place`] holds one for the text sections.
///
/// The variants follow the chapter's fixed shape. When sections come from a methodology file
/// (an outline), this type and the methods beside it (`src/model/section.rs`) are what changes;
/// its users go through [`Chapter::sections`], [`Section::blocks`], [`Section::key`] and
/// [`Section::title`] rather than naming the lists themselves.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// The score-change items.
    ScoreChanges,
    /// The executive summary.
    ExecutiveSummary,
    /// The at-a-glance.
    AtAGlance,
    /// A category's bullets, by the category's code.
    Category(String),
}

impl Section {
    /// The section's stable key, as diff, merge and JSON write it: `score_changes`,
    /// `executive_summary`, `at_a_glance`, or the category's code (`LDG`).
    #[must_use]
    pub fn key(&self) -> &str {
        match self {
            Self::ScoreChanges => "score_changes",
            Self::ExecutiveSummary => "executive_summary",
            Self::AtAGlance => "at_a_glance",
            Self::Category(code) => code,
        }
    }

    /// The category's code, for a category's bullets.
    #[must_use]
    pub fn category(&self) -> Option<&str> {
        match self {
            Self::Category(code) => Some(code),
            Self::ScoreChanges | Self::ExecutiveSummary | Self::AtAGlance => None,
        }
    }

    /// The section's heading as an author sees it under `method`: "Score changes",
    /// "Executive summary", "At a glance", or the category's name ("Corruption"; its code when
    /// the methodology has no such category).
    #[must_use]
    pub fn title(&self, method: &Methodology) -> String {
        match self {
            Self::ScoreChanges => "Score changes".to_owned(),
            Self::ExecutiveSummary => "Executive summary".to_owned(),
            Self::AtAGlance => "At a glance".to_owned(),
            Self::Category(code) => method.category(code).map_or_else(|| code.clone(), |d| d.name.clone()),
        }
    }

    /// What one of its blocks is called: "item" (score changes), "paragraph" (executive
    /// summary, at-a-glance) or "bullet" (a category).
    #[must_use]
    pub fn block_noun(&self) -> &'static str {
        match self {
            Self::ScoreChanges => "item",
            Self::ExecutiveSummary | Self::AtAGlance => "paragraph",
            Self::Category(_) => "bullet",
        }
    }

    /// The section's blocks in `chapter`; `None` for a category the chapter does not have.
    #[must_use]
    pub fn blocks<'c>(&self, chapter: &'c Chapter) -> Option<&'c [TextBlock]> {
        match self {
            Self::ScoreChanges => Some(&chapter.score_changes),
            Self::ExecutiveSummary => Some(&chapter.executive_summary),
            Self::AtAGlance => Some(&chapter.at_a_glance),
            Self::Category(code) => chapter.category(code).map(|c| c.bullets.as_slice()),
        }
    }

    /// The section's blocks in `chapter`, to change them; `None` for a category the chapter
    /// does not have.
    pub fn blocks_mut<'c>(&self, chapter: &'c mut Chapter) -> Option<&'c mut Vec<TextBlock>> {
        match self {
            Self::ScoreChanges => Some(&mut chapter.score_changes),
            Self::ExecutiveSummary => Some(&mut chapter.executive_summary),
            Self::AtAGlance => Some(&mut chapter.at_a_glance),
            Self::Category(code) => chapter.category_mut(code).map(|c| &mut c.bullets),
        }
    }

    /// Where the section comes in `chapter`'s reading order ([`Chapter::sections`]), from 0;
    /// `None` for a category the chapter does not have.
    #[must_use]
    pub fn position(&self, chapter: &Chapter) -> Option<usize> {
        match self {
            Self::ScoreChanges => Some(0),
            Self::ExecutiveSummary => Some(1),
            Self::AtAGlance => Some(2),
            Self::Category(code) => chapter.categories.iter().position(|c| c.code == *code).map(|i| 3 + i),
        }
    }
}

/// A section is written as its [`Section::key`].
impl Serialize for Section {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl Chapter {
    /// The chapter's sections in reading order: score changes, executive summary,
    /// at-a-glance, then each category's bullets in published order.
    pub fn sections(&self) -> impl Iterator<Item = Section> + '_ {
        self.section_lists().map(|(s, _)| s)
    }

    /// The chapter's sections in reading order ([`Chapter::sections`]), each with its blocks.
    pub fn section_lists(&self) -> impl Iterator<Item = (Section, &[TextBlock])> + '_ {
        let fixed = [
            (Section::ScoreChanges, self.score_changes.as_slice()),
            (Section::ExecutiveSummary, self.executive_summary.as_slice()),
            (Section::AtAGlance, self.at_a_glance.as_slice()),
        ];
        fixed
            .into_iter()
            .chain(self.categories.iter().map(|c| (Section::Category(c.code.clone()), c.bullets.as_slice())))
    }

    /// The chapter's sections in reading order ([`Chapter::sections`]), each with its blocks
    /// to change them.
    pub fn section_lists_mut(&mut self) -> impl Iterator<Item = (Section, &mut Vec<TextBlock>)> + '_ {
        let fixed = [
            (Section::ScoreChanges, &mut self.score_changes),
            (Section::ExecutiveSummary, &mut self.executive_summary),
            (Section::AtAGlance, &mut self.at_a_glance),
        ];
        fixed.into_iter().chain(self.categories.iter_mut().map(|c| (Section::Category(c.code.clone()), &mut c.bullets)))
    }

    /// Every text block in reading order ([`Chapter::sections`]), with the section it belongs
    /// to.
    pub fn text_blocks(&self) -> impl Iterator<Item = (Section, &TextBlock)> + '_ {
        self.section_lists().flat_map(|(s, blocks)| blocks.iter().map(move |b| (s.clone(), b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_come_in_reading_order_with_their_blocks() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2025);
        let item = c.new_block("item");
        let bullet = c.new_block("bullet");
        c.score_changes.push(item);
        c.categories[1].bullets.push(bullet);
        let sections: Vec<Section> = c.sections().collect();
        let keys: Vec<&str> = sections.iter().map(Section::key).collect();
        assert_eq!(
            keys,
            ["score_changes", "executive_summary", "at_a_glance", "NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"]
        );
        for (i, s) in sections.iter().enumerate() {
            assert_eq!(s.position(&c), Some(i));
        }
        let texts = |s: &Section| s.blocks(&c).map(|b| b.iter().map(|b| b.text.clone()).collect::<Vec<_>>());
        assert_eq!(texts(&Section::ScoreChanges), Some(vec!["item".to_owned()]));
        assert_eq!(texts(&Section::Category("EP".into())), Some(vec!["bullet".to_owned()]));
        assert_eq!(texts(&Section::Category("XX".into())), None);
        assert_eq!(Section::Category("XX".into()).position(&c), None);
        if let Some(blocks) = Section::AtAGlance.blocks_mut(&mut c) {
            blocks.push(TextBlock { id: super::super::Id(99), text: "glance".into() });
        }
        assert_eq!(c.at_a_glance.len(), 1);
    }

    #[test]
    fn titles_nouns_and_keys_as_authors_and_files_see_them() {
        let method = Methodology::nit_2020();
        let co = Section::Category("CO".into());
        assert_eq!(co.title(&method), "Corruption");
        assert_eq!(Section::Category("XX".into()).title(&method), "XX");
        assert_eq!(Section::AtAGlance.title(&method), "At a glance");
        assert_eq!(
            [Section::ScoreChanges, Section::ExecutiveSummary, co.clone()].map(|s| s.block_noun()),
            ["item", "paragraph", "bullet"]
        );
        assert_eq!(co.category(), Some("CO"));
        assert_eq!(Section::ExecutiveSummary.category(), None);
        assert_eq!(serde_json::to_string(&[Section::AtAGlance, co]).ok().as_deref(), Some(r#"["at_a_glance","CO"]"#));
    }
}
