//! The clipboard as the editor sees it: what other programs paste arrives as plain text in the
//! field's shape, a pasted marker is a marker, a paste or a cut is one undo step of its own, and
//! Ctrl+C and Ctrl+X hand the selected words to the system clipboard. (`tests/window.rs` checks
//! the same with a real X11 clipboard and `xclip`.)

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use rapporteur::app::RapporteurApp;
use rapporteur::findings::Code;

use crate::common::{click, end_of_field, harness, sample, type_keys};

fn first_ldg_bullet(h: &Harness<'_, RapporteurApp>) -> String {
    h.state().doc.chapter.category("LDG").map(|c| c.bullets[0].text.clone()).unwrap_or_default()
}

fn copied(h: &Harness<'_, RapporteurApp>) -> Vec<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_paste_is_plain_text_a_marker_and_one_undo_step_between_typing() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    let original = first_ldg_bullet(&h);
    end_of_field(&mut h, 0);
    type_keys(&mut h, " Also");
    // As a browser puts it on the clipboard: Windows line breaks, a stray NUL, a new marker.
    h.event(Event::Paste("\r\nthe budget law\u{0} passed.[^9]".to_owned()));
    h.run();
    type_keys(&mut h, " End");
    let expected = format!("{original} Also\nthe budget law passed.[^9] End");
    assert_eq!(first_ldg_bullet(&h), expected);

    // The pasted [^9] is a marker like a typed one: it cites a footnote that does not exist.
    let missing: Vec<_> = h
        .state()
        .derived()
        .findings()
        .iter()
        .filter(|f| f.code == Code::FootnoteMissing)
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("[^9]"), "{missing:?}");

    // Three steps: the typing after, the paste, the typing before.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(first_ldg_bullet(&h), format!("{original} Also\nthe budget law passed.[^9]"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(first_ldg_bullet(&h), format!("{original} Also"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(first_ldg_bullet(&h), original);
}

#[test]
fn a_single_line_field_takes_a_pasted_paragraph_on_one_line() {
    let mut h = harness(sample());
    click(&mut h, "Chapter");
    click(&mut h, "Country");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(Event::Paste("Republic of\r\nKazakhstan".to_owned()));
    h.run();
    assert_eq!(h.state().doc.chapter.country, "Republic of Kazakhstan");
}

#[test]
fn copy_and_cut_hand_the_selection_to_the_clipboard_and_cut_is_one_step() {
    let mut h = harness(sample());
    click(&mut h, "Local Democratic Governance");
    let original = first_ldg_bullet(&h);
    end_of_field(&mut h, 0);
    // Select the last word and its marker: "debate.[^1]" is 11 characters.
    for _ in 0..11 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    }
    h.run();
    h.event(Event::Copy);
    h.step();
    assert_eq!(copied(&h), vec!["debate.[^1]".to_owned()]);
    h.run();
    assert_eq!(first_ldg_bullet(&h), original, "copying changes nothing");

    h.event(Event::Cut);
    h.step();
    assert_eq!(copied(&h), vec!["debate.[^1]".to_owned()]);
    h.run();
    let cut = original.trim_end_matches("debate.[^1]").to_owned();
    assert_eq!(first_ldg_bullet(&h), cut);
    type_keys(&mut h, "talk.");
    assert_eq!(first_ldg_bullet(&h), format!("{cut}talk."));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(first_ldg_bullet(&h), cut, "the typing after the cut is its own step");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(first_ldg_bullet(&h), original);
}
