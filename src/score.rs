//! The score card: every figure and classification of a chapter this year and last, and how
//! the headline moved, read from the one score tree the methodology's file defines
//! ([`crate::index::ScoreTree`]).
//!
//! Nothing here knows an index: the figures, their labels, decimals and suffixes, the
//! classifications and which figure is the headline all come from the file. Arithmetic is
//! exact (see [`crate::index::value`]); every published figure is rounded once, half up.

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;

use crate::index::{Change, Ratings, ScoreTree, Value};
use crate::method::Methodology;
use crate::model::{Chapter, Rating};

/// A number published with a fixed count of decimals, held as an integer: `value` is the
/// number times 10^`decimals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fixed {
    /// The number scaled by 10^`decimals`.
    pub value: i64,
    /// How many decimals it is shown with.
    pub decimals: u32,
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = 10_i64.pow(self.decimals);
        let sign = if self.value < 0 {
            "-"
        } else if f.sign_plus() {
            "+"
        } else {
            ""
        };
        let abs = self.value.unsigned_abs();
        let scale = scale.unsigned_abs();
        if self.decimals == 0 {
            write!(f, "{sign}{abs}")
        } else {
            write!(f, "{sign}{}.{:0width$}", abs / scale, abs % scale, width = self.decimals as usize)
        }
    }
}

/// A figure in JSON is its text as published ("1.29", "-2"): exact, with its decimals.
impl Serialize for Fixed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Which way a figure moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Towards the best end of the scale.
    Improved,
    /// Away from it.
    Declined,
    /// Not at all.
    Same,
}

impl Direction {
    /// The direction of a move that compares as `order` (now against then) on a scale whose
    /// best end is the top (`high_is_best`) or the bottom.
    #[must_use]
    pub fn between(high_is_best: bool, order: Ordering) -> Self {
        match (order, high_is_best) {
            (Ordering::Equal, _) => Self::Same,
            (Ordering::Greater, true) | (Ordering::Less, false) => Self::Improved,
            _ => Self::Declined,
        }
    }

    /// The word `method`'s change sentences use: "improved", "declined", "remained the same".
    #[must_use]
    pub fn verb(self, method: &Methodology) -> &str {
        let w = &method.def.changes.words;
        match self {
            Self::Improved => &w.better,
            Self::Declined => &w.worse,
            Self::Same => &w.same,
        }
    }
}

/// A chapter's ratings, this year's or last year's, as the score tree reads them.
#[must_use]
pub fn ratings_of(chapter: &Chapter, last_year: bool) -> Ratings {
    chapter
        .categories
        .iter()
        .map(|c| {
            let rating = if last_year { c.last_year } else { c.rating };
            (c.code.clone(), rating.map(|r| Value::hundredths(i64::from(r.hundredths()))))
        })
        .collect()
}

/// Everything the score card shows: this year's and last year's score trees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreCard {
    /// This edition's tree, if any item is rated.
    pub this_year: Option<ScoreTree>,
    /// Last edition's tree (computed for the edition before), if any item has last year's
    /// rating.
    pub last_year: Option<ScoreTree>,
    /// The headline figure's id (NIT's Democracy Score).
    pub headline: Option<String>,
}

impl ScoreCard {
    fn of(chapter: &Chapter, method: &Methodology, now: &Ratings) -> Self {
        let last = ratings_of(chapter, true);
        let rated = |r: &Ratings| r.values().any(Option::is_some);
        Self {
            this_year: rated(now).then(|| ScoreTree::compute(&method.def, chapter.edition, now)),
            last_year: rated(&last).then(|| ScoreTree::compute(&method.def, chapter.edition - 1, &last)),
            headline: method.headline_figure().map(str::to_owned),
        }
    }

    /// The score card of `chapter` under `method`.
    #[must_use]
    pub fn compute(chapter: &Chapter, method: &Methodology) -> Self {
        Self::of(chapter, method, &ratings_of(chapter, false))
    }

    /// The card `chapter` would have if item `code` were rated `rating`: what a reviewer's
    /// proposal would do to every figure and classification. The chapter itself is not copied.
    #[must_use]
    pub fn if_rated(chapter: &Chapter, method: &Methodology, code: &str, rating: Rating) -> Self {
        let mut now = ratings_of(chapter, false);
        if let Some(slot) = now.get_mut(code) {
            *slot = Some(Value::hundredths(i64::from(rating.hundredths())));
        }
        Self::of(chapter, method, &now)
    }

    /// This year's headline figure as published (NIT's Democracy Score, 1.29).
    #[must_use]
    pub fn headline_now(&self) -> Option<Fixed> {
        self.shown(self.this_year.as_ref()?)
    }

    /// Last year's headline figure as published.
    #[must_use]
    pub fn headline_last(&self) -> Option<Fixed> {
        self.shown(self.last_year.as_ref()?)
    }

    fn shown(&self, tree: &ScoreTree) -> Option<Fixed> {
        tree.figure(self.headline.as_deref()?)?.shown
    }

    /// This year's first classification (NIT's regime type), if the figures decide one.
    #[must_use]
    pub fn classification(&self) -> Option<&str> {
        self.this_year.as_ref()?.classifications.first()?.class.as_deref()
    }

    /// Last year's first classification.
    #[must_use]
    pub fn classification_last(&self) -> Option<&str> {
        self.last_year.as_ref()?.classifications.first()?.class.as_deref()
    }

    /// How the headline figure moved since last year, when both years have it: **the** rule
    /// every score card, the command line, the drafted "As a result, …" sentence and the
    /// findings use. The direction is decided by the *published* figures, so the direction,
    /// the two figures and the difference never contradict each other.
    #[must_use]
    pub fn change(&self, method: &Methodology) -> Option<ScoreChange> {
        let (to, from) = (self.headline_now()?, self.headline_last()?);
        let high = self
            .headline
            .as_deref()
            .and_then(|id| method.def.figures.iter().find(|f| f.id == id))
            .is_none_or(|f| f.best == crate::index::Best::High);
        let delta = Fixed { value: to.value - from.value, decimals: to.decimals };
        let direction = Direction::between(high, to.value.cmp(&from.value));
        Some(ScoreChange { direction, from, to, delta, verb: direction.verb(method).to_owned() })
    }

    /// Which way the headline figure moved since last year (see [`ScoreCard::change`]).
    #[must_use]
    pub fn direction(&self, method: &Methodology) -> Option<Direction> {
        self.change(method).map(|c| c.direction)
    }

    /// This year's headline minus last year's, as published (e.g. -0.03).
    #[must_use]
    pub fn score_change(&self) -> Option<Fixed> {
        let (to, from) = (self.headline_now()?, self.headline_last()?);
        Some(Fixed { value: to.value - from.value, decimals: to.decimals })
    }

    /// Every item, figure and classification that moved or stayed, this year against last
    /// (see [`ScoreTree::changes`]); empty unless both years are rated.
    #[must_use]
    pub fn changes(&self, method: &Methodology) -> Vec<Change> {
        match (&self.this_year, &self.last_year) {
            (Some(now), Some(last)) => now.changes(last, &method.def),
            _ => Vec::new(),
        }
    }

    /// The score card as lines for a renderer to lay out: one per figure (and its headline
    /// where the file asks for one), one per classification, and one per rated item of
    /// `chapter` in the chapter's order, each with this year's and last year's value as
    /// published and the direction of the change. `self` must be the card of `chapter`.
    #[must_use]
    pub fn lines(&self, chapter: &Chapter, method: &Methodology) -> CardLines {
        let (now, last) = (self.this_year.as_ref(), self.last_year.as_ref());
        let change = self.change(method);
        let mut figures = Vec::new();
        for f in &method.def.figures {
            let this = now.and_then(|t| t.figure(&f.id));
            let then = last.and_then(|t| t.figure(&f.id));
            let high = f.best == crate::index::Best::High;
            let dir = |a: Option<Fixed>, b: Option<Fixed>| {
                a.zip(b).map(|(a, b)| Direction::between(high, a.value.cmp(&b.value)))
            };
            let shown_now = this.and_then(|t| t.shown);
            let shown_then = then.and_then(|t| t.shown);
            let is_headline = self.headline.as_deref() == Some(f.id.as_str());
            figures.push(CardLine {
                kind: LineKind::Figure(f.id.clone()),
                label: f.label.clone(),
                suffix: f.display.suffix.clone(),
                this_year: shown_now.map(|v| v.to_string()),
                last_year: shown_then.map(|v| v.to_string()),
                change: if is_headline { change.as_ref().map(|c| c.direction) } else { dir(shown_now, shown_then) },
            });
            if f.display.headline.is_some() {
                let h_now = this.and_then(|t| t.headline);
                let h_then = then.and_then(|t| t.headline);
                figures.push(CardLine {
                    kind: LineKind::Headline(f.id.clone()),
                    label: format!("{} (headline)", f.label),
                    suffix: f.display.suffix.clone(),
                    this_year: h_now.map(|v| v.to_string()),
                    last_year: h_then.map(|v| v.to_string()),
                    change: None,
                });
            }
        }
        for c in &method.def.classifications {
            let this = now.and_then(|t| t.classification(&c.id));
            let then = last.and_then(|t| t.classification(&c.id));
            figures.push(CardLine {
                kind: LineKind::Class(c.id.clone()),
                label: c.label.clone(),
                suffix: None,
                this_year: this.and_then(|t| t.class.clone()),
                last_year: then.and_then(|t| t.class.clone()),
                change: this
                    .and_then(|t| t.rank)
                    .zip(then.and_then(|t| t.rank))
                    .map(|(a, b)| Direction::between(true, b.cmp(&a))),
            });
        }
        let categories = chapter
            .categories
            .iter()
            .filter(|e| method.is_item(&e.code))
            .map(|entry| {
                let high = method.scale(&entry.code).is_none_or(|s| s.high_is_best);
                CardLine {
                    kind: LineKind::Category(entry.code.clone()),
                    label: method.category(&entry.code).map_or_else(|| entry.code.clone(), |d| d.name.clone()),
                    suffix: None,
                    this_year: entry.rating.map(|r| method.show(&entry.code, r)),
                    last_year: entry.last_year.map(|r| method.show(&entry.code, r)),
                    change: entry
                        .rating
                        .zip(entry.last_year)
                        .map(|(now, last)| Direction::between(high, now.cmp(&last))),
                }
            })
            .collect();
        CardLines { figures, categories, change, last_year_rated: last.is_some(), headline: self.headline.clone() }
    }
}

/// How the headline figure moved from last year to this year, in published figures: see
/// [`ScoreCard::change`] for the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreChange {
    /// Which way it moved, judged on the published figures: equal figures are
    /// [`Direction::Same`].
    pub direction: Direction,
    /// Last year's figure as published, e.g. 1.32.
    pub from: Fixed,
    /// This year's figure as published, e.g. 1.29.
    pub to: Fixed,
    /// `to − from`, e.g. −0.03 (0.00 exactly when the direction is [`Direction::Same`]).
    pub delta: Fixed,
    /// The methodology's word for the direction ("declined").
    pub verb: String,
}

impl ScoreChange {
    /// The change in the words of a published chapter: "declined from 1.32 to 1.29",
    /// "improved from 1.29 to 1.32" or "remained the same at 1.29".
    #[must_use]
    pub fn phrase(&self) -> String {
        match self.direction {
            Direction::Same => format!("{} at {}", self.verb, self.to),
            _ => format!("{} from {} to {}", self.verb, self.from, self.to),
        }
    }
}

/// What a [`CardLine`] is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// A figure, by id.
    Figure(String),
    /// A figure's headline (rounded again), by the figure's id.
    Headline(String),
    /// A classification, by id.
    Class(String),
    /// An item's rating, by code.
    Category(String),
}

/// One line of a score card: a label, this year's and last year's value as published, and
/// which way it moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLine {
    /// What the line is about.
    pub kind: LineKind,
    /// "Democracy Score", "Political Rights", "A1 …"
    pub label: String,
    /// What follows a figure ("/ 7"), as the file says.
    pub suffix: Option<String>,
    /// This year's value as published ("1.29", "-2", "Not Free"), or `None` when not rated.
    pub this_year: Option<String>,
    /// Last year's value as published, or `None`.
    pub last_year: Option<String>,
    /// Which way it moved, when both years have a value.
    pub change: Option<Direction>,
}

impl CardLine {
    /// What a renderer writes where no value is given: an em dash, or "Not rated" for a
    /// classification.
    #[must_use]
    pub fn placeholder(&self) -> &'static str {
        match self.kind {
            LineKind::Class(_) => "Not rated",
            _ => "\u{2014}",
        }
    }

    /// This year's value, or [`CardLine::placeholder`].
    #[must_use]
    pub fn this_year_shown(&self) -> &str {
        self.this_year.as_deref().unwrap_or(self.placeholder())
    }

    /// Last year's value, or [`CardLine::placeholder`].
    #[must_use]
    pub fn last_year_shown(&self) -> &str {
        self.last_year.as_deref().unwrap_or(self.placeholder())
    }

    /// Whether this is a classification's line.
    #[must_use]
    pub fn is_class(&self) -> bool {
        matches!(self.kind, LineKind::Class(_))
    }
}

/// A score card as lines, one model for every renderer (HTML, Markdown, text, DOCX, PDF, the
/// command line, the editor): from [`ScoreCard::lines`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLines {
    /// The figures and classifications, in the file's order (each figure followed by its
    /// headline line where it has one; classifications last).
    pub figures: Vec<CardLine>,
    /// One line per rated item of the chapter, in the chapter's order.
    pub categories: Vec<CardLine>,
    /// How the headline figure moved, when both years have it.
    pub change: Option<ScoreChange>,
    /// Whether last year is scored (some item has last year's rating).
    pub last_year_rated: bool,
    /// The headline figure's id (see [`crate::Methodology::headline_figure`]).
    pub headline: Option<String>,
}

impl CardLines {
    /// The line of the figure or classification with this id.
    #[must_use]
    pub fn line(&self, id: &str) -> Option<&CardLine> {
        self.figures.iter().find(|l| match &l.kind {
            LineKind::Figure(f) | LineKind::Class(f) => f == id,
            _ => false,
        })
    }

    /// The headline figure's line (the Democracy Score of Nations in Transit, the Global Freedom
    /// Score of Freedom in the World).
    #[must_use]
    pub fn headline(&self) -> Option<&CardLine> {
        self.line(self.headline.as_deref()?)
    }

    /// The first classification's line.
    #[must_use]
    pub fn classification(&self) -> Option<&CardLine> {
        self.figures.iter().find(|l| l.is_class())
    }
}

/// The score card in the shape `rapporteur score --json` prints: the chapter, this year's
/// and last year's score trees, and what changed.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreReport {
    /// The methodology, as the chapter names it.
    pub methodology: String,
    /// The country.
    pub country: String,
    /// The edition year.
    pub edition: i32,
    /// The headline figure's id.
    pub headline: Option<String>,
    /// This year's tree (every item, figure and classification), or null when nothing is
    /// rated.
    pub this_year: Option<ScoreTree>,
    /// Last year's tree, or null.
    pub last_year: Option<ScoreTree>,
    /// How each item, figure and classification moved.
    pub changes: Vec<Change>,
}

impl ScoreReport {
    /// The report for `chapter` under `method`.
    #[must_use]
    pub fn new(chapter: &Chapter, method: &Methodology) -> Self {
        let card = ScoreCard::compute(chapter, method);
        let changes = card.changes(method);
        Self {
            methodology: chapter.methodology.clone(),
            country: chapter.country.clone(),
            edition: chapter.edition,
            headline: card.headline.clone(),
            this_year: card.this_year,
            last_year: card.last_year,
            changes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ScoreTree;

    /// A chapter under NIT 2020 with these ratings (in published order; 0 for unrated).
    fn nit_chapter(hundredths: &[u32]) -> (Chapter, Methodology) {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Somewhere", 2024);
        for (e, &h) in c.categories.iter_mut().zip(hundredths) {
            e.rating = (h > 0).then(|| Rating::from_hundredths(h));
        }
        (c, m)
    }

    /// Score, percentage, headline and classification as the card shows them this year.
    fn figures(hundredths: &[u32]) -> (String, String, i64, String) {
        let (c, m) = nit_chapter(hundredths);
        let lines = ScoreCard::compute(&c, &m).lines(&c, &m);
        let shown: Vec<String> = lines.figures.iter().map(|l| l.this_year_shown().to_owned()).collect();
        (shown[0].clone(), shown[1].clone(), shown[2].parse().unwrap_or(-1), shown[3].clone())
    }

    #[test]
    fn seed_figures_this_year_and_last() {
        assert_eq!(
            figures(&[125, 125, 125, 125, 150, 125, 125]),
            ("1.29".into(), "4.76".into(), 5, "Consolidated Authoritarian Regime".into())
        );
        assert_eq!(
            figures(&[125, 125, 125, 125, 175, 125, 125]),
            ("1.32".into(), "5.36".into(), 5, "Consolidated Authoritarian Regime".into())
        );
    }

    #[test]
    fn a_proposal_shows_the_card_it_would_give() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        for e in &mut c.categories {
            let (now, last) = if e.code == "LDG" { (150, 175) } else { (125, 125) };
            e.rating = Some(Rating::from_hundredths(now));
            e.last_year = Some(Rating::from_hundredths(last));
        }
        let now = ScoreCard::compute(&c, &m);
        let would = ScoreCard::if_rated(&c, &m, "LDG", Rating::from_hundredths(175));
        assert_eq!(now.headline_now().map(|f| f.to_string()), Some("1.29".into()));
        let lines = would.lines(&c, &m);
        let shown: Vec<&str> = lines.figures.iter().take(2).map(CardLine::this_year_shown).collect();
        assert_eq!(shown, ["1.32", "5.36"]);
        assert_eq!(would.change(&m).map(|c| c.phrase()), Some("remained the same at 1.32".into()));
        // The chapter is as it was, and an unknown code changes nothing.
        assert_eq!(ScoreCard::compute(&c, &m), now);
        assert_eq!(ScoreCard::if_rated(&c, &m, "XX", Rating::from_hundredths(700)), now);
    }

    #[test]
    fn band_edges_use_the_unrounded_score() {
        let all = |h: u32| figures(&[h; 7]).3;
        assert_eq!(all(700), "Consolidated Democracy");
        assert_eq!(all(500), "Semi-Consolidated Democracy");
        assert_eq!(all(400), "Transitional or Hybrid Regime");
        assert_eq!(all(300), "Semi-Consolidated Authoritarian Regime");
        assert_eq!(all(200), "Consolidated Authoritarian Regime");
        assert_eq!(all(100), "Consolidated Authoritarian Regime");
        // 5.04 (sum 3525 over 7 = 5.0357…) is above 5.
        assert_eq!(
            figures(&[525, 500, 500, 500, 500, 500, 500]),
            ("5.04".into(), "67.26".into(), 67, "Consolidated Democracy".into())
        );
        // Just above each lower edge.
        assert_eq!(figures(&[425, 400, 400, 400, 400, 400, 400]).3, "Semi-Consolidated Democracy");
        assert_eq!(figures(&[325, 300, 300, 300, 300, 300, 300]).3, "Transitional or Hybrid Regime");
        assert_eq!(figures(&[225, 200, 200, 200, 200, 200, 200]).3, "Semi-Consolidated Authoritarian Regime");
        // Just below an edge.
        assert_eq!(figures(&[475, 500, 500, 500, 500, 500, 500]).3, "Semi-Consolidated Democracy");
    }

    #[test]
    fn headline_rounds_half_up() {
        // Seven ratings summing to 49 quarter points: (49 − 28) · 25 / 42 = 12.5 exactly.
        let q = [200, 175, 175, 175, 175, 175, 150]; // 8+7+7+7+7+7+6 = 49 quarters
        assert_eq!(q.iter().sum::<u32>(), 1225);
        let (score, pct, headline, _) = figures(&q);
        assert_eq!((score.as_str(), pct.as_str(), headline), ("1.75", "12.50", 13));
    }

    #[test]
    fn six_category_chapter_scores_over_what_it_rates() {
        let m = Methodology::nit_2020();
        let mut chapter = Chapter::new(&m, "Somewhere", 2004);
        for (c, h) in chapter.categories.iter_mut().zip([300, 325, 350, 300, 0, 275, 250]) {
            c.rating = (h > 0).then(|| Rating::from_hundredths(h));
        }
        let card = ScoreCard::compute(&chapter, &m);
        let now = card.this_year.as_ref().unwrap_or_else(|| panic!("rated"));
        // (3 + 3.25 + 3.5 + 3 + 2.75 + 2.5) / 6 = 18 / 6 = 3.00
        let ds = &now.figures[0];
        assert_eq!((ds.available, ds.missing.clone()), (6, vec!["LDG".to_owned()]));
        let lines = card.lines(&chapter, &m);
        let shown: Vec<&str> = lines.figures.iter().map(CardLine::this_year_shown).collect();
        assert_eq!(shown, ["3.00", "33.33", "33", "Semi-Consolidated Authoritarian Regime"]);
        assert_eq!(card.classification(), Some("Semi-Consolidated Authoritarian Regime"));
        assert_eq!(card.last_year, None);
    }

    #[test]
    fn two_decimal_score_rounds_half_up() {
        // (1.25 + 1.50) / 2 = 1.375 → 1.38
        assert_eq!(figures(&[125, 150]).0, "1.38");
    }

    #[test]
    fn fixed_displays_signs_and_decimals() {
        assert_eq!(Fixed { value: -3, decimals: 2 }.to_string(), "-0.03");
        assert_eq!(Fixed { value: 476, decimals: 2 }.to_string(), "4.76");
        assert_eq!(Fixed { value: 5, decimals: 0 }.to_string(), "5");
        assert_eq!(format!("{:+}", Fixed { value: 25, decimals: 2 }), "+0.25");
    }

    /// Last year six categories (no Local Democratic Governance) averaging 7.75 / 6 = 1.2917;
    /// this year all seven, 9.00 / 7 = 1.2857. Both publish as 1.29.
    fn six_then_seven() -> (Chapter, Methodology) {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Somewhere", 2006);
        for e in &mut c.categories {
            let h = if e.code == "CO" { 150 } else { 125 };
            e.rating = Some(Rating::from_hundredths(h));
            e.last_year = (e.code != "LDG").then(|| Rating::from_hundredths(h));
        }
        (c, m)
    }

    #[test]
    fn equal_published_scores_remained_the_same() {
        let (c, m) = six_then_seven();
        let card = ScoreCard::compute(&c, &m);
        let exact = |t: &Option<ScoreTree>| t.as_ref().and_then(|t| t.figures[0].exact);
        let order = exact(&card.this_year).zip(exact(&card.last_year)).map(|(n, l)| n.compare(l));
        assert_eq!(order, Some(Ordering::Less), "the exact mean fell");
        let change = card.change(&m).unwrap_or_else(|| panic!("both years are scored"));
        assert_eq!(change.direction, Direction::Same);
        assert_eq!((change.from.to_string(), change.to.to_string()), ("1.29".into(), "1.29".into()));
        assert_eq!(format!("{:+}", change.delta), "+0.00");
        assert_eq!(change.phrase(), "remained the same at 1.29");
        assert_eq!(card.direction(&m), Some(Direction::Same));
    }

    #[test]
    fn a_change_in_published_figures_reads_both() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "Kazakhstan", 2024);
        for e in &mut c.categories {
            let (now, last) = if e.code == "LDG" { (150, 175) } else { (125, 125) };
            e.rating = Some(Rating::from_hundredths(now));
            e.last_year = Some(Rating::from_hundredths(last));
        }
        let card = ScoreCard::compute(&c, &m);
        let change = card.change(&m).unwrap_or_else(|| panic!("both years are scored"));
        assert_eq!((change.direction, change.phrase()), (Direction::Declined, "declined from 1.32 to 1.29".into()));
        assert_eq!(change.delta.to_string(), "-0.03");
        c.categories.iter_mut().for_each(|e| e.last_year = None);
        assert_eq!(ScoreCard::compute(&c, &m).change(&m), None);
    }

    #[test]
    fn card_lines_give_every_figure_and_category() {
        let (mut c, m) = six_then_seven();
        c.categories[0].rating = Some(Rating::from_hundredths(100));
        let card = ScoreCard::compute(&c, &m);
        let lines = card.lines(&c, &m);
        let shown: Vec<_> = lines
            .figures
            .iter()
            .map(|l| (l.label.as_str(), l.this_year_shown(), l.last_year_shown(), l.change))
            .collect();
        assert_eq!(
            shown,
            [
                ("Democracy Score", "1.25", "1.29", Some(Direction::Declined)),
                ("Democracy Percentage", "4.17", "4.86", Some(Direction::Declined)),
                ("Democracy Percentage (headline)", "4", "5", None),
                (
                    "Classification",
                    "Consolidated Authoritarian Regime",
                    "Consolidated Authoritarian Regime",
                    Some(Direction::Same)
                ),
            ]
        );
        let rows: Vec<_> = lines
            .categories
            .iter()
            .map(|l| (l.label.as_str(), l.this_year_shown(), l.last_year_shown(), l.change))
            .collect();
        assert_eq!(rows[0], ("National Democratic Governance", "1.00", "1.25", Some(Direction::Declined)));
        assert_eq!(rows[4], ("Local Democratic Governance", "1.25", "\u{2014}", None));
        assert_eq!(rows[6], ("Corruption", "1.50", "1.50", Some(Direction::Same)));
        assert_eq!(lines.change.as_ref().map(|ch| ch.direction), Some(Direction::Declined));
        assert!(lines.last_year_rated);
        assert_eq!(lines.figures[2].kind, LineKind::Headline("DP".into()));
        assert_eq!(lines.line("DS").map(|l| l.suffix.clone()), Some(Some("/ 7".into())));
        assert_eq!(lines.classification().map(CardLine::this_year_shown), Some("Consolidated Authoritarian Regime"));

        let empty = Chapter::new(&m, "Nowhere", 2024);
        let lines = ScoreCard::compute(&empty, &m).lines(&empty, &m);
        let shown: Vec<_> = lines.figures.iter().map(CardLine::this_year_shown).collect();
        assert_eq!(shown, ["\u{2014}", "\u{2014}", "\u{2014}", "Not rated"]);
        assert!(!lines.last_year_rated && lines.change.is_none());
    }

    #[test]
    fn direction_follows_the_best_end() {
        assert_eq!(Direction::between(true, Ordering::Less), Direction::Declined);
        assert_eq!(Direction::between(true, Ordering::Greater), Direction::Improved);
        assert_eq!(Direction::between(false, Ordering::Greater), Direction::Declined);
        assert_eq!(Direction::between(false, Ordering::Equal), Direction::Same);
    }

    /// A Freedom in the World chapter's card: every figure of the file, classifications
    /// included. Every indicator 2 and the discretionary question 4: PR 20 − 4 = 16 (rating 5),
    /// CL 30 (rating 4), mean 4.5: Partly Free; 46 of 100; not an electoral democracy.
    #[test]
    fn a_fiw_card_shows_every_figure_of_the_file() {
        let m = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        let mut c = Chapter::new(&m, "Ruritania", 2024);
        for e in &mut c.categories {
            let points = if e.code == "Add Q" { 4 } else { 2 };
            e.rating = Some(Rating::from_hundredths(points * 100));
        }
        let card = ScoreCard::compute(&c, &m);
        let lines = card.lines(&c, &m);
        let get = |id: &str| lines.line(id).map(|l| l.this_year_shown().to_owned());
        let shown: Vec<Option<String>> =
            ["A", "PR", "CL", "Total", "PR rating", "CL rating", "Ratings mean"].iter().map(|id| get(id)).collect();
        let expected = ["6", "16", "30", "46", "5", "4", "4.5"].map(|v| Some(v.to_owned()));
        assert_eq!(shown, expected);
        assert_eq!(card.classification(), Some("Partly Free"));
        assert_eq!(get("Electoral democracy").as_deref(), Some("No"));
        assert_eq!(lines.headline().map(|l| l.label.as_str()), Some("Global Freedom Score"));
        assert_eq!(lines.figures.len(), m.def.figures.len() + m.def.classifications.len());
        let g4 = lines.categories.iter().find(|l| l.kind == LineKind::Category("G4".into()));
        assert_eq!(g4.map(CardLine::this_year_shown), Some("2"));
    }
}
