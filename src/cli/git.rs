//! `git-setup` and `textconv`: teams keep chapters in git, and git merges and shows them through
//! Rapporteur.
//!
//! `git-setup` writes `*.ron merge=rapporteur diff=rapporteur` to the repository's
//! `.gitattributes` (once) and tells git, in the repository's configuration (or the user's with
//! `--global`), to merge `.ron` files with `rapporteur merge %O %A %B -o %A --path %P` and to show them in
//! `git diff` as `rapporteur textconv` prints them. Both commands name the running executable by
//! its full path, so they work without Rapporteur on `PATH`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use rapporteur::findings;
use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::{Chapter, Section};

/// The line `git-setup` puts in `.gitattributes`.
const ATTRIBUTES: &str = "*.ron merge=rapporteur diff=rapporteur";

/// The largest `.gitattributes` git-setup reads (a real one is a few hundred bytes).
const MAX_ATTRIBUTES_BYTES: u64 = 1024 * 1024;

/// Runs git with `args` in the current folder; its standard output, or why not.
fn git(args: &[&str]) -> Result<String, String> {
    let out = Command::new("git").args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// `path` as one word for the shell git runs drivers with: as it is when it holds only safe
/// characters, otherwise in single quotes.
fn shell_word(path: &Path) -> String {
    let text = path.to_string_lossy();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c)) {
        text.into_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `rapporteur git-setup [--global]`.
pub fn setup(global: bool) -> Result<ExitCode, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot tell where this rapporteur is: {e}"))?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    let exe = shell_word(&exe);
    let top = git(&["rev-parse", "--show-toplevel"]).ok().filter(|t| !t.is_empty()).map(PathBuf::from);
    if top.is_none() && !global {
        return Err("not inside a git repository: run `rapporteur git-setup` in the repository's folder \
                    (or `rapporteur git-setup --global` to set up git for every repository)"
            .to_owned());
    }
    let scope: &[&str] = if global { &["config", "--global"] } else { &["config"] };
    let settings = [
        ("merge.rapporteur.name", "Rapporteur chapter merge".to_owned()),
        ("merge.rapporteur.driver", format!("{exe} merge %O %A %B -o %A --path %P")),
        ("diff.rapporteur.textconv", format!("{exe} textconv")),
    ];
    for (key, value) in &settings {
        let mut args = scope.to_vec();
        args.extend([*key, value.as_str()]);
        git(&args).map_err(|e| format!("git config {key} failed: {e}"))?;
    }
    let where_ = if global { "your git configuration (--global)" } else { "this repository's git configuration" };
    println!("Set the merge driver and diff for .ron chapters in {where_}");
    match top {
        Some(top) => {
            let path = top.join(".gitattributes");
            if add_attributes(&path)? {
                println!("Added `{ATTRIBUTES}` to {} (commit it, so that everyone's clone uses it)", path.display());
            } else {
                println!("{} already has `{ATTRIBUTES}`", path.display());
            }
        }
        None => {
            println!("In each repository, add `{ATTRIBUTES}` to .gitattributes (or run `rapporteur git-setup` there)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds [`ATTRIBUTES`] to the `.gitattributes` at `path` unless a line says it already;
/// whether it was added.
fn add_attributes(path: &Path) -> Result<bool, String> {
    let existing = match io::read_capped(path, MAX_ATTRIBUTES_BYTES) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            format!("{}: not UTF-8 text; git-setup leaves it alone (add `{ATTRIBUTES}` by hand)", path.display())
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => match io::TooLarge::of(&e) {
            Some(too_large) => {
                return Err(format!("{too_large}; git-setup leaves it alone (add `{ATTRIBUTES}` by hand)"));
            }
            None => return Err(format!("{}: cannot read: {e}", path.display())),
        },
    };
    if existing.lines().any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == ATTRIBUTES) {
        return Ok(false);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(ATTRIBUTES);
    text.push('\n');
    io::write_atomic(path, text.as_bytes(), false).map_err(|e| e.to_string())?;
    Ok(true)
}

/// `rapporteur textconv FILE`: the chapter as readable text for `git diff`. A file that is not
/// a chapter (a conflicted or hand-broken one) is printed as it is, so `git diff` still shows
/// it; only a file that cannot be read at all is an error. A file larger than any project
/// file ([`io::MAX_FILE_BYTES`]) is not read past that size, and git is shown one line saying
/// so instead of its bytes.
pub fn textconv(path: &Path) -> Result<ExitCode, String> {
    match io::load(path) {
        Ok(chapter) => {
            // `io::load` found the methodology, so this finds it again.
            let Ok(method) = Methodology::resolve(&chapter.methodology, path.parent()) else {
                print!("{}", io::to_ron(&chapter));
                return Ok(ExitCode::SUCCESS);
            };
            print!("{}", chapter_text(&chapter, &method));
        }
        Err(e @ io::LoadError::TooLarge { .. }) => {
            eprintln!("rapporteur textconv: {e}; not shown");
            println!("{}", too_large_line(path));
        }
        Err(e) => match io::read_capped(path, io::MAX_FILE_BYTES) {
            Ok(bytes) => {
                eprintln!("rapporteur textconv: {e}; shown as it is");
                print!("{}", String::from_utf8_lossy(&bytes));
            }
            Err(read) if io::TooLarge::of(&read).is_some() => {
                // It grew past the limit since `load` read it.
                eprintln!("rapporteur textconv: {e}; not shown");
                println!("{}", too_large_line(path));
            }
            Err(_) => return Err(e.to_string()),
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// What `git diff` shows for a file too large to be a chapter: one line, in place of its bytes.
fn too_large_line(path: &Path) -> String {
    format!(
        "[rapporteur textconv: {} is larger than the {} bytes a project file may have; its content is not shown]",
        path.display(),
        io::MAX_FILE_BYTES
    )
}

/// A chapter as text, one line per block: the header, the ratings, each section's blocks,
/// the footnotes, and any conflicts not yet settled.
fn chapter_text(c: &Chapter, method: &Methodology) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", c.title);
    let _ = writeln!(out, "Country: {}\nEdition: {}\nAuthors: {}", c.country, c.edition, c.authors.byline());
    let _ = writeln!(out, "\nRatings");
    let rating = |r: Option<rapporteur::Rating>| r.map_or_else(|| "unrated".to_owned(), |r| r.to_string());
    for e in &c.categories {
        let name = Section::Category(e.code.clone()).title(method);
        let _ = writeln!(out, "{name}: {} (last year {})", rating(e.rating), rating(e.last_year));
    }
    let section = |title: String, blocks: &[rapporteur::TextBlock], out: &mut String| {
        if blocks.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}");
        for b in blocks {
            let _ = writeln!(out, "- {}", b.text.replace('\n', " "));
        }
    };
    for (s, blocks) in c.section_lists() {
        section(s.title(method), blocks, &mut out);
    }
    if !c.footnotes.is_empty() {
        let _ = writeln!(out, "\nFootnotes");
        for f in &c.footnotes {
            let _ = write!(out, "[^{}] {}", f.label, f.text.replace('\n', " "));
            if let Some(url) = &f.url {
                let _ = write!(out, " <{url}>");
            }
            out.push('\n');
        }
    }
    let found: Vec<_> =
        findings::check(c, method).into_iter().filter(|f| f.code == findings::Code::MergeConflict).collect();
    if !found.is_empty() {
        let _ = writeln!(out, "\nConflicts");
        for f in found {
            let _ = writeln!(out, "{}", f.message);
        }
    }
    out
}
