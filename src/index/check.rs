//! What the shape of a methodology file cannot say: every reference resolves, no figure
//! depends on itself, lookup tables and bands leave no gap, scales are whole numbers of steps.
//! Each problem carries the line and column of the offending part of the text.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::def::{Classify, Compute, Expr, Holds, IndexDef, Node, PLACEHOLDERS, ScaleDef, SectionDef, Sign, Threshold};
use super::scan::{Lit, Scan};
use super::value::Value;
use crate::io::Position;

/// One problem in a methodology file, at a place in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub at: Position,
    /// What, in one sentence.
    pub message: String,
}

impl fmt::Display for Problem {
    /// `LINE:COL: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.at.line, self.at.column, self.message)
    }
}

/// The semantic problems of `def`, read from `text`, in order of position.
#[must_use]
pub fn check(def: &IndexDef, text: &str) -> Vec<Problem> {
    let mut c = Checker { def, scan: Scan::new(text), problems: Vec::new() };
    c.run();
    let mut problems = c.problems;
    problems.sort_by_key(|p| (p.at.line, p.at.column));
    problems.dedup();
    problems
}

struct Checker<'d, 't> {
    def: &'d IndexDef,
    scan: Scan<'t>,
    problems: Vec<Problem>,
}

/// What a code names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Item,
    Figure,
    Classification,
}

/// A header as matched: without case and spaces ("Country / Territory" reads as "country/territory").
#[must_use]
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn list(items: &[&str]) -> String {
    items.join(", ")
}

impl<'d> Checker<'d, '_> {
    fn report(&mut self, offset: Option<usize>, message: String) {
        let at = self.scan.position(offset.unwrap_or(0));
        self.problems.push(Problem { at, message });
    }

    /// The `nth` string literal `value` that is the field `key` with `pred` true.
    fn lit(&self, key: &str, value: &str, nth: usize, pred: impl Fn(&Lit) -> bool) -> Option<&Lit> {
        self.scan.find(|l| l.is_str && l.key() == Some(key) && l.text == value && pred(l)).nth(nth)
    }

    fn figure_lit(&self, i: usize) -> Option<&Lit> {
        self.scan.find(|l| l.is_str && l.key() == Some("id") && l.within("figures")).nth(i)
    }

    fn class_lit(&self, i: usize) -> Option<&Lit> {
        self.scan.find(|l| l.is_str && l.key() == Some("id") && l.within("classifications")).nth(i)
    }

    fn scale_lit(&self, i: usize) -> Option<&Lit> {
        self.scan.find(|l| l.is_str && l.key() == Some("id") && l.within("scales")).nth(i)
    }

    /// The first string `value` inside the bracket opened at `open`.
    fn str_inside(&self, open: Option<usize>, value: &str) -> Option<usize> {
        let open = open?;
        self.scan.find(|l| l.is_str && l.text == value && l.inside(open)).next().map(|l| l.offset)
    }

    /// Where the field `key` of the bracket opened at `open` (or of a bracket inside it) is
    /// named: the offset of `key` in `key: …`.
    fn field_inside(&self, open: Option<usize>, key: &str) -> Option<usize> {
        let open = open?;
        self.scan.lits.iter().filter(|l| l.inside(open)).find_map(|l| {
            let from = l.frames.iter().position(|f| f.open == open)?;
            l.frames[from..].iter().find(|f| f.key.as_deref() == Some(key)).map(|f| f.key_at)
        })
    }

    fn run(&mut self) {
        let codes = self.codes();
        self.scales();
        self.outline();
        self.figures(&codes);
        self.classifications(&codes);
        self.sections();
        self.change_rules(&codes);
        self.data_layout(&codes);
        self.headline();
    }

    /// The headline names a figure.
    fn headline(&mut self) {
        let def = self.def;
        let Some(headline) = &def.headline else { return };
        if !def.figures.iter().any(|f| &f.id == headline) {
            let at = self.lit("headline", headline, 0, |_| true).map(|l| l.offset);
            self.report(at, format!("the headline is figure \"{headline}\", which is not defined"));
        }
    }

    /// The publisher's table: every column refers to something of the right kind, one column
    /// holds the country, at most one the edition, and no two headers read the same.
    fn data_layout(&mut self, codes: &HashMap<&'d str, Kind>) {
        let def = self.def;
        let Some(layout) = &def.data_layout else { return };
        let at_header = |this: &Self, header: &str| {
            this.scan
                .find(|l| l.is_str && l.text == header && l.key() == Some("header") && l.within("data_layout"))
                .next()
                .map(|l| l.offset)
        };
        let mut seen: HashSet<String> = HashSet::new();
        let (mut countries, mut editions) = (0, 0);
        for column in &layout.columns {
            for header in std::iter::once(&column.header).chain(&column.aliases) {
                if !seen.insert(header_key(header)) {
                    let at = at_header(self, &column.header);
                    self.report(at, format!("data_layout: the header \"{header}\" is given to two columns"));
                }
            }
            let (wanted, code) = match &column.holds {
                Holds::Country => {
                    countries += 1;
                    continue;
                }
                Holds::Edition => {
                    editions += 1;
                    continue;
                }
                Holds::Text => continue,
                Holds::Item(c) => (Kind::Item, c),
                Holds::Figure(c) | Holds::Headline(c) => (Kind::Figure, c),
                Holds::Class(c) => (Kind::Classification, c),
            };
            let what = match wanted {
                Kind::Item => "item",
                Kind::Figure => "figure",
                Kind::Classification => "classification",
            };
            if codes.get(code.as_str()) != Some(&wanted) {
                let at = at_header(self, &column.header);
                self.report(
                    at,
                    format!("data_layout: column \"{}\" holds {what} \"{code}\", which is not defined", column.header),
                );
            } else if matches!(column.holds, Holds::Headline(_))
                && def.figures.iter().any(|f| &f.id == code && f.display.headline.is_none())
            {
                let at = at_header(self, &column.header);
                self.report(
                    at,
                    format!(
                        "data_layout: column \"{}\" holds the headline of figure \"{code}\", which has none",
                        column.header
                    ),
                );
            }
        }
        if countries != 1 || editions > 1 {
            let at = self.scan.find(|l| l.key() == Some("name") && l.within("data_layout")).next().map(|l| l.offset);
            self.report(
                at,
                format!(
                    "data_layout: a table needs one column holding the country and at most one holding the edition \
                     (this one has {countries} and {editions})"
                ),
            );
        }
    }

    /// Items, figures and classifications by code, reporting duplicates.
    fn codes(&mut self) -> HashMap<&'d str, Kind> {
        let def: &'d IndexDef = self.def;
        let mut codes: HashMap<&'d str, Kind> = HashMap::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut items = Vec::new();
        for_each_node(&def.outline, &mut |n| {
            if let Node::Item(i) = n {
                items.push(i.code.as_str());
            }
        });
        let dup = |this: &mut Self, code: &str, offset: Option<usize>| {
            this.report(
                offset,
                format!("\"{code}\" is defined twice; items, figures and classifications need codes of their own"),
            );
        };
        for code in items {
            let n = seen.entry(code).or_default();
            if *n > 0 {
                let at = self.lit("code", code, *n, |l| l.in_named() == Some("Item")).map(|l| l.offset);
                dup(self, code, at);
            }
            *n += 1;
            codes.insert(code, Kind::Item);
        }
        for (i, f) in def.figures.iter().enumerate() {
            if codes.contains_key(f.id.as_str()) {
                let at = self.figure_lit(i).map(|l| l.offset);
                dup(self, &f.id, at);
            } else {
                codes.insert(&f.id, Kind::Figure);
            }
        }
        for (i, c) in def.classifications.iter().enumerate() {
            if codes.contains_key(c.id.as_str()) {
                let at = self.class_lit(i).map(|l| l.offset);
                dup(self, &c.id, at);
            } else {
                codes.insert(&c.id, Kind::Classification);
            }
        }
        let mut groups: HashMap<&str, usize> = HashMap::new();
        let mut names = Vec::new();
        for_each_node(&def.outline, &mut |n| {
            if let Node::Group(g) = n {
                names.push(g.code.as_str());
            }
        });
        for code in names {
            let n = groups.entry(code).or_default();
            if *n > 0 {
                let at = self.lit("code", code, *n, |l| l.in_named() == Some("Group")).map(|l| l.offset);
                self.report(at, format!("group \"{code}\" is defined twice"));
            }
            *n += 1;
        }
        if def.editions.from.zip(def.editions.to).is_some_and(|(f, t)| f > t) {
            let at = self.scan.find(|l| l.key() == Some("from") && l.within("editions")).next().map(|l| l.offset);
            self.report(
                at,
                format!(
                    "the editions from {} to {} are none at all",
                    def.editions.from.unwrap_or(0),
                    def.editions.to.unwrap_or(0)
                ),
            );
        }
        codes
    }

    fn scales(&mut self) {
        let def = self.def;
        let mut seen = HashSet::new();
        for (i, s) in def.scales.iter().enumerate() {
            let open = self.scale_lit(i).map(Lit::frame_open);
            if !seen.insert(s.id.as_str()) {
                let at = self.scale_lit(i).map(|l| l.offset);
                self.report(at, format!("scale \"{}\" is defined twice", s.id));
            }
            if let Some(message) = scale_problem(s) {
                let key = if s.min >= s.max { "min" } else { "step" };
                let at = self.field_inside(open, key);
                self.report(at, format!("scale \"{}\": {message}", s.id));
            }
        }
    }

    fn outline(&mut self) {
        let def = self.def;
        let scales: Vec<&str> = def.scales.iter().map(|s| s.id.as_str()).collect();
        let mut items = Vec::new();
        for_each_node(&def.outline, &mut |n| {
            if let Node::Item(i) = n {
                items.push(i);
            }
        });
        let mut nth: HashMap<&str, usize> = HashMap::new();
        for item in items {
            let n = nth.entry(item.code.as_str()).or_default();
            let open = self.lit("code", &item.code, *n, |l| l.in_named() == Some("Item")).map(Lit::frame_open);
            *n += 1;
            if !scales.contains(&item.scale.as_str()) {
                let at = self.str_inside(open, &item.scale);
                self.report(
                    at,
                    format!(
                        "item \"{}\" is rated on scale \"{}\", which is not defined (scales: {})",
                        item.code,
                        item.scale,
                        list(&scales)
                    ),
                );
            }
            if item.editions.from.zip(item.editions.to).is_some_and(|(f, t)| f > t) {
                let at = self.field_inside(open, "from");
                self.report(
                    at,
                    format!(
                        "item \"{}\" is rated in no edition (from {} to {})",
                        item.code,
                        item.editions.from.unwrap_or(0),
                        item.editions.to.unwrap_or(0)
                    ),
                );
            }
        }
        let mut groups = Vec::new();
        for_each_node(&def.outline, &mut |n| {
            if let Node::Group(g) = n {
                groups.push(g);
            }
        });
        for g in groups {
            let Some(figure) = &g.figure else { continue };
            if !def.figures.iter().any(|f| &f.id == figure) {
                let open = self.lit("code", &g.code, 0, |l| l.in_named() == Some("Group")).map(Lit::frame_open);
                let at = self.str_inside(open, figure);
                self.report(
                    at,
                    format!("group \"{}\" is summed up by figure \"{figure}\", which is not defined", g.code),
                );
            }
        }
    }

    fn figures(&mut self, codes: &HashMap<&'d str, Kind>) {
        let def = self.def;
        let mut bad_refs = HashSet::new();
        for (i, f) in def.figures.iter().enumerate() {
            let open = self.figure_lit(i).map(Lit::frame_open);
            for r in f.compute.refs() {
                let at = self.ref_in(open, "compute", r);
                match codes.get(r) {
                    _ if r == f.id => {
                        bad_refs.insert(i);
                        self.report(at, format!("figure \"{}\" refers to itself", f.id));
                    }
                    None => {
                        bad_refs.insert(i);
                        self.report(at, format!("figure \"{}\" refers to \"{r}\", which is no item or figure", f.id));
                    }
                    Some(Kind::Classification) => {
                        bad_refs.insert(i);
                        self.report(
                            at,
                            format!(
                                "figure \"{}\" refers to classification \"{r}\"; figures read items and figures",
                                f.id
                            ),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
        self.cycles(&bad_refs);
        let bounds = all_bounds(def);
        for (i, f) in def.figures.iter().enumerate() {
            let open = self.figure_lit(i).map(Lit::frame_open);
            match &f.compute {
                Compute::Lookup(l) => self.lookup(&f.id, l, open, bounds.get(l.of.as_str())),
                Compute::Rescale(r) if r.from.0 == r.from.1 => {
                    let at = self.field_inside(open, "from");
                    self.report(
                        at,
                        format!(
                            "figure \"{}\": the range it rescales from is empty ({} to {})",
                            f.id, r.from.0, r.from.1
                        ),
                    );
                }
                Compute::WeightedMean(list) if list.iter().any(|(_, w)| w.is_negative() || w.is_zero()) => {
                    let at = self.field_inside(open, "compute");
                    self.report(at, format!("figure \"{}\": every weight of a weighted mean must be above zero", f.id));
                }
                _ => {}
            }
        }
    }

    /// The string `r` inside field `field` of the bracket at `open`.
    fn ref_in(&self, open: Option<usize>, field: &str, r: &str) -> Option<usize> {
        let open = open?;
        self.scan
            .find(|l| l.is_str && l.text == r && l.inside(open) && l.within(field))
            .next()
            .map(|l| l.offset)
            .or(Some(open))
    }

    /// Cycles among figures (a figure with a bad reference is left out: it was reported).
    fn cycles(&mut self, bad: &HashSet<usize>) {
        let def = self.def;
        let index: HashMap<&str, usize> = def.figures.iter().enumerate().map(|(i, f)| (f.id.as_str(), i)).collect();
        let deps: Vec<Vec<usize>> = def
            .figures
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if bad.contains(&i) {
                    return Vec::new();
                }
                f.compute.refs().iter().filter_map(|r| index.get(r).copied()).filter(|&j| j != i).collect()
            })
            .collect();
        let mut state = vec![0_u8; deps.len()]; // 0 new, 1 on the path, 2 done
        let mut reported = HashSet::new();
        for start in 0..deps.len() {
            let mut path = Vec::new();
            if let Some(cycle) = find_cycle(start, &deps, &mut state, &mut path) {
                let first = *cycle.iter().min().unwrap_or(&start);
                if reported.insert(first) {
                    let names: Vec<String> =
                        cycle.iter().chain(cycle.first()).map(|&j| format!("\"{}\"", def.figures[j].id)).collect();
                    let at = self.figure_lit(first).map(|l| l.offset);
                    self.report(at, format!("figures {} refer to each other in a cycle", names.join(" → ")));
                }
            }
        }
    }

    fn lookup(&mut self, id: &str, lookup: &super::def::LookupDef, open: Option<usize>, bounds: Option<&Bounds2>) {
        let l = lookup;
        if l.step.is_negative() || l.step.is_zero() {
            let at = self.field_inside(open, "step");
            self.report(at, format!("figure \"{id}\": the lookup's step must be above zero, found {}", l.step));
            return;
        }
        // Each row's bracket, in order: the bracket of its `value`.
        let rows: Vec<usize> = match open {
            Some(o) => self
                .scan
                .find(|x| x.key() == Some("value") && x.inside(o) && x.within("table"))
                .map(Lit::frame_open)
                .collect(),
            None => Vec::new(),
        };
        let at_row = |k: usize| rows.get(k).copied().or(open);
        let show = |r: &super::def::RangeDef| {
            let from = r.from.map_or_else(|| "any lower value".to_owned(), |v| v.to_string());
            let to = r.to.map_or_else(|| "any higher value".to_owned(), |v| v.to_string());
            format!("{from} to {to}")
        };
        let mut order: Vec<usize> = (0..l.table.len()).collect();
        for (k, row) in l.table.iter().enumerate() {
            if let (Some(f), Some(t)) = (row.from, row.to)
                && f > t
            {
                self.report(at_row(k), format!("figure \"{id}\": the range {} holds no value", show(row)));
            }
        }
        order.sort_by(|&a, &b| match (l.table[a].from, l.table[b].from) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Less,
            (_, None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(&y),
        });
        for pair in order.windows(2) {
            let (lower, upper) = (&l.table[pair[0]], &l.table[pair[1]]);
            let later = pair[0].max(pair[1]);
            let overlap = match (lower.to, upper.from) {
                (None, _) | (_, None) => true,
                (Some(end), Some(start)) => start <= end,
            };
            if overlap {
                self.report(
                    at_row(later),
                    format!("figure \"{id}\": the ranges {} and {} overlap", show(lower), show(upper)),
                );
                continue;
            }
            if let (Some(t), Some(f)) = (lower.to, upper.from)
                && t.checked_add(l.step).is_some_and(|next| f > next)
            {
                self.report(
                    at_row(later),
                    format!("figure \"{id}\": no range covers the values between {t} and {f} (the ranges {} and {} leave a gap)", show(lower), show(upper)),
                );
            }
        }
        let Some(&(lo, hi)) = bounds else { return };
        let (Some(&first), Some(&last)) = (order.first(), order.last()) else { return };
        if let (Some(lo), Some(f)) = (lo, l.table[first].from)
            && lo < f
        {
            self.report(
                at_row(first),
                format!("figure \"{id}\": no range covers values below {f}, and \"{}\" can be as low as {lo}", l.of),
            );
        }
        if let (Some(hi), Some(t)) = (hi, l.table[last].to)
            && hi > t
        {
            self.report(
                at_row(last),
                format!("figure \"{id}\": no range covers values above {t}, and \"{}\" can be as high as {hi}", l.of),
            );
        }
    }

    fn classifications(&mut self, codes: &HashMap<&'d str, Kind>) {
        let def = self.def;
        let bounds = all_bounds(def);
        for (i, c) in def.classifications.iter().enumerate() {
            let open = self.class_lit(i).map(Lit::frame_open);
            match &c.rule {
                Classify::Bands(b) => {
                    if !matches!(codes.get(b.of.as_str()), Some(Kind::Item | Kind::Figure)) {
                        let at = self.ref_in(open, "of", &b.of);
                        let message =
                            format!("classification \"{}\" classifies \"{}\", which is no item or figure", c.id, b.of);
                        self.report(at, message);
                        continue;
                    }
                    if let Some(gap) = bounds.get(b.of.as_str()).and_then(|bd| band_gap(&b.bands, *bd)) {
                        let at = self.field_inside(open, "bands");
                        self.report(at, format!("classification \"{}\": no band classifies \"{}\" {gap}", c.id, b.of));
                    }
                }
                Classify::Rules(rules) => {
                    for rule in rules {
                        for r in rule.when.refs() {
                            if !matches!(codes.get(r), Some(Kind::Item | Kind::Figure)) {
                                let at = self.ref_in(open, "rule", r);
                                self.report(
                                    at,
                                    format!(
                                        "classification \"{}\" refers to \"{r}\", which is no item or figure",
                                        c.id
                                    ),
                                );
                            }
                        }
                        for (other, class) in rule.when.classes() {
                            let at = self.ref_in(open, "rule", other);
                            match def.classifications.iter().find(|d| d.id == other) {
                                None => self.report(at, format!("classification \"{}\" refers to classification \"{other}\", which is not defined", c.id)),
                                Some(d) if d.id == c.id => self.report(at, format!("classification \"{}\" depends on itself", c.id)),
                                Some(d) if !d.rule.labels().contains(&class) => {
                                    let at = self.ref_in(open, "rule", class);
                                    self.report(at, format!("classification \"{other}\" has no class \"{class}\" (its classes: {})", list(&d.rule.labels())));
                                }
                                Some(_) => {}
                            }
                        }
                    }
                }
            }
        }
        // Cycles through `Is` across classifications.
        let index: HashMap<&str, usize> =
            def.classifications.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let deps: Vec<Vec<usize>> = def
            .classifications
            .iter()
            .enumerate()
            .map(|(i, c)| match &c.rule {
                Classify::Rules(rules) => rules
                    .iter()
                    .flat_map(|r| r.when.classes())
                    .filter_map(|(id, _)| index.get(id).copied())
                    .filter(|&j| j != i)
                    .collect(),
                Classify::Bands(_) => Vec::new(),
            })
            .collect();
        let mut state = vec![0_u8; deps.len()];
        let mut reported = HashSet::new();
        for start in 0..deps.len() {
            let mut path = Vec::new();
            if let Some(cycle) = find_cycle(start, &deps, &mut state, &mut path) {
                let first = *cycle.iter().min().unwrap_or(&start);
                if reported.insert(first) {
                    let names: Vec<String> = cycle
                        .iter()
                        .chain(cycle.first())
                        .map(|&j| format!("\"{}\"", def.classifications[j].id))
                        .collect();
                    let at = self.class_lit(first).map(|l| l.offset);
                    self.report(at, format!("classifications {} depend on each other in a cycle", names.join(" → ")));
                }
            }
        }
    }

    fn sections(&mut self) {
        let def = self.def;
        let mut items = HashSet::new();
        let mut groups = HashSet::new();
        for_each_node(&def.outline, &mut |n| match n {
            Node::Item(i) => {
                items.insert(i.code.as_str());
            }
            Node::Group(g) => {
                groups.insert(g.code.as_str());
            }
        });
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut nth_of: HashMap<&str, usize> = HashMap::new();
        for s in &def.chapter.sections {
            match s {
                SectionDef::Text(t) | SectionDef::ScoreChanges(t) => {
                    let n = ids.entry(t.id.as_str()).or_default();
                    if *n > 0 {
                        let at = self.lit("id", &t.id, *n, |l| l.within("chapter")).map(|l| l.offset);
                        self.report(at, format!("section \"{}\" is defined twice", t.id));
                    }
                    *n += 1;
                }
                SectionDef::Items(list) | SectionDef::Groups(list) => {
                    let per_group = matches!(s, SectionDef::Groups(_));
                    for code in &list.of {
                        let n = nth_of.entry(code.as_str()).or_default();
                        let nth = *n;
                        *n += 1;
                        if per_group && !groups.contains(code.as_str()) {
                            let at = self
                                .scan
                                .find(|l| l.is_str && &l.text == code && l.within("of") && l.within("chapter"))
                                .nth(nth)
                                .map(|l| l.offset);
                            self.report(at, format!("a section names \"{code}\", which is no group"));
                        } else if !items.contains(code.as_str()) && !groups.contains(code.as_str()) {
                            let at = self
                                .scan
                                .find(|l| l.is_str && &l.text == code && l.within("of") && l.within("chapter"))
                                .nth(nth)
                                .map(|l| l.offset);
                            self.report(at, format!("a section names \"{code}\", which is no item or group"));
                        }
                    }
                }
            }
        }
    }

    fn change_rules(&mut self, codes: &HashMap<&'d str, Kind>) {
        let rules = &self.def.changes;
        for f in &rules.figures {
            if codes.get(f.as_str()) != Some(&Kind::Figure) {
                let at = self
                    .scan
                    .find(|l| {
                        l.is_str && &l.text == f && l.key().is_none() && l.within("figures") && l.within("changes")
                    })
                    .next()
                    .map(|l| l.offset);
                self.report(at, format!("the change rules name \"{f}\", which is no figure"));
            }
        }
        for c in &rules.classifications {
            if codes.get(c.as_str()) != Some(&Kind::Classification) {
                let at = self
                    .scan
                    .find(|l| l.is_str && &l.text == c && l.within("classifications") && l.within("changes"))
                    .next()
                    .map(|l| l.offset);
                self.report(at, format!("the change rules name \"{c}\", which is no classification"));
            }
        }
        let t = &rules.templates;
        let templates = [
            ("item", Some(&t.item)),
            ("figure", Some(&t.figure)),
            ("figure_same", Some(&t.figure_same)),
            ("classification", t.classification.as_ref()),
            ("no_changes", Some(&t.no_changes)),
        ];
        for (name, template) in templates {
            let Some(template) = template else { continue };
            for placeholder in placeholders(template) {
                if !PLACEHOLDERS.contains(&placeholder) {
                    let at = self
                        .scan
                        .find(|l| l.is_str && l.key() == Some(name) && l.within("templates"))
                        .next()
                        .map(|l| l.offset);
                    let known: Vec<String> = PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect();
                    self.report(
                        at,
                        format!(
                            "the template `{name}` uses {{{placeholder}}}, which is not one of {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

/// The `{name}` placeholders of a template.
fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// What is wrong with a scale, if anything.
fn scale_problem(s: &ScaleDef) -> Option<String> {
    if s.min >= s.max {
        return Some(format!("the lowest rating {} is not below the highest {}", s.min, s.max));
    }
    if s.step.is_negative() || s.step.is_zero() {
        return Some(format!("the step must be above zero, found {}", s.step));
    }
    let range = s.max.checked_sub(s.min)?;
    if !range.is_multiple_of(s.step) {
        return Some(format!("the step {} does not divide the range {} to {} into whole steps", s.step, s.min, s.max));
    }
    for v in [s.min, s.step] {
        if v.decimals_needed().is_none_or(|d| d > s.decimals) {
            return Some(format!("{v} cannot be shown with {} decimals; raise `decimals`", s.decimals));
        }
    }
    None
}

/// The part of `bounds` no band classifies, in words, if any.
fn band_gap(bands: &[super::def::BandDef], (lo, hi): Bounds2) -> Option<String> {
    // Bands are upper half-lines (Above, AtLeast), lower ones (Below, AtMost) or everything.
    // The union of the upper ones starts at the least bound; of the lower ones ends at the
    // greatest. What neither covers is between the two.
    if bands.iter().any(|b| b.when == Threshold::Otherwise) {
        return None;
    }
    // (bound, included)
    let mut up: Option<(Value, bool)> = None;
    let mut down: Option<(Value, bool)> = None;
    for b in bands {
        match b.when {
            Threshold::Above(t) => up = Some(tighter_low(up, (t, false))),
            Threshold::AtLeast(t) => up = Some(tighter_low(up, (t, true))),
            Threshold::Below(t) => down = Some(tighter_high(down, (t, false))),
            Threshold::AtMost(t) => down = Some(tighter_high(down, (t, true))),
            Threshold::Otherwise => return None,
        }
    }
    // Uncovered: x not in up (x < u, or x ≤ u when u is excluded) and not in down.
    let gap_lo = match down {
        Some((d, included)) => Some((d, !included)),
        None => lo.map(|l| (l, true)),
    };
    let gap_hi = match up {
        Some((u, included)) => Some((u, !included)),
        None => hi.map(|h| (h, true)),
    };
    // Clip to the bounds.
    let gap_lo = match (gap_lo, lo) {
        (Some((g, inc)), Some(l)) if l > g || (l == g && !inc) => Some((l, l > g || inc)),
        (None, Some(l)) => Some((l, true)),
        (g, _) => g,
    };
    let gap_hi = match (gap_hi, hi) {
        (Some((g, inc)), Some(h)) if h < g || (h == g && !inc) => Some((h, h < g || inc)),
        (None, Some(h)) => Some((h, true)),
        (g, _) => g,
    };
    match (gap_lo, gap_hi) {
        (Some((a, ai)), Some((b, bi))) => {
            if a > b || (a == b && !(ai && bi)) {
                None
            } else if a == b {
                Some(format!("at {a}"))
            } else {
                let from = if ai { "from" } else { "above" };
                let to = if bi { "to" } else { "up to but not" };
                Some(format!("{from} {a} {to} {b}"))
            }
        }
        (None, Some((b, _))) => Some(format!("at or below {b}")),
        (Some((a, _)), None) => Some(format!("at or above {a}")),
        (None, None) => Some("at all".to_owned()),
    }
}

fn tighter_low(current: Option<(Value, bool)>, new: (Value, bool)) -> (Value, bool) {
    match current {
        Some(c) if c.0 < new.0 || (c.0 == new.0 && c.1) => c,
        _ => new,
    }
}

fn tighter_high(current: Option<(Value, bool)>, new: (Value, bool)) -> (Value, bool) {
    match current {
        Some(c) if c.0 > new.0 || (c.0 == new.0 && c.1) => c,
        _ => new,
    }
}

/// Depth-first search for a cycle through `start`; the cycle's members in order.
fn find_cycle(start: usize, deps: &[Vec<usize>], state: &mut [u8], path: &mut Vec<usize>) -> Option<Vec<usize>> {
    match state[start] {
        2 => return None,
        1 => {
            let from = path.iter().position(|&p| p == start)?;
            return Some(path[from..].to_vec());
        }
        _ => {}
    }
    state[start] = 1;
    path.push(start);
    for &next in &deps[start] {
        if let Some(cycle) = find_cycle(next, deps, state, path) {
            return Some(cycle);
        }
    }
    path.pop();
    state[start] = 2;
    None
}

/// Visits every node of the outline, depth first.
pub(crate) fn for_each_node<'d>(nodes: &'d [Node], visit: &mut dyn FnMut(&'d Node)) {
    for n in nodes {
        visit(n);
        if let Node::Group(g) = n {
            for_each_node(&g.children, visit);
        }
    }
}

/// The range each item and figure can take, where it can be worked out.
fn all_bounds(def: &IndexDef) -> HashMap<&str, Bounds2> {
    {
        let mut out: HashMap<&str, Bounds2> = HashMap::new();
        let mut signs: HashMap<&str, Sign> = HashMap::new();
        for_each_node(&def.outline, &mut |n| {
            if let Node::Item(i) = n
                && let Some(s) = def.scales.iter().find(|s| s.id == i.scale)
            {
                out.insert(&i.code, (Some(s.min), Some(s.max)));
                signs.insert(&i.code, i.sign);
            }
        });
        let mut visiting = HashSet::new();
        for f in &def.figures {
            figure_bounds(def, &f.id, &mut out, &signs, &mut visiting);
        }
        out
    }
}

/// The possible range of a value: `None` at an end that is not known.
type Bounds2 = (Option<Value>, Option<Value>);

fn figure_bounds<'d>(
    def: &'d IndexDef,
    id: &'d str,
    out: &mut HashMap<&'d str, Bounds2>,
    signs: &HashMap<&str, Sign>,
    visiting: &mut HashSet<&'d str>,
) -> Bounds2 {
    if let Some(b) = out.get(id) {
        return *b;
    }
    let Some(figure) = def.figures.iter().find(|f| f.id == id) else { return (None, None) };
    if !visiting.insert(id) {
        return (None, None);
    }
    let mut get = |code: &'d str, out: &mut HashMap<&'d str, Bounds2>| figure_bounds(def, code, out, signs, visiting);
    let hull = |list: Vec<Bounds2>| -> Bounds2 {
        let lo = list.iter().map(|b| b.0).collect::<Option<Vec<_>>>().and_then(|v| v.into_iter().min());
        let hi = list.iter().map(|b| b.1).collect::<Option<Vec<_>>>().and_then(|v| v.into_iter().max());
        (lo, hi)
    };
    let b = match &figure.compute {
        Compute::Sum(list) => {
            let mut lo = Some(Value::ZERO);
            let mut hi = Some(Value::ZERO);
            for code in list {
                let (l, h) = get(code, out);
                if signs.get(code.as_str()) == Some(&Sign::Subtract) {
                    lo = lo.zip(h).and_then(|(a, b)| a.checked_sub(b));
                    hi = hi.zip(l).and_then(|(a, b)| a.checked_sub(b));
                } else {
                    lo = lo.zip(l).and_then(|(a, b)| a.checked_add(b));
                    hi = hi.zip(h).and_then(|(a, b)| a.checked_add(b));
                }
            }
            (lo, hi)
        }
        Compute::Mean(list) => hull(list.iter().map(|c| get(c, out)).collect()),
        Compute::WeightedMean(list) => hull(list.iter().map(|(c, _)| get(c, out)).collect()),
        Compute::Rescale(r) => {
            let (low, high) = get(&r.of, out);
            let map = |x: Option<Value>| {
                let x = x?;
                r.to.0.checked_add(
                    x.checked_sub(r.from.0)?
                        .checked_mul(r.to.1.checked_sub(r.to.0)?)?
                        .checked_div(r.from.1.checked_sub(r.from.0)?)?,
                )
            };
            match (map(low), map(high)) {
                (Some(one), Some(other)) => (Some(one.min(other)), Some(one.max(other))),
                _ => (None, None),
            }
        }
        Compute::Lookup(l) => (l.table.iter().map(|r| r.value).min(), l.table.iter().map(|r| r.value).max()),
        Compute::Formula(e) => expr_bounds(e, &mut |code| get(code, out)),
    };
    visiting.remove(id);
    out.insert(id, b);
    b
}

fn expr_bounds<'d>(e: &'d Expr, get: &mut dyn FnMut(&'d str) -> Bounds2) -> Bounds2 {
    let corners = |a: Bounds2, b: Bounds2, op: fn(Value, Value) -> Option<Value>| -> Bounds2 {
        let (Some(al), Some(ah), Some(bl), Some(bh)) = (a.0, a.1, b.0, b.1) else { return (None, None) };
        let vals: Option<Vec<Value>> = [op(al, bl), op(al, bh), op(ah, bl), op(ah, bh)].into_iter().collect();
        vals.map_or((None, None), |v| (v.iter().min().copied(), v.iter().max().copied()))
    };
    match e {
        Expr::Num(v) => (Some(*v), Some(*v)),
        Expr::Ref(code) => get(code),
        Expr::Add(a, b) => {
            let (a, b) = (expr_bounds(a, get), expr_bounds(b, get));
            (a.0.zip(b.0).and_then(|(x, y)| x.checked_add(y)), a.1.zip(b.1).and_then(|(x, y)| x.checked_add(y)))
        }
        Expr::Sub(a, b) => {
            let (a, b) = (expr_bounds(a, get), expr_bounds(b, get));
            (a.0.zip(b.1).and_then(|(x, y)| x.checked_sub(y)), a.1.zip(b.0).and_then(|(x, y)| x.checked_sub(y)))
        }
        Expr::Mul(a, b) => corners(expr_bounds(a, get), expr_bounds(b, get), Value::checked_mul),
        Expr::Div(a, b) => {
            let b2 = expr_bounds(b, get);
            let spans_zero = match b2 {
                (Some(low), Some(high)) => low <= Value::ZERO && high >= Value::ZERO,
                _ => true,
            };
            if spans_zero { (None, None) } else { corners(expr_bounds(a, get), b2, Value::checked_div) }
        }
        Expr::Mean(list) => {
            let all: Vec<Bounds2> = list.iter().map(|e| expr_bounds(e, get)).collect();
            let lo = all.iter().map(|b| b.0).collect::<Option<Vec<_>>>().and_then(|v| v.into_iter().min());
            let hi = all.iter().map(|b| b.1).collect::<Option<Vec<_>>>().and_then(|v| v.into_iter().max());
            (lo, hi)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::def::BandDef;

    fn v(n: i64) -> Value {
        Value::int(n)
    }

    fn band(when: Threshold) -> BandDef {
        BandDef { label: "x".to_owned(), when }
    }

    #[test]
    fn band_gaps_are_found_and_described() {
        let nit = [
            band(Threshold::Above(v(5))),
            band(Threshold::Above(v(4))),
            band(Threshold::Above(v(3))),
            band(Threshold::AtMost(v(3))),
        ];
        assert_eq!(band_gap(&nit, (Some(v(1)), Some(v(7)))), None);
        let missing_middle = [band(Threshold::Above(v(5))), band(Threshold::AtMost(v(3)))];
        assert_eq!(band_gap(&missing_middle, (Some(v(1)), Some(v(7)))), Some("above 3 to 5".to_owned()));
        let point = [band(Threshold::Above(v(5))), band(Threshold::Below(v(5)))];
        assert_eq!(band_gap(&point, (Some(v(1)), Some(v(7)))), Some("at 5".to_owned()));
        let top_missing = [band(Threshold::AtMost(v(5)))];
        assert_eq!(band_gap(&top_missing, (Some(v(1)), Some(v(7)))), Some("above 5 to 7".to_owned()));
        let bottom_missing = [band(Threshold::AtLeast(v(2)))];
        assert_eq!(band_gap(&bottom_missing, (Some(v(1)), Some(v(7)))), Some("from 1 up to but not 2".to_owned()));
        // Outside the figure's range nothing needs a band.
        assert_eq!(band_gap(&bottom_missing, (Some(v(2)), Some(v(7)))), None);
    }
}
