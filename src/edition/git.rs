//! What git knows of an edition kept in a repository: who changed each chapter last and when
//! (one `git log` for the whole folder), which files differ from their last commit, and the
//! repository's tags (earlier editions). Outside a repository, or without git, the files'
//! own times stand in and there are no tags.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::LastChange;

/// Runs git in `dir` with `args`; its standard output when it succeeded.
#[must_use]
pub fn git(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// The top of the repository `dir` is in, if it is in one.
#[must_use]
pub fn toplevel(dir: &Path) -> Option<PathBuf> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    let top = String::from_utf8(out).ok()?;
    let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    std::fs::canonicalize(&top).ok().or(Some(top))
}

/// A file's modification time as an ISO 8601 date and time in UTC.
#[must_use]
pub fn file_time(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let when: chrono::DateTime<chrono::Utc> = modified.into();
    Some(when.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
}

/// Who changed each of `paths` (files below `dir`) last and when. A file that is not
/// committed, or differs from its last commit, has its own time and no name.
#[must_use]
pub fn last_changes(dir: &Path, paths: &[PathBuf]) -> HashMap<PathBuf, LastChange> {
    let mut out = HashMap::new();
    let from_disk = |p: &Path| LastChange { when: file_time(p).unwrap_or_default(), who: None, uncommitted: true };
    let Some(top) = toplevel(dir) else {
        for p in paths {
            out.insert(p.clone(), LastChange { uncommitted: false, ..from_disk(p) });
        }
        return out;
    };
    // Each path as git names it: relative to the top, with `/`.
    let mut by_name: HashMap<String, PathBuf> = HashMap::new();
    for p in paths {
        let full = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        if let Ok(rel) = full.strip_prefix(&top) {
            let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            by_name.insert(name, p.clone());
        }
    }
    let mut dirty = std::collections::HashSet::new();
    if let Some(status) = git(dir, &["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."]) {
        let mut fields = status.split(|b| *b == 0);
        while let Some(field) = fields.next() {
            if field.len() < 4 {
                continue;
            }
            let (code, name) = field.split_at(3);
            dirty.insert(String::from_utf8_lossy(name).into_owned());
            if code[0] == b'R' || code[0] == b'C' {
                fields.next();
            }
        }
    }
    if let Some(log) = git(dir, &["log", "--no-renames", "--format=%x01%aI%x09%an", "--name-only", "--", "."]) {
        let text = String::from_utf8_lossy(&log);
        let mut current: Option<(String, String)> = None;
        for line in text.lines() {
            if let Some(head) = line.strip_prefix('\u{1}') {
                let (when, who) = head.split_once('\t').unwrap_or((head, ""));
                current = Some((when.to_owned(), who.to_owned()));
            } else if !line.is_empty()
                && let Some((when, who)) = &current
                && let Some(path) = by_name.get(line)
                && !out.contains_key(path)
                && !dirty.contains(line)
            {
                out.insert(path.clone(), LastChange { when: when.clone(), who: Some(who.clone()), uncommitted: false });
            }
        }
    }
    for p in paths {
        out.entry(p.clone()).or_insert_with(|| from_disk(p));
    }
    out
}

/// The repository's tags, oldest commit first (each an earlier edition, as a team tags its
/// repository when it publishes).
#[must_use]
pub fn tags(dir: &Path) -> Vec<String> {
    let Some(out) = git(dir, &["tag", "--list", "--sort=creatordate"]) else { return Vec::new() };
    String::from_utf8_lossy(&out).lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The files below `rel` (a folder relative to the top, `/`-separated, `""` for the top) at
/// `tag` whose text holds `needle`.
#[must_use]
pub fn grep_at(dir: &Path, tag: &str, rel: &str, needle: &str) -> Vec<String> {
    let spec = if rel.is_empty() { ".".to_owned() } else { rel.to_owned() };
    let top = toplevel(dir).unwrap_or_else(|| dir.to_owned());
    let Some(out) = git(&top, &["grep", "-l", "-F", "-e", needle, tag, "--", &spec]) else { return Vec::new() };
    let prefix = format!("{tag}:");
    String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter(|p| Path::new(p).extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        .map(str::to_owned)
        .collect()
}

/// A file's bytes at `tag` (`path` relative to the top).
#[must_use]
pub fn show_at(dir: &Path, tag: &str, path: &str) -> Option<Vec<u8>> {
    let top = toplevel(dir)?;
    git(&top, &["show", &format!("{tag}:{path}")])
}
