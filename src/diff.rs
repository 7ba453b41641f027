//! Comparing two versions of a chapter: what changed, down to the word.
//!
//! [`diff`] is a pure function from an old and a new chapter to a [`ChapterDiff`]: the ratings
//! and last-year ratings that changed, the score card figures that moved (from
//! [`ScoreCard::lines`], the one card model), the header fields, every text block added,
//! removed, moved or edited (an edit carries word-level [`WordOp`]s, so an editor can show
//! insertions and deletions inline), the footnotes added, removed, relabelled or edited, and the
//! review's comments and proposals added, resolved or decided.
//!
//! Blocks and footnotes are matched by [`Id`] first. Where ids say nothing — last year's chapter
//! imported from its web page against this year's, whose ids are unrelated — they are matched
//! by their words: the pair with the highest similarity (word-level ratio, at least
//! [`SIMILAR_ENOUGH`]) is taken first, within one section before across sections, so that a
//! bullet most of which survives is "edited", not "removed" and "added". [`Matching::Auto`]
//! (what [`diff`] uses) trusts ids only when the blocks they pair mostly read alike.
//!
//! Word diffs are computed by the `similar` crate (Myers) over [`tokens`]: runs of white space,
//! footnote markers (found by the shared marker scanner) and the words between them.
//!
//! The JSON form (`rapporteur diff --json`) is [`ChapterDiff`] serialised with serde: keys in
//! snake case, in the order of the fields below, enums as snake-case strings, absent values
//! as `null`. Its shape is stable: fields may be added, never renamed or removed.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use similar::{Algorithm, DiffOp};

use crate::method::Methodology;
use crate::model::review::{Anchor, Comment, Proposal};
use crate::model::{Chapter, Footnote, Id, Section, TextBlock, markers};
use crate::score::{LineKind, ScoreCard};

/// The least word-level similarity (0 to 1) at which two blocks or footnotes with unrelated
/// ids count as one edited block rather than one removed and one added.
pub const SIMILAR_ENOUGH: f32 = 0.5;

/// How blocks and footnotes of the two chapters are paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matching {
    /// By id, then what is left by similarity: two versions of one chapter.
    ById,
    /// By similarity alone: chapters whose ids are unrelated (one imported from published text).
    ByText,
    /// [`Matching::ById`] when the blocks the ids pair mostly read alike (at least half of them
    /// reach [`SIMILAR_ENOUGH`]), otherwise [`Matching::ByText`].
    Auto,
}

/// What kind of word run a [`WordOp`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordKind {
    /// In both versions.
    Equal,
    /// Only in the new version.
    Insert,
    /// Only in the old version.
    Delete,
}

/// A run of text that is unchanged, inserted or deleted. Concatenating the `Equal` and `Delete`
/// runs gives the old text; the `Equal` and `Insert` runs give the new one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct WordOp {
    /// Unchanged, inserted or deleted.
    pub kind: WordKind,
    /// The text of the run (words with the white space between them).
    pub text: String,
}

/// Where a block is: its section, its position there and its id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct BlockPlace {
    /// The section, written as its key ([`Section::key`]): `score_changes`,
    /// `executive_summary`, `at_a_glance`, or a category's code (`LDG`).
    pub section: Section,
    /// The block's index in its section, from 0.
    pub index: usize,
    /// The block's id.
    pub id: Id,
}

/// What happened to a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockChangeKind {
    /// Only in the new chapter.
    Added,
    /// Only in the old chapter.
    Removed,
    /// Same text, moved to another section or out of order within its section.
    Moved,
    /// Its text changed (it may have moved too: see [`BlockChange::moved`]).
    Edited,
}

/// One block that was added, removed, moved or edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlockChange {
    /// What happened.
    pub kind: BlockChangeKind,
    /// Where it was; `None` for an added block.
    pub old: Option<BlockPlace>,
    /// Where it is; `None` for a removed block.
    pub new: Option<BlockPlace>,
    /// Whether it changed section or order (always true for [`BlockChangeKind::Moved`]).
    pub moved: bool,
    /// The text word by word: all `Insert` for an added block, all `Delete` for a removed
    /// one, all `Equal` for one only moved.
    pub words: Vec<WordOp>,
}

impl BlockChange {
    /// The section the change shows under: the new place, or the old one for a removal.
    #[must_use]
    pub fn section(&self) -> Option<&Section> {
        self.new.as_ref().or(self.old.as_ref()).map(|p| &p.section)
    }
}

/// A header field that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `methodology`, `country`, `edition`, `title` or `authors` (as the byline).
    pub field: String,
    /// The old value.
    pub old: String,
    /// The new value.
    pub new: String,
}

/// Which of a category's ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingKind {
    /// This edition's rating.
    Rating,
    /// Last edition's rating.
    LastYear,
}

/// A rating that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RatingChange {
    /// The category's code.
    pub code: String,
    /// The category's name under the methodology.
    pub name: String,
    /// This year's rating or last year's.
    pub which: RatingKind,
    /// The old rating (`"1.50"`), or `None` when unrated.
    pub old: Option<String>,
    /// The new rating, or `None` when unrated.
    pub new: Option<String>,
}

/// A score card figure that changed (the Democracy Score, the percentage and its headline,
/// the classification), this year's or last year's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FigureChange {
    /// The figure's label on the card: "Democracy Score", …
    pub label: String,
    /// This year's figure or last year's.
    pub which: RatingKind,
    /// As published before, `None` when not scored.
    pub old: Option<String>,
    /// As published now.
    pub new: Option<String>,
}

/// What happened to a footnote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FootnoteChangeKind {
    /// Only in the new chapter.
    Added,
    /// Only in the old chapter.
    Removed,
    /// Its label changed (its text or address may have changed too).
    Relabelled,
    /// Its text, address or access date changed, not its label.
    Edited,
}

/// A footnote added, removed, relabelled or edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FootnoteChange {
    /// What happened.
    pub kind: FootnoteChangeKind,
    /// Its id in the old chapter.
    pub old_id: Option<Id>,
    /// Its id in the new chapter.
    pub new_id: Option<Id>,
    /// Its old label.
    pub old_label: Option<String>,
    /// Its new label.
    pub new_label: Option<String>,
    /// The citation, word by word (as for blocks).
    pub words: Vec<WordOp>,
    /// The old address, when the address changed.
    pub old_url: Option<String>,
    /// The new address, when the address changed.
    pub new_url: Option<String>,
}

/// What happened in the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewChangeKind {
    /// A new comment.
    CommentAdded,
    /// A comment resolved since.
    CommentResolved,
    /// A comment gone (deleted).
    CommentRemoved,
    /// New replies in a comment's or a proposal's thread.
    Replied,
    /// A new rating proposal.
    ProposalAdded,
    /// A proposal decided since.
    ProposalDecided,
    /// A proposal gone.
    ProposalRemoved,
}

/// A change in the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReviewChange {
    /// What happened.
    pub kind: ReviewChangeKind,
    /// The comment's or proposal's id.
    pub id: Id,
    /// The category it is about, when it is about one.
    pub category: Option<String>,
    /// A line saying what: the comment's text, "1.75 for LDG: reason", "accepted", …
    pub text: String,
}

/// Everything that changed from one chapter to another. See the module documentation for the
/// JSON form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChapterDiff {
    /// Header fields that changed.
    pub header: Vec<FieldChange>,
    /// Ratings and last-year ratings that changed, in the new chapter's category order.
    pub ratings: Vec<RatingChange>,
    /// Score card figures that changed.
    pub score_card: Vec<FigureChange>,
    /// Blocks added, removed, moved or edited, in reading order of the new chapter (removed
    /// ones where they were).
    pub blocks: Vec<BlockChange>,
    /// Footnotes added, removed, relabelled or edited, in the new list's order (removed ones
    /// last).
    pub footnotes: Vec<FootnoteChange>,
    /// Review changes: comments, then proposals.
    pub review: Vec<ReviewChange>,
    /// The category codes in the chapter's order, for [`ChapterDiff::changed_categories`].
    #[serde(skip)]
    category_order: Vec<String>,
}

impl ChapterDiff {
    /// Whether nothing changed at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.header.is_empty()
            && self.ratings.is_empty()
            && self.score_card.is_empty()
            && self.blocks.is_empty()
            && self.footnotes.is_empty()
            && self.review.is_empty()
    }

    /// The codes of the categories whose rating, last-year rating or bullets changed (a bullet
    /// moved from one category to another changes both), in the chapter's order.
    #[must_use]
    pub fn changed_categories(&self) -> Vec<String> {
        let mut changed: HashSet<&str> = self.ratings.iter().map(|r| r.code.as_str()).collect();
        for b in &self.blocks {
            for place in [&b.old, &b.new].into_iter().flatten() {
                changed.extend(place.section.category());
            }
        }
        self.category_order.iter().filter(|c| changed.contains(c.as_str())).cloned().collect()
    }

    /// The block changes in section `section`.
    pub fn blocks_in<'d>(&'d self, section: &Section) -> impl Iterator<Item = &'d BlockChange> + use<'d> {
        let section = section.clone();
        self.blocks.iter().filter(move |b| b.section() == Some(&section))
    }
}

/// The tokens words are compared by: runs of white space, footnote markers (as the marker
/// scanner finds them) and the runs of other characters between them. Concatenated, they
/// give `text` back.
#[must_use]
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    for m in markers::markers(text) {
        split_words(&text[at..m.range.start], &mut out);
        out.push(&text[m.range.clone()]);
        at = m.range.end;
    }
    split_words(&text[at..], &mut out);
    out
}

/// Splits `text` into runs of white space and runs of anything else.
fn split_words<'t>(text: &'t str, out: &mut Vec<&'t str>) {
    let mut start = 0;
    let mut space = None;
    for (i, c) in text.char_indices() {
        let is_space = c.is_whitespace();
        if space != Some(is_space) {
            if i > start {
                out.push(&text[start..i]);
            }
            start = i;
            space = Some(is_space);
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
}

/// The word operations turning `old` into `new`: runs of equal, deleted and inserted text, a
/// deletion before the insertion that replaces it; a lone space between two changes is shown
/// as part of both, so "a b" to "c d" reads as one replacement.
#[must_use]
pub fn word_ops(old: &str, new: &str) -> Vec<WordOp> {
    if old == new {
        return if old.is_empty() { Vec::new() } else { vec![WordOp { kind: WordKind::Equal, text: old.to_owned() }] };
    }
    let (a, b) = (tokens(old), tokens(new));
    let ops = similar::capture_diff_slices(Algorithm::Myers, &a, &b);
    // Runs of (kind, tokens), then tidied.
    let mut runs: Vec<(WordKind, String)> = Vec::new();
    let push = |kind: WordKind, text: String, runs: &mut Vec<(WordKind, String)>| {
        if text.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some((k, t)) if *k == kind => t.push_str(&text),
            _ => runs.push((kind, text)),
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(WordKind::Equal, a[old_index..old_index + len].concat(), &mut runs);
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                push(WordKind::Delete, a[old_index..old_index + old_len].concat(), &mut runs);
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                push(WordKind::Insert, b[new_index..new_index + new_len].concat(), &mut runs);
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push(WordKind::Delete, a[old_index..old_index + old_len].concat(), &mut runs);
                push(WordKind::Insert, b[new_index..new_index + new_len].concat(), &mut runs);
            }
        }
    }
    tidy(runs)
}

/// Folds a white-space-only equal run between two changes into both sides, and puts each
/// change's deletion before its insertion.
fn tidy(runs: Vec<(WordKind, String)>) -> Vec<WordOp> {
    // Group into alternating equal runs and change groups (deleted text, inserted text).
    enum Piece {
        Equal(String),
        Change(String, String),
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for (kind, text) in runs {
        let last = pieces.last_mut();
        match (kind, last) {
            (WordKind::Equal, _) => pieces.push(Piece::Equal(text)),
            (WordKind::Delete, Some(Piece::Change(d, _))) => d.push_str(&text),
            (WordKind::Insert, Some(Piece::Change(_, i))) => i.push_str(&text),
            (WordKind::Delete, _) => pieces.push(Piece::Change(text, String::new())),
            (WordKind::Insert, _) => pieces.push(Piece::Change(String::new(), text)),
        }
    }
    let mut merged: Vec<Piece> = Vec::new();
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        let joins = matches!(&piece, Piece::Equal(t) if t.chars().all(char::is_whitespace))
            && matches!(merged.last(), Some(Piece::Change(..)))
            && matches!(iter.peek(), Some(Piece::Change(..)));
        if joins && let Piece::Equal(space) = piece {
            if let (Some(Piece::Change(d, i)), Some(Piece::Change(d2, i2))) = (merged.last_mut(), iter.next()) {
                d.push_str(&space);
                d.push_str(&d2);
                i.push_str(&space);
                i.push_str(&i2);
            }
            continue;
        }
        merged.push(piece);
    }
    let mut out = Vec::new();
    for piece in merged {
        match piece {
            Piece::Equal(text) => out.push(WordOp { kind: WordKind::Equal, text }),
            Piece::Change(d, i) => {
                // A change whose two sides share only white space reads better without it
                // being deleted and inserted: keep what was really there.
                if !d.is_empty() && !i.is_empty() {
                    out.push(WordOp { kind: WordKind::Delete, text: d });
                    out.push(WordOp { kind: WordKind::Insert, text: i });
                } else if !d.is_empty() {
                    out.push(WordOp { kind: WordKind::Delete, text: d });
                } else if !i.is_empty() {
                    out.push(WordOp { kind: WordKind::Insert, text: i });
                }
            }
        }
    }
    out
}

/// How alike two texts are, from 0 (nothing shared) to 1 (the same words), over their words
/// (white space left out), by `similar`'s ratio.
#[must_use]
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    let words = |t: &'_ str| -> Vec<String> {
        tokens(t).into_iter().filter(|w| !w.chars().all(char::is_whitespace)).map(str::to_owned).collect()
    };
    let (a, b) = (words(a), words(b));
    similarity_of(&a, &b, false)
}

/// [`similarity`] over word lists; with `at_least_enough`, any ratio that cannot reach
/// [`SIMILAR_ENOUGH`] (the lengths alone tell) comes back as 0 without a diff.
fn similarity_of(a: &[String], b: &[String], at_least_enough: bool) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    // The ratio can be no higher than this.
    let bound = 2.0 * a.len().min(b.len()) as f32 / (a.len() + b.len()) as f32;
    if at_least_enough && bound < SIMILAR_ENOUGH {
        return 0.0;
    }
    let ops = similar::capture_diff_slices(Algorithm::Myers, a, b);
    similar::diff_ratio(&ops, a.len(), b.len())
}

/// Everything that changed from `old` to `new`, both under `method`; ids trusted as
/// [`Matching::Auto`] says.
#[must_use]
pub fn diff(old: &Chapter, new: &Chapter, method: &Methodology) -> ChapterDiff {
    diff_with(old, new, method, Matching::Auto)
}

/// [`diff`] with the way blocks and footnotes are paired chosen.
#[must_use]
pub fn diff_with(old: &Chapter, new: &Chapter, method: &Methodology, matching: Matching) -> ChapterDiff {
    let by_id = match matching {
        Matching::ById => true,
        Matching::ByText => false,
        Matching::Auto => ids_are_trustworthy(old, new),
    };
    ChapterDiff {
        header: header(old, new),
        ratings: ratings(old, new, method),
        score_card: score_card(old, new, method),
        blocks: blocks(old, new, method, by_id),
        footnotes: footnotes(old, new, by_id),
        review: review(old, new),
        category_order: new.categories.iter().map(|c| c.code.clone()).collect(),
    }
}

/// Whether the ids the two chapters share pair blocks that mostly read alike.
fn ids_are_trustworthy(old: &Chapter, new: &Chapter) -> bool {
    let old_text: HashMap<Id, &str> = old.text_blocks().map(|(_, b)| (b.id, b.text.as_str())).collect();
    let (mut shared, mut alike) = (0_usize, 0_usize);
    for (_, b) in new.text_blocks() {
        if let Some(text) = old_text.get(&b.id) {
            shared += 1;
            if *text == b.text || similarity(text, &b.text) >= SIMILAR_ENOUGH {
                alike += 1;
            }
        }
    }
    alike * 2 >= shared
}

fn header(old: &Chapter, new: &Chapter) -> Vec<FieldChange> {
    let fields = [
        ("methodology", old.methodology.clone(), new.methodology.clone()),
        ("country", old.country.clone(), new.country.clone()),
        ("edition", old.edition.to_string(), new.edition.to_string()),
        ("title", old.title.clone(), new.title.clone()),
        ("authors", old.authors.byline(), new.authors.byline()),
    ];
    fields
        .into_iter()
        .filter(|(_, o, n)| o != n)
        .map(|(field, old, new)| FieldChange { field: field.to_owned(), old, new })
        .collect()
}

fn ratings(old: &Chapter, new: &Chapter, method: &Methodology) -> Vec<RatingChange> {
    let mut codes: Vec<&str> = new.categories.iter().map(|c| c.code.as_str()).collect();
    for c in &old.categories {
        if !codes.contains(&c.code.as_str()) {
            codes.push(&c.code);
        }
    }
    let mut out = Vec::new();
    for code in codes {
        let (o, n) = (old.category(code), new.category(code));
        let name = Section::Category(code.to_owned()).title(method);
        for which in [RatingKind::Rating, RatingKind::LastYear] {
            let get = |e: Option<&crate::model::CategoryEntry>| {
                e.and_then(|e| if which == RatingKind::Rating { e.rating } else { e.last_year })
            };
            let (a, b) = (get(o), get(n));
            if a != b {
                out.push(RatingChange {
                    code: code.to_owned(),
                    name: name.clone(),
                    which,
                    old: a.map(|r| method.show(code, r)),
                    new: b.map(|r| method.show(code, r)),
                });
            }
        }
    }
    out
}

fn score_card(old: &Chapter, new: &Chapter, method: &Methodology) -> Vec<FigureChange> {
    let a = ScoreCard::compute(old, method).lines(old, method);
    let b = ScoreCard::compute(new, method).lines(new, method);
    let mut out = Vec::new();
    for which in [RatingKind::Rating, RatingKind::LastYear] {
        for line in &b.figures {
            let before = a.figures.iter().find(|l| l.kind == line.kind);
            let pick = |l: &crate::score::CardLine| {
                if which == RatingKind::Rating { l.this_year.clone() } else { l.last_year.clone() }
            };
            let (o, n) = (before.and_then(pick), pick(line));
            if o != n && !matches!(line.kind, LineKind::Category(_)) {
                out.push(FigureChange { label: line.label.clone(), which, old: o, new: n });
            }
        }
    }
    out
}

/// One block of a chapter with its place.
struct Located<'c> {
    section: Section,
    index: usize,
    block: &'c TextBlock,
}

fn located<'c>(chapter: &'c Chapter, method: &Methodology) -> Vec<Located<'c>> {
    let mut out = Vec::new();
    let mut last: Option<Section> = None;
    let mut index = 0;
    for (section, block) in chapter.blocks_in_order(method) {
        if last.as_ref() == Some(&section) {
            index += 1;
        } else {
            index = 0;
        }
        last = Some(section.clone());
        out.push(Located { section, index, block });
    }
    out
}

/// Pairs the items of `old` and `new` (indices), by id where `by_id`, then the rest by
/// similarity of `text`, best pair first, items of one `group` before items of different ones.
fn pair<T>(
    old: &[T],
    new: &[T],
    by_id: bool,
    id: impl Fn(&T) -> Id,
    text: impl Fn(&T) -> &str,
    group: impl Fn(&T) -> &str,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    if by_id {
        let old_at: HashMap<Id, usize> = old.iter().enumerate().map(|(i, o)| (id(o), i)).collect();
        for (j, n) in new.iter().enumerate() {
            if let Some(&i) = old_at.get(&id(n))
                && !old_used[i]
            {
                old_used[i] = true;
                new_used[j] = true;
                pairs.push((i, j));
            }
        }
    }
    // The same text, first in one group, then anywhere: cheap, and most of an imported chapter.
    for same_group in [true, false] {
        let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in old.iter().enumerate().filter(|(i, _)| !old_used[*i]).rev() {
            by_text.entry(text(o)).or_default().push(i);
        }
        for (j, n) in new.iter().enumerate() {
            if new_used[j] {
                continue;
            }
            if let Some(list) = by_text.get_mut(text(n))
                && let Some(pos) =
                    list.iter().rposition(|&i| !old_used[i] && (!same_group || group(&old[i]) == group(n)))
            {
                let i = list.remove(pos);
                old_used[i] = true;
                new_used[j] = true;
                pairs.push((i, j));
            }
        }
    }
    // Then by similarity: best pair first, within a group before across groups.
    let words = |t: &str| -> Vec<String> {
        tokens(t).into_iter().filter(|w| !w.chars().all(char::is_whitespace)).map(str::to_owned).collect()
    };
    let old_words: Vec<Option<Vec<String>>> =
        old.iter().enumerate().map(|(i, o)| (!old_used[i]).then(|| words(text(o)))).collect();
    let new_words: Vec<Option<Vec<String>>> =
        new.iter().enumerate().map(|(j, n)| (!new_used[j]).then(|| words(text(n)))).collect();
    for same_group in [true, false] {
        let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
        for (i, ow) in old_words.iter().enumerate() {
            let Some(ow) = ow else { continue };
            if old_used[i] {
                continue;
            }
            for (j, nw) in new_words.iter().enumerate() {
                let Some(nw) = nw else { continue };
                if new_used[j] || (same_group != (group(&old[i]) == group(&new[j]))) {
                    continue;
                }
                let r = similarity_of(ow, nw, true);
                if r >= SIMILAR_ENOUGH {
                    candidates.push((r, i, j));
                }
            }
        }
        // Highest ratio first; ties in reading order, so the result is deterministic.
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, i, j) in candidates {
            if !old_used[i] && !new_used[j] {
                old_used[i] = true;
                new_used[j] = true;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_by_key(|&(_, j)| j);
    pairs
}

fn blocks(old: &Chapter, new: &Chapter, method: &Methodology, by_id: bool) -> Vec<BlockChange> {
    let (a, b) = (located(old, method), located(new, method));
    let pairs = pair(&a, &b, by_id, |l| l.block.id, |l| l.block.text.as_str(), |l| l.section.key());
    let moved = moved_pairs(&a, &b, &pairs);
    let place = |l: &Located<'_>| BlockPlace { section: l.section.clone(), index: l.index, id: l.block.id };
    let old_of: HashMap<usize, usize> = pairs.iter().map(|&(i, j)| (j, i)).collect();
    let paired_old: HashSet<usize> = pairs.iter().map(|&(i, _)| i).collect();
    let mut out = Vec::new();
    // Removed blocks show before the new block that follows them in the old chapter.
    let mut removed: Vec<usize> = (0..a.len()).filter(|i| !paired_old.contains(i)).collect();
    removed.reverse();
    let mut flush_removed_before = |limit: usize, out: &mut Vec<BlockChange>| {
        while let Some(&i) = removed.last() {
            if i >= limit {
                break;
            }
            removed.pop();
            out.push(BlockChange {
                kind: BlockChangeKind::Removed,
                old: Some(place(&a[i])),
                new: None,
                moved: false,
                words: word_ops(&a[i].block.text, ""),
            });
        }
    };
    for (j, l) in b.iter().enumerate() {
        match old_of.get(&j) {
            None => out.push(BlockChange {
                kind: BlockChangeKind::Added,
                old: None,
                new: Some(place(l)),
                moved: false,
                words: word_ops("", &l.block.text),
            }),
            Some(&i) => {
                // Everything removed before this block's old place is listed first.
                flush_removed_before(i, &mut out);
                let is_moved = moved.contains(&(i, j));
                let edited = a[i].block.text != l.block.text;
                if edited || is_moved {
                    out.push(BlockChange {
                        kind: if edited { BlockChangeKind::Edited } else { BlockChangeKind::Moved },
                        old: Some(place(&a[i])),
                        new: Some(place(l)),
                        moved: is_moved,
                        words: word_ops(&a[i].block.text, &l.block.text),
                    });
                }
            }
        }
    }
    flush_removed_before(usize::MAX, &mut out);
    out
}

/// The pairs whose block changed section, or is out of order within its section (not on the
/// longest run of pairs that kept their order, found by `similar`).
fn moved_pairs(a: &[Located<'_>], b: &[Located<'_>], pairs: &[(usize, usize)]) -> HashSet<(usize, usize)> {
    let mut moved = HashSet::new();
    let mut by_section: HashMap<&Section, Vec<(usize, usize)>> = HashMap::new();
    for &(i, j) in pairs {
        if a[i].section == b[j].section {
            by_section.entry(&b[j].section).or_default().push((i, j));
        } else {
            moved.insert((i, j));
        }
    }
    for list in by_section.values() {
        // `list` is in new order; the old indices in old order are the same pairs sorted.
        let new_order: Vec<usize> = list.iter().map(|&(i, _)| i).collect();
        let mut old_order = new_order.clone();
        old_order.sort_unstable();
        let ops = similar::capture_diff_slices(Algorithm::Myers, &old_order, &new_order);
        for op in ops {
            if let DiffOp::Insert { new_index, new_len, .. } | DiffOp::Replace { new_index, new_len, .. } = op {
                for &p in &list[new_index..new_index + new_len] {
                    moved.insert(p);
                }
            }
        }
    }
    moved
}

fn footnotes(old: &Chapter, new: &Chapter, by_id: bool) -> Vec<FootnoteChange> {
    let (a, b) = (&old.footnotes, &new.footnotes);
    let pairs = pair(a, b, by_id, |f| f.id, |f| f.text.as_str(), |_| "");
    let paired_old: HashSet<usize> = pairs.iter().map(|&(i, _)| i).collect();
    let old_of: HashMap<usize, usize> = pairs.iter().map(|&(i, j)| (j, i)).collect();
    let mut out = Vec::new();
    let change = |kind, o: Option<&Footnote>, n: Option<&Footnote>| {
        let url_changed = o.map(|f| &f.url) != n.map(|f| &f.url) && o.is_some() && n.is_some();
        FootnoteChange {
            kind,
            old_id: o.map(|f| f.id),
            new_id: n.map(|f| f.id),
            old_label: o.map(|f| f.label.clone()),
            new_label: n.map(|f| f.label.clone()),
            words: word_ops(o.map_or("", |f| f.text.as_str()), n.map_or("", |f| f.text.as_str())),
            old_url: if url_changed { o.and_then(|f| f.url.clone()) } else { None },
            new_url: if url_changed { n.and_then(|f| f.url.clone()) } else { None },
        }
    };
    for (j, n) in b.iter().enumerate() {
        match old_of.get(&j) {
            None => out.push(change(FootnoteChangeKind::Added, None, Some(n))),
            Some(&i) => {
                let o = &a[i];
                if o.label != n.label {
                    out.push(change(FootnoteChangeKind::Relabelled, Some(o), Some(n)));
                } else if o.text != n.text || o.url != n.url || o.accessed != n.accessed {
                    out.push(change(FootnoteChangeKind::Edited, Some(o), Some(n)));
                }
            }
        }
    }
    for (i, o) in a.iter().enumerate() {
        if !paired_old.contains(&i) {
            out.push(change(FootnoteChangeKind::Removed, Some(o), None));
        }
    }
    out
}

fn review(old: &Chapter, new: &Chapter) -> Vec<ReviewChange> {
    let mut out = Vec::new();
    let category = |c: &Comment| match &c.anchor {
        Anchor::Rating(code) => Some(code.clone()),
        _ => crate::model::review::Review::category_of(new, c)
            .or_else(|| crate::model::review::Review::category_of(old, c))
            .map(str::to_owned),
    };
    let old_comments: HashMap<Id, &Comment> = old.review.comments.iter().map(|c| (c.id, c)).collect();
    let new_ids: HashSet<Id> = new.review.comments.iter().map(|c| c.id).collect();
    for c in &new.review.comments {
        let change = |kind, text: String| ReviewChange { kind, id: c.id, category: category(c), text };
        match old_comments.get(&c.id) {
            None => {
                out.push(change(ReviewChangeKind::CommentAdded, format!("{}: {}", c.signed.by.display(), c.text)));
                if let Some(r) = &c.resolved {
                    out.push(change(ReviewChangeKind::CommentResolved, format!("by {}", r.by.display())));
                }
            }
            Some(o) => {
                let replies = c.replies.iter().filter(|r| !o.replies.iter().any(|x| x.id == r.id)).count();
                if replies > 0 {
                    out.push(change(
                        ReviewChangeKind::Replied,
                        crate::words::count_as(replies, "new reply", "new replies"),
                    ));
                }
                if o.resolved.is_none()
                    && let Some(r) = &c.resolved
                {
                    out.push(change(ReviewChangeKind::CommentResolved, format!("by {}", r.by.display())));
                }
            }
        }
    }
    for c in &old.review.comments {
        if !new_ids.contains(&c.id) {
            out.push(ReviewChange {
                kind: ReviewChangeKind::CommentRemoved,
                id: c.id,
                category: category(c),
                text: c.text.clone(),
            });
        }
    }
    let old_proposals: HashMap<Id, &Proposal> = old.review.proposals.iter().map(|p| (p.id, p)).collect();
    let new_proposals: HashSet<Id> = new.review.proposals.iter().map(|p| p.id).collect();
    let decided = |p: &Proposal| {
        p.decision
            .as_ref()
            .map(|d| format!("{} by {}", if d.accepted { "accepted" } else { "declined" }, d.signed.by.display()))
    };
    for p in &new.review.proposals {
        let change = |kind, text: String| ReviewChange { kind, id: p.id, category: Some(p.category.clone()), text };
        match old_proposals.get(&p.id) {
            None => {
                out.push(change(
                    ReviewChangeKind::ProposalAdded,
                    format!("{} proposes {}: {}", p.signed.by.display(), p.rating, p.reason),
                ));
                if let Some(d) = decided(p) {
                    out.push(change(ReviewChangeKind::ProposalDecided, d));
                }
            }
            Some(o) => {
                let replies = p.replies.iter().filter(|r| !o.replies.iter().any(|x| x.id == r.id)).count();
                if replies > 0 {
                    out.push(change(
                        ReviewChangeKind::Replied,
                        crate::words::count_as(replies, "new reply", "new replies"),
                    ));
                }
                if o.decision.is_none()
                    && let Some(d) = decided(p)
                {
                    out.push(change(ReviewChangeKind::ProposalDecided, d));
                }
            }
        }
    }
    for p in &old.review.proposals {
        if !new_proposals.contains(&p.id) {
            out.push(ReviewChange {
                kind: ReviewChangeKind::ProposalRemoved,
                id: p.id,
                category: Some(p.category.clone()),
                text: format!("{} for {}", p.rating, p.category),
            });
        }
    }
    out
}

/// `ops` as text with `[-deleted-]` and `{+inserted+}` marks (`git diff --word-diff`'s style).
#[must_use]
pub fn marked(ops: &[WordOp]) -> String {
    let mut out = String::new();
    for op in ops {
        match op.kind {
            WordKind::Equal => out.push_str(&op.text),
            WordKind::Delete => {
                out.push_str("[-");
                out.push_str(&op.text);
                out.push_str("-]");
            }
            WordKind::Insert => {
                out.push_str("{+");
                out.push_str(&op.text);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_markers_apart_and_give_the_text_back() {
        let text = "Councils met twice.[^1] Then  rarely[^a][^2]";
        let t = tokens(text);
        assert_eq!(t, ["Councils", " ", "met", " ", "twice.", "[^1]", " ", "Then", "  ", "rarely", "[^a]", "[^2]"]);
        assert_eq!(t.concat(), text);
    }

    #[test]
    fn word_ops_mark_replaced_words() {
        let ops = word_ops("The council met twice in spring.", "The council met once in autumn.");
        assert_eq!(marked(&ops), "The council met [-twice-]{+once+} in [-spring.-]{+autumn.+}");
        let ops = word_ops("a b c", "x y c");
        assert_eq!(marked(&ops), "[-a b-]{+x y+} c");
    }

    #[test]
    fn similarity_is_word_based() {
        assert!(similarity("one two three four", "one two three five") >= 0.5);
        assert!(similarity("one two three four", "five six seven eight") < 0.5);
    }
}
