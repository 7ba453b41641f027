//! A methodology's computations in words: how a figure is computed, when a band or rule
//! applies, which editions a range covers. `rapporteur methodology show` and the methodology
//! page of a published edition both say them this way.

use super::def::{Classify, Compute, Condition, Editions, Expr, Threshold};
use super::value::Value;

/// A range of editions in words: "every edition", "editions 2020 onwards", "editions 2020 to 2023".
#[must_use]
pub fn editions(editions: Editions) -> String {
    match (editions.from, editions.to) {
        (None, None) => "every edition".to_owned(),
        (Some(f), None) => format!("editions {f} onwards"),
        (None, Some(t)) => format!("editions up to {t}"),
        (Some(f), Some(t)) => format!("editions {f} to {t}"),
    }
}

/// A formula: `(A + B) / 2`, `mean(A, B)`; a code that reads as a number (BTI's criterion
/// "13") is bracketed: `[13]`.
#[must_use]
pub fn expr(e: &Expr) -> String {
    match e {
        Expr::Num(v) => v.to_string(),
        Expr::Ref(code) if Value::parse(code).is_ok() => format!("[{code}]"),
        Expr::Ref(code) => code.clone(),
        Expr::Add(a, b) => format!("({} + {})", expr(a), expr(b)),
        Expr::Sub(a, b) => format!("({} − {})", expr(a), expr(b)),
        Expr::Mul(a, b) => format!("{} × {}", expr(a), expr(b)),
        Expr::Div(a, b) => format!("{} / {}", expr(a), expr(b)),
        Expr::Mean(list) => format!("mean({})", list.iter().map(expr).collect::<Vec<_>>().join(", ")),
    }
}

/// A band's threshold: "at least 3", "otherwise".
#[must_use]
pub fn threshold(t: Threshold) -> String {
    match t {
        Threshold::Above(v) => format!("above {v}"),
        Threshold::AtLeast(v) => format!("at least {v}"),
        Threshold::Below(v) => format!("below {v}"),
        Threshold::AtMost(v) => format!("at most {v}"),
        Threshold::Otherwise => "otherwise".to_owned(),
    }
}

/// A rule's condition: "PR at least 3", "all of (…)", "PRS is Free".
#[must_use]
pub fn condition(c: &Condition) -> String {
    let all = |list: &[Condition], word: &str| {
        format!("{word} of ({})", list.iter().map(condition).collect::<Vec<_>>().join(", "))
    };
    match c {
        Condition::Always => "otherwise".to_owned(),
        Condition::All(list) => all(list, "all"),
        Condition::Any(list) => all(list, "any"),
        Condition::Not(c) => format!("not {}", condition(c)),
        Condition::Above(e, v) => format!("{} above {v}", expr(e)),
        Condition::AtLeast(e, v) => format!("{} at least {v}", expr(e)),
        Condition::Below(e, v) => format!("{} below {v}", expr(e)),
        Condition::AtMost(e, v) => format!("{} at most {v}", expr(e)),
        Condition::Is(id, class) => format!("{id} is {class}"),
    }
}

/// How a figure is computed: "sum of A1, A2, A3", "PR looked up: 36 or more → 1; …".
#[must_use]
pub fn compute(c: &Compute) -> String {
    match c {
        Compute::Sum(list) => format!("sum of {}", list.join(", ")),
        Compute::Mean(list) => format!("mean of {}", list.join(", ")),
        Compute::WeightedMean(list) => format!(
            "weighted mean of {}",
            list.iter().map(|(c, w)| format!("{c} × {w}")).collect::<Vec<_>>().join(", ")
        ),
        Compute::Rescale(r) => {
            format!("{} rescaled from {}–{} to {}–{}", r.of, r.from.0, r.from.1, r.to.0, r.to.1)
        }
        Compute::Lookup(l) => {
            let rows: Vec<String> = l
                .table
                .iter()
                .map(|row| match (row.from, row.to) {
                    (Some(f), Some(t)) => format!("{f}–{t} → {}", row.value),
                    (Some(f), None) => format!("{f} or more → {}", row.value),
                    (None, Some(t)) => format!("{t} or less → {}", row.value),
                    (None, None) => format!("any → {}", row.value),
                })
                .collect();
            format!("{} looked up: {}", l.of, rows.join("; "))
        }
        Compute::Formula(e) => expr(e),
    }
}

/// A classification's classes, best first, each with when it applies: ("Free", "if PR at
/// least 3"), ("Not Free", "otherwise").
#[must_use]
pub fn classes(rule: &Classify) -> Vec<(String, String)> {
    match rule {
        Classify::Bands(b) => b
            .bands
            .iter()
            .map(|band| match band.when {
                Threshold::Otherwise => (band.label.clone(), "otherwise".to_owned()),
                t => (band.label.clone(), format!("if {} {}", b.of, threshold(t))),
            })
            .collect(),
        Classify::Rules(rules) => rules
            .iter()
            .map(|r| match &r.when {
                Condition::Always => (r.label.clone(), "otherwise".to_owned()),
                w => (r.label.clone(), format!("if {}", condition(w))),
            })
            .collect(),
    }
}
