//! The live findings against the full check: random sequences of the edits an author or a
//! reviewer makes (typing a character at a time, whole texts, moving and deleting blocks,
//! ratings, footnote labels, addresses and order, comments, proposals, agreement, merge
//! conflicts), and after every step the live findings equal what `check_with` gives for the
//! chapter as it stands, and so do the footnote-usage index and the word counts.

use std::sync::OnceLock;

use proptest::prelude::*;
use rapporteur::find::WordCounts;
use rapporteur::findings::{CheckOptions, Live, check_with};
use rapporteur::model::review::{Anchor, Person, Role, Signed, StateNow};
use rapporteur::model::{Conflict, ConflictPlace, Footnote, TextBlock, markers};
use rapporteur::spelling::{Checker, Dictionary};
use rapporteur::{Chapter, Methodology, Rating};

/// Pieces of text: words, one well-known misspelling, markers good, undefined and malformed.
const PIECES: &[&str] = &[
    "councils",
    " ",
    "met",
    "rarely",
    "goverment",
    "[^1]",
    "[^2]",
    "[^3]",
    "[^7]",
    "[^",
    "]",
    "[^x y]",
    "[^]",
    "Қазақ",
    ".",
    "\n",
    "",
];

/// Footnote labels: numbers in and out of order, a name, a duplicate-prone one, unusable ones.
const LABELS: &[&str] = &["1", "2", "3", "4", "7", "note", "", "a b"];

const URLS: &[Option<&str>] =
    &[None, Some("https://example.org/a"), Some("www.example.org"), Some("https://exa mple.org"), Some("  ")];

/// The lists a block may be in: score changes, executive summary, at-a-glance, then the
/// seven categories' bullets.
const LISTS: usize = 10;

#[derive(Clone, Debug)]
enum Edit {
    /// Types a piece at a position of a block, as a person types.
    Type {
        block: usize,
        at: usize,
        piece: &'static str,
    },
    /// Deletes one character of a block (Backspace).
    Backspace {
        block: usize,
        at: usize,
    },
    /// Replaces a block's whole text.
    Replace {
        block: usize,
        text: String,
    },
    AddBlock {
        list: usize,
        text: String,
    },
    DeleteBlock(usize),
    MoveBlock {
        block: usize,
        list: usize,
        to: usize,
    },
    Rate {
        category: usize,
        hundredths: Option<u32>,
    },
    LastYear {
        category: usize,
        hundredths: Option<u32>,
    },
    Label {
        note: usize,
        label: &'static str,
    },
    NoteText {
        note: usize,
        text: String,
    },
    /// Types a piece at the end of a footnote's citation.
    TypeInNote {
        note: usize,
        piece: &'static str,
    },
    Url {
        note: usize,
        url: Option<&'static str>,
    },
    AddNote {
        label: &'static str,
    },
    DeleteNote(usize),
    SwapNotes(usize, usize),
    Comment {
        block: usize,
        quote: &'static str,
    },
    CommentOnNote(usize),
    Resolve(usize),
    Agree(usize),
    NeedsWork(usize),
    Propose {
        category: usize,
        hundredths: u32,
    },
    Decide {
        proposal: usize,
        accept: bool,
    },
    Country(&'static str),
    Conflict(usize),
    Settle,
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|p| p.join(" "))
}

fn rating() -> impl Strategy<Value = Option<u32>> {
    // On the scale, off the step, out of range, none.
    prop_oneof![4 => (4_u32..=28).prop_map(|q| Some(q * 25)), 1 => Just(Some(130)), 1 => Just(Some(750)), 1 => Just(None)]
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 0_usize..64;
    prop_oneof![
        8 => (n.clone(), n.clone(), prop::sample::select(PIECES)).prop_map(|(block, at, piece)| Edit::Type { block, at, piece }),
        3 => (n.clone(), n.clone()).prop_map(|(block, at)| Edit::Backspace { block, at }),
        2 => (n.clone(), text()).prop_map(|(block, text)| Edit::Replace { block, text }),
        2 => (0..LISTS, text()).prop_map(|(list, text)| Edit::AddBlock { list, text }),
        1 => n.clone().prop_map(Edit::DeleteBlock),
        2 => (n.clone(), 0..LISTS, n.clone()).prop_map(|(block, list, to)| Edit::MoveBlock { block, list, to }),
        2 => (0_usize..7, rating()).prop_map(|(category, hundredths)| Edit::Rate { category, hundredths }),
        1 => (0_usize..7, rating()).prop_map(|(category, hundredths)| Edit::LastYear { category, hundredths }),
        2 => (n.clone(), prop::sample::select(LABELS)).prop_map(|(note, label)| Edit::Label { note, label }),
        1 => (n.clone(), text()).prop_map(|(note, text)| Edit::NoteText { note, text }),
        2 => (n.clone(), prop::sample::select(PIECES)).prop_map(|(note, piece)| Edit::TypeInNote { note, piece }),
        1 => (n.clone(), prop::sample::select(URLS)).prop_map(|(note, url)| Edit::Url { note, url }),
        1 => prop::sample::select(LABELS).prop_map(|label| Edit::AddNote { label }),
        1 => n.clone().prop_map(Edit::DeleteNote),
        1 => (n.clone(), n.clone()).prop_map(|(a, b)| Edit::SwapNotes(a, b)),
        1 => (n.clone(), prop::sample::select(&["met", "councils", "", "nowhere"][..]))
            .prop_map(|(block, quote)| Edit::Comment { block, quote }),
        1 => n.clone().prop_map(Edit::CommentOnNote),
        1 => n.clone().prop_map(Edit::Resolve),
        1 => (0_usize..7).prop_map(Edit::Agree),
        1 => (0_usize..7).prop_map(Edit::NeedsWork),
        1 => (0_usize..7, 4_u32..=28).prop_map(|(category, q)| Edit::Propose { category, hundredths: q * 25 }),
        1 => (n.clone(), any::<bool>()).prop_map(|(proposal, accept)| Edit::Decide { proposal, accept }),
        1 => prop::sample::select(&["Kazakhstan", "Armenia", ""][..]).prop_map(Edit::Country),
        1 => n.prop_map(Edit::Conflict),
        1 => Just(Edit::Settle),
    ]
}

/// A chapter to start from: rated, justified, cited, with score-change items and a review.
fn start() -> Chapter {
    start_under(&Methodology::nit_2020())
}

/// [`start`] under `method`: its two first text sections and seven first items.
fn start_under(method: &Methodology) -> Chapter {
    let mut c = Chapter::new(method, "Kazakhstan", 2024);
    c.title = method.chapter_title("Kazakhstan", 2024);
    c.authors = rapporteur::Authors::Anonymous;
    for (i, entry) in c.categories.iter_mut().enumerate() {
        let rating = Some(Rating::from_hundredths(150 + 25 * (i as u32 % 3)));
        (entry.rating, entry.last_year) = (rating, rating);
    }
    let p = c.new_block("Power stayed at the centre.[^1]");
    c.texts[0].paragraphs = vec![p];
    let p = c.new_block("Councils met rarely.");
    c.texts[1].paragraphs = vec![p];
    for k in 0..7 {
        let bullets: Vec<TextBlock> =
            (0..3).map(|j| c.new_block(format!("Bullet {k}.{j} on the councils.[^{}]", (k + j) % 4 + 1))).collect();
        c.categories[k].bullets = bullets;
    }
    for label in ["1", "2", "3", "4"] {
        let id = c.new_id();
        c.footnotes.push(Footnote {
            id,
            label: label.to_owned(),
            text: format!("Source {label}."),
            url: Some(format!("https://example.org/{label}")),
            accessed: None,
        });
    }
    c
}

/// The block at `i` (modulo how many there are), as (list, index).
fn block_at(c: &Chapter, i: usize) -> Option<(usize, usize)> {
    let all: Vec<(usize, usize)> = (0..LISTS).flat_map(|l| (0..list(c, l).len()).map(move |k| (l, k))).collect();
    (!all.is_empty()).then(|| all[i % all.len()])
}

fn list(c: &Chapter, l: usize) -> &Vec<TextBlock> {
    match l {
        0 => &c.score_changes,
        1 => &c.texts[0].paragraphs,
        2 => &c.texts[1].paragraphs,
        k => &c.categories[k - 3].bullets,
    }
}

fn list_mut(c: &mut Chapter, l: usize) -> &mut Vec<TextBlock> {
    match l {
        0 => &mut c.score_changes,
        1 => &mut c.texts[0].paragraphs,
        2 => &mut c.texts[1].paragraphs,
        k => &mut c.categories[k - 3].bullets,
    }
}

/// A byte position in `text` at a character boundary, from any number.
fn boundary(text: &str, at: usize) -> usize {
    let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    bounds[at % bounds.len()]
}

fn signed(c: &Chapter) -> Signed {
    Signed { by: Person::signing(c, "Ann Lee", Role::Reviewer), at: chrono::DateTime::UNIX_EPOCH }
}

#[allow(clippy::too_many_lines)] // one arm per kind of edit, each a few lines
fn apply(c: &mut Chapter, edit: &Edit) {
    let code = |c: &Chapter, k: usize| c.categories[k % c.categories.len()].code.clone();
    match edit {
        Edit::Type { block, at, piece } => {
            if let Some((l, k)) = block_at(c, *block) {
                let text = &mut list_mut(c, l)[k].text;
                let at = boundary(text, *at);
                text.insert_str(at, piece);
            }
        }
        Edit::Backspace { block, at } => {
            if let Some((l, k)) = block_at(c, *block) {
                let text = &mut list_mut(c, l)[k].text;
                let at = boundary(text, *at);
                if at < text.len() {
                    text.remove(at);
                }
            }
        }
        Edit::Replace { block, text } => {
            if let Some((l, k)) = block_at(c, *block) {
                text.clone_into(&mut list_mut(c, l)[k].text);
            }
        }
        Edit::AddBlock { list, text } => {
            let b = c.new_block(text.clone());
            list_mut(c, *list).push(b);
        }
        Edit::DeleteBlock(i) => {
            if let Some((l, k)) = block_at(c, *i) {
                list_mut(c, l).remove(k);
            }
        }
        Edit::MoveBlock { block, list, to } => {
            if let Some((l, k)) = block_at(c, *block) {
                let b = list_mut(c, l).remove(k);
                let target = list_mut(c, *list);
                let at = to % (target.len() + 1);
                target.insert(at, b);
            }
        }
        Edit::Rate { category, hundredths } => {
            c.categories[*category].rating = hundredths.map(Rating::from_hundredths);
        }
        Edit::LastYear { category, hundredths } => {
            c.categories[*category].last_year = hundredths.map(Rating::from_hundredths);
        }
        Edit::Label { note, label } => {
            let n = c.footnotes.len();
            if n > 0 {
                (*label).clone_into(&mut c.footnotes[note % n].label);
            }
        }
        Edit::NoteText { note, text } => {
            let n = c.footnotes.len();
            if n > 0 {
                text.clone_into(&mut c.footnotes[note % n].text);
            }
        }
        Edit::TypeInNote { note, piece } => {
            let n = c.footnotes.len();
            if n > 0 {
                c.footnotes[note % n].text.push_str(piece);
            }
        }
        Edit::Url { note, url } => {
            let n = c.footnotes.len();
            if n > 0 {
                c.footnotes[note % n].url = url.map(str::to_owned);
            }
        }
        Edit::AddNote { label } => {
            let id = c.new_id();
            c.footnotes.push(Footnote {
                id,
                label: (*label).to_owned(),
                text: "A source.".into(),
                url: None,
                accessed: None,
            });
        }
        Edit::DeleteNote(i) => {
            let n = c.footnotes.len();
            if n > 0 {
                c.footnotes.remove(i % n);
            }
        }
        Edit::SwapNotes(a, b) => {
            let n = c.footnotes.len();
            if n > 0 {
                c.footnotes.swap(a % n, b % n);
            }
        }
        Edit::Comment { block, quote } => {
            if let Some((l, k)) = block_at(c, *block) {
                let anchor = Anchor::Block(list(c, l)[k].id);
                let s = signed(c);
                let _ = c.add_comment(anchor, Some((*quote).to_owned()), None, "Which source says so?", s);
            }
        }
        Edit::CommentOnNote(i) => {
            let n = c.footnotes.len();
            if n > 0 {
                let anchor = Anchor::Footnote(c.footnotes[i % n].id);
                let s = signed(c);
                let _ = c.add_comment(anchor, Some("Source".into()), None, "Is this the report itself?", s);
            }
        }
        Edit::Resolve(i) => {
            let n = c.review.comments.len();
            if n > 0 {
                let id = c.review.comments[i % n].id;
                let s = signed(c);
                let _ = c.resolve_comment(id, Some(s));
            }
        }
        Edit::Agree(k) => {
            let (code, s) = (code(c, *k), signed(c));
            let _ = c.set_review_state(&code, StateNow::Agreed, s);
        }
        Edit::NeedsWork(k) => {
            let (code, s) = (code(c, *k), signed(c));
            let _ = c.set_review_state(&code, StateNow::NeedsWork, s);
        }
        Edit::Propose { category, hundredths } => {
            let (code, s) = (code(c, *category), signed(c));
            let _ = c.propose_rating(&code, Rating::from_hundredths(*hundredths), "More outlets closed.", s);
        }
        Edit::Decide { proposal, accept } => {
            let n = c.review.proposals.len();
            if n > 0 {
                let id = c.review.proposals[proposal % n].id;
                let s = signed(c);
                let _ = c.decide_proposal(id, *accept, "", s);
            }
        }
        Edit::Country(country) => (*country).clone_into(&mut c.country),
        Edit::Conflict(i) => {
            if let Some((l, k)) = block_at(c, *i) {
                let block = list(c, l)[k].id;
                let id = c.new_id();
                c.conflicts.push(Conflict {
                    id,
                    place: ConflictPlace::Block(block),
                    base: Some("before".into()),
                    ours: Some("ours".into()),
                    theirs: Some("theirs".into()),
                    versions: None,
                });
            }
        }
        Edit::Settle => {
            c.conflicts.pop();
        }
    }
}

/// Which blocks cite each label, in reading order under `method`, counted afresh.
fn citing_afresh(c: &Chapter, method: &Methodology, label: &str) -> Vec<rapporteur::model::Id> {
    let mut out = Vec::new();
    for (_, b) in c.blocks_in_order(method) {
        if markers::scan(&b.text).iter().any(|m| m.problem.is_none() && m.label == label) && out.last() != Some(&b.id) {
            out.push(b.id);
        }
    }
    out
}

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let dictionary = Dictionary::bundled().unwrap_or_else(|e| panic!("the bundled dictionary: {e}"));
        Checker::new(dictionary, &rapporteur::model::Spelling::default(), &[])
    })
}

fn run(edits: &[Edit], spelling: bool) -> Result<(), TestCaseError> {
    run_under(edits, spelling, &Methodology::nit_2020())
}

fn run_under(edits: &[Edit], spelling: bool, method: &Methodology) -> Result<(), TestCaseError> {
    let method = method.clone();
    let options = CheckOptions { spelling: spelling.then(checker) };
    let mut chapter = start_under(&method);
    let mut live = Live::new();
    live.update(&chapter, &method, &options);
    prop_assert_eq!(live.findings(), &check_with(&chapter, &method, &options)[..]);
    for (step, edit) in edits.iter().enumerate() {
        apply(&mut chapter, edit);
        // The editor tells the live findings when an edit changed ratings only.
        if matches!(edit, Edit::Rate { .. } | Edit::LastYear { .. }) {
            live.update_ratings(&chapter, &method, &options);
        } else {
            live.update(&chapter, &method, &options);
        }
        let full = check_with(&chapter, &method, &options);
        prop_assert_eq!(live.findings(), &full[..], "after step {} ({:?})", step, edit);
        for label in LABELS.iter().chain(&["x"]) {
            prop_assert_eq!(
                live.citing(label),
                &citing_afresh(&chapter, &method, label)[..],
                "[^{}] after {:?}",
                label,
                edit
            );
        }
        prop_assert_eq!(live.words(), &WordCounts::of(&chapter), "after {:?}", edit);
        if spelling {
            for (_, b) in chapter.text_blocks() {
                prop_assert_eq!(live.misspelt(b.id), &checker().misspelt(&b.text)[..]);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn live_findings_equal_a_full_check_after_every_edit(edits in prop::collection::vec(edit(), 1..40)) {
        run(&edits, false)?;
    }

    #[test]
    fn with_spelling_too(edits in prop::collection::vec(edit(), 1..25)) {
        run(&edits, true)?;
    }

    /// Under Freedom in the World, whose reading order (overview, key developments, score
    /// changes, indicators) is not the order the chapter stores its sections in.
    #[test]
    fn under_freedom_in_the_world(edits in prop::collection::vec(edit(), 1..40)) {
        let fiw = Methodology::builtin("fiw").unwrap_or_else(|| panic!("built in"));
        run_under(&edits, false, &fiw)?;
    }
}

/// The start chapter is one an author could have written, and clean: the findings the
/// property test compares are those its edits bring.
#[test]
fn the_start_chapter_is_clean() {
    let method = Methodology::nit_2020();
    assert_eq!(check_with(&start(), &method, &CheckOptions::default()), []);
}

/// Found by the property test: the first bullet of the first category moved to the end of the
/// at-a-glance keeps its place in reading order but passes the category's own findings, which
/// must then come after it.
#[test]
fn a_block_moved_to_another_section_in_the_same_place_passes_that_sections_findings() {
    let edits = [
        Edit::DeleteNote(0),
        Edit::Rate { category: 0, hundredths: Some(175) },
        Edit::MoveBlock { block: 3, list: 4, to: 0 },
        Edit::MoveBlock { block: 25, list: 2, to: 47 },
    ];
    run(&edits, false).unwrap_or_else(|e| panic!("{e}"));
    // And the finding in question is there, before the category's.
    let mut chapter = start();
    for e in &edits {
        apply(&mut chapter, e);
    }
    let found = check_with(&chapter, &Methodology::nit_2020(), &CheckOptions::default());
    let codes: Vec<&str> = found.iter().map(|f| f.code.as_str()).take(4).collect();
    assert_eq!(codes, ["change-overall-missing", "footnote-missing", "footnote-missing", "change-unexplained"]);
}

#[test]
fn a_review_conflicts_finding_follows_its_comment() {
    let method = Methodology::nit_2020();
    let options = CheckOptions { spelling: None };
    let mut chapter = start();
    let signed = Signed { by: Person { name: "Lela".into(), role: Role::Reviewer }, at: chrono::DateTime::UNIX_EPOCH };
    let comment =
        chapter.add_comment(Anchor::Chapter, None, None, "Sources?", signed).unwrap_or_else(|e| panic!("comment: {e}"));
    let id = chapter.new_id();
    chapter.conflicts.push(Conflict {
        id,
        place: ConflictPlace::CommentText(comment),
        base: Some("Sources?".into()),
        ours: Some("Sources?".into()),
        theirs: Some("Which sources?".into()),
        versions: None,
    });
    let mut live = Live::new();
    live.update(&chapter, &method, &options);
    assert_eq!(live.findings(), &check_with(&chapter, &method, &options)[..]);
    // The comment goes (an undo of its merge, a deletion by hand): the finding says so.
    chapter.review.comments.clear();
    live.update(&chapter, &method, &options);
    let full = check_with(&chapter, &method, &options);
    assert!(full.iter().any(|f| f.message.starts_with("A deleted comment: ")), "{full:?}");
    assert_eq!(live.findings(), &full[..]);
}
