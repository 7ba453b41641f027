//! Export speed on a long chapter: 7 categories × 150 bullets and 1,050 footnotes, from the
//! shared builder [`rapporteur::sample::large_chapter`] (Kazakh and Georgian text, `<`, `&`
//! and quotes to escape). Targets: HTML, Markdown and text under 20 ms each, DOCX under 100 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::export::{self, Format};
use rapporteur::method::Methodology;
use rapporteur::sample::large_chapter;

fn bench(c: &mut Criterion) {
    let method = Methodology::nit_2020();
    let chapter = large_chapter(7, 150, 1050);
    assert_eq!(chapter.footnotes.len(), 1050);
    let mut group = c.benchmark_group("export");
    for format in Format::ALL {
        group.bench_function(format.name(), |b| {
            b.iter(|| export::export(black_box(&chapter), &method, format));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
