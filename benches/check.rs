//! How long `check` takes on a large chapter: 1,000 bullets citing 2,000 footnotes.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::findings::check;
use rapporteur::footnotes::renumber;
use rapporteur::model::Authors;
use rapporteur::{Chapter, Methodology, Rating};

/// A chapter with 1,000 bullets spread over the seven categories, each citing two footnotes
/// (2,000 in all, numbered in order), a summary, and the seed's ratings.
#[allow(clippy::many_single_char_names)] // c, m, p, b, n: the chapter, its method, a paragraph, a bullet, a footnote number.
fn large_chapter() -> (Chapter, Methodology) {
    let m = Methodology::nit_2020();
    let mut c = Chapter::new(&m, "Kazakhstan", 2024);
    c.authors = Authors::Anonymous;
    for e in &mut c.categories {
        let (now, last) = if e.code == "LDG" { (150, 175) } else { (125, 125) };
        e.rating = Some(Rating::from_hundredths(now));
        e.last_year = Some(Rating::from_hundredths(last));
    }
    let items = [
        "Local Democratic Governance rating declined from 1.75 to 1.50 due to weaker councils.",
        "As a result, Kazakhstan’s Democracy Score declined from 1.32 to 1.29.",
    ];
    c.score_changes = items.iter().map(|t| c.new_block(*t)).collect();
    let p = c.new_block("A year of cautious change, summed up in a paragraph.");
    c.executive_summary = vec![p];
    let p = c.new_block("The presidency kept its hold on power.");
    c.at_a_glance = vec![p];
    let mut n = 0;
    for i in 0..1000 {
        let text = format!(
            "Bullet {i} describes what happened, with a source for each claim.[^{}] \
             A further sentence adds a detail from another report.[^{}]",
            n + 1,
            n + 2
        );
        n += 2;
        let b = c.new_block(text);
        c.categories[i % 7].bullets.push(b);
    }
    // Bullets were dealt round the categories; put the labels back in reading order.
    let c = renumber(&c);
    let mut c = c;
    for label in 1..=n {
        c.add_footnote(
            label.to_string(),
            format!("Author {label}, “A report on the matter,” Publisher, 2023."),
            Some(format!("https://example.org/reports/{label}")),
        );
    }
    (c, m)
}

fn bench_check(crit: &mut Criterion) {
    let (chapter, method) = large_chapter();
    assert_eq!(check(&chapter, &method), [], "the bench chapter is clean");
    crit.bench_function("check 1000 bullets, 2000 footnotes", |b| {
        b.iter(|| check(black_box(&chapter), black_box(&method)));
    });
    crit.bench_function("renumber 1000 bullets, 2000 footnotes", |b| {
        b.iter(|| renumber(black_box(&chapter)));
    });
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
