//! Import speed: a chapter of 1 MB (far beyond any real one, which is about 35 KB) must import
//! in well under 50 ms, and decoding it from UTF-16 or Windows-1252 must add little to that.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rapporteur::import::{import_bytes, import_text};
use rapporteur::method::Methodology;

/// A chapter in the published layout, grown to about 1 MB by repeating footnoted bullets.
fn big_chapter() -> String {
    let mut text = String::from(
        "Nations in Transit 2025 - Arvenia\n\nTransitional or Hybrid Regime\n38\n/\u{a0}100\n\
         Democracy Percentage 37.50\u{a0}/\u{a0}100\nDemocracy Score 3.25\u{a0}/\u{a0}7\n\
         Last Year's Democracy Percentage & Status\n38\u{a0}/\u{a0}100\u{a0}Transitional or Hybrid Regime\n\n\
         Authors\n\n  • Anonymous\n\nScore changes in 2025\n\n  • No score changes.\n\nExecutive Summary\n\n\
         A year of debates in 2024.1\n\n",
    );
    let names = [
        "National Democratic Governance",
        "Electoral Process",
        "Civil Society",
        "Independent Media",
        "Local Democratic Governance",
        "Judicial Framework and Independence",
        "Corruption",
    ];
    let mut marker = 2;
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(text, "{name}\u{a0}1.00-7.00 pts\nWhat the category looks at. 3.25\u{a0}/ 7.00");
        // Each section fills its seventh of the megabyte.
        while text.len() < 1_000_000 * (i + 1) / 7 {
            let _ = writeln!(
                text,
                "  • In 2024 the council of 46 members spent 1.5 trillion dram ($3.3 billion) under Article 41, \
                 between 6 and 7 percent of the 2024-2027 plan, as the ministry reported in 2023.{marker}\u{a0}\
                 Critics said the figures were late.{}",
                marker + 1
            );
            marker += 2;
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = big_chapter();
    let method = Methodology::nit_2020();
    assert!(text.len() >= 1_000_000);
    // The big chapter reads cleanly apart from its missing footnote list.
    let imported = import_text(&text, &method).unwrap_or_else(|e| panic!("{e}"));
    let messages: Vec<_> = imported.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("no footnote list"), "{messages:?}");
    c.bench_function("import 1 MB chapter", |b| b.iter(|| import_text(black_box(&text), &method)));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (windows_1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    for (name, bytes) in [("UTF-16LE", utf16.as_slice()), ("Windows-1252", &windows_1252)] {
        let decoded = import_bytes(bytes, &method).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.chapter, imported.chapter, "{name}");
        c.bench_function(&format!("import 1 MB chapter, {name}"), |b| {
            b.iter(|| import_bytes(black_box(bytes), &method));
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
