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
use crate::method::Methodology;
use crate::model::{Chapter, Footnote, markers};
use crate::score::{CardLine, CardLines, Figure, ScoreCard};

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
/// Footnotes are numbered 1..n in the order their markers first appear in reading order
/// ([`Chapter::text_blocks`]: score changes, executive summary, at-a-glance, categories in
/// published order), whatever their labels. Footnotes no marker cites follow, in list order.
/// A marker whose label names no footnote gets no number (it is left as text). When two
/// footnotes share a label, markers cite the first; the other counts as uncited.
#[derive(Clone, Debug)]
pub struct Numbering<'c> {
    notes: Vec<NumberedNote<'c>>,
    by_label: HashMap<&'c str, usize>,
    cited: usize,
}

impl<'c> Numbering<'c> {
    /// The numbering of `chapter`'s footnotes.
    #[must_use]
    pub fn new(chapter: &'c Chapter) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(chapter.footnotes.len());
        for (i, f) in chapter.footnotes.iter().enumerate() {
            index.entry(f.label.as_str()).or_insert(i);
        }
        let mut order: Vec<usize> = Vec::with_capacity(chapter.footnotes.len());
        let mut taken = vec![false; chapter.footnotes.len()];
        let mut by_label: HashMap<&'c str, usize> = HashMap::with_capacity(chapter.footnotes.len());
        for (_, block) in chapter.text_blocks() {
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

/// A rating scale bound without needless decimals: 7.00 → "7", 2.50 → "2.5".
fn scale_bound(r: crate::Rating) -> String {
    let h = r.hundredths();
    if h.is_multiple_of(100) { (h / 100).to_string() } else { r.to_string().trim_end_matches('0').to_owned() }
}

/// The paragraph under the score card that says how to read it, from the methodology.
#[must_use]
pub fn methodology_blurb(method: &Methodology) -> String {
    let (min, max) = (scale_bound(method.scale.min), scale_bound(method.scale.max));
    let (best, worst) = if method.scale.high_is_democratic { (&max, &min) } else { (&min, &max) };
    let mut s = format!(
        "Each category is rated from {min} to {max}; {best} marks the most democratic state of affairs and \
         {worst} the least. The Democracy Score is the mean of the ratings of the categories rated in an edition."
    );
    if method.percentage.is_some() {
        s.push_str(
            " The Democracy Percentage puts the same score on a scale from 0 (least democratic) to 100 \
             (most democratic).",
        );
    }
    s.push_str(" The methodology explains how ratings are set.");
    s
}

/// The score card's lines ([`ScoreCard::lines`]) of `chapter`: every format lays out these.
pub(crate) fn card_lines(chapter: &Chapter, method: &Methodology) -> CardLines {
    ScoreCard::compute(chapter, method).lines(chapter, method)
}

/// This year's figure of a card line, as shown ("1.29", or a dash when nothing is rated).
pub(crate) fn this_year(lines: &CardLines, figure: Figure) -> Option<&str> {
    lines.figure(figure).map(CardLine::this_year_shown)
}

/// Last year's status as the card shows it: "Democracy Percentage" with the headline out of
/// 100 where the methodology has a percentage, else "Democracy Score" out of the scale's top;
/// and the classification. `None` when last year is not rated.
pub(crate) struct LastYearStatus<'l> {
    /// "Democracy Percentage" or "Democracy Score".
    pub what: &'l str,
    /// "5" or "1.32".
    pub figure: &'l str,
    /// "100" or "7".
    pub out_of: String,
    /// "Consolidated Authoritarian Regime".
    pub classification: &'l str,
}

/// See [`LastYearStatus`].
pub(crate) fn last_year_status<'l>(lines: &'l CardLines, method: &Methodology) -> Option<LastYearStatus<'l>> {
    if !lines.last_year_rated {
        return None;
    }
    let classification = lines.figure(Figure::Classification).map_or("", CardLine::last_year_shown);
    let status = if let (Some(percentage), Some(headline)) =
        (lines.figure(Figure::Percentage), lines.figure(Figure::Headline))
    {
        LastYearStatus {
            what: &percentage.label,
            figure: headline.last_year_shown(),
            out_of: "100".to_owned(),
            classification,
        }
    } else {
        let score = lines.figure(Figure::Score)?;
        LastYearStatus {
            what: &score.label,
            figure: score.last_year_shown(),
            out_of: scale_max(method),
            classification,
        }
    };
    Some(status)
}

/// A rating as published ("1.25"), or an em dash when unrated.
pub(crate) fn show_rating(r: Option<crate::Rating>) -> String {
    r.map_or_else(|| "\u{2014}".to_owned(), |r| r.to_string())
}

/// The scale maximum as the score card shows it ("7").
pub(crate) fn scale_max(method: &Methodology) -> String {
    scale_bound(method.scale.max)
}

/// A category's name from the methodology, or its code when the methodology lacks it.
pub(crate) fn category_name<'m>(method: &'m Methodology, code: &'m str) -> &'m str {
    method.category(code).map_or(code, |d| d.name.as_str())
}

/// A category's description from the methodology, or nothing.
pub(crate) fn category_description<'m>(method: &'m Methodology, code: &str) -> &'m str {
    method.category(code).map_or("", |d| d.description.as_str())
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
        c.executive_summary.push(summary);
        let change = c.new_block("Change.[^e]");
        c.score_changes.push(change);
        let n = Numbering::new(&c);
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
    fn duplicate_labels_cite_the_first() {
        let m = Methodology::nit_2020();
        let mut c = Chapter::new(&m, "X", 2024);
        note(&mut c, "1");
        note(&mut c, "1");
        let p = c.new_block("Text[^1][^1].");
        c.at_a_glance.push(p);
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
    fn blurb_follows_the_scale() {
        let b = methodology_blurb(&Methodology::nit_2020());
        assert!(b.starts_with("Each category is rated from 1 to 7; 7 marks the most democratic"), "{b}");
        assert_eq!(scale_max(&Methodology::nit_2020()), "7");
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
