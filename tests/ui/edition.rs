//! The edition's overview in the editor (File ▸ Open Edition…): an edition of our own making
//! (three Nations in Transit chapters in two regions, written as files), opened from its
//! folder; its rows' cells, sorting by a header, filtering by typing and by region, the sums
//! at the foot, chapters opened in tabs, a save and a change on disk updating their rows.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapporteur::Methodology;
use rapporteur::app::{Action, Dialog, RapporteurApp, UnsavedChoice};
use rapporteur::edition::{EditionFile, Region};
use rapporteur::model::{Authors, Chapter, Rating};

use crate::common::{MAX_STEPS, STEP, click, enter_rating, rating, settle, type_into};

/// A Nations in Transit chapter: the seven ratings in hundredths (NDG, EP, CS, IM, LDG, JFI,
/// CO), last year's if given, and a sentence of our own in each category.
fn chapter(country: &str, ratings: [u32; 7], last: Option<[u32; 7]>, author: Option<&str>) -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, country, 2024);
    c.authors = author.map_or(Authors::Anonymous, |a| Authors::Named(vec![a.to_owned()]));
    for (i, r) in ratings.iter().enumerate() {
        let block = c.new_block(format!("In {country} the institutions of this category changed little."));
        let entry = &mut c.categories[i];
        entry.rating = Some(Rating::from_hundredths(*r));
        entry.last_year = last.map(|l| Rating::from_hundredths(l[i]));
        entry.bullets.push(block);
    }
    c
}

fn write(path: &std::path::Path, chapter: &Chapter) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, rapporteur::io::to_ron(chapter)).unwrap_or_else(|e| panic!("{e}"));
}

/// Kazakhstan (Central Asia: 1.29, down from 1.32), Georgia (Eurasia: 3.00) and Estonia
/// (Eurasia too, for the sums: 6.00, up from 5.75).
fn edition_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut file = EditionFile::new("Nations in Transit 2024", "nit-2020", 2024);
    file.regions = vec![
        Region { name: "Central Asia".into(), countries: vec!["Kazakhstan".into()] },
        Region { name: "Eurasia".into(), countries: vec!["Georgia".into(), "Estonia".into()] },
    ];
    std::fs::write(dir.path().join("edition.ron"), file.to_ron()).unwrap_or_else(|e| panic!("{e}"));
    let kz = chapter(
        "Kazakhstan",
        [125, 125, 125, 125, 150, 125, 125],
        Some([125, 125, 125, 125, 175, 125, 125]),
        Some("Aru Tamar"),
    );
    write(&dir.path().join("kazakhstan.ron"), &kz);
    write(&dir.path().join("georgia.ron"), &chapter("Georgia", [300; 7], None, None));
    write(&dir.path().join("estonia.ron"), &chapter("Estonia", [600; 7], Some([575; 7]), Some("Mari Kask")));
    dir
}

fn open(dir: &std::path::Path) -> Harness<'static, RapporteurApp> {
    let dir = dir.to_owned();
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| RapporteurApp::from_path(&cc.egui_ctx, &dir).with_native_dialogs(false));
    settle(&mut h);
    h
}

/// The countries of the rows shown, in order.
fn countries(h: &mut Harness<'_, RapporteurApp>) -> Vec<String> {
    let ov = h.state_mut().overview_mut().unwrap_or_else(|| panic!("no edition open"));
    let shown = ov.shown().to_vec();
    shown.iter().map(|&i| ov.edition.entries[i].row.country.clone()).collect()
}

fn press(h: &mut Harness<'_, RapporteurApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

#[test]
fn the_overview_shows_every_chapter_its_figures_and_sums() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    assert!(h.state().overview_shown());
    // Published order: region by region as the edition file lists them, then by country.
    assert_eq!(countries(&mut h), ["Kazakhstan", "Georgia", "Estonia"]);
    for label in [
        "Kazakhstan — Country: Kazakhstan",
        "Kazakhstan — Region: Central Asia",
        "Kazakhstan — Author: Aru Tamar",
        "Kazakhstan — Democracy Score: 1.29",
        "Kazakhstan — Democracy Percentage: 4.76",
        "Kazakhstan — Democracy Score 2023: 1.32",
        "Kazakhstan — Change: ▼ -0.03",
        "Kazakhstan — Classification: Consolidated Authoritarian Regime",
        "Kazakhstan — Errors: 1",
        "Kazakhstan — Warnings: 3",
        "Georgia — Errors: 0",
        "Estonia — Errors: 7",
        "Estonia — Words: 63",
        "Kazakhstan — Review: Not reviewed",
        "Georgia — Author: Anonymous",
        "Georgia — Democracy Score: 3.00",
        "Georgia — Democracy Score 2023: –",
        "Georgia — Change: –",
        "Georgia — Classification: Semi-Consolidated Authoritarian Regime",
        "Estonia — Democracy Score: 6.00",
        "Estonia — Change: ▲ +0.25",
        "Estonia — Classification: Consolidated Democracy",
    ] {
        h.get_by_label(label);
    }
    // The sums of every row shown, region by region and for all.
    h.get_by_label("Central Asia: 1 chapter");
    h.get_by_label("Eurasia: 2 chapters");
    h.get_by_label("All: 3 chapters");
    h.get_by_label("Eurasia mean Democracy Score: 4.50");
    h.get_by_label("All mean Democracy Score: 3.43");
    h.get_by_label("All mean Democracy Score 2023: 3.54");
    h.get_by_label(
        "All classes: Consolidated Democracy 1 · Semi-Consolidated Authoritarian Regime 1 · Consolidated \
         Authoritarian Regime 1 · 2 with errors",
    );
}

#[test]
fn headers_sort_and_the_filters_narrow_the_rows_and_their_sums() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    click(&mut h, "Democracy Score");
    assert_eq!(countries(&mut h), ["Kazakhstan", "Georgia", "Estonia"]);
    h.get_by_label("Democracy Score, sorted ascending");
    click(&mut h, "Democracy Score, sorted ascending");
    assert_eq!(countries(&mut h), ["Estonia", "Georgia", "Kazakhstan"]);
    h.get_by_label("Democracy Score, sorted descending");

    // Words typed one key at a time.
    type_into(&mut h, "Filter", "authoritarian");
    assert_eq!(countries(&mut h), ["Georgia", "Kazakhstan"], "the classes hold the words; sort kept");
    h.get_by_label("All: 2 chapters");
    h.get_by_label("All mean Democracy Score: 2.15");
    h.get_by_label("All mean Democracy Score 2023: 1.32");
    for _ in 0.."authoritarian".len() {
        press(&mut h, Modifiers::NONE, Key::Backspace);
    }
    assert_eq!(countries(&mut h).len(), 3);

    // By region, from its list.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Region").click();
    h.run();
    click(&mut h, "Eurasia");
    assert_eq!(countries(&mut h), ["Estonia", "Georgia"]);
    h.get_by_label("All: 2 chapters");
    h.get_by_label("All mean Democracy Score: 4.50");
    assert!(h.query_by_label("Kazakhstan — Country: Kazakhstan").is_none(), "a row filtered out is not drawn");
}

#[test]
fn enter_opens_a_chapter_in_a_tab_and_its_save_updates_its_row() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    click(&mut h, "Democracy Score");
    // A click on a row selects it and gives the table the keys: ↓ then Enter opens the next.
    click(&mut h, "Kazakhstan — Country: Kazakhstan");
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    let selected = h.state_mut().overview_mut().and_then(|o| o.selected.clone());
    assert_eq!(selected, Some(dir.path().join("georgia.ron")));
    press(&mut h, Modifiers::NONE, Key::ArrowUp);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(!h.state().overview_shown());
    assert_eq!(h.state().doc.path.as_deref(), Some(dir.path().join("kazakhstan.ron").as_path()));
    h.get_by_label("Democracy Score 1.29 of 7");

    enter_rating(&mut h, "Local Democratic Governance rating", "1.75");
    h.get_by_label("Democracy Score 1.32 of 7");
    h.get_by_label("Kazakhstan 2024 •");
    press(&mut h, Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert!(!h.state().doc.is_dirty());
    h.get_by_label("Kazakhstan 2024");

    click(&mut h, "Overview");
    settle(&mut h);
    assert!(h.state().overview_shown());
    h.get_by_label("Kazakhstan — Democracy Score: 1.32");
    h.get_by_label("Kazakhstan — Change: = 0.00");
    h.get_by_label("Democracy Score, sorted ascending");
    assert_eq!(countries(&mut h), ["Kazakhstan", "Georgia", "Estonia"], "the sort is kept");
    h.get_by_label("All mean Democracy Score: 3.44");
}

#[test]
fn a_chapter_changed_on_disk_updates_its_row() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    h.get_by_label("Georgia — Democracy Score: 3.00");
    // A `git pull` brings a new version of Georgia, and a new chapter, and an unreadable one.
    write(&dir.path().join("georgia.ron"), &chapter("Georgia", [400; 7], Some([300; 7]), Some("Nino Beridze")));
    write(&dir.path().join("armenia.ron"), &chapter("Armenia", [325; 7], None, None));
    std::fs::write(dir.path().join("broken.ron"), "Project(country: ").unwrap_or_else(|e| panic!("{e}"));
    h.state_mut().refresh_edition();
    settle(&mut h);
    h.get_by_label("Georgia — Democracy Score: 4.00");
    h.get_by_label("Georgia — Author: Nino Beridze");
    h.get_by_label("Georgia — Change: ▲ +1.00");
    h.get_by_label("Armenia — Democracy Score: 3.25");
    h.get_by_label("broken — Review: Cannot be read");
    h.get_by_label("broken — Errors: 1");
    h.get_by_label("All: 5 chapters");
    // Armenia is in no region the edition file lists: its sums say so. Georgia's new ratings
    // changed without a word of explanation: an error now.
    h.get_by_label("No region classes: Transitional or Hybrid Regime 1 · 1 with errors");
    h.get_by_label(
        "All classes: Consolidated Democracy 1 · Transitional or Hybrid Regime 2 · Consolidated Authoritarian \
         Regime 1 · 4 with errors",
    );
}

#[test]
fn two_chapters_open_at_once_keep_their_own_edits_and_closing_asks_for_each() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    h.state_mut().emit(Action::OpenEditionChapter(dir.path().join("kazakhstan.ron")));
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Raise National Democratic Governance rating").click();
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"));

    // Back to the overview (Ctrl+Tab goes round: the overview is the first tab), then Georgia.
    press(&mut h, Modifiers::COMMAND, Key::Tab);
    assert!(h.state().overview_shown());
    click(&mut h, "Georgia — Country: Georgia");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().chapter_tabs(), 2);
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Lower Electoral Process rating").click();
    h.run();
    assert_eq!(rating(&h, "EP").as_deref(), Some("2.75"));
    assert_eq!(rating(&h, "NDG").as_deref(), Some("3.00"), "Georgia's own ratings");

    click(&mut h, "Kazakhstan 2024 •");
    assert_eq!(h.state().doc.chapter.country, "Kazakhstan");
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.50"), "its edit kept while it was parked");
    assert_eq!(rating(&h, "EP").as_deref(), Some("1.25"));
    h.state_mut().emit(Action::Undo);
    h.run();
    assert_eq!(rating(&h, "NDG").as_deref(), Some("1.25"), "each chapter has its own undo");
    h.state_mut().emit(Action::Redo);
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(h.state().doc.chapter.country, "Georgia");
    assert_eq!(rating(&h, "EP").as_deref(), Some("2.75"));

    // Closing the window asks about each chapter with unsaved changes, showing it.
    h.state_mut().emit(Action::Quit);
    h.run();
    assert!(matches!(h.state().view.dialog, Some(Dialog::Unsaved(_))));
    assert_eq!(h.state().doc.chapter.country, "Georgia");
    h.state_mut().emit(Action::Unsaved(UnsavedChoice::Save));
    settle(&mut h);
    assert!(matches!(h.state().view.dialog, Some(Dialog::Unsaved(_))), "then Kazakhstan is asked about");
    assert_eq!(h.state().doc.chapter.country, "Kazakhstan");
    let georgia = rapporteur::io::load(&dir.path().join("georgia.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(georgia.category("EP").and_then(|c| c.rating), Some(Rating::from_hundredths(275)));
    h.state_mut().emit(Action::Unsaved(UnsavedChoice::Discard));
    settle(&mut h);
    assert!(h.state().is_closing(), "the window closes once every chapter was asked about");
    let kz = rapporteur::io::load(&dir.path().join("kazakhstan.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kz.category("NDG").and_then(|c| c.rating), Some(Rating::from_hundredths(125)), "discarded");
}

#[test]
fn closing_a_tab_with_unsaved_changes_asks_first() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    h.state_mut().emit(Action::OpenEditionChapter(dir.path().join("estonia.ron")));
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Lower Civil Society rating").click();
    h.run();
    click(&mut h, "Close Estonia 2024");
    assert!(matches!(h.state().view.dialog, Some(Dialog::Unsaved(_))));
    h.get_by_label("Save your changes to this chapter before closing its tab?");
    click(&mut h, "Cancel");
    assert_eq!(h.state().chapter_tabs(), 1);
    click(&mut h, "Close Estonia 2024");
    click(&mut h, "Discard");
    assert_eq!(h.state().chapter_tabs(), 0);
    assert!(h.state().overview_shown());
}

#[test]
fn file_open_edition_asks_for_the_folder_and_shows_the_overview() {
    let dir = edition_dir();
    let mut h = crate::common::harness(crate::common::sample());
    // Unsaved work in the chapter open before.
    enter_rating(&mut h, "Corruption rating", "1.50");
    click(&mut h, "File");
    click(&mut h, "Open Edition… Ctrl+Shift+O");
    assert!(matches!(h.state().view.dialog, Some(Dialog::PathPrompt { .. })), "{:?}", h.state().view.dialog);
    type_into(&mut h, "Path:", &dir.path().to_string_lossy());
    press(&mut h, Modifiers::NONE, Key::Enter);
    settle(&mut h);
    assert!(h.state().overview_shown());
    assert_eq!(countries(&mut h), ["Kazakhstan", "Georgia", "Estonia"]);
    h.get_by_label("Estonia — Democracy Score: 6.00");
    // The chapter that was open stays open, unsaved work and all, in a tab of its own.
    assert_eq!(h.state().chapter_tabs(), 1);
    assert!(h.state().any_tab_unsaved());
}

#[test]
fn the_charts_view_draws_three_charts_and_saves_one_as_svg() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    click(&mut h, "Estonia — Country: Estonia");
    // The history is read in the background (it asks git): a spinner until it is there.
    h.get_by_label("Charts").click();
    h.run_steps(3);
    h.state_mut().wait_for_jobs();
    h.run();
    // Titled as the methodology names the figure; the history is the selected country's.
    for title in ["Nations in Transit 2024: Democracy Score", "Nations in Transit 2024: ratings"] {
        assert!(h.query_all_by_label(title).next().is_some(), "no chart titled {title}");
    }
    assert!(h.query_all_by_label("Estonia: Democracy Score, 2023–2024").next().is_some(), "the history chart");

    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let svg = out.path().join("scores.svg");
    h.get_by_label("Save the headline chart as SVG").click();
    h.run();
    type_into(&mut h, "Path:", &svg.to_string_lossy());
    press(&mut h, Modifiers::NONE, Key::Enter);
    settle(&mut h);
    let text = std::fs::read_to_string(&svg).unwrap_or_else(|e| panic!("{}: {e}", svg.display()));
    assert!(text.contains("<svg"), "{text}");
    // The bars, best first, each with its published figure.
    let estonia = text.find(">Estonia<").unwrap_or_else(|| panic!("{text}"));
    let georgia = text.find(">Georgia<").unwrap_or_else(|| panic!("{text}"));
    let kazakhstan = text.find(">Kazakhstan<").unwrap_or_else(|| panic!("{text}"));
    assert!(estonia < georgia && georgia < kazakhstan);
    assert!(text.contains(">6.00<") && text.contains(">3.00<") && text.contains(">1.29<"), "{text}");
}

#[test]
fn file_publish_edition_writes_the_site_and_says_what_was_left_out() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    let site = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = site.path().join("site");
    click(&mut h, "File");
    click(&mut h, "Publish Edition…");
    type_into(&mut h, "Path:", &out.to_string_lossy());
    press(&mut h, Modifiers::NONE, Key::Enter);
    settle(&mut h);
    let Some(Dialog::Notice { title, lines }) = h.state().view.dialog.clone() else {
        panic!("{:?}", h.state().view.dialog)
    };
    assert_eq!(title, "Edition published");
    // Kazakhstan's and Estonia's ratings moved and nobody said why: they wait.
    assert!(lines[0].starts_with("1 chapter published"), "{lines:?}");
    assert_eq!(lines[1], "2 chapters left out (publish them once their errors are settled):");
    assert!(lines[2].starts_with("kazakhstan.ron: 1 error: Local Democratic Governance rating declined"), "{lines:?}");
    assert!(lines[3].starts_with("estonia.ron: 7 errors: "), "{lines:?}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap_or_else(|e| panic!("{e}"));
    assert!(index.contains("Georgia") && !index.contains("Kazakhstan") && !index.contains("Estonia"));
    assert!(out.join("chapters/georgia.html").is_file());
    assert!(!out.join("chapters/estonia.html").exists());
}

#[test]
fn ctrl_o_with_an_edition_open_opens_the_chapter_in_a_new_tab() {
    let dir = edition_dir();
    let mut h = open(dir.path());
    click(&mut h, "Georgia — Country: Georgia");
    press(&mut h, Modifiers::NONE, Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().chapter_tabs(), 1);
    enter_rating(&mut h, "Corruption rating", "3.25");
    press(&mut h, Modifiers::COMMAND, Key::O);
    // No question about Georgia's unsaved rating: it stays open in its tab.
    assert!(matches!(h.state().view.dialog, Some(Dialog::PathPrompt { .. })), "{:?}", h.state().view.dialog);
    type_into(&mut h, "Path:", &dir.path().join("estonia.ron").to_string_lossy());
    press(&mut h, Modifiers::NONE, Key::Enter);
    settle(&mut h);
    assert_eq!(h.state().chapter_tabs(), 2);
    assert_eq!(h.state().doc.chapter.country, "Estonia");
    assert!(h.state().any_tab_unsaved(), "Georgia's rating is still there, unsaved");
    click(&mut h, "Georgia 2024 •");
    assert_eq!(h.state().doc.chapter.country, "Georgia");
    assert_eq!(rating(&h, "CO").as_deref(), Some("3.25"));
}

#[test]
fn the_start_page_opens_an_edition() {
    let dir = edition_dir();
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1400.0, 900.0])
        .build_eframe(|cc| RapporteurApp::start_page(&cc.egui_ctx).with_native_dialogs(false));
    h.run();
    click(&mut h, "Open an edition…");
    type_into(&mut h, "Path:", &dir.path().to_string_lossy());
    press(&mut h, Modifiers::NONE, Key::Enter);
    settle(&mut h);
    assert!(h.state().overview_shown());
    assert_eq!(h.state().chapter_tabs(), 0, "the start page's empty chapter is no tab");
    assert_eq!(countries(&mut h), ["Kazakhstan", "Georgia", "Estonia"]);
}
