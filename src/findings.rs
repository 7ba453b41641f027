//! Findings: what a careful editor would flag in a chapter before it is published.
//!
//! [`check`] is a pure function from a chapter to its findings. A [`Finding`] has a stable
//! [`Code`], a [`Severity`], a [`Location`] precise enough for the editor to jump to and
//! highlight, and a one-line message in plain words.

use std::ops::Range;

use serde::Serialize;

use crate::method::Methodology;
use crate::model::{Chapter, Id};

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

/// A finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `footnote-missing`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// One line in plain words.
    pub message: String,
}

/// Every finding in `chapter` under `method`, in chapter order.
#[must_use]
pub fn check(chapter: &Chapter, method: &Methodology) -> Vec<Finding> {
    let _ = (chapter, method);
    Vec::new()
}
