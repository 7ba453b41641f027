//! Score-change sentences: reading and writing the items of a chapter's "Score changes".
//!
//! Published chapters word them in a fixed way, which both the checks (does the text agree with
//! the ratings?) and the importer (last year's ratings come from these sentences) rely on:
//! - since 2020: "<Category> rating declined|improved from A to B due to <reason>."
//! - 2019: "<Category> score declined|improved from A to B." followed by sentences;
//! - "As a result, <Country>'s Democracy Score declined|improved from A to B." or
//!   "… remained the same at A.";
//! - "No score changes" as an item of its own.

use std::ops::Range;

use crate::method::Methodology;
use crate::model::Rating;
use crate::score::Direction;

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
/// to 1.50 due to <reason>."
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
}
