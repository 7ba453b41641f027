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
    /// A change the methodology asks to explain (an item's rating, a classification such as
    /// Freedom in the World's status) that no score-change item names.
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
    /// Ratings changed and no item gives a figure the methodology asks for (NIT's resulting
    /// Democracy Score).
    ChangeOverallMissing,
    /// A figure's or classification's sentence ("As a result, …") names another country.
    ChangeWrongCountry,
    /// A score-change item in no standard form, so it cannot be checked.
    ChangeUnreadable,
    /// A text section of the methodology (an executive summary, an overview) with no text.
    SectionEmpty,
    /// A bullet, paragraph or score-change item with no text.
    BlockEmpty,
    /// A rated item with no justification (bullets or paragraphs).
    BulletsMissing,
    /// A justification bullet or paragraph with no footnote marker.
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
/// a text section by its id in the methodology (`{"kind": "overview"}`), `{"kind": "category",
/// "category": "A1"}` or `{"kind": "footnotes"}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// Country, edition, title, authors.
    Header,
    /// A section: the score-change items, a text section of the methodology, or an item
    /// (its rating or its justification).
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

/// Every finding in `chapter` under `method`, in chapter order: header, then the sections in
/// the methodology's reading order ([`Methodology::sections`]: NIT's score changes, executive
/// summary, at-a-glance and categories; Freedom in the World's overview, key developments,
/// score changes and indicators), an item's rating first, then block by block, then the
/// footnote list. The review's open items are findings too, at their places
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
    footnotes::check(chapter, method, &mut out);
    review::check(chapter, method, &mut out);
    conflicts::check(chapter, method, &mut out);
    if let Some(checker) = options.spelling {
        spelling::check(chapter, checker, &mut out);
    }
    sort_in_chapter_order(chapter, method, &mut out);
    out
}

/// Sorts findings (stably) by where they are in the chapter's reading order under `method`.
fn sort_in_chapter_order(chapter: &Chapter, method: &Methodology, findings: &mut [Finding]) {
    if findings.len() < 2 {
        return;
    }
    let order = Order::of(chapter, method);
    let blocks: HashMap<Id, usize> =
        chapter.blocks_in_order(method).into_iter().enumerate().map(|(i, (_, b))| (b.id, i)).collect();
    let notes: HashMap<Id, usize> = chapter.footnotes.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    sort_by_position(&order, findings, |id| blocks.get(&id).copied(), |id| notes.get(&id).copied());
}

/// The rank of each section of a chapter in its reading order under its methodology
/// ([`Methodology::sections`]), worked out once for a sort.
pub(crate) struct Order {
    ranks: HashMap<Section, usize>,
}

impl Order {
    /// The reading order of `chapter` under `method`.
    pub(crate) fn of(chapter: &Chapter, method: &Methodology) -> Self {
        Self::from_sections(&method.sections(chapter))
    }

    /// The order of `sections`, as [`Methodology::sections`] gives them.
    pub(crate) fn from_sections(sections: &[Section]) -> Self {
        Self { ranks: sections.iter().cloned().enumerate().map(|(i, s)| (s, i)).collect() }
    }

    /// Where `section` comes, from 0; `None` for a section the chapter does not have.
    fn rank(&self, section: &Section) -> Option<usize> {
        self.ranks.get(section).copied()
    }
}

/// Sorts findings (stably) by where they are: by section, then by the position `block` gives
/// their text block or `note` their footnote, then by where in that text.
fn sort_by_position(
    order: &Order,
    findings: &mut [Finding],
    block: impl Fn(Id) -> Option<usize>,
    note: impl Fn(Id) -> Option<usize>,
) {
    if findings.len() < 2 {
        return;
    }
    findings.sort_by_cached_key(|f| position_key(order, f, &block, &note));
}

/// Where a finding sorts: its section's rank, the position of its block or footnote (plus one;
/// zero for none), and where in that text.
fn position_key(
    order: &Order,
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
    (place_rank(order, &l.place), within, l.range.as_ref().map_or(0, |r| r.start))
}

/// The rank of a place in chapter order: the header, the text sections in reading order, the
/// footnotes.
fn place_rank(order: &Order, place: &Place) -> usize {
    match place {
        Place::Header => 0,
        Place::Section(section) => section_rank(order, section),
        Place::Footnotes => usize::MAX,
    }
}

/// The rank of a text section in chapter order (see [`place_rank`]); a category the chapter
/// does not have comes after the others.
fn section_rank(order: &Order, section: &Section) -> usize {
    1 + order.rank(section).unwrap_or(usize::MAX / 4)
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
        return numbered(section.block_noun(method), i);
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

/// How findings name an item (or a narrated group): [`Methodology::item_title`].
pub(crate) fn category_name(method: &Methodology, code: &str) -> String {
    method.item_title(code)
}

#[cfg(test)]
mod tests;
