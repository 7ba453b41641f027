//! The system clipboard. eframe (its `clipboard` feature) carries Ctrl+C, Ctrl+X and Ctrl+V to
//! and from other programs, on X11 and Wayland, as plain text; this module makes what arrives
//! fit our fields before any widget sees it, and says when a frame pasted or cut, so that the
//! edit is one undo step of its own rather than part of a burst of typing.
//!
//! A pasted `[^n]` is text like any other: the marker scanner reads it as it reads a typed one.

/// Line and paragraph breaks other programs put on the clipboard, as one `\n` each; other
/// control characters (a PDF viewer's form feeds, NULs) dropped; tabs kept. Single-line
/// fields turn the remaining breaks into spaces themselves (egui's `TextEdit`).
#[must_use]
pub fn plain_text(pasted: &str) -> String {
    let mut out = String::with_capacity(pasted.len());
    let mut chars = pasted.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// While a text field has the keyboard focus, no label keeps a selection of its own: egui lets
/// a clicked label's text stay selected and follow Shift+arrows, so Ctrl+C would put the label's
/// words on the clipboard after the field's (the last copy wins). Copy takes what the field
/// shows selected, as in any editor.
pub(super) fn one_selection(ctx: &egui::Context) {
    let field_focused =
        ctx.memory(egui::Memory::focused).is_some_and(|id| egui::text_edit::TextEditState::load(ctx, id).is_some());
    if field_focused {
        let plugin = ctx.plugin::<egui::text_selection::LabelSelectionState>();
        let mut labels = plugin.lock();
        if labels.has_selection() {
            labels.clear_selection();
        }
    }
}

/// Tidies this frame's pasted text in place (see [`plain_text`]) and tells whether the frame
/// pastes or cuts, the two clipboard events that change a field.
pub(super) fn tidy_input(ctx: &egui::Context) -> bool {
    ctx.input_mut(|input| {
        let mut edits = false;
        for event in &mut input.events {
            match event {
                egui::Event::Paste(text) => {
                    let plain = plain_text(text);
                    if plain != *text {
                        *text = plain;
                    }
                    edits = true;
                }
                egui::Event::Cut => edits = true,
                _ => {}
            }
        }
        edits
    })
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn windows_and_old_mac_breaks_become_one_newline() {
        assert_eq!(plain_text("one\r\ntwo\rthree\nfour"), "one\ntwo\nthree\nfour");
        assert_eq!(plain_text("para\u{2029}line\u{2028}end"), "para\nline\nend");
    }

    #[test]
    fn control_characters_go_and_text_stays() {
        assert_eq!(plain_text("a\u{0}b\u{7}c\td\u{0C}e"), "abc\td\ne");
        assert_eq!(plain_text("Tokayev\u{a0}[^12] — Әділет"), "Tokayev\u{a0}[^12] — Әділет");
    }
}
