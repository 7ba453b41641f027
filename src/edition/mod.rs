//! The edition: every chapter of one report, rated under one methodology, in one folder
//! (usually a git repository) with an [`EditionFile`] (`edition.ron`) at its top.
//!
//! [`Edition::open`] reads the file and every chapter below the folder (in parallel), and
//! makes one [`Row`] a chapter: its figures and classification from the same score tree the
//! editor shows, its findings, its review, its words. [`Edition::refresh`] looks at the files
//! again and reads only those that changed (a save, a `git pull`). [`overview`] sorts, filters
//! and sums the rows; [`git`] adds who changed what last and the edition's history; [`init`]
//! starts a new edition from the last one.

pub mod chart;
pub mod file;
pub mod git;
pub mod history;
pub mod init;
pub mod overview;
pub mod publish;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::Serialize;

pub use file::{EDITION_FORMAT, EditionFile, FILE_NAME, Region};

use crate::findings::Counts;
use crate::method::Methodology;
use crate::model::review::{StateNow, Summary};
use crate::model::{Authors, Chapter, Rating};
use crate::score::{Direction, Fixed, ScoreCard};

/// What was read of one file: its size and modification time, to notice a change without
/// reading it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Its length in bytes.
    pub len: u64,
    /// When it was last modified.
    pub modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of the file at `path`, or `None` when it cannot be read.
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self { len: meta.len(), modified: meta.modified().ok() })
    }
}

/// Where a chapter stands in its review, taken over its categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Nobody has reviewed it yet: no comment, proposal or category signed off.
    NotReviewed,
    /// Under review: comments, proposals or some categories signed off.
    InReview,
    /// A reviewer asked for more work on a category.
    NeedsWork,
    /// Every category agreed, nothing left open.
    SignedOff,
}

impl ReviewStatus {
    /// How the overview names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NotReviewed => "Not reviewed",
            Self::InReview => "In review",
            Self::NeedsWork => "Needs work",
            Self::SignedOff => "Signed off",
        }
    }

    /// Every status, in the order the overview's filter lists them.
    pub const ALL: [Self; 4] = [Self::NotReviewed, Self::InReview, Self::NeedsWork, Self::SignedOff];

    /// The status of `chapter`'s review.
    #[must_use]
    pub fn of(chapter: &Chapter, summary: &Summary) -> Self {
        if summary.categories.iter().any(|c| c.state == StateNow::NeedsWork.as_str()) {
            Self::NeedsWork
        } else if !summary.categories.is_empty() && !summary.anything_open() {
            Self::SignedOff
        } else if chapter.review.is_empty() {
            Self::NotReviewed
        } else {
            Self::InReview
        }
    }
}

/// Who changed a chapter last and when (from git where the folder is a repository, else the
/// file's time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LastChange {
    /// When, as an ISO 8601 date and time (`2024-03-01T10:22:05+01:00`).
    pub when: String,
    /// Who, as git names the commit's author; `None` where the file is not committed, the
    /// folder is not a repository, or the chapter is anonymous (whose author is never shown).
    pub who: Option<String>,
    /// Whether the file on disk differs from its last commit (or was never committed).
    pub uncommitted: bool,
}

/// One chapter of the edition, as the overview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The file, relative to the edition's folder, with `/` between folders.
    pub path: String,
    /// The country.
    pub country: String,
    /// The edition year the chapter says.
    pub edition: i32,
    /// Its region, as the edition file lists it.
    pub region: Option<String>,
    /// The byline: "Anonymous", the names, or empty while none are given.
    pub author: String,
    /// Whether the chapter is anonymous.
    pub anonymous: bool,
    /// Every figure of the methodology as published this year, in the file's order (`None`
    /// while its items are not all rated).
    pub figures: Vec<Option<Fixed>>,
    /// Every classification this year, in the file's order.
    pub classes: Vec<Option<String>>,
    /// Each item's rating this year, in the order of [`Edition::items`].
    pub items: Vec<Option<Rating>>,
    /// The headline figure this year and last year.
    pub headline: Option<Fixed>,
    /// Last year's headline figure.
    pub headline_last: Option<Fixed>,
    /// The headline's change (`this − last`) as published.
    pub change: Option<Fixed>,
    /// Which way the headline moved.
    pub direction: Option<Direction>,
    /// The first classification this year (the one the overview shows and filters by).
    pub class: Option<String>,
    /// Its findings.
    pub counts: Counts,
    /// Open comments.
    pub open_comments: usize,
    /// Open rating proposals.
    pub open_proposals: usize,
    /// Where the review stands.
    pub review: ReviewStatus,
    /// Words of text (footnote markers left out).
    pub words: usize,
    /// Who changed it last, and when (filled by [`Edition::add_last_changes`]).
    pub last_change: Option<LastChange>,
    /// Why the file could not be read as a chapter of this edition: the row then has no
    /// figures and counts as one error.
    pub problem: Option<String>,
}

impl Row {
    /// Whether the chapter may not be published: it has errors or could not be read.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.problem.is_some() || self.counts.error > 0
    }

    /// The errors the overview counts: the findings', or one for a file that cannot be read.
    #[must_use]
    pub fn errors(&self) -> usize {
        if self.problem.is_some() { 1 } else { self.counts.error }
    }
}

/// A chapter file of the edition: what it was read from, and what was read.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The file.
    pub path: PathBuf,
    /// Its stamp when read.
    pub stamp: Option<Stamp>,
    /// The chapter, when it could be read.
    pub chapter: Option<Arc<Chapter>>,
    /// Its row.
    pub row: Row,
}

/// An edition as read from its folder.
#[derive(Clone, Debug)]
pub struct Edition {
    /// The edition's folder.
    pub dir: PathBuf,
    /// Its `edition.ron`.
    pub file: EditionFile,
    /// Its methodology.
    pub method: Methodology,
    /// The item codes rated in this edition, in published order (the columns of
    /// [`Row::items`]).
    pub items: Vec<String>,
    /// Its chapters, ordered by file path.
    pub entries: Vec<Entry>,
}

/// What [`Edition::refresh`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Chapters read again (changed on disk).
    pub changed: Vec<PathBuf>,
    /// Chapters new since the last look.
    pub added: Vec<PathBuf>,
    /// Chapters gone.
    pub removed: Vec<PathBuf>,
}

impl Refreshed {
    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

impl Edition {
    /// Reads the edition in `dir`: its file, its methodology and every chapter.
    pub fn open(dir: &Path) -> Result<Self, String> {
        let file = EditionFile::load(dir)?;
        let method = Methodology::resolve(&file.methodology, Some(dir))
            .map_err(|e| format!("{}: {e}", dir.join(FILE_NAME).display()))?;
        let items = method.items_in(file.edition).into_iter().map(str::to_owned).collect();
        let mut edition = Self { dir: dir.to_owned(), file, method, items, entries: Vec::new() };
        let files = edition.chapter_files();
        edition.entries = files.par_iter().filter_map(|p| edition.read(p)).collect();
        Ok(edition)
    }

    /// The `.ron` files below the edition's chapter folders (hidden folders, folders holding an
    /// edition of their own, the edition file and backups passed over), sorted.
    #[must_use]
    pub fn chapter_files(&self) -> Vec<PathBuf> {
        let own = self.dir.join(FILE_NAME);
        let mut out = Vec::new();
        for root in self.file.chapter_roots(&self.dir) {
            let walk = walkdir::WalkDir::new(&root).follow_links(false).sort_by_file_name().into_iter();
            // Hidden folders (.git) and folders that are editions of their own (an archive's
            // earlier editions kept below this one) are passed over.
            let inside = |e: &walkdir::DirEntry| {
                e.depth() == 0
                    || !(e.file_name().to_string_lossy().starts_with('.')
                        || e.file_type().is_dir() && e.path().join(FILE_NAME).is_file())
            };
            for entry in walk.filter_entry(inside) {
                let Ok(entry) = entry else { continue };
                let path = entry.path();
                if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "ron") && path != own {
                    out.push(path.to_owned());
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Reads one file as a chapter of the edition; `None` for a `.ron` file that is no chapter
    /// (a methodology or ratings file kept beside the chapters).
    fn read(&self, path: &Path) -> Option<Entry> {
        let stamp = Stamp::of(path);
        let bytes = match crate::io::read_bytes(path) {
            Ok(b) => b,
            Err(e) => return Some(self.broken(path, stamp, e.to_string())),
        };
        let text = std::str::from_utf8(&bytes).unwrap_or("");
        if !crate::data::starts_with_name(text, "Project") && !text.is_empty() {
            let known = ["Index", "RatingsFile", "Edition"].iter().any(|n| crate::data::starts_with_name(text, n));
            if known {
                return None;
            }
        }
        let chapter = match crate::io::from_bytes_in(bytes, path, path.parent()) {
            Ok(c) => c,
            Err(e) => return Some(self.broken(path, stamp, e.to_string())),
        };
        if let Some(problem) = self.foreign(&chapter, path) {
            return Some(self.broken(path, stamp, problem));
        }
        let row = self.row_of(path, &chapter);
        Some(Entry { path: path.to_owned(), stamp, chapter: Some(Arc::new(chapter)), row })
    }

    /// Why `chapter` does not belong to the edition (another methodology), if it does not.
    fn foreign(&self, chapter: &Chapter, path: &Path) -> Option<String> {
        if chapter.methodology == self.method.id || chapter.methodology == self.file.methodology {
            return None;
        }
        match Methodology::resolve(&chapter.methodology, path.parent()) {
            Ok(m) if m.def.id == self.method.def.id => None,
            Ok(m) => Some(format!(
                "rated under {} ({}), but the edition is rated under {} ({})",
                m.def.name, m.def.id, self.method.def.name, self.method.def.id
            )),
            Err(e) => Some(e),
        }
    }

    fn broken(&self, path: &Path, stamp: Option<Stamp>, problem: String) -> Entry {
        let country = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let row = Row {
            path: self.relative(path),
            region: self.file.region_of(&country).map(str::to_owned),
            country,
            edition: self.file.edition,
            author: String::new(),
            anonymous: false,
            figures: vec![None; self.method.def.figures.len()],
            classes: vec![None; self.method.def.classifications.len()],
            items: vec![None; self.items.len()],
            headline: None,
            headline_last: None,
            change: None,
            direction: None,
            class: None,
            counts: Counts { error: 1, ..Counts::default() },
            open_comments: 0,
            open_proposals: 0,
            review: ReviewStatus::NotReviewed,
            words: 0,
            last_change: None,
            problem: Some(problem),
        };
        Entry { path: path.to_owned(), stamp, chapter: None, row }
    }

    /// `path` relative to the edition's folder, with `/` between folders.
    #[must_use]
    pub fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.dir).unwrap_or(path);
        rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
    }

    /// The overview row of `chapter`, read from `path`.
    #[must_use]
    pub fn row_of(&self, path: &Path, chapter: &Chapter) -> Row {
        let method = &self.method;
        let card = ScoreCard::compute(chapter, method);
        let now = card.this_year.as_ref();
        let figures =
            method.def.figures.iter().map(|f| now.and_then(|t| t.figure(&f.id)).and_then(|s| s.shown)).collect();
        let classes = method
            .def
            .classifications
            .iter()
            .map(|c| now.and_then(|t| t.classification(&c.id)).and_then(|s| s.class.clone()))
            .collect();
        let items = self.items.iter().map(|code| chapter.category(code).and_then(|e| e.rating)).collect::<Vec<_>>();
        let change = card.change(method);
        let summary = Summary::of(chapter);
        let findings = crate::findings::check(chapter, method);
        Row {
            path: self.relative(path),
            country: chapter.country.clone(),
            edition: chapter.edition,
            region: self.file.region_of(&chapter.country).map(str::to_owned),
            author: chapter.authors.byline(),
            anonymous: chapter.authors == Authors::Anonymous,
            figures,
            classes,
            items,
            headline: card.headline_now(),
            headline_last: card.headline_last(),
            change: change.as_ref().map(|c| c.delta),
            direction: change.as_ref().map(|c| c.direction),
            class: card.classification().map(str::to_owned),
            counts: Counts::of(&findings),
            open_comments: summary.open_comments,
            open_proposals: summary.open_proposals,
            review: ReviewStatus::of(chapter, &summary),
            words: crate::find::WordCounts::of(chapter).total,
            last_change: None,
            problem: None,
        }
    }

    /// The rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.entries.iter().map(|e| &e.row)
    }

    /// The chapter read from `path`, if it could be read.
    #[must_use]
    pub fn chapter(&self, path: &Path) -> Option<&Arc<Chapter>> {
        self.entries.iter().find(|e| e.path == path).and_then(|e| e.chapter.as_ref())
    }

    /// Looks at the files again: reads those whose size or time changed and those that are
    /// new, drops those gone. Rows keep their last change until [`Self::add_last_changes`]
    /// is asked again.
    pub fn refresh(&mut self) -> Refreshed {
        let files = self.chapter_files();
        let mut out = Refreshed::default();
        let known: HashMap<PathBuf, Option<Stamp>> = self.entries.iter().map(|e| (e.path.clone(), e.stamp)).collect();
        let before = self.entries.len();
        self.entries.retain(|e| files.contains(&e.path));
        if self.entries.len() != before {
            for path in known.keys().filter(|p| !files.contains(p)) {
                out.removed.push(path.clone());
            }
            out.removed.sort();
        }
        for path in &files {
            match known.get(path) {
                Some(stamp) if *stamp == Stamp::of(path) => {}
                Some(_) => {
                    if self.reread(path) {
                        out.changed.push(path.clone());
                    }
                }
                None => {
                    if let Some(entry) = self.read(path) {
                        self.entries.push(entry);
                        out.added.push(path.clone());
                    }
                }
            }
        }
        self.entries.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// Reads `path` again (a chapter saved by the editor): `true` when its row changed.
    pub fn reread(&mut self, path: &Path) -> bool {
        let Some(fresh) = self.read(path) else {
            let before = self.entries.len();
            self.entries.retain(|e| e.path != path);
            return self.entries.len() != before;
        };
        if let Some(entry) = self.entries.iter_mut().find(|e| e.path == path) {
            // Who changed it last stays until git is asked again.
            let last = entry.row.last_change.take();
            let changed = entry.row != fresh.row;
            *entry = fresh;
            entry.row.last_change = last;
            changed
        } else {
            self.entries.push(fresh);
            self.entries.sort_by(|a, b| a.path.cmp(&b.path));
            true
        }
    }

    /// Fills every row's [`Row::last_change`] from git (one `git log` for the whole folder)
    /// or, outside a repository, from the file's time. Anonymous chapters get no name.
    pub fn add_last_changes(&mut self) {
        let paths: Vec<PathBuf> = self.entries.iter().map(|e| e.path.clone()).collect();
        let changes = git::last_changes(&self.dir, &paths);
        for entry in &mut self.entries {
            let mut change = changes.get(&entry.path).cloned();
            if entry.row.anonymous
                && let Some(c) = &mut change
            {
                c.who = None;
            }
            entry.row.last_change = change;
        }
    }

    /// Whether any chapter has errors (or cannot be read).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.rows().any(Row::has_errors)
    }
}
