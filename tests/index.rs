//! The methodology engine on the shipped indices: each file loads and passes its checks, and
//! reproduces published figures exactly.

use std::collections::BTreeMap;
use std::path::Path;

use rapporteur::index::{self, IndexDef, Ratings, ScoreTree, Value};
use rapporteur::io;
use rapporteur::method::Methodology;
use rapporteur::score::{Direction, ScoreCard};

fn def(id: &str) -> IndexDef {
    let text = index::builtin_text(id).unwrap_or_else(|| panic!("{id} is built in"));
    index::parse(text, Path::new(id)).unwrap_or_else(|e| panic!("{e}"))
}

fn v(text: &str) -> Value {
    Value::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

/// Ratings from (code, value) pairs; "-" is unrated.
fn ratings(pairs: &[(&str, &str)]) -> Ratings {
    pairs.iter().map(|(c, r)| ((*c).to_owned(), (*r != "-").then(|| v(r)))).collect()
}

fn shown(tree: &ScoreTree, id: &str) -> String {
    tree.figure(id).and_then(|f| f.shown).map(|s| s.to_string()).unwrap_or_else(|| "none".to_owned())
}

fn class(tree: &ScoreTree, id: &str) -> String {
    tree.classification(id).and_then(|c| c.class.clone()).unwrap_or_else(|| "none".to_owned())
}

#[test]
fn every_shipped_methodology_loads_and_passes_its_checks() {
    assert_eq!(index::builtin_ids(), ["nit-2020", "nit-pre-2020", "fiw", "bti"]);
    for id in index::builtin_ids() {
        let text = index::builtin_text(id).unwrap_or_default();
        assert_eq!(index::check_text(text), [], "{id}");
        let from_disk = index::load(&Path::new("assets/methodologies").join(format!("{id}.ron")));
        assert_eq!(from_disk.map(|d| d.id), Ok(id.to_owned()));
        assert_eq!(index::builtin(id).map(|d| d.id), Some(id.to_owned()));
    }
}

/// The ratings of a chapter's categories, this year's or last year's.
fn chapter_ratings(chapter: &rapporteur::Chapter, last_year: bool) -> Ratings {
    chapter
        .categories
        .iter()
        .map(|c| {
            let r = if last_year { c.last_year } else { c.rating };
            (c.code.clone(), r.map(|r| Value::hundredths(i64::from(r.hundredths()))))
        })
        .collect()
}

#[test]
fn nit_2020_reproduces_the_score_card_of_both_samples() {
    let nit = def("nit-2020");
    let m = Methodology::nit_2020();
    for sample in ["samples/kazakhstan-2024.ron", "samples/kazakhstan-2024-review.ron"] {
        let chapter = io::load(Path::new(sample)).unwrap_or_else(|e| panic!("{e}"));
        let card = ScoreCard::compute(&chapter, &m);
        for (last, figures) in [(false, &card.this_year), (true, &card.last_year)] {
            let tree = ScoreTree::compute(&nit, chapter.edition, &chapter_ratings(&chapter, last));
            let f = figures.as_ref().unwrap_or_else(|| panic!("{sample} is rated"));
            assert_eq!(shown(&tree, "DS"), f.score_rounded.to_string(), "{sample}");
            assert_eq!(Some(shown(&tree, "DP")), f.percentage.map(|p| p.to_string()), "{sample}");
            let headline = tree.figure("DP").and_then(|p| p.headline).map(|h| h.value);
            assert_eq!(headline, f.percentage_headline.map(|h| h.value), "{sample}");
            assert_eq!(class(&tree, "regime"), f.classification, "{sample}");
        }
        // The published Kazakhstan 2024 figures, read from the sample file.
        let tree = ScoreTree::compute(&nit, 2024, &chapter_ratings(&chapter, false));
        assert_eq!(
            (shown(&tree, "DS"), shown(&tree, "DP"), class(&tree, "regime")),
            ("1.29".into(), "4.76".into(), "Consolidated Authoritarian Regime".into())
        );
        assert_eq!(tree.figure("DS").and_then(|f| f.shown_with_suffix()), Some("1.29 / 7".into()));
        let last = ScoreTree::compute(&nit, 2023, &chapter_ratings(&chapter, true));
        let changes = tree.changes(&last, &nit);
        let ds = changes.iter().find(|c| c.code == "DS").unwrap_or_else(|| panic!("DS moved"));
        assert_eq!((ds.direction, ds.from.as_str(), ds.to.as_str()), (Direction::Declined, "1.32", "1.29"));
        assert_eq!(
            ds.sentence(&nit, "Kazakhstan", ""),
            Some("As a result, Kazakhstan's Democracy Score declined from 1.32 to 1.29.".into())
        );
        let ldg = changes.iter().find(|c| c.code == "LDG").unwrap_or_else(|| panic!("LDG moved"));
        assert!(ldg.must_explain);
        assert_eq!(
            ldg.sentence(&nit, "Kazakhstan", "hollow local elections"),
            Some("Local Democratic Governance rating declined from 1.75 to 1.50 due to hollow local elections.".into())
        );
        let unchanged: Vec<_> = changes.iter().filter(|c| c.direction == Direction::Same).map(|c| c.code.as_str()).collect();
        assert_eq!(unchanged, ["NDG", "EP", "CS", "IM", "JFI", "CO", "regime"]);
    }
}

#[test]
fn nit_2020_leaves_an_unrated_category_out_of_the_mean() {
    let nit = def("nit-2020");
    let r = ratings(&[("NDG", "3"), ("EP", "3.25"), ("CS", "3.5"), ("IM", "3"), ("LDG", "-"), ("JFI", "2.75"), ("CO", "2.5")]);
    let tree = ScoreTree::compute(&nit, 2004, &r);
    let ds = tree.figure("DS").unwrap_or_else(|| panic!("DS"));
    assert_eq!((shown(&tree, "DS"), ds.available, ds.missing.clone()), ("3.00".into(), 6, vec!["LDG".to_owned()]));
    assert_eq!(shown(&tree, "DP"), "33.33");
    assert_eq!(class(&tree, "regime"), "Semi-Consolidated Authoritarian Regime");
    let empty = ScoreTree::compute(&nit, 2024, &BTreeMap::new());
    assert_eq!((shown(&empty, "DS"), class(&empty, "regime")), ("none".into(), "none".into()));
}
