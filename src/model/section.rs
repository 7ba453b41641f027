//! Which section of a chapter a text block is in: the one type that the checks and their
//! findings, the editor's lists, live findings, word counts, diff, merge and the comparison
//! all name a section by.
//!
//! A chapter has the sections its methodology's file gives it: the score-change items, text
//! sections by id (an executive summary, an overview) and one list of justification blocks
//! per item (or per group, for an index that narrates groups). Their reading order is the
//! methodology's ([`crate::Methodology::sections`]); [`Chapter::section_lists`] walks them in
//! the order the chapter stores them, for lookups where order does not matter.

use serde::{Serialize, Serializer};

use super::{Chapter, TextBlock};
use crate::method::Methodology;

/// A section of a chapter: a list of text blocks.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// The score-change items.
    ScoreChanges,
    /// A text section, by the methodology's id (`executive_summary`, `overview`).
    Text(String),
    /// An item's (or a narrated group's) justification, by its code.
    Category(String),
}

impl Section {
    /// The section's stable key, as diff, merge and JSON write it: `score_changes`, the text
    /// section's id (`executive_summary`), or the item's code (`LDG`, `A1`).
    #[must_use]
    pub fn key(&self) -> &str {
        match self {
            Self::ScoreChanges => "score_changes",
            Self::Text(id) | Self::Category(id) => id,
        }
    }

    /// The item's code, for an item's justification.
    #[must_use]
    pub fn category(&self) -> Option<&str> {
        match self {
            Self::Category(code) => Some(code),
            Self::ScoreChanges | Self::Text(_) => None,
        }
    }

    /// The section's heading as the methodology names it: "Score changes", "Executive
    /// Summary", or the item's name ("Corruption"); its key when the methodology does not
    /// know it.
    #[must_use]
    pub fn title(&self, method: &Methodology) -> String {
        match self {
            Self::ScoreChanges => method.score_changes_title().unwrap_or("Score changes").to_owned(),
            Self::Text(id) => method.text_title(id).map_or_else(|| id.replace('_', " "), str::to_owned),
            Self::Category(code) => method.item_title(code),
        }
    }

    /// What one of its blocks is called: "item" (score changes), "paragraph" (a text
    /// section), or "bullet" / "paragraph" for a justification, as the methodology writes them.
    #[must_use]
    pub fn block_noun(&self, method: &Methodology) -> &'static str {
        match self {
            Self::ScoreChanges => "item",
            Self::Text(_) => "paragraph",
            Self::Category(_) => method.justification_noun(),
        }
    }

    /// The section's blocks in `chapter`; `None` for a section the chapter does not have.
    #[must_use]
    pub fn blocks<'c>(&self, chapter: &'c Chapter) -> Option<&'c [TextBlock]> {
        match self {
            Self::ScoreChanges => Some(&chapter.score_changes),
            Self::Text(id) => chapter.texts.iter().find(|t| t.id == *id).map(|t| t.paragraphs.as_slice()),
            Self::Category(code) => chapter.category(code).map(|c| c.bullets.as_slice()),
        }
    }

    /// The section's blocks in `chapter`, to change them; `None` for an item the chapter
    /// does not have (a text section is added when missing).
    pub fn blocks_mut<'c>(&self, chapter: &'c mut Chapter) -> Option<&'c mut Vec<TextBlock>> {
        match self {
            Self::ScoreChanges => Some(&mut chapter.score_changes),
            Self::Text(id) => Some(chapter.text_mut(id)),
            Self::Category(code) => chapter.category_mut(code).map(|c| &mut c.bullets),
        }
    }

    /// Where the section comes in `chapter`'s reading order under `method`, from 0; `None`
    /// for a section the chapter does not have.
    #[must_use]
    pub fn position(&self, chapter: &Chapter, method: &Methodology) -> Option<usize> {
        method.sections(chapter).iter().position(|s| s == self)
    }
}

/// A section is written as its [`Section::key`].
impl Serialize for Section {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl Chapter {
    /// The chapter's sections in the order it stores them: score changes, the text
    /// sections, then each item's justification. For reading order, see
    /// [`Methodology::sections`].
    pub fn sections(&self) -> impl Iterator<Item = Section> + '_ {
        self.section_lists().map(|(s, _)| s)
    }

    /// The chapter's sections in stored order ([`Chapter::sections`]), each with its blocks.
    pub fn section_lists(&self) -> impl Iterator<Item = (Section, &[TextBlock])> + '_ {
        std::iter::once((Section::ScoreChanges, self.score_changes.as_slice()))
            .chain(self.texts.iter().map(|t| (Section::Text(t.id.clone()), t.paragraphs.as_slice())))
            .chain(self.categories.iter().map(|c| (Section::Category(c.code.clone()), c.bullets.as_slice())))
    }

    /// The chapter's sections in stored order ([`Chapter::sections`]), each with its blocks
    /// to change them.
    pub fn section_lists_mut(&mut self) -> impl Iterator<Item = (Section, &mut Vec<TextBlock>)> + '_ {
        std::iter::once((Section::ScoreChanges, &mut self.score_changes))
            .chain(self.texts.iter_mut().map(|t| (Section::Text(t.id.clone()), &mut t.paragraphs)))
            .chain(self.categories.iter_mut().map(|c| (Section::Category(c.code.clone()), &mut c.bullets)))
    }

    /// Every text block in stored order ([`Chapter::sections`]), with the section it
    /// belongs to.
    pub fn text_blocks(&self) -> impl Iterator<Item = (Section, &TextBlock)> + '_ {
        self.section_lists().flat_map(|(s, blocks)| blocks.iter().map(move |b| (s.clone(), b)))
    }

    /// Every text block in reading order under `method`, with its section.
    #[must_use]
    pub fn blocks_in_order(&self, method: &Methodology) -> Vec<(Section, &TextBlock)> {
        method
            .sections(self)
            .into_iter()
            .flat_map(|s| s.blocks(self).unwrap_or(&[]).iter().map(move |b| (s.clone(), b)).collect::<Vec<_>>())
            .collect()
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
            assert_eq!(s.position(&c, &method), Some(i));
        }
        assert_eq!(method.sections(&c), sections, "NIT stores its sections in reading order");
        let texts = |s: &Section| s.blocks(&c).map(|b| b.iter().map(|b| b.text.clone()).collect::<Vec<_>>());
        assert_eq!(texts(&Section::ScoreChanges), Some(vec!["item".to_owned()]));
        assert_eq!(texts(&Section::Category("EP".into())), Some(vec!["bullet".to_owned()]));
        assert_eq!(texts(&Section::Category("XX".into())), None);
        assert_eq!(Section::Category("XX".into()).position(&c, &method), None);
        if let Some(blocks) = Section::Text("at_a_glance".into()).blocks_mut(&mut c) {
            blocks.push(TextBlock { id: super::super::Id(99), text: "glance".into() });
        }
        assert_eq!(c.text("at_a_glance").len(), 1);
        // A FiW chapter reads overview, key developments, score changes, then A1 … in order.
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        let f = Chapter::new(&fiw, "Y", 2024);
        let keys: Vec<String> = fiw.sections(&f).iter().map(|s| s.key().to_owned()).take(5).collect();
        assert_eq!(keys, ["overview", "key_developments", "score_changes", "A1", "A2"]);
        assert_eq!(Section::Category("A1".into()).position(&f, &fiw), Some(3));
        assert_eq!(Section::Category("Add A".into()).position(&f, &fiw), None, "not rated in 2024");
        let bti = Methodology::builtin("bti").unwrap_or_else(|| panic!("built in"));
        let b = Chapter::new(&bti, "Z", 2024);
        let keys: Vec<String> = bti.sections(&b).iter().map(|s| s.key().to_owned()).collect();
        assert_eq!(keys.first().map(String::as_str), Some("executive_summary"));
        assert_eq!(keys.get(2).map(String::as_str), Some("1"), "a narrative per criterion");
        assert_eq!(keys.last().map(String::as_str), Some("strategic_outlook"));
        assert!(!keys.contains(&"1.1".to_owned()), "indicators are rated, not narrated");
    }

    #[test]
    fn titles_nouns_and_keys_as_authors_and_files_see_them() {
        let method = Methodology::nit_2020();
        let co = Section::Category("CO".into());
        assert_eq!(co.title(&method), "Corruption");
        assert_eq!(Section::Category("XX".into()).title(&method), "XX");
        let glance = Section::Text("at_a_glance".into());
        assert_eq!(glance.title(&method), "At-a-Glance");
        assert_eq!(
            [Section::ScoreChanges, Section::Text("executive_summary".into()), co.clone()]
                .map(|s| s.block_noun(&method)),
            ["item", "paragraph", "bullet"]
        );
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        assert_eq!(Section::Category("A1".into()).block_noun(&fiw), "paragraph");
        assert_eq!(co.category(), Some("CO"));
        assert_eq!(glance.category(), None);
        assert_eq!(serde_json::to_string(&[glance, co]).ok().as_deref(), Some(r#"["at_a_glance","CO"]"#));
    }
}
