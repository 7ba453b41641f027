//! Renumbering, property by property: every marker keeps pointing at the same citation,
//! renumbering twice is renumbering once, and a renumbered chapter is in order.

use proptest::prelude::*;
use rapporteur::findings::{Code, check};
use rapporteur::footnotes::renumber;
use rapporteur::model::markers;
use rapporteur::{Chapter, Id, Methodology, TextBlock};

const LABELS: &[&str] = &["1", "2", "3", "4", "5", "7", "12", "01", "a", "note-b"];

/// A piece of text: words, a marker, or something marker-like and malformed.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(LABELS).prop_map(|l| format!("[^{l}]")),
        2 => "[a-z ]{0,6}",
        1 => Just("[^ 3".to_owned()),
        1 => Just("[^]".to_owned()),
        1 => Just("[^1 2]".to_owned()),
        1 => Just("Қазақ ə".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..6).prop_map(|t| t.concat())
}

/// The built-in methodology `id`.
fn method(id: &str) -> Methodology {
    Methodology::builtin(id).unwrap_or_else(|| panic!("{id} is built in"))
}

fn chapter() -> impl Strategy<Value = Chapter> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(prop::collection::vec(text(), 0..3), 7),
        prop::collection::vec(prop::sample::select(LABELS), 0..10),
        prop::sample::select(&["nit-2020", "fiw"][..]),
    )
        .prop_map(|(changes, summary, glance, bullets, notes, id)| {
            // Freedom in the World reads its text sections before the score changes, unlike the
            // order the chapter stores them in.
            let m = method(id);
            let mut c = Chapter::new(&m, "Kazakhstan", 2024);
            let blocks = |c: &mut Chapter, texts: Vec<String>| -> Vec<TextBlock> {
                texts.into_iter().map(|t| c.new_block(t)).collect()
            };
            c.score_changes = blocks(&mut c, changes);
            c.texts[0].paragraphs = blocks(&mut c, summary);
            c.texts[1].paragraphs = blocks(&mut c, glance);
            for (i, texts) in bullets.into_iter().enumerate() {
                let b = blocks(&mut c, texts);
                c.categories[i].bullets = b;
            }
            for (i, label) in notes.into_iter().enumerate() {
                c.add_footnote(label.to_owned(), format!("citation {i}"), None);
            }
            c
        })
}

/// What each marker of the chapter points at, in reading order: the citation (footnote id) of
/// a well-formed marker — the first footnote with its label, or none — or the text of a
/// malformed one.
fn targets(c: &Chapter) -> Vec<Result<Option<Id>, String>> {
    c.blocks_in_order(&method(&c.methodology))
        .into_iter()
        .flat_map(|(_, b)| markers::scan(&b.text).into_iter().map(|m| (m, b.text.as_str())).collect::<Vec<_>>())
        .map(|(m, text)| match m.problem {
            Some(_) => Err(text[m.range].to_owned()),
            None => Ok(c.footnotes.iter().find(|f| f.label == m.label).map(|f| f.id)),
        })
        .collect()
}

proptest! {
    #[test]
    fn every_marker_keeps_its_citation(c in chapter()) {
        let r = renumber(&c, &method(&c.methodology));
        prop_assert_eq!(targets(&r), targets(&c));
        // The same footnotes with the same citations, only relabelled and reordered.
        let mut before: Vec<_> = c.footnotes.iter().map(|f| (f.id, f.text.clone())).collect();
        let mut after: Vec<_> = r.footnotes.iter().map(|f| (f.id, f.text.clone())).collect();
        before.sort();
        after.sort();
        prop_assert_eq!(after, before);
    }

    #[test]
    fn renumbering_is_idempotent(c in chapter()) {
        let m = method(&c.methodology);
        let once = renumber(&c, &m);
        prop_assert_eq!(renumber(&once, &m), once);
    }

    #[test]
    fn renumbered_chapter_is_in_order(c in chapter()) {
        let m = method(&c.methodology);
        let r = renumber(&c, &m);
        let bad: Vec<_> = check(&r, &m)
            .into_iter()
            .filter(|f| f.code == Code::FootnoteOrder || f.code == Code::FootnoteNumberingGap)
            .collect();
        prop_assert!(bad.is_empty(), "{:?}", bad);
        // Numbered labels are unique after renumbering.
        let numbered: Vec<_> = r.footnotes.iter().filter(|f| f.label.bytes().all(|b| b.is_ascii_digit())).map(|f| f.label.clone()).collect();
        let unique: std::collections::HashSet<_> = numbered.iter().collect();
        prop_assert_eq!(unique.len(), numbered.len());
    }
}
