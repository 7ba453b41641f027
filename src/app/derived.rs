//! Figures derived from the chapter — the score card, the findings, where each footnote is
//! used, word counts — kept up to date as it changes, reading again only what changed.

use std::collections::{HashMap, HashSet};

use crate::findings::Finding;
use crate::method::Methodology;
use crate::model::review::{Anchor, Summary};
use crate::model::{Chapter, Id};
use crate::progress::Progress;
use crate::score::{CardLines, ScoreCard};
use crate::spelling::{BlockCache, Checker, Misspelling};

/// Figures derived from the chapter, recomputed when it changes.
#[derive(Debug)]
pub struct Derived {
    pub(super) revision: Option<u64>,
    pub(super) text_revision: Option<u64>,
    /// The score card.
    pub card: ScoreCard,
    /// The score card as lines, as every renderer of it draws it.
    pub lines: CardLines,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// How far the chapter has got (the to-do list of a chapter not started yet).
    pub progress: Progress,
    /// Footnote labels defined.
    pub labels: HashSet<String>,
    /// Where each footnote label is used: block ids in reading order.
    pub uses: HashMap<String, Vec<Id>>,
    /// Word counts.
    pub words: crate::find::WordCounts,
    /// Each footnote label's index in the footnote list (the first, if it is defined twice).
    pub notes: HashMap<String, usize>,
    /// The review at a glance.
    pub review: Summary,
    /// The comments on each place, oldest first.
    pub comments_on: HashMap<Anchor, Vec<Id>>,
    /// The score card each open proposal would give, by proposal.
    pub would_be: HashMap<Id, ScoreCard>,
    /// The misspelt words of each text block and footnote, while spelling is checked.
    pub misspelt: HashMap<Id, Vec<Misspelling>>,
    /// The misspelt words of the title.
    pub title_misspelt: Vec<Misspelling>,
    /// The spelling checker the misspellings are of; `None` while spelling is off or its
    /// dictionary is not ready.
    checker: Option<Checker>,
    spelling_cache: BlockCache,
    /// What each block's text gave last time, so that only the blocks that changed are read
    /// again.
    blocks: HashMap<Id, BlockFacts>,
}

/// What one block's text gives: its words and the footnote labels it cites.
#[derive(Clone, Debug)]
struct BlockFacts {
    text: String,
    words: usize,
    labels: Vec<String>,
}

impl BlockFacts {
    fn of(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            words: crate::find::words(text),
            labels: crate::model::markers::markers(text).map(|m| m.label.to_owned()).collect(),
        }
    }
}

impl Derived {
    pub(super) fn compute(chapter: &Chapter, method: &Methodology) -> Self {
        let card = ScoreCard::compute(chapter, method);
        let mut derived = Self {
            revision: None,
            text_revision: None,
            lines: card.lines(chapter, method),
            card,
            findings: crate::findings::check(chapter, method),
            progress: Progress::of(chapter, method),
            labels: HashSet::new(),
            uses: HashMap::new(),
            words: crate::find::WordCounts::default(),
            notes: HashMap::new(),
            review: Summary::of(chapter),
            comments_on: HashMap::new(),
            would_be: HashMap::new(),
            misspelt: HashMap::new(),
            title_misspelt: Vec::new(),
            checker: None,
            spelling_cache: BlockCache::new(),
            blocks: HashMap::new(),
        };
        derived.review_changed(chapter, method);
        derived.text_changed(chapter);
        derived
    }

    /// Recomputes what a change may have changed: everything when the text changed, the score
    /// card and the findings when only ratings did.
    pub(super) fn refresh(&mut self, chapter: &Chapter, method: &Methodology, revision: u64, text_revision: u64) {
        if self.revision == Some(revision) {
            return;
        }
        self.card = ScoreCard::compute(chapter, method);
        self.lines = self.card.lines(chapter, method);
        self.progress = Progress::of(chapter, method);
        self.review_changed(chapter, method);
        self.revision = Some(revision);
        if self.text_revision != Some(text_revision) {
            self.text_changed(chapter);
            self.spell(chapter);
            self.text_revision = Some(text_revision);
        }
        self.findings = self.all_findings(chapter, method);
    }

    /// Uses `checker` for spelling from now on (`None`: spelling off). A checker that lets
    /// other words pass (another dictionary, a word added) re-checks every block.
    pub(super) fn set_checker(&mut self, checker: Option<Checker>, chapter: &Chapter, method: &Methodology) {
        let same = match (&self.checker, &checker) {
            (None, None) => true,
            (Some(a), Some(b)) => a.fingerprint() == b.fingerprint(),
            _ => false,
        };
        if same {
            return;
        }
        self.checker = checker;
        self.spell(chapter);
        self.findings = self.all_findings(chapter, method);
    }

    /// Up to six corrections for `word`, best first; none while spelling is off.
    #[must_use]
    pub fn suggest(&self, word: &str) -> Vec<String> {
        self.checker.as_ref().map(|c| c.suggest(word)).unwrap_or_default()
    }

    /// Whether spelling is being checked (the dictionary is ready and spelling is on).
    #[must_use]
    pub fn spelling_on(&self) -> bool {
        self.checker.is_some()
    }

    /// The findings of the chapter, with a spelling note for each block with misspelt words
    /// while spelling is checked.
    fn all_findings(&self, chapter: &Chapter, method: &Methodology) -> Vec<Finding> {
        let mut findings = crate::findings::check(chapter, method);
        if self.checker.is_some() {
            for (section, block) in chapter.text_blocks() {
                if let Some(found) = self.misspelt.get(&block.id) {
                    findings.extend(crate::findings::spelling_note(section, block.id, found));
                }
            }
        }
        findings
    }

    /// Finds the misspelt words of every block and footnote; the cache answers for those whose
    /// text did not change.
    fn spell(&mut self, chapter: &Chapter) {
        self.misspelt.clear();
        self.title_misspelt.clear();
        let Some(checker) = &self.checker else {
            self.spelling_cache.clear();
            return;
        };
        self.title_misspelt = checker.misspelt(&chapter.title);
        let texts = chapter
            .text_blocks()
            .map(|(_, b)| (b.id, b.text.as_str()))
            .chain(chapter.footnotes.iter().map(|f| (f.id, f.text.as_str())));
        for (id, text) in texts {
            let found = self.spelling_cache.misspelt(checker, id, text);
            if !found.is_empty() {
                self.misspelt.insert(id, found.to_vec());
            }
        }
        let ids: std::collections::HashSet<Id> = chapter.ids().collect();
        self.spelling_cache.retain(|id| ids.contains(&id));
    }

    /// Recomputes the review's summary, which comments are on which place, and what each
    /// open proposal would do to the score card.
    fn review_changed(&mut self, chapter: &Chapter, method: &Methodology) {
        let review = &chapter.review;
        self.review = Summary::of(chapter);
        self.comments_on.clear();
        for c in &review.comments {
            self.comments_on.entry(c.anchor.clone()).or_default().push(c.id);
        }
        self.would_be = review
            .proposals
            .iter()
            .filter(|p| p.decision.is_none())
            .map(|p| (p.id, ScoreCard::if_rated(chapter, method, &p.category, p.rating)))
            .collect();
    }

    /// Recomputes what depends on the text only: labels, where each is used, word counts.
    /// Blocks whose text is as it was are not read again.
    fn text_changed(&mut self, chapter: &Chapter) {
        let mut before = std::mem::take(&mut self.blocks);
        let mut uses: HashMap<String, Vec<Id>> = HashMap::new();
        let mut words = crate::find::WordCounts::default();
        for (section, block) in chapter.text_blocks() {
            let facts = match before.remove(&block.id) {
                Some(facts) if facts.text == block.text => facts,
                _ => BlockFacts::of(&block.text),
            };
            words.add(section, facts.words);
            for label in &facts.labels {
                let list = uses.entry(label.clone()).or_default();
                if list.last() != Some(&block.id) {
                    list.push(block.id);
                }
            }
            self.blocks.insert(block.id, facts);
        }
        self.labels = chapter.footnotes.iter().map(|f| f.label.clone()).collect();
        self.notes.clear();
        for (i, f) in chapter.footnotes.iter().enumerate() {
            self.notes.entry(f.label.clone()).or_insert(i);
        }
        self.uses = uses;
        self.words = words;
    }

    /// The most serious finding's severity in category `code`, if it has any.
    #[must_use]
    pub fn worst_in(&self, code: &str) -> Option<crate::findings::Severity> {
        self.findings
            .iter()
            .filter(|f| matches!(&f.location.place, crate::findings::Place::Category(c) if c == code))
            .map(|f| f.severity)
            .min()
    }

    /// How many findings are in category `code`.
    #[must_use]
    pub fn findings_in(&self, code: &str) -> usize {
        self.findings
            .iter()
            .filter(|f| matches!(&f.location.place, crate::findings::Place::Category(c) if c == code))
            .count()
    }
}
