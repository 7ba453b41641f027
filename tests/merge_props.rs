//! Merging, property by property, on generated chapters and generated edits of them: merging
//! with an unchanged side gives the other side exactly (ids and all), merging is deterministic,
//! and a merge always gives a chapter that loads and needs no id repair.

use std::path::Path;

use proptest::prelude::*;
use rapporteur::io;
use rapporteur::merge::merge;
use rapporteur::{Chapter, Methodology, Rating};

const WORDS: &[&str] = &["councils", "met", "rarely", "budget", "[^1]", "[^2]", "mayors", "the", "Қазақ", "and"];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..8).prop_map(|w| w.join(" "))
}

fn chapter() -> impl Strategy<Value = Chapter> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(prop::collection::vec(text(), 0..4), 7),
        prop::collection::vec(100_u32..=700, 7),
        prop::collection::vec(text(), 0..4),
    )
        .prop_map(|(summary, bullets, ratings, notes)| {
            let m = Methodology::nit_2020();
            let mut c = Chapter::new(&m, "Kazakhstan", 2024);
            for t in summary {
                let b = c.new_block(t);
                c.executive_summary.push(b);
            }
            for (i, (texts, r)) in bullets.into_iter().zip(ratings).enumerate() {
                c.categories[i].rating = Some(Rating::from_hundredths(r / 25 * 25));
                for t in texts {
                    let b = c.new_block(t);
                    c.categories[i].bullets.push(b);
                }
            }
            for (i, t) in notes.into_iter().enumerate() {
                c.add_footnote((i + 1).to_string(), t, None);
            }
            c
        })
}

/// One edit an author might make.
#[derive(Clone, Debug)]
enum Edit {
    Text(usize, usize, String),
    Delete(usize, usize),
    Add(usize, usize, String),
    Move(usize, usize, usize, usize),
    Rating(usize, u32),
    Footnote(usize, String),
    NewFootnote(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..7_usize, 0..4_usize, text()).prop_map(|(cat, at, words)| Edit::Text(cat, at, words)),
        1 => (0..7_usize, 0..4_usize).prop_map(|(cat, at)| Edit::Delete(cat, at)),
        2 => (0..7_usize, 0..5_usize, text()).prop_map(|(cat, at, words)| Edit::Add(cat, at, words)),
        1 => (0..7_usize, 0..4_usize, 0..7_usize, 0..4_usize)
            .prop_map(|(from, at, to, place)| Edit::Move(from, at, to, place)),
        1 => (0..7_usize, 4_u32..=28).prop_map(|(cat, quarters)| Edit::Rating(cat, quarters * 25)),
        1 => (0..4_usize, text()).prop_map(|(at, words)| Edit::Footnote(at, words)),
        1 => text().prop_map(Edit::NewFootnote),
    ]
}

fn apply(base: &Chapter, edits: &[Edit]) -> Chapter {
    let mut c = base.clone();
    for edit in edits {
        match edit {
            Edit::Text(cat, at, words) => {
                if let Some(bullet) = c.categories[*cat].bullets.get_mut(*at) {
                    bullet.text.clone_from(words);
                }
            }
            Edit::Delete(cat, at) => {
                if *at < c.categories[*cat].bullets.len() {
                    c.categories[*cat].bullets.remove(*at);
                }
            }
            Edit::Add(cat, at, words) => {
                let bullet = c.new_block(words.clone());
                let place = (*at).min(c.categories[*cat].bullets.len());
                c.categories[*cat].bullets.insert(place, bullet);
            }
            Edit::Move(from, at, to, place) => {
                if *at < c.categories[*from].bullets.len() {
                    let bullet = c.categories[*from].bullets.remove(*at);
                    let place = (*place).min(c.categories[*to].bullets.len());
                    c.categories[*to].bullets.insert(place, bullet);
                }
            }
            Edit::Rating(cat, hundredths) => c.categories[*cat].rating = Some(Rating::from_hundredths(*hundredths)),
            Edit::Footnote(at, words) => {
                if let Some(note) = c.footnotes.get_mut(*at) {
                    note.text.clone_from(words);
                }
            }
            Edit::NewFootnote(words) => {
                let label = c.next_footnote_label();
                c.add_footnote(label, words.clone(), None);
            }
        }
    }
    c
}

fn edited() -> impl Strategy<Value = (Chapter, Chapter, Chapter)> {
    chapter().prop_flat_map(|base| {
        let x = prop::collection::vec(edit(), 0..6);
        let y = prop::collection::vec(edit(), 0..6);
        (Just(base), x, y).prop_map(|(base, x, y)| {
            let (ours, theirs) = (apply(&base, &x), apply(&base, &y));
            (base, ours, theirs)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn an_unchanged_side_gives_the_other_side((base, x, y) in edited()) {
        let m = Methodology::nit_2020();
        let ours = merge(&base, &x, &base, &m);
        prop_assert_eq!(&ours.chapter, &x);
        prop_assert_eq!(ours.conflicts, 0);
        let theirs = merge(&base, &base, &y, &m);
        prop_assert_eq!(&theirs.chapter, &y);
        prop_assert_eq!(theirs.conflicts, 0);
    }

    #[test]
    fn merging_is_deterministic_and_always_sound((base, x, y) in edited()) {
        let m = Methodology::nit_2020();
        let a = merge(&base, &x, &y, &m);
        let b = merge(&base, &x, &y, &m);
        prop_assert_eq!(&a, &b);
        let back = io::from_ron(&io::to_ron(&a.chapter), Path::new("merged.ron"));
        prop_assert_eq!(back.as_ref().ok(), Some(&a.chapter));
        let mut repaired = a.chapter.clone();
        prop_assert_eq!(repaired.repair_ids(), 0);
        prop_assert_eq!(&repaired, &a.chapter);
        // Every conflict's id is unique too.
        let mut ids: Vec<u32> = a.chapter.ids().chain(a.chapter.conflicts.iter().map(|c| c.id)).map(|i| i.0).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), n);
        prop_assert!(ids.iter().all(|i| *i < a.chapter.next_id));
    }
}
