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

use crate::method::Methodology;
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

/// The "As a result, …" sentence the chapter's ratings give, when both years are scored.
#[must_use]
pub fn overall_for(chapter: &Chapter, method: &Methodology) -> Option<String> {
    let card = ScoreCard::compute(chapter, method);
    let (now, last) = (card.this_year.as_ref()?, card.last_year.as_ref()?);
    let as_rating = |f: crate::score::Fixed| {
        let up = 2_u32.checked_sub(f.decimals)?;
        u32::try_from(f.value).ok().map(|v| Rating::from_hundredths(v * 10_u32.pow(up)))
    };
    let (from, to) = (as_rating(last.score_rounded)?, as_rating(now.score_rounded)?);
    // The sentence gives published figures: equal figures "remained the same".
    let direction = if from == to { Direction::Same } else { card.direction(method)? };
    Some(overall_sentence(chapter.country.trim(), direction, from, to))
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

/// The score-change items the chapter's ratings call for, in the published order: one per
/// category whose rating changed (in the methodology's order), then any items in no standard
/// form (left as written), then `As a result, <Country>'s Democracy Score …` — or "No score
/// changes." when nothing moved. `None` when last year's ratings are not there to compare.
///
/// A draft never overwrites an author's words: an existing item for a changed category keeps
/// its text and only has its verb and figures ("declined from 1.75 to 1.50") set right; a new
/// item gets the placeholder reason [`PLACEHOLDER_REASON`]. An item for a category whose rating
/// did not change is dropped only if it has no reason of the author's; otherwise it stays (and
/// the `change-stale` check points at it) for the author to decide.
#[must_use]
pub fn draft(chapter: &Chapter, method: &Methodology) -> Option<Vec<DraftItem>> {
    let card = ScoreCard::compute(chapter, method);
    card.last_year.as_ref()?;
    let parsed: Vec<(Option<ChangeItem>, &TextBlock)> =
        chapter.score_changes.iter().map(|b| (parse_item(&b.text, method), b)).collect();
    let mut taken = vec![false; parsed.len()];
    let mut items = Vec::new();
    let mut any_change = false;
    let mut kept = Vec::new();
    for def in &method.categories {
        let Some(entry) = chapter.category(&def.code) else { continue };
        let (Some(last), Some(now)) = (entry.last_year, entry.rating) else { continue };
        // This category's items: the first is revised if the rating changed; the others (and
        // all of them, if it did not change) stay only if they hold words of the author's.
        let mine: Vec<usize> = parsed
            .iter()
            .enumerate()
            .filter(|(_, (item, _))| matches!(item, Some(ChangeItem::Category { code, .. }) if *code == def.code))
            .map(|(i, _)| i)
            .collect();
        let revised = if last == now { None } else { mine.first().copied() };
        for &i in &mine {
            taken[i] = true;
            if Some(i) != revised
                && let (Some(ChangeItem::Category { reason, .. }), block) = &parsed[i]
                && !is_placeholder_reason(reason.as_deref())
            {
                kept.push(DraftItem { text: block.text.clone(), id: Some(block.id) });
            }
        }
        if last == now {
            items.append(&mut kept);
            continue;
        }
        let existing = revised.and_then(|i| match &parsed[i] {
            (Some(ChangeItem::Category { figures, .. }), block) => Some((i, figures.clone(), *block)),
            _ => None,
        });
        any_change = true;
        let direction = Direction::between(method, now.cmp(&last));
        let figures_text = format!("{} from {last} to {now}", direction.verb());
        items.push(match existing {
            Some((_, figures, block)) => {
                let t = &block.text;
                DraftItem {
                    text: format!("{}{figures_text}{}", &t[..figures.start], &t[figures.end..]),
                    id: Some(block.id),
                }
            }
            None => {
                DraftItem { text: format!("{} rating {figures_text} due to {PLACEHOLDER_REASON}", def.name), id: None }
            }
        });
        items.append(&mut kept);
    }
    for (i, (item, block)) in parsed.iter().enumerate() {
        if item.is_none() && !taken[i] && !block.text.trim().is_empty() {
            items.push(DraftItem { text: block.text.clone(), id: Some(block.id) });
        }
    }
    let reuse = |want: fn(&ChangeItem) -> bool| {
        parsed.iter().find(|(item, _)| item.as_ref().is_some_and(want)).map(|(_, b)| b.id)
    };
    let overall = overall_for(chapter, method);
    let score_moved = card.score_change().is_some_and(|c| c.value != 0);
    if any_change || score_moved {
        if let Some(text) = overall {
            items.push(DraftItem { text, id: reuse(|i| matches!(i, ChangeItem::Overall { .. })) });
        }
    } else if items.is_empty() {
        items.push(DraftItem {
            text: "No score changes.".to_owned(),
            id: reuse(|i| matches!(i, ChangeItem::NoChanges)),
        });
    }
    Some(items)
}

/// Replaces the chapter's score-change items with [`draft`]'s, keeping the ids of the items
/// revised. Returns whether anything changed (nothing does without last year's ratings).
pub fn apply_draft(chapter: &mut Chapter, method: &Methodology) -> bool {
    let Some(items) = draft(chapter, method) else { return false };
    let blocks: Vec<TextBlock> = items
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
        let items = draft(&c, &m).unwrap_or_default();
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
        c.score_changes = vec![overall, stale, item, kept, odd];
        let items = draft(&c, &m).unwrap_or_default();
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

    #[test]
    fn draft_without_changes_or_last_year() {
        let (mut c, m) = seed_chapter();
        c.category_mut("LDG").unwrap_or_else(|| unreachable!()).rating = Some(r(175));
        let items = draft(&c, &m).unwrap_or_default();
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
