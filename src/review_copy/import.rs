//! Comments written in a Word review copy, brought back into the chapter.
//!
//! [`read`] is a pure function from the bytes of a `.docx` and the chapter to the comments and
//! replies to add ([`ImportedComments`]); [`ImportedComments::apply`] adds them. A comment
//! inside a `rap_b_N` bookmark is on block N, quoting the text it covers (markers included,
//! re-found in the block's text); inside `rap_f_N` (the footnote's text) or `rap_n_N` (its
//! reference in the text) on footnote N; inside `rap_r_CODE` on that rating; anywhere else on
//! the chapter, with the text it covers as its quote. A reply in Word (`w15:paraIdParent` in
//! `word/commentsExtended.xml`) comes back as a reply, and so does a reply written in
//! `LibreOffice` 7.4, which writes no `commentsExtended.xml`: a comment with no range of its own
//! where another comment's range starts or ends.
//!
//! The comments the copy carried, and anything imported before, are recognised and not
//! imported twice: first by the copy's custom part (Word comment id → Rapporteur id) when its
//! entry still says the same, signed the same; else a comment is the chapter's when it is on
//! the same anchor, quotes the same text, says the same and is signed with the same name (a
//! blank name is "Reviewer"), and a reply when its thread and these agree. Each of the
//! chapter's comments is found at most once, so two equal new comments are two. The chapter's
//! comments are keyed both as it holds them and as a copy made now reads back (Word and
//! `LibreOffice` renumber comments when they save, and `LibreOffice` drops the reply links).
//! Times are not compared: Word's "remove personal information" drops them. New comments are
//! signed with the Word author's name as reviewers, at the comment's `w:date` (UTC; `now` when
//! there is none).
//!
//! The file is untrusted. Like project files ([`crate::io`]) it is refused, quickly and within
//! bounded memory, when it is too large, holds too many entries or an entry whose name climbs
//! out of the archive, when a part unpacks (whatever its header says: every part is read
//! through a size-capped reader) to more than [`MAX_PART_BYTES`] or all of them to more than
//! [`MAX_TOTAL_BYTES`], when its XML nests deeper than [`MAX_DEPTH`], has a DOCTYPE or refers
//! to an entity XML does not define (nothing expands custom entities), has more than
//! [`MAX_BOOKMARKS`] bookmarks or [`MAX_COMMENTS`] comments, or when it is not a review copy at
//! all. Everything is read in time linear in the parts.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::io::{Cursor, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::events::{BytesStart, Event};

use super::{Mark, PART_NAMESPACE, Step, comment_text, normalize_text, steps, word_author};
use crate::export::Numbering;
use crate::model::review::{Anchor, Person, ReviewError, Role, Signed};
use crate::model::{Chapter, Id};

/// The largest `.docx` read (a review copy of a long chapter is well under a megabyte).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most one part may unpack to.
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;
/// The most all the parts together may declare, and the parts read may unpack to.
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The most entries an archive may hold (a Word document has a few dozen).
pub const MAX_ENTRIES: usize = 1000;
/// How deeply XML elements may nest (a Word document needs a few dozen levels at most).
pub const MAX_DEPTH: usize = 128;
/// The most bookmarks the document and its footnotes may have together (a review copy has one
/// per bullet, paragraph, footnote, footnote reference and rating line: a few thousand).
pub const MAX_BOOKMARKS: usize = 100_000;
/// The most comments a review copy may have (a busy review has a few hundred).
pub const MAX_COMMENTS: usize = 50_000;
/// The most text kept from the spans comments cover, all together.
const MAX_QUOTED_BYTES: usize = 16 * 1024 * 1024;
/// The most text kept from one comment's span.
const MAX_QUOTE_BYTES: usize = 64 * 1024;

/// Why a `.docx` was refused. `Display` is a sentence about the file ("it is …"); callers name
/// the file before it: `format!("{}: {e}", path.display())`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file is larger than any review copy.
    #[error("the file is {size} bytes, larger than the {MAX_FILE_BYTES} bytes a review copy may have; refused")]
    TooLarge {
        /// Its size.
        size: u64,
    },
    /// Not a ZIP archive (so not a Word document).
    #[error("it is not a Word document (not a ZIP archive: {0})")]
    NotZip(String),
    /// Too many entries.
    #[error("it holds {0} entries, more than the {MAX_ENTRIES} a Word document may have; refused")]
    TooManyEntries(usize),
    /// An entry's name is absolute or climbs out of the archive.
    #[error("it holds an entry named \"{0}\" that points outside the archive; refused")]
    UnsafePath(String),
    /// A part unpacks (or says it does) to more than [`MAX_PART_BYTES`].
    #[error("its part {0} unpacks to more than {MAX_PART_BYTES} bytes; refused as a possible zip bomb")]
    PartTooLarge(String),
    /// The parts unpack (or say they do) to more than [`MAX_TOTAL_BYTES`] in all.
    #[error("its parts unpack to more than {MAX_TOTAL_BYTES} bytes in all; refused as a possible zip bomb")]
    TotalTooLarge,
    /// A part cannot be unpacked.
    #[error("its part {part} cannot be unpacked: {problem}")]
    Unpack {
        /// The part.
        part: String,
        /// What the archive reader said.
        problem: String,
    },
    /// A part every Word document has is missing.
    #[error("it has no {0}; it is not a Word document")]
    Missing(&'static str),
    /// A part is not well-formed XML (or not UTF-8).
    #[error("its part {part} is not well-formed XML: {problem}")]
    Xml {
        /// The part.
        part: String,
        /// What is wrong, and where.
        problem: String,
    },
    /// A part nests elements deeper than [`MAX_DEPTH`].
    #[error("its part {0} nests elements more than {MAX_DEPTH} deep; refused")]
    TooDeep(String),
    /// A part has more bookmarks, comments or comment ranges than any review copy.
    #[error("its part {part} has more than {max} {what}; refused")]
    TooManyElements {
        /// The part.
        part: String,
        /// What there are too many of.
        what: &'static str,
        /// The most there may be.
        max: usize,
    },
    /// A part has a document type declaration.
    #[error("its part {0} has a DOCTYPE (entity declarations are refused; Word never writes one)")]
    Doctype(String),
    /// A part refers to an entity XML does not define.
    #[error("its part {part} refers to the entity &{name}; which XML does not define; refused")]
    Entity {
        /// The part.
        part: String,
        /// The entity's name.
        name: String,
    },
    /// A Word document, but not a review copy.
    #[error(
        "it is not a Rapporteur review copy (it has no rap_ bookmarks); make one with `rapporteur export FILE --to docx --review`"
    )]
    NotReviewCopy,
}

/// A comment written in the review copy, to be added to the chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedComment {
    /// What it is on.
    pub anchor: Anchor,
    /// The text it covers, as it is in the chapter where it could be found there.
    pub quote: Option<String>,
    /// What it says.
    pub text: String,
    /// The Word author as a reviewer, and the comment's time.
    pub signed: Signed,
    /// The replies written to it in Word: who, when and what.
    pub replies: Vec<(Signed, String)>,
}

/// A reply written in the review copy to a comment the chapter has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedReply {
    /// The chapter's comment.
    pub to: Id,
    /// The Word author as a reviewer, and the reply's time.
    pub signed: Signed,
    /// What it says.
    pub text: String,
}

/// What a review copy brings back: new comments (with their replies) and new replies to the
/// chapter's comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedComments {
    /// New comments, in the document's order.
    pub comments: Vec<ImportedComment>,
    /// New replies to comments the chapter has.
    pub replies: Vec<ImportedReply>,
    /// How many of the copy's comments and replies the chapter has already.
    pub known: usize,
}

/// How many comments and replies an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// New comments.
    pub comments: usize,
    /// New replies (to new comments and to the chapter's).
    pub replies: usize,
}

impl fmt::Display for ImportSummary {
    /// "3 comments and 1 reply", "1 comment", "2 replies", "no new comments".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        match (self.comments, self.replies) {
            (0, 0) => f.write_str("no new comments"),
            (c, 0) => f.write_str(&n(c, "comment", "comments")),
            (0, r) => f.write_str(&n(r, "reply", "replies")),
            (c, r) => write!(f, "{} and {}", n(c, "comment", "comments"), n(r, "reply", "replies")),
        }
    }
}

impl ImportedComments {
    /// What [`ImportedComments::apply`] would add.
    #[must_use]
    pub fn summary(&self) -> ImportSummary {
        ImportSummary {
            comments: self.comments.len(),
            replies: self.replies.len() + self.comments.iter().map(|c| c.replies.len()).sum::<usize>(),
        }
    }

    /// Whether there is nothing to add.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.comments.is_empty() && self.replies.is_empty()
    }

    /// Adds the comments and replies to `chapter` (ids from its counter); nothing else changes.
    /// On an error (a reply to a comment the chapter no longer has) the chapter is unchanged.
    pub fn apply(&self, chapter: &mut Chapter) -> Result<ImportSummary, ReviewError> {
        let mut next = chapter.clone();
        for c in &self.comments {
            let id = next.add_comment(c.anchor.clone(), c.quote.clone(), None, &c.text, c.signed.clone())?;
            for (signed, text) in &c.replies {
                next.reply_to_comment(id, text, signed.clone())?;
            }
        }
        for r in &self.replies {
            next.reply_to_comment(r.to, &r.text, r.signed.clone())?;
        }
        *chapter = next;
        Ok(self.summary())
    }
}

/// Why a review copy on disk could not be imported: `Display` is one sentence naming the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct ReadFileError {
    /// The review copy.
    pub path: PathBuf,
    /// What is wrong with it ([`ImportError`]'s sentence, or why it cannot be read).
    pub problem: String,
}

/// [`read`] on the file at `path`, read through a reader capped at [`MAX_FILE_BYTES`] (the size
/// the file system reports is not trusted).
pub fn read_file(path: &Path, chapter: &Chapter, now: DateTime<Utc>) -> Result<ImportedComments, ReadFileError> {
    let fail = |problem: String| ReadFileError { path: path.to_owned(), problem };
    let bytes = crate::io::read_capped(path, MAX_FILE_BYTES).map_err(|e| {
        fail(match crate::io::TooLarge::of(&e) {
            Some(too_large) => match too_large.size {
                Some(size) => ImportError::TooLarge { size }.to_string(),
                None => format!("more than the {MAX_FILE_BYTES} bytes a review copy may have came from it; refused"),
            },
            None if e.kind() == std::io::ErrorKind::IsADirectory => {
                "cannot read the file: it is a folder, not a file".to_owned()
            }
            None => format!("cannot read the file: {e}"),
        })
    })?;
    read(&bytes, chapter, now).map_err(|e| fail(e.to_string()))
}

/// The comments and replies in the review copy `bytes` that `chapter` does not have yet.
/// `now` signs a comment that has no date.
pub fn read(bytes: &[u8], chapter: &Chapter, now: DateTime<Utc>) -> Result<ImportedComments, ImportError> {
    let parts = Parts::read(bytes)?;
    let mut body = Body::default();
    walk("word/document.xml", &parts.document, |n| body.visit("word/document.xml", n))?;
    if let Some(footnotes) = &parts.footnotes {
        walk("word/footnotes.xml", footnotes, |n| body.visit("word/footnotes.xml", n))?;
    }
    let mut map: HashMap<String, Id> = HashMap::new();
    let mut ours = false;
    for (name, xml) in &parts.custom {
        ours |= read_custom_part(name, xml, &mut map)?;
    }
    if !body.marked && !ours {
        return Err(ImportError::NotReviewCopy);
    }
    let comments = match &parts.comments {
        Some(xml) => read_comments(xml)?,
        None => Vec::new(),
    };
    let parents = match &parts.comments_extended {
        Some(xml) => read_comments_extended(xml)?,
        None => HashMap::new(),
    };
    Ok(Assembly::new(chapter, &comments, &parents, &map, &body, now).run())
}

/// The parts of the archive that matter, read through size-capped readers.
struct Parts {
    document: Vec<u8>,
    footnotes: Option<Vec<u8>>,
    comments: Option<Vec<u8>>,
    comments_extended: Option<Vec<u8>>,
    custom: Vec<(String, Vec<u8>)>,
}

impl Parts {
    fn read(bytes: &[u8]) -> Result<Self, ImportError> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ImportError::TooLarge { size: bytes.len() as u64 });
        }
        // The entry count, from the end record, before the archive reader lists them all.
        if let Some(n) = declared_entries(bytes)
            && n > MAX_ENTRIES
        {
            return Err(ImportError::TooManyEntries(n));
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::NotZip(e.to_string()))?;
        if archive.len() > MAX_ENTRIES {
            return Err(ImportError::TooManyEntries(archive.len()));
        }
        let mut declared: u64 = 0;
        let mut wanted: Vec<(usize, String)> = Vec::new();
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| ImportError::NotZip(e.to_string()))?;
            let name = entry.name().to_owned();
            // Only a name the archive reader encloses as it stands: not absolute, no drive, no
            // `..` that climbs out (nor any other that needs rewriting).
            if entry.enclosed_name().as_deref() != Some(Path::new(&name)) {
                return Err(ImportError::UnsafePath(name));
            }
            if entry.size() > MAX_PART_BYTES {
                return Err(ImportError::PartTooLarge(name));
            }
            declared = declared.saturating_add(entry.size());
            if declared > MAX_TOTAL_BYTES {
                return Err(ImportError::TotalTooLarge);
            }
            drop(entry);
            let lower = name.to_ascii_lowercase();
            let custom = lower.strip_prefix("customxml/item").and_then(|r| r.strip_suffix(".xml"));
            if matches!(
                lower.as_str(),
                "word/document.xml" | "word/footnotes.xml" | "word/comments.xml" | "word/commentsextended.xml"
            ) || custom.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            {
                wanted.push((i, name));
            }
        }
        let mut total: u64 = 0;
        let mut parts =
            Self { document: Vec::new(), footnotes: None, comments: None, comments_extended: None, custom: Vec::new() };
        let mut document = None;
        for (i, name) in wanted {
            let mut entry =
                archive.by_index(i).map_err(|e| ImportError::Unpack { part: name.clone(), problem: e.to_string() })?;
            let mut data = Vec::new();
            (&mut entry)
                .take(MAX_PART_BYTES + 1)
                .read_to_end(&mut data)
                .map_err(|e| ImportError::Unpack { part: name.clone(), problem: e.to_string() })?;
            if data.len() as u64 > MAX_PART_BYTES {
                return Err(ImportError::PartTooLarge(name));
            }
            total += data.len() as u64;
            if total > MAX_TOTAL_BYTES {
                return Err(ImportError::TotalTooLarge);
            }
            match name.to_ascii_lowercase().as_str() {
                "word/document.xml" => document = Some(data),
                "word/footnotes.xml" => parts.footnotes = Some(data),
                "word/comments.xml" => parts.comments = Some(data),
                "word/commentsextended.xml" => parts.comments_extended = Some(data),
                _ => parts.custom.push((name, data)),
            }
        }
        parts.document = document.ok_or(ImportError::Missing("word/document.xml"))?;
        Ok(parts)
    }
}

/// The entry count the archive's end record declares, if it has one.
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    const END: &[u8] = b"PK\x05\x06";
    let from = bytes.len().saturating_sub(22 + 65_535);
    let at = bytes[from..].windows(4).rposition(|w| w == END)? + from;
    let count = bytes.get(at + 10..at + 12)?;
    Some(usize::from(u16::from_le_bytes([count[0], count[1]])))
}

/// What [`walk`] hands out: an element opening (an empty one is opened and closed), its
/// closing (by local name), or text with references resolved.
enum Node<'a, 'b> {
    Open(&'a BytesStart<'b>),
    Close(Vec<u8>),
    Text(&'a str),
}

/// Reads `xml` as events, refusing a DOCTYPE, entities XML does not define, and nesting deeper
/// than [`MAX_DEPTH`]; hands each element and text to `visit`.
fn walk(
    part: &str,
    xml: &[u8],
    mut visit: impl FnMut(Node<'_, '_>) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let bad = |problem: String| ImportError::Xml { part: part.to_owned(), problem };
    let text = std::str::from_utf8(xml).map_err(|e| bad(format!("it is not UTF-8 ({e})")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| bad(format!("at byte {}: {e}", reader.error_position())))?;
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err(ImportError::Doctype(part.to_owned())),
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ImportError::TooDeep(part.to_owned()));
                }
                visit(Node::Open(&e))?;
            }
            Event::Empty(e) => {
                if depth + 1 > MAX_DEPTH {
                    return Err(ImportError::TooDeep(part.to_owned()));
                }
                visit(Node::Open(&e))?;
                visit(Node::Close(e.local_name().as_ref().to_vec()))?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                visit(Node::Close(e.local_name().as_ref().to_vec()))?;
            }
            Event::Text(t) => {
                let t = t.decode().map_err(|e| bad(e.to_string()))?;
                visit(Node::Text(&t))?;
            }
            Event::CData(t) => {
                let t = t.decode().map_err(|e| bad(e.to_string()))?;
                visit(Node::Text(&t))?;
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().map_err(|e| bad(e.to_string()))?
                } else {
                    let name: &[u8] = &r;
                    match name {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        other => {
                            let name = String::from_utf8_lossy(other).into_owned();
                            return Err(ImportError::Entity { part: part.to_owned(), name });
                        }
                    }
                };
                if let Some(c) = c {
                    visit(Node::Text(c.encode_utf8(&mut [0; 4])))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The value of the attribute with local name `local` (any prefix), unescaped.
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned))
}

/// Where a comment of the document or the footnotes is.
#[derive(Clone, Debug, Default)]
struct Found {
    /// The review-copy bookmark it starts in, if any.
    mark: Option<Mark>,
    /// Where its range starts in [`Body::text`].
    start: usize,
    /// Where its range ends there; `None` while it is open (to the end of the text).
    end: Option<usize>,
    /// Whether it has a range (`w:commentRangeStart`), not only a reference.
    ranged: bool,
}

/// The bookmarks and comment ranges of `word/document.xml` and `word/footnotes.xml`.
///
/// Read in one pass, in time linear in the parts: the text of the runs goes into one string
/// and a comment's range is a pair of offsets into it; open bookmarks are found by id in a map
/// and the innermost review-copy bookmark is the top of a stack whose closed entries are
/// dropped as they surface. At most [`MAX_BOOKMARKS`] bookmarks and [`MAX_COMMENTS`] comment
/// ranges (and as many comment references) are read; a part with more is refused.
#[derive(Default)]
struct Body {
    /// Every bookmark opened, in order: what it marks, and whether it is still open.
    bookmarks: Vec<(Option<Mark>, bool)>,
    /// The open bookmarks by `w:id`: their places in `bookmarks`, the latest last.
    open_bookmarks: HashMap<String, Vec<usize>>,
    /// The places in `bookmarks` of the review-copy bookmarks opened, innermost last (a closed
    /// one stays until it is on top).
    marks: Vec<usize>,
    /// Whether any review-copy bookmark was seen.
    marked: bool,
    /// How many comment range starts and comment references were read.
    comment_marks: usize,
    /// The text of the runs, paragraphs ending in a line break.
    text: String,
    /// Every comment found, by `w:id`.
    found: HashMap<String, Found>,
    in_run: bool,
    in_text: bool,
}

impl Body {
    /// The innermost open review-copy bookmark.
    fn mark(&mut self) -> Option<Mark> {
        while let Some(&i) = self.marks.last() {
            if let (Some(mark), true) = &self.bookmarks[i] {
                return Some(mark.clone());
            }
            self.marks.pop();
        }
        None
    }

    /// The text a comment's range covers, at most [`MAX_QUOTE_BYTES`] of it.
    fn quote(&self, found: &Found) -> &str {
        let end = found.end.unwrap_or(self.text.len()).min(self.text.len());
        let start = found.start.min(end);
        let mut stop = end.min(start + MAX_QUOTE_BYTES);
        while !self.text.is_char_boundary(stop) {
            stop -= 1;
        }
        self.text.get(start..stop).unwrap_or_default()
    }

    fn visit(&mut self, part: &str, node: Node<'_, '_>) -> Result<(), ImportError> {
        let too_many =
            |what: &'static str, max: usize| ImportError::TooManyElements { part: part.to_owned(), what, max };
        match node {
            Node::Open(e) => match e.local_name().as_ref() {
                b"bookmarkStart" => {
                    if self.bookmarks.len() >= MAX_BOOKMARKS {
                        return Err(too_many("bookmarks", MAX_BOOKMARKS));
                    }
                    let mark = attr(e, b"name").and_then(|n| Mark::from_bookmark(&n));
                    self.marked |= mark.is_some();
                    let at = self.bookmarks.len();
                    if mark.is_some() {
                        self.marks.push(at);
                    }
                    self.bookmarks.push((mark, true));
                    self.open_bookmarks.entry(attr(e, b"id").unwrap_or_default()).or_default().push(at);
                }
                b"bookmarkEnd" => {
                    let id = attr(e, b"id").unwrap_or_default();
                    if let Some(at) = self.open_bookmarks.get_mut(&id).and_then(Vec::pop) {
                        self.bookmarks[at].1 = false;
                    }
                }
                b"commentRangeStart" | b"commentReference" => {
                    self.comment_marks += 1;
                    if self.comment_marks > 2 * MAX_COMMENTS {
                        return Err(too_many("comment ranges and references", 2 * MAX_COMMENTS));
                    }
                    let id = attr(e, b"id").unwrap_or_default();
                    let mark = self.mark();
                    let here = Found { mark, start: self.text.len(), end: None, ranged: false };
                    if e.local_name().as_ref() == b"commentRangeStart" {
                        self.found.insert(id, Found { ranged: true, ..here });
                    } else {
                        // A reference alone (no range) is a comment at that point.
                        let at = self.text.len();
                        self.found.entry(id).or_insert(Found { end: Some(at), ..here });
                    }
                }
                b"commentRangeEnd" => {
                    let id = attr(e, b"id").unwrap_or_default();
                    let at = self.text.len();
                    if let Some(f) = self.found.get_mut(&id)
                        && f.end.is_none()
                    {
                        f.end = Some(at);
                    }
                }
                b"r" => self.in_run = true,
                b"t" if self.in_run => self.in_text = true,
                b"tab" if self.in_run => self.text.push('\t'),
                b"br" | b"cr" if self.in_run => self.text.push('\n'),
                _ => {}
            },
            Node::Close(name) => match name.as_slice() {
                b"r" => self.in_run = false,
                b"t" => self.in_text = false,
                b"p" => self.text.push('\n'),
                _ => {}
            },
            Node::Text(t) if self.in_text => self.text.push_str(t),
            Node::Text(_) => {}
        }
        Ok(())
    }
}

/// A comment of `word/comments.xml`.
#[derive(Clone, Debug, Default)]
struct WordComment {
    id: String,
    author: String,
    date: Option<String>,
    text: String,
    /// Its paragraphs' `w14:paraId`s (Word links replies by the last one).
    para_ids: Vec<String>,
}

fn read_comments(xml: &[u8]) -> Result<Vec<WordComment>, ImportError> {
    let mut out = Vec::new();
    let mut current: Option<WordComment> = None;
    let (mut in_run, mut in_text) = (false, false);
    walk("word/comments.xml", xml, |node| {
        match node {
            Node::Open(e) => match (e.local_name().as_ref(), current.as_mut()) {
                (b"comment", None) => {
                    if out.len() >= MAX_COMMENTS {
                        return Err(ImportError::TooManyElements {
                            part: "word/comments.xml".to_owned(),
                            what: "comments",
                            max: MAX_COMMENTS,
                        });
                    }
                    current = Some(WordComment {
                        id: attr(e, b"id").unwrap_or_default(),
                        author: attr(e, b"author").unwrap_or_default(),
                        date: attr(e, b"date"),
                        ..WordComment::default()
                    });
                }
                (b"p", Some(c)) => {
                    if !c.para_ids.is_empty() {
                        c.text.push('\n');
                    }
                    c.para_ids.push(attr(e, b"paraId").unwrap_or_default());
                }
                (b"r", Some(_)) => in_run = true,
                (b"t", Some(_)) if in_run => in_text = true,
                (b"tab", Some(c)) if in_run && c.text.len() < MAX_QUOTE_BYTES => c.text.push('\t'),
                (b"br" | b"cr", Some(c)) if in_run && c.text.len() < MAX_QUOTE_BYTES => c.text.push('\n'),
                _ => {}
            },
            Node::Close(name) => match name.as_slice() {
                b"comment" => out.extend(current.take()),
                b"r" => in_run = false,
                b"t" => in_text = false,
                _ => {}
            },
            Node::Text(t) => {
                if let Some(c) = current.as_mut()
                    && in_text
                    && c.text.len() < MAX_QUOTE_BYTES
                {
                    c.text.push_str(t);
                }
            }
        }
        Ok(())
    })?;
    Ok(out)
}

/// `word/commentsExtended.xml`: each reply's paragraph id → its parent's paragraph id.
fn read_comments_extended(xml: &[u8]) -> Result<HashMap<String, String>, ImportError> {
    let mut parents = HashMap::new();
    walk("word/commentsExtended.xml", xml, |node| {
        if let Node::Open(e) = node
            && e.local_name().as_ref() == b"commentEx"
            && let (Some(id), Some(parent)) = (attr(e, b"paraId"), attr(e, b"paraIdParent"))
        {
            parents.insert(id, parent);
        }
        Ok(())
    })?;
    Ok(parents)
}

/// Reads a custom XML part; when it is the review copy's, adds its Word id → Rapporteur id
/// pairs to `map` and returns `true`.
fn read_custom_part(name: &str, xml: &[u8], map: &mut HashMap<String, Id>) -> Result<bool, ImportError> {
    let mut ours = None;
    walk(name, xml, |node| {
        if let Node::Open(e) = node {
            match (ours, e.local_name().as_ref()) {
                (None, b"review-copy") => ours = Some(attr(e, b"xmlns").as_deref() == Some(PART_NAMESPACE)),
                (None, _) => ours = Some(false),
                (Some(true), b"comment") => {
                    if let (Some(w), Some(id)) = (attr(e, b"word-id"), attr(e, b"id").and_then(|i| i.parse().ok())) {
                        map.insert(w, Id(id));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    Ok(ours == Some(true))
}

/// What a comment of a copy and one of the chapter must share to be the same comment: what it
/// is on, the text it quotes, what it says and the name it is signed with. (Not its time: Word's
/// "remove personal information" drops the times, and Word writes them in other zones.)
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    anchor: Anchor,
    quote: Option<String>,
    text: String,
    name: String,
}

/// The comments and replies the chapter has, each found at most once ([`Known::take`]).
#[derive(Default)]
struct Known {
    /// Each comment and reply: the comment whose thread it is in, what it says, its name.
    by_id: HashMap<Id, (Id, String, String)>,
    /// By key: the comments and replies with it, oldest first.
    by_key: HashMap<Key, VecDeque<Id>>,
    /// Replies by thread, text and name.
    replies: HashMap<(Id, String, String), VecDeque<Id>>,
    /// Those a comment of the copy was found to be.
    taken: HashSet<Id>,
}

impl Known {
    /// The first of `queue` not yet taken, taken now. Taken ones are dropped from the front as
    /// they are met, so that many lookups cost time linear in all the queues together.
    fn take(taken: &mut HashSet<Id>, queue: Option<&mut VecDeque<Id>>) -> Option<Id> {
        let queue = queue?;
        while let Some(id) = queue.pop_front() {
            if taken.insert(id) {
                return Some(id);
            }
        }
        None
    }

    fn by_key(&mut self, key: &Key) -> Option<Id> {
        Self::take(&mut self.taken, self.by_key.get_mut(key))
    }

    fn reply(&mut self, top: Id, text: &str, name: &str) -> Option<Id> {
        Self::take(&mut self.taken, self.replies.get_mut(&(top, text.to_owned(), name.to_owned())))
    }

    /// `id` itself, when it is not taken yet and says `text`, signed `name`.
    fn by_id(&mut self, id: Id, text: &str, name: &str) -> Option<Id> {
        let (_, t, n) = self.by_id.get(&id)?;
        (t == text && n == name && self.taken.insert(id)).then_some(id)
    }

    /// The comment whose thread `id` is in.
    fn top(&self, id: Id) -> Id {
        self.by_id.get(&id).map_or(id, |(top, _, _)| *top)
    }

    fn add(&mut self, id: Id, top: Id, key: Key) {
        if top != id {
            self.replies.entry((top, key.text.clone(), key.name.clone())).or_default().push_back(id);
        }
        self.by_id.insert(id, (top, key.text.clone(), key.name.clone()));
        self.by_key.entry(key).or_default().push_back(id);
    }
}

/// What became of a Word comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// The chapter has it: on this comment's thread.
    Known(Id),
    /// A new comment: index into the new comments.
    New(usize),
    /// A new reply, on this thread.
    Reply(Thread),
    /// Nothing to import (no text).
    Skipped,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Thread {
    Known(Id),
    New(usize),
}

/// The name a Word author is signed with in the chapter: blank is "Reviewer".
fn signed_name(chapter: &Chapter, author: &str) -> String {
    Person::signing(chapter, author, Role::Reviewer).name
}

/// Finds what the comments of a copy are on: the chapter, its numbering, and its blocks laid out
/// as Word shows them (kept, since many comments may quote the same block).
struct Places<'a> {
    chapter: &'a Chapter,
    numbering: Numbering<'a>,
    layouts: HashMap<Id, [Layout; 2]>,
    /// The quoted text handed out so far, all comments together.
    quoted: usize,
}

impl<'a> Places<'a> {
    fn new(chapter: &'a Chapter) -> Self {
        Self { chapter, numbering: Numbering::new(chapter), layouts: HashMap::new(), quoted: 0 }
    }

    /// What a comment found in `body` is on, and the text it quotes (as in the chapter where it
    /// can be found there).
    fn anchor(&mut self, body: &Body, word_id: &str) -> (Anchor, Option<String>) {
        let found = body.found.get(word_id);
        let quote = found.map(|f| body.quote(f).trim()).filter(|q| !q.is_empty());
        // Past the budget for quotes, comments keep their anchors but quote nothing.
        let quote = quote.filter(|q| {
            self.quoted += q.len();
            self.quoted <= MAX_QUOTED_BYTES
        });
        match found.and_then(|f| f.mark.clone()) {
            None => (Anchor::Chapter, quote.map(str::to_owned)),
            Some(Mark::Rating(code)) => (Anchor::Rating(code), None),
            Some(Mark::Footnote(id) | Mark::Reference(id)) => (Anchor::Footnote(id), quote.map(str::to_owned)),
            Some(Mark::Block(id)) => {
                let quote = match (quote, self.chapter.block(id)) {
                    (Some(q), Some((_, block))) => {
                        let layouts = self.layouts.entry(id).or_insert_with(|| layouts(&self.numbering, &block.text));
                        Some(raw_quote(layouts, &block.text, q).unwrap_or_else(|| q.to_owned()))
                    }
                    (q, _) => q.map(str::to_owned),
                };
                (Anchor::Block(id), quote)
            }
        }
    }
}

/// The chapter's comments and replies, each under two keys: as the chapter holds it (how a
/// comment imported before comes back) and as a review copy of the chapter made now reads back
/// (how a comment written in Rapporteur comes back from a copy whose own list of comments is
/// gone, as when `LibreOffice` saves it).
fn known_comments(chapter: &Chapter) -> Known {
    let mut known = Known::default();
    for c in &chapter.review.comments {
        let quote = c.quote.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_owned);
        let key = |text: &str, by: &Person| Key {
            anchor: c.anchor.clone(),
            quote: quote.clone(),
            text: normalize_text(text),
            name: word_author(chapter, by),
        };
        known.add(c.id, c.id, key(&comment_text(c), &c.signed.by));
        for r in &c.replies {
            known.add(r.id, c.id, key(&r.text, &r.signed.by));
        }
    }
    // The copy made now: rendered and read back as any copy is.
    // Only the blocks' and footnotes' layout matters here, which no methodology changes; a
    // chapter under a methodology of its own (a file) is laid out under the default one.
    let method = crate::method::Methodology::builtin(&chapter.methodology)
        .unwrap_or_else(crate::method::Methodology::default_builtin);
    let Ok(bytes) = super::docx::render(chapter, &method) else { return known };
    let Ok(parts) = Parts::read(&bytes) else { return known };
    let mut body = Body::default();
    let read = walk("word/document.xml", &parts.document, |n| body.visit("word/document.xml", n)).and_then(|()| {
        parts
            .footnotes
            .as_ref()
            .map_or(Ok(()), |f| walk("word/footnotes.xml", f, |n| body.visit("word/footnotes.xml", n)))
    });
    let mut map = HashMap::new();
    let comments = parts.comments.as_deref().map(read_comments);
    let (Ok(()), Some(Ok(comments))) = (read, comments) else { return known };
    if parts.custom.iter().any(|(name, xml)| read_custom_part(name, xml, &mut map).is_err()) {
        return known;
    }
    let mut places = Places::new(chapter);
    for w in &comments {
        let Some(&id) = map.get(&w.id) else { continue };
        let (anchor, quote) = places.anchor(&body, &w.id);
        let key = Key { anchor, quote, text: normalize_text(&w.text), name: signed_name(chapter, &w.author) };
        known.by_key.entry(key).or_default().push_back(id);
    }
    known
}

struct Assembly<'a> {
    chapter: &'a Chapter,
    comments: &'a [WordComment],
    /// Index of each comment's parent, if a reply.
    parent: Vec<Option<usize>>,
    /// The chapter's comment or reply each is by the copy's own list, where that still holds.
    listed: Vec<Option<Id>>,
    body: &'a Body,
    places: Places<'a>,
    now: DateTime<Utc>,
    known: Known,
    fates: Vec<Option<Fate>>,
    out: ImportedComments,
}

impl<'a> Assembly<'a> {
    fn new(
        chapter: &'a Chapter,
        comments: &'a [WordComment],
        parents: &HashMap<String, String>,
        map: &HashMap<String, Id>,
        body: &'a Body,
        now: DateTime<Utc>,
    ) -> Self {
        let mut owner: HashMap<&str, usize> = HashMap::new();
        for (i, c) in comments.iter().enumerate() {
            for p in c.para_ids.iter().filter(|p| !p.is_empty()) {
                owner.entry(p.as_str()).or_insert(i);
            }
        }
        // Where each comment with a range starts and ends: (offset, mark) → the first such comment.
        let mut edges: HashMap<(usize, Option<&Mark>), usize> = HashMap::new();
        for (i, c) in comments.iter().enumerate() {
            if let Some(f) = body.found.get(&c.id).filter(|f| f.ranged) {
                edges.entry((f.start, f.mark.as_ref())).or_insert(i);
                if let Some(end) = f.end {
                    edges.entry((end, f.mark.as_ref())).or_insert(i);
                }
            }
        }
        let parent = comments
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let linked =
                    c.para_ids.iter().rev().find_map(|p| parents.get(p)).and_then(|p| owner.get(p.as_str()).copied());
                // LibreOffice (7.4) writes no `commentsExtended.xml`: its reply is a comment with
                // no range of its own, where the comment replied to starts or ends.
                let placed = || {
                    let f = body.found.get(&c.id).filter(|f| !f.ranged)?;
                    edges.get(&(f.start, f.mark.as_ref())).copied()
                };
                linked.or_else(placed).filter(|&p| p != i)
            })
            .collect();
        let mut known = known_comments(chapter);
        // The copy's own list first: a comment still listed with the text and name it had is
        // that comment, whatever else resembles it.
        let listed = comments
            .iter()
            .map(|c| {
                let id = *map.get(&c.id)?;
                known.by_id(id, &normalize_text(&c.text), &signed_name(chapter, &c.author))
            })
            .collect();
        Self {
            chapter,
            comments,
            parent,
            listed,
            body,
            places: Places::new(chapter),
            now,
            known,
            fates: vec![None; comments.len()],
            out: ImportedComments::default(),
        }
    }

    fn run(mut self) -> ImportedComments {
        for i in 0..self.comments.len() {
            self.fate(i, 0);
        }
        self.out
    }

    fn signed(&self, c: &WordComment) -> Signed {
        let at = c.date.as_deref().and_then(parse_date).unwrap_or(self.now);
        Signed { by: Person::signing(self.chapter, &c.author, Role::Reviewer), at }
    }

    fn fate(&mut self, i: usize, depth: usize) -> Fate {
        if let Some(f) = self.fates[i] {
            return f;
        }
        // A loop of replies (a hostile file) ends here as a comment of its own.
        self.fates[i] = Some(Fate::Skipped);
        let fate = self.decide(i, depth);
        if matches!(fate, Fate::Known(_)) {
            self.out.known += 1;
        }
        self.fates[i] = Some(fate);
        fate
    }

    fn decide(&mut self, i: usize, depth: usize) -> Fate {
        let c = &self.comments[i];
        if let Some(id) = self.listed[i] {
            return Fate::Known(self.known.top(id));
        }
        let text = normalize_text(&c.text);
        let name = signed_name(self.chapter, &c.author);
        let thread = match self.parent[i] {
            Some(p) if depth < 64 => match self.fate(p, depth + 1) {
                Fate::Known(id) | Fate::Reply(Thread::Known(id)) => Some(Thread::Known(id)),
                Fate::New(k) | Fate::Reply(Thread::New(k)) => Some(Thread::New(k)),
                Fate::Skipped => None,
            },
            _ => None,
        };
        match thread {
            Some(Thread::Known(to)) => {
                if self.known.reply(to, &text, &name).is_some() {
                    return Fate::Known(to);
                }
                if text.is_empty() {
                    return Fate::Skipped;
                }
                let signed = self.signed(c);
                self.out.replies.push(ImportedReply { to, signed, text });
                Fate::Reply(Thread::Known(to))
            }
            Some(Thread::New(k)) => {
                if text.is_empty() {
                    return Fate::Skipped;
                }
                let signed = self.signed(c);
                self.out.comments[k].replies.push((signed, text));
                Fate::Reply(Thread::New(k))
            }
            None => {
                let (anchor, quote) = self.places.anchor(self.body, &c.id);
                let key = Key { anchor, quote, text, name };
                if let Some(id) = self.known.by_key(&key) {
                    return Fate::Known(self.known.top(id));
                }
                if key.text.is_empty() {
                    return Fate::Skipped;
                }
                let signed = self.signed(c);
                let Key { anchor, quote, text, .. } = key;
                self.out.comments.push(ImportedComment { anchor, quote, text, signed, replies: Vec::new() });
                Fate::New(self.out.comments.len() - 1)
            }
        }
    }
}

/// A block's text as Word shows it: the visible text, and for each piece its visible range,
/// its range in the block's text, and whether it is a marker.
type Layout = (String, Vec<(Range<usize>, Range<usize>, bool)>);

/// [`Layout`]s of `text`: first as if footnote references showed nothing, then as if each
/// showed its number.
fn layouts(numbering: &Numbering<'_>, text: &str) -> [Layout; 2] {
    let all = steps(text, Some(numbering), &[]);
    [false, true].map(|numbers| {
        let mut map: Vec<(Range<usize>, Range<usize>, bool)> = Vec::new();
        let mut visible = String::new();
        let mut raw = 0usize;
        for step in &all {
            match *step {
                Step::Text(t) => {
                    map.push((visible.len()..visible.len() + t.len(), raw..raw + t.len(), false));
                    visible.push_str(t);
                    raw += t.len();
                }
                Step::Note(n) => {
                    let len = text[raw..].find(']').map_or(text.len() - raw, |i| i + 1);
                    let shown = if numbers { n.to_string() } else { String::new() };
                    map.push((visible.len()..visible.len() + shown.len(), raw..raw + len, true));
                    visible.push_str(&shown);
                    raw += len;
                }
                Step::Start(_) | Step::End(_) => {}
            }
        }
        (visible, map)
    })
}

/// The span of `text` (with its footnote markers) that shows in Word as `quote`, if it is there:
/// first as if footnote references showed nothing, then as if each showed its number.
fn raw_quote(layouts: &[Layout; 2], text: &str, quote: &str) -> Option<String> {
    for (visible, map) in layouts {
        let Some(at) = visible.find(quote) else { continue };
        let end = at + quote.len();
        // The pieces are in order: the first whose visible range holds a place, by bisection.
        let holding = |p: usize, strict_start: bool| {
            let i = map.partition_point(|(v, _, _)| if strict_start { v.end < p } else { v.end <= p });
            map[i..]
                .iter()
                .find(|(v, _, _)| if strict_start { v.start < p && p <= v.end } else { v.start <= p && p < v.end })
        };
        let start = holding(at, false)?;
        let start = if start.2 { start.1.start } else { start.1.start + (at - start.0.start) };
        let stop = holding(end, true)?;
        let stop = if stop.2 { stop.1.end } else { stop.1.start + (end - stop.0.start) };
        return text.get(start..stop).map(str::to_owned);
    }
    None
}

/// A `w:date`: RFC 3339 in any zone, or a time without zone (taken as UTC).
fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_any_zone_or_none() {
        let d = |s: &str| parse_date(s).map(|d| d.to_rfc3339());
        assert_eq!(d("2026-11-28T10:00:00Z").as_deref(), Some("2026-11-28T10:00:00+00:00"));
        assert_eq!(d("2026-11-28T12:00:00+02:00").as_deref(), Some("2026-11-28T10:00:00+00:00"));
        assert_eq!(d("2026-11-28T10:00:00").as_deref(), Some("2026-11-28T10:00:00+00:00"));
        assert_eq!(d("yesterday"), None);
    }

    #[test]
    fn summaries_say_what_was_added() {
        let s = |comments, replies| ImportSummary { comments, replies }.to_string();
        assert_eq!(s(3, 1), "3 comments and 1 reply");
        assert_eq!(s(1, 0), "1 comment");
        assert_eq!(s(0, 2), "2 replies");
        assert_eq!(s(0, 0), "no new comments");
    }

    #[test]
    fn xml_refuses_doctypes_custom_entities_and_deep_nesting() {
        let run = |xml: &str| walk("p.xml", xml.as_bytes(), |_| Ok(()));
        assert_eq!(run("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"), Err(ImportError::Doctype("p.xml".into())));
        assert_eq!(run("<a>&x;</a>"), Err(ImportError::Entity { part: "p.xml".into(), name: "x".into() }));
        assert_eq!(run("<a>&amp;&#65;</a>"), Ok(()));
        let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        assert_eq!(run(&deep), Err(ImportError::TooDeep("p.xml".into())));
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert_eq!(run(&ok), Ok(()));
    }
}
