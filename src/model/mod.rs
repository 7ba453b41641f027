//! The chapter: what a published country report holds, as plain data.
//!
//! A [`Chapter`] is everything an author writes — header, ratings with their justification
//! bullets, score-change items, executive summary, at-a-glance and footnotes. Scores are never
//! stored: they are derived by [`crate::score`]. Every text block and every footnote carries an
//! [`Id`] that survives reordering and editing, so that review comments and findings can anchor
//! to it. A footnote reference inside any text uses Pandoc's marker syntax `[^label]`. Which
//! section a block is in is a [`Section`]; [`Chapter::sections`] gives them in reading order.

pub mod conflict;
pub mod markers;
mod rating;
pub mod review;
mod section;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use conflict::{Conflict, ConflictPlace};
pub use rating::{Rating, RatingParseError};
pub use review::Review;
pub use section::Section;

use crate::method::Methodology;

/// A stable identity for a text block or a footnote, unique within its chapter.
///
/// Ids are handed out by [`Chapter::new_id`] from a counter the chapter keeps, so an id is never
/// reused, even after the block that had it is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub u32);

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One piece of text with a stable id: a justification bullet, a paragraph, a score-change item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextBlock {
    /// Stable identity.
    pub id: Id,
    /// The text, with footnote markers as `[^label]`.
    pub text: String,
}

/// A justification bullet under a category, or a score-change item.
pub type Bullet = TextBlock;
/// A paragraph of the executive summary or the at-a-glance.
pub type Paragraph = TextBlock;

/// Who wrote the chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Authors {
    /// The authors asked not to be named; shown as "Anonymous", and nothing that Rapporteur
    /// writes may carry who they are.
    Anonymous,
    /// The authors' names as published (possibly none yet).
    Named(Vec<String>),
}

impl Authors {
    /// The byline as published: "Anonymous", or the names joined with commas.
    #[must_use]
    pub fn byline(&self) -> String {
        match self {
            Self::Anonymous => "Anonymous".to_owned(),
            Self::Named(names) => names.join(", "),
        }
    }
}

/// One category of the chapter: its rating this year and last, and the bullets that justify it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    /// The methodology's short code for the category, e.g. `"LDG"`.
    pub code: String,
    /// This edition's rating; `None` while not yet rated (or not tracked that year).
    pub rating: Option<Rating>,
    /// Last edition's rating, for the change and last year's score.
    pub last_year: Option<Rating>,
    /// The justification bullets, in published order.
    pub bullets: Vec<Bullet>,
}

/// A text section of a chapter: the methodology's section id and its paragraphs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSection {
    /// The section's id in the methodology, e.g. `"executive_summary"`.
    pub id: String,
    /// Its paragraphs.
    pub paragraphs: Vec<Paragraph>,
}

/// A record that a chapter's ratings were converted from one methodology to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    /// The methodology converted from, as the chapter named it.
    pub from: String,
    /// The methodology converted to.
    pub to: String,
    /// The rule, in words: "new = 8 − old".
    pub rule: String,
}

/// A chapter as a project file holds it: today's fields, and the executive summary and
/// at-a-glance fields of formats 1 and 2, read into [`Chapter::texts`].
#[derive(Deserialize)]
#[serde(rename = "Chapter", deny_unknown_fields)]
struct ChapterIn {
    methodology: String,
    country: String,
    edition: i32,
    title: String,
    authors: Authors,
    categories: Vec<CategoryEntry>,
    score_changes: Vec<Bullet>,
    #[serde(default, deserialize_with = "present")]
    executive_summary: Option<Vec<Paragraph>>,
    #[serde(default, deserialize_with = "present")]
    at_a_glance: Option<Vec<Paragraph>>,
    #[serde(default)]
    texts: Vec<TextSection>,
    footnotes: Vec<Footnote>,
    #[serde(default)]
    review: Review,
    #[serde(default)]
    conflicts: Vec<Conflict>,
    #[serde(default)]
    spelling: Spelling,
    #[serde(default)]
    conversions: Vec<Conversion>,
    #[serde(default)]
    columns: std::collections::BTreeMap<String, String>,
    next_id: u32,
}

/// A list that is in the file (where a missing one is `None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<Paragraph>>, D::Error> {
    Vec::deserialize(d).map(Some)
}

impl TryFrom<ChapterIn> for Chapter {
    type Error = String;

    fn try_from(c: ChapterIn) -> Result<Self, String> {
        let mut texts = Vec::new();
        for (id, legacy) in [("executive_summary", c.executive_summary), ("at_a_glance", c.at_a_glance)] {
            if let Some(paragraphs) = legacy {
                if c.texts.iter().any(|t| t.id == id) {
                    return Err(format!("the chapter has `{id}` twice: as a field and in `texts`"));
                }
                texts.push(TextSection { id: id.to_owned(), paragraphs });
            }
        }
        for t in c.texts {
            if texts.iter().any(|have: &TextSection| have.id == t.id) {
                return Err(format!("expected each text section once in `texts`, found \"{}\" twice", t.id));
            }
            texts.push(t);
        }
        Ok(Self {
            methodology: c.methodology,
            country: c.country,
            edition: c.edition,
            title: c.title,
            authors: c.authors,
            categories: c.categories,
            score_changes: c.score_changes,
            texts,
            footnotes: c.footnotes,
            review: c.review,
            conflicts: c.conflicts,
            spelling: c.spelling,
            conversions: c.conversions,
            columns: c.columns,
            next_id: c.next_id,
        })
    }
}

/// A footnote: its label (what markers refer to), the citation and where it can be found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// Stable identity; survives relabelling.
    pub id: Id,
    /// The label markers use: `[^12]` refers to the footnote labelled `12`.
    pub label: String,
    /// The citation text.
    pub text: String,
    /// The source's address, if any.
    pub url: Option<String>,
    /// When the source was last accessed.
    pub accessed: Option<NaiveDate>,
}

/// A country chapter of one edition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ChapterIn")]
pub struct Chapter {
    /// Which methodology rates this chapter, by id (see [`Methodology::builtin`]).
    pub methodology: String,
    /// The country.
    pub country: String,
    /// The edition year: the report's year, covering the year before.
    pub edition: i32,
    /// The chapter's title, e.g. "Nations in Transit 2024 - Kazakhstan".
    pub title: String,
    /// The authors, or anonymous.
    pub authors: Authors,
    /// The categories, in the methodology's published order.
    pub categories: Vec<CategoryEntry>,
    /// The score-change items ("… rating declined from 1.75 to 1.50 due to …", "As a result …").
    pub score_changes: Vec<Bullet>,
    /// The text sections the methodology gives a chapter (executive summary, overview, …),
    /// each by its section id with its paragraphs.
    pub texts: Vec<TextSection>,
    /// The footnote list.
    pub footnotes: Vec<Footnote>,
    /// The review: comments, rating proposals, review states (see [`review`]). Never
    /// published; absent from the file while there is none.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
    /// Merge conflicts not settled yet (see [`conflict`]); absent from the file while there
    /// are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// The chapter's spelling: its language and its own words (names a general dictionary
    /// lacks: Tokayev, Qurultay, Mazhilis); absent from the file while empty.
    #[serde(default, skip_serializing_if = "Spelling::is_empty")]
    pub spelling: Spelling,
    /// How the chapter was converted from another methodology (an archived Nations in Transit
    /// chapter moved to today's scale), oldest first; absent from the file while there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conversions: Vec<Conversion>,
    /// The publisher's other columns of the table row the chapter was imported from (a
    /// region, a short status), by header, kept so that `rapporteur data export` writes them
    /// back; absent from the file while there are none.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub columns: std::collections::BTreeMap<String, String>,
    /// The next id [`Chapter::new_id`] hands out; above every id in the chapter.
    pub next_id: u32,
}

impl Chapter {
    /// An empty chapter for `country` and `edition` under `methodology`: every category present
    /// and unrated, no text, no authors.
    #[must_use]
    pub fn new(methodology: &Methodology, country: &str, edition: i32) -> Self {
        Self {
            methodology: methodology.id.clone(),
            country: country.to_owned(),
            edition,
            title: methodology.chapter_title(country, edition),
            authors: Authors::Named(Vec::new()),
            categories: {
                let rated = methodology.items_in(edition);
                methodology
                    .categories
                    .iter()
                    .filter(|c| rated.contains(&c.code.as_str()) || !methodology.is_item(&c.code))
                    .map(|c| CategoryEntry { code: c.code.clone(), rating: None, last_year: None, bullets: Vec::new() })
                    .collect()
            },
            score_changes: Vec::new(),
            texts: methodology
                .text_sections()
                .into_iter()
                .map(|(id, _)| TextSection { id: id.to_owned(), paragraphs: Vec::new() })
                .collect(),
            footnotes: Vec::new(),
            review: Review::default(),
            conflicts: Vec::new(),
            spelling: Spelling::default(),
            conversions: Vec::new(),
            columns: std::collections::BTreeMap::new(),
            next_id: 1,
        }
    }

    /// A new id, never handed out before in this chapter. A (hand-edited) `next_id` at the
    /// very top of the range is not trusted: the smallest id nobody uses is handed out instead.
    pub fn new_id(&mut self) -> Id {
        if let Some(next) = self.next_id.checked_add(1) {
            let id = Id(self.next_id);
            self.next_id = next;
            return id;
        }
        let used: std::collections::HashSet<u32> = self.ids().map(|i| i.0).collect();
        // Fewer ids are in use than there are u32s, so one is free.
        Id((1..u32::MAX).find(|n| !used.contains(n)).unwrap_or(0))
    }

    /// The text block with this id, wherever it is, to change it.
    pub fn block_mut(&mut self, id: Id) -> Option<&mut TextBlock> {
        self.list_of_mut(id).map(|(list, i)| &mut list[i])
    }

    /// The list holding block `id`, and the block's index in it.
    pub fn list_of_mut(&mut self, id: Id) -> Option<(&mut Vec<TextBlock>, usize)> {
        self.section_lists_mut().find_map(|(_, list)| list.iter().position(|b| b.id == id).map(|i| (list, i)))
    }

    /// The footnote with this id, to change it.
    pub fn footnote_mut(&mut self, id: Id) -> Option<&mut Footnote> {
        self.footnotes.iter_mut().find(|f| f.id == id)
    }

    /// The label a new footnote gets: one above the highest whole-number label in use, or, when
    /// that would not fit (a label like `18446744073709551615`), the smallest number no
    /// footnote uses.
    #[must_use]
    pub fn next_footnote_label(&self) -> String {
        let numbers: std::collections::HashSet<u64> =
            self.footnotes.iter().filter_map(|f| f.label.parse::<u64>().ok()).collect();
        let above = numbers.iter().max().map_or(Some(1), |max| max.checked_add(1));
        // There are fewer footnotes than numbers up to u64::MAX, so a free one is found.
        let next = above.unwrap_or_else(|| (1..u64::MAX).find(|n| !numbers.contains(n)).unwrap_or(1));
        next.to_string()
    }

    /// Appends a footnote with a fresh id and no access date; returns its id.
    pub fn add_footnote(&mut self, label: impl Into<String>, text: impl Into<String>, url: Option<String>) -> Id {
        let id = self.new_id();
        self.footnotes.push(Footnote { id, label: label.into(), text: text.into(), url, accessed: None });
        id
    }

    /// A new text block with a fresh id.
    pub fn new_block(&mut self, text: impl Into<String>) -> TextBlock {
        TextBlock { id: self.new_id(), text: text.into() }
    }

    /// The paragraphs of text section `id` (empty when the chapter has no such section).
    #[must_use]
    pub fn text(&self, id: &str) -> &[Paragraph] {
        self.texts.iter().find(|t| t.id == id).map_or(&[], |t| t.paragraphs.as_slice())
    }

    /// The paragraphs of text section `id`, to change them; the section is added (empty)
    /// when the chapter does not have it yet.
    pub fn text_mut(&mut self, id: &str) -> &mut Vec<Paragraph> {
        let at = self.texts.iter().position(|t| t.id == id).unwrap_or_else(|| {
            self.texts.push(TextSection { id: id.to_owned(), paragraphs: Vec::new() });
            self.texts.len() - 1
        });
        &mut self.texts[at].paragraphs
    }

    /// The category entry with this code.
    #[must_use]
    pub fn category(&self, code: &str) -> Option<&CategoryEntry> {
        self.categories.iter().find(|c| c.code == code)
    }

    /// The category entry with this code, to change it.
    pub fn category_mut(&mut self, code: &str) -> Option<&mut CategoryEntry> {
        self.categories.iter_mut().find(|c| c.code == code)
    }

    /// Every id used in the chapter, in chapter order (text blocks, then footnotes, then the
    /// review's comments, replies and proposals, then the merge conflicts): everything
    /// [`Chapter::new_id`] must never hand out again.
    pub fn ids(&self) -> impl Iterator<Item = Id> + '_ {
        let comments =
            self.review.comments.iter().flat_map(|c| std::iter::once(c.id).chain(c.replies.iter().map(|r| r.id)));
        let proposals =
            self.review.proposals.iter().flat_map(|p| std::iter::once(p.id).chain(p.replies.iter().map(|r| r.id)));
        self.section_lists()
            .flat_map(|(_, blocks)| blocks.iter().map(|b| b.id))
            .chain(self.footnotes.iter().map(|f| f.id))
            .chain(comments)
            .chain(proposals)
            .chain(self.conflicts.iter().map(|c| c.id))
    }

    /// The text block with this id, wherever it is.
    #[must_use]
    pub fn block(&self, id: Id) -> Option<(Section, &TextBlock)> {
        self.section_lists().find_map(|(s, blocks)| blocks.iter().find(|b| b.id == id).map(|b| (s, b)))
    }

    /// The footnote with this id.
    #[must_use]
    pub fn footnote(&self, id: Id) -> Option<&Footnote> {
        self.footnotes.iter().find(|f| f.id == id)
    }

    /// Makes the chapter's ids sound: gives a fresh id to every block, footnote, review item
    /// or conflict whose id is taken already, and lifts `next_id` above them all. Returns how
    /// many ids changed.
    ///
    /// Loading calls this, so a hand-edited or merged file can never hold two things with one
    /// id. A `next_id` (or an id) at the very top of the range is no trouble: fresh ids are then
    /// the smallest ones nobody uses.
    pub fn repair_ids(&mut self) -> usize {
        let used: std::collections::HashSet<Id> = self.ids().collect();
        let max = used.iter().map(|i| i.0).max().unwrap_or(0);
        self.next_id = self.next_id.max(max.saturating_add(1));
        let mut seen = std::collections::HashSet::new();
        let mut next = self.next_id;
        let mut low = 1_u32;
        let mut changed = 0;
        let mut fix = |id: &mut Id| {
            if seen.insert(*id) {
                return;
            }
            let fresh = if next < u32::MAX {
                next += 1;
                Id(next - 1)
            } else {
                // Nothing is left above: the smallest id nobody has (there are fewer things
                // in a chapter than ids, so one is free).
                while used.contains(&Id(low)) || seen.contains(&Id(low)) {
                    low = low.saturating_add(1);
                }
                Id(low)
            };
            *id = fresh;
            seen.insert(fresh);
            changed += 1;
        };
        for (_, list) in self.section_lists_mut() {
            for b in list {
                fix(&mut b.id);
            }
        }
        for f in &mut self.footnotes {
            fix(&mut f.id);
        }
        // The review's own ids; its anchors point at blocks and footnotes, which keep theirs
        // where they were first.
        for c in &mut self.review.comments {
            fix(&mut c.id);
            for r in &mut c.replies {
                fix(&mut r.id);
            }
        }
        for p in &mut self.review.proposals {
            fix(&mut p.id);
            for r in &mut p.replies {
                fix(&mut r.id);
            }
        }
        for c in &mut self.conflicts {
            fix(&mut c.id);
        }
        self.next_id = next;
        changed
    }
}

/// FNV-1a, 64 bits: a hash that stays the same from one build and machine to the next (the
/// standard library's hasher promises no such thing), for what is stored in files and names.
#[must_use]
pub fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// A new chapter for the next edition, started from `last`: this chapter's last-year ratings
/// are `last`'s ratings; no text is carried over (bullets, summary, footnotes stay behind), and
/// the authors carry over (an anonymous chapter stays anonymous).
#[must_use]
pub fn next_edition(last: &Chapter, method: &Methodology, country: &str, edition: i32) -> Chapter {
    let mut chapter = Chapter::new(method, country, edition);
    chapter.authors = last.authors.clone();
    for entry in &mut chapter.categories {
        entry.last_year = last.category(&entry.code).and_then(|c| c.rating);
    }
    chapter
}

/// A chapter's spelling settings, kept with the chapter so that everyone who checks it agrees.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spelling {
    /// The dictionary's language tag (`en_US`, `de_DE`…); `None` for the editor's default
    /// (English, US).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Words this chapter spells its own way, sorted: they are never flagged in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Words to let pass in this chapter without adding them ("Ignore in this chapter").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
}

impl Spelling {
    /// Whether nothing is set (what a chapter saves as nothing).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.language.is_none() && self.words.is_empty() && self.ignored.is_empty()
    }

    /// Adds `word` to the chapter's own words (kept sorted, once); returns whether it was new.
    pub fn add_word(&mut self, word: &str) -> bool {
        match self.words.binary_search_by(|w| w.as_str().cmp(word)) {
            Ok(_) => false,
            Err(at) => {
                self.words.insert(at, word.to_owned());
                true
            }
        }
    }

    /// Lets `word` pass in this chapter (kept sorted, once); returns whether it was new.
    pub fn ignore(&mut self, word: &str) -> bool {
        match self.ignored.binary_search_by(|w| w.as_str().cmp(word)) {
            Ok(_) => false,
            Err(at) => {
                self.ignored.insert(at, word.to_owned());
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_chapter_has_every_category_unrated() {
        let m = Methodology::nit_2020();
        let c = Chapter::new(&m, "Kazakhstan", 2025);
        let codes: Vec<_> = c.categories.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"]);
        assert!(c.categories.iter().all(|c| c.rating.is_none()));
        assert_eq!(c.title, "Nations in Transit 2025 - Kazakhstan");
    }

    #[test]
    fn ids_are_never_reused_and_repairs_duplicates() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2025);
        let a = c.new_block("a");
        let b = c.new_block("b");
        assert_ne!(a.id, b.id);
        *c.text_mut("executive_summary") = vec![a.clone(), a];
        *c.text_mut("at_a_glance") = vec![b];
        assert_eq!(c.repair_ids(), 1);
        let ids: Vec<_> = c.ids().collect();
        assert_eq!(ids, [Id(1), Id(3), Id(2)]);
        assert_eq!(c.next_id, 4);
    }

    #[test]
    fn conflicts_ids_are_ids_of_the_chapter_and_never_handed_out_again() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2025);
        let a = c.new_block("a");
        c.text_mut("executive_summary").push(a);
        // A merged or hand-edited file: a conflict with an id above the counter.
        c.conflicts.push(Conflict {
            id: Id(7),
            place: ConflictPlace::Country,
            base: None,
            ours: Some("X".into()),
            theirs: Some("Y".into()),
            versions: None,
        });
        c.next_id = 3;
        assert_eq!(c.ids().collect::<Vec<_>>(), [Id(1), Id(7)]);
        assert_eq!(c.repair_ids(), 0);
        assert_eq!(c.next_id, 8);
        assert_eq!(c.new_id(), Id(8));
        // A block sharing the conflict's id gets a fresh one; the conflict keeps its own.
        c.text_mut("at_a_glance").push(TextBlock { id: Id(7), text: "b".into() });
        assert_eq!(c.repair_ids(), 1);
        let ids: Vec<_> = c.ids().collect();
        assert_eq!(ids, [Id(1), Id(7), Id(9)]);
    }

    #[test]
    fn repairing_ids_at_the_top_of_the_range_takes_free_ones() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2025);
        let a = c.new_block("a");
        *c.text_mut("executive_summary") = vec![a.clone(), a.clone(), a];
        c.footnotes.push(Footnote { id: Id(u32::MAX), label: "1".into(), text: "n".into(), url: None, accessed: None });
        c.next_id = u32::MAX;
        assert_eq!(c.repair_ids(), 2);
        let ids: Vec<_> = c.ids().collect();
        assert_eq!(ids, [Id(1), Id(2), Id(3), Id(u32::MAX)]);
        assert_eq!(c.next_id, u32::MAX);
        assert_eq!(c.repair_ids(), 0);
    }

    #[test]
    fn byline() {
        assert_eq!(Authors::Anonymous.byline(), "Anonymous");
        assert_eq!(Authors::Named(vec!["A B".into(), "C D".into()]).byline(), "A B, C D");
    }

    #[test]
    fn the_next_footnote_label_never_overflows() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2025);
        assert_eq!(c.next_footnote_label(), "1");
        c.add_footnote("4294967295", "a", None);
        c.add_footnote("note", "b", None);
        assert_eq!(c.next_footnote_label(), "4294967296");
        c.add_footnote(u64::MAX.to_string(), "c", None);
        // Nothing fits above the top: the smallest free number is taken instead.
        assert_eq!(c.next_footnote_label(), "1");
        c.add_footnote("1", "d", None);
        c.add_footnote("2", "e", None);
        assert_eq!(c.next_footnote_label(), "3");
    }

    #[test]
    fn new_ids_past_the_top_take_a_free_one() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2025);
        let a = c.new_block("a");
        c.text_mut("executive_summary").push(a);
        c.next_id = u32::MAX;
        let b = c.new_block("b");
        assert_eq!(b.id, Id(2));
        c.text_mut("executive_summary").push(b);
        assert_eq!(c.new_id(), Id(3));
    }

    #[test]
    fn blocks_and_footnotes_are_found_to_change_them() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2025);
        let a = c.new_block("a");
        let b = c.new_block("b");
        let (ida, idb) = (a.id, b.id);
        c.text_mut("executive_summary").push(a);
        c.categories[2].bullets.push(b);
        let f = c.add_footnote("1", "cite", None);
        if let Some(block) = c.block_mut(idb) {
            block.text.push('!');
        }
        assert_eq!(c.categories[2].bullets[0].text, "b!");
        assert_eq!(c.list_of_mut(ida).map(|(l, i)| (l.len(), i)), Some((1, 0)));
        assert_eq!(c.footnote_mut(f).map(|n| n.text.clone()), Some("cite".to_owned()));
        assert!(c.block_mut(Id(999)).is_none());
    }
}
