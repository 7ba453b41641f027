//! Export speed on a long chapter: 7 categories × 150 bullets and 1,050 footnotes.
//! Targets: HTML, Markdown and text under 20 ms each, DOCX under 100 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::Rating;
use rapporteur::export::{self, Format};
use rapporteur::method::Methodology;
use rapporteur::model::{Authors, Chapter};

fn long_chapter(method: &Methodology) -> Chapter {
    let mut c = Chapter::new(method, "Kazakhstan", 2024);
    c.authors = Authors::Anonymous;
    let codes: Vec<String> = c.categories.iter().map(|e| e.code.clone()).collect();
    let mut label = 0;
    for (k, code) in codes.iter().enumerate() {
        for i in 0..150 {
            label += 1;
            let text = format!(
                "In district {i} of region {k}, councillors said the budget office ignored their requests \
                 for the third year running, and «Қазақстан» officials declined to comment.[^{label}] \
                 Observers from საქართველო noted similar patterns <elsewhere> & beyond."
            );
            let block = c.new_block(text);
            if let Some(entry) = c.category_mut(code) {
                entry.rating = Some(Rating::from_hundredths(125));
                entry.last_year = Some(Rating::from_hundredths(150));
                entry.bullets.push(block);
            }
        }
    }
    for l in 1..=label {
        c.add_footnote(
            l.to_string(),
            format!("\"Report number {l} on local budgets,\" Regional Monitor, 12 May 2023."),
            Some(format!("https://example.org/reports/{l}?lang=en&page=2")),
        );
    }
    c
}

fn bench(c: &mut Criterion) {
    let method = Methodology::nit_2020();
    let chapter = long_chapter(&method);
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
