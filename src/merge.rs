//! Three-way merge of chapters: what two people changed since a common version, combined.
//!
//! [`merge`] is pure and deterministic. Everything is matched by [`Id`]:
//!
//! - **Header fields, ratings, last-year ratings, footnote labels, texts and addresses** merge
//!   as values: what one side changed wins; both changed alike is taken once; both changed
//!   differently is a *conflict*.
//! - **Footnote markers are references, not strings.** Before texts merge, each side's
//!   markers are read as the ids of the footnotes they resolve to on *that* side (see
//!   `merge/refs.rs`); after the merge every marker is written back with the label its
//!   footnote has in the merged chapter. So a renumbering on one side and a new citation on
//!   the other keep their meaning, relabelling never conflicts with editing, and a marker
//!   always cites the source its author meant. A footnote deleted on one side and newly cited
//!   on the other (or cited by the text a conflict keeps in place) is a conflict (the footnote
//!   kept in place, `None` in the conflict for the side that deleted it), never a marker left
//!   without its footnote.
//! - **Text blocks** (bullets, paragraphs, score-change items) edited on both sides merge word
//!   by word: `similar` diffs base→ours and base→theirs over [`crate::diff::tokens`] (a marker
//!   is one token), and hunks that neither overlap nor touch combine; overlapping or touching
//!   hunks that differ are a conflict.
//! - **Order**: our lists are the skeleton. A block (or footnote, or comment) their side added
//!   goes after its nearest preceding neighbour in their list that is in the merged list (at
//!   the top when there is none), and after what we added at the same place; one they moved
//!   (to another list, or out of order) and we did not is taken out and put back the same way.
//!   A block moved on both sides stays where we put it.
//! - **Deleted on one side**: gone if the other side left it as it was; if the other side
//!   edited it, a conflict, with the edited version in place (ours or theirs; `None` in the
//!   conflict for the side that deleted it).
//! - **The review** merges by id (see `merge/review.rs`): every comment, reply and proposal
//!   either side added is kept; a comment resolved on one side is resolved. A reviewer's words
//!   both sides changed differently (a comment's text or suggestion, a reply, a proposal's
//!   reason) and differing verdicts (a proposal accepted on one side and declined or reopened
//!   on the other, a category agreed on one side and sent back for work on the other) are
//!   conflicts like the chapter's own, ours in place; only what carries no one's words (a
//!   comment's anchor or quote, a signature, the same verdict signed twice, an access date, the
//!   methodology) keeps one side's with a note in [`Merged::notes`]. Conflicts the chapters
//!   carry already are kept from both.
//!
//! A conflict is *kept in the chapter* ([`Conflict`]: base, ours, theirs, ours in place) with an
//! id from the merged chapter's counter, and counted; the file loads and reads as a chapter, and
//! `rapporteur check` shows each as a `merge-conflict` error until it is settled.
//!
//! **Ids** created independently on both sides can collide (both sides' `new_id()` gave the
//! same number to different new things): theirs are given fresh ids first, and review anchors
//! and conflicts pointing at them follow. **Footnote labels** that collide in the merged list
//! (both added a `[^83]` with different citations, or one side gave a footnote a label the
//! other side's footnote has) are settled on their side: their footnote takes the next free
//! number, and its markers follow it, being references; identical footnotes both added are
//! kept once. The merged `next_id` is above every id, so [`Chapter::repair_ids`] changes
//! nothing.

mod refs;
mod review;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use similar::{Algorithm, DiffOp};

use crate::diff::tokens;
use crate::method::Methodology;
use crate::model::conflict::Versions;
use crate::model::review::{Comment, Proposal, Reply};
use crate::model::{
    Authors, CategoryEntry, Chapter, Conflict, ConflictPlace, Footnote, Id, Rating, Section, TextBlock,
};

/// The result of a merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The merged chapter; conflicts are recorded in it ([`Chapter::conflicts`]).
    pub chapter: Chapter,
    /// How many conflicts this merge recorded (not counting those the chapters carried).
    pub conflicts: usize,
    /// Footnote labels of their side that collided with ours, and the labels they got:
    /// `("83", "85")`. Their markers follow.
    pub relabelled: Vec<(String, String)>,
    /// What of their side was not taken where it carries no one's words (a comment's anchor
    /// or quote, a signature, an access date, the methodology), one sentence each.
    pub notes: Vec<String>,
}

/// Lists of items by key, in chapter order: text blocks by [`Section`], footnotes and review
/// threads as one list (key `()`).
type Lists<K, T> = Vec<(K, Vec<T>)>;

/// A conflict found, before it gets its id.
struct Pending {
    place: ConflictPlace,
    base: Option<String>,
    ours: Option<String>,
    theirs: Option<String>,
    versions: Option<Versions>,
}

impl Pending {
    /// A conflict between texts (or values written as texts).
    fn text(place: ConflictPlace, base: Option<String>, ours: Option<String>, theirs: Option<String>) -> Self {
        Self { place, base, ours, theirs, versions: None }
    }
}

/// Merges `ours` and `theirs`, two descendants of `base`, all under `method`. See the module
/// documentation for the rules.
#[must_use]
pub fn merge(base: &Chapter, ours: &Chapter, theirs: &Chapter, method: &Methodology) -> Merged {
    let mut theirs = theirs.clone();
    let mut counter = [base, ours, &theirs].iter().map(|c| next_free(c)).max().unwrap_or(1);
    reid_collisions(base, ours, &mut theirs, &mut counter);
    same_footnotes(base, ours, &mut theirs);
    // Markers as references to footnote ids, each side by its own footnotes.
    let (mut base, mut ours) = (base.clone(), ours.clone());
    for c in [&mut base, &mut ours, &mut theirs] {
        refs::encode_chapter(c);
    }
    let (base, ours, theirs) = (&base, &ours, &theirs);

    let mut pending = Vec::new();
    let mut notes = Vec::new();
    let mut chapter = ours.clone();

    header(base, ours, theirs, &mut chapter, &mut pending, &mut notes);
    ratings(base, ours, theirs, method, &mut chapter, &mut pending);

    let lists = merge_lists(
        &block_lists(base),
        &block_lists(ours),
        &block_lists(theirs),
        |b| b.id,
        |b, o, t| merge_block(b, o, t, &mut pending),
    );
    put_block_lists(&mut chapter, lists);

    // Footnotes a side cites anew, or the merged text cites (ours kept in place in a
    // conflict may cite one theirs deleted): kept, as a conflict, where the other side deleted
    // them.
    let in_place: HashSet<Id> = chapter.text_blocks().flat_map(|(_, b)| refs::cited(&b.text)).collect();
    let newly = [&newly_cited(base, ours) | &in_place, &newly_cited(base, theirs) | &in_place];
    let single = |c: &Chapter| vec![((), c.footnotes.clone())];
    let footnotes = merge_lists(
        &single(base),
        &single(ours),
        &single(theirs),
        |f| f.id,
        |b, o, t| merge_footnote(b, o, t, &newly, &mut pending, &mut notes),
    );
    chapter.footnotes = footnotes.into_iter().flat_map(|((), l)| l).collect();
    let relabelled = settle_labels(base, ours, theirs, &mut chapter.footnotes);
    write_labels_back(base, ours, theirs, &mut chapter, &mut pending);

    review::review(base, ours, theirs, &mut chapter, &mut pending, &mut notes);

    // Conflicts the chapters carried: ours, then theirs' that ours lacks.
    for c in &theirs.conflicts {
        if !chapter.conflicts.contains(c) {
            chapter.conflicts.push(c.clone());
        }
    }
    let top = chapter.ids().map(|i| i.0).max().unwrap_or(0);
    chapter.next_id = counter.max(top.saturating_add(1));
    let conflicts = pending.len();
    for p in pending {
        let id = chapter.new_id();
        chapter.conflicts.push(Conflict {
            id,
            place: p.place,
            base: p.base,
            ours: p.ours,
            theirs: p.theirs,
            versions: p.versions,
        });
    }
    Merged { chapter, conflicts, relabelled, notes }
}

/// The footnotes `side` cites where the base did not: markers it inserted (found by a word
/// diff from the base's block), or wrote in a block it added (texts encoded, see [`refs`]).
fn newly_cited(base: &Chapter, side: &Chapter) -> HashSet<Id> {
    let before: HashMap<Id, &str> = base.text_blocks().map(|(_, b)| (b.id, b.text.as_str())).collect();
    let mut out = HashSet::new();
    for (_, b) in side.text_blocks() {
        match before.get(&b.id) {
            Some(&was) if was == b.text => {}
            Some(&was) => {
                let (old, new) = (tokens(was), tokens(&b.text));
                for op in similar::capture_diff_slices(Algorithm::Myers, &old, &new) {
                    if let DiffOp::Insert { new_index, new_len, .. } | DiffOp::Replace { new_index, new_len, .. } = op {
                        out.extend(new[new_index..new_index + new_len].iter().flat_map(|t| refs::cited(t)));
                    }
                }
            }
            None => out.extend(refs::cited(&b.text)),
        }
    }
    out
}

/// Labels two footnotes of the merged list share where one of them has ours' label and the
/// other one got its label from their side: theirs takes the next free number. (Markers are
/// references: they follow.) Labels ours itself gives twice, or theirs itself, are left as
/// they are. Returns the relabellings.
fn settle_labels(base: &Chapter, ours: &Chapter, theirs: &Chapter, merged: &mut [Footnote]) -> Vec<(String, String)> {
    let ours_label: HashMap<Id, &str> = ours.footnotes.iter().map(|f| (f.id, f.label.as_str())).collect();
    let held: Vec<bool> = merged.iter().map(|f| ours_label.get(&f.id) == Some(&f.label.as_str())).collect();
    let held_labels: HashSet<String> =
        merged.iter().zip(&held).filter(|(_, h)| **h).map(|(f, _)| f.label.clone()).collect();
    let mut numbers: HashSet<u64> = [base, ours, theirs]
        .iter()
        .flat_map(|c| c.footnotes.iter())
        .chain(merged.iter())
        .filter_map(|f| f.label.parse::<u64>().ok())
        .collect();
    let mut out = Vec::new();
    for (f, held) in merged.iter_mut().zip(held) {
        if held || !held_labels.contains(&f.label) {
            continue;
        }
        let above = numbers.iter().max().map_or(Some(1), |m| m.checked_add(1));
        // There are fewer footnotes than numbers, so a free one is found.
        let next = above.unwrap_or_else(|| (1..u64::MAX).find(|n| !numbers.contains(n)).unwrap_or(0));
        numbers.insert(next);
        out.push((f.label.clone(), next.to_string()));
        f.label = next.to_string();
    }
    out
}

/// Writes every reference in the merged texts back as the label its footnote has in the
/// merged chapter, and so the versions of text conflicts; a footnote the merged chapter lacks
/// (both sides deleted it) keeps the label it had on the side that cited it.
fn write_labels_back(base: &Chapter, ours: &Chapter, theirs: &Chapter, chapter: &mut Chapter, pending: &mut [Pending]) {
    let mut label_of: HashMap<Id, String> = HashMap::new();
    for f in base.footnotes.iter().chain(&theirs.footnotes).chain(&ours.footnotes).chain(&chapter.footnotes) {
        label_of.insert(f.id, f.label.clone());
    }
    for b in refs::blocks_mut(chapter) {
        b.text = refs::decode(&b.text, &label_of);
    }
    for p in pending.iter_mut().filter(|p| matches!(p.place, ConflictPlace::Block(_))) {
        for version in [&mut p.base, &mut p.ours, &mut p.theirs].into_iter().flatten() {
            *version = refs::decode(version, &label_of);
        }
    }
}

/// The lowest id above everything in `c`: its counter, or above its highest id.
fn next_free(c: &Chapter) -> u32 {
    let top = all_ids(c).into_iter().map(|i| i.0).max().unwrap_or(0);
    c.next_id.max(top.saturating_add(1))
}

/// Every id in `c`, its conflicts' included.
fn all_ids(c: &Chapter) -> HashSet<Id> {
    c.ids().chain(c.conflicts.iter().map(|x| x.id)).collect()
}

/// What an id stands for in a chapter, to tell whether two sides' equal ids are one thing.
#[derive(PartialEq)]
enum Thing<'c> {
    Block(&'c TextBlock),
    Footnote(&'c Footnote),
    Comment(&'c Comment),
    Reply(&'c Reply),
    Proposal(&'c Proposal),
    Conflict(&'c Conflict),
}

fn things(c: &Chapter) -> HashMap<Id, Thing<'_>> {
    let mut map = HashMap::new();
    for (_, b) in c.text_blocks() {
        map.insert(b.id, Thing::Block(b));
    }
    for f in &c.footnotes {
        map.insert(f.id, Thing::Footnote(f));
    }
    for x in &c.review.comments {
        map.insert(x.id, Thing::Comment(x));
        for r in &x.replies {
            map.insert(r.id, Thing::Reply(r));
        }
    }
    for p in &c.review.proposals {
        map.insert(p.id, Thing::Proposal(p));
        for r in &p.replies {
            map.insert(r.id, Thing::Reply(r));
        }
    }
    for x in &c.conflicts {
        map.insert(x.id, Thing::Conflict(x));
    }
    map
}

/// Gives fresh ids (from `counter`) to what their side created with an id our side also
/// created for something else, and points their anchors and conflicts at the new ids.
fn reid_collisions(base: &Chapter, ours: &Chapter, theirs: &mut Chapter, counter: &mut u32) {
    let base_ids = all_ids(base);
    let ours_things = things(ours);
    let mut map: HashMap<Id, Id> = HashMap::new();
    {
        let theirs_things = things(theirs);
        let mut colliding: Vec<Id> = theirs_things
            .iter()
            .filter(|(id, thing)| !base_ids.contains(id) && ours_things.get(id).is_some_and(|o| o != *thing))
            .map(|(id, _)| *id)
            .collect();
        colliding.sort_unstable();
        for id in colliding {
            map.insert(id, Id(*counter));
            *counter = counter.saturating_add(1);
        }
    }
    if !map.is_empty() {
        rename_ids(theirs, &map);
    }
}

/// Renames ids in `c` by `map`: blocks, footnotes, review items, anchors and conflict places.
fn rename_ids(c: &mut Chapter, map: &HashMap<Id, Id>) {
    use crate::model::review::Anchor;
    let fix = |id: &mut Id| {
        if let Some(new) = map.get(id) {
            *id = *new;
        }
    };
    for (_, list) in c.section_lists_mut() {
        for b in list {
            fix(&mut b.id);
        }
    }
    for f in &mut c.footnotes {
        fix(&mut f.id);
    }
    for x in &mut c.review.comments {
        fix(&mut x.id);
        if let Anchor::Block(id) | Anchor::Footnote(id) = &mut x.anchor {
            fix(id);
        }
        for r in &mut x.replies {
            fix(&mut r.id);
        }
    }
    for p in &mut c.review.proposals {
        fix(&mut p.id);
        for r in &mut p.replies {
            fix(&mut r.id);
        }
    }
    for x in &mut c.conflicts {
        fix(&mut x.id);
        match &mut x.place {
            ConflictPlace::Block(id)
            | ConflictPlace::FootnoteText(id)
            | ConflictPlace::FootnoteLabel(id)
            | ConflictPlace::FootnoteUrl(id) => fix(id),
            _ => {}
        }
    }
}

/// Footnotes both sides added alike (one label, one citation, one address) are one footnote:
/// theirs takes our id.
fn same_footnotes(base: &Chapter, ours: &Chapter, theirs: &mut Chapter) {
    let in_base: HashSet<Id> = base.footnotes.iter().map(|f| f.id).collect();
    let mut same: HashMap<Id, Id> = HashMap::new();
    for f in theirs.footnotes.iter().filter(|f| !in_base.contains(&f.id)) {
        let twin = ours.footnotes.iter().find(|g| {
            !in_base.contains(&g.id) && g.id != f.id && g.label == f.label && g.text == f.text && g.url == f.url
        });
        if let Some(g) = twin
            && !theirs.footnotes.iter().any(|x| x.id == g.id)
            && !same.values().any(|v| *v == g.id)
        {
            same.insert(f.id, g.id);
        }
    }
    if !same.is_empty() {
        rename_ids(theirs, &same);
    }
}

/// The three-way merge of one value: what changed on one side, or the same change on both;
/// `Err` when both changed it differently.
fn three<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Result<T, ()> {
    if ours == theirs || theirs == base {
        Ok(ours.clone())
    } else if ours == base {
        Ok(theirs.clone())
    } else {
        Err(())
    }
}

fn header(
    base: &Chapter,
    ours: &Chapter,
    theirs: &Chapter,
    out: &mut Chapter,
    pending: &mut Vec<Pending>,
    notes: &mut Vec<String>,
) {
    let mut field = |place: ConflictPlace, b: String, o: String, t: String| -> Option<String> {
        if let Ok(v) = three(&b, &o, &t) {
            Some(v)
        } else {
            pending.push(Pending::text(place, Some(b), Some(o), Some(t)));
            None
        }
    };
    if let Some(v) = field(ConflictPlace::Country, base.country.clone(), ours.country.clone(), theirs.country.clone()) {
        out.country = v;
    }
    if let Some(v) = field(ConflictPlace::Title, base.title.clone(), ours.title.clone(), theirs.title.clone()) {
        out.title = v;
    }
    if let Some(v) =
        field(ConflictPlace::Edition, base.edition.to_string(), ours.edition.to_string(), theirs.edition.to_string())
    {
        out.edition = v.parse().unwrap_or(ours.edition);
    }
    match three(&base.authors, &ours.authors, &theirs.authors) {
        Ok(a) => out.authors = a,
        Err(()) => pending.push(Pending::text(
            ConflictPlace::Authors,
            Some(base.authors.byline()),
            Some(ours.authors.byline()),
            Some(theirs.authors.byline()),
        )),
    }
    match three(&base.methodology, &ours.methodology, &theirs.methodology) {
        Ok(m) => out.methodology = m,
        Err(()) => notes.push(format!(
            "both sides changed the methodology (ours \"{}\", theirs \"{}\"); ours is kept",
            ours.methodology, theirs.methodology
        )),
    }
    // An anonymous chapter stays anonymous whatever the merge of names says.
    if matches!(out.authors, Authors::Named(_)) && (matches!(ours.authors, Authors::Anonymous)) {
        out.authors = Authors::Anonymous;
    }
}

fn ratings(
    base: &Chapter,
    ours: &Chapter,
    theirs: &Chapter,
    method: &Methodology,
    out: &mut Chapter,
    pending: &mut Vec<Pending>,
) {
    // Categories their side has and ours lacks (never, for files that loaded) are added.
    for e in &theirs.categories {
        if out.category(&e.code).is_none() {
            out.categories.push(CategoryEntry { bullets: Vec::new(), ..e.clone() });
        }
    }
    let shown = |r: Option<Rating>| r.map(|r| r.to_string());
    for entry in &mut out.categories {
        let code = entry.code.clone();
        let get = |c: &Chapter, last: bool| c.category(&code).and_then(|e| if last { e.last_year } else { e.rating });
        for last in [false, true] {
            let (b, o, t) = (get(base, last), get(ours, last), get(theirs, last));
            let merged = if let Ok(v) = three(&b, &o, &t) {
                v
            } else {
                let place =
                    if last { ConflictPlace::LastYear(code.clone()) } else { ConflictPlace::Rating(code.clone()) };
                pending.push(Pending::text(place, shown(b), shown(o), shown(t)));
                o
            };
            if last {
                entry.last_year = merged;
            } else {
                entry.rating = merged;
            }
        }
    }
    let _ = method;
}

fn block_lists(c: &Chapter) -> Lists<Section, TextBlock> {
    c.section_lists().map(|(section, blocks)| (section, blocks.to_vec())).collect()
}

fn put_block_lists(c: &mut Chapter, lists: Lists<Section, TextBlock>) {
    for (section, list) in lists {
        if let Some(blocks) = section.blocks_mut(c) {
            *blocks = list;
        } else if let Section::Category(code) = section {
            c.categories.push(CategoryEntry { code, rating: None, last_year: None, bullets: list });
        }
    }
}

/// What becomes of one block, from its base, our and their versions (`None` where absent).
fn merge_block(
    base: Option<&TextBlock>,
    ours: Option<&TextBlock>,
    theirs: Option<&TextBlock>,
    pending: &mut Vec<Pending>,
) -> Option<TextBlock> {
    let mut conflict = |b: &TextBlock, o: Option<&TextBlock>, t: Option<&TextBlock>| {
        pending.push(Pending::text(
            ConflictPlace::Block(b.id),
            Some(b.text.clone()),
            o.map(|x| x.text.clone()),
            t.map(|x| x.text.clone()),
        ));
    };
    match (base, ours, theirs) {
        (None, Some(o), _) => Some(o.clone()),
        (None, None, Some(t)) => Some(t.clone()),
        (Some(b), Some(o), Some(t)) => {
            if let Some(text) = merge_text(&b.text, &o.text, &t.text) {
                Some(TextBlock { id: o.id, text })
            } else {
                conflict(b, Some(o), Some(t));
                Some(o.clone())
            }
        }
        (Some(b), Some(o), None) => {
            if o.text == b.text {
                None
            } else {
                conflict(b, Some(o), None);
                Some(o.clone())
            }
        }
        (Some(b), None, Some(t)) => {
            if t.text == b.text {
                None
            } else {
                conflict(b, None, Some(t));
                Some(t.clone())
            }
        }
        (_, None, None) => None,
    }
}

/// A change from the base's tokens: base tokens `start..end` become the side's `from..to`.
struct Hunk {
    start: usize,
    end: usize,
    from: usize,
    to: usize,
    theirs: bool,
}

/// The hunks turning `base` into `side`: runs of changed tokens between unchanged ones.
fn hunks(base: &[&str], side: &[&str], theirs: bool) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, base, side) {
        let (start, end, from, to) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete { old_index, old_len, new_index } => (old_index, old_index + old_len, new_index, new_index),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index, old_index, new_index, new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index, old_index + old_len, new_index, new_index + new_len)
            }
        };
        // Changes with nothing unchanged between them are one hunk.
        if let Some(last) = out.last_mut()
            && last.end == start
            && last.to == from
        {
            last.end = end;
            last.to = to;
            continue;
        }
        out.push(Hunk { start, end, from, to, theirs });
    }
    out
}

/// Merges three versions of a text word by word: changes that neither overlap nor touch
/// combine; `None` when both sides changed the same words (or adjacent ones) differently.
#[must_use]
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> Option<String> {
    if ours == theirs || theirs == base {
        return Some(ours.to_owned());
    }
    if ours == base {
        return Some(theirs.to_owned());
    }
    let (b, mine, yours) = (tokens(base), tokens(ours), tokens(theirs));
    let mut all = hunks(&b, &mine, false);
    all.extend(hunks(&b, &yours, true));
    all.sort_by_key(|h| (h.start, h.end, h.theirs));
    let mut out = String::with_capacity(ours.len().max(theirs.len()));
    let mut at = 0;
    let mut i = 0;
    while i < all.len() {
        // A cluster: hunks that overlap or touch.
        let (start, mut end) = (all[i].start, all[i].end);
        let mut j = i + 1;
        while j < all.len() && all[j].start <= end {
            end = end.max(all[j].end);
            j += 1;
        }
        let cluster = &all[i..j];
        out.push_str(&b[at..start].concat());
        let version = |theirs: bool| -> String {
            let mut text = String::new();
            let mut pos = start;
            let side = if theirs { &yours } else { &mine };
            for h in cluster.iter().filter(|h| h.theirs == theirs) {
                text.push_str(&b[pos..h.start].concat());
                text.push_str(&side[h.from..h.to].concat());
                pos = h.end;
            }
            text.push_str(&b[pos..end].concat());
            text
        };
        let sides: HashSet<bool> = cluster.iter().map(|h| h.theirs).collect();
        if sides.len() == 1 {
            out.push_str(&version(cluster[0].theirs));
        } else {
            let (mine, yours) = (version(false), version(true));
            if mine != yours {
                return None;
            }
            out.push_str(&mine);
        }
        at = end;
        i = j;
    }
    out.push_str(&b[at..].concat());
    Some(out)
}

/// What becomes of one footnote. `newly` holds the footnotes ours, then theirs, cites in a
/// place the base did not (or the merged text cites): one of them deleted on the other side is
/// kept, as a conflict.
fn merge_footnote(
    base: Option<&Footnote>,
    ours: Option<&Footnote>,
    theirs: Option<&Footnote>,
    newly: &[HashSet<Id>; 2],
    pending: &mut Vec<Pending>,
    notes: &mut Vec<String>,
) -> Option<Footnote> {
    let text = |f: Option<&Footnote>| f.map(|f| f.text.clone());
    match (base, ours, theirs) {
        (None, Some(o), _) => Some(o.clone()),
        (None, None, Some(t)) => Some(t.clone()),
        (Some(b), Some(o), Some(t)) => {
            let mut merged = o.clone();
            let mut field = |place: ConflictPlace, at_base: &str, at_ours: &str, at_theirs: &str| {
                if let Ok(value) = three(&at_base, &at_ours, &at_theirs) {
                    value.to_owned()
                } else {
                    pending.push(Pending::text(
                        place,
                        Some(at_base.to_owned()),
                        Some(at_ours.to_owned()),
                        Some(at_theirs.to_owned()),
                    ));
                    at_ours.to_owned()
                }
            };
            merged.label = field(ConflictPlace::FootnoteLabel(o.id), &b.label, &o.label, &t.label);
            merged.text = field(ConflictPlace::FootnoteText(o.id), &b.text, &o.text, &t.text);
            let url = |note: &Footnote| note.url.clone().unwrap_or_default();
            let address = field(ConflictPlace::FootnoteUrl(o.id), &url(b), &url(o), &url(t));
            merged.url = Some(address).filter(|a| !a.is_empty());
            merged.accessed = three(&b.accessed, &o.accessed, &t.accessed).unwrap_or_else(|()| {
                notes.push(format!(
                    "footnote [^{}]: both sides changed the access date; the later one is kept",
                    merged.label
                ));
                o.accessed.max(t.accessed)
            });
            Some(merged)
        }
        // Deleted on one side: gone if the other side left it alone and cites it nowhere new;
        // else kept, as a conflict.
        (Some(b), Some(x), None) | (Some(b), None, Some(x)) => {
            let (kept_by_ours, cited) = if ours.is_some() { (true, &newly[0]) } else { (false, &newly[1]) };
            if x == b && !cited.contains(&x.id) {
                return None;
            }
            let (o, t) = if kept_by_ours { (Some(x), None) } else { (None, Some(x)) };
            pending.push(Pending::text(ConflictPlace::FootnoteText(x.id), text(Some(b)), text(o), text(t)));
            Some(x.clone())
        }
        (_, None, None) => None,
    }
}

/// Merges lists of items with ids: our lists are the skeleton, `decide` says what each item
/// becomes from its three versions (called once for every id ours or theirs has), and what
/// their side added or moved goes after its nearest preceding neighbour in their list.
fn merge_lists<K: Clone + Eq + Hash, T: Clone>(
    base: &Lists<K, T>,
    ours: &Lists<K, T>,
    theirs: &Lists<K, T>,
    id: impl Fn(&T) -> Id + Copy,
    mut decide: impl FnMut(Option<&T>, Option<&T>, Option<&T>) -> Option<T>,
) -> Lists<K, T> {
    let index = |lists: &Lists<K, T>| -> HashMap<Id, (usize, usize)> {
        let mut map = HashMap::new();
        for (k, (_, list)) in lists.iter().enumerate() {
            for (i, item) in list.iter().enumerate() {
                map.entry(id(item)).or_insert((k, i));
            }
        }
        map
    };
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let item = |lists: &Lists<K, T>, at: Option<&(usize, usize)>| -> Option<T> {
        at.and_then(|&(k, i)| lists.get(k).and_then(|(_, l)| l.get(i))).cloned()
    };
    let moved_ours = moved(base, ours, id);
    let moved_theirs = moved(base, theirs, id);
    let mut pending: HashMap<Id, Option<T>> = HashMap::new();
    let mut out: Lists<K, T> = Vec::with_capacity(ours.len());
    for (key, list) in ours {
        let mut merged = Vec::with_capacity(list.len());
        for o in list {
            let x = id(o);
            let result = decide(item(base, bi.get(&x)).as_ref(), Some(o), item(theirs, ti.get(&x)).as_ref());
            if moved_theirs.contains(&x) && !moved_ours.contains(&x) {
                pending.insert(x, result);
            } else if let Some(r) = result {
                merged.push(r);
            }
        }
        out.push((key.clone(), merged));
    }
    for (key, list) in theirs {
        if !out.iter().any(|(k, _)| k == key) {
            out.push((key.clone(), Vec::new()));
        }
        for (at, t) in list.iter().enumerate() {
            let x = id(t);
            let result = if oi.contains_key(&x) {
                pending.remove(&x).flatten()
            } else {
                decide(item(base, bi.get(&x)).as_ref(), None, Some(t))
            };
            let Some(r) = result else { continue };
            let Some(k) = out.iter().position(|(k, _)| k == key) else { continue };
            let target = &mut out[k].1;
            // After the nearest preceding neighbour (in their list) that is in the merged list.
            let after = list[..at].iter().rev().find_map(|p| target.iter().position(|m| id(m) == id(p)));
            let mut place = after.map_or(0, |i| i + 1);
            // What we added at the same place comes first.
            while target.get(place).is_some_and(|m| !bi.contains_key(&id(m)) && !ti.contains_key(&id(m))) {
                place += 1;
            }
            target.insert(place, r);
        }
    }
    out
}

/// The ids of items `side` moved since `base`: to another list, or out of order in their list
/// (not on the longest run that kept its order, found by `similar`).
fn moved<K: Eq + Hash, T>(base: &Lists<K, T>, side: &Lists<K, T>, id: impl Fn(&T) -> Id) -> HashSet<Id> {
    let mut kb: HashMap<Id, usize> = HashMap::new();
    for (k, (_, l)) in base.iter().enumerate() {
        for x in l {
            kb.insert(id(x), k);
        }
    }
    let keys_base: HashMap<&K, usize> = base.iter().enumerate().map(|(k, (key, _))| (key, k)).collect();
    let mut out = HashSet::new();
    for (key, list) in side {
        let Some(&k_base) = keys_base.get(key) else {
            out.extend(list.iter().map(&id).filter(|x| kb.contains_key(x)));
            continue;
        };
        let stayed = |x: &Id| kb.get(x) == Some(&k_base);
        let now: Vec<Id> = list.iter().map(&id).filter(|x| kb.contains_key(x)).collect();
        for x in now.iter().filter(|x| !stayed(x)) {
            out.insert(*x);
        }
        let now: Vec<Id> = now.into_iter().filter(|x| stayed(x)).collect();
        let side_ids: HashSet<Id> = now.iter().copied().collect();
        let before: Vec<Id> = base[k_base].1.iter().map(&id).filter(|x| side_ids.contains(x)).collect();
        for op in similar::capture_diff_slices(Algorithm::Myers, &before, &now) {
            if let DiffOp::Insert { new_index, new_len, .. } | DiffOp::Replace { new_index, new_len, .. } = op {
                out.extend(now[new_index..new_index + new_len].iter().copied());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_changed_apart_combine_and_overlapping_ones_conflict() {
        let base = "Councils met twice and approved every budget without debate.";
        let ours = "Councils met three times and approved every budget without debate.";
        let theirs = "Councils met twice and approved each budget without any debate.";
        assert_eq!(
            merge_text(base, ours, theirs).as_deref(),
            Some("Councils met three times and approved each budget without any debate.")
        );
        assert_eq!(merge_text(base, "Councils met once and approved", "Councils met rarely and approved"), None);
        // The same change on both sides is taken once.
        assert_eq!(merge_text(base, ours, ours).as_deref(), Some(ours));
    }
}
