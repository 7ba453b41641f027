//! The score tree: every figure and classification of an index, computed from one chapter's
//! ratings, exact and as shown, with the outline to walk them in and the changes since last
//! year.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::def::{Best, Classify, Compute, Condition, Editions, Expr, IndexDef, Inputs, Node, Sign, Threshold};
use super::value::Value;
use crate::score::{Direction, Fixed};

/// An item's rating by its code; `None` (or no entry) is unrated.
pub type Ratings = BTreeMap<String, Option<Value>>;

/// One line of the outline, in published order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum OutlineLine {
    /// A group.
    Group {
        /// Its code.
        code: String,
        /// Its name.
        name: String,
        /// How deep it sits (0 at the top).
        depth: usize,
        /// The id of the figure that sums it up, if any.
        figure: Option<String>,
    },
    /// A rated item.
    Item(ItemScore),
}

/// An item and its rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemScore {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// How deep it sits (0 at the top).
    pub depth: usize,
    /// Its rating, if rated.
    pub value: Option<Value>,
    /// The rating as shown (the scale's decimals).
    #[serde(serialize_with = "fixed_text")]
    pub shown: Option<Fixed>,
    /// Which end of its scale is best.
    pub best: Best,
}

/// A computed figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FigureScore {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The exact value, when any input is available.
    pub exact: Option<Value>,
    /// As shown, rounded half up once from the exact value.
    #[serde(serialize_with = "fixed_text")]
    pub shown: Option<Fixed>,
    /// The headline figure, rounded again from the exact value, where the file asks for one.
    #[serde(serialize_with = "fixed_text")]
    pub headline: Option<Fixed>,
    /// What follows the figure, e.g. "/ 7".
    pub suffix: Option<String>,
    /// How many of its direct inputs were available.
    pub available: u32,
    /// Its direct inputs that were not (items left unrated, figures without a value).
    pub missing: Vec<String>,
    /// Which end is best.
    pub best: Best,
}

impl FigureScore {
    /// The figure as shown with its suffix ("1.29 / 7"), or `None`.
    #[must_use]
    pub fn shown_with_suffix(&self) -> Option<String> {
        self.shown.map(|s| match &self.suffix {
            Some(suffix) => format!("{s} {suffix}"),
            None => s.to_string(),
        })
    }
}

/// A classification's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClassScore {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The class, when the figures decide one.
    pub class: Option<String>,
    /// The class's place in the list (0 = best).
    pub rank: Option<usize>,
}

/// Every figure and classification of one chapter under one index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreTree {
    /// The edition computed for (items of other editions are left out).
    pub edition: i32,
    /// Groups and items rated in the edition, in published order.
    pub outline: Vec<OutlineLine>,
    /// The figures, in the file's order.
    pub figures: Vec<FigureScore>,
    /// The classifications, in the file's order.
    pub classifications: Vec<ClassScore>,
}

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    /// An item's rating.
    Item,
    /// A figure.
    Figure,
    /// A classification.
    Classification,
}

/// How one item, figure or classification moved since last year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it is about.
    pub kind: ChangeKind,
    /// The item's code, figure's or classification's id.
    pub code: String,
    /// Its name or label.
    pub label: String,
    /// Last year's value as shown.
    pub from: String,
    /// This year's value as shown.
    pub to: String,
    /// This year's minus last year's, as shown (items and figures).
    #[serde(serialize_with = "fixed_text")]
    pub delta: Option<Fixed>,
    /// Which way it moved, judged on the shown values and the best end.
    pub direction: Direction,
    /// Whether the change rules ask for an explanation of it (only when it moved).
    pub must_explain: bool,
}

impl Change {
    /// The drafted sentence for this change, from the file's templates; `reason` fills
    /// `{reason}`. `None` for an item or classification that did not move, or a
    /// classification change with no template.
    #[must_use]
    pub fn sentence(&self, def: &IndexDef, country: &str, reason: &str) -> Option<String> {
        let t = &def.changes.templates;
        let w = &def.changes.words;
        let verb = match self.direction {
            Direction::Improved => &w.better,
            Direction::Declined => &w.worse,
            Direction::Same => &w.same,
        };
        let template = match (self.kind, self.direction) {
            (ChangeKind::Item | ChangeKind::Classification, Direction::Same) => return None,
            (ChangeKind::Item, _) => &t.item,
            (ChangeKind::Figure, Direction::Same) => &t.figure_same,
            (ChangeKind::Figure, _) => &t.figure,
            (ChangeKind::Classification, _) => t.classification.as_ref()?,
        };
        let delta = self.delta.map(|d| format!("{d:+}")).unwrap_or_default();
        Some(fill(
            template,
            &[
                ("name", &self.label),
                ("code", &self.code),
                ("country", country),
                ("verb", verb),
                ("from", &self.from),
                ("to", &self.to),
                ("delta", &delta),
                ("reason", reason),
            ],
        ))
    }
}

/// A shown figure in JSON: its text as shown ("1.29", "-2"), or null.
#[allow(clippy::ref_option)] // serde's `serialize_with` hands over the field itself
fn fixed_text<S: serde::Serializer>(value: &Option<Fixed>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(f) => serializer.collect_str(f),
        None => serializer.serialize_none(),
    }
}

/// Fills `{name}`-style placeholders; an unknown one is left as written.
#[must_use]
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if vars.iter().any(|(n, _)| *n == name) => {
                out.push_str(vars.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a code stands for while computing.
#[derive(Clone, Copy)]
enum Source {
    Item {
        value: Option<Value>,
        sign: Sign,
    },
    Figure(usize),
    /// An item not rated in this edition: left out of every figure.
    OtherEdition,
}

/// A classification while computing: not yet, or its rank (`None`: undecided).
#[derive(Clone, Copy)]
enum Memo {
    Todo,
    Done(Option<usize>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Todo,
    Doing,
    Done,
}

struct Engine<'d> {
    def: &'d IndexDef,
    sources: HashMap<&'d str, Source>,
    exact: Vec<Option<Value>>,
    shown: Vec<Option<Fixed>>,
    available: Vec<u32>,
    missing: Vec<Vec<String>>,
    state: Vec<State>,
}

impl ScoreTree {
    /// Computes every figure and classification of `def` for `edition` from `ratings`.
    /// Items the edition does not rate are left out; items left unrated are left out of the
    /// figures that read them (a mean averages what is rated).
    #[must_use]
    pub fn compute(def: &IndexDef, edition: i32, ratings: &Ratings) -> Self {
        let mut outline = Vec::new();
        let mut sources: HashMap<&str, Source> = HashMap::new();
        walk(&def.outline, 0, edition, Editions::default(), &mut |node, depth, in_edition| match node {
            Node::Group(g) => {
                if in_edition {
                    outline.push(OutlineLine::Group {
                        code: g.code.clone(),
                        name: g.name.clone(),
                        depth,
                        figure: g.figure.clone(),
                    });
                }
            }
            Node::Item(item) => {
                if !in_edition {
                    sources.insert(item.code.as_str(), Source::OtherEdition);
                    return;
                }
                let value = ratings.get(&item.code).copied().flatten();
                let scale = def.scales.iter().find(|s| s.id == item.scale);
                let decimals = scale.map_or(0, |s| s.decimals);
                sources.insert(item.code.as_str(), Source::Item { value, sign: item.sign });
                outline.push(OutlineLine::Item(ItemScore {
                    code: item.code.clone(),
                    name: item.name.clone(),
                    depth,
                    value,
                    shown: value.and_then(|v| v.rounded(decimals)),
                    best: scale.map_or(Best::High, |s| s.best),
                }));
            }
        });
        for (i, f) in def.figures.iter().enumerate() {
            sources.insert(f.id.as_str(), Source::Figure(i));
        }
        let n = def.figures.len();
        let mut engine = Engine {
            def,
            sources,
            exact: vec![None; n],
            shown: vec![None; n],
            available: vec![0; n],
            missing: vec![Vec::new(); n],
            state: vec![State::Todo; n],
        };
        for i in 0..n {
            engine.figure(i);
        }
        let figures = def
            .figures
            .iter()
            .enumerate()
            .map(|(i, f)| FigureScore {
                id: f.id.clone(),
                label: f.label.clone(),
                exact: engine.exact[i],
                shown: engine.shown[i],
                headline: f.display.headline.and_then(|d| engine.exact[i].and_then(|v| v.rounded(d))),
                suffix: f.display.suffix.clone(),
                available: engine.available[i],
                missing: std::mem::take(&mut engine.missing[i]),
                best: f.best,
            })
            .collect();
        let mut classes = vec![Memo::Todo; def.classifications.len()];
        for i in 0..def.classifications.len() {
            engine.classify(i, &mut classes, 0);
        }
        let classifications = def
            .classifications
            .iter()
            .zip(classes)
            .map(|(c, memo)| {
                let rank = match memo {
                    Memo::Done(rank) => rank,
                    Memo::Todo => None,
                };
                ClassScore {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    class: rank.and_then(|r| c.rule.labels().get(r).map(|l| (*l).to_owned())),
                    rank,
                }
            })
            .collect();
        Self { edition, outline, figures, classifications }
    }

    /// The figure with this id.
    #[must_use]
    pub fn figure(&self, id: &str) -> Option<&FigureScore> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// The item with this code, if the edition rates it.
    #[must_use]
    pub fn item(&self, code: &str) -> Option<&ItemScore> {
        self.items().find(|i| i.code == code)
    }

    /// The items, in published order.
    pub fn items(&self) -> impl Iterator<Item = &ItemScore> {
        self.outline.iter().filter_map(|l| match l {
            OutlineLine::Item(i) => Some(i),
            OutlineLine::Group { .. } => None,
        })
    }

    /// The classification with this id.
    #[must_use]
    pub fn classification(&self, id: &str) -> Option<&ClassScore> {
        self.classifications.iter().find(|c| c.id == id)
    }

    /// How every item, figure and classification moved from `last` (last year's tree) to
    /// this one, in the order items, figures, classifications; only those shown in both years.
    #[must_use]
    pub fn changes(&self, last: &Self, def: &IndexDef) -> Vec<Change> {
        let rules = &def.changes;
        let mut out = Vec::new();
        let moved = |now: Fixed, then: Fixed, best: Best| {
            let order = now.value.cmp(&then.value);
            let order = if best == Best::Low { order.reverse() } else { order };
            direction_of(order)
        };
        for item in self.items() {
            let Some((now, then)) = item.shown.zip(last.item(&item.code).and_then(|i| i.shown)) else { continue };
            let direction = moved(now, then, item.best);
            out.push(Change {
                kind: ChangeKind::Item,
                code: item.code.clone(),
                label: item.name.clone(),
                from: then.to_string(),
                to: now.to_string(),
                delta: Some(Fixed { value: now.value - then.value, decimals: now.decimals }),
                direction,
                must_explain: rules.items && direction != Direction::Same,
            });
        }
        for f in &self.figures {
            let Some((now, then)) = f.shown.zip(last.figure(&f.id).and_then(|l| l.shown)) else { continue };
            let direction = moved(now, then, f.best);
            out.push(Change {
                kind: ChangeKind::Figure,
                code: f.id.clone(),
                label: f.label.clone(),
                from: then.to_string(),
                to: now.to_string(),
                delta: Some(Fixed { value: now.value - then.value, decimals: now.decimals }),
                direction,
                must_explain: rules.figures.contains(&f.id) && direction != Direction::Same,
            });
        }
        for c in &self.classifications {
            let then = last.classification(&c.id);
            let (Some(now), Some(then_rank)) = (c.rank, then.and_then(|t| t.rank)) else { continue };
            // Classes are listed best first: a smaller rank is better.
            let direction = direction_of(then_rank.cmp(&now));
            out.push(Change {
                kind: ChangeKind::Classification,
                code: c.id.clone(),
                label: c.label.clone(),
                from: then.and_then(|t| t.class.clone()).unwrap_or_default(),
                to: c.class.clone().unwrap_or_default(),
                delta: None,
                direction,
                must_explain: rules.classifications.contains(&c.id) && direction != Direction::Same,
            });
        }
        out
    }
}

fn direction_of(order: std::cmp::Ordering) -> Direction {
    match order {
        std::cmp::Ordering::Greater => Direction::Improved,
        std::cmp::Ordering::Less => Direction::Declined,
        std::cmp::Ordering::Equal => Direction::Same,
    }
}

/// Walks the outline depth first, telling `visit` each node, its depth and whether the
/// edition rates it (a node outside its own or an enclosing group's editions is not).
pub(crate) fn walk<'d>(
    nodes: &'d [Node],
    depth: usize,
    edition: i32,
    enclosing: Editions,
    visit: &mut dyn FnMut(&'d Node, usize, bool),
) {
    for node in nodes {
        match node {
            Node::Group(g) => {
                let inside = enclosing.contains(edition) && g.editions.contains(edition);
                visit(node, depth, inside);
                let inner = if inside { Editions::default() } else { Editions { from: Some(1), to: Some(0) } };
                walk(&g.children, depth + 1, edition, inner, visit);
            }
            Node::Item(item) => visit(node, depth, enclosing.contains(edition) && item.editions.contains(edition)),
        }
    }
}

impl Engine<'_> {
    /// The value `code` gives as an input to figure `reader`'s computation: `Ok(Some)` available,
    /// `Ok(None)` unavailable, `Err(())` left out (another edition's item).
    fn input(&mut self, code: &str, rounded: bool) -> Result<(Option<Value>, Sign), ()> {
        match self.sources.get(code).copied() {
            Some(Source::Item { value, sign }) => Ok((value, sign)),
            Some(Source::Figure(j)) => {
                self.figure(j);
                let v = if rounded { self.shown[j].map(Value::from_fixed) } else { self.exact[j] };
                Ok((v, Sign::Add))
            }
            Some(Source::OtherEdition) => Err(()),
            None => Ok((None, Sign::Add)),
        }
    }

    fn figure(&mut self, i: usize) {
        match self.state[i] {
            // Doing: a cycle (refused by `check`; a file that skipped it gets no value here).
            State::Done | State::Doing => return,
            State::Todo => {}
        }
        self.state[i] = State::Doing;
        let def = &self.def.figures[i];
        let rounded = def.inputs == Inputs::Rounded;
        let mut available = 0;
        let mut missing = Vec::new();
        let mut gather = |engine: &mut Self, code: &str| -> Option<(Value, Sign)> {
            match engine.input(code, rounded) {
                Ok((Some(v), sign)) => {
                    available += 1;
                    Some((v, sign))
                }
                Ok((None, _)) => {
                    missing.push(code.to_owned());
                    None
                }
                Err(()) => None,
            }
        };
        let exact = match &def.compute {
            Compute::Sum(list) => {
                let vals: Vec<_> = list.iter().filter_map(|c| gather(self, c)).collect();
                (!vals.is_empty()).then_some(()).and_then(|()| {
                    vals.iter().try_fold(Value::ZERO, |acc, (v, sign)| match sign {
                        Sign::Add => acc.checked_add(*v),
                        Sign::Subtract => acc.checked_sub(*v),
                    })
                })
            }
            Compute::Mean(list) => {
                let vals: Vec<_> = list.iter().filter_map(|c| gather(self, c)).map(|(v, _)| v).collect();
                mean(&vals)
            }
            Compute::WeightedMean(list) => {
                let vals: Vec<_> = list.iter().filter_map(|(c, w)| gather(self, c).map(|(v, _)| (v, *w))).collect();
                weighted_mean(&vals)
            }
            Compute::Rescale(r) => gather(self, &r.of).and_then(|(x, _)| {
                let span_in = r.from.1.checked_sub(r.from.0)?;
                let span_out = r.to.1.checked_sub(r.to.0)?;
                r.to.0.checked_add(x.checked_sub(r.from.0)?.checked_mul(span_out)?.checked_div(span_in)?)
            }),
            Compute::Lookup(l) => gather(self, &l.of).and_then(|(x, _)| {
                l.table
                    .iter()
                    .find(|row| row.from.is_none_or(|f| x >= f) && row.to.is_none_or(|t| x <= t))
                    .map(|row| row.value)
            }),
            Compute::Formula(expr) => {
                let codes: Vec<String> = expr.refs().into_iter().map(str::to_owned).collect();
                let mut values = HashMap::new();
                for code in &codes {
                    if let Some((v, _)) = gather(self, code) {
                        values.insert(code.clone(), v);
                    }
                }
                eval(expr, &values)
            }
        };
        // A formula may name the same code twice; count each once.
        missing.dedup();
        self.exact[i] = exact;
        self.shown[i] = exact.and_then(|v| v.rounded(def.display.decimals));
        self.available[i] = available;
        self.missing[i] = missing;
        self.state[i] = State::Done;
    }

    /// The rank of classification `i`'s class, `None` when the figures do not decide it.
    fn classify(&mut self, i: usize, classes: &mut [Memo], depth: usize) -> Option<usize> {
        if let Memo::Done(done) = classes[i] {
            return done;
        }
        if depth > self.def.classifications.len() {
            return None; // a cycle of `Is` conditions (refused by `check`)
        }
        let def = &self.def.classifications[i];
        let rank = match &def.rule {
            Classify::Bands(b) => {
                let x = self.input(&b.of, false).ok().and_then(|(v, _)| v);
                x.and_then(|x| b.bands.iter().position(|band| band.when.holds(x)))
            }
            Classify::Rules(rules) => {
                let mut rank = None;
                for (r, rule) in rules.iter().enumerate() {
                    match self.holds(&rule.when, classes, depth) {
                        Some(true) => {
                            rank = Some(r);
                            break;
                        }
                        Some(false) => {}
                        None => break,
                    }
                }
                rank
            }
        };
        classes[i] = Memo::Done(rank);
        rank
    }

    /// Three-valued: `None` when a value the condition needs is unavailable.
    fn holds(&mut self, c: &Condition, classes: &mut [Memo], depth: usize) -> Option<bool> {
        let compare = |engine: &mut Self, e: &Expr, t: Threshold| {
            let mut values = HashMap::new();
            for code in e.refs() {
                if let Ok((Some(v), _)) = engine.input(code, false) {
                    values.insert(code.to_owned(), v);
                }
            }
            eval(e, &values).map(|x| t.holds(x))
        };
        match c {
            Condition::Always => Some(true),
            Condition::All(list) => {
                let mut unknown = false;
                for c in list {
                    match self.holds(c, classes, depth) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                (!unknown).then_some(true)
            }
            Condition::Any(list) => {
                let mut unknown = false;
                for c in list {
                    match self.holds(c, classes, depth) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                (!unknown).then_some(false)
            }
            Condition::Not(c) => self.holds(c, classes, depth).map(|b| !b),
            Condition::Above(e, t) => compare(self, e, Threshold::Above(*t)),
            Condition::AtLeast(e, t) => compare(self, e, Threshold::AtLeast(*t)),
            Condition::Below(e, t) => compare(self, e, Threshold::Below(*t)),
            Condition::AtMost(e, t) => compare(self, e, Threshold::AtMost(*t)),
            Condition::Is(id, class) => {
                let j = self.def.classifications.iter().position(|d| &d.id == id)?;
                let rank = self.classify(j, classes, depth + 1)?;
                let labels = self.def.classifications[j].rule.labels();
                Some(labels.get(rank).is_some_and(|l| l == class))
            }
        }
    }
}

fn mean(vals: &[Value]) -> Option<Value> {
    if vals.is_empty() {
        return None;
    }
    let sum = vals.iter().try_fold(Value::ZERO, |acc, v| acc.checked_add(*v))?;
    sum.checked_div(Value::int(vals.len() as i64))
}

fn weighted_mean(vals: &[(Value, Value)]) -> Option<Value> {
    if vals.is_empty() {
        return None;
    }
    let (sum, weights) = vals.iter().try_fold((Value::ZERO, Value::ZERO), |(s, w), (v, weight)| {
        Some((s.checked_add(v.checked_mul(*weight)?)?, w.checked_add(*weight)?))
    })?;
    sum.checked_div(weights)
}

/// Evaluates a formula; `None` when a value it needs is unavailable, on a division by zero or
/// on overflow.
fn eval(e: &Expr, values: &HashMap<String, Value>) -> Option<Value> {
    match e {
        Expr::Num(v) => Some(*v),
        Expr::Ref(code) => values.get(code).copied(),
        Expr::Add(a, b) => eval(a, values)?.checked_add(eval(b, values)?),
        Expr::Sub(a, b) => eval(a, values)?.checked_sub(eval(b, values)?),
        Expr::Mul(a, b) => eval(a, values)?.checked_mul(eval(b, values)?),
        Expr::Div(a, b) => eval(a, values)?.checked_div(eval(b, values)?),
        Expr::Mean(list) => mean(&list.iter().filter_map(|e| eval(e, values)).collect::<Vec<_>>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_known_placeholders_and_keep_the_rest() {
        let vars = [("name", "Civil Society"), ("verb", "improved"), ("from", "3.75"), ("to", "3.50")];
        assert_eq!(
            fill("{name} score {verb} from {from} to {to}. {reason} {unclosed", &vars),
            "Civil Society score improved from 3.75 to 3.50. {reason} {unclosed"
        );
        assert_eq!(fill("", &vars), "");
        assert_eq!(fill("{}{{name}}", &vars), "{}{Civil Society}");
    }

    #[test]
    fn means_and_formulas_leave_out_what_is_missing() {
        let v = Value::int;
        assert_eq!(mean(&[v(1), v(2)]), Value::ratio(3, 2));
        assert_eq!(mean(&[]), None);
        assert_eq!(weighted_mean(&[(v(8), v(2)), (v(6), v(1)), (v(5), v(1))]), Value::ratio(27, 4));
        let values: HashMap<String, Value> = [("a".to_owned(), v(6))].into_iter().collect();
        let sub = Expr::Sub(
            Box::new(Expr::Num(v(11))),
            Box::new(Expr::Mean(vec![Expr::Ref("a".into()), Expr::Ref("b".into())])),
        );
        // b is missing: the mean is of a alone.
        assert_eq!(eval(&sub, &values), Some(v(5)));
        assert_eq!(eval(&Expr::Ref("b".into()), &values), None);
        assert_eq!(eval(&Expr::Div(Box::new(Expr::Num(v(1))), Box::new(Expr::Num(v(0)))), &values), None);
    }
}
