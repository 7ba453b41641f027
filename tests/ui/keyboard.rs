//! The editor without a mouse: panes (F6), Tab from pane to pane, the menu bar (F10), the
//! context menu (Shift+F10), the footnote list, bullets moved with Alt+arrows, Help ▸ Keyboard
//! Shortcuts, zoom, the focus ring and the high-contrast theme — and one whole task done with
//! key events alone.
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use rapporteur::app::keys::{self, Pane};
use rapporteur::app::theme::{self, ThemeChoice};
use rapporteur::app::{Action, Dialog, PathPurpose, RapporteurApp, Tab, editor_id};

use crate::common::{MAX_STEPS, STEP, harness, sample, type_keys};

/// Presses a key with modifiers and lets the editor settle.
fn press(h: &mut Harness<'_, RapporteurApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// The accessible name of the control that has the keyboard focus (a label's: its words).
#[allow(clippy::redundant_closure_for_method_calls)] // the method's lifetime is too narrow for `predicate`
fn focused(h: &Harness<'_, RapporteurApp>) -> Option<String> {
    h.query(by().predicate(|n| n.is_focused()))
        .and_then(|n| n.accesskit_node().label().or_else(|| n.accesskit_node().value()))
}

fn pane(h: &Harness<'_, RapporteurApp>) -> Option<Pane> {
    h.state().focused_pane(&h.ctx)
}

#[test]
fn f6_walks_the_panes_and_comes_back_to_the_control_last_focused_there() {
    let mut h = harness(sample());
    assert_eq!(pane(&h), None, "nothing has the focus at start");
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(pane(&h), Some(Pane::Ratings));
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(pane(&h), Some(Pane::Main));
    assert_eq!(focused(&h).as_deref(), Some("Justification"), "the first control of the main area: its first tab");
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(pane(&h), Some(Pane::Findings));
    let first = focused(&h).unwrap_or_default();
    assert!(
        first.starts_with("Show errors"),
        "the first filter of the findings, not the panel's resize handle: {first}"
    );
    press(&mut h, Modifiers::SHIFT, Key::F6);
    assert_eq!(pane(&h), Some(Pane::Main));

    // The NDG rating is focused; F6 away and back lands on it again, not on the panel's first.
    h.get_by_label("National Democratic Governance rating").focus();
    h.run();
    assert_eq!(pane(&h), Some(Pane::Ratings));
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(pane(&h), Some(Pane::Main));
    press(&mut h, Modifiers::SHIFT, Key::F6);
    assert_eq!(focused(&h).as_deref(), Some("National Democratic Governance rating"));

    // The find bar joins the ring while it is open, first.
    press(&mut h, Modifiers::COMMAND, Key::F);
    assert_eq!(pane(&h), Some(Pane::FindBar));
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(focused(&h).as_deref(), Some("National Democratic Governance rating"));
    press(&mut h, Modifiers::SHIFT, Key::F6);
    assert_eq!(pane(&h), Some(Pane::FindBar));
}

#[test]
fn tab_goes_from_the_last_control_of_a_pane_to_the_first_of_the_next() {
    let mut h = harness(sample());
    // Into the main area, then back with Shift+Tab: the last control of the ratings, not of
    // the findings (which egui would draw before the main area).
    press(&mut h, Modifiers::NONE, Key::F6);
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(focused(&h).as_deref(), Some("Justification"));
    press(&mut h, Modifiers::SHIFT, Key::Tab);
    assert_eq!(pane(&h), Some(Pane::Ratings));
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Justification"));
    // Inside a pane, Tab follows the order things are drawn: the tabs one after the other.
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Chapter"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view.tab, Tab::Chapter, "Enter presses the focused tab");
}

#[test]
fn f10_opens_the_menus_arrows_walk_them_enter_chooses_escape_closes() {
    let mut h = harness(sample());
    press(&mut h, Modifiers::NONE, Key::F10);
    assert_eq!(focused(&h).as_deref(), Some("File"));
    assert!(h.query_by_label("Open… Ctrl+O").is_some(), "the File menu is open");
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(focused(&h).as_deref(), Some("New… Ctrl+N"));
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(focused(&h).as_deref(), Some("Open… Ctrl+O"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(
        matches!(h.state().view.dialog, Some(Dialog::PathPrompt { purpose: PathPurpose::Open, .. })),
        "{:?}",
        h.state().view.dialog
    );
    assert!(!egui::Popup::is_any_open(&h.ctx), "Enter closed the menu, as a click does");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().view.dialog, None);

    // Alt pressed and released alone opens it too; Escape closes it.
    h.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    h.run();
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    assert_eq!(focused(&h).as_deref(), Some("File"));
    assert!(h.query_by_label("Open… Ctrl+O").is_some(), "Alt alone opened the File menu");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label("Open… Ctrl+O").is_none());

    // → goes along the bar with the menu open; Escape closes it.
    press(&mut h, Modifiers::NONE, Key::F10);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(focused(&h).as_deref(), Some("Edit"));
    assert!(h.query_by_label("Find Ctrl+F").is_some(), "the Edit menu is open");
    assert!(h.query_by_label("Open… Ctrl+O").is_none(), "the File menu closed");
    press(&mut h, Modifiers::NONE, Key::ArrowLeft);
    press(&mut h, Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(focused(&h).as_deref(), Some("Help"), "← from the first menu wraps to the last");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label("Keyboard Shortcuts").is_none());
}

#[test]
fn arrows_typed_faster_than_frames_each_move_along_the_menu_bar() {
    let mut h = harness(sample());
    press(&mut h, Modifiers::NONE, Key::F10);
    // Three presses of → before the next frame (a fast typist, xdotool, a screen reader's
    // keys) go three menus along, not one.
    // (kittest gives each queued event a frame of its own, so these go in as one frame's input.)
    let in_one_frame = |h: &mut Harness<'_, RapporteurApp>, key: Key, times: usize| {
        for _ in 0..times {
            h.input_mut().events.push(egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
        h.run();
    };
    in_one_frame(&mut h, Key::ArrowRight, 3);
    assert_eq!(focused(&h).as_deref(), Some("View"));
    in_one_frame(&mut h, Key::ArrowLeft, 2);
    assert_eq!(focused(&h).as_deref(), Some("Edit"));
    press(&mut h, Modifiers::NONE, Key::Escape);
}

#[test]
fn help_lists_every_shortcut_of_the_table_and_every_fixed_key() {
    let mut h = harness(sample());
    // Reached from the keyboard: F10, ← to Help (the last menu), ↓ into it, Enter.
    press(&mut h, Modifiers::NONE, Key::F10);
    press(&mut h, Modifiers::NONE, Key::ArrowLeft);
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(focused(&h).as_deref(), Some("Keyboard Shortcuts"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view.dialog, Some(Dialog::Shortcuts));
    h.get_by_label("Keyboard shortcuts");
    // A label's words are its accessible value.
    let texts: Vec<String> =
        h.query_all(by().role(Role::Label).include_labels()).filter_map(|n| n.accesskit_node().value()).collect();
    // Each row of the dialog: the keys, then what they do, as two labels one after the other.
    let has_row = |keys: &str, does: &str| texts.windows(2).any(|w| w[0] == keys && w[1] == does);
    for (shortcut, action) in Action::shortcuts() {
        let keys = keys::shown(&h.ctx, &shortcut);
        let does = action.title().unwrap_or_else(|| panic!("{action:?} has no title"));
        assert!(has_row(&keys, does), "{keys} — {does} is not listed: {texts:?}");
    }
    for key in keys::FIXED {
        let shown: Vec<String> = key.keys.iter().map(|k| keys::shown(&h.ctx, k)).collect();
        assert!(has_row(&shown.join(" or "), key.does), "{shown:?} — {} is not listed", key.does);
    }
    assert!(has_row("Ctrl+S", "Save") && has_row("F6", keys::FIXED[2].does));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().view.dialog, None);
}

#[test]
fn zoom_keys_and_menu_change_the_zoom_and_egui_remembers_it() {
    let mut h = harness(sample());
    press(&mut h, Modifiers::COMMAND, Key::Equals);
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-4, "{}", h.ctx.zoom_factor());
    press(&mut h, Modifiers::COMMAND, Key::Plus);
    assert!((h.ctx.zoom_factor() - 1.2).abs() < 1e-4);
    press(&mut h, Modifiers::COMMAND, Key::Minus);
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-4);
    press(&mut h, Modifiers::COMMAND, Key::Num0);
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-4);
    assert!(!h.state().doc.is_dirty(), "zoom never touches the chapter");
    // The View menu has them, with their keys.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Zoom In Ctrl+=").click();
    h.run();
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-4);
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Zoom Out Ctrl+−");
    h.get_by_label("Actual Size (now 110 %) Ctrl+0");
    // eframe stores egui's memory between runs (`persist_egui_memory`), the zoom in it.
    let stored = ron::to_string(&h.ctx.memory(Clone::clone)).unwrap_or_else(|e| panic!("{e}"));
    let back: egui::Memory = ron::from_str(&stored).unwrap_or_else(|e| panic!("{e}"));
    assert!((back.options.zoom_factor - 1.1).abs() < 1e-4, "{}", back.options.zoom_factor);
}

#[test]
fn the_high_contrast_theme_is_chosen_in_the_view_menu_and_remembered() {
    let mut h = harness(sample());
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("High contrast").click();
    h.run();
    assert_eq!(h.state().prefs.theme, ThemeChoice::HighContrast);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    assert_eq!(h.ctx.global_style().visuals.panel_fill, egui::Color32::BLACK);
    let stored = ron::to_string(&h.state().prefs).unwrap_or_else(|e| panic!("{e}"));
    assert!(stored.contains("HighContrast"), "{stored}");
    // Dark again: egui's dark side is our dark theme, not the high-contrast one.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(h.ctx.global_style().visuals.panel_fill, theme::dark().panel_fill);
}

/// How many pixels of an RGBA image (`width` pixels a row) along the inside of `rect`'s left
/// and right edges (two points in) are within 40 of `colour` in each channel.
fn ring_pixels(rgba: &[u8], width: u32, rect: egui::Rect, colour: egui::Color32) -> usize {
    let want = colour.to_array();
    let near = |x: u32, y: u32| {
        let at = ((y * width + x) * 4) as usize;
        rgba.get(at..at + 3).is_some_and(|p| (0..3).all(|c| (i32::from(p[c]) - i32::from(want[c])).abs() <= 40))
    };
    let mut n = 0;
    for y in (rect.top() as u32 + 4)..(rect.bottom() as u32).saturating_sub(4) {
        for x in [rect.left() as u32, rect.left() as u32 + 1, rect.right() as u32 - 2, rect.right() as u32 - 1] {
            if near(x, y) {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn the_focused_button_has_a_ring_of_the_focus_colour_in_every_theme() {
    for choice in [ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::HighContrast] {
        let mut h = harness(sample());
        h.state_mut().emit(Action::SetTheme(choice));
        h.run();
        let button = h.get_by_label("Add bullet");
        let rect = button.rect();
        button.focus();
        h.run();
        assert_eq!(focused(&h).as_deref(), Some("Add bullet"));
        let visuals = h.ctx.global_style().visuals.clone();
        let image = h.render().unwrap_or_else(|e| panic!("{e}"));
        let ring = ring_pixels(image.as_raw(), image.width(), rect, theme::focus(&visuals));
        let rows = (rect.height() as usize).saturating_sub(8);
        assert!(ring >= rows * 2, "{choice:?}: {ring} ring pixels on {rows} rows of {rect:?}");
        // Not focused, the same button has none.
        press(&mut h, Modifiers::NONE, Key::Escape);
        h.hover_at(egui::pos2(2.0, 600.0));
        h.run();
        let image = h.render().unwrap_or_else(|e| panic!("{e}"));
        let idle = ring_pixels(image.as_raw(), image.width(), rect, theme::focus(&visuals));
        assert!(idle < rows, "{choice:?}: {idle} ring pixels without focus");
    }
}

#[test]
fn alt_arrows_move_the_bullet_being_edited_keep_its_focus_and_undo() {
    let mut h = harness(sample());
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    let ids: Vec<_> = h.state().doc.chapter.categories[4].bullets.iter().map(|b| b.id).collect();
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    fields[1].focus();
    h.run();
    press(&mut h, Modifiers::ALT, Key::ArrowUp);
    let now: Vec<_> = h.state().doc.chapter.categories[4].bullets.iter().map(|b| b.id).collect();
    assert_eq!(now, [ids[1], ids[0]]);
    assert_eq!(h.ctx.memory(egui::Memory::focused), Some(editor_id(ids[1])), "the moved bullet keeps the focus");
    assert!(!egui::Popup::is_any_open(&h.ctx), "Alt with a key is not Alt alone: no menu");
    // Typing goes on in it.
    type_keys(&mut h, "X");
    assert!(h.state().doc.chapter.categories[4].bullets[0].text.ends_with('X'));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let undone: Vec<_> = h.state().doc.chapter.categories[4].bullets.iter().map(|b| b.id).collect();
    assert_eq!(undone, ids, "the move is one undo step");

    // The drag handle, focused with Shift+Tab from the first bullet's text: ↓ moves that bullet
    // down, and the handle keeps the focus.
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    fields[0].focus();
    h.run();
    tab_until(&mut h, true, "the first handle", |h| focused(h).as_deref() == Some("Drag bullet 1"));
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    let moved: Vec<_> = h.state().doc.chapter.categories[4].bullets.iter().map(|b| b.id).collect();
    assert_eq!(moved, [ids[1], ids[0]]);
    assert_eq!(focused(&h).as_deref(), Some("Drag bullet 2"), "the handle moved with its bullet");
}

#[test]
fn shift_f10_opens_the_spelling_and_comment_menu_at_the_cursor() {
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(|cc| {
            RapporteurApp::from_chapter(&cc.egui_ctx, sample()).with_native_dialogs(false).with_spelling_ready()
        });
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    fields[0].focus();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::End);
    type_keys(&mut h, " Tokayev");
    let block = h.state().doc.chapter.categories[4].bullets[0].id;
    press(&mut h, Modifiers::SHIFT, Key::F10);
    h.get_by_label("Add to chapter dictionary");
    let first = focused(&h).unwrap_or_else(|| panic!("the focus is in the menu"));
    assert_ne!(first, "Add to chapter dictionary", "the first entry is a suggestion");
    // ↓ to "Add to chapter dictionary": after the suggestions.
    let suggestions = h.state().view.spell_menu.as_ref().map_or(0, |(_, _, s)| s.len());
    for _ in 0..suggestions {
        press(&mut h, Modifiers::NONE, Key::ArrowDown);
    }
    assert_eq!(focused(&h).as_deref(), Some("Add to chapter dictionary"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().doc.chapter.spelling.words, ["Tokayev"]);
    h.run();
    assert!(h.query_by_label("Add to chapter dictionary").is_none(), "the menu closed");
    assert_eq!(h.ctx.memory(egui::Memory::focused), Some(editor_id(block)), "back in the bullet");

    // The context key on a word spelt right: Comment alone; Escape closes, the focus comes back.
    h.key_press(Key::Menu);
    h.run();
    assert_eq!(focused(&h).as_deref(), Some("Comment Ctrl+Alt+M"));
    press(&mut h, Modifiers::NONE, Key::Escape);
    h.run();
    assert!(h.query_by_label("Comment Ctrl+Alt+M").is_none());
    assert_eq!(h.ctx.memory(egui::Memory::focused), Some(editor_id(block)));
    type_keys(&mut h, "s");
    assert!(h.state().doc.chapter.categories[4].bullets[0].text.ends_with("Tokayevs"));
    // ↑ from the first entry goes round to the last, Comment; Enter starts a comment on the
    // bullet in the review view.
    press(&mut h, Modifiers::SHIFT, Key::F10);
    press(&mut h, Modifiers::NONE, Key::ArrowUp);
    assert_eq!(focused(&h).as_deref(), Some("Comment Ctrl+Alt+M"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view.tab, Tab::Review);
    assert!(h.state().view.review.composer.is_some());
}

#[test]
fn the_footnote_list_takes_tab_and_escape_and_the_cursor_stays_in_the_bullet() {
    let mut h = harness(sample());
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    fields[0].focus();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::End);
    let block = h.state().doc.chapter.categories[4].bullets[0].id;
    type_keys(&mut h, " See[^");
    h.get_by_label("Footnote (↑ ↓, Enter)");
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert!(h.state().doc.chapter.categories[4].bullets[0].text.ends_with(" See[^2]"));
    assert_eq!(h.ctx.memory(egui::Memory::focused), Some(editor_id(block)), "Tab inserted, the cursor stayed");
    type_keys(&mut h, " and[^");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label("Footnote (↑ ↓, Enter)").is_none());
    assert_eq!(h.ctx.memory(egui::Memory::focused), Some(editor_id(block)), "Escape closed the list, not the field");
    type_keys(&mut h, "x");
    assert!(h.state().doc.chapter.categories[4].bullets[0].text.ends_with(" See[^2] and[^x"));
}

/// Presses Tab (or Shift+Tab) until `done` holds; at most 120 times.
fn tab_until(
    h: &mut Harness<'_, RapporteurApp>,
    back: bool,
    what: &str,
    done: impl Fn(&Harness<'_, RapporteurApp>) -> bool,
) {
    let modifiers = if back { Modifiers::SHIFT } else { Modifiers::NONE };
    for _ in 0..120 {
        if done(h) {
            return;
        }
        press(h, modifiers, Key::Tab);
    }
    panic!("Tab never reached {what}; the focus is on {:?}", focused(h));
}

/// The issue's task, with key events alone and no click: rate a category, write a bullet with a
/// new footnote, answer a reviewer's comment, save.
#[test]
fn a_whole_task_is_done_with_the_keyboard_alone() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("kazakhstan-2024-review.ron");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kazakhstan-2024-review.ron");
    std::fs::copy(&sample, &path).unwrap_or_else(|e| panic!("{e}"));
    let opened = path.clone();
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| RapporteurApp::from_path(&cc.egui_ctx, &opened).with_native_dialogs(false));
    h.run();
    let before = h.state().doc.chapter.clone();
    let ldg = before.categories.iter().position(|c| c.code == "LDG").unwrap_or_else(|| panic!("LDG"));
    assert_eq!(before.categories[ldg].rating.map(|r| r.to_string()).as_deref(), Some("1.50"));

    // 1. The ratings pane (F6), Tab to Local Democratic Governance, Enter selects it; Tab on to
    //    its rating, ↑ rates it a step up.
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(pane(&h), Some(Pane::Ratings));
    tab_until(&mut h, false, "the LDG name", |h| focused(h).as_deref() == Some("Local Democratic Governance"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view.category, ldg);
    tab_until(&mut h, false, "the LDG rating", |h| focused(h).as_deref() == Some("Local Democratic Governance rating"));
    press(&mut h, Modifiers::NONE, Key::ArrowUp);
    assert_eq!(h.state().doc.chapter.categories[ldg].rating.map(|r| r.to_string()).as_deref(), Some("1.75"));

    // 2. The main area (F6), Tab into LDG's first bullet; Ctrl+End, Ctrl+Enter for a new bullet
    //    after it; type it with a marker, and "New footnote…" from the footnote list (↑ goes
    //    round to it); the cursor lands in the new footnote's citation.
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(pane(&h), Some(Pane::Main));
    let first = before.categories[ldg].bullets[0].id;
    tab_until(&mut h, false, "LDG's first bullet", |h| h.ctx.memory(egui::Memory::focused) == Some(editor_id(first)));
    press(&mut h, Modifiers::COMMAND, Key::End);
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    type_keys(&mut h, "Councils lost their say over local budgets.[^");
    h.get_by_label("Footnote (↑ ↓, Enter)");
    press(&mut h, Modifiers::NONE, Key::ArrowUp);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view.tab, Tab::Footnotes);
    type_keys(&mut h, "Budget code amendments, 2023.");

    // 3. The Review menu (F10, → →, ↓ into it, Enter on Review View); the focus comes back to
    //    the main area (the citation it left is gone with the Footnotes tab, so to the area's
    //    first control); Tab to the reply field of the comment on LDG's rating; type the
    //    answer, Enter sends it.
    press(&mut h, Modifiers::NONE, Key::F10);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(focused(&h).as_deref(), Some("Review"));
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(focused(&h).as_deref(), Some("Review View"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view.tab, Tab::Review);
    assert_eq!(pane(&h), Some(Pane::Main));
    tab_until(&mut h, false, "the reply field", |h| focused(h).is_some_and(|f| f.starts_with("Reply to ")));
    type_keys(&mut h, "Added a sentence tying the pilot to the rating.");
    press(&mut h, Modifiers::NONE, Key::Enter);

    // 4. Ctrl+S saves to the file it came from.
    press(&mut h, Modifiers::COMMAND, Key::S);
    crate::common::settle(&mut h);
    assert!(!h.state().doc.is_dirty());

    let saved = rapporteur::io::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let category = &saved.categories[ldg];
    assert_eq!(category.rating.map(|r| r.to_string()).as_deref(), Some("1.75"), "the rating");
    assert_eq!(category.bullets.len(), before.categories[ldg].bullets.len() + 1);
    let label = (before.footnotes.len() + 1).to_string();
    assert_eq!(
        category.bullets[1].text,
        format!("Councils lost their say over local budgets.[^{label}]"),
        "the bullet"
    );
    let note = saved.footnotes.iter().find(|f| f.label == label).unwrap_or_else(|| panic!("footnote {label}"));
    assert_eq!(note.text, "Budget code amendments, 2023.", "the new footnote");
    let comment = saved
        .review
        .comments
        .iter()
        .find(|c| c.anchor == rapporteur::model::review::Anchor::Rating("LDG".into()))
        .unwrap_or_else(|| panic!("the comment on LDG's rating"));
    let before_replies = before.review.comments.iter().find(|c| c.id == comment.id).map_or(0, |c| c.replies.len());
    assert_eq!(comment.replies.len(), before_replies + 1);
    assert_eq!(
        comment.replies.last().map(|r| r.text.as_str()),
        Some("Added a sentence tying the pilot to the rating."),
        "the answer"
    );
}

#[test]
fn at_200_percent_on_1280_by_800_nothing_important_is_cut_off_or_overlaps() {
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| RapporteurApp::from_chapter(&cc.egui_ctx, sample()).with_native_dialogs(false));
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::Equals);
    for _ in 0..9 {
        press(&mut h, Modifiers::COMMAND, Key::Equals);
    }
    assert!((h.ctx.zoom_factor() - 2.0).abs() < 1e-4, "{}", h.ctx.zoom_factor());
    let window = h.ctx.content_rect();
    assert_eq!((window.width(), window.height()), (640.0, 400.0), "1280 × 800 pixels at 200 %");
    let inside = |r: egui::Rect| window.contains_rect(r);

    let card = h.get_by_label("Democracy Score 1.29 of 7").rect();
    assert!(inside(card), "the score card {card:?}");
    // One side panel beside the text at this width: the ratings; the status bar counts the
    // findings.
    assert!(h.query_by_label("Findings").is_none());
    h.get_by_label("1 error");
    // The tabs (the last of each name: the Review menu comes first).
    let tabs: Vec<egui::Rect> = ["Justification", "Chapter", "Footnotes", "Review"]
        .iter()
        .map(|t| h.get_all_by_label(t).last().unwrap_or_else(|| panic!("tab {t}")).rect())
        .collect();
    for (i, tab) in tabs.iter().enumerate() {
        assert!(inside(*tab), "tab {i} {tab:?}");
        assert!(tab.left() > card.right(), "tab {i} is beside the ratings, not under them");
        for other in &tabs[i + 1..] {
            assert!(!tab.intersects(*other), "tabs overlap: {tab:?} {other:?}");
        }
    }
    // Each rating, brought into view by the keyboard, is whole, in the ratings side, clear of
    // its − and + buttons.
    for code in ["NDG", "EP", "CS", "IM", "LDG", "JFI", "CO"] {
        let name = h.state().method().category(code).map_or(code, |c| c.name.as_str()).to_owned();
        let label = format!("{name} rating");
        tab_until(&mut h, false, &label, |h| focused(h).as_deref() == Some(label.as_str()));
        let field = h.get_by_label(&label).rect();
        assert!(inside(field), "{label} {field:?}");
        assert!(field.right() <= tabs[0].left(), "{label} is in the ratings side");
        for button in h.get_all_by_role(Role::Button).filter(|b| {
            b.accesskit_node().label().is_some_and(|l| l.starts_with("Raise ") || l.starts_with("Lower "))
                && b.rect().intersects(window)
        }) {
            assert!(!button.rect().intersects(field), "{label} is under a button");
        }
    }
    // Save, in the File menu.
    press(&mut h, Modifiers::NONE, Key::F10);
    let save = h.get_by_label("Save Ctrl+S").rect();
    assert!(inside(save), "Save {save:?}");
    assert!(inside(h.get_by_label("Quit Ctrl+Q").rect()), "the File menu fits");

    // View ▸ Findings Panel is not ticked while there is no room for it, and ticking it makes
    // room by hiding the ratings.
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    let toggled = |h: &Harness<'_, RapporteurApp>, label: &str| {
        h.get_by_role_and_label(Role::MenuItemCheckBox, label).accesskit_node().toggled()
    };
    assert_eq!(toggled(&h, "Findings Panel"), Some(egui::accesskit::Toggled::False));
    assert_eq!(toggled(&h, "Ratings Panel"), Some(egui::accesskit::Toggled::True));
    h.get_by_role_and_label(Role::MenuItemCheckBox, "Findings Panel").click();
    h.run();
    assert!(h.query_by_label("Findings").is_some(), "the findings panel is shown");
    assert!(h.query_by_label("Democracy Score 1.29 of 7").is_none(), "the ratings gave way");
}

#[test]
fn shift_f10_corrects_a_word_in_a_footnote_citation_too() {
    let mut c = sample();
    c.footnotes[0].text = "Council recrods, 2023.".into();
    let mut h =
        Harness::builder().with_step_dt(STEP).with_max_steps(MAX_STEPS).with_size([1400.0, 900.0]).build_eframe(|cc| {
            RapporteurApp::from_chapter(&cc.egui_ctx, c).with_native_dialogs(false).with_spelling_ready()
        });
    h.state_mut().emit(Action::ShowTab(Tab::Footnotes));
    h.run();
    h.get_all_by_value("Council recrods, 2023.")
        .find(|n| matches!(n.accesskit_node().role(), Role::TextInput | Role::MultilineTextInput))
        .unwrap_or_else(|| panic!("the citation's field"))
        .focus();
    h.run();
    let field = h.ctx.memory(egui::Memory::focused);
    assert!(field.is_some());
    // The cursor into "recrods": Home, then nine characters on ("Council r").
    press(&mut h, Modifiers::NONE, Key::Home);
    for _ in 0..9 {
        press(&mut h, Modifiers::NONE, Key::ArrowRight);
    }
    press(&mut h, Modifiers::SHIFT, Key::F10);
    let suggestions = h.state().view.spell_menu.as_ref().map(|(_, _, s)| s.clone()).unwrap_or_default();
    let at = suggestions.iter().position(|s| s == "records").unwrap_or_else(|| panic!("{suggestions:?}"));
    assert_eq!(focused(&h).as_deref(), suggestions.first().map(String::as_str), "the first suggestion");
    for _ in 0..at {
        press(&mut h, Modifiers::NONE, Key::ArrowDown);
    }
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().doc.chapter.footnotes[0].text, "Council records, 2023.");
    h.run();
    assert_eq!(h.ctx.memory(egui::Memory::focused), field, "back in the citation");
}

#[test]
fn tab_goes_through_a_long_list_of_bullets_one_by_one() {
    let mut c = sample();
    let bullets: Vec<_> = (1..=150).map(|n| c.new_block(format!("Bullet {n}: the council met."))).collect();
    let ids: Vec<_> = bullets.iter().map(|b| b.id).collect();
    c.category_mut("LDG").unwrap_or_else(|| panic!("LDG")).bullets = bullets;
    let mut h = harness(c);
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    fields[0].focus();
    h.run();
    // Each row: its drag handle, ▲ ▼ [^] × and then its text, so six Tabs from one text to the
    // next, far past the first screen, and six Shift+Tabs back.
    for (n, id) in ids.iter().enumerate().take(40).skip(1) {
        for _ in 0..6 {
            press(&mut h, Modifiers::NONE, Key::Tab);
        }
        assert_eq!(h.ctx.memory(egui::Memory::focused), Some(editor_id(*id)), "bullet {} after Tab", n + 1);
    }
    for (n, id) in ids.iter().enumerate().take(39).skip(30).rev() {
        for _ in 0..6 {
            press(&mut h, Modifiers::SHIFT, Key::Tab);
        }
        assert_eq!(h.ctx.memory(egui::Memory::focused), Some(editor_id(*id)), "bullet {} after Shift+Tab", n + 1);
    }
}

#[test]
fn the_footnote_button_of_a_bullet_works_from_the_keyboard() {
    let mut h = harness(sample());
    h.state_mut().emit(Action::SelectCategory(4));
    h.run();
    let fields: Vec<_> = h.get_all_by_role(Role::MultilineTextInput).collect();
    fields[0].focus();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::End);
    // Tab to the first bullet's footnote button (its row's controls come after its text).
    tab_until(&mut h, true, "the footnote button", |h| focused(h).as_deref() == Some("Insert footnote in bullet 1"));
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(focused(&h).as_deref(), Some("New footnote…"));
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(focused(&h).as_deref(), Some("[^1] Council records, 2023."));
    press(&mut h, Modifiers::NONE, Key::ArrowDown);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(!egui::Popup::is_any_open(&h.ctx), "Enter closed the menu");
    let text = &h.state().doc.chapter.categories[4].bullets[0].text;
    assert!(text.ends_with("without debate.[^1][^2]"), "{text}");
}
