//! The editor driven through `egui_kittest`: real app, real widgets found by role and label,
//! assertions on what is shown and on the model.
#![cfg(feature = "gui")]

mod accessibility;
mod clipboard;
mod common;
mod edition;
mod keyboard;
mod methodologies;
mod review;
mod versions;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapporteur::Methodology;
use rapporteur::app::{Action, Clock, Dialog, PendingOp, RapporteurApp};
use rapporteur::findings::Severity;
use rapporteur::model::{Authors, Rating};

use common::{
    MAX_STEPS, STEP, click, disabled, end_of_field, enter_rating, harness, rating, sample, select_all_and_type, settle,
    type_into, type_keys,
};
use rapporteur::recovery::Recovery;

#[test]
fn shows_the_score_card_of_the_sample() {
    let h = harness(sample());
    h.get_by_label("Democracy Score 1.29 of 7");
    h.get_by_label("Democracy Percentage 4.76 of 100");
    h.get_by_label("Democracy Percentage (headline) 5 of 100");
    h.get_by_label(
        "Last year: Democracy Score 1.32 of 7, Democracy Percentage 5.36 of 100, Consolidated Authoritarian Regime",
    );
    h.get_by_label("Change since last year: the Democracy Score declined by 0.03, from 1.32 to 1.29");
    h.get_by_label("Classification: Consolidated Authoritarian Regime");
}

#[test]
fn typing_a_rating_updates_the_score_card_and_the_model() {
    let mut h = harness(sample());
    enter_rating(&mut h, "Local Democratic Governance rating", "1.75");
    assert_eq!(rating(&h, "LDG").as_deref(), Some("1.75"));
    h.get_by_label("Democracy Score 1.32 of 7");
    h.get_by_label("Democracy Percentage 5.36 of 100");
    h.get_by_label("Change since last year: the Democracy Score remained the same at 1.32");
}

#[test]
fn an_invalid_rating_is_refused_with_a_reason() {
    let mut h = harness(sample());
    enter_rating(&mut h, "Local Democratic Governance rating", "1.30");
    assert_eq!(rating(&h, "LDG").as_deref(), Some("1.50"));
    h.get_by_label("Refused: 1.30 is not a step of 0.25 on the scale");
    h.get_by_label("Democracy Score 1.29 of 7");

    enter_rating(&mut h, "National Democratic Governance rating", "abc");
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.25"));
    h.get_by_label("Refused: \"abc\" is not a number like 1.25");
}

#[test]
fn plus_minus_buttons_and_arrow_keys_step_the_rating() {
    let mut h = harness(sample());
    // Seven categories, each with one "+" and one "-", named after the category.
    assert_eq!(h.query_all_by_role_and_label(Role::Button, "+").count(), 0, "no button is named just +");
    h.get_by_role_and_label(Role::Button, "Raise Local Democratic Governance rating").click();
    h.run();
    assert_eq!(rating(&h, "LDG").as_deref(), Some("1.75"));
    h.get_by_label("Democracy Score 1.32 of 7");

    h.get_by_role_and_label(Role::Button, "Lower National Democratic Governance rating").click();
    h.run();
    // 1.25 is not the bottom: one step down is 1.00.
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.00"));
    h.get_by_label("Democracy Score 1.29 of 7");

    click(&mut h, "Electoral Process rating");
    h.key_press(Key::ArrowUp);
    h.run();
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(rating(&h, "EP").as_deref(), Some("1.75"));

    // Three presses arriving in one frame (a held key repeating) are three steps; ↑ and ↓ in
    // one frame cancel out. (kittest gives each queued event its own frame, so these go into
    // one frame's input by hand.)
    let in_one_frame = |h: &mut Harness<'_, RapporteurApp>, keys: &[Key]| {
        for &key in keys {
            h.input_mut().events.push(egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            });
        }
        h.run();
    };
    in_one_frame(&mut h, &[Key::ArrowUp, Key::ArrowUp, Key::ArrowUp]);
    assert_eq!(rating(&h, "EP").as_deref(), Some("2.50"));
    in_one_frame(&mut h, &[Key::ArrowDown, Key::ArrowUp]);
    assert_eq!(rating(&h, "EP").as_deref(), Some("2.50"));
    in_one_frame(&mut h, &[Key::ArrowDown, Key::ArrowDown]);
    assert_eq!(rating(&h, "EP").as_deref(), Some("2.00"));
}

/// A frame in which the author changes a rating is drawn once, not discarded and drawn again;
/// the next frame shows the new rating and the score card recomputed from it.
#[test]
fn an_edit_is_drawn_in_one_pass_and_shown_in_the_next_frame() {
    let mut h = harness(sample());
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
    // kittest gives each queued event (pointer down, up) a frame of its own: the last is the
    // one that clicks.
    h.step();
    assert_eq!(h.output().platform_output.num_completed_passes, 1, "the frame with the click is drawn once");
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"), "applied once that frame was drawn");
    h.step();
    assert_eq!(h.output().platform_output.num_completed_passes, 1);
    h.get_by_label("Democracy Score 1.32 of 7");
}

#[test]
fn undo_and_redo_every_change() {
    let mut h = harness(sample());
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.25"));
    h.get_by_label("Democracy Score 1.29 of 7");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));

    // A burst of typing is one step.
    click(&mut h, "Local Democratic Governance");
    let original = h.state().doc.chapter.category("LDG").map(|c| c.bullets[0].text.clone());
    end_of_field(&mut h, 0);
    type_keys(&mut h, " More.");
    let typed = h.state().doc.chapter.category("LDG").map(|c| c.bullets[0].text.clone());
    assert_eq!(typed, original.as_ref().map(|t| format!("{t} More.")));
    // Word counts follow the typing: the sample's LDG has 10 + 11 words, now one more.
    assert_eq!(h.state().derived().words().category("LDG"), 22);
    h.get_by_label("2 bullets, 22 words");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let undone = h.state().doc.chapter.category("LDG").map(|c| c.bullets[0].text.clone());
    assert_eq!(undone, original);
    assert_eq!(h.state().derived().words().category("LDG"), 21);
    // The rating change before the typing is still there.
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));
}

/// Depends on `rapporteur::findings::check` reporting a marker without a footnote (being
/// written on the findings branch); on a branch where `check` returns nothing it fails at the
/// "finding appears" step.
#[test]
fn a_marker_without_a_footnote_becomes_a_finding_that_leads_to_it() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    click(&mut h, "Add bullet");
    let new_id = h.state().doc.chapter.category("LDG").and_then(|c| c.bullets.last()).map(|b| b.id);
    assert_eq!(h.state().doc.chapter.category("LDG").map(|c| c.bullets.len()), Some(3));
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    assert_eq!(fields.len(), 3);
    fields[2].focus();
    h.run();
    type_keys(&mut h, "Mayors answered to the centre.[^99]");
    let text = h.state().doc.chapter.category("LDG").and_then(|c| c.bullets.last()).map(|b| b.text.clone());
    assert_eq!(text.as_deref(), Some("Mayors answered to the centre.[^99]"));

    // Move away, then follow the finding back.
    click(&mut h, "National Democratic Governance");
    assert_eq!(h.state().view.category, 0);
    let finding = h
        .state()
        .derived()
        .findings()
        .iter()
        .find(|f| f.location.block == new_id)
        .cloned()
        .unwrap_or_else(|| panic!("no finding for the marker [^99]"));
    click(&mut h, &format!("Go to: Error, Local Democratic Governance, bullet 3: {}", finding.message));
    assert_eq!(h.state().view.category, 4);
    assert_eq!(h.state().view.selected_block, new_id);
}

#[test]
fn closing_with_unsaved_changes_asks_save_discard_cancel() {
    let mut h = harness(sample());
    // Nothing changed: closing just closes.
    h.state_mut().emit(Action::Quit);
    h.run();
    assert!(h.state().view.dialog.is_none());
    assert!(h.state().is_closing());

    let mut h = harness(sample());
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    assert!(h.state().doc.is_dirty());
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    assert_eq!(h.state().view.dialog, Some(Dialog::Unsaved(PendingOp::Quit)));
    h.get_by_label("Unsaved changes");
    click(&mut h, "Cancel");
    assert!(h.state().view.dialog.is_none());
    assert!(!h.state().is_closing());
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));

    // Save writes the file, then closes.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    h.state_mut().doc.path = Some(path.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    click(&mut h, "Save");
    settle(&mut h);
    assert!(h.state().is_closing());
    let saved = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.category("NDG").and_then(|c| c.rating), Some(Rating::from_hundredths(150)));
    assert!(!h.state().doc.is_dirty());
    // The file is the chapter and nothing else: no undo history, no view state.
    let bytes = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(bytes, rapporteur::io::to_ron(&h.state().doc.chapter));
}

#[test]
fn a_file_that_fails_to_load_is_reported_and_nothing_changes() {
    let mut h = harness(sample());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "Project(\n    format: 1,\n    chapter: Chapter(\n        country: ,\n")
        .unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().emit(Action::OpenPath(path));
    h.run();
    let Some(Dialog::Error { message, .. }) = h.state().view.dialog.clone() else {
        panic!("expected an error dialog, got {:?}", h.state().view.dialog)
    };
    assert!(message.contains("line 4"), "{message}");
    h.get_by_label("Cannot open the file");
    assert_eq!(h.state().doc.chapter, sample());
    click(&mut h, "OK");
    assert!(h.state().view.dialog.is_none());
}

#[test]
fn unsaved_work_in_the_recovery_file_is_offered_at_start() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut earlier = Recovery::new(dir.path().to_owned());
    let mut left = sample();
    left.country = "Kazakhstan (draft)".into();
    earlier.write(&left, None).unwrap_or_else(|e| panic!("{e}"));
    let recovery = Recovery::new(dir.path().to_owned());
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| RapporteurApp::from_chapter(&cc.egui_ctx, sample()).with_recovery(recovery));
    h.run();
    h.get_by_label("Restore unsaved work?");
    h.get_by_label("An untitled chapter");
    h.get_by_label_contains("Restore An untitled chapter, autosaved ").click();
    h.run();
    assert_eq!(h.state().doc.chapter.country, "Kazakhstan (draft)");
    assert!(h.state().doc.is_dirty());
}

#[test]
fn every_script_of_our_countries_renders() {
    let mut c = sample();
    c.country = "Қазақстан".into();
    c.text_mut("executive_summary")[0].text = "Ә Қ Ң Ө Ұ Ү Һ І — Azərbaycan ə — Łódź, Žilina, Ćuprija, Đakovo, Győr — \
                                   საქართველო — Հայաստան"
        .into();
    c.category_mut("LDG").unwrap_or_else(|| panic!("LDG")).bullets[0].text =
        "Ақмола, Шымкент, Баку (Bakı), Тбилиси (თბილისი), Ереван (Երևան).[^1]".into();
    let mut h = harness(c);
    // egui_kittest panics on any glyph missing from the fonts; drawing both tabs proves coverage.
    h.state_mut().emit(Action::ShowTab(rapporteur::app::Tab::Chapter));
    h.run();
    h.get_by_label("Executive Summary");
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    h.snapshot("scripts");
}

#[test]
fn file_import_reads_a_published_chapter_through_the_menu() {
    let mut h = harness(sample());
    click(&mut h, "File");
    click(&mut h, "Import Published Text…");
    // The sample is unchanged, so no unsaved prompt; no native dialog here, so a path field.
    assert!(matches!(h.state().view.dialog, Some(Dialog::PathPrompt { .. })));
    // The bundled sample as its published web page reads (the export the importer reads back).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = dir.path().join("kazakhstan-2024.txt");
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024.ron"))
            .unwrap_or_else(|e| panic!("{e}"));
    let published =
        rapporteur::io::from_ron(&text, std::path::Path::new("kazakhstan-2024.ron")).unwrap_or_else(|e| panic!("{e}"));
    let bytes = rapporteur::export::export(&published, &Methodology::nit_2020(), rapporteur::export::Format::Text)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&page, bytes).unwrap_or_else(|e| panic!("{e}"));
    type_into(&mut h, "Path:", &page.to_string_lossy());
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run();
    h.run();
    let c = &h.state().doc.chapter;
    assert_eq!(c.title, "Nations in Transit 2024 - Kazakhstan");
    let ratings: Vec<String> = c.categories.iter().filter_map(|e| e.rating).map(|r| r.to_string()).collect();
    assert_eq!(ratings, ["1.25", "1.25", "1.25", "1.25", "1.50", "1.25", "1.25"]);
    assert!(h.state().doc.is_dirty(), "an imported chapter is unsaved work");
    assert!(h.state().doc.path.is_none(), "Save asks where to put it");
    // Everything was read (no warning to show), footnotes included, and the score card shows
    // the figures.
    assert!(h.state().view.dialog.is_none(), "{:?}", h.state().view.dialog);
    assert_eq!(c.footnotes.len(), 82);
    h.get_by_label("Democracy Score 1.29 of 7");
}

#[test]
fn file_export_asks_before_exporting_a_chapter_with_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("kz.html");
    let mut c = sample();
    c.text_mut("executive_summary")[0].text.push_str("[^99]");
    let mut h = harness(c);
    click(&mut h, "File");
    // File ▸ Export is a submenu (opened by hovering); its items emit this action.
    h.get_by_label("Export");
    h.state_mut().emit(Action::Export(rapporteur::export::Format::Html));
    h.run();
    assert!(matches!(h.state().view.dialog, Some(Dialog::ConfirmExport { errors, .. }) if errors >= 1));
    click(&mut h, "Export anyway");
    assert!(matches!(h.state().view.dialog, Some(Dialog::PathPrompt { .. })));
    type_into(&mut h, "Path:", &out.to_string_lossy());
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    settle(&mut h);
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..html.len().min(80)]);
    assert!(html.contains("Kazakhstan"));
}

fn ldg_ids(h: &Harness<'_, RapporteurApp>) -> Vec<rapporteur::model::Id> {
    h.state().doc.chapter.category("LDG").map(|c| c.bullets.iter().map(|b| b.id).collect()).unwrap_or_default()
}

fn ldg_text(h: &Harness<'_, RapporteurApp>, i: usize) -> String {
    h.state().doc.chapter.category("LDG").and_then(|c| c.bullets.get(i)).map(|b| b.text.clone()).unwrap_or_default()
}

#[test]
fn bullets_move_by_dragging_and_by_buttons() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    let before = ldg_ids(&h);
    assert_eq!(before.len(), 2);

    // Drag bullet 2 by its handle and drop it on bullet 1's row: it goes first.
    let from = h.get_by_label("Drag bullet 2").rect().center();
    let to = h.get_by_label("Drag bullet 1").rect().center();
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=4u8 {
        h.hover_at(from + (to - from) * f32::from(step) / 4.0);
        h.run();
    }
    h.drop_at(to);
    h.run();
    assert_eq!(ldg_ids(&h), [before[1], before[0]]);

    // "Dn" on the first bullet puts it back; undo undoes one move.
    h.get_by_role_and_label(Role::Button, "Move bullet 1 down").click();
    h.run();
    assert_eq!(ldg_ids(&h), before);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(ldg_ids(&h), [before[1], before[0]]);
}

#[test]
fn a_marker_for_an_existing_footnote_goes_in_at_the_cursor() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    // Put the cursor before the "[^1]" that ends bullet 1.
    end_of_field(&mut h, 0);
    for _ in 0..4 {
        h.key_press(Key::ArrowLeft);
        h.run();
    }
    h.get_by_role_and_label(Role::Button, "Insert footnote in bullet 1").click();
    h.run();
    click(&mut h, "[^2] Election commission report.");
    assert_eq!(ldg_text(&h, 0), "Local councils (maslikhats) met rarely and approved budgets without debate.[^2][^1]");
    assert!(h.state().derived().findings().iter().all(|f| f.code.as_str() != "footnote-missing"));
}

#[test]
fn a_new_footnote_is_created_and_its_marker_inserted() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    h.get_by_role_and_label(Role::Button, "Insert footnote in bullet 2").click();
    h.run();
    click(&mut h, "New footnote…");
    h.get_by_label("New footnote");
    // The citation field has the focus as the dialog opens.
    type_keys(&mut h, "Regional press survey, 2023.");
    h.get_by_role_and_label(Role::Button, "Insert").click();
    h.run();
    let c = &h.state().doc.chapter;
    assert_eq!(c.footnotes.len(), 3);
    assert_eq!(c.footnotes[2].label, "3");
    assert_eq!(c.footnotes[2].text, "Regional press survey, 2023.");
    assert_eq!(ldg_text(&h, 1), "District akims were elected directly in a pilot, under close supervision.[^2][^3]");
    assert!(h.state().view.dialog.is_none());
    // One undo step takes back both the footnote and its marker.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.chapter, sample());
}

#[test]
fn find_walks_every_match_forwards_and_backwards() {
    let mut h = harness(sample());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().view.find.open);
    // The find field has the focus: typing goes there. "council" is in LDG bullet 1 and in
    // footnote 1.
    h.get_by_label("Find").hover();
    h.event(egui::Event::Text("council".to_owned()));
    h.run();
    h.get_by_label("2 matches");
    h.key_press(Key::Enter);
    h.run();
    let b1 = ldg_ids(&h)[0];
    h.get_by_label("1 of 2");
    assert_eq!(h.state().view.category, 4);
    assert_eq!(h.state().view.selected_block, Some(b1));
    click(&mut h, "Next match");
    h.get_by_label("2 of 2");
    assert_eq!(h.state().view.tab, rapporteur::app::Tab::Footnotes);
    click(&mut h, "Next match");
    h.get_by_label("1 of 2");
    assert_eq!(h.state().view.tab, rapporteur::app::Tab::Justification);
    click(&mut h, "Previous match");
    h.get_by_label("2 of 2");
    // Escape closes the bar.
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().view.find.open);
}

#[test]
fn save_in_the_unsaved_prompt_asks_where_then_carries_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kazakhstan-2024.ron");
    let mut h = harness(sample());
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    assert_eq!(h.state().window_title(), "Untitled • — Rapporteur");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert_eq!(h.state().view.dialog, Some(Dialog::Unsaved(PendingOp::New)));
    click(&mut h, "Save");
    // No file yet and no native dialog: the path field; Enter in it saves, then New goes on.
    h.get_by_label("Save the chapter as");
    type_into(&mut h, "Path:", &path.to_string_lossy());
    h.key_press(Key::Enter);
    h.run();
    settle(&mut h);
    let saved = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.category("NDG").and_then(|c| c.rating), Some(Rating::from_hundredths(150)));
    assert!(h.state().view.dialog.is_none());
    assert_eq!(h.state().doc.chapter.country, "", "New ran after the save");
    assert!(h.state().doc.path.is_none());
    assert!(!h.state().doc.is_dirty());
    assert_eq!(h.state().prefs.recent.first(), Some(&path));
}

/// A file dropped on the window, as eframe hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn dropped(path: std::path::PathBuf) -> egui::DroppedFileHandle {
    std::sync::Arc::new(Dropped(path))
}

#[test]
fn open_recent_dropped_files_and_the_path_field_open_chapters() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let first = dir.path().join("first.ron");
    let second = dir.path().join("second.ron");
    let mut one = sample();
    one.country = "Georgia".into();
    let mut two = sample();
    two.country = "Armenia".into();
    rapporteur::io::save(&first, &one).unwrap_or_else(|e| panic!("{e}"));
    rapporteur::io::save(&second, &two).unwrap_or_else(|e| panic!("{e}"));

    // Ctrl+O with no native dialog: the path field, Enter opens.
    let mut h = harness(sample());
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("Open a chapter");
    // A path with no file says so, and Enter does nothing.
    type_into(&mut h, "Path:", &dir.path().join("missing.ron").to_string_lossy());
    h.get_by_label("There is no file at this path.");
    h.key_press(Key::Enter);
    h.run();
    assert!(matches!(h.state().view.dialog, Some(Dialog::PathPrompt { .. })));
    enter_rating(&mut h, "Path:", &first.to_string_lossy());
    assert_eq!(h.state().doc.chapter.country, "Georgia");
    assert_eq!(h.state().window_title(), "first.ron — Rapporteur");

    // A .ron dropped on the window opens; anything else is ignored.
    h.input_mut().dropped_files.push(dropped(dir.path().join("notes.txt")));
    h.run();
    assert_eq!(h.state().doc.chapter.country, "Georgia");
    h.input_mut().dropped_files.push(dropped(second.clone()));
    h.run();
    assert_eq!(h.state().doc.chapter.country, "Armenia");
    assert_eq!(h.state().prefs.recent, [second.clone(), first.clone()]);

    // File ▸ Open Recent lists both, newest first; choosing one opens it.
    click(&mut h, "File");
    h.get_by_label("Open Recent").hover();
    h.run();
    click(&mut h, &first.display().to_string());
    assert_eq!(h.state().doc.chapter.country, "Georgia");

    // A recent file that has since gone is reported, and dropped from the list.
    std::fs::remove_file(&second).unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().emit(Action::OpenPath(second.clone()));
    h.run();
    h.get_by_label("Cannot open the file");
    assert_eq!(h.state().prefs.recent, std::slice::from_ref(&first));
    click(&mut h, "OK");
    rapporteur::io::save(&second, &two).unwrap_or_else(|e| panic!("{e}"));

    // With unsaved changes, a dropped file asks first; Cancel keeps the work.
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    h.input_mut().dropped_files.push(dropped(second.clone()));
    h.run();
    assert_eq!(h.state().view.dialog, Some(Dialog::Unsaved(PendingOp::OpenPath(second))));
    click(&mut h, "Cancel");
    assert_eq!(h.state().doc.chapter.country, "Georgia");
    assert!(h.state().doc.is_dirty());
}

#[test]
fn unsaved_work_is_autosaved_every_30_seconds_and_cleared_by_a_save() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let recovery = Recovery::new(dir.path().join("recovery"));
    let recovery_file = recovery.path_for(None);
    let (clock, hand) = Clock::manual();
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(
            move |cc| {
                RapporteurApp::from_chapter(&cc.egui_ctx, sample())
                    .with_native_dialogs(false)
                    .with_recovery(recovery)
                    .with_clock(clock)
            },
        );
    h.run();
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    hand.advance(25.0);
    h.run();
    assert!(!recovery_file.exists(), "autosaved before 30 s");
    hand.advance(5.0);
    h.run();
    settle(&mut h);
    let autosaved = rapporteur::io::load(&recovery_file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(autosaved.category("NDG").and_then(|c| c.rating), Some(Rating::from_hundredths(150)));
    assert!(h.state().view.last_save.as_deref().is_some_and(|s| s.starts_with("Autosaved")));

    // Saving the chapter removes the recovery file: nothing is offered at the next start.
    let path = dir.path().join("kz.ron");
    h.state_mut().emit(Action::SaveAsPath { path: path.clone(), then: None });
    h.run();
    settle(&mut h);
    assert!(path.exists());
    assert!(!recovery_file.exists());
    assert!(Recovery::new(dir.path().join("recovery")).found().is_empty());
}

#[test]
fn the_findings_panel_filters_by_severity() {
    let mut h = harness(sample());
    // The sample has warnings (CS and others rated without bullets) and one error (LDG's
    // change has no reason).
    let warnings = h.state().derived().findings().iter().filter(|f| f.severity == Severity::Warning).count();
    assert!(warnings >= 1);
    let error = h
        .state()
        .derived()
        .findings()
        .iter()
        .find(|f| f.severity == Severity::Error)
        .map_or_else(|| panic!("the sample has an error finding"), |f| f.message.clone());
    // Each finding is an item of the list of findings, saying severity, place and message.
    let item = format!("Error, Local Democratic Governance: {error}");
    h.get_by_role_and_label(Role::ListItem, &item);
    h.get_by_role_and_label(Role::Button, &format!("Go to: {item}"));
    click(&mut h, "Show errors (1)");
    assert!(h.query_by_role_and_label(Role::ListItem, &item).is_none(), "hidden errors are not listed");
    assert_eq!(h.state().view.findings_shown, [false, true, true]);
    click(&mut h, "Show errors (1)");
    h.get_by_role_and_label(Role::ListItem, &item);
}

#[test]
fn a_footnote_shows_where_it_is_used_and_leads_there() {
    let mut h = harness(sample());
    click(&mut h, "Footnotes");
    let b2 = ldg_ids(&h)[1];
    // Footnote 2 is cited in LDG's second bullet.
    click(&mut h, "Go to Local Democratic Governance bullet 2, where footnote 2 is cited");
    assert_eq!(h.state().view.tab, rapporteur::app::Tab::Justification);
    assert_eq!(h.state().view.category, 4);
    assert_eq!(h.state().view.selected_block, Some(b2));

    // A footnote nobody cites says so, and can be deleted.
    click(&mut h, "Footnotes");
    click(&mut h, "Add footnote");
    assert_eq!(h.state().doc.chapter.footnotes.len(), 3);
    h.get_by_label("unused");
    h.get_by_role_and_label(Role::Button, "Delete footnote 3").click();
    h.run();
    // Ids are never reused, so the chapter is the sample's but for the id counter.
    assert_eq!(h.state().doc.chapter.footnotes, sample().footnotes);

    // Bullets swapped put [^2] before [^1]; Renumber makes it [^1], [^2] again, citations
    // following their markers, in one undoable step.
    click(&mut h, "Local Democratic Governance");
    h.get_by_role_and_label(Role::Button, "Move bullet 1 down").click();
    h.run();
    assert!(h.state().derived().findings().iter().any(|f| f.code == "footnote-order"));
    click(&mut h, "Footnotes");
    click(&mut h, "Renumber");
    assert!(ldg_text(&h, 0).ends_with("supervision.[^1]"), "{}", ldg_text(&h, 0));
    assert!(ldg_text(&h, 1).ends_with("debate.[^2]"), "{}", ldg_text(&h, 1));
    let notes: Vec<(String, String)> =
        h.state().doc.chapter.footnotes.iter().map(|f| (f.label.clone(), f.text.clone())).collect();
    assert!(notes.contains(&("1".to_owned(), "Election commission report.".to_owned())), "{notes:?}");
    assert!(notes.contains(&("2".to_owned(), "Council records, 2023.".to_owned())), "{notes:?}");
    assert!(h.state().derived().findings().iter().all(|f| !f.code.as_str().starts_with("footnote-")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(ldg_text(&h, 0).ends_with("supervision.[^2]"));
}

#[test]
fn the_theme_is_chosen_in_the_view_menu_and_remembered() {
    let mut h = harness(sample());
    click(&mut h, "View");
    click(&mut h, "Light");
    assert_eq!(h.state().prefs.theme, rapporteur::app::theme::ThemeChoice::Light);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    click(&mut h, "View");
    click(&mut h, "Dark");
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    // What eframe stores between runs: the theme and recent files, never the chapter.
    let stored = ron::to_string(&h.state().prefs).unwrap_or_else(|e| panic!("{e}"));
    assert!(stored.contains("Dark"), "{stored}");
    assert!(!stored.contains("maslikhats"), "{stored}");
}

#[test]
fn draft_from_data_writes_the_score_change_items() {
    let mut h = harness(sample());
    click(&mut h, "Chapter");
    click(&mut h, "Draft from data");
    let items: Vec<String> = h.state().doc.chapter.score_changes.iter().map(|b| b.text.clone()).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].starts_with("Local Democratic Governance rating declined from 1.75 to 1.50"), "{items:?}");
    assert!(items[1].contains("1.32 to 1.29"), "{items:?}");
    // The drafted item leaves the reason to the author, and says so; the overall sentence is
    // no longer missing.
    let about_changes: Vec<(&str, &str)> = h
        .state()
        .derived()
        .findings()
        .iter()
        .filter(|f| f.code.as_str().starts_with("change-"))
        .map(|f| (f.code.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        about_changes,
        [("change-reason-missing", "the reason for the Local Democratic Governance change is not written yet")]
    );
}

#[test]
fn a_long_category_lays_out_only_what_is_in_sight_and_findings_still_lead_anywhere() {
    let mut c = sample();
    let mut bullets = Vec::new();
    for n in 1..=150 {
        let marker = if n == 120 { "[^99]" } else { "[^1]" };
        bullets.push(c.new_block(format!("Bullet {n}: the council met and the akim reported to it.{marker}")));
    }
    c.category_mut("LDG").unwrap_or_else(|| panic!("LDG")).bullets = bullets;
    let target = c.category("LDG").map(|e| e.bullets[119].id);
    let mut h = harness(c);
    click(&mut h, "Local Democratic Governance");
    // The first bullets are there; the last ones are not laid out at all.
    assert!(h.query_by_role_and_label(Role::MultilineTextInput, "Bullet 1 of Local Democratic Governance").is_some());
    assert!(h.query_by_role_and_label(Role::MultilineTextInput, "Bullet 150 of Local Democratic Governance").is_none());

    // The finding about bullet 120 brings it into view, focused.
    click(&mut h, "Go to: Error, Local Democratic Governance, bullet 120: footnote [^99] has no definition");
    assert_eq!(h.state().view.selected_block, target);
    let field = h.get_by_role_and_label(Role::MultilineTextInput, "Bullet 120 of Local Democratic Governance");
    let rect = field.rect();
    assert!(rect.top() > 0.0 && rect.bottom() < 900.0, "bullet 120 is at {rect:?}");
    assert!(field.is_focused());
}

#[test]
fn keys_add_a_bullet_after_the_one_being_edited_and_move_it() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    let before = ldg_ids(&h);
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    fields[0].focus();
    h.run();
    // Ctrl+Enter: a new, empty bullet after the first, with the cursor in it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let after = ldg_ids(&h);
    assert_eq!(after.len(), 3);
    assert_eq!((after[0], after[2]), (before[0], before[1]));
    assert_eq!(ldg_text(&h, 1), "");
    type_keys(&mut h, "Budgets passed unread.");
    assert_eq!(ldg_text(&h, 1), "Budgets passed unread.");
    assert_eq!(ldg_text(&h, 0).matches('\n').count(), 0, "Ctrl+Enter adds no line break");

    // Alt+Up moves the bullet being edited up, and it stays in the editor.
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    assert_eq!(ldg_text(&h, 0), "Budgets passed unread.");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run();
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run();
    assert_eq!(ldg_text(&h, 2), "Budgets passed unread.");
}

#[test]
fn redo_does_nothing_after_a_new_edit_and_its_menu_item_is_disabled() {
    let mut h = harness(sample());
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click(); // NDG 1.25 -> 1.50
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.25"));
    assert!(h.state().doc.can_redo());
    h.get_by_role_and_label(Role::Button, "Raise Electoral Process rating").click(); // EP 1.25 -> 1.50: a new edit
    h.run();
    assert!(!h.state().doc.can_redo(), "a new edit leaves nothing to redo");
    click(&mut h, "Edit");
    assert!(disabled(&h.get_by_role_and_label(Role::MenuItem, "Redo Ctrl+Shift+Z")), "Edit ▸ Redo is greyed out");
    assert!(!disabled(&h.get_by_role_and_label(Role::MenuItem, "Undo Ctrl+Z")));
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.25"), "the abandoned edit stays abandoned");
    assert_eq!(rating(&h, "EP").as_deref(), Some("1.50"), "the new edit is kept");
    // Undo walks back the new edit only.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(rating(&h, "EP").as_deref(), Some("1.25"));
    assert_eq!(h.state().doc.chapter, sample());
}

#[test]
fn authors_typed_key_by_key_keep_their_spaces_and_commas() {
    let mut h = harness(sample());
    click(&mut h, "Chapter");
    type_into(&mut h, "Authors", "Ann Lee, Bo Kim");
    assert_eq!(h.get_by_label("Authors").value().as_deref(), Some("Ann Lee, Bo Kim"));
    assert_eq!(h.state().doc.chapter.authors, Authors::Named(vec!["Ann Lee".into(), "Bo Kim".into()]));
    h.get_by_label("Published as: Authors: Ann Lee, Bo Kim");
    // A trailing comma and space stay in the field while typing, and not in the names.
    type_keys(&mut h, ", ");
    assert_eq!(h.get_by_label("Authors").value().as_deref(), Some("Ann Lee, Bo Kim, "));
    assert_eq!(h.state().doc.chapter.authors, Authors::Named(vec!["Ann Lee".into(), "Bo Kim".into()]));
    // Leaving the field shows the names as they will be published.
    click(&mut h, "Country");
    assert_eq!(h.get_by_label("Authors").value().as_deref(), Some("Ann Lee, Bo Kim"));
    // The typing is one undo step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.chapter.authors, Authors::Named(Vec::new()));
    assert_eq!(h.get_by_label("Authors").value().as_deref(), Some(""));
}

#[test]
fn header_fields_take_typing_key_by_key() {
    let mut h = harness(sample());
    click(&mut h, "Chapter");
    select_all_and_type(&mut h, "Country", "Kyrgyz Republic");
    assert_eq!(h.state().doc.chapter.country, "Kyrgyz Republic");
    assert_eq!(h.get_by_label("Country").value().as_deref(), Some("Kyrgyz Republic"));
    select_all_and_type(&mut h, "Title", "Nations in Transit 2024 - Kyrgyz Republic");
    assert_eq!(h.state().doc.chapter.title, "Nations in Transit 2024 - Kyrgyz Republic");
}

#[test]
fn footnote_fields_take_typing_key_by_key() {
    let mut h = harness(sample());
    click(&mut h, "Footnotes");
    let labels: Vec<_> = h.get_all_by_role(Role::TextInput).filter(|n| n.value().as_deref() == Some("1")).collect();
    labels[0].focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    // A label typed with a space on the way keeps it while typing ("n 1" → "n1" is not what
    // the author typed); the model holds the trimmed label.
    type_keys(&mut h, "note 1");
    let f = &h.state().doc.chapter.footnotes[0];
    assert_eq!(f.label, "note 1");
    let citations: Vec<_> =
        h.get_all_by_role(Role::TextInput).filter(|n| n.value().as_deref() == Some("Council records, 2023.")).collect();
    citations[0].focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run();
    type_keys(&mut h, " Vol 2");
    assert_eq!(h.state().doc.chapter.footnotes[0].text, "Council records, 2023. Vol 2");
    let urls: Vec<_> = h.get_all_by_role(Role::TextInput).filter(|n| n.value().as_deref() == Some("")).collect();
    // The first empty one-line field in the first row is footnote 1's URL.
    urls[0].focus();
    h.run();
    type_keys(&mut h, "https://example.org/a b");
    assert_eq!(h.state().doc.chapter.footnotes[0].url.as_deref(), Some("https://example.org/a b"));
}

#[test]
fn ratings_and_find_take_typing_key_by_key() {
    let mut h = harness(sample());
    enter_rating(&mut h, "Local Democratic Governance rating", "2.75");
    assert_eq!(rating(&h, "LDG").as_deref(), Some("2.75"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    type_keys(&mut h, "akims");
    h.get_by_label("1 matches");
}

#[test]
fn ctrl_f_in_an_open_find_bar_selects_its_words_and_never_touches_the_bullet() {
    let mut h = harness(sample());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    type_keys(&mut h, "budgets");
    h.key_press(Key::Enter);
    h.run();
    let before = h.state().doc.chapter.clone();
    // Ctrl+F again, as a person does to search for something else: the bar stays open, its
    // field has the keys with "budgets" selected, and typing replaces it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().view.find.open);
    type_keys(&mut h, "akims");
    assert_eq!(h.state().view.find.query, "akims");
    h.get_by_label("1 matches");
    assert_eq!(h.state().doc.chapter, before, "the typing went to the find field only");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().view.find.open);
}

#[test]
fn started_without_a_file_the_editor_shows_the_start_page() {
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| RapporteurApp::start_page(&cc.egui_ctx).with_native_dialogs(false));
    h.run();
    h.get_by_label("New chapter");
    h.get_by_label("Kazakhstan 2024");
    // No findings wall: the editor's panels are not there yet.
    assert!(h.query_by_label("Findings").is_none());
    assert!(disabled(&h.get_by_role_and_label(Role::Button, "Create chapter")));
    type_into(&mut h, "Country", "North Macedonia");
    assert_eq!(h.state().start.as_ref().map(|s| s.country.as_str()), Some("North Macedonia"));
    click(&mut h, "Create chapter");
    assert!(h.state().start.is_none());
    let c = &h.state().doc.chapter;
    assert_eq!(c.country, "North Macedonia");
    assert_eq!(c.title, format!("Nations in Transit {} - North Macedonia", c.edition));
    // A chapter not started yet shows a to-do list, not a wall of red.
    h.get_by_label("To do");
    h.get_by_label("0 of 7 rated");
    h.get_by_label("no bullets yet");
    assert!(h.query_by_label("Findings").is_none());
    // Rating a category starts it: the findings take over.
    h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    h.get_by_label("Findings");
}

#[test]
fn the_start_page_starts_from_last_years_chapter_and_opens_samples() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let last = dir.path().join("kz-2024.ron");
    rapporteur::io::save(&last, &sample()).unwrap_or_else(|e| panic!("{e}"));
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| RapporteurApp::start_page(&cc.egui_ctx).with_native_dialogs(false));
    h.run();
    type_into(&mut h, "Country", "Kazakhstan");
    type_into(&mut h, "Last year's chapter", &last.to_string_lossy());
    click(&mut h, "Create chapter");
    let c = &h.state().doc.chapter;
    assert_eq!(c.category("LDG").and_then(|e| e.last_year), Some(Rating::from_hundredths(150)));
    assert!(c.categories.iter().all(|e| e.rating.is_none() && e.bullets.is_empty()));

    // File ▸ Start Page, then a sample.
    h.state_mut().emit(Action::ShowStartPage);
    h.run();
    click(&mut h, "Kazakhstan 2024");
    assert_eq!(h.state().doc.chapter.country, "Kazakhstan");
    assert_eq!(h.state().doc.chapter.footnotes.len(), 82);
    assert!(h.state().doc.path.is_none(), "a sample opens as a copy: Save asks where");
}

#[test]
fn the_writing_column_keeps_a_readable_width_at_1024_by_640() {
    for (w, hgt) in [(1024.0, 640.0), (1280.0, 800.0), (1920.0, 1080.0)] {
        let mut h = Harness::builder()
            .with_step_dt(STEP)
            .with_max_steps(MAX_STEPS)
            .with_size([w, hgt])
            .build_eframe(|cc| RapporteurApp::from_chapter(&cc.egui_ctx, sample()).with_native_dialogs(false));
        h.run();
        click(&mut h, "Local Democratic Governance");
        let field = h.get_all_by_role(Role::MultilineTextInput).next().unwrap_or_else(|| panic!("a bullet field"));
        let width = field.rect().width();
        assert!(width >= 0.38 * w, "at {w}×{hgt} the bullet text is {width} px wide");
        // Every category's rating field is reachable on the ratings side.
        h.get_by_label("Corruption rating");
    }
    // Hiding both side panels gives the text nearly the whole window.
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1024.0, 640.0])
        .build_eframe(|cc| RapporteurApp::from_chapter(&cc.egui_ctx, sample()).with_native_dialogs(false));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::R);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::ALT, Key::F);
    h.run();
    assert!(!h.state().view.find.open, "Ctrl+Alt+F hides the findings, it does not open Find");
    assert!(h.query_by_label("Findings").is_none());
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    let field = h.get_all_by_role(Role::MultilineTextInput).next().unwrap_or_else(|| panic!("a bullet field"));
    assert!(field.rect().width() >= 850.0, "{}", field.rect().width());
}

#[test]
fn two_windows_autosave_two_chapters_and_the_next_start_offers_both() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("recovery");
    let mut windows = Vec::new();
    for (country, file) in [("Georgia", "ge.ron"), ("Armenia", "am.ron")] {
        let path = dir.path().join(file);
        let mut c = sample();
        c.country = country.into();
        rapporteur::io::save(&path, &c).unwrap_or_else(|e| panic!("{e}"));
        let (clock, hand) = Clock::manual();
        let recovery = Recovery::new(folder.clone());
        let mut h =
            Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1280.0, 800.0]).build_eframe(
                move |cc| RapporteurApp::from_path(&cc.egui_ctx, &path).with_recovery(recovery).with_clock(clock),
            );
        h.run();
        h.get_by_role_and_label(Role::Button, "Raise National Democratic Governance rating").click();
        h.run();
        windows.push((h, hand));
    }
    for (h, hand) in &mut windows {
        hand.advance(31.0);
        h.run();
        settle(h);
    }
    // Both windows "crash": nothing more runs. The next start finds both chapters.
    drop(windows);
    let recovery = Recovery::new(folder);
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| RapporteurApp::start_page(&cc.egui_ctx).with_recovery(recovery));
    h.run();
    h.get_by_label("Restore unsaved work?");
    h.get_by_label("Rapporteur found 2 chapters with changes that were never saved.");
    h.get_by_label(&dir.path().join("ge.ron").display().to_string());
    h.get_by_label(&dir.path().join("am.ron").display().to_string());
    let restore = format!("Restore {}", dir.path().display());
    h.get_all_by_label_contains(&restore).next().unwrap_or_else(|| panic!("{restore}")).click();
    h.run();
    let restored = h.state().doc.chapter.country.clone();
    assert!(restored == "Georgia" || restored == "Armenia");
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));
    assert!(h.state().doc.is_dirty());
    assert!(h.state().doc.path.as_ref().is_some_and(|p| p.is_absolute()));
    // The other one is still offered.
    click(&mut h, "File");
    click(&mut h, "Recover Unsaved Work…");
    h.get_by_label("Rapporteur found a chapter with changes that were never saved.");
}

#[test]
fn typing_a_marker_opens_the_footnote_completer() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    end_of_field(&mut h, 1);
    type_keys(&mut h, " Observers agreed.[^");
    h.get_by_label("Footnote (↑ ↓, Enter)");
    h.get_by_label("[^1] Council records, 2023.");
    h.get_by_label("[^2] Election commission report.");
    // Typing narrows it; ↓ then Enter takes the second entry... here "1" leaves one footnote.
    type_keys(&mut h, "1");
    assert!(h.query_by_label("[^2] Election commission report.").is_none());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().doc.chapter.categories[4].bullets[1].text,
        "District akims were elected directly in a pilot, under close supervision.[^2] Observers agreed.[^1]"
    );
    assert!(h.query_by_label("Footnote (↑ ↓, Enter)").is_none());
    // "New footnote…" creates [^3] and puts the cursor in its citation.
    type_keys(&mut h, " More.[^");
    h.key_press(Key::ArrowUp);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let c = &h.state().doc.chapter;
    assert!(c.categories[4].bullets[1].text.ends_with("Observers agreed.[^1] More.[^3]"));
    assert_eq!(c.footnotes.last().map(|f| (f.label.as_str(), f.text.as_str())), Some(("3", "")));
    assert_eq!(h.state().view.tab, rapporteur::app::Tab::Footnotes);
    type_keys(&mut h, "Regional press survey");
    assert_eq!(h.state().doc.chapter.footnotes.last().map(|f| f.text.as_str()), Some("Regional press survey"));
    // Escape closes the list and leaves the typing alone.
    click(&mut h, "Justification");
    end_of_field(&mut h, 0);
    type_keys(&mut h, " [^");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Footnote (↑ ↓, Enter)").is_none());
    assert!(h.state().doc.chapter.categories[4].bullets[0].text.ends_with(" [^"));
}

#[test]
fn check_links_reports_addresses_and_footnotes_open_theirs() {
    let mut c = sample();
    c.footnotes[0].url = Some("https://example.org/report".into());
    let mut h = harness(c);
    click(&mut h, "Footnotes");
    // Both footnotes have a well-formed address: each can be opened.
    h.get_by_label("Open the address of footnote 1 in the browser");
    h.get_by_label("Open the address of footnote 2 in the browser");
    click(&mut h, "Check links");
    h.get_by_label("Links: 1 to look at");
    h.get_by_label("[^1], [^2] share the address https://example.org/report");
    click(&mut h, "OK");
    h.get_by_label("Open the address of footnote 1 in the browser").click();
    h.step();
    let opened = h
        .output()
        .platform_output
        .commands
        .iter()
        .any(|c| matches!(c, egui::OutputCommand::OpenUrl(u) if u.url == "https://example.org/report"));
    assert!(opened, "the browser is asked to open the address");
}

fn right_click_at(h: &mut Harness<'_, RapporteurApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
}

#[test]
fn misspelt_words_are_underlined_and_corrected_from_the_right_click_menu() {
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(|cc| {
            RapporteurApp::from_chapter(&cc.egui_ctx, sample()).with_native_dialogs(false).with_spelling_ready()
        });
    h.run();
    click(&mut h, "Local Democratic Governance");
    end_of_field(&mut h, 0);
    type_keys(&mut h, " The goverment met Tokayev.");
    h.run();
    let block = h.state().doc.chapter.categories[4].bullets[0].id;
    let underlined: Vec<String> = h
        .state()
        .view
        .underlined
        .iter()
        .filter(|(f, _, _)| *f == rapporteur::app::TextField::Block(block))
        .map(|(_, w, _)| w.clone())
        .collect();
    assert_eq!(underlined, ["maslikhats", "goverment", "Tokayev"]);
    // The context key opens the menu for the word at the cursor (the end of "Tokayev").
    h.key_press(Key::ArrowLeft);
    h.run();
    h.key_press(Key::Menu);
    h.run();
    h.get_by_label("Add to chapter dictionary");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Add to chapter dictionary").is_none(), "Escape closes it");
    // The findings panel lists the block's misspellings once, as a note.
    assert!(h.state().derived().findings().iter().any(|f| f.message == "misspelt: maslikhats, goverment, Tokayev"));

    // Right-click "goverment": suggestions; "government" replaces it, one undo step.
    let rect = h
        .state()
        .view
        .underlined
        .iter()
        .find(|(_, w, _)| w == "goverment")
        .map_or_else(|| panic!("goverment"), |(_, _, r)| *r);
    right_click_at(&mut h, rect.center());
    click(&mut h, "government");
    let text = h.state().doc.chapter.categories[4].bullets[0].text.clone();
    assert!(text.ends_with("without debate.[^1] The government met Tokayev."), "{text}");
    h.state_mut().emit(Action::Undo);
    h.run();
    assert!(h.state().doc.chapter.categories[4].bullets[0].text.ends_with(" The goverment met Tokayev."));
    h.state_mut().emit(Action::Redo);
    h.run();

    // "Add to chapter dictionary" on Tokayev: no longer underlined, and saved with the chapter.
    let rect = h
        .state()
        .view
        .underlined
        .iter()
        .find(|(_, w, _)| w == "Tokayev")
        .map_or_else(|| panic!("Tokayev"), |(_, _, r)| *r);
    right_click_at(&mut h, rect.center());
    click(&mut h, "Add to chapter dictionary");
    h.run();
    assert!(h.state().view.underlined.iter().all(|(_, w, _)| w != "Tokayev"));
    assert_eq!(h.state().doc.chapter.spelling.words, ["Tokayev"]);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kz.ron");
    h.state_mut().emit(Action::SaveAsPath { path: path.clone(), then: None });
    h.run();
    settle(&mut h);
    let saved = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.spelling.words, ["Tokayev"]);
    // "Ignore in this chapter" on maslikhats.
    let rect = h
        .state()
        .view
        .underlined
        .iter()
        .find(|(_, w, _)| w == "maslikhats")
        .map_or_else(|| panic!("maslikhats"), |(_, _, r)| *r);
    right_click_at(&mut h, rect.center());
    click(&mut h, "Ignore in this chapter");
    h.run();
    let left: Vec<&str> = h.state().view.underlined.iter().map(|(_, w, _)| w.as_str()).collect();
    assert_eq!(left, ["akims"], "only bullet 2's word is left");
    assert_eq!(h.state().doc.chapter.spelling.ignored, ["maslikhats"]);
}

#[test]
fn the_title_and_footnote_citations_are_spell_checked_too() {
    let mut c = sample();
    c.title = "Nations in Trnasit 2024 - Kazakhstan".into();
    c.footnotes[0].text = "Council recrods, 2023.".into();
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(|cc| {
            RapporteurApp::from_chapter(&cc.egui_ctx, c).with_native_dialogs(false).with_spelling_ready()
        });
    h.run();
    click(&mut h, "Chapter");
    assert!(
        h.state().view.underlined.iter().any(|(f, w, _)| *f == rapporteur::app::TextField::Title && w == "Trnasit")
    );
    click(&mut h, "Footnotes");
    let note = h.state().doc.chapter.footnotes[0].id;
    let rect = h
        .state()
        .view
        .underlined
        .iter()
        .find(|(f, w, _)| *f == rapporteur::app::TextField::FootnoteText(note) && w == "recrods")
        .map_or_else(|| panic!("recrods underlined"), |(_, _, r)| *r);
    right_click_at(&mut h, rect.center());
    click(&mut h, "records");
    assert_eq!(h.state().doc.chapter.footnotes[0].text, "Council records, 2023.");
    // Spelling can be turned off: nothing is underlined then.
    h.state_mut().emit(Action::ToggleSpelling);
    h.run();
    h.run();
    click(&mut h, "Chapter");
    assert!(h.state().view.underlined.is_empty());
}

#[cfg(feature = "pdf")]
#[test]
fn a_pdf_export_runs_in_the_background_while_typing_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("large.pdf");
    let chapter = rapporteur::sample::large_chapter(7, 150, 1500);
    let exported = chapter.clone();
    let mut h = harness(chapter);
    h.state_mut().emit(Action::ExportPath(rapporteur::export::Format::Pdf, out.clone()));
    h.step();
    h.get_by_label("Exporting PDF…");
    assert_eq!(h.state().jobs_running(), ["Exporting PDF…"]);
    // The chapter stays editable: typing is applied, key by key, while the export runs.
    end_of_field(&mut h, 0);
    type_keys(&mut h, "xyz");
    assert!(h.state().jobs_writing(), "the export was still running when the typing was applied");
    assert_ne!(h.state().doc.chapter, exported);
    assert!(h.state().doc.is_dirty());
    settle(&mut h);
    assert!(h.state().jobs_running().is_empty());
    assert!(std::fs::read(&out).unwrap_or_default().starts_with(b"%PDF"));
    let status = h.state().view.last_save.clone().unwrap_or_default();
    assert_eq!(status, format!("Exported {}", out.display()));
    // The export is the chapter as it was when it was asked for.
    let expected = rapporteur::export::export(&exported, h.state().method(), rapporteur::export::Format::Pdf)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(std::fs::read(&out).unwrap_or_default(), expected);
}

#[test]
fn closing_while_an_export_runs_waits_for_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("kz.docx");
    let mut h = harness(sample());
    h.state_mut().emit(Action::ExportPath(rapporteur::export::Format::Docx, out.clone()));
    h.state_mut().emit(Action::Quit);
    // The frame that applies both: the export is under way, so the window stays open.
    h.step();
    assert!(h.state().jobs_writing());
    assert!(!h.state().is_closing(), "the window stays open while the export is written");
    h.get_by_label_contains("The window closes when it is done.");
    settle(&mut h);
    assert!(h.state().is_closing());
    assert!(std::fs::read(&out).unwrap_or_default().starts_with(b"PK"), "the export was written");
}
