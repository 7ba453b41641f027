//! How long the methodology engine takes: reading and checking the largest shipped file (BTI,
//! 51 items, 23 figures), and computing a whole score tree — what the editor would do on every
//! rating change — for BTI and for Freedom in the World, and last year's changes.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::index::{self, Ratings, ScoreTree, Value};

fn all_rated(def: &index::IndexDef, edition: i32, value: i64) -> Ratings {
    def.items_in(edition).iter().map(|i| (i.code.clone(), Some(Value::int(value)))).collect()
}

fn bench_index(crit: &mut Criterion) {
    let text = index::builtin_text("bti").unwrap_or_default();
    crit.bench_function("parse and check bti.ron", |b| {
        b.iter(|| index::parse(black_box(text), Path::new("bti")).is_ok());
    });
    for (id, value) in [("bti", 6), ("fiw", 3)] {
        let Some(def) = index::builtin_ref(id) else { panic!("{id} is built in") };
        let now = all_rated(def, 2024, value);
        let last = all_rated(def, 2024, value - 1);
        crit.bench_function(&format!("score tree {id}"), |b| {
            b.iter(|| ScoreTree::compute(black_box(def), 2024, black_box(&now)));
        });
        let then = ScoreTree::compute(def, 2023, &last);
        let tree = ScoreTree::compute(def, 2024, &now);
        crit.bench_function(&format!("changes {id}"), |b| {
            b.iter(|| black_box(&tree).changes(black_box(&then), def));
        });
    }
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
