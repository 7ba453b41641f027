//! Exact scoring: Democracy Score, Democracy Percentage, the headline integer and the
//! classification, this year and last.
//!
//! Ratings are whole hundredths ([`Rating`]), so a score is the exact fraction
//! `sum / (100 · rated)` and every published figure is rounded once, half up, from that exact
//! value with integer arithmetic. With seven NIT ratings summing to `k` quarter points the
//! percentage is `(k − 28) · 25 / 42`; no float is involved anywhere.

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;

use crate::method::{Aggregation, Methodology, PercentageRule, Threshold};
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

/// `num / den` rounded half up (towards +∞ on a tie); `den` must be positive.
fn round_half_up(num: i128, den: i128) -> i128 {
    debug_assert!(den > 0);
    (2 * num + den).div_euclid(2 * den)
}

/// The exact mean of a set of ratings: `sum` hundredths over `rated` ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DemocracyScore {
    /// The sum of the ratings, in hundredths.
    pub sum: u64,
    /// How many ratings were averaged.
    pub rated: u32,
}

impl DemocracyScore {
    /// The mean of `ratings`, or `None` when there are none.
    pub fn of(ratings: impl IntoIterator<Item = Rating>) -> Option<Self> {
        let (sum, rated) = ratings.into_iter().fold((0_u64, 0_u32), |(s, n), r| (s + u64::from(r.hundredths()), n + 1));
        (rated > 0).then_some(Self { sum, rated })
    }

    /// Compares the exact score with a rating: `sum / rated` against `rating`.
    #[must_use]
    pub fn cmp_rating(&self, rating: Rating) -> Ordering {
        self.sum.cmp(&(u64::from(rating.hundredths()) * u64::from(self.rated)))
    }

    /// Compares two exact scores.
    #[must_use]
    pub fn cmp_score(&self, other: &Self) -> Ordering {
        (u128::from(self.sum) * u128::from(other.rated)).cmp(&(u128::from(other.sum) * u128::from(self.rated)))
    }

    /// The score rounded half up to `decimals` decimals.
    #[must_use]
    pub fn rounded(&self, decimals: u32) -> Fixed {
        let num = i128::from(self.sum) * 10_i128.pow(decimals);
        let den = 100 * i128::from(self.rated);
        Fixed { value: round_half_up(num, den) as i64, decimals }
    }

    /// The percentage under `rule` on `method`'s scale, rounded half up to `decimals` decimals
    /// from the exact score (so `decimals = 0` gives the headline integer).
    #[must_use]
    pub fn percentage(&self, method: &Methodology, rule: PercentageRule, decimals: u32) -> Fixed {
        let PercentageRule::LinearOnScale = rule;
        let n = i128::from(self.rated);
        let sum = i128::from(self.sum);
        let min = i128::from(method.scale.min.hundredths());
        let max = i128::from(method.scale.max.hundredths());
        let above_bottom = if method.scale.high_is_democratic { sum - min * n } else { max * n - sum };
        let num = above_bottom * 100 * 10_i128.pow(decimals);
        let den = (max - min).max(1) * n;
        Fixed { value: round_half_up(num, den) as i64, decimals }
    }

    /// The classification band the exact score falls in.
    #[must_use]
    pub fn classification<'m>(&self, method: &'m Methodology) -> Option<&'m str> {
        method
            .bands
            .iter()
            .find(|band| match band.threshold {
                Threshold::Above(r) => self.cmp_rating(r) == Ordering::Greater,
                Threshold::AtLeast(r) => self.cmp_rating(r) != Ordering::Less,
                Threshold::Below(r) => self.cmp_rating(r) == Ordering::Less,
                Threshold::AtMost(r) => self.cmp_rating(r) != Ordering::Greater,
                Threshold::Otherwise => true,
            })
            .map(|band| band.label.as_str())
    }
}

/// The published figures of one year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    /// The exact score.
    pub score: DemocracyScore,
    /// The score as published, e.g. 1.29.
    pub score_rounded: Fixed,
    /// The percentage as published, e.g. 4.76, if the methodology has one.
    pub percentage: Option<Fixed>,
    /// The headline integer, e.g. 5, if the methodology has a percentage.
    pub percentage_headline: Option<Fixed>,
    /// The classification, e.g. "Consolidated Authoritarian Regime".
    pub classification: String,
    /// Codes of the methodology's categories left unrated, in published order.
    pub unrated: Vec<String>,
}

impl Figures {
    /// The figures for a set of (category code, rating) pairs under `method`; `None` if no
    /// category is rated. Categories the methodology does not know are not counted.
    #[must_use]
    pub fn compute<'a>(
        method: &Methodology,
        ratings: impl IntoIterator<Item = (&'a str, Option<Rating>)>,
    ) -> Option<Self> {
        let ratings: Vec<_> = ratings.into_iter().collect();
        let rated_of = |code: &str| ratings.iter().find(|(c, _)| *c == code).and_then(|(_, r)| *r);
        let rated: Vec<Rating> = method.categories.iter().filter_map(|c| rated_of(&c.code)).collect();
        let Aggregation::MeanOfRated = method.aggregation;
        let score = DemocracyScore::of(rated)?;
        let unrated =
            method.categories.iter().filter(|c| rated_of(&c.code).is_none()).map(|c| c.code.clone()).collect();
        Some(Self {
            score,
            score_rounded: score.rounded(method.decimals),
            percentage: method.percentage.map(|rule| score.percentage(method, rule, method.decimals)),
            percentage_headline: method.percentage.map(|rule| score.percentage(method, rule, 0)),
            classification: score.classification(method).unwrap_or("Unclassified").to_owned(),
            unrated,
        })
    }
}

/// Which way a figure moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Towards the democratic end of the scale.
    Improved,
    /// Away from it.
    Declined,
    /// Not at all.
    Same,
}

impl Direction {
    /// The direction from `last` to `now` on `method`'s scale.
    #[must_use]
    pub fn between(method: &Methodology, order: Ordering) -> Self {
        match (order, method.scale.high_is_democratic) {
            (Ordering::Equal, _) => Self::Same,
            (Ordering::Greater, true) | (Ordering::Less, false) => Self::Improved,
            _ => Self::Declined,
        }
    }

    /// The word published chapters use: "improved", "declined", "remained the same".
    #[must_use]
    pub fn verb(self) -> &'static str {
        match self {
            Self::Improved => "improved",
            Self::Declined => "declined",
            Self::Same => "remained the same",
        }
    }
}

/// Everything the score card shows: this year's and last year's figures and the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreCard {
    /// This edition's figures, if any category is rated.
    pub this_year: Option<Figures>,
    /// Last edition's figures, if any category has last year's rating.
    pub last_year: Option<Figures>,
}

impl ScoreCard {
    /// The score card of `chapter` under `method`.
    #[must_use]
    pub fn compute(chapter: &Chapter, method: &Methodology) -> Self {
        let this_year = Figures::compute(method, chapter.categories.iter().map(|c| (c.code.as_str(), c.rating)));
        let last_year = Figures::compute(method, chapter.categories.iter().map(|c| (c.code.as_str(), c.last_year)));
        Self { this_year, last_year }
    }

    /// The card `chapter` would have if category `code` were rated `rating`: what a reviewer's
    /// proposal would do to the Democracy Score, the percentage and the classification. The
    /// chapter itself is not copied.
    #[must_use]
    pub fn if_rated(chapter: &Chapter, method: &Methodology, code: &str, rating: Rating) -> Self {
        let this_year = Figures::compute(
            method,
            chapter.categories.iter().map(|c| (c.code.as_str(), if c.code == code { Some(rating) } else { c.rating })),
        );
        let last_year = Figures::compute(method, chapter.categories.iter().map(|c| (c.code.as_str(), c.last_year)));
        Self { this_year, last_year }
    }

    /// How the Democracy Score moved since last year, when both years are scored: **the** rule
    /// every score card, the command line, the drafted "As a result, …" sentence and the
    /// findings use.
    ///
    /// The direction is decided by the *published* figures (two decimals under NIT), not by
    /// the exact means: a chapter whose last year averaged six categories to 1.29 and whose
    /// seven ratings this year also give 1.29 "remained the same at 1.29", whatever the third
    /// decimal says. So the direction, the two figures and the difference never contradict
    /// each other.
    #[must_use]
    pub fn change(&self, method: &Methodology) -> Option<ScoreChange> {
        let (now, last) = (self.this_year.as_ref()?, self.last_year.as_ref()?);
        let (from, to) = (last.score_rounded, now.score_rounded);
        let delta = Fixed { value: to.value - from.value, decimals: to.decimals };
        Some(ScoreChange { direction: Direction::between(method, to.value.cmp(&from.value)), from, to, delta })
    }

    /// Which way the Democracy Score moved since last year, when both years are scored: the
    /// direction of [`ScoreCard::change`] (decided by the published figures).
    #[must_use]
    pub fn direction(&self, method: &Methodology) -> Option<Direction> {
        self.change(method).map(|c| c.direction)
    }

    /// This year's published score minus last year's, as published (e.g. -0.03): the delta of
    /// [`ScoreCard::change`].
    #[must_use]
    pub fn score_change(&self) -> Option<Fixed> {
        let (now, last) = (self.this_year.as_ref()?, self.last_year.as_ref()?);
        Some(Fixed { value: now.score_rounded.value - last.score_rounded.value, decimals: now.score_rounded.decimals })
    }

    /// The score card as lines for a renderer to lay out: one per figure (Democracy Score,
    /// Democracy Percentage and headline where the methodology has them, classification) and
    /// one per category of `chapter` (in the chapter's order), each with this year's and last
    /// year's figure as published and the direction of the change, plus the Democracy Score
    /// change. `self` must be the card of `chapter` under `method`.
    #[must_use]
    pub fn lines(&self, chapter: &Chapter, method: &Methodology) -> CardLines {
        let (now, last) = (self.this_year.as_ref(), self.last_year.as_ref());
        let change = self.change(method);
        let figure = |figure: Figure, label: &str, of: &dyn Fn(&Figures) -> Option<String>| CardLine {
            kind: LineKind::Figure(figure),
            label: label.to_owned(),
            this_year: now.and_then(of),
            last_year: last.and_then(of),
            change: None,
        };
        let mut figures = vec![CardLine {
            change: change.map(|c| c.direction),
            ..figure(Figure::Score, "Democracy Score", &|f| Some(f.score_rounded.to_string()))
        }];
        if method.percentage.is_some() {
            figures.push(figure(Figure::Percentage, "Democracy Percentage", &|f| f.percentage.map(|p| p.to_string())));
            figures.push(figure(Figure::Headline, "Democracy Percentage (headline)", &|f| {
                f.percentage_headline.map(|p| p.to_string())
            }));
        }
        figures.push(figure(Figure::Classification, "Classification", &|f| Some(f.classification.clone())));
        let categories = chapter
            .categories
            .iter()
            .map(|entry| CardLine {
                kind: LineKind::Category(entry.code.clone()),
                label: method.category(&entry.code).map_or_else(|| entry.code.clone(), |d| d.name.clone()),
                this_year: entry.rating.map(|r| r.to_string()),
                last_year: entry.last_year.map(|r| r.to_string()),
                change: entry.rating.zip(entry.last_year).map(|(now, last)| Direction::between(method, now.cmp(&last))),
            })
            .collect();
        CardLines { figures, categories, change, last_year_rated: last.is_some() }
    }
}

/// How the Democracy Score moved from last year to this year, in published figures: see
/// [`ScoreCard::change`] for the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScoreChange {
    /// Which way it moved, judged on the published figures: equal figures are
    /// [`Direction::Same`].
    pub direction: Direction,
    /// Last year's score as published, e.g. 1.32.
    pub from: Fixed,
    /// This year's score as published, e.g. 1.29.
    pub to: Fixed,
    /// `to − from`, e.g. −0.03 (0.00 exactly when the direction is [`Direction::Same`]).
    pub delta: Fixed,
}

impl ScoreChange {
    /// The change in the words of a published chapter: "declined from 1.32 to 1.29",
    /// "improved from 1.29 to 1.32" or "remained the same at 1.29".
    #[must_use]
    pub fn phrase(&self) -> String {
        match self.direction {
            Direction::Same => format!("remained the same at {}", self.to),
            d => format!("{} from {} to {}", d.verb(), self.from, self.to),
        }
    }
}

/// The figures a score card shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    /// The Democracy Score, e.g. 1.29.
    Score,
    /// The Democracy Percentage, e.g. 4.76 (only where the methodology has one).
    Percentage,
    /// The percentage's headline integer, e.g. 5 (only where the methodology has one).
    Headline,
    /// The classification, e.g. "Consolidated Authoritarian Regime".
    Classification,
}

/// What a [`CardLine`] is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// One of the overall figures.
    Figure(Figure),
    /// A category's rating, by code.
    Category(String),
}

/// One line of a score card: a label, this year's and last year's figure as published, and
/// which way it moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLine {
    /// What the line is about.
    pub kind: LineKind,
    /// "Democracy Score", "Local Democratic Governance", …
    pub label: String,
    /// This year's figure as published ("1.29", "5", "Consolidated Authoritarian Regime"), or
    /// `None` when this year is not rated.
    pub this_year: Option<String>,
    /// Last year's figure as published, or `None`.
    pub last_year: Option<String>,
    /// Which way it moved, when both years have a figure: for a category the ratings decide;
    /// for the Democracy Score, [`ScoreCard::change`]'s rule. `None` on the other figures.
    pub change: Option<Direction>,
}

impl CardLine {
    /// What a renderer writes where no figure is given: an em dash, or "Not rated" for the
    /// classification.
    #[must_use]
    pub fn placeholder(&self) -> &'static str {
        match self.kind {
            LineKind::Figure(Figure::Classification) => "Not rated",
            _ => "\u{2014}",
        }
    }

    /// This year's figure, or [`CardLine::placeholder`].
    #[must_use]
    pub fn this_year_shown(&self) -> &str {
        self.this_year.as_deref().unwrap_or(self.placeholder())
    }

    /// Last year's figure, or [`CardLine::placeholder`].
    #[must_use]
    pub fn last_year_shown(&self) -> &str {
        self.last_year.as_deref().unwrap_or(self.placeholder())
    }
}

/// A score card as lines, one model for every renderer (HTML, Markdown, text, DOCX, the
/// command line, the editor): from [`ScoreCard::lines`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLines {
    /// The overall figures, in the order a card lists them: Democracy Score, then Democracy
    /// Percentage and its headline (where the methodology has a percentage), then the
    /// classification.
    pub figures: Vec<CardLine>,
    /// One line per category of the chapter, in the chapter's order.
    pub categories: Vec<CardLine>,
    /// How the Democracy Score moved, when both years are scored.
    pub change: Option<ScoreChange>,
    /// Whether last year is scored (some category has last year's rating).
    pub last_year_rated: bool,
}

impl CardLines {
    /// The line of `figure`, if the card has one (a methodology without a percentage has no
    /// percentage lines).
    #[must_use]
    pub fn figure(&self, figure: Figure) -> Option<&CardLine> {
        self.figures.iter().find(|l| l.kind == LineKind::Figure(figure))
    }
}

/// The score card in the shape `rapporteur score --json` prints.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreReport {
    /// The country.
    pub country: String,
    /// The edition year.
    pub edition: i32,
    /// "1.29", or null when nothing is rated.
    pub democracy_score: Option<String>,
    /// "4.76".
    pub democracy_percentage: Option<String>,
    /// 5.
    pub democracy_percentage_rounded: Option<i64>,
    /// "Consolidated Authoritarian Regime".
    pub classification: Option<String>,
    /// How many categories the score averages.
    pub rated_categories: u32,
    /// Codes of categories left unrated.
    pub unrated_categories: Vec<String>,
    /// Last year's figures, or null.
    pub last_year: Option<YearReport>,
    /// Every category of the methodology, in published order.
    pub categories: Vec<CategoryReport>,
}

/// One year's figures in a [`ScoreReport`].
#[derive(Clone, Debug, Serialize)]
pub struct YearReport {
    /// "1.32".
    pub democracy_score: String,
    /// "5.36".
    pub democracy_percentage: Option<String>,
    /// 5.
    pub democracy_percentage_rounded: Option<i64>,
    /// "Consolidated Authoritarian Regime".
    pub classification: String,
}

/// One category in a [`ScoreReport`].
#[derive(Clone, Debug, Serialize)]
pub struct CategoryReport {
    /// "LDG".
    pub code: String,
    /// "Local Democratic Governance".
    pub name: String,
    /// "1.50", or null.
    pub rating: Option<String>,
    /// "1.75", or null.
    pub last_year_rating: Option<String>,
}

impl ScoreReport {
    /// The report for `chapter` under `method`.
    #[must_use]
    pub fn new(chapter: &Chapter, method: &Methodology) -> Self {
        let card = ScoreCard::compute(chapter, method);
        let year = |f: &Figures| YearReport {
            democracy_score: f.score_rounded.to_string(),
            democracy_percentage: f.percentage.map(|p| p.to_string()),
            democracy_percentage_rounded: f.percentage_headline.map(|p| p.value),
            classification: f.classification.clone(),
        };
        let now = card.this_year.as_ref().map(year);
        Self {
            country: chapter.country.clone(),
            edition: chapter.edition,
            democracy_score: now.as_ref().map(|y| y.democracy_score.clone()),
            democracy_percentage: now.as_ref().and_then(|y| y.democracy_percentage.clone()),
            democracy_percentage_rounded: now.as_ref().and_then(|y| y.democracy_percentage_rounded),
            classification: now.map(|y| y.classification),
            rated_categories: card.this_year.as_ref().map_or(0, |f| f.score.rated),
            unrated_categories: card
                .this_year
                .as_ref()
                .map_or_else(|| method.categories.iter().map(|c| c.code.clone()).collect(), |f| f.unrated.clone()),
            last_year: card.last_year.as_ref().map(year),
            categories: method
                .categories
                .iter()
                .map(|def| {
                    let entry = chapter.category(&def.code);
                    CategoryReport {
                        code: def.code.clone(),
                        name: def.name.clone(),
                        rating: entry.and_then(|e| e.rating).map(|r| r.to_string()),
                        last_year_rating: entry.and_then(|e| e.last_year).map(|r| r.to_string()),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratings(hundredths: &[u32]) -> DemocracyScore {
        DemocracyScore::of(hundredths.iter().map(|&h| Rating::from_hundredths(h)))
            .unwrap_or(DemocracyScore { sum: 0, rated: 0 })
    }

    fn figures(hundredths: &[u32]) -> (String, String, i64, String) {
        let m = Methodology::nit_2020();
        let s = ratings(hundredths);
        let rule = PercentageRule::LinearOnScale;
        (
            s.rounded(2).to_string(),
            s.percentage(&m, rule, 2).to_string(),
            s.percentage(&m, rule, 0).value,
            s.classification(&m).unwrap_or_default().to_owned(),
        )
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
        assert_eq!(now.this_year.as_ref().map(|f| f.score_rounded.to_string()), Some("1.29".into()));
        let f = would.this_year.as_ref().unwrap_or_else(|| panic!("rated"));
        assert_eq!(
            (f.score_rounded.to_string(), f.percentage.map(|p| p.to_string())),
            ("1.32".into(), Some("5.36".into()))
        );
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
        let now = card.this_year.unwrap_or_else(|| panic!("rated"));
        // (3 + 3.25 + 3.5 + 3 + 2.75 + 2.5) / 6 = 18 / 6 = 3.00
        assert_eq!(now.score.rated, 6);
        assert_eq!(now.unrated, ["LDG"]);
        assert_eq!(now.score_rounded.to_string(), "3.00");
        assert_eq!(now.percentage.map(|p| p.to_string()).as_deref(), Some("33.33"));
        assert_eq!(now.classification, "Semi-Consolidated Authoritarian Regime");
        assert_eq!(card.last_year, None);
    }

    #[test]
    fn two_decimal_score_rounds_half_up() {
        // (1.25 + 1.50) / 2 = 1.375 → 1.38
        assert_eq!(ratings(&[125, 150]).rounded(2).to_string(), "1.38");
        assert_eq!(ratings(&[100]).rounded(0).to_string(), "1");
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
        let (now, last) = (card.this_year.as_ref().map(|f| f.score), card.last_year.as_ref().map(|f| f.score));
        let exact = now.zip(last).map(|(n, l)| n.cmp_score(&l));
        assert_eq!(exact, Some(Ordering::Less), "the exact mean fell");
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
                ("Democracy Percentage", "4.17", "4.86", None),
                ("Democracy Percentage (headline)", "4", "5", None),
                ("Classification", "Consolidated Authoritarian Regime", "Consolidated Authoritarian Regime", None),
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
        assert_eq!(lines.change.map(|ch| ch.direction), Some(Direction::Declined));
        assert!(lines.last_year_rated);
        assert_eq!(lines.figure(Figure::Headline).map(CardLine::this_year_shown), Some("4"));

        let empty = Chapter::new(&m, "Nowhere", 2024);
        let lines = ScoreCard::compute(&empty, &m).lines(&empty, &m);
        let shown: Vec<_> = lines.figures.iter().map(CardLine::this_year_shown).collect();
        assert_eq!(shown, ["\u{2014}", "\u{2014}", "\u{2014}", "Not rated"]);
        assert!(!lines.last_year_rated && lines.change.is_none());
    }

    #[test]
    fn direction_follows_the_democratic_end() {
        let m = Methodology::nit_2020();
        assert_eq!(Direction::between(&m, Ordering::Less), Direction::Declined);
        assert_eq!(Direction::between(&m, Ordering::Greater), Direction::Improved);
        assert_eq!(Direction::between(&m, Ordering::Equal), Direction::Same);
    }
}
