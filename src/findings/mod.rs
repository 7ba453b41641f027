//! Findings: what a careful editor would flag in a chapter before it is published.
//!
//! [`check`] is a pure function from a chapter to its findings. A [`Finding`] has a stable code
//! (see [`codes`]), a [`Severity`], a [`Location`] precise enough for the editor to jump to and
//! highlight, and a one-line message in plain words. The checks live in submodules by subject:
//! footnotes and markers, ratings and score changes, and the chapter's text and header.
//! [`describe`] and [`section_title`] name a location the way an author sees it
//! ("Corruption, bullet 3"), for the command line and the editor's findings panel.

mod footnotes;
mod ratings;
mod text;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::method::Methodology;
use crate::model::{Chapter, Id, Section};

/// The stable codes of every finding, with their severities in [`CODES`].
pub mod codes {
    /// A `[^label]` marker with no footnote of that label.
    pub const FOOTNOTE_MISSING: &str = "footnote-missing";
    /// A footnote no marker cites.
    pub const FOOTNOTE_UNUSED: &str = "footnote-unused";
    /// Two footnotes with one label.
    pub const FOOTNOTE_DUPLICATE: &str = "footnote-duplicate";
    /// Numbered footnotes not numbered in order of first appearance.
    pub const FOOTNOTE_ORDER: &str = "footnote-order";
    /// Numbered footnotes in order but skipping numbers (or not starting at 1).
    pub const FOOTNOTE_NUMBERING_GAP: &str = "footnote-numbering-gap";
    /// A footnote with no citation text.
    pub const FOOTNOTE_EMPTY: &str = "footnote-empty";
    /// A footnote whose address is not a URL.
    pub const FOOTNOTE_URL: &str = "footnote-url";
    /// A footnote whose label no marker could ever use (empty, spaces, brackets).
    pub const FOOTNOTE_LABEL_INVALID: &str = "footnote-label-invalid";
    /// `[^` with no closing `]`, an empty label, or a label with spaces.
    pub const MARKER_MALFORMED: &str = "marker-malformed";
    /// A category of the methodology with no rating.
    pub const RATING_MISSING: &str = "rating-missing";
    /// A rating outside the scale.
    pub const RATING_OUT_OF_RANGE: &str = "rating-out-of-range";
    /// A rating between the scale's steps.
    pub const RATING_OFF_STEP: &str = "rating-off-step";
    /// A category the methodology does not rate.
    pub const CATEGORY_UNKNOWN: &str = "category-unknown";
    /// A category listed twice.
    pub const CATEGORY_DUPLICATE: &str = "category-duplicate";
    /// A rating changed and no score-change item names the category.
    pub const CHANGE_UNEXPLAINED: &str = "change-unexplained";
    /// A score-change item whose figures or direction disagree with the ratings.
    pub const CHANGE_MISMATCH: &str = "change-mismatch";
    /// A score-change item for a category whose rating did not change.
    pub const CHANGE_STALE: &str = "change-stale";
    /// A category score-change item with no reason, or the drafted placeholder.
    pub const CHANGE_REASON_MISSING: &str = "change-reason-missing";
    /// Two score-change items for one category.
    pub const CHANGE_DUPLICATE: &str = "change-duplicate";
    /// Ratings changed and no item gives the resulting Democracy Score.
    pub const CHANGE_OVERALL_MISSING: &str = "change-overall-missing";
    /// The "As a result, …" sentence names another country.
    pub const CHANGE_WRONG_COUNTRY: &str = "change-wrong-country";
    /// A score-change item in no standard form, so it cannot be checked.
    pub const CHANGE_UNREADABLE: &str = "change-unreadable";
    /// A rated category with no justification bullets.
    pub const BULLETS_MISSING: &str = "bullets-missing";
    /// A justification bullet with no footnote marker.
    pub const BULLET_UNCITED: &str = "bullet-uncited";
    /// A bullet, paragraph or score-change item with no text.
    pub const BLOCK_EMPTY: &str = "block-empty";
    /// An empty executive summary or at-a-glance.
    pub const SECTION_EMPTY: &str = "section-empty";
    /// No author named and the chapter not marked anonymous.
    pub const AUTHOR_MISSING: &str = "author-missing";
    /// No country in the header.
    pub const COUNTRY_MISSING: &str = "country-missing";
    /// A title other than the one the methodology gives for this country and edition.
    pub const TITLE_MISMATCH: &str = "title-mismatch";
}

/// Every code with its severity, in the order the checks run.
pub const CODES: &[(&str, Severity)] = &[
    (codes::COUNTRY_MISSING, Severity::Error),
    (codes::TITLE_MISMATCH, Severity::Note),
    (codes::AUTHOR_MISSING, Severity::Warning),
    (codes::RATING_MISSING, Severity::Error),
    (codes::RATING_OUT_OF_RANGE, Severity::Error),
    (codes::RATING_OFF_STEP, Severity::Error),
    (codes::CATEGORY_UNKNOWN, Severity::Error),
    (codes::CATEGORY_DUPLICATE, Severity::Error),
    (codes::CHANGE_UNEXPLAINED, Severity::Error),
    (codes::CHANGE_MISMATCH, Severity::Error),
    (codes::CHANGE_STALE, Severity::Warning),
    (codes::CHANGE_REASON_MISSING, Severity::Warning),
    (codes::CHANGE_DUPLICATE, Severity::Warning),
    (codes::CHANGE_OVERALL_MISSING, Severity::Warning),
    (codes::CHANGE_WRONG_COUNTRY, Severity::Error),
    (codes::CHANGE_UNREADABLE, Severity::Warning),
    (codes::SECTION_EMPTY, Severity::Warning),
    (codes::BLOCK_EMPTY, Severity::Warning),
    (codes::BULLETS_MISSING, Severity::Warning),
    (codes::BULLET_UNCITED, Severity::Note),
    (codes::MARKER_MALFORMED, Severity::Error),
    (codes::FOOTNOTE_MISSING, Severity::Error),
    (codes::FOOTNOTE_UNUSED, Severity::Warning),
    (codes::FOOTNOTE_DUPLICATE, Severity::Error),
    (codes::FOOTNOTE_ORDER, Severity::Warning),
    (codes::FOOTNOTE_NUMBERING_GAP, Severity::Note),
    (codes::FOOTNOTE_EMPTY, Severity::Error),
    (codes::FOOTNOTE_URL, Severity::Warning),
    (codes::FOOTNOTE_LABEL_INVALID, Severity::Error),
];

/// The severity a code always has, or `None` for a code that is not one of [`CODES`].
#[must_use]
pub fn severity_of(code: &str) -> Option<Severity> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed before publication.
    Error,
    /// Should be looked at.
    Warning,
    /// Worth knowing.
    Note,
}

impl Severity {
    /// The word for it: "error", "warning", "note".
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// The part of a chapter a finding is in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "category", rename_all = "snake_case")]
pub enum Place {
    /// Country, edition, title, authors.
    Header,
    /// The score-change items.
    ScoreChanges,
    /// The executive summary.
    ExecutiveSummary,
    /// The at-a-glance.
    AtAGlance,
    /// A category (its rating or its bullets), by code.
    Category(String),
    /// The footnote list.
    Footnotes,
}

impl From<Section<'_>> for Place {
    fn from(section: Section<'_>) -> Self {
        match section {
            Section::ScoreChanges => Self::ScoreChanges,
            Section::ExecutiveSummary => Self::ExecutiveSummary,
            Section::AtAGlance => Self::AtAGlance,
            Section::Category(code) => Self::Category(code.to_owned()),
        }
    }
}

/// Where a finding is, as precisely as the editor needs to jump there and highlight it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The section.
    pub place: Place,
    /// The text block (bullet, paragraph, score-change item), if the finding is in one.
    pub block: Option<Id>,
    /// The footnote, if the finding is about one.
    pub footnote: Option<Id>,
    /// The byte range in the block's text (or the footnote's text) the finding is about, e.g.
    /// a marker `[^12]`.
    pub range: Option<Range<usize>>,
}

impl Location {
    /// A whole section (or, for a category, its rating).
    #[must_use]
    pub fn section(place: Place) -> Self {
        Self { place, block: None, footnote: None, range: None }
    }

    /// A whole text block.
    #[must_use]
    pub fn block(place: Place, block: Id) -> Self {
        Self { place, block: Some(block), footnote: None, range: None }
    }

    /// A byte range of a text block's text.
    #[must_use]
    pub fn in_block(place: Place, block: Id, range: Range<usize>) -> Self {
        Self { place, block: Some(block), footnote: None, range: Some(range) }
    }

    /// A footnote of the footnote list.
    #[must_use]
    pub fn footnote(footnote: Id) -> Self {
        Self { place: Place::Footnotes, block: None, footnote: Some(footnote), range: None }
    }
}

/// A finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `footnote-missing`; one of [`codes`].
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// One line in plain words.
    pub message: String,
}

impl Finding {
    /// A finding with `code`'s severity from [`CODES`].
    fn new(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        let severity = severity_of(code).unwrap_or(Severity::Error);
        Self { code, severity, location, message: message.into() }
    }
}

/// Every finding in `chapter` under `method`, in chapter order: header, score changes,
/// executive summary, at-a-glance, the categories in order (rating first, then bullet by
/// bullet), then the footnote list.
#[must_use]
pub fn check(chapter: &Chapter, method: &Methodology) -> Vec<Finding> {
    let mut out = Vec::new();
    text::check_header(chapter, method, &mut out);
    ratings::check(chapter, method, &mut out);
    text::check_text(chapter, method, &mut out);
    footnotes::check(chapter, &mut out);
    sort_in_chapter_order(chapter, &mut out);
    out
}

/// Sorts findings (stably) by where they are in the chapter.
fn sort_in_chapter_order(chapter: &Chapter, findings: &mut [Finding]) {
    if findings.len() < 2 {
        return;
    }
    let blocks: HashMap<Id, usize> = chapter.text_blocks().enumerate().map(|(i, (_, b))| (b.id, i)).collect();
    let notes: HashMap<Id, usize> = chapter.footnotes.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let categories: HashMap<&str, usize> =
        chapter.categories.iter().enumerate().map(|(i, c)| (c.code.as_str(), i)).collect();
    let place_rank = |p: &Place| match p {
        Place::Header => 0,
        Place::ScoreChanges => 1,
        Place::ExecutiveSummary => 2,
        Place::AtAGlance => 3,
        Place::Category(code) => 4 + categories.get(code.as_str()).copied().unwrap_or(usize::MAX / 4),
        Place::Footnotes => usize::MAX,
    };
    findings.sort_by_cached_key(|f| {
        let l = &f.location;
        let within = l
            .block
            .and_then(|b| blocks.get(&b).map(|i| i + 1))
            .or_else(|| l.footnote.and_then(|n| notes.get(&n).map(|i| i + 1)))
            .unwrap_or(0);
        (place_rank(&l.place), within, l.range.as_ref().map_or(0, |r| r.start))
    });
}

/// How many findings there are of each severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Notes.
    pub note: usize,
}

impl Counts {
    /// The counts of `findings`.
    #[must_use]
    pub fn of(findings: &[Finding]) -> Self {
        let mut c = Self::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Note => c.note += 1,
            }
        }
        c
    }

    /// "2 errors, 1 warning, 0 notes".
    #[must_use]
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!("{}, {}, {}", plural(self.error, "error"), plural(self.warning, "warning"), plural(self.note, "note"))
    }
}

/// The findings and their counts, as `rapporteur check --json` prints them.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Every finding, in chapter order.
    pub findings: Vec<Finding>,
    /// How many of each severity.
    pub counts: Counts,
}

impl Report {
    /// The report of `chapter` under `method`.
    #[must_use]
    pub fn new(chapter: &Chapter, method: &Methodology) -> Self {
        let findings = check(chapter, method);
        let counts = Counts::of(&findings);
        Self { findings, counts }
    }
}

/// The heading of a place as an author sees it: "Score changes", "Corruption", "Footnotes".
#[must_use]
pub fn section_title(place: &Place, method: &Methodology) -> String {
    match place {
        Place::Header => "Header".to_owned(),
        Place::ScoreChanges => "Score changes".to_owned(),
        Place::ExecutiveSummary => "Executive summary".to_owned(),
        Place::AtAGlance => "At a glance".to_owned(),
        Place::Category(code) => category_name(method, code),
        Place::Footnotes => "Footnotes".to_owned(),
    }
}

/// A location as an author sees it: "Corruption, bullet 3", "Score changes, item 2",
/// "Executive summary, paragraph 1", "Footnotes, entry 5", or just the section.
#[must_use]
pub fn describe(location: &Location, chapter: &Chapter, method: &Methodology) -> String {
    let title = section_title(&location.place, method);
    let numbered = |word: &str, i: usize| format!("{title}, {word} {}", i + 1);
    if let Some(id) = location.block {
        let position = match &location.place {
            Place::ScoreChanges => position(&chapter.score_changes, id).map(|i| numbered("item", i)),
            Place::ExecutiveSummary => position(&chapter.executive_summary, id).map(|i| numbered("paragraph", i)),
            Place::AtAGlance => position(&chapter.at_a_glance, id).map(|i| numbered("paragraph", i)),
            Place::Category(code) => {
                chapter.category(code).and_then(|c| position(&c.bullets, id)).map(|i| numbered("bullet", i))
            }
            Place::Header | Place::Footnotes => None,
        };
        if let Some(p) = position {
            return p;
        }
    }
    if let Some(id) = location.footnote
        && let Some(i) = chapter.footnotes.iter().position(|f| f.id == id)
    {
        return numbered("entry", i);
    }
    title
}

/// The index of the block with `id` in `blocks`.
fn position(blocks: &[crate::model::TextBlock], id: Id) -> Option<usize> {
    blocks.iter().position(|b| b.id == id)
}

/// The methodology's name for a category code, or the code itself.
pub(crate) fn category_name(method: &Methodology, code: &str) -> String {
    method.category(code).map_or_else(|| code.to_owned(), |d| d.name.clone())
}

#[cfg(test)]
mod tests;
