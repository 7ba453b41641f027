//! How long checking takes on a large chapter: 7 × 150 bullets citing 2,100 footnotes (two
//! each), from the shared builder [`rapporteur::sample::large_chapter`]. The full check, and
//! the live findings brought up to date after one keystroke in a bullet, after one rating
//! changed, and after one footnote's address changed: the editor's path on every edit.
//! Renumbering too.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::Methodology;
use rapporteur::findings::{CheckOptions, Live, check};
use rapporteur::footnotes::renumber;
use rapporteur::model::Rating;
use rapporteur::sample::large_chapter;

fn bench_check(crit: &mut Criterion) {
    let chapter = large_chapter(7, 150, 2100);
    let method = Methodology::nit_2020();
    assert_eq!(check(&chapter, &method), [], "the bench chapter is clean");
    crit.bench_function("check 1050 bullets, 2100 footnotes", |b| {
        b.iter(|| check(black_box(&chapter), black_box(&method)));
    });
    crit.bench_function("renumber 1050 bullets, 2100 footnotes", |b| {
        b.iter(|| renumber(black_box(&chapter), black_box(&method)));
    });

    let options = CheckOptions::default();
    let mut live = Live::new();
    let mut edited = chapter.clone();
    live.update(&edited, &method, &options);
    let original = edited.categories[3].bullets[0].text.clone();
    crit.bench_function("live findings after a keystroke in a bullet", |b| {
        let mut n = 0_usize;
        b.iter(|| {
            n += 1;
            let text = &mut edited.categories[3].bullets[0].text;
            text.clone_from(&original);
            text.push_str(&"x".repeat(n % 8));
            live.update(black_box(&edited), &method, &options);
        });
    });
    crit.bench_function("live findings after a keystroke that changes a bullet's markers", |b| {
        let mut n = 0_usize;
        b.iter(|| {
            n += 1;
            let text = &mut edited.categories[3].bullets[0].text;
            text.clone_from(&original);
            text.push_str(["", " [^", " [^7", " [^7]"][n % 4]);
            live.update(black_box(&edited), &method, &options);
        });
    });
    edited.categories[3].bullets[0].text.clone_from(&original);
    crit.bench_function("live findings after a rating changed", |b| {
        let mut up = false;
        b.iter(|| {
            up = !up;
            edited.categories[3].rating = Some(Rating::from_hundredths(if up { 150 } else { 125 }));
            live.update_ratings(black_box(&edited), &method, &options);
        });
    });
    crit.bench_function("live findings after a footnote's address changed", |b| {
        let mut n = 0_usize;
        b.iter(|| {
            n += 1;
            edited.footnotes[700].url = Some(format!("https://example.org/{}", n % 8));
            live.update(black_box(&edited), &method, &options);
        });
    });
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
