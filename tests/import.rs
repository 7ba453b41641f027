//! Import of published chapters from their web text: the seed chapter and fixtures written in
//! the same layout, one per variant published pages show.

use std::path::PathBuf;

use rapporteur::import::{Imported, import_text};
use rapporteur::method::Methodology;
use rapporteur::model::markers;
use rapporteur::score::ScoreCard;
use rapporteur::{Authors, Rating};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed_text() -> String {
    let path = manifest().join("../shared/seeds/000_734fa707b3a8d6e7.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(text: &str) -> Imported {
    import_text(text, &Methodology::nit_2020()).unwrap_or_else(|e| panic!("not imported: {e}"))
}

fn ratings(imported: &Imported) -> Vec<String> {
    imported.chapter.categories.iter().map(|c| c.rating.map_or_else(|| "-".to_owned(), |r| r.to_string())).collect()
}

fn last_ratings(imported: &Imported) -> Vec<String> {
    imported.chapter.categories.iter().map(|c| c.last_year.map_or_else(|| "-".to_owned(), |r| r.to_string())).collect()
}

/// Every marker label in the chapter, in reading order.
fn marker_labels(imported: &Imported) -> Vec<String> {
    imported
        .chapter
        .text_blocks()
        .flat_map(|(_, b)| markers::markers(&b.text).map(|m| m.label.to_owned()).collect::<Vec<_>>())
        .collect()
}

#[test]
fn seed_chapter() {
    let m = Methodology::nit_2020();
    let imported = import(&seed_text());
    for w in &imported.warnings {
        eprintln!("{w}");
    }
    let c = &imported.chapter;
    assert_eq!(c.title, "Nations in Transit 2024 - Kazakhstan");
    assert_eq!((c.country.as_str(), c.edition), ("Kazakhstan", 2024));
    assert_eq!(ratings(&imported), ["1.25", "1.25", "1.25", "1.25", "1.50", "1.25", "1.25"]);
    assert_eq!(last_ratings(&imported), ["1.25", "1.25", "1.25", "1.25", "1.75", "1.25", "1.25"]);
    let card = ScoreCard::compute(c, &m);
    let now = card.this_year.as_ref().unwrap();
    let last = card.last_year.as_ref().unwrap();
    assert_eq!(now.score_rounded.to_string(), "1.29");
    assert_eq!(now.percentage.unwrap().to_string(), "4.76");
    assert_eq!(last.score_rounded.to_string(), "1.32");
    assert_eq!(last.percentage_headline.unwrap().to_string(), "5");
    assert_eq!(imported.printed.last_headline.unwrap().to_string(), "5");
    assert_eq!(imported.printed.last_score, Some(Rating::from_hundredths(132)));
    assert_eq!(c.authors, Authors::Anonymous);
    let labels = marker_labels(&imported);
    let expected: Vec<String> = (1..=82).map(|n| n.to_string()).collect();
    assert_eq!(labels, expected);
    assert!(c.footnotes.is_empty());
    assert_eq!(c.score_changes.len(), 2);
    assert_eq!(c.executive_summary.len(), 11);
    assert_eq!(c.at_a_glance.len(), 1);
    let bullets: Vec<usize> = c.categories.iter().map(|e| e.bullets.len()).collect();
    assert_eq!(bullets, [7, 3, 5, 5, 4, 4, 8]);
    // The one warning: the footnote list was lost in the copy.
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["line 102: the footnote list is empty (lost in the copy?); 82 footnote markers have no footnote text"]
    );
}

#[test]
fn seed_markers_keep_text_numbers() {
    let imported = import(&seed_text());
    let all: String = imported.chapter.text_blocks().flat_map(|(_, b)| [b.text.as_str(), "\n"]).collect();
    for expected in [
        "family and personal networks.[^1]\n",
        "their key associates.[^2] The returned assets",
        "political unrest in 2022.[^11] Authorities",
        "1.5 trillion tenge ($3.3 billion).[^20]\n",
        "between 6 and 7 percent to double the GDP to $450 billion by 2029.[^15] Tokayev",
        "approved for 2024-2027, with",
        "46 people died",
        "ArcelorMittal mines.[^36][^37] Facing",
        "years in prison.[^45] In 2022, Kanatov",
        "misuse of the funds.[^72][^73]\n",
        "declined from 1.75 to 1.50\u{a0}due to",
    ] {
        assert!(all.contains(expected), "missing: {expected:?}");
    }
    assert_eq!(all.matches('\u{a0}').count(), 1, "only the score change keeps its non-breaking space");
}
