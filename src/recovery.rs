//! Unsaved work kept safe between autosaves and crashes: one recovery file per open chapter.
//!
//! Every editor window autosaves its unsaved chapter into a folder of recovery files, one pair
//! per chapter: `KEY.ron` (the chapter, as a project file) and `KEY.meta.ron` (which file it
//! belongs to, as an absolute path, which process wrote it and when), and, for a chapter that has
//! a file, `KEY.base.ron`: the version of that file the unsaved work started from, with its
//! [`DiskStamp`] in the meta file. Restoring the work takes that version as the base, so a file
//! changed since (a `git pull` after a crash) is noticed and merged, not written over. The key of a chapter
//! that has a file comes from that file's absolute path, so two windows on two chapters never
//! write over each other, and the same chapter autosaved again replaces its own entry; an
//! untitled chapter gets a key of its own for the life of its window.
//!
//! At start the editor lists every entry left behind ([`Recovery::found`]), except those of
//! windows still running, and offers each back. Saving or discarding a chapter removes its
//! entry ([`Recovery::clear`]).

use std::path::{Path, PathBuf};

/// The most read of a recovery entry's meta file (a few lines: where from, which process, when).
const META_BYTES: u64 = 64 * 1024;

use serde::{Deserialize, Serialize};

use crate::io::SaveError;
use crate::model::Chapter;

/// What a chapter's file held when it was last read or written: enough to tell whether someone
/// else (a `git pull`, a merge, a colleague on a shared drive) changed it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskStamp {
    /// Its size in bytes.
    pub len: u64,
    /// A hash of its bytes.
    pub hash: u64,
}

impl DiskStamp {
    /// The stamp of `bytes`.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        Self { len: bytes.len() as u64, hash: crate::model::stable_hash(bytes) }
    }
}

/// What the meta file of a recovery entry says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryMeta {
    /// The chapter's own file, as an absolute path; `None` for a chapter never saved.
    pub origin: Option<PathBuf>,
    /// The process that wrote it.
    pub pid: u32,
    /// When it was written, UTC, RFC 3339.
    pub written: String,
    /// The stamp of the version of `origin` the unsaved work started from, when it was read
    /// (its chapter is in `KEY.base.ron`); `None` in entries written before bases were kept.
    #[serde(default)]
    pub base: Option<DiskStamp>,
}

/// Unsaved work found in the recovery folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveredWork {
    /// The entry's key (its file name without `.ron`).
    pub key: String,
    /// The recovered chapter's file.
    pub chapter_path: PathBuf,
    /// What its meta file says (a missing or unreadable one reads as no origin).
    pub meta: RecoveryMeta,
}

impl RecoveredWork {
    /// The version of its file the work started from, with that file's stamp then; `None` when
    /// the entry kept none (untitled, written by an older Rapporteur, or its base file is gone
    /// or unreadable).
    #[must_use]
    pub fn base(&self) -> Option<(DiskStamp, Chapter)> {
        let stamp = self.meta.base?;
        let path = self.chapter_path.with_file_name(format!("{}.base.ron", self.key));
        crate::io::load(&path).ok().map(|chapter| (stamp, chapter))
    }
}

/// One write of a recovery entry, prepared by [`Recovery::prepare`] on the editor's thread and
/// carried out ([`RecoveryWrite::run`]) on another, so that its syncs never hold up a frame.
#[derive(Debug)]
pub struct RecoveryWrite {
    dir: PathBuf,
    key: String,
    chapter: Chapter,
    meta: RecoveryMeta,
    /// The base chapter, when its file must be (re)written.
    base: Option<Chapter>,
    /// The entry this window wrote before under another key, removed once this one is written.
    replaces: Option<String>,
}

impl RecoveryWrite {
    /// Writes the entry, atomically: the base first, then the chapter, then the meta file that
    /// names the base.
    pub fn run(self) -> Result<(), SaveError> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| SaveError { path: self.dir.clone(), what: format!("cannot create the folder: {e}") })?;
        let meta_path = self.dir.join(format!("{}.meta.ron", self.key));
        let meta_text = ron::ser::to_string_pretty(&self.meta, ron::ser::PrettyConfig::default())
            .map_err(|e| SaveError { path: meta_path.clone(), what: e.to_string() })?;
        if let Some(base) = &self.base {
            let base_path = self.dir.join(format!("{}.base.ron", self.key));
            crate::io::write_project(&base_path, &crate::io::to_ron(base), false)?;
        }
        let chapter_path = self.dir.join(format!("{}.ron", self.key));
        crate::io::write_project(&chapter_path, &crate::io::to_ron(&self.chapter), false)?;
        crate::io::write_atomic(&meta_path, meta_text.as_bytes(), false)?;
        if self.meta.base.is_none() {
            let _ = std::fs::remove_file(self.dir.join(format!("{}.base.ron", self.key)));
        }
        if let Some(old) = self.replaces {
            remove_entry(&self.dir, &old);
        }
        Ok(())
    }
}

/// Removes the files of entry `key` in `dir`.
fn remove_entry(dir: &Path, key: &str) {
    // An entry that is already gone is what we want; other failures only mean an extra offer at
    // the next start.
    for suffix in [".ron", ".meta.ron", ".base.ron"] {
        let _ = std::fs::remove_file(dir.join(format!("{key}{suffix}")));
    }
}

/// The recovery folder, and the entry this window writes to.
#[derive(Clone, Debug)]
pub struct Recovery {
    dir: PathBuf,
    /// The key of this window's untitled chapter.
    untitled: String,
    /// The key this window last wrote, so that its entry moves when the chapter gets a file.
    current: Option<String>,
    /// The base last written, under which key: it is written again only when it changes.
    base_written: Option<(String, DiskStamp)>,
}

impl Recovery {
    /// Recovery files in `dir` (the user's data folder for Rapporteur, or a test's temp dir).
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let untitled = format!("untitled-{}-{nanos}", std::process::id());
        Self { dir, untitled, current: None, base_written: None }
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of the entry for a chapter whose file is `origin` (or untitled).
    #[must_use]
    pub fn key_for(&self, origin: Option<&Path>) -> String {
        match origin {
            None => self.untitled.clone(),
            Some(path) => {
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
                let stem: String = absolute
                    .file_stem()
                    .map(|s| {
                        s.to_string_lossy().chars().filter(|c| c.is_alphanumeric() || *c == '-').take(40).collect()
                    })
                    .unwrap_or_default();
                format!("{stem}-{:016x}", crate::model::stable_hash(absolute.as_os_str().as_encoded_bytes()))
            }
        }
    }

    /// The chapter file of the entry with `key`.
    #[must_use]
    pub fn chapter_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.ron"))
    }

    fn meta_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.meta.ron"))
    }

    /// The chapter file this window writes for a chapter whose file is `origin`.
    #[must_use]
    pub fn path_for(&self, origin: Option<&Path>) -> PathBuf {
        self.chapter_path(&self.key_for(origin))
    }

    /// Writes `chapter` (whose file is `origin`) as this window's entry, atomically, without a
    /// base; see [`Self::prepare`].
    pub fn write(&mut self, chapter: &Chapter, origin: Option<&Path>) -> Result<(), SaveError> {
        self.prepare(chapter.clone(), origin, None).run()
    }

    /// The write of `chapter` (whose file is `origin`, last read or written as `base`: its
    /// stamp and chapter) as this window's entry. The entry this window wrote before under
    /// another key (the chapter was untitled, or saved under another name since) is removed
    /// once the new one is written. Writes made in the order they are prepared leave the entry
    /// as the last one says.
    pub fn prepare(
        &mut self,
        chapter: Chapter,
        origin: Option<&Path>,
        base: Option<(DiskStamp, &Chapter)>,
    ) -> RecoveryWrite {
        let key = self.key_for(origin);
        let base = base.filter(|_| origin.is_some());
        let meta = RecoveryMeta {
            origin: origin.map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_owned())),
            pid: std::process::id(),
            written: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            base: base.map(|(stamp, _)| stamp),
        };
        let unchanged = base.is_some_and(|(stamp, _)| self.base_written == Some((key.clone(), stamp)));
        let base_chapter = base.filter(|_| !unchanged).map(|(_, c)| c.clone());
        self.base_written = base.map(|(stamp, _)| (key.clone(), stamp));
        let replaces = self.current.replace(key.clone()).filter(|old| *old != key);
        RecoveryWrite { dir: self.dir.clone(), key, chapter, meta, base: base_chapter, replaces }
    }

    /// Makes `key` this window's entry (after restoring it): later autosaves replace it, and
    /// [`Self::clear`] removes it.
    pub fn adopt(&mut self, key: &str) {
        self.current = Some(key.to_owned());
    }

    /// Removes this window's entry (after a save, a discard, or a clean exit).
    pub fn clear(&mut self) {
        if let Some(removal) = self.forget() {
            removal();
        }
    }

    /// Stops calling any entry this window's own, and returns what removes its files (to be run
    /// after any write of it still under way, as [`Self::clear`] does at once).
    pub fn forget(&mut self) -> Option<impl FnOnce() + Send + 'static> {
        self.base_written = None;
        let key = self.current.take()?;
        let dir = self.dir.clone();
        Some(move || remove_entry(&dir, &key))
    }

    /// Removes the entry with `key`.
    pub fn remove(&self, key: &str) {
        remove_entry(&self.dir, key);
    }

    /// Every entry left in the folder, newest first, except this window's own and those of
    /// other windows still running (on systems where that can be told).
    #[must_use]
    #[allow(clippy::case_sensitive_file_extension_comparisons)] // the names are ours, lower case
    pub fn found(&self) -> Vec<RecoveredWork> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut found: Vec<RecoveredWork> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let key =
                    name.strip_suffix(".ron").filter(|k| !k.ends_with(".meta") && !k.ends_with(".base"))?.to_owned();
                Some((key, e.path()))
            })
            .filter(|(key, _)| Some(key) != self.current.as_ref())
            .map(|(key, chapter_path)| {
                let meta = crate::io::read_capped(&self.meta_path(&key), META_BYTES)
                    .ok()
                    .and_then(|t| String::from_utf8(t).ok())
                    .and_then(|t| ron::from_str::<RecoveryMeta>(&t).ok())
                    .unwrap_or_else(|| RecoveryMeta { origin: None, pid: 0, written: String::new(), base: None });
                RecoveredWork { key, chapter_path, meta }
            })
            .filter(|w| w.meta.pid == 0 || w.meta.pid == std::process::id() || !process_running(w.meta.pid))
            .collect();
        found.sort_by(|a, b| b.meta.written.cmp(&a.meta.written).then_with(|| a.key.cmp(&b.key)));
        found
    }
}

/// Whether process `pid` still runs. Only Linux can tell cheaply (`/proc`); elsewhere every
/// entry is offered. A process killed a moment ago may linger as a zombie until its parent
/// collects it: that one has stopped running (state `Z` or `X` in `/proc/PID/stat`).
fn process_running(pid: u32) -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    // "PID (name) STATE …": the name may hold spaces and parentheses, the state follows the last ')'.
    let state = stat.rfind(')').and_then(|i| stat[i + 1..].trim_start().chars().next());
    !matches!(state, Some('Z' | 'X') | None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Methodology;

    fn chapter(country: &str) -> Chapter {
        Chapter::new(&Methodology::nit_2020(), country, 2024)
    }

    #[test]
    fn two_chapters_keep_two_entries_and_both_are_offered() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let folder = dir.path().join("recovery");
        let mut first = Recovery::new(folder.clone());
        let mut second = Recovery::new(folder.clone());
        // Two windows on two files, one given as a relative path.
        first.write(&chapter("Georgia"), Some(&dir.path().join("ge.ron"))).unwrap_or_else(|e| panic!("{e}"));
        second.write(&chapter("Armenia"), Some(Path::new("am.ron"))).unwrap_or_else(|e| panic!("{e}"));

        // The next start (another window, after both were killed) sees both. Our own pid
        // wrote them, and this process is running: entries of the running process that are
        // not the window's own are still offered.
        let next = Recovery::new(folder);
        let found = next.found();
        let mut countries: Vec<String> = found
            .iter()
            .map(|w| crate::io::load(&w.chapter_path).map_or_else(|e| panic!("{e}"), |c| c.country))
            .collect();
        countries.sort();
        assert_eq!(countries, ["Armenia", "Georgia"]);
        let origins: Vec<PathBuf> = found.iter().filter_map(|w| w.meta.origin.clone()).collect();
        assert!(origins.iter().all(|p| p.is_absolute()), "{origins:?}");
        assert!(origins.contains(&dir.path().join("ge.ron")));
        let cwd = std::env::current_dir().unwrap_or_else(|e| panic!("{e}"));
        assert!(origins.contains(&cwd.join("am.ron")));
    }

    #[test]
    fn a_window_does_not_offer_its_own_entry_and_clears_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut rec = Recovery::new(dir.path().to_owned());
        assert!(rec.found().is_empty());
        rec.write(&chapter("Georgia"), None).unwrap_or_else(|e| panic!("{e}"));
        assert!(rec.found().is_empty(), "its own entry is not offered back to it");
        assert!(rec.path_for(None).is_file());
        rec.clear();
        assert!(!rec.path_for(None).exists());
        assert_eq!(std::fs::read_dir(dir.path()).map_or(99, Iterator::count), 0);
    }

    #[test]
    fn a_running_process_is_told_from_one_that_is_gone() {
        assert!(process_running(std::process::id()) || !cfg!(target_os = "linux"));
        assert!(!process_running(u32::MAX - 7));
        // A child that has exited but is not yet collected is a zombie: not running.
        if cfg!(target_os = "linux")
            && let Ok(mut child) = std::process::Command::new("true").spawn()
        {
            let pid = child.id();
            for _ in 0..200 {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
                if stat.contains(") Z") {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            assert!(!process_running(pid), "a zombie counts as gone");
            let _ = child.wait();
        }
    }

    #[test]
    fn an_untitled_chapter_saved_under_a_name_moves_its_entry() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut rec = Recovery::new(dir.path().join("r"));
        rec.write(&chapter("Kosovo"), None).unwrap_or_else(|e| panic!("{e}"));
        let untitled = rec.path_for(None);
        let named = dir.path().join("kosovo.ron");
        rec.write(&chapter("Kosovo"), Some(&named)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!untitled.exists());
        assert!(rec.path_for(Some(&named)).is_file());
        assert_eq!(rec.key_for(Some(&named)), rec.key_for(Some(&named)));
        assert_ne!(rec.key_for(Some(&named)), rec.key_for(Some(&dir.path().join("other.ron"))));
    }

    #[test]
    fn entries_of_a_process_that_has_ended_are_offered_and_a_restored_one_is_adopted() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut rec = Recovery::new(dir.path().to_owned());
        rec.write(&chapter("Serbia"), Some(Path::new("/tmp/rs.ron"))).unwrap_or_else(|e| panic!("{e}"));
        // Make the entry look as if a process that is gone wrote it.
        let key = rec.key_for(Some(Path::new("/tmp/rs.ron")));
        let meta =
            RecoveryMeta { origin: Some("/tmp/rs.ron".into()), pid: u32::MAX - 7, written: "x".into(), base: None };
        let text = ron::to_string(&meta).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(rec.meta_path(&key), text).unwrap_or_else(|e| panic!("{e}"));
        let mut other = Recovery::new(dir.path().to_owned());
        let found = other.found();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].meta.origin.as_deref(), Some(Path::new("/tmp/rs.ron")));
        other.adopt(&found[0].key);
        assert!(other.found().is_empty());
        other.clear();
        assert!(!found[0].chapter_path.exists());
    }

    #[test]
    fn an_entry_keeps_the_version_its_work_started_from() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let origin = dir.path().join("kz.ron");
        let base = chapter("Kazakhstan");
        let stamp = DiskStamp::of(b"the bytes as read");
        let mut mine = base.clone();
        mine.country = "Qazaqstan".into();
        let mut rec = Recovery::new(dir.path().join("r"));
        rec.prepare(mine.clone(), Some(&origin), Some((stamp, &base))).run().unwrap_or_else(|e| panic!("{e}"));
        // A second autosave on the same base does not write the base again, and keeps it.
        mine.edition = 2025;
        let again = rec.prepare(mine.clone(), Some(&origin), Some((stamp, &base)));
        assert!(again.base.is_none());
        again.run().unwrap_or_else(|e| panic!("{e}"));

        let found = Recovery::new(dir.path().join("r")).found();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].meta.base, Some(stamp));
        assert_eq!(found[0].base(), Some((stamp, base)));
        assert_eq!(crate::io::load(&found[0].chapter_path).ok(), Some(mine));
        rec.clear();
        assert_eq!(std::fs::read_dir(dir.path().join("r")).map_or(99, Iterator::count), 0, "base removed too");
    }

    #[test]
    fn an_entry_written_before_bases_were_kept_still_loads() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let folder = dir.path().to_owned();
        crate::io::save(&folder.join("kz-00000000000000aa.ron"), &chapter("Kazakhstan"))
            .unwrap_or_else(|e| panic!("{e}"));
        // The meta file exactly as the previous version wrote it.
        let old =
            "(\n    origin: Some(\"/home/a/kz.ron\"),\n    pid: 4294967288,\n    written: \"2026-11-02T10:00:00Z\",\n)";
        std::fs::write(folder.join("kz-00000000000000aa.meta.ron"), old).unwrap_or_else(|e| panic!("{e}"));
        let found = Recovery::new(folder).found();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].meta.origin.as_deref(), Some(Path::new("/home/a/kz.ron")));
        assert_eq!(found[0].meta.written, "2026-11-02T10:00:00Z");
        assert_eq!(found[0].meta.base, None);
        assert_eq!(found[0].base(), None);
    }
}
