//! How far a chapter has got: what the editor shows as a to-do list while a chapter is still
//! being started, instead of a wall of error findings about everything not written yet.

use crate::method::Methodology;
use crate::model::{Authors, Chapter};

/// One line of the to-do list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToDo {
    /// Whether it is done.
    pub done: bool,
    /// What it says ("0 of 7 rated").
    pub text: String,
}

/// Counts of what a chapter has so far.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // each is one line of the to-do list, not a state machine
pub struct Progress {
    /// Whether the header names the country.
    pub country: bool,
    /// Whether authors are named or the chapter is marked anonymous.
    pub authors: bool,
    /// Items the methodology rates in the chapter's edition that have a rating.
    pub rated: usize,
    /// Items the methodology rates in the chapter's edition.
    pub categories: usize,
    /// Justification sections (one per item, or per narrated group) in the chapter's outline.
    pub sections: usize,
    /// Of those, how many have at least one block with text.
    pub justified: usize,
    /// Justification blocks (bullets or paragraphs) with text, in all sections.
    pub bullets: usize,
    /// What a justification block is called ("bullet", "paragraph").
    pub noun: &'static str,
    /// Each text section of the methodology (its title) and whether it has text.
    pub texts: Vec<(String, bool)>,
    /// Footnotes in the list.
    pub footnotes: usize,
}

impl Progress {
    /// What `chapter` has so far, against the items `method` rates in its edition and the
    /// sections of its outline.
    #[must_use]
    pub fn of(chapter: &Chapter, method: &Methodology) -> Self {
        let written = |blocks: &[crate::model::TextBlock]| blocks.iter().filter(|b| !b.text.trim().is_empty()).count();
        let items = method.items_in(chapter.edition);
        let entries: Vec<_> = items.iter().filter_map(|code| chapter.category(code)).collect();
        let sections: Vec<_> = method
            .sections(chapter)
            .into_iter()
            .filter(|s| s.category().is_some_and(|code| !method.is_item(code) || items.contains(&code)))
            .collect();
        Self {
            country: !chapter.country.trim().is_empty(),
            authors: match &chapter.authors {
                Authors::Anonymous => true,
                Authors::Named(names) => !names.is_empty(),
            },
            rated: entries.iter().filter(|e| e.rating.is_some()).count(),
            categories: items.len(),
            sections: sections.len(),
            justified: sections.iter().filter(|s| s.blocks(chapter).is_some_and(|b| written(b) > 0)).count(),
            bullets: chapter.categories.iter().map(|c| written(&c.bullets)).sum(),
            noun: method.justification_noun(),
            texts: method
                .text_sections()
                .into_iter()
                .map(|(id, title)| (title.to_owned(), written(chapter.text(id)) > 0))
                .collect(),
            footnotes: chapter.footnotes.len(),
        }
    }

    /// Whether the author has begun the chapter's substance: a rating or any text.
    #[must_use]
    pub fn started(&self) -> bool {
        self.rated > 0 || self.bullets > 0 || self.texts.iter().any(|(_, written)| *written) || self.footnotes > 0
    }

    /// The to-do list, in the order a chapter is usually written.
    #[must_use]
    pub fn to_do(&self) -> Vec<ToDo> {
        let item = |done: bool, text: String| ToDo { done, text };
        let bullets = if self.bullets == 0 {
            format!("no {}s yet", self.noun)
        } else {
            format!("{}s in {} of {} sections", self.noun, self.justified, self.sections)
        };
        let mut list = vec![
            item(self.country, "Name the country".to_owned()),
            item(self.authors, "Name the authors, or mark the chapter anonymous".to_owned()),
            item(self.rated == self.categories, format!("{} of {} rated", self.rated, self.categories)),
            item(self.justified == self.sections, bullets),
        ];
        list.extend(self.texts.iter().map(|(title, written)| item(*written, title.clone())));
        list.push(item(self.footnotes > 0, format!("{} footnotes", self.footnotes)));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_chapter_is_a_to_do_list_and_a_written_one_ticks_it_off() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "", 2026);
        let p = Progress::of(&c, &m);
        assert!(!p.started());
        let texts: Vec<(bool, String)> = p.to_do().into_iter().map(|t| (t.done, t.text)).collect();
        assert_eq!(
            texts,
            [
                (false, "Name the country".to_owned()),
                (false, "Name the authors, or mark the chapter anonymous".to_owned()),
                (false, "0 of 7 rated".to_owned()),
                (false, "no bullets yet".to_owned()),
                (false, "Executive Summary".to_owned()),
                (false, "At-a-Glance".to_owned()),
                (false, "0 footnotes".to_owned()),
            ]
        );
        c.country = "Moldova".into();
        c.authors = Authors::Anonymous;
        c.categories[0].rating = Some(crate::Rating::from_hundredths(300));
        let b = c.new_block("Parliament met.");
        c.categories[0].bullets.push(b);
        let empty = c.new_block("  ");
        c.categories[1].bullets.push(empty);
        let p = Progress::of(&c, &m);
        assert!(p.started());
        assert_eq!((p.rated, p.justified, p.bullets), (1, 1, 1));
        assert_eq!(p.to_do()[3].text, "bullets in 1 of 7 sections");
        assert!(p.to_do()[0].done && p.to_do()[1].done);
    }

    #[test]
    fn the_list_follows_the_methodology() {
        // Freedom in the World 2024: 25 indicators and the discretionary question, written in
        // paragraphs, with an overview and key developments.
        let m = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        let c = Chapter::new(&m, "Kazakhstan", 2024);
        let p = Progress::of(&c, &m);
        let texts: Vec<String> = p.to_do().into_iter().skip(2).map(|t| t.text).collect();
        let items = m.items_in(2024).len();
        assert_eq!(
            texts,
            [
                format!("0 of {items} rated"),
                "no paragraphs yet".to_owned(),
                "Overview".to_owned(),
                "Key Developments".to_owned(),
                "0 footnotes".to_owned(),
            ]
        );
    }
}
