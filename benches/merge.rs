//! How long `diff` and `merge` take on a large chapter (7 × 150 bullets, 1,500 footnotes, from
//! [`rapporteur::sample::large_chapter`]) against edited copies: every tenth bullet edited on
//! our side, every tenth (others) on theirs, bullets added and deleted, ratings and footnotes
//! changed. Each must stay under 50 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::Methodology;
use rapporteur::diff::diff;
use rapporteur::merge::merge;
use rapporteur::model::{Chapter, Rating};
use rapporteur::sample::large_chapter;

/// `base` with every tenth bullet (from `offset`) edited, one bullet added and one deleted per
/// category, a rating and a footnote changed.
fn edited(base: &Chapter, offset: usize, word: &str) -> Chapter {
    let mut c = base.clone();
    for k in 0..c.categories.len() {
        for i in (offset..c.categories[k].bullets.len()).step_by(10) {
            let text = &mut c.categories[k].bullets[i].text;
            *text = text.replacen("the", word, 1);
            text.push_str(" Monitors added a note.");
        }
        let added = c.new_block(format!("A bullet added by {word}.[^1]"));
        let at = (offset * 7) % c.categories[k].bullets.len().max(1);
        c.categories[k].bullets.insert(at, added);
        let last = c.categories[k].bullets.len() - 1 - offset;
        c.categories[k].bullets.remove(last);
    }
    c.categories[offset].rating = Some(Rating::from_hundredths(150));
    c.footnotes[offset * 10].text.push_str(" Updated.");
    c
}

fn bench_merge(crit: &mut Criterion) {
    let method = Methodology::nit_2020();
    let base = large_chapter(7, 150, 1500);
    let ours = edited(&base, 1, "our");
    let theirs = edited(&base, 5, "their");
    let d = diff(&base, &ours, &method);
    assert!(d.blocks.len() > 100, "{} block changes", d.blocks.len());
    let merged = merge(&base, &ours, &theirs, &method);
    assert_eq!(merged.conflicts, 0);
    crit.bench_function("diff 1050 bullets, 1500 footnotes", |b| {
        b.iter(|| diff(black_box(&base), black_box(&ours), black_box(&method)));
    });
    crit.bench_function("merge 1050 bullets, 1500 footnotes", |b| {
        b.iter(|| merge(black_box(&base), black_box(&ours), black_box(&theirs), black_box(&method)));
    });
}

criterion_group!(benches, bench_merge);
criterion_main!(benches);
