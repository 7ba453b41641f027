//! Any rating index as a file: the methodology format and the one engine that computes a
//! score tree from it.
//!
//! A methodology file ([`IndexDef`], RON) describes an index completely: its identity, the
//! outline of groups and rated items with their scales, the figures computed from them (sum,
//! mean, weighted mean, rescale, lookup table, formula), the classifications (bands and
//! rules), the chapter's sections and the change rules. [`load`] and [`parse`] read one and
//! refuse, with line and column, anything that does not make sense ([`check`]);
//! [`ScoreTree::compute`] gives every figure and classification of a chapter's ratings,
//! exactly (fractions of integers, rounded once, half up, see [`value`]).
//!
//! Four methodologies ship in `assets/methodologies/` and are built into the binary
//! ([`builtin`]): `nit-2020`, `nit-pre-2020`, `fiw` and `bti`. `docs/methodology.md` documents
//! the format field by field.

pub mod check;
pub mod def;
pub mod describe;
mod scan;
pub mod tree;
pub mod value;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use check::Problem;
pub use def::{
    Best, ChangeRules, ChapterDef, ClassificationDef, Classify, ColumnDef, Compute, Condition, ConversionDef,
    ConversionRule, DataLayoutDef, DisplayDef, EditionYear, Editions, Expr, FigureDef, GroupDef, Holds, IndexDef,
    ItemDef, ItemTitles, Justification, Node, ScaleDef, SectionDef, Sign, Threshold,
};
pub use tree::{Change, ChangeKind, ClassScore, FigureScore, ItemScore, OutlineLine, Ratings, ScoreTree};
pub use value::Value;

use crate::io::Position;

/// The largest methodology file read (BTI's, the largest shipped, is about 40 KB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How deeply brackets may nest (a formula nests a few levels per operation).
const RECURSION_LIMIT: usize = 128;

/// The methodologies built into Rapporteur: id and file text.
const BUILTIN: &[(&str, &str)] = &[
    ("nit-2020", include_str!("../../assets/methodologies/nit-2020.ron")),
    ("nit-pre-2020", include_str!("../../assets/methodologies/nit-pre-2020.ron")),
    ("fiw", include_str!("../../assets/methodologies/fiw.ron")),
    ("bti", include_str!("../../assets/methodologies/bti.ron")),
];

/// Why a methodology could not be read: the file and its problems, each at a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexError {
    /// The file (or the built-in id).
    pub path: PathBuf,
    /// The problems, in order of position; a file that cannot be read has one at 1:1.
    pub problems: Vec<Problem>,
}

impl fmt::Display for IndexError {
    /// One `FILE:LINE:COL: message` line per problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{p}", self.path.display())?;
        }
        Ok(())
    }
}

impl std::error::Error for IndexError {}

/// The RON options methodology files are read with: `Some` may be left out
/// (`from: 2005`), and an enum's struct is written inside its variant (`Item(code: …)`).
fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Reads a methodology from its text and checks it. `path` only names the file in errors.
pub fn parse(text: &str, path: &Path) -> Result<IndexDef, IndexError> {
    let fail = |problems| IndexError { path: path.to_owned(), problems };
    let def: IndexDef = options().from_str(text).map_err(|e| {
        fail(vec![Problem {
            at: Position { line: e.span.start.line, column: e.span.start.col },
            message: describe(&e.code),
        }])
    })?;
    let problems = check::check(&def, text);
    if problems.is_empty() { Ok(def) } else { Err(fail(problems)) }
}

/// Every problem of a methodology file's text: a syntax or shape error, or the semantic
/// problems [`check::check`] finds. Empty when the file is good.
#[must_use]
pub fn check_text(text: &str) -> Vec<Problem> {
    match parse(text, Path::new("")) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems,
    }
}

/// Reads and checks a methodology file (at most [`MAX_FILE_BYTES`]).
pub fn load(path: &Path) -> Result<IndexDef, IndexError> {
    let text = read(path)?;
    parse(&text, path)
}

/// The text of a methodology file, within the size limit, as UTF-8.
pub fn read(path: &Path) -> Result<String, IndexError> {
    use std::io::Read;
    let fail = |message: String| IndexError {
        path: path.to_owned(),
        problems: vec![Problem { at: Position { line: 1, column: 1 }, message }],
    };
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!("larger than the {MAX_FILE_BYTES} bytes a methodology file may have")));
    }
    String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text; a methodology file is RON written in UTF-8".to_owned()))
}

/// A built-in methodology by id (a copy of [`builtin_ref`]).
#[must_use]
pub fn builtin(id: &str) -> Option<IndexDef> {
    builtin_ref(id).cloned()
}

/// A built-in methodology by id, parsed once per run and kept: what a caller that needs it
/// every frame should use.
#[must_use]
pub fn builtin_ref(id: &str) -> Option<&'static IndexDef> {
    static PARSED: std::sync::OnceLock<Vec<Option<IndexDef>>> = std::sync::OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        // The shipped files are checked by the tests; a broken one is a build defect, shown
        // as "unknown" rather than a panic.
        BUILTIN.iter().map(|(id, text)| parse(text, Path::new(id)).ok()).collect()
    });
    let i = BUILTIN.iter().position(|(i, _)| *i == id)?;
    parsed.get(i)?.as_ref()
}

/// The text of a built-in methodology file.
#[must_use]
pub fn builtin_text(id: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}

/// The ids of the built-in methodologies, in the order listed.
#[must_use]
pub fn builtin_ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|(id, _)| *id).collect()
}

/// A built-in methodology by id, or else a methodology file by path.
pub fn resolve(id_or_path: &str) -> Result<IndexDef, IndexError> {
    if let Some(def) = builtin(id_or_path) {
        return Ok(def);
    }
    let path = Path::new(id_or_path);
    if !path.exists() {
        return Err(IndexError {
            path: path.to_owned(),
            problems: vec![Problem {
                at: Position { line: 1, column: 1 },
                message: format!(
                    "no built-in methodology has this id ({}) and there is no such file",
                    builtin_ids().join(", ")
                ),
            }],
        });
    }
    load(path)
}

impl IndexDef {
    /// The report's name for chapter titles.
    #[must_use]
    pub fn report_name(&self) -> &str {
        self.report.as_deref().unwrap_or(&self.name)
    }

    /// The item with this code, anywhere in the outline.
    #[must_use]
    pub fn item(&self, code: &str) -> Option<&ItemDef> {
        self.items().into_iter().find(|i| i.code == code)
    }

    /// Every item in published order (of all editions).
    #[must_use]
    pub fn items(&self) -> Vec<&ItemDef> {
        let mut out = Vec::new();
        check::for_each_node(&self.outline, &mut |n| {
            if let Node::Item(i) = n {
                out.push(i);
            }
        });
        out
    }

    /// The items rated in `edition`, in published order.
    #[must_use]
    pub fn items_in(&self, edition: i32) -> Vec<&ItemDef> {
        let mut out = Vec::new();
        tree::walk(&self.outline, 0, edition, Editions::default(), &mut |n, _, inside| {
            if let (Node::Item(i), true) = (n, inside) {
                out.push(i);
            }
        });
        out
    }

    /// The scale an item is rated on.
    #[must_use]
    pub fn scale_of(&self, code: &str) -> Option<&ScaleDef> {
        let item = self.item(code)?;
        self.scales.iter().find(|s| s.id == item.scale)
    }

    /// The rating one step above `value` on item `code`'s scale (the bottom of the scale when
    /// unrated or below it), clamped to the top; `None` for an unknown item.
    #[must_use]
    pub fn step_up(&self, code: &str, value: Option<Value>) -> Option<Value> {
        let s = self.scale_of(code)?;
        let Some(v) = value.filter(|v| *v >= s.min) else { return Some(s.min) };
        // The next whole step above v: min + (floor((v − min) / step) + 1) × step.
        let steps = v.checked_sub(s.min)?.checked_div(s.step)?;
        let next = Value::ratio(steps.numer().div_euclid(steps.denom()) + 1, 1)?;
        Some(s.min.checked_add(next.checked_mul(s.step)?)?.min(s.max))
    }

    /// The rating one step below `value` on item `code`'s scale, clamped to the bottom (the
    /// bottom when unrated; the top when above the scale); `None` for an unknown item.
    #[must_use]
    pub fn step_down(&self, code: &str, value: Option<Value>) -> Option<Value> {
        let s = self.scale_of(code)?;
        let Some(v) = value else { return Some(s.min) };
        if v > s.max {
            return Some(s.max);
        }
        // The next whole step below v: min + (ceil((v − min) / step) − 1) × step.
        let steps = v.checked_sub(s.min)?.checked_div(s.step)?;
        let below = Value::ratio(-(-steps.numer()).div_euclid(steps.denom()) - 1, 1)?;
        Some(s.min.checked_add(below.checked_mul(s.step)?)?.max(s.min))
    }

    /// Whether `value` is a rating item `code` can have: on its scale and on its step.
    pub fn check_rating(&self, code: &str, value: Value) -> Result<(), String> {
        let Some(scale) = self.scale_of(code) else {
            return Err(format!("\"{code}\" is not an item of {}", self.name));
        };
        // As the scale shows its ratings (1.30, not 1.3), unless that would round.
        let shown = |v: Value| match (v.decimals_needed(), v.rounded(scale.decimals)) {
            (Some(d), Some(fixed)) if d <= scale.decimals => fixed.to_string(),
            _ => v.to_string(),
        };
        if value < scale.min || value > scale.max {
            return Err(format!("{} is outside the scale {} to {}", shown(value), shown(scale.min), shown(scale.max)));
        }
        if !value.checked_sub(scale.min).is_some_and(|d| d.is_multiple_of(scale.step)) {
            return Err(format!("{} is not a step of {} on the scale", shown(value), shown(scale.step)));
        }
        Ok(())
    }
}

/// A chapter's ratings on their own, as a file: the edition, this year's ratings by item code
/// and, optionally, last year's. Written by hand or by a script:
/// `RatingsFile(edition: 2024, ratings: {"A1": 0, "Add Q": 4}, last_year: {"A1": 1})`;
/// `rapporteur data import` also writes the methodology, the country and the publisher's other
/// columns.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename = "RatingsFile", deny_unknown_fields)]
pub struct RatingsFile {
    /// The methodology the ratings are under (an id or a file), when the file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methodology: Option<String>,
    /// The country (or territory), when the file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The edition year.
    pub edition: i32,
    /// This year's ratings; an item left out (or `None`) is unrated.
    pub ratings: Ratings,
    /// Last year's ratings, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_year: Option<Ratings>,
    /// Other columns of the publisher's row, by header (a region), kept for `data export`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
}

impl RatingsFile {
    /// The file's text as [`RatingsFile::parse`] reads it back (rated items only).
    #[must_use]
    pub fn to_ron(&self) -> String {
        /// The file as written: ratings without `Some`, empty fields left out.
        #[derive(serde::Serialize)]
        #[serde(rename = "RatingsFile")]
        struct Written<'a> {
            #[serde(skip_serializing_if = "str::is_empty")]
            methodology: &'a str,
            #[serde(skip_serializing_if = "str::is_empty")]
            country: &'a str,
            edition: i32,
            ratings: BTreeMap<String, Value>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            last_year: BTreeMap<String, Value>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            columns: &'a BTreeMap<String, String>,
        }
        let rated = |r: &'_ Ratings| -> BTreeMap<String, Value> {
            r.iter().filter_map(|(c, v)| v.map(|v| (c.clone(), v))).collect()
        };
        let file = Written {
            methodology: self.methodology.as_deref().unwrap_or_default(),
            country: self.country.as_deref().unwrap_or_default(),
            edition: self.edition,
            ratings: rated(&self.ratings),
            last_year: self.last_year.as_ref().map(rated).unwrap_or_default(),
            columns: &self.columns,
        };
        let config = ron::ser::PrettyConfig::new().new_line("\n").indentor("    ").struct_names(true);
        // Plain data with string keys: serializing to a String cannot fail.
        let mut text = ron::ser::to_string_pretty(&file, config).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a ratings file and checks it against `def`: every code is an item of the index,
    /// rated in the edition, and every rating lies on its scale. `path` names the file in errors.
    pub fn parse(text: &str, path: &Path, def: &IndexDef) -> Result<Self, IndexError> {
        let fail = |problems| IndexError { path: path.to_owned(), problems };
        let file: Self = options().from_str(text).map_err(|e| {
            fail(vec![Problem {
                at: Position { line: e.span.start.line, column: e.span.start.col },
                message: describe(&e.code),
            }])
        })?;
        // Scanned for positions only when there is a problem to place.
        let mut scan: Option<scan::Scan<'_>> = None;
        let mut problems = Vec::new();
        for (year, ratings, edition) in std::iter::once(("ratings", &file.ratings, file.edition))
            .chain(file.last_year.as_ref().map(|r| ("last_year", r, file.edition - 1)))
        {
            let in_edition: Vec<&str> = def.items_in(edition).iter().map(|i| i.code.as_str()).collect();
            for (code, value) in ratings {
                let message = if def.item(code).is_none() {
                    Some(format!("\"{code}\" is not an item of {}", def.name))
                } else if !in_edition.contains(&code.as_str()) {
                    Some(format!("\"{code}\" is not rated in the {edition} edition of {}", def.name))
                } else {
                    value.and_then(|v| def.check_rating(code, v).err()).map(|e| format!("\"{code}\": {e}"))
                };
                if let Some(message) = message {
                    // Found only for a problem: a file of good ratings is read without it.
                    let scan = scan.get_or_insert_with(|| scan::Scan::new(text));
                    let at = scan
                        .find(|l| l.is_str && &l.text == code && l.within(year))
                        .next()
                        .map_or(Position { line: 1, column: 1 }, |l| scan.position(l.offset));
                    problems.push(Problem { at, message });
                }
            }
        }
        if problems.is_empty() { Ok(file) } else { Err(fail(problems)) }
    }
}

/// Converts ratings of `from` to `to` by the rule `from`'s file gives (`conversion`): NIT's
/// pre-2020 scale turned over onto the 2020 scale is new = 1 + 7 − old. Unrated items stay
/// unrated; an item `to` does not rate keeps its code and its rating. `None` when `from` does
/// not convert to `to`.
#[must_use]
pub fn convert_ratings(from: &IndexDef, to: &IndexDef, ratings: &Ratings) -> Option<Ratings> {
    let conversion = from.conversion.as_ref().filter(|c| c.to == to.id)?;
    Some(
        ratings
            .iter()
            .map(|(code, value)| {
                let new = match (conversion.rule, to.scale_of(code)) {
                    (ConversionRule::Reflect, Some(s)) => {
                        value.and_then(|v| s.min.checked_add(s.max).and_then(|ends| ends.checked_sub(v)))
                    }
                    _ => *value,
                };
                (code.clone(), new)
            })
            .collect(),
    )
}

/// A RON error in the words of someone writing a methodology file.
fn describe(error: &ron::Error) -> String {
    use ron::Error as E;
    // Our type names end in "Def" ("FigureDef"); a person reads "a figure".
    let of = |outer: &Option<String>| match outer.as_deref() {
        Some("Index") => "the index".to_owned(),
        Some(name) => {
            let name = name.strip_suffix("Def").unwrap_or(name);
            let mut words = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    words.push(' ');
                }
                words.extend(c.to_lowercase());
            }
            format!("a {words}")
        }
        None => "this value".to_owned(),
    };
    match error {
        E::ExceededRecursionLimit => format!("brackets nest deeper than {RECURSION_LIMIT} levels here"),
        E::Eof => "the file ends too early (is it truncated?); expected more".to_owned(),
        E::MissingStructField { field, outer } => format!("expected the field `{field}` in {}", of(outer)),
        E::NoSuchStructField { expected, found, outer } => {
            format!("expected one of the fields of {} ({}), found `{found}`", of(outer), expected.join(", "))
        }
        E::DuplicateStructField { field, outer } => {
            format!("expected the field `{field}` once in {}, found it twice", of(outer))
        }
        E::NoSuchEnumVariant { expected, found, .. } => {
            format!("expected one of {}, found `{found}`", expected.join(", "))
        }
        other => {
            let text = other.to_string();
            let text = text.trim_end_matches('.');
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_move_along_an_items_scale_and_stop_at_its_ends() {
        let nit = builtin_ref("nit-2020").unwrap_or_else(|| panic!("built in"));
        let h = Value::hundredths;
        assert_eq!(nit.step_up("CS", Some(h(125))), Some(h(150)));
        assert_eq!(nit.step_up("CS", Some(h(130))), Some(h(150)));
        assert_eq!(nit.step_up("CS", Some(h(700))), Some(h(700)));
        assert_eq!(nit.step_up("CS", Some(h(50))), Some(h(100)));
        assert_eq!(nit.step_up("CS", None), Some(h(100)));
        assert_eq!(nit.step_down("CS", Some(h(150))), Some(h(125)));
        assert_eq!(nit.step_down("CS", Some(h(130))), Some(h(125)));
        assert_eq!(nit.step_down("CS", Some(h(100))), Some(h(100)));
        assert_eq!(nit.step_down("CS", Some(h(900))), Some(h(700)));
        assert_eq!(nit.step_down("CS", None), Some(h(100)));
        assert_eq!(nit.step_up("XX", None), None);
        let fiw = builtin_ref("fiw").unwrap_or_else(|| panic!("built in"));
        assert_eq!(fiw.step_up("Add Q", Some(Value::int(3))), Some(Value::int(4)));
        assert_eq!(fiw.step_down("A1", Some(Value::int(0))), Some(Value::int(0)));
        assert_eq!(fiw.check_rating("A1", Value::int(5)), Err("5 is outside the scale 0 to 4".to_owned()));
        assert_eq!(nit.check_rating("CS", h(725)), Err("7.25 is outside the scale 1.00 to 7.00".to_owned()));
        assert_eq!(nit.check_rating("CS", h(130)), Err("1.30 is not a step of 0.25 on the scale".to_owned()));
    }
}
