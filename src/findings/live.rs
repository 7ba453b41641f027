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
    definitions: Vec<Finding>,
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
    /// The category it is in (`None` for the other sections) and which other section.
    section: OwnedSection,
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

/// A [`Section`] that owns its category code.
#[derive(Clone, Debug, PartialEq, Eq)]
enum OwnedSection {
    ScoreChanges,
    ExecutiveSummary,
    AtAGlance,
    Category(String),
}

impl OwnedSection {
    fn of(section: Section<'_>) -> Self {
        match section {
            Section::ScoreChanges => Self::ScoreChanges,
            Section::ExecutiveSummary => Self::ExecutiveSummary,
            Section::AtAGlance => Self::AtAGlance,
            Section::Category(code) => Self::Category(code.to_owned()),
        }
    }

    fn borrow(&self) -> Section<'_> {
        match self {
            Self::ScoreChanges => Section::ScoreChanges,
            Self::ExecutiveSummary => Section::ExecutiveSummary,
            Self::AtAGlance => Section::AtAGlance,
            Self::Category(code) => Section::Category(code),
        }
    }

    fn category(&self) -> Option<&str> {
        match self {
            Self::Category(code) => Some(code),
            _ => None,
        }
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

/// What the footnote pass found.
#[derive(Debug, Default)]
struct NotePass {
    /// Some footnote changed, came, went or moved.
    any: bool,
    /// Some label changed, or a footnote came, went or moved.
    labels: bool,
    /// The labels markers may cite changed.
    defined: bool,
}

/// What the block pass found.
#[derive(Debug, Default)]
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
        let spelling = options.spelling.map(crate::spelling::Checker::fingerprint);
        if self.method.as_ref() != Some(method) || self.spelling != spelling {
            *self = Self { method: Some(method.clone()), spelling, ..Self::default() };
        }
        self.pass += 1;
        let Some(blocks) = self.read_blocks(chapter, options) else {
            return self.start_afresh(chapter, method, options);
        };
        let Some(note_pass) = self.read_notes(chapter) else {
            return self.start_afresh(chapter, method, options);
        };
        let (notes, defined_changed) = (note_pass.any, note_pass.defined);
        if defined_changed {
            let defined = &self.defined;
            for entry in self.blocks.values_mut() {
                entry.marker_findings = marker_findings(entry, defined);
            }
        }
        // The findings that are not one block's or one footnote's alone.
        let mut header = Vec::new();
        text::check_header(chapter, method, &mut header);
        let mut changed = header != self.header;
        self.header = header;

        let ratings_key = self.ratings_key.as_ref().filter(|k| k.matches(chapter));
        let mut rated = HashSet::new();
        if ratings_key.is_none() {
            let key = RatingsKey::of(chapter);
            rated = self.ratings_key.as_ref().map_or_else(
                || chapter.categories.iter().map(|c| c.code.clone()).collect(),
                |old| old.changed_codes(&key),
            );
            self.ratings.clear();
            ratings::check(chapter, method, &mut self.ratings);
            self.ratings_key = Some(key);
            changed = true;
        }
        if note_pass.labels || blocks.usage {
            self.unused.clear();
            let uses = &self.uses;
            footnotes::unused(chapter, |label| uses.get(label).is_some_and(|c| c.markers > 0), &mut self.unused);
            changed = true;
        }
        let order_in_read = self.order.iter().any(|f| f.location.block.is_some_and(|b| blocks.read.contains(&b)));
        if blocks.moved || blocks.labels || order_in_read {
            self.order.clear();
            let cited = chapter.text_blocks().flat_map(|(section, block)| {
                markers::scan(&block.text)
                    .into_iter()
                    .filter(|m| m.problem.is_none())
                    .map(move |m| (section, block.id, m.label, m.range))
            });
            footnotes::check_order(cited, &mut self.order);
            changed = true;
        }
        changed |= self.review_changed(chapter, method, &blocks, notes, &rated);
        let anything = blocks.any || blocks.moved || notes || !rated.is_empty();
        if self.conflicts.as_ref() != Some(&chapter.conflicts) || (!chapter.conflicts.is_empty() && anything) {
            self.conflict_findings.clear();
            super::conflicts::check(chapter, method, &mut self.conflict_findings);
            self.conflicts = Some(chapter.conflicts.clone());
            changed = true;
        }
        changed |= blocks.any || blocks.moved || notes || defined_changed;
        if changed {
            self.assemble(chapter, method);
        }
        Changed { blocks: blocks.any, footnotes: notes, labels: note_pass.labels, findings: changed }
    }

    /// Reads again the blocks whose text or section changed; `None` if two blocks share an id.
    fn read_blocks(&mut self, chapter: &Chapter, options: &CheckOptions<'_>) -> Option<BlockPass> {
        let mut found = BlockPass::default();
        let mut count = 0;
        for (index, (section, block)) in chapter.text_blocks().enumerate() {
            count += 1;
            match self.blocks.get_mut(&block.id) {
                Some(e) if e.pass == self.pass => return None,
                Some(e) if e.text == block.text && e.section.borrow() == section => {
                    e.pass = self.pass;
                    if e.index != index {
                        e.index = index;
                        found.moved = true;
                        found.categories.extend(e.section.category().map(str::to_owned));
                    }
                }
                _ => {
                    let old = self.blocks.remove(&block.id);
                    let entry = self.read(section, block, index, options);
                    if let Some(old) = &old {
                        self.words.remove(old.section.borrow(), old.words);
                    }
                    self.words.add(section, entry.words);
                    found.any = true;
                    found.read.insert(block.id);
                    found.categories.extend(entry.section.category().map(str::to_owned));
                    match &old {
                        Some(old) => {
                            found.categories.extend(old.section.category().map(str::to_owned));
                            found.moved |= old.index != index;
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
                self.words.remove(entry.section.borrow(), entry.words);
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
    fn read(&self, section: Section<'_>, block: &TextBlock, index: usize, options: &CheckOptions<'_>) -> BlockEntry {
        let markers =
            markers::scan(&block.text).into_iter().map(|m| (m.label.to_owned(), m.range, m.problem)).collect();
        let misspelt = options.spelling.map(|c| c.misspelt(&block.text)).unwrap_or_default();
        let mut entry = BlockEntry {
            pass: self.pass,
            id: block.id,
            index,
            text: block.text.clone(),
            section: OwnedSection::of(section),
            markers,
            own: text::check_block(section, block),
            marker_findings: Vec::new(),
            spelling: super::spelling::note(section, block.id, &misspelt),
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
        self.definitions.clear();
        let notes = &self.notes;
        let mut url = |f: &Footnote| notes.get(&f.id).and_then(|n| n.url_problem);
        let defined = footnotes::check_definitions(chapter, &mut self.definitions, &mut url);
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
    ) -> bool {
        let review = self.review.as_ref() != Some(&chapter.review);
        if review {
            self.review = Some(chapter.review.clone());
            self.states.clear();
        }
        if chapter.review.is_empty() {
            let had = !self.states.is_empty() || !self.proposals.is_empty() || !self.comments.is_empty();
            self.states.clear();
            self.proposals.clear();
            self.comments.clear();
            return had || review;
        }
        let mut ran = review;
        self.states.retain(|code, _| chapter.category(code).is_some());
        for entry in &chapter.categories {
            let dirty = rated.contains(&entry.code) || blocks.categories.contains(&entry.code);
            if dirty || !self.states.contains_key(&entry.code) {
                let mut found = Vec::new();
                review::states(chapter, method, &entry.code, &mut found);
                self.states.insert(entry.code.clone(), found);
                ran = true;
            }
        }
        if review || !rated.is_empty() {
            self.proposals.clear();
            review::proposals(chapter, method, &mut self.proposals);
            ran = true;
        }
        if review || blocks.any || blocks.moved || notes || !rated.is_empty() {
            self.comments.clear();
            review::comments(chapter, &mut self.comments);
            ran = true;
        }
        ran
    }

    /// Puts the findings together in the order `check_with` makes them, then sorts them the way
    /// it does, by the positions remembered.
    fn assemble(&mut self, chapter: &Chapter, method: &Methodology) {
        let mut out = self.header.clone();
        out.extend_from_slice(&self.ratings);
        text::check_sections(chapter, &mut out);
        // One block's findings have one position, so the blocks may come in any order: the sort
        // puts them in place, keeping each block's own in the order they were made.
        out.extend(self.blocks.values().filter_map(|b| b.own.clone()));
        text::check_justified(chapter, method, &mut out);
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
            chapter,
            &mut out,
            |id| blocks.get(&id).map(|b| b.index),
            |id| notes.get(&id).map(|n| n.index),
        );
        self.findings = out;
    }

    /// Forgets what was remembered and checks the whole chapter (two blocks or two footnotes
    /// with one id, which loading never lets happen, cannot be told apart by id).
    fn start_afresh(&mut self, chapter: &Chapter, method: &Methodology, options: &CheckOptions<'_>) -> Changed {
        let findings = super::check_with(chapter, method, options);
        let changed = findings != self.findings;
        *self = Self { method: self.method.take(), spelling: self.spelling, ..Self::default() };
        self.findings = findings;
        Changed { blocks: true, footnotes: true, labels: true, findings: changed }
    }
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
        entry.section.borrow(),
        entry.id,
        entry.markers.iter().map(|(label, range, problem)| (label.as_str(), range, *problem)),
        |label| defined.contains(label),
        &mut out,
    );
    out
}
