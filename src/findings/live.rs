//! Findings kept up to date as a chapter is edited, re-checking only what changed.
//!
//! [`Live`] remembers, for every text block, its text and what it gave (its own finding, its
//! markers and theirs, its misspelt words) and, for every footnote, its label, text and address
//! and what is wrong with the address. [`Live::update`] compares the chapter with what it
//! remembers: a block typed in is read again, the others are not; the footnote-usage index
//! changes by the difference between the block's old and new markers; the rating and
//! score-change rules run only when a rating, a score-change item, the country or the edition
//! changed; a review state is looked at again only when its category changed.
//!
//! The findings are always those [`super::check_with`] gives for the same chapter, in the same
//! order: the checks are the same functions, fed from what is remembered (a property test
//! applies random edits and compares the two after every step).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{CheckOptions, Finding, footnotes, ratings, review, text};
use crate::find::WordCounts;
use crate::method::Methodology;
use crate::model::markers::{self, MarkerProblem};
use crate::model::review::Review;
use crate::model::{Chapter, Conflict, Footnote, Id, Rating, Section, TextBlock};
use crate::spelling::Misspelling;

/// Findings kept up to date, edit by edit. See the [module documentation](self).
#[derive(Debug, Default)]
pub struct Live {
    /// Every finding, in chapter order, as of the last update.
    findings: Vec<Finding>,
    /// What the last update was given, besides the chapter: changing either starts afresh.
    method: Option<Methodology>,
    spelling: Option<u64>,
    /// Bumped by every update; entries not seen in this one were deleted.
    pass: u64,
    /// Whether the blocks and footnotes have been read since the last fresh start.
    read_once: bool,
    blocks: HashMap<Id, BlockEntry>,
    notes: HashMap<Id, NoteEntry>,
    /// How many well-formed markers cite each label, and the blocks citing it in reading order.
    uses: HashMap<String, Citing>,
    /// The labels a marker may cite (usable, first definitions).
    defined: HashSet<String>,
    /// The words of the text blocks, by section, kept up to date by difference.
    words: WordCounts,
    /// What the rating and score-change rules last read.
    ratings_key: Option<RatingsKey>,
    /// The review and the conflicts as last read.
    review: Option<Review>,
    conflicts: Option<Vec<Conflict>>,
    /// The findings of each kind that is not one block's alone, in the order `check_with`
    /// makes them.
    header: Vec<Finding>,
    ratings: Vec<Finding>,
    /// Empty sections and rated categories without bullets.
    sections: Vec<Finding>,
    definitions: Vec<Finding>,
    /// The definitions' findings just checked, before they replace `definitions`.
    new_definitions: Vec<Finding>,
    unused: Vec<Finding>,
    order: Vec<Finding>,
    /// The review state findings of each category, by code.
    states: HashMap<String, Vec<Finding>>,
    proposals: Vec<Finding>,
    comments: Vec<Finding>,
    conflict_findings: Vec<Finding>,
}

/// The blocks citing one label.
#[derive(Clone, Debug, Default)]
struct Citing {
    /// Well-formed markers of the label, all blocks together.
    markers: usize,
    /// The blocks with such a marker, in reading order, each once.
    blocks: Vec<Id>,
}

/// One text block as last seen, and what it gave.
#[derive(Clone, Debug)]
struct BlockEntry {
    pass: u64,
    id: Id,
    /// Its position among the text blocks in reading order.
    index: usize,
    text: String,
    /// The section it is in.
    section: Section,
    /// Every marker and marker-like piece of its text.
    markers: Vec<(String, Range<usize>, Option<MarkerProblem>)>,
    /// Its own finding: empty, or a bullet citing nothing.
    own: Option<Finding>,
    /// Its malformed markers and markers of undefined labels.
    marker_findings: Vec<Finding>,
    misspelt: Vec<Misspelling>,
    spelling: Option<Finding>,
    /// Its words, footnote markers left out.
    words: usize,
}

impl BlockEntry {
    /// The well-formed markers' labels.
    fn cited(&self) -> impl Iterator<Item = &str> {
        self.markers.iter().filter(|m| m.2.is_none()).map(|m| m.0.as_str())
    }
}

/// One footnote as last seen.
#[derive(Clone, Debug)]
struct NoteEntry {
    pass: u64,
    index: usize,
    label: String,
    text: String,
    url: Option<String>,
    /// What is wrong with its address.
    url_problem: Option<&'static str>,
}

/// What the rating and score-change rules read.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RatingsKey {
    categories: Vec<(String, Option<Rating>, Option<Rating>)>,
    score_changes: Vec<(Id, String)>,
    country: String,
    edition: i32,
}

impl RatingsKey {
    fn of(chapter: &Chapter) -> Self {
        Self {
            categories: chapter.categories.iter().map(|c| (c.code.clone(), c.rating, c.last_year)).collect(),
            score_changes: chapter.score_changes.iter().map(|b| (b.id, b.text.clone())).collect(),
            country: chapter.country.clone(),
            edition: chapter.edition,
        }
    }

    /// Whether `chapter` reads as this key, without copying anything.
    fn matches(&self, chapter: &Chapter) -> bool {
        self.country == chapter.country
            && self.edition == chapter.edition
            && self.categories.len() == chapter.categories.len()
            && self
                .categories
                .iter()
                .zip(&chapter.categories)
                .all(|((code, now, last), c)| *code == c.code && *now == c.rating && *last == c.last_year)
            && self.score_changes.len() == chapter.score_changes.len()
            && self
                .score_changes
                .iter()
                .zip(&chapter.score_changes)
                .all(|((id, text), b)| *id == b.id && *text == b.text)
    }

    /// The codes whose rating (this year's or last year's) differs in `other`, or that only one
    /// of them has.
    fn changed_codes(&self, other: &Self) -> HashSet<String> {
        let mut codes = HashSet::new();
        for (code, now, last) in &self.categories {
            if !other.categories.iter().any(|(c, n, l)| c == code && n == now && l == last) {
                codes.insert(code.clone());
            }
        }
        for (code, now, last) in &other.categories {
            if !self.categories.iter().any(|(c, n, l)| c == code && n == now && l == last) {
                codes.insert(code.clone());
            }
        }
        codes
    }
}

/// What an update found changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag for each kind of change
pub struct Changed {
    /// A text block's text, or which blocks there are or where.
    pub blocks: bool,
    /// A footnote, or which footnotes there are or their order.
    pub footnotes: bool,
    /// A footnote's label, or which footnotes there are or their order.
    pub labels: bool,
    /// Any finding.
    pub findings: bool,
}

/// How far a change in one kind of finding reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Spread {
    /// Nothing changed.
    Same,
    /// Only findings in the blocks read again changed.
    InRead,
    /// Findings elsewhere changed, or findings moved: the list is put together again.
    Wide,
}

/// Puts `new` in `slot` and says how far the change reaches.
fn replace(slot: &mut Vec<Finding>, new: Vec<Finding>, read: &HashSet<Id>) -> Spread {
    if *slot == new {
        return Spread::Same;
    }
    let outside = |list: &[Finding]| {
        list.iter().filter(|f| !f.location.block.is_some_and(|b| read.contains(&b))).cloned().collect::<Vec<_>>()
    };
    let spread = if outside(slot) == outside(&new) { Spread::InRead } else { Spread::Wide };
    *slot = new;
    spread
}

/// What the footnote pass found.
#[derive(Debug, Default)]
#[allow(clippy::struct_excessive_bools)] // one flag for each kind of change
struct NotePass {
    /// Some footnote changed, came, went or moved.
    any: bool,
    /// Some label changed, or a footnote came, went or moved.
    labels: bool,
    /// The labels markers may cite changed.
    defined: bool,
    /// The definitions were checked again (into `Live::new_definitions`).
    defined_checked: bool,
}

/// What the block pass found.
#[derive(Debug, Default)]
#[allow(clippy::struct_excessive_bools)] // one flag for each kind of change
struct BlockPass {
    /// Some block's text or section changed, or a block came or went.
    any: bool,
    /// Some block moved, came or went.
    moved: bool,
    /// Some block's well-formed labels changed.
    labels: bool,
    /// Some label came to be used, or stopped being used.
    usage: bool,
    /// The blocks read again.
    read: HashSet<Id>,
    /// Categories whose bullets changed.
    categories: HashSet<String>,
}

impl Live {
    /// No findings yet; the first [`Self::update`] checks everything.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Every finding, in chapter order, as of the last update: what
    /// [`super::check_with`] gives for that chapter with the same options.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The misspelt words of text block `id`, as of the last update (none while spelling is off).
    #[must_use]
    pub fn misspelt(&self, id: Id) -> &[Misspelling] {
        self.blocks.get(&id).map_or(&[][..], |b| b.misspelt.as_slice())
    }

    /// The words of the text blocks, by section, as of the last update.
    #[must_use]
    pub fn words(&self) -> &WordCounts {
        &self.words
    }

    /// The text blocks citing footnote label `label`, in reading order.
    #[must_use]
    pub fn citing(&self, label: &str) -> &[Id] {
        self.uses.get(label).map_or(&[][..], |c| c.blocks.as_slice())
    }

    /// Brings the findings up to date with `chapter`: reads again only the blocks and footnotes
    /// that changed, and re-runs only the rules whose inputs changed.
    pub fn update(&mut self, chapter: &Chapter, method: &Methodology, options: &CheckOptions<'_>) -> Changed {
        self.update_with(chapter, method, *options, true)
    }

    /// Brings the findings up to date after an edit that changed nothing but ratings (this
    /// year's or last year's): the text blocks and footnotes are not even compared, and only
    /// the rules that read ratings run again. After any other edit, use [`Self::update`].
    pub fn update_ratings(&mut self, chapter: &Chapter, method: &Methodology, options: &CheckOptions<'_>) -> Changed {
        self.update_with(chapter, method, *options, false)
    }

    fn update_with(
        &mut self,
        chapter: &Chapter,
        method: &Methodology,
        options: CheckOptions<'_>,
        read_text: bool,
    ) -> Changed {
        let spelling = options.spelling.map(crate::spelling::Checker::fingerprint);
        // The same file (one `Arc`) is the same methodology: no need to compare the files.
        let same_method =
            self.method.as_ref().is_some_and(|m| std::sync::Arc::ptr_eq(&m.def, &method.def) && m.id == method.id)
                || self.method.as_ref() == Some(method);
        if !same_method || self.spelling != spelling {
            *self = Self { method: Some(method.clone()), spelling, ..Self::default() };
        }
        // What has never been read must be read, whatever the caller knows changed.
        let read_text = read_text || !self.read_once;
        self.read_once = true;
        self.pass += 1;
        // The reading order: the methodology's outline, which every position is taken in.
        let sections = method.sections(chapter);
        let order = super::Order::from_sections(&sections);
        let blocks = if read_text {
            let Some(blocks) = self.read_blocks(chapter, method, &sections, options) else {
                return self.start_afresh(chapter, method, options);
            };
            blocks
        } else {
            BlockPass::default()
        };
        let note_pass = if read_text {
            let Some(note_pass) = self.read_notes(chapter) else {
                return self.start_afresh(chapter, method, options);
            };
            note_pass
        } else {
            NotePass::default()
        };
        let (notes, defined_changed) = (note_pass.any, note_pass.defined);
        if defined_changed {
            let defined = &self.defined;
            for entry in self.blocks.values_mut() {
                entry.marker_findings = marker_findings(entry, defined);
            }
        }
        // The findings that are not one block's or one footnote's alone. Each kind says how it
        // changed: not at all, only in the blocks read again, or more widely.
        let read = &blocks.read;
        let mut spread = Spread::Same;
        let mut header = Vec::new();
        text::check_header(chapter, method, &mut header);
        spread = spread.max(replace(&mut self.header, header, read));

        let mut rated = HashSet::new();
        if !self.ratings_key.as_ref().is_some_and(|k| k.matches(chapter)) {
            let key = RatingsKey::of(chapter);
            rated = self.ratings_key.as_ref().map_or_else(
                || chapter.categories.iter().map(|c| c.code.clone()).collect(),
                |old| old.changed_codes(&key),
            );
            let mut found = Vec::new();
            ratings::check(chapter, method, &mut found);
            spread = spread.max(replace(&mut self.ratings, found, read));
            self.ratings_key = Some(key);
        }
        let mut found = Vec::new();
        text::check_sections(chapter, method, &mut found);
        text::check_justified(chapter, method, &mut found);
        spread = spread.max(replace(&mut self.sections, found, read));
        if note_pass.defined_checked {
            spread = spread.max(replace(&mut self.definitions, std::mem::take(&mut self.new_definitions), read));
        }
        if note_pass.labels || blocks.usage {
            let mut found = Vec::new();
            let uses = &self.uses;
            footnotes::unused(chapter, |label| uses.get(label).is_some_and(|c| c.markers > 0), &mut found);
            spread = spread.max(replace(&mut self.unused, found, read));
        }
        let order_in_read = self.order.iter().any(|f| f.location.block.is_some_and(|b| read.contains(&b)));
        if blocks.moved || blocks.labels || order_in_read {
            let mut found = Vec::new();
            // The markers as remembered, in reading order: no text is scanned again.
            let entries = &self.blocks;
            let cited = in_order(chapter, &sections).flat_map(|(_, block)| {
                entries.get(&block.id).into_iter().flat_map(move |e| {
                    e.markers
                        .iter()
                        .filter(|m| m.2.is_none())
                        .map(move |m| (&e.section, block.id, m.0.as_str(), m.1.clone()))
                })
            });
            footnotes::check_order(cited, &mut found);
            spread = spread.max(replace(&mut self.order, found, read));
        }
        // Conflicts in the review name their comment or proposal: read again when it changed.
        let review_moved = !chapter.conflicts.is_empty() && self.review.as_ref() != Some(&chapter.review);
        spread = spread.max(self.review_changed(chapter, method, &blocks, notes, &rated));
        let anything = blocks.any || blocks.moved || notes || !rated.is_empty() || review_moved;
        if self.conflicts.as_ref() != Some(&chapter.conflicts) || (!chapter.conflicts.is_empty() && anything) {
            let mut found = Vec::new();
            super::conflicts::check(chapter, method, &mut found);
            spread = spread.max(replace(&mut self.conflict_findings, found, read));
            self.conflicts = Some(chapter.conflicts.clone());
        }
        if blocks.moved || defined_changed || note_pass.labels {
            // Blocks or footnotes moved (so the order of findings may change), or findings of
            // blocks not read again did.
            spread = Spread::Wide;
        } else if blocks.any {
            spread = spread.max(Spread::InRead);
        }
        match spread {
            Spread::Same => {}
            Spread::InRead => self.patch(&order, read),
            Spread::Wide => self.assemble(chapter, &order),
        }
        Changed { blocks: blocks.any, footnotes: notes, labels: note_pass.labels, findings: spread != Spread::Same }
    }

    /// Reads again the blocks whose text or section changed; `None` if two blocks share an id.
    fn read_blocks(
        &mut self,
        chapter: &Chapter,
        method: &Methodology,
        sections: &[Section],
        options: CheckOptions<'_>,
    ) -> Option<BlockPass> {
        let mut found = BlockPass::default();
        let mut count = 0;
        for (index, (section, block)) in in_order(chapter, sections).enumerate() {
            count += 1;
            match self.blocks.get_mut(&block.id) {
                Some(e) if e.pass == self.pass => return None,
                Some(e) if e.text == block.text && e.section == *section => {
                    e.pass = self.pass;
                    if e.index != index {
                        e.index = index;
                        found.moved = true;
                        found.categories.extend(e.section.category().map(str::to_owned));
                    }
                }
                _ => {
                    let old = self.blocks.remove(&block.id);
                    let entry = self.read(section.clone(), block, index, method, options);
                    if let Some(old) = &old {
                        self.words.remove(&old.section, old.words);
                    }
                    self.words.add(&entry.section, entry.words);
                    found.any = true;
                    found.read.insert(block.id);
                    found.categories.extend(entry.section.category().map(str::to_owned));
                    match &old {
                        Some(old) => {
                            found.categories.extend(old.section.category().map(str::to_owned));
                            // A block that changed sections moves past the sections' own
                            // findings, even where its position in reading order is the same.
                            found.moved |= old.index != index || old.section != entry.section;
                        }
                        None => found.moved = true,
                    }
                    let before: Vec<String> =
                        old.as_ref().map(|o| o.cited().map(str::to_owned).collect()).unwrap_or_default();
                    let after: Vec<String> = entry.cited().map(str::to_owned).collect();
                    if before != after {
                        found.labels = true;
                        found.usage |= self.cite(block.id, index, &before, &after);
                    }
                    self.blocks.insert(block.id, entry);
                }
            }
        }
        if count != self.blocks.len() {
            let pass = self.pass;
            let ids: Vec<Id> = self.blocks.iter().filter(|(_, e)| e.pass != pass).map(|(id, _)| *id).collect();
            for id in ids {
                let Some(entry) = self.blocks.remove(&id) else { continue };
                self.words.remove(&entry.section, entry.words);
                found.any = true;
                found.moved = true;
                found.categories.extend(entry.section.category().map(str::to_owned));
                let labels: Vec<String> = entry.cited().map(str::to_owned).collect();
                if !labels.is_empty() {
                    found.labels = true;
                    found.usage |= self.cite(id, entry.index, &labels, &[]);
                }
            }
        }
        if found.moved {
            // Positions changed: the blocks citing each label are put back in reading order.
            let blocks = &self.blocks;
            for citing in self.uses.values_mut() {
                citing.blocks.sort_by_key(|id| blocks.get(id).map_or(usize::MAX, |e| e.index));
            }
        }
        Some(found)
    }

    /// Updates the usage index by difference: block `id` (at `index`) cited the labels `before`
    /// and cites `after` now. Returns whether a label came to be used or stopped being used.
    fn cite(&mut self, id: Id, index: usize, before: &[String], after: &[String]) -> bool {
        let mut crossed = false;
        for label in before {
            if let Some(c) = self.uses.get_mut(label) {
                c.markers = c.markers.saturating_sub(1);
                c.blocks.retain(|b| *b != id);
                crossed |= c.markers == 0;
            }
        }
        for label in after {
            let c = self.uses.entry(label.clone()).or_default();
            crossed |= c.markers == 0;
            c.markers += 1;
            if !c.blocks.contains(&id) {
                let blocks = &self.blocks;
                let at = c.blocks.partition_point(|b| blocks.get(b).is_some_and(|e| e.index < index));
                c.blocks.insert(at, id);
            }
        }
        self.uses.retain(|_, c| c.markers > 0);
        crossed
    }

    /// Reads one block.
    fn read(
        &self,
        section: Section,
        block: &TextBlock,
        index: usize,
        method: &Methodology,
        options: CheckOptions<'_>,
    ) -> BlockEntry {
        let markers =
            markers::scan(&block.text).into_iter().map(|m| (m.label.to_owned(), m.range, m.problem)).collect();
        let misspelt = options.spelling.map(|c| c.misspelt(&block.text)).unwrap_or_default();
        let mut entry = BlockEntry {
            pass: self.pass,
            id: block.id,
            index,
            text: block.text.clone(),
            own: text::check_block(&section, block, method),
            spelling: super::spelling::note(&section, block.id, &misspelt),
            section,
            markers,
            marker_findings: Vec::new(),
            misspelt,
            words: crate::find::words(&block.text),
        };
        entry.marker_findings = marker_findings(&entry, &self.defined);
        entry
    }

    /// Reads again the footnotes that changed; `None` if two footnotes share an id. The
    /// definitions are checked again only when a label, an address, the order or whether a
    /// citation is empty changed: typing in a citation re-checks nothing else.
    fn read_notes(&mut self, chapter: &Chapter) -> Option<NotePass> {
        let mut found = NotePass::default();
        let mut definitions = false;
        for (index, f) in chapter.footnotes.iter().enumerate() {
            match self.notes.get_mut(&f.id) {
                Some(n) if n.pass == self.pass => return None,
                Some(n) => {
                    n.pass = self.pass;
                    if n.index != index || n.label != f.label {
                        found.labels = true;
                    }
                    if n.url != f.url {
                        definitions = true;
                        n.url_problem = footnotes::url_of(f).and_then(footnotes::url_problem);
                        n.url.clone_from(&f.url);
                    }
                    if n.text != f.text {
                        found.any = true;
                        definitions |= n.text.trim().is_empty() != f.text.trim().is_empty();
                        n.text.clone_from(&f.text);
                    }
                    n.index = index;
                    n.label.clone_from(&f.label);
                }
                None => {
                    found.labels = true;
                    self.notes.insert(f.id, NoteEntry::of(f, index, self.pass));
                }
            }
        }
        if chapter.footnotes.len() != self.notes.len() {
            found.labels = true;
            let pass = self.pass;
            self.notes.retain(|_, n| n.pass == pass);
        }
        found.any |= found.labels || definitions;
        if !(found.labels || definitions) {
            return Some(found);
        }
        found.defined_checked = true;
        self.new_definitions.clear();
        let notes = &self.notes;
        let mut url = |f: &Footnote| notes.get(&f.id).and_then(|n| n.url_problem);
        let defined = footnotes::check_definitions(chapter, &mut self.new_definitions, &mut url);
        found.defined = defined.len() != self.defined.len() || defined.iter().any(|l| !self.defined.contains(*l));
        if found.defined {
            self.defined = defined.into_iter().map(str::to_owned).collect();
        }
        Some(found)
    }

    /// Brings the review's findings up to date: every state when the review changed, else the
    /// states of the categories whose rating or bullets changed; the comments when the review
    /// or any text changed. Returns whether anything was re-run.
    fn review_changed(
        &mut self,
        chapter: &Chapter,
        method: &Methodology,
        blocks: &BlockPass,
        notes: bool,
        rated: &HashSet<String>,
    ) -> Spread {
        let read = &blocks.read;
        let review = self.review.as_ref() != Some(&chapter.review);
        if review {
            self.review = Some(chapter.review.clone());
        }
        if chapter.review.is_empty() {
            let had = !self.states.is_empty() || !self.proposals.is_empty() || !self.comments.is_empty();
            self.states.clear();
            self.proposals.clear();
            self.comments.clear();
            return if had { Spread::Wide } else { Spread::Same };
        }
        let mut spread = Spread::Same;
        let before = self.states.len();
        self.states.retain(|code, _| chapter.category(code).is_some());
        if self.states.len() != before {
            spread = Spread::Wide;
        }
        for entry in &chapter.categories {
            let dirty = review || rated.contains(&entry.code) || blocks.categories.contains(&entry.code);
            if dirty || !self.states.contains_key(&entry.code) {
                let mut found = Vec::new();
                review::states(chapter, method, &entry.code, &mut found);
                let slot = self.states.entry(entry.code.clone()).or_default();
                spread = spread.max(replace(slot, found, read));
            }
        }
        if review || !rated.is_empty() {
            let mut found = Vec::new();
            review::proposals(chapter, method, &mut found);
            spread = spread.max(replace(&mut self.proposals, found, read));
        }
        if review || blocks.any || blocks.moved || notes || !rated.is_empty() {
            let mut found = Vec::new();
            review::comments(chapter, method, &mut found);
            spread = spread.max(replace(&mut self.comments, found, read));
        }
        spread
    }

    /// Puts the findings together in the order `check_with` makes them, then sorts them the way
    /// it does, by the positions remembered.
    fn assemble(&mut self, chapter: &Chapter, order: &super::Order) {
        let mut out = self.header.clone();
        out.extend_from_slice(&self.ratings);
        // Empty sections and unjustified ratings are made before and after the blocks' own
        // findings, but are never in a block: in one place here, they sort the same.
        out.extend_from_slice(&self.sections);
        // One block's findings have one position, so the blocks may come in any order: the sort
        // puts them in place, keeping each block's own in the order they were made.
        out.extend(self.blocks.values().filter_map(|b| b.own.clone()));
        out.extend_from_slice(&self.definitions);
        out.extend(self.blocks.values().flat_map(|b| b.marker_findings.iter().cloned()));
        out.extend_from_slice(&self.unused);
        out.extend_from_slice(&self.order);
        for entry in &chapter.categories {
            if let Some(found) = self.states.get(&entry.code) {
                out.extend_from_slice(found);
            }
        }
        out.extend_from_slice(&self.proposals);
        out.extend_from_slice(&self.comments);
        out.extend_from_slice(&self.conflict_findings);
        out.extend(self.blocks.values().filter_map(|b| b.spelling.clone()));
        let (blocks, notes) = (&self.blocks, &self.notes);
        super::sort_by_position(
            order,
            &mut out,
            |id| blocks.get(&id).map(|b| b.index),
            |id| notes.get(&id).map(|n| n.index),
        );
        self.findings = out;
    }

    /// Replaces, in the findings as they stand, the findings of each block in `read` with its
    /// findings now: when nothing moved and nothing outside those blocks changed, the rest of
    /// the list is as it was.
    fn patch(&mut self, order: &super::Order, read: &HashSet<Id>) {
        let (blocks, notes) = (&self.blocks, &self.notes);
        let key = |f: &Finding| {
            super::position_key(order, f, |id| blocks.get(&id).map(|b| b.index), |id| notes.get(&id).map(|n| n.index))
        };
        for id in read {
            let Some(entry) = self.blocks.get(id) else { continue };
            let in_block = |f: &&Finding| f.location.block == Some(*id);
            // This block's findings in the order `check_with` makes them, then by place in
            // its text, as the sort would leave them.
            let mut found: Vec<Finding> = self.ratings.iter().filter(in_block).cloned().collect();
            found.extend(entry.own.iter().cloned());
            found.extend(entry.marker_findings.iter().cloned());
            found.extend(self.order.iter().filter(in_block).cloned());
            found.extend(self.comments.iter().filter(in_block).cloned());
            found.extend(self.conflict_findings.iter().filter(in_block).cloned());
            found.extend(entry.spelling.iter().cloned());
            found.sort_by_key(|f| f.location.range.as_ref().map_or(0, |r| r.start));
            let start = self.findings.iter().position(|f| f.location.block == Some(*id)).unwrap_or_else(|| {
                let place = (super::section_rank(order, &entry.section), entry.index + 1, 0);
                self.findings.partition_point(|f| key(f) < place)
            });
            let end = start + self.findings[start..].iter().take_while(|f| f.location.block == Some(*id)).count();
            self.findings.splice(start..end, found);
        }
    }

    /// Forgets what was remembered and checks the whole chapter (two blocks or two footnotes
    /// with one id, which loading never lets happen, cannot be told apart by id).
    fn start_afresh(&mut self, chapter: &Chapter, method: &Methodology, options: CheckOptions<'_>) -> Changed {
        let findings = super::check_with(chapter, method, &options);
        let changed = findings != self.findings;
        *self = Self { method: self.method.take(), spelling: self.spelling, ..Self::default() };
        self.findings = findings;
        Changed { blocks: true, footnotes: true, labels: true, findings: changed }
    }
}

/// Every text block of `chapter` in the reading order `sections` gives, with its section.
fn in_order<'c>(chapter: &'c Chapter, sections: &'c [Section]) -> impl Iterator<Item = (&'c Section, &'c TextBlock)> {
    sections.iter().flat_map(move |s| s.blocks(chapter).unwrap_or(&[]).iter().map(move |b| (s, b)))
}

impl NoteEntry {
    fn of(f: &Footnote, index: usize, pass: u64) -> Self {
        Self {
            pass,
            index,
            label: f.label.clone(),
            text: f.text.clone(),
            url: f.url.clone(),
            url_problem: footnotes::url_of(f).and_then(footnotes::url_problem),
        }
    }
}

/// The findings of a block's markers, given the labels defined.
fn marker_findings(entry: &BlockEntry, defined: &HashSet<String>) -> Vec<Finding> {
    let mut out = Vec::new();
    footnotes::marker_findings(
        &entry.section,
        entry.id,
        entry.markers.iter().map(|(label, range, problem)| (label.as_str(), range, *problem)),
        |label| defined.contains(label),
        &mut out,
    );
    out
}
