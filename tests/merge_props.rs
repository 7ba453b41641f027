//! Merging, property by property, on generated chapters and generated edits of them: merging
//! with an unchanged side gives the other side exactly (ids, text and all), merging is
//! deterministic, a merge always gives a chapter that loads and needs no id repair, and every
//! marker of a merged chapter cites the footnote its writer meant.
//!
//! To know what a marker meant, the generated texts carry a *witness* before each run of
//! adjacent markers: `wb3wx9[^4][^1]` says that `[^4]` cites the footnote tagged `b3` and `[^1]`
//! the one tagged `x9` (a footnote's tag is its address, unique across base, ours and theirs,
//! and never edited). Edits relabel, renumber, swap labels, add and delete footnotes and
//! markers, and keep every witness true on their side; the merge must keep them true too.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use proptest::prelude::*;
use rapporteur::io;
use rapporteur::merge::merge;
use rapporteur::model::markers;
use rapporteur::{Chapter, Footnote, Methodology, Rating, TextBlock};

const WORDS: &[&str] = &["councils", "met", "rarely", "budget", "mayors", "the", "Қазақ", "and"];

/// A piece of generated text: a word, or a run of adjacent markers citing footnotes by their
/// place in the footnote list when the text is written.
#[derive(Clone, Debug)]
enum Piece {
    Word(&'static str),
    Cite(Vec<usize>),
}

fn pieces() -> impl Strategy<Value = Vec<Piece>> {
    let piece = prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(Piece::Word),
        1 => prop::collection::vec(0..6_usize, 1..3).prop_map(Piece::Cite),
    ];
    prop::collection::vec(piece, 1..8)
}

/// A footnote's tag: its address.
fn tag(f: &Footnote) -> &str {
    f.url.as_deref().unwrap_or("")
}

/// One run of markers with its witness: `(tag, label)` for each marker.
fn run_text(run: &[(String, String)]) -> String {
    let mut text: String = run.iter().flat_map(|(t, _)| ["w", t.as_str()]).collect();
    for (_, l) in run {
        text.push_str(&markers::marker(l));
    }
    text
}

/// `pieces` as text in `c`: words, and runs of markers citing `c`'s footnotes with their
/// witnesses (left out while `c` has no footnotes).
fn write(c: &Chapter, pieces: &[Piece]) -> String {
    let mut words = Vec::new();
    for p in pieces {
        match p {
            Piece::Word(w) => words.push((*w).to_owned()),
            Piece::Cite(at) if !c.footnotes.is_empty() => {
                let run: Vec<(String, String)> = at
                    .iter()
                    .map(|i| &c.footnotes[i % c.footnotes.len()])
                    .map(|f| (tag(f).to_owned(), f.label.clone()))
                    .collect();
                words.push(run_text(&run));
            }
            Piece::Cite(_) => {}
        }
    }
    words.join(" ")
}

/// A run of adjacent markers in a text: where it starts (its witness included) and ends, the
/// tags its witness names and the labels of its markers.
struct Run {
    start: usize,
    end: usize,
    tags: Vec<String>,
    labels: Vec<String>,
}

fn runs(text: &str) -> Vec<Run> {
    let found: Vec<_> = markers::markers(text).collect();
    let mut out = Vec::new();
    let (mut i, mut prev_end) = (0, 0);
    while i < found.len() {
        let mut j = i + 1;
        while j < found.len() && found[j].range.start == found[j - 1].range.end {
            j += 1;
        }
        let start = found[i].range.start;
        let witness = text[prev_end..start].rsplit(char::is_whitespace).next().unwrap_or("");
        out.push(Run {
            start: start - witness.len(),
            end: found[j - 1].range.end,
            tags: witness.split('w').skip(1).map(str::to_owned).collect(),
            labels: found[i..j].iter().map(|m| m.label.to_owned()).collect(),
        });
        prev_end = found[j - 1].range.end;
        i = j;
    }
    out
}

/// `text` with each run that `change` gives a new list of `(tag, label)` for rewritten (an
/// empty list removes it, witness and all).
fn rewrite(text: &str, mut change: impl FnMut(usize, &Run) -> Option<Vec<(String, String)>>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (n, run) in runs(text).iter().enumerate() {
        if let Some(new) = change(n, run) {
            out.push_str(&text[at..run.start]);
            out.push_str(&run_text(&new));
            at = run.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

fn blocks_mut(c: &mut Chapter) -> impl Iterator<Item = &mut TextBlock> {
    c.texts
        .iter_mut()
        .flat_map(|t| t.paragraphs.iter_mut())
        .chain(c.categories.iter_mut().flat_map(|e| e.bullets.iter_mut()))
}

/// Whether every marker of `c` cites the footnote its witness names (by the first footnote of
/// its label, as checks and export read it), and no two footnotes share a label.
fn witnessed(c: &Chapter) -> Result<(), String> {
    let mut by_label: HashMap<&str, &str> = HashMap::new();
    for f in &c.footnotes {
        if by_label.insert(f.label.as_str(), tag(f)).is_some() {
            return Err(format!("two footnotes labelled {}", f.label));
        }
    }
    for (_, b) in c.text_blocks() {
        for run in runs(&b.text) {
            let cited: Vec<Option<&str>> = run.labels.iter().map(|l| by_label.get(l.as_str()).copied()).collect();
            let meant: Vec<Option<&str>> = run.tags.iter().map(|t| Some(t.as_str())).collect();
            if cited != meant {
                return Err(format!("{:?}: {:?} cite {cited:?}, meant {meant:?}", b.text, run.labels));
            }
        }
    }
    Ok(())
}

fn chapter() -> impl Strategy<Value = Chapter> {
    (
        0..5_usize,
        prop::collection::vec(pieces(), 0..3),
        prop::collection::vec(prop::collection::vec(pieces(), 0..4), 7),
        prop::collection::vec(100_u32..=700, 7),
    )
        .prop_map(|(notes, summary, bullets, ratings)| {
            let m = Methodology::nit_2020();
            let mut c = Chapter::new(&m, "Kazakhstan", 2024);
            for i in 1..=notes {
                let id = c.add_footnote(i.to_string(), format!("Source {i}."), None);
                if let Some(f) = c.footnote_mut(id) {
                    f.url = Some(format!("b{}", id.0));
                }
            }
            for p in summary {
                let b = c.new_block(write(&c, &p));
                c.text_mut("executive_summary").push(b);
            }
            for (i, (texts, r)) in bullets.into_iter().zip(ratings).enumerate() {
                c.categories[i].rating = Some(Rating::from_hundredths(r / 25 * 25));
                for p in texts {
                    let b = c.new_block(write(&c, &p));
                    c.categories[i].bullets.push(b);
                }
            }
            c
        })
}

/// One edit an author might make.
#[derive(Clone, Debug)]
enum Edit {
    Text(usize, usize, Vec<Piece>),
    Delete(usize, usize),
    Add(usize, usize, Vec<Piece>),
    Move(usize, usize, usize, usize),
    Rating(usize, u32),
    Footnote(usize, &'static str),
    NewFootnote(&'static str),
    /// A run of adjacent markers added at the end of a bullet.
    Cite(usize, usize, Vec<usize>),
    /// A bullet's `n`th run of markers taken out.
    Uncite(usize, usize, usize),
    /// A footnote deleted, and every marker citing it.
    DeleteFootnote(usize),
    Renumber,
    /// A footnote given another label (when free), its markers following.
    Relabel(usize, u32),
    /// Two footnotes' labels swapped, their markers following.
    Swap(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (0..7_usize, 0..4_usize, pieces()).prop_map(|(cat, at, p)| Edit::Text(cat, at, p)),
        1 => (0..7_usize, 0..4_usize).prop_map(|(cat, at)| Edit::Delete(cat, at)),
        2 => (0..7_usize, 0..5_usize, pieces()).prop_map(|(cat, at, p)| Edit::Add(cat, at, p)),
        1 => (0..7_usize, 0..4_usize, 0..7_usize, 0..4_usize)
            .prop_map(|(from, at, to, place)| Edit::Move(from, at, to, place)),
        1 => (0..7_usize, 4_u32..=28).prop_map(|(cat, quarters)| Edit::Rating(cat, quarters * 25)),
        1 => (0..5_usize, prop::sample::select(WORDS)).prop_map(|(at, w)| Edit::Footnote(at, w)),
        2 => prop::sample::select(WORDS).prop_map(Edit::NewFootnote),
        2 => (0..7_usize, 0..4_usize, prop::collection::vec(0..6_usize, 1..3))
            .prop_map(|(cat, at, notes)| Edit::Cite(cat, at, notes)),
        1 => (0..7_usize, 0..4_usize, 0..3_usize).prop_map(|(cat, at, n)| Edit::Uncite(cat, at, n)),
        1 => (0..6_usize).prop_map(Edit::DeleteFootnote),
        1 => Just(Edit::Renumber),
        1 => (0..6_usize, 1_u32..12).prop_map(|(at, n)| Edit::Relabel(at, n)),
        1 => (0..6_usize, 0..6_usize).prop_map(|(a, b)| Edit::Swap(a, b)),
    ]
}

/// Rewrites every marker's label by `map` (all at once, so swaps work).
fn relabel_all(c: &mut Chapter, map: &HashMap<String, String>) {
    for b in blocks_mut(c) {
        b.text = markers::relabel(&b.text, |l| map.get(l).cloned());
    }
    for f in &mut c.footnotes {
        if let Some(l) = map.get(&f.label) {
            f.label.clone_from(l);
        }
    }
}

/// `base` with `edits` made on `side` (`x` or `y`: the prefix of the tags of its new footnotes).
fn apply(base: &Chapter, edits: &[Edit], side: char) -> Chapter {
    let mut c = base.clone();
    for edit in edits {
        let notes = c.footnotes.len();
        match edit {
            Edit::Text(cat, at, p) => {
                let text = write(&c, p);
                if let Some(bullet) = c.categories[*cat].bullets.get_mut(*at) {
                    bullet.text = text;
                }
            }
            Edit::Delete(cat, at) => {
                if *at < c.categories[*cat].bullets.len() {
                    c.categories[*cat].bullets.remove(*at);
                }
            }
            Edit::Add(cat, at, p) => {
                let bullet = c.new_block(write(&c, p));
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
            Edit::Footnote(at, word) => {
                if let Some(note) = c.footnotes.get_mut(*at) {
                    note.text = format!("{} {word}", note.text);
                }
            }
            Edit::NewFootnote(word) => {
                let label = c.next_footnote_label();
                let id = c.add_footnote(label, format!("New source on {word}."), None);
                if let Some(f) = c.footnote_mut(id) {
                    f.url = Some(format!("{side}{}", id.0));
                }
            }
            Edit::Cite(cat, at, which) => {
                let run = write(&c, &[Piece::Cite(which.clone())]);
                if let Some(bullet) = c.categories[*cat].bullets.get_mut(*at)
                    && !run.is_empty()
                {
                    bullet.text = format!("{} {run}", bullet.text);
                }
            }
            Edit::Uncite(cat, at, n) => {
                if let Some(bullet) = c.categories[*cat].bullets.get_mut(*at) {
                    bullet.text = rewrite(&bullet.text, |k, _| (k == *n).then(Vec::new));
                }
            }
            Edit::DeleteFootnote(at) if *at < notes => {
                let gone = c.footnotes.remove(*at).label;
                for b in blocks_mut(&mut c) {
                    b.text = rewrite(&b.text, |_, run| {
                        Some(
                            run.tags
                                .iter()
                                .cloned()
                                .zip(run.labels.iter().cloned())
                                .filter(|(_, l)| *l != gone)
                                .collect(),
                        )
                    });
                }
            }
            Edit::Renumber => c = rapporteur::footnotes::renumber(&c, &rapporteur::Methodology::nit_2020()),
            Edit::Relabel(at, n) if *at < notes && c.footnotes.iter().all(|f| f.label != n.to_string()) => {
                let map = HashMap::from([(c.footnotes[*at].label.clone(), n.to_string())]);
                relabel_all(&mut c, &map);
            }
            Edit::Swap(a, b) if *a < notes && *b < notes && a != b => {
                let (la, lb) = (c.footnotes[*a].label.clone(), c.footnotes[*b].label.clone());
                relabel_all(&mut c, &HashMap::from([(la.clone(), lb.clone()), (lb, la)]));
            }
            Edit::DeleteFootnote(_) | Edit::Relabel(..) | Edit::Swap(..) => {}
        }
    }
    c
}

fn edited() -> impl Strategy<Value = (Chapter, Chapter, Chapter)> {
    chapter().prop_flat_map(|base| {
        let x = prop::collection::vec(edit(), 0..7);
        let y = prop::collection::vec(edit(), 0..7);
        (Just(base), x, y).prop_map(|(base, x, y)| {
            let (ours, theirs) = (apply(&base, &x, 'x'), apply(&base, &y, 'y'));
            (base, ours, theirs)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

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
        // Every id, the conflicts' included, is unique and below the counter.
        let ids: Vec<u32> = a.chapter.ids().map(|i| i.0).collect();
        let unique: HashSet<u32> = ids.iter().copied().collect();
        prop_assert_eq!(ids.len(), unique.len());
        prop_assert!(ids.iter().all(|i| *i < a.chapter.next_id));
    }

    #[test]
    fn every_marker_cites_the_footnote_its_writer_meant((base, x, y) in edited()) {
        // The edits keep their own witnesses true.
        prop_assert_eq!(witnessed(&base), Ok(()));
        prop_assert_eq!(witnessed(&x), Ok(()));
        prop_assert_eq!(witnessed(&y), Ok(()));
        let m = Methodology::nit_2020();
        let merged = merge(&base, &x, &y, &m);
        prop_assert_eq!(witnessed(&merged.chapter), Ok(()), "{:#?}", merged.chapter.conflicts);
    }
}
