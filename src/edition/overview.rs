//! The overview of an edition: its columns (every figure and classification of the
//! methodology among them), sorting by any column, filtering, and the sums at its foot
//! (regional and edition means, chapters per class). The editor's table, `rapporteur edition`
//! and the published index all read these.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{Edition, ReviewStatus, Row};
use crate::score::Fixed;

/// A column of the overview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    /// The country.
    Country,
    /// Its region.
    Region,
    /// The byline ("Anonymous" for anonymous chapters).
    Author,
    /// A figure this year, by its place in the methodology's figures.
    Figure(usize),
    /// The headline figure last year.
    HeadlineLast,
    /// The headline's change since last year.
    Change,
    /// A classification this year, by its place in the methodology's classifications.
    Class(usize),
    /// Error findings.
    Errors,
    /// Warning findings.
    Warnings,
    /// Open comments.
    Comments,
    /// Open rating proposals.
    Proposals,
    /// Where the review stands.
    Review,
    /// Words of text.
    Words,
    /// Who changed it last and when.
    LastChange,
    /// The file.
    File,
}

/// Which chapters a state filter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StateFilter {
    /// With errors (or unreadable).
    Errors,
    /// With warnings.
    Warnings,
    /// With open comments or proposals.
    OpenReview,
    /// In this review state.
    Review(ReviewStatus),
}

impl StateFilter {
    /// How the filter is named in the editor.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Errors => "With errors",
            Self::Warnings => "With warnings",
            Self::OpenReview => "Open comments or proposals",
            Self::Review(s) => s.label(),
        }
    }

    /// Every filter, as the editor lists them.
    #[must_use]
    pub fn all() -> Vec<Self> {
        let mut all = vec![Self::Errors, Self::Warnings, Self::OpenReview];
        all.extend(ReviewStatus::ALL.map(Self::Review));
        all
    }

    fn keeps(self, row: &Row) -> bool {
        match self {
            Self::Errors => row.has_errors(),
            Self::Warnings => row.counts.warning > 0,
            Self::OpenReview => row.open_comments + row.open_proposals > 0,
            Self::Review(s) => row.problem.is_none() && row.review == s,
        }
    }
}

/// What the overview shows: rows matching every part given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Only this region (`""`: chapters of no listed region).
    pub region: Option<String>,
    /// Only this class of the first classification.
    pub class: Option<String>,
    /// Only chapters in this state.
    pub state: Option<StateFilter>,
    /// Only rows whose country, region, author, class or file holds these words (any case).
    pub text: String,
}

impl Filter {
    /// Whether `row` is shown.
    #[must_use]
    pub fn keeps(&self, row: &Row) -> bool {
        self.matcher().keeps(row)
    }

    /// The filter ready to test many rows (its words lowered once).
    fn matcher(&self) -> Matcher<'_> {
        Matcher { filter: self, words: self.text.to_lowercase().split_whitespace().map(str::to_owned).collect() }
    }

    /// Whether the filter shows everything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.region.is_none() && self.class.is_none() && self.state.is_none() && self.text.trim().is_empty()
    }
}

/// A [`Filter`] ready to test rows.
struct Matcher<'f> {
    filter: &'f Filter,
    words: Vec<String>,
}

impl Matcher<'_> {
    fn keeps(&self, row: &Row) -> bool {
        let filter = self.filter;
        if let Some(region) = &filter.region
            && row.region.as_deref().unwrap_or("") != region
        {
            return false;
        }
        if let Some(class) = &filter.class
            && row.class.as_ref() != Some(class)
        {
            return false;
        }
        if let Some(state) = filter.state
            && !state.keeps(row)
        {
            return false;
        }
        if self.words.is_empty() {
            return true;
        }
        let fields = [
            row.country.as_str(),
            row.region.as_deref().unwrap_or(""),
            row.author.as_str(),
            row.class.as_deref().unwrap_or(""),
            row.path.as_str(),
        ];
        let hay = fields.join("\n").to_lowercase();
        self.words.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// How the rows are ordered: by a column (blanks last either way), or as published (region
/// by region in the edition file's order, then by country).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    /// The column; `None` for the published order.
    pub column: Option<Column>,
    /// Largest (or last) first.
    pub descending: bool,
}

/// The overview's columns for `edition`, left to right: who, the headline figure, last year's
/// and the change, the classes, the other figures, then findings, review, words, last change.
#[must_use]
pub fn columns(edition: &Edition) -> Vec<Column> {
    let def = &edition.method.def;
    // The headline figure first, with last year's and the change beside it, then the
    // classifications, then the other figures in the file's order (Freedom in the World's
    // Total before its subcategories).
    let head = edition.method.headline_figure().and_then(|id| def.figures.iter().position(|f| f.id == id));
    let mut out = vec![Column::Country, Column::Region, Column::Author];
    out.extend(head.map(Column::Figure));
    out.extend([Column::HeadlineLast, Column::Change]);
    out.extend((0..def.classifications.len()).map(Column::Class));
    out.extend((0..def.figures.len()).filter(|&i| Some(i) != head).map(Column::Figure));
    out.extend([
        Column::Errors,
        Column::Warnings,
        Column::Comments,
        Column::Proposals,
        Column::Review,
        Column::Words,
        Column::LastChange,
    ]);
    out
}

/// The headline figure's label ("Democracy Score").
#[must_use]
pub fn headline_label(edition: &Edition) -> String {
    let def = &edition.method.def;
    let id = edition.method.headline_figure().unwrap_or_default();
    def.figures.iter().find(|f| f.id == id).map_or_else(|| "Headline".to_owned(), |f| f.label.clone())
}

/// A column's heading.
#[must_use]
pub fn header(edition: &Edition, column: Column) -> String {
    let def = &edition.method.def;
    match column {
        Column::Country => "Country".to_owned(),
        Column::Region => "Region".to_owned(),
        Column::Author => "Author".to_owned(),
        Column::Figure(i) => def.figures.get(i).map(|f| f.label.clone()).unwrap_or_default(),
        Column::HeadlineLast => format!("{} {}", headline_label(edition), edition.file.edition - 1),
        Column::Change => "Change".to_owned(),
        Column::Class(i) => def.classifications.get(i).map(|c| c.label.clone()).unwrap_or_default(),
        Column::Errors => "Errors".to_owned(),
        Column::Warnings => "Warnings".to_owned(),
        Column::Comments => "Comments".to_owned(),
        Column::Proposals => "Proposals".to_owned(),
        Column::Review => "Review".to_owned(),
        Column::Words => "Words".to_owned(),
        Column::LastChange => "Last change".to_owned(),
        Column::File => "File".to_owned(),
    }
}

/// Whether a column holds numbers (right-aligned, largest-first reads naturally).
#[must_use]
pub fn numeric(column: Column) -> bool {
    matches!(
        column,
        Column::Figure(_)
            | Column::HeadlineLast
            | Column::Change
            | Column::Errors
            | Column::Warnings
            | Column::Comments
            | Column::Proposals
            | Column::Words
    )
}

/// The text of `row`'s cell in `column` (`"–"` for no value).
#[must_use]
pub fn cell(row: &Row, column: Column) -> String {
    let fixed = |f: Option<Fixed>| f.map_or_else(|| "–".to_owned(), |f| f.to_string());
    match column {
        Column::Country => row.country.clone(),
        Column::Region => row.region.clone().unwrap_or_default(),
        Column::Author => row.author.clone(),
        Column::Figure(i) => fixed(row.figures.get(i).copied().flatten()),
        Column::HeadlineLast => fixed(row.headline_last),
        Column::Change => match (row.change, row.direction) {
            (Some(c), Some(d)) => {
                let arrow = match d {
                    crate::score::Direction::Improved => "▲",
                    crate::score::Direction::Declined => "▼",
                    crate::score::Direction::Same => "=",
                };
                if c.value == 0 { format!("{arrow} {c}") } else { format!("{arrow} {c:+}") }
            }
            _ => "–".to_owned(),
        },
        Column::Class(i) => row.classes.get(i).cloned().flatten().unwrap_or_else(|| "–".to_owned()),
        Column::Errors => row.errors().to_string(),
        Column::Warnings => row.counts.warning.to_string(),
        Column::Comments => row.open_comments.to_string(),
        Column::Proposals => row.open_proposals.to_string(),
        Column::Review => {
            if row.problem.is_some() {
                "Cannot be read".to_owned()
            } else {
                row.review.label().to_owned()
            }
        }
        Column::Words => row.words.to_string(),
        Column::LastChange => row.last_change.as_ref().map_or_else(String::new, |c| {
            let date = c.when.get(..10).unwrap_or(&c.when);
            match (&c.who, c.uncommitted) {
                (_, true) => format!("{date} (not committed)"),
                (Some(who), false) => format!("{date} {who}"),
                (None, false) => date.to_owned(),
            }
        }),
        Column::File => row.path.clone(),
    }
}

/// A row's value in a column, as it sorts: text by its lower case first (then as written),
/// numbers as numbers, the review by its order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Text(String, String),
    Number(i64),
    Count(usize),
    Review(ReviewStatus),
}

fn text_key(text: &str) -> Key {
    Key::Text(text.to_lowercase(), text.to_owned())
}

/// `row`'s key in `column`; `None` for a blank (which sorts last either way).
fn key(row: &Row, column: Column) -> Option<Key> {
    let fixed = |f: Option<Fixed>| f.map(|f| Key::Number(f.value));
    match column {
        Column::Country => Some(text_key(&row.country)),
        Column::Region => row.region.as_deref().map(text_key),
        Column::Author => Some(text_key(&row.author)),
        Column::Figure(i) => fixed(row.figures.get(i).copied().flatten()),
        Column::HeadlineLast => fixed(row.headline_last),
        Column::Change => fixed(row.change),
        Column::Class(i) => row.classes.get(i).and_then(Option::as_deref).map(text_key),
        Column::Errors => Some(Key::Count(row.errors())),
        Column::Warnings => Some(Key::Count(row.counts.warning)),
        Column::Comments => Some(Key::Count(row.open_comments)),
        Column::Proposals => Some(Key::Count(row.open_proposals)),
        Column::Review => Some(Key::Review(row.review)),
        Column::Words => Some(Key::Count(row.words)),
        Column::LastChange => row.last_change.as_ref().map(|c| Key::Text(c.when.clone(), String::new())),
        Column::File => Some(text_key(&row.path)),
    }
}

/// The indices of `rows` the filter keeps, in the sort's order: by the column's values (blanks
/// last whichever way), then in the published order (region by region as the edition file
/// lists them, then by country), then by file. Each row's key is found once, so a sort of
/// hundreds of rows takes well under a frame.
#[must_use]
pub fn view<R: Borrow<Row>>(edition: &Edition, rows: &[R], sort: Sort, filter: &Filter) -> Vec<usize> {
    let matcher = filter.matcher();
    let ranks: std::collections::HashMap<&str, (usize, usize)> = edition
        .file
        .regions
        .iter()
        .enumerate()
        .flat_map(|(r, region)| region.countries.iter().enumerate().map(move |(c, country)| (country.as_str(), (r, c))))
        .collect();
    let mut keyed: Vec<_> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matcher.keeps((*r).borrow()))
        .map(|(i, r)| {
            let r = r.borrow();
            let rank = ranks.get(r.country.as_str()).copied().unwrap_or((usize::MAX, usize::MAX));
            (sort.column.and_then(|c| key(r, c)), rank, r.country.as_str(), r.path.as_str(), i)
        })
        .collect();
    keyed.sort_by(|a, b| {
        let by_key = match (&a.0, &b.0) {
            (Some(x), Some(y)) if sort.descending => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
        };
        by_key.then_with(|| a.1.cmp(&b.1)).then_with(|| a.2.cmp(b.2)).then_with(|| a.3.cmp(b.3))
    });
    keyed.into_iter().map(|k| k.4).collect()
}

/// The sums of a set of rows: how many, the mean of every figure, the headline's mean this
/// year and last, and how many chapters in each class of the first classification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// A region's name, or "All" for the whole set.
    pub name: String,
    /// Chapters.
    pub chapters: usize,
    /// The mean of each figure over the chapters that have it, rounded half away from zero
    /// to the figure's decimals.
    pub means: Vec<Option<Fixed>>,
    /// The mean of last year's headline figures.
    pub headline_last: Option<Fixed>,
    /// Chapters per class, best class first, every class listed.
    pub classes: Vec<(String, usize)>,
    /// Chapters with errors.
    pub with_errors: usize,
}

/// The foot of the overview: one summary a region (in the edition file's order, then "No
/// region" if any row has none), and the whole set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Footer {
    /// Region by region.
    pub regions: Vec<Summary>,
    /// Every row given.
    pub all: Summary,
}

/// The mean of `values`, exactly, rounded half away from zero to their decimals.
#[must_use]
pub fn mean(values: impl IntoIterator<Item = Fixed>) -> Option<Fixed> {
    let mut n: i64 = 0;
    let mut sum: i128 = 0;
    let mut decimals = None;
    for v in values {
        n += 1;
        sum += i128::from(v.value);
        decimals.get_or_insert(v.decimals);
    }
    let decimals = decimals?;
    let n = i128::from(n);
    let q = (2 * sum.abs() + n) / (2 * n);
    let value = if sum < 0 { -q } else { q };
    Some(Fixed { value: i64::try_from(value).ok()?, decimals })
}

/// The summary of `rows` under `name`.
#[must_use]
pub fn summary(edition: &Edition, name: &str, rows: &[&Row]) -> Summary {
    let def = &edition.method.def;
    let means =
        (0..def.figures.len()).map(|i| mean(rows.iter().filter_map(|r| r.figures.get(i).copied().flatten()))).collect();
    let labels: Vec<String> = def
        .classifications
        .first()
        .map(|c| c.rule.labels().into_iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let classes = labels
        .into_iter()
        .map(|l| {
            let n = rows.iter().filter(|r| r.class.as_deref() == Some(l.as_str())).count();
            (l, n)
        })
        .collect();
    Summary {
        name: name.to_owned(),
        chapters: rows.len(),
        means,
        headline_last: mean(rows.iter().filter_map(|r| r.headline_last)),
        classes,
        with_errors: rows.iter().filter(|r| r.has_errors()).count(),
    }
}

/// The foot of the overview of `rows` (the rows shown).
#[must_use]
pub fn footer(edition: &Edition, rows: &[&Row]) -> Footer {
    let mut regions = Vec::new();
    for region in &edition.file.regions {
        let these: Vec<&Row> =
            rows.iter().copied().filter(|r| r.region.as_deref() == Some(region.name.as_str())).collect();
        if !these.is_empty() {
            regions.push(summary(edition, &region.name, &these));
        }
    }
    let none: Vec<&Row> = rows.iter().copied().filter(|r| r.region.is_none()).collect();
    if !none.is_empty() && !edition.file.regions.is_empty() {
        regions.push(summary(edition, "No region", &none));
    }
    Footer { regions, all: summary(edition, "All", rows) }
}

/// The overview as `rapporteur edition --json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct Report<'e> {
    /// The edition's name.
    pub name: &'e str,
    /// Its methodology's id.
    pub methodology: &'e str,
    /// Its year.
    pub edition: i32,
    /// The figures' ids, in the order of each row's `figures`.
    pub figures: Vec<&'e str>,
    /// The classifications' ids, in the order of each row's `classes`.
    pub classifications: Vec<&'e str>,
    /// The item codes, in the order of each row's `items`.
    pub items: &'e [String],
    /// The rows, as published.
    pub rows: Vec<&'e Row>,
    /// The sums.
    pub footer: Footer,
}

/// The overview of the whole edition, rows as published.
#[must_use]
pub fn report(edition: &Edition) -> Report<'_> {
    let rows: Vec<&Row> = edition.rows().collect();
    let order = view(edition, &rows, Sort::default(), &Filter::default());
    let rows: Vec<&Row> = order.into_iter().map(|i| rows[i]).collect();
    Report {
        name: &edition.file.name,
        methodology: &edition.method.def.id,
        edition: edition.file.edition,
        figures: edition.method.def.figures.iter().map(|f| f.id.as_str()).collect(),
        classifications: edition.method.def.classifications.iter().map(|c| c.id.as_str()).collect(),
        items: &edition.items,
        footer: footer(edition, &rows),
        rows,
    }
}

/// The overview as text: a table (the columns that fit a terminal: country, region, the
/// headline figure, last year's, the change, the first class, findings, review, words), then
/// the regional and edition sums.
#[must_use]
pub fn text(edition: &Edition) -> String {
    let report = report(edition);
    let head =
        edition.method.headline_figure().and_then(|id| edition.method.def.figures.iter().position(|f| f.id == id));
    let mut cols = vec![Column::Country, Column::Region];
    cols.extend(head.map(Column::Figure));
    cols.extend([Column::HeadlineLast, Column::Change]);
    if !edition.method.def.classifications.is_empty() {
        cols.push(Column::Class(0));
    }
    cols.extend([Column::Errors, Column::Warnings, Column::Comments, Column::Proposals, Column::Review, Column::Words]);
    let mut table: Vec<Vec<String>> = vec![cols.iter().map(|&c| header(edition, c)).collect()];
    for row in &report.rows {
        table.push(cols.iter().map(|&c| cell(row, c)).collect());
    }
    let widths: Vec<usize> =
        (0..cols.len()).map(|i| table.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = format!("{} ({}, {} chapters)\n\n", edition.file.name, edition.method.def.name, report.rows.len());
    for line in &table {
        let cells: Vec<String> = line
            .iter()
            .zip(&cols)
            .zip(&widths)
            .map(|((s, &c), &w)| {
                let pad = w - s.chars().count();
                if numeric(c) { format!("{}{s}", " ".repeat(pad)) } else { format!("{s}{}", " ".repeat(pad)) }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    let label = headline_label(edition);
    out.push('\n');
    for s in report.footer.regions.iter().chain(std::iter::once(&report.footer.all)) {
        let mean = head.and_then(|i| s.means.get(i).copied().flatten());
        let classes: Vec<String> = s.classes.iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{c} {n}")).collect();
        let _ = writeln!(
            out,
            "{}: {}, mean {label} {}{}{}",
            s.name,
            crate::words::count(s.chapters, "chapter"),
            mean.map_or_else(|| "–".to_owned(), |m| m.to_string()),
            if classes.is_empty() { String::new() } else { format!("; {}", classes.join(", ")) },
            if s.with_errors > 0 { format!("; {} with errors", s.with_errors) } else { String::new() },
        );
    }
    for row in report.rows.iter().filter(|r| r.problem.is_some()) {
        let _ = writeln!(out, "{}: {}", row.path, row.problem.as_deref().unwrap_or_default());
    }
    out
}
