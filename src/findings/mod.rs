//! Findings: what a careful editor would flag in a chapter before it is published.
//!
//! [`check`] is a pure function from a chapter to its findings. A [`Finding`] has a stable code
//! (see [`Code`]), a [`Severity`], a [`Location`] precise enough for the editor to jump to and
//! highlight, and a one-line message in plain words. The checks live in submodules by subject:
//! footnotes and markers, ratings and score changes, the chapter's text and header, and what is
//! still open in its review.
//! [`describe`] and [`section_title`] name a location the way an author sees it
//! ("Corruption, bullet 3"), for the command line and the editor's findings panel.

mod conflicts;
mod footnotes;
mod live;
mod ratings;
mod review;
mod spelling;
mod text;

pub(crate) use footnotes::url_problem;
pub use live::Live;
pub use spelling::note as spelling_note;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::method::Methodology;
use crate::model::{Chapter, Id, Section};

/// The stable code of a finding. Each code has one [`Severity`] ([`Code::severity`]) and one
/// kebab-case name ([`Code::as_str`], e.g. `footnote-missing`), which is also how it is
/// serialised (`rapporteur check --json`) and printed (`[footnote-missing]`).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Code {
    /// No country in the header.
    CountryMissing,
    /// A title other than the one the methodology gives for this country and edition.
    TitleMismatch,
    /// No author named and the chapter not marked anonymous.
    AuthorMissing,
    /// A category of the methodology with no rating.
    RatingMissing,
    /// A rating outside the scale.
    RatingOutOfRange,
    /// A rating between the scale's steps.
    RatingOffStep,
    /// A category the methodology does not rate.
    CategoryUnknown,
    /// A category listed twice.
    CategoryDuplicate,
    /// A rating changed and no score-change item names the category.
    ChangeUnexplained,
    /// A score-change item whose figures or direction disagree with the ratings.
    ChangeMismatch,
    /// A score-change item for a category whose rating did not change, or that lacks this
    /// year's or last year's rating to compare.
    ChangeStale,
    /// A category score-change item with no reason, or the drafted placeholder.
    ChangeReasonMissing,
    /// Two score-change items for one category.
    ChangeDuplicate,
    /// Ratings changed and no item gives the resulting Democracy Score.
    ChangeOverallMissing,
    /// The "As a result, …" sentence names another country.
    ChangeWrongCountry,
    /// A score-change item in no standard form, so it cannot be checked.
    ChangeUnreadable,
    /// An empty executive summary or at-a-glance.
    SectionEmpty,
    /// A bullet, paragraph or score-change item with no text.
    BlockEmpty,
    /// A rated category with no justification bullets.
    BulletsMissing,
    /// A justification bullet with no footnote marker.
    BulletUncited,
    /// `[^` with no closing `]`, an empty label, or a label with spaces.
    MarkerMalformed,
    /// A `[^label]` marker with no footnote of that label.
    FootnoteMissing,
    /// A footnote no marker cites.
    FootnoteUnused,
    /// Two footnotes with one label.
    FootnoteDuplicate,
    /// Numbered footnotes not numbered in order of first appearance.
    FootnoteOrder,
    /// Numbered footnotes in order but skipping numbers (or not starting at 1).
    FootnoteNumberingGap,
    /// A footnote with no citation text.
    FootnoteEmpty,
    /// A footnote whose address is not a URL.
    FootnoteUrl,
    /// A footnote whose label no marker could ever use (empty, spaces, brackets).
    FootnoteLabelInvalid,
    /// A review comment nobody has resolved yet (detached ones included).
    CommentOpen,
    /// A rating proposal nobody has decided yet.
    ProposalOpen,
    /// A category not agreed in a chapter under review (unreviewed, or needing work).
    CategoryNotAgreed,
    /// A category agreed whose rating or bullets changed since.
    ChangedSinceAgreed,
    /// A merge conflict not settled yet: both sides changed one thing differently.
    MergeConflict,
    /// Words of a block its spelling dictionary does not know (only with
    /// [`CheckOptions::spelling`]).
    Spelling,
}

impl Code {
    /// Every code, in the order the checks run (the order of the enum).
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    /// The code's name: `footnote-missing`, `change-stale`, …
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// How serious a finding with this code always is.
    #[must_use]
    pub const fn severity(self) -> Severity {
        match self {
            Self::CountryMissing
            | Self::RatingMissing
            | Self::RatingOutOfRange
            | Self::RatingOffStep
            | Self::CategoryUnknown
            | Self::CategoryDuplicate
            | Self::ChangeUnexplained
            | Self::ChangeMismatch
            | Self::ChangeWrongCountry
            | Self::MarkerMalformed
            | Self::FootnoteMissing
            | Self::FootnoteDuplicate
            | Self::FootnoteEmpty
            | Self::FootnoteLabelInvalid
            | Self::MergeConflict => Severity::Error,
            Self::AuthorMissing
            | Self::ChangeStale
            | Self::ChangeReasonMissing
            | Self::ChangeDuplicate
            | Self::ChangeOverallMissing
            | Self::ChangeUnreadable
            | Self::SectionEmpty
            | Self::BlockEmpty
            | Self::BulletsMissing
            | Self::FootnoteUnused
            | Self::FootnoteOrder
            | Self::FootnoteUrl
            | Self::ProposalOpen
            | Self::ChangedSinceAgreed => Severity::Warning,
            Self::TitleMismatch
            | Self::BulletUncited
            | Self::FootnoteNumberingGap
            | Self::CommentOpen
            | Self::CategoryNotAgreed
            | Self::Spelling => Severity::Note,
        }
    }

    /// The code named `name` (`footnote-missing`), if there is one.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        name.parse().ok()
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code equals its name: `f.code == "footnote-missing"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A code equals its name.
impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
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

/// The part of a chapter a finding is in: the header, one of the chapter's text sections (a
/// category's rating counts as its section), or the footnote list.
///
/// Written out (`rapporteur check --json`) as `{"kind": "header"}`, `{"kind": "score_changes"}`,
/// `{"kind": "executive_summary"}`, `{"kind": "at_a_glance"}`, `{"kind": "category",
/// "category": "LDG"}` or `{"kind": "footnotes"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// Country, edition, title, authors.
    Header,
    /// A text section: the score-change items, the executive summary, the at-a-glance, or a
    /// category (its rating or its bullets).
    Section(Section),
    /// The footnote list.
    Footnotes,
}

impl Place {
    /// The text section, if the place is one.
    #[must_use]
    pub fn section(&self) -> Option<&Section> {
        match self {
            Self::Section(s) => Some(s),
            Self::Header | Self::Footnotes => None,
        }
    }

    /// The category's code, if the place is a category.
    #[must_use]
    pub fn category(&self) -> Option<&str> {
        self.section().and_then(Section::category)
    }
}

impl From<Section> for Place {
    fn from(section: Section) -> Self {
        Self::Section(section)
    }
}

/// The shape of the JSON above: the kind, and the code for a category.
impl Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (kind, category) = match self {
            Self::Header => ("header", None),
            Self::Footnotes => ("footnotes", None),
            Self::Section(Section::Category(code)) => ("category", Some(code)),
            Self::Section(s) => (s.key(), None),
        };
        let mut out = serializer.serialize_struct("Place", 1 + usize::from(category.is_some()))?;
        out.serialize_field("kind", kind)?;
        if let Some(code) = category {
            out.serialize_field("category", code)?;
        }
        out.end()
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
    pub fn section(place: impl Into<Place>) -> Self {
        Self { place: place.into(), block: None, footnote: None, range: None }
    }

    /// A whole text block.
    #[must_use]
    pub fn block(place: impl Into<Place>, block: Id) -> Self {
        Self { place: place.into(), block: Some(block), footnote: None, range: None }
    }

    /// A byte range of a text block's text.
    #[must_use]
    pub fn in_block(place: impl Into<Place>, block: Id, range: Range<usize>) -> Self {
        Self { place: place.into(), block: Some(block), footnote: None, range: Some(range) }
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
    /// Stable code, e.g. [`Code::FootnoteMissing`] (`footnote-missing`).
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// One line in plain words.
    pub message: String,
}

impl Finding {
    /// A finding with `code`'s severity.
    fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        Self { code, severity: code.severity(), location, message: message.into() }
    }
}

/// Every finding in `chapter` under `method`, in chapter order: header, score changes,
/// executive summary, at-a-glance, the categories in order (rating first, then bullet by
/// bullet), then the footnote list. The review's open items are findings too, at their places
/// (a comment whose block or footnote was deleted under the header).
#[must_use]
pub fn check(chapter: &Chapter, method: &Methodology) -> Vec<Finding> {
    check_with(chapter, method, &CheckOptions::default())
}

/// The checks that are off unless asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions<'a> {
    /// Check spelling with this checker: a `spelling` note per block with misspelt words.
    pub spelling: Option<&'a crate::spelling::Checker>,
}

/// Every finding in `chapter` under `method`, as [`check`] gives them, and those `options`
/// turn on.
#[must_use]
pub fn check_with(chapter: &Chapter, method: &Methodology, options: &CheckOptions<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    text::check_header(chapter, method, &mut out);
    ratings::check(chapter, method, &mut out);
    text::check_text(chapter, method, &mut out);
    footnotes::check(chapter, &mut out);
    review::check(chapter, method, &mut out);
    conflicts::check(chapter, method, &mut out);
    if let Some(checker) = options.spelling {
        spelling::check(chapter, checker, &mut out);
    }
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
    sort_by_position(chapter, findings, |id| blocks.get(&id).copied(), |id| notes.get(&id).copied());
}

/// Sorts findings (stably) by where they are: by section, then by the position `block` gives
/// their text block or `note` their footnote, then by where in that text.
fn sort_by_position(
    chapter: &Chapter,
    findings: &mut [Finding],
    block: impl Fn(Id) -> Option<usize>,
    note: impl Fn(Id) -> Option<usize>,
) {
    if findings.len() < 2 {
        return;
    }
    findings.sort_by_cached_key(|f| position_key(chapter, f, &block, &note));
}

/// Where a finding sorts: its section's rank, the position of its block or footnote (plus one;
/// zero for none), and where in that text.
fn position_key(
    chapter: &Chapter,
    f: &Finding,
    block: impl Fn(Id) -> Option<usize>,
    note: impl Fn(Id) -> Option<usize>,
) -> (usize, usize, usize) {
    let l = &f.location;
    let within = l
        .block
        .and_then(|b| block(b).map(|i| i + 1))
        .or_else(|| l.footnote.and_then(|n| note(n).map(|i| i + 1)))
        .unwrap_or(0);
    (place_rank(chapter, &l.place), within, l.range.as_ref().map_or(0, |r| r.start))
}

/// The rank of a place in chapter order: the header, the text sections in reading order, the
/// footnotes.
fn place_rank(chapter: &Chapter, place: &Place) -> usize {
    match place {
        Place::Header => 0,
        Place::Section(section) => section_rank(chapter, section),
        Place::Footnotes => usize::MAX,
    }
}

/// The rank of a text section in chapter order (see [`place_rank`]); a category the chapter
/// does not have comes after the others.
fn section_rank(chapter: &Chapter, section: &Section) -> usize {
    1 + section.position(chapter).unwrap_or(usize::MAX / 4)
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
        let plural = crate::words::count;
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
        Self::with_options(chapter, method, &CheckOptions::default())
    }

    /// The report of `chapter` under `method` with the checks `options` turn on.
    #[must_use]
    pub fn with_options(chapter: &Chapter, method: &Methodology, options: &CheckOptions<'_>) -> Self {
        let findings = check_with(chapter, method, options);
        let counts = Counts::of(&findings);
        Self { findings, counts }
    }
}

/// The heading of a place as an author sees it: "Score changes", "Corruption", "Footnotes"
/// (see [`Section::title`]).
#[must_use]
pub fn section_title(place: &Place, method: &Methodology) -> String {
    match place {
        Place::Header => "Header".to_owned(),
        Place::Section(section) => section.title(method),
        Place::Footnotes => "Footnotes".to_owned(),
    }
}

/// A location as an author sees it: "Corruption, bullet 3", "Score changes, item 2",
/// "Executive summary, paragraph 1", "Footnotes, entry 5", or just the section.
#[must_use]
pub fn describe(location: &Location, chapter: &Chapter, method: &Methodology) -> String {
    let title = section_title(&location.place, method);
    let numbered = |word: &str, i: usize| format!("{title}, {word} {}", i + 1);
    if let Some(id) = location.block
        && let Some(section) = location.place.section()
        && let Some(i) = section.blocks(chapter).and_then(|blocks| position(blocks, id))
    {
        return numbered(section.block_noun(), i);
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
