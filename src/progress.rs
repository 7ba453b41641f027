//! How far a chapter has got: what the editor shows as a to-do list while a chapter is still
//! being started, instead of a wall of error findings about everything not written yet.

use crate::method::Methodology;
use crate::model::{Authors, Chapter};

/// One line of the to-do list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToDo {
    /// Whether it is done.
    pub done: bool,
    /// What it says ("0 of 7 categories rated").
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
    /// Categories the methodology rates that have a rating.
    pub rated: usize,
    /// Categories the methodology rates.
    pub categories: usize,
    /// Of those, how many have at least one bullet with text.
    pub justified: usize,
    /// Bullets with text, in all categories.
    pub bullets: usize,
    /// Whether the executive summary has text.
    pub summary: bool,
    /// Whether the at-a-glance has text.
    pub at_a_glance: bool,
    /// Footnotes in the list.
    pub footnotes: usize,
}

impl Progress {
    /// What `chapter` has so far, against `method`'s categories.
    #[must_use]
    pub fn of(chapter: &Chapter, method: &Methodology) -> Self {
        let written = |blocks: &[crate::model::TextBlock]| blocks.iter().filter(|b| !b.text.trim().is_empty()).count();
        let entries: Vec<_> = method.categories.iter().filter_map(|c| chapter.category(&c.code)).collect();
        Self {
            country: !chapter.country.trim().is_empty(),
            authors: match &chapter.authors {
                Authors::Anonymous => true,
                Authors::Named(names) => !names.is_empty(),
            },
            rated: entries.iter().filter(|e| e.rating.is_some()).count(),
            categories: method.categories.len(),
            justified: entries.iter().filter(|e| written(&e.bullets) > 0).count(),
            bullets: chapter.categories.iter().map(|c| written(&c.bullets)).sum(),
            summary: written(&chapter.executive_summary) > 0,
            at_a_glance: written(&chapter.at_a_glance) > 0,
            footnotes: chapter.footnotes.len(),
        }
    }

    /// Whether the author has begun the chapter's substance: a rating or any text.
    #[must_use]
    pub fn started(&self) -> bool {
        self.rated > 0 || self.bullets > 0 || self.summary || self.at_a_glance || self.footnotes > 0
    }

    /// The to-do list, in the order a chapter is usually written.
    #[must_use]
    pub fn to_do(&self) -> Vec<ToDo> {
        let item = |done: bool, text: String| ToDo { done, text };
        let bullets = if self.bullets == 0 {
            "no bullets yet".to_owned()
        } else {
            format!("bullets in {} of {} categories", self.justified, self.categories)
        };
        vec![
            item(self.country, "Name the country".to_owned()),
            item(self.authors, "Name the authors, or mark the chapter anonymous".to_owned()),
            item(self.rated == self.categories, format!("{} of {} categories rated", self.rated, self.categories)),
            item(self.justified == self.categories, bullets),
            item(self.summary, "Executive summary".to_owned()),
            item(self.at_a_glance, "At-a-glance".to_owned()),
            item(self.footnotes > 0, format!("{} footnotes", self.footnotes)),
        ]
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
                (false, "0 of 7 categories rated".to_owned()),
                (false, "no bullets yet".to_owned()),
                (false, "Executive summary".to_owned()),
                (false, "At-a-glance".to_owned()),
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
        assert_eq!(p.to_do()[3].text, "bullets in 1 of 7 categories");
        assert!(p.to_do()[0].done && p.to_do()[1].done);
    }
}
