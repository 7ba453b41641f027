//! Find across the whole chapter, and word counts: pure functions of the chapter that the
//! editor's find bar, its word counts and the checks share.

use std::collections::HashMap;
use std::ops::Range;

use crate::findings::{Location, Place};
use crate::method::Methodology;
use crate::model::{Chapter, Section};

/// Byte ranges in `text` where `query` occurs, ignoring case; none for an empty query.
#[must_use]
pub fn match_ranges(text: &str, query: &str) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    let needle: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    let mut found = Vec::new();
    let mut from = 0;
    for (start, _) in text.char_indices() {
        if start < from {
            continue;
        }
        let mut hay = text[start..].char_indices().flat_map(|(i, c)| c.to_lowercase().map(move |l| (i, c, l)));
        let mut end = None;
        let mut ok = true;
        for want in &needle {
            match hay.next() {
                Some((i, c, l)) if l == *want => end = Some(start + i + c.len_utf8()),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && let Some(end) = end {
            found.push(start..end);
            from = end;
        }
    }
    found
}

/// Every match of `query` in the chapter's text blocks, in reading order under `method`
/// ([`Methodology::sections`]), then in the footnotes.
#[must_use]
pub fn matches(chapter: &Chapter, method: &Methodology, query: &str) -> Vec<Location> {
    let mut found = Vec::new();
    for (section, block) in chapter.blocks_in_order(method) {
        for range in match_ranges(&block.text, query) {
            found.push(Location {
                place: Place::Section(section.clone()),
                block: Some(block.id),
                footnote: None,
                range: Some(range),
            });
        }
    }
    for f in &chapter.footnotes {
        for range in match_ranges(&f.text, query) {
            found.push(Location { place: Place::Footnotes, block: None, footnote: Some(f.id), range: Some(range) });
        }
    }
    found
}

/// Words per section and in total. Footnote markers are not words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordCounts {
    /// Score-change items.
    pub score_changes: usize,
    /// Each text section's paragraphs, by the section's id (`executive_summary`, `overview`).
    pub texts: HashMap<String, usize>,
    /// Each category's bullets, by code.
    pub categories: HashMap<String, usize>,
    /// All of it.
    pub total: usize,
}

/// Words in `text`, footnote markers left out.
#[must_use]
pub fn words(text: &str) -> usize {
    let markers = crate::model::markers::scan(text);
    if markers.is_empty() {
        return text.split_whitespace().count();
    }
    let mut plain = String::with_capacity(text.len());
    let mut at = 0;
    for m in markers {
        plain.push_str(&text[at..m.range.start]);
        at = m.range.end;
    }
    plain.push_str(&text[at..]);
    plain.split_whitespace().count()
}

impl WordCounts {
    /// The counts for `chapter`.
    #[must_use]
    pub fn of(chapter: &Chapter) -> Self {
        let mut counts = Self::default();
        for (section, block) in chapter.text_blocks() {
            counts.add(&section, words(&block.text));
        }
        counts
    }

    /// Counts `n` more words in `section`.
    pub fn add(&mut self, section: &Section, n: usize) {
        if n == 0 {
            return;
        }
        match section {
            Section::ScoreChanges => self.score_changes += n,
            Section::Text(id) => *self.texts.entry(id.clone()).or_default() += n,
            Section::Category(code) => *self.categories.entry(code.clone()).or_default() += n,
        }
        self.total += n;
    }

    /// Counts `n` fewer words in `section` (a block's words, as they were counted, when it
    /// changes or goes).
    pub fn remove(&mut self, section: &Section, n: usize) {
        match section {
            Section::ScoreChanges => self.score_changes = self.score_changes.saturating_sub(n),
            Section::Text(id) => take(&mut self.texts, id, n),
            Section::Category(code) => take(&mut self.categories, code, n),
        }
        self.total = self.total.saturating_sub(n);
    }

    /// Words under category `code`.
    #[must_use]
    pub fn category(&self, code: &str) -> usize {
        self.categories.get(code).copied().unwrap_or(0)
    }

    /// Words in text section `id` (`executive_summary`, `overview`).
    #[must_use]
    pub fn text(&self, id: &str) -> usize {
        self.texts.get(id).copied().unwrap_or(0)
    }
}

/// Counts `n` fewer words under `key`, forgetting the key at zero.
fn take(counts: &mut HashMap<String, usize>, key: &str, n: usize) {
    if let Some(count) = counts.get_mut(key) {
        *count = count.saturating_sub(n);
        if *count == 0 {
            counts.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_without_case_and_in_any_script() {
        assert_eq!(match_ranges("Akimat and AKIMAT", "akimat"), [0..6, 11..17]);
        assert_eq!(match_ranges("Қазақстан, қазақ", "ҚАЗАҚ"), [0..10, 20..30]);
        assert!(match_ranges("abc", "").is_empty());
        assert_eq!(match_ranges("aaa", "aa"), vec![0..2]);
    }

    #[test]
    fn matches_come_in_reading_order_and_words_count_per_text_section() {
        // Freedom in the World reads the overview and key developments before the score
        // changes; the chapter stores the score changes first.
        let m = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        let change = c.new_block("A1: a word.");
        c.score_changes.push(change);
        let overview = c.new_block("One word here.");
        c.text_mut("overview").push(overview);
        let bullet = c.new_block("The last word.");
        c.category_mut("A1").unwrap_or_else(|| panic!("A1 is rated")).bullets.push(bullet);
        let found: Vec<String> =
            matches(&c, &m, "word").iter().map(|l| l.place.section().map_or("", Section::key).to_owned()).collect();
        assert_eq!(found, ["overview", "score_changes", "A1"]);
        let mut counts = WordCounts::of(&c);
        assert_eq!((counts.text("overview"), counts.score_changes, counts.category("A1"), counts.total), (3, 3, 3, 9));
        counts.remove(&Section::Text("overview".into()), 3);
        assert_eq!((counts.text("overview"), counts.texts.len(), counts.total), (0, 0, 6));
    }

    #[test]
    fn markers_are_not_words() {
        assert_eq!(words("Three plain words.[^1] and [^2] two"), 5);
        assert_eq!(words("  "), 0);
    }
}
