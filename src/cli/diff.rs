//! `diff`: what changed between two versions of a chapter, word by word, from
//! [`rapporteur::diff`].
//!
//! Exit codes: 0 when the chapters are the same, 1 when they differ, 2 when either cannot be
//! read. The old version may be a published chapter's text (`.txt`), imported on the fly; its
//! ids are then unrelated to the new chapter's, so blocks are paired by their words.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use rapporteur::diff::{self, BlockChange, BlockChangeKind, ChapterDiff, FootnoteChangeKind, Matching, RatingKind};
use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::model::{Chapter, Section};

/// `rapporteur diff OLD NEW [--json] [--html OUT]`.
pub fn diff(old: &Path, new: &Path, json: bool, html: Option<&Path>) -> Result<ExitCode, String> {
    let method = methodology_of(if is_text(new) { old } else { new })?;
    let (a, imported_a) = load_any(old, &method)?;
    let (b, imported_b) = load_any(new, &method)?;
    let matching = if imported_a || imported_b { Matching::ByText } else { Matching::Auto };
    let d = diff::diff_with(&a, &b, &method, matching);
    if let Some(out) = html {
        let page = diff_html(&d, &a, &b, &method);
        io::write_atomic(out, page.as_bytes(), false).map_err(|e| e.to_string())?;
    }
    if json {
        let text = serde_json::to_string_pretty(&d).map_err(|e| format!("cannot write JSON: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", diff_text(&d, &a, &b, &method));
    }
    Ok(if d.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Whether `path` is a published chapter's text (`.txt`) rather than a project file.
fn is_text(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// The methodology the two sides are compared under: that of the project file at `path` (the
/// new side, or the old one where the new is a published text), the default one for a text.
fn methodology_of(path: &Path) -> Result<Methodology, String> {
    if is_text(path) {
        return Ok(Methodology::default_builtin());
    }
    let chapter = io::load(path).map_err(|e| e.to_string())?;
    Methodology::resolve(&chapter.methodology, path.parent()).map_err(|e| format!("{}: {e}", path.display()))
}

/// A chapter from a project file, or from a published chapter's text (`.txt`, imported under
/// `method`, the other side's methodology); the flag says which.
fn load_any(path: &Path, method: &Methodology) -> Result<(Chapter, bool), String> {
    if !is_text(path) {
        return io::load(path).map(|c| (c, false)).map_err(|e| e.to_string());
    }
    let bytes = rapporteur::import::read_text_file(path)?;
    let imported = rapporteur::import::import_bytes(&bytes, method).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((imported.chapter, true))
}

/// The sections in reading order, each with its title.
fn sections(chapter: &Chapter, method: &Methodology) -> Vec<(Section, String)> {
    method
        .sections(chapter)
        .into_iter()
        .map(|s| {
            let title = s.title(method);
            (s, title)
        })
        .collect()
}

/// "bullet 3", "paragraph 1", "item 2".
fn numbered(section: &Section, index: usize, method: &Methodology) -> String {
    format!("{} {}", section.block_noun(method), index + 1)
}

/// One line about a block change, without its words: "~ bullet 3 (moved from Corruption,
/// bullet 5)".
fn block_heading(change: &BlockChange, titles: &[(Section, String)], method: &Methodology) -> String {
    let title = |s: &Section| titles.iter().find(|(k, _)| k == s).map_or(s.key(), |(_, t)| t.as_str()).to_owned();
    let sign = match change.kind {
        BlockChangeKind::Added => "+",
        BlockChangeKind::Removed => "-",
        BlockChangeKind::Moved => ">",
        BlockChangeKind::Edited => "~",
    };
    let (Some(place), other) = (change.new.as_ref().or(change.old.as_ref()), change.old.as_ref()) else {
        return sign.to_owned();
    };
    let mut line = format!("{sign} {}", numbered(&place.section, place.index, method));
    if change.kind == BlockChangeKind::Removed {
        line.push_str(" (removed)");
    } else if change.moved
        && let Some(old) = other
    {
        if old.section == place.section {
            let _ = write!(line, " (moved from {})", numbered(&old.section, old.index, method));
        } else {
            let _ =
                write!(line, " (moved from {}, {})", title(&old.section), numbered(&old.section, old.index, method));
        }
    }
    line
}

fn rating_label(name: &str, which: RatingKind) -> String {
    match which {
        RatingKind::Rating => name.to_owned(),
        RatingKind::LastYear => format!("{name}, last year"),
    }
}

fn shown(v: Option<&String>) -> &str {
    v.map_or("\u{2014}", String::as_str)
}

/// The diff as text, section by section, with `[-deleted-]{+inserted+}` word marks.
fn diff_text(d: &ChapterDiff, old: &Chapter, new: &Chapter, method: &Methodology) -> String {
    let mut out = String::new();
    if d.is_empty() {
        let _ = writeln!(out, "No changes.");
        return out;
    }
    if !d.header.is_empty() {
        let _ = writeln!(out, "Header");
        for f in &d.header {
            let _ = writeln!(out, "  {}: \"{}\" -> \"{}\"", f.field, f.old, f.new);
        }
    }
    if !d.ratings.is_empty() {
        let _ = writeln!(out, "Ratings");
        for r in &d.ratings {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                rating_label(&r.name, r.which),
                shown(r.old.as_ref()),
                shown(r.new.as_ref())
            );
        }
    }
    if !d.score_card.is_empty() {
        let _ = writeln!(out, "Score card");
        for f in &d.score_card {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                rating_label(&f.label, f.which),
                shown(f.old.as_ref()),
                shown(f.new.as_ref())
            );
        }
    }
    let mut titles = sections(new, method);
    for (key, title) in sections(old, method) {
        if !titles.iter().any(|(k, _)| *k == key) {
            titles.push((key, title));
        }
    }
    for (key, title) in &titles {
        let mut changes = d.blocks_in(key).peekable();
        if changes.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "{title}");
        for c in changes {
            let _ = writeln!(out, "  {}: {}", block_heading(c, &titles, method), diff::marked(&c.words));
        }
    }
    if !d.footnotes.is_empty() {
        let _ = writeln!(out, "Footnotes");
        for f in &d.footnotes {
            let label = |l: Option<&String>| format!("[^{}]", shown(l));
            let head = match f.kind {
                FootnoteChangeKind::Added => format!("+ {}", label(f.new_label.as_ref())),
                FootnoteChangeKind::Removed => format!("- {}", label(f.old_label.as_ref())),
                FootnoteChangeKind::Relabelled => {
                    format!("~ {} -> {}", label(f.old_label.as_ref()), label(f.new_label.as_ref()))
                }
                FootnoteChangeKind::Edited => format!("~ {}", label(f.new_label.as_ref())),
            };
            let _ = write!(out, "  {head}: {}", diff::marked(&f.words));
            if f.old_url.is_some() || f.new_url.is_some() {
                let _ = write!(out, " (address {} -> {})", shown(f.old_url.as_ref()), shown(f.new_url.as_ref()));
            }
            out.push('\n');
        }
    }
    if !d.review.is_empty() {
        let _ = writeln!(out, "Review");
        for r in &d.review {
            let kind =
                serde_json::to_value(r.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let on = r.category.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            let _ = writeln!(out, "  {} {}{on}: {}", kind.replace('_', " "), r.id, r.text);
        }
    }
    out
}

/// Text escaped for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Word runs as HTML: deletions in `<del>`, insertions in `<ins>`.
fn words_html(words: &[diff::WordOp]) -> String {
    let mut out = String::new();
    for w in words {
        match w.kind {
            diff::WordKind::Equal => out.push_str(&escape(&w.text)),
            diff::WordKind::Delete => {
                let _ = write!(out, "<del>{}</del>", escape(&w.text));
            }
            diff::WordKind::Insert => {
                let _ = write!(out, "<ins>{}</ins>", escape(&w.text));
            }
        }
    }
    out
}

/// The diff as a self-contained HTML page (no scripts, no outside resources).
fn diff_html(d: &ChapterDiff, old: &Chapter, new: &Chapter, method: &Methodology) -> String {
    let mut out = String::new();
    let title = format!("Changes: {} \u{2192} {}", old.title, new.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         body {{ font-family: Georgia, serif; max-width: 50em; margin: 2em auto; line-height: 1.5; }}\n\
         del {{ background: #fdd; color: #900; }}\nins {{ background: #dfd; color: #060; text-decoration: none; }}\n\
         .where {{ color: #555; font-size: 90%; }}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    if d.is_empty() {
        out.push_str("<p>No changes.</p>\n");
    }
    let list = |heading: &str, items: Vec<String>, out: &mut String| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(out, "<h2>{}</h2>\n<ul>", escape(heading));
        for i in items {
            let _ = writeln!(out, "<li>{i}</li>");
        }
        out.push_str("</ul>\n");
    };
    let pair = |o: Option<&String>, n: Option<&String>| {
        format!("<del>{}</del> <ins>{}</ins>", escape(shown(o)), escape(shown(n)))
    };
    list(
        "Header",
        d.header.iter().map(|f| format!("{}: {}", escape(&f.field), pair(Some(&f.old), Some(&f.new)))).collect(),
        &mut out,
    );
    list(
        "Ratings",
        d.ratings
            .iter()
            .map(|r| format!("{}: {}", escape(&rating_label(&r.name, r.which)), pair(r.old.as_ref(), r.new.as_ref())))
            .collect(),
        &mut out,
    );
    list(
        "Score card",
        d.score_card
            .iter()
            .map(|f| format!("{}: {}", escape(&rating_label(&f.label, f.which)), pair(f.old.as_ref(), f.new.as_ref())))
            .collect(),
        &mut out,
    );
    let titles = sections(new, method);
    for (key, title) in &titles {
        let items: Vec<String> = d
            .blocks_in(key)
            .map(|c| {
                format!(
                    "<span class=\"where\">{}</span> {}",
                    escape(&block_heading(c, &titles, method)),
                    words_html(&c.words)
                )
            })
            .collect();
        list(title, items, &mut out);
    }
    list(
        "Footnotes",
        d.footnotes
            .iter()
            .map(|f| {
                let label = f.new_label.as_ref().or(f.old_label.as_ref()).map_or("", String::as_str);
                format!("<span class=\"where\">[^{}]</span> {}", escape(label), words_html(&f.words))
            })
            .collect(),
        &mut out,
    );
    list("Review", d.review.iter().map(|r| format!("{}: {}", r.id, escape(&r.text))).collect(), &mut out);
    out.push_str("</body>\n</html>\n");
    out
}
