//! The editor under other methodologies than Nations in Transit: a Freedom in the World
//! chapter shows its outline (groups that fold), rates its indicators 0–4 with the keys, and
//! its score card follows every figure live; a new chapter can be started under it; a chapter
//! whose methodology is nowhere opens saying so.

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rapporteur::Methodology;
use rapporteur::app::{Dialog, RapporteurApp};
use rapporteur::model::{Chapter, Rating};

use crate::common::{MAX_STEPS, STEP, click, disabled, enter_rating, harness, rating, type_into};

fn fiw() -> Methodology {
    Methodology::builtin("fiw").unwrap_or_else(|| panic!("Freedom in the World is built in"))
}

/// A 2024 Freedom in the World chapter: every indicator rated 2 this year and last, but A1
/// not rated yet this year (Add Q, asked only where it applies, is left unrated both years).
fn fiw_chapter() -> Chapter {
    let mut c = Chapter::new(&fiw(), "Ruritania", 2024);
    for entry in &mut c.categories {
        if entry.code != "Add Q" {
            entry.rating = (entry.code != "A1").then(|| Rating::from_hundredths(200));
            entry.last_year = Some(Rating::from_hundredths(200));
        }
    }
    c
}

fn press(h: &mut Harness<'_, RapporteurApp>, key: Key) {
    h.key_press(key);
    h.run();
}

#[test]
fn a_fiw_chapter_shows_its_outline_in_groups_that_fold() {
    let mut h = harness(fiw_chapter());
    // The chapter has the indicators of its edition: 25, and Add Q; Add A ended in 2017.
    let codes: Vec<&str> = h.state().doc.chapter.categories.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes.len(), 26);
    assert!(codes.contains(&"Add Q") && !codes.contains(&"Add A"));
    // Groups, with the figure that sums each up. A1 is unrated: A sums A2 and A3 (2 + 2).
    h.get_by_label("Political Rights — 18 / 40");
    h.get_by_label("A Electoral Process — 4 / 12");
    h.get_by_label("B Political Pluralism and Participation — 8 / 16");
    h.get_by_label("C Functioning of Government — 6 / 12");
    h.get_by_label("Civil Liberties — 30 / 60");
    h.get_by_label("G Personal Autonomy and Individual Rights — 8 / 16");
    // Each indicator with its rating on its own scale: 0 to 4 in whole points.
    let a1 = h.get_by_role_and_label(Role::SpinButton, "Head of government elected rating");
    let node = a1.accesskit_node();
    assert_eq!(node.numeric_value(), None, "A1 is not rated yet");
    assert_eq!((node.min_numeric_value(), node.max_numeric_value()), (Some(0.0), Some(4.0)));
    assert_eq!(node.numeric_value_step(), Some(1.0));
    h.get_by_label("Free and independent media last year: 2");
    h.get_by_role_and_label(Role::SpinButton, "Deliberate change of ethnic composition rating");
    assert!(h.query_by_label("Consultation in traditional monarchies rating").is_none());
    // Nothing of Nations in Transit's.
    assert!(h.query_by_label_contains("Democracy Score").is_none());
    h.get_by_label("Ratings");
    h.get_by_label("0 to 4, steps of 1");

    // An indicator's guiding question shows on hovering its name.
    let question = "Were the current national legislative representatives elected through free and fair elections?";
    assert!(h.query_by_label_contains(question).is_none());
    h.get_by_label("Legislature elected").hover();
    for _ in 0..30 {
        h.step();
    }
    h.get_by_label_contains(question);

    // Folding Political Rights hides its indicators; unfolding shows them again.
    click(&mut h, "Political Rights — 18 / 40");
    assert!(h.query_by_label("Head of government elected rating").is_none(), "folded away");
    assert!(h.query_by_label("A Electoral Process — 4 / 12").is_none(), "its groups too");
    h.get_by_role_and_label(Role::SpinButton, "Free and independent media rating");
    click(&mut h, "Political Rights — 18 / 40");
    h.get_by_role_and_label(Role::SpinButton, "Head of government elected rating");
}

#[test]
fn an_indicator_is_rated_with_the_keys_and_every_figure_follows() {
    let mut h = harness(fiw_chapter());
    h.get_by_role_and_label(Role::SpinButton, "Head of government elected rating").focus();
    h.run();
    // From unrated, ↑ starts at the bottom of the scale and climbs a point at a time, up to 4.
    for expected in ["0.00", "1.00", "2.00", "3.00", "4.00", "4.00"] {
        press(&mut h, Key::ArrowUp);
        assert_eq!(rating(&h, "A1").as_deref(), Some(expected));
    }
    press(&mut h, Key::ArrowDown);
    assert_eq!(rating(&h, "A1").as_deref(), Some("3.00"));
    let a1 = h.get_by_role_and_label(Role::SpinButton, "Head of government elected rating");
    assert_eq!(a1.accesskit_node().numeric_value(), Some(3.0));

    // A = 3 + 2 + 2 = 7; B = 8; C = 6; PR = 21 (Add Q unrated) → PR rating 4 (18–23).
    // D, E, F, G = 8, 6, 8, 8; CL = 30 → CL rating 4 (26–34). Mean 4.0: Partly Free.
    // Total 51. Electoral democracy: A ≥ 7, PR ≥ 20 and CL ≥ 30: yes.
    h.get_by_label("A Electoral Process — 7 / 12");
    h.get_by_label("Political Rights — 21 / 40");
    h.get_by_label("Electoral Process 7 of 12");
    h.get_by_label("Political Rights 21 of 40");
    h.get_by_label("Civil Liberties 30 of 60");
    h.get_by_label("Global Freedom Score 51 of 100");
    h.get_by_label("Political Rights rating 4 of 7");
    h.get_by_label("Civil Liberties rating 4 of 7");
    h.get_by_label("Mean of the two ratings 4.0");
    h.get_by_label("Status: Partly Free");
    h.get_by_label("Electoral democracy: Yes");
    // Last year every indicator was 2: A 6, PR 20, CL 30, total 50, no electoral democracy.
    h.get_by_label("Political Rights last year: 20 of 40");
    // The Global Freedom Score heads the card (the file says so), with last year's status.
    h.get_by_label("Last year: Global Freedom Score 50 of 100, Partly Free");
    h.get_by_label("Change since last year: the Global Freedom Score improved by 1, from 50 to 51");
    h.get_by_label("Electoral democracy last year: No");
    h.get_by_label("Head of government elected improved by 1 since last year");

    // Typed, one key a character: A2 to 4. A = 9, PR = 23: still a PR rating of 4.
    enter_rating(&mut h, "Legislature elected rating", "4");
    assert_eq!(rating(&h, "A2").as_deref(), Some("4.00"));
    h.get_by_label("Political Rights 23 of 40");
    h.get_by_label("Political Rights rating 4 of 7");
    h.get_by_label("Global Freedom Score 53 of 100");
    h.get_by_role_and_label(Role::SpinButton, "Legislature elected rating");

    // Off the scale's step: refused, with the reason; nothing changes.
    enter_rating(&mut h, "Electoral framework rating", "2.5");
    assert_eq!(rating(&h, "A3").as_deref(), Some("2.00"));
    assert!(h.query_by_label_contains("Refused:").is_some());

    // The + button: A1 to 4. A = 10, PR = 24 → PR rating 3; mean (3 + 4) / 2 = 3.5, still
    // Partly Free; total 54.
    h.get_by_role_and_label(Role::Button, "Raise Head of government elected rating").click();
    h.run();
    assert_eq!(rating(&h, "A1").as_deref(), Some("4.00"));
    h.get_by_label("A Electoral Process — 10 / 12");
    h.get_by_label("Political Rights 24 of 40");
    h.get_by_label("Political Rights rating 3 of 7");
    h.get_by_label("Mean of the two ratings 3.5");
    h.get_by_label("Status: Partly Free");
    h.get_by_label("Global Freedom Score 54 of 100");
    h.get_by_label("Head of government elected improved by 2 since last year");
}

#[test]
fn a_fiw_chapter_is_written_indicator_by_indicator_in_its_own_sections() {
    let mut h = harness(fiw_chapter());
    // The selected indicator's justification: its question, and paragraphs.
    h.get_by_label("A1 — Head of government elected");
    h.get_by_label(
        "Was the current head of government or other chief national authority elected through free and fair elections?",
    );
    click(&mut h, "Add paragraph");
    assert_eq!(h.state().doc.chapter.category("A1").map(|c| c.bullets.len()), Some(1));
    // Another indicator, chosen in the outline.
    click(&mut h, "Legislature elected");
    h.get_by_label("A2 — Legislature elected");
    h.get_by_label("0 paragraphs, 0 words");
    // The chapter tab: the file's text sections, by their titles; no NIT section.
    click(&mut h, "Chapter");
    assert!(h.query_all_by_label("Overview").count() >= 1, "the heading, and a finding's place");
    h.get_by_role_and_label(Role::Button, "Add paragraph to Key Developments");
    h.get_by_role_and_label(Role::Button, "Add item to Score Changes");
    assert!(h.query_by_label_contains("Executive Summary").is_none());
    assert!(h.query_by_label_contains("At-a-Glance").is_none());
    h.get_by_role_and_label(Role::Button, "Add paragraph to Overview").click();
    h.run();
    assert_eq!(h.state().doc.chapter.text("overview").len(), 1);
}

#[test]
fn a_new_chapter_is_started_under_freedom_in_the_world_from_the_start_page() {
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| RapporteurApp::start_page(&cc.egui_ctx).with_native_dialogs(false));
    h.run();
    let combo = h.get_by_role_and_label(Role::ComboBox, "Methodology");
    assert_eq!(combo.accesskit_node().value(), Some("Nations in Transit (2020 scale)".to_owned()));
    combo.click();
    h.run();
    click(&mut h, "Freedom in the World");
    type_into(&mut h, "Country", "Ruritania");
    let edition = h.state().start.as_ref().map_or(0, |s| s.edition);
    assert!(!disabled(&h.get_by_role_and_label(Role::Button, "Create chapter")));
    click(&mut h, "Create chapter");
    assert!(h.state().start.is_none());
    let c = &h.state().doc.chapter;
    assert_eq!(c.methodology, "fiw");
    assert_eq!(c.title, format!("Freedom in the World {edition} - Ruritania"));
    assert_eq!(c.categories.len(), 26, "25 indicators and Add Q");
    assert_eq!(h.state().method().id, "fiw");
    h.get_by_label("Political Rights");
    h.get_by_role_and_label(Role::SpinButton, "Head of government elected rating");
}

#[test]
fn a_chapter_whose_methodology_is_nowhere_opens_saying_so() {
    let mut c = fiw_chapter();
    c.methodology = "our-own-index.ron".to_owned();
    c.text_mut("overview").push(rapporteur::model::TextBlock { id: rapporteur::model::Id(9000), text: "Kept.".into() });
    c.next_id = 9001;
    let h = harness(c);
    match &h.state().view.dialog {
        Some(Dialog::Error { title, message }) => {
            assert_eq!(title, "Cannot find the chapter's methodology");
            assert!(message.contains("our-own-index.ron"), "{message}");
        }
        other => panic!("no message: {other:?}"),
    }
    assert_eq!(h.state().method().id, "our-own-index.ron", "not another methodology in its place");
    assert!(h.state().method().categories.is_empty());
    // The ratings are kept as they are, not offered for change on another scale.
    assert!(h.query_by_role(Role::SpinButton).is_none());
    assert_eq!(rating(&h, "A2").as_deref(), Some("2.00"));
}

/// A BTI chapter: a narrative per criterion, reached from the outline; a question of a
/// criterion is written about in its criterion's narrative.
#[test]
fn a_bti_chapter_writes_a_narrative_per_criterion() {
    let bti = Methodology::builtin("bti").unwrap_or_else(|| panic!("the BTI is built in"));
    let mut h = harness(Chapter::new(&bti, "Ruritania", 2024));
    h.get_by_label("1 Stateness");
    let spin = h.get_by_role_and_label(Role::SpinButton, "Monopoly on the use of force rating");
    assert_eq!(spin.accesskit_node().max_numeric_value(), Some(10.0));
    // The first entry is question 1.1: its words go to the narrative on Stateness.
    h.get_by_label("1 — Stateness");
    h.get_by_label("1.1 Monopoly on the use of force is written about in the narrative on Stateness.");
    click(&mut h, "Add paragraph");
    assert_eq!(h.state().doc.chapter.category("1").map(|c| c.bullets.len()), Some(1));
    assert_eq!(h.state().doc.chapter.category("1.1").map(|c| c.bullets.len()), Some(0));
    click(&mut h, "Narrative on Political Participation");
    h.get_by_label("2 — Political Participation");
}

/// Kosovo 2019 on the scale of the time (1 most democratic), spread to the published sum.
fn kosovo_2019() -> Chapter {
    let old = Methodology::builtin("nit-pre-2020").unwrap_or_else(|| panic!("built in"));
    let mut c = Chapter::new(&old, "Kosovo", 2019);
    for (code, h) in [("EP", 475), ("CS", 350), ("IM", 500), ("NDG", 575), ("LDG", 450), ("JFI", 550), ("CO", 525)] {
        if let Some(e) = c.category_mut(code) {
            e.rating = Some(Rating::from_hundredths(h));
        }
    }
    c
}

#[test]
fn an_archived_chapter_converts_to_todays_scale_as_one_undoable_step() {
    let mut h = harness(kosovo_2019());
    h.get_by_label("Democracy Score 4.89 of 7");
    click(&mut h, "Edit");
    h.get_by_role_and_label(Role::MenuItem, "Convert to Nations in Transit (2020 scale)").click();
    h.run();
    // Today's scale: 8 − old for every rating; the published 3.11 and 35.12.
    h.get_by_label("Democracy Score 3.11 of 7");
    h.get_by_label_contains("35.12");
    assert_eq!(h.state().method().id, "nit-2020");
    assert_eq!(rating(&h, "NDG").as_deref(), Some("2.25"));
    let chapter = &h.state().doc.chapter;
    assert_eq!(chapter.methodology, "nit-2020");
    assert_eq!(chapter.conversions.len(), 1);
    // Undone in one step: the old scale, its methodology and its figure back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    h.run();
    h.get_by_label("Democracy Score 4.89 of 7");
    assert_eq!(h.state().method().id, "nit-pre-2020");
    assert_eq!(rating(&h, "NDG").as_deref(), Some("5.75"));
    assert!(h.state().doc.chapter.conversions.is_empty());
    // Today's scale converts to nothing: no such menu entry.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    h.run();
    click(&mut h, "Edit");
    assert!(h.query_by_label_contains("Convert to").is_none());
}

/// A team's own index (a hand-written file of three indicators, a lookup table and bands)
/// kept in its repository beside the chapters: the chapter opens from disk with the index
/// found beside it, rates and recomputes live, exports, and a Save As into another folder
/// names the index relative to the new place.
#[test]
fn a_teams_own_index_works_in_the_editor() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/methodology");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (index, chapters) = (dir.path().join("index"), dir.path().join("2025"));
    for d in [&index, &chapters] {
        std::fs::create_dir(d).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::copy(fixtures.join("press.ron"), index.join("press.ron")).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(fixtures.join("press-chapter.ron")).unwrap_or_else(|e| panic!("{e}"));
    let path = chapters.join("freedonia.ron");
    let text = text.replacen("methodology: \"press.ron\"", "methodology: \"../index/press.ron\"", 1);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));

    let mut h = harness(fiw_chapter());
    h.state_mut().emit(rapporteur::app::Action::OpenPath(path));
    crate::common::settle(&mut h);
    assert_eq!(h.state().method().name, "Press Freedom Barometer");
    // L 5, P 3, E 4: total 12 of 30 heads the card; grade 2; weighted (2·5 + 3 + 4) / 4.
    h.get_by_label("Total score 12 of 30");
    h.get_by_label("Grade 2");
    h.get_by_label("Weighted score 4.25 of 10");
    h.get_by_label("Press status: Restricted");
    h.get_by_label("Press freedom — 12 / 30");
    let l = h.get_by_role_and_label(Role::SpinButton, "Legal environment rating");
    assert_eq!(
        (l.accesskit_node().min_numeric_value(), l.accesskit_node().max_numeric_value()),
        (Some(0.0), Some(10.0))
    );
    // Legal environment 5 → 9, typed: total 16, weighted (18 + 3 + 4) / 4 = 6.25.
    enter_rating(&mut h, "Legal environment rating", "9");
    assert_eq!(rating(&h, "L").as_deref(), Some("9.00"));
    h.get_by_label("Total score 16 of 30");
    h.get_by_label("Weighted score 6.25 of 10");
    h.get_by_label("Press status: Restricted");
    h.get_by_label("Change since last year: the Total score improved by 4, from 12 to 16");
    // Saved into another folder: the index is named from there.
    let elsewhere = dir.path().join("drafts").join("old");
    std::fs::create_dir_all(&elsewhere).unwrap_or_else(|e| panic!("{e}"));
    let copy = elsewhere.join("freedonia.ron");
    h.state_mut().emit(rapporteur::app::Action::SaveAsPath { path: copy.clone(), then: None });
    crate::common::settle(&mut h);
    let saved = rapporteur::io::load(&copy).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.methodology, "../../index/press.ron");
    assert_eq!(saved.category("L").and_then(|e| e.rating), Some(Rating::from_hundredths(900)));
}
