//! How long spell checking takes: a whole chapter of 7 × 150 bullets (what `check --spelling`
//! does), and one bullet (what the editor's live findings do when a block's text changes).
//! Here (2 shared cores, medians): 6.7 ms for the chapter, 9.7 µs for a bullet, 13 ms to parse
//! the bundled `en_US` (once per process). A bullet of 100,000 markers, and one of 100,000
//! words each followed by a marker (fuzzing found the first took 10 s): `check --spelling` of
//! the sample with such a bullet took 14.4 s and 59.6 s with our crate unoptimised, and takes
//! 0.18 s and 0.57 s now; here the two bullets take 4.5 ms and 31 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::sample::large_chapter;
use rapporteur::spelling::{Checker, Dictionary};

fn bench_spelling(crit: &mut Criterion) {
    let chapter = large_chapter(7, 150, 1500);
    let dictionary = Dictionary::bundled().unwrap_or_else(|e| panic!("bundled dictionary: {e}"));
    let checker = Checker::new(dictionary, &chapter.spelling, &[]);
    let blocks: Vec<_> = chapter.text_blocks().map(|(_, b)| b).collect();
    crit.bench_function("spelling 1050 bullets", |b| {
        b.iter(|| blocks.iter().map(|block| checker.misspelt(black_box(&block.text)).len()).sum::<usize>());
    });
    let one = blocks[blocks.len() / 2];
    crit.bench_function("spelling one bullet", |b| b.iter(|| checker.misspelt(black_box(&one.text))));
    // Found by fuzzing: one bullet of 100,000 markers took 10 s in `check --spelling`, since
    // every word was tested against every marker. Markers alone, and a word after each.
    let markers = "[^1]".repeat(100_000);
    crit.bench_function("spelling 100,000 markers in one bullet", |b| b.iter(|| checker.misspelt(black_box(&markers))));
    let cited = "Word[^1] ".repeat(100_000);
    crit.bench_function("spelling 100,000 cited words in one bullet", |b| {
        b.iter(|| checker.misspelt(black_box(&cited)));
    });
    crit.bench_function("spelling: parse the bundled en_US", |b| {
        b.iter(|| {
            Dictionary::parse(
                "en_US",
                rapporteur::spelling::Origin::Bundled,
                black_box(include_str!("../assets/dictionaries/en_US.aff")),
                black_box(include_str!("../assets/dictionaries/en_US.dic")),
            )
            .map(|d| d.check("government"))
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_spelling
}
criterion_main!(benches);
