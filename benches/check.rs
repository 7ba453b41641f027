//! How long `check` and `renumber` take on a large chapter: 7 × 150 bullets citing 2,100
//! footnotes (two each), from the shared builder [`rapporteur::sample::large_chapter`].

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::Methodology;
use rapporteur::findings::check;
use rapporteur::footnotes::renumber;
use rapporteur::sample::large_chapter;

fn bench_check(crit: &mut Criterion) {
    let chapter = large_chapter(7, 150, 2100);
    let method = Methodology::nit_2020();
    assert_eq!(check(&chapter, &method), [], "the bench chapter is clean");
    crit.bench_function("check 1050 bullets, 2100 footnotes", |b| {
        b.iter(|| check(black_box(&chapter), black_box(&method)));
    });
    crit.bench_function("renumber 1050 bullets, 2100 footnotes", |b| {
        b.iter(|| renumber(black_box(&chapter)));
    });
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
