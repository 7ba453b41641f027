//! Real git: `rapporteur git-setup` in a fresh repository, two branches editing one chapter,
//! `git merge` through the driver, and `git diff` showing chapter text (textconv).
//!
//! Skipped with a note where git is missing, except under CI (`CI` set), where it must be there.

use std::path::Path;
use std::process::Command;

use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::{Chapter, ConflictPlace, Rating};

#[path = "support/git.rs"]
mod git;

use git::{git, git_ok};

fn git_present() -> bool {
    git::present()
}

/// A chapter of our own prose: three bullets under Local Democratic Governance, two footnotes.
fn chapter() -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Moldova", 2025);
    for e in &mut c.categories {
        e.rating = Some(Rating::from_hundredths(400));
        e.last_year = Some(Rating::from_hundredths(400));
    }
    for text in [
        "District councils published their budgets late or not at all.[^1]",
        "Mayors complained that transfers from the capital arrived months behind schedule.[^2]",
        "A new law let villages pool their services.[^1]",
    ] {
        let b = c.new_block(text);
        c.categories[4].bullets.push(b);
    }
    c.add_footnote("1", "Budget monitor, Chișinău, 2024.", None);
    c.add_footnote("2", "Congress of Local Authorities statement, 2024.", None);
    c
}

/// A repository with `git-setup` run and the chapter committed on `main`.
fn repository(dir: &Path) {
    git::init(dir);
    // Idempotent: a second run adds nothing.
    let again =
        Command::new(env!("CARGO_BIN_EXE_rapporteur")).current_dir(dir).env("HOME", dir).arg("git-setup").output();
    assert!(again.is_ok_and(|o| o.status.success()));
    let attributes = std::fs::read_to_string(dir.join(".gitattributes")).unwrap_or_default();
    assert_eq!(attributes, "*.ron merge=rapporteur diff=rapporteur\n");
    write(dir, &chapter());
    git_ok(dir, &["add", ".gitattributes", "chapter.ron"]);
    git_ok(dir, &["commit", "-q", "-m", "Chapter"]);
}

fn write(dir: &Path, c: &Chapter) {
    std::fs::write(dir.join("chapter.ron"), io::to_ron(c)).unwrap_or_else(|e| panic!("write: {e}"));
}

fn load(dir: &Path) -> Chapter {
    io::load(&dir.join("chapter.ron")).unwrap_or_else(|e| panic!("the merged chapter loads: {e}"))
}

/// Commits `edit` of the chapter on a new branch `name` from `main`.
fn branch(dir: &Path, name: &str, edit: impl FnOnce(&mut Chapter)) {
    git_ok(dir, &["checkout", "-q", "-b", name, "main"]);
    let mut c = load(dir);
    edit(&mut c);
    write(dir, &c);
    git_ok(dir, &["commit", "-q", "-am", name]);
}

/// Merges branch `theirs` into branch `ours`; whether git merged cleanly.
fn merge(dir: &Path, ours: &str, theirs: &str) -> bool {
    git_ok(dir, &["checkout", "-q", ours]);
    git(dir, &["merge", "-q", "--no-edit", theirs]).status.success()
}

fn set(c: &mut Chapter, i: usize, text: &str) {
    text.clone_into(&mut c.categories[4].bullets[i].text);
}

/// Nothing left behind in the work tree (no backups of git's temporary files).
fn no_litter(dir: &Path) {
    let status = git_ok(dir, &["status", "--porcelain", "--untracked-files=all"]);
    let untracked: Vec<&str> = status.lines().filter(|l| l.starts_with("??")).collect();
    assert!(untracked.is_empty(), "{untracked:?}");
}

#[test]
fn edits_to_different_bullets_and_words_merge_cleanly_through_the_driver() {
    if !git_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path();
    repository(dir);
    branch(dir, "ours", |c| {
        set(c, 0, "District councils published their budgets late or not at all, as in 2023.[^1]");
        set(c, 1, "Mayors complained loudly that transfers from the capital arrived months behind schedule.[^2]");
    });
    branch(dir, "theirs", |c| {
        set(c, 2, "A new law let villages pool their schools and clinics.[^1]");
        set(c, 1, "Mayors complained that transfers from the capital arrived weeks behind schedule.[^2]");
    });
    assert!(merge(dir, "ours", "theirs"), "a clean merge");
    let c = load(dir);
    let texts: Vec<&str> = c.categories[4].bullets.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "District councils published their budgets late or not at all, as in 2023.[^1]",
            "Mayors complained loudly that transfers from the capital arrived weeks behind schedule.[^2]",
            "A new law let villages pool their schools and clinics.[^1]",
        ]
    );
    assert!(c.conflicts.is_empty());
    no_litter(dir);
    // git diff shows chapter text, not RON.
    let shown = git_ok(dir, &["diff", "main", "--", "chapter.ron"]);
    assert!(shown.contains("+- A new law let villages pool their schools and clinics.[^1]"), "{shown}");
    assert!(!shown.contains("TextBlock("), "{shown}");
}

#[test]
fn a_rating_changed_both_ways_is_recorded_as_a_conflict() {
    if !git_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path();
    repository(dir);
    branch(dir, "ours", |c| c.categories[4].rating = Some(Rating::from_hundredths(375)));
    branch(dir, "theirs", |c| c.categories[4].rating = Some(Rating::from_hundredths(425)));
    assert!(!merge(dir, "ours", "theirs"), "git reports the conflict");
    let c = load(dir);
    assert_eq!(c.categories[4].rating, Some(Rating::from_hundredths(375)), "ours in place");
    assert_eq!(c.conflicts.len(), 1);
    assert_eq!(c.conflicts[0].place, ConflictPlace::Rating("LDG".into()));
    assert_eq!(c.conflicts[0].theirs.as_deref(), Some("4.25"));
    let check = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("check")
        .arg(dir.join("chapter.ron"))
        .output()
        .unwrap_or_else(|e| panic!("check: {e}"));
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(out.contains("ours 3.75, theirs 4.25 (base 4.00)") && out.contains("[merge-conflict]"), "{out}");
}

#[test]
fn overlapping_words_and_colliding_footnote_labels() {
    if !git_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path();
    repository(dir);
    branch(dir, "ours", |c| {
        c.add_footnote("3", "Interview with a mayor, Bălți, 2024.", None);
        set(c, 2, "A new law let villages pool their services.[^1][^3]");
        set(c, 0, "District councils published budgets on time.[^1]");
    });
    branch(dir, "theirs", |c| {
        c.add_footnote("3", "Government decision on shared services, 2024.", None);
        let b = c.new_block("Pooling began in twelve districts.[^3]");
        c.categories[4].bullets.push(b);
        set(c, 0, "District councils hid their budgets.[^1]");
    });
    assert!(!merge(dir, "ours", "theirs"), "the overlapping bullet is a conflict");
    let c = load(dir);
    let labels: Vec<&str> = c.footnotes.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3", "4"]);
    assert_eq!(c.categories[4].bullets[3].text, "Pooling began in twelve districts.[^4]");
    assert_eq!(c.categories[4].bullets[2].text, "A new law let villages pool their services.[^1][^3]");
    assert_eq!(c.conflicts.len(), 1);
    assert_eq!(c.conflicts[0].ours.as_deref(), Some("District councils published budgets on time.[^1]"));
    assert_eq!(c.conflicts[0].theirs.as_deref(), Some("District councils hid their budgets.[^1]"));
    no_litter(dir);
}

#[test]
fn setup_outside_a_repository_is_refused() {
    if !git_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .current_dir(tmp.path())
        .env("HOME", tmp.path())
        .env("GIT_CEILING_DIRECTORIES", tmp.path().parent().unwrap_or(tmp.path()))
        .arg("git-setup")
        .output()
        .unwrap_or_else(|e| panic!("git-setup: {e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not inside a git repository"), "{err}");
}

#[test]
fn two_branches_rewording_one_comment_are_a_conflict_kept_in_the_chapter() {
    use rapporteur::model::review::{Anchor, Person, Role, Signed};
    if !git_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path();
    repository(dir);
    // A reviewer's comment on bullet 2, committed on main.
    git_ok(dir, &["checkout", "-q", "main"]);
    let mut c = load(dir);
    let on = c.categories[4].bullets[1].id;
    let signed =
        Signed { by: Person { name: "Ion Rusu".into(), role: Role::Reviewer }, at: chrono::DateTime::UNIX_EPOCH };
    let comment = c
        .add_comment(Anchor::Block(on), None, None, "How many months?", signed)
        .unwrap_or_else(|e| panic!("comment: {e}"));
    write(dir, &c);
    git_ok(dir, &["commit", "-q", "-am", "A comment"]);
    let text = |c: &mut Chapter, words: &str| {
        words.clone_into(&mut c.review.comment_mut(comment).unwrap_or_else(|| panic!("comment")).text);
    };
    branch(dir, "ours", |c| text(c, "How many months, in which districts?"));
    branch(dir, "theirs", |c| text(c, "How many months? Give the ministry's figures."));
    assert!(!merge(dir, "ours", "theirs"), "git reports the conflict");
    let c = load(dir);
    assert_eq!(c.review.comment(comment).map(|x| x.text.as_str()), Some("How many months, in which districts?"));
    assert_eq!(c.conflicts.len(), 1);
    let conflict = &c.conflicts[0];
    assert_eq!(conflict.place, ConflictPlace::CommentText(comment));
    assert_eq!(conflict.theirs.as_deref(), Some("How many months? Give the ministry's figures."));
    let check = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("check")
        .arg(dir.join("chapter.ron"))
        .output()
        .unwrap_or_else(|e| panic!("check: {e}"));
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(
        out.contains(
            "Comment by Ion Rusu (Reviewer): ours \"How many months, in which districts?\", theirs \"How many months? \
             Give the ministry's figures.\" (base \"How many months?\") \u{2014} take one or edit [merge-conflict]"
        ),
        "{out}"
    );
    no_litter(dir);
}
