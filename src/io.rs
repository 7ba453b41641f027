//! Project files: chapters saved as pretty, deterministic RON, and loaded back exactly.
//!
//! A project file is a `Project(format: N, chapter: Chapter(...))` value. Output is the same
//! bytes on every OS (`\n` line ends, four-space indent, fields in declaration order), so two
//! authors' versions diff line by line, and `save(load(f))` gives back `f` byte for byte for
//! every file Rapporteur wrote. Saving is atomic (temporary file in the same folder, fsync,
//! rename) and keeps the previous version beside the file as `NAME.bak`, replacing the old
//! backup only once the new file is in place. Loading refuses a file
//! that is too large, not UTF-8, malformed, nested too deeply, of the wrong shape or from a
//! newer Rapporteur with one message naming the file, the line and column and what was
//! expected — and never writes to it.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::method::Methodology;
use crate::model::Chapter;

/// The project-file format this version writes and the newest it reads. Format 2 added the
/// chapter's review (comments, proposals, review states). Format 3 holds a chapter of any
/// methodology: its text sections by id (`texts`) instead of NIT's fixed executive summary and
/// at-a-glance fields, and a methodology named by id or by a path relative to the file.
/// Format-1 and format-2 files read unchanged (their two text fields become the `texts`
/// `executive_summary` and `at_a_glance`) and save back as format 3 with nothing lost.
pub const FORMAT_VERSION: u32 = 3;

/// The largest project file Rapporteur opens. A long chapter is a few hundred kilobytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How deeply brackets may nest in a project file (a chapter needs about six levels).
const RECURSION_LIMIT: usize = 64;

#[derive(Serialize, Deserialize)]
#[serde(rename = "Project", deny_unknown_fields)]
struct Project {
    format: u32,
    chapter: Chapter,
}

#[derive(Serialize)]
#[serde(rename = "Project")]
struct ProjectRef<'a> {
    format: u32,
    chapter: &'a Chapter,
}

/// Only the format field, read before anything else so a newer file is named as such.
#[derive(Deserialize)]
#[serde(rename = "Project")]
struct Probe {
    format: u32,
}

/// A place in a file: 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why a project file could not be opened. Its `Display` is one sentence naming the file and,
/// where there is one, the line and column.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is larger than any chapter (or a pipe or device that gives more than one).
    #[error("{}: the file is {}larger than the {max} bytes a project file may have; it is not a Rapporteur project", path.display(), size.map(|s| format!("{s} bytes, ")).unwrap_or_default(), max = MAX_FILE_BYTES)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size, when it is a regular file (a pipe or a device has none).
        size: Option<u64>,
    },
    /// The file is not a project file: malformed, truncated, the wrong shape, or invalid.
    #[error("{}: {}{problem}", path.display(), at.map(|p| format!("{p}: ")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Where in the file, when known.
        at: Option<Position>,
        /// What is wrong there, in words that say what was expected.
        problem: String,
    },
    /// The file was written by a newer Rapporteur.
    #[error("{}: written by a newer Rapporteur (project format {found}; this version reads format {FORMAT_VERSION} and older); update Rapporteur to open it", path.display())]
    Newer {
        /// The file.
        path: PathBuf,
        /// The format it declares.
        found: u32,
    },
}

/// Why a file could not be written. Nothing at the destination (the file and its backup) has
/// changed when this is returned, unless `what` says the new version is saved (see
/// [`write_atomic`]).
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot save: {what}", path.display())]
pub struct SaveError {
    /// The destination.
    pub path: PathBuf,
    /// What failed, in plain words.
    pub what: String,
}

/// The project file's text for `chapter`: pretty RON, `\n` line ends, ending with a newline.
#[must_use]
pub fn to_ron(chapter: &Chapter) -> String {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .separator(" ")
        .struct_names(true)
        .escape_strings(true)
        .compact_arrays(false);
    let project = ProjectRef { format: FORMAT_VERSION, chapter };
    // Serializing plain data to a String cannot fail: every type here serializes infallibly.
    let mut text =
        ron::ser::to_string_pretty(&project, config).unwrap_or_else(|e| unreachable!("chapter serializes: {e}"));
    text.push('\n');
    text
}

/// Reads a chapter from the text of a project file. `path` names the file in errors, and a
/// methodology the chapter names by path is found relative to `path`'s folder.
pub fn from_ron(text: &str, path: &Path) -> Result<Chapter, LoadError> {
    from_ron_in(text, path, path.parent())
}

/// [`from_ron`], with a methodology named by path found relative to `dir` (where the chapter
/// lives in the repository, when `path` is a temporary copy, as in git's merge driver).
pub fn from_ron_in(text: &str, path: &Path, dir: Option<&Path>) -> Result<Chapter, LoadError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let invalid = |e: &ron::error::SpannedError| LoadError::Invalid {
        path: path.to_owned(),
        at: Some(Position { line: e.span.start.line, column: e.span.start.col }),
        problem: describe(&e.code),
    };
    let probe: Probe = options.from_str(text).map_err(|e| invalid(&e))?;
    if probe.format > FORMAT_VERSION {
        return Err(LoadError::Newer { path: path.to_owned(), found: probe.format });
    }
    if probe.format == 0 {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            at: locate(text, "format"),
            problem: format!("expected a project format from 1 to {FORMAT_VERSION}, found 0"),
        });
    }
    let project: Project = options.from_str(text).map_err(|e| invalid(&e))?;
    let mut chapter = project.chapter;
    normalize(&mut chapter, text, path, dir)?;
    Ok(chapter)
}

/// Checks what the file's shape cannot: the methodology is known, every category is the
/// methodology's and appears once. Puts categories in published order, adds the ones the
/// file leaves out (unrated), and repairs ids.
fn normalize(chapter: &mut Chapter, text: &str, path: &Path, dir: Option<&Path>) -> Result<(), LoadError> {
    let invalid =
        |needle: &str, problem: String| LoadError::Invalid { path: path.to_owned(), at: locate(text, needle), problem };
    let method = Methodology::resolve(&chapter.methodology, dir).map_err(|problem| invalid("methodology", problem))?;
    let mut entries = std::mem::take(&mut chapter.categories);
    for (i, entry) in entries.iter().enumerate() {
        let needle = format!("code: \"{}\"", entry.code);
        if method.category(&entry.code).is_none() {
            let known: Vec<_> = method.categories.iter().map(|c| c.code.as_str()).collect();
            return Err(invalid(
                &needle,
                format!("expected an item code of {} ({}), found \"{}\"", method.name, known.join(", "), entry.code),
            ));
        }
        if entries[..i].iter().any(|e| e.code == entry.code) {
            return Err(invalid(&needle, format!("expected each item once, found \"{}\" twice", entry.code)));
        }
    }
    // Every item of the edition (and narrated group), in published order; an item of another
    // edition stays where the file has it.
    let rated = method.items_in(chapter.edition);
    chapter.categories = method
        .categories
        .iter()
        .filter_map(|def| match entries.iter().position(|e| e.code == def.code) {
            Some(i) => Some(entries.swap_remove(i)),
            None if rated.contains(&def.code.as_str()) || !method.is_item(&def.code) => {
                Some(crate::model::CategoryEntry {
                    code: def.code.clone(),
                    rating: None,
                    last_year: None,
                    bullets: Vec::new(),
                })
            }
            None => None,
        })
        .collect();
    // Text sections in the methodology's order, with any it does not know kept after them.
    let mut texts = std::mem::take(&mut chapter.texts);
    for (id, _) in method.text_sections() {
        let text = match texts.iter().position(|t| t.id == id) {
            Some(i) => texts.remove(i),
            None => crate::model::TextSection { id: id.to_owned(), paragraphs: Vec::new() },
        };
        chapter.texts.push(text);
    }
    chapter.texts.extend(texts);
    chapter.repair_ids();
    Ok(())
}

/// The first place `needle` stands in `text`, as a line and column.
fn locate(text: &str, needle: &str) -> Option<Position> {
    let offset = text.find(needle)?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some(Position { line, column })
}

/// What a RON error means, in the words of someone reading a project file.
fn describe(error: &ron::Error) -> String {
    use ron::Error as E;
    let of = |outer: &Option<String>| outer.clone().unwrap_or_else(|| "this value".to_owned());
    match error {
        E::ExceededRecursionLimit => {
            format!("brackets nest deeper than {RECURSION_LIMIT} levels here, which no chapter does")
        }
        E::Eof => "the file ends too early (is it truncated?); expected more".to_owned(),
        E::ExpectedDifferentStructName { expected, found } => format!("expected `{expected}(`, found `{found}(`"),
        E::MissingStructField { field, outer } => format!("expected the field `{field}` in {}", of(outer)),
        E::NoSuchStructField { expected, found, outer } => {
            format!("expected one of the fields of {} ({}), found `{found}`", of(outer), expected.join(", "))
        }
        E::DuplicateStructField { field, outer } => {
            format!("expected the field `{field}` once in {}, found it twice", of(outer))
        }
        other => {
            let text = other.to_string();
            let text = text.trim_end_matches('.');
            let mut chars = text.chars();
            // ron words its messages as sentences ("Expected integer"); ours continue a line.
            chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
        }
    }
}

/// Why [`read_capped`] refused an input: it holds more than the limit. The payload of the
/// [`std::io::Error`] (kind [`std::io::ErrorKind::FileTooLarge`]) it returns; its `Display` is
/// one sentence naming the file and the limit.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}more than the {limit} bytes that may be read from it", path.display(), size.map(|s| format!("the file is {s} bytes, ")).unwrap_or_default())]
pub struct TooLarge {
    /// The input.
    pub path: PathBuf,
    /// The most that may be read.
    pub limit: u64,
    /// Its size, when it is a regular file (a pipe or a device such as `/dev/zero` has none).
    pub size: Option<u64>,
}

impl TooLarge {
    /// The [`TooLarge`] inside `error`, when [`read_capped`] refused an input for its size.
    #[must_use]
    pub fn of(error: &std::io::Error) -> Option<&Self> {
        error.get_ref().and_then(|inner| inner.downcast_ref::<Self>())
    }
}

/// The bytes of the file at `path`, refused when it holds more than `limit` bytes: every input
/// Rapporteur reads goes through here. The size the file system reports is never trusted: the
/// file is read through [`Read::take`](std::io::Read::take) of `limit + 1` bytes, so a file
/// that grows, a pipe (FIFO) or a device such as `/dev/zero` stops at the limit instead of
/// filling memory. More than `limit` bytes is an error of kind
/// [`FileTooLarge`](std::io::ErrorKind::FileTooLarge) carrying a [`TooLarge`], whose message
/// names the file and the limit; a folder is an
/// [`IsADirectory`](std::io::ErrorKind::IsADirectory) error; any other error is the system's,
/// and the caller names the file. A pipe nothing writes to blocks in `open`, as it does for
/// `cat`.
pub fn read_capped(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder, not a file"));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        // The size only words the message; the read above is what decided.
        let size = (meta.is_file() && meta.len() > limit).then_some(meta.len());
        let too_large = TooLarge { path: path.to_owned(), limit, size };
        return Err(std::io::Error::new(std::io::ErrorKind::FileTooLarge, too_large));
    }
    Ok(bytes)
}

/// Opens the project file at `path`. Never writes to it, whatever it holds.
pub fn load(path: &Path) -> Result<Chapter, LoadError> {
    from_bytes(read_bytes(path)?, path)
}

/// [`load`], with a methodology named by path found relative to `dir` (see [`from_ron_in`]).
pub fn load_in(path: &Path, dir: Option<&Path>) -> Result<Chapter, LoadError> {
    from_bytes_in(read_bytes(path)?, path, dir)
}

/// The bytes of the project file at `path`, read through [`read_capped`] at
/// [`MAX_FILE_BYTES`], so a folder, a pipe or a device is refused like a large file. The editor
/// hashes and parses (with [`from_bytes`]) the same bytes, so what it remembers of a file is
/// what it read, once.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_capped(path, MAX_FILE_BYTES).map_err(|source| match TooLarge::of(&source) {
        Some(t) => LoadError::TooLarge { path: path.to_owned(), size: t.size },
        None => LoadError::Read { path: path.to_owned(), source },
    })
}

/// Reads a chapter from the bytes of a project file (see [`read_bytes`]). `path` only names the
/// file in errors.
pub fn from_bytes(bytes: Vec<u8>, path: &Path) -> Result<Chapter, LoadError> {
    from_bytes_in(bytes, path, path.parent())
}

/// [`from_bytes`], with a methodology named by path found relative to `dir` (see
/// [`from_ron_in`]).
pub fn from_bytes_in(bytes: Vec<u8>, path: &Path, dir: Option<&Path>) -> Result<Chapter, LoadError> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            let at = locate(&format!("{valid}\u{0}"), "\u{0}");
            return Err(LoadError::Invalid {
                path: path.to_owned(),
                at,
                problem: "expected UTF-8 text, found bytes that are not (is it a binary file, or in another encoding?)"
                    .to_owned(),
            });
        }
    };
    if text.trim().is_empty() {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            at: None,
            problem: "the file is empty; expected a project starting with `Project(`".to_owned(),
        });
    }
    from_ron_in(&text, path, dir)
}

/// Saves `chapter` to `path` atomically, keeping the previous version as `PATH.bak`.
pub fn save(path: &Path, chapter: &Chapter) -> Result<(), SaveError> {
    write_project(path, &to_ron(chapter), true)
}

/// Writes a project file's text (see [`to_ron`]) with [`write_atomic`], unless it is larger than
/// [`MAX_FILE_BYTES`]: a file [`load`] would refuse is never written, so nothing we save is a
/// file nobody can open again. Every project file we write goes through here.
pub fn write_project(path: &Path, text: &str, keep_backup: bool) -> Result<(), SaveError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(SaveError {
            path: path.to_owned(),
            what: format!(
                "the chapter would be {} bytes, more than the {MAX_FILE_BYTES} bytes a project file may have, \
                 so it could not be opened again; nothing was written",
                text.len()
            ),
        });
    }
    write_atomic(path, text.as_bytes(), keep_backup)
}

/// The backup path kept beside `path` when it is overwritten: `chapter.ron.bak`.
#[must_use]
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is written and
/// synced, then renamed over `path`, so `path` holds either its old content or all of the new,
/// never a part. A symbolic link is followed, and an existing file keeps its permissions.
///
/// With `keep_backup`, the previous version of an existing `path` ends up in [`backup_path`],
/// and the backup is replaced only once the new file is in place: the old file is first copied
/// to a second temporary file (synced), the new file is renamed over `path`, and only then is
/// that copy renamed over `NAME.bak`. If any step fails, `path` and the old `NAME.bak` are as
/// they were (the error says so), except when the very last rename fails: the new file is then
/// saved, the old backup is still there, and the error names the temporary file that holds the
/// previous version.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), SaveError> {
    write_atomic_with(path, bytes, keep_backup, &|from, to| fs::rename(from, to))
}

/// [`write_atomic`] with the rename passed in, so that tests can make a rename fail.
fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    keep_backup: bool,
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    let err = |what: String| SaveError { path: path.to_owned(), what };
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|e| err(format!("the link cannot be followed: {e}")))?
        }
        _ => path.to_owned(),
    };
    if target.is_dir() {
        return Err(err("it is a folder".to_owned()));
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(err(format!("the folder {} does not exist", dir.display())));
    }
    let temporary = |suffix: &str| {
        let mut builder = tempfile::Builder::new();
        builder.prefix(".rapporteur-").suffix(suffix);
        // A new file gets the permissions any program's new file gets (read and write for
        // everyone, less the user's umask), not the temporary file's private ones: an export or
        // a chart saved for a web server must be readable by it. An existing file keeps its own
        // (set below).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        builder.tempfile_in(&dir).map_err(|e| err(format!("cannot create a file in {}: {e}", dir.display())))
    };
    let mut tmp = temporary(".tmp")?;
    tmp.write_all(bytes).map_err(|e| err(format!("writing failed: {e}")))?;
    tmp.as_file().sync_all().map_err(|e| err(format!("writing to disk failed: {e}")))?;
    // The previous version, copied aside; it replaces the old backup only after the new file
    // is in place. Dropped (and so deleted) on any failure before that.
    let mut previous = None;
    if let Ok(meta) = fs::metadata(&target) {
        // Keep the file's permissions (the temporary file is private by default).
        let _ = fs::set_permissions(tmp.path(), meta.permissions());
        if keep_backup {
            let copy = temporary(".bak.tmp")?;
            let cannot_keep = |e: std::io::Error| err(format!("cannot keep the previous version as a backup: {e}"));
            fs::copy(&target, copy.path()).map_err(cannot_keep)?;
            copy.as_file().sync_all().map_err(cannot_keep)?;
            previous = Some(copy.into_temp_path());
        }
    }
    let tmp = tmp.into_temp_path();
    rename(&tmp, &target).map_err(|e| err(format!("cannot replace the file: {e}")))?;
    // The new file is in place: the temporary path must no longer be deleted.
    let _ = tmp.keep();
    if let Some(previous) = previous {
        let backup = backup_path(&target);
        if let Err(e) = rename(&previous, &backup) {
            let kept = previous.keep().map_or_else(|_| "nowhere".to_owned(), |p| p.display().to_string());
            return Err(err(format!(
                "the new version is saved, but the previous one could not be moved to {} ({e}); it is in {kept}",
                backup.display()
            )));
        }
        let _ = previous.keep();
    }
    if let Ok(d) = fs::File::open(&dir) {
        // Make the renames themselves durable; not every platform can sync a folder.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new file is created as any program creates one (0666 less the umask, which Linux
    /// shows in /proc), and a file written again keeps its own permissions.
    #[cfg(target_os = "linux")]
    #[test]
    fn new_files_get_the_usual_permissions_and_old_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt as _;
        let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
        let Some(umask) = status.lines().find_map(|l| l.strip_prefix("Umask:")) else { return };
        let umask = u32::from_str_radix(umask.trim(), 8).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chart.svg");
        write_atomic(&path, b"<svg/>", false).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o666 & !umask);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"<svg></svg>", true).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::read(&path).unwrap(), b"<svg></svg>");
    }

    #[test]
    fn a_project_too_large_to_open_again_is_never_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("c.ron");
        let method = crate::method::Methodology::nit_2020();
        let mut chapter = Chapter::new(&method, "Kazakhstan", 2024);
        save(&path, &chapter).unwrap_or_else(|e| panic!("{e}"));
        let before = fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        // One bullet of 16 MiB: the file would be just over the limit `load` refuses.
        let block = chapter.new_block("a".repeat(MAX_FILE_BYTES as usize));
        *chapter.text_mut("executive_summary") = vec![block];
        let size = to_ron(&chapter).len();
        let err = save(&path, &chapter).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            err,
            format!(
                "{}: cannot save: the chapter would be {size} bytes, more than the {MAX_FILE_BYTES} bytes a project \
                 file may have, so it could not be opened again; nothing was written",
                path.display()
            )
        );
        assert_eq!(fs::read(&path).ok(), Some(before), "the file on disk is untouched");
        assert!(!backup_path(&path).exists(), "no backup was made either");
        // One byte under the limit still saves and loads.
        chapter.text_mut("executive_summary")[0]
            .text
            .truncate(MAX_FILE_BYTES as usize - (size - MAX_FILE_BYTES as usize) - 1);
        assert_eq!(to_ron(&chapter).len() as u64, MAX_FILE_BYTES - 1);
        save(&path, &chapter).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(&path).ok().as_ref(), Some(&chapter));
    }

    #[test]
    fn locate_gives_line_and_column() {
        assert_eq!(locate("ab\ncd ef", "ef"), Some(Position { line: 2, column: 4 }));
        assert_eq!(locate("x", "y"), None);
    }

    /// A folder with `name` holding `v1`, saved over with `v2` (so the backup holds `v1`).
    fn saved_twice(dir: &Path) -> PathBuf {
        let path = dir.join("c.ron");
        for v in [b"v1", b"v2"] {
            write_atomic(&path, v, true).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(fs::read(backup_path(&path)).ok().as_deref(), Some(&b"v1"[..]));
        path
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Bug 6: the backup used to be overwritten before the new file was in place, so a failed
    /// rename lost the older backup.
    #[test]
    fn a_failed_rename_keeps_the_file_and_the_previous_backup() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = saved_twice(dir.path());
        let refuse_target = |from: &Path, to: &Path| {
            if to.file_name() == Some(std::ffi::OsStr::new("c.ron")) {
                Err(std::io::Error::other("injected failure"))
            } else {
                fs::rename(from, to)
            }
        };
        let e = write_atomic_with(&path, b"v3", true, &refuse_target).err().map(|e| e.to_string());
        assert_eq!(e, Some(format!("{}: cannot save: cannot replace the file: injected failure", path.display())));
        assert_eq!(fs::read(&path).ok().as_deref(), Some(&b"v2"[..]));
        assert_eq!(fs::read(backup_path(&path)).ok().as_deref(), Some(&b"v1"[..]));
        assert_eq!(names(dir.path()), ["c.ron", "c.ron.bak"], "no temporary file is left");
    }

    #[test]
    fn a_failed_backup_rename_saves_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = saved_twice(dir.path());
        let refuse_backup = |from: &Path, to: &Path| {
            if to.extension() == Some(std::ffi::OsStr::new("bak")) {
                Err(std::io::Error::other("injected failure"))
            } else {
                fs::rename(from, to)
            }
        };
        let e = write_atomic_with(&path, b"v3", true, &refuse_backup).err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(fs::read(&path).ok().as_deref(), Some(&b"v3"[..]));
        assert_eq!(fs::read(backup_path(&path)).ok().as_deref(), Some(&b"v1"[..]));
        let left: Vec<_> = names(dir.path()).into_iter().filter(|n| n.ends_with(".bak.tmp")).collect();
        assert_eq!(left.len(), 1, "{left:?}");
        let kept = dir.path().join(&left[0]);
        assert_eq!(fs::read(&kept).ok().as_deref(), Some(&b"v2"[..]));
        assert_eq!(
            e,
            format!(
                "{}: cannot save: the new version is saved, but the previous one could not be moved to {} \
                 (injected failure); it is in {}",
                path.display(),
                backup_path(&path).display(),
                kept.display()
            )
        );
    }

    #[test]
    fn a_save_without_backup_leaves_no_backup() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("out.html");
        write_atomic(&path, b"a", false).unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&path, b"b", false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&path).ok().as_deref(), Some(&b"b"[..]));
        assert_eq!(names(dir.path()), ["out.html"]);
    }

    #[test]
    fn read_capped_reads_up_to_the_limit_and_refuses_one_byte_more() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("ten");
        fs::write(&path, b"0123456789").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_capped(&path, 10).ok().as_deref(), Some(&b"0123456789"[..]));
        let e = read_capped(&path, 9).err();
        assert_eq!(e.as_ref().map(std::io::Error::kind), Some(std::io::ErrorKind::FileTooLarge));
        let too_large = e.as_ref().and_then(TooLarge::of);
        assert_eq!(too_large.map(|t| (t.limit, t.size)), Some((9, Some(10))));
        assert_eq!(
            e.map(|e| e.to_string()),
            Some(format!("{}: the file is 10 bytes, more than the 9 bytes that may be read from it", path.display()))
        );
    }

    /// A device's size is 0 to the file system; the read alone decides.
    #[cfg(unix)]
    #[test]
    fn read_capped_stops_an_endless_device_at_the_limit() {
        let zero = Path::new("/dev/zero");
        let e = read_capped(zero, 1000).err();
        assert_eq!(e.as_ref().and_then(TooLarge::of).map(|t| (t.limit, t.size)), Some((1000, None)));
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("/dev/zero: more than the 1000 bytes that may be read from it".to_owned())
        );
    }

    #[test]
    fn read_capped_refuses_a_folder_and_load_names_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let e = read_capped(dir.path(), 10).err();
        assert_eq!(e.as_ref().map(std::io::Error::kind), Some(std::io::ErrorKind::IsADirectory));
        assert_eq!(
            load(dir.path()).err().map(|e| e.to_string()),
            Some(format!("{}: cannot read the file: it is a folder, not a file", dir.path().display()))
        );
    }

    #[test]
    fn empty_chapter_round_trips() {
        let c = Chapter::new(&Methodology::nit_2020(), "Česko", 2025);
        let text = to_ron(&c);
        assert!(text.starts_with("Project(\n    format: 3,\n    chapter: Chapter(\n"));
        let back = from_ron(&text, Path::new("t.ron")).map_err(|e| e.to_string());
        assert_eq!(back, Ok(c));
    }
}
