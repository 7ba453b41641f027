//! Text fields whose model value is a normalised form of what is typed: the authors (parsed
//! into names), a footnote's label and URL (trimmed).
//!
//! Rebuilding such a field from the model every frame eats what the person is typing (a space
//! that trimming drops, a comma that splitting drops). So while the field has the focus it
//! shows the text as typed, kept in the view; every change still reaches the model at once,
//! through the same [`Action::EditText`]; once the focus leaves, the field shows the model's
//! form again.

use egui::{Response, TextEdit, Ui};

use super::{Action, TextField, ViewState};

/// A one-line field for `field`, whose model value reads `model`. `style` sets the field's
/// id, hint and width.
pub fn normalised_line(
    ui: &mut Ui,
    view: &mut ViewState,
    out: &mut Vec<Action>,
    field: &TextField,
    model: &str,
    style: impl FnOnce(TextEdit<'_>) -> TextEdit<'_>,
) -> Response {
    let mut text = view.field_buffers.get(field).cloned().unwrap_or_else(|| model.to_owned());
    let response = ui.add(style(TextEdit::singleline(&mut text)));
    if response.changed() {
        view.field_buffers.insert(field.clone(), text.clone());
        out.push(Action::EditText { field: field.clone(), text });
    } else if !response.has_focus() {
        view.field_buffers.remove(field);
    }
    response
}
