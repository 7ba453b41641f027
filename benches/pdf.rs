//! PDF export speed on a long chapter: 7 categories × 150 bullets and 1,500 footnotes (about
//! fifteen times the sample), from the shared builder [`rapporteur::sample::large_chapter`].
//! Target: under 1.5 s (0.87 s here). Each export starts cold: it drops typst's memoised layout.
//!
//! And one bullet of 1 MiB of words (found by fuzzing: a 4.25 MB paragraph took 19 s and
//! 1.3 GB before long paragraphs were broken first-fit; see the README's PDF section): 0.93 s
//! here.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::export::{self, Format};
use rapporteur::method::Methodology;
use rapporteur::sample::large_chapter;

fn bench(c: &mut Criterion) {
    let method = Methodology::nit_2020();
    let chapter = large_chapter(7, 150, 1500);
    assert_eq!(chapter.footnotes.len(), 1500);
    let mut group = c.benchmark_group("export");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    group.bench_function("pdf", |b| {
        b.iter(|| export::export(black_box(&chapter), &method, Format::Pdf));
    });
    let mut long = large_chapter(1, 1, 1);
    let words = ["the", "council", "met", "again", "and", "answered", "none", "of", "our", "questions"];
    let mut text = String::with_capacity(1 << 20);
    for w in words.iter().cycle() {
        if text.len() >= 1 << 20 {
            break;
        }
        text.push_str(w);
        text.push(' ');
    }
    let paragraph = long.new_block(text);
    long.categories[0].bullets.push(paragraph);
    group.bench_function("pdf one paragraph of 1 MiB", |b| {
        b.iter(|| export::export(black_box(&long), &method, Format::Pdf).map(|pdf| pdf.len()));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
