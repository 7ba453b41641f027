//! Real git for the tests that merge chapters through the driver (`tests/git_merge.rs`,
//! `tests/methodology_chapters.rs`): whether git is here (a failure under CI, a note
//! elsewhere), running it in a repository of its own (no system or user configuration, fixed
//! dates), and a fresh repository with `rapporteur git-setup` run in it.
//! Included by path (`#[path = "support/git.rs"] mod git;`).
#![allow(dead_code)] // each test binary uses its own part of it

use std::path::Path;
use std::process::{Command, Output};

/// Whether git is installed; under CI (`CI` set) it must be.
pub fn present() -> bool {
    let found = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "git must be installed under CI (.ci/run installs it)");
        eprintln!("note: git is not installed; skipping the real-git tests");
    }
    found
}

/// Runs git in `dir`, with no system configuration, `dir` as home and fixed dates.
pub fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_DATE", "2026-11-28T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-28T10:00:00Z")
        .output()
        .unwrap_or_else(|e| panic!("git {args:?}: {e}"))
}

/// Runs git in `dir` and returns what it printed; a failure fails the test.
pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A new repository in `dir` on branch `main`, with an author and `rapporteur git-setup` run
/// (`.gitattributes` and the merge driver); nothing committed.
pub fn init(dir: &Path) {
    git_ok(dir, &["init", "-q", "-b", "main"]);
    git_ok(dir, &["config", "user.name", "Test Author"]);
    git_ok(dir, &["config", "user.email", "author@example.org"]);
    let setup = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .current_dir(dir)
        .env("HOME", dir)
        .arg("git-setup")
        .output()
        .unwrap_or_else(|e| panic!("git-setup: {e}"));
    assert!(setup.status.success(), "git-setup: {}", String::from_utf8_lossy(&setup.stderr));
}
