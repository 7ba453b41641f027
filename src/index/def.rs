//! The methodology file: what an index is, as a person writes it in RON.
//!
//! Every type here is plain data read from the file; [`super::check`] says whether it makes
//! sense and [`super::ScoreTree`] computes with it. `docs/methodology.md` documents each field
//! with an annotated example.

use serde::{Deserialize, Serialize};

use super::value::Value;

/// A whole index: identity, outline, figures, classifications, the chapter's text structure
/// and the change rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Index", deny_unknown_fields)]
pub struct IndexDef {
    /// The id chapters name it by, e.g. `"fiw"`.
    pub id: String,
    /// Its full name, e.g. "Freedom in the World".
    pub name: String,
    /// Who publishes it, e.g. "Freedom House".
    pub publisher: String,
    /// The report's name in chapter titles ("Freedom in the World 2024 - China"); the
    /// index's name when left out.
    #[serde(default)]
    pub report: Option<String>,
    /// The editions this methodology applies to.
    #[serde(default)]
    pub editions: Editions,
    /// What an edition's year means.
    pub edition_year: EditionYear,
    /// Where the methodology is published, for readers of the file.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The scales items are rated on, by id.
    pub scales: Vec<ScaleDef>,
    /// Groups and rated items, as a tree, in published order.
    pub outline: Vec<Node>,
    /// Figures computed from items and other figures, in the order a score card lists them.
    pub figures: Vec<FigureDef>,
    /// Classifications of the figures (regime types, status, flags).
    #[serde(default)]
    pub classifications: Vec<ClassificationDef>,
    /// The headline figure: the one a score card leads with and whose move since last year is
    /// the chapter's headline change (Freedom in the World's Global Freedom Score). Left out, the first figure
    /// whose change must be explained, else the first figure.
    #[serde(default)]
    pub headline: Option<String>,
    /// The sections of a chapter, in reading order.
    pub chapter: ChapterDef,
    /// Which changes must be explained, and how drafted change sentences read.
    pub changes: ChangeRules,
    /// How the publisher lays its data out in a table (its "All Data" workbook), column by
    /// column; `rapporteur data` reads and writes it. Left out, only the generic layout is used.
    #[serde(default)]
    pub data_layout: Option<DataLayoutDef>,
    /// How a chapter rated under this methodology converts to another (NIT's pre-2020 scale to
    /// the 2020 scale); left out, chapters do not convert.
    #[serde(default)]
    pub conversion: Option<ConversionDef>,
}

/// How ratings convert to another methodology's items of the same codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversionDef {
    /// The methodology converted to, by id.
    pub to: String,
    /// How each rating converts.
    pub rule: ConversionRule,
}

/// How one rating converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConversionRule {
    /// The same number on the new scale.
    Same,
    /// The scale turned over: new = (the new scale's minimum + maximum) − old (NIT: 8 − old).
    Reflect,
}

/// The publisher's table of ratings and figures: one row per country and edition, under a
/// header row (which a reader finds by matching the headers, whatever rows stand above it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataLayoutDef {
    /// What the table is, for messages ("Freedom House's All Data workbook").
    pub name: String,
    /// A title row written above the header when a workbook is written.
    #[serde(default)]
    pub title: Option<String>,
    /// The worksheet's name when a workbook is written.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The columns, in the publisher's order.
    pub columns: Vec<ColumnDef>,
}

/// One column of a publisher's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// Its header, as the publisher writes it (matched ignoring case and spaces).
    pub header: String,
    /// Other headers the publisher has used for it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What the column holds.
    pub holds: Holds,
    /// For an item: what the publisher writes in editions that do not rate it ("N/A").
    #[serde(default)]
    pub not_rated: Option<String>,
    /// For a classification: the publisher's short names, as (written, class): `("PF", "Partly Free")`.
    #[serde(default)]
    pub names: Vec<(String, String)>,
}

/// What a column of a publisher's table holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Holds {
    /// The country's (or territory's) name.
    Country,
    /// The edition year.
    Edition,
    /// Text kept as it is (a region), carried from import to export.
    Text,
    /// An item's rating, by code.
    Item(String),
    /// A figure as shown, by id.
    Figure(String),
    /// A figure's headline (rounded again), by id.
    Headline(String),
    /// A classification's class, by id.
    Class(String),
}

/// A range of edition years, both ends included; an end left out is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Editions {
    /// The first edition, if there is one.
    #[serde(default)]
    pub from: Option<i32>,
    /// The last edition, if there is one.
    #[serde(default)]
    pub to: Option<i32>,
}

impl Editions {
    /// Whether `edition` lies in the range.
    #[must_use]
    pub fn contains(self, edition: i32) -> bool {
        self.from.is_none_or(|f| edition >= f) && self.to.is_none_or(|t| edition <= t)
    }

    /// Whether the range is every edition.
    #[must_use]
    pub fn is_all(self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// What the year of an edition stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditionYear {
    /// The year of publication, covering the events of the year before (NIT, Freedom in the World).
    CoversYearBefore,
    /// The year whose events it covers.
    CoversSameYear,
    /// Something else, said in words (BTI: a two-year review period).
    Described(String),
}

/// Which end of a scale or a figure is best: it decides whether a change improved or declined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Best {
    /// Higher is better.
    #[default]
    High,
    /// Lower is better.
    Low,
}

/// A rating scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDef {
    /// The id items name it by, e.g. `"points"`.
    pub id: String,
    /// The lowest rating.
    pub min: Value,
    /// The highest rating.
    pub max: Value,
    /// Every rating is `min` plus a whole number of steps.
    pub step: Value,
    /// How many decimals a rating is shown with.
    #[serde(default)]
    pub decimals: u32,
    /// Which end is best.
    #[serde(default)]
    pub best: Best,
}

/// One node of the outline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Node {
    /// A group of items and groups.
    Group(GroupDef),
    /// A rated item.
    Item(ItemDef),
}

/// A group in the outline ("A Electoral Process" in Freedom in the World, "1 Stateness" in the BTI).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    /// Its code, as the index numbers it ("A", "1"); unique among groups.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The figure that sums the group up, shown beside it (a subcategory's total).
    #[serde(default)]
    pub figure: Option<String>,
    /// The editions it appears in (all when left out).
    #[serde(default)]
    pub editions: Editions,
    /// Its groups and items, in published order.
    pub children: Vec<Node>,
}

/// Whether an item's points count for or against a sum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sign {
    /// Added (every ordinary item).
    #[default]
    Add,
    /// Subtracted in a sum (the discretionary question Q of Freedom in the World).
    Subtract,
}

/// A rated item (an NIT category, an indicator of Freedom in the World, a BTI question).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    /// Its code, as the index numbers it ("A1", "2.3", "NDG"); unique among items, figures
    /// and classifications.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The guiding question(s) the rater answers.
    #[serde(default)]
    pub questions: Vec<String>,
    /// The id of the scale it is rated on.
    pub scale: String,
    /// Whether it may be left unrated (figures then leave it out).
    #[serde(default)]
    pub optional: bool,
    /// Whether its points are added or subtracted in a sum.
    #[serde(default)]
    pub sign: Sign,
    /// The editions it is rated in (all when left out).
    #[serde(default)]
    pub editions: Editions,
}

/// Whether a figure reads other figures as computed or as shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inputs {
    /// The exact values (NIT's percentage comes from the unrounded score).
    #[default]
    Unrounded,
    /// The figures as shown, rounded to their decimals.
    Rounded,
}

/// How a figure is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisplayDef {
    /// Decimals it is shown with.
    #[serde(default)]
    pub decimals: u32,
    /// Text after it, e.g. "/ 7" or "/ 100".
    #[serde(default)]
    pub suffix: Option<String>,
    /// Decimals of a headline figure rounded again from the exact value (NIT's "5 / 100"
    /// beside 4.76): usually 0.
    #[serde(default)]
    pub headline: Option<u32>,
}

/// A figure: computed from items and other figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    /// Its id ("PR", "DS"); unique among items, figures and classifications.
    pub id: String,
    /// Its label, e.g. "Democracy Score".
    pub label: String,
    /// How it is computed.
    pub compute: Compute,
    /// How it is shown.
    #[serde(default)]
    pub display: DisplayDef,
    /// Which end is best.
    #[serde(default)]
    pub best: Best,
    /// Whether other figures are read exact or as shown.
    #[serde(default)]
    pub inputs: Inputs,
}

/// How a figure is computed. Inputs are item codes or figure ids; an item left unrated (or not
/// rated in the edition) is left out; a figure with no input available has no value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compute {
    /// The sum (items with `sign: Subtract` subtracted).
    Sum(Vec<String>),
    /// The mean of the inputs available.
    Mean(Vec<String>),
    /// Σ weight × input / Σ weight over the inputs available.
    WeightedMean(Vec<(String, Value)>),
    /// A linear map of one input from one range to another.
    Rescale(RescaleDef),
    /// A table of ranges.
    Lookup(LookupDef),
    /// A small formula.
    Formula(Expr),
}

/// `to.0 + (x − from.0) × (to.1 − to.0) / (from.1 − from.0)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescaleDef {
    /// The input.
    pub of: String,
    /// The input's range: the first value maps to `to.0`, the second to `to.1`.
    pub from: (Value, Value),
    /// The output's range.
    pub to: (Value, Value),
}

/// A lookup table: the value of the range the input falls in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupDef {
    /// The input.
    pub of: String,
    /// The input's granularity: one range ends a step before the next begins (1 for whole
    /// points).
    pub step: Value,
    /// The ranges, in order of their starts, highest first or lowest first.
    pub table: Vec<RangeDef>,
}

/// One row of a lookup table: inputs from `from` to `to` (both included) give `value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeDef {
    /// The lowest input; open below when left out.
    #[serde(default)]
    pub from: Option<Value>,
    /// The highest input; open above when left out.
    #[serde(default)]
    pub to: Option<Value>,
    /// What the range gives.
    pub value: Value,
}

/// A formula over items and figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    /// A number.
    Num(Value),
    /// An item's rating or a figure's value.
    Ref(String),
    /// The sum of two.
    Add(Box<Expr>, Box<Expr>),
    /// The first minus the second.
    Sub(Box<Expr>, Box<Expr>),
    /// The product.
    Mul(Box<Expr>, Box<Expr>),
    /// The first divided by the second.
    Div(Box<Expr>, Box<Expr>),
    /// The mean of those available.
    Mean(Vec<Expr>),
}

impl Expr {
    /// Every code the formula refers to, in order.
    #[must_use]
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Self::Num(_) => {}
            Self::Ref(code) => out.push(code),
            Self::Add(a, b) | Self::Sub(a, b) | Self::Mul(a, b) | Self::Div(a, b) => {
                a.collect_refs(out);
                b.collect_refs(out);
            }
            Self::Mean(list) => list.iter().for_each(|e| e.collect_refs(out)),
        }
    }
}

impl Compute {
    /// Every code the computation reads, in order.
    #[must_use]
    pub fn refs(&self) -> Vec<&str> {
        match self {
            Self::Sum(list) | Self::Mean(list) => list.iter().map(String::as_str).collect(),
            Self::WeightedMean(list) => list.iter().map(|(c, _)| c.as_str()).collect(),
            Self::Rescale(r) => vec![r.of.as_str()],
            Self::Lookup(l) => vec![l.of.as_str()],
            Self::Formula(e) => e.refs(),
        }
    }
}

/// A classification: a label for the state of the figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassificationDef {
    /// Its id; unique among items, figures and classifications.
    pub id: String,
    /// Its label, e.g. "Status".
    pub label: String,
    /// How the class is found. Classes are listed from best to worst.
    pub rule: Classify,
}

/// How a classification finds its class.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Classify {
    /// Bands on one figure, tried in order.
    Bands(BandsDef),
    /// Rules with conditions, tried in order; the first that holds gives the class.
    Rules(Vec<RuleDef>),
}

impl Classify {
    /// The classes, in the order listed (best first).
    #[must_use]
    pub fn labels(&self) -> Vec<&str> {
        match self {
            Self::Bands(b) => b.bands.iter().map(|b| b.label.as_str()).collect(),
            Self::Rules(r) => r.iter().map(|r| r.label.as_str()).collect(),
        }
    }
}

/// Bands on one figure or item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandsDef {
    /// The figure (or item) classified, by its exact value.
    pub of: String,
    /// The bands, tried in order; the first the value meets gives its label.
    pub bands: Vec<BandDef>,
}

/// One band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandDef {
    /// The class.
    pub label: String,
    /// When a value falls in it.
    pub when: Threshold,
}

/// A threshold a band starts at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Threshold {
    /// Strictly greater.
    Above(Value),
    /// Greater or equal.
    AtLeast(Value),
    /// Strictly less.
    Below(Value),
    /// Less or equal.
    AtMost(Value),
    /// Any value: the last band.
    Otherwise,
}

impl Threshold {
    /// Whether `x` meets the threshold.
    #[must_use]
    pub fn holds(self, x: Value) -> bool {
        match self {
            Self::Above(t) => x > t,
            Self::AtLeast(t) => x >= t,
            Self::Below(t) => x < t,
            Self::AtMost(t) => x <= t,
            Self::Otherwise => true,
        }
    }
}

/// One rule of a rule set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// The class it gives.
    pub label: String,
    /// When it holds.
    pub when: Condition,
}

/// A condition on items, figures and other classifications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    /// Always holds (the last rule).
    Always,
    /// Every condition holds.
    All(Vec<Condition>),
    /// Some condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The formula is greater than the number.
    Above(Expr, Value),
    /// The formula is at least the number.
    AtLeast(Expr, Value),
    /// The formula is less than the number.
    Below(Expr, Value),
    /// The formula is at most the number.
    AtMost(Expr, Value),
    /// Another classification (by id) gives this class.
    Is(String, String),
}

impl Condition {
    /// Codes of items and figures the condition reads.
    #[must_use]
    pub fn refs(&self) -> Vec<&str> {
        match self {
            Self::Always | Self::Is(..) => Vec::new(),
            Self::All(list) | Self::Any(list) => list.iter().flat_map(Self::refs).collect(),
            Self::Not(c) => c.refs(),
            Self::Above(e, _) | Self::AtLeast(e, _) | Self::Below(e, _) | Self::AtMost(e, _) => e.refs(),
        }
    }

    /// The classifications (id, class) the condition reads.
    #[must_use]
    pub fn classes(&self) -> Vec<(&str, &str)> {
        match self {
            Self::Is(id, class) => vec![(id.as_str(), class.as_str())],
            Self::All(list) | Self::Any(list) => list.iter().flat_map(Self::classes).collect(),
            Self::Not(c) => c.classes(),
            _ => Vec::new(),
        }
    }
}

/// Whether justifications are written as bullets or as paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Justification {
    /// Bullet points (NIT).
    #[default]
    Bullets,
    /// Paragraphs (Freedom in the World, the BTI).
    Paragraphs,
}

/// How items are titled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemTitles {
    /// By name: "Corruption".
    #[default]
    Name,
    /// By code and name: "A1 Head of government elected".
    CodeAndName,
}

/// The chapter's text structure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterDef {
    /// How justifications are written.
    #[serde(default)]
    pub justification: Justification,
    /// How an item is titled in the chapter, its findings and its exports: by its name
    /// ("Corruption"), or by its code and name ("A1 Head of government elected") where the
    /// publisher numbers its items.
    #[serde(default)]
    pub item_titles: ItemTitles,
    /// The sections, in reading order.
    pub sections: Vec<SectionDef>,
}

/// A section, or a run of per-item sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SectionDef {
    /// Free text under a title (executive summary, overview).
    Text(TextSectionDef),
    /// The score changes.
    ScoreChanges(TextSectionDef),
    /// One section per item, in outline order: the items named, and every item of the groups
    /// named.
    Items(ItemSectionsDef),
    /// One section per group named (BTI's narrative per criterion), in the order named.
    Groups(ItemSectionsDef),
}

/// A titled section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSectionDef {
    /// Its id in the chapter (`executive_summary`); unique among sections.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// One section per item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSectionsDef {
    /// Item codes and group codes.
    pub of: Vec<String>,
}

/// The change rules: which changes must be explained and how drafted sentences read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRules {
    /// Whether every item whose rating changed needs an explanation.
    #[serde(default)]
    pub items: bool,
    /// Figures whose change needs an explanation.
    #[serde(default)]
    pub figures: Vec<String>,
    /// Classifications whose change needs an explanation.
    #[serde(default)]
    pub classifications: Vec<String>,
    /// The verbs for a change.
    #[serde(default)]
    pub words: Words,
    /// Sentence templates.
    pub templates: Templates,
}

/// The verbs of change sentences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Towards the best end.
    pub better: String,
    /// Away from it.
    pub worse: String,
    /// No change.
    pub same: String,
}

impl Default for Words {
    fn default() -> Self {
        Self { better: "improved".to_owned(), worse: "declined".to_owned(), same: "remained the same".to_owned() }
    }
}

/// Drafted change sentences. Placeholders in braces: `{name}` (item or figure label), `{code}`,
/// `{country}`, `{verb}`, `{from}`, `{to}`, `{delta}`, `{reason}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    /// An item's change.
    pub item: String,
    /// A figure's change.
    pub figure: String,
    /// A figure that stayed the same.
    pub figure_same: String,
    /// A classification's change.
    #[serde(default)]
    pub classification: Option<String>,
    /// The item saying nothing changed.
    pub no_changes: String,
}

/// The placeholders templates may use.
pub const PLACEHOLDERS: &[&str] = &["name", "code", "country", "verb", "from", "to", "delta", "reason"];
