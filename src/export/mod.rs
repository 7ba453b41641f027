//! Export: a finished chapter as HTML, Markdown, DOCX, plain text or PDF.
//!
//! This module owns what every format shares: the [`Format`] names, the numbering of
//! footnotes ([`Numbering`]: 1..n in order of first appearance in reading order, then the
//! footnotes no text cites, in list order), the splitting of a text into plain runs and note
//! references ([`pieces`]), the methodology blurb, and the gate that refuses a chapter with
//! error findings unless forced ([`export_checked`]). Each format lives in its own module;
//! [`export`] dispatches. The editor's File ▸ Export and `rapporteur export` call the same
//! functions.
//!
//! Anonymity: when a chapter's authors are [`Authors::Anonymous`](crate::model::Authors), no
//! format writes a name, and no format ever writes anything taken from the machine (user
//! name, host name, paths, clock): output depends on the chapter and the methodology only, so
//! exporting twice gives the same bytes.

#[cfg(feature = "pdf")]
pub mod book;
pub(crate) mod docx;
pub(crate) mod html;
mod markdown;
#[cfg(feature = "pdf")]
mod pdf;
pub mod text;

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;

use crate::findings::{Finding, Severity};
use crate::index::{Classify, Compute, Expr, Node, Sign};
use crate::method::Methodology;
use crate::model::{Chapter, Footnote, Section, TextBlock, markers};
use crate::score::{CardLine, CardLines, LineKind, ScoreCard};

/// A format a chapter can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One self-contained, print-ready HTML5 page.
    Html,
    /// Pandoc-flavoured Markdown with `[^n]` footnotes.
    Markdown,
    /// A Word document with real footnotes.
    Docx,
    /// Plain text in the published web layout (what the importer reads back).
    Text,
    /// A typeset PDF with footnotes at the foot of each page (only in builds with the `pdf`
    /// feature: see [`Format::available`]).
    Pdf,
}

impl Format {
    /// Every format this build can write, in menu order.
    #[cfg(feature = "pdf")]
    pub const ALL: [Self; 5] = [Self::Html, Self::Markdown, Self::Docx, Self::Pdf, Self::Text];

    /// Every format this build can write, in menu order (this build has no PDF export).
    #[cfg(not(feature = "pdf"))]
    pub const ALL: [Self; 4] = [Self::Html, Self::Markdown, Self::Docx, Self::Text];

    /// Whether this build can write the format: every format but PDF always, PDF with the
    /// `pdf` feature (on by default).
    #[must_use]
    pub fn available(self) -> bool {
        self != Self::Pdf || cfg!(feature = "pdf")
    }

    /// The short name the command line takes: `html`, `md`, `docx`, `txt`, `pdf`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Markdown => "md",
            Self::Docx => "docx",
            Self::Text => "txt",
            Self::Pdf => "pdf",
        }
    }

    /// The usual file extension (without the dot); the same as [`Format::name`].
    #[must_use]
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// A label for menus and file dialogs.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Html => "Web page (HTML)",
            Self::Markdown => "Markdown (Pandoc)",
            Self::Docx => "Word document (DOCX)",
            Self::Text => "Plain text (web layout)",
            Self::Pdf => "PDF (typeset)",
        }
    }

    /// The format named `name` (`html`/`htm`, `md`/`markdown`, `docx`, `txt`/`text`, `pdf`), any
    /// case. `pdf` is known even to a build without PDF export ([`Format::available`] says).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(Self::Html),
            "md" | "markdown" => Some(Self::Markdown),
            "docx" => Some(Self::Docx),
            "txt" | "text" => Some(Self::Text),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a chapter could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The chapter has error findings and the export was not forced.
    #[error("the chapter has {} error finding{} to fix before export (or export anyway with --force)", errors.len(), if errors.len() == 1 { "" } else { "s" })]
    Blocked {
        /// The error findings, in chapter order.
        errors: Vec<Finding>,
    },
    /// The Word document could not be assembled.
    #[error("cannot assemble the Word document: {0}")]
    Docx(String),
    /// typst could not typeset the PDF.
    #[error("cannot typeset the PDF: {0}")]
    Pdf(String),
    /// This build was made without the `pdf` feature.
    #[error("this build of Rapporteur has no PDF export (it was built without the `pdf` feature)")]
    PdfUnavailable,
}

/// The chapter as `format`, bytes ready to write. Does not check findings: see
/// [`export_checked`].
pub fn export(chapter: &Chapter, method: &Methodology, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Html => Ok(html::render(chapter, method).into_bytes()),
        Format::Markdown => Ok(markdown::render(chapter, method).into_bytes()),
        Format::Text => Ok(text::render(chapter, method).into_bytes()),
        Format::Docx => docx::render(chapter, method),
        #[cfg(feature = "pdf")]
        Format::Pdf => pdf::render(chapter, method),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(ExportError::PdfUnavailable),
    }
}

/// Like [`export`], but refuses a chapter with error findings (from
/// [`crate::findings::check`]) unless `force` is set.
pub fn export_checked(
    chapter: &Chapter,
    method: &Methodology,
    format: Format,
    force: bool,
) -> Result<Vec<u8>, ExportError> {
    export_gated(chapter, method, format, force, crate::findings::check)
}

/// Like [`export_checked`], with the checks passed in: `check` gives the chapter's findings.
/// The errors among them block the export unless `force` is set; warnings and notes never do.
pub fn export_gated(
    chapter: &Chapter,
    method: &Methodology,
    format: Format,
    force: bool,
    check: impl FnOnce(&Chapter, &Methodology) -> Vec<Finding>,
) -> Result<Vec<u8>, ExportError> {
    if !force {
        let errors: Vec<Finding> =
            check(chapter, method).into_iter().filter(|f| f.severity == Severity::Error).collect();
        if !errors.is_empty() {
            return Err(ExportError::Blocked { errors });
        }
    }
    export(chapter, method, format)
}

/// A footnote with the number it is published under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberedNote<'c> {
    /// The published number, from 1.
    pub number: usize,
    /// The footnote.
    pub footnote: &'c Footnote,
    /// Whether any text cites it (an uncited footnote is numbered after all cited ones).
    pub cited: bool,
}

/// The published numbering of a chapter's footnotes.
///
/// Footnotes are numbered 1..n in the order their markers first appear in reading order (the
/// methodology's document outline, [`Methodology::sections`]: NIT's score changes, executive
/// summary, at-a-glance and categories; Freedom in the World's overview, key developments, score changes and
/// indicators), whatever their labels. Footnotes no marker cites follow, in list order.
/// A marker whose label names no footnote gets no number (it is left as text). When two
/// footnotes share a label, markers cite the first; the other counts as uncited.
#[derive(Clone, Debug)]
pub struct Numbering<'c> {
    notes: Vec<NumberedNote<'c>>,
    by_label: HashMap<&'c str, usize>,
    cited: usize,
}

impl<'c> Numbering<'c> {
    /// The numbering of `chapter`'s footnotes in the reading order of `method`, the
    /// chapter's methodology: what every format publishes.
    #[must_use]
    pub fn of(chapter: &'c Chapter, method: &Methodology) -> Self {
        Self::in_order(chapter, chapter.blocks_in_order(method).into_iter().map(|(_, b)| b))
    }

    /// The numbering of `chapter`'s footnotes in the reading order of the built-in methodology
    /// it names (the default one when it names none that is built in). Prefer
    /// [`Numbering::of`] with the chapter's resolved methodology.
    #[must_use]
    pub fn new(chapter: &'c Chapter) -> Self {
        let method = Methodology::builtin(&chapter.methodology).unwrap_or_else(Methodology::default_builtin);
        Self::of(chapter, &method)
    }

    fn in_order(chapter: &'c Chapter, blocks: impl Iterator<Item = &'c TextBlock>) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(chapter.footnotes.len());
        for (i, f) in chapter.footnotes.iter().enumerate() {
            index.entry(f.label.as_str()).or_insert(i);
        }
        let mut order: Vec<usize> = Vec::with_capacity(chapter.footnotes.len());
        let mut taken = vec![false; chapter.footnotes.len()];
        let mut by_label: HashMap<&'c str, usize> = HashMap::with_capacity(chapter.footnotes.len());
        for block in blocks {
            for m in markers::markers(&block.text) {
                if let Some(&i) = index.get(m.label)
                    && !taken[i]
                {
                    taken[i] = true;
                    order.push(i);
                    by_label.insert(chapter.footnotes[i].label.as_str(), order.len());
                }
            }
        }
        let cited = order.len();
        order.extend((0..chapter.footnotes.len()).filter(|&i| !taken[i]));
        let notes = order
            .iter()
            .enumerate()
            .map(|(k, &i)| NumberedNote { number: k + 1, footnote: &chapter.footnotes[i], cited: k < cited })
            .collect();
        Self { notes, by_label, cited }
    }

    /// The number markers with this label show, if the label names a footnote.
    #[must_use]
    pub fn number(&self, label: &str) -> Option<usize> {
        self.by_label.get(label).copied()
    }

    /// Every footnote in published order: cited ones (1..=[`Numbering::cited`]), then the rest.
    #[must_use]
    pub fn notes(&self) -> &[NumberedNote<'c>] {
        &self.notes
    }

    /// How many footnotes some text cites; they are numbered 1..=this.
    #[must_use]
    pub fn cited(&self) -> usize {
        self.cited
    }
}

/// A piece of a text block: plain text, or a reference to a numbered footnote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written (markers whose label names no footnote stay in it, as written).
    Text(&'a str),
    /// A footnote reference: the footnote's published number.
    Note(usize),
}

/// `text` cut into plain text and footnote references, in order, using the one marker
/// scanner ([`markers::markers`]). Empty text pieces are left out.
#[must_use]
pub fn pieces<'a>(text: &'a str, numbering: &Numbering<'_>) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut at = 0;
    for m in markers::markers(text) {
        if let Some(n) = numbering.number(m.label) {
            if m.range.start > at {
                out.push(Piece::Text(&text[at..m.range.start]));
            }
            out.push(Piece::Note(n));
            at = m.range.end;
        }
    }
    if at < text.len() {
        out.push(Piece::Text(&text[at..]));
    }
    out
}

/// A number from the methodology file without needless decimals: 7 → "7", 2.5 → "2.5".
fn bound(v: crate::index::Value) -> String {
    v.to_string()
}

/// Item `code`'s scale as the score card and headings show its ends: the lowest and highest
/// rating without needless decimals ("1", "7"; "0", "4").
pub(crate) fn scale_ends(method: &Methodology, code: &str) -> Option<(String, String)> {
    let s = method.def.scale_of(code)?;
    Some((bound(s.min), bound(s.max)))
}

/// The top of item `code`'s scale as a heading shows it after the rating ("7", "4"); a dash
/// for an item the methodology does not know.
pub(crate) fn scale_max(method: &Methodology, code: &str) -> String {
    scale_ends(method, code).map_or_else(|| "\u{2014}".to_owned(), |(_, max)| max)
}

/// A rating of item `code` as its scale shows it ("1.25", "3"), or an em dash when unrated.
pub(crate) fn show_rating(method: &Methodology, code: &str, r: Option<crate::Rating>) -> String {
    r.map_or_else(|| "\u{2014}".to_owned(), |r| method.show(code, r))
}

/// Whether the methodology numbers its items within groups (Freedom in the World's "A1", BTI's "1.1"): then an
/// item's code is part of its heading. An index without groups (NIT) names items alone.
pub(crate) fn numbered(method: &Methodology) -> bool {
    method.def.outline.iter().any(|n| matches!(n, Node::Group(_)))
}

/// An item's (or narrated group's) heading: its name, after its code where the methodology
/// numbers its items ("A1 Head of government elected", "1. Stateness"; NIT's "Corruption").
pub(crate) fn item_title(method: &Methodology, code: &str) -> String {
    if !method.is_item(code)
        && let Some(g) = find_group(&method.def.outline, code)
    {
        return group_title(g);
    }
    let name = method.category(code).map_or(code, |d| d.name.as_str());
    if numbered(method) && name != code { format!("{code} {name}") } else { name.to_owned() }
}

/// A group's heading: "A. Electoral Process" where the group's code numbers its items (each
/// item directly in it has a code starting with the group's: A → A1, 1 → 1.1), else its name
/// ("Political Rights").
fn group_title(g: &crate::index::GroupDef) -> String {
    let mut items = g.children.iter().filter_map(|n| match n {
        Node::Item(i) => Some(i.code.as_str()),
        Node::Group(_) => None,
    });
    let first = items.next();
    let numbers = first.is_some_and(|f| f.starts_with(&g.code) && f != g.code)
        && items.all(|c| c.starts_with(&g.code) && c != g.code);
    if numbers { format!("{}. {}", g.code, g.name) } else { g.name.clone() }
}

fn find_group<'d>(nodes: &'d [Node], code: &str) -> Option<&'d crate::index::GroupDef> {
    nodes.iter().find_map(|n| match n {
        Node::Group(g) if g.code == code => Some(g),
        Node::Group(g) => find_group(&g.children, code),
        Node::Item(_) => None,
    })
}

/// The groups above each item and group of the outline, outermost first.
fn group_paths(method: &Methodology) -> HashMap<String, Vec<&crate::index::GroupDef>> {
    fn walk<'d>(
        nodes: &'d [Node],
        path: &mut Vec<&'d crate::index::GroupDef>,
        out: &mut HashMap<String, Vec<&'d crate::index::GroupDef>>,
    ) {
        for n in nodes {
            match n {
                Node::Item(i) => {
                    out.entry(i.code.clone()).or_insert_with(|| path.clone());
                }
                Node::Group(g) => {
                    out.entry(g.code.clone()).or_insert_with(|| path.clone());
                    path.push(g);
                    walk(&g.children, path, out);
                    path.pop();
                }
            }
        }
    }
    let mut out = HashMap::new();
    walk(&method.def.outline, &mut Vec::new(), &mut out);
    out
}

/// A value with what follows it: "1.29 / 7", "Not Free".
pub(crate) fn with_suffix(value: &str, suffix: Option<&str>) -> String {
    match suffix {
        Some(s) if !s.is_empty() => format!("{value} {s}"),
        _ => value.to_owned(),
    }
}

/// An item's rating as a section shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ItemRating {
    /// The item's code.
    pub code: String,
    /// Its heading ([`item_title`]).
    pub title: String,
    /// What the web layout heads it with: its code where the methodology numbers items (as
    /// Freedom House's pages show "A1"), else its name.
    pub short: String,
    /// Its guiding question(s).
    pub description: String,
    /// This year's rating as its scale shows it, or an em dash.
    pub rating: String,
    /// The top of its scale without needless decimals ("7", "4").
    pub max: String,
    /// The ends of its scale as ratings are shown ("1.00", "7.00"; "0", "4").
    pub range: (String, String),
}

impl ItemRating {
    fn new(method: &Methodology, chapter: &Chapter, code: &str) -> Self {
        let rating = chapter.category(code).and_then(|c| c.rating);
        let scale = method.scale(code);
        Self {
            code: code.to_owned(),
            title: item_title(method, code),
            short: if numbered(method) {
                code.to_owned()
            } else {
                method.category(code).map_or_else(|| code.to_owned(), |d| d.name.clone())
            },
            description: method.category(code).map(|d| d.description.clone()).unwrap_or_default(),
            rating: show_rating(method, code, rating),
            max: scale_max(method, code),
            range: scale
                .map_or_else(|| ("\u{2014}".to_owned(), "\u{2014}".to_owned()), |s| (s.show(s.min), s.show(s.max))),
        }
    }

    /// The rating out of its scale's top, both as the scale shows ratings: "1.25 / 7.00",
    /// "3 / 4", "— / 4".
    pub fn out_of(&self) -> String {
        format!("{} / {}", self.rating, self.range.1)
    }

    /// The rating out of its scale's top without needless decimals, as the PDF's headings
    /// (and their bookmarks) show it: "1.25 / 7", "3 / 4".
    pub fn out_of_top(&self) -> String {
        format!("{} / {}", self.rating, self.max)
    }
}

/// What a section of the outline is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// The score-change items (always a list).
    ScoreChanges,
    /// A text section's paragraphs.
    Text,
    /// A rated item's justification.
    Item(ItemRating),
    /// A narrated group (a BTI criterion): its items' ratings, then its narrative.
    Group(Vec<ItemRating>),
}

/// One section of the document outline, ready to lay out.
#[derive(Clone, Debug)]
pub(crate) struct Entry<'c> {
    /// Its heading: "Score changes in 2024", "Executive Summary", "Corruption", "A1 …".
    pub title: String,
    /// How many group headings it sits under (0 for every NIT section).
    pub depth: usize,
    /// Its blocks.
    pub blocks: &'c [TextBlock],
    /// Whether the blocks are a bulleted list (score changes; bullet justifications) rather
    /// than paragraphs.
    pub bullets: bool,
    /// What it is.
    pub kind: EntryKind,
}

/// One step of a chapter's document outline: a group heading, or a section.
#[derive(Clone, Debug)]
pub(crate) enum Part<'c> {
    /// A heading over the sections that follow (Freedom in the World's "Political Rights", "A. Electoral
    /// Process"), `depth` groups deep (0 outermost), with the group's figure as shown ("9 /
    /// 12") when it has one this year.
    Group {
        /// Its heading ([`group_title`]).
        title: String,
        /// How deep it sits.
        depth: usize,
        /// Its figure as shown with its suffix, when computed.
        score: Option<String>,
    },
    /// A section.
    Section(Entry<'c>),
}

/// The chapter's document outline under `method`: its sections in the methodology's reading
/// order ([`Methodology::sections`]), with a heading for each group of the methodology's
/// outline where the items under it begin. `card` is the chapter's score card (for the groups'
/// figures). Every format lays out this. An optional item the chapter leaves out (unrated
/// both years, with no text: Freedom in the World's discretionary questions, asked only where they apply) has
/// no section, unless `all` (a review copy, where a comment may be on it).
pub(crate) fn outline<'c>(chapter: &'c Chapter, method: &Methodology, card: &CardLines, all: bool) -> Vec<Part<'c>> {
    let paths = group_paths(method);
    let bullets = method.justification() == crate::method::Justification::Bullets;
    let mut open: Vec<&str> = Vec::new();
    let mut parts = Vec::new();
    for section in method.sections(chapter) {
        if !all
            && let Section::Category(code) = &section
            && left_out(chapter, method, code)
        {
            continue;
        }
        let path: &[&crate::index::GroupDef] = match &section {
            Section::Category(code) => paths.get(code).map_or(&[], Vec::as_slice),
            Section::ScoreChanges | Section::Text(_) => &[],
        };
        let keep = open.iter().zip(path).take_while(|(a, g)| **a == g.code).count();
        open.truncate(keep);
        for g in &path[keep..] {
            let score = g
                .figure
                .as_deref()
                .and_then(|f| card.line(f))
                .and_then(|l| l.this_year.as_deref().map(|v| with_suffix(v, l.suffix.as_deref())));
            parts.push(Part::Group { title: group_title(g), depth: open.len(), score });
            open.push(&g.code);
        }
        let blocks = section.blocks(chapter).unwrap_or(&[]);
        let (title, kind, list) = match &section {
            Section::ScoreChanges => {
                (format!("{} in {}", section.title(method), chapter.edition), EntryKind::ScoreChanges, true)
            }
            Section::Text(_) => (section.title(method), EntryKind::Text, false),
            Section::Category(code) if method.is_item(code) || method.category(code).is_none() => {
                let item = ItemRating::new(method, chapter, code);
                (item.title.clone(), EntryKind::Item(item), bullets)
            }
            Section::Category(code) => {
                let mut inside = Vec::new();
                collect_items(&method.def.outline, code, false, &mut inside);
                let items = inside
                    .into_iter()
                    .filter(|c| chapter.category(c).is_some())
                    .map(|c| ItemRating::new(method, chapter, c))
                    .collect();
                (item_title(method, code), EntryKind::Group(items), bullets)
            }
        };
        parts.push(Part::Section(Entry { title, depth: open.len(), blocks, bullets: list, kind }));
    }
    parts
}

/// Whether item `code` is an optional one `chapter` leaves out: unrated this year and last,
/// with no text.
fn left_out(chapter: &Chapter, method: &Methodology, code: &str) -> bool {
    method.def.item(code).is_some_and(|i| i.optional)
        && chapter.category(code).is_none_or(|c| c.rating.is_none() && c.last_year.is_none() && c.bullets.is_empty())
}

/// The codes of the items under group `code`.
fn collect_items<'d>(nodes: &'d [Node], code: &str, inside: bool, out: &mut Vec<&'d str>) {
    for n in nodes {
        match n {
            Node::Item(i) if inside => out.push(&i.code),
            Node::Item(_) => {}
            Node::Group(g) => collect_items(&g.children, code, inside || g.code == code, out),
        }
    }
}

/// The paragraph under the score card that says how to read it, written from the
/// methodology's file: the items' scales, how each figure is computed, what each
/// classification is read from, and where the methodology is published.
#[must_use]
pub fn methodology_blurb(method: &Methodology) -> String {
    let def = &method.def;
    let mut sentences: Vec<String> = scales_sentence(method).into_iter().collect();
    // Figures that add up or average their own items, said once for all when there are many
    // (Freedom in the World's seven subcategories, BTI's seventeen criteria).
    let all_items = |refs: &[&str]| refs.iter().all(|r| method.is_item(r));
    let of_items = |f: &crate::index::FigureDef, mean: bool| {
        let refs = f.compute.refs();
        match &f.compute {
            Compute::Mean(_) => mean && all_items(&refs),
            Compute::Sum(list) => !mean && all_items(&refs) && list.iter().all(|c| !subtracted(method, c)),
            _ => false,
        }
    };
    let mut grouped: Vec<&str> = Vec::new();
    for (mean, what) in [(false, "sum"), (true, "mean")] {
        let alike: Vec<&crate::index::FigureDef> = def.figures.iter().filter(|f| of_items(f, mean)).collect();
        if alike.len() > 3 {
            let labels: Vec<String> = alike.iter().map(|f| f.label.clone()).collect();
            let given = if mean { " (those given)" } else { "" };
            sentences.push(format!("{} are each the {what} of the ratings of their items{given}.", join(&labels)));
            grouped.extend(alike.iter().map(|f| f.id.as_str()));
        }
    }
    for f in def.figures.iter().filter(|f| !grouped.contains(&f.id.as_str())) {
        sentences.push(figure_sentence(method, f));
    }
    for c in &def.classifications {
        sentences.push(class_sentence(method, c));
    }
    sentences.push(match def.sources.first() {
        Some(source) => format!("The methodology explains how ratings are set: {source}"),
        None => "The methodology explains how ratings are set.".to_owned(),
    });
    sentences.join(" ")
}

/// The scales the items are rated on: the one most items use, then the others with the items
/// rated on them ("Each rating runs from 1 to 10 (10 best); 13.1 and 13.2 from 1 to 10 (1
/// best)."); `None` for a methodology without items.
fn scales_sentence(method: &Methodology) -> Option<String> {
    let def = &method.def;
    let range = |id: &str| {
        def.scales.iter().find(|s| s.id == id).map(|s| {
            let (min, max) = (bound(s.min), bound(s.max));
            let best = if s.best == crate::index::Best::High { &max } else { &min };
            format!("from {min} to {max} ({best} best)")
        })
    };
    let mut scales: Vec<(String, Vec<String>)> = Vec::new();
    for i in def.items() {
        let Some(r) = range(&i.scale) else { continue };
        match scales.iter_mut().find(|(have, _)| *have == r) {
            Some((_, codes)) => codes.push(i.code.clone()),
            None => scales.push((r, vec![i.code.clone()])),
        }
    }
    scales.sort_by_key(|(_, codes)| std::cmp::Reverse(codes.len()));
    let ((most, _), others) = scales.split_first()?;
    let mut s = format!("Each rating runs {most}");
    for (r, codes) in others {
        let _ = write!(s, "; {} {r}", join(codes));
    }
    s.push('.');
    Some(s)
}

/// What the blurb calls an item or figure: a figure by its label, an item by its code where
/// the methodology numbers items, else by its name.
fn ref_name(method: &Methodology, code: &str) -> String {
    if let Some(f) = method.def.figures.iter().find(|f| f.id == code) {
        f.label.clone()
    } else if numbered(method) {
        code.to_owned()
    } else {
        method.category(code).map_or_else(|| code.to_owned(), |c| c.name.clone())
    }
}

/// How a figure is computed, in a sentence.
fn figure_sentence(method: &Methodology, f: &crate::index::FigureDef) -> String {
    let name = |code: &str| ref_name(method, code);
    let refs = f.compute.refs();
    let all_items = refs.iter().all(|r| method.is_item(r));
    let names = |list: &[&str]| join(&list.iter().map(|c| name(c)).collect::<Vec<_>>());
    match &f.compute {
        Compute::Mean(_) if all_items => {
            format!("{} is the mean of {} (those given).", f.label, items_phrase(method, &refs, &name))
        }
        Compute::Sum(list) if all_items && list.iter().all(|c| !subtracted(method, c)) => {
            format!("{} is the sum of {}.", f.label, items_phrase(method, &refs, &name))
        }
        Compute::Sum(list) => {
            let (taken, added): (Vec<&str>, Vec<&str>) =
                list.iter().map(String::as_str).partition(|c| subtracted(method, c));
            let mut t = format!("{} is the sum of {}", f.label, names(&added));
            if !taken.is_empty() {
                let _ = write!(t, ", less {}", names(&taken));
            }
            t.push('.');
            t
        }
        Compute::Mean(_) => format!("{} is the mean of {}.", f.label, names(&refs)),
        Compute::WeightedMean(list) => format!(
            "{} is the weighted mean of {}.",
            f.label,
            join(&list.iter().map(|(c, w)| format!("{} (weight {w})", name(c))).collect::<Vec<_>>())
        ),
        Compute::Rescale(r) => format!("{} puts {} on a scale from {} to {}.", f.label, name(&r.of), r.to.0, r.to.1),
        Compute::Lookup(l) => {
            let low = l.table.iter().map(|r| r.value).min_by(|a, b| a.compare(*b));
            let high = l.table.iter().map(|r| r.value).max_by(|a, b| a.compare(*b));
            match low.zip(high) {
                Some((low, high)) => {
                    let best = if f.best == crate::index::Best::High { high } else { low };
                    format!("{} is read from {} in a table, from {low} to {high} ({best} best).", f.label, name(&l.of))
                }
                None => format!("{} is read from {} in a table.", f.label, name(&l.of)),
            }
        }
        Compute::Formula(e) => format!("{} is {}.", f.label, formula(e, &name, false)),
    }
}

/// What a classification is read from, in a sentence, with its classes.
fn class_sentence(method: &Methodology, c: &crate::index::ClassificationDef) -> String {
    let def = &method.def;
    let classes = join_with(&c.rule.labels().iter().map(|l| (*l).to_owned()).collect::<Vec<_>>(), "or");
    match &c.rule {
        Classify::Bands(b) => format!("{} ({classes}) is read from {}.", c.label, ref_name(method, &b.of)),
        Classify::Rules(rules) => {
            let mut refs: Vec<String> = Vec::new();
            for r in rules {
                let names = r.when.refs().into_iter().map(|code| ref_name(method, code));
                let classes = r.when.classes().into_iter().map(|(id, _)| {
                    def.classifications.iter().find(|c| c.id == id).map_or_else(|| id.to_owned(), |c| c.label.clone())
                });
                for n in names.chain(classes) {
                    if !refs.contains(&n) {
                        refs.push(n);
                    }
                }
            }
            if refs.is_empty() {
                format!("{} is {classes}.", c.label)
            } else {
                format!("{} ({classes}) follows from {}.", c.label, join(&refs))
            }
        }
    }
}

/// Whether item `code` is subtracted from the sums it is in.
fn subtracted(method: &Methodology, code: &str) -> bool {
    method.def.item(code).is_some_and(|i| i.sign == Sign::Subtract)
}

/// Items' ratings in a sentence: "the ratings of A1, A2 and A3" where items are numbered or
/// there are at most three, else "the 7 ratings".
fn items_phrase(method: &Methodology, refs: &[&str], name: &dyn Fn(&str) -> String) -> String {
    if numbered(method) || refs.len() <= 3 {
        format!("the ratings of {}", join(&refs.iter().map(|r| name(r)).collect::<Vec<_>>()))
    } else {
        format!("the {} ratings", refs.len())
    }
}

/// A formula in words: labels, numbers, +, −, ×, / and parentheses where needed.
fn formula(e: &Expr, name: &dyn Fn(&str) -> String, inner: bool) -> String {
    let wrap = |s: String| if inner { format!("({s})") } else { s };
    match e {
        Expr::Num(v) => v.to_string(),
        Expr::Ref(code) => name(code),
        Expr::Add(a, b) => wrap(format!("{} + {}", formula(a, name, false), formula(b, name, false))),
        Expr::Sub(a, b) => wrap(format!("{} - {}", formula(a, name, false), formula(b, name, true))),
        Expr::Mul(a, b) => format!("{} \u{d7} {}", formula(a, name, true), formula(b, name, true)),
        Expr::Div(a, b) => format!("{} / {}", formula(a, name, true), formula(b, name, true)),
        Expr::Mean(list) => {
            format!("the mean of {}", join(&list.iter().map(|x| formula(x, name, true)).collect::<Vec<_>>()))
        }
    }
}

/// "a", "a and b", "a, b and c".
fn join(words: &[String]) -> String {
    join_with(words, "and")
}

fn join_with(words: &[String], last: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// The score card's lines ([`ScoreCard::lines`]) of `chapter`: every format lays out these.
pub(crate) fn card_lines(chapter: &Chapter, method: &Methodology) -> CardLines {
    let mut lines = ScoreCard::compute(chapter, method).lines(chapter, method);
    lines.categories.retain(|l| !matches!(&l.kind, LineKind::Category(code) if left_out(chapter, method, code)));
    for l in &mut lines.categories {
        if let LineKind::Category(code) = &l.kind {
            l.label = item_title(method, code);
        }
    }
    lines
}

/// The score card laid out: what each format shows, in order, from [`CardLines`].
pub(crate) struct CardView<'l> {
    /// The first classification (NIT's regime type, Freedom in the World's status): shown first, large.
    pub status: Option<&'l CardLine>,
    /// The figures' headline lines (NIT's "5 / 100"), shown large.
    pub headlines: Vec<&'l CardLine>,
    /// Every figure: those with a headline first, then the rest in the file's order.
    pub figures: Vec<&'l CardLine>,
    /// The classifications after the first (Freedom in the World's electoral democracy).
    pub classes: Vec<&'l CardLine>,
    /// Last year's figure and status, when last year is rated.
    pub last_year: Option<LastYearStatus<'l>>,
}

impl<'l> CardView<'l> {
    /// The view of `lines`, `method`'s card.
    pub(crate) fn new(lines: &'l CardLines, method: &Methodology) -> Self {
        let lead = lead_figure(lines, method);
        let figure_lines = lines.figures.iter().filter(|l| matches!(l.kind, LineKind::Figure(_)));
        let (mut figures, rest): (Vec<&CardLine>, Vec<&CardLine>) =
            figure_lines.partition(|l| matches!(&l.kind, LineKind::Figure(id) if Some(id.as_str()) == lead));
        figures.extend(rest);
        let mut classes = lines.figures.iter().filter(|l| l.is_class());
        let status = classes.next();
        Self {
            status,
            headlines: lines.figures.iter().filter(|l| matches!(l.kind, LineKind::Headline(_))).collect(),
            figures,
            classes: classes.collect(),
            last_year: last_year_status(lines, method),
        }
    }
}

/// The figure a score card leads with and gives last year's value of: the file's `headline`
/// (Freedom in the World's Global Freedom Score); else the one the file gives a headline
/// number (NIT's Democracy Percentage, "5 / 100"); else the first whose changes the file asks
/// to explain (BTI's Status Index); else the one figure every other leads up to, which no
/// figure or classification reads (Freedom in the World's Global Freedom Score); else the first.
fn lead_figure<'l>(lines: &'l CardLines, method: &'l Methodology) -> Option<&'l str> {
    let def = &method.def;
    let headlined = lines.figures.iter().find_map(|l| match &l.kind {
        LineKind::Headline(id) => Some(id.as_str()),
        _ => None,
    });
    let read: Vec<&str> = def
        .figures
        .iter()
        .flat_map(|f| f.compute.refs())
        .chain(def.classifications.iter().flat_map(|c| match &c.rule {
            Classify::Bands(b) => vec![b.of.as_str()],
            Classify::Rules(rules) => rules.iter().flat_map(|r| r.when.refs()).collect(),
        }))
        .collect();
    def.headline
        .as_deref()
        .or(headlined)
        .or_else(|| def.changes.figures.first().map(String::as_str))
        .or_else(|| def.figures.iter().map(|f| f.id.as_str()).find(|id| !read.contains(id)))
        .or_else(|| def.figures.first().map(|f| f.id.as_str()))
}

/// Last year's status as the card shows it: the figure the card leads with ([`lead_figure`]:
/// its headline where it has one, NIT's percentage) with its suffix, and the first
/// classification. `None` when last year is not rated.
pub(crate) struct LastYearStatus<'l> {
    /// The figure's label: "Democracy Percentage".
    pub what: &'l str,
    /// Its value last year: "5".
    pub figure: &'l str,
    /// Its suffix: "/ 100".
    pub suffix: Option<&'l str>,
    /// Last year's first classification: "Consolidated Authoritarian Regime".
    pub classification: &'l str,
}

/// See [`LastYearStatus`].
pub(crate) fn last_year_status<'l>(lines: &'l CardLines, method: &Methodology) -> Option<LastYearStatus<'l>> {
    if !lines.last_year_rated {
        return None;
    }
    let classification = lines.classification().map_or("", CardLine::last_year_shown);
    let id = lead_figure(lines, method)?;
    let figure = lines.line(id)?;
    let value = lines.figures.iter().find(|l| matches!(&l.kind, LineKind::Headline(h) if h == id)).unwrap_or(figure);
    Some(LastYearStatus {
        what: &figure.label,
        figure: value.last_year_shown(),
        suffix: value.suffix.as_deref(),
        classification,
    })
}

/// The language a chapter is published in: what every format declares (the PDF's `/Lang`,
/// HTML's `lang`, the Word document's `w:lang`) so that a screen reader speaks the text in the
/// right voice and hyphenation follows the right rules.
///
/// It comes from the chapter's spelling dictionary ([`crate::model::Spelling::language`]:
/// `en_US` gives `en` in the region `US`), and is English (`en`, no region) when the chapter
/// names none or names something that is not a language tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Language {
    /// The ISO 639 language code, lower case: `en`, `de`, `kk`.
    pub code: String,
    /// The ISO 3166 region, upper case (`US`), or a UN M.49 number (`419`), when one is named.
    pub region: Option<String>,
}

impl Language {
    /// The language `chapter` is published in.
    #[must_use]
    pub fn of(chapter: &Chapter) -> Self {
        chapter
            .spelling
            .language
            .as_deref()
            .and_then(Self::parse)
            .unwrap_or_else(|| Self { code: "en".to_owned(), region: None })
    }

    /// A dictionary's language tag (`en_US`, `de_DE_frami`, `pt-BR`, `kk`): the language and,
    /// when the next part is one, the region; `None` when the first part is not 2 or 3 letters.
    fn parse(tag: &str) -> Option<Self> {
        let mut parts = tag.split(['_', '-']);
        let code = parts.next().filter(|c| (2..=3).contains(&c.len()) && c.chars().all(|c| c.is_ascii_alphabetic()))?;
        let region = parts
            .find(|p| p.len() != 4)
            .filter(|r| {
                (r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
                    || (r.len() == 3 && r.chars().all(|c| c.is_ascii_digit()))
            })
            .map(str::to_ascii_uppercase);
        Some(Self { code: code.to_ascii_lowercase(), region })
    }

    /// The BCP 47 tag: `en`, `en-US`.
    #[must_use]
    pub fn tag(&self) -> String {
        match &self.region {
            Some(r) => format!("{}-{r}", self.code),
            None => self.code.clone(),
        }
    }
}

/// The title a published chapter shows and declares: the chapter's, or "Untitled chapter" when
/// it is blank (a PDF/UA document, a web page and a screen reader's list of headings each need
/// one; an empty title only draws a note from the checks, so such a chapter exports).
pub(crate) fn shown_title(chapter: &Chapter) -> &str {
    if chapter.title.trim().is_empty() { "Untitled chapter" } else { &chapter.title }
}

/// A rough size of a chapter's text, to allocate output once.
pub(crate) fn size_estimate(chapter: &Chapter) -> usize {
    let text: usize = chapter.text_blocks().map(|(_, b)| b.text.len() + 8).sum();
    let notes: usize =
        chapter.footnotes.iter().map(|f| f.text.len() + f.url.as_ref().map_or(0, String::len) + 16).sum();
    text + notes + 4096
}

/// A footnote's citation as one line: text, then the address, then when it was accessed.
pub(crate) fn citation(f: &Footnote) -> String {
    let mut s = f.text.trim().to_owned();
    if let Some(url) = f.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(url);
    }
    if let Some(date) = f.accessed {
        let _ = write!(s, " (accessed {})", date.format("%Y-%m-%d"));
    }
    s
}

/// `text` without characters that XML 1.0 and HTML forbid (C0 controls other than tab, line
/// feed and carriage return; U+FFFE, U+FFFF), each replaced by U+FFFD.
pub(crate) fn clean_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}';
    if text.chars().any(bad) {
        std::borrow::Cow::Owned(text.chars().map(|c| if bad(c) { '\u{FFFD}' } else { c }).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;

    fn note(chapter: &mut Chapter, label: &str) {
        chapter.add_footnote(label.to_owned(), format!("Source {label}."), None);
    }

    #[test]
    fn numbers_by_first_appearance_then_uncited_in_list_order() {
        let method = Methodology::nit_2020();
        let mut c = Chapter::new(&method, "X", 2024);
        for l in ["a", "b", "c", "d", "e"] {
            note(&mut c, l);
        }
        // Reading order: score changes, summary, glance, then categories — not list order.
        let b1 = c.new_block("Bullet[^c] and again[^a].");
        c.categories[0].bullets.push(b1);
        let summary = c.new_block("Summary[^d][^c] and [^missing].");
        c.text_mut("executive_summary").push(summary);
        let change = c.new_block("Change.[^e]");
        c.score_changes.push(change);
        let n = Numbering::of(&c, &method);
        let order: Vec<_> = n.notes().iter().map(|x| (x.number, x.footnote.label.as_str(), x.cited)).collect();
        assert_eq!(order, [(1, "e", true), (2, "d", true), (3, "c", true), (4, "a", true), (5, "b", false)]);
        assert_eq!(n.cited(), 4);
        assert_eq!(n.number("c"), Some(3));
        assert_eq!(n.number("b"), None);
        assert_eq!(n.number("missing"), None);
        let text = "Summary[^d][^c] and [^missing].";
        assert_eq!(
            pieces(text, &n),
            [Piece::Text("Summary"), Piece::Note(2), Piece::Note(3), Piece::Text(" and [^missing].")]
        );
    }

    #[test]
    fn notes_are_numbered_in_the_methodologys_reading_order() {
        // Freedom in the World reads its overview before its score changes, which a chapter
        // stores first.
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        let mut c = Chapter::new(&fiw, "X", 2025);
        for l in ["change", "overview", "a1"] {
            note(&mut c, l);
        }
        let b = c.new_block("A1: The score declined.[^change]");
        c.score_changes.push(b);
        let p = c.new_block("An overview.[^overview]");
        c.text_mut("overview").push(p);
        let p = c.new_block("A paragraph.[^a1]");
        if let Some(e) = c.category_mut("A1") {
            e.bullets.push(p);
        }
        let n = Numbering::of(&c, &fiw);
        let order: Vec<_> = n.notes().iter().map(|x| (x.number, x.footnote.label.as_str())).collect();
        assert_eq!(order, [(1, "overview"), (2, "change"), (3, "a1")]);
        assert_eq!(Numbering::new(&c).notes().iter().map(|x| x.number).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(Numbering::new(&c).number("overview"), Some(1));
    }

    #[test]
    fn duplicate_labels_cite_the_first() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2024);
        note(&mut c, "1");
        note(&mut c, "1");
        let p = c.new_block("Text[^1][^1].");
        c.text_mut("at_a_glance").push(p);
        let n = Numbering::new(&c);
        let ids: Vec<_> = n.notes().iter().map(|x| (x.number, x.footnote.id, x.cited)).collect();
        assert_eq!(ids, [(1, Id(1), true), (2, Id(2), false)]);
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(Format::from_name("MD"), Some(Format::Markdown));
        assert_eq!(Format::from_name("htm"), Some(Format::Html));
        assert_eq!(Format::from_name("PDF"), Some(Format::Pdf));
        assert_eq!(Format::from_name("ps"), None);
        if cfg!(feature = "pdf") {
            assert_eq!(Format::ALL.map(Format::name).as_slice(), ["html", "md", "docx", "pdf", "txt"]);
        } else {
            assert_eq!(Format::ALL.map(Format::name).as_slice(), ["html", "md", "docx", "txt"]);
            assert!(!Format::Pdf.available());
        }
    }

    #[test]
    fn blurb_and_scales_follow_the_file() {
        let nit = Methodology::nit_2020();
        let b = methodology_blurb(&nit);
        assert!(
            b.starts_with("Each rating runs from 1 to 7 (7 best). Democracy Score is the mean of the 7 ratings"),
            "{b}"
        );
        assert_eq!(scale_max(&nit, "LDG"), "7");
        assert_eq!(show_rating(&nit, "LDG", Some(crate::Rating::from_hundredths(150))), "1.50");
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        assert_eq!(scale_max(&fiw, "A1"), "4");
        assert_eq!(show_rating(&fiw, "A1", Some(crate::Rating::from_hundredths(300))), "3");
        assert_eq!(show_rating(&fiw, "A1", None), "\u{2014}");
        assert_eq!(item_title(&fiw, "A1"), "A1 Head of government elected");
        assert_eq!(item_title(&nit, "CO"), "Corruption");
        let bti = Methodology::builtin("bti").unwrap_or_else(|| panic!("built in"));
        assert_eq!(item_title(&bti, "1"), "1. Stateness");
    }

    #[test]
    fn the_outline_opens_each_group_once_where_its_items_begin() {
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        let c = Chapter::new(&fiw, "X", 2025);
        let card = card_lines(&c, &fiw);
        let heads: Vec<String> = outline(&c, &fiw, &card, false)
            .iter()
            .map(|p| match p {
                Part::Group { title, depth, .. } => format!("{depth} {title}"),
                Part::Section(e) => format!("{} {}", e.depth, e.title),
            })
            .collect();
        assert_eq!(
            heads[..7],
            [
                "0 Overview",
                "0 Key Developments",
                "0 Score Changes in 2025",
                "0 Political Rights",
                "1 A. Electoral Process",
                "2 A1 Head of government elected",
                "2 A2 Legislature elected"
            ]
        );
        assert!(heads.contains(&"1 C. Functioning of Government".to_owned()));
        assert!(heads.contains(&"0 Civil Liberties".to_owned()));
        // The discretionary question, unasked, is left out, but a review copy keeps it.
        assert!(!heads.iter().any(|h| h.contains("Add Q")), "{heads:?}");
        assert!(
            outline(&c, &fiw, &card, true)
                .iter()
                .any(|p| matches!(p, Part::Section(e) if e.title.starts_with("Add Q")))
        );
        assert!(!card.categories.iter().any(|l| l.label.starts_with("Add Q")));
        // NIT: no groups, every section at the top.
        let nit = Methodology::nit_2020();
        let c = Chapter::new(&nit, "X", 2024);
        let card = card_lines(&c, &nit);
        let parts = outline(&c, &nit, &card, false);
        assert_eq!(parts.len(), 10);
        assert!(parts.iter().all(|p| matches!(p, Part::Section(e) if e.depth == 0)));
    }

    #[test]
    fn the_language_comes_from_the_spelling_dictionary() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2024);
        assert_eq!(Language::of(&c).tag(), "en");
        for (dictionary, tag) in [
            ("en_US", "en-US"),
            ("de_DE_frami", "de-DE"),
            ("pt-br", "pt-BR"),
            ("kk", "kk"),
            ("sr_Latn_RS", "sr-RS"),
            ("es_419", "es-419"),
            ("en_GB-ize", "en-GB"),
            ("english", "en"),
            ("e", "en"),
            ("\"><script>", "en"),
            ("", "en"),
        ] {
            c.spelling.language = Some(dictionary.to_owned());
            assert_eq!(Language::of(&c).tag(), tag, "{dictionary}");
        }
    }

    #[test]
    fn controls_are_replaced() {
        assert_eq!(clean_controls("a\u{1}b\tc"), "a\u{FFFD}b\tc");
        assert!(matches!(clean_controls("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
