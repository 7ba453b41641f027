//! One country across editions: its headline figure and classification in every edition
//! found — the edition folders beside this one, the repository's tags, and last year's
//! ratings the chapter itself carries.

use std::path::Path;

use serde::Serialize;

use super::{Edition, EditionFile, FILE_NAME, git};
use crate::model::Chapter;
use crate::score::{Fixed, ScoreCard};

/// Where a point of a history was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// This edition's chapter.
    This,
    /// Another edition's folder beside this one, by folder name.
    Folder(String),
    /// A tag of the repository.
    Tag(String),
    /// Last year's ratings in this edition's chapter.
    LastYear,
}

/// One edition of a country's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The edition year.
    pub edition: i32,
    /// Where it was read.
    pub source: Source,
    /// The headline figure, as published.
    pub headline: Option<Fixed>,
    /// The first classification.
    pub class: Option<String>,
}

fn point(chapter: &Chapter, edition: &Edition, source: Source) -> Point {
    let card = ScoreCard::compute(chapter, &edition.method);
    Point {
        edition: chapter.edition,
        source,
        headline: card.headline_now(),
        class: card.classification().map(str::to_owned),
    }
}

/// The RON text a chapter's `country` field holds for `country` (to find its file without
/// reading every chapter).
fn needle(country: &str) -> String {
    format!("country: {}", ron::to_string(country).unwrap_or_else(|_| format!("\"{country}\"")))
}

/// `country`'s history: one point an edition year, oldest first; where two sources give the
/// same year, this edition's chapter wins, then folders, then tags (the latest tag), then
/// last year's ratings.
#[must_use]
pub fn history(edition: &Edition, country: &str) -> Vec<Point> {
    let mut points: Vec<Point> = Vec::new();
    let put = |p: Point, points: &mut Vec<Point>| {
        if !points.iter().any(|q| q.edition == p.edition) {
            points.push(p);
        }
    };
    let needle = needle(country);
    let own = edition.entries.iter().filter_map(|e| e.chapter.as_ref()).find(|c| c.country == country);
    if let Some(chapter) = own {
        put(point(chapter, edition, Source::This), &mut points);
    }
    // Edition folders beside this one, under the same methodology.
    if let Some(parent) = edition.dir.parent() {
        let mut siblings: Vec<_> = std::fs::read_dir(parent)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.join(FILE_NAME).is_file() && !same_dir(p, &edition.dir))
            .collect();
        siblings.sort();
        for dir in siblings {
            let Ok(file) = EditionFile::load(&dir) else { continue };
            let Ok(method) = crate::Methodology::resolve(&file.methodology, Some(&dir)) else { continue };
            if method.def.id != edition.method.def.id {
                continue;
            }
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let probe = Edition { dir: dir.clone(), file, method, items: Vec::new(), entries: Vec::new() };
            for path in probe.chapter_files() {
                let Ok(bytes) = crate::io::read_bytes(&path) else { continue };
                if !contains(&bytes, needle.as_bytes()) {
                    continue;
                }
                if let Ok(chapter) = crate::io::from_bytes_in(bytes, &path, path.parent())
                    && chapter.country == country
                {
                    put(point(&chapter, edition, Source::Folder(name.clone())), &mut points);
                }
            }
        }
    }
    // The repository's tags, latest first.
    if let Some(top) = git::toplevel(&edition.dir) {
        let here = std::fs::canonicalize(&edition.dir).unwrap_or_else(|_| edition.dir.clone());
        let rel = here
            .strip_prefix(&top)
            .map(|r| r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
            .unwrap_or_default();
        for tag in git::tags(&edition.dir).iter().rev() {
            for file in git::grep_at(&edition.dir, tag, &rel, &needle) {
                let Some(bytes) = git::show_at(&edition.dir, tag, &file) else { continue };
                let at = top.join(&file);
                if let Ok(chapter) = crate::io::from_bytes_in(bytes, &at, at.parent())
                    && chapter.country == country
                {
                    put(point(&chapter, edition, Source::Tag(tag.clone())), &mut points);
                }
            }
        }
    }
    if let Some(chapter) = own {
        let card = ScoreCard::compute(chapter, &edition.method);
        if card.last_year.is_some() {
            let last = Point {
                edition: chapter.edition - 1,
                source: Source::LastYear,
                headline: card.headline_last(),
                class: card.classification_last().map(str::to_owned),
            };
            put(last, &mut points);
        }
    }
    points.sort_by_key(|p| p.edition);
    points
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
