//! What the UI tests share: the sample chapter, a harness on it, and typing and clicking as a
//! person does.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rapporteur::Methodology;
use rapporteur::app::RapporteurApp;
use rapporteur::model::{Chapter, Footnote, Rating};

/// Seconds between frames: a fast typist's pace, so that a burst of typing is one undo step
/// as it is for a person (kittest's default, a quarter of a second, is a slow typist's).
pub const STEP: f32 = 1.0 / 30.0;

/// How many frames `Harness::run` waits for the editor to settle. An action is applied after
/// the frame that made it and shown in the next (no frame is drawn twice), so going to a
/// finding far down a long list takes a few frames: the jump, the scroll, the field focused.
pub const MAX_STEPS: u64 = 8;

/// The seed's ratings (Kazakhstan 2024): all 1.25 but LDG 1.50; last year LDG was 1.75.
pub fn sample() -> Chapter {
    let method = Methodology::nit_2020();
    let mut c = Chapter::new(&method, "Kazakhstan", 2024);
    let now = [125, 125, 125, 125, 150, 125, 125];
    let last = [125, 125, 125, 125, 175, 125, 125];
    for (i, entry) in c.categories.iter_mut().enumerate() {
        entry.rating = Some(Rating::from_hundredths(now[i]));
        entry.last_year = Some(Rating::from_hundredths(last[i]));
    }
    let b1 = c.new_block("Local councils (maslikhats) met rarely and approved budgets without debate.[^1]");
    let b2 = c.new_block("District akims were elected directly in a pilot, under close supervision.[^2]");
    let n1 = c.new_id();
    let n2 = c.new_id();
    c.footnotes = vec![
        Footnote { id: n1, label: "1".into(), text: "Council records, 2023.".into(), url: None, accessed: None },
        Footnote {
            id: n2,
            label: "2".into(),
            text: "Election commission report.".into(),
            url: Some("https://example.org/report".into()),
            accessed: None,
        },
    ];
    c.category_mut("LDG").unwrap_or_else(|| panic!("LDG exists")).bullets = vec![b1, b2];
    let summary = c.new_block("A one-party parliament and a constrained press shaped the year.");
    *c.text_mut("executive_summary") = vec![summary];
    c
}

pub fn harness(chapter: Chapter) -> Harness<'static, RapporteurApp> {
    let mut h = Harness::builder()
        .with_step_dt(STEP)
        .with_max_steps(MAX_STEPS)
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| RapporteurApp::from_chapter(&cc.egui_ctx, chapter).with_native_dialogs(false));
    h.run();
    h
}

/// Waits for what the editor runs in the background (saves, autosaves, exports, reading the
/// file on disk) and draws the frames that show it.
pub fn settle(h: &mut Harness<'_, RapporteurApp>) {
    // Actions emitted from the test are applied, and their jobs started, in a frame.
    h.run();
    h.state_mut().wait_for_jobs();
    h.run();
}

/// Clicks the widget labelled `label` and lets the app settle.
pub fn click(h: &mut Harness<'_, RapporteurApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Whether a widget is shown disabled (greyed out).
pub fn disabled(node: &egui_kittest::Node<'_>) -> bool {
    node.accesskit_node().is_disabled()
}

pub fn rating(h: &Harness<'_, RapporteurApp>, code: &str) -> Option<String> {
    h.state().doc.chapter.category(code).and_then(|c| c.rating).map(|r| r.to_string())
}

/// The key a person presses for `ch`, where egui has one.
pub fn key_for(ch: char) -> Option<Key> {
    match ch {
        ' ' => Some(Key::Space),
        ',' => Some(Key::Comma),
        '.' => Some(Key::Period),
        '-' => Some(Key::Minus),
        '/' => Some(Key::Slash),
        ';' => Some(Key::Semicolon),
        '[' => Some(Key::OpenBracket),
        ']' => Some(Key::CloseBracket),
        c if c.is_ascii_alphanumeric() => Key::from_name(&c.to_ascii_uppercase().to_string()),
        _ => None,
    }
}

/// Types `text` into the focused field as a person does: for every character a key press, the
/// character it types and the key's release, each its own frame. (kittest's `type_text` sends
/// the whole string as one event, which hides bugs of fields rebuilt between keys.)
pub fn type_keys(h: &mut Harness<'_, RapporteurApp>, text: &str) {
    for ch in text.chars() {
        let key = key_for(ch);
        if let Some(key) = key {
            h.event(egui::Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
        h.event(egui::Event::Text(ch.to_string()));
        h.run();
        if let Some(key) = key {
            h.event(egui::Event::Key {
                key,
                physical_key: None,
                pressed: false,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
            h.run();
        }
    }
}

/// Focuses the field labelled `label` and types `text` into it key by key.
pub fn type_into(h: &mut Harness<'_, RapporteurApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    type_keys(h, text);
}

pub fn select_all_and_type(h: &mut Harness<'_, RapporteurApp>, label: &str, text: &str) {
    click(h, label);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(h, text);
}

/// Types `text` over the field labelled `label` key by key and presses Enter, as a person
/// enters a rating.
pub fn enter_rating(h: &mut Harness<'_, RapporteurApp>, label: &str, text: &str) {
    select_all_and_type(h, label, text);
    h.key_press(Key::Enter);
    h.run();
}

/// Puts the cursor at the end of the `n`th multi-line field on screen (bullets, paragraphs).
pub fn end_of_field(h: &mut Harness<'_, RapporteurApp>, n: usize) {
    let fields: Vec<_> = h.get_all_by_role(egui::accesskit::Role::MultilineTextInput).collect();
    fields.get(n).unwrap_or_else(|| panic!("no field {n}: {} on screen", fields.len())).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run();
}
