//! The plain-text export is the published web layout, and the importer reads it back to the
//! same chapter: `import(export_txt(x)) == x` for every sample.

use std::path::Path;

use rapporteur::export::{Format, export};
use rapporteur::import::import_bytes;
use rapporteur::method::Methodology;
use rapporteur::model::{Chapter, Id};

/// The chapter with ids handed out afresh in reading order (text blocks, then footnotes), as
/// the importer does: ids are the editor's, not the published text's.
fn with_reading_order_ids(mut c: Chapter) -> Chapter {
    let mut next = 1;
    let mut fresh = || {
        let id = Id(next);
        next += 1;
        id
    };
    for b in &mut c.score_changes {
        b.id = fresh();
    }
    for b in &mut c.executive_summary {
        b.id = fresh();
    }
    for b in &mut c.at_a_glance {
        b.id = fresh();
    }
    for e in &mut c.categories {
        for b in &mut e.bullets {
            b.id = fresh();
        }
    }
    for f in &mut c.footnotes {
        f.id = fresh();
    }
    c.next_id = next;
    c
}

#[test]
fn every_sample_survives_export_to_text_and_import() {
    let m = Methodology::nit_2020();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for name in ["kazakhstan-2024.ron", "template.ron"] {
        let chapter = rapporteur::io::load(&dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
        let text = export(&chapter, &m, Format::Text).unwrap_or_else(|e| panic!("{e}"));
        let imported = import_bytes(&text, &m).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The empty template is no publishable chapter, and the importer says what it lacks
        // (ratings, authors); a finished chapter reads back without a single warning.
        if name != "template.ron" {
            assert!(imported.warnings.is_empty(), "{name}: {:?}", imported.warnings);
        }
        let expected = with_reading_order_ids(chapter);
        let got = with_reading_order_ids(imported.chapter);
        assert_eq!(got.score_changes, expected.score_changes, "{name}");
        assert_eq!(got.executive_summary, expected.executive_summary, "{name}");
        assert_eq!(got.at_a_glance, expected.at_a_glance, "{name}");
        for (g, e) in got.categories.iter().zip(&expected.categories) {
            assert_eq!(g, e, "{name}: {}", e.code);
        }
        for (g, e) in got.footnotes.iter().zip(&expected.footnotes) {
            assert_eq!(g, e, "{name}");
        }
        assert_eq!(got, expected, "{name}");
    }
}
