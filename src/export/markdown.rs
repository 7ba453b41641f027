//! Pandoc-flavoured Markdown, ready for `pandoc` to take further.
//!
//! A YAML metadata block (title, author) opens the file; the score card follows as
//! paragraphs and a pipe table, then the sections as level-1 headings. A marker becomes
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
    Numbering, Piece, card_lines, category_description, category_name, clean_controls, last_year_status,
    methodology_blurb, pieces, scale_max, show_rating, this_year,
};
use crate::method::Methodology;
use crate::model::{Authors, Chapter, Footnote};
use crate::score::Figure;

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
    let numbering = Numbering::new(chapter);
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

    push_score_card(&mut out, chapter, method);

    // The sections.
    let _ = writeln!(out, "# Score changes in {}\n", chapter.edition);
    for item in &chapter.score_changes {
        out.push_str("- ");
        out.push_str(&block(&item.text, &numbering));
        out.push('\n');
    }
    if !chapter.score_changes.is_empty() {
        out.push('\n');
    }
    for (heading, paragraphs) in
        [("Executive Summary", &chapter.executive_summary), ("At-A-Glance", &chapter.at_a_glance)]
    {
        let _ = writeln!(out, "# {heading}\n");
        for p in paragraphs {
            out.push_str(&block(&p.text, &numbering));
            out.push_str("\n\n");
        }
    }
    for entry in &chapter.categories {
        let _ = writeln!(out, "# {}\n", escape_inline(category_name(method, &entry.code)));
        let _ = writeln!(out, "**Rating: {} / {}**\n", show_rating(entry.rating), method.scale.max);
        let description = category_description(method, &entry.code);
        if !description.is_empty() {
            let _ = writeln!(out, "*{}*\n", escape_inline(description.trim()));
        }
        for b in &entry.bullets {
            out.push_str("- ");
            out.push_str(&block(&b.text, &numbering));
            out.push('\n');
        }
        if !entry.bullets.is_empty() {
            out.push('\n');
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

/// The score card from its lines: status, figures, last year, the ratings table, the blurb
/// and the byline.
fn push_score_card(out: &mut String, chapter: &Chapter, method: &Methodology) {
    let lines = card_lines(chapter, method);
    let max = scale_max(method);
    if let Some(status) = this_year(&lines, Figure::Classification) {
        let _ = writeln!(out, "**{}**\n", escape_inline(status));
    }
    if let (Some(headline), Some(percentage)) = (this_year(&lines, Figure::Headline), lines.figure(Figure::Percentage))
    {
        let _ = writeln!(out, "**{}** / 100\n", escape_inline(headline));
        let _ = writeln!(
            out,
            "{} {} / 100\n",
            escape_inline(&percentage.label),
            escape_inline(percentage.this_year_shown())
        );
    }
    if let Some(score) = lines.figure(Figure::Score) {
        let _ = writeln!(out, "{} {} / {max}\n", escape_inline(&score.label), escape_inline(score.this_year_shown()));
    }
    if let Some(last) = last_year_status(&lines, method) {
        let _ = writeln!(
            out,
            "Last year's {} \\& Status: {} / {} {}\n",
            escape_inline(last.what),
            escape_inline(last.figure),
            last.out_of,
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
