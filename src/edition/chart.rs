//! The edition's charts, as data every view draws the same way: the editor (`egui_plot`), the
//! published site (inline SVG) and the files an editor saves (SVG, PNG).
//!
//! A [`Chart`] is built from an [`Edition`] by [`headline`] (every country's headline figure,
//! best first, coloured by its class, over the classification's bands), [`grid`] (every
//! country's ratings, item by item, or group by group where there are many items) and
//! [`history`] (one country across the editions found beside this one). It holds everything a
//! view needs — positions on the axis as `f64`, the text of every value as published, the
//! colours — so that the editor, [`Chart::to_svg`] and [`Chart::to_png`] show the same chart.
//!
//! Nothing here knows an index: the figures, their best end, the classes and their order, the
//! bands and the axis ranges all come from the methodology file. The axis of a figure spans
//! what the figure can take ([`nominal_range`]: a mean of 1–7 ratings spans 1–7, a sum of
//! 0–4 points over 25 indicators 0–100), widened to any value outside it.
//!
//! Colours are the Okabe–Ito palette (told apart with any colour vision), ordered from the
//! best class (blue) to the worst (vermillion); a grid's cells run from light (the worst end
//! of the item's scale) to dark blue (the best end).

use std::cmp::Ordering;
use std::fmt::Write as _;

use serde::{Serialize, Serializer};

use super::overview::{self, Filter, Sort};
use super::{Edition, Row};
use crate::index::{Best, Classify, Compute, Expr, IndexDef, Node, Sign, Threshold, Value};
use crate::score::Fixed;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// Red, green and blue.
    #[must_use]
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b])
    }

    /// `#rrggbb`.
    #[must_use]
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// The colour mixed with white: `amount` 0 keeps it, 1 is white.
    #[must_use]
    pub fn tint(self, amount: f32) -> Self {
        let mix = |c: u8| {
            let c = f32::from(c);
            (c + (255.0 - c) * amount.clamp(0.0, 1.0)).round() as u8
        };
        let [r, g, b] = self.0;
        Self([mix(r), mix(g), mix(b)])
    }

    /// Black or white, whichever reads better on this colour.
    #[must_use]
    pub fn text_on(self) -> Self {
        let [r, g, b] = self.0.map(|c| {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        });
        let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05).
        if (luminance + 0.05) * (luminance + 0.05) > 0.0525 { INK } else { WHITE }
    }
}

impl Serialize for Colour {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

/// The text colour.
pub const INK: Colour = Colour::rgb(0x1a, 0x1a, 0x1a);
/// White.
pub const WHITE: Colour = Colour::rgb(0xff, 0xff, 0xff);
/// A bar or point of no class (a chapter not classified, a class the methodology does not list).
pub const NO_CLASS: Colour = Colour::rgb(0x99, 0x99, 0x99);
/// A grid cell with no rating.
pub const NO_VALUE: Colour = Colour::rgb(0xee, 0xee, 0xee);
/// How much a band behind the bars is lightened from its class's colour.
pub const BAND_TINT: f32 = 0.8;

/// Okabe and Ito's colours, from the best class to the worst: blue, sky blue, bluish green,
/// yellow, orange, vermillion, then reddish purple and black for long lists.
const OKABE_ITO: [Colour; 8] = [
    Colour::rgb(0x00, 0x72, 0xb2),
    Colour::rgb(0x56, 0xb4, 0xe9),
    Colour::rgb(0x00, 0x9e, 0x73),
    Colour::rgb(0xf0, 0xe4, 0x42),
    Colour::rgb(0xe6, 0x9f, 0x00),
    Colour::rgb(0xd5, 0x5e, 0x00),
    Colour::rgb(0xcc, 0x79, 0xa7),
    Colour::rgb(0x00, 0x00, 0x00),
];

/// The colours of `n` ordered classes, best first: blue for the best, vermillion for the worst,
/// the colours between spread over the palette.
#[must_use]
pub fn class_colours(n: usize) -> Vec<Colour> {
    let picks: &[usize] = match n {
        0 => &[],
        1 => &[0],
        2 => &[0, 5],
        3 => &[0, 3, 5],
        4 => &[0, 1, 4, 5],
        5 => &[0, 1, 3, 4, 5],
        6 => &[0, 1, 2, 3, 4, 5],
        7 => &[0, 1, 2, 3, 4, 5, 6],
        _ => &[0, 1, 2, 3, 4, 5, 6, 7],
    };
    (0..n).map(|i| OKABE_ITO[picks[i % picks.len()]]).collect()
}

/// The sequential scale of a grid's cells: light for the worst end of the scale, dark blue for
/// the best (`ColorBrewer`'s "Blues", one hue, so it reads in grey too).
const SEQUENTIAL: [Colour; 5] = [
    Colour::rgb(0xf7, 0xfb, 0xff),
    Colour::rgb(0xc6, 0xdb, 0xef),
    Colour::rgb(0x6b, 0xae, 0xd6),
    Colour::rgb(0x21, 0x71, 0xb5),
    Colour::rgb(0x08, 0x30, 0x6b),
];

/// The colour `t` of the way from the worst end (0) to the best (1) of a scale.
#[must_use]
pub fn sequential(t: f64) -> Colour {
    let along = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let pos = along * (SEQUENTIAL.len() - 1) as f64;
    let at = (pos.floor() as usize).min(SEQUENTIAL.len() - 2);
    let frac = pos - at as f64;
    let (from, to) = (SEQUENTIAL[at].0, SEQUENTIAL[at + 1].0);
    let mix = |k: usize| (f64::from(from[k]) + (f64::from(to[k]) - f64::from(from[k])) * frac).round() as u8;
    Colour([mix(0), mix(1), mix(2)])
}

/// A chart of the edition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    /// A short name, unique among the charts of one page (`headline`, `grid`,
    /// `history-kazakhstan`): the SVG's element ids start with it, so that several charts
    /// inlined in one page do not clash, and it makes a good file name.
    pub id: String,
    /// Its title.
    pub title: String,
    /// What it shows, in a sentence or two: the SVG's `<desc>`, the alternative text where it
    /// is an image.
    pub description: String,
    /// What is drawn.
    pub kind: Kind,
    /// What the colours mean.
    pub legend: Legend,
}

/// What the colours of a chart mean.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Legend {
    /// Its heading ("Classification"), or empty.
    pub title: String,
    /// The colours, in order.
    pub entries: Vec<Swatch>,
}

/// One colour of a legend.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Swatch {
    /// What it stands for.
    pub label: String,
    /// The colour.
    pub colour: Colour,
}

/// What a chart draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Horizontal bars, one a country, over bands.
    Bars(Bars),
    /// Points in time joined by a line, over bands.
    Line(Line),
    /// A table of coloured cells.
    Grid(Grid),
}

/// A value axis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Axis {
    /// What it measures ("Democracy Score").
    pub label: String,
    /// Its lowest value.
    pub min: f64,
    /// Its highest value.
    pub max: f64,
    /// Where it is marked, with the marks' text.
    pub ticks: Vec<Tick>,
}

/// A mark on an axis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tick {
    /// Where.
    pub value: f64,
    /// Its text.
    pub label: String,
}

/// A class's band on the value axis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    /// The class.
    pub label: String,
    /// Where it starts (the lower value).
    pub from: f64,
    /// Where it ends.
    pub to: f64,
    /// Its colour (its class's, lightened by [`BAND_TINT`]).
    pub colour: Colour,
}

/// The headline figure of every country as bars, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bars {
    /// The value axis.
    pub axis: Axis,
    /// Where the bars start: 0 where the axis holds it, else its lower end.
    pub base: f64,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// The classes' bands, lowest first.
    pub bands: Vec<Band>,
}

/// One bar.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bar {
    /// The country.
    pub label: String,
    /// Its length on the axis.
    pub value: f64,
    /// The value as published ("4.75").
    pub shown: String,
    /// The class, if any.
    pub class: Option<String>,
    /// Its colour.
    pub colour: Colour,
}

/// One country across editions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// The value axis (upright).
    pub axis: Axis,
    /// The first and last edition year on the time axis.
    pub years: (i32, i32),
    /// The editions, oldest first.
    pub points: Vec<LinePoint>,
    /// The classes' bands, lowest first.
    pub bands: Vec<Band>,
}

/// One edition of a history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinePoint {
    /// The edition year.
    pub year: i32,
    /// Where it was read ("this edition", "nit-2023", "tag nit-2022", "last year's ratings").
    pub source: String,
    /// The headline figure on the axis, when it has one (the line breaks where it has not).
    pub value: Option<f64>,
    /// As published.
    pub shown: Option<String>,
    /// The class.
    pub class: Option<String>,
    /// The point's colour.
    pub colour: Colour,
}

/// Ratings as a country × item (or group) table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grid {
    /// The countries, top to bottom.
    pub rows: Vec<String>,
    /// The items or groups, left to right.
    pub columns: Vec<GridColumn>,
    /// One row of cells a country, one cell a column; `None` where it has no value.
    pub cells: Vec<Vec<Option<Cell>>>,
}

/// A column of a grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GridColumn {
    /// The item's or group's code (the column's heading).
    pub code: String,
    /// Its title, as the chapter titles it.
    pub title: String,
    /// The lowest value of its scale.
    pub min: f64,
    /// The highest.
    pub max: f64,
    /// Whether the high end is the best.
    pub high_is_best: bool,
}

impl GridColumn {
    /// How the key under a grid names the column: its code and title ("NDG National
    /// Democratic Governance"), or the title alone where it starts with the code.
    #[must_use]
    pub fn key(&self) -> String {
        if self.title.starts_with(&self.code) { self.title.clone() } else { format!("{} {}", self.code, self.title) }
    }

    /// Its scale, worst end first ("0–12", "7–1").
    #[must_use]
    pub fn scale(&self) -> String {
        let show = |x: f64| {
            let decimals = (0..=2).find(|&d| ((x * 10_f64.powi(d)).round() - x * 10_f64.powi(d)).abs() < 1e-6);
            number(x, decimals.unwrap_or(2) as usize)
        };
        if self.high_is_best {
            format!("{}–{}", show(self.min), show(self.max))
        } else {
            format!("{}–{}", show(self.max), show(self.min))
        }
    }
}

/// One cell of a grid.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    /// The value as published ("3.25", "11").
    pub shown: String,
    /// The value.
    pub value: f64,
    /// The cell's colour.
    pub colour: Colour,
    /// Its text's colour.
    pub text: Colour,
}

// ---------------------------------------------------------------------------------------------
// Numbers

fn to_f64(v: Value) -> f64 {
    v.numer() as f64 / v.denom() as f64
}

fn fixed_f64(f: Fixed) -> f64 {
    f.value as f64 / 10_f64.powi(f.decimals as i32)
}

fn fixed_cmp(a: Fixed, b: Fixed) -> Ordering {
    let d = a.decimals.max(b.decimals);
    let widen = |f: Fixed| i128::from(f.value) * 10_i128.pow(d - f.decimals.min(d));
    widen(a).cmp(&widen(b))
}

fn hull(a: Option<(f64, f64)>, b: (f64, f64)) -> (f64, f64) {
    a.map_or(b, |(lo, hi)| (lo.min(b.0), hi.max(b.1)))
}

/// The range a figure or item can take in `edition`: an item's scale; a sum's the sum of its
/// inputs' (optional items, usually left unrated, left out; subtracted ones turned round); a
/// mean's the span of its inputs'; a rescale's the image of its input's; a lookup's its
/// values'; a formula's by interval arithmetic. `None` where it cannot be told (a division by
/// a range holding zero, an unknown code).
#[must_use]
pub fn nominal_range(def: &IndexDef, code: &str, edition: i32) -> Option<(f64, f64)> {
    range_in(def, code, edition, 0)
}

fn range_in(def: &IndexDef, code: &str, edition: i32, depth: u32) -> Option<(f64, f64)> {
    if depth > 64 {
        return None;
    }
    if let Some(item) = def.item(code) {
        if !item.editions.contains(edition) {
            return None;
        }
        let scale = def.scale_of(code)?;
        return Some((to_f64(scale.min), to_f64(scale.max)));
    }
    let figure = def.figures.iter().find(|f| f.id == code)?;
    let of = |c: &str| range_in(def, c, edition, depth + 1);
    match &figure.compute {
        Compute::Sum(list) => {
            let mut total: Option<(f64, f64)> = None;
            for c in list {
                let item = def.item(c);
                if item.is_some_and(|i| i.optional) {
                    continue;
                }
                let Some((lo, hi)) = of(c) else { continue };
                let (lo, hi) = if item.is_some_and(|i| i.sign == Sign::Subtract) { (-hi, -lo) } else { (lo, hi) };
                let (a, b) = total.unwrap_or((0.0, 0.0));
                total = Some((a + lo, b + hi));
            }
            total
        }
        Compute::Mean(list) => list.iter().filter_map(|c| of(c)).fold(None, |acc, r| Some(hull(acc, r))),
        Compute::WeightedMean(list) => list.iter().filter_map(|(c, _)| of(c)).fold(None, |acc, r| Some(hull(acc, r))),
        Compute::Rescale(r) => {
            let (f0, f1) = (to_f64(r.from.0), to_f64(r.from.1));
            let (t0, t1) = (to_f64(r.to.0), to_f64(r.to.1));
            if (f1 - f0).abs() < f64::EPSILON {
                return None;
            }
            let (lo, hi) = of(&r.of).unwrap_or((f0.min(f1), f0.max(f1)));
            let map = |x: f64| t0 + (x - f0) * (t1 - t0) / (f1 - f0);
            let (a, b) = (map(lo), map(hi));
            Some((a.min(b), a.max(b)))
        }
        Compute::Lookup(l) => l.table.iter().map(|r| to_f64(r.value)).fold(None, |acc, v| Some(hull(acc, (v, v)))),
        Compute::Formula(e) => expr_range(def, e, edition, depth + 1),
    }
}

fn expr_range(def: &IndexDef, e: &Expr, edition: i32, depth: u32) -> Option<(f64, f64)> {
    if depth > 64 {
        return None;
    }
    let sub = |e: &Expr| expr_range(def, e, edition, depth + 1);
    let corners = |a: (f64, f64), b: (f64, f64), op: fn(f64, f64) -> f64| {
        let c = [op(a.0, b.0), op(a.0, b.1), op(a.1, b.0), op(a.1, b.1)];
        (c.iter().copied().fold(f64::INFINITY, f64::min), c.iter().copied().fold(f64::NEG_INFINITY, f64::max))
    };
    match e {
        Expr::Num(v) => Some((to_f64(*v), to_f64(*v))),
        Expr::Ref(code) => range_in(def, code, edition, depth + 1),
        Expr::Add(a, b) => {
            let (a, b) = (sub(a)?, sub(b)?);
            Some((a.0 + b.0, a.1 + b.1))
        }
        Expr::Sub(a, b) => {
            let (a, b) = (sub(a)?, sub(b)?);
            Some((a.0 - b.1, a.1 - b.0))
        }
        Expr::Mul(a, b) => Some(corners(sub(a)?, sub(b)?, |x, y| x * y)),
        Expr::Div(a, b) => {
            let (a, b) = (sub(a)?, sub(b)?);
            (b.0 > 0.0 || b.1 < 0.0).then(|| corners(a, b, |x, y| x / y))
        }
        Expr::Mean(list) => list.iter().filter_map(sub).fold(None, |acc, r| Some(hull(acc, r))),
    }
}

/// Between five and ten marks at round values (1, 2, 2.5 or 5 times a power of ten) from
/// `min` to `max`.
fn ticks(min: f64, max: f64) -> Vec<Tick> {
    let span = max - min;
    if !span.is_finite() || span <= 0.0 {
        return vec![Tick { value: min, label: number(min, 0) }];
    }
    let raw = span / 6.0;
    let magnitude = 10_f64.powf(raw.log10().floor());
    let (step, extra) = [(1.0, 0), (2.0, 0), (2.5, 1), (5.0, 0), (10.0, 0)]
        .into_iter()
        .find(|(m, _)| m * magnitude >= raw * 0.999)
        .map_or((10.0 * magnitude, 0), |(m, x)| (m * magnitude, x));
    let decimals = (-(step.log10().floor()) as i32).max(0) as usize + extra;
    let first = (min / step - 1e-9).ceil() as i64;
    let last = (max / step + 1e-9).floor() as i64;
    (first..=last)
        .map(|k| {
            let value = k as f64 * step;
            Tick { value, label: number(value, decimals) }
        })
        .collect()
}

/// `x` with `decimals` decimals, never "-0".
fn number(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') { s[1..].to_owned() } else { s }
}

/// The value axis of the headline figure: what it can take, widened to `values`.
fn headline_axis(edition: &Edition, values: impl Iterator<Item = f64>) -> Axis {
    let method = &edition.method;
    let id = method.headline_figure().unwrap_or_default();
    let nominal = nominal_range(&method.def, id, edition.file.edition);
    let data = values.fold(None, |acc, v| Some(hull(acc, (v, v))));
    let (mut min, mut max) = match (nominal, data) {
        (Some(n), Some(d)) => hull(Some(n), d),
        (Some(n), None) => n,
        (None, Some((lo, hi))) => (lo.min(0.0), hi),
        (None, None) => (0.0, 1.0),
    };
    if max - min < 1e-9 {
        max = min + 1.0;
    }
    let mut marks = ticks(min, max);
    if nominal.is_none() {
        // From the data alone: out to the next round value.
        let step = marks.get(1).zip(marks.first()).map_or(1.0, |(b, a)| b.value - a.value);
        if marks.last().is_some_and(|t| t.value < max - 1e-9) {
            max = (max / step).ceil() * step;
        }
        if marks.first().is_some_and(|t| t.value > min + 1e-9) {
            min = (min / step).floor() * step;
        }
        marks = ticks(min, max);
    }
    Axis { label: overview::headline_label(edition), min, max, ticks: marks }
}

// ---------------------------------------------------------------------------------------------
// Classes

/// The first classification's classes, best first, with their colours.
fn classes(edition: &Edition) -> Vec<(String, Colour)> {
    let Some(c) = edition.method.def.classifications.first() else { return Vec::new() };
    let labels = c.rule.labels();
    labels.iter().map(|l| (*l).to_owned()).zip(class_colours(labels.len())).collect()
}

fn colour_of(classes: &[(String, Colour)], class: Option<&str>) -> Colour {
    match class {
        Some(c) => classes.iter().find(|(l, _)| l == c).map_or(NO_CLASS, |(_, col)| *col),
        None if classes.is_empty() => OKABE_ITO[0],
        None => NO_CLASS,
    }
}

/// The first classification's bands where it bands the headline figure, clipped to
/// `min`–`max`, lowest first.
fn bands(edition: &Edition, classes: &[(String, Colour)], min: f64, max: f64) -> Vec<Band> {
    let def = &edition.method.def;
    let Some(Classify::Bands(b)) = def.classifications.first().map(|c| &c.rule) else { return Vec::new() };
    if edition.method.headline_figure() != Some(b.of.as_str()) {
        return Vec::new();
    }
    let (mut lo, mut hi) = (min, max);
    let mut out = Vec::new();
    for band in &b.bands {
        let (from, to) = match band.when {
            Threshold::Above(t) | Threshold::AtLeast(t) => {
                let from = to_f64(t).clamp(lo, hi);
                let range = (from, hi);
                hi = from;
                range
            }
            Threshold::Below(t) | Threshold::AtMost(t) => {
                let to = to_f64(t).clamp(lo, hi);
                let range = (lo, to);
                lo = to;
                range
            }
            Threshold::Otherwise => {
                let range = (lo, hi);
                lo = hi;
                range
            }
        };
        if to > from {
            let colour = colour_of(classes, Some(&band.label)).tint(BAND_TINT);
            out.push(Band { label: band.label.clone(), from, to, colour });
        }
    }
    out.sort_by(|a, b| a.from.total_cmp(&b.from));
    out
}

fn class_legend(edition: &Edition, classes: &[(String, Colour)], unclassified: bool) -> Legend {
    let title = edition.method.def.classifications.first().map(|c| c.label.clone()).unwrap_or_default();
    let mut entries: Vec<Swatch> =
        classes.iter().map(|(label, colour)| Swatch { label: label.clone(), colour: *colour }).collect();
    if unclassified && !classes.is_empty() {
        entries.push(Swatch { label: "Not classified".to_owned(), colour: NO_CLASS });
    }
    Legend { title, entries }
}

/// A file-name-safe lower-case form of `text` ("Bosnia and Herzegovina" → "bosnia-and-herzegovina").
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "chart".to_owned() } else { out }
}

// ---------------------------------------------------------------------------------------------
// The charts

/// The rows of the edition as published (region by region, then by country).
fn published(edition: &Edition) -> Vec<&Row> {
    let rows: Vec<&Row> = edition.rows().collect();
    overview::view(edition, &rows, Sort::default(), &Filter::default()).into_iter().map(|i| rows[i]).collect()
}

/// The headline figure of every country, sorted, coloured by classification, over the
/// classification bands.
#[must_use]
pub fn headline(edition: &Edition) -> Chart {
    headline_of(edition, &published(edition))
}

/// [`headline`] of some rows only (those an overview's filter shows, those published): the
/// rows with a headline figure, best first, ties in the order given.
#[must_use]
pub fn headline_of(edition: &Edition, rows: &[&Row]) -> Chart {
    let method = &edition.method;
    let id = method.headline_figure().unwrap_or_default();
    let best = method.def.figures.iter().find(|f| f.id == id).map_or(Best::High, |f| f.best);
    let mut with: Vec<(&Row, Fixed)> = rows.iter().filter_map(|r| r.headline.map(|h| (*r, h))).collect();
    with.sort_by(|a, b| match best {
        Best::High => fixed_cmp(b.1, a.1),
        Best::Low => fixed_cmp(a.1, b.1),
    });
    let axis = headline_axis(edition, with.iter().map(|(_, h)| fixed_f64(*h)));
    let classes = classes(edition);
    let bars: Vec<Bar> = with
        .iter()
        .map(|(row, h)| Bar {
            label: row.country.clone(),
            value: fixed_f64(*h),
            shown: h.to_string(),
            class: row.class.clone(),
            colour: colour_of(&classes, row.class.as_deref()),
        })
        .collect();
    let bands = bands(edition, &classes, axis.min, axis.max);
    let base = if axis.min <= 0.0 && axis.max >= 0.0 { 0.0 } else { axis.min };
    let legend = class_legend(edition, &classes, bars.iter().any(|b| b.class.is_none()));
    let label = &axis.label;
    let order = match best {
        Best::High => "highest first",
        Best::Low => "lowest (best) first",
    };
    let mut description = format!(
        "{label} of {} in {}, {order}{}",
        crate::words::count_as(bars.len(), "country", "countries"),
        edition.file.name,
        if legend.title.is_empty() { String::new() } else { format!(", coloured by {}", legend.title.to_lowercase()) },
    );
    if !bands.is_empty() {
        description.push_str("; the shaded bands are the classes' ranges");
    }
    description.push_str(": ");
    let listed: Vec<String> = bars
        .iter()
        .map(|b| match &b.class {
            Some(c) => format!("{} {} ({c})", b.label, b.shown),
            None => format!("{} {}", b.label, b.shown),
        })
        .collect();
    description.push_str(&listed.join(", "));
    description.push('.');
    Chart {
        id: "headline".to_owned(),
        title: format!("{}: {label}", edition.file.name),
        description,
        kind: Kind::Bars(Bars { axis, base, bars, bands }),
        legend,
    }
}

/// Where a grid column's values come from.
enum Source {
    /// An item, by its place in [`Edition::items`].
    Item(usize),
    /// A figure, by its place in the methodology's figures.
    Figure(usize),
}

/// The groups with a figure of their own and no such group inside, in outline order.
fn leaf_groups<'d>(nodes: &'d [Node], edition: i32, out: &mut Vec<&'d crate::index::GroupDef>) -> bool {
    let mut any = false;
    for node in nodes {
        if let Node::Group(g) = node
            && g.editions.contains(edition)
        {
            let inner = leaf_groups(&g.children, edition, out);
            if !inner && g.figure.is_some() {
                out.push(g);
            }
            any |= inner || g.figure.is_some();
        }
    }
    any
}

/// A value as published and on its axis, if there is one.
type Shown = Option<(String, f64)>;

/// Most items a grid shows one by one; with more, it shows the groups' figures.
pub const GRID_ITEMS: usize = 12;

fn grid_columns(edition: &Edition) -> Vec<(GridColumn, Source)> {
    let method = &edition.method;
    let def = &method.def;
    let year = edition.file.edition;
    if edition.items.len() > GRID_ITEMS {
        let mut groups = Vec::new();
        leaf_groups(&def.outline, year, &mut groups);
        let columns: Vec<(GridColumn, Source)> = groups
            .into_iter()
            .filter_map(|g| {
                let id = g.figure.as_deref()?;
                let at = def.figures.iter().position(|f| f.id == id)?;
                let figure = &def.figures[at];
                let (min, max) = nominal_range(def, id, year).unwrap_or((0.0, 0.0));
                let column = GridColumn {
                    code: g.code.clone(),
                    title: g.name.clone(),
                    min,
                    max,
                    high_is_best: figure.best == Best::High,
                };
                Some((column, Source::Figure(at)))
            })
            .collect();
        if !columns.is_empty() {
            return columns;
        }
    }
    edition
        .items
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let (min, max) = nominal_range(def, code, year).unwrap_or((0.0, 0.0));
            let high_is_best = def.scale_of(code).is_none_or(|s| s.best == Best::High);
            let column = GridColumn { code: code.clone(), title: method.item_title(code), min, max, high_is_best };
            (column, Source::Item(i))
        })
        .collect()
}

/// The items' (or groups') ratings as a country × item grid.
#[must_use]
pub fn grid(edition: &Edition) -> Chart {
    grid_of(edition, &published(edition))
}

/// [`grid`] of some rows only, in the order given (those with no value at all left out).
#[must_use]
pub fn grid_of(edition: &Edition, rows: &[&Row]) -> Chart {
    let method = &edition.method;
    let sources = grid_columns(edition);
    let value = |row: &Row, source: &Source, code: &str| -> Shown {
        match *source {
            Source::Item(i) => {
                let r = row.items.get(i).copied().flatten()?;
                Some((method.show(code, r), f64::from(r.hundredths()) / 100.0))
            }
            Source::Figure(i) => {
                let f = row.figures.get(i).copied().flatten()?;
                Some((f.to_string(), fixed_f64(f)))
            }
        }
    };
    let mut table: Vec<(String, Vec<Shown>)> = Vec::new();
    for row in rows {
        let cells: Vec<Shown> = sources.iter().map(|(c, s)| value(row, s, &c.code)).collect();
        if cells.iter().any(Option::is_some) {
            table.push((row.country.clone(), cells));
        }
    }
    // A column whose scale could not be told spans its values.
    let mut columns: Vec<GridColumn> = sources.into_iter().map(|(c, _)| c).collect();
    for (k, column) in columns.iter_mut().enumerate() {
        if column.max - column.min < 1e-9 {
            let seen = table.iter().filter_map(|(_, cells)| cells[k].as_ref().map(|c| c.1));
            let (lo, hi) = seen.fold((column.min, column.max), |(lo, hi), v| (lo.min(v), hi.max(v)));
            column.min = lo;
            column.max = if hi - lo < 1e-9 { lo + 1.0 } else { hi };
        }
    }
    let cells: Vec<Vec<Option<Cell>>> = table
        .iter()
        .map(|(_, cells)| {
            cells
                .iter()
                .zip(&columns)
                .map(|(cell, column)| {
                    cell.as_ref().map(|(shown, value)| {
                        let t = (value - column.min) / (column.max - column.min);
                        let colour = sequential(if column.high_is_best { t } else { 1.0 - t });
                        Cell { shown: shown.clone(), value: *value, colour, text: colour.text_on() }
                    })
                })
                .collect()
        })
        .collect();
    let rows: Vec<String> = table.into_iter().map(|(country, _)| country).collect();
    let by_group = columns.first().is_some_and(|c| !edition.items.contains(&c.code));
    let what = if by_group { "Scores by group" } else { "Ratings" };
    let legend = grid_legend(&columns);
    let description = format!(
        "{what} of {} in {} as a table, one row a country and one column {}: {}. Darker cells are nearer the best end of the scale.",
        crate::words::count_as(rows.len(), "country", "countries"),
        edition.file.name,
        if by_group { "a group" } else { "an item" },
        columns.iter().map(GridColumn::key).collect::<Vec<_>>().join("; "),
    );
    Chart {
        id: "grid".to_owned(),
        title: format!("{}: {}", edition.file.name, what.to_lowercase()),
        description,
        kind: Kind::Grid(Grid { rows, columns, cells }),
        legend,
    }
}

/// The legend of a grid: five steps of the scale, labelled with values where every column has
/// the same scale, else from the worst end to the best.
fn grid_legend(columns: &[GridColumn]) -> Legend {
    let same = columns.first().filter(|first| {
        columns.iter().all(|c| {
            (c.min - first.min).abs() < 1e-9 && (c.max - first.max).abs() < 1e-9 && c.high_is_best == first.high_is_best
        })
    });
    let steps = 5;
    // Values at the five steps where every column has the same scale, all with the fewest
    // decimals that show each exactly (1.0, 2.5, 4.0, 5.5, 7.0).
    let values: Vec<f64> = same.map_or_else(Vec::new, |c| {
        (0..steps)
            .map(|k| {
                let t = f64::from(k) / f64::from(steps - 1);
                if c.high_is_best { c.min + t * (c.max - c.min) } else { c.max - t * (c.max - c.min) }
            })
            .collect()
    });
    let decimals = (0..=2)
        .find(|&d| values.iter().all(|v| (v * 10_f64.powi(d) - (v * 10_f64.powi(d)).round()).abs() < 1e-6))
        .unwrap_or(2) as usize;
    let entries = (0..steps)
        .map(|k| {
            let label = match values.get(k as usize) {
                Some(v) => number(*v, decimals),
                None if k == 0 => "Worst".to_owned(),
                None if k == steps - 1 => "Best".to_owned(),
                None => String::new(),
            };
            Swatch { label, colour: sequential(f64::from(k) / f64::from(steps - 1)) }
        })
        .collect();
    let title = if same.is_some() { "Rating" } else { "Place on the scale" };
    Legend { title: title.to_owned(), entries }
}

/// One country's headline across editions.
#[must_use]
pub fn history(edition: &Edition, country: &str) -> Chart {
    let found = super::history::history(edition, country);
    let classes = classes(edition);
    let axis = headline_axis(edition, found.iter().filter_map(|p| p.headline.map(fixed_f64)));
    let points: Vec<LinePoint> = found
        .iter()
        .map(|p| LinePoint {
            year: p.edition,
            source: match &p.source {
                super::history::Source::This => "this edition".to_owned(),
                super::history::Source::Folder(f) => f.clone(),
                super::history::Source::Tag(t) => format!("tag {t}"),
                super::history::Source::LastYear => "last year's ratings".to_owned(),
            },
            value: p.headline.map(fixed_f64),
            shown: p.headline.map(|h| h.to_string()),
            class: p.class.clone(),
            colour: colour_of(&classes, p.class.as_deref()),
        })
        .collect();
    let years = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (a.year, b.year),
        _ => (edition.file.edition, edition.file.edition),
    };
    let bands = bands(edition, &classes, axis.min, axis.max);
    let legend = class_legend(edition, &classes, points.iter().any(|p| p.value.is_some() && p.class.is_none()));
    let label = axis.label.clone();
    let span = if years.0 == years.1 { years.0.to_string() } else { format!("{}–{}", years.0, years.1) };
    let listed: Vec<String> = points
        .iter()
        .map(|p| match (&p.shown, &p.class) {
            (Some(s), Some(c)) => format!("{} {s} ({c})", p.year),
            (Some(s), None) => format!("{} {s}", p.year),
            (None, _) => format!("{} not rated", p.year),
        })
        .collect();
    let description = if points.is_empty() {
        format!("No edition of {country} was found.")
    } else {
        format!("{label} of {country}, edition by edition, {span}: {}.", listed.join(", "))
    };
    Chart {
        id: format!("history-{}", slug(country)),
        title: format!("{country}: {label}, {span}"),
        description,
        kind: Kind::Line(Line { axis, years, points, bands }),
        legend,
    }
}

// ---------------------------------------------------------------------------------------------
// SVG

/// The fonts the SVG names: ours first (the PNG is drawn with them; a PDF made with typst
/// embeds them), then any sans-serif face.
pub const FONT_FAMILY: &str = "Noto Sans, Noto Sans Georgian, Noto Sans Armenian, sans-serif";

/// How wide `text` is at `size` px, roughly, for laying out: Noto Sans's widths made an eighth
/// wider, as wide as the broad sans-serif many a machine without Noto Sans falls back to, so
/// that a browser showing the SVG in its own sans-serif overlaps nothing. Text is anchored at
/// its end or middle where that matters, so an estimate a little off moves nothing else.
fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '\'' | '.' | ',' | ':' | ';' | '!' | '|' | 'I' => 0.26,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' => 0.33,
            'm' | 'w' => 0.86,
            'M' | 'W' => 0.9,
            '0'..='9' => 0.57,
            'A'..='Z' => 0.66,
            'a'..='z' => 0.55,
            _ => 0.62,
        })
        .sum();
    em * size * 1.12
}

/// A number for an SVG attribute: at most one decimal, no trailing ".0".
fn n(x: f64) -> String {
    let s = number((x * 10.0).round() / 10.0, 1);
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The SVG being written: its elements, and how tall it has grown.
struct Svg {
    body: String,
    width: f64,
}

const PAD: f64 = 16.0;
const TITLE_SIZE: f64 = 18.0;
const TEXT_SIZE: f64 = 12.0;
const SMALL_SIZE: f64 = 11.0;
const GRID_LINE: Colour = Colour::rgb(0xff, 0xff, 0xff);
const AXIS_LINE: Colour = Colour::rgb(0x6b, 0x6b, 0x6b);
const RULE: Colour = Colour::rgb(0xd0, 0xd0, 0xd0);

impl Svg {
    fn text(&mut self, x: f64, y: f64, size: f64, anchor: &str, fill: Colour, text: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}" fill="{}">{}</text>"#,
            n(x),
            n(y),
            n(size),
            fill.hex(),
            esc(text)
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Colour, extra: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{extra}/>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            fill.hex()
        );
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: Colour, width: f64) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            stroke.hex(),
            n(width)
        );
    }

    /// The legend from `y` down, wrapping at the width: returns where it ends.
    fn legend(&mut self, legend: &Legend, y: f64) -> f64 {
        if legend.entries.is_empty() {
            return y;
        }
        let (mut x, mut y) = (PAD, y);
        let line = 18.0;
        let _ = writeln!(self.body, r#"<g class="legend">"#);
        if !legend.title.is_empty() {
            let title = format!("{}:", legend.title);
            self.text(x, y + 10.0, TEXT_SIZE, "start", INK, &title);
            x += text_width(&title, TEXT_SIZE) + 10.0;
        }
        for s in &legend.entries {
            let w = 12.0 + 5.0 + text_width(&s.label, TEXT_SIZE) + 14.0;
            if x + w > self.width - PAD && x > PAD + 1.0 {
                x = PAD;
                y += line;
            }
            self.rect(x, y, 12.0, 12.0, s.colour, r##" stroke="#4d4d4d" stroke-width="0.5""##);
            if !s.label.is_empty() {
                self.text(x + 17.0, y + 10.0, TEXT_SIZE, "start", INK, &s.label);
            }
            x += if s.label.is_empty() { 16.0 } else { w };
        }
        let _ = writeln!(self.body, "</g>");
        y + line
    }
}

impl Chart {
    /// The chart as a standalone SVG 1.1 document: the same chart gives the same bytes. It has
    /// a `<title>` and `<desc>` (named by `aria-labelledby`), text as text, a white background
    /// and the fonts of [`FONT_FAMILY`]; every element id starts with the chart's [`Chart::id`],
    /// so it can be inlined in a page beside other charts.
    #[must_use]
    pub fn to_svg(&self) -> String {
        let width = match &self.kind {
            Kind::Grid(g) => grid_width(g),
            _ => 800.0,
        };
        let mut svg = Svg { body: String::new(), width };
        svg.text(PAD, PAD + TITLE_SIZE - 4.0, TITLE_SIZE, "start", INK, &self.title);
        let top = svg.legend(&self.legend, PAD + TITLE_SIZE + 10.0);
        let height = match &self.kind {
            Kind::Bars(b) => draw_bars(&mut svg, b, top),
            Kind::Line(l) => draw_line(&mut svg, l, top),
            Kind::Grid(g) => draw_grid(&mut svg, g, top),
        };
        let id = format!("chart-{}", slug(&self.id));
        let mut out = String::new();
        let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT_FAMILY}">"#,
            w = n(width),
            h = n(height),
        );
        let _ = writeln!(out, r#"<title id="{id}-title">{}</title>"#, esc(&self.title));
        let _ = writeln!(out, r#"<desc id="{id}-desc">{}</desc>"#, esc(&self.description));
        let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="{}"/>"#, WHITE.hex());
        out.push_str(&svg.body);
        out.push_str("</svg>\n");
        out
    }

    /// The chart as a PNG, `scale` pixels a unit of the SVG (2 for a sharp image on a
    /// publication's page): [`Chart::to_svg`] drawn by resvg with our own fonts, so it looks the
    /// same on a machine with no fonts installed.
    pub fn to_png(&self, scale: f32) -> Result<Vec<u8>, String> {
        svg_to_png(&self.to_svg(), scale)
    }

    /// Writes the chart to `path` as its extension says: `.svg`, or `.png` drawn at
    /// [`PNG_SCALE`]. The file is replaced whole or not at all.
    pub fn save(&self, path: &std::path::Path) -> Result<(), String> {
        let bytes = match ChartFormat::of(path)? {
            ChartFormat::Svg => self.to_svg().into_bytes(),
            ChartFormat::Png => self.to_png(PNG_SCALE)?,
        };
        crate::io::write_atomic(path, &bytes, false).map_err(|e| e.to_string())
    }
}

/// How a chart is saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartFormat {
    /// SVG 1.1.
    Svg,
    /// PNG.
    Png,
}

impl ChartFormat {
    /// The format a file's extension names (any case).
    pub fn of(path: &std::path::Path) -> Result<Self, String> {
        match path.extension().map(|e| e.to_string_lossy().to_lowercase()).as_deref() {
            Some("svg") => Ok(Self::Svg),
            Some("png") => Ok(Self::Png),
            _ => Err(format!("{}: a chart is saved as .svg or .png", path.display())),
        }
    }
}

/// Pixels a unit of the SVG in a saved PNG: twice the SVG's size, sharp on a printed page
/// or a high-density screen (a chart 800 units wide is 1600 pixels).
pub const PNG_SCALE: f32 = 2.0;

/// Draws an SVG (one of ours) as a PNG, `scale` pixels a unit, with our fonts.
#[cfg(feature = "pdf")]
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    use std::sync::{Arc, LazyLock};

    static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
        let mut db = usvg::fontdb::Database::new();
        for data in [
            include_bytes!("../../assets/fonts/NotoSans-Regular.ttf").as_slice(),
            include_bytes!("../../assets/fonts/NotoSansGeorgian-Regular.ttf").as_slice(),
            include_bytes!("../../assets/fonts/NotoSansArmenian-Regular.ttf").as_slice(),
        ] {
            db.load_font_data(data.to_vec());
        }
        db.set_sans_serif_family("Noto Sans");
        Arc::new(db)
    });

    if !scale.is_finite() || scale <= 0.0 || scale > 16.0 {
        return Err(format!("a chart is drawn at a scale from above 0 to 16, not {scale}"));
    }
    let options =
        usvg::Options { fontdb: Arc::clone(&FONTS), font_family: "Noto Sans".to_owned(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("the chart's SVG cannot be read: {e}"))?;
    let size = tree.size();
    let (w, h) = ((size.width() * scale).ceil(), (size.height() * scale).ceil());
    if w > 32_000.0 || h > 32_000.0 {
        return Err(format!("the chart would be {w} × {h} pixels; draw it at a smaller scale"));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)
        .ok_or_else(|| format!("no image of {w} × {h} pixels can be made"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| format!("the PNG cannot be written: {e}"))
}

/// Without the `pdf` feature (which brings resvg) there is no PNG.
#[cfg(not(feature = "pdf"))]
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let _ = (svg, scale);
    Err("this build of Rapporteur draws no PNG (it was built without the \"pdf\" feature); save the chart as SVG"
        .to_owned())
}

/// Where `value` lies between `x0` and `x1` on `axis`.
fn across(axis: &Axis, value: f64, x0: f64, x1: f64) -> f64 {
    x0 + (value - axis.min) / (axis.max - axis.min) * (x1 - x0)
}

const ROW: f64 = 18.0;

fn draw_bars(svg: &mut Svg, b: &Bars, top: f64) -> f64 {
    if b.bars.is_empty() {
        svg.text(PAD, top + 20.0, TEXT_SIZE, "start", INK, "No chapter has the figure yet.");
        return top + 40.0;
    }
    let labels = b.bars.iter().map(|bar| text_width(&bar.label, TEXT_SIZE)).fold(0.0, f64::max);
    let values = b.bars.iter().map(|bar| text_width(&bar.shown, SMALL_SIZE)).fold(0.0, f64::max);
    let x0 = PAD + labels.min(260.0) + 8.0;
    let x1 = svg.width - PAD - values - 8.0;
    let ticks_above = b.bars.len() > 25;
    let y0 = top + if ticks_above { 24.0 } else { 8.0 };
    let y1 = y0 + ROW * b.bars.len() as f64;
    let at = |v: f64| across(&b.axis, v, x0, x1);
    let _ = writeln!(svg.body, r#"<g class="bands">"#);
    for band in &b.bands {
        let _ = writeln!(svg.body, "<g><title>{}</title>", esc(&band.label));
        svg.rect(at(band.from), y0, at(band.to) - at(band.from), y1 - y0, band.colour, "");
        let _ = writeln!(svg.body, "</g>");
    }
    if b.bands.is_empty() {
        svg.rect(x0, y0, x1 - x0, y1 - y0, Colour::rgb(0xf4, 0xf4, 0xf4), "");
    }
    let _ = writeln!(svg.body, "</g>");
    let _ = writeln!(svg.body, r#"<g class="axis">"#);
    for t in &b.axis.ticks {
        let x = at(t.value);
        svg.line(x, y0, x, y1, GRID_LINE, 1.0);
        svg.text(x, y1 + 15.0, SMALL_SIZE, "middle", INK, &t.label);
        if ticks_above {
            svg.text(x, y0 - 6.0, SMALL_SIZE, "middle", INK, &t.label);
        }
    }
    svg.line(at(b.base), y0, at(b.base), y1, AXIS_LINE, 1.0);
    svg.text(f64::midpoint(x0, x1), y1 + 32.0, TEXT_SIZE, "middle", INK, &b.axis.label);
    let _ = writeln!(svg.body, "</g>");
    let _ = writeln!(svg.body, r#"<g class="bars">"#);
    for (i, bar) in b.bars.iter().enumerate() {
        let y = y0 + ROW * i as f64;
        let (from, to) = (at(b.base.min(bar.value)), at(b.base.max(bar.value)));
        let what = match &bar.class {
            Some(c) => format!("{}: {} ({c})", bar.label, bar.shown),
            None => format!("{}: {}", bar.label, bar.shown),
        };
        let _ = writeln!(svg.body, "<g><title>{}</title>", esc(&what));
        svg.text(x0 - 6.0, y + 13.0, TEXT_SIZE, "end", INK, &bar.label);
        svg.rect(from, y + 3.0, to - from, ROW - 6.0, bar.colour, r##" stroke="#4d4d4d" stroke-width="0.5""##);
        let (tx, anchor) = if bar.value < b.base { (from - 4.0, "end") } else { (to + 4.0, "start") };
        svg.text(tx, y + 12.5, SMALL_SIZE, anchor, INK, &bar.shown);
        let _ = writeln!(svg.body, "</g>");
    }
    let _ = writeln!(svg.body, "</g>");
    y1 + 32.0 + PAD
}

fn draw_line(svg: &mut Svg, l: &Line, top: f64) -> f64 {
    let axis = &l.axis;
    let widest = axis.ticks.iter().map(|t| text_width(&t.label, SMALL_SIZE)).fold(0.0, f64::max);
    let x0 = PAD + 22.0 + widest + 6.0;
    let x1 = svg.width - PAD;
    let (y0, y1) = (top + 14.0, top + 14.0 + 260.0);
    let up = |v: f64| y1 - (v - axis.min) / (axis.max - axis.min) * (y1 - y0);
    let slots = f64::from(l.years.1 - l.years.0 + 1);
    let at = |year: i32| x0 + (f64::from(year - l.years.0) + 0.5) / slots * (x1 - x0);
    let _ = writeln!(svg.body, r#"<g class="bands">"#);
    for band in &l.bands {
        let _ = writeln!(svg.body, "<g><title>{}</title>", esc(&band.label));
        svg.rect(x0, up(band.to), x1 - x0, up(band.from) - up(band.to), band.colour, "");
        let _ = writeln!(svg.body, "</g>");
    }
    if l.bands.is_empty() {
        svg.rect(x0, y0, x1 - x0, y1 - y0, Colour::rgb(0xf4, 0xf4, 0xf4), "");
    }
    let _ = writeln!(svg.body, "</g>");
    let _ = writeln!(svg.body, r#"<g class="axis">"#);
    for t in &axis.ticks {
        let y = up(t.value);
        svg.line(x0, y, x1, y, GRID_LINE, 1.0);
        svg.text(x0 - 6.0, y + 4.0, SMALL_SIZE, "end", INK, &t.label);
    }
    svg.line(x0, y1, x1, y1, AXIS_LINE, 1.0);
    let every = ((slots / 16.0).ceil() as i32).max(1);
    for year in l.years.0..=l.years.1 {
        if (year - l.years.0) % every == 0 || year == l.years.1 {
            svg.line(at(year), y1, at(year), y1 + 4.0, AXIS_LINE, 1.0);
            svg.text(at(year), y1 + 17.0, SMALL_SIZE, "middle", INK, &year.to_string());
        }
    }
    let (lx, ly) = (PAD + 10.0, f64::midpoint(y0, y1));
    let _ = writeln!(
        svg.body,
        r#"<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{}" transform="rotate(-90 {} {})">{}</text>"#,
        n(lx),
        n(ly),
        n(TEXT_SIZE),
        INK.hex(),
        n(lx),
        n(ly),
        esc(&axis.label)
    );
    svg.text(f64::midpoint(x0, x1), y1 + 34.0, TEXT_SIZE, "middle", INK, "Edition");
    let _ = writeln!(svg.body, "</g>");
    // The line, broken where an edition has no figure.
    let mut path = String::new();
    let mut last: Option<i32> = None;
    for p in &l.points {
        match p.value {
            Some(v) => {
                let joined = last.is_some();
                let _ = write!(path, "{}{} {} ", if joined { "L" } else { "M" }, n(at(p.year)), n(up(v)));
                last = Some(p.year);
            }
            None => last = None,
        }
    }
    if !path.is_empty() {
        let _ = writeln!(
            svg.body,
            r#"<path d="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
            path.trim_end(),
            AXIS_LINE.hex()
        );
    }
    let _ = writeln!(svg.body, r#"<g class="points">"#);
    for p in &l.points {
        let (Some(v), Some(shown)) = (p.value, &p.shown) else { continue };
        let what = match &p.class {
            Some(c) => format!("{}: {shown} ({c}), from {}", p.year, p.source),
            None => format!("{}: {shown}, from {}", p.year, p.source),
        };
        let _ = writeln!(svg.body, "<g><title>{}</title>", esc(&what));
        let _ = writeln!(
            svg.body,
            r##"<circle cx="{}" cy="{}" r="5.5" fill="{}" stroke="#333333" stroke-width="1"/>"##,
            n(at(p.year)),
            n(up(v)),
            p.colour.hex()
        );
        let above = up(v) - 10.0 > y0;
        let ty = if above { up(v) - 10.0 } else { up(v) + 20.0 };
        svg.text(at(p.year), ty, SMALL_SIZE, "middle", INK, shown);
        let _ = writeln!(svg.body, "</g>");
    }
    let _ = writeln!(svg.body, "</g>");
    if l.points.is_empty() {
        svg.text(f64::midpoint(x0, x1), f64::midpoint(y0, y1), TEXT_SIZE, "middle", INK, "No edition found.");
    }
    y1 + 34.0 + PAD
}

const CELL_H: f64 = 20.0;

fn grid_geometry(g: &Grid) -> (f64, Vec<f64>) {
    let labels = g.rows.iter().map(|r| text_width(r, TEXT_SIZE)).fold(0.0, f64::max);
    let widths = g
        .columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let values = g.cells.iter().filter_map(|r| r[k].as_ref()).map(|c| text_width(&c.shown, SMALL_SIZE));
            values.fold(text_width(&c.code, SMALL_SIZE), f64::max).max(28.0) + 12.0
        })
        .collect();
    (PAD + labels.min(260.0) + 8.0, widths)
}

fn grid_width(g: &Grid) -> f64 {
    let (x0, widths) = grid_geometry(g);
    let key =
        g.columns.iter().map(|c| text_width(&format!("{} ({})", c.key(), c.scale()), SMALL_SIZE)).fold(0.0, f64::max);
    (x0 + widths.iter().sum::<f64>() + PAD).max(PAD * 2.0 + key).max(480.0).ceil()
}

fn draw_grid(svg: &mut Svg, g: &Grid, top: f64) -> f64 {
    let (x0, widths) = grid_geometry(g);
    let lefts: Vec<f64> = widths.iter().scan(x0, |x, w| Some(std::mem::replace(x, *x + w))).collect();
    let y0 = top + 22.0;
    let _ = writeln!(svg.body, r#"<g class="columns">"#);
    for (c, (&x, &w)) in g.columns.iter().zip(lefts.iter().zip(&widths)) {
        let _ = writeln!(svg.body, "<g><title>{}</title>", esc(&c.key()));
        svg.text(x + w / 2.0, y0 - 7.0, SMALL_SIZE, "middle", INK, &c.code);
        let _ = writeln!(svg.body, "</g>");
    }
    let _ = writeln!(svg.body, "</g>");
    let _ = writeln!(svg.body, r#"<g class="cells">"#);
    for (i, (country, cells)) in g.rows.iter().zip(&g.cells).enumerate() {
        let y = y0 + CELL_H * i as f64;
        svg.text(x0 - 6.0, y + 14.0, TEXT_SIZE, "end", INK, country);
        for ((cell, column), (&x, &w)) in cells.iter().zip(&g.columns).zip(lefts.iter().zip(&widths)) {
            let stroke = r##" stroke="#ffffff" stroke-width="1""##;
            if let Some(cell) = cell {
                let what = format!("{country}, {}: {}", column.key(), cell.shown);
                let _ = writeln!(svg.body, "<g><title>{}</title>", esc(&what));
                svg.rect(x, y, w, CELL_H, cell.colour, stroke);
                svg.text(x + w / 2.0, y + 14.0, SMALL_SIZE, "middle", cell.text, &cell.shown);
            } else {
                let what = format!("{country}, {}: not rated", column.key());
                let _ = writeln!(svg.body, "<g><title>{}</title>", esc(&what));
                svg.rect(x, y, w, CELL_H, NO_VALUE, stroke);
                svg.text(x + w / 2.0, y + 14.0, SMALL_SIZE, "middle", AXIS_LINE, "–");
            }
            let _ = writeln!(svg.body, "</g>");
        }
    }
    let _ = writeln!(svg.body, "</g>");
    let mut y = y0 + CELL_H * g.rows.len() as f64 + 10.0;
    if g.rows.is_empty() {
        svg.text(PAD, y + 10.0, TEXT_SIZE, "start", INK, "No chapter is rated yet.");
        y += 20.0;
    }
    svg.line(PAD, y, svg.width - PAD, y, RULE, 1.0);
    let _ = writeln!(svg.body, r#"<g class="key">"#);
    for c in &g.columns {
        y += 16.0;
        svg.text(PAD, y, SMALL_SIZE, "start", INK, &format!("{} ({})", c.key(), c.scale()));
    }
    let _ = writeln!(svg.body, "</g>");
    y + PAD
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::Methodology;
    use crate::edition::{EditionFile, Region};
    use crate::model::{Chapter, Rating};

    /// Writes an edition of `methodology` for `year` into `dir` with `regions`.
    fn edition_file(dir: &Path, methodology: &str, year: i32, regions: &[(&str, &[&str])]) {
        let mut file = EditionFile::new(&format!("Test Edition {year}"), methodology, year);
        file.regions = regions.iter().map(|(name, countries)| Region::new(name, countries)).collect();
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("edition.ron"), file.to_ron()).unwrap();
    }

    /// A chapter of `method` with `ratings` (code, hundredths) and last year's.
    fn chapter(
        method: &Methodology,
        country: &str,
        year: i32,
        ratings: &[(&str, u32)],
        last: &[(&str, u32)],
    ) -> Chapter {
        let mut c = Chapter::new(method, country, year);
        for (code, r) in ratings {
            c.category_mut(code).unwrap().rating = Some(Rating::from_hundredths(*r));
        }
        for (code, r) in last {
            c.category_mut(code).unwrap().last_year = Some(Rating::from_hundredths(*r));
        }
        c
    }

    const NIT: [&str; 7] = ["NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"];

    fn nit(country: &str, year: i32, ratings: [u32; 7], last: Option<[u32; 7]>) -> Chapter {
        let now: Vec<(&str, u32)> = NIT.iter().copied().zip(ratings).collect();
        let before: Vec<(&str, u32)> = last.map(|l| NIT.iter().copied().zip(l).collect()).unwrap_or_default();
        chapter(&Methodology::nit_2020(), country, year, &now, &before)
    }

    fn write(dir: &Path, name: &str, chapter: &Chapter) {
        std::fs::write(dir.join(name), crate::io::to_ron(chapter)).unwrap();
    }

    /// Nations in Transit 2024: four countries in two regions, one of no region rated in
    /// National Democratic Governance only; Estonia's 2021 and 2023 editions beside it.
    fn nit_edition(root: &Path) -> Edition {
        let dir = root.join("nit-2024");
        edition_file(
            &dir,
            "nit-2020",
            2024,
            &[("Europe", &["Estonia", "Serbia"]), ("Central Asia", &["Kazakhstan", "Kyrgyzstan"])],
        );
        write(&dir, "estonia.ron", &nit("Estonia", 2024, [600; 7], Some([550; 7])));
        // (4 × 4 + 3.25 + 3) / 7 = 3.75; (1.25 + 1 + 2 + 1.5 + 1.5 + 1 + 1.25) / 7 = 1.357…
        write(&dir, "serbia.ron", &nit("Serbia", 2024, [400, 400, 400, 400, 400, 325, 300], None));
        write(&dir, "kazakhstan.ron", &nit("Kazakhstan", 2024, [125, 100, 200, 150, 150, 100, 125], None));
        // 13 / 7 = 1.857…
        write(&dir, "kyrgyzstan.ron", &nit("Kyrgyzstan", 2024, [200, 175, 250, 175, 200, 150, 150], None));
        let freedonia = chapter(&Methodology::nit_2020(), "Freedonia", 2024, &[("NDG", 500)], &[]);
        write(&dir, "freedonia.ron", &freedonia);
        for (year, r) in [(2021, 475), (2023, 575)] {
            let other = root.join(format!("nit-{year}"));
            edition_file(&other, "nit-2020", year, &[]);
            write(&other, "estonia.ron", &nit("Estonia", year, [r; 7], None));
        }
        Edition::open(&dir).unwrap()
    }

    #[derive(Debug)]
    struct El {
        name: String,
        attrs: Vec<(String, String)>,
        text: String,
        /// The class of the nearest enclosing `<g class>`.
        group: String,
    }

    impl El {
        fn attr(&self, name: &str) -> &str {
            self.attrs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
        }
    }

    /// Every element of `svg`, parsed as XML (panics where it is not well formed).
    fn parse(svg: &str) -> Vec<El> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(svg);
        let mut out: Vec<El> = Vec::new();
        let mut open: Vec<(String, usize)> = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        loop {
            let event = reader.read_event().unwrap_or_else(|e| panic!("not well formed: {e}\n{svg}"));
            let decoder = reader.decoder();
            let el = |e: &quick_xml::events::BytesStart, groups: &[String]| El {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                attrs: e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.decoded_and_normalized_value(quick_xml::XmlVersion::default(), decoder)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect(),
                text: String::new(),
                group: groups.iter().rev().find(|g| !g.is_empty()).cloned().unwrap_or_default(),
            };
            match event {
                Event::Start(e) => {
                    let el = el(&e, &groups);
                    groups.push(if el.name == "g" { el.attr("class").to_owned() } else { String::new() });
                    open.push((el.name.clone(), out.len()));
                    out.push(el);
                }
                Event::Empty(e) => out.push(el(&e, &groups)),
                Event::End(e) => {
                    let (name, _) = open.pop().expect("an end tag closes an open element");
                    assert_eq!(name.as_bytes(), e.name().as_ref());
                    groups.pop();
                }
                Event::Text(t) => {
                    if let Some((_, at)) = open.last() {
                        out[*at].text.push_str(&t.decode().unwrap());
                    }
                }
                Event::GeneralRef(r) => {
                    let name = String::from_utf8(r.to_vec()).unwrap();
                    let c = match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unknown entity {other}"),
                    };
                    if let Some((_, at)) = open.last() {
                        out[*at].text.push_str(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed: {open:?}");
        out
    }

    fn blue() -> Colour {
        Colour::rgb(0x00, 0x72, 0xb2)
    }

    #[test]
    fn the_headline_chart_ranks_countries_best_first_over_the_bands() {
        let root = tempfile::tempdir().unwrap();
        let edition = nit_edition(root.path());
        let chart = headline(&edition);
        assert_eq!(chart.id, "headline");
        assert_eq!(chart.title, "Test Edition 2024: Democracy Score");
        let Kind::Bars(bars) = &chart.kind else { panic!("bars") };
        let got: Vec<(&str, &str, Option<&str>, String)> = bars
            .bars
            .iter()
            .map(|b| (b.label.as_str(), b.shown.as_str(), b.class.as_deref(), b.colour.hex()))
            .collect();
        assert_eq!(
            got,
            [
                ("Estonia", "6.00", Some("Consolidated Democracy"), "#0072b2".to_owned()),
                ("Freedonia", "5.00", Some("Semi-Consolidated Democracy"), "#56b4e9".to_owned()),
                ("Serbia", "3.75", Some("Transitional or Hybrid Regime"), "#f0e442".to_owned()),
                ("Kyrgyzstan", "1.86", Some("Consolidated Authoritarian Regime"), "#d55e00".to_owned()),
                ("Kazakhstan", "1.36", Some("Consolidated Authoritarian Regime"), "#d55e00".to_owned()),
            ]
        );
        assert!((bars.bars[2].value - 3.75).abs() < 1e-12);
        // A mean of 1–7 ratings: the axis runs 1–7, the bars start at 1.
        assert_eq!((bars.axis.min, bars.axis.max, bars.base), (1.0, 7.0, 1.0));
        assert_eq!(bars.axis.label, "Democracy Score");
        let ticks: Vec<&str> = bars.axis.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(ticks, ["1", "2", "3", "4", "5", "6", "7"]);
        let bands: Vec<(&str, f64, f64, String)> =
            bars.bands.iter().map(|b| (b.label.as_str(), b.from, b.to, b.colour.hex())).collect();
        assert_eq!(
            bands,
            [
                ("Consolidated Authoritarian Regime", 1.0, 2.0, Colour::rgb(0xd5, 0x5e, 0x00).tint(BAND_TINT).hex()),
                (
                    "Semi-Consolidated Authoritarian Regime",
                    2.0,
                    3.0,
                    Colour::rgb(0xe6, 0x9f, 0x00).tint(BAND_TINT).hex()
                ),
                ("Transitional or Hybrid Regime", 3.0, 4.0, Colour::rgb(0xf0, 0xe4, 0x42).tint(BAND_TINT).hex()),
                ("Semi-Consolidated Democracy", 4.0, 5.0, Colour::rgb(0x56, 0xb4, 0xe9).tint(BAND_TINT).hex()),
                ("Consolidated Democracy", 5.0, 7.0, blue().tint(BAND_TINT).hex()),
            ]
        );
        // Vermillion lightened 80 % towards white.
        assert_eq!(Colour::rgb(0xd5, 0x5e, 0x00).tint(BAND_TINT).hex(), "#f7dfcc");
        assert_eq!(chart.legend.title, "Classification");
        let legend: Vec<&str> = chart.legend.entries.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(legend[0], "Consolidated Democracy");
        assert_eq!(legend.len(), 5);
        assert!(chart.description.starts_with(
            "Democracy Score of 5 countries in Test Edition 2024, highest first, coloured by classification; the shaded bands are the classes' ranges: Estonia 6.00 (Consolidated Democracy), Freedonia 5.00"
        ));

        let svg = chart.to_svg();
        assert_eq!(svg, headline(&edition).to_svg(), "the same chart gives the same bytes");
        let els = parse(&svg);
        assert_eq!(els[0].name, "svg");
        assert_eq!(els[0].attr("viewBox"), format!("0 0 {} {}", els[0].attr("width"), els[0].attr("height")));
        assert_eq!(els[0].attr("aria-labelledby"), "chart-headline-title chart-headline-desc");
        let title = els.iter().find(|e| e.name == "title").unwrap();
        assert_eq!(
            (title.attr("id"), title.text.as_str()),
            ("chart-headline-title", "Test Edition 2024: Democracy Score")
        );
        let desc = els.iter().find(|e| e.name == "desc").unwrap();
        assert!(desc.text.contains("Serbia 3.75 (Transitional or Hybrid Regime)"), "{}", desc.text);
        let rects: Vec<&El> = els.iter().filter(|e| e.group == "bars" && e.name == "rect").collect();
        let fills: Vec<&str> = rects.iter().map(|e| e.attr("fill")).collect();
        assert_eq!(fills, ["#0072b2", "#56b4e9", "#f0e442", "#d55e00", "#d55e00"]);
        let texts: Vec<&str> =
            els.iter().filter(|e| e.group == "bars" && e.name == "text").map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Estonia", "6.00", "Freedonia", "5.00", "Serbia", "3.75", "Kyrgyzstan", "1.86", "Kazakhstan", "1.36"]
        );
        // Bars start at the axis's 1 and are as long as their values: 6.00 is five sixths of the
        // plot, 3.75 eleven twenty-fourths.
        let width = |e: &El| e.attr("width").parse::<f64>().unwrap();
        assert!((width(rects[2]) / width(rects[0]) - (2.75 / 5.0)).abs() < 0.01);
        assert_eq!(rects[0].attr("x"), rects[4].attr("x"));
        let bands_drawn = els.iter().filter(|e| e.group == "bands" && e.name == "rect").count();
        assert_eq!(bands_drawn, 5);
        let ticks: Vec<&str> =
            els.iter().filter(|e| e.group == "axis" && e.name == "text").map(|e| e.text.as_str()).collect();
        assert_eq!(ticks, ["1", "2", "3", "4", "5", "6", "7", "Democracy Score"]);
        let legend: Vec<&str> =
            els.iter().filter(|e| e.group == "legend" && e.name == "text").map(|e| e.text.as_str()).collect();
        assert_eq!(legend[..2], ["Classification:", "Consolidated Democracy"]);
    }

    #[test]
    fn the_grid_shows_every_rating_in_published_order() {
        let root = tempfile::tempdir().unwrap();
        let edition = nit_edition(root.path());
        let chart = grid(&edition);
        assert_eq!(chart.title, "Test Edition 2024: ratings");
        let Kind::Grid(g) = &chart.kind else { panic!("grid") };
        // Region by region as the edition file lists them, then the country of no region.
        assert_eq!(g.rows, ["Estonia", "Serbia", "Kazakhstan", "Kyrgyzstan", "Freedonia"]);
        let codes: Vec<&str> = g.columns.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, NIT);
        assert_eq!(g.columns[0].title, "National Democratic Governance");
        assert_eq!(g.columns[0].key(), "NDG National Democratic Governance");
        assert_eq!((g.columns[0].min, g.columns[0].max, g.columns[0].high_is_best), (1.0, 7.0, true));
        let serbia: Vec<&str> = g.cells[1].iter().map(|c| c.as_ref().map_or("–", |c| c.shown.as_str())).collect();
        assert_eq!(serbia, ["4.00", "4.00", "4.00", "4.00", "4.00", "3.25", "3.00"]);
        let freedonia: Vec<bool> = g.cells[4].iter().map(Option::is_some).collect();
        assert_eq!(freedonia, [true, false, false, false, false, false, false]);
        // 6.00 on 1–7 is five sixths of the way to the best end: between the two darkest blues.
        let estonia = g.cells[0][0].as_ref().unwrap();
        assert_eq!((estonia.colour.hex(), estonia.text), ("#195b9c".to_owned(), WHITE));
        let kazakhstan = g.cells[2][1].as_ref().unwrap();
        assert_eq!(
            (kazakhstan.shown.as_str(), kazakhstan.colour.hex(), kazakhstan.text),
            ("1.00", "#f7fbff".to_owned(), INK)
        );
        let legend: Vec<(&str, String)> =
            chart.legend.entries.iter().map(|s| (s.label.as_str(), s.colour.hex())).collect();
        assert_eq!(
            legend,
            [
                ("1.0", "#f7fbff".to_owned()),
                ("2.5", "#c6dbef".to_owned()),
                ("4.0", "#6baed6".to_owned()),
                ("5.5", "#2171b5".to_owned()),
                ("7.0", "#08306b".to_owned())
            ]
        );

        let svg = chart.to_svg();
        let els = parse(&svg);
        let cells = els.iter().filter(|e| e.group == "cells" && e.name == "rect").count();
        assert_eq!(cells, 5 * 7);
        let empty =
            els.iter().filter(|e| e.group == "cells" && e.name == "rect" && e.attr("fill") == "#eeeeee").count();
        assert_eq!(empty, 6);
        let heads: Vec<&str> =
            els.iter().filter(|e| e.group == "columns" && e.name == "text").map(|e| e.text.as_str()).collect();
        assert_eq!(heads, NIT);
        let key: Vec<&str> = els.iter().filter(|e| e.group == "key").map(|e| e.text.as_str()).collect();
        assert_eq!(key[6], "CO Corruption (1–7)");
    }

    #[test]
    fn a_history_joins_the_editions_beside_this_one() {
        let root = tempfile::tempdir().unwrap();
        let edition = nit_edition(root.path());
        let chart = history(&edition, "Estonia");
        assert_eq!(chart.id, "history-estonia");
        assert_eq!(chart.title, "Estonia: Democracy Score, 2021–2024");
        let Kind::Line(line) = &chart.kind else { panic!("line") };
        let got: Vec<(i32, &str, Option<&str>, String)> =
            line.points.iter().map(|p| (p.year, p.source.as_str(), p.shown.as_deref(), p.colour.hex())).collect();
        // 2023 from its folder (not from last year's ratings in the 2024 chapter, 5.50).
        assert_eq!(
            got,
            [
                (2021, "nit-2021", Some("4.75"), "#56b4e9".to_owned()),
                (2023, "nit-2023", Some("5.75"), "#0072b2".to_owned()),
                (2024, "this edition", Some("6.00"), "#0072b2".to_owned()),
            ]
        );
        assert_eq!(line.years, (2021, 2024));
        assert_eq!(line.bands.len(), 5);
        assert_eq!(
            chart.description,
            "Democracy Score of Estonia, edition by edition, 2021–2024: 2021 4.75 (Semi-Consolidated Democracy), 2023 5.75 (Consolidated Democracy), 2024 6.00 (Consolidated Democracy)."
        );
        let els = parse(&chart.to_svg());
        assert_eq!(els.iter().filter(|e| e.group == "points" && e.name == "circle").count(), 3);
        let path = els.iter().find(|e| e.name == "path").unwrap();
        assert_eq!(path.attr("d").matches('M').count(), 1, "one unbroken line");
        let years: Vec<&str> = els
            .iter()
            .filter(|e| e.group == "axis" && e.name == "text" && e.text.starts_with("20"))
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(years, ["2021", "2022", "2023", "2024"]);

        let nobody = history(&edition, "Atlantis");
        let Kind::Line(line) = &nobody.kind else { panic!("line") };
        assert!(line.points.is_empty());
        assert_eq!(nobody.description, "No edition of Atlantis was found.");
        parse(&nobody.to_svg());
    }

    #[test]
    fn many_items_make_a_grid_of_groups_and_ranges_come_from_the_methodology() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("fiw-2025");
        edition_file(&dir, "fiw", 2025, &[]);
        let fiw = Methodology::builtin("fiw").unwrap();
        let items: Vec<String> =
            fiw.items_in(2025).into_iter().filter(|c| !c.starts_with("Add")).map(str::to_owned).collect();
        assert_eq!(items.len(), 25);
        let two: Vec<(&str, u32)> = items.iter().map(|c| (c.as_str(), 200)).collect();
        write(&dir, "freedonia.ron", &chapter(&fiw, "Freedonia", 2025, &two, &[]));
        let four: Vec<(&str, u32)> =
            items.iter().map(|c| (c.as_str(), if c.starts_with('A') { 300 } else { 400 })).collect();
        write(&dir, "utopia.ron", &chapter(&fiw, "Utopia & Co <1>", 2025, &four, &[]));
        let edition = Edition::open(&dir).unwrap();

        // Sums of 0–4 points; the optional, subtracted Q left out of the range.
        let def = &fiw.def;
        assert_eq!(nominal_range(def, "Total", 2025), Some((0.0, 100.0)));
        assert_eq!(nominal_range(def, "PR", 2025), Some((0.0, 40.0)));
        assert_eq!(nominal_range(def, "PR rating", 2025), Some((1.0, 7.0)));
        assert_eq!(nominal_range(def, "Ratings mean", 2025), Some((1.0, 7.0)));
        let nit = Methodology::nit_2020();
        assert_eq!(nominal_range(&nit.def, "DP", 2024), Some((0.0, 100.0)));
        let bti = Methodology::builtin("bti").unwrap();
        // Governance Performance × (35 + Level of Difficulty) / 45, all on 1–10.
        let gi = nominal_range(&bti.def, "GI", 2024).unwrap();
        assert!((gi.0 - 0.8).abs() < 1e-9 && (gi.1 - 10.0).abs() < 1e-9, "{gi:?}");

        let chart = headline(&edition);
        let Kind::Bars(bars) = &chart.kind else { panic!("bars") };
        let got: Vec<(&str, &str, Option<&str>, String)> = bars
            .bars
            .iter()
            .map(|b| (b.label.as_str(), b.shown.as_str(), b.class.as_deref(), b.colour.hex()))
            .collect();
        assert_eq!(
            got,
            [
                ("Utopia & Co <1>", "97", Some("Free"), "#0072b2".to_owned()),
                ("Freedonia", "50", Some("Partly Free"), "#f0e442".to_owned()),
            ]
        );
        assert_eq!((bars.axis.min, bars.axis.max, bars.base), (0.0, 100.0, 0.0));
        assert_eq!(bars.axis.label, "Global Freedom Score");
        // Status bands the mean of the two ratings, not the headline: no bands.
        assert!(bars.bands.is_empty());
        let svg = chart.to_svg();
        assert!(svg.contains(">Utopia &amp; Co &lt;1&gt;</text>"));
        let els = parse(&svg);
        assert!(els.iter().any(|e| e.name == "text" && e.text == "Utopia & Co <1>"));

        let chart = grid(&edition);
        assert_eq!(chart.title, "Test Edition 2025: scores by group");
        let Kind::Grid(g) = &chart.kind else { panic!("grid") };
        let columns: Vec<(&str, &str, f64)> =
            g.columns.iter().map(|c| (c.code.as_str(), c.title.as_str(), c.max)).collect();
        assert_eq!(
            columns,
            [
                ("A", "Electoral Process", 12.0),
                ("B", "Political Pluralism and Participation", 16.0),
                ("C", "Functioning of Government", 12.0),
                ("D", "Freedom of Expression and Belief", 16.0),
                ("E", "Associational and Organizational Rights", 12.0),
                ("F", "Rule of Law", 16.0),
                ("G", "Personal Autonomy and Individual Rights", 16.0),
            ]
        );
        // Published order with no regions: by country.
        assert_eq!(g.rows, ["Freedonia", "Utopia & Co <1>"]);
        let freedonia: Vec<&str> = g.cells[0].iter().map(|c| c.as_ref().map_or("–", |c| c.shown.as_str())).collect();
        assert_eq!(freedonia, ["6", "8", "6", "8", "6", "8", "8"]);
        // Half of each scale: the middle of the sequence.
        assert!(g.cells[0].iter().all(|c| c.as_ref().unwrap().colour == sequential(0.5)));
        let legend: Vec<&str> = chart.legend.entries.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(legend, ["Worst", "", "", "", "Best"]);
        assert_eq!(g.columns[1].scale(), "0–16");
        let els = parse(&chart.to_svg());
        assert_eq!(els.iter().filter(|e| e.group == "cells" && e.name == "rect").count(), 2 * 7);
    }

    #[test]
    fn charts_of_nothing_say_so() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("empty");
        edition_file(&dir, "nit-2020", 2024, &[]);
        let edition = Edition::open(&dir).unwrap();
        for chart in [headline(&edition), grid(&edition)] {
            let els = parse(&chart.to_svg());
            assert!(els.iter().any(|e| e.name == "text" && e.text.starts_with("No chapter")), "{chart:?}");
        }
    }

    #[test]
    fn ticks_fall_on_round_values() {
        let labels = |a, b| ticks(a, b).into_iter().map(|t| t.label).collect::<Vec<_>>();
        assert_eq!(labels(0.0, 100.0), ["0", "20", "40", "60", "80", "100"]);
        assert_eq!(labels(1.0, 10.0), ["2", "4", "6", "8", "10"]);
        assert_eq!(labels(-4.0, 40.0), ["0", "10", "20", "30", "40"]);
        assert_eq!(labels(0.0, 1.5), ["0.00", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50"]);
        assert_eq!(number(-0.000_01, 2), "0.00");
        assert_eq!(n(12.345), "12.3");
        assert_eq!(n(7.0), "7");
        assert_eq!(slug("Bosnia and Herzegovina"), "bosnia-and-herzegovina");
        assert_eq!(slug("Côte d'Ivoire"), "côte-d-ivoire");
        assert_eq!(class_colours(3).iter().map(|c| c.hex()).collect::<Vec<_>>(), ["#0072b2", "#f0e442", "#d55e00"]);
        assert_eq!(WHITE.text_on(), INK);
        assert_eq!(Colour::rgb(0x08, 0x30, 0x6b).text_on(), WHITE);
    }

    /// The PNG's width and height from its IHDR chunk.
    fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        let be = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
        (be(16), be(20))
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn a_chart_is_drawn_as_a_png_at_any_scale() {
        let root = tempfile::tempdir().unwrap();
        let edition = nit_edition(root.path());
        let chart = headline(&edition);
        let els = parse(&chart.to_svg());
        let w: f64 = els[0].attr("width").parse().unwrap();
        let h: f64 = els[0].attr("height").parse().unwrap();
        let png = chart.to_png(1.0).unwrap();
        assert_eq!(png_size(&png), (w.ceil() as u32, h.ceil() as u32));
        let twice = chart.to_png(2.0).unwrap();
        assert_eq!(png_size(&twice), ((w * 2.0).ceil() as u32, (h * 2.0).ceil() as u32));
        assert_eq!(twice, chart.to_png(2.0).unwrap(), "the same chart gives the same bytes");
        assert!(chart.to_png(0.0).unwrap_err().contains("scale"));
        assert!(chart.to_png(f32::NAN).is_err());
        // Text is drawn with our fonts: a chart with its labels differs from one without.
        let mut bare = chart.clone();
        if let Kind::Bars(b) = &mut bare.kind {
            for bar in &mut b.bars {
                bar.label.clear();
            }
        }
        assert_ne!(bare.to_png(1.0).unwrap(), png);
    }

    #[cfg(not(feature = "pdf"))]
    #[test]
    fn without_resvg_a_png_is_refused() {
        let chart = Chart {
            id: "x".into(),
            title: "x".into(),
            description: String::new(),
            kind: Kind::Grid(Grid { rows: vec![], columns: vec![], cells: vec![] }),
            legend: Legend::default(),
        };
        assert!(chart.to_png(1.0).unwrap_err().contains("SVG"));
        let _ = png_size;
    }
}
