//! Import of a published chapter from its web text: what an author gets by copying last year's
//! chapter from the report's website.
//!
//! [`import_text`] reads the layout line by line — title, classification and figures, authors,
//! score changes, the text sections, the item sections with their ratings and bullets, the
//! footnote list — into a [`Chapter`]. Every name it looks for comes from the methodology: the
//! report's name in the title, the text sections' titles, the items' names, the figures' labels
//! and suffixes ("Democracy Score 1.29 / 7" for a figure labelled so with the suffix "/ 7"), the
//! classes, the "no changes" item and the score-change sentences' templates.
//!
//! The layout itself is the one the Nations in Transit site prints (the seed chapter's) and
//! the plain-text export writes for any methodology (`src/export/text.rs`): a header of
//! figures (each by its label, over its suffix where it has one: "Mean of the two ratings 4.0"),
//! further classifications by label ("Electoral democracy No") and last year's lead figure and
//! class ("Last Year's Global Freedom Score & Status", then "53 / 100 Partly Free"); then
//! sections under their titles; the outline's group headings ("A. Electoral Process 6 / 12",
//! checked against the ratings); an item's heading (its name, or its code where the
//! methodology numbers its items: "A1 0-4 pts") with its rating at its end or at the end of a
//! line under it ("1.25 / 7.00", "… elections? 2 / 4"); justifications as bullets or, where the
//! methodology justifies in paragraphs, as the paragraphs after the rating. An optional item
//! the page leaves out (Freedom in the World's question Q) stays unrated without a warning.
//! Text is kept verbatim except for footnote markers, which web copy prints as bare numbers and
//! which become `[^n]` (see [`markers`]).
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
use crate::index::Value;
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

/// The figures a page prints in its header and its score-change sentences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Printed {
    /// The first classification's class under the title (NIT's regime type).
    pub classification: Option<String>,
    /// The headline figure printed alone ("5 / 100"): the headline of the figure whose display
    /// has one.
    pub headline: Option<Fixed>,
    /// This year's figures the header prints by label ("Democracy Score 1.29 / 7"), by figure
    /// id, in the order printed.
    pub figures: Vec<(String, Fixed)>,
    /// Last year's headline figure.
    pub last_headline: Option<Fixed>,
    /// Last year's class.
    pub last_classification: Option<String>,
    /// Last year's figures as the score-change sentences state them, and the lead figure the
    /// header gives last year's value of ("Last Year's Global Freedom Score & Status", then
    /// "53 / 100 Partly Free"), by figure id.
    pub last_figures: Vec<(String, Fixed)>,
    /// The further classifications the header prints by label ("Electoral democracy No"), by
    /// classification id, in the order printed.
    pub classes: Vec<(String, String)>,
}

impl Printed {
    /// This year's printed figure `id`.
    #[must_use]
    pub fn figure(&self, id: &str) -> Option<Fixed> {
        self.figures.iter().find(|(i, _)| i == id).map(|(_, f)| *f)
    }

    /// Last year's figure `id` as a score-change sentence states it.
    #[must_use]
    pub fn last_figure(&self, id: &str) -> Option<Fixed> {
        self.last_figures.iter().find(|(i, _)| i == id).map(|(_, f)| *f)
    }
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
    /// A text section of the methodology, by id (executive summary, overview).
    Text(String),
    /// A category section; `bullets` once the first bullet is read.
    Category { code: String, bullets: bool },
    /// Under the heading of a group of the outline ("A. Electoral Process 6 / 12"), before its
    /// first item's heading.
    Group,
    /// The footnote list.
    Footnotes,
    /// Text after the chapter (site menus, other scores), skipped.
    Trailing,
}

/// What the header promises for the next number line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    Nothing,
    /// "Last Year's {label} & Status": the next line is last year's figure (the one labelled
    /// so, when one is) and class.
    LastYear(Option<usize>),
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
    printed_lines: BTreeMap<String, usize>,
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
    /// The group headings read, by group code.
    groups_seen: BTreeSet<String>,
    /// The figures group headings print: (line, figure id, value).
    group_figures: Vec<(usize, String, Fixed)>,
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
            groups_seen: BTreeSet::new(),
            group_figures: Vec::new(),
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
        if let Some(group) = layout::group_heading(norm, self.method)
            && self.enter_group(n, group)
        {
            return;
        }
        if self.zone != Zone::Trailing
            && matches!(self.zone, Zone::Header | Zone::Authors | Zone::ScoreChanges)
            && crate::changes::is_no_changes(norm, self.method)
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
            Zone::Text(id) => self.paragraph(n, raw, norm, &id),
            Zone::Category { code, bullets } => self.category_line(n, raw, norm, &code, bullets),
            Zone::Footnotes => self.footnote(n, raw, norm),
            Zone::Group | Zone::Trailing => {
                // Text between a group's heading and its first item's is not the chapter's.
                self.zone = Zone::Trailing;
                self.trailing_line(n, norm);
            }
        }
    }

    /// Enters a group of the outline at its heading. `false` where a group heading is not
    /// read as one: in the header, whose figures share the groups' names ("Political Rights
    /// 21 / 40"), in the footnote list, and, after the chapter's text, a group already read.
    fn enter_group(&mut self, n: usize, group: layout::GroupHeading) -> bool {
        let taken = match self.zone {
            Zone::BeforeTitle | Zone::Header | Zone::Footnotes => false,
            Zone::Trailing => !self.groups_seen.contains(&group.code),
            _ => true,
        };
        if !taken {
            return false;
        }
        self.end_trailing();
        if let Some((id, value)) = group.figure {
            self.group_figures.push((n, id, value));
        }
        self.groups_seen.insert(group.code);
        self.zone = Zone::Group;
        true
    }

    /// Takes the title line.
    fn take_title(&mut self, n: usize, title: layout::Title) {
        // The items the edition rates (an item may be asked only in some editions), while
        // nothing is read into them yet.
        if self.chapter.categories.iter().all(|c| c.rating.is_none() && c.bullets.is_empty()) {
            self.chapter.categories = Chapter::new(self.method, "", title.edition).categories;
        }
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
            Heading::Text(id) => Zone::Text(id),
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

    /// A line between the title and the first section: a byline, a class, a figure by its label
    /// and over its suffix ("Democracy Score 1.29 / 7"), "Last Year's …" (the next figure is
    /// last year's), or the headline figure alone ("5 / 100", possibly followed by the class).
    fn header(&mut self, n: usize, line: &str) {
        let method = self.method;
        if let Some(names) = layout::byline(line) {
            self.authors = Some(authors_of(names));
            return;
        }
        let class =
            |label: &str| {
                let label = label.trim();
                method.def.classifications.first().and_then(|c| {
                    c.rule.labels().into_iter().find(|l| l.eq_ignore_ascii_case(label)).map(str::to_owned)
                })
            };
        if let Some(label) = class(line) {
            self.printed_class(n, label);
            return;
        }
        if let Pending::LastYear(Some(at)) = self.pending
            && let Some(f) = method.def.figures.get(at).filter(|f| f.display.headline.is_none())
            && let Some((value, rest)) = layout::figure_value(line, f)
            && (rest.is_empty() || class(rest).is_some())
        {
            // Last year's lead figure (one without a headline number) and class.
            self.printed.last_figures.push((f.id.clone(), value));
            self.printed_lines.insert(format!("last figure {}", f.id), n);
            if let Some(label) = class(rest) {
                self.printed_class(n, label);
            }
            return;
        }
        for f in &method.def.figures {
            if let Some(rest) = strip_ci(line, &f.label)
                && rest.starts_with(' ')
                && let Some((value, "")) = layout::figure_value(rest.trim(), f)
            {
                self.printed.figures.push((f.id.clone(), value));
                self.printed_lines.insert(format!("figure {}", f.id), n);
                return;
            }
        }
        for c in &method.def.classifications {
            if let Some(rest) = strip_ci(line, &c.label)
                && rest.starts_with(' ')
                && let Some(label) = c.rule.labels().into_iter().find(|l| l.eq_ignore_ascii_case(rest.trim()))
            {
                if method.def.classifications.first().is_some_and(|first| first.id == c.id) {
                    self.printed_class(n, label.to_owned());
                } else {
                    self.printed.classes.push((c.id.clone(), label.to_owned()));
                    self.printed_lines.insert(format!("class {}", c.id), n);
                }
                return;
            }
        }
        if let Some(rest) = strip_ci(line, "Last Year's").or_else(|| strip_ci(line, "Last Year’s")) {
            // "Last Year's Global Freedom Score & Status": the figure the next line gives.
            let what = rest.trim();
            let what = strip_suffix_ci(what, "& Status").map_or(what, str::trim_end);
            let at = method.def.figures.iter().position(|f| f.label.eq_ignore_ascii_case(what));
            self.pending = Pending::LastYear(at);
            return;
        }
        // The methodology note: the published page's, or the one our own text export writes.
        if line.starts_with("The ratings are based on")
            || line.starts_with("See the methodology")
            || line == crate::export::methodology_blurb(self.method)
        {
            return;
        }
        let headline = method.def.figures.iter().find(|f| f.display.headline.is_some());
        let over = headline.map(layout::denominators).unwrap_or_default();
        if over.iter().any(|d| line.trim_start_matches('/').trim() == d) {
            return;
        }
        let number = layout::parse_fixed(line).map(|f| (f, ""));
        if let Some((figure, rest)) = number.or_else(|| layout::leading_fraction(line, &over))
            && headline.is_some()
        {
            let label = class(rest);
            if rest.is_empty() || label.is_some() {
                let last = matches!(self.pending, Pending::LastYear(_));
                if last {
                    self.printed.last_headline = Some(figure);
                    self.printed_lines.insert("last headline".to_owned(), n);
                } else {
                    self.printed.headline = Some(figure);
                    self.printed_lines.insert("headline".to_owned(), n);
                }
                if let Some(label) = label {
                    self.printed_class(n, label);
                }
                return;
            }
        }
        self.warn(n, format!("header text not read: {}", sample(line)));
    }

    /// A class printed in the header: this year's, or last year's after "Last Year's".
    fn printed_class(&mut self, n: usize, label: String) {
        if matches!(self.pending, Pending::LastYear(_)) {
            self.printed.last_classification = Some(label);
            self.printed_lines.insert("last classification".to_owned(), n);
        } else {
            self.printed.classification = Some(label);
            self.printed_lines.insert("classification".to_owned(), n);
        }
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

    /// A paragraph of text section `id`; a "By …" line opening the first text section is its
    /// byline (as NIT pages from 2020 on print it).
    fn paragraph(&mut self, n: usize, raw: &str, norm: &str, id: &str) {
        let first = self.method.text_sections().first().is_some_and(|(first, _)| *first == id);
        if first
            && self.chapter.text(id).is_empty()
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
        self.chapter.text_mut(id).push(block);
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
        let paragraphs = self.method.justification() == crate::method::Justification::Paragraphs;
        if bullets && !paragraphs {
            // Prose after the bullets of a section is the page's, not the chapter's.
            self.zone = Zone::Trailing;
            skip(&mut self.trailing, n, norm);
            return;
        }
        let rated = self.sections.get(code).is_some_and(|s| s.rating_line.is_some());
        if (!rated || !paragraphs)
            && let Some((rating, _)) = layout::trailing_rating(norm, self.method, code)
        {
            self.set_rating(n, code, rating);
            return;
        }
        if paragraphs && (rated || bullets) {
            // A methodology justified in paragraphs: after the rating, the section's text is
            // the justification.
            let text = self.sequence.convert(raw.trim(), n);
            let block = self.chapter.new_block(text);
            if let Some(entry) = self.chapter.category_mut(code) {
                entry.bullets.push(block);
            }
            self.zone = Zone::Category { code: code.to_owned(), bullets: true };
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
        if let Err(problem) = self.method.check_rating(code, rating) {
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
        let edition = method.items_in(self.chapter.edition);
        let missing: Vec<_> = method
            .categories
            .iter()
            .filter(|c| edition.contains(&c.code.as_str()) && !self.sections.contains_key(&c.code))
            // An optional item (Freedom in the World's question Q) is left out where it does
            // not apply.
            .filter(|c| !method.def.item(&c.code).is_some_and(|i| i.optional))
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
            let like = layout::rating_example(self.method, &code);
            self.warn(line, format!("no rating like \"{like}\" was found for {name}; left unrated"));
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
                        let (to, now) = (method.show(&code, to), method.show(&code, now));
                        self.warn(line, format!("the score change gives {name} {to}, but its section rates it {now}"));
                    }
                }
                Some(ChangeItem::Overall { id, from: was, to, .. }) => {
                    let decimals = method.def.figures.iter().find(|f| f.id == id).map_or(2, |f| f.display.decimals);
                    if let Some(was) = was.rounded(decimals) {
                        self.printed.last_figures.push((id.clone(), was));
                    }
                    self.printed_lines.insert(format!("last figure {id}"), line);
                    if !self.sections.is_empty() {
                        self.check_figure_to(line, &id, to);
                    }
                }
                Some(ChangeItem::NoChanges | ChangeItem::Class { .. }) => {}
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
            let title = method.score_changes_title().unwrap_or("score changes");
            self.warn(line, format!("no \"{title}\" section; last year's ratings are taken to be this year's"));
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

    /// Checks this year's figure `id` as a score-change sentence states it against the ratings.
    fn check_figure_to(&mut self, line: usize, id: &str, to: Value) {
        let card = ScoreCard::compute(&self.chapter, self.method);
        let Some(figure) = card.this_year.as_ref().and_then(|t| t.figure(id)) else { return };
        let Some(now) = figure.shown else { return };
        if to != Value::from_fixed(now) {
            let stated = to.rounded(now.decimals).map_or_else(|| to.to_string(), |f| f.to_string());
            self.warn(
                line,
                format!("the sentence gives this year's {} as {stated}, but the ratings give {now}", figure.label),
            );
        }
    }

    /// Checks the printed figures against what the ratings give (the score card's lines).
    fn check_figures(&mut self, title_line: usize) {
        let printed = self.printed.clone();
        let method = self.method;
        let at = |key: &str| self.printed_lines.get(key).copied().unwrap_or(title_line);
        if !self.rated_from_changes.is_empty() {
            let figures = printed_figures(&printed, method);
            if !figures.is_empty() {
                let line = self.printed_lines.values().copied().min().unwrap_or(title_line);
                let rated = self.rated_from_changes.len();
                self.warn(
                    line,
                    format!(
                        "the page prints {}; with {rated} of {} rated (from the score changes) they \
                         cannot be checked",
                        list(&figures),
                        self.chapter.categories.len()
                    ),
                );
            }
            return;
        }
        let card = ScoreCard::compute(&self.chapter, method);
        let lines = card.lines(&self.chapter, method);
        let now = card.this_year.as_ref();
        let last = card.last_year.as_ref();
        let mut found = Vec::new();
        let mut compare = |key: String, what: String, printed: Option<Fixed>, computed: Option<Fixed>| {
            if let (Some(p), Some(c)) = (printed, computed)
                && !layout::same_figure(p, c)
            {
                found.push((at(&key), format!("the page prints {what} {p}, but the ratings give {c}")));
            }
        };
        let headline = method.def.figures.iter().find(|f| f.display.headline.is_some());
        let label = |id: &str| lines.line(id).map_or_else(|| id.to_owned(), |l| l.label.clone());
        for (id, value) in &printed.figures {
            let computed = now.and_then(|t| t.figure(id)).and_then(|f| f.shown);
            compare(format!("figure {id}"), format!("the {}", label(id)), Some(*value), computed);
        }
        if let Some(h) = headline {
            let computed =
                |tree: Option<&crate::index::ScoreTree>| tree.and_then(|t| t.figure(&h.id)).and_then(|f| f.headline);
            compare("headline".to_owned(), format!("the {} headline", h.label), printed.headline, computed(now));
            compare(
                "last headline".to_owned(),
                format!("last year's {} headline", h.label),
                printed.last_headline,
                computed(last),
            );
        }
        for (id, value) in &printed.last_figures {
            let computed = last.and_then(|t| t.figure(id)).and_then(|f| f.shown);
            compare(format!("last figure {id}"), format!("last year's {}", label(id)), Some(*value), computed);
        }
        for (line, id, value) in &self.group_figures {
            let computed = now.and_then(|t| t.figure(id)).and_then(|f| f.shown);
            if let Some(c) = computed
                && !layout::same_figure(*value, c)
            {
                found.push((*line, format!("the page prints the {} {value}, but the ratings give {c}", label(id))));
            }
        }
        let class = method.def.classifications.first().map(|c| c.label.to_lowercase()).unwrap_or_default();
        let mut labels = |key: &str, what: String, printed: Option<&String>, computed: Option<&str>| {
            if let (Some(p), Some(c)) = (printed, computed)
                && p != c
            {
                found.push((at(key), format!("the page prints {what} \"{p}\", but the ratings give \"{c}\"")));
            }
        };
        labels("classification", format!("the {class}"), printed.classification.as_ref(), card.classification());
        for (id, printed_class) in &printed.classes {
            let computed = now.and_then(|t| t.classification(id)).and_then(|c| c.class.as_deref());
            let what =
                method.def.classifications.iter().find(|c| c.id == *id).map_or(id.as_str(), |c| c.label.as_str());
            labels(&format!("class {id}"), format!("the {}", what.to_lowercase()), Some(printed_class), computed);
        }
        labels(
            "last classification",
            format!("last year's {class}"),
            printed.last_classification.as_ref(),
            card.classification_last(),
        );
        if now.is_none() && !printed.figures.is_empty() {
            let key = printed.figures.first().map(|(id, _)| format!("figure {id}")).unwrap_or_default();
            found.push((at(&key), "the page prints a score, but no category ratings were read to check it".to_owned()));
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

/// The figures a page prints, in words: "the Democracy Score 3.11", "last year's classification …",
/// each named by the methodology's label.
fn printed_figures(printed: &Printed, method: &Methodology) -> Vec<String> {
    let label =
        |id: &str| method.def.figures.iter().find(|f| f.id == id).map_or_else(|| id.to_owned(), |f| f.label.clone());
    let headline = method.def.figures.iter().find(|f| f.display.headline.is_some()).map(|f| f.label.as_str());
    let class = method.def.classifications.first().map(|c| c.label.to_lowercase()).unwrap_or_default();
    let mut out = Vec::new();
    for f in &method.def.figures {
        if let Some(value) = printed.figure(&f.id) {
            out.push(format!("the {} {value}", label(&f.id)));
        }
    }
    if let (Some(h), Some(value)) = (headline, printed.headline) {
        out.push(format!("the {h} headline {value}"));
    }
    if let Some(c) = &printed.classification {
        out.push(format!("the {class} \"{c}\""));
    }
    for f in &method.def.figures {
        if let Some(value) = printed.last_figure(&f.id) {
            out.push(format!("last year's {} {value}", label(&f.id)));
        }
    }
    if let (Some(h), Some(value)) = (headline, printed.last_headline) {
        out.push(format!("last year's {h} headline {value}"));
    }
    if let Some(c) = &printed.last_classification {
        out.push(format!("last year's {class} \"{c}\""));
    }
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

/// `hay` without `suffix` at its end, ignoring ASCII case.
fn strip_suffix_ci<'a>(hay: &'a str, suffix: &str) -> Option<&'a str> {
    let at = hay.len().checked_sub(suffix.len())?;
    let tail = hay.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &hay[..at])
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

    /// The Freedom in the World sample in the text export's layout.
    fn freedonia() -> (String, Methodology) {
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| unreachable!());
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/freedonia-2025.ron");
        let chapter = crate::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
        (crate::export::text::render(&chapter, &fiw), fiw)
    }

    #[test]
    fn a_freedom_in_the_world_header_and_group_headings_are_read_and_checked() {
        let (text, fiw) = freedonia();
        let imported = import_text(&text, &fiw).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(imported.warnings, []);
        let p = &imported.printed;
        let shown = |f: Option<Fixed>| f.map(|f| f.to_string());
        assert_eq!(p.classification.as_deref(), Some("Partly Free"));
        assert_eq!(shown(p.figure("Total")).as_deref(), Some("52"));
        assert_eq!(shown(p.figure("Ratings mean")).as_deref(), Some("4.0"));
        assert_eq!(p.figures.len(), fiw.def.figures.len());
        assert_eq!(p.classes, [("Electoral democracy".to_owned(), "No".to_owned())]);
        assert_eq!(shown(p.last_figure("Total")).as_deref(), Some("53"));
        assert_eq!(p.last_classification.as_deref(), Some("Partly Free"));
        // Figures that disagree with the ratings, in the header and on a group's heading.
        let changed = text
            .replacen("Electoral democracy No", "Electoral democracy Yes", 1)
            .replacen("53\u{a0}/\u{a0}100\u{a0}Partly Free", "54\u{a0}/\u{a0}100\u{a0}Partly Free", 1)
            .replacen("A. Electoral Process 6\u{a0}/\u{a0}12", "A. Electoral Process 7\u{a0}/\u{a0}12", 1);
        let line = |start: &str| changed.lines().position(|l| l.starts_with(start)).map_or(0, |i| i + 1);
        let imported = import_text(&changed, &fiw).unwrap_or_else(|e| panic!("{e}"));
        let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                format!(
                    "line {}: the page prints the electoral democracy \"Yes\", but the ratings give \"No\"",
                    line("Electoral democracy")
                ),
                format!(
                    "line {}: the page prints last year's Global Freedom Score 54, but the ratings give 53",
                    line("54")
                ),
                format!(
                    "line {}: the page prints the Electoral Process 7, but the ratings give 6",
                    line("A. Electoral Process")
                ),
            ]
        );
        // The chapter is read all the same.
        assert_eq!(imported.chapter.categories.iter().filter(|e| e.rating.is_some()).count(), 25);
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
