//! Export speed on a long chapter: 7 categories × 150 bullets and 1,050 footnotes, from the
//! shared builder [`rapporteur::sample::large_chapter`] (Kazakh and Georgian text, `<`, `&`
//! and quotes to escape). Targets: HTML, Markdown and text under 20 ms each, DOCX under 100 ms.
//!
//! And review copies (DOCX and HTML) of a chapter whose first bullet cites one footnote 30,000
//! times in a row: laying the text out with its comment ranges must stay linear in the markers
//! (it was quadratic: 300,000 markers took 28 s).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::export::{self, Format};
use rapporteur::method::Methodology;
use rapporteur::review_copy;
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

fn review_copies_with_many_markers(c: &mut Criterion) {
    let method = Methodology::nit_2020();
    let mut chapter = large_chapter(1, 3, 3);
    let label = chapter.footnotes[0].label.clone();
    chapter.categories[0].bullets[0].text = format!("Cited again and again.{}", format!("[^{label}]").repeat(30_000));
    let mut group = c.benchmark_group("review copy, 30,000 markers");
    group.sample_size(10);
    for format in review_copy::FORMATS {
        group.bench_function(format.name(), |b| {
            b.iter(|| review_copy::render(black_box(&chapter), &method, format));
        });
    }
    group.finish();
}

criterion_group!(benches, bench, review_copies_with_many_markers);
criterion_main!(benches);
