//! Rating and score-change checks: every item the chapter's edition rates is rated, on its
//! own scale, and the score-change items say exactly what the ratings say — each change the
//! methodology asks to explain explained with the right figures and direction (items, the
//! figures and the classifications its file lists), no item for a rating that did not move, and
//! a sentence giving each figure the file asks for (NIT's "As a result, …").
//!
//! Where the methodology's chapters have no score-change section (the BTI), a change is
//! explained by a sentence anywhere in the chapter's text that reads as the file's template for
//! it ("The Status Index declined from 6.10 to 5.85."); the items' checks of figures and
//! direction apply only to a score-change section.

use std::collections::{HashMap, HashSet};

use super::{Code, Finding, Location, Place, category_name};
use crate::changes::{self, ChangeItem};
use crate::index::{Change, ChangeKind, Value};
use crate::method::Methodology;
use crate::model::{Chapter, Rating, Section, TextBlock};
use crate::score::{Direction, ScoreCard};

/// Adds the rating and score-change findings of `chapter` to `out`.
pub(super) fn check(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    check_ratings(chapter, method, out);
    check_changes(chapter, method, out);
}

fn check_ratings(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    for item in method.def.items_in(chapter.edition) {
        let at = || Location::section(Section::Category(item.code.clone()));
        let rated = chapter.category(&item.code).is_some_and(|e| e.rating.is_some());
        if !rated && !item.optional {
            out.push(Finding::new(
                Code::RatingMissing,
                at(),
                format!("{} has no rating", category_name(method, &item.code)),
            ));
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
            continue;
        }
        if !seen.insert(entry.code.as_str()) {
            out.push(Finding::new(
                Code::CategoryDuplicate,
                at(),
                format!("{} is listed twice; only the first is scored", category_name(method, &entry.code)),
            ));
            continue;
        }
        if !method.is_item(&entry.code) {
            continue; // a narrated group has no rating of its own
        }
        let years = [(entry.rating, "rating"), (entry.last_year, "rating last year")];
        for (r, which) in years {
            let Some(r) = r else { continue };
            if let Err(problem) = method.check_rating(&entry.code, r) {
                let code = if problem.out_of_range() { Code::RatingOutOfRange } else { Code::RatingOffStep };
                out.push(Finding::new(
                    code,
                    at(),
                    format!("{}'s {which} {problem}", category_name(method, &entry.code)),
                ));
            }
        }
    }
}

/// Last year's and this year's rating of an item, when both are given.
fn change_of(chapter: &Chapter, code: &str) -> Option<(Rating, Rating)> {
    let entry = chapter.category(code)?;
    Some((entry.last_year?, entry.rating?))
}

/// The direction of an item's move from `last` to `now` on its scale.
fn item_direction(method: &Methodology, code: &str, last: Rating, now: Rating) -> Direction {
    let high = method.scale(code).is_none_or(|s| s.high_is_best);
    Direction::between(high, now.cmp(&last))
}

/// How a change is named in a finding: an item's name, a figure's or classification's label.
fn change_name(method: &Methodology, change: &Change) -> String {
    match change.kind {
        ChangeKind::Item => category_name(method, &change.code),
        ChangeKind::Figure | ChangeKind::Classification => change.label.clone(),
    }
}

/// "declined from A to B" or "remained the same at A", in the methodology's words.
fn moved(method: &Methodology, direction: Direction, from: &str, to: &str) -> String {
    match direction {
        Direction::Same => format!("{} at {to}", direction.verb(method)),
        d => format!("{} from {from} to {to}", d.verb(method)),
    }
}

fn check_changes(chapter: &Chapter, method: &Methodology, out: &mut Vec<Finding>) {
    let card = ScoreCard::compute(chapter, method);
    let changes = card.changes(method);
    let rules = &method.def.changes;
    // The changes the methodology asks to explain: items (by the chapter's ratings, so an item
    // rated off its scale still counts), and the classifications the file lists.
    let moved_items: Vec<&str> = if rules.items {
        chapter
            .categories
            .iter()
            .filter(|e| method.is_item(&e.code) && change_of(chapter, &e.code).is_some_and(|(last, now)| last != now))
            .map(|e| e.code.as_str())
            .collect()
    } else {
        Vec::new()
    };
    let moved_classes: Vec<&Change> =
        changes.iter().filter(|c| c.kind == ChangeKind::Classification && c.must_explain).collect();
    let moved_figures: Vec<&Change> =
        changes.iter().filter(|c| c.kind == ChangeKind::Figure && c.must_explain).collect();
    if method.score_changes_title().is_none() && chapter.score_changes.is_empty() {
        check_explained_in_text(chapter, method, &changes, out);
        return;
    }
    let read = read_items(chapter, method, &changes, &moved_items, &moved_classes, out);
    let Read { explained, classes_explained, figures_given } = read;
    for code in &moved_items {
        if explained.contains_key(*code) {
            continue;
        }
        if let Some((last, now)) = change_of(chapter, code) {
            let direction = item_direction(method, code, last, now);
            out.push(Finding::new(
                Code::ChangeUnexplained,
                Location::section(Section::Category((*code).to_owned())),
                format!(
                    "{} rating {}, but no score-change item explains it",
                    category_name(method, code),
                    moved(method, direction, &method.show(code, last), &method.show(code, now))
                ),
            ));
        }
    }
    for change in &moved_classes {
        if !classes_explained.contains(&change.code) {
            out.push(Finding::new(
                Code::ChangeUnexplained,
                Location::section(Section::ScoreChanges),
                format!(
                    "{} {}, but no score-change item explains it",
                    change.label,
                    moved(method, change.direction, &change.from, &change.to)
                ),
            ));
        }
    }
    let anything_moved = !moved_items.is_empty() || !moved_classes.is_empty() || !moved_figures.is_empty();
    if anything_moved {
        for id in &rules.figures {
            if figures_given.contains(id) {
                continue;
            }
            let Some(change) = changes.iter().find(|c| c.kind == ChangeKind::Figure && c.code == *id) else {
                continue;
            };
            if let Some(expected) = change.sentence(&method.def, chapter.country.trim(), "") {
                out.push(Finding::new(
                    Code::ChangeOverallMissing,
                    Location::section(Section::ScoreChanges),
                    format!("no item gives the resulting {}; it would read \"{expected}\"", change.label),
                ));
            }
        }
    }
}

/// What the score-change items explain.
struct Read {
    /// Items with an item, and the first item's index.
    explained: HashMap<String, usize>,
    /// Classifications with an item.
    classes_explained: HashSet<String>,
    /// Figures with a sentence.
    figures_given: HashSet<String>,
}

/// Reads each score-change item and checks it against the ratings; says what they explain.
fn read_items(
    chapter: &Chapter,
    method: &Methodology,
    changes: &[Change],
    moved_items: &[&str],
    moved_classes: &[&Change],
    out: &mut Vec<Finding>,
) -> Read {
    let mut explained: HashMap<String, usize> = HashMap::new();
    let mut classes_explained: HashSet<String> = HashSet::new();
    let mut figures_given: HashSet<String> = HashSet::new();
    for (i, item) in chapter.score_changes.iter().enumerate() {
        if item.text.trim().is_empty() {
            continue; // block-empty covers it
        }
        let at = || Location::block(Section::ScoreChanges, item.id);
        match changes::parse_item(&item.text, method) {
            None => out.push(Finding::new(Code::ChangeUnreadable, at(), unreadable_message(method))),
            Some(ChangeItem::NoChanges) => {
                let first = moved_items
                    .first()
                    .map(|code| format!("the {} rating changed", category_name(method, code)))
                    .or_else(|| moved_classes.first().map(|c| format!("the {} changed", c.label)));
                if let Some(what) = first {
                    out.push(Finding::new(
                        Code::ChangeMismatch,
                        at(),
                        format!("this item says there were no score changes, but {what}"),
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
            Some(ChangeItem::Overall { id, country, direction, from, to, figures }) => {
                figures_given.insert(id.clone());
                let change = changes.iter().find(|c| c.kind == ChangeKind::Figure && c.code == id);
                check_figure(chapter, method, change, item, (direction, from, to, figures), out);
                wrong_country(chapter, item, country.as_deref(), out);
            }
            Some(ChangeItem::Class { id, country, direction, from, to, reason, figures }) => {
                classes_explained.insert(id.clone());
                let change = changes.iter().find(|c| c.kind == ChangeKind::Classification && c.code == id);
                let stated = StatedClass { direction, from: &from, to: &to, reason: reason.as_deref(), figures };
                check_class_item(method, change, item, &stated, out);
                wrong_country(chapter, item, country.as_deref(), out);
            }
        }
    }
    Read { explained, classes_explained, figures_given }
}

/// For a methodology whose chapters have no score-change section: each change it asks to
/// explain (an item, a figure, a classification) needs a sentence somewhere in the chapter's
/// text that reads as that change; the finding is at the item's section (or, for a figure or
/// classification, the header).
fn check_explained_in_text(chapter: &Chapter, method: &Methodology, changes: &[Change], out: &mut Vec<Finding>) {
    let must: Vec<&Change> = changes.iter().filter(|c| c.must_explain).collect();
    if must.is_empty() {
        return;
    }
    let mut said: Vec<(ChangeKind, String)> = Vec::new();
    for (_, block) in chapter.text_blocks() {
        for item in changes::parse_sentences(&block.text, method) {
            match item {
                ChangeItem::Category { code, .. } => said.push((ChangeKind::Item, code)),
                ChangeItem::Overall { id, .. } => said.push((ChangeKind::Figure, id)),
                ChangeItem::Class { id, .. } => said.push((ChangeKind::Classification, id)),
                ChangeItem::NoChanges => {}
            }
        }
    }
    for change in must {
        if said.iter().any(|(kind, code)| *kind == change.kind && *code == change.code) {
            continue;
        }
        let place = match change.kind {
            ChangeKind::Item => Place::Section(Section::Category(change.code.clone())),
            ChangeKind::Figure | ChangeKind::Classification => Place::Header,
        };
        out.push(Finding::new(
            Code::ChangeUnexplained,
            Location::section(place),
            format!(
                "{} {}, but no sentence of the chapter explains it",
                change_name(method, change),
                moved(method, change.direction, &change.from, &change.to)
            ),
        ));
    }
}

/// The `change-unreadable` message: the forms the methodology's templates give, e.g.
/// ("<Category> rating declined from A to B due to …" or "As a result, <Country>'s Democracy
/// Score …").
fn unreadable_message(method: &Methodology) -> String {
    let t = &method.def.changes.templates;
    let w = &method.def.changes.words;
    let up_to = |template: &str, stop: &str| template.find(stop).map_or(template, |at| &template[..at]).to_owned();
    let vars = |name: &str| {
        [
            ("name", name.to_owned()),
            ("code", "<Code>".to_owned()),
            ("country", "<Country>".to_owned()),
            ("verb", w.worse.clone()),
            ("from", "A".to_owned()),
            ("to", "B".to_owned()),
            ("delta", String::new()),
        ]
    };
    let filled = |template: &str, name: &str| {
        let vars = vars(name);
        let refs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("{}…", crate::index::tree::fill(template, &refs))
    };
    let mut forms = vec![filled(&up_to(&t.item, "{reason}"), "<Category>")];
    if let Some(f) = method.def.changes.figures.first().and_then(|id| method.def.figures.iter().find(|f| f.id == *id)) {
        forms.push(filled(&up_to(&t.figure, "{verb}"), &f.label));
    }
    if let Some(c) = &t.classification
        && !method.def.changes.classifications.is_empty()
    {
        let stop = if c.contains("{verb}") { "{verb}" } else { "{from}" };
        forms.push(filled(&up_to(c, stop), ""));
    }
    let forms: Vec<String> = forms.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        "this item is not in the standard form ({}), so it cannot be checked against the ratings",
        forms.join(" or ")
    )
}

/// A `change-wrong-country` finding when an item names a country other than the chapter's.
fn wrong_country(chapter: &Chapter, item: &TextBlock, country: Option<&str>, out: &mut Vec<Finding>) {
    let Some(c) = country.filter(|c| !c.trim().eq_ignore_ascii_case(chapter.country.trim())) else { return };
    let range = item.text.find(c).map(|s| s..s + c.len());
    let location = match range {
        Some(r) => Location::in_block(Section::ScoreChanges, item.id, r),
        None => Location::block(Section::ScoreChanges, item.id),
    };
    out.push(Finding::new(
        Code::ChangeWrongCountry,
        location,
        format!("this item names {c}, but the chapter is about {}", chapter.country),
    ));
}

/// What an item's score-change item states.
struct Stated<'a> {
    code: &'a str,
    direction: Direction,
    from: Rating,
    to: Rating,
    reason: Option<&'a str>,
    figures: std::ops::Range<usize>,
}

/// Checks an item's score-change item against the item's ratings, and that it gives a reason.
fn check_category_item(
    chapter: &Chapter,
    method: &Methodology,
    item: &TextBlock,
    stated: &Stated<'_>,
    out: &mut Vec<Finding>,
) {
    let Stated { code, direction, from, to, reason, ref figures } = *stated;
    let name = category_name(method, code);
    let show = |r: Rating| method.show(code, r);
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
                direction.verb(method)
            ),
        ));
    }
    if let Some((last, now)) = change_of(chapter, code) {
        let actual = item_direction(method, code, last, now);
        if last == now {
            out.push(Finding::new(
                Code::ChangeStale,
                here(),
                format!(
                    "{name} rating did not change (it is {}, as last year), but this item says it {}",
                    show(now),
                    direction.verb(method)
                ),
            ));
        } else if (from, to, direction) != (last, now, actual) {
            out.push(Finding::new(
                Code::ChangeMismatch,
                here(),
                format!(
                    "this item says {name} rating {}, but the ratings say it {}",
                    moved(method, direction, &show(from), &show(to)),
                    moved(method, actual, &show(last), &show(now))
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

/// What a classification's score-change item states.
struct StatedClass<'a> {
    direction: Direction,
    from: &'a str,
    to: &'a str,
    reason: Option<&'a str>,
    figures: std::ops::Range<usize>,
}

/// Checks a classification's item against the classes the ratings give, and that it gives a
/// reason where the template asks for one.
fn check_class_item(
    method: &Methodology,
    change: Option<&Change>,
    item: &TextBlock,
    stated: &StatedClass<'_>,
    out: &mut Vec<Finding>,
) {
    let StatedClass { direction, from, to, reason, ref figures } = *stated;
    let here = || Location::in_block(Section::ScoreChanges, item.id, figures.clone());
    let Some(change) = change else {
        out.push(Finding::new(
            Code::ChangeStale,
            here(),
            format!(
                "this item says the class {} from {from} to {to}, but the ratings do not give a class for both years",
                direction.verb(method)
            ),
        ));
        return;
    };
    if change.direction == Direction::Same {
        out.push(Finding::new(
            Code::ChangeStale,
            here(),
            format!(
                "{} did not change (it is {}, as last year), but this item says it {}",
                change.label,
                change.to,
                direction.verb(method)
            ),
        ));
    } else if (from, to, direction) != (change.from.as_str(), change.to.as_str(), change.direction) {
        out.push(Finding::new(
            Code::ChangeMismatch,
            here(),
            format!(
                "this item says {} {}, but the ratings say it {}",
                change.label,
                moved(method, direction, from, to),
                moved(method, change.direction, &change.from, &change.to)
            ),
        ));
    }
    let asks = method.def.changes.templates.classification.as_deref().is_some_and(|t| t.contains("{reason}"));
    if asks && changes::is_placeholder_reason(reason) {
        let end = item.text.trim_end().len().max(figures.end);
        out.push(Finding::new(
            Code::ChangeReasonMissing,
            Location::in_block(Section::ScoreChanges, item.id, figures.end..end),
            format!("the reason for the {} change is not written yet", change.label),
        ));
    }
}

/// Checks a figure's sentence (NIT's "As a result, …") against the computed figure, by the one
/// rule of the score tree: the published figures decide the direction, so equal figures
/// "remained the same".
fn check_figure(
    chapter: &Chapter,
    method: &Methodology,
    change: Option<&Change>,
    item: &TextBlock,
    (direction, from, to, figures): (Direction, Value, Value, std::ops::Range<usize>),
    out: &mut Vec<Finding>,
) {
    let Some(change) = change else { return };
    let (Some(then), Some(now)) = (shown_value(&change.from), shown_value(&change.to)) else { return };
    if from == then && to == now && direction == change.direction {
        return;
    }
    let written = |v: Value| {
        let decimals =
            v.decimals_needed().unwrap_or(2).max(change.to.split_once('.').map_or(0, |(_, d)| d.len() as u32));
        v.rounded(decimals).map_or_else(|| v.to_string(), |f| f.to_string())
    };
    out.push(Finding::new(
        Code::ChangeMismatch,
        Location::in_block(Section::ScoreChanges, item.id, figures),
        format!(
            "this item says {}'s {} {}, but the ratings give a score that {}",
            chapter.country,
            change.label,
            moved(method, direction, &written(from), &written(to)),
            moved(method, change.direction, &change.from, &change.to)
        ),
    ));
}

/// A figure as the score tree shows it ("1.29", "-2"), as a value.
fn shown_value(shown: &str) -> Option<Value> {
    Value::parse(shown).ok()
}
