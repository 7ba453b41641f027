//! The plain-text export is the published web layout, and the importer reads it back to the
//! same chapter: `import(export_txt(x)) == x` for every sample.

use std::path::Path;

use proptest::prelude::*;
use rapporteur::export::{Format, Numbering, export};
use rapporteur::import::import_bytes;
use rapporteur::method::Methodology;
use rapporteur::model::{Authors, Chapter, Id, Rating, markers};

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
    for b in c.texts.iter_mut().flat_map(|t| t.paragraphs.iter_mut()) {
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
    // The published text carries no chapter dictionary: the importer's chapter has none.
    c.spelling = rapporteur::model::Spelling::default();
    c
}

/// Exports sample `name` to text under its own methodology, imports the text under the same
/// methodology and checks the chapter read back: ratings, last year's ratings, texts, blocks
/// per item, footnotes, then the whole chapter. A finished chapter reads back without a single
/// warning; the empty template is no publishable chapter, and the importer says what it lacks
/// (ratings, authors).
fn assert_round_trip(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let chapter = rapporteur::io::load(&dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
    let m = Methodology::resolve(&chapter.methodology, Some(&dir)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let text = export(&chapter, &m, Format::Text).unwrap_or_else(|e| panic!("{e}"));
    let imported = import_bytes(&text, &m).unwrap_or_else(|e| panic!("{name}: {e}"));
    if name != "template.ron" {
        assert!(imported.warnings.is_empty(), "{name}: {:?}", imported.warnings);
    }
    assert_eq!(imported.chapter.methodology, chapter.methodology, "{name}");
    let expected = with_reading_order_ids(chapter);
    let got = with_reading_order_ids(imported.chapter);
    let ratings =
        |c: &Chapter| c.categories.iter().map(|e| (e.code.clone(), e.rating, e.last_year)).collect::<Vec<_>>();
    assert_eq!(ratings(&got), ratings(&expected), "{name}");
    assert_eq!(got.score_changes, expected.score_changes, "{name}");
    assert_eq!(got.texts, expected.texts, "{name}");
    assert_eq!(got.categories.len(), expected.categories.len(), "{name}");
    for (g, e) in got.categories.iter().zip(&expected.categories) {
        assert_eq!(g, e, "{name}: {}", e.code);
    }
    assert_eq!(got.footnotes.len(), expected.footnotes.len(), "{name}");
    for (g, e) in got.footnotes.iter().zip(&expected.footnotes) {
        assert_eq!(g, e, "{name}");
    }
    assert_eq!(got, expected, "{name}");
}

#[test]
fn every_sample_survives_export_to_text_and_import() {
    for name in ["kazakhstan-2024.ron", "template.ron"] {
        assert_round_trip(name);
    }
}

/// A Freedom in the World chapter: overview, key developments, score changes, then the
/// indicators A1…G4 under their group headings ("A. Electoral Process 6 / 12"), each with its
/// question, its score and its paragraphs.
#[test]
fn a_freedom_in_the_world_chapter_survives_export_to_text_and_import() {
    assert_round_trip("freedonia-2025.ron");
}

/// The sample with a dangling `[^99]` (no footnote has that label) before its `[^11]`.
fn sample_with_dangling_marker() -> Chapter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron");
    let mut chapter = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let block = chapter
        .categories
        .iter_mut()
        .flat_map(|e| e.bullets.iter_mut())
        .find(|b| b.text.contains("[^11]"))
        .unwrap_or_else(|| panic!("no bullet cites [^11]"));
    block.text = block.text.replacen("[^11]", "[^99][^11]", 1);
    chapter
}

/// Bug 4: one dangling numeric marker made every later marker text on the way back (72
/// footnotes unused, 35 bullets uncited).
#[test]
fn a_dangling_numeric_marker_survives_export_to_text_and_import() {
    let m = Methodology::nit_2020();
    let chapter = sample_with_dangling_marker();
    let text = export(&chapter, &m, Format::Text).unwrap_or_else(|e| panic!("{e}"));
    let imported = import_bytes(&text, &m).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    let footnotes_line = String::from_utf8_lossy(&text).lines().position(|l| l == "Footnotes").unwrap() + 1;
    assert_eq!(
        warnings,
        [format!("line {footnotes_line}: 1 footnote marker(s) have no entry in the footnote list: 99")]
    );
    assert_eq!(with_reading_order_ids(imported.chapter), with_reading_order_ids(chapter));
}

/// Bug 4 as reported: `export --to txt --force`, `import`, `check`.
#[test]
fn a_dangling_numeric_marker_survives_the_command_line_round_trip() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (ron, txt, back) = (dir.path().join("kz.ron"), dir.path().join("kz.txt"), dir.path().join("back.ron"));
    rapporteur::io::save(&ron, &sample_with_dangling_marker()).unwrap_or_else(|e| panic!("{e}"));
    let bin = env!("CARGO_BIN_EXE_rapporteur");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(bin).args(args).output().unwrap_or_else(|e| panic!("{e}"))
    };
    let exported = run(&[
        "export".as_ref(),
        ron.as_os_str(),
        "--to".as_ref(),
        "txt".as_ref(),
        "-o".as_ref(),
        txt.as_os_str(),
        "--force".as_ref(),
    ]);
    assert_eq!(exported.status.code(), Some(0), "{}", String::from_utf8_lossy(&exported.stderr));
    let imported = run(&["import".as_ref(), txt.as_os_str(), "-o".as_ref(), back.as_os_str()]);
    assert_eq!(imported.status.code(), Some(0), "{}", String::from_utf8_lossy(&imported.stderr));
    // The chapter read back has the findings the one exported had: the dangling marker's
    // footnote-missing, the sample's one uncited bullet, and no footnote left unused.
    let codes = |file: &Path| {
        let checked = run(&["check".as_ref(), file.as_os_str(), "--json".as_ref()]);
        let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap_or_else(|e| panic!("{e}"));
        let mut codes: Vec<String> = json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["code"].as_str())
            .map(String::from)
            .collect();
        codes.sort();
        codes
    };
    let before = codes(&ron);
    assert_eq!(before, ["bullet-uncited", "footnote-missing", "footnote-order"]);
    assert_eq!(codes(&back), before);
}

/// Sentence openings: capitalised Latin, Cyrillic, Armenian and Azerbaijani; Georgian, which
/// has no capitals.
const STARTS: &[&str] = &["Parliament", "Қазақстан", "Власти", "Հայաստան", "Əhali", "საქართველო", "Łódź", "Şura"];
/// Words inside a sentence.
const WORDS: &[&str] =
    &["met", "in 2024", "ровно", "ქალაქი", "քաղաք", "şəhər", "grew", "«Ел»", "façade", "’s", "hands—again", "Srđan"];
/// Punctuation that closes a sentence or clause, after which a marker stands.
const CLOSES: &[&str] = &[".", "?", "!", ".”", ")", ";", ","];
/// Footnote labels; a marker with a label no footnote has dangles.
const LABELS: &[&str] = &["1", "2", "3", "7", "12", "a", "note-b", "99", "x"];

/// A sentence: an opening, words, closing punctuation, then markers.
fn sentence() -> impl Strategy<Value = String> {
    (
        prop::sample::select(STARTS),
        prop::collection::vec(prop::sample::select(WORDS), 0..4),
        prop::sample::select(CLOSES),
        prop::collection::vec(prop::sample::select(LABELS), 0..3),
    )
        .prop_map(|(start, words, close, labels)| {
            let mut s = start.to_owned();
            for w in words {
                s.push(' ');
                s.push_str(w);
            }
            if s.ends_with(|c: char| c.is_ascii_digit()) {
                // "in 2024." before a marker reads as a decimal: published text has words there.
                s.push_str(" again");
            }
            s.push_str(close);
            for l in labels {
                s.push_str(&markers::marker(l));
            }
            s
        })
}

/// A text block: one to three sentences.
fn block() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 1..4).prop_map(|s| s.join(" "))
}

fn blocks() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(block(), 0..3)
}

fn generated_chapter() -> impl Strategy<Value = Chapter> {
    (
        (blocks(), blocks(), blocks()),
        prop::collection::vec((prop::option::of(4_u32..=28), blocks()), 7),
        prop::collection::vec((prop::sample::select(LABELS), block()), 0..7),
        (prop::sample::select(&["Arvenia", "Қазақстан", "Azərbaycan", "საქართველო", "Հայաստան"][..]), any::<bool>()),
    )
        .prop_map(|((changes, summary, glance), categories, notes, (country, anonymous))| {
            let m = Methodology::nit_2020();
            let mut c = Chapter::new(&m, country, 2024);
            c.authors =
                if anonymous { Authors::Anonymous } else { Authors::Named(vec!["Әлия Нұрова".into()]) };
            c.score_changes = changes.into_iter().map(|t| c.new_block(t)).collect();
            let summary = summary.into_iter().map(|t| c.new_block(t)).collect();
            *c.text_mut("executive_summary") = summary;
            let glance = glance.into_iter().map(|t| c.new_block(t)).collect();
            *c.text_mut("at_a_glance") = glance;
            for (i, (quarters, bullets)) in categories.into_iter().enumerate() {
                let rating = quarters.map(|q| Rating::from_hundredths(q * 25));
                let bullets = bullets.into_iter().map(|t| c.new_block(t)).collect();
                let entry = &mut c.categories[i];
                (entry.rating, entry.last_year, entry.bullets) = (rating, rating, bullets);
            }
            for (label, text) in notes {
                c.add_footnote(label, text, None);
            }
            c
        })
}

/// The chapter's text blocks in reading order, each marker relabelled to the number the
/// export gives its footnote (a dangling marker keeps its label).
fn published_blocks(c: &Chapter) -> Vec<String> {
    let numbering = Numbering::new(c);
    c.text_blocks()
        .map(|(_, b)| markers::relabel(&b.text, |label| numbering.number(label).map(|n| n.to_string())))
        .collect()
}

fn marker_sequence(blocks: &[String]) -> Vec<String> {
    blocks.iter().flat_map(|t| markers::markers(t).map(|m| m.label.to_owned()).collect::<Vec<_>>()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// `import(export_txt(c))` has the same ratings, the same text (markers numbered as the
    /// export numbers them) and so the same marker sequence, and the same footnotes in
    /// published order.
    #[test]
    fn import_reads_back_what_the_text_export_writes(chapter in generated_chapter()) {
        let m = Methodology::nit_2020();
        let text = export(&chapter, &m, Format::Text).unwrap_or_else(|e| panic!("{e}"));
        let imported = import_bytes(&text, &m).unwrap_or_else(|e| panic!("{e}"));
        let back = &imported.chapter;
        let ratings = |c: &Chapter| c.categories.iter().map(|e| (e.rating, e.last_year)).collect::<Vec<_>>();
        prop_assert_eq!(ratings(back), ratings(&chapter));
        let expected = published_blocks(&chapter);
        let got: Vec<String> = back.text_blocks().map(|(_, b)| b.text.clone()).collect();
        prop_assert_eq!(marker_sequence(&got), marker_sequence(&expected));
        prop_assert_eq!(&got, &expected);
        let numbering = Numbering::new(&chapter);
        let notes: Vec<&str> = numbering.notes().iter().map(|n| n.footnote.text.as_str()).collect();
        let back_notes: Vec<&str> = back.footnotes.iter().map(|f| f.text.as_str()).collect();
        prop_assert_eq!(back_notes, notes);
        prop_assert_eq!(&back.country, &chapter.country);
        prop_assert_eq!(&back.authors, &chapter.authors);
    }
}
