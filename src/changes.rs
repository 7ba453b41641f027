//! Score-change sentences: reading and writing the items of a chapter's score-change section.
//!
//! Each methodology words them in its own file (`changes.templates` and `changes.words`):
//! Nations in Transit's "{name} rating {verb} from {from} to {to} due to {reason}." and "As a
//! result, {country}'s {name} {verb} from {from} to {to}.", Freedom in the World's "{code}: The
//! score {verb} from {from} to {to} due to {reason}." and "Status Change: …". The checks (does
//! the text agree with the ratings?) and the importer (last year's ratings come from these
//! sentences) read them back by the shape the templates give, not by any index's words:
//! - an item's change: the item's name or code first, then, within a few words, "{verb} from A
//!   to B" (the connecting words are free, so NIT's older "<Category> score improved from A to
//!   B." reads too), then the reason;
//! - a figure's change: the figure's label followed by "{verb} from A to B" or "{same} at A",
//!   with the country where the template names one;
//! - a classification's change: "from X to Y" where X and Y are classes of it;
//! - the template's "no changes" item ("No score changes").
//!
//! The words "from", "to" and "at" are the templates' own (the text between `{verb}`, `{from}`
//! and `{to}`); the verbs are the file's `words`.

use std::ops::Range;

use crate::index::tree::fill;
use crate::index::{Change, ChangeKind, Value};
use crate::method::{CategoryDef, Methodology};
use crate::model::{Chapter, Id, Rating, TextBlock};
use crate::score::{Direction, ScoreCard};

/// The reason a drafted item carries until the author writes one; plainly unfinished, and
/// flagged by the `change-reason-missing` check so it is never published.
pub const PLACEHOLDER_REASON: &str = "…";

/// How far after an item's name or code its verb may start: room for the connecting words of
/// any template ("rating", ": The score", " (1.1)").
const MAX_GAP: usize = 32;

/// What one score-change item says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeItem {
    /// An item's rating moved.
    Category {
        /// The item's code.
        code: String,
        /// The direction the sentence states.
        direction: Direction,
        /// Last year's rating as stated.
        from: Rating,
        /// This year's rating as stated.
        to: Rating,
        /// The author's reason, after the template's words before it ("due to"), if any.
        reason: Option<String>,
        /// Byte range of "declined from A to B" (verb and figures) in the item's text.
        figures: Range<usize>,
    },
    /// A figure (NIT's Democracy Score) moved or stayed.
    Overall {
        /// The figure's id.
        id: String,
        /// The country as written, if the sentence names one.
        country: Option<String>,
        /// The direction the sentence states.
        direction: Direction,
        /// Last year's figure as stated (for "remained the same at A", A).
        from: Value,
        /// This year's figure as stated.
        to: Value,
        /// Byte range of the verb and figures in the item's text.
        figures: Range<usize>,
    },
    /// A classification (Freedom in the World's status) changed.
    Class {
        /// The classification's id.
        id: String,
        /// The country as written, if the sentence names one.
        country: Option<String>,
        /// The direction the sentence states (or, with no verb, the classes' order gives).
        direction: Direction,
        /// Last year's class as stated, as the methodology spells it.
        from: String,
        /// This year's class as stated.
        to: String,
        /// The author's reason, if the sentence gives one.
        reason: Option<String>,
        /// Byte range of the verb (if any) and the two classes in the item's text.
        figures: Range<usize>,
    },
    /// The methodology's "no changes" item ("No score changes").
    NoChanges,
}

/// The words of a methodology's change phrases, read from its templates.
struct Words<'m> {
    better: &'m str,
    worse: &'m str,
    same: &'m str,
    /// Between the verb and last year's value: " from ".
    from: &'m str,
    /// Between the two values: " to ".
    to: &'m str,
    /// Between "remained the same" and the value: " at ".
    at: &'m str,
}

impl<'m> Words<'m> {
    fn of(method: &'m Methodology) -> Self {
        let rules = &method.def.changes;
        let t = &rules.templates;
        let pick = |found: [Option<&'m str>; 2], default: &'m str| {
            found.into_iter().flatten().find(|w| !w.trim().is_empty()).unwrap_or(default)
        };
        Self {
            better: &rules.words.better,
            worse: &rules.words.worse,
            same: &rules.words.same,
            from: pick([between(&t.item, "verb", "from"), between(&t.figure, "verb", "from")], " from "),
            to: pick([between(&t.item, "from", "to"), between(&t.figure, "from", "to")], " to "),
            at: pick([between(&t.figure_same, "verb", "to"), None], " at "),
        }
    }
}

/// The literal text of `template` between placeholder `a` and the next placeholder `b` after it.
fn between<'t>(template: &'t str, a: &str, b: &str) -> Option<&'t str> {
    let a_end = template.find(&format!("{{{a}}}"))? + a.len() + 2;
    let b_at = a_end + template.get(a_end..)?.find(&format!("{{{b}}}"))?;
    let text = &template[a_end..b_at];
    (!text.contains('{')).then_some(text)
}

/// Reads one score-change item. `None` when the text is in none of the forms the methodology's
/// templates give.
#[must_use]
pub fn parse_item(text: &str, method: &Methodology) -> Option<ChangeItem> {
    let t = text.trim_start();
    let offset = text.len() - t.len();
    let words = Words::of(method);
    let none = no_changes_key(method);
    if !none.is_empty() && starts_ci(t, &none) {
        return Some(ChangeItem::NoChanges);
    }
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    if let Some((code, direction, from, to, figures)) = read_item(t, method, &words) {
        let reason = reason_after(t, figures.end, &method.def.changes.templates.item);
        return Some(ChangeItem::Category { code, direction, from, to, reason, figures: shift(figures) });
    }
    if let Some((id, direction, from, to, figures)) = read_class(t, method, &words) {
        let template = method.def.changes.templates.classification.as_deref().unwrap_or_default();
        let country = country_in(&t[..figures.start], template);
        let reason = reason_after(t, figures.end, template);
        return Some(ChangeItem::Class { id, country, direction, from, to, reason, figures: shift(figures) });
    }
    let (id, at, direction, from, to, figures) = read_figure(t, method, &words)?;
    let country = country_in(&t[..at], &method.def.changes.templates.figure);
    Some(ChangeItem::Overall { id, country, direction, from, to, figures: shift(figures) })
}

/// Whether `text` is the methodology's "no changes" item ("No score changes.").
#[must_use]
pub fn is_no_changes(text: &str, method: &Methodology) -> bool {
    let key = no_changes_key(method);
    !key.is_empty() && starts_ci(text.trim_start(), &key)
}

/// What the "no changes" item starts with: the template without its closing punctuation and
/// plural ("No score change" reads "No score changes." and "No score change").
fn no_changes_key(method: &Methodology) -> String {
    let t = method.def.changes.templates.no_changes.trim().trim_end_matches(['.', '!']);
    t.strip_suffix('s').unwrap_or(t).to_owned()
}

/// An item's change at the start of `t`: its code, the stated direction and ratings, and the
/// range of the verb and ratings.
fn read_item(
    t: &str,
    method: &Methodology,
    words: &Words<'_>,
) -> Option<(String, Direction, Rating, Rating, Range<usize>)> {
    // Longest first, so no name or code that prefixes another can win ("Add Q" and "Add A").
    let mut keys: Vec<(&str, &str)> = method
        .categories
        .iter()
        .filter(|c| method.is_item(&c.code))
        .flat_map(|c| [(c.name.as_str(), c.code.as_str()), (c.code.as_str(), c.code.as_str())])
        .filter(|(k, _)| !k.is_empty())
        .collect();
    keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
    let (key, code) =
        keys.into_iter().find(|(k, _)| starts_ci(t, k) && !t[k.len()..].starts_with(|c: char| c.is_alphanumeric()))?;
    let end = (key.len() + MAX_GAP).min(t.len());
    for (i, _) in t[key.len()..end].char_indices() {
        let at = key.len() + i;
        if i > 0 && !t[..at].ends_with(char::is_whitespace) {
            continue;
        }
        if let Some((direction, from, to, figures)) = read_phrase(t, at, words, &number_len) {
            let (from, to) = (Rating::parse(&t[from]).ok()?, Rating::parse(&t[to]).ok()?);
            return Some((code.to_owned(), direction, from, to, figures));
        }
    }
    None
}

/// A figure's change anywhere in `t`: the figure's id, where its label starts, the stated
/// direction and values, and the range of the verb and values.
#[allow(clippy::type_complexity)]
fn read_figure(
    t: &str,
    method: &Methodology,
    words: &Words<'_>,
) -> Option<(String, usize, Direction, Value, Value, Range<usize>)> {
    let mut figures: Vec<_> = method.def.figures.iter().filter(|f| !f.label.is_empty()).collect();
    figures.sort_by_key(|f| std::cmp::Reverse(f.label.len()));
    for f in figures {
        for at in find_all_ci(t, &f.label) {
            if let Some((direction, from, to, range)) = read_phrase(t, at + f.label.len(), words, &number_len) {
                let value = |r: Range<usize>| Value::parse(&t[r].replace('\u{2212}', "-")).ok();
                return Some((f.id.clone(), at, direction, value(from)?, value(to)?, range));
            }
        }
    }
    None
}

/// A classification's change anywhere in `t`: "from X to Y" with two of its classes (after the
/// verb, when the template has one). Gives the id, the direction, the two classes as the
/// methodology spells them, and the range of the verb (if written) and the classes.
fn read_class(
    text: &str,
    method: &Methodology,
    words: &Words<'_>,
) -> Option<(String, Direction, String, String, Range<usize>)> {
    for class in &method.def.classifications {
        let mut labels = class.rule.labels();
        labels.sort_by_key(|label| std::cmp::Reverse(label.len()));
        let class_len = |rest: &str| labels.iter().find(|label| starts_ci(rest, label)).map(|label| label.len());
        for at in find_all_ci(text, words.from) {
            let from_at = at + words.from.len();
            let Some(from_len) = class_len(&text[from_at..]) else { continue };
            let after = from_at + from_len;
            if !text.get(after..).is_some_and(|rest| starts_ci(rest, words.to)) {
                continue;
            }
            let to_at = after + words.to.len();
            let Some(to_len) = class_len(&text[to_at..]) else { continue };
            let canonical = |written: &str| {
                labels.iter().find(|label| label.eq_ignore_ascii_case(written)).map(|label| (*label).to_owned())
            };
            let from = canonical(&text[from_at..after])?;
            let to = canonical(&text[to_at..to_at + to_len])?;
            let rank = |label: &str| class.rule.labels().iter().position(|other| *other == label);
            let before = text[..at].trim_end();
            let stated = [(words.better, Direction::Improved), (words.worse, Direction::Declined)]
                .into_iter()
                .find(|(verb, _)| !verb.is_empty() && ends_ci(before, verb));
            let (direction, start) = match stated {
                Some((verb, direction)) => (direction, before.len() - verb.len()),
                // Classes are listed best first.
                None => (
                    rank(&from).zip(rank(&to)).map_or(Direction::Same, |(then, now)| direction_of_rank(then, now)),
                    from_at,
                ),
            };
            return Some((class.id.clone(), direction, from, to, start..to_at + to_len));
        }
    }
    None
}

/// The direction of a move from class rank `from` to `to` (0 is the best class).
fn direction_of_rank(from: usize, to: usize) -> Direction {
    Direction::between(true, from.cmp(&to))
}

/// A change phrase read: its direction, the byte ranges of last year's and this year's value,
/// and of the whole phrase.
type Phrase = (Direction, Range<usize>, Range<usize>, Range<usize>);

/// Reads "declined from A to B", "improved from A to B" or "remained the same at A" (in the
/// methodology's words) starting at byte `start` of `t` (after spaces); `value` says how long
/// the value at the start of a text is.
fn read_phrase(t: &str, start: usize, words: &Words<'_>, value: &dyn Fn(&str) -> Option<usize>) -> Option<Phrase> {
    let rest = t.get(start..)?;
    let begin = start + (rest.len() - rest.trim_start().len());
    let rest = &t[begin..];
    let read = |at: usize, word: &str| -> Option<(Range<usize>, usize)> {
        let r = t.get(at..)?;
        if !starts_ci(r, word) {
            return None;
        }
        let v = at + word.len();
        let len = value(&t[v..])?;
        Some((v..v + len, v + len))
    };
    for (verb, direction) in [(words.worse, Direction::Declined), (words.better, Direction::Improved)] {
        if !verb.is_empty() && starts_ci(rest, verb) {
            let (from, after) = read(begin + verb.len(), words.from)?;
            let (to, end) = read(after, words.to)?;
            return Some((direction, from, to.clone(), begin..end));
        }
    }
    // The file's word first, then the plain English forms published chapters also use.
    for phrase in [words.same, "remained unchanged", "remained"] {
        if !phrase.is_empty() && starts_ci(rest, phrase) {
            let (at, end) = read(begin + phrase.len(), words.at)?;
            return Some((Direction::Same, at.clone(), at, begin..end));
        }
    }
    None
}

/// The length of the number at the start of `s` ("1.75", "-2", "−2"), if there is one.
fn number_len(s: &str) -> Option<usize> {
    let sign = ['-', '\u{2212}', '+'].iter().find(|c| s.starts_with(**c)).map_or(0, |c| c.len_utf8());
    let body = &s[sign..];
    let digits = body
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit() || (*c == '.' && *i > 0 && body[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    Some(sign + digits)
}

/// The reason after the phrase ending at byte `end` of `t`: what follows, less the template's
/// words before `{reason}` ("due to") and closing punctuation. `None` if empty.
fn reason_after(t: &str, end: usize, template: &str) -> Option<String> {
    let after = t.get(end..)?.trim_start_matches(['.', ',', ':', ';']).trim();
    let lead = between(template, "to", "reason")
        .map_or("", |w| w.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()));
    let after = if !lead.is_empty() && starts_ci(after, lead) { after[lead.len()..].trim() } else { after };
    let reason = after.trim_end_matches('.').trim();
    (!reason.is_empty()).then(|| reason.to_owned())
}

/// The country in the text before a figure's label or a class change, as `template` places it
/// ("As a result, {country}'s {name} …"): after the template's words before `{country}` (or
/// the last comma), before its words after it ("'s", either apostrophe). `None` when the
/// template names no country or the text does not read as it.
fn country_in(before: &str, template: &str) -> Option<String> {
    let at = template.find("{country}")?;
    let prefix = template[..at].trim();
    let rest = &template[at + "{country}".len()..];
    let sep = rest.split('{').next().unwrap_or_default().trim();
    let s = before.trim();
    let s = if sep.is_empty() {
        s
    } else {
        [sep.to_owned(), sep.replace('\'', "\u{2019}"), sep.replace('\u{2019}', "'")]
            .iter()
            .find_map(|sep| s.len().checked_sub(sep.len()).filter(|_| ends_ci(s, sep)).map(|cut| s[..cut].trim_end()))?
    };
    let s = if !prefix.is_empty() && starts_ci(s, prefix) {
        s[prefix.len()..].trim()
    } else {
        s.rsplit_once(", ").map_or(s, |(_, c)| c).trim()
    };
    (!s.is_empty()).then(|| s.to_owned())
}

/// The item sentence for item `code` moving from `from` to `to` (as its scale shows them), with
/// `reason`, from the methodology's item template: "Local Democratic Governance rating declined
/// from 1.75 to 1.50 due to weak councils." `None` for an unknown item or no move.
#[must_use]
pub fn category_sentence(method: &Methodology, code: &str, from: Rating, to: Rating, reason: &str) -> Option<String> {
    let def = method.category(code)?;
    let high = method.scale(code)?.high_is_best;
    let delta = i64::from(to.hundredths()) - i64::from(from.hundredths());
    let change = Change {
        kind: ChangeKind::Item,
        code: code.to_owned(),
        label: def.name.clone(),
        from: method.show(code, from),
        to: method.show(code, to),
        delta: Some(crate::score::Fixed { value: delta, decimals: 2 }),
        direction: Direction::between(high, to.cmp(&from)),
        must_explain: true,
    };
    change.sentence(&method.def, "", reason.trim().trim_end_matches('.'))
}

/// Whether an item's reason (as [`parse_item`] reads it) is missing or only the drafted
/// placeholder ("…" or "...").
#[must_use]
pub fn is_placeholder_reason(reason: Option<&str>) -> bool {
    reason.is_none_or(|r| r.trim_matches(|c: char| c == '.' || c == '…' || c.is_whitespace()).is_empty())
}

/// The sentence giving the first figure whose change the methodology asks to explain (NIT's
/// "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29."), when both years
/// are scored. Its figures and direction are the score tree's: equal published figures
/// "remained the same".
#[must_use]
pub fn overall_for(chapter: &Chapter, method: &Methodology) -> Option<String> {
    let card = ScoreCard::compute(chapter, method);
    let changes = card.changes(method);
    let id = method.def.changes.figures.first()?;
    let change = changes.iter().find(|c| c.kind == ChangeKind::Figure && c.code == *id)?;
    change.sentence(&method.def, chapter.country.trim(), "")
}

/// The text that replaces a parsed item's verb and values when a draft sets them right: the
/// part of `template` from `{verb}` (or `{from}`, when it has no verb) to `{to}`, filled in.
fn phrase_of(template: &str, change: &Change, method: &Methodology) -> Option<String> {
    let start = template.find("{verb}").or_else(|| template.find("{from}"))?;
    let end = template.find("{to}")? + "{to}".len();
    let part = template.get(start..end)?;
    Some(fill_owned(part, &vars(change, method, "", "")))
}

/// The placeholders of a change's template, as [`Change::sentence`] fills them.
fn vars<'a>(
    change: &'a Change,
    method: &'a Methodology,
    country: &'a str,
    reason: &'a str,
) -> Vec<(&'static str, String)> {
    let verb = change.direction.verb(method).to_owned();
    let delta = change.delta.map(|d| format!("{d:+}")).unwrap_or_default();
    vec![
        ("name", change.label.clone()),
        ("code", change.code.clone()),
        ("country", country.to_owned()),
        ("verb", verb),
        ("from", change.from.clone()),
        ("to", change.to.clone()),
        ("delta", delta),
        ("reason", reason.to_owned()),
    ]
}

/// [`fill`] with owned values.
fn fill_owned(template: &str, vars: &[(&'static str, String)]) -> String {
    let refs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(template, &refs)
}

/// A drafted sentence with the placeholder reason: the template's sentence, without a closing
/// full stop after the placeholder ("… due to …", not "… due to ….").
fn with_placeholder(change: &Change, method: &Methodology, country: &str) -> Option<String> {
    let text = change.sentence(&method.def, country, PLACEHOLDER_REASON)?;
    let closed = format!("{PLACEHOLDER_REASON}.");
    Some(match text.strip_suffix(&closed) {
        Some(open) => format!("{open}{PLACEHOLDER_REASON}"),
        None => text,
    })
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

/// The score-change items the chapter's ratings call for, in the published order: a sentence
/// for each classification whose change must be explained (Freedom in the World's status), one
/// per item whose rating changed (in the methodology's order), then any items in no standard
/// form (left as written), then the sentence for each figure whose change must be explained
/// (NIT's "As a result, <Country>’s Democracy Score …") — or, when nothing moved, the
/// methodology's "No score changes." last. Every sentence is the file's template. `None` when
/// last year's ratings are not there to compare, or the methodology's chapters have no
/// score-change section.
///
/// A draft never overwrites an author's words:
/// - an existing item for a changed item or classification keeps its text and only has its
///   verb and figures ("declined from 1.75 to 1.50") set right; a new one gets the placeholder
///   reason [`PLACEHOLDER_REASON`];
/// - an existing figure sentence only has its verb and figures set right;
/// - an item for an item whose rating did not change stays if it has a reason of the
///   author's (the `change-stale` check points at it);
/// - an item for an item that lacks this year's or last year's rating stays as written
///   (`change-stale` points at it too), since there is nothing to redraft it from;
/// - what is left out (items with only the placeholder reason, a contradicted or repeated "No
///   score changes.", a second or unneeded figure sentence) is listed in [`Draft::removed`].
#[must_use]
pub fn draft(chapter: &Chapter, method: &Methodology) -> Option<Draft> {
    method.score_changes_title()?;
    let card = ScoreCard::compute(chapter, method);
    card.last_year.as_ref()?;
    let changes = card.changes(method);
    let rules = &method.def.changes;
    let parsed: Vec<(Option<ChangeItem>, &TextBlock)> =
        chapter.score_changes.iter().map(|b| (parse_item(&b.text, method), b)).collect();
    let mut d = Drafting {
        taken: vec![false; parsed.len()],
        parsed,
        removed: Vec::new(),
        items: Vec::new(),
        method,
        country: chapter.country.trim(),
    };
    let mut any_change = false;
    for change in
        changes.iter().filter(|c| c.kind == ChangeKind::Classification && rules.classifications.contains(&c.code))
    {
        any_change |= d.class(change);
    }
    if rules.items {
        for def in method.categories.iter().filter(|c| method.is_item(&c.code)) {
            let ratings = chapter.category(&def.code).and_then(|e| e.last_year.zip(e.rating));
            let change = changes.iter().find(|c| c.kind == ChangeKind::Item && c.code == def.code);
            any_change |= d.category(def, ratings, change);
        }
    }
    for i in 0..d.parsed.len() {
        let (item, block) = &d.parsed[i];
        let explained_elsewhere = match item {
            None => true,
            Some(ChangeItem::Overall { id, .. }) => !rules.figures.contains(id),
            Some(ChangeItem::Class { id, .. }) => !rules.classifications.contains(id),
            Some(ChangeItem::Category { .. }) => !rules.items,
            Some(ChangeItem::NoChanges) => false,
        };
        if explained_elsewhere && !d.taken[i] && !block.text.trim().is_empty() {
            d.taken[i] = true;
            d.items.push(DraftItem { text: block.text.clone(), id: Some(block.id) });
        }
    }
    let figures: Vec<&Change> = rules
        .figures
        .iter()
        .filter_map(|id| changes.iter().find(|c| c.kind == ChangeKind::Figure && c.code == *id))
        .collect();
    let moved = any_change || figures.iter().any(|c| c.direction != Direction::Same);
    d.closing(&figures, moved);
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
    method: &'c Methodology,
    country: &'c str,
}

impl Drafting<'_> {
    /// Drafts the items of one rated item, given (last year's, this year's) rating and its
    /// change in the score tree; returns whether its rating changed.
    fn category(&mut self, def: &CategoryDef, ratings: Option<(Rating, Rating)>, change: Option<&Change>) -> bool {
        let mine: Vec<usize> = (0..self.parsed.len())
            .filter(|&i| matches!(&self.parsed[i].0, Some(ChangeItem::Category { code, .. }) if *code == def.code))
            .collect();
        let (Some((last, now)), Some(change)) = (ratings, change) else {
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
            let template = &self.method.def.changes.templates.item;
            let revised = revised.map(|i| &self.parsed[i]);
            let item = match (revised, phrase_of(template, change, self.method)) {
                (Some((Some(ChangeItem::Category { figures, .. }), block)), Some(phrase)) => {
                    Some(DraftItem { text: replace_range(&block.text, figures, &phrase), id: Some(block.id) })
                }
                _ => with_placeholder(change, self.method, self.country).map(|text| DraftItem { text, id: None }),
            };
            self.items.extend(item);
        }
        self.items.append(&mut kept);
        last != now
    }

    /// Drafts the item of a classification whose change must be explained; returns whether it
    /// changed.
    fn class(&mut self, change: &Change) -> bool {
        let mine: Vec<usize> = (0..self.parsed.len())
            .filter(|&i| matches!(&self.parsed[i].0, Some(ChangeItem::Class { id, .. }) if *id == change.code))
            .collect();
        let moved = change.direction != Direction::Same;
        let mut kept = Vec::new();
        for (n, &i) in mine.iter().enumerate() {
            self.taken[i] = true;
            let (item, block) = &self.parsed[i];
            if moved && n == 0 {
                continue;
            }
            if let Some(ChangeItem::Class { reason, .. }) = item
                && is_placeholder_reason(reason.as_deref())
            {
                let why = if moved {
                    format!("the {} change has an item already, and this one gave no reason", change.label)
                } else {
                    format!("the {} did not change, and the item gave no reason", change.label)
                };
                self.removed.push((i, why));
            } else {
                kept.push(DraftItem { text: block.text.clone(), id: Some(block.id) });
            }
        }
        if moved {
            let template = self.method.def.changes.templates.classification.as_deref().unwrap_or_default();
            let first = mine.first().map(|&i| &self.parsed[i]);
            let item = match (first, phrase_of(template, change, self.method)) {
                (Some((Some(ChangeItem::Class { figures, .. }), block)), Some(phrase)) => {
                    Some(DraftItem { text: replace_range(&block.text, figures, &phrase), id: Some(block.id) })
                }
                _ => with_placeholder(change, self.method, self.country).map(|text| DraftItem { text, id: None }),
            };
            self.items.extend(item);
        }
        self.items.append(&mut kept);
        moved
    }

    /// The closing items: a sentence for each figure whose change must be explained (`figures`)
    /// when anything `moved`, otherwise the methodology's "No score changes.".
    fn closing(&mut self, figures: &[&Change], moved: bool) {
        let no_changes_items: Vec<usize> =
            (0..self.parsed.len()).filter(|&i| matches!(self.parsed[i].0, Some(ChangeItem::NoChanges))).collect();
        let templates = &self.method.def.changes.templates;
        for change in figures {
            let overall_items: Vec<usize> = (0..self.parsed.len())
                .filter(|&i| matches!(&self.parsed[i].0, Some(ChangeItem::Overall { id, .. }) if *id == change.code))
                .collect();
            if moved {
                let template =
                    if change.direction == Direction::Same { &templates.figure_same } else { &templates.figure };
                let existing = overall_items.first().map(|&i| &self.parsed[i]);
                let item = match (existing, phrase_of(template, change, self.method)) {
                    (Some((Some(ChangeItem::Overall { figures, .. }), block)), Some(phrase)) => {
                        Some(DraftItem { text: replace_range(&block.text, figures, &phrase), id: Some(block.id) })
                    }
                    _ => change.sentence(&self.method.def, self.country, "").map(|text| DraftItem { text, id: None }),
                };
                if item.is_some()
                    && let Some(&i) = overall_items.first()
                {
                    self.taken[i] = true;
                }
                self.items.extend(item);
            }
            for &i in &overall_items {
                if !self.taken[i] {
                    let why = if moved {
                        format!("the chapter gives the resulting {} once", change.label)
                    } else {
                        format!(
                            "no rating changed and the {} did not move, so there is no result to give",
                            change.label
                        )
                    };
                    self.taken[i] = true;
                    self.removed.push((i, why));
                }
            }
        }
        if moved {
            for &i in &no_changes_items {
                self.removed.push((i, "ratings changed, so the chapter has score changes".to_owned()));
            }
        } else {
            let none = templates.no_changes.clone();
            self.items
                .push(DraftItem { text: none.clone(), id: no_changes_items.first().map(|&i| self.parsed[i].1.id) });
            for &i in no_changes_items.iter().skip(1) {
                let said = none.trim_end_matches('.');
                self.removed.push((i, format!("the chapter says \"{said}\" once")));
            }
        }
    }
}

/// `text` with the byte range `range` replaced by `with`.
fn replace_range(text: &str, range: &Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..range.start], &text[range.end..])
}

/// Replaces the chapter's score-change items with [`draft`]'s, keeping the ids of the items
/// revised. Returns whether anything changed (nothing does without last year's ratings, or
/// under a methodology with no score-change section). To show the author what the draft left
/// out, call [`draft`] and [`Draft::apply_to`] instead.
pub fn apply_draft(chapter: &mut Chapter, method: &Methodology) -> bool {
    draft(chapter, method).is_some_and(|d| d.apply_to(chapter))
}

/// Whether `hay` starts with `prefix`, ignoring ASCII case.
fn starts_ci(hay: &str, prefix: &str) -> bool {
    hay.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Whether `hay` ends with `suffix`, ignoring ASCII case.
fn ends_ci(hay: &str, suffix: &str) -> bool {
    hay.len().checked_sub(suffix.len()).and_then(|at| hay.get(at..)).is_some_and(|s| s.eq_ignore_ascii_case(suffix))
}

/// Byte offsets of every occurrence of `needle` in `hay`, ignoring ASCII case.
fn find_all_ci<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    hay.char_indices().map(|(i, _)| i).filter(move |&i| {
        !needle.is_empty() && hay.get(i..i + needle.len()).is_some_and(|s| s.eq_ignore_ascii_case(needle))
    })
}

/// Every change `sentence` of a text: the sentences of `text` (split after ". ", "! ", "? "),
/// each read by [`parse_item`]. For a methodology with no score-change section, where changes
/// are explained in the chapter's own text.
#[must_use]
pub fn parse_sentences(text: &str, method: &Methodology) -> Vec<ChangeItem> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        let end_of_sentence =
            matches!(bytes[i], b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace);
        if end_of_sentence || i + 1 == bytes.len() {
            if let Some(item) = text.get(start..=i).and_then(|s| parse_item(s, method)) {
                out.push(item);
            }
            start = i + 1;
        }
    }
    out
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
        let Some(ChangeItem::Overall { id, country, direction, from, to, figures }) = parse_item(text, &m) else {
            panic!("not read: {text}");
        };
        assert_eq!(
            (id.as_str(), country.as_deref(), direction, from, to),
            ("DS", Some("Kazakhstan"), Direction::Declined, Value::hundredths(132), Value::hundredths(129))
        );
        assert_eq!(&text[figures], "declined from 1.32 to 1.29");
        let same = "As a result, Poland's Democracy Score remained the same at 4.43.";
        assert!(matches!(
            parse_item(same, &m),
            Some(ChangeItem::Overall { direction: Direction::Same, from, to, .. })
                if from == Value::hundredths(443) && to == Value::hundredths(443)
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
        let s = category_sentence(&m, "CO", r(125), r(150), "new asset rules.").unwrap_or_default();
        assert_eq!(s, "Corruption rating improved from 1.25 to 1.50 due to new asset rules.");
        assert!(matches!(parse_item(&s, &m), Some(ChangeItem::Category { ref code, .. }) if code == "CO"));
        let (c, m) = seed_chapter();
        let o = overall_for(&c, &m).unwrap_or_default();
        assert_eq!(o, "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.");
        assert!(matches!(parse_item(&o, &m), Some(ChangeItem::Overall { direction: Direction::Declined, .. })));
    }

    #[test]
    fn reads_each_methodologys_own_forms() {
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| unreachable!());
        let text = "A1: The score declined from 3 to 2 due to an election without rivals.";
        let Some(ChangeItem::Category { code, direction, from, to, reason, figures }) = parse_item(text, &fiw) else {
            panic!("not read: {text}");
        };
        assert_eq!((code.as_str(), direction, from, to), ("A1", Direction::Declined, r(300), r(200)));
        assert_eq!((reason.as_deref(), &text[figures]), (Some("an election without rivals"), "declined from 3 to 2"));
        // "Add Q" and "Add A" are codes that prefix no other.
        assert!(matches!(
            parse_item("Add Q: The score improved from 4 to 3 due to returns.", &fiw),
            Some(ChangeItem::Category { ref code, .. }) if code == "Add Q"
        ));
        let status = "Status Change: Kazakhstan’s status declined from Partly Free to Not Free due to a crackdown.";
        let Some(ChangeItem::Class { id, country, direction, from, to, reason, figures }) = parse_item(status, &fiw)
        else {
            panic!("not read: {status}");
        };
        assert_eq!(
            (id.as_str(), country.as_deref(), direction, from.as_str(), to.as_str()),
            ("Status", Some("Kazakhstan"), Direction::Declined, "Partly Free", "Not Free")
        );
        assert_eq!(
            (reason.as_deref(), &status[figures]),
            (Some("a crackdown"), "declined from Partly Free to Not Free")
        );
        // A figure with a negative value.
        assert!(matches!(
            parse_item("Political Rights declined from 1 to -2.", &fiw),
            Some(ChangeItem::Overall { ref id, to, .. }) if id == "PR" && to == Value::int(-2)
        ));
        assert_eq!(parse_item("No score changes.", &fiw), Some(ChangeItem::NoChanges));
        // The pre-2020 scale's own item form: "<Category> score improved from A to B." then the reason.
        let old = Methodology::builtin("nit-pre-2020").unwrap_or_else(|| unreachable!());
        assert!(matches!(
            parse_item("Civil Society score improved from 3.75 to 3.50. Groups registered.", &old),
            Some(ChangeItem::Category { ref code, from, to, ref reason, .. })
                if code == "CS" && from == r(375) && to == r(350) && reason.as_deref() == Some("Groups registered")
        ));
        // A BTI chapter explains changes in its text: each sentence is read.
        let bti = Methodology::builtin("bti").unwrap_or_else(|| unreachable!());
        let said = parse_sentences("Much happened. The Status Index declined from 6.10 to 5.85. More followed.", &bti);
        assert!(matches!(said.as_slice(), [ChangeItem::Overall { id, .. }] if id == "SI"), "{said:?}");
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
    fn drafts_on_a_reversed_scale_in_its_own_words() {
        // NIT before 2020: 1 is the most democratic, so 3.75 to 3.50 improved; the 2019 form.
        let m = Methodology::builtin("nit-pre-2020").unwrap_or_else(|| unreachable!());
        let mut c = Chapter::new(&m, "Arvenia", 2010);
        for e in &mut c.categories {
            let (now, last) = if e.code == "CS" { (350, 375) } else { (300, 300) };
            e.rating = Some(r(now));
            e.last_year = Some(r(last));
        }
        let items = draft(&c, &m).map(|d| d.items).unwrap_or_default();
        // (6 × 3.00 + 3.75) / 7 = 3.107 → 3.11; (6 × 3.00 + 3.50) / 7 = 3.071 → 3.07.
        assert_eq!(
            texts(&items),
            [
                "Civil Society score improved from 3.75 to 3.50. …",
                "As a result, Arvenia’s Democracy Score improved from 3.11 to 3.07.",
            ]
        );
        assert!(matches!(
            parse_item(&items[0].text, &m),
            Some(ChangeItem::Category { ref code, direction: Direction::Improved, ref reason, .. })
                if code == "CS" && is_placeholder_reason(reason.as_deref())
        ));
    }

    #[test]
    fn no_draft_without_a_score_change_section() {
        let m = Methodology::builtin("bti").unwrap_or_else(|| unreachable!());
        let mut c = Chapter::new(&m, "Arvenia", 2024);
        for e in &mut c.categories {
            e.rating = m.is_item(&e.code).then(|| r(500));
            e.last_year = e.rating;
        }
        assert_eq!(draft(&c, &m), None);
        assert!(!apply_draft(&mut c, &m));
    }

    #[test]
    fn placeholder_reasons() {
        assert!(is_placeholder_reason(None));
        assert!(is_placeholder_reason(Some("…")));
        assert!(is_placeholder_reason(Some(" ... ")));
        assert!(!is_placeholder_reason(Some("weak councils")));
    }
}
