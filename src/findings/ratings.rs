//! Rating and score-change checks: every category is rated on the scale, and the score-change
//! items say exactly what the ratings say — each change explained with the right figures and
//! direction, no item for a rating that did not move, and the "As a result, …" sentence giving
//! the computed Democracy Score.

use std::collections::{HashMap, HashSet};

use super::{Code, Finding, Location, category_name};
use crate::changes::{self, ChangeItem};
use crate::method::{Methodology, RatingProblem};
use crate::model::{Chapter, Rating, Section};
use crate::score::{Direction, Fixed, ScoreCard};

/// Adds the rating and score-change findings of `chapter` to `out`.
pub(super) fn check(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    check_ratings(chapter, method, out);
    check_changes(chapter, method, out);
}

fn check_ratings(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    for def in &method.categories {
        let at = || Location::section(Section::Category(def.code.clone()));
        let entry = chapter.category(&def.code);
        let Some(rating) = entry.and_then(|e| e.rating) else {
            out.push(Finding::new(Code::RatingMissing, at(), format!("{} has no rating", def.name)));
            continue;
        };
        let years = [(Some(rating), "rating"), (entry.and_then(|e| e.last_year), "rating last year")];
        for (r, which) in years {
            let Some(r) = r else { continue };
            match method.check_rating(r) {
                Ok(()) => {}
                Err(RatingProblem::OutOfRange { min, max, .. }) => out.push(Finding::new(
                    Code::RatingOutOfRange,
                    at(),
                    format!("{}'s {which} {r} is outside the scale of {min} to {max}", def.name),
                )),
                Err(RatingProblem::OffStep { step, .. }) => out.push(Finding::new(
                    Code::RatingOffStep,
                    at(),
                    format!("{}'s {which} {r} is not a step of {step} on the scale", def.name),
                )),
            }
        }
    }
    let mut seen = HashSet::new();
    for entry in &chapter.categories {
        let at = || Location::section(Section::Category(entry.code.clone()));
        if method.category(&entry.code).is_none() {
            out.push(Finding::new(
                Code::CategoryUnknown,
                at(),
                format!("the chapter has a category \"{}\" that {} does not rate", entry.code, method.name),
            ));
        } else if !seen.insert(entry.code.as_str()) {
            out.push(Finding::new(
                Code::CategoryDuplicate,
                at(),
                format!("{} is listed twice; only the first is scored", category_name(method, &entry.code)),
            ));
        }
    }
}

/// Last year's and this year's rating of a category, when both are given.
fn change_of(chapter: &Chapter, code: &str) -> Option<(Rating, Rating)> {
    let entry = chapter.category(code)?;
    Some((entry.last_year?, entry.rating?))
}

fn check_changes(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    let card = ScoreCard::compute(chapter, method);
    let mut explained: HashMap<String, usize> = HashMap::new();
    let mut has_overall = false;
    let changed: Vec<&str> = method
        .categories
        .iter()
        .filter(|d| change_of(chapter, &d.code).is_some_and(|(last, now)| last != now))
        .map(|d| d.code.as_str())
        .collect();
    for (i, item) in chapter.score_changes.iter().enumerate() {
        if item.text.trim().is_empty() {
            continue; // block-empty covers it
        }
        let at = || Location::block(Section::ScoreChanges, item.id);
        match changes::parse_item(&item.text, method) {
            None => out.push(Finding::new(
                Code::ChangeUnreadable,
                at(),
                "this item is not in the standard form (\"<Category> rating declined from A to B due to …\" or \
                 \"As a result, <Country>'s Democracy Score …\"), so it cannot be checked against the ratings",
            )),
            Some(ChangeItem::NoChanges) => {
                if let Some(code) = changed.first() {
                    out.push(Finding::new(
                        Code::ChangeMismatch,
                        at(),
                        format!(
                            "this item says there were no score changes, but the {} rating changed",
                            category_name(method, code)
                        ),
                    ));
                }
            }
            Some(ChangeItem::Category { code, direction, from, to, reason, figures }) => {
                if let Some(first) = explained.get(&code) {
                    out.push(Finding::new(
                        Code::ChangeDuplicate,
                        at(),
                        format!(
                            "{} already has a score-change item (item {})",
                            category_name(method, &code),
                            first + 1
                        ),
                    ));
                } else {
                    explained.insert(code.clone(), i);
                }
                let stated = Stated { code: &code, direction, from, to, reason: reason.as_deref(), figures };
                check_category_item(chapter, method, item, &stated, out);
            }
            Some(ChangeItem::Overall { country, direction, from, to, figures }) => {
                has_overall = true;
                check_overall(chapter, method, &card, item, (direction, from, to, figures), out);
                if let Some(c) = country.filter(|c| !c.trim().eq_ignore_ascii_case(chapter.country.trim())) {
                    let range = item.text.find(c.as_str()).map(|s| s..s + c.len());
                    let location = match range {
                        Some(r) => Location::in_block(Section::ScoreChanges, item.id, r),
                        None => at(),
                    };
                    out.push(Finding::new(
                        Code::ChangeWrongCountry,
                        location,
                        format!("this item names {c}, but the chapter is about {}", chapter.country),
                    ));
                }
            }
        }
    }
    for code in &changed {
        if explained.contains_key(*code) {
            continue;
        }
        if let Some((last, now)) = change_of(chapter, code) {
            let direction = Direction::between(method, now.cmp(&last));
            out.push(Finding::new(
                Code::ChangeUnexplained,
                Location::section(Section::Category((*code).to_owned())),
                format!(
                    "{} rating {} from {last} to {now}, but no score-change item explains it",
                    category_name(method, code),
                    direction.verb()
                ),
            ));
        }
    }
    if !changed.is_empty()
        && !has_overall
        && let Some(expected) = changes::overall_for(chapter, method)
    {
        out.push(Finding::new(
            Code::ChangeOverallMissing,
            Location::section(Section::ScoreChanges),
            format!("no item gives the resulting Democracy Score; it would read \"{expected}\""),
        ));
    }
}

/// What a category score-change item states.
struct Stated<'a> {
    code: &'a str,
    direction: Direction,
    from: Rating,
    to: Rating,
    reason: Option<&'a str>,
    figures: std::ops::Range<usize>,
}

/// Checks a category item against the category's ratings, and that it gives a reason.
fn check_category_item(
    chapter: &Chapter,
    method: &Methodology,
    item: &crate::model::TextBlock,
    stated: &Stated<'_>,
    out: &mut Vec<Finding>,
) {
    let Stated { code, direction, from, to, reason, ref figures } = *stated;
    let name = category_name(method, code);
    let here = || Location::in_block(Section::ScoreChanges, item.id, figures.clone());
    let entry = chapter.category(code);
    let missing = match (entry.and_then(|e| e.last_year), entry.and_then(|e| e.rating)) {
        (Some(_), Some(_)) => None,
        (None, Some(_)) => Some("last year"),
        (Some(_), None) => Some("this year"),
        (None, None) => Some("this year or last year"),
    };
    if let Some(year) = missing {
        out.push(Finding::new(
            Code::ChangeStale,
            here(),
            format!(
                "{name} has no rating {year}, so this item (it says the rating {}) cannot be checked against the ratings",
                direction.verb()
            ),
        ));
    }
    if let Some((last, now)) = change_of(chapter, code) {
        let actual = Direction::between(method, now.cmp(&last));
        if last == now {
            out.push(Finding::new(
                Code::ChangeStale,
                here(),
                format!(
                    "{name} rating did not change (it is {now}, as last year), but this item says it {}",
                    direction.verb()
                ),
            ));
        } else if (from, to, direction) != (last, now, actual) {
            out.push(Finding::new(
                Code::ChangeMismatch,
                here(),
                format!(
                    "this item says {name} rating {} from {from} to {to}, but the ratings say it {} from {last} to {now}",
                    direction.verb(),
                    actual.verb()
                ),
            ));
        }
    }
    if changes::is_placeholder_reason(reason) {
        let end = item.text.trim_end().len().max(figures.end);
        out.push(Finding::new(
            Code::ChangeReasonMissing,
            Location::in_block(Section::ScoreChanges, item.id, figures.end..end),
            format!("the reason for the {name} change is not written yet"),
        ));
    }
}

/// Whether a published figure equals a rating written in a sentence.
fn same_figure(published: Fixed, stated: Rating) -> bool {
    // `published` has `decimals` decimals; a rating has two.
    let p = i128::from(published.value) * 100;
    let s = i128::from(stated.hundredths()) * 10_i128.pow(published.decimals);
    p == s
}

/// Checks the "As a result, …" sentence against the computed scores, by the one rule of
/// [`ScoreCard::change`]: the published figures decide the direction, so equal figures
/// "remained the same".
fn check_overall(
    chapter: &Chapter,
    method: &Methodology,
    card: &ScoreCard,
    item: &crate::model::TextBlock,
    (direction, from, to, figures): (Direction, Rating, Rating, std::ops::Range<usize>),
    out: &mut Vec<Finding>,
) {
    let Some(change) = card.change(method) else { return };
    let figures_right = same_figure(change.from, from) && same_figure(change.to, to);
    if figures_right && direction == change.direction {
        return;
    }
    let stated = match direction {
        Direction::Same => format!("remained the same at {to}"),
        d => format!("{} from {from} to {to}", d.verb()),
    };
    out.push(Finding::new(
        Code::ChangeMismatch,
        Location::in_block(Section::ScoreChanges, item.id, figures),
        format!(
            "this item says {}'s Democracy Score {stated}, but the ratings give a score that {}",
            chapter.country,
            change.phrase()
        ),
    ));
}
