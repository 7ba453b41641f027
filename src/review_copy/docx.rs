//! The Word review copy: the chapter as the DOCX export lays it out, with every open comment
//! as a Word comment on its text and every bullet, paragraph, footnote and rating line inside a
//! bookmark named after its id (see the [module](super) for the names).
//!
//! Built with `docx-rs` like the plain export (its styles, score card and footnote patch are
//! shared, see `crate::export::docx`), with three parts written here: `word/comments.xml`
//! (`docx-rs` leaves `w:initials` empty, while a review copy signs each comment with
//! initials), `word/commentsExtended.xml` (each reply's `w15:paraIdParent`, as Word writes
//! them), and the custom XML part that lists which Word comment is which Rapporteur comment or
//! reply; and the relationships part is patched so that no two relationships share an id.
//!
//! A comment on a footnote is on the footnote's reference in the text (the number, inside the
//! footnote's `rap_n_ID` bookmark), not inside the footnote: `LibreOffice` 7.4 cannot open a
//! Word document with a comment in a footnote ("source file could not be loaded"), whereas
//! Word and `LibreOffice` both keep a comment on a reference when they save. A footnote no text
//! cites is listed in the body, so its comments stay over the text they quote.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Cursor;
use std::ops::Range;

use docx_rs::{self as dx, BuildXML};

use super::{Mark, PART_NAMESPACE, Place, Step, comment_text, initials, open_comments, place, steps, word_author};
use crate::export::docx::{
    self as export_docx, BULLETS, FOOTNOTE_REF_PLACEHOLDER, core_properties, group_heading, heading, heading_at,
    patch_footnote_refs, plain, score_card, styles, superscript, text_run, unique_relationship_ids,
};
use crate::export::{EntryKind, ExportError, Numbering, Part, card_lines, citation, outline};
use crate::method::Methodology;
use crate::model::review::Signed;
use crate::model::{Chapter, Id};

/// The custom XML part's item id (the `ds:itemID` of its properties).
const PART_ITEM_ID: &str = "6B1F3A52-7C2D-4E8B-9A41-52617070C001";
/// The first `w14:paraId` of comment paragraphs (body paragraphs count up from 1).
const COMMENT_PARA_IDS: u32 = 0x0C00_0000;

/// One Word comment of the copy: a Rapporteur comment or one of its replies.
struct WordComment {
    /// Its `w:id`.
    word_id: usize,
    /// The Rapporteur comment or reply it is.
    id: Id,
    /// For a reply, the `w:id` of its comment.
    parent: Option<usize>,
    /// The `docx-rs` comment, its paragraph's id set.
    comment: dx::Comment,
    /// Its `w14:paraId`.
    para_id: String,
    /// Its initials.
    initials: String,
}

/// The comments of the copy, by where they go.
struct Comments {
    all: Vec<WordComment>,
    /// For each place, the Word comments (a comment, then its replies) on it: (range, word ids).
    by_place: Vec<(Place, Vec<usize>)>,
}

impl Comments {
    fn new(chapter: &Chapter) -> Self {
        let mut all = Vec::new();
        let mut by_place: Vec<(Place, Vec<usize>)> = Vec::new();
        for comment in open_comments(chapter) {
            let place = place(chapter, comment);
            let word_id = all.len();
            let mut ids = vec![word_id];
            all.push(word_comment(chapter, comment.id, &comment.signed, &comment_text(comment), word_id, None));
            for reply in &comment.replies {
                let reply_id = all.len();
                ids.push(reply_id);
                all.push(word_comment(chapter, reply.id, &reply.signed, &reply.text, reply_id, Some(word_id)));
            }
            by_place.push((place, ids));
        }
        Self { all, by_place }
    }

    /// The comment threads on `place`-like places picked by `pick`: for each thread the range
    /// it covers and its Word ids.
    fn on(&self, pick: impl Fn(&Place) -> Option<Range<usize>>) -> Vec<(Range<usize>, &[usize])> {
        self.by_place.iter().filter_map(|(p, ids)| pick(p).map(|r| (r, ids.as_slice()))).collect()
    }
}

fn word_comment(
    chapter: &Chapter,
    id: Id,
    signed: &Signed,
    text: &str,
    word_id: usize,
    parent: Option<usize>,
) -> WordComment {
    let author = word_author(chapter, &signed.by);
    let para_id = format!("{:08X}", COMMENT_PARA_IDS + word_id as u32);
    let mut run = dx::Run::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            run = run.add_break(dx::BreakType::TextWrapping);
        }
        run = run.add_text(crate::export::clean_controls(line));
    }
    let paragraph = dx::Paragraph::new().id(para_id.clone()).add_run(run);
    let mut comment = dx::Comment::new(word_id)
        .author(author.clone())
        .date(signed.at.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .add_paragraph(paragraph);
    if let Some(parent) = parent {
        comment = comment.parent_comment_id(parent);
    }
    WordComment { word_id, id, parent, comment, para_id, initials: initials(&author) }
}

/// Builds paragraphs with their bookmarks, comment ranges and footnotes.
struct Writer<'n, 'c> {
    numbering: &'n Numbering<'c>,
    placed: Vec<bool>,
    comments: &'n Comments,
    chapter: &'c Chapter,
    bookmarks: usize,
}

impl Writer<'_, '_> {
    /// Adds `text`'s runs to `p`, with the comment threads in `threads` over their ranges, and
    /// the whole inside the bookmark for `mark`, if any.
    fn runs(
        &mut self,
        mut p: dx::Paragraph,
        text: &str,
        notes: bool,
        mark: Option<&Mark>,
        threads: &[(Range<usize>, &[usize])],
    ) -> dx::Paragraph {
        let bookmark = self.bookmarks;
        if let Some(mark) = mark {
            self.bookmarks += 1;
            p = p.add_bookmark_start(bookmark, mark.bookmark());
        }
        let ranges: Vec<Range<usize>> = threads.iter().map(|(r, _)| r.clone()).collect();
        let numbering = if notes { Some(self.numbering) } else { None };
        for step in steps(text, numbering, &ranges) {
            p = match step {
                Step::Text(t) => p.add_run(text_run(t)),
                Step::Note(n) => self.note(p, n),
                Step::Start(k) => {
                    for &w in threads[k].1 {
                        p = p.add_comment_start(self.comments.all[w].comment.clone());
                    }
                    p
                }
                Step::End(k) => {
                    for &w in threads[k].1.iter().rev() {
                        p = p.add_comment_end(w);
                    }
                    p
                }
            };
        }
        if mark.is_some() {
            p = p.add_bookmark_end(bookmark);
        }
        p
    }

    /// A footnote reference: the real Word footnote the first time, its number after that.
    ///
    /// The real reference is inside the footnote's reference bookmark (`rap_n_ID`), and the
    /// comments on the footnote are on it: `LibreOffice` refuses to open a document with a
    /// comment inside a footnote, while both it and Word keep a comment on a reference.
    fn note(&mut self, mut p: dx::Paragraph, n: usize) -> dx::Paragraph {
        if self.placed[n] {
            return p.add_run(superscript(dx::Run::new().add_text(n.to_string())));
        }
        self.placed[n] = true;
        let id = self.numbering.notes()[n - 1].footnote.id;
        let body = dx::Paragraph::new()
            .style("FootnoteText")
            .add_run(dx::Run::new().style("FootnoteReference").add_text(FOOTNOTE_REF_PLACEHOLDER))
            .add_run(dx::Run::new().add_text(" "));
        let body = self.footnote_text(body, id, false);
        let footnote = dx::Footnote { id: n, content: vec![body] };
        let comments = self.comments;
        let threads = comments.on(|place| matches!(place, Place::Footnote(fid, _) if *fid == id).then_some(0..0));
        let bookmark = self.bookmarks;
        self.bookmarks += 1;
        p = p.add_bookmark_start(bookmark, Mark::Reference(id).bookmark());
        for (_, ids) in &threads {
            for &w in *ids {
                p = p.add_comment_start(comments.all[w].comment.clone());
            }
        }
        p = p.add_run(superscript(dx::Run::new()).add_footnote_reference(footnote));
        for (_, ids) in threads.iter().rev() {
            for &w in ids.iter().rev() {
                p = p.add_comment_end(w);
            }
        }
        p.add_bookmark_end(bookmark)
    }

    /// A footnote's citation in its bookmark; in the body (`with_comments`), with the comments
    /// on it over the text they quote.
    fn footnote_text(&mut self, p: dx::Paragraph, id: Id, with_comments: bool) -> dx::Paragraph {
        let Some(f) = self.chapter.footnote(id) else { return p };
        let text = citation(f);
        // The citation starts with the footnote's text, trimmed: ranges move by what was trimmed.
        let lead = f.text.len() - f.text.trim_start().len();
        let visible = f.text.trim().len();
        let comments = self.comments;
        let threads = if with_comments {
            comments.on(|place| match place {
                Place::Footnote(fid, r) if *fid == id => {
                    let start = r.start.saturating_sub(lead).min(visible);
                    let end = r.end.saturating_sub(lead).min(visible);
                    Some(if start < end { start..end } else { 0..text.len() })
                }
                _ => None,
            })
        } else {
            Vec::new()
        };
        self.runs(p, &text, false, Some(&Mark::Footnote(id)), &threads)
    }

    /// A text block in its bookmark, with the comments on it.
    fn block(&mut self, p: dx::Paragraph, id: Id, text: &str) -> dx::Paragraph {
        let comments = self.comments;
        let threads = comments.on(|place| match place {
            Place::Block(bid, r) if *bid == id => Some(r.clone()),
            _ => None,
        });
        self.runs(p, text, true, Some(&Mark::Block(id)), &threads)
    }
}

/// The review copy, as the bytes of a `.docx` file.
pub fn render(chapter: &Chapter, method: &Methodology) -> Result<Vec<u8>, ExportError> {
    let numbering = Numbering::of(chapter, method);
    let comments = Comments::new(chapter);
    let mut w = Writer {
        numbering: &numbering,
        placed: vec![false; numbering.notes().len() + 1],
        comments: &comments,
        chapter,
        bookmarks: 0,
    };
    let mut doc = styles(dx::Docx::new());

    let title_threads = comments.on(|p| (*p == Place::Title).then_some(0..chapter.title.len()));
    let title = w.runs(export_docx::title(), &chapter.title, false, None, &title_threads);
    doc = doc.add_paragraph(title);
    doc = doc.add_paragraph(plain(&format!("Authors: {}", chapter.authors.byline())));
    let card = card_lines(chapter, method);
    doc = score_card(doc, &card, method);

    // The sections in reading order, as the plain export lays them out.
    let mut rated = HashSet::new();
    let bullet = |p: dx::Paragraph| p.numbering(dx::NumberingId::new(BULLETS), dx::IndentLevel::new(0));
    for part in outline(chapter, method, &card, true) {
        match part {
            Part::Group { title, depth, score, .. } => {
                doc = doc.add_paragraph(group_heading(&title, depth, score.as_deref()));
            }
            Part::Section(entry) => {
                doc = doc.add_paragraph(heading_at(&entry.title, entry.depth));
                match &entry.kind {
                    EntryKind::Item(item) => {
                        let line = format!("Rating: {}", item.out_of());
                        doc = doc.add_paragraph(bold_runs(rating_line(&mut w, &mut rated, &item.code, &line)));
                        if !item.description.is_empty() {
                            doc = doc.add_paragraph(dx::Paragraph::new().add_run(text_run(&item.description).italic()));
                        }
                    }
                    EntryKind::Group(items) => {
                        // Each item's rating on a line of its own, bookmarked: a comment on
                        // the rating of an item narrated with its group goes there.
                        for item in items {
                            let line = format!("{}: {}", item.title, item.out_of());
                            doc = doc.add_paragraph(rating_line(&mut w, &mut rated, &item.code, &line));
                        }
                    }
                    EntryKind::ScoreChanges | EntryKind::Text => {}
                }
                for b in entry.blocks {
                    let p = if entry.bullets { bullet(dx::Paragraph::new()) } else { dx::Paragraph::new() };
                    doc = doc.add_paragraph(w.block(p, b.id, &b.text));
                }
            }
        }
    }
    let uncited: Vec<_> = numbering.notes().iter().filter(|n| !n.cited).collect();
    if !uncited.is_empty() {
        doc = doc.add_paragraph(heading("Footnotes not cited in the text"));
        for note in uncited {
            let p = dx::Paragraph::new().style("FootnoteText").add_run(text_run(&format!("{}. ", note.number)));
            doc = doc.add_paragraph(w.footnote_text(p, note.footnote.id, true));
        }
    }

    if !comments.all.is_empty() {
        doc.document_rels.has_comments = true;
    }
    doc = doc.add_custom_item(PART_ITEM_ID, &custom_part(&comments));
    let mut xml = doc.build();
    xml.doc_props.core = core_properties(chapter).into_bytes();
    xml.footnotes = patch_footnote_refs(&xml.footnotes)?;
    export_docx::accessible(&mut xml, chapter)?;
    xml.document_rels = unique_relationship_ids(&xml.document_rels)?;
    xml.comments = comments_part(&comments);
    let mut extended = dx::CommentsExtended::new();
    extended.add_comments_extended(
        comments
            .all
            .iter()
            .map(|c| {
                let ex = dx::CommentExtended::new(c.para_id.clone());
                match c.parent {
                    Some(parent) => ex.parent_paragraph_id(comments.all[parent].para_id.clone()),
                    None => ex,
                }
            })
            .collect(),
    );
    xml.comments_extended = extended.build();
    let mut out = Cursor::new(Vec::with_capacity(crate::export::size_estimate(chapter) * 3));
    xml.pack(&mut out).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// An item's rating line, with the comments on the rating, inside its bookmark the first time
/// the item's rating is shown (`rated` holds the codes shown so far: a bookmark name is used
/// once).
fn rating_line(w: &mut Writer<'_, '_>, rated: &mut HashSet<String>, code: &str, line: &str) -> dx::Paragraph {
    if !rated.insert(code.to_owned()) {
        return dx::Paragraph::new().add_run(text_run(line));
    }
    let comments = w.comments;
    let threads = comments.on(|p| matches!(p, Place::Rating(c) if c == code).then(|| 0..line.len()));
    w.runs(dx::Paragraph::new(), line, false, Some(&Mark::Rating(code.to_owned())), &threads)
}

/// Every run of `p` bold (the rating line, as the plain export writes it).
fn bold_runs(mut p: dx::Paragraph) -> dx::Paragraph {
    for child in &mut p.children {
        if let dx::ParagraphChild::Run(run) = child {
            let r = std::mem::take(run.as_mut());
            **run = r.bold();
        }
    }
    p
}

/// `word/comments.xml`: every comment of the copy, signed with author, date and initials.
fn comments_part(comments: &Comments) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
         xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"w14 w15\">",
    );
    for c in &comments.all {
        let xml = String::from_utf8_lossy(&c.comment.build()).into_owned();
        // `docx-rs` writes `w:initials=""` on the comment element, before any of its content,
        // so the first occurrence is the attribute (text content cannot come before it).
        let initials = format!("w:initials=\"{}\"", crate::export::html::escape(&c.initials));
        out.push_str(&xml.replacen("w:initials=\"\"", &initials, 1));
    }
    out.push_str("</w:comments>");
    out.into_bytes()
}

/// The custom XML part: which Word comment (`w:id`) is which Rapporteur comment or reply.
fn custom_part(comments: &Comments) -> String {
    let mut out = format!("<review-copy xmlns=\"{PART_NAMESPACE}\">");
    for c in &comments.all {
        let _ = write!(out, "<comment word-id=\"{}\" id=\"{}\"/>", c.word_id, c.id.0);
    }
    out.push_str("</review-copy>");
    out
}
