//! Figures derived from the chapter — the score card, the findings, where each footnote is
//! used, word counts — kept up to date as it changes, reading again only what changed: the
//! findings, the footnote uses and the blocks' spelling come from [`crate::findings::Live`].

use std::collections::{HashMap, HashSet};

use crate::findings::{CheckOptions, Finding, Live};
use crate::method::Methodology;
use crate::model::review::{Anchor, Summary};
use crate::model::{Chapter, Id};
use crate::progress::Progress;
use crate::score::{CardLines, ScoreCard};
use crate::spelling::{Checker, Misspelling};

/// Figures derived from the chapter, recomputed when it changes.
#[derive(Debug)]
pub struct Derived {
    pub(super) revision: Option<u64>,
    pub(super) text_revision: Option<u64>,
    /// The score card.
    pub card: ScoreCard,
    /// The score card as lines, as every renderer of it draws it.
    pub lines: CardLines,
    /// Every finding, kept up to date edit by edit.
    live: Live,
    /// How far the chapter has got (the to-do list of a chapter not started yet).
    pub progress: Progress,
    /// Footnote labels defined.
    pub labels: HashSet<String>,
    /// Each footnote label's index in the footnote list (the first, if it is defined twice).
    pub notes: HashMap<String, usize>,
    /// The review at a glance.
    pub review: Summary,
    /// The comments on each place, oldest first.
    pub comments_on: HashMap<Anchor, Vec<Id>>,
    /// The score card each open proposal would give, by proposal.
    pub would_be: HashMap<Id, ScoreCard>,
    /// Those score cards as lines, by proposal.
    pub would_be_lines: HashMap<Id, CardLines>,
    /// The misspelt words of each footnote, while spelling is checked (the blocks' are the
    /// live findings').
    note_misspelt: HashMap<Id, (String, Vec<Misspelling>)>,
    /// The misspelt words of the title.
    pub title_misspelt: Vec<Misspelling>,
    /// The title as it was when its spelling was checked.
    spelled_title: Option<String>,
    /// The spelling checker the misspellings are of; `None` while spelling is off or its
    /// dictionary is not ready.
    checker: Option<Checker>,
}

impl Derived {
    pub(super) fn compute(chapter: &Chapter, method: &Methodology) -> Self {
        let card = ScoreCard::compute(chapter, method);
        let mut derived = Self {
            revision: None,
            text_revision: None,
            lines: card.lines(chapter, method),
            card,
            live: Live::new(),
            progress: Progress::of(chapter, method),
            labels: HashSet::new(),
            notes: HashMap::new(),
            review: Summary::of(chapter),
            comments_on: HashMap::new(),
            would_be: HashMap::new(),
            would_be_lines: HashMap::new(),
            note_misspelt: HashMap::new(),
            title_misspelt: Vec::new(),
            spelled_title: None,
            checker: None,
        };
        derived.review_changed(chapter, method);
        derived.check(chapter, method, true);
        derived
    }

    /// Recomputes what a change may have changed: the score card, the review's figures, and
    /// the findings and what depends on the text, re-reading only what changed.
    pub(super) fn refresh(&mut self, chapter: &Chapter, method: &Methodology, revision: u64, text_revision: u64) {
        if self.revision == Some(revision) {
            return;
        }
        self.card = ScoreCard::compute(chapter, method);
        self.lines = self.card.lines(chapter, method);
        self.progress = Progress::of(chapter, method);
        self.review_changed(chapter, method);
        self.revision = Some(revision);
        // A change that left the text revision alone changed ratings only.
        let text = self.text_revision != Some(text_revision);
        self.text_revision = Some(text_revision);
        self.check(chapter, method, text);
    }

    /// Brings the findings up to date (`text`: the text may have changed, not only ratings), and
    /// what depends on the blocks or the footnotes when they changed.
    fn check(&mut self, chapter: &Chapter, method: &Methodology, text: bool) {
        let options = CheckOptions { spelling: self.checker.as_ref() };
        let changed = if text {
            self.live.update(chapter, method, &options)
        } else {
            self.live.update_ratings(chapter, method, &options)
        };
        if changed.labels {
            self.footnotes_changed(chapter);
        }
        if changed.footnotes || self.spelled_title.as_deref() != Some(chapter.title.as_str()) {
            self.spell_notes(chapter);
            self.spelled_title = Some(chapter.title.clone());
        }
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
        // Every misspelling was the old checker's.
        self.note_misspelt.clear();
        self.spelled_title = None;
        self.check(chapter, method, true);
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

    /// Every finding, in chapter order.
    #[must_use]
    pub fn findings(&self) -> &[Finding] {
        self.live.findings()
    }

    /// The misspelt words of a text block or footnote (none while spelling is off).
    #[must_use]
    pub fn misspelt(&self, id: Id) -> &[Misspelling] {
        match self.note_misspelt.get(&id) {
            Some((_, found)) => found,
            None => self.live.misspelt(id),
        }
    }

    /// Word counts.
    #[must_use]
    pub fn words(&self) -> &crate::find::WordCounts {
        self.live.words()
    }

    /// The text blocks citing footnote label `label`, in reading order.
    #[must_use]
    pub fn citing(&self, label: &str) -> &[Id] {
        self.live.citing(label)
    }

    /// Finds the misspelt words of the title and of the footnotes whose citation changed.
    fn spell_notes(&mut self, chapter: &Chapter) {
        let Some(checker) = &self.checker else {
            self.note_misspelt.clear();
            self.title_misspelt.clear();
            return;
        };
        self.title_misspelt = checker.misspelt(&chapter.title);
        let mut before = std::mem::take(&mut self.note_misspelt);
        for f in &chapter.footnotes {
            let spelled = match before.remove(&f.id) {
                Some(spelled) if spelled.0 == f.text => spelled,
                _ => (f.text.clone(), checker.misspelt(&f.text)),
            };
            self.note_misspelt.insert(f.id, spelled);
        }
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
        self.would_be_lines = self.would_be.iter().map(|(id, card)| (*id, card.lines(chapter, method))).collect();
    }

    /// The footnote labels defined and where each is in the list.
    fn footnotes_changed(&mut self, chapter: &Chapter) {
        self.labels = chapter.footnotes.iter().map(|f| f.label.clone()).collect();
        self.notes.clear();
        for (i, f) in chapter.footnotes.iter().enumerate() {
            self.notes.entry(f.label.clone()).or_insert(i);
        }
    }

    /// The most serious finding's severity in category `code`, if it has any.
    #[must_use]
    pub fn worst_in(&self, code: &str) -> Option<crate::findings::Severity> {
        self.findings().iter().filter(|f| f.location.place.category() == Some(code)).map(|f| f.severity).min()
    }

    /// How many findings are in category `code`.
    #[must_use]
    pub fn findings_in(&self, code: &str) -> usize {
        self.findings().iter().filter(|f| f.location.place.category() == Some(code)).count()
    }
}
