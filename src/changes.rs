//! Score-change sentences: reading and writing the items of a chapter's "Score changes".
//!
//! Published chapters word them in a fixed way, which both the checks (does the text agree with
//! the ratings?) and the importer (last year's ratings come from these sentences) rely on:
//! - since 2020: `<Category> rating declined|improved from A to B due to <reason>.`
//! - 2019: `<Category> score declined|improved from A to B.` followed by sentences;
//! - `As a result, <Country>'s Democracy Score declined|improved from A to B.` or
//!   "… remained the same at A.";
//! - "No score changes" as an item of its own.

use std::ops::Range;

use crate::method::{CategoryDef, Methodology};
use crate::model::{Chapter, Id, Rating, TextBlock};
use crate::score::{Direction, ScoreCard};

/// The reason a drafted item carries until the author writes one; plainly unfinished, and
/// flagged by the `change-reason-missing` check so it is never published.
pub const PLACEHOLDER_REASON: &str = "…";

/// What one score-change item says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeItem {
    /// A category's rating moved.
    Category {
        /// The category's code.
        code: String,
        /// The direction the sentence states.
        direction: Direction,
        /// Last year's rating as stated.
        from: Rating,
        /// This year's rating as stated.
        to: Rating,
        /// The author's reason, after "due to" (or the sentences after the 2019 form), if any.
        reason: Option<String>,
        /// Byte range of "declined from A to B" (verb and figures) in the item's text.
        figures: Range<usize>,
    },
    /// The overall Democracy Score moved (or stayed).
    Overall {
        /// The country as written, if the sentence names one.
        country: Option<String>,
        /// The direction the sentence states.
        direction: Direction,
        /// Last year's score as stated (for "remained the same at A", A).
        from: Rating,
        /// This year's score as stated.
        to: Rating,
        /// Byte range of the verb and figures in the item's text.
        figures: Range<usize>,
    },
    /// "No score changes".
    NoChanges,
}

/// Reads one score-change item. `None` when the text is not in any published form.
#[must_use]
pub fn parse_item(text: &str, method: &Methodology) -> Option<ChangeItem> {
    let t = text.trim_start();
    let offset = text.len() - t.len();
    if starts_ci(t, "no score change") {
        return Some(ChangeItem::NoChanges);
    }
    let overall_at = find_ci(t, "democracy score").filter(|&at| {
        let before = t[..at].trim_end();
        starts_ci(t, "as a result") || at == 0 || before.ends_with("'s") || before.ends_with("’s")
    });
    if let Some(at) = overall_at {
        let (direction, from, to, figures) = read_figures(t, at + "democracy score".len())?;
        return Some(ChangeItem::Overall {
            country: country_of(&t[..at]),
            direction,
            from,
            to,
            figures: figures.start + offset..figures.end + offset,
        });
    }
    // Longest name first, so no category name that prefixes another can win.
    let mut defs: Vec<_> = method.categories.iter().collect();
    defs.sort_by_key(|d| std::cmp::Reverse(d.name.len()));
    let def = defs.into_iter().find(|d| starts_ci(t, &d.name))?;
    let rest = &t[def.name.len()..];
    let kind_len = [" rating ", " score "].iter().find(|k| starts_ci(rest, k))?.len();
    let (direction, from, to, figures) = read_figures(t, def.name.len() + kind_len - 1)?;
    let after = t[figures.end..].trim_start_matches(['.', ',']).trim();
    let reason = after.strip_prefix("due to").map_or(after, str::trim).trim_end_matches('.').trim();
    Some(ChangeItem::Category {
        code: def.code.clone(),
        direction,
        from,
        to,
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
        figures: figures.start + offset..figures.end + offset,
    })
}

/// The sentence for a category change: "Local Democratic Governance rating declined from 1.75
/// to 1.50 due to `<reason>`."
#[must_use]
pub fn category_sentence(name: &str, direction: Direction, from: Rating, to: Rating, reason: &str) -> String {
    let reason = reason.trim().trim_end_matches('.');
    format!("{name} rating {} from {from} to {to} due to {reason}.", direction.verb())
}

/// The closing sentence: "As a result, Kazakhstan's Democracy Score declined from 1.32 to 1.29."
/// or "… remained the same at 1.29."
#[must_use]
pub fn overall_sentence(country: &str, direction: Direction, from: Rating, to: Rating) -> String {
    match direction {
        Direction::Same => format!("As a result, {country}’s Democracy Score remained the same at {to}."),
        _ => format!("As a result, {country}’s Democracy Score {} from {from} to {to}.", direction.verb()),
    }
}

/// Whether a category item's reason (as [`parse_item`] reads it) is missing or only the
/// drafted placeholder ("…" or "...").
#[must_use]
pub fn is_placeholder_reason(reason: Option<&str>) -> bool {
    reason.is_none_or(|r| r.trim_matches(|c: char| c == '.' || c == '…' || c.is_whitespace()).is_empty())
}

/// The "As a result, …" sentence the chapter's ratings give, when both years are scored. Its
/// figures and direction are [`ScoreCard::change`]'s: equal published figures "remained the
/// same".
#[must_use]
pub fn overall_for(chapter: &Chapter, method: &Methodology) -> Option<String> {
    let change = ScoreCard::compute(chapter, method).change(method)?;
    let (from, to) = (as_rating(change.from)?, as_rating(change.to)?);
    Some(overall_sentence(chapter.country.trim(), change.direction, from, to))
}

/// A published figure with at most two decimals as a rating ("1.29").
fn as_rating(f: crate::score::Fixed) -> Option<Rating> {
    let up = 2_u32.checked_sub(f.decimals)?;
    u32::try_from(f.value).ok().map(|v| Rating::from_hundredths(v * 10_u32.pow(up)))
}

/// One drafted score-change item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftItem {
    /// The item's text.
    pub text: String,
    /// The existing item this one revises (its id is kept, so comments stay anchored), or
    /// `None` for a new item.
    pub id: Option<Id>,
}

/// An existing item a draft leaves out, and why: only items that hold no words of the
/// author's beyond the standard phrasing (a placeholder reason, "No score changes.", a second
/// "As a result, …" sentence) are ever left out, and each is reported here so the editor can
/// say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    /// The item's id.
    pub id: Id,
    /// Its text, as it was.
    pub text: String,
    /// Why it was left out, in plain words.
    pub why: String,
}

/// What [`draft`] proposes: the new list of score-change items, and the existing items it
/// leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The score-change items, in published order.
    pub items: Vec<DraftItem>,
    /// Existing items the draft leaves out, in their order in the chapter.
    pub removed: Vec<Removed>,
}

impl Draft {
    /// Replaces `chapter`'s score-change items with the draft's, keeping the ids of the items
    /// revised. Returns whether anything changed.
    pub fn apply_to(self, chapter: &mut Chapter) -> bool {
        let blocks: Vec<TextBlock> = self
            .items
            .into_iter()
            .map(|item| match item.id {
                Some(id) => TextBlock { id, text: item.text },
                None => chapter.new_block(item.text),
            })
            .collect();
        if blocks == chapter.score_changes {
            return false;
        }
        chapter.score_changes = blocks;
        true
    }
}

/// The score-change items the chapter's ratings call for, in the published order: one per
/// category whose rating changed (in the methodology's order), then any items in no standard
/// form (left as written), then `As a result, <Country>'s Democracy Score …` (by the rule of
/// [`ScoreCard::change`]) — or, when no rating changed and the score did not move, "No score
/// changes." last. `None` when last year's ratings are not there to compare.
///
/// A draft never overwrites an author's words:
/// - an existing item for a changed category keeps its text and only has its verb and figures
///   ("declined from 1.75 to 1.50") set right; a new item gets the placeholder reason
///   [`PLACEHOLDER_REASON`];
/// - an existing "As a result, …" sentence only has its verb and figures set right;
/// - an item for a category whose rating did not change stays if it has a reason of the
///   author's (the `change-stale` check points at it);
/// - an item for a category that lacks this year's or last year's rating stays as written
///   (`change-stale` points at it too), since there is nothing to redraft it from;
/// - what is left out (items with only the placeholder reason, a contradicted or repeated "No
///   score changes.", a second or unneeded "As a result, …") is listed in [`Draft::removed`].
#[must_use]
pub fn draft(chapter: &Chapter, method: &Methodology) -> Option<Draft> {
    let card = ScoreCard::compute(chapter, method);
    card.last_year.as_ref()?;
    let parsed: Vec<(Option<ChangeItem>, &TextBlock)> =
        chapter.score_changes.iter().map(|b| (parse_item(&b.text, method), b)).collect();
    let mut d = Drafting { taken: vec![false; parsed.len()], parsed, removed: Vec::new(), items: Vec::new() };
    let mut any_change = false;
    for def in &method.categories {
        let ratings = chapter.category(&def.code).and_then(|e| e.last_year.zip(e.rating));
        any_change |= d.category(def, ratings, method);
    }
    for i in 0..d.parsed.len() {
        let (item, block) = &d.parsed[i];
        if item.is_none() && !d.taken[i] && !block.text.trim().is_empty() {
            d.taken[i] = true;
            d.items.push(DraftItem { text: block.text.clone(), id: Some(block.id) });
        }
    }
    let change = card.change(method);
    let score_moved = change.is_some_and(|c| c.direction != Direction::Same);
    d.closing(chapter, method, any_change || score_moved);
    d.removed.sort_by_key(|(i, _)| *i);
    let removed = d
        .removed
        .into_iter()
        .map(|(i, why)| Removed { id: d.parsed[i].1.id, text: d.parsed[i].1.text.clone(), why })
        .collect();
    Some(Draft { items: d.items, removed })
}

/// A draft being made: the existing items read, which of them the draft has used, what it
/// leaves out (by index, with why) and the items so far.
struct Drafting<'c> {
    parsed: Vec<(Option<ChangeItem>, &'c TextBlock)>,
    taken: Vec<bool>,
    removed: Vec<(usize, String)>,
    items: Vec<DraftItem>,
}

impl Drafting<'_> {
    /// Drafts the items of one category, given (last year's, this year's) rating; returns
    /// whether its rating changed.
    fn category(&mut self, def: &CategoryDef, ratings: Option<(Rating, Rating)>, method: &Methodology) -> bool {
        let mine: Vec<usize> = (0..self.parsed.len())
            .filter(|&i| matches!(&self.parsed[i].0, Some(ChangeItem::Category { code, .. }) if *code == def.code))
            .collect();
        let Some((last, now)) = ratings else {
            // Nothing to redraft from: the author's items stay as written.
            for &i in &mine {
                self.taken[i] = true;
                let block = self.parsed[i].1;
                self.items.push(DraftItem { text: block.text.clone(), id: Some(block.id) });
            }
            return false;
        };
        // The first item is revised if the rating changed; the others (and all of them, if it
        // did not change) stay only if they hold words of the author's.
        let revised = if last == now { None } else { mine.first().copied() };
        let mut kept = Vec::new();
        for &i in &mine {
            self.taken[i] = true;
            let (item, block) = &self.parsed[i];
            if Some(i) == revised {
                continue;
            }
            if let Some(ChangeItem::Category { reason, .. }) = item
                && is_placeholder_reason(reason.as_deref())
            {
                let why = if last == now {
                    format!("the {} rating did not change, and the item gave no reason", def.name)
                } else {
                    format!("the {} change has an item already, and this one gave no reason", def.name)
                };
                self.removed.push((i, why));
            } else {
                kept.push(DraftItem { text: block.text.clone(), id: Some(block.id) });
            }
        }
        if last != now {
            let direction = Direction::between(method, now.cmp(&last));
            let figures_text = format!("{} from {last} to {now}", direction.verb());
            self.items.push(match revised.map(|i| &self.parsed[i]) {
                Some((Some(ChangeItem::Category { figures, .. }), block)) => {
                    DraftItem { text: replace_range(&block.text, figures, &figures_text), id: Some(block.id) }
                }
                _ => DraftItem {
                    text: format!("{} rating {figures_text} due to {PLACEHOLDER_REASON}", def.name),
                    id: None,
                },
            });
        }
        self.items.append(&mut kept);
        last != now
    }

    /// The closing item: "As a result, …" when the ratings or the score `moved`, otherwise
    /// "No score changes.".
    fn closing(&mut self, chapter: &Chapter, method: &Methodology, moved: bool) {
        let of_kind = |want: fn(&ChangeItem) -> bool| -> Vec<usize> {
            (0..self.parsed.len()).filter(|&i| self.parsed[i].0.as_ref().is_some_and(want)).collect()
        };
        let overall_items = of_kind(|i| matches!(i, ChangeItem::Overall { .. }));
        let no_changes_items = of_kind(|i| matches!(i, ChangeItem::NoChanges));
        if moved {
            let change = ScoreCard::compute(chapter, method).change(method);
            if let (Some(text), Some(change)) = (overall_for(chapter, method), change) {
                let existing = overall_items.first().map(|&i| &self.parsed[i]);
                self.items.push(match existing {
                    Some((Some(ChangeItem::Overall { figures, .. }), block)) => {
                        DraftItem { text: replace_range(&block.text, figures, &change.phrase()), id: Some(block.id) }
                    }
                    _ => DraftItem { text, id: None },
                });
                if let Some(&i) = overall_items.first() {
                    self.taken[i] = true;
                }
            }
            for &i in &no_changes_items {
                self.removed.push((i, "ratings changed, so the chapter has score changes".to_owned()));
            }
        } else {
            self.items.push(DraftItem {
                text: "No score changes.".to_owned(),
                id: no_changes_items.first().map(|&i| self.parsed[i].1.id),
            });
            for &i in no_changes_items.iter().skip(1) {
                self.removed.push((i, "the chapter says \"No score changes\" once".to_owned()));
            }
        }
        for &i in &overall_items {
            if !self.taken[i] {
                let why = if moved {
                    "the chapter gives the resulting Democracy Score once"
                } else {
                    "no rating changed and the Democracy Score did not move, so there is no result to give"
                };
                self.removed.push((i, why.to_owned()));
            }
        }
    }
}

/// `text` with the byte range `range` replaced by `with`.
fn replace_range(text: &str, range: &Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..range.start], &text[range.end..])
}

/// Replaces the chapter's score-change items with [`draft`]'s, keeping the ids of the items
/// revised. Returns whether anything changed (nothing does without last year's ratings). To
/// show the author what the draft left out, call [`draft`] and [`Draft::apply_to`] instead.
pub fn apply_draft(chapter: &mut Chapter, method: &Methodology) -> bool {
    draft(chapter, method).is_some_and(|d| d.apply_to(chapter))
}

/// Whether `hay` starts with `prefix`, ignoring ASCII case.
fn starts_ci(hay: &str, prefix: &str) -> bool {
    hay.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Byte offset of `needle` in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.char_indices()
        .map(|(i, _)| i)
        .find(|&i| hay.get(i..i + needle.len()).is_some_and(|s| s.eq_ignore_ascii_case(needle)))
}

/// The country in "As a result, Kazakhstan's " (before "Democracy Score").
fn country_of(before: &str) -> Option<String> {
    let s = before.trim();
    let s = s.strip_suffix("'s").or_else(|| s.strip_suffix("’s"))?;
    let s = s.rsplit_once(", ").map_or(s, |(_, c)| c).trim();
    let s = s.strip_prefix("As a result").map_or(s, |r| r.trim_start_matches(',').trim());
    (!s.is_empty()).then(|| s.to_owned())
}

/// Reads "declined from A to B", "improved from A to B" or "remained the same at A" starting at
/// byte `from` of `t` (skipping spaces). Returns the direction, the figures and their range.
fn read_figures(t: &str, start: usize) -> Option<(Direction, Rating, Rating, Range<usize>)> {
    let rest = t.get(start..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let begin = start + skipped;
    let rest = &t[begin..];
    for (verb, direction) in [("declined", Direction::Declined), ("improved", Direction::Improved)] {
        if starts_ci(rest, verb) {
            let (from, after_from) = expect_number(t, begin + verb.len(), " from ")?;
            let (to, after_to) = expect_number(t, after_from, " to ")?;
            return Some((direction, from, to, begin..after_to));
        }
    }
    for phrase in ["remained the same at", "remained unchanged at", "remained at"] {
        if starts_ci(rest, phrase) {
            let (at, end) = expect_number(t, begin + phrase.len() - 3, " at ")?;
            return Some((Direction::Same, at, at, begin..end));
        }
    }
    None
}

/// Expects `word` (like " from ") at byte `at` of `t`, then a number like 1.75; returns the
/// number and the byte after it.
fn expect_number(t: &str, at: usize, word: &str) -> Option<(Rating, usize)> {
    let rest = t.get(at..)?;
    if !rest.get(..word.len())?.eq_ignore_ascii_case(word) {
        return None;
    }
    let num_at = at + word.len();
    let digits = t[num_at..]
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit() || (*c == '.' && t[num_at + i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let rating = Rating::parse(&t[num_at..num_at + digits]).ok()?;
    Some((rating, num_at + digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(h: u32) -> Rating {
        Rating::from_hundredths(h)
    }

    #[test]
    fn reads_a_category_change_with_its_reason() {
        let m = Methodology::nit_2020();
        let text = "Local Democratic Governance rating declined from 1.75 to 1.50 due to weaker local councils.";
        let Some(ChangeItem::Category { code, direction, from, to, reason, figures }) = parse_item(text, &m) else {
            panic!("not read: {text}");
        };
        assert_eq!((code.as_str(), direction, from, to), ("LDG", Direction::Declined, r(175), r(150)));
        assert_eq!(reason.as_deref(), Some("weaker local councils"));
        assert_eq!(&text[figures], "declined from 1.75 to 1.50");
    }

    #[test]
    fn reads_the_2019_form_and_improvements() {
        let m = Methodology::nit_2020();
        let text = "Civil Society score improved from 2.00 to 2.25. Groups registered more easily.";
        let item = parse_item(text, &m);
        assert!(matches!(
            item,
            Some(ChangeItem::Category { ref code, direction: Direction::Improved, from, to, ref reason, .. })
                if code == "CS" && from == r(200) && to == r(225) && reason.as_deref() == Some("Groups registered more easily")
        ));
    }

    #[test]
    fn reads_the_overall_sentence() {
        let m = Methodology::nit_2020();
        let text = "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.";
        let Some(ChangeItem::Overall { country, direction, from, to, figures }) = parse_item(text, &m) else {
            panic!("not read: {text}");
        };
        assert_eq!(
            (country.as_deref(), direction, from, to),
            (Some("Kazakhstan"), Direction::Declined, r(132), r(129))
        );
        assert_eq!(&text[figures], "declined from 1.32 to 1.29");
        let same = "As a result, Poland's Democracy Score remained the same at 4.43.";
        assert!(matches!(
            parse_item(same, &m),
            Some(ChangeItem::Overall { direction: Direction::Same, from, to, .. }) if from == r(443) && to == r(443)
        ));
    }

    #[test]
    fn reads_no_changes_and_refuses_other_text() {
        let m = Methodology::nit_2020();
        assert_eq!(parse_item("No score changes.", &m), Some(ChangeItem::NoChanges));
        assert_eq!(parse_item("Corruption worsened a lot.", &m), None);
        assert_eq!(parse_item("Corruption rating declined from x to 2.", &m), None);
        assert_eq!(parse_item("", &m), None);
        // Case-folding that changes byte lengths must not confuse offsets.
        assert_eq!(parse_item("\u{212A}azakhstan İİ Democracy Score declined from 1 to", &m), None);
        assert!(parse_item("İİİ's Democracy Score declined from 2.00 to 1.75", &m).is_some());
    }

    #[test]
    fn sentences_read_back() {
        let m = Methodology::nit_2020();
        let s = category_sentence("Corruption", Direction::Improved, r(125), r(150), "new asset rules.");
        assert_eq!(s, "Corruption rating improved from 1.25 to 1.50 due to new asset rules.");
        assert!(matches!(parse_item(&s, &m), Some(ChangeItem::Category { ref code, .. }) if code == "CO"));
        let o = overall_sentence("Kazakhstan", Direction::Declined, r(132), r(129));
        assert_eq!(o, "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.");
        let same = overall_sentence("Kazakhstan", Direction::Same, r(129), r(129));
        assert!(matches!(parse_item(&same, &m), Some(ChangeItem::Overall { direction: Direction::Same, .. })));
    }

    /// The seed's ratings: LDG 1.75 → 1.50, the rest 1.25 both years.
    fn seed_chapter() -> (Chapter, Methodology) {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        for e in &mut c.categories {
            let (now, last) = if e.code == "LDG" { (150, 175) } else { (125, 125) };
            e.rating = Some(r(now));
            e.last_year = Some(r(last));
        }
        (c, m)
    }

    fn texts(items: &[DraftItem]) -> Vec<&str> {
        items.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn drafts_the_standard_sentences_with_a_placeholder_reason() {
        let (c, m) = seed_chapter();
        let items = draft(&c, &m).map(|d| d.items).unwrap_or_default();
        assert_eq!(
            texts(&items),
            [
                "Local Democratic Governance rating declined from 1.75 to 1.50 due to …",
                "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.",
            ]
        );
        assert!(items.iter().all(|i| i.id.is_none()));
        assert!(matches!(
            parse_item(&items[0].text, &m),
            Some(ChangeItem::Category { ref reason, .. }) if is_placeholder_reason(reason.as_deref())
        ));
    }

    #[test]
    fn draft_keeps_the_authors_reason_and_fixes_only_the_figures() {
        let (mut c, m) = seed_chapter();
        let item = c.new_block("Local Democratic Governance rating improved from 1.50 to 1.75 due to weak councils.");
        let overall = c.new_block("As a result, Kazakhstan’s Democracy Score declined from 9.99 to 1.29.");
        let stale = c.new_block("Corruption rating declined from 1.50 to 1.25 due to …");
        let kept = c.new_block("Corruption rating declined from 1.50 to 1.25 due to new cases.");
        let odd = c.new_block("A sentence in no standard form.");
        let ids = (item.id, overall.id, kept.id, odd.id);
        c.score_changes = vec![overall, stale.clone(), item, kept, odd];
        let drafted = draft(&c, &m).unwrap_or_else(|| panic!("last year is rated"));
        assert_eq!(
            drafted.removed,
            [Removed {
                id: stale.id,
                text: "Corruption rating declined from 1.50 to 1.25 due to …".to_owned(),
                why: "the Corruption rating did not change, and the item gave no reason".to_owned(),
            }]
        );
        let items = drafted.items;
        assert_eq!(
            texts(&items),
            [
                "Local Democratic Governance rating declined from 1.75 to 1.50 due to weak councils.",
                "Corruption rating declined from 1.50 to 1.25 due to new cases.",
                "A sentence in no standard form.",
                "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.",
            ]
        );
        let got: Vec<_> = items.iter().map(|i| i.id).collect();
        assert_eq!(got, [Some(ids.0), Some(ids.2), Some(ids.3), Some(ids.1)]);
        assert!(apply_draft(&mut c, &m));
        assert!(!apply_draft(&mut c, &m), "a second draft changes nothing");
    }

    /// Bug 3: items for a category missing this year's or last year's rating were neither kept
    /// nor redrafted, so "Draft from data" deleted them.
    #[test]
    fn draft_keeps_items_for_a_category_without_both_ratings() {
        let (mut c, m) = seed_chapter();
        c.category_mut("EP").unwrap_or_else(|| unreachable!()).rating = None;
        c.category_mut("CO").unwrap_or_else(|| unreachable!()).last_year = None;
        let ldg = c.new_block("Local Democratic Governance rating declined from 1.75 to 1.50 due to weak councils.");
        let ep = c.new_block("Electoral Process rating declined from 1.25 to 1.00 due to a vote held without rivals.");
        let co = c.new_block("Corruption rating improved from 1.00 to 1.25 due to …");
        let overall =
            c.new_block("As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29, its lowest yet.");
        let ids = [ldg.id, ep.id, co.id, overall.id];
        c.score_changes = vec![co, ldg, ep, overall];
        let drafted = draft(&c, &m).unwrap_or_else(|| panic!("last year is rated"));
        // Last year: six ratings (no Corruption), 8.00 / 6 = 1.33; this year: six (no Electoral
        // Process), 7.75 / 6 = 1.29. The overall sentence keeps its ending.
        assert_eq!(
            texts(&drafted.items),
            [
                "Electoral Process rating declined from 1.25 to 1.00 due to a vote held without rivals.",
                "Local Democratic Governance rating declined from 1.75 to 1.50 due to weak councils.",
                "Corruption rating improved from 1.00 to 1.25 due to …",
                "As a result, Kazakhstan’s Democracy Score declined from 1.33 to 1.29, its lowest yet.",
            ]
        );
        let got: Vec<_> = drafted.items.iter().map(|i| i.id).collect();
        assert_eq!(got, [Some(ids[1]), Some(ids[0]), Some(ids[2]), Some(ids[3])]);
        assert_eq!(drafted.removed, []);
        assert!(apply_draft(&mut c, &m));
        assert!(!apply_draft(&mut c, &m), "a second draft changes nothing");
    }

    #[test]
    fn draft_reports_what_it_leaves_out() {
        let (mut c, m) = seed_chapter();
        c.category_mut("LDG").unwrap_or_else(|| unreachable!()).rating = Some(r(175));
        let stale = c.new_block("Corruption rating declined from 1.50 to 1.25 due to ...");
        let overall = c.new_block("As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.");
        let none = c.new_block("No score changes.");
        let again = c.new_block("No score changes");
        c.score_changes = vec![stale.clone(), overall.clone(), none.clone(), again.clone()];
        let drafted = draft(&c, &m).unwrap_or_else(|| panic!("last year is rated"));
        assert_eq!(drafted.items, [DraftItem { text: "No score changes.".into(), id: Some(none.id) }]);
        let removed: Vec<_> = drafted.removed.iter().map(|r| (r.id, r.text.as_str(), r.why.as_str())).collect();
        assert_eq!(
            removed,
            [
                (stale.id, stale.text.as_str(), "the Corruption rating did not change, and the item gave no reason"),
                (
                    overall.id,
                    overall.text.as_str(),
                    "no rating changed and the Democracy Score did not move, so there is no result to give"
                ),
                (again.id, again.text.as_str(), "the chapter says \"No score changes\" once"),
            ]
        );
    }

    #[test]
    fn draft_without_changes_or_last_year() {
        let (mut c, m) = seed_chapter();
        c.category_mut("LDG").unwrap_or_else(|| unreachable!()).rating = Some(r(175));
        let items = draft(&c, &m).map(|d| d.items).unwrap_or_default();
        assert_eq!(texts(&items), ["No score changes."]);
        for e in &mut c.categories {
            e.last_year = None;
        }
        assert_eq!(draft(&c, &m), None);
        assert!(!apply_draft(&mut c, &m));
        assert!(c.score_changes.is_empty());
    }

    #[test]
    fn placeholder_reasons() {
        assert!(is_placeholder_reason(None));
        assert!(is_placeholder_reason(Some("…")));
        assert!(is_placeholder_reason(Some(" ... ")));
        assert!(!is_placeholder_reason(Some("weak councils")));
    }
}
