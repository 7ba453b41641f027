//! Pandoc-flavoured Markdown, ready for `pandoc` to take further.
//!
//! A YAML metadata block (title, author) opens the file; the score card follows as
//! paragraphs and a pipe table, then the sections in the methodology's reading order as
//! level-1 headings, or one level below the heading of the methodology's group they are in
//! (`# Political Rights (22 / 40)`, `## A. Electoral Process (8 / 12)`, `### A1 …`); an
//! item's justification is a list or paragraphs, as the methodology writes them. A marker becomes
//! `[^N]` with N its published number, and the cited notes close the file as `[^N]: …`
//! definitions. Notes no text cites would be dropped by Pandoc as definitions, so they are
//! listed under "Footnotes not cited in the text", numbered on from the cited ones.
//!
//! Every string from the chapter is escaped so that Pandoc reads it as literal text: ASCII
//! punctuation with a meaning in Markdown (raw HTML, emphasis, links, citations, math …) gets
//! a backslash, and a block that would start a list, heading or code block does not. A line
//! break inside a block is written as a space.

use std::fmt::Write as _;

use super::{
    CardView, EntryKind, Numbering, Part, Piece, card_lines, clean_controls, methodology_blurb, outline, pieces,
    with_suffix,
};
use crate::method::Methodology;
use crate::model::{Authors, Chapter, Footnote};
use crate::score::CardLines;

/// `s` escaped for Pandoc Markdown inline text (never the start of a block).
fn escape_inline_into(out: &mut String, s: &str) {
    for c in clean_controls(s).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '^' | '$' | '@' | '&' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// `s` escaped as the start of a block: leading blanks dropped, and a start that would make a
/// list item, heading, definition or line block escaped.
fn escape_block(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_inline_into(&mut out, s.trim_start());
    guard_block_start(out)
}

/// Escapes what would make `text` (already inline-escaped) open a list, quote or definition.
fn guard_block_start(text: String) -> String {
    let first = text.chars().next();
    match first {
        Some('-' | '+' | ':' | '=' | '%') => format!("\\{text}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            match text.as_bytes().get(digits) {
                Some(b'.' | b')') => format!("{}\\{}", &text[..digits], &text[digits..]),
                _ => text,
            }
        }
        _ => text,
    }
}

fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_inline_into(&mut out, s);
    out
}

/// A YAML double-quoted scalar holding `s` as Markdown-escaped text (Pandoc reads metadata
/// values as Markdown). JSON strings are valid YAML double-quoted scalars.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(&escape_inline(s)).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The Markdown file.
#[must_use]
pub fn render(chapter: &Chapter, method: &Methodology) -> String {
    let numbering = Numbering::of(chapter, method);
    let mut out = String::with_capacity(super::size_estimate(chapter) * 9 / 8);

    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&chapter.title));
    match &chapter.authors {
        Authors::Anonymous => out.push_str("author: \"Anonymous\"\n"),
        Authors::Named(names) if names.is_empty() => {}
        Authors::Named(names) => {
            out.push_str("author:\n");
            for name in names {
                let _ = writeln!(out, "  - {}", yaml_string(name));
            }
        }
    }
    // The tag is letters, digits and a hyphen ([`super::Language`]): plain YAML.
    let _ = writeln!(out, "lang: {}\n---\n", super::Language::of(chapter).tag());

    let lines = card_lines(chapter, method);
    push_score_card(&mut out, chapter, &lines, method);

    // The sections in reading order, each group of the methodology's outline a heading one
    // level above its sections.
    for part in outline(chapter, method, &lines, false) {
        match part {
            Part::Group { title, depth, score, .. } => {
                let _ = write!(out, "{} {}", hashes(depth), escape_inline(&title));
                if let Some(score) = score {
                    let _ = write!(out, " ({})", escape_inline(&score));
                }
                out.push_str("\n\n");
            }
            Part::Section(entry) => {
                let _ = writeln!(out, "{} {}\n", hashes(entry.depth), escape_inline(&entry.title));
                match &entry.kind {
                    EntryKind::Item(item) => {
                        let _ = writeln!(out, "**Rating: {}**\n", escape_inline(&item.out_of()));
                        if !item.description.trim().is_empty() {
                            let _ = writeln!(out, "*{}*\n", escape_inline(item.description.trim()));
                        }
                    }
                    EntryKind::Group(items) if !items.is_empty() => {
                        for item in items {
                            let _ = writeln!(
                                out,
                                "- {}: **{}**",
                                escape_inline(&item.title),
                                escape_inline(&item.out_of())
                            );
                        }
                        out.push('\n');
                    }
                    _ => {}
                }
                for b in entry.blocks {
                    if entry.bullets {
                        out.push_str("- ");
                        out.push_str(&block(&b.text, &numbering));
                        out.push('\n');
                    } else {
                        out.push_str(&block(&b.text, &numbering));
                        out.push_str("\n\n");
                    }
                }
                if entry.bullets && !entry.blocks.is_empty() {
                    out.push('\n');
                }
            }
        }
    }

    // The notes.
    let notes = numbering.notes();
    for note in notes.iter().filter(|n| n.cited) {
        let _ = writeln!(out, "[^{}]: {}", note.number, citation_md(note.footnote));
    }
    if numbering.cited() > 0 {
        out.push('\n');
    }
    if notes.iter().any(|n| !n.cited) {
        out.push_str("# Footnotes not cited in the text\n\n");
        for note in notes.iter().filter(|n| !n.cited) {
            let _ = writeln!(out, "{}. {}", note.number, citation_md(note.footnote));
        }
        out.push('\n');
    }
    // One newline at the end.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `#` for a section `depth` groups deep: the title is the metadata's, so sections are
/// level 1 and Pandoc's six levels cover five groups.
fn hashes(depth: usize) -> String {
    "#".repeat((depth + 1).min(6))
}

/// The score card from its lines: status, figures, last year, the ratings table, the blurb
/// and the byline.
fn push_score_card(out: &mut String, chapter: &Chapter, lines: &CardLines, method: &Methodology) {
    let card = CardView::new(lines, method);
    if let Some(status) = card.status {
        let _ = writeln!(out, "**{}**\n", escape_inline(status.this_year_shown()));
    }
    for headline in &card.headlines {
        let _ = write!(out, "**{}**", escape_inline(headline.this_year_shown()));
        if let Some(suffix) = &headline.suffix {
            let _ = write!(out, " {}", escape_inline(suffix));
        }
        out.push_str("\n\n");
    }
    for figure in &card.figures {
        let _ = writeln!(
            out,
            "{} {}\n",
            escape_inline(&figure.label),
            escape_inline(&with_suffix(figure.this_year_shown(), figure.suffix.as_deref()))
        );
    }
    for class in &card.classes {
        let _ = writeln!(out, "{}: {}\n", escape_inline(&class.label), escape_inline(class.this_year_shown()));
    }
    if let Some(last) = &card.last_year {
        let _ = writeln!(
            out,
            "Last year's {} \\& Status: {} {}\n",
            escape_inline(last.what),
            escape_inline(&with_suffix(last.figure, last.suffix)),
            escape_inline(last.classification)
        );
    }
    out.push_str("| Category | Rating | Last year |\n|:---|---:|---:|\n");
    for line in &lines.categories {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            escape_inline(&line.label),
            escape_inline(line.this_year_shown()),
            escape_inline(line.last_year_shown())
        );
    }
    let _ = writeln!(out, "\n{}\n", escape_block(&methodology_blurb(method)));
    let _ = writeln!(out, "Authors: {}\n", escape_inline(&chapter.authors.byline()));
}

/// A text block: escaped text with `[^N]` references, safe at the start of a block.
fn block(text: &str, numbering: &Numbering<'_>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, piece) in pieces(text, numbering).into_iter().enumerate() {
        match piece {
            Piece::Text(t) => escape_inline_into(&mut out, if i == 0 { t.trim_start() } else { t }),
            Piece::Note(n) => {
                let _ = write!(out, "[^{n}]");
            }
        }
    }
    guard_block_start(out)
}

/// A citation in Markdown: escaped text, a web address as an autolink.
fn citation_md(f: &Footnote) -> String {
    let mut out = String::new();
    let text = f.text.trim();
    escape_inline_into(&mut out, text);
    if let Some(url) = f.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        if !text.is_empty() {
            out.push(' ');
        }
        let lower = url.to_ascii_lowercase();
        let web = lower.starts_with("http://") || lower.starts_with("https://");
        if web && !url.contains(|c: char| c.is_whitespace() || c == '<' || c == '>') {
            let _ = write!(out, "<{}>", clean_controls(url));
        } else {
            escape_inline_into(&mut out, url);
        }
    }
    if let Some(date) = f.accessed {
        let _ = write!(out, " (accessed {})", date.format("%Y-%m-%d"));
    }
    guard_block_start(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_and_block_starts() {
        assert_eq!(escape_inline("<b>*x*</b> & [^1] $5 @cite"), "\\<b\\>\\*x\\*\\</b\\> \\& \\[\\^1\\] \\$5 \\@cite");
        assert_eq!(escape_block("2023. A year"), "2023\\. A year");
        assert_eq!(escape_block("- dash"), "\\- dash");
        assert_eq!(escape_block("    # code?"), "\\# code?");
        assert_eq!(escape_block("12 months"), "12 months");
        assert_eq!(yaml_string("A \"q\" <x>"), "\"A \\\"q\\\" \\\\<x\\\\>\"");
    }
}
