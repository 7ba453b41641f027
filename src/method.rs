//! A chapter's methodology: the index file it is rated under ([`IndexDef`], read from
//! `assets/methodologies/` or a team's own file), with the questions the chapter model, the
//! editor and the renderers ask of it.
//!
//! Nothing about any index is written here: the items, their scales, the figures, the
//! classifications and the chapter's sections all come from the file. A chapter names its
//! methodology by id (`"fiw"`) or by a path to a file beside it (`"press.ron"`), and
//! [`Methodology::resolve`] finds it.

use std::path::Path;
use std::sync::Arc;

use crate::index::{self, IndexDef, Node, SectionDef, Value};
use crate::model::{Chapter, Rating, Section};

pub use crate::index::Justification;

/// One rated item (a category, an indicator) or a group with a narrative of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryDef {
    /// Its code, e.g. `"A1"`; chapters refer to items by it.
    pub code: String,
    /// Its published name.
    pub name: String,
    /// Its guiding question(s), as the methodology words them.
    pub description: String,
    /// The names of the groups it sits in, outermost first.
    pub groups: Vec<String>,
}

/// An item's scale, in ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// The lowest rating.
    pub min: Rating,
    /// The highest rating.
    pub max: Rating,
    /// Every rating is `min` plus a whole number of steps.
    pub step: Rating,
    /// How many decimals a rating is shown with.
    pub decimals: u32,
    /// Whether `max` is the best end.
    pub high_is_best: bool,
}

impl Scale {
    /// A rating as this scale shows it: `3` on a whole-number scale, `1.50` on NIT's.
    #[must_use]
    pub fn show(&self, rating: Rating) -> String {
        show_rating(rating, self.decimals)
    }
}

/// `rating` with `decimals` decimals (at most two: ratings are hundredths), rounded half up.
#[must_use]
pub fn show_rating(rating: Rating, decimals: u32) -> String {
    let d = decimals.min(2);
    let h = rating.hundredths();
    let unit = 10_u32.pow(2 - d);
    let scaled = (h + unit / 2) / unit;
    if d == 0 {
        scaled.to_string()
    } else {
        let p = 10_u32.pow(d);
        format!("{}.{:0w$}", scaled / p, scaled % p, w = d as usize)
    }
}

/// Why a rating does not fit an item's scale, in words: "7.25 is outside the scale 1.00 to
/// 7.00", "1.30 is not a step of 0.25 on the scale".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RatingProblem(pub String);

impl RatingProblem {
    /// Whether the rating is outside the scale (rather than off its step).
    #[must_use]
    pub fn out_of_range(&self) -> bool {
        self.0.contains("outside")
    }
}

/// A rating system, read from its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Methodology {
    /// What chapters name it by: a built-in id (`"nit-2020"`) or the path written in the
    /// chapter (`"press.ron"`).
    pub id: String,
    /// Human name, e.g. "Freedom in the World".
    pub name: String,
    /// The report's name, used in chapter titles.
    pub report: String,
    /// Every rated item in published order (of every edition), then the groups that have a
    /// narrative section of their own.
    pub categories: Vec<CategoryDef>,
    /// The whole file.
    pub def: Arc<IndexDef>,
}

/// The methodology a new chapter gets when nothing else is said, and the one project files of
/// formats 1 and 2 were written under.
pub const DEFAULT_ID: &str = "nit-2020";

fn to_rating(v: Value) -> Rating {
    let h = v.checked_mul(Value::int(100)).map_or(0, |x| x.numer().div_euclid(x.denom().max(1)));
    Rating::from_hundredths(u32::try_from(h.max(0)).unwrap_or(u32::MAX))
}

fn to_value(r: Rating) -> Value {
    Value::hundredths(i64::from(r.hundredths()))
}

/// The items of `nodes` in outline order, each with the names of the groups it sits in.
fn walk(nodes: &[Node], groups: &mut Vec<String>, out: &mut Vec<CategoryDef>) {
    for n in nodes {
        match n {
            Node::Item(i) => out.push(CategoryDef {
                code: i.code.clone(),
                name: i.name.clone(),
                description: i.questions.join(" "),
                groups: groups.clone(),
            }),
            Node::Group(g) => {
                groups.push(g.name.clone());
                walk(&g.children, groups, out);
                groups.pop();
            }
        }
    }
}

impl Methodology {
    /// The methodology an index file describes, named `id` in chapters.
    #[must_use]
    pub fn from_def(id: &str, def: IndexDef) -> Self {
        let mut categories = Vec::new();
        walk(&def.outline, &mut Vec::new(), &mut categories);
        for s in &def.chapter.sections {
            if let SectionDef::Groups(g) = s {
                for code in &g.of {
                    if let Some((name, path)) = group(&def.outline, code, &mut Vec::new()) {
                        categories.push(CategoryDef {
                            code: code.clone(),
                            name,
                            description: String::new(),
                            groups: path,
                        });
                    }
                }
            }
        }
        Self {
            id: id.to_owned(),
            name: def.name.clone(),
            report: def.report_name().to_owned(),
            categories,
            def: Arc::new(def),
        }
    }

    /// The built-in methodology `id`, if there is one.
    #[must_use]
    pub fn builtin(id: &str) -> Option<Self> {
        static BUILT: std::sync::OnceLock<Vec<Methodology>> = std::sync::OnceLock::new();
        let built = BUILT.get_or_init(|| {
            index::builtin_ids()
                .into_iter()
                .filter_map(|id| index::builtin(id).map(|def| Self::from_def(id, def)))
                .collect()
        });
        built.iter().find(|m| m.id == id).cloned()
    }

    /// Ids of every built-in methodology.
    #[must_use]
    pub fn builtin_ids() -> Vec<&'static str> {
        index::builtin_ids()
    }

    /// The methodology [`DEFAULT_ID`] names.
    #[must_use]
    pub fn default_builtin() -> Self {
        Self::builtin(DEFAULT_ID).unwrap_or_else(|| Self::from_def(DEFAULT_ID, empty_def()))
    }

    /// Nations in Transit on its 2020 scale (the built-in `nit-2020` file).
    #[must_use]
    pub fn nit_2020() -> Self {
        Self::default_builtin()
    }

    /// The methodology a chapter names: a built-in id, or the path of a methodology file,
    /// relative to `dir` (the chapter file's folder) unless absolute.
    pub fn resolve(name: &str, dir: Option<&Path>) -> Result<Self, String> {
        if let Some(m) = Self::builtin(name) {
            return Ok(m);
        }
        let path = Path::new(name);
        let full = match dir {
            Some(d) if path.is_relative() => d.join(path),
            _ => path.to_owned(),
        };
        if !full.is_file() {
            return Err(format!(
                "expected a built-in methodology ({}) or a methodology file beside the chapter, found \"{name}\"",
                Self::builtin_ids().join(", "),
            ));
        }
        index::load(&full)
            .map(|def| Self::from_def(name, def))
            .map_err(|e| format!("the methodology file \"{name}\" cannot be used: {e}"))
    }

    /// How a chapter saved into `to_dir` names the methodology it now names `name` (from a
    /// file in `from_dir`, or not saved yet): a methodology file by its path relative to
    /// `to_dir`, so that a folder of chapters and its own index travel together. `None` when
    /// nothing changes (a built-in id, a path already right, a file that cannot be found).
    #[must_use]
    pub fn rebase(name: &str, from_dir: Option<&Path>, to_dir: &Path) -> Option<String> {
        if index::builtin_ids().contains(&name) {
            return None;
        }
        let path = Path::new(name);
        let full = if path.is_absolute() { path.to_owned() } else { from_dir?.join(path) };
        if !full.is_file() {
            return None;
        }
        let to_dir = if to_dir.as_os_str().is_empty() { Path::new(".") } else { to_dir };
        let rebased = crate::data::relative_path(to_dir, &full);
        let rebased = rebased.to_str()?.replace('\\', "/");
        (rebased != name).then_some(rebased)
    }

    /// The item (or narrated group) with this code.
    #[must_use]
    pub fn category(&self, code: &str) -> Option<&CategoryDef> {
        self.categories.iter().find(|c| c.code == code)
    }

    /// The item with this published name (ignoring case and surrounding space).
    #[must_use]
    pub fn category_by_name(&self, name: &str) -> Option<&CategoryDef> {
        let name = name.trim();
        self.categories.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// How the chapter titles item (or narrated group) `code`: its name ("Corruption"), or its
    /// code and name ("A1 Head of government elected") where the file's `item_titles` says the
    /// publisher numbers its items; the code itself for one the methodology does not know.
    #[must_use]
    pub fn item_title(&self, code: &str) -> String {
        self.category(code).map_or_else(
            || code.to_owned(),
            |d| match self.def.chapter.item_titles {
                index::ItemTitles::Name => d.name.clone(),
                index::ItemTitles::CodeAndName => format!("{} {}", d.code, d.name),
            },
        )
    }

    /// Whether `code` is a rated item (rather than a group with a narrative).
    #[must_use]
    pub fn is_item(&self, code: &str) -> bool {
        self.def.item(code).is_some()
    }

    /// The codes of the items rated in `edition`, in published order.
    #[must_use]
    pub fn items_in(&self, edition: i32) -> Vec<&str> {
        self.def.items_in(edition).into_iter().map(|i| i.code.as_str()).collect()
    }

    /// A chapter's title: "Nations in Transit 2024 - Kazakhstan".
    #[must_use]
    pub fn chapter_title(&self, country: &str, edition: i32) -> String {
        format!("{} {edition} - {country}", self.report)
    }

    /// Item `code`'s scale, in ratings.
    #[must_use]
    pub fn scale(&self, code: &str) -> Option<Scale> {
        let s = self.def.scale_of(code)?;
        Some(Scale {
            min: to_rating(s.min),
            max: to_rating(s.max),
            step: to_rating(s.step),
            decimals: s.decimals,
            high_is_best: matches!(s.best, index::Best::High),
        })
    }

    /// A rating of item `code` as its scale shows it ("3", "1.50").
    #[must_use]
    pub fn show(&self, code: &str, rating: Rating) -> String {
        self.scale(code).map_or_else(|| rating.to_string(), |s| s.show(rating))
    }

    /// Whether a rating lies on item `code`'s scale and on its step.
    pub fn check_rating(&self, code: &str, rating: Rating) -> Result<(), RatingProblem> {
        self.def.check_rating(code, to_value(rating)).map_err(RatingProblem)
    }

    /// The rating one step towards the top of item `code`'s scale from `rating` (the bottom
    /// when there is none yet), clamped to the scale.
    #[must_use]
    pub fn step_up(&self, code: &str, rating: Option<Rating>) -> Rating {
        self.def.step_up(code, rating.map(to_value)).map_or(rating.unwrap_or(Rating::from_hundredths(0)), to_rating)
    }

    /// The rating one step towards the bottom of item `code`'s scale from `rating` (the
    /// bottom when there is none yet), clamped to the scale.
    #[must_use]
    pub fn step_down(&self, code: &str, rating: Option<Rating>) -> Rating {
        self.def.step_down(code, rating.map(to_value)).map_or(rating.unwrap_or(Rating::from_hundredths(0)), to_rating)
    }

    /// Whether justifications are bullets or paragraphs.
    #[must_use]
    pub fn justification(&self) -> Justification {
        self.def.chapter.justification
    }

    /// What one justification block is called: "bullet" or "paragraph".
    #[must_use]
    pub fn justification_noun(&self) -> &'static str {
        match self.justification() {
            Justification::Bullets => "bullet",
            Justification::Paragraphs => "paragraph",
        }
    }

    /// The text sections (id and title), in reading order.
    #[must_use]
    pub fn text_sections(&self) -> Vec<(&str, &str)> {
        self.def
            .chapter
            .sections
            .iter()
            .filter_map(|s| match s {
                SectionDef::Text(t) => Some((t.id.as_str(), t.title.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The title of the score-change section, if the chapter has one.
    #[must_use]
    pub fn score_changes_title(&self) -> Option<&str> {
        self.def.chapter.sections.iter().find_map(|s| match s {
            SectionDef::ScoreChanges(t) => Some(t.title.as_str()),
            _ => None,
        })
    }

    /// A text section's title.
    #[must_use]
    pub fn text_title(&self, id: &str) -> Option<&str> {
        self.text_sections().into_iter().find(|(i, _)| *i == id).map(|(_, t)| t)
    }

    /// The codes of the per-item (and per-group) sections, in reading order.
    #[must_use]
    pub fn entry_codes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.def.chapter.sections {
            match s {
                SectionDef::Items(of) => {
                    for code in &of.of {
                        if self.def.item(code).is_some() {
                            out.push(code.clone());
                        } else {
                            let mut items = Vec::new();
                            collect_items(&self.def.outline, code, false, &mut items);
                            out.extend(items);
                        }
                    }
                }
                SectionDef::Groups(of) => out.extend(of.of.iter().cloned()),
                SectionDef::Text(_) | SectionDef::ScoreChanges(_) => {}
            }
        }
        out
    }

    /// The chapter's sections in reading order: the document outline every renderer, the
    /// checks, diff, merge and the editor walk. Sections come in the methodology's order;
    /// anything the chapter holds that the methodology does not place (a text of an unknown
    /// id, an item of another edition) follows at the end, so nothing is ever left out.
    #[must_use]
    pub fn sections(&self, chapter: &Chapter) -> Vec<Section> {
        let mut out = Vec::new();
        let entry_codes = self.entry_codes();
        for s in &self.def.chapter.sections {
            match s {
                SectionDef::ScoreChanges(_) => out.push(Section::ScoreChanges),
                SectionDef::Text(t) => out.push(Section::Text(t.id.clone())),
                SectionDef::Items(_) | SectionDef::Groups(_) => {
                    let placed: Vec<Section> = out.clone();
                    for code in &entry_codes {
                        let section = Section::Category(code.clone());
                        if chapter.category(code).is_some() && !placed.contains(&section) && !out.contains(&section) {
                            out.push(section);
                        }
                    }
                }
            }
        }
        if !out.contains(&Section::ScoreChanges) && !chapter.score_changes.is_empty() {
            out.push(Section::ScoreChanges);
        }
        for t in &chapter.texts {
            let s = Section::Text(t.id.clone());
            if !out.contains(&s) {
                out.push(s);
            }
        }
        for c in &chapter.categories {
            let s = Section::Category(c.code.clone());
            if !out.contains(&s) && (!c.bullets.is_empty() || entry_codes.is_empty() || !self.is_item(&c.code)) {
                out.push(s);
            }
        }
        out
    }

    /// The figure whose change a chapter must explain first: the headline (NIT's Democracy
    /// Score, BTI's Status Index), or the first figure.
    #[must_use]
    pub fn headline_figure(&self) -> Option<&str> {
        self.def
            .headline
            .as_ref()
            .or_else(|| self.def.changes.figures.first())
            .or_else(|| self.def.figures.first().map(|f| &f.id))
            .map(String::as_str)
    }

    /// A stand-in named `id` that knows nothing: no items, figures or sections. The editor
    /// opens a chapter whose methodology cannot be found under it (saying so), so that the
    /// chapter's text stays readable and nothing is rated on another index's scale.
    #[must_use]
    pub fn unknown(id: &str) -> Self {
        Self::from_def(id, empty_def())
    }
}

fn collect_items(nodes: &[Node], code: &str, inside: bool, out: &mut Vec<String>) {
    for n in nodes {
        match n {
            Node::Item(i) if inside => out.push(i.code.clone()),
            Node::Item(_) => {}
            Node::Group(g) => collect_items(&g.children, code, inside || g.code == code, out),
        }
    }
}

fn group(nodes: &[Node], code: &str, path: &mut Vec<String>) -> Option<(String, Vec<String>)> {
    for n in nodes {
        if let Node::Group(g) = n {
            if g.code == code {
                return Some((g.name.clone(), path.clone()));
            }
            path.push(g.name.clone());
            let found = group(&g.children, code, path);
            path.pop();
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// A methodology with nothing in it, should the built-in files ever fail to parse (a test
/// makes sure they do not).
fn empty_def() -> IndexDef {
    IndexDef {
        id: DEFAULT_ID.to_owned(),
        name: DEFAULT_ID.to_owned(),
        publisher: String::new(),
        report: None,
        editions: index::Editions::default(),
        edition_year: index::EditionYear::CoversYearBefore,
        sources: Vec::new(),
        scales: Vec::new(),
        outline: Vec::new(),
        figures: Vec::new(),
        classifications: Vec::new(),
        headline: None,
        chapter: index::ChapterDef {
            justification: Justification::Bullets,
            item_titles: index::ItemTitles::Name,
            sections: Vec::new(),
        },
        changes: index::ChangeRules::default(),
        data_layout: None,
        conversion: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(hundredths: u32) -> Rating {
        Rating::from_hundredths(hundredths)
    }

    #[test]
    fn scales_come_from_the_file_and_check_range_and_step() {
        let m = Methodology::nit_2020();
        let code = &m.categories[0].code;
        assert_eq!(m.check_rating(code, r(100)), Ok(()));
        assert_eq!(m.check_rating(code, r(475)), Ok(()));
        assert!(m.check_rating(code, r(75)).is_err_and(|p| p.out_of_range()));
        assert_eq!(
            m.check_rating(code, r(130)).map_err(|e| e.to_string()),
            Err("1.30 is not a step of 0.25 on the scale".to_owned())
        );
        assert_eq!(m.step_up(code, Some(r(130))), r(150));
        assert_eq!(m.step_down(code, None), r(100));
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        assert_eq!(fiw.show("A1", r(300)), "3");
        assert_eq!(fiw.step_up("A1", Some(r(300))), r(400));
        assert_eq!(fiw.scale("A1").map(|s| (s.min, s.max, s.step)), Some((r(0), r(400), r(100))));
        assert!(fiw.check_rating("A1", r(250)).is_err());
        assert_eq!(m.show(code, r(150)), "1.50");
    }

    #[test]
    fn builtins_are_found_by_id_and_describe_their_outline() {
        for id in Methodology::builtin_ids() {
            let m = Methodology::builtin(id).unwrap_or_else(|| panic!("{id}"));
            assert_eq!(m.id, id);
            assert!(!m.categories.is_empty(), "{id}");
        }
        assert_eq!(Methodology::builtin("nope"), None);
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        assert_eq!(
            fiw.category("A1").map(|c| c.groups.clone()),
            Some(vec!["Political Rights".to_owned(), "Electoral Process".to_owned()])
        );
        assert_eq!(
            fiw.category_by_name(" religious freedom ").map(|c| c.code.as_str()),
            fiw.category("D2").map(|c| c.code.as_str())
        );
        let bti = Methodology::builtin("bti").unwrap_or_else(|| panic!("built in"));
        assert!(bti.entry_codes().starts_with(&["1".to_owned(), "2".to_owned()]));
        assert!(bti.category("1").is_some_and(|c| !bti.is_item(&c.code)));
    }

    #[test]
    fn ratings_show_with_their_scales_decimals() {
        assert_eq!(show_rating(r(300), 0), "3");
        assert_eq!(show_rating(r(125), 2), "1.25");
        assert_eq!(show_rating(r(125), 1), "1.3");
        assert_eq!(show_rating(r(0), 0), "0");
    }
}
