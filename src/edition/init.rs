//! Starting an edition: `rapporteur edition init DIR --methodology ID --edition YEAR
//! [--from LAST]` writes `DIR/edition.ron` and, from the last edition, one chapter per country
//! carrying last year's ratings, in the same folders.

use std::path::{Path, PathBuf};

use super::{Edition, EditionFile, FILE_NAME};
use crate::method::Methodology;

/// What [`init`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Started {
    /// The edition file.
    pub edition_file: PathBuf,
    /// The chapters written, in file order.
    pub chapters: Vec<PathBuf>,
    /// The last edition's files that gave no chapter, with why.
    pub skipped: Vec<(String, String)>,
}

/// Makes `dir` an edition of `methodology` (a built-in id, or a methodology file's path as
/// given on the command line) for `year`; with `from`, last edition's regions and a new chapter
/// per chapter of it. Writes nothing if `dir` already is an edition or a chapter would replace a
/// file.
pub fn init(dir: &Path, methodology: &str, year: i32, from: Option<&Path>) -> Result<Started, String> {
    let edition_path = dir.join(FILE_NAME);
    if edition_path.exists() {
        return Err(format!("{} already exists: {} is an edition", edition_path.display(), dir.display()));
    }
    let method = Methodology::resolve(methodology, None)?;
    let builtin = Methodology::builtin(methodology).is_some();
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot make the folder: {e}", dir.display()))?;
    let named_from = |folder: &Path| -> String {
        if builtin {
            methodology.to_owned()
        } else {
            crate::data::relative_path(folder, Path::new(methodology)).to_string_lossy().replace('\\', "/")
        }
    };
    let name = format!("{} {year}", method.report);
    let mut file = EditionFile::new(&name, &named_from(dir), year);
    let mut started = Started { edition_file: edition_path.clone(), ..Started::default() };
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    if let Some(from) = from {
        let last = Edition::open(from)?;
        if last.method.def.id != method.def.id {
            return Err(format!(
                "{} is rated under {} ({}), not {} ({}): convert its chapters first (`rapporteur convert`)",
                from.display(),
                last.method.def.name,
                last.method.def.id,
                method.def.name,
                method.def.id
            ));
        }
        file.regions.clone_from(&last.file.regions);
        file.chapters.clone_from(&last.file.chapters);
        for entry in &last.entries {
            let Some(chapter) = &entry.chapter else {
                let why = entry.row.problem.clone().unwrap_or_default();
                started.skipped.push((entry.row.path.clone(), why));
                continue;
            };
            let rel = entry.path.strip_prefix(&last.dir).unwrap_or(&entry.path);
            let folder = dir.join(rel.parent().unwrap_or(Path::new("")));
            let out = folder.join(crate::data::file_name(&chapter.country, year));
            let mut next = crate::model::next_edition(chapter, &method, &chapter.country, year);
            next.methodology = named_from(&folder);
            next.title = method.chapter_title(&chapter.country, year);
            next.spelling = chapter.spelling.clone();
            writes.push((out, crate::io::to_ron(&next)));
        }
    }
    if let Some((path, _)) = writes.iter().find(|(p, _)| p.exists()) {
        return Err(format!("{} already exists; nothing was written", path.display()));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some((path, _)) = writes.iter().find(|(p, _)| !seen.insert(p.clone())) {
        return Err(format!("two chapters of the last edition would both be written to {}", path.display()));
    }
    for (path, text) in &writes {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: cannot make the folder: {e}", parent.display()))?;
        }
        crate::io::write_project(path, text, false).map_err(|e| e.to_string())?;
        started.chapters.push(path.clone());
    }
    crate::io::write_project(&edition_path, &file.to_ron(), false).map_err(|e| e.to_string())?;
    // The editor keeps the previous version of a saved chapter as FILE.ron.bak: not something
    // to commit. A folder's own .gitignore is left alone.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        crate::io::write_atomic(
            &ignore,
            b"# Backups the editor keeps of the previous version of a saved chapter\n*.ron.bak\n",
            false,
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(started)
}
