//! Import of a published chapter from its web text: what an author gets by copying last year's
//! chapter from the report's website.
//!
//! [`import_text`] reads the layout line by line — title, regime label and figures, authors,
//! score changes, executive summary, at-a-glance, the category sections with their ratings and
//! bullets, the footnote list — into a [`Chapter`]. Text is kept verbatim except for footnote
//! markers, which web copy prints as bare numbers and which become `[^n]` (see [`markers`]).
//! Last year's ratings come from the score-change sentences; a category they do not name kept
//! its rating.
//!
//! Nothing is dropped silently: whatever the importer cannot place becomes an
//! [`ImportWarning`] with its line, and the figures the page prints (score, percentage, regime,
//! last year's) are checked against what the ratings give. Input that is not a chapter's text at
//! all (empty, binary, undecodable, far too large) is an [`ImportError`].
//!
//! Layouts read: the page as a browser copies it (the seed chapter's), flattened pages whose
//! tokens ("DEMOCRACY-SCORE", "header1") stand on lines of their own or open the text line, and
//! pages holding only the header and score changes (the body "to be posted soon"), whose
//! ratings are then the score changes'. A title without the country ("Nations in Transit 2019")
//! takes it from [`ImportOptions::country`], the closing score-change sentence or the site's
//! "On Kosovo" after the chapter.
//!
//! Files are UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (little-
//! or big-endian), or Windows-1252 (what Notepad and older Word save): bytes that are not UTF-8
//! and hold no NUL are read as Windows-1252, with a warning. See [`TextEncoding`].
//!
//! The command line (`rapporteur import`) and the editor's File ▸ Import both call
//! [`import_bytes`] (the command line through [`import_bytes_with`], for `--country`).

pub mod layout;
pub mod markers;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::changes::{ChangeItem, parse_item};
use crate::method::Methodology;
use crate::model::{Authors, Chapter, Footnote, Rating};
use crate::score::{Fixed, ScoreCard};

use layout::Heading;
use markers::MarkerSequence;

/// The largest text the importer reads: a chapter is about 35 KB, so 8 MB is no chapter.
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

/// A chapter read from web text, and what could not be read cleanly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The chapter.
    pub chapter: Chapter,
    /// What the importer could not read or found inconsistent, in line order.
    pub warnings: Vec<ImportWarning>,
    /// The figures the page prints, as printed.
    pub printed: Printed,
    /// The encoding the file was read in.
    pub encoding: TextEncoding,
}

/// What the caller knows that the page may not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The chapter's country (`rapporteur import --country`). It is used whatever the page
    /// says; a page that names another country gets a warning.
    pub country: Option<String>,
}

/// The character encoding a file was read in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte order mark (or text handed over as a `str`).
    #[default]
    Utf8,
    /// UTF-16, little-endian, with its byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, with its byte order mark.
    Utf16Be,
    /// Windows-1252: bytes that are not UTF-8 and hold no NUL.
    Windows1252,
}

/// Something the importer could not read, or a disagreement it found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportWarning {
    /// The line of the text it is about (1-based).
    pub line: usize,
    /// What, in plain words.
    pub message: String,
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The figures a page prints in its header and closing score-change sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// The regime label under the title.
    pub classification: Option<String>,
    /// The headline percentage ("5 / 100").
    pub headline: Option<Fixed>,
    /// "Democracy Percentage 4.76 / 100".
    pub percentage: Option<Fixed>,
    /// "Democracy Score 1.29 / 7".
    pub score: Option<Fixed>,
    /// Last year's headline percentage.
    pub last_headline: Option<Fixed>,
    /// Last year's status.
    pub last_classification: Option<String>,
    /// Last year's score as the "As a result …" sentence states it.
    pub last_score: Option<Rating>,
}

/// Why a text cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Nothing in it.
    #[error("the file is empty; copy the chapter's text from its web page into it")]
    Empty,
    /// Larger than any chapter.
    #[error(
        "the file is {size} bytes; a chapter's text is about 35 KB, and files over {max} bytes are not read — is it the right file?",
        max = MAX_IMPORT_BYTES
    )]
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
    /// Binary data.
    #[error("the file is binary data, not text copied from a web page")]
    Binary,
    /// A byte order mark promises an encoding the bytes after it do not keep.
    #[error(
        "line {line} is not {encoding} text, though the file starts with the {encoding} byte order mark; save it again as UTF-8 and import it again"
    )]
    Malformed {
        /// The encoding the byte order mark names: "UTF-8", "UTF-16LE" or "UTF-16BE".
        encoding: &'static str,
        /// The first line that does not decode.
        line: usize,
    },
    /// Text, but no chapter in it.
    #[error("no title line like \"{report} 2024 - Kazakhstan\" was found; is this the text of a {report} chapter?")]
    NotAChapter {
        /// The report's name the title should start with.
        report: String,
    },
}

/// Imports the bytes of a file: checks their size, decodes them (see [`TextEncoding`]), then
/// [`import_text`].
pub fn import_bytes(bytes: &[u8], method: &Methodology) -> Result<Imported, ImportError> {
    import_bytes_with(bytes, method, &ImportOptions::default())
}

/// [`import_bytes`] with what the caller knows ([`ImportOptions`]).
pub fn import_bytes_with(bytes: &[u8], method: &Methodology, options: &ImportOptions) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { size: bytes.len() });
    }
    let (text, encoding) = decode(bytes)?;
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if text.contains('\0') || (controls > 8 && controls * 100 > text.len()) {
        return Err(ImportError::Binary);
    }
    let mut imported = import_text_with(&text, method, options)?;
    imported.encoding = encoding;
    if encoding == TextEncoding::Windows1252 {
        let line =
            std::str::from_utf8(bytes).err().map_or(1, |e| bytes[..e.valid_up_to()].split(|&b| b == b'\n').count());
        imported.warnings.push(ImportWarning {
            line,
            message: "the file is not UTF-8 text; it was read as Windows-1252 (as Notepad and older Word save \
                      text): if letters look wrong from here on, save the file as UTF-8 and import it again"
                .to_owned(),
        });
        imported.warnings.sort_by_key(|w| w.line);
    }
    Ok(imported)
}

/// The bytes of the text file at `path`, for [`import_bytes`]: read through
/// [`crate::io::read_capped`] at [`MAX_IMPORT_BYTES`], so a pipe or a device (`/dev/zero`)
/// stops at the limit like a large file. The error is one sentence naming the file.
pub fn read_text_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    crate::io::read_capped(path, MAX_IMPORT_BYTES as u64).map_err(|e| {
        let name = path.display();
        if let Some(too_large) = crate::io::TooLarge::of(&e) {
            return match too_large.size {
                Some(size) => {
                    format!("{name}: {}", ImportError::TooLarge { size: usize::try_from(size).unwrap_or(usize::MAX) })
                }
                None => format!(
                    "{name}: more than {MAX_IMPORT_BYTES} bytes came from it; a chapter's text is about 35 KB, and \
                     files over {MAX_IMPORT_BYTES} bytes are not read — is it the right file?"
                ),
            };
        }
        if e.kind() == std::io::ErrorKind::IsADirectory {
            return format!("{name}: is a folder, not a text file");
        }
        format!("{name}: cannot read: {e}")
    })
}

/// The text of `bytes` and the encoding it was read in. A byte order mark decides; without
/// one, bytes with a NUL are binary, valid UTF-8 is UTF-8 and anything else Windows-1252
/// (which gives every byte a character).
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), ImportError> {
    let malformed = |encoding: &'static str, text: &str| {
        let before = text.find('\u{fffd}').map_or(text, |at| &text[..at]);
        ImportError::Malformed { encoding, line: before.matches('\n').count() + 1 }
    };
    let boms: [(&[u8], &'static encoding_rs::Encoding, TextEncoding, &'static str); 2] = [
        (&[0xFF, 0xFE], encoding_rs::UTF_16LE, TextEncoding::Utf16Le, "UTF-16LE"),
        (&[0xFE, 0xFF], encoding_rs::UTF_16BE, TextEncoding::Utf16Be, "UTF-16BE"),
    ];
    for (bom, coding, encoding, name) in boms {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = coding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(malformed(name, &text));
            }
            return Ok((text, encoding));
        }
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((Cow::Borrowed(text), TextEncoding::Utf8)),
            Err(e) => {
                let line = rest[..e.valid_up_to()].split(|&b| b == b'\n').count();
                Err(ImportError::Malformed { encoding: "UTF-8", line })
            }
        };
    }
    if bytes.contains(&0) {
        return Err(ImportError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), TextEncoding::Utf8));
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok((text, TextEncoding::Windows1252))
}

/// Imports a chapter from its web text. See the module documentation.
pub fn import_text(text: &str, method: &Methodology) -> Result<Imported, ImportError> {
    import_text_with(text, method, &ImportOptions::default())
}

/// [`import_text`] with what the caller knows ([`ImportOptions`]).
pub fn import_text_with(text: &str, method: &Methodology, options: &ImportOptions) -> Result<Imported, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { size: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut reader = Reader::new(method, options);
    let mut lines = 0;
    for (i, raw) in text.lines().enumerate() {
        lines = i + 1;
        reader.line(lines, raw);
    }
    reader.finish(lines)
}

/// Where in the chapter the reader is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Zone {
    /// Before the title: site text.
    BeforeTitle,
    /// Between the title and the first section: regime, figures, byline.
    Header,
    /// The author list.
    Authors,
    /// The score-change items.
    ScoreChanges,
    /// The executive summary.
    Summary,
    /// The at-a-glance.
    Glance,
    /// A category section; `bullets` once the first bullet is read.
    Category { code: String, bullets: bool },
    /// The footnote list.
    Footnotes,
    /// Text after the chapter (site menus, other scores), skipped.
    Trailing,
}

/// What the header promises for the next number line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Nothing,
    LastYear,
}

/// A run of lines skipped as not part of the chapter.
#[derive(Clone, Debug)]
struct Skipped {
    first: usize,
    last: usize,
    count: usize,
    sample: String,
}

/// What is known about a category section while reading.
#[derive(Clone, Debug, Default)]
struct Section {
    heading_line: usize,
    rating_line: Option<usize>,
    described: bool,
}

/// Where the chapter's country was found.
#[derive(Clone, Debug, PartialEq, Eq)]
enum CountrySource {
    /// The title line.
    Title,
    /// The site text after the chapter ("On Kosovo"), at this line.
    Site(usize),
    /// The closing score-change sentence ("As a result, Kosovo's …"), at this line.
    Sentence(usize),
}

/// The line-by-line reader.
struct Reader<'m> {
    method: &'m Methodology,
    options: &'m ImportOptions,
    /// The country the title line names, if it names one.
    title_country: Option<String>,
    /// "On Kosovo" in the site text, and its line.
    site_country: Option<(String, usize)>,
    /// Whether a score-change item was a bullet (after which prose is the page's).
    change_bullets: bool,
    /// The number the footnote list is due to give next.
    next_footnote: u32,
    /// Categories rated from their score change, the page having no sections.
    rated_from_changes: Vec<String>,
    chapter: Chapter,
    zone: Zone,
    warnings: Vec<ImportWarning>,
    sequence: MarkerSequence,
    printed: Printed,
    printed_lines: BTreeMap<&'static str, usize>,
    pending: Pending,
    title_line: Option<usize>,
    before_title: Option<Skipped>,
    trailing: Option<Skipped>,
    authors: Option<Authors>,
    score_changes_seen: bool,
    /// (line, index into `chapter.score_changes`).
    change_lines: Vec<usize>,
    sections: BTreeMap<String, Section>,
    /// Category codes in the order the page lists them.
    order: Vec<String>,
    footnotes_heading: Option<usize>,
    last_footnote_line: Option<usize>,
}

impl<'m> Reader<'m> {
    fn new(method: &'m Methodology, options: &'m ImportOptions) -> Self {
        Self {
            method,
            options,
            title_country: None,
            site_country: None,
            change_bullets: false,
            next_footnote: 1,
            rated_from_changes: Vec::new(),
            chapter: Chapter::new(method, "", 0),
            zone: Zone::BeforeTitle,
            warnings: Vec::new(),
            sequence: MarkerSequence::new(),
            printed: Printed::default(),
            printed_lines: BTreeMap::new(),
            pending: Pending::Nothing,
            title_line: None,
            before_title: None,
            trailing: None,
            authors: None,
            score_changes_seen: false,
            change_lines: Vec::new(),
            sections: BTreeMap::new(),
            order: Vec::new(),
            footnotes_heading: None,
            last_footnote_line: None,
        }
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(ImportWarning { line, message: message.into() });
    }

    /// Reads one line.
    fn line(&mut self, n: usize, raw: &str) {
        // Tokens of a flattened page, on a line of their own or opening the text line.
        let raw = layout::strip_page_tokens(raw);
        let norm = layout::normalize(raw);
        let norm = norm.as_ref();
        if norm.is_empty() || layout::is_page_token(norm) {
            if norm.is_empty() && self.zone == Zone::Footnotes {
                self.last_footnote_line = None;
            }
            return;
        }
        if self.zone == Zone::BeforeTitle {
            if let Some(title) = layout::title(norm, self.method) {
                self.take_title(n, title);
            } else {
                self.site_text(n, norm);
                skip(&mut self.before_title, n, norm);
            }
            return;
        }
        // "Nations in Transit 2019" was a menu's if the page's own title follows at once.
        if self.zone == Zone::Header
            && self.title_country.is_none()
            && self.printed_lines.is_empty()
            && self.authors.is_none()
            && let Some(title) = layout::title(norm, self.method).filter(|t| t.country.is_some())
        {
            let old = std::mem::take(&mut self.chapter.title);
            skip(&mut self.before_title, self.title_line.unwrap_or(n), &old);
            self.take_title(n, title);
            return;
        }
        if let Some(heading) = layout::heading(norm, self.method)
            && self.enter(n, heading)
        {
            return;
        }
        if self.zone != Zone::Trailing
            && matches!(self.zone, Zone::Header | Zone::Authors | Zone::ScoreChanges)
            && strip_ci(norm, "no score change").is_some()
        {
            self.zone = Zone::ScoreChanges;
            self.score_changes_seen = true;
            self.score_change(n, raw);
            return;
        }
        match self.zone.clone() {
            Zone::BeforeTitle => {}
            Zone::Header => self.header(n, norm),
            Zone::Authors => self.author(n, raw, norm),
            Zone::ScoreChanges => self.change_line(n, raw, norm),
            Zone::Summary | Zone::Glance => self.paragraph(n, raw, norm),
            Zone::Category { code, bullets } => self.category_line(n, raw, norm, &code, bullets),
            Zone::Footnotes => self.footnote(n, raw, norm),
            Zone::Trailing => self.trailing_line(n, norm),
        }
    }

    /// Takes the title line.
    fn take_title(&mut self, n: usize, title: layout::Title) {
        self.chapter.title = title.title;
        self.chapter.edition = title.edition;
        self.title_country = title.country;
        self.title_line = Some(n);
        self.zone = Zone::Header;
    }

    /// Site text before or after the chapter: "On Kosovo" names the country.
    fn site_text(&mut self, n: usize, norm: &str) {
        if self.site_country.is_none()
            && let Some(country) = layout::site_country(norm)
        {
            self.site_country = Some((country.to_owned(), n));
        }
    }

    /// A line after the chapter, or of text that is not the chapter's.
    fn trailing_line(&mut self, n: usize, norm: &str) {
        self.site_text(n, norm);
        skip(&mut self.trailing, n, norm);
    }

    /// A line of the score changes: an item, or (once items came as bullets) prose that is
    /// not an item, which is the page's: "On Kosovo", "The full text will be posted soon."
    fn change_line(&mut self, n: usize, raw: &str, norm: &str) {
        if let Some(text) = layout::bullet(raw) {
            self.change_bullets = true;
            self.score_change(n, text);
        } else if !self.change_bullets || parse_item(norm, self.method).is_some() {
            self.score_change(n, raw);
        } else {
            self.zone = Zone::Trailing;
            self.trailing_line(n, norm);
        }
    }

    /// Enters the section a heading opens. `false` when the heading is not taken as one (a
    /// second section for a category, or a heading inside the text after the chapter).
    fn enter(&mut self, n: usize, heading: Heading) -> bool {
        if self.zone == Zone::Trailing {
            match &heading {
                Heading::Footnotes => {}
                Heading::Category { code, .. } if !self.sections.contains_key(code) => {}
                _ => return false,
            }
        }
        self.end_trailing();
        self.zone = match heading {
            Heading::Authors => Zone::Authors,
            Heading::ScoreChanges => {
                self.score_changes_seen = true;
                Zone::ScoreChanges
            }
            Heading::ExecutiveSummary => Zone::Summary,
            Heading::AtAGlance => Zone::Glance,
            Heading::Footnotes => {
                if self.footnotes_heading.is_some() {
                    self.warn(n, "a second \"Footnotes\" heading; its list is read with the first");
                }
                self.footnotes_heading.get_or_insert(n);
                Zone::Footnotes
            }
            Heading::Category { code, rating } => {
                if self.sections.contains_key(&code) {
                    let name = self.name(&code);
                    self.warn(n, format!("a second \"{name}\" section; it and the text after it were not read"));
                    self.zone = Zone::Trailing;
                    self.trailing = Some(Skipped { first: n, last: n, count: 0, sample: String::new() });
                    return true;
                }
                self.sections.insert(code.clone(), Section { heading_line: n, ..Section::default() });
                self.order.push(code.clone());
                if let Some(rating) = rating {
                    self.set_rating(n, &code, rating);
                }
                Zone::Category { code, bullets: false }
            }
        };
        true
    }

    /// A line between the title and the first section.
    fn header(&mut self, n: usize, line: &str) {
        let method = self.method;
        if let Some(names) = layout::byline(line) {
            self.authors = Some(authors_of(names));
            return;
        }
        let band = |label: &str| method.bands.iter().find(|b| b.label.eq_ignore_ascii_case(label.trim()));
        if let Some(b) = band(line) {
            let label = b.label.clone();
            if self.pending == Pending::LastYear {
                self.printed.last_classification = Some(label);
                self.printed_lines.insert("last_classification", n);
            } else {
                self.printed.classification = Some(label);
                self.printed_lines.insert("classification", n);
            }
            return;
        }
        if let Some(rest) = strip_ci(line, "Democracy Percentage")
            && let Some((p, "")) = layout::leading_fraction(rest.trim(), &["100"])
        {
            self.printed.percentage = Some(p);
            self.printed_lines.insert("percentage", n);
            return;
        }
        if let Some(rest) = strip_ci(line, "Democracy Score")
            && let Some((s, "")) = layout::leading_fraction(rest.trim(), &["7", "7.00"])
        {
            self.printed.score = Some(s);
            self.printed_lines.insert("score", n);
            return;
        }
        if strip_ci(line, "Last Year's Democracy").is_some() || strip_ci(line, "Last Year’s Democracy").is_some() {
            self.pending = Pending::LastYear;
            return;
        }
        // The methodology note: the published page's, or the one our own text export writes.
        if line.starts_with("The ratings are based on")
            || line.starts_with("See the methodology")
            || line == crate::export::methodology_blurb(self.method)
        {
            return;
        }
        if matches!(line, "/ 100" | "/100" | "100") {
            return;
        }
        let number = layout::parse_fixed(line).map(|f| (f, ""));
        if let Some((figure, rest)) = number.or_else(|| layout::leading_fraction(line, &["100"])) {
            let label = band(rest).map(|b| b.label.clone());
            if rest.is_empty() || label.is_some() {
                if self.pending == Pending::LastYear {
                    self.printed.last_headline = Some(figure);
                    self.printed_lines.insert("last_headline", n);
                    if label.is_some() {
                        self.printed.last_classification = label;
                        self.printed_lines.insert("last_classification", n);
                    }
                } else {
                    self.printed.headline = Some(figure);
                    self.printed_lines.insert("headline", n);
                    if label.is_some() {
                        self.printed.classification = label;
                        self.printed_lines.insert("classification", n);
                    }
                }
                return;
            }
        }
        self.warn(n, format!("header text not read: {}", sample(line)));
    }

    /// A line of the author list.
    fn author(&mut self, n: usize, raw: &str, norm: &str) {
        if let Some(names) = layout::byline(norm) {
            self.authors = Some(authors_of(names));
            return;
        }
        let name = layout::bullet(raw).unwrap_or(raw).trim();
        if name.is_empty() {
            return;
        }
        if name.len() > 120 {
            self.warn(n, format!("too long for an author's name; not read: {}", sample(name)));
            return;
        }
        let names = match self.authors.take() {
            Some(Authors::Named(mut names)) => {
                names.push(name.to_owned());
                names
            }
            _ => vec![name.to_owned()],
        };
        self.authors = Some(authors_of(names));
    }

    /// A score-change item (bullet or paragraph).
    fn score_change(&mut self, n: usize, text: &str) {
        let text = self.sequence.convert(text.trim(), n);
        let block = self.chapter.new_block(text);
        self.chapter.score_changes.push(block);
        self.change_lines.push(n);
    }

    /// A paragraph of the executive summary or the at-a-glance; a "By …" line opening the
    /// summary is its byline (as pages from 2020 on print it).
    fn paragraph(&mut self, n: usize, raw: &str, norm: &str) {
        if self.zone == Zone::Summary
            && self.chapter.executive_summary.is_empty()
            && let Some(names) = layout::byline(norm)
        {
            let authors = authors_of(names);
            match &self.authors {
                None => self.authors = Some(authors),
                Some(known) if *known == authors => {}
                Some(known) => {
                    let known = known.byline();
                    self.warn(n, format!("a second byline, \"{norm}\"; the authors are kept as {known}"));
                }
            }
            return;
        }
        let text = match layout::bullet(raw) {
            Some(text) => {
                self.warn(n, "a bullet in a section of paragraphs; kept as a paragraph");
                text
            }
            None => raw.trim(),
        };
        let text = self.sequence.convert(text, n);
        let block = self.chapter.new_block(text);
        if self.zone == Zone::Summary {
            self.chapter.executive_summary.push(block);
        } else {
            self.chapter.at_a_glance.push(block);
        }
    }

    /// A line in a category section.
    fn category_line(&mut self, n: usize, raw: &str, norm: &str, code: &str, bullets: bool) {
        if let Some(text) = layout::bullet(raw) {
            let text = self.sequence.convert(text, n);
            let block = self.chapter.new_block(text);
            if let Some(entry) = self.chapter.category_mut(code) {
                entry.bullets.push(block);
            }
            self.zone = Zone::Category { code: code.to_owned(), bullets: true };
            return;
        }
        if bullets {
            // Prose after the bullets of a section is the page's, not the chapter's.
            self.zone = Zone::Trailing;
            skip(&mut self.trailing, n, norm);
            return;
        }
        if let Some((rating, _)) = layout::trailing_rating(norm, self.method) {
            self.set_rating(n, code, rating);
            return;
        }
        let section = self.sections.entry(code.to_owned()).or_default();
        if section.described {
            let name = self.name(code);
            self.warn(n, format!("text in the {name} section not read: {}", sample(norm)));
        } else {
            // The methodology's description of the category, which the chapter does not hold.
            section.described = true;
        }
    }

    fn set_rating(&mut self, n: usize, code: &str, rating: Rating) {
        let name = self.name(code);
        let section = self.sections.entry(code.to_owned()).or_default();
        if section.rating_line.is_some() {
            self.warn(n, format!("a second rating for {name}; the first is kept"));
            return;
        }
        section.rating_line = Some(n);
        if let Err(problem) = self.method.check_rating(rating) {
            self.warn(n, format!("the {name} rating {problem}"));
        }
        if let Some(entry) = self.chapter.category_mut(code) {
            entry.rating = Some(rating);
        }
    }

    /// A line of the footnote list.
    fn footnote(&mut self, n: usize, raw: &str, norm: &str) {
        if let Some(f) = layout::footnote_line(raw, self.next_footnote) {
            if let Ok(number) = f.label.parse::<u32>() {
                self.next_footnote = self.next_footnote.max(number.saturating_add(1));
            }
            if f.unread_date {
                self.warn(n, "the access date does not read as a date; kept in the footnote's text");
            }
            let id = self.chapter.new_id();
            self.chapter.footnotes.push(Footnote {
                id,
                label: f.label,
                text: f.text,
                url: f.url,
                accessed: f.accessed,
            });
            self.last_footnote_line = Some(n);
            return;
        }
        let is_url = norm.starts_with("http://") || norm.starts_with("https://");
        if let (true, Some(_), Some(last)) = (is_url, self.last_footnote_line, self.chapter.footnotes.last_mut())
            && last.url.is_none()
            && !norm.contains(' ')
        {
            last.url = Some(norm.to_owned());
            return;
        }
        self.zone = Zone::Trailing;
        self.trailing_line(n, norm);
    }

    fn end_trailing(&mut self) {
        if let Some(s) = self.trailing.take()
            && s.count > 0
        {
            self.warn(
                s.first,
                format!(
                    "{} line(s) from here to line {} are not the chapter's text (site text?) and were not read, \
                     beginning {}",
                    s.count, s.last, s.sample
                ),
            );
        }
    }

    fn name(&self, code: &str) -> String {
        self.method.category(code).map_or_else(|| code.to_owned(), |c| c.name.clone())
    }

    /// Ends the reading: last year's ratings, the checks of printed figures, the summary warnings.
    fn finish(mut self, lines: usize) -> Result<Imported, ImportError> {
        let Some(title_line) = self.title_line else {
            return Err(ImportError::NotAChapter { report: self.method.report.clone() });
        };
        self.end_trailing();
        if let Some(s) = self.before_title.take() {
            self.warn(s.first, format!("{} line(s) before the title were not read, beginning {}", s.count, s.sample));
        }
        match self.authors.take() {
            Some(authors) => self.chapter.authors = authors,
            None => self.warn(title_line, "no authors found (an \"Authors\" list or a \"By …\" byline)"),
        }
        self.check_sections(lines);
        self.last_year();
        self.country(title_line);
        self.check_figures(title_line);
        self.check_footnotes(lines);
        let sequence_warnings = std::mem::take(&mut self.sequence.warnings);
        for (line, message) in sequence_warnings {
            self.warn(line, message);
        }
        self.warnings.sort_by_key(|w| w.line);
        Ok(Imported {
            chapter: self.chapter,
            warnings: self.warnings,
            printed: self.printed,
            encoding: TextEncoding::Utf8,
        })
    }

    /// The chapter's country: the caller's, else the title's, else the closing score-change
    /// sentence's, else the site text's ("On Kosovo"). A title that names none becomes the
    /// methodology's title for the country found.
    fn country(&mut self, title_line: usize) {
        let method = self.method;
        let sentence =
            self.chapter.score_changes.iter().zip(&self.change_lines).find_map(|(b, &line)| {
                match parse_item(&b.text, method) {
                    Some(ChangeItem::Overall { country: Some(country), .. }) => {
                        Some((country, CountrySource::Sentence(line)))
                    }
                    _ => None,
                }
            });
        let page = self
            .title_country
            .clone()
            .map(|c| (c, CountrySource::Title))
            .or(sentence)
            .or_else(|| self.site_country.clone().map(|(c, line)| (c, CountrySource::Site(line))));
        let given = self.options.country.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let country = match (given, page) {
            (Some(given), Some((page, source))) => {
                if !page.eq_ignore_ascii_case(given) {
                    let line = match source {
                        CountrySource::Title => title_line,
                        CountrySource::Site(line) | CountrySource::Sentence(line) => line,
                    };
                    self.warn(line, format!("the page names the country \"{page}\", but it was given as \"{given}\"; \"{given}\" is used"));
                }
                given.to_owned()
            }
            (Some(given), None) => given.to_owned(),
            (None, Some((page, CountrySource::Title))) => page,
            (None, Some((page, CountrySource::Sentence(line)))) => {
                self.warn(
                    title_line,
                    format!(
                        "the title names no country; \"{page}\" is taken from the score-change sentence on line {line}"
                    ),
                );
                page
            }
            (None, Some((page, CountrySource::Site(line)))) => {
                self.warn(
                    title_line,
                    format!("the title names no country; \"{page}\" is taken from the site text on line {line} (\"On {page}\")"),
                );
                page
            }
            (None, None) => {
                self.warn(
                    title_line,
                    "the title names no country, and neither does the rest of the page; give it with --country NAME",
                );
                String::new()
            }
        };
        let titled = self.title_country.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&country));
        if !titled && !country.is_empty() {
            self.chapter.title = method.chapter_title(&country, self.chapter.edition);
        }
        self.chapter.country = country;
    }

    fn check_sections(&mut self, lines: usize) {
        let method = self.method;
        if self.sections.is_empty() {
            // Warned about once the score changes are read ([`Reader::no_sections`]): they may
            // give some ratings.
            return;
        }
        let missing: Vec<_> = method
            .categories
            .iter()
            .filter(|c| !self.sections.contains_key(&c.code))
            .map(|c| c.name.as_str())
            .collect();
        if !missing.is_empty() {
            self.warn(lines, format!("no section for {}; left unrated", missing.join(", ")));
        }
        let unrated: Vec<_> = self
            .sections
            .iter()
            .filter(|(_, s)| s.rating_line.is_none())
            .map(|(c, s)| (c.clone(), s.heading_line))
            .collect();
        for (code, line) in unrated {
            let name = self.name(&code);
            self.warn(line, format!("no rating like \"1.25 / 7.00\" was found for {name}; left unrated"));
        }
        let published: Vec<&str> =
            method.categories.iter().map(|c| c.code.as_str()).filter(|c| self.order.iter().any(|o| o == c)).collect();
        if self.order.iter().map(String::as_str).ne(published.iter().copied()) {
            let first = self.order.first().and_then(|c| self.sections.get(c)).map_or(1, |s| s.heading_line);
            self.warn(
                first,
                format!(
                    "the categories are listed in an older order ({}); the chapter keeps the methodology's order",
                    self.order.join(", ")
                ),
            );
        }
    }

    /// Last year's ratings from the score-change items; checks the items against the ratings.
    fn last_year(&mut self) {
        let method = self.method;
        let mut from: BTreeMap<String, Rating> = BTreeMap::new();
        let mut named = BTreeSet::new();
        let items: Vec<(usize, String)> =
            self.change_lines.iter().copied().zip(self.chapter.score_changes.iter().map(|b| b.text.clone())).collect();
        for (line, text) in items {
            match parse_item(&text, method) {
                Some(ChangeItem::Category { code, from: was, to, .. }) => {
                    let name = self.name(&code);
                    if !named.insert(code.clone()) {
                        self.warn(line, format!("a second score change for {name}; the first is used"));
                        continue;
                    }
                    from.insert(code.clone(), was);
                    if self.sections.is_empty()
                        && let Some(entry) = self.chapter.category_mut(&code)
                    {
                        // A page without its body: the score change is all there is to go by.
                        entry.rating = Some(to);
                        self.rated_from_changes.push(code.clone());
                        continue;
                    }
                    let now = self.chapter.category(&code).and_then(|c| c.rating);
                    if let Some(now) = now.filter(|&now| now != to) {
                        self.warn(line, format!("the score change gives {name} {to}, but its section rates it {now}"));
                    }
                }
                Some(ChangeItem::Overall { from: was, .. }) => {
                    self.printed.last_score = Some(was);
                    self.printed_lines.insert("last_score", line);
                    self.printed_lines.insert("overall", line);
                    if let Some(ChangeItem::Overall { to, .. }) = parse_item(&text, method)
                        && !self.sections.is_empty()
                    {
                        self.check_overall_to(line, to);
                    }
                }
                Some(ChangeItem::NoChanges) => {}
                None => self.warn(
                    line,
                    format!(
                        "score-change item not read as a rating change; last year's ratings may be incomplete: {}",
                        sample(&text)
                    ),
                ),
            }
        }
        if !self.score_changes_seen {
            let line = self.title_line.unwrap_or(1);
            self.warn(line, "no \"Score changes\" section; last year's ratings are taken to be this year's");
        }
        for entry in &mut self.chapter.categories {
            entry.last_year = from.get(&entry.code).copied().or(entry.rating);
        }
        if self.sections.is_empty() {
            self.no_sections();
        }
    }

    /// The warning for a page without category sections: the header and score changes only.
    fn no_sections(&mut self) {
        let line = self.change_lines.last().copied().or(self.title_line).unwrap_or(1);
        let rated: Vec<String> = self.rated_from_changes.iter().map(|c| self.name(c)).collect();
        let message = if rated.is_empty() {
            "no category sections were found (the page may hold only the header and score changes); no ratings \
             were read"
                .to_owned()
        } else {
            let unrated = self.chapter.categories.iter().filter(|e| e.rating.is_none()).count();
            format!(
                "no category sections were found (the page holds only the header and score changes); {} rated from \
                 the score changes, {unrated} categories left unrated",
                list(&rated)
            )
        };
        self.warn(line, message);
    }

    fn check_overall_to(&mut self, line: usize, to: Rating) {
        let card = ScoreCard::compute(&self.chapter, self.method);
        if let Some(now) = card.this_year {
            let stated = Fixed { value: i64::from(to.hundredths()), decimals: 2 };
            if !layout::same_figure(stated, now.score_rounded) {
                self.warn(
                    line,
                    format!(
                        "the sentence gives this year's Democracy Score as {to}, but the ratings give {}",
                        now.score_rounded
                    ),
                );
            }
        }
    }

    /// Checks the printed figures against what the ratings give.
    fn check_figures(&mut self, title_line: usize) {
        let printed = self.printed.clone();
        let at = |key: &str| self.printed_lines.get(key).copied().unwrap_or(title_line);
        if !self.rated_from_changes.is_empty() {
            let figures = printed_figures(&printed);
            if !figures.is_empty() {
                let line = self.printed_lines.values().copied().min().unwrap_or(title_line);
                let rated = self.rated_from_changes.len();
                self.warn(
                    line,
                    format!(
                        "the page prints {}; with {rated} of {} categories rated (from the score changes) they \
                         cannot be checked",
                        list(&figures),
                        self.chapter.categories.len()
                    ),
                );
            }
            return;
        }
        let card = ScoreCard::compute(&self.chapter, self.method);
        let mut found = Vec::new();
        let mut compare = |key: &str, what: &str, printed: Option<Fixed>, computed: Option<Fixed>| {
            if let (Some(p), Some(c)) = (printed, computed)
                && !layout::same_figure(p, c)
            {
                found.push((at(key), format!("the page prints {what} {p}, but the ratings give {c}")));
            }
        };
        let now = card.this_year.as_ref();
        let last = card.last_year.as_ref();
        compare("score", "the Democracy Score", printed.score, now.map(|f| f.score_rounded));
        compare("percentage", "the Democracy Percentage", printed.percentage, now.and_then(|f| f.percentage));
        compare("headline", "the headline percentage", printed.headline, now.and_then(|f| f.percentage_headline));
        compare(
            "last_headline",
            "last year's percentage",
            printed.last_headline,
            last.and_then(|f| f.percentage_headline),
        );
        compare(
            "last_score",
            "last year's Democracy Score",
            printed.last_score.map(|r| Fixed { value: i64::from(r.hundredths()), decimals: 2 }),
            last.map(|f| f.score_rounded),
        );
        let mut labels = |key: &str, what: &str, printed: Option<&String>, computed: Option<&String>| {
            if let (Some(p), Some(c)) = (printed, computed)
                && p != c
            {
                found.push((at(key), format!("the page prints {what} \"{p}\", but the ratings give \"{c}\"")));
            }
        };
        labels("classification", "the status", printed.classification.as_ref(), now.map(|f| &f.classification));
        labels(
            "last_classification",
            "last year's status",
            printed.last_classification.as_ref(),
            last.map(|f| &f.classification),
        );
        if now.is_none() && (printed.score.is_some() || printed.percentage.is_some()) {
            found.push((
                at("score"),
                "the page prints a score, but no category ratings were read to check it".to_owned(),
            ));
        }
        for (line, message) in found {
            self.warn(line, message);
        }
    }

    fn check_footnotes(&mut self, lines: usize) {
        let markers = self.sequence.found.len();
        let Some(heading) = self.footnotes_heading else {
            if markers > 0 {
                self.warn(lines, format!("no footnote list; {markers} footnote markers have no footnote text"));
            }
            return;
        };
        if self.chapter.footnotes.is_empty() {
            let message = if markers > 0 {
                format!(
                    "the footnote list is empty (lost in the copy?); {markers} footnote markers have no footnote text"
                )
            } else {
                "the footnote list is empty".to_owned()
            };
            self.warn(heading, message);
            return;
        }
        let labels: BTreeSet<&str> = self.chapter.footnotes.iter().map(|f| f.label.as_str()).collect();
        // Markers written out as "[^99]" (a dangling marker our export wrote as it stands) count too.
        let mut missing: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        let all =
            self.sequence.found.iter().map(u32::to_string).chain(self.sequence.literal.iter().map(|(_, l)| l.clone()));
        for label in all {
            if !labels.contains(label.as_str()) && seen.insert(label.clone()) {
                missing.push(label);
            }
        }
        if !missing.is_empty() {
            let shown: Vec<_> = missing.iter().take(5).map(String::as_str).collect();
            let more = if missing.len() > 5 { " …" } else { "" };
            self.warn(
                heading,
                format!(
                    "{} footnote marker(s) have no entry in the footnote list: {}{more}",
                    missing.len(),
                    shown.join(", ")
                ),
            );
        }
    }
}

/// The figures a page prints, in words: "the Democracy Score 3.11", "last year's status …".
fn printed_figures(printed: &Printed) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |what: &str, figure: Option<String>| {
        if let Some(figure) = figure {
            out.push(format!("{what} {figure}"));
        }
    };
    add("the Democracy Score", printed.score.map(|f| f.to_string()));
    add("the Democracy Percentage", printed.percentage.map(|f| f.to_string()));
    add("the headline percentage", printed.headline.map(|f| f.to_string()));
    add("the status", printed.classification.as_ref().map(|c| format!("\"{c}\"")));
    add("last year's Democracy Score", printed.last_score.map(|r| r.to_string()));
    add("last year's percentage", printed.last_headline.map(|f| f.to_string()));
    add("last year's status", printed.last_classification.as_ref().map(|c| format!("\"{c}\"")));
    out
}

/// "a", "a and b", "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `Anonymous` for the single name "Anonymous", else the names.
fn authors_of(names: Vec<String>) -> Authors {
    if names.len() == 1 && names[0].eq_ignore_ascii_case("anonymous") {
        Authors::Anonymous
    } else {
        Authors::Named(names)
    }
}

/// Adds line `n` to a run of skipped lines.
fn skip(run: &mut Option<Skipped>, n: usize, line: &str) {
    match run {
        Some(s) => {
            s.last = n;
            if s.count == 0 {
                s.sample = sample(line);
            }
            s.count += 1;
        }
        None => *run = Some(Skipped { first: n, last: n, count: 1, sample: sample(line) }),
    }
}

/// A line quoted in a warning, shortened to about 60 characters.
fn sample(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(60) {
        Some((at, _)) => format!("\"{}…\"", &line[..at]),
        None => format!("\"{line}\""),
    }
}

/// `hay` without `prefix` at its start, ignoring ASCII case.
fn strip_ci<'a>(hay: &'a str, prefix: &str) -> Option<&'a str> {
    let head = hay.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &hay[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let imported = import_text(text, &Methodology::nit_2020()).unwrap_or_else(|e| panic!("{e}"));
        imported.warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_page_with_only_header_and_score_changes() {
        let text = "Nations in Transit 2025 - Arvenia\nBy Ann Lee\nDemocracy Score 3.25 / 7\n\nScore changes in 2025\n\
                    • No score changes\n\nThe full text will be posted soon.\n";
        assert_eq!(
            messages(text),
            [
                "line 3: the page prints a score, but no category ratings were read to check it",
                "line 6: no category sections were found (the page may hold only the header and score changes); \
                 no ratings were read",
                // Prose after the bulleted items is the page's, not an item.
                "line 8: 1 line(s) from here to line 8 are not the chapter's text (site text?) and were not read, \
                 beginning \"The full text will be posted soon.\"",
            ]
        );
    }

    #[test]
    fn a_second_section_for_a_category_is_not_read() {
        let text = "Nations in Transit 2025 - Arvenia\nAuthors\n• Anonymous\nNo score changes\n\
                    Corruption 1.00-7.00 pts\nLooks at graft. 2.75 / 7.00\n• One.\n\
                    Corruption 1.00-7.00 pts\nLooks at graft. 1.00 / 7.00\n• Two.\n";
        let imported = import_text(text, &Methodology::nit_2020()).unwrap_or_else(|e| panic!("{e}"));
        let co = imported.chapter.category("CO").map(|c| (c.rating, c.bullets.len()));
        assert_eq!(co, Some((Some(Rating::from_hundredths(275)), 1)));
        let w: Vec<_> = imported.warnings.iter().map(ToString::to_string).collect();
        assert!(
            w.contains(&"line 8: a second \"Corruption\" section; it and the text after it were not read".to_owned())
        );
        assert!(
            w.contains(
                &"line 8: 2 line(s) from here to line 10 are not the chapter's text (site text?) and were not read, \
              beginning \"Looks at graft. 1.00 / 7.00\""
                    .to_owned()
            )
        );
    }
}
